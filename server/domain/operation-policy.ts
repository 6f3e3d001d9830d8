import type { Allowance } from '../../shared/api';
import { formatMoney } from '../../shared/money';
import { refundLimitOf, roleAtLeast, type Role } from '../../shared/roles';
import type { OperationType, RuleSwitches } from '../../shared/rules';
import { allowancesFor, type AllowanceInput } from './allowance';

export interface OperationAsk {
  type: OperationType;
  amount: number;
  confirmOverInitial?: boolean;
}

export interface Requester {
  role: Role;
  /** Cents; null: the role's default (agents) or no limit (supervisors and admins). */
  refundLimit: number | null;
}

export type Decision =
  | { ok: true; state: 'pending' | 'awaiting_approval'; approvalReason: string | null; overInitial: boolean; allowance: Allowance }
  | { ok: false; status: 409 | 422; code: 'NOT_ALLOWED' | 'AMOUNT_ABOVE_ALLOWANCE' | 'WHOLE_TRANSACTION_ONLY' | 'CONFIRMATION_REQUIRED'; message: string; field?: string };

const ruleOf = (a: Allowance) => (a.ruleId ? ` (rule ${a.ruleId}, seed ${a.source})` : '');

/**
 * Whether this request may go to the PSP now, must wait for a supervisor, or is refused, and why.
 * `part.pendingAmounts` must hold every operation still in flight on the part (pending, unknown,
 * awaiting approval) so that what is reserved is not asked twice. Pure.
 */
export function decideOperation(part: AllowanceInput, ask: OperationAsk, requester: Requester, currency: string, now: Date, switches: RuleSwitches): Decision {
  const allowance = allowancesFor(part, now, switches).find((a) => a.type === ask.type)!;
  const money = (cents: number) => formatMoney(cents, currency);
  if (!allowance.allowed || allowance.maxAmount === null) {
    return { ok: false, status: 409, code: 'NOT_ALLOWED', message: `${ask.type} is not allowed on this part: ${allowance.reason}${ruleOf(allowance)}` };
  }
  if (ask.type === 'cancel' && allowance.scope === 'transaction' && ask.amount !== allowance.maxAmount) {
    return {
      ok: false,
      status: 409,
      code: 'WHOLE_TRANSACTION_ONLY',
      field: 'amount',
      message: `a cancellation here cancels the whole transaction, voucher and card: ask for its amount, ${money(allowance.maxAmount)}${ruleOf(allowance)}`,
    };
  }
  let overInitial = false;
  if (ask.amount > allowance.maxAmount) {
    if (!(ask.type === 'refund' && allowance.overInitialAllowed)) {
      return {
        ok: false,
        status: 409,
        code: 'AMOUNT_ABOVE_ALLOWANCE',
        field: 'amount',
        message: `at most ${money(allowance.maxAmount)} can be ${PAST[ask.type]} on this part now (${allowance.reason})${ruleOf(allowance)}`,
      };
    }
    if (!ask.confirmOverInitial) {
      return {
        ok: false,
        status: 422,
        code: 'CONFIRMATION_REQUIRED',
        field: 'confirmOverInitial',
        message: `${money(ask.amount)} is more than the ${money(allowance.maxAmount)} left of the captured amount: a refund beyond it must be confirmed explicitly and approved by a supervisor${ruleOf(allowance)}`,
      };
    }
    overInitial = true;
  }
  const reasons: string[] = [];
  const limit = refundLimitOf(requester);
  if (ask.type === 'refund' && limit !== null && ask.amount > limit) reasons.push(`above the requester's refund limit of ${money(limit)}`);
  if (overInitial && !roleAtLeast(requester.role, 'supervisor')) reasons.push('beyond the initial amount, which needs a supervisor');
  return reasons.length
    ? { ok: true, state: 'awaiting_approval', approvalReason: reasons.join('; '), overInitial, allowance }
    : { ok: true, state: 'pending', approvalReason: null, overInitial, allowance };
}

const PAST: Record<OperationType, string> = { refund: 'refunded', cancel: 'cancelled', capture: 'captured', validate: 'validated' };
