//! The participant list's query: the role's rows, the filters, the sort
//! order and the keyset cursor.

use diesel::prelude::*;

use super::people::ParticipantRow;
use crate::auth::Actor;
use crate::codes::{self, ConsentPurpose};
use crate::db::schema::{consents, participant_languages, participant_needs, participants};
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::pagination::{time_key, PageRequest};
use crate::participants::json::{ListStatus, ParticipantListQuery, SkillMatch, SortOrder, View};

diesel::define_sql_function!(fn lower(x: diesel::sql_types::Nullable<diesel::sql_types::Text>) -> diesel::sql_types::Nullable<diesel::sql_types::Text>);

/// One page of the rows `view` lets `actor` see in its organisation,
/// filtered by `query`, in `sort` order after the request's cursor, with the cursor of
/// the next page when there is one.
pub fn page(
    conn: &mut DbConnection,
    actor: &Actor,
    view: View,
    query: &ParticipantListQuery,
    sort: SortOrder,
    request: &PageRequest,
) -> Result<(Vec<ParticipantRow>, Option<String>), ApiError> {
    let mut rows = match unfiltered(view, query, sort) {
        Some(status) => status_page(conn, &actor.organization_id, status, request)?,
        None => filtered_page(conn, actor, view, query, sort, request)?,
    };
    let next_cursor = request.cut(&mut rows, |r| {
        let key = match sort {
            SortOrder::Name | SortOrder::NameDesc => r.name.clone().unwrap_or_default(),
            SortOrder::Updated => time_key(r.updated_at),
            _ => String::new(),
        };
        (key, r.id.clone())
    });
    Ok((rows, next_cursor))
}

fn status_name(status: Option<ListStatus>) -> &'static str {
    match status.unwrap_or(ListStatus::Active) {
        ListStatus::Active => "active",
        ListStatus::Archived => "archived",
    }
}

/// The status asked for, when the page is the commonest kind: everyone
/// the role sees in the organisation (no narrower view), in the order they
/// were added, with no filter but the status.
fn unfiltered(view: View, query: &ParticipantListQuery, sort: SortOrder) -> Option<&'static str> {
    let q = query;
    let blank = |v: &Option<String>| v.as_deref().is_none_or(|s| s.trim().is_empty());
    let plain = matches!(view, View::Full | View::Limited)
        && sort == SortOrder::Created
        && q.updated_since.is_none()
        && q.legal_status.is_none()
        && q.municipality.is_none()
        && q.language.is_none()
        && q.need.is_none()
        && blank(&q.skills)
        && q.adviser_id.is_none()
        && q.arrived_from.is_none()
        && q.arrived_to.is_none()
        && blank(&q.q);
    plain.then(|| status_name(q.status))
}

/// The commonest page as a query of one fixed type, which diesel prepares
/// once per connection and keeps by its type; the boxed query of
/// [`filtered_page`] is written out as SQL at every run to be looked up
/// (about a twentieth of a page's CPU in a profile). With no cursor, the
/// ids after `''` are all of them.
fn status_page(
    conn: &mut DbConnection,
    org: &str,
    status: &str,
    request: &PageRequest,
) -> Result<Vec<ParticipantRow>, ApiError> {
    let after = request.after.as_ref().map_or("", |c| c.id.as_str());
    Ok(crate::on_backend!(conn, c => participants::table
        .filter(participants::organization_id.eq(org))
        .filter(participants::status.eq(status))
        .filter(participants::id.gt(after))
        .order(participants::id.asc())
        .select(ParticipantRow::as_select())
        .limit(request.fetch())
        .load_iter::<_, diesel::connection::DefaultLoadingMode>(c)
        .and_then(|rows| sized(rows, request)))?)
}

/// A page's rows in a vector of the page's size (collected as `load` does,
/// a vector of 50 large rows is copied four times as it grows).
fn sized<T>(
    rows: impl Iterator<Item = QueryResult<T>>,
    request: &PageRequest,
) -> QueryResult<Vec<T>> {
    let mut page = Vec::with_capacity(usize::try_from(request.fetch()).unwrap_or(0));
    for row in rows {
        page.push(row?);
    }
    Ok(page)
}

/// Any other page: the role's narrower view, the filters and the sort
/// order, as a boxed query.
fn filtered_page(
    conn: &mut DbConnection,
    actor: &Actor,
    view: View,
    query: &ParticipantListQuery,
    sort: SortOrder,
    request: &PageRequest,
) -> Result<Vec<ParticipantRow>, ApiError> {
    // Built and run on the backend's own connection (see `on_backend!`).
    let rows: Vec<ParticipantRow> = crate::on_backend!(conn, c => {
        let org = &actor.organization_id;
        let mut q = participants::table
            .filter(participants::organization_id.eq(org))
            .select(ParticipantRow::as_select())
            .limit(request.fetch())
            .into_boxed();
        let me = actor.user_id().unwrap_or("").to_string();
        q = match view {
            View::Own => q.filter(participants::user_id.eq(me)),
            View::Mentee => q.filter(participants::mentor_id.eq(me)),
            View::Shared => q.filter(
                participants::id.eq_any(
                    consents::table
                        .filter(consents::organization_id.eq(org.clone()))
                        .filter(consents::purpose.eq(ConsentPurpose::PartnerSharing.as_str()))
                        .filter(consents::withdrawn_at.is_null())
                        .select(consents::participant_id),
                ),
            ),
            _ => q,
        };
        match query.updated_since {
            Some(since) => {
                // One lower bound on `updated_at`, the later of `since` and the
                // cursor's time: with two, SQLite may range over the earlier
                // one and filter the rest, and page 1,000 would cost more.
                let after = match (&request.after, sort) {
                    (Some(c), SortOrder::Updated) => Some(c.time()?),
                    _ => None,
                };
                if after.is_none_or(|t| since.naive_utc() > t) {
                    q = q.filter(participants::updated_at.ge(since.naive_utc()));
                }
            }
            None => {
                q = q.filter(participants::status.eq(status_name(query.status)));
            }
        }
        if let Some(v) = query.legal_status {
            q = q.filter(participants::legal_status.eq(v.as_str()));
        }
        if let Some(v) = &query.municipality {
            q = q.filter(lower(participants::municipality).eq(v.trim().to_lowercase()));
        }
        if let Some(v) = &query.language {
            q = q.filter(
                participants::id.eq_any(
                    participant_languages::table
                        .filter(participant_languages::language.eq(v.clone()))
                        .select(participant_languages::participant_id),
                ),
            );
        }
        if let Some(v) = query.need {
            q = q.filter(
                participants::id.eq_any(
                    participant_needs::table
                        .filter(participant_needs::need.eq(v.as_str()))
                        .select(participant_needs::participant_id),
                ),
            );
        }
        if let Some(list) = query.skills.as_deref().filter(|l| !l.trim().is_empty()) {
            use crate::db::schema::participant_skills;
            let uris: Vec<String> = list
                .split(',')
                .map(|u| u.trim().to_string())
                .filter(|u| !u.is_empty())
                .collect();
            let levels: Vec<&str> = codes::SkillLevel::ALL
                .iter()
                .skip_while(|l| Some(**l) != query.min_level && query.min_level.is_some())
                .map(|l| l.as_str())
                .collect();
            if query.match_ == Some(SkillMatch::Any) {
                q = q.filter(
                    participants::id.eq_any(
                        participant_skills::table
                            .filter(participant_skills::skill_uri.eq_any(uris.clone()))
                            .filter(participant_skills::level.eq_any(levels.clone()))
                            .select(participant_skills::participant_id),
                    ),
                );
            } else {
                for uri in uris {
                    q = q.filter(
                        participants::id.eq_any(
                            participant_skills::table
                                .filter(participant_skills::skill_uri.eq(uri))
                                .filter(participant_skills::level.eq_any(levels.clone()))
                                .select(participant_skills::participant_id),
                        ),
                    );
                }
            }
        }
        if let Some(v) = &query.adviser_id {
            q = q.filter(participants::adviser_id.eq(v.clone()));
        }
        if let Some(v) = query.arrived_from {
            q = q.filter(participants::arrival_date.ge(v));
        }
        if let Some(v) = query.arrived_to {
            q = q.filter(participants::arrival_date.le(v));
        }
        if let Some(v) = query.q.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            let pattern =
                crate::skills::model::search::containing(&crate::skills::model::search::fold(v));
            q = q.filter(participants::name_folded.like(pattern).escape('\\'));
        }
        q = match sort {
            SortOrder::Created => q.order(participants::id.asc()),
            SortOrder::CreatedDesc => q.order(participants::id.desc()),
            SortOrder::Name => q.order((participants::name.asc(), participants::id.asc())),
            SortOrder::NameDesc => q.order((participants::name.desc(), participants::id.desc())),
            SortOrder::Updated => q.order((participants::updated_at.asc(), participants::id.asc())),
        };
        if let Some(c) = &request.after {
            let (k, i) = (c.key.clone(), c.id.clone());
            q = match sort {
                SortOrder::Created => q.filter(participants::id.gt(i)),
                SortOrder::CreatedDesc => q.filter(participants::id.lt(i)),
                // `key >= k AND (key > k OR id > i)`: the same rows as
                // `(key, id) > (k, i)`, with a first term that the index's
                // range can answer on both databases (an `OR` alone scans).
                SortOrder::Name => q.filter(
                    participants::name
                        .ge(k.clone())
                        .and(participants::name.gt(k).or(participants::id.gt(i))),
                ),
                SortOrder::NameDesc => q.filter(
                    participants::name
                        .le(k.clone())
                        .and(participants::name.lt(k).or(participants::id.lt(i))),
                ),
                SortOrder::Updated => {
                    let t = c.time()?;
                    q.filter(
                        participants::updated_at
                            .ge(t)
                            .and(participants::updated_at.gt(t).or(participants::id.gt(i))),
                    )
                }
            };
        }
        q.load_iter::<_, diesel::connection::DefaultLoadingMode>(c)
            .and_then(|rows| sized(rows, request))
    })?;
    Ok(rows)
}
