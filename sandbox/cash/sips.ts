import type { Context } from 'hono';
import { currencyNumeric } from '../../shared/money';
import type { SipsAccount } from '../../server/config/accounts';
import { officeRequestSealValid, officeResponseSeal } from '../../server/psp/sips/office-seal';
import { finalPhase, sipsOutcome, sipsTransactionReference } from '../notify';
import type { SandboxOrder, SandboxPart } from '../orders';
import { parisIso } from '../reports';
import type { CashCall, CashContext, MountCash } from './context';
import { underFault } from './faults';
import type { Ledger, LedgerOperation } from './ledger';

/**
 * The sandbox Sips Office cash API (PSP-FORMATS.md §3): cashManagement/refund, cancel, validate and
 * diagnostic/getTransactionData, answering signed JSON from the ledger with Sips's own limits.
 * Sips makes ONE transaction of a voucher + card split (seed 000): cancel and validate apply to the
 * whole transaction, refunds go to the card part.
 */

const BASE = '/sips/rs-services/v2';
type SipsOperation = 'refund' | 'cancel' | 'validate' | 'getTransactionData';

/** Validation mode: a transaction can be validated within the capture delay, at most 7 days (seed 000). */
export const SIPS_VALIDATION_DAYS = 7;
const DAY_MS = 86_400_000;

/** Sips operation names, as its operations report spells them (sandbox/reports.ts). */
const OPERATION_NAMES: Record<LedgerOperation['type'], string> = { capture: 'CAPTURE', refund: 'CREDIT', cancel: 'CANCEL', validate: 'VALIDATE' };

/** What Sips holds on the one transaction of an order, summed over its parts. */
export interface SipsTransaction {
  order: SandboxOrder;
  voucher: SandboxPart | undefined;
  card: SandboxPart | undefined;
  status: 'PENDING' | 'REFUSED' | 'TO_VALIDATE' | 'EXPIRED' | 'CANCELLED' | 'CAPTURED';
  authorised: number;
  validated: number;
  captured: number;
  refunded: number;
  cancelled: boolean;
}

export function sipsTransaction(ledger: Ledger, order: SandboxOrder, now: Date): SipsTransaction {
  const balances = order.parts.map((p) => ledger.balance(order, p));
  const operations = order.parts.flatMap((p) => ledger.of(p));
  const sum = (type: LedgerOperation['type']) => operations.filter((o) => o.type === type).reduce((s, o) => s + o.amount, 0);
  const phase = finalPhase(sipsOutcome(order));
  const total = order.parts.reduce((s, p) => s + p.amount, 0);
  const deferred = order.captureMode === 'deferred';
  const cancelled = balances.some((b) => b.cancelled);
  const validated = sum('validate');
  const authorised = phase === 'accepted' ? total : 0;
  const captured = phase !== 'accepted' || cancelled ? validated : deferred ? validated : total;
  const status: SipsTransaction['status'] =
    phase === 'refused' ? 'REFUSED'
    : phase === 'pending' ? 'PENDING'
    : cancelled ? 'CANCELLED'
    : deferred && validated === 0 ? (now.getTime() - order.createdAt.getTime() > SIPS_VALIDATION_DAYS * DAY_MS ? 'EXPIRED' : 'TO_VALIDATE')
    : 'CAPTURED';
  return {
    order,
    voucher: order.parts.find((p) => p.kind === 'voucher'),
    card: order.parts.find((p) => p.kind === 'card'),
    status,
    authorised,
    validated,
    captured,
    refunded: sum('refund'),
    cancelled,
  };
}

/**
 * How far cumulated refunds may go. Sips allows refunds beyond the initial amount ("unlimited
 * refund", seed 000, a contract option) but a sandbox needs a bound: twice the whole transaction's
 * captured amount [I], so a refund beyond the initial amount passes and a runaway one is refused.
 */
export function sipsRefundCeiling(t: SipsTransaction): number {
  return 2 * t.captured;
}

type Answer = Record<string, unknown> & { responseCode: string };

/** What remains to be (or was) remitted: what getTransactionData calls currentAmount [I]. */
function currentAmount(t: SipsTransaction): number {
  return t.cancelled ? 0 : t.validated > 0 ? t.validated : t.authorised;
}

/** Performs one cash operation on the transaction, or refuses it with Sips's code. */
export function sipsCashWork(ledger: Ledger, account: SipsAccount, operation: Exclude<SipsOperation, 'getTransactionData'>, t: SipsTransaction, amount: number, origin: string, now: Date): Answer {
  const done = (fields: Record<string, unknown>): Answer => ({ responseCode: '00', acquirerResponseCode: '00', operationDateTime: parisIso(now), ...fields });
  switch (operation) {
    case 'refund': {
      if (t.status !== 'CAPTURED') return { responseCode: '24' };
      // Sips refunds a Conecs transaction on its CB part only (seed 000): a voucher-only one is not refundable.
      if (!t.card) return { responseCode: '40' };
      if (t.refunded + amount > sipsRefundCeiling(t)) return { responseCode: '51' };
      ledger.record(account.id, t.order, t.card, 'refund', amount, origin, now);
      return done({ newStatus: 'CAPTURED', newAmount: currentAmount(t) });
    }
    case 'cancel': {
      // Cancellation before capture only: in the sandbox, an automatic capture happens at once.
      if (t.status !== 'TO_VALIDATE') return { responseCode: '24' };
      if (amount > t.authorised) return { responseCode: '51' };
      // The whole transaction is cancelled (DOMAIN.md): both parts. The sandbox does not model an amount edit [I].
      for (const part of t.order.parts) ledger.record(account.id, t.order, part, 'cancel', part.amount, origin, now);
      return done({ newStatus: 'CANCELLED', newAmount: 0 });
    }
    case 'validate': {
      if (t.status !== 'TO_VALIDATE') return { responseCode: '24' };
      if (amount > t.authorised) return { responseCode: '51' };
      // A partial validation takes the voucher first and leaves out the end of the card part [I]:
      // the card is what Sips adjusts (refunds go to it too).
      let left = amount;
      for (const part of [t.voucher, t.card]) {
        if (!part || left === 0) continue;
        const share = Math.min(part.amount, left);
        ledger.record(account.id, t.order, part, 'validate', share, origin, now);
        left -= share;
      }
      return done({ newStatus: 'CAPTURED', newAmount: amount });
    }
  }
}

/**
 * getTransactionData's answer. Beyond responseCode and transactionStatus [C], the fields are this
 * project's inference (PSP-FORMATS §3.4 [I]), read the same way by server/psp/sips/cash.ts.
 */
export function sipsTransactionData(ledger: Ledger, t: SipsTransaction): Answer {
  const groups = new Map<string, { operationName: string; operationAmount: number; operationDateTime: string; operationOrigin: string }>();
  const operations = t.order.parts.flatMap((p) => ledger.of(p)).sort((a, b) => Number(a.id) - Number(b.id));
  for (const op of operations) {
    // A cancel or a validation is recorded on each part: Sips lists it once, for the transaction.
    const key = `${op.type}\u0000${op.requestId}\u0000${op.at.getTime()}`;
    const group = groups.get(key);
    if (group) group.operationAmount += op.amount;
    else groups.set(key, { operationName: OPERATION_NAMES[op.type], operationAmount: op.amount, operationDateTime: parisIso(op.at), operationOrigin: op.requestId ?? '' });
  }
  return {
    responseCode: '00',
    transactionReference: sipsTransactionReference(t.order),
    orderId: t.order.reference,
    transactionStatus: t.status,
    currencyCode: currencyNumeric(t.order.currency) ?? '',
    amount: t.order.parts.reduce((s, p) => s + p.amount, 0),
    currentAmount: currentAmount(t),
    capturedAmount: t.captured,
    refundedAmount: t.refunded,
    operations: [...groups.values()],
  };
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null);

/** The field Sips would name in a format error, or null when the request is well formed. */
function formatError(operation: SipsOperation, body: Record<string, unknown>): string | null {
  const prefix = operation === 'getTransactionData' ? 'DR_WS_2.' : 'CR_WS_2.';
  if (!str(body.interfaceVersion)?.startsWith(prefix)) return 'interfaceVersion';
  if (!str(body.transactionReference)) return 'transactionReference';
  if (operation === 'getTransactionData') return null;
  if (!/^\d{1,12}$/.test(str(body.operationAmount) ?? '') || Number(body.operationAmount) === 0) return 'operationAmount';
  if (!/^\d{3}$/.test(str(body.currencyCode) ?? '')) return 'currencyCode';
  return null;
}

function sealed(account: SipsAccount, fields: Answer): Record<string, unknown> {
  return { ...fields, seal: officeResponseSeal(fields, account.secretKey) };
}

export const mountSipsCash: MountCash = (app, context) => {
  for (const operation of ['refund', 'cancel', 'validate'] as const) app.post(`${BASE}/cashManagement/${operation}`, (c) => handle(c, context, operation));
  app.post(`${BASE}/diagnostic/getTransactionData`, (c) => handle(c, context, 'getTransactionData'));
};

async function handle(c: Context, context: CashContext, operation: SipsOperation): Promise<Response> {
  const raw = await c.req.text();
  // Recorded on arrival, its code filled in once known: exactly one call per request, whatever happens.
  const call: CashCall = { at: new Date(), psp: 'sips', accountId: null, operation, path: c.req.path, body: raw, signatureValid: false, code: '' };
  context.calls.push(call);
  let body: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(raw);
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
    body = parsed as Record<string, unknown>;
  } catch {
    call.code = '30';
    return c.json({ responseCode: '30' });
  }
  const account = [...context.config.accounts.values()].find((a): a is SipsAccount => a.psp === 'sips' && a.merchantId === str(body.merchantId));
  if (!account) {
    // No account, no key to seal with: Sips answers an unknown merchant unsealed.
    call.code = '03';
    return c.json({ responseCode: '03' });
  }
  call.accountId = account.id;
  call.signatureValid = str(body.keyVersion) === account.keyVersion && officeRequestSealValid(body, account.secretKey);
  if (!call.signatureValid) {
    call.code = '34';
    return c.json(sealed(account, { responseCode: '34' }));
  }
  const answer = await underFault(
    context.faults,
    'sips',
    () => {
      const a = work(context, account, operation, body);
      call.code = a.responseCode;
      return a;
    },
    (mode) => {
      // fail: a technical error, nothing done; already_processed: done, then "24" as on a replay (seed 000).
      const a: Answer = { responseCode: mode === 'fail' ? '99' : '24' };
      call.code = a.responseCode;
      return a;
    },
  );
  return c.json(sealed(account, answer));
}

function work(context: CashContext, account: SipsAccount, operation: SipsOperation, body: Record<string, unknown>): Answer {
  const field = formatError(operation, body);
  if (field) return { responseCode: '30', errorFieldName: field };
  const now = new Date();
  const reference = str(body.transactionReference)!;
  const found = context.ledger.find(account.id, (order) => sipsTransactionReference(order) === reference);
  if (!found) return { responseCode: '25' };
  const t = sipsTransaction(context.ledger, found.order, now);
  if (operation === 'getTransactionData') return sipsTransactionData(context.ledger, t);
  if (str(body.currencyCode) !== currencyNumeric(t.order.currency)) return { responseCode: '12' };
  return sipsCashWork(context.ledger, account, operation, t, Number(body.operationAmount), str(body.operationOrigin) ?? '', now);
}
