import type { Context } from 'hono';
import { currencyNumeric } from '../../shared/money';
import type { RuleSwitches } from '../../shared/rules';
import { parisDay } from '../../shared/time';
import type { Up2payAccount } from '../../server/config/accounts';
import { hexEquals } from '../../server/psp/sips/seal';
import { padDigits, PPS_TYPES, ppsHmac } from '../../server/psp/up2pay/cash';
import type { SandboxOrder, SandboxPart } from '../orders';
import type { CashCall, CashContext, MountCash } from './context';
import { underFault } from './faults';
import type { Ledger } from './ledger';

/**
 * The sandbox Up2pay GAE (PPPS, PSP-FORMATS.md §4.6): one POST endpoint for capture (00002),
 * cancel (00005), refund (00014) and inquiry (00017) on one part's transaction, checked against the
 * HMAC of the account named by SITE/RANG/IDENTIFIANT, answered `KEY=value&...` in ISO-8859-1.
 */

const OPERATIONS: Record<string, 'capture' | 'cancel' | 'refund' | 'inquire'> = {
  [PPS_TYPES.capture]: 'capture',
  [PPS_TYPES.cancel]: 'cancel',
  [PPS_TYPES.refund]: 'refund',
  [PPS_TYPES.inquiry]: 'inquire',
};

/** Limonetik brands and their ACQUEREUR (002 §4.2); a part of one of them must be named with it. */
const LIMONETIK = new Set(['LIMOCB', 'CVCONNECT', 'APETIZ', 'SODEXO', 'UPCHEQUDEJ']);
const CONECS = new Set(['APETIZ', 'SODEXO', 'UPCHEQUDEJ']);

export interface PpsAnswer {
  code: string;
  comment: string;
  /** Inquiry fields, and anything else to add after the common ones. */
  extra?: [string, string][];
}

const answer = (code: string, comment: string, extra?: [string, string][]): PpsAnswer => ({ code, comment, ...(extra ? { extra } : {}) });
const OK = 'Demande traitée avec succès';

/**
 * The answer's body in Latin-1, common fields in nexylan's order (PSP-FORMATS §4.6 example): the
 * identifiers echoed, padded as the platform pads them [I].
 */
export function ppsAnswerBody(params: Record<string, string>, a: PpsAnswer): Buffer {
  const clean = (v: string) => v.replace(/[&=]/g, ' ');
  const fields: [string, string][] = [
    ['NUMTRANS', padDigits(params.NUMTRANS ?? '', 10) ?? '0000000000'],
    ['NUMAPPEL', padDigits(params.NUMAPPEL ?? '', 10) ?? '0000000000'],
    ['NUMQUESTION', padDigits(params.NUMQUESTION ?? '', 10) ?? '0000000000'],
    ['SITE', params.SITE ?? ''],
    ['RANG', params.RANG ?? ''],
    // Cash operations carry no authorisation number.
    ['AUTORISATION', ''],
    ['CODEREPONSE', a.code],
    ['COMMENTAIRE', clean(a.comment)],
    ['REFABONNE', ''],
    ['PORTEUR', ''],
    ...(a.extra ?? []),
  ];
  return Buffer.from(fields.map(([k, v]) => `${k}=${v}`).join('&'), 'latin1');
}

/** Same number whatever the zero padding (`2310165` and `0002310165`). */
const sameNumber = (a: string, b: string | undefined) => !!b && /^\d+$/.test(b) && /^\d+$/.test(a) && BigInt(a) === BigInt(b);

/** The STATUS an inquiry answers for a part, from its balance (STATUS words: nexylan src/Enum/Status.php). */
function statusWord(b: ReturnType<Ledger['balance']>): string {
  if (b.authorised === 0) return 'Refusé';
  if (b.refunded > 0) return 'Remboursé';
  if (b.captured > 0) return 'Capturé';
  if (b.cancelled) return 'Annulé';
  return 'Autorisé';
}

/** Performs the question on the part, or refuses it with the platform's code (comments say which are inferred). */
export function ppsWork(ledger: Ledger, switches: RuleSwitches, account: Up2payAccount, params: Record<string, string>, now: Date): PpsAnswer {
  const operation = OPERATIONS[params.TYPE ?? ''];
  if (params.VERSION !== '00103' && params.VERSION !== '00104') return answer('00013', 'Version non supportée');
  if (!operation) return answer('00009', "Type d'opération invalide");
  if (!/^\d{1,10}$/.test(params.NUMQUESTION ?? '')) return answer('00005', 'Numéro de question invalide');
  if (params.DEVISE !== currencyNumeric(account.currency)) return answer('00010', 'Devise inconnue');
  if (!/^\d{8}(?:\d{6})?$/.test(params.DATEQ ?? '')) return answer('00007', 'Date invalide');
  const amount = /^\d{1,10}$/.test(params.MONTANT ?? '') ? Number(params.MONTANT) : NaN;
  if (Number.isNaN(amount) || (operation !== 'inquire' && amount === 0)) return answer('00011', 'Montant incorrect');
  const found = ledger.find(account.id, (o, p) => sameNumber(o.callNumber, params.NUMAPPEL) && sameNumber(p.transactionId, params.NUMTRANS));
  if (!found) return answer('00018', 'Transaction non trouvée');
  const { order, part } = found;
  // ACQUEREUR must agree with the transaction (002 §4.3.2); the code for a mismatch is inferred [I].
  const acquirer = params.ACQUEREUR ?? '';
  if ((LIMONETIK.has(part.brand) || acquirer) && acquirer !== part.brand) return answer('00015', `ACQUEREUR ${acquirer || '(absent)'} ne correspond pas à la transaction`);
  const balance = ledger.balance(order, part);
  if (operation === 'inquire') {
    // STATUS is documented; MONTANTCAPTURE / MONTANTREMBOURSE are this project's inference [I].
    return answer('00000', OK, [
      ['STATUS', statusWord(balance)],
      ['MONTANTCAPTURE', String(balance.captured)],
      ['MONTANTREMBOURSE', String(balance.refunded)],
    ]);
  }
  if (balance.authorised === 0) return answer('00015', "Transaction non autorisée: aucune opération possible");
  return operate(ledger, switches, account, order, part, operation, amount, params.NUMQUESTION!, now);
}

function operate(ledger: Ledger, switches: RuleSwitches, account: Up2payAccount, order: SandboxOrder, part: SandboxPart, operation: 'capture' | 'cancel' | 'refund', amount: number, numQuestion: string, now: Date): PpsAnswer {
  const balance = ledger.balance(order, part);
  const record = (type: 'capture' | 'cancel' | 'refund', cents: number) => ledger.record(account.id, order, part, type, cents, numQuestion, now);
  switch (operation) {
    case 'refund': {
      // 00009 for an operation the payment mean does not allow is inferred [I].
      if (part.brand === 'CVCONNECT') return answer('00009', 'Remboursement impossible pour Chèque-Vacances Connect');
      if (CONECS.has(part.brand) && !switches.up2payConecsVoucherRefund) return answer('00009', 'Remboursement impossible pour un titre Conecs');
      // From the day after the payment, Paris time (002 §4.3.1); the code is inferred [I].
      if (parisDay(now) <= parisDay(order.createdAt)) return answer('00015', 'Remboursement possible à partir de J+1');
      if (amount > balance.captured - balance.refunded) return answer('00011', 'Montant supérieur au montant remboursable');
      record('refund', amount);
      return answer('00000', OK);
    }
    case 'cancel': {
      // Only the CB complement can be cancelled (002 §4.2, §2.2.2.1).
      if (part.kind === 'voucher') return answer('00009', 'Annulation impossible pour ce moyen de paiement');
      if (balance.cancelled) return answer('00015', 'Transaction déjà annulée');
      // Cancel before capture: once captured, it is a refund.
      if (!balance.awaitingCapture) return answer('00015', 'Transaction déjà capturée: remboursement seulement');
      if (amount > balance.authorised) return answer('00011', 'Montant supérieur au montant autorisé');
      // Paybox cancels the whole transaction [I]: the authorised amount is what is cancelled.
      record('cancel', balance.authorised);
      return answer('00000', OK);
    }
    case 'capture': {
      if (balance.cancelled) return answer('00015', 'Transaction annulée');
      if (!balance.awaitingCapture) return answer('00015', 'Transaction déjà capturée');
      if (amount > balance.authorised) return answer('00011', 'Montant supérieur au montant autorisé');
      record('capture', amount);
      // A partial capture of a Conecs payment cancels the remainder automatically (002 §2.1.2.2).
      if (CONECS.has(part.brand) && amount < balance.authorised) record('cancel', balance.authorised - amount);
      return answer('00000', OK);
    }
  }
}

/** The HMAC'd string of a received form: every parameter but HMAC, in the order received, raw values. */
export function ppsSignedPart(pairs: readonly [string, string][]): string {
  return pairs
    .filter(([k]) => k.toUpperCase() !== 'HMAC')
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
}

interface Remembered {
  /** The question without DATEQ: a replay carries a new date. */
  fingerprint: string;
  answer: PpsAnswer;
}

export const mountUp2payCash: MountCash = (app, context) => {
  /**
   * NUMQUESTIONs seen per account: the SAME question again gets the first answer, nothing done twice
   * (the PSP side of idempotency); another question under a used NUMQUESTION is refused (00005).
   */
  const seen = new Map<string, Remembered>();
  app.post('/up2pay/PPPS.php', (c) => handle(c, context, seen));
};

async function handle(c: Context, context: CashContext, seen: Map<string, Remembered>): Promise<Response> {
  const raw = await c.req.text();
  const pairs = [...new URLSearchParams(raw).entries()];
  const params: Record<string, string> = {};
  for (const [k, v] of pairs) params[k.toUpperCase()] = v;
  // Recorded on arrival, its code filled in once known: exactly one call per request.
  const call: CashCall = { at: new Date(), psp: 'up2pay', accountId: null, operation: OPERATIONS[params.TYPE ?? ''] ?? 'unknown', path: c.req.path, body: raw, signatureValid: false, code: '' };
  context.calls.push(call);
  const reply = (a: PpsAnswer) => {
    call.code = a.code;
    return c.body(new Uint8Array(ppsAnswerBody(params, a)), 200, { 'content-type': 'text/plain; charset=ISO-8859-1' });
  };
  const account = [...context.config.accounts.values()].find(
    (a): a is Up2payAccount => a.psp === 'up2pay' && a.site === params.SITE && sameNumber(a.rang, params.RANG) && sameNumber(a.identifiant, params.IDENTIFIANT),
  );
  if (!account) return reply(answer('00006', 'Accès refusé ou site/rang/identifiant invalide'));
  call.accountId = account.id;
  call.signatureValid = params.HASH === 'SHA512' && !!params.HMAC && hexEquals(params.HMAC, ppsHmac(ppsSignedPart(pairs), account.hmacKey));
  if (!call.signatureValid) return reply(answer('00006', 'Accès refusé: HMAC invalide'));

  const key = `${account.id}\u0000${Number(params.NUMQUESTION)}`;
  const fingerprint = ppsSignedPart(pairs.filter(([k]) => k.toUpperCase() !== 'DATEQ'));
  const before = /^\d{1,10}$/.test(params.NUMQUESTION ?? '') ? seen.get(key) : undefined;
  if (before) return reply(before.fingerprint === fingerprint ? before.answer : answer('00005', 'Numéro de question déjà utilisé'));

  const result = await underFault(
    context.faults,
    'up2pay',
    () => {
      const a = ppsWork(context.ledger, context.config.switches, account, params, new Date());
      if (/^\d{1,10}$/.test(params.NUMQUESTION ?? '')) seen.set(key, { fingerprint, answer: a });
      call.code = a.code;
      return a;
    },
    (mode) => {
      // fail: 00001, the platform could not reach the centre, nothing done. already_processed: done,
      // then answered as a question whose NUMQUESTION was already used (00005), the closest real code.
      const a = mode === 'fail' ? answer('00001', "Connexion au centre d'autorisation échouée") : answer('00005', 'Numéro de question déjà traité');
      call.code = a.code;
      return a;
    },
  );
  return reply(result);
}
