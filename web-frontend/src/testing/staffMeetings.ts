// Test data of the staff screens (meeting page, minutes, report, day): a meeting, a registration, the
// meetings' code lists.
import type { Meeting, Registration } from '../meetings/model';
import { CODES } from './app-harness';

/** A meeting on the wall clock of Ljubljana in winter (UTC+1), two hours long. */
export function meetingAt(id: string, start_local: string, extra: Partial<Meeting> = {}): Meeting {
  const hour = Number(start_local.slice(11, 13));
  const at = (h: number) => `${start_local.slice(0, 11)}${String(h).padStart(2, '0')}:00:00`;
  return {
    id,
    series_id: null,
    detached: false,
    kind: 'workshop',
    title: { en: `Meeting ${id}` },
    display_title: `Meeting ${id}`,
    description: {},
    venue: null,
    online_url: 'https://meet.jit.si/skupaj',
    phone_line: null,
    starts_at: `${at(hour - 1)}Z`,
    ends_at: `${at(hour + 1)}Z`,
    time_zone: 'Europe/Ljubljana',
    start_local,
    end_local: at(hour + 2),
    capacity: 2,
    audience: 'participants',
    languages: [],
    interpretation: [],
    childcare: false,
    status: 'planned',
    slots: null,
    staff: [{ user_id: 'u-1', name: 'Maja Novak', role: 'organiser' }],
    registered_count: 2,
    waiting_count: 1,
    places_left: 0,
    my_place: null,
    created_at: '2026-11-01T10:00:00Z',
    updated_at: '2026-11-01T10:00:00Z',
    deleted_at: null,
    version: 3,
    ...extra,
  };
}

export function registration(id: string, name: string, extra: Partial<Registration> = {}): Registration {
  return {
    id,
    meeting_id: 'm-1',
    participant_id: `p-${id}`,
    participant_name: name,
    status: 'registered',
    arrival: 1,
    walk_in: false,
    created_at: '2026-11-01T10:00:00Z',
    updated_at: '2026-11-01T10:00:00Z',
    version: 1,
    ...extra,
  };
}

/** Adds the meetings' code lists to the ones the harness serves. */
export function withMeetingCodes() {
  Object.assign(CODES, {
    'meeting-kinds': [
      ['co_creation', 'Co-creation meeting'],
      ['office_hours', 'Advising office hours'],
      ['workshop', 'Workshop'],
    ],
    'meeting-audiences': [
      ['participants', 'The organisation’s participants'],
      ['invited', 'Invited people only'],
    ],
    'meeting-statuses': [
      ['planned', 'Planned'],
      ['cancelled', 'Cancelled'],
      ['done', 'Done'],
    ],
    'registration-statuses': [
      ['registered', 'Registered'],
      ['waiting', 'On the waiting list'],
      ['cancelled', 'Cancelled'],
    ],
    'booking-modes': [
      ['in_person', 'In person'],
      ['phone', 'By phone'],
    ],
    'booking-topics': [
      ['cv', 'CV'],
      ['housing', 'Housing'],
    ],
    attendance: [
      ['attended', 'Attended'],
      ['no_show', 'Did not come'],
    ],
    'action-item-states': [
      ['open', 'Open'],
      ['done', 'Done'],
      ['dropped', 'Dropped'],
    ],
    languages: [
      ['ar', 'Arabic'],
      ['sl', 'Slovenian'],
    ],
  } satisfies Record<string, [string, string][]>);
}
