import { useMutation } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import type { OrderDetail } from '../../../shared/api';
import type { OperationResult, RefundProposal } from '../../../shared/api-operations';
import { brandLabel } from '../../../shared/brands';
import { api } from '../api';
import { formatMoney } from '../format';
import { keyAfterError, newIdempotencyKey } from '../idempotency';
import { refundLimitOf } from '../../../shared/roles';
import { useRefreshAfterOperation } from '../operation-refresh';
import { useMe } from '../session';
import { RuleSource } from './AllowanceFacts';
import { KindTag } from './KindTag';
import { OperationOutcome } from './OperationOutcome';

type Line = RefundProposal['lines'][number];
type LineOutcome = { result: OperationResult } | { error: Error };

/**
 * A proposed split: one refund per line, what cannot be refunded and why; then "Refund as proposed"
 * sends the lines one after the other, each with its own idempotency key (kept for a retry), and
 * shows each outcome. The lines sent are kept as they were, whatever the proposal becomes after.
 */
export function RefundProposalView({ order, proposal }: { order: OrderDetail; proposal: RefundProposal }) {
  const me = useMe();
  const refresh = useRefreshAfterOperation();
  const keys = useRef(new Map<number, string>());
  const keyFor = (partId: number) => {
    const key = keys.current.get(partId) ?? newIdempotencyKey();
    keys.current.set(partId, key);
    return key;
  };
  const [reason, setReason] = useState('');
  // The proposal as it was when sent: after the refunds the server proposes something else.
  const [sent, setSent] = useState<RefundProposal | null>(null);
  const [outcomes, setOutcomes] = useState<ReadonlyMap<number, LineOutcome>>(new Map());
  const setOutcome = (partId: number, outcome: LineOutcome) => setOutcomes((current) => new Map(current).set(partId, outcome));

  const send = useMutation({
    mutationFn: async (lines: readonly Line[]) => {
      for (const line of lines) {
        const key = keyFor(line.partId);
        try {
          const result = await api.requestOperation(line.partId, { type: 'refund', amount: line.amount, reason: reason.trim(), idempotencyKey: key });
          setOutcome(line.partId, { result });
        } catch (error) {
          keys.current.set(line.partId, keyAfterError(key, error));
          setOutcome(line.partId, { error: error as Error });
        }
      }
    },
    onSettled: () => refresh(order.id),
  });

  const shown = sent ?? proposal;
  const { lines } = shown;
  const failedLines = lines.filter((line) => {
    const outcome = outcomes.get(line.partId);
    return outcome !== undefined && 'error' in outcome;
  });
  const total = lines.reduce((sum, line) => sum + line.amount, 0);
  const limit = refundLimitOf(me);
  const money = (cents: number) => formatMoney(cents, shown.currency);
  const retry = (again: readonly Line[]) => {
    setOutcomes((current) => new Map([...current].filter(([partId]) => !again.some((line) => line.partId === partId))));
    send.mutate(again);
  };
  const start = () => {
    setSent(proposal);
    send.mutate(proposal.lines);
  };

  return (
    <div className="proposal" data-testid="refund-proposal">
      <p className="proposal-message">{shown.message}</p>
      {lines.length > 0 && (
        <div className="table-wrap">
          <table className="mini-table">
            <caption className="visually-hidden">Proposed refunds, one per part</caption>
            <thead>
              <tr>
                <th scope="col">Part</th>
                <th scope="col" className="align-end">
                  Refund
                </th>
                <th scope="col" className="align-end">
                  Most possible
                </th>
                <th scope="col">Rule</th>
                {sent && <th scope="col">Outcome</th>}
              </tr>
            </thead>
            <tbody>
              {lines.map((line) => (
                <tr key={line.partId} data-testid="proposal-line">
                  <td className="nowrap">
                    <KindTag kind={line.kind} /> {brandLabel(line.brand)}
                  </td>
                  <td className="align-end nowrap">
                    <strong>{money(line.amount)}</strong>
                    {limit !== null && line.amount > limit && <span className="secondary">above your limit: a supervisor approves</span>}
                  </td>
                  <td className="align-end nowrap">{money(line.maxAmount)}</td>
                  <td>
                    <RuleSource ruleId={line.ruleId} source={line.source} />
                  </td>
                  {sent && <td className="col-line-outcome">{lineOutcome(outcomes.get(line.partId), send.isPending, (result) => setOutcome(line.partId, { result }))}</td>}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {shown.blocked.length > 0 && (
        <div className="proposal-blocked" data-testid="proposal-blocked">
          <h3 className="part-section-title">Cannot be refunded through the PSP</h3>
          <ul>
            {shown.blocked.map((b) => (
              <li key={b.partId}>
                <KindTag kind={b.kind} /> <strong>{brandLabel(b.brand)}</strong>: {b.reason}
                {b.source && <span className="muted"> (seed {b.source})</span>}
              </li>
            ))}
          </ul>
        </div>
      )}
      {shown.shortfall > 0 && (
        <p className="callout callout-warn" data-testid="proposal-shortfall">
          {money(shown.shortfall)} of the {money(shown.requested)} asked cannot be refunded through the PSPs: give it back another way.
        </p>
      )}
      {!sent && lines.length > 0 && (
        <div className="proposal-send">
          <div className="proposal-send-row">
            <label className="field field-grow">
              <span className="field-label">Reason (for every refund)</span>
              <input type="text" maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} aria-describedby="proposal-reason-hint" />
            </label>
            <button type="button" className="button button-primary" disabled={reason.trim().length < 3} onClick={start}>
              Refund as proposed ({money(total)})
            </button>
          </div>
          <p id="proposal-reason-hint" className="field-hint">
            Why, in a few words (at least 3 characters): kept with each refund and in the audit log.
          </p>
        </div>
      )}
      {sent && !send.isPending && failedLines.length > 0 && (
        <p className="proposal-retry">
          <button type="button" className="button" onClick={() => retry(failedLines)}>
            Try the {failedLines.length === 1 ? 'refund' : `${failedLines.length} refunds`} that did not go through again
          </button>{' '}
          <span className="muted">A refund whose answer was lost is sent with the same key: it cannot be made twice.</span>
        </p>
      )}
    </div>
  );
}

function lineOutcome(outcome: LineOutcome | undefined, sending: boolean, onChanged: (result: OperationResult) => void) {
  if (!outcome) return <span className="muted">{sending ? 'Sending…' : 'Not sent'}</span>;
  if ('error' in outcome) {
    return (
      <span className="field-error" role="alert">
        Not done: {outcome.error.message}
      </span>
    );
  }
  return <OperationOutcome result={outcome.result} onChanged={onChanged} />;
}
