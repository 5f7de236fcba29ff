-- Every record in Skupaj belongs to one organisation (an NGO, a city, a co-working space).
CREATE TABLE organizations (
    id TEXT PRIMARY KEY NOT NULL,          -- UUIDv7
    name TEXT NOT NULL,
    slug TEXT NOT NULL UNIQUE,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);
