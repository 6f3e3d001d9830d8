import type { CsvFormat, DailyReport, DailyReportRow } from '../../shared/api-reports';
import { brandLabel } from '../../shared/brands';
import { exportCsv, exportXlsx, type ExportCell, type ExportColumn } from '../export/table';

/**
 * The daily report as a file for a spreadsheet or an accounting system: one line per day, account and
 * brand (the detail rows; totals are left to the spreadsheet, so a SUM never counts them twice).
 */
const KIND_WORDS: Record<CsvFormat, Record<DailyReportRow['kind'], string>> = { fr: { voucher: 'titre', card: 'carte' }, en: { voucher: 'voucher', card: 'card' } };

const text = (value: string): ExportCell => ({ text: value });
const amount = (key: 'gross' | 'voucher' | 'card' | 'refunds' | 'net' | 'pendingAmount' | 'captured') => (row: DailyReportRow) => ({ amount: row[key], currency: row.currency });
const count = (key: 'orders' | 'parts' | 'pendingCount' | 'failedCount') => (row: DailyReportRow) => ({ count: row[key] });

/** The columns, in file order, with their heading in each language. */
export const DAILY_REPORT_COLUMNS: readonly ExportColumn<DailyReportRow>[] = [
  { fr: 'Jour', en: 'day', cell: (row) => ({ day: row.day }), width: 11 },
  { fr: 'Compte', en: 'account', cell: (row) => text(row.accountId), width: 16 },
  { fr: 'PSP', en: 'psp', cell: (row) => text(row.psp) },
  { fr: 'Type', en: 'kind', cell: (row, format) => text(KIND_WORDS[format][row.kind]) },
  { fr: 'Marque', en: 'brand', cell: (row) => text(row.brand) },
  { fr: 'Libellé marque', en: 'brand_label', cell: (row) => text(brandLabel(row.brand)), width: 24 },
  { fr: 'Devise', en: 'currency', cell: (row) => text(row.currency) },
  { fr: 'Commandes', en: 'orders', cell: count('orders') },
  { fr: 'Parts', en: 'parts', cell: count('parts') },
  { fr: 'Brut', en: 'gross', cell: amount('gross') },
  { fr: 'Titres', en: 'voucher', cell: amount('voucher') },
  { fr: 'Carte', en: 'card', cell: amount('card') },
  { fr: 'Remboursements', en: 'refunds', cell: amount('refunds') },
  { fr: 'Net', en: 'net', cell: amount('net') },
  { fr: 'En attente (nombre)', en: 'pending_count', cell: count('pendingCount') },
  { fr: 'En attente (montant)', en: 'pending_amount', cell: amount('pendingAmount') },
  { fr: 'Échecs (nombre)', en: 'failed_count', cell: count('failedCount') },
  { fr: 'Capturé', en: 'captured', cell: amount('captured') },
];

const rowsOf = (report: DailyReport) => report.days.flatMap((d) => d.rows);

export function dailyReportCsv(report: DailyReport, format: CsvFormat): string {
  return exportCsv(DAILY_REPORT_COLUMNS, rowsOf(report), format);
}

/** Amounts as numbers, days as dates, the header frozen and filterable. */
export function dailyReportXlsx(report: DailyReport, format: CsvFormat, modified = new Date()): Buffer {
  return exportXlsx(DAILY_REPORT_COLUMNS, rowsOf(report), format, format === 'fr' ? 'Rapport quotidien' : 'Daily report', modified);
}

/** `rapport-quotidien_2026-11-01_2026-11-23.csv`, `daily-report_2026-11-01_2026-11-23.xlsx`. */
export function dailyReportFileName(report: Pick<DailyReport, 'from' | 'to'>, format: CsvFormat, extension: 'csv' | 'xlsx' = 'csv'): string {
  return `${format === 'fr' ? 'rapport-quotidien' : 'daily-report'}_${report.from}_${report.to}.${extension}`;
}
