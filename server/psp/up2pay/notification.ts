import { brandFromPsp } from '../../../shared/brands';
import { parseCents } from '../../../shared/money';
import type { PartKind, PartStatus } from '../../../shared/psp';
import { parisLocalToUtc } from '../../../shared/time';
import { decodeText } from '../../bytes';
import type { Up2payAccount } from '../../config/accounts';
import type { OrderObservation } from '../../domain/observation';
import { badRequest, badSignature, type IncomingNotification, type Interpretation, type NotificationAdapter } from '../adapter';
import { parseForm } from '../form';
import { checkIpnSignature } from './signature';

/** GET carries the variables in the query string, POST (PBX_RUF1=POST) in the body. */
function rawVariables(n: IncomingNotification): string {
  return n.method === 'POST' && n.body.length > 0 ? n.body.toString('latin1') : n.query;
}

function interpret(n: IncomingNotification, account: Up2payAccount): Interpretation {
  const raw = rawVariables(n);
  const { retour } = account;
  if (!raw) return badRequest('EMPTY_REQUEST', `no IPN variables: expected ${retour.names.join(', ')}`, retour.nameOf('M'));

  const check = checkIpnSignature(raw, retour, account.publicKeys);
  if (!check.ok) return badSignature(check.code, check.message, retour.signatureName);
  const verification = { verification: 'valid' as const, detail: check.detail };
  const reject = (code: string, message: string, letter: string) => badRequest(code, message, retour.nameOf(letter), verification);

  // Paybox percent-encodes values; '+' is not a space here (PSP-FORMATS.md §4.2).
  const form = parseForm(raw, false);
  const byLetter = new Map<string, string>();
  for (const f of form.fields) {
    const letter = retour.letterOf(f.name);
    if (letter && letter !== 'K' && !byLetter.has(letter)) byLetter.set(letter, decodeText(f.value));
  }
  const v = (letter: string) => {
    const value = byLetter.get(letter)?.trim();
    return value ? value : null;
  };

  for (const letter of ['M', 'R', 'E']) {
    if (!v(letter)) return reject('MISSING_FIELD', `${retour.nameOf(letter)} (${letter}) is missing or empty`, letter);
  }
  const amount = parseCents(v('M')!);
  if (!amount.ok) return reject('BAD_AMOUNT', amount.error.message, 'M');
  const code = v('E')!;
  if (!/^\d{5}$/.test(code)) return reject('BAD_RESPONSE_CODE', `expected a 5-digit response code, got "${code}"`, 'E');
  const reference = v('R')!;
  const callNumber = v('T');
  const transaction = v('S');

  const occurredAt = dateTime(v('W'), v('Q'));
  if (v('W') && !occurredAt) return reject('BAD_DATE', `expected the date as DDMMYYYY, got "${v('W')}"`, 'W');

  const status = statusOf(code);
  const paymentType = v('P');
  const cardType = v('C');
  const brand = brandFromPsp('up2pay', cardType);
  const kind: PartKind = brand?.kind ?? (paymentType?.toUpperCase() === 'LIMONETIK' && cardType?.toUpperCase() !== 'LIMOCB' ? 'voucher' : 'card');
  const brandCode = brand?.code ?? (cardType ?? paymentType ?? 'UNKNOWN').toUpperCase();

  const first6 = v('N');
  const last2 = v('J');
  const observation: OrderObservation = {
    accountId: account.id,
    psp: 'up2pay',
    // Parts share the call number and the reference (002 §5); without a call number, the reference alone.
    groupKey: callNumber ? `${callNumber}/${reference}` : reference,
    reference,
    callNumber,
    currency: account.currency,
    expectedAmount: null,
    customerEmail: null,
    anomalies: [],
    parts: [
      {
        // Without a transaction number, the means of payment tells the parts apart.
        partKey: transaction ?? brandCode,
        kind,
        brand: brandCode,
        amount: amount.value,
        currency: account.currency,
        status,
        responseCode: code,
        message: status === 'REFUSED' ? refusalText(code) : status === 'PENDING' ? 'pending validation by the payment-mean issuer' : null,
        pspTransactionId: transaction,
        authorisationId: v('A'),
        maskedPan: first6 || last2 ? `${first6 ?? ''}######${last2 ?? ''}` : null,
        occurredAt,
        captureDelayDays: status === 'TO_CAPTURE' ? account.captureDelayDays : null,
        anomalies: [],
      },
    ],
  };
  return { ok: true, verification, observation };
}

/** W is DDMMYYYY and Q HH:MM:SS, both Paris wall-clock time. */
function dateTime(w: string | null, q: string | null): string | null {
  if (!w) return null;
  const m = /^(\d{2})(\d{2})(\d{4})$/.exec(w);
  if (!m) return null;
  const [, dd, mm, yyyy] = m;
  const day = `${yyyy}-${mm}-${dd}`;
  if (Number.isNaN(Date.parse(day)) || new Date(day).toISOString().slice(0, 10) !== day) return null;
  return parisLocalToUtc(day, q && /^\d{2}:\d{2}:\d{2}$/.test(q) ? q : '00:00:00');
}

function statusOf(code: string): PartStatus {
  if (code === '00000') return 'TO_CAPTURE';
  if (code === '99999') return 'PENDING';
  return 'REFUSED';
}

const ERROR_TEXT: Record<string, string> = {
  '00001': 'connection to the authorisation centre failed',
  '00003': 'platform error',
  '00004': 'invalid card number or security code',
  '00006': 'access refused: wrong site, rang or identifiant',
  '00008': 'wrong expiry date',
  '00010': 'unknown currency',
  '00011': 'wrong amount',
  '00015': 'already paid',
  '00021': 'card not authorised',
  '00022': 'ceiling reached',
  '00029': 'card not compliant',
  '00030': 'timeout on the payment page',
  '00033': 'IP country not allowed',
  '00040': 'no 3-D Secure, blocked by filter',
};

function refusalText(code: string): string {
  if (code.startsWith('001')) return `refused by the authorisation centre (acquirer code ${code.slice(3)})`;
  return ERROR_TEXT[code] ?? `error ${code}`;
}

export const up2payNotifications: NotificationAdapter<Up2payAccount> = { psp: 'up2pay', remote: false, interpret };
