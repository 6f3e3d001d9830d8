import type { Anomaly } from '../../../shared/api';
import { panLast4 } from '../../../shared/pan';
import type { OrderObservation, PartObservation } from '../../domain/observation';
import { deriveOrder } from '../../domain/order-state';
import { derivePart, OPERATION_STATUS, type EventSource, type PartEventRecord, type PartOperation, type PartState } from '../../domain/part-state';
import { fingerprint } from '../fingerprint';
import type { Db } from './database';

/** What an event row's `data` holds. */
export interface EventData {
  observation: PartObservation;
  orderAnomalies: Anomaly[];
  operation?: PartOperation;
}

/** Where an event came from: a stored notification or a report line. */
export interface EventOrigin {
  inboxId: number | null;
  reportLineId: number | null;
}

/**
 * A notification is identified by its content (the same notification twice is one event); a report
 * line already is unique (report_lines), so its event is identified by the line.
 */
export function reportLineFingerprint(lineId: number): string {
  return `report-line:${lineId}`;
}

/** The columns of a part an operation event repeats (an operation changes its state, not what it is). */
export interface OperatedPart {
  order_id: number;
  part_key: string;
  kind: PartState['kind'];
  brand: string;
  amount: number;
  currency: string;
  status: PartState['status'];
  psp_transaction_id: string | null;
  authorisation_id: string | null;
  masked_pan: string | null;
}

/** What one cash operation on a part says: the part as it is, in the state the operation leaves it. */
export interface OperationEvent {
  operation: PartOperation;
  occurredAt: string | null;
  responseCode: string | null;
  message: string | null;
}

export interface OrderRef {
  id: number;
  expectedAmount: number | null;
  sourceAnomalies: Anomaly[];
}

export type OrderHeader = Pick<OrderObservation, 'accountId' | 'psp' | 'groupKey' | 'reference' | 'callNumber' | 'currency' | 'expectedAmount' | 'customerEmail'> & {
  /** When the earliest of its parts happened. */
  createdAt: string;
};

export interface PartEventResult {
  /** False when the same event was already recorded (a repeat changes nothing). */
  inserted: boolean;
  partId: number;
  created: boolean;
  /** Anomaly codes of the part before this event, to tell what the event brought. */
  anomaliesBefore: string[];
  state: PartState;
}

/**
 * Writes what sources say about orders and parts: every source (notifications, report lines, our own
 * operations) goes through here, so a part is always the derivation of all its events. Runs inside
 * the caller's transaction.
 */
export class OrderWriter {
  private readonly stmt;

  constructor(private readonly db: Db) {
    this.stmt = {
      orderByKey: db.prepare('SELECT id, expected_amount, source_anomalies FROM orders WHERE account_id = ? AND group_key = ?'),
      orderById: db.prepare('SELECT id, expected_amount, source_anomalies FROM orders WHERE id = ?'),
      insertOrder: db.prepare(`INSERT INTO orders (account_id, psp, group_key, reference, call_number, currency, expected_amount,
        customer_email, created_at, updated_at) VALUES (@accountId, @psp, @groupKey, @reference, @callNumber, @currency,
        @expectedAmount, @customerEmail, @createdAt, @createdAt)`),
      updateOrderHeader: db.prepare(`UPDATE orders SET reference = COALESCE(reference, @reference),
        call_number = COALESCE(call_number, @callNumber), expected_amount = COALESCE(@expectedAmount, expected_amount),
        customer_email = COALESCE(customer_email, @customerEmail), created_at = MIN(created_at, @createdAt) WHERE id = @id`),
      updateOrderState: db.prepare(`UPDATE orders SET amount = @amount, voucher_amount = @voucherAmount, card_amount = @cardAmount,
        status = @status, anomalies = @anomalies, source_anomalies = @sourceAnomalies, brands = @brands, part_count = @partCount,
        updated_at = @updatedAt WHERE id = @id`),
      partByKey: db.prepare('SELECT id, anomalies FROM parts WHERE order_id = ? AND part_key = ?'),
      insertPart: db.prepare(`INSERT INTO parts (order_id, part_key, kind, brand, amount, currency, status, psp_transaction_id,
        authorisation_id, masked_pan, pan_last4, response_code, response_message, captured_amount, refunded_amount, capture_due_at,
        paid_at, anomalies, first_source, created_at, updated_at) VALUES (@orderId, @partKey, @kind, @brand, @amount, @currency,
        @status, @pspTransactionId, @authorisationId, @maskedPan, @panLast4, @responseCode, @responseMessage, @capturedAmount,
        @refundedAmount, @captureDueAt, @paidAt, @anomalies, @firstSource, @now, @now)`),
      updatePart: db.prepare(`UPDATE parts SET kind = @kind, brand = @brand, amount = @amount, currency = @currency, status = @status,
        psp_transaction_id = @pspTransactionId, authorisation_id = @authorisationId, masked_pan = @maskedPan, pan_last4 = @panLast4,
        response_code = @responseCode, response_message = @responseMessage, captured_amount = @capturedAmount,
        refunded_amount = @refundedAmount, capture_due_at = @captureDueAt, paid_at = @paidAt, anomalies = @anomalies,
        first_source = @firstSource, updated_at = @now WHERE id = @id`),
      insertEvent: db.prepare(`INSERT INTO part_events (part_id, inbox_id, report_line_id, source, status, amount, response_code,
        message, occurred_at, recorded_at, fingerprint, data) VALUES (@partId, @inboxId, @reportLineId, @source, @status, @amount,
        @responseCode, @message, @occurredAt, @recordedAt, @fingerprint, @data) ON CONFLICT (part_id, fingerprint) DO NOTHING`),
      eventsOfPart: db.prepare('SELECT source, fingerprint, recorded_at, data FROM part_events WHERE part_id = ? ORDER BY id'),
      partStatesOfOrder: db.prepare('SELECT part_key, kind, brand, amount, currency, status, paid_at, anomalies FROM parts WHERE order_id = ?'),
    };
  }

  /** The order of this group key, created when new; the header fills in what was unknown. */
  upsertOrder(h: OrderHeader): OrderRef {
    const existing = this.stmt.orderByKey.get(h.accountId, h.groupKey) as OrderRefRow | undefined;
    if (existing) {
      this.stmt.updateOrderHeader.run({ id: existing.id, ...headerColumns(h) });
      return { ...orderRef(existing), expectedAmount: h.expectedAmount ?? existing.expected_amount };
    }
    const id = Number(this.stmt.insertOrder.run({ accountId: h.accountId, psp: h.psp, groupKey: h.groupKey, currency: h.currency, ...headerColumns(h) }).lastInsertRowid);
    return { id, expectedAmount: h.expectedAmount, sourceAnomalies: [] };
  }

  orderById(id: number): OrderRef {
    return orderRef(this.stmt.orderById.get(id) as OrderRefRow);
  }

  /**
   * Records what a source says about a part, once (the fingerprint makes a repeat a no-op), and
   * derives the part again from all its events.
   */
  addPartEvent(orderId: number, origin: EventOrigin, source: EventSource, data: EventData, now: string): PartEventResult {
    const json = JSON.stringify(data);
    const id = origin.reportLineId === null ? fingerprint(source, json) : reportLineFingerprint(origin.reportLineId);
    const event: PartEventRecord = { source, fingerprint: id, recordedAt: now, ...data };
    const existing = this.stmt.partByKey.get(orderId, data.observation.partKey) as { id: number; anomalies: string } | undefined;
    let partId: number;
    let state: PartState;
    if (existing) {
      partId = existing.id;
    } else {
      // A new part is its first event: derive it from that event alone, no need to read it back.
      state = derivePart([event]);
      partId = Number(this.stmt.insertPart.run({ orderId, partKey: data.observation.partKey, ...partColumns(state), now }).lastInsertRowid);
    }
    const op = data.operation;
    const inserted =
      this.stmt.insertEvent.run({
        partId,
        ...origin,
        source,
        status: op && !(op.succeeded && OPERATION_STATUS[op.type]) ? null : data.observation.status,
        amount: op ? op.amount : data.observation.amount,
        responseCode: data.observation.responseCode,
        message: data.observation.message,
        occurredAt: data.observation.occurredAt,
        recordedAt: now,
        fingerprint: event.fingerprint,
        data: json,
      }).changes > 0;
    const anomaliesBefore = existing ? (JSON.parse(existing.anomalies) as Anomaly[]).map((a) => a.code) : [];
    if (existing) {
      const events = (this.stmt.eventsOfPart.all(partId) as { source: EventSource; fingerprint: string; recorded_at: string; data: string }[]).map((r) => ({
        source: r.source,
        fingerprint: r.fingerprint,
        recordedAt: r.recorded_at,
        ...(JSON.parse(r.data) as EventData),
      }));
      state = derivePart(events);
      if (inserted) this.stmt.updatePart.run({ id: partId, ...partColumns(state), now });
    }
    return { inserted, partId, created: !existing, anomaliesBefore, state: state! };
  }

  /** Records a cash operation (from an operations report, or issued here) on its part. */
  addOperationEvent(part: OperatedPart, origin: EventOrigin, source: EventSource, event: OperationEvent, now: string): PartEventResult {
    const { operation } = event;
    const observation: PartObservation = {
      partKey: part.part_key,
      kind: part.kind,
      brand: part.brand,
      amount: part.amount,
      currency: part.currency,
      status: (operation.succeeded && OPERATION_STATUS[operation.type]) || part.status,
      responseCode: event.responseCode,
      message: event.message,
      pspTransactionId: part.psp_transaction_id,
      authorisationId: part.authorisation_id,
      maskedPan: part.masked_pan,
      occurredAt: event.occurredAt,
      // A validated transaction goes to the bank with the night's remittance.
      captureDelayDays: operation.succeeded && operation.type === 'validate' ? 0 : null,
      anomalies: [],
    };
    return this.addPartEvent(part.order_id, origin, source, { observation, orderAnomalies: [], operation }, now);
  }

  /** The order's totals, split, status and anomalies, derived again from its parts (read here, or given by a caller reading many at once). */
  recomputeOrder(order: OrderRef, newAnomalies: Anomaly[], now: string, rows = this.stmt.partStatesOfOrder.all(order.id) as PartStateRow[]): void {
    const sourceAnomalies = [...order.sourceAnomalies];
    for (const a of newAnomalies) if (!sourceAnomalies.some((x) => x.code === a.code && x.message === a.message)) sourceAnomalies.push(a);
    const parts = rows.map((p) => ({
      partKey: p.part_key,
      kind: p.kind,
      brand: p.brand,
      amount: p.amount,
      currency: p.currency,
      status: p.status,
      paidAt: p.paid_at,
      anomalies: JSON.parse(p.anomalies) as Anomaly[],
    }));
    const state = deriveOrder(parts, order.expectedAmount, sourceAnomalies);
    this.stmt.updateOrderState.run({
      id: order.id,
      ...state,
      anomalies: JSON.stringify(state.anomalies),
      sourceAnomalies: JSON.stringify(sourceAnomalies),
      brands: [...new Set(parts.map((p) => p.brand))].sort().join(','),
      partCount: parts.length,
      updatedAt: now,
    });
  }

  /** Derives again every order whose id is in `table` (a temp table with an `order_id` column), a page of orders at a time. */
  recomputeOrders(table: string, now: string): void {
    const orders = this.db.prepare(`SELECT o.id, o.expected_amount, o.source_anomalies FROM ${table} t JOIN orders o ON o.id = t.order_id
      WHERE t.order_id > ? ORDER BY t.order_id LIMIT 2000`);
    const parts = this.db.prepare(`SELECT order_id, part_key, kind, brand, amount, currency, status, paid_at, anomalies FROM parts
      WHERE order_id BETWEEN ? AND ? ORDER BY order_id`);
    for (let page: OrderRefRow[], after = 0; (page = orders.all(after) as OrderRefRow[]).length > 0; after = page[page.length - 1]!.id) {
      const byOrder = new Map<number, PartStateRow[]>();
      for (const p of parts.all(page[0]!.id, page[page.length - 1]!.id) as (PartStateRow & { order_id: number })[]) {
        const list = byOrder.get(p.order_id);
        if (list) list.push(p);
        else byOrder.set(p.order_id, [p]);
      }
      for (const o of page) this.recomputeOrder(orderRef(o), [], now, byOrder.get(o.id) ?? []);
    }
  }
}

interface OrderRefRow {
  id: number;
  expected_amount: number | null;
  source_anomalies: string;
}

type PartStateRow = Pick<OperatedPart, 'part_key' | 'kind' | 'brand' | 'amount' | 'currency' | 'status'> & { paid_at: string | null; anomalies: string };

function orderRef(r: OrderRefRow): OrderRef {
  return { id: r.id, expectedAmount: r.expected_amount, sourceAnomalies: JSON.parse(r.source_anomalies) as Anomaly[] };
}

function headerColumns(h: OrderHeader) {
  return { reference: h.reference, callNumber: h.callNumber, expectedAmount: h.expectedAmount, customerEmail: h.customerEmail, createdAt: h.createdAt };
}

function partColumns(state: PartState) {
  return { ...state, panLast4: panLast4(state.maskedPan), anomalies: JSON.stringify(state.anomalies) };
}
