import { createColumnHelper } from '@tanstack/react-table';
import type { OrderSummary } from '../../../shared/api';
import { brandLabel } from '../../../shared/brands';
import { ORDER_STATUS_LABELS, PSP_LABELS } from '../../../shared/psp';
import { AnomalyFlag } from '../components/AnomalyFlag';
import { Badge } from '../components/Badge';
import { Link } from '../components/Link';
import { SplitBar } from '../components/SplitBar';
import type { ServerTableFeatures } from '../components/table';
import { formatDate, formatMoney, formatTime, orDash } from '../format';
import { ORDER_STATUS_TONES } from '../labels';

const helper = createColumnHelper<ServerTableFeatures, OrderSummary>();

/** A side of the split, its colour key matching the bar; a side that is not used is greyed. */
function Amount({ cents, currency, kind }: { cents: number; currency: string; kind: 'voucher' | 'card' }) {
  return <span className={`amount amount-${kind}${cents === 0 ? ' amount-zero' : ''}`}>{formatMoney(cents, currency)}</span>;
}

/**
 * The Orders table, as data. A sortable column's id is the API's sort field (createdAt, amount,
 * voucherAmount, cardAmount, reference, status); the others have sorting turned off.
 */
export const orderColumns = helper.columns([
  helper.accessor('createdAt', {
    header: 'Created',
    sortDescFirst: true,
    meta: { className: 'col-date' },
    cell: (info) => (
      <>
        {formatDate(info.getValue())}
        <span className="secondary">{formatTime(info.getValue())}</span>
      </>
    ),
  }),
  helper.accessor('reference', {
    header: 'Reference',
    sortDescFirst: false,
    meta: { className: 'col-nowrap' },
    cell: (info) => {
      const order = info.row.original;
      return (
        <>
          <Link href={`/orders/${order.id}`} className="strong-link">
            {order.reference ?? order.groupKey}
          </Link>
          <span className="secondary">Call no. {orDash(order.callNumber)}</span>
        </>
      );
    },
  }),
  helper.accessor('psp', {
    header: 'PSP / account',
    enableSorting: false,
    meta: { className: 'col-nowrap' },
    cell: (info) => (
      <>
        {PSP_LABELS[info.getValue()]}
        <span className="secondary">{info.row.original.accountId}</span>
      </>
    ),
  }),
  helper.accessor('brands', {
    header: 'Brands',
    enableSorting: false,
    meta: { className: 'col-brands' },
    cell: (info) => (
      <span className="chips">
        {info.getValue().map((code) => (
          <span key={code} className="chip" title={code}>
            {brandLabel(code)}
          </span>
        ))}
      </span>
    ),
  }),
  helper.accessor('voucherAmount', {
    header: 'Voucher',
    sortDescFirst: true,
    meta: { align: 'end', className: 'col-money' },
    cell: (info) => <Amount cents={info.getValue()} currency={info.row.original.currency} kind="voucher" />,
  }),
  helper.accessor('cardAmount', {
    header: 'Card',
    sortDescFirst: true,
    meta: { align: 'end', className: 'col-money' },
    cell: (info) => <Amount cents={info.getValue()} currency={info.row.original.currency} kind="card" />,
  }),
  helper.display({
    id: 'split',
    header: 'Split',
    meta: { className: 'col-split' },
    cell: (info) => <SplitBar voucher={info.row.original.voucherAmount} card={info.row.original.cardAmount} currency={info.row.original.currency} />,
  }),
  helper.accessor('amount', {
    header: 'Total',
    sortDescFirst: true,
    meta: { align: 'end', className: 'col-money' },
    cell: (info) => <span className="amount">{formatMoney(info.getValue(), info.row.original.currency)}</span>,
  }),
  helper.accessor('status', {
    header: 'Status',
    sortDescFirst: false,
    meta: { className: 'col-status' },
    cell: (info) => <Badge tone={ORDER_STATUS_TONES[info.getValue()]}>{ORDER_STATUS_LABELS[info.getValue()]}</Badge>,
  }),
  helper.accessor('anomalies', {
    header: () => <span title="Anomalies">Flags</span>,
    enableSorting: false,
    meta: { className: 'col-flag' },
    cell: (info) => <AnomalyFlag anomalies={info.getValue()} />,
  }),
]);
