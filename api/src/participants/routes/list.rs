//! The participant list: filters, sorts, keyset cursors, incremental pulls
//! with tombstones, and the pseudonymised list for analysts and API keys.

use super::*;

/// The view a role has of participants in lists (its narrowest).
pub(super) fn list_view(actor: &Actor) -> View {
    if matches!(actor.principal, crate::auth::Principal::ApiKey { .. }) {
        return View::Pseudonymised;
    }
    match actor.role {
        Role::Admin | Role::Coordinator => View::Full,
        Role::Adviser => View::Limited,
        Role::Participant => View::Own,
        Role::Mentor => View::Mentee,
        Role::Partner => View::Shared,
        Role::Analyst => View::Pseudonymised,
    }
}

/// Filters and paging of the participant list.
///
/// For analysts and API keys (pseudonymised views) filters match only the
/// values a record shows (never one k-anonymity withheld); `q`,
/// `adviser_id`, `arrived_from`/`arrived_to`, `skills` and sorting by name
/// are refused (403); the order is always by pseudonym.
#[derive(Debug, Deserialize, IntoParams, Validate)]
#[into_params(parameter_in = Query)]
pub struct ParticipantListQuery {
    /// `active` (default) or `archived`. Ignored with `updated_since`.
    #[param(inline)]
    pub status: Option<ListStatus>,
    pub legal_status: Option<LegalStatus>,
    /// Exact municipality, ignoring case.
    #[param(max_length = 100)]
    #[validate(length(max = 100))]
    pub municipality: Option<String>,
    /// Speaks this language (code from the `languages` list).
    #[param(max_length = 3)]
    #[validate(length(max = 3))]
    pub language: Option<String>,
    /// Has this need.
    pub need: Option<Need>,
    /// Assigned to this adviser (a user id). Not for pseudonymised views.
    #[param(max_length = 64)]
    #[validate(length(max = 64))]
    pub adviser_id: Option<String>,
    /// Arrived on or after this date.
    pub arrived_from: Option<NaiveDate>,
    /// Arrived on or before this date.
    pub arrived_to: Option<NaiveDate>,
    /// Part of the name, ignoring case.
    #[param(max_length = 100)]
    #[validate(length(max = 100))]
    pub q: Option<String>,
    /// Has these skills: concept URIs, comma-separated (at most 20).
    #[param(max_length = 6000)]
    #[validate(length(max = 6000))]
    pub skills: Option<String>,
    /// With `skills`: at least this level.
    pub min_level: Option<codes::SkillLevel>,
    /// With `skills`: `all` (default) or `any` of them.
    #[param(inline)]
    #[serde(rename = "match")]
    pub match_: Option<SkillMatch>,
    /// `created` (default), `-created`, `name`, `-name`, `updated`.
    /// Pseudonymised lists are always in pseudonym order (an order by
    /// creation or change would line up the pseudonyms of different keys).
    #[param(inline)]
    pub sort: Option<SortOrder>,
    /// Only records changed at or after this time, oldest change first, with
    /// archived and erased ones as tombstones: for integrations that mirror the list.
    /// Pseudonymised pulls count from the start of that day (UTC), are in
    /// pseudonym order and show no times: pass the time the previous pull began.
    pub updated_since: Option<DateTime<Utc>>,
    /// At most this many (1–100, default 50).
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<i64>,
    /// `next_cursor` of the previous page.
    #[param(max_length = 400)]
    #[validate(length(max = 400))]
    pub cursor: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SkillMatch {
    All,
    Any,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ListStatus {
    Active,
    Archived,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub enum SortOrder {
    #[serde(rename = "created")]
    Created,
    #[serde(rename = "-created")]
    CreatedDesc,
    #[serde(rename = "name")]
    Name,
    #[serde(rename = "-name")]
    NameDesc,
    #[serde(rename = "updated")]
    Updated,
}

/// A page of participants.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ParticipantPage {
    pub items: Vec<ParticipantView>,
    /// Pass as `cursor` for the next page; `null` on the last page.
    pub next_cursor: Option<String>,
}

#[derive(Serialize, Deserialize)]
pub(super) struct Cursor {
    pub(super) s: SortOrder,
    pub(super) k: String,
    pub(super) i: String,
}

pub(super) fn encode_cursor(c: &Cursor) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .encode(serde_json::to_vec(c).unwrap_or_default())
}

pub(super) fn decode_cursor(s: &str, sort: SortOrder) -> Result<Cursor, ApiError> {
    let bad = || {
        ApiError::field(
            "cursor",
            "invalid",
            "is not a cursor this server gave out for this sort order",
        )
    };
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(s)
        .map_err(|_| bad())?;
    let c: Cursor = serde_json::from_slice(&bytes).map_err(|_| bad())?;
    if c.s != sort || !ids::is_uuid(&c.i) {
        return Err(bad());
    }
    Ok(c)
}

diesel::define_sql_function!(fn lower(x: diesel::sql_types::Nullable<diesel::sql_types::Text>) -> diesel::sql_types::Nullable<diesel::sql_types::Text>);

pub(super) fn refuse_filter(name: &str) -> ApiError {
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
        (status = 400, description = "Malformed query", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A filter on a field the role cannot see", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid limit or cursor", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/participants")]
pub(super) async fn list_participants(
    state: web::Data<AppState>,
    actor: Actor,
    query: web::Query<ParticipantListQuery>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::List, Resource::Participant)?;
    query.validate()?;
    let query = query.into_inner();
    let limit = query.limit.unwrap_or(crate::pagination::DEFAULT_LIMIT);
    if !(1..=MAX_LIMIT).contains(&limit) {
        return Err(ApiError::field(
            "limit",
            "range",
            "must be between 1 and 100",
        ));
    }
    let view = list_view(&actor);
    if view == View::Pseudonymised {
        return list_pseudonymised(state, actor, query, limit).await;
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
    let cursor = query
        .cursor
        .as_deref()
        .filter(|c| !c.is_empty())
        .map(|c| decode_cursor(c, sort))
        .transpose()?;
    let viewer = Viewer::new(&state, &actor);
    let read = audit::ReadEvent::new(&actor, "list", "participant");
    let page = state
        .db(move |conn| {
            let mut q = participants::table
                .filter(participants::organization_id.eq(&actor.organization_id))
                .select(ParticipantRow::as_select())
                .limit(limit + 1)
                .into_boxed();
            let me = actor.user_id().unwrap_or("").to_string();
            q = match view {
                View::Own => q.filter(participants::user_id.eq(me)),
                View::Mentee => q.filter(participants::mentor_id.eq(me)),
                View::Shared => q.filter(
                    participants::id.eq_any(
                        consents::table
                            .filter(consents::organization_id.eq(actor.organization_id.clone()))
                            .filter(consents::purpose.eq(ConsentPurpose::PartnerSharing.as_str()))
                            .filter(consents::withdrawn_at.is_null())
                            .select(consents::participant_id),
                    ),
                ),
                _ => q,
            };
            match query.updated_since {
                Some(since) => q = q.filter(participants::updated_at.ge(since.naive_utc())),
                None => {
                    let status = match query.status.unwrap_or(ListStatus::Active) {
                        ListStatus::Active => "active",
                        ListStatus::Archived => "archived",
                    };
                    q = q.filter(participants::status.eq(status));
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
                let escaped = v
                    .to_lowercase()
                    .replace('\\', "\\\\")
                    .replace('%', "\\%")
                    .replace('_', "\\_");
                q = q.filter(
                    lower(participants::name)
                        .like(format!("%{escaped}%"))
                        .escape('\\'),
                );
            }
            q = match sort {
                SortOrder::Created => q.order(participants::id.asc()),
                SortOrder::CreatedDesc => q.order(participants::id.desc()),
                SortOrder::Name => q.order((participants::name.asc(), participants::id.asc())),
                SortOrder::NameDesc => {
                    q.order((participants::name.desc(), participants::id.desc()))
                }
                SortOrder::Updated => {
                    q.order((participants::updated_at.asc(), participants::id.asc()))
                }
            };
            if let Some(c) = &cursor {
                let (k, i) = (c.k.clone(), c.i.clone());
                q = match sort {
                    SortOrder::Created => q.filter(participants::id.gt(i)),
                    SortOrder::CreatedDesc => q.filter(participants::id.lt(i)),
                    SortOrder::Name => q.filter(
                        participants::name
                            .gt(k.clone())
                            .or(participants::name.eq(k).and(participants::id.gt(i))),
                    ),
                    SortOrder::NameDesc => q.filter(
                        participants::name
                            .lt(k.clone())
                            .or(participants::name.eq(k).and(participants::id.lt(i))),
                    ),
                    SortOrder::Updated => {
                        let t = chrono::NaiveDateTime::parse_from_str(&k, "%Y-%m-%dT%H:%M:%S%.f")
                            .map_err(|_| {
                            ApiError::field(
                                "cursor",
                                "invalid",
                                "is not a cursor this server gave out",
                            )
                        })?;
                        q.filter(
                            participants::updated_at
                                .gt(t)
                                .or(participants::updated_at.eq(t).and(participants::id.gt(i))),
                        )
                    }
                };
            }
            let mut rows: Vec<ParticipantRow> = q.load(conn)?;
            let more = rows.len() as i64 > limit;
            rows.truncate(limit as usize);
            let next_cursor = if more {
                rows.last().map(|r| {
                    let k = match sort {
                        SortOrder::Name | SortOrder::NameDesc => r.name.clone().unwrap_or_default(),
                        SortOrder::Updated => {
                            r.updated_at.format("%Y-%m-%dT%H:%M:%S%.6f").to_string()
                        }
                        _ => String::new(),
                    };
                    encode_cursor(&Cursor {
                        s: sort,
                        k,
                        i: r.id.clone(),
                    })
                })
            } else {
                None
            };
            let people = model::load_many(conn, rows)?;
            let items = people
                .iter()
                .filter_map(|p| {
                    if p.status() != ParticipantStatus::Active && query.updated_since.is_some() {
                        return Some(build_view(p, View::Tombstone, &viewer));
                    }
                    model::view_for(&actor, p).map(|v| build_view(p, v, &viewer))
                })
                .collect();
            Ok(ParticipantPage { items, next_cursor })
        })
        .await?;
    state.audit.write(read).await?;
    Ok(HttpResponse::Ok().json(page))
}

/// Where a pseudonymised page left off: the last pseudonym given out.
#[derive(Serialize, Deserialize)]
pub(super) struct PseudonymCursor {
    p: String,
}

/// The participant list for analysts and API keys. Filters see only what
/// the records show (a filter on a withheld value would reveal it), filters
/// on what they never show are refused, and the order is by pseudonym,
/// whatever `sort` says: an order by creation or change would be the same
/// for every key and line their pseudonyms up.
pub(super) async fn list_pseudonymised(
    state: web::Data<AppState>,
    actor: Actor,
    query: ParticipantListQuery,
    limit: i64,
) -> Result<HttpResponse, ApiError> {
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
    let after = match query.cursor.as_deref().filter(|c| !c.is_empty()) {
        None => None,
        Some(c) => {
            let bad = || {
                ApiError::field(
                    "cursor",
                    "invalid",
                    "is not a cursor this server gave out for this list",
                )
            };
            let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
                .decode(c)
                .map_err(|_| bad())?;
            let c: PseudonymCursor = serde_json::from_slice(&bytes).map_err(|_| bad())?;
            if !model::looks_like_pseudonym(&c.p) {
                return Err(bad());
            }
            Some(c.p)
        }
    };
    // Counted from the start of that day (UTC): which people changed within
    // a day is all a pull tells, not when.
    let since = query
        .updated_since
        .map(|t| t.date_naive().and_time(chrono::NaiveTime::MIN));
    let viewer = Viewer::new(&state, &actor);
    let read = audit::ReadEvent::new(&actor, "list", "participant");
    let page = state
        .db(move |conn| {
            let people = pseudonymised_people(conn, &actor.organization_id, &viewer)?;
            let index = |name: &str| model::QUASI_IDENTIFIERS.iter().position(|n| *n == name);
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
                                return Some((
                                    pseudonym.clone(),
                                    pseudonymised_tombstone(p, &viewer),
                                ));
                            }
                        }
                        None if status != wanted_status => return None,
                        None => {}
                    }
                    let r = &p.row;
                    if let Some(v) = query.legal_status {
                        if !shown(mask, "legal_status")
                            || r.legal_status.as_deref() != Some(v.as_str())
                        {
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
                        if !shown(mask, "languages")
                            || !p.languages.iter().any(|l| &l.language == v)
                        {
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
            let more = items.len() as i64 > limit;
            items.truncate(limit as usize);
            let next_cursor = if more {
                items.last().map(|(p, _)| {
                    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(
                        serde_json::to_vec(&PseudonymCursor { p: p.clone() }).unwrap_or_default(),
                    )
                })
            } else {
                None
            };
            Ok(ParticipantPage {
                items: items.into_iter().map(|(_, v)| v).collect(),
                next_cursor,
            })
        })
        .await?;
    state.audit.write(read).await?;
    Ok(HttpResponse::Ok().json(page))
}
