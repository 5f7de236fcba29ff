//! The checks a participant's fields pass beyond each field's own format
//! (declared on the types in `json`), the same for the JSON API and the CSV
//! import: dates, rules across fields, consent and links.

use chrono::Datelike;
use validator::Validate;

use super::json::ParticipantFields;
use super::model::{self, Participant};
use crate::codes::{ConsentPurpose, Gender, LegalStatus};
use crate::db::DbConnection;
use crate::error::{ApiError, FieldError, ProblemCode};
use crate::ids;
use crate::policy::Role;

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

/// The profile fields (those needing consent) of a record, for comparison.
pub fn profile_part(f: &ParticipantFields) -> ParticipantFields {
    ParticipantFields {
        name: String::new(),
        name_is_pseudonym: false,
        phone: None,
        whatsapp: None,
        viber: None,
        email: None,
        adviser_id: None,
        mentor_id: None,
        user_id: None,
        notes: None,
        ..f.clone()
    }
}

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
        let role = model::people::member_role(conn, org, id)?;
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
