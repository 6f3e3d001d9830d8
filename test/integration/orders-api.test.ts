import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrderList } from '../../shared/api';
import type { SandboxOrder } from '../../sandbox/orders';

import { startStack } from '../support/stack';

let stack: Awaited<ReturnType<typeof startStack>>;
let orders: SandboxOrder[];
const api = (path: string) => stack.api<OrderList>(path);

beforeAll(async () => {
  stack = await startStack();
  orders = stack.sandbox.generate(120, { seed: 99, from: new Date('2026-10-01T00:00:00Z'), to: new Date('2026-11-20T00:00:00Z') });
  // Shuffled parts, final before pending, and one notification in five sent twice.
  const report = await stack.sandbox.deliver(stack.server.url, orders, { shuffle: true, duplicates: 0.2, seed: 3 });
  expect(report.byStatus).toEqual({ 200: report.sent });
});
afterAll(() => stack.close());

/** What the sandbox meant, computed from its own plan, independently of the server's domain code. */
function expected(order: SandboxOrder) {
  const final = (o: string) => (o === 'accepted' || o === 'pending_then_accepted' ? 'ok' : o === 'pending' ? 'pending' : 'failed');
  if (order.psp === 'sips') {
    // One Sips transaction: its SPLIT (two parts) comes only with the acceptance; otherwise one part of the whole amount.
    const lead = order.parts.find((p) => p.kind === 'voucher') ?? order.parts[0]!;
    const outcome = order.parts.some((p) => final(p.outcome) === 'failed') ? 'failed' : final(lead.outcome);
    if (outcome !== 'ok') {
      const total = order.parts.reduce((s, p) => s + p.amount, 0);
      return { voucherAmount: lead.kind === 'voucher' ? total : 0, cardAmount: lead.kind === 'card' ? total : 0, status: outcome === 'failed' ? 'refused' : 'pending', partCount: 1 };
    }
  }
  const outcomes = order.parts.map((p) => final(p.outcome));
  const counted = outcomes.every((o) => o === 'failed') ? order.parts : order.parts.filter((_, i) => outcomes[i] !== 'failed');
  const sum = (kind: string) => counted.filter((p) => p.kind === kind).reduce((s, p) => s + p.amount, 0);
  const voucherOk = order.parts.some((p, i) => p.kind === 'voucher' && outcomes[i] === 'ok');
  const cardFailed = order.parts.some((p, i) => p.kind === 'card' && outcomes[i] === 'failed');
  const status = voucherOk && cardFailed ? 'split_inconsistent' : outcomes.every((o) => o === 'ok') ? 'paid' : outcomes.every((o) => o === 'failed') ? 'refused' : outcomes.every((o) => o === 'pending') ? 'pending' : 'partially_pending';
  return { voucherAmount: sum('voucher'), cardAmount: sum('card'), status, partCount: order.parts.length };
}

describe('a realistic stream from the sandbox', () => {
  it('ends with every order in the state its parts say, whatever the arrival order and duplicates', async () => {
    const all = await api('/api/orders?limit=500');
    expect(all.total).toBe(orders.length);
    for (const order of orders) {
      const found = all.items.find((o) => o.reference === order.reference && o.accountId === order.accountId);
      expect(found, order.reference).toBeDefined();
      expect({ voucherAmount: found!.voucherAmount, cardAmount: found!.cardAmount, status: found!.status, partCount: found!.partCount }, order.reference).toEqual(expected(order));
    }
  });
});

describe('GET /api/orders', () => {
  const up2pay = () => orders.find((o) => o.psp === 'up2pay' && o.parts.length === 2)!;

  it('finds an order by reference, call number, transaction id, e-mail and card last 4', async () => {
    const o = up2pay();
    const card = o.parts.find((p) => p.kind === 'card')!;
    for (const q of [o.reference, o.callNumber, card.transactionId]) {
      const found = await api(`/api/orders?q=${encodeURIComponent(q)}`);
      expect(found.items.map((x) => x.reference), q).toContain(o.reference);
    }
    // Up2pay gives at most the last 2 digits (J); the Sips SPLIT carries a masked PAN with the last 4.
    const sipsCard = orders.find((x) => x.psp === 'sips' && x.parts.length === 2 && expected(x).status === 'paid')!;
    const last4 = await api(`/api/orders?q=${sipsCard.parts[1]!.maskedPan!.slice(-4)}`);
    expect(last4.items.map((x) => x.reference)).toContain(sipsCard.reference);
    const sips = orders.find((x) => x.psp === 'sips')!;
    const byEmail = await api(`/api/orders?q=${encodeURIComponent(sips.email.toUpperCase())}`);
    expect(byEmail.items.map((x) => x.reference)).toContain(sips.reference);
  });

  it('filters by status, PSP, account and brand', async () => {
    const paid = await api('/api/orders?status=paid&limit=500');
    expect(paid.items.every((o) => o.status === 'paid')).toBe(true);
    expect(paid.total).toBe(orders.filter((o) => expected(o).status === 'paid').length);
    const sips = await api('/api/orders?psp=sips&limit=500');
    expect(sips.total).toBe(orders.filter((o) => o.psp === 'sips').length);
    const byAccount = await api('/api/orders?account=up2pay-shop&limit=500');
    expect(byAccount.total).toBe(orders.filter((o) => o.accountId === 'up2pay-shop').length);
    const apetiz = await api('/api/orders?brand=APETIZ&limit=500');
    // A Sips transaction names its voucher brand only in the SPLIT of an accepted payment (CONECS before).
    const namesApetiz = (o: SandboxOrder) => o.parts.some((p) => p.brand === 'APETIZ') && (o.psp !== 'sips' || expected(o).status === 'paid');
    expect(apetiz.total).toBe(orders.filter(namesApetiz).length);
    expect(apetiz.items.every((o) => o.brands.includes('APETIZ'))).toBe(true);
  });

  it('filters by Paris days, sorts and pages', async () => {
    // Sips and Up2pay notifications carry the payment time; Axepta's never, Payline's not while pending: dated on receipt.
    const dated = orders.filter((o) => o.psp === 'sips' || o.psp === 'up2pay');
    const inOctober = dated.filter((o) => o.createdAt >= new Date('2026-09-30T22:00:00Z') && o.createdAt < new Date('2026-10-31T23:00:00Z'));
    const october = await api('/api/orders?from=2026-10-01&to=2026-10-31&limit=500');
    expect(october.items.filter((o) => o.psp === 'sips' || o.psp === 'up2pay').map((o) => o.reference).sort()).toEqual(inOctober.map((o) => o.reference).sort());

    const sorted = await api('/api/orders?sort=amount&dir=asc&limit=500');
    const amounts = sorted.items.map((o) => o.amount);
    expect(amounts).toEqual([...amounts].sort((a, b) => a - b));

    const page1 = await api('/api/orders?limit=10&offset=0');
    const page2 = await api('/api/orders?limit=10&offset=10');
    expect(page1.items).toHaveLength(10);
    expect(page1.total).toBe(orders.length);
    expect(page2.items.map((o) => o.id)).not.toEqual(expect.arrayContaining(page1.items.map((o) => o.id)));
  });

  it('answers 400 naming the parameter for bad input', async () => {
    const viewer = { authorization: `Bearer ${stack.people.tokens.viewer}` };
    for (const [query, field] of [['limit=9999', 'query.limit'], ['status=nope', 'query.status'], ['from=yesterday', 'query.from'], ['sort=secret', 'query.sort']]) {
      const res = await fetch(`${stack.server.url}/api/orders?${query}`, { headers: viewer });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { field: string } }).error.field).toBe(field);
    }
    const missing = await fetch(`${stack.server.url}/api/orders/999999`, { headers: viewer });
    expect(missing.status).toBe(404);
  });

  it('serves an OpenAPI document of every /api route', async () => {
    const doc = await stack.as('viewer')<{ openapi: string; paths: Record<string, object> }>('/api/openapi.json');
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/orders', '/api/orders/{id}', '/api/inbox', '/api/inbox/{id}', '/api/inbox/{id}/replay', '/api/accounts']));
  });
});
