-- Meetings: venues, recurring series (RFC 5545 rules), meetings (each
-- occurrence of a series is a meeting of its own), their organisers and
-- facilitators, invitations, registrations with a waiting list, bookable
-- office-hour slots, walk-in guests without a record, feedback, minutes,
-- action items, and secret calendar feed links.
--
-- Times: `starts_at`/`ends_at` are UTC; `time_zone` is the IANA zone the
-- meeting happens in (the venue's, Europe/Ljubljana unless configured).
-- Multilingual texts (`title`, `description`) are JSON objects
-- {"en": "...", "ar": "..."}; lists of codes are JSON arrays.
CREATE TABLE venues (
    id TEXT PRIMARY KEY NOT NULL,
    organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    address TEXT,
    capacity INTEGER,
    accessibility TEXT,
    childcare BOOLEAN NOT NULL DEFAULT FALSE,
    languages TEXT NOT NULL DEFAULT '[]',
    map_url TEXT,
    time_zone TEXT NOT NULL,
    archived_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX venues_org ON venues(organization_id, id);

CREATE TABLE meeting_series (
    id TEXT PRIMARY KEY NOT NULL,
    organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    -- The RFC 5545 RRULE value, e.g. FREQ=WEEKLY;BYDAY=TU,TH,SA;UNTIL=20260715T215959Z
    rrule TEXT NOT NULL,
    -- DTSTART: the first occurrence's start in the series' time zone, no offset
    first_start_local TIMESTAMP NOT NULL,
    time_zone TEXT NOT NULL,
    duration_minutes INTEGER NOT NULL,
    -- EXDATE: local starts taken out of the series (JSON array)
    exdates TEXT NOT NULL DEFAULT '[]',
    created_by TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX meeting_series_org ON meeting_series(organization_id, id);

CREATE TABLE meetings (
    id TEXT PRIMARY KEY NOT NULL,
    organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    series_id TEXT REFERENCES meeting_series(id) ON DELETE SET NULL,
    -- RECURRENCE-ID: the occurrence's start in the series as the rule made it (local time)
    occurrence_local TIMESTAMP,
    -- Changed on its own: edits to "all" of the series leave it as it is
    detached BOOLEAN NOT NULL DEFAULT FALSE,
    kind TEXT NOT NULL CHECK (kind IN ('co_creation','office_hours','workshop','info_session','social_event','round_table','panel','mentoring','language_exchange','photo_shoot','other')),
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '{}',
    venue_id TEXT REFERENCES venues(id),
    online_url TEXT,
    phone_line TEXT,
    starts_at TIMESTAMP NOT NULL,
    ends_at TIMESTAMP NOT NULL,
    time_zone TEXT NOT NULL,
    capacity INTEGER,
    audience TEXT NOT NULL CHECK (audience IN ('participants','invited','public')),
    languages TEXT NOT NULL DEFAULT '[]',
    interpretation TEXT NOT NULL DEFAULT '[]',
    childcare BOOLEAN NOT NULL DEFAULT FALSE,
    status TEXT NOT NULL CHECK (status IN ('planned','cancelled','done')),
    -- Office hours: bookable slots of this many minutes, this many people each, in these modes
    slot_minutes INTEGER,
    slot_capacity INTEGER,
    slot_modes TEXT NOT NULL DEFAULT '[]',
    -- Kept in the same transaction as the registrations they count; writing
    -- `arrivals` first is also what serialises concurrent registrations.
    registered_count INTEGER NOT NULL DEFAULT 0,
    waiting_count INTEGER NOT NULL DEFAULT 0,
    arrivals INTEGER NOT NULL DEFAULT 0,
    created_by TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    -- Removed from its series: a tombstone for `updated_since` pulls
    deleted_at TIMESTAMP,
    version INTEGER NOT NULL DEFAULT 1,
    UNIQUE (series_id, occurrence_local)
);
CREATE INDEX meetings_org_start ON meetings(organization_id, starts_at, id);
CREATE INDEX meetings_org_updated ON meetings(organization_id, updated_at, id);
CREATE INDEX meetings_series ON meetings(series_id, starts_at);
CREATE INDEX meetings_venue ON meetings(venue_id);

CREATE TABLE meeting_staff (
    meeting_id TEXT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('organiser','facilitator')),
    PRIMARY KEY (meeting_id, user_id)
);
CREATE INDEX meeting_staff_user ON meeting_staff(user_id);

CREATE TABLE meeting_invitations (
    meeting_id TEXT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    participant_id TEXT NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
    invited_by TEXT,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (meeting_id, participant_id)
);
CREATE INDEX meeting_invitations_participant ON meeting_invitations(participant_id);

CREATE TABLE meeting_registrations (
    id TEXT PRIMARY KEY NOT NULL,
    organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    meeting_id TEXT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    participant_id TEXT NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
    status TEXT NOT NULL CHECK (status IN ('registered','waiting','cancelled')),
    -- The order of arrival at this meeting (the waiting list's order)
    arrival INTEGER NOT NULL,
    registered_by TEXT,
    promoted_at TIMESTAMP,
    cancelled_at TIMESTAMP,
    attendance TEXT CHECK (attendance IN ('attended','no_show')),
    checked_in_at TIMESTAMP,
    walk_in BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    UNIQUE (meeting_id, participant_id)
);
CREATE INDEX meeting_registrations_queue ON meeting_registrations(meeting_id, status, arrival);
CREATE INDEX meeting_registrations_participant ON meeting_registrations(participant_id);

CREATE TABLE meeting_bookings (
    id TEXT PRIMARY KEY NOT NULL,
    organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    meeting_id TEXT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    participant_id TEXT NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
    slot_start TIMESTAMP NOT NULL,
    mode TEXT NOT NULL CHECK (mode IN ('in_person','phone')),
    topic TEXT NOT NULL CHECK (topic IN ('job_search','cv','translation','employment_office','legal_admin','housing','education','starting_company','other')),
    note TEXT,
    status TEXT NOT NULL CHECK (status IN ('booked','cancelled')),
    attendance TEXT CHECK (attendance IN ('attended','no_show')),
    walk_in BOOLEAN NOT NULL DEFAULT FALSE,
    booked_by TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX meeting_bookings_slot ON meeting_bookings(meeting_id, slot_start);
CREATE INDEX meeting_bookings_participant ON meeting_bookings(participant_id);

-- People who came without a record, and erased attendees: counts only.
CREATE TABLE meeting_guests (
    id TEXT PRIMARY KEY NOT NULL,
    meeting_id TEXT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    gender TEXT,
    age_band TEXT,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX meeting_guests_meeting ON meeting_guests(meeting_id);

-- Ratings 1-10. `participant_id` lets the person see, change and export
-- their own; no endpoint shows it to anyone else, and erasure clears it.
CREATE TABLE meeting_feedback (
    id TEXT PRIMARY KEY NOT NULL,
    organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    meeting_id TEXT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    participant_id TEXT REFERENCES participants(id) ON DELETE SET NULL,
    rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 10),
    comment TEXT,
    comment_language TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (meeting_id, participant_id)
);
CREATE INDEX meeting_feedback_org ON meeting_feedback(organization_id, meeting_id);
CREATE INDEX meeting_feedback_participant ON meeting_feedback(participant_id);

CREATE TABLE meeting_minutes (
    meeting_id TEXT PRIMARY KEY NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    body TEXT NOT NULL DEFAULT '',
    decisions TEXT NOT NULL DEFAULT '[]',
    updated_by TEXT,
    updated_at TIMESTAMP NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE meeting_action_items (
    id TEXT PRIMARY KEY NOT NULL,
    organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    meeting_id TEXT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    owner_user_id TEXT REFERENCES users(id) ON DELETE SET NULL,
    owner_participant_id TEXT REFERENCES participants(id) ON DELETE SET NULL,
    due_on DATE,
    state TEXT NOT NULL CHECK (state IN ('open','done','dropped')),
    created_by TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX meeting_action_items_meeting ON meeting_action_items(meeting_id);
CREATE INDEX meeting_action_items_user ON meeting_action_items(owner_user_id, state);
CREATE INDEX meeting_action_items_participant ON meeting_action_items(owner_participant_id, state);

-- A person's calendar feed: a secret URL (only its hash is kept), reset by
-- replacing the row.
CREATE TABLE calendar_feeds (
    organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (organization_id, user_id)
);
