//! A stored time read without parsing a format string: for the timestamps
//! of rows that every read decodes (a page of 50 people reads 100).
//!
//! diesel reads an SQLite timestamp by trying format strings in turn, and
//! chrono parses the format string itself on every call; a profile of a
//! page of participants showed that as about 4 % of the page's CPU. Here
//! the format SQLite holds (`YYYY-MM-DD HH:MM:SS.ffffff`, as diesel writes
//! it) is chrono's items, laid out once; any other text falls back to
//! diesel's own reading. PostgreSQL's binary timestamps go straight to
//! diesel.

use chrono::format::{parse, Fixed, Item, Numeric, Pad, Parsed};
use chrono::NaiveDateTime;
use diesel::backend::Backend;
use diesel::deserialize::{self, FromSql};
use diesel::pg::Pg;
use diesel::sql_types::Timestamp;
use diesel::sqlite::Sqlite;

/// A `Timestamp` column as a `NaiveDateTime`; use it with
/// `#[diesel(deserialize_as = crate::db::Stamp)]`.
#[derive(Debug, Clone, Copy, diesel::deserialize::FromSqlRow)]
pub struct Stamp(NaiveDateTime);

impl From<Stamp> for NaiveDateTime {
    fn from(s: Stamp) -> Self {
        s.0
    }
}

/// `%Y-%m-%d %H:%M:%S%.f`, what diesel writes into SQLite.
const SQLITE_TIMESTAMP: &[Item<'static>] = &[
    Item::Numeric(Numeric::Year, Pad::Zero),
    Item::Literal("-"),
    Item::Numeric(Numeric::Month, Pad::Zero),
    Item::Literal("-"),
    Item::Numeric(Numeric::Day, Pad::Zero),
    Item::Literal(" "),
    Item::Numeric(Numeric::Hour, Pad::Zero),
    Item::Literal(":"),
    Item::Numeric(Numeric::Minute, Pad::Zero),
    Item::Literal(":"),
    Item::Numeric(Numeric::Second, Pad::Zero),
    Item::Fixed(Fixed::Nanosecond),
];

fn parse_sqlite(text: &str) -> Option<NaiveDateTime> {
    let mut parsed = Parsed::new();
    parse(&mut parsed, text, SQLITE_TIMESTAMP.iter()).ok()?;
    parsed.to_naive_datetime_with_offset(0).ok()
}

impl FromSql<Timestamp, Sqlite> for Stamp {
    fn from_sql(mut value: <Sqlite as Backend>::RawValue<'_>) -> deserialize::Result<Self> {
        if let Some(t) = parse_sqlite(value.read_text()) {
            return Ok(Stamp(t));
        }
        <NaiveDateTime as FromSql<Timestamp, Sqlite>>::from_sql(value).map(Stamp)
    }
}

impl FromSql<Timestamp, super::MultiBackend> for Stamp {
    fn from_sql(
        value: <super::MultiBackend as Backend>::RawValue<'_>,
    ) -> deserialize::Result<Self> {
        value.from_sql::<Stamp, Timestamp>()
    }
}

impl FromSql<Timestamp, Pg> for Stamp {
    fn from_sql(value: <Pg as Backend>::RawValue<'_>) -> deserialize::Result<Self> {
        <NaiveDateTime as FromSql<Timestamp, Pg>>::from_sql(value).map(Stamp)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_what_diesel_writes_and_nothing_else() {
        let t = chrono::NaiveDate::from_ymd_opt(2026, 12, 1)
            .and_then(|d| d.and_hms_micro_opt(19, 18, 59, 123_456))
            .expect("time");
        assert_eq!(parse_sqlite("2026-12-01 19:18:59.123456"), Some(t));
        assert_eq!(
            parse_sqlite("2026-12-01 19:18:59"),
            chrono::Timelike::with_nanosecond(&t, 0)
        );
        // Left to diesel's reading (which knows these forms too).
        assert_eq!(parse_sqlite("2026-12-01T19:18:59"), None);
        assert_eq!(parse_sqlite("2026-12-01 19:18:59+01:00"), None);
        assert_eq!(parse_sqlite("2026-13-01 19:18:59"), None);
    }
}
