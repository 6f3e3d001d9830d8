import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import { useTable } from '@tanstack/react-table';
import { lazy, Suspense, useEffect, useState } from 'react';
import type { OrdersQuery } from '../../../shared/api';
import type { DailyReport } from '../../../shared/api-reports';
import type { OperationsQuery } from '../../../shared/api-operations';
import type { Discrepancy, DiscrepanciesQuery } from '../../../shared/discrepancies';
import type { OrderStatus } from '../../../shared/psp';
import { api, queryKeys } from '../api';
import { BrandShares } from '../components/BrandShares';
import { DataTable } from '../components/DataTable';
import { DayGlance } from '../components/DayGlance';
import { Link } from '../components/Link';
import { PageHeader } from '../components/PageHeader';
import { Empty, ErrorState, Loading } from '../components/QueryState';
import { serverTableFeatures } from '../components/table';
import { useDocumentTitle } from '../document-title';
import { formatCount, formatDay } from '../format';
import { brandShares, chartSeries, dayFigures, mainCurrency, OVERVIEW_DAYS, ordersInOtherCurrencies, overviewDays, type OverviewDays } from './overviewData';
import { refundsHref } from './refundsUrl';
import { stalePendingColumns } from './stalePendingColumns';

/** recharts is most of the chart's weight: it loads with the first overview, not with the dashboard. */
const DailySplitChart = lazy(() => import('../components/DailySplitChart').then((m) => ({ default: m.DailySplitChart })));

/** The dashboard refreshes by itself: reconciliation rounds run every few seconds on the server. */
const REFRESH_MS = 60_000;
const STALE_SHOWN = 20;
const NO_DISCREPANCIES: Discrepancy[] = [];

const STALE_QUERY: Partial<DiscrepanciesQuery> = { type: 'stale_pending', limit: STALE_SHOWN };
const OPEN_DISCREPANCIES_QUERY: Partial<DiscrepanciesQuery> = { limit: 1 };
/** One row: the answer's counts per state are what the overview shows. */
const OPERATION_COUNTS_QUERY: Partial<OperationsQuery> = { limit: 1 };
const countQuery = (status: OrderStatus): OrdersQuery => ({ status, sort: 'createdAt', dir: 'desc', limit: 1, offset: 0 });

/** Today and yesterday in Paris by the browser's clock, moving on by themselves at midnight. */
function useOverviewDays(): OverviewDays {
  const [days, setDays] = useState(() => overviewDays(new Date()));
  useEffect(() => {
    const timer = window.setInterval(() => {
      const next = overviewDays(new Date());
      setDays((current) => (current.today === next.today ? current : next));
    }, 60_000);
    return () => window.clearInterval(timer);
  }, []);
  return days;
}

/** An order count read from a list's `total`: one request of one row. */
function useOrderCount(status: OrderStatus) {
  const query = countQuery(status);
  return useQuery({ queryKey: queryKeys.orders(query), queryFn: () => api.orders(query), select: (list) => list.total, refetchInterval: REFRESH_MS });
}

export function OverviewPage() {
  useDocumentTitle('Overview');
  const days = useOverviewDays();
  const reportQuery = { from: days.from, to: days.today };
  const report = useQuery({ queryKey: queryKeys.dailyReport(reportQuery), queryFn: () => api.dailyReport(reportQuery), refetchInterval: REFRESH_MS });
  const pending = useOrderCount('pending');
  const partiallyPending = useOrderCount('partially_pending');
  const open = useQuery({
    queryKey: queryKeys.discrepancies(OPEN_DISCREPANCIES_QUERY),
    queryFn: () => api.discrepancies(OPEN_DISCREPANCIES_QUERY),
    select: (list) => list.total,
    refetchInterval: REFRESH_MS,
  });
  const operations = useQuery({
    queryKey: queryKeys.operations(OPERATION_COUNTS_QUERY),
    queryFn: () => api.operations(OPERATION_COUNTS_QUERY),
    select: (list) => list.counts,
    refetchInterval: REFRESH_MS,
  });
  const stale = useQuery({ queryKey: queryKeys.discrepancies(STALE_QUERY), queryFn: () => api.discrepancies(STALE_QUERY), refetchInterval: REFRESH_MS });

  const staleTable = useTable({
    features: serverTableFeatures,
    columns: stalePendingColumns,
    data: stale.data?.items ?? NO_DISCREPANCIES,
    getRowId: (d) => String(d.id),
    enableSorting: false,
  });

  return (
    <div className="page overview">
      <PageHeader title="Overview" subtitle={<>Paris days, by the date of the order. Today is {formatDay(days.today, 'long')}.</>}>
        <p className="legend" aria-hidden="true">
          <span className="legend-swatch legend-voucher" /> Voucher <span className="legend-swatch legend-card" /> Card
        </p>
      </PageHeader>

      <div className="overview-top">
        <ReportDays report={report} days={days} />
        <section className="panel attention" aria-labelledby="attention-title">
          <h2 className="panel-title" id="attention-title">
            Needs attention
          </h2>
          <Link href="/orders?status=pending" className="attention-item" data-testid="pending-orders">
            <span className="attention-label">Pending orders</span>
            <CountValue result={pending} testId="pending-count" />
          </Link>
          <Link href="/orders?status=partially_pending" className="attention-item" data-testid="partially-pending-orders">
            <span className="attention-label">Partially pending orders</span>
            <CountValue result={partiallyPending} testId="partially-pending-count" />
          </Link>
          <Link href="/reconciliation" className="attention-item" data-testid="open-discrepancies">
            <span className="attention-label">
              Open discrepancies
              <span className="secondary">open or acknowledged, to reconcile</span>
            </span>
            <CountValue result={open} testId="discrepancy-count" />
          </Link>
          <Link href="/reconciliation?type=stale_pending" className="attention-item" data-testid="stale-discrepancies">
            <span className="attention-label">
              Pending too long
              <span className="secondary">past their PSP’s deadline, listed below</span>
            </span>
            <CountValue result={{ data: stale.data?.total, error: stale.error }} testId="stale-discrepancy-count" />
          </Link>
          <Link href={refundsHref({ state: 'awaiting_approval' })} className="attention-item" data-testid="awaiting-approval">
            <span className="attention-label">
              Refunds awaiting approval
              <span className="secondary">above an agent's limit, for a supervisor</span>
            </span>
            <CountValue result={{ data: operations.data?.awaiting_approval, error: operations.error }} testId="awaiting-approval-count" />
          </Link>
          <Link href={refundsHref({ state: 'unknown' })} className="attention-item" data-testid="unknown-operations">
            <span className="attention-label">
              Operations of unknown outcome
              <span className="secondary">the PSP did not answer: ask it, or wait for its report</span>
            </span>
            <CountValue result={{ data: operations.data?.unknown, error: operations.error }} testId="unknown-operations-count" />
          </Link>
        </section>
      </div>

      <section className="panel stale-pending" aria-labelledby="stale-title">
        <header className="overview-panel-header">
          <h2 className="panel-title" id="stale-title">
            Pending too long
            {stale.data && <span className="count" data-testid="stale-count">{formatCount(stale.data.total)}</span>}
          </h2>
          <Link href="/reconciliation?type=stale_pending" data-testid="stale-all">
            {stale.data && stale.data.total > STALE_SHOWN ? `All ${formatCount(stale.data.total)} in the reconciliation queue` : 'In the reconciliation queue'}
          </Link>
        </header>
        <p className="panel-note muted">Payments still pending past their PSP’s deadline (Sips: 30 minutes; the others: a day), the latest first.</p>
        {stale.isPending ? (
          <Loading label="Loading the stale payments…" />
        ) : stale.error && !stale.data ? (
          <ErrorState error={stale.error} title="Could not load the stale payments" />
        ) : stale.data?.items.length === 0 ? (
          <Empty>No payment is pending past its deadline.</Empty>
        ) : (
          <DataTable table={staleTable} caption="Payments pending too long" />
        )}
      </section>
    </div>
  );
}

/** Today, yesterday, the chart and the brand shares: everything the daily report gives. */
function ReportDays({ report, days }: { report: UseQueryResult<DailyReport>; days: OverviewDays }) {
  if (report.isPending) return <Loading label="Loading the daily report…" />;
  if (report.error && !report.data) return <ErrorState error={report.error} title="Could not load the daily report" />;
  const data = report.data!;
  const currency = mainCurrency(data);
  const others = ordersInOtherCurrencies(data, currency);
  return (
    <>
      <DayGlance title="Today" day={days.today} figures={dayFigures(data, days.today, currency)} testId="day-today" />
      <DayGlance title="Yesterday" day={days.yesterday} figures={dayFigures(data, days.yesterday, currency)} testId="day-yesterday" />
      <section className="panel overview-chart" aria-labelledby="chart-title">
        <header className="overview-panel-header">
          <h2 className="panel-title" id="chart-title">
            Last {OVERVIEW_DAYS} days
          </h2>
          <span className="muted">Voucher and card accepted per day</span>
        </header>
        <Suspense fallback={<Loading label="Loading the chart…" />}>
          <DailySplitChart days={chartSeries(data, currency)} currency={currency} />
        </Suspense>
        {others > 0 && <p className="panel-note muted">{formatCount(others)} orders in other currencies than {currency} are not shown.</p>}
      </section>
      <section className="panel overview-brands" aria-labelledby="brands-title">
        <header className="overview-panel-header">
          <h2 className="panel-title" id="brands-title">
            By brand
          </h2>
          <span className="muted">
            {formatDay(data.from)} – {formatDay(data.to)}
          </span>
        </header>
        <BrandShares shares={brandShares(data, currency)} currency={currency} />
      </section>
    </>
  );
}

function CountValue({ result, testId }: { result: { data?: number; error: Error | null }; testId: string }) {
  if (result.data !== undefined) {
    return (
      <span className={`attention-count${result.data > 0 ? ' is-nonzero' : ''}`} data-testid={testId}>
        {formatCount(result.data)}
      </span>
    );
  }
  return <span className="attention-count">{result.error ? <span title={result.error.message}>?</span> : '…'}</span>;
}
