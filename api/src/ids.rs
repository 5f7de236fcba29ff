//! Ids and clocks shared by every resource.

use chrono::{NaiveDateTime, SubsecRound, Utc};

/// A new UUIDv7 as a string: unique, and sorts by creation time, which the
/// keyset pagination relies on.
pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// Now, in UTC, truncated to microseconds (what both databases store).
pub fn now() -> NaiveDateTime {
    Utc::now().naive_utc().trunc_subsecs(6)
}

/// A stored UTC time as the API shows it (RFC 3339 with `Z`).
pub fn utc(t: NaiveDateTime) -> chrono::DateTime<Utc> {
    t.and_utc()
}

/// Whether `s` is a UUID (of any version) in its canonical lower-case form.
pub fn is_uuid(s: &str) -> bool {
    uuid::Uuid::parse_str(s).is_ok_and(|u| u.hyphenated().to_string() == s)
}
