import { createColumnHelper } from '@tanstack/react-table';
import type { ReportFigures } from '../../../shared/api-reports';
import { brandLabel } from '../../../shared/brands';
import { PSP_LABELS } from '../../../shared/psp';
import type { SummaryTableFeatures } from '../components/SummaryTable';
import { formatCount, formatDay, formatMoney } from '../format';
import type { ReportLine } from './dailyReportLines';

const helper = createColumnHelper<SummaryTableFeatures, ReportLine>();

const money = (key: 'gross' | 'voucher' | 'card' | 'refunds' | 'net', header: string, className = '') =>
  helper.display({
    id: key,
    header,
    meta: { align: 'end', className: `col-money ${className}`.trim() },
    cell: (info) => {
      const f = info.row.original.figures;
      return <span className={`amount${f[key] === 0 ? ' amount-zero' : ''}`}>{formatMoney(f[key], f.currency)}</span>;
    },
  });

const count = (key: keyof Pick<ReportFigures, 'orders' | 'parts' | 'failedCount'>, header: string) =>
  helper.display({ id: key, header, meta: { align: 'end', className: 'col-count' }, cell: (info) => formatCount(info.row.original.figures[key]) });

/**
 * The daily report table, as data: one line per day, account and brand, each day's total and the
 * range's. The day is written on its first line; totals say what they total in the first columns.
 */
export const dailyReportColumns = helper.columns([
  helper.display({
    id: 'day',
    header: 'Day',
    meta: { className: 'col-date' },
    cell: (info) => {
      const line = info.row.original;
      if (line.level === 'range') return <strong>Total</strong>;
      if (line.level === 'day' && !line.firstOfDay) return <span className="secondary-inline">Total {formatDay(line.day!)}</span>;
      return line.firstOfDay ? <strong>{formatDay(line.day!)}</strong> : null;
    },
  }),
  helper.display({
    id: 'account',
    header: 'Account',
    meta: { className: 'col-nowrap' },
    cell: (info) => {
      const line = info.row.original;
      if (line.level === 'range') return <span className="secondary-inline">All days of the range</span>;
      if (line.level !== 'brand' || !line.firstOfAccount) return null;
      return <span title={PSP_LABELS[line.psp!]}>{line.accountId}</span>;
    },
  }),
  helper.display({
    id: 'brand',
    header: 'Brand',
    meta: { className: 'col-brand' },
    cell: (info) => {
      const line = info.row.original;
      if (line.level !== 'brand') return null;
      return (
        <span className="report-brand">
          <span className={`kind-tag kind-${line.kind}`}>{line.kind === 'voucher' ? 'Voucher' : 'Card'}</span>
          <span title={line.brand!}>{brandLabel(line.brand!)}</span>
        </span>
      );
    },
  }),
  count('orders', 'Orders'),
  count('parts', 'Parts'),
  money('gross', 'Gross'),
  money('voucher', 'Voucher', 'col-voucher'),
  money('card', 'Card', 'col-card'),
  money('refunds', 'Refunds'),
  money('net', 'Net'),
  helper.display({
    id: 'pending',
    header: 'Pending',
    meta: { align: 'end', className: 'col-money' },
    cell: (info) => {
      const f = info.row.original.figures;
      if (f.pendingCount === 0) return <span className="amount amount-zero">—</span>;
      return (
        <>
          <span className="amount">{formatMoney(f.pendingAmount, f.currency)}</span>
          <span className="secondary">
            {formatCount(f.pendingCount)} part{f.pendingCount > 1 ? 's' : ''}
          </span>
        </>
      );
    },
  }),
  count('failedCount', 'Failed'),
]);
