import type { CsvFormat, DailyReportRow } from '../../shared/api-reports';
import { brandLabel } from '../../shared/brands';
import { minorDigits } from '../../shared/money';

/**
 * The daily report's export columns, for every file format (CSV, XLSX): one line per day, account and
 * brand (the detail rows; totals are left to the spreadsheet, so a SUM never counts them twice), with
 * French or English headings and words.
 */

export interface Style {
  separator: string;
  decimal: string;
  date: (day: string) => string;
  kind: Record<DailyReportRow['kind'], string>;
  bom: string;
}

export const STYLES: Record<CsvFormat, Style> = {
  fr: {
    separator: ';',
    decimal: ',',
    date: (day) => `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}`,
    kind: { voucher: 'titre', card: 'carte' },
    bom: '\uFEFF',
  },
  en: { separator: ',', decimal: '.', date: (day) => day, kind: { voucher: 'voucher', card: 'card' }, bom: '' },
};

export type Cell = { text: string } | { amount: number } | { count: number } | { day: string };

export interface Column {
  fr: string;
  en: string;
  cell: (row: DailyReportRow, style: Style) => Cell;
}

const text = (value: string): Cell => ({ text: value });
const amount = (key: 'gross' | 'voucher' | 'card' | 'refunds' | 'net' | 'pendingAmount' | 'captured') => (row: DailyReportRow) => ({ amount: row[key] });
const count = (key: 'orders' | 'parts' | 'pendingCount' | 'failedCount') => (row: DailyReportRow) => ({ count: row[key] });

/** The columns, in file order, with their heading in each language. */
export const EXPORT_COLUMNS: readonly Column[] = [
  { fr: 'Jour', en: 'day', cell: (row) => ({ day: row.day }) },
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

