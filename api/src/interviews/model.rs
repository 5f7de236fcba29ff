//! Interviews in the database: the row, the views built from rows, the
//! template version an interview uses, and the writes of an interview, of
//! who takes part in it and who conducts it, of its answers and its closing.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde_json::{Map, Value};

use super::checks::check_fields;
use super::json::{Attendee, AttendeeInput, Interview, InterviewFields, Interviewer, TemplateRef};
use crate::auth::Actor;
use crate::codes::{ConsentPurpose, InterviewChannel, InterviewKind, InterviewStatus};
use crate::db::schema::{
    interview_answers as answers, interview_interviewers as interviewers,
    interview_participants as attendees, interviews, participants, users,
};
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::ids;
use crate::interviews::templates::{self, StoredVersion, TemplateContent, VersionStatus};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = interviews)]
pub struct InterviewRow {
    pub id: String,
    pub organization_id: String,
    pub template_version_id: String,
    pub kind: String,
    pub scheduled_at: NaiveDateTime,
    pub duration_minutes: Option<i32>,
    pub channel: String,
    pub location: Option<String>,
    pub language: String,
    pub interpreter_language: Option<String>,
    pub interpreter_name: Option<String>,
    pub recorded: bool,
    pub status: String,
    pub notes: Option<String>,
    pub created_by: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub completed_at: Option<NaiveDateTime>,
    pub version: i32,
}

impl InterviewRow {
    pub fn status(&self) -> InterviewStatus {
        InterviewStatus::parse(&self.status).unwrap_or(InterviewStatus::Planned)
    }
}

/// The fields an interview is planned with and changed to.
#[derive(Insertable, AsChangeset)]
#[diesel(table_name = interviews)]
#[diesel(treat_none_as_default_value = false, treat_none_as_null = true)]
struct InterviewValues<'a> {
    kind: &'a str,
    scheduled_at: NaiveDateTime,
    duration_minutes: Option<i32>,
    channel: &'a str,
    location: Option<String>,
    language: &'a str,
    interpreter_language: Option<&'a str>,
    interpreter_name: Option<String>,
    recorded: bool,
    notes: Option<String>,
    status: &'a str,
    updated_at: NaiveDateTime,
    version: i32,
}

impl<'a> InterviewValues<'a> {
    fn of(f: &'a InterviewFields, status: &'a str, version: i32, now: NaiveDateTime) -> Self {
        InterviewValues {
            kind: f.kind.as_str(),
            scheduled_at: f.scheduled_at.naive_utc(),
            duration_minutes: f.duration_minutes,
            channel: f.channel.as_str(),
            location: trimmed(&f.location),
            language: &f.language,
            interpreter_language: f.interpreter_language.as_deref(),
            interpreter_name: trimmed(&f.interpreter_name),
            recorded: f.recorded,
            notes: trimmed(&f.notes),
            status,
            updated_at: now,
            version,
        }
    }
}

/// A new interview.
#[derive(Insertable)]
#[diesel(table_name = interviews)]
#[diesel(treat_none_as_default_value = false)]
struct NewInterview<'a> {
    id: &'a str,
    organization_id: &'a str,
    template_version_id: &'a str,
    created_by: Option<&'a str>,
    created_at: NaiveDateTime,
    #[diesel(embed)]
    values: InterviewValues<'a>,
}

/// Someone taking part, as stored.
#[derive(Queryable, Selectable)]
#[diesel(table_name = attendees)]
struct AttendeeRow {
    interview_id: String,
    participant_id: String,
    position: i32,
    language: Option<String>,
    attended: bool,
}

/// Someone taking part, to store.
#[derive(Insertable)]
#[diesel(table_name = attendees)]
#[diesel(treat_none_as_default_value = false)]
struct NewAttendee<'a> {
    interview_id: &'a str,
    participant_id: &'a str,
    position: i32,
    language: Option<&'a str>,
    attended: bool,
}

/// An answer to store.
#[derive(Insertable)]
#[diesel(table_name = answers)]
#[diesel(treat_none_as_default_value = false)]
struct NewAnswer<'a> {
    interview_id: &'a str,
    participant_id: &'a str,
    question_id: &'a str,
    value: String,
    updated_by: Option<&'a str>,
    updated_at: NaiveDateTime,
}

/// What closing an interview (done or a no-show) changes.
#[derive(AsChangeset)]
#[diesel(table_name = interviews)]
struct Closing<'a> {
    status: &'a str,
    completed_at: Option<NaiveDateTime>,
    updated_at: NaiveDateTime,
    version: i32,
}

/// The organisation's interview `id`, whoever conducts it.
pub fn find_row(
    conn: &mut DbConnection,
    org: &str,
    id: &str,
) -> Result<Option<InterviewRow>, ApiError> {
    Ok(interviews::table
        .filter(interviews::organization_id.eq(org))
        .filter(interviews::id.eq(id))
        .select(InterviewRow::as_select())
        .first(conn)
        .optional()?)
}

/// Whether `user` is among the interviewers of `interview`.
pub fn is_interviewer(
    conn: &mut DbConnection,
    interview: &str,
    user: &str,
) -> Result<bool, ApiError> {
    let n: i64 = interviewers::table
        .filter(interviewers::interview_id.eq(interview))
        .filter(interviewers::user_id.eq(user))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

/// Builds the views of several interviews with a fixed number of queries.
pub(super) fn build(
    conn: &mut DbConnection,
    rows: Vec<InterviewRow>,
    lang: &str,
) -> Result<Vec<Interview>, ApiError> {
    let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
    let mut people: Vec<AttendeeRow> = attendees::table
        .filter(attendees::interview_id.eq_any(&ids))
        .select(AttendeeRow::as_select())
        .load(conn)?;
    people.sort_by_key(|p| p.position);
    let pids: Vec<String> = people.iter().map(|p| p.participant_id.clone()).collect();
    let names: HashMap<String, Option<String>> = participants::table
        .filter(participants::id.eq_any(&pids))
        .select((participants::id, participants::name))
        .load::<(String, Option<String>)>(conn)?
        .into_iter()
        .collect();
    let recording: HashSet<String> = crate::db::schema::consents::table
        .filter(crate::db::schema::consents::participant_id.eq_any(&pids))
        .filter(
            crate::db::schema::consents::purpose.eq(ConsentPurpose::InterviewRecording.as_str()),
        )
        .filter(crate::db::schema::consents::withdrawn_at.is_null())
        .select(crate::db::schema::consents::participant_id)
        .load::<String>(conn)?
        .into_iter()
        .collect();
    let counts: Vec<(String, String, i64)> = answers::table
        .filter(answers::interview_id.eq_any(&ids))
        .group_by((answers::interview_id, answers::participant_id))
        .select((
            answers::interview_id,
            answers::participant_id,
            diesel::dsl::count_star(),
        ))
        .load(conn)?;
    let staff: Vec<(String, String, String)> = interviewers::table
        .inner_join(users::table.on(users::id.eq(interviewers::user_id)))
        .filter(interviewers::interview_id.eq_any(&ids))
        .order(users::display_name.asc())
        .select((interviewers::interview_id, users::id, users::display_name))
        .load(conn)?;
    let mut version_cache: HashMap<String, (String, i32, String)> = HashMap::new();
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        if !version_cache.contains_key(&r.template_version_id) {
            let v =
                templates::load_version_by_id(conn, &r.organization_id, &r.template_version_id)?;
            let title = templates::text_in(&v.content.title, lang).to_string();
            version_cache.insert(
                r.template_version_id.clone(),
                (v.template_id, v.number, title),
            );
        }
        let (tid, number, title) = version_cache
            .get(&r.template_version_id)
            .cloned()
            .unwrap_or_default();
        out.push(Interview {
            template: TemplateRef {
                id: tid,
                version: number,
                title,
            },
            kind: InterviewKind::parse(&r.kind).unwrap_or(InterviewKind::Individual),
            scheduled_at: ids::utc(r.scheduled_at),
            duration_minutes: r.duration_minutes,
            channel: InterviewChannel::parse(&r.channel).unwrap_or(InterviewChannel::InPerson),
            location: r.location.clone(),
            language: r.language.clone(),
            interpreter_language: r.interpreter_language.clone(),
            interpreter_name: r.interpreter_name.clone(),
            recorded: r.recorded,
            status: r.status(),
            notes: r.notes.clone(),
            participants: people
                .iter()
                .filter(|p| p.interview_id == r.id)
                .map(|p| Attendee {
                    participant_id: p.participant_id.clone(),
                    name: names.get(&p.participant_id).cloned().flatten(),
                    language: p.language.clone(),
                    attended: p.attended,
                    answered: counts
                        .iter()
                        .find(|c| c.0 == r.id && c.1 == p.participant_id)
                        .map(|c| c.2)
                        .unwrap_or(0),
                    recording_consent: recording.contains(&p.participant_id),
                })
                .collect(),
            interviewers: staff
                .iter()
                .filter(|s| s.0 == r.id)
                .map(|s| Interviewer {
                    user_id: s.1.clone(),
                    name: s.2.clone(),
                })
                .collect(),
            created_at: ids::utc(r.created_at),
            updated_at: ids::utc(r.updated_at),
            completed_at: r.completed_at.map(ids::utc),
            version: r.version,
            id: r.id,
        });
    }
    Ok(out)
}

pub(super) fn build_one(
    conn: &mut DbConnection,
    row: InterviewRow,
    lang: &str,
) -> Result<Interview, ApiError> {
    build(conn, vec![row], lang)?
        .pop()
        .ok_or_else(|| ApiError::internal("the interview vanished"))
}

/// The content of the template version an interview uses.
pub fn template_of(
    conn: &mut DbConnection,
    row: &InterviewRow,
) -> Result<TemplateContent, ApiError> {
    Ok(
        templates::load_version_by_id(conn, &row.organization_id, &row.template_version_id)?
            .content,
    )
}

/// The newest published version of the organisation's template
/// `template_id`, for a new interview (422 when there is none).
pub fn published_version(
    conn: &mut DbConnection,
    org: &str,
    template_id: &str,
) -> Result<StoredVersion, ApiError> {
    if !templates::model::exists(conn, org, template_id)? {
        return Err(ApiError::field(
            "template_id",
            "unknown",
            "is not a template of this organisation",
        ));
    }
    templates::load_versions(conn, org, template_id)?
        .into_iter()
        .find(|v| v.status == VersionStatus::Published)
        .ok_or_else(|| {
            ApiError::field(
                "template_id",
                "unpublished",
                "has no published version yet; publish it first",
            )
        })
}

/// Plans an interview with the template version `version_id`; returns its id.
pub fn insert(
    conn: &mut DbConnection,
    org: &str,
    version_id: &str,
    fields: &InterviewFields,
    creator: Option<&str>,
) -> Result<String, ApiError> {
    let id = ids::new_id();
    let now = ids::now();
    diesel::insert_into(interviews::table)
        .values(NewInterview {
            id: &id,
            organization_id: org,
            template_version_id: version_id,
            created_by: creator,
            created_at: now,
            values: InterviewValues::of(fields, "planned", 1, now),
        })
        .execute(conn)?;
    write_people(conn, &id, fields, creator)?;
    Ok(id)
}

/// The interview's fields as they are now, to apply a merge patch to.
fn current_fields(
    conn: &mut DbConnection,
    row: &InterviewRow,
) -> Result<InterviewFields, ApiError> {
    let people: Vec<(String, Option<String>, bool)> = attendees::table
        .filter(attendees::interview_id.eq(&row.id))
        .order(attendees::position.asc())
        .select((
            attendees::participant_id,
            attendees::language,
            attendees::attended,
        ))
        .load(conn)?;
    let staff: Vec<String> = interviewers::table
        .filter(interviewers::interview_id.eq(&row.id))
        .order(interviewers::user_id.asc())
        .select(interviewers::user_id)
        .load(conn)?;
    Ok(InterviewFields {
        kind: InterviewKind::parse(&row.kind).unwrap_or(InterviewKind::Individual),
        scheduled_at: ids::utc(row.scheduled_at),
        duration_minutes: row.duration_minutes,
        channel: InterviewChannel::parse(&row.channel).unwrap_or(InterviewChannel::InPerson),
        location: row.location.clone(),
        language: row.language.clone(),
        interpreter_language: row.interpreter_language.clone(),
        interpreter_name: row.interpreter_name.clone(),
        recorded: row.recorded,
        notes: row.notes.clone(),
        participants: people
            .into_iter()
            .map(|(participant_id, language, attended)| AttendeeInput {
                participant_id,
                language,
                attended,
            })
            .collect(),
        interviewer_ids: staff,
    })
}

/// Applies a merge patch (`patch`, with `status` taken out of it) to the
/// interview `row` at `version`: checks the result like a new interview,
/// writes it, and drops the answers of anyone no longer in it.
pub(super) fn update(
    conn: &mut DbConnection,
    actor: &Actor,
    row: &InterviewRow,
    version: i32,
    status: Option<InterviewStatus>,
    patch: &Map<String, Value>,
) -> Result<(), ApiError> {
    if row.version != version {
        return Err(crate::participants::model::version_conflict(version));
    }
    let before = current_fields(conn, row)?;
    let mut merged = serde_json::to_value(&before).map_err(ApiError::internal)?;
    crate::http::patch::merge_patch(&mut merged, &Value::Object(patch.clone()));
    let after: InterviewFields = serde_json::from_value(merged)
        .map_err(|e| ApiError::field("body", "type", e.to_string()))?;
    if row.status() == InterviewStatus::Done
        && (status.is_some() || patch.keys().any(|k| k != "notes"))
    {
        return Err(ApiError::conflict(
            crate::error::ProblemCode::Conflict,
            "the interview is done; only its notes can change",
        ));
    }
    let keep: Vec<String> = before
        .participants
        .iter()
        .map(|a| a.participant_id.clone())
        .collect();
    check_fields(conn, actor, &after, &keep)?;
    let new_status = status.unwrap_or(row.status());
    let n = diesel::update(
        interviews::table
            .filter(interviews::id.eq(&row.id))
            .filter(interviews::version.eq(version)),
    )
    .set(InterviewValues::of(
        &after,
        new_status.as_str(),
        version + 1,
        ids::now(),
    ))
    .execute(conn)?;
    if n != 1 {
        return Err(crate::participants::model::version_conflict(version));
    }
    if patch.contains_key("participants") || patch.contains_key("interviewer_ids") {
        let mut f = after.clone();
        if f.interviewer_ids.is_empty() {
            f.interviewer_ids = before.interviewer_ids.clone();
        }
        write_people(conn, &row.id, &f, actor.user_id())?;
        // Answers of someone no longer in the interview go with them.
        let ids: Vec<String> = f
            .participants
            .iter()
            .map(|a| a.participant_id.clone())
            .collect();
        diesel::delete(
            answers::table
                .filter(answers::interview_id.eq(&row.id))
                .filter(answers::participant_id.ne_all(&ids)),
        )
        .execute(conn)?;
    }
    Ok(())
}

/// Stores the answer `value` of `participant` to `question` in `interview`,
/// given by `by` at `at` (any earlier answer to it removed first by the caller).
pub fn insert_answer(
    conn: &mut DbConnection,
    interview: &str,
    participant: &str,
    question: &str,
    value: &Value,
    by: Option<&str>,
    at: NaiveDateTime,
) -> Result<(), ApiError> {
    diesel::insert_into(answers::table)
        .values(NewAnswer {
            interview_id: interview,
            participant_id: participant,
            question_id: question,
            value: value.to_string(),
            updated_by: by,
            updated_at: at,
        })
        .execute(conn)?;
    Ok(())
}

/// Closes the interview `id` at `now` with `status` (done, or a no-show),
/// done at `completed_at` (left as it is when `None`), and moves it to `version`.
pub fn close(
    conn: &mut DbConnection,
    id: &str,
    status: InterviewStatus,
    completed_at: Option<NaiveDateTime>,
    version: i32,
    now: NaiveDateTime,
) -> Result<(), ApiError> {
    diesel::update(interviews::table.find(id))
        .set(Closing {
            status: status.as_str(),
            completed_at,
            updated_at: now,
            version,
        })
        .execute(conn)?;
    Ok(())
}

/// Writes who takes part (in order) and who conducts it (the creator when
/// nobody is named).
fn write_people(
    conn: &mut DbConnection,
    interview: &str,
    f: &InterviewFields,
    creator: Option<&str>,
) -> Result<(), ApiError> {
    diesel::delete(attendees::table.filter(attendees::interview_id.eq(interview))).execute(conn)?;
    for (i, a) in f.participants.iter().enumerate() {
        diesel::insert_into(attendees::table)
            .values(NewAttendee {
                interview_id: interview,
                participant_id: &a.participant_id,
                position: i as i32,
                language: a.language.as_deref(),
                attended: a.attended,
            })
            .execute(conn)?;
    }
    diesel::delete(interviewers::table.filter(interviewers::interview_id.eq(interview)))
        .execute(conn)?;
    let mut staff: Vec<&str> = f.interviewer_ids.iter().map(String::as_str).collect();
    if staff.is_empty() {
        staff.extend(creator);
    }
    for uid in staff {
        diesel::insert_into(interviewers::table)
            .values((
                interviewers::interview_id.eq(interview),
                interviewers::user_id.eq(uid),
            ))
            .execute(conn)?;
    }
    Ok(())
}

fn trimmed(s: &Option<String>) -> Option<String> {
    s.as_ref()
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
}
