-- What a participant can do: skills from the taxonomy, with level, years,
-- where learnt, the evidence, and an optional certificate (e.g. a forklift
-- licence with its expiry).
CREATE TABLE participant_skills (
    id TEXT PRIMARY KEY NOT NULL,
    participant_id TEXT NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
    skill_uri TEXT NOT NULL REFERENCES taxonomy_concepts(uri),
    level TEXT NOT NULL,
    years INTEGER,
    acquired TEXT,
    evidence TEXT NOT NULL,
    certificate_name TEXT,
    certificate_issuer TEXT,
    certificate_issued DATE,
    certificate_expires DATE,
    last_confirmed DATE,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    UNIQUE (participant_id, skill_uri)
);
CREATE INDEX participant_skills_skill ON participant_skills(skill_uri, level);
