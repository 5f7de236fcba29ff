//! Recurring series: a meeting at each occurrence of an RFC 5545 rule (or
//! the SPA's form) in the venue's wall-clock time across daylight saving;
//! changes to this meeting, the following ones or all of them; removed
//! dates and changed rules with tombstones; bad rules; who may do what.

mod changes;
mod planning;
mod removals;

use chrono::{Datelike, NaiveDate, NaiveDateTime, Weekday};
use diesel::prelude::*;
use serde_json::{json, Value};
use skupaj::db::schema::meetings;

use crate::support::{meeting_body, Page, TestApp};

pub fn series_body(meeting: Value, repeat: Value) -> Value {
    let mut body = json!({ "meeting": meeting_body(meeting) });
    if let (Some(b), Some(r)) = (body.as_object_mut(), repeat.as_object()) {
        for (k, v) in r {
            b.insert(k.clone(), v.clone());
        }
    }
    body
}

/// Tue, Thu and Sat 16:00–19:00 from `from` to `until` (local days).
pub fn tue_thu_sat(from: &str, until: &str) -> Value {
    series_body(
        json!({"start_local": format!("{from}T16:00:00"), "end_local": format!("{from}T19:00:00")}),
        json!({"pattern": {"freq": "weekly", "weekdays": ["tu", "th", "sa"], "until": until}}),
    )
}

pub fn s<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key].as_str().unwrap_or("")
}

pub fn local(v: &Value, key: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s(v, key), "%Y-%m-%dT%H:%M:%S")
        .unwrap_or_else(|e| panic!("{key} in {v}: {e}"))
}

pub fn occurrences(series: &Value) -> Vec<Value> {
    series["occurrences"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

/// The days from `from` to `until` that are Tue, Thu or Sat.
pub fn tts_days(from: NaiveDate, until: NaiveDate) -> Vec<NaiveDate> {
    from.iter_days()
        .take_while(|d| *d <= until)
        .filter(|d| matches!(d.weekday(), Weekday::Tue | Weekday::Thu | Weekday::Sat))
        .collect()
}

pub fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_else(|e| panic!("{s}: {e}"))
}

impl TestApp {
    pub async fn create_series(&self, token: &str, body: Value) -> Value {
        self.create_at(token, "/api/v1/meeting-series", body).await
    }

    pub async fn series(&self, token: &str, id: &str) -> Value {
        self.get_json(token, &format!("/api/v1/meeting-series/{id}"))
            .await
    }

    /// Every live meeting of the organisation, by start.
    pub async fn agenda(&self, token: &str, query: &str) -> Vec<Value> {
        let page: Page = self
            .page(token, &format!("/api/v1/meetings?limit=100{query}"))
            .await;
        assert!(page.next_cursor.is_none(), "more than one page");
        page.items
    }

    /// Pretends `n` people registered for a meeting.
    pub fn register_people(&self, meeting_id: &str, n: i32) {
        let mut conn = self.conn();
        diesel::update(meetings::table.filter(meetings::id.eq(meeting_id)))
            .set(meetings::registered_count.eq(n))
            .execute(&mut conn)
            .expect("registered count");
    }
}
