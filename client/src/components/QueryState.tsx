import type { ReactNode } from 'react';
import { ApiRequestError } from '../api';

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <div className="state state-loading" role="status">
      <span className="spinner" aria-hidden="true" />
      {label}
    </div>
  );
}

/** The API's own message, with its code and field, so a support agent can quote it. */
export function ErrorState({ error, title = 'Could not load this page' }: { error: Error; title?: string }) {
  const api = error instanceof ApiRequestError ? error : null;
  return (
    <div className="state state-error" role="alert">
      <strong>{title}</strong>
      <p>{error.message}</p>
      {api && (
        <p className="state-detail">
          {api.code}
          {api.status > 0 && ` · HTTP ${api.status}`}
          {api.field && ` · field ${api.field}`}
        </p>
      )}
    </div>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <div className="state state-empty">{children}</div>;
}
