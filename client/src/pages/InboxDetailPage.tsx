import { useQuery } from '@tanstack/react-query';
import type { InboxDetail } from '../../../shared/api';
import { api, queryKeys } from '../api';
import { listUrl } from '../back-links';
import { Badge } from '../components/Badge';
import { Link } from '../components/Link';
import { DetailFrame, pageId } from '../components/DetailFrame';
import { RawRequest } from '../components/RawRequest';
import { ReplayPanel } from '../components/ReplayPanel';
import { useDocumentTitle } from '../document-title';
import { formatDateTime, orDash } from '../format';
import { OUTCOME_LABELS, OUTCOME_TONES, pspLabel, VERIFICATION_LABELS, VERIFICATION_TONES } from '../labels';
import { NotFoundPage } from './NotFoundPage';
import { PageHeader } from '../components/PageHeader';

export function InboxDetailPage({ id }: { id: string }) {
  const inboxId = pageId(id);
  const item = useQuery({ queryKey: queryKeys.inboxItem(inboxId ?? 0), queryFn: () => api.inboxItem(inboxId!), enabled: inboxId !== null });
  useDocumentTitle(`Notification #${id}`);
  if (inboxId === null) return <NotFoundPage />;
  return (
    <DetailFrame back={{ href: listUrl('inbox'), label: 'Inbox' }} query={item} noun={`notification #${inboxId}`}>
      {(data) => <InboxView item={data} />}
    </DetailFrame>
  );
}

function InboxView({ item }: { item: InboxDetail }) {
  return (
    <>
      <PageHeader
        title={`Notification #${item.id}`}
        subtitle={
          <>
            <Badge tone={OUTCOME_TONES[item.outcome]}>{OUTCOME_LABELS[item.outcome]}</Badge>
            <Badge tone={VERIFICATION_TONES[item.verification]}>{VERIFICATION_LABELS[item.verification]}</Badge>
            <span>
              {pspLabel(item.psp)} · {item.accountId}
            </span>
          </>
        }
      />

      {item.error && (
        <section className="callout callout-bad" aria-labelledby="error-title">
          <h2 id="error-title">Why it was {item.outcome === 'failed' ? 'not processed' : 'rejected'}</h2>
          <p data-testid="inbox-error">
            <code className="error-code">{item.error.code}</code> {item.error.message}
            {item.error.field && <span className="muted"> (field {item.error.field})</span>}
          </p>
        </section>
      )}

      <section className="panel">
        <dl className="facts">
          <div>
            <dt>Received</dt>
            <dd>{formatDateTime(item.receivedAt)}</dd>
          </div>
          <div>
            <dt>Processed</dt>
            <dd>{formatDateTime(item.processedAt)}</dd>
          </div>
          <div>
            <dt>HTTP answer</dt>
            <dd>{item.httpStatus ?? '—'}</dd>
          </div>
          <div>
            <dt>Verification detail</dt>
            <dd>{orDash(item.verificationDetail)}</dd>
          </div>
          <div>
            <dt>From</dt>
            <dd>
              <code>{orDash(item.remoteAddress)}</code>
            </dd>
          </div>
          <div>
            <dt>Order</dt>
            <dd>{item.orderId === null ? '—' : <Link href={`/orders/${item.orderId}`}>{item.orderReference ?? `Order ${item.orderId}`}</Link>}</dd>
          </div>
          {item.replayOf !== null && (
            <div>
              <dt>Replay of</dt>
              <dd>
                <Link href={`/inbox/${item.replayOf}`}>Notification #{item.replayOf}</Link>
              </dd>
            </div>
          )}
        </dl>
      </section>

      <ReplayPanel key={item.id} inboxId={item.id} />

      <section className="panel" aria-labelledby="request-title">
        <h2 id="request-title" className="panel-title">
          Request as received
        </h2>
        <RawRequest detail={item} />
      </section>
    </>
  );
}
