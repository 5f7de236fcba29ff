-- The people a programme works with, their languages, needs and
-- qualifications, and their consents. Code values are checked by the API
-- against api/src/codes.rs (the lists grow without a migration).
CREATE TABLE participants (
    id TEXT PRIMARY KEY NOT NULL,
    organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    status TEXT NOT NULL CHECK (status IN ('active','archived','erased')),
    name TEXT,                               -- NULL once erased
    name_is_pseudonym BOOLEAN NOT NULL DEFAULT FALSE,
    phone TEXT,
    whatsapp TEXT,
    viber TEXT,
    email TEXT,
    gender TEXT,
    gender_self_description TEXT,
    birth_year INTEGER,
    country_of_origin TEXT,
    legal_status TEXT,
    work_permit TEXT,
    work_permit_date DATE,
    arrival_date DATE,
    municipality TEXT,
    education_level TEXT,
    employment_state TEXT,
    needs_other TEXT,
    notes TEXT,
    adviser_id TEXT REFERENCES users(id) ON DELETE SET NULL,
    mentor_id TEXT REFERENCES users(id) ON DELETE SET NULL,
    user_id TEXT REFERENCES users(id) ON DELETE SET NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    archived_at TIMESTAMP,
    erased_at TIMESTAMP,
    erasure_reason TEXT,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX participants_org_id ON participants(organization_id, id);
CREATE INDEX participants_org_updated ON participants(organization_id, updated_at, id);
CREATE INDEX participants_org_name ON participants(organization_id, name, id);

CREATE TABLE participant_languages (
    participant_id TEXT NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
    language TEXT NOT NULL,
    level TEXT NOT NULL,
    PRIMARY KEY (participant_id, language)
);
CREATE INDEX participant_languages_language ON participant_languages(language, participant_id);

CREATE TABLE participant_needs (
    participant_id TEXT NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
    need TEXT NOT NULL,
    PRIMARY KEY (participant_id, need)
);
CREATE INDEX participant_needs_need ON participant_needs(need, participant_id);

CREATE TABLE participant_qualifications (
    id TEXT PRIMARY KEY NOT NULL,
    participant_id TEXT NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    title TEXT NOT NULL,
    country TEXT,
    year INTEGER,
    recognition TEXT NOT NULL
);
CREATE INDEX participant_qualifications_participant ON participant_qualifications(participant_id, position);

CREATE TABLE consents (
    id TEXT PRIMARY KEY NOT NULL,
    organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    participant_id TEXT NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
    purpose TEXT NOT NULL,
    text_version TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    given_at TIMESTAMP NOT NULL,
    withdrawn_at TIMESTAMP,
    withdrawn_by TEXT
);
CREATE INDEX consents_participant ON consents(participant_id, purpose);

-- A retried create with the same Idempotency-Key returns the first answer.
CREATE TABLE idempotency_keys (
    organization_id TEXT NOT NULL,
    actor_id TEXT NOT NULL,
    operation TEXT NOT NULL,
    key TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    status INTEGER NOT NULL,
    response TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (organization_id, actor_id, operation, key)
);
