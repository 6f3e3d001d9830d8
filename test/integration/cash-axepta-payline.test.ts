import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AxeptaAccount, PaylineAccount } from '../../server/config/accounts';
import { axeptaCash } from '../../server/psp/axepta/cash';
import type { CashConnector, CashOutcome, CashRequest, CashTarget } from '../../server/psp/cash';
import { paylineCash } from '../../server/psp/payline/cash';
import { OPERATION_TYPES, RULES, type OperationType } from '../../shared/rules';
import { exampleConfigFor } from '../../sandbox/config';
import { axeptaPayId, paylineTransactionId } from '../../sandbox/notify';
import type { Outcome, SandboxOrder, SandboxPart } from '../../sandbox/orders';
import { startSandbox, type RunningSandbox } from '../../sandbox/sandbox';

let running: RunningSandbox;
let axepta: AxeptaAccount;
let payline: PaylineAccount;

beforeAll(async () => {
  running = await startSandbox(exampleConfigFor('http://127.0.0.1:8788'));
  // A short timeout, so timeout_after_work is over quickly.
  const config = exampleConfigFor(running.url, (json) => {
    for (const a of json.accounts) a.timeoutMs = 300;
  });
  axepta = config.accounts.get('axepta-shop') as AxeptaAccount;
  payline = config.accounts.get('payline-shop') as PaylineAccount;
});
afterAll(() => running.close());
beforeEach(() => running.sandbox.faults.clear());

const DAY = 86_400_000;
let sequence = 0;
const next = () => ++sequence;

function part(kind: SandboxPart['kind'], brand: string, amount: number, outcome: Outcome = 'accepted'): SandboxPart {
  return { kind, brand, amount, outcome, transactionId: String(700_000_000 + next()), authorisationId: kind === 'card' ? '123456' : null, maskedPan: null };
}

/** An Axepta split: a 1500 voucher and an 800 card, each its own PayID. */
function axeptaOrder(captureMode: 'auto' | 'deferred' = 'auto'): SandboxOrder {
  const order: SandboxOrder = {
    psp: 'axepta',
    accountId: 'axepta-shop',
    reference: `AXC-${next()}`,
    callNumber: String(1_000_000_000_000_000 + next()),
    email: 'lea.001@example.fr',
    createdAt: new Date(Date.now() - 2 * DAY),
    currency: 'EUR',
    parts: [part('voucher', 'APETIZ', 1500), part('card', 'CB', 800)],
    captureMode,
  };
  running.sandbox.adopt([order]);
  return order;
}

/** A Payconiq payment of 3000, paid `daysAgo` days ago. */
function paylineOrder(daysAgo = 2): SandboxOrder {
  const order: SandboxOrder = {
    psp: 'payline',
    accountId: 'payline-shop',
    reference: `PLC-${next()}`,
    callNumber: String(2_000_000 + next()),
    email: 'hugo.002@example.fr',
    createdAt: new Date(Date.now() - daysAgo * DAY),
    currency: 'EUR',
    parts: [part('card', 'PAYCONIQ_MNXT', 3000)],
  };
  running.sandbox.adopt([order]);
  return order;
}

/** What Split Recon knows of a part: the ids its notifications gave. */
function targetOf(order: SandboxOrder, p: SandboxPart): CashTarget {
  return {
    order: { reference: order.reference, callNumber: null, groupKey: order.reference, currency: order.currency },
    part: {
      partKey: p.transactionId,
      kind: p.kind,
      brand: p.brand,
      pspTransactionId: order.psp === 'axepta' ? axeptaPayId(order, p) : paylineTransactionId(p),
      authorisationId: p.authorisationId,
      amount: p.amount,
      paidAt: order.createdAt.toISOString(),
    },
  };
}

const request = (type: OperationType, amount: number, order: SandboxOrder, p: SandboxPart, operationId = 1000 + next()): CashRequest => ({ operationId, type, amount, target: targetOf(order, p) });

/** Executes over HTTP and checks the sandbox received exactly one request for it. */
async function execute<A extends AxeptaAccount | PaylineAccount>(connector: CashConnector<A>, account: A, r: CashRequest): Promise<{ outcome: CashOutcome; call: (typeof running.sandbox.cashCalls)[number] }> {
  const before = running.sandbox.cashCalls.length;
  const outcome = await connector.execute(account, r);
  const calls = running.sandbox.cashCalls.slice(before);
  expect(calls).toHaveLength(1);
  return { outcome, call: calls[0]! };
}

/** Executes an operation the connector must refuse without calling the PSP. */
async function executeUnsent<A extends AxeptaAccount | PaylineAccount>(connector: CashConnector<A>, account: A, r: CashRequest): Promise<CashOutcome> {
  const before = running.sandbox.cashCalls.length;
  const outcome = await connector.execute(account, r);
  expect(running.sandbox.cashCalls.length).toBe(before);
  return outcome;
}

const ledgerOf = (p: SandboxPart) => running.sandbox.ledger.of(p).map((o) => [o.type, o.amount]);
const rowOf = (id: string) => RULES.find((r) => r.id === id)!;

describe('Axepta: each operation of the rule row axepta-any', () => {
  const row = rowOf('axepta-any');

  it('covers every operation type', () => {
    expect(Object.keys(row.operations).sort()).toEqual([...OPERATION_TYPES].sort());
  });

  it(`capture (${row.operations.capture.allowed ? 'allowed' : 'not allowed'}): a partial capture of a MANUAL payment, only once, never above the authorisation`, async () => {
    expect(row.operations.capture).toMatchObject({ allowed: true, partial: true });
    const order = axeptaOrder('deferred');
    const voucher = order.parts[0]!;
    const tooMuch = await execute(axeptaCash, axepta, request('capture', 1501, order, voucher));
    expect(tooMuch.outcome).toMatchObject({ state: 'failed', code: '20160004' });
    const { outcome, call } = await execute(axeptaCash, axepta, request('capture', 1000, order, voucher));
    expect(outcome).toMatchObject({ state: 'succeeded', code: '00000000' });
    expect(outcome.state === 'succeeded' && outcome.pspReference).toMatch(/^[0-9a-f]{32}$/);
    expect(call).toMatchObject({ psp: 'axepta', accountId: 'axepta-shop', operation: 'capture', path: '/axepta/capture.aspx', signatureValid: true, code: '00000000' });
    expect(ledgerOf(voucher)).toEqual([['capture', 1000]]);
    expect(await axeptaCash.inquire(axepta, targetOf(order, voucher))).toEqual({ ok: true, inquiry: { status: 'OK', capturedAmount: 1000, refundedAmount: 0, cancelled: false } });
    // Captured: no longer awaiting capture.
    expect((await execute(axeptaCash, axepta, request('capture', 500, order, voucher))).outcome).toMatchObject({ state: 'failed', code: '20180002' });
    // An AUTO payment is captured by Axepta itself.
    const auto = axeptaOrder('auto');
    expect((await execute(axeptaCash, axepta, request('capture', 800, auto, auto.parts[1]!))).outcome).toMatchObject({ state: 'failed', code: '20180002' });
  });

  it(`validate (${row.operations.validate.allowed ? 'allowed' : 'not allowed'}): refused without calling Axepta`, async () => {
    expect(row.operations.validate.allowed).toBe(false);
    const order = axeptaOrder('deferred');
    const outcome = await executeUnsent(axeptaCash, axepta, request('validate', 1500, order, order.parts[0]!));
    expect(outcome).toMatchObject({ state: 'failed', code: 'UNSUPPORTED_OPERATION' });
    expect(outcome.message).toMatch(/no validation/);
  });

  it(`cancel (${row.operations.cancel.allowed ? 'allowed' : 'not allowed'}): reverse.aspx before capture, then nothing can be captured`, async () => {
    expect(row.operations.cancel.allowed).toBe(true);
    const order = axeptaOrder('deferred');
    const card = order.parts[1]!;
    const { outcome, call } = await execute(axeptaCash, axepta, request('cancel', 800, order, card));
    expect(outcome).toMatchObject({ state: 'succeeded' });
    expect(call).toMatchObject({ operation: 'cancel', path: '/axepta/reverse.aspx', signatureValid: true });
    expect(await axeptaCash.inquire(axepta, targetOf(order, card))).toMatchObject({ ok: true, inquiry: { capturedAmount: 0, cancelled: true } });
    expect((await execute(axeptaCash, axepta, request('capture', 800, order, card))).outcome).toMatchObject({ state: 'failed', code: '20180002' });
    expect((await execute(axeptaCash, axepta, request('cancel', 800, order, card))).outcome).toMatchObject({ state: 'failed' });
    // After capture a reversal is refused: a credit is the way back.
    const captured = axeptaOrder('auto');
    expect((await execute(axeptaCash, axepta, request('cancel', 1500, captured, captured.parts[0]!))).outcome).toMatchObject({ state: 'failed', code: '20180002' });
  });

  it(`refund (${row.operations.refund.allowed ? 'allowed' : 'not allowed'}): several partial credits, cumulated at most the captured amount`, async () => {
    expect(row.operations.refund).toMatchObject({ allowed: true, partial: true, ceiling: 'captured' });
    const order = axeptaOrder('auto');
    const voucher = order.parts[0]!;
    const first = await execute(axeptaCash, axepta, request('refund', 500, order, voucher));
    expect(first.outcome).toMatchObject({ state: 'succeeded' });
    expect(first.call).toMatchObject({ operation: 'refund', path: '/axepta/credit.aspx', signatureValid: true });
    expect((await execute(axeptaCash, axepta, request('refund', 1000, order, voucher))).outcome).toMatchObject({ state: 'succeeded' });
    const over = await execute(axeptaCash, axepta, request('refund', 1, order, voucher));
    expect(over.outcome).toMatchObject({ state: 'failed', code: '20160004' });
    expect(ledgerOf(voucher)).toEqual([['refund', 500], ['refund', 1000]]);
    expect(await axeptaCash.inquire(axepta, targetOf(order, voucher))).toMatchObject({ ok: true, inquiry: { capturedAmount: 1500, refundedAmount: 1500 } });
    // Each part is its own PayID: the card's credit is untouched by the voucher's.
    expect((await execute(axeptaCash, axepta, request('refund', 800, order, order.parts[1]!))).outcome).toMatchObject({ state: 'succeeded' });
  });
});

describe('Axepta: the Paygate limits and misbehaviour', () => {
  it('a credit above the captured amount is refused by Axepta and does nothing', async () => {
    const order = axeptaOrder('auto');
    const { outcome, call } = await execute(axeptaCash, axepta, request('refund', 1501, order, order.parts[0]!));
    expect(outcome).toMatchObject({ state: 'failed', code: '20160004' });
    expect(outcome.message).toMatch(/exceeds/);
    expect(call).toMatchObject({ signatureValid: true, code: '20160004' });
    expect(ledgerOf(order.parts[0]!)).toEqual([]);
    // Nothing captured yet (MANUAL): nothing to credit.
    const manual = axeptaOrder('deferred');
    expect((await execute(axeptaCash, axepta, request('refund', 100, manual, manual.parts[0]!))).outcome).toMatchObject({ state: 'failed', code: '20180002' });
  });

  it('a wrong HMAC key is refused and recorded as badly signed', async () => {
    const order = axeptaOrder('auto');
    const { outcome, call } = await execute(axeptaCash, { ...axepta, hmacKey: 'not-the-hmac-key' }, request('refund', 100, order, order.parts[0]!));
    expect(outcome).toMatchObject({ state: 'failed', code: '20010006' });
    expect(call).toMatchObject({ accountId: 'axepta-shop', signatureValid: false, code: '20010006' });
    expect(ledgerOf(order.parts[0]!)).toEqual([]);
  });

  it('a wrong Blowfish key is refused in clear and recorded as badly signed', async () => {
    const order = axeptaOrder('auto');
    const { outcome, call } = await execute(axeptaCash, { ...axepta, blowfishKey: 'not-the-blowfish' }, request('refund', 100, order, order.parts[0]!));
    expect(outcome).toMatchObject({ state: 'failed', code: '20010007' });
    expect(call).toMatchObject({ signatureValid: false, code: '20010007' });
    expect(ledgerOf(order.parts[0]!)).toEqual([]);
  });

  it('the same ReqID twice: done once, the first result answered again', async () => {
    const order = axeptaOrder('auto');
    const r = request('refund', 300, order, order.parts[1]!);
    const first = await execute(axeptaCash, axepta, r);
    const again = await execute(axeptaCash, axepta, r);
    expect(first.outcome).toMatchObject({ state: 'succeeded' });
    expect(again.outcome).toEqual(first.outcome);
    expect(first.outcome.pspRequestId).toMatch(/^SR\d+P[0-9A-F]{8}$/);
    expect(ledgerOf(order.parts[1]!)).toEqual([['refund', 300]]);
  });

  it('timeout after the work: unknown, and the inquiry shows it was done', async () => {
    const order = axeptaOrder('auto');
    const voucher = order.parts[0]!;
    running.sandbox.faults.set({ mode: 'timeout_after_work', psp: 'axepta', delayMs: 1000, times: 1 });
    const { outcome, call } = await execute(axeptaCash, axepta, request('refund', 400, order, voucher));
    expect(outcome).toMatchObject({ state: 'unknown', code: 'PSP_TIMEOUT' });
    expect(call.signatureValid).toBe(true);
    expect(await axeptaCash.inquire(axepta, targetOf(order, voucher))).toMatchObject({ ok: true, inquiry: { refundedAmount: 400 } });
  });

  it('already processed: unknown, though it was done', async () => {
    const order = axeptaOrder('auto');
    running.sandbox.faults.set({ mode: 'already_processed', psp: 'axepta', times: 1 });
    const { outcome, call } = await execute(axeptaCash, axepta, request('refund', 200, order, order.parts[0]!));
    expect(outcome).toMatchObject({ state: 'unknown', code: '20170008' });
    expect(call.code).toBe('20170008');
    expect(ledgerOf(order.parts[0]!)).toEqual([['refund', 200]]);
  });

  it('fail: failed, nothing done', async () => {
    const order = axeptaOrder('auto');
    running.sandbox.faults.set({ mode: 'fail', psp: 'axepta', times: 1 });
    const { outcome } = await execute(axeptaCash, axepta, request('refund', 200, order, order.parts[0]!));
    expect(outcome).toMatchObject({ state: 'failed', code: '20200000' });
    expect(ledgerOf(order.parts[0]!)).toEqual([]);
  });

  it('an unknown PayID is refused, and cannot be inquired', async () => {
    const order = axeptaOrder('auto');
    const target = targetOf(order, order.parts[0]!);
    target.part.pspTransactionId = 'f'.repeat(32);
    expect((await execute(axeptaCash, axepta, { operationId: next(), type: 'refund', amount: 100, target })).outcome).toMatchObject({ state: 'failed', code: '20160002' });
    expect(await axeptaCash.inquire(axepta, target)).toMatchObject({ ok: false, code: '20160002' });
  });
});

describe('Payline: each operation of the rule row payline-any', () => {
  const row = rowOf('payline-any');

  for (const type of OPERATION_TYPES.filter((t) => !row.operations[t].allowed)) {
    it(`${type} (not allowed): refused without calling Payline`, async () => {
      const order = paylineOrder();
      const outcome = await executeUnsent(paylineCash, payline, request(type, 3000, order, order.parts[0]!));
      expect(outcome).toMatchObject({ state: 'failed', code: 'UNSUPPORTED_OPERATION' });
      expect(outcome.message).toMatch(/Payline/);
    });
  }

  it('refund (allowed): doRefund, several partial refunds up to the captured amount', async () => {
    expect(row.operations.refund).toMatchObject({ allowed: true, partial: true, ceiling: 'captured', withinDays: 365 });
    const order = paylineOrder();
    const p = order.parts[0]!;
    const { outcome, call } = await execute(paylineCash, payline, request('refund', 1000, order, p, 4242));
    expect(outcome).toMatchObject({ state: 'succeeded', code: '00000', message: 'ACCEPTED: Transaction approved', pspRequestId: '4242' });
    expect(outcome.state === 'succeeded' && outcome.pspReference).toMatch(/^3\d+$/);
    expect(call).toMatchObject({ psp: 'payline', accountId: 'payline-shop', operation: 'refund', path: '/payline/V4/services/DirectPaymentAPI', signatureValid: true, code: '00000' });
    expect(call.body).toContain('<obj:action>421</obj:action>');
    expect((await execute(paylineCash, payline, request('refund', 2000, order, p))).outcome).toMatchObject({ state: 'succeeded' });
    const over = await execute(paylineCash, payline, request('refund', 1, order, p));
    expect(over.outcome).toMatchObject({ state: 'failed', code: '02110', message: 'ERROR: The amount is invalid' });
    expect(ledgerOf(p)).toEqual([['refund', 1000], ['refund', 2000]]);
    expect(await paylineCash.inquire(payline, targetOf(order, p))).toEqual({ ok: true, inquiry: { status: 'ACCEPTED', capturedAmount: 3000, refundedAmount: 3000, cancelled: false } });
  });
});

describe('Payline: its limits and misbehaviour', () => {
  it('a refund more than 365 days after the payment is refused; at 364 days it is done', async () => {
    const old = paylineOrder(366);
    const { outcome } = await execute(paylineCash, payline, request('refund', 100, old, old.parts[0]!));
    expect(outcome).toMatchObject({ state: 'failed', code: '02010' });
    expect(ledgerOf(old.parts[0]!)).toEqual([]);
    const recent = paylineOrder(364);
    expect((await execute(paylineCash, payline, request('refund', 100, recent, recent.parts[0]!))).outcome).toMatchObject({ state: 'succeeded' });
  });

  it('a payment that was refused cannot be refunded', async () => {
    const order = paylineOrder();
    order.parts[0]!.outcome = 'refused';
    expect((await execute(paylineCash, payline, request('refund', 100, order, order.parts[0]!))).outcome).toMatchObject({ state: 'failed', code: '02302' });
  });

  it('wrong credentials: HTTP 401, failed, recorded as badly signed', async () => {
    const order = paylineOrder();
    const { outcome, call } = await execute(paylineCash, { ...payline, accessKey: 'not-the-key' }, request('refund', 100, order, order.parts[0]!));
    expect(outcome).toMatchObject({ state: 'failed', code: 'PSP_BAD_CREDENTIALS' });
    expect(call).toMatchObject({ accountId: null, signatureValid: false, code: '401' });
    expect(ledgerOf(order.parts[0]!)).toEqual([]);
  });

  it('timeout after the work: unknown, and getTransactionDetails shows it was done', async () => {
    const order = paylineOrder();
    const p = order.parts[0]!;
    running.sandbox.faults.set({ mode: 'timeout_after_work', psp: 'payline', delayMs: 1000, times: 1 });
    const { outcome } = await execute(paylineCash, payline, request('refund', 700, order, p));
    expect(outcome).toMatchObject({ state: 'unknown', code: 'PSP_TIMEOUT' });
    expect(await paylineCash.inquire(payline, targetOf(order, p))).toMatchObject({ ok: true, inquiry: { refundedAmount: 700 } });
  });

  it('already processed: unknown (02001 duplicate), though it was done', async () => {
    const order = paylineOrder();
    running.sandbox.faults.set({ mode: 'already_processed', psp: 'payline', times: 1 });
    const { outcome } = await execute(paylineCash, payline, request('refund', 300, order, order.parts[0]!));
    expect(outcome).toMatchObject({ state: 'unknown', code: '02001' });
    expect(ledgerOf(order.parts[0]!)).toEqual([['refund', 300]]);
  });

  it('fail: failed (02101), nothing done', async () => {
    const order = paylineOrder();
    running.sandbox.faults.set({ mode: 'fail', psp: 'payline', times: 1 });
    const { outcome } = await execute(paylineCash, payline, request('refund', 300, order, order.parts[0]!));
    expect(outcome).toMatchObject({ state: 'failed', code: '02101', message: 'ERROR: Internal Error' });
    expect(ledgerOf(order.parts[0]!)).toEqual([]);
  });

  it('an unknown transaction cannot be refunded nor inquired', async () => {
    const order = paylineOrder();
    const target = targetOf(order, order.parts[0]!);
    target.part.pspTransactionId = '2999999999';
    expect((await execute(paylineCash, payline, { operationId: next(), type: 'refund', amount: 100, target })).outcome).toMatchObject({ state: 'failed', code: '02301' });
    expect(await paylineCash.inquire(payline, target)).toMatchObject({ ok: false, code: '02301' });
  });
});
