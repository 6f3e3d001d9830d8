import { useQuery } from '@tanstack/react-query';
import { DISCREPANCY_LABELS } from '../../../shared/discrepancies';
import { api, queryKeys } from '../api';
import { formatCount, formatDateTime, formatMoney } from '../format';
import { DISCREPANCY_STATUS_LABELS, DISCREPANCY_STATUS_TONES } from '../labels';
import { reconciliationHref } from '../pages/reconciliationUrl';
import { Badge } from './Badge';
import { EvidenceLinks, Handling } from './DiscrepancyDetails';
import { Link } from './Link';
import { Empty, ErrorState, Loading } from './QueryState';

/** More than an order ever has; the queue shows the rest if it ever does. */
const LIMIT = 100;

/**
 * The order's active discrepancies (open or acknowledged), from the reconciliation queue; those
 * resolved or closed are one link away, in the queue filtered by the order.
 */
export function OrderDiscrepancies({ orderId }: { orderId: number }) {
  const query = { orderId, status: 'active' as const, limit: LIMIT };
  const list = useQuery({ queryKey: queryKeys.discrepancies(query), queryFn: () => api.discrepancies(query) });
  const total = list.data?.total;
  return (
    <section className="panel" aria-labelledby="discrepancies-title" data-testid="order-discrepancies">
      <header className="panel-header">
        <h2 id="discrepancies-title" className="panel-title">
          Discrepancies <span className={`count${total ? ' count-alert' : ''}`}>{total === undefined ? '…' : formatCount(total)}</span>
        </h2>
        <p className="panel-links">
          <Link href={reconciliationHref({ orderId })} data-testid="order-discrepancies-queue">
            Open in the reconciliation queue
          </Link>
          <Link href={reconciliationHref({ orderId, status: 'resolved' })}>Resolved</Link>
          <Link href={reconciliationHref({ orderId, status: 'closed' })}>Closed by later data</Link>
        </p>
      </header>
      {list.isPending ? (
        <Loading label="Loading the discrepancies…" />
      ) : list.error ? (
        <ErrorState error={list.error} title="Could not load the discrepancies of this order" />
      ) : list.data.items.length === 0 ? (
        <Empty>Nothing to reconcile: the notifications, the reports and our operations agree on this order.</Empty>
      ) : (
        <div className="table-wrap">
          <table className="mini-table">
            <caption className="visually-hidden">Active discrepancies of this order</caption>
            <thead>
              <tr>
                <th scope="col">Opened</th>
                <th scope="col">Type</th>
                <th scope="col">Part</th>
                <th scope="col" className="align-end">
                  At stake
                </th>
                <th scope="col">Reason</th>
                <th scope="col">Status</th>
                <th scope="col">Evidence</th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((d) => (
                <tr key={d.id} data-testid="order-discrepancy">
                  <td className="nowrap">{formatDateTime(d.openedAt)}</td>
                  <td className="nowrap">{DISCREPANCY_LABELS[d.type]}</td>
                  <td>{d.partKey ? <code className="break">{d.partKey}</code> : <span className="muted">Whole order</span>}</td>
                  <td className="align-end nowrap">{formatMoney(d.amount, d.currency)}</td>
                  <td className="col-reason">{d.reason}</td>
                  <td>
                    <Badge tone={DISCREPANCY_STATUS_TONES[d.status]}>{DISCREPANCY_STATUS_LABELS[d.status]}</Badge>
                    <Handling discrepancy={d} />
                  </td>
                  <td>
                    <EvidenceLinks evidence={d.evidence} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {list.data.total > list.data.items.length && (
            <p className="muted">
              {formatCount(list.data.total - list.data.items.length)} more in the <Link href={reconciliationHref({ orderId })}>reconciliation queue</Link>.
            </p>
          )}
        </div>
      )}
    </section>
  );
}
