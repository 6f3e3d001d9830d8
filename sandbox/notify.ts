import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { currencyNumeric } from '../shared/money';
import { parisWallClock } from '../shared/time';
import type { Account, AxeptaAccount, PaylineAccount, SipsAccount, Up2payAccount } from '../server/config/accounts';
import { encryptData, responseMac } from '../server/psp/axepta/crypto';
import { formatSipsData } from '../server/psp/sips/data';
import { paypageSeal } from '../server/psp/sips/seal';
import { signIpn } from '../server/psp/up2pay/signature';
import type { Outcome, SandboxOrder, SandboxPart } from './orders';
import type { PaylineDetails } from './payline';

/** One HTTP notification as the PSP would send it. */
export interface Message {
  psp: Account['psp'];
  accountId: string;
  method: 'GET' | 'POST';
  query: string;
  body: string;
  contentType: string | null;
  /** Payline: what getWebPaymentDetails answers from the moment this notification is sent. */
  payline?: { token: string; details: PaylineDetails };
}

export const UP2PAY_SANDBOX_PRIVATE_KEY = readFileSync(fileURLToPath(new URL('./keys/up2pay-sandbox-private.pem', import.meta.url)), 'utf8');

export type Phase = 'accepted' | 'refused' | 'pending';

/** The statuses a part goes through, in the order the PSP reports them. */
export function phases(outcome: Outcome): Phase[] {
  switch (outcome) {
    case 'pending_then_accepted':
      return ['pending', 'accepted'];
    case 'pending_then_refused':
      return ['pending', 'refused'];
    default:
      return [outcome];
  }
}

/** The status a part ends in: what the next morning's reports show. */
export function finalPhase(outcome: Outcome): Phase {
  return phases(outcome).at(-1)!;
}

const utcOffsetIso = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, '+00:00');

/** Sips: the transactionReference of the order's one transaction. */
export function sipsTransactionReference(order: SandboxOrder): string {
  return `SR${order.callNumber}`;
}

/** Sips makes one transaction of the split: it is accepted only when both parts are. */
export function sipsOutcome(order: SandboxOrder): Outcome {
  const voucher = order.parts.find((p) => p.kind === 'voucher');
  const card = order.parts.find((p) => p.kind === 'card');
  return voucher && card && card.outcome === 'refused' ? 'refused' : (voucher ?? card!).outcome;
}

/** Sips: the SPLIT acquirerResponseMessage of an order with a voucher part (sent when accepted), else null. */
export function sipsSplitMessage(order: SandboxOrder): string | null {
  const voucher = order.parts.find((p) => p.kind === 'voucher');
  const card = order.parts.find((p) => p.kind === 'card');
  return voucher
    ? order.splitOverride ??
        (card ? `SPLIT:${voucher.brand}:${voucher.transactionId}:${voucher.amount}:${card.brand}:${card.maskedPan}:${card.amount}` : `SPLIT:${voucher.brand}:${voucher.transactionId}:${voucher.amount}`)
    : null;
}

export function sipsMessages(order: SandboxOrder, account: SipsAccount): Message[] {
  const voucher = order.parts.find((p) => p.kind === 'voucher');
  const card = order.parts.find((p) => p.kind === 'card');
  const amount = order.parts.reduce((s, p) => s + p.amount, 0);
  const split = sipsSplitMessage(order);
  return phases(sipsOutcome(order)).map((phase) => {
    const responseCode = phase === 'accepted' ? '00' : phase === 'pending' ? '60' : '05';
    const data = formatSipsData({
      // Deferred: validation mode, validated by the merchant within the capture delay (at most 7 days).
      captureDay: order.captureMode === 'deferred' ? 5 : 0,
      captureMode: order.captureMode === 'deferred' ? 'VALIDATION' : 'AUTHOR_CAPTURE',
      currencyCode: currencyNumeric(order.currency),
      merchantId: account.merchantId,
      orderChannel: 'INTERNET',
      responseCode,
      transactionDateTime: utcOffsetIso(order.createdAt),
      transactionReference: sipsTransactionReference(order),
      keyVersion: account.keyVersion,
      acquirerResponseCode: phase === 'accepted' ? '00' : phase === 'pending' ? null : '05',
      amount,
      authorisationId: phase === 'accepted' ? (card?.authorisationId ?? null) : null,
      paymentMeanBrand: voucher ? 'CONECS' : card!.brand,
      paymentMeanType: voucher ? 'PROVIDER' : 'CARD',
      orderId: order.reference,
      acquirerResponseMessage: phase === 'accepted' ? split : null,
      customerEmail: order.email,
      maskedPan: voucher ? null : card!.maskedPan,
      paymentPattern: 'ONE_SHOT',
    });
    const body = new URLSearchParams({ Data: data, Seal: paypageSeal(data, account.secretKey, account.sealAlgorithm), InterfaceVersion: 'HP_2.24', Encode: '' });
    return { psp: 'sips', accountId: account.id, method: 'POST', query: '', body: body.toString(), contentType: 'application/x-www-form-urlencoded' };
  });
}

/** Builds the signed query of one Up2pay IPN, in the account's PBX_RETOUR order. */
export function up2payQuery(account: Up2payAccount, values: Record<string, string | null>, privateKey = UP2PAY_SANDBOX_PRIVATE_KEY): string {
  const { retour } = account;
  const signed = retour.names
    .filter((name) => retour.letterOf(name) !== 'K')
    .map((name) => [name, values[retour.letterOf(name)!]] as const)
    .filter(([, v]) => v !== null && v !== undefined)
    .map(([name, v]) => `${name}=${encodeURIComponent(v!)}`)
    .join('&');
  return `${signed}&${retour.signatureName}=${encodeURIComponent(signIpn(signed, privateKey))}`;
}

/** Up2pay's Erreur (E) code for a part's status. */
export function up2payErrorCode(phase: Phase): string {
  return phase === 'accepted' ? '00000' : phase === 'pending' ? '99999' : '00151';
}

export function up2payMessages(order: SandboxOrder, account: Up2payAccount): Message[] {
  const { day, time } = parisWallClock(order.createdAt);
  return order.parts.flatMap((part) =>
    phases(part.outcome).map((phase) => {
      const query = up2payQuery(account, {
        M: String(part.amount),
        R: order.reference,
        // A voucher part has no authorisation number (002 §3.1.11).
        A: part.kind === 'card' && phase === 'accepted' ? part.authorisationId : null,
        T: order.callNumber,
        P: 'LIMONETIK',
        C: part.brand,
        E: up2payErrorCode(phase),
        S: part.transactionId,
        W: day.split('-').reverse().join(''),
        Q: time,
        Y: 'FRA',
      });
      return { psp: 'up2pay', accountId: account.id, method: 'GET', query, body: '', contentType: null } satisfies Message;
    }),
  );
}

export function axeptaPayId(order: SandboxOrder, part: SandboxPart): string {
  return createHash('md5').update(`${order.reference}:${part.transactionId}`).digest('hex');
}

/** Encrypts Computop fields into the `MerchantID`/`Len`/`Data` form the notify and the server API use. */
export function axeptaEnvelope(account: AxeptaAccount, fields: Record<string, string>): string {
  const plain = new URLSearchParams(fields).toString();
  const { len, data } = encryptData(plain, account.blowfishKey);
  return new URLSearchParams({ MerchantID: account.merchantId, Len: String(len), Data: data }).toString();
}

/** Computop Status and Code for a part's status. */
export function axeptaResult(phase: Phase): { status: string; code: string } {
  return phase === 'accepted' ? { status: 'OK', code: '00000000' } : phase === 'pending' ? { status: 'PENDING', code: '60000000' } : { status: 'FAILED', code: '21000005' };
}

export function axeptaMessages(order: SandboxOrder, account: AxeptaAccount): Message[] {
  return order.parts.flatMap((part) =>
    phases(part.outcome).map((phase) => {
      const payId = axeptaPayId(order, part);
      const { status, code } = axeptaResult(phase);
      const fields = {
        mid: account.merchantId,
        PayID: payId,
        XID: createHash('md5').update(`${payId}:${phase}`).digest('hex'),
        TransID: order.reference,
        Status: status,
        Description: phase === 'accepted' ? 'success' : phase === 'pending' ? 'in progress' : 'refused by issuer',
        Code: code,
        Amount: String(part.amount),
        Currency: order.currency,
        Brand: part.brand,
        MAC: responseMac(account.hmacKey, { payId, transId: order.reference, merchantId: account.merchantId, status, code }),
      };
      return { psp: 'axepta', accountId: account.id, method: 'POST', query: '', body: axeptaEnvelope(account, fields), contentType: 'application/x-www-form-urlencoded' } satisfies Message;
    }),
  );
}

/** Payline: the web payment token of the order's (one) part. */
export function paylineToken(order: SandboxOrder, part: SandboxPart): string {
  return `1${order.callNumber}${part.transactionId}`;
}

/** Payline: the transaction id getWebPaymentDetails gives a part once it is final. */
export function paylineTransactionId(part: SandboxPart): string {
  return `2${part.transactionId}`;
}

/** Payline result code, short and long message for a part's status. */
export function paylineResult(phase: Phase): [code: string, short: string, long: string] {
  return phase === 'accepted' ? ['00000', 'ACCEPTED', 'Transaction approved'] : phase === 'pending' ? ['02306', 'PENDING', 'Customer has to fill his payment data'] : ['02020', 'REFUSED', 'Transaction refused by partner'];
}

export function paylineMessages(order: SandboxOrder, account: PaylineAccount): Message[] {
  const part = order.parts[0]!;
  const token = paylineToken(order, part);
  const { day, time } = parisWallClock(order.createdAt);
  return phases(part.outcome).map((phase) => {
    const [code, short, long] = paylineResult(phase);
    const details: PaylineDetails = {
      result: { code, shortMessage: short, longMessage: long },
      transaction: phase === 'pending' ? undefined : { id: paylineTransactionId(part), date: `${day.split('-').reverse().join('/')} ${time.slice(0, 5)}`, isDuplicated: '0', partnerAdditionalData: JSON.stringify({ cardMaskedPan: part.maskedPan, transactionFlow: 'ecommerce' }) },
      payment: { amount: String(part.amount), currency: '978', action: '101', mode: 'CPT', contractNumber: account.contractNumber },
      authorization: phase === 'accepted' ? { number: part.authorisationId ?? '', date: `${day.split('-').reverse().join('/')} ${time.slice(0, 5)}` } : undefined,
      order: { ref: order.reference, amount: String(part.amount), currency: '978' },
      buyer: { email: order.email },
      card: { type: part.brand, number: part.maskedPan ?? '' },
    };
    return {
      psp: 'payline',
      accountId: account.id,
      method: 'GET',
      query: `notificationType=WEBTRS&token=${token}`,
      body: '',
      contentType: null,
      payline: { token, details },
    } satisfies Message;
  });
}

export function messagesFor(order: SandboxOrder, account: Account): Message[] {
  switch (account.psp) {
    case 'sips':
      return sipsMessages(order, account);
    case 'up2pay':
      return up2payMessages(order, account);
    case 'axepta':
      return axeptaMessages(order, account);
    case 'payline':
      return paylineMessages(order, account);
  }
}
