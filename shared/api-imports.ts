import { z } from 'zod';
import { REPORT_KINDS } from './import-profile';
import { PSPS } from './psp';

/** Report-file imports: the API schemas, shared by server and client. */

export const IMPORT_STATUSES = ['received', 'processing', 'accepted', 'applied', 'duplicate', 'failed'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

export const IMPORT_STATUS_LABELS: Record<ImportStatus, string> = {
  received: 'Received',
  processing: 'Processing',
  accepted: 'Checked, applying',
  applied: 'Applied',
  duplicate: 'Same file already imported',
  failed: 'Refused, nothing applied',
};

/** Where a file came from. */
export const IMPORT_CHANNELS = ['upload', 'cli', 'watch'] as const;

/** One problem in a file, where a person can find it: line and column, and what was expected. */
export const ImportErrorSchema = z.object({
  line: z.number().int().nullable(),
  /** 1-based column number; null when the problem is about the whole line or file. */
  column: z.number().int().nullable(),
  /** The column's name in the file's header, when it has one. */
  columnName: z.string().nullable(),
  code: z.string(),
  message: z.string(),
});
export type ImportError = z.infer<typeof ImportErrorSchema>;

export const ImportCountsSchema = z.object({
  /** Data rows read from the file. */
  rows: z.number().int(),
  /** Rows that created a part (transactions) or an operation not known before. */
  new: z.number().int(),
  /** Rows that matched a part already known (from a notification or an earlier report). */
  confirmed: z.number().int(),
  /** Rows already applied by an earlier file (the same rows in yesterday's and this week's file). */
  unchanged: z.number().int(),
  /** Rows kept but matching no known part. */
  unmatched: z.number().int(),
  /** Rows whose figures disagree with what was already known (amount, status). */
  discrepancies: z.number().int(),
  errors: z.number().int(),
});
export type ImportCounts = z.infer<typeof ImportCountsSchema>;

export const ImportSummarySchema = z.object({
  id: z.number().int(),
  fileName: z.string(),
  sha256: z.string(),
  size: z.number().int(),
  accountId: z.string().nullable(),
  psp: z.enum(PSPS).nullable(),
  profile: z.string().nullable(),
  kind: z.enum(REPORT_KINDS).nullable(),
  channel: z.enum(IMPORT_CHANNELS),
  status: z.enum(IMPORT_STATUSES),
  /** The earlier import of the same bytes, when this one is a repeat. */
  duplicateOf: z.number().int().nullable(),
  counts: ImportCountsSchema,
  /** The reason in one line when the file was refused. */
  message: z.string().nullable(),
  actor: z.string(),
  receivedAt: z.string(),
  /** When the file was stored and every row checked without error; applying follows. */
  acceptedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  durationMs: z.number().int().nullable(),
  /** While running: the pass (checking every row, then applying them) and how far its reading got. */
  progress: z.object({ phase: z.enum(['checking', 'applying']), bytes: z.number().int(), rows: z.number().int() }).nullable(),
});
export type ImportSummary = z.infer<typeof ImportSummarySchema>;

export const REPORT_LINE_MATCHES = ['created', 'confirmed', 'differs', 'unmatched'] as const;

export const ReportLineSchema = z.object({
  id: z.number().int(),
  line: z.number().int(),
  kind: z.enum(REPORT_KINDS),
  transactionId: z.string().nullable(),
  reference: z.string().nullable(),
  operation: z.string().nullable(),
  status: z.string().nullable(),
  amount: z.number().int().nullable(),
  currency: z.string().nullable(),
  occurredAt: z.string().nullable(),
  match: z.enum(REPORT_LINE_MATCHES),
  /** Operations only: not issued from this product (done in the PSP's back office or elsewhere). */
  outside: z.boolean(),
  orderId: z.number().int().nullable(),
  partId: z.number().int().nullable(),
  note: z.string().nullable(),
});
export type ReportLine = z.infer<typeof ReportLineSchema>;

export const ImportDetailSchema = ImportSummarySchema.extend({
  errors: z.array(ImportErrorSchema),
  /** Errors beyond those listed: the import stops collecting after a bounded number. */
  moreErrors: z.boolean(),
  /** Rows that matched nothing, kept for a later file or a person to resolve. */
  unmatchedLines: z.array(ReportLineSchema),
});
export type ImportDetail = z.infer<typeof ImportDetailSchema>;

export const ImportListSchema = z.object({ items: z.array(ImportSummarySchema), total: z.number().int() });

export const ImportsQuerySchema = z.object({
  status: z.enum(IMPORT_STATUSES).optional(),
  account: z.string().trim().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export type ImportsQuery = z.infer<typeof ImportsQuerySchema>;

export const ProfileSummarySchema = z.object({
  name: z.string(),
  label: z.string(),
  psp: z.enum(PSPS),
  kind: z.enum(REPORT_KINDS),
  /** Shipped with the product, or added / edited by an admin. */
  origin: z.enum(['shipped', 'custom']),
});
export const ProfileListSchema = z.object({ items: z.array(ProfileSummarySchema) });
export type ImportList = z.infer<typeof ImportListSchema>;
