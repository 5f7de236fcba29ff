// Test helpers: the whole app against a fake API, driven like a person would
// (type, choose, click, submit), for DOM tests in happy-dom.
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { vi } from 'vitest';
import { fakeJwt, json, problem } from './fake-auth';

// The API client captures fetch when it is created, so stub it before importing the app.
export const fetchMock = vi.fn<typeof fetch>();
vi.stubGlobal('fetch', fetchMock);
const { App } = await import('../app');
export const { initI18n, setLanguage } = await import('../i18n');
export const { session } = await import('../auth/session');
export const { clearCodeLists } = await import('../api/codeLists');

export type Role = 'admin' | 'coordinator' | 'adviser' | 'mentor' | 'participant' | 'partner' | 'analyst';
export type Handler = (req: Request, url: URL) => Response | Promise<Response>;
export interface Call {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
  text: string;
  headers: Headers;
}

export const ORG = 'org-1';
export const calls: Call[] = [];
let routes: Record<string, Handler> = {};
let tokenCount = 0;

export const tokens = (role: Role, org = ORG) => ({
  access_token: fakeJwt(`user-${role}`, ++tokenCount),
  token_type: 'Bearer' as const,
  expires_in: 900,
  refresh_token: `rt-${tokenCount}`,
  organization_id: org,
  role,
});

/** What GET /me answers for `role`: by default one membership, in ORG. */
export const meOf = (role: Role, extra: { memberships?: { organization_id: string; organization_name: string; role: Role }[]; org?: string } = {}) => ({
  user: { id: `user-${role}`, email: `${role}@demo.skupaj.org`, display_name: `Demo ${role}` },
  organization_id: extra.org ?? ORG,
  role,
  memberships: (extra.memberships ?? [{ organization_id: ORG, organization_name: 'Skupaj Demo', role }]).map((m, i) => ({
    id: `ms-${i}`,
    ...m,
  })),
  created_at: '2026-01-05T10:00:00Z',
});

/** A member of the organisation, as GET /members lists it. */
export const member = (n: number, role: Role, version = 1) => ({
  id: `m-${n}`,
  user_id: `u-${n}`,
  email: `person${n}@example.org`,
  display_name: `Person ${n}`,
  role,
  joined_at: '2026-03-01T09:00:00Z',
  version,
});

/** Small code lists, labelled per language so that tests can see which language was asked for. */
export const CODES: Record<string, [string, string][]> = {
  countries: [
    ['SY', 'Syria'],
    ['UA', 'Ukraine'],
  ],
  languages: [
    ['ar', 'Arabic'],
    ['sl', 'Slovenian'],
    ['uk', 'Ukrainian'],
  ],
  genders: [
    ['female', 'Female'],
    ['male', 'Male'],
    ['self_described', 'Self-described'],
  ],
  'legal-statuses': [
    ['asylum_seeker', 'Asylum seeker'],
    ['temporary_protection', 'Temporary protection'],
    ['other', 'Other'],
  ],
  'work-permits': [['granted', 'Has a work permit']],
  'education-levels': [['isced_3', 'Upper secondary']],
  'employment-states': [['unemployed', 'Looking for work']],
  needs: [
    ['language', 'Language learning'],
    ['employment', 'Finding work'],
  ],
  'language-levels': [
    ['A2', 'A2 Elementary'],
    ['native', 'Native'],
  ],
  'recognition-states': [['in_progress', 'In progress']],
  'consent-purposes': [
    ['profile_processing', 'Keeping the profile'],
    ['partner_sharing', 'Sharing with partners'],
  ],
  'skill-levels': [
    ['basic', 'Basic'],
    ['intermediate', 'Intermediate'],
    ['advanced', 'Advanced'],
    ['expert', 'Expert'],
  ],
  'skill-acquired': [
    ['origin_country', 'In the country of origin'],
    ['host_country', 'In Slovenia'],
  ],
  'skill-evidence': [
    ['self_declared', 'Self-declared'],
    ['certificate', 'Certificate'],
  ],
  'interview-age-bands': [
    ['18_25', '18–25'],
    ['26_35', '26–35'],
    ['56_plus', '56 and over'],
  ],
  'stay-lengths': [
    ['1_3_years', '1–3 years'],
    ['3_5_years', '3–5 years'],
  ],
  'booking-modes': [
    ['in_person', 'In person'],
    ['phone', 'By phone'],
  ],
  'booking-topics': [
    ['job_search', 'Job search'],
    ['cv', 'CV'],
    ['translation', 'Translation'],
    ['employment_office', 'Employment office'],
    ['legal_admin', 'Legal or administrative'],
    ['housing', 'Housing'],
    ['education', 'Education'],
    ['starting_company', 'Starting a company'],
    ['other', 'Other'],
  ],
};

const codeList: Handler = (_req, url) => {
  const name = url.pathname.split('/').pop() ?? '';
  const lang = url.searchParams.get('lang') ?? 'en';
  const items = CODES[name];
  if (!items) return problem(404, 'not_found');
  return json({ name, language: lang, items: items.map(([code, label]) => ({ code, label: lang === 'en' ? label : `${label} (${lang})` })) });
};

/** Serves `extra` routes ("METHOD /path"), plus health, logout and the code lists; records every call. */
export function serve(extra: Record<string, Handler>) {
  routes = {
    'GET /api/v1/health': () => json({ status: 'ok', version: '0.1.0', uptime_seconds: 5 }),
    'GET /api/v1/ready': () => json({ status: 'ready', database: 'sqlite' }),
    'POST /api/v1/auth/logout': () => new Response(null, { status: 204 }),
    ...extra,
  };
  fetchMock.mockImplementation(async (input, init) => {
    const req = input instanceof Request ? input : new Request(new URL(String(input), location.href), init);
    const url = new URL(req.url);
    const text = req.method === 'GET' || req.method === 'DELETE' ? '' : await req.clone().text();
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = undefined;
    }
    calls.push({ method: req.method, path: url.pathname, query: url.searchParams, body, text, headers: req.headers });
    if (req.method === 'GET' && url.pathname.startsWith('/api/v1/code-lists/')) return codeList(req, url);
    const route = routes[`${req.method} ${url.pathname}`];
    if (!route) return problem(404, 'not_found');
    return route(req, url);
  });
}

export function route(key: string, handler: Handler) {
  routes[key] = handler;
}

export const called = (method: string, path: string) => calls.filter((c) => c.method === method && c.path === path);

export let root: HTMLElement;
export const $ = <T extends Element = HTMLElement>(sel: string) => root.querySelector<T>(sel);
export const $$ = (sel: string) => [...root.querySelectorAll<HTMLElement>(sel)];
export const text = (sel: string) => $(sel)?.textContent ?? '';

export async function show(path: string) {
  history.replaceState(null, '', path);
  await act(() => render(<App />, root));
}

/** Logs in as `role` (as the login page would) and opens `path`. */
export async function showAs(role: Role, path: string, me = meOf(role)) {
  routes['GET /api/v1/me'] ??= () => json(me);
  await session.start(tokens(role, me.organization_id));
  await show(path);
  await until(() => $('[data-testid="user-bar"]'));
}

export async function until<T>(find: () => T | null | undefined | false, what = 'condition', timeout = 3000): Promise<T> {
  let found: T | null | undefined | false = null;
  await vi.waitFor(
    () => {
      found = find();
      if (!found) throw new Error(`waiting for ${what}`);
    },
    { timeout },
  );
  return found as T;
}

// Each user action runs in act(), so Preact re-renders before the next one.
export async function type(sel: string, value: string) {
  const el = await until(() => $<HTMLInputElement>(sel), sel);
  await act(() => {
    el.value = value;
    el.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

export async function choose(sel: string, value: string) {
  const el = await until(() => $<HTMLSelectElement>(sel), sel);
  await until(() => [...el.options].some((o) => o.value === value), `option ${value} in ${sel}`);
  await act(() => {
    el.value = value;
    el.dispatchEvent(new Event('change', { bubbles: true }));
  });
}

export async function check(sel: string, on = true) {
  const el = await until(() => $<HTMLInputElement>(sel), sel);
  if (el.checked !== on) await act(() => el.click());
}

export async function submit(formSel: string) {
  const form = await until(() => $<HTMLFormElement>(formSel), formSel);
  await act(() => {
    form.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
  });
}

export async function click(el: Element | null | undefined) {
  if (!el) throw new Error('nothing to click');
  await act(() => (el as HTMLElement).click());
}

/** Call in beforeEach: a fresh root, no calls, English. */
export async function setUp() {
  await setLanguage('en');
  calls.length = 0;
  clearCodeLists();
  serve({});
  root = document.createElement('div');
  document.body.append(root);
}

/** Call in afterEach. */
export async function tearDown() {
  render(null, root);
  root.remove();
  await session.logout();
  localStorage.clear();
  location.hash = '';
  fetchMock.mockReset();
}
