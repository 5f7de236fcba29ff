// The staff's calls about one meeting: who registered (and who waits), who
// is invited, registering or inviting someone, cancelling someone's place.
import { api } from '../api/client';
import { ApiError, unwrap } from '../api/errors';
import type { components } from '../api/schema';
import type { Registration, RegistrationStatus } from './model';

export type Invitation = components['schemas']['MeetingInvitation'];

/** A page of a meeting's registrations, by order of arrival, with names. */
export const listRegistrations = (meetingId: string, cursor?: string, status?: RegistrationStatus) =>
  unwrap(
    api.GET('/api/v1/meetings/{id}/registrations', {
      params: { path: { id: meetingId }, query: { limit: 100, ...(cursor ? { cursor } : {}), ...(status ? { status } : {}) } },
    }),
  );

/** Registers a participant (or puts them on the waiting list). `key` makes a retry safe. */
export const registerSomeone = (meetingId: string, participantId: string, key: string) =>
  unwrap(
    api.POST('/api/v1/meetings/{id}/registrations', {
      params: { path: { id: meetingId }, header: { 'Idempotency-Key': key } },
      body: { participant_id: participantId },
    }),
  );

/** A page of who is invited, with where their registration stands. */
export const listInvitations = (meetingId: string, cursor?: string) =>
  unwrap(api.GET('/api/v1/meetings/{id}/invitations', { params: { path: { id: meetingId }, query: { limit: 100, ...(cursor ? { cursor } : {}) } } }));

/** Invites people (those already invited stay invited); answers their invitations. */
export const invite = (meetingId: string, participantIds: string[]) =>
  unwrap(api.POST('/api/v1/meetings/{id}/invitations', { params: { path: { id: meetingId } }, body: { participant_ids: participantIds } }));

/** Withdraws an invitation (a registration the person has stays). */
export async function withdrawInvitation(meetingId: string, participantId: string): Promise<void> {
  const { error, response } = await api.DELETE('/api/v1/meetings/{id}/invitations/{participant_id}', {
    params: { path: { id: meetingId, participant_id: participantId } },
  });
  if (!response.ok) throw new ApiError(response.status, error);
}

/** Whose place it is, as the list says it: registered (promoted or not), waiting with a number, cancelled. */
export type PlaceKind = 'registered' | 'promoted' | 'walk_in' | 'waiting' | 'cancelled';
export function placeKind(r: Pick<Registration, 'status' | 'promoted_at' | 'walk_in'>): PlaceKind {
  if (r.status === 'waiting') return 'waiting';
  if (r.status === 'cancelled') return 'cancelled';
  if (r.walk_in) return 'walk_in';
  return r.promoted_at ? 'promoted' : 'registered';
}

/**
 * The list as staff read it: registered first (by arrival), then the waiting
 * list by number, then the cancelled ones.
 */
export function orderRegistrations<R extends Pick<Registration, 'status' | 'arrival' | 'waiting_position'>>(list: readonly R[]): R[] {
  const rank = (r: R) => (r.status === 'registered' ? 0 : r.status === 'waiting' ? 1 : 2);
  return [...list].sort(
    (a, b) =>
      rank(a) - rank(b) ||
      (a.status === 'waiting' ? (a.waiting_position ?? Infinity) - (b.waiting_position ?? Infinity) : 0) ||
      a.arrival - b.arrival,
  );
}
