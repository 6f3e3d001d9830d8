import { Readable } from 'node:stream';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { OperationResult } from '../../shared/api-operations';
import type { DiscrepancyList } from '../../shared/discrepancies';
import { parisDay } from '../../shared/time';
import type { SandboxOrder } from '../../sandbox/orders';
import { startStack } from '../support/stack';

/**
 * A refund issued here must show up in the PSP's operations report: three days without it, it is a
 * discrepancy; the report that lists it closes it, and the refund still counts once.
 */
let stack: Awaited<ReturnType<typeof startStack>>;
let clock = new Date();

beforeAll(async () => {
  stack = await startStack({ now: () => clock });
}, 60_000);

afterAll(async () => {
  await stack.close();
});

it('opens "refund not confirmed" after 3 days without the report row, and closes it when the report comes', async () => {
  const order: SandboxOrder = {
    psp: 'axepta',
    accountId: 'axepta-shop',
    reference: 'CONFIRM-1',
    callNumber: '4000000000000001',
    email: 'confirm@example.fr',
    createdAt: new Date(Date.now() - 2 * 86_400_000),
    currency: 'EUR',
    parts: [{ kind: 'card', brand: 'CB', amount: 4200, outcome: 'accepted', transactionId: '555000111', authorisationId: '777777', maskedPan: '497010######0001' }],
  };
  stack.sandbox.adopt([order]);
  await stack.sandbox.deliver(stack.server.url, [order]);
  const detail = await stack.orderBy('CONFIRM-1');
  const agent = await stack.signIn('agent@test.example');
  const refund = await agent<OperationResult>(`/api/parts/${detail.parts[0]!.id}/operations`, { body: { type: 'refund', amount: 1000, reason: 'late delivery', idempotencyKey: crypto.randomUUID() } });
  expect(refund.body.operation.state).toBe('succeeded');
  const refundedOn = parisDay(new Date());

  const queue = async (status = 'active', type = 'refund_not_confirmed') =>
    (await stack.as('viewer')<DiscrepancyList>(`/api/discrepancies?type=${type}&status=${status}&orderId=${detail.id}`)).items;
  await stack.storage.notificationsApplied();
  await stack.server.reconciler.runOnce();
  expect(await queue()).toEqual([]);

  clock = new Date(Date.now() + 4 * 86_400_000);
  await stack.server.reconciler.fullPass();
  const [open] = await queue();
  expect(open).toMatchObject({ type: 'refund_not_confirmed', status: 'open', amount: 1000 });
  expect(open!.reason).toContain('not in any operations report after 3 days');

  // The PSP's batch response file of the day of the refund lists it.
  const file = stack.sandbox.reports(refundedOn).find((f) => f.accountId === 'axepta-shop')!;
  const actor = { type: 'system' as const, id: null, label: 'test import', address: null };
  expect((await stack.server.imports.run({ source: Readable.from([file.content]), fileName: file.name, channel: 'watch', actor })).status).toBe('applied');
  // A full pass: the import stamps the order with the real time, which the moved clock has left behind.
  await stack.server.reconciler.fullPass();
  expect(await queue()).toEqual([]);
  const [closed] = await queue('closed');
  expect(closed).toMatchObject({ id: open!.id, status: 'closed' });

  const after = await stack.orderBy('CONFIRM-1');
  expect(after.parts[0]!.refundedAmount).toBe(1000);
  expect(await queue('active', 'outside_operation')).toEqual([]);
});
