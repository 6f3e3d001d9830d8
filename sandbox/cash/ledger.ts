import { addDays, parisDay, parisDayStart } from '../../shared/time';
import type { SandboxOrder, SandboxPart } from '../orders';
import { acceptedParts } from '../reports';

export type CashWord = 'capture' | 'refund' | 'cancel' | 'validate';

/** One cash operation the sandbox PSP performed, as its operations report will list it. */
export interface LedgerOperation {
  /** The PSP's id of the operation (Axepta XID, Payline transaction id, Sips/Up2pay: a number). */
  id: string;
  at: Date;
  accountId: string;
  type: CashWord;
  amount: number;
  /** The caller's request id when the PSP has one (Axepta ReqID, Up2pay NUMQUESTION). */
  requestId: string | null;
  order: SandboxOrder;
  part: SandboxPart;
}

/** What the PSP holds on one part's transaction. */
export interface Balance {
  authorised: number;
  captured: number;
  refunded: number;
  cancelled: boolean;
  /** Deferred capture (Sips validation mode, Up2pay PBX_DIFF, Axepta MANUAL) still awaiting capture or validation. */
  awaitingCapture: boolean;
}

/**
 * Automatic capture at Sips (captureDay 0) and Up2pay happens in the night's remittance: until then
 * the transaction is authorised only, and can be cancelled or captured at once. Axepta AUTO and
 * Payline (action 101) capture with the authorisation.
 */
function remitted(order: SandboxOrder, now = new Date()): boolean {
  if (order.psp === 'axepta' || order.psp === 'payline') return true;
  return now.getTime() >= parisDayStart(addDays(parisDay(order.createdAt), 1)).getTime();
}

/**
 * The sandbox PSPs' books: every part they accepted, and every cash operation they performed on it,
 * so each sandbox API can apply its PSP's own limits and the operations report can list what was done.
 */
export class Ledger {
  private readonly operations: LedgerOperation[] = [];
  private sequence = 0;

  constructor(private readonly orders: () => Iterable<SandboxOrder>) {}

  /** The part of that account's orders the predicate picks (the latest generated wins). */
  find(accountId: string, match: (order: SandboxOrder, part: SandboxPart) => boolean): { order: SandboxOrder; part: SandboxPart } | undefined {
    for (const order of this.orders()) {
      if (order.accountId !== accountId) continue;
      const part = order.parts.find((p) => match(order, p));
      if (part) return { order, part };
    }
    return undefined;
  }

  balance(order: SandboxOrder, part: SandboxPart): Balance {
    const accepted = acceptedParts(order).includes(part);
    const mine = this.operations.filter((o) => o.part === part);
    const total = (type: CashWord) => mine.filter((o) => o.type === type).reduce((s, o) => s + o.amount, 0);
    const cancelled = mine.some((o) => o.type === 'cancel');
    const deferred = order.captureMode === 'deferred' || !remitted(order);
    const captured = !accepted || cancelled ? total('capture') + total('validate') : deferred ? total('capture') + total('validate') : part.amount;
    return {
      authorised: accepted ? part.amount : 0,
      captured,
      refunded: total('refund'),
      cancelled,
      awaitingCapture: accepted && deferred && !cancelled && captured === 0,
    };
  }

  record(accountId: string, order: SandboxOrder, part: SandboxPart, type: CashWord, amount: number, requestId: string | null, at = new Date()): LedgerOperation {
    const operation: LedgerOperation = { id: String(++this.sequence).padStart(10, '0'), at, accountId, type, amount, requestId, order, part };
    this.operations.push(operation);
    return operation;
  }

  byRequestId(accountId: string, requestId: string): LedgerOperation | undefined {
    return this.operations.find((o) => o.accountId === accountId && o.requestId === requestId);
  }

  of(part: SandboxPart): LedgerOperation[] {
    return this.operations.filter((o) => o.part === part);
  }

  /** The operations performed on that Paris day for that account: what its operations report adds. */
  on(day: string, accountId: string): LedgerOperation[] {
    return this.operations.filter((o) => o.accountId === accountId && parisDay(o.at) === day);
  }

  all(): readonly LedgerOperation[] {
    return this.operations;
  }
}
