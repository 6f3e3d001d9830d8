import { createHash, createHmac } from 'node:crypto';
import { parseCents } from '../../../shared/money';
import type { AxeptaAccount } from '../../config/accounts';
import { endpoint, postToPsp, type CashConnector, type CashInquiry, type CashOutcome, type CashRequest, type CashTarget, type InquiryResult } from '../cash';
import { parseForm, type FormFields } from '../form';
import { decryptData, encryptData, macEquals, requestMac, responseMac } from './crypto';

/**
 * Axepta (Computop Paygate, Limonetik) cash operations, PSP-FORMATS.md §5 and seed 001: capture.aspx,
 * credit.aspx (credit with reference), reverse.aspx, and inquire.aspx to settle what is unknown.
 * Every call is a POST of `MerchantID`, `Len`, `Data` (Blowfish) carrying a MAC; the answer is
 * `Len=…&Data=…` carrying the response MAC.
 */

export const AXEPTA_PAGES = { capture: 'capture.aspx', refund: 'credit.aspx', cancel: 'reverse.aspx' } as const;
export type AxeptaOperation = keyof typeof AXEPTA_PAGES;
export const AXEPTA_INQUIRE_PAGE = 'inquire.aspx';

/**
 * The ReqID of an operation: Computop does not repeat a request whose ReqID it has already finalised,
 * it answers the first result (seed 001). `SR` + our operation id, stable for the same operation, plus
 * 8 hex of the PayID so an operation id reused after a database restore does not meet an old ReqID of
 * another payment. Alphanumeric and at most 27 characters (ans..32).
 */
export function axeptaReqId(operationId: number, payId: string): string {
  return `SR${operationId}P${createHash('sha256').update(payId).digest('hex').slice(0, 8).toUpperCase()}`;
}

/**
 * The inquiry's MAC: Computop's MAC tool leaves Amount and Currency empty for an inquiry
 * (`PayID*TransID*MerchantID**`) [C computop.com blowfish-test/macForm.php].
 */
export function inquireMac(hmacKey: string, f: { payId: string; transId: string; merchantId: string }): string {
  return createHmac('sha256', hmacKey).update([f.payId, f.transId, f.merchantId, '', ''].join('*'), 'utf8').digest('hex').toUpperCase();
}

export interface AxeptaRequestFields {
  payId: string;
  transId: string;
  /** Cents; null for an inquiry. */
  amount: number | null;
  currency: string | null;
  reqId: string | null;
}

/** The plaintext `Key=Value&...` before encryption, MAC included. */
export function axeptaPlainRequest(account: AxeptaAccount, f: AxeptaRequestFields): string {
  const mac =
    f.amount === null || f.currency === null
      ? inquireMac(account.hmacKey, { payId: f.payId, transId: f.transId, merchantId: account.merchantId })
      : requestMac(account.hmacKey, { payId: f.payId, transId: f.transId, merchantId: account.merchantId, amount: f.amount, currency: f.currency });
  const fields: [string, string][] = [
    ['MerchantID', account.merchantId],
    ['PayID', f.payId],
    ['TransID', f.transId],
    ...(f.amount === null ? [] : ([['Amount', String(f.amount)]] as [string, string][])),
    ...(f.currency === null ? [] : ([['Currency', f.currency]] as [string, string][])),
    ['MAC', mac],
    ...(f.reqId === null ? [] : ([['ReqID', f.reqId]] as [string, string][])),
  ];
  return new URLSearchParams(fields).toString();
}

/** The POST body: plain MerchantID (Computop wants it in clear too), Len and Data. */
export function axeptaRequestBody(account: AxeptaAccount, f: AxeptaRequestFields): string {
  const { len, data } = encryptData(axeptaPlainRequest(account, f), account.blowfishKey);
  return new URLSearchParams({ MerchantID: account.merchantId, Len: String(len), Data: data }).toString();
}

/**
 * Decrypts a `Data` hex string; null when it is not Blowfish blocks or does not decrypt to printable
 * `Key=Value&...` pairs (a wrong key gives random bytes).
 */
export function decryptAxeptaData(hex: string, lenText: string | undefined, blowfishKey: string): FormFields | null {
  const h = hex.trim();
  if (!/^([0-9a-fA-F]{16})+$/.test(h)) return null;
  if (lenText !== undefined && !/^\d+$/.test(lenText.trim())) return null;
  const text = decryptData(h, blowfishKey, lenText === undefined ? null : Number(lenText.trim())).toString('latin1');
  if (!/^[\x20-\x7e]+$/.test(text) || !text.split('&').every((pair) => /^[A-Za-z][A-Za-z0-9_]*=/.test(pair))) return null;
  return parseForm(text);
}

export type AxeptaAnswer =
  | { ok: true; fields: FormFields; signed: boolean }
  | { ok: false; code: 'PSP_BAD_ANSWER' | 'PSP_BAD_SIGNATURE'; message: string };

/**
 * Reads a Paygate answer: `Len=…&Data=…` decrypted with the account's key, or the plain fields of a
 * refusal the Paygate could not encrypt for us (it could not decrypt our request). A MAC, when
 * present, must match `PayID*TransID*mid*Status*Code`: an answer that fails it cannot be trusted.
 */
export function openAxeptaAnswer(text: string, account: AxeptaAccount): AxeptaAnswer {
  const outer = parseForm(text.trim());
  const data = outer.text('Data');
  let fields: FormFields;
  if (data !== undefined) {
    const opened = decryptAxeptaData(data, outer.text('Len'), account.blowfishKey);
    if (!opened) return { ok: false, code: 'PSP_BAD_ANSWER', message: "Axepta's answer does not decrypt with this account's Blowfish key" };
    fields = opened;
  } else if (outer.has('Status') && outer.has('Code')) {
    fields = outer;
  } else {
    return { ok: false, code: 'PSP_BAD_ANSWER', message: `Axepta's answer is neither Len/Data nor Status/Code: "${text.slice(0, 120)}"` };
  }
  const mac = fields.text('MAC')?.trim();
  if (!mac) return { ok: true, fields, signed: false };
  const v = (name: string) => fields.text(name)?.trim() ?? '';
  const expected = responseMac(account.hmacKey, { payId: v('PayID'), transId: v('TransID'), merchantId: v('mid') || v('MerchantID') || account.merchantId, status: v('Status'), code: v('Code') });
  if (!macEquals(expected, mac)) return { ok: false, code: 'PSP_BAD_SIGNATURE', message: "Axepta's answer carries a MAC that does not match with this account's HMAC key: it cannot be trusted" };
  return { ok: true, fields, signed: true };
}

/**
 * What an operation's answer means, by Code's first digit (PSP-FORMATS.md §5.4, Computop A4 error
 * codes): 0 done, 2/4 refused, 6/7 still open. Module 017 ("parameter is already present") answers a
 * repeated submission: the first one may have been done, so it is unknown. A success needs a valid
 * MAC; an unsigned refusal is believed, since refusing is what the Paygate does with a request it
 * could not authenticate [I].
 */
export function axeptaOutcome(answer: AxeptaAnswer, reqId: string | null): CashOutcome {
  if (!answer.ok) return { state: 'unknown', code: answer.code, message: `${answer.message}; the operation may have been done`, pspRequestId: reqId };
  const v = (name: string) => answer.fields.text(name)?.trim() || null;
  const code = v('Code') ?? '';
  const status = (v('Status') ?? '').toUpperCase();
  const message = [v('Status'), v('Description'), v('ErrorText')].filter(Boolean).join(': ') || 'no description';
  const failed = /^[24]/.test(code) && !/^2017/.test(code);
  if (failed) return { state: 'failed', code, message: answer.signed ? message : `${message} (unsigned answer)`, pspRequestId: reqId };
  if (!answer.signed) return { state: 'unknown', code: code || 'PSP_BAD_SIGNATURE', message: `Axepta answered ${message} without a MAC: it cannot be trusted`, pspRequestId: reqId };
  if (/^0/.test(code) && status !== 'FAILED') return { state: 'succeeded', code, message, pspReference: v('XID'), pspRequestId: reqId };
  if (/^2017/.test(code)) return { state: 'unknown', code, message: `${message}: Axepta says this request was already submitted; it will be settled by inquiry`, pspRequestId: reqId };
  return { state: 'unknown', code: code || 'PSP_BAD_ANSWER', message: `${message}: not final at Axepta; it will be settled by inquiry`, pspRequestId: reqId };
}

/**
 * An inquiry's answer. Status/Code are those of the inquiry itself; AmountAuth, AmountCap and
 * AmountCred are the amounts authorised, captured and credited, and LastStatus the status of the last
 * step only [C docs.axepta.bnpparibas "Status inquiries"]. No field names the ReqIDs processed, so
 * none are returned. Cancelled: nothing says it; we read an authorised amount of 0 after a last step
 * that succeeded as a reversal [I].
 */
export function readInquiry(answer: AxeptaAnswer): InquiryResult {
  if (!answer.ok) return { ok: false, code: answer.code, message: answer.message };
  const v = (name: string) => answer.fields.text(name)?.trim() || undefined;
  const code = v('Code') ?? '';
  if (!answer.signed) return { ok: false, code: code || 'PSP_BAD_SIGNATURE', message: `Axepta answered the inquiry without a MAC (${v('Status') ?? ''} ${v('Description') ?? ''})`.trim() };
  if (!/^0/.test(code) || (v('Status') ?? '').toUpperCase() === 'FAILED') {
    return { ok: false, code: code || 'PSP_BAD_ANSWER', message: `Axepta refused the inquiry: ${[v('Status'), v('Description')].filter(Boolean).join(': ')}` };
  }
  const amount = (name: string): number | undefined => {
    const text = v(name);
    const parsed = text === undefined ? null : parseCents(text);
    return parsed?.ok ? parsed.value : undefined;
  };
  const lastStatus = v('LastStatus') ?? null;
  const inquiry: CashInquiry = { status: lastStatus, capturedAmount: amount('AmountCap'), refundedAmount: amount('AmountCred') };
  const authorised = amount('AmountAuth');
  if (authorised !== undefined) inquiry.cancelled = authorised === 0 && (amount('AmountCap') ?? 0) === 0 && lastStatus?.toUpperCase() === 'OK';
  return { ok: true, inquiry };
}

const NOT_AT_AXEPTA = 'Axepta has no validation: a MANUAL payment is captured with capture.aspx (use capture)';

function targetIds(target: CashTarget): { payId: string; transId: string } | { code: string; message: string } {
  const payId = target.part.pspTransactionId;
  const transId = target.order.reference ?? target.order.groupKey;
  if (!payId) return { code: 'MISSING_PSP_ID', message: 'this part has no Axepta PayID yet: its notification or the batch file gives it' };
  if (!transId) return { code: 'MISSING_PSP_ID', message: 'this order has no TransID' };
  return { payId, transId };
}

async function post(account: AxeptaAccount, page: string, f: AxeptaRequestFields) {
  return postToPsp(endpoint(account.apiBaseUrl, page), { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: axeptaRequestBody(account, f) }, account.timeoutMs);
}

async function execute(account: AxeptaAccount, request: CashRequest): Promise<CashOutcome> {
  if (request.type === 'validate') return { state: 'failed', code: 'UNSUPPORTED_OPERATION', message: NOT_AT_AXEPTA, pspRequestId: null };
  const ids = targetIds(request.target);
  if ('code' in ids) return { state: 'failed', code: ids.code, message: ids.message, pspRequestId: null };
  if (!Number.isInteger(request.amount) || request.amount <= 0) return { state: 'failed', code: 'BAD_AMOUNT', message: `the amount must be a positive number of cents, got ${request.amount}`, pspRequestId: null };
  const reqId = axeptaReqId(request.operationId, ids.payId);
  const sent = await post(account, AXEPTA_PAGES[request.type], { ...ids, amount: request.amount, currency: request.target.order.currency, reqId });
  if (!sent.ok) return { state: sent.state, code: sent.code, message: sent.message, pspRequestId: reqId };
  return axeptaOutcome(openAxeptaAnswer(sent.text, account), reqId);
}

async function inquire(account: AxeptaAccount, target: CashTarget): Promise<InquiryResult> {
  const ids = targetIds(target);
  if ('code' in ids) return { ok: false, ...ids };
  const sent = await post(account, AXEPTA_INQUIRE_PAGE, { ...ids, amount: null, currency: null, reqId: null });
  if (!sent.ok) return { ok: false, code: sent.code, message: sent.message };
  return readInquiry(openAxeptaAnswer(sent.text, account));
}

export const axeptaCash: CashConnector<AxeptaAccount> = { psp: 'axepta', execute, inquire };
