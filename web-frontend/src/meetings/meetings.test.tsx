// @vitest-environment happy-dom
// The meeting screens through the whole app against a fake API: the agenda
// (month and list), a meeting's page with a participant's place and the
// coordinator's buttons, the meeting form (one meeting, a series, an
// occurrence of a series, errors) and the venues.
import { afterEach, beforeAll, beforeEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { ar, en } from '../i18n/all';
import { $, $$, called, calls, check, choose, click, CODES, initI18n, serve, setLanguage, setUp, showAs, submit, tearDown, text, type, until } from '../testing/app-harness';
import { json, problem } from '../testing/fake-auth';
import type { Meeting, Series, Venue } from './model';

beforeAll(() => initI18n('en'));

const fill = (s: string, vars: Record<string, string | number>) => s.replace(/\{\{(\w+)\}\}/g, (_, k: string) => String(vars[k]));

const VENUE: Venue = {
  id: 'v-1',
  name: 'Skupaj hall',
  address: 'Metelkova 6\n1000 Ljubljana',
  capacity: 40,
  accessibility: 'Step-free entrance',
  childcare: true,
  languages: ['sl'],
  map_url: 'https://www.openstreetmap.org/?mlat=46.05&mlon=14.51',
  time_zone: 'Europe/Ljubljana',
  archived: false,
  created_at: '2026-11-01T10:00:00Z',
  updated_at: '2026-11-01T10:00:00Z',
  version: 1,
};

function meeting(id: string, start_local: string, extra: Partial<Meeting> = {}): Meeting {
  const end_local = extra.end_local ?? `${start_local.slice(0, 11)}${String(Number(start_local.slice(11, 13)) + 2).padStart(2, '0')}:00:00`;
  return {
    id,
    series_id: null,
    detached: false,
    kind: 'workshop',
    title: { en: `Meeting ${id}` },
    display_title: `Meeting ${id}`,
    description: {},
    venue: { id: VENUE.id, name: VENUE.name, address: VENUE.address, map_url: VENUE.map_url, accessibility: VENUE.accessibility, childcare: true, capacity: 40 },
    online_url: null,
    phone_line: null,
    // Ljubljana in winter: UTC+1.
    starts_at: `${start_local.slice(0, 11)}${String(Number(start_local.slice(11, 13)) - 1).padStart(2, '0')}:00:00Z`,
    ends_at: `${end_local.slice(0, 11)}${String(Number(end_local.slice(11, 13)) - 1).padStart(2, '0')}:00:00Z`,
    time_zone: 'Europe/Ljubljana',
    start_local,
    end_local,
    capacity: 10,
    audience: 'participants',
    languages: ['sl'],
    interpretation: ['ar'],
    childcare: false,
    status: 'planned',
    slots: null,
    staff: [{ user_id: 'u-1', name: 'Maja Novak', role: 'organiser' }],
    registered_count: 4,
    waiting_count: 0,
    places_left: 6,
    my_place: null,
    created_at: '2026-11-01T10:00:00Z',
    updated_at: '2026-11-01T10:00:00Z',
    deleted_at: null,
    version: 3,
    ...extra,
  };
}

const MEETING_CODES: [string, [string, string][]][] = [
  ['meeting-kinds', [['co_creation', 'Co-creation meeting'], ['office_hours', 'Advising office hours'], ['workshop', 'Workshop'], ['info_session', 'Info session']]],
  ['meeting-audiences', [['participants', 'The organisation’s participants'], ['public', 'Public']]],
  ['meeting-statuses', [['planned', 'Planned'], ['cancelled', 'Cancelled'], ['done', 'Done']]],
  ['booking-modes', [['in_person', 'In person'], ['phone', 'By phone']]],
];

/** The app's code lists plus the meetings' (the harness serves CODES). */
function withMeetingCodes() {
  for (const [name, items] of MEETING_CODES) CODES[name] = items;
}

describe('the agenda', () => {
  beforeEach(async () => {
    await setUp();
    withMeetingCodes();
  });
  afterEach(tearDown);

  it('shows a month from Monday with every page of its meetings as chips on their days, today marked', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: new Date(2026, 10, 18, 12) });
    try {
      const pages = [
        [meeting('m-1', '2026-11-02T10:00:00'), meeting('m-2', '2026-11-18T16:00:00', { status: 'cancelled' })],
        [meeting('m-3', '2026-11-30T09:00:00'), meeting('m-4', '2026-12-07T09:00:00')],
      ];
      serve({
        'GET /api/v1/meetings': (_r, url) => {
          const i = Number(url.searchParams.get('cursor') ?? 0);
          return json({ items: pages[i] ?? [], next_cursor: i + 1 < pages.length ? String(i + 1) : null });
        },
      });
      await showAs('coordinator', '/meetings?view=month');
      await until(() => $$('[data-testid="month-chip"]').length === 3, 'the chips of both pages');
      const asked = called('GET', '/api/v1/meetings');
      expect(asked).toHaveLength(2);
      // November 2026 starts on a Sunday: the grid starts on Monday 26 October and ends on Sunday 6 December.
      expect(asked[0]!.query.get('from')).toBe('2026-10-25T00:00:00.000Z');
      expect(asked[0]!.query.get('to')).toBe('2026-12-08T00:00:00.000Z');
      expect(asked[0]!.query.get('limit')).toBe('100');
      expect(asked[1]!.query.get('cursor')).toBe('1');
      const days = $$('[data-testid="month-day"]');
      expect(days).toHaveLength(42);
      expect(days[0]!.dataset.day).toBe('2026-10-26');
      expect(days[41]!.dataset.day).toBe('2026-12-06');
      expect($$('.month-grid th').map((th) => th.textContent)).toEqual(['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']);
      expect($('[data-day="2026-11-02"] [data-testid="month-chip"]')!.getAttribute('href')).toBe('/meetings/m-1');
      expect($('[data-day="2026-11-18"] [data-testid="month-chip"]')!.classList.contains('status-cancelled')).toBe(true);
      expect($('[data-day="2026-11-30"] [data-testid="month-chip"]')!.textContent).toContain('Meeting m-3');
      // m-4 is after the grid: fetched with the margin, not shown.
      expect($('[data-id="m-4"]')).toBeNull();
      expect($('[aria-current="date"]')!.dataset.day).toBe('2026-11-18');
      expect(text('[data-testid="month-name"]')).toBe('November 2026');
      expect($('[data-testid="plan-meeting"]')!.getAttribute('href')).toBe('/meetings/new');

      await click($('[data-testid="next-month"]'));
      await until(() => location.search.includes('month=2026-12'), 'the next month in the address');
      await until(() => called('GET', '/api/v1/meetings').some((c) => c.query.get('from') === '2026-11-29T00:00:00.000Z'), 'December asked for');
      expect(text('[data-testid="month-name"]')).toBe('December 2026');
    } finally {
      vi.useRealTimers();
    }
  });

  it('lists a month by day with times on the meeting’s clock, place, places left and status; filters by kind and mine', async () => {
    serve({
      'GET /api/v1/meetings': () =>
        json({
          items: [
            meeting('m-1', '2027-01-12T10:00:00', { places_left: 0, kind: 'info_session' }),
            meeting('m-2', '2027-01-12T18:00:00', { venue: null, online_url: 'https://meet.jit.si/x', capacity: null, places_left: null }),
            meeting('m-3', '2027-01-14T09:00:00', { venue: null, phone_line: '+386 1 234 56 78', status: 'cancelled' }),
          ],
          next_cursor: null,
        }),
    });
    await showAs('participant', '/meetings?month=2027-01&view=list');
    await until(() => $$('[data-testid="agenda-item"]').length === 3, 'the list');
    expect($$('[data-testid="agenda-day"]').map((d) => d.dataset.day)).toEqual(['2027-01-12', '2027-01-14']);
    expect($$('.day-heading')[0]!.textContent).toContain('Tuesday, January 12');
    const [a, b, c] = $$('[data-testid="agenda-item"]');
    expect(a!.textContent).toMatch(/10:00\sAM–12:00\sPM/u);
    expect(a!.textContent).toContain('Info session');
    expect(a!.textContent).toContain('Skupaj hall');
    expect(a!.querySelector('[data-testid="places-left"]')!.textContent).toBe(en.meetings.full_waiting_list);
    expect(b!.textContent).toContain(en.meetings.online);
    expect(b!.querySelector('[data-testid="places-left"]')).toBeNull();
    expect(c!.textContent).toContain(en.meetings.by_phone);
    expect(c!.querySelector('[data-testid="meeting-status"]')!.textContent).toBe('Cancelled');
    // Participants plan nothing.
    expect($('[data-testid="plan-meeting"]')).toBeNull();

    await choose('#a-kind', 'workshop');
    await until(() => called('GET', '/api/v1/meetings').some((x) => x.query.get('kind') === 'workshop'), 'the kind filter');
    await check('#a-mine');
    await until(() => called('GET', '/api/v1/meetings').some((x) => x.query.get('mine') === 'true' && x.query.get('kind') === 'workshop'), 'mine too');
    expect(location.search).toContain('mine=1');
  });

  it('says when a month has none, in Arabic right to left', async () => {
    serve({ 'GET /api/v1/meetings': () => json({ items: [], next_cursor: null }) });
    await setLanguage('ar');
    await showAs('adviser', '/meetings?month=2027-03&view=list');
    await until(() => $('[data-testid="agenda-empty"]'), 'the empty message');
    expect(text('[data-testid="agenda-empty"]')).toBe(ar.meetings.none_month);
    expect(document.documentElement.dir).toBe('rtl');
    expect(text('h1')).toBe(ar.meetings.title);
  });
});

describe('a meeting’s page', () => {
  beforeEach(async () => {
    await setUp();
    withMeetingCodes();
  });
  afterEach(tearDown);

  it('shows when, where, languages, places and the description as plain text', async () => {
    const m = meeting('m-1', '2026-12-03T16:00:00', {
      description: { en: 'Line one\n<img src=x onerror="alert(1)">' },
      online_url: null,
      time_zone: 'Pacific/Kiritimati',
      starts_at: '2026-12-03T02:00:00Z',
    });
    serve({ 'GET /api/v1/meetings/m-1': () => json(m) });
    await showAs('coordinator', '/meetings/m-1');
    await until(() => $('[data-testid="meeting-title"]'), 'the page');
    expect(text('[data-testid="meeting-title"]')).toBe('Meeting m-1');
    expect(text('[data-testid="meeting-when"]')).toContain('Thursday, December 3, 2026');
    // Kiritimati's clock is nobody's here: the zone and the viewer's time are shown.
    expect(text('[data-testid="zone-note"]')).toContain('Kiritimati');
    const where = $('[data-testid="meeting-where"]')!;
    expect(where.textContent).toContain('Skupaj hall');
    expect(where.textContent).toContain('Step-free entrance');
    const map = $('[data-testid="map-link"]')!;
    expect(map.getAttribute('href')).toBe(VENUE.map_url);
    expect(map.getAttribute('rel')).toBe('noopener noreferrer');
    expect(text('[data-testid="meeting-languages"]')).toBe('Slovenian');
    expect(text('[data-testid="meeting-interpretation"]')).toBe('Arabic');
    expect(text('[data-testid="meeting-places"]')).toContain(fill(en.meetings.capacity_left, { n: 6, capacity: 10 }));
    const description = $('[data-testid="meeting-description"]')!;
    expect(description.textContent).toBe('Line one\n<img src=x onerror="alert(1)">');
    expect(description.querySelector('img')).toBeNull();
    // Coordinators: edit and cancel; no place of their own.
    expect($('[data-testid="edit-meeting"]')!.getAttribute('href')).toBe('/meetings/m-1/edit');
    expect($('[data-testid="my-place"]')).toBeNull();
    const calendar = $('[data-testid="add-to-calendar"]')!;
    expect(calendar.getAttribute('href')).toBe('/api/v1/meetings/m-1/calendar.ics');
    expect(calendar.hasAttribute('download')).toBe(true);
  });

  it('links a phone line with tel: and an online meeting as an external link', async () => {
    // Its clock is the viewer's (the test's zone): no zone note.
    const here = { starts_at: new Date(2030, 11, 3, 16).toISOString(), ends_at: new Date(2030, 11, 3, 18).toISOString() };
    serve({ 'GET /api/v1/meetings/m-2': () => json(meeting('m-2', '2030-12-03T16:00:00', { ...here, venue: null, online_url: 'https://meet.jit.si/x', phone_line: '+386 1 234 56 78' })) });
    await showAs('participant', '/meetings/m-2');
    await until(() => $('[data-testid="phone-link"]'), 'the phone link');
    expect($('[data-testid="phone-link"]')!.getAttribute('href')).toBe('tel:+38612345678');
    expect($('[data-testid="online-link"]')!.getAttribute('rel')).toBe('noopener noreferrer');
    expect($('[data-testid="zone-note"]')).toBeNull();
  });

  it('registers a participant with one Idempotency-Key per intent, reused when the answer was lost', async () => {
    let m = meeting('m-1', '2030-12-20T16:00:00');
    let attempts = 0;
    serve({
      'GET /api/v1/meetings/m-1': () => json(m),
      'POST /api/v1/meetings/m-1/registrations': () => {
        attempts += 1;
        if (attempts === 1) throw new TypeError('Failed to fetch');
        m = { ...m, places_left: 5, my_place: { registration_id: 'r-1', status: 'registered', version: 1 } };
        return json({ id: 'r-1', meeting_id: 'm-1', participant_id: 'p-1', status: 'registered', version: 1 }, 201);
      },
    });
    await showAs('participant', '/meetings/m-1');
    await click(await until(() => $('[data-testid="register"]'), 'Register'));
    await until(() => $('[data-testid="place-error"]'), 'the network error');
    expect(text('[data-testid="place-error"]')).toBe(en.problem.network);
    await click($('[data-testid="register"]'));
    await until(() => $('[data-testid="my-place"][data-state="registered"]'), 'registered');
    const keys = called('POST', '/api/v1/meetings/m-1/registrations').map((c) => c.headers.get('Idempotency-Key'));
    expect(keys).toHaveLength(2);
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(keys[1]).toBe(keys[0]);
    expect(text('[data-testid="place-state"]')).toBe(en.meetings.you_are_registered);
  });

  it('offers the waiting list when full, shows the number, and the 409’s detail', async () => {
    const m = meeting('m-1', '2030-12-20T16:00:00', { places_left: 0 });
    serve({
      'GET /api/v1/meetings/m-1': () => json(m),
      'POST /api/v1/meetings/m-1/registrations': () => problem(409, 'conflict', { detail: 'You are already on the waiting list.' }),
    });
    await showAs('participant', '/meetings/m-1');
    await click(await until(() => $('[data-testid="join-waiting-list"]'), 'Join the waiting list'));
    await until(() => $('[data-testid="place-error"]'), 'the conflict');
    expect(text('[data-testid="place-error"]')).toBe('You are already on the waiting list.');
  });

  it('tells a participant their number on the waiting list', async () => {
    const m = meeting('m-1', '2030-12-20T16:00:00', { places_left: 0, my_place: { registration_id: 'r-1', status: 'waiting', waiting_position: 2, version: 1 } });
    serve({ 'GET /api/v1/meetings/m-1': () => json(m) });
    await showAs('participant', '/meetings/m-1');
    await until(() => $('[data-testid="place-state"]'), 'the state');
    expect(text('[data-testid="place-state"]')).toBe(fill(en.meetings.waiting_number, { n: 2 }));
    expect(text('[data-testid="cancel-registration"]')).toBe(en.meetings.leave_waiting_list);
  });

  it('tells a participant who moved up from the waiting list that they got a place', async () => {
    const m = meeting('m-1', '2030-12-20T16:00:00', { my_place: { registration_id: 'r-1', status: 'registered', promoted_at: '2030-12-10T08:00:00Z', version: 2 } });
    serve({ 'GET /api/v1/meetings/m-1': () => json(m) });
    await showAs('participant', '/meetings/m-1');
    await until(() => $('[data-testid="my-place"][data-state="registered"]'), 'registered');
    expect(text('[data-testid="place-state"]')).toBe(en.meetings.you_got_a_place);
  });

  it('cancels a participant’s registration with its version, after asking', async () => {
    let m = meeting('m-1', '2030-12-20T16:00:00', { my_place: { registration_id: 'r-1', status: 'registered', version: 4 } });
    serve({
      'GET /api/v1/meetings/m-1': () => json(m),
      'PATCH /api/v1/registrations/r-1': () => {
        m = { ...m, my_place: { registration_id: 'r-1', status: 'cancelled', version: 5 } };
        return json({ id: 'r-1', meeting_id: 'm-1', participant_id: 'p-1', status: 'cancelled', version: 5 });
      },
    });
    await showAs('participant', '/meetings/m-1');
    await click(await until(() => $('[data-testid="cancel-registration"]'), 'Cancel my registration'));
    const dialog = await until(() => $('[data-testid="cancel-registration-dialog"]'), 'the question');
    expect(called('PATCH', '/api/v1/registrations/r-1')).toHaveLength(0);
    await click(dialog.querySelector('[data-testid="confirm"]'));
    await until(() => $('[data-testid="my-place"][data-state="register"]'), 'free to register again');
    expect(called('PATCH', '/api/v1/registrations/r-1')[0]!.body).toEqual({ status: 'cancelled', version: 4 });
  });

  it('lets a coordinator cancel the meeting after confirming', async () => {
    const m = meeting('m-1', '2030-12-20T16:00:00');
    serve({
      'GET /api/v1/meetings/m-1': () => json(m),
      'PATCH /api/v1/meetings/m-1': () => json({ ...m, status: 'cancelled', version: 4 }),
    });
    await showAs('coordinator', '/meetings/m-1');
    await click(await until(() => $('[data-testid="cancel-meeting"]'), 'Cancel the meeting'));
    const dialog = await until(() => $('[data-testid="cancel-meeting-dialog"]'), 'the question');
    await click(dialog.querySelector('[data-testid="confirm"]'));
    await until(() => $('[data-testid="cancelled-note"]'), 'cancelled');
    expect(called('PATCH', '/api/v1/meetings/m-1')[0]!.body).toEqual({ status: 'cancelled', version: 3 });
    expect($('[data-testid="cancel-meeting"]')).toBeNull();
  });

  it('saves the calendar file fetched with the access token', async () => {
    const created: Blob[] = [];
    const saved = { create: URL.createObjectURL, revoke: URL.revokeObjectURL, click: HTMLAnchorElement.prototype.click };
    URL.createObjectURL = (b: Blob) => {
      created.push(b);
      return 'blob:x';
    };
    URL.revokeObjectURL = () => undefined;
    // The browser would save the file; happy-dom would navigate to it.
    const clicks = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      if (!this.href.startsWith('blob:')) saved.click.call(this);
    });
    onTestFinished(() => {
      URL.createObjectURL = saved.create;
      URL.revokeObjectURL = saved.revoke;
      clicks.mockRestore();
    });
    serve({
      'GET /api/v1/meetings/m-1': () => json(meeting('m-1', '2030-12-20T16:00:00')),
      'GET /api/v1/meetings/m-1/calendar.ics': () => new Response('BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n', { headers: { 'Content-Type': 'text/calendar' } }),
    });
    await showAs('participant', '/meetings/m-1');
    await click(await until(() => $('[data-testid="add-to-calendar"]'), 'the link'));
    await until(() => $('[data-testid="action-notice"]'), 'saved');
    const call = called('GET', '/api/v1/meetings/m-1/calendar.ics')[0]!;
    expect(call.headers.get('Authorization')).toMatch(/^Bearer /);
    expect(await created[0]!.text()).toContain('BEGIN:VCALENDAR');
    expect(clicks.mock.instances.some((a) => (a as HTMLAnchorElement).download === 'meeting-2030-12-20.ics')).toBe(true);
  });

  it('says so when the meeting is not there or not open to the person', async () => {
    serve({ 'GET /api/v1/meetings/nope': () => problem(404, 'not_found') });
    await showAs('partner', '/meetings/nope');
    await until(() => text('h1') === en.meetings.not_found_title, 'not found');
  });

  it('is not for analysts', async () => {
    await showAs('analyst', '/meetings');
    await until(() => text('h1') === en.forbidden.title, 'forbidden');
    expect(called('GET', '/api/v1/meetings')).toHaveLength(0);
  });
});

describe('the meeting form', () => {
  beforeEach(async () => {
    await setUp();
    withMeetingCodes();
  });
  afterEach(tearDown);

  const venues = () => json({ items: [VENUE], next_cursor: null });

  /** Fills the form for a workshop in English and Arabic at the venue on 3 December 2026. */
  async function fillForm() {
    await choose('#m-kind', 'workshop');
    await type('#m-texts-0-title', 'Sewing workshop');
    await type('#m-texts-0-description', 'Bring clothes.');
    await click($('[data-testid="add-text"]'));
    await choose('#m-texts-1-lang', 'ar');
    await type('#m-texts-1-title', 'ورشة خياطة');
    await choose('#m-venue_id', 'v-1');
    await type('#m-date', '2026-12-03');
    await type('#m-start', '16:00');
    await type('#m-end', '18:30');
    await type('#m-capacity', '12');
    await check('[data-testid="m-interpretation"] input[value="ar"]');
  }

  it('plans one meeting and opens it', async () => {
    serve({
      'GET /api/v1/venues': venues,
      'POST /api/v1/meetings': () => json(meeting('new-1', '2026-12-03T16:00:00'), 201),
      'GET /api/v1/meetings/new-1': () => json(meeting('new-1', '2026-12-03T16:00:00')),
    });
    await showAs('coordinator', '/meetings/new');
    await until(() => $('#m-venue_id option[value="v-1"]'), 'the venues');
    expect(text('[data-testid="when"]')).toContain(en.meetings.zone_hint_default);
    await fillForm();
    // The times are the venue's wall clock.
    expect(text('[data-testid="when"]')).toContain(fill(en.meetings.zone_hint, { city: 'Ljubljana', zone: 'Europe/Ljubljana' }));
    await submit('[data-testid="meeting-form"]');
    await until(() => location.pathname === '/meetings/new-1', 'the new meeting');
    const body = called('POST', '/api/v1/meetings')[0]!.body as Record<string, unknown>;
    expect(body).toMatchObject({
      kind: 'workshop',
      title: { en: 'Sewing workshop', ar: 'ورشة خياطة' },
      description: { en: 'Bring clothes.' },
      venue_id: 'v-1',
      online_url: null,
      phone_line: null,
      start_local: '2026-12-03T16:00:00',
      end_local: '2026-12-03T18:30:00',
      capacity: 12,
      audience: 'participants',
      interpretation: ['ar'],
    });
    await until(() => $('[data-testid="meeting-notice"]'), 'the notice');
    expect(text('[data-testid="meeting-notice"]')).toBe(en.meetings.planned_notice);
  });

  it('plans a weekly series on the chosen days and opens its first meeting', async () => {
    serve({
      'GET /api/v1/venues': venues,
      'POST /api/v1/meeting-series': () =>
        json(
          {
            id: 's-1',
            rrule: 'FREQ=WEEKLY;BYDAY=TU,TH;COUNT=8',
            pattern: { freq: 'weekly', weekdays: ['tu', 'th'], count: 8 },
            first_start_local: '2026-12-03T16:00:00',
            time_zone: 'Europe/Ljubljana',
            duration_minutes: 120,
            exdates: [],
            occurrences: ['first', 'second'].map((id, i) => ({
              meeting_id: id,
              start_local: `2026-12-0${3 + 5 * i}T16:00:00`,
              end_local: `2026-12-0${3 + 5 * i}T18:00:00`,
              occurrence_local: `2026-12-0${3 + 5 * i}T16:00:00`,
              starts_at: `2026-12-0${3 + 5 * i}T15:00:00Z`,
              status: 'planned',
              detached: false,
              version: 1,
            })),
            created_at: '2026-11-01T10:00:00Z',
            updated_at: '2026-11-01T10:00:00Z',
            version: 1,
          } satisfies Series,
          201,
        ),
      'GET /api/v1/meetings/first': () => json(meeting('first', '2026-12-03T16:00:00', { series_id: 's-1' })),
    });
    await showAs('coordinator', '/meetings/new');
    await until(() => $('#m-venue_id option[value="v-1"]'), 'the venues');
    await fillForm();
    await choose('#m-repeat', 'weekly');
    // The first meeting's weekday (a Thursday) is ticked; add Tuesday.
    expect($<HTMLInputElement>('#m-pattern-weekdays input[value="th"]')!.checked).toBe(true);
    await check('#m-pattern-weekdays input[value="tu"]');
    await type('#m-pattern-count', '8');
    await submit('[data-testid="meeting-form"]');
    await until(() => location.pathname === '/meetings/first', 'the first meeting');
    const body = called('POST', '/api/v1/meeting-series')[0]!.body as { meeting: Record<string, unknown>; pattern: unknown };
    expect(body.pattern).toEqual({ freq: 'weekly', weekdays: ['tu', 'th'], count: 8 });
    expect(body.meeting).toMatchObject({ kind: 'workshop', venue_id: 'v-1', start_local: '2026-12-03T16:00:00' });
    // The first meeting comes with the answer: nothing else is asked for.
    expect(called('GET', '/api/v1/meetings')).toHaveLength(0);
  });

  it('checks fields before sending and shows the server’s field errors at their fields', async () => {
    serve({
      'GET /api/v1/venues': venues,
      'POST /api/v1/meetings': () =>
        problem(422, 'validation_failed', {
          errors: [
            { field: 'start_local', code: 'nonexistent_local_time', message: 'the clocks skip this time' },
            { field: 'capacity', code: 'venue_capacity', message: 'the venue holds 40 people' },
          ],
        }),
    });
    await showAs('coordinator', '/meetings/new');
    await until(() => $('#m-venue_id option[value="v-1"]'), 'the venues');
    await submit('[data-testid="meeting-form"]');
    await until(() => $('#m-date-error'), 'the errors');
    expect(text('#m-date-error')).toBe(en.field_error.required);
    expect(text('#m-venue_id-error')).toBe(en.field_error.required);
    expect(text('#m-title-error')).toBe(en.field_error.required);
    expect(called('POST', '/api/v1/meetings')).toHaveLength(0);

    await fillForm();
    await submit('[data-testid="meeting-form"]');
    await until(() => $('#m-start-error'), 'the server’s errors');
    expect(text('#m-start-error')).toBe(en.field_error.nonexistent_local_time);
    expect(text('#m-capacity-error')).toBe(en.field_error.venue_capacity);
  });

  it('adds a venue without leaving the form and chooses it', async () => {
    const added = { ...VENUE, id: 'v-2', name: 'Library, Trubarjeva 1', capacity: null };
    serve({
      'GET /api/v1/venues': () => json({ items: [], next_cursor: null }),
      'POST /api/v1/venues': () => json(added, 201),
    });
    await showAs('coordinator', '/meetings/new');
    await click(await until(() => $('[data-testid="add-venue-inline"]'), 'Add a venue'));
    await type('#vq-name', 'Library, Trubarjeva 1');
    await click($('[data-testid="save-venue-inline"]'));
    await until(() => $<HTMLSelectElement>('#m-venue_id')?.value === 'v-2', 'the new venue chosen');
    expect(called('POST', '/api/v1/venues')[0]!.body).toEqual({ name: 'Library, Trubarjeva 1', address: null, capacity: null });
  });

  it('changes only what changed, with the version; a stale version offers a reload', async () => {
    let m = meeting('m-1', '2026-12-03T16:00:00', { title: { en: 'Sewing', ar: 'خياطة' }, display_title: 'Sewing' });
    serve({
      'GET /api/v1/venues': venues,
      'GET /api/v1/meetings/m-1': () => json(m),
      'PATCH /api/v1/meetings/m-1': () => problem(409, 'version_conflict'),
    });
    await showAs('coordinator', '/meetings/m-1/edit');
    await until(() => $<HTMLInputElement>('#m-texts-0-title')?.value === 'Sewing', 'the form');
    expect($('[data-testid="repeats"]')).toBeNull();
    expect($('[data-testid="scope"]')).toBeNull();
    await type('#m-end', '19:00');
    await submit('[data-testid="meeting-form"]');
    await until(() => $('[data-testid="version-conflict"]'), 'the conflict');
    const patch = called('PATCH', '/api/v1/meetings/m-1')[0]!;
    expect(patch.body).toEqual({ end_local: '2026-12-03T19:00:00', version: 3 });
    expect(patch.query.get('scope')).toBeNull();

    m = { ...m, version: 4 };
    await click($('[data-testid="version-conflict"] button'));
    await until(() => called('GET', '/api/v1/meetings/m-1').length === 2, 'reloaded');
  });

  it('asks which meetings of a series a change is for and sends the scope', async () => {
    const m = meeting('m-1', '2026-12-03T16:00:00', { series_id: 's-1' });
    serve({
      'GET /api/v1/venues': venues,
      'GET /api/v1/meetings/m-1': () => json(m),
      'PATCH /api/v1/meetings/m-1': () => json({ ...m, version: 4 }),
    });
    await showAs('coordinator', '/meetings/m-1/edit');
    await until(() => $('[data-testid="scope"]'), 'the scope question');
    await type('#m-capacity', '8');
    await submit('[data-testid="meeting-form"]');
    await until(() => $('#m-scope .field-error'), 'a scope is needed');
    expect(called('PATCH', '/api/v1/meetings/m-1')).toHaveLength(0);
    await check('#m-scope-following');
    await submit('[data-testid="meeting-form"]');
    await until(() => location.pathname === '/meetings/m-1', 'back on the meeting');
    const patch = called('PATCH', '/api/v1/meetings/m-1')[0]!;
    expect(patch.query.get('scope')).toBe('following');
    expect(patch.body).toEqual({ capacity: 8, version: 3 });
  });

  it('is only for coordinators and admins', async () => {
    await showAs('adviser', '/meetings/new');
    await until(() => text('h1') === en.forbidden.title, 'forbidden');
  });
});

describe('venues', () => {
  beforeEach(setUp);
  afterEach(tearDown);

  it('lists the venues and adds one', async () => {
    serve({
      'GET /api/v1/venues': () => json({ items: [VENUE], next_cursor: null }),
      'POST /api/v1/venues': () => json({ ...VENUE, id: 'v-2', name: 'Library' }, 201),
    });
    await showAs('coordinator', '/meetings/venues');
    await until(() => $$('[data-testid="venue-row"]').length === 1, 'the list');
    expect($('[data-testid="venue-row"] a')!.getAttribute('href')).toBe('/meetings/venues/v-1');
    await click($('[data-testid="new-venue"]'));
    await until(() => $('[data-testid="venue-form"]'), 'the form');
    await type('#v-name', 'Library');
    await type('#v-capacity', '25');
    await type('#v-map_url', 'https://osm.org/x');
    await submit('[data-testid="venue-form"]');
    await until(() => location.pathname === '/meetings/venues' && $('[data-testid="venues-notice"]'), 'back on the list');
    expect(called('POST', '/api/v1/venues')[0]!.body).toMatchObject({ name: 'Library', capacity: 25, map_url: 'https://osm.org/x', address: null });
  });

  it('changes a venue with its version', async () => {
    serve({
      'GET /api/v1/venues/v-1': () => json(VENUE),
      'PATCH /api/v1/venues/v-1': () => json({ ...VENUE, capacity: 35, version: 2 }),
      'GET /api/v1/venues': () => json({ items: [VENUE], next_cursor: null }),
    });
    await showAs('admin', '/meetings/venues/v-1');
    await until(() => $<HTMLInputElement>('#v-name')?.value === 'Skupaj hall', 'the form');
    await type('#v-capacity', '35');
    await check('#v-archived');
    await submit('[data-testid="venue-form"]');
    await until(() => location.pathname === '/meetings/venues', 'back on the list');
    expect(called('PATCH', '/api/v1/venues/v-1')[0]!.body).toEqual({ capacity: 35, archived: true, version: 1 });
    expect(calls.some((c) => c.method === 'POST')).toBe(false);
  });
});

