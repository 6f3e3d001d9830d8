import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Up2payAccount } from '../../server/config/accounts';
import type { Discrepancy, DiscrepancyList } from '../../shared/discrepancies';
import type { ImportDetail } from '../../shared/api-imports';
import type { SandboxOrder } from '../../sandbox/orders';
import { defaultNoise, ordersOn, transactionsReport, type ReportNoise } from '../../sandbox/reports';
import { startStack } from '../support/stack';

let stack: Awaited<ReturnType<typeof startStack>>;
let orders: SandboxOrder[];
let silent: SandboxOrder[];
let noise: ReportNoise[];
const DAY = '2026-11-20';
const WITH_TRANSACTIONS_REPORT = ['sips-shop', 'up2pay-shop', 'payline-shop'];

async function upload(name: string, content: Buffer): Promise<ImportDetail> {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(content)]), name);
  const response = await fetch(`${stack.server.url}/api/imports?wait=true`, { method: 'POST', body: form, headers: { authorization: `Bearer ${stack.people.tokens.supervisor}` } });
  return (await response.json()) as ImportDetail;
}
const queue = (query = '') => stack.api<DiscrepancyList>(`/api/discrepancies?limit=500${query}`);
const referencesOf = (list: readonly Discrepancy[], type: Discrepancy['type']) => [...new Set(list.filter((d) => d.type === type).map((d) => d.orderReference))].sort();
const accountOf = (reference: string) => orders.find((o) => o.reference === reference)!.accountId;
const noiseRefs = (type: ReportNoise['type'], accounts?: string[]) => noise.filter((n) => n.type === type && (!accounts || accounts.includes(accountOf(n.reference)))).map((n) => n.reference).sort();

beforeAll(async () => {
  stack = await startStack({ now: () => new Date('2026-11-21T07:00:00.000Z') });
  orders = stack.sandbox.generate(90, { seed: 21, from: new Date('2026-11-20T07:00:00Z'), to: new Date('2026-11-20T20:00:00Z') });
  for (const o of orders) for (const p of o.parts) p.outcome = 'accepted';
  silent = orders.filter((_, i) => i % 10 === 4);
  const notified = orders.filter((o) => !silent.includes(o));
  await stack.sandbox.deliver(stack.server.url, notified, { seed: 2 });
  noise = defaultNoise(ordersOn(notified, DAY), 5);
  for (const file of stack.sandbox.reports(DAY, { noise })) expect((await upload(file.name, file.content)).status).toBe('applied');
  await stack.storage.notificationsApplied();
  await stack.server.reconciler.runOnce();
}, 60_000);
afterAll(() => stack.close());

describe('the reconciliation queue on the sandbox day', () => {
  it('lists each part in a report but never notified', async () => {
    const { items } = await queue('&type=not_notified');
    const expected = silent.filter((o) => WITH_TRANSACTIONS_REPORT.includes(o.accountId));
    expect(referencesOf(items, 'not_notified')).toEqual(expected.map((o) => o.reference).sort());
    expect(items.length).toBe(expected.reduce((n, o) => n + (o.psp === 'sips' && o.parts.length === 2 ? 2 : o.parts.length), 0));
    expect(items.every((d) => d.evidence.reportLines.length > 0 && d.evidence.inboxIds.length === 0)).toBe(true);
  });

  it('lists each notified part missing from the report of its day', async () => {
    const { items } = await queue('&type=missing_from_report');
    expect(referencesOf(items, 'missing_from_report')).toEqual(noiseRefs('missing_row', WITH_TRANSACTIONS_REPORT));
    expect(items[0]!.reason).toMatch(/was notified but is missing from the transactions report of 2026-11-20$/);
  });

  it('lists the amounts that differ and the operations done outside, with the amount at stake', async () => {
    const { items } = await queue();
    // A Sips split row states the total beside its SPLIT: a total that differs makes the parts not add up.
    const differing = [...new Set([...referencesOf(items, 'amount_differs'), ...referencesOf(items, 'parts_do_not_add_up')])].sort();
    expect(differing).toEqual(noiseRefs('amount_differs', WITH_TRANSACTIONS_REPORT));
    for (const d of items.filter((x) => x.type === 'amount_differs' || x.type === 'parts_do_not_add_up')) {
      const n = noise.find((x) => x.reference === d.orderReference) as Extract<ReportNoise, { type: 'amount_differs' }>;
      expect(d.amount, d.reason).toBe(Math.abs(n.delta));
    }
    expect(referencesOf(items, 'outside_operation')).toEqual(noiseRefs('outside_operation'));
  });

  it('counts them by type with the same filters', async () => {
    const counts = await stack.as('viewer')<{ byType: Record<string, number>; total: number }>('/api/discrepancies/counts?psp=up2pay');
    for (const [type, n] of Object.entries(counts.byType)) expect(n, type).toBe((await queue(`&psp=up2pay&type=${type}`)).total);
    expect(counts.total).toBe((await queue('&psp=up2pay')).total);
  });

  it('running again changes nothing', async () => {
    const before = await queue('&status=open');
    await stack.storage.notificationsApplied();
    expect(await stack.server.reconciler.runOnce()).toMatchObject({ opened: 0, closed: 0 });
    expect(await queue('&status=open')).toEqual(before);
  });

  it('closes by itself what later data settles: the missing row arrives in a later file', async () => {
    const missing = noise.find((n) => n.type === 'missing_row' && accountOf(n.reference) === 'up2pay-shop')!;
    const clean = transactionsReport(ordersOn(orders, DAY), stack.config.accounts.get('up2pay-shop') as Up2payAccount, { day: DAY });
    expect((await upload('up2pay-weekly.csv', clean.content)).status).toBe('applied');
    await stack.storage.notificationsApplied();
    await stack.server.reconciler.runOnce();
    const closed = (await queue('&status=closed&type=missing_from_report')).items.filter((d) => d.orderReference === missing.reference);
    expect(closed.length).toBeGreaterThan(0);
    expect(closed.every((d) => d.handledBy === 'reconciliation' && d.note === 'later data agrees' && d.closedAt)).toBe(true);
  });

  it('an agent acknowledges in bulk and resolves with a note; a viewer may only read; each step is audited', async () => {
    const { items } = await queue('&type=not_notified');
    const [first, second, third] = items;
    const post = (role: 'agent' | 'viewer', path: string, body: unknown) =>
      fetch(`${stack.server.url}${path}`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json', authorization: `Bearer ${stack.people.tokens[role]}` } });
    expect((await post('viewer', `/api/discrepancies/${first!.id}/resolve`, { note: 'checked' })).status).toBe(403);
    expect(await (await post('agent', '/api/discrepancies/acknowledge', { ids: [first!.id, second!.id] })).json()).toEqual({ acknowledged: 2 });
    const resolved = (await (await post('agent', `/api/discrepancies/${third!.id}/resolve`, { note: 'notification lost by the PSP; the report is right' })).json()) as Discrepancy;
    expect(resolved).toMatchObject({ status: 'resolved', handledBy: 'token test agent', note: 'notification lost by the PSP; the report is right' });
    expect((await post('agent', `/api/discrepancies/${third!.id}/resolve`, { note: 'again' })).status).toBe(409);
    expect((await post('agent', `/api/discrepancies/${third!.id}/resolve`, { note: '' })).status).toBe(400);
    expect((await queue('&status=acknowledged')).items.map((d) => d.id).sort()).toEqual([first!.id, second!.id].sort());
    // A resolved discrepancy stays resolved while the data still shows it: nobody is asked twice.
    await stack.server.reconciler.fullPass();
    expect((await stack.api<Discrepancy>(`/api/discrepancies/${third!.id}`)).status).toBe('resolved');
    const audit = await stack.api<{ items: { action: string; objectId: string | null }[] }>('/api/audit?limit=100');
    expect(audit.items.filter((a) => a.action.startsWith('discrepancy.')).map((a) => a.action).sort()).toEqual(['discrepancy.acknowledged', 'discrepancy.acknowledged', 'discrepancy.resolved']);
  });
});

describe('stale pending', () => {
  it('a Sips payment still pending 30 minutes after it began is listed, and closes when its answer comes', async () => {
    let clock = new Date('2026-11-22T10:00:00.000Z');
    const own = await startStack({ now: () => clock });
    try {
      const [order] = own.sandbox.generate(1, { seed: 3, accountIds: ['sips-shop'], from: new Date('2026-11-22T09:59:00Z'), to: new Date('2026-11-22T10:00:00Z') });
      for (const p of order!.parts) p.outcome = 'pending_then_accepted';
      const [pending, ...answer] = own.sandbox.messages(order!);
      await own.sandbox.send(own.server.url, pending!);
      await own.storage.notificationsApplied();
      await own.server.reconciler.runOnce();
      expect((await own.api<DiscrepancyList>('/api/discrepancies')).total).toBe(0);
      clock = new Date('2026-11-22T10:45:00.000Z');
      await own.storage.notificationsApplied();
      await own.server.reconciler.runOnce();
      const { items } = await own.api<DiscrepancyList>('/api/discrepancies?type=stale_pending');
      expect(items).toHaveLength(1);
      expect(items[0]!.reason).toMatch(/has been pending for 4\d minutes; Worldline Sips answers within 30 minutes$/);
      for (const m of answer) await own.sandbox.send(own.server.url, m);
      await own.storage.notificationsApplied();
      await own.server.reconciler.runOnce();
      expect((await own.api<DiscrepancyList>('/api/discrepancies?type=stale_pending&status=closed')).total).toBe(1);
    } finally {
      await own.close();
    }
  });
});
