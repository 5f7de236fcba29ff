import { describe, expect, it } from 'vitest';
import { activeBookingAt, groupSlots, modesOf, noteOf, slotOpen, TOPICS, type Booking, type Slot } from './model';

const slot = (startLocal: string, extra: Partial<Slot> = {}): Slot => ({
  start: `${startLocal}Z`,
  start_local: startLocal,
  end_local: startLocal.replace(/T(\d\d):(\d\d)/, (_, h: string, m: string) => `T${h}:${String(Number(m) + 20).padStart(2, '0')}`),
  capacity: 1,
  booked: 0,
  free: 1,
  modes: ['in_person', 'phone'],
  ...extra,
});

describe('slots by day', () => {
  it('groups by the day on the meeting’s clock, each day’s earliest first, whatever order they came in', () => {
    const days = groupSlots([slot('2026-12-04T09:00:00'), slot('2026-12-03T10:20:00'), slot('2026-12-03T10:00:00'), slot('2026-12-04T08:40:00')]);
    expect(days.map((d) => [d.day, d.slots.map((s) => s.start_local.slice(11, 16))])).toEqual([
      ['2026-12-03', ['10:00', '10:20']],
      ['2026-12-04', ['08:40', '09:00']],
    ]);
  });

  it('gives no days for no slots', () => {
    expect(groupSlots([])).toEqual([]);
  });
});

describe('which slots can be chosen', () => {
  const now = new Date('2026-12-03T10:10:00Z');
  it('not one that has started, nor a full one', () => {
    expect(slotOpen(slot('2026-12-03T10:00:00'), now)).toBe(false);
    expect(slotOpen(slot('2026-12-03T10:20:00'), now)).toBe(true);
    expect(slotOpen(slot('2026-12-03T10:20:00', { free: 0, booked: 1 }), now)).toBe(false);
  });

  it('a walk-in (staff, the person is there) may take a full or started one', () => {
    expect(slotOpen(slot('2026-12-03T10:20:00', { free: 0, booked: 1 }), now, true)).toBe(true);
    expect(slotOpen(slot('2026-12-03T10:00:00'), now, true)).toBe(true);
  });
});

describe('modes and topics', () => {
  it('takes the slot’s modes, else the meeting’s, in a fixed order; in person when none is said', () => {
    expect(modesOf(slot('2026-12-03T10:00:00', { modes: ['phone', 'in_person'] }), { slots: null })).toEqual(['in_person', 'phone']);
    expect(modesOf(slot('2026-12-03T10:00:00', { modes: [] }), { slots: { minutes: 20, capacity: 1, modes: ['phone'] } })).toEqual(['phone']);
    expect(modesOf(null, { slots: null })).toEqual(['in_person']);
  });

  it('has a picture for each of the nine topics of the code list', () => {
    expect(TOPICS.map((t) => t.code)).toEqual([
      'job_search',
      'cv',
      'translation',
      'employment_office',
      'legal_admin',
      'housing',
      'education',
      'starting_company',
      'other',
    ]);
    expect(TOPICS.every((t) => t.icon.length > 0)).toBe(true);
  });

  it('sends no empty note', () => {
    expect(noteOf('  ')).toBeNull();
    expect(noteOf(' CV in Arabic ')).toBe('CV in Arabic');
  });

  it('finds the person’s active booking at the meeting, not a cancelled one', () => {
    const b = (id: string, meeting: string, status: Booking['status']) => ({ id, meeting_id: meeting, status }) as Booking;
    expect(activeBookingAt([b('1', 'm1', 'cancelled'), b('2', 'm2', 'booked'), b('3', 'm1', 'booked')], 'm1')?.id).toBe('3');
    expect(activeBookingAt([b('1', 'm1', 'cancelled')], 'm1')).toBeNull();
  });
});
