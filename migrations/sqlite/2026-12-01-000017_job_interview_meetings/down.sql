-- Back to the kinds before `job_interview` (fails while such meetings exist).
-- SQLite cannot change a CHECK in place: the table is rebuilt (the
-- documented twelve-step way), outside a transaction of diesel's so that
-- foreign keys can be switched off while the old table is dropped (with
-- them on, dropping it would cascade to registrations and the rest).
PRAGMA foreign_keys = OFF;
BEGIN;
CREATE TABLE meetings_rebuilt (
    id TEXT PRIMARY KEY NOT NULL,
    organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    series_id TEXT REFERENCES meeting_series(id) ON DELETE SET NULL,
    -- RECURRENCE-ID: the occurrence's start in the series as the rule made it (local time)
    occurrence_local TIMESTAMP,
    -- Changed on its own: edits to "all" of the series leave it as it is
    detached BOOLEAN NOT NULL DEFAULT FALSE,
    kind TEXT NOT NULL CHECK (kind IN ('co_creation','office_hours','workshop','info_session','social_event','round_table','panel','mentoring','language_exchange','photo_shoot','seller_pool','other')),
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
INSERT INTO meetings_rebuilt SELECT * FROM meetings;
DROP TABLE meetings;
ALTER TABLE meetings_rebuilt RENAME TO meetings;
CREATE INDEX meetings_org_start ON meetings(organization_id, starts_at, id);
CREATE INDEX meetings_org_updated ON meetings(organization_id, updated_at, id);
CREATE INDEX meetings_series ON meetings(series_id, starts_at);
CREATE INDEX meetings_venue ON meetings(venue_id);
COMMIT;
PRAGMA foreign_keys = ON;
