//! `/interviews/analysis`: the tables a field report prints, over the
//! participants interviewed with a template in a period: who they are (by
//! gender, age band, legal status, education and length of stay) and what
//! they answered (counts per option, mean, median and distribution), with
//! any question cross-tabulated by any breakdown. For analysts and API keys,
//! every table and row goes through [`crate::disclosure`]: small cells are
//! suppressed across all the linked tables, groups hidden in a breakdown are
//! merged into one `suppressed` group wherever they appear, and the raw
//! answers carry no demographics. CSV downloads of the same tables and of
//! the raw answers (pseudonymised for analysts).

mod downloads;
use downloads::*;

use std::collections::{BTreeMap, HashMap};

use actix_web::{get, web, HttpRequest, HttpResponse};
use chrono::{Datelike, NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

use crate::audit;
use crate::auth::{Actor, Principal};
use crate::codes::{self, InterviewAgeBand};
use crate::db::schema::{
    interview_answers as answers, interview_participants as attendees, interviews, participants,
};
use crate::db::DbConnection;
use crate::disclosure;
use crate::error::{ApiError, Problem};
use crate::http::params::language;
use crate::participants::months_between;
use crate::policy::{Action, Resource, Role};
use crate::questionnaires::{self, Question, QuestionType};
use crate::routes::interview_protection::{
    cross_tab, groups_of, link, pseudonymised_answers, suppress_options, table,
};
use crate::routes::interview_stay::{self as stay, DetailCount, StayBand, StayStats};
use crate::routes::interview_templates::{self as templates, VersionStatus};
use crate::skills::refs;
use crate::AppState;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(analyse_interviews)
        .service(tables_csv)
        .service(answers_csv);
}

/// A way to split respondents.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Breakdown {
    Gender,
    AgeBand,
    LegalStatus,
    Education,
    LengthOfStay,
}

impl Breakdown {
    const ALL: [Breakdown; 5] = [
        Breakdown::Gender,
        Breakdown::AgeBand,
        Breakdown::LegalStatus,
        Breakdown::Education,
        Breakdown::LengthOfStay,
    ];
    fn as_str(self) -> &'static str {
        match self {
            Breakdown::Gender => "gender",
            Breakdown::AgeBand => "age_band",
            Breakdown::LegalStatus => "legal_status",
            Breakdown::Education => "education",
            Breakdown::LengthOfStay => "length_of_stay",
        }
    }
}

/// Which interviews, and an optional cross-tabulation.
#[derive(Debug, Deserialize, IntoParams, Validate)]
#[into_params(parameter_in = Query)]
pub struct AnalysisQuery {
    /// The template's id (answers of all its versions are counted together).
    #[param(min_length = 1, max_length = 64)]
    #[validate(length(min = 1, max = 64))]
    pub template: String,
    /// Interviews held on or after this day. Analysts and API keys get
    /// whole calendar years only (`YYYY-01-01` to `YYYY-12-31`, the current
    /// year by default): overlapping periods could be subtracted.
    pub from: Option<NaiveDate>,
    /// Interviews held on or before this day (for analysts and keys, the
    /// last day of the year of `from`).
    pub to: Option<NaiveDate>,
    /// Cross-tabulate every question by this breakdown.
    pub cross: Option<Breakdown>,
    /// `en`, `sl`, `ar`, `uk` or `fa`; overrides `Accept-Language`.
    #[param(max_length = 10)]
    #[validate(length(max = 10))]
    pub lang: Option<String>,
}

pub use crate::disclosure::Cell;

/// One option (or value) of a question and how many chose it.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct OptionCount {
    pub value: String,
    /// In the caller's language.
    pub label: String,
    pub count: Option<i64>,
    pub suppressed: bool,
}

/// What the respondents answered to one question.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct QuestionStats {
    pub id: String,
    pub section_id: String,
    #[serde(rename = "type")]
    pub kind: QuestionType,
    /// The question in the caller's language.
    pub text: String,
    pub sensitive: bool,
    /// How many respondents answered it.
    pub answered: Cell,
    /// Counts per option: choice options in template order, yes/no, scale
    /// values 1–10, distinct numbers, skills and languages (most often first).
    /// Text and date questions have none. For analysts and API keys, hidden
    /// numbers, skills and languages are not listed one by one but as one
    /// entry with the value `suppressed`.
    pub options: Vec<OptionCount>,
    /// For scale and number questions.
    pub mean: Option<f64>,
    pub median: Option<f64>,
    /// Whether mean and median are withheld because too few answered.
    pub stats_suppressed: bool,
    /// With `cross`: the option counts within each group of the breakdown
    /// (for analysts and API keys, the groups of `breakdowns`, hidden ones
    /// merged into `suppressed`).
    pub by: BTreeMap<String, Vec<OptionCount>>,
}

/// Respondents per group of each breakdown. For analysts and API keys,
/// groups too small to show are not listed but merged into one group,
/// `suppressed` (with `suppressed: true` and their total), and questions
/// cross-tabulated by the breakdown use the same merged group.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Breakdowns {
    /// `genders` codes, or `not_stated`.
    pub gender: BTreeMap<String, Cell>,
    /// `interview-age-bands` codes, at the interview.
    pub age_band: BTreeMap<String, Cell>,
    /// `legal-statuses` codes, or `not_stated`.
    pub legal_status: BTreeMap<String, Cell>,
    /// `education-levels` codes, or `not_stated`.
    pub education: BTreeMap<String, Cell>,
    /// Codes of `stay_bands` (by default the `stay-lengths` codes), at the
    /// interview, or `unknown`.
    pub length_of_stay: BTreeMap<String, Cell>,
}

/// The analysis of a template's interviews.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Analysis {
    pub template: String,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// Participants present at a done interview in the period.
    pub respondents: i64,
    /// Done interviews in the period.
    pub interviews: i64,
    /// The threshold under which counts are suppressed for this caller; `null` when nothing is suppressed.
    pub suppression_threshold: Option<i64>,
    pub breakdowns: Breakdowns,
    /// The length-of-stay bands, in order: those of the newest published
    /// version of the template, or the `stay-lengths` bands.
    pub stay_bands: Vec<StayBand>,
    /// Length of stay at the interview in whole months: mean and median.
    pub length_of_stay_months: StayStats,
    /// For staff only (`null` for analysts and API keys): the `other` legal
    /// statuses in words, with how many respondents gave each.
    pub legal_status_details: Option<Vec<DetailCount>>,
    pub cross: Option<Breakdown>,
    pub questions: Vec<QuestionStats>,
}

/// One respondent: their groups and latest answer per question.
pub(super) struct Respondent {
    pub(super) id: String,
    pub(super) groups: HashMap<Breakdown, String>,
    pub(super) answers: HashMap<String, Value>,
    pub(super) interviewed: NaiveDate,
    /// Whole months from arrival to the interview.
    pub(super) stay_months: Option<i32>,
}

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
            crate::participants::age_band(y, at)
        })
        .as_str()
}

type PersonRow = (
    String,
    Option<String>,
    Option<i32>,
    Option<String>,
    Option<String>,
    Option<NaiveDate>,
);

fn load(conn: &mut DbConnection, actor: &Actor, q: &AnalysisQuery) -> Result<Data, ApiError> {
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
        .select((
            participants::id,
            participants::gender,
            participants::birth_year,
            participants::legal_status,
            participants::education_level,
            participants::arrival_date,
        ))
        .load(conn)?;
    let mut given: Vec<(String, String, String, String)> = answers::table
        .filter(answers::interview_id.eq_any(&ids))
        .select((
            answers::interview_id,
            answers::participant_id,
            answers::question_id,
            answers::value,
        ))
        .load(conn)?;
    // Oldest first, so that a later interview's answer replaces an earlier one.
    given.sort_by_key(|g| when.get(&g.0).copied());
    let mut by_person: HashMap<String, HashMap<String, Value>> = HashMap::new();
    for (_, pid, qid, value) in given {
        let v: Value = serde_json::from_str(&value).map_err(ApiError::internal)?;
        by_person.entry(pid).or_default().insert(qid, v);
    }
    let not_stated = || "not_stated".to_string();
    let mut respondents: Vec<Respondent> = people
        .into_iter()
        .map(|(id, gender, birth, legal, education, arrival)| {
            let at = latest.get(&id).copied().unwrap_or_default().date();
            let stay_months = arrival.map(|a| months_between(a, at));
            let groups = HashMap::from([
                (Breakdown::Gender, gender.unwrap_or_else(not_stated)),
                (Breakdown::AgeBand, age_band(birth, at).to_string()),
                (Breakdown::LegalStatus, legal.unwrap_or_else(not_stated)),
                (Breakdown::Education, education.unwrap_or_else(not_stated)),
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

/// Whether this caller gets suppressed tables.
fn suppresses(actor: &Actor) -> bool {
    matches!(actor.principal, Principal::ApiKey { .. }) || actor.role == Role::Analyst
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
        QuestionType::Skill => questionnaires::skill_uris(v),
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

const YES_NO: [(&str, [&str; 5]); 2] = [
    ("yes", ["Yes", "Da", "نعم", "Так", "بله"]),
    ("no", ["No", "Ne", "لا", "Ні", "خیر"]),
];

/// Counts per option in a fixed order, for the given respondents.
fn count_options(
    q: &Question,
    people: &[&Respondent],
    lang: &str,
    labels: &HashMap<String, String>,
) -> Vec<OptionCount> {
    let mut counts: HashMap<String, i64> = HashMap::new();
    for r in people {
        if let Some(v) = r.answers.get(&q.id) {
            for value in values_of(q, v) {
                *counts.entry(value).or_default() += 1;
            }
        }
    }
    let lang_index = codes::LANGUAGES
        .iter()
        .position(|l| *l == lang)
        .unwrap_or(0);
    let fixed: Option<Vec<(String, String)>> = match q.kind {
        QuestionType::SingleChoice | QuestionType::MultiChoice => Some(
            q.options
                .iter()
                .map(|o| {
                    (
                        o.value.clone(),
                        questionnaires::text_in(&o.label, lang).to_string(),
                    )
                })
                .collect(),
        ),
        QuestionType::YesNo => Some(
            YES_NO
                .iter()
                .map(|(v, l)| (v.to_string(), l[lang_index].to_string()))
                .collect(),
        ),
        QuestionType::Scale => Some((1..=10).map(|n| (n.to_string(), n.to_string())).collect()),
        _ => None,
    };
    match fixed {
        Some(list) => list
            .into_iter()
            .map(|(value, label)| OptionCount {
                count: Some(counts.get(&value).copied().unwrap_or(0)),
                value,
                label,
                suppressed: false,
            })
            .collect(),
        None => {
            let mut list: Vec<OptionCount> = counts
                .into_iter()
                .map(|(value, n)| OptionCount {
                    label: labels.get(&value).cloned().unwrap_or_else(|| value.clone()),
                    value,
                    count: Some(n),
                    suppressed: false,
                })
                .collect();
            if q.kind == QuestionType::Number {
                list.sort_by(|a, b| {
                    let x = a.value.parse::<f64>().unwrap_or(0.0);
                    let y = b.value.parse::<f64>().unwrap_or(0.0);
                    x.partial_cmp(&y).unwrap_or(std::cmp::Ordering::Equal)
                });
            } else {
                list.sort_by(|a, b| b.count.cmp(&a.count).then(a.label.cmp(&b.label)));
            }
            list
        }
    }
}

fn compute(
    conn: &mut DbConnection,
    actor: &Actor,
    q: &AnalysisQuery,
    threshold: i64,
    lang: &str,
) -> Result<(Analysis, Data), ApiError> {
    let data = load(conn, actor, q)?;
    let threshold = suppresses(actor).then_some(threshold);
    let everyone: Vec<&Respondent> = data.respondents.iter().collect();
    let breakdown = |b: Breakdown| table(&groups_of(&data, b, threshold));
    let crossed = q.cross.map(|b| (b, groups_of(&data, b, threshold)));
    // Labels of skills and languages that were answered.
    let mut uris = Vec::new();
    for r in &data.respondents {
        for (_, question) in data
            .questions
            .iter()
            .filter(|(_, x)| x.kind == QuestionType::Skill)
        {
            if let Some(v) = r.answers.get(&question.id) {
                uris.extend(questionnaires::skill_uris(v));
            }
        }
    }
    uris.sort();
    uris.dedup();
    let mut labels: HashMap<String, String> = refs(conn, uris, lang)?
        .into_iter()
        .map(|c| (c.uri, c.label))
        .collect();
    for (code, names) in codes::languages() {
        if let Some(l) = names.get(lang).or_else(|| names.get("en")) {
            labels.insert(code.clone(), l.clone());
        }
    }
    let mut questions = Vec::new();
    let mut tabs = Vec::new();
    for (section_id, question) in &data.questions {
        let answered = everyone
            .iter()
            .filter(|r| r.answers.contains_key(&question.id))
            .count() as i64;
        let mut options = count_options(question, &everyone, lang, &labels);
        // Too few answered: every count goes, or one would give the number away.
        let hidden = threshold.is_some_and(|t| answered > 0 && answered < t);
        suppress_options(&mut options, threshold, question.kind, hidden);
        let numbers: Vec<f64> =
            if matches!(question.kind, QuestionType::Scale | QuestionType::Number) {
                let mut v: Vec<f64> = everyone
                    .iter()
                    .filter_map(|r| r.answers.get(&question.id)?.as_f64())
                    .collect();
                v.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
                v
            } else {
                Vec::new()
            };
        let any_hidden = options.iter().any(|o| o.suppressed);
        let stats = disclosure::summary(&numbers, threshold, any_hidden);
        let stats_suppressed = !numbers.is_empty() && stats.is_none();
        let (mean, median) = stats.map_or((None, None), |(m, d)| (Some(m), Some(d)));
        let by = match &crossed {
            Some((b, groups)) if threshold.is_some() => {
                tabs.push(cross_tab(question, &options, groups, *b, &data, threshold));
                BTreeMap::new()
            }
            _ => {
                let mut by = BTreeMap::new();
                if let Some(b) = q.cross {
                    let mut groups: BTreeMap<String, Vec<&Respondent>> = BTreeMap::new();
                    for r in &data.respondents {
                        if let Some(g) = r.groups.get(&b) {
                            groups.entry(g.clone()).or_default().push(r);
                        }
                    }
                    for (g, people) in groups {
                        by.insert(g, count_options(question, &people, lang, &labels));
                    }
                }
                by
            }
        };
        questions.push(QuestionStats {
            id: question.id.clone(),
            section_id: section_id.clone(),
            kind: question.kind,
            text: questionnaires::text_in(&question.text, lang).to_string(),
            sensitive: question.sensitive,
            answered: Cell {
                count: (!hidden).then_some(answered),
                suppressed: hidden,
            },
            options,
            mean,
            median,
            stats_suppressed,
            by,
        });
    }
    if let Some((b, groups)) = &crossed {
        if tabs.len() == questions.len() {
            let asked: Vec<(&Question, &[OptionCount])> = data
                .questions
                .iter()
                .zip(&questions)
                .map(|((_, question), stats)| (question, stats.options.as_slice()))
                .collect();
            link(&mut tabs, &asked, groups, *b, &data);
            for (stats, tab) in questions.iter_mut().zip(&tabs) {
                stats.by = tab.by(&stats.options);
            }
        }
    }
    let length_of_stay = breakdown(Breakdown::LengthOfStay);
    let stay_hidden = length_of_stay.values().any(|c| c.suppressed);
    let analysis = Analysis {
        template: q.template.clone(),
        from: q.from,
        to: q.to,
        respondents: data.respondents.len() as i64,
        interviews: data.interviews,
        suppression_threshold: threshold,
        breakdowns: Breakdowns {
            gender: breakdown(Breakdown::Gender),
            age_band: breakdown(Breakdown::AgeBand),
            legal_status: breakdown(Breakdown::LegalStatus),
            education: breakdown(Breakdown::Education),
            length_of_stay,
        },
        stay_bands: stay::bands(data.stay_bands.as_deref(), lang),
        length_of_stay_months: stay::stats(
            &data
                .respondents
                .iter()
                .filter_map(|r| r.stay_months)
                .collect::<Vec<_>>(),
            threshold,
            stay_hidden,
        ),
        legal_status_details: match threshold {
            None => Some(stay::other_details(
                conn,
                &data
                    .respondents
                    .iter()
                    .map(|r| r.id.clone())
                    .collect::<Vec<_>>(),
            )?),
            Some(_) => None,
        },
        cross: q.cross,
        questions,
    };
    Ok((analysis, data))
}

/// Checks the period; for analysts and API keys, makes it one whole
/// calendar year (the current one when none is given). Tables of two
/// periods that overlap could be subtracted from each other (January to
/// June minus January to May is June alone), and a count hidden in both
/// would show in the difference; whole years never overlap.
fn check_period(q: &mut AnalysisQuery, actor: &Actor) -> Result<(), ApiError> {
    q.validate()?;
    if let (Some(f), Some(t)) = (q.from, q.to) {
        if t < f {
            return Err(ApiError::field(
                "to",
                "before_from",
                "must not be before `from`",
            ));
        }
    }
    if !suppresses(actor) {
        return Ok(());
    }
    let year = q
        .from
        .or(q.to)
        .map_or_else(|| crate::ids::now().date().year(), |d| d.year());
    let (first, last) = (
        NaiveDate::from_ymd_opt(year, 1, 1),
        NaiveDate::from_ymd_opt(year, 12, 31),
    );
    let whole =
        |given: Option<NaiveDate>, edge: Option<NaiveDate>| given.is_none() || given == edge;
    if !whole(q.from, first) || !whole(q.to, last) {
        return Err(ApiError::field(
            if whole(q.from, first) { "to" } else { "from" },
            "whole_year",
            "analysts and API keys get whole calendar years (from YYYY-01-01 to YYYY-12-31), \
             so that two overlapping periods cannot be subtracted to reveal a hidden count",
        ));
    }
    q.from = first;
    q.to = last;
    Ok(())
}

/// The tables of a field report over the participants interviewed with a
/// template in a period. Analysts and API keys get small counts suppressed.
#[utoipa::path(
    tag = "interviews",
    operation_id = "analyse_interviews",
    security(("bearer" = [])),
    params(AnalysisQuery),
    responses(
        (status = 200, description = "The analysis", body = Analysis),
        (status = 400, description = "Malformed query", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "This role may not read the analysis", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such template", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid query", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/interviews/analysis")]
async fn analyse_interviews(
    state: web::Data<AppState>,
    actor: Actor,
    req: HttpRequest,
    query: web::Query<AnalysisQuery>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::Read, Resource::InterviewAnalysis)?;
    let mut q = query.into_inner();
    check_period(&mut q, &actor)?;
    let lang = language(&req, q.lang.as_deref());
    let threshold = state.settings.suppression_threshold;
    let result = state
        .db(move |conn| {
            let (a, _) = compute(conn, &actor, &q, threshold, lang)?;
            audit::record(
                conn,
                &actor,
                "read",
                "interview_analysis",
                Some(&q.template),
            )?;
            Ok(a)
        })
        .await?;
    Ok(HttpResponse::Ok().json(result))
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

    #[test]
    fn spreadsheet_formulas_are_defused() {
        assert_eq!(safe("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(safe("Ljubljana"), "Ljubljana");
    }
}
