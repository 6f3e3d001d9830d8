import type { ReplayResult } from '../../shared/api';
import type { Psp } from '../../shared/psp';
import type { AppConfig } from '../config/accounts';
import type { IncomingNotification } from '../psp/adapter';
import { adapterFor } from '../psp/registry';
import type { RawRequest, Rejection, Storage } from '../storage/storage';

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
 * Receiving a notification: store it raw (durably) first, then verify and interpret it, then apply
 * it to its order, and close the stored request with the outcome. Nothing is lost on any path.
 */
export class NotificationService {
  constructor(
    private readonly storage: Storage,
    private readonly config: AppConfig,
    private readonly log: NotificationLog = console,
  ) {}

  async receive(raw: RawRequest & { psp: Psp }): Promise<NotificationAnswer> {
    const inboxId = await this.storage.recordRequest(raw);
    return this.process(inboxId, raw);
  }

  /** Runs a stored request again (after a fix, a key rotation, a new account); the replay is stored as its own row. */
  async replay(inboxId: number): Promise<ReplayResult | null> {
    const original = await this.storage.getRequest(inboxId);
    if (!original) return null;
    const copy: RawRequest = { ...original, receivedAt: new Date().toISOString(), replayOf: original.id };
    const newId = await this.storage.recordRequest(copy);
    const answer = await this.process(newId, copy);
    return { inboxId: newId, replayOf: original.id, outcome: answer.outcome, httpStatus: answer.status, message: answer.message, orderId: answer.orderId };
  }

  private async process(inboxId: number, raw: RawRequest): Promise<NotificationAnswer> {
    const reject = async (r: Omit<Rejection, 'outcome'>, outcome: Rejection['outcome'] = 'rejected'): Promise<NotificationAnswer> => {
      await this.storage.rejectRequest(inboxId, { ...r, outcome });
      const where = r.field ? ` (field ${r.field})` : '';
      return { inboxId, status: r.httpStatus, outcome, orderId: null, message: `${r.code}: ${r.message}${where} [stored as #${inboxId}]` };
    };

    if (!NOTIFICATION_METHODS[raw.psp as Psp]?.includes(raw.method)) {
      return reject({ verification: 'not_verified', detail: null, httpStatus: 405, code: 'METHOD_NOT_ALLOWED', message: `${raw.psp} notifications come as ${NOTIFICATION_METHODS[raw.psp as Psp]?.join(' or ')}, not ${raw.method}` });
    }
    if (raw.bodyTruncated) {
      return reject({ verification: 'not_verified', detail: null, httpStatus: 413, code: 'BODY_TOO_LARGE', message: `the body is ${raw.bodySize} bytes; notifications are at most ${MAX_NOTIFICATION_BYTES} bytes` });
    }
    const account = this.config.accounts.get(raw.accountId);
    if (!account || account.psp !== raw.psp) {
      return reject({ verification: 'unknown_account', detail: null, httpStatus: 404, code: 'UNKNOWN_ACCOUNT', message: `no ${raw.psp} account "${raw.accountId}" is configured` });
    }
    const notification: IncomingNotification = {
      method: raw.method,
      query: raw.query,
      body: raw.body,
      contentType: raw.headers['content-type'] ?? null,
    };
    try {
      const interpretation = await adapterFor(account).interpret(notification, account);
      if (!interpretation.ok) return await reject(interpretation.rejection);
      const applied = await this.storage.applyNotification(inboxId, interpretation.verification, interpretation.observation);
      const message = applied.outcome === 'applied' ? `OK: order #${applied.orderId} updated` : `OK: already received, nothing changed (order #${applied.orderId})`;
      return { inboxId, status: 200, outcome: applied.outcome, orderId: applied.orderId, message };
    } catch (error) {
      // A defect of ours, not of the request: kept for replay once fixed; the PSP will retry meanwhile.
      this.log.warn(`notification #${inboxId} (${raw.psp}/${raw.accountId}) failed: ${(error as Error).message}`);
      return reject({ verification: 'not_verified', detail: null, httpStatus: 500, code: 'INTERNAL_ERROR', message: 'the notification could not be processed; it is stored and can be replayed' }, 'failed');
    }
  }
}
