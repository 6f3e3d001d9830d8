import type { Anomaly } from '../../shared/api';
import type { PartKind, Psp } from '../../shared/psp';
import type { OrderObservation, PartObservation } from '../domain/observation';
import type { ReportRow } from './report-row';

/*
 * Built as literals, never spreads of a shared base with keys overridden: a report brings these by the
 * million, and V8 copies such spreads on a slow path.
 */

/** What a report row says of one part, in the shape notifications use, so both feed the same derivation. */
export function reportPart(row: ReportRow, partKey: string, kind: PartKind, brand: string, amount: number): PartObservation {
  return {
    partKey,
    kind,
    brand,
    amount,
    currency: row.currency,
    status: row.status ?? 'PENDING',
    responseCode: row.responseCode,
    message: null,
    pspTransactionId: row.transactionId,
    authorisationId: kind === 'card' ? row.authorisationId : null,
    maskedPan: kind === 'card' ? row.maskedPan : null,
    occurredAt: row.occurredAt,
    captureDelayDays: null,
    anomalies: [],
  };
}

/** A report row's order with its parts; the reference, expected total and anomalies as the PSP's format gives them. */
export function reportOrder(
  row: ReportRow,
  at: { accountId: string; psp: Psp; groupKey: string },
  parts: PartObservation[],
  { reference = row.reference, expectedAmount = null, anomalies = [] }: { reference?: string | null; expectedAmount?: number | null; anomalies?: Anomaly[] } = {},
): OrderObservation {
  return {
    accountId: at.accountId,
    psp: at.psp,
    groupKey: at.groupKey,
    reference,
    callNumber: row.callNumber,
    currency: row.currency,
    expectedAmount,
    customerEmail: null,
    parts,
    anomalies,
  };
}
