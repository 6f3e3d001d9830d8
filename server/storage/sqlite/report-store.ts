import { PENDING_STATUSES, type DailyReport } from '../../../shared/api-reports';
import { ACCEPTED_STATUSES, FAILED_STATUSES } from '../../../shared/psp';
import { bucketRange, buildDailyReport, type BucketGroup, type BucketOrders } from '../../domain/daily-report';
import type { DailyReportRange, ReportStore } from '../storage';
import type { Db } from './database';
import type { WriteQueue } from './write-queue';

/** `'A', 'B'`: status lists come from shared/ constants, never from input. */
const list = (statuses: readonly string[]) => statuses.map((s) => `'${s}'`).join(', ');

/** Changed orders taken per write job, so a large refresh never holds the writer for long. */
const REFRESH_PAGE = 5000;

/** bucketOf (server/domain/daily-report.ts) in SQL, as migration 005 has it; a test holds them together. */
const BUCKET = (at: string) => `COALESCE(strftime('%Y-%m-%d', ${at}, '+1 hour') || CASE strftime('%H', ${at}) WHEN '22' THEN '+' ELSE '' END, '')`;

const FIGURES = ['parts', 'gross', 'refunds', 'pending_count', 'pending_amount', 'failed_count', 'captured'] as const;

/**
 * The daily report from the running totals of migration 005 (per UTC bucket, account and brand): a
 * range scan of their primary key, a year in a few tens of milliseconds.
 *
 * Before a report is read, the totals catch up with the orders changed since the last refresh, a page
 * at a time and set-based: what each such order added last time (daily_order_parts, in the bucket it
 * was in then) is taken out, and what its parts say now is put in. Only orders whose updated_at
 * predates the refresh are marked done, so a change made in the same millisecond is never lost.
 * An order's account, PSP and currency are taken as never changing (no writer changes them).
 */
export class SqliteReportStore implements ReportStore {
  private readonly read;
  private readonly refreshPage: (after: number) => [count: number, last: number];

  constructor(
    db: Db,
    private readonly writes: WriteQueue,
  ) {
    const filters = '(@account IS NULL OR account_id = @account) AND (@psp IS NULL OR psp = @psp)';
    const groups = db.prepare(`SELECT bucket, account_id AS accountId, psp, kind, brand, currency, orders, parts, gross, refunds,
        pending_count AS pendingCount, pending_amount AS pendingAmount, failed_count AS failedCount, captured
      FROM daily_totals WHERE bucket BETWEEN @first AND @last AND ${filters} AND parts <> 0`);
    const orders = db.prepare(`SELECT bucket, currency, sum(orders) AS orders FROM daily_orders
      WHERE bucket BETWEEN @first AND @last AND ${filters} GROUP BY bucket, currency HAVING sum(orders) <> 0`);
    // Both reads in one transaction: one state of the totals.
    this.read = db.transaction((params: Record<string, string | null>) => ({
      groups: groups.all(params) as BucketGroup[],
      orders: orders.all(params) as BucketOrders[],
    }));

    // The orders of one page; the statements below go from it to the big tables (CROSS JOIN keeps that
    // order: SQLite knows nothing of a temp table's size and would rather scan the snapshots).
    db.exec(`CREATE TEMP TABLE IF NOT EXISTS report_due (id INTEGER PRIMARY KEY, old_bucket TEXT, new_bucket TEXT NOT NULL,
      account_id TEXT NOT NULL, psp TEXT NOT NULL, currency TEXT NOT NULL)`);
    /** The due orders' snapshots added to the totals (sign '') or taken out ('-'), in their old or new bucket. */
    const totals = (side: 'old_bucket' | 'new_bucket', sign: '-' | '') => [
      db.prepare(`INSERT INTO daily_totals (bucket, account_id, psp, kind, brand, currency, orders, ${FIGURES.join(', ')})
        SELECT d.${side}, d.account_id, d.psp, s.kind, s.brand, s.currency, ${sign}count(*), ${FIGURES.map((f) => `${sign}sum(s.${f})`).join(', ')}
        FROM temp.report_due d CROSS JOIN daily_order_parts s ON s.order_id = d.id WHERE d.${side} <> ''
        GROUP BY 1, 2, 3, 4, 5, 6
        ON CONFLICT DO UPDATE SET orders = orders + excluded.orders, ${FIGURES.map((f) => `${f} = ${f} + excluded.${f}`).join(', ')}`),
      db.prepare(`INSERT INTO daily_orders SELECT ${side}, account_id, psp, currency, ${sign}count(*) FROM temp.report_due
        WHERE ${side} <> '' GROUP BY 1, 2, 3, 4 ON CONFLICT DO UPDATE SET orders = orders + excluded.orders`),
    ];
    const steps = {
      clear: db.prepare('DELETE FROM temp.report_due'),
      due: db.prepare(`INSERT INTO temp.report_due SELECT id, report_bucket, ${BUCKET('created_at')}, account_id, psp, currency FROM orders
        WHERE reported_at IS NOT updated_at AND id > ? ORDER BY id LIMIT ${REFRESH_PAGE}`),
      count: db.prepare('SELECT count(*) AS count, max(id) AS last FROM temp.report_due'),
      takeOut: totals('old_bucket', '-'),
      forget: db.prepare('DELETE FROM daily_order_parts WHERE order_id IN (SELECT id FROM temp.report_due)'),
      snapshot: db.prepare(`INSERT INTO daily_order_parts (order_id, kind, brand, currency, ${FIGURES.join(', ')})
        SELECT order_id, kind, brand, currency, count(*),
          sum(CASE WHEN status IN (${list(ACCEPTED_STATUSES)}) THEN amount ELSE 0 END),
          sum(refunded_amount),
          sum(status IN (${list(PENDING_STATUSES)})),
          sum(CASE WHEN status IN (${list(PENDING_STATUSES)}) THEN amount ELSE 0 END),
          sum(status IN (${list(FAILED_STATUSES)})),
          sum(captured_amount)
        FROM parts WHERE order_id IN (SELECT id FROM temp.report_due) GROUP BY 1, 2, 3, 4`),
      putIn: totals('new_bucket', ''),
      done: db.prepare(`UPDATE orders SET report_bucket = (SELECT new_bucket FROM temp.report_due d WHERE d.id = orders.id),
        reported_at = CASE WHEN updated_at < @started THEN updated_at ELSE reported_at END
        WHERE id IN (SELECT id FROM temp.report_due)`),
    };
    this.refreshPage = (after) => {
      const started = new Date().toISOString();
      steps.clear.run();
      steps.due.run(after);
      const { count, last } = steps.count.get() as { count: number; last: number | null };
      if (count === 0) return [0, after];
      for (const s of steps.takeOut) s.run();
      steps.forget.run();
      steps.snapshot.run();
      for (const s of steps.putIn) s.run();
      steps.done.run({ started });
      return [count, last!];
    };
  }

  /** Brings the totals up to date with the orders changed since the last refresh; answers how many orders it took. */
  async refresh(): Promise<number> {
    let seen = 0;
    for (let after = 0, page = 1; page > 0; ) {
      [page, after] = await this.writes.run(() => this.refreshPage(after));
      seen += page;
    }
    return seen;
  }

  async daily(range: DailyReportRange): Promise<DailyReport> {
    await this.refresh();
    const account = range.account ?? null;
    const psp = range.psp ?? null;
    const { groups, orders } = this.read({ ...bucketRange(range.from, range.to), account, psp });
    return buildDailyReport({ from: range.from, to: range.to, account, psp, groups, orders });
  }
}
