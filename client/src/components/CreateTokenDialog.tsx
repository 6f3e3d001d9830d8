import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { ApiToken } from '../../../shared/api-auth';
import { ROLE_LABELS, type Role } from '../../../shared/roles';
import { api } from '../api';
import { formatDateTime } from '../format';
import { fieldError } from '../form-errors';
import { Dialog } from './Dialog';
import { Field, FormError, RoleSelect } from './Form';

const FIELDS = ['name', 'role', 'expiresInDays'] as const;

/** Creates an API token, then shows its secret: the only time it can be seen. */
export function CreateTokenDialog({ onClose, onCreated }: { onClose: () => void; onCreated: () => void }) {
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('viewer');
  const [days, setDays] = useState('90');
  const [daysError, setDaysError] = useState<string | null>(null);
  const create = useMutation({ mutationFn: api.createToken, onSuccess: onCreated });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!/^\d+$/.test(days.trim())) return setDaysError('a whole number of days');
    setDaysError(null);
    create.mutate({ name: name.trim(), role, expiresInDays: Number(days.trim()) });
  };

  if (create.data) return <TokenSecret secret={create.data.token} item={create.data.item} onClose={onClose} />;
  const error = daysError ? null : create.error;
  return (
    <Dialog title="New API token" onClose={onClose}>
      <form className="form" onSubmit={submit} noValidate>
        <Field label="Name" hint="What uses it, so it can be told apart and revoked: “accounting export”." error={fieldError(error, 'name')}>
          {(control) => <input {...control} type="text" autoComplete="off" required value={name} onChange={(e) => setName(e.target.value)} />}
        </Field>
        <Field label="Role" hint="The least role that machine needs." error={fieldError(error, 'role')}>
          {(control) => <RoleSelect control={control} value={role} onChange={setRole} />}
        </Field>
        <Field label="Expires in (days)" hint="From 1 to 366 days." error={daysError ?? fieldError(error, 'expiresInDays')}>
          {(control) => <input {...control} type="number" min={1} max={366} step={1} required value={days} onChange={(e) => setDays(e.target.value)} />}
        </Field>
        <FormError error={error} fields={FIELDS} title="The token was not created" />
        <footer className="dialog-actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={create.isPending}>
            {create.isPending ? 'Creating…' : 'Create token'}
          </button>
        </footer>
      </form>
    </Dialog>
  );
}

type CopyState = 'idle' | 'copied' | 'failed';

function TokenSecret({ secret, item, onClose }: { secret: string; item: ApiToken; onClose: () => void }) {
  const [copy, setCopy] = useState<CopyState>('idle');
  const copySecret = () => {
    // No clipboard API outside a secure context: the promise turns that into a failure too.
    Promise.resolve()
      .then(() => navigator.clipboard.writeText(secret))
      .then(
        () => setCopy('copied'),
        () => setCopy('failed'),
      );
  };
  return (
    // Locked: Escape must not throw away a secret that cannot be shown again.
    <Dialog title={`API token “${item.name}” created`} onClose={onClose} locked>
      <div className="dialog-body secret-panel">
        <div className="callout callout-warn" role="alert">
          <strong>Copy this token now: it will not be shown again.</strong>
          <p>Split Recon keeps only a hash of it. If it is lost, revoke it and create another.</p>
        </div>
        <div className="secret-row">
          <code className="secret" data-testid="token-secret">
            {secret}
          </code>
          <button type="button" className="button" onClick={copySecret}>
            {copy === 'copied' ? 'Copied' : 'Copy'}
          </button>
        </div>
        {copy === 'failed' && (
          <p className="field-error" role="alert">
            Could not copy to the clipboard: select the token and copy it by hand.
          </p>
        )}
        <p className="muted">
          Send it as <code>Authorization: Bearer {item.prefix}…</code> · role {ROLE_LABELS[item.role]} · expires {formatDateTime(item.expiresAt)}
        </p>
      </div>
      <footer className="dialog-actions">
        <button type="button" className="button button-primary" onClick={onClose}>
          I have copied it
        </button>
      </footer>
    </Dialog>
  );
}
