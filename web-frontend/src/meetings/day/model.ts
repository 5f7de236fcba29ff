// The adviser's day: the bookings of every office hour on one day, by slot,
// and recording whether each person came.
import { api } from '../../api/client';
import { unwrap } from '../../api/errors';
import type { components } from '../../api/schema';
import type { Lang } from '../../i18n';
import { isDay, type Day } from '../calendar';

type Schemas = components['schemas'];
export type Booking = Schemas['Booking'];
export type Attendance = Schemas['Attendance'];

/** The day's active bookings (each meeting's own clock), by start; `mine`: only office hours the caller runs. */
export const listDay = (date: Day, mine: boolean, lang: Lang) =>
  unwrap(api.GET('/api/v1/bookings', { params: { query: { date, lang, ...(mine ? { mine: true } : {}) } } }));

/** Records whether the person came, with the version last read. */
export const markAttendance = (b: Pick<Booking, 'id' | 'version'>, attendance: Attendance, lang: Lang) =>
  unwrap(api.PATCH('/api/v1/bookings/{id}', { params: { path: { id: b.id }, query: { lang } }, body: { attendance, version: b.version } }));

/** One slot of one office hour with its bookings. */
export interface SlotGroup {
  key: string;
  meetingId: string;
  meetingTitle: string;
  start: string;
  end: string;
  bookings: Booking[];
}

/** The bookings by slot (and meeting), slots in order of time, people in order of booking. */
export function bySlot(bookings: readonly Booking[]): SlotGroup[] {
  const groups = new Map<string, SlotGroup>();
  for (const b of bookings) {
    const key = `${b.slot_start}|${b.meeting_id}`;
    let g = groups.get(key);
    if (!g) {
      g = { key, meetingId: b.meeting_id, meetingTitle: b.meeting_title, start: b.slot_start_local, end: b.slot_end_local, bookings: [] };
      groups.set(key, g);
    }
    g.bookings.push(b);
  }
  const list = [...groups.values()];
  for (const g of list) g.bookings.sort((a, b) => (a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : 0));
  return list.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : a.meetingTitle.localeCompare(b.meetingTitle)));
}

export interface DayState {
  date: Day;
  mine: boolean;
}

/** The page's state from its address; advisers see their own office hours unless they ask for all (mine=0). */
export function dayState(query: Record<string, string | undefined>, today: Day, adviser: boolean): DayState {
  return { date: isDay(query.date) ? query.date : today, mine: query.mine === '1' ? true : query.mine === '0' ? false : adviser };
}

export function dayPath(s: DayState, adviser: boolean): string {
  const q = new URLSearchParams({ date: s.date });
  if (s.mine !== adviser) q.set('mine', s.mine ? '1' : '0');
  return `/meetings/day?${q.toString()}`;
}
