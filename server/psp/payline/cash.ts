import { currencyNumeric, parseCents } from '../../../shared/money';
import type { PaylineAccount } from '../../config/accounts';
import type { CashConnector, CashInquiry, CashOutcome, CashRequest, CashTarget, InquiryResult } from '../cash';
import { textAt, type XmlObject } from './soap';
import { callPayline } from './web-payment';

/**
 * Payline cash operations (PSP-FORMATS.md §6): refunds by DirectPaymentAPI `doRefund`, inquiries by
 * `getTransactionDetails`. Payconiq at Payline offers nothing else (seed 004): no capture (it is paid
 * at once, action 101), no cancel, no validation.
 */

export const PAYLINE_DIRECT_API = 'DirectPaymentAPI';
/** Payline action codes [C]: 421 refund; the mode is CPT (cash) for a one-shot Payconiq payment. */
export const PAYLINE_REFUND_ACTION = '421';

/** Codes Payline documents as "accepted transaction" [C docs.payline.com, Magento Constants.php]. */
const ACCEPTED = new Set(['00000', '02400', '02500', '02501', '02517', '02520', '02616', '03000', '04000']);
/**
 * Codes after which Payline may still do (or has done) the work: in progress / on hold at the partner,
 * and "duplicate" (02001/02002: it took the request for one it already has). Settled by inquiry.
 */
const MAYBE_DONE = new Set(['02000', '02001', '02002', '02005', '02006', '02015', '02016', '02306']);

/**
 * Payline's `sequenceNumber` for our operation. Payline documents no idempotency for doRefund, so this
 * is only our id carried along to find the refund again; it is the operation id itself (digits, stable
 * for the same operation) [I].
 */
export function paylineSequenceNumber(operationId: number): string {
  return String(operationId);
}

export type Built<T> = { ok: true; value: T } | { ok: false; code: string; message: string };

/** The doRefund body (without `version`, which callPayline adds). */
export function doRefundBody(account: PaylineAccount, request: CashRequest): Built<XmlObject> {
  const transactionId = request.target.part.pspTransactionId;
  if (!transactionId) return { ok: false, code: 'MISSING_PSP_ID', message: 'this part has no Payline transaction id yet: nothing can be refunded until its notification or report gives it' };
  if (!Number.isInteger(request.amount) || request.amount <= 0) return { ok: false, code: 'BAD_AMOUNT', message: `the refund amount must be a positive number of cents, got ${request.amount}` };
  const currency = currencyNumeric(request.target.order.currency);
  if (!currency) return { ok: false, code: 'BAD_CURRENCY', message: `currency ${request.target.order.currency} has no ISO 4217 numeric code` };
  return {
    ok: true,
    value: {
      transactionID: transactionId,
      payment: { amount: request.amount, currency, action: PAYLINE_REFUND_ACTION, mode: 'CPT', contractNumber: account.contractNumber },
      comment: `Split Recon operation ${request.operationId}`,
      sequenceNumber: paylineSequenceNumber(request.operationId),
    },
  };
}

/** What a doRefund answer means: 00000 done, "in progress"/"duplicate" unknown, anything else refused. */
export function readRefundAnswer(body: Record<string, unknown>, sequenceNumber: string): CashOutcome {
  const code = textAt(body, 'result.code');
  const message = [textAt(body, 'result.shortMessage'), textAt(body, 'result.longMessage')].filter(Boolean).join(': ') || 'no message';
  if (!code) return { state: 'unknown', code: 'PSP_BAD_ANSWER', message: `doRefund answered without a result code (${message}): it may have been done`, pspRequestId: sequenceNumber };
  if (ACCEPTED.has(code)) return { state: 'succeeded', code, message, pspReference: textAt(body, 'transaction.id') ?? null, pspRequestId: sequenceNumber };
  if (MAYBE_DONE.has(code)) return { state: 'unknown', code, message: `${message}: Payline may have done it; it will be settled by inquiry`, pspRequestId: sequenceNumber };
  return { state: 'failed', code, message, pspRequestId: sequenceNumber };
}

/** A repeated element comes back as an array, a single one as an object, none as undefined. */
export function listOf(node: unknown): Record<string, unknown>[] {
  if (Array.isArray(node)) return node.filter((n): n is Record<string, unknown> => !!n && typeof n === 'object');
  return node && typeof node === 'object' ? [node as Record<string, unknown>] : [];
}

const cents = (text: string | undefined) => {
  const parsed = text === undefined ? null : parseCents(text);
  return parsed?.ok ? parsed.value : 0;
};

const REFUSED_WORDS = /^(REFUSED|ERROR|CANCELLED|ABORTED)$/i;

/**
 * What getTransactionDetails says of the transaction. Payline documents `associatedTransactionsList`
 * (transactionId, type, date, amount, status, originTransactionId) [C WSDL] but not a refunded total
 * nor the type words: we sum the associated transactions of type REFUND whose status is not a refusal,
 * and read RESET/CANCEL as a cancellation [I]; the sandbox answers the same. Captured: the payment's
 * amount when it was authorised and captured at once (action 101, Payconiq) and accepted, else the
 * associated CAPTUREs [I].
 */
export function readTransactionDetails(body: Record<string, unknown>): InquiryResult {
  const code = textAt(body, 'result.code') ?? '';
  const short = textAt(body, 'result.shortMessage') ?? null;
  if (!textAt(body, 'transaction.id')) {
    return { ok: false, code: code || 'PSP_BAD_ANSWER', message: `Payline knows no such transaction (${[code, short, textAt(body, 'result.longMessage')].filter(Boolean).join(' ')})` };
  }
  const associated = listOf((body.associatedTransactionsList as Record<string, unknown> | undefined)?.associatedTransactions);
  const done = associated.filter((a) => !REFUSED_WORDS.test(textAt(a, 'status') ?? ''));
  const ofType = (re: RegExp) => done.filter((a) => re.test(textAt(a, 'type') ?? ''));
  const sum = (items: Record<string, unknown>[]) => items.reduce((s, a) => s + cents(textAt(a, 'amount')), 0);
  const paidAtOnce = ['101', '204'].includes(textAt(body, 'payment.action') ?? '') && ACCEPTED.has(code);
  const inquiry: CashInquiry = {
    status: short,
    capturedAmount: paidAtOnce ? cents(textAt(body, 'payment.amount')) : sum(ofType(/^CAPTURE$/i)),
    refundedAmount: sum(ofType(/^REFUND$/i)),
    cancelled: ofType(/^(RESET|CANCEL)$/i).length > 0,
  };
  return { ok: true, inquiry };
}

const NOT_AT_PAYLINE: Record<Exclude<CashRequest['type'], 'refund'>, string> = {
  capture: 'Payline (Payconiq) has no capture here: the payment is captured at once (action 101)',
  cancel: 'Payline (Payconiq) has no cancel here: refund it instead (doRefund)',
  validate: 'Payline has no validation: the payment is captured at once (action 101)',
};

async function execute(account: PaylineAccount, request: CashRequest): Promise<CashOutcome> {
  if (request.type !== 'refund') return { state: 'failed', code: 'UNSUPPORTED_OPERATION', message: NOT_AT_PAYLINE[request.type], pspRequestId: null };
  const built = doRefundBody(account, request);
  if (!built.ok) return { state: 'failed', code: built.code, message: built.message, pspRequestId: null };
  const sequenceNumber = paylineSequenceNumber(request.operationId);
  const call = await callPayline(account, PAYLINE_DIRECT_API, 'doRefund', built.value);
  if (!call.ok) return { state: call.state, code: call.code, message: call.message, pspRequestId: sequenceNumber };
  return readRefundAnswer(call.body, sequenceNumber);
}

async function inquire(account: PaylineAccount, target: CashTarget): Promise<InquiryResult> {
  const transactionId = target.part.pspTransactionId;
  if (!transactionId) return { ok: false, code: 'MISSING_PSP_ID', message: 'this part has no Payline transaction id: there is nothing to ask Payline about' };
  // transactionHistory=Y: Payline then lists the associated transactions (refunds) [C public modules].
  const call = await callPayline(account, PAYLINE_DIRECT_API, 'getTransactionDetails', { transactionId, transactionHistory: 'Y' });
  if (!call.ok) return { ok: false, code: call.code, message: call.message };
  return readTransactionDetails(call.body);
}

export const paylineCash: CashConnector<PaylineAccount> = { psp: 'payline', execute, inquire };
