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

const offsetByHour = new Map<number, number>();

/**
 * Offset of Paris from UTC at that instant, in minutes (60 in winter, 120 in summer). Paris changes
 * offset only on a UTC hour (01:00 UTC), so one Intl call per hour is enough: Intl is slow.
 */
function parisOffsetMinutes(date: Date): number {
  const hour = Math.floor(date.getTime() / 3_600_000);
  let offset = offsetByHour.get(hour);
  if (offset === undefined) {
    const start = hour * 3_600_000;
    const p: Record<string, number> = {};
    for (const part of partsFormatter.formatToParts(new Date(start))) if (part.type !== 'literal') p[part.type] = Number(part.value);
    offset = Math.round((Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!) - start) / 60_000);
    if (offsetByHour.size > 100_000) offsetByHour.clear();
    offsetByHour.set(hour, offset);
  }
  return offset;
}

function parisParts(date: Date): { year: number; month: number; day: number; hour: number; minute: number; second: number } {
  const local = new Date(date.getTime() + parisOffsetMinutes(date) * 60_000);
  return {
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
    hour: local.getUTCHours(),
    minute: local.getUTCMinutes(),
    second: local.getUTCSeconds(),
  };
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
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const [h = 0, mi = 0, s = 0] = time.split(':').map(Number);
  // The offset of that wall-clock time, not of midnight: they differ on daylight-saving change days.
  const wall = Date.UTC(y, m - 1, d, h, mi, s);
  let instant = wall - parisOffsetMinutes(new Date(wall)) * 60_000;
  instant = wall - parisOffsetMinutes(new Date(instant)) * 60_000;
  return new Date(instant).toISOString();
}

/** Any ISO-8601 instant with an offset, normalised to UTC `...Z`; null when not a valid instant. */
export function toUtcIso(text: string): string | null {
  const trimmed = text.trim();
  const m = /^(\d{4})-(\d{2})-(\d{2})T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.exec(trimmed);
  if (!m) return null;
  // Date.parse rolls a day that does not exist (2026-02-30) over into the next month.
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const calendar = new Date(Date.UTC(y, mo - 1, d));
  if (calendar.getUTCMonth() !== mo - 1 || calendar.getUTCDate() !== d) return null;
  const t = Date.parse(trimmed);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}
