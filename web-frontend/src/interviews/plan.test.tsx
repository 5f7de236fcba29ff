// @vitest-environment happy-dom
// Planning an interview through the whole app against a fake API: choosing
// the questionnaire, finding people, their languages and consents, changing a
// plan, and planning from a participant's profile.
import { en } from '../i18n/all';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { $, $$, called, check, click, initI18n, serve, setUp, showAs, tearDown, text, type, until } from '../testing/app-harness';
import { json, problem } from '../testing/fake-auth';
import { AMINA, content, FARID, fill, interview, PEOPLE, serveInterview, TEMPLATES } from '../testing/interviews';

beforeAll(() => initI18n('en'));

function servePlanning(extra: Parameters<typeof serve>[0] = {}) {
  serve({
    'GET /api/v1/interview-templates': () => json(TEMPLATES),
    'GET /api/v1/participants': (_r, url) => {
      const q = (url.searchParams.get('q') ?? '').toLowerCase();
      return json({ items: PEOPLE.filter((p) => p.name.toLowerCase().includes(q)), next_cursor: null });
    },
    'GET /api/v1/members': () =>
      json({
        items: [
          { id: 'm-1', user_id: 'user-coordinator', email: 'c@x.org', display_name: 'Maja Novak', role: 'coordinator', joined_at: '2026-01-01T00:00:00Z', version: 1 },
          { id: 'm-2', user_id: 'u-adv', email: 'a@x.org', display_name: 'Yusuf Rahimi', role: 'adviser', joined_at: '2026-01-01T00:00:00Z', version: 1 },
          { id: 'm-3', user_id: 'u-mentor', email: 'm@x.org', display_name: 'Petra Zupan', role: 'mentor', joined_at: '2026-01-01T00:00:00Z', version: 1 },
        ],
        next_cursor: null,
      }),
    'POST /api/v1/interviews': () => json(interview({ id: 'iv-new' }), 201),
    'GET /api/v1/interviews/iv-new': () => json(interview({ id: 'iv-new' })),
    'GET /api/v1/interviews/iv-new/answers': () => json([]),
    'GET /api/v1/interview-templates/tpl-1/versions/1': () =>
      json({ template_id: 'tpl-1', number: 1, status: 'published', content, version: 1, created_at: '2026-11-01T00:00:00Z', updated_at: '2026-11-01T00:00:00Z' }),
    ...extra,
  });
}

async function addPerson(name: string, id: string) {
  await type('#iv-search', name);
  const add = await until(() => $(`[data-testid="found-person"][data-id="${id}"] [data-testid="add-person"]`), `found ${name}`, 3000);
  await click(add);
  await until(() => $(`[data-testid="person"][data-id="${id}"]`), `added ${name}`);
}

async function fillPlan() {
  await until(() => $('#iv-template option[value="tpl-1"]'), 'templates');
  await check('#iv-kind-group');
  await type('#iv-day', '2026-12-01');
  await type('#iv-time', '10:30');
  await addPerson('Amina', AMINA);
  await addPerson('Farid', FARID);
}

describe('planning an interview', () => {
  beforeEach(setUp);
  afterEach(tearDown);

  it('an adviser plans a group interview: published templates only, people found by name, questions in their language', async () => {
    let attempts = 0;
    servePlanning({
      'POST /api/v1/interviews': () => {
        attempts += 1;
        if (attempts === 1) throw new TypeError('Failed to fetch'); // the answer is lost
        return json(interview({ id: 'iv-new' }), 201);
      },
    });
    await showAs('adviser', '/interviews/new');
    await fillPlan();
    // Only published templates; the only one is chosen.
    expect($$('#iv-template option').map((o) => o.getAttribute('value'))).toEqual(['', 'tpl-1']);
    expect($<HTMLSelectElement>('#iv-template')!.value).toBe('tpl-1');
    expect(called('GET', '/api/v1/participants')[0]!.query.get('q')).toBeTruthy();
    // Amina reads Arabic (her mother tongue); Farid speaks Dari, which reads the Persian texts.
    expect($<HTMLSelectElement>('#iv-person-0-language')!.value).toBe('ar');
    expect($<HTMLSelectElement>('#iv-person-1-language')!.value).toBe('fa');
    // Farid has no consent to keep answers: said before the interview.
    expect($(`[data-testid="person"][data-id="${FARID}"] [data-testid="no-profile-consent"]`)).not.toBeNull();
    // An adviser cannot list members: no picker, they conduct it.
    expect($('#iv-interviewers')).toBeNull();
    expect(called('GET', '/api/v1/members')).toHaveLength(0);

    await click($('[data-testid="save"]'));
    await until(() => $('[data-testid="form-error"]'), 'network error');
    expect(text('[data-testid="form-error"]')).toBe(en.problem.network);
    await click($('[data-testid="save"]'));
    await until(() => location.pathname === '/interviews/iv-new', 'the runner');
    const [first, second] = called('POST', '/api/v1/interviews');
    expect(first!.headers.get('Idempotency-Key')).toMatch(/^[0-9a-f-]{36}$/);
    expect(second!.headers.get('Idempotency-Key')).toBe(first!.headers.get('Idempotency-Key'));
    expect(second!.body).toEqual({
      template_id: 'tpl-1',
      kind: 'group',
      scheduled_at: new Date(2026, 11, 1, 10, 30).toISOString().replace('.000Z', 'Z'),
      duration_minutes: 60,
      channel: 'in_person',
      location: null,
      language: 'en',
      interpreter_language: null,
      interpreter_name: null,
      recorded: false,
      notes: null,
      participants: [
        { participant_id: AMINA, language: 'ar', attended: true },
        { participant_id: FARID, language: 'fa', attended: true },
      ],
    });
    await until(() => text('[data-testid="runner-notice"]') === en.interviews.planned_notice, 'notice');
  });

  it('checks the number of people against the kind before sending', async () => {
    servePlanning();
    await showAs('adviser', '/interviews/new');
    await fillPlan();
    await check('#iv-kind-individual');
    await click($('[data-testid="save"]'));
    await until(() => $('#iv-search-error'), 'error at the people');
    expect(text('#iv-search-error')).toBe(en.interviews.plan_error.individual_one);
    expect(called('POST', '/api/v1/interviews')).toHaveLength(0);
  });

  it('shows the server’s field errors at their fields, and names who lacks the recording consent', async () => {
    let answer = () =>
      problem(422, 'validation_failed', {
        errors: [
          { field: 'participants[1].participant_id', code: 'archived', message: '' },
          { field: 'duration_minutes', code: 'range', message: '' },
        ],
      });
    servePlanning({ 'POST /api/v1/interviews': () => answer() });
    await showAs('adviser', '/interviews/new');
    await fillPlan();
    await click($('[data-testid="save"]'));
    await until(() => $('#iv-duration-error'), 'duration error');
    expect(text('#iv-duration-error')).toBe(en.interviews.plan_error.duration);
    expect(text(`[data-testid="person"][data-id="${FARID}"] .field-error`)).toBe(en.interviews.plan_error.archived);

    answer = () => problem(409, 'consent_required', { participants: [FARID] });
    await check('#iv-recorded');
    await click($('[data-testid="save"]'));
    await until(() => called('POST', '/api/v1/interviews').length === 2, 'sent again');
    await until(() => text('#iv-recorded-error') === fill(en.interviews.recording_consent_missing, { names: 'Farid Ahmadi' }), 'consent error');
    expect(text('#iv-recorded-error')).toBe(fill(en.interviews.recording_consent_missing, { names: 'Farid Ahmadi' }));
  });

  it('a coordinator picks the interviewers (the creator to start with)', async () => {
    servePlanning();
    await showAs('coordinator', '/interviews/new');
    await until(() => $$('#iv-interviewers input').length === 2, 'staff who may interview');
    expect($<HTMLInputElement>('#iv-interviewers input[value="user-coordinator"]')!.checked).toBe(true);
    await fillPlan();
    await check('#iv-interviewers input[value="u-adv"]');
    await click($('[data-testid="save"]'));
    await until(() => called('POST', '/api/v1/interviews').length === 1, 'sent');
    expect((called('POST', '/api/v1/interviews')[0]!.body as { interviewer_ids: string[] }).interviewer_ids).toEqual(['user-coordinator', 'u-adv']);
  });

  it('changes a planned interview with its version, including who attended', async () => {
    serveInterview({
      'PATCH /api/v1/interviews/iv-1': () => json(interview({ version: 5 })),
    });
    await showAs('adviser', '/interviews/iv-1/edit');
    await until(() => $('#iv-person-1-attended'), 'attendance');
    expect(text('[data-testid="template-title"]')).toContain('In-depth interview');
    await check('#iv-person-1-attended', false);
    await type('#iv-notes', 'Bring the forms');
    await click($('[data-testid="save"]'));
    await until(() => called('PATCH', '/api/v1/interviews/iv-1').length === 1, 'sent');
    const body = called('PATCH', '/api/v1/interviews/iv-1')[0]!.body as Record<string, unknown>;
    expect(body.version).toBe(4);
    expect(body.template_id).toBeUndefined();
    expect(body.notes).toBe('Bring the forms');
    expect(body.participants).toEqual([
      { participant_id: AMINA, language: 'ar', attended: true },
      { participant_id: FARID, language: null, attended: false },
    ]);
  });
});

describe('planning from a profile', () => {
  beforeEach(setUp);
  afterEach(tearDown);

  it('/interviews/new?participant= starts an individual interview with that person added', async () => {
    servePlanning({ [`GET /api/v1/participants/${AMINA}`]: () => json(PEOPLE[0]) });
    await showAs('adviser', `/interviews/new?participant=${AMINA}`);
    await until(() => $(`[data-testid="person"][data-id="${AMINA}"]`), 'Amina added');
    expect(called('GET', `/api/v1/participants/${AMINA}`)).toHaveLength(1);
    expect($<HTMLInputElement>('#iv-kind-individual')!.checked).toBe(true);
    expect($$('[data-testid="person"]')).toHaveLength(1);
    expect($<HTMLSelectElement>('#iv-person-0-language')!.value).toBe('ar');
    // Back to the profile when cancelled.
    expect($(`a[href="/participants/${AMINA}?tab=interviews"]`)).not.toBeNull();

    await until(() => $('#iv-template option[value="tpl-1"]'), 'templates');
    await type('#iv-day', '2026-12-01');
    await type('#iv-time', '10:30');
    await click($('[data-testid="save"]'));
    await until(() => called('POST', '/api/v1/interviews').length === 1, 'sent');
    const body = called('POST', '/api/v1/interviews')[0]!.body as Record<string, unknown>;
    expect(body.kind).toBe('individual');
    expect(body.participants).toEqual([{ participant_id: AMINA, language: 'ar', attended: true }]);
  });

  it('says so at the people when the person cannot be found', async () => {
    servePlanning({ [`GET /api/v1/participants/p-gone`]: () => problem(404, 'not_found') });
    await showAs('adviser', '/interviews/new?participant=p-gone');
    await until(() => $('#iv-search-error'), 'error at the people');
    expect(text('#iv-search-error')).toBe(en.interviews.plan_error.unknown_person);
    expect($('[data-testid="person"]')).toBeNull();
  });
});
