import { INBOX_OUTCOMES, type AccountSummary, type InboxQuery } from '../../../shared/api';
import { PSPS, PSP_LABELS } from '../../../shared/psp';
import { OUTCOME_LABELS } from '../labels';
import type { InboxFilterKey } from '../pages/inboxUrl';

interface InboxFiltersProps {
  query: InboxQuery;
  accounts: readonly AccountSummary[];
  onChange: (changes: Partial<Record<InboxFilterKey, string>>) => void;
  onClear: (() => void) | null;
}

export function InboxFilters({ query, accounts, onChange, onClear }: InboxFiltersProps) {
  const shownAccounts = query.psp ? accounts.filter((a) => a.psp === query.psp) : accounts;
  return (
    <div className="filters">
      <div className="filter-row">
        <label className="check" title="Every request that was not applied: bad signature, unknown account, bad format, processing failure">
          <input type="checkbox" checked={query.rejected === 'true'} onChange={(e) => onChange({ rejected: e.target.checked ? 'true' : '' })} />
          Rejected only
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
          <span className="field-label">Outcome</span>
          <select value={query.outcome ?? ''} onChange={(e) => onChange({ outcome: e.target.value })}>
            <option value="">All outcomes</option>
            {INBOX_OUTCOMES.map((o) => (
              <option key={o} value={o}>
                {OUTCOME_LABELS[o]}
              </option>
            ))}
          </select>
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
