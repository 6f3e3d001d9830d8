import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SipsAccount, Up2payAccount } from '../../server/config/accounts';
import type { CashConnector, CashOutcome, CashRequest, CashTarget } from '../../server/psp/cash';
import { sipsCash } from '../../server/psp/sips/cash';
import { officeResponseSealValid, officeSeal } from '../../server/psp/sips/office-seal';
import { parsePpsAnswer, ppsRequest, up2payCash } from '../../server/psp/up2pay/cash';
import type { CashCall } from '../../sandbox/cash/context';
import { exampleConfigFor } from '../../sandbox/config';
import { sipsTransactionReference } from '../../sandbox/notify';
import type { SandboxOrder, SandboxPart } from '../../sandbox/orders';
import { startSandbox, type RunningSandbox, type Sandbox } from '../../sandbox/sandbox';

/**
 * The Sips and Up2pay connectors against the sandbox PSPs over real HTTP: each rule row of
 * shared/rules.ts and each operation, what the sandbox answers and what its ledger then holds.
 */

let running: RunningSandbox;
let sandbox: Sandbox;
let sips: SipsAccount;
let up2pay: Up2payAccount;

beforeAll(async () => {
  running = await startSandbox(exampleConfigFor('http://127.0.0.1:8788'));
  sandbox = running.sandbox;
  const config = exampleConfigFor(running.url);
  sips = config.accounts.get('sips-shop') as SipsAccount;
  up2pay = config.accounts.get('up2pay-shop') as Up2payAccount;
});

afterAll(async () => {
  await running.close();
});

afterEach(() => sandbox.faults.clear());

const HOUR = 3_600_000;
/** At least one Paris calendar day before today, whatever the hour and the daylight-saving change. */
const yesterday = () => new Date(Date.now() - 26 * HOUR);
let sequence = 0;
const nextCallNumber = () => String(4_100_000 + ++sequence);
const nextTransactionId = () => String(700_000_000 + ++sequence);
let operationId = 1000;

interface OrderSpec {
  voucher?: { brand: string; amount: number } | null;
  card?: { brand: string; amount: number } | null;
  captureMode?: 'auto' | 'deferred';
  createdAt?: Date;
}

function adoptOrder(psp: 'sips' | 'up2pay', spec: OrderSpec): SandboxOrder {
  const parts: SandboxPart[] = [];
  if (spec.voucher !== null) {
    const v = spec.voucher ?? { brand: 'APETIZ', amount: 1500 };
    parts.push({ kind: 'voucher', brand: v.brand, amount: v.amount, outcome: 'accepted', transactionId: nextTransactionId(), authorisationId: null, maskedPan: null });
  }
  if (spec.card !== null) {
    const c = spec.card ?? { brand: psp === 'sips' ? 'CB' : 'LIMOCB', amount: 800 };
    parts.push({ kind: 'card', brand: c.brand, amount: c.amount, outcome: 'accepted', transactionId: nextTransactionId(), authorisationId: '123456', maskedPan: '497010######0014' });
  }
  const callNumber = nextCallNumber();
  const order: SandboxOrder = {
    psp,
    accountId: psp === 'sips' ? 'sips-shop' : 'up2pay-shop',
    reference: `CMD-${callNumber}`,
    callNumber,
    email: 'lea.123@example.fr',
    createdAt: spec.createdAt ?? yesterday(),
    currency: 'EUR',
    parts,
    captureMode: spec.captureMode ?? 'auto',
  };
  sandbox.adopt([order]);
  return order;
}

const partOf = (order: SandboxOrder, kind: 'voucher' | 'card') => order.parts.find((p) => p.kind === kind)!;

/** What the product knows of a Sips part: the transactionReference names the whole transaction. */
function sipsTarget(order: SandboxOrder, kind: 'voucher' | 'card'): CashTarget {
  const part = partOf(order, kind);
  const reference = sipsTransactionReference(order);
  return {
    order: { reference: order.reference, callNumber: null, groupKey: reference, currency: 'EUR' },
    part: { partKey: `${reference}/${kind}`, kind, brand: kind === 'voucher' ? part.brand : 'CB', pspTransactionId: reference, authorisationId: part.authorisationId, amount: part.amount, paidAt: order.createdAt.toISOString() },
  };
}

/** What the product knows of an Up2pay part: NUMAPPEL, NUMTRANS and our brand code. */
function up2payTarget(order: SandboxOrder, kind: 'voucher' | 'card', brand?: string): CashTarget {
  const part = partOf(order, kind);
  return {
    order: { reference: order.reference, callNumber: order.callNumber, groupKey: `${order.callNumber}/${order.reference}`, currency: 'EUR' },
    part: { partKey: part.transactionId, kind, brand: brand ?? part.brand, pspTransactionId: part.transactionId, authorisationId: part.authorisationId, amount: part.amount, paidAt: order.createdAt.toISOString() },
  };
}

/**
 * Runs one operation and checks the sandbox received exactly one request for it (none when the
 * connector refuses before sending), returning that request.
 */
async function execute<A extends SipsAccount | Up2payAccount>(
  connector: CashConnector<A>,
  account: A,
  type: CashRequest['type'],
  amount: number,
  target: CashTarget,
  expectSent = true,
): Promise<{ outcome: CashOutcome; call: CashCall | undefined }> {
  const before = sandbox.cashCalls.length;
  const outcome = await connector.execute(account, { operationId: ++operationId, type, amount, target });
  const calls = sandbox.cashCalls.slice(before);
  expect(calls).toHaveLength(expectSent ? 1 : 0);
  return { outcome, call: calls[0] };
}

const refundedOf = (order: SandboxOrder, kind: 'voucher' | 'card') => sandbox.ledger.balance(order, partOf(order, kind)).refunded;

describe('Sips Office cash management', () => {
  describe('sips-card: refund', () => {
    it('refunds the card part, several times, beyond its initial amount up to the sandbox ceiling, then refuses', async () => {
      const order = adoptOrder('sips', {});
      const first = await execute(sipsCash, sips, 'refund', 300, sipsTarget(order, 'card'));
      expect(first.outcome).toMatchObject({ state: 'succeeded', code: '00', pspRequestId: `SR-OP-${operationId}` });
      expect(first.call).toMatchObject({ psp: 'sips', accountId: 'sips-shop', operation: 'refund', signatureValid: true, code: '00' });
      expect(refundedOf(order, 'card')).toBe(300);
      expect(sandbox.ledger.of(partOf(order, 'card'))[0]).toMatchObject({ type: 'refund', amount: 300, requestId: first.outcome.pspRequestId });

      // 2 500 in all: more than the card's 800 and the 2 300 transaction ("unlimited refund", seed 000),
      // within the sandbox's ceiling of twice the transaction.
      const beyond = await execute(sipsCash, sips, 'refund', 2200, sipsTarget(order, 'card'));
      expect(beyond.outcome.state).toBe('succeeded');
      expect(refundedOf(order, 'card')).toBe(2500);

      const tooMuch = await execute(sipsCash, sips, 'refund', 2200, sipsTarget(order, 'card'));
      expect(tooMuch.outcome).toMatchObject({ state: 'failed', code: '51' });
      expect(tooMuch.call?.code).toBe('51');
      expect(refundedOf(order, 'card')).toBe(2500);
      expect(refundedOf(order, 'voucher')).toBe(0);
    });

    it('says unknown (24) for a refund before validation, and the inquiry shows nothing was done', async () => {
      const order = adoptOrder('sips', { captureMode: 'deferred' });
      const { outcome } = await execute(sipsCash, sips, 'refund', 300, sipsTarget(order, 'card'));
      expect(outcome).toMatchObject({ state: 'unknown', code: '24' });
      const inquiry = await sipsCash.inquire(sips, sipsTarget(order, 'card'));
      expect(inquiry).toEqual({ ok: true, inquiry: { status: 'TO_VALIDATE', cancelled: false, capturedAmount: 0, refundedAmount: 0, processedRequestIds: [] } });
    });
  });

  describe('sips-voucher: refund', () => {
    it('is refused by the connector before sending: Sips would take it from the card part', async () => {
      const order = adoptOrder('sips', {});
      const { outcome } = await execute(sipsCash, sips, 'refund', 300, sipsTarget(order, 'voucher'), false);
      expect(outcome).toMatchObject({ state: 'failed', code: 'SIPS_VOUCHER_NOT_REFUNDABLE', pspRequestId: null });
    });

    it('is refused by Sips on a voucher-only transaction (40)', async () => {
      const order = adoptOrder('sips', { card: null });
      const target = sipsTarget(order, 'voucher');
      const { outcome } = await execute(sipsCash, sips, 'refund', 300, { ...target, part: { ...target.part, kind: 'card' } });
      expect(outcome).toMatchObject({ state: 'failed', code: '40' });
      expect(refundedOf(order, 'voucher')).toBe(0);
    });
  });

  describe.each(['voucher', 'card'] as const)('sips-%s: validate and cancel apply to the whole transaction', (kind) => {
    it('validates a partial amount within the capture delay, once', async () => {
      const order = adoptOrder('sips', { captureMode: 'deferred' });
      const { outcome, call } = await execute(sipsCash, sips, 'validate', 2000, sipsTarget(order, kind));
      expect(outcome).toMatchObject({ state: 'succeeded', code: '00' });
      expect(call).toMatchObject({ operation: 'validate', signatureValid: true, code: '00' });
      // The voucher first, the card for the rest.
      expect(sandbox.ledger.balance(order, partOf(order, 'voucher'))).toMatchObject({ captured: 1500, awaitingCapture: false });
      expect(sandbox.ledger.balance(order, partOf(order, 'card')).captured).toBe(500);
      const inquiry = await sipsCash.inquire(sips, sipsTarget(order, kind));
      expect(inquiry).toMatchObject({ ok: true, inquiry: { status: 'CAPTURED', capturedAmount: 2000, processedRequestIds: [outcome.pspRequestId] } });

      const again = await execute(sipsCash, sips, 'validate', 300, sipsTarget(order, kind));
      expect(again.outcome).toMatchObject({ state: 'unknown', code: '24' });
      expect(sandbox.ledger.balance(order, partOf(order, 'card')).captured).toBe(500);
    });

    it('cancels both parts before validation', async () => {
      const order = adoptOrder('sips', { captureMode: 'deferred' });
      const { outcome } = await execute(sipsCash, sips, 'cancel', partOf(order, kind).amount, sipsTarget(order, kind));
      expect(outcome).toMatchObject({ state: 'succeeded', code: '00' });
      expect(sandbox.ledger.balance(order, partOf(order, 'voucher')).cancelled).toBe(true);
      expect(sandbox.ledger.balance(order, partOf(order, 'card')).cancelled).toBe(true);
      const inquiry = await sipsCash.inquire(sips, sipsTarget(order, kind));
      expect(inquiry).toMatchObject({ ok: true, inquiry: { status: 'CANCELLED', cancelled: true, capturedAmount: 0 } });
      // A single cancel of the transaction, though the ledger records it on each part.
      expect(inquiry.ok && inquiry.inquiry.processedRequestIds).toEqual([outcome.pspRequestId]);
    });

    it('refuses cancel and validate once captured (24), and a capture is no Sips operation', async () => {
      const order = adoptOrder('sips', {});
      expect((await execute(sipsCash, sips, 'cancel', 800, sipsTarget(order, kind))).outcome).toMatchObject({ state: 'unknown', code: '24' });
      expect((await execute(sipsCash, sips, 'validate', 800, sipsTarget(order, kind))).outcome).toMatchObject({ state: 'unknown', code: '24' });
      expect(sandbox.ledger.balance(order, partOf(order, 'card')).cancelled).toBe(false);
      const capture = await execute(sipsCash, sips, 'capture', 800, sipsTarget(order, kind), false);
      expect(capture.outcome).toMatchObject({ state: 'failed', code: 'SIPS_NO_CAPTURE' });
    });
  });

  it('refuses a validation above the amount (51) and after the capture delay (24, EXPIRED)', async () => {
    const order = adoptOrder('sips', { captureMode: 'deferred' });
    expect((await execute(sipsCash, sips, 'validate', 2301, sipsTarget(order, 'card'))).outcome).toMatchObject({ state: 'failed', code: '51' });
    const old = adoptOrder('sips', { captureMode: 'deferred', createdAt: new Date(Date.now() - 8 * 24 * HOUR) });
    expect((await execute(sipsCash, sips, 'validate', 100, sipsTarget(old, 'card'))).outcome).toMatchObject({ state: 'unknown', code: '24' });
    expect(await sipsCash.inquire(sips, sipsTarget(old, 'card'))).toMatchObject({ ok: true, inquiry: { status: 'EXPIRED', capturedAmount: 0 } });
  });

  it('answers 25 for a transaction it does not know', async () => {
    const order = adoptOrder('sips', {});
    const target = sipsTarget(order, 'card');
    const unknown: CashTarget = { ...target, part: { ...target.part, pspTransactionId: 'SR0000000' } };
    expect((await execute(sipsCash, sips, 'refund', 100, unknown)).outcome).toMatchObject({ state: 'failed', code: '25' });
    expect(await sipsCash.inquire(sips, unknown)).toMatchObject({ ok: false, code: '25' });
  });

  it('refuses a request sealed with the wrong key (34), recorded as badly signed; the answer then cannot be read as ours', async () => {
    const order = adoptOrder('sips', {});
    const { outcome, call } = await execute(sipsCash, { ...sips, secretKey: 'not-the-key' }, 'refund', 100, sipsTarget(order, 'card'));
    expect(call).toMatchObject({ accountId: 'sips-shop', signatureValid: false, code: '34' });
    expect(outcome).toMatchObject({ state: 'unknown', code: 'SIPS_BAD_SEAL' });
    expect(refundedOf(order, 'card')).toBe(0);
  });

  it('answers a badly sealed request with 34, sealed with the account key', async () => {
    const order = adoptOrder('sips', {});
    const fields = { currencyCode: '978', interfaceVersion: 'CR_WS_2.55', keyVersion: '1', merchantId: sips.merchantId, operationAmount: '100', operationOrigin: 'TEST', transactionReference: sipsTransactionReference(order) };
    const response = await fetch(`${running.url}/sips/rs-services/v2/cashManagement/refund`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...fields, seal: officeSeal(fields, 'wrong') }),
    });
    const answer = (await response.json()) as Record<string, unknown>;
    expect(answer.responseCode).toBe('34');
    expect(officeResponseSealValid(answer, sips.secretKey)).toBe(true);
    expect(sandbox.cashCalls.at(-1)).toMatchObject({ signatureValid: false, code: '34' });
  });

  it('timeout after the work: unknown, then getTransactionData shows the refund', async () => {
    const order = adoptOrder('sips', {});
    sandbox.faults.set({ mode: 'timeout_after_work', delayMs: 1500, psp: 'sips', times: 1 });
    const { outcome, call } = await execute(sipsCash, { ...sips, timeoutMs: 300 }, 'refund', 250, sipsTarget(order, 'card'));
    expect(outcome).toMatchObject({ state: 'unknown', code: 'PSP_TIMEOUT' });
    expect(call?.code).toBe('00');
    const inquiry = await sipsCash.inquire(sips, sipsTarget(order, 'card'));
    expect(inquiry).toMatchObject({ ok: true, inquiry: { status: 'CAPTURED', refundedAmount: 250 } });
    expect(inquiry.ok && inquiry.inquiry.processedRequestIds).toContain(outcome.pspRequestId);
  });

  it('already processed (24): unknown, and getTransactionData shows it was done', async () => {
    const order = adoptOrder('sips', {});
    sandbox.faults.set({ mode: 'already_processed', psp: 'sips', times: 1 });
    const { outcome, call } = await execute(sipsCash, sips, 'refund', 120, sipsTarget(order, 'card'));
    expect(outcome.state).toBe('unknown');
    expect(outcome.code).toBe('24');
    expect(outcome.message).toMatch(/already processed/);
    expect(call?.code).toBe('24');
    expect(await sipsCash.inquire(sips, sipsTarget(order, 'card'))).toMatchObject({ ok: true, inquiry: { refundedAmount: 120, processedRequestIds: [outcome.pspRequestId] } });
  });

  it('a technical failure (99): failed, nothing done', async () => {
    const order = adoptOrder('sips', {});
    sandbox.faults.set({ mode: 'fail', psp: 'sips', times: 1 });
    const { outcome } = await execute(sipsCash, sips, 'refund', 120, sipsTarget(order, 'card'));
    expect(outcome).toMatchObject({ state: 'failed', code: '99' });
    expect(refundedOf(order, 'card')).toBe(0);
  });
});

describe('Up2pay GAE (PPPS)', () => {
  describe('up2pay-conecs (APETIZ)', () => {
    it('captures part of the voucher, which cancels the remainder; a second capture is refused', async () => {
      const order = adoptOrder('up2pay', { captureMode: 'deferred' });
      const { outcome, call } = await execute(up2payCash, up2pay, 'capture', 1000, up2payTarget(order, 'voucher'));
      expect(outcome).toMatchObject({ state: 'succeeded', code: '00000', pspRequestId: String(operationId).padStart(10, '0') });
      expect(call).toMatchObject({ psp: 'up2pay', accountId: 'up2pay-shop', operation: 'capture', signatureValid: true, code: '00000' });
      const voucher = partOf(order, 'voucher');
      expect(sandbox.ledger.balance(order, voucher)).toMatchObject({ captured: 1000, cancelled: true, awaitingCapture: false });
      expect(sandbox.ledger.of(voucher).map((o) => [o.type, o.amount])).toEqual([
        ['capture', 1000],
        ['cancel', 500],
      ]);
      const again = await execute(up2payCash, up2pay, 'capture', 500, up2payTarget(order, 'voucher'));
      expect(again.outcome).toMatchObject({ state: 'failed', code: '00015' });
    });

    it('cannot be cancelled (00009)', async () => {
      const order = adoptOrder('up2pay', { captureMode: 'deferred' });
      const { outcome } = await execute(up2payCash, up2pay, 'cancel', 1500, up2payTarget(order, 'voucher'));
      expect(outcome).toMatchObject({ state: 'failed', code: '00009' });
      expect(sandbox.ledger.balance(order, partOf(order, 'voucher')).cancelled).toBe(false);
    });

    it('is refunded from J+1, partially, up to the captured amount', async () => {
      const order = adoptOrder('up2pay', {});
      const voucher = partOf(order, 'voucher');
      const { outcome } = await execute(up2payCash, up2pay, 'refund', 500, up2payTarget(order, 'voucher'));
      expect(outcome).toMatchObject({ state: 'succeeded', code: '00000', pspReference: voucher.transactionId.padStart(10, '0') });
      expect(sandbox.ledger.of(voucher)[0]).toMatchObject({ type: 'refund', amount: 500, requestId: outcome.pspRequestId });
      expect((await execute(up2payCash, up2pay, 'refund', 1001, up2payTarget(order, 'voucher'))).outcome).toMatchObject({ state: 'failed', code: '00011' });
      expect((await execute(up2payCash, up2pay, 'refund', 1000, up2payTarget(order, 'voucher'))).outcome.state).toBe('succeeded');
      expect(refundedOf(order, 'voucher')).toBe(1500);
      expect(await up2payCash.inquire(up2pay, up2payTarget(order, 'voucher'))).toEqual({ ok: true, inquiry: { status: 'Remboursé', cancelled: false, capturedAmount: 1500, refundedAmount: 1500 } });
    });

    it('is not refunded on the day of the payment', async () => {
      const order = adoptOrder('up2pay', { createdAt: new Date() });
      const { outcome } = await execute(up2payCash, up2pay, 'refund', 500, up2payTarget(order, 'voucher'));
      expect(outcome).toMatchObject({ state: 'failed', code: '00015' });
      expect(refundedOf(order, 'voucher')).toBe(0);
    });

    it('refuses a refund whose ACQUEREUR does not match the transaction', async () => {
      const order = adoptOrder('up2pay', {});
      const { outcome } = await execute(up2payCash, up2pay, 'refund', 500, up2payTarget(order, 'voucher', 'SODEXO'));
      expect(outcome).toMatchObject({ state: 'failed', code: '00015' });
      expect(refundedOf(order, 'voucher')).toBe(0);
    });
  });

  describe('up2pay-cvconnect', () => {
    it('captures, but neither cancels nor refunds', async () => {
      const deferred = adoptOrder('up2pay', { captureMode: 'deferred', voucher: { brand: 'CVCONNECT', amount: 2000 } });
      expect((await execute(up2payCash, up2pay, 'cancel', 2000, up2payTarget(deferred, 'voucher'))).outcome).toMatchObject({ state: 'failed', code: '00009' });
      expect((await execute(up2payCash, up2pay, 'capture', 2000, up2payTarget(deferred, 'voucher'))).outcome).toMatchObject({ state: 'succeeded', code: '00000' });
      expect(sandbox.ledger.balance(deferred, partOf(deferred, 'voucher'))).toMatchObject({ captured: 2000, cancelled: false });

      const captured = adoptOrder('up2pay', { voucher: { brand: 'CVCONNECT', amount: 2000 } });
      expect((await execute(up2payCash, up2pay, 'refund', 100, up2payTarget(captured, 'voucher'))).outcome).toMatchObject({ state: 'failed', code: '00009' });
      expect(refundedOf(captured, 'voucher')).toBe(0);
    });
  });

  describe('up2pay-card (LIMOCB)', () => {
    it('captures part of the card complement, without cancelling the rest', async () => {
      const order = adoptOrder('up2pay', { captureMode: 'deferred' });
      const { outcome } = await execute(up2payCash, up2pay, 'capture', 500, up2payTarget(order, 'card'));
      expect(outcome.state).toBe('succeeded');
      expect(sandbox.ledger.balance(order, partOf(order, 'card'))).toMatchObject({ captured: 500, cancelled: false });
      expect((await execute(up2payCash, up2pay, 'capture', 900, up2payTarget(adoptOrder('up2pay', { captureMode: 'deferred' }), 'card'))).outcome).toMatchObject({ state: 'failed', code: '00011' });
    });

    it('cancels before capture, not after', async () => {
      const order = adoptOrder('up2pay', { captureMode: 'deferred' });
      const { outcome } = await execute(up2payCash, up2pay, 'cancel', 800, up2payTarget(order, 'card'));
      expect(outcome).toMatchObject({ state: 'succeeded', code: '00000' });
      expect(sandbox.ledger.balance(order, partOf(order, 'card')).cancelled).toBe(true);
      expect(await up2payCash.inquire(up2pay, up2payTarget(order, 'card'))).toMatchObject({ ok: true, inquiry: { status: 'Annulé', cancelled: true, capturedAmount: 0 } });

      const captured = adoptOrder('up2pay', {});
      expect((await execute(up2payCash, up2pay, 'cancel', 800, up2payTarget(captured, 'card'))).outcome).toMatchObject({ state: 'failed', code: '00015' });
    });

    it('refunds several times up to the captured amount', async () => {
      const order = adoptOrder('up2pay', {});
      expect((await execute(up2payCash, up2pay, 'refund', 300, up2payTarget(order, 'card'))).outcome.state).toBe('succeeded');
      expect((await execute(up2payCash, up2pay, 'refund', 500, up2payTarget(order, 'card'))).outcome.state).toBe('succeeded');
      expect((await execute(up2payCash, up2pay, 'refund', 1, up2payTarget(order, 'card'))).outcome).toMatchObject({ state: 'failed', code: '00011' });
      expect(refundedOf(order, 'card')).toBe(800);
    });
  });

  it.each([
    ['voucher', 'APETIZ'],
    ['voucher', 'CVCONNECT'],
    ['card', 'LIMOCB'],
  ] as const)('validate is no Up2pay operation (%s %s): refused before sending', async (kind, brand) => {
    const order = adoptOrder('up2pay', { captureMode: 'deferred', ...(kind === 'voucher' ? { voucher: { brand, amount: 1500 } } : {}) });
    const { outcome } = await execute(up2payCash, up2pay, 'validate', 100, up2payTarget(order, kind), false);
    expect(outcome).toMatchObject({ state: 'failed', code: 'UP2PAY_NO_VALIDATE', pspRequestId: null });
  });

  it('answers 00018 for a transaction it does not know', async () => {
    const order = adoptOrder('up2pay', {});
    const target = up2payTarget(order, 'card');
    const { outcome } = await execute(up2payCash, up2pay, 'refund', 100, { ...target, part: { ...target.part, pspTransactionId: '1' } });
    expect(outcome).toMatchObject({ state: 'failed', code: '00018' });
  });

  it('refuses a request signed with another HMAC key (00006), recorded as badly signed', async () => {
    const order = adoptOrder('up2pay', {});
    const { outcome, call } = await execute(up2payCash, { ...up2pay, hmacKey: 'AB'.repeat(64) }, 'refund', 100, up2payTarget(order, 'card'));
    expect(outcome).toMatchObject({ state: 'failed', code: '00006' });
    expect(call).toMatchObject({ accountId: 'up2pay-shop', signatureValid: false, code: '00006' });
    expect(refundedOf(order, 'card')).toBe(0);
  });

  it('answers the same question asked twice with the first answer, and refuses another question under that NUMQUESTION', async () => {
    const order = adoptOrder('up2pay', {});
    const card = partOf(order, 'card');
    const question = {
      type: '00014' as const,
      site: up2pay.site,
      rang: up2pay.rang,
      identifiant: up2pay.identifiant,
      numQuestion: '3999999001',
      amount: 200,
      currency: '978',
      reference: order.reference,
      callNumber: order.callNumber,
      transactionNumber: card.transactionId,
      acquirer: 'LIMOCB',
    };
    const post = async (body: string) => {
      const response = await fetch(`${running.url}/up2pay/PPPS.php`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
      return parsePpsAnswer(Buffer.from(await response.arrayBuffer()));
    };
    const first = await post(ppsRequest({ ...question, at: new Date() }, up2pay.hmacKey).body);
    const replay = await post(ppsRequest({ ...question, at: new Date(Date.now() + 5000) }, up2pay.hmacKey).body);
    expect(first).toMatchObject({ CODEREPONSE: '00000', COMMENTAIRE: 'Demande traitée avec succès', NUMQUESTION: '3999999001' });
    expect(replay).toEqual(first);
    expect(refundedOf(order, 'card')).toBe(200);
    const other = await post(ppsRequest({ ...question, amount: 300, at: new Date() }, up2pay.hmacKey).body);
    expect(other.CODEREPONSE).toBe('00005');
    expect(refundedOf(order, 'card')).toBe(200);
    expect(sandbox.cashCalls.slice(-3).map((c) => c.code)).toEqual(['00000', '00000', '00005']);
  });

  it('timeout after the work: unknown, then the inquiry shows the refund', async () => {
    const order = adoptOrder('up2pay', {});
    sandbox.faults.set({ mode: 'timeout_after_work', delayMs: 1500, psp: 'up2pay', times: 1 });
    const { outcome, call } = await execute(up2payCash, { ...up2pay, timeoutMs: 300 }, 'refund', 250, up2payTarget(order, 'card'));
    expect(outcome).toMatchObject({ state: 'unknown', code: 'PSP_TIMEOUT' });
    expect(call?.code).toBe('00000');
    expect(await up2payCash.inquire(up2pay, up2payTarget(order, 'card'))).toEqual({ ok: true, inquiry: { status: 'Remboursé', cancelled: false, capturedAmount: 800, refundedAmount: 250 } });
  });

  it('already processed (00005): unknown, and the inquiry shows it was done', async () => {
    const order = adoptOrder('up2pay', {});
    sandbox.faults.set({ mode: 'already_processed', psp: 'up2pay', times: 1 });
    const { outcome, call } = await execute(up2payCash, up2pay, 'refund', 120, up2payTarget(order, 'card'));
    expect(outcome).toMatchObject({ state: 'unknown', code: '00005' });
    expect(call?.code).toBe('00005');
    expect(await up2payCash.inquire(up2pay, up2payTarget(order, 'card'))).toMatchObject({ ok: true, inquiry: { refundedAmount: 120 } });
  });

  it('a technical failure (00001): failed, nothing done', async () => {
    const order = adoptOrder('up2pay', {});
    sandbox.faults.set({ mode: 'fail', psp: 'up2pay', times: 1 });
    const { outcome } = await execute(up2payCash, up2pay, 'refund', 120, up2payTarget(order, 'card'));
    expect(outcome).toMatchObject({ state: 'failed', code: '00001' });
    expect(refundedOf(order, 'card')).toBe(0);
  });
});
