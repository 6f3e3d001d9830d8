import { AsyncLocalStorage } from 'node:async_hooks';
import type { PartKind, Psp } from '../../shared/psp';
import type { OperationType } from '../../shared/rules';
import type { Account } from '../config/accounts';

/**
 * Cash operations at the PSPs: one connector per PSP folder (`<psp>/cash.ts`) builds the exact signed
 * request of PSP-FORMATS.md, sends it with the account's timeout and reads the answer.
 */

/** What names a part's transaction at its PSP: the ids its notifications and reports carried. */
export interface CashTarget {
  order: {
    reference: string | null;
    /** Up2pay NUMAPPEL (null at Sips, whose transactionReference is the group key and the part's transaction id). */
    callNumber: string | null;
    groupKey: string;
    currency: string;
  };
  part: {
    partKey: string;
    kind: PartKind;
    /** Our brand code (shared/brands.ts); a connector spells it the PSP's way where it must (Up2pay ACQUEREUR). */
    brand: string;
    /** Up2pay NUMTRANS, Axepta PayID, Payline transaction id. */
    pspTransactionId: string | null;
    authorisationId: string | null;
    amount: number;
    paidAt: string | null;
  };
}

export interface CashRequest {
  /** Our operation's id, unique: connectors derive the PSP's request id from it (Axepta ReqID, Up2pay NUMQUESTION). */
  operationId: number;
  type: OperationType;
  /** Cents. */
  amount: number;
  target: CashTarget;
}

/**
 * What the PSP answered. `unknown` when it may or may not have done the work: no answer in time, the
 * connection dropped, an answer that cannot be read, or "already processed" (Sips 24). Such an
 * operation is never sent again: it is settled by `inquire` or the operations report.
 */
export type CashOutcome =
  | { state: 'succeeded'; code: string; message: string; pspReference: string | null; pspRequestId: string | null }
  | { state: 'failed'; code: string; message: string; pspRequestId: string | null }
  | { state: 'unknown'; code: string; message: string; pspRequestId: string | null };

/** What the PSP says of a transaction now: enough to tell whether an operation of unknown outcome happened. */
export interface CashInquiry {
  /** The PSP's status word for the transaction, as it says it. */
  status: string | null;
  /** Totals the PSP has recorded on the transaction, in cents; absent when the PSP does not say. */
  capturedAmount?: number;
  refundedAmount?: number;
  cancelled?: boolean;
  /** The request ids (ReqID, NUMQUESTION...) the PSP knows it processed, when it lists them. */
  processedRequestIds?: string[];
}

export type InquiryResult = { ok: true; inquiry: CashInquiry } | { ok: false; code: string; message: string };

export interface CashConnector<A extends Account = Account> {
  psp: Psp;
  execute(account: A, request: CashRequest): Promise<CashOutcome>;
  /** Sips getTransactionData, Up2pay TYPE 00017, Axepta inquire.aspx, Payline getTransactionDetails. */
  inquire(account: A, target: CashTarget): Promise<InquiryResult>;
}

export type PostResult =
  | { ok: true; status: number; /** Decoded by the charset the answer declares (UTF-8 when it declares none). */ text: string; bytes: Buffer }
  | { ok: false; state: 'unknown' | 'failed'; code: 'PSP_TIMEOUT' | 'PSP_UNREACHABLE' | 'PSP_CONNECTION_LOST'; message: string };

/** Connection errors that happen before the request leaves: the PSP cannot have done anything. */
const NEVER_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/**
 * One POST to a PSP with an explicit timeout. A timeout or a dropped connection is not a refusal: the
 * PSP may have done the work, so it comes back as `unknown` for the caller to settle by asking.
 */
export async function postToPsp(url: string, init: { headers: Record<string, string>; body: string }, timeoutMs: number): Promise<PostResult> {
  const result = await post(url, init, timeoutMs);
  exchanges.getStore()?.push({
    at: new Date().toISOString(),
    url,
    request: init.body,
    httpStatus: result.ok ? result.status : null,
    response: result.ok ? result.text : null,
    error: result.ok ? null : `${result.code}: ${result.message}`,
  });
  return result;
}

/**
 * What was sent to a PSP and what came back, exactly (headers, which may carry credentials, are left
 * out): kept with the operation so support can show the PSP its own request.
 */
export interface PspExchange {
  at: string;
  url: string;
  request: string;
  httpStatus: number | null;
  response: string | null;
  error: string | null;
}

const exchanges = new AsyncLocalStorage<PspExchange[]>();

/** Runs `work`, adding to `into` every request it makes to a PSP through postToPsp (kept even if `work` throws). */
export function recordingExchanges<T>(into: PspExchange[], work: () => Promise<T>): Promise<T> {
  return exchanges.run(into, work);
}

async function post(url: string, init: { headers: Record<string, string>; body: string }, timeoutMs: number): Promise<PostResult> {
  try {
    const response = await fetch(url, { method: 'POST', headers: init.headers, body: init.body, signal: AbortSignal.timeout(timeoutMs) });
    const bytes = Buffer.from(await response.arrayBuffer());
    // Up2pay answers in ISO-8859-1 and says so.
    const latin1 = /charset=(iso-8859-1|latin1|windows-1252)/i.test(response.headers.get('content-type') ?? '');
    return { ok: true, status: response.status, text: bytes.toString(latin1 ? 'latin1' : 'utf8'), bytes };
  } catch (e) {
    const error = e as Error;
    if (error.name === 'TimeoutError' || error.name === 'AbortError') {
      return { ok: false, state: 'unknown', code: 'PSP_TIMEOUT', message: `no answer from ${url} within ${timeoutMs} ms: the PSP may have done it` };
    }
    const cause = error.cause as (Error & { code?: string }) | undefined;
    if (cause?.code && NEVER_SENT.has(cause.code)) {
      return { ok: false, state: 'failed', code: 'PSP_UNREACHABLE', message: `could not reach ${url} (${cause.code}): nothing was sent, try again later` };
    }
    return { ok: false, state: 'unknown', code: 'PSP_CONNECTION_LOST', message: `the connection to ${url} failed (${cause?.message ?? error.message}): the PSP may have done it` };
  }
}

/** Joins the account's API base URL and a path without doubling or losing a slash. */
export function endpoint(baseUrl: string, path: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}
