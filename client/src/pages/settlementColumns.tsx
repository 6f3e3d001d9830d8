import { createColumnHelper } from '@tanstack/react-table';
import { brandLabel } from '../../../shared/brands';
import { PSP_LABELS } from '../../../shared/psp';
import type { SummaryTableFeatures } from '../components/SummaryTable';
import { formatCount, formatMoney } from '../format';
import type { SettlementLine } from './dailyReportLines';

const helper = createColumnHelper<SummaryTableFeatures, SettlementLine>();

const amount = (key: 'captured' | 'refunds' | 'expected', header: string) =>
  helper.display({
    id: key,
    header,
    meta: { align: 'end', className: 'col-money' },
    cell: (info) => {
      const s = info.row.original;
      return <span className={`amount${key === 'expected' ? ' strong-amount' : ''}${s[key] === 0 ? ' amount-zero' : ''}`}>{formatMoney(s[key], s.currency)}</span>;
    },
  });

const figures = [
  helper.display({ id: 'parts', header: 'Parts', meta: { align: 'end', className: 'col-count' }, cell: (info) => formatCount(info.row.original.parts) }),
  amount('captured', 'Captured'),
  amount('refunds', 'Refunds'),
  amount('expected', 'Expected'),
];

/** What each voucher issuer should pay: its captured voucher parts, less their refunds. */
export const voucherSettlementColumns = helper.columns([
  helper.display({
    id: 'issuer',
    header: 'Voucher issuer',
    cell: (info) => (info.row.original.total ? <strong>Total</strong> : <span title={info.row.original.brand!}>{brandLabel(info.row.original.brand!)}</span>),
  }),
  ...figures,
]);

/** What each card contract (an account and a card brand) should pay. */
export const cardSettlementColumns = helper.columns([
  helper.display({
    id: 'contract',
    header: 'Card contract',
    meta: { className: 'col-nowrap' },
    cell: (info) => {
      const s = info.row.original;
      if (s.total) return <strong>Total</strong>;
      return (
        <>
          {s.accountId} · <span title={s.brand!}>{brandLabel(s.brand!)}</span>
          <span className="secondary">{PSP_LABELS[s.psp!]}</span>
        </>
      );
    },
  }),
  ...figures,
]);
