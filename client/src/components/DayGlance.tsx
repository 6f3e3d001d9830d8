import type { ReportFigures } from '../../../shared/api-reports';
import { formatCount, formatDay, formatMoney, formatShare } from '../format';
import { Link } from './Link';
import { SplitBar } from './SplitBar';

interface DayGlanceProps {
  /** "Today", "Yesterday". */
  title: string;
  /** The Paris day, YYYY-MM-DD. */
  day: string;
  figures: ReportFigures;
  testId: string;
}

/**
 * One Paris day at a glance, from the daily report: what was accepted (gross) and its voucher / card
 * split, how many orders, and how many parts still wait for an answer or a validation.
 */
export function DayGlance({ title, day, figures, testId }: DayGlanceProps) {
  const { currency, gross, voucher, card } = figures;
  const headingId = `${testId}-title`;
  return (
    <section className="panel day-glance" data-testid={testId} data-day={day} aria-labelledby={headingId}>
      <header className="day-glance-header">
        <h2 className="panel-title" id={headingId}>
          {title}
        </h2>
        <span className="muted">{formatDay(day, 'long')}</span>
      </header>
      <div className="day-glance-gross">
        <span className="day-glance-label">Gross accepted</span>
        <span className="day-glance-amount" data-testid="day-gross">
          {formatMoney(gross, currency)}
        </span>
      </div>
      <SplitBar voucher={voucher} card={card} currency={currency} size="large" />
      <dl className="day-glance-split">
        {(
          [
            ['Voucher', 'voucher', voucher],
            ['Card', 'card', card],
          ] as const
        ).map(([label, kind, amount]) => (
          <div key={kind}>
            <dt>{label}</dt>
            <dd>
              <span className={`amount amount-${kind}`} data-testid={`day-${kind}`}>
                {formatMoney(amount, currency)}
              </span>
              <span className="secondary-inline"> {formatShare(amount, gross)}</span>
            </dd>
          </div>
        ))}
      </dl>
      <dl className="stat-grid">
        <div className="stat">
          <dt>Orders</dt>
          <dd data-testid="day-orders">{formatCount(figures.orders)}</dd>
        </div>
        <div className={`stat${figures.pendingCount > 0 ? ' stat-warn' : ''}`} title="Parts not answered yet, or authorised and waiting for validation">
          <dt>Pending parts</dt>
          <dd>
            <span data-testid="day-pending">{formatCount(figures.pendingCount)}</span>
            {figures.pendingCount > 0 && (
              <span className="stat-detail" data-testid="day-pending-amount">
                {formatMoney(figures.pendingAmount, currency)}
              </span>
            )}
          </dd>
        </div>
      </dl>
      {figures.orders === 0 ? (
        <p className="day-glance-link muted">No orders this day.</p>
      ) : (
        <Link href={`/orders?from=${day}&to=${day}`} className="day-glance-link">
          {figures.orders === 1 ? 'See the order of this day' : `See the ${formatCount(figures.orders)} orders of this day`}
        </Link>
      )}
    </section>
  );
}
