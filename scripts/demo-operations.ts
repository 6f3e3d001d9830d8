import type { Operation } from '../shared/api-operations';
import type { PartKind } from '../shared/psp';
import { actorOf, type Principal } from '../server/auth/auth-service';
import type { OperationService } from '../server/operations/operation-service';
import type { Storage, UserRecord } from '../server/storage/storage';

interface Ask {
  kind: PartKind;
  /** The amount to ask for a part of that amount, or null when this part will not do. */
  amount: (partAmount: number) => number | null;
  reason: string;
}

/**
 * A support agent's morning, through the real operation flow and the PSP sandbox: a partial card
 * refund, a whole voucher refund, and a refund above the agent's limit, which waits for a supervisor.
 * Each goes to the first paid part the rule table allows it on.
 */
const ASKS: readonly Ask[] = [
  { kind: 'card', amount: (a) => (a > 500 ? 500 : null), reason: 'one dish was missing from the delivery' },
  { kind: 'voucher', amount: (a) => a, reason: 'order cancelled by the restaurant' },
  { kind: 'card', amount: (a) => (a > 5000 ? a : null), reason: 'the whole order never arrived' },
];

export async function agentOperations(storage: Storage, operations: OperationService, agent: UserRecord): Promise<Operation[]> {
  const principal: Principal = { via: 'session', userId: agent.id, tokenId: null, label: agent.email, name: agent.name, role: agent.role, refundLimit: agent.refundLimit, sessionHash: null };
  const actor = actorOf(principal, '127.0.0.1');
  const { items } = await storage.listOrders({ status: 'paid', sort: 'amount', dir: 'desc', limit: 100, offset: 0 });
  const done: Operation[] = [];
  const used = new Set<number>();
  for (const [i, ask] of ASKS.entries()) {
    for (const summary of items) {
      const order = await storage.getOrder(summary.id);
      const part = order?.parts.find((p) => p.kind === ask.kind && !used.has(p.id) && ask.amount(p.amount) !== null);
      if (!part) continue;
      const answer = await operations.request(part.id, { type: 'refund', amount: ask.amount(part.amount)!, reason: ask.reason, idempotencyKey: `demo-${i}-${part.id}` }, principal, actor);
      if (!answer.ok) continue;
      used.add(part.id);
      done.push(answer.operation);
      break;
    }
  }
  return done;
}
