import type { CsvFormat, DailyReport } from '../../shared/api-reports';
import { decimalAmount, EXPORT_COLUMNS, STYLES } from './daily-report-columns';

/**
 * The daily report as a CSV file for a spreadsheet or an accounting system (columns in ./daily-report-columns):
 *   fr: `;` between fields, decimal comma, dd/mm/yyyy, French headings, UTF-8 with a BOM (Excel in France);
 *   en: `,` between fields, decimal point, ISO dates, English headings, no BOM.
 * Amounts are in major units with the currency's decimals (2 for EUR), written from integer cents
 * without a float. Lines end with CRLF (RFC 4180).
 */

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
  const lines = [EXPORT_COLUMNS.map((c) => textField(c[format], style.separator)).join(style.separator)];
  for (const day of report.days) {
    for (const row of day.rows) {
      const cells = EXPORT_COLUMNS.map((column) => {
        const cell = column.cell(row, style);
        if ('text' in cell) return textField(cell.text, style.separator);
        if ('amount' in cell) return decimalAmount(cell.amount, row.currency, style.decimal);
        if ('day' in cell) return style.date(cell.day);
        return String(cell.count);
      });
      lines.push(cells.join(style.separator));
    }
  }
  return `${style.bom}${lines.join('\r\n')}\r\n`;
}

/** `rapport-quotidien_2026-11-01_2026-11-23.csv`, `daily-report_2026-11-01_2026-11-23.xlsx`. */
export function dailyReportFileName(report: Pick<DailyReport, 'from' | 'to'>, format: CsvFormat, extension: 'csv' | 'xlsx' = 'csv'): string {
  return `${format === 'fr' ? 'rapport-quotidien' : 'daily-report'}_${report.from}_${report.to}.${extension}`;
}
