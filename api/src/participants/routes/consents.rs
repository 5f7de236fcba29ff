//! A person's consents: listing, recording and withdrawing them.

use super::*;

/// A consent record.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Consent {
    pub id: String,
    pub purpose: ConsentPurpose,
    pub text_version: String,
    /// The user (or API key) who recorded it.
    pub recorded_by: String,
    pub given_at: DateTime<Utc>,
    pub withdrawn_at: Option<DateTime<Utc>>,
    pub withdrawn_by: Option<String>,
    /// Given and not withdrawn.
    pub active: bool,
}

pub(super) type ConsentRow = (
    String,
    String,
    String,
    String,
    chrono::NaiveDateTime,
    Option<chrono::NaiveDateTime>,
    Option<String>,
);

pub(super) fn consent_from(r: ConsentRow) -> Consent {
    Consent {
        active: r.5.is_none(),
        id: r.0,
        purpose: ConsentPurpose::parse(&r.1).unwrap_or(ConsentPurpose::ProfileProcessing),
        text_version: r.2,
        recorded_by: r.3,
        given_at: ids::utc(r.4),
        withdrawn_at: r.5.map(ids::utc),
        withdrawn_by: r.6,
    }
}

pub(super) fn consent_columns() -> (
    consents::id,
    consents::purpose,
    consents::text_version,
    consents::recorded_by,
    consents::given_at,
    consents::withdrawn_at,
    consents::withdrawn_by,
) {
    (
        consents::id,
        consents::purpose,
        consents::text_version,
        consents::recorded_by,
        consents::given_at,
        consents::withdrawn_at,
        consents::withdrawn_by,
    )
}

/// Consent management is for staff who see the person, and the person themself.
pub(super) fn consent_view(
    conn: &mut DbConnection,
    actor: &Actor,
    id: &str,
) -> Result<Participant, ApiError> {
    let (p, view) = visible(conn, actor, id)?;
    if !matches!(view, View::Full | View::Limited | View::Own) {
        return Err(ApiError::forbidden(
            "you may not see or record this person's consents",
        ));
    }
    Ok(p)
}

/// A participant's consents, given and withdrawn, newest first.
#[utoipa::path(
    tag = "participants",
    operation_id = "list_consents",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The participant's id")),
    responses(
        (status = 200, description = "The consents", body = Vec<Consent>),
        (status = 403, description = "This role may not see consents", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such participant visible to you", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/participants/{id}/consents")]
pub(super) async fn list_consents(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::List, Resource::Consent)?;
    let id = id.into_inner();
    let read = audit::ReadEvent::new(&actor, "list", "consent");
    let (person, list) = state
        .db(move |conn| {
            let p = consent_view(conn, &actor, &id)?;
            let rows: Vec<ConsentRow> = consents::table
                .filter(consents::participant_id.eq(&p.row.id))
                .order(consents::id.desc())
                .select(consent_columns())
                .load(conn)?;
            Ok((
                p.row.id.clone(),
                rows.into_iter().map(consent_from).collect::<Vec<_>>(),
            ))
        })
        .await?;
    state.audit.write(read.of(person)).await?;
    Ok(HttpResponse::Ok().json(list))
}

/// Records a consent the person gave.
#[utoipa::path(
    tag = "participants",
    operation_id = "record_consent",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The participant's id")),
    request_body = ConsentInput,
    responses(
        (status = 201, description = "Recorded", body = Consent),
        (status = 403, description = "This role may not record consents", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such participant visible to you", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "That consent is already given", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/participants/{id}/consents")]
pub(super) async fn record_consent(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<String>,
    body: ApiJson<ConsentInput>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::Create, Resource::Consent)?;
    body.validate()?;
    let input = body.into_inner();
    let id = id.into_inner();
    let consent = state
        .db(move |conn| {
            conn.transaction(|conn| {
                let p = consent_view(conn, &actor, &id)?;
                if p.active_consents.contains(&input.purpose) {
                    return Err(ApiError::conflict(
                        ProblemCode::Conflict,
                        "this consent is already given",
                    ));
                }
                let by = actor.audit_identity().1.to_string();
                let consent_id =
                    insert_consent(conn, &actor.organization_id, &p.row.id, &input, &by)?;
                touch(conn, &p.row.id)?;
                audit::record(conn, &actor, "create", "consent", Some(&p.row.id))?;
                let row: ConsentRow = consents::table
                    .find(&consent_id)
                    .select(consent_columns())
                    .first(conn)?;
                Ok(consent_from(row))
            })
        })
        .await?;
    Ok(HttpResponse::Created().json(consent))
}

/// Marks a participant changed (for incremental pulls).
pub(super) fn touch(conn: &mut DbConnection, id: &str) -> Result<(), ApiError> {
    diesel::update(participants::table.find(id))
        .set((
            participants::updated_at.eq(ids::now()),
            participants::version.eq(participants::version + 1),
        ))
        .execute(conn)?;
    Ok(())
}

/// Records that the person withdrew a consent. What needed it stops at once.
#[utoipa::path(
    tag = "participants",
    operation_id = "withdraw_consent",
    security(("bearer" = [])),
    params(
        ("id" = String, Path, description = "The participant's id"),
        ("consent_id" = String, Path, description = "The consent's id"),
    ),
    responses(
        (status = 200, description = "Withdrawn", body = Consent),
        (status = 403, description = "This role may not withdraw consents", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such consent visible to you", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already withdrawn", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/participants/{id}/consents/{consent_id}/withdraw")]
pub(super) async fn withdraw_consent(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::Update, Resource::Consent)?;
    let (id, consent_id) = path.into_inner();
    let consent = state
        .db(move |conn| {
            conn.transaction(|conn| {
                let p = consent_view(conn, &actor, &id)?;
                let row: ConsentRow = consents::table
                    .filter(consents::id.eq(&consent_id))
                    .filter(consents::participant_id.eq(&p.row.id))
                    .select(consent_columns())
                    .first(conn)
                    .optional()?
                    .ok_or_else(|| ApiError::not_found("no such consent"))?;
                if row.5.is_some() {
                    return Err(ApiError::conflict(
                        ProblemCode::Conflict,
                        "this consent is already withdrawn",
                    ));
                }
                let by = actor.audit_identity().1.to_string();
                diesel::update(consents::table.find(&consent_id))
                    .set((
                        consents::withdrawn_at.eq(ids::now()),
                        consents::withdrawn_by.eq(&by),
                    ))
                    .execute(conn)?;
                touch(conn, &p.row.id)?;
                audit::record(conn, &actor, "withdraw", "consent", Some(&p.row.id))?;
                let row: ConsentRow = consents::table
                    .find(&consent_id)
                    .select(consent_columns())
                    .first(conn)?;
                Ok(consent_from(row))
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(consent))
}
