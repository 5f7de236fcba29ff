//! Calendars: the `.ics` file of one meeting, a person's feed at a secret
//! address that can be reset, and an organisation's public meetings with
//! no login.

use actix_web::{delete, get, post, web, HttpRequest, HttpResponse};
use diesel::prelude::*;

use super::json::CalendarFeed;
use super::{ics, model};
use crate::audit;
use crate::auth::Actor;
use crate::db::schema::{organizations, users};
use crate::error::ApiError;
use crate::http::params::{Lang, LangQuery};
use crate::ids;
use crate::meetings::access::{self, Viewer};
use crate::policy::{Action, Resource};
use crate::AppState;

const CALENDAR: &str = "text/calendar; charset=utf-8";

/// Where the SPA is, for links back to a meeting's page.
fn base(req: &HttpRequest, state: &AppState) -> String {
    state.settings.public_url.clone().unwrap_or_else(|| {
        let info = req.connection_info();
        format!("{}://{}", info.scheme(), info.host())
    })
}

/// A calendar file. A `public` one may be cached for five minutes; any
/// other gets the `no-store` every API answer has by default.
fn ics_response(body: String, filename: Option<&str>, public: bool) -> HttpResponse {
    let mut res = HttpResponse::Ok();
    res.content_type(CALENDAR);
    if public {
        res.insert_header(("Cache-Control", "public, max-age=300"));
    }
    if let Some(f) = filename {
        res.insert_header((
            "Content-Disposition",
            format!("attachment; filename=\"{f}\""),
        ));
    }
    res.body(body)
}

/// One meeting as an iCalendar file, to add to a phone's calendar.
#[utoipa::path(
    tag = "meetings",
    operation_id = "get_meeting_calendar",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The meeting's id"), LangQuery),
    responses((status = 200, description = "An RFC 5545 file with the meeting", content_type = "text/calendar", body = String))
)]
#[get("/meetings/{id}/calendar.ics")]
pub(super) async fn meeting_calendar(
    state: web::Data<AppState>,
    actor: Actor,
    req: HttpRequest,
    id: web::Path<String>,
    lang: Lang,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::Read, Resource::Meeting)?;
    let lang = lang.pick()?;
    let id = id.into_inner();
    let page = base(&req, &state);
    let body = state
        .db(move |conn| {
            let viewer = Viewer::of(conn, &actor)?;
            let row = access::find(conn, &actor, &viewer, &id)?;
            let rows = [row];
            let body = match viewer.participant() {
                Some(pid) => {
                    let name = rows[0].display_title(lang);
                    model::personal_calendar(conn, &name, &rows, Some(pid), lang, &page)?
                }
                None => {
                    let events = model::single_events(conn, &rows, lang, &page)?;
                    ics::calendar(&rows[0].display_title(lang), &events, &[])
                }
            };
            Ok(body)
        })
        .await?;
    Ok(ics_response(body, Some("meeting.ics"), false))
}

/// The caller's personal feed: whether there is one, and since when (its
/// address is shown only when it is made or reset).
#[utoipa::path(
    tag = "meetings",
    operation_id = "get_calendar_feed",
    security(("bearer" = [])),
    responses((status = 200, description = "The feed", body = CalendarFeed))
)]
#[get("/calendar/feed")]
pub(super) async fn get_feed(
    state: web::Data<AppState>,
    actor: Actor,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::List, Resource::Meeting)?;
    let user = actor.require_user()?.to_string();
    let created = state
        .db(move |conn| model::feed_created(conn, &actor.organization_id, &user))
        .await?;
    Ok(HttpResponse::Ok().json(CalendarFeed {
        url: None,
        created_at: created.map(ids::utc),
    }))
}

/// Makes the caller's personal feed, or resets it: the old address stops
/// working at once. Subscribe to the address in a calendar program; it
/// lists the meetings you registered for, booked or organise.
#[utoipa::path(
    tag = "meetings",
    operation_id = "reset_calendar_feed",
    security(("bearer" = [])),
    responses((status = 201, description = "The new secret address", body = CalendarFeed))
)]
#[post("/calendar/feed")]
pub(super) async fn reset_feed(
    state: web::Data<AppState>,
    actor: Actor,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::List, Resource::Meeting)?;
    let user = actor.require_user()?.to_string();
    let page = base(&req, &state);
    let (token, created) = state
        .db(move |conn| {
            conn.transaction(|conn| {
                let token = model::reset_feed(conn, &actor.organization_id, &user)?;
                audit::record(conn, &actor, "create", "calendar_feed", Some(&user))?;
                Ok((
                    token,
                    model::feed_created(conn, &actor.organization_id, &user)?,
                ))
            })
        })
        .await?;
    Ok(HttpResponse::Created().json(CalendarFeed {
        url: Some(format!("{page}/api/v1/calendar/feeds/{token}")),
        created_at: created.map(ids::utc),
    }))
}

/// Stops the caller's personal feed.
#[utoipa::path(
    tag = "meetings",
    operation_id = "delete_calendar_feed",
    security(("bearer" = [])),
    responses((status = 204, description = "Stopped"))
)]
#[delete("/calendar/feed")]
pub(super) async fn delete_feed(
    state: web::Data<AppState>,
    actor: Actor,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::List, Resource::Meeting)?;
    let user = actor.require_user()?.to_string();
    state
        .db(move |conn| {
            conn.transaction(|conn| {
                model::delete_feed(conn, &actor.organization_id, &user)?;
                audit::record(conn, &actor, "delete", "calendar_feed", Some(&user))
            })
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// A personal feed, read by a calendar program at its secret address (no
/// login: the address is the key). 404 once it is reset or stopped, or
/// when the person is no longer a member.
#[utoipa::path(
    tag = "meetings",
    operation_id = "read_calendar_feed",
    params(("token" = String, Path, description = "The feed's secret"), LangQuery),
    responses((status = 200, description = "An RFC 5545 feed", content_type = "text/calendar", body = String))
)]
#[get("/calendar/feeds/{token}")]
pub(super) async fn read_feed(
    state: web::Data<AppState>,
    req: HttpRequest,
    token: web::Path<String>,
    lang: Lang,
) -> Result<HttpResponse, ApiError> {
    let lang = lang.pick()?;
    let token = token.into_inner();
    let page = base(&req, &state);
    let body = state
        .db(move |conn| {
            let gone = || ApiError::not_found("no such calendar feed");
            if token.len() > 100 {
                return Err(gone());
            }
            let (org, user) = model::feed_owner(conn, &token)?.ok_or_else(gone)?;
            let role = model::member_role(conn, &org, &user)?.ok_or_else(gone)?;
            let participant = if role == crate::policy::Role::Participant {
                crate::meetings::model::participant_of(conn, &org, &user)?
            } else {
                None
            };
            let name: String = users::table
                .find(&user)
                .select(users::display_name)
                .first(conn)?;
            let rows = model::personal_rows(conn, &org, &user, participant.as_deref())?;
            conn.transaction(|conn| {
                audit::write(
                    conn,
                    audit::Event {
                        organization_id: Some(&org),
                        actor_type: "user",
                        actor_id: Some(&user),
                        action: "read",
                        resource_type: "calendar_feed",
                        resource_id: Some(&user),
                        request_id: None,
                    },
                )
            })?;
            model::personal_calendar(
                conn,
                &format!("Skupaj – {name}"),
                &rows,
                participant.as_deref(),
                lang,
                &page,
            )
        })
        .await?;
    Ok(ics_response(body, None, false))
}

/// An organisation's public meetings as a feed anyone can subscribe to
/// (no login): recurring series as one recurring event with their
/// exceptions.
#[utoipa::path(
    tag = "meetings",
    operation_id = "public_calendar",
    params(("id" = String, Path, description = "The organisation's id"), LangQuery),
    responses((status = 200, description = "An RFC 5545 feed", content_type = "text/calendar", body = String))
)]
#[get("/organizations/{id}/calendar")]
pub(super) async fn public_calendar(
    state: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<String>,
    lang: Lang,
) -> Result<HttpResponse, ApiError> {
    let lang = lang.pick()?;
    let org = id.into_inner();
    let page = base(&req, &state);
    let body = state
        .db(move |conn| {
            let name: String = organizations::table
                .find(&org)
                .select(organizations::name)
                .first(conn)
                .optional()?
                .ok_or_else(|| ApiError::not_found("no such organisation"))?;
            let (events, series) = model::public_calendar(conn, &org, lang, &page)?;
            Ok(ics::calendar(&name, &events, &series))
        })
        .await?;
    Ok(ics_response(body, None, true))
}
