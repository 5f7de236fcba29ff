// The door list of a meeting (who came), its API and the pure logic of the
// door screen: the accent-insensitive search and the counts.
import type { Client } from 'openapi-fetch';
import { api } from '../../api/client';
import { unwrap } from '../../api/errors';
import type { components } from '../../api/schema';

type Schemas = components['schemas'];
export type RegistrationStatus = Schemas['RegistrationStatus'];

// ---------------------------------------------------------------------------
// TODO(lead): switch to the generated type when openapi.yaml has it.
// HAND-WRITTEN API TYPES for the attendance endpoints (being built on branch
// m-office: GET /meetings/{id}/attendance, POST …/attendance/check-in,
// POST …/attendance/close, POST/DELETE …/guests). Once they are in
// openapi.yaml: `npm run gen:api`, replace the Api* types with
// components['schemas'] (DoorList, DoorEntry, DoorCounts, GuestSummary,
// Guest, NewGuest, CheckIn, CheckedIn, Closed), and call `api` instead of
// `pending`. The field names are read in ONE place: `toDoor` and `toCounts`.
// ---------------------------------------------------------------------------

/** TODO(lead): generated `DoorEntry`. A person expected at the meeting, or who walked in. */
export interface ApiDoorEntry {
  registration_id: string;
  participant_id: string;
  name?: string | null;
  status: RegistrationStatus;
  attendance?: 'attended' | 'no_show' | null;
  checked_in_at?: string | null;
  walk_in?: boolean;
  version?: number;
}

/** TODO(lead): generated `DoorCounts` (the brief had only registered, attended, no_show). */
export interface ApiDoorCounts {
  registered?: number;
  waiting?: number;
  attended?: number;
  no_show?: number;
  walk_ins?: number;
  guests?: number;
  present?: number;
}

/** TODO(lead): generated `Guest`. Someone who came without a record. */
export interface ApiGuest {
  id: string;
  meeting_id?: string;
  gender?: string | null;
  age_band?: string | null;
  created_at?: string;
}

/** TODO(lead): generated `DoorList`. */
export interface ApiDoorList {
  meeting_id?: string;
  meeting_status?: string;
  people: ApiDoorEntry[];
  guests?: { total?: number; by_gender?: Record<string, number>; by_age_band?: Record<string, number>; items?: ApiGuest[] };
  counts?: ApiDoorCounts;
}

/** TODO(lead): generated `CheckedIn`. */
export interface ApiCheckedIn {
  entry?: ApiDoorEntry;
  counts?: ApiDoorCounts;
}

/** TODO(lead): generated `Closed`. */
export interface ApiClosed {
  no_shows?: number;
  booking_no_shows?: number;
  meeting_status?: string;
  counts?: ApiDoorCounts;
}

/** TODO(lead): generated `NewGuest` (codes of `genders` and `interview-age-bands`). */
export interface NewGuest {
  gender?: string | null;
  age_band?: string | null;
}

type Json<T> = { content: { 'application/json': T } };
type Problem = { content: { 'application/problem+json': Schemas['Problem'] } };
type Id = { path: { id: string } };

/** TODO(lead): remove with the hand-written types above. */
interface PendingPaths {
  '/api/v1/meetings/{id}/attendance': {
    get: { parameters: Id & { query?: { q?: string } }; responses: { 200: Json<ApiDoorList>; 404: Problem } };
  };
  '/api/v1/meetings/{id}/attendance/check-in': {
    post: {
      parameters: Id;
      requestBody: Json<{ participant_id: string; attended: boolean }>;
      responses: { 200: Json<ApiCheckedIn>; 409: Problem; 422: Problem };
    };
  };
  '/api/v1/meetings/{id}/attendance/close': {
    post: { parameters: Id; responses: { 200: Json<ApiClosed>; 409: Problem } };
  };
  '/api/v1/meetings/{id}/guests': {
    post: {
      parameters: Id & { header?: { 'Idempotency-Key'?: string } };
      requestBody: Json<NewGuest>;
      responses: { 201: Json<ApiGuest>; 409: Problem; 422: Problem };
    };
  };
  '/api/v1/meetings/{id}/guests/{guest_id}': {
    delete: { parameters: { path: { id: string; guest_id: string } }; responses: { 204: { content?: never }; 404: Problem } };
  };
}

/** TODO(lead): the same client (same auth), typed for the paths above. */
const pending = api as unknown as Client<PendingPaths>;

// ---------------------------------------------------------------------------

/** A person on the door list, as the screen uses it. */
export interface DoorPerson {
  participantId: string;
  registrationId: string;
  name: string | null;
  status: RegistrationStatus;
  attended: boolean;
  noShow: boolean;
  walkIn: boolean;
}

export interface DoorCounts {
  /** Registered (walk-ins included). */
  registered: number;
  /** Registered people ticked as come. */
  attended: number;
  /** People who came without a record. */
  guests: number;
  noShow: number;
}

export interface Door {
  people: DoorPerson[];
  guests: ApiGuest[];
  counts: DoorCounts;
  /** `done` once the list is closed. */
  meetingStatus: string | null;
}

export function toPerson(e: ApiDoorEntry): DoorPerson {
  return {
    participantId: e.participant_id,
    registrationId: e.registration_id,
    name: e.name ?? null,
    status: e.status,
    attended: e.attendance === 'attended',
    noShow: e.attendance === 'no_show',
    walkIn: e.walk_in ?? false,
  };
}

/** The counts the server gave, else counted from the list. */
export function toCounts(c: ApiDoorCounts | undefined, people: readonly DoorPerson[], guests: number): DoorCounts {
  const counted = countOf(people, guests);
  return {
    registered: c?.registered ?? counted.registered,
    attended: c?.attended ?? counted.attended,
    guests: c?.guests ?? guests,
    noShow: c?.no_show ?? counted.noShow,
  };
}

/** Counts from the list itself (while a tick is on its way). */
export function countOf(people: readonly DoorPerson[], guests: number): DoorCounts {
  const registered = people.filter((p) => p.status === 'registered');
  return {
    registered: registered.length,
    attended: registered.filter((p) => p.attended).length,
    guests,
    noShow: registered.filter((p) => p.noShow).length,
  };
}

export function toDoor(raw: ApiDoorList): Door {
  const people = (raw.people ?? []).map(toPerson);
  const items = raw.guests?.items ?? [];
  const total = raw.guests?.total ?? items.length;
  return { people, guests: items, counts: toCounts(raw.counts, people, total), meetingStatus: raw.meeting_status ?? null };
}

export const getDoor = async (meetingId: string) =>
  toDoor(await unwrap(pending.GET('/api/v1/meetings/{id}/attendance', { params: { path: { id: meetingId } } })));

export const checkIn = (meetingId: string, participantId: string, attended: boolean) =>
  unwrap(
    pending.POST('/api/v1/meetings/{id}/attendance/check-in', {
      params: { path: { id: meetingId } },
      body: { participant_id: participantId, attended },
    }),
  );

export const addGuest = (meetingId: string, guest: NewGuest, key: string) =>
  unwrap(
    pending.POST('/api/v1/meetings/{id}/guests', {
      params: { path: { id: meetingId }, header: { 'Idempotency-Key': key } },
      body: { ...(guest.gender ? { gender: guest.gender } : {}), ...(guest.age_band ? { age_band: guest.age_band } : {}) },
    }),
  );

export const removeGuest = (meetingId: string, guestId: string) =>
  unwrap(pending.DELETE('/api/v1/meetings/{id}/guests/{guest_id}', { params: { path: { id: meetingId, guest_id: guestId } } }));

export const closeDoor = (meetingId: string) =>
  unwrap(pending.POST('/api/v1/meetings/{id}/attendance/close', { params: { path: { id: meetingId } } }));

// ---------------------------------------------------------------------------
// Searching by name as people type: "hadzic" finds "Hadžić", "ahmad" finds
// "Aḥmad", "أحمد" finds "احمد".

/** Letters that do not decompose into a base letter and a mark. */
const SPECIAL: Record<string, string> = { đ: 'd', ð: 'd', ł: 'l', ø: 'o', ß: 'ss', æ: 'ae', œ: 'oe', ı: 'i', þ: 'th', ґ: 'г' };

/** A text folded for searching: lower case, without accents or Arabic vowel marks, Arabic (and ґ/г) letter variants joined. */
export function fold(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đðłøßæœıþґ]/g, (c) => SPECIAL[c] ?? c)
    .replace(/[أإآٱ]/g, 'ا')
    .replace(/ى/g, 'ي')
    .replace(/ة/g, 'ه')
    .replace(/ـ/g, '') // tatweel
    .replace(/[\s\-‐'’.]+/g, ' ')
    .trim();
}

/** Whether a name matches what was typed: every typed word is in the name. */
export function matches(name: string | null, query: string): boolean {
  const words = fold(query).split(' ').filter(Boolean);
  if (words.length === 0) return true;
  const folded = fold(name ?? '');
  return words.every((w) => folded.includes(w));
}

/** The people whose name matches, in the list's order. */
export function search(people: readonly DoorPerson[], query: string): DoorPerson[] {
  return people.filter((p) => matches(p.name, query));
}

/** The list after ticking or unticking one person (a tick clears a no-show). */
export function withTick(people: readonly DoorPerson[], participantId: string, attended: boolean): DoorPerson[] {
  return people.map((p) => (p.participantId === participantId ? { ...p, attended, noShow: attended ? false : p.noShow } : p));
}

/** The door after ticking or unticking someone before the server answers: their row and the counts. */
export function tickDoor(door: Door, participantId: string, attended: boolean): Door {
  const people = door.people.map((p) =>
    p.participantId === participantId
      ? { ...p, attended, noShow: attended ? false : p.noShow, status: attended && p.status !== 'registered' ? ('registered' as const) : p.status }
      : p,
  );
  return { ...door, people, counts: shifted(door, people) };
}

/** The door with one person put back as they were (a tick the server refused). */
export function restorePerson(door: Door, before: DoorPerson): Door {
  const people = door.people.map((p) => (p.participantId === before.participantId ? before : p));
  return { ...door, people, counts: shifted(door, people) };
}

/** The door after the server's answer to a tick: its row (added if new) and its counts. */
export function afterCheckIn(door: Door, answer: ApiCheckedIn): Door {
  const entry = answer.entry ? toPerson(answer.entry) : null;
  let people = door.people;
  if (entry) {
    const known = people.some((p) => p.participantId === entry.participantId);
    people = known ? people.map((p) => (p.participantId === entry.participantId ? entry : p)) : sortByName([...people, entry]);
  }
  const counts = answer.counts ? toCounts(answer.counts, people, door.counts.guests) : shifted({ ...door }, people);
  return { ...door, people, counts };
}

/** The counts moved by what changed in the list (the server's numbers stay the base). */
function shifted(door: Door, people: readonly DoorPerson[]): DoorCounts {
  const before = countOf(door.people, door.counts.guests);
  const after = countOf(people, door.counts.guests);
  return {
    ...door.counts,
    registered: door.counts.registered + after.registered - before.registered,
    attended: door.counts.attended + after.attended - before.attended,
    noShow: door.counts.noShow + after.noShow - before.noShow,
  };
}

const collator = new Intl.Collator(undefined, { sensitivity: 'base' });

export function sortByName(people: DoorPerson[]): DoorPerson[] {
  return people.sort((a, b) => collator.compare(a.name ?? '', b.name ?? ''));
}
