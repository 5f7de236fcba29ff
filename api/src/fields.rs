//! Field rules shared by request types, stated once so that the server's
//! check and the OpenAPI schema's `pattern` say exactly the same thing.

use validator::ValidationError;

/// The e-mail shape the API accepts (also the schema's `pattern`).
pub const EMAIL_PATTERN: &str = r"^[A-Za-z0-9._%+'-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$";

/// Whether `s` matches [`EMAIL_PATTERN`].
pub fn is_email(s: &str) -> bool {
    let local_ok = |c: char| c.is_ascii_alphanumeric() || "._%+'-".contains(c);
    let host_ok = |c: char| c.is_ascii_alphanumeric() || ".-".contains(c);
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    let Some((host, tld)) = domain.rsplit_once('.') else {
        return false;
    };
    !local.is_empty()
        && local.chars().all(local_ok)
        && !host.is_empty()
        && host.chars().all(host_ok)
        && tld.len() >= 2
        && tld.chars().all(|c| c.is_ascii_alphabetic())
}

/// For `#[validate(custom(function = "crate::fields::email"))]`.
pub fn email(s: &str) -> Result<(), ValidationError> {
    if is_email(s) {
        Ok(())
    } else {
        Err(ValidationError::new("email")
            .with_message("must be an e-mail address like name@example.org".into()))
    }
}

/// A control character no text field may hold: the C0 and C1 controls
/// (NUL, which PostgreSQL cannot store, escape sequences that repaint a
/// terminal, …) and the invisible bidirectional overrides that make text
/// read differently from what it holds. Line breaks and tabs are allowed
/// only where `multi_line`.
fn forbidden_char(c: char, multi_line: bool) -> bool {
    if multi_line && matches!(c, '\n' | '\r' | '\t') {
        return false;
    }
    c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

fn control_error() -> ValidationError {
    ValidationError::new("control_character")
        .with_message("must not contain control characters (such as NUL or an escape)".into())
}

/// For one-line text (names, places): no control characters, no line breaks.
pub fn single_line(s: &str) -> Result<(), ValidationError> {
    if s.chars().any(|c| forbidden_char(c, false)) {
        return Err(control_error());
    }
    Ok(())
}

/// For longer text (notes): line breaks and tabs, but no other control characters.
pub fn multi_line(s: &str) -> Result<(), ValidationError> {
    if s.chars().any(|c| forbidden_char(c, true)) {
        return Err(control_error());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_checked_like_the_schema_pattern() {
        for ok in [
            "amina@example.org",
            "a.b+c@sub.example.si",
            "o'neil@x.co",
            "x@a-b.example.museum",
        ] {
            assert!(is_email(ok), "{ok}");
        }
        for bad in [
            "",
            "a",
            "a@b",
            "@example.org",
            "a@.org",
            "a@example.o",
            "a b@example.org",
            "a@exa mple.org",
            "a@b@c.org",
            "šola@example.si",
            "a@example.1x",
        ] {
            assert!(!is_email(bad), "{bad}");
        }
    }
}

/// Reads a whole number as JSON Schema counts one: `3` and `3.0` alike
/// (generated clients in some languages send integers as `3.0`).
pub fn whole_i32<'de, D: serde::Deserializer<'de>>(d: D) -> Result<i32, D::Error> {
    use serde::de::Error;
    let n = <serde_json::Number as serde::Deserialize>::deserialize(d)?;
    let value = match n.as_i64() {
        Some(i) => i as f64,
        None => n.as_f64().unwrap_or(f64::NAN),
    };
    if value.fract() != 0.0 || value < f64::from(i32::MIN) || value > f64::from(i32::MAX) {
        return Err(D::Error::custom(format!(
            "expected a whole number, got {n}"
        )));
    }
    Ok(value as i32)
}

/// [`whole_i32`] for an optional field (`null` or absent is `None`).
pub fn whole_i32_opt<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<i32>, D::Error> {
    #[derive(serde::Deserialize)]
    struct Whole(#[serde(deserialize_with = "whole_i32")] i32);
    Ok(<Option<Whole> as serde::Deserialize>::deserialize(d)?.map(|w| w.0))
}

#[cfg(test)]
mod whole_tests {
    #[derive(serde::Deserialize)]
    struct V {
        #[serde(deserialize_with = "super::whole_i32")]
        v: i32,
    }

    #[test]
    fn whole_numbers_may_be_written_with_a_zero_fraction() {
        let read = |s: &str| serde_json::from_str::<V>(s).map(|x| x.v).ok();
        assert_eq!(read(r#"{"v": 3}"#), Some(3));
        assert_eq!(read(r#"{"v": 3.0}"#), Some(3));
        assert_eq!(read(r#"{"v": 3.5}"#), None);
        assert_eq!(read(r#"{"v": 1e12}"#), None);
        assert_eq!(read(r#"{"v": "3"}"#), None);
    }

    #[test]
    fn control_characters_are_refused_and_line_breaks_only_in_long_text() {
        use super::{multi_line, single_line};
        assert!(single_line("Amina Hadžić").is_ok());
        assert!(single_line("أمينة").is_ok());
        for bad in [
            "Nul\u{0}Name",
            "a\u{7}",
            "a\u{1b}[2J",
            "x\ny",
            "\u{85}",
            "a\u{202E}b",
        ] {
            assert!(single_line(bad).is_err(), "{bad:?}");
        }
        assert!(multi_line("line one\nline two\tand a tab").is_ok());
        assert!(multi_line("Nul\u{0}").is_err());
    }
}
