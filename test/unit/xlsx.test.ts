import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import type { DailyReport } from '../../shared/api-reports';
import { dailyReportXlsx } from '../../server/domain/daily-report-export';
import { columnName, serialDay, xlsxWorkbook } from '../../server/export/xlsx';
import { exportCsv, exportXlsx } from '../../server/export/table';
import { zip } from '../../server/export/zip';
import { unzip } from '../support/unzip';

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', parseTagValue: false, isArray: (name) => name === 'row' || name === 'c' });

interface Cell {
  r: string;
  s?: string;
  t?: string;
  v?: string;
  is?: { t: string | { '#text': string } };
}

/** The sheet's cells by reference: `{A1: {value, style, type}}`. */
function cells(workbook: Buffer): Record<string, { value: string; style: string | undefined; type: string | undefined }> {
  const sheet = parser.parse(unzip(workbook).get('xl/worksheets/sheet1.xml')!.toString('utf8'));
  const out: Record<string, { value: string; style: string | undefined; type: string | undefined }> = {};
  for (const row of sheet.worksheet.sheetData.row) {
    for (const c of row.c as Cell[]) {
      const text = c.is ? (typeof c.is.t === 'string' ? c.is.t : c.is.t['#text']) : c.v!;
      out[c.r] = { value: text, style: c.s, type: c.t };
    }
  }
  return out;
}

describe('zip', () => {
  it('writes an archive a reader opens, file by file, with their CRC-32', () => {
    const files = [
      { name: 'a.txt', content: Buffer.from('hello '.repeat(100)) },
      { name: 'dossier/é.xml', content: Buffer.from('<x/>') },
      { name: 'empty', content: Buffer.alloc(0) },
    ];
    const back = unzip(zip(files));
    expect([...back.keys()]).toEqual(['a.txt', 'dossier/é.xml', 'empty']);
    for (const f of files) expect(back.get(f.name)!.equals(f.content)).toBe(true);
  });
});

describe('xlsx', () => {
  it('names columns and days as spreadsheets do', () => {
    expect([0, 25, 26, 51, 701, 702].map(columnName)).toEqual(['A', 'Z', 'AA', 'AZ', 'ZZ', 'AAA']);
    expect(serialDay('1900-03-01')).toBe(61);
    expect(serialDay('2026-11-23')).toBe(46349);
  });

  it('writes typed cells: text escaped, numbers as given, days as serial numbers', () => {
    const book = xlsxWorkbook({
      name: 'Test',
      header: ['Name', 'Amount', 'Day'],
      rows: [[{ text: 'A & <B> "c"' }, { number: '-1234.56', format: 'amount' }, { day: '2026-11-23' }]],
      dateFormat: 'dd/mm/yyyy',
    });
    const got = cells(book);
    expect(got.A1).toMatchObject({ value: 'Name', type: 'inlineStr', style: '1' });
    expect(got.A2).toMatchObject({ value: 'A & <B> "c"', type: 'inlineStr' });
    expect(got.B2).toMatchObject({ value: '-1234.56', style: '2', type: undefined });
    expect(got.C2).toMatchObject({ value: '46349', style: '4' });
    const files = unzip(book);
    expect(files.get('xl/styles.xml')!.toString()).toContain('formatCode="dd/mm/yyyy"');
    expect([...files.keys()].sort()).toEqual(['[Content_Types].xml', '_rels/.rels', 'xl/_rels/workbook.xml.rels', 'xl/styles.xml', 'xl/workbook.xml', 'xl/worksheets/sheet1.xml']);
    for (const [name, content] of files) expect(() => parser.parse(content.toString('utf8')), name).not.toThrow();
  });

  it('writes the daily report with the CSV columns: French headings, amounts in euros from cents, dates', () => {
    const report = {
      from: '2026-11-20',
      to: '2026-11-20',
      days: [
        {
          day: '2026-11-20',
          rows: [
            { day: '2026-11-20', accountId: 'sips-shop', psp: 'sips', kind: 'voucher', brand: 'APETIZ', currency: 'EUR', orders: 3, parts: 3, gross: 570005, voucher: 570005, card: 0, refunds: 1, net: 570004, pendingCount: 0, pendingAmount: 0, failedCount: 1, captured: 570005 },
          ],
        },
      ],
    } as unknown as DailyReport;
    const got = cells(dailyReportXlsx(report, 'fr'));
    expect(got.A1!.value).toBe('Jour');
    expect(got.A2).toMatchObject({ value: String(serialDay('2026-11-20')), style: '4' });
    expect(got.D2!.value).toBe('titre');
    expect(got.H2).toMatchObject({ value: '3', style: '3' });
    expect(got.J2).toMatchObject({ value: '5700.05', style: '2' });
    expect(got.M2).toMatchObject({ value: '0.01', style: '2' });
  });

  it('writes instants in Paris time: a date-time serial in a workbook, day and time in a CSV', () => {
    const columns = [{ fr: 'Demandé', en: 'asked', cell: (row: { at: string }) => ({ instant: row.at }) }];
    const rows = [{ at: '2026-11-23T17:30:00.000Z' }, { at: '2026-07-01T22:00:00.000Z' }];
    const got = cells(exportXlsx(columns, rows, 'fr', 'Test'));
    // 18:30 in Paris (UTC+1): 18.5 / 24 of a day; midnight in summer (UTC+2): the next day, no fraction.
    expect(got.A2).toMatchObject({ value: '46349.770833333', style: '5' });
    expect(got.A3).toMatchObject({ value: String(serialDay('2026-07-02')), style: '5' });
    expect(exportCsv(columns, rows, 'fr')).toBe('\uFEFFDemandé\r\n23/11/2026 18:30:00\r\n02/07/2026 00:00:00\r\n');
    expect(exportCsv(columns, rows, 'en')).toBe('asked\r\n2026-11-23 18:30:00\r\n2026-07-02 00:00:00\r\n');
  });
});
