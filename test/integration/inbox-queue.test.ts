import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OrdersQuerySchema } from '../../shared/api';
import { loadConfigFile } from '../../server/config/accounts';
import { NotificationService } from '../../server/ingest/notifications';
import type { RawRequest } from '../../server/storage/storage';
import { openDatabase } from '../../server/storage/sqlite/database';
import { SqliteStorage } from '../../server/storage/sqlite/sqlite-storage';
import type { Message } from '../../sandbox/notify';
import { Sandbox } from '../../sandbox/sandbox';

/**
 * The inbox is the queue between answering a PSP and applying its notification to the order: real
 * signed notifications, a real SQLite file, the applier on its worker thread as the server runs it.
 */
const config = loadConfigFile('split-recon.config.example.json');
const sandbox = new Sandbox(config);
const quiet = { warn: () => undefined };

function request(m: Message): RawRequest {
  const body = Buffer.from(m.method === 'POST' ? m.body : '');
  return {
    receivedAt: new Date().toISOString(),
    psp: m.psp,
    accountId: m.accountId,
    method: m.method,
    path: `/ipn/${m.psp}/${m.accountId}`,
    query: m.query,
    headers: m.contentType ? { 'content-type': m.contentType } : {},
    body,
    bodySize: body.length,
    bodyTruncated: false,
    remoteAddress: '127.0.0.1',
  };
}

function messagesOf(count: number, seed: number): Message[] {
  const orders = sandbox.generate(count, { seed, accountIds: ['up2pay-shop', 'sips-shop'] });
  for (const o of orders) for (const p of o.parts) p.outcome = 'accepted';
  return orders.flatMap((o) => sandbox.messages(o));
}

/** A storage that queues but never applies: a server stopped before its queue was applied. */
function stoppedBeforeApplying(path: string): SqliteStorage {
  return new SqliteStorage(openDatabase(path), undefined, { applier: null });
}

let dir: string;
let path: string;
let open: SqliteStorage[];
const storageAt = (s: SqliteStorage) => (open.push(s), s);

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'inbox-queue-'));
  path = join(dir, 'split-recon.sqlite');
  open = [];
});
afterEach(async () => {
  for (const s of open) await s.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the inbox as a queue', () => {
  it('answers once a notification is stored with its verdict, then applies every one to its order', async () => {
    const storage = storageAt(SqliteStorage.open(path, { applyInWorker: true }));
    const service = new NotificationService(storage, config, quiet);
    const messages = messagesOf(30, 7);
    // Parts out of order, and every notification twice.
    const sent = [...messages].reverse().concat(messages);
    const answers = await Promise.all(sent.map((m) => service.receive(request(m))));
    expect(answers.every((a) => a.status === 200 && a.outcome === 'queued' && /^OK: verified and stored as #\d+$/.test(a.message))).toBe(true);

    await storage.notificationsApplied();
    const inbox = await storage.listInbox({ limit: 500, offset: 0 });
    expect(inbox.total).toBe(sent.length);
    const outcomes = inbox.items.map((i) => i.outcome);
    expect(outcomes.filter((o) => o === 'applied')).toHaveLength(messages.length);
    expect(outcomes.filter((o) => o === 'duplicate')).toHaveLength(messages.length);
    const orders = await storage.listOrders(OrdersQuerySchema.parse({ limit: 100 }));
    expect(orders.total).toBe(30);
    const expected = sandbox.generate(30, { seed: 7, accountIds: ['up2pay-shop', 'sips-shop'] });
    expect(orders.items.map((o) => o.amount).sort()).toEqual(expected.map((o) => o.parts.reduce((sum, p) => sum + p.amount, 0)).sort());
  });

  it('applies at the next start what a stopped server left queued', async () => {
    const stopped = stoppedBeforeApplying(path);
    const service = new NotificationService(stopped, config, quiet);
    for (const m of messagesOf(5, 11)) await service.receive(request(m));
    expect((await stopped.listInbox({ limit: 50, offset: 0 })).items.every((i) => i.outcome === 'queued')).toBe(true);
    await stopped.close();

    const restarted = storageAt(SqliteStorage.open(path, { applyInWorker: true }));
    await restarted.notificationsApplied();
    const inbox = await restarted.listInbox({ limit: 50, offset: 0 });
    expect(inbox.items.map((i) => i.outcome)).toEqual(inbox.items.map(() => 'applied'));
    expect((await restarted.listOrders(OrdersQuerySchema.parse({}))).total).toBe(5);
  });

  it('marks a notification that cannot be applied as failed, with the reason, and applies the others', async () => {
    const stopped = stoppedBeforeApplying(path);
    const service = new NotificationService(stopped, config, quiet);
    const ids = [];
    for (const m of messagesOf(3, 13).slice(0, 3)) ids.push((await service.receive(request(m))).inboxId);
    await stopped.close();
    const db = openDatabase(path);
    // What a defect in applying looks like: an interpretation the order writer cannot use.
    db.prepare("UPDATE inbox SET observation = '{\"parts\": 5}' WHERE id = ?").run(ids[1]);
    db.close();

    const restarted = storageAt(SqliteStorage.open(path, { applyInWorker: true }));
    await restarted.notificationsApplied();
    const broken = await restarted.applied(ids[1]!);
    expect(broken).toMatchObject({ outcome: 'failed', orderId: null });
    expect(broken.outcome === 'failed' && broken.message).toMatch(/^applying it to its order failed \(.+\); it is stored and can be replayed$/);
    expect((await restarted.getInbox(ids[1]!))).toMatchObject({ outcome: 'failed', error: { code: 'APPLY_FAILED' } });
    for (const id of [ids[0]!, ids[2]!]) expect(await restarted.applied(id)).toMatchObject({ outcome: 'applied' });
  });

  it('answers a replay with what applying it did', async () => {
    const storage = storageAt(SqliteStorage.open(path, { applyInWorker: true }));
    const service = new NotificationService(storage, config, quiet);
    const [first] = messagesOf(1, 17);
    const answer = await service.receive(request(first!));
    const applied = await storage.applied(answer.inboxId);
    expect(applied).toMatchObject({ outcome: 'applied' });

    const replay = await service.replay(answer.inboxId);
    expect(replay).toMatchObject({ replayOf: answer.inboxId, outcome: 'duplicate', httpStatus: 200, orderId: applied.orderId });
    expect(replay!.message).toBe(`nothing changed: order #${applied.orderId} already had it`);
  });
});
