//! The demo's interviews: done ones with the shipped template (two groups
//! and individual ones, the pilots' in-depth interviews), answered, a
//! no-show, and one planned group interview for the adviser.

use chrono::Duration;
use serde_json::{json, Value};

use super::system_event;
use crate::codes::{InterviewChannel, InterviewKind, InterviewStatus};
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::ids;
use crate::interviews::json::{AttendeeInput, InterviewFields};
use crate::interviews::model;
use crate::interviews::templates::model::default_template_id;
use crate::participants::model::Participant;

/// Done interviews with the shipped template (two groups and individual
/// ones, the pilots' in-depth interviews), answered, so that the analysis
/// has something to show; and one planned group interview for the adviser.
pub(super) fn seed(conn: &mut DbConnection, org: &str) -> Result<(), ApiError> {
    use InterviewChannel::{InPerson, Phone, Video};
    use InterviewKind::{Group, Individual};
    use InterviewStatus::{Done, NoShow, Planned};
    let template = default_template_id(conn, org)?;
    let version = model::published_version(conn, org, &template)?.id;
    let staff = |conn: &mut DbConnection, email: &str| -> Result<String, ApiError> {
        crate::accounts::find_user_by_email(conn, email)?
            .map(|u| u.id)
            .ok_or_else(|| ApiError::internal("demo account missing"))
    };
    let adviser = staff(conn, "adviser@demo.skupaj.org")?;
    let coordinator = staff(conn, "coordinator@demo.skupaj.org")?;
    let mut everyone = crate::participants::model::people::all_of(conn, org)?;
    everyone.sort_by(|a, b| a.row.id.cmp(&b.row.id));
    let today = ids::now().date();
    // (days ago, kind, channel, participant indexes, status)
    let plan: [(
        i64,
        InterviewKind,
        InterviewChannel,
        &[usize],
        InterviewStatus,
    ); 7] = [
        (70, Group, InPerson, &[0, 2, 3, 6], Done),
        (63, Individual, InPerson, &[1], Done),
        (56, Group, InPerson, &[4, 5, 7], Done),
        (49, Individual, Phone, &[8], Done),
        (42, Group, Video, &[9, 10, 11], Done),
        (35, Individual, InPerson, &[5], NoShow),
        (-3, Group, InPerson, &[1, 4, 8], Planned),
    ];
    for (n, (days, kind, channel, who, status)) in plan.into_iter().enumerate() {
        let at = (today - Duration::days(days))
            .and_hms_opt(10 + (n as u32 % 4), 0, 0)
            .unwrap_or_default();
        let people: Vec<(usize, &Participant)> = who
            .iter()
            .filter_map(|i| everyone.get(*i).map(|p| (*i, p)))
            .collect();
        let attendees = people
            .iter()
            .map(|(_, p)| AttendeeInput {
                participant_id: p.row.id.clone(),
                // The questions are shown in a language the template has
                // (Dari speakers read Farsi).
                language: p
                    .languages
                    .iter()
                    .map(|l| {
                        if l.language == "prs" {
                            "fa"
                        } else {
                            l.language.as_str()
                        }
                    })
                    .find(|l| crate::codes::LANGUAGES.contains(l) && *l != "sl")
                    .or_else(|| p.languages.first().map(|l| l.language.as_str()))
                    .map(str::to_string),
                attended: status != NoShow,
            })
            .collect();
        let fields = InterviewFields {
            kind,
            scheduled_at: at.and_utc(),
            duration_minutes: Some(if kind == Group { 90 } else { 60 }),
            channel,
            location: (channel == InPerson).then(|| "Skupaj office, Metelkova 6".to_string()),
            language: "sl".into(),
            interpreter_language: Some("ar".into()),
            interpreter_name: None,
            recorded: false,
            notes: None,
            participants: attendees,
            interviewer_ids: [&adviser, &coordinator]
                .into_iter()
                .take(if kind == Group { 2 } else { 1 })
                .cloned()
                .collect(),
        };
        let id = model::insert(conn, org, &version, &fields, Some(&adviser))?;
        if status == Done {
            for (i, p) in &people {
                for (question, value) in answers(*i, p) {
                    model::insert_answer(
                        conn,
                        &id,
                        &p.row.id,
                        question,
                        &value,
                        Some(&adviser),
                        at + Duration::minutes(60),
                    )?;
                }
            }
        }
        if status != Planned {
            let completed = (status == Done).then_some(at + Duration::minutes(80));
            model::close(conn, &id, status, completed, 2, ids::now())?;
        }
        system_event(conn, org, "create", "interview", &id)?;
    }
    Ok(())
}

/// The answers of the demo participant `i` (their place in the demo's table
/// of people), drawn from their profile and varied by `i`.
fn answers(i: usize, p: &Participant) -> Vec<(&'static str, Value)> {
    let places = ["city", "city", "no_preference", "rural", "city"];
    let origin = [
        "yes_sometimes",
        "no",
        "prefer_not_to_say",
        "yes_often",
        "not_sure",
        "no",
    ];
    let work = [
        "Tailoring or sewing in a workshop",
        "Nursing assistant",
        "Warehouse work with a forklift licence",
        "Cooking in a restaurant",
        "IT support",
        "Cleaning or maintenance",
    ];
    let mut needs: Vec<&str> = p.needs.iter().map(|n| n.as_str()).collect();
    if i.is_multiple_of(3) && !needs.contains(&"childcare") {
        needs.push("childcare");
    }
    let languages: Vec<Value> = p
        .languages
        .iter()
        .map(|l| json!({"language": l.language, "level": l.level.as_str()}))
        .collect();
    let mut answers = vec![
        ("needs", json!(needs)),
        ("worked_host", json!(i.is_multiple_of(3))),
        ("languages", json!(languages)),
        (
            "education_level",
            json!(p
                .row
                .education_level
                .clone()
                .unwrap_or_else(|| "isced_3".into())),
        ),
        ("confidence", json!((i * 3) % 10 + 1)),
        ("preferred_place", json!(places[i % places.len()])),
        ("interest_mentoring", json!(i.is_multiple_of(2))),
        ("childcare_needed", json!(i.is_multiple_of(3))),
        ("origin_affected", json!(origin[i % origin.len()])),
        ("job_search_months", json!(i * 2 + 1)),
        ("desired_work", json!(work[i % work.len()])),
        ("interest_coworking", json!(i % 4 == 1)),
    ];
    if i % 2 == 1 {
        answers.push((
            "interest_training",
            json!(["language_course", "certificate_course"]),
        ));
    } else {
        answers.push(("interest_training", json!(["vocational_training"])));
    }
    answers
}
