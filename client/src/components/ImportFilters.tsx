import type { AccountSummary } from '../../../shared/api';
import { IMPORT_STATUS_LABELS, IMPORT_STATUSES, type ImportsQuery } from '../../../shared/api-imports';
import type { ImportFilterKey } from '../pages/importsUrl';
import { ClearFilters, SelectFilter } from './FilterFields';

interface ImportFiltersProps {
  query: ImportsQuery;
  accounts: readonly AccountSummary[];
  onChange: (changes: Partial<Record<ImportFilterKey, string>>) => void;
  onClear: (() => void) | null;
}

const STATUS_OPTIONS = IMPORT_STATUSES.map((s) => ({ value: s, label: IMPORT_STATUS_LABELS[s] }));

export function ImportFilters({ query, accounts, onChange, onClear }: ImportFiltersProps) {
  return (
    <div className="filters">
      <div className="filter-row">
        <SelectFilter label="Status" allLabel="All statuses" value={query.status} options={STATUS_OPTIONS} onChange={(status) => onChange({ status })} />
        <SelectFilter label="Account" allLabel="All accounts" value={query.account} options={accounts.map((a) => ({ value: a.id, label: a.label }))} onChange={(account) => onChange({ account })} />
        <ClearFilters onClear={onClear} />
      </div>
    </div>
  );
}
