import type { AccountSummary } from '../../../shared/api';
import type { DailyReportQuery } from '../../../shared/api-reports';
import type { DailyReportFilterKey } from '../pages/dailyReportUrl';
import { ClearFilters, PspAccountFilters } from './FilterFields';

interface DailyReportFiltersProps {
  query: DailyReportQuery;
  /** The range reported (the API's default when the URL names none), shown in the date fields. */
  range: { from: string; to: string } | null;
  accounts: readonly AccountSummary[];
  onChange: (changes: Partial<Record<DailyReportFilterKey, string>>) => void;
  onClear: (() => void) | null;
}

/** The report's range and scope; every change lands in the URL through `onChange`. */
export function DailyReportFilters({ query, range, accounts, onChange, onClear }: DailyReportFiltersProps) {
  const from = query.from ?? range?.from ?? '';
  const to = query.to ?? range?.to ?? '';
  return (
    <div className="filters">
      <div className="filter-row">
        <label className="field">
          <span className="field-label">From</span>
          <input type="date" value={from} max={to || undefined} required onChange={(e) => onChange({ from: e.target.value })} />
        </label>
        <label className="field">
          <span className="field-label">To</span>
          <input type="date" value={to} min={from || undefined} required onChange={(e) => onChange({ to: e.target.value })} />
        </label>
        <PspAccountFilters psp={query.psp} account={query.account} accounts={accounts} onChange={onChange} />
        <ClearFilters onClear={onClear} />
      </div>
    </div>
  );
}
