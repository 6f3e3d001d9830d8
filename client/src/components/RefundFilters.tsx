import type { FormEvent } from 'react';
import type { AccountSummary } from '../../../shared/api';
import type { OperationsQuery } from '../../../shared/api-operations';
import { OPERATION_TYPES } from '../../../shared/rules';
import { OPERATION_LABELS } from '../labels';
import type { RefundFilterKey } from '../pages/refundsUrl';
import { ClearFilters, PspAccountFilters, SelectFilter } from './FilterFields';

interface RefundFiltersProps {
  query: OperationsQuery;
  accounts: readonly AccountSummary[];
  onChange: (changes: Partial<Record<RefundFilterKey, string>>) => void;
  onClear: (() => void) | null;
}

const TYPE_OPTIONS = OPERATION_TYPES.map((t) => ({ value: t, label: OPERATION_LABELS[t] }));

/** The Refunds page's filters (the state is chosen by the tabs); every change lands in the URL. */
export function RefundFilters({ query, accounts, onChange, onClear }: RefundFiltersProps) {
  const submitSearch = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const value = new FormData(event.currentTarget).get('q');
    onChange({ q: typeof value === 'string' ? value.trim() : '' });
  };
  return (
    <div className="filters">
      <form className="filter-search" role="search" onSubmit={submitSearch}>
        <label className="field field-grow">
          <span className="field-label">Search</span>
          {/* Keyed on the URL value so back/forward shows the search that is applied. */}
          <input key={query.q ?? ''} type="search" name="q" defaultValue={query.q ?? ''} placeholder="Order reference or the name of who asked" />
        </label>
        <button type="submit" className="button button-primary">
          Search
        </button>
      </form>
      <div className="filter-row">
        <SelectFilter label="Operation" allLabel="All operations" value={query.type} options={TYPE_OPTIONS} onChange={(type) => onChange({ type })} />
        <PspAccountFilters psp={query.psp} account={query.account} accounts={accounts} onChange={onChange} />
        <ClearFilters onClear={onClear} />
      </div>
    </div>
  );
}
