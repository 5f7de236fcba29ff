//! Rows into the matching engine's types: people (with their eligibility
//! circumstances and whether they share with partners), opportunities (as
//! requirements, with what eligibility and the answers need of them), open
//! courses and the skill hierarchy; and the change log since a `seq`.

use std::collections::HashMap;

use chrono::NaiveDate;
use diesel::prelude::*;

use super::changes::ALL_ORGANISATIONS;
use crate::codes::{
    ConsentPurpose, EducationLevel, LanguageLevel, LegalStatus, OpportunityKind, OpportunityStatus,
    WorkPermit,
};
use crate::db::schema::{
    consents, match_changes, opportunities, opportunity_languages, opportunity_skills,
    participant_languages, participant_skills, participants, taxonomy_broader,
};
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::opportunities::eligibility::Circumstances;
use crate::opportunities::matching::{
    Hierarchy, LanguageNeed, LanguageSkill, Person, Place, Requirement,
};
use crate::participants::access::months_between;

/// Ids asked with `IN (…)` at most this many at a time.
const CHUNK: usize = 500;

/// A person as matching sees them.
#[derive(Clone, Debug, Default)]
pub struct Candidate {
    pub person: Person,
    pub circumstances: Circumstances,
    /// When the person arrived (months since it are counted on the day).
    pub arrival: Option<NaiveDate>,
    /// An active `partner_sharing` consent: partners may see them.
    pub sharing: bool,
}

/// What the answers say of an opportunity.
#[derive(Clone, Debug)]
pub struct Summary {
    pub id: String,
    pub kind: OpportunityKind,
    /// The stored multilingual title (JSON).
    pub title: String,
    pub provider_name: String,
    pub place: String,
    pub municipality: Option<String>,
    pub deadline: Option<NaiveDate>,
    pub partner_user_id: Option<String>,
}

/// An opportunity as matching sees it.
#[derive(Clone, Debug)]
pub struct Posting {
    pub requirement: Requirement,
    pub country: String,
    /// The skills a course or workshop teaches.
    pub teaches: Vec<String>,
    /// Open and not archived: matched to people, and (courses) offered for gaps.
    pub open: bool,
    pub summary: Summary,
}

impl Posting {
    /// Whether it is an open course (or workshop) that closes gaps.
    pub fn is_course(&self) -> bool {
        self.open
            && matches!(
                self.summary.kind,
                OpportunityKind::Course | OpportunityKind::Workshop
            )
            && !self.teaches.is_empty()
    }
}

/// Circumstances of a person from their row, on `today`.
pub fn circumstances(
    legal_status: Option<&str>,
    work_permit: Option<&str>,
    permit_from: Option<NaiveDate>,
    arrival: Option<NaiveDate>,
    today: NaiveDate,
) -> Circumstances {
    Circumstances {
        legal_status: legal_status.and_then(LegalStatus::parse),
        work_permit: work_permit.and_then(WorkPermit::parse),
        permit_from,
        months_since_application: arrival
            .map(|a| u32::try_from(months_between(a, today)).unwrap_or(0)),
    }
}

type PersonRow = (
    String,
    Option<String>,
    Option<String>,
    Option<NaiveDate>,
    Option<NaiveDate>,
    Option<String>,
    Option<String>,
);

/// The active people of `org` (all of them, or only those of `only` that
/// are still active), with skills, languages and partner-sharing consent.
pub fn people(
    conn: &mut DbConnection,
    org: &str,
    only: Option<&[String]>,
    today: NaiveDate,
) -> Result<Vec<Candidate>, ApiError> {
    let base = || {
        participants::table
            .filter(participants::organization_id.eq(org.to_string()))
            .filter(participants::status.eq("active"))
            .filter(participants::archived_at.is_null())
            .filter(participants::erased_at.is_null())
    };
    let select = (
        participants::id,
        participants::legal_status,
        participants::work_permit,
        participants::work_permit_date,
        participants::arrival_date,
        participants::municipality,
        participants::education_level,
    );
    let mut rows: Vec<PersonRow> = Vec::new();
    let mut skills: Vec<(String, String)> = Vec::new();
    let mut langs: Vec<(String, String, String)> = Vec::new();
    let mut sharing: Vec<String> = Vec::new();
    let sharing_q = || {
        consents::table
            .filter(consents::organization_id.eq(org.to_string()))
            .filter(consents::purpose.eq(ConsentPurpose::PartnerSharing.as_str()))
            .filter(consents::withdrawn_at.is_null())
    };
    match only {
        None => {
            rows = base().select(select).load(conn)?;
            let ids = base().select(participants::id);
            skills = participant_skills::table
                .filter(participant_skills::participant_id.eq_any(ids))
                .select((
                    participant_skills::participant_id,
                    participant_skills::skill_uri,
                ))
                .load(conn)?;
            langs = participant_languages::table
                .filter(
                    participant_languages::participant_id.eq_any(base().select(participants::id)),
                )
                .select((
                    participant_languages::participant_id,
                    participant_languages::language,
                    participant_languages::level,
                ))
                .load(conn)?;
            sharing = sharing_q().select(consents::participant_id).load(conn)?;
        }
        Some(only) => {
            for chunk in only.chunks(CHUNK) {
                rows.extend(
                    base()
                        .filter(participants::id.eq_any(chunk))
                        .select(select)
                        .load::<PersonRow>(conn)?,
                );
                skills.extend(
                    participant_skills::table
                        .filter(participant_skills::participant_id.eq_any(chunk))
                        .select((
                            participant_skills::participant_id,
                            participant_skills::skill_uri,
                        ))
                        .load::<(String, String)>(conn)?,
                );
                langs.extend(
                    participant_languages::table
                        .filter(participant_languages::participant_id.eq_any(chunk))
                        .select((
                            participant_languages::participant_id,
                            participant_languages::language,
                            participant_languages::level,
                        ))
                        .load::<(String, String, String)>(conn)?,
                );
                sharing.extend(
                    sharing_q()
                        .filter(consents::participant_id.eq_any(chunk))
                        .select(consents::participant_id)
                        .load::<String>(conn)?,
                );
            }
        }
    }
    let mut skills_of: HashMap<String, Vec<String>> = HashMap::new();
    for (pid, uri) in skills {
        skills_of.entry(pid).or_default().push(uri);
    }
    let mut langs_of: HashMap<String, Vec<LanguageSkill>> = HashMap::new();
    for (pid, language, level) in langs {
        if let Some(level) = LanguageLevel::parse(&level) {
            langs_of
                .entry(pid)
                .or_default()
                .push(LanguageSkill { language, level });
        }
    }
    let sharing: std::collections::HashSet<String> = sharing.into_iter().collect();
    Ok(rows
        .into_iter()
        .map(|(id, legal, permit, permit_from, arrival, town, edu)| {
            let mut skills = skills_of.remove(&id).unwrap_or_default();
            skills.sort_unstable();
            skills.dedup();
            Candidate {
                sharing: sharing.contains(&id),
                arrival,
                circumstances: circumstances(
                    legal.as_deref(),
                    permit.as_deref(),
                    permit_from,
                    arrival,
                    today,
                ),
                person: Person {
                    skills,
                    languages: langs_of.remove(&id).unwrap_or_default(),
                    education: edu.as_deref().and_then(EducationLevel::parse),
                    municipality: town,
                    id,
                },
            }
        })
        .collect())
}

type OpportunityRow = (
    String,
    String,
    String,
    String,
    String,
    Option<String>,
    String,
    Option<String>,
    Option<NaiveDate>,
    Option<String>,
    String,
    Option<chrono::NaiveDateTime>,
);

/// The open opportunities of `org` (`only`: those ids, open or not, so that
/// a change can drop the ones that closed).
pub fn postings(
    conn: &mut DbConnection,
    org: &str,
    only: Option<&[String]>,
) -> Result<Vec<Posting>, ApiError> {
    let base = || {
        opportunities::table
            .filter(opportunities::organization_id.eq(org.to_string()))
            .select((
                opportunities::id,
                opportunities::kind,
                opportunities::status,
                opportunities::title,
                opportunities::provider_name,
                opportunities::partner_user_id,
                opportunities::place,
                opportunities::municipality,
                opportunities::deadline,
                opportunities::min_education,
                opportunities::country,
                opportunities::archived_at,
            ))
    };
    let open = || {
        opportunities::table
            .filter(opportunities::organization_id.eq(org.to_string()))
            .filter(opportunities::status.eq(OpportunityStatus::Open.as_str()))
            .filter(opportunities::archived_at.is_null())
    };
    let mut rows: Vec<OpportunityRow> = Vec::new();
    let mut skills: Vec<(String, String, String)> = Vec::new();
    let mut langs: Vec<(String, String, String)> = Vec::new();
    let skill_cols = (
        opportunity_skills::opportunity_id,
        opportunity_skills::skill_uri,
        opportunity_skills::relation,
    );
    let lang_cols = (
        opportunity_languages::opportunity_id,
        opportunity_languages::language,
        opportunity_languages::min_level,
    );
    match only {
        None => {
            rows = base()
                .filter(opportunities::status.eq(OpportunityStatus::Open.as_str()))
                .filter(opportunities::archived_at.is_null())
                .load(conn)?;
            skills = opportunity_skills::table
                .filter(opportunity_skills::opportunity_id.eq_any(open().select(opportunities::id)))
                .select(skill_cols)
                .load(conn)?;
            langs = opportunity_languages::table
                .filter(
                    opportunity_languages::opportunity_id.eq_any(open().select(opportunities::id)),
                )
                .select(lang_cols)
                .load(conn)?;
        }
        Some(only) => {
            for chunk in only.chunks(CHUNK) {
                rows.extend(
                    base()
                        .filter(opportunities::id.eq_any(chunk))
                        .load::<OpportunityRow>(conn)?,
                );
                skills.extend(
                    opportunity_skills::table
                        .filter(opportunity_skills::opportunity_id.eq_any(chunk))
                        .select(skill_cols)
                        .load::<(String, String, String)>(conn)?,
                );
                langs.extend(
                    opportunity_languages::table
                        .filter(opportunity_languages::opportunity_id.eq_any(chunk))
                        .select(lang_cols)
                        .load::<(String, String, String)>(conn)?,
                );
            }
        }
    }
    let mut skills_of: HashMap<String, [Vec<String>; 3]> = HashMap::new();
    for (oid, uri, relation) in skills {
        let slot = match relation.as_str() {
            "essential" => 0,
            "optional" => 1,
            _ => 2,
        };
        skills_of.entry(oid).or_default()[slot].push(uri);
    }
    let mut langs_of: HashMap<String, Vec<LanguageNeed>> = HashMap::new();
    for (oid, language, level) in langs {
        if let Some(min) = LanguageLevel::parse(&level) {
            langs_of
                .entry(oid)
                .or_default()
                .push(LanguageNeed { language, min });
        }
    }
    Ok(rows
        .into_iter()
        .filter_map(|row| {
            let (
                id,
                kind,
                status,
                title,
                provider,
                partner,
                place,
                town,
                deadline,
                edu,
                country,
                archived,
            ) = row;
            let kind = OpportunityKind::parse(&kind)?;
            let [mut essential, mut optional, mut teaches] =
                skills_of.remove(&id).unwrap_or_default();
            for list in [&mut essential, &mut optional, &mut teaches] {
                list.sort_unstable();
            }
            let municipality = town.clone().unwrap_or_default();
            let engine_place = match place.as_str() {
                "remote" => Place::Remote,
                "hybrid" => Place::Hybrid { municipality },
                _ => Place::OnSite { municipality },
            };
            let mut languages = langs_of.remove(&id).unwrap_or_default();
            languages.sort_by(|a, b| a.language.cmp(&b.language));
            Some(Posting {
                requirement: Requirement {
                    id: id.clone(),
                    essential,
                    optional,
                    languages,
                    min_education: edu.as_deref().and_then(EducationLevel::parse),
                    place: engine_place,
                },
                country,
                teaches,
                open: status == OpportunityStatus::Open.as_str() && archived.is_none(),
                summary: Summary {
                    id,
                    kind,
                    title,
                    provider_name: provider,
                    place,
                    municipality: town,
                    deadline,
                    partner_user_id: partner,
                },
            })
        })
        .collect())
}

/// The skill hierarchy (every narrower → broader pair of the taxonomy).
pub fn hierarchy(conn: &mut DbConnection) -> Result<Hierarchy, ApiError> {
    let pairs: Vec<(String, String)> = taxonomy_broader::table
        .select((taxonomy_broader::uri, taxonomy_broader::broader_uri))
        .load(conn)?;
    Ok(Hierarchy::new(pairs))
}

/// The last `seq` of the change log that concerns `org`.
pub fn last_seq(conn: &mut DbConnection, org: &str) -> Result<i64, ApiError> {
    let seq: Option<i64> = match_changes::table
        .filter(match_changes::organization_id.eq_any([org, ALL_ORGANISATIONS]))
        .select(diesel::dsl::max(match_changes::seq))
        .first(conn)?;
    Ok(seq.unwrap_or(0))
}

/// The changes after `seq` that concern `org`: `(subject, id, seq)`.
pub fn changes_since(
    conn: &mut DbConnection,
    org: &str,
    seq: i64,
) -> Result<Vec<(String, String, i64)>, ApiError> {
    Ok(match_changes::table
        .filter(match_changes::organization_id.eq_any([org, ALL_ORGANISATIONS]))
        .filter(match_changes::seq.gt(seq))
        .order(match_changes::seq)
        .select((
            match_changes::subject,
            match_changes::subject_id,
            match_changes::seq,
        ))
        .load(conn)?)
}
