import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fillOrders } from '../../bench/report-fill';
import { ORDER_SORT_FIELDS, OrdersQuerySchema, type OrderList, type OrdersQuery } from '../../shared/api';
import { addDays, parisDayStart } from '../../shared/time';
import { openDatabase, type Db } from '../../server/storage/sqlite/database';
import { ORDER_COUNT_CAP, SqliteStorage } from '../../server/storage/sqlite/sqlite-storage';

/**
 * listOrders against a real SQLite file of 60,000 orders over 90 days (bench/report-fill.ts): more than
 * the count's cap in total, per status, account and month, so every way it finds a page is used (the
 * leading index, a sort's own index, an amount bound from a sample, a rare brand through its parts).
 * Each page and count is compared with the plain query that scans and sorts everything.
 */
const ORDERS = 60_000;
const LAST_DAY = '2026-11-22';
const MONTH = { from: addDays(LAST_DAY, -29), to: LAST_DAY };

let dir: string;
let db: Db;
let storage: SqliteStorage;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'orders-list-'));
  const path = join(dir, 'split-recon.sqlite');
  db = openDatabase(path);
  fillOrders(db, { count: ORDERS, from: parisDayStart(addDays(LAST_DAY, -89)), to: parisDayStart(addDays(LAST_DAY, 1)) });
  storage = SqliteStorage.open(path);
});

afterAll(async () => {
  await storage?.close();
  db?.close();
  rmSync(dir, { recursive: true, force: true });
});

const bound = (value: string, end: boolean) => (value.includes('T') ? new Date(value).toISOString() : parisDayStart(end ? addDays(value, 1) : value).toISOString());

/** Every matching order id in the page's order, by the plainest SQL: what listOrders must agree with. */
function plain(q: OrdersQuery): number[] {
  const where: string[] = [];
  const params: Record<string, unknown> = {};
  if (q.q) {
    params.q = q.q;
    where.push(`(reference = @q OR call_number = @q OR group_key = @q OR customer_email = @q COLLATE NOCASE OR substr(reference, 1, length(@q)) = @q
      OR id IN (SELECT order_id FROM parts WHERE psp_transaction_id = @q OR authorisation_id = @q OR pan_last4 = @q))`);
  }
  if (q.status) (where.push('status = @status'), (params.status = q.status));
  if (q.psp) (where.push('psp = @psp'), (params.psp = q.psp));
  if (q.account) (where.push('account_id = @account'), (params.account = q.account));
  if (q.brand) (where.push('id IN (SELECT order_id FROM parts WHERE brand = @brand)'), (params.brand = q.brand));
  if (q.from) (where.push('created_at >= @from'), (params.from = bound(q.from, false)));
  if (q.to) (where.push(q.to.includes('T') ? 'created_at <= @to' : 'created_at < @to'), (params.to = bound(q.to, true)));
  const d = q.dir === 'asc' ? 'ASC' : 'DESC';
  const column = { createdAt: 'created_at', amount: 'amount', voucherAmount: 'voucher_amount', cardAmount: 'card_amount', reference: 'reference', status: 'status' }[q.sort];
  const order = q.sort === 'status' ? `status ${d}, created_at ${d}, id ${d}` : `${column} ${d}, id ${d}`;
  return db.prepare(`SELECT id FROM orders NOT INDEXED ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY ${order}`).pluck().all(params) as number[];
}

async function expectAsPlain(input: Partial<OrdersQuery>): Promise<{ list: OrderList; matching: number }> {
  const q = OrdersQuerySchema.parse(input);
  const all = plain(q);
  const list = await storage.listOrders(q);
  const label = JSON.stringify(input);
  expect(list.items.map((o) => o.id), label).toEqual(all.slice(q.offset, q.offset + q.limit));
  // Exact up to the cap (or the next multiple of it when the page is past it), a lower bound beyond.
  const cap = ORDER_COUNT_CAP * Math.ceil((q.offset + q.limit + 1) / ORDER_COUNT_CAP);
  expect({ total: list.total, totalIsLowerBound: list.totalIsLowerBound }, label).toEqual(
    all.length > cap ? { total: cap, totalIsLowerBound: true } : { total: all.length, totalIsLowerBound: false },
  );
  return { list, matching: all.length };
}

const FILTERS: Partial<OrdersQuery>[] = [
  {},
  { status: 'paid' },
  { status: 'refused' },
  { psp: 'sips' },
  { account: 'up2pay-shop' },
  { brand: 'APETIZ' },
  // CB is also in LIMOCB: the brand matches whole names only.
  { brand: 'CB' },
  { brand: 'CVCONNECT' },
  { brand: 'LIMOCB', status: 'paid' },
  MONTH,
  { ...MONTH, psp: 'axepta' },
  { ...MONTH, account: 'sips-shop', brand: 'SODEXO' },
  { status: 'split_inconsistent', psp: 'axepta' },
  { from: LAST_DAY, to: LAST_DAY },
  { from: `${addDays(LAST_DAY, -3)}T10:00:00Z`, to: `${addDays(LAST_DAY, -3)}T12:00:00Z`, status: 'paid' },
  { q: 'CMD-1234' },
  { q: 'CMD-1234', status: 'paid', account: 'axepta-shop' },
  { q: 'client.42@example.fr', brand: 'CB' },
];

describe('listOrders on 60,000 orders', () => {
  it('uses data that exercises the cap and both ways of filtering by brand', () => {
    const parts = (brand: string) => db.prepare('SELECT count(*) FROM parts WHERE brand = ?').pluck().get(brand) as number;
    expect(parts('APETIZ')).toBeGreaterThan(ORDER_COUNT_CAP);
    expect(parts('CVCONNECT')).toBeLessThan(ORDER_COUNT_CAP);
    expect(plain(OrdersQuerySchema.parse(MONTH)).length).toBeGreaterThan(ORDER_COUNT_CAP);
  });

  it('gives the page and count of the plain query for every filter, sort and direction', async () => {
    for (const filter of FILTERS) for (const sort of ORDER_SORT_FIELDS) for (const dir of ['asc', 'desc'] as const) await expectAsPlain({ ...filter, sort, dir });
  });

  it('pages past the cap, always knowing whether a next page follows', async () => {
    for (const query of [{}, { status: 'paid' as const }, { ...MONTH, sort: 'amount' as const }, { sort: 'reference' as const, dir: 'asc' as const }, { brand: 'APETIZ', sort: 'status' as const }]) {
      for (const offset of [ORDER_COUNT_CAP - 50, ORDER_COUNT_CAP, 3 * ORDER_COUNT_CAP + 7]) {
        const { list, matching } = await expectAsPlain({ ...query, offset, limit: 50 });
        if (matching > offset + 50) expect(list.total).toBeGreaterThan(offset + 50);
      }
    }
  });

  it('counts exactly under the cap: a day, a rare brand, a search', async () => {
    for (const query of [{ from: LAST_DAY, to: LAST_DAY }, { brand: 'CVCONNECT' }, { q: 'CMD-1234' }]) {
      const { list, matching } = await expectAsPlain(query);
      expect(list).toMatchObject({ total: matching, totalIsLowerBound: false });
    }
  });

  it('matches a brand only by its whole name, whatever the characters', async () => {
    for (const brand of ['C', 'MOCB', 'CB,', ',', '%', 'APETIZ,CB', 'NOPE']) await expectAsPlain({ brand });
  });

  it('stays exact when amounts drift in time and the sample for an amount sort misleads', async () => {
    // The oldest orders now have the largest amounts: the first ones the leading index reads, the
    // sample, set a bound only 40 orders pass, a short page, and the whole range is sorted instead.
    db.exec("UPDATE orders SET amount = 100000000 - CAST((julianday(created_at) - 2461000) * 86400 AS INTEGER)");
    for (const filter of [{}, { status: 'paid' as const }, MONTH, { account: 'up2pay-shop' }])
      for (const sort of ['amount', 'voucherAmount'] as const) for (const dir of ['asc', 'desc'] as const) await expectAsPlain({ ...filter, sort, dir });
  });
});
