//! `/outcomes`: what applications and courses ended in.

use actix_web::{get, patch, post, web, HttpResponse};
use diesel::prelude::*;
use serde_json::Value;

use super::access::{partner_may_record, Caller};
use super::json::{NewOutcomeFields, Outcome, OutcomeChange, OutcomeListQuery};
use super::model::{self, NewOutcome, OutcomeRow};
use crate::audit;
use crate::auth::Actor;
use crate::codes::OpportunityKind;
use crate::db::schema::{applications, opportunities, outcomes as o, participants};
use crate::db::DbConnection;
use crate::error::{ApiError, ProblemCode};
use crate::http::ApiJson;
use crate::pagination::{time_key, Page, PageRequest, BY_ID, UPDATED};
use crate::policy::{Action, Resource};
use crate::AppState;

/// The organisation's outcomes, newest first (admins and coordinators; an
/// adviser those of the people they advise); with `updated_since`, every
/// change in the order it happened.
#[utoipa::path(
    tag = "opportunities",
    operation_id = "list_outcomes",
    security(("bearer" = [])),
    params(OutcomeListQuery),
    responses((status = 200, description = "A page of outcomes", body = Page<Outcome>))
)]
#[get("/outcomes")]
pub(super) async fn list_outcomes(
    state: web::Data<AppState>,
    actor: Actor,
    query: web::Query<OutcomeListQuery>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::List, Resource::Outcome)?;
    let q = query.into_inner();
    let by_update = q.updated_since.is_some();
    let request = PageRequest::parse(
        q.limit,
        q.cursor.as_deref(),
        if by_update { UPDATED } else { BY_ID },
    )?;
    let caller = Caller::of(&actor);
    let read = audit::ReadEvent::new(&actor, "list", "outcome");
    let org = actor.organization_id.clone();
    let page = state
        .db(move |conn| {
            let mut sql = o::table
                .filter(o::organization_id.eq(&org))
                .select(OutcomeRow::as_select())
                .into_boxed();
            match &caller {
                Caller::Staff => {}
                Caller::Adviser(u) => {
                    let theirs = participants::table
                        .filter(participants::adviser_id.eq(u.clone()))
                        .select(participants::id.nullable());
                    sql = sql.filter(o::participant_id.eq_any(theirs));
                }
                _ => return Err(ApiError::forbidden("only staff list outcomes")),
            }
            if let Some(p) = &q.participant_id {
                sql = sql.filter(o::participant_id.eq(p.clone()));
            }
            if let Some(p) = &q.opportunity_id {
                sql = sql.filter(o::opportunity_id.eq(p.clone()));
            }
            if let Some(k) = q.kind {
                sql = sql.filter(o::kind.eq(k.as_str()));
            }
            let mut rows: Vec<OutcomeRow> = if let Some(since) = q.updated_since {
                sql = sql.filter(o::updated_at.ge(since.naive_utc()));
                crate::keyset_page!(sql, request, asc, o::updated_at, o::id, conn)?
            } else {
                if let Some(after) = request.after_id() {
                    sql = sql.filter(o::id.lt(after.to_string()));
                }
                sql.order(o::id.desc()).limit(request.fetch()).load(conn)?
            };
            let next_cursor = request.cut(&mut rows, |r| {
                let key = if by_update {
                    time_key(r.updated_at)
                } else {
                    String::new()
                };
                (key, r.id.clone())
            });
            Ok(Page {
                items: rows.into_iter().map(OutcomeRow::view).collect::<Vec<_>>(),
                next_cursor,
            })
        })
        .await?;
    state.audit.write(read).await?;
    Ok(HttpResponse::Ok().json(page))
}

/// What the new outcome's application and opportunity say: (application,
/// opportunity, programme).
fn origin(
    conn: &mut DbConnection,
    org: &str,
    fields: &NewOutcomeFields,
) -> Result<(Option<String>, Option<String>, OpportunityKind), ApiError> {
    let mut opportunity = fields.opportunity_id.clone();
    if let Some(app) = &fields.application_id {
        let found: Option<(String, Option<String>)> = applications::table
            .filter(applications::organization_id.eq(org))
            .filter(applications::id.eq(app))
            .select((applications::opportunity_id, applications::participant_id))
            .first(conn)
            .optional()?;
        let Some((opp, person)) = found else {
            return Err(ApiError::field(
                "application_id",
                "not_found",
                "no such application",
            ));
        };
        if person.as_deref() != Some(fields.participant_id.as_str()) {
            return Err(ApiError::field(
                "application_id",
                "other_person",
                "this application is another person's",
            ));
        }
        if opportunity.as_ref().is_some_and(|o| *o != opp) {
            return Err(ApiError::field(
                "opportunity_id",
                "mismatch",
                "leave it out or give the application's opportunity",
            ));
        }
        if model::of_application(conn, app)?.is_some() {
            return Err(ApiError::conflict(
                ProblemCode::Conflict,
                "this application's outcome is already recorded: change that one",
            ));
        }
        opportunity = Some(opp);
    }
    let programme = match &opportunity {
        Some(id) => {
            let kind: Option<String> = opportunities::table
                .filter(opportunities::organization_id.eq(org))
                .filter(opportunities::id.eq(id))
                .select(opportunities::kind)
                .first(conn)
                .optional()?;
            let kind = kind.ok_or_else(|| {
                ApiError::field("opportunity_id", "not_found", "no such opportunity")
            })?;
            OpportunityKind::parse(&kind).unwrap_or(OpportunityKind::Job)
        }
        None => fields.programme.ok_or_else(|| {
            ApiError::field(
                "programme",
                "required",
                "name the programme when there is no application or opportunity",
            )
        })?,
    };
    Ok((fields.application_id.clone(), opportunity, programme))
}

fn check_dates(
    starts_on: chrono::NaiveDate,
    ends_on: Option<chrono::NaiveDate>,
) -> Result<(), ApiError> {
    if ends_on.is_some_and(|e| e < starts_on) {
        return Err(ApiError::field(
            "ends_on",
            "before_start",
            "must not be before starts_on",
        ));
    }
    Ok(())
}

/// Records an outcome: a job, internship, training, studies or
/// self-employment that a person started, with its dates. Staff (an
/// adviser for the people they advise) record any; a partner records the
/// outcome of an application to their own opportunity while the person
/// shares with partners. An application has one outcome (409 when
/// recorded: a hire records it by itself).
#[utoipa::path(
    tag = "opportunities",
    operation_id = "create_outcome",
    security(("bearer" = [])),
    request_body = NewOutcomeFields,
    responses(
        (status = 201, description = "Recorded", body = Outcome),
        (status = 409, description = "The application's outcome is already recorded", body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/outcomes")]
pub(super) async fn create_outcome(
    state: web::Data<AppState>,
    actor: Actor,
    body: ApiJson<NewOutcomeFields>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::Create, Resource::Outcome)?;
    let fields = body.into_inner();
    check_dates(fields.starts_on, fields.ends_on)?;
    let caller = Caller::of(&actor);
    let outcome = state
        .db(move |conn| {
            diesel::Connection::transaction(conn, |conn| {
                let org = &actor.organization_id;
                let person = crate::participants::model::find(conn, org, &fields.participant_id)
                    .ok()
                    .filter(|p| p.row.erased_at.is_none())
                    .ok_or_else(|| {
                        ApiError::field("participant_id", "not_found", "no such participant")
                    })?;
                let allowed = match &caller {
                    Caller::Partner(u) => match &fields.application_id {
                        Some(app) => partner_may_record(conn, u, app, &person)?,
                        None => false,
                    },
                    other => other.sees_person(&person),
                };
                if !allowed {
                    return Err(ApiError::field(
                        "participant_id",
                        "not_found",
                        "no such participant",
                    ));
                }
                let (application, opportunity, programme) = origin(conn, org, &fields)?;
                let (id, now) = model::stamp();
                let user = actor.user_id().map(str::to_string);
                model::insert(
                    conn,
                    NewOutcome {
                        id: id.clone(),
                        organization_id: org,
                        application_id: application.as_deref(),
                        opportunity_id: opportunity.as_deref(),
                        participant_id: Some(&fields.participant_id),
                        programme: programme.as_str(),
                        kind: fields.kind.as_str(),
                        starts_on: fields.starts_on,
                        ends_on: fields.ends_on,
                        recorded_by: user.as_deref(),
                        created_at: now,
                        updated_at: now,
                    },
                )?;
                audit::record(conn, &actor, "create", "outcome", Some(&id))?;
                Ok(model::find(conn, org, &id)?.view())
            })
        })
        .await?;
    Ok(HttpResponse::Created().json(outcome))
}

/// Changes an outcome's kind or dates: a JSON merge patch with the
/// `version` last read (admins, coordinators, and the person's adviser).
#[utoipa::path(
    tag = "opportunities",
    operation_id = "update_outcome",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The outcome's id")),
    request_body(content = OutcomeChange, description = "The changed fields and the version"),
    responses(
        (status = 200, description = "Changed", body = Outcome),
        (status = 409, description = "Changed by someone else since that version", body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/outcomes/{id}")]
pub(super) async fn update_outcome(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<String>,
    body: ApiJson<Value>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::Update, Resource::Outcome)?;
    let (patch, version) = crate::http::patch::patch_and_version(body.into_inner())?;
    let id = id.into_inner();
    let caller = Caller::of(&actor);
    let outcome = state
        .db(move |conn| {
            diesel::Connection::transaction(conn, |conn| {
                let org = &actor.organization_id;
                let row = model::find(conn, org, &id)?;
                if !caller.sees(conn, &row)? {
                    return Err(ApiError::not_found("no such outcome"));
                }
                let mut merged = serde_json::json!({
                    "kind": row.kind,
                    "starts_on": row.starts_on,
                    "ends_on": row.ends_on,
                });
                crate::http::patch::merge_patch(&mut merged, &Value::Object(patch.clone()));
                let change: OutcomeChange = serde_json::from_value(merged)
                    .map_err(|e| ApiError::field("body", "type", e.to_string()))?;
                check_dates(change.starts_on, change.ends_on)?;
                model::update(
                    conn,
                    &row,
                    version,
                    change.kind,
                    change.starts_on,
                    change.ends_on,
                )?;
                audit::record(conn, &actor, "update", "outcome", Some(&id))?;
                Ok(model::find(conn, org, &id)?.view())
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(outcome))
}
