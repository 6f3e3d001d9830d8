import type { Psp } from '../../shared/psp';
import type { Account } from '../config/accounts';
import type { OrderObservation } from '../domain/observation';
import type { Rejection, VerificationResult } from '../storage/storage';

/** A notification request as the adapters see it: the exact bytes, nothing re-encoded. */
export interface IncomingNotification {
  method: string;
  /** Raw query string without `?`. */
  query: string;
  body: Buffer;
  contentType: string | null;
}

export type Interpretation =
  | { ok: true; verification: VerificationResult; observation: OrderObservation }
  | { ok: false; rejection: Omit<Rejection, 'outcome'> };

/**
 * Verifies the signature and turns the request into an observation, or says exactly what is wrong.
 * Most PSPs sign their notifications: the verdict needs no I/O. Payline's needs a call back to Payline
 * (`remote`), so its requests are stored before that call rather than together with the verdict.
 */
export type NotificationAdapter<A extends Account = Account> =
  | { psp: Psp; remote: false; interpret(notification: IncomingNotification, account: A): Interpretation }
  | { psp: Psp; remote: true; interpret(notification: IncomingNotification, account: A): Promise<Interpretation> };

/** 400: the request is not what the PSP sends; names the field. */
export function badRequest(code: string, message: string, field?: string, verification: VerificationResult = { verification: 'not_verified', detail: null }): Interpretation {
  return { ok: false, rejection: { ...verification, httpStatus: 400, code, message, ...(field ? { field } : {}) } };
}

/** 401: the signature does not prove the request comes from the PSP with this account's keys. */
export function badSignature(code: string, message: string, field?: string): Interpretation {
  return { ok: false, rejection: { verification: 'invalid', detail: message, httpStatus: 401, code, message, ...(field ? { field } : {}) } };
}
