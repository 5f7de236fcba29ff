//! The opportunity rows with their skills and languages: reading,
//! writing, the search column and the views.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::json::{LanguageRequirement, Opportunity, OpportunityFields, OwnApplication};
use crate::codes::{
    ApplicationState, ContractType, EducationLevel, LanguageLevel, OpportunityKind,
    OpportunityStatus, PayPeriod, WorkPlace,
};
use crate::db::schema::{applications, opportunities, opportunity_languages, opportunity_skills};
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::ids;
use crate::market::texts;

/// An opportunity row.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = opportunities)]
pub struct OpportunityRow {
    pub id: String,
    pub organization_id: String,
    pub kind: String,
    pub status: String,
    pub title: String,
    pub description: String,
    pub provider_name: String,
    pub provider_sector: Option<String>,
    pub partner_user_id: Option<String>,
    pub occupation_uri: Option<String>,
    pub country: String,
    pub place: String,
    pub municipality: Option<String>,
    pub hours_per_week: Option<i32>,
    pub total_hours: Option<i32>,
    pub starts_on: Option<chrono::NaiveDate>,
    pub ends_on: Option<chrono::NaiveDate>,
    pub duration_weeks: Option<i32>,
    pub paid: bool,
    pub pay_min_cents: Option<i32>,
    pub pay_max_cents: Option<i32>,
    pub pay_currency: String,
    pub pay_period: Option<String>,
    pub contract_type: Option<String>,
    pub places: Option<i32>,
    pub deadline: Option<chrono::NaiveDate>,
    pub min_education: Option<String>,
    pub created_by: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub opened_at: Option<NaiveDateTime>,
    pub archived_at: Option<NaiveDateTime>,
    pub version: i32,
}

/// The skills and languages of one opportunity.
#[derive(Debug, Clone, Default)]
pub struct Requirements {
    pub essential: Vec<String>,
    pub optional: Vec<String>,
    pub teaches: Vec<String>,
    pub languages: Vec<LanguageRequirement>,
}

impl OpportunityRow {
    pub fn kind(&self) -> OpportunityKind {
        OpportunityKind::parse(&self.kind).unwrap_or(OpportunityKind::Job)
    }

    pub fn status(&self) -> OpportunityStatus {
        OpportunityStatus::parse(&self.status).unwrap_or(OpportunityStatus::Draft)
    }

    /// The fields as a client sends them (the base of a merge patch).
    pub fn fields(&self, req: Requirements) -> OpportunityFields {
        OpportunityFields {
            kind: self.kind(),
            status: Some(self.status()),
            title: texts::parse(&self.title),
            description: texts::parse(&self.description),
            provider_name: self.provider_name.clone(),
            provider_sector: self.provider_sector.clone(),
            partner_user_id: self.partner_user_id.clone(),
            occupation_uri: self.occupation_uri.clone(),
            country: self.country.clone(),
            place: WorkPlace::parse(&self.place).unwrap_or(WorkPlace::OnSite),
            municipality: self.municipality.clone(),
            hours_per_week: self.hours_per_week,
            total_hours: self.total_hours,
            starts_on: self.starts_on,
            ends_on: self.ends_on,
            duration_weeks: self.duration_weeks,
            paid: self.paid,
            pay_min_cents: self.pay_min_cents,
            pay_max_cents: self.pay_max_cents,
            pay_currency: self.pay_currency.clone(),
            pay_period: self.pay_period.as_deref().and_then(PayPeriod::parse),
            contract_type: self.contract_type.as_deref().and_then(ContractType::parse),
            places: self.places,
            deadline: self.deadline,
            min_education: self
                .min_education
                .as_deref()
                .and_then(EducationLevel::parse),
            essential_skills: req.essential,
            optional_skills: req.optional,
            teaches_skills: req.teaches,
            languages: req.languages,
            archived: None,
        }
    }
}

/// The columns a save writes (besides status, times and version).
#[derive(AsChangeset, Insertable)]
#[diesel(table_name = opportunities, treat_none_as_null = true)]
struct Values {
    kind: &'static str,
    title: String,
    description: String,
    search_text: String,
    provider_name: String,
    provider_sector: Option<String>,
    partner_user_id: Option<String>,
    occupation_uri: Option<String>,
    country: String,
    place: &'static str,
    municipality: Option<String>,
    hours_per_week: Option<i32>,
    total_hours: Option<i32>,
    starts_on: Option<chrono::NaiveDate>,
    ends_on: Option<chrono::NaiveDate>,
    duration_weeks: Option<i32>,
    paid: bool,
    pay_min_cents: Option<i32>,
    pay_max_cents: Option<i32>,
    pay_currency: String,
    pay_period: Option<&'static str>,
    contract_type: Option<&'static str>,
    places: Option<i32>,
    deadline: Option<chrono::NaiveDate>,
    min_education: Option<&'static str>,
}

fn trimmed(s: &Option<String>) -> Option<String> {
    s.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

impl Values {
    /// The values of checked fields; the search column folds every
    /// language's title and description and the provider's name.
    fn of(f: &OpportunityFields, partner: Option<&str>) -> Self {
        let title = texts::cleaned(&f.title);
        let description = texts::cleaned(&f.description);
        let provider = f.provider_name.trim().to_string();
        let mut search = texts::folded(&[&title, &description]);
        search.push(' ');
        search.push_str(&crate::skills::model::search::fold(&provider));
        Self {
            kind: f.kind.as_str(),
            search_text: search.trim().to_string(),
            title: texts::to_json(&title),
            description: texts::to_json(&description),
            provider_name: provider,
            provider_sector: trimmed(&f.provider_sector),
            partner_user_id: partner.map(str::to_string),
            occupation_uri: trimmed(&f.occupation_uri),
            country: f.country.to_ascii_uppercase(),
            place: f.place.as_str(),
            municipality: trimmed(&f.municipality),
            hours_per_week: f.hours_per_week,
            total_hours: f.total_hours,
            starts_on: f.starts_on,
            ends_on: f.ends_on,
            duration_weeks: f.duration_weeks,
            paid: f.paid,
            pay_min_cents: f.pay_min_cents.filter(|_| f.paid),
            pay_max_cents: f.pay_max_cents.filter(|_| f.paid),
            pay_currency: f.pay_currency.clone(),
            pay_period: f.pay_period.filter(|_| f.paid).map(PayPeriod::as_str),
            contract_type: f.contract_type.map(ContractType::as_str),
            places: f.places,
            deadline: f.deadline,
            min_education: f.min_education.map(EducationLevel::as_str),
        }
    }
}

/// Replaces the skills and languages of an opportunity.
fn write_requirements(
    conn: &mut DbConnection,
    id: &str,
    f: &OpportunityFields,
) -> Result<(), ApiError> {
    diesel::delete(opportunity_skills::table.filter(opportunity_skills::opportunity_id.eq(id)))
        .execute(conn)?;
    diesel::delete(
        opportunity_languages::table.filter(opportunity_languages::opportunity_id.eq(id)),
    )
    .execute(conn)?;
    let mut skills: Vec<(String, &str)> = Vec::new();
    for (list, relation) in [
        (&f.essential_skills, "essential"),
        (&f.optional_skills, "optional"),
        (&f.teaches_skills, "teaches"),
    ] {
        for uri in list {
            if !skills.iter().any(|(u, r)| u == uri && *r == relation) {
                skills.push((uri.clone(), relation));
            }
        }
    }
    for (uri, relation) in skills {
        diesel::insert_into(opportunity_skills::table)
            .values((
                opportunity_skills::opportunity_id.eq(id),
                opportunity_skills::skill_uri.eq(uri),
                opportunity_skills::relation.eq(relation),
            ))
            .execute(conn)?;
    }
    for l in &f.languages {
        diesel::insert_into(opportunity_languages::table)
            .values((
                opportunity_languages::opportunity_id.eq(id),
                opportunity_languages::language.eq(&l.language),
                opportunity_languages::min_level.eq(l.min_level.as_str()),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Inserts an opportunity with its skills and languages; returns its id.
pub fn insert(
    conn: &mut DbConnection,
    org: &str,
    f: &OpportunityFields,
    partner: Option<&str>,
    status: OpportunityStatus,
    created_by: Option<&str>,
) -> Result<String, ApiError> {
    let id = ids::new_id();
    let now = ids::now();
    diesel::insert_into(opportunities::table)
        .values((
            opportunities::id.eq(&id),
            opportunities::organization_id.eq(org),
            Values::of(f, partner),
            opportunities::status.eq(status.as_str()),
            opportunities::created_by.eq(created_by),
            opportunities::created_at.eq(now),
            opportunities::updated_at.eq(now),
            opportunities::opened_at.eq((status == OpportunityStatus::Open).then_some(now)),
            opportunities::version.eq(1),
        ))
        .execute(conn)?;
    write_requirements(conn, &id, f)?;
    Ok(id)
}

/// Writes the changed fields, `status` and the archive mark if the
/// opportunity is still at `version`.
pub fn update(
    conn: &mut DbConnection,
    row: &OpportunityRow,
    version: i32,
    f: &OpportunityFields,
    status: OpportunityStatus,
    archived: bool,
) -> Result<(), ApiError> {
    let now = ids::now();
    let opened_at = match (status, row.opened_at) {
        (OpportunityStatus::Open, None) => Some(now),
        (_, at) => at,
    };
    let archived_at = match (archived, row.archived_at) {
        (true, None) => Some(now),
        (true, at) => at,
        (false, _) => None,
    };
    let n = diesel::update(
        opportunities::table
            .filter(opportunities::id.eq(&row.id))
            .filter(opportunities::version.eq(version)),
    )
    .set((
        Values::of(f, f.partner_user_id.as_deref()),
        opportunities::status.eq(status.as_str()),
        opportunities::opened_at.eq(opened_at),
        opportunities::archived_at.eq(archived_at),
        opportunities::updated_at.eq(now),
        opportunities::version.eq(version + 1),
    ))
    .execute(conn)?;
    if n != 1 {
        return Err(crate::participants::model::version_conflict(version));
    }
    write_requirements(conn, &row.id, f)
}

/// The organisation's opportunity, or 404.
pub fn find(conn: &mut DbConnection, org: &str, id: &str) -> Result<OpportunityRow, ApiError> {
    opportunities::table
        .filter(opportunities::id.eq(id))
        .filter(opportunities::organization_id.eq(org))
        .select(OpportunityRow::as_select())
        .get_result(conn)
        .optional()?
        .ok_or_else(|| ApiError::not_found("no such opportunity"))
}

/// The skills and languages of `ids_`, by opportunity.
pub fn requirements(
    conn: &mut DbConnection,
    ids_: &[String],
) -> Result<HashMap<String, Requirements>, ApiError> {
    let mut out: HashMap<String, Requirements> = HashMap::new();
    let skills: Vec<(String, String, String)> = opportunity_skills::table
        .filter(opportunity_skills::opportunity_id.eq_any(ids_))
        .select((
            opportunity_skills::opportunity_id,
            opportunity_skills::skill_uri,
            opportunity_skills::relation,
        ))
        .order((
            opportunity_skills::opportunity_id,
            opportunity_skills::skill_uri,
        ))
        .load(conn)?;
    for (id, uri, relation) in skills {
        let r = out.entry(id).or_default();
        match relation.as_str() {
            "essential" => r.essential.push(uri),
            "optional" => r.optional.push(uri),
            _ => r.teaches.push(uri),
        }
    }
    let languages: Vec<(String, String, String)> = opportunity_languages::table
        .filter(opportunity_languages::opportunity_id.eq_any(ids_))
        .select((
            opportunity_languages::opportunity_id,
            opportunity_languages::language,
            opportunity_languages::min_level,
        ))
        .order((
            opportunity_languages::opportunity_id,
            opportunity_languages::language,
        ))
        .load(conn)?;
    for (id, language, level) in languages {
        out.entry(id)
            .or_default()
            .languages
            .push(LanguageRequirement {
                language,
                min_level: LanguageLevel::parse(&level).unwrap_or(LanguageLevel::A1),
            });
    }
    Ok(out)
}

/// The skills and languages of one opportunity.
pub fn requirements_of(conn: &mut DbConnection, id: &str) -> Result<Requirements, ApiError> {
    Ok(requirements(conn, &[id.to_string()])?
        .remove(id)
        .unwrap_or_default())
}

/// The views of `rows`: skills labelled in `lang`, languages, and (for a
/// participant) their own applications, in one query each.
pub fn build(
    conn: &mut DbConnection,
    rows: Vec<OpportunityRow>,
    lang: &str,
    participant: Option<&str>,
) -> Result<Vec<Opportunity>, ApiError> {
    let ids_: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
    let mut reqs = requirements(conn, &ids_)?;
    let mut uris: Vec<String> = reqs
        .values()
        .flat_map(|r| r.essential.iter().chain(&r.optional).chain(&r.teaches))
        .cloned()
        .collect();
    uris.sort();
    uris.dedup();
    let concepts: HashMap<String, crate::skills::json::ConceptRef> =
        crate::skills::model::concepts::refs(conn, uris, lang)?
            .into_iter()
            .map(|c| (c.uri.clone(), c))
            .collect();
    let labelled = |list: &[String]| {
        let mut out: Vec<_> = list
            .iter()
            .filter_map(|u| concepts.get(u).cloned())
            .collect();
        out.sort_by_key(|c| c.label.to_lowercase());
        out
    };
    let mut own: HashMap<String, OwnApplication> = HashMap::new();
    if let Some(p) = participant {
        let apps: Vec<(String, String, String)> = applications::table
            .filter(applications::opportunity_id.eq_any(&ids_))
            .filter(applications::participant_id.eq(p))
            .select((
                applications::opportunity_id,
                applications::id,
                applications::state,
            ))
            .load(conn)?;
        for (opportunity, id, state) in apps {
            if let Some(state) = ApplicationState::parse(&state) {
                own.insert(opportunity, OwnApplication { id, state });
            }
        }
    }
    Ok(rows
        .into_iter()
        .map(|r| {
            let req = reqs.remove(&r.id).unwrap_or_default();
            let application = own.remove(&r.id);
            Opportunity {
                kind: r.kind(),
                status: r.status(),
                title: texts::parse(&r.title),
                description: texts::parse(&r.description),
                place: WorkPlace::parse(&r.place).unwrap_or(WorkPlace::OnSite),
                pay_period: r.pay_period.as_deref().and_then(PayPeriod::parse),
                contract_type: r.contract_type.as_deref().and_then(ContractType::parse),
                min_education: r.min_education.as_deref().and_then(EducationLevel::parse),
                essential_skills: labelled(&req.essential),
                optional_skills: labelled(&req.optional),
                teaches_skills: labelled(&req.teaches),
                languages: req.languages,
                created_at: ids::utc(r.created_at),
                updated_at: ids::utc(r.updated_at),
                opened_at: r.opened_at.map(ids::utc),
                archived: r.archived_at.is_some(),
                application,
                id: r.id,
                provider_name: r.provider_name,
                provider_sector: r.provider_sector,
                partner_user_id: r.partner_user_id,
                occupation_uri: r.occupation_uri,
                country: r.country,
                municipality: r.municipality,
                hours_per_week: r.hours_per_week,
                total_hours: r.total_hours,
                starts_on: r.starts_on,
                ends_on: r.ends_on,
                duration_weeks: r.duration_weeks,
                paid: r.paid,
                pay_min_cents: r.pay_min_cents,
                pay_max_cents: r.pay_max_cents,
                pay_currency: r.pay_currency,
                places: r.places,
                deadline: r.deadline,
                version: r.version,
            }
        })
        .collect())
}

/// The view of one opportunity.
pub fn build_one(
    conn: &mut DbConnection,
    row: OpportunityRow,
    lang: &str,
    participant: Option<&str>,
) -> Result<Opportunity, ApiError> {
    build(conn, vec![row], lang, participant)?
        .pop()
        .ok_or_else(|| ApiError::internal("opportunity view"))
}
