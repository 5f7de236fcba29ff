//! `/participants/{id}/consents`: a person's consents, listing, recording
//! and withdrawing them.

use actix_web::{get, post, web, HttpResponse};
use diesel::prelude::*;
use validator::Validate;

use crate::audit;
use crate::auth::Actor;
use crate::codes::ConsentPurpose;
use crate::error::{ApiError, Problem, ProblemCode};
use crate::http::ApiJson;
use crate::participants::access::consent_view;
use crate::participants::json::{Consent, ConsentInput};
use crate::participants::model;
use crate::policy::{Action, Resource};
use crate::AppState;

/// A participant's consents, given and withdrawn, newest first.
#[utoipa::path(
    tag = "participants",
    operation_id = "list_consents",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The participant's id")),
    responses(
        (status = 200, description = "The consents", body = Vec<Consent>),
    )
)]
#[get("/participants/{id}/consents")]
pub(in crate::participants) async fn list_consents(
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
            let rows = model::consents::of_participant(conn, &p.row.id, true)?;
            Ok((
                p.row.id.clone(),
                rows.into_iter().map(Consent::from).collect::<Vec<_>>(),
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
        (status = 409, description = "That consent is already given", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/participants/{id}/consents")]
pub(in crate::participants) async fn record_consent(
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
                let consent_id = model::add_consent(
                    conn,
                    &actor.organization_id,
                    &p.row.id,
                    input.purpose,
                    &input.text_version,
                    &by,
                )?;
                model::people::touch(conn, &p.row.id)?;
                audit::record(conn, &actor, "create", "consent", Some(&p.row.id))?;
                crate::opportunities::matches::changes::participant(
                    conn,
                    &actor.organization_id,
                    &p.row.id,
                )?;
                Ok(Consent::from(model::consents::get(conn, &consent_id)?))
            })
        })
        .await?;
    Ok(HttpResponse::Created().json(consent))
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
        (status = 409, description = "Already withdrawn", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/participants/{id}/consents/{consent_id}/withdraw")]
pub(in crate::participants) async fn withdraw_consent(
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
                let row = model::consents::find(conn, &p.row.id, &consent_id)?
                    .ok_or_else(|| ApiError::not_found("no such consent"))?;
                if row.withdrawn_at.is_some() {
                    return Err(ApiError::conflict(
                        ProblemCode::Conflict,
                        "this consent is already withdrawn",
                    ));
                }
                let by = actor.audit_identity().1.to_string();
                model::consents::withdraw(conn, &consent_id, &by)?;
                model::people::touch(conn, &p.row.id)?;
                if row.purpose == ConsentPurpose::MarketSelling.as_str() {
                    // Their listings leave the catalogue with the consent.
                    crate::market::sellers::model::pause_for_withdrawn_consent(conn, &p.row.id)?;
                }
                audit::record(conn, &actor, "withdraw", "consent", Some(&p.row.id))?;
                crate::opportunities::matches::changes::participant(
                    conn,
                    &actor.organization_id,
                    &p.row.id,
                )?;
                Ok(Consent::from(model::consents::get(conn, &consent_id)?))
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(consent))
}
