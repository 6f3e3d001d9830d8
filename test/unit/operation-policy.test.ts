import { describe, expect, it } from 'vitest';
import { DEFAULT_SWITCHES } from '../../shared/rules';
import type { AllowanceInput } from '../../server/domain/allowance';
import { decideOperation, type Requester } from '../../server/domain/operation-policy';
import { refundLimitOf } from '../../shared/roles';
import { proposeRefund } from '../../server/domain/refund-assistant';
import { allowancesFor } from '../../server/domain/allowance';
import { settleUnknown } from '../../server/domain/settle-unknown';

const NOW = new Date('2026-01-20T10:00:00.000Z');
const AGENT: Requester = { role: 'agent', refundLimit: 5000 };
const SUPERVISOR: Requester = { role: 'supervisor', refundLimit: null };

function part(over: Partial<AllowanceInput> = {}): AllowanceInput {
  return { psp: 'up2pay', kind: 'card', brand: 'LIMOCB', status: 'CAPTURED', amount: 9000, capturedAmount: 9000, refundedAmount: 0, paidAt: '2026-01-15T10:00:00.000Z', captureDueAt: null, ...over };
}

const decide = (p: AllowanceInput, ask: Parameters<typeof decideOperation>[1], who = AGENT) => decideOperation(p, ask, who, 'EUR', NOW, DEFAULT_SWITCHES);

describe('decideOperation', () => {
  it('sends a refund within the allowance and the agent limit at once', () => {
    const d = decide(part(), { type: 'refund', amount: 4500 });
    expect(d).toMatchObject({ ok: true, state: 'pending', approvalReason: null, overInitial: false });
  });

  it('makes a refund above the agent limit wait for a supervisor, saying why', () => {
    const d = decide(part(), { type: 'refund', amount: 5001 });
    expect(d.ok && d.state).toBe('awaiting_approval');
    expect(d.ok && d.approvalReason).toContain('refund limit of 50,00');
  });

  it('lets a supervisor with no limit refund any allowed amount', () => {
    expect(decide(part(), { type: 'refund', amount: 9000 }, SUPERVISOR)).toMatchObject({ ok: true, state: 'pending' });
    expect(refundLimitOf(SUPERVISOR)).toBeNull();
    expect(refundLimitOf({ role: 'agent', refundLimit: null })).toBe(5000);
  });

  it('counts what operations in flight already hold', () => {
    const d = decide(part({ refundedAmount: 3000, pendingAmounts: { refund: 5000 } }), { type: 'refund', amount: 1001 });
    expect(d).toMatchObject({ ok: false, status: 409, code: 'AMOUNT_ABOVE_ALLOWANCE', field: 'amount' });
    expect(!d.ok && d.message).toContain('10,00');
    expect(decide(part({ refundedAmount: 3000, pendingAmounts: { refund: 5000 } }), { type: 'refund', amount: 1000 })).toMatchObject({ ok: true });
  });

  it('refuses what the rule table forbids, naming the rule and the seed', () => {
    const d = decide(part({ kind: 'voucher', brand: 'CVCONNECT' }), { type: 'refund', amount: 100 });
    expect(d).toMatchObject({ ok: false, code: 'NOT_ALLOWED' });
    expect(!d.ok && d.message).toContain('rule up2pay-cvconnect, seed 002 §2.2.2.1');
  });

  it('asks for an explicit confirmation, then a supervisor, for a Sips card refund beyond the initial amount', () => {
    const sipsCard = part({ psp: 'sips', brand: 'CB', amount: 450, capturedAmount: 450 });
    expect(decide(sipsCard, { type: 'refund', amount: 600 })).toMatchObject({ ok: false, status: 422, code: 'CONFIRMATION_REQUIRED' });
    const byAgent = decide(sipsCard, { type: 'refund', amount: 600, confirmOverInitial: true });
    expect(byAgent).toMatchObject({ ok: true, state: 'awaiting_approval', overInitial: true });
    expect(byAgent.ok && byAgent.approvalReason).toContain('supervisor');
    expect(decide(sipsCard, { type: 'refund', amount: 600, confirmOverInitial: true }, SUPERVISOR)).toMatchObject({ ok: true, state: 'pending', overInitial: true });
  });

  it('cancels and validates a Sips split as one transaction: its whole amount, what its parts hold in flight', () => {
    const transaction = { amount: 2350, pendingAmounts: {} };
    const voucher = part({ psp: 'sips', kind: 'voucher', brand: 'APETIZ', amount: 1900, status: 'TO_VALIDATE', capturedAmount: 0, transaction });
    expect(decide(voucher, { type: 'cancel', amount: 1900 })).toMatchObject({ ok: false, code: 'WHOLE_TRANSACTION_ONLY', field: 'amount' });
    expect(decide(voucher, { type: 'cancel', amount: 2350 })).toMatchObject({ ok: true, state: 'pending', allowance: { scope: 'transaction', maxAmount: 2350 } });
    expect(decide(voucher, { type: 'validate', amount: 2000 })).toMatchObject({ ok: true, allowance: { maxAmount: 2350 } });
    const held = part({ ...voucher, transaction: { amount: 2350, pendingAmounts: { validate: 2000 } } });
    expect(decide(held, { type: 'validate', amount: 351 })).toMatchObject({ ok: false, code: 'AMOUNT_ABOVE_ALLOWANCE' });
  });

  it('does not apply the refund limit to cancellations and captures', () => {
    const toCapture = part({ status: 'TO_CAPTURE', capturedAmount: 0 });
    expect(decide(toCapture, { type: 'capture', amount: 9000 })).toMatchObject({ ok: true, state: 'pending' });
    expect(decide(toCapture, { type: 'cancel', amount: 9000 })).toMatchObject({ ok: true, state: 'pending' });
  });
});

describe('proposeRefund', () => {
  const withAllowances = (id: number, p: AllowanceInput) => ({ id, partKey: `${p.kind}:${id}`, kind: p.kind, brand: p.brand, operations: allowancesFor(p, NOW, DEFAULT_SWITCHES) });

  it('refunds the card first at Sips and says the voucher cannot be refunded there', () => {
    const voucher = withAllowances(1, part({ psp: 'sips', kind: 'voucher', brand: 'APETIZ', amount: 1900, capturedAmount: 1900 }));
    const card = withAllowances(2, part({ psp: 'sips', kind: 'card', brand: 'CB', amount: 450, capturedAmount: 450 }));
    const p = proposeRefund([voucher, card], 1000, 'EUR');
    expect(p.lines).toEqual([expect.objectContaining({ partId: 2, amount: 450, maxAmount: 450, ruleId: 'sips-card' })]);
    expect(p.blocked).toEqual([expect.objectContaining({ partId: 1, reason: expect.stringContaining('only on the CB part') })]);
    expect(p.shortfall).toBe(550);
    expect(p.message).toContain('5,50');
  });

  it('says why a Sips card refunded up to its capture gives nothing more here', () => {
    const card = withAllowances(2, part({ psp: 'sips', kind: 'card', brand: 'CB', amount: 450, capturedAmount: 450, refundedAmount: 450 }));
    const p = proposeRefund([card], 100, 'EUR');
    expect(p.lines).toEqual([]);
    expect(p.blocked[0]!.reason).toBe('nothing is left within the captured amount; a refund beyond it is asked on the part itself, with a supervisor');
  });

  it('fills the card, then the voucher, capped by each allowance', () => {
    const voucher = withAllowances(1, part({ kind: 'voucher', brand: 'APETIZ', amount: 1900, capturedAmount: 1900 }));
    const card = withAllowances(2, part({ amount: 450, capturedAmount: 450, refundedAmount: 100 }));
    const p = proposeRefund([voucher, card], 1000, 'EUR');
    expect(p.lines.map((l) => [l.partId, l.amount])).toEqual([
      [2, 350],
      [1, 650],
    ]);
    expect(p.shortfall).toBe(0);
    expect(p.blocked).toEqual([]);
  });
});

describe('settleUnknown', () => {
  const books = { capturedAmount: 1000, refundedAmount: 200 };
  const refund = { type: 'refund' as const, amount: 300, currency: 'EUR', pspRequestId: 'R1' };

  it('reads the PSP list of processed requests first', () => {
    expect(settleUnknown(refund, { status: null, processedRequestIds: ['R1'] }, books).state).toBe('succeeded');
    expect(settleUnknown(refund, { status: null, processedRequestIds: ['R0'] }, books).state).toBe('failed');
  });

  it('compares the PSP totals with our books', () => {
    expect(settleUnknown(refund, { status: 'CAPTURED', refundedAmount: 500 }, books).state).toBe('succeeded');
    expect(settleUnknown(refund, { status: 'CAPTURED', refundedAmount: 200 }, books).state).toBe('failed');
    expect(settleUnknown(refund, { status: 'CAPTURED', refundedAmount: 400 }, books).state).toBe('unknown');
    expect(settleUnknown(refund, { status: 'CAPTURED' }, books).state).toBe('unknown');
    expect(settleUnknown({ type: 'cancel', amount: 1000, currency: 'EUR', pspRequestId: null }, { status: 'CANCELLED', cancelled: true }, books).state).toBe('succeeded');
    expect(settleUnknown({ type: 'capture', amount: 500, currency: 'EUR', pspRequestId: null }, { status: null, capturedAmount: 1000 }, books).state).toBe('failed');
  });
});
