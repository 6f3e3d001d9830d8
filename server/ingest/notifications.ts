import type { ReplayResult } from '../../shared/api';
import type { Psp } from '../../shared/psp';
import type { AppConfig } from '../config/accounts';
import type { IncomingNotification, Interpretation } from '../psp/adapter';
import { adapterFor } from '../psp/registry';
import type { RawRequest, Recorded, Rejection, Storage, Verdict } from '../storage/storage';

/** Largest notification body kept; PSP notifications are a few hundred bytes. */
export const MAX_NOTIFICATION_BYTES = 64 * 1024;

/** What each PSP sends: Sips and Axepta POST a form; Up2pay and Payline call with GET, or POST when configured so. */
export const NOTIFICATION_METHODS: Record<Psp, readonly string[]> = {
  sips: ['POST'],
  up2pay: ['GET', 'POST'],
  axepta: ['POST'],
  payline: ['GET', 'POST'],
};

export interface NotificationAnswer {
  inboxId: number;
  status: number;
  outcome: ReplayResult['outcome'];
  /** One line a person (or the PSP's retry log) can act on. */
  message: string;
}

export interface NotificationLog {
  warn(message: string): void;
}

/**
 * Receiving a notification: store it exactly as received with what it was found to be (rejected with
 * the reason, or verified and queued for its order), and answer. Nothing is lost on any path: a
 * request whose verdict needs no I/O is stored together with that verdict in one transaction; one
 * whose verdict needs a call to the PSP (Payline) is stored durably before the call. Applying a
 * queued notification to its order follows within moments, in batches, in arrival order.
 */
export class NotificationService {
  constructor(
    private readonly storage: Storage,
    private readonly config: AppConfig,
    private readonly log: NotificationLog = console,
  ) {}

  receive(raw: RawRequest): Promise<NotificationAnswer> {
    return this.process(raw);
  }

  /** Runs a stored request again (after a fix, a key rotation, a new account), stored as its own row; resolves once it is applied. */
  async replay(inboxId: number): Promise<ReplayResult | null> {
    const original = await this.storage.getRequest(inboxId);
    if (!original) return null;
    const answer = await this.process({ ...original, receivedAt: new Date().toISOString(), replayOf: original.id });
    const result = { inboxId: answer.inboxId, replayOf: original.id, httpStatus: answer.status };
    if (answer.outcome !== 'queued') return { ...result, outcome: answer.outcome, message: answer.message, orderId: null };
    const a = await this.storage.applied(answer.inboxId);
    if (a.outcome === 'failed') return { ...result, outcome: a.outcome, message: a.message, orderId: null };
    const message = a.outcome === 'applied' ? `order #${a.orderId} updated` : `nothing changed: order #${a.orderId} already had it`;
    return { ...result, outcome: a.outcome, message, orderId: a.orderId };
  }

  private async process(raw: RawRequest): Promise<NotificationAnswer> {
    const refused = this.precheck(raw);
    if (refused) return answer(await this.storage.recordNotification(raw, { reject: refused }));
    const account = this.config.accounts.get(raw.accountId)!;
    const adapter = adapterFor(account);
    const notification: IncomingNotification = { method: raw.method, query: raw.query, body: raw.body, contentType: raw.headers['content-type'] ?? null };
    const verdictOf = (interpretation: Interpretation): Verdict =>
      interpretation.ok ? { apply: interpretation } : { reject: { ...interpretation.rejection, outcome: 'rejected' } };

    if (!adapter.remote) {
      let verdict: Verdict;
      try {
        verdict = verdictOf(adapter.interpret(notification, account));
      } catch (error) {
        verdict = { reject: this.defect(raw, error) };
      }
      return answer(await this.storage.recordNotification(raw, verdict));
    }

    const inboxId = await this.storage.recordRequest(raw);
    let verdict: Verdict;
    try {
      verdict = verdictOf(await adapter.interpret(notification, account));
    } catch (error) {
      verdict = { reject: this.defect(raw, error) };
    }
    return answer(await this.storage.closeRequest(inboxId, verdict));
  }

  /** What can be refused before any PSP-specific work: the method, the size, the account. */
  private precheck(raw: RawRequest): Rejection | null {
    const psp = raw.psp as Psp;
    const base = { verification: 'not_verified' as const, detail: null, outcome: 'rejected' as const };
    if (!NOTIFICATION_METHODS[psp]?.includes(raw.method)) {
      return { ...base, httpStatus: 405, code: 'METHOD_NOT_ALLOWED', message: `${raw.psp} notifications come as ${NOTIFICATION_METHODS[psp]?.join(' or ')}, not ${raw.method}` };
    }
    if (raw.bodyTruncated) {
      return { ...base, httpStatus: 413, code: 'BODY_TOO_LARGE', message: `the body is ${raw.bodySize} bytes; notifications are at most ${MAX_NOTIFICATION_BYTES} bytes` };
    }
    const account = this.config.accounts.get(raw.accountId);
    if (!account || account.psp !== raw.psp) {
      return { ...base, verification: 'unknown_account', httpStatus: 404, code: 'UNKNOWN_ACCOUNT', message: `no ${raw.psp} account "${raw.accountId}" is configured` };
    }
    return null;
  }

  /** A defect of ours, not of the request: kept for replay once fixed; the PSP will retry meanwhile. */
  private defect(raw: RawRequest, error: unknown): Rejection {
    this.log.warn(`notification ${raw.psp}/${raw.accountId} failed: ${(error as Error).message}`);
    return { verification: 'not_verified', detail: null, outcome: 'failed', httpStatus: 500, code: 'INTERNAL_ERROR', message: 'the notification could not be processed; it is stored and can be replayed' };
  }
}

function answer(recorded: Recorded): NotificationAnswer {
  const { inboxId } = recorded;
  if ('queued' in recorded) return { inboxId, status: 200, outcome: 'queued', message: `OK: verified and stored as #${inboxId}` };
  const r = recorded.rejected;
  const where = r.field ? ` (field ${r.field})` : '';
  return { inboxId, status: r.httpStatus, outcome: r.outcome, message: `${r.code}: ${r.message}${where} [stored as #${inboxId}]` };
}
