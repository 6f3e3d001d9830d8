import { describe, expect, it } from 'vitest';
import { addDays, parisDay, parisDayStart, parisLocalToUtc, parisWallClock, toUtcIso } from '../../shared/time';

/** Every calendar day of a year, as YYYY-MM-DD, built without the module under test. */
function daysOf(year: number): string[] {
  const out: string[] = [];
  for (let t = Date.UTC(year, 0, 1); new Date(t).getUTCFullYear() === year; t += 86_400_000) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

const HOUR = 3_600_000;

describe('parisDay', () => {
  it('switches at Paris midnight, 23:00 UTC in winter (+1)', () => {
    expect(parisDay('2026-01-15T22:59:59Z')).toBe('2026-01-15');
    expect(parisDay('2026-01-15T23:00:00Z')).toBe('2026-01-16');
    expect(parisDay('2026-01-15T00:00:00Z')).toBe('2026-01-15');
  });

  it('switches at Paris midnight, 22:00 UTC in summer (+2)', () => {
    expect(parisDay('2026-07-15T21:59:59Z')).toBe('2026-07-15');
    expect(parisDay('2026-07-15T22:00:00Z')).toBe('2026-07-16');
  });

  it('accepts instants with an offset and Date objects', () => {
    expect(parisDay('2024-03-12T00:30:00+01:00')).toBe('2024-03-12');
    expect(parisDay('2026-12-31T23:30:00Z')).toBe('2027-01-01');
    expect(parisDay(new Date(Date.UTC(2026, 5, 30, 22, 0, 0)))).toBe('2026-07-01');
  });
});

describe('parisWallClock', () => {
  it('gives day and time in Paris, midnight as 00:00:00', () => {
    expect(parisWallClock('2026-07-15T21:59:59Z')).toEqual({ day: '2026-07-15', time: '23:59:59' });
    expect(parisWallClock('2026-07-15T22:00:00Z')).toEqual({ day: '2026-07-16', time: '00:00:00' });
    expect(parisWallClock('2026-01-15T11:34:56Z')).toEqual({ day: '2026-01-15', time: '12:34:56' });
  });

  it('shows the repeated hour twice on the autumn change day', () => {
    expect(parisWallClock('2026-10-25T00:30:00Z')).toEqual({ day: '2026-10-25', time: '02:30:00' });
    expect(parisWallClock('2026-10-25T01:30:00Z')).toEqual({ day: '2026-10-25', time: '02:30:00' });
  });

  it('skips from 01:59 to 03:00 on the spring change day', () => {
    expect(parisWallClock('2026-03-29T00:59:59Z')).toEqual({ day: '2026-03-29', time: '01:59:59' });
    expect(parisWallClock('2026-03-29T01:00:00Z')).toEqual({ day: '2026-03-29', time: '03:00:00' });
  });
});

describe('parisDayStart', () => {
  it('is 23:00 UTC the day before in winter and 22:00 UTC in summer', () => {
    expect(parisDayStart('2026-01-15').toISOString()).toBe('2026-01-14T23:00:00.000Z');
    expect(parisDayStart('2026-07-15').toISOString()).toBe('2026-07-14T22:00:00.000Z');
  });

  it('handles the spring change day (2026-03-29 lasts 23 hours)', () => {
    const start = parisDayStart('2026-03-29');
    const next = parisDayStart('2026-03-30');
    expect(start.toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(next.toISOString()).toBe('2026-03-29T22:00:00.000Z');
    expect(next.getTime() - start.getTime()).toBe(23 * HOUR);
  });

  it('handles the autumn change day (2026-10-25 lasts 25 hours)', () => {
    const start = parisDayStart('2026-10-25');
    const next = parisDayStart('2026-10-26');
    expect(start.toISOString()).toBe('2026-10-24T22:00:00.000Z');
    expect(next.toISOString()).toBe('2026-10-25T23:00:00.000Z');
    expect(next.getTime() - start.getTime()).toBe(25 * HOUR);
  });

  it('for every day of 2026, is the first instant whose Paris day is that day', () => {
    for (const day of daysOf(2026)) {
      const start = parisDayStart(day);
      expect(parisWallClock(start), day).toEqual({ day, time: '00:00:00' });
      expect(parisDay(new Date(start.getTime() - 1)), day).toBe(addDays(day, -1));
    }
  });
});

describe('parisLocalToUtc', () => {
  it('converts a Paris wall-clock time in winter and in summer', () => {
    expect(parisLocalToUtc('2026-01-15', '12:34:56')).toBe('2026-01-15T11:34:56.000Z');
    expect(parisLocalToUtc('2026-07-15', '12:00:00')).toBe('2026-07-15T10:00:00.000Z');
    expect(parisLocalToUtc('2026-07-15', '00:30:00')).toBe('2026-07-14T22:30:00.000Z');
  });

  it('defaults to the start of the day', () => {
    expect(parisLocalToUtc('2026-01-15')).toBe('2026-01-14T23:00:00.000Z');
  });

  it('uses the offset in force at that time on the spring change day', () => {
    expect(parisLocalToUtc('2026-03-29', '01:30:00')).toBe('2026-03-29T00:30:00.000Z'); // still +1
    expect(parisLocalToUtc('2026-03-29', '03:00:00')).toBe('2026-03-29T01:00:00.000Z'); // now +2
    expect(parisLocalToUtc('2026-03-29', '12:00:00')).toBe('2026-03-29T10:00:00.000Z');
  });

  it('uses the offset in force at that time on the autumn change day', () => {
    expect(parisLocalToUtc('2026-10-25', '01:30:00')).toBe('2026-10-24T23:30:00.000Z'); // still +2
    expect(parisLocalToUtc('2026-10-25', '12:00:00')).toBe('2026-10-25T11:00:00.000Z'); // now +1
    expect(parisLocalToUtc('2026-10-25', '23:59:59')).toBe('2026-10-25T22:59:59.000Z');
  });

  it('round-trips with parisWallClock for every day of 2026 (outside the 02:xx hour of change days)', () => {
    for (const day of daysOf(2026)) {
      for (const time of ['00:00:00', '01:59:59', '03:00:00', '09:15:30', '12:00:00', '23:59:59']) {
        expect(parisWallClock(parisLocalToUtc(day, time)), `${day} ${time}`).toEqual({ day, time });
      }
    }
  });
});

describe('addDays', () => {
  it('crosses month and year ends, leap years included', () => {
    expect(addDays('2026-01-31', 1)).toBe('2026-02-01');
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2024-02-29', 1)).toBe('2024-03-01');
    expect(addDays('2026-04-30', 1)).toBe('2026-05-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  });

  it('goes backwards and by several days, not disturbed by DST', () => {
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2027-01-01', -1)).toBe('2026-12-31');
    expect(addDays('2026-03-28', 2)).toBe('2026-03-30');
    expect(addDays('2026-10-24', 2)).toBe('2026-10-26');
    expect(addDays('2026-01-15', 0)).toBe('2026-01-15');
    expect(addDays('2026-01-01', 365)).toBe('2027-01-01');
  });
});

describe('toUtcIso', () => {
  it('normalises an instant with an offset to UTC', () => {
    expect(toUtcIso('2018-02-06T07:54:23+01:00')).toBe('2018-02-06T06:54:23.000Z');
    expect(toUtcIso('2018-02-06T07:54:23+0100')).toBe('2018-02-06T06:54:23.000Z');
    expect(toUtcIso('2026-07-15T12:00:00-04:00')).toBe('2026-07-15T16:00:00.000Z');
    expect(toUtcIso('2026-07-15T12:00:00Z')).toBe('2026-07-15T12:00:00.000Z');
    expect(toUtcIso('2026-07-15T12:00:00.250Z')).toBe('2026-07-15T12:00:00.250Z');
    expect(toUtcIso('2026-07-15T12:00+02:00')).toBe('2026-07-15T10:00:00.000Z');
    expect(toUtcIso(' 2026-07-15T12:00:00Z ')).toBe('2026-07-15T12:00:00.000Z');
  });

  it('rejects strings without an offset, dates alone and junk', () => {
    expect(toUtcIso('2026-07-15T12:00:00')).toBeNull();
    expect(toUtcIso('2026-07-15')).toBeNull();
    expect(toUtcIso('20260715120000')).toBeNull();
    expect(toUtcIso('15/07/2026 12:00')).toBeNull();
    expect(toUtcIso('')).toBeNull();
  });

  it('rejects dates that do not exist instead of rolling them over', () => {
    expect(toUtcIso('2026-13-01T00:00:00Z')).toBeNull();
    expect(toUtcIso('2026-02-30T00:00:00Z')).toBeNull();
    expect(toUtcIso('2026-04-31T10:00:00+02:00')).toBeNull();
    expect(toUtcIso('2026-07-15T25:00:00Z')).toBeNull();
    expect(toUtcIso('2024-02-29T10:00:00+01:00')).toBe('2024-02-29T09:00:00.000Z');
  });
});
