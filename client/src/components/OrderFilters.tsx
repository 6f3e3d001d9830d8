import type { AccountSummary, OrdersQuery } from '../../../shared/api';
import { BRANDS } from '../../../shared/brands';
import { ORDER_STATUSES, ORDER_STATUS_LABELS } from '../../../shared/psp';
import type { OrderFilterKey } from '../pages/ordersUrl';
import { ClearFilters, PspAccountFilters, SearchFilter, SelectFilter } from './FilterFields';

interface OrderFiltersProps {
  query: OrdersQuery;
  accounts: readonly AccountSummary[];
  onChange: (changes: Partial<Record<OrderFilterKey, string>>) => void;
  onClear: (() => void) | null;
}

/** The server-side filters of the Orders page; every change lands in the URL through `onChange`. */
export function OrderFilters({ query, accounts, onChange, onClear }: OrderFiltersProps) {
  return (
    <div className="filters">
      <SearchFilter value={query.q} placeholder="Reference, call number, transaction id, e-mail, card last 4" onSearch={(q) => onChange({ q })} />
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
