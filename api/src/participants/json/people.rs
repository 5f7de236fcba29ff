//! A person's fields as clients send them, the view a caller gets back
//! (fields it may not see are absent), the bodies of create, update,
//! archive and restore, and the format of each field.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::{Validate, ValidationError};

use super::consents::ConsentInput;
use crate::codes::{
    self, ConsentPurpose, EducationLevel, EmploymentState, Gender, LanguageLevel, LegalStatus,
    Need, Recognition, WorkPermit,
};

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

macro_rules! view_struct {
    ($($(#[$m:meta])* $field:ident: $ty:ty),+ $(,)?) => {
        /// A participant as the caller may see it: fields it may not see are
        /// absent (see `view`), as are empty ones.
        #[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
        pub struct ParticipantView {
            /// The participant's id; absent in pseudonymised views and their
            /// tombstones, where `pseudonym` is the only identifier.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub id: Option<String>,
            pub status: ParticipantStatus,
            /// Which set of fields this is.
            pub view: View,
            /// When the record last changed; absent in pseudonymised views (a
            /// time shared by every key would link their pseudonyms).
            #[serde(
                default,
                skip_serializing_if = "Option::is_none",
                serialize_with = "crate::ids::rfc3339_option"
            )]
            pub updated_at: Option<DateTime<Utc>>,
            $($(#[$m])* #[serde(default, skip_serializing_if = "Option::is_none")] pub $field: Option<$ty>,)+
        }
    };
}

view_struct! {
    /// Send it back with a change; a stale one answers 409. Absent in
    /// pseudonymised views (a counter shared by every key would link them).
    version: i32,
    /// For pseudonymised views (and their tombstones): the only identifier,
    /// stable for this organisation and API key (or analyst), unlinkable
    /// between keys. `GET /participants/{id}` takes it as the `id`.
    #[schema(example = "P-7KQ2M9XW4C")]
    pseudonym: String,
    name: String,
    name_is_pseudonym: bool,
    phone: String,
    whatsapp: String,
    viber: String,
    email: String,
    gender: Gender,
    gender_self_description: String,
    birth_year: i32,
    /// Derived from the birth year: the bands of the interview analysis.
    age_band: codes::InterviewAgeBand,
    country_of_origin: String,
    legal_status: LegalStatus,
    /// With `legal_status: other`, the status in words (staff and the person only).
    legal_status_detail: String,
    work_permit: WorkPermit,
    work_permit_date: NaiveDate,
    arrival_date: NaiveDate,
    /// Whole months since arrival (not in pseudonymised views).
    length_of_stay_months: i32,
    /// Length of stay since arrival: the bands of the interview analysis.
    stay_length: codes::StayLength,
    municipality: String,
    education_level: codes::EducationLevel,
    employment_state: codes::EmploymentState,
    languages: Vec<LanguageSkill>,
    needs: Vec<Need>,
    needs_other: String,
    qualifications: Vec<Qualification>,
    adviser_id: String,
    mentor_id: String,
    user_id: String,
    notes: String,
    /// Purposes the person has consented to (and not withdrawn).
    consents: Vec<ConsentPurpose>,
    created_at: DateTime<Utc>,
    archived_at: DateTime<Utc>,
    /// In pseudonymised views: the fields left out so that every combination
    /// of the fields shown is shared by at least `SKUPAJ_SUPPRESSION_THRESHOLD`
    /// people of the organisation (k-anonymity); a field absent and not
    /// listed here is not recorded.
    #[schema(example = json!(["municipality", "country_of_origin"]))]
    withheld: Vec<String>,
}

/// A new participant: their fields and the consents they gave while being registered.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CreateParticipantRequest {
    #[serde(flatten)]
    pub fields: ParticipantFields,
    /// Consents given now. Profile fields beyond name and contacts need `profile_processing`.
    #[serde(default)]
    #[schema(max_items = 4)]
    pub consents: Vec<ConsentInput>,
}

/// A merge patch of a participant's fields, with the version it is based on.
#[derive(Debug, Deserialize, ToSchema)]
pub struct UpdateParticipantRequest {
    /// The `version` the change is based on.
    #[schema(minimum = 1)]
    pub version: i32,
    #[serde(flatten)]
    pub fields: PatchFields,
}

/// Any subset of the participant's fields; `null` clears one.
#[derive(Debug, Deserialize, ToSchema)]
pub struct PatchFields {
    #[schema(min_length = 1, max_length = 200)]
    pub name: Option<String>,
    pub name_is_pseudonym: Option<bool>,
    pub phone: Option<String>,
    pub whatsapp: Option<String>,
    pub viber: Option<String>,
    pub email: Option<String>,
    pub gender: Option<Gender>,
    pub gender_self_description: Option<String>,
    pub birth_year: Option<i32>,
    pub country_of_origin: Option<String>,
    pub legal_status: Option<LegalStatus>,
    #[schema(min_length = 1, max_length = 200)]
    pub legal_status_detail: Option<String>,
    pub work_permit: Option<WorkPermit>,
    pub work_permit_date: Option<NaiveDate>,
    pub arrival_date: Option<NaiveDate>,
    pub municipality: Option<String>,
    pub education_level: Option<codes::EducationLevel>,
    pub employment_state: Option<codes::EmploymentState>,
    pub languages: Option<Vec<LanguageSkill>>,
    pub needs: Option<Vec<Need>>,
    pub needs_other: Option<String>,
    pub qualifications: Option<Vec<Qualification>>,
    pub adviser_id: Option<String>,
    pub mentor_id: Option<String>,
    pub user_id: Option<String>,
    pub notes: Option<String>,
}

/// The version a state change is based on.
#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct VersionRequest {
    #[schema(minimum = 1)]
    #[validate(range(min = 1))]
    #[serde(deserialize_with = "crate::fields::whole_i32")]
    pub version: i32,
}

/// Whether `s` has the shape of a pseudonym (`P-` and ten letters or digits).
pub fn looks_like_pseudonym(s: &str) -> bool {
    s.strip_prefix("P-")
        .is_some_and(|c| c.len() == 10 && c.bytes().all(|b| b.is_ascii_alphanumeric()))
}

// The formats of single fields, named by the `validate` attributes above
// (rules across fields are in `validation`).

pub(super) fn not_blank(s: &str) -> Result<(), ValidationError> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_are_international() {
        assert!(phone_number("+38640123456").is_ok());
        assert!(phone_number("040123456").is_err());
        assert!(phone_number("+0123456789").is_err());
        assert!(phone_number("+386 40 123 456").is_err());
    }
}
