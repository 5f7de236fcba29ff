//! Multilingual texts of the market (titles, descriptions, stories):
//! `languages` codes to text, checked and shown in the reader's language.

use std::collections::BTreeMap;

use validator::ValidationError;

use crate::codes;

/// A text in several languages: `languages` codes to text.
pub type Texts = BTreeMap<String, String>;

/// Every key a `languages` code, every text at most `max` characters, and
/// (with `single_line`) no line breaks.
pub fn check(t: &Texts, max: usize, single_line: bool) -> Result<(), ValidationError> {
    for (lang, text) in t {
        if !codes::languages().contains_key(lang) {
            return Err(ValidationError::new("code")
                .with_message("every key must be a `languages` code".into()));
        }
        if text.chars().count() > max {
            return Err(ValidationError::new("length")
                .with_message(format!("at most {max} characters").into()));
        }
        if single_line {
            crate::fields::single_line(text)?;
        } else {
            crate::fields::multi_line(text)?;
        }
    }
    Ok(())
}

/// At least one language with a text.
pub fn required(t: &Texts) -> Result<(), ValidationError> {
    if t.values().any(|s| !s.trim().is_empty()) {
        Ok(())
    } else {
        Err(ValidationError::new("required")
            .with_message("give the text in at least one language".into()))
    }
}

/// The texts without blank entries, trimmed.
pub fn cleaned(t: &Texts) -> Texts {
    t.iter()
        .map(|(k, v)| (k.clone(), v.trim().to_string()))
        .filter(|(_, v)| !v.is_empty())
        .collect()
}

/// A multilingual text (a JSON object `{"<lang>": text}`, in the order it
/// was written) in `lang`, else its first non-empty language; with the
/// language picked.
pub fn pick_stored(json: &str, lang: &str) -> (String, String) {
    let map: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(json).unwrap_or_default();
    fn text(v: &serde_json::Value) -> Option<&str> {
        v.as_str().map(str::trim).filter(|s| !s.is_empty())
    }
    map.get(lang)
        .and_then(text)
        .map(|t| (lang.to_string(), t.to_string()))
        .or_else(|| {
            map.iter()
                .find_map(|(k, v)| text(v).map(|t| (k.clone(), t.to_string())))
        })
        .unwrap_or_default()
}

/// Reads a stored JSON text object (empty on a malformed one).
pub fn parse(json: &str) -> Texts {
    serde_json::from_str(json).unwrap_or_default()
}

/// Writes a text object for storage.
pub fn to_json(t: &Texts) -> String {
    serde_json::to_string(t).unwrap_or_else(|_| "{}".into())
}

/// Every language's text folded (lower case, accents removed), joined with
/// spaces: the search column's content.
pub fn folded(parts: &[&Texts]) -> String {
    parts
        .iter()
        .flat_map(|t| t.values())
        .map(|s| crate::skills::model::search::fold(s))
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_fall_back_to_their_first_language() {
        let json = r#"{"sl": "Šal", "en": "Scarf", "ar": " "}"#;
        assert_eq!(pick_stored(json, "en"), ("en".into(), "Scarf".into()));
        assert_eq!(pick_stored(json, "ar"), ("sl".into(), "Šal".into()));
        assert_eq!(
            pick_stored("not json", "en"),
            (String::new(), String::new())
        );
    }
}
