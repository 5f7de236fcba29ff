//! The rules of a template's content: the check of a template before it
//! is saved, the check of an answer against its question, and the
//! template Skupaj ships.

use std::collections::HashSet;

use chrono::NaiveDate;
use serde_json::Value;

use super::json::{ProfileField, Question, QuestionType, TemplateContent, Texts};
use crate::codes::{self, LanguageLevel, Need, SkillLevel};
use crate::error::FieldError;

/// The template Skupaj ships: needs, skills, experience, education,
/// labour market (with the sensitive question on origin), expectations,
/// mentoring, co-working, training and childcare, in five languages.
pub fn default_template() -> Result<TemplateContent, String> {
    serde_json::from_str(include_str!(
        "../../../data/interview-template-default.json"
    ))
    .map_err(|e| format!("the shipped interview template does not parse: {e}"))
}

/// A text in `lang`, else English, else any language it has.
pub fn text_in<'a>(texts: &'a Texts, lang: &str) -> &'a str {
    texts
        .get(lang)
        .or_else(|| texts.get("en"))
        .or_else(|| texts.values().next())
        .map(String::as_str)
        .unwrap_or("")
}

fn err(errors: &mut Vec<FieldError>, field: String, code: &str, message: &str) {
    errors.push(FieldError {
        field,
        code: code.into(),
        message: message.into(),
    });
}

fn is_slug(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_lowercase() || c.is_ascii_digit())
        && s.len() <= 60
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

fn check_texts(errors: &mut Vec<FieldError>, field: &str, texts: &Texts, max: usize) {
    if texts.is_empty() {
        err(
            errors,
            field.into(),
            "required",
            "needs a text in at least one language",
        );
    }
    for (lang, text) in texts {
        if !codes::LANGUAGES.contains(&lang.as_str()) {
            err(
                errors,
                format!("{field}.{lang}"),
                "language",
                "must be one of en, sl, ar, uk, fa",
            );
        } else if text.trim().is_empty() {
            err(
                errors,
                format!("{field}.{lang}"),
                "required",
                "must not be blank",
            );
        } else if text.chars().count() > max {
            err(
                errors,
                format!("{field}.{lang}"),
                "length",
                &format!("must be at most {max} characters"),
            );
        }
    }
}

/// Every problem of a template, by field path (`sections[1].questions[0].options`).
pub fn check_content(c: &TemplateContent) -> Vec<FieldError> {
    let mut errors = Vec::new();
    check_texts(&mut errors, "title", &c.title, 200);
    if let Some(d) = &c.description {
        check_texts(&mut errors, "description", d, 2000);
    }
    if c.sections.is_empty() || c.sections.len() > 30 {
        err(
            &mut errors,
            "sections".into(),
            "length",
            "must have 1 to 30 sections",
        );
    }
    let mut section_ids = HashSet::new();
    let mut question_ids = HashSet::new();
    let mut total = 0;
    for (si, s) in c.sections.iter().enumerate() {
        let sf = format!("sections[{si}]");
        if !is_slug(&s.id) {
            err(
                &mut errors,
                format!("{sf}.id"),
                "pattern",
                "must be lower-case letters, digits and _ (at most 60)",
            );
        } else if !section_ids.insert(s.id.as_str()) {
            err(
                &mut errors,
                format!("{sf}.id"),
                "duplicate",
                "another section has this id",
            );
        }
        check_texts(&mut errors, &format!("{sf}.title"), &s.title, 200);
        for (qi, q) in s.questions.iter().enumerate() {
            total += 1;
            let qf = format!("{sf}.questions[{qi}]");
            if !is_slug(&q.id) {
                err(
                    &mut errors,
                    format!("{qf}.id"),
                    "pattern",
                    "must be lower-case letters, digits and _ (at most 60)",
                );
            } else if !question_ids.insert(q.id.as_str()) {
                err(
                    &mut errors,
                    format!("{qf}.id"),
                    "duplicate",
                    "another question has this id",
                );
            }
            check_texts(&mut errors, &format!("{qf}.text"), &q.text, 1000);
            if let Some(h) = &q.help {
                check_texts(&mut errors, &format!("{qf}.help"), h, 2000);
            }
            if q.kind.has_options() {
                if q.options.len() < 2 || q.options.len() > 50 {
                    err(
                        &mut errors,
                        format!("{qf}.options"),
                        "length",
                        "a choice question needs 2 to 50 options",
                    );
                }
                let mut values = HashSet::new();
                for (oi, o) in q.options.iter().enumerate() {
                    let of = format!("{qf}.options[{oi}]");
                    if !is_slug(&o.value) {
                        err(
                            &mut errors,
                            format!("{of}.value"),
                            "pattern",
                            "must be lower-case letters, digits and _ (at most 60)",
                        );
                    } else if !values.insert(o.value.as_str()) {
                        err(
                            &mut errors,
                            format!("{of}.value"),
                            "duplicate",
                            "another option has this value",
                        );
                    }
                    check_texts(&mut errors, &format!("{of}.label"), &o.label, 300);
                }
            } else if !q.options.is_empty() {
                err(
                    &mut errors,
                    format!("{qf}.options"),
                    "not_allowed",
                    "only choice questions have options",
                );
            }
            if q.kind == QuestionType::Number {
                if let (Some(min), Some(max)) = (q.min, q.max) {
                    if min > max {
                        err(
                            &mut errors,
                            format!("{qf}.max"),
                            "range",
                            "must not be below min",
                        );
                    }
                }
            } else if q.min.is_some() || q.max.is_some() {
                err(
                    &mut errors,
                    format!("{qf}.min"),
                    "not_allowed",
                    "only number questions have min and max",
                );
            }
            if q.profile_field == Some(ProfileField::Needs) {
                if !q.kind.has_options() {
                    err(
                        &mut errors,
                        format!("{qf}.profile_field"),
                        "not_allowed",
                        "only choice questions can update needs",
                    );
                } else if let Some((oi, _)) = q
                    .options
                    .iter()
                    .enumerate()
                    .find(|(_, o)| Need::parse(&o.value).is_none())
                {
                    err(
                        &mut errors,
                        format!("{qf}.options[{oi}].value"),
                        "unknown",
                        "must be a code of the needs code list when the question updates needs",
                    );
                }
            }
        }
    }
    if let Some(b) = &c.stay_bands {
        errors.extend(check_boundaries(b));
    }
    if total > 300 {
        err(
            &mut errors,
            "sections".into(),
            "length",
            "a template has at most 300 questions",
        );
    }
    errors
}

/// Why an answer does not fit its question: (code, message).
pub type AnswerError = (&'static str, String);

/// Checks an answer (never `null`: that clears it) and returns it in the
/// stored form (texts trimmed). Skill URIs are checked against the taxonomy
/// by the caller, which has the database; see [`skill_uris`].
pub fn check_answer(q: &Question, value: &Value) -> Result<Value, AnswerError> {
    let t = |m: &str| ("type", m.to_string());
    match q.kind {
        QuestionType::Text => {
            let s = value.as_str().ok_or_else(|| t("must be a text"))?.trim();
            if s.is_empty() {
                return Err(("required", "must not be blank; send null to clear".into()));
            }
            if s.chars().count() > 5000 {
                return Err(("length", "must be at most 5000 characters".into()));
            }
            Ok(Value::String(s.to_string()))
        }
        QuestionType::SingleChoice => {
            let s = value
                .as_str()
                .ok_or_else(|| t("must be one option's value"))?;
            if q.options.iter().any(|o| o.value == s) {
                Ok(value.clone())
            } else {
                Err(("option", format!("`{s}` is not an option of this question")))
            }
        }
        QuestionType::MultiChoice => {
            let items = value
                .as_array()
                .ok_or_else(|| t("must be an array of option values"))?;
            if items.is_empty() {
                return Err((
                    "required",
                    "choose at least one option; send null to clear".into(),
                ));
            }
            let mut seen = HashSet::new();
            for item in items {
                let s = item
                    .as_str()
                    .ok_or_else(|| t("must be an array of option values"))?;
                if !q.options.iter().any(|o| o.value == s) {
                    return Err(("option", format!("`{s}` is not an option of this question")));
                }
                if !seen.insert(s) {
                    return Err(("duplicate", format!("`{s}` is chosen twice")));
                }
            }
            Ok(value.clone())
        }
        QuestionType::Scale => match value.as_i64() {
            Some(n) if (1..=10).contains(&n) => Ok(Value::from(n)),
            _ => Err(("range", "must be a whole number from 1 to 10".into())),
        },
        QuestionType::Number => {
            let n = value.as_f64().ok_or_else(|| t("must be a number"))?;
            if q.min.is_some_and(|m| n < m) || q.max.is_some_and(|m| n > m) {
                let min = q.min.map(|m| m.to_string()).unwrap_or_else(|| "−∞".into());
                let max = q.max.map(|m| m.to_string()).unwrap_or_else(|| "∞".into());
                return Err(("range", format!("must be between {min} and {max}")));
            }
            Ok(value.clone())
        }
        QuestionType::Date => {
            let s = value
                .as_str()
                .ok_or_else(|| t("must be a date YYYY-MM-DD"))?;
            NaiveDate::parse_from_str(s, "%Y-%m-%d")
                .map(|_| value.clone())
                .map_err(|_| ("date", "must be a real date, YYYY-MM-DD".into()))
        }
        QuestionType::YesNo => value
            .as_bool()
            .map(Value::Bool)
            .ok_or_else(|| t("must be true or false")),
        QuestionType::Skill => {
            let items = value
                .as_array()
                .ok_or_else(|| t("must be an array of {skill_uri, level}"))?;
            if items.is_empty() || items.len() > 50 {
                return Err(("length", "needs 1 to 50 skills; send null to clear".into()));
            }
            let mut seen = HashSet::new();
            for item in items {
                let uri = item
                    .get("skill_uri")
                    .and_then(Value::as_str)
                    .filter(|u| !u.is_empty() && u.len() <= 300)
                    .ok_or_else(|| t("each skill needs a skill_uri"))?;
                let level = item.get("level").and_then(Value::as_str).unwrap_or("");
                if SkillLevel::parse(level).is_none() {
                    return Err(("level", format!("`{level}` is not a skill level")));
                }
                if !seen.insert(uri) {
                    return Err(("duplicate", format!("`{uri}` is listed twice")));
                }
                if item.as_object().is_some_and(|o| o.len() > 2) {
                    return Err(t("each skill has only skill_uri and level"));
                }
            }
            Ok(value.clone())
        }
        QuestionType::Language => {
            let items = value
                .as_array()
                .ok_or_else(|| t("must be an array of {language, level}"))?;
            if items.is_empty() || items.len() > 30 {
                return Err((
                    "length",
                    "needs 1 to 30 languages; send null to clear".into(),
                ));
            }
            let mut seen = HashSet::new();
            for item in items {
                let language = item.get("language").and_then(Value::as_str).unwrap_or("");
                if !codes::languages().contains_key(language) {
                    return Err(("language", format!("`{language}` is not a language code")));
                }
                let level = item.get("level").and_then(Value::as_str).unwrap_or("");
                if LanguageLevel::parse(level).is_none() {
                    return Err(("level", format!("`{level}` is not a language level")));
                }
                if !seen.insert(language) {
                    return Err(("duplicate", format!("`{language}` is listed twice")));
                }
                if item.as_object().is_some_and(|o| o.len() > 2) {
                    return Err(t("each language has only language and level"));
                }
            }
            Ok(value.clone())
        }
    }
}

/// The skill URIs of a skill answer.
pub fn skill_uris(value: &Value) -> Vec<String> {
    value
        .as_array()
        .map(|items| {
            items
                .iter()
                .filter_map(|i| i.get("skill_uri").and_then(Value::as_str))
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

/// At most this many length-of-stay boundaries (so at most 16 bands).
pub const MAX_BOUNDARIES: usize = 15;
/// The largest length-of-stay boundary: 100 years.
pub const MAX_MONTHS: i64 = 1200;

/// Every problem of a template's `stay_bands`.
pub fn check_boundaries(bands: &[i64]) -> Vec<FieldError> {
    let mut errors = Vec::new();
    let mut push = |field: String, code: &str, message: &str| {
        errors.push(FieldError {
            field,
            code: code.into(),
            message: message.into(),
        })
    };
    if bands.is_empty() || bands.len() > MAX_BOUNDARIES {
        push(
            "stay_bands".into(),
            "length",
            "needs 1 to 15 boundaries (leave it out for the default bands)",
        );
    }
    for (i, m) in bands.iter().enumerate() {
        if !(1..=MAX_MONTHS).contains(m) {
            push(
                format!("stay_bands[{i}]"),
                "range",
                "must be a whole number of months from 1 to 1200",
            );
        } else if i > 0 && bands[i - 1] >= *m {
            push(
                format!("stay_bands[{i}]"),
                "ascending",
                "must be greater than the boundary before it",
            );
        }
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::interviews::templates::json::{Choice, Section};
    use serde_json::json;

    fn question(kind: QuestionType) -> Question {
        Question {
            id: "q".into(),
            kind,
            text: Texts::from([("en".into(), "Q?".into())]),
            help: None,
            required: false,
            sensitive: false,
            options: ["city", "rural"]
                .into_iter()
                .filter(|_| kind.has_options())
                .map(|v| Choice {
                    value: v.into(),
                    label: Texts::from([("en".into(), v.into())]),
                })
                .collect(),
            min: None,
            max: None,
            profile_field: None,
        }
    }

    #[test]
    fn the_shipped_template_is_valid_and_covers_the_field_reports() {
        let t = default_template().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(check_content(&t), vec![]);
        let types: HashSet<QuestionType> = t.questions().map(|(_, q)| q.kind).collect();
        assert_eq!(types.len(), 9, "every question type is used");
        assert!(t.question("origin_affected").is_some_and(|q| q.sensitive));
        assert!(t
            .question("needs")
            .is_some_and(|q| q.profile_field == Some(ProfileField::Needs)));
        for (_, q) in t.questions() {
            for lang in codes::LANGUAGES {
                assert!(q.text.contains_key(lang), "{} lacks {lang}", q.id);
            }
        }
    }

    #[test]
    fn answers_are_checked_against_their_question_type() {
        use QuestionType::*;
        let ok = |k, v: Value| check_answer(&question(k), &v).is_ok();
        assert!(ok(Text, json!(" yes ")));
        assert!(!ok(Text, json!("  ")));
        assert!(ok(SingleChoice, json!("rural")));
        assert!(!ok(SingleChoice, json!("moon")));
        assert!(ok(MultiChoice, json!(["city", "rural"])));
        assert!(!ok(MultiChoice, json!(["city", "city"])));
        assert!(!ok(MultiChoice, json!([])));
        assert!(ok(Scale, json!(10)));
        assert!(!ok(Scale, json!(11)));
        assert!(!ok(Scale, json!(2.5)));
        assert!(ok(Number, json!(2.5)));
        assert!(!ok(Number, json!("2")));
        assert!(ok(Date, json!("2026-02-28")));
        assert!(!ok(Date, json!("2026-02-30")));
        assert!(ok(YesNo, json!(false)));
        assert!(!ok(YesNo, json!("no")));
        assert!(ok(Language, json!([{"language": "ar", "level": "native"}])));
        assert!(!ok(
            Language,
            json!([{"language": "xx", "level": "native"}])
        ));
        assert!(!ok(Language, json!([{"language": "ar", "level": "Z9"}])));
        assert!(ok(
            Skill,
            json!([{"skill_uri": "http://x/1", "level": "basic"}])
        ));
        assert!(!ok(
            Skill,
            json!([{"skill_uri": "http://x/1", "level": "guru"}])
        ));
        let mut n = question(Number);
        n.min = Some(0.0);
        n.max = Some(60.0);
        assert!(check_answer(&n, &json!(61)).is_err());
        assert_eq!(
            check_answer(&question(Text), &json!(" a ")).ok(),
            Some(json!("a"))
        );
    }

    #[test]
    fn a_broken_template_names_each_problem() {
        let mut c = TemplateContent {
            title: Texts::new(),
            description: None,
            sections: vec![Section {
                id: "Needs!".into(),
                title: Texts::from([("de".into(), "Bedarf".into())]),
                questions: vec![
                    question(QuestionType::SingleChoice),
                    question(QuestionType::Text),
                ],
            }],
            stay_bands: Some(vec![12, 3]),
        };
        c.sections[0].questions[0].options.truncate(1);
        let fields: Vec<String> = check_content(&c).into_iter().map(|e| e.field).collect();
        for f in [
            "title",
            "sections[0].id",
            "sections[0].title.de",
            "sections[0].questions[0].options",
            "sections[0].questions[1].id",
            "stay_bands[1]",
        ] {
            assert!(fields.contains(&f.to_string()), "{f} in {fields:?}");
        }
    }
}
