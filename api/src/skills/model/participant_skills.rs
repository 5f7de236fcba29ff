//! A participant's skills: the rows, their checks against the taxonomy,
//! and every query of `participant_skills`.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use validator::Validate;

use super::concepts::{kind_and_status, refs};
use crate::codes::{SkillAcquired, SkillEvidence, SkillLevel};
use crate::db::schema::participant_skills;
use crate::db::DbConnection;
use crate::error::{ApiError, FieldError};
use crate::ids;
use crate::skills::json::{Certificate, ConceptRef, ParticipantSkill, SkillInput};

/// The stored row (without its participant and creation time).
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = participant_skills)]
pub struct ParticipantSkillRow {
    pub id: String,
    pub skill_uri: String,
    pub level: String,
    pub years: Option<i32>,
    pub acquired: Option<String>,
    pub evidence: String,
    pub certificate_name: Option<String>,
    pub certificate_issuer: Option<String>,
    pub certificate_issued: Option<NaiveDate>,
    pub certificate_expires: Option<NaiveDate>,
    pub last_confirmed: Option<NaiveDate>,
    pub updated_at: NaiveDateTime,
    pub version: i32,
}

impl ParticipantSkillRow {
    /// The skill as the API shows it, `skill` being its concept and
    /// `today` the day its certificate may have expired by.
    fn view(self, skill: ConceptRef, today: NaiveDate) -> ParticipantSkill {
        let expires = self.certificate_expires;
        ParticipantSkill {
            id: self.id,
            skill,
            level: SkillLevel::parse(&self.level).unwrap_or(SkillLevel::Basic),
            years: self.years,
            acquired: self.acquired.as_deref().and_then(SkillAcquired::parse),
            evidence: SkillEvidence::parse(&self.evidence).unwrap_or(SkillEvidence::SelfDeclared),
            certificate_expired: expires.is_some_and(|e| e < today),
            certificate: self.certificate_name.map(|name| Certificate {
                name,
                issuer: self.certificate_issuer,
                issued: self.certificate_issued,
                expires,
            }),
            last_confirmed: self.last_confirmed,
            updated_at: ids::utc(self.updated_at),
            version: self.version,
        }
    }
}

/// The fields a skill is added or changed with.
#[derive(Insertable, AsChangeset)]
#[diesel(
    table_name = participant_skills,
    treat_none_as_null = true,
    treat_none_as_default_value = false
)]
struct SkillFields<'a> {
    level: &'a str,
    years: Option<i32>,
    acquired: Option<&'a str>,
    evidence: &'a str,
    certificate_name: Option<String>,
    certificate_issuer: Option<String>,
    certificate_issued: Option<NaiveDate>,
    certificate_expires: Option<NaiveDate>,
    last_confirmed: Option<NaiveDate>,
    updated_at: NaiveDateTime,
}

impl<'a> SkillFields<'a> {
    fn of(input: &'a SkillInput, now: NaiveDateTime) -> Self {
        let c = input.certificate.as_ref();
        SkillFields {
            level: input.level.as_str(),
            years: input.years,
            acquired: input.acquired.map(|a| a.as_str()),
            evidence: input.evidence.as_str(),
            certificate_name: c.map(|c| c.name.trim().to_string()),
            certificate_issuer: c.and_then(|c| c.issuer.clone()),
            certificate_issued: c.and_then(|c| c.issued),
            certificate_expires: c.and_then(|c| c.expires),
            last_confirmed: input.last_confirmed,
            updated_at: now,
        }
    }
}

/// A skill added to a participant.
#[derive(Insertable)]
#[diesel(table_name = participant_skills, treat_none_as_default_value = false)]
struct NewParticipantSkill<'a> {
    id: &'a str,
    participant_id: &'a str,
    skill_uri: &'a str,
    #[diesel(embed)]
    fields: SkillFields<'a>,
    created_at: NaiveDateTime,
    version: i32,
}

/// A participant's skills labelled in `lang`, sorted by label.
pub fn load(
    conn: &mut DbConnection,
    participant: &str,
    lang: &str,
) -> Result<Vec<ParticipantSkill>, ApiError> {
    let rows: Vec<ParticipantSkillRow> = participant_skills::table
        .filter(participant_skills::participant_id.eq(participant))
        .select(ParticipantSkillRow::as_select())
        .load(conn)?;
    let uris: Vec<String> = rows.iter().map(|r| r.skill_uri.clone()).collect();
    let concepts = refs(conn, uris, lang)?;
    let today = ids::now().date();
    let mut out: Vec<ParticipantSkill> = rows
        .into_iter()
        .filter_map(|r| {
            let skill = concepts.iter().find(|c| c.uri == r.skill_uri)?.clone();
            Some(r.view(skill, today))
        })
        .collect();
    out.sort_by_key(|s| s.skill.label.to_lowercase());
    Ok(out)
}

/// Checks an input against the taxonomy and across fields.
pub fn check(
    conn: &mut DbConnection,
    input: &SkillInput,
    existing_uri: Option<&str>,
) -> Result<(), ApiError> {
    let mut errors = match input.validate() {
        Ok(()) => Vec::new(),
        Err(e) => crate::error::field_errors(&e, ""),
    };
    match kind_and_status(conn, &input.skill_uri)? {
        None => errors.push(FieldError {
            field: "skill_uri".into(),
            code: "unknown".into(),
            message: "is not a skill in the taxonomy".into(),
        }),
        Some((kind, _)) if kind == "occupation" => errors.push(FieldError {
            field: "skill_uri".into(),
            code: "occupation".into(),
            message: "is an occupation, not a skill".into(),
        }),
        Some((_, status))
            if status == "obsolete" && existing_uri != Some(input.skill_uri.as_str()) =>
        {
            errors.push(FieldError {
                field: "skill_uri".into(),
                code: "obsolete".into(),
                message: "is no longer in the current taxonomy".into(),
            })
        }
        Some(_) => {}
    }
    if let Some(c) = &input.certificate {
        if let (Some(i), Some(e)) = (c.issued, c.expires) {
            if e < i {
                errors.push(FieldError {
                    field: "certificate.expires".into(),
                    code: "before_issued".into(),
                    message: "must not be before the issue date".into(),
                });
            }
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ApiError::Validation(errors))
    }
}

/// Whether the participant has the skill `uri` already.
pub fn holds(conn: &mut DbConnection, participant: &str, uri: &str) -> Result<bool, ApiError> {
    let held: i64 = participant_skills::table
        .filter(participant_skills::participant_id.eq(participant))
        .filter(participant_skills::skill_uri.eq(uri))
        .count()
        .get_result(conn)?;
    Ok(held > 0)
}

/// The URIs of the skills the participant has.
pub fn held_uris(conn: &mut DbConnection, participant: &str) -> Result<Vec<String>, ApiError> {
    Ok(participant_skills::table
        .filter(participant_skills::participant_id.eq(participant))
        .select(participant_skills::skill_uri)
        .load(conn)?)
}

/// Adds `input` to the participant's skills; returns the new skill's id.
pub fn insert(
    conn: &mut DbConnection,
    participant: &str,
    input: &SkillInput,
) -> Result<String, ApiError> {
    let skill_id = ids::new_id();
    let now = ids::now();
    diesel::insert_into(participant_skills::table)
        .values(NewParticipantSkill {
            id: &skill_id,
            participant_id: participant,
            skill_uri: &input.skill_uri,
            fields: SkillFields::of(input, now),
            created_at: now,
            version: 1,
        })
        .execute(conn)?;
    Ok(skill_id)
}

/// Changes the skill `skill_id` at `version` to `input` (its URI stays);
/// returns how many rows changed (0 when the version is stale).
pub fn update(
    conn: &mut DbConnection,
    skill_id: &str,
    version: i32,
    input: &SkillInput,
) -> Result<usize, ApiError> {
    Ok(diesel::update(
        participant_skills::table
            .filter(participant_skills::id.eq(skill_id))
            .filter(participant_skills::version.eq(version)),
    )
    .set((
        SkillFields::of(input, ids::now()),
        participant_skills::version.eq(version + 1),
    ))
    .execute(conn)?)
}

/// Removes the participant's skill `skill_id`; returns how many rows went.
pub fn delete(
    conn: &mut DbConnection,
    participant: &str,
    skill_id: &str,
) -> Result<usize, ApiError> {
    Ok(diesel::delete(
        participant_skills::table
            .filter(participant_skills::id.eq(skill_id))
            .filter(participant_skills::participant_id.eq(participant)),
    )
    .execute(conn)?)
}

/// A change to a person's skills changes the person: their record's time
/// and version move on.
pub fn touch(conn: &mut DbConnection, participant: &str) -> Result<(), ApiError> {
    use crate::db::schema::participants;
    diesel::update(participants::table.find(participant))
        .set((
            participants::updated_at.eq(ids::now()),
            participants::version.eq(participants::version + 1),
        ))
        .execute(conn)?;
    Ok(())
}
