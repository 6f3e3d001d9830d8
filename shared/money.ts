import { fail, ok, type Result } from './result';

/** Money is an integer number of minor units (cents) with an explicit ISO 4217 alpha currency. */
export interface Money {
  cents: number;
  currency: string;
}

/** ISO 4217 numeric codes the PSPs send (Sips `currencyCode`, Up2pay `DEVISE`, Payline `currency`). */
const NUMERIC_TO_ALPHA: Record<string, string> = {
  '978': 'EUR',
  '840': 'USD',
  '826': 'GBP',
  '756': 'CHF',
  '949': 'TRY',
  '124': 'CAD',
  '392': 'JPY',
};
const ALPHA_TO_NUMERIC = Object.fromEntries(Object.entries(NUMERIC_TO_ALPHA).map(([n, a]) => [a, n]));

/** Currencies whose minor unit is not the cent. */
const MINOR_DIGITS: Record<string, number> = { JPY: 0 };

export function minorDigits(currency: string): number {
  return MINOR_DIGITS[currency] ?? 2;
}

/** Accepts `978` or `EUR`; returns the alpha code, or null when unknown. */
export function normaliseCurrency(code: string): string | null {
  const c = code.trim().toUpperCase();
  if (/^\d{3}$/.test(c)) return NUMERIC_TO_ALPHA[c] ?? null;
  if (/^[A-Z]{3}$/.test(c)) return c;
  return null;
}

export function currencyNumeric(alpha: string): string | null {
  return ALPHA_TO_NUMERIC[alpha] ?? null;
}

/** Strict integer cents, as every PSP sends amounts: digits only, no sign, no decimals. */
export function parseCents(text: string): Result<number> {
  const t = text.trim();
  if (!/^\d{1,15}$/.test(t)) {
    return fail({ code: 'BAD_AMOUNT', message: `expected a non-negative integer amount in cents, got "${text}"` });
  }
  return ok(Number(t));
}

/**
 * An amount that is either integer cents (`1900`) or a decimal in major units (`19.00`, `19,5`).
 * The decimal form is converted with integer arithmetic, never through a float.
 */
export function parseAmount(text: string, currency = 'EUR'): Result<{ cents: number; form: 'cents' | 'decimal' }> {
  const t = text.trim();
  if (/^\d{1,15}$/.test(t)) return ok({ cents: Number(t), form: 'cents' });
  const digits = minorDigits(currency);
  const m = /^(\d{1,13})[.,](\d+)$/.exec(t);
  if (m && m[2]!.length <= digits) {
    const major = Number(m[1]);
    const minor = Number(m[2]!.padEnd(digits, '0'));
    return ok({ cents: major * 10 ** digits + minor, form: 'decimal' });
  }
  return fail({
    code: 'BAD_AMOUNT',
    message: `expected an amount in cents (1900) or in ${currency} with at most ${digits} decimals (19.00), got "${text}"`,
  });
}

const groupFormatters = new Map<string, Intl.NumberFormat>();
function groupFormatter(locale: string): Intl.NumberFormat {
  let f = groupFormatters.get(locale);
  if (!f) {
    f = new Intl.NumberFormat(locale, { maximumFractionDigits: 0, useGrouping: true });
    groupFormatters.set(locale, f);
  }
  return f;
}

const SYMBOLS: Record<string, string> = { EUR: '€', USD: '$', GBP: '£', CHF: 'CHF' };

/** `123456` EUR → `1 234,56 €` (fr-FR grouping, decimal comma), without dividing cents as a float. */
export function formatMoney(cents: number, currency: string, locale = 'fr-FR'): string {
  const digits = minorDigits(currency);
  const negative = cents < 0;
  const abs = Math.abs(cents);
  const unit = 10 ** digits;
  const major = Math.floor(abs / unit);
  const minor = abs % unit;
  const decimalSep = locale.startsWith('fr') ? ',' : '.';
  const text = groupFormatter(locale).format(major) + (digits > 0 ? decimalSep + String(minor).padStart(digits, '0') : '');
  const symbol = SYMBOLS[currency] ?? currency;
  return `${negative ? '-' : ''}${text}\u00a0${symbol}`;
}
