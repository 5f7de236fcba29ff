import createClient from 'openapi-fetch';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { authMiddleware } from '../api/auth-middleware';
import type { paths } from '../api/schema';
import { browserOf, fakeAuthServer, fakeJwt, json, problem } from '../testing/fake-auth';
import { STORAGE_KEY, createSession, jwtSubject, type Session } from './session';

const sessions: Session[] = [];
const open = (env: Parameters<typeof createSession>[0]) => {
  const s = createSession(env);
  sessions.push(s);
  return s;
};
/** Lets queued promises, lock hand-overs and channel messages run. */
const settle = async () => {
  for (let i = 0; i < 20; i++) await Promise.resolve();
};

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2026-11-24T12:00:00Z') });
});
afterEach(() => {
  for (const s of sessions.splice(0)) s.dispose();
  vi.useRealTimers();
});

describe('session storage', () => {
  it('keeps the access token in memory only, and the refresh token and organisation in storage', async () => {
    const server = fakeAuthServer();
    const { storage, tab } = browserOf(server);
    const s = open(tab());
    const tokens = server.issue();
    await s.start(tokens);

    expect(await s.accessToken()).toBe(tokens.access_token);
    expect(s.info()).toEqual({ userId: 'user-1', organizationId: 'org-1', role: 'admin' });
    expect(JSON.parse(storage.getItem(STORAGE_KEY)!)).toEqual({ refresh_token: 'rt-1', organization_id: 'org-1' });
    expect([...storage.data.values()].join()).not.toContain(tokens.access_token);
  });

  it('restores the session after a reload from the stored refresh token', async () => {
    const server = fakeAuthServer({ role: 'coordinator' });
    const { tab } = browserOf(server);
    await open(tab()).start(server.issue());

    const reloaded = open(tab()); // a new page: nothing in memory
    expect(reloaded.info()).toBeNull();
    expect(reloaded.hasStored()).toBe(true);
    expect(await reloaded.restore()).toEqual({ userId: 'user-1', organizationId: 'org-1', role: 'coordinator' });
    expect(server.presented).toEqual(['rt-1']);
    expect(await reloaded.accessToken()).toBe(fakeJwt('user-1', 2));
  });

  it('reads the user id from the access token', () => {
    expect(jwtSubject(fakeJwt('0193-abc'))).toBe('0193-abc');
    expect(jwtSubject('not a jwt')).toBeNull();
  });
});

describe('refresh scheduling', () => {
  it('refreshes about 60 s before the access token expires, and again after that', async () => {
    const server = fakeAuthServer();
    const { storage, tab } = browserOf(server);
    const s = open(tab());
    await s.start(server.issue()); // expires in 900 s

    await vi.advanceTimersByTimeAsync(839_000);
    expect(server.refreshCalls()).toBe(0);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(server.presented).toEqual(['rt-1']);
    expect(JSON.parse(storage.getItem(STORAGE_KEY)!).refresh_token).toBe('rt-2');
    expect(await s.accessToken()).toBe(fakeJwt('user-1', 2));

    await vi.advanceTimersByTimeAsync(840_000);
    expect(server.presented).toEqual(['rt-1', 'rt-2']);
  });

  it('refreshes before use when the access token has (almost) expired, e.g. after the phone slept', async () => {
    const server = fakeAuthServer();
    const { tab } = browserOf(server);
    const s = open(tab());
    await s.start(server.issue());
    vi.setSystemTime(Date.now() + 895_000); // timers did not run while asleep
    expect(await s.accessToken()).toBe(fakeJwt('user-1', 2));
    expect(server.refreshCalls()).toBe(1);
  });

  it('logs out everywhere when the refresh token is refused', async () => {
    const server = fakeAuthServer();
    const { storage, tab } = browserOf(server);
    const s = open(tab());
    const seen: unknown[] = [];
    s.subscribe((info) => seen.push(info));
    await s.start(server.issue());
    server.state.revoked = true; // e.g. an admin removed the member

    expect(await s.renewAfterUnauthorized(fakeJwt('user-1', 1))).toBeNull();
    expect(s.info()).toBeNull();
    expect(storage.getItem(STORAGE_KEY)).toBeNull();
    expect(seen.at(-1)).toBeNull();
  });

  it('keeps the session when the network fails, and tries again later', async () => {
    const server = fakeAuthServer();
    const { tab } = browserOf(server);
    const s = open(tab());
    await s.start(server.issue());
    server.fetch.mockRejectedValueOnce(new TypeError('Failed to fetch'));
    await vi.advanceTimersByTimeAsync(840_000);
    expect(s.info()).not.toBeNull();
    expect(server.refreshCalls()).toBe(1);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(server.presented).toEqual(['rt-1']);
    expect(await s.accessToken()).toBe(fakeJwt('user-1', 2));
  });
});

describe('several tabs', () => {
  it('a tab that waited for the lock while another refreshed adopts the new tokens instead of refreshing', async () => {
    const server = fakeAuthServer();
    const { tab, locks } = browserOf(server);
    const a = open(tab());
    await a.start(server.issue());
    const b = open(tab());
    await b.restore(); // b: rt-1 → rt-2
    expect(server.presented).toEqual(['rt-1']);
    await settle(); // a hears of it
    expect(await a.accessToken()).toBe(fakeJwt('user-1', 2));

    // Both tabs get a 401 at the same moment; a holds the lock while the server answers.
    const release = server.hold();
    const renewA = a.renewAfterUnauthorized(fakeJwt('user-1', 2));
    await settle();
    expect(locks?.held()).toBe(true);
    const renewB = b.renewAfterUnauthorized(fakeJwt('user-1', 2));
    release();
    const [tokenA, tokenB] = await Promise.all([renewA, renewB]);

    expect(server.refreshCalls()).toBe(2); // b's restore and a's refresh: b adopted a's result
    expect(tokenA).toBe(fakeJwt('user-1', 3));
    expect(tokenB).toBe(fakeJwt('user-1', 3));
    expect(server.state.reused).toBe(false);
  });

  it('without the channel, a tab that finds a newer stored token refreshes with that one, never its old one', async () => {
    const server = fakeAuthServer();
    const { tab } = browserOf(server, { channel: false });
    const a = open(tab());
    await a.start(server.issue()); // a knows rt-1
    const b = open(tab());
    await b.restore(); // rt-1 → rt-2, a is not told

    expect(await a.renewAfterUnauthorized(fakeJwt('user-1', 1))).toBe(fakeJwt('user-1', 3));
    expect(server.presented).toEqual(['rt-1', 'rt-2']);
    expect(server.state.reused).toBe(false);
  });

  it('many tabs refreshing at once present every refresh token only once', async () => {
    const server = fakeAuthServer();
    const { tab } = browserOf(server, { channel: false });
    const tabs = [open(tab()), open(tab()), open(tab()), open(tab())];
    await tabs[0]!.start(server.issue());
    await Promise.all(tabs.map((t) => t.restore()));
    await Promise.all(tabs.map((t) => t.renewAfterUnauthorized('stale')));

    expect(new Set(server.presented).size).toBe(server.presented.length);
    expect(server.state.reused).toBe(false);
    for (const t of tabs) expect(t.info()).not.toBeNull();
  });

  it('works without Web Locks in a single tab', async () => {
    const server = fakeAuthServer();
    const { tab } = browserOf(server, { locks: false });
    const s = open(tab());
    const first = server.issue();
    await s.start(first);
    const [x, y] = await Promise.all([
      s.renewAfterUnauthorized(first.access_token),
      s.renewAfterUnauthorized(first.access_token),
    ]);
    expect(x).toBe(fakeJwt('user-1', 2));
    expect(y).toBe(x); // one refresh for both
    expect(server.presented).toEqual(['rt-1']);
  });

  it('switching organisation refreshes with organization_id, and the other tabs follow', async () => {
    const server = fakeAuthServer();
    const { tab } = browserOf(server);
    const a = open(tab());
    const b = open(tab());
    await a.start(server.issue());
    await settle();
    await a.switchOrganization('org-2');
    await settle();
    expect(JSON.parse(String(server.fetch.mock.calls.at(-1)?.[1].body))).toEqual({
      refresh_token: 'rt-1',
      organization_id: 'org-2',
    });
    expect(a.info()?.organizationId).toBe('org-2');
    expect(b.info()?.organizationId).toBe('org-2');
  });
});

describe('logout', () => {
  it('clears memory and storage, ends the session on the server and in the other tabs', async () => {
    const server = fakeAuthServer();
    const { storage, tab } = browserOf(server);
    const a = open(tab());
    const b = open(tab());
    await a.start(server.issue());
    await settle();
    expect(b.info()).not.toBeNull();

    await a.logout();
    await settle();
    expect(a.info()).toBeNull();
    expect(await a.accessToken()).toBeNull();
    expect(storage.getItem(STORAGE_KEY)).toBeNull();
    expect(server.loggedOut).toEqual(['rt-1']);
    expect(b.info()).toBeNull();
    // No timer brings it back.
    await vi.advanceTimersByTimeAsync(3_600_000);
    expect(server.refreshCalls()).toBe(0);
  });

  it('a new login ends the session this browser had before', async () => {
    const server = fakeAuthServer();
    const { tab } = browserOf(server);
    const s = open(tab());
    await s.start(server.issue());
    await s.start(server.issue());
    expect(server.loggedOut).toEqual(['rt-1']);
  });
});

describe('authMiddleware', () => {
  /** An API where only `valid` access tokens are accepted. */
  function setup() {
    const server = fakeAuthServer();
    const { tab } = browserOf(server);
    const s = open(tab());
    const apiFetch = vi.fn(async (request: Request) => {
      if (request.url.includes('/auth/')) return server.fetch(new URL(request.url).pathname, { body: await request.text() });
      const auth = request.headers.get('Authorization');
      return auth === `Bearer ${valid.token}` ? json({ ok: true, body: await request.text() }) : problem(401, 'unauthorized');
    });
    const valid = { token: '' };
    const client = createClient<paths>({ baseUrl: 'http://test', fetch: apiFetch });
    client.use(authMiddleware(s));
    return { server, s, client, apiFetch, valid };
  }

  it('sends the access token, and after a 401 refreshes once and retries once (with the body)', async () => {
    const { server, s, client, apiFetch, valid } = setup();
    const first = server.issue();
    await s.start(first);
    valid.token = fakeJwt('user-1', 2); // the server no longer takes the first token

    const { data, response } = await client.POST('/api/v1/invitations', { body: { email: 'a@b.org', role: 'adviser' } });
    expect(response.status).toBe(200);
    expect(data).toEqual({ ok: true, body: JSON.stringify({ email: 'a@b.org', role: 'adviser' }) });
    expect(server.presented).toEqual(['rt-1']);
    const auths = apiFetch.mock.calls.map(([r]) => r.headers.get('Authorization'));
    expect(auths).toEqual([`Bearer ${first.access_token}`, `Bearer ${fakeJwt('user-1', 2)}`]);
  });

  it('does not retry twice: a second 401 is returned to the caller', async () => {
    const { server, s, client, apiFetch } = setup();
    await s.start(server.issue());
    const { response } = await client.GET('/api/v1/me');
    expect(response.status).toBe(401);
    expect(apiFetch).toHaveBeenCalledTimes(2);
    expect(server.refreshCalls()).toBe(1);
  });

  it('several requests refused at once share one refresh', async () => {
    const { server, s, client, valid } = setup();
    await s.start(server.issue());
    valid.token = fakeJwt('user-1', 2);
    const answers = await Promise.all([client.GET('/api/v1/me'), client.GET('/api/v1/members'), client.GET('/api/v1/audit')]);
    expect(answers.map((a) => a.response.status)).toEqual([200, 200, 200]);
    expect(server.refreshCalls()).toBe(1);
  });

  it('sends no token to the auth endpoints and without a session', async () => {
    const { client, apiFetch } = setup();
    await client.GET('/api/v1/me');
    expect(apiFetch.mock.calls[0]?.[0].headers.get('Authorization')).toBeNull();
    expect(apiFetch).toHaveBeenCalledTimes(1); // no session: no refresh, no retry
  });
});
