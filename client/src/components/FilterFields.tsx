import type { FormEvent } from 'react';
import type { AccountSummary } from '../../../shared/api';
import { PSPS, PSP_LABELS } from '../../../shared/psp';

interface SelectFilterProps {
  label: string;
  /** The first option, meaning "no filter". */
  allLabel: string;
  value: string | undefined;
  options: readonly { value: string; label: string }[];
  onChange: (value: string) => void;
}

/** One server-side filter as a labelled select whose empty value means "all". */
export function SelectFilter({ label, allLabel, value, options, onChange }: SelectFilterProps) {
  return (
    <label className="field">
      <span className="field-label">{label}</span>
      <select value={value ?? ''} onChange={(e) => onChange(e.target.value)}>
        <option value="">{allLabel}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}

const PSP_OPTIONS = PSPS.map((p) => ({ value: p, label: PSP_LABELS[p] }));

/** PSP then account: choosing a PSP narrows the accounts and clears an account of another PSP. */
export function PspAccountFilters({ psp, account, accounts, onChange }: { psp: string | undefined; account: string | undefined; accounts: readonly AccountSummary[]; onChange: (changes: { psp?: string; account: string }) => void }) {
  const shown = psp ? accounts.filter((a) => a.psp === psp) : accounts;
  return (
    <>
      <SelectFilter label="PSP" allLabel="All PSPs" value={psp} options={PSP_OPTIONS} onChange={(value) => onChange({ psp: value, account: '' })} />
      <SelectFilter label="Account" allLabel="All accounts" value={account} options={shown.map((a) => ({ value: a.id, label: a.label }))} onChange={(value) => onChange({ account: value })} />
    </>
  );
}

/** "Clear filters", shown only when some filter is set. */
export function ClearFilters({ onClear }: { onClear: (() => void) | null }) {
  return onClear ? (
    <button type="button" className="button button-link filter-clear" onClick={onClear}>
      Clear filters
    </button>
  ) : null;
}

/** A search box applied on submit (Enter or the button), its value from the URL. */
export function SearchFilter({ value, placeholder, onSearch }: { value: string | undefined; placeholder: string; onSearch: (q: string) => void }) {
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const q = new FormData(event.currentTarget).get('q');
    onSearch(typeof q === 'string' ? q.trim() : '');
  };
  return (
    <form className="filter-search" role="search" onSubmit={submit}>
      <label className="field field-grow">
        <span className="field-label">Search</span>
        {/* Keyed on the URL value so back/forward shows the search that is applied. */}
        <input key={value ?? ''} type="search" name="q" defaultValue={value ?? ''} placeholder={placeholder} />
      </label>
      <button type="submit" className="button button-primary">
        Search
      </button>
    </form>
  );
}
