import {
  REPORT_DEFAULT_DAYS,
  REPORT_MAX_DAYS,
  type CardSettlement,
  type DailyReport,
  type DailyReportRow,
  type ReportFigures,
  type VoucherSettlement,
} from '../../shared/api-reports';
import type { PartKind, Psp } from '../../shared/psp';
import { fail, ok, type Result } from '../../shared/result';
import { addDays, parisDay } from '../../shared/time';

/**
 * The daily report from running totals kept per UTC bucket (see migration 005): the bucket of an
 * instant, the Paris day of a bucket, and the report's rows, totals and settlement from the buckets' figures.
 *
 * A bucket is `YYYY-MM-DD` (from the day before at 23:00 UTC to 22:00 UTC) or `YYYY-MM-DD+` (22:00 to
 * 23:00 UTC). Paris is UTC+1 or UTC+2 and changes offset at 01:00 UTC, so each bucket lies within one
 * Paris day; which one is asked of the IANA rules (shared/time.ts), never computed in SQL.
 */

/**
 * The bucket of an instant: its UTC date one hour later, '+' for the 22:00 UTC hour; '' when unreadable.
 * The database computes the same in SQL (report-store.ts, migration 005); tests hold the two together.
 */
export function bucketOf(instant: string): string {
  const t = Date.parse(instant);
  if (Number.isNaN(t)) return '';
  return new Date(t + 3_600_000).toISOString().slice(0, 10) + (new Date(t).getUTCHours() === 22 ? '+' : '');
}

/** The Paris day of every instant in the bucket. */
export function bucketDay(bucket: string): string {
  const late = bucket.endsWith('+');
  const day = late ? bucket.slice(0, -1) : bucket;
  return parisDay(late ? `${day}T22:00:00Z` : `${addDays(day, -1)}T23:00:00Z`);
}

/** The buckets that may hold instants of the Paris days from..to (a few more; bucketDay sorts them out). */
export function bucketRange(from: string, to: string): { first: string; last: string } {
  return { first: `${addDays(from, -1)}+`, last: `${to}+` };
}

/** Every day from..to inclusive, YYYY-MM-DD. */
function daysFrom(from: string, to: string): string[] {
  const days: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`), end = Date.parse(`${to}T00:00:00Z`); t <= end; t += 86_400_000) days.push(new Date(t).toISOString().slice(0, 10));
  return days;
}

/** Days from..to inclusive. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
}

/**
 * The range asked, with the defaults: `to` is today (Paris), `from` the 30th day back from `to`. A range
 * that ends before it starts or spans more than REPORT_MAX_DAYS days is refused, naming the field.
 */
export function resolveRange(query: { from?: string; to?: string }, today: string): Result<{ from: string; to: string }> {
  const to = query.to ?? today;
  const from = query.from ?? addDays(to, -(REPORT_DEFAULT_DAYS - 1));
  const field = query.from ? 'from' : 'to';
  if (from > to) return fail({ code: 'INVALID_RANGE', field, message: `the range starts (${from}) after it ends (${to})` });
  const days = daysBetween(from, to);
  if (days > REPORT_MAX_DAYS) return fail({ code: 'RANGE_TOO_LONG', field, message: `the range covers ${days} days; at most ${REPORT_MAX_DAYS}` });
  return ok({ from, to });
}

/** Figures of one bucket, account, brand and currency, as the totals give them. */
export interface BucketGroup {
  bucket: string;
  accountId: string;
  psp: Psp;
  kind: PartKind;
  brand: string;
  currency: string;
  orders: number;
  parts: number;
  gross: number;
  refunds: number;
  pendingCount: number;
  pendingAmount: number;
  failedCount: number;
  captured: number;
}

/** Orders of one bucket in one currency (an order with two brands counts once). */
export interface BucketOrders {
  bucket: string;
  currency: string;
  orders: number;
}

export interface ReportInput {
  from: string;
  to: string;
  account: string | null;
  psp: Psp | null;
  groups: readonly BucketGroup[];
  orders: readonly BucketOrders[];
}

const FIGURES = ['orders', 'parts', 'gross', 'voucher', 'card', 'refunds', 'net', 'pendingCount', 'pendingAmount', 'failedCount', 'captured'] as const;

function zero(currency: string): ReportFigures {
  return { currency, orders: 0, parts: 0, gross: 0, voucher: 0, card: 0, refunds: 0, net: 0, pendingCount: 0, pendingAmount: 0, failedCount: 0, captured: 0 };
}

function add<T extends ReportFigures>(into: T, figures: ReportFigures, withOrders = true): T {
  for (const key of FIGURES) if (withOrders || key !== 'orders') into[key] += figures[key];
  return into;
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const KIND_ORDER: Record<PartKind, number> = { voucher: 0, card: 1 };

/** The map's value at that composite key, created first when missing. */
function entry<T>(map: Map<string, T>, key: readonly string[], make: () => T): T {
  const k = key.join('\u0000');
  let value = map.get(k);
  if (value === undefined) map.set(k, (value = make()));
  return value;
}

/** Figures summed per currency (`orders` left at 0 when withOrders is false). */
function sumByCurrency(items: Iterable<ReportFigures>, withOrders: boolean): Map<string, ReportFigures> {
  const out = new Map<string, ReportFigures>();
  for (const item of items) add(entry(out, [item.currency], () => zero(item.currency)), item, withOrders);
  return out;
}

const sortedByCurrency = (totals: Map<string, ReportFigures>) => [...totals.values()].sort((a, b) => byText(a.currency, b.currency));

export function buildDailyReport(input: ReportInput): DailyReport {
  const { from, to } = input;
  // Some 730 buckets a year, each looked up once.
  const dayOfBucket = new Map<string, string | null>();
  const dayOf = (bucket: string) => {
    let day = dayOfBucket.get(bucket);
    if (day === undefined) {
      const d = bucketDay(bucket);
      dayOfBucket.set(bucket, (day = d >= from && d <= to ? d : null));
    }
    return day;
  };

  // Buckets into Paris days: a day is one or two buckets (and the day-boundary hour in the other one).
  const rows = new Map<string, DailyReportRow>();
  for (const g of input.groups) {
    const day = dayOf(g.bucket);
    if (day === null) continue;
    const key = `${day}\u0000${g.accountId}\u0000${g.psp}\u0000${g.kind}\u0000${g.brand}\u0000${g.currency}`;
    let row = rows.get(key);
    if (!row) rows.set(key, (row = { day, accountId: g.accountId, psp: g.psp, kind: g.kind, brand: g.brand, ...zero(g.currency) }));
    row.orders += g.orders;
    row.parts += g.parts;
    row.gross += g.gross;
    if (g.kind === 'voucher') row.voucher += g.gross;
    else row.card += g.gross;
    row.refunds += g.refunds;
    row.net += g.gross - g.refunds;
    row.pendingCount += g.pendingCount;
    row.pendingAmount += g.pendingAmount;
    row.failedCount += g.failedCount;
    row.captured += g.captured;
  }
  const ordered = [...rows.values()].sort(
    (a, b) => byText(a.day, b.day) || byText(a.accountId, b.accountId) || KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || byText(a.brand, b.brand) || byText(a.currency, b.currency),
  );

  const ordersByDay = new Map<string, Map<string, number>>();
  for (const o of input.orders) {
    const day = dayOf(o.bucket);
    if (day === null) continue;
    const byCurrency = entry(ordersByDay, [day], () => new Map<string, number>());
    byCurrency.set(o.currency, (byCurrency.get(o.currency) ?? 0) + o.orders);
  }

  const days: DailyReport['days'] = [];
  const rowsOfDay = new Map<string, DailyReportRow[]>();
  for (const row of ordered) entry(rowsOfDay, [row.day], () => []).push(row);
  for (const day of daysFrom(from, to)) {
    const dayRows = rowsOfDay.get(day) ?? [];
    // A brand's orders add up to more than the day's when an order pays with two brands: the day counts each order once.
    const totals = sumByCurrency(dayRows, false);
    for (const [currency, orders] of ordersByDay.get(day) ?? []) entry(totals, [currency], () => zero(currency)).orders = orders;
    days.push({ day, rows: dayRows, totals: sortedByCurrency(totals) });
  }

  const vouchers = new Map<string, VoucherSettlement>();
  const cards = new Map<string, CardSettlement>();
  for (const row of ordered) {
    const figures = { currency: row.currency, parts: 0, captured: 0, refunds: 0, expected: 0 };
    const target =
      row.kind === 'voucher'
        ? entry(vouchers, [row.brand, row.currency], () => ({ brand: row.brand, ...figures }))
        : entry(cards, [row.accountId, row.brand, row.currency], () => ({ accountId: row.accountId, psp: row.psp, brand: row.brand, ...figures }));
    target.parts += row.parts;
    target.captured += row.captured;
    target.refunds += row.refunds;
    target.expected += row.captured - row.refunds;
  }

  return {
    from,
    to,
    account: input.account,
    psp: input.psp,
    days,
    totals: sortedByCurrency(sumByCurrency(days.flatMap((d) => d.totals), true)),
    settlement: {
      vouchers: [...vouchers.values()].sort((a, b) => byText(a.brand, b.brand) || byText(a.currency, b.currency)),
      cards: [...cards.values()].sort((a, b) => byText(a.accountId, b.accountId) || byText(a.brand, b.brand) || byText(a.currency, b.currency)),
    },
  };
}
