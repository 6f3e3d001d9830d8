import type { InboxSummary } from '../../../shared/api';
import { formatCount, formatDateTime } from '../format';
import { OUTCOME_LABELS, OUTCOME_TONES, VERIFICATION_LABELS, VERIFICATION_TONES } from '../labels';
import { Badge } from './Badge';
import { Link } from './Link';
import { Empty } from './QueryState';
import { NotificationViewer } from './NotificationViewer';

interface OrderNotificationsProps {
  notifications: readonly InboxSummary[];
  selectedId: number | null;
  hrefFor: (inboxId: number) => string;
}

/** The raw notifications that built an order; the selected one (from the URL) is shown in full below. */
export function OrderNotifications({ notifications, selectedId, hrefFor }: OrderNotificationsProps) {
  return (
    <section className="panel" aria-labelledby="notifications-title">
      <h2 id="notifications-title" className="panel-title">
        Raw notifications <span className="count">{formatCount(notifications.length)}</span>
      </h2>
      {notifications.length === 0 ? (
        <Empty>No notification is linked to this order (it may come from a report only).</Empty>
      ) : (
        <div className="table-wrap">
          <table className="mini-table">
            <caption className="visually-hidden">Raw notifications</caption>
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">Received</th>
                <th scope="col">Request</th>
                <th scope="col">Verification</th>
                <th scope="col">Outcome</th>
                <th scope="col" className="align-end">
                  HTTP
                </th>
                <th scope="col">
                  <span className="visually-hidden">View</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {notifications.map((n) => (
                <tr key={n.id} className={n.id === selectedId ? 'is-selected' : undefined}>
                  <td>{n.id}</td>
                  <td className="nowrap">{formatDateTime(n.receivedAt)}</td>
                  <td>
                    <code>
                      {n.method} {n.path}
                    </code>
                  </td>
                  <td>
                    <Badge tone={VERIFICATION_TONES[n.verification]} title={n.verificationDetail ?? undefined}>
                      {VERIFICATION_LABELS[n.verification]}
                    </Badge>
                  </td>
                  <td>
                    <Badge tone={OUTCOME_TONES[n.outcome]}>{OUTCOME_LABELS[n.outcome]}</Badge>
                  </td>
                  <td className="align-end">{n.httpStatus ?? '—'}</td>
                  <td className="align-end">
                    {n.id === selectedId ? <span className="muted">Shown below</span> : <Link href={hrefFor(n.id)}>View body</Link>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {selectedId !== null && <NotificationViewer id={selectedId} />}
    </section>
  );
}
