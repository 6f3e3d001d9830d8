import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { functionalUpdate, useTable } from '@tanstack/react-table';
import { useEffect, useMemo } from 'react';
import type { ImportSummary } from '../../../shared/api-imports';
import { api, queryKeys } from '../api';
import { rememberListUrl } from '../back-links';
import { ImportFilters } from '../components/ImportFilters';
import { ImportUpload } from '../components/ImportUpload';
import { ListPanel } from '../components/ListPanel';
import { PageHeader } from '../components/PageHeader';
import { ErrorState } from '../components/QueryState';
import { serverTableFeatures } from '../components/table';
import { useDocumentTitle } from '../document-title';
import { isRunning } from '../import-status';
import { can, requiredRole } from '../permissions';
import { navigate, useLocation, withSearch } from '../router';
import { useMe } from '../session';
import { paginationOf, paginationParams } from '../url-query';
import { importColumns } from './importColumns';
import { IMPORT_FILTER_KEYS, importsQueryFromUrl, type ImportFilterKey } from './importsUrl';

const NO_IMPORTS: ImportSummary[] = [];
const NO_ACCOUNTS = [] as const;
/** The history is refreshed this often while one of its imports is still running. */
const HISTORY_POLL_MS = 1000;

export function ImportsPage() {
  useDocumentTitle('Imports');
  const location = useLocation();
  const canUpload = can(useMe().role, 'imports.upload');
  // Filters and page live in the URL; everything below derives from it.
  const query = useMemo(() => importsQueryFromUrl(location.search), [location.search]);
  useEffect(() => rememberListUrl('imports', location.href), [location.href]);
  const imports = useQuery({
    queryKey: queryKeys.imports(query),
    queryFn: () => api.imports(query),
    placeholderData: keepPreviousData,
    refetchInterval: (q) => (q.state.data?.items.some((item) => isRunning(item.status)) ? HISTORY_POLL_MS : false),
  });
  const accounts = useQuery({ queryKey: queryKeys.accounts, queryFn: api.accounts, staleTime: Infinity });

  const pagination = useMemo(() => paginationOf(query), [query]);
  const go = (changes: Record<string, string | undefined>) => navigate(withSearch(location, changes));
  const table = useTable({
    features: serverTableFeatures,
    columns: importColumns,
    data: imports.data?.items ?? NO_IMPORTS,
    getRowId: (item) => String(item.id),
    rowCount: imports.data?.total ?? 0,
    manualPagination: true,
    autoResetPageIndex: false,
    // The API lists the newest first and offers no other order.
    enableSorting: false,
    state: { pagination },
    onPaginationChange: (updater) => go(paginationParams(pagination, functionalUpdate(updater, pagination))),
  });

  const filtered = IMPORT_FILTER_KEYS.some((key) => query[key] !== undefined);
  const changeFilters = (changes: Partial<Record<ImportFilterKey, string>>) => go({ ...changes, page: undefined });
  const clearFilters = () => go({ ...Object.fromEntries(IMPORT_FILTER_KEYS.map((key) => [key, undefined])), page: undefined });

  return (
    <div className="page">
      <PageHeader title="Imports" subtitle="PSP report files: each one stored as received, checked row by row, then applied whole or refused with its errors." />
      {canUpload ? (
        <ImportUpload />
      ) : (
        <p className="callout callout-info" data-testid="import-denied">
          Importing a report file needs the {requiredRole('imports.upload')} role; you can follow every import below.
        </p>
      )}
      <h2 className="section-title">History</h2>
      <ImportFilters query={query} accounts={accounts.data?.items ?? NO_ACCOUNTS} onChange={changeFilters} onClear={filtered ? clearFilters : null} />
      {accounts.error && <ErrorState error={accounts.error} title="Could not load the accounts for the filter" />}
      <div className="import-history">
        <ListPanel result={imports} table={table} noun="imports" filtered={filtered} onRowClick={(item) => navigate(`/imports/${item.id}`)} />
      </div>
    </div>
  );
}
