import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../server/config/accounts';
import { inlineRunner, workerRunner, WORKER_ROWS } from '../../server/imports/apply-runner';
import { ImportService } from '../../server/imports/import-service';
import { ProfileCatalogue } from '../../server/imports/profiles';
import { SqliteStorage } from '../../server/storage/sqlite/sqlite-storage';
import type { Actor } from '../../server/storage/storage';
import { OrdersQuerySchema } from '../../shared/api';

const config = loadConfigFile('split-recon.config.example.json');
const actor: Actor = { type: 'system', id: null, label: 'test', address: null };

/** A Sips transactions report of three card payments, for the example config's Sips merchant. */
const JT = [
  'TITLE;JT;TRANSACTIONS REPORT;011223344550000;2026-11-21;TAB20_V1',
  'TRANSACTION_DATE_TIME;TRANSACTION_REFERENCE;ORDER_ID;AMOUNT;CURRENCY_CODE;PAYMENT_MEAN_BRAND;TRANSACTION_STATUS;ACQUIRER_RESPONSE_CODE;AUTHORISATION_ID;MASKED_PAN',
  '2026-11-20T10:00:00+01:00;SR1;CMD-1;1200;978;CB;CAPTURED;00;100001;497010######0001',
  '2026-11-20T10:05:00+01:00;SR2;CMD-2;3400;978;CB;CAPTURED;00;100002;497010######0002',
  '2026-11-20T10:10:00+01:00;SR3;CMD-3;560;978;VISA;CAPTURED;00;100003;497010######0003',
  'END;3',
  '',
].join('\n');
const ROWS = JT.split('\n').slice(2, 5).map((text, i) => ({ line: i + 3, data: JSON.stringify(text.split(';')) }));
const sha256 = createHash('sha256').update(JT).digest('hex');

let dir: string;
let storage: SqliteStorage;
let filesDir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'import-resume-'));
  filesDir = join(dir, 'imports');
  storage = SqliteStorage.open(join(dir, 'db.sqlite'));
});
afterEach(async () => {
  await storage.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The rows an import keeps, straight from the SQLite file. */
function keptRows(id: number): { line: number; data: string }[] {
  const db = new Database(join(dir, 'db.sqlite'), { readonly: true });
  try {
    return db.prepare('SELECT line, data FROM report_rows WHERE import_id = ? ORDER BY line').all(id) as { line: number; data: string }[];
  } finally {
    db.close();
  }
}

const service = () => new ImportService(storage, config, new ProfileCatalogue(storage.imports), filesDir);
const orderCount = async () => (await storage.listOrders(OrdersQuerySchema.parse({}))).items.length;

/**
 * What a server stopped mid-import leaves behind: the file stored under its hash, its import recorded,
 * and, depending on when it stopped, identified and accepted (every row checked, nothing applied yet).
 */
async function cutShort(stage: 'received' | 'processing' | 'accepted'): Promise<number> {
  mkdirSync(filesDir, { recursive: true });
  writeFileSync(join(filesDir, sha256), JT);
  const id = await storage.imports.create({ fileName: 'JT.csv', sha256, size: JT.length, storedAs: sha256, channel: 'upload', accountId: null, actor, receivedAt: new Date().toISOString() });
  if (stage === 'received') return id;
  await storage.imports.identify(id, { accountId: 'sips-shop', psp: 'sips', profile: 'sips-transactions', kind: 'transactions' });
  // Cut short while checking: the rows read so far were kept.
  await storage.imports.keepRows(id, [{ line: 3, data: '["cut short"]' }]);
  if (stage === 'accepted') await storage.imports.accept(id, { rows: 3, header: [], covers: { from: '2026-11-20', to: '2026-11-20' } });
  return id;
}

describe('an import is accepted (every row checked) before it is applied', () => {
  it('says when: accepted after it was received, applied after that; a refused file is never accepted', async () => {
    const imports = service();
    const applied = await imports.run({ source: Readable.from([JT]), fileName: 'JT.csv', channel: 'cli', actor });
    expect(applied.status).toBe('applied');
    expect(applied.counts.rows).toBe(3);
    expect(applied.acceptedAt! >= applied.receivedAt && applied.acceptedAt! <= applied.finishedAt!).toBe(true);
    // The rows, as read: once each (not once per part), every value in the file's order.
    expect(keptRows(applied.id)).toEqual(ROWS);
    const refused = await imports.run({ source: Readable.from([JT.replace(';3400;', ';34,00;')]), fileName: 'bad.csv', channel: 'cli', actor });
    expect(refused.status).toBe('failed');
    expect(refused.acceptedAt).toBeNull();
    expect(keptRows(refused.id)).toEqual([]);
  });
});

/** The same report with `n` card payments, a second apart. */
function largeJt(n: number): string {
  const [title, header] = JT.split('\n');
  const rows = Array.from({ length: n }, (_, i) => {
    const time = new Date(Date.parse('2026-11-20T08:00:00Z') + i * 1000).toISOString().replace('.000Z', '+00:00');
    return `${time};SR${i};CMD-${i};${1000 + (i % 5000)};978;CB;CAPTURED;00;${String(i).padStart(6, '0')};497010######${String(i % 10_000).padStart(4, '0')}`;
  });
  return [title, header, ...rows, `END;${n}`, ''].join('\n');
}

describe('the passes of an import, as its progress and status show them', () => {
  it('checks every row first, with no order written; accepted, it applies them; then it is applied', async () => {
    const imports = service();
    const { id, done } = await imports.receive({ source: Readable.from([largeJt(40_000)]), fileName: 'JT-large.csv', channel: 'cli', actor });
    const seen: string[] = [];
    const ordersWhenAccepted: number[] = [];
    let finished = false;
    void done.then(() => (finished = true));
    while (!finished) {
      const [item, progress] = [(await storage.imports.get(id))!, imports.progress(id)];
      const step = `${item.status}/${progress?.phase ?? '-'}`;
      if (seen[seen.length - 1] !== step) seen.push(step);
      if (item.status === 'accepted' && ordersWhenAccepted.length === 0) ordersWhenAccepted.push(await orderCount());
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const final = await done;
    seen.push(`${final.status}/-`);
    // The steps in order (each may be too short to be seen, but never out of order).
    const order = ['received/checking', 'processing/checking', 'accepted/checking', 'accepted/applying', 'applied/-'];
    expect(seen.map((s) => order.indexOf(s))).toEqual([...seen.map((s) => order.indexOf(s))].sort((a, b) => a - b));
    expect(seen).toContain('processing/checking');
    expect(seen).toContain('accepted/applying');
    expect(ordersWhenAccepted).toEqual([0]);
    expect(final.counts).toMatchObject({ rows: 40_000, new: 40_000 });
  });
});

describe('a large file applied on a worker thread', () => {
  it('is merged while this thread keeps running (it answers the dashboard and the PSPs meanwhile)', async () => {
    const imports = new ImportService(storage, config, new ProfileCatalogue(storage.imports), filesDir, undefined, workerRunner(storage.shared!, inlineRunner(storage)));
    const rows = WORKER_ROWS * 2;
    const { id, done } = await imports.receive({ source: Readable.from([largeJt(rows)]), fileName: 'JT-large.csv', channel: 'cli', actor });
    let finished = false;
    void done.then(() => (finished = true));
    // Turns of this thread's event loop once every row was read again: the merge is then under way.
    let turnsWhileMerging = 0;
    while (!finished) {
      const progress = imports.progress(id);
      if (progress?.phase === 'applying' && progress.rows === rows) turnsWhileMerging++;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const final = await done;
    expect(final.status, final.message ?? '').toBe('applied');
    expect(final.counts).toMatchObject({ rows, new: rows });
    expect((await storage.listOrders(OrdersQuerySchema.parse({ limit: 1 }))).items).toHaveLength(1);
    expect(turnsWhileMerging).toBeGreaterThan(10);
  });
});

describe('imports a stop cut short are taken up again at start', () => {
  it.each(['received', 'processing', 'accepted'] as const)('one left %s is read again from its stored file and applied once, its rows kept once', async (stage) => {
    const id = await cutShort(stage);
    expect(await orderCount()).toBe(0);
    const resumed = await service().resume();
    expect(resumed.count).toBe(1);
    await resumed.done;
    const item = (await storage.imports.get(id))!;
    expect(item.status, item.message ?? '').toBe('applied');
    expect(item.counts).toMatchObject({ rows: 3, new: 3 });
    expect(await orderCount()).toBe(3);
    expect(keptRows(id)).toEqual(ROWS);
    expect((await service().resume()).count).toBe(0);
  });

  it('the same file sent while the first is accepted is its duplicate; the first is then applied alone', async () => {
    const first = await cutShort('accepted');
    const again = await service().run({ source: Readable.from([JT]), fileName: 'JT-again.csv', channel: 'cli', actor });
    expect({ status: again.status, duplicateOf: again.duplicateOf }).toEqual({ status: 'duplicate', duplicateOf: first });
    expect(keptRows(again.id)).toEqual([]);
    await (await service().resume()).done;
    expect((await storage.imports.get(first))!.status).toBe('applied');
    expect(await orderCount()).toBe(3);
  });

  it('a stored file gone missing fails the import with a message, and the others still run', async () => {
    const id = await cutShort('accepted');
    rmSync(join(filesDir, sha256));
    await (await service().resume()).done;
    const item = (await storage.imports.get(id))!;
    expect(item.status).toBe('failed');
    expect(item.message).toMatch(/failed on our side .*ENOENT/);
    expect(await orderCount()).toBe(0);
  });
});
