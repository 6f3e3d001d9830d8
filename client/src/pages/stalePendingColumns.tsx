import { createColumnHelper } from '@tanstack/react-table';
import type { Discrepancy } from '../../../shared/discrepancies';
import { PSP_LABELS } from '../../../shared/psp';
import { Link } from '../components/Link';
import type { ServerTableFeatures } from '../components/table';
import { formatDate, formatMoney, formatTime } from '../format';

const helper = createColumnHelper<ServerTableFeatures, Discrepancy>();

/**
 * The payments pending past their PSP's deadline, as data, in the API's order (the latest opened
 * first); the overview shows the first ones only, so nothing is sortable here.
 */
export const stalePendingColumns = helper.columns([
  helper.accessor('openedAt', {
    header: 'Opened',
    enableSorting: false,
    meta: { className: 'col-date' },
    cell: (info) => (
      <>
        {formatDate(info.getValue())}
        <span className="secondary">{formatTime(info.getValue())}</span>
      </>
    ),
  }),
  helper.accessor('orderId', {
    header: 'Order',
    enableSorting: false,
    meta: { className: 'col-nowrap' },
    cell: (info) => {
      const d = info.row.original;
      return (
        <>
          <Link href={`/orders/${d.orderId}`} className="strong-link" data-testid="stale-order-link">
            {d.orderReference ?? `Order #${d.orderId}`}
          </Link>
          <span className="secondary">
            {PSP_LABELS[d.psp]} · {d.accountId}
          </span>
        </>
      );
    },
  }),
  helper.accessor('reason', {
    header: 'Reason',
    enableSorting: false,
    cell: (info) => info.getValue(),
  }),
  helper.accessor('amount', {
    header: 'Amount',
    enableSorting: false,
    meta: { align: 'end', className: 'col-money' },
    cell: (info) => formatMoney(info.getValue(), info.row.original.currency),
  }),
]);
