import { useState, type FormEvent } from 'react';
import type { AccountSummary } from '../../../shared/api';
import { BRANDS } from '../../../shared/brands';
import { DISCREPANCY_LABELS, DISCREPANCY_STATUSES, DISCREPANCY_TYPES, type DiscrepanciesQuery } from '../../../shared/discrepancies';
import { euroInputValue, parseEuros } from '../format';
import { DISCREPANCY_STATUS_LABELS } from '../labels';
import type { ReconciliationFilterKey } from '../pages/reconciliationUrl';
import { ClearFilters, PspAccountFilters, SelectFilter } from './FilterFields';
import { Field } from './Form';

interface ReconciliationFiltersProps {
  query: DiscrepanciesQuery;
  accounts: readonly AccountSummary[];
  onChange: (changes: Partial<Record<ReconciliationFilterKey, string>>) => void;
  onClear: (() => void) | null;
}

const TYPE_OPTIONS = DISCREPANCY_TYPES.map((t) => ({ value: t, label: DISCREPANCY_LABELS[t] }));
const STATUS_OPTIONS = DISCREPANCY_STATUSES.map((s) => ({ value: s, label: DISCREPANCY_STATUS_LABELS[s] }));
const BRAND_OPTIONS = BRANDS.map((b) => ({ value: b.code, label: `${b.label} (${b.kind})` }));

/**
 * The queue's filters; every change lands in the URL through `onChange`. The selects apply at once;
 * the two numbers apply on Enter or "Apply", the amount typed in euros and sent in cents.
 */
export function ReconciliationFilters({ query, accounts, onChange, onClear }: ReconciliationFiltersProps) {
  const [amountError, setAmountError] = useState<string | null>(null);
  const [ageError, setAgeError] = useState<string | null>(null);
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (key: string) => {
      const value = form.get(key);
      return typeof value === 'string' ? value.trim() : '';
    };
    const amount = text('minEuros');
    const cents = amount === '' ? null : parseEuros(amount);
    const days = text('minAgeDays');
    const badDays = days !== '' && !/^\d+$/.test(days);
    setAmountError(cents && !cents.ok ? cents.error.message : null);
    setAgeError(badDays ? `"${days}" is not a number of days: write a whole number, 0 or more` : null);
    if (cents?.ok === false || badDays) return;
    onChange({ minAgeDays: days === '' ? '' : String(Number(days)), minAmount: cents?.ok ? String(cents.value) : '' });
  };
  return (
    // Keyed on the applied numbers so back/forward shows them rather than what was last typed.
    <form key={`${query.minAgeDays ?? ''}|${query.minAmount ?? ''}`} className="filters" role="search" aria-label="Queue filters" onSubmit={submit} noValidate>
      <div className="filter-row">
        <SelectFilter label="Type" allLabel="All types" value={query.type} options={TYPE_OPTIONS} onChange={(type) => onChange({ type })} />
        {/* No status filter means the active queue: open or acknowledged (the page subtitle says so). */}
        <SelectFilter
          label="Status"
          allLabel="Active"
          value={query.status === 'active' ? undefined : query.status}
          options={STATUS_OPTIONS}
          onChange={(status) => onChange({ status })}
        />
        <PspAccountFilters psp={query.psp} account={query.account} accounts={accounts} onChange={onChange} />
        <SelectFilter label="Brand" allLabel="All brands" value={query.brand} options={BRAND_OPTIONS} onChange={(brand) => onChange({ brand })} />
        <Field label="Min. age (days)" error={ageError}>
          {(control) => <input {...control} type="text" name="minAgeDays" inputMode="numeric" autoComplete="off" title="Opened at least this many days ago" defaultValue={query.minAgeDays ?? ''} placeholder="0" />}
        </Field>
        <Field label="Min. at stake (€)" error={amountError}>
          {(control) => (
            <input
              {...control}
              type="text"
              name="minEuros"
              inputMode="decimal"
              autoComplete="off"
              defaultValue={query.minAmount === undefined ? '' : euroInputValue(query.minAmount)}
              placeholder="50 or 49,90"
            />
          )}
        </Field>
        <div className="filter-buttons">
          <button type="submit" className="button">
            Apply
          </button>
          <ClearFilters onClear={onClear} />
        </div>
      </div>
    </form>
  );
}
