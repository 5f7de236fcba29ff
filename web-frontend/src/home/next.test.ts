import { describe, expect, it } from 'vitest';
import { meetingAt, place } from '../testing/meetings';
import { joinable, needFeedback, overdue, selectNext, staffDays, toActionItem } from './next';

const now = new Date('2026-12-03T09:00:00Z'); // 10:00 in Ljubljana
const h = (hours: number) => new Date(now.getTime() + hours * 3600_000).toISOString();
const d = (days: number) => h(days * 24);

describe("what's next for a participant", () => {
  const list = [
    meetingAt('later', d(3), { my_place: place('registered') }),
    meetingAt('soon', h(5), { my_place: place('registered') }),
    meetingAt('moved-up', d(2), { my_place: place('registered', { promoted_at: h(-1) }) }),
    meetingAt('waiting', d(1), { my_place: place('waiting', { waiting_position: 2 }) }),
    meetingAt('left', d(1), { my_place: place('cancelled') }),
    meetingAt('over', h(-5), { my_place: place('registered') }),
    meetingAt('called-off', d(4), { my_place: place('registered'), status: 'cancelled' }),
    meetingAt('called-off-waiting', d(4), { my_place: place('waiting', { waiting_position: 1 }), status: 'cancelled' }),
    meetingAt('running', h(-1), { my_place: place('registered') }),
  ];
  const next = selectNext(list, now);

  it('highlights a place that came free, and does not list it twice', () => {
    expect(next.promoted.map((m) => m.id)).toEqual(['moved-up']);
    expect(next.registered.map((m) => m.id)).not.toContain('moved-up');
  });

  it('lists registered meetings that have not ended, the soonest first, a cancelled one too (to say so)', () => {
    expect(next.registered.map((m) => m.id)).toEqual(['running', 'soon', 'later', 'called-off']);
  });

  it('lists waiting-list places of planned meetings, not cancelled places', () => {
    expect(next.waiting.map((m) => m.id)).toEqual(['waiting']);
  });

  it('shows no "You got a place" once the meeting has ended', () => {
    expect(selectNext([meetingAt('x', h(-5), { my_place: place('registered', { promoted_at: h(-30) }) })], now).promoted).toEqual([]);
  });
});

describe('meetings to rate', () => {
  it('the registered ones that ended in the last 14 days, the latest first; not cancelled, not waiting, not running', () => {
    const list = [
      meetingAt('yesterday', d(-1), { my_place: place('registered') }),
      meetingAt('last-week', d(-7), { my_place: place('registered') }),
      meetingAt('long-ago', d(-15), { my_place: place('registered') }),
      meetingAt('called-off', d(-2), { my_place: place('registered'), status: 'cancelled' }),
      meetingAt('waited', d(-2), { my_place: place('waiting') }),
      meetingAt('running', h(-1), { my_place: place('registered') }),
      meetingAt('done', d(-3), { my_place: place('registered'), status: 'done' }),
    ];
    expect(needFeedback(list, now).map((m) => m.id)).toEqual(['yesterday', 'done', 'last-week']);
  });
});

describe('meetings to join', () => {
  it('planned meetings that have not started and are not the person’s yet (a cancelled place may come back), the soonest three', () => {
    const list = [
      meetingAt('e', d(5)),
      meetingAt('mine', d(1), { my_place: place('registered') }),
      meetingAt('a', d(1)),
      meetingAt('again', d(2), { my_place: place('cancelled') }),
      meetingAt('started', h(-1)),
      meetingAt('off', d(1), { status: 'cancelled' }),
      meetingAt('c', d(3)),
    ];
    expect(joinable(list, now).map((m) => m.id)).toEqual(['a', 'again', 'c']);
  });
});

describe("staff's day and week", () => {
  it('today (by the meeting’s clock; started ones until they end), then the rest', () => {
    const list = [
      meetingAt('tonight', h(9)), // 19:00 in Ljubljana
      meetingAt('running', h(-1)),
      meetingAt('tomorrow', d(1)),
      meetingAt('ended', h(-4), {}, 2),
      meetingAt('next-week', d(6)),
    ];
    const days = staffDays(list, now);
    expect(days.today.map((m) => m.id)).toEqual(['running', 'tonight']);
    expect(days.week.map((m) => m.id)).toEqual(['tomorrow', 'next-week']);
  });
});

describe('action items', () => {
  it('reads the meeting as the branch sends it, or as the brief named it', () => {
    expect(
      toActionItem({ id: 'a', title: 'Call the school', state: 'open', version: 2, due_on: '2026-12-05', meeting: { id: 'm1', title: 'Panel', starts_at: '2026-12-01T10:00:00Z' } }),
    ).toEqual({ id: 'a', title: 'Call the school', dueOn: '2026-12-05', version: 2, meetingId: 'm1', meetingTitle: 'Panel' });
    expect(toActionItem({ id: 'b', title: 'CV', state: 'open', version: 1, meeting_id: 'm2', meeting_title: 'Workshop' })).toEqual({
      id: 'b',
      title: 'CV',
      dueOn: null,
      version: 1,
      meetingId: 'm2',
      meetingTitle: 'Workshop',
    });
  });

  it('is overdue after its day', () => {
    expect(overdue('2026-12-02', '2026-12-03')).toBe(true);
    expect(overdue('2026-12-03', '2026-12-03')).toBe(false);
    expect(overdue(null, '2026-12-03')).toBe(false);
  });
});
