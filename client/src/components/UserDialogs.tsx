import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { MIN_PASSWORD_LENGTH, type User } from '../../../shared/api-auth';
import { DEFAULT_AGENT_REFUND_LIMIT, type Role } from '../../../shared/roles';
import { api } from '../api';
import { euroInputValue, formatMoney } from '../format';
import { fieldError } from '../form-errors';
import { refundLimitFromInput } from '../pages/refundLimit';
import { Dialog } from './Dialog';
import { Field, FormError, RoleSelect } from './Form';

const PASSWORD_HINT = `At least ${MIN_PASSWORD_LENGTH} characters, not built on a common word or on the e-mail. Give it to them through another channel than e-mail.`;
const LIMIT_HINT = `The largest refund this agent may issue alone, in euros (50 or 49,90); empty: ${formatMoney(DEFAULT_AGENT_REFUND_LIMIT, 'EUR')}.`;

interface DoneProps {
  onClose: () => void;
  /** Refreshes what shows users; the dialog closes once it is done. */
  onDone: () => Promise<unknown>;
}

/** The server's message for a field, or the one found in the form before sending. */
const messageFor = (local: { field: string; message: string } | null, error: Error | null, field: string) =>
  local?.field === field ? local.message : fieldError(error, field);

function DialogButtons({ pending, label, pendingLabel, onClose }: { pending: boolean; label: string; pendingLabel: string; onClose: () => void }) {
  return (
    <footer className="dialog-actions">
      <button type="button" className="button" onClick={onClose}>
        Cancel
      </button>
      <button type="submit" className="button button-primary" disabled={pending}>
        {pending ? pendingLabel : label}
      </button>
    </footer>
  );
}

const CREATE_FIELDS = ['email', 'name', 'role', 'password', 'refundLimit'] as const;

export function CreateUserDialog({ onClose, onDone }: DoneProps) {
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('viewer');
  const [password, setPassword] = useState('');
  const [limit, setLimit] = useState('');
  const [local, setLocal] = useState<{ field: string; message: string } | null>(null);
  const create = useMutation({ mutationFn: api.createUser, onSuccess: async () => onDone() });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    // Only agents refund within a personal limit.
    const refundLimit = role === 'agent' ? refundLimitFromInput(limit) : null;
    if (refundLimit && !refundLimit.ok) return setLocal({ field: 'refundLimit', message: refundLimit.error.message });
    setLocal(null);
    create.mutate({ email: email.trim(), name: name.trim(), role, password, ...(refundLimit ? { refundLimit: refundLimit.value } : {}) });
  };
  const error = local ? null : create.error;
  return (
    <Dialog title="New user" onClose={onClose}>
      <form className="form" onSubmit={submit} noValidate>
        <Field label="E-mail" error={fieldError(error, 'email')}>
          {(control) => <input {...control} type="email" autoComplete="off" required value={email} onChange={(e) => setEmail(e.target.value)} />}
        </Field>
        <Field label="Name" error={fieldError(error, 'name')}>
          {(control) => <input {...control} type="text" autoComplete="off" required value={name} onChange={(e) => setName(e.target.value)} />}
        </Field>
        <Field label="Role" error={fieldError(error, 'role')}>
          {(control) => <RoleSelect control={control} value={role} onChange={setRole} />}
        </Field>
        <Field label="Initial password" hint={PASSWORD_HINT} error={fieldError(error, 'password')}>
          {(control) => <input {...control} type="password" autoComplete="new-password" required value={password} onChange={(e) => setPassword(e.target.value)} />}
        </Field>
        {role === 'agent' && (
          <Field label="Refund limit (€)" hint={LIMIT_HINT} error={messageFor(local, error, 'refundLimit')}>
            {(control) => <input {...control} type="text" inputMode="decimal" autoComplete="off" value={limit} onChange={(e) => setLimit(e.target.value)} />}
          </Field>
        )}
        <FormError error={error} fields={CREATE_FIELDS} title="The user was not created" />
        <DialogButtons pending={create.isPending} label="Create user" pendingLabel="Creating…" onClose={onClose} />
      </form>
    </Dialog>
  );
}

const EDIT_FIELDS = ['name', 'role', 'refundLimit'] as const;

/** Name, role and refund limit; only what changed is sent, so the audit log shows the change itself. */
export function EditUserDialog({ user, self, onClose, onDone }: DoneProps & { user: User; self: boolean }) {
  const [name, setName] = useState(user.name);
  const [role, setRole] = useState<Role>(user.role);
  const [limit, setLimit] = useState(user.refundLimit === null ? '' : euroInputValue(user.refundLimit));
  const [local, setLocal] = useState<{ field: string; message: string } | null>(null);
  const update = useMutation({
    mutationFn: (changes: Parameters<typeof api.updateUser>[1]) => api.updateUser(user.id, changes),
    onSuccess: async () => onDone(),
  });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const refundLimit = role === 'agent' ? refundLimitFromInput(limit) : null;
    if (refundLimit && !refundLimit.ok) return setLocal({ field: 'refundLimit', message: refundLimit.error.message });
    setLocal(null);
    const changes = {
      ...(name.trim() !== user.name ? { name: name.trim() } : {}),
      ...(role !== user.role ? { role } : {}),
      ...(refundLimit && refundLimit.value !== user.refundLimit ? { refundLimit: refundLimit.value } : {}),
    };
    if (Object.keys(changes).length === 0) return onClose();
    update.mutate(changes);
  };
  const error = local ? null : update.error;
  return (
    <Dialog title={`Edit ${user.email}`} onClose={onClose}>
      <form className="form" onSubmit={submit} noValidate>
        <Field label="Name" error={fieldError(error, 'name')}>
          {(control) => <input {...control} type="text" autoComplete="off" required value={name} onChange={(e) => setName(e.target.value)} />}
        </Field>
        <Field label="Role" hint={self ? 'You cannot change your own role: ask another administrator.' : undefined} error={fieldError(error, 'role')}>
          {(control) => <RoleSelect control={control} value={role} onChange={setRole} disabled={self} />}
        </Field>
        {role === 'agent' && (
          <Field label="Refund limit (€)" hint={LIMIT_HINT} error={messageFor(local, error, 'refundLimit')}>
            {(control) => <input {...control} type="text" inputMode="decimal" autoComplete="off" value={limit} onChange={(e) => setLimit(e.target.value)} />}
          </Field>
        )}
        <FormError error={error} fields={EDIT_FIELDS} title="The user was not changed" />
        <DialogButtons pending={update.isPending} label="Save" pendingLabel="Saving…" onClose={onClose} />
      </form>
    </Dialog>
  );
}

export function SetPasswordDialog({ user, onClose, onDone }: DoneProps & { user: User }) {
  const [password, setPassword] = useState('');
  const set = useMutation({ mutationFn: (value: string) => api.setUserPassword(user.id, value), onSuccess: async () => onDone() });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    set.mutate(password);
  };
  return (
    <Dialog title={`New password for ${user.email}`} onClose={onClose}>
      <form className="form" onSubmit={submit} noValidate>
        <p className="dialog-body">Their open sessions end at once; they sign in again with this password.</p>
        <Field label="New password" hint={PASSWORD_HINT} error={fieldError(set.error, 'password')}>
          {(control) => <input {...control} type="password" autoComplete="new-password" required value={password} onChange={(e) => setPassword(e.target.value)} />}
        </Field>
        <FormError error={set.error} fields={['password']} title="The password was not set" />
        <DialogButtons pending={set.isPending} label="Set password" pendingLabel="Setting…" onClose={onClose} />
      </form>
    </Dialog>
  );
}
