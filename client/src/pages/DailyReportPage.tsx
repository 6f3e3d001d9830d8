import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTable } from '@tanstack/react-table';
import { lazy, Suspense, useMemo } from 'react';
import type { DailyReport } from '../../../shared/api-reports';
import { api, dailyReportCsvUrl, dailyReportXlsxUrl, queryKeys } from '../api';
import { DailyReportFilters } from '../components/DailyReportFilters';
import { PageHeader } from '../components/PageHeader';
import { Empty, ErrorState, Loading } from '../components/QueryState';
import { SummaryTable, summaryTableFeatures } from '../components/SummaryTable';
import { useDocumentTitle } from '../document-title';
import { formatDay } from '../format';
import { navigate, useLocation, withSearch } from '../router';
import { dailyReportColumns } from './dailyReportColumns';
import { reportLines, settlementLines, type ReportLine, type SettlementLine } from './dailyReportLines';
import { DAILY_REPORT_FILTER_KEYS, dailyReportQueryFromUrl, type DailyReportFilterKey } from './dailyReportUrl';
import { chartSeries, mainCurrency } from './overviewData';
import { cardSettlementColumns, voucherSettlementColumns } from './settlementColumns';

/** recharts is most of the chart's weight: it loads with the first chart, not with the dashboard. */
const DailySplitChart = lazy(() => import('../components/DailySplitChart').then((m) => ({ default: m.DailySplitChart })));

const NO_ACCOUNTS = [] as const;

export function DailyReportPage() {
  useDocumentTitle('Daily report');
  const location = useLocation();
  const query = useMemo(() => dailyReportQueryFromUrl(location.search), [location.search]);
  const report = useQuery({ queryKey: queryKeys.dailyReport(query), queryFn: () => api.dailyReport(query), placeholderData: keepPreviousData });
  const accounts = useQuery({ queryKey: queryKeys.accounts, queryFn: api.accounts, staleTime: Infinity });

  const go = (changes: Partial<Record<DailyReportFilterKey, string>>) => navigate(withSearch(location, changes));
  const filtered = DAILY_REPORT_FILTER_KEYS.some((key) => query[key] !== undefined);
  const clear = () => go(Object.fromEntries(DAILY_REPORT_FILTER_KEYS.map((key) => [key, undefined])));
  const data = report.data;
  // How the table is shown, not what is asked: in the URL beside the API's parameters.
  const daysOnly = location.search.get('view') === 'days';

  return (
    <div className="page">
      <PageHeader
        title="Daily report"
        subtitle={
          <>
            Per Paris day of the order, account and brand: what was accepted, refunded, is pending or failed.
            {data && ` From ${formatDay(data.from)} to ${formatDay(data.to)}.`}
          </>
        }
      >
        {data && <ExportLinks report={data} />}
      </PageHeader>
      <DailyReportFilters query={query} range={data ?? null} accounts={accounts.data?.items ?? NO_ACCOUNTS} onChange={go} onClear={filtered ? clear : null} />
      {accounts.error && <ErrorState error={accounts.error} title="Could not load the accounts for the filter" />}
      {report.isPending ? (
        <Loading label="Loading the report…" />
      ) : report.error && !data ? (
        <ErrorState error={report.error} title="Could not load the report" />
      ) : data ? (
        <>
          {report.error && <ErrorState error={report.error} title="Could not refresh the report" />}
          <ReportBody report={data} busy={report.isPlaceholderData} daysOnly={daysOnly} onDaysOnly={(on) => navigate(withSearch(location, { view: on ? 'days' : undefined }))} />
        </>
      ) : null}
    </div>
  );
}

/** The range on screen as an Excel workbook, or as CSV for Excel in French or for an accounting system. */
function ExportLinks({ report }: { report: DailyReport }) {
  const scope = { from: report.from, to: report.to, account: report.account ?? undefined, psp: report.psp ?? undefined };
  return (
    <div className="export-links">
      <a className="button" href={dailyReportXlsxUrl(scope, 'fr')} download data-testid="export-xlsx">
        Export Excel
      </a>
      <a className="button" href={dailyReportCsvUrl(scope, 'fr')} download data-testid="export-fr">
        Export CSV (Excel, French)
      </a>
      <a className="button" href={dailyReportCsvUrl(scope, 'en')} download data-testid="export-en">
        Export CSV (English)
      </a>
    </div>
  );
}

function ReportBody({ report, busy, daysOnly, onDaysOnly }: { report: DailyReport; busy: boolean; daysOnly: boolean; onDaysOnly: (on: boolean) => void }) {
  const lines = useMemo(() => reportLines(report, { daysOnly }), [report, daysOnly]);
  const currency = mainCurrency(report);
  const series = useMemo(() => chartSeries(report, currency), [report, currency]);
  const otherCurrencies = report.totals.filter((t) => t.currency !== currency).map((t) => t.currency);
  if (report.totals.length === 0) return <Empty>No orders from {formatDay(report.from)} to {formatDay(report.to)}.</Empty>;
  return (
    <div className={`report-body${busy ? ' is-busy' : ''}`} aria-busy={busy}>
      <section className="panel" aria-labelledby="report-chart-title">
        <header className="panel-header">
          <h2 className="panel-title" id="report-chart-title">
            Voucher and card accepted per day
          </h2>
          <p className="legend" aria-hidden="true">
            <span className="legend-swatch legend-voucher" /> Voucher <span className="legend-swatch legend-card" /> Card
          </p>
        </header>
        {otherCurrencies.length > 0 && <p className="panel-note muted">In {currency}; the other currencies ({otherCurrencies.join(', ')}) are in the table.</p>}
        <Suspense fallback={<Loading label="Loading the chart…" />}>
          <DailySplitChart days={series} currency={currency} />
        </Suspense>
      </section>
      <section className="panel" aria-labelledby="report-table-title">
        <header className="panel-header">
          <h2 className="panel-title" id="report-table-title">
            {daysOnly ? 'Per day' : 'Per day and brand'}
          </h2>
          <label className="check">
            <input type="checkbox" checked={daysOnly} onChange={(e) => onDaysOnly(e.target.checked)} /> Day totals only
          </label>
        </header>
        <ReportTable lines={lines} daysOnly={daysOnly} />
      </section>
      <section className="panel" aria-labelledby="settlement-title">
        <h2 className="panel-title" id="settlement-title">
          Settlement: what should arrive
        </h2>
        <p className="panel-note muted">Captured minus refunded, for the parts of the orders of these days.</p>
        <div className="settlement-grid">
          <SettlementTable lines={settlementLines(report.settlement.vouchers)} kind="voucher" />
          <SettlementTable lines={settlementLines(report.settlement.cards)} kind="card" />
        </div>
      </section>
    </div>
  );
}

/** Without the brand lines, the account and brand columns would stay empty. */
const DAY_COLUMNS = dailyReportColumns.filter((column) => column.id !== 'account' && column.id !== 'brand');

function ReportTable({ lines, daysOnly }: { lines: ReportLine[]; daysOnly: boolean }) {
  const table = useTable({ features: summaryTableFeatures, columns: daysOnly ? DAY_COLUMNS : dailyReportColumns, data: lines, getRowId: (line) => line.id });
  return (
    <SummaryTable
      table={table}
      caption="Daily report per day, account and brand"
      testId="daily-report-table"
      isTotal={(line) => line.level === 'range'}
      rowClass={(line) => (daysOnly ? undefined : line.level === 'day' ? 'is-subtotal' : line.firstOfDay ? 'is-group-start' : undefined)}
    />
  );
}

function SettlementTable({ lines, kind }: { lines: SettlementLine[]; kind: 'voucher' | 'card' }) {
  const table = useTable({ features: summaryTableFeatures, columns: kind === 'voucher' ? voucherSettlementColumns : cardSettlementColumns, data: lines, getRowId: (line) => line.id });
  if (lines.length === 0) return <Empty>{kind === 'voucher' ? 'No voucher parts.' : 'No card parts.'}</Empty>;
  return <SummaryTable table={table} caption={kind === 'voucher' ? 'Settlement per voucher issuer' : 'Settlement per card contract'} testId={`settlement-${kind}`} isTotal={(line) => line.total} />;
}
