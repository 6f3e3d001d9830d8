import type { CsvFormat, DailyReport } from '../../shared/api-reports';
import { xlsxWorkbook, type XlsxCell } from '../export/xlsx';
import { decimalAmount, EXPORT_COLUMNS, STYLES } from './daily-report-columns';

const WIDTHS: Record<string, number> = { Jour: 11, day: 11, Compte: 16, account: 16, 'Libellé marque': 24, brand_label: 24 };

/**
 * The daily report as an XLSX workbook: the same columns as the CSV, with amounts as numbers (written
 * from integer cents), days as dates, the header frozen and filterable. `fr` gives French headings
 * and dd/mm/yyyy; `en` English headings and ISO dates.
 */
export function dailyReportXlsx(report: DailyReport, format: CsvFormat, modified = new Date()): Buffer {
  const style = STYLES[format];
  const rows = report.days.flatMap((day) =>
    day.rows.map((row) =>
      EXPORT_COLUMNS.map((column): XlsxCell => {
        const cell = column.cell(row, style);
        if ('text' in cell) return { text: cell.text };
        if ('day' in cell) return { day: cell.day };
        if ('amount' in cell) return { number: decimalAmount(cell.amount, row.currency, '.'), format: 'amount' };
        return { number: String(cell.count), format: 'integer' };
      }),
    ),
  );
  const header = EXPORT_COLUMNS.map((c) => c[format]);
  return xlsxWorkbook(
    {
      name: format === 'fr' ? 'Rapport quotidien' : 'Daily report',
      header,
      rows,
      widths: header.map((h) => WIDTHS[h] ?? Math.max(10, h.length + 2)),
      dateFormat: format === 'fr' ? 'dd/mm/yyyy' : 'yyyy-mm-dd',
    },
    modified,
  );
}
