// The meetings' API: venues, meetings, registrations, series and the
// calendar file (the types, and the calls the pages make). The pure logic
// of the screens is in calendar.ts (days, months, times) and draft.ts (the
// meeting form and its repetition).
import { api } from '../api/client';
import { ApiError, unwrap } from '../api/errors';
import type { components, paths } from '../api/schema';
import type { Lang } from '../i18n';

type Schemas = components['schemas'];
export type Meeting = Schemas['Meeting'];
export type MeetingFields = Schemas['MeetingFields'];
export type MeetingKind = Schemas['MeetingKind'];
export type MeetingAudience = Schemas['MeetingAudience'];
export type MeetingStatus = Schemas['MeetingStatus'];
export type MyPlace = Schemas['MyPlace'];
export type RegistrationStatus = Schemas['RegistrationStatus'];
export type BookingMode = Schemas['BookingMode'];
export type StaffMember = Schemas['StaffMember'];
export type Venue = Schemas['Venue'];
export type VenueFields = Schemas['VenueFields'];
export type VenueRef = Schemas['VenueRef'];
export type MeetingsQuery = NonNullable<paths['/api/v1/meetings']['get']['parameters']['query']>;

export const MEETING_KINDS = [
  'co_creation',
  'office_hours',
  'workshop',
  'info_session',
  'social_event',
  'round_table',
  'panel',
  'mentoring',
  'language_exchange',
  'photo_shoot',
  'other',
] as const satisfies readonly MeetingKind[];
export const isKind = (v: unknown): v is MeetingKind => (MEETING_KINDS as readonly unknown[]).includes(v);
export const AUDIENCES = ['participants', 'invited', 'public'] as const satisfies readonly MeetingAudience[];
export const isAudience = (v: unknown): v is MeetingAudience => (AUDIENCES as readonly unknown[]).includes(v);
export const BOOKING_MODES = ['in_person', 'phone'] as const satisfies readonly BookingMode[];
/** Kinds with bookable slots (the server refuses slots on others). */
export const SLOT_KINDS: readonly MeetingKind[] = ['office_hours', 'mentoring'];

export type Registration = Schemas['Registration'];
export type Weekday = Schemas['Day'];
export const WEEKDAYS = ['mo', 'tu', 'we', 'th', 'fr', 'sa', 'su'] as const satisfies readonly Weekday[];
/** How a series repeats, as the form gives it (no RRULE typed by anyone). */
export type Pattern = Schemas['RepeatPattern'];
export type CreateSeriesRequest = Schemas['CreateSeriesRequest'];
export type Series = Schemas['Series'];
/** Which meetings of a series a change applies to (PATCH /meetings/{id}?scope=). */
export type EditScope = NonNullable<NonNullable<paths['/api/v1/meetings/{id}']['patch']['parameters']['query']>['scope']>;

/** A merge patch of a meeting: the changed fields, `status`, and the version they are based on. */
export type MeetingPatch = Partial<MeetingFields> & { status?: MeetingStatus; version: number };

/** Meetings per request while loading a range (the most the API gives). */
export const PAGE_SIZE = 100;
/** At most this many pages for one range (10 000 meetings: more is a mistake). */
const MAX_PAGES = 100;

/** Every meeting of the agenda in the range, following `next_cursor`. */
export async function listMeetingsInRange(query: Omit<MeetingsQuery, 'cursor' | 'limit'>): Promise<Meeting[]> {
  const all: Meeting[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const got = await unwrap(api.GET('/api/v1/meetings', { params: { query: { ...query, limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) } } }));
    all.push(...got.items);
    if (!got.next_cursor) break;
    cursor = got.next_cursor;
  }
  return all;
}

/** One meeting, the title in `lang`, with the caller's own place. */
export const getMeeting = (id: string, lang: Lang) => unwrap(api.GET('/api/v1/meetings/{id}', { params: { path: { id }, query: { lang } } }));

/** Plans one meeting. */
export const createMeeting = (body: MeetingFields, lang: Lang) => unwrap(api.POST('/api/v1/meetings', { params: { query: { lang } }, body }));

/** Changes a meeting (a merge patch with its version); `scope` for an occurrence of a series. */
export const updateMeeting = (id: string, body: MeetingPatch, lang: Lang, scope?: EditScope) =>
  unwrap(
    api.PATCH('/api/v1/meetings/{id}', {
      params: { path: { id }, query: { lang, ...(scope ? { scope } : {}) } },
      // A merge patch: the generated body type is the full fields (with the version beside them).
      body: body as unknown as MeetingFields,
    }),
  );

/**
 * Removes a meeting that will not happen (an occurrence leaves its series);
 * the server refuses it (409) while people are registered.
 */
export async function deleteMeeting(id: string, version: number): Promise<void> {
  const { error, response } = await api.DELETE('/api/v1/meetings/{id}', { params: { path: { id }, query: { version } } });
  if (!response.ok) throw new ApiError(response.status, error);
}

/** Plans a repeating series; answers the id of its first meeting. */
export async function createSeries(body: CreateSeriesRequest): Promise<string> {
  const series = await unwrap(api.POST('/api/v1/meeting-series', { body }));
  const id = series.occurrences[0]?.meeting_id;
  if (!id) throw new ApiError(404, { code: 'not_found' });
  return id;
}

/** Registers the caller (or puts them on the waiting list). `key` makes a retry safe. */
export const register = (meetingId: string, key: string) =>
  unwrap(api.POST('/api/v1/meetings/{id}/registrations', { params: { path: { id: meetingId }, header: { 'Idempotency-Key': key } }, body: {} }));

/** Cancels a registration (or leaves the waiting list). */
export const cancelRegistration = (id: string, version: number) =>
  unwrap(api.PATCH('/api/v1/registrations/{id}', { params: { path: { id } }, body: { status: 'cancelled', version } }));

/** The meeting as an iCalendar file (it needs the access token, so it is fetched, not linked). */
export async function calendarFile(id: string): Promise<Blob> {
  const { data, error, response } = await api.GET('/api/v1/meetings/{id}/calendar.ics', { params: { path: { id } }, parseAs: 'blob' });
  if (!response.ok || !data) throw new ApiError(response.status, error);
  return data;
}

/** The organisation's venues by name (`archived` ones too when asked), every page. */
export async function listVenues(archived = false): Promise<Venue[]> {
  const all: Venue[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const got = await unwrap(api.GET('/api/v1/venues', { params: { query: { limit: 100, ...(archived ? { archived } : {}), ...(cursor ? { cursor } : {}) } } }));
    all.push(...got.items);
    if (!got.next_cursor) break;
    cursor = got.next_cursor;
  }
  return all;
}

export const getVenue = (id: string) => unwrap(api.GET('/api/v1/venues/{id}', { params: { path: { id } } }));
export const createVenue = (body: VenueFields) => unwrap(api.POST('/api/v1/venues', { body }));
/** A merge patch of a venue with its version (the generated body type is the full fields). */
export const updateVenue = (id: string, body: Partial<VenueFields> & { version: number }) =>
  unwrap(api.PATCH('/api/v1/venues/{id}', { params: { path: { id } }, body: body as VenueFields & { version: number } }));

/** The `detail` of a problem the server sent, if any (shown with 409s: it says what the conflict is). */
export function problemDetail(error: unknown): string | null {
  if (!(error instanceof ApiError)) return null;
  const p = error.problem;
  return typeof p === 'object' && p !== null && 'detail' in p && typeof p.detail === 'string' && p.detail.trim() ? p.detail : null;
}

/** Where a meeting is: a venue, an online link, or a phone line. */
export type PlaceKind = 'venue' | 'online' | 'phone' | 'none';
export const placeOf = (m: Pick<Meeting, 'venue' | 'online_url' | 'phone_line'>): PlaceKind =>
  m.venue ? 'venue' : m.online_url ? 'online' : m.phone_line ? 'phone' : 'none';

/** What a participant can do about their place at a meeting, or what they are told. */
export type PlaceAction =
  | { kind: 'register' }
  | { kind: 'wait' }
  | { kind: 'registered'; promoted: boolean }
  | { kind: 'waiting'; position: number | null }
  | { kind: 'closed' };

/**
 * The participant's registration state: registered (promoted from the waiting
 * list or not), waiting (with their number), or free to register or to join
 * the waiting list when no place is left. Nothing for a cancelled, done or
 * past meeting.
 */
export function placeAction(m: Pick<Meeting, 'status' | 'places_left' | 'my_place' | 'ends_at'>, now = new Date()): PlaceAction {
  const mine = m.my_place;
  if (mine?.status === 'registered') return { kind: 'registered', promoted: Boolean(mine.promoted_at) };
  if (mine?.status === 'waiting') return { kind: 'waiting', position: mine.waiting_position ?? null };
  if (m.status !== 'planned' || new Date(m.ends_at).getTime() <= now.getTime()) return { kind: 'closed' };
  return m.places_left != null && m.places_left <= 0 ? { kind: 'wait' } : { kind: 'register' };
}

/** A text in the user's language, else English, else the first given (null when there is none). */
export function pickText(texts: Record<string, string> | undefined, lang: string): { text: string; lang: string } | null {
  if (!texts) return null;
  for (const l of [lang, 'en']) {
    const text = texts[l]?.trim();
    if (text) return { text: texts[l]!, lang: l };
  }
  const first = Object.entries(texts).find(([, v]) => v.trim());
  return first ? { text: first[1], lang: first[0] } : null;
}

/** Languages written right to left (codes of the `languages` list). */
const RTL = new Set(['ar', 'fa', 'prs', 'ps', 'ur', 'he', 'yi', 'ckb', 'dv', 'ug', 'sd', 'ks', 'azb', 'pnb', 'syr']);
export const dirOfCode = (code: string): 'ltr' | 'rtl' => (RTL.has(code) ? 'rtl' : 'ltr');
