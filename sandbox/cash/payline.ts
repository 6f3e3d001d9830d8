import { XMLParser } from 'fast-xml-parser';
import type { PaylineAccount } from '../../server/config/accounts';
import { escapeXml, PAYLINE_IMPL_NS, textAt } from '../../server/psp/payline/soap';
import { parisWallClock } from '../../shared/time';
import { finalPhase, paylineResult, paylineTransactionId } from '../notify';
import type { SandboxOrder, SandboxPart } from '../orders';
import type { CashCall, MountCash } from './context';
import { underFault } from './faults';
import type { LedgerOperation } from './ledger';

/**
 * The sandbox Payline DirectPaymentAPI (doRefund, getTransactionDetails) beside the WebPaymentAPI the
 * Sandbox class answers, with Payline's own limits: refund at most what was captured and not yet
 * refunded, within 365 days of the payment (seed 004).
 *
 * Codes and messages are Payline's [C docs.payline.com "Return codes"]; which code Payline gives to
 * which refusal of a refund is not published, so the pairing is ours [I].
 */
export const PAYLINE_CODES = {
  accepted: ['00000', 'ACCEPTED', 'Transaction approved'],
  unknownTransaction: ['02301', 'ERROR', 'Transaction ID is invalid.'],
  notRefundable: ['02302', 'ERROR', 'Transaction is invalid.'],
  wrongContract: ['02303', 'ERROR', 'Invalid contract number.'],
  badField: ['02305', 'ERROR', 'Invalid field format'],
  badAmount: ['02110', 'ERROR', 'The amount is invalid'],
  tooLate: ['02010', 'ERROR', 'Requested function not available'],
  /** The `fail` fault: Payline's internal error, nothing done. */
  internal: ['02101', 'ERROR', 'Internal Error'],
  /** The `already_processed` fault: see the handler. */
  duplicate: ['02001', 'ERROR', 'Duplicate transaction'],
} as const satisfies Record<string, readonly [string, string, string]>;
type Result = readonly [string, string, string];

const REFUND_DAYS = 365;
const DAY_MS = 86_400_000;

/** Payline's id of the refund transaction an operation created. */
export function paylineOperationId(op: LedgerOperation): string {
  return `3${op.id}`;
}

const paylineDate = (at: Date) => {
  const { day, time } = parisWallClock(at);
  return `${day.split('-').reverse().join('/')} ${time.slice(0, 5)}`;
};

const ASSOCIATED_TYPE: Record<LedgerOperation['type'], string> = { refund: 'REFUND', capture: 'CAPTURE', validate: 'CAPTURE', cancel: 'RESET' };

/** An answer body: objects become elements, arrays repeated elements, null and undefined are left out. */
type Node = string | number | null | undefined | Node[] | { [name: string]: Node };
function render(value: { [name: string]: Node }): string {
  return Object.entries(value)
    .flatMap(([k, v]) => (Array.isArray(v) ? v.map((item) => [k, item] as const) : [[k, v] as const]))
    .filter(([, v]) => v !== null && v !== undefined)
    .map(([k, v]) => `<${k}>${typeof v === 'object' ? render(v as { [name: string]: Node }) : escapeXml(String(v))}</${k}>`)
    .join('');
}

function soap(operation: string, body: { [name: string]: Node }): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>' +
    `<ns2:${operation}Response xmlns:ns2="${PAYLINE_IMPL_NS}">${render(body)}</ns2:${operation}Response></soap:Body></soap:Envelope>`
  );
}

const soapFault = (message: string) =>
  '<?xml version="1.0" encoding="UTF-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>' +
  `<soap:Fault><faultcode>soap:Client</faultcode><faultstring>${escapeXml(message)}</faultstring></soap:Fault></soap:Body></soap:Envelope>`;

const result = ([code, shortMessage, longMessage]: Result) => ({ code, shortMessage, longMessage });

const parser = new XMLParser({ removeNSPrefix: true, parseTagValue: false, ignoreAttributes: true, trimValues: true });

/** The operation (`doRefund`...) and its fields, or null when the body is no SOAP request. */
export function readDirectRequest(xml: string): { operation: string; fields: Record<string, unknown> } | null {
  try {
    const body = (parser.parse(xml) as { Envelope?: { Body?: Record<string, unknown> } }).Envelope?.Body;
    const [name, fields] = Object.entries(body ?? {}).find(([k]) => k.endsWith('Request')) ?? [];
    if (!name || !fields || typeof fields !== 'object') return null;
    return { operation: name.replace(/Request$/, ''), fields: fields as Record<string, unknown> };
  } catch {
    return null;
  }
}

const OPERATION_WORD: Record<string, string> = { doRefund: 'refund', getTransactionDetails: 'inquire' };

export const mountPaylineCash: MountCash = (app, context) => {
  const accountOf = (authorization: string | undefined): PaylineAccount | undefined => {
    const m = /^Basic (.+)$/.exec(authorization ?? '');
    if (!m) return undefined;
    const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const [user, key] = [decoded.slice(0, colon), decoded.slice(colon + 1)];
    return [...context.config.accounts.values()].find((a): a is PaylineAccount => a.psp === 'payline' && colon > 0 && a.merchantId === user && a.accessKey === key);
  };

  const find = (account: PaylineAccount, transactionId: string) =>
    context.ledger.find(account.id, (o, p) => o.psp === 'payline' && paylineTransactionId(p) === transactionId);

  const refundAnswer = (r: Result, op?: LedgerOperation, duplicated = false) => ({
    result: result(r),
    transaction: op ? { id: paylineOperationId(op), date: paylineDate(op.at), isDuplicated: duplicated ? '1' : '0', isPossibleFraud: '0' } : undefined,
  });

  /** doRefund within Payline's limits, or its refusal. */
  const refund = (account: PaylineAccount, f: Record<string, unknown>) => {
    const transactionId = textAt(f, 'transactionID') ?? '';
    const found = find(account, transactionId);
    if (!found) return refundAnswer(PAYLINE_CODES.unknownTransaction);
    const { order, part } = found;
    if (textAt(f, 'payment.contractNumber') !== account.contractNumber) return refundAnswer(PAYLINE_CODES.wrongContract);
    const amountText = textAt(f, 'payment.amount') ?? '';
    if (textAt(f, 'payment.action') !== '421' || textAt(f, 'payment.currency') !== '978' || !/^\d{1,12}$/.test(amountText)) return refundAnswer(PAYLINE_CODES.badField);
    const amount = Number(amountText);
    const b = context.ledger.balance(order, part);
    if (b.captured === 0) return refundAnswer(PAYLINE_CODES.notRefundable);
    if (Date.now() - order.createdAt.getTime() > REFUND_DAYS * DAY_MS) return refundAnswer(PAYLINE_CODES.tooLate);
    if (amount <= 0 || amount > b.captured - b.refunded) return refundAnswer(PAYLINE_CODES.badAmount);
    const op = context.ledger.record(account.id, order, part, 'refund', amount, textAt(f, 'sequenceNumber') ?? null);
    return refundAnswer(PAYLINE_CODES.accepted, op);
  };

  /** getTransactionDetails: the payment as getWebPaymentDetails gave it, plus its refunds as associated transactions [I]. */
  const details = (account: PaylineAccount, f: Record<string, unknown>) => {
    const found = find(account, textAt(f, 'transactionId') ?? '');
    if (!found) return { result: result(PAYLINE_CODES.unknownTransaction) };
    const { order, part } = found;
    const phase = finalPhase(part.outcome);
    const [code, short, long] = paylineResult(phase);
    return {
      result: { code, shortMessage: short, longMessage: long },
      transaction: { id: paylineTransactionId(part), date: paylineDate(order.createdAt), isDuplicated: '0' },
      payment: { amount: String(part.amount), currency: '978', action: '101', mode: 'CPT', contractNumber: account.contractNumber },
      order: { ref: order.reference, amount: String(part.amount), currency: '978' },
      associatedTransactionsList: { associatedTransactions: associated(order, part) },
    };
  };

  const associated = (_order: SandboxOrder, part: SandboxPart) =>
    context.ledger.of(part).map((op) => ({
      transactionId: paylineOperationId(op),
      type: ASSOCIATED_TYPE[op.type],
      date: paylineDate(op.at),
      amount: String(op.amount),
      status: 'ACCEPTED',
      originTransactionId: paylineTransactionId(part),
      currency: '978',
    }));

  app.post('/payline/V4/services/DirectPaymentAPI', async (c) => {
    const text = await c.req.text();
    const account = accountOf(c.req.header('authorization'));
    const request = readDirectRequest(text);
    const call: CashCall = {
      at: new Date(),
      psp: 'payline',
      accountId: account?.id ?? null,
      operation: request ? (OPERATION_WORD[request.operation] ?? request.operation) : 'unknown',
      path: c.req.path,
      body: text,
      signatureValid: !!account,
      code: '',
    };
    context.calls.push(call);
    const xml = (operation: string, body: { result: { code: string } } & { [name: string]: Node }) => {
      call.code = body.result.code;
      return c.body(soap(operation, body), 200, { 'content-type': 'text/xml; charset=utf-8' });
    };
    // HTTP Basic merchantId:accessKey, checked before anything is read.
    if (!account) {
      call.code = '401';
      return c.text('Unauthorized', 401, { 'www-authenticate': 'Basic realm="Payline"' });
    }
    if (!request || !(request.operation in OPERATION_WORD)) {
      call.code = 'SOAP_FAULT';
      return c.body(soapFault(request ? `unknown operation ${request.operation}` : 'the request is not a SOAP envelope'), 500, { 'content-type': 'text/xml; charset=utf-8' });
    }
    if (request.operation === 'getTransactionDetails') return xml('getTransactionDetails', details(account, request.fields));

    let last: ReturnType<typeof refund> | undefined;
    const answer = await underFault(
      context.faults,
      'payline',
      () => (last = refund(account, request.fields)),
      (mode) =>
        mode === 'fail'
          ? refundAnswer(PAYLINE_CODES.internal)
          : // already_processed: the refund is done but the answer is Payline's 02001 "Duplicate transaction",
            // its answer to a request it takes for one it already processed (transaction flagged isDuplicated):
            // the caller cannot tell from it whether its own request went through.
            { result: result(PAYLINE_CODES.duplicate), transaction: last?.transaction ? { ...last.transaction, isDuplicated: '1' } : undefined },
    );
    return xml('doRefund', answer);
  });
};
