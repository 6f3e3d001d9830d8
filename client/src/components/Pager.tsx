import type { ReactTable, RowData } from '@tanstack/react-table';
import { formatCount } from '../format';
import type { ServerTableFeatures } from './table';

const PAGE_SIZES = [25, 50, 100, 200] as const;

interface PagerProps<TData extends RowData> {
  table: ReactTable<ServerTableFeatures, TData, unknown>;
  /** Plural noun of what is counted: "orders", "notifications". */
  noun: string;
  /** The API stopped counting (`totalIsLowerBound`): the total and the page count are "at least". */
  totalIsLowerBound?: boolean;
}

/** Total count, page size choice and previous/next, driven by the table's (URL-owned) pagination state. */
export function Pager<TData extends RowData>({ table, noun, totalIsLowerBound = false }: PagerProps<TData>) {
  const { pageIndex, pageSize } = table.atoms.pagination.get();
  const total = table.getRowCount();
  const shown = table.getRowModel().rows.length;
  const first = shown === 0 ? 0 : pageIndex * pageSize + 1;
  const last = shown === 0 ? 0 : pageIndex * pageSize + shown;
  const more = totalIsLowerBound ? '+' : '';
  const sizes = (PAGE_SIZES as readonly number[]).includes(pageSize) ? PAGE_SIZES : [...PAGE_SIZES, pageSize].sort((a, b) => a - b);
  return (
    <nav className="pager" aria-label="Pages">
      <p className="pager-range">
        {formatCount(first)}–{formatCount(last)} of <strong data-testid="total-count">{formatCount(total)}{more}</strong> {noun}
      </p>
      <label className="pager-size">
        Rows per page
        <select value={pageSize} onChange={(e) => table.setPageSize(Number(e.target.value))}>
          {sizes.map((size) => (
            <option key={size} value={size}>
              {size}
            </option>
          ))}
        </select>
      </label>
      <div className="pager-buttons">
        <button type="button" className="button" disabled={!table.getCanPreviousPage()} onClick={() => table.previousPage()}>
          ‹ Previous
        </button>
        <span className="pager-page">
          Page {formatCount(pageIndex + 1)} of {formatCount(Math.max(table.getPageCount(), 1))}{more}
        </span>
        <button type="button" className="button" disabled={!table.getCanNextPage()} onClick={() => table.nextPage()}>
          Next ›
        </button>
      </div>
    </nav>
  );
}
