import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditList } from '../../shared/api-auth';
import type { DailyReport } from '../../shared/api-reports';
import type { ApiError, OrderDetail } from '../../shared/api';
import type { Operation, OperationExchangeList, OperationList, OperationResult, RefundProposal } from '../../shared/api-operations';
import type { SandboxOrder, SandboxPart } from '../../sandbox/orders';
import { Readable } from 'node:stream';
import { parisDay } from '../../shared/time';
import { startStack, TEST_PASSWORD } from '../support/stack';
import { unzip } from '../support/unzip';

/**
 * The operation flow end to end: the product's API, its SQLite file, its connectors, and the PSP
 * sandbox over real HTTP, which verifies each request's signature and keeps its own balances.
 */
let stack: Awaited<ReturnType<typeof startStack>>;
type Caller = Awaited<ReturnType<typeof stack.signIn>>;
let agent: Caller;
let supervisor: Caller;
let admin: Caller;
let strictSupervisor: Caller;

const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000);
let sequence = 0;

function part(kind: SandboxPart['kind'], brand: string, amount: number): SandboxPart {
  sequence++;
  return { kind, brand, amount, outcome: 'accepted', transactionId: String(700_000_000 + sequence), authorisationId: kind === 'card' ? '123456' : null, maskedPan: kind === 'card' ? '497010######0014' : null };
}

/** An order the sandbox PSP knows and has notified the product of; answers it as the product sees it. */
async function paidOrder(psp: SandboxOrder['psp'], parts: SandboxPart[], createdAt = daysAgo(2)): Promise<OrderDetail> {
  sequence++;
  const order: SandboxOrder = { psp, accountId: `${psp}-shop`, reference: `OPS-${psp}-${sequence}`, callNumber: String(8_000_000 + sequence), email: 'client@example.fr', createdAt, currency: 'EUR', parts };
  stack.sandbox.adopt([order]);
  const report = await stack.sandbox.deliver(stack.server.url, [order]);
  expect(report.byStatus).toEqual({ 200: report.sent });
  return stack.orderBy(order.reference);
}

const cardOf = (o: OrderDetail) => o.parts.find((p) => p.kind === 'card')!;
const voucherOf = (o: OrderDetail) => o.parts.find((p) => p.kind === 'voucher')!;
const key = () => `test-${crypto.randomUUID()}`;
const refund = (amount: number, over: Record<string, unknown> = {}) => ({ type: 'refund', amount, reason: 'customer returned an item', idempotencyKey: key(), ...over });
const callsFor = (psp: string) => stack.sandbox.cashCalls.filter((c) => c.psp === psp && c.operation !== 'inquire' && c.operation !== 'getTransactionData');

beforeAll(async () => {
  stack = await startStack({
    editConfig: (json) => {
      // Short, so that "the PSP answers after our timeout" takes a second, not ten.
      for (const a of json.accounts) a.timeoutMs = 700;
    },
  });
  const system = { type: 'system' as const, id: null, label: 'test setup', address: null };
  const created = await stack.server.auth.createUser({ email: 'strict@test.example', name: 'Strict supervisor', role: 'supervisor', password: TEST_PASSWORD, refundLimit: 1000 }, system);
  if (!created.ok) throw new Error(created.error.message);
  agent = await stack.signIn('agent@test.example');
  supervisor = await stack.signIn('supervisor@test.example');
  admin = await stack.signIn('admin@test.example');
  strictSupervisor = await stack.signIn('strict@test.example');
}, 60_000);

afterAll(async () => {
  await stack.close();
});

describe('refunding a part through the PSP', () => {
  it('refunds the card part of a Sips voucher + card order: one signed request, the new refunded amount, the audit trail', async () => {
    const order = await paidOrder('sips', [part('voucher', 'APETIZ', 1900), part('card', 'CB', 3000)]);
    const card = cardOf(order);
    expect(card.operations.find((a) => a.type === 'refund')).toMatchObject({ allowed: true, maxAmount: 3000, ruleId: 'sips-card' });
    const before = callsFor('sips').length;

    const res = await agent<OperationResult>(`/api/parts/${card.id}/operations`, { body: refund(450) });
    expect(res.status).toBe(201);
    expect(res.body.replayed).toBe(false);
    expect(res.body.operation).toMatchObject({ state: 'succeeded', type: 'refund', amount: 450, requestedBy: { label: 'agent@test.example', name: 'Test agent' }, reason: 'customer returned an item' });

    const calls = callsFor('sips').slice(before);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ signatureValid: true });
    // What was sent is kept with the operation, byte for byte as the PSP received it.
    const sent = await agent<OperationExchangeList>(`/api/operations/${res.body.operation.id}/exchanges`);
    expect(sent.body.items).toHaveLength(1);
    expect(sent.body.items[0]).toMatchObject({ purpose: 'execute', httpStatus: 200, error: null, request: calls[0]!.body });
    expect(sent.body.items[0]!.url).toMatch(/\/cashManagement\/refund$/);
    expect(JSON.parse(sent.body.items[0]!.request)).toMatchObject({ operationAmount: '450', seal: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(JSON.parse(sent.body.items[0]!.response!)).toMatchObject({ responseCode: '00' });

    const after = await stack.orderBy(order.reference!);
    expect(cardOf(after).refundedAmount).toBe(450);
    expect(voucherOf(after).refundedAmount).toBe(0);
    expect(cardOf(after).operations.find((a) => a.type === 'refund')!.maxAmount).toBe(2550);
    expect(after.cashOperations.map((o) => [o.id, o.state])).toEqual([[res.body.operation.id, 'succeeded']]);
    expect(cardOf(after).history.some((e) => e.source === 'operation' && e.operation?.type === 'refund' && e.operation.amount === 450 && !e.operation.outside)).toBe(true);

    // Finance sees it in the daily report of the order's day.
    const day = parisDay(order.createdAt);
    const daily = await admin<DailyReport>(`/api/reports/daily?from=${day}&to=${day}&account=sips-shop`);
    const row = daily.body.days.flatMap((d) => d.rows).find((r) => r.kind === 'card' && r.brand === 'CB');
    expect(row!.refunds).toBe(450);

    const audit = await admin<AuditList>(`/api/audit?objectType=operation&objectId=${res.body.operation.id}`);
    const actions = audit.body.items.filter((e) => e.objectId === String(res.body.operation.id)).map((e) => [e.action, e.actor.label]);
    expect(actions).toEqual(expect.arrayContaining([
      ['operation.requested', 'agent@test.example'],
      ['operation.succeeded', 'agent@test.example'],
    ]));
    expect(audit.body.items.find((e) => e.action === 'operation.requested' && e.objectId === String(res.body.operation.id))?.detail).toBe('customer returned an item');
  });

  it('refuses the voucher part at Sips, with the rule and the seed, and sends nothing', async () => {
    const order = await paidOrder('sips', [part('voucher', 'SODEXO', 1500), part('card', 'VISA', 500)]);
    const before = stack.sandbox.cashCalls.length;
    const res = await agent<ApiError>(`/api/parts/${voucherOf(order).id}/operations`, { body: refund(100) });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('NOT_ALLOWED');
    expect(res.body.error.message).toContain('sips-voucher');
    expect(stack.sandbox.cashCalls.length).toBe(before);
  });

  it('answers the first result to the same idempotency key, and refuses the key for another request', async () => {
    const order = await paidOrder('sips', [part('card', 'CB', 2000)]);
    const card = cardOf(order);
    const body = refund(300);
    const first = await agent<OperationResult>(`/api/parts/${card.id}/operations`, { body });
    const calls = callsFor('sips').length;
    const again = await agent<OperationResult>(`/api/parts/${card.id}/operations`, { body });
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ operation: first.body.operation, replayed: true });
    expect(callsFor('sips').length).toBe(calls);

    const other = await agent<ApiError>(`/api/parts/${card.id}/operations`, { body: { ...body, amount: 301 } });
    expect(other.status).toBe(409);
    expect(other.body.error).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', field: 'idempotencyKey' });
    expect(cardOf(await stack.orderBy(order.reference!)).refundedAmount).toBe(300);
  });

  it('never lets 20 concurrent refunds on one part exceed its allowance', async () => {
    const order = await paidOrder('up2pay', [part('voucher', 'APETIZ', 1500), part('card', 'LIMOCB', 1000)]);
    const card = cardOf(order);
    const answers = await Promise.all(Array.from({ length: 20 }, () => agent<OperationResult | ApiError>(`/api/parts/${card.id}/operations`, { body: refund(150) })));
    const succeeded = answers.filter((a) => a.status === 201 && (a.body as OperationResult).operation.state === 'succeeded');
    const refused = answers.filter((a) => a.status === 409);
    expect(succeeded).toHaveLength(6);
    expect(refused).toHaveLength(14);
    for (const r of refused) expect((r.body as ApiError).error.code).toBe('AMOUNT_ABOVE_ALLOWANCE');

    const after = cardOf(await stack.orderBy(order.reference!));
    expect(after.refundedAmount).toBe(900);
    const books = stack.sandbox.ledger.find('up2pay-shop', (o, p) => o.reference === order.reference && p.kind === 'card')!;
    expect(stack.sandbox.ledger.balance(books.order, books.part).refunded).toBe(900);
  });

  it('proposes a split across parts: card first, what cannot be refunded and why', async () => {
    const order = await paidOrder('sips', [part('voucher', 'APETIZ', 1900), part('card', 'CB', 450)]);
    const res = await agent<RefundProposal>(`/api/orders/${order.id}/refund-proposal?amount=1000`);
    expect(res.status).toBe(200);
    expect(res.body.lines).toEqual([expect.objectContaining({ partId: cardOf(order).id, amount: 450 })]);
    expect(res.body.blocked).toEqual([expect.objectContaining({ partId: voucherOf(order).id })]);
    expect(res.body.shortfall).toBe(550);
  });
});

describe('when the PSP answer is lost', () => {
  it('leaves a refund unknown after a timeout, settles it by asking the PSP, and never refunds twice', async () => {
    const order = await paidOrder('sips', [part('card', 'CB', 2000)]);
    const card = cardOf(order);
    stack.sandbox.faults.set({ mode: 'timeout_after_work', psp: 'sips', delayMs: 2000, times: 1 });
    const res = await agent<OperationResult>(`/api/parts/${card.id}/operations`, { body: refund(500) });
    expect(res.status).toBe(201);
    expect(res.body.operation.state).toBe('unknown');
    expect(res.body.operation.pspCode).toBe('PSP_TIMEOUT');

    // While unknown, the amount stays reserved.
    const during = cardOf(await stack.orderBy(order.reference!));
    expect(during.refundedAmount).toBe(0);
    expect(during.operations.find((a) => a.type === 'refund')!.maxAmount).toBe(1500);

    const resolved = await agent<OperationResult>(`/api/operations/${res.body.operation.id}/resolve`, { method: 'POST' });
    expect(resolved.status).toBe(200);
    expect(resolved.body.operation.state).toBe('succeeded');
    expect(resolved.body.operation.resolution).toContain('asked at');

    const books = stack.sandbox.ledger.find('sips-shop', (o) => o.reference === order.reference)!;
    expect(stack.sandbox.ledger.of(books.part).filter((o) => o.type === 'refund').map((o) => o.amount)).toEqual([500]);
    expect(cardOf(await stack.orderBy(order.reference!)).refundedAmount).toBe(500);

    const twice = await agent<ApiError>(`/api/operations/${res.body.operation.id}/resolve`, { method: 'POST' });
    expect(twice.status).toBe(409);
    const sent = (await agent<OperationExchangeList>(`/api/operations/${res.body.operation.id}/exchanges`)).body.items;
    expect(sent.map((e) => [e.purpose, e.httpStatus, e.error?.split(':')[0] ?? null])).toEqual([
      ['execute', null, 'PSP_TIMEOUT'],
      ['inquire', 200, null],
    ]);
  });

  it('settles an unknown refund by the PSP operations report, counted once, not as done outside', async () => {
    const order = await paidOrder('up2pay', [part('card', 'LIMOCB', 2500)]);
    stack.sandbox.faults.set({ mode: 'timeout_after_work', psp: 'up2pay', delayMs: 2000, times: 1 });
    const res = await agent<OperationResult>(`/api/parts/${cardOf(order).id}/operations`, { body: refund(400) });
    expect(res.body.operation.state).toBe('unknown');

    const today = parisDay(new Date());
    const file = stack.sandbox.reports(today).find((f) => f.accountId === 'up2pay-shop' && f.profile === 'up2pay-operations')!;
    const actor = { type: 'system' as const, id: null, label: 'test import', address: null };
    const imported = await stack.server.imports.run({ source: Readable.from([file.content]), fileName: file.name, channel: 'watch', actor });
    expect(imported.status).toBe('applied');
    await stack.server.operations.resolveAll();

    const settled = (await agent<Operation>(`/api/operations/${res.body.operation.id}`)).body;
    expect(settled.state).toBe('succeeded');
    expect(settled.resolution).toContain(`${file.name}, line`);
    const after = await stack.orderBy(order.reference!);
    expect(cardOf(after).refundedAmount).toBe(400);
    const row = cardOf(after).history.find((e) => e.source === 'operations_report' && e.operation?.type === 'refund');
    expect(row?.operation).toMatchObject({ amount: 400, outside: false });
  });

  it('takes a request whose answer was never recorded (the server stopped) for unknown, and settles it', async () => {
    const order = await paidOrder('sips', [part('card', 'CB', 900)]);
    const card = cardOf(order);
    // What a server that stopped right after reserving leaves behind: pending, sent ten minutes ago, no answer.
    const crashed = { type: 'system' as const, id: null, label: 'stopped server', address: null };
    const allowance = card.operations.find((a) => a.type === 'refund')!;
    const left = await stack.storage.operations.request(
      card.id,
      { type: 'refund', amount: 300, reason: 'sent before a crash', idempotencyKey: key(), confirmOverInitial: false, personId: null },
      () => ({ ok: true, state: 'pending', approvalReason: null, overInitial: false, allowance }),
      crashed,
      new Date(Date.now() - 10 * 60_000).toISOString(),
    );
    if (!left.ok) throw new Error(left.refusal.message);
    expect(left.operation.state).toBe('pending');

    await stack.server.operations.resolveAll();
    const settled = (await agent<Operation>(`/api/operations/${left.operation.id}`)).body;
    // The sandbox never received it: its refunded total did not move.
    expect(settled).toMatchObject({ state: 'failed', pspCode: 'INTERRUPTED' });
    expect(settled.resolution).toContain('it was not done');
    expect(cardOf(await stack.orderBy(order.reference!)).operations.find((a) => a.type === 'refund')!.maxAmount).toBe(900);
  });

  it('settles "already processed" (Sips 24) the same way', async () => {
    const order = await paidOrder('sips', [part('card', 'CB', 1200)]);
    stack.sandbox.faults.set({ mode: 'already_processed', psp: 'sips', times: 1 });
    const res = await agent<OperationResult>(`/api/parts/${cardOf(order).id}/operations`, { body: refund(200) });
    expect(res.body.operation.state).toBe('unknown');
    expect(res.body.operation.pspCode).toBe('24');
    await stack.server.operations.resolveAll();
    expect((await agent<Operation>(`/api/operations/${res.body.operation.id}`)).body.state).toBe('succeeded');
  });

  it('records a PSP failure as failed, with its code, and frees the amount', async () => {
    const order = await paidOrder('sips', [part('card', 'CB', 800)]);
    // Set over the sandbox's own HTTP, as a person trying the product by hand would.
    const fault = (body: unknown) => fetch(`${stack.sandboxUrl}/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await fault({ mode: 'explode' })).status).toBe(400);
    expect((await fault({ mode: 'fail', psp: 'sips', times: 1 })).status).toBe(200);
    const res = await agent<OperationResult>(`/api/parts/${cardOf(order).id}/operations`, { body: refund(800) });
    expect(res.body.operation.state).toBe('failed');
    expect(res.body.operation.pspCode).not.toBeNull();
    const after = cardOf(await stack.orderBy(order.reference!));
    expect(after.refundedAmount).toBe(0);
    expect(after.operations.find((a) => a.type === 'refund')!.maxAmount).toBe(800);
  });
});

describe('approval by a supervisor', () => {
  it('turns a refund above the agent limit into a request another person approves', async () => {
    const order = await paidOrder('up2pay', [part('card', 'LIMOCB', 9000)]);
    const card = cardOf(order);
    const calls = stack.sandbox.cashCalls.length;
    const res = await agent<OperationResult>(`/api/parts/${card.id}/operations`, { body: refund(6000) });
    expect(res.status).toBe(201);
    expect(res.body.operation).toMatchObject({ state: 'awaiting_approval', approvalReason: expect.stringContaining('refund limit') });
    expect(stack.sandbox.cashCalls.length).toBe(calls);
    // Reserved while it waits: only 30 € is left for anyone else.
    expect(cardOf(await stack.orderBy(order.reference!)).operations.find((a) => a.type === 'refund')).toMatchObject({ maxAmount: 3000, held: 6000 });

    const byAgent = await agent<ApiError>(`/api/operations/${res.body.operation.id}/approve`, { body: {} });
    expect(byAgent.status).toBe(403);

    const approved = await supervisor<OperationResult>(`/api/operations/${res.body.operation.id}/approve`, { body: { note: 'checked with the customer' } });
    expect(approved.status).toBe(200);
    expect(approved.body.operation).toMatchObject({ state: 'succeeded', decidedBy: { label: 'supervisor@test.example', name: 'Test supervisor' }, decisionNote: 'checked with the customer' });
    expect(stack.sandbox.cashCalls.length).toBe(calls + 1);
    expect(cardOf(await stack.orderBy(order.reference!)).refundedAmount).toBe(6000);
  });

  it('refuses the approval of one\'s own request', async () => {
    const order = await paidOrder('up2pay', [part('card', 'LIMOCB', 4000)]);
    const res = await strictSupervisor<OperationResult>(`/api/parts/${cardOf(order).id}/operations`, { body: refund(2000) });
    expect(res.body.operation.state).toBe('awaiting_approval');
    const own = await strictSupervisor<ApiError>(`/api/operations/${res.body.operation.id}/approve`, { body: {} });
    expect(own.status).toBe(403);
    expect(own.body.error.code).toBe('SAME_PERSON');
    const other = await admin<OperationResult>(`/api/operations/${res.body.operation.id}/approve`, { body: {} });
    expect(other.body.operation.state).toBe('succeeded');
  });

  it('releases the reservation of a rejected request', async () => {
    const order = await paidOrder('up2pay', [part('card', 'LIMOCB', 7000)]);
    const res = await agent<OperationResult>(`/api/parts/${cardOf(order).id}/operations`, { body: refund(7000) });
    const noNote = await supervisor<ApiError>(`/api/operations/${res.body.operation.id}/reject`, { body: {} });
    expect(noNote.status).toBe(400);
    const rejected = await supervisor<OperationResult>(`/api/operations/${res.body.operation.id}/reject`, { body: { note: 'the customer already got a voucher' } });
    expect(rejected.body.operation).toMatchObject({ state: 'rejected', decisionNote: 'the customer already got a voucher' });
    expect(cardOf(await stack.orderBy(order.reference!)).operations.find((a) => a.type === 'refund')!.maxAmount).toBe(7000);
    const list = await supervisor<OperationList>(`/api/operations?state=rejected&q=${encodeURIComponent(order.reference!)}`);
    expect(list.body.items.map((o) => o.id)).toEqual([res.body.operation.id]);
    expect(list.body.counts.rejected).toBe(1);
    // Found by who asked, by name as by e-mail; the decision shows who took it.
    for (const who of ['Test agent', 'agent@test']) {
      const byRequester = await supervisor<OperationList>(`/api/operations?state=rejected&q=${encodeURIComponent(who)}`);
      expect(byRequester.body.items.map((o) => o.id)).toContain(res.body.operation.id);
    }
    const bySomeoneElse = await supervisor<OperationList>(`/api/operations?state=rejected&q=${encodeURIComponent('Test viewer')}`);
    expect(bySomeoneElse.body.items).toEqual([]);
    expect(rejected.body.operation.decidedBy).toEqual({ id: stack.people.users.supervisor.id, label: 'supervisor@test.example', name: 'Test supervisor' });
  });

  it('asks for an explicit confirmation and a supervisor for a Sips refund beyond the initial amount', async () => {
    const order = await paidOrder('sips', [part('card', 'CB', 500)]);
    const card = cardOf(order);
    const unconfirmed = await agent<ApiError>(`/api/parts/${card.id}/operations`, { body: refund(700) });
    expect(unconfirmed.status).toBe(422);
    expect(unconfirmed.body.error.code).toBe('CONFIRMATION_REQUIRED');
    const confirmed = await agent<OperationResult>(`/api/parts/${card.id}/operations`, { body: refund(700, { confirmOverInitial: true }) });
    expect(confirmed.body.operation).toMatchObject({ state: 'awaiting_approval', overInitial: true });
    const approved = await supervisor<OperationResult>(`/api/operations/${confirmed.body.operation.id}/approve`, { body: {} });
    expect(approved.body.operation.state).toBe('succeeded');
    expect(cardOf(await stack.orderBy(order.reference!)).refundedAmount).toBe(700);
  });
});

describe('a viewer', () => {
  it('sees operations but cannot issue one', async () => {
    const viewer = await stack.signIn('viewer@test.example');
    const order = await paidOrder('sips', [part('card', 'CB', 500)]);
    const res = await viewer<ApiError>(`/api/parts/${cardOf(order).id}/operations`, { body: refund(100) });
    expect(res.status).toBe(403);
    expect((await viewer<OperationList>('/api/operations')).status).toBe(200);
  });
});

describe('the operations as a file', () => {
  it('exports what the filters let through, as CSV for French Excel and as a workbook', async () => {
    const list = (await admin<OperationList>('/api/operations?state=succeeded&limit=500')).body;
    expect(list.total).toBeGreaterThan(3);
    const csv = await fetch(`${stack.server.url}/api/operations.csv?state=succeeded&format=fr`, { headers: { authorization: `Bearer ${stack.people.tokens.viewer}` } });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-disposition')).toMatch(/^attachment; filename="operations_\d{4}-\d{2}-\d{2}\.csv"$/);
    const text = await csv.text();
    const [header, ...lines] = text.replace(/^\uFEFF/, '').trimEnd().split('\r\n');
    expect(header!.split(';').slice(0, 8)).toEqual(['Demandé le', 'Commande', 'Compte', 'PSP', 'Part', 'Marque', 'Opération', 'Montant']);
    expect(lines).toHaveLength(list.total);
    // Newest first, as the list: amounts in euros with a decimal comma, written from cents.
    const first = lines[0]!.split(';');
    const newest = list.items[0]!;
    expect(first[1]).toBe(newest.orderReference);
    expect(first[7]).toBe(`${Math.floor(newest.amount / 100)},${String(newest.amount % 100).padStart(2, '0')}`);
    expect(first[9]).toBe('réussie');
    // Who asked: their name, and the e-mail or token they acted with.
    expect(newest.requestedBy.name).toMatch(/^Test /);
    expect(first[10]).toBe(`${newest.requestedBy.name} (${newest.requestedBy.label})`);

    const xlsx = await fetch(`${stack.server.url}/api/operations.xlsx?state=succeeded&format=en`, { headers: { authorization: `Bearer ${stack.people.tokens.viewer}` } });
    expect(xlsx.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const sheet = unzip(Buffer.from(await xlsx.arrayBuffer())).get('xl/worksheets/sheet1.xml')!.toString('utf8');
    expect(sheet).toContain('<t>asked_at</t>');
    expect(sheet.match(/<row r=/g)).toHaveLength(list.total + 1);
  });
});
