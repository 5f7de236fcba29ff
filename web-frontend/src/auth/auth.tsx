import { createContext, type ComponentChildren } from 'preact';
import { useContext, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { api, type Me, type TokenResponse } from '../api/client';
import { unwrap } from '../api/errors';
import { problemKey, type ProblemKey } from '../api/problem';
import { session as defaultSession, type Session, type SessionInfo } from './session';

export type AuthState =
  | { status: 'loading' }
  | { status: 'anonymous' }
  | { status: 'error'; key: ProblemKey }
  | { status: 'ready'; me: Me };

export interface Auth {
  state: AuthState;
  /** The account once known (also while an organisation switch loads). */
  me: Me | null;
  /** Starts a session from tokens (login, accepted invitation, changed password). */
  start(tokens: TokenResponse, options?: { endPrevious?: boolean }): Promise<void>;
  logout(): Promise<void>;
  switchOrganization(organizationId: string): Promise<void>;
  /** Loads /me again (after an error). */
  retry(): void;
}

const AuthContext = createContext<Auth | null>(null);

export function useAuth(): Auth {
  const auth = useContext(AuthContext);
  if (!auth) throw new Error('useAuth() needs an <AuthProvider>');
  return auth;
}

const keyOf = (info: SessionInfo) => `${info.userId ?? ''}|${info.organizationId}|${info.role}`;

/** Keeps who is logged in (GET /me) in step with the session, in this tab and others. */
export function AuthProvider({ session = defaultSession, children }: { session?: Session; children: ComponentChildren }) {
  const [state, setState] = useState<AuthState>(() =>
    session.info() || session.hasStored() ? { status: 'loading' } : { status: 'anonymous' },
  );
  const lastKey = useRef<string | null>(null);
  const seq = useRef(0);

  const loadMe = useMemo(
    () => async () => {
      const mine = ++seq.current;
      // Keep showing the account while another organisation loads; otherwise show loading.
      setState((s) => (s.status === 'ready' ? s : { status: 'loading' }));
      try {
        const me = await unwrap(api.GET('/api/v1/me'));
        if (mine === seq.current && session.info()) setState({ status: 'ready', me });
      } catch (error) {
        if (mine !== seq.current) return;
        setState(session.info() ? { status: 'error', key: problemKey(error) } : { status: 'anonymous' });
      }
    },
    [session],
  );

  const restore = useMemo(
    () => () => {
      if (session.info()) {
        void loadMe();
        return;
      }
      setState({ status: 'loading' });
      session.restore().then(
        (info) => {
          if (!info) setState({ status: 'anonymous' });
        },
        (error: unknown) => setState({ status: 'error', key: problemKey(error) }),
      );
    },
    [session, loadMe],
  );

  useEffect(() => {
    const onChange = (info: SessionInfo | null) => {
      if (!info) {
        lastKey.current = null;
        seq.current += 1;
        setState({ status: 'anonymous' });
        return;
      }
      const key = keyOf(info);
      if (key === lastKey.current) return; // a routine token rotation
      lastKey.current = key;
      void loadMe();
    };
    const unsubscribe = session.subscribe(onChange);
    const info = session.info();
    if (info) onChange(info);
    else if (session.hasStored()) restore();
    return unsubscribe;
  }, [session, loadMe, restore]);

  const auth = useMemo<Auth>(
    () => ({
      state,
      me: state.status === 'ready' ? state.me : null,
      start: (tokens, options) => session.start(tokens, options),
      logout: () => session.logout(),
      switchOrganization: (id) => session.switchOrganization(id),
      retry: restore,
    }),
    [state, session, restore],
  );

  return <AuthContext.Provider value={auth}>{children}</AuthContext.Provider>;
}

/** Where to go after logging in: a path inside the app, never another site. */
export function safeNext(next: string | undefined | null): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  if (/^\/(login|invite|reset-password)(?:[/?#]|$)/.test(next)) return '/';
  return next;
}
