-- Interviews: versioned questionnaire templates, individual and group
-- interviews, and the answers each participant gave. A template's content
-- (sections, questions, translations) is one JSON document per version; a
-- published version is never changed again, and interviews point to the
-- version they used.
CREATE TABLE interview_templates (
    id TEXT PRIMARY KEY NOT NULL,
    organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    builtin_key TEXT,                        -- 'skupaj-default' for the shipped template
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (organization_id, builtin_key)
);
CREATE INDEX interview_templates_org ON interview_templates(organization_id, id);

CREATE TABLE interview_template_versions (
    id TEXT PRIMARY KEY NOT NULL,
    template_id TEXT NOT NULL REFERENCES interview_templates(id) ON DELETE CASCADE,
    number INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('draft','published')),
    content TEXT NOT NULL,
    created_by TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    published_at TIMESTAMP,
    revision INTEGER NOT NULL DEFAULT 1,
    UNIQUE (template_id, number)
);

CREATE TABLE interviews (
    id TEXT PRIMARY KEY NOT NULL,
    organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    template_version_id TEXT NOT NULL REFERENCES interview_template_versions(id),
    kind TEXT NOT NULL CHECK (kind IN ('individual','group')),
    scheduled_at TIMESTAMP NOT NULL,
    duration_minutes INTEGER,
    channel TEXT NOT NULL CHECK (channel IN ('in_person','phone','video')),
    location TEXT,
    language TEXT NOT NULL,
    interpreter_language TEXT,
    interpreter_name TEXT,
    recorded BOOLEAN NOT NULL DEFAULT FALSE,
    status TEXT NOT NULL CHECK (status IN ('planned','done','cancelled','no_show')),
    notes TEXT,
    created_by TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    completed_at TIMESTAMP,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX interviews_org_scheduled ON interviews(organization_id, scheduled_at, id);
CREATE INDEX interviews_version ON interviews(template_version_id);

CREATE TABLE interview_participants (
    interview_id TEXT NOT NULL REFERENCES interviews(id) ON DELETE CASCADE,
    participant_id TEXT NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    language TEXT,
    attended BOOLEAN NOT NULL DEFAULT TRUE,
    PRIMARY KEY (interview_id, participant_id)
);
CREATE INDEX interview_participants_participant ON interview_participants(participant_id);

CREATE TABLE interview_interviewers (
    interview_id TEXT NOT NULL REFERENCES interviews(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    PRIMARY KEY (interview_id, user_id)
);
CREATE INDEX interview_interviewers_user ON interview_interviewers(user_id);

CREATE TABLE interview_answers (
    interview_id TEXT NOT NULL REFERENCES interviews(id) ON DELETE CASCADE,
    participant_id TEXT NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
    question_id TEXT NOT NULL,
    value TEXT NOT NULL,
    updated_by TEXT,
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (interview_id, participant_id, question_id)
);
CREATE INDEX interview_answers_participant ON interview_answers(participant_id);
