import { CreateUserBodySchema } from '../../../shared/api-auth';
import { fail, ok, type Result } from '../../../shared/result';
import { formatMoney, parseEuros } from '../format';

const RefundLimitSchema = CreateUserBodySchema.shape.refundLimit;

/**
 * The refund limit field (euros) to integer cents, null when left empty. Checked against the API's own
 * schema here so an out-of-range limit is told in euros rather than in the API's cents.
 */
export function refundLimitFromInput(text: string): Result<number | null> {
  if (text.trim() === '') return ok(null);
  const cents = parseEuros(text);
  if (!cents.ok) return cents;
  const checked = RefundLimitSchema.safeParse(cents.value);
  if (checked.success) return ok(cents.value);
  const issue = checked.error.issues[0];
  const message = issue?.code === 'too_big' ? `at most ${formatMoney(Number(issue.maximum), 'EUR')}` : (issue?.message ?? 'not a valid limit');
  return fail({ code: 'BAD_AMOUNT', message, field: 'refundLimit' });
}
