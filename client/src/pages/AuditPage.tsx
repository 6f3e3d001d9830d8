import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { functionalUpdate, useTable } from '@tanstack/react-table';
import { useMemo } from 'react';
import type { AuditEntry } from '../../../shared/api-auth';
import { api, queryKeys } from '../api';
import { AuditDiff } from '../components/AuditDiff';
import { AuditFilters } from '../components/AuditFilters';
import { ListPanel } from '../components/ListPanel';
import { serverTableFeatures } from '../components/table';
import { useDocumentTitle } from '../document-title';
import { navigate, useLocation, withSearch } from '../router';
import { paginationOf, paginationParams } from '../url-query';
import { auditColumns } from './auditColumns';
import { AUDIT_FILTER_KEYS, auditQueryFromUrl, type AuditFilterKey } from './auditUrl';
import { PageHeader } from '../components/PageHeader';

const NO_ENTRIES: AuditEntry[] = [];

export function AuditPage() {
  useDocumentTitle('Audit');
  const location = useLocation();
  // Filters and page live in the URL; everything below derives from it.
  const query = useMemo(() => auditQueryFromUrl(location.search), [location.search]);
  const audit = useQuery({ queryKey: queryKeys.audit(query), queryFn: () => api.audit(query), placeholderData: keepPreviousData });

  const pagination = useMemo(() => paginationOf(query), [query]);
  const go = (changes: Record<string, string | undefined>) => navigate(withSearch(location, changes));
  const table = useTable({
    features: serverTableFeatures,
    columns: auditColumns,
    data: audit.data?.items ?? NO_ENTRIES,
    getRowId: (entry) => String(entry.id),
    getRowCanExpand: (row) => row.original.before !== null || row.original.after !== null,
    rowCount: audit.data?.total ?? 0,
    manualPagination: true,
    autoResetPageIndex: false,
    // The API lists the newest first and offers no other order.
    enableSorting: false,
    state: { pagination },
    onPaginationChange: (updater) => go(paginationParams(pagination, functionalUpdate(updater, pagination))),
  });

  const filtered = AUDIT_FILTER_KEYS.some((key) => query[key] !== undefined);
  const changeFilters = (changes: Record<AuditFilterKey, string>) => go({ ...changes, page: undefined });
  const clearFilters = () => go({ ...Object.fromEntries(AUDIT_FILTER_KEYS.map((key) => [key, undefined])), page: undefined });
  const toggle = (entry: AuditEntry) => {
    const row = table.getRow(String(entry.id));
    if (row.getCanExpand()) row.toggleExpanded();
  };

  return (
    <div className="page">
      <PageHeader title="Audit" subtitle="Who did what, on which object, when and from where; newest first. Nothing in it can be changed or deleted." />
      <AuditFilters query={query} onChange={changeFilters} onClear={filtered ? clearFilters : null} />
      <ListPanel result={audit} table={table} noun="audit entries" filtered={filtered} onRowClick={toggle} renderExpanded={(entry) => <AuditDiff entry={entry} />} />
    </div>
  );
}
