import type { ReactTable, RowData } from '@tanstack/react-table';
import { Fragment, type MouseEvent, type ReactNode } from 'react';
import type { ColumnMeta, ServerTableFeatures } from './table';

interface DataTableProps<TData extends RowData> {
  table: ReactTable<ServerTableFeatures, TData, unknown>;
  caption: string;
  onRowClick?: (row: TData) => void;
  /** The rows are dimmed while the next page is being fetched. */
  busy?: boolean;
  /** What an expanded row shows below itself, across the whole table. */
  renderExpanded?: (row: TData) => ReactNode;
}

const SORT_ARIA = { asc: 'ascending', desc: 'descending' } as const;

function cellClass(meta: ColumnMeta | undefined): string | undefined {
  return [meta?.align === 'end' ? 'align-end' : '', meta?.className ?? ''].join(' ').trim() || undefined;
}

/** Renders a server-driven TanStack table: sortable headers are buttons, rows open their record. */
export function DataTable<TData extends RowData>({ table, caption, onRowClick, busy = false, renderExpanded }: DataTableProps<TData>) {
  return (
    <div className="table-wrap">
      <table className={`data-table${busy ? ' is-busy' : ''}`} aria-busy={busy}>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => {
                const sorted = header.column.getIsSorted();
                return (
                  <th key={header.id} scope="col" className={cellClass(header.column.columnDef.meta)} aria-sort={sorted ? SORT_ARIA[sorted] : undefined}>
                    {header.isPlaceholder ? null : header.column.getCanSort() ? (
                      <button type="button" className={`sort-button${sorted ? ' is-sorted' : ''}`} onClick={header.column.getToggleSortingHandler()}>
                        <table.FlexRender header={header} />
                        <span className="sort-indicator" aria-hidden="true">
                          {sorted === 'asc' ? '▲' : sorted === 'desc' ? '▼' : '↕'}
                        </span>
                      </button>
                    ) : (
                      <table.FlexRender header={header} />
                    )}
                  </th>
                );
              })}
            </tr>
          ))}
        </thead>
        <tbody>
          {table.getRowModel().rows.map((row) => {
            const expanded = renderExpanded && row.getIsExpanded();
            return (
              <Fragment key={row.id}>
                <tr
                  className={[onRowClick ? 'is-clickable' : '', expanded ? 'is-expanded' : '', row.getIsSelected() ? 'is-selected' : ''].join(' ').trim() || undefined}
                  onClick={onRowClick ? (event) => openUnlessControl(event, () => onRowClick(row.original)) : undefined}
                >
                  {row.getAllCells().map((cell) => (
                    <td key={cell.id} className={cellClass(cell.column.columnDef.meta)}>
                      <table.FlexRender cell={cell} />
                    </td>
                  ))}
                </tr>
                {expanded && (
                  <tr className="row-expansion">
                    <td colSpan={row.getAllCells().length}>{renderExpanded(row.original)}</td>
                  </tr>
                )}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** A click on a link or button inside the row does its own thing; anywhere else opens the row. */
function openUnlessControl(event: MouseEvent, open: () => void): void {
  if ((event.target as Element).closest('a, button, input, select')) return;
  if (window.getSelection()?.toString()) return;
  open();
}
