import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { functionalUpdate, useTable, type RowSelectionState } from '@tanstack/react-table';
import { useEffect, useMemo, useState } from 'react';
import type { Discrepancy } from '../../../shared/discrepancies';
import { api, queryKeys } from '../api';
import { DiscrepancySummary } from '../components/DiscrepancySummary';
import { ListPanel } from '../components/ListPanel';
import { PageHeader } from '../components/PageHeader';
import { ErrorState } from '../components/QueryState';
import { ReconciliationFilters } from '../components/ReconciliationFilters';
import { ResolveDialog } from '../components/ResolveDialog';
import { serverTableFeatures } from '../components/table';
import { useDocumentTitle } from '../document-title';
import { formatCount } from '../format';
import { can, requiredRole } from '../permissions';
import { navigate, useLocation, withSearch } from '../router';
import { useMe } from '../session';
import { paginationOf, paginationParams } from '../url-query';
import { reconciliationColumns } from './reconciliationColumns';
import { isFiltered, RECONCILIATION_FILTER_KEYS, reconciliationQueryFromUrl, type ReconciliationFilterKey } from './reconciliationUrl';

const NO_ITEMS: Discrepancy[] = [];
const NO_ACCOUNTS = [] as const;
const NO_SELECTION: RowSelectionState = {};

const orders = (n: number) => `${formatCount(n)} order${n === 1 ? '' : 's'}`;
const discrepancies = (n: number) => `${formatCount(n)} ${n === 1 ? 'discrepancy' : 'discrepancies'}`;

export function ReconciliationPage() {
  useDocumentTitle('Reconciliation');
  const location = useLocation();
  const role = useMe().role;
  const canHandle = can(role, 'reconciliation.handle');
  const canRun = can(role, 'reconciliation.run');
  const queryClient = useQueryClient();
  // Filters and page live in the URL; everything below derives from it.
  const query = useMemo(() => reconciliationQueryFromUrl(location.search), [location.search]);
  const queue = useQuery({ queryKey: queryKeys.discrepancies(query), queryFn: () => api.discrepancies(query), placeholderData: keepPreviousData });
  const accounts = useQuery({ queryKey: queryKeys.accounts, queryFn: api.accounts, staleTime: Infinity });

  // The ticked rows belong to the page shown: another page or filter starts with none.
  const [selection, setSelection] = useState<RowSelectionState>(NO_SELECTION);
  const [resolving, setResolving] = useState<Discrepancy | null>(null);

  const refresh = () => queryClient.invalidateQueries({ queryKey: queryKeys.discrepanciesAll });
  const acknowledge = useMutation({
    mutationFn: (ids: number[]) => api.acknowledgeDiscrepancies({ ids }),
    onSuccess: async () => {
      setSelection(NO_SELECTION);
      await refresh();
    },
  });
  const { reset: resetAcknowledge } = acknowledge;
  useEffect(() => {
    setSelection(NO_SELECTION);
    resetAcknowledge();
  }, [query, resetAcknowledge]);
  const reconcile = useMutation({ mutationFn: api.reconcileAll, onSuccess: refresh });

  // Resolved and closed discrepancies are history: nothing to tick or resolve among them.
  const selectable = canHandle && (query.status === 'active' || query.status === 'open');
  const resolvable = canHandle && query.status !== 'resolved' && query.status !== 'closed';
  const columns = useMemo(() => reconciliationColumns({ selectable, resolvable, resolve: setResolving }), [selectable, resolvable]);
  const pagination = useMemo(() => paginationOf(query), [query]);
  const go = (changes: Record<string, string | undefined>) => navigate(withSearch(location, changes));
  const table = useTable({
    features: serverTableFeatures,
    columns,
    data: queue.data?.items ?? NO_ITEMS,
    getRowId: (d) => String(d.id),
    rowCount: queue.data?.total ?? 0,
    manualPagination: true,
    autoResetPageIndex: false,
    // The API lists the newest first and offers no other order.
    enableSorting: false,
    // Only what nobody has taken yet is acknowledged; acknowledging again would only change who.
    enableRowSelection: (row) => selectable && row.original.status === 'open',
    state: { pagination, rowSelection: selection },
    onRowSelectionChange: (updater) => setSelection((current) => functionalUpdate(updater, current)),
    onPaginationChange: (updater) => go(paginationParams(pagination, functionalUpdate(updater, pagination))),
  });

  const selectedIds = (queue.data?.items ?? NO_ITEMS).filter((d) => selection[String(d.id)] && d.status === 'open').map((d) => d.id);
  const filtered = isFiltered(query);
  const changeFilters = (changes: Partial<Record<ReconciliationFilterKey, string>>) => go({ ...changes, page: undefined });
  const clearFilters = () => go({ ...Object.fromEntries(RECONCILIATION_FILTER_KEYS.map((key) => [key, undefined])), page: undefined });
  const orderReference = query.orderId !== undefined ? queue.data?.items.find((d) => d.orderId === query.orderId)?.orderReference : undefined;

  return (
    <div className="page">
      <PageHeader
        title="Reconciliation"
        subtitle={
          <>
            Where the notifications, the PSP reports and our own operations disagree.
            {queue.data && ` ${formatCount(queue.data.total)} ${filtered ? 'matching' : 'active (open or acknowledged)'}.`}
          </>
        }
      >
        {canRun && (
          <button type="button" className="button" disabled={reconcile.isPending} onClick={() => reconcile.mutate()} title="Reconcile every order again, not only those that changed">
            {reconcile.isPending ? 'Reconciling every order…' : 'Run full reconciliation'}
          </button>
        )}
      </PageHeader>
      {reconcile.data && (
        <p className="callout callout-info" role="status" data-testid="reconcile-result">
          Full reconciliation done: {orders(reconcile.data.orders)} checked, {formatCount(reconcile.data.opened)} opened, {formatCount(reconcile.data.closed)} closed.
        </p>
      )}
      {reconcile.error && <ErrorState error={reconcile.error} title="The full reconciliation did not run" />}
      {!canHandle && (
        <p className="callout callout-info" data-testid="handle-denied">
          Acknowledging and resolving discrepancies needs the {requiredRole('reconciliation.handle')} role; you can follow the queue below.
        </p>
      )}

      <DiscrepancySummary query={query} history={query.status === 'resolved' || query.status === 'closed'} hrefFor={(type) => withSearch(location, { type, page: undefined })} />
      <ReconciliationFilters query={query} accounts={accounts.data?.items ?? NO_ACCOUNTS} onChange={changeFilters} onClear={filtered ? clearFilters : null} />
      {accounts.error && <ErrorState error={accounts.error} title="Could not load the accounts for the filter" />}
      {query.orderId !== undefined && (
        <p className="filter-note" data-testid="order-filter">
          Only the discrepancies of order <strong>{orderReference ?? `#${query.orderId}`}</strong>.{' '}
          <button type="button" className="button button-link" onClick={() => changeFilters({ orderId: undefined })}>
            Show every order
          </button>
        </p>
      )}

      {selectable && (
        <div className="bulk-bar" data-testid="bulk-bar">
          <span className={selectedIds.length === 0 ? 'muted' : undefined} data-testid="selected-count">
            {selectedIds.length === 0 ? 'Tick open discrepancies to acknowledge them together.' : `${discrepancies(selectedIds.length)} selected`}
          </span>
          <button type="button" className="button button-primary" disabled={selectedIds.length === 0 || acknowledge.isPending} onClick={() => acknowledge.mutate(selectedIds)}>
            {acknowledge.isPending ? 'Acknowledging…' : 'Acknowledge selected'}
          </button>
          {acknowledge.data && !acknowledge.isPending && (
            <span className="muted" role="status">
              {discrepancies(acknowledge.data.acknowledged)} acknowledged.
            </span>
          )}
        </div>
      )}
      {acknowledge.error && <ErrorState error={acknowledge.error} title="Nothing was acknowledged" />}

      <div className="recon-queue">
        <ListPanel result={queue} table={table} noun="discrepancies" filtered={filtered} />
      </div>

      {resolving && (
        <ResolveDialog
          discrepancy={resolving}
          onClose={() => setResolving(null)}
          onDone={async () => {
            await refresh();
            setResolving(null);
          }}
        />
      )}
    </div>
  );
}
