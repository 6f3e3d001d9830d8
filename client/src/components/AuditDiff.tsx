import type { AuditEntry } from '../../../shared/api-auth';
import { toUtcIso } from '../../../shared/time';
import { formatDateTime, formatMoney } from '../format';

type Json = Record<string, unknown>;

const isRecord = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Fields whose raw value is not how the dashboard shows it anywhere else. */
const SHOWN_AS: Record<string, (value: unknown) => string | null> = {
  refundLimit: (value) => (typeof value === 'number' ? formatMoney(value, 'EUR') : null),
};

function Value({ field, value }: { field: string; value: unknown }) {
  if (value === undefined) return <span className="muted">—</span>;
  const special = SHOWN_AS[field]?.(value);
  if (special) return <span title={JSON.stringify(value)}>{special}</span>;
  // Instants are stored in UTC and shown in Paris time, as everywhere in the dashboard.
  if (typeof value === 'string' && toUtcIso(value)) return <span title={value}>{formatDateTime(value)}</span>;
  if (typeof value === 'string') return <>{value}</>;
  return <code>{JSON.stringify(value)}</code>;
}

/** Before and after of an audited change side by side, field by field, the changed fields highlighted. */
export function AuditDiff({ entry }: { entry: AuditEntry }) {
  const { before, after } = entry;
  if ((before === null || isRecord(before)) && (after === null || isRecord(after))) {
    const fields = [...new Set([...Object.keys(after ?? {}), ...Object.keys(before ?? {})])];
    return (
      <div className="audit-diff" data-testid="audit-diff">
        <table className="diff-table">
          <caption className="visually-hidden">Before and after</caption>
          <thead>
            <tr>
              <th scope="col">Field</th>
              <th scope="col">Before{before === null && <span className="secondary-inline"> (none)</span>}</th>
              <th scope="col">After{after === null && <span className="secondary-inline"> (none)</span>}</th>
            </tr>
          </thead>
          <tbody>
            {fields.map((field) => {
              const was = before?.[field];
              const is = after?.[field];
              const changed = JSON.stringify(was) !== JSON.stringify(is);
              return (
                <tr key={field} className={changed ? 'is-changed' : undefined} data-changed={changed}>
                  <th scope="row">
                    <code>{field}</code>
                    {changed && <span className="visually-hidden"> (changed)</span>}
                  </th>
                  <td className="diff-before">
                    <Value field={field} value={was} />
                  </td>
                  <td className="diff-after">
                    <Value field={field} value={is} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    );
  }
  // Not a record on one side (a list, a bare value): show both as JSON.
  return (
    <div className="audit-diff audit-diff-raw" data-testid="audit-diff">
      <div>
        <h3 className="raw-heading">Before</h3>
        <pre className="raw-body">{JSON.stringify(before, null, 2)}</pre>
      </div>
      <div>
        <h3 className="raw-heading">After</h3>
        <pre className="raw-body">{JSON.stringify(after, null, 2)}</pre>
      </div>
    </div>
  );
}
