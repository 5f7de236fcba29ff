//! Integration tests: the real server on a random port, a real database.
//! SQLite by default; PostgreSQL when `SKUPAJ_TEST_DATABASE_URL` names a
//! server (`make test` runs the suite both ways).

mod helpers;

mod api_keys;
mod audit;
mod auth;
mod cli;
mod disclosure;
mod errors;
mod headers;
mod interviews;
mod members;
mod migrations;
mod openapi;
mod participants;
mod policy;
mod pseudonyms;
mod skills;
mod spa;
mod system;
