import { useState } from 'react';
import { ROLE_LABELS } from '../../../shared/roles';
import { useSession } from '../session';
import { ChangePasswordDialog } from './ChangePasswordDialog';

/** The signed-in person in the header: who, with which role, and their own password and sign-out. */
export function UserMenu() {
  const { me, signOut } = useSession();
  const [changingPassword, setChangingPassword] = useState(false);
  return (
    <div className="user-menu" data-testid="user-menu">
      <div className="user-who">
        <span className="user-name">{me.name}</span>
        <span className="user-email">{me.email}</span>
      </div>
      <span className="role-tag" data-testid="user-role" title={`Role: ${me.role}`}>
        {ROLE_LABELS[me.role]}
      </span>
      <button type="button" className="button button-small button-header" onClick={() => setChangingPassword(true)}>
        Change password
      </button>
      <button
        type="button"
        className="button button-small button-header"
        title={`Signed in as ${me.name} (${me.email}), ${ROLE_LABELS[me.role]}`}
        disabled={signOut.isPending}
        onClick={() => signOut.mutate()}
      >
        {signOut.isPending ? 'Signing out…' : 'Sign out'}
      </button>
      {signOut.error && (
        <span className="user-menu-error" role="alert">
          Sign-out failed: {signOut.error.message}
        </span>
      )}
      {changingPassword && <ChangePasswordDialog onClose={() => setChangingPassword(false)} />}
    </div>
  );
}
