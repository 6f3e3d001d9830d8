import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { functionalUpdate, useTable } from '@tanstack/react-table';
import { useEffect, useMemo } from 'react';
import type { InboxSummary } from '../../../shared/api';
import { api, queryKeys } from '../api';
import { rememberListUrl } from '../back-links';
import { InboxFilters } from '../components/InboxFilters';
import { ListPanel } from '../components/ListPanel';
import { ErrorState } from '../components/QueryState';
import { serverTableFeatures } from '../components/table';
import { useDocumentTitle } from '../document-title';
import { navigate, useLocation, withSearch } from '../router';
import { paginationOf, paginationParams } from '../url-query';
import { inboxColumns } from './inboxColumns';
import { INBOX_FILTER_KEYS, inboxQueryFromUrl, type InboxFilterKey } from './inboxUrl';
import { PageHeader } from '../components/PageHeader';

const NO_ITEMS: InboxSummary[] = [];
const NO_ACCOUNTS = [] as const;

export function InboxPage() {
  useDocumentTitle('Inbox');
  const location = useLocation();
  // Filters and page live in the URL; everything below derives from it.
  const query = useMemo(() => inboxQueryFromUrl(location.search), [location.search]);
  useEffect(() => rememberListUrl('inbox', location.href), [location.href]);
  const inbox = useQuery({ queryKey: queryKeys.inbox(query), queryFn: () => api.inbox(query), placeholderData: keepPreviousData });
  const accounts = useQuery({ queryKey: queryKeys.accounts, queryFn: api.accounts, staleTime: Infinity });

  const pagination = useMemo(() => paginationOf(query), [query]);
  const go = (changes: Record<string, string | undefined>) => navigate(withSearch(location, changes));
  const table = useTable({
    features: serverTableFeatures,
    columns: inboxColumns,
    data: inbox.data?.items ?? NO_ITEMS,
    getRowId: (item) => String(item.id),
    rowCount: inbox.data?.total ?? 0,
    manualPagination: true,
    autoResetPageIndex: false,
    // The API lists the newest first and offers no other order.
    enableSorting: false,
    state: { pagination },
    onPaginationChange: (updater) => go(paginationParams(pagination, functionalUpdate(updater, pagination))),
  });

  const filtered = INBOX_FILTER_KEYS.some((key) => query[key] !== undefined);
  const changeFilters = (changes: Partial<Record<InboxFilterKey, string>>) => go({ ...changes, page: undefined });
  const clearFilters = () => go({ ...Object.fromEntries(INBOX_FILTER_KEYS.map((key) => [key, undefined])), page: undefined });

  return (
    <div className="page">
      <PageHeader title="Inbox" subtitle="Every notification the PSPs sent, as received, with its signature check and what it did." />
      <InboxFilters query={query} accounts={accounts.data?.items ?? NO_ACCOUNTS} onChange={changeFilters} onClear={filtered ? clearFilters : null} />
      {accounts.error && <ErrorState error={accounts.error} title="Could not load the accounts for the filter" />}
      <ListPanel result={inbox} table={table} noun="notifications" filtered={filtered} onRowClick={(item) => navigate(`/inbox/${item.id}`)} />
    </div>
  );
}
