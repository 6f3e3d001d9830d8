import { formatMoney, parseAmount } from '../../shared/money';
import { fail, ok, type Result } from '../../shared/result';
import { PARIS } from '../../shared/time';

/** Every date and time on screen is a Paris wall-clock time in French format. */
const dateTime = new Intl.DateTimeFormat('fr-FR', { timeZone: PARIS, dateStyle: 'short', timeStyle: 'medium' });
const dateOnly = new Intl.DateTimeFormat('fr-FR', { timeZone: PARIS, dateStyle: 'short' });
const timeOnly = new Intl.DateTimeFormat('fr-FR', { timeZone: PARIS, timeStyle: 'medium' });
const count = new Intl.NumberFormat('fr-FR');

export function formatDateTime(iso: string | null | undefined): string {
  return iso ? dateTime.format(new Date(iso)) : '—';
}

export function formatDate(iso: string): string {
  return dateOnly.format(new Date(iso));
}

export function formatTime(iso: string): string {
  return timeOnly.format(new Date(iso));
}

export function formatCount(n: number): string {
  return count.format(n);
}

export { formatMoney };

/**
 * An amount typed in euros, as a French user writes it (`50`, `49,90`, `1 234,5 €`) or not (`49.90`),
 * to integer cents. Whole euros get `,00` so parseAmount never reads them as cents; no float is involved.
 */
export function parseEuros(text: string): Result<number> {
  const compact = text.replace(/[\s€]/g, '');
  const parsed = parseAmount(/^\d+$/.test(compact) ? `${compact},00` : compact, 'EUR');
  if (!parsed.ok) return fail({ code: 'BAD_AMOUNT', message: `"${text.trim()}" is not an amount in euros: write it like 50 or 49,90` });
  return ok(parsed.value.cents);
}

/** Cents as they are typed back into an amount field: `1 234,56`, without the currency sign. */
export function euroInputValue(cents: number): string {
  return formatMoney(cents, 'EUR').replace(/\s*€$/, '');
}

/** Whole percentage of a part in a total, for legends; display only, never used in sums. */
export function formatShare(part: number, total: number): string {
  if (total <= 0) return '0 %';
  return `${Math.round((part * 100) / total)}\u00a0%`;
}

export function orDash(text: string | null | undefined): string {
  return text === null || text === undefined || text === '' ? '—' : text;
}
