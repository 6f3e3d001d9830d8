import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactTable, RowData } from '@tanstack/react-table';
import type { ReactNode } from 'react';
import { DataTable } from './DataTable';
import { Pager } from './Pager';
import { Empty, ErrorState, Loading } from './QueryState';
import type { ServerTableFeatures } from './table';

interface ListPanelProps<TData extends RowData> {
  /** `totalIsLowerBound`: the server stopped counting ("10,000+"). */
  result: UseQueryResult<{ items: TData[]; total: number; totalIsLowerBound?: boolean }>;
  table: ReactTable<ServerTableFeatures, TData, unknown>;
  /** Plural noun of the rows: "orders", "notifications". */
  noun: string;
  /** Whether filters narrow the list, to word the empty state. */
  filtered: boolean;
  /** What a click on a row opens; without it rows are not clickable (their links and controls still work). */
  onRowClick?: (row: TData) => void;
  renderExpanded?: (row: TData) => ReactNode;
}

/** A server-paged list with its loading, error and empty states; the previous page stays visible while the next loads. */
export function ListPanel<TData extends RowData>({ result, table, noun, filtered, onRowClick, renderExpanded }: ListPanelProps<TData>) {
  if (result.isPending) return <Loading label={`Loading ${noun}…`} />;
  if (result.error && !result.data) return <ErrorState error={result.error} title={`Could not load the ${noun}`} />;
  return (
    <section className="panel">
      {result.error && <ErrorState error={result.error} title={`Could not refresh the ${noun}`} />}
      {result.data?.items.length === 0 ? (
        <Empty>
          {result.data.total > 0 ? (
            <>
              This page is past the end of the list.{' '}
              <button type="button" className="button button-link" onClick={() => table.firstPage()}>
                Go to the first page
              </button>
            </>
          ) : filtered ? (
            `No ${noun} match these filters.`
          ) : (
            `No ${noun} yet.`
          )}
        </Empty>
      ) : (
        <DataTable table={table} caption={noun} busy={result.isPlaceholderData} onRowClick={onRowClick} renderExpanded={renderExpanded} />
      )}
      <Pager table={table} noun={noun} totalIsLowerBound={result.data?.totalIsLowerBound} />
    </section>
  );
}
