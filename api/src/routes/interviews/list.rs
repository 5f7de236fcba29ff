//! The interview list: filters and paging.

use super::*;

/// Filters and paging of the interview list.
#[derive(Debug, Deserialize, IntoParams, Validate)]
#[into_params(parameter_in = Query)]
pub struct InterviewListQuery {
    pub status: Option<InterviewStatus>,
    /// Scheduled at or after.
    pub from: Option<DateTime<Utc>>,
    /// Scheduled before.
    pub to: Option<DateTime<Utc>>,
    /// Only interviews with this participant.
    #[param(max_length = 64)]
    #[validate(length(max = 64))]
    pub participant_id: Option<String>,
    /// Only interviews with this template (any version).
    #[param(max_length = 64)]
    #[validate(length(max = 64))]
    pub template_id: Option<String>,
    /// 1–100, default 50.
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<i64>,
    #[param(max_length = 200)]
    #[validate(length(max = 200))]
    pub cursor: Option<String>,
    /// `en`, `sl`, `ar`, `uk` or `fa`; overrides `Accept-Language`.
    #[param(max_length = 10)]
    #[validate(length(max = 10))]
    pub lang: Option<String>,
}

/// Interviews, the latest scheduled first. Advisers see the ones they conduct or planned.
#[utoipa::path(
    tag = "interviews",
    operation_id = "list_interviews",
    security(("bearer" = [])),
    params(InterviewListQuery),
    responses(
        (status = 200, description = "A page of interviews", body = Page<Interview>),
        (status = 400, description = "Malformed query", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "This role may not list interviews", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid query", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/interviews")]
pub(super) async fn list_interviews(
    state: web::Data<AppState>,
    actor: Actor,
    req: HttpRequest,
    query: web::Query<InterviewListQuery>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::List, Resource::Interview)?;
    query.validate()?;
    let lang = language(&req, query.lang.as_deref());
    let (limit, after) = pagination::parse(query.limit, query.cursor.as_deref())?;
    let q = query.into_inner();
    let read = audit::ReadEvent::new(&actor, "list", "interview");
    let page = state
        .db(move |conn| {
            let mut sql = interviews::table
                .filter(interviews::organization_id.eq(&actor.organization_id))
                .select(InterviewRow::as_select())
                .into_boxed();
            if !sees_all(&actor) {
                let me = actor.user_id().unwrap_or("").to_string();
                let mine = interviewers::table
                    .filter(interviewers::user_id.eq(me.clone()))
                    .select(interviewers::interview_id);
                sql = sql.filter(
                    interviews::created_by
                        .eq(me)
                        .or(interviews::id.eq_any(mine)),
                );
            }
            if let Some(s) = q.status {
                sql = sql.filter(interviews::status.eq(s.as_str()));
            }
            if let Some(from) = q.from {
                sql = sql.filter(interviews::scheduled_at.ge(from.naive_utc()));
            }
            if let Some(to) = q.to {
                sql = sql.filter(interviews::scheduled_at.lt(to.naive_utc()));
            }
            if let Some(pid) = &q.participant_id {
                let with = attendees::table
                    .filter(attendees::participant_id.eq(pid.clone()))
                    .select(attendees::interview_id);
                sql = sql.filter(interviews::id.eq_any(with));
            }
            if let Some(tid) = &q.template_id {
                let versions = crate::db::schema::interview_template_versions::table
                    .filter(
                        crate::db::schema::interview_template_versions::template_id.eq(tid.clone()),
                    )
                    .select(crate::db::schema::interview_template_versions::id);
                sql = sql.filter(interviews::template_version_id.eq_any(versions));
            }
            if let Some(after) = &after {
                let at: Option<NaiveDateTime> = interviews::table
                    .filter(interviews::id.eq(after))
                    .filter(interviews::organization_id.eq(&actor.organization_id))
                    .select(interviews::scheduled_at)
                    .first(conn)
                    .optional()?;
                let at = at.ok_or_else(|| {
                    ApiError::field("cursor", "invalid", "is not a cursor this server gave out")
                })?;
                sql = sql.filter(
                    interviews::scheduled_at.lt(at).or(interviews::scheduled_at
                        .eq(at)
                        .and(interviews::id.lt(after.clone()))),
                );
            }
            let rows: Vec<InterviewRow> = sql
                .order((interviews::scheduled_at.desc(), interviews::id.desc()))
                .limit(limit + 1)
                .load(conn)?;
            let more = rows.len() as i64 > limit;
            let mut rows = rows;
            rows.truncate(limit as usize);
            let last = rows.last().map(|r| r.id.clone());
            let items = build(conn, rows, lang)?;
            Ok(Page {
                items,
                next_cursor: last.filter(|_| more).map(|id| pagination::encode(&id)),
            })
        })
        .await?;
    state.audit.write(read).await?;
    Ok(HttpResponse::Ok().json(page))
}
