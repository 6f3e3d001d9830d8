import type { ReportOperation } from '../../shared/import-profile';
import type { PartStatus } from '../../shared/psp';

/** One data row of a report file, read through its profile: our fields, validated, amounts in cents, dates in UTC. */
export interface ReportRow {
  line: number;
  transactionId: string | null;
  reference: string | null;
  callNumber: string | null;
  brand: string | null;
  amount: number;
  currency: string;
  occurredAt: string | null;
  status: PartStatus | null;
  operation: ReportOperation | null;
  /** The operation as the file names it (CREDIT, Remboursement, 421...). */
  operationName: string | null;
  /** Operations: whether the PSP says it succeeded. */
  succeeded: boolean | null;
  responseCode: string | null;
  authorisationId: string | null;
  maskedPan: string | null;
  split: string | null;
  /** Every value of the row in the file's column order, unknown columns included (a full card number masked). */
  values: string[];
}
