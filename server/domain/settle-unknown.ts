import { formatMoney } from '../../shared/money';
import type { OperationType } from '../../shared/rules';
import type { CashInquiry } from '../psp/cash';

export interface Settlement {
  state: 'succeeded' | 'failed' | 'unknown';
  /** What the PSP's answer showed, in words. */
  resolution: string;
}

/**
 * Whether an operation whose answer was lost happened, from what the PSP says of the transaction now.
 * `books` are the part's totals as we hold them, this operation excluded: the PSP's total beyond them
 * by at least the amount means it was done; equal to them means it was not. Anything else stays
 * unknown for a person (or the next operations report) to settle. Pure.
 */
export function settleUnknown(
  operation: { type: OperationType; amount: number; currency: string; pspRequestId: string | null },
  inquiry: CashInquiry,
  books: { capturedAmount: number; refundedAmount: number },
): Settlement {
  const said = inquiry.status ? ` (status ${inquiry.status})` : '';
  if (inquiry.processedRequestIds && operation.pspRequestId) {
    return inquiry.processedRequestIds.includes(operation.pspRequestId)
      ? { state: 'succeeded', resolution: `the PSP lists request ${operation.pspRequestId} as processed${said}` }
      : { state: 'failed', resolution: `the PSP has no trace of request ${operation.pspRequestId}${said}` };
  }
  const byTotal = (label: string, psp: number | undefined, ours: number): Settlement => {
    if (psp === undefined) return { state: 'unknown', resolution: `the PSP's answer does not give the ${label} total${said}` };
    const money = (cents: number) => formatMoney(cents, operation.currency);
    if (psp >= ours + operation.amount) return { state: 'succeeded', resolution: `the PSP's ${label} total is ${money(psp)}, ours was ${money(ours)}: it was done${said}` };
    if (psp <= ours) return { state: 'failed', resolution: `the PSP's ${label} total is still ${money(psp)}: it was not done${said}` };
    return { state: 'unknown', resolution: `the PSP's ${label} total (${money(psp)}) is between ours (${money(ours)}) and ours plus this operation: check the operations report${said}` };
  };
  switch (operation.type) {
    case 'refund':
      return byTotal('refunded', inquiry.refundedAmount, books.refundedAmount);
    case 'capture':
    case 'validate':
      return byTotal('captured', inquiry.capturedAmount, books.capturedAmount);
    case 'cancel':
      return inquiry.cancelled === undefined
        ? { state: 'unknown', resolution: `the PSP's answer does not say whether the transaction is cancelled${said}` }
        : inquiry.cancelled
          ? { state: 'succeeded', resolution: `the PSP says the transaction is cancelled${said}` }
          : { state: 'failed', resolution: `the PSP says the transaction is not cancelled${said}` };
  }
}
