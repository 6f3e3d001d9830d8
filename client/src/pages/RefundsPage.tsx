import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { functionalUpdate, useTable } from '@tanstack/react-table';
import { useMemo, useState } from 'react';
import type { Operation } from '../../../shared/api-operations';
import { api, operationsFileUrl, queryKeys } from '../api';
import { DecisionDialog, type Decision } from '../components/DecisionDialog';
import { ListPanel } from '../components/ListPanel';
import { OperationStateTabs } from '../components/OperationStateTabs';
import { PageHeader } from '../components/PageHeader';
import { ErrorState } from '../components/QueryState';
import { RefundFilters } from '../components/RefundFilters';
import { serverTableFeatures } from '../components/table';
import { useDocumentTitle } from '../document-title';
import { formatCount } from '../format';
import { navigate, useLocation, withSearch } from '../router';
import { paginationOf, paginationParams } from '../url-query';
import { refundsColumns } from './refundsColumns';
import { REFUND_FILTER_KEYS, refundsQueryFromUrl, type RefundFilterKey } from './refundsUrl';

const NO_ITEMS: Operation[] = [];
const NO_ACCOUNTS = [] as const;

/** Every refund, cancel, capture and validation asked from the product, by state, with the approvals to give. */
export function RefundsPage() {
  useDocumentTitle('Refunds');
  const location = useLocation();
  // Filters, state tab and page live in the URL; everything below derives from it.
  const query = useMemo(() => refundsQueryFromUrl(location.search), [location.search]);
  const list = useQuery({ queryKey: queryKeys.operations(query), queryFn: () => api.operations(query), placeholderData: keepPreviousData });
  const accounts = useQuery({ queryKey: queryKeys.accounts, queryFn: api.accounts, staleTime: Infinity });
  const [deciding, setDeciding] = useState<Decision | null>(null);

  const columns = useMemo(() => refundsColumns({ onDecide: setDeciding }), []);
  const pagination = useMemo(() => paginationOf(query), [query]);
  const go = (changes: Record<string, string | undefined>) => navigate(withSearch(location, changes));
  const table = useTable({
    features: serverTableFeatures,
    columns,
    data: list.data?.items ?? NO_ITEMS,
    getRowId: (op) => String(op.id),
    rowCount: list.data?.total ?? 0,
    manualPagination: true,
    autoResetPageIndex: false,
    // The API lists the newest first and offers no other order.
    enableSorting: false,
    state: { pagination },
    onPaginationChange: (updater) => go(paginationParams(pagination, functionalUpdate(updater, pagination))),
  });

  // The state is a tab, not a filter: "no match" wording and "Clear filters" leave it alone.
  const filtered = REFUND_FILTER_KEYS.some((key) => key !== 'state' && query[key] !== undefined);
  const changeFilters = (changes: Partial<Record<RefundFilterKey, string>>) => go({ ...changes, page: undefined });
  const clearFilters = () => go({ ...Object.fromEntries(REFUND_FILTER_KEYS.filter((key) => key !== 'state').map((key) => [key, undefined])), page: undefined });
  const orderReference = query.orderId !== undefined ? list.data?.items.find((op) => op.orderId === query.orderId)?.orderReference : undefined;
  const awaiting = list.data?.counts.awaiting_approval ?? 0;

  return (
    <div className="page">
      <PageHeader
        title="Refunds"
        subtitle={
          <>
            Refunds, cancels, captures and validations asked from Split Recon, and what the PSPs answered.
            {awaiting > 0 && ` ${formatCount(awaiting)} waiting for a supervisor.`}
          </>
        }
      >
        {/* What the filters let through, every page: for matching refunds with bank statements. */}
        <div className="export-links">
          <a className="button" href={operationsFileUrl(query, 'xlsx', 'fr')} download data-testid="operations-xlsx">
            Export Excel
          </a>
          <a className="button" href={operationsFileUrl(query, 'csv', 'fr')} download data-testid="operations-csv">
            Export CSV
          </a>
        </div>
      </PageHeader>
      <OperationStateTabs counts={list.data?.counts} current={query.state} hrefFor={(state) => withSearch(location, { state, page: undefined })} />
      <RefundFilters query={query} accounts={accounts.data?.items ?? NO_ACCOUNTS} onChange={changeFilters} onClear={filtered ? clearFilters : null} />
      {accounts.error && <ErrorState error={accounts.error} title="Could not load the accounts for the filter" />}
      {query.orderId !== undefined && (
        <p className="filter-note" data-testid="order-filter">
          Only the operations of order <strong>{orderReference ?? `#${query.orderId}`}</strong>.{' '}
          <button type="button" className="button button-link" onClick={() => changeFilters({ orderId: undefined })}>
            Show every order
          </button>
        </p>
      )}
      <div className="refunds-list">
        <ListPanel result={list} table={table} noun="operations" filtered={filtered || query.state !== undefined} />
      </div>
      {deciding && <DecisionDialog decision={deciding} onClose={() => setDeciding(null)} />}
    </div>
  );
}
