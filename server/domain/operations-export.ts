import { personText, type Operation, type OperationState } from '../../shared/api-operations';
import type { CsvFormat } from '../../shared/api-reports';
import { brandLabel } from '../../shared/brands';
import type { OperationType } from '../../shared/rules';
import { exportCsv, exportXlsx, type ExportColumn } from '../export/table';

/** The Refunds page as a file: one line per operation, for finance to match refunds with bank statements. */
const WORDS: Record<CsvFormat, { type: Record<OperationType, string>; state: Record<OperationState, string>; kind: Record<Operation['partKind'], string> }> = {
  fr: {
    type: { refund: 'remboursement', cancel: 'annulation', capture: 'capture', validate: 'validation' },
    state: { awaiting_approval: 'en attente d’approbation', pending: 'envoyée', unknown: 'issue inconnue', succeeded: 'réussie', failed: 'échouée', rejected: 'refusée' },
    kind: { voucher: 'titre', card: 'carte' },
  },
  en: {
    type: { refund: 'refund', cancel: 'cancel', capture: 'capture', validate: 'validate' },
    state: { awaiting_approval: 'awaiting approval', pending: 'pending', unknown: 'unknown', succeeded: 'succeeded', failed: 'failed', rejected: 'rejected' },
    kind: { voucher: 'voucher', card: 'card' },
  },
};

const text = (value: string | null) => (value === null ? null : { text: value });

export const OPERATION_COLUMNS: readonly ExportColumn<Operation>[] = [
  { fr: 'Demandé le', en: 'asked_at', cell: (op) => ({ instant: op.createdAt }), width: 20 },
  { fr: 'Commande', en: 'order', cell: (op) => text(op.orderReference), width: 18 },
  { fr: 'Compte', en: 'account', cell: (op) => text(op.accountId), width: 16 },
  { fr: 'PSP', en: 'psp', cell: (op) => text(op.psp) },
  { fr: 'Part', en: 'part', cell: (op, f) => text(WORDS[f].kind[op.partKind]) },
  { fr: 'Marque', en: 'brand', cell: (op) => text(brandLabel(op.brand)), width: 24 },
  { fr: 'Opération', en: 'operation', cell: (op, f) => text(WORDS[f].type[op.type]), width: 16 },
  { fr: 'Montant', en: 'amount', cell: (op) => ({ amount: op.amount, currency: op.currency }) },
  { fr: 'Devise', en: 'currency', cell: (op) => text(op.currency) },
  { fr: 'État', en: 'state', cell: (op, f) => text(WORDS[f].state[op.state]), width: 20 },
  { fr: 'Demandé par', en: 'asked_by', cell: (op) => text(personText(op.requestedBy)), width: 36 },
  { fr: 'Motif', en: 'reason', cell: (op) => text(op.reason), width: 32 },
  { fr: 'Décidé par', en: 'decided_by', cell: (op) => text(op.decidedBy ? personText(op.decidedBy) : null), width: 36 },
  { fr: 'Code PSP', en: 'psp_code', cell: (op) => text(op.pspCode) },
  { fr: 'Message PSP', en: 'psp_message', cell: (op) => text(op.pspMessage), width: 40 },
  { fr: 'Référence PSP', en: 'psp_reference', cell: (op) => text(op.pspReference), width: 24 },
  { fr: 'Terminé le', en: 'completed_at', cell: (op) => (op.completedAt ? { instant: op.completedAt } : null), width: 20 },
];

export function operationsCsv(operations: readonly Operation[], format: CsvFormat): string {
  return exportCsv(OPERATION_COLUMNS, operations, format);
}

export function operationsXlsx(operations: readonly Operation[], format: CsvFormat, modified = new Date()): Buffer {
  return exportXlsx(OPERATION_COLUMNS, operations, format, format === 'fr' ? 'Opérations' : 'Operations', modified);
}

/** `operations_2026-11-23.csv`, `operations_2026-11-23.xlsx`: the day it was exported. */
export function operationsFileName(day: string, extension: 'csv' | 'xlsx'): string {
  return `operations_${day}.${extension}`;
}
