import type { FormEvent } from 'react';
import type { AccountSummary, OrdersQuery } from '../../../shared/api';
import { BRANDS } from '../../../shared/brands';
import { ORDER_STATUSES, ORDER_STATUS_LABELS } from '../../../shared/psp';
import type { OrderFilterKey } from '../pages/ordersUrl';
import { ClearFilters, PspAccountFilters, SelectFilter } from './FilterFields';

interface OrderFiltersProps {
  query: OrdersQuery;
  accounts: readonly AccountSummary[];
  onChange: (changes: Partial<Record<OrderFilterKey, string>>) => void;
  onClear: (() => void) | null;
}

/** The server-side filters of the Orders page; every change lands in the URL through `onChange`. */
export function OrderFilters({ query, accounts, onChange, onClear }: OrderFiltersProps) {
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
          <input
            key={query.q ?? ''}
            type="search"
            name="q"
            defaultValue={query.q ?? ''}
            placeholder="Reference, call number, transaction id, e-mail, card last 4"
          />
        </label>
        <button type="submit" className="button button-primary">
          Search
        </button>
      </form>
      <div className="filter-row">
        <SelectFilter label="Status" allLabel="All statuses" value={query.status} options={ORDER_STATUSES.map((s) => ({ value: s, label: ORDER_STATUS_LABELS[s] }))} onChange={(status) => onChange({ status })} />
        <PspAccountFilters psp={query.psp} account={query.account} accounts={accounts} onChange={onChange} />
        <SelectFilter label="Brand" allLabel="All brands" value={query.brand} options={BRANDS.map((b) => ({ value: b.code, label: `${b.label} (${b.kind})` }))} onChange={(brand) => onChange({ brand })} />
        <label className="field">
          <span className="field-label">From</span>
          <input type="date" value={query.from?.slice(0, 10) ?? ''} max={query.to?.slice(0, 10)} onChange={(e) => onChange({ from: e.target.value })} />
        </label>
        <label className="field">
          <span className="field-label">To</span>
          <input type="date" value={query.to?.slice(0, 10) ?? ''} min={query.from?.slice(0, 10)} onChange={(e) => onChange({ to: e.target.value })} />
        </label>
        <ClearFilters onClear={onClear} />
      </div>
    </div>
  );
}
