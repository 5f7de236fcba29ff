// @vitest-environment happy-dom
// The door list through the whole app against a fake API: search as one
// types, ticks shown at once and undone when refused, walk-ins, guests, finishing.
import { en } from '../../i18n/all';
import { act } from 'preact/test-utils';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { $, $$, called, choose, click, initI18n, serve, setUp, showAs, submit, tearDown, text, type, until } from '../../testing/app-harness';
import { json, problem } from '../../testing/fake-auth';
import { meetingAt } from '../../testing/meetings';

beforeAll(() => initI18n('en'));
beforeEach(setUp);
afterEach(tearDown);

const meeting = meetingAt('m1', new Date(Date.now() - 1800_000).toISOString(), { display_title: 'Welcome evening' });
const entry = (id: string, name: string, extra: Record<string, unknown> = {}) => ({
  registration_id: `r-${id}`,
  participant_id: id,
  name,
  status: 'registered',
  attendance: null,
  checked_in_at: null,
  walk_in: false,
  version: 1,
  ...extra,
});
const doorList = () => ({
  meeting_id: 'm1',
  meeting_status: 'planned',
  starts_at: meeting.starts_at,
  start_local: meeting.start_local,
  people: [entry('p1', 'Amina Hadžić'), entry('p2', 'Olena Kovalenko', { attendance: 'attended' }), entry('p3', 'Yusuf Rahimi', { status: 'waiting' })],
  guests: { total: 0, by_gender: {}, by_age_band: {}, items: [] },
  counts: { registered: 2, waiting: 1, attended: 1, no_show: 0, walk_ins: 0, guests: 0, present: 1 },
});

/** A promise the test resolves when it wants the server to answer. */
function later<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

const rows = () => $$('[data-testid="door-tick"]').map((b) => b.textContent ?? '');

describe('the door list', () => {
  it('lists everyone with the counts, and filters as one types, without accents', async () => {
    serve({ 'GET /api/v1/meetings/m1': () => json(meeting), 'GET /api/v1/meetings/m1/attendance': () => json(doorList()) });
    await showAs('coordinator', '/meetings/m1/door');
    await until(() => $('[data-testid="door-list"] li'));
    expect(text('h1')).toBe(en.door.title);
    expect(text('[data-testid="meeting-line"]')).toContain('Welcome evening');
    expect(text('[data-testid="count-attended"]')).toBe('1');
    expect(text('[data-testid="count-registered"]')).toBe('2');
    expect(text('[data-testid="count-guests"]')).toBe('0');
    expect(rows()).toHaveLength(3);
    expect($$('[data-testid="door-tick"][aria-pressed="true"]').map((b) => b.dataset.id)).toEqual(['p2']);
    expect(rows()[2]).toContain(en.door.badge_waiting);
    await type('[data-testid="door-search"]', 'hadzic');
    expect(rows()).toEqual([expect.stringContaining('Amina Hadžić')]);
    await type('[data-testid="door-search"]', 'nobody');
    expect(text('[data-testid="door-no-match"]')).toBe(en.door.no_match.replace('{{q}}', 'nobody'));
    // The server is asked once: the search is in the browser.
    expect(called('GET', '/api/v1/meetings/m1/attendance')).toHaveLength(1);
  });

  it('ticks at once, before the server answers, and takes the server’s counts after', async () => {
    const answer = later<Response>();
    serve({
      'GET /api/v1/meetings/m1': () => json(meeting),
      'GET /api/v1/meetings/m1/attendance': () => json(doorList()),
      'POST /api/v1/meetings/m1/attendance/check-in': () => answer.promise,
    });
    await showAs('adviser', '/meetings/m1/door');
    const amina = await until(() => $('[data-testid="door-tick"][data-id="p1"]'));
    await click(amina);
    expect($('[data-testid="door-tick"][data-id="p1"]')?.getAttribute('aria-pressed')).toBe('true');
    expect(text('[data-testid="count-attended"]')).toBe('2');
    await until(() => called('POST', '/api/v1/meetings/m1/attendance/check-in').length === 1);
    expect(called('POST', '/api/v1/meetings/m1/attendance/check-in')[0]?.body).toEqual({ participant_id: 'p1', attended: true });
    await act(async () => {
      answer.resolve(json({ entry: entry('p1', 'Amina Hadžić', { attendance: 'attended' }), counts: { registered: 2, attended: 2, guests: 0, no_show: 0 } }));
      await answer.promise;
    });
    await until(() => text('[data-testid="count-attended"]') === '2');
  });

  it('puts a tick back and says so when the server refuses it', async () => {
    serve({
      'GET /api/v1/meetings/m1': () => json(meeting),
      'GET /api/v1/meetings/m1/attendance': () => json(doorList()),
      'POST /api/v1/meetings/m1/attendance/check-in': () => problem(409, 'conflict', { detail: 'the meeting is cancelled' }),
    });
    await showAs('coordinator', '/meetings/m1/door');
    await click(await until(() => $('[data-testid="door-tick"][data-id="p2"]')));
    await until(() => $('[data-testid="door-error"]'));
    expect(text('[data-testid="door-error"]')).toContain(en.door.tick_failed.replace('{{name}}', 'Olena Kovalenko'));
    expect(text('[data-testid="door-error"] [data-testid="problem-detail"]')).toBe('the meeting is cancelled');
    expect($('[data-testid="door-tick"][data-id="p2"]')?.getAttribute('aria-pressed')).toBe('true');
    expect(text('[data-testid="count-attended"]')).toBe('1');
  });

  it('ticks a walk-in with a record, found by name', async () => {
    serve({
      'GET /api/v1/meetings/m1': () => json(meeting),
      'GET /api/v1/meetings/m1/attendance': () => json(doorList()),
      'GET /api/v1/participants': () => json({ items: [{ id: 'p9', name: 'Bashir Noori', status: 'active', view: 'full', version: 1 }], next_cursor: null }),
      'POST /api/v1/meetings/m1/attendance/check-in': () =>
        json({ entry: entry('p9', 'Bashir Noori', { attendance: 'attended', walk_in: true }), counts: { registered: 3, attended: 2, guests: 0, no_show: 0 } }),
    });
    await showAs('coordinator', '/meetings/m1/door');
    await click(await until(() => $('[data-testid="walk-in-record"]')));
    await type('#walk-in-search', 'bashir');
    await click(await until(() => $('[data-testid="pick-person"]'), 'the person found'));
    await until(() => $('[data-testid="door-notice"]'));
    expect(text('[data-testid="door-notice"]')).toBe(en.door.walk_in_added.replace('{{name}}', 'Bashir Noori'));
    expect(called('GET', '/api/v1/participants')[0]?.query.get('q')).toBe('bashir');
    expect(called('POST', '/api/v1/meetings/m1/attendance/check-in')[0]?.body).toEqual({ participant_id: 'p9', attended: true });
    expect(rows()[1]).toContain('Bashir Noori');
    expect(rows()[1]).toContain(en.door.badge_walk_in);
    expect(text('[data-testid="count-registered"]')).toBe('3');
  });

  it('counts a guest without a record by gender and age band only, with an Idempotency-Key, and removes one', async () => {
    serve({
      'GET /api/v1/meetings/m1': () => json(meeting),
      'GET /api/v1/meetings/m1/attendance': () => json(doorList()),
      'POST /api/v1/meetings/m1/guests': () => json({ id: 'g1', meeting_id: 'm1', gender: 'female', age_band: null, created_at: meeting.starts_at }, 201),
      'DELETE /api/v1/meetings/m1/guests/g1': () => new Response(null, { status: 204 }),
    });
    await showAs('coordinator', '/meetings/m1/door');
    await click(await until(() => $('[data-testid="walk-in-guest"]')));
    await choose('#guest-gender', 'female');
    await submit('[data-testid="guest-form"]');
    await until(() => text('[data-testid="count-guests"]') === '1');
    const post = called('POST', '/api/v1/meetings/m1/guests')[0];
    expect(post?.body).toEqual({ gender: 'female' });
    expect(post?.headers.get('Idempotency-Key')).toBeTruthy();
    expect(text('[data-testid="guest-list"]')).toContain('Female');
    await click($('[data-testid="guest-list"] button'));
    await until(() => text('[data-testid="count-guests"]') === '0');
    expect($('[data-testid="guest-list"]')).toBeNull();
  });

  it('finishes the list after a confirmation: the others become no-shows', async () => {
    let closed = false;
    serve({
      'GET /api/v1/meetings/m1': () => json(meeting),
      'GET /api/v1/meetings/m1/attendance': () =>
        json(closed ? { ...doorList(), meeting_status: 'done', people: doorList().people.map((p) => (p.attendance ? p : { ...p, attendance: 'no_show' })) } : doorList()),
      'POST /api/v1/meetings/m1/attendance/close': () => {
        closed = true;
        return json({ meeting_id: 'm1', meeting_status: 'done', version: 2, no_shows: 1, booking_no_shows: 0, counts: { registered: 2, attended: 1, guests: 0, no_show: 1 } });
      },
    });
    await showAs('coordinator', '/meetings/m1/door');
    await click(await until(() => $('[data-testid="door-finish"]')));
    expect(text('[data-testid="finish-dialog"]')).toContain(en.door.finish_text.replace('{{n}}', '1'));
    expect(called('POST', '/api/v1/meetings/m1/attendance/close')).toHaveLength(0);
    await click($('[data-testid="finish-dialog"] [data-testid="confirm"]'));
    await until(() => $('[data-testid="door-notice"]'));
    expect(text('[data-testid="door-notice"]')).toBe(en.door.finished.replace('{{n}}', '1'));
    expect($('[data-testid="door-closed"]')).not.toBeNull();
    expect(rows()[0]).toContain(en.door.badge_no_show);
  });

  it('is not for participants', async () => {
    await showAs('participant', '/meetings/m1/door');
    await until(() => $('[data-testid="forbidden"]'));
    expect(called('GET', '/api/v1/meetings/m1/attendance')).toHaveLength(0);
  });

  it('shows the meeting’s not-found page when the server does not know it', async () => {
    serve({ 'GET /api/v1/meetings/zz': () => problem(404, 'not_found'), 'GET /api/v1/meetings/zz/attendance': () => problem(404, 'not_found') });
    await showAs('coordinator', '/meetings/zz/door');
    await until(() => $('[data-testid="meeting-not-found"]'));
  });
});
