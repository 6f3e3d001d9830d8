import type { PartEvent } from '../../../shared/api';
import { formatDateTime, formatMoney, orDash } from '../format';
import { EVENT_SOURCE_LABELS, PART_STATUS_LABELS, REPORT_OPERATION_LABELS } from '../labels';
import { Breakable } from './Breakable';
import { Link } from './Link';

interface PartHistoryProps {
  events: readonly PartEvent[];
  currency: string;
  /** The URL that shows a raw notification of this order. */
  notificationHref: (inboxId: number) => string;
}

/**
 * Where an event came from: its source, the report line that carried it (linked to its import), and
 * its message, unless the event is an operation: its message only words what EventOperation shows.
 */
function EventSource({ event }: { event: PartEvent }) {
  return (
    <>
      {EVENT_SOURCE_LABELS[event.source]}
      {event.report && (
        <span className="secondary">
          <Link href={`/imports/${event.report.importId}`} data-testid="event-report-link">
            <Breakable text={event.report.fileName} /> <span className="nowrap">line {event.report.line}</span>
          </Link>
        </span>
      )}
      {event.message && !event.operation && <span className="secondary">{event.message}</span>}
    </>
  );
}

/** A cash operation the event records: its type and amount, whether it failed, whether it was done outside this product. */
function EventOperation({ operation, currency }: { operation: NonNullable<PartEvent['operation']>; currency: string }) {
  return (
    <span className="event-operation" data-testid="event-operation">
      <span className="event-operation-text">
        {REPORT_OPERATION_LABELS[operation.type]} {formatMoney(operation.amount, currency)}
      </span>
      {!operation.succeeded && <span className="badge tone-bad badge-inline">failed</span>}
      {operation.outside && (
        <span className="badge tone-warn badge-inline" title="Done in the PSP's back office or elsewhere, not issued from Split Recon">
          outside the product
        </span>
      )}
    </span>
  );
}

/** Every event seen for a part, oldest first, with a link to the raw notification or the report line that carried it. */
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
            <tr key={event.id} data-testid="part-event">
              <td className="nowrap" title={event.occurredAt ? `Recorded ${formatDateTime(event.recordedAt)}` : undefined}>
                {formatDateTime(event.occurredAt ?? event.recordedAt)}
              </td>
              <td>
                <EventSource event={event} />
              </td>
              <td>
                {event.status ? <span className="nowrap">{PART_STATUS_LABELS[event.status]}</span> : '—'}
                {event.operation && <EventOperation operation={event.operation} currency={currency} />}
              </td>
              <td className="align-end nowrap">{event.amount === null ? '—' : formatMoney(event.amount, currency)}</td>
              <td>
                <code>{orDash(event.responseCode)}</code>
              </td>
              <td className="nowrap">
                {event.inboxId !== null ? (
                  <Link href={notificationHref(event.inboxId)}>#{event.inboxId}</Link>
                ) : event.report ? (
                  <Link href={`/imports/${event.report.importId}`}>Import #{event.report.importId}</Link>
                ) : (
                  '—'
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
