import type { Anomaly } from '../../../shared/api';
import { DISCREPANCY_TYPES, type Discrepancy, type DiscrepanciesQuery, type DiscrepancyCounts, type DiscrepancyList, type DiscrepancyType, type Evidence } from '../../../shared/discrepancies';
import type { PartKind, PartStatus, Psp } from '../../../shared/psp';
import type { PartOperation } from '../../domain/part-state';
import { reconcile, type Found, type OrderFacts } from '../../domain/reconcile';
import type { Actor, DiscrepancyStore, ReconcileScope, ReconcileSummary } from '../storage';
import type { AuditWriter } from './audit-store';
import type { Db } from './database';
import { likeLiteral } from './like';
import type { WriteQueue } from './write-queue';

interface DiscrepancyRow {
  id: number;
  order_id: number;
  part_key: string;
  type: Discrepancy['type'];
  status: Discrepancy['status'];
  reason: string;
  amount: number;
  currency: string;
  account_id: string;
  psp: Psp;
  brand: string | null;
  evidence: string;
  opened_at: string;
  updated_at: string;
  handled_by: string | null;
  note: string | null;
  closed_at: string | null;
  reference?: string | null;
}

interface OrderFactsRow {
  id: number;
  psp: Psp;
  account_id: string;
  currency: string;
  expected_amount: number | null;
  voucher_amount: number;
  card_amount: number;
  anomalies: string;
}

interface PartFactsRow {
  id: number;
  order_id: number;
  part_key: string;
  kind: PartKind;
  brand: string;
  amount: number;
  status: PartStatus;
}

interface EventFactsRow {
  part_id: number;
  source: OrderFacts['parts'][number]['events'][number]['source'];
  amount: number | null;
  status: PartStatus | null;
  inbox_id: number | null;
  report_line_id: number | null;
  import_id: number | null;
  line: number | null;
  occurred_at: string | null;
  recorded_at: string;
  operation: string | null;
  order_amount: number | null;
}

/** Orders reconciled per transaction: big enough to be quick, small enough not to hold the writer long. */
const PAGE = 1000;
const ACTIVE = "('open', 'acknowledged')";

export class SqliteDiscrepancyStore implements DiscrepancyStore {
  private readonly stmt;

  constructor(
    private readonly db: Db,
    private readonly writes: WriteQueue,
    private readonly audit: AuditWriter,
  ) {
    this.stmt = {
      dirty: db.prepare('SELECT id FROM orders WHERE (reconciled_at IS NULL OR reconciled_at < updated_at) AND id > ? ORDER BY id LIMIT ?'),
      all: db.prepare('SELECT id FROM orders WHERE id > ? ORDER BY id LIMIT ?'),
      pending: db.prepare("SELECT id FROM orders WHERE status IN ('pending', 'partially_pending') AND id > ? ORDER BY id LIMIT ?"),
      coverage: db.prepare("SELECT account_id, covers_from, covers_to FROM import_files WHERE status = 'applied' AND kind = 'transactions' AND covers_from IS NOT NULL"),
      existing: db.prepare('SELECT * FROM discrepancies WHERE order_id = ?'),
      insert: db.prepare(`INSERT INTO discrepancies (order_id, part_key, type, reason, amount, currency, account_id, psp, brand, evidence,
        opened_at, updated_at) VALUES (@orderId, @partKey, @type, @reason, @amount, @currency, @accountId, @psp, @brand, @evidence, @now, @now)`),
      refresh: db.prepare('UPDATE discrepancies SET reason = @reason, amount = @amount, evidence = @evidence, updated_at = @now WHERE id = @id'),
      reopen: db.prepare(`UPDATE discrepancies SET status = 'open', reason = @reason, amount = @amount, evidence = @evidence, updated_at = @now,
        handled_by = NULL, note = NULL, closed_at = NULL WHERE id = @id`),
      close: db.prepare(`UPDATE discrepancies SET status = 'closed', updated_at = @now, closed_at = @now, handled_by = 'reconciliation',
        note = 'later data agrees' WHERE id = @id`),
      reconciled: db.prepare('UPDATE orders SET reconciled_at = ? WHERE id = ?'),
      byId: db.prepare('SELECT d.*, o.reference FROM discrepancies d JOIN orders o ON o.id = d.order_id WHERE d.id = ?'),
      // Acknowledging takes an open one; resolving, an open or acknowledged one. Nothing handled is handled again.
      handle: db.prepare(`UPDATE discrepancies SET status = @status, handled_by = @by, note = @note, updated_at = @now,
        closed_at = CASE WHEN @status = 'resolved' THEN @now ELSE closed_at END
        WHERE id = @id AND (status = 'open' OR (@status = 'resolved' AND status = 'acknowledged'))`),
    };
  }

  /**
   * Reconciles a page of orders at a time, each page its own transaction: finds what disagrees,
   * opens what is new, refreshes what is still there, closes what later data settled.
   */
  async reconcile(scope: ReconcileScope, now: Date): Promise<ReconcileSummary> {
    const summary: ReconcileSummary = { orders: 0, opened: 0, closed: 0 };
    const select = scope === 'dirty' ? this.stmt.dirty : scope === 'pending' ? this.stmt.pending : this.stmt.all;
    const covers = this.coverage();
    for (let after = 0; ; ) {
      const page = await this.writes.run(() => {
        const ids = select.pluck().all(after, PAGE) as number[];
        if (ids.length) this.reconcileOrders(ids, now, covers, summary);
        return ids;
      });
      if (page.length < PAGE) return summary;
      after = page[page.length - 1]!;
    }
  }

  /** The Paris days each account's transactions reports cover. */
  private coverage(): (accountId: string, day: string) => boolean {
    const ranges = this.stmt.coverage.all() as { account_id: string; covers_from: string; covers_to: string }[];
    return (accountId, day) => ranges.some((r) => r.account_id === accountId && r.covers_from <= day && day <= r.covers_to);
  }

  private reconcileOrders(ids: readonly number[], now: Date, reportCovers: (a: string, d: string) => boolean, summary: ReconcileSummary): void {
    const at = now.toISOString();
    for (const facts of this.facts(ids)) {
      const found = reconcile(facts, { now, reportCovers });
      const brands = new Map(facts.parts.map((p) => [p.partKey, p.brand]));
      const existing = new Map((this.stmt.existing.all(facts.orderId) as DiscrepancyRow[]).map((r) => [`${r.part_key}\u0000${r.type}`, r]));
      for (const f of found) {
        const key = `${f.partKey ?? ''}\u0000${f.type}`;
        const row = existing.get(key);
        existing.delete(key);
        const values = { reason: f.reason, amount: f.amount, evidence: JSON.stringify(f.evidence), now: at };
        if (!row) {
          this.stmt.insert.run({ ...values, orderId: facts.orderId, partKey: f.partKey ?? '', type: f.type, currency: facts.currency, accountId: facts.accountId, psp: facts.psp, brand: f.partKey ? brands.get(f.partKey) ?? null : null });
          summary.opened++;
        } else if (row.status === 'closed') {
          this.stmt.reopen.run({ ...values, id: row.id });
          summary.opened++;
        } else if (row.status !== 'resolved' && changed(row, f)) {
          this.stmt.refresh.run({ ...values, id: row.id });
        }
      }
      for (const row of existing.values()) {
        if (row.status === 'open' || row.status === 'acknowledged') {
          this.stmt.close.run({ id: row.id, now: at });
          summary.closed++;
        }
      }
      this.stmt.reconciled.run(at, facts.orderId);
      summary.orders++;
    }
  }

  /** Orders with their parts and, per part, where each source's word is: three queries per page. */
  private facts(ids: readonly number[]): OrderFacts[] {
    const list = `(${ids.join(',')})`;
    const orders = this.db.prepare(`SELECT id, psp, account_id, currency, expected_amount, voucher_amount, card_amount, anomalies FROM orders WHERE id IN ${list}`).all() as OrderFactsRow[];
    const parts = this.db.prepare(`SELECT id, order_id, part_key, kind, brand, amount, status FROM parts WHERE order_id IN ${list} ORDER BY id`).all() as PartFactsRow[];
    const events = this.db
      .prepare(`SELECT e.part_id, e.source, e.amount, e.status, e.inbox_id, e.report_line_id, rl.import_id, rl.line, rl.order_amount, e.occurred_at, e.recorded_at,
          json_extract(e.data, '$.operation') AS operation
        FROM part_events e JOIN parts p ON p.id = e.part_id LEFT JOIN report_lines rl ON rl.id = e.report_line_id
        WHERE p.order_id IN ${list} ORDER BY e.id`)
      .all() as EventFactsRow[];
    const eventsOf = new Map<number, EventFactsRow[]>();
    for (const e of events) eventsOf.set(e.part_id, [...(eventsOf.get(e.part_id) ?? []), e]);
    return orders.map((o) => ({
      orderId: o.id,
      psp: o.psp,
      accountId: o.account_id,
      currency: o.currency,
      expectedAmount: o.expected_amount,
      voucherAmount: o.voucher_amount,
      cardAmount: o.card_amount,
      anomalies: JSON.parse(o.anomalies) as Anomaly[],
      parts: parts
        .filter((p) => p.order_id === o.id)
        .map((p) => ({
          partKey: p.part_key,
          kind: p.kind,
          brand: p.brand,
          amount: p.amount,
          status: p.status,
          events: (eventsOf.get(p.id) ?? []).map((e) => ({
            source: e.source,
            amount: e.amount,
            status: e.status,
            inboxId: e.inbox_id,
            reportLine: e.report_line_id === null ? null : { id: e.report_line_id, importId: e.import_id!, line: e.line! },
            occurredAt: e.occurred_at,
            recordedAt: e.recorded_at,
            operation: e.operation ? (JSON.parse(e.operation) as PartOperation) : null,
            statedTotal: e.order_amount,
          })),
        })),
    }));
  }

  async list(q: DiscrepanciesQuery): Promise<DiscrepancyList> {
    const { clause, params } = this.filters(q);
    const total = this.db.prepare(`SELECT count(*) FROM discrepancies d ${clause}`).pluck().get(params) as number;
    const rows = this.db
      .prepare(`SELECT d.*, o.reference FROM discrepancies d JOIN orders o ON o.id = d.order_id ${clause} ORDER BY d.opened_at DESC, d.id DESC LIMIT @limit OFFSET @offset`)
      .all({ ...params, limit: q.limit, offset: q.offset }) as DiscrepancyRow[];
    return { items: rows.map(discrepancy), total };
  }

  async counts(q: Omit<DiscrepanciesQuery, 'type' | 'limit' | 'offset'>): Promise<DiscrepancyCounts> {
    const { clause, params } = this.filters(q);
    const rows = this.db.prepare(`SELECT d.type, count(*) AS n FROM discrepancies d ${clause} GROUP BY d.type`).all(params) as { type: DiscrepancyType; n: number }[];
    const byType = Object.fromEntries(DISCREPANCY_TYPES.map((t) => [t, rows.find((r) => r.type === t)?.n ?? 0])) as DiscrepancyCounts['byType'];
    return { byType, total: rows.reduce((sum, r) => sum + r.n, 0) };
  }

  private filters(q: Omit<DiscrepanciesQuery, 'limit' | 'offset' | 'type'> & { type?: DiscrepancyType }): { clause: string; params: Record<string, unknown> } {
    const where: string[] = [];
    const params: Record<string, unknown> = {};
    if (q.status === 'active') where.push(`d.status IN ${ACTIVE}`);
    else (where.push('d.status = @status'), (params.status = q.status));
    if (q.type) (where.push('d.type = @type'), (params.type = q.type));
    if (q.psp) (where.push('d.psp = @psp'), (params.psp = q.psp));
    if (q.account) (where.push('d.account_id = @account'), (params.account = q.account));
    if (q.brand) (where.push("d.brand LIKE @brand ESCAPE '\\'"), (params.brand = likeLiteral(q.brand)));
    if (q.orderId) (where.push('d.order_id = @orderId'), (params.orderId = q.orderId));
    if (q.minAmount !== undefined) (where.push('d.amount >= @minAmount'), (params.minAmount = q.minAmount));
    if (q.minAgeDays !== undefined) (where.push('d.opened_at <= @openedBefore'), (params.openedBefore = new Date(Date.now() - q.minAgeDays * 86_400_000).toISOString()));
    return { clause: `WHERE ${where.join(' AND ')}`, params };
  }

  async get(id: number): Promise<Discrepancy | null> {
    const row = this.stmt.byId.get(id) as DiscrepancyRow | undefined;
    return row ? discrepancy(row) : null;
  }

  acknowledge(ids: readonly number[], actor: Actor, note: string | null): Promise<number> {
    return this.writes.run(() => {
      let done = 0;
      const now = new Date().toISOString();
      for (const id of ids) {
        if (this.stmt.handle.run({ id, status: 'acknowledged', by: actor.label, note, now }).changes) {
          this.audit(actor, { action: 'discrepancy.acknowledged', objectType: 'discrepancy', objectId: id, detail: note ?? undefined });
          done++;
        }
      }
      return done;
    });
  }

  resolve(id: number, note: string, actor: Actor): Promise<Discrepancy | null> {
    return this.writes.run(() => {
      const before = this.stmt.byId.get(id) as DiscrepancyRow | undefined;
      if (!before) return null;
      if (this.stmt.handle.run({ id, status: 'resolved', by: actor.label, note, now: new Date().toISOString() }).changes) {
        this.audit(actor, { action: 'discrepancy.resolved', objectType: 'discrepancy', objectId: id, before: { status: before.status }, after: { status: 'resolved' }, detail: note });
      }
      return discrepancy(this.stmt.byId.get(id) as DiscrepancyRow);
    });
  }
}

function changed(row: DiscrepancyRow, f: Found): boolean {
  return row.reason !== f.reason || row.amount !== f.amount || row.evidence !== JSON.stringify(f.evidence);
}

function discrepancy(r: DiscrepancyRow): Discrepancy {
  return {
    id: r.id,
    type: r.type,
    status: r.status,
    reason: r.reason,
    amount: r.amount,
    currency: r.currency,
    orderId: r.order_id,
    orderReference: r.reference ?? null,
    partKey: r.part_key || null,
    accountId: r.account_id,
    psp: r.psp,
    brand: r.brand,
    evidence: JSON.parse(r.evidence) as Evidence,
    openedAt: r.opened_at,
    updatedAt: r.updated_at,
    handledBy: r.handled_by,
    note: r.note,
    closedAt: r.closed_at,
  };
}

