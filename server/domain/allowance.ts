import type { Allowance } from '../../shared/api';
import type { PartKind, PartStatus, Psp } from '../../shared/psp';
import { OPERATION_TYPES, RULE_SWITCHES, ruleFor, type OperationRule, type OperationType, type RuleSwitches } from '../../shared/rules';
import { addDays, parisDay } from '../../shared/time';

/** Cents held by operations in flight (sent, unknown, awaiting approval), per operation type. */
export type HeldAmounts = Partial<Record<OperationType, number>>;

export interface AllowanceInput {
  psp: Psp;
  kind: PartKind;
  brand: string;
  status: PartStatus;
  amount: number;
  capturedAmount: number;
  refundedAmount: number;
  /** Amounts of operations of each type sent to the PSP whose outcome is not known yet. */
  pendingAmounts?: HeldAmounts;
  paidAt: string | null;
  captureDueAt: string | null;
  /**
   * The PSP transaction the part belongs to, for operations the PSP applies to the whole of it (a Sips
   * Conecs split is one transaction: cancel and validate act on voucher and card together): its amount,
   * and what operations in flight on any of its parts hold.
   */
  transaction?: { amount: number; pendingAmounts: HeldAmounts };
}

const DAY_MS = 86_400_000;

/** Where a part stands once time has done its work: an automatic capture whose date has passed happened. */
function effectiveStatus(part: AllowanceInput, now: Date): PartStatus {
  if (part.status === 'TO_CAPTURE' && part.captureDueAt && Date.parse(part.captureDueAt) <= now.getTime()) return 'CAPTURED';
  return part.status;
}

const STATUS_BLOCKS: Partial<Record<PartStatus, string>> = {
  PENDING: 'the payment is still pending: wait for its final status',
  REFUSED: 'the payment was refused: no money moved',
  CANCELLED: 'the payment was cancelled',
  EXPIRED: 'the payment expired before it was validated',
};

/**
 * What can be done to a part now, and how much: the rule table applied to the part's state, amounts
 * and dates. Pure: the same input and `now` give the same answer.
 */
export function allowancesFor(part: AllowanceInput, now: Date, switches: RuleSwitches): Allowance[] {
  const row = ruleFor(part.psp, part.kind, part.brand);
  return OPERATION_TYPES.map((type) => {
    if (!row) {
      return deny(type, `no rule in the table covers a ${part.kind} part of brand ${part.brand} at ${part.psp}`, null, null, 0);
    }
    const rule = row.operations[type];
    const whole = rule.scope === 'transaction';
    const pending = (t: OperationType) => (whole && part.transaction ? part.transaction.pendingAmounts[t] : part.pendingAmounts?.[t]) ?? 0;
    const no = (reason: string) => deny(type, reason, row.id, rule.source, pending(type), rule.scope);
    if (!rule.allowed) return no(rule.note);
    if (rule.switch && !switches[rule.switch]) return no(`turned off in the rule table: ${RULE_SWITCHES[rule.switch].label}`);
    const status = effectiveStatus(part, now);
    const blocked = STATUS_BLOCKS[status];
    if (blocked) return no(blocked);
    const allow = (maxAmount: number, overInitialAllowed = false): Allowance => ({
      type,
      allowed: true,
      maxAmount,
      overInitialAllowed,
      held: pending(type),
      scope: rule.scope ?? 'part',
      reason: rule.note,
      ruleId: row.id,
      source: rule.source,
    });
    const yes = (maxAmount: number) =>
      maxAmount > 0
        ? allow(maxAmount)
        : no(type === 'refund' ? 'the part is already fully refunded (or refunds are in progress)' : 'no amount is left for this operation');
    // What an operation on the whole transaction can move: all of it, not this part alone.
    const amount = whole && part.transaction ? part.transaction.amount : part.amount;

    switch (type) {
      case 'capture':
        if (status !== 'TO_CAPTURE') return no(status === 'CAPTURED' ? 'the part is already captured' : `a part in state ${status} cannot be captured`);
        return yes(part.amount - part.capturedAmount - pending('capture'));
      case 'validate': {
        if (status !== 'TO_VALIDATE') return no(`only a transaction awaiting validation (TO_VALIDATE) can be validated; this one is ${status}`);
        const late = delayPassed(rule, part.paidAt, now);
        if (late) return no(late);
        return yes(amount - pending('validate'));
      }
      case 'cancel':
        if (status !== 'TO_CAPTURE' && status !== 'TO_VALIDATE') return no('the part is already captured: refund it instead of cancelling');
        return yes(amount - part.capturedAmount - pending('cancel'));
      case 'refund': {
        if (status !== 'CAPTURED') return no('the part is not captured yet: cancel it instead of refunding');
        const early = tooEarly(rule, part.paidAt, now);
        if (early) return no(early);
        const late = tooLate(rule, part.paidAt, now);
        if (late) return no(late);
        const captured = part.capturedAmount > 0 ? part.capturedAmount : part.amount;
        const left = captured - part.refundedAmount - pending('refund');
        // Sips card parts: beyond the initial amount is allowed, with a supervisor's confirmation.
        return rule.ceiling === 'unlimited' ? allow(Math.max(left, 0), true) : yes(left);
      }
    }
  });
}

function deny(type: OperationType, reason: string, ruleId: string | null, source: string | null, held: number, scope: OperationRule['scope'] = 'part'): Allowance {
  return { type, allowed: false, maxAmount: null, overInitialAllowed: false, held, scope: scope ?? 'part', reason, ruleId, source };
}

function tooEarly(rule: OperationRule, paidAt: string | null, now: Date): string | null {
  if (!rule.notBeforeDays) return null;
  if (!paidAt) return 'the payment date is unknown, so the J+1 rule cannot be checked';
  const firstDay = addDays(parisDay(paidAt), rule.notBeforeDays);
  return parisDay(now) < firstDay ? `refunds are possible from ${firstDay} (J+${rule.notBeforeDays}, Paris time)` : null;
}

function tooLate(rule: OperationRule, paidAt: string | null, now: Date): string | null {
  if (!rule.withinDays) return null;
  if (!paidAt) return `the payment date is unknown, so the ${rule.withinDays}-day limit cannot be checked`;
  return now.getTime() - Date.parse(paidAt) > rule.withinDays * DAY_MS ? `more than ${rule.withinDays} days have passed since the payment` : null;
}

function delayPassed(rule: OperationRule, paidAt: string | null, now: Date): string | null {
  if (!rule.captureDelayMaxDays || !paidAt) return null;
  return now.getTime() - Date.parse(paidAt) > rule.captureDelayMaxDays * DAY_MS
    ? `the capture delay (at most ${rule.captureDelayMaxDays} days) has passed: the transaction can no longer be validated`
    : null;
}

/** Each part of an order with what the rule table allows on it now, given what operations in flight hold per part. */
export function withAllowances<P extends Omit<AllowanceInput, 'psp' | 'pendingAmounts' | 'transaction'> & { id: number }>(
  psp: Psp,
  parts: readonly P[],
  reserved: ReadonlyMap<number, HeldAmounts>,
  now: Date,
  switches: RuleSwitches,
): (P & { operations: Allowance[] })[] {
  const transaction = transactionOf(parts, reserved);
  return parts.map((p) => ({ ...p, operations: allowancesFor({ ...p, psp, pendingAmounts: reserved.get(p.id), transaction }, now, switches) }));
}

/** The whole of an order's parts as one transaction: the sum of their amounts, and of what is in flight on them. */
export function transactionOf(parts: readonly { id: number; amount: number }[], reserved: ReadonlyMap<number, HeldAmounts>): NonNullable<AllowanceInput['transaction']> {
  const pendingAmounts: HeldAmounts = {};
  for (const p of parts) for (const [type, cents] of Object.entries(reserved.get(p.id) ?? {}) as [OperationType, number][]) pendingAmounts[type] = (pendingAmounts[type] ?? 0) + cents;
  return { amount: parts.reduce((s, p) => s + p.amount, 0), pendingAmounts };
}
