//! `/participants`: create (idempotent), read, update (merge patch with a
//! version), archive and restore, list with filters and keyset paging,
//! incremental pulls with tombstones, and consents.

use actix_web::{get, patch, post, web, HttpRequest, HttpResponse};
use base64::Engine;
use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

use crate::audit;
use crate::auth::{tokens, Actor};
use crate::codes::{self, ConsentPurpose, Gender, LegalStatus, Need, WorkPermit};
use crate::db::schema::{consents, participant_languages, participant_needs, participants};
use crate::db::DbConnection;
use crate::error::{ApiError, FieldError, Problem, ProblemCode};
use crate::http::ApiJson;
use crate::ids;
use crate::pagination::MAX_LIMIT;
use crate::participants::{
    self as model, LanguageSkill, Participant, ParticipantFields, ParticipantRow,
    ParticipantStatus, Qualification, View,
};
use crate::policy::{Action, Resource, Role};
use crate::AppState;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_participants)
        .service(create_participant)
        .service(get_participant)
        .service(update_participant)
        .service(archive_participant)
        .service(restore_participant)
        .service(list_consents)
        .service(record_consent)
        .service(withdraw_consent)
        .service(export_participant)
        .service(erase_participant);
}

macro_rules! view_struct {
    ($($(#[$m:meta])* $field:ident: $ty:ty),+ $(,)?) => {
        /// A participant as the caller may see it: fields it may not see are
        /// absent (see `view`), as are empty ones.
        #[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
        pub struct ParticipantView {
            /// The participant's id; absent in pseudonymised views and their
            /// tombstones, where `pseudonym` is the only identifier.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub id: Option<String>,
            pub status: ParticipantStatus,
            /// Which set of fields this is.
            pub view: View,
            /// When the record last changed; absent in pseudonymised views (a
            /// time shared by every key would link their pseudonyms).
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub updated_at: Option<DateTime<Utc>>,
            $($(#[$m])* #[serde(default, skip_serializing_if = "Option::is_none")] pub $field: Option<$ty>,)+
        }
    };
}

view_struct! {
    /// Send it back with a change; a stale one answers 409. Absent in
    /// pseudonymised views (a counter shared by every key would link them).
    version: i32,
    /// For pseudonymised views (and their tombstones): the only identifier,
    /// stable for this organisation and API key (or analyst), unlinkable
    /// between keys. `GET /participants/{id}` takes it as the `id`.
    #[schema(example = "P-7KQ2M9XW4C")]
    pseudonym: String,
    name: String,
    name_is_pseudonym: bool,
    phone: String,
    whatsapp: String,
    viber: String,
    email: String,
    gender: Gender,
    gender_self_description: String,
    birth_year: i32,
    /// Derived from the birth year: the bands of the interview analysis.
    age_band: codes::InterviewAgeBand,
    country_of_origin: String,
    legal_status: LegalStatus,
    /// With `legal_status: other`, the status in words (staff and the person only).
    legal_status_detail: String,
    work_permit: WorkPermit,
    work_permit_date: NaiveDate,
    arrival_date: NaiveDate,
    /// Whole months since arrival (not in pseudonymised views).
    length_of_stay_months: i32,
    /// Length of stay since arrival: the bands of the interview analysis.
    stay_length: codes::StayLength,
    municipality: String,
    education_level: codes::EducationLevel,
    employment_state: codes::EmploymentState,
    languages: Vec<LanguageSkill>,
    needs: Vec<Need>,
    needs_other: String,
    qualifications: Vec<Qualification>,
    adviser_id: String,
    mentor_id: String,
    user_id: String,
    notes: String,
    /// Purposes the person has consented to (and not withdrawn).
    consents: Vec<ConsentPurpose>,
    created_at: DateTime<Utc>,
    archived_at: DateTime<Utc>,
    /// In pseudonymised views: the fields left out so that every combination
    /// of the fields shown is shared by at least `SKUPAJ_SUPPRESSION_THRESHOLD`
    /// people of the organisation (k-anonymity); a field absent and not
    /// listed here is not recorded.
    #[schema(example = json!(["municipality", "country_of_origin"]))]
    withheld: Vec<String>,
}

/// Who is looking, for building views.
struct Viewer {
    secret: Vec<u8>,
    org: String,
    actor_id: String,
    today: NaiveDate,
    /// The k of k-anonymity for pseudonymised views.
    k: usize,
}

impl Viewer {
    fn new(state: &AppState, actor: &Actor) -> Self {
        Viewer {
            secret: state.settings.jwt_secret.expose().to_vec(),
            org: actor.organization_id.clone(),
            actor_id: actor.audit_identity().1.to_string(),
            today: ids::now().date(),
            k: usize::try_from(state.settings.suppression_threshold).unwrap_or(5),
        }
    }
}

fn nonempty<T>(v: Vec<T>) -> Option<Vec<T>> {
    (!v.is_empty()).then_some(v)
}

fn build_view(p: &Participant, view: View, viewer: &Viewer) -> ParticipantView {
    if view == View::Pseudonymised {
        // Pseudonymised records come from `pseudonymised_view`, which knows
        // what k-anonymity withholds; should one get here, it shows nothing.
        return pseudonymised_view(p, &[true; model::QUASI_IDENTIFIERS.len()], viewer);
    }
    let r = &p.row;
    let f = p.fields();
    let mut v = ParticipantView {
        id: Some(r.id.clone()),
        status: p.status(),
        view,
        updated_at: Some(ids::utc(r.updated_at)),
        ..Default::default()
    };
    if view == View::Tombstone {
        return v;
    }
    let staff = matches!(view, View::Full | View::Limited | View::Own);
    let sensitive = matches!(view, View::Full | View::Own);
    v.version = Some(r.version);
    v.languages = nonempty(f.languages.clone());
    v.name = r.name.clone();
    v.name_is_pseudonym = Some(r.name_is_pseudonym);
    if view == View::Mentee {
        return v;
    }
    // Shared with partners and seen by staff.
    v.education_level = f.education_level;
    v.employment_state = f.employment_state;
    v.work_permit = f.work_permit;
    v.municipality = f.municipality.clone();
    v.qualifications = nonempty(f.qualifications.clone());
    if view == View::Shared {
        return v;
    }
    v.gender = f.gender;
    v.age_band = f.birth_year.map(|y| model::age_band(y, viewer.today));
    v.length_of_stay_months = f
        .arrival_date
        .map(|d| model::months_between(d, viewer.today));
    v.stay_length = f.arrival_date.map(|d| model::stay_length(d, viewer.today));
    v.needs = nonempty(f.needs.clone());
    if staff {
        v.gender_self_description = f.gender_self_description.clone();
        v.birth_year = f.birth_year;
        v.work_permit_date = f.work_permit_date;
        v.arrival_date = f.arrival_date;
        v.needs_other = f.needs_other.clone();
        v.adviser_id = f.adviser_id.clone();
        v.mentor_id = f.mentor_id.clone();
        v.consents = Some(p.active_consents.clone());
        v.created_at = Some(ids::utc(r.created_at));
        v.archived_at = r.archived_at.map(ids::utc);
    }
    if sensitive {
        v.legal_status = f.legal_status;
        v.legal_status_detail = f.legal_status_detail.clone();
        v.country_of_origin = f.country_of_origin.clone();
        v.phone = f.phone.clone();
        v.whatsapp = f.whatsapp.clone();
        v.viber = f.viber.clone();
        v.email = f.email.clone();
        v.user_id = f.user_id.clone();
    }
    if view == View::Full {
        v.notes = f.notes.clone();
    }
    v
}

/// The pseudonym of a participant for this viewer.
fn pseudonym_for(p: &Participant, viewer: &Viewer) -> String {
    model::pseudonym(&viewer.secret, &viewer.org, &viewer.actor_id, &p.row.id)
}

/// A pseudonymised record: the pseudonym as its only identifier, coded
/// fields in the analysis' bands, and nothing k-anonymity withholds
/// (`withheld[i]` for `model::QUASI_IDENTIFIERS[i]`). No id, account links,
/// version, dates or free text: each would be the same for every key and so
/// link their pseudonyms, or could name the person.
fn pseudonymised_view(p: &Participant, withheld: &[bool], viewer: &Viewer) -> ParticipantView {
    let f = p.fields();
    let mut v = ParticipantView {
        status: p.status(),
        view: View::Pseudonymised,
        pseudonym: Some(pseudonym_for(p, viewer)),
        ..Default::default()
    };
    let mut names = Vec::new();
    for (i, name) in model::QUASI_IDENTIFIERS.iter().enumerate() {
        if withheld.get(i).copied().unwrap_or(true) {
            names.push(name.to_string());
            continue;
        }
        match *name {
            "municipality" => v.municipality = f.municipality.clone(),
            "country_of_origin" => v.country_of_origin = f.country_of_origin.clone(),
            "qualifications" => {
                // Titles are free text and years are exact: neither is shown.
                // Sorted as they are compared, so that order tells nothing.
                let mut q: Vec<Qualification> = f
                    .qualifications
                    .iter()
                    .map(|q| Qualification {
                        title: "—".into(),
                        year: None,
                        ..q.clone()
                    })
                    .collect();
                q.sort_by(|a, b| {
                    (a.country.as_deref().unwrap_or(""), a.recognition.as_str())
                        .cmp(&(b.country.as_deref().unwrap_or(""), b.recognition.as_str()))
                });
                v.qualifications = nonempty(q);
            }
            "languages" => v.languages = nonempty(f.languages.clone()),
            "needs" => v.needs = nonempty(f.needs.clone()),
            "employment_state" => v.employment_state = f.employment_state,
            "work_permit" => v.work_permit = f.work_permit,
            "education_level" => v.education_level = f.education_level,
            "legal_status" => v.legal_status = f.legal_status,
            "stay_length" => {
                v.stay_length = f.arrival_date.map(|d| model::stay_length(d, viewer.today))
            }
            "age_band" => v.age_band = f.birth_year.map(|y| model::age_band(y, viewer.today)),
            "gender" => v.gender = f.gender,
            _ => {}
        }
    }
    v.withheld = Some(names);
    v
}

/// An archived or erased person in a pseudonymised pull: the pseudonym and
/// the status, so that a mirror can delete its copy.
fn pseudonymised_tombstone(p: &Participant, viewer: &Viewer) -> ParticipantView {
    ParticipantView {
        status: p.status(),
        view: View::Tombstone,
        pseudonym: Some(pseudonym_for(p, viewer)),
        ..Default::default()
    }
}

/// Every participant of the actor's organisation as this pseudonymised
/// viewer sees them: pseudonym, record and what k-anonymity withholds,
/// computed over the whole organisation, the active and the archived
/// separately (erased people are only tombstones), so that every page,
/// filter and single fetch agree.
fn pseudonymised_people(
    conn: &mut DbConnection,
    org: &str,
    viewer: &Viewer,
) -> Result<Vec<(String, Participant, Vec<bool>)>, ApiError> {
    let rows: Vec<ParticipantRow> = participants::table
        .filter(participants::organization_id.eq(org))
        .select(ParticipantRow::as_select())
        .load(conn)?;
    let people = model::load_many(conn, rows)?;
    let mut mask_of = vec![vec![true; model::QUASI_IDENTIFIERS.len()]; people.len()];
    // Each status on its own: the status is shown too, so "archived" and a
    // gender must not single someone out either.
    for status in [ParticipantStatus::Active, ParticipantStatus::Archived] {
        let counted: Vec<usize> = (0..people.len())
            .filter(|&i| people[i].status() == status)
            .collect();
        let qi: Vec<Vec<Option<String>>> = counted
            .iter()
            .map(|&i| model::quasi_identifiers(&people[i], viewer.today))
            .collect();
        let masks = crate::disclosure::rows::withhold(&qi, viewer.k);
        for (&i, m) in counted.iter().zip(masks) {
            mask_of[i] = m;
        }
    }
    Ok(people
        .into_iter()
        .zip(mask_of)
        .map(|(p, m)| (pseudonym_for(&p, viewer), p, m))
        .collect())
}

/// The view a role has of participants in lists (its narrowest).
fn list_view(actor: &Actor) -> View {
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
struct Cursor {
    s: SortOrder,
    k: String,
    i: String,
}

fn encode_cursor(c: &Cursor) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .encode(serde_json::to_vec(c).unwrap_or_default())
}

fn decode_cursor(s: &str, sort: SortOrder) -> Result<Cursor, ApiError> {
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
        (status = 400, description = "Malformed query", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A filter on a field the role cannot see", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid limit or cursor", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/participants")]
async fn list_participants(
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
struct PseudonymCursor {
    p: String,
}

/// The participant list for analysts and API keys. Filters see only what
/// the records show (a filter on a withheld value would reveal it), filters
/// on what they never show are refused, and the order is by pseudonym,
/// whatever `sort` says: an order by creation or change would be the same
/// for every key and line their pseudonyms up.
async fn list_pseudonymised(
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

/// A consent to record: its purpose and the version of the text the person was shown.
#[derive(Debug, Clone, Serialize, Deserialize, Validate, ToSchema)]
pub struct ConsentInput {
    pub purpose: ConsentPurpose,
    /// The version of the consent text shown, e.g. `2026-05 sl`.
    #[schema(example = "2026-05 sl", min_length = 1, max_length = 100)]
    #[validate(length(min = 1, max = 100))]
    pub text_version: String,
}

/// A new participant: their fields and the consents they gave while being registered.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CreateParticipantRequest {
    #[serde(flatten)]
    pub fields: ParticipantFields,
    /// Consents given now. Profile fields beyond name and contacts need `profile_processing`.
    #[serde(default)]
    #[schema(max_items = 4)]
    pub consents: Vec<ConsentInput>,
}

fn insert_consent(
    conn: &mut DbConnection,
    org: &str,
    participant: &str,
    c: &ConsentInput,
    recorded_by: &str,
) -> Result<String, ApiError> {
    model::add_consent(
        conn,
        org,
        participant,
        c.purpose,
        &c.text_version,
        recorded_by,
    )
}

/// Registers a participant.
///
/// Send an `Idempotency-Key` (e.g. a UUID made by the client) so that a
/// retry after a lost connection returns the first answer instead of
/// creating the person twice.
#[utoipa::path(
    tag = "participants",
    operation_id = "create_participant",
    security(("bearer" = [])),
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes a retried create return the first result")),
    request_body = CreateParticipantRequest,
    responses(
        (status = 201, description = "Registered", body = ParticipantView),
        (status = 403, description = "This role may not register participants", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Consent missing, or the Idempotency-Key was used for another request", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/participants")]
async fn create_participant(
    state: web::Data<AppState>,
    actor: Actor,
    req: HttpRequest,
    body: ApiJson<CreateParticipantRequest>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::Create, Resource::Participant)?;
    let key = crate::idempotency::key(&req)?;
    let body = body.into_inner();
    model::validate_fields(&body.fields)?;
    let mut errors = Vec::new();
    for (i, c) in body.consents.iter().enumerate() {
        if let Err(e) = c.validate() {
            errors.extend(crate::error::field_errors(&e, &format!("consents[{i}]")));
        }
    }
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let consenting = body
        .consents
        .iter()
        .any(|c| c.purpose == ConsentPurpose::ProfileProcessing);
    if model::has_profile_data(&body.fields) && !consenting {
        return Err(model::consent_missing(ConsentPurpose::ProfileProcessing));
    }
    let request_hash = tokens::sha256_hex(&serde_json::to_string(&body).unwrap_or_default());
    let viewer = Viewer::new(&state, &actor);
    let (status, response) = state
        .db(move |conn| {
            crate::idempotency::run(conn, |conn| {
                create_once(conn, &actor, &body, key.as_deref(), &request_hash, &viewer)
            })
        })
        .await?;
    let mut res = HttpResponse::build(
        actix_web::http::StatusCode::from_u16(status)
            .unwrap_or(actix_web::http::StatusCode::CREATED),
    );
    if let Some(id) = response.get("id").and_then(Value::as_str) {
        res.insert_header(("Location", format!("/api/v1/participants/{id}")));
    }
    Ok(res.json(response))
}

const CREATE_OP: &str = "create_participant";

fn create_once(
    conn: &mut DbConnection,
    actor: &Actor,
    body: &CreateParticipantRequest,
    key: Option<&str>,
    request_hash: &str,
    viewer: &Viewer,
) -> Result<(u16, Value), ApiError> {
    let actor_id = actor.audit_identity().1.to_string();
    let scope = key.map(|key| crate::idempotency::Scope {
        organization_id: &actor.organization_id,
        actor_id: &actor_id,
        operation: CREATE_OP,
        key,
        request_hash,
    });
    if let Some(scope) = &scope {
        if let Some(stored) = crate::idempotency::replay(conn, scope)? {
            return Ok(stored);
        }
    }
    // An adviser who registers someone is their adviser unless they name another.
    let mut fields = body.fields.clone();
    if actor.role == Role::Adviser && fields.adviser_id.is_none() {
        fields.adviser_id = actor.user_id().map(str::to_string);
    }
    model::check_links(conn, &actor.organization_id, &fields)?;
    let id = ids::new_id();
    model::save(conn, &id, &actor.organization_id, &fields, None)?;
    for c in &body.consents {
        let consent_id = insert_consent(conn, &actor.organization_id, &id, c, &actor_id)?;
        let _ = consent_id;
        audit::record(conn, actor, "create", "consent", Some(&id))?;
    }
    audit::record(conn, actor, "create", "participant", Some(&id))?;
    let p = model::find(conn, &actor.organization_id, &id)?;
    let view = model::view_for(actor, &p).unwrap_or(View::Limited);
    let value = serde_json::to_value(build_view(&p, view, viewer)).map_err(ApiError::internal)?;
    if let Some(scope) = &scope {
        crate::idempotency::store(conn, scope, 201, &value)?;
    }
    Ok((201, value))
}

/// Loads a participant the actor may see, or 404.
///
/// Analysts and API keys always get 404 here: a real id must not be their
/// way in. They name people by pseudonym, which only `get_participant`
/// resolves (see `find_pseudonymised`).
pub(crate) fn visible(
    conn: &mut DbConnection,
    actor: &Actor,
    id: &str,
) -> Result<(Participant, View), ApiError> {
    if model::pseudonymised(actor) {
        return Err(ApiError::not_found("no such participant"));
    }
    let p = model::find(conn, &actor.organization_id, id)?;
    if p.status() == ParticipantStatus::Erased {
        return Err(ApiError::not_found("no such participant"));
    }
    let view =
        model::view_for(actor, &p).ok_or_else(|| ApiError::not_found("no such participant"))?;
    Ok((p, view))
}

/// A person by pseudonym, for an analyst or API key: the one of the
/// organisation (not erased) whose pseudonym for this viewer is `pseudonym`,
/// with what k-anonymity withholds from their record; otherwise 404, also
/// for anything shaped like a real id.
fn find_pseudonymised(
    conn: &mut DbConnection,
    actor: &Actor,
    viewer: &Viewer,
    pseudonym: &str,
) -> Result<(Participant, Vec<bool>), ApiError> {
    let absent = || ApiError::not_found("no such participant");
    if !model::looks_like_pseudonym(pseudonym) {
        return Err(absent());
    }
    pseudonymised_people(conn, &actor.organization_id, viewer)?
        .into_iter()
        .find(|(p, person, _)| p == pseudonym && person.status() != ParticipantStatus::Erased)
        .map(|(_, person, mask)| (person, mask))
        .ok_or_else(absent)
}

/// One participant, with the fields the caller may see.
///
/// Analysts and API keys name the person by the `pseudonym` their list
/// gave them (a real id answers 404 to them).
#[utoipa::path(
    tag = "participants",
    operation_id = "get_participant",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The participant's id; for analysts and API keys, their pseudonym (`P-…`)")),
    responses(
        (status = 200, description = "The participant", body = ParticipantView),
        (status = 403, description = "This role may not read participants", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such participant visible to you", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/participants/{id}")]
async fn get_participant(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::Read, Resource::Participant)?;
    let viewer = Viewer::new(&state, &actor);
    let id = id.into_inner();
    let read = audit::ReadEvent::new(&actor, "read", "participant");
    let (person, view) = state
        .db(move |conn| {
            if model::pseudonymised(&actor) {
                let (p, mask) = find_pseudonymised(conn, &actor, &viewer, &id)?;
                return Ok((p.row.id.clone(), pseudonymised_view(&p, &mask, &viewer)));
            }
            let (p, view) = visible(conn, &actor, &id)?;
            Ok((p.row.id.clone(), build_view(&p, view, &viewer)))
        })
        .await?;
    // Durable before the answer leaves, committed with other reads' rows.
    state.audit.write(read.of(person)).await?;
    Ok(HttpResponse::Ok().json(view))
}

/// RFC 7386: `null` removes, objects merge, anything else replaces.
/// A merge-patch body split into its fields and the whole-number `version`
/// it is based on (422 when either is missing or malformed).
pub(crate) fn patch_and_version(
    body: Value,
) -> Result<(serde_json::Map<String, Value>, i32), ApiError> {
    let Value::Object(mut patch) = body else {
        return Err(ApiError::field("body", "type", "must be a JSON object"));
    };
    let version = patch
        .remove("version")
        .and_then(|v| v.as_f64())
        .filter(|v| v.fract() == 0.0 && *v >= 1.0 && *v <= f64::from(i32::MAX))
        .map(|v| v as i32)
        .ok_or_else(|| ApiError::field("version", "required", "send the version you last read"))?;
    Ok((patch, version))
}

pub(crate) fn merge_patch(target: &mut Value, patch: &Value) {
    match (target, patch) {
        (Value::Object(t), Value::Object(p)) => {
            for (k, v) in p {
                if v.is_null() {
                    t.insert(k.clone(), Value::Null);
                } else {
                    merge_patch(t.entry(k.clone()).or_insert(Value::Null), v);
                }
            }
        }
        (t, p) => *t = p.clone(),
    }
}

/// Changes a participant: a JSON merge patch (RFC 7386) of its fields, with
/// the `version` it is based on. `null` clears a field; absent fields stay.
#[utoipa::path(
    tag = "participants",
    operation_id = "update_participant",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The participant's id")),
    request_body(content = UpdateParticipantRequest, description = "The changed fields and the version"),
    responses(
        (status = 200, description = "The participant as changed", body = ParticipantView),
        (status = 403, description = "This role may not change this participant", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such participant visible to you", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Stale version, archived, or a consent is missing", body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/participants/{id}")]
async fn update_participant(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<String>,
    body: ApiJson<Value>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::Update, Resource::Participant)?;
    let Value::Object(mut patch) = body.into_inner() else {
        return Err(ApiError::field("body", "type", "must be a JSON object"));
    };
    let version = match patch.remove("version") {
        Some(v) => {
            #[derive(Deserialize)]
            struct V(#[serde(deserialize_with = "crate::fields::whole_i32")] i32);
            serde_json::from_value::<V>(v)
                .map(|v| v.0)
                .ok()
                .filter(|v| *v >= 1)
        }
        None => None,
    }
    .ok_or_else(|| {
        ApiError::field(
            "version",
            "required",
            "send the version you last read (a whole number from 1)",
        )
    })?;
    let known: Vec<String> = serde_json::to_value(ParticipantFields::default())
        .ok()
        .and_then(|v| v.as_object().map(|o| o.keys().cloned().collect()))
        .unwrap_or_default();
    patch.retain(|k, _| known.contains(k));
    let viewer = Viewer::new(&state, &actor);
    let id = id.into_inner();
    let view = state
        .db(move |conn| {
            conn.transaction(|conn| {
                let (p, view) = visible(conn, &actor, &id)?;
                if !matches!(view, View::Full | View::Own) {
                    return Err(ApiError::forbidden("you may not change this participant"));
                }
                if view == View::Own {
                    let read_only: Vec<FieldError> = patch
                        .keys()
                        .filter(|k| model::STAFF_ONLY_FIELDS.contains(&k.as_str()))
                        .map(|k| FieldError {
                            field: k.clone(),
                            code: "read_only".into(),
                            message: "only staff may set this".into(),
                        })
                        .collect();
                    if !read_only.is_empty() {
                        return Err(ApiError::Validation(read_only));
                    }
                }
                if p.status() != ParticipantStatus::Active {
                    return Err(ApiError::conflict(
                        ProblemCode::Conflict,
                        "the participant is archived; restore them first",
                    ));
                }
                if p.row.version != version {
                    return Err(model::version_conflict(version));
                }
                let mut merged = serde_json::to_value(p.fields()).map_err(ApiError::internal)?;
                merge_patch(&mut merged, &Value::Object(patch.clone()));
                for list in ["languages", "needs", "qualifications"] {
                    if merged.get(list).is_some_and(Value::is_null) {
                        merged[list] = Value::Array(Vec::new());
                    }
                }
                if merged.get("name").is_none_or(Value::is_null) {
                    return Err(ApiError::field("name", "required", "is required"));
                }
                let fields: ParticipantFields = serde_json::from_value(merged)
                    .map_err(|e| ApiError::field("body", "type", e.to_string()))?;
                model::validate_fields(&fields)?;
                model::check_links(conn, &actor.organization_id, &fields)?;
                let before = p.fields();
                let profile_changed = serde_json::to_value(profile_part(&before)).ok()
                    != serde_json::to_value(profile_part(&fields)).ok();
                if profile_changed && model::has_profile_data(&fields) {
                    model::require_consent(&p, ConsentPurpose::ProfileProcessing)?;
                }
                model::save(
                    conn,
                    &p.row.id,
                    &actor.organization_id,
                    &fields,
                    Some(version),
                )?;
                audit::record(conn, &actor, "update", "participant", Some(&p.row.id))?;
                let p = model::find(conn, &actor.organization_id, &p.row.id)?;
                Ok(build_view(&p, view, &viewer))
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(view))
}

/// The profile fields (those needing consent) of a record, for comparison.
fn profile_part(f: &ParticipantFields) -> ParticipantFields {
    ParticipantFields {
        name: String::new(),
        name_is_pseudonym: false,
        phone: None,
        whatsapp: None,
        viber: None,
        email: None,
        adviser_id: None,
        mentor_id: None,
        user_id: None,
        notes: None,
        ..f.clone()
    }
}

/// A merge patch of a participant's fields, with the version it is based on.
#[derive(Debug, Deserialize, ToSchema)]
pub struct UpdateParticipantRequest {
    /// The `version` the change is based on.
    #[schema(minimum = 1)]
    pub version: i32,
    #[serde(flatten)]
    pub fields: PatchFields,
}

/// Any subset of the participant's fields; `null` clears one.
#[derive(Debug, Deserialize, ToSchema)]
pub struct PatchFields {
    #[schema(min_length = 1, max_length = 200)]
    pub name: Option<String>,
    pub name_is_pseudonym: Option<bool>,
    pub phone: Option<String>,
    pub whatsapp: Option<String>,
    pub viber: Option<String>,
    pub email: Option<String>,
    pub gender: Option<Gender>,
    pub gender_self_description: Option<String>,
    pub birth_year: Option<i32>,
    pub country_of_origin: Option<String>,
    pub legal_status: Option<LegalStatus>,
    #[schema(min_length = 1, max_length = 200)]
    pub legal_status_detail: Option<String>,
    pub work_permit: Option<WorkPermit>,
    pub work_permit_date: Option<NaiveDate>,
    pub arrival_date: Option<NaiveDate>,
    pub municipality: Option<String>,
    pub education_level: Option<codes::EducationLevel>,
    pub employment_state: Option<codes::EmploymentState>,
    pub languages: Option<Vec<LanguageSkill>>,
    pub needs: Option<Vec<Need>>,
    pub needs_other: Option<String>,
    pub qualifications: Option<Vec<Qualification>>,
    pub adviser_id: Option<String>,
    pub mentor_id: Option<String>,
    pub user_id: Option<String>,
    pub notes: Option<String>,
}

/// The version a state change is based on.
#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct VersionRequest {
    #[schema(minimum = 1)]
    #[validate(range(min = 1))]
    #[serde(deserialize_with = "crate::fields::whole_i32")]
    pub version: i32,
}

async fn set_status(
    state: web::Data<AppState>,
    actor: Actor,
    id: String,
    version: i32,
    to: ParticipantStatus,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::Delete, Resource::Participant)?;
    let viewer = Viewer::new(&state, &actor);
    let view = state
        .db(move |conn| {
            conn.transaction(|conn| {
                let (p, view) = visible(conn, &actor, &id)?;
                if p.row.version != version {
                    return Err(model::version_conflict(version));
                }
                let from = p.status();
                if from == to {
                    return Err(ApiError::conflict(
                        ProblemCode::Conflict,
                        format!("the participant is already {}", to.as_str()),
                    ));
                }
                let now = ids::now();
                diesel::update(
                    participants::table
                        .find(&p.row.id)
                        .filter(participants::version.eq(version)),
                )
                .set((
                    participants::status.eq(to.as_str()),
                    participants::archived_at
                        .eq((to == ParticipantStatus::Archived).then_some(now)),
                    participants::updated_at.eq(now),
                    participants::version.eq(version + 1),
                ))
                .execute(conn)?;
                let action = if to == ParticipantStatus::Archived {
                    "archive"
                } else {
                    "restore"
                };
                audit::record(conn, &actor, action, "participant", Some(&p.row.id))?;
                let p = model::find(conn, &actor.organization_id, &p.row.id)?;
                Ok(build_view(&p, view, &viewer))
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(view))
}

/// Archives a participant who left the programme: out of the default list,
/// kept for reports, restorable. Integrations see a tombstone.
#[utoipa::path(
    tag = "participants",
    operation_id = "archive_participant",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The participant's id")),
    request_body = VersionRequest,
    responses(
        (status = 200, description = "Archived", body = ParticipantView),
        (status = 403, description = "Only admins and coordinators archive", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such participant visible to you", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Stale version, or already archived", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/participants/{id}/archive")]
async fn archive_participant(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<String>,
    body: ApiJson<VersionRequest>,
) -> Result<HttpResponse, ApiError> {
    body.validate()?;
    set_status(
        state,
        actor,
        id.into_inner(),
        body.version,
        ParticipantStatus::Archived,
    )
    .await
}

/// Brings an archived participant back.
#[utoipa::path(
    tag = "participants",
    operation_id = "restore_participant",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The participant's id")),
    request_body = VersionRequest,
    responses(
        (status = 200, description = "Active again", body = ParticipantView),
        (status = 403, description = "Only admins and coordinators restore", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such participant visible to you", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Stale version, or not archived", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/participants/{id}/restore")]
async fn restore_participant(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<String>,
    body: ApiJson<VersionRequest>,
) -> Result<HttpResponse, ApiError> {
    body.validate()?;
    set_status(
        state,
        actor,
        id.into_inner(),
        body.version,
        ParticipantStatus::Active,
    )
    .await
}

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

type ConsentRow = (
    String,
    String,
    String,
    String,
    chrono::NaiveDateTime,
    Option<chrono::NaiveDateTime>,
    Option<String>,
);

fn consent_from(r: ConsentRow) -> Consent {
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

fn consent_columns() -> (
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
fn consent_view(conn: &mut DbConnection, actor: &Actor, id: &str) -> Result<Participant, ApiError> {
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
async fn list_consents(
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
async fn record_consent(
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
fn touch(conn: &mut DbConnection, id: &str) -> Result<(), ApiError> {
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
async fn withdraw_consent(
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

/// Everything held on one person (GDPR articles 15 and 20), as one document.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ParticipantExport {
    pub exported_at: DateTime<Utc>,
    /// The organisation that holds the data.
    pub organization_name: String,
    pub participant: ParticipantView,
    /// Every consent, given and withdrawn.
    pub consents: Vec<Consent>,
    /// Who read or changed the record, and when.
    pub history: Vec<crate::audit_log::AuditEntry>,
    /// The person's answers in interviews.
    pub interviews: Vec<crate::routes::interviews::ExportedInterview>,
}

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
        (status = 403, description = "This role may not export", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such participant visible to you", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/participants/{id}/export")]
async fn export_participant(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::Read, Resource::PersonalData)?;
    let viewer = Viewer::new(&state, &actor);
    let id = id.into_inner();
    let export = state
        .db(move |conn| {
            use crate::db::schema::organizations;
            let (p, view) = visible(conn, &actor, &id)?;
            if !matches!(view, View::Full | View::Own) {
                return Err(ApiError::forbidden("you may not export this person's data"));
            }
            audit::record(conn, &actor, "export", "participant", Some(&p.row.id))?;
            let organization_name: String = organizations::table
                .find(&actor.organization_id)
                .select(organizations::name)
                .first(conn)?;
            let consents: Vec<ConsentRow> = consents::table
                .filter(consents::participant_id.eq(&p.row.id))
                .order(consents::id.asc())
                .select(consent_columns())
                .load(conn)?;
            let consent_ids: Vec<String> = consents.iter().map(|c| c.0.clone()).collect();

            let mut records = consent_ids.clone();
            records.push(p.row.id.clone());
            let history = crate::audit_log::model::about(conn, &actor.organization_id, &records)?;
            let interviews =
                crate::routes::interviews::export_for(conn, &actor.organization_id, &p.row.id)?;
            Ok(ParticipantExport {
                interviews,
                exported_at: Utc::now(),
                organization_name,
                participant: build_view(&p, view, &viewer),
                consents: consents.into_iter().map(consent_from).collect(),
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

/// Why a person is erased (no names: the reason is kept).
#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct EraseRequest {
    /// e.g. "The person asked for erasure on 2026-11-20".
    #[schema(min_length = 1, max_length = 500)]
    #[validate(
        length(min = 1, max = 500),
        custom(function = "crate::participants::not_blank_reason")
    )]
    pub reason: String,
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
        (status = 404, description = "No such participant visible to you", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/participants/{id}/erase")]
async fn erase_participant(
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
                model::erase(conn, &p, &reason)?;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merge_patches_follow_rfc_7386() {
        let mut t = serde_json::json!({"a": 1, "b": {"c": 2, "d": 3}, "e": [1]});
        merge_patch(
            &mut t,
            &serde_json::json!({"a": null, "b": {"c": 5}, "e": [2, 3], "f": "new"}),
        );
        assert_eq!(
            t,
            serde_json::json!({"a": null, "b": {"c": 5, "d": 3}, "e": [2, 3], "f": "new"})
        );
    }

    #[test]
    fn cursors_belong_to_their_sort_order() {
        let c = encode_cursor(&Cursor {
            s: SortOrder::Name,
            k: "Amina".into(),
            i: ids::new_id(),
        });
        assert!(decode_cursor(&c, SortOrder::Name).is_ok());
        assert!(decode_cursor(&c, SortOrder::Created).is_err());
        assert!(decode_cursor("garbage", SortOrder::Name).is_err());
    }
}
