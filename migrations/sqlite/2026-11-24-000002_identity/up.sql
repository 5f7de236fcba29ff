-- People who log in, their roles per organisation, their sessions and keys,
-- and the append-only audit trail of who read or changed personal data.
CREATE TABLE users (
    id TEXT PRIMARY KEY NOT NULL,
    email TEXT NOT NULL UNIQUE,            -- stored lower-cased
    display_name TEXT NOT NULL,
    password_hash TEXT NOT NULL,           -- argon2id PHC string
    is_active BOOLEAN NOT NULL DEFAULT 1,
    password_changed_at TIMESTAMP NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE memberships (
    id TEXT PRIMARY KEY NOT NULL,
    organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('admin','coordinator','adviser','mentor','participant','partner','analyst')),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    UNIQUE (organization_id, user_id)
);
CREATE INDEX memberships_user ON memberships(user_id);

-- Opaque refresh tokens, stored only as SHA-256 hashes. A family is one
-- login; reusing a rotated token revokes the whole family.
CREATE TABLE refresh_tokens (
    id TEXT PRIMARY KEY NOT NULL,
    family_id TEXT NOT NULL,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    used_at TIMESTAMP,
    revoked_at TIMESTAMP
);
CREATE INDEX refresh_tokens_family ON refresh_tokens(family_id);
CREATE INDEX refresh_tokens_user ON refresh_tokens(user_id);

-- Single-use links an admin passes on (by phone, in person): invitations
-- to join an organisation and password resets.
CREATE TABLE invitations (
    id TEXT PRIMARY KEY NOT NULL,
    organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('invite','reset')),
    email TEXT NOT NULL,
    role TEXT CHECK (role IN ('admin','coordinator','adviser','mentor','participant','partner','analyst')),
    user_id TEXT REFERENCES users(id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    created_by TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    used_at TIMESTAMP,
    revoked_at TIMESTAMP
);
CREATE INDEX invitations_org ON invitations(organization_id);

CREATE TABLE api_keys (
    id TEXT PRIMARY KEY NOT NULL,
    organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    prefix TEXT NOT NULL UNIQUE,
    secret_hash TEXT NOT NULL,
    scopes TEXT NOT NULL,                  -- space-separated
    created_by TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    last_used_at TIMESTAMP,
    revoked_at TIMESTAMP
);
CREATE INDEX api_keys_org ON api_keys(organization_id);

-- Failed and successful logins, for the brute-force limit; kept in the
-- database so that every API process behind a load balancer sees them.
CREATE TABLE login_attempts (
    id TEXT PRIMARY KEY NOT NULL,
    email TEXT NOT NULL,
    client_addr TEXT NOT NULL,
    succeeded BOOLEAN NOT NULL,
    attempted_at TIMESTAMP NOT NULL
);
CREATE INDEX login_attempts_email ON login_attempts(email, attempted_at);
CREATE INDEX login_attempts_addr ON login_attempts(client_addr, attempted_at);

-- Append-only: who (user, API key, system), did what, to which record,
-- when, in which request. Holds no personal data itself.
CREATE TABLE audit_log (
    id TEXT PRIMARY KEY NOT NULL,
    organization_id TEXT,
    actor_type TEXT NOT NULL CHECK (actor_type IN ('user','api_key','system','anonymous')),
    actor_id TEXT,
    action TEXT NOT NULL,
    resource_type TEXT NOT NULL,
    resource_id TEXT,
    request_id TEXT,
    occurred_at TIMESTAMP NOT NULL
);
CREATE INDEX audit_log_org_time ON audit_log(organization_id, id);
CREATE INDEX audit_log_resource ON audit_log(resource_type, resource_id);
CREATE INDEX audit_log_actor ON audit_log(actor_id);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
