//! The analysis as CSV files: `tables.csv` (the same tables as the JSON)
//! and `answers.csv` (the raw answers; pseudonymised for analysts and keys).

use actix_web::HttpResponse;
use chrono::NaiveDate;
use serde_json::Value;

use super::access::suppresses;
use super::json::{Analysis, AnalysisQuery, Breakdown};
use super::model::{values_of, Data};
use super::protection::pseudonymised_answers;
use crate::auth::Actor;
use crate::disclosure;
use crate::error::ApiError;
use crate::interviews::templates::{text_in, Question, QuestionType};

/// Keeps a spreadsheet from running a cell as a formula.
fn safe(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    }
}

/// `skupaj-interview-<what>-<from>-<to>.csv`, so that downloads of
/// different periods do not overwrite each other.
pub(super) fn file_name(what: &str, q: &AnalysisQuery) -> String {
    let day = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_else(|| "all".into());
    format!("skupaj-interview-{what}-{}-{}.csv", day(q.from), day(q.to))
}

/// A CSV download: UTF-8 with a byte-order mark, formulas defused, not cached.
pub(super) fn csv_response(name: &str, rows: Vec<Vec<String>>) -> Result<HttpResponse, ApiError> {
    let mut w = csv::Writer::from_writer(Vec::new());
    for r in rows {
        w.write_record(r.iter().map(|c| safe(c)))
            .map_err(ApiError::internal)?;
    }
    let bytes = w.into_inner().map_err(ApiError::internal)?;
    let mut body = "\u{feff}".as_bytes().to_vec();
    body.extend(bytes);
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            "Content-Disposition",
            format!("attachment; filename=\"{name}\""),
        ))
        .insert_header(("Cache-Control", "no-store"))
        .body(body))
}

fn count_text(count: Option<i64>, suppressed: bool) -> String {
    match (count, suppressed) {
        (Some(n), _) => n.to_string(),
        (None, true) => "suppressed".into(),
        (None, false) => String::new(),
    }
}

/// The rows of `tables.csv`: one per cell (`table, group, value, label,
/// count`), with `suppressed` in place of a hidden count.
pub(super) fn table_rows(a: &Analysis) -> Vec<Vec<String>> {
    let mut rows = vec![vec![
        "table".to_string(),
        "group".into(),
        "value".into(),
        "label".into(),
        "count".into(),
    ]];
    rows.push(vec![
        "respondents".into(),
        String::new(),
        String::new(),
        String::new(),
        a.respondents.to_string(),
    ]);
    rows.push(vec![
        "interviews".into(),
        String::new(),
        String::new(),
        String::new(),
        a.interviews.to_string(),
    ]);
    let s = &a.length_of_stay_months;
    rows.push(vec![
        "length_of_stay_months".into(),
        String::new(),
        "n".into(),
        String::new(),
        count_text(s.n.count, s.n.suppressed),
    ]);
    for (stat, v) in [("mean", s.mean), ("median", s.median)] {
        rows.push(vec![
            "length_of_stay_months".into(),
            String::new(),
            stat.into(),
            String::new(),
            match v {
                Some(v) => v.to_string(),
                None if s.stats_suppressed => "suppressed".into(),
                None => String::new(),
            },
        ]);
    }
    let b = &a.breakdowns;
    for (name, t) in [
        ("gender", &b.gender),
        ("age_band", &b.age_band),
        ("legal_status", &b.legal_status),
        ("education", &b.education),
        ("length_of_stay", &b.length_of_stay),
    ] {
        for (value, cell) in t {
            let label = a
                .stay_bands
                .iter()
                .find(|s| name == "length_of_stay" && s.code == *value)
                .map(|s| s.label.clone())
                .unwrap_or_default();
            rows.push(vec![
                format!("breakdown:{name}"),
                String::new(),
                value.clone(),
                label,
                count_text(cell.count, cell.suppressed),
            ]);
        }
    }
    for qs in &a.questions {
        let table = format!("question:{}", qs.id);
        rows.push(vec![
            table.clone(),
            String::new(),
            "answered".into(),
            qs.text.clone(),
            count_text(qs.answered.count, qs.answered.suppressed),
        ]);
        for (stat, v) in [("mean", qs.mean), ("median", qs.median)] {
            if let Some(v) = v {
                rows.push(vec![
                    table.clone(),
                    String::new(),
                    stat.into(),
                    String::new(),
                    v.to_string(),
                ]);
            }
        }
        for o in &qs.options {
            rows.push(vec![
                table.clone(),
                String::new(),
                o.value.clone(),
                o.label.clone(),
                count_text(o.count, o.suppressed),
            ]);
        }
        for (group, list) in &qs.by {
            for o in list {
                rows.push(vec![
                    table.clone(),
                    format!("{}:{group}", a.cross.map(|c| c.as_str()).unwrap_or("")),
                    o.value.clone(),
                    o.label.clone(),
                    count_text(o.count, o.suppressed),
                ]);
            }
        }
    }
    rows
}

/// Every answer with the respondent's id and groups, for staff.
fn named_answers(data: &Data, lang: &str) -> Vec<Vec<String>> {
    let mut rows = vec![[
        "respondent",
        "interviewed",
        "gender",
        "age_band",
        "legal_status",
        "education",
        "length_of_stay",
        "length_of_stay_months",
        "question_id",
        "question",
        "answer",
    ]
    .map(String::from)
    .to_vec()];
    for r in &data.respondents {
        for (_, question) in &data.questions {
            let Some(v) = r.answers.get(&question.id) else {
                continue;
            };
            let mut row = vec![r.id.clone(), r.interviewed.to_string()];
            for b in Breakdown::ALL {
                row.push(r.groups.get(&b).cloned().unwrap_or_default());
            }
            row.push(r.stay_months.map(|m| m.to_string()).unwrap_or_default());
            row.push(question.id.clone());
            row.push(text_in(&question.text, lang).to_string());
            row.push(answer_text(question, v));
            rows.push(row);
        }
    }
    rows
}

fn answer_text(q: &Question, v: &Value) -> String {
    match q.kind {
        QuestionType::YesNo => match v.as_bool() {
            Some(true) => "yes".into(),
            _ => "no".into(),
        },
        QuestionType::Skill | QuestionType::Language => {
            let key = if q.kind == QuestionType::Skill {
                "skill_uri"
            } else {
                "language"
            };
            v.as_array()
                .into_iter()
                .flatten()
                .map(|i| {
                    format!(
                        "{}:{}",
                        i.get(key).and_then(Value::as_str).unwrap_or(""),
                        i.get("level").and_then(Value::as_str).unwrap_or("")
                    )
                })
                .collect::<Vec<_>>()
                .join(";")
        }
        QuestionType::MultiChoice => values_of(q, v).join(";"),
        _ => match v {
            Value::String(s) => s.clone(),
            Value::Number(n) => n.to_string(),
            other => other.to_string(),
        },
    }
}

/// The rows of `answers.csv`: pseudonymised for analysts and API keys
/// (with pseudonyms of this caller's own), named for staff.
pub(super) fn answer_rows(
    actor: &Actor,
    secret: &[u8],
    data: &Data,
    analysis: &Analysis,
    threshold: i64,
    lang: &str,
) -> Vec<Vec<String>> {
    if suppresses(actor) {
        let (_, actor_id) = actor.audit_identity();
        let who = |id: &str| {
            disclosure::pseudonym(
                secret,
                &actor.organization_id,
                actor_id,
                "interview_answers",
                id,
            )
        };
        pseudonymised_answers(data, analysis, who, threshold, lang)
    } else {
        named_answers(data, lang)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spreadsheet_formulas_are_defused() {
        assert_eq!(safe("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(safe("Ljubljana"), "Ljubljana");
    }
}
