import { OPERATION_STATE_LABELS, personText, type Operation, type OperationResult } from '../../../shared/api-operations';
import { PSP_LABELS } from '../../../shared/psp';
import { formatMoney } from '../format';
import { OPERATION_LABELS, type Tone } from '../labels';
import { can } from '../permissions';
import { useMe } from '../session';
import { AskPspButton } from './AskPspButton';

const CALLOUT_TONES: Record<Operation['state'], Tone> = {
  succeeded: 'good',
  failed: 'bad',
  unknown: 'bad',
  awaiting_approval: 'warn',
  pending: 'info',
  rejected: 'info',
};

/** `Refund of 12,00 €`. */
export function operationName(op: Pick<Operation, 'type' | 'amount' | 'currency'>): string {
  return `${OPERATION_LABELS[op.type]} of ${formatMoney(op.amount, op.currency)}`;
}

/** The PSP's answer as it gave it: `code 00: Transaction approved`. */
export function pspAnswer(op: Operation): string {
  return [op.pspCode && `code ${op.pspCode}`, op.pspMessage].filter(Boolean).join(': ');
}

/**
 * What the state means for the money, in words a support agent can repeat to the customer;
 * `meId` turns the requester into "you" when it is the person reading.
 */
export function outcomeWords(op: Operation, meId?: number): string {
  const psp = PSP_LABELS[op.psp];
  const answer = pspAnswer(op);
  // A settled unknown keeps the PSP's first (lost) answer: the settlement says what happened instead.
  const settled = op.resolution !== null;
  switch (op.state) {
    case 'succeeded':
      return settled ? `${psp} did it: its answer was lost at first, and the outcome was settled afterwards.` : `${psp} accepted it${answer ? ` (${answer})` : ''}.`;
    case 'failed':
      return settled ? `${psp} did not do it: its answer was lost at first, and the outcome was settled afterwards.` : `${psp} refused it${answer ? `: ${answer}` : ''}. Nothing was done.`;
    case 'unknown':
      return `${psp} did not answer in time. It may have done it, so it is not sent again: ask ${psp} what became of it.`;
    case 'awaiting_approval':
      return `A supervisor other than ${op.requestedBy.id !== null && op.requestedBy.id === meId ? 'you' : personText(op.requestedBy)} must approve it before it is sent to ${psp}${op.approvalReason ? `: ${op.approvalReason}` : ''}.`;
    case 'pending':
      return `Sent to ${psp}; its answer has not arrived yet.`;
    case 'rejected':
      return `Rejected by ${op.decidedBy ? personText(op.decidedBy) : 'a supervisor'}${op.decisionNote ? `: ${op.decisionNote}` : ''}. Nothing was sent to ${psp}.`;
  }
}

/**
 * The outcome of an operation just asked, approved or resolved, with what can be done next: an
 * unknown outcome offers "Ask the PSP" (its answer replaces what is shown).
 */
export function OperationOutcome({ result, onChanged }: { result: OperationResult; onChanged: (result: OperationResult) => void }) {
  const { operation: op, replayed } = result;
  const me = useMe();
  const canResolve = can(me.role, 'operations.resolve');
  return (
    <div className={`callout callout-${CALLOUT_TONES[op.state]} outcome`} role="status" data-testid="operation-outcome" data-state={op.state}>
      <h3 className="outcome-title">
        {operationName(op)}: <span data-testid="outcome-state">{OPERATION_STATE_LABELS[op.state]}</span>
      </h3>
      <p data-testid="outcome-words">{outcomeWords(op, me.id)}</p>
      {op.state === 'unknown' && pspAnswer(op) && <p className="muted">What happened: {pspAnswer(op)}</p>}
      {op.resolution && <p className="muted">How it was settled: {op.resolution}</p>}
      {replayed && <p className="muted">This request had already been received (same idempotency key): this is its first result, nothing was sent again.</p>}
      {op.state === 'unknown' && canResolve && <AskPspButton operation={op} onResolved={onChanged} />}
    </div>
  );
}

/** A dialog's last step: the outcome, and Done. */
export function OutcomeStep({ result, onChanged, onDone }: { result: OperationResult; onChanged: (result: OperationResult) => void; onDone: () => void }) {
  return (
    <>
      <OperationOutcome result={result} onChanged={onChanged} />
      <footer className="dialog-actions">
        <button type="button" className="button button-primary" onClick={onDone}>
          Done
        </button>
      </footer>
    </>
  );
}
