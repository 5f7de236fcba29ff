//! `GET /participants`: filters, sorts, keyset cursors, incremental pulls
//! with tombstones, and the pseudonymised list for analysts and API keys.

use actix_web::{get, web, HttpResponse};
use validator::Validate;

use crate::audit;
use crate::auth::{Actor, Credentials};
use crate::db::DbConnection;
use crate::error::{ApiError, Problem};
use crate::pagination::PageRequest;
use crate::participants::access::{
    self, into_view, pseudonymised_people, pseudonymised_tombstone, pseudonymised_view, Viewer,
    QUASI_IDENTIFIERS,
};
use crate::participants::json::{
    looks_like_pseudonym, ListStatus, ParticipantListQuery, ParticipantPage, ParticipantStatus,
    ParticipantView, SortOrder, View, PSEUDONYM_ORDER,
};
use crate::participants::model;
use crate::policy::{Action, Resource};
use crate::{AppState, Settings};

fn refuse_filter(name: &str) -> ApiError {
    ApiError::forbidden(format!(
        "your role may not filter by `{name}`: it cannot see that field"
    ))
}

/// Lists participants the caller may see, with the fields it may see.
#[utoipa::path(
    tag = "participants",
    operation_id = "list_participants",
    security(("bearer" = [])),
    params(ParticipantListQuery),
    responses(
        (status = 200, description = "A page of participants", body = ParticipantPage),
        (status = 403, description = "A filter on a field the role cannot see", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/participants")]
pub(in crate::participants) async fn list_participants(
    state: web::Data<AppState>,
    caller: Credentials,
    query: web::Query<ParticipantListQuery>,
) -> Result<HttpResponse, ApiError> {
    let query = query.into_inner();
    let settings = state.settings.clone();
    // The caller's role is read in the same database call as the page.
    let (page, read) = state
        .quick_read_as(caller, access::not_pseudonymised, move |conn, actor| {
            let page = list_page(conn, actor, &settings, &query)?;
            Ok((page, audit::ReadEvent::new(actor, "list", "participant")))
        })
        .await?;
    state.audit.write(read).await?;
    // About 800 bytes a person with every field.
    crate::http::json_ok(&page, 1024 * page.items.len().max(1))
}

/// The page `actor` asked for, in the order the checks ran when the role
/// was read before the handler: the role, the query, then the filters the
/// role may use.
fn list_page(
    conn: &mut DbConnection,
    actor: &Actor,
    settings: &Settings,
    query: &ParticipantListQuery,
) -> Result<ParticipantPage, ApiError> {
    actor.require(Action::List, Resource::Participant)?;
    query.validate()?;
    let view = access::list_view(actor);
    if view == View::Pseudonymised {
        let request = PageRequest::parse(query.limit, query.cursor.as_deref(), PSEUDONYM_ORDER)?;
        return list_pseudonymised(conn, actor, settings, query, request);
    }
    let sees_sensitive = matches!(view, View::Full | View::Own | View::Pseudonymised);
    if query.legal_status.is_some() && !sees_sensitive {
        return Err(refuse_filter("legal_status"));
    }
    if query.q.is_some() && view == View::Pseudonymised {
        return Err(refuse_filter("q"));
    }
    if (query.need.is_some() || query.arrived_from.is_some() || query.arrived_to.is_some())
        && matches!(view, View::Mentee | View::Shared)
    {
        return Err(refuse_filter(if query.need.is_some() {
            "need"
        } else {
            "arrived_from"
        }));
    }
    if matches!(query.sort, Some(SortOrder::Name | SortOrder::NameDesc))
        && view == View::Pseudonymised
    {
        return Err(refuse_filter("sort"));
    }
    if query.municipality.is_some() && view == View::Mentee {
        return Err(refuse_filter("municipality"));
    }
    if query.adviser_id.is_some() && !matches!(view, View::Full | View::Limited) {
        return Err(refuse_filter("adviser_id"));
    }
    if query
        .skills
        .as_deref()
        .is_some_and(|l| l.split(',').filter(|u| !u.trim().is_empty()).count() > 20)
    {
        return Err(ApiError::field("skills", "too_many", "at most 20 skills"));
    }
    let sort = if query.updated_since.is_some() {
        SortOrder::Updated
    } else {
        query.sort.unwrap_or(SortOrder::Created)
    };
    let request = PageRequest::parse(query.limit, query.cursor.as_deref(), sort.name())?;
    let viewer = Viewer::of(settings, actor);
    let (rows, next_cursor) = model::list::page(conn, actor, view, query, sort, &request)?;
    let people = model::load_many(rows)?;
    let items = people
        .into_iter()
        .filter_map(|p| {
            if p.status() != ParticipantStatus::Active && query.updated_since.is_some() {
                return Some(into_view(p, View::Tombstone, &viewer));
            }
            access::view_for(actor, &p).map(|v| into_view(p, v, &viewer))
        })
        .collect();
    Ok(ParticipantPage { items, next_cursor })
}

/// The participant list for analysts and API keys. Filters see only what
/// the records show (a filter on a withheld value would reveal it), filters
/// on what they never show are refused, and the order is by pseudonym,
/// whatever `sort` says: an order by creation or change would be the same
/// for every key and line their pseudonyms up.
fn list_pseudonymised(
    conn: &mut DbConnection,
    actor: &Actor,
    settings: &Settings,
    query: &ParticipantListQuery,
    request: PageRequest,
) -> Result<ParticipantPage, ApiError> {
    let refused = [
        ("q", query.q.is_some()),
        ("adviser_id", query.adviser_id.is_some()),
        ("arrived_from", query.arrived_from.is_some()),
        ("arrived_to", query.arrived_to.is_some()),
        ("skills", query.skills.is_some()),
        ("min_level", query.min_level.is_some()),
        ("match", query.match_.is_some()),
        (
            "sort",
            matches!(query.sort, Some(SortOrder::Name | SortOrder::NameDesc)),
        ),
    ];
    if let Some((name, _)) = refused.iter().find(|(_, used)| *used) {
        return Err(refuse_filter(name));
    }
    let after = match &request.after {
        Some(c) if !looks_like_pseudonym(&c.key) => {
            return Err(ApiError::field(
                "cursor",
                "invalid",
                "is not a cursor this server gave out for this list",
            ))
        }
        Some(c) => Some(c.key.clone()),
        None => None,
    };
    // Counted from the start of that day (UTC): which people changed within
    // a day is all a pull tells, not when.
    let since = query
        .updated_since
        .map(|t| t.date_naive().and_time(chrono::NaiveTime::MIN));
    let viewer = Viewer::of(settings, actor);
    let people = pseudonymised_people(conn, &actor.organization_id, &viewer)?;
    let index = |name: &str| QUASI_IDENTIFIERS.iter().position(|n| *n == name);
    let shown = |mask: &[bool], name: &str| index(name).is_some_and(|i| !mask[i]);
    let wanted_status = match query.status.unwrap_or(ListStatus::Active) {
        ListStatus::Active => ParticipantStatus::Active,
        ListStatus::Archived => ParticipantStatus::Archived,
    };
    let mut items: Vec<(String, ParticipantView)> = people
        .iter()
        .filter(|(pseudonym, _, _)| after.as_deref().is_none_or(|a| pseudonym.as_str() > a))
        .filter_map(|(pseudonym, p, mask)| {
            let status = p.status();
            match since {
                Some(t) => {
                    if p.row.updated_at < t {
                        return None;
                    }
                    if status != ParticipantStatus::Active {
                        return Some((pseudonym.clone(), pseudonymised_tombstone(p, &viewer)));
                    }
                }
                None if status != wanted_status => return None,
                None => {}
            }
            let r = &p.row;
            if let Some(v) = query.legal_status {
                if !shown(mask, "legal_status") || r.legal_status.as_deref() != Some(v.as_str()) {
                    return None;
                }
            }
            if let Some(v) = &query.municipality {
                let same = r
                    .municipality
                    .as_deref()
                    .is_some_and(|m| m.to_lowercase() == v.trim().to_lowercase());
                if !shown(mask, "municipality") || !same {
                    return None;
                }
            }
            if let Some(v) = &query.language {
                if !shown(mask, "languages") || !p.languages.iter().any(|l| &l.language == v) {
                    return None;
                }
            }
            if let Some(v) = query.need {
                if !shown(mask, "needs") || !p.needs.contains(&v) {
                    return None;
                }
            }
            Some((pseudonym.clone(), pseudonymised_view(p, mask, &viewer)))
        })
        .collect();
    items.sort_by(|a, b| a.0.cmp(&b.0));
    let next_cursor = request.cut(&mut items, |(p, _)| (p.clone(), String::new()));
    Ok(ParticipantPage {
        items: items.into_iter().map(|(_, v)| v).collect(),
        next_cursor,
    })
}
