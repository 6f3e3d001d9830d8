import { useMutation, useQuery, useQueryClient, type QueryClient, type UseMutationResult } from '@tanstack/react-query';
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import type { Me } from '../../shared/api-auth';
import { api, ApiRequestError, queryKeys } from './api';
import { ErrorState, Loading } from './components/QueryState';
import { SignInPage, type SessionEnd } from './pages/SignInPage';

interface Session {
  me: Me;
  signOut: UseMutationResult<unknown, Error, void>;
}

const SessionContext = createContext<Session | null>(null);

/** Everything cached but the session itself: the next person to sign in must not see the last one's data. */
function forgetData(queryClient: QueryClient): void {
  queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== queryKeys.me[0] });
}

/**
 * Who is signed in. The dashboard renders only for a signed-in person; otherwise the sign-in page
 * takes its place at the same URL, so signing in lands on the page that was asked for.
 */
export function SessionProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [ended, setEnded] = useState<SessionEnd | null>(null);
  const me = useQuery({
    queryKey: queryKeys.me,
    // 401 is an answer here (nobody is signed in), not an error: so this query never reports a 401
    // to the listener below, and cannot loop through it.
    queryFn: async (): Promise<Me | null> => {
      try {
        return await api.me();
      } catch (error) {
        if (!(error instanceof ApiRequestError) || error.status !== 401) throw error;
        if (queryClient.getQueryData(queryKeys.me)) setEnded('expired');
        return null;
      }
    },
  });

  useEffect(() => {
    const onError = (error: unknown) => {
      if (!(error instanceof ApiRequestError)) return;
      // A 401 anywhere means the session ended (idle, password changed, account disabled); a 403 may
      // mean the role changed. Either way, ask again who is signed in.
      if (error.code === 'UNAUTHENTICATED' || error.code === 'FORBIDDEN') void queryClient.invalidateQueries({ queryKey: queryKeys.me });
    };
    const stopQueries = queryClient.getQueryCache().subscribe((event) => {
      if (event.type === 'updated' && event.action.type === 'error') onError(event.action.error);
    });
    const stopMutations = queryClient.getMutationCache().subscribe((event) => {
      if (event.type === 'updated' && event.action.type === 'error') onError(event.action.error);
    });
    return () => {
      stopQueries();
      stopMutations();
    };
  }, [queryClient]);

  const signOut = useMutation({
    mutationFn: api.logout,
    onSuccess: () => {
      setEnded('signed-out');
      queryClient.setQueryData(queryKeys.me, null);
      forgetData(queryClient);
    },
  });

  const signedIn = (user: Me) => {
    forgetData(queryClient);
    setEnded(null);
    queryClient.setQueryData(queryKeys.me, user);
  };

  if (me.data) return <SessionContext.Provider value={{ me: me.data, signOut }}>{children}</SessionContext.Provider>;
  if (me.data === null) return <SignInPage ended={ended} onSignedIn={signedIn} />;
  if (me.error) {
    return (
      <div className="auth-screen">
        <div className="auth-card">
          <ErrorState error={me.error} title="Could not reach Split Recon" />
          <button type="button" className="button button-primary" onClick={() => void me.refetch()}>
            Try again
          </button>
        </div>
      </div>
    );
  }
  return (
    <div className="auth-screen">
      <Loading label="Checking your session…" />
    </div>
  );
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession is only for the signed-in part of the dashboard');
  return session;
}

/** The signed-in person; only under SessionProvider, which renders its children only when there is one. */
export function useMe(): Me {
  return useSession().me;
}
