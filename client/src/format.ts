import { formatMoney, minorDigits, parseAmount } from '../../shared/money';
import { fail, ok, type Result } from '../../shared/result';
import { PARIS, parisDayStart } from '../../shared/time';

/** Every date and time on screen is a Paris wall-clock time in French format. */
const dateTime = new Intl.DateTimeFormat('fr-FR', { timeZone: PARIS, dateStyle: 'short', timeStyle: 'medium' });
const dateOnly = new Intl.DateTimeFormat('fr-FR', { timeZone: PARIS, dateStyle: 'short' });
const timeOnly = new Intl.DateTimeFormat('fr-FR', { timeZone: PARIS, timeStyle: 'medium' });
const count = new Intl.NumberFormat('fr-FR');
const decimal = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 });

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

/** A duration in French notation: `850 ms`, `1,2 s`, `2 min 05 s`. */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—';
  if (ms < 1000) return `${count.format(ms)}\u00a0ms`;
  if (ms < 60_000) return `${decimal.format(ms / 1000)}\u00a0s`;
  const seconds = Math.round(ms / 1000);
  return `${count.format(Math.floor(seconds / 60))}\u00a0min ${String(seconds % 60).padStart(2, '0')}\u00a0s`;
}

/** A file size: `845 bytes`, `12,4 KB`, `1,3 MB` (1 KB = 1024 bytes), French decimals. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${count.format(bytes)}\u00a0bytes`;
  const units = ['KB', 'MB', 'GB'] as const;
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${decimal.format(value)}\u00a0${units[unit]}`;
}

/** Whole percentage done (0–100), for progress bars; 0 when the total is unknown. */
export function percentOf(done: number, total: number): number {
  return total > 0 ? Math.min(100, Math.floor((done * 100) / total)) : 0;
}

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

/** Whole units of the currency, for chart axes: `1 235 €` (rounded: display only, never summed). */
export function formatMoneyWhole(cents: number, currency: string): string {
  const unit = 10 ** minorDigits(currency);
  return formatMoney(Math.round(cents / unit) * unit, currency).replace(/,0+(?=\u00a0)/, '');
}

const dayLong = new Intl.DateTimeFormat('fr-FR', { timeZone: PARIS, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
const dayMonth = new Intl.DateTimeFormat('fr-FR', { timeZone: PARIS, day: '2-digit', month: '2-digit' });

/**
 * A Paris calendar day (YYYY-MM-DD, as the reports give it) in French: `short` 26/10/2026, `long`
 * lundi 26 octobre 2026, `dayMonth` 26/10 (chart ticks). Read at noon, inside the day whatever its offset.
 */
export function formatDay(day: string, style: 'short' | 'long' | 'dayMonth' = 'short'): string {
  const noon = new Date(parisDayStart(day).getTime() + 12 * 3_600_000);
  return (style === 'long' ? dayLong : style === 'dayMonth' ? dayMonth : dateOnly).format(noon);
}
