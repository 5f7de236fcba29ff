-- The audit rows of reads, committed by the group writer and moved into
-- audit_log in bulk (`audit::settle`); see the SQLite migration for why.
-- A row here is as durable as one in audit_log; every reader of the log
-- moves the waiting rows first. Rows are never changed, only moved.
CREATE TABLE audit_log_staged (
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
CREATE FUNCTION audit_log_staged_unchanged() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit rows are never changed';
END;
$$;
CREATE TRIGGER audit_log_staged_no_update BEFORE UPDATE ON audit_log_staged
    FOR EACH ROW EXECUTE FUNCTION audit_log_staged_unchanged();
