import { createContext, useContext, useEffect, useMemo, useState, useSyncExternalStore, type ReactNode } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { useQuery } from 'urql';
import type { ConsoleMeQuery } from '../gql/graphql';
import { Loading, ErrorSummary, errorMessages } from '../components/ui';
import { sessionEnded } from '../lib/status';
import { MeQuery } from './documents';

export type Account = ConsoleMeQuery['me'];

interface SessionValue {
  account: Account | null;
  checking: boolean;
  setAccount: (a: Account | null) => void;
}

const SessionContext = createContext<SessionValue>({ account: null, checking: true, setAccount: () => {} });

export function useSession() {
  return useContext(SessionContext);
}

/** Where to go back to after signing in: the path and search, never another origin. */
export function safeNext(next: string | null): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/sign-in')) return '/';
  return next;
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [{ data, error, fetching }, reexecute] = useQuery({ query: MeQuery, requestPolicy: 'network-only' });
  const [account, setAccount] = useState<Account | null | undefined>(undefined);
  const ended = useSyncExternalStore(sessionEnded.subscribe, sessionEnded.get);
  const navigate = useNavigate();
  const location = useLocation();

  useEffect(() => {
    if (data?.me) setAccount(data.me);
    else if (error?.graphQLErrors.some((e) => e.extensions?.code === 'UNAUTHENTICATED')) setAccount(null);
  }, [data, error]);

  // The API said the session has ended (expired, idle, revoked): sign in again, then come back here.
  useEffect(() => {
    if (ended === 0) return;
    setAccount(null);
    if (location.pathname !== '/sign-in') {
      navigate(`/sign-in?next=${encodeURIComponent(location.pathname + location.search)}`, { replace: true });
    }
    // Only on a new end of session.
  }, [ended]);

  const value = useMemo<SessionValue>(
    () => ({ account: account ?? null, checking: account === undefined && (fetching || !error), setAccount }),
    [account, fetching, error],
  );

  if (account === undefined && error && !error.graphQLErrors.some((e) => e.extensions?.code === 'UNAUTHENTICATED')) {
    return (
      <main className="govuk-main-wrapper govuk-width-container" id="main-content">
        <ErrorSummary title="The console could not start" messages={errorMessages(error)} />
        <button type="button" className="govuk-button" onClick={() => reexecute({ requestPolicy: 'network-only' })}>
          Try again
        </button>
      </main>
    );
  }
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

/** Pages behind sign-in: without a session, go to sign-in and come back after. */
export function RequireSession({ children }: { children: ReactNode }) {
  const { account, checking } = useSession();
  const location = useLocation();
  if (checking) return <Loading what="Checking your session" />;
  if (!account)
    return <Navigate to={`/sign-in?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  return <>{children}</>;
}
