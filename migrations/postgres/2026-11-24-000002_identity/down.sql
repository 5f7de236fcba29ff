DROP TABLE audit_log;
DROP FUNCTION audit_log_append_only();
DROP TABLE login_attempts;
DROP TABLE api_keys;
DROP TABLE invitations;
DROP TABLE refresh_tokens;
DROP TABLE memberships;
DROP TABLE users;
