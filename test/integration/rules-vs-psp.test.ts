import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiError, OrderDetail, Part } from '../../shared/api';
import type { OperationResult } from '../../shared/api-operations';
import { OPERATION_TYPES, RULES, type OperationType } from '../../shared/rules';
import type { Psp } from '../../shared/psp';
import { cashConnectorFor } from '../../server/psp/registry';
import type { CashTarget } from '../../server/psp/cash';
import type { SandboxOrder, SandboxPart } from '../../sandbox/orders';
import { startStack } from '../support/stack';

/**
 * Every row of the rule table, against the PSP sandbox over real HTTP, through the product's own API:
 * whatever the table allows, the sandbox PSP accepts; whatever it forbids, the product refuses and the
 * sandbox PSP, asked directly, does not do either. So our rules and the PSPs' are checked against each other.
 */
let stack: Awaited<ReturnType<typeof startStack>>;
let supervisor: Awaited<ReturnType<typeof stack.signIn>>;

/** `captured`: paid two days ago, captured; `deferred`: awaiting capture or validation; `today`: paid a minute ago; `old`: 400 days ago. */
type Situation = 'captured' | 'deferred' | 'today' | 'old';

interface Case {
  row: string;
  psp: Psp;
  kind: SandboxPart['kind'];
  brand: string;
  situations: Situation[];
}

const CASES: Case[] = [
  { row: 'sips-voucher', psp: 'sips', kind: 'voucher', brand: 'APETIZ', situations: ['captured', 'deferred'] },
  { row: 'sips-card', psp: 'sips', kind: 'card', brand: 'CB', situations: ['captured', 'deferred'] },
  { row: 'up2pay-conecs', psp: 'up2pay', kind: 'voucher', brand: 'SODEXO', situations: ['captured', 'deferred', 'today'] },
  { row: 'up2pay-cvconnect', psp: 'up2pay', kind: 'voucher', brand: 'CVCONNECT', situations: ['captured', 'deferred'] },
  { row: 'up2pay-card', psp: 'up2pay', kind: 'card', brand: 'LIMOCB', situations: ['captured', 'deferred', 'today'] },
  { row: 'axepta-any', psp: 'axepta', kind: 'voucher', brand: 'UPCHEQUDEJ', situations: ['captured', 'deferred'] },
  { row: 'payline-any', psp: 'payline', kind: 'card', brand: 'PAYCONIQ_MNXT', situations: ['captured', 'old'] },
];

/** Deferred capture is a contract setting at Up2pay (PBX_DIFF) and Axepta (MANUAL): accounts of their own. */
const ACCOUNT: Record<Psp, { captured: string; deferred: string }> = {
  sips: { captured: 'sips-shop', deferred: 'sips-shop' },
  up2pay: { captured: 'up2pay-shop', deferred: 'up2pay-deferred' },
  axepta: { captured: 'axepta-shop', deferred: 'axepta-manual' },
  payline: { captured: 'payline-shop', deferred: 'payline-shop' },
};

const DAY = 86_400_000;
const AGO: Record<Situation, number> = { captured: 2 * DAY, deferred: 2 * DAY, today: 60_000, old: 400 * DAY };
let sequence = 0;

function sandboxPart(kind: SandboxPart['kind'], brand: string, amount: number): SandboxPart {
  sequence++;
  return { kind, brand, amount, outcome: 'accepted', transactionId: String(600_000_000 + sequence), authorisationId: kind === 'card' ? '654321' : null, maskedPan: kind === 'card' ? '497010######0042' : null };
}

/** A paid order in that situation, the part under test beside a card complement when it is a voucher (Sips splits are one transaction). */
async function paidPart(c: Case, situation: Situation): Promise<{ order: OrderDetail; part: Part }> {
  sequence++;
  const parts = [sandboxPart(c.kind, c.brand, 1200)];
  if (c.kind === 'voucher') parts.push(sandboxPart('card', c.psp === 'up2pay' ? 'LIMOCB' : 'CB', 700));
  const order: SandboxOrder = {
    psp: c.psp,
    accountId: situation === 'deferred' ? ACCOUNT[c.psp].deferred : ACCOUNT[c.psp].captured,
    reference: `RULE-${c.row}-${situation}-${sequence}`,
    callNumber: String(9_000_000 + sequence),
    email: 'rules@example.fr',
    createdAt: new Date(Date.now() - AGO[situation]),
    currency: 'EUR',
    parts,
    captureMode: situation === 'deferred' ? 'deferred' : 'auto',
  };
  stack.sandbox.adopt([order]);
  await stack.sandbox.deliver(stack.server.url, [order]);
  const detail = await stack.orderBy(order.reference);
  return { order: detail, part: detail.parts.find((p) => p.kind === c.kind)! };
}

function targetOf(order: OrderDetail, part: Part): CashTarget {
  return {
    order: { reference: order.reference, callNumber: order.callNumber, groupKey: order.groupKey, currency: order.currency },
    part: { partKey: part.partKey, kind: part.kind, brand: part.brand, pspTransactionId: part.pspTransactionId, authorisationId: part.authorisationId, amount: part.amount, paidAt: part.paidAt },
  };
}

beforeAll(async () => {
  stack = await startStack({
    editConfig: (json) => {
      const up2pay = json.accounts.find((a) => a.id === 'up2pay-shop')!;
      const axepta = json.accounts.find((a) => a.id === 'axepta-shop')!;
      json.accounts.push({ ...up2pay, id: 'up2pay-deferred', rang: '17', captureDelayDays: 3 });
      json.accounts.push({ ...axepta, id: 'axepta-manual', merchantId: 'BNP_SANDBOX_MANUAL', captureMode: 'MANUAL' });
    },
  });
  supervisor = await stack.signIn('supervisor@test.example');
}, 60_000);

afterAll(async () => {
  await stack.close();
});

it('covers every row of the rule table', () => {
  expect(CASES.map((c) => c.row).sort()).toEqual(RULES.map((r) => r.id).sort());
});

describe.each(CASES)('$row', (c) => {
  describe.each(c.situations)('%s', (situation) => {
    it.each(OPERATION_TYPES)('%s: the product and the PSP agree', async (type: OperationType) => {
      const { order, part } = await paidPart(c, situation);
      const allowance = part.operations.find((a) => a.type === type)!;
      expect(allowance.ruleId).toBe(c.row);
      const calls = stack.sandbox.cashCalls.length;

      if (allowance.allowed) {
        const amount = allowance.maxAmount!;
        const res = await supervisor<OperationResult>(`/api/parts/${part.id}/operations`, { body: { type, amount, reason: 'rule table check', idempotencyKey: crypto.randomUUID() } });
        expect(res.status, JSON.stringify(res.body)).toBe(201);
        expect(res.body.operation.state, `${res.body.operation.pspCode} ${res.body.operation.pspMessage}`).toBe('succeeded');
        expect(stack.sandbox.cashCalls.slice(calls).map((k) => k.signatureValid)).toEqual([true]);
        const books = stack.sandbox.ledger.find(order.accountId, (o) => o.reference === order.reference)!;
        expect(stack.sandbox.ledger.all().filter((op) => op.order === books.order && op.type === type).reduce((s, op) => s + op.amount, 0)).toBeGreaterThan(0);
        // The order as the product now shows it.
        const after = await stack.orderBy(order.reference!);
        const mine = after.parts.find((p) => p.id === part.id)!;
        const touched = allowance.scope === 'transaction' ? after.parts : [mine];
        if (type === 'refund') expect(mine.refundedAmount).toBe(amount);
        if (type === 'cancel') expect(touched.map((p) => p.status)).toEqual(touched.map(() => 'CANCELLED'));
        if (type === 'capture') expect([mine.status, mine.capturedAmount]).toEqual(['CAPTURED', amount]);
        if (type === 'validate') {
          expect(touched.map((p) => p.status)).toEqual(touched.map(() => 'TO_CAPTURE'));
          // Captured in the remittance that follows: then a refund of the card part is possible.
          expect(touched.every((p) => p.captureDueAt !== null)).toBe(true);
        }
      } else {
        const res = await supervisor<ApiError>(`/api/parts/${part.id}/operations`, { body: { type, amount: part.amount, reason: 'rule table check', idempotencyKey: crypto.randomUUID() } });
        expect(res.status).toBe(409);
        expect(res.body.error.code).toBe('NOT_ALLOWED');
        expect(stack.sandbox.cashCalls.length).toBe(calls);
        // The PSP, asked directly, does not do it either.
        const account = stack.config.accounts.get(order.accountId)!;
        const outcome = await cashConnectorFor(account).execute(account, { operationId: 900_000 + sequence, type, amount: part.amount, target: targetOf(order, part) });
        expect(outcome.state, `${allowance.reason} / PSP: ${outcome.code} ${outcome.message}`).not.toBe('succeeded');
      }
    });
  });
});
