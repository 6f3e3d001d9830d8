import { zip } from './zip';

/**
 * A one-sheet XLSX workbook (Office Open XML SpreadsheetML, ECMA-376): typed cells, so a spreadsheet
 * sums amounts and sorts dates without being told how to read them, whatever its locale.
 */
export type XlsxCell =
  /** A decimal number written from integer arithmetic (`-1234.56`): never a float on our side. */
  | { number: string; format: 'amount' | 'integer' | 'dateTime' }
  /** A calendar day, `YYYY-MM-DD`. */
  | { day: string }
  | { text: string };

export interface XlsxSheet {
  name: string;
  header: readonly string[];
  rows: readonly (readonly XlsxCell[])[];
  /** Column widths in characters. */
  widths?: readonly number[];
  /** How dates show: `dd/mm/yyyy` in France, `yyyy-mm-dd` elsewhere (and the same with `hh:mm:ss` for instants). */
  dateFormat: string;
}

const xml = (text: string) =>
  text.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c]!).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');

/** A1-style column letters: 0 → A, 25 → Z, 26 → AA. */
export function columnName(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

/** Spreadsheet day number (days since 1899-12-30, the 1900 date system) of a calendar day. */
export function serialDay(day: string): number {
  return Math.round((Date.parse(`${day}T00:00:00Z`) - Date.UTC(1899, 11, 30)) / 86_400_000);
}

// Cell styles (xl/styles.xml cellXfs): 0 default, 1 header (bold), 2 amount, 3 integer, 4 date, 5 date and time.
const STYLE = { header: 1, amount: 2, integer: 3, date: 4, dateTime: 5 } as const;

function cellXml(cell: XlsxCell, ref: string): string {
  if ('text' in cell) return `<c r="${ref}" t="inlineStr"><is><t xml:space="preserve">${xml(cell.text)}</t></is></c>`;
  if ('day' in cell) return `<c r="${ref}" s="${STYLE.date}"><v>${serialDay(cell.day)}</v></c>`;
  return `<c r="${ref}" s="${STYLE[cell.format]}"><v>${cell.number}</v></c>`;
}

function sheetXml(sheet: XlsxSheet): string {
  const lastColumn = columnName(Math.max(sheet.header.length - 1, 0));
  const header = sheet.header.map((h, i) => `<c r="${columnName(i)}1" t="inlineStr" s="${STYLE.header}"><is><t>${xml(h)}</t></is></c>`).join('');
  const rows = sheet.rows.map((row, r) => `<row r="${r + 2}">${row.map((cell, c) => cellXml(cell, `${columnName(c)}${r + 2}`)).join('')}</row>`).join('');
  const cols = sheet.widths?.length ? `<cols>${sheet.widths.map((w, i) => `<col min="${i + 1}" max="${i + 1}" width="${w}" customWidth="1"/>`).join('')}</cols>` : '';
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
    // The header row stays in view while scrolling.
    '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>' +
    `${cols}<sheetData><row r="1">${header}</row>${rows}</sheetData>` +
    `<autoFilter ref="A1:${lastColumn}${sheet.rows.length + 1}"/>` +
    '</worksheet>'
  );
}

function stylesXml(dateFormat: string): string {
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
    `<numFmts count="2"><numFmt numFmtId="164" formatCode="${xml(dateFormat)}"/><numFmt numFmtId="165" formatCode="${xml(dateFormat)} hh:mm:ss"/></numFmts>` +
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>' +
    '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
    '<cellXfs count="6">' +
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>' +
    // Built-in 4 is `#,##0.00` and 3 is `#,##0`: shown with the reader's own separators.
    '<xf numFmtId="4" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
    '<xf numFmtId="3" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
    '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
    '</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'
  );
}

export function xlsxWorkbook(sheet: XlsxSheet, modified = new Date()): Buffer {
  const file = (name: string, content: string) => ({ name, content: Buffer.from(content, 'utf8') });
  const head = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>';
  const rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  return zip(
    [
      file(
        '[Content_Types].xml',
        `${head}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
          '<Default Extension="xml" ContentType="application/xml"/>' +
          '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
          '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
          '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
          '</Types>',
      ),
      file('_rels/.rels', `${head}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>`),
      file(
        'xl/workbook.xml',
        `${head}<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="${rel}">` +
          `<sheets><sheet name="${xml(sheet.name.slice(0, 31))}" sheetId="1" r:id="rId1"/></sheets>` +
          // An autoFilter needs its defined name for Excel to keep it.
          `<definedNames><definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">'${xml(sheet.name.slice(0, 31)).replace(/'/g, "''")}'!$A$1:$${columnName(Math.max(sheet.header.length - 1, 0))}$${sheet.rows.length + 1}</definedName></definedNames>` +
          '</workbook>',
      ),
      file(
        'xl/_rels/workbook.xml.rels',
        `${head}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
          `<Relationship Id="rId1" Type="${rel}/worksheet" Target="worksheets/sheet1.xml"/>` +
          `<Relationship Id="rId2" Type="${rel}/styles" Target="styles.xml"/>` +
          '</Relationships>',
      ),
      file('xl/styles.xml', stylesXml(sheet.dateFormat)),
      file('xl/worksheets/sheet1.xml', sheetXml(sheet)),
    ],
    modified,
  );
}
