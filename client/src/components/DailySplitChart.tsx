import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis, type TooltipContentProps } from 'recharts';
import { formatDay, formatMoney, formatMoneyWhole, formatShare } from '../format';
import type { ChartDay } from '../pages/overviewData';

interface DailySplitChartProps {
  days: ChartDay[];
  currency: string;
}

/**
 * The voucher and card amounts accepted each day, stacked. Colours come from the stylesheet (the
 * bars' classes), the same as the split bars; the tooltip is ours, in French formats.
 */
export function DailySplitChart({ days, currency }: DailySplitChartProps) {
  const total = days.reduce((sum, d) => sum + d.voucher + d.card, 0);
  return (
    <figure className="split-chart" data-testid="split-chart">
      <BarChart responsive className="split-chart-plot" data={days} margin={{ top: 8, right: 8, bottom: 0, left: 8 }} barCategoryGap="18%" accessibilityLayer>
        <CartesianGrid vertical={false} />
        <XAxis dataKey="day" tickFormatter={(day: string) => formatDay(day, 'dayMonth')} tickLine={false} minTickGap={12} />
        <YAxis tickFormatter={(cents: number) => formatMoneyWhole(cents, currency)} tickLine={false} axisLine={false} width={80} />
        <Tooltip content={(props: TooltipContentProps) => <ChartTooltip {...props} currency={currency} />} cursor={{ className: 'split-chart-cursor' }} isAnimationActive={false} />
        <Bar dataKey="voucher" name="Voucher" stackId="split" className="split-chart-voucher" isAnimationActive={false} />
        <Bar dataKey="card" name="Card" stackId="split" className="split-chart-card" isAnimationActive={false} />
      </BarChart>
      <figcaption className="visually-hidden">
        Voucher and card amounts accepted per day, from {days[0] ? formatDay(days[0].day) : '—'} to {days.at(-1) ? formatDay(days.at(-1)!.day) : '—'}:{' '}
        {formatMoney(total, currency)} in all.
      </figcaption>
    </figure>
  );
}

function ChartTooltip({ active, payload, label, currency }: TooltipContentProps & { currency: string }) {
  const day = payload[0]?.payload as ChartDay | undefined;
  if (!active || !day || typeof label !== 'string') return null;
  const total = day.voucher + day.card;
  return (
    <div className="chart-tooltip">
      <p className="chart-tooltip-title">{formatDay(label, 'long')}</p>
      <p>
        <span className="amount amount-voucher">Voucher {formatMoney(day.voucher, currency)}</span> <span className="secondary-inline">{formatShare(day.voucher, total)}</span>
      </p>
      <p>
        <span className="amount amount-card">Card {formatMoney(day.card, currency)}</span> <span className="secondary-inline">{formatShare(day.card, total)}</span>
      </p>
      <p className="chart-tooltip-total">Total {formatMoney(total, currency)}</p>
    </div>
  );
}
