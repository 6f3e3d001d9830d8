import type { OperationRequest } from '../../shared/api-operations';
import type { RuleSwitches } from '../../shared/rules';
import type { Principal } from '../auth/auth-service';
import type { AppConfig } from '../config/accounts';
import { decideOperation, type Requester } from '../domain/operation-policy';
import { settleUnknown } from '../domain/settle-unknown';
import { recordingExchanges, type PspExchange } from '../psp/cash';
import { cashConnectorFor } from '../psp/registry';
import type { Actor, Completion, OperationAnswer, OperationDecider, Storage } from '../storage/storage';

export interface OperationServiceDeps {
  storage: Storage;
  config: AppConfig;
  switches: RuleSwitches;
  now: () => Date;
}

const SYSTEM: Actor = { type: 'system', id: null, label: 'operation resolver', address: null };

/** Longer than any PSP timeout of the configuration (at most 120 s): a pending operation this old lost its answer. */
const INTERRUPTED_AFTER_MS = 5 * 60_000;

/**
 * The operation flow: decide and reserve inside one write transaction (so two agents clicking at once
 * cannot both pass), then call the PSP once, then record its answer. A lost answer leaves the
 * operation `unknown`; it is settled by asking the PSP, never by sending it again.
 */
export class OperationService {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: OperationServiceDeps) {}

  private decider(requester: Requester, confirmOverInitial: boolean, type: OperationRequest['type'], amount: number): OperationDecider {
    return (part, currency) => decideOperation(part, { type, amount, confirmOverInitial }, requester, currency, this.deps.now(), this.deps.switches);
  }

  async request(partId: number, body: OperationRequest, principal: Principal, actor: Actor): Promise<OperationAnswer> {
    const decide = this.decider(principal, body.confirmOverInitial ?? false, body.type, body.amount);
    const ask = { ...body, confirmOverInitial: body.confirmOverInitial ?? false, personId: principal.userId };
    const answer = await this.deps.storage.operations.request(partId, ask, decide, actor, this.deps.now().toISOString());
    if (!answer.ok || answer.replayed || answer.operation.state !== 'pending') return answer;
    return { ok: true, operation: await this.send(answer.operation.id, actor), replayed: false };
  }

  async approve(id: number, principal: Principal, actor: Actor, note: string | null): Promise<OperationAnswer> {
    const operation = await this.deps.storage.operations.get(id);
    if (!operation) return { ok: false, refusal: { status: 404, code: 'NOT_FOUND', message: `operation ${id} does not exist` } };
    const decide = this.decider(principal, operation.overInitial, operation.type, operation.amount);
    const answer = await this.deps.storage.operations.approve(id, decide, actor, principal.userId, note, this.deps.now().toISOString());
    if (!answer.ok) return answer;
    return { ok: true, operation: await this.send(id, actor), replayed: false };
  }

  reject(id: number, principal: Principal, actor: Actor, note: string): Promise<OperationAnswer> {
    return this.deps.storage.operations.reject(id, actor, principal.userId, note, this.deps.now().toISOString());
  }

  /** Calls the PSP for a pending operation and records its answer. */
  private async send(id: number, actor: Actor) {
    const { storage } = this.deps;
    const dispatch = (await storage.operations.dispatch(id))!;
    const { operation, target } = dispatch;
    const account = this.deps.config.accounts.get(operation.accountId);
    let completion: Completion;
    if (!account) {
      completion = { state: 'failed', code: 'ACCOUNT_NOT_CONFIGURED', message: `account ${operation.accountId} is not in the configuration: nothing was sent`, pspRequestId: null };
    } else {
      const sent: PspExchange[] = [];
      try {
        const outcome = await recordingExchanges(sent, () => cashConnectorFor(account).execute(account, { operationId: id, type: operation.type, amount: operation.amount, target }));
        completion = { state: outcome.state, code: outcome.code, message: outcome.message, pspRequestId: outcome.pspRequestId, pspReference: outcome.state === 'succeeded' ? outcome.pspReference : null };
      } catch (e) {
        // A defect in the connector after the request may have left: treat it as a lost answer.
        completion = { state: 'unknown', code: 'CONNECTOR_ERROR', message: `the call to the PSP broke off (${(e as Error).message}): the PSP may have done it`, pspRequestId: null };
      }
      completion.exchanges = sent.map((e) => ({ ...e, purpose: 'execute' as const }));
    }
    return storage.operations.complete(id, completion, actor, this.deps.now().toISOString());
  }

  /** Asks the PSP whether an operation of unknown outcome happened, and records what it says. */
  async resolve(id: number, actor: Actor, options: { recordUnsettled?: boolean } = {}): Promise<OperationAnswer> {
    const recordUnsettled = options.recordUnsettled ?? true;
    const { storage } = this.deps;
    const dispatch = await storage.operations.dispatch(id);
    if (!dispatch) return { ok: false, refusal: { status: 404, code: 'NOT_FOUND', message: `operation ${id} does not exist` } };
    const { operation, target, books } = dispatch;
    if (operation.state !== 'unknown') {
      return { ok: false, refusal: { status: 409, code: 'NOT_UNKNOWN', message: `operation ${id} is ${operation.state}: only an operation whose outcome is unknown is resolved by asking the PSP` } };
    }
    const reported = await storage.operations.reportedIn(id);
    if (reported) {
      const at = this.deps.now().toISOString();
      const resolution = `the PSP's operations report lists it: ${reported.fileName}, line ${reported.line} (import #${reported.importId})`;
      const done = await storage.operations.complete(id, { state: 'succeeded', code: operation.pspCode, message: operation.pspMessage, pspRequestId: null, resolution }, actor, at);
      return { ok: true, operation: done, replayed: false };
    }
    const account = this.deps.config.accounts.get(operation.accountId);
    if (!account) return { ok: false, refusal: { status: 409, code: 'ACCOUNT_NOT_CONFIGURED', message: `account ${operation.accountId} is not in the configuration` } };
    let asked;
    const exchanges: PspExchange[] = [];
    try {
      asked = await recordingExchanges(exchanges, () => cashConnectorFor(account).inquire(account, target));
    } catch (e) {
      asked = { ok: false as const, code: 'CONNECTOR_ERROR', message: (e as Error).message };
    }
    const at = this.deps.now().toISOString();
    const settled = asked.ok ? settleUnknown(operation, asked.inquiry, books) : { state: 'unknown' as const, resolution: `asking the PSP failed: ${asked.message}` };
    // A person asking sees the attempt recorded; the background resolver does not log the same doubt every round.
    if (settled.state === 'unknown' && !recordUnsettled) return { ok: true, operation, replayed: false };
    const completed = await storage.operations.complete(
      id,
      {
        state: settled.state,
        code: operation.pspCode,
        message: operation.pspMessage,
        pspRequestId: null,
        resolution: `${settled.resolution} (asked at ${at})`,
        exchanges: exchanges.map((e) => ({ ...e, purpose: 'inquire' as const })),
      },
      actor,
      at,
    );
    return { ok: true, operation: completed, replayed: false };
  }

  /** Settles every operation still unknown, by the operations reports or by asking the PSP: after each import and on a timer, so nobody has to remember. */
  resolveAll(): Promise<unknown> {
    this.running = this.running.then(async () => {
      const { storage, now } = this.deps;
      // Sent, but the answer never recorded: the server stopped in between. As good as a lost answer.
      const before = new Date(now().getTime() - INTERRUPTED_AFTER_MS).toISOString();
      for (const op of await storage.operations.pendingSentBefore(before, 50)) {
        const message = `no answer was recorded for this request sent at ${op.sentAt} (the server stopped while waiting): the PSP may have done it`;
        await storage.operations.complete(op.id, { state: 'unknown', code: 'INTERRUPTED', message, pspRequestId: null }, SYSTEM, now().toISOString());
      }
      for (const op of await storage.operations.unknown(50)) await this.resolve(op.id, SYSTEM, { recordUnsettled: false });
    });
    return this.running;
  }

  /** A first round at once (operations a stopped server left in flight), then one every `intervalMs`. */
  start(intervalMs = 300_000): void {
    if (this.timer) return;
    void this.resolveAll().catch(() => {});
    this.timer = setInterval(() => void this.resolveAll().catch(() => {}), intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running.catch(() => {});
  }
}
