//! Integration tests: the real server on a random port, a real database.
//! SQLite by default; PostgreSQL when `SKUPAJ_TEST_DATABASE_URL` names a
//! server (`make test` runs the suite both ways).

#[path = "support/app.rs"]
mod helpers;

#[path = "accounts/api_keys.rs"]
mod api_keys;
#[path = "audit_log/entries.rs"]
mod audit;
#[path = "accounts/auth.rs"]
mod auth;
#[path = "platform/cli.rs"]
mod cli;
#[path = "interviews/disclosure.rs"]
mod disclosure;
#[path = "platform/errors.rs"]
mod errors;
#[path = "platform/headers.rs"]
mod headers;
#[path = "interviews/answers.rs"]
mod interviews;
#[path = "accounts/members.rs"]
mod members;
#[path = "platform/migrations.rs"]
mod migrations;
#[path = "platform/openapi.rs"]
mod openapi;
#[path = "participants/create_edit.rs"]
mod participants;
#[path = "platform/policy.rs"]
mod policy;
#[path = "participants/pseudonyms.rs"]
mod pseudonyms;
#[path = "skills/participant_skills.rs"]
mod skills;
#[path = "platform/spa.rs"]
mod spa;
#[path = "system/shutdown.rs"]
mod system;
