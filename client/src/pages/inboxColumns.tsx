import { createColumnHelper } from '@tanstack/react-table';
import type { InboxSummary } from '../../../shared/api';
import { Badge } from '../components/Badge';
import { Link } from '../components/Link';
import type { ServerTableFeatures } from '../components/table';
import { formatCount, formatDateTime } from '../format';
import { OUTCOME_LABELS, OUTCOME_TONES, pspLabel, VERIFICATION_LABELS, VERIFICATION_TONES } from '../labels';

const helper = createColumnHelper<ServerTableFeatures, InboxSummary>();

/** The Inbox table, as data. */
export const inboxColumns = helper.columns([
  helper.accessor('id', {
    header: '#',
    cell: (info) => (
      <Link href={`/inbox/${info.getValue()}`} className="strong-link">
        #{info.getValue()}
      </Link>
    ),
  }),
  helper.accessor('receivedAt', {
    header: 'Received',
    meta: { className: 'col-date' },
    cell: (info) => formatDateTime(info.getValue()),
  }),
  helper.accessor('psp', {
    header: 'PSP / account',
    meta: { className: 'col-nowrap' },
    cell: (info) => (
      <>
        {pspLabel(info.getValue())}
        <span className="secondary">{info.row.original.accountId}</span>
      </>
    ),
  }),
  // The path is /ipn/<psp>/<account>, already shown; the detail page has it in full.
  helper.accessor('method', {
    header: 'Request',
    meta: { className: 'col-nowrap' },
    cell: (info) => (
      <>
        <code>{info.getValue()}</code>
        <span className="secondary">
          {formatCount(info.row.original.bodySize)} bytes{info.row.original.replayOf !== null && ` · replay of #${info.row.original.replayOf}`}
        </span>
      </>
    ),
  }),
  helper.accessor('verification', {
    header: 'Verification',
    cell: (info) => (
      <Badge tone={VERIFICATION_TONES[info.getValue()]} title={info.row.original.verificationDetail ?? undefined}>
        {VERIFICATION_LABELS[info.getValue()]}
      </Badge>
    ),
  }),
  helper.accessor('outcome', {
    header: 'Outcome',
    cell: (info) => <Badge tone={OUTCOME_TONES[info.getValue()]}>{OUTCOME_LABELS[info.getValue()]}</Badge>,
  }),
  helper.accessor('httpStatus', {
    header: 'HTTP',
    meta: { align: 'end' },
    cell: (info) => info.getValue() ?? '—',
  }),
  helper.accessor('error', {
    header: 'Error',
    meta: { className: 'col-error' },
    cell: (info) => {
      const error = info.getValue();
      if (!error) return <span className="muted">—</span>;
      return (
        <span className="inbox-error" data-testid="inbox-error">
          <code className="error-code">{error.code}</code> {error.message}
          {error.field && <span className="secondary">field {error.field}</span>}
        </span>
      );
    },
  }),
  helper.accessor('orderId', {
    header: 'Order',
    meta: { className: 'col-nowrap' },
    cell: (info) => {
      const orderId = info.getValue();
      return orderId === null ? <span className="muted">—</span> : <Link href={`/orders/${orderId}`}>{info.row.original.orderReference ?? `Order ${orderId}`}</Link>;
    },
  }),
]);
