// @vitest-environment happy-dom
// Outcomes against a fake API: the statistics table (hidden cells as "–"
// with the legend, the rate), the body "Record an outcome" sends, its field
// errors and its 409; and "Completed" for a course's hired state.
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { en } from '../../i18n/all';
import { $, $$, called, CODES, choose, initI18n, serve, setUp, showAs, submit, tearDown, text, type, until } from '../../testing/app-harness';
import { json, problem } from '../../testing/fake-auth';
import { emptyDraft, outcomeBody, type OutcomeStats } from './api';
import { HIDDEN } from './StatsTable';

beforeAll(() => initI18n('en'));
beforeEach(async () => {
  CODES['outcome-kinds'] = [
    ['permanent', 'Permanent job'],
    ['training', 'Training'],
  ];
  CODES['opportunity-kinds'] = [
    ['job', 'Job'],
    ['course', 'Course'],
  ];
  await setUp();
});
afterEach(tearDown);

const cell = (count: number | null) => (count === null ? { count: null, suppressed: true } : { count, suppressed: false });
const stats: OutcomeStats = {
  suppression_threshold: 5,
  kinds: ['permanent', 'training'],
  years: [
    {
      year: 2026,
      outcomes_total: 14,
      applications_total: 80,
      programmes: [
        { programme: 'job', outcomes: [cell(7), cell(0)], outcomes_total: cell(7), applications: cell(56), rate_percent: 12.5 },
        { programme: 'course', outcomes: [cell(null), cell(null)], outcomes_total: cell(null), applications: cell(24), rate_percent: null },
      ],
    },
  ],
};

describe('outcome statistics', () => {
  it('shows the counts, the rate, hidden cells as a dash and the legend with the threshold', async () => {
    serve({ 'GET /api/v1/outcomes/stats': () => json(stats) });
    await showAs('analyst', '/opportunities/outcomes');
    await until(() => $('[data-testid="outcome-stats"]'));
    const job = $('[data-programme="job"]')!;
    expect([...job.querySelectorAll('td')].map((td) => td.textContent)).toEqual(['7', '0', '7', '56', '12.5 %']);
    expect(job.querySelector('th')?.textContent).toBe('Job');
    const course = $('[data-programme="course"]')!;
    expect(course.querySelector('th')?.textContent).toBe('Course');
    const hidden = [...course.querySelectorAll('[data-testid="suppressed"]')];
    expect(hidden).toHaveLength(3);
    expect(hidden.every((td) => td.querySelector('[aria-hidden]')?.textContent === HIDDEN)).toBe(true);
    expect(course.querySelector('[data-testid="rate"]')?.textContent).toBe(HIDDEN);
    expect($$('thead th').map((th) => th.textContent)).toEqual(['Programme', 'Permanent job', 'Training', 'Total', 'Applications', 'Rate']);
    expect(text('[data-testid="legend"]')).toBe(`${HIDDEN} ${en.outcomes.legend.replace('{{n}}', '5')}`);
    // An analyst sees the statistics only, never the list of people's outcomes.
    expect($('[data-testid="outcome-list"]')).toBeNull();
    expect(called('GET', '/api/v1/outcomes')).toHaveLength(0);
  });

  it('shows staff the list under the table, each outcome linked to its person', async () => {
    serve({
      'GET /api/v1/outcomes/stats': () => json(stats),
      'GET /api/v1/outcomes': () =>
        json({ items: [{ id: 'oc-1', participant_id: 'p-1', programme: 'course', kind: 'training', starts_on: '2026-03-01', ends_on: '2026-06-30', created_at: '2026-07-01T09:00:00Z', updated_at: '2026-07-01T09:00:00Z', version: 1 }], next_cursor: null }),
    });
    await showAs('coordinator', '/opportunities/outcomes');
    const item = await until(() => $('[data-testid="outcome"]'));
    expect(item.querySelector('h3')?.textContent).toBe('Training');
    expect(item.textContent).toContain('Course');
    expect(item.querySelector('[data-testid="person-link"]')?.getAttribute('href')).toBe('/participants/p-1');
    expect($('[data-testid="outcome-stats"]')).not.toBeNull();
  });
});

describe('record an outcome', () => {
  it('builds the body: the opportunity, or else the programme; no empty dates', () => {
    const d = { ...emptyDraft(), kind: 'training' as const, programme: 'course' as const, starts_on: '2026-03-01' };
    expect(outcomeBody('p-1', d)).toEqual({ participant_id: 'p-1', kind: 'training', programme: 'course', starts_on: '2026-03-01' });
    expect(outcomeBody('p-1', { ...d, opportunity_id: 'opp-9', ends_on: '2026-06-30' })).toEqual({
      participant_id: 'p-1',
      kind: 'training',
      opportunity_id: 'opp-9',
      starts_on: '2026-03-01',
      ends_on: '2026-06-30',
    });
  });

  const person = () => json({ id: 'p-1', view: 'full', status: 'active', name: 'Amira', version: 1 });
  const course = { id: 'opp-9', kind: 'course', status: 'open', title: { en: 'Forklift course' }, provider_name: 'Logistika' };
  const recorded = { id: 'oc-2', participant_id: 'p-1', opportunity_id: 'opp-9', programme: 'course', kind: 'training', starts_on: '2026-03-01', ends_on: null, created_at: '2026-07-01T09:00:00Z', updated_at: '2026-07-01T09:00:00Z', version: 1 };

  it('sends the opportunity it came from and lists the new outcome', async () => {
    serve({
      'GET /api/v1/participants/p-1': person,
      'GET /api/v1/outcomes': () => json({ items: [], next_cursor: null }),
      'GET /api/v1/opportunities': () => json({ items: [course], next_cursor: null }),
      'POST /api/v1/outcomes': () => json(recorded, 201),
    });
    await showAs('coordinator', '/opportunities/outcomes/for/p-1');
    await until(() => $('[data-testid="no-outcomes"]'));
    await choose('#outcome-kind', 'training');
    await choose('#outcome-opportunity_id', 'opp-9');
    expect($('#outcome-programme')).toBeNull();
    await type('#outcome-starts_on', '2026-03-01');
    await submit('[data-testid="outcome-form"]');
    await until(() => $('[data-testid="outcome"]'));
    expect(called('POST', '/api/v1/outcomes')[0]?.body).toEqual({ participant_id: 'p-1', kind: 'training', opportunity_id: 'opp-9', starts_on: '2026-03-01' });
    expect(text('[data-testid="outcome-recorded"]')).toBe(en.outcomes.recorded);
  });

  it('asks for the programme without an opportunity, shows the 422 at its field and the 409 translated', async () => {
    let answer = () => problem(422, 'validation_failed', { errors: [{ field: 'ends_on', code: 'before_start', message: 'must not be before starts_on' }] });
    serve({
      'GET /api/v1/participants/p-1': person,
      'GET /api/v1/outcomes': () => json({ items: [], next_cursor: null }),
      'GET /api/v1/opportunities': () => json({ items: [], next_cursor: null }),
      'POST /api/v1/outcomes': () => answer(),
    });
    await showAs('coordinator', '/opportunities/outcomes/for/p-1');
    await choose('#outcome-kind', 'permanent');
    await type('#outcome-starts_on', '2026-03-01');
    await submit('[data-testid="outcome-form"]');
    expect(text('#outcome-programme-error')).toBe(en.field_error.required);
    expect(called('POST', '/api/v1/outcomes')).toHaveLength(0);
    await choose('#outcome-programme', 'job');
    await submit('[data-testid="outcome-form"]');
    await until(() => $('#outcome-ends_on-error'));
    expect(text('#outcome-ends_on-error')).toBe(en.field_error.before_start);
    expect(called('POST', '/api/v1/outcomes')[0]?.body).toEqual({ participant_id: 'p-1', kind: 'permanent', programme: 'job', starts_on: '2026-03-01' });
    answer = () => problem(409, 'conflict');
    await submit('[data-testid="outcome-form"]');
    await until(() => $('[data-testid="outcome-conflict"]'));
    expect(text('[data-testid="outcome-conflict"]')).toBe(en.outcomes.conflict);
  });
});

describe('a course\'s hired state', () => {
  it('reads "Completed" for a course, workshop, apprenticeship or mentoring programme, and the code list\'s label otherwise', async () => {
    const { stateLabel } = await import('../parts');
    const codes = { label: (_: string, code: string | null | undefined) => `label:${code}` } as unknown as Parameters<typeof stateLabel>[0];
    for (const kind of ['course', 'workshop', 'apprenticeship', 'mentoring_programme'] as const) expect(stateLabel(codes, 'hired', kind)).toBe(en.outcomes.completed);
    expect(stateLabel(codes, 'hired', 'job')).toBe('label:hired');
    expect(stateLabel(codes, 'applied', 'course')).toBe('label:applied');
    expect(stateLabel(codes, 'hired')).toBe('label:hired');
  });
});
