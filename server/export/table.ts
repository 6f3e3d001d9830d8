import type { CsvFormat } from '../../shared/api-reports';
import { minorDigits } from '../../shared/money';
import { parisWallClock } from '../../shared/time';
import { serialDay, xlsxWorkbook, type XlsxCell } from './xlsx';

/**
 * A list exported for a spreadsheet or an accounting system, defined once as columns and written as
 * CSV or XLSX, in French or in English:
 *   fr: `;` between fields, decimal comma, dd/mm/yyyy, French headings, UTF-8 with a BOM (Excel in France);
 *   en: `,` between fields, decimal point, ISO dates, English headings, no BOM.
 * Amounts are in major units with the currency's decimals, written from integer cents without a float;
 * instants are shown in Paris time.
 */
export type ExportCell =
  | { text: string }
  | { amount: number; currency: string }
  | { count: number }
  /** A calendar day, `YYYY-MM-DD`. */
  | { day: string }
  /** An instant (ISO-8601), shown as its Paris date and time. */
  | { instant: string };

export interface ExportColumn<R> {
  fr: string;
  en: string;
  cell: (row: R, format: CsvFormat) => ExportCell | null;
  /** Width in characters in a workbook. */
  width?: number;
}

const FORMATS = {
  fr: { separator: ';', decimal: ',', bom: '\uFEFF', date: (day: string) => `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}`, dateFormat: 'dd/mm/yyyy' },
  en: { separator: ',', decimal: '.', bom: '', date: (day: string) => day, dateFormat: 'yyyy-mm-dd' },
} as const;

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
 * would run as a formula (`=`, `+`, `-`, `@` first) gets a leading apostrophe: brand codes, references
 * and reasons come from outside.
 */
function textField(value: string, separator: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return safe.includes(separator) || /["\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function csvCell(cell: ExportCell | null, format: CsvFormat): string {
  const f = FORMATS[format];
  if (cell === null) return '';
  if ('text' in cell) return textField(cell.text, f.separator);
  if ('amount' in cell) return decimalAmount(cell.amount, cell.currency, f.decimal);
  if ('count' in cell) return String(cell.count);
  if ('day' in cell) return f.date(cell.day);
  const { day, time } = parisWallClock(cell.instant);
  return `${f.date(day)} ${time}`;
}

/** Lines end with CRLF (RFC 4180). */
export function exportCsv<R>(columns: readonly ExportColumn<R>[], rows: Iterable<R>, format: CsvFormat): string {
  const { separator, bom } = FORMATS[format];
  const lines = [columns.map((c) => textField(c[format], separator)).join(separator)];
  for (const row of rows) lines.push(columns.map((c) => csvCell(c.cell(row, format), format)).join(separator));
  return `${bom}${lines.join('\r\n')}\r\n`;
}

function xlsxCell(cell: ExportCell | null): XlsxCell {
  if (cell === null) return { text: '' };
  if ('text' in cell) return { text: cell.text };
  if ('amount' in cell) return { number: decimalAmount(cell.amount, cell.currency, '.'), format: 'amount' };
  if ('count' in cell) return { number: String(cell.count), format: 'integer' };
  if ('day' in cell) return { day: cell.day };
  // A date-time serial: the Paris day, plus the time of day as a fraction written from whole seconds.
  const { day, time } = parisWallClock(cell.instant);
  const [h, m, s] = time.split(':').map(Number) as [number, number, number];
  const fraction = String(Math.round(((h * 3600 + m * 60 + s) / 86_400) * 1e9)).padStart(9, '0').replace(/0+$/, '');
  return { number: fraction ? `${serialDay(day)}.${fraction}` : String(serialDay(day)), format: 'dateTime' };
}

export function exportXlsx<R>(columns: readonly ExportColumn<R>[], rows: Iterable<R>, format: CsvFormat, sheetName: string, modified = new Date()): Buffer {
  return xlsxWorkbook(
    {
      name: sheetName,
      header: columns.map((c) => c[format]),
      rows: [...rows].map((row) => columns.map((c) => xlsxCell(c.cell(row, format)))),
      widths: columns.map((c) => c.width ?? Math.max(10, c[format].length + 2)),
      dateFormat: FORMATS[format].dateFormat,
    },
    modified,
  );
}
