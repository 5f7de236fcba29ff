//! The person's rights: the export of everything held (GDPR art. 15/20)
//! and erasure by anonymisation (art. 17).

use super::*;

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
pub(super) async fn export_participant(
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
pub(super) async fn erase_participant(
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
