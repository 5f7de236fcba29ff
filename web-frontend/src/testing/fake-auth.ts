// Test helpers: a fake auth server with single-use refresh tokens, and fake
// browser parts (storage, Web Locks, BroadcastChannel) shared by "tabs".
import { vi } from 'vitest';
import type { ChannelLike, KeyValueStore, LockLike, SessionEnv, TokenResponse } from '../auth/session';

export const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json', ...headers },
  });

export const problem = (status: number, code: string, extra: Record<string, unknown> = {}) =>
  json({ type: `https://skupaj.org/problems/${code}`, title: code, status, code, ...extra }, status);

/** A JWT-shaped token whose payload names the user (the signature is not checked by the client). */
export function fakeJwt(sub: string, n: number | string = 1): string {
  const b64 = (v: unknown) => btoa(JSON.stringify(v)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
  return `${b64({ alg: 'HS256' })}.${b64({ sub, n })}.sig`;
}

export function memoryStorage(): KeyValueStore & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (k) => data.get(k) ?? null,
    setItem: (k, v) => void data.set(k, v),
    removeItem: (k) => void data.delete(k),
  };
}

/** One exclusive lock, like navigator.locks shared by all tabs of an origin. */
export function fakeLocks(): LockLike & { held: () => boolean } {
  let tail: Promise<unknown> = Promise.resolve();
  let holders = 0;
  return {
    held: () => holders > 0,
    request<T>(_name: string, callback: () => Promise<T>): Promise<T> {
      const run = tail.then(async () => {
        holders += 1;
        try {
          return await callback();
        } finally {
          holders -= 1;
        }
      });
      tail = run.catch(() => undefined);
      return run;
    },
  };
}

/** BroadcastChannels of one name: a message reaches every other channel, asynchronously. */
export function fakeBus(): () => ChannelLike {
  const channels: { listeners: ((e: { data: unknown }) => void)[] }[] = [];
  return () => {
    const self = { listeners: [] as ((e: { data: unknown }) => void)[] };
    channels.push(self);
    return {
      postMessage(message) {
        const data = structuredClone(message);
        for (const other of channels) {
          if (other !== self) queueMicrotask(() => other.listeners.forEach((l) => l({ data })));
        }
      },
      addEventListener(_type, listener) {
        self.listeners.push(listener);
      },
    };
  };
}

/**
 * The auth endpoints, as the server behaves: every refresh token works once; a
 * used one revokes the whole family (then every refresh answers 401).
 */
export function fakeAuthServer({ lifetime = 900, role = 'admin' as TokenResponse['role'] } = {}) {
  let n = 0;
  const valid = new Set<string>();
  const presented: string[] = [];
  const loggedOut: string[] = [];
  const state = { revoked: false, reused: false };
  /** Resolves refresh answers only when the test says so (to hold a tab inside the lock). */
  let gate: Promise<void> | null = null;

  const issue = (org = 'org-1'): TokenResponse => {
    n += 1;
    const refresh = `rt-${n}`;
    valid.add(refresh);
    return {
      access_token: fakeJwt('user-1', n),
      token_type: 'Bearer',
      expires_in: lifetime,
      refresh_token: refresh,
      organization_id: org,
      role,
    };
  };

  const fetch = vi.fn(async (input: string, init: RequestInit): Promise<Response> => {
    const body = JSON.parse(String(init.body)) as { refresh_token: string; organization_id?: string };
    if (input.endsWith('/auth/refresh')) {
      presented.push(body.refresh_token);
      if (gate) await gate;
      if (state.revoked) return problem(401, 'unauthorized');
      if (!valid.has(body.refresh_token)) {
        state.reused = true; // theft detection: the whole family ends
        state.revoked = true;
        return problem(401, 'unauthorized');
      }
      valid.delete(body.refresh_token);
      return json(issue(body.organization_id ?? 'org-1'));
    }
    if (input.endsWith('/auth/logout')) {
      loggedOut.push(body.refresh_token);
      valid.delete(body.refresh_token);
      return new Response(null, { status: 204 });
    }
    return problem(404, 'not_found');
  });

  return {
    fetch,
    issue,
    presented,
    loggedOut,
    state,
    refreshCalls: () => fetch.mock.calls.filter(([url]) => url.endsWith('/auth/refresh')).length,
    /** Holds refresh answers until the returned function is called. */
    hold(): () => void {
      let release!: () => void;
      gate = new Promise((r) => (release = r));
      return () => {
        gate = null;
        release();
      };
    },
  };
}

/** Environments for several tabs of one browser: shared storage, locks and channel. */
export function browserOf(server: ReturnType<typeof fakeAuthServer>, opts: { locks?: boolean; channel?: boolean } = {}) {
  const storage = memoryStorage();
  const locks = opts.locks === false ? null : fakeLocks();
  const bus = fakeBus();
  const tab = (): SessionEnv => ({
    fetch: server.fetch,
    storage,
    locks,
    channel: opts.channel === false ? null : bus(),
  });
  return { storage, locks, tab };
}
