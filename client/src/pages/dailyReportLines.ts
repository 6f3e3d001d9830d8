import type { DailyReport, ReportFigures } from '../../../shared/api-reports';
import type { PartKind, Psp } from '../../../shared/psp';

/**
 * The lines of the daily report table: the latest day first (what finance opens the report for),
 * each day's brand rows then its total (one per currency), and the range's total last. Days without
 * orders have no lines (the chart shows them as empty days). `daysOnly` keeps the totals alone.
 */
export interface ReportLine {
  id: string;
  level: 'brand' | 'day' | 'range';
  day: string | null;
  /** The first line of its day, where the date is written. */
  firstOfDay: boolean;
  /** The first line of its account within the day, where the account is written. */
  firstOfAccount: boolean;
  accountId: string | null;
  psp: Psp | null;
  kind: PartKind | null;
  brand: string | null;
  figures: ReportFigures;
}

const TOTAL = { accountId: null, psp: null, kind: null, brand: null, firstOfAccount: false } as const;

export function reportLines(report: DailyReport, options: { daysOnly?: boolean } = {}): ReportLine[] {
  const lines: ReportLine[] = [];
  for (const day of [...report.days].reverse()) {
    if (day.totals.length === 0) continue;
    if (!options.daysOnly) {
      day.rows.forEach((row, i) => {
        const { day: _day, accountId, psp, kind, brand, ...figures } = row;
        const firstOfAccount = i === 0 || day.rows[i - 1]!.accountId !== accountId;
        lines.push({ id: `${row.day}/${accountId}/${kind}/${brand}/${row.currency}`, level: 'brand', day: row.day, firstOfDay: i === 0, firstOfAccount, accountId, psp, kind, brand, figures });
      });
    }
    day.totals.forEach((totals, i) => {
      lines.push({ id: `${day.day}/total/${totals.currency}`, level: 'day', day: day.day, firstOfDay: !!options.daysOnly && i === 0, ...TOTAL, figures: totals });
    });
  }
  for (const totals of report.totals) lines.push({ id: `range/${totals.currency}`, level: 'range', day: null, firstOfDay: false, ...TOTAL, figures: totals });
  return lines;
}

/** One settlement line (an issuer or a card contract) or the total per currency of a list of them. */
export interface SettlementLine {
  id: string;
  total: boolean;
  accountId: string | null;
  psp: Psp | null;
  brand: string | null;
  currency: string;
  parts: number;
  captured: number;
  refunds: number;
  expected: number;
}

export function settlementLines(items: readonly (Omit<SettlementLine, 'id' | 'total' | 'accountId' | 'psp'> & { accountId?: string; psp?: Psp })[]): SettlementLine[] {
  const lines: SettlementLine[] = items.map((s) => ({ ...s, id: [s.accountId ?? '', s.brand, s.currency].join('/'), total: false, accountId: s.accountId ?? null, psp: s.psp ?? null }));
  const totals = new Map<string, SettlementLine>();
  for (const s of lines) {
    const t = totals.get(s.currency) ?? { id: `total/${s.currency}`, total: true, accountId: null, psp: null, brand: null, currency: s.currency, parts: 0, captured: 0, refunds: 0, expected: 0 };
    t.parts += s.parts;
    t.captured += s.captured;
    t.refunds += s.refunds;
    t.expected += s.expected;
    totals.set(s.currency, t);
  }
  return [...lines, ...totals.values()];
}
