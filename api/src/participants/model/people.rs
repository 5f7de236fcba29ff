//! Participants: the people a programme works with. Rows, validation, who
//! sees which fields (views), pseudonyms, and consent rules.

mod access;
mod validation;
pub use access::*;
pub use validation::*;

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
