// @vitest-environment happy-dom
// Logging in, the invitation and password-reset links, the account page and
// the header (organisation switch, log out), through the whole app against a fake API.
import { ar, en } from '../i18n/all';
import { render } from 'preact';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  $,
  $$,
  called,
  calls,
  choose,
  click,
  initI18n,
  member,
  meOf,
  ORG,
  root,
  serve,
  setLanguage,
  setUp,
  show,
  showAs,
  submit,
  tearDown,
  text,
  tokens,
  type,
  until,
  type Role,
} from '../testing/app-harness';
import { json, problem } from '../testing/fake-auth';

beforeAll(() => initI18n('en'));
beforeEach(setUp);
afterEach(tearDown);

describe('login', () => {
  it('sends an anonymous visitor of a protected page to /login, and back there after logging in', async () => {
    serve({
      'POST /api/v1/auth/login': () => json(tokens('admin')),
      'GET /api/v1/me': () => json(meOf('admin')),
      'GET /api/v1/members': () => json({ items: [member(1, 'admin')], next_cursor: null }),
      'GET /api/v1/invitations': () => json({ items: [], next_cursor: null }),
    });
    await show('/members');
    await until(() => location.pathname === '/login');
    expect(location.search).toBe('?next=%2Fmembers');
    await type('#login-email', 'admin@demo.skupaj.org');
    await type('#login-password', 'Skupaj-demo-Ljubljana-2026');
    await submit('[data-testid="login"] form');
    await until(() => $('[data-testid="members-table"]'), 'the member list');
    expect(location.pathname).toBe('/members');
    expect(called('POST', '/api/v1/auth/login')[0]?.body).toEqual({
      email: 'admin@demo.skupaj.org',
      password: 'Skupaj-demo-Ljubljana-2026',
    });
    expect(called('GET', '/api/v1/members')[0]?.headers.get('Authorization')).toMatch(/^Bearer ey/);
    expect(text('[data-testid="user-name"]')).toBe('Demo admin');
    expect(text('[data-testid="user-role"]')).toBe(en.role.admin);
  });

  it('says in the user language that the e-mail or password is wrong', async () => {
    serve({ 'POST /api/v1/auth/login': () => problem(401, 'invalid_credentials') });
    await setLanguage('ar');
    await show('/login');
    await type('#login-email', 'someone@example.org');
    await type('#login-password', 'wrong');
    await submit('[data-testid="login"] form');
    expect(await until(() => $('[data-testid="login-error"]'))).toHaveProperty('textContent', ar.problem.invalid_credentials);
  });

  it('after too many failures says how many seconds to wait (Retry-After) and holds the button', async () => {
    serve({
      'POST /api/v1/auth/login': () =>
        json({ type: 'x', title: 'Too Many Requests', status: 429, code: 'too_many_requests' }, 429, { 'Retry-After': '42' }),
    });
    await show('/login');
    await type('#login-email', 'admin@demo.skupaj.org');
    await type('#login-password', 'wrong');
    await submit('[data-testid="login"] form');
    const error = await until(() => $('[data-testid="login-error"]'));
    expect(error.textContent).toBe(en.login.wait.replace('{{seconds}}', '42'));
    const button = $<HTMLButtonElement>('[data-testid="login"] button[type="submit"]');
    expect(button?.disabled).toBe(true);
    expect(button?.textContent).toBe(en.login.wait_button.replace('{{seconds}}', '42'));
  });

  it('shows field errors next to their fields, and checks empty fields itself', async () => {
    serve({
      'POST /api/v1/auth/login': () =>
        problem(422, 'validation_failed', { errors: [{ field: 'email', code: 'length', message: 'too long' }] }),
    });
    await show('/login');
    await submit('[data-testid="login"] form');
    await until(() => $('#login-email-error'));
    expect(text('#login-email-error')).toBe(en.field_error.required);
    expect(text('#login-password-error')).toBe(en.field_error.required);
    expect(calls.filter((c) => c.path.includes('/auth/'))).toHaveLength(0);

    await type('#login-email', 'a@b.org');
    await type('#login-password', 'x');
    await submit('[data-testid="login"] form');
    await until(() => text('#login-email-error') === en.field_error.length);
    expect($('#login-email')?.getAttribute('aria-invalid')).toBe('true');
    expect($('#login-email')?.getAttribute('aria-describedby')).toBe('login-email-error');
    expect($('[data-testid="login-error"]')).toBeNull(); // everything was shown at a field
  });
});


describe('links and account', () => {
  it('accepts an invitation with the token from the URL fragment; a weak password is shown at its field', async () => {
    let attempts = 0;
    serve({
      'POST /api/v1/auth/accept-invitation': () =>
        ++attempts === 1
          ? problem(422, 'validation_failed', { errors: [{ field: 'password', code: 'weak_password', message: 'weak' }] })
          : json(tokens('adviser')),
      'GET /api/v1/me': () => json(meOf('adviser')),
    });
    await show('/invite#token=ski_secret');
    await until(() => $('[data-testid="accept-invitation"]'));
    expect(root.textContent).toContain(en.password.rules.replace('{{min}}', '10'));
    await type('#invite-name', 'Amina');
    await type('#invite-password', 'password123');
    await submit('[data-testid="accept-invitation"] form');
    await until(() => text('#invite-password-error') === en.field_error.weak_password);
    expect(called('POST', '/api/v1/auth/accept-invitation')[0]?.body).toEqual({
      token: 'ski_secret',
      display_name: 'Amina',
      password: 'password123',
    });

    await type('#invite-password', 'Tiho-jezero-pod-Triglavom-7');
    await submit('[data-testid="accept-invitation"] form');
    await until(() => text('[data-testid="user-role"]') === en.role.adviser);
    expect(location.pathname).toBe('/');
    expect(localStorage.getItem('skupaj.session')).toContain(ORG);
  });

  it('says when an invitation link is missing its token or no longer works', async () => {
    serve({ 'POST /api/v1/auth/accept-invitation': () => problem(400, 'link_invalid') });
    await show('/invite');
    await until(() => $('[data-testid="link-invalid"]'));
    render(null, root);
    await show('/invite#token=ski_used');
    await type('#invite-name', 'A');
    await type('#invite-password', 'Tiho-jezero-pod-Triglavom-7');
    await submit('[data-testid="accept-invitation"] form');
    await until(() => $('[data-testid="link-invalid"]'));
    expect(root.textContent).toContain(en.problem.link_invalid);
  });

  it('sets a new password from a reset link', async () => {
    serve({ 'POST /api/v1/auth/reset-password': () => new Response(null, { status: 204 }) });
    await show('/reset-password#token=skw_1');
    await type('#reset-password', 'Tiho-jezero-pod-Triglavom-7');
    await submit('[data-testid="reset-password"] form');
    await until(() => $('[data-testid="reset-done"]'));
    expect(called('POST', '/api/v1/auth/reset-password')[0]?.body).toEqual({
      token: 'skw_1',
      new_password: 'Tiho-jezero-pod-Triglavom-7',
    });
  });

  it('changes the password on the account page; a wrong current one is shown at its field', async () => {
    let attempts = 0;
    const renewed = tokens('mentor');
    serve({
      'POST /api/v1/me/password': () =>
        ++attempts === 1
          ? problem(422, 'validation_failed', { errors: [{ field: 'current_password', code: 'incorrect', message: 'no' }] })
          : json(renewed),
    });
    await showAs('mentor', '/account');
    await until(() => $('[data-testid="password-form"]'));
    expect(text('[data-testid="me-role"]')).toBe(en.role.mentor);
    await type('#current-password', 'wrong');
    await type('#new-password', 'Tiho-jezero-pod-Triglavom-7');
    await submit('[data-testid="password-form"]');
    await until(() => text('#current-password-error') === en.field_error.incorrect);
    await type('#current-password', 'right');
    await submit('[data-testid="password-form"]');
    await until(() => $('[data-testid="password-changed"]'));
    expect(JSON.parse(localStorage.getItem('skupaj.session')!).refresh_token).toBe(renewed.refresh_token);
  });
});


describe('header', () => {
  it('switches organisation by refreshing with organization_id, then reloads who and the page data', async () => {
    const memberships = [
      { organization_id: 'org-1', organization_name: 'Ljubljana', role: 'admin' as Role },
      { organization_id: 'org-2', organization_name: 'Maribor', role: 'coordinator' as Role },
    ];
    let org = 'org-1';
    serve({
      'GET /api/v1/me': () => json(meOf(org === 'org-1' ? 'admin' : 'coordinator', { memberships, org })),
      'POST /api/v1/auth/refresh': async (req) => {
        const body = (await req.clone().json()) as { organization_id?: string };
        org = body.organization_id ?? org;
        return json(tokens(org === 'org-1' ? 'admin' : 'coordinator', org));
      },
      'GET /api/v1/members': () => json({ items: [member(org === 'org-1' ? 1 : 9, 'admin')], next_cursor: null }),
      'GET /api/v1/invitations': () => json({ items: [], next_cursor: null }),
    });
    await showAs('admin', '/members', meOf('admin', { memberships }));
    await until(() => $('[data-testid="member-row"][data-email="person1@example.org"]'));
    expect($$('[data-testid="org-select"] option').map((o) => o.textContent)).toEqual(['Ljubljana', 'Maribor']);

    await choose('[data-testid="org-select"]', 'org-2');
    await until(() => text('[data-testid="user-role"]') === en.role.coordinator);
    expect(called('POST', '/api/v1/auth/refresh')[0]?.body).toMatchObject({ organization_id: 'org-2' });
    await until(() => $('[data-testid="member-row"][data-email="person9@example.org"]'), 'the other organisation’s list');
    expect($('[data-testid="invite-form"]')).toBeNull(); // a coordinator there
    expect(JSON.parse(localStorage.getItem('skupaj.session')!).organization_id).toBe('org-2');
  });

  it('logs out: clears the session, tells the server, returns to /login', async () => {
    await showAs('participant', '/account');
    await until(() => $('[data-testid="me"]'));
    await click($('[data-testid="logout"]'));
    await until(() => location.pathname === '/login');
    await until(() => !$('[data-testid="user-bar"]'));
    expect(called('POST', '/api/v1/auth/logout')).toHaveLength(1);
    expect(localStorage.getItem('skupaj.session')).toBeNull();
  });
});
