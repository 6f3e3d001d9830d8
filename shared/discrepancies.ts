import { z } from 'zod';
import { PSPS } from './psp';

/** What finance reconciles (DOMAIN.md, "What finance reconciles"): each way the sources can disagree. */
export const DISCREPANCY_TYPES = [
  'missing_from_report',
  'not_notified',
  'amount_differs',
  'status_differs',
  'parts_do_not_add_up',
  'voucher_accepted_card_refused',
  'refund_not_confirmed',
  'outside_operation',
  'voucher_outside_limits',
  'stale_pending',
] as const;
export type DiscrepancyType = (typeof DISCREPANCY_TYPES)[number];

export const DISCREPANCY_LABELS: Record<DiscrepancyType, string> = {
  missing_from_report: 'Notified, missing from the report',
  not_notified: 'In the report, never notified',
  amount_differs: 'Amount differs',
  status_differs: 'Status differs',
  parts_do_not_add_up: 'Parts do not add up',
  voucher_accepted_card_refused: 'Voucher accepted, card refused',
  refund_not_confirmed: 'Refund not confirmed',
  outside_operation: 'Operation done outside',
  voucher_outside_limits: 'Voucher outside Conecs limits',
  stale_pending: 'Pending too long',
};

/** Open until someone acknowledges or resolves it; closed by itself when later data agrees. */
export const DISCREPANCY_STATUSES = ['open', 'acknowledged', 'resolved', 'closed'] as const;
export type DiscrepancyStatus = (typeof DISCREPANCY_STATUSES)[number];

export const EvidenceSchema = z.object({
  /** Stored notifications that speak of it. */
  inboxIds: z.array(z.number().int()),
  /** Report lines that speak of it, with their import. */
  reportLines: z.array(z.object({ id: z.number().int(), importId: z.number().int(), line: z.number().int() })),
});
export type Evidence = z.infer<typeof EvidenceSchema>;

export const DiscrepancySchema = z.object({
  id: z.number().int(),
  type: z.enum(DISCREPANCY_TYPES),
  status: z.enum(DISCREPANCY_STATUSES),
  reason: z.string(),
  /** Cents at stake, in the order's currency. */
  amount: z.number().int(),
  currency: z.string(),
  orderId: z.number().int(),
  orderReference: z.string().nullable(),
  partKey: z.string().nullable(),
  accountId: z.string(),
  psp: z.enum(PSPS),
  brand: z.string().nullable(),
  evidence: EvidenceSchema,
  openedAt: z.string(),
  updatedAt: z.string(),
  /** Who acknowledged or resolved it, and the note; or why it closed by itself. */
  handledBy: z.string().nullable(),
  note: z.string().nullable(),
  closedAt: z.string().nullable(),
});
export type Discrepancy = z.infer<typeof DiscrepancySchema>;

export const DiscrepancyListSchema = z.object({ items: z.array(DiscrepancySchema), total: z.number().int() });
export type DiscrepancyList = z.infer<typeof DiscrepancyListSchema>;

export const DiscrepanciesQuerySchema = z.object({
  type: z.enum(DISCREPANCY_TYPES).optional(),
  /** `active` = open or acknowledged (the default queue). */
  status: z.enum([...DISCREPANCY_STATUSES, 'active']).default('active'),
  psp: z.enum(PSPS).optional(),
  account: z.string().trim().min(1).optional(),
  brand: z.string().trim().min(1).optional(),
  /** Opened at least this many days ago. */
  minAgeDays: z.coerce.number().int().min(0).optional(),
  /** At least this many cents at stake. */
  minAmount: z.coerce.number().int().min(0).optional(),
  orderId: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export type DiscrepanciesQuery = z.infer<typeof DiscrepanciesQuerySchema>;

export const ResolveBodySchema = z.object({ note: z.string().trim().min(3, 'say in a few words how it was resolved').max(2000) });
export const AcknowledgeBodySchema = z.object({ ids: z.array(z.number().int().positive()).min(1).max(500), note: z.string().trim().max(2000).optional() });
export const AcknowledgeResultSchema = z.object({ acknowledged: z.number().int() });
export const ReconcileSummarySchema = z.object({ orders: z.number().int(), opened: z.number().int(), closed: z.number().int() });

/** How many discrepancies of each type the other filters let through (the queue's summary bar). */
export const DiscrepancyCountsSchema = z.object({ byType: z.record(z.enum(DISCREPANCY_TYPES), z.number().int()), total: z.number().int() });
export type DiscrepancyCounts = z.infer<typeof DiscrepancyCountsSchema>;
