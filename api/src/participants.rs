//! Participants: the people a programme works with. Rows, validation, who
//! sees which fields (views), pseudonyms, and consent rules.

use chrono::{Datelike, NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::{Validate, ValidationError};

use crate::auth::{Actor, Principal};
use crate::codes::{
    self, ConsentPurpose, EducationLevel, EmploymentState, Gender, InterviewAgeBand, LanguageLevel,
    LegalStatus, Need, Recognition, StayLength, WorkPermit,
};
use crate::db::schema::{
    consents, memberships, participant_languages, participant_needs, participant_qualifications,
    participants,
};
use crate::db::DbConnection;
use crate::error::{ApiError, FieldError, ProblemCode};
use crate::ids;
use crate::policy::Role;

/// Lifecycle of a record.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ParticipantStatus {
    #[default]
    Active,
    Archived,
    Erased,
}

impl ParticipantStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::Archived => "archived",
            Self::Erased => "erased",
        }
    }
    pub fn parse(s: &str) -> Self {
        match s {
            "archived" => Self::Archived,
            "erased" => Self::Erased,
            _ => Self::Active,
        }
    }
}

/// A language the person speaks, with its level.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema, Validate)]
pub struct LanguageSkill {
    /// ISO 639 code from the `languages` code list, e.g. `ar`, `uk`, `prs`.
    #[schema(example = "ar", min_length = 2, max_length = 3)]
    #[validate(custom(function = "language_code"))]
    pub language: String,
    pub level: LanguageLevel,
}

/// A qualification earned in the country of origin or elsewhere.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema, Validate)]
pub struct Qualification {
    #[schema(example = "Diploma in tailoring", min_length = 1, max_length = 200)]
    #[validate(
        length(min = 1, max = 200),
        custom(function = "crate::fields::single_line")
    )]
    pub title: String,
    /// Where it was earned (ISO 3166-1 alpha-2).
    #[schema(example = "SY", min_length = 2, max_length = 2)]
    #[validate(custom(function = "country_code"))]
    pub country: Option<String>,
    #[schema(minimum = 1950, maximum = 2100)]
    #[validate(range(min = 1950, max = 2100))]
    #[serde(default, deserialize_with = "crate::fields::whole_i32_opt")]
    pub year: Option<i32>,
    pub recognition: Recognition,
}

/// Every field of a participant that a client may set. Creating takes it
/// as the body; updating takes a JSON merge patch of it.
#[derive(Clone, Debug, Default, Serialize, Deserialize, ToSchema, Validate)]
pub struct ParticipantFields {
    /// The person's name, or a pseudonym they chose.
    #[schema(example = "Amina Hadžić", min_length = 1, max_length = 200)]
    #[validate(
        length(min = 1, max = 200),
        custom(function = "not_blank"),
        custom(function = "crate::fields::single_line")
    )]
    pub name: String,
    /// `true` when `name` is a pseudonym.
    #[serde(default)]
    pub name_is_pseudonym: bool,
    /// Phone in international form, e.g. `+38640123456`.
    #[schema(example = "+38640123456", pattern = r"^\+[1-9][0-9]{6,14}$")]
    #[validate(custom(function = "phone_number"))]
    pub phone: Option<String>,
    /// WhatsApp number in international form.
    #[schema(pattern = r"^\+[1-9][0-9]{6,14}$")]
    #[validate(custom(function = "phone_number"))]
    pub whatsapp: Option<String>,
    /// Viber number in international form.
    #[schema(pattern = r"^\+[1-9][0-9]{6,14}$")]
    #[validate(custom(function = "phone_number"))]
    pub viber: Option<String>,
    #[schema(
        max_length = 254,
        pattern = r"^[A-Za-z0-9._%+'-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$"
    )]
    #[validate(length(max = 254), custom(function = "crate::fields::email"))]
    pub email: Option<String>,
    pub gender: Option<Gender>,
    /// Only with `gender: self_described`.
    #[schema(min_length = 1, max_length = 100)]
    #[validate(
        length(min = 1, max = 100),
        custom(function = "crate::fields::single_line")
    )]
    pub gender_self_description: Option<String>,
    /// Year of birth; age bands are derived from it.
    #[schema(minimum = 1900, maximum = 2100)]
    #[validate(range(min = 1900, max = 2100))]
    #[serde(default, deserialize_with = "crate::fields::whole_i32_opt")]
    pub birth_year: Option<i32>,
    /// ISO 3166-1 alpha-2, from the `countries` code list.
    #[schema(example = "SY", min_length = 2, max_length = 2)]
    #[validate(custom(function = "country_code"))]
    pub country_of_origin: Option<String>,
    pub legal_status: Option<LegalStatus>,
    /// Only with `legal_status: other`: the status in words, e.g.
    /// "residence permit in process" or "resident artist".
    #[schema(
        example = "residence permit in process",
        min_length = 1,
        max_length = 200
    )]
    #[validate(length(min = 1, max = 200), custom(function = "plain_line"))]
    pub legal_status_detail: Option<String>,
    pub work_permit: Option<WorkPermit>,
    /// The date the permit was granted, or from which the person may work.
    pub work_permit_date: Option<NaiveDate>,
    /// When the person arrived in the host country; length of stay is derived.
    pub arrival_date: Option<NaiveDate>,
    #[schema(example = "Ljubljana", min_length = 1, max_length = 100)]
    #[validate(
        length(min = 1, max = 100),
        custom(function = "crate::fields::single_line")
    )]
    pub municipality: Option<String>,
    pub education_level: Option<EducationLevel>,
    pub employment_state: Option<EmploymentState>,
    #[serde(default)]
    #[schema(max_items = 30)]
    #[validate(length(max = 30), nested)]
    pub languages: Vec<LanguageSkill>,
    #[serde(default)]
    #[schema(max_items = 20)]
    #[validate(length(max = 20))]
    pub needs: Vec<Need>,
    /// Needs not in the list, in the person's words.
    #[schema(min_length = 1, max_length = 500)]
    #[validate(
        length(min = 1, max = 500),
        custom(function = "crate::fields::multi_line")
    )]
    pub needs_other: Option<String>,
    #[serde(default)]
    #[schema(max_items = 20)]
    #[validate(length(max = 20), nested)]
    pub qualifications: Vec<Qualification>,
    /// The adviser (a member with role adviser, coordinator or admin).
    pub adviser_id: Option<String>,
    /// The mentor (a member with role mentor).
    pub mentor_id: Option<String>,
    /// The person's own account (a member with role participant).
    pub user_id: Option<String>,
    /// Advisers' notes; never shown to the person's mentor, partners or analysts.
    #[schema(max_length = 5000)]
    #[validate(length(max = 5000), custom(function = "crate::fields::multi_line"))]
    pub notes: Option<String>,
}

fn not_blank(s: &str) -> Result<(), ValidationError> {
    if s.trim().is_empty() {
        Err(ValidationError::new("blank").with_message("must not be only spaces".into()))
    } else {
        Ok(())
    }
}

/// A short text on one line: not blank and without control characters
/// (no line breaks, tabs or invisible codes that could hide text in a
/// spreadsheet or a log).
pub fn plain_line(s: &str) -> Result<(), ValidationError> {
    not_blank(s)?;
    if s.chars().any(char::is_control) {
        Err(ValidationError::new("control_characters")
            .with_message("must not contain line breaks, tabs or other control characters".into()))
    } else {
        Ok(())
    }
}

fn phone_number(s: &str) -> Result<(), ValidationError> {
    let digits = s.strip_prefix('+').unwrap_or("");
    let ok = (7..=15).contains(&digits.len())
        && digits.chars().all(|c| c.is_ascii_digit())
        && !digits.starts_with('0');
    if ok {
        Ok(())
    } else {
        Err(ValidationError::new("phone")
            .with_message("must be an international number like +38640123456".into()))
    }
}

fn country_code(s: &str) -> Result<(), ValidationError> {
    if codes::countries().contains_key(s) {
        Ok(())
    } else {
        Err(ValidationError::new("country")
            .with_message("must be an ISO 3166-1 code from the countries list, e.g. SY".into()))
    }
}

fn language_code(s: &str) -> Result<(), ValidationError> {
    if codes::languages().contains_key(s) {
        Ok(())
    } else {
        Err(ValidationError::new("language")
            .with_message("must be a code from the languages list, e.g. ar".into()))
    }
}

/// Rules across fields, beyond each field's own.
pub fn validate_fields(f: &ParticipantFields) -> Result<(), ApiError> {
    let mut errors = match f.validate() {
        Ok(()) => Vec::new(),
        Err(e) => crate::error::field_errors(&e, ""),
    };
    let mut err = |field: &str, code: &str, message: &str| {
        errors.push(FieldError {
            field: field.into(),
            code: code.into(),
            message: message.into(),
        })
    };
    let today = ids::now().date();
    if let Some(y) = f.birth_year {
        if y > today.year() {
            err("birth_year", "future", "must not be in the future");
        }
    }
    if let Some(d) = f.arrival_date {
        if d > today {
            err("arrival_date", "future", "must not be in the future");
        }
        if d.year() < 1950 {
            err("arrival_date", "range", "must be 1950 or later");
        }
    }
    if let Some(d) = f.work_permit_date {
        if d.year() < 1950 || d.year() > 2100 {
            err("work_permit_date", "range", "must be between 1950 and 2100");
        }
    }
    if f.legal_status_detail.is_some() && f.legal_status != Some(LegalStatus::Other) {
        err(
            "legal_status_detail",
            "requires_other",
            "only with legal_status other",
        );
    }
    if f.gender_self_description.is_some() && f.gender != Some(Gender::SelfDescribed) {
        err(
            "gender_self_description",
            "requires_self_described",
            "only with gender self_described",
        );
    }
    let mut seen = std::collections::HashSet::new();
    for (i, l) in f.languages.iter().enumerate() {
        if !seen.insert(&l.language) {
            err(
                &format!("languages[{i}].language"),
                "duplicate",
                "each language only once",
            );
        }
    }
    let mut seen = std::collections::HashSet::new();
    for (i, n) in f.needs.iter().enumerate() {
        if !seen.insert(n) {
            err(&format!("needs[{i}]"), "duplicate", "each need only once");
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        errors.sort_by(|a, b| a.field.cmp(&b.field));
        Err(ApiError::Validation(errors))
    }
}

/// Fields that make up a profile and so need the `profile_processing`
/// consent; name and contact channels may be kept without it (they are how
/// the organisation asks for consent in the first place).
pub fn has_profile_data(f: &ParticipantFields) -> bool {
    f.gender.is_some()
        || f.birth_year.is_some()
        || f.country_of_origin.is_some()
        || f.legal_status.is_some()
        || f.legal_status_detail.is_some()
        || f.work_permit.is_some()
        || f.work_permit_date.is_some()
        || f.arrival_date.is_some()
        || f.municipality.is_some()
        || f.education_level.is_some()
        || f.employment_state.is_some()
        || !f.languages.is_empty()
        || !f.needs.is_empty()
        || f.needs_other.is_some()
        || !f.qualifications.is_empty()
}

/// Fields only staff may set (a participant editing their own profile may not).
pub const STAFF_ONLY_FIELDS: &[&str] = &["notes", "adviser_id", "mentor_id", "user_id"];

/// Checks that linked people are members of the organisation with a fitting role.
pub fn check_links(
    conn: &mut DbConnection,
    org: &str,
    f: &ParticipantFields,
) -> Result<(), ApiError> {
    let links: [(&str, &Option<String>, &[Role]); 3] = [
        (
            "adviser_id",
            &f.adviser_id,
            &[Role::Adviser, Role::Coordinator, Role::Admin],
        ),
        ("mentor_id", &f.mentor_id, &[Role::Mentor]),
        ("user_id", &f.user_id, &[Role::Participant]),
    ];
    let mut errors = Vec::new();
    for (field, id, roles) in links {
        let Some(id) = id else { continue };
        let role: Option<String> = memberships::table
            .filter(memberships::organization_id.eq(org))
            .filter(memberships::user_id.eq(id))
            .select(memberships::role)
            .first(conn)
            .optional()?;
        let ok = role
            .as_deref()
            .and_then(Role::parse)
            .is_some_and(|r| roles.contains(&r));
        if !ok {
            let names: Vec<&str> = roles.iter().map(|r| r.as_str()).collect();
            errors.push(FieldError {
                field: field.into(),
                code: "not_a_member".into(),
                message: format!(
                    "must be a member of this organisation with role {}",
                    names.join(" or ")
                ),
            });
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ApiError::Validation(errors))
    }
}

/// The stored row.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = participants)]
pub struct ParticipantRow {
    pub id: String,
    pub organization_id: String,
    pub status: String,
    pub name: Option<String>,
    pub name_is_pseudonym: bool,
    pub phone: Option<String>,
    pub whatsapp: Option<String>,
    pub viber: Option<String>,
    pub email: Option<String>,
    pub gender: Option<String>,
    pub gender_self_description: Option<String>,
    pub birth_year: Option<i32>,
    pub country_of_origin: Option<String>,
    pub legal_status: Option<String>,
    pub legal_status_detail: Option<String>,
    pub work_permit: Option<String>,
    pub work_permit_date: Option<NaiveDate>,
    pub arrival_date: Option<NaiveDate>,
    pub municipality: Option<String>,
    pub education_level: Option<String>,
    pub employment_state: Option<String>,
    pub needs_other: Option<String>,
    pub notes: Option<String>,
    pub adviser_id: Option<String>,
    pub mentor_id: Option<String>,
    pub user_id: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub archived_at: Option<NaiveDateTime>,
    pub erased_at: Option<NaiveDateTime>,
    pub erasure_reason: Option<String>,
    pub version: i32,
}

/// A row with its child rows.
#[derive(Debug, Clone)]
pub struct Participant {
    pub row: ParticipantRow,
    pub languages: Vec<LanguageSkill>,
    pub needs: Vec<Need>,
    pub qualifications: Vec<Qualification>,
    /// Purposes with a consent given and not withdrawn.
    pub active_consents: Vec<ConsentPurpose>,
}

impl Participant {
    pub fn status(&self) -> ParticipantStatus {
        ParticipantStatus::parse(&self.row.status)
    }

    /// The fields as a client would send them (for merge patches).
    pub fn fields(&self) -> ParticipantFields {
        let r = &self.row;
        ParticipantFields {
            name: r.name.clone().unwrap_or_default(),
            name_is_pseudonym: r.name_is_pseudonym,
            phone: r.phone.clone(),
            whatsapp: r.whatsapp.clone(),
            viber: r.viber.clone(),
            email: r.email.clone(),
            gender: r.gender.as_deref().and_then(Gender::parse),
            gender_self_description: r.gender_self_description.clone(),
            birth_year: r.birth_year,
            country_of_origin: r.country_of_origin.clone(),
            legal_status: r.legal_status.as_deref().and_then(LegalStatus::parse),
            legal_status_detail: r.legal_status_detail.clone(),
            work_permit: r.work_permit.as_deref().and_then(WorkPermit::parse),
            work_permit_date: r.work_permit_date,
            arrival_date: r.arrival_date,
            municipality: r.municipality.clone(),
            education_level: r.education_level.as_deref().and_then(EducationLevel::parse),
            employment_state: r
                .employment_state
                .as_deref()
                .and_then(EmploymentState::parse),
            languages: self.languages.clone(),
            needs: self.needs.clone(),
            needs_other: r.needs_other.clone(),
            qualifications: self.qualifications.clone(),
            adviser_id: r.adviser_id.clone(),
            mentor_id: r.mentor_id.clone(),
            user_id: r.user_id.clone(),
            notes: r.notes.clone(),
        }
    }
}

/// Loads participants with their child rows (two queries per child table,
/// whatever the number of participants).
/// Loads the rows of `query` whose `column` is one of `ids`. One id is
/// asked with `=`, a statement the database connection keeps prepared
/// (an `IN (…)` list of varying length is prepared anew each time): reading
/// one person is the most frequent read.
macro_rules! load_by_ids {
    ($conn:expr, $query:expr, $column:expr, $ids:expr) => {
        match $ids.as_slice() {
            [one] => $query.filter($column.eq(one)).load($conn),
            many => $query.filter($column.eq_any(many)).load($conn),
        }
    };
}

pub fn load_many(
    conn: &mut DbConnection,
    rows: Vec<ParticipantRow>,
) -> Result<Vec<Participant>, ApiError> {
    use std::collections::HashMap;
    let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
    let mut langs: HashMap<String, Vec<LanguageSkill>> = HashMap::new();
    let rows_of: Vec<(String, String, String)> = load_by_ids!(
        conn,
        participant_languages::table
            .order((
                participant_languages::participant_id,
                participant_languages::language,
            ))
            .select((
                participant_languages::participant_id,
                participant_languages::language,
                participant_languages::level,
            )),
        participant_languages::participant_id,
        ids
    )?;
    for (pid, language, level) in rows_of {
        if let Some(level) = LanguageLevel::parse(&level) {
            langs
                .entry(pid)
                .or_default()
                .push(LanguageSkill { language, level });
        }
    }
    let mut needs: HashMap<String, Vec<Need>> = HashMap::new();
    let rows_of: Vec<(String, String)> = load_by_ids!(
        conn,
        participant_needs::table
            .order((participant_needs::participant_id, participant_needs::need))
            .select((participant_needs::participant_id, participant_needs::need)),
        participant_needs::participant_id,
        ids
    )?;
    for (pid, need) in rows_of {
        if let Some(n) = Need::parse(&need) {
            needs.entry(pid).or_default().push(n);
        }
    }
    let mut quals: HashMap<String, Vec<Qualification>> = HashMap::new();
    type QualRow = (String, String, Option<String>, Option<i32>, String);
    let rows_of: Vec<QualRow> = load_by_ids!(
        conn,
        participant_qualifications::table
            .order((
                participant_qualifications::participant_id,
                participant_qualifications::position,
            ))
            .select((
                participant_qualifications::participant_id,
                participant_qualifications::title,
                participant_qualifications::country,
                participant_qualifications::year,
                participant_qualifications::recognition,
            )),
        participant_qualifications::participant_id,
        ids
    )?;
    for (pid, title, country, year, recognition) in rows_of {
        let recognition = Recognition::parse(&recognition).unwrap_or(Recognition::NotStarted);
        quals.entry(pid).or_default().push(Qualification {
            title,
            country,
            year,
            recognition,
        });
    }
    let mut active: HashMap<String, Vec<ConsentPurpose>> = HashMap::new();
    let rows_of: Vec<(String, String)> = load_by_ids!(
        conn,
        consents::table
            .filter(consents::withdrawn_at.is_null())
            .select((consents::participant_id, consents::purpose)),
        consents::participant_id,
        ids
    )?;
    for (pid, purpose) in rows_of {
        if let Some(p) = ConsentPurpose::parse(&purpose) {
            let list = active.entry(pid).or_default();
            if !list.contains(&p) {
                list.push(p);
            }
        }
    }
    Ok(rows
        .into_iter()
        .map(|row| Participant {
            languages: langs.remove(&row.id).unwrap_or_default(),
            needs: needs.remove(&row.id).unwrap_or_default(),
            qualifications: quals.remove(&row.id).unwrap_or_default(),
            active_consents: active.remove(&row.id).unwrap_or_default(),
            row,
        })
        .collect())
}

/// One participant of the organisation, or 404.
pub fn find(conn: &mut DbConnection, org: &str, id: &str) -> Result<Participant, ApiError> {
    let row = participants::table
        .filter(participants::organization_id.eq(org))
        .filter(participants::id.eq(id))
        .select(ParticipantRow::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| ApiError::not_found("no such participant"))?;
    load_many(conn, vec![row])?
        .pop()
        .ok_or_else(|| ApiError::not_found("no such participant"))
}

/// Writes the fields of a participant (insert or full update) and replaces
/// its languages, needs and qualifications.
pub fn save(
    conn: &mut DbConnection,
    id: &str,
    org: &str,
    f: &ParticipantFields,
    existing_version: Option<i32>,
) -> Result<(), ApiError> {
    let now = ids::now();
    let opt = |v: &Option<String>| v.as_ref().map(|s| s.trim().to_string());
    let values = (
        participants::name.eq(Some(f.name.trim().to_string())),
        participants::name_is_pseudonym.eq(f.name_is_pseudonym),
        participants::phone.eq(opt(&f.phone)),
        participants::whatsapp.eq(opt(&f.whatsapp)),
        participants::viber.eq(opt(&f.viber)),
        participants::email.eq(f.email.as_ref().map(|e| e.trim().to_lowercase())),
        participants::gender.eq(f.gender.map(|g| g.as_str())),
        participants::gender_self_description.eq(opt(&f.gender_self_description)),
        participants::birth_year.eq(f.birth_year),
        participants::country_of_origin.eq(f.country_of_origin.clone()),
        participants::legal_status.eq(f.legal_status.map(|v| v.as_str())),
        participants::work_permit.eq(f.work_permit.map(|v| v.as_str())),
        participants::work_permit_date.eq(f.work_permit_date),
        participants::arrival_date.eq(f.arrival_date),
        participants::municipality.eq(opt(&f.municipality)),
    );
    let more = (
        participants::education_level.eq(f.education_level.map(|v| v.as_str())),
        participants::employment_state.eq(f.employment_state.map(|v| v.as_str())),
        participants::needs_other.eq(opt(&f.needs_other)),
        participants::legal_status_detail.eq(opt(&f.legal_status_detail)),
        participants::notes.eq(f.notes.clone()),
        participants::adviser_id.eq(f.adviser_id.clone()),
        participants::mentor_id.eq(f.mentor_id.clone()),
        participants::user_id.eq(f.user_id.clone()),
        participants::updated_at.eq(now),
    );
    match existing_version {
        None => {
            diesel::insert_into(participants::table)
                .values((
                    participants::id.eq(id),
                    participants::organization_id.eq(org),
                    participants::status.eq("active"),
                    participants::created_at.eq(now),
                    participants::version.eq(1),
                    values,
                    more,
                ))
                .execute(conn)?;
        }
        Some(version) => {
            let changed = diesel::update(
                participants::table
                    .filter(participants::id.eq(id))
                    .filter(participants::organization_id.eq(org))
                    .filter(participants::version.eq(version)),
            )
            .set((values, more, participants::version.eq(version + 1)))
            .execute(conn)?;
            if changed != 1 {
                return Err(version_conflict(version));
            }
            diesel::delete(
                participant_languages::table.filter(participant_languages::participant_id.eq(id)),
            )
            .execute(conn)?;
            diesel::delete(
                participant_needs::table.filter(participant_needs::participant_id.eq(id)),
            )
            .execute(conn)?;
            diesel::delete(
                participant_qualifications::table
                    .filter(participant_qualifications::participant_id.eq(id)),
            )
            .execute(conn)?;
        }
    }
    for l in &f.languages {
        diesel::insert_into(participant_languages::table)
            .values((
                participant_languages::participant_id.eq(id),
                participant_languages::language.eq(&l.language),
                participant_languages::level.eq(l.level.as_str()),
            ))
            .execute(conn)?;
    }
    for n in &f.needs {
        diesel::insert_into(participant_needs::table)
            .values((
                participant_needs::participant_id.eq(id),
                participant_needs::need.eq(n.as_str()),
            ))
            .execute(conn)?;
    }
    for (i, q) in f.qualifications.iter().enumerate() {
        diesel::insert_into(participant_qualifications::table)
            .values((
                participant_qualifications::id.eq(ids::new_id()),
                participant_qualifications::participant_id.eq(id),
                participant_qualifications::position.eq(i as i32),
                participant_qualifications::title.eq(q.title.trim()),
                participant_qualifications::country.eq(&q.country),
                participant_qualifications::year.eq(q.year),
                participant_qualifications::recognition.eq(q.recognition.as_str()),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Records a consent; returns its id.
pub fn add_consent(
    conn: &mut DbConnection,
    org: &str,
    participant: &str,
    purpose: ConsentPurpose,
    text_version: &str,
    recorded_by: &str,
) -> Result<String, ApiError> {
    let id = ids::new_id();
    diesel::insert_into(consents::table)
        .values((
            consents::id.eq(&id),
            consents::organization_id.eq(org),
            consents::participant_id.eq(participant),
            consents::purpose.eq(purpose.as_str()),
            consents::text_version.eq(text_version.trim()),
            consents::recorded_by.eq(recorded_by),
            consents::given_at.eq(ids::now()),
        ))
        .execute(conn)?;
    Ok(id)
}

pub fn not_blank_reason(s: &str) -> Result<(), ValidationError> {
    not_blank(s)
}

/// Anonymises a person for good: everything that could name or reach them
/// goes; coded fields that reports count stay. Also drops stored answers of
/// idempotent creates, which hold the original record.
pub fn erase(conn: &mut DbConnection, p: &Participant, reason: &str) -> Result<(), ApiError> {
    use crate::db::schema::idempotency_keys;
    let now = ids::now();
    let arrival_year = p
        .row
        .arrival_date
        .and_then(|d| NaiveDate::from_ymd_opt(d.year(), 1, 1));
    diesel::update(participants::table.find(&p.row.id))
        .set((
            (
                participants::status.eq("erased"),
                participants::name.eq(None::<String>),
                participants::name_is_pseudonym.eq(false),
                participants::phone.eq(None::<String>),
                participants::whatsapp.eq(None::<String>),
                participants::viber.eq(None::<String>),
                participants::email.eq(None::<String>),
                participants::gender_self_description.eq(None::<String>),
                participants::work_permit_date.eq(None::<NaiveDate>),
                participants::arrival_date.eq(arrival_year),
                participants::municipality.eq(None::<String>),
                participants::needs_other.eq(None::<String>),
                participants::legal_status_detail.eq(None::<String>),
            ),
            (
                participants::notes.eq(None::<String>),
                participants::adviser_id.eq(None::<String>),
                participants::mentor_id.eq(None::<String>),
                participants::user_id.eq(None::<String>),
                participants::erased_at.eq(Some(now)),
                participants::erasure_reason.eq(Some(reason)),
                participants::updated_at.eq(now),
                participants::version.eq(p.row.version + 1),
            ),
        ))
        .execute(conn)?;
    diesel::update(
        participant_qualifications::table
            .filter(participant_qualifications::participant_id.eq(&p.row.id)),
    )
    .set(participant_qualifications::title.eq("—"))
    .execute(conn)?;
    diesel::delete(
        idempotency_keys::table.filter(idempotency_keys::response.like(format!("%{}%", p.row.id))),
    )
    .execute(conn)?;
    // Interview answers can name or describe the person: they go, and so
    // does the person's place in the interviews (the interviews stay).
    {
        use crate::db::schema::{interview_answers, interview_participants};
        diesel::delete(
            interview_answers::table.filter(interview_answers::participant_id.eq(&p.row.id)),
        )
        .execute(conn)?;
        diesel::delete(
            interview_participants::table
                .filter(interview_participants::participant_id.eq(&p.row.id)),
        )
        .execute(conn)?;
    }
    // Nothing is processed for an erased person any more.
    diesel::update(
        consents::table
            .filter(consents::participant_id.eq(&p.row.id))
            .filter(consents::withdrawn_at.is_null()),
    )
    .set((
        consents::withdrawn_at.eq(Some(now)),
        consents::withdrawn_by.eq(Some("erasure")),
    ))
    .execute(conn)?;
    Ok(())
}

pub fn version_conflict(version: i32) -> ApiError {
    ApiError::conflict(
        ProblemCode::VersionConflict,
        format!(
            "the record changed since version {version}; reload it and apply your change again"
        ),
    )
}

/// Refuses processing that needs a consent the person has not given (or withdrew).
pub fn require_consent(p: &Participant, purpose: ConsentPurpose) -> Result<(), ApiError> {
    if p.active_consents.contains(&purpose) {
        Ok(())
    } else {
        Err(consent_missing(purpose))
    }
}

pub fn consent_missing(purpose: ConsentPurpose) -> ApiError {
    ApiError::conflict(
        ProblemCode::ConsentRequired,
        format!(
            "this needs the person's consent `{}`, which is missing or withdrawn",
            purpose.as_str()
        ),
    )
}

/// Which fields a caller sees.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum View {
    /// Everything (admin, coordinator, the assigned adviser).
    Full,
    /// No legal status, country of origin, contacts or notes (other advisers).
    Limited,
    /// The person's own profile, without advisers' notes.
    Own,
    /// Name and languages (the person's mentor).
    Mentee,
    /// What the person agreed to share with partners.
    Shared,
    /// The pseudonym as the only identifier, coded fields in bands,
    /// k-anonymous; no name, contacts, notes, dates or links (analysts, API keys).
    Pseudonymised,
    /// Archived or erased since `updated_since`: only id, status and time
    /// (for analysts and API keys: only pseudonym and status).
    #[default]
    Tombstone,
}

/// The view this actor has of this participant, or `None` when it may not
/// see the participant at all (then it looks absent: 404).
pub fn view_for(actor: &Actor, p: &Participant) -> Option<View> {
    let user = actor.user_id();
    if matches!(actor.principal, Principal::ApiKey { .. }) {
        return Some(View::Pseudonymised);
    }
    match actor.role {
        Role::Admin | Role::Coordinator => Some(View::Full),
        Role::Adviser if p.row.adviser_id.as_deref() == user => Some(View::Full),
        Role::Adviser => Some(View::Limited),
        Role::Participant if p.row.user_id.as_deref() == user && user.is_some() => Some(View::Own),
        Role::Mentor if p.row.mentor_id.as_deref() == user && user.is_some() => Some(View::Mentee),
        Role::Partner if p.active_consents.contains(&ConsentPurpose::PartnerSharing) => {
            Some(View::Shared)
        }
        Role::Analyst => Some(View::Pseudonymised),
        _ => None,
    }
}

/// Whether this actor sees participants only pseudonymised (analysts and
/// API keys): then the pseudonym is its only way to name a person, and a
/// real id must not be a way in.
pub fn pseudonymised(actor: &Actor) -> bool {
    matches!(actor.principal, Principal::ApiKey { .. }) || actor.role == Role::Analyst
}

/// Whether `s` has the shape of a pseudonym (`P-` and ten letters or digits).
pub fn looks_like_pseudonym(s: &str) -> bool {
    s.strip_prefix("P-")
        .is_some_and(|c| c.len() == 10 && c.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// The quasi-identifiers of a pseudonymised record: the fields that, put
/// together, could single a person out. In the order k-anonymity gives
/// them up when two choices protect equally well (the most identifying and
/// least used in reports first).
pub const QUASI_IDENTIFIERS: [&str; 12] = [
    "municipality",
    "country_of_origin",
    "qualifications",
    "languages",
    "needs",
    "employment_state",
    "work_permit",
    "education_level",
    "legal_status",
    "stay_length",
    "age_band",
    "gender",
];

/// A person's values of [`QUASI_IDENTIFIERS`] as a pseudonymised record
/// shows them (bands, not dates; qualifications without titles or years),
/// one comparable string each; `None` when not recorded.
pub fn quasi_identifiers(p: &Participant, today: NaiveDate) -> Vec<Option<String>> {
    let r = &p.row;
    let list = |v: Vec<String>| (!v.is_empty()).then(|| v.join("|"));
    QUASI_IDENTIFIERS
        .iter()
        .map(|name| match *name {
            // Compared exactly as shown, so that one group shows one spelling.
            "municipality" => r.municipality.clone(),
            "country_of_origin" => r.country_of_origin.clone(),
            "qualifications" => {
                let mut q: Vec<String> = p
                    .qualifications
                    .iter()
                    .map(|q| {
                        format!(
                            "{}:{}",
                            q.country.as_deref().unwrap_or(""),
                            q.recognition.as_str()
                        )
                    })
                    .collect();
                q.sort();
                list(q)
            }
            "languages" => {
                let mut l: Vec<String> = p
                    .languages
                    .iter()
                    .map(|l| format!("{}:{}", l.language, l.level.as_str()))
                    .collect();
                l.sort();
                list(l)
            }
            "needs" => {
                let mut n: Vec<String> = p.needs.iter().map(|n| n.as_str().to_string()).collect();
                n.sort();
                list(n)
            }
            "employment_state" => r.employment_state.clone(),
            "work_permit" => r.work_permit.clone(),
            "education_level" => r.education_level.clone(),
            "legal_status" => r.legal_status.clone(),
            "stay_length" => r
                .arrival_date
                .map(|d| stay_length(d, today).as_str().to_string()),
            "age_band" => r
                .birth_year
                .map(|y| age_band(y, today).as_str().to_string()),
            "gender" => r.gender.clone(),
            _ => None,
        })
        .collect()
}

/// The age band of a person born in `birth_year`, on `today`: the bands the
/// interview analysis uses, so that a pseudonymised record and a report
/// never cut ages two ways (which would narrow a person down between them).
pub fn age_band(birth_year: i32, today: NaiveDate) -> InterviewAgeBand {
    match today.year() - birth_year {
        i32::MIN..=17 => InterviewAgeBand::Under18,
        18..=25 => InterviewAgeBand::From18To25,
        26..=35 => InterviewAgeBand::From26To35,
        36..=45 => InterviewAgeBand::From36To45,
        46..=55 => InterviewAgeBand::From46To55,
        _ => InterviewAgeBand::Over55,
    }
}

/// The length-of-stay band of a person who arrived on `arrival`, on
/// `today` (the bands of the interview analysis).
pub fn stay_length(arrival: NaiveDate, today: NaiveDate) -> StayLength {
    match months_between(arrival, today) {
        i32::MIN..=2 => StayLength::Under3Months,
        3..=11 => StayLength::From3To12Months,
        12..=35 => StayLength::From1To3Years,
        36..=59 => StayLength::From3To5Years,
        _ => StayLength::Over5Years,
    }
}

/// Whole months between two dates.
pub fn months_between(from: NaiveDate, to: NaiveDate) -> i32 {
    let months = (to.year() - from.year()) * 12 + to.month() as i32 - from.month() as i32;
    if to.day() < from.day() {
        (months - 1).max(0)
    } else {
        months.max(0)
    }
}

/// A stable pseudonym for `participant` as seen by `actor_id` in `org`:
/// the same every time for the same key, unlinkable between keys.
pub fn pseudonym(secret: &[u8], org: &str, actor_id: &str, participant: &str) -> String {
    crate::disclosure::microdata::participant_pseudonym(secret, org, actor_id, participant)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    #[test]
    fn age_bands_and_length_of_stay_are_derived() {
        let today = date(2026, 11, 24);
        assert_eq!(age_band(2010, today), InterviewAgeBand::Under18);
        assert_eq!(age_band(2001, today), InterviewAgeBand::From18To25);
        assert_eq!(age_band(2000, today), InterviewAgeBand::From26To35);
        assert_eq!(age_band(1950, today), InterviewAgeBand::Over55);
        assert_eq!(
            stay_length(date(2026, 9, 1), today),
            StayLength::Under3Months
        );
        assert_eq!(
            stay_length(date(2025, 11, 24), today),
            StayLength::From1To3Years
        );
        assert_eq!(stay_length(date(2016, 1, 1), today), StayLength::Over5Years);
        assert_eq!(months_between(date(2025, 11, 25), today), 11);
        assert_eq!(months_between(date(2025, 11, 24), today), 12);
        assert_eq!(months_between(date(2027, 1, 1), today), 0);
    }

    #[test]
    fn pseudonyms_are_stable_per_key_and_differ_between_keys() {
        let a = pseudonym(b"secret", "org", "key-1", "p-1");
        assert_eq!(a, pseudonym(b"secret", "org", "key-1", "p-1"));
        assert_ne!(a, pseudonym(b"secret", "org", "key-2", "p-1"));
        assert_ne!(a, pseudonym(b"secret", "org", "key-1", "p-2"));
        assert!(a.starts_with("P-") && a.len() == 12);
    }

    #[test]
    fn phones_are_international() {
        assert!(phone_number("+38640123456").is_ok());
        assert!(phone_number("040123456").is_err());
        assert!(phone_number("+0123456789").is_err());
        assert!(phone_number("+386 40 123 456").is_err());
    }
}
