import { createColumnHelper } from '@tanstack/react-table';
import { OPERATION_STATE_LABELS, type Operation } from '../../../shared/api-operations';
import { brandLabel } from '../../../shared/brands';
import { PSP_LABELS } from '../../../shared/psp';
import { Badge } from '../components/Badge';
import type { Decision } from '../components/DecisionDialog';
import { KindTag } from '../components/KindTag';
import { Link } from '../components/Link';
import { OperationActions } from '../components/OperationActions';
import { pspAnswer } from '../components/OperationOutcome';
import { PersonName } from '../components/PersonName';
import type { ServerTableFeatures } from '../components/table';
import { formatDate, formatDateTime, formatMoney, formatTime } from '../format';
import { OPERATION_LABELS, OPERATION_STATE_TONES } from '../labels';

const helper = createColumnHelper<ServerTableFeatures, Operation>();

/** The operations list, as data. The API lists the newest first and offers no other order. */
export function refundsColumns({ onDecide }: { onDecide: (decision: Decision) => void }) {
  return helper.columns([
    helper.accessor('createdAt', {
      header: 'Asked',
      meta: { className: 'col-person' },
      cell: (info) => (
        <>
          <span className="nowrap">
            {formatDate(info.getValue())} <span className="muted">{formatTime(info.getValue())}</span>
          </span>
          <span className="secondary">
            by <PersonName person={info.row.original.requestedBy} />
          </span>
        </>
      ),
    }),
    helper.accessor('orderReference', {
      header: 'Order / part',
      meta: { className: 'col-order' },
      cell: (info) => {
        const op = info.row.original;
        return (
          <>
            <Link href={`/orders/${op.orderId}`} className="strong-link nowrap" data-testid="operation-order">
              {info.getValue() ?? `Order #${op.orderId}`}
            </Link>
            <span className="secondary part-line nowrap">
              <KindTag kind={op.partKind} /> {brandLabel(op.brand)}
            </span>
            <span className="secondary">
              {PSP_LABELS[op.psp]} · {op.accountId}
            </span>
          </>
        );
      },
    }),
    helper.accessor('type', {
      header: 'Operation',
      cell: (info) => OPERATION_LABELS[info.getValue()],
    }),
    helper.accessor('amount', {
      header: 'Amount',
      meta: { align: 'end', className: 'col-money' },
      cell: (info) => (
        <>
          <span className="amount">{formatMoney(info.getValue(), info.row.original.currency)}</span>
          {info.row.original.overInitial && <span className="secondary">beyond the initial amount</span>}
        </>
      ),
    }),
    helper.accessor('state', {
      header: 'State',
      meta: { className: 'col-status' },
      cell: (info) => (
        <>
          <Badge tone={OPERATION_STATE_TONES[info.getValue()]}>
            <span data-testid="operation-state">{OPERATION_STATE_LABELS[info.getValue()]}</span>
          </Badge>
          {info.row.original.approvalReason && info.getValue() === 'awaiting_approval' && <span className="secondary">{info.row.original.approvalReason}</span>}
          {info.row.original.resolution && <span className="secondary">{info.row.original.resolution}</span>}
        </>
      ),
    }),
    helper.accessor('reason', {
      header: 'Reason',
      meta: { className: 'col-reason' },
    }),
    helper.accessor(pspAnswer, {
      id: 'pspAnswer',
      header: 'PSP answer',
      meta: { className: 'col-psp-answer' },
      cell: (info) => (info.getValue() ? <span data-testid="operation-psp-answer">{info.getValue()}</span> : <span className="muted">—</span>),
    }),
    helper.accessor((op) => op.decidedBy?.label ?? null, {
      id: 'decidedBy',
      header: 'Decided by',
      meta: { className: 'col-person' },
      cell: (info) => {
        const op = info.row.original;
        if (!op.decidedBy) return <span className="muted">—</span>;
        return (
          <>
            <PersonName person={op.decidedBy} />
            <span className="secondary">{formatDateTime(op.decidedAt)}</span>
            {op.decisionNote && <q className="secondary">{op.decisionNote}</q>}
          </>
        );
      },
    }),
    helper.display({
      id: 'actions',
      header: () => <span className="visually-hidden">Actions</span>,
      meta: { className: 'col-actions' },
      cell: ({ row }) => <OperationActions operation={row.original} onDecide={onDecide} />,
    }),
  ]);
}
