-- Opportunities (issue #16): jobs, internships, traineeships,
-- apprenticeships, volunteering, courses, workshops and mentoring
-- programmes posted by partners (or by staff on a partner's behalf), the
-- skills and languages they ask for (and, for courses, the skills they
-- teach), people's applications with their history and message thread,
-- the outcomes they end in, and the change log the matching cache follows.
--
-- Multilingual texts (`title`, `description`) are JSON objects
-- {"en": "...", ...}; `search_text` holds every language's title and
-- description, and the provider's name, folded (lower case, accents
-- removed). Money is integer cents with an ISO 4217 currency.
CREATE TABLE opportunities (
    id TEXT PRIMARY KEY NOT NULL,
    organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('job','internship','traineeship','apprenticeship','volunteering','course','workshop','mentoring_programme')),
    status TEXT NOT NULL CHECK (status IN ('draft','open','closed','filled')),
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '{}',
    search_text TEXT NOT NULL DEFAULT '',
    -- The employer or provider, and its sector (NACE Rev. 2 code, e.g. "H52.24")
    provider_name TEXT NOT NULL,
    provider_sector TEXT,
    -- The partner member who posted it or answers for it (staff may post on a partner's behalf)
    partner_user_id TEXT REFERENCES users(id) ON DELETE SET NULL,
    -- The occupation (ESCO URI) its skills were filled from, if any
    occupation_uri TEXT,
    -- ISO 3166-1 alpha-2: whose eligibility rules apply (Slovenia's by default)
    country TEXT NOT NULL DEFAULT 'SI',
    place TEXT NOT NULL CHECK (place IN ('on_site','remote','hybrid')),
    municipality TEXT,
    hours_per_week INTEGER CHECK (hours_per_week IS NULL OR (hours_per_week > 0 AND hours_per_week <= 60)),
    -- Internships: at most 240 hours in all
    total_hours INTEGER CHECK (total_hours IS NULL OR total_hours > 0),
    starts_on DATE,
    ends_on DATE,
    duration_weeks INTEGER CHECK (duration_weeks IS NULL OR duration_weeks > 0),
    paid BOOLEAN NOT NULL DEFAULT FALSE,
    pay_min_cents INTEGER CHECK (pay_min_cents IS NULL OR pay_min_cents >= 0),
    pay_max_cents INTEGER CHECK (pay_max_cents IS NULL OR pay_max_cents >= 0),
    pay_currency TEXT NOT NULL DEFAULT 'EUR',
    pay_period TEXT CHECK (pay_period IS NULL OR pay_period IN ('hour','month','year','total')),
    contract_type TEXT CHECK (contract_type IS NULL OR contract_type IN ('permanent','fixed_term','internship_agreement','student_work','apprenticeship_contract','volunteer_agreement','none')),
    places INTEGER CHECK (places IS NULL OR places > 0),
    deadline DATE,
    min_education TEXT,
    created_by TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    opened_at TIMESTAMP,
    -- Tombstone: gone from lists, kept for its applications and outcomes
    archived_at TIMESTAMP,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX opportunities_org ON opportunities(organization_id, status, opened_at, id);
CREATE INDEX opportunities_updated ON opportunities(organization_id, updated_at, id);
CREATE INDEX opportunities_partner ON opportunities(partner_user_id);

-- relation: essential or optional (asked for), or teaches (courses)
CREATE TABLE opportunity_skills (
    opportunity_id TEXT NOT NULL REFERENCES opportunities(id) ON DELETE CASCADE,
    skill_uri TEXT NOT NULL,
    relation TEXT NOT NULL CHECK (relation IN ('essential','optional','teaches')),
    PRIMARY KEY (opportunity_id, skill_uri, relation)
);
CREATE INDEX opportunity_skills_skill ON opportunity_skills(skill_uri, relation);

CREATE TABLE opportunity_languages (
    opportunity_id TEXT NOT NULL REFERENCES opportunities(id) ON DELETE CASCADE,
    language TEXT NOT NULL,
    min_level TEXT NOT NULL,
    PRIMARY KEY (opportunity_id, language)
);

CREATE TABLE applications (
    id TEXT PRIMARY KEY NOT NULL,
    organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    opportunity_id TEXT NOT NULL REFERENCES opportunities(id),
    -- Empty once the person is erased (the application stays, anonymous)
    participant_id TEXT REFERENCES participants(id) ON DELETE SET NULL,
    state TEXT NOT NULL CHECK (state IN ('proposed','applied','shortlisted','interview','offer','hired','rejected','withdrawn')),
    cover_note TEXT NOT NULL DEFAULT '',
    -- The adviser who proposed the person (NULL when the person applied)
    proposed_by TEXT REFERENCES users(id) ON DELETE SET NULL,
    -- The job interview: a meeting both sides see in their calendars
    interview_meeting_id TEXT REFERENCES meetings(id) ON DELETE SET NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    erased_at TIMESTAMP,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX applications_person ON applications(opportunity_id, participant_id);
CREATE INDEX applications_participant ON applications(participant_id);
CREATE INDEX applications_updated ON applications(organization_id, updated_at, id);

-- Every change of state: who (user and role) made it, when, and why
CREATE TABLE application_events (
    id TEXT PRIMARY KEY NOT NULL,
    application_id TEXT NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
    from_state TEXT,
    to_state TEXT NOT NULL,
    by_user_id TEXT,
    by_role TEXT NOT NULL,
    note TEXT,
    at TIMESTAMP NOT NULL
);
CREATE INDEX application_events_application ON application_events(application_id, at);

-- The thread between the partner, the participant and their adviser: text only
CREATE TABLE application_messages (
    id TEXT PRIMARY KEY NOT NULL,
    application_id TEXT NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
    author_user_id TEXT,
    author_role TEXT NOT NULL,
    -- Emptied (and `erased_at` set) when the author is erased
    body TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    erased_at TIMESTAMP
);
CREATE INDEX application_messages_thread ON application_messages(application_id, created_at, id);

-- Read receipts: each reader's last read moment in a thread
CREATE TABLE application_reads (
    application_id TEXT NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL,
    read_at TIMESTAMP NOT NULL,
    PRIMARY KEY (application_id, user_id)
);

-- What an application (or a completed course) ended in. Erasure empties
-- `participant_id` and `application_id`; the anonymous row still counts.
CREATE TABLE outcomes (
    id TEXT PRIMARY KEY NOT NULL,
    organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    application_id TEXT REFERENCES applications(id) ON DELETE SET NULL,
    opportunity_id TEXT REFERENCES opportunities(id) ON DELETE SET NULL,
    participant_id TEXT REFERENCES participants(id) ON DELETE SET NULL,
    -- The programme it is counted under: the opportunity's kind
    programme TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('permanent','fixed_term','internship','training','studies','self_employment')),
    starts_on DATE NOT NULL,
    ends_on DATE,
    recorded_by TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX outcomes_org ON outcomes(organization_id, starts_on);
CREATE INDEX outcomes_participant ON outcomes(participant_id);
CREATE INDEX outcomes_updated ON outcomes(organization_id, updated_at, id);

-- The matching cache's change log: every write that changes what matching
-- sees of a person or an opportunity appends a row in its transaction;
-- each server process applies the rows after the last `seq` it has seen.
CREATE TABLE match_changes (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    organization_id TEXT NOT NULL,
    subject TEXT NOT NULL CHECK (subject IN ('participant','opportunity','taxonomy')),
    subject_id TEXT NOT NULL,
    changed_at TIMESTAMP NOT NULL
);
CREATE INDEX match_changes_org ON match_changes(organization_id, seq);
