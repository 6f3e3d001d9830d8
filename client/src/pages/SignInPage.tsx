import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { Me } from '../../../shared/api-auth';
import { api } from '../api';
import { ErrorState } from '../components/QueryState';
import { useDocumentTitle } from '../document-title';

/** Why the sign-in page is shown to someone who was signed in a moment ago. */
export type SessionEnd = 'signed-out' | 'expired';

const NOTICES: Record<SessionEnd, string> = {
  'signed-out': 'You are signed out.',
  expired: 'Your session has ended (idle too long, signed out elsewhere, or your password or role changed). Sign in again to continue.',
};

export function SignInPage({ ended, onSignedIn }: { ended: SessionEnd | null; onSignedIn: (me: Me) => void }) {
  useDocumentTitle('Sign in');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const signIn = useMutation({
    mutationFn: api.login,
    onSuccess: onSignedIn,
    onError: () => setPassword(''),
  });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    signIn.mutate({ email: email.trim(), password });
  };
  return (
    <div className="auth-screen">
      <form className="auth-card" onSubmit={submit} aria-labelledby="sign-in-title">
        <p className="auth-brand">
          <span className="app-logo" aria-hidden="true" />
          Split Recon
        </p>
        <h1 id="sign-in-title">Sign in</h1>
        {ended && !signIn.error && (
          <p className="auth-notice" role="status">
            {NOTICES[ended]}
          </p>
        )}
        {signIn.error && <ErrorState error={signIn.error} title="Sign-in refused" />}
        <label className="field">
          <span className="field-label">E-mail</span>
          <input type="email" name="email" autoComplete="username" required autoFocus value={email} onChange={(e) => setEmail(e.target.value)} />
        </label>
        <label className="field">
          <span className="field-label">Password</span>
          <input type="password" name="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
        <button type="submit" className="button button-primary" disabled={signIn.isPending}>
          {signIn.isPending ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </div>
  );
}
