import type { PartEvent } from '../../../shared/api';
import { formatDateTime, formatMoney, orDash } from '../format';
import { EVENT_SOURCE_LABELS, PART_STATUS_LABELS } from '../labels';
import { Link } from './Link';

interface PartHistoryProps {
  events: readonly PartEvent[];
  currency: string;
  /** The URL that shows a raw notification of this order. */
  notificationHref: (inboxId: number) => string;
}

/** Every event seen for a part, oldest first, with a link to the raw notification that carried it. */
export function PartHistory({ events, currency, notificationHref }: PartHistoryProps) {
  if (events.length === 0) return <p className="muted">No event recorded.</p>;
  return (
    <div className="table-wrap">
      <table className="mini-table">
        <caption className="visually-hidden">History</caption>
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Source</th>
            <th scope="col">Status</th>
            <th scope="col" className="align-end">
              Amount
            </th>
            <th scope="col">Code</th>
            <th scope="col">Raw</th>
          </tr>
        </thead>
        <tbody>
          {events.map((event) => (
            <tr key={event.id}>
              <td className="nowrap" title={event.occurredAt ? `Recorded ${formatDateTime(event.recordedAt)}` : undefined}>
                {formatDateTime(event.occurredAt ?? event.recordedAt)}
              </td>
              <td>
                {EVENT_SOURCE_LABELS[event.source]}
                {event.message && <span className="secondary">{event.message}</span>}
              </td>
              <td className="nowrap">{event.status ? PART_STATUS_LABELS[event.status] : '—'}</td>
              <td className="align-end nowrap">{event.amount === null ? '—' : formatMoney(event.amount, currency)}</td>
              <td>
                <code>{orDash(event.responseCode)}</code>
              </td>
              <td>{event.inboxId === null ? '—' : <Link href={notificationHref(event.inboxId)}>#{event.inboxId}</Link>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
