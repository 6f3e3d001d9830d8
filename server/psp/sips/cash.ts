import { currencyNumeric, formatMoney } from '../../../shared/money';
import { fail, ok, type Result } from '../../../shared/result';
import type { SipsAccount } from '../../config/accounts';
import { endpoint, postToPsp, type CashConnector, type CashInquiry, type CashOutcome, type CashRequest, type CashTarget, type InquiryResult } from '../cash';
import { officeResponseSealValid, officeSeal } from './office-seal';

/**
 * Sips Office (JSON) cash management (PSP-FORMATS.md §3): refund, cancel and validate on the ONE
 * transaction Sips makes of a voucher + card split, and diagnostic/getTransactionData to settle an
 * operation whose outcome is unknown.
 */

/** Recommended by the Sips Office method list (seed 003). */
export const SIPS_CASH_INTERFACE = 'CR_WS_2.55';
export const SIPS_DIAGNOSTIC_INTERFACE = 'DR_WS_2.55';

export type SipsCashOperation = 'refund' | 'cancel' | 'validate';
export const SIPS_CASH_PATHS: Record<SipsCashOperation, string> = {
  refund: 'cashManagement/refund',
  cancel: 'cashManagement/cancel',
  validate: 'cashManagement/validate',
};
export const SIPS_DIAGNOSTIC_PATH = 'diagnostic/getTransactionData';

/**
 * Sips `responseCode` values a cash or diagnostic call can answer, with what to do.
 * Sources: the Mercanet data dictionary (documentation.mercanet.bnpparibas.net, Dico des données
 * #responseCode, as copied in the WCMPG WooCommerce module) for 00, 02, 03, 05, 11, 12, 14, 17, 30,
 * 34, 54, 75, 90, 94, 97, 99; seed 000 for 24 ("operation impossible": already processed); 25, 40,
 * 51, 60, 63 are from memory of the Sips 2.0 data dictionary [I].
 */
export const SIPS_RESPONSE_CODES: Readonly<Record<string, string>> = {
  '00': 'accepted (opération acceptée)',
  '02': 'authorisation to be asked by phone: ceiling exceeded',
  '03': 'invalid merchant contract (contrat commerçant invalide): check the merchantId',
  '05': 'refused (autorisation refusée)',
  '11': 'the payment mean is blocked (PAN en opposition)',
  '12': 'invalid transaction: check the request fields (transaction invalide)',
  '14': 'invalid payment mean data',
  '17': 'cancelled by the buyer',
  '24': 'operation impossible in the transaction state, or already processed (opération impossible)',
  '25': 'transaction unknown to Sips (transaction non trouvée)',
  '30': 'format error (erreur de format)',
  '34': 'security: the seal was refused (suspicion de fraude, seal erroné): check the secret key and key version',
  '40': 'function not supported for this transaction or contract (fonction non supportée)',
  '51': 'amount too high (montant trop élevé)',
  '54': 'payment mean expired',
  '60': 'pending (transaction en attente)',
  '63': 'security rules not observed, operation stopped',
  '75': 'too many attempts',
  '90': 'service temporarily unavailable (service temporairement indisponible): try again later',
  '94': 'duplicated transaction (transaction dupliquée)',
  '97': 'time limit exceeded, refused (délai expiré)',
  '99': 'temporary problem at the Sips server (problème temporaire du serveur): try again later',
};

/** Codes that do not say whether the work was done: the operation is settled by getTransactionData. */
const UNKNOWN_CODES: ReadonlySet<string> = new Set(['24', '60']);

export function sipsCodeText(code: string): string {
  return SIPS_RESPONSE_CODES[code] ?? 'undocumented response code';
}

/**
 * The `operationOrigin` of an operation, also its `pspRequestId`. Sips takes no request id of ours on
 * a cash operation: operationOrigin is the one free field it keeps with the operation (it shows in the
 * back office and, as this product infers, in getTransactionData's operation list), so an id derived
 * from our operation id lets an inquiry tell two refunds of the same amount apart. 20 characters at most.
 */
export function sipsOperationOrigin(operationId: number): string {
  return `SR-OP-${operationId}`;
}

/** The transactionReference of the target: Sips's one id for the whole split transaction. */
export function sipsTransactionReferenceOf(target: CashTarget): string | null {
  return target.part.pspTransactionId ?? target.order.callNumber ?? (target.order.groupKey || null);
}

export interface SipsCall {
  path: string;
  /** The JSON body, sealed. */
  body: Record<string, string>;
}

/**
 * The sealed cashManagement request for a cash operation (§3.2), or why it cannot be sent.
 * Refund: Sips refunds Conecs transactions on the card part only (seed 000); a refund asked on the
 * voucher part would be taken from the card part, so it is refused here rather than misapplied.
 */
export function sipsCashRequest(account: SipsAccount, request: CashRequest): Result<SipsCall> {
  const { type, target } = request;
  if (type === 'capture') {
    return fail({ code: 'SIPS_NO_CAPTURE', message: 'Sips has no capture operation: it captures at the capture date; in validation mode, use validate' });
  }
  if (type === 'refund' && target.part.kind === 'voucher') {
    return fail({ code: 'SIPS_VOUCHER_NOT_REFUNDABLE', message: 'Sips refunds a Conecs transaction on its card part only, never the voucher part (seed 000)' });
  }
  if (!Number.isSafeInteger(request.amount) || request.amount <= 0) {
    return fail({ code: 'INVALID_AMOUNT', message: `the amount must be a positive whole number of cents, got ${request.amount}` });
  }
  const currencyCode = currencyNumeric(target.order.currency);
  if (!currencyCode) return fail({ code: 'SIPS_UNKNOWN_CURRENCY', message: `no ISO 4217 numeric code known for ${target.order.currency}` });
  const transactionReference = sipsTransactionReferenceOf(target);
  if (!transactionReference) return fail({ code: 'SIPS_NO_REFERENCE', message: 'the part has no Sips transactionReference: it cannot be named to Sips' });
  const fields: Record<string, string> = {
    currencyCode,
    interfaceVersion: SIPS_CASH_INTERFACE,
    keyVersion: account.keyVersion,
    merchantId: account.merchantId,
    operationAmount: String(request.amount),
    operationOrigin: sipsOperationOrigin(request.operationId),
    transactionReference,
  };
  return ok({ path: SIPS_CASH_PATHS[type], body: { ...fields, seal: officeSeal(fields, account.secretKey) } });
}

/** The sealed getTransactionData request (§3.2). */
export function sipsInquiryRequest(account: SipsAccount, target: CashTarget): Result<SipsCall> {
  const transactionReference = sipsTransactionReferenceOf(target);
  if (!transactionReference) return fail({ code: 'SIPS_NO_REFERENCE', message: 'the part has no Sips transactionReference: it cannot be named to Sips' });
  const fields: Record<string, string> = {
    interfaceVersion: SIPS_DIAGNOSTIC_INTERFACE,
    keyVersion: account.keyVersion,
    merchantId: account.merchantId,
    transactionReference,
  };
  return ok({ path: SIPS_DIAGNOSTIC_PATH, body: { ...fields, seal: officeSeal(fields, account.secretKey) } });
}

/** A JSON object whose seal verifies, or why it cannot be believed. */
export function readSealedAnswer(text: string, status: number, secretKey: string): Result<Record<string, unknown>> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return fail({ code: 'SIPS_UNREADABLE', message: `Sips answered HTTP ${status} with something that is not JSON: the operation may or may not have been done` });
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) {
    return fail({ code: 'SIPS_UNREADABLE', message: `Sips answered HTTP ${status} with JSON that is not an object: the operation may or may not have been done` });
  }
  const message = json as Record<string, unknown>;
  if (!officeResponseSealValid(message, secretKey)) {
    return fail({
      code: 'SIPS_BAD_SEAL',
      message: 'the seal of Sips\'s answer does not match: the answer cannot be trusted and the operation may have been done (if every answer fails this check, the secret key is wrong)',
    });
  }
  return ok(message);
}

const text = (v: unknown): string | null => (typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : null);

/** Integer cents from a JSON number or a digit string; null otherwise. */
export function centsOf(v: unknown): number | null {
  if (typeof v === 'number') return Number.isSafeInteger(v) && v >= 0 ? v : null;
  if (typeof v === 'string' && /^\d{1,15}$/.test(v)) return Number(v);
  return null;
}

/** What a cashManagement answer means for the operation (§3.4). */
export function readSipsCashAnswer(raw: string, status: number, secretKey: string, pspRequestId: string, currency = 'EUR'): CashOutcome {
  const sealed = readSealedAnswer(raw, status, secretKey);
  if (!sealed.ok) return { state: 'unknown', code: sealed.error.code, message: sealed.error.message, pspRequestId };
  const answer = sealed.value;
  const code = text(answer.responseCode);
  if (!code) return { state: 'unknown', code: 'SIPS_UNREADABLE', message: 'Sips answered without a responseCode: the operation may or may not have been done', pspRequestId };
  if (code === '00') {
    const details = [text(answer.newStatus) && `new status ${text(answer.newStatus)}`, centsOf(answer.newAmount) !== null && `transaction amount now ${formatMoney(centsOf(answer.newAmount)!, currency)}`].filter(Boolean).join(', ');
    // Sips gives no id of its own to a cash operation: the report finds it by transactionReference and date.
    return { state: 'succeeded', code, message: `Sips accepted the operation${details ? ` (${details})` : ''}`, pspReference: null, pspRequestId };
  }
  const field = text(answer.errorFieldName);
  const what = `${sipsCodeText(code)}${field ? ` (field ${field})` : ''}`;
  if (code === '24') {
    return { state: 'unknown', code, message: `Sips answered 24, ${what}: already processed or not possible now, ask getTransactionData to know whether it was done`, pspRequestId };
  }
  if (UNKNOWN_CODES.has(code)) return { state: 'unknown', code, message: `Sips answered ${code}, ${what}: ask getTransactionData`, pspRequestId };
  return { state: 'failed', code, message: `Sips refused the operation: ${code}, ${what}`, pspRequestId };
}

/**
 * What getTransactionData says of the transaction. Its amount fields are not publicly documented
 * (PSP-FORMATS §3.4 [I]); this product reads, and the sandbox answers, these inferred fields:
 * - `transactionStatus` [C]: TO_VALIDATE, TO_CAPTURE, CAPTURED, CANCELLED, REFUSED, EXPIRED, PENDING;
 * - `amount` [I]: the transaction's initial amount (voucher + card), cents;
 * - `currentAmount` [I]: what remains to be (or was) remitted after cancellations and validations;
 * - `capturedAmount` [I], `refundedAmount` [I]: cumulated, cents;
 * - `operations` [I]: `{operationName (CREDIT|CANCEL|VALIDATE), operationAmount, operationDateTime, operationOrigin}`.
 * The amounts are the whole transaction's: Sips does not keep them per part.
 */
export function readSipsTransactionData(raw: string, status: number, secretKey: string): InquiryResult {
  const sealed = readSealedAnswer(raw, status, secretKey);
  if (!sealed.ok) return { ok: false, code: sealed.error.code, message: sealed.error.message };
  const answer = sealed.value;
  const code = text(answer.responseCode);
  if (code !== '00') return { ok: false, code: code ?? 'SIPS_UNREADABLE', message: code ? `Sips getTransactionData answered ${code}: ${sipsCodeText(code)}` : 'Sips answered without a responseCode' };
  const transactionStatus = text(answer.transactionStatus);
  const inquiry: CashInquiry = { status: transactionStatus, cancelled: transactionStatus === 'CANCELLED' };
  const captured = centsOf(answer.capturedAmount);
  const refunded = centsOf(answer.refundedAmount);
  if (captured !== null) inquiry.capturedAmount = captured;
  if (refunded !== null) inquiry.refundedAmount = refunded;
  if (Array.isArray(answer.operations)) {
    inquiry.processedRequestIds = answer.operations
      .map((o) => (o && typeof o === 'object' ? text((o as Record<string, unknown>).operationOrigin) : null))
      .filter((o): o is string => !!o);
  }
  return { ok: true, inquiry };
}

const JSON_HEADERS = { 'content-type': 'application/json', accept: 'application/json' };

export const sipsCash: CashConnector<SipsAccount> = {
  psp: 'sips',
  async execute(account, request) {
    const built = sipsCashRequest(account, request);
    // Nothing was sent: no request id to remember.
    if (!built.ok) return { state: 'failed', code: built.error.code, message: built.error.message, pspRequestId: null };
    const pspRequestId = built.value.body.operationOrigin!;
    const sent = await postToPsp(endpoint(account.apiBaseUrl, built.value.path), { headers: JSON_HEADERS, body: JSON.stringify(built.value.body) }, account.timeoutMs);
    if (!sent.ok) return { state: sent.state, code: sent.code, message: sent.message, pspRequestId };
    return readSipsCashAnswer(sent.text, sent.status, account.secretKey, pspRequestId, request.target.order.currency);
  },
  async inquire(account, target) {
    const built = sipsInquiryRequest(account, target);
    if (!built.ok) return { ok: false, code: built.error.code, message: built.error.message };
    const sent = await postToPsp(endpoint(account.apiBaseUrl, built.value.path), { headers: JSON_HEADERS, body: JSON.stringify(built.value.body) }, account.timeoutMs);
    if (!sent.ok) return { ok: false, code: sent.code, message: sent.message };
    return readSipsTransactionData(sent.text, sent.status, account.secretKey);
  },
};
