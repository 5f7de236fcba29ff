-- The skills taxonomy, ESCO-compatible and shared by every organisation:
-- skills, knowledge and occupations by concept URI, their labels in every
-- language (with a folded form for accent- and case-blind search), the
-- skill hierarchy, and which skills each occupation needs.
CREATE TABLE taxonomy_concepts (
    uri TEXT PRIMARY KEY NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('skill','knowledge','occupation')),
    reuse_level TEXT,
    isco_group TEXT,
    code TEXT,
    status TEXT NOT NULL CHECK (status IN ('released','obsolete')),
    source TEXT NOT NULL,                    -- 'esco' or 'starter'
    esco_version TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX taxonomy_concepts_kind ON taxonomy_concepts(kind, status);

CREATE TABLE taxonomy_labels (
    uri TEXT NOT NULL REFERENCES taxonomy_concepts(uri) ON DELETE CASCADE,
    language TEXT NOT NULL,
    label TEXT NOT NULL,
    preferred BOOLEAN NOT NULL,
    folded TEXT NOT NULL,
    PRIMARY KEY (uri, language, label)
);
CREATE INDEX taxonomy_labels_search ON taxonomy_labels(language, folded);

CREATE TABLE taxonomy_descriptions (
    uri TEXT NOT NULL REFERENCES taxonomy_concepts(uri) ON DELETE CASCADE,
    language TEXT NOT NULL,
    description TEXT NOT NULL,
    PRIMARY KEY (uri, language)
);

CREATE TABLE taxonomy_broader (
    uri TEXT NOT NULL REFERENCES taxonomy_concepts(uri) ON DELETE CASCADE,
    broader_uri TEXT NOT NULL REFERENCES taxonomy_concepts(uri) ON DELETE CASCADE,
    PRIMARY KEY (uri, broader_uri)
);
CREATE INDEX taxonomy_broader_broader ON taxonomy_broader(broader_uri);

CREATE TABLE occupation_skills (
    occupation_uri TEXT NOT NULL REFERENCES taxonomy_concepts(uri) ON DELETE CASCADE,
    skill_uri TEXT NOT NULL REFERENCES taxonomy_concepts(uri) ON DELETE CASCADE,
    relation TEXT NOT NULL CHECK (relation IN ('essential','optional')),
    PRIMARY KEY (occupation_uri, skill_uri)
);
CREATE INDEX occupation_skills_skill ON occupation_skills(skill_uri);

CREATE TABLE taxonomy_imports (
    id TEXT PRIMARY KEY NOT NULL,
    source TEXT NOT NULL,
    esco_version TEXT,
    languages TEXT NOT NULL,
    skills INTEGER NOT NULL,
    occupations INTEGER NOT NULL,
    relations INTEGER NOT NULL,
    obsoleted INTEGER NOT NULL,
    imported_at TIMESTAMP NOT NULL
);
