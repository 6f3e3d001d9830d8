import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { MIN_PASSWORD_LENGTH } from '../../../shared/api-auth';
import { api, queryKeys } from '../api';
import { fieldError } from '../form-errors';
import { useMe } from '../session';
import { Dialog } from './Dialog';
import { Field, FormError } from './Form';

const FIELDS = ['currentPassword', 'newPassword'] as const;

/** Changes the signed-in person's own password; the server ends their other sessions and keeps this one. */
export function ChangePasswordDialog({ onClose }: { onClose: () => void }) {
  const queryClient = useQueryClient();
  const me = useMe();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const change = useMutation({
    mutationFn: api.changePassword,
    onSuccess: (me) => queryClient.setQueryData(queryKeys.me, me),
  });
  const mismatch = repeat !== '' && repeat !== next;
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (mismatch) return;
    change.mutate({ currentPassword: current, newPassword: next });
  };

  if (change.isSuccess) {
    return (
      <Dialog title="Change password" onClose={onClose}>
        <p className="dialog-body" role="status">
          Your password is changed. Any other session you had open has been signed out; this one stays signed in.
        </p>
        <footer className="dialog-actions">
          <button type="button" className="button button-primary" onClick={onClose}>
            Done
          </button>
        </footer>
      </Dialog>
    );
  }
  return (
    <Dialog title="Change password" onClose={onClose}>
      <form className="form" onSubmit={submit}>
        {/* Lets password managers know whose password this is. */}
        <input type="email" name="username" autoComplete="username" value={me.email} readOnly hidden />
        <Field label="Current password" error={fieldError(change.error, 'currentPassword')}>
          {(control) => <input {...control} type="password" autoComplete="current-password" required value={current} onChange={(e) => setCurrent(e.target.value)} />}
        </Field>
        <Field
          label="New password"
          hint={`At least ${MIN_PASSWORD_LENGTH} characters; a few unrelated words work well.`}
          error={fieldError(change.error, 'newPassword')}
        >
          {(control) => <input {...control} type="password" autoComplete="new-password" required value={next} onChange={(e) => setNext(e.target.value)} />}
        </Field>
        <Field label="New password again" error={mismatch ? 'the two new passwords differ' : null}>
          {(control) => <input {...control} type="password" autoComplete="new-password" required value={repeat} onChange={(e) => setRepeat(e.target.value)} />}
        </Field>
        <FormError error={change.error} fields={FIELDS} title="The password was not changed" />
        <footer className="dialog-actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={change.isPending || mismatch}>
            {change.isPending ? 'Changing…' : 'Change password'}
          </button>
        </footer>
      </form>
    </Dialog>
  );
}
