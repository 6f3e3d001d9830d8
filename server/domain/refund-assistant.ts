import type { Allowance } from '../../shared/api';
import type { RefundProposal } from '../../shared/api-operations';
import { formatMoney } from '../../shared/money';
import type { PartKind } from '../../shared/psp';

export interface AssistedPart {
  id: number;
  partKey: string;
  kind: PartKind;
  brand: string;
  /** What the rule table allows now, reservations of operations in flight already deducted. */
  operations: Allowance[];
}

/**
 * How to give `requested` cents back across an order's parts: card parts first (the supplement is
 * refundable at every PSP, the voucher not at all at Sips nor for CV-Connect), then vouchers, each
 * capped by what its rule allows now; parts that cannot give anything back are listed with why.
 * Pure: the same parts and amount give the same proposal.
 */
export function proposeRefund(parts: readonly AssistedPart[], requested: number, currency: string): RefundProposal {
  const ordered = [...parts].sort((a, b) => (a.kind === b.kind ? a.id - b.id : a.kind === 'card' ? -1 : 1));
  const lines: RefundProposal['lines'] = [];
  const blocked: RefundProposal['blocked'] = [];
  let left = requested;
  for (const part of ordered) {
    const refund = part.operations.find((a) => a.type === 'refund');
    if (!refund?.allowed || !refund.maxAmount) {
      const reason = !refund
        ? 'no refund rule'
        : refund.allowed
          ? `nothing is left within the captured amount${refund.overInitialAllowed ? '; a refund beyond it is asked on the part itself, with a supervisor' : ''}`
          : refund.reason;
      blocked.push({ partId: part.id, partKey: part.partKey, kind: part.kind, brand: part.brand, reason, source: refund?.source ?? null });
      continue;
    }
    const amount = Math.min(left, refund.maxAmount);
    if (amount <= 0) continue;
    lines.push({ partId: part.id, partKey: part.partKey, kind: part.kind, brand: part.brand, amount, maxAmount: refund.maxAmount, ruleId: refund.ruleId, source: refund.source });
    left -= amount;
  }
  const money = (cents: number) => formatMoney(cents, currency);
  const split = lines.map((l) => `${money(l.amount)} on the ${l.kind} part (${l.brand})`).join(' and ');
  const message =
    lines.length === 0
      ? `nothing of this order can be refunded through the PSP now${blocked.length ? `: ${blocked.map((b) => `${b.kind} part, ${b.reason}`).join('; ')}` : ''}`
      : left > 0
        ? `only ${money(requested - left)} of ${money(requested)} can be refunded through the PSP: ${split}; ${money(left)} must be given back another way`
        : `refund ${split}`;
  return { requested, currency, lines, blocked, shortfall: left, message };
}
