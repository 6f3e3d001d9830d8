import { z } from 'zod';
import { OperationSchema } from './api-operations';
import { REPORT_OPERATIONS } from './import-profile';
import { OPERATION_TYPES } from './rules';
import { ORDER_STATUSES, PART_KINDS, PART_STATUSES, PSPS } from './psp';

/** The API, defined once: the server validates with these schemas and the client reads through them. */

export const ApiErrorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    field: z.string().optional(),
  }),
});
export type ApiError = z.infer<typeof ApiErrorSchema>;

const page = <T extends z.ZodTypeAny>(item: T) => z.object({ items: z.array(item), total: z.number().int() });

export const AnomalySchema = z.object({
  code: z.string(),
  message: z.string(),
  partKey: z.string().optional(),
});
export type Anomaly = z.infer<typeof AnomalySchema>;

export const OrderSummarySchema = z.object({
  id: z.number().int(),
  accountId: z.string(),
  psp: z.enum(PSPS),
  reference: z.string().nullable(),
  callNumber: z.string().nullable(),
  groupKey: z.string(),
  currency: z.string(),
  amount: z.number().int(),
  expectedAmount: z.number().int().nullable(),
  voucherAmount: z.number().int(),
  cardAmount: z.number().int(),
  status: z.enum(ORDER_STATUSES),
  brands: z.array(z.string()),
  partCount: z.number().int(),
  anomalies: z.array(AnomalySchema),
  customerEmail: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type OrderSummary = z.infer<typeof OrderSummarySchema>;

export const AllowanceSchema = z.object({
  type: z.enum(OPERATION_TYPES),
  allowed: z.boolean(),
  /** Most that can be asked now, in cents; null when nothing can. */
  maxAmount: z.number().int().nullable(),
  /** Sips card refunds may go beyond the initial amount with a supervisor's confirmation. */
  overInitialAllowed: z.boolean(),
  /** Cents that operations of this type in flight (sent, unknown, awaiting approval) hold, already taken from maxAmount. */
  held: z.number().int(),
  scope: z.enum(['part', 'transaction']),
  reason: z.string(),
  ruleId: z.string().nullable(),
  source: z.string().nullable(),
});
export type Allowance = z.infer<typeof AllowanceSchema>;

export const PartEventSchema = z.object({
  id: z.number().int(),
  source: z.enum(['notification', 'transactions_report', 'operations_report', 'operation']),
  status: z.enum(PART_STATUSES).nullable(),
  amount: z.number().int().nullable(),
  responseCode: z.string().nullable(),
  message: z.string().nullable(),
  occurredAt: z.string().nullable(),
  recordedAt: z.string(),
  inboxId: z.number().int().nullable(),
  /** The report line this event came from: its import and its line in the file. */
  report: z.object({ lineId: z.number().int(), importId: z.number().int(), line: z.number().int(), fileName: z.string() }).nullable(),
  /** A cash operation (capture, refund, cancel, validate) and whether it was done outside this product. */
  operation: z
    .object({ type: z.enum(REPORT_OPERATIONS), amount: z.number().int(), succeeded: z.boolean(), outside: z.boolean() })
    .nullable(),
});
export type PartEvent = z.infer<typeof PartEventSchema>;

export const PartSchema = z.object({
  id: z.number().int(),
  partKey: z.string(),
  kind: z.enum(PART_KINDS),
  brand: z.string(),
  brandLabel: z.string(),
  amount: z.number().int(),
  currency: z.string(),
  status: z.enum(PART_STATUSES),
  pspTransactionId: z.string().nullable(),
  authorisationId: z.string().nullable(),
  maskedPan: z.string().nullable(),
  responseCode: z.string().nullable(),
  responseMessage: z.string().nullable(),
  capturedAmount: z.number().int(),
  refundedAmount: z.number().int(),
  captureDueAt: z.string().nullable(),
  paidAt: z.string().nullable(),
  firstSource: z.enum(['notification', 'transactions_report']),
  history: z.array(PartEventSchema),
  operations: z.array(AllowanceSchema),
});
export type Part = z.infer<typeof PartSchema>;

export const VERIFICATIONS = ['pending', 'valid', 'invalid', 'unknown_account', 'not_verified', 'confirmed_by_api'] as const;
export const INBOX_OUTCOMES = ['received', 'queued', 'applied', 'duplicate', 'rejected', 'failed'] as const;

export const InboxSummarySchema = z.object({
  id: z.number().int(),
  receivedAt: z.string(),
  psp: z.string(),
  accountId: z.string(),
  method: z.string(),
  path: z.string(),
  bodySize: z.number().int(),
  remoteAddress: z.string().nullable(),
  verification: z.enum(VERIFICATIONS),
  verificationDetail: z.string().nullable(),
  outcome: z.enum(INBOX_OUTCOMES),
  httpStatus: z.number().int().nullable(),
  error: z.object({ code: z.string(), message: z.string(), field: z.string().nullable() }).nullable(),
  orderId: z.number().int().nullable(),
  /** The reference of that order, when it has one. */
  orderReference: z.string().nullable(),
  replayOf: z.number().int().nullable(),
});
export type InboxSummary = z.infer<typeof InboxSummarySchema>;

export const InboxDetailSchema = InboxSummarySchema.extend({
  query: z.string(),
  headers: z.record(z.string(), z.string()),
  /** The body as text (UTF-8, or ISO-8859-1 when it is not valid UTF-8), and as base64 for exact bytes. */
  bodyText: z.string(),
  bodyBase64: z.string(),
  bodyTruncated: z.boolean(),
  processedAt: z.string().nullable(),
});
export type InboxDetail = z.infer<typeof InboxDetailSchema>;

export const OrderDetailSchema = OrderSummarySchema.extend({
  parts: z.array(PartSchema),
  notifications: z.array(InboxSummarySchema),
  /** Cash operations issued from this product on the order's parts, newest first. */
  cashOperations: z.array(OperationSchema),
});
export type OrderDetail = z.infer<typeof OrderDetailSchema>;

export const OrderListSchema = page(OrderSummarySchema).extend({
  /**
   * The count stops past 10,000 orders (further when the page asked for is past them): `total` is then
   * a lower bound ("10,000+"), still past the page shown when more follow. Absent means exact.
   */
  totalIsLowerBound: z.boolean().optional(),
});
export type OrderList = z.infer<typeof OrderListSchema>;
export const InboxListSchema = page(InboxSummarySchema);
export type InboxList = z.infer<typeof InboxListSchema>;

const optionalText = z.string().trim().min(1).optional();
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2})?)?$/, 'expected an ISO date such as 2026-11-23')
  .optional();

export const ORDER_SORT_FIELDS = ['createdAt', 'amount', 'voucherAmount', 'cardAmount', 'reference', 'status'] as const;

export const OrdersQuerySchema = z.object({
  q: optionalText,
  status: z.enum(ORDER_STATUSES).optional(),
  psp: z.enum(PSPS).optional(),
  account: optionalText,
  brand: optionalText,
  /** Inclusive start; a bare date is the start of that day in Europe/Paris. */
  from: isoDate,
  /** Inclusive end; a bare date is the end of that day in Europe/Paris. */
  to: isoDate,
  sort: z.enum(ORDER_SORT_FIELDS).default('createdAt'),
  dir: z.enum(['asc', 'desc']).default('desc'),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export type OrdersQuery = z.infer<typeof OrdersQuerySchema>;

export const InboxQuerySchema = z.object({
  psp: z.enum(PSPS).optional(),
  account: optionalText,
  outcome: z.enum(INBOX_OUTCOMES).optional(),
  /** `rejected` narrows to every request that was not applied: bad signature, unknown account, bad format. */
  rejected: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export type InboxQuery = z.infer<typeof InboxQuerySchema>;

export const ReplayResultSchema = z.object({
  inboxId: z.number().int(),
  replayOf: z.number().int(),
  outcome: z.enum(INBOX_OUTCOMES),
  httpStatus: z.number().int(),
  message: z.string(),
  orderId: z.number().int().nullable(),
});
export type ReplayResult = z.infer<typeof ReplayResultSchema>;

export const AccountSummarySchema = z.object({ id: z.string(), psp: z.enum(PSPS), label: z.string() });
export const AccountListSchema = z.object({ items: z.array(AccountSummarySchema) });
export type AccountSummary = z.infer<typeof AccountSummarySchema>;
