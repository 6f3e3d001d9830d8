import type { Account, AxeptaAccount, PaylineAccount, SipsAccount, Up2payAccount } from '../server/config/accounts';
import { currencyNumeric } from '../shared/money';
import { addDays, parisDay, parisDayStart, parisWallClock } from '../shared/time';
import {
  axeptaPayId,
  axeptaResult,
  finalPhase,
  paylineResult,
  paylineToken,
  paylineTransactionId,
  sipsOutcome,
  sipsSplitMessage,
  sipsTransactionReference,
  up2payErrorCode,
  type Phase,
} from './notify';
import type { CashWord, LedgerOperation } from './cash/ledger';
import { seededRandom, type SandboxOrder, type SandboxPart } from './orders';

/**
 * The report files the PSPs deliver the morning after a day of payments, written for the orders the
 * sandbox generated, in the formats of the mapping profiles (server/imports/profiles/*.json), so the
 * report import can be tested and demoed. Ids are the ones the sandbox's notifications carry
 * (sandbox/notify.ts), so each row matches the part its notifications created.
 */

/** What the PSP's file says that the product's notifications did not (or said otherwise). */
export type ReportNoise =
  /** That order's rows are left out of both files. */
  | { type: 'missing_row'; reference: string }
  /** The amount of that order's first row, in each file, is off by `delta` cents. */
  | { type: 'amount_differs'; reference: string; delta: number }
  /** An operation done in the PSP's own back office on the order's first part (operations report only): a refund of 100 cents or a cancel of the part amount. */
  | { type: 'outside_operation'; reference: string; operation: 'refund' | 'cancel' };

export interface ReportFile {
  /** The file name as the PSP names it. */
  name: string;
  /** The mapping profile that reads it (server/imports/profiles/<profile>.json). */
  profile: string;
  accountId: string;
  content: Buffer;
  /** Data rows (records), without title, header or trailer lines. */
  rows: number;
}

export interface ReportOptions {
  /** The Paris day (YYYY-MM-DD) the file covers: orders whose createdAt falls on it. */
  day: string;
  noise?: readonly ReportNoise[];
  /** Cash operations the sandbox PSP performed on that day (on orders of any day): the operations report lists them too. */
  performed?: readonly LedgerOperation[];
}

type OperationWord = CashWord;

/** One data row before it is written: its cells by column, its amount apart so noise can change it. */
interface Row {
  reference: string;
  amount: number;
  at: Date;
  cells: Record<string, string>;
}

/** The orders of that account whose createdAt falls on that Paris day, oldest first. */
export function ordersOn(orders: readonly SandboxOrder[], day: string, accountId?: string): SandboxOrder[] {
  return orders
    .filter((o) => (accountId === undefined || o.accountId === accountId) && parisDay(o.createdAt) === day)
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
}

/**
 * The parts the PSP accepted (and so captured): Sips makes one transaction of a split, so its parts
 * are captured together or not at all; the other PSPs treat each part on its own.
 */
export function acceptedParts(order: SandboxOrder): SandboxPart[] {
  if (order.psp === 'sips') return finalPhase(sipsOutcome(order)) === 'accepted' ? [...order.parts] : [];
  return order.parts.filter((p) => finalPhase(p.outcome) === 'accepted');
}

// ---------------------------------------------------------------------------------------------
// Formatting

const pad2 = (n: number) => String(n).padStart(2, '0');
const compactDay = (day: string) => day.replace(/-/g, '');

/** ISO-8601 with the Paris offset of that instant: `2026-03-29T10:05:09+02:00`. */
export function parisIso(instant: Date): string {
  const { day, time } = parisWallClock(instant);
  const seconds = Math.floor(instant.getTime() / 1000) * 1000;
  const offset = Math.round((Date.parse(`${day}T${time}Z`) - seconds) / 60_000);
  const abs = Math.abs(offset);
  return `${day}T${time}${offset < 0 ? '-' : '+'}${pad2(Math.floor(abs / 60))}:${pad2(abs % 60)}`;
}

/** `dd/mm/yyyy hh:mm:ss`, Paris wall clock. */
function parisFrench(instant: Date): string {
  const { day, time } = parisWallClock(instant);
  return `${day.split('-').reverse().join('/')} ${time}`;
}

/** Cents as a French decimal: 1900 → `19,00`. */
function frenchDecimal(cents: number): string {
  const abs = Math.abs(cents);
  return `${cents < 0 ? '-' : ''}${Math.floor(abs / 100)},${pad2(abs % 100)}`;
}

/** RFC 4180: a value holding the separator, a quote or a line break is quoted, its quotes doubled. */
function csvValue(value: string, separator: string): string {
  return value.includes(separator) || /["\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function csvLine(values: readonly string[], separator: string): string {
  return values.map((v) => csvValue(v, separator)).join(separator);
}

// ---------------------------------------------------------------------------------------------
// Noise

function noiseFor(options: ReportOptions, orders: readonly SandboxOrder[]) {
  const references = new Set(orders.map((o) => o.reference));
  const noise = (options.noise ?? []).filter((n) => references.has(n.reference));
  return {
    missing: new Set(noise.filter((n) => n.type === 'missing_row').map((n) => n.reference)),
    deltas: noise.filter((n): n is Extract<ReportNoise, { type: 'amount_differs' }> => n.type === 'amount_differs'),
    outside: noise.filter((n): n is Extract<ReportNoise, { type: 'outside_operation' }> => n.type === 'outside_operation'),
  };
}

/** missing_row, then amount_differs on the first remaining row of the order. */
function applyRowNoise(rows: Row[], noise: ReturnType<typeof noiseFor>): Row[] {
  const kept = rows.filter((r) => !noise.missing.has(r.reference));
  for (const n of noise.deltas) {
    const first = kept.find((r) => r.reference === n.reference);
    if (first) first.amount += n.delta;
  }
  return kept;
}

/** When the back-office operation happened: an hour after the order, within the same Paris day. */
function outsideOperationTime(order: SandboxOrder, day: string): Date {
  const lastSecond = parisDayStart(addDays(day, 1)).getTime() - 1000;
  return new Date(Math.min(order.createdAt.getTime() + 3_600_000, Math.max(lastSecond, order.createdAt.getTime())));
}

/** The cells of one operations-file row (an order's part, the operation and its time) as this PSP writes them. */
type OperationCells = (order: SandboxOrder, part: SandboxPart, operation: OperationWord, at: Date) => Record<string, string>;

/**
 * An operations file's rows for that account and day, in time order: the capture of every accepted
 * part captured automatically (with the noise), the operations done outside, and the cash operations
 * the PSP performed that day on request (refunds, cancellations, captures, validations) on orders of
 * any day.
 */
function operationRows(orders: readonly SandboxOrder[], account: Account, options: ReportOptions, cells: OperationCells): Row[] {
  const mine = ordersOn(orders, options.day, account.id);
  const noise = noiseFor(options, mine);
  const build = (order: SandboxOrder, part: SandboxPart, operation: OperationWord, amount: number, at: Date): Row => ({ reference: order.reference, amount, at, cells: cells(order, part, operation, at) });
  const automatic = mine.filter((o) => o.captureMode !== 'deferred');
  const captures = automatic.flatMap((order) => acceptedParts(order).map((part) => build(order, part, 'capture', part.amount, order.createdAt)));
  const performed = (options.performed ?? []).map((op) => build(op.order, op.part, op.type, op.amount, op.at));
  return [...applyRowNoise(captures, noise), ...outsideRows(mine, options.day, noise, build), ...performed].sort(byTime);
}

/** An operations file with a header line (Sips, Up2pay, Payline). */
function operationsFile(orders: readonly SandboxOrder[], account: Account, options: ReportOptions, file: { name: string; profile: string; format: HeaderFormat }, cells: OperationCells): ReportFile {
  const data = operationRows(orders, account, options, cells);
  return { name: file.name, profile: file.profile, accountId: account.id, content: headerFile(file.format, data), rows: data.length };
}

/** The rows the noise adds for operations done in the PSP's back office: `build` writes one for (order, its first part, operation, amount, time). */
function outsideRows(orders: readonly SandboxOrder[], day: string, noise: ReturnType<typeof noiseFor>, build: (order: SandboxOrder, part: SandboxPart, operation: OperationWord, amount: number, at: Date) => Row): Row[] {
  return noise.outside.flatMap((n) => {
    const order = orders.find((o) => o.reference === n.reference);
    const part = order?.parts[0];
    if (!order || !part) return [];
    return [build(order, part, n.operation, n.operation === 'refund' ? 100 : part.amount, outsideOperationTime(order, day))];
  });
}

const byTime = (a: Row, b: Row) => a.at.getTime() - b.at.getTime();

// ---------------------------------------------------------------------------------------------
// Header files (Sips, Up2pay, Payline)

interface HeaderFormat {
  columns: readonly string[];
  amountColumn: string;
  amount: (cents: number) => string;
  separator: string;
  eol: string;
  encoding: BufferEncoding;
  /** Lines before the header (Sips TITLE). */
  preamble?: string[];
  /** A line after the data, given the number of rows (Sips END). */
  trailer?: (rows: number) => string;
}

function headerFile(format: HeaderFormat, rows: readonly Row[]): Buffer {
  const lines = [
    ...(format.preamble ?? []),
    csvLine(format.columns, format.separator),
    ...rows.map((r) => csvLine(format.columns.map((c) => (c === format.amountColumn ? format.amount(r.amount) : r.cells[c] ?? '')), format.separator)),
    ...(format.trailer ? [format.trailer(rows.length)] : []),
  ];
  return Buffer.from(lines.map((l) => l + format.eol).join(''), format.encoding);
}

// Sips --------------------------------------------------------------------------------------------

/** Sips adds dictionary fields the profiles do not map: one of them, so the import meets it. */
const SIPS_EXTRA = { ORDER_CHANNEL: 'INTERNET' };

const SIPS_JT_COLUMNS = [
  'TRANSACTION_DATE_TIME',
  'TRANSACTION_REFERENCE',
  'ORDER_ID',
  'AMOUNT',
  'CURRENCY_CODE',
  'PAYMENT_MEAN_BRAND',
  'TRANSACTION_STATUS',
  'ACQUIRER_RESPONSE_CODE',
  'AUTHORISATION_ID',
  'MASKED_PAN',
  'ACQUIRER_RESPONSE_MESSAGE',
  ...Object.keys(SIPS_EXTRA),
];
const SIPS_JO_COLUMNS = ['OPERATION_DATE_TIME', 'TRANSACTION_REFERENCE', 'ORDER_ID', 'OPERATION_NAME', 'OPERATION_AMOUNT', 'CURRENCY_CODE', 'PAYMENT_MEAN_BRAND', 'OPERATION_RESULT', ...Object.keys(SIPS_EXTRA)];
const SIPS_OPERATIONS: Record<OperationWord, string> = { capture: 'CAPTURE', refund: 'CREDIT', cancel: 'CANCEL', validate: 'VALIDATE' };
/** Capture mode AUTHOR_CAPTURE with captureDay 0: captured by the next morning. */
const SIPS_STATUS: Record<Phase, string> = { accepted: 'CAPTURED', refused: 'REFUSED', pending: 'PENDING' };

function sipsFormat(account: SipsAccount, options: ReportOptions, report: 'JT' | 'JO'): HeaderFormat {
  const title = report === 'JT' ? 'TRANSACTIONS REPORT' : 'OPERATIONS REPORT';
  return {
    columns: report === 'JT' ? SIPS_JT_COLUMNS : SIPS_JO_COLUMNS,
    amountColumn: report === 'JT' ? 'AMOUNT' : 'OPERATION_AMOUNT',
    amount: String,
    separator: ';',
    eol: '\n',
    encoding: 'utf8',
    preamble: [`TITLE;${report};${title};${account.merchantId};${addDays(options.day, 1)};TAB20_V1`],
    trailer: (rows) => `END;${rows}`,
  };
}

function sipsTransactions(orders: readonly SandboxOrder[], account: SipsAccount, options: ReportOptions): ReportFile {
  const mine = ordersOn(orders, options.day, account.id);
  const noise = noiseFor(options, mine);
  const rows = mine.map((order): Row => {
    const voucher = order.parts.find((p) => p.kind === 'voucher');
    const card = order.parts.find((p) => p.kind === 'card');
    const phase = finalPhase(sipsOutcome(order));
    return {
      reference: order.reference,
      amount: order.parts.reduce((s, p) => s + p.amount, 0),
      at: order.createdAt,
      cells: {
        TRANSACTION_DATE_TIME: parisIso(order.createdAt),
        TRANSACTION_REFERENCE: sipsTransactionReference(order),
        ORDER_ID: order.reference,
        CURRENCY_CODE: currencyNumeric(order.currency) ?? order.currency,
        PAYMENT_MEAN_BRAND: voucher ? 'CONECS' : card!.brand,
        TRANSACTION_STATUS: SIPS_STATUS[phase],
        ACQUIRER_RESPONSE_CODE: phase === 'accepted' ? '00' : phase === 'refused' ? '05' : '',
        AUTHORISATION_ID: (phase === 'accepted' ? card?.authorisationId : null) ?? '',
        MASKED_PAN: (voucher ? null : card!.maskedPan) ?? '',
        // As the notification: the SPLIT message comes with the accepted transaction.
        ACQUIRER_RESPONSE_MESSAGE: (phase === 'accepted' ? sipsSplitMessage(order) : null) ?? '',
        ...SIPS_EXTRA,
      },
    };
  });
  const data = applyRowNoise(rows, noise);
  return { name: `JT_${account.merchantId}_${compactDay(options.day)}.csv`, profile: 'sips-transactions', accountId: account.id, content: headerFile(sipsFormat(account, options, 'JT'), data), rows: data.length };
}

function sipsOperations(orders: readonly SandboxOrder[], account: SipsAccount, options: ReportOptions): ReportFile {
  const file = { name: `JO_${account.merchantId}_${compactDay(options.day)}.csv`, profile: 'sips-operations', format: sipsFormat(account, options, 'JO') };
  return operationsFile(orders, account, options, file, (order, part, operation, at) => ({
    OPERATION_DATE_TIME: parisIso(at),
    TRANSACTION_REFERENCE: sipsTransactionReference(order),
    ORDER_ID: order.reference,
    OPERATION_NAME: SIPS_OPERATIONS[operation],
    CURRENCY_CODE: currencyNumeric(order.currency) ?? order.currency,
    PAYMENT_MEAN_BRAND: part.brand,
    OPERATION_RESULT: 'SUCCESS',
    ...SIPS_EXTRA,
  }));
}

// Up2pay ------------------------------------------------------------------------------------------

const UP2PAY_TRANSACTION_COLUMNS = ['Date', 'Référence', "Numéro d'appel", 'Numéro de transaction', 'Moyen de paiement', 'Montant', 'Devise', 'Statut', 'Autorisation', 'Code réponse'];
const UP2PAY_OPERATION_COLUMNS = ['Date', 'Référence', "Numéro d'appel", 'Numéro de transaction', 'Moyen de paiement', 'Opération', 'Montant', 'Devise', 'Résultat'];
const UP2PAY_STATUS: Record<Phase, string> = { accepted: 'Capturé', refused: 'Refusé', pending: 'En attente' };
const UP2PAY_OPERATIONS: Record<OperationWord, string> = { capture: 'Capture', refund: 'Remboursement', cancel: 'Annulation', validate: 'Validation' };

/** A French back-office export: ISO-8859-1, Windows line ends, decimal amounts with a comma. */
const up2payFormat = (columns: readonly string[]): HeaderFormat => ({ columns, amountColumn: 'Montant', amount: frenchDecimal, separator: ';', eol: '\r\n', encoding: 'latin1' });

function up2payTransactions(orders: readonly SandboxOrder[], account: Up2payAccount, options: ReportOptions): ReportFile {
  const mine = ordersOn(orders, options.day, account.id);
  const noise = noiseFor(options, mine);
  const rows = mine.flatMap((order) =>
    order.parts.map((part): Row => {
      const phase = finalPhase(part.outcome);
      return {
        reference: order.reference,
        amount: part.amount,
        at: order.createdAt,
        cells: {
          Date: parisFrench(order.createdAt),
          Référence: order.reference,
          "Numéro d'appel": order.callNumber,
          'Numéro de transaction': part.transactionId,
          'Moyen de paiement': part.brand,
          Devise: account.currency,
          Statut: UP2PAY_STATUS[phase],
          // A voucher part has no authorisation number, as in the IPN.
          Autorisation: (part.kind === 'card' && phase === 'accepted' ? part.authorisationId : null) ?? '',
          'Code réponse': up2payErrorCode(phase),
        },
      };
    }),
  );
  const data = applyRowNoise(rows, noise);
  return { name: `up2pay_transactions_${compactDay(options.day)}.csv`, profile: 'up2pay-transactions', accountId: account.id, content: headerFile(up2payFormat(UP2PAY_TRANSACTION_COLUMNS), data), rows: data.length };
}

function up2payOperations(orders: readonly SandboxOrder[], account: Up2payAccount, options: ReportOptions): ReportFile {
  const file = { name: `up2pay_operations_${compactDay(options.day)}.csv`, profile: 'up2pay-operations', format: up2payFormat(UP2PAY_OPERATION_COLUMNS) };
  return operationsFile(orders, account, options, file, (order, part, operation, at) => ({
    Date: parisFrench(at),
    Référence: order.reference,
    "Numéro d'appel": order.callNumber,
    'Numéro de transaction': part.transactionId,
    'Moyen de paiement': part.brand,
    Opération: UP2PAY_OPERATIONS[operation],
    Devise: account.currency,
    Résultat: 'OK',
  }));
}

// Payline -----------------------------------------------------------------------------------------

const PAYLINE_TRANSACTION_COLUMNS = ['Transaction ID', 'Order reference', 'Token', 'Date', 'Payment method', 'Amount', 'Currency', 'Status', 'Return code', 'Authorization number'];
const PAYLINE_OPERATION_COLUMNS = ['Original transaction ID', 'Order reference', 'Date', 'Action', 'Amount', 'Currency', 'Status', 'Return code'];
/** Payline action codes: 201 capture, 421 refund; RESET cancels. Payline has no validation: were one asked, it would be a capture. */
const PAYLINE_ACTIONS: Record<OperationWord, string> = { capture: '201', refund: '421', cancel: 'RESET', validate: '201' };

const paylineFormat = (columns: readonly string[]): HeaderFormat => ({ columns, amountColumn: 'Amount', amount: String, separator: ';', eol: '\n', encoding: 'utf8' });

function paylineTransactions(orders: readonly SandboxOrder[], account: PaylineAccount, options: ReportOptions): ReportFile {
  const mine = ordersOn(orders, options.day, account.id);
  const noise = noiseFor(options, mine);
  const rows = mine.flatMap((order) =>
    order.parts.map((part): Row => {
      const phase = finalPhase(part.outcome);
      const [code, status] = paylineResult(phase);
      return {
        reference: order.reference,
        amount: part.amount,
        at: order.createdAt,
        cells: {
          'Transaction ID': paylineTransactionId(part),
          'Order reference': order.reference,
          Token: paylineToken(order, part),
          Date: parisIso(order.createdAt),
          'Payment method': part.brand,
          Currency: order.currency,
          Status: status,
          'Return code': code,
          'Authorization number': (phase === 'accepted' ? part.authorisationId : null) ?? '',
        },
      };
    }),
  );
  const data = applyRowNoise(rows, noise);
  return { name: `payline_transactions_${compactDay(options.day)}.csv`, profile: 'payline-transactions', accountId: account.id, content: headerFile(paylineFormat(PAYLINE_TRANSACTION_COLUMNS), data), rows: data.length };
}

function paylineOperations(orders: readonly SandboxOrder[], account: PaylineAccount, options: ReportOptions): ReportFile {
  const file = { name: `payline_operations_${compactDay(options.day)}.csv`, profile: 'payline-operations', format: paylineFormat(PAYLINE_OPERATION_COLUMNS) };
  return operationsFile(orders, account, options, file, (order, part, operation, at) => ({
    'Original transaction ID': paylineTransactionId(part),
    'Order reference': order.reference,
    Date: parisIso(at),
    Action: PAYLINE_ACTIONS[operation],
    Currency: order.currency,
    Status: 'ACCEPTED',
    'Return code': paylineResult('accepted')[0],
  }));
}

// Axepta ------------------------------------------------------------------------------------------

/** Computop has no validation: were one asked, it would be a capture. */
const AXEPTA_ACTIONS: Record<OperationWord, string> = { capture: 'Capture', refund: 'Credit', cancel: 'Reverse', validate: 'Capture' };

/**
 * A Computop batch response file, version 2.1: `HEAD,<MerchantID>,<YYYYMMDD>,2.1`, one Limonetik
 * record per operation (Action, Amount, Currency, TransID, RefNr, PayID, Status, Code), then
 * `FOOT,<record count>,<sum of record amounts>`.
 */
function axeptaOperations(orders: readonly SandboxOrder[], account: AxeptaAccount, options: ReportOptions): ReportFile {
  const { status, code } = axeptaResult('accepted');
  const data = operationRows(orders, account, options, (order, part, operation) => ({
    Action: AXEPTA_ACTIONS[operation],
    Currency: order.currency,
    TransID: order.reference,
    RefNr: order.callNumber,
    PayID: axeptaPayId(order, part),
    Status: status,
    Code: code,
  }));
  const c = (r: Row, name: string) => r.cells[name] ?? '';
  const lines = [
    csvLine(['HEAD', account.merchantId, compactDay(options.day), '2.1'], ','),
    ...data.map((r) => csvLine(['Limonetik', c(r, 'Action'), String(r.amount), c(r, 'Currency'), c(r, 'TransID'), c(r, 'RefNr'), c(r, 'PayID'), c(r, 'Status'), c(r, 'Code')], ',')),
    csvLine(['FOOT', String(data.length), String(data.reduce((s, r) => s + r.amount, 0))], ','),
  ];
  return {
    name: `P${compactDay(options.day)}001${account.merchantId}.dat`,
    profile: 'axepta-batch',
    accountId: account.id,
    content: Buffer.from(lines.map((l) => `${l}\n`).join(''), 'utf8'),
    rows: data.length,
  };
}

// ---------------------------------------------------------------------------------------------
// Entry points

/**
 * The transactions report of that account for the orders created on `options.day` (Paris), as the
 * PSP delivers it the next morning (other accounts' and days' orders are left out). Axepta delivers
 * no transactions report, only its batch response file (operationsReport): null for an Axepta account.
 */
export function transactionsReport(orders: readonly SandboxOrder[], account: SipsAccount | Up2payAccount | PaylineAccount, options: ReportOptions): ReportFile;
export function transactionsReport(orders: readonly SandboxOrder[], account: Account, options: ReportOptions): ReportFile | null;
export function transactionsReport(orders: readonly SandboxOrder[], account: Account, options: ReportOptions): ReportFile | null {
  switch (account.psp) {
    case 'sips':
      return sipsTransactions(orders, account, options);
    case 'up2pay':
      return up2payTransactions(orders, account, options);
    case 'payline':
      return paylineTransactions(orders, account, options);
    case 'axepta':
      return null;
  }
}

/**
 * The operations report of that account for the orders created on `options.day` (Paris): a capture
 * per accepted part (Axepta: the batch response file), plus the outside operations of the noise.
 */
export function operationsReport(orders: readonly SandboxOrder[], account: Account, options: ReportOptions): ReportFile {
  switch (account.psp) {
    case 'sips':
      return sipsOperations(orders, account, options);
    case 'up2pay':
      return up2payOperations(orders, account, options);
    case 'payline':
      return paylineOperations(orders, account, options);
    case 'axepta':
      return axeptaOperations(orders, account, options);
  }
}

/**
 * Picks a few orders of the list (seeded) for each noise type: per account, among the orders with an
 * accepted part (so they have rows in both files), one missing row, one amount off by a few cents,
 * one outside refund and one outside cancel, each on a different order while there are enough.
 * Give it the orders of the day reported on, so that each noise lands in that day's files.
 */
export function defaultNoise(orders: readonly SandboxOrder[], seed = 17): ReportNoise[] {
  const rng = seededRandom(seed);
  const byAccount = new Map<string, SandboxOrder[]>();
  for (const order of orders) {
    if (acceptedParts(order).length === 0) continue;
    byAccount.set(order.accountId, [...(byAccount.get(order.accountId) ?? []), order]);
  }
  const noise: ReportNoise[] = [];
  for (const candidates of byAccount.values()) {
    const pool = [...candidates];
    const take = () => (pool.length ? pool.splice(Math.floor(rng() * pool.length), 1)[0]! : undefined);
    const missing = take();
    if (missing) noise.push({ type: 'missing_row', reference: missing.reference });
    const differs = take();
    if (differs) {
      const magnitude = 1 + Math.floor(rng() * 500);
      // Never below one cent: the first row's amount is at least the smallest part's.
      const smallest = Math.min(...differs.parts.map((p) => p.amount));
      const delta = rng() < 0.5 && magnitude < smallest ? -magnitude : magnitude;
      noise.push({ type: 'amount_differs', reference: differs.reference, delta });
    }
    for (const operation of ['refund', 'cancel'] as const) {
      const order = take();
      if (order) noise.push({ type: 'outside_operation', reference: order.reference, operation });
    }
  }
  return noise;
}
