import { brandFromPsp } from '../../shared/brands';
import type { PartKind, Psp } from '../../shared/psp';
import type { OrderObservation, PartObservation } from '../domain/observation';
import type { ReportRow } from './report-row';

/** The brand code and part kind a PSP's spelling stands for; unknown spellings keep their text and the fallback kind. */
export function reportBrand(psp: Psp, raw: string | null, fallbackKind: PartKind): { brand: string; kind: PartKind } {
  const brand = brandFromPsp(psp, raw);
  return { brand: brand?.code ?? (raw ?? 'UNKNOWN').toUpperCase(), kind: brand?.kind ?? fallbackKind };
}

/** What a report row says of one part, in the shape notifications use, so both feed the same derivation. */
export function reportPart(row: ReportRow, part: Pick<PartObservation, 'partKey' | 'kind' | 'brand' | 'amount'> & Partial<PartObservation>): PartObservation {
  return {
    currency: row.currency,
    status: row.status ?? 'PENDING',
    responseCode: row.responseCode,
    message: null,
    pspTransactionId: row.transactionId,
    authorisationId: part.kind === 'card' ? row.authorisationId : null,
    maskedPan: part.kind === 'card' ? row.maskedPan : null,
    occurredAt: row.occurredAt,
    captureDelayDays: null,
    anomalies: [],
    ...part,
  };
}

/** The order-level fields of a report row. */
export function reportOrder(row: ReportRow, accountId: string, psp: Psp, groupKey: string): Omit<OrderObservation, 'parts'> {
  return {
    accountId,
    psp,
    groupKey,
    reference: row.reference,
    callNumber: row.callNumber,
    currency: row.currency,
    expectedAmount: null,
    customerEmail: null,
    anomalies: [],
  };
}
