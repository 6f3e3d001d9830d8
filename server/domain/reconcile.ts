import type { Anomaly } from '../../shared/api';
import type { DiscrepancyType, Evidence } from '../../shared/discrepancies';
import { brandLabel } from '../../shared/brands';
import { formatMoney } from '../../shared/money';
import { PSP_LABELS, type PartKind, type PartStatus, type Psp } from '../../shared/psp';
import { parisDay } from '../../shared/time';
import type { EventSource, PartOperation } from './part-state';

/** What the books hold about one order: its parts and, for each, where each source's word is. */
export interface OrderFacts {
  orderId: number;
  psp: Psp;
  accountId: string;
  currency: string;
  expectedAmount: number | null;
  voucherAmount: number;
  cardAmount: number;
  anomalies: Anomaly[];
  parts: PartFacts[];
}

export interface PartFacts {
  partKey: string;
  kind: PartKind;
  brand: string;
  amount: number;
  status: PartStatus;
  events: EventFacts[];
}

export interface EventFacts {
  source: EventSource;
  amount: number | null;
  status: PartStatus | null;
  inboxId: number | null;
  reportLine: { id: number; importId: number; line: number } | null;
  occurredAt: string | null;
  recordedAt: string;
  operation: PartOperation | null;
  /** The order total this source stated (a Sips report row states it beside its SPLIT). */
  statedTotal: number | null;
}

export interface ReconcileContext {
  now: Date;
  /** Whether the account's transactions report for that Paris day has been imported. */
  reportCovers(accountId: string, day: string): boolean;
}

export interface Found {
  type: DiscrepancyType;
  /** The part it is about; null for the order as a whole. */
  partKey: string | null;
  reason: string;
  /** Cents at stake. */
  amount: number;
  evidence: Evidence;
}

/**
 * How long a payment may stay pending before someone must look: Sips answers Conecs within 30 minutes
 * (DOMAIN.md); the others give no figure, so a day (inferred).
 */
export const PENDING_DEADLINE_MINUTES: Record<Psp, number> = { sips: 30, up2pay: 24 * 60, axepta: 24 * 60, payline: 24 * 60 };

/** Days after which a refund issued here and not seen in an operations report is chased. */
export const REFUND_CONFIRMATION_DAYS = 3;

/** PSPs that deliver a transactions report (Axepta delivers only batch responses, i.e. operations). */
const TRANSACTIONS_REPORTS: Record<Psp, boolean> = { sips: true, up2pay: true, axepta: false, payline: true };

const SUM_CODES = new Set(['PARTS_SUM_MISMATCH', 'SPLIT_SUM_MISMATCH', 'SPLIT_UNPARSEABLE']);
const LIMIT_CODES = new Set(['VOUCHER_BELOW_MINIMUM', 'VOUCHER_ABOVE_DAILY_MAXIMUM']);

const evidenceOf = (events: readonly EventFacts[]): Evidence => ({
  inboxIds: [...new Set(events.flatMap((e) => (e.inboxId === null ? [] : [e.inboxId])))].sort((a, b) => a - b),
  reportLines: events.flatMap((e) => (e.reportLine ? [e.reportLine] : [])).sort((a, b) => a.id - b.id),
});
const firstTime = (events: readonly EventFacts[]) => events.map((e) => e.occurredAt ?? e.recordedAt).sort()[0]!;

/**
 * Every way the sources disagree about an order, each with a reason in words, the amount at stake and
 * the evidence. A function of the facts and the clock only, so running it again finds the same.
 */
export function reconcile(order: OrderFacts, context: ReconcileContext): Found[] {
  const found: Found[] = [];
  const allEvents = order.parts.flatMap((p) => p.events);
  const orderEvidence = evidenceOf(allEvents);

  for (const part of order.parts) {
    const add = (type: DiscrepancyType, reason: string, amount: number, events: readonly EventFacts[] = part.events) =>
      found.push({ type, partKey: part.partKey, reason, amount, evidence: evidenceOf(events) });
    const notified = part.events.filter((e) => e.source === 'notification');
    const reported = part.events.filter((e) => e.source === 'transactions_report');
    const label = `the ${part.kind} part (${brandLabel(part.brand)}, ${formatMoney(part.amount, order.currency)})`;

    if (notified.length && !reported.length && TRANSACTIONS_REPORTS[order.psp] && part.status !== 'PENDING') {
      const day = parisDay(firstTime(notified));
      if (context.reportCovers(order.accountId, day)) {
        add('missing_from_report', `${label} was notified but is missing from the transactions report of ${day}`, part.amount);
      }
    }
    if (reported.length && !notified.length) {
      add('not_notified', `${label} is in the transactions report but no notification for it was ever received`, part.amount);
    }
    const anomaly = (code: string) => order.anomalies.find((a) => a.code === code && a.partKey === part.partKey);
    const amountDiffers = anomaly('PART_AMOUNT_DIFFERS');
    if (amountDiffers) {
      const amounts = part.events.filter((e) => !e.operation && e.status !== 'PENDING' && e.amount !== null).map((e) => e.amount!);
      add('amount_differs', amountDiffers.message, Math.max(...amounts) - Math.min(...amounts));
    }
    const statusDiffers = anomaly('PART_STATUS_CONFLICT');
    if (statusDiffers) add('status_differs', `${label}: ${statusDiffers.message}`, part.amount);
    const limit = order.anomalies.find((a) => LIMIT_CODES.has(a.code) && a.partKey === part.partKey);
    if (limit) add('voucher_outside_limits', limit.message, part.amount);

    const outside = part.events.filter((e) => e.operation?.outside && e.operation.succeeded);
    if (outside.length) {
      const what = outside.map((e) => `${e.operation!.type} of ${formatMoney(e.operation!.amount, order.currency)}`).join(', ');
      add('outside_operation', `${label}: ${what} done outside this product (the PSP's back office or another tool)`, outside.reduce((s, e) => s + e.operation!.amount, 0), outside);
    }

    const confirmed = part.events.filter((e) => e.source === 'operations_report' && e.operation?.type === 'refund');
    const due = context.now.getTime() - REFUND_CONFIRMATION_DAYS * 86_400_000;
    const unconfirmed = part.events.filter(
      (e) => e.source === 'operation' && e.operation?.type === 'refund' && e.operation.succeeded && Date.parse(e.recordedAt) < due && !confirmed.some((c) => c.operation!.amount === e.operation!.amount),
    );
    if (unconfirmed.length) {
      const total = unconfirmed.reduce((s, e) => s + e.operation!.amount, 0);
      add('refund_not_confirmed', `${label}: a refund of ${formatMoney(total, order.currency)} issued here is not in any operations report after ${REFUND_CONFIRMATION_DAYS} days`, total, unconfirmed);
    }

    if (part.status === 'PENDING') {
      const since = firstTime(part.events);
      const minutes = Math.floor((context.now.getTime() - Date.parse(since)) / 60_000);
      if (minutes > PENDING_DEADLINE_MINUTES[order.psp]) {
        add('stale_pending', `${label} has been pending for ${formatDuration(minutes)}; ${PSP_LABELS[order.psp]} answers within ${formatDuration(PENDING_DEADLINE_MINUTES[order.psp])}`, part.amount);
      }
    }
  }

  const sum = order.anomalies.find((a) => SUM_CODES.has(a.code));
  if (sum) {
    // Each source may state its own total: what is at stake is the widest gap between a stated total and the parts.
    const parts = order.voucherAmount + order.cardAmount;
    const totals = [order.expectedAmount, ...allEvents.map((e) => e.statedTotal)].filter((t): t is number => t !== null);
    const gap = Math.max(0, ...totals.map((t) => Math.abs(t - parts)));
    found.push({ type: 'parts_do_not_add_up', partKey: null, reason: sum.message, amount: gap, evidence: orderEvidence });
  }
  const split = order.anomalies.find((a) => a.code === 'VOUCHER_ACCEPTED_CARD_REFUSED');
  if (split) found.push({ type: 'voucher_accepted_card_refused', partKey: null, reason: split.message, amount: order.voucherAmount, evidence: orderEvidence });
  return found;
}

function formatDuration(minutes: number): string {
  if (minutes < 120) return `${minutes} minutes`;
  if (minutes < 48 * 60) return `${Math.floor(minutes / 60)} hours`;
  return `${Math.floor(minutes / 1440)} days`;
}
