//! A YAML writer for the OpenAPI document that every parser reads the same.
//!
//! Generic YAML emitters quote only what YAML 1.2 would misread, but many
//! client generators parse with YAML 1.1 (PyYAML), where `25_34` is the
//! integer 2534, `yes`/`on`/`no` are booleans and `2026-05-15` a date. This
//! writer leaves a string unquoted only when it starts with a letter or `/`
//! and holds no character YAML gives meaning to, and is not one of YAML
//! 1.1's boolean or null words; everything else is double-quoted (a JSON
//! string is a valid YAML double-quoted scalar). Multi-line text becomes a
//! literal block. So the committed `openapi.yaml` and the served JSON carry
//! the same values for YAML 1.1 and 1.2 readers alike.

use serde_json::Value;

/// The document as YAML.
pub fn to_yaml(value: &Value) -> String {
    let mut out = String::new();
    match value {
        Value::Object(map) if !map.is_empty() => write_map(&mut out, map, 0),
        Value::Array(items) if !items.is_empty() => write_seq(&mut out, items, 0),
        other => {
            out.push_str(&inline(other, 0));
            out.push('\n');
        }
    }
    out
}

/// YAML 1.1's words for booleans and null, which a plain scalar must not be.
const RESERVED: &[&str] = &[
    "y", "yes", "n", "no", "true", "false", "on", "off", "null", "~",
];

/// Whether `s` reads as the same string, unquoted, in YAML 1.1 and 1.2.
fn plain_is_safe(s: &str) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    if !(first.is_ascii_alphabetic() || first == '/') {
        return false;
    }
    if RESERVED.contains(&s.to_ascii_lowercase().as_str()) {
        return false;
    }
    if s.ends_with(' ') || s.contains(": ") || s.contains(" #") || s.ends_with(':') {
        return false;
    }
    s.chars().all(|c| {
        c.is_alphanumeric() || matches!(c, ' ' | '_' | '-' | '.' | '/' | '(' | ')' | ',' | '+')
    })
}

fn scalar(s: &str, indent: usize) -> String {
    if plain_is_safe(s) {
        return s.to_string();
    }
    let block_ok = s.contains('\n')
        && !s.starts_with([' ', '\n'])
        && !s.ends_with('\n')
        && s.lines()
            .all(|l| !l.ends_with([' ', '\t']) && !l.contains('\t'))
        && !s.chars().any(|c| c.is_control() && c != '\n');
    if block_ok {
        let pad = " ".repeat(indent + 2);
        let mut out = String::from("|-");
        for line in s.split('\n') {
            out.push('\n');
            if !line.is_empty() {
                out.push_str(&pad);
                out.push_str(line);
            }
        }
        return out;
    }
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

/// A number as YAML 1.1 reads it: its float pattern needs a `.` before an exponent.
fn number(n: &serde_json::Number) -> String {
    let s = n.to_string();
    let Some(at) = s.find(['e', 'E']) else {
        return s;
    };
    let (mantissa, exponent) = (&s[..at], &s[at + 1..]);
    let dot = if mantissa.contains('.') { "" } else { ".0" };
    let sign = if exponent.starts_with(['+', '-']) {
        ""
    } else {
        "+"
    };
    format!("{mantissa}{dot}e{sign}{exponent}")
}

fn inline(v: &Value, indent: usize) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => number(n),
        Value::String(s) => scalar(s, indent),
        Value::Array(_) => "[]".into(),
        Value::Object(_) => "{}".into(),
    }
}

fn is_nested(v: &Value) -> bool {
    match v {
        Value::Array(a) => !a.is_empty(),
        Value::Object(o) => !o.is_empty(),
        _ => false,
    }
}

fn write_map(out: &mut String, map: &serde_json::Map<String, Value>, indent: usize) {
    let pad = " ".repeat(indent);
    for (key, value) in map {
        out.push_str(&pad);
        out.push_str(&scalar_key(key));
        out.push(':');
        match value {
            Value::Object(inner) if !inner.is_empty() => {
                out.push('\n');
                write_map(out, inner, indent + 2);
            }
            Value::Array(items) if !items.is_empty() => {
                out.push('\n');
                write_seq(out, items, indent + 2);
            }
            other => {
                out.push(' ');
                out.push_str(&inline(other, indent));
                out.push('\n');
            }
        }
    }
}

fn scalar_key(key: &str) -> String {
    if plain_is_safe(key) {
        key.to_string()
    } else {
        serde_json::to_string(key).unwrap_or_else(|_| "\"\"".into())
    }
}

fn write_seq(out: &mut String, items: &[Value], indent: usize) {
    let pad = " ".repeat(indent);
    for item in items {
        out.push_str(&pad);
        out.push('-');
        if is_nested(item) {
            // The first line of a nested block sits after "- ", the rest
            // indented to match it.
            let mut inner = String::new();
            match item {
                Value::Object(map) => write_map(&mut inner, map, indent + 2),
                Value::Array(a) => write_seq(&mut inner, a, indent + 2),
                _ => {}
            }
            out.push(' ');
            out.push_str(inner.trim_start());
        } else {
            out.push(' ');
            out.push_str(&inline(item, indent));
            out.push('\n');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn strings_yaml_1_1_would_misread_are_quoted() {
        for s in [
            "25_34",
            "1_000",
            "yes",
            "No",
            "on",
            "OFF",
            "y",
            "null",
            "~",
            "2026-05-15",
            "0x1F",
            "1:20",
            "12",
            "1.5",
            ".inf",
            "-",
            "",
            " lead",
            "a: b",
            "#x",
            "@x",
            "*x",
            "&x",
            "!x",
            "%x",
            "`x",
            "'x",
            "\"x",
            "=",
        ] {
            let out = to_yaml(&json!({ "example": s }));
            assert_eq!(
                out,
                format!(
                    "example: {}\n",
                    serde_json::to_string(s).unwrap_or_default()
                ),
                "{s:?}"
            );
        }
    }

    #[test]
    fn ordinary_words_stay_plain_and_structure_nests() {
        let v = json!({
            "openapi": "3.1.0",
            "info": {"title": "Skupaj API", "version": "0.1.0"},
            "paths": {"/api/v1/health": {"get": {"tags": ["system"], "parameters": [{"name": "id", "in": "path"}]}}},
            "description": "Line one.\nLine two.",
            "n": 25, "f": 1e20, "b": true, "nothing": null, "empty": {}, "none": []
        });
        let out = to_yaml(&v);
        assert!(out.contains("openapi: \"3.1.0\"\n"), "{out}");
        assert!(out.contains("  title: Skupaj API\n"), "{out}");
        assert!(
            out.contains("  /api/v1/health:\n    get:\n      tags:\n        - system\n"),
            "{out}"
        );
        assert!(
            out.contains("      parameters:\n        - name: id\n          in: path\n"),
            "{out}"
        );
        assert!(
            out.contains("description: |-\n  Line one.\n  Line two.\n"),
            "{out}"
        );
        assert!(out.contains("f: 1.0e+20\n"), "{out}");
        assert!(out.contains("\"n\": 25\n"), "{out}");
        assert!(
            out.starts_with("openapi: \"3.1.0\"\ninfo:\n"),
            "order is kept: {out}"
        );
        assert!(
            out.contains("empty: {}\nnone: []\n") || out.contains("none: []"),
            "{out}"
        );
    }
}
