import { formatMoney } from '../../shared/money';
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

/** Whole percentage of a part in a total, for legends; display only, never used in sums. */
export function formatShare(part: number, total: number): string {
  if (total <= 0) return '0 %';
  return `${Math.round((part * 100) / total)}\u00a0%`;
}

export function orDash(text: string | null | undefined): string {
  return text === null || text === undefined || text === '' ? '—' : text;
}
