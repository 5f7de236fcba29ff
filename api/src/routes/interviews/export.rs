//! A person's interview answers for their GDPR export.

use super::*;

/// The answers one participant gave, per interview (for the GDPR export).
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ExportedInterview {
    pub interview_id: String,
    pub scheduled_at: DateTime<Utc>,
    pub status: InterviewStatus,
    pub template_title: String,
    /// Question text (English, else any) → answer.
    #[schema(value_type = Object)]
    pub answers: BTreeMap<String, Value>,
}

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
                .map(|q| questionnaires::text_in(&q.text, "en").to_string())
                .unwrap_or(qid);
            map.insert(key, serde_json::from_str(&v).unwrap_or(Value::Null));
        }
        out.push(ExportedInterview {
            scheduled_at: ids::utc(r.scheduled_at),
            status: r.status(),
            template_title: questionnaires::text_in(&content.title, "en").to_string(),
            answers: map,
            interview_id: r.id,
        });
    }
    Ok(out)
}
