import type { ReplayResult } from '../../shared/api';
import type { Psp } from '../../shared/psp';
import type { AppConfig } from '../config/accounts';
import type { IncomingNotification } from '../psp/adapter';
import { adapterFor } from '../psp/registry';
import type { ApplyResult, RawRequest, Rejection, Storage, Verdict } from '../storage/storage';

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
  orderId: number | null;
}

export interface NotificationLog {
  warn(message: string): void;
}

/**
 * Receiving a notification: store it exactly as received, verify and interpret it, apply it to its
 * order, and close the stored request with the outcome. Nothing is lost on any path: a request whose
 * verdict needs no I/O is stored together with that verdict in one transaction; one whose verdict
 * needs a call to the PSP (Payline) is stored durably before the call.
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

  /** Runs a stored request again (after a fix, a key rotation, a new account); the replay is stored as its own row. */
  async replay(inboxId: number): Promise<ReplayResult | null> {
    const original = await this.storage.getRequest(inboxId);
    if (!original) return null;
    const answer = await this.process({ ...original, receivedAt: new Date().toISOString(), replayOf: original.id });
    return { inboxId: answer.inboxId, replayOf: original.id, outcome: answer.outcome, httpStatus: answer.status, message: answer.message, orderId: answer.orderId };
  }

  private async process(raw: RawRequest): Promise<NotificationAnswer> {
    const refused = this.precheck(raw);
    if (refused) return rejected({ inboxId: (await this.storage.recordNotification(raw, { reject: refused })).inboxId, rejected: refused });
    const account = this.config.accounts.get(raw.accountId)!;
    const adapter = adapterFor(account);
    const notification: IncomingNotification = { method: raw.method, query: raw.query, body: raw.body, contentType: raw.headers['content-type'] ?? null };

    if (!adapter.remote) {
      let verdict: Verdict;
      try {
        const interpretation = adapter.interpret(notification, account);
        verdict = interpretation.ok ? { apply: interpretation } : { reject: { ...interpretation.rejection, outcome: 'rejected' } };
      } catch (error) {
        verdict = { reject: this.defect(raw, error) };
      }
      const stored = await this.storage.recordNotification(raw, verdict);
      return 'rejected' in stored ? rejected(stored) : applied(stored.inboxId, stored.applied);
    }

    const inboxId = await this.storage.recordRequest(raw);
    let rejection: Rejection;
    try {
      const interpretation = await adapter.interpret(notification, account);
      if (interpretation.ok) return applied(inboxId, await this.storage.applyNotification(inboxId, interpretation.verification, interpretation.observation));
      rejection = { ...interpretation.rejection, outcome: 'rejected' };
    } catch (error) {
      rejection = this.defect(raw, error);
    }
    await this.storage.rejectRequest(inboxId, rejection);
    return rejected({ inboxId, rejected: rejection });
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

function rejected({ inboxId, rejected: r }: { inboxId: number; rejected: Rejection }): NotificationAnswer {
  const where = r.field ? ` (field ${r.field})` : '';
  return { inboxId, status: r.httpStatus, outcome: r.outcome, orderId: null, message: `${r.code}: ${r.message}${where} [stored as #${inboxId}]` };
}

function applied(inboxId: number, a: ApplyResult): NotificationAnswer {
  const message = a.outcome === 'applied' ? `OK: order #${a.orderId} updated` : `OK: already received, nothing changed (order #${a.orderId})`;
  return { inboxId, status: 200, outcome: a.outcome, orderId: a.orderId, message };
}
