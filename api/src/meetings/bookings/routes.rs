//! Office-hour slots and bookings: `/meetings/{id}/slots`,
//! `/meetings/{id}/bookings`, `/bookings`.

use actix_web::{get, patch, post, web, HttpRequest, HttpResponse};
use chrono::Datelike;
use diesel::prelude::*;
use validator::Validate;

use super::access::{self, Caller};
use super::json::{
    Booking, BookingChange, BookingListQuery, BookingStatus, MeetingBookingsQuery, NewBooking, Slot,
};
use super::{model, rules};
use crate::audit;
use crate::auth::Actor;
use crate::db::schema::participants;
use crate::error::{ApiError, Problem, ProblemCode};
use crate::http::params::{language, Lang, LangQuery};
use crate::http::ApiJson;
use crate::idempotency;
use crate::ids;
use crate::meetings::access::{find as find_meeting, Viewer};
use crate::meetings::model::{row as meeting_row, utc_to_local};
use crate::policy::{Action, Resource};
use crate::AppState;

/// An office hour's slots with how many places are taken and free
/// (counts only, no names), for anyone who sees the meeting. Empty when
/// the meeting has no slots.
#[utoipa::path(
    tag = "meetings",
    operation_id = "list_slots",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The meeting's id")),
    responses((status = 200, description = "The slots, earliest first", body = Vec<Slot>))
)]
#[get("/meetings/{id}/slots")]
pub(super) async fn list_slots(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::Read, Resource::Meeting)?;
    let id = id.into_inner();
    let slots = state
        .db(move |conn| {
            let viewer = Viewer::of(conn, &actor)?;
            let m = find_meeting(conn, &actor, &viewer, &id)?;
            let counts = model::counts(conn, &m.id)?;
            let mine = match viewer.participant() {
                Some(p) => model::active_of(conn, &m.id, p)?,
                None => Vec::new(),
            };
            let (tz, capacity, modes) = (m.zone(), rules::capacity(&m), rules::modes(&m));
            Ok(rules::slot_times(&m)
                .into_iter()
                .map(|(start, end)| {
                    let booked = counts.get(&start).copied().unwrap_or(0);
                    let booked = i32::try_from(booked).unwrap_or(i32::MAX);
                    Slot {
                        start: ids::utc(start),
                        start_local: utc_to_local(start, tz),
                        end_local: utc_to_local(end, tz),
                        capacity,
                        booked,
                        free: (capacity - booked).max(0),
                        modes: modes.clone(),
                        my_booking_id: mine
                            .iter()
                            .find(|(s, _)| *s == start)
                            .map(|(_, b)| b.clone()),
                    }
                })
                .collect::<Vec<_>>())
        })
        .await?;
    Ok(HttpResponse::Ok().json(slots))
}

/// Books a slot. A participant books for themself; staff book for a
/// participant (`participant_id`), and record walk-ins (`walk_in`:
/// attended, allowed beyond the slot's places since the person is already
/// there). A slot never holds more bookings than its places otherwise,
/// however many ask at once; a person holds one active booking per
/// meeting. Send an `Idempotency-Key` to make a retry safe.
#[utoipa::path(
    tag = "meetings",
    operation_id = "create_booking",
    security(("bearer" = [])),
    params(
        ("id" = String, Path, description = "The meeting's id"),
        ("Idempotency-Key" = Option<String>, Header, description = "Makes a retried request return the first answer"),
        LangQuery,
    ),
    request_body = NewBooking,
    responses(
        (status = 201, description = "Booked", body = Booking),
        (status = 409, description = "The slot is full or has started, the person already has a booking at this meeting, the meeting is not planned or has no slots", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not one of the meeting's slots or modes, or no `participant_id` from staff", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/meetings/{id}/bookings")]
pub(super) async fn create_booking(
    state: web::Data<AppState>,
    actor: Actor,
    req: HttpRequest,
    id: web::Path<String>,
    lang: Lang,
    body: ApiJson<NewBooking>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::Create, Resource::Booking)?;
    let lang = lang.pick()?;
    let key = idempotency::key(&req)?;
    let body = body.into_inner();
    body.validate()?;
    let id = id.into_inner();
    let hash = idempotency::request_hash(&(&id, &body));
    let (status, value) = state
        .db(move |conn| {
            let caller = Caller::of(conn, &actor)?;
            let org = &actor.organization_id;
            let scope = key.as_deref().map(|k| idempotency::Scope {
                organization_id: org,
                actor_id: actor.audit_identity().1,
                operation: "create_booking",
                key: k,
                request_hash: &hash,
            });
            let meeting = find_meeting(conn, &actor, &caller.viewer(), &id)?;
            idempotency::create_once(
                conn,
                scope.as_ref(),
                // The meeting's lock first: then the counts below hold until commit.
                |conn| model::lock_meeting(conn, &meeting.id),
                |conn| {
                    let participant = whose(conn, &actor, &caller, &body)?;
                    let meeting = meeting_row(conn, org, &meeting.id)?;
                    rules::has_slots(&meeting)?;
                    let slot = body.slot_start.naive_utc();
                    rules::fields(
                        [
                            rules::slot_end(&meeting, slot).err(),
                            rules::mode_offered(&meeting, body.mode).err(),
                        ]
                        .into_iter()
                        .flatten()
                        .collect(),
                    )?;
                    rules::is_planned(&meeting)?;
                    rules::not_started(slot, ids::now(), body.walk_in)?;
                    if !model::active_of(conn, &meeting.id, &participant)?.is_empty() {
                        return Err(ApiError::conflict(
                            ProblemCode::Conflict,
                            "this person already has a booking at this meeting; move or cancel it",
                        ));
                    }
                    let taken = model::count_in_slot(conn, &meeting.id, slot, "")?;
                    if !body.walk_in && taken >= i64::from(rules::capacity(&meeting)) {
                        return Err(ApiError::conflict(
                            ProblemCode::Conflict,
                            "this slot is full; pick another",
                        ));
                    }
                    let note = body
                        .note
                        .as_deref()
                        .map(str::trim)
                        .filter(|n| !n.is_empty());
                    let booking = model::insert(
                        conn,
                        &model::NewRow {
                            organization_id: org,
                            meeting_id: &meeting.id,
                            participant_id: &participant,
                            slot_start: slot,
                            mode: body.mode,
                            topic: body.topic,
                            note,
                            walk_in: body.walk_in,
                            booked_by: actor.user_id(),
                        },
                    )?;
                    audit::record(conn, &actor, "create", "booking", Some(&booking))?;
                    let row = model::find(conn, org, &booking)?;
                    model::build_one(conn, row, lang, caller.is_staff())
                },
            )
        })
        .await?;
    Ok(idempotency::created(status).json(value))
}

/// Whose booking it is: a participant's own (403 for anyone else's or a
/// walk-in), or the participant staff name (422 when missing or unknown).
fn whose(
    conn: &mut crate::db::DbConnection,
    actor: &Actor,
    caller: &Caller,
    body: &NewBooking,
) -> Result<String, ApiError> {
    match (caller, &body.participant_id) {
        (Caller::Person(p), Some(given)) if given != p => {
            Err(ApiError::forbidden("participants book only for themselves"))
        }
        (Caller::Person(_), _) if body.walk_in => {
            Err(ApiError::forbidden("only staff record walk-ins"))
        }
        (Caller::Person(p), _) => Ok(p.clone()),
        (Caller::Staff, None) => Err(ApiError::field(
            "participant_id",
            "required",
            "staff book for someone: send their participant id",
        )),
        (Caller::Staff, Some(given)) => {
            let found: i64 = participants::table
                .filter(participants::id.eq(given))
                .filter(participants::organization_id.eq(&actor.organization_id))
                .filter(participants::erased_at.is_null())
                .count()
                .get_result(conn)?;
            if found == 1 {
                Ok(given.clone())
            } else {
                Err(ApiError::field(
                    "participant_id",
                    "not_found",
                    "no such participant",
                ))
            }
        }
    }
}

/// Changes a booking with the `version` last read: `status: cancelled`
/// (the person before the slot starts, staff at any time), `attendance`
/// (staff), or `slot_start`, `mode`, `topic`, `note` to move it (the
/// person before the slot starts; never into a full slot).
#[utoipa::path(
    tag = "meetings",
    operation_id = "update_booking",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The booking's id"), LangQuery),
    request_body = BookingChange,
    responses(
        (status = 200, description = "Changed", body = Booking),
        (status = 409, description = "Changed by someone else since that version, cancelled, the slot is full or has started, or the meeting is not planned", body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/bookings/{id}")]
pub(super) async fn update_booking(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<String>,
    lang: Lang,
    body: ApiJson<BookingChange>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::Update, Resource::Booking)?;
    let lang = lang.pick()?;
    let change = body.into_inner();
    change.validate()?;
    if change.status == Some(BookingStatus::Booked) {
        return Err(ApiError::field(
            "status",
            "invalid",
            "only `cancelled`; to come back, book again",
        ));
    }
    let id = id.into_inner();
    let view = state
        .db(move |conn| {
            let caller = Caller::of(conn, &actor)?;
            let org = &actor.organization_id;
            let row = access::find(conn, &actor, &caller, &id)?;
            if change.attendance.is_some() {
                caller.require_staff("record whether someone came")?;
            }
            if row.version != change.version {
                return Err(crate::participants::model::version_conflict(change.version));
            }
            let meeting = meeting_row(conn, org, &row.meeting_id)?;
            let values = changed(&row, &meeting, &caller, &change)?;
            let moved = values.slot_start != row.slot_start;
            conn.transaction(|conn| {
                model::lock_meeting(conn, &row.meeting_id)?;
                let fresh = model::find(conn, org, &id)?;
                if fresh.version != change.version {
                    return Err(crate::participants::model::version_conflict(change.version));
                }
                if moved && values.status == BookingStatus::Booked.as_str() && !fresh.walk_in {
                    let taken =
                        model::count_in_slot(conn, &row.meeting_id, values.slot_start, &id)?;
                    let meeting = meeting_row(conn, org, &row.meeting_id)?;
                    if taken >= i64::from(rules::capacity(&meeting)) {
                        return Err(ApiError::conflict(
                            ProblemCode::Conflict,
                            "that slot is full; pick another",
                        ));
                    }
                }
                model::update(conn, &id, change.version, &values)?;
                audit::record(conn, &actor, "update", "booking", Some(&id))?;
                let row = model::find(conn, org, &id)?;
                model::build_one(conn, row, lang, caller.is_staff())
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(view))
}

/// The booking's values after `change`, checked (422, 409).
fn changed(
    row: &model::BookingRow,
    meeting: &crate::meetings::model::MeetingRow,
    caller: &Caller,
    change: &BookingChange,
) -> Result<model::BookingValues, ApiError> {
    let now = ids::now();
    let mut values = row.values();
    let cancelled = row.status() == BookingStatus::Cancelled;
    if cancelled && (change.moves() || change.attendance.is_some()) {
        return Err(ApiError::conflict(
            ProblemCode::Conflict,
            "this booking is cancelled; book again instead",
        ));
    }
    if !caller.is_staff() && (change.moves() || change.status.is_some()) && !cancelled {
        rules::not_started(row.slot_start, now, false).map_err(|_| {
            ApiError::conflict(
                ProblemCode::Conflict,
                "this slot has already started; ask the office",
            )
        })?;
    }
    if change.moves() {
        let mut errors = Vec::new();
        if let Some(s) = change.slot_start {
            match rules::slot_end(meeting, s.naive_utc()) {
                Ok(_) => values.slot_start = s.naive_utc(),
                Err(e) => errors.push(e),
            }
        }
        if let Some(m) = change.mode {
            match rules::mode_offered(meeting, m) {
                Ok(()) => values.mode = m.as_str().to_string(),
                Err(e) => errors.push(e),
            }
        }
        rules::fields(errors)?;
        if let Some(t) = change.topic {
            values.topic = t.as_str().to_string();
        }
        if let Some(n) = &change.note {
            let n = n.trim();
            values.note = (!n.is_empty()).then(|| n.to_string());
        }
        if values.slot_start != row.slot_start || values.mode != row.mode {
            rules::is_planned(meeting)?;
        }
        if values.slot_start != row.slot_start {
            rules::not_started(values.slot_start, now, row.walk_in)?;
        }
    }
    if change.status == Some(BookingStatus::Cancelled) {
        values.status = BookingStatus::Cancelled.as_str().to_string();
    }
    if let Some(a) = change.attendance {
        values.attendance = Some(a.as_str().to_string());
    }
    Ok(values)
}

/// The adviser's view of an office hour: every booking with the person's
/// name, topic, mode and note, by slot (cancelled ones with `cancelled=true`).
#[utoipa::path(
    tag = "meetings",
    operation_id = "list_meeting_bookings",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The meeting's id"), MeetingBookingsQuery),
    responses((status = 200, description = "The bookings by slot, first booked first", body = Vec<Booking>))
)]
#[get("/meetings/{id}/bookings")]
pub(super) async fn list_meeting_bookings(
    state: web::Data<AppState>,
    actor: Actor,
    req: HttpRequest,
    id: web::Path<String>,
    query: web::Query<MeetingBookingsQuery>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::List, Resource::Booking)?;
    query.validate()?;
    let lang = language(&req, query.lang.as_deref());
    let cancelled = query.cancelled;
    let id = id.into_inner();
    let read = audit::ReadEvent::new(&actor, "list", "booking").of(id.clone());
    let list = state
        .db(move |conn| {
            Caller::of(conn, &actor)?.require_staff("see a meeting's bookings")?;
            let m = find_meeting(conn, &actor, &Viewer::Staff, &id)?;
            let rows = model::of_meeting(conn, &m.id, cancelled)?;
            model::build(conn, rows, lang, true)
        })
        .await?;
    state.audit.write(read).await?;
    Ok(HttpResponse::Ok().json(list))
}

/// Bookings across office hours. A participant: their own active
/// bookings whose slot ends after `from` (default now), soonest first, at
/// most 100, or those of one `date`. Staff: every active booking on
/// `date` (required), by start; with `mine=true` only at office hours they
/// organise or facilitate.
#[utoipa::path(
    tag = "meetings",
    operation_id = "list_bookings",
    security(("bearer" = [])),
    params(BookingListQuery),
    responses((status = 200, description = "The bookings, soonest first", body = Vec<Booking>))
)]
#[get("/bookings")]
pub(super) async fn list_bookings(
    state: web::Data<AppState>,
    actor: Actor,
    req: HttpRequest,
    query: web::Query<BookingListQuery>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::List, Resource::Booking)?;
    query.validate()?;
    let lang = language(&req, query.lang.as_deref());
    let q = query.into_inner();
    let years = 1..=9999;
    if q.date.is_some_and(|d| !years.contains(&d.year())) {
        return Err(ApiError::field("date", "range", "a year from 1 to 9999"));
    }
    if q.from.is_some_and(|f| !years.contains(&f.year())) {
        return Err(ApiError::field("from", "range", "a year from 1 to 9999"));
    }
    let read = audit::ReadEvent::new(&actor, "list", "booking");
    let list = state
        .db(move |conn| {
            let caller = Caller::of(conn, &actor)?;
            let org = &actor.organization_id;
            let rows = match (&caller, q.date) {
                (Caller::Person(p), Some(date)) => model::on_day(conn, org, date, Some(p), None)?,
                (Caller::Person(p), None) => {
                    let from = q.from.map(|f| f.naive_utc()).unwrap_or_else(ids::now);
                    model::of_person(conn, org, p, from)?
                }
                (Caller::Staff, Some(date)) => {
                    let mine = if q.mine { actor.user_id() } else { None };
                    model::on_day(conn, org, date, None, mine)?
                }
                (Caller::Staff, None) => {
                    return Err(ApiError::field(
                        "date",
                        "required",
                        "staff pick a day: date=YYYY-MM-DD",
                    ))
                }
            };
            model::build(conn, rows, lang, caller.is_staff())
        })
        .await?;
    state.audit.write(read).await?;
    Ok(HttpResponse::Ok().json(list))
}
