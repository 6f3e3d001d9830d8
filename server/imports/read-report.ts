import type { ImportError } from '../../shared/api-imports';
import type { Profile } from '../../shared/import-profile';
import { readCsv } from './csv';
import { fitHeader, parseDate, problem, rowReader } from './mapping';
import type { ReportRow } from './report-row';

export interface ReportBatch {
  rows: ReportRow[];
  errors: ImportError[];
  /** The column names, in the batch that read them (Computop's are the positions its version defines). */
  header?: string[];
}

export interface ReadOptions {
  profile: Profile;
  /** The header's line (header layouts), as detection found it. */
  headerLine: number | null;
  encoding: 'utf-8' | 'latin1';
}

/**
 * Reads a report file through its profile, streaming: yields the rows read and the problems found,
 * batch by batch, then the problems of the file's structure (a missing trailer or FOOT, a count or a
 * sum that does not match), which can only be known at the end.
 */
export async function* readReport(source: AsyncIterable<Uint8Array>, options: ReadOptions): AsyncGenerator<ReportBatch> {
  const layout = options.profile.layout;
  const reader = layout.type === 'header' ? new HeaderLayout(options.profile, options.headerLine ?? 1) : new ComputopLayout(options.profile);
  const separator = layout.type === 'header' ? layout.separator : ',';
  for await (const items of readCsv(source, { separator, encoding: options.encoding })) {
    const batch: ReportBatch = { rows: [], errors: [] };
    for (const item of items) {
      if ('fields' in item) reader.record(item.line, item.fields, batch);
      else batch.errors.push(problem(item.line, item.column, null, item.code, item.message));
    }
    yield batch;
  }
  yield { rows: [], errors: reader.end() };
}

interface Layout {
  record(line: number, fields: string[], batch: ReportBatch): void;
  end(): ImportError[];
}

/** A header line naming the columns, optionally a preamble before it (Sips TITLE) and a trailer after the data. */
class HeaderLayout implements Layout {
  private read: ReturnType<typeof rowReader> | null = null;
  private readonly trailer: RegExp | null;
  private trailerLine: number | null = null;
  private rows = 0;
  private lastLine = 0;

  constructor(
    private readonly profile: Profile,
    private readonly headerLine: number,
  ) {
    this.trailer = profile.layout.type === 'header' && profile.layout.trailer ? new RegExp(profile.layout.trailer) : null;
  }

  record(line: number, fields: string[], batch: ReportBatch): void {
    this.lastLine = line;
    if (line < this.headerLine) return;
    if (line === this.headerLine) {
      this.read = rowReader(this.profile, fitHeader(this.profile, fields).map);
      batch.header = fields;
      return;
    }
    if (this.trailerLine !== null) {
      batch.errors.push(problem(line, null, null, 'DATA_AFTER_TRAILER', `a line follows the trailer of line ${this.trailerLine}`));
      return;
    }
    if (this.trailer?.test(fields[0] ?? '')) {
      this.trailerLine = line;
      const announced = fields[1]?.trim();
      if (announced && /^\d+$/.test(announced) && Number(announced) !== this.rows) {
        batch.errors.push(problem(line, 2, null, 'TRAILER_COUNT', `the trailer announces ${announced} rows but the file has ${this.rows}: the file may be cut or edited`));
      }
      return;
    }
    this.rows++;
    const mapped = this.read!(fields, line);
    if (mapped.ok) batch.rows.push(mapped.row);
    else batch.errors.push(...mapped.errors);
  }

  end(): ImportError[] {
    if (!this.read) return [problem(null, null, null, 'NO_HEADER', 'the file ends before its header line')];
    // A day without payments is a report whose trailer says 0; a header alone may be a file cut short.
    if (this.rows === 0 && this.trailerLine === null) return [problem(this.headerLine, null, null, 'NO_ROWS', 'the file has a header but no data rows (and no trailer saying there are none)')];
    // A file that opens with a preamble (Sips TITLE) closes with a trailer: without it, the end is missing.
    if (this.trailer && this.headerLine > 1 && this.trailerLine === null) {
      return [problem(this.lastLine, null, null, 'FILE_CUT', `no trailer line after line ${this.lastLine}: the file is cut`)];
    }
    return [];
  }
}

/** Computop batch: HEAD, records by position (RefNr from version 1.x except 1.0, Code except 1.0 and 2.0), FOOT with count and sum. */
class ComputopLayout implements Layout {
  private read: ReturnType<typeof rowReader> | null = null;
  private foot: number | null = null;
  private count = 0;
  private sum = 0;
  private badRecords = 0;
  private lastLine = 0;
  /** Records carry no date: the HEAD's date is the day of their operations. */
  private day: string | null = null;

  constructor(private readonly profile: Profile) {}

  record(line: number, fields: string[], batch: ReportBatch): void {
    this.lastLine = line;
    const type = fields[0]?.trim();
    const recordType = this.profile.layout.type === 'computop-batch' ? this.profile.layout.recordType : '';
    if (!this.read) {
      if (type !== 'HEAD') {
        batch.errors.push(problem(line, 1, 'Type', 'NO_HEAD', `a batch file starts with HEAD,<MerchantID>,<Date>,<Version>; got "${type}"`));
        return;
      }
      const version = fields[3]?.trim() ?? '';
      if (!/^\d+\.\w+$/.test(version)) batch.errors.push(problem(line, 4, 'Version', 'BAD_VERSION', `expected a batch version like 2.0, got "${version}"`));
      const header = ['Type', 'Action', 'Amount', 'Currency', 'TransID', ...(version === '1.0' ? [] : ['RefNr']), 'PayID', 'Status', ...(version === '1.0' || version === '2.0' ? [] : ['Code'])];
      this.read = rowReader(this.profile, fitHeader(this.profile, header).map);
      batch.header = header;
      const date = fields[2]?.trim() ?? '';
      this.day = parseDate(this.profile.date, date);
      if (!this.day) batch.errors.push(problem(line, 3, 'Date', 'BAD_DATE', `expected the batch date as YYYYMMDD, got "${date}"`));
      return;
    }
    if (this.foot !== null) {
      batch.errors.push(problem(line, null, null, 'DATA_AFTER_FOOT', `a line follows the FOOT of line ${this.foot}`));
      return;
    }
    if (type === 'FOOT') {
      this.foot = line;
      const [count, sum] = [fields[1]?.trim() ?? '', fields[2]?.trim() ?? ''];
      if (count !== String(this.count)) batch.errors.push(problem(line, 2, 'CountRecords', 'FOOT_COUNT', `FOOT says ${count} records, the file has ${this.count}`));
      // With a record already refused, its amount is unknown: the sum cannot be checked.
      if (this.badRecords === 0 && sum !== String(this.sum)) batch.errors.push(problem(line, 3, 'SumAmount', 'FOOT_SUM', `FOOT says the amounts sum to ${sum}, they sum to ${this.sum}`));
      return;
    }
    this.count++;
    if (type !== recordType) {
      this.badRecords++;
      batch.errors.push(problem(line, 1, 'Type', 'UNKNOWN_RECORD', `expected a ${recordType} record, HEAD or FOOT; got "${type}"`));
      return;
    }
    const mapped = this.read(fields, line);
    if (mapped.ok) {
      this.sum += mapped.row.amount;
      batch.rows.push({ ...mapped.row, occurredAt: mapped.row.occurredAt ?? this.day });
    } else {
      this.badRecords++;
      batch.errors.push(...mapped.errors);
    }
  }

  end(): ImportError[] {
    if (!this.read) return [problem(null, null, null, 'NO_HEAD', 'the file has no HEAD line')];
    if (this.foot === null) return [problem(this.lastLine, null, null, 'FILE_CUT', `no FOOT line after line ${this.lastLine}: the file is cut`)];
    return [];
  }
}
