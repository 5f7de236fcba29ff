//! A person's interview answers for their GDPR export.

use std::collections::BTreeMap;

use diesel::prelude::*;
use serde_json::Value;

use super::json::ExportedInterview;
use super::model::{template_of, InterviewRow};
use crate::db::schema::{
    interview_answers as answers, interview_participants as attendees, interviews,
};
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::ids;
use crate::interviews::templates::text_in;

/// Every interview answer held on a person.
pub fn export_for(
    conn: &mut DbConnection,
    org: &str,
    pid: &str,
) -> Result<Vec<ExportedInterview>, ApiError> {
    let rows: Vec<InterviewRow> = interviews::table
        .inner_join(attendees::table)
        .filter(attendees::participant_id.eq(pid))
        .filter(interviews::organization_id.eq(org))
        .order(interviews::scheduled_at.asc())
        .select(InterviewRow::as_select())
        .load(conn)?;
    let mut out = Vec::new();
    for r in rows {
        let content = template_of(conn, &r)?;
        let given: Vec<(String, String)> = answers::table
            .filter(answers::interview_id.eq(&r.id))
            .filter(answers::participant_id.eq(pid))
            .select((answers::question_id, answers::value))
            .load(conn)?;
        let mut map = BTreeMap::new();
        for (qid, v) in given {
            let key = content
                .question(&qid)
                .map(|q| text_in(&q.text, "en").to_string())
                .unwrap_or(qid);
            map.insert(key, serde_json::from_str(&v).unwrap_or(Value::Null));
        }
        out.push(ExportedInterview {
            scheduled_at: ids::utc(r.scheduled_at),
            status: r.status(),
            template_title: text_in(&content.title, "en").to_string(),
            answers: map,
            interview_id: r.id,
        });
    }
    Ok(out)
}
