// The logic behind the staff's meeting screens: the order and wording of a
// meeting's registrations, which links a meeting's page offers to whom, the
// action item form, the report's period and totals, and the adviser's day.
import { describe, expect, it } from 'vitest';
import { bySlot, dayPath, dayState, type Booking } from './day/model';
import { meetingLinks } from './MeetingActions';
import { actionItemBody, canTick, cleanDecisions, isOverdue } from './minutes/model';
import type { Registration } from './model';
import { hasHidden, reportPath, reportState, shiftMonth, tallest, totals, type MeetingStats } from './report/model';
import { orderRegistrations, placeKind } from './staffModel';

const reg = (id: string, extra: Partial<Registration>): Registration => ({
  id,
  meeting_id: 'm-1',
  participant_id: `p-${id}`,
  status: 'registered',
  arrival: 1,
  walk_in: false,
  created_at: '2026-11-01T10:00:00Z',
  updated_at: '2026-11-01T10:00:00Z',
  version: 1,
  ...extra,
});

describe('a meeting’s registrations', () => {
  it('says how each holds their place', () => {
    expect(placeKind(reg('a', {}))).toBe('registered');
    expect(placeKind(reg('a', { promoted_at: '2026-11-02T10:00:00Z' }))).toBe('promoted');
    expect(placeKind(reg('a', { walk_in: true }))).toBe('walk_in');
    expect(placeKind(reg('a', { status: 'waiting', waiting_position: 1 }))).toBe('waiting');
    expect(placeKind(reg('a', { status: 'cancelled', promoted_at: '2026-11-02T10:00:00Z' }))).toBe('cancelled');
  });

  it('lists the registered by arrival, then the waiting list by number, then the cancelled', () => {
    const list = [
      reg('c', { status: 'cancelled', arrival: 1 }),
      reg('w2', { status: 'waiting', waiting_position: 2, arrival: 3 }),
      reg('r2', { arrival: 5 }),
      reg('w1', { status: 'waiting', waiting_position: 1, arrival: 6 }),
      reg('r1', { arrival: 2 }),
    ];
    expect(orderRegistrations(list).map((r) => r.id)).toEqual(['r1', 'r2', 'w1', 'w2', 'c']);
  });
});

describe('the links of a meeting’s page', () => {
  const now = new Date('2026-12-10T12:00:00Z');
  const future = { status: 'planned' as const, slots: null, starts_at: '2026-12-20T16:00:00Z', ends_at: '2026-12-20T18:00:00Z', my_place: null };
  const past = { ...future, starts_at: '2026-12-09T16:00:00Z', ends_at: '2026-12-09T18:00:00Z' };
  const slots = { minutes: 20, capacity: 1, modes: ['in_person' as const] };
  const registered = { registration_id: 'r-1', status: 'registered' as const, version: 1 };

  it('offers staff the door and the minutes; the day’s bookings with slots', () => {
    expect(meetingLinks(future, 'coordinator', now)).toEqual(['door', 'minutes']);
    expect(meetingLinks({ ...future, slots }, 'adviser', now)).toEqual(['door', 'book', 'minutes', 'day']);
    expect(meetingLinks({ ...future, status: 'cancelled' }, 'admin', now)).toEqual(['minutes']);
  });

  it('offers mentors the minutes only, partners nothing', () => {
    expect(meetingLinks({ ...past, slots }, 'mentor', now)).toEqual(['minutes']);
    expect(meetingLinks(past, 'partner', now)).toEqual([]);
  });

  it('offers participants a slot before, feedback after it started, the minutes when they took part', () => {
    expect(meetingLinks(future, 'participant', now)).toEqual([]);
    expect(meetingLinks({ ...future, slots }, 'participant', now)).toEqual(['book', 'minutes']);
    expect(meetingLinks({ ...past, my_place: registered }, 'participant', now)).toEqual(['feedback', 'minutes']);
    expect(meetingLinks({ ...past, status: 'cancelled', my_place: registered }, 'participant', now)).toEqual(['minutes']);
    expect(meetingLinks({ ...past, my_place: { ...registered, status: 'waiting' } }, 'participant', now)).toEqual([]);
  });
});

describe('minutes and action items', () => {
  it('sends the decisions trimmed, without empty rows', () => {
    expect(cleanDecisions([' Meet on Tuesdays ', '', '  ', 'Prices by the makers'])).toEqual(['Meet on Tuesdays', 'Prices by the makers']);
  });

  it('lets the owner and the staff who write minutes tick an item', () => {
    expect(canTick({ mine: true }, 'participant')).toBe(true);
    expect(canTick({ mine: false }, 'participant')).toBe(false);
    expect(canTick({ mine: false }, 'adviser')).toBe(true);
    expect(canTick({ mine: false }, 'mentor')).toBe(false);
    expect(canTick({ mine: true }, 'mentor')).toBe(true);
  });

  it('marks an open item overdue after its due day', () => {
    expect(isOverdue({ state: 'open', due_on: '2026-12-01' }, '2026-12-02')).toBe(true);
    expect(isOverdue({ state: 'open', due_on: '2026-12-02' }, '2026-12-02')).toBe(false);
    expect(isOverdue({ state: 'done', due_on: '2026-12-01' }, '2026-12-02')).toBe(false);
    expect(isOverdue({ state: 'open', due_on: null }, '2026-12-02')).toBe(false);
  });

  it('builds the new item: a title, at most one owner, a due day', () => {
    const base = { title: '  Ask the school  ', owner: 'none' as const, memberId: 'u-1', participantId: 'p-1', due: '' };
    expect(actionItemBody(base)).toEqual({ title: 'Ask the school' });
    expect(actionItemBody({ ...base, owner: 'member', due: '2026-12-20' })).toEqual({ title: 'Ask the school', owner_user_id: 'u-1', due_on: '2026-12-20' });
    expect(actionItemBody({ ...base, owner: 'participant' })).toEqual({ title: 'Ask the school', owner_participant_id: 'p-1' });
    expect(actionItemBody({ ...base, title: ' ' })).toEqual({ missing: 'title' });
    expect(actionItemBody({ ...base, owner: 'member', memberId: '' })).toEqual({ missing: 'member' });
    expect(actionItemBody({ ...base, owner: 'participant', participantId: '' })).toEqual({ missing: 'participant' });
  });
});

describe('the report', () => {
  it('covers this month by default, another month, or any from–to', () => {
    expect(reportState({}, '2026-12-10')).toEqual({ period: { kind: 'month', month: '2026-12', from: '2026-12-01', to: '2026-12-31' }, kind: '', by: 'kind' });
    expect(reportState({ month: '2026-02', kind: 'workshop', by: 'period' }, '2026-12-10')).toEqual({
      period: { kind: 'month', month: '2026-02', from: '2026-02-01', to: '2026-02-28' },
      kind: 'workshop',
      by: 'period',
    });
    expect(reportState({ from: '2026-01-15', to: '2026-03-31' }, '2026-12-10').period).toEqual({ kind: 'range', from: '2026-01-15', to: '2026-03-31' });
    // Nonsense is the default.
    expect(reportState({ from: '2026-03-31', to: '2026-01-15', month: '2026-13', kind: 'party', by: 'x' }, '2026-12-10')).toEqual(reportState({}, '2026-12-10'));
  });

  it('writes its address without the defaults, and moves by month', () => {
    const s = reportState({}, '2026-12-10');
    expect(reportPath(s, '2026-12-10')).toBe('/meetings/report');
    expect(reportPath({ ...s, period: shiftMonth(s.period, -1), by: 'period' }, '2026-12-10')).toBe('/meetings/report?month=2026-11&by=period');
    expect(reportPath({ ...s, period: { kind: 'range', from: '2026-01-15', to: '2026-03-31' }, kind: 'panel' }, '2026-12-10')).toBe(
      '/meetings/report?from=2026-01-15&to=2026-03-31&kind=panel',
    );
    expect(shiftMonth({ kind: 'range', from: '2026-01-15', to: '2026-03-31' }, 1)).toEqual({ kind: 'month', month: '2026-02', from: '2026-02-01', to: '2026-02-28' });
  });

  const row = (extra: Partial<MeetingStats>): MeetingStats => ({
    meeting_id: 'm',
    title: 'M',
    kind: 'workshop',
    status: 'done',
    starts_at: '2026-12-01T09:00:00Z',
    start_local: '2026-12-01T10:00:00',
    time_zone: 'Europe/Ljubljana',
    registered: 0,
    waiting: 0,
    booked: 0,
    attended: 0,
    no_show: 0,
    guests: 0,
    ratings: 0,
    mean_rating: null,
    ...extra,
  });

  it('adds up the period; the mean rating weighs each meeting by its ratings', () => {
    const sum = totals([
      row({ registered: 10, attended: 8, no_show: 2, guests: 3, ratings: 4, mean_rating: 9 }),
      row({ booked: 5, attended: 4, no_show: 1, ratings: 1, mean_rating: 4 }),
      row({ status: 'cancelled', registered: 0 }),
    ]);
    expect(sum).toEqual({ meetings: 3, registered: 10, booked: 5, attended: 12, no_show: 3, guests: 3, ratings: 5, mean: 8 });
    expect(totals([]).mean).toBeNull();
  });

  it('scales the bars to the tallest count and notices hidden numbers', () => {
    expect(tallest([{ rating: 1, count: 3, suppressed: false }, { rating: 2, count: null, suppressed: true }])).toBe(3);
    expect(tallest([{ rating: 1, count: 0, suppressed: false }])).toBe(1);
    const group = { key: 'workshop', label: 'Workshop', suppressed: false, stats_suppressed: false, count: 5, distribution: [{ rating: 8, count: 5, suppressed: false }] };
    expect(hasHidden({ groups: [group] })).toBe(false);
    expect(hasHidden({ groups: [{ ...group, stats_suppressed: true }] })).toBe(true);
    expect(hasHidden({ groups: [{ ...group, distribution: [{ rating: 8, count: null, suppressed: true }] }] })).toBe(true);
  });
});

describe('the adviser’s day', () => {
  const booking = (id: string, slot: string, meeting: string, created: string): Booking => ({
    id,
    meeting_id: meeting,
    meeting_title: `Office hours ${meeting}`,
    meeting_status: 'planned',
    participant_id: `p-${id}`,
    participant_name: `Person ${id}`,
    slot_start: `2026-12-01T${slot}:00Z`,
    slot_start_local: `2026-12-01T${slot}:00`,
    slot_end_local: `2026-12-01T${slot.slice(0, 3)}${String(Number(slot.slice(3)) + 20).padStart(2, '0')}:00`,
    time_zone: 'Europe/Ljubljana',
    mode: 'in_person',
    topic: 'cv',
    status: 'booked',
    walk_in: false,
    created_at: created,
    updated_at: created,
    version: 1,
  });

  it('groups the bookings by slot and meeting, slots by time, people by when they booked', () => {
    const groups = bySlot([
      booking('c', '10:20', 'a', '2026-11-20T10:00:00Z'),
      booking('a', '10:00', 'a', '2026-11-21T10:00:00Z'),
      booking('b', '10:00', 'a', '2026-11-20T09:00:00Z'),
      booking('d', '10:00', 'b', '2026-11-19T09:00:00Z'),
    ]);
    expect(groups.map((g) => [g.start, g.meetingId, g.bookings.map((b) => b.id)])).toEqual([
      ['2026-12-01T10:00:00', 'a', ['b', 'a']],
      ['2026-12-01T10:00:00', 'b', ['d']],
      ['2026-12-01T10:20:00', 'a', ['c']],
    ]);
    expect(groups[0]!.end).toBe('2026-12-01T10:20:00');
  });

  it('shows today, an adviser their own office hours unless asked for all', () => {
    expect(dayState({}, '2026-12-01', true)).toEqual({ date: '2026-12-01', mine: true });
    expect(dayState({ date: '2026-12-03', mine: '0' }, '2026-12-01', true)).toEqual({ date: '2026-12-03', mine: false });
    expect(dayState({ date: 'soon', mine: '1' }, '2026-12-01', false)).toEqual({ date: '2026-12-01', mine: true });
    expect(dayPath({ date: '2026-12-03', mine: true }, true)).toBe('/meetings/day?date=2026-12-03');
    expect(dayPath({ date: '2026-12-03', mine: false }, true)).toBe('/meetings/day?date=2026-12-03&mine=0');
    expect(dayPath({ date: '2026-12-03', mine: true }, false)).toBe('/meetings/day?date=2026-12-03&mine=1');
  });
});
