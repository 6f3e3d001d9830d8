import type { Allowance } from '../../shared/api';
import { fail, ok, type Result } from '../../shared/result';
import { formatMoney, parseEuros } from './format';

export interface CheckedAmount {
  /** Cents. */
  amount: number;
  /** Beyond the allowance's maximum, which only Sips card refunds allow (with a confirmation). */
  overInitial: boolean;
}

/** Where a ceiling comes from, for messages: `rule sips-card, seed 000 (…)`. */
export function ruleWords(allowance: Pick<Allowance, 'ruleId' | 'source'>): string {
  return [allowance.ruleId && `rule ${allowance.ruleId}`, allowance.source && `seed ${allowance.source}`].filter(Boolean).join(', ');
}

/**
 * An amount typed in euros checked against what the rule table allows on the part now, before
 * anything is sent: the same ceiling the server applies, told in euros with its rule.
 */
export function checkOperationAmount(text: string, allowance: Allowance, currency: string): Result<CheckedAmount> {
  if (text.trim() === '') return fail({ code: 'BAD_AMOUNT', message: 'type the amount, in euros', field: 'amount' });
  const cents = parseEuros(text);
  if (!cents.ok) return fail({ ...cents.error, field: 'amount' });
  if (cents.value <= 0) return fail({ code: 'BAD_AMOUNT', message: 'the amount must be more than 0', field: 'amount' });
  const max = allowance.maxAmount ?? 0;
  if (cents.value <= max) return ok({ amount: cents.value, overInitial: false });
  if (allowance.overInitialAllowed) return ok({ amount: cents.value, overInitial: true });
  const rule = ruleWords(allowance);
  return fail({ code: 'AMOUNT_ABOVE_ALLOWANCE', message: `at most ${formatMoney(max, currency)}${rule ? ` (${rule})` : ''}`, field: 'amount' });
}
