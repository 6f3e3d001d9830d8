import { z } from 'zod';
import { CSV_FORMATS } from './api-reports';
import { PART_KINDS, PSPS } from './psp';
import { OPERATION_TYPES } from './rules';

/**
 * Cash operations issued from the product (refund, cancel, capture, validate), defined once for the
 * server's validation and the client's reading.
 *
 * Lifecycle: `awaiting_approval` (above the agent's limit, or a Sips refund beyond the initial amount)
 * → `rejected` by a supervisor, or `pending` (sent to the PSP) → `succeeded` | `failed` | `unknown`
 * (timeout, connection lost, unreadable answer: the PSP may or may not have done it) → resolved by
 * asking the PSP or by its operations report into `succeeded` or `failed`. Never retried blindly.
 */
export const OPERATION_STATES = ['awaiting_approval', 'pending', 'unknown', 'succeeded', 'failed', 'rejected'] as const;
export type OperationState = (typeof OPERATION_STATES)[number];

export const OPERATION_STATE_LABELS: Record<OperationState, string> = {
  awaiting_approval: 'Awaiting approval',
  pending: 'Sent, waiting for the PSP',
  unknown: 'Outcome unknown',
  succeeded: 'Succeeded',
  failed: 'Failed',
  rejected: 'Rejected',
};

/** States that hold part of the allowance: the money may still go, so nobody else may ask for it. */
export const RESERVING_STATES: readonly OperationState[] = ['awaiting_approval', 'pending', 'unknown'];

/** Who asked or decided: `label` as recorded then (an e-mail, or `token <name>`), `name` the person's name now when they are a user. */
const PersonSchema = z.object({ id: z.number().int().nullable(), label: z.string(), name: z.string().nullable() });
export type Person = z.infer<typeof PersonSchema>;

/** One line for a person, in sentences and exports: `Arthur Agent (agent@example.fr)`. */
export function personText(p: Person): string {
  return p.name ? `${p.name} (${p.label})` : p.label;
}

export const OperationSchema = z.object({
  id: z.number().int(),
  partId: z.number().int(),
  orderId: z.number().int(),
  orderReference: z.string().nullable(),
  accountId: z.string(),
  psp: z.enum(PSPS),
  partKey: z.string(),
  partKind: z.enum(PART_KINDS),
  brand: z.string(),
  type: z.enum(OPERATION_TYPES),
  /** Cents. */
  amount: z.number().int(),
  currency: z.string(),
  state: z.enum(OPERATION_STATES),
  reason: z.string(),
  idempotencyKey: z.string(),
  requestedBy: PersonSchema,
  /** A Sips card refund beyond the initial amount, confirmed explicitly. */
  overInitial: z.boolean(),
  /** Why a supervisor must approve it, when one must. */
  approvalReason: z.string().nullable(),
  decidedBy: PersonSchema.nullable(),
  decisionNote: z.string().nullable(),
  decidedAt: z.string().nullable(),
  /** What identifies the request at the PSP (Axepta ReqID, Up2pay NUMQUESTION, Sips operationOrigin...). */
  pspRequestId: z.string().nullable(),
  pspCode: z.string().nullable(),
  pspMessage: z.string().nullable(),
  /** The PSP's id of the operation when it gives one (Axepta XID, Payline transaction id...). */
  pspReference: z.string().nullable(),
  /** How an unknown outcome was settled (asking the PSP, its operations report), in words. */
  resolution: z.string().nullable(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
  completedAt: z.string().nullable(),
  updatedAt: z.string(),
});
export type Operation = z.infer<typeof OperationSchema>;

export const OperationRequestSchema = z.object({
  type: z.enum(OPERATION_TYPES),
  amount: z.number().int('amount is in cents: a whole number').positive('amount must be more than 0'),
  reason: z.string().trim().min(3, 'say why, in a few words (at least 3 characters)').max(500),
  /** Chosen by the client once per intent: sending the same key again returns the first result. */
  idempotencyKey: z.string().trim().min(8, 'at least 8 characters').max(100),
  /** Sips card refunds beyond the initial amount must be confirmed explicitly. */
  confirmOverInitial: z.boolean().optional(),
});
export type OperationRequest = z.infer<typeof OperationRequestSchema>;

export const OperationResultSchema = z.object({
  operation: OperationSchema,
  /** True when the idempotency key was already used: this is the first request's operation, unchanged. */
  replayed: z.boolean(),
});
export type OperationResult = z.infer<typeof OperationResultSchema>;

export const DecisionBodySchema = z.object({ note: z.string().trim().max(500).optional() });
export const RejectBodySchema = z.object({ note: z.string().trim().min(3, 'say why the request is rejected').max(500) });

export const OperationsQuerySchema = z.object({
  state: z.enum(OPERATION_STATES).optional(),
  type: z.enum(OPERATION_TYPES).optional(),
  psp: z.enum(PSPS).optional(),
  account: z.string().trim().min(1).optional(),
  orderId: z.coerce.number().int().positive().optional(),
  /** Order reference, or the requester's name, contains. */
  q: z.string().trim().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export type OperationsQuery = z.infer<typeof OperationsQuerySchema>;

/** The Refunds page's filters, as a file: every matching operation, `fr` or `en` (see the daily report's CSV). */
export const OperationsExportQuerySchema = OperationsQuerySchema.omit({ limit: true, offset: true }).extend({ format: z.enum(CSV_FORMATS).default('fr') });

export const OperationListSchema = z.object({
  items: z.array(OperationSchema),
  total: z.number().int(),
  /** Per state, over the filters other than the state: what the Refunds page tabs show. */
  counts: z.record(z.enum(OPERATION_STATES), z.number().int()),
});
export type OperationList = z.infer<typeof OperationListSchema>;

export const RefundProposalQuerySchema = z.object({ amount: z.coerce.number().int().positive('amount must be more than 0') });

/** The refund assistant's answer: how to give `requested` back across the order's parts. */
export const RefundProposalSchema = z.object({
  requested: z.number().int(),
  currency: z.string(),
  lines: z.array(
    z.object({
      partId: z.number().int(),
      partKey: z.string(),
      kind: z.enum(PART_KINDS),
      brand: z.string(),
      amount: z.number().int(),
      maxAmount: z.number().int(),
      ruleId: z.string().nullable(),
      source: z.string().nullable(),
    }),
  ),
  /** Parts that cannot give anything back through the PSP, and why. */
  blocked: z.array(z.object({ partId: z.number().int(), partKey: z.string(), kind: z.enum(PART_KINDS), brand: z.string(), reason: z.string(), source: z.string().nullable() })),
  /** What the proposal cannot cover (0 when it covers everything). */
  shortfall: z.number().int(),
  message: z.string(),
});
export type RefundProposal = z.infer<typeof RefundProposalSchema>;

/** One request sent to the PSP for an operation, and its answer, as they were on the wire (no headers). */
export const OperationExchangeSchema = z.object({
  at: z.string(),
  purpose: z.enum(['execute', 'inquire']),
  url: z.string(),
  request: z.string(),
  httpStatus: z.number().int().nullable(),
  response: z.string().nullable(),
  /** A timeout or a connection error, when no answer came. */
  error: z.string().nullable(),
});
export type OperationExchange = z.infer<typeof OperationExchangeSchema>;
export const OperationExchangeListSchema = z.object({ items: z.array(OperationExchangeSchema) });
export type OperationExchangeList = z.infer<typeof OperationExchangeListSchema>;
