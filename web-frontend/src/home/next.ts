// "What's next" on the home page: the reads it makes and the pure logic that
// picks what to show (tested in next.test.ts). Loaded with WhatsNext, only
// for people who are logged in.
import type { Client } from 'openapi-fetch';
import { api } from '../api/client';
import { ApiError, unwrap } from '../api/errors';
import type { components, paths } from '../api/schema';
import type { Lang } from '../i18n';
import { myBookings, type Booking } from '../meetings/booking/model';
import { myFeedback } from '../meetings/feedback/model';
import { nearDay } from '../meetings/common/when';

type Schemas = components['schemas'];
export type Meeting = Schemas['Meeting'];
export type Registration = Schemas['Registration'];
export type { Booking };

const DAY_MS = 24 * 3600 * 1000;
/** Meetings that ended this many days ago or less still ask "How was it?". */
export const FEEDBACK_DAYS = 14;

// ---------------------------------------------------------------------------
// TODO(lead): switch to the generated type when openapi.yaml has it.
// HAND-WRITTEN API TYPES for GET /action-items?mine=true&state=open and
// PATCH /action-items/{id} (being built on branch m-feedback). The brief
// named the meeting's fields `meeting_id`, `meeting_title`,
// `meeting_starts_at`; the branch sends `meeting: {id, title, starts_at,
// start_local, time_zone}`. `toActionItem` reads both, in this one place.
// ---------------------------------------------------------------------------

/** TODO(lead): generated `ActionItem`. */
export interface ApiActionItem {
  id: string;
  title: string;
  due_on?: string | null;
  state: 'open' | 'done' | 'dropped';
  version: number;
  meeting?: { id: string; title: string; starts_at?: string; start_local?: string; time_zone?: string } | null;
  meeting_id?: string;
  meeting_title?: string;
  meeting_starts_at?: string;
}

type Json<T> = { content: { 'application/json': T } };
type Problem = { content: { 'application/problem+json': Schemas['Problem'] } };

/** TODO(lead): remove with the hand-written types above. */
interface PendingPaths {
  '/api/v1/action-items': {
    get: {
      parameters: { query?: { mine?: boolean; state?: string; limit?: number; lang?: string } };
      responses: { 200: Json<{ items: ApiActionItem[]; next_cursor?: string | null }> };
    };
  };
  '/api/v1/action-items/{id}': {
    patch: {
      parameters: { path: { id: string }; query?: { lang?: string } };
      requestBody: Json<{ state: 'done'; version: number }>;
      responses: { 200: Json<ApiActionItem>; 409: Problem };
    };
  };
}

/** TODO(lead): the same client (same auth), typed for the paths above. */
const pending = api as unknown as Client<PendingPaths>;

/** An action item as the home page shows it. */
export interface ActionItem {
  id: string;
  title: string;
  dueOn: string | null;
  version: number;
  meetingId: string | null;
  meetingTitle: string | null;
}

export function toActionItem(raw: ApiActionItem): ActionItem {
  return {
    id: raw.id,
    title: raw.title,
    dueOn: raw.due_on ?? null,
    version: raw.version,
    meetingId: raw.meeting?.id ?? raw.meeting_id ?? null,
    meetingTitle: raw.meeting?.title ?? raw.meeting_title ?? null,
  };
}

// ---------------------------------------------------------------------------

/** A list that is not there yet on this server (404) reads as empty. */
const emptyIfMissing = <T>(error: unknown): T[] => {
  if (error instanceof ApiError && error.status === 404) return [];
  throw error;
};

const meetings = async (query: NonNullable<paths['/api/v1/meetings']['get']['parameters']['query']>) =>
  (await unwrap(api.GET('/api/v1/meetings', { params: { query } }))).items;

/** The caller's meetings that have not ended (registered, waiting; staff: theirs). */
export const upcomingMine = (lang: Lang, now = new Date()) => meetings({ mine: true, from: now.toISOString(), limit: 50, lang });

/** The caller's meetings that started in the last FEEDBACK_DAYS days. */
export const recentMine = (lang: Lang, now = new Date()) =>
  meetings({ mine: true, from: new Date(now.getTime() - FEEDBACK_DAYS * DAY_MS).toISOString(), to: now.toISOString(), limit: 50, lang });

/** The meetings coming up that the caller sees (to join one). */
export const comingUp = (lang: Lang, now = new Date()) => meetings({ from: now.toISOString(), limit: 30, lang });

/** Staff: their meetings from now to a week from now. */
export const staffWeek = (lang: Lang, now = new Date()) =>
  meetings({ mine: true, from: now.toISOString(), to: new Date(now.getTime() + 8 * DAY_MS).toISOString(), limit: 100, lang });

/** The caller's office-hour bookings to come, soonest first. */
export const upcomingBookings = async (lang: Lang) =>
  (await myBookings(lang).catch(emptyIfMissing<Booking>)).filter((b) => b.status === 'booked').sort((a, b) => a.slot_start.localeCompare(b.slot_start));

export const openActionItems = async (lang: Lang) =>
  (
    await unwrap(pending.GET('/api/v1/action-items', { params: { query: { mine: true, state: 'open', limit: 20, lang } } })).then(
      (page) => page.items,
      emptyIfMissing<ApiActionItem>,
    )
  ).map(toActionItem);

export const completeActionItem = (id: string, version: number) =>
  unwrap(pending.PATCH('/api/v1/action-items/{id}', { params: { path: { id } }, body: { state: 'done', version } }));

/** Registers the caller for a meeting (or puts them on its waiting list). */
export const register = (meetingId: string, key: string) =>
  unwrap(api.POST('/api/v1/meetings/{id}/registrations', { params: { path: { id: meetingId }, header: { 'Idempotency-Key': key } }, body: {} }));

/** Past meetings to rate: those the caller has not rated yet (a failed check counts as not rated). */
export async function toRate(lang: Lang, now = new Date()): Promise<Meeting[]> {
  const candidates = needFeedback(await recentMine(lang, now), now);
  const rated = await Promise.all(candidates.map((m) => myFeedback(m.id).then((f) => f !== null, () => false)));
  return candidates.filter((_, i) => !rated[i]);
}

// ---------------------------------------------------------------------------
// What to show.

const byStart = (a: Meeting, b: Meeting) => a.starts_at.localeCompare(b.starts_at);
const ended = (m: Meeting, now: Date) => Date.parse(m.ends_at) <= now.getTime();

export interface MyNext {
  /** Moved up from the waiting list: a highlighted "You got a place". */
  promoted: Meeting[];
  /** Registered, the soonest first (cancelled meetings too, to say so). */
  registered: Meeting[];
  /** On the waiting list, the soonest first. */
  waiting: Meeting[];
}

/** A participant's meetings to come, sorted into what the home page shows. */
export function selectNext(list: readonly Meeting[], now = new Date()): MyNext {
  const upcoming = list.filter((m) => !ended(m, now) && m.my_place && m.my_place.status !== 'cancelled').sort(byStart);
  const promoted = upcoming.filter((m) => m.my_place?.status === 'registered' && m.my_place.promoted_at && m.status === 'planned');
  return {
    promoted,
    registered: upcoming.filter((m) => m.my_place?.status === 'registered' && !promoted.includes(m)),
    waiting: upcoming.filter((m) => m.my_place?.status === 'waiting' && m.status === 'planned'),
  };
}

/** Meetings that ended in the last FEEDBACK_DAYS days that the person was registered for, the latest first. */
export function needFeedback(list: readonly Meeting[], now = new Date(), days = FEEDBACK_DAYS): Meeting[] {
  const since = now.getTime() - days * DAY_MS;
  return list
    .filter((m) => ended(m, now) && Date.parse(m.ends_at) >= since && m.status !== 'cancelled' && m.my_place?.status === 'registered')
    .sort((a, b) => b.ends_at.localeCompare(a.ends_at));
}

/** Meetings a participant could still join: planned, not started, not theirs yet; the soonest `limit`. */
export function joinable(list: readonly Meeting[], now = new Date(), limit = 3): Meeting[] {
  return list
    .filter((m) => m.status === 'planned' && Date.parse(m.starts_at) > now.getTime() && (!m.my_place || m.my_place.status === 'cancelled'))
    .sort(byStart)
    .slice(0, limit);
}

/** Staff: today's meetings (where they take place; started ones until they end) and the rest of the week. */
export function staffDays(list: readonly Meeting[], now = new Date()): { today: Meeting[]; week: Meeting[] } {
  const upcoming = list.filter((m) => !ended(m, now)).sort(byStart);
  const isToday = (m: Meeting) => Date.parse(m.starts_at) <= now.getTime() || nearDay(m.start_local, m.time_zone, now) === 'today';
  return { today: upcoming.filter(isToday), week: upcoming.filter((m) => !isToday(m)) };
}

/** Whether a due day (yyyy-mm-dd) has passed. */
export function overdue(dueOn: string | null, today: string): boolean {
  return dueOn !== null && dueOn < today;
}
