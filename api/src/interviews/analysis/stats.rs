//! The tables of a field report: respondents per group of each
//! breakdown, and per question the counts per option, mean, median and an
//! optional cross-tabulation. For analysts and API keys every table goes
//! through [`super::protection`].

use std::collections::{BTreeMap, HashMap};

use super::access::suppresses;
use super::json::{
    Analysis, AnalysisQuery, Breakdown, Breakdowns, Cell, OptionCount, QuestionStats,
};
use super::model::{load, other_details, values_of, Data, Respondent};
use super::protection::{cross_tab, groups_of, link, suppress_options, table};
use super::stay;
use crate::auth::Actor;
use crate::codes;
use crate::db::DbConnection;
use crate::disclosure;
use crate::error::ApiError;
use crate::interviews::templates::{skill_uris, text_in, Question, QuestionType};
use crate::skills::model::refs;

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
                .map(|o| (o.value.clone(), text_in(&o.label, lang).to_string()))
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

/// The analysis for `actor` (suppressed at `threshold` for analysts and
/// API keys), with the data it was computed from.
pub(super) fn compute(
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
                uris.extend(skill_uris(v));
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
            text: text_in(&question.text, lang).to_string(),
            sensitive: question.sensitive,
            answered: Cell::of(answered, hidden),
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
            None => Some(other_details(
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
