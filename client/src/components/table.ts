import { metaHelper, rowExpandingFeature, rowPaginationFeature, rowSortingFeature, tableFeatures } from '@tanstack/react-table';

export interface ColumnMeta {
  /** Numbers are right-aligned so digits line up. */
  align?: 'end';
  /** Extra class for the column's cells (width, wrapping). */
  className?: string;
}

/**
 * Features of the server-driven tables: sorting and paging state live in the URL and the API does the
 * work (manualSorting, manualPagination), so no client row models are registered. Expanding opens a
 * row's details below it (no sub-rows, so no expanded row model either).
 */
export const serverTableFeatures = tableFeatures({
  rowSortingFeature,
  rowPaginationFeature,
  rowExpandingFeature,
  columnMeta: metaHelper<ColumnMeta>(),
});
export type ServerTableFeatures = typeof serverTableFeatures;
