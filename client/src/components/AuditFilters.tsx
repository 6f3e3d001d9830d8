import type { FormEvent } from 'react';
import type { AuditQuery } from '../../../shared/api-auth';
import { AUDIT_ACTION_LABELS, AUDIT_OBJECT_TYPE_LABELS, auditObjectTypeLabel } from '../labels';
import { AUDIT_FILTER_KEYS, type AuditFilterKey } from '../pages/auditUrl';

interface AuditFiltersProps {
  query: AuditQuery;
  onChange: (changes: Record<AuditFilterKey, string>) => void;
  onClear: (() => void) | null;
}

/** Action prefixes worth offering: each family (`user.`) and each known action. */
const ACTION_SUGGESTIONS = [...new Set(Object.keys(AUDIT_ACTION_LABELS).map((action) => `${action.split('.')[0]}.`)), ...Object.keys(AUDIT_ACTION_LABELS)];

/** The audit filters, applied together on submit; the URL holds them. */
export function AuditFilters({ query, onChange, onClear }: AuditFiltersProps) {
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const value = (key: AuditFilterKey) => {
      const v = form.get(key);
      return typeof v === 'string' ? v.trim() : '';
    };
    onChange({ action: value('action'), actor: value('actor'), objectType: value('objectType'), objectId: value('objectId') });
  };
  const objectTypes = Object.keys(AUDIT_OBJECT_TYPE_LABELS);
  if (query.objectType && !objectTypes.includes(query.objectType)) objectTypes.push(query.objectType);
  return (
    // Keyed on the applied filters so back/forward shows them rather than what was last typed.
    <form key={AUDIT_FILTER_KEYS.map((key) => query[key] ?? '').join('|')} className="filters" role="search" aria-label="Audit filters" onSubmit={submit}>
      <div className="filter-row">
        <label className="field">
          <span className="field-label">Action</span>
          <input type="text" name="action" list="audit-actions" defaultValue={query.action ?? ''} placeholder="user. or auth.login" />
          <datalist id="audit-actions">
            {ACTION_SUGGESTIONS.map((action) => (
              <option key={action} value={action}>
                {AUDIT_ACTION_LABELS[action] ?? `Every ${action} action`}
              </option>
            ))}
          </datalist>
        </label>
        <label className="field">
          <span className="field-label">Actor</span>
          <input type="text" name="actor" defaultValue={query.actor ?? ''} placeholder="E-mail or token name" />
        </label>
        <label className="field">
          <span className="field-label">Object type</span>
          <select name="objectType" defaultValue={query.objectType ?? ''}>
            <option value="">All objects</option>
            {objectTypes.map((type) => (
              <option key={type} value={type}>
                {auditObjectTypeLabel(type)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field-label">Object id</span>
          <input type="text" name="objectId" defaultValue={query.objectId ?? ''} placeholder="12" />
        </label>
        <div className="filter-buttons">
          <button type="submit" className="button button-primary">
            Apply filters
          </button>
          {onClear && (
            <button type="button" className="button button-link" onClick={onClear}>
              Clear filters
            </button>
          )}
        </div>
      </div>
    </form>
  );
}
