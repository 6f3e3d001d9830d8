import { brandAndKind } from '../../../shared/brands';
import type { Up2payAccount } from '../../config/accounts';
import type { OrderObservation } from '../../domain/observation';
import { reportOrder, reportPart } from '../../imports/observe';
import type { ReportRow } from '../../imports/report-row';

/** An Up2pay export row is one part: keyed by its transaction number within call number + reference, as the IPN keys it. */
export function up2payReportObservation(row: ReportRow, account: Up2payAccount): OrderObservation {
  const groupKey = row.callNumber && row.reference ? `${row.callNumber}/${row.reference}` : row.reference ?? '';
  const { brand, kind } = brandAndKind('up2pay', row.brand, 'card');
  return reportOrder(row, { accountId: account.id, psp: 'up2pay', groupKey }, [reportPart(row, row.transactionId ?? brand, kind, brand, row.amount)]);
}
