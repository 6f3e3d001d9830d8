import type { AccountSummary } from '../../../shared/api';
import type { OperationsQuery } from '../../../shared/api-operations';
import { OPERATION_TYPES } from '../../../shared/rules';
import { OPERATION_LABELS } from '../labels';
import type { RefundFilterKey } from '../pages/refundsUrl';
import { ClearFilters, PspAccountFilters, SearchFilter, SelectFilter } from './FilterFields';

interface RefundFiltersProps {
  query: OperationsQuery;
  accounts: readonly AccountSummary[];
  onChange: (changes: Partial<Record<RefundFilterKey, string>>) => void;
  onClear: (() => void) | null;
}

const TYPE_OPTIONS = OPERATION_TYPES.map((t) => ({ value: t, label: OPERATION_LABELS[t] }));

/** The Refunds page's filters (the state is chosen by the tabs); every change lands in the URL. */
export function RefundFilters({ query, accounts, onChange, onClear }: RefundFiltersProps) {
  return (
    <div className="filters">
      <SearchFilter value={query.q} placeholder="Order reference, who asked (name or e-mail), or words of the reason" onSearch={(q) => onChange({ q })} />
      <div className="filter-row">
        <SelectFilter label="Operation" allLabel="All operations" value={query.type} options={TYPE_OPTIONS} onChange={(type) => onChange({ type })} />
        <PspAccountFilters psp={query.psp} account={query.account} accounts={accounts} onChange={onChange} />
        <ClearFilters onClear={onClear} />
      </div>
    </div>
  );
}
