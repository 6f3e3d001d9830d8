import type { CsvFormat, DailyReport, DailyReportRow } from '../../shared/api-reports';
import { brandLabel } from '../../shared/brands';
import { minorDigits } from '../../shared/money';

/**
 * The daily report as a CSV file for a spreadsheet or an accounting system: one line per day, account
 * and brand (the detail rows; totals are left to the spreadsheet, so a SUM never counts them twice).
 *   fr: `;` between fields, decimal comma, dd/mm/yyyy, French headings, UTF-8 with a BOM (Excel in France);
 *   en: `,` between fields, decimal point, ISO dates, English headings, no BOM.
 * Amounts are in major units with the currency's decimals (2 for EUR), written from integer cents
 * without a float. Lines end with CRLF (RFC 4180).
 */

interface Style {
  separator: string;
  decimal: string;
  date: (day: string) => string;
  kind: Record<DailyReportRow['kind'], string>;
  bom: string;
}

const STYLES: Record<CsvFormat, Style> = {
  fr: {
    separator: ';',
    decimal: ',',
    date: (day) => `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}`,
    kind: { voucher: 'titre', card: 'carte' },
    bom: '\uFEFF',
  },
  en: { separator: ',', decimal: '.', date: (day) => day, kind: { voucher: 'voucher', card: 'card' }, bom: '' },
};

type Cell = { text: string } | { amount: number } | { count: number };

interface Column {
  fr: string;
  en: string;
  cell: (row: DailyReportRow, style: Style) => Cell;
}

const text = (value: string): Cell => ({ text: value });
const amount = (key: 'gross' | 'voucher' | 'card' | 'refunds' | 'net' | 'pendingAmount' | 'captured') => (row: DailyReportRow) => ({ amount: row[key] });
const count = (key: 'orders' | 'parts' | 'pendingCount' | 'failedCount') => (row: DailyReportRow) => ({ count: row[key] });

/** The columns, in file order, with their heading in each language. */
export const CSV_COLUMNS: readonly Column[] = [
  { fr: 'Jour', en: 'day', cell: (row, style) => text(style.date(row.day)) },
  { fr: 'Compte', en: 'account', cell: (row) => text(row.accountId) },
  { fr: 'PSP', en: 'psp', cell: (row) => text(row.psp) },
  { fr: 'Type', en: 'kind', cell: (row, style) => text(style.kind[row.kind]) },
  { fr: 'Marque', en: 'brand', cell: (row) => text(row.brand) },
  { fr: 'Libellé marque', en: 'brand_label', cell: (row) => text(brandLabel(row.brand)) },
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

/** `-123456` cents → `-1234,56` (or `.`): integer division only, never a float. */
export function decimalAmount(cents: number, currency: string, separator: string): string {
  const digits = minorDigits(currency);
  const abs = Math.abs(cents);
  const unit = 10 ** digits;
  const major = String(Math.floor(abs / unit));
  const minor = digits > 0 ? separator + String(abs % unit).padStart(digits, '0') : '';
  return `${cents < 0 ? '-' : ''}${major}${minor}`;
}

/**
 * A text field, quoted when it holds the separator, a quote or a line break. A text that a spreadsheet
 * would run as a formula (`=`, `+`, `-`, `@` first) gets a leading apostrophe: brand codes come from
 * the PSPs.
 */
function textField(value: string, separator: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return safe.includes(separator) || /["\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function dailyReportCsv(report: DailyReport, format: CsvFormat): string {
  const style = STYLES[format];
  const lines = [CSV_COLUMNS.map((c) => textField(c[format], style.separator)).join(style.separator)];
  for (const day of report.days) {
    for (const row of day.rows) {
      const cells = CSV_COLUMNS.map((column) => {
        const cell = column.cell(row, style);
        if ('text' in cell) return textField(cell.text, style.separator);
        if ('amount' in cell) return decimalAmount(cell.amount, row.currency, style.decimal);
        return String(cell.count);
      });
      lines.push(cells.join(style.separator));
    }
  }
  return `${style.bom}${lines.join('\r\n')}\r\n`;
}

/** `rapport-quotidien_2026-11-01_2026-11-23.csv`, `daily-report_2026-11-01_2026-11-23.csv`. */
export function dailyReportFileName(report: Pick<DailyReport, 'from' | 'to'>, format: CsvFormat): string {
  return `${format === 'fr' ? 'rapport-quotidien' : 'daily-report'}_${report.from}_${report.to}.csv`;
}
