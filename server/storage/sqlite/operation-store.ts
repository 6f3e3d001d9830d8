import { OPERATION_STATES, RESERVING_STATES, type Operation, type OperationExchange, type OperationList, type OperationState, type OperationsQuery } from '../../../shared/api-operations';
import { formatMoney } from '../../../shared/money';
import type { PartKind, PartStatus, Psp } from '../../../shared/psp';
import { ruleFor, type OperationType } from '../../../shared/rules';
import { transactionOf, type AllowanceInput, type HeldAmounts } from '../../domain/allowance';
import type {
  Actor,
  Completion,
  Dispatch,
  NewOperation,
  OperationAnswer,
  OperationDecider,
  OperationRefusal,
  OperationStore,
  ReportEvidence,
} from '../storage';
import type { AuditWriter } from './audit-store';
import type { Db } from './database';
import { likeLiteral } from './like';
import type { OperatedPart, OrderWriter } from './order-writer';
import type { WriteQueue } from './write-queue';

interface OperationRow {
  id: number;
  part_id: number;
  order_id: number;
  type: OperationType;
  amount: number;
  currency: string;
  state: OperationState;
  reason: string;
  idempotency_key: string;
  request_digest: string;
  requested_by_id: number | null;
  requested_by_type: Actor['type'];
  requested_by_label: string;
  over_initial: number;
  approval_reason: string | null;
  decided_by_id: number | null;
  decided_by_label: string | null;
  requested_by_name: string | null;
  decided_by_name: string | null;
  decision_note: string | null;
  decided_at: string | null;
  psp_request_id: string | null;
  psp_code: string | null;
  psp_message: string | null;
  psp_reference: string | null;
  resolution: string | null;
  created_at: string;
  sent_at: string | null;
  completed_at: string | null;
  updated_at: string;
  // Joined from the order and the part.
  reference: string | null;
  account_id: string;
  psp: Psp;
  part_key: string;
  kind: PartKind;
  brand: string;
}

interface PartFactsRow extends OperatedPart {
  id: number;
  psp: Psp;
  account_id: string;
  captured_amount: number;
  refunded_amount: number;
  paid_at: string | null;
  capture_due_at: string | null;
  reference: string | null;
  call_number: string | null;
  group_key: string;
  order_currency: string;
  expected_amount: number | null;
  source_anomalies: string;
}

interface ExchangeRow {
  at: string;
  purpose: OperationExchange['purpose'];
  url: string;
  request: string;
  http_status: number | null;
  response: string | null;
  error: string | null;
}

const SELECT_OPERATION = `SELECT op.*, o.reference, o.account_id, o.psp, p.part_key, p.kind, p.brand,
  asker.name AS requested_by_name, decider.name AS decided_by_name
  FROM operations op JOIN orders o ON o.id = op.order_id JOIN parts p ON p.id = op.part_id
  LEFT JOIN users asker ON asker.id = op.requested_by_id LEFT JOIN users decider ON decider.id = op.decided_by_id`;
const SELECT_PART = `SELECT p.*, o.psp, o.account_id, o.reference, o.call_number, o.group_key, o.currency AS order_currency,
  o.expected_amount, o.source_anomalies FROM parts p JOIN orders o ON o.id = p.order_id`;
const RESERVING = `(${RESERVING_STATES.map((s) => `'${s}'`).join(', ')})`;

/** What tells a replay from another request under the same idempotency key. */
const digestOf = (partId: number, ask: NewOperation) => `${partId}:${ask.type}:${ask.amount}`;

const refused = (refusal: OperationRefusal): OperationAnswer => ({ ok: false, refusal });

export class SqliteOperationStore implements OperationStore {
  private readonly stmt;

  constructor(
    private readonly db: Db,
    private readonly writes: WriteQueue,
    private readonly audit: AuditWriter,
    private readonly orders: OrderWriter,
  ) {
    this.stmt = {
      byId: db.prepare(`${SELECT_OPERATION} WHERE op.id = ?`),
      byKey: db.prepare(`${SELECT_OPERATION} WHERE op.idempotency_key = ?`),
      ofOrder: db.prepare(`${SELECT_OPERATION} WHERE op.order_id = ? ORDER BY op.id DESC`),
      unknown: db.prepare(`${SELECT_OPERATION} WHERE op.state = 'unknown' ORDER BY op.id LIMIT ?`),
      pendingSentBefore: db.prepare(`${SELECT_OPERATION} WHERE op.state = 'pending' AND op.sent_at < ? ORDER BY op.id LIMIT ?`),
      part: db.prepare(`${SELECT_PART} WHERE p.id = ?`),
      partsOfOrder: db.prepare(`${SELECT_PART} WHERE p.order_id = ? ORDER BY p.id`),
      reservedOfOrder: db.prepare(`SELECT part_id, type, sum(amount) AS amount FROM operations WHERE order_id = ? AND state IN ${RESERVING} AND id <> ? GROUP BY part_id, type`),
      insert: db.prepare(`INSERT INTO operations (part_id, order_id, type, amount, currency, state, reason, idempotency_key, request_digest,
        requested_by_id, requested_by_type, requested_by_label, over_initial, approval_reason, created_at, sent_at, updated_at)
        VALUES (@partId, @orderId, @type, @amount, @currency, @state, @reason, @idempotencyKey, @digest, @actorId, @actorType, @actorLabel,
        @overInitial, @approvalReason, @at, @sentAt, @at)`),
      decide: db.prepare(`UPDATE operations SET state = @state, decided_by_id = @actorId, decided_by_label = @actorLabel,
        decision_note = @note, decided_at = @at, sent_at = @sentAt, updated_at = @at WHERE id = @id`),
      complete: db.prepare(`UPDATE operations SET state = @state, psp_code = @code, psp_message = @message,
        psp_request_id = COALESCE(@pspRequestId, psp_request_id), psp_reference = COALESCE(@pspReference, psp_reference),
        resolution = COALESCE(@resolution, resolution), completed_at = @completedAt, updated_at = @at WHERE id = @id`),
      orderRef: db.prepare('SELECT id, expected_amount, source_anomalies FROM orders WHERE id = ?'),
      reportedLike: db.prepare(`SELECT l.import_id, l.line, f.file_name FROM part_events e JOIN report_lines l ON l.id = e.report_line_id
        JOIN import_files f ON f.id = l.import_id WHERE e.part_id = @partId AND e.source = 'operations_report'
        AND json_extract(e.data, '$.operation.type') = @type AND json_extract(e.data, '$.operation.amount') = @amount
        AND json_extract(e.data, '$.operation.succeeded') = 1 ORDER BY e.id`),
      insertExchange: db.prepare(`INSERT INTO operation_exchanges (operation_id, at, purpose, url, request, http_status, response, error)
        VALUES (@operationId, @at, @purpose, @url, @request, @httpStatus, @response, @error)`),
      exchanges: db.prepare('SELECT at, purpose, url, request, http_status, response, error FROM operation_exchanges WHERE operation_id = ? ORDER BY id'),
      succeededLike: db.prepare(`SELECT count(*) AS n FROM operations WHERE part_id = @partId AND type = @type AND amount = @amount AND state = 'succeeded'`),
    };
  }

  request(partId: number, ask: NewOperation, decide: OperationDecider, actor: Actor, at: string): Promise<OperationAnswer> {
    return this.writes.run(() => {
      const existing = this.stmt.byKey.get(ask.idempotencyKey) as OperationRow | undefined;
      if (existing) {
        return existing.request_digest === digestOf(partId, ask)
          ? { ok: true, operation: toOperation(existing), replayed: true }
          : refused({
              status: 409,
              code: 'IDEMPOTENCY_KEY_REUSED',
              field: 'idempotencyKey',
              message: `this idempotency key was already used for operation #${existing.id} (${existing.type} of ${formatMoney(existing.amount, existing.currency)} on part ${existing.part_id}); use a new key for a new request`,
            });
      }
      const part = this.stmt.part.get(partId) as PartFactsRow | undefined;
      if (!part) return refused({ status: 404, code: 'NOT_FOUND', message: `part ${partId} does not exist` });
      const decision = decide(this.allowanceInput(part, 0), part.currency);
      if (!decision.ok) return refused(decision);
      const id = Number(
        this.stmt.insert.run({
          partId,
          orderId: part.order_id,
          type: ask.type,
          amount: ask.amount,
          currency: part.currency,
          state: decision.state,
          reason: ask.reason,
          idempotencyKey: ask.idempotencyKey,
          digest: digestOf(partId, ask),
          actorId: ask.personId,
          actorType: actor.type,
          actorLabel: actor.label,
          overInitial: decision.overInitial ? 1 : 0,
          approvalReason: decision.approvalReason,
          at,
          sentAt: decision.state === 'pending' ? at : null,
        }).lastInsertRowid,
      );
      const operation = this.read(id);
      this.audit(actor, { action: 'operation.requested', objectType: 'operation', objectId: id, after: operation, detail: ask.reason }, at);
      return { ok: true, operation, replayed: false };
    });
  }

  approve(id: number, decide: OperationDecider, actor: Actor, personId: number | null, note: string | null, at: string): Promise<OperationAnswer> {
    return this.writes.run(() => {
      const row = this.stmt.byId.get(id) as OperationRow | undefined;
      if (!row) return refused({ status: 404, code: 'NOT_FOUND', message: `operation ${id} does not exist` });
      if (row.state !== 'awaiting_approval') return refused({ status: 409, code: 'NOT_AWAITING_APPROVAL', message: `operation ${id} is ${row.state}, not awaiting approval` });
      if (personId !== null && row.requested_by_id === personId) {
        return refused({ status: 403, code: 'SAME_PERSON', message: 'a request must be approved by another person than the one who made it' });
      }
      const part = this.stmt.part.get(row.part_id) as PartFactsRow;
      // Checked again now: the part may have changed since the request (another refund, a report).
      const decision = decide(this.allowanceInput(part, id), part.currency);
      if (!decision.ok) return refused(decision);
      if (decision.state === 'awaiting_approval') {
        return refused({ status: 403, code: 'ABOVE_APPROVER_LIMIT', message: `you cannot approve it: ${decision.approvalReason}` });
      }
      this.stmt.decide.run({ id, state: 'pending', actorId: personId, actorLabel: actor.label, note, at, sentAt: at });
      const operation = this.read(id);
      this.audit(actor, { action: 'operation.approved', objectType: 'operation', objectId: id, before: toOperation(row), after: operation, detail: note ?? undefined }, at);
      return { ok: true, operation, replayed: false };
    });
  }

  reject(id: number, actor: Actor, personId: number | null, note: string, at: string): Promise<OperationAnswer> {
    return this.writes.run(() => {
      const row = this.stmt.byId.get(id) as OperationRow | undefined;
      if (!row) return refused({ status: 404, code: 'NOT_FOUND', message: `operation ${id} does not exist` });
      if (row.state !== 'awaiting_approval') return refused({ status: 409, code: 'NOT_AWAITING_APPROVAL', message: `operation ${id} is ${row.state}, not awaiting approval` });
      this.stmt.decide.run({ id, state: 'rejected', actorId: personId, actorLabel: actor.label, note, at, sentAt: null });
      const operation = this.read(id);
      this.audit(actor, { action: 'operation.rejected', objectType: 'operation', objectId: id, before: toOperation(row), after: operation, detail: note }, at);
      return { ok: true, operation, replayed: false };
    });
  }

  complete(id: number, c: Completion, actor: Actor, at: string): Promise<Operation> {
    return this.writes.run(() => {
      const row = this.stmt.byId.get(id) as OperationRow | undefined;
      if (!row) throw new Error(`operation ${id} does not exist`);
      // What was sent is kept whatever the answer, even one that comes too late to change anything.
      for (const e of c.exchanges ?? []) this.stmt.insertExchange.run({ operationId: id, ...e });
      // Only what is in flight can end; a second answer for a settled operation changes nothing.
      if (row.state !== 'pending' && row.state !== 'unknown') return toOperation(row);
      this.stmt.complete.run({
        id,
        state: c.state,
        code: c.code,
        message: c.message,
        pspRequestId: c.pspRequestId,
        pspReference: c.pspReference ?? null,
        resolution: c.resolution ?? null,
        completedAt: c.state === 'unknown' ? null : at,
        at,
      });
      if (c.state === 'succeeded') this.applyToParts(row, c, at);
      const operation = this.read(id);
      this.audit(actor, { action: `operation.${c.state}`, objectType: 'operation', objectId: id, before: toOperation(row), after: operation, detail: c.resolution ?? c.message ?? undefined }, at);
      return operation;
    });
  }

  /**
   * A succeeded operation becomes an event of its part; one the PSP applies to the whole transaction
   * (a Sips cancel or validation) also of the order's other parts, each for its own amount.
   */
  private applyToParts(row: OperationRow, c: Completion, at: string): void {
    const part = this.stmt.part.get(row.part_id) as PartFactsRow;
    const whole = ruleFor(part.psp, part.kind, part.brand)?.operations[row.type].scope === 'transaction';
    const parts = whole ? (this.stmt.partsOfOrder.all(row.order_id) as PartFactsRow[]) : [part];
    for (const [p, amount] of shares(row, parts)) {
      this.orders.addOperationEvent(
        p,
        { inboxId: null, reportLineId: null },
        'operation',
        {
          operation: { type: row.type, amount, succeeded: true, outside: false },
          occurredAt: at,
          responseCode: c.code,
          message: `${row.type} (operation #${row.id}${whole ? ', whole transaction' : ''})`,
        },
        at,
      );
    }
    const order = this.stmt.orderRef.get(row.order_id) as { id: number; expected_amount: number | null; source_anomalies: string };
    this.orders.recomputeOrder({ id: order.id, expectedAmount: order.expected_amount, sourceAnomalies: JSON.parse(order.source_anomalies) }, [], at);
  }

  async dispatch(id: number): Promise<Dispatch | null> {
    const row = this.stmt.byId.get(id) as OperationRow | undefined;
    if (!row) return null;
    const part = this.stmt.part.get(row.part_id) as PartFactsRow;
    return {
      operation: toOperation(row),
      target: {
        order: { reference: part.reference, callNumber: part.call_number, groupKey: part.group_key, currency: part.order_currency },
        part: {
          partKey: part.part_key,
          kind: part.kind,
          brand: part.brand,
          pspTransactionId: part.psp_transaction_id,
          authorisationId: part.authorisation_id,
          amount: part.amount,
          paidAt: part.paid_at,
        },
      },
      books: { capturedAmount: part.captured_amount, refundedAmount: part.refunded_amount, status: part.status },
    };
  }

  async reportedIn(id: number): Promise<ReportEvidence | null> {
    const row = this.stmt.byId.get(id) as OperationRow | undefined;
    if (!row) return null;
    const like = { partId: row.part_id, type: row.type, amount: row.amount };
    const rows = this.stmt.reportedLike.all(like) as { import_id: number; line: number; file_name: string }[];
    // Report rows already standing for operations known to have succeeded are theirs, not this one's.
    const taken = (this.stmt.succeededLike.get(like) as { n: number }).n;
    const mine = rows[taken];
    return mine ? { importId: mine.import_id, line: mine.line, fileName: mine.file_name } : null;
  }

  async exchanges(id: number): Promise<OperationExchange[]> {
    return (this.stmt.exchanges.all(id) as ExchangeRow[]).map((r) => ({ at: r.at, purpose: r.purpose, url: r.url, request: r.request, httpStatus: r.http_status, response: r.response, error: r.error }));
  }

  async get(id: number): Promise<Operation | null> {
    const row = this.stmt.byId.get(id) as OperationRow | undefined;
    return row ? toOperation(row) : null;
  }

  async ofOrder(orderId: number): Promise<Operation[]> {
    return (this.stmt.ofOrder.all(orderId) as OperationRow[]).map(toOperation);
  }

  async pendingSentBefore(sentBefore: string, limit: number): Promise<Operation[]> {
    return (this.stmt.pendingSentBefore.all(sentBefore, limit) as OperationRow[]).map(toOperation);
  }

  async unknown(limit: number): Promise<Operation[]> {
    return (this.stmt.unknown.all(limit) as OperationRow[]).map(toOperation);
  }

  async reserved(orderId: number): Promise<Map<number, HeldAmounts>> {
    return this.reservations(orderId, 0);
  }

  /** Cents in flight per part of the order and per type, but for the operation `except` (one being decided again). */
  private reservations(orderId: number, except: number): Map<number, HeldAmounts> {
    const out = new Map<number, HeldAmounts>();
    for (const r of this.stmt.reservedOfOrder.all(orderId, except) as { part_id: number; type: OperationType; amount: number }[]) {
      out.set(r.part_id, { ...out.get(r.part_id), [r.type]: r.amount });
    }
    return out;
  }

  async list(q: OperationsQuery): Promise<OperationList> {
    const where: string[] = [];
    const params: Record<string, unknown> = { limit: q.limit, offset: q.offset };
    if (q.type) (where.push('op.type = @type'), (params.type = q.type));
    if (q.psp) (where.push('o.psp = @psp'), (params.psp = q.psp));
    if (q.account) (where.push('o.account_id = @account'), (params.account = q.account));
    if (q.orderId) (where.push('op.order_id = @orderId'), (params.orderId = q.orderId));
    if (q.q) {
      where.push(`(o.reference LIKE @q ESCAPE '\\' OR op.requested_by_label LIKE @q ESCAPE '\\' OR op.reason LIKE @q ESCAPE '\\'
        OR op.requested_by_id IN (SELECT id FROM users WHERE name LIKE @q ESCAPE '\\'))`);
      params.q = `%${likeLiteral(q.q)}%`;
    }
    const from = 'FROM operations op JOIN orders o ON o.id = op.order_id';
    const base = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const counts = Object.fromEntries(OPERATION_STATES.map((s) => [s, 0])) as Record<OperationState, number>;
    for (const r of this.db.prepare(`SELECT op.state, count(*) AS n ${from} ${base} GROUP BY op.state`).all(params) as { state: OperationState; n: number }[]) {
      counts[r.state] = r.n;
    }
    if (q.state) (where.push('op.state = @state'), (params.state = q.state));
    const filtered = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const total = q.state ? counts[q.state] : Object.values(counts).reduce((s, n) => s + n, 0);
    const rows = this.db.prepare(`${SELECT_OPERATION} ${filtered} ORDER BY op.id DESC LIMIT @limit OFFSET @offset`).all(params) as OperationRow[];
    return { items: rows.map(toOperation), total, counts };
  }

  private read(id: number): Operation {
    return toOperation(this.stmt.byId.get(id) as OperationRow);
  }

  /** The part as the rule table reads it, with what other operations hold in flight (`except` one being decided again). */
  private allowanceInput(part: PartFactsRow, except: number): AllowanceInput {
    const reserved = this.reservations(part.order_id, except);
    const pendingAmounts = reserved.get(part.id) ?? {};
    return {
      transaction: transactionOf(this.stmt.partsOfOrder.all(part.order_id) as PartFactsRow[], reserved),
      psp: part.psp,
      kind: part.kind,
      brand: part.brand,
      status: part.status as PartStatus,
      amount: part.amount,
      capturedAmount: part.captured_amount,
      refundedAmount: part.refunded_amount,
      pendingAmounts,
      paidAt: part.paid_at,
      captureDueAt: part.capture_due_at,
    };
  }
}

/**
 * What an operation moved on each part it touched. On one part: its amount. On a whole transaction: a
 * cancellation cancels every part; a validation, possibly partial, covers the voucher first, then the
 * card (the sandbox's reading; Sips does not say) [I].
 */
function shares(row: OperationRow, parts: readonly PartFactsRow[]): [PartFactsRow, number][] {
  if (parts.length === 1) return [[parts[0]!, row.amount]];
  if (row.type !== 'validate') return parts.map((p) => [p, p.amount]);
  let left = row.amount;
  const ordered = [...parts].sort((a, b) => (a.kind === b.kind ? a.id - b.id : a.kind === 'voucher' ? -1 : 1));
  return ordered.flatMap((p): [PartFactsRow, number][] => {
    const amount = Math.min(left, p.amount);
    left -= amount;
    return amount > 0 ? [[p, amount]] : [];
  });
}

function toOperation(r: OperationRow): Operation {
  return {
    id: r.id,
    partId: r.part_id,
    orderId: r.order_id,
    orderReference: r.reference,
    accountId: r.account_id,
    psp: r.psp,
    partKey: r.part_key,
    partKind: r.kind,
    brand: r.brand,
    type: r.type,
    amount: r.amount,
    currency: r.currency,
    state: r.state,
    reason: r.reason,
    idempotencyKey: r.idempotency_key,
    requestedBy: { id: r.requested_by_id, label: r.requested_by_label, name: r.requested_by_name },
    overInitial: r.over_initial === 1,
    approvalReason: r.approval_reason,
    decidedBy: r.decided_by_label === null ? null : { id: r.decided_by_id, label: r.decided_by_label, name: r.decided_by_name },
    decisionNote: r.decision_note,
    decidedAt: r.decided_at,
    pspRequestId: r.psp_request_id,
    pspCode: r.psp_code,
    pspMessage: r.psp_message,
    pspReference: r.psp_reference,
    resolution: r.resolution,
    createdAt: r.created_at,
    sentAt: r.sent_at,
    completedAt: r.completed_at,
    updatedAt: r.updated_at,
  };
}
