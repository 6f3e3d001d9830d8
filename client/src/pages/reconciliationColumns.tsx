import { createColumnHelper } from '@tanstack/react-table';
import { useEffect, useRef } from 'react';
import { brandLabel } from '../../../shared/brands';
import { DISCREPANCY_LABELS, type Discrepancy } from '../../../shared/discrepancies';
import { PSP_LABELS } from '../../../shared/psp';
import { Badge } from '../components/Badge';
import { EvidenceLinks, Handling } from '../components/DiscrepancyDetails';
import { Link } from '../components/Link';
import type { ServerTableFeatures } from '../components/table';
import { formatDate, formatMoney, formatTime } from '../format';
import { DISCREPANCY_STATUS_LABELS, DISCREPANCY_STATUS_TONES } from '../labels';

const helper = createColumnHelper<ServerTableFeatures, Discrepancy>();

/** Whether someone may still act on a discrepancy: resolved and closed ones are done. */
export function isActive(d: Discrepancy): boolean {
  return d.status === 'open' || d.status === 'acknowledged';
}

/** A checkbox that can show "some ticked" (a DOM property only, so set after render). */
function TriStateCheckbox({ checked, indeterminate, disabled, label, onChange }: { checked: boolean; indeterminate: boolean; disabled: boolean; label: string; onChange: (event: unknown) => void }) {
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (ref.current) ref.current.indeterminate = indeterminate && !checked;
  }, [indeterminate, checked]);
  return <input ref={ref} type="checkbox" aria-label={label} checked={checked} disabled={disabled} onChange={onChange} />;
}

export interface QueueActions {
  /** Rows can be ticked for a bulk acknowledgement: an agent (or above) looking at open ones. */
  selectable: boolean;
  /** A Resolve button on each active row: an agent (or above) looking at active ones. */
  resolvable: boolean;
  resolve: (discrepancy: Discrepancy) => void;
}

/** The reconciliation queue, as data. The API lists the newest first and offers no other order. */
export function reconciliationColumns({ selectable, resolvable, resolve }: QueueActions) {
  const select = helper.display({
    id: 'select',
    meta: { className: 'col-select' },
    header: ({ table }) => (
      <TriStateCheckbox
        label="Select every open discrepancy of this page"
        checked={table.getIsAllPageRowsSelected()}
        indeterminate={table.getIsSomePageRowsSelected()}
        disabled={!table.getRowModel().rows.some((row) => row.getCanSelect())}
        onChange={table.getToggleAllPageRowsSelectedHandler()}
      />
    ),
    cell: ({ row }) => (
      <input
        type="checkbox"
        aria-label={`Select discrepancy ${row.original.id}`}
        title={row.getCanSelect() ? undefined : `Already ${row.original.status}`}
        checked={row.getIsSelected()}
        disabled={!row.getCanSelect()}
        onChange={row.getToggleSelectedHandler()}
      />
    ),
  });
  const actions = helper.display({
    id: 'actions',
    header: () => <span className="visually-hidden">Actions</span>,
    meta: { className: 'col-actions' },
    cell: ({ row }) =>
      isActive(row.original) ? (
        <button type="button" className="button button-small" aria-label={`Resolve discrepancy ${row.original.id}`} onClick={() => resolve(row.original)}>
          Resolve
        </button>
      ) : null,
  });
  const columns = helper.columns([
    helper.accessor('openedAt', {
      header: 'Opened',
      meta: { className: 'col-date' },
      cell: (info) => (
        <>
          {formatDate(info.getValue())}
          <span className="secondary">{formatTime(info.getValue())}</span>
        </>
      ),
    }),
    helper.accessor('type', {
      header: 'Type',
      meta: { className: 'col-type' },
      cell: (info) => <span className="discrepancy-type">{DISCREPANCY_LABELS[info.getValue()]}</span>,
    }),
    // The part is named by its brand (the part key of some PSPs is a long token, shown shortened).
    helper.accessor('orderReference', {
      header: 'Order / part',
      meta: { className: 'col-order' },
      cell: (info) => {
        const d = info.row.original;
        return (
          <>
            <Link href={`/orders/${d.orderId}`} className="strong-link nowrap" data-testid="discrepancy-order">
              {info.getValue() ?? `Order #${d.orderId}`}
            </Link>
            <span className="secondary part-line">
              {d.brand ? (
                <span className="chip" title={d.brand} data-testid="discrepancy-brand">
                  {brandLabel(d.brand)}
                </span>
              ) : (
                !d.partKey && 'Whole order'
              )}
            </span>
            {d.partKey && (
              <code className="secondary part-key" title={d.partKey}>
                {d.partKey}
              </code>
            )}
          </>
        );
      },
    }),
    helper.accessor('psp', {
      header: 'PSP / account',
      meta: { className: 'col-nowrap' },
      cell: (info) => (
        <>
          {PSP_LABELS[info.getValue()]}
          <span className="secondary">{info.row.original.accountId}</span>
        </>
      ),
    }),
    helper.accessor('amount', {
      header: 'At stake',
      meta: { align: 'end', className: 'col-money' },
      cell: (info) => <span className={`amount${info.getValue() === 0 ? ' amount-zero' : ''}`}>{formatMoney(info.getValue(), info.row.original.currency)}</span>,
    }),
    helper.accessor('reason', {
      header: 'Reason',
      meta: { className: 'col-reason' },
      cell: (info) => <span data-testid="discrepancy-reason">{info.getValue()}</span>,
    }),
    helper.accessor('status', {
      header: 'Status',
      meta: { className: 'col-status col-handling' },
      cell: (info) => (
        <>
          <Badge tone={DISCREPANCY_STATUS_TONES[info.getValue()]}>
            <span data-testid="discrepancy-status">{DISCREPANCY_STATUS_LABELS[info.getValue()]}</span>
          </Badge>
          <Handling discrepancy={info.row.original} />
        </>
      ),
    }),
    helper.accessor('evidence', {
      header: 'Evidence',
      meta: { className: 'col-evidence' },
      cell: (info) => <EvidenceLinks evidence={info.getValue()} />,
    }),
  ]);
  return [...(selectable ? [select] : []), ...columns, ...(resolvable ? [actions] : [])];
}
