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
type RowReader = (fields: readonly string[], line: number) => Mapped;

/**
 * Reads data rows through the profile: checks the number of fields, then each value, and names the
 * line and column of every problem with what was expected. Built once per header, since a file's rows
 * come by the million: column positions and card columns found once, no closure per row, and the last
 * date and currency remembered (rows of a report come in time order, many in the same second).
 */
export function rowReader(profile: Profile, map: ColumnMap): RowReader {
  const width = map.header.length;
  const position = (f: ReportField) => map.index[f] ?? -1;
  const [transactionIdAt, referenceAt, callNumberAt, brandAt, amountAt, currencyAt, dateAt, statusAt, operationAt, resultAt, responseCodeAt, authorisationIdAt, panAt, splitAt] = (
    ['transactionId', 'reference', 'callNumber', 'brand', 'amount', 'currency', 'occurredAt', 'status', 'operation', 'result', 'responseCode', 'authorisationId', 'maskedPan', 'split'] as const
  ).map(position) as number[] as [number, number, number, number, number, number, number, number, number, number, number, number, number, number];
  const required = profile.required.map(position);
  // The report keeps every column, but never a full card number (other long numbers, like call numbers, stay).
  const cardColumns = map.header.flatMap((name, i) => (i === panAt || CARD_COLUMN.test(name) ? [i] : []));
  const successResults = (profile.successResults ?? []).map((s) => s.toUpperCase());
  const fail = (errors: ImportError[], line: number, i: number, code: string, message: string) => errors.push(problem(line, i + 1, map.header[i] ?? null, code, message));
  let lastDateText: string | null = null;
  let lastDate: string | null = null;
  let lastCurrencyText: string | null = null;
  let lastCurrency: string | null = null;

  return (fields, line) => {
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
    for (let r = 0; r < required.length; r++) {
      if (!valueAt(fields, required[r]!)) fail(errors, line, required[r]!, 'MISSING_VALUE', `${profile.required[r]} is empty; this column must have a value`);
    }
    if (errors.length) return { ok: false, errors };

    const currencyText = valueAt(fields, currencyAt);
    if (currencyText !== lastCurrencyText) {
      lastCurrencyText = currencyText;
      lastCurrency = currencyText ? normaliseCurrency(currencyText) : profile.currency ?? null;
    }
    const currency = lastCurrency;
    if (!currency) {
      if (currencyText) fail(errors, line, currencyAt, 'BAD_CURRENCY', `expected an ISO 4217 currency (EUR or 978), got "${currencyText}"`);
      else errors.push(problem(line, null, null, 'MISSING_CURRENCY', 'the file has no currency column and the profile sets none'));
    }

    const amountText = valueAt(fields, amountAt) ?? '';
    let amount = 0;
    const parsed = profile.amount === 'cents' ? parseCents(amountText) : parseAmount(amountText, currency ?? 'EUR');
    if (!parsed.ok) {
      fail(errors, line, amountAt, 'BAD_AMOUNT', profile.amount === 'cents' ? `expected an amount in cents (digits only, like 1900), got "${amountText}"` : `expected an amount like 19,00 or 19.00, got "${amountText}"`);
    } else {
      amount = typeof parsed.value === 'number' ? parsed.value : parsed.value.cents;
    }

    const dateText = valueAt(fields, dateAt);
    if (dateText !== lastDateText) {
      lastDateText = dateText;
      lastDate = dateText ? parseDate(profile.date, dateText) : null;
    }
    const occurredAt = lastDate;
    if (dateText && !occurredAt) fail(errors, line, dateAt, 'BAD_DATE', `expected a real date ${DATE_HINTS[profile.date]}, got "${dateText}"`);

    const statusText = valueAt(fields, statusAt);
    const status = statusText ? profile.statuses?.[statusText] ?? profile.statuses?.[statusText.toUpperCase()] ?? null : null;
    if (statusText && !status) fail(errors, line, statusAt, 'UNKNOWN_STATUS', `unknown status "${statusText}"; the profile knows ${Object.keys(profile.statuses ?? {}).join(', ')}`);

    const operationName = valueAt(fields, operationAt);
    const operation = operationName ? profile.operations?.[operationName] ?? profile.operations?.[operationName.toUpperCase()] ?? null : null;
    if (operationName && !operation) fail(errors, line, operationAt, 'UNKNOWN_OPERATION', `unknown operation "${operationName}"; the profile knows ${Object.keys(profile.operations ?? {}).join(', ')}`);

    if (errors.length) return { ok: false, errors };

    const values = fields.slice();
    for (const i of cardColumns) if (isFullPan(values[i]!)) values[i] = maskPan(values[i]!);
    const result = valueAt(fields, resultAt);
    const pan = valueAt(fields, panAt);
    return {
      ok: true,
      row: {
        line,
        transactionId: valueAt(fields, transactionIdAt),
        reference: valueAt(fields, referenceAt),
        callNumber: valueAt(fields, callNumberAt),
        brand: valueAt(fields, brandAt),
        amount,
        currency: currency!,
        occurredAt,
        status,
        operation,
        operationName,
        succeeded: profile.kind === 'operations' ? (result === null ? true : successResults.includes(result.toUpperCase())) : null,
        responseCode: valueAt(fields, responseCodeAt),
        authorisationId: valueAt(fields, authorisationIdAt),
        maskedPan: pan && isFullPan(pan) ? maskPan(pan) : pan,
        split: valueAt(fields, splitAt),
        values,
      },
    };
  };
}

/** A field's value, trimmed; null when the column is absent or the value empty. */
function valueAt(fields: readonly string[], i: number): string | null {
  if (i < 0) return null;
  const v = fields[i]!.trim();
  return v === '' ? null : v;
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
