import { brandAndKind } from '../../../shared/brands';
import type { AxeptaAccount } from '../../config/accounts';
import type { OrderObservation } from '../../domain/observation';
import { reportOrder, reportPart } from '../../imports/observe';
import type { ReportRow } from '../../imports/report-row';

/** A Computop batch record is an operation on one payment: PayID within TransID, as the notification keys it. */
export function axeptaReportObservation(row: ReportRow, account: AxeptaAccount): OrderObservation {
  const { brand, kind } = brandAndKind('axepta', row.brand, 'card');
  return reportOrder(row, { accountId: account.id, psp: 'axepta', groupKey: row.reference ?? '' }, [reportPart(row, row.transactionId!, kind, brand, row.amount)]);
}
