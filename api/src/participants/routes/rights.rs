//! The person's rights: the export of everything held (GDPR art. 15/20)
//! and erasure by anonymisation (art. 17).

use actix_web::{get, post, web, HttpResponse};
use chrono::Utc;
use diesel::prelude::*;
use validator::Validate;

use crate::audit;
use crate::auth::Actor;
use crate::error::{ApiError, Problem};
use crate::http::ApiJson;
use crate::participants::access::{build_view, visible, Viewer};
use crate::participants::json::{Consent, EraseRequest, ParticipantExport, View};
use crate::participants::model;
use crate::policy::{Action, Resource};
use crate::AppState;

/// Exports everything held on a person in one JSON document (GDPR art. 15
/// and 20): the whole record, every consent and the history of who read or
/// changed it. For admins and coordinators, and for the person themself.
#[utoipa::path(
    tag = "participants",
    operation_id = "export_participant",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The participant's id")),
    responses(
        (status = 200, description = "Everything held on the person", body = ParticipantExport),
    )
)]
#[get("/participants/{id}/export")]
pub(in crate::participants) async fn export_participant(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::Read, Resource::PersonalData)?;
    let viewer = Viewer::new(&state, &actor);
    let id = id.into_inner();
    let export = state
        .db(move |conn| {
            let (p, view) = visible(conn, &actor, &id)?;
            if !matches!(view, View::Full | View::Own) {
                return Err(ApiError::forbidden("you may not export this person's data"));
            }
            audit::record(conn, &actor, "export", "participant", Some(&p.row.id))?;
            let organization_name = model::rights::organization_name(conn, &actor.organization_id)?;
            let consents = model::consents::of_participant(conn, &p.row.id, false)?;
            let consent_ids: Vec<String> = consents.iter().map(|c| c.id.clone()).collect();

            let mut records = consent_ids.clone();
            records.push(p.row.id.clone());
            let history = crate::audit_log::model::about(conn, &actor.organization_id, &records)?;
            let interviews =
                crate::interviews::export::export_for(conn, &actor.organization_id, &p.row.id)?;
            let meetings =
                crate::meetings::rights::export_for(conn, &actor.organization_id, &p.row.id)?;
            let market =
                crate::market::rights::export_for(conn, &actor.organization_id, &p.row.id)?;
            let opportunities = crate::opportunities::rights::export(conn, &p.row.id)?;
            Ok(ParticipantExport {
                opportunities,
                interviews,
                meetings,
                market,
                exported_at: Utc::now(),
                organization_name,
                participant: build_view(&p, view, &viewer),
                consents: consents.into_iter().map(Consent::from).collect(),
                history: history
                    .into_iter()
                    .map(|r| crate::audit_log::model::entry_from(r, |_, id| id))
                    .collect(),
            })
        })
        .await?;
    Ok(HttpResponse::Ok()
        .insert_header((
            "Content-Disposition",
            "attachment; filename=\"participant-export.json\"",
        ))
        .insert_header(("Cache-Control", "no-store"))
        .json(export))
}

/// Erases a person by anonymisation (GDPR art. 17): name, contacts, notes,
/// free text, links to accounts and exact dates are removed for good; coded
/// fields (gender, birth year, country, legal status, education, languages,
/// needs) stay so that reports still count the person. The audit log keeps
/// the events, which never held personal data. Cannot be undone.
#[utoipa::path(
    tag = "participants",
    operation_id = "erase_participant",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The participant's id")),
    request_body = EraseRequest,
    responses(
        (status = 204, description = "Erased"),
        (status = 403, description = "Only admins and coordinators erase", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/participants/{id}/erase")]
pub(in crate::participants) async fn erase_participant(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<String>,
    body: ApiJson<EraseRequest>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::Delete, Resource::PersonalData)?;
    body.validate()?;
    let reason = body.into_inner().reason.trim().to_string();
    let id = id.into_inner();
    state
        .db(move |conn| {
            conn.transaction(|conn| {
                let (p, view) = visible(conn, &actor, &id)?;
                if view != View::Full {
                    return Err(ApiError::forbidden("you may not erase this person"));
                }
                model::rights::erase(conn, &p, &reason)?;
                crate::opportunities::matches::changes::participant(
                    conn,
                    &actor.organization_id,
                    &p.row.id,
                )?;
                audit::record(conn, &actor, "erase", "participant", Some(&p.row.id))
            })
        })
        .await?;
    // Out of the transaction: the erased bytes leave the files on disk too.
    state
        .db(|conn| crate::db::purge_erased(conn).map_err(ApiError::from))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
