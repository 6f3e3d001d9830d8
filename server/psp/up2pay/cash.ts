import { createHmac } from 'node:crypto';
import { brandByCode } from '../../../shared/brands';
import { currencyNumeric } from '../../../shared/money';
import { fail, ok, type Result } from '../../../shared/result';
import { parisWallClock } from '../../../shared/time';
import type { Up2payAccount } from '../../config/accounts';
import { endpoint, postToPsp, type CashConnector, type CashOutcome, type CashRequest, type CashTarget, type InquiryResult } from '../cash';

/**
 * Up2pay GAE / Paybox Direct (PPPS, PSP-FORMATS.md §4.6): capture, cancel and refund of one part's
 * transaction (NUMAPPEL + NUMTRANS + ACQUEREUR), and TYPE 00017 to ask what became of it.
 */

/**
 * `00103` (Paybox Direct): the seed's own refund example (002 §4.3.2) uses it, and these operations
 * work on an existing transaction by NUMAPPEL/NUMTRANS; `00104` (Direct Plus) adds subscriber
 * (REFABONNE) operations, which Limonetik payments forbid (002 §3.1.7).
 */
export const PPS_VERSION = '00103';
export const PPS_TYPES = { capture: '00002', cancel: '00005', refund: '00014', inquiry: '00017' } as const;
export type PpsType = (typeof PPS_TYPES)[keyof typeof PPS_TYPES];
/** `024`: internet request (official plugin, seed example). */
export const PPS_ACTIVITY = '024';
export const PPS_PATH = 'PPPS.php';

/** What one PPPS question says, before formatting. */
export interface PpsQuestion {
  type: PpsType;
  site: string;
  rang: string;
  identifiant: string;
  numQuestion: string;
  /** Cents. */
  amount: number;
  /** ISO 4217 numeric (`978`). */
  currency: string;
  reference: string;
  callNumber: string;
  transactionNumber: string;
  /** When the question is asked: DATEQ, Paris wall clock. */
  at: Date;
  /** ACQUEREUR (LIMOCB, APETIZ...); left out for a part that has none. */
  acquirer: string | null;
}

export interface PpsRequest {
  /** The POSTed parameters but HMAC, in order. */
  fields: [string, string][];
  /** `K=V&K=V...`, raw values: what the HMAC covers. */
  signed: string;
  hmac: string;
  /** The form body, HMAC last. */
  body: string;
}

/** Zero-padded to `width` digits; null when it is not digits or too long. */
export function padDigits(value: string | number, width: number): string | null {
  const s = String(value).trim();
  return /^\d+$/.test(s) && s.replace(/^0+(?=\d)/, '').length <= width ? s.replace(/^0+(?=\d)/, '').padStart(width, '0') : null;
}

/** DATEQ `ddmmYYYYHHiiss` (14 digits, official plugin; the seed's 8-digit form is date only), Paris time. */
export function ppsDate(at: Date): string {
  const { day, time } = parisWallClock(at);
  const [y, m, d] = day.split('-');
  return `${d}${m}${y}${time.replace(/:/g, '')}`;
}

/** Upper-case hex HMAC-SHA-512 of `signed` with the hex-decoded key (§4.6). */
export function ppsHmac(signed: string, hmacKeyHex: string): string {
  return createHmac('sha512', Buffer.from(hmacKeyHex, 'hex')).update(signed, 'utf8').digest('hex').toUpperCase();
}

/** Form body of ordered fields: `application/x-www-form-urlencoded`. */
const formBody = (fields: readonly (readonly [string, string])[]) => new URLSearchParams(fields.map(([k, v]) => [k, v])).toString();

/**
 * The signed PPPS request. Field order follows the seed's refund example (002 §4.3.2), with
 * IDENTIFIANT after RANG as the official plugin sends it; every parameter, ACQUEREUR and HASH
 * included, is inside the HMAC, which comes last (PSP-FORMATS §4.6: the safest reading).
 */
export function ppsRequest(q: PpsQuestion, hmacKeyHex: string): PpsRequest {
  const fields: [string, string][] = [
    ['VERSION', PPS_VERSION],
    ['TYPE', q.type],
    ['SITE', q.site],
    ['RANG', padDigits(q.rang, 3) ?? q.rang],
    ['IDENTIFIANT', q.identifiant],
    ['NUMQUESTION', padDigits(q.numQuestion, 10) ?? q.numQuestion],
    ['MONTANT', padDigits(q.amount, 10) ?? String(q.amount)],
    ['DEVISE', q.currency],
    ['REFERENCE', q.reference],
    ['NUMAPPEL', padDigits(q.callNumber, 10) ?? q.callNumber],
    ['NUMTRANS', padDigits(q.transactionNumber, 10) ?? q.transactionNumber],
    ['ACTIVITE', PPS_ACTIVITY],
    ['DATEQ', ppsDate(q.at)],
    ...(q.acquirer ? ([['ACQUEREUR', q.acquirer]] as [string, string][]) : []),
    ['HASH', 'SHA512'],
  ];
  const signed = fields.map(([k, v]) => `${k}=${v}`).join('&');
  const hmac = ppsHmac(signed, hmacKeyHex);
  return { fields, signed, hmac, body: `${formBody(fields)}&HMAC=${hmac}` };
}

/** Operation NUMQUESTIONs: our operation id, so the same operation always asks the same question. */
export const OPERATION_NUMQUESTION_MAX = 4_999_999_999;

/** The NUMQUESTION of an operation, or null when its id does not fit the operations' range. */
export function operationNumQuestion(operationId: number): string | null {
  return Number.isSafeInteger(operationId) && operationId >= 1 && operationId <= OPERATION_NUMQUESTION_MAX ? String(operationId).padStart(10, '0') : null;
}

let lastInquiryQuestion = 0;

/**
 * Inquiries have no operation id: they take the upper half (5 000 000 000 and up), from the time in
 * tenths of a second (wrapping every ~15 years), never twice the same in one process. So they never
 * meet an operation's NUMQUESTION, and stay unique across restarts (NUMQUESTION is unique per day).
 */
export function inquiryNumQuestion(nowMs = Date.now()): string {
  let n = OPERATION_NUMQUESTION_MAX + 1 + (Math.floor(nowMs / 100) % 5_000_000_000);
  if (n <= lastInquiryQuestion) n = lastInquiryQuestion + 1;
  if (n > 9_999_999_999) n = OPERATION_NUMQUESTION_MAX + 1;
  lastInquiryQuestion = n;
  return String(n);
}

// ---------------------------------------------------------------------------------------------
// Answers

/**
 * Parses `KEY=value&...` as PHP's parse_str does (`+` is a space, `%XX` a byte). The body is
 * ISO-8859-1: a Buffer is read as Latin-1; percent-escaped bytes are Latin-1 code points.
 */
export function parsePpsAnswer(raw: string | Buffer): Record<string, string> {
  const text = typeof raw === 'string' ? raw : raw.toString('latin1');
  const decode = (s: string) => s.replace(/\+/g, ' ').replace(/%([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
  const out: Record<string, string> = {};
  for (const pair of text.trim().split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const key = decode(eq < 0 ? pair : pair.slice(0, eq)).trim().toUpperCase();
    const value = eq < 0 ? '' : decode(pair.slice(eq + 1));
    // nexylan: `???` stands for an empty value.
    out[key] = value === '???' ? '' : value;
  }
  return out;
}

type Verdict = 'succeeded' | 'failed' | 'unknown';

/**
 * CODEREPONSE of a PPPS answer (PSP-FORMATS §4.6, from osimatic/helpers-php PayBox::$responseCodes),
 * with what it means for an operation and why.
 */
export const PPS_CODES: Readonly<Record<string, { text: string; verdict: Verdict }>> = {
  '00000': { text: 'operation done (opération réussie)', verdict: 'succeeded' },
  // The platform could not reach the centre: the question went no further; the manual advises retrying.
  '00001': { text: 'connection to the authorisation centre failed (connexion au centre d’autorisation échouée)', verdict: 'failed' },
  '00002': { text: 'coherence error (erreur de cohérence)', verdict: 'failed' },
  // An internal error may strike after the operation was recorded.
  '00003': { text: 'platform error (erreur Paybox)', verdict: 'unknown' },
  '00004': { text: 'invalid card number or CVV', verdict: 'failed' },
  // Our NUMQUESTION is our operation id: refused as used means this question may have been processed already.
  '00005': { text: 'invalid or already used NUMQUESTION (numéro de question invalide)', verdict: 'unknown' },
  '00006': { text: 'access refused or wrong SITE/RANG/IDENTIFIANT, or a bad HMAC (accès refusé)', verdict: 'failed' },
  '00007': { text: 'invalid date (date invalide)', verdict: 'failed' },
  '00008': { text: 'wrong expiry date', verdict: 'failed' },
  '00009': { text: 'invalid operation type for this transaction (type d’opération invalide)', verdict: 'failed' },
  '00010': { text: 'unknown currency (devise inconnue)', verdict: 'failed' },
  '00011': { text: 'wrong amount (montant incorrect)', verdict: 'failed' },
  '00012': { text: 'invalid order reference (référence commande invalide)', verdict: 'failed' },
  '00013': { text: 'this VERSION is no longer supported', verdict: 'failed' },
  '00014': { text: 'incoherent request (trame reçue incohérente)', verdict: 'failed' },
  '00015': { text: 'error accessing the referenced data (erreur d’accès aux données précédemment référencées)', verdict: 'failed' },
  '00016': { text: 'subscriber already exists', verdict: 'failed' },
  '00017': { text: 'unknown subscriber', verdict: 'failed' },
  '00018': { text: 'transaction not found (transaction non trouvée)', verdict: 'failed' },
  '00020': { text: 'CVV missing', verdict: 'failed' },
  '00021': { text: 'card not authorised', verdict: 'failed' },
  '00022': { text: 'ceiling reached (plafond atteint)', verdict: 'failed' },
  '00023': { text: 'cardholder already seen today', verdict: 'failed' },
  '00024': { text: 'country code filtered', verdict: 'failed' },
  '00026': { text: 'wrong ACTIVITE', verdict: 'failed' },
  '00040': { text: 'enrolled card not authenticated', verdict: 'failed' },
  // A timeout at the platform says nothing of what the acquirer did.
  '00097': { text: 'timeout at the platform (timeout)', verdict: 'unknown' },
  // Lost between the platform's own servers: it may have been done.
  '00098': { text: 'internal connection error (erreur de connexion interne)', verdict: 'unknown' },
  // The answer is not to our question: ours may have been processed.
  '00099': { text: 'question and answer do not match, try later (incohérence question/réponse)', verdict: 'unknown' },
};

export function ppsCodeMeaning(code: string): { text: string; verdict: Verdict } {
  const known = PPS_CODES[code];
  if (known) return known;
  // 001xx: refused by the authorisation centre, xx = the acquirer's code.
  if (/^001\d\d$/.test(code)) return { text: `refused by the authorisation centre (acquirer code ${code.slice(3)})`, verdict: 'failed' };
  return { text: 'undocumented response code', verdict: 'failed' };
}

/** What a PPPS answer means for the operation asked with `numQuestion`. */
export function readPpsAnswer(raw: string | Buffer, numQuestion: string): CashOutcome {
  const answer = parsePpsAnswer(raw);
  const code = answer.CODEREPONSE;
  if (!code || !/^\d{5}$/.test(code)) {
    return { state: 'unknown', code: 'UP2PAY_UNREADABLE', message: 'Up2pay answered without a readable CODEREPONSE: the operation may or may not have been done', pspRequestId: numQuestion };
  }
  if (answer.NUMQUESTION && Number(answer.NUMQUESTION) !== Number(numQuestion)) {
    return { state: 'unknown', code: 'UP2PAY_OTHER_QUESTION', message: `Up2pay answered question ${answer.NUMQUESTION}, not ours (${numQuestion}): the operation may or may not have been done`, pspRequestId: numQuestion };
  }
  const { text, verdict } = ppsCodeMeaning(code);
  const comment = answer.COMMENTAIRE ? ` [${answer.COMMENTAIRE}]` : '';
  switch (verdict) {
    case 'succeeded':
      return { state: 'succeeded', code, message: `Up2pay: ${text}${comment}`, pspReference: answer.NUMTRANS || null, pspRequestId: numQuestion };
    case 'unknown':
      return { state: 'unknown', code, message: `Up2pay answered ${code}, ${text}${comment}: the operation may have been done, ask Up2pay (inquiry)`, pspRequestId: numQuestion };
    case 'failed':
      return { state: 'failed', code, message: `Up2pay refused the operation: ${code}, ${text}${comment}`, pspRequestId: numQuestion };
  }
}

/** STATUS values of an inquiry [C nexylan src/Enum/Status.php]. */
export const PPS_STATUSES = ['Remboursé', 'Annulé', 'Autorisé', 'Capturé', 'Crédit', 'Refusé', 'Rejet support', 'Demande de solde (Carte cadeaux)'] as const;

/**
 * The STATUS word as Up2pay means it. Answers are read as Latin-1; one that went through a UTF-8
 * reader on its way loses its accents (each becomes U+FFFD or `?`), so those match any accented letter.
 */
export function ppsStatus(raw: string): string {
  const same = (known: string) =>
    known.length === raw.length && [...known].every((ch, i) => ch === raw[i] || (ch.charCodeAt(0) > 0x7f && (raw[i] === '\uFFFD' || raw[i] === '?')));
  return PPS_STATUSES.find(same) ?? raw;
}

/**
 * What an inquiry (TYPE 00017) says of the part's transaction. STATUS is documented [C]; the amount
 * fields are this product's inference, answered by the sandbox the same way [I]:
 * `MONTANTCAPTURE` (captured, cents) and `MONTANTREMBOURSE` (cumulated refunds, cents).
 */
export function readPpsInquiry(raw: string | Buffer, numQuestion: string): InquiryResult {
  const answer = parsePpsAnswer(raw);
  const code = answer.CODEREPONSE;
  if (!code) return { ok: false, code: 'UP2PAY_UNREADABLE', message: 'Up2pay answered the inquiry without a CODEREPONSE' };
  if (answer.NUMQUESTION && Number(answer.NUMQUESTION) !== Number(numQuestion)) {
    return { ok: false, code: 'UP2PAY_OTHER_QUESTION', message: `Up2pay answered question ${answer.NUMQUESTION}, not our inquiry (${numQuestion})` };
  }
  if (code !== '00000') return { ok: false, code, message: `Up2pay inquiry: ${code}, ${ppsCodeMeaning(code).text}${answer.COMMENTAIRE ? ` [${answer.COMMENTAIRE}]` : ''}` };
  const status = answer.STATUS ? ppsStatus(answer.STATUS) : null;
  const cents = (v: string | undefined) => (v !== undefined && /^\d{1,15}$/.test(v) ? Number(v) : undefined);
  const captured = cents(answer.MONTANTCAPTURE);
  const refunded = cents(answer.MONTANTREMBOURSE);
  return {
    ok: true,
    inquiry: {
      status,
      cancelled: status === 'Annulé',
      ...(captured !== undefined ? { capturedAmount: captured } : {}),
      ...(refunded !== undefined ? { refundedAmount: refunded } : {}),
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Connector

const OPERATION_TYPES: Partial<Record<CashRequest['type'], PpsType>> = { capture: PPS_TYPES.capture, cancel: PPS_TYPES.cancel, refund: PPS_TYPES.refund };

/** The question's fields that come from the account and the target, or why it cannot be asked. */
function questionBase(account: Up2payAccount, target: CashTarget): Result<Omit<PpsQuestion, 'type' | 'numQuestion' | 'amount' | 'at'>> {
  if (!/^(?:[0-9a-fA-F]{2})+$/.test(account.hmacKey)) return fail({ code: 'UP2PAY_BAD_KEY', message: `account ${account.id}: the HMAC key must be hexadecimal` });
  const callNumber = target.order.callNumber;
  if (!callNumber || !padDigits(callNumber, 10)) return fail({ code: 'UP2PAY_NO_CALL_NUMBER', message: 'the order has no Up2pay call number (NUMAPPEL, up to 10 digits)' });
  const transactionNumber = target.part.pspTransactionId;
  if (!transactionNumber || !padDigits(transactionNumber, 10)) return fail({ code: 'UP2PAY_NO_TRANSACTION', message: 'the part has no Up2pay transaction number (NUMTRANS, up to 10 digits)' });
  const currency = currencyNumeric(target.order.currency) ?? currencyNumeric(account.currency);
  if (!currency) return fail({ code: 'UP2PAY_UNKNOWN_CURRENCY', message: `no ISO 4217 numeric code known for ${target.order.currency}` });
  return ok({
    site: account.site,
    rang: account.rang,
    identifiant: account.identifiant,
    currency,
    reference: target.order.reference ?? '',
    callNumber,
    transactionNumber,
    // Derived from our brand code, never typed by a person (002 §4.3.2: it must match the transaction).
    acquirer: brandByCode(target.part.brand)?.up2payAcquirer ?? null,
  });
}

const FORM_HEADERS = { 'content-type': 'application/x-www-form-urlencoded' };

export const up2payCash: CashConnector<Up2payAccount> = {
  psp: 'up2pay',
  async execute(account, request) {
    const type = OPERATION_TYPES[request.type];
    if (!type) return { state: 'failed', code: 'UP2PAY_NO_VALIDATE', message: `Up2pay has no ${request.type} operation: capture the part instead`, pspRequestId: null };
    if (!Number.isSafeInteger(request.amount) || request.amount <= 0 || request.amount > 9_999_999_999) {
      return { state: 'failed', code: 'INVALID_AMOUNT', message: `the amount must be a positive whole number of cents (10 digits at most), got ${request.amount}`, pspRequestId: null };
    }
    const numQuestion = operationNumQuestion(request.operationId);
    if (!numQuestion) return { state: 'failed', code: 'UP2PAY_NUMQUESTION_RANGE', message: `operation id ${request.operationId} does not fit a NUMQUESTION (1 to ${OPERATION_NUMQUESTION_MAX})`, pspRequestId: null };
    const base = questionBase(account, request.target);
    if (!base.ok) return { state: 'failed', code: base.error.code, message: base.error.message, pspRequestId: null };
    const { body } = ppsRequest({ ...base.value, type, numQuestion, amount: request.amount, at: new Date() }, account.hmacKey);
    const sent = await postToPsp(endpoint(account.apiBaseUrl, PPS_PATH), { headers: FORM_HEADERS, body }, account.timeoutMs);
    if (!sent.ok) return { state: sent.state, code: sent.code, message: sent.message, pspRequestId: numQuestion };
    return readPpsAnswer(sent.bytes, numQuestion);
  },
  async inquire(account, target) {
    const base = questionBase(account, target);
    if (!base.ok) return { ok: false, code: base.error.code, message: base.error.message };
    const numQuestion = inquiryNumQuestion();
    const { body } = ppsRequest({ ...base.value, type: PPS_TYPES.inquiry, numQuestion, amount: target.part.amount, at: new Date() }, account.hmacKey);
    const sent = await postToPsp(endpoint(account.apiBaseUrl, PPS_PATH), { headers: FORM_HEADERS, body }, account.timeoutMs);
    if (!sent.ok) return { ok: false, code: sent.code, message: sent.message };
    return readPpsInquiry(sent.bytes, numQuestion);
  },
};
