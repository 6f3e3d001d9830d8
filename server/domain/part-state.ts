import type { Anomaly } from '../../shared/api';
import type { ReportOperation } from '../../shared/import-profile';
import { ACCEPTED_STATUSES, type PartKind, type PartStatus } from '../../shared/psp';
import { formatMoney } from '../../shared/money';
import { addDays, parisDay, parisDayStart } from '../../shared/time';
import type { PartObservation } from './observation';

export type EventSource = 'notification' | 'transactions_report' | 'operations_report' | 'operation';

/** A part event as stored: one source's observation of the part. */
export interface PartEventRecord {
  source: EventSource;
  fingerprint: string;
  recordedAt: string;
  observation: PartObservation;
  /** Problems about the whole order that this event carried (kept with the event that brought them). */
  orderAnomalies: Anomaly[];
  /** A cash operation on the part (a capture, a refund...), from an operations report or issued here. */
  operation?: PartOperation;
}

export interface PartOperation {
  type: ReportOperation;
  amount: number;
  succeeded: boolean;
  /** Done in the PSP's back office or elsewhere, not issued from this product. */
  outside: boolean;
}

/** The state a succeeded operation puts its part in; refunds and the rest leave the state alone. */
export const OPERATION_STATUS: Partial<Record<ReportOperation, PartStatus>> = {
  capture: 'CAPTURED',
  cancel: 'CANCELLED',
  validate: 'TO_CAPTURE',
};

export interface PartState {
  kind: PartKind;
  brand: string;
  amount: number;
  currency: string;
  status: PartStatus;
  responseCode: string | null;
  responseMessage: string | null;
  pspTransactionId: string | null;
  authorisationId: string | null;
  maskedPan: string | null;
  captureDueAt: string | null;
  paidAt: string | null;
  firstSource: 'notification' | 'transactions_report';
  capturedAmount: number;
  refundedAmount: number;
  anomalies: Anomaly[];
}

/**
 * Final states outrank pending ones, so a late "pending" never undoes a final answer: the state is a
 * function of the set of events, not of their arrival order.
 */
const RANK: Record<PartStatus, number> = {
  PENDING: 0,
  TO_VALIDATE: 1,
  TO_CAPTURE: 1,
  CAPTURED: 2,
  EXPIRED: 3,
  REFUSED: 3,
  CANCELLED: 4,
};

/** A refund (or a failed operation) leaves the part's state alone: it says nothing new of what the part is. */
const passive = (e: PartEventRecord) => (e.operation && !(e.operation.succeeded && OPERATION_STATUS[e.operation.type]) ? 1 : 0);

function compareEvents(a: PartEventRecord, b: PartEventRecord): number {
  const ao = a.observation;
  const bo = b.observation;
  return (
    RANK[ao.status] - RANK[bo.status] ||
    passive(b) - passive(a) ||
    (ao.occurredAt ?? '').localeCompare(bo.occurredAt ?? '') ||
    ao.status.localeCompare(bo.status) ||
    a.fingerprint.localeCompare(b.fingerprint)
  );
}

const GENERIC_BRANDS = new Set(['CONECS']);

/**
 * The succeeded operations, each once: an operations report row that confirms an operation issued
 * here (same type and amount, not done outside) is the same money, not a second refund.
 */
function countedOperations(events: readonly PartEventRecord[]): PartOperation[] {
  const issued = events.flatMap((e) => (e.source === 'operation' && e.operation?.succeeded ? [e.operation] : []));
  const unconfirmed = [...issued];
  const reported = events.flatMap((e) => {
    if (e.source === 'operation' || !e.operation?.succeeded) return [];
    const op = e.operation;
    const mine = op.outside ? -1 : unconfirmed.findIndex((o) => o.type === op.type && o.amount === op.amount);
    if (mine < 0) return [op];
    unconfirmed.splice(mine, 1);
    return [];
  });
  return [...issued, ...reported];
}

export function derivePart(events: readonly PartEventRecord[]): PartState {
  if (events.length === 0) throw new Error('derivePart needs at least one event');
  const ordered = [...events].sort(compareEvents);
  const winner = ordered[ordered.length - 1]!.observation;
  const newestFirst = [...ordered].reverse().map((e) => e.observation);
  const firstKnown = <K extends keyof PartObservation>(key: K) => newestFirst.find((o) => o[key] != null)?.[key] ?? null;

  const anomalies: Anomaly[] = [];
  const seen = new Set<string>();
  for (const o of ordered.map((e) => e.observation)) {
    for (const a of o.anomalies) {
      if (!seen.has(a.code)) anomalies.push(a);
      seen.add(a.code);
    }
  }
  // A pending notice is provisional (a Sips one carries the whole transaction amount, before any SPLIT).
  const amounts = new Set(ordered.filter((e) => !e.operation && e.observation.status !== 'PENDING').map((e) => e.observation.amount));
  if (amounts.size > 1) {
    anomalies.push({
      code: 'PART_AMOUNT_DIFFERS',
      message: `sources disagree on the amount of this part: ${[...amounts].sort((x, y) => x - y).map((a) => formatMoney(a, winner.currency)).join(', ')}`,
      partKey: winner.partKey,
    });
  }
  const statuses = new Set(ordered.map((e) => e.observation.status));
  if ([...statuses].some((s) => ACCEPTED_STATUSES.includes(s)) && statuses.has('REFUSED')) {
    anomalies.push({ code: 'PART_STATUS_CONFLICT', message: 'one source says accepted, another says refused', partKey: winner.partKey });
  }

  const specificBrand = GENERIC_BRANDS.has(winner.brand) ? newestFirst.find((o) => !GENERIC_BRANDS.has(o.brand))?.brand : undefined;
  const acceptedTimes = ordered
    .filter((e) => ACCEPTED_STATUSES.includes(e.observation.status))
    .map((e) => e.observation.occurredAt ?? e.recordedAt)
    .sort();

  const operations = countedOperations(ordered);
  const total = (type: ReportOperation) => operations.filter((o) => o.type === type).reduce((sum, o) => sum + o.amount, 0);
  // A report saying CAPTURED without the capture operation in hand still means the whole part was captured.
  const capturedAmount = total('capture') || (winner.status === 'CAPTURED' ? winner.amount : 0);

  return {
    kind: winner.kind,
    brand: specificBrand ?? winner.brand,
    amount: winner.amount,
    currency: winner.currency,
    status: winner.status,
    responseCode: winner.responseCode,
    responseMessage: winner.message,
    pspTransactionId: winner.pspTransactionId ?? firstKnown('pspTransactionId'),
    authorisationId: winner.authorisationId ?? firstKnown('authorisationId'),
    maskedPan: winner.maskedPan ?? firstKnown('maskedPan'),
    captureDueAt: captureDueAt(winner, acceptedTimes[0] ?? null),
    paidAt: acceptedTimes[0] ?? null,
    firstSource: events.some((e) => e.source === 'notification') ? 'notification' : 'transactions_report',
    capturedAmount,
    refundedAmount: total('refund'),
    anomalies,
  };
}

/** An automatic capture happens in the remittance of the night that ends the capture delay. */
function captureDueAt(winner: PartObservation, paidAt: string | null): string | null {
  if (winner.status !== 'TO_CAPTURE' || winner.captureDelayDays === null || !paidAt) return null;
  return parisDayStart(addDays(parisDay(paidAt), winner.captureDelayDays + 1)).toISOString();
}
