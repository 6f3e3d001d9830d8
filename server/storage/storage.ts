import type { SharedConnection } from './sqlite/database';
import type { InboxDetail, InboxList, InboxQuery, OrderDetail, OrderList, OrdersQuery, Part, VERIFICATIONS } from '../../shared/api';
import type { AuditList, AuditQuery } from '../../shared/api-auth';
import type { ImportCounts, ImportDetail, ImportError, ImportList, ImportsQuery, ImportSummary } from '../../shared/api-imports';
import type { Profile, ReportKind } from '../../shared/import-profile';
import type { Discrepancy, DiscrepanciesQuery, DiscrepancyCounts, DiscrepancyList } from '../../shared/discrepancies';
import type { DailyReport } from '../../shared/api-reports';
import type { Role } from '../../shared/roles';
import type { Operation, OperationExchange, OperationList, OperationsQuery } from '../../shared/api-operations';
import type { OperationType } from '../../shared/rules';
import type { AllowanceInput, HeldAmounts } from '../domain/allowance';
import type { Decision } from '../domain/operation-policy';
import type { CashTarget, PspExchange } from '../psp/cash';
import type { OrderObservation } from '../domain/observation';

/**
 * The only way routes and use-cases reach the database. Asynchronous so that a PostgreSQL backend can
 * sit behind it; the embedded SQLite implementation batches writes into group commits.
 */
export interface Storage {
  /** What another thread needs to write the same database (a worker applying a large import); null in memory. */
  readonly shared: SharedConnection | null;
  /** Stores a request exactly as received, before anything interprets it. Resolves once durable. */
  recordRequest(raw: RawRequest): Promise<number>;
  /** Closes a stored request with its verdict: rejected with the reason, or queued for its order. */
  closeRequest(inboxId: number, verdict: Verdict): Promise<Recorded>;
  /**
   * For a verdict reached without I/O: stores the request as received and, in the same transaction,
   * its verdict. One commit instead of two.
   */
  recordNotification(raw: RawRequest, verdict: Verdict): Promise<Recorded>;
  /**
   * What applying a queued notification to its order did, once it is applied. Notifications are
   * applied in arrival order, in batches, after the PSP has had its answer.
   */
  applied(inboxId: number): Promise<Applied>;
  /** Resolves when every notification queued so far is applied to its order. */
  notificationsApplied(): Promise<void>;

  getRequest(id: number): Promise<StoredRequest | null>;
  listInbox(query: InboxQuery): Promise<InboxList>;
  getInbox(id: number): Promise<InboxDetail | null>;
  listOrders(query: OrdersQuery): Promise<OrderList>;
  getOrder(id: number): Promise<StoredOrder | null>;

  readonly auth: AuthStore;
  readonly audit: AuditStore;
  readonly imports: ImportStore;
  readonly discrepancies: DiscrepancyStore;
  readonly reports: ReportStore;
  readonly operations: OperationStore;

  close(): Promise<void>;
}

/** Who did something: a signed-in person, a machine token, nobody yet (a failed sign-in), or the product. */
export interface Actor {
  type: 'user' | 'token' | 'anonymous' | 'system';
  id: number | null;
  label: string;
  address: string | null;
}

export interface AuditRecord {
  action: string;
  objectType?: string;
  objectId?: string | number;
  before?: unknown;
  after?: unknown;
  detail?: string;
}

export interface UserRecord {
  id: number;
  email: string;
  name: string;
  role: Role;
  refundLimit: number | null;
  passwordHash: string;
  disabledAt: string | null;
  passwordChangedAt: string;
  createdAt: string;
  updatedAt: string;
}

export type UserChanges = Partial<Pick<UserRecord, 'name' | 'role' | 'refundLimit' | 'disabledAt' | 'passwordHash' | 'passwordChangedAt'>>;

export interface SessionRecord {
  tokenHash: string;
  userId: number;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  address: string | null;
  userAgent: string | null;
  revokedAt: string | null;
}

export interface ApiTokenRecord {
  id: number;
  name: string;
  tokenHash: string;
  prefix: string;
  role: Role;
  createdBy: number;
  createdByLabel: string;
  createdByDisabled: boolean;
  createdAt: string;
  expiresAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/**
 * Users, sessions and API tokens. Every change is written with its audit row in the same
 * transaction, so no change exists without the record of who made it.
 */
export interface AuthStore {
  findUserByEmail(email: string): Promise<UserRecord | null>;
  getUser(id: number): Promise<UserRecord | null>;
  listUsers(): Promise<UserRecord[]>;
  createUser(user: Omit<UserRecord, 'id' | 'createdAt' | 'updatedAt' | 'passwordChangedAt' | 'disabledAt'>, actor: Actor, at: string, action?: string): Promise<UserRecord>;
  /**
   * Disabling a user or changing the password revokes the user's sessions in the same transaction.
   * Changes that change nothing write nothing, not even an audit row.
   */
  updateUser(id: number, changes: UserChanges, actor: Actor, action: string, at: string): Promise<UserRecord | null>;

  createSession(session: SessionRecord, actor: Actor): Promise<void>;
  getSession(tokenHash: string): Promise<SessionRecord | null>;
  touchSession(tokenHash: string, at: string): Promise<void>;
  revokeSession(tokenHash: string, at: string, actor: Actor): Promise<void>;

  createApiToken(token: Omit<ApiTokenRecord, 'id' | 'createdByLabel' | 'createdByDisabled' | 'lastUsedAt' | 'revokedAt'>, actor: Actor): Promise<ApiTokenRecord>;
  findApiToken(tokenHash: string): Promise<ApiTokenRecord | null>;
  listApiTokens(): Promise<ApiTokenRecord[]>;
  revokeApiToken(id: number, at: string, actor: Actor): Promise<ApiTokenRecord | null>;
  touchApiToken(id: number, at: string): Promise<void>;
}

export interface AuditStore {
  /** Appends one audit row (for actions with no other write, such as a failed sign-in). */
  record(actor: Actor, entry: AuditRecord): Promise<void>;
  list(query: AuditQuery): Promise<AuditList>;
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

export type Verdict = { reject: Rejection } | { apply: { verification: VerificationResult; observation: OrderObservation } };

export type Recorded = { inboxId: number } & ({ rejected: Rejection } | { queued: true });

export interface AppliedToOrder {
  outcome: 'applied' | 'duplicate';
  orderId: number;
  newEvents: number;
}

/** What applying one queued notification did: its order changed, it changed nothing, or it could not be applied. */
export type Applied = { inboxId: number } & (AppliedToOrder | { outcome: 'failed'; orderId: null; message: string });

/** An order as stored; the allowed operations are computed by the domain, not stored. */
export type StoredOrder = Omit<OrderDetail, 'parts' | 'cashOperations'> & { parts: Omit<Part, 'operations'>[] };

/** A report file as received, before anything reads it. */
export interface NewImport {
  fileName: string;
  sha256: string;
  size: number;
  storedAs: string;
  channel: ImportSummary['channel'];
  accountId: string | null;
  actor: Actor;
  receivedAt: string;
}

/** One part a report row speaks of, ready to merge (a Sips SPLIT transaction gives two). */
export interface StagedLine {
  rowKey: string;
  line: number;
  groupKey: string;
  partKey: string;
  partKind: string;
  transactionId: string | null;
  reference: string | null;
  callNumber: string | null;
  brand: string;
  operation: string | null;
  succeeded: number | null;
  status: string | null;
  amount: number;
  currency: string;
  occurredAt: string | null;
  responseCode: string | null;
  authorisationId: string | null;
  maskedPan: string | null;
  orderAmount: number | null;
  anomalies: string;
}

/** A checked data row of a file: its line, and every value in the file's column order (JSON array). */
export interface KeptRow {
  line: number;
  data: string;
}

/** What checking a whole file found, when it found no error. */
export interface AcceptedFile {
  rows: number;
  /** The file's column names, kept once for its lines' values. */
  header: string[];
  /** The Paris days the rows' dates fall on, when they have dates. */
  covers: { from: string; to: string } | null;
}

/** Where a staged file goes and what it was. */
export interface MergeTarget extends AcceptedFile {
  accountId: string;
  psp: Profile['psp'];
  kind: ReportKind;
  actor: Actor;
  startedAt: number;
}

/** Rows read so far, kept outside the books until the whole file has been read without error. */
export interface Staging {
  add(lines: readonly StagedLine[]): Promise<void>;
  /** Applies every staged line in one transaction, or nothing; answers the counts. */
  merge(target: MergeTarget): Promise<{ counts: ImportCounts } | { duplicateOf: number }>;
  discard(): Promise<void>;
}

/**
 * Report-file imports: the files as received, their lines, and what they did to the books.
 * A file's lines are staged apart and merged in one transaction, so an import is all or nothing.
 */
export interface ImportStore {
  create(file: NewImport): Promise<number>;
  /** An earlier import of the same bytes (for that account, when one is named), applied or being applied, if any. */
  findEarlier(id: number, sha256: string, accountId?: string): Promise<ImportSummary | null>;
  /** Rows checked so far, kept as read; an import refused, or found a duplicate, drops its rows. */
  keepRows(id: number, rows: readonly KeptRow[]): Promise<void>;
  /** The file is stored and every row checked without error: the import says so before it applies the rows. */
  accept(id: number, checked: AcceptedFile): Promise<void>;
  /** Imports a stop cut short (received, processing or accepted), oldest first. */
  unfinished(): Promise<(ImportSummary & { storedAs: string })[]>;
  identify(id: number, found: { accountId: string; psp: Profile['psp']; profile: string; kind: ReportKind }): Promise<void>;
  markDuplicate(id: number, of: number, actor: Actor): Promise<void>;
  fail(id: number, failure: { rows: number; errors: ImportError[]; moreErrors: boolean; message: string; startedAt: number }, actor: Actor): Promise<void>;
  stage(id: number): Staging;
  list(query: ImportsQuery): Promise<ImportList>;
  get(id: number): Promise<ImportDetail | null>;
  customProfiles(): Promise<{ definition: string; updatedBy: string; updatedAt: string }[]>;
  saveProfile(profile: Profile, actor: Actor): Promise<void>;
}

/** Which orders a reconciliation pass looks at: those changed since their last pass, those still pending (time runs), or all. */
export type ReconcileScope = 'dirty' | 'pending' | 'all';
export interface ReconcileSummary {
  orders: number;
  opened: number;
  closed: number;
}

/** Where the sources disagree, and what people did about it. */
export interface DiscrepancyStore {
  reconcile(scope: ReconcileScope, now: Date): Promise<ReconcileSummary>;
  list(query: DiscrepanciesQuery): Promise<DiscrepancyList>;
  counts(query: Omit<DiscrepanciesQuery, 'type' | 'limit' | 'offset'>): Promise<DiscrepancyCounts>;
  get(id: number): Promise<Discrepancy | null>;
  acknowledge(ids: readonly number[], actor: Actor, note: string | null): Promise<number>;
  resolve(id: number, note: string, actor: Actor): Promise<Discrepancy | null>;
}

/** Paris days from..to inclusive (YYYY-MM-DD), optionally one account or one PSP. */
export interface DailyReportRange {
  from: string;
  to: string;
  account?: string | null;
  psp?: DailyReport['psp'];
}

/** Figures for finance, read from totals the database keeps as it is written. */
export interface ReportStore {
  /** Per Paris day of the order, account and brand: counts, gross, refunds, pending, failed; totals; settlement. */
  daily(range: DailyReportRange): Promise<DailyReport>;
}

/** A cash operation as asked, before the policy and the allowance have their say. */
export interface NewOperation {
  type: OperationType;
  amount: number;
  reason: string;
  idempotencyKey: string;
  confirmOverInitial: boolean;
  /** The person asking (a token acts for the person who created it): no one approves their own request. */
  personId: number | null;
}

/** Decides on a request given the part as it stands inside the write transaction (see domain/operation-policy). */
export type OperationDecider = (part: AllowanceInput, currency: string) => Decision;

export type OperationRefusal = { status: 404 | 403 | 409 | 422; code: string; message: string; field?: string };

export type OperationAnswer = { ok: true; operation: Operation; replayed: boolean } | { ok: false; refusal: OperationRefusal };

/** How a call to the PSP (or an inquiry) ended. */
export interface Completion {
  state: 'succeeded' | 'failed' | 'unknown';
  code: string | null;
  message: string | null;
  pspRequestId: string | null;
  pspReference?: string | null;
  /** How an unknown outcome was settled, in words. */
  resolution?: string | null;
  /** What was sent to the PSP and answered, to keep with the operation. */
  exchanges?: readonly (PspExchange & { purpose: OperationExchange['purpose'] })[];
}

export interface ReportEvidence {
  importId: number;
  line: number;
  fileName: string;
}

/** What a connector needs to send an operation. */
export interface Dispatch {
  operation: Operation;
  target: CashTarget;
  /** The part's books as they stand: what an inquiry's totals are compared with. */
  books: { capturedAmount: number; refundedAmount: number; status: string };
}

/**
 * Cash operations issued from the product. Every decision is taken inside the write transaction that
 * records it, so concurrent requests see each other's reservations and cannot both pass.
 */
export interface OperationStore {
  /** Records a request as pending or awaiting approval, or refuses it; the same idempotency key answers the first request. */
  request(partId: number, ask: NewOperation, decide: OperationDecider, actor: Actor, at: string): Promise<OperationAnswer>;
  /** A supervisor other than the requester approves: the allowance is checked again, then it is pending. */
  approve(id: number, decide: OperationDecider, actor: Actor, personId: number | null, note: string | null, at: string): Promise<OperationAnswer>;
  reject(id: number, actor: Actor, personId: number | null, note: string, at: string): Promise<OperationAnswer>;
  /** Records the PSP's answer; a success becomes an event of the part (and of every part, for a whole-transaction operation). */
  complete(id: number, completion: Completion, actor: Actor, at: string): Promise<Operation>;
  dispatch(id: number): Promise<Dispatch | null>;
  get(id: number): Promise<Operation | null>;
  list(query: OperationsQuery): Promise<OperationList>;
  ofOrder(orderId: number): Promise<Operation[]>;
  /** Cents in flight (pending, unknown, awaiting approval) per part of the order and per type. */
  reserved(orderId: number): Promise<Map<number, HeldAmounts>>;
  /** The operations report row that shows this operation done (same part, type and amount, not already another's), if any. */
  reportedIn(id: number): Promise<ReportEvidence | null>;
  exchanges(id: number): Promise<OperationExchange[]>;
  /** Operations sent before `sentBefore` and still pending: their answer was never recorded (the server stopped). */
  pendingSentBefore(sentBefore: string, limit: number): Promise<Operation[]>;
  /** Operations whose outcome is unknown, oldest first. */
  unknown(limit: number): Promise<Operation[]>;
}
