import type { Anomaly } from '../../shared/api';
import { brandByCode, CONECS_LIMITS } from '../../shared/brands';
import { formatMoney } from '../../shared/money';
import { ACCEPTED_STATUSES, FAILED_STATUSES, type OrderStatus } from '../../shared/psp';
import type { PartState } from './part-state';

export interface OrderState {
  amount: number;
  voucherAmount: number;
  cardAmount: number;
  status: OrderStatus;
  anomalies: Anomaly[];
}

const MISMATCH_CODES = new Set(['SPLIT_SUM_MISMATCH', 'SPLIT_UNPARSEABLE', 'PARTS_SUM_MISMATCH', 'PART_AMOUNT_DIFFERS']);

/** What the order needs to know of each part. */
export type OrderPart = Pick<PartState, 'kind' | 'brand' | 'amount' | 'currency' | 'status' | 'paidAt' | 'anomalies'> & { partKey: string };

const accepted = (p: OrderPart) => ACCEPTED_STATUSES.includes(p.status);
const failed = (p: OrderPart) => FAILED_STATUSES.includes(p.status);
/** Accepted, then cancelled by an operation (some parts may be, per the rule table): not a failure of the payment. */
const withdrawn = (p: OrderPart) => p.status === 'CANCELLED' && p.paidAt !== null;
const sum = (parts: readonly OrderPart[]) => parts.reduce((s, p) => s + p.amount, 0);

/** The order as a whole, derived from its parts: totals, voucher/card split, status and anomalies. */
export function deriveOrder(
  parts: readonly OrderPart[],
  expectedAmount: number | null,
  orderAnomalies: readonly Anomaly[],
): OrderState {
  const allFailed = parts.length > 0 && parts.every(failed);
  // Money that moved (or may still move); when every part failed, show what was attempted.
  const counted = allFailed ? parts : parts.filter((p) => !failed(p));
  const voucherAmount = sum(counted.filter((p) => p.kind === 'voucher'));
  const cardAmount = sum(counted.filter((p) => p.kind === 'card'));

  const anomalies: Anomaly[] = [];
  const add = (a: Anomaly) => {
    if (!anomalies.some((x) => x.code === a.code && x.partKey === a.partKey)) anomalies.push(a);
  };
  orderAnomalies.forEach(add);
  parts.forEach((p) => p.anomalies.forEach(add));

  if (expectedAmount !== null && !allFailed && parts.length > 0 && !anomalies.some((a) => a.code.startsWith('SPLIT_'))) {
    // What the order is made of, whatever became of each part since: a part cancelled later still made up the total.
    const total = sum(parts);
    if (total !== expectedAmount) {
      const currency = parts[0]!.currency;
      add({ code: 'PARTS_SUM_MISMATCH', message: `the parts add up to ${formatMoney(total, currency)} but the order total is ${formatMoney(expectedAmount, currency)}` });
    }
  }
  for (const p of parts.filter((x) => x.kind === 'voucher')) {
    if (p.currency !== 'EUR') {
      add({ code: 'VOUCHER_CURRENCY_NOT_EUR', message: `voucher part in ${p.currency}: Conecs and CV-Connect are EUR only`, partKey: p.partKey });
    }
    if (brandByCode(p.brand)?.network === 'CONECS' && accepted(p)) {
      if (p.amount < CONECS_LIMITS.minPerTransaction) {
        add({ code: 'VOUCHER_BELOW_MINIMUM', message: `Conecs voucher part of ${formatMoney(p.amount, p.currency)} is below the ${formatMoney(CONECS_LIMITS.minPerTransaction, 'EUR')} minimum (${CONECS_LIMITS.source})`, partKey: p.partKey });
      }
      if (p.amount > CONECS_LIMITS.maxPerDay) {
        add({ code: 'VOUCHER_ABOVE_DAILY_MAXIMUM', message: `Conecs voucher part of ${formatMoney(p.amount, p.currency)} is above the ${formatMoney(CONECS_LIMITS.maxPerDay, 'EUR')} daily maximum (${CONECS_LIMITS.source})`, partKey: p.partKey });
      }
    }
  }
  const voucherAccepted = parts.some((p) => p.kind === 'voucher' && accepted(p));
  const cardRefused = parts.some((p) => p.kind === 'card' && failed(p) && !withdrawn(p));
  if (voucherAccepted && cardRefused) {
    add({ code: 'VOUCHER_ACCEPTED_CARD_REFUSED', message: 'the voucher part is accepted while its card complement failed: the PSP should have cancelled the whole payment (000)' });
  }

  return { amount: expectedAmount ?? voucherAmount + cardAmount, voucherAmount, cardAmount, status: statusOf(parts, anomalies), anomalies };
}

function statusOf(parts: readonly OrderPart[], anomalies: readonly Anomaly[]): OrderStatus {
  if (parts.length === 0) return 'pending';
  if (anomalies.some((a) => a.code === 'VOUCHER_ACCEPTED_CARD_REFUSED')) return 'split_inconsistent';
  if (anomalies.some((a) => MISMATCH_CODES.has(a.code))) return 'amounts_mismatch';
  const pending = parts.filter((p) => p.status === 'PENDING').length;
  if (parts.every(failed)) return parts.every((p) => p.status === 'CANCELLED') ? 'cancelled' : 'refused';
  if (pending === parts.length) return 'pending';
  if (pending > 0) return 'partially_pending';
  // A part cancelled after it was accepted leaves the others paid.
  if (parts.every((p) => accepted(p) || withdrawn(p))) return 'paid';
  // Some parts were refused or expired while the others are accepted: a voucher refused next to an accepted card.
  return 'split_inconsistent';
}
