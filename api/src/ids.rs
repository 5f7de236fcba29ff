//! Ids and clocks shared by every resource.

use chrono::{DateTime, NaiveDateTime, SubsecRound, Utc};

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

/// Writes a UTC time into JSON exactly as chrono's `Serialize` does
/// (RFC 3339 with `Z`; a fraction of 3, 6 or 9 digits, or none, as the
/// time needs), but straight from its numbers: chrono goes through
/// `Display` and serde_json escapes each piece, which a profile of a page
/// of people showed as about 6 % of the page's CPU. Use it with
/// `#[serde(serialize_with = "crate::ids::rfc3339")]`.
pub fn rfc3339<S: serde::Serializer>(t: &DateTime<Utc>, s: S) -> Result<S::Ok, S::Error> {
    use serde::Serialize;
    match write_rfc3339(t) {
        Some((bytes, len)) => match std::str::from_utf8(&bytes[..len]) {
            Ok(text) => s.serialize_str(text),
            Err(_) => t.serialize(s),
        },
        // Years outside 0-9999 and leap seconds: chrono's own form.
        None => t.serialize(s),
    }
}

/// [`rfc3339`] for an optional time (with `skip_serializing_if`).
pub fn rfc3339_option<S: serde::Serializer>(
    t: &Option<DateTime<Utc>>,
    s: S,
) -> Result<S::Ok, S::Error> {
    match t {
        Some(t) => rfc3339(t, s),
        None => s.serialize_none(),
    }
}

fn write_rfc3339(t: &DateTime<Utc>) -> Option<([u8; 30], usize)> {
    use chrono::{Datelike, Timelike};
    fn put(digits: &mut [u8], mut value: u32) {
        for d in digits.iter_mut().rev() {
            *d = b'0' + (value % 10) as u8;
            value /= 10;
        }
    }
    let year = u32::try_from(t.year()).ok().filter(|y| *y <= 9999)?;
    let nano = t.nanosecond();
    if nano >= 1_000_000_000 {
        return None;
    }
    let mut b = *b"0000-00-00T00:00:00.000000000Z";
    put(&mut b[0..4], year);
    put(&mut b[5..7], t.month());
    put(&mut b[8..10], t.day());
    put(&mut b[11..13], t.hour());
    put(&mut b[14..16], t.minute());
    put(&mut b[17..19], t.second());
    let (digits, fraction) = match nano {
        0 => (0, 0),
        n if n % 1_000_000 == 0 => (3, n / 1_000_000),
        n if n % 1_000 == 0 => (6, n / 1_000),
        n => (9, n),
    };
    if digits == 0 {
        b[19] = b'Z';
        return Some((b, 20));
    }
    put(&mut b[20..20 + digits], fraction);
    b[20 + digits] = b'Z';
    Some((b, 21 + digits))
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, TimeZone, Utc};

    #[derive(serde::Serialize)]
    struct Shown {
        #[serde(serialize_with = "super::rfc3339")]
        at: DateTime<Utc>,
        #[serde(serialize_with = "super::rfc3339_option")]
        maybe: Option<DateTime<Utc>>,
    }

    #[derive(serde::Serialize)]
    struct Chrono {
        at: DateTime<Utc>,
        maybe: Option<DateTime<Utc>>,
    }

    #[test]
    fn times_are_written_as_chrono_writes_them() {
        let mut seconds = 1_000_000_007i64;
        let mut checked = 0;
        for nano in [
            0,
            1,
            999,
            1_000,
            120_000,
            123_456,
            1_000_000,
            500_000_000,
            999_999_999,
            123_456_789,
            1_500_000_000, // a leap second
        ] {
            for _ in 0..50 {
                // Spread over 0000-9999 and a little beyond.
                seconds = (seconds * 48_271 + 11) % 320_000_000_000 - 63_000_000_000;
                let Some(at) = Utc.timestamp_opt(seconds, 0).single() else {
                    continue;
                };
                let at = at.with_nanosecond_unchecked(nano);
                for maybe in [None, Some(at)] {
                    let ours = serde_json::to_string(&Shown { at, maybe }).expect("json");
                    let theirs = serde_json::to_string(&Chrono { at, maybe }).expect("json");
                    assert_eq!(ours, theirs, "{seconds} s, {nano} ns");
                    checked += 1;
                }
            }
        }
        assert!(checked > 1000, "{checked}");
    }

    trait WithNano {
        fn with_nanosecond_unchecked(self, nano: u32) -> Self;
    }
    impl WithNano for DateTime<Utc> {
        fn with_nanosecond_unchecked(self, nano: u32) -> Self {
            chrono::Timelike::with_nanosecond(&self, nano).unwrap_or(self)
        }
    }
}
