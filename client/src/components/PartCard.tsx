import { useState } from 'react';
import type { Allowance, Part } from '../../../shared/api';
import type { Psp } from '../../../shared/psp';
import { formatDateTime, formatMoney, orDash } from '../format';
import { EVENT_SOURCE_LABELS, PART_STATUS_LABELS, PART_STATUS_TONES } from '../labels';
import { can } from '../permissions';
import { useMe } from '../session';
import { Badge } from './Badge';
import { KindTag } from './KindTag';
import { OperationDialog } from './OperationDialog';
import { OperationList } from './OperationList';
import { PartHistory } from './PartHistory';

interface PartCardProps {
  part: Part;
  orderId: number;
  psp: Psp;
  notificationHref: (inboxId: number) => string;
}

/** One payment part of an order: what it is, where it stands, its history and what can be done with it. */
export function PartCard({ part, orderId, psp, notificationHref }: PartCardProps) {
  const canRequest = can(useMe().role, 'operations.request');
  const [requesting, setRequesting] = useState<Allowance | null>(null);
  const response = [part.responseCode, part.responseMessage].filter(Boolean).join(' — ');
  // As the rule table reads it: an automatic capture whose date has passed happened, and a captured
  // part with no recorded capture amount was captured in full.
  const autoCaptured = part.status === 'TO_CAPTURE' && part.captureDueAt !== null && Date.parse(part.captureDueAt) <= Date.now();
  const captured = part.capturedAmount === 0 && (part.status === 'CAPTURED' || autoCaptured) ? part.amount : part.capturedAmount;
  return (
    <article className={`part-card part-kind-${part.kind}`} data-testid="part-card" aria-labelledby={`part-${part.id}-title`}>
      <header className="part-header">
        <div>
          <KindTag kind={part.kind} />
          <h3 id={`part-${part.id}-title`} className="part-brand" data-testid="part-brand">
            {part.brandLabel}
          </h3>
        </div>
        <div className="part-amount-block">
          <p className="part-amount" data-testid="part-amount">
            {formatMoney(part.amount, part.currency)}
          </p>
          <Badge tone={PART_STATUS_TONES[part.status]}>{PART_STATUS_LABELS[part.status]}</Badge>
        </div>
      </header>
      <dl className="facts facts-compact">
        <div>
          <dt>Transaction id</dt>
          <dd>
            <code>{orDash(part.pspTransactionId)}</code>
          </dd>
        </div>
        <div>
          <dt>Authorisation id</dt>
          <dd>
            <code>{part.authorisationId ?? (part.kind === 'voucher' ? 'none (vouchers have none)' : '—')}</code>
          </dd>
        </div>
        <div>
          <dt>Masked PAN</dt>
          <dd>
            <code>{orDash(part.maskedPan)}</code>
          </dd>
        </div>
        <div>
          <dt>Response</dt>
          <dd>{response ? <code>{response}</code> : '—'}</dd>
        </div>
        <div>
          <dt>Captured</dt>
          <dd>{formatMoney(captured, part.currency)}</dd>
        </div>
        <div>
          <dt>Refunded</dt>
          <dd data-testid="part-refunded">{formatMoney(part.refundedAmount, part.currency)}</dd>
        </div>
        <div>
          <dt>Paid at</dt>
          <dd>{formatDateTime(part.paidAt)}</dd>
        </div>
        {part.captureDueAt && (
          <div>
            <dt>Capture due</dt>
            <dd>
              {formatDateTime(part.captureDueAt)}
              {autoCaptured && <span className="secondary">Date passed: captured automatically</span>}
            </dd>
          </div>
        )}
        <div>
          <dt>First seen in</dt>
          <dd>{EVENT_SOURCE_LABELS[part.firstSource]}</dd>
        </div>
        <div>
          <dt>Part key</dt>
          <dd>
            <code className="break">{part.partKey}</code>
          </dd>
        </div>
      </dl>
      <h4 className="part-section-title">Operations</h4>
      <OperationList operations={part.operations} currency={part.currency} onRequest={canRequest ? setRequesting : null} />
      {requesting && <OperationDialog part={part} psp={psp} orderId={orderId} allowance={requesting} onClose={() => setRequesting(null)} />}
      <h4 className="part-section-title">History</h4>
      <PartHistory events={part.history} currency={part.currency} notificationHref={notificationHref} />
    </article>
  );
}
