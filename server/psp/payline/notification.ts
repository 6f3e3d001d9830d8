import { brandFromPsp } from '../../../shared/brands';
import { normaliseCurrency, parseCents } from '../../../shared/money';
import { keepMaskedPan } from '../../../shared/pan';
import type { PartStatus } from '../../../shared/psp';
import { parisLocalToUtc } from '../../../shared/time';
import type { PaylineAccount } from '../../config/accounts';
import type { OrderObservation } from '../../domain/observation';
import { badRequest, type IncomingNotification, type Interpretation, type NotificationAdapter } from '../adapter';
import { parseForm } from '../form';
import { textAt } from './soap';
import { callPayline } from './web-payment';

/**
 * Payline notifies `notificationType=WEBTRS&token=...` without a signature; the truth is what
 * `getWebPaymentDetails(token)` answers to our authenticated call (PSP-FORMATS.md §6).
 */
async function interpret(n: IncomingNotification, account: PaylineAccount): Promise<Interpretation> {
  const raw = n.method === 'POST' && n.body.length > 0 ? n.body.toString('latin1') : n.query;
  const params = parseForm(raw);
  const type = params.text('notificationType')?.trim();
  if (type && type.toUpperCase() !== 'WEBTRS') {
    return badRequest('UNSUPPORTED_NOTIFICATION', `notificationType "${type}" is not handled; expected WEBTRS`, 'notificationType');
  }
  const token = (params.text('token') ?? params.text('paylinetoken'))?.trim();
  if (!token) return badRequest('MISSING_FIELD', 'token is missing', 'token');

  const call = await callPayline(account, 'WebPaymentAPI', 'getWebPaymentDetails', { token });
  if (!call.ok) {
    return { ok: false, rejection: { verification: 'not_verified', detail: call.message, httpStatus: 502, code: call.code, message: call.message } };
  }
  const d = call.body;
  const code = textAt(d, 'result.code') ?? '';
  const short = textAt(d, 'result.shortMessage') ?? '';
  const long = textAt(d, 'result.longMessage') ?? '';
  const orderRef = textAt(d, 'order.ref');
  if (!orderRef) {
    return {
      ok: false,
      rejection: { verification: 'invalid', detail: `getWebPaymentDetails: ${code} ${short}`, httpStatus: 400, code: 'TOKEN_UNKNOWN', field: 'token', message: `Payline knows no payment for this token (${code} ${short} ${long})`.trim() },
    };
  }
  const verification = { verification: 'confirmed_by_api' as const, detail: `getWebPaymentDetails answered ${code} ${short}` };
  const reject = (c: string, message: string, field: string) => badRequest(c, message, field, verification);

  const amount = parseCents(textAt(d, 'payment.amount') ?? '');
  if (!amount.ok) return reject('BAD_AMOUNT', amount.error.message, 'payment.amount');
  const currency = normaliseCurrency(textAt(d, 'payment.currency') ?? '');
  if (!currency) return reject('BAD_CURRENCY', `payment.currency "${textAt(d, 'payment.currency') ?? ''}" is not a known ISO 4217 code`, 'payment.currency');
  const orderAmountText = textAt(d, 'order.amount');
  const orderAmount = orderAmountText ? parseCents(orderAmountText) : null;
  if (orderAmount && !orderAmount.ok) return reject('BAD_AMOUNT', orderAmount.error.message, 'order.amount');

  const status = statusOf(code, textAt(d, 'payment.action'));
  const cardType = textAt(d, 'card.type') ?? textAt(d, 'extendedCard.type');
  const brand = brandFromPsp('payline', cardType);
  const { pan: maskedPan, anomaly } = keepMaskedPan(textAt(d, 'card.number') ?? partnerMaskedPan(textAt(d, 'transaction.partnerAdditionalData')) ?? null, 'card.number');
  const transactionId = textAt(d, 'transaction.id');

  const observation: OrderObservation = {
    accountId: account.id,
    psp: 'payline',
    groupKey: orderRef,
    reference: orderRef,
    callNumber: null,
    currency,
    expectedAmount: orderAmount?.ok ? orderAmount.value : null,
    customerEmail: textAt(d, 'buyer.email') ?? null,
    anomalies: [],
    parts: [
      {
        // One web payment (token) is one part, from its pending answer to its final one.
        partKey: `token:${token}`,
        kind: brand?.kind ?? 'card',
        brand: brand?.code ?? (cardType ?? 'UNKNOWN').toUpperCase(),
        amount: amount.value,
        currency,
        status,
        responseCode: code || null,
        message: status === 'CAPTURED' || status === 'TO_CAPTURE' ? null : [short, long].filter(Boolean).join(': ') || null,
        pspTransactionId: transactionId ?? null,
        authorisationId: textAt(d, 'authorization.number') ?? null,
        maskedPan,
        occurredAt: paylineDate(textAt(d, 'transaction.date')),
        captureDelayDays: null,
        anomalies: anomaly ? [anomaly] : [],
      },
    ],
  };
  return { ok: true, verification, observation };
}

const ACCEPTED = new Set(['00000', '02400', '02500', '02501', '02517', '02520', '02616', '03000', '04000']);
const WAITING = new Set(['02000', '02005', '02015', '02306']);
const CANCELLED = new Set(['02008', '02319']);

/** Return codes from the Payline Magento module's constants and seed 004. */
function statusOf(code: string, action: string | undefined): PartStatus {
  if (ACCEPTED.has(code)) return action === '100' ? 'TO_CAPTURE' : 'CAPTURED';
  if (WAITING.has(code)) return 'PENDING';
  if (CANCELLED.has(code)) return 'CANCELLED';
  return 'REFUSED';
}

/** Payline dates are `dd/MM/yyyy HH:mm` (or with seconds), Paris time. */
function paylineDate(text: string | undefined): string | null {
  const m = text ? /^(\d{2})\/(\d{2})\/(\d{4}) (\d{2}):(\d{2})(?::(\d{2}))?$/.exec(text) : null;
  if (!m) return null;
  const [, dd, mm, yyyy, hh, mi, ss = '00'] = m;
  return parisLocalToUtc(`${yyyy}-${mm}-${dd}`, `${hh}:${mi}:${ss}`);
}

/** Payconiq puts the masked PAN in `transaction.partnerAdditionalData` as JSON (seed 004). */
function partnerMaskedPan(json: string | undefined): string | undefined {
  if (!json) return undefined;
  try {
    const value = (JSON.parse(json) as { cardMaskedPan?: unknown }).cardMaskedPan;
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

export const paylineNotifications: NotificationAdapter<PaylineAccount> = { psp: 'payline', remote: true, interpret };
