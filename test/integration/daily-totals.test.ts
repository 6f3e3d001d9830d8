import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { migrate, type Db } from '../../server/storage/sqlite/database';
import { SqliteStorage } from '../../server/storage/sqlite/sqlite-storage';
import { seededRandom } from '../../sandbox/orders';
import { bucketOf } from '../../server/domain/daily-report';
import { tempDir } from '../support/stack';

/**
 * The running totals of the daily report (migration 005) catch up, before each report, with the
 * orders changed since the last one (every write to an order or its parts sets its updated_at).
 * Whatever was written, in whatever order (parts created, changed, moved, deleted; orders found older),
 * they must then equal what the rows add up to: checked here against sums computed in this file from
 * the rows themselves, on a real SQLite file, after many random writes; and the migration's own
 * backfill of an existing database likewise.
 */

let dir: ReturnType<typeof tempDir>;
let storage: SqliteStorage;
/** A second connection to the same file, for writes as the product's writers do them. */
let db: Db;
const rng = seededRandom(2026);
const pick = <T>(items: readonly T[]): T => items[Math.floor(rng() * items.length)]!;
const ACCOUNTS = [
  { id: 'sips-shop', psp: 'sips' },
  { id: 'up2pay-shop', psp: 'up2pay' },
  { id: 'axepta-shop', psp: 'axepta' },
] as const;
const BRANDS = [
  { kind: 'voucher', brand: 'APETIZ' },
  { kind: 'voucher', brand: 'SODEXO' },
  { kind: 'card', brand: 'CB' },
  { kind: 'card', brand: 'VISA' },
] as const;
const STATUSES = ['PENDING', 'TO_VALIDATE', 'TO_CAPTURE', 'CAPTURED', 'CANCELLED', 'REFUSED', 'EXPIRED'] as const;

/** Instants that favour the hours around Paris midnight and the 2026 change days. */
function randomInstant(): string {
  const days = ['2026-03-28', '2026-03-29', '2026-03-30', '2026-07-14', '2026-10-24', '2026-10-25', '2026-10-26', '2026-12-31'];
  const hour = rng() < 0.6 ? pick([0, 1, 21, 22, 23]) : Math.floor(rng() * 24);
  return `${pick(days)}T${String(hour).padStart(2, '0')}:${String(Math.floor(rng() * 60)).padStart(2, '0')}:${String(Math.floor(rng() * 60)).padStart(2, '0')}.000Z`;
}

/** Each write sets updated_at, as the product's writers do; a clock that moves on, never back. */
let clock = Date.parse('2026-11-01T00:00:00Z');
const tick = () => new Date((clock += 7)).toISOString();

let nextOrder = 0;
function insertOrder(): number {
  const account = pick(ACCOUNTS);
  const at = randomInstant();
  nextOrder++;
  return Number(
    db.prepare(`INSERT INTO orders (account_id, psp, group_key, currency, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`).run(account.id, account.psp, `g${nextOrder}`, pick(['EUR', 'EUR', 'EUR', 'CHF']), at, tick()).lastInsertRowid,
  );
}

const touch = (orderId: number) => db.prepare('UPDATE orders SET updated_at = ? WHERE id = ?').run(tick(), orderId);

function insertPart(orderId: number): void {
  const b = pick(BRANDS);
  const amount = 100 + Math.floor(rng() * 5000);
  const status = pick(STATUSES);
  const captured = status === 'CAPTURED' ? amount : 0;
  db.prepare(`INSERT INTO parts (order_id, part_key, kind, brand, amount, currency, status, captured_amount, refunded_amount, first_source, created_at, updated_at)
    VALUES (?, ?, ?, ?, ?, 'EUR', ?, ?, ?, 'notification', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')`).run(orderId, `p${rng()}`, b.kind, b.brand, amount, status, captured, captured && rng() < 0.3 ? Math.floor(captured / 2) : 0);
  touch(orderId);
}

const orderOf = (partId: number) => db.prepare('SELECT order_id FROM parts WHERE id = ?').pluck().get(partId) as number;

const ids = (table: string) => db.prepare(`SELECT id FROM ${table}`).pluck().all() as number[];

function randomWrite(): void {
  const roll = rng();
  const orders = ids('orders');
  const parts = ids('parts');
  if (roll < 0.2 || orders.length === 0) insertPart(insertOrder());
  else if (roll < 0.4) insertPart(pick(orders));
  else if (roll < 0.65 && parts.length) {
    // What a new event does to a part: a new status, amounts captured or refunded, the brand learnt.
    const change = pick([
      'status = ?',
      'captured_amount = amount * ?',
      'refunded_amount = refunded_amount + ?',
      "brand = CASE ? WHEN 1 THEN 'SODEXO' ELSE 'APETIZ' END",
      "kind = CASE kind WHEN 'card' THEN 'voucher' ELSE 'card' END, brand = brand || ?",
      'amount = amount + ?',
      'currency = ?',
    ]);
    const value = change.startsWith('status') ? pick(STATUSES) : change.startsWith('currency') ? pick(['EUR', 'CHF']) : change.includes('||') ? '' : Math.floor(rng() * 3);
    const part = pick(parts);
    db.prepare(`UPDATE parts SET ${change} WHERE id = ?`).run(value, part);
    touch(orderOf(part));
  } else if (roll < 0.72 && parts.length) {
    const [part, to] = [pick(parts), pick(orders)];
    touch(orderOf(part));
    db.prepare('UPDATE parts SET order_id = ? WHERE id = ?').run(to, part);
    touch(to);
  } else if (roll < 0.8 && parts.length) {
    const part = pick(parts);
    touch(orderOf(part));
    db.prepare('DELETE FROM parts WHERE id = ?').run(part);
  } else if (roll < 0.92) {
    // An earlier part's time arrives: the order is older than thought (MIN, as the order writer does).
    db.prepare('UPDATE orders SET created_at = MIN(created_at, ?), updated_at = ? WHERE id = ?').run(randomInstant(), tick(), pick(orders));
  } else {
    db.prepare('UPDATE orders SET created_at = ?, updated_at = ? WHERE id = ?').run(randomInstant(), tick(), pick(orders));
  }
}

type Row = Record<string, string | number>;
const key = (r: Row, columns: readonly string[]) => columns.map((c) => r[c]).join('|');
const nonZero = (rows: Row[], values: readonly string[]) => rows.filter((r) => values.some((v) => r[v] !== 0));
const sorted = (rows: Row[], columns: readonly string[]) => [...rows].sort((a, b) => (key(a, columns) < key(b, columns) ? -1 : 1));

/** Sorted into accepted, pending and failed by this file's own lists. */
const ACCEPTED = ['TO_VALIDATE', 'TO_CAPTURE', 'CAPTURED'];
const PENDING = ['PENDING', 'TO_VALIDATE'];
const FAILED = ['REFUSED', 'CANCELLED', 'EXPIRED'];

/** What the totals tables should hold, summed here from the rows. */
function expectedTotals() {
  const orders = db.prepare('SELECT id, account_id, psp, currency, created_at FROM orders').all() as { id: number; account_id: string; psp: string; currency: string; created_at: string }[];
  const parts = db.prepare('SELECT order_id, kind, brand, currency, status, amount, captured_amount, refunded_amount FROM parts').all() as Row[];
  const byId = new Map(orders.map((o) => [o.id, o]));
  const totals = new Map<string, Row>();
  const ids = new Map<string, Set<number>>();
  for (const p of parts) {
    const o = byId.get(p.order_id as number)!;
    const group = { bucket: bucketOf(o.created_at), account_id: o.account_id, psp: o.psp, kind: p.kind!, brand: p.brand!, currency: p.currency! };
    const k = key(group, Object.keys(group));
    const t = totals.get(k) ?? { ...group, orders: 0, parts: 0, gross: 0, refunds: 0, pending_count: 0, pending_amount: 0, failed_count: 0, captured: 0 };
    totals.set(k, t);
    const status = String(p.status);
    t.orders = (ids.get(k) ?? ids.set(k, new Set()).get(k)!).add(o.id).size;
    t.parts = Number(t.parts) + 1;
    t.gross = Number(t.gross) + (ACCEPTED.includes(status) ? Number(p.amount) : 0);
    t.refunds = Number(t.refunds) + Number(p.refunded_amount);
    t.pending_count = Number(t.pending_count) + (PENDING.includes(status) ? 1 : 0);
    t.pending_amount = Number(t.pending_amount) + (PENDING.includes(status) ? Number(p.amount) : 0);
    t.failed_count = Number(t.failed_count) + (FAILED.includes(status) ? 1 : 0);
    t.captured = Number(t.captured) + Number(p.captured_amount);
  }
  const dayOrders = new Map<string, Row>();
  for (const o of orders) {
    const row = { bucket: bucketOf(o.created_at), account_id: o.account_id, psp: o.psp, currency: o.currency };
    const k = key(row, Object.keys(row));
    const r = dayOrders.get(k) ?? { ...row, orders: 0 };
    dayOrders.set(k, r);
    r.orders = Number(r.orders) + 1;
  }
  return {
    totals: [...totals.values()],
    orders: [...dayOrders.values()],
  };
}

function actualTotals() {
  return {
    totals: nonZero(db.prepare('SELECT * FROM daily_totals').all() as Row[], ['orders', 'parts', 'gross', 'refunds', 'pending_count', 'pending_amount', 'failed_count', 'captured']),
    orders: nonZero(db.prepare('SELECT * FROM daily_orders').all() as Row[], ['orders']),
  };
}

function expectEqualTotals() {
  const want = expectedTotals();
  const got = actualTotals();
  const totalsKey = ['bucket', 'account_id', 'psp', 'kind', 'brand', 'currency'];
  expect(sorted(got.totals, totalsKey)).toEqual(sorted(want.totals, totalsKey));
  expect(sorted(got.orders, ['bucket', 'account_id', 'psp', 'currency'])).toEqual(sorted(want.orders, ['bucket', 'account_id', 'psp', 'currency']));
}

beforeAll(() => {
  dir = tempDir();
  storage = SqliteStorage.open(join(dir.path, 'totals.sqlite'));
  db = new Database(join(dir.path, 'totals.sqlite'));
  db.pragma('busy_timeout = 5000');
});
afterAll(async () => {
  db.close();
  await storage.close();
  dir.remove();
});

describe('daily report totals (migration 005)', () => {
  it('equal what the parts and orders add up to after a refresh, whatever was written since', async () => {
    for (let round = 0; round < 12; round++) {
      db.transaction(() => {
        for (let i = 0; i < 150; i++) randomWrite();
      })();
      expect(await storage.reports.refresh()).toBeGreaterThan(0);
      expectEqualTotals();
    }
    expect(ids('parts').length).toBeGreaterThan(200);
    // Nothing changed since: nothing to look at.
    expect(await storage.reports.refresh()).toBe(0);
  });

  it('take more than one page of changed orders in turn', async () => {
    db.transaction(() => {
      for (let i = 0; i < 6_000; i++) insertPart(insertOrder());
    })();
    expect(await storage.reports.refresh()).toBe(6_000);
    expectEqualTotals();
  });

  it('leave due an order changed in the millisecond the refresh started, and count its change next time', async () => {
    const id = insertOrder();
    insertPart(id);
    const far = new Date(Date.now() + 86_400_000).toISOString();
    db.prepare('UPDATE orders SET updated_at = ? WHERE id = ?').run(far, id);
    await storage.reports.refresh();
    expect(db.prepare('SELECT reported_at IS NOT updated_at FROM orders WHERE id = ?').pluck().get(id)).toBe(1);
    expectEqualTotals();
    db.prepare("UPDATE parts SET status = 'CAPTURED', captured_amount = amount WHERE order_id = ?").run(id);
    expect(await storage.reports.refresh()).toBe(1);
    expectEqualTotals();
  });

  it('are built by the migration itself from the orders already there', () => {
    const before = actualTotals();
    db.exec(`DROP INDEX orders_to_report; ALTER TABLE orders DROP COLUMN report_bucket; ALTER TABLE orders DROP COLUMN reported_at;
      DROP TABLE daily_order_parts; DROP TABLE daily_totals; DROP TABLE daily_orders;
      DELETE FROM schema_migrations WHERE version = 5;`);
    expect(migrate(db)).toEqual([5]);
    expectEqualTotals();
    expect(actualTotals().totals.length).toBe(before.totals.length);
    expect(db.prepare('SELECT count(*) FROM orders WHERE reported_at IS NOT updated_at').pluck().get()).toBe(0);
  });
});
