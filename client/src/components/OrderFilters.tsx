import type { FormEvent } from 'react';
import type { AccountSummary, OrdersQuery } from '../../../shared/api';
import { BRANDS } from '../../../shared/brands';
import { ORDER_STATUSES, ORDER_STATUS_LABELS, PSPS, PSP_LABELS } from '../../../shared/psp';
import type { OrderFilterKey } from '../pages/ordersUrl';

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
  const shownAccounts = query.psp ? accounts.filter((a) => a.psp === query.psp) : accounts;
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
        <label className="field">
          <span className="field-label">Status</span>
          <select value={query.status ?? ''} onChange={(e) => onChange({ status: e.target.value })}>
            <option value="">All statuses</option>
            {ORDER_STATUSES.map((s) => (
              <option key={s} value={s}>
                {ORDER_STATUS_LABELS[s]}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field-label">PSP</span>
          <select value={query.psp ?? ''} onChange={(e) => onChange({ psp: e.target.value, account: '' })}>
            <option value="">All PSPs</option>
            {PSPS.map((p) => (
              <option key={p} value={p}>
                {PSP_LABELS[p]}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field-label">Account</span>
          <select value={query.account ?? ''} onChange={(e) => onChange({ account: e.target.value })}>
            <option value="">All accounts</option>
            {shownAccounts.map((a) => (
              <option key={a.id} value={a.id}>
                {a.label}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field-label">Brand</span>
          <select value={query.brand ?? ''} onChange={(e) => onChange({ brand: e.target.value })}>
            <option value="">All brands</option>
            {BRANDS.map((b) => (
              <option key={b.code} value={b.code}>
                {b.label} ({b.kind})
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field-label">From</span>
          <input type="date" value={query.from?.slice(0, 10) ?? ''} max={query.to?.slice(0, 10)} onChange={(e) => onChange({ from: e.target.value })} />
        </label>
        <label className="field">
          <span className="field-label">To</span>
          <input type="date" value={query.to?.slice(0, 10) ?? ''} min={query.from?.slice(0, 10)} onChange={(e) => onChange({ to: e.target.value })} />
        </label>
        {onClear && (
          <button type="button" className="button button-link filter-clear" onClick={onClear}>
            Clear filters
          </button>
        )}
      </div>
    </div>
  );
}
