// @vitest-environment happy-dom
// The opportunities' screens through the whole app against a fake API: a
// participant's matches read as ticks and gaps (with the course that closes
// a gap), the partner's board of applicants by state with the interview
// step, and the application's thread marked read when opened.
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { en } from '../i18n/all';
import { $, $$, called, click, initI18n, serve, setUp, showAs, submit, tearDown, text, type, until } from '../testing/app-harness';
import { json } from '../testing/fake-auth';
import type { Application } from './api';

beforeAll(() => initI18n('en'));
beforeEach(setUp);
afterEach(tearDown);

const forklift = { uri: 'esco:forklift', label: 'operate forklift' };
const warehouse = { uri: 'esco:warehouse', label: 'warehouse operations' };
const pallet = { uri: 'esco:pallet', label: 'stack pallets' };
const safety = { uri: 'esco:safety', label: 'workplace safety' };

const summary = { id: 'opp-1', kind: 'job', title: 'Forklift driver', provider_name: 'Logistika d.o.o.', place: 'on_site', municipality: 'Ljubljana', deadline: '2027-01-31' };
const match = {
  opportunity_id: 'opp-1',
  opportunity: summary,
  score: 640,
  points: { essential: 300, optional: 40, languages: 100, education: 100, place: 100 },
  essential: [
    { skill: warehouse, credit: 1000, status: 'exact' },
    { skill: safety, credit: 700, status: 'narrower', through: pallet, steps: 1 },
    { skill: forklift, credit: 0, status: 'missing', courses: [{ id: 'course-1', title: 'Forklift course' }] },
  ],
  optional: [],
  languages: [{ language: 'sl', required: 'A2', has: null, met: false, credit: 0 }],
  education: { required: null, has: null, met: true },
  place_fit: 'same_municipality',
  eligibility: { verdict: 'eligible' },
};

describe('my matches', () => {
  it('shows each match with ticks, the skill they come through, gaps and the course that closes them', async () => {
    serve({
      'GET /api/v1/participants': () => json({ items: [{ id: 'p-1', view: 'full', name: 'Amira' }], next_cursor: null }),
      'GET /api/v1/participants/p-1/matches': () => json({ items: [match], ineligible: [{ id: 'opp-2', opportunity: { ...summary, id: 'opp-2', title: 'Warehouse clerk' }, reason: 'work_permit_required' }] }),
      'GET /api/v1/applications': () => json({ items: [], next_cursor: null }),
    });
    await showAs('participant', '/opportunities/matches');
    await until(() => $('[data-testid="match"]'));
    expect(text('[data-testid="match-title"]')).toBe('Forklift driver');
    expect(text('[data-testid="score"]')).toBe('64% match');
    const ticks = $$('[data-testid="tick"]');
    expect(ticks.map((t) => t.dataset.uri)).toEqual(['esco:warehouse', 'esco:safety']);
    expect(ticks[1]?.querySelector('[data-testid="through"]')?.textContent).toBe('through stack pallets');
    const gap = $('[data-testid="gap"]')!;
    expect(gap.textContent).toContain('operate forklift');
    expect(gap.textContent).toContain(en.opportunities.course_closes);
    expect(gap.querySelector('a[data-testid="course"]')?.getAttribute('href')).toBe('/opportunities/course-1');
    expect(text('[data-testid="language-below"]')).toContain('A2');
    expect(text('[data-testid="place"]')).toContain(en.opportunities.place_same);
    expect(text('[data-testid="ineligible-list"]')).toContain('Warehouse clerk');
    expect(text('[data-testid="ineligible-list"]')).toContain(en.opportunities.reason.work_permit_required);
    expect(called('GET', '/api/v1/participants/p-1/matches')[0]?.query.get('with_ineligible')).toBe('true');
  });
});

const applicant = (id: string, state: Application['state'], extra: Partial<Application> = {}): Application => ({
  id,
  opportunity_id: 'opp-1',
  opportunity: { id: 'opp-1', kind: 'job', title: { en: 'Forklift driver' }, provider_name: 'Logistika d.o.o.', status: 'open' },
  participant_id: `p-${id}`,
  person: { name: `Person ${id}` },
  state,
  cover_note: 'I drove forklifts in Aleppo.',
  proposed_by: null,
  interview: null,
  unread: 0,
  created_at: '2026-11-30T10:00:00Z',
  updated_at: '2026-11-30T10:00:00Z',
  version: 1,
  ...extra,
});

const opportunity = {
  id: 'opp-1',
  kind: 'job',
  status: 'open',
  title: { en: 'Forklift driver', sl: 'Viličarist' },
  description: {},
  provider_name: 'Logistika d.o.o.',
  country: 'SI',
  place: 'on_site',
  municipality: 'Ljubljana',
  paid: true,
  essential_skills: [forklift],
  optional_skills: [],
  teaches_skills: [],
  languages: [],
  created_at: '2026-11-30T10:00:00Z',
  updated_at: '2026-11-30T10:00:00Z',
  version: 1,
};

describe('the board of applicants', () => {
  it('shows the applicants by state and invites one to an interview with its date, time and place', async () => {
    serve({
      'GET /api/v1/opportunities/opp-1': () => json(opportunity),
      'GET /api/v1/applications': () => json({ items: [applicant('a', 'shortlisted', { unread: 2 }), applicant('b', 'applied')], next_cursor: null }),
      'GET /api/v1/venues': () => json({ items: [{ id: 'v-1', name: 'Office' }], next_cursor: null }),
      'POST /api/v1/applications/a/transitions': async (req) => {
        const body = (await req.json()) as { to: Application['state']; interview: NonNullable<Application['interview']> };
        return json(applicant('a', body.to, { version: 2, interview: { ...body.interview, meeting_id: 'm-1' } }));
      },
    });
    await showAs('partner', '/opportunities/opp-1/applicants');
    await until(() => $('[data-testid="applicant"]'));
    expect($$('[data-testid^="column-"]').map((c) => c.dataset.testid)).toEqual(['column-applied', 'column-shortlisted', 'column-interview', 'column-offer']);
    const a = $('[data-testid="column-shortlisted"] [data-testid="applicant"]')!;
    expect(a.textContent).toContain('Person a');
    expect(a.querySelector('[data-testid="unread"]')?.textContent).toBe('2');
    expect([...a.querySelectorAll('[data-testid^="step-"]')].map((b) => (b as HTMLElement).dataset.testid)).toEqual(['step-interview', 'step-rejected']);
    expect($('[data-testid="column-applied"] [data-testid="applicant"]')?.textContent).toContain('Person b');
    await click(a.querySelector('[data-testid="step-interview"]'));
    await until(() => $('[data-testid="interview-form"]'));
    await type('[data-testid="interview-date"]', '2026-12-10');
    await type('[data-testid="interview-time"]', '09:30');
    await until(() => $('[data-testid="interview-venue"]'));
    const venue = $<HTMLSelectElement>('[data-testid="interview-venue"]')!;
    venue.value = 'v-1';
    venue.dispatchEvent(new Event('change', { bubbles: true }));
    await submit('[data-testid="interview-form"]');
    await until(() => $('[data-testid="column-interview"] [data-testid="applicant"]'));
    const sent = called('POST', '/api/v1/applications/a/transitions')[0]?.body as { to: string; version: number; interview: { starts_at: string; ends_at: string; venue_id: string } };
    expect(sent.to).toBe('interview');
    expect(sent.version).toBe(1);
    expect(sent.interview.starts_at).toBe(new Date('2026-12-10T09:30:00').toISOString());
    expect(new Date(sent.interview.ends_at).getTime() - new Date(sent.interview.starts_at).getTime()).toBe(45 * 60_000);
    expect(sent.interview.venue_id).toBe('v-1');
    expect(text('[data-testid="column-interview"]')).toContain('Interview:');
  });
});

describe('the thread', () => {
  it('shows the messages, marks them read when opened, says "seen" and sends', async () => {
    serve({
      'GET /api/v1/applications/a': () => json(applicant('a', 'interview')),
      'GET /api/v1/applications/a/events': () => json({ items: [] }),
      'GET /api/v1/applications/a/messages': () =>
        json({
          items: [
            { id: 'm1', author_user_id: 'u-partner', author_role: 'partner', author_name: 'Logistika', body: 'Come on Monday?', created_at: '2026-11-30T10:00:00Z', read_by: [], mine: false },
            { id: 'm2', author_user_id: 'u-me', author_role: 'participant', author_name: 'Amira', body: 'Yes, thank you.', created_at: '2026-11-30T11:00:00Z', read_by: [{ user_id: 'u-partner', role: 'partner', read_at: '2026-11-30T12:00:00Z' }], mine: true },
          ],
        }),
      'POST /api/v1/applications/a/read': () => new Response(null, { status: 204 }),
      'POST /api/v1/applications/a/messages': () =>
        json({ id: 'm3', author_user_id: 'u-me', author_role: 'participant', author_name: 'Amira', body: 'See you.', created_at: '2026-11-30T13:00:00Z', read_by: [], mine: true }, 201),
    });
    await showAs('participant', '/applications/a');
    await until(() => $$('[data-testid="message"]').length === 2);
    await until(() => called('POST', '/api/v1/applications/a/read').length === 1);
    expect(text('[data-testid="seen"]')).toContain('Partner');
    await type('[data-testid="message-body"]', 'See you.');
    await submit('[data-testid="message-form"]');
    await until(() => $$('[data-testid="message"]').length === 3);
    expect(called('POST', '/api/v1/applications/a/messages')[0]?.body).toEqual({ body: 'See you.' });
    // The participant may withdraw; the partner's steps are not theirs.
    expect($$('[data-testid^="step-"]').map((b) => b.dataset.testid)).toEqual(['step-withdrawn']);
  });
});

describe("an opportunity's matches, for staff", () => {
  it('proposes a person, and proposes them the course that closes their gap', async () => {
    const person = { ...match, participant_id: 'p-2', person: { id: 'p-2', name: 'Aliona', view: 'full' } };
    serve({
      'GET /api/v1/opportunities/opp-1': () => json(opportunity),
      'GET /api/v1/opportunities/opp-1/matches': () => json({ items: [person], ineligible: [] }),
      'GET /api/v1/applications': () => json({ items: [], next_cursor: null }),
      'POST /api/v1/opportunities/course-1/applications': () => json(applicant('c', 'proposed'), 201),
      'POST /api/v1/opportunities/opp-1/applications': () => json(applicant('d', 'proposed'), 201),
    });
    await showAs('coordinator', '/opportunities/opp-1/matches');
    await until(() => $('[data-testid="match"]'));
    expect($('[data-testid="match"]')?.dataset.person).toBe('p-2');
    await click($('[data-testid="propose-course"]'));
    await type('[data-testid="proposal-note"]', 'This course closes your gap.');
    await submit('[data-testid="propose-form"]');
    await until(() => $('[data-testid="course-proposed"]'));
    expect(called('POST', '/api/v1/opportunities/course-1/applications')[0]?.body).toEqual({ participant_id: 'p-2', cover_note: 'This course closes your gap.' });
    await click($('[data-testid="propose"]'));
    await submit('[data-testid="propose-form"]');
    await until(() => called('POST', '/api/v1/opportunities/opp-1/applications').length === 1);
    expect(called('POST', '/api/v1/opportunities/opp-1/applications')[0]?.body).toEqual({ participant_id: 'p-2', cover_note: '' });
  });
});

describe("an opportunity's page", () => {
  it('shows who may apply from the rules kept as data, and lets a participant apply with a cover note', async () => {
    serve({
      'GET /api/v1/opportunities/opp-1': () => json({ ...opportunity, deadline: '2999-01-01', hours_per_week: 40, pay_min_cents: 145000, pay_max_cents: 170000, pay_period: 'month', application: null }),
      'GET /api/v1/opportunities/eligibility-rules': () =>
        json({
          country: 'SI',
          rules: [
            { id: 'si.asylum_seeker.work', any_status: false, statuses: ['asylum_seeker'], kinds: ['job'], condition: 'after_months', months: 3, sources: [{ act: 'ZMZ-1', article: '87', url: 'https://example.org/zmz', checked: '2026-12-01' }], verified: true },
            { id: 'si.any.learning', any_status: true, statuses: [], kinds: ['course'], condition: 'always', sources: [], verified: true },
          ],
        }),
      'POST /api/v1/opportunities/opp-1/applications': () => json(applicant('new', 'applied'), 201),
    });
    await showAs('participant', '/opportunities/opp-1');
    await until(() => $('[data-testid="rules"]'));
    expect($$('[data-testid="rules"] li').map((li) => li.dataset.rule)).toEqual(['si.asylum_seeker.work']);
    expect(text('[data-testid="rules"]')).toContain('Asylum seeker');
    expect(text('[data-testid="rules"]')).toContain(en.opportunities.rule.after_months.replace('{{n}}', '3'));
    expect(text('[data-testid="pay"]')).toContain('€1,450 – €1,700');
    expect($$('[data-testid="essential-skills"] li').map((li) => li.textContent)).toEqual(['operate forklift']);
    await click($('[data-testid="apply"]'));
    await type('[data-testid="cover-note"]', '  I drove forklifts.  ');
    await submit('[data-testid="apply-form"]');
    await until(() => $('[data-testid="my-application"]'));
    expect(called('POST', '/api/v1/opportunities/opp-1/applications')[0]?.body).toEqual({ cover_note: 'I drove forklifts.' });
    expect(text('[data-testid="my-application"]')).toContain(en.opportunities.applied_notice);
    expect($('[data-testid="open-application"]')?.getAttribute('href')).toBe('/applications/new');
  });
});

describe('my applications', () => {
  it('shows each with its state and unread messages, and answers a proposal', async () => {
    serve({
      'GET /api/v1/applications': () => json({ items: [applicant('p', 'proposed', { unread: 1 }), applicant('q', 'interview')], next_cursor: null }),
      'POST /api/v1/applications/p/transitions': () => json(applicant('p', 'applied', { version: 2 })),
    });
    await showAs('participant', '/applications');
    await until(() => $$('[data-testid="application"]').length === 2);
    expect(text('h1')).toBe(en.opportunities.my_applications);
    const proposal = $('[data-testid="application"][data-id="p"]')!;
    expect(proposal.querySelector('[data-testid="unread"]')?.textContent).toBe('1');
    expect(proposal.textContent).toContain(en.opportunities.proposal_lead);
    expect(proposal.querySelector('[data-testid="step-applied"]')?.textContent).toBe(en.opportunities.accept);
    expect(proposal.querySelector('[data-testid="step-withdrawn"]')?.textContent).toBe(en.opportunities.decline);
    // Only a proposal asks for an answer in the list.
    expect($('[data-testid="application"][data-id="q"] [data-testid="steps"]')).toBeNull();
    await click(proposal.querySelector('[data-testid="step-applied"]'));
    await until(() => $('[data-testid="application"][data-id="p"]')?.dataset.state === 'applied');
    expect(called('POST', '/api/v1/applications/p/transitions')[0]?.body).toEqual({ to: 'applied', version: 1 });
  });
});
