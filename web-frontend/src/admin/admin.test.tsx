// @vitest-environment happy-dom
// Who may see which admin page, and the members, API keys and audit log
// pages, through the whole app against a fake API.
import { en } from '../i18n/all';
import { render } from 'preact';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { $, $$, called, choose, click, initI18n, member, meOf, root, route, serve, session, setUp, showAs, submit, tearDown, text, type, until } from '../testing/app-harness';
import { json, problem } from '../testing/fake-auth';

beforeAll(() => initI18n('en'));
beforeEach(setUp);
afterEach(tearDown);

describe('who may see what', () => {
  it('an adviser opening /members by URL is told so, and has no admin links (only participants, interviews, meetings, opportunities and applications)', async () => {
    await showAs('adviser', '/members');
    await until(() => $('[data-testid="forbidden"]'));
    expect(text('[data-testid="forbidden"] h1')).toBe(en.forbidden.title);
    expect(called('GET', '/api/v1/members')).toHaveLength(0);
    const links = $$('nav a').map((a) => a.getAttribute('href'));
    expect(links).toEqual(['/', '/about', '/market', '/participants', '/interviews', '/meetings', '/opportunities', '/applications']);
  });

  it('an admin has links to members, API keys and the audit log; a coordinator only to members', async () => {
    await showAs('admin', '/');
    expect($$('nav a').map((a) => a.getAttribute('href'))).toEqual(['/', '/about', '/market', '/participants', '/interviews', '/interviews/analysis', '/meetings', '/opportunities', '/applications', '/opportunities/outcomes', '/market/orders', '/members', '/api-keys', '/audit']);
    await session.logout();
    render(null, root);
    route('GET /api/v1/me', () => json(meOf('coordinator')));
    await showAs('coordinator', '/');
    expect($$('nav a').map((a) => a.getAttribute('href'))).toEqual(['/', '/about', '/market', '/participants', '/interviews', '/interviews/analysis', '/meetings', '/opportunities', '/applications', '/opportunities/outcomes', '/market/orders', '/members']);
  });

  it('a coordinator opening /audit by URL is told they may not see it', async () => {
    await showAs('coordinator', '/audit');
    await until(() => $('[data-testid="forbidden"]'));
  });

  it('a coordinator sees the member list, read-only', async () => {
    serve({ 'GET /api/v1/members': () => json({ items: [member(1, 'admin'), member(2, 'mentor')], next_cursor: null }) });
    await showAs('coordinator', '/members');
    await until(() => $('[data-testid="members-table"]'));
    expect($$('[data-testid="member-row"]')).toHaveLength(2);
    expect(text('[data-testid="members-table"]')).toContain(en.role.mentor);
    expect($('select[data-testid="role-select"]')).toBeNull();
    expect($('[data-testid="remove"]')).toBeNull();
    expect($('[data-testid="invite-form"]')).toBeNull();
    expect(called('GET', '/api/v1/invitations')).toHaveLength(0);
  });
});


describe('members (admin)', () => {
  const list = (items = [member(1, 'admin'), member(2, 'adviser', 3)]) => () => json({ items, next_cursor: null });

  it('changes a role, sending the version it was read at', async () => {
    serve({
      'GET /api/v1/members': list(),
      'GET /api/v1/invitations': () => json({ items: [], next_cursor: null }),
      'PATCH /api/v1/members/m-2': () => json({ ...member(2, 'mentor', 4) }),
    });
    await showAs('admin', '/members');
    await until(() => $$('[data-testid="role-select"]').length === 2);
    await choose('#role-m-2', 'mentor');
    await until(() => $('[data-testid="members-notice"]'));
    expect(called('PATCH', '/api/v1/members/m-2')[0]?.body).toEqual({ role: 'mentor', version: 3 });
    expect(text('[data-testid="members-notice"]')).toBe(
      en.members.role_changed.replace('{{name}}', 'Person 2').replace('{{role}}', en.role.mentor),
    );
  });

  it('explains a version conflict at the row and reloads the list', async () => {
    serve({
      'GET /api/v1/members': list(),
      'GET /api/v1/invitations': () => json({ items: [], next_cursor: null }),
      'PATCH /api/v1/members/m-2': () => problem(409, 'version_conflict'),
    });
    await showAs('admin', '/members');
    await until(() => $('#role-m-2'));
    await choose('#role-m-2', 'mentor');
    await until(() => $('[data-testid="row-error"]'));
    expect(text('[data-testid="row-error"]')).toBe(en.problem.version_conflict);
    await until(() => called('GET', '/api/v1/members').length === 2, 'a reload');
    expect($<HTMLSelectElement>('#role-m-2')?.value).toBe('adviser');
  });

  it('explains that the last admin cannot be demoted', async () => {
    serve({
      'GET /api/v1/members': list(),
      'GET /api/v1/invitations': () => json({ items: [], next_cursor: null }),
      'PATCH /api/v1/members/m-1': () => problem(409, 'last_admin'),
    });
    await showAs('admin', '/members');
    await until(() => $('#role-m-1'));
    await choose('#role-m-1', 'coordinator');
    await until(() => text('[data-testid="row-error"]') === en.problem.last_admin);
  });

  it('asks before removing, naming the person and what happens', async () => {
    serve({
      'GET /api/v1/members': list(),
      'GET /api/v1/invitations': () => json({ items: [], next_cursor: null }),
      'DELETE /api/v1/members/m-2': () => new Response(null, { status: 204 }),
    });
    await showAs('admin', '/members');
    await until(() => $$('[data-testid="remove"]').length === 2);
    await click($$('[data-testid="remove"]')[1]);
    const dialog = await until(() => $('[data-testid="remove-dialog"]'));
    expect(dialog.textContent).toContain(en.members.remove_title.replace('{{name}}', 'Person 2'));
    expect(dialog.textContent).toContain(
      en.members.remove_text
        .replace('{{name}}', 'Person 2')
        .replace('{{email}}', 'person2@example.org')
        .replace('{{organization}}', 'Skupaj Demo'),
    );
    expect(called('DELETE', '/api/v1/members/m-2')).toHaveLength(0);
    await click(dialog.querySelector('[data-testid="confirm"]'));
    await until(() => $$('[data-testid="member-row"]').length === 1);
    expect(called('DELETE', '/api/v1/members/m-2')).toHaveLength(1);
    expect($('[data-testid="remove-dialog"]')).toBeNull();
  });

  it('invites: shows the link with Copy, its expiry and how to pass it on; lists and withdraws it', async () => {
    const pending: unknown[] = [];
    const writeText = vi.fn(async () => undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    serve({
      'GET /api/v1/members': list(),
      'GET /api/v1/invitations': () => json({ items: pending, next_cursor: null }),
      'POST /api/v1/invitations': () => {
        pending.push({ id: 'inv-1', email: 'new@example.org', role: 'adviser', created_at: '2026-11-24T10:00:00Z', expires_at: '2026-12-01T10:00:00Z' });
        return json({ id: 'inv-1', url: 'http://x/invite#token=ski_abc', token: 'ski_abc', expires_at: '2026-12-01T10:00:00Z' }, 201);
      },
      'DELETE /api/v1/invitations/inv-1': () => {
        pending.length = 0;
        return new Response(null, { status: 204 });
      },
    });
    await showAs('admin', '/members');
    await until(() => $('[data-testid="invite-form"]'));

    await submit('[data-testid="invite-form"]'); // nothing chosen yet
    await until(() => $('#invite-role-error'));
    expect(text('#invite-email-error')).toBe(en.field_error.required);
    expect(called('POST', '/api/v1/invitations')).toHaveLength(0);

    await type('#invite-email', 'new@example.org');
    await choose('#invite-role', 'adviser');
    await submit('[data-testid="invite-form"]');
    const panel = await until(() => $('[data-testid="link-panel"]'));
    expect(called('POST', '/api/v1/invitations')[0]?.body).toEqual({ email: 'new@example.org', role: 'adviser' });
    expect($<HTMLTextAreaElement>('[data-testid="invite-link"]')?.value).toBe('http://x/invite#token=ski_abc');
    expect(panel.textContent).toContain(en.invitations.pass_on);
    expect(panel.textContent).toContain(en.common.expires.split('{{')[0]!);
    await click([...panel.querySelectorAll('button')].find((b) => b.textContent === en.common.copy));
    await until(() => panel.textContent?.includes(en.common.copied));
    expect(writeText).toHaveBeenCalledWith('http://x/invite#token=ski_abc');

    const invitation = await until(() => $('[data-testid="invitation"]'));
    expect(invitation.textContent).toContain('new@example.org');
    await click(invitation.querySelector('[data-testid="withdraw"]'));
    await until(() => $('[data-testid="no-invitations"]'));
  });

  it('says at the e-mail field when the person is already a member', async () => {
    serve({
      'GET /api/v1/members': list(),
      'GET /api/v1/invitations': () => json({ items: [], next_cursor: null }),
      'POST /api/v1/invitations': () => problem(409, 'conflict'),
    });
    await showAs('admin', '/members');
    await until(() => $('[data-testid="invite-form"]'));
    await type('#invite-email', 'person2@example.org');
    await choose('#invite-role', 'mentor');
    await submit('[data-testid="invite-form"]');
    await until(() => text('#invite-email-error') === en.field_error.already_member);
  });

  it('creates a password reset link for a member', async () => {
    serve({
      'GET /api/v1/members': list(),
      'GET /api/v1/invitations': () => json({ items: [], next_cursor: null }),
      'POST /api/v1/members/m-2/password-reset': () =>
        json({ id: 'r1', url: 'http://x/reset-password#token=skw_1', token: 'skw_1', expires_at: '2026-11-25T10:00:00Z' }, 201),
    });
    await showAs('admin', '/members');
    await until(() => $$('[data-testid="reset-link"]').length === 2);
    await click($$('[data-testid="reset-link"]')[1]);
    const panel = await until(() => $('[data-testid="link-panel"]'));
    expect(panel.textContent).toContain(en.members.reset_heading.replace('{{name}}', 'Person 2'));
    expect($<HTMLTextAreaElement>('[data-testid="reset-url"]')?.value).toBe('http://x/reset-password#token=skw_1');
  });
});


describe('API keys', () => {
  const key = (name: string, extra = {}) => ({
    id: `k-${name}`,
    name,
    prefix: 'skp_abc',
    scopes: [],
    created_at: '2026-11-01T10:00:00Z',
    expires_at: '2027-02-01T10:00:00Z',
    last_used_at: null,
    revoked_at: null,
    ...extra,
  });

  it('defaults the expiry to 90 days, sends the scopes, shows the secret once with a warning', async () => {
    const keys = [key('Old', { revoked_at: '2026-11-02T10:00:00Z' })];
    serve({
      'GET /api/v1/api-keys': () => json({ items: keys, next_cursor: null }),
      'POST /api/v1/api-keys': async (req) => {
        const body = (await req.clone().json()) as { name: string; scopes: string[] };
        keys.unshift(key(body.name, { scopes: body.scopes }));
        return json({ ...key(body.name, { scopes: body.scopes }), secret: 'skp_abc_SECRET' }, 201);
      },
    });
    await showAs('admin', '/api-keys');
    await until(() => $('[data-testid="api-key-form"]'));
    const expires = $<HTMLInputElement>('#key-expires')!.value;
    const today = new Date();
    const expected = new Date(today.getFullYear(), today.getMonth(), today.getDate() + 90);
    expect(expires).toBe(
      `${expected.getFullYear()}-${String(expected.getMonth() + 1).padStart(2, '0')}-${String(expected.getDate()).padStart(2, '0')}`,
    );
    await until(() => text('[data-testid="api-keys-table"]').includes(en.api_keys.status_revoked));

    await type('#key-name', 'Statistics');
    const audit = $$('input[name="scopes"]').find((i) => (i as HTMLInputElement).value === 'audit:read') as HTMLInputElement;
    audit.checked = true;
    audit.dispatchEvent(new Event('change', { bubbles: true }));
    await submit('[data-testid="api-key-form"]');
    await until(() => $('[data-testid="secret-panel"]'));
    const body = called('POST', '/api/v1/api-keys')[0]?.body as { name: string; scopes: string[]; expires_at: string };
    expect(body.name).toBe('Statistics');
    expect(body.scopes).toEqual(['audit:read']);
    expect(new Date(body.expires_at).getTime()).toBe(expected.getTime());
    expect($<HTMLTextAreaElement>('[data-testid="api-key-secret"]')?.value).toBe('skp_abc_SECRET');
    expect(text('[data-testid="secret-warning"]')).toBe(en.api_keys.secret_warning);
    await until(() => $('[data-testid="api-key-row"][data-name="Statistics"]'));

    await click([...$('[data-testid="secret-panel"]')!.querySelectorAll('button')].find((b) => b.textContent === en.api_keys.secret_done));
    await until(() => !$('[data-testid="secret-panel"]'));
    expect(root.textContent).not.toContain('skp_abc_SECRET');
  });

  it('shows a past expiry at the date field', async () => {
    serve({
      'GET /api/v1/api-keys': () => json({ items: [], next_cursor: null }),
      'POST /api/v1/api-keys': () =>
        problem(422, 'validation_failed', { errors: [{ field: 'expires_at', code: 'past', message: 'in the past' }] }),
    });
    await showAs('admin', '/api-keys');
    await until(() => $('[data-testid="api-key-form"]'));
    await type('#key-name', 'X');
    await submit('[data-testid="api-key-form"]');
    await until(() => text('#key-expires-error') === en.field_error.past);
  });

  it('revokes only after confirming', async () => {
    serve({
      'GET /api/v1/api-keys': () => json({ items: [key('Partner')], next_cursor: null }),
      'DELETE /api/v1/api-keys/k-Partner': () => new Response(null, { status: 204 }),
    });
    await showAs('admin', '/api-keys');
    await click(await until(() => $('[data-testid="revoke"]')));
    const dialog = await until(() => $('[data-testid="revoke-dialog"]'));
    expect(dialog.textContent).toContain(en.api_keys.revoke_text.replace('{{name}}', 'Partner'));
    expect(called('DELETE', '/api/v1/api-keys/k-Partner')).toHaveLength(0);
    await click(dialog.querySelector('[data-testid="confirm"]'));
    await until(() => $('[data-testid="api-keys-notice"]'));
    expect(called('DELETE', '/api/v1/api-keys/k-Partner')).toHaveLength(1);
  });
});


describe('audit log', () => {
  const entry = (n: number, action = 'create', resource = 'invitation') => ({
    id: `a-${n}`,
    occurred_at: '2026-11-24T10:00:00Z',
    actor_type: 'user',
    actor_id: 'u-1',
    action,
    resource_type: resource,
    resource_id: `r-${n}`,
    request_id: `req-${n}`,
  });

  it('translates the events, names known actors, and loads more with next_cursor', async () => {
    serve({
      'GET /api/v1/members': () => json({ items: [member(1, 'admin')], next_cursor: null }),
      'GET /api/v1/api-keys': () => json({ items: [], next_cursor: null }),
      'GET /api/v1/audit': (_req, url) =>
        url.searchParams.get('cursor') === 'page2'
          ? json({ items: [entry(3, 'login', 'session')], next_cursor: null })
          : json({ items: [entry(1), entry(2, 'accept_invitation', 'member')], next_cursor: 'page2' }),
    });
    await showAs('admin', '/audit');
    await until(() => $$('[data-testid="audit-row"]').length === 2);
    const first = $$('[data-testid="audit-row"]')[0]!;
    expect(first.textContent).toContain(en.audit.action_create);
    expect(first.textContent).toContain(en.audit.resource_invitation);
    expect(first.textContent).toContain('req-1');
    await until(() => first.textContent?.includes('Person 1'), 'the actor name');

    await click($('[data-testid="load-more"]'));
    await until(() => $$('[data-testid="audit-row"]').length === 3);
    expect(called('GET', '/api/v1/audit').at(-1)?.query.get('cursor')).toBe('page2');
    expect($('[data-testid="load-more"]')).toBeNull();
  });

  it('sends the filters, with dates as whole local days', async () => {
    serve({
      'GET /api/v1/members': () => json({ items: [], next_cursor: null }),
      'GET /api/v1/api-keys': () => json({ items: [], next_cursor: null }),
      'GET /api/v1/audit': () => json({ items: [], next_cursor: null }),
    });
    await showAs('admin', '/audit');
    await until(() => $('[data-testid="audit-empty"]'));
    await choose('#f-action', 'login_failed');
    await choose('#f-resource', 'user');
    await type('#f-actor', ' u-7 ');
    await type('#f-from', '2026-11-01');
    await type('#f-to', '2026-11-24');
    await submit('[data-testid="audit-filters"]');
    await until(() => called('GET', '/api/v1/audit').length === 2);
    const q = called('GET', '/api/v1/audit')[1]!.query;
    expect(q.get('action')).toBe('login_failed');
    expect(q.get('resource_type')).toBe('user');
    expect(q.get('actor_id')).toBe('u-7');
    expect(q.get('since')).toBe(new Date(2026, 10, 1).toISOString());
    expect(q.get('until')).toBe(new Date(2026, 10, 25).toISOString());
    await until(() => text('[data-testid="audit-empty"]') === en.audit.none_filtered);
  });
});

