//! Profile updates: what the answers suggest for the participants'
//! profiles (skills, languages, needs), applied only once confirmed.

use diesel::prelude::*;
use serde_json::Value;

use super::answers::{load_answers, present};
use super::json::{ProfileUpdate, UpdateKind};
use super::model::{template_of, InterviewRow};
use crate::auth::Actor;
use crate::codes::{
    ConsentPurpose, InterviewStatus, LanguageLevel, Need, SkillEvidence, SkillLevel,
};
use crate::db::schema::{participant_languages, participant_needs, participants};
use crate::db::DbConnection;
use crate::error::{ApiError, FieldError};
use crate::ids;
use crate::interviews::templates::{ProfileField, QuestionType};
use crate::participants::access::visible;
use crate::participants::json::{ParticipantStatus, View};
use crate::skills::json::{ConceptRef, SkillInput};
use crate::skills::model::{participant_skills, refs};

/// The updates the answers of the interview `row` suggest; what the
/// profiles already have is left out.
pub(super) fn proposals(
    conn: &mut DbConnection,
    row: &InterviewRow,
    lang: &str,
) -> Result<Vec<ProfileUpdate>, ApiError> {
    let content = template_of(conn, row)?;
    let present = present(conn, &row.id)?;
    let given = load_answers(conn, &row.id)?;
    let mut out: Vec<ProfileUpdate> = Vec::new();
    let mut uris = Vec::new();
    for pid in &present {
        let p = crate::participants::model::find(conn, &row.organization_id, pid)?;
        if p.status() == ParticipantStatus::Erased {
            continue;
        }
        let held = participant_skills::held_uris(conn, pid)?;
        let base = |kind, q: &str, id: String| ProfileUpdate {
            id,
            kind,
            participant_id: pid.clone(),
            participant_name: p.row.name.clone(),
            question_id: q.to_string(),
            skill: None,
            skill_level: None,
            language: None,
            language_level: None,
            current_language_level: None,
            need: None,
        };
        for a in given.iter().filter(|a| &a.participant_id == pid) {
            let Some(q) = content.question(&a.question_id) else {
                continue;
            };
            match q.kind {
                QuestionType::Skill => {
                    for item in a.value.as_array().into_iter().flatten() {
                        let uri = item.get("skill_uri").and_then(Value::as_str).unwrap_or("");
                        let level = item
                            .get("level")
                            .and_then(Value::as_str)
                            .and_then(SkillLevel::parse);
                        let id = format!("skill|{pid}|{uri}");
                        if held.iter().any(|h| h == uri) || out.iter().any(|u| u.id == id) {
                            continue;
                        }
                        uris.push(uri.to_string());
                        let mut u = base(UpdateKind::AddSkill, &q.id, id);
                        u.skill = Some(ConceptRef {
                            uri: uri.to_string(),
                            kind: crate::skills::json::ConceptKind::Skill,
                            label: uri.to_string(),
                            status: "released".into(),
                        });
                        u.skill_level = level;
                        out.push(u);
                    }
                }
                QuestionType::Language => {
                    for item in a.value.as_array().into_iter().flatten() {
                        let code = item.get("language").and_then(Value::as_str).unwrap_or("");
                        let Some(level) = item
                            .get("level")
                            .and_then(Value::as_str)
                            .and_then(LanguageLevel::parse)
                        else {
                            continue;
                        };
                        let id = format!("language|{pid}|{code}");
                        if out.iter().any(|u| u.id == id) {
                            continue;
                        }
                        let current = p.languages.iter().find(|l| l.language == code);
                        let kind = match current {
                            None => UpdateKind::AddLanguage,
                            Some(c) if c.level != level => UpdateKind::ChangeLanguageLevel,
                            Some(_) => continue,
                        };
                        let mut u = base(kind, &q.id, id);
                        u.language = Some(code.to_string());
                        u.language_level = Some(level);
                        u.current_language_level = current.map(|c| c.level);
                        out.push(u);
                    }
                }
                QuestionType::SingleChoice | QuestionType::MultiChoice
                    if q.profile_field == Some(ProfileField::Needs) =>
                {
                    let values: Vec<&str> = match &a.value {
                        Value::String(s) => vec![s.as_str()],
                        Value::Array(items) => items.iter().filter_map(Value::as_str).collect(),
                        _ => vec![],
                    };
                    for v in values {
                        let Some(need) = Need::parse(v) else { continue };
                        let id = format!("need|{pid}|{v}");
                        if p.needs.contains(&need) || out.iter().any(|u| u.id == id) {
                            continue;
                        }
                        let mut u = base(UpdateKind::AddNeed, &q.id, id);
                        u.need = Some(need);
                        out.push(u);
                    }
                }
                _ => {}
            }
        }
    }
    let labelled = refs(conn, uris, lang)?;
    for u in &mut out {
        if let Some(s) = &mut u.skill {
            if let Some(r) = labelled.iter().find(|r| r.uri == s.uri) {
                *s = r.clone();
            }
        }
    }
    Ok(out)
}

/// Applies the confirmed updates (ids in `accept`) of the done interview
/// `row` to the participants' profiles; returns the updates applied and
/// the participants changed.
pub(super) fn apply(
    conn: &mut DbConnection,
    actor: &Actor,
    row: &InterviewRow,
    accept: &[String],
    lang: &str,
) -> Result<(Vec<ProfileUpdate>, Vec<String>), ApiError> {
    if row.status() != InterviewStatus::Done {
        return Err(ApiError::conflict(
            crate::error::ProblemCode::Conflict,
            "complete the interview first: its answers can still change",
        ));
    }
    let all = proposals(conn, row, lang)?;
    let mut errors = Vec::new();
    let mut chosen = Vec::new();
    for (i, a) in accept.iter().enumerate() {
        match all.iter().find(|u| &u.id == a) {
            Some(u) if !chosen.iter().any(|c: &ProfileUpdate| c.id == u.id) => {
                chosen.push(u.clone())
            }
            Some(_) => {}
            None => errors.push(FieldError {
                field: format!("accept[{i}]"),
                code: "unknown".into(),
                message: "is not a pending suggestion (already applied, or the answer changed)"
                    .into(),
            }),
        }
    }
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let mut people: Vec<String> = chosen.iter().map(|u| u.participant_id.clone()).collect();
    people.sort();
    people.dedup();
    let mut missing = Vec::new();
    for pid in &people {
        let (p, view) = visible(conn, actor, pid)?;
        if !matches!(view, View::Full | View::Limited) {
            return Err(ApiError::forbidden(
                "you may not change this person's profile",
            ));
        }
        if !p
            .active_consents
            .contains(&ConsentPurpose::ProfileProcessing)
        {
            missing.push(pid.clone());
        }
    }
    if !missing.is_empty() {
        return Err(ApiError::ConsentMissing {
            detail: "changing a profile needs the person's `profile_processing` consent".into(),
            participants: missing,
        });
    }
    let now = ids::now();
    for u in &chosen {
        match u.kind {
            UpdateKind::AddSkill => {
                let Some(skill) = &u.skill else { continue };
                participant_skills::insert(
                    conn,
                    &u.participant_id,
                    &SkillInput {
                        skill_uri: skill.uri.clone(),
                        level: u.skill_level.unwrap_or(SkillLevel::Basic),
                        years: None,
                        acquired: None,
                        evidence: SkillEvidence::Interview,
                        certificate: None,
                        last_confirmed: Some(now.date()),
                    },
                )?;
            }
            UpdateKind::AddLanguage | UpdateKind::ChangeLanguageLevel => {
                let (Some(code), Some(level)) = (&u.language, u.language_level) else {
                    continue;
                };
                diesel::delete(
                    participant_languages::table
                        .filter(participant_languages::participant_id.eq(&u.participant_id))
                        .filter(participant_languages::language.eq(code)),
                )
                .execute(conn)?;
                diesel::insert_into(participant_languages::table)
                    .values((
                        participant_languages::participant_id.eq(&u.participant_id),
                        participant_languages::language.eq(code),
                        participant_languages::level.eq(level.as_str()),
                    ))
                    .execute(conn)?;
            }
            UpdateKind::AddNeed => {
                let Some(need) = u.need else { continue };
                diesel::insert_into(participant_needs::table)
                    .values((
                        participant_needs::participant_id.eq(&u.participant_id),
                        participant_needs::need.eq(need.as_str()),
                    ))
                    .execute(conn)?;
            }
        }
    }
    for pid in &people {
        crate::opportunities::matches::changes::participant(conn, &actor.organization_id, pid)?;
        diesel::update(participants::table.find(pid))
            .set((
                participants::updated_at.eq(now),
                participants::version.eq(participants::version + 1),
            ))
            .execute(conn)?;
    }
    Ok((chosen, people))
}
