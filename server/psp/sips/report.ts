import type { Anomaly } from '../../../shared/api';
import { brandAndKind } from '../../../shared/brands';
import { checkSplitTotal, isSplitMessage, parseSplit } from '../../../shared/split';
import type { SipsAccount } from '../../config/accounts';
import type { OrderObservation, PartObservation } from '../../domain/observation';
import { reportOrder, reportPart } from '../../imports/observe';
import type { ReportRow } from '../../imports/report-row';

/**
 * A Sips report row is a transaction (JT) or an operation on one (JO). A Conecs transaction carries
 * its SPLIT as the IPN does, so it speaks of two parts, keyed as the IPN keys them (voucher, card).
 */
export function sipsReportObservation(row: ReportRow, account: SipsAccount): OrderObservation {
  const groupKey = row.transactionId!;
  const at = { accountId: account.id, psp: 'sips' as const, groupKey };
  const reference = row.reference ?? groupKey;
  if (row.operation) {
    const { brand, kind } = brandAndKind('sips', row.brand, 'card');
    return reportOrder(row, at, [reportPart(row, kind, kind, brand, row.amount)], { reference });
  }
  const anomalies: Anomaly[] = [];
  const parts: PartObservation[] = [];
  const split = isSplitMessage(row.split) ? parseSplit(row.split, row.currency) : null;
  if (split?.ok) {
    const s = split.value;
    parts.push(reportPart(row, 'voucher', 'voucher', brandAndKind('sips', s.voucherMean, 'voucher').brand, s.voucherAmount));
    if (s.supplement) parts.push(reportPart(row, 'card', 'card', brandAndKind('sips', s.supplement.mean, 'card').brand, s.supplement.amount));
    const mismatch = checkSplitTotal(s, row.amount, row.currency);
    if (mismatch) anomalies.push({ code: mismatch.code, message: mismatch.message });
  } else {
    if (split && !split.ok) anomalies.push({ code: 'SPLIT_UNPARSEABLE', message: `${split.error.message} (raw: ${split.error.raw})` });
    const { brand, kind } = brandAndKind('sips', row.brand, 'card');
    parts.push(reportPart(row, kind, kind, brand, row.amount));
  }
  return reportOrder(row, at, parts, { reference, expectedAmount: row.amount, anomalies });
}
