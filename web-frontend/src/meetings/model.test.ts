// The meeting screens' logic without a page: days and months, times on a
// meeting's own clock, the form's fields, its merge patch and repetition.
import { describe, expect, it } from 'vitest';
import {
  addDays,
  addMonths,
  clockDiffers,
  formatDayHeading,
  formatTime,
  formatTimeRange,
  groupByDay,
  lastOfMonth,
  monthGrid,
  rangeQuery,
  wallClockIn,
  weekdayIndex,
  weekdayNames,
  zoneCity,
} from './calendar';
import { draftOf, endsNextDay, fieldId, fieldsOf, formField, mergePatch, NO_REPEAT, nthOf, patternOf, repeatFor, validate, weekdayOf, type Draft } from './draft';
import { pickText, placeAction, placeOf, type Meeting } from './model';

const meeting = (id: string, start_local: string, extra: Partial<Meeting> = {}) => ({ id, start_local, end_local: start_local, ...extra });

describe('days and months', () => {
  it('adds days and months across month and year ends', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
    expect(addMonths('2026-12', 1)).toBe('2027-01');
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect(lastOfMonth('2026-02')).toBe('2026-02-28');
  });

  it('numbers the days of the week from Monday', () => {
    expect(weekdayIndex('2026-06-01')).toBe(0); // a Monday
    expect(weekdayIndex('2026-11-01')).toBe(6); // a Sunday
    expect(weekdayOf('2026-12-03')).toBe('th');
  });

  it('lays a month out in weeks from Monday to Sunday', () => {
    const weeks = monthGrid('2026-12'); // starts on a Tuesday, ends on a Thursday
    expect(weeks).toHaveLength(5);
    expect(weeks.every((w) => w.length === 7)).toBe(true);
    expect(weeks[0]).toEqual(['2026-11-30', '2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04', '2026-12-05', '2026-12-06']);
    expect(weeks[4]![6]).toBe('2027-01-03');
    expect(weeks.flat().map(weekdayIndex)).toEqual(weeks.flatMap(() => [0, 1, 2, 3, 4, 5, 6]));
  });

  it('gives a month that starts on a Sunday a first week of the month before', () => {
    const weeks = monthGrid('2026-11'); // 1 November 2026 is a Sunday
    expect(weeks[0]).toEqual(['2026-10-26', '2026-10-27', '2026-10-28', '2026-10-29', '2026-10-30', '2026-10-31', '2026-11-01']);
    expect(weeks).toHaveLength(6);
    expect(weeks[5]).toEqual(['2026-11-30', '2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04', '2026-12-05', '2026-12-06']);
  });

  it('needs only four weeks for a February from Monday to Sunday', () => {
    const weeks = monthGrid('2027-02');
    expect(weeks).toHaveLength(4);
    expect(weeks[0]![0]).toBe('2027-02-01');
    expect(weeks[3]![6]).toBe('2027-02-28');
  });

  it('asks for a day more on each side, as zones are up to 14 hours from UTC', () => {
    expect(rangeQuery('2026-11-30', '2027-01-03')).toEqual({ from: '2026-11-29T00:00:00.000Z', to: '2027-01-05T00:00:00.000Z' });
  });
});

describe('grouping by day', () => {
  const list = [
    meeting('c', '2026-12-03T18:00:00'),
    meeting('a', '2026-12-02T10:00:00'),
    meeting('b', '2026-12-03T09:00:00'),
    meeting('d', '2026-12-03T09:00:00'),
    meeting('e', '2026-11-29T23:30:00'),
  ];

  it('groups meetings by the day they start on their own clock, days and times in order', () => {
    expect(groupByDay(list).map((g) => [g.day, g.meetings.map((m) => m.id)])).toEqual([
      ['2026-11-29', ['e']],
      ['2026-12-02', ['a']],
      ['2026-12-03', ['b', 'd', 'c']],
    ]);
  });

  it('keeps only the days asked for (the range query is a day wider)', () => {
    expect(groupByDay(list, '2026-12-01', '2026-12-02').map((g) => g.day)).toEqual(['2026-12-02']);
  });
});

describe('times on the meeting’s clock', () => {
  it('formats the wall-clock time whatever the browser’s zone', () => {
    expect(formatTime('2026-05-16T16:00:00', 'sl')).toBe('16:00');
    expect(formatTime('2026-05-16T16:00:00', 'en')).toMatch(/^4:00\sPM$/u);
    expect(formatTimeRange('2026-05-16T16:00:00', '2026-05-16T19:30:00', 'uk')).toBe('16:00–19:30');
  });

  it('names days in the UI language', () => {
    const now = new Date(2026, 0, 10);
    expect(formatDayHeading('2026-05-16', 'en', now)).toBe('Saturday, May 16');
    expect(formatDayHeading('2026-05-16', 'sl', now)).toBe('sobota, 16. maj');
    expect(formatDayHeading('2027-05-16', 'en', now)).toContain('2027');
    expect(weekdayNames('en')[0]).toBe('Mon');
    expect(weekdayNames('sl', 'long')[6]).toBe('nedelja');
  });

  it('reads an instant on another zone’s clock', () => {
    expect(wallClockIn('2026-05-16T14:00:00Z', 'Europe/Ljubljana')).toBe('2026-05-16T16:00');
    expect(wallClockIn('2026-12-16T15:00:00Z', 'Europe/Ljubljana')).toBe('2026-12-16T16:00');
    expect(wallClockIn('2026-05-16T14:00:00Z', 'Not/AZone')).toBeNull();
  });

  it('tells when the viewer’s clock differs from the meeting’s (not by zone name)', () => {
    const m = { starts_at: '2026-05-16T14:00:00Z', start_local: '2026-05-16T16:00:00' };
    expect(clockDiffers(m, 'Europe/Ljubljana')).toBe(false);
    expect(clockDiffers(m, 'Europe/Rome')).toBe(false);
    expect(clockDiffers(m, 'UTC')).toBe(true);
    expect(clockDiffers(m, 'America/New_York')).toBe(true);
    expect(zoneCity('America/New_York')).toBe('New York');
  });
});

describe('a meeting as shown', () => {
  const base = { status: 'planned' as const, places_left: 3, my_place: null, ends_at: '2026-12-03T17:30:00Z' };
  const before = new Date('2026-12-01T10:00:00Z');

  it('offers registration, the waiting list when full, and says where the person stands', () => {
    expect(placeAction(base, before)).toEqual({ kind: 'register' });
    expect(placeAction({ ...base, places_left: null }, before)).toEqual({ kind: 'register' });
    expect(placeAction({ ...base, places_left: 0 }, before)).toEqual({ kind: 'wait' });
    const mine = { registration_id: 'r1', version: 2, status: 'waiting' as const, waiting_position: 2 };
    expect(placeAction({ ...base, places_left: 0, my_place: mine }, before)).toEqual({ kind: 'waiting', position: 2 });
    expect(placeAction({ ...base, my_place: { ...mine, status: 'registered', waiting_position: null } }, before)).toEqual({ kind: 'registered', promoted: false });
    expect(placeAction({ ...base, my_place: { ...mine, status: 'registered', promoted_at: '2026-12-01T09:00:00Z' } }, before)).toEqual({ kind: 'registered', promoted: true });
    // A cancelled registration may register again.
    expect(placeAction({ ...base, my_place: { ...mine, status: 'cancelled' } }, before)).toEqual({ kind: 'register' });
  });

  it('closes registration for cancelled, done and past meetings', () => {
    expect(placeAction({ ...base, status: 'cancelled' }, before).kind).toBe('closed');
    expect(placeAction({ ...base, status: 'done' }, before).kind).toBe('closed');
    expect(placeAction(base, new Date('2026-12-03T18:00:00Z')).kind).toBe('closed');
  });

  it('picks the text in the user’s language, else English, else the first', () => {
    expect(pickText({ en: 'Hello', ar: 'مرحبا' }, 'ar')).toEqual({ text: 'مرحبا', lang: 'ar' });
    expect(pickText({ en: 'Hello', sl: 'Živjo' }, 'uk')).toEqual({ text: 'Hello', lang: 'en' });
    expect(pickText({ sl: 'Živjo', fa: ' ' }, 'fa')).toEqual({ text: 'Živjo', lang: 'sl' });
    expect(pickText({}, 'en')).toBeNull();
  });

  it('tells where: a venue, online or by phone', () => {
    expect(placeOf({ venue: { id: 'v', name: 'Hall', childcare: false }, online_url: null, phone_line: null })).toBe('venue');
    expect(placeOf({ venue: null, online_url: 'https://x.org', phone_line: null })).toBe('online');
    expect(placeOf({ venue: null, online_url: null, phone_line: '+386 1' })).toBe('phone');
  });
});

/** A filled-in form for a new meeting. */
function filled(change: Partial<Draft> = {}): Draft {
  return {
    ...draftOf(undefined, 'en'),
    texts: [
      { key: 1, lang: 'en', title: ' Sewing workshop ', description: 'Bring clothes.\n' },
      { key: 2, lang: 'ar', title: 'ورشة خياطة', description: '' },
    ],
    venue_id: 'v1',
    date: '2026-12-03',
    start: '16:00',
    end: '18:30',
    capacity: '١٢',
    ...change,
  };
}

describe('the meeting form', () => {
  it('makes the API’s fields: texts by language, the chosen place only, local times, digits as ASCII', () => {
    const f = fieldsOf(filled({ online_url: 'https://left.over', place: 'venue' }));
    expect(f.title).toEqual({ en: 'Sewing workshop', ar: 'ورشة خياطة' });
    expect(f.description).toEqual({ en: 'Bring clothes.' });
    expect(f.venue_id).toBe('v1');
    expect(f.online_url).toBeNull();
    expect(f.start_local).toBe('2026-12-03T16:00:00');
    expect(f.end_local).toBe('2026-12-03T18:30:00');
    expect(f.capacity).toBe(12);
    expect(f.slot_minutes).toBeNull();
  });

  it('ends a meeting the next day when the end time is before the start', () => {
    const d = filled({ start: '22:00', end: '01:00' });
    expect(endsNextDay(d)).toBe(true);
    expect(fieldsOf(d).end_local).toBe('2026-12-04T01:00:00');
  });

  it('sends slots only for office hours and mentoring', () => {
    expect(fieldsOf(filled({ slot_minutes: '30' })).slot_minutes).toBeNull();
    const f = fieldsOf(filled({ kind: 'office_hours', slot_minutes: '30', slot_capacity: '', slot_modes: ['phone'] }));
    expect([f.slot_minutes, f.slot_capacity, f.slot_modes]).toEqual([30, null, ['phone']]);
  });

  it('patches only what changed; a language taken out is sent as null', () => {
    const m = {
      kind: 'workshop',
      title: { en: 'Sewing', ar: 'خياطة' },
      description: { en: 'Bring clothes.' },
      venue: { id: 'v1', name: 'Hall', childcare: false },
      online_url: null,
      phone_line: null,
      start_local: '2026-12-03T16:00:00',
      end_local: '2026-12-03T18:30:00',
      capacity: 12,
      audience: 'participants',
      languages: ['sl'],
      interpretation: [],
      childcare: false,
      slots: null,
    } as unknown as Meeting;
    const d = draftOf(m, 'ar');
    expect(d.texts.map((r) => r.lang)).toEqual(['ar', 'en']);
    const before = fieldsOf(d);
    expect(mergePatch(before, fieldsOf(d))).toEqual({});
    const after = fieldsOf({ ...d, texts: d.texts.filter((r) => r.lang === 'en'), end: '19:00', capacity: '' });
    expect(mergePatch(before, after)).toEqual({ title: { en: 'Sewing', ar: null }, end_local: '2026-12-03T19:00:00', capacity: null });
  });

  it('checks what it can before sending', () => {
    expect(validate(filled())).toEqual({});
    const e = validate(filled({ texts: [{ key: 1, lang: 'en', title: ' ', description: '' }], venue_id: '', date: '', start: '10:00', end: '10:00', capacity: '0' }));
    expect(e).toEqual({ title: 'field_error.required', venue_id: 'field_error.required', date: 'field_error.required', end: 'field_error.order', capacity: 'field_error.range' });
    expect(validate(filled({ place: 'online', online_url: 'meet.jit.si/x' })).online_url).toBe('field_error.invalid');
    expect(validate(filled({ texts: [...filled().texts, { key: 3, lang: 'en', title: 'Again', description: '' }] }))['texts[2].lang']).toBe('field_error.duplicate');
  });

  it('puts the server’s field errors at their fields, also a series’ (meeting.… and pattern.…)', () => {
    expect(formField('start_local')).toBe('start');
    expect(formField('meeting.venue_id')).toBe('venue_id');
    expect(formField('title.en')).toBe('title');
    expect(formField('pattern.until')).toBe('pattern.until');
    expect(formField('pattern')).toBe('pattern');
    expect(formField('organiser_ids')).toBeNull();
    expect(fieldId('texts[1].title')).toBe('m-texts-1-title');
    expect(fieldId('pattern.count')).toBe('m-pattern-count');
  });
});

describe('repeats', () => {
  it('makes no pattern for a single meeting', () => {
    expect(patternOf(NO_REPEAT)).toBeNull();
  });

  it('repeats weekly on the chosen days (in week order), a number of times', () => {
    const r = { ...repeatFor('weekly', '2026-12-03', NO_REPEAT), weekdays: ['sa' as const, 'tu' as const, 'th' as const], count: '12' };
    expect(patternOf(r)).toEqual({ freq: 'weekly', weekdays: ['tu', 'th', 'sa'], count: 12 });
    expect(repeatFor('weekly', '2026-12-03', NO_REPEAT).weekdays).toEqual(['th']);
  });

  it('repeats every other week until a day', () => {
    const r = { ...repeatFor('weekly', '2026-12-03', NO_REPEAT), interval: '2', ends: 'until' as const, until: '2027-03-31' };
    expect(patternOf(r)).toEqual({ freq: 'weekly', interval: 2, weekdays: ['th'], until: '2027-03-31' });
  });

  it('repeats monthly on the nth weekday, taken from the first meeting’s date', () => {
    expect(nthOf('2026-12-03')).toBe('1');
    expect(nthOf('2026-12-15')).toBe('3');
    expect(nthOf('2026-12-29')).toBe('-1');
    const first = repeatFor('monthly', '2026-12-15', NO_REPEAT);
    expect(patternOf({ ...first, count: '6' })).toEqual({ freq: 'monthly', weekdays: ['tu'], nth: 3, count: 6 });
    const last = repeatFor('monthly', '2026-12-29', NO_REPEAT);
    expect(patternOf(last)).toEqual({ freq: 'monthly', weekdays: ['tu'], nth: -1, count: 10 });
  });

  it('repeats daily', () => {
    expect(patternOf({ ...NO_REPEAT, freq: 'daily', count: '5' })).toEqual({ freq: 'daily', count: 5 });
  });

  it('checks the repetition: days, an end after the start, at most 400 meetings', () => {
    const d = filled({ repeat: { ...NO_REPEAT, freq: 'weekly', weekdays: [], ends: 'until', until: '2026-12-01' } });
    expect(validate(d)).toEqual({ 'pattern.weekdays': 'field_error.required', 'pattern.until': 'field_error.before_start' });
    expect(validate(filled({ repeat: { ...NO_REPEAT, freq: 'daily', count: '401' } }))).toEqual({ 'pattern.count': 'field_error.range' });
    expect(validate(filled({ repeat: { ...NO_REPEAT, freq: 'daily', interval: '0' } }))).toEqual({ 'pattern.interval': 'field_error.range' });
    // Editing one meeting does not check a repetition.
    expect(validate(filled({ repeat: { ...NO_REPEAT, freq: 'daily', count: '0' } }), { repeat: false })).toEqual({});
  });
});
