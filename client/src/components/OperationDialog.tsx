import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { Allowance, Part } from '../../../shared/api';
import type { OperationResult } from '../../../shared/api-operations';
import { PSP_LABELS, type Psp } from '../../../shared/psp';
import { roleAtLeast } from '../../../shared/roles';
import { api, ApiRequestError } from '../api';
import { euroInputValue, formatMoney } from '../format';
import { fieldError } from '../form-errors';
import { keyAfterError, newIdempotencyKey } from '../idempotency';
import { OPERATION_LABELS } from '../labels';
import { refundLimitOf } from '../../../shared/roles';
import { checkOperationAmount } from '../operation-amount';
import { useRefreshAfterOperation } from '../operation-refresh';
import { useMe } from '../session';
import { AllowanceFacts, ScopeWarning } from './AllowanceFacts';
import { Dialog } from './Dialog';
import { Field, FormError } from './Form';
import { KindTag } from './KindTag';
import { OutcomeStep } from './OperationOutcome';

const FIELDS = ['amount', 'reason', 'confirmOverInitial'] as const;

interface OperationDialogProps {
  part: Part;
  psp: Psp;
  orderId: number;
  allowance: Allowance;
  onClose: () => void;
}

/**
 * Asks for one operation on one part: the amount (in euros, checked against the allowance), why, and
 * the confirmation a refund beyond the initial amount needs; then shows what the PSP answered.
 * One idempotency key per opening, so a double click or a retry after a lost answer is the same request.
 */
export function OperationDialog({ part, psp, orderId, allowance, onClose }: OperationDialogProps) {
  const me = useMe();
  const refresh = useRefreshAfterOperation();
  const [key, setKey] = useState(newIdempotencyKey);
  // A cancellation of a whole transaction (Sips) is for all of it: the amount is not a choice.
  const wholeOnly = allowance.type === 'cancel' && allowance.scope === 'transaction' && allowance.maxAmount !== null;
  const [amountText, setAmountText] = useState(() => (wholeOnly ? euroInputValue(allowance.maxAmount!) : ''));
  const [reason, setReason] = useState('');
  const [confirmed, setConfirmed] = useState(false);
  const [local, setLocal] = useState<{ field: string; message: string } | null>(null);
  const [result, setResult] = useState<OperationResult | null>(null);
  const send = useMutation({
    mutationFn: (body: Parameters<typeof api.requestOperation>[1]) => api.requestOperation(part.id, body),
    onSuccess: setResult,
    onError: (error) => setKey((current) => keyAfterError(current, error)),
    // A refusal may come from an allowance that changed meanwhile: the page shows the new one.
    onSettled: () => refresh(orderId),
  });

  const label = OPERATION_LABELS[allowance.type];
  const checked = amountText.trim() === '' ? null : checkOperationAmount(amountText, allowance, part.currency);
  const askedConfirmation = send.error instanceof ApiRequestError && send.error.code === 'CONFIRMATION_REQUIRED';
  const needsConfirmation = (checked?.ok === true && checked.value.overInitial) || askedConfirmation;
  const limit = allowance.type === 'refund' ? refundLimitOf(me) : null;
  const aboveLimit = limit !== null && checked?.ok === true && checked.value.amount > limit;

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const amount = checkOperationAmount(amountText, allowance, part.currency);
    if (!amount.ok) return setLocal({ field: 'amount', message: amount.error.message });
    if (reason.trim().length < 3) return setLocal({ field: 'reason', message: 'say why, in a few words (at least 3 characters)' });
    if (needsConfirmation && !confirmed) return setLocal({ field: 'confirmOverInitial', message: 'tick to confirm going beyond the initial amount' });
    setLocal(null);
    send.mutate({ type: allowance.type, amount: amount.value.amount, reason: reason.trim(), idempotencyKey: key, ...(needsConfirmation ? { confirmOverInitial: true } : {}) });
  };
  const error = local ? null : send.error;
  const messageFor = (field: string) => (local?.field === field ? local.message : fieldError(error, field));

  return (
    <Dialog title={`${label} — ${part.brandLabel} part`} onClose={onClose}>
      {result ? (
        <div className="dialog-body operation-dialog">
          <OutcomeStep result={result} onChanged={setResult} onDone={onClose} />
        </div>
      ) : (
        <form className="form operation-dialog" onSubmit={submit} noValidate>
          <div className="dialog-body operation-context">
            <p>
              <KindTag kind={part.kind} /> <strong>{part.brandLabel}</strong> at {PSP_LABELS[psp]} ·{' '}
              <span className="nowrap">paid {formatMoney(part.amount, part.currency)}</span> ·{' '}
              <span className="nowrap">refunded {formatMoney(part.refundedAmount, part.currency)}</span>
            </p>
            <AllowanceFacts allowance={allowance} currency={part.currency} />
            <ScopeWarning allowance={allowance} psp={psp} />
          </div>
          <Field
            label={`Amount to ${label.toLowerCase()} (€)`}
            hint={
              wholeOnly
                ? `The whole transaction, voucher and card: ${formatMoney(allowance.maxAmount ?? 0, part.currency)}.`
                : `At most ${formatMoney(allowance.maxAmount ?? 0, part.currency)}${allowance.overInitialAllowed ? ' within the initial amount' : ''}. Write it like 20 or 19,90.`
            }
            error={messageFor('amount')}
          >
            {(control) => (
              <div className="amount-row">
                <input {...control} name="amount" type="text" inputMode="decimal" autoComplete="off" required readOnly={wholeOnly} value={amountText} onChange={(e) => setAmountText(e.target.value)} />
                {!wholeOnly && allowance.maxAmount !== null && allowance.maxAmount > 0 && (
                  <button type="button" className="button button-link" onClick={() => setAmountText(euroInputValue(allowance.maxAmount ?? 0))}>
                    Use the maximum
                  </button>
                )}
              </div>
            )}
          </Field>
          <Field label="Reason" hint="Why, in a few words: kept with the operation and in the audit log." error={messageFor('reason')}>
            {(control) => <textarea {...control} name="reason" rows={3} maxLength={500} required value={reason} onChange={(e) => setReason(e.target.value)} />}
          </Field>
          {needsConfirmation && (
            <Field label="Beyond the initial amount" error={messageFor('confirmOverInitial')}>
              {(control) => (
                <label className="confirm-check">
                  <input {...control} type="checkbox" checked={confirmed} onChange={(e) => setConfirmed(e.target.checked)} />
                  <span>
                    I confirm refunding more than the {formatMoney(allowance.maxAmount ?? 0, part.currency)} left of the initial amount. {PSP_LABELS[psp]} allows it on card parts
                    {roleAtLeast(me.role, 'supervisor') ? '.' : '; a supervisor other than me must approve it.'}
                  </span>
                </label>
              )}
            </Field>
          )}
          {aboveLimit && (
            <p className="callout callout-info" data-testid="limit-note">
              Above your refund limit of {formatMoney(limit, part.currency)}: a supervisor must approve it before it is sent to {PSP_LABELS[psp]}.
            </p>
          )}
          <FormError error={error} fields={FIELDS} title={`The ${label.toLowerCase()} was not asked`} />
          {error instanceof ApiRequestError && error.code === 'IDEMPOTENCY_KEY_REUSED' && (
            <p className="callout callout-warn">An earlier attempt from this dialog, with other values, reached the server: check the order's cash operations before asking again.</p>
          )}
          <footer className="dialog-actions">
            {/* Not "Cancel": next to "Cancel 5,00 €" it would read as the operation. */}
            <button type="button" className="button" onClick={onClose}>
              Back
            </button>
            <button type="submit" className="button button-primary" disabled={send.isPending}>
              {send.isPending ? 'Sending…' : checked?.ok ? `${label} ${formatMoney(checked.value.amount, part.currency)}` : label}
            </button>
          </footer>
        </form>
      )}
    </Dialog>
  );
}
