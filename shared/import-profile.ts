import { z } from 'zod';
import { PART_STATUSES, PSPS } from './psp';

/**
 * A mapping profile: how one kind of PSP report file maps onto our fields. Every import goes through
 * one, the shipped ones (server/imports/profiles/*.json) and those an admin adds or edits alike.
 */

export const REPORT_KINDS = ['transactions', 'operations'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

/** What an operations-report row did to its part. */
export const REPORT_OPERATIONS = ['capture', 'refund', 'cancel', 'validate', 'other'] as const;
export type ReportOperation = (typeof REPORT_OPERATIONS)[number];

/** Our fields a column can map to. */
export const REPORT_FIELDS = [
  'transactionId',
  'reference',
  'callNumber',
  'brand',
  'amount',
  'currency',
  'occurredAt',
  'status',
  'operation',
  'result',
  'responseCode',
  'authorisationId',
  'maskedPan',
  'split',
] as const;
export type ReportField = (typeof REPORT_FIELDS)[number];

export const ProfileSchema = z
  .object({
    name: z.string().regex(/^[a-z0-9][a-z0-9-]{1,40}$/, 'lower-case letters, digits and dashes'),
    label: z.string().min(1),
    psp: z.enum(PSPS),
    kind: z.enum(REPORT_KINDS),
    /** Where the format comes from, and what of it is inferred. */
    source: z.string().min(1),
    layout: z.discriminatedUnion('type', [
      z.object({
        /** A separated file whose header line names the columns. */
        type: z.literal('header'),
        separator: z.string().length(1),
        /** Lines before the header (Sips `TITLE;...`) and after the data (a trailer), by a regex on the line. */
        preamble: z.string().optional(),
        trailer: z.string().optional(),
        /** Columns not in the profile: kept with the row (Sips adds dictionary fields) or a drift that refuses the file. */
        unknownColumns: z.enum(['keep', 'refuse']),
      }),
      z.object({
        /** Computop batch response: HEAD line, records by position (per version), FOOT with count and sum. */
        type: z.literal('computop-batch'),
        recordType: z.string().min(1),
      }),
    ]),
    /** Our field → the column names that carry it (first present wins; names compare without case or `_`). */
    columns: z.partialRecord(z.enum(REPORT_FIELDS), z.array(z.string().min(1)).min(1)),
    /** Fields whose column must be in the file. */
    required: z.array(z.enum(REPORT_FIELDS)),
    amount: z.enum(['cents', 'decimal']),
    /** `iso` (with offset), or a Europe/Paris wall-clock pattern. */
    date: z.enum(['iso', 'dd/mm/yyyy hh:mm:ss', 'yyyymmdd']),
    currency: z.string().length(3).optional().describe('when the file has no currency column'),
    /** The file's status words → our part states (transactions reports). */
    statuses: z.record(z.string(), z.enum(PART_STATUSES)).optional(),
    /** The file's operation words → what they do (operations reports). */
    operations: z.record(z.string(), z.enum(REPORT_OPERATIONS)).optional(),
    /** The file's result words that mean the operation succeeded; any other result is a failed operation. */
    successResults: z.array(z.string()).optional(),
  })
  .superRefine((p, ctx) => {
    for (const f of p.required) if (!p.columns[f]) ctx.addIssue({ code: 'custom', path: ['required'], message: `"${f}" is required but has no column` });
    if (p.kind === 'transactions' && !p.statuses) ctx.addIssue({ code: 'custom', path: ['statuses'], message: 'a transactions profile maps status words' });
    if (p.kind === 'operations' && !p.operations) ctx.addIssue({ code: 'custom', path: ['operations'], message: 'an operations profile maps operation words' });
  });
export type Profile = z.infer<typeof ProfileSchema>;
