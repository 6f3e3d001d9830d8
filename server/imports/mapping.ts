import type { ImportError } from '../../shared/api-imports';
import { REPORT_FIELDS, type Profile, type ReportField } from '../../shared/import-profile';
import { normaliseCurrency, parseAmount, parseCents } from '../../shared/money';
import { isFullPan, maskPan } from '../../shared/pan';
import { parisLocalToUtc, toUtcIso } from '../../shared/time';
import type { ReportRow } from './report-row';

/** Header names compare without case, accents, spaces, `_`, `-` or apostrophes: `TRANSACTION_REFERENCE` = `transactionReference`. */
export function columnKey(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[\s_\-'’.]/g, '')
    .toUpperCase();
}

/** Where each of our fields sits in a file's rows. */
export interface ColumnMap {
  header: readonly string[];
  index: Partial<Record<ReportField, number>>;
}

export interface HeaderFit {
  map: ColumnMap;
  /** Required fields none of whose column names is in the header. */
  missing: string[];
  /** Header columns the profile does not know. */
  unknown: string[];
  /** How many of the profile's fields the header carries. */
  matched: number;
}

/** How well a header fits a profile: what it maps, what is missing, what is new. */
export function fitHeader(profile: Profile, header: readonly string[]): HeaderFit {
  const positions = new Map<string, number>();
  header.forEach((name, i) => {
    const key = columnKey(name);
    if (!positions.has(key)) positions.set(key, i);
  });
  const index: Partial<Record<ReportField, number>> = {};
  const used = new Set<number>();
  for (const field of REPORT_FIELDS) {
    for (const name of profile.columns[field] ?? []) {
      const at = positions.get(columnKey(name));
      if (at !== undefined) {
        index[field] = at;
        used.add(at);
        break;
      }
    }
  }
  const missing = profile.required.filter((f) => index[f] === undefined).map((f) => profile.columns[f]![0]!);
  const unknown = header.filter((name, i) => !used.has(i) && name.trim() !== '');
  return { map: { header, index }, missing, unknown, matched: Object.keys(index).length };
}

type Mapped = { ok: true; row: ReportRow } | { ok: false; errors: ImportError[] };

/**
 * Reads one data row through the profile: checks the number of fields, then each value, and names
 * the line and column of every problem with what was expected.
 */
export function mapRow(profile: Profile, map: ColumnMap, fields: readonly string[], line: number): Mapped {
  const width = map.header.length;
  if (fields.length !== width) {
    const more = fields.length > width;
    return {
      ok: false,
      errors: [
        problem(line, more ? width + 1 : fields.length, more ? null : map.header[fields.length] ?? null, more ? 'TOO_MANY_FIELDS' : 'TOO_FEW_FIELDS',
          `the line has ${fields.length} fields, the header has ${width}${more ? ': a value may hold the separator without quotes' : ': the line may be cut'}`),
      ],
    };
  }
  const errors: ImportError[] = [];
  const at = (f: ReportField) => map.index[f];
  const text = (f: ReportField): string | null => {
    const i = at(f);
    const v = i === undefined ? undefined : fields[i]?.trim();
    return v ? v : null;
  };
  const fail = (f: ReportField, code: string, message: string) => {
    const i = at(f)!;
    errors.push(problem(line, i + 1, map.header[i] ?? null, code, message));
  };
  for (const f of profile.required) if (!text(f)) fail(f, 'MISSING_VALUE', `${f} is empty; this column must have a value`);
  if (errors.length) return { ok: false, errors };

  const currencyText = text('currency');
  const currency = currencyText ? normaliseCurrency(currencyText) : profile.currency ?? null;
  if (!currency) {
    if (currencyText) fail('currency', 'BAD_CURRENCY', `expected an ISO 4217 currency (EUR or 978), got "${currencyText}"`);
    else errors.push(problem(line, null, null, 'MISSING_CURRENCY', 'the file has no currency column and the profile sets none'));
  }

  const amountText = text('amount') ?? '';
  let amount = 0;
  const parsed = profile.amount === 'cents' ? parseCents(amountText) : parseAmount(amountText, currency ?? 'EUR');
  if (!parsed.ok) {
    fail('amount', 'BAD_AMOUNT', profile.amount === 'cents' ? `expected an amount in cents (digits only, like 1900), got "${amountText}"` : `expected an amount like 19,00 or 19.00, got "${amountText}"`);
  } else {
    amount = typeof parsed.value === 'number' ? parsed.value : parsed.value.cents;
  }

  const dateText = text('occurredAt');
  const occurredAt = dateText ? parseDate(profile.date, dateText) : null;
  if (dateText && !occurredAt) fail('occurredAt', 'BAD_DATE', `expected a real date ${DATE_HINTS[profile.date]}, got "${dateText}"`);

  const statusText = text('status');
  const status = statusText ? profile.statuses?.[statusText] ?? profile.statuses?.[statusText.toUpperCase()] ?? null : null;
  if (statusText && !status) fail('status', 'UNKNOWN_STATUS', `unknown status "${statusText}"; the profile knows ${Object.keys(profile.statuses ?? {}).join(', ')}`);

  const operationName = text('operation');
  const operation = operationName ? profile.operations?.[operationName] ?? profile.operations?.[operationName.toUpperCase()] ?? null : null;
  if (operationName && !operation) fail('operation', 'UNKNOWN_OPERATION', `unknown operation "${operationName}"; the profile knows ${Object.keys(profile.operations ?? {}).join(', ')}`);

  if (errors.length) return { ok: false, errors };

  const result = text('result');
  const panColumn = at('maskedPan');
  // The report keeps every column, but never a full card number (other long numbers, like call numbers, stay).
  const values = fields.map((v, i) => ((i === panColumn || CARD_COLUMN.test(map.header[i] ?? '')) && isFullPan(v) ? maskPan(v) : v));
  const pan = text('maskedPan');
  return {
    ok: true,
    row: {
      line,
      transactionId: text('transactionId'),
      reference: text('reference'),
      callNumber: text('callNumber'),
      brand: text('brand'),
      amount,
      currency: currency!,
      occurredAt,
      status,
      operation,
      operationName,
      succeeded: profile.kind === 'operations' ? (result === null ? true : (profile.successResults ?? []).some((s) => s.toUpperCase() === result.toUpperCase())) : null,
      responseCode: text('responseCode'),
      authorisationId: text('authorisationId'),
      maskedPan: pan && isFullPan(pan) ? maskPan(pan) : pan,
      split: text('split'),
      values,
    },
  };
}

/** Columns that may hold a card number, whatever the profile maps. */
const CARD_COLUMN = /PAN|CARD|CARTE/i;

export function problem(line: number | null, column: number | null, columnName: string | null, code: string, message: string): ImportError {
  return { line, column, columnName, code, message };
}

const DATE_HINTS: Record<Profile['date'], string> = {
  iso: 'in ISO 8601 with its offset (2026-11-22T10:15:00+01:00)',
  'dd/mm/yyyy hh:mm:ss': 'as dd/mm/yyyy hh:mm:ss, Paris time (22/11/2026 10:15:00)',
  yyyymmdd: 'as YYYYMMDD (20261122)',
};

/** A date in the profile's format, as UTC ISO; null when it is not a date that exists. */
export function parseDate(format: Profile['date'], text: string): string | null {
  if (format === 'iso') return toUtcIso(text);
  const m = format === 'yyyymmdd' ? /^(\d{4})(\d{2})(\d{2})$/.exec(text) : /^(\d{2})\/(\d{2})\/(\d{4})(?: (\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(text);
  if (!m) return null;
  const [y, mo, d] = format === 'yyyymmdd' ? [m[1], m[2], m[3]] : [m[3], m[2], m[1]];
  const day = `${y}-${mo}-${d}`;
  const check = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(check.getTime()) || check.toISOString().slice(0, 10) !== day) return null;
  const [h = '00', mi = '00', s = '00'] = format === 'yyyymmdd' ? [] : [m[4], m[5], m[6]].map((x) => x ?? '00');
  if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return null;
  return parisLocalToUtc(day, `${h}:${mi}:${s}`);
}
