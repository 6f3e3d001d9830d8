import type { DailyReport, ReportFigures } from '../../../shared/api-reports';
import { brandLabel } from '../../../shared/brands';
import type { PartKind } from '../../../shared/psp';
import { addDays, parisDay } from '../../../shared/time';

/** How many Paris days the overview chart and brand shares cover, today included. */
export const OVERVIEW_DAYS = 30;

export interface OverviewDays {
  today: string;
  yesterday: string;
  /** First day of the chart (YYYY-MM-DD), OVERVIEW_DAYS - 1 days before today. */
  from: string;
}

/** The Paris days the overview is about, from an instant (the browser's clock). */
export function overviewDays(now: Date): OverviewDays {
  const today = parisDay(now);
  return { today, yesterday: addDays(today, -1), from: addDays(today, -(OVERVIEW_DAYS - 1)) };
}

/**
 * The currency the overview shows: the one of the most orders over the range (EUR for every merchant
 * so far). A total never mixes currencies, so the others are only counted, never added in.
 */
export function mainCurrency(report: DailyReport): string {
  const [first] = [...report.totals].sort((a, b) => b.orders - a.orders);
  return first?.currency ?? 'EUR';
}

/** Orders of the range in other currencies than the one shown, to say so rather than hide them. */
export function ordersInOtherCurrencies(report: DailyReport, currency: string): number {
  return report.totals.filter((t) => t.currency !== currency).reduce((sum, t) => sum + t.orders, 0);
}

const NO_FIGURES = (currency: string): ReportFigures => ({
  currency,
  orders: 0,
  parts: 0,
  gross: 0,
  voucher: 0,
  card: 0,
  refunds: 0,
  net: 0,
  pendingCount: 0,
  pendingAmount: 0,
  failedCount: 0,
  captured: 0,
});

/** A day's totals in that currency; zeros for a day without orders (or one the report does not cover). */
export function dayFigures(report: DailyReport, day: string, currency: string): ReportFigures {
  const found = report.days.find((d) => d.day === day)?.totals.find((t) => t.currency === currency);
  return found ?? NO_FIGURES(currency);
}

export interface ChartDay {
  day: string;
  voucher: number;
  card: number;
}

/** The voucher and card shares of each day's gross, every day of the range (empty days as zeros). */
export function chartSeries(report: DailyReport, currency: string): ChartDay[] {
  return report.days.map((d) => {
    const figures = d.totals.find((t) => t.currency === currency);
    return { day: d.day, voucher: figures?.voucher ?? 0, card: figures?.card ?? 0 };
  });
}

export interface BrandShare {
  brand: string;
  label: string;
  kind: PartKind;
  /** Accepted amount over the range, in cents. */
  gross: number;
}

/**
 * Gross per brand over the range, largest first. A brand appears under the kind of part it paid
 * (a brand is either a voucher or a card); brands with nothing accepted are left out.
 */
export function brandShares(report: DailyReport, currency: string): BrandShare[] {
  const byBrand = new Map<string, BrandShare>();
  for (const day of report.days) {
    for (const row of day.rows) {
      if (row.currency !== currency) continue;
      const key = `${row.kind}\u0000${row.brand}`;
      const share = byBrand.get(key) ?? { brand: row.brand, label: brandLabel(row.brand), kind: row.kind, gross: 0 };
      share.gross += row.gross;
      byBrand.set(key, share);
    }
  }
  return [...byBrand.values()].filter((s) => s.gross > 0).sort((a, b) => b.gross - a.gross || a.label.localeCompare(b.label));
}
