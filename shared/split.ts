import { formatMoney, parseAmount } from './money';
import { fail, ok, type Problem, type Result } from './result';

/**
 * The Conecs split carried by Sips `acquirerResponseMessage` (seed 000, paymentProviderFinalize):
 * `SPLIT:<prepaid mean>:<partner reference>:<prepaid amount>:<supplement mean>:<masked PAN>:<supplement amount>`.
 */
export interface Split {
  raw: string;
  voucherMean: string;
  partnerReference: string;
  voucherAmount: number;
  /** Null for a voucher-only payment (fields 5 to 7 empty or omitted). */
  supplement: { mean: string; maskedPan: string | null; amount: number } | null;
  /** `cents` as the seed implies; `decimal` when an amount came as `19.00`. */
  amountForm: 'cents' | 'decimal';
}

export const SPLIT_FIELDS = [
  'SPLIT',
  'prepaid mean',
  'partner reference',
  'prepaid amount',
  'supplement mean',
  'masked PAN',
  'supplement amount',
] as const;

export type SplitErrorCode = 'SPLIT_NOT_SPLIT' | 'SPLIT_FIELD_COUNT' | 'SPLIT_MISSING_FIELD' | 'SPLIT_BAD_AMOUNT';
export interface SplitError extends Problem {
  code: SplitErrorCode;
  raw: string;
}

function error(raw: string, code: SplitErrorCode, message: string, fieldIndex?: number): Result<Split, SplitError> {
  return fail({
    code,
    raw,
    message,
    ...(fieldIndex !== undefined ? { field: `SPLIT field ${fieldIndex + 1} (${SPLIT_FIELDS[fieldIndex]})` } : {}),
  });
}

export function isSplitMessage(message: string | null | undefined): message is string {
  return typeof message === 'string' && /^\s*SPLIT:/i.test(message);
}

export function parseSplit(raw: string, currency = 'EUR'): Result<Split, SplitError> {
  const text = raw.trim();
  let fields = text.split(':');
  if (fields[0]?.toUpperCase() !== 'SPLIT') {
    return error(raw, 'SPLIT_NOT_SPLIT', `expected a message starting with "SPLIT:", got "${raw.slice(0, 40)}"`, 0);
  }
  // A partner reference could itself contain ':'; the last three fields keep their positions.
  if (fields.length > 7) {
    fields = [fields[0]!, fields[1]!, fields.slice(2, fields.length - 4).join(':'), ...fields.slice(-4)];
  }
  if (fields.length !== 7 && fields.length !== 4) {
    return error(
      raw,
      'SPLIT_FIELD_COUNT',
      `expected 7 ":"-separated fields (or 4 for a voucher-only payment), got ${fields.length}`,
    );
  }
  const [, voucherMean = '', partnerReference = '', voucherText = '', supMean = '', supPan = '', supText = ''] = fields;
  if (!voucherMean.trim()) return error(raw, 'SPLIT_MISSING_FIELD', 'the prepaid means of payment is empty', 1);
  if (!voucherText.trim()) return error(raw, 'SPLIT_MISSING_FIELD', 'the prepaid amount is empty', 3);

  const forms = new Set<'cents' | 'decimal'>();
  const voucher = parseAmount(voucherText, currency);
  if (!voucher.ok) return error(raw, 'SPLIT_BAD_AMOUNT', voucher.error.message, 3);
  forms.add(voucher.value.form);

  let supplement: Split['supplement'] = null;
  const supplementGiven = supMean.trim() !== '' || supPan.trim() !== '' || supText.trim() !== '';
  if (supplementGiven) {
    if (!supMean.trim()) return error(raw, 'SPLIT_MISSING_FIELD', 'the supplement means of payment is empty', 4);
    if (!supText.trim()) return error(raw, 'SPLIT_MISSING_FIELD', 'the supplement amount is empty', 6);
    const amount = parseAmount(supText, currency);
    if (!amount.ok) return error(raw, 'SPLIT_BAD_AMOUNT', amount.error.message, 6);
    forms.add(amount.value.form);
    supplement = { mean: supMean.trim(), maskedPan: supPan.trim() || null, amount: amount.value.cents };
  }
  return ok({
    raw,
    voucherMean: voucherMean.trim(),
    partnerReference: partnerReference.trim(),
    voucherAmount: voucher.value.cents,
    supplement,
    amountForm: forms.has('decimal') ? 'decimal' : 'cents',
  });
}

export interface SplitMismatch extends Problem {
  code: 'SPLIT_SUM_MISMATCH';
  expected: number;
  actual: number;
}

/** Voucher + supplement must equal the transaction amount; a mismatch is reported, never thrown. */
export function checkSplitTotal(split: Split, transactionAmount: number, currency: string): SplitMismatch | null {
  const actual = split.voucherAmount + (split.supplement?.amount ?? 0);
  if (actual === transactionAmount) return null;
  return {
    code: 'SPLIT_SUM_MISMATCH',
    expected: transactionAmount,
    actual,
    field: 'acquirerResponseMessage',
    message: `SPLIT amounts add up to ${formatMoney(actual, currency)} (voucher ${formatMoney(split.voucherAmount, currency)} + supplement ${formatMoney(
      split.supplement?.amount ?? 0,
      currency,
    )}) but the transaction amount is ${formatMoney(transactionAmount, currency)}`,
  };
}
