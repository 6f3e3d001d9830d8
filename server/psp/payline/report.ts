import { brandAndKind } from '../../../shared/brands';
import type { PaylineAccount } from '../../config/accounts';
import type { OrderObservation } from '../../domain/observation';
import { reportOrder, reportPart } from '../../imports/observe';
import type { ReportRow } from '../../imports/report-row';

/** A Payline export row is one transaction of an order reference; the web-payment token keys it as the notification does. */
export function paylineReportObservation(row: ReportRow, account: PaylineAccount): OrderObservation {
  const { brand, kind } = brandAndKind('payline', row.brand, 'card');
  const partKey = row.callNumber ? `token:${row.callNumber}` : `tx:${row.transactionId}`;
  return reportOrder(row, { accountId: account.id, psp: 'payline', groupKey: row.reference ?? '' }, [reportPart(row, partKey, kind, brand, row.amount)]);
}
