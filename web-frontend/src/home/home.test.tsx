// @vitest-environment happy-dom
// The home page's "What's next", through the whole app against a fake API:
// each section on its own, registering there, ticking a task off.
import { ar, en } from '../i18n/all';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { $, $$, called, click, initI18n, serve, setLanguage, setUp, show, showAs, tearDown, text, until } from '../testing/app-harness';
import { json, problem } from '../testing/fake-auth';
import { meetingAt, place } from '../testing/meetings';

beforeAll(() => initI18n('en'));
beforeEach(setUp);
afterEach(tearDown);

const HOUR = 3600_000;
const at = (hours: number) => new Date(Date.now() + hours * HOUR).toISOString();
const page = (items: unknown[]) => json({ items, next_cursor: null });

/** GET /meetings answers by its query: mine upcoming, mine recent (with `to`), or all coming up. */
function meetings({ upcoming = [] as unknown[], recent = [] as unknown[], open = [] as unknown[] }) {
  return (_req: Request, url: URL) => {
    if (url.searchParams.get('mine') !== 'true') return page(open);
    return page(url.searchParams.has('to') ? recent : upcoming);
  };
}

const booking = {
  id: 'b1',
  meeting_id: 'oh1',
  participant_id: 'me',
  slot_start: at(48),
  slot_start_local: '2026-12-05T10:20:00',
  slot_end_local: '2026-12-05T10:40:00',
  mode: 'phone',
  topic: 'cv',
  status: 'booked',
  walk_in: false,
  meeting_title: 'Advice on work',
  version: 1,
};

describe("what's next for a participant", () => {
  it('shows a place that came free, the next meetings, the waiting list, bookings, tasks and meetings to rate', async () => {
    serve({
      'GET /api/v1/meetings': meetings({
        upcoming: [
          meetingAt('moved', at(50), { display_title: 'Employers', my_place: place('registered', { promoted_at: at(-2) }) }),
          meetingAt('cafe', at(20), { display_title: 'Language café', my_place: place('registered') }),
          meetingAt('cv', at(70), { display_title: 'CV workshop', my_place: place('waiting', { waiting_position: 3 }) }),
        ],
        recent: [meetingAt('past', at(-30), { display_title: 'Summer plans', my_place: place('registered') })],
      }),
      'GET /api/v1/bookings': () => json([booking]),
      'GET /api/v1/action-items': () =>
        page([{ id: 'a1', title: 'Bring your certificates', state: 'open', version: 2, due_on: '2020-01-01', meeting: { id: 'cafe', title: 'Language café' } }]),
      'GET /api/v1/meetings/past/feedback/mine': () => problem(404, 'not_found'),
    });
    await showAs('participant', '/');
    await until(() => $('[data-testid="promoted"]'), 'the place that came free');
    expect(text('[data-testid="promoted"] h2')).toContain(en.next.promoted_title);
    expect(text('[data-testid="promoted"]')).toContain('Employers');
    await until(() => $('[data-testid="my-meetings"] [data-testid="next-meeting"]'));
    expect($$('[data-testid="my-meetings"] [data-testid="next-meeting"]').map((li) => li.dataset.id)).toEqual(['cafe']);
    expect(text('[data-testid="waiting-position"]')).toContain(en.next.waiting_n.replace('{{n}}', '3'));
    await until(() => $('[data-testid="next-booking"]'));
    expect(text('[data-testid="next-booking"]')).toContain('Advice on work');
    expect(text('[data-testid="next-booking"]')).toContain('By phone');
    expect(text('[data-testid="next-booking"]')).toContain('CV');
    await until(() => $('[data-testid="task"]'));
    expect(text('[data-testid="task"]')).toContain('Bring your certificates');
    expect($('[data-testid="task"] .overdue')).not.toBeNull();
    await until(() => $('[data-testid="rate-link"]'));
    expect($('[data-testid="rate-link"]')?.getAttribute('href')).toBe('/meetings/past/feedback');
    // Its own meetings only, with their language.
    const mine = called('GET', '/api/v1/meetings').find((c) => c.query.get('mine') === 'true' && !c.query.has('to'));
    expect(mine?.query.get('lang')).toBe('en');
    expect(mine?.query.get('from')).toBeTruthy();
  });

  it('does not ask to rate a meeting the person rated already', async () => {
    serve({
      'GET /api/v1/meetings': meetings({ recent: [meetingAt('past', at(-30), { my_place: place('registered') })] }),
      'GET /api/v1/meetings/past/feedback/mine': () => json({ meeting_id: 'past', rating: 7 }),
    });
    await showAs('participant', '/');
    await until(() => called('GET', '/api/v1/meetings/past/feedback/mine').length > 0 && $('[data-testid="my-meetings-empty"]'));
    await new Promise((r) => setTimeout(r, 20));
    expect($('[data-testid="to-rate"]')).toBeNull();
  });

  it('registers for a meeting from the home page, with an Idempotency-Key, and then lists it among the next meetings', async () => {
    let registered = false;
    const cafe = meetingAt('cafe', at(20), { display_title: 'Language café', places_left: 4, capacity: 10 });
    serve({
      'GET /api/v1/meetings': (req, url) =>
        meetings({ upcoming: registered ? [{ ...cafe, my_place: place('registered') }] : [], open: registered ? [] : [cafe] })(req, url),
      'POST /api/v1/meetings/cafe/registrations': () => {
        registered = true;
        return json({ id: 'r1', meeting_id: 'cafe', participant_id: 'me', status: 'registered', arrival: 1, walk_in: false, created_at: at(0), updated_at: at(0), version: 1 }, 201);
      },
    });
    await showAs('participant', '/');
    const button = await until(() => $('[data-testid="join-meeting"] [data-testid="join-button"]'));
    expect(text('[data-testid="join-meeting"]')).toContain(en.next.places_left.replace('{{n}}', '4'));
    await click(button);
    await until(() => $('[data-testid="join-result"]'));
    expect(text('[data-testid="join-result"]')).toBe(en.next.joined);
    const post = called('POST', '/api/v1/meetings/cafe/registrations')[0];
    expect(post?.headers.get('Idempotency-Key')).toMatch(/^[0-9a-f-]{36}$/);
    expect(post?.body).toEqual({});
    await until(() => $('[data-testid="my-meetings"] [data-testid="next-meeting"]'), 'the meeting among the next ones');
  });

  it('says kindly when a full meeting puts the person on the waiting list, and shows a refusal’s detail', async () => {
    serve({
      'GET /api/v1/meetings': meetings({ open: [meetingAt('full', at(20), { places_left: 0, capacity: 1 }), meetingAt('over', at(30))] }),
      'POST /api/v1/meetings/full/registrations': () =>
        json({ id: 'r1', meeting_id: 'full', participant_id: 'me', status: 'waiting', waiting_position: 2, arrival: 3, walk_in: false, created_at: at(0), updated_at: at(0), version: 1 }, 201),
      'POST /api/v1/meetings/over/registrations': () => problem(409, 'conflict', { detail: 'the meeting is over' }),
    });
    await showAs('participant', '/');
    await until(() => $$('[data-testid="join-button"]').length === 2);
    expect($$('[data-testid="join-button"]')[0]?.textContent).toBe(en.next.join_waiting);
    await click($$('[data-testid="join-button"]')[0]);
    await until(() => $('[data-testid="join-result"]'));
    expect(text('[data-testid="join-result"]')).toBe(en.next.joined_waiting.replace('{{n}}', '2'));
    await click($$('[data-testid="join-button"]')[0]);
    await until(() => $('[data-testid="join"] [role="alert"]'));
    expect(text('[data-testid="join"] [role="alert"]')).toContain(en.problem.conflict);
    expect(text('[data-testid="problem-detail"]')).toBe('the meeting is over');
  });

  it('ticks a task off at once, and puts it back when the server refuses', async () => {
    let refuse = false;
    serve({
      'GET /api/v1/meetings': meetings({}),
      'GET /api/v1/action-items': () =>
        page([
          { id: 'a1', title: 'Call the school', state: 'open', version: 2 },
          { id: 'a2', title: 'Bring the CV', state: 'open', version: 1 },
        ]),
      'PATCH /api/v1/action-items/a1': () => (refuse ? problem(403, 'forbidden') : json({ id: 'a1', title: 'Call the school', state: 'done', version: 3 })),
      'PATCH /api/v1/action-items/a2': () => problem(403, 'forbidden'),
    });
    await showAs('participant', '/');
    await until(() => $$('[data-testid="task"]').length === 2);
    await click($$('[data-testid="task-done-button"]')[0]);
    await until(() => $('[data-testid="task-done"]'));
    expect($$('[data-testid="task"]')).toHaveLength(1);
    expect(called('PATCH', '/api/v1/action-items/a1')[0]?.body).toEqual({ state: 'done', version: 2 });
    refuse = true;
    await click($('[data-testid="task-done-button"]'));
    await until(() => $('[data-testid="tasks"] [role="alert"]'));
    expect($$('[data-testid="task"]').map((li) => li.textContent)).toEqual([expect.stringContaining('Bring the CV')]);
  });

  it('shows an error in one section only, with a Retry, while the others work', async () => {
    serve({
      'GET /api/v1/meetings': meetings({}),
      'GET /api/v1/bookings': () => problem(500, 'internal_error'),
      'GET /api/v1/action-items': () => page([]),
    });
    await showAs('participant', '/');
    await until(() => $('[data-testid="my-bookings"] [role="alert"]'));
    expect(text('[data-testid="my-bookings"] [role="alert"]')).toContain(en.problem.internal_error);
    await until(() => $('[data-testid="my-meetings-empty"]'));
    expect($('[data-testid="my-meetings"] [role="alert"]')).toBeNull();
    expect(text('[data-testid="tasks"]')).toContain(en.next.no_tasks);
  });

  it('reads a list this server does not have yet (404) as empty', async () => {
    serve({ 'GET /api/v1/meetings': meetings({}) });
    await showAs('participant', '/');
    await until(() => text('[data-testid="tasks"]').includes(en.next.no_tasks));
    await until(() => text('[data-testid="my-bookings"]').includes(en.next.no_bookings));
  });

  it('speaks Arabic, right to left', async () => {
    serve({ 'GET /api/v1/meetings': meetings({ upcoming: [meetingAt('cv', at(70), { my_place: place('waiting', { waiting_position: 1 }) })] }) });
    await setLanguage('ar');
    await showAs('participant', '/');
    await until(() => $('[data-testid="waiting-position"]'));
    expect(document.documentElement.dir).toBe('rtl');
    expect(text('[data-testid="waiting-position"]')).toContain(ar.next.waiting_n.replace('{{n}}', '1'));
    expect(text('[data-testid="waiting"] h2')).toBe(ar.next.waiting);
  });
});

describe("what's next for staff", () => {
  it('lists their meetings today with the door list, and this week', async () => {
    serve({
      'GET /api/v1/meetings': (_req, url) =>
        url.searchParams.get('mine') === 'true'
          ? page([
              meetingAt('now', at(-0.5), { display_title: 'Welcome evening', registered_count: 4, capacity: 30 }),
              meetingAt('later', at(24 * 3), { display_title: 'CV workshop', registered_count: 1, waiting_count: 2, capacity: 1 }),
            ])
          : page([]),
      'GET /api/v1/action-items': () => page([]),
    });
    await showAs('coordinator', '/');
    await until(() => $('[data-testid="today-meeting"]'));
    expect($('[data-testid="today-meeting"] [data-testid="door-link"]')?.getAttribute('href')).toBe('/meetings/now/door');
    expect(text('[data-testid="today-meeting"]')).toContain('Registered: 4 of 30');
    expect(text('[data-testid="week-meeting"]')).toContain('CV workshop');
    expect(text('[data-testid="week-meeting"]')).toContain('waiting: 2');
    const query = called('GET', '/api/v1/meetings')[0]?.query;
    expect(query?.get('mine')).toBe('true');
    expect(query?.get('to')).toBeTruthy();
    expect($('[data-testid="promoted"]')).toBeNull();
  });

  it('a mentor has no door link', async () => {
    serve({ 'GET /api/v1/meetings': () => page([meetingAt('now', at(-0.5))]) });
    await showAs('mentor', '/');
    await until(() => $('[data-testid="today-meeting"]'));
    expect($('[data-testid="door-link"]')).toBeNull();
  });
});

describe('home page for visitors', () => {
  it('keeps the introduction and the way in, loads nothing personal, and shows the server line', async () => {
    serve({});
    await show('/');
    await until(() => $('[data-testid="health-status"][data-state="ok"]'));
    expect(text('main')).toContain(en.home.intro);
    expect($('main a.button-link[href="/login"]')).not.toBeNull();
    expect($('[data-testid="whats-next"]')).toBeNull();
    expect(called('GET', '/api/v1/meetings')).toHaveLength(0);
  });
});
