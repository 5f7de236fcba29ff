// The login session: a short-lived access token (memory only) and a rotating,
// single-use refresh token (localStorage, so that a reload stays logged in).
//
// Refresh tokens work once: presenting a used one makes the server end the
// whole session everywhere (theft detection). Several tabs share the stored
// refresh token, so every refresh runs under one Web Lock across the tabs
// ('skupaj-refresh'), and inside the lock re-reads the stored token: if another
// tab rotated it meanwhile, this tab adopts the other tab's new tokens (sent
// over a BroadcastChannel, never stored) instead of using a stale token.
import type { components } from '../api/schema';

export type TokenResponse = components['schemas']['TokenResponse'];
export type Role = components['schemas']['Role'];

export const STORAGE_KEY = 'skupaj.session';
export const LOCK_NAME = 'skupaj-refresh';
export const CHANNEL_NAME = 'skupaj-session';
/** Refresh this long before the access token expires (or at half its life, if shorter). */
export const REFRESH_MARGIN_MS = 60_000;
/** An access token with less time left than this is refreshed before use. */
const MIN_VALIDITY_MS = 10_000;
/** After a failed scheduled refresh (no network), try again this much later. */
const RETRY_MS = 30_000;
const REQUEST_TIMEOUT_MS = 15_000;

/** Who the session acts as: enough to decide what to show before /me answers. */
export interface SessionInfo {
  userId: string | null;
  organizationId: string;
  role: Role;
}

/** The tokens in memory. */
interface Tokens {
  access: string;
  expiresAt: number; // epoch ms
  lifetime: number; // ms
  refresh: string;
  org: string;
  role: Role;
  userId: string | null;
}

interface Stored {
  refresh_token: string;
  organization_id: string;
}

type Message = { type: 'tokens'; tokens: Tokens } | { type: 'logout' };

export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export interface LockLike {
  request<T>(name: string, callback: () => Promise<T>): Promise<T>;
}

export interface ChannelLike {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  close?(): void;
}

/** What the session needs from the browser; tests pass fakes. */
export interface SessionEnv {
  fetch: (input: string, init: RequestInit) => Promise<Response>;
  storage: KeyValueStore | null;
  locks: LockLike | null;
  channel: ChannelLike | null;
  /** Calls back when another tab changes the stored session (the `storage` event). */
  onStorageChange?: (callback: () => void) => void;
  now?: () => number;
}

/** A failed call to an auth endpoint, with the problem document if there was one. */
export class AuthRequestError extends Error {
  readonly code: string;
  constructor(
    readonly status: number,
    readonly problem: unknown,
  ) {
    super(`auth request failed with ${status}`);
    const code = typeof problem === 'object' && problem !== null && 'code' in problem ? problem.code : undefined;
    this.code = typeof code === 'string' ? code : 'generic';
  }
}

/** The `sub` claim of a JWT (the user's id), or null if it cannot be read. */
export function jwtSubject(token: string): string | null {
  try {
    const part = token.split('.')[1];
    if (!part) return null;
    const base64 = part.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(part.length / 4) * 4, '=');
    const claims: unknown = JSON.parse(atob(base64));
    const sub = typeof claims === 'object' && claims !== null && 'sub' in claims ? claims.sub : null;
    return typeof sub === 'string' ? sub : null;
  } catch {
    return null;
  }
}

function timeoutSignal(): AbortSignal | undefined {
  return typeof AbortSignal !== 'undefined' && typeof AbortSignal.timeout === 'function'
    ? AbortSignal.timeout(REQUEST_TIMEOUT_MS)
    : undefined;
}

export interface Session {
  /** Who the session acts as, or null when logged out (or not yet restored). */
  info(): SessionInfo | null;
  /** Whether a refresh token is stored, i.e. a reload may restore a session. */
  hasStored(): boolean;
  /** On start-up: turns a stored refresh token into a session. Null if there is none or it was refused. */
  restore(): Promise<SessionInfo | null>;
  /**
   * Starts a session from a login (or accepted invitation, or changed password).
   * The session this browser had before is ended on the server unless `endPrevious` is false.
   */
  start(tokens: TokenResponse, options?: { endPrevious?: boolean }): Promise<void>;
  /** A valid access token (refreshed first if it is about to expire), or null when logged out. */
  accessToken(): Promise<string | null>;
  /** After a 401 for `used`: a fresh access token to retry with once, or null (logged out). */
  renewAfterUnauthorized(used: string): Promise<string | null>;
  /** Refreshes into another organisation of the account. */
  switchOrganization(organizationId: string): Promise<void>;
  /** Ends the session here and on the server. */
  logout(): Promise<void>;
  /** Called on every change, with null when the session ends. */
  subscribe(listener: (info: SessionInfo | null) => void): () => void;
  /** Stops timers (tests). */
  dispose(): void;
}

export function createSession(env: SessionEnv): Session {
  const now = env.now ?? (() => Date.now());
  let current: Tokens | null = null;
  /** The newest tokens another tab sent us, to adopt instead of refreshing. */
  let shared: Tokens | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let inflight: Promise<Tokens | null> | null = null;
  /** Bumped whenever the session is replaced or ends, so late answers are ignored. */
  let epoch = 0;
  const listeners = new Set<(info: SessionInfo | null) => void>();
  /** Used when localStorage is unavailable (private mode): the session lasts for this page. */
  let memoryStore: Stored | null = null;

  const read = (): Stored | null => {
    if (!env.storage) return memoryStore;
    try {
      const raw = env.storage.getItem(STORAGE_KEY);
      if (!raw) return null;
      const value: unknown = JSON.parse(raw);
      if (
        typeof value === 'object' &&
        value !== null &&
        'refresh_token' in value &&
        typeof value.refresh_token === 'string' &&
        'organization_id' in value &&
        typeof value.organization_id === 'string'
      ) {
        return { refresh_token: value.refresh_token, organization_id: value.organization_id };
      }
      return null;
    } catch {
      return memoryStore;
    }
  };

  const write = (value: Stored | null): void => {
    memoryStore = value;
    if (!env.storage) return;
    try {
      if (value) env.storage.setItem(STORAGE_KEY, JSON.stringify(value));
      else env.storage.removeItem(STORAGE_KEY);
    } catch {
      /* storage disabled: memoryStore keeps it for this page */
    }
  };

  const infoOf = (t: Tokens | null): SessionInfo | null =>
    t && { userId: t.userId, organizationId: t.org, role: t.role };

  const notify = () => {
    const info = infoOf(current);
    for (const listener of [...listeners]) listener(info);
  };

  const broadcast = (message: Message) => {
    try {
      env.channel?.postMessage(message);
    } catch {
      /* a closed channel: other tabs fall back to the lock check */
    }
  };

  const withLock = <T>(fn: () => Promise<T>): Promise<T> =>
    env.locks ? env.locks.request(LOCK_NAME, fn) : fn();

  const post = async (path: string, body: unknown): Promise<Response> =>
    env.fetch(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
      signal: timeoutSignal(),
    });

  const schedule = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    if (!current) return;
    const margin = Math.min(REFRESH_MARGIN_MS, current.lifetime / 2);
    const run = () => {
      timer = undefined;
      refreshNow().catch(() => {
        // Offline: try again soon (requests also refresh on their own when needed).
        if (current && timer === undefined) timer = setTimeout(run, RETRY_MS);
      });
    };
    timer = setTimeout(run, Math.max(0, current.expiresAt - margin - now()));
  };

  const use = (tokens: Tokens) => {
    current = tokens;
    schedule();
    notify();
  };

  const clearLocal = () => {
    epoch += 1;
    inflight = null;
    const had = current !== null;
    current = null;
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    if (had) notify();
  };

  /** Takes new tokens from the server: stores the refresh token, tells the other tabs. */
  const accept = (r: TokenResponse) => {
    const lifetime = Math.max(0, r.expires_in) * 1000;
    const tokens: Tokens = {
      access: r.access_token,
      expiresAt: now() + lifetime,
      lifetime,
      refresh: r.refresh_token,
      org: r.organization_id,
      role: r.role,
      userId: jwtSubject(r.access_token),
    };
    write({ refresh_token: tokens.refresh, organization_id: tokens.org });
    broadcast({ type: 'tokens', tokens });
    use(tokens);
    return tokens;
  };

  const fresh = (t: Tokens | null): t is Tokens => t !== null && t.expiresAt - now() > MIN_VALIDITY_MS;

  /**
   * Rotates the refresh token, once per tab at a time and one tab at a time.
   * With `organizationId`, switches organisation as well.
   */
  const refreshNow = (organizationId?: string): Promise<Tokens | null> => {
    if (!organizationId && inflight) return inflight;
    const startEpoch = epoch;
    // The token this tab is about to use; inside the lock, the stored one may be newer.
    const known = current?.refresh ?? read()?.refresh_token ?? null;
    const run = withLock(async (): Promise<Tokens | null> => {
      if (epoch !== startEpoch) return current; // logged out or replaced while waiting
      const stored = read();
      if (!stored) {
        clearLocal(); // another tab logged out
        return null;
      }
      if (!organizationId && stored.refresh_token !== known) {
        // Another tab rotated the token while we waited: adopt its tokens.
        if (shared && shared.refresh === stored.refresh_token && fresh(shared)) {
          use(shared);
          return shared;
        }
        // We missed its message: the stored token is unused, so refreshing with it is safe.
      }
      const body: { refresh_token: string; organization_id?: string } = { refresh_token: stored.refresh_token };
      if (organizationId) body.organization_id = organizationId;
      const response = await post('/api/v1/auth/refresh', body);
      if (response.ok) {
        const tokens = (await response.json()) as TokenResponse;
        if (epoch !== startEpoch && current === null) {
          // Logged out during the request: do not bring the session back.
          void post('/api/v1/auth/logout', { refresh_token: tokens.refresh_token }).catch(() => undefined);
          return null;
        }
        return accept(tokens);
      }
      const problem: unknown = await response.json().catch(() => undefined);
      if (response.status === 401) {
        // Expired, revoked or reused: the session is over in every tab.
        write(null);
        broadcast({ type: 'logout' });
        clearLocal();
        return null;
      }
      throw new AuthRequestError(response.status, problem);
    });
    if (!organizationId) {
      inflight = run;
      const done = () => {
        if (inflight === run) inflight = null;
      };
      run.then(done, done);
    }
    return run;
  };

  env.channel?.addEventListener('message', (event) => {
    const message = event.data as Message | undefined;
    if (!message || typeof message !== 'object') return;
    if (message.type === 'tokens') {
      shared = message.tokens;
      // Adopt at once if it is the newest session (it is what is stored).
      if (read()?.refresh_token === message.tokens.refresh && current?.refresh !== message.tokens.refresh) {
        epoch += 1; // answers to this tab's older requests are stale now
        inflight = null;
        use(message.tokens);
      }
    } else if (message.type === 'logout') {
      if (!read()) clearLocal();
    }
  });

  env.onStorageChange?.(() => {
    if (current && !read()) clearLocal(); // logged out in another tab
  });

  return {
    info: () => infoOf(current),

    hasStored: () => read() !== null,

    async restore() {
      if (current) return infoOf(current);
      if (!read()) return null;
      return infoOf(await refreshNow());
    },

    async start(tokens, { endPrevious = true } = {}) {
      await withLock(async () => {
        const old = read();
        epoch += 1;
        inflight = null;
        accept(tokens);
        if (endPrevious && old && old.refresh_token !== tokens.refresh_token) {
          // The session this browser had before is replaced: end it on the server.
          void post('/api/v1/auth/logout', { refresh_token: old.refresh_token }).catch(() => undefined);
        }
      });
    },

    async accessToken() {
      if (fresh(current)) return current.access;
      if (!current && !read()) return null;
      return (await refreshNow())?.access ?? null;
    },

    async renewAfterUnauthorized(used) {
      // Another request (or tab) already replaced the token that was refused.
      if (fresh(current) && current.access !== used) return current.access;
      if (!current && !read()) return null;
      return (await refreshNow())?.access ?? null;
    },

    async switchOrganization(organizationId) {
      await refreshNow(organizationId);
    },

    async logout() {
      const remembered = current?.refresh;
      clearLocal();
      const token = await withLock(async () => {
        const stored = read();
        write(null);
        return stored?.refresh_token ?? remembered;
      });
      broadcast({ type: 'logout' });
      if (token) await post('/api/v1/auth/logout', { refresh_token: token }).catch(() => undefined);
    },

    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    dispose() {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      listeners.clear();
      env.channel?.close?.();
    },
  };
}

/** The browser's storage, locks and channel, each only where it works. */
export function browserEnv(): SessionEnv {
  let storage: KeyValueStore | null = null;
  try {
    storage = globalThis.localStorage ?? null;
    storage?.getItem(STORAGE_KEY); // throws where storage is blocked
  } catch {
    storage = null;
  }
  const nav = globalThis.navigator as (Navigator & { locks?: LockLike }) | undefined;
  const locks: LockLike | null =
    nav?.locks && typeof nav.locks.request === 'function'
      ? { request: <T>(name: string, callback: () => Promise<T>) => nav.locks!.request(name, callback) as Promise<T> }
      : null;
  let channel: ChannelLike | null = null;
  if (typeof BroadcastChannel === 'function') {
    const bc = new BroadcastChannel(CHANNEL_NAME);
    (bc as unknown as { unref?: () => void }).unref?.(); // Node (tests): do not keep the process alive
    channel = bc;
  }
  return {
    fetch: (input, init) => globalThis.fetch(input, init),
    storage,
    locks,
    channel,
    onStorageChange: (callback) => {
      globalThis.addEventListener?.('storage', (event: StorageEvent) => {
        if (event.key === STORAGE_KEY || event.key === null) callback();
      });
    },
  };
}

/** The app's one session. */
export const session: Session = createSession(browserEnv());
