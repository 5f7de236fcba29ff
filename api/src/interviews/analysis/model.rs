//! The analysis's data: each respondent's groups and latest answers, read
//! from the done interviews of a template in a period, and the values an
//! answer counts under.

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde_json::Value;

use super::json::{AnalysisQuery, Breakdown, DetailCount};
use super::stay;
use crate::auth::Actor;
use crate::codes::InterviewAgeBand;
use crate::db::schema::{
    interview_answers as answers, interview_participants as attendees, interviews, participants,
};
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::interviews::templates::{self, skill_uris, Question, QuestionType, VersionStatus};
use crate::participants::access::months_between;

/// One respondent: their groups and latest answer per question.
pub(super) struct Respondent {
    pub(super) id: String,
    pub(super) groups: HashMap<Breakdown, String>,
    pub(super) answers: HashMap<String, Value>,
    pub(super) interviewed: NaiveDate,
    /// Whole months from arrival to the interview.
    pub(super) stay_months: Option<i32>,
}

/// What the tables are computed from.
pub(super) struct Data {
    pub(super) questions: Vec<(String, Question)>,
    /// The newest published version's own stay bands, if it has them.
    pub(super) stay_bands: Option<Vec<i64>>,
    pub(super) respondents: Vec<Respondent>,
    pub(super) interviews: i64,
}

fn age_band(birth_year: Option<i32>, at: NaiveDate) -> &'static str {
    birth_year
        .map_or(InterviewAgeBand::Unknown, |y| {
            crate::participants::access::age_band(y, at)
        })
        .as_str()
}

/// What the breakdowns need of a respondent.
#[derive(Queryable, Selectable)]
#[diesel(table_name = participants)]
struct PersonRow {
    id: String,
    gender: Option<String>,
    birth_year: Option<i32>,
    legal_status: Option<String>,
    education_level: Option<String>,
    arrival_date: Option<NaiveDate>,
}

/// An answer given at one of the interviews, its value as JSON text.
#[derive(Queryable, Selectable)]
#[diesel(table_name = answers)]
struct GivenAnswer {
    interview_id: String,
    participant_id: String,
    question_id: String,
    value: String,
}

/// The questions of the template's published versions and the respondents
/// of its done interviews in the period of `q`, each with their latest answers.
pub(super) fn load(
    conn: &mut DbConnection,
    actor: &Actor,
    q: &AnalysisQuery,
) -> Result<Data, ApiError> {
    let versions = templates::load_versions(conn, &actor.organization_id, &q.template)?;
    // Questions of every published version, the newest wording first.
    let mut questions: Vec<(String, Question)> = Vec::new();
    for v in versions
        .iter()
        .filter(|v| v.status == VersionStatus::Published)
    {
        for (s, question) in v.content.questions() {
            if !questions.iter().any(|(_, x)| x.id == question.id) {
                questions.push((s.id.clone(), question.clone()));
            }
        }
    }
    let stay_bands = versions
        .iter()
        .find(|v| v.status == VersionStatus::Published)
        .and_then(|v| v.content.stay_bands.clone());
    let bands = stay::bands(stay_bands.as_deref(), "en");
    let version_ids: Vec<String> = versions.iter().map(|v| v.id.clone()).collect();
    let mut sql = interviews::table
        .filter(interviews::organization_id.eq(&actor.organization_id))
        .filter(interviews::template_version_id.eq_any(&version_ids))
        .filter(interviews::status.eq("done"))
        .select((interviews::id, interviews::scheduled_at))
        .into_boxed();
    if let Some(from) = q.from {
        sql =
            sql.filter(interviews::scheduled_at.ge(from.and_hms_opt(0, 0, 0).unwrap_or_default()));
    }
    if let Some(to) = q.to.and_then(|d| d.succ_opt()) {
        sql = sql.filter(interviews::scheduled_at.lt(to.and_hms_opt(0, 0, 0).unwrap_or_default()));
    }
    let held: Vec<(String, NaiveDateTime)> = sql.load(conn)?;
    let when: HashMap<String, NaiveDateTime> = held.iter().cloned().collect();
    let ids: Vec<String> = held.iter().map(|h| h.0.clone()).collect();
    let present: Vec<(String, String)> = attendees::table
        .filter(attendees::interview_id.eq_any(&ids))
        .filter(attendees::attended.eq(true))
        .select((attendees::interview_id, attendees::participant_id))
        .load(conn)?;
    // Each respondent's latest interview in the period.
    let mut latest: HashMap<String, NaiveDateTime> = HashMap::new();
    for (iid, pid) in &present {
        let at = when.get(iid).copied().unwrap_or_default();
        let e = latest.entry(pid.clone()).or_insert(at);
        if at > *e {
            *e = at;
        }
    }
    let pids: Vec<String> = latest.keys().cloned().collect();
    let people: Vec<PersonRow> = participants::table
        .filter(participants::id.eq_any(&pids))
        .filter(participants::status.ne("erased"))
        .select(PersonRow::as_select())
        .load(conn)?;
    let mut given: Vec<GivenAnswer> = answers::table
        .filter(answers::interview_id.eq_any(&ids))
        .select(GivenAnswer::as_select())
        .load(conn)?;
    // Oldest first, so that a later interview's answer replaces an earlier one.
    given.sort_by_key(|g| when.get(&g.interview_id).copied());
    let mut by_person: HashMap<String, HashMap<String, Value>> = HashMap::new();
    for g in given {
        let v: Value = serde_json::from_str(&g.value).map_err(ApiError::internal)?;
        by_person
            .entry(g.participant_id)
            .or_default()
            .insert(g.question_id, v);
    }
    let not_stated = || "not_stated".to_string();
    let mut respondents: Vec<Respondent> = people
        .into_iter()
        .map(|p| {
            let id = p.id;
            let at = latest.get(&id).copied().unwrap_or_default().date();
            let stay_months = p.arrival_date.map(|a| months_between(a, at));
            let groups = HashMap::from([
                (Breakdown::Gender, p.gender.unwrap_or_else(not_stated)),
                (Breakdown::AgeBand, age_band(p.birth_year, at).to_string()),
                (
                    Breakdown::LegalStatus,
                    p.legal_status.unwrap_or_else(not_stated),
                ),
                (
                    Breakdown::Education,
                    p.education_level.unwrap_or_else(not_stated),
                ),
                (Breakdown::LengthOfStay, stay::band_of(&bands, stay_months)),
            ]);
            Respondent {
                answers: by_person.remove(&id).unwrap_or_default(),
                id,
                groups,
                interviewed: at,
                stay_months,
            }
        })
        .collect();
    respondents.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(Data {
        questions,
        stay_bands,
        respondents,
        interviews: held.len() as i64,
    })
}

/// The values an answer counts under (one per option chosen).
pub(super) fn values_of(q: &Question, v: &Value) -> Vec<String> {
    match q.kind {
        QuestionType::SingleChoice => v.as_str().map(|s| vec![s.to_string()]).unwrap_or_default(),
        QuestionType::MultiChoice => v
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default(),
        QuestionType::YesNo => match v.as_bool() {
            Some(true) => vec!["yes".into()],
            Some(false) => vec!["no".into()],
            None => vec![],
        },
        QuestionType::Scale | QuestionType::Number => {
            v.as_f64().map(|n| vec![number(n)]).unwrap_or_default()
        }
        QuestionType::Skill => skill_uris(v),
        QuestionType::Language => v
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|i| i.get("language").and_then(Value::as_str))
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default(),
        QuestionType::Text | QuestionType::Date => vec![],
    }
}

fn number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// The `other` legal statuses in words among `ids`, the same words (ignoring
/// case) counted together, most frequent first. Free text: for staff only.
pub fn other_details(
    conn: &mut DbConnection,
    ids: &[String],
) -> Result<Vec<DetailCount>, ApiError> {
    let mut found: Vec<String> = Vec::new();
    for chunk in ids.chunks(500) {
        found.extend(
            participants::table
                .filter(participants::id.eq_any(chunk))
                .filter(participants::legal_status.eq("other"))
                .filter(participants::status.ne("erased"))
                .select(participants::legal_status_detail)
                .load::<Option<String>>(conn)?
                .into_iter()
                .flatten(),
        );
    }
    // Sorted, so that which spelling stands for the group does not depend on the database's order.
    found.sort();
    let mut counts: std::collections::HashMap<String, DetailCount> = Default::default();
    for d in found {
        counts
            .entry(d.to_lowercase())
            .or_insert(DetailCount {
                detail: d,
                count: 0,
            })
            .count += 1;
    }
    let mut list: Vec<DetailCount> = counts.into_values().collect();
    list.sort_by(|a, b| b.count.cmp(&a.count).then(a.detail.cmp(&b.detail)));
    Ok(list)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    #[test]
    fn bands_follow_the_field_report() {
        let at = date(2026, 11, 25);
        assert_eq!(age_band(Some(2001), at), "18_25");
        assert_eq!(age_band(Some(2000), at), "26_35");
        assert_eq!(age_band(Some(1990), at), "36_45");
        assert_eq!(age_band(Some(1970), at), "56_plus");
        assert_eq!(age_band(None, at), "unknown");
    }
}
