import { describe, expect, it } from 'vitest';
import { formatMoney } from '../../shared/money';
import { reconcile, type EventFacts, type OrderFacts, type PartFacts } from '../../server/domain/reconcile';

const NOW = new Date('2026-11-21T09:00:00.000Z');
/** Amounts in reasons are written the French way, as everywhere a person reads them. */
const TEN = formatMoney(1000, 'EUR');
const covered = { now: NOW, reportCovers: (account: string, day: string) => account === 'shop' && day === '2026-11-20' };
const notCovered = { now: NOW, reportCovers: () => false };

function event(over: Partial<EventFacts> = {}): EventFacts {
  return { source: 'notification', amount: 1000, status: 'TO_CAPTURE', inboxId: 7, reportLine: null, occurredAt: '2026-11-20T10:00:00.000Z', recordedAt: '2026-11-20T10:00:01.000Z', operation: null, statedTotal: null, ...over };
}
const reportEvent = (over: Partial<EventFacts> = {}) => event({ source: 'transactions_report', inboxId: null, reportLine: { id: 40, importId: 3, line: 12 }, status: 'CAPTURED', ...over });

function part(over: Partial<PartFacts> = {}): PartFacts {
  return { partKey: 'card', kind: 'card', brand: 'CB', amount: 1000, status: 'CAPTURED', events: [event(), reportEvent()], ...over };
}
function order(parts: PartFacts[], over: Partial<OrderFacts> = {}): OrderFacts {
  return { orderId: 1, psp: 'sips', accountId: 'shop', currency: 'EUR', expectedAmount: null, voucherAmount: 0, cardAmount: 1000, anomalies: [], parts, ...over };
}
const types = (o: OrderFacts, ctx = covered) => reconcile(o, ctx).map((f) => f.type);

describe('reconcile', () => {
  it('finds nothing when notification and report agree', () => {
    expect(reconcile(order([part()]), covered)).toEqual([]);
  });

  it('a notified part missing from a report that covers its day; not before the report is in, nor for Axepta (no transactions report)', () => {
    const o = order([part({ events: [event()] })]);
    expect(reconcile(o, covered)).toEqual([
      { type: 'missing_from_report', partKey: 'card', reason: `the card part (Carte Bancaire, ${TEN}) was notified but is missing from the transactions report of 2026-11-20`, amount: 1000, evidence: { inboxIds: [7], reportLines: [] } },
    ]);
    expect(types(o, notCovered)).toEqual([]);
    expect(types({ ...o, psp: 'axepta' })).toEqual([]);
  });

  it('a part in the report never notified, with the report line as evidence', () => {
    const [found] = reconcile(order([part({ events: [reportEvent()] })]), covered);
    expect(found).toMatchObject({ type: 'not_notified', amount: 1000, evidence: { inboxIds: [], reportLines: [{ id: 40, importId: 3, line: 12 }] } });
  });

  it('an amount that differs, the difference at stake', () => {
    const o = order([part({ events: [event(), reportEvent({ amount: 1250 })] })], { anomalies: [{ code: 'PART_AMOUNT_DIFFERS', message: 'sources disagree on the amount of this part: 1000, 1250 cents', partKey: 'card' }] });
    expect(reconcile(o, covered)).toEqual([expect.objectContaining({ type: 'amount_differs', amount: 250, reason: 'sources disagree on the amount of this part: 1000, 1250 cents' })]);
  });

  it('a status that differs', () => {
    const o = order([part({ status: 'REFUSED' })], { anomalies: [{ code: 'PART_STATUS_CONFLICT', message: 'one source says accepted, another says refused', partKey: 'card' }] });
    expect(types(o)).toEqual(['status_differs']);
  });

  it('parts that do not add up, and a voucher accepted next to a refused card, about the order as a whole', () => {
    const sum = order([part()], { expectedAmount: 1500, anomalies: [{ code: 'SPLIT_SUM_MISMATCH', message: 'SPLIT amounts add up to 1000, the transaction is 1500' }] });
    expect(reconcile(sum, covered)).toEqual([expect.objectContaining({ type: 'parts_do_not_add_up', partKey: null, amount: 500 })]);
    // The notification stated 1000, the report 1120: the report's gap is what is at stake.
    const reported = order([part({ events: [event({ statedTotal: 1000 }), reportEvent({ statedTotal: 1120 })] })], { expectedAmount: 1000, anomalies: [{ code: 'SPLIT_SUM_MISMATCH', message: 'SPLIT amounts add up to 1000, the transaction is 1120' }] });
    expect(reconcile(reported, covered)).toEqual([expect.objectContaining({ type: 'parts_do_not_add_up', amount: 120 })]);
    const split = order([part({ partKey: 'voucher', kind: 'voucher', brand: 'APETIZ' }), part({ status: 'REFUSED' })], { voucherAmount: 1000, anomalies: [{ code: 'VOUCHER_ACCEPTED_CARD_REFUSED', message: 'the voucher part is accepted while its card complement failed' }] });
    expect(reconcile(split, covered)).toEqual([expect.objectContaining({ type: 'voucher_accepted_card_refused', partKey: null, amount: 1000 })]);
  });

  it('an operation done outside the product; captures are not', () => {
    const refund = event({ source: 'operations_report', inboxId: null, reportLine: { id: 41, importId: 4, line: 3 }, amount: 100, status: null, operation: { type: 'refund', amount: 100, succeeded: true, outside: true } });
    const [found] = reconcile(order([part({ events: [event(), reportEvent(), refund] })]), covered);
    expect(found).toEqual({ type: 'outside_operation', partKey: 'card', reason: `the card part (Carte Bancaire, ${TEN}): refund of ${formatMoney(100, 'EUR')} done outside this product (the PSP's back office or another tool)`, amount: 100, evidence: { inboxIds: [], reportLines: [{ id: 41, importId: 4, line: 3 }] } });
  });

  it('a refund issued here not confirmed by an operations report after 3 days, and no longer once confirmed', () => {
    const issued = event({ source: 'operation', inboxId: null, amount: 300, status: null, recordedAt: '2026-11-17T09:00:00.000Z', operation: { type: 'refund', amount: 300, succeeded: true, outside: false } });
    expect(types(order([part({ events: [event(), reportEvent(), issued] })]))).toEqual(['refund_not_confirmed']);
    const confirmed = event({ source: 'operations_report', inboxId: null, amount: 300, status: null, operation: { type: 'refund', amount: 300, succeeded: true, outside: false } });
    expect(types(order([part({ events: [event(), reportEvent(), issued, confirmed] })]))).toEqual([]);
    expect(types(order([part({ events: [event(), reportEvent(), { ...issued, recordedAt: '2026-11-20T09:00:00.000Z' }] })]))).toEqual([]);
  });

  it('a voucher outside the Conecs limits', () => {
    const o = order([part({ partKey: 'voucher', kind: 'voucher', brand: 'APETIZ', amount: 2500 })], { anomalies: [{ code: 'VOUCHER_ABOVE_DAILY_MAXIMUM', message: 'above the 19 EUR daily maximum', partKey: 'voucher' }] });
    expect(types(o)).toEqual(['voucher_outside_limits']);
  });

  it('a Sips part pending past 30 minutes; an Up2pay one only past a day', () => {
    const pending = (psp: OrderFacts['psp'], at: string) => order([part({ status: 'PENDING', events: [event({ status: 'PENDING', occurredAt: at })] })], { psp });
    expect(reconcile(pending('sips', '2026-11-21T08:20:00.000Z'), notCovered)).toEqual([expect.objectContaining({ type: 'stale_pending', reason: `the card part (Carte Bancaire, ${TEN}) has been pending for 40 minutes; Worldline Sips answers within 30 minutes` })]);
    expect(types(pending('sips', '2026-11-21T08:40:00.000Z'), notCovered)).toEqual([]);
    expect(types(pending('up2pay', '2026-11-21T08:20:00.000Z'), notCovered)).toEqual([]);
    expect(types(pending('up2pay', '2026-11-19T08:20:00.000Z'), notCovered)).toEqual(['stale_pending']);
  });
});
