// @vitest-environment happy-dom
// The participant pages, through the whole app, against a fake API.
import { ar, en } from '../i18n/all';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  $,
  $$,
  called,
  calls,
  check,
  choose,
  click,
  initI18n,
  route,
  serve,
  setLanguage,
  setUp,
  showAs,
  submit,
  tearDown,
  text,
  type,
  until,
  type Role,
} from '../testing/app-harness';
import { json, problem } from '../testing/fake-auth';
import { importProblems } from './ParticipantImport';

const fill = (s: string, values: Record<string, string | number>) =>
  Object.entries(values).reduce((acc, [k, v]) => acc.replaceAll(`{{${k}}}`, String(v)), s);

const amina = (extra: Record<string, unknown> = {}) => ({
  id: 'p-1',
  status: 'active',
  view: 'full',
  updated_at: '2026-11-24T10:00:00Z',
  created_at: '2026-11-01T10:00:00Z',
  version: 3,
  name: 'Amina Hadžić',
  name_is_pseudonym: false,
  phone: '+38640100200',
  gender: 'female',
  birth_year: 1994,
  country_of_origin: 'SY',
  legal_status: 'asylum_seeker',
  arrival_date: '2023-05-15',
  length_of_stay_months: 42,
  municipality: 'Ljubljana',
  languages: [
    { language: 'ar', level: 'native' },
    { language: 'sl', level: 'A2' },
  ],
  needs: ['employment'],
  notes: 'Prefers afternoons',
  consents: ['profile_processing'],
  ...extra,
});

/** What each view leaves out (api/src/participants/access.rs, build_view). */
const asView = (view: string) => {
  const p: Record<string, unknown> = amina({ view });
  const drop = (...keys: string[]) => keys.forEach((k) => delete p[k]);
  if (view === 'limited') drop('legal_status', 'country_of_origin', 'phone', 'notes');
  if (view === 'mentee') drop('phone', 'gender', 'birth_year', 'country_of_origin', 'legal_status', 'arrival_date', 'length_of_stay_months', 'municipality', 'needs', 'notes', 'consents');
  if (view === 'pseudonymised') {
    // The pseudonym is the only identifier; bands, no dates; k-anonymity withheld the municipality.
    drop('id', 'updated_at', 'created_at', 'version', 'name', 'name_is_pseudonym', 'phone', 'notes', 'birth_year', 'arrival_date', 'length_of_stay_months', 'municipality', 'consents');
    p.pseudonym = 'P-7KQ2M9XW4C';
    p.age_band = '26_35';
    p.stay_length = '3_5_years';
    p.withheld = ['municipality'];
  }
  return p;
};

beforeAll(() => initI18n('en'));
beforeEach(setUp);
afterEach(tearDown);

describe('participant list', () => {
  const page = (n: number, next: string | null = null) => ({
    items: Array.from({ length: n }, (_, i) => ({ ...amina(), id: `p-${i + 1}`, name: `Person ${i + 1}` })),
    next_cursor: next,
  });

  it('sends the filters as the query, keeps them in the address, and loads more with next_cursor', async () => {
    serve({
      'GET /api/v1/participants': (_req, url) =>
        url.searchParams.get('cursor') === 'c2' ? json({ items: [{ ...amina(), id: 'p-99', name: 'Last One' }], next_cursor: null }) : json(page(2, 'c2')),
    });
    await showAs('coordinator', '/participants');
    await until(() => $$('[data-testid="participant-row"]').length === 2);
    const first = called('GET', '/api/v1/participants')[0]!.query;
    expect(first.get('limit')).toBe('50');
    expect(first.get('sort')).toBe('name');
    expect(first.has('q')).toBe(false);
    // Labels from the code lists, asked for in the user's language.
    expect(text('[data-testid="participant-row"]')).toContain('Arabic, Slovenian');
    expect(text('[data-testid="participant-row"]')).toContain('Asylum seeker');
    expect(calls.find((c) => c.path === '/api/v1/code-lists/languages')?.query.get('lang')).toBe('en');

    await choose('#p-language', 'ar');
    await choose('#p-legal', 'asylum_seeker');
    await choose('#p-need', 'employment');
    await choose('#p-status', 'archived');
    await type('#p-from', '2023-01-01');
    await type('#p-to', '2023-12-31');
    await choose('#p-sort', '-created');
    await until(() => called('GET', '/api/v1/participants').at(-1)?.query.get('sort') === '-created', 'the sorted list');
    const q = called('GET', '/api/v1/participants').at(-1)!.query;
    expect(Object.fromEntries(q)).toEqual({
      limit: '50',
      sort: '-created',
      status: 'archived',
      legal_status: 'asylum_seeker',
      language: 'ar',
      need: 'employment',
      arrived_from: '2023-01-01',
      arrived_to: '2023-12-31',
    });
    expect(new URLSearchParams(location.search).get('language')).toBe('ar');

    await until(() => $('[data-testid="load-more"]'));
    await click($('[data-testid="load-more"]'));
    await until(() => $$('[data-testid="participant-row"]').length === 3);
    const more = called('GET', '/api/v1/participants').at(-1)!.query;
    expect(more.get('cursor')).toBe('c2');
    expect(more.get('language')).toBe('ar');
    expect($('[data-testid="load-more"]')).toBeNull();
  });

  it('searches by name after a pause in typing: one request, not one per key', async () => {
    serve({ 'GET /api/v1/participants': () => json(page(1)) });
    await showAs('coordinator', '/participants');
    await until(() => $('[data-testid="participant-row"]'));
    await type('#p-q', 'A');
    await type('#p-q', 'Am');
    await type('#p-q', 'Ami ');
    await until(() => called('GET', '/api/v1/participants').some((c) => c.query.get('q') === 'Ami'), 'the search');
    expect(called('GET', '/api/v1/participants').filter((c) => c.query.has('q'))).toHaveLength(1);
  });

  it('offers each role only the filters it may use', async () => {
    serve({ 'GET /api/v1/participants': () => json({ items: [asView('pseudonymised')], next_cursor: null }) });
    await showAs('analyst', '/participants?q=Amina&sort=name');
    await until(() => $('[data-testid="participant-row"]'));
    expect($('#p-q')).toBeNull();
    expect($('#p-legal')).not.toBeNull();
    // Pseudonym order only; no filters on arrival dates or skills, which the view does not show.
    expect($('#p-sort')).toBeNull();
    expect($('#p-from')).toBeNull();
    expect($('[data-testid="skill-filter"]')).toBeNull();
    // A name search or sort in the address is not sent for a role that cannot use it.
    expect(called('GET', '/api/v1/participants')[0]!.query.has('q')).toBe(false);
    expect(called('GET', '/api/v1/participants')[0]!.query.get('sort')).toBe('-created');
    expect(text('[data-testid="participant-row"]')).toContain('P-7KQ2M9XW4C');
    // Rows are keyed and opened by the pseudonym, the only identifier there.
    expect($('[data-testid="participant-row"]')?.getAttribute('data-id')).toBe('P-7KQ2M9XW4C');
    expect($('[data-testid="participant-row"] a')?.getAttribute('href')).toBe('/participants/P-7KQ2M9XW4C');
    expect($('[data-testid="new-participant"]')).toBeNull();
  });

  it('an adviser may not filter by legal status; a mentor only by name and language', async () => {
    serve({ 'GET /api/v1/participants': () => json({ items: [asView('limited')], next_cursor: null }) });
    await showAs('adviser', '/participants');
    await until(() => $('[data-testid="participant-row"]'));
    expect($('#p-legal')).toBeNull();
    expect($('#p-language')).not.toBeNull();
    expect($('#p-need')).not.toBeNull();
    expect($('[data-testid="new-participant"]')).not.toBeNull();
    expect($('[data-testid="participants-table"] th:nth-child(4)')).toBeNull(); // no legal status column
  });

  it('shows the list in Arabic with Arabic labels from the code lists', async () => {
    serve({ 'GET /api/v1/participants': () => json(page(1)) });
    await setLanguage('ar');
    await showAs('coordinator', '/participants');
    await until(() => text('[data-testid="participant-row"]').includes('Arabic (ar)'));
    expect(text('h1')).toBe(ar.participants.title);
    expect(calls.find((c) => c.path === '/api/v1/code-lists/languages')?.query.get('lang')).toBe('ar');
  });
});

describe('participant form', () => {
  const created = { ...amina(), id: 'p-new', name: 'Nova Oseba', version: 1 };

  it('checks the fields itself, then shows the server’s field errors next to their fields', async () => {
    serve({
      'POST /api/v1/participants': () =>
        problem(422, 'validation_failed', {
          errors: [
            { field: 'email', code: 'email', message: 'bad' },
            { field: 'languages[0].language', code: 'language', message: 'unknown' },
          ],
        }),
    });
    await showAs('coordinator', '/participants/new');
    await submit('[data-testid="participant-form"]');
    await until(() => $('#f-name-error'));
    expect(text('#f-name-error')).toBe(en.field_error.required);
    expect($('#f-name')?.getAttribute('aria-invalid')).toBe('true');

    await type('#f-name', 'Nova Oseba');
    await type('#f-phone', '040 123');
    await click($('[data-testid="add-language"]'));
    await choose('#f-languages-0-language', 'ar');
    await submit('[data-testid="participant-form"]');
    await until(() => $('#f-phone-error'));
    expect(text('#f-phone-error')).toBe(en.field_error.phone);
    expect(text('#f-languages-0-level-error')).toBe(en.field_error.required);
    expect(text('#f-consent-error')).toBe(en.field_error.consent_required);
    expect(called('POST', '/api/v1/participants')).toHaveLength(0);

    await type('#f-phone', '+386 40 123 456');
    await choose('#f-languages-0-level', 'native');
    await check('#f-consent');
    await type('#f-text_version', '2026-05 sl');
    await type('#f-email', 'nova@example.org');
    await submit('[data-testid="participant-form"]');
    await until(() => $('#f-email-error'));
    expect(text('#f-email-error')).toBe(en.field_error.email);
    expect(text('#f-languages-0-language-error')).toBe(en.field_error.language);
    expect($('[data-testid="form-error"]')?.textContent).toBe(en.participants.check_fields);
    expect(called('POST', '/api/v1/participants')[0]?.body).toMatchObject({
      name: 'Nova Oseba',
      phone: '+38640123456',
      languages: [{ language: 'ar', level: 'native' }],
      consents: [{ purpose: 'profile_processing', text_version: '2026-05 sl' }],
    });
  });

  it('asks for the "other" legal status in words, on one line, and sends it only with "other"', async () => {
    serve({ 'POST /api/v1/participants': () => json(created, 201) });
    await showAs('coordinator', '/participants/new');
    await type('#f-name', 'Nova Oseba');
    expect($('#f-legal_status_detail')).toBeNull();
    await choose('#f-legal_status', 'other');
    await until(() => $('#f-legal_status_detail'));
    await type('#f-legal_status_detail', 'resident\tartist'); // an input drops line breaks itself
    await check('#f-consent');
    await type('#f-text_version', 'v7');
    await submit('[data-testid="participant-form"]');
    await until(() => $('#f-legal_status_detail-error'));
    expect(text('#f-legal_status_detail-error')).toBe(en.field_error.control_characters);
    expect(called('POST', '/api/v1/participants')).toHaveLength(0);
    await type('#f-legal_status_detail', ' resident artist ');
    route('GET /api/v1/participants/p-new', () => json(created));
    await submit('[data-testid="participant-form"]');
    await until(() => called('POST', '/api/v1/participants').length === 1);
    expect(called('POST', '/api/v1/participants')[0]?.body).toMatchObject({ legal_status: 'other', legal_status_detail: 'resident artist' });
  });

  it('shows the "other" legal status with its words on the profile', async () => {
    serve({
      'GET /api/v1/participants/p-1': () => json(amina({ legal_status: 'other', legal_status_detail: 'residence permit in process' })),
      'GET /api/v1/participants/p-1/consents': () => json([]),
      'GET /api/v1/audit': () => json({ items: [], next_cursor: null }),
      'GET /api/v1/members': () => json({ items: [], next_cursor: null }),
    });
    await showAs('coordinator', '/participants/p-1');
    await until(() => $('[data-testid="legal-status-detail"]'));
    expect(text('[data-testid="legal-status-detail"]')).toBe('residence permit in process');
  });

  it('asks for the consent before profile details, and sends it with the registration', async () => {
    serve({ 'POST /api/v1/participants': () => json(created, 201) });
    await showAs('coordinator', '/participants/new');
    await type('#f-name', 'Nova Oseba');
    await click($('[data-testid="add-language"]')); // added and left empty: dropped, not an error
    await choose('#f-legal_status', 'temporary_protection');
    await submit('[data-testid="participant-form"]');
    await until(() => text('#f-consent-error') === en.field_error.consent_required);
    expect(called('POST', '/api/v1/participants')).toHaveLength(0);

    await check('#f-consent');
    await submit('[data-testid="participant-form"]');
    await until(() => text('#f-text_version-error') === en.field_error.required);
    await type('#f-text_version', 'v7');
    route('GET /api/v1/participants/p-new', () => json(created));
    await submit('[data-testid="participant-form"]');
    await until(() => location.pathname === '/participants/p-new');
    expect($$('[data-testid="language-row"]')).toHaveLength(0);
    expect(called('POST', '/api/v1/participants')[0]?.body).toEqual({
      name: 'Nova Oseba',
      legal_status: 'temporary_protection',
      consents: [{ purpose: 'profile_processing', text_version: 'v7' }],
    });
    await until(() => $('[data-testid="participant-notice"]'));
    expect(text('[data-testid="participant-notice"]')).toBe(fill(en.participants.created_notice, { name: 'Nova Oseba' }));
    expect(localStorage.getItem('skupaj.consent_text_version')).toBe('v7');
  });

  it('shows the server’s consent_required at the consent box', async () => {
    serve({ 'POST /api/v1/participants': () => problem(409, 'consent_required') });
    await showAs('coordinator', '/participants/new');
    await type('#f-name', 'Nova Oseba');
    await submit('[data-testid="participant-form"]');
    await until(() => text('#f-consent-error') === en.field_error.consent_required);
  });

  it('sends an Idempotency-Key, the same one when a lost answer is retried, a new one for the next person', async () => {
    let attempts = 0;
    serve({
      'POST /api/v1/participants': () => {
        attempts += 1;
        if (attempts === 1) throw new TypeError('Failed to fetch');
        return json(created, 201);
      },
      'GET /api/v1/participants/p-new': () => json(created),
    });
    await showAs('coordinator', '/participants/new');
    await type('#f-name', 'Nova Oseba');
    await submit('[data-testid="participant-form"]');
    await until(() => text('[data-testid="form-error"]') === en.problem.network);
    await submit('[data-testid="participant-form"]');
    await until(() => location.pathname === '/participants/p-new');
    const [first, second] = called('POST', '/api/v1/participants').map((c) => c.headers.get('Idempotency-Key'));
    expect(first).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(second).toBe(first);

    // A new form is a new registration.
    await click(await until(() => $('a[href="/participants"]')));
    route('GET /api/v1/participants', () => json({ items: [], next_cursor: null }));
    await click(await until(() => $('[data-testid="new-participant"]')));
    await type('#f-name', 'Druga Oseba');
    await submit('[data-testid="participant-form"]');
    await until(() => called('POST', '/api/v1/participants').length === 3);
    expect(called('POST', '/api/v1/participants')[2]!.headers.get('Idempotency-Key')).not.toBe(first);
  });

  it('after a refusal (4xx) the next try is a new request with a new key', async () => {
    let attempts = 0;
    serve({
      'POST /api/v1/participants': () =>
        ++attempts === 1 ? problem(422, 'validation_failed', { errors: [{ field: 'name', code: 'too_long', message: 'x' }] }) : json(created, 201),
      'GET /api/v1/participants/p-new': () => json(created),
    });
    await showAs('coordinator', '/participants/new');
    await type('#f-name', 'Nova Oseba');
    await submit('[data-testid="participant-form"]');
    await until(() => text('#f-name-error') === en.field_error.too_long);
    await submit('[data-testid="participant-form"]');
    await until(() => called('POST', '/api/v1/participants').length === 2);
    const [a, b] = called('POST', '/api/v1/participants').map((c) => c.headers.get('Idempotency-Key'));
    expect(b).not.toBe(a);
  });

  it('edits with a merge patch of what changed and the version; a version conflict offers to reload', async () => {
    let version = 3;
    serve({
      'GET /api/v1/participants/p-1': () => json(amina({ version })),
      'PATCH /api/v1/participants/p-1': () => problem(409, 'version_conflict'),
    });
    await showAs('coordinator', '/participants/p-1/edit');
    await until(() => $<HTMLInputElement>('#f-name')?.value === 'Amina Hadžić');
    expect($('[data-testid="consent-given"]')).not.toBeNull(); // consent given: no box
    await type('#f-municipality', 'Maribor');
    await type('#f-notes', '');
    await click($$('[data-testid="remove-language"]')[1]);
    await submit('[data-testid="participant-form"]');
    await until(() => $('[data-testid="version-conflict"]'));
    expect(called('PATCH', '/api/v1/participants/p-1')[0]?.body).toEqual({
      municipality: 'Maribor',
      notes: null,
      languages: [{ language: 'ar', level: 'native' }],
      version: 3,
    });
    expect(text('[data-testid="version-conflict"]')).toContain(en.participants.version_conflict);
    version = 4;
    await click($('[data-testid="version-conflict"] button'));
    await until(() => called('GET', '/api/v1/participants/p-1').length === 2);
    await until(() => $<HTMLInputElement>('#f-municipality')?.value === 'Ljubljana', 'the form with what is stored');
  });

  it('a participant edits their own profile: no staff fields, and the result is “My profile”', async () => {
    const own = amina({ view: 'own', notes: undefined });
    serve({
      'GET /api/v1/participants': () => json({ items: [own], next_cursor: null }),
      'GET /api/v1/participants/p-1': () => json(own),
      'PATCH /api/v1/participants/p-1': () => json({ ...own, phone: '+38640999888', version: 4 }),
    });
    await showAs('participant', '/my-profile');
    await until(() => $('[data-testid="participant-name"]'));
    expect($$('nav a').map((a) => a.getAttribute('href'))).toContain('/my-profile');
    expect($('[data-testid="staff-section"]')).toBeNull();
    await click($('[data-testid="edit"]'));
    await until(() => $('#f-phone'));
    expect($('#f-notes')).toBeNull();
    expect($('#f-adviser_id')).toBeNull();
    await type('#f-phone', '+386 40 999 888');
    await submit('[data-testid="participant-form"]');
    await until(() => location.pathname === '/my-profile');
    expect(called('PATCH', '/api/v1/participants/p-1')[0]?.body).toEqual({ phone: '+38640999888', version: 3 });
  });
});

describe('participant profile', () => {
  const tabs = () => $$('[role="tab"]').map((t) => t.getAttribute('data-testid'));
  const viewAs = async (role: Role, view: string) => {
    // A pseudonymised profile is opened by its pseudonym, the only identifier it has.
    const ref = view === 'pseudonymised' ? 'P-7KQ2M9XW4C' : 'p-1';
    serve({
      [`GET /api/v1/participants/${ref}`]: () => json(asView(view)),
      [`GET /api/v1/participants/${ref}/consents`]: () => json([]),
      'GET /api/v1/audit': () => json({ items: [], next_cursor: null }),
      'GET /api/v1/members': () => json({ items: [], next_cursor: null }),
    });
    await showAs(role, `/participants/${ref}`);
    await until(() => $('[data-testid="participant-name"]'));
  };

  it('full view (coordinator): contacts and staff notes, tabs without history, every action', async () => {
    await viewAs('coordinator', 'full');
    expect(tabs()).toEqual(['tab-profile', 'tab-languages', 'tab-skills', 'tab-needs', 'tab-consents', 'tab-interviews']);
    expect(text('[data-testid="contacts"]')).toContain('+38640100200');
    expect(text('[data-testid="staff-section"]')).toContain('Prefers afternoons');
    expect(text('[data-testid="profile-tab"]')).toContain('Asylum seeker');
    for (const action of ['edit', 'export', 'archive', 'erase']) expect($(`[data-testid="${action}"]`), action).not.toBeNull();
    expect($('[data-testid="view-note"]')).toBeNull();

    await click($('[data-testid="tab-languages"]'));
    await until(() => $('[data-testid="languages"]'));
    expect(text('[data-testid="languages"]')).toContain('Arabic');
    expect(text('[data-testid="languages"]')).toContain('Native');
    expect($('[data-testid="tab-languages"]')?.getAttribute('aria-selected')).toBe('true');
    await click($('[data-testid="tab-needs"]'));
    expect(text('[data-testid="needs"]')).toContain('Finding work');
  });

  it('an admin also has the history, from the audit log of this record', async () => {
    serve({
      'GET /api/v1/participants/p-1': () => json(amina()),
      'GET /api/v1/members': () => json({ items: [{ id: 'm', user_id: 'u-9', email: 'x@y.org', display_name: 'Maja Novak', role: 'coordinator', joined_at: '2026-01-01T00:00:00Z', version: 1 }], next_cursor: null }),
      'GET /api/v1/audit': () =>
        json({ items: [{ id: 'a1', occurred_at: '2026-11-24T10:00:00Z', actor_type: 'user', actor_id: 'u-9', action: 'update', resource_type: 'participant', resource_id: 'p-1' }], next_cursor: null }),
    });
    await showAs('admin', '/participants/p-1');
    await click(await until(() => $('[data-testid="tab-history"]')));
    await until(() => $('[data-testid="history-row"]'));
    expect(called('GET', '/api/v1/audit')[0]?.query.get('resource_id')).toBe('p-1');
    expect(text('[data-testid="history-row"]')).toContain('Maja Novak');
    expect(text('[data-testid="history-row"]')).toContain(en.audit.action_update);
  });

  it('limited view (another adviser): no contacts, legal status or notes, and says so', async () => {
    await viewAs('adviser', 'limited');
    expect(text('[data-testid="view-note"]')).toBe(en.participants.view_limited);
    expect($('[data-testid="contacts"]')).toBeNull();
    expect($('[data-testid="staff-section"]')).toBeNull();
    expect(tabs()).toEqual(['tab-profile', 'tab-languages', 'tab-skills', 'tab-needs', 'tab-consents', 'tab-interviews']);
    expect($('[data-testid="participant-actions"]')).toBeNull();
  });

  it('mentee view (mentor): name and languages only', async () => {
    await viewAs('mentor', 'mentee');
    expect(tabs()).toEqual(['tab-profile', 'tab-languages', 'tab-skills']);
    expect(text('[data-testid="view-note"]')).toBe(en.participants.view_mentee);
    expect($('[data-testid="participant-actions"]')).toBeNull();
  });

  it('pseudonymised view (analyst): the pseudonym instead of the name, bands, no consents or skills', async () => {
    await viewAs('analyst', 'pseudonymised');
    expect(text('[data-testid="participant-name"]')).toBe('P-7KQ2M9XW4C');
    expect(root().textContent).not.toContain('Amina');
    expect(text('[data-testid="profile-tab"]')).toContain('26–35');
    expect(text('[data-testid="profile-tab"]')).toContain('3–5 years');
    expect(tabs()).toEqual(['tab-profile', 'tab-languages', 'tab-needs']);
    expect(called('GET', '/api/v1/participants/P-7KQ2M9XW4C')).toHaveLength(1);
  });

  it('records a consent, and withdraws one only after confirming', async () => {
    const consents = [
      { id: 'c-1', purpose: 'profile_processing', text_version: '2026-05 sl', recorded_by: 'user-coordinator', given_at: '2026-11-01T10:00:00Z', active: true },
    ];
    serve({
      'GET /api/v1/participants/p-1': () => json(amina()),
      'GET /api/v1/members': () => json({ items: [], next_cursor: null }),
      'GET /api/v1/participants/p-1/consents': () => json(consents),
      'POST /api/v1/participants/p-1/consents': async (req) => {
        const body = (await req.json()) as { purpose: string; text_version: string };
        consents.unshift({ id: 'c-2', ...body, recorded_by: 'user-coordinator', given_at: '2026-11-24T10:00:00Z', active: true });
        return json(consents[0], 201);
      },
      'POST /api/v1/participants/p-1/consents/c-2/withdraw': () => {
        Object.assign(consents[0]!, { active: false, withdrawn_at: '2026-11-24T11:00:00Z', withdrawn_by: 'user-coordinator' });
        return json(consents[0]);
      },
    });
    await showAs('coordinator', '/participants/p-1?tab=consents');
    await until(() => $('[data-testid="consent"]'));
    expect(text('[data-testid="consent"]')).toContain('Keeping the profile');
    expect(text('[data-testid="consent"]')).toContain('Demo coordinator'); // who recorded it
    expect(text('[data-testid="consent"]')).toContain('2026-05 sl');
    // Only purposes not given yet are offered.
    expect($$('#consent-purpose option').map((o) => o.getAttribute('value'))).toEqual(['', 'partner_sharing']);

    await choose('#consent-purpose', 'partner_sharing');
    await type('#consent-version', '');
    await submit('[data-testid="record-consent"]');
    await until(() => text('#consent-version-error') === en.field_error.required);
    await type('#consent-version', 'v2');
    await submit('[data-testid="record-consent"]');
    await until(() => $$('[data-testid="consent"]').length === 2);
    expect(called('POST', '/api/v1/participants/p-1/consents')[0]?.body).toEqual({ purpose: 'partner_sharing', text_version: 'v2' });
    expect(text('[data-testid="consent-notice"]')).toBe(fill(en.consents.recorded_notice, { purpose: 'Sharing with partners' }));

    const sharing = $('[data-testid="consent"][data-purpose="partner_sharing"]');
    await click(sharing?.querySelector('[data-testid="withdraw-consent"]'));
    const dialog = await until(() => $('[data-testid="withdraw-dialog"]'));
    expect(dialog.textContent).toContain(en.consents.withdraw_partner);
    expect(called('POST', '/api/v1/participants/p-1/consents/c-2/withdraw')).toHaveLength(0);
    await click(dialog.querySelector('[data-testid="confirm"]'));
    await until(() => $('[data-testid="consent"][data-purpose="partner_sharing"][data-active="false"]'));
    expect(called('POST', '/api/v1/participants/p-1/consents/c-2/withdraw')).toHaveLength(1);
    expect(text('[data-testid="consent"][data-purpose="partner_sharing"]')).toContain(en.consents.withdrawn);
  });

  it('erasing names the person and what happens, and needs a reason', async () => {
    serve({
      'GET /api/v1/participants/p-1': () => json(amina()),
      'GET /api/v1/members': () => json({ items: [], next_cursor: null }),
      'POST /api/v1/participants/p-1/erase': () => new Response(null, { status: 204 }),
      'GET /api/v1/participants': () => json({ items: [], next_cursor: null }),
    });
    await showAs('coordinator', '/participants/p-1');
    await click(await until(() => $('[data-testid="erase"]')));
    const dialog = await until(() => $('[data-testid="erase-dialog"]'));
    expect(dialog.textContent).toContain(fill(en.participants.erase_title, { name: 'Amina Hadžić' }));
    for (const key of ['erase_irreversible', 'erase_removed', 'erase_kept'] as const) expect(dialog.textContent).toContain(en.participants[key]);

    await click(dialog.querySelector('[data-testid="confirm"]'));
    await until(() => text('#erase-reason-error') === en.field_error.required);
    expect(called('POST', '/api/v1/participants/p-1/erase')).toHaveLength(0);

    await type('#erase-reason', '  Asked for erasure on 20 Nov  ');
    await click(dialog.querySelector('[data-testid="confirm"]'));
    await until(() => location.pathname === '/participants');
    expect(called('POST', '/api/v1/participants/p-1/erase')[0]?.body).toEqual({ reason: 'Asked for erasure on 20 Nov' });
    await until(() => text('[data-testid="participants-notice"]') === fill(en.participants.erased, { name: 'Amina Hadžić' }));
  });

  it('archives with the version, and then offers to restore', async () => {
    serve({
      'GET /api/v1/participants/p-1': () => json(amina()),
      'GET /api/v1/members': () => json({ items: [], next_cursor: null }),
      'POST /api/v1/participants/p-1/archive': () => json(amina({ status: 'archived', version: 4 })),
    });
    await showAs('coordinator', '/participants/p-1');
    await click(await until(() => $('[data-testid="archive"]')));
    await until(() => $('[data-testid="restore"]'));
    expect(called('POST', '/api/v1/participants/p-1/archive')[0]?.body).toEqual({ version: 3 });
    expect($('[data-testid="edit"]')).toBeNull();
  });

  it('says when the person is not there (or not visible to the role)', async () => {
    serve({ 'GET /api/v1/participants/p-x': () => problem(404, 'not_found') });
    await showAs('coordinator', '/participants/p-x');
    await until(() => $('[data-testid="participant-not-found"]'));
  });
});

describe('CSV import', () => {
  it('reads the problems of a 422 answer by spreadsheet row and column', () => {
    expect(
      importProblems({
        code: 'validation_failed',
        errors: [
          { field: 'rows[3].phone', code: 'phone', message: 'x' },
          { field: 'rows[1].colour', code: 'unknown_column', message: 'x' },
          { field: 'rows[2].languages', code: 'language_level', message: 'x' },
        ],
      }),
    ).toEqual([
      { row: 1, column: 'colour', code: 'unknown_column' },
      { row: 2, column: 'languages', code: 'language_level' },
      { row: 3, column: 'phone', code: 'phone' },
    ]);
  });

  it('checks the file (dry run), shows the report by row and column, and imports once it is valid', async () => {
    let good = false;
    serve({
      'POST /api/v1/participants/import': (_req, url) => {
        if (!good)
          return problem(422, 'validation_failed', {
            errors: [
              { field: 'rows[3].phone', code: 'phone', message: 'bad phone' },
              { field: 'rows[3].gender', code: 'code', message: 'bad code' },
            ],
          });
        const dry = url.searchParams.get('dry_run') === 'true';
        return json({ dry_run: dry, rows: 2, imported: dry ? 0 : 2, ids: dry ? [] : ['a', 'b'] });
      },
    });
    await setLanguage('ar');
    await showAs('coordinator', '/participants/import');
    const input = await until(() => $<HTMLInputElement>('[data-testid="import-file"]'));
    const pick = async (content: string) => {
      const file = new File([content], 'people.csv', { type: 'text/csv' });
      Object.defineProperty(input, 'files', { value: [file], configurable: true });
      await click(input); // no-op; the change event below is what the page listens to
      input.dispatchEvent(new Event('change', { bubbles: true }));
    };
    await pick('name,phone,gender\nA,+38640111222,female\nB,12,robot\n');
    await submit('[data-testid="import-form"]');
    await until(() => $$('[data-testid="import-problem"]').length === 2);
    const dry = called('POST', '/api/v1/participants/import')[0]!;
    expect(dry.query.get('dry_run')).toBe('true');
    expect(dry.headers.get('Content-Type')).toContain('text/csv');
    expect(dry.text).toContain('B,12,robot');
    const phone = $('[data-testid="import-problem"][data-column="phone"]')!;
    expect(phone.getAttribute('data-row')).toBe('3');
    expect(phone.textContent).toContain(ar.field_error.phone);
    expect(phone.textContent).toContain(ar.participants.field.phone);
    expect(text('[data-testid="import-problem"][data-column="gender"]')).toContain(ar.field_error.code);
    expect($('[data-testid="import"]')).toBeNull(); // nothing to import

    good = true;
    await pick('name,phone,gender\nA,+38640111222,female\nB,+38640111333,male\n');
    expect($('[data-testid="import-report"]')).toBeNull(); // a new file clears the old report
    await submit('[data-testid="import-form"]');
    await until(() => $('[data-testid="import-valid"]'));
    expect(text('[data-testid="import-valid"]')).toContain(fill(ar.import.all_valid, { n: 2 }));
    await click($('[data-testid="import"]'));
    await until(() => $('[data-testid="import-done"]'));
    const real = called('POST', '/api/v1/participants/import')[2]!;
    expect(real.query.get('dry_run')).toBe('false');
    expect(real.text).toContain('+38640111333');
    expect(text('[data-testid="import-done"]')).toContain(fill(ar.import.done, { n: 2 }));
  });

  it('is not offered to mentors', async () => {
    await showAs('mentor', '/participants/import');
    await until(() => $('[data-testid="forbidden"]'));
  });
});

function root() {
  return $('main')!.parentElement!;
}
