import { describe, expect, it } from 'vitest';
import type { Application, Explanation } from './api';
import { groupByState, localInstant, nextSteps, pastDeadline, payRange, readExplanation, unreadTotal } from './model';
import { addSkills, cents, draftOf, emptyDraft, fieldsOf, patchOf, statusChoices } from './draft';
import type { Opportunity } from './api';

const forklift = { uri: 'esco:forklift', label: 'operate forklift' };
const warehouse = { uri: 'esco:warehouse', label: 'warehouse operations' };
const pallet = { uri: 'esco:pallet', label: 'stack pallets' };
const safety = { uri: 'esco:safety', label: 'workplace safety' };

const explanation: Explanation = {
  score: 734,
  essential: [
    { skill: warehouse, credit: 1000, status: 'exact' },
    { skill: forklift, credit: 0, status: 'missing', courses: [{ id: 'course-1', title: { sl: 'Tečaj za viličarista', en: 'Forklift course' } }] },
    { skill: safety, credit: 700, status: 'narrower', through: pallet, steps: 1 },
  ],
  optional: [{ skill: pallet, credit: 0, status: 'missing', courses: [] }],
  languages: [
    { language: 'sl', required: 'A2', has: 'A1', met: false },
    { language: 'en', required: 'A2', has: 'B1', met: true },
  ],
  education: { required: 'isced_2', has: 'isced_3', met: true },
  place_fit: 'same_municipality',
  eligibility: { verdict: 'eligible' },
};

describe('a match explained', () => {
  it('reads as ticks (with the narrower skill they come through) and gaps (with the courses that close them)', () => {
    const r = readExplanation(explanation, 'en');
    expect(r.percent).toBe(73);
    expect(r.ticks).toEqual([
      { skill: warehouse, essential: true, through: null },
      { skill: safety, essential: true, through: pallet },
    ]);
    expect(r.gaps).toEqual([
      { skill: forklift, essential: true, courses: [{ id: 'course-1', title: 'Forklift course' }] },
      { skill: pallet, essential: false, courses: [] },
    ]);
  });

  it('names the courses in the reader’s language', () => {
    expect(readExplanation(explanation, 'sl').gaps[0]?.courses[0]?.title).toBe('Tečaj za viličarista');
    // No title in the language: the first there is.
    expect(readExplanation(explanation, 'ar').gaps[0]?.courses[0]?.title).toBe('Tečaj za viličarista');
  });

  it('lists the languages below the level, and education, place and eligibility', () => {
    const r = readExplanation(explanation, 'en');
    expect(r.languagesBelow).toEqual([{ language: 'sl', required: 'A2', has: 'A1', met: false }]);
    expect(r.languages).toHaveLength(2);
    expect(r.education).toEqual({ required: 'isced_2', has: 'isced_3', met: true });
    expect(r.place).toBe('same_municipality');
    expect(r.ineligible).toBeNull();
  });

  it('says why a person cannot apply, and leaves out what the opportunity does not ask for', () => {
    const r = readExplanation(
      { score: 0, essential: [], optional: [], languages: [], education: { required: null, has: null, met: true }, place_fit: 'remote', eligibility: { verdict: 'ineligible', reason: 'work_permit_required' } },
      'en',
    );
    expect(r.ineligible).toBe('work_permit_required');
    expect(r.education).toBeNull();
    expect(r.ticks).toEqual([]);
    expect(r.gaps).toEqual([]);
    expect(r.percent).toBe(0);
  });
});

const app = (id: string, state: Application['state'], updated_at: string) => ({ id, state, updated_at, unread: 0 });

describe('the board of applicants', () => {
  it('groups by state in the order an application moves, newest change first; closed states only when they hold someone', () => {
    const groups = groupByState([
      app('a', 'applied', '2026-12-01T10:00:00Z'),
      app('b', 'interview', '2026-12-01T09:00:00Z'),
      app('c', 'applied', '2026-12-01T11:00:00Z'),
      app('d', 'rejected', '2026-11-30T09:00:00Z'),
    ]);
    expect(groups.map((g) => g.state)).toEqual(['proposed', 'applied', 'shortlisted', 'interview', 'offer', 'rejected']);
    expect(groups.find((g) => g.state === 'applied')?.items.map((a) => a.id)).toEqual(['c', 'a']);
    expect(groups.find((g) => g.state === 'proposed')?.items).toEqual([]);
    expect(groups.find((g) => g.state === 'rejected')?.items.map((a) => a.id)).toEqual(['d']);
  });

  it('offers each role its next steps, as the server’s table has them', () => {
    expect(nextSteps('applied', 'partner')).toEqual(['shortlisted', 'rejected']);
    expect(nextSteps('shortlisted', 'partner')).toEqual(['interview', 'rejected']);
    expect(nextSteps('interview', 'coordinator')).toEqual(['offer', 'rejected', 'withdrawn']);
    expect(nextSteps('offer', 'partner')).toEqual(['hired', 'rejected']);
    expect(nextSteps('proposed', 'partner')).toEqual([]);
    expect(nextSteps('proposed', 'adviser')).toEqual(['withdrawn']);
    expect(nextSteps('proposed', 'participant')).toEqual(['applied', 'withdrawn']);
    expect(nextSteps('interview', 'participant')).toEqual(['withdrawn']);
    expect(nextSteps('hired', 'participant')).toEqual([]);
    expect(nextSteps('hired', 'partner')).toEqual([]);
    expect(nextSteps('rejected', 'admin')).toEqual([]);
    expect(nextSteps('applied', 'analyst')).toEqual([]);
    expect(nextSteps('applied', null)).toEqual([]);
  });

  it('adds up unread messages', () => {
    expect(unreadTotal([{ unread: 2 }, { unread: 0 }, { unread: 3 }])).toBe(5);
  });
});

describe('small formatters', () => {
  it('shows a pay range, one amount, or nothing when unpaid', () => {
    expect(payRange({ paid: true, pay_min_cents: 120000, pay_max_cents: 150000, pay_currency: 'EUR' }, 'en')).toBe('€1,200 – €1,500');
    expect(payRange({ paid: true, pay_min_cents: 1050, pay_max_cents: null, pay_currency: 'EUR' }, 'en')).toBe('€10.50');
    expect(payRange({ paid: false, pay_min_cents: 100, pay_max_cents: 200, pay_currency: 'EUR' }, 'en')).toBeNull();
  });

  it('knows a past deadline (the day itself is still open)', () => {
    const today = new Date('2026-12-01T12:00:00Z');
    expect(pastDeadline('2026-11-30', today)).toBe(true);
    expect(pastDeadline('2026-12-01', today)).toBe(false);
    expect(pastDeadline(null, today)).toBe(false);
  });

  it('turns a local date and time into an instant, or null', () => {
    expect(localInstant('2026-12-02', '10:00')).toBe(new Date('2026-12-02T10:00:00').toISOString());
    expect(localInstant('2026-12-02', '')).toBeNull();
  });
});

describe('the posting form', () => {
  it('sends skills as URIs, euros as cents, and no pay when unpaid', () => {
    const d = { ...emptyDraft('Logistika d.o.o.'), title: { sl: ' Viličarist ', en: '' }, essential: [forklift], pay_min: '1.200,50'.replace('.', ''), pay_max: '1500' };
    const body = fieldsOf(d, 'open');
    expect(body.title).toEqual({ sl: 'Viličarist' });
    expect(body.essential_skills).toEqual(['esco:forklift']);
    expect(body.pay_min_cents).toBe(120050);
    expect(body.pay_max_cents).toBe(150000);
    expect(body.status).toBe('open');
    expect(fieldsOf({ ...d, paid: false }, 'draft').pay_min_cents).toBeNull();
    expect(cents('')).toBeNull();
    expect(cents('abc')).toBeNaN();
  });

  it('fills from an occupation without doubles', () => {
    expect(addSkills([forklift], [forklift, warehouse]).map((s) => s.uri)).toEqual(['esco:forklift', 'esco:warehouse']);
    expect(addSkills([], [forklift, warehouse], [warehouse]).map((s) => s.uri)).toEqual(['esco:forklift']);
  });
});

describe('an edit', () => {
  it('empties a language with null (a merge patch keeps what it does not name), and moves status only as the server allows', () => {
    const before = { ...fieldsOf(emptyDraft('X'), 'open'), id: 'o', title: { sl: 'Viličarist', en: 'Forklift driver' }, description: { en: 'Old' }, essential_skills: [], optional_skills: [], teaches_skills: [], created_at: '', updated_at: '', version: 3 } as unknown as Opportunity;
    const d = draftOf(before);
    d.title = { sl: 'Viličarist', en: '' };
    const body = patchOf(d, 'closed', before);
    expect(body.title).toEqual({ en: null, sl: 'Viličarist' });
    expect(body.description).toEqual({ en: 'Old' });
    expect(body.status).toBe('closed');
    expect(statusChoices('draft')).toEqual(['draft', 'open']);
    expect(statusChoices('open')).toEqual(['open', 'closed', 'filled']);
    expect(statusChoices('filled')).toEqual(['filled']);
  });
});
