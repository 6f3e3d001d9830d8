import { ApiRequestError } from './api';

/**
 * A new idempotency key: one per intent (a dialog opening, a line of a proposal), sent again as is
 * when the same intent is retried, so the PSP is never asked twice for the same money.
 * crypto.randomUUID exists only in secure contexts; a back office served over plain http on the
 * merchant's network still has getRandomValues.
 */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * The key to use for the next attempt after an error. The same one when the request may have reached
 * the server (network error, server error) or did (the key is taken): a retry must not issue it twice.
 * A new one after a refusal the server made before doing anything (validation, not allowed,
 * confirmation required), so the corrected request is not mistaken for a reuse of the refused one.
 */
export function keyAfterError(key: string, error: unknown): string {
  if (!(error instanceof ApiRequestError)) return key;
  const refusedBeforeDoing = error.status >= 400 && error.status < 500 && error.code !== 'IDEMPOTENCY_KEY_REUSED';
  return refusedBeforeDoing ? newIdempotencyKey() : key;
}
