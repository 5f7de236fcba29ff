//! What the test files share, in one place: the test server
//! ([`TestApp`]: spawn, requests, the database), the fixture organisation
//! with an account per role and their logins, typed answers of the
//! endpoints the tests call most, problem documents, and the fixtures (a
//! person, Amina, interview templates, the ESCO files).

mod accounts;
mod app;
mod interviews;
mod json;
pub mod market;
mod meetings;
pub mod opportunities;
mod people;
mod problem;
mod skills;

pub use accounts::{Org, PASSWORD};
pub use app::{Setup, TestApp, SLOW_STARTED};
pub use interviews::{id, small_template, texts};
pub use json::{Created, NewApiKey, Page, Tokens};
pub use market::{listing_body, order_body, MARKET_IBAN};
pub use meetings::meeting_body;
pub use people::amina;
pub use problem::{error_fields, expect_problem, field_codes};
pub use skills::{esco_fixture, FORKLIFT, SEW, TEXTILES};
