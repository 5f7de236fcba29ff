//! `GET /opportunities/{id}/matches` and `GET /participants/{id}/matches`.

use std::collections::HashMap;

use actix_web::{get, web, HttpRequest, HttpResponse};

use super::access::{self, Audience};
use super::cache::verdict;
use super::json::{
    courses_of, uris_of, IneligibleOpportunity, IneligiblePerson, Lookup, MatchQuery,
    OpportunityMatch, OpportunityMatches, OpportunitySummary, PeopleMatches, PersonMatch,
};
use super::load::{self, Summary};
use crate::audit;
use crate::auth::Credentials;
use crate::db::DbConnection;
use crate::error::{ApiError, Problem};
use crate::http::params::language;
use crate::ids;
use crate::market::texts::pick_stored;
use crate::opportunities::matching::{
    rank_opportunities, Eligibility, Match, Options, Person, Ranked,
};
use crate::participants::access::Viewer;
use crate::policy::{Action, Resource};
use crate::skills::model::concepts::preferred_labels;
use crate::AppState;

/// The reason given to the engine for a person a partner may not see; such
/// people are dropped, never listed.
const HIDDEN: &str = "-hidden";

fn options(query: &MatchQuery) -> Result<Options, ApiError> {
    let limit = query.limit.unwrap_or(50);
    if !(1..=100).contains(&limit) {
        return Err(ApiError::field("limit", "range", "between 1 and 100"));
    }
    Ok(Options {
        limit: usize::try_from(limit).unwrap_or(50),
        with_ineligible: query.with_ineligible.unwrap_or(false),
    })
}

fn summary(s: &Summary, lang: &str) -> OpportunitySummary {
    OpportunitySummary {
        id: s.id.clone(),
        kind: s.kind,
        title: pick_stored(&s.title, lang).1,
        provider_name: s.provider_name.clone(),
        place: s.place.clone(),
        municipality: s.municipality.clone(),
        deadline: s.deadline,
    }
}

/// Labels every skill the matches name and titles every course.
fn lookup(
    conn: &mut DbConnection,
    matches: &[Match],
    course_titles: HashMap<String, String>,
    lang: &str,
) -> Result<Lookup, ApiError> {
    let mut uris = Vec::new();
    for m in matches {
        uris_of(m, &mut uris);
    }
    uris.sort_unstable();
    uris.dedup();
    let labels = if uris.is_empty() {
        HashMap::new()
    } else {
        preferred_labels(conn, &uris, lang)?
    };
    Ok(Lookup {
        labels,
        course_titles: course_titles
            .into_iter()
            .map(|(id, json)| (id, pick_stored(&json, lang).1))
            .collect(),
    })
}

/// The people who match an opportunity best, each match explained item by
/// item. Staff see everyone; the partner who posted it sees only people
/// who consented to `partner_sharing` (filtered before ranking). Ranked by
/// score (points out of 1000: essential skills 500, optional 150, languages
/// 150, education 100, place 100; a narrower skill counts 80 % one step
/// down, 60 % two), then by id; the ineligible are not ranked, and are
/// listed apart with the reason on request.
#[utoipa::path(
    tag = "opportunities",
    operation_id = "opportunity_matches",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The opportunity's id"), MatchQuery),
    responses(
        (status = 200, description = "The best matches", body = PeopleMatches),
        (status = 404, description = "No such opportunity", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/opportunities/{id}/matches")]
pub(super) async fn opportunity_matches(
    state: web::Data<AppState>,
    caller: Credentials,
    req: HttpRequest,
    id: web::Path<String>,
    query: web::Query<MatchQuery>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let lang = language(&req, query.lang.as_deref());
    let options = options(&query)?;
    let cache = state.matches.clone();
    let settings = state.settings.clone();
    let (read, body) = state
        .db_as(caller, move |conn, actor| {
            actor.require(Action::Read, Resource::Match)?;
            let (posting, audience) = access::opportunity_for(conn, actor, &id)?;
            let today = ids::now().date();
            let kind = posting.summary.kind;
            let country = posting.country.clone();
            let (ranked, titles) = cache.with(conn, &actor.organization_id, today, |m| {
                let eligibility = |p: &Person| {
                    if audience == Audience::Partner && !m.sharing(&p.id) {
                        return Eligibility::Ineligible {
                            reason: HIDDEN.into(),
                        };
                    }
                    match m.circumstances(&p.id, today) {
                        Some(c) => verdict(&country, &c, kind, today),
                        None => Eligibility::Eligible,
                    }
                };
                let ranked = m.index.rank(
                    &posting.requirement,
                    &m.hierarchy,
                    &m.courses,
                    &eligibility,
                    options,
                );
                (ranked.clone(), course_titles(&ranked, |c| m.posting(c)))
            })?;
            let Ranked {
                matches,
                mut ineligible,
            } = ranked;
            ineligible.retain(|e| e.reason != HIDDEN);
            let viewer = Viewer::of(&settings, actor);
            let ids: Vec<String> = matches
                .iter()
                .map(|m| m.person.clone())
                .chain(ineligible.iter().map(|e| e.id.clone()))
                .collect();
            let mut views = access::views_of(conn, actor, &viewer, &ids)?;
            let look = lookup(conn, &matches, titles, lang)?;
            let items = matches
                .iter()
                .filter_map(|m| {
                    Some(PersonMatch {
                        participant_id: m.person.clone(),
                        explained: look.explain(m),
                        person: views.get(&m.person)?.clone(),
                    })
                })
                .collect();
            let ineligible = ineligible
                .into_iter()
                .filter_map(|e| {
                    Some(IneligiblePerson {
                        person: views.remove(&e.id)?,
                        id: e.id,
                        reason: e.reason,
                    })
                })
                .collect();
            let read = audit::ReadEvent::new(actor, "read", "opportunity_matches").of(id.clone());
            Ok((read, PeopleMatches { items, ineligible }))
        })
        .await?;
    state.audit.write(read).await?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(body))
}

/// The stored titles of the courses a ranking names.
fn course_titles<'a>(
    ranked: &Ranked,
    posting: impl Fn(&str) -> Option<&'a load::Posting>,
) -> HashMap<String, String> {
    let mut ids = Vec::new();
    for m in &ranked.matches {
        courses_of(m, &mut ids);
    }
    ids.into_iter()
        .filter_map(|id| {
            let title = posting(&id)?.summary.title.clone();
            Some((id, title))
        })
        .collect()
}

/// The open opportunities that match a person best, each match explained
/// item by item (the same score as the other way round). For staff who see
/// the person, and the person themself. Opportunities the person may not
/// take are not ranked, and are listed apart with the reason on request.
#[utoipa::path(
    tag = "opportunities",
    operation_id = "participant_matches",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The participant's id"), MatchQuery),
    responses(
        (status = 200, description = "The best matches", body = OpportunityMatches),
        (status = 404, description = "No such participant", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/participants/{id}/matches")]
pub(super) async fn participant_matches(
    state: web::Data<AppState>,
    caller: Credentials,
    req: HttpRequest,
    id: web::Path<String>,
    query: web::Query<MatchQuery>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let lang = language(&req, query.lang.as_deref());
    let options = options(&query)?;
    let cache = state.matches.clone();
    let (read, body) = state
        .db_as(caller, move |conn, actor| {
            actor.require(Action::Read, Resource::Match)?;
            access::person_for(conn, actor, &id)?;
            let read = audit::ReadEvent::new(actor, "read", "participant_matches").of(id.clone());
            let today = ids::now().date();
            let Some(candidate) = load::people(
                conn,
                &actor.organization_id,
                Some(std::slice::from_ref(&id)),
                today,
            )?
            .pop() else {
                // Archived: nothing to match.
                let empty = OpportunityMatches {
                    items: vec![],
                    ineligible: vec![],
                };
                return Ok((read, empty));
            };
            let (ranked, summaries, titles) =
                cache.with(conn, &actor.organization_id, today, |m| {
                    let eligibility =
                        |r: &crate::opportunities::matching::Requirement| match m.posting(&r.id) {
                            Some(p) => {
                                verdict(&p.country, &candidate.circumstances, p.summary.kind, today)
                            }
                            None => Eligibility::Eligible,
                        };
                    let ranked = rank_opportunities(
                        &candidate.person,
                        &m.requirements,
                        &m.hierarchy,
                        &m.courses,
                        &eligibility,
                        options,
                    );
                    let summaries: HashMap<String, OpportunitySummary> = ranked
                        .matches
                        .iter()
                        .map(|x| x.opportunity.as_str())
                        .chain(ranked.ineligible.iter().map(|e| e.id.as_str()))
                        .filter_map(|oid| {
                            let p = m.posting(oid)?;
                            Some((oid.to_string(), summary(&p.summary, lang)))
                        })
                        .collect();
                    let titles = course_titles(&ranked, |c| m.posting(c));
                    (ranked, summaries, titles)
                })?;
            let look = lookup(conn, &ranked.matches, titles, lang)?;
            let items = ranked
                .matches
                .iter()
                .filter_map(|m| {
                    Some(OpportunityMatch {
                        opportunity_id: m.opportunity.clone(),
                        explained: look.explain(m),
                        opportunity: summaries.get(&m.opportunity)?.clone(),
                    })
                })
                .collect();
            let ineligible = ranked
                .ineligible
                .into_iter()
                .filter_map(|e| {
                    Some(IneligibleOpportunity {
                        opportunity: summaries.get(&e.id)?.clone(),
                        id: e.id,
                        reason: e.reason,
                    })
                })
                .collect();
            Ok((read, OpportunityMatches { items, ineligible }))
        })
        .await?;
    state.audit.write(read).await?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(body))
}
