// Office-hour slots and bookings: the API (hand-written until it is in
// openapi.yaml) and the pure logic of the booking screen.
import type { Client } from 'openapi-fetch';
import { api } from '../../api/client';
import { unwrap } from '../../api/errors';
import type { components } from '../../api/schema';
import type { Lang } from '../../i18n';
import { dayOf } from '../common/when';

type Schemas = components['schemas'];
export type BookingMode = Schemas['BookingMode'];
export type Meeting = Schemas['Meeting'];

// ---------------------------------------------------------------------------
// TODO(lead): switch to the generated type when openapi.yaml has it.
// HAND-WRITTEN API TYPES for the slots and bookings (being built on branch
// m-office: GET /meetings/{id}/slots, GET/POST /meetings/{id}/bookings,
// GET /bookings, PATCH /bookings/{id}). Once they are in openapi.yaml:
// `npm run gen:api`, replace Slot, Booking, NewBooking and BookingChange with
// components['schemas'][…], and call `api` instead of `pending`.
// ---------------------------------------------------------------------------

/** TODO(lead): generated `BookingTopic` (the `booking-topics` code list). */
export type BookingTopic =
  | 'job_search'
  | 'cv'
  | 'translation'
  | 'employment_office'
  | 'legal_admin'
  | 'housing'
  | 'education'
  | 'starting_company'
  | 'other';

/** TODO(lead): generated `Slot`. One bookable slot: counts only, no names. */
export interface Slot {
  /** UTC: sent back as `slot_start`. */
  start: string;
  start_local: string;
  end_local: string;
  capacity: number;
  booked: number;
  free: number;
  modes: BookingMode[];
  /** The caller's own active booking in this slot (participants). */
  my_booking_id?: string | null;
}

/** TODO(lead): generated `Booking`. */
export interface Booking {
  id: string;
  meeting_id: string;
  participant_id: string;
  participant_name?: string | null;
  slot_start: string;
  slot_start_local: string;
  slot_end_local: string;
  time_zone?: string;
  mode: BookingMode;
  topic: BookingTopic;
  note?: string | null;
  status: 'booked' | 'cancelled';
  attendance?: 'attended' | 'no_show' | null;
  walk_in: boolean;
  meeting_title?: string;
  meeting_status?: string;
  venue?: Schemas['VenueRef'] | null;
  phone_line?: string | null;
  online_url?: string | null;
  version: number;
}

/** TODO(lead): generated `NewBooking`. */
export interface NewBooking {
  slot_start: string;
  mode: BookingMode;
  topic: BookingTopic;
  note?: string | null;
  /** Staff: whose booking. */
  participant_id?: string | null;
  /** Staff: someone already there (attended, may go beyond the places). */
  walk_in?: boolean;
}

/** TODO(lead): generated `BookingChange`. */
export interface BookingChange {
  status?: 'cancelled';
  attendance?: 'attended' | 'no_show';
  version: number;
}

type Json<T> = { content: { 'application/json': T } };
type Problem = { content: { 'application/problem+json': Schemas['Problem'] } };
type Id = { path: { id: string } };
type LangQuery = { query?: { lang?: string } };

/** TODO(lead): remove with the hand-written types above. */
interface PendingPaths {
  '/api/v1/meetings/{id}/slots': {
    get: { parameters: Id; responses: { 200: Json<Slot[]>; 404: Problem } };
  };
  '/api/v1/meetings/{id}/bookings': {
    get: { parameters: Id & LangQuery; responses: { 200: Json<Booking[]>; 404: Problem } };
    post: {
      parameters: Id & LangQuery & { header?: { 'Idempotency-Key'?: string } };
      requestBody: Json<NewBooking>;
      responses: { 201: Json<Booking>; 409: Problem; 422: Problem };
    };
  };
  '/api/v1/bookings': {
    get: { parameters: { query?: { mine?: boolean; lang?: string } }; responses: { 200: Json<Booking[] | { items: Booking[] }> } };
  };
  '/api/v1/bookings/{id}': {
    patch: { parameters: Id & LangQuery; requestBody: Json<BookingChange>; responses: { 200: Json<Booking>; 409: Problem } };
  };
}

/** TODO(lead): the same client (same auth), typed for the paths above. */
const pending = api as unknown as Client<PendingPaths>;

// ---------------------------------------------------------------------------

export const listSlots = (meetingId: string) => unwrap(pending.GET('/api/v1/meetings/{id}/slots', { params: { path: { id: meetingId } } }));

/** A list, whether the API sends it bare or as a page. */
const itemsOf = <T>(list: T[] | { items: T[] }): T[] => (Array.isArray(list) ? list : list.items);

/** The caller's own active bookings to come (participants). */
export const myBookings = async (lang: Lang) =>
  itemsOf(await unwrap(pending.GET('/api/v1/bookings', { params: { query: { mine: true, lang } } })));

/** A meeting's bookings with names, topics and notes (staff). */
export const meetingBookings = (meetingId: string, lang: Lang) =>
  unwrap(pending.GET('/api/v1/meetings/{id}/bookings', { params: { path: { id: meetingId }, query: { lang } } }));

export const createBooking = (meetingId: string, body: NewBooking, key: string, lang: Lang) =>
  unwrap(
    pending.POST('/api/v1/meetings/{id}/bookings', {
      params: { path: { id: meetingId }, query: { lang }, header: { 'Idempotency-Key': key } },
      body,
    }),
  );

export const cancelBooking = (id: string, version: number, lang: Lang) =>
  unwrap(pending.PATCH('/api/v1/bookings/{id}', { params: { path: { id }, query: { lang } }, body: { status: 'cancelled', version } }));

// ---------------------------------------------------------------------------

/** The topics, in the order of the `booking-topics` code list, each with a picture. */
export const TOPICS = [
  { code: 'job_search', icon: '💼' },
  { code: 'cv', icon: '📄' },
  { code: 'translation', icon: '🗣️' },
  { code: 'employment_office', icon: '🏢' },
  { code: 'legal_admin', icon: '⚖️' },
  { code: 'housing', icon: '🏠' },
  { code: 'education', icon: '🎓' },
  { code: 'starting_company', icon: '🚀' },
  { code: 'other', icon: '💬' },
] as const satisfies readonly { code: BookingTopic; icon: string }[];

export const MODE_ICONS: Record<BookingMode, string> = { in_person: '🤝', phone: '📞' };

export const topicIcon = (code: string) => TOPICS.find((t) => t.code === code)?.icon ?? '💬';

/** A day's slots. */
export interface SlotDay {
  /** yyyy-mm-dd on the meeting's clock. */
  day: string;
  slots: Slot[];
}

/** Slots by day on the meeting's clock, each day's earliest first. */
export function groupSlots(slots: readonly Slot[]): SlotDay[] {
  const days = new Map<string, Slot[]>();
  for (const slot of [...slots].sort((a, b) => a.start_local.localeCompare(b.start_local))) {
    const day = dayOf(slot.start_local);
    const list = days.get(day);
    if (list) list.push(slot);
    else days.set(day, [slot]);
  }
  return [...days.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([day, list]) => ({ day, slots: list }));
}

/** Whether a slot can be chosen now: not started, and a place free (a walk-in needs none). */
export function slotOpen(slot: Slot, now: Date, walkIn = false): boolean {
  if (!walkIn && Date.parse(slot.start) <= now.getTime()) return false;
  return walkIn || slot.free > 0;
}

/** How a slot can be held: the slot's modes, else the meeting's, in a fixed order. */
export function modesOf(slot: Slot | null, meeting: Pick<Meeting, 'slots'>): BookingMode[] {
  const given = slot?.modes?.length ? slot.modes : (meeting.slots?.modes ?? []);
  const order: BookingMode[] = ['in_person', 'phone'];
  const modes = order.filter((m) => given.includes(m));
  return modes.length ? modes : ['in_person'];
}

/** The caller's active booking at this meeting, if any. */
export function activeBookingAt(bookings: readonly Booking[], meetingId: string): Booking | null {
  return bookings.find((b) => b.meeting_id === meetingId && b.status === 'booked') ?? null;
}

/** A note as sent: trimmed, none when empty. */
export const noteOf = (text: string) => text.trim() || null;
