import { INBOX_OUTCOMES, type AccountSummary, type InboxQuery } from '../../../shared/api';
import { OUTCOME_LABELS } from '../labels';
import type { InboxFilterKey } from '../pages/inboxUrl';
import { ClearFilters, PspAccountFilters, SelectFilter } from './FilterFields';

interface InboxFiltersProps {
  query: InboxQuery;
  accounts: readonly AccountSummary[];
  onChange: (changes: Partial<Record<InboxFilterKey, string>>) => void;
  onClear: (() => void) | null;
}

export function InboxFilters({ query, accounts, onChange, onClear }: InboxFiltersProps) {
  return (
    <div className="filters">
      <div className="filter-row">
        <label className="check" title="Every request that was not applied: bad signature, unknown account, bad format, processing failure">
          <input type="checkbox" checked={query.rejected === 'true'} onChange={(e) => onChange({ rejected: e.target.checked ? 'true' : '' })} />
          Rejected only
        </label>
        <PspAccountFilters psp={query.psp} account={query.account} accounts={accounts} onChange={onChange} />
        <SelectFilter label="Outcome" allLabel="All outcomes" value={query.outcome} options={INBOX_OUTCOMES.map((o) => ({ value: o, label: OUTCOME_LABELS[o] }))} onChange={(outcome) => onChange({ outcome })} />
        <ClearFilters onClear={onClear} />
      </div>
    </div>
  );
}
