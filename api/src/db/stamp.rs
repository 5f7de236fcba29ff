//! A stored time read without parsing a format string: for the timestamps
//! of rows that every read decodes (a page of 50 people reads 100).
//!
//! diesel reads an SQLite timestamp by trying format strings in turn, and
//! chrono parses the format string itself on every call; a profile of a
//! page of participants showed that as about 4 % of the page's CPU (and
//! still 5 % with chrono's parse items laid out once). Here the one form
//! SQLite holds (`YYYY-MM-DD HH:MM:SS.ffffff`, as diesel writes it) is read
//! digit by digit; any other text falls back to diesel's own reading.
//! PostgreSQL's binary timestamps go straight to diesel.

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

/// `YYYY-MM-DD HH:MM:SS` with an optional fraction of one to nine digits,
/// what diesel writes into SQLite (`%Y-%m-%d %H:%M:%S%.f`), read digit by
/// digit; chrono checks that the date and time exist.
fn parse_sqlite(text: &str) -> Option<NaiveDateTime> {
    let b = text.as_bytes();
    let number = |digits: &[u8]| {
        digits.iter().try_fold(0u32, |n, &c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    let at = |i: usize, c: u8| b.get(i) == Some(&c);
    if b.len() < 19 || !(at(4, b'-') && at(7, b'-') && at(10, b' ') && at(13, b':') && at(16, b':'))
    {
        return None;
    }
    let nano = match &b[19..] {
        [] => 0,
        [b'.', fraction @ ..] if (1..=9).contains(&fraction.len()) => {
            number(fraction)? * 10u32.pow(9 - fraction.len() as u32)
        }
        _ => return None,
    };
    let year = i32::try_from(number(&b[0..4])?).ok()?;
    chrono::NaiveDate::from_ymd_opt(year, number(&b[5..7])?, number(&b[8..10])?)?.and_hms_nano_opt(
        number(&b[11..13])?,
        number(&b[14..16])?,
        number(&b[17..19])?,
        nano,
    )
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
        assert_eq!(
            parse_sqlite("2026-12-01 19:18:59.5"),
            chrono::Timelike::with_nanosecond(&t, 500_000_000)
        );
        assert_eq!(
            parse_sqlite("0999-01-31 00:00:00.000000001"),
            chrono::NaiveDate::from_ymd_opt(999, 1, 31)
                .and_then(|d| d.and_hms_nano_opt(0, 0, 0, 1))
        );
        // Left to diesel's reading (which knows these forms too), or refused.
        assert_eq!(parse_sqlite("2026-12-01T19:18:59"), None);
        assert_eq!(parse_sqlite("2026-12-01 19:18:59."), None);
        assert_eq!(parse_sqlite("2026-12-01 19:18:59.1234567890"), None);
        assert_eq!(parse_sqlite("2026-12-01 19:18:5x"), None);
        assert_eq!(parse_sqlite("2026-02-30 19:18:59"), None);
        assert_eq!(parse_sqlite("2026-12-01 24:00:00"), None);
        assert_eq!(parse_sqlite("+2026-12-01 19:18:59"), None);
        assert_eq!(parse_sqlite("2026-12-01 19:18:59+01:00"), None);
        assert_eq!(parse_sqlite("2026-13-01 19:18:59"), None);
    }
}
