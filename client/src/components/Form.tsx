import { useId, type ReactNode } from 'react';
import { ROLE_LABELS, ROLES, type Role } from '../../../shared/roles';
import { isFormLevel } from '../form-errors';
import { ErrorState } from './QueryState';

/** What a Field gives its control: the id its label points at, and the note that describes it. */
export interface ControlProps {
  id: string;
  'aria-describedby': string | undefined;
  'aria-invalid': true | undefined;
}

/** A labelled form control with its hint, or the server's message about it in the hint's place. */
export function Field({ label, hint, error, children }: { label: string; hint?: ReactNode; error?: string | null; children: (control: ControlProps) => ReactNode }) {
  const id = useId();
  const noteId = `${id}-note`;
  return (
    <div className={`field${error ? ' has-error' : ''}`}>
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      {children({ id, 'aria-describedby': error || hint ? noteId : undefined, 'aria-invalid': error ? true : undefined })}
      {error ? (
        <span id={noteId} className="field-error" role="alert">
          {error}
        </span>
      ) : (
        hint && (
          <span id={noteId} className="field-hint">
            {hint}
          </span>
        )
      )}
    </div>
  );
}

/** A refusal the form's fields do not show themselves (a conflict, a lost session, the network). */
export function FormError({ error, fields, title }: { error: Error | null; fields: readonly string[]; title: string }) {
  return error && isFormLevel(error, fields) ? <ErrorState error={error} title={title} /> : null;
}

/** The four roles, least first, with their labels. */
export function RoleSelect({ control, value, onChange, disabled = false }: { control: ControlProps; value: Role; onChange: (role: Role) => void; disabled?: boolean }) {
  return (
    <select {...control} value={value} disabled={disabled} onChange={(e) => onChange(ROLES.find((role) => role === e.target.value) ?? value)}>
      {ROLES.map((role) => (
        <option key={role} value={role}>
          {ROLE_LABELS[role]}
        </option>
      ))}
    </select>
  );
}
