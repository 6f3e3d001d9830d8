import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { OrdersQuerySchema, type OrdersQuery } from '../shared/api';
import { addDays, parisDayStart } from '../shared/time';
import { openDatabase } from '../server/storage/sqlite/database';
import { SqliteStorage } from '../server/storage/sqlite/sqlite-storage';
import { seededRandom } from '../sandbox/orders';
import { fillOrders } from './report-fill';

/**
 * `npm run bench:report`: a fresh SQLite file filled with a year of orders (BENCH_ORDERS, default
 * 1,000,000, with their parts) written directly with SQL, then:
 *   - the first refresh of the report totals (every order new to them);
 *   - the daily report over the whole year, totals up to date (median of several runs), also for one account;
 *   - the same after a morning's changes (new orders, captures, refunds on older ones): refresh included;
 *   - the same report computed directly by GROUP BY over parts JOIN orders, the way without totals;
 *   - a page of the Orders list (storage.listOrders: count and page) for different filters and sorts, p95.
 */
const ORDERS = Number(process.env.BENCH_ORDERS ?? 1_000_000);
const RUNS = 7;
const LAST_DAY = '2026-11-22';
const FIRST_DAY = addDays(LAST_DAY, -364);

const ms = (started: bigint) => Number(process.hrtime.bigint() - started) / 1e6;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)]!;
const f = (n: number) => n.toLocaleString('en', { maximumFractionDigits: 0 });

async function timed<T>(fn: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  const started = process.hrtime.bigint();
  const value = await fn();
  return { ms: ms(started), value };
}

const dir = mkdtempSync(join(tmpdir(), 'bench-report-'));
const path = join(dir, 'split-recon.sqlite');
try {
  const from = parisDayStart(FIRST_DAY);
  const to = parisDayStart(addDays(LAST_DAY, 1));
  const db = openDatabase(path);
  const fill = await timed(() =>
    fillOrders(db, { count: ORDERS, from, to, progress: (n) => process.stderr.write(`\rfilling: ${f(n)} orders`) }),
  );
  process.stderr.write('\n');
  const parts = db.prepare('SELECT count(*) FROM parts').pluck().get() as number;
  const storage = SqliteStorage.open(path);
  const year = { from: FIRST_DAY, to: LAST_DAY };

  const cold = await timed(() => storage.reports.refresh());
  const warm: number[] = [];
  let report = await storage.reports.daily(year);
  for (let i = 0; i < RUNS; i++) warm.push((await timed(async () => (report = await storage.reports.daily(year)))).ms);
  const oneAccount: number[] = [];
  for (let i = 0; i < RUNS; i++) oneAccount.push((await timed(() => storage.reports.daily({ ...year, account: 'up2pay-shop' }))).ms);
  const total = report.totals.find((t) => t.currency === 'EUR')!;

  // A morning, five times: a day's new orders (a 365th of the year's), and refunds on 300 captured parts of older orders.
  const rng = seededRandom(9);
  const morning: number[] = [];
  let changed = 0;
  const captured = db.prepare("SELECT id, order_id FROM parts WHERE status = 'CAPTURED' AND id > ? LIMIT 1").raw();
  const refund = db.prepare('UPDATE parts SET refunded_amount = refunded_amount + 100 WHERE id = ?');
  const touch = db.prepare('UPDATE orders SET updated_at = ? WHERE id = ?');
  for (let i = 0; i < 5; i++) {
    const day = addDays(LAST_DAY, -4 + i);
    const count = Math.round(ORDERS / 365);
    fillOrders(db, { count, first: ORDERS + i * count, seed: 100 + i, from: parisDayStart(day), to: parisDayStart(addDays(day, 1)) });
    db.transaction(() => {
      for (let r = 0; r < 300; r++) {
        const found = captured.get(Math.floor(rng() * parts)) as [number, number] | undefined;
        if (!found) continue;
        const [partId, orderId] = found;
        refund.run(partId);
        touch.run(new Date().toISOString(), orderId);
      }
    })();
    changed = count + 300;
    morning.push((await timed(() => storage.reports.daily(year))).ms);
  }

  // Without totals: the same figures by GROUP BY over parts JOIN orders, Paris days by UTC bounds in a CASE.
  const direct = await timed(() => {
    const bounds: string[] = [];
    for (let day = FIRST_DAY; day <= LAST_DAY; day = addDays(day, 1)) bounds.push(`WHEN o.created_at < '${parisDayStart(addDays(day, 1)).toISOString()}' THEN '${day}'`);
    return db
      .prepare(`SELECT CASE ${bounds.join(' ')} END AS day, o.account_id, p.kind, p.brand, p.currency, count(DISTINCT o.id), count(*),
        sum(CASE WHEN p.status IN ('TO_VALIDATE', 'TO_CAPTURE', 'CAPTURED') THEN p.amount ELSE 0 END), sum(p.refunded_amount),
        sum(CASE WHEN p.status IN ('PENDING', 'TO_VALIDATE') THEN p.amount ELSE 0 END), sum(p.captured_amount)
        FROM orders o JOIN parts p ON p.order_id = o.id WHERE o.created_at >= ? AND o.created_at < ? GROUP BY 1, 2, 3, 4, 5`)
      .all(from.toISOString(), to.toISOString()).length;
  });

  // The Orders page: the filters and sorts people use, each several times.
  const month = { from: addDays(LAST_DAY, -30), to: LAST_DAY };
  const queries: Partial<OrdersQuery>[] = [
    {},
    { status: 'paid' },
    { status: 'refused', sort: 'amount', dir: 'desc' },
    { psp: 'sips', ...month },
    { account: 'up2pay-shop', sort: 'voucherAmount', dir: 'desc' },
    { brand: 'APETIZ', ...month },
    { q: 'CMD-123456' },
    { q: 'client.42@example.fr' },
    { ...month, sort: 'amount', dir: 'asc' },
    { status: 'split_inconsistent', psp: 'axepta' },
    { offset: 5000 },
    { from: LAST_DAY, to: LAST_DAY, sort: 'amount', dir: 'desc' },
  ];
  const pageTimes: number[] = [];
  const perQuery: string[] = [];
  for (const q of queries) {
    const query = OrdersQuerySchema.parse(q);
    const times: number[] = [];
    for (let i = 0; i < 5; i++) times.push((await timed(() => storage.listOrders(query))).ms);
    pageTimes.push(...times);
    perQuery.push(`    ${JSON.stringify(q).padEnd(58)} ${median(times).toFixed(1)} ms`);
  }

  // The reconciliation pass reads each part's events: one notification per part, as if every order had been notified.
  const events = await timed(() =>
    db
      .prepare(`INSERT INTO part_events (part_id, source, status, amount, response_code, occurred_at, recorded_at, fingerprint, data)
        SELECT p.id, 'notification', p.status, p.amount, '00', o.created_at, o.created_at, 'bench:' || p.id, '{"observation":{},"orderAnomalies":[]}'
        FROM parts p JOIN orders o ON o.id = p.order_id`)
      .run().changes,
  );
  const pass = await timed(() => storage.discrepancies.reconcile('all', new Date(`${LAST_DAY}T12:00:00Z`)));
  await storage.close();
  db.close();
  console.log(`Report benchmark: ${f(ORDERS)} orders, ${f(parts)} parts from ${FIRST_DAY} to ${LAST_DAY} (${(statSync(path).size / 1e6).toFixed(0)} MB), ${cpus().length} CPUs, Node ${process.version}`);
  console.log(`  fill (SQL, 50,000 orders per transaction)        ${(fill.ms / 1000).toFixed(1)} s`);
  console.log(`  first refresh of the totals (every order new)   ${(cold.ms / 1000).toFixed(1)} s  (${f(cold.value)} orders)`);
  console.log(`  daily report, the year, totals up to date       median ${median(warm).toFixed(1)} ms  (runs: ${warm.map((t) => t.toFixed(0)).join(', ')})`);
  console.log(`  the same, one account                           median ${median(oneAccount).toFixed(1)} ms`);
  console.log(`  the year after a morning (${f(changed)} orders changed) median ${median(morning).toFixed(1)} ms  (runs: ${morning.map((t) => t.toFixed(0)).join(', ')})`);
  console.log(`  the year by GROUP BY over parts JOIN orders      ${(direct.ms / 1000).toFixed(1)} s  (${f(direct.value)} rows; no totals)`);
  console.log(`  Orders page (listOrders), ${queries.length} filters x 5      p95 ${percentile(pageTimes, 95).toFixed(1)} ms, median ${median(pageTimes).toFixed(1)} ms`);
  console.log(perQuery.join('\n'));
  console.log(`  full reconciliation pass                        ${(pass.ms / 1000).toFixed(1)} s  (${f(pass.value.orders)} orders, ${f(pass.value.opened)} discrepancies opened; ${f(events.value)} events written first in ${(events.ms / 1000).toFixed(1)} s)`);
  console.log(`  year totals: ${f(total.orders)} orders, ${f(total.parts)} parts, gross ${f(total.gross / 100)} EUR, refunds ${f(total.refunds / 100)} EUR`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
