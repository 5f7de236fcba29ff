// Meetings for tests of the meeting screens (home "What's next", door,
// booking, feedback), as the API gives them.
import type { components } from '../api/schema';

type Meeting = components['schemas']['Meeting'];

/** A planned meeting starting `start` (UTC, ISO) for `hours`, in Ljubljana; `extra` replaces fields. */
export function meetingAt(id: string, start: string, extra: Partial<Meeting> = {}, hours = 2): Meeting {
  const starts = new Date(start);
  const ends = new Date(starts.getTime() + hours * 3600_000);
  const wall = (d: Date) =>
    new Intl.DateTimeFormat('sv-SE', {
      timeZone: 'Europe/Ljubljana',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    })
      .format(d)
      .replace(' ', 'T');
  return {
    id,
    detached: false,
    kind: 'workshop',
    title: { en: `Meeting ${id}` },
    display_title: `Meeting ${id}`,
    description: {},
    starts_at: starts.toISOString(),
    ends_at: ends.toISOString(),
    time_zone: 'Europe/Ljubljana',
    start_local: wall(starts),
    end_local: wall(ends),
    audience: 'participants',
    languages: [],
    interpretation: [],
    childcare: false,
    status: 'planned',
    staff: [],
    registered_count: 0,
    waiting_count: 0,
    capacity: null,
    places_left: null,
    venue: { id: 'v1', name: 'Skupaj centre', address: 'Vida Pregarčeva 11, Ljubljana', childcare: false },
    online_url: null,
    phone_line: null,
    slots: null,
    my_place: null,
    created_at: '2026-11-01T10:00:00Z',
    updated_at: '2026-11-01T10:00:00Z',
    version: 1,
    ...extra,
  };
}

/** The caller's place at a meeting. */
export const place = (status: 'registered' | 'waiting' | 'cancelled', extra: { waiting_position?: number; promoted_at?: string } = {}) => ({
  registration_id: `reg-${status}`,
  status,
  version: 1,
  waiting_position: extra.waiting_position ?? null,
  promoted_at: extra.promoted_at ?? null,
});
