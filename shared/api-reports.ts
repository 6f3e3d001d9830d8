import { z } from 'zod';
import { PART_KINDS, PSPS, type PartStatus } from './psp';

/**
 * The daily report finance reads each morning: per Paris day of the order, account and brand, what
 * was paid, refunded, is still pending or failed; totals per day and over the range; and what money
 * should arrive from each voucher issuer and card contract. Amounts are integer cents, each with its
 * currency; a total never mixes currencies (one total per currency).
 */

/** Parts that count as pending: not answered yet, or authorised and waiting for the merchant's validation. */
export const PENDING_STATUSES: readonly PartStatus[] = ['PENDING', 'TO_VALIDATE'];

/** The longest range one report covers, in days. */
export const REPORT_MAX_DAYS = 400;
/** The range when none is asked: the last 30 Paris days, today included. */
export const REPORT_DEFAULT_DAYS = 30;

/** A calendar day, YYYY-MM-DD, that exists (no 2026-02-30). */
export const DaySchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a day such as 2026-11-23')
  .refine((day) => {
    const [y, m, d] = day.split('-').map(Number) as [number, number, number];
    const date = new Date(Date.UTC(y, m - 1, d));
    return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
  }, 'no such day');

const optionalText = z.string().trim().min(1).optional();

export const DailyReportQuerySchema = z.object({
  /** First Paris day, inclusive (default: 29 days before `to`). */
  from: DaySchema.optional(),
  /** Last Paris day, inclusive (default: today in Paris). */
  to: DaySchema.optional(),
  account: optionalText,
  psp: z.enum(PSPS).optional(),
});
export type DailyReportQuery = z.infer<typeof DailyReportQuerySchema>;

export const CSV_FORMATS = ['fr', 'en'] as const;
export type CsvFormat = (typeof CSV_FORMATS)[number];

export const DailyReportCsvQuerySchema = DailyReportQuerySchema.extend({
  /** `fr`: `;`, decimal comma, dd/mm/yyyy, UTF-8 with BOM (Excel in France); `en`: `,`, decimal point, ISO dates. */
  format: z.enum(CSV_FORMATS).default('fr'),
});
export type DailyReportCsvQuery = z.infer<typeof DailyReportCsvQuerySchema>;

const cents = z.number().int();
const count = z.number().int().nonnegative();

/** The figures of a group of parts, in cents of `currency`. */
export const ReportFiguresSchema = z.object({
  currency: z.string(),
  /** Orders with at least one part in the group. */
  orders: count,
  parts: count,
  /** Amounts of the accepted parts (authorised, to capture or captured). */
  gross: cents,
  /** The voucher and card shares of gross. */
  voucher: cents,
  card: cents,
  /** Amounts refunded on the parts. */
  refunds: cents,
  /** gross − refunds. */
  net: cents,
  /** Parts not answered yet, or waiting for the merchant's validation (PENDING_STATUSES). */
  pendingCount: count,
  pendingAmount: cents,
  /** Parts refused, cancelled or expired. */
  failedCount: count,
  /** Amounts captured on the parts (before refunds). */
  captured: cents,
});
export type ReportFigures = z.infer<typeof ReportFiguresSchema>;

/** One Paris day, one account, one brand. */
export const DailyReportRowSchema = ReportFiguresSchema.extend({
  day: z.string(),
  accountId: z.string(),
  psp: z.enum(PSPS),
  kind: z.enum(PART_KINDS),
  brand: z.string(),
});
export type DailyReportRow = z.infer<typeof DailyReportRowSchema>;

export const DailyReportDaySchema = z.object({
  day: z.string(),
  /** By account, then voucher before card, then brand. */
  rows: z.array(DailyReportRowSchema),
  /** One per currency; `orders` counts the orders of the day (an order paid with two brands once). */
  totals: z.array(ReportFiguresSchema),
});
export type DailyReportDay = z.infer<typeof DailyReportDaySchema>;

/** What should arrive: captured minus refunded, for parts of the orders of the range. */
const settlementFigures = {
  currency: z.string(),
  parts: count,
  captured: cents,
  refunds: cents,
  expected: cents,
};

export const VoucherSettlementSchema = z.object({ brand: z.string(), ...settlementFigures });
export type VoucherSettlement = z.infer<typeof VoucherSettlementSchema>;
export const CardSettlementSchema = z.object({ accountId: z.string(), psp: z.enum(PSPS), brand: z.string(), ...settlementFigures });
export type CardSettlement = z.infer<typeof CardSettlementSchema>;

export const DailyReportSchema = z.object({
  /** The range reported, defaults applied. */
  from: z.string(),
  to: z.string(),
  account: z.string().nullable(),
  psp: z.enum(PSPS).nullable(),
  /** Every day of the range, oldest first, including days without orders. */
  days: z.array(DailyReportDaySchema),
  /** Over the whole range, one per currency. */
  totals: z.array(ReportFiguresSchema),
  settlement: z.object({
    /** Per voucher issuer (the brand of voucher parts). */
    vouchers: z.array(VoucherSettlementSchema),
    /** Per card contract: the account and the card brand. */
    cards: z.array(CardSettlementSchema),
  }),
});
export type DailyReport = z.infer<typeof DailyReportSchema>;
