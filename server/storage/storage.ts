import type { InboxDetail, InboxList, InboxQuery, OrderDetail, OrderList, OrdersQuery, Part, VERIFICATIONS } from '../../shared/api';
import type { OrderObservation } from '../domain/observation';

/**
 * The only way routes and use-cases reach the database. Asynchronous so that a PostgreSQL backend can
 * sit behind it; the embedded SQLite implementation batches writes into group commits.
 */
export interface Storage {
  /** Stores a request exactly as received, before anything interprets it. Resolves once durable. */
  recordRequest(raw: RawRequest): Promise<number>;
  /** Closes a stored request that could not be applied, with the reason. */
  rejectRequest(inboxId: number, rejection: Rejection): Promise<void>;
  /** Applies a verified notification to its order and parts, and closes the request, in one transaction. */
  applyNotification(inboxId: number, verification: VerificationResult, observation: OrderObservation): Promise<ApplyResult>;

  getRequest(id: number): Promise<StoredRequest | null>;
  listInbox(query: InboxQuery): Promise<InboxList>;
  getInbox(id: number): Promise<InboxDetail | null>;
  listOrders(query: OrdersQuery): Promise<OrderList>;
  getOrder(id: number): Promise<StoredOrder | null>;

  close(): Promise<void>;
}

export interface RawRequest {
  receivedAt: string;
  psp: string;
  accountId: string;
  method: string;
  path: string;
  /** The raw query string, without `?`, exactly as received (Up2pay signs it). */
  query: string;
  headers: Record<string, string>;
  body: Buffer;
  /** Size announced or read; larger than `body.length` when the body was cut at the size limit. */
  bodySize: number;
  bodyTruncated: boolean;
  remoteAddress: string | null;
  /** Set when this row is the replay of an earlier stored request. */
  replayOf?: number | null;
}

export interface StoredRequest extends RawRequest {
  id: number;
}

export type Verification = (typeof VERIFICATIONS)[number];

export interface VerificationResult {
  verification: Verification;
  detail: string | null;
}

export interface Rejection extends VerificationResult {
  outcome: 'rejected' | 'failed';
  httpStatus: number;
  code: string;
  message: string;
  field?: string;
}

export interface ApplyResult {
  outcome: 'applied' | 'duplicate';
  orderId: number;
  newEvents: number;
}

/** An order as stored; the allowed operations are computed by the domain, not stored. */
export type StoredOrder = Omit<OrderDetail, 'parts'> & { parts: Omit<Part, 'operations'>[] };
