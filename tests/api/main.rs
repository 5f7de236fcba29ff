//! Integration tests: the real server on a random port, a real database.
//! SQLite by default; PostgreSQL when `SKUPAJ_TEST_DATABASE_URL` names a
//! server (`make test` runs the suite both ways).
//!
//! The folders follow the server's resources (`accounts`, `participants`,
//! `skills`, `interviews`, `meetings`, `code_lists`, `audit_log`, `system`), with one
//! file per topic; `platform` tests what no resource owns (errors, headers,
//! OpenAPI, the SPA, migrations, the policy table, the command line), and
//! `support` holds what the tests share.

mod support;

mod accounts;
mod audit_log;
mod code_lists;
mod interviews;
mod market;
mod meetings;
mod opportunities;
mod participants;
mod platform;
mod skills;
mod system;
