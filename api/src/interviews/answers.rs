//! Answers: saving them as they are entered, reading them, and completing
//! an interview once every required question is answered.

use std::collections::HashSet;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::json::{Answer, AnswerInput};
use super::model::{close, insert_answer, template_of, InterviewRow};
use crate::auth::Actor;
use crate::codes::{ConsentPurpose, InterviewStatus};
use crate::db::schema::{
    interview_answers as answers, interview_participants as attendees, interviews,
    taxonomy_concepts,
};
use crate::db::DbConnection;
use crate::error::{ApiError, FieldError};
use crate::ids;
use crate::interviews::templates::{check_answer, skill_uris, text_in, QuestionType};

/// A stored answer, its value as JSON text.
#[derive(Queryable, Selectable)]
#[diesel(table_name = answers)]
struct AnswerRow {
    participant_id: String,
    question_id: String,
    value: String,
    updated_at: NaiveDateTime,
}

/// The answers saved so far (all participants), by participant and question.
pub(super) fn load_answers(
    conn: &mut DbConnection,
    interview: &str,
) -> Result<Vec<Answer>, ApiError> {
    let rows: Vec<AnswerRow> = answers::table
        .filter(answers::interview_id.eq(interview))
        .order((answers::participant_id.asc(), answers::question_id.asc()))
        .select(AnswerRow::as_select())
        .load(conn)?;
    rows.into_iter()
        .map(|r| {
            Ok(Answer {
                participant_id: r.participant_id,
                question_id: r.question_id,
                value: serde_json::from_str(&r.value).map_err(ApiError::internal)?,
                updated_at: ids::utc(r.updated_at),
            })
        })
        .collect()
}

/// The participants present at an interview, in their order.
pub(super) fn present(conn: &mut DbConnection, interview: &str) -> Result<Vec<String>, ApiError> {
    Ok(attendees::table
        .filter(attendees::interview_id.eq(interview))
        .filter(attendees::attended.eq(true))
        .order(attendees::position.asc())
        .select(attendees::participant_id)
        .load(conn)?)
}

/// Answers change only while the interview is planned (else 409).
fn refuse_closed(row: &InterviewRow) -> Result<(), ApiError> {
    if row.status() == InterviewStatus::Planned {
        Ok(())
    } else {
        Err(ApiError::conflict(
            crate::error::ProblemCode::Conflict,
            format!(
                "the interview is {}; answers can change only while it is planned",
                row.status().as_str()
            ),
        ))
    }
}

/// Checks and saves answers to the interview `row` (all or none): each
/// against its question's type and options, any invalid one refusing the
/// batch with a 422 per field; returns the saved ones (cleared ones left out).
pub(super) fn save(
    conn: &mut DbConnection,
    actor: &Actor,
    row: &InterviewRow,
    input: &[AnswerInput],
) -> Result<Vec<Answer>, ApiError> {
    refuse_closed(row)?;
    let content = template_of(conn, row)?;
    let present = present(conn, &row.id)?;
    let mut errors = Vec::new();
    let mut checked = Vec::new();
    for (i, a) in input.iter().enumerate() {
        let f = |name: &str| format!("answers[{i}].{name}");
        if !present.contains(&a.participant_id) {
            errors.push(FieldError {
                field: f("participant_id"),
                code: "not_present".into(),
                message: "is not a participant present at this interview".into(),
            });
            continue;
        }
        let Some(q) = content.question(&a.question_id) else {
            errors.push(FieldError {
                field: f("question_id"),
                code: "unknown".into(),
                message: "is not a question of this interview's template version".into(),
            });
            continue;
        };
        if a.value.is_null() {
            checked.push((a, None));
            continue;
        }
        match check_answer(q, &a.value) {
            Ok(v) => {
                if q.kind == QuestionType::Skill {
                    let uris = skill_uris(&v);
                    let known: Vec<String> = taxonomy_concepts::table
                        .filter(taxonomy_concepts::uri.eq_any(&uris))
                        .filter(taxonomy_concepts::kind.ne("occupation"))
                        .select(taxonomy_concepts::uri)
                        .load(conn)?;
                    if let Some(bad) = uris.iter().find(|u| !known.contains(u)) {
                        errors.push(FieldError {
                            field: f("value"),
                            code: "unknown_skill".into(),
                            message: format!("`{bad}` is not a skill in the taxonomy"),
                        });
                        continue;
                    }
                }
                checked.push((a, Some(v)))
            }
            Err((code, message)) => errors.push(FieldError {
                field: f("value"),
                code: code.into(),
                message,
            }),
        }
    }
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let people: HashSet<&str> = checked
        .iter()
        .map(|(a, _)| a.participant_id.as_str())
        .collect();
    let mut missing = Vec::new();
    for pid in people {
        let p = crate::participants::model::find(conn, &actor.organization_id, pid)?;
        if !p
            .active_consents
            .contains(&ConsentPurpose::ProfileProcessing)
        {
            missing.push(p.row.id.clone());
        }
    }
    if !missing.is_empty() {
        missing.sort();
        return Err(ApiError::ConsentMissing {
            detail: "saving answers needs the person's `profile_processing` consent".into(),
            participants: missing,
        });
    }
    let now = ids::now();
    let mut out = Vec::new();
    for (a, v) in checked {
        diesel::delete(
            answers::table
                .filter(answers::interview_id.eq(&row.id))
                .filter(answers::participant_id.eq(&a.participant_id))
                .filter(answers::question_id.eq(&a.question_id)),
        )
        .execute(conn)?;
        if let Some(v) = v {
            insert_answer(
                conn,
                &row.id,
                &a.participant_id,
                &a.question_id,
                &v,
                actor.user_id(),
                now,
            )?;
            out.push(Answer {
                participant_id: a.participant_id.clone(),
                question_id: a.question_id.clone(),
                value: v,
                updated_at: ids::utc(now),
            });
        }
    }
    diesel::update(interviews::table.find(&row.id))
        .set(interviews::updated_at.eq(now))
        .execute(conn)?;
    Ok(out)
}

/// Marks the interview `row` at `version` done, once every present
/// participant answered every required question (else 422 per missing answer).
pub(super) fn complete(
    conn: &mut DbConnection,
    row: &InterviewRow,
    version: i32,
) -> Result<(), ApiError> {
    if row.version != version {
        return Err(crate::participants::model::version_conflict(version));
    }
    refuse_closed(row)?;
    let content = template_of(conn, row)?;
    let present = present(conn, &row.id)?;
    if present.is_empty() {
        return Err(ApiError::field(
            "participants",
            "none_present",
            "nobody attended; mark the interview as a no-show instead",
        ));
    }
    let given: HashSet<(String, String)> = answers::table
        .filter(answers::interview_id.eq(&row.id))
        .select((answers::participant_id, answers::question_id))
        .load::<(String, String)>(conn)?
        .into_iter()
        .collect();
    let mut errors = Vec::new();
    for pid in &present {
        for (_, q) in content.questions().filter(|(_, q)| q.required) {
            if !given.contains(&(pid.clone(), q.id.clone())) {
                errors.push(FieldError {
                    field: format!("answers[{pid}].{}", q.id),
                    code: "required".into(),
                    message: format!("“{}” is required", text_in(&q.text, "en")),
                });
            }
        }
    }
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let now = ids::now();
    close(
        conn,
        &row.id,
        InterviewStatus::Done,
        Some(now),
        version + 1,
        now,
    )
}
