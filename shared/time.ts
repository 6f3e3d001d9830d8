/** Dates are stored as UTC ISO-8601; days are Europe/Paris days, as French finance counts them. */
export const PARIS = 'Europe/Paris';

const partsFormatter = new Intl.DateTimeFormat('en-CA', {
  timeZone: PARIS,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

function parisParts(date: Date): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of partsFormatter.formatToParts(date)) if (p.type !== 'literal') out[p.type] = Number(p.value);
  return out;
}

/** Offset of Paris from UTC at that instant, in minutes (60 in winter, 120 in summer). */
function parisOffsetMinutes(date: Date): number {
  const p = parisParts(date);
  const asUtc = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!);
  return Math.round((asUtc - date.getTime()) / 60_000);
}

const pad = (n: number | undefined) => String(n).padStart(2, '0');

/** The Paris wall-clock day (YYYY-MM-DD) and time (HH:MM:SS) of an instant. */
export function parisWallClock(instant: string | Date): { day: string; time: string } {
  const p = parisParts(typeof instant === 'string' ? new Date(instant) : instant);
  return { day: `${p.year}-${pad(p.month)}-${pad(p.day)}`, time: `${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}` };
}

/** The Paris calendar day (YYYY-MM-DD) of an instant. */
export function parisDay(instant: string | Date): string {
  return parisWallClock(instant).day;
}

/** The UTC instant at which a Paris calendar day (YYYY-MM-DD) starts. */
export function parisDayStart(day: string): Date {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const guess = new Date(Date.UTC(y, m - 1, d));
  // Two passes settle the offset across a daylight-saving change.
  let instant = new Date(guess.getTime() - parisOffsetMinutes(guess) * 60_000);
  instant = new Date(guess.getTime() - parisOffsetMinutes(instant) * 60_000);
  return instant;
}

export function addDays(day: string, days: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** Converts a local Paris wall-clock time to UTC ISO (Up2pay W+Q, Payline dates carry no offset). */
export function parisLocalToUtc(day: string, time = '00:00:00'): string {
  const [h = 0, mi = 0, s = 0] = time.split(':').map(Number);
  return new Date(parisDayStart(day).getTime() + ((h * 60 + mi) * 60 + s) * 1000).toISOString();
}

/** Any ISO-8601 instant with an offset, normalised to UTC `...Z`; null when not a valid instant. */
export function toUtcIso(text: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(text.trim())) return null;
  const t = Date.parse(text);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}
