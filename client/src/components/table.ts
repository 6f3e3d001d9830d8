import { metaHelper, rowExpandingFeature, rowPaginationFeature, rowSelectionFeature, rowSortingFeature, tableFeatures } from '@tanstack/react-table';

export interface ColumnMeta {
  /** Numbers are right-aligned so digits line up. */
  align?: 'end';
  /** Extra class for the column's cells (width, wrapping). */
  className?: string;
}

/**
 * Features of the server-driven tables: sorting and paging state live in the URL and the API does the
 * work (manualSorting, manualPagination), so no client row models are registered. Expanding opens a
 * row's details below it (no sub-rows, so no expanded row model either). Selection ticks rows of the
 * page shown for a bulk action (the reconciliation queue); a table without a checkbox column ignores it.
 */
export const serverTableFeatures = tableFeatures({
  rowSortingFeature,
  rowPaginationFeature,
  rowExpandingFeature,
  rowSelectionFeature,
  columnMeta: metaHelper<ColumnMeta>(),
});
export type ServerTableFeatures = typeof serverTableFeatures;
