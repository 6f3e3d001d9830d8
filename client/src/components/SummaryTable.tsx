import { metaHelper, tableFeatures, type ReactTable, type Row, type RowData } from '@tanstack/react-table';
import type { ColumnMeta } from './table';

/** Features of the report tables: every row is on screen and in the server's order, so no sorting or paging. */
export const summaryTableFeatures = tableFeatures({ columnMeta: metaHelper<ColumnMeta>() });
export type SummaryTableFeatures = typeof summaryTableFeatures;

interface SummaryTableProps<TData extends RowData> {
  table: ReactTable<SummaryTableFeatures, TData, unknown>;
  caption: string;
  /** Rows that total the table go to its footer. */
  isTotal: (row: TData) => boolean;
  /** A class for a body row (a subtotal, the first row of a group). */
  rowClass?: (row: TData) => string | undefined;
  testId?: string;
}

function cellClass(meta: ColumnMeta | undefined): string | undefined {
  return [meta?.align === 'end' ? 'align-end' : '', meta?.className ?? ''].join(' ').trim() || undefined;
}

/** A figures table read as a whole: its groups and subtotals in the body, its totals in the footer. */
export function SummaryTable<TData extends RowData>({ table, caption, isTotal, rowClass, testId }: SummaryTableProps<TData>) {
  const rows = table.getRowModel().rows;
  const line = (row: Row<SummaryTableFeatures, TData>, className?: string) => (
    <tr key={row.id} className={className}>
      {row.getAllCells().map((cell) => (
        <td key={cell.id} className={cellClass(cell.column.columnDef.meta)}>
          <table.FlexRender cell={cell} />
        </td>
      ))}
    </tr>
  );
  const footer = rows.filter((row) => isTotal(row.original));
  return (
    <div className="table-wrap">
      <table className="data-table summary-table" data-testid={testId}>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => (
                <th key={header.id} scope="col" className={cellClass(header.column.columnDef.meta)}>
                  {header.isPlaceholder ? null : <table.FlexRender header={header} />}
                </th>
              ))}
            </tr>
          ))}
        </thead>
        <tbody>{rows.filter((row) => !isTotal(row.original)).map((row) => line(row, rowClass?.(row.original)))}</tbody>
        {footer.length > 0 && <tfoot>{footer.map((row) => line(row, 'is-total'))}</tfoot>}
      </table>
    </div>
  );
}
