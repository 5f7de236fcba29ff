// @vitest-environment happy-dom
// The Interviews tab of a participant's profile, through the whole app
// against a fake API: the person's interviews page by page, with attendance.
import { ar, en } from '../i18n/all';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { $, $$, called, click, initI18n, serve, setLanguage, setUp, showAs, tearDown, text, until } from '../testing/app-harness';
import { json } from '../testing/fake-auth';
import { AMINA, fill, interview, person } from '../testing/interviews';

beforeAll(() => initI18n('en'));

const amina = person(AMINA, 'Amina Hadžić', { view: 'full', languages: [{ language: 'ar', level: 'native' }] });

describe('the Interviews tab of a profile', () => {
  beforeEach(setUp);
  afterEach(tearDown);

  /** The profile of Amina on the Interviews tab, with her interviews in two pages. */
  async function openTab(role: 'coordinator' | 'adviser', pages: ReturnType<typeof interview>[][]) {
    serve({
      [`GET /api/v1/participants/${AMINA}`]: () => json(amina),
      'GET /api/v1/members': () => json({ items: [], next_cursor: null }),
      'GET /api/v1/interviews': (_r, url) => {
        const i = Number(url.searchParams.get('cursor') ?? 0);
        return json({ items: pages[i] ?? [], next_cursor: i + 1 < pages.length ? String(i + 1) : null });
      },
    });
    await showAs(role, `/participants/${AMINA}`);
    await click(await until(() => $('[data-testid="tab-interviews"]'), 'the tab'));
    await until(() => $('[data-testid="participant-interview"], [data-testid="participant-interviews-empty"]'), 'the list');
  }

  it('lists the person’s interviews with date, kind, questionnaire, status and attendance, page by page', async () => {
    const attendee = (attended: boolean) => ({ participant_id: AMINA, name: 'Amina Hadžić', language: 'ar', attended, answered: 0, recording_consent: false });
    await openTab('coordinator', [
      [
        interview({ id: 'iv-a', status: 'planned', kind: 'individual', participants: [attendee(true)] }),
        interview({ id: 'iv-b', status: 'done', scheduled_at: '2026-11-02T09:00:00Z' }),
      ],
      [interview({ id: 'iv-c', status: 'done', scheduled_at: '2026-10-02T09:00:00Z', participants: [attendee(false)] })],
    ]);
    const rows = () => $$('[data-testid="participant-interview"]');
    await until(() => rows().length === 2, 'first page');
    const first = called('GET', '/api/v1/interviews')[0]!.query;
    expect(first.get('participant_id')).toBe(AMINA);
    expect(first.get('limit')).toBeTruthy();
    expect(rows().map((r) => [r.getAttribute('data-id'), r.getAttribute('data-status'), r.getAttribute('data-attendance')])).toEqual([
      ['iv-a', 'planned', 'not_yet'],
      ['iv-b', 'done', 'present'],
    ]);
    const [a, b] = rows();
    expect(a!.querySelector('a')!.getAttribute('href')).toBe('/interviews/iv-a');
    expect(a!.textContent).toContain('Individual');
    expect(a!.textContent).toContain('In-depth interview');
    expect(a!.querySelector('.pill-status')!.textContent).toBe('Planned');
    expect(a!.textContent).toContain(en.interviews.attendance_not_yet);
    expect(b!.querySelector('.pill-status.status-done')!.textContent).toBe('Done');
    expect(b!.textContent).toContain(en.interviews.attendance_present);

    await click($('[data-testid="load-more"]'));
    await until(() => rows().length === 3, 'second page');
    expect(called('GET', '/api/v1/interviews')[1]!.query.get('cursor')).toBe('1');
    expect(rows()[2]!.textContent).toContain(en.interviews.attendance_absent);
    expect($('[data-testid="load-more"]')).toBeNull();

    const plan = $('[data-testid="plan-with"]')!;
    expect(plan.textContent).toBe(fill(en.interviews.plan_with, { name: 'Amina Hadžić' }));
    expect(plan.getAttribute('href')).toBe(`/interviews/new?participant=${AMINA}`);
    expect($('[data-testid="adviser-hint"]')).toBeNull();
  });

  it('says so when there are none, and tells an adviser that they see only their own', async () => {
    await openTab('adviser', [[]]);
    expect(text('[data-testid="participant-interviews-empty"]')).toBe(fill(en.interviews.profile_none, { name: 'Amina Hadžić' }));
    expect(text('[data-testid="adviser-hint"]')).toBe(en.interviews.profile_none_adviser);
  });

  it('is not there for roles without interviews', async () => {
    serve({ [`GET /api/v1/participants/${AMINA}`]: () => json({ ...amina, view: 'mentee' }) });
    await showAs('mentor', `/participants/${AMINA}?tab=interviews`);
    await until(() => $('[data-testid="participant-name"]'), 'the profile');
    expect($('[data-testid="tab-interviews"]')).toBeNull();
    expect($('[data-testid="tab-profile"]')!.getAttribute('aria-selected')).toBe('true');
    expect(called('GET', '/api/v1/interviews')).toHaveLength(0);
  });

  it('in Arabic: the texts and the direction of the page', async () => {
    await setLanguage('ar');
    await openTab('adviser', [[interview({ id: 'iv-b', status: 'done' })]]);
    expect(text('[data-testid="plan-with"]')).toBe(fill(ar.interviews.plan_with, { name: 'Amina Hadžić' }));
    expect($('[data-testid="participant-interview"] td:last-child')!.getAttribute('data-label')).toBe(ar.interviews.attendance);
    expect(text('[data-testid="participant-interview"] td:last-child')).toBe(ar.interviews.attendance_present);
  });
});
