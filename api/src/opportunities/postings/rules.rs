//! The opportunity's rules: its status moves, who answers for it, and the
//! checks across fields and against the taxonomy (422 with every field
//! error at once, nothing stored).
//!
//! Status: a new opportunity is `draft` (default) or `open`; then
//! draft → open → closed | filled, and closed → open. `opened_at` is
//! stamped the first time it opens.

use diesel::prelude::*;

use super::json::OpportunityFields;
use crate::codes::{self, OpportunityKind, OpportunityStatus, WorkPlace};
use crate::db::schema::memberships;
use crate::db::DbConnection;
use crate::error::{ApiError, FieldError};
use crate::skills::model::concepts;

/// The most hours an internship may have in all.
pub const INTERNSHIP_MAX_HOURS: i32 = 240;

/// Whether the status may move from `old` (none: a new opportunity) to `new`.
pub fn may_move(old: Option<OpportunityStatus>, new: OpportunityStatus) -> bool {
    use OpportunityStatus::*;
    match old {
        None => matches!(new, Draft | Open),
        Some(o) if o == new => true,
        Some(o) => matches!(
            (o, new),
            (Draft, Open) | (Open, Closed) | (Open, Filled) | (Closed, Open)
        ),
    }
}

/// The status to store, or 422.
pub fn next_status(
    old: Option<OpportunityStatus>,
    asked: Option<OpportunityStatus>,
) -> Result<OpportunityStatus, ApiError> {
    let new = asked.or(old).unwrap_or(OpportunityStatus::Draft);
    if may_move(old, new) {
        Ok(new)
    } else {
        Err(ApiError::field(
            "status",
            "transition",
            match old {
                None => "a new opportunity is `draft` or `open`".to_string(),
                Some(o) => format!(
                    "cannot move from `{}` to `{}` (draft → open → closed or filled; closed → open)",
                    o.as_str(),
                    new.as_str()
                ),
            },
        ))
    }
}

/// The kinds that teach skills.
pub fn teaches(kind: OpportunityKind) -> bool {
    use OpportunityKind::*;
    matches!(
        kind,
        Course | Workshop | Apprenticeship | Traineeship | MentoringProgramme
    )
}

/// Whether `user` is a partner member of `org`.
pub fn is_partner(conn: &mut DbConnection, org: &str, user: &str) -> Result<bool, ApiError> {
    let n: i64 = memberships::table
        .filter(memberships::organization_id.eq(org))
        .filter(memberships::user_id.eq(user))
        .filter(memberships::role.eq("partner"))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

/// The partner a new opportunity answers to: a partner posts as themself;
/// staff name one of the organisation's partner members, or none.
pub fn partner_for(
    conn: &mut DbConnection,
    org: &str,
    own_partner: Option<&str>,
    asked: Option<&str>,
) -> Result<Option<String>, ApiError> {
    match (own_partner, asked) {
        (Some(own), Some(a)) if a != own => Err(ApiError::field(
            "partner_user_id",
            "not_yours",
            "leave it out: you post as yourself",
        )),
        (Some(own), _) => Ok(Some(own.to_string())),
        (None, None) => Ok(None),
        (None, Some(a)) => {
            if is_partner(conn, org, a)? {
                Ok(Some(a.to_string()))
            } else {
                Err(ApiError::field(
                    "partner_user_id",
                    "not_partner",
                    "is not a partner member of this organisation",
                ))
            }
        }
    }
}

fn push(errors: &mut Vec<FieldError>, field: &str, code: &str, message: impl Into<String>) {
    errors.push(FieldError {
        field: field.into(),
        code: code.into(),
        message: message.into(),
    });
}

/// Checks what the field validators cannot: fields that depend on each
/// other, codes, and skills and the occupation against the taxonomy.
pub fn check(conn: &mut DbConnection, f: &OpportunityFields) -> Result<(), ApiError> {
    let mut errors = Vec::new();
    if f.kind == OpportunityKind::Internship {
        match f.total_hours {
            None => push(
                &mut errors,
                "total_hours",
                "required",
                "give the internship's hours in all (at most 240)",
            ),
            Some(h) if h > INTERNSHIP_MAX_HOURS => push(
                &mut errors,
                "total_hours",
                "internship_max",
                format!("an internship has at most {INTERNSHIP_MAX_HOURS} hours in all"),
            ),
            Some(_) => {}
        }
    }
    if let (Some(s), Some(e)) = (f.starts_on, f.ends_on) {
        if e < s {
            push(
                &mut errors,
                "ends_on",
                "before_start",
                "must not be before starts_on",
            );
        }
    }
    if f.paid {
        if let (Some(min), Some(max)) = (f.pay_min_cents, f.pay_max_cents) {
            if min > max {
                push(
                    &mut errors,
                    "pay_min_cents",
                    "above_max",
                    "must not be above pay_max_cents",
                );
            }
        }
    } else {
        for (field, set) in [
            ("pay_min_cents", f.pay_min_cents.is_some()),
            ("pay_max_cents", f.pay_max_cents.is_some()),
            ("pay_period", f.pay_period.is_some()),
        ] {
            if set {
                push(
                    &mut errors,
                    field,
                    "unpaid",
                    "only for paid opportunities (set paid: true)",
                );
            }
        }
    }
    if matches!(f.place, WorkPlace::OnSite | WorkPlace::Hybrid)
        && f.municipality
            .as_deref()
            .is_none_or(|m| m.trim().is_empty())
    {
        push(
            &mut errors,
            "municipality",
            "required",
            "name the municipality of on-site and hybrid work",
        );
    }
    if !codes::countries().contains_key(f.country.to_ascii_uppercase().as_str()) {
        push(
            &mut errors,
            "country",
            "code",
            "must be an ISO 3166-1 alpha-2 country code",
        );
    }
    if !f.teaches_skills.is_empty() && !teaches(f.kind) {
        push(
            &mut errors,
            "teaches_skills",
            "kind",
            "only courses, workshops, apprenticeships, traineeships and mentoring programmes teach skills",
        );
    }
    for uri in &f.essential_skills {
        if f.optional_skills.contains(uri) {
            push(
                &mut errors,
                "optional_skills",
                "also_essential",
                format!("{uri} is already essential"),
            );
        }
    }
    for (field, list) in [
        ("essential_skills", &f.essential_skills),
        ("optional_skills", &f.optional_skills),
        ("teaches_skills", &f.teaches_skills),
    ] {
        for uri in list {
            match concepts::kind_and_status(conn, uri)? {
                None => push(
                    &mut errors,
                    field,
                    "unknown",
                    format!("{uri} is not a skill in the taxonomy"),
                ),
                Some((kind, _)) if kind == "occupation" => push(
                    &mut errors,
                    field,
                    "occupation",
                    format!("{uri} is an occupation, not a skill"),
                ),
                Some(_) => {}
            }
        }
    }
    if let Some(o) = f.occupation_uri.as_deref().filter(|o| !o.trim().is_empty()) {
        if !concepts::is_occupation(conn, o)? {
            push(
                &mut errors,
                "occupation_uri",
                "not_occupation",
                "is not an occupation in the taxonomy",
            );
        }
    }
    let mut seen: Vec<&str> = Vec::new();
    for l in &f.languages {
        if !codes::languages().contains_key(l.language.as_str()) {
            push(
                &mut errors,
                "languages",
                "code",
                format!("{} is not a `languages` code", l.language),
            );
        } else if seen.contains(&l.language.as_str()) {
            push(
                &mut errors,
                "languages",
                "duplicate",
                format!("{} is listed twice", l.language),
            );
        }
        seen.push(&l.language);
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ApiError::Validation(errors))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use OpportunityStatus::*;

    #[test]
    fn status_moves() {
        assert!(may_move(None, Draft));
        assert!(may_move(None, Open));
        assert!(!may_move(None, Closed));
        assert!(may_move(Some(Draft), Open));
        assert!(may_move(Some(Open), Closed));
        assert!(may_move(Some(Open), Filled));
        assert!(may_move(Some(Closed), Open));
        assert!(may_move(Some(Filled), Filled));
        assert!(!may_move(Some(Open), Draft));
        assert!(!may_move(Some(Filled), Open));
        assert!(!may_move(Some(Draft), Closed));
    }
}
