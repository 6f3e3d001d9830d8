import type { InboxSummary } from '../../shared/api';
import type { OperationState } from '../../shared/api-operations';
import type { ImportStatus, ImportSummary } from '../../shared/api-imports';
import type { ReportKind, ReportOperation } from '../../shared/import-profile';
import type { DiscrepancyStatus } from '../../shared/discrepancies';
import { PSP_LABELS, PSPS, type OrderStatus, type PartKind, type PartStatus, type Psp } from '../../shared/psp';
import type { OperationType } from '../../shared/rules';

/** Words and badge tones for the codes the API returns. Tones map to CSS classes `tone-*`. */
export type Tone = 'good' | 'info' | 'warn' | 'bad' | 'muted';

export const ORDER_STATUS_TONES: Record<OrderStatus, Tone> = {
  paid: 'good',
  pending: 'warn',
  partially_pending: 'warn',
  refused: 'muted',
  cancelled: 'muted',
  amounts_mismatch: 'bad',
  split_inconsistent: 'bad',
};

export const PART_STATUS_LABELS: Record<PartStatus, string> = {
  PENDING: 'Pending',
  TO_VALIDATE: 'To validate',
  TO_CAPTURE: 'To capture',
  CAPTURED: 'Captured',
  CANCELLED: 'Cancelled',
  REFUSED: 'Refused',
  EXPIRED: 'Expired',
};

export const PART_STATUS_TONES: Record<PartStatus, Tone> = {
  PENDING: 'warn',
  TO_VALIDATE: 'info',
  TO_CAPTURE: 'info',
  CAPTURED: 'good',
  CANCELLED: 'muted',
  REFUSED: 'bad',
  EXPIRED: 'muted',
};

export const OPERATION_LABELS: Record<OperationType, string> = {
  capture: 'Capture',
  validate: 'Validate',
  cancel: 'Cancel',
  refund: 'Refund',
};

export const PART_KIND_LABELS: Record<PartKind, string> = { voucher: 'Voucher', card: 'Card' };

/** Unknown is an alert: money may have moved without anyone knowing. */
export const OPERATION_STATE_TONES: Record<OperationState, Tone> = {
  awaiting_approval: 'warn',
  pending: 'info',
  unknown: 'bad',
  succeeded: 'good',
  failed: 'bad',
  rejected: 'muted',
};

export const EVENT_SOURCE_LABELS = {
  notification: 'Notification',
  transactions_report: 'Transactions report',
  operations_report: 'Operations report',
  operation: 'Operation',
} as const;

export const VERIFICATION_LABELS: Record<InboxSummary['verification'], string> = {
  pending: 'Pending',
  valid: 'Valid',
  invalid: 'Invalid signature',
  unknown_account: 'Unknown account',
  not_verified: 'Not verified',
  confirmed_by_api: 'Confirmed by API',
};

export const VERIFICATION_TONES: Record<InboxSummary['verification'], Tone> = {
  pending: 'warn',
  valid: 'good',
  invalid: 'bad',
  unknown_account: 'bad',
  not_verified: 'warn',
  confirmed_by_api: 'good',
};

export const OUTCOME_LABELS: Record<InboxSummary['outcome'], string> = {
  received: 'Received',
  queued: 'Verified, being applied',
  applied: 'Applied',
  duplicate: 'Duplicate',
  rejected: 'Rejected',
  failed: 'Failed',
};

export const OUTCOME_TONES: Record<InboxSummary['outcome'], Tone> = {
  received: 'info',
  queued: 'info',
  applied: 'good',
  duplicate: 'muted',
  rejected: 'bad',
  failed: 'bad',
};

const isPsp = (value: string): value is Psp => (PSPS as readonly string[]).includes(value);

/** Inbox entries keep the PSP as sent in the URL, which may be one the product does not know. */
export function pspLabel(psp: string): string {
  return isPsp(psp) ? PSP_LABELS[psp] : psp;
}

/** What the audit log's action codes mean; an action not listed here is shown by its code alone. */
export const AUDIT_ACTION_LABELS: Record<string, string> = {
  'auth.login': 'Signed in',
  'auth.login_failed': 'Sign-in failed',
  'auth.login_rate_limited': 'Sign-in refused: too many failures',
  'auth.logout': 'Signed out',
  'user.create': 'User created',
  'user.update': 'User changed',
  'user.disable': 'User disabled',
  'user.enable': 'User enabled',
  'user.set_password': 'Password set by an administrator',
  'user.change_own_password': 'Own password changed',
  'user.bootstrap_admin': 'Administrator set at start',
  'token.create': 'API token created',
  'token.revoke': 'API token revoked',
  'inbox.replay': 'Notification replayed',
  'discrepancy.acknowledged': 'Discrepancy acknowledged',
  'discrepancy.resolved': 'Discrepancy resolved',
  'reconciliation.full_pass': 'Full reconciliation run',
  'operation.requested': 'Cash operation asked',
  'operation.approved': 'Cash operation approved',
  'operation.rejected': 'Cash operation rejected',
  'operation.succeeded': 'Cash operation done by the PSP',
  'operation.failed': 'Cash operation refused or failed',
  'operation.unknown': 'Cash operation outcome unknown',
};

/** Kinds of object the audit log records; an unknown kind is shown by its code. */
export const AUDIT_OBJECT_TYPE_LABELS: Record<string, string> = {
  user: 'User',
  api_token: 'API token',
  inbox: 'Notification',
  discrepancy: 'Discrepancy',
  operation: 'Cash operation',
};

export function auditObjectTypeLabel(type: string): string {
  return AUDIT_OBJECT_TYPE_LABELS[type] ?? type;
}

export const IMPORT_STATUS_TONES: Record<ImportStatus, Tone> = {
  received: 'info',
  processing: 'info',
  accepted: 'info',
  applied: 'good',
  duplicate: 'muted',
  failed: 'bad',
};

export const IMPORT_CHANNEL_LABELS: Record<ImportSummary['channel'], string> = {
  upload: 'Uploaded in the dashboard',
  cli: 'Command line',
  watch: 'Watched folder',
};

export const REPORT_KIND_LABELS: Record<ReportKind, string> = {
  transactions: 'Transactions report',
  operations: 'Operations report',
};

/** What an operations-report row did to its part. */
export const REPORT_OPERATION_LABELS: Record<ReportOperation, string> = {
  capture: 'Capture',
  refund: 'Refund',
  cancel: 'Cancel',
  validate: 'Validate',
  other: 'Other operation',
};

/** Where a discrepancy stands: open until someone takes it; closed when later data agreed by itself. */
export const DISCREPANCY_STATUS_LABELS: Record<DiscrepancyStatus, string> = {
  open: 'Open',
  acknowledged: 'Acknowledged',
  resolved: 'Resolved',
  closed: 'Closed',
};

export const DISCREPANCY_STATUS_TONES: Record<DiscrepancyStatus, Tone> = {
  open: 'bad',
  acknowledged: 'warn',
  resolved: 'good',
  closed: 'muted',
};
