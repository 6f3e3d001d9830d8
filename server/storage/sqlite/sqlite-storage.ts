import type { Anomaly, InboxDetail, InboxList, InboxQuery, InboxSummary, OrderList, OrderSummary, OrdersQuery, PartEvent } from '../../../shared/api';
import { brandLabel } from '../../../shared/brands';
import { addDays, parisDayStart } from '../../../shared/time';
import type { OrderObservation } from '../../domain/observation';
import type { EventSource, PartOperation } from '../../domain/part-state';
import { decodeText } from '../../bytes';
import type { Applied, AppliedToOrder, RawRequest, Recorded, Rejection, Storage, StoredOrder, StoredRequest, Verdict } from '../storage';
import { auditWriter, SqliteAuditStore } from './audit-store';
import { SqliteAuthStore } from './auth-store';
import { SqliteDiscrepancyStore } from './discrepancy-store';
import { SqliteReportStore } from './report-store';
import { SqliteImportStore } from './import-store';
import { Checkpointer } from './checkpointer';
import { openDatabase, type Db, type OpenOptions, type SharedConnection } from './database';
import { SqliteOperationStore } from './operation-store';
import { OrderWriter } from './order-writer';
import { applyOnSignal, InboxApplier, workerApplier, type ApplyDriver } from './inbox-applier';
import { QueueSignal } from './queue-signal';
import { WriteLock } from './write-lock';
import { WriteQueue } from './write-queue';

interface InboxRow {
  id: number;
  received_at: string;
  psp: string;
  account_id: string;
  method: string;
  path: string;
  query: string;
  headers: string;
  body: Buffer;
  body_size: number;
  body_truncated: number;
  remote_address: string | null;
  verification: InboxSummary['verification'];
  verification_detail: string | null;
  outcome: InboxSummary['outcome'];
  http_status: number | null;
  error_code: string | null;
  error_message: string | null;
  error_field: string | null;
  order_id: number | null;
  order_reference: string | null;
  replay_of: number | null;
  processed_at: string | null;
  observation: string | null;
}

interface OrderRow {
  id: number;
  account_id: string;
  psp: OrderSummary['psp'];
  group_key: string;
  reference: string | null;
  call_number: string | null;
  currency: string;
  expected_amount: number | null;
  amount: number;
  voucher_amount: number;
  card_amount: number;
  status: OrderSummary['status'];
  brands: string;
  part_count: number;
  anomalies: string;
  customer_email: string | null;
  created_at: string;
  updated_at: string;
}

interface PartRow {
  id: number;
  order_id: number;
  part_key: string;
  kind: 'voucher' | 'card';
  brand: string;
  amount: number;
  currency: string;
  status: StoredOrder['parts'][number]['status'];
  psp_transaction_id: string | null;
  authorisation_id: string | null;
  masked_pan: string | null;
  response_code: string | null;
  response_message: string | null;
  captured_amount: number;
  refunded_amount: number;
  capture_due_at: string | null;
  paid_at: string | null;
  anomalies: string;
  first_source: 'notification' | 'transactions_report';
}

interface EventRow {
  id: number;
  part_id: number;
  inbox_id: number | null;
  report_line_id: number | null;
  source: EventSource;
  status: PartEvent['status'];
  amount: number | null;
  response_code: string | null;
  message: string | null;
  occurred_at: string | null;
  recorded_at: string;
  fingerprint: string;
  data: string;
}


/** The order's reference, which support recognises, beside its id. */
const ORDER_REFERENCE = '(SELECT reference FROM orders WHERE orders.id = inbox.order_id) AS order_reference';
const INBOX_SUMMARY_COLUMNS = `id, received_at, psp, account_id, method, path, body_size, remote_address, verification,
  verification_detail, outcome, http_status, error_code, error_message, error_field, order_id, replay_of, ${ORDER_REFERENCE}`;

/**
 * The Orders page counts at most this many orders (more pages ahead: up to the next multiple): past it,
 * the total is a lower bound. Counting is what made a wide filter slow (847,000 paid orders: 40 ms).
 */
export const ORDER_COUNT_CAP = 10_000;

/**
 * Each sort as SQL, ties broken by id. A status sort is newest first within a status: the order of the
 * status index (migration 008), which a page can then walk instead of sorting every order.
 */
const ORDER_BY: Record<OrdersQuery['sort'], (dir: string) => string> = {
  createdAt: (d) => `o.created_at ${d}, o.id ${d}`,
  amount: (d) => `o.amount ${d}, o.id ${d}`,
  voucherAmount: (d) => `o.voucher_amount ${d}, o.id ${d}`,
  cardAmount: (d) => `o.card_amount ${d}, o.id ${d}`,
  reference: (d) => `o.reference ${d}, o.id ${d}`,
  status: (d) => `o.status ${d}, o.created_at ${d}, o.id ${d}`,
};

/** The amount sorts: no index is in their order (migration 008). */
const AMOUNT_COLUMNS: Partial<Record<OrdersQuery['sort'], string>> = { amount: 'amount', voucherAmount: 'voucher_amount', cardAmount: 'card_amount' };
/** How many orders of a wide filter are read to bound an amount sort. */
const AMOUNT_SAMPLE = 2_000;

/** The index whose order is the sort's, for a page of a wide filter to walk (the amounts have none: see migration 008). */
const SORT_INDEX: Partial<Record<OrdersQuery['sort'], string>> = {
  status: 'orders_list_status',
  reference: 'orders_reference',
};

/** Request headers that may carry credentials are never stored. */
const UNSTORED_HEADERS = new Set(['authorization', 'cookie', 'proxy-authorization']);

function storableHeaders(headers: Record<string, string>): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const name in headers) if (!UNSTORED_HEADERS.has(name.toLowerCase())) kept[name] = headers[name]!;
  return kept;
}

/** A bare date means the whole Paris day: `from` is its start, `to` its end. */
function dateBound(value: string, end: boolean): string {
  if (value.includes('T')) return new Date(value).toISOString();
  return parisDayStart(end ? addDays(value, 1) : value).toISOString();
}

export class SqliteStorage implements Storage {
  private readonly writes: WriteQueue;
  private readonly applier: InboxApplier | null;
  private readonly signal: QueueSignal;
  /** Set while this thread's notifications of the current group commit have signalled the queue. */
  private signalled = false;
  private readonly stmt;
  private readonly orders: OrderWriter;
  readonly auth: SqliteAuthStore;
  readonly audit: SqliteAuditStore;
  readonly imports: SqliteImportStore;
  readonly discrepancies: SqliteDiscrepancyStore;
  readonly reports: SqliteReportStore;
  readonly operations: SqliteOperationStore;
  readonly shared: SharedConnection | null;

  constructor(
    private readonly db: Db,
    private readonly checkpointer?: Checkpointer,
    /**
     * `shared`: what the threads writing this file share (see `SqliteStorage.forThread`); `applier`: where
     * queued notifications are applied, this thread by default, null when another thread does.
     */
    options: { shared?: SharedConnection; applier?: ((signal: QueueSignal) => ApplyDriver) | null } = {},
  ) {
    const { shared } = options;
    this.shared = shared ?? null;
    this.writes = new WriteQueue(db, shared ? new WriteLock(shared.lock) : undefined);
    this.signal = shared ? new QueueSignal(shared.signal) : new QueueSignal();
    const writeAudit = auditWriter(db);
    this.auth = new SqliteAuthStore(db, this.writes, writeAudit);
    this.audit = new SqliteAuditStore(db, this.writes, writeAudit);
    this.imports = new SqliteImportStore(db, this.writes, writeAudit);
    this.discrepancies = new SqliteDiscrepancyStore(db, this.writes, writeAudit);
    this.reports = new SqliteReportStore(db, this.writes);
    this.orders = new OrderWriter(db);
    this.operations = new SqliteOperationStore(db, this.writes, writeAudit, this.orders);
    this.stmt = {
      insertRequest: db.prepare(`INSERT INTO inbox (received_at, psp, account_id, method, path, query, headers, body, body_size,
        body_truncated, remote_address, replay_of) VALUES (@receivedAt, @psp, @accountId, @method, @path, @query, @headers, @body,
        @bodySize, @bodyTruncated, @remoteAddress, @replayOf)`),
      // A notification that fails to apply keeps its interpretation, for whoever looks into it.
      settle: db.prepare(`UPDATE inbox SET verification = @verification, verification_detail = @detail, outcome = @outcome,
        http_status = @httpStatus, error_code = @code, error_message = @message, error_field = @field,
        observation = coalesce(@observation, observation), processed_at = @processedAt WHERE id = @id`),
      applied: db.prepare('UPDATE inbox SET outcome = @outcome, order_id = @orderId, processed_at = @processedAt WHERE id = @id'),
      insertSettled: db.prepare(`INSERT INTO inbox (received_at, psp, account_id, method, path, query, headers, body, body_size,
        body_truncated, remote_address, replay_of, verification, verification_detail, outcome, http_status, error_code, error_message,
        error_field, observation, processed_at) VALUES (@receivedAt, @psp, @accountId, @method, @path, @query, @headers, @body,
        @bodySize, @bodyTruncated, @remoteAddress, @replayOf, @verification, @detail, @outcome, @httpStatus, @code, @message,
        @field, @observation, @processedAt)`),
      requestById: db.prepare(`SELECT *, ${ORDER_REFERENCE} FROM inbox WHERE id = ?`),
      orderById: db.prepare('SELECT * FROM orders WHERE id = ?'),
      ordersById: db.prepare('SELECT * FROM orders WHERE id IN (SELECT value FROM json_each(?))'),
      partsOfBrand: db.prepare('SELECT count(*) FROM (SELECT 1 FROM parts WHERE brand = ? LIMIT ?)').pluck(),
      partsOfOrder: db.prepare('SELECT * FROM parts WHERE order_id = ? ORDER BY kind DESC, id'),
      notificationsOfOrder: db.prepare(`SELECT ${INBOX_SUMMARY_COLUMNS} FROM inbox WHERE order_id = ? ORDER BY id`),
      queued: db.prepare(`SELECT id, verification, verification_detail, observation FROM inbox WHERE outcome = 'queued' ORDER BY id LIMIT ?`),
      result: db.prepare('SELECT id, outcome, order_id, error_message FROM inbox WHERE id = ?'),
    };
    const here = (signal: QueueSignal) => applyOnSignal(signal, (max) => this.applyQueued(max));
    this.applier = options.applier === null ? null : new InboxApplier(this.signal, options.applier ?? here, (id) => this.result(id));
  }

  /** `applyInWorker`: apply queued notifications on a thread of their own (the server does; scripts need not). */
  static open(path: string, options: OpenOptions & { applyInWorker?: boolean } = {}): SqliteStorage {
    const db = openDatabase(path, options);
    if (path === ':memory:') return new SqliteStorage(db);
    // Checkpoints run beside the request path; SQLite's own stays as a safety net for a stuck worker.
    db.pragma('wal_autocheckpoint = 20000');
    const shared: SharedConnection = { path, options: { synchronous: options.synchronous }, lock: new WriteLock().buffer, signal: new QueueSignal().buffer };
    return new SqliteStorage(db, new Checkpointer(path), { shared, applier: options.applyInWorker ? workerApplier(shared) : undefined });
  }

  /**
   * The same file from another thread (the applier's, the one verifying notifications): its own
   * connection, the same write lock and queue signal, and no applier of its own.
   */
  static forThread(shared: SharedConnection): SqliteStorage {
    return new SqliteStorage(openDatabase(shared.path, shared.options), undefined, { shared, applier: null });
  }

  recordRequest(raw: RawRequest): Promise<number> {
    return this.writes.run(() => this.insertRequest(raw));
  }

  closeRequest(inboxId: number, verdict: Verdict): Promise<Recorded> {
    return this.queueing(this.writes.run(() => this.settle(inboxId, verdict)));
  }

  recordNotification(raw: RawRequest, verdict: Verdict): Promise<Recorded> {
    return this.queueing(
      this.writes.run(() => {
        // The request and its verdict as one row: one statement on the path of every notification.
        const inboxId = Number(this.stmt.insertSettled.run(Object.assign(this.requestRow(raw), verdictColumns(verdict))).lastInsertRowid);
        return recordedAs(inboxId, verdict);
      }),
    );
  }

  async applied(inboxId: number): Promise<Applied> {
    const found = this.applier ? await this.applier.applied(inboxId) : this.result(inboxId);
    return found ?? failed(inboxId, 'it is still queued: applying it did not finish');
  }

  notificationsApplied(): Promise<void> {
    return this.applier?.idle() ?? Promise.resolve();
  }

  /**
   * Applies the oldest queued notifications to their orders, each as its own job of one group
   * commit: a notification that cannot be applied is marked failed without holding the others back.
   */
  applyQueued(max: number): Promise<Applied[]> {
    const rows = this.stmt.queued.all(max) as Pick<InboxRow, 'id' | 'verification' | 'verification_detail' | 'observation'>[];
    return Promise.all(
      rows.map((r) =>
        this.writes
          .run((): Applied => ({ inboxId: r.id, ...this.apply(r.id, JSON.parse(r.observation!) as OrderObservation) }))
          .catch((error: Error) => {
            console.warn(`notification #${r.id} could not be applied: ${error.message}`);
            const message = `applying it to its order failed (${error.message}); it is stored and can be replayed`;
            const reject: Rejection = { verification: r.verification, detail: r.verification_detail, outcome: 'failed', httpStatus: 200, code: 'APPLY_FAILED', message };
            return this.writes.run(() => {
              this.settle(r.id, { reject });
              return failed(r.id, message);
            });
          }),
      ),
    );
  }

  /** One signal per group commit: the first of its notifications to come back gives it, for all of them. */
  private async queueing(stored: Promise<Recorded>): Promise<Recorded> {
    const recorded = await stored;
    if ('queued' in recorded && !this.signalled) {
      this.signal.queued();
      this.signalled = true;
      queueMicrotask(() => (this.signalled = false));
    }
    return recorded;
  }

  private settle(inboxId: number, verdict: Verdict): Recorded {
    this.stmt.settle.run({ id: inboxId, ...verdictColumns(verdict) });
    return recordedAs(inboxId, verdict);
  }

  private result(inboxId: number): Applied | null {
    const r = this.stmt.result.get(inboxId) as Pick<InboxRow, 'id' | 'outcome' | 'order_id' | 'error_message'> | undefined;
    if (!r) return failed(inboxId, `notification ${inboxId} does not exist`);
    if (r.outcome === 'applied' || r.outcome === 'duplicate') return { inboxId, outcome: r.outcome, orderId: r.order_id!, newEvents: r.outcome === 'applied' ? 1 : 0 };
    if (r.outcome === 'queued' || r.outcome === 'received') return null;
    return failed(inboxId, r.error_message ?? `it was ${r.outcome}`);
  }

  /** The inbox columns of a request as received (a literal, not a spread: one per notification). */
  private requestRow(raw: RawRequest) {
    return {
      receivedAt: raw.receivedAt,
      psp: raw.psp,
      accountId: raw.accountId,
      method: raw.method,
      path: raw.path,
      query: raw.query,
      headers: JSON.stringify(storableHeaders(raw.headers)),
      body: raw.body,
      bodySize: raw.bodySize,
      bodyTruncated: raw.bodyTruncated ? 1 : 0,
      remoteAddress: raw.remoteAddress,
      replayOf: raw.replayOf ?? null,
    };
  }

  private insertRequest(raw: RawRequest): number {
    return Number(
      this.stmt.insertRequest.run(this.requestRow(raw)).lastInsertRowid,
    );
  }

  private apply(inboxId: number, observation: OrderObservation): AppliedToOrder {
    const now = new Date().toISOString();
    const times = observation.parts.map((p) => p.occurredAt).filter((t): t is string => !!t).sort();
    const order = this.orders.upsertOrder({ ...observation, createdAt: times[0] ?? now });
    let newEvents = 0;
    for (const part of observation.parts) {
      const data = { observation: part, orderAnomalies: observation.anomalies };
      if (this.orders.addPartEvent(order.id, { inboxId, reportLineId: null }, 'notification', data, now).inserted) newEvents++;
    }
    if (newEvents) this.orders.recomputeOrder(order, observation.anomalies, now);
    const outcome = newEvents ? 'applied' : 'duplicate';
    this.stmt.applied.run({ id: inboxId, outcome, orderId: order.id, processedAt: now });
    return { outcome, orderId: order.id, newEvents };
  }

  async getRequest(id: number): Promise<StoredRequest | null> {
    const r = this.stmt.requestById.get(id) as InboxRow | undefined;
    if (!r) return null;
    return {
      id: r.id,
      receivedAt: r.received_at,
      psp: r.psp,
      accountId: r.account_id,
      method: r.method,
      path: r.path,
      query: r.query,
      headers: JSON.parse(r.headers) as Record<string, string>,
      body: r.body,
      bodySize: r.body_size,
      bodyTruncated: r.body_truncated === 1,
      remoteAddress: r.remote_address,
      replayOf: r.replay_of,
    };
  }

  async listInbox(q: InboxQuery): Promise<InboxList> {
    const where: string[] = [];
    const params: Record<string, unknown> = { limit: q.limit, offset: q.offset };
    if (q.psp) (where.push('psp = @psp'), (params.psp = q.psp));
    if (q.account) (where.push('account_id = @account'), (params.account = q.account));
    if (q.outcome) (where.push('outcome = @outcome'), (params.outcome = q.outcome));
    if (q.rejected === 'true') where.push("outcome IN ('rejected', 'failed')");
    if (q.rejected === 'false') where.push("outcome NOT IN ('rejected', 'failed')");
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const total = this.db.prepare(`SELECT count(*) FROM inbox ${clause}`).pluck().get(params) as number;
    const rows = this.db
      .prepare(`SELECT ${INBOX_SUMMARY_COLUMNS} FROM inbox ${clause} ORDER BY id DESC LIMIT @limit OFFSET @offset`)
      .all(params) as InboxRow[];
    return { items: rows.map(inboxSummary), total };
  }

  async getInbox(id: number): Promise<InboxDetail | null> {
    const r = this.stmt.requestById.get(id) as InboxRow | undefined;
    if (!r) return null;
    return {
      ...inboxSummary(r),
      query: r.query,
      headers: JSON.parse(r.headers) as Record<string, string>,
      bodyText: decodeText(r.body),
      bodyBase64: r.body.toString('base64'),
      bodyTruncated: r.body_truncated === 1,
      processedAt: r.processed_at,
    };
  }

  /**
   * A page of orders and their count, through the indexes of migration 008 (docs/benchmarks.md, "The
   * Orders page"). Without a search, one index leads, chosen by the filters: a brand with few parts
   * (through the parts), else the status, else the account, else the date. Each holds every filtered
   * and sorted column but the reference, so the count and the page of ids read no order. The count
   * stops past ORDER_COUNT_CAP (`totalIsLowerBound`). The page of ids: the leading index in its time
   * order; for another sort, when more orders than the cap pass, the sort's own index (status,
   * reference) walked, or for an amount the leading range bounded by a sample and sorted; else the
   * leading range sorted whole. Then the page's orders, by id.
   */
  async listOrders(q: OrdersQuery): Promise<OrderList> {
    const where: string[] = [];
    const params: Record<string, unknown> = { limit: q.limit, offset: q.offset };
    // With a search, its matches lead (an OR over indexes); a `+` keeps the other filters from leading instead.
    const col = (name: string) => (q.q ? `+o.${name}` : `o.${name}`);
    let leading: string | null = null;
    if (q.q) {
      params.q = q.q;
      // A reference prefix as a range, so the reference index serves it (a LIKE would scan every order).
      params.qEnd = `${q.q}\uffff`;
      where.push(`(o.reference = @q OR o.call_number = @q OR o.group_key = @q OR o.customer_email = @q COLLATE NOCASE
        OR (o.reference >= @q AND o.reference < @qEnd)
        OR o.id IN (SELECT order_id FROM parts WHERE psp_transaction_id = @q OR authorisation_id = @q OR pan_last4 = @q))`);
    }
    if (q.brand) {
      params.brand = q.brand;
      if (!q.q && (this.stmt.partsOfBrand.get(q.brand, ORDER_COUNT_CAP) as number) < ORDER_COUNT_CAP) {
        // Few parts of this brand: its orders, read by id, are fewer than any index range would be.
        where.push('o.id IN (SELECT order_id FROM parts WHERE brand = @brand)');
        leading = 'NOT INDEXED';
      } else {
        // orders.brands lists the brands of the order's parts, sorted and comma-joined (OrderWriter): it is
        // in the indexes, the parts are not. instr() alone first: most orders fail it without a copy.
        params.brandToken = `,${q.brand},`;
        where.push(`instr(o.brands, @brand) > 0 AND instr(',' || o.brands || ',', @brandToken) > 0`);
      }
    }
    if (q.status) (where.push(`${col('status')} = @status`), (params.status = q.status));
    if (q.account) (where.push(`${col('account_id')} = @account`), (params.account = q.account));
    if (q.psp) (where.push(`${col('psp')} = @psp`), (params.psp = q.psp));
    if (q.from) (where.push(`${col('created_at')} >= @from`), (params.from = dateBound(q.from, false)));
    if (q.to) (where.push(`${col('created_at')} ${q.to.includes('T') ? '<=' : '<'} @to`), (params.to = dateBound(q.to, true)));
    if (!q.q) leading ??= `INDEXED BY ${q.status ? 'orders_list_status' : q.account ? 'orders_list_account' : 'orders_list_created'}`;
    const from = `orders o ${leading ?? ''}`;
    const whereOf = (terms: string[]) => (terms.length ? `WHERE ${terms.join(' AND ')}` : '');
    const clause = whereOf(where);

    // Counted up to the cap, or further when the page asked for is past it, so a next page is always known.
    const cap = ORDER_COUNT_CAP * Math.ceil((q.offset + q.limit + 1) / ORDER_COUNT_CAP);
    const counted = this.cached(`SELECT count(*) FROM (SELECT 1 FROM ${from} ${clause} LIMIT @countLimit)`).pluck().get({ ...params, countLimit: cap + 1 }) as number;
    const totalIsLowerBound = counted > cap;

    const asc = q.dir === 'asc';
    const order = ORDER_BY[q.sort](asc ? 'ASC' : 'DESC');
    const pageOf = (source: string, terms: string[], values: Record<string, unknown>) =>
      this.cached(`SELECT o.id FROM ${source} ${whereOf(terms)} ORDER BY ${order} LIMIT @limit OFFSET @offset`).pluck().all(values) as number[];
    let ids: number[] | null = null;
    const sortIndex = SORT_INDEX[q.sort];
    const amount = AMOUNT_COLUMNS[q.sort];
    if (!q.q && totalIsLowerBound && sortIndex && !(q.sort === 'status' && q.status)) {
      // More orders than the cap pass the filters: walking the sort's own index, 50 of them come soon.
      ids = pageOf(`orders o INDEXED BY ${sortIndex}`, where, params);
    } else if (!q.q && totalIsLowerBound && amount) {
      // No index is in an amount's order: the leading index's range is read, and sorting all of it is what
      // costs. Its first AMOUNT_SAMPLE orders give a bound that about 4 times the orders up to this page's
      // end pass (the range holds more than the cap), and only those are sorted. A short page means the
      // sample misled (amounts drifting in time): the whole range is sorted then.
      const rank = Math.ceil((4 * (q.offset + q.limit) * AMOUNT_SAMPLE) / cap);
      const sample = rank < AMOUNT_SAMPLE ? (this.cached(`SELECT o.${amount} FROM ${from} ${clause} LIMIT ${AMOUNT_SAMPLE}`).pluck().all(params) as number[]) : [];
      if (sample.length === AMOUNT_SAMPLE) {
        const bound = sample.sort((a, b) => (asc ? a - b : b - a))[rank - 1];
        const page = pageOf(from, [...where, `o.${amount} ${asc ? '<=' : '>='} @bound`], { ...params, bound });
        if (page.length === q.limit) ids = page;
      }
    }
    // Otherwise the leading index's order is the page's (the time, within a status or an account), or its
    // range is sorted whole: fewer orders than the cap, or an amount.
    ids ??= pageOf(from, where, params);
    const byId = new Map((this.stmt.ordersById.all(JSON.stringify(ids)) as OrderRow[]).map((r) => [r.id, r]));
    return { items: ids.map((id) => orderSummary(byId.get(id)!)), total: Math.min(counted, cap), totalIsLowerBound };
  }

  /** Statements that vary with the filters given, prepared once each. */
  private readonly statements = new Map<string, ReturnType<Db['prepare']>>();
  private cached(sql: string): ReturnType<Db['prepare']> {
    let statement = this.statements.get(sql);
    if (!statement) this.statements.set(sql, (statement = this.db.prepare(sql)));
    return statement;
  }

  async getOrder(id: number): Promise<StoredOrder | null> {
    const row = this.stmt.orderById.get(id) as OrderRow | undefined;
    if (!row) return null;
    const events = this.db.prepare(`SELECT e.*, rl.import_id, rl.line, f.file_name FROM part_events e JOIN parts p ON p.id = e.part_id
      LEFT JOIN report_lines rl ON rl.id = e.report_line_id LEFT JOIN import_files f ON f.id = rl.import_id
      WHERE p.order_id = ? ORDER BY COALESCE(e.occurred_at, e.recorded_at), e.id`).all(id) as (EventRow & { import_id: number | null; line: number | null; file_name: string | null })[];
    const parts = (this.stmt.partsOfOrder.all(id) as PartRow[]).map((p) => ({
      id: p.id,
      partKey: p.part_key,
      kind: p.kind,
      brand: p.brand,
      brandLabel: brandLabel(p.brand),
      amount: p.amount,
      currency: p.currency,
      status: p.status,
      pspTransactionId: p.psp_transaction_id,
      authorisationId: p.authorisation_id,
      maskedPan: p.masked_pan,
      responseCode: p.response_code,
      responseMessage: p.response_message,
      capturedAmount: p.captured_amount,
      refundedAmount: p.refunded_amount,
      captureDueAt: p.capture_due_at,
      paidAt: p.paid_at,
      firstSource: p.first_source,
      history: events
        .filter((e) => e.part_id === p.id)
        .map((e) => ({
          id: e.id,
          source: e.source,
          status: e.status,
          amount: e.amount,
          responseCode: e.response_code,
          message: e.message,
          occurredAt: e.occurred_at,
          recordedAt: e.recorded_at,
          inboxId: e.inbox_id,
          report: e.report_line_id ? { lineId: e.report_line_id, importId: e.import_id!, line: e.line!, fileName: e.file_name! } : null,
          operation: (JSON.parse(e.data) as { operation?: PartOperation }).operation ?? null,
        })),
    }));
    const notifications = (this.stmt.notificationsOfOrder.all(id) as InboxRow[]).map(inboxSummary);
    return { ...orderSummary(row), parts, notifications };
  }

  async close(): Promise<void> {
    await this.applier?.stop();
    await this.writes.drain();
    await this.checkpointer?.stop();
    this.db.close();
  }
}

function inboxSummary(r: InboxRow): InboxSummary {
  return {
    id: r.id,
    receivedAt: r.received_at,
    psp: r.psp,
    accountId: r.account_id,
    method: r.method,
    path: r.path,
    bodySize: r.body_size,
    remoteAddress: r.remote_address,
    verification: r.verification,
    verificationDetail: r.verification_detail,
    outcome: r.outcome,
    httpStatus: r.http_status,
    error: r.error_code ? { code: r.error_code, message: r.error_message ?? '', field: r.error_field } : null,
    orderId: r.order_id,
    orderReference: r.order_reference,
    replayOf: r.replay_of,
  };
}

function orderSummary(r: OrderRow): OrderSummary {
  return {
    id: r.id,
    accountId: r.account_id,
    psp: r.psp,
    reference: r.reference,
    callNumber: r.call_number,
    groupKey: r.group_key,
    currency: r.currency,
    amount: r.amount,
    expectedAmount: r.expected_amount,
    voucherAmount: r.voucher_amount,
    cardAmount: r.card_amount,
    status: r.status,
    brands: r.brands ? r.brands.split(',') : [],
    partCount: r.part_count,
    anomalies: JSON.parse(r.anomalies) as Anomaly[],
    customerEmail: r.customer_email,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** The inbox columns a verdict sets: a rejection with its reason, or the interpretation queued for its order. */
function verdictColumns(verdict: Verdict) {
  if ('reject' in verdict) {
    const r = verdict.reject;
    return { verification: r.verification, detail: r.detail, outcome: r.outcome, httpStatus: r.httpStatus, code: r.code, message: r.message,
      field: r.field ?? null, observation: null, processedAt: new Date().toISOString() };
  }
  const { verification, observation } = verdict.apply;
  return { verification: verification.verification, detail: verification.detail, outcome: 'queued', httpStatus: 200, code: null, message: null,
    field: null, observation: JSON.stringify(observation), processedAt: null };
}

function recordedAs(inboxId: number, verdict: Verdict): Recorded {
  return 'reject' in verdict ? { inboxId, rejected: verdict.reject } : { inboxId, queued: true };
}

function failed(inboxId: number, message: string): Applied {
  return { inboxId, outcome: 'failed', orderId: null, message };
}
