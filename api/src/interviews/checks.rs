//! Checking an interview's fields and the people named in them, and the
//! recording consent.

use std::collections::HashSet;

use diesel::prelude::*;

use super::json::InterviewFields;
use crate::auth::Actor;
use crate::codes::{self, ConsentPurpose, InterviewKind};
use crate::db::schema::memberships;
use crate::db::DbConnection;
use crate::error::{ApiError, FieldError};
use crate::participants::access::visible;
use crate::participants::json::ParticipantStatus;
use crate::participants::model::Participant;
use crate::policy::Role;

/// The most people in one interview.
pub const MAX_PARTICIPANTS: usize = 30;

fn language_code(errors: &mut Vec<FieldError>, field: &str, code: &str) {
    if !codes::languages().contains_key(code) {
        errors.push(FieldError {
            field: field.into(),
            code: "language".into(),
            message: "is not a code of the languages code list".into(),
        });
    }
}

fn too_long(errors: &mut Vec<FieldError>, field: &str, value: &Option<String>, max: usize) {
    if value.as_ref().is_some_and(|v| v.chars().count() > max) {
        errors.push(FieldError {
            field: field.into(),
            code: "length".into(),
            message: format!("must be at most {max} characters"),
        });
    }
}

/// Checks the fields and the people named in them; returns the participants.
pub(super) fn check_fields(
    conn: &mut DbConnection,
    actor: &Actor,
    f: &InterviewFields,
    keep: &[String],
) -> Result<Vec<Participant>, ApiError> {
    let mut errors = Vec::new();
    let field = |errors: &mut Vec<FieldError>, name: &str, code: &str, message: &str| {
        errors.push(FieldError {
            field: name.into(),
            code: code.into(),
            message: message.into(),
        })
    };
    if f.duration_minutes.is_some_and(|d| !(5..=600).contains(&d)) {
        field(
            &mut errors,
            "duration_minutes",
            "range",
            "must be 5 to 600 minutes",
        );
    }
    language_code(&mut errors, "language", &f.language);
    if let Some(l) = &f.interpreter_language {
        language_code(&mut errors, "interpreter_language", l);
    }
    too_long(&mut errors, "location", &f.location, 200);
    too_long(&mut errors, "interpreter_name", &f.interpreter_name, 200);
    too_long(&mut errors, "notes", &f.notes, 5000);
    match (f.kind, f.participants.len()) {
        (_, 0) => field(
            &mut errors,
            "participants",
            "required",
            "name at least one participant",
        ),
        (InterviewKind::Individual, n) if n > 1 => field(
            &mut errors,
            "participants",
            "length",
            "an individual interview has one participant; make it a group interview",
        ),
        (InterviewKind::Group, 1) => field(
            &mut errors,
            "participants",
            "length",
            "a group interview has at least two participants",
        ),
        (_, n) if n > MAX_PARTICIPANTS => field(
            &mut errors,
            "participants",
            "length",
            &format!("at most {MAX_PARTICIPANTS} people"),
        ),
        _ => {}
    }
    let mut seen = HashSet::new();
    let mut people = Vec::new();
    for (i, a) in f.participants.iter().enumerate() {
        if let Some(l) = &a.language {
            language_code(&mut errors, &format!("participants[{i}].language"), l);
        }
        if !seen.insert(a.participant_id.as_str()) {
            field(
                &mut errors,
                &format!("participants[{i}].participant_id"),
                "duplicate",
                "is listed twice",
            );
            continue;
        }
        match visible(conn, actor, &a.participant_id) {
            Ok((p, _)) if p.status() == ParticipantStatus::Active || keep.contains(&p.row.id) => {
                people.push(p)
            }
            Ok(_) => field(
                &mut errors,
                &format!("participants[{i}].participant_id"),
                "archived",
                "is archived; restore the person first",
            ),
            Err(_) => field(
                &mut errors,
                &format!("participants[{i}].participant_id"),
                "unknown",
                "is not a participant you can see",
            ),
        }
    }
    let mut staff = HashSet::new();
    for (i, uid) in f.interviewer_ids.iter().enumerate() {
        if !staff.insert(uid.as_str()) {
            field(
                &mut errors,
                &format!("interviewer_ids[{i}]"),
                "duplicate",
                "is listed twice",
            );
            continue;
        }
        let role: Option<String> = memberships::table
            .filter(memberships::organization_id.eq(&actor.organization_id))
            .filter(memberships::user_id.eq(uid))
            .select(memberships::role)
            .first(conn)
            .optional()?;
        match role.as_deref().and_then(Role::parse) {
            Some(Role::Admin | Role::Coordinator | Role::Adviser) => {}
            Some(_) => field(
                &mut errors,
                &format!("interviewer_ids[{i}]"),
                "role",
                "interviewers are admins, coordinators or advisers",
            ),
            None => field(
                &mut errors,
                &format!("interviewer_ids[{i}]"),
                "unknown",
                "is not a member of this organisation",
            ),
        }
    }
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    if f.recorded {
        require_recording_consent(f, &people)?;
    }
    Ok(people)
}

/// Recording needs every present participant's consent: 409 naming who lacks it.
fn require_recording_consent(f: &InterviewFields, people: &[Participant]) -> Result<(), ApiError> {
    let missing: Vec<String> = f
        .participants
        .iter()
        .filter(|a| a.attended)
        .filter_map(|a| people.iter().find(|p| p.row.id == a.participant_id))
        .filter(|p| {
            !p.active_consents
                .contains(&ConsentPurpose::InterviewRecording)
        })
        .map(|p| p.row.id.clone())
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    let names: Vec<String> = missing
        .iter()
        .filter_map(|id| people.iter().find(|p| &p.row.id == id))
        .map(|p| p.row.name.clone().unwrap_or_else(|| p.row.id.clone()))
        .collect();
    Err(ApiError::ConsentMissing {
        detail: format!(
            "recording needs the `interview_recording` consent of everyone present; missing for: {}",
            names.join(", ")
        ),
        participants: missing,
    })
}
