//! Answers: saving them as they are entered, reading them, and completing
//! an interview once every required question is answered.

use super::*;

/// One stored answer.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Answer {
    pub participant_id: String,
    pub question_id: String,
    /// Shaped by the question's type (see `QuestionType`).
    pub value: Value,
    pub updated_at: DateTime<Utc>,
}

/// An answer to save; `value: null` clears it.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct AnswerInput {
    pub participant_id: String,
    pub question_id: String,
    pub value: Value,
}

/// Answers to save together (all or none).
#[derive(Debug, Deserialize, ToSchema)]
pub struct SaveAnswersRequest {
    /// 1 to 500 answers.
    #[schema(min_items = 1, max_items = 500)]
    pub answers: Vec<AnswerInput>,
}

/// The answers saved so far (all participants).
#[utoipa::path(
    tag = "interviews",
    operation_id = "list_interview_answers",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The interview's id")),
    responses(
        (status = 200, description = "The answers", body = Vec<Answer>),
        (status = 403, description = "This role may not read interviews", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such interview visible to you", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/interviews/{id}/answers")]
pub(super) async fn list_answers(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::Read, Resource::Interview)?;
    let id = id.into_inner();
    let read = audit::ReadEvent::new(&actor, "list", "interview_answer");
    let (interview, list) = state
        .db(move |conn| {
            let row = find(conn, &actor, &id)?;
            Ok((row.id.clone(), load_answers(conn, &row.id)?))
        })
        .await?;
    state.audit.write(read.of(interview)).await?;
    Ok(HttpResponse::Ok().json(list))
}

pub(super) fn load_answers(
    conn: &mut DbConnection,
    interview: &str,
) -> Result<Vec<Answer>, ApiError> {
    let rows: Vec<(String, String, String, NaiveDateTime)> = answers::table
        .filter(answers::interview_id.eq(interview))
        .order((answers::participant_id.asc(), answers::question_id.asc()))
        .select((
            answers::participant_id,
            answers::question_id,
            answers::value,
            answers::updated_at,
        ))
        .load(conn)?;
    rows.into_iter()
        .map(|(participant_id, question_id, value, at)| {
            Ok(Answer {
                participant_id,
                question_id,
                value: serde_json::from_str(&value).map_err(ApiError::internal)?,
                updated_at: ids::utc(at),
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

pub(super) fn template_of(
    conn: &mut DbConnection,
    row: &InterviewRow,
) -> Result<TemplateContent, ApiError> {
    Ok(
        templates::load_version_by_id(conn, &row.organization_id, &row.template_version_id)?
            .content,
    )
}

pub(super) fn refuse_closed(row: &InterviewRow) -> Result<(), ApiError> {
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

/// Saves answers as they are entered (a PUT per field or a batch). Each is
/// checked against its question's type and options; any invalid answer
/// refuses the whole batch with a 422 per field.
#[utoipa::path(
    tag = "interviews",
    operation_id = "save_interview_answers",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The interview's id")),
    request_body = SaveAnswersRequest,
    responses(
        (status = 200, description = "The saved answers (cleared ones left out)", body = Vec<Answer>),
        (status = 403, description = "This role may not change interviews", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such interview visible to you", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The interview is no longer planned, or a participant has no profile consent", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/interviews/{id}/answers")]
pub(super) async fn save_answers(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<String>,
    body: ApiJson<SaveAnswersRequest>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::Update, Resource::Interview)?;
    let input = body.into_inner().answers;
    if input.is_empty() || input.len() > 500 {
        return Err(ApiError::field(
            "answers",
            "length",
            "send 1 to 500 answers",
        ));
    }
    let id = id.into_inner();
    let saved = state
        .db(move |conn| {
            conn.transaction(|conn| {
                let row = find(conn, &actor, &id)?;
                refuse_closed(&row)?;
                let content = template_of(conn, &row)?;
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
                            message: "is not a question of this interview's template version"
                                .into(),
                        });
                        continue;
                    };
                    if a.value.is_null() {
                        checked.push((a, None));
                        continue;
                    }
                    match questionnaires::check_answer(q, &a.value) {
                        Ok(v) => {
                            if q.kind == QuestionType::Skill {
                                let uris = questionnaires::skill_uris(&v);
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
                    let p = model::find(conn, &actor.organization_id, pid)?;
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
                        detail: "saving answers needs the person's `profile_processing` consent"
                            .into(),
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
                        diesel::insert_into(answers::table)
                            .values((
                                answers::interview_id.eq(&row.id),
                                answers::participant_id.eq(&a.participant_id),
                                answers::question_id.eq(&a.question_id),
                                answers::value.eq(v.to_string()),
                                answers::updated_by.eq(actor.user_id()),
                                answers::updated_at.eq(now),
                            ))
                            .execute(conn)?;
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
                audit::record(conn, &actor, "update", "interview_answer", Some(&row.id))?;
                Ok(out)
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(saved))
}

/// The interview's version, to complete it.
#[derive(Debug, Deserialize, ToSchema)]
pub struct CompleteRequest {
    #[schema(minimum = 1)]
    #[serde(deserialize_with = "crate::fields::whole_i32")]
    pub version: i32,
}

/// Marks the interview done. Every present participant must have answered
/// every required question: otherwise 422 with one error per missing
/// answer, as `answers[<participant id>].<question id>`.
#[utoipa::path(
    tag = "interviews",
    operation_id = "complete_interview",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The interview's id"), LangQuery),
    request_body = CompleteRequest,
    responses(
        (status = 200, description = "Done", body = Interview),
        (status = 403, description = "This role may not change interviews", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such interview visible to you", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Stale version, or not planned", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/interviews/{id}/complete")]
pub(super) async fn complete_interview(
    state: web::Data<AppState>,
    actor: Actor,
    req: HttpRequest,
    id: web::Path<String>,
    query: web::Query<LangQuery>,
    body: ApiJson<CompleteRequest>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::Update, Resource::Interview)?;
    query.validate()?;
    let lang = language(&req, query.lang.as_deref());
    let version = body.into_inner().version;
    let id = id.into_inner();
    let view = state
        .db(move |conn| {
            conn.transaction(|conn| {
                let row = find(conn, &actor, &id)?;
                if row.version != version {
                    return Err(model::version_conflict(version));
                }
                refuse_closed(&row)?;
                let content = template_of(conn, &row)?;
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
                                message: format!(
                                    "“{}” is required",
                                    questionnaires::text_in(&q.text, "en")
                                ),
                            });
                        }
                    }
                }
                if !errors.is_empty() {
                    return Err(ApiError::Validation(errors));
                }
                let now = ids::now();
                diesel::update(interviews::table.find(&row.id))
                    .set((
                        interviews::status.eq("done"),
                        interviews::completed_at.eq(Some(now)),
                        interviews::updated_at.eq(now),
                        interviews::version.eq(version + 1),
                    ))
                    .execute(conn)?;
                audit::record(conn, &actor, "complete", "interview", Some(&row.id))?;
                let row = find(conn, &actor, &row.id)?;
                build_one(conn, row, lang)
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(view))
}
