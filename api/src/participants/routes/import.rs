//! `/participants/import`: the CSV template and the bulk import of
//! participants from a spreadsheet (all rows or none).

use actix_web::{get, post, web, HttpRequest, HttpResponse};
use futures_util::StreamExt;

use crate::audit;
use crate::auth::Actor;
use crate::codes::ConsentPurpose;
use crate::error::{ApiError, Problem, ProblemCode};
use crate::ids;
use crate::participants::import::{parse, COLUMNS, MAX_BYTES, TEMPLATE_EXAMPLE};
use crate::participants::json::{ImportQuery, ImportReport};
use crate::participants::model;
use crate::policy::{Action, Resource};
use crate::AppState;

/// A CSV template with every column and one example row.
#[utoipa::path(
    tag = "participants",
    operation_id = "get_import_template",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The template (UTF-8 CSV)", content_type = "text/csv", body = String),
    )
)]
#[get("/participants/import/template")]
pub(in crate::participants) async fn import_template(
    actor: Actor,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::Create, Resource::Participant)?;
    let body = format!("\u{feff}{}\r\n{}\r\n", COLUMNS.join(","), TEMPLATE_EXAMPLE);
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            "Content-Disposition",
            "attachment; filename=\"skupaj-participants-template.csv\"",
        ))
        .body(body))
}

/// Imports participants from CSV (UTF-8; an Excel BOM and `;` separators
/// are fine; a header row names the columns, see the template). Either every
/// row is valid and all are imported, or nothing is and the 422 answer lists
/// each problem as `rows[N].column` (N is the spreadsheet row; the header is
/// row 1). `dry_run=true` checks without writing.
#[utoipa::path(
    tag = "participants",
    operation_id = "import_participants",
    security(("bearer" = [])),
    params(ImportQuery, ("Idempotency-Key" = Option<String>, Header, description = "Makes a retried import return the first result instead of importing twice")),
    request_body(content = String, content_type = "text/csv", description = "The CSV file"),
    responses(
        (status = 200, description = "Every row is valid (and, unless a dry run, imported)", body = ImportReport),
        (status = 400, description = "Malformed query", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not a CSV upload", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Problems by row and column; nothing was imported", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/participants/import")]
pub(in crate::participants) async fn import_participants(
    state: web::Data<AppState>,
    actor: Actor,
    req: HttpRequest,
    query: web::Query<ImportQuery>,
    mut payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::Create, Resource::Participant)?;
    let content_type = req
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    if ![
        "text/csv",
        "application/csv",
        "text/plain",
        "application/vnd.ms-excel",
    ]
    .iter()
    .any(|t| content_type.starts_with(t))
    {
        return Err(ApiError::Client {
            code: ProblemCode::UnsupportedMediaType,
            detail: "send the file as text/csv".into(),
        });
    }
    let mut bytes = web::BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let chunk =
            chunk.map_err(|e| ApiError::bad_request(format!("cannot read the upload: {e}")))?;
        if bytes.len() + chunk.len() > MAX_BYTES {
            return Err(ApiError::Client {
                code: ProblemCode::PayloadTooLarge,
                detail: format!("a file may be at most {} MiB", MAX_BYTES / 1024 / 1024),
            });
        }
        bytes.extend_from_slice(&chunk);
    }
    let rows = parse(&bytes)?;
    let dry_run = query.dry_run.unwrap_or(false);
    let count = rows.len();
    if dry_run {
        return Ok(HttpResponse::Ok().json(ImportReport {
            dry_run,
            rows: count,
            imported: 0,
            ids: Vec::new(),
        }));
    }
    let key = crate::idempotency::key(&req)?;
    let request_hash = crate::auth::tokens::sha256_hex(&String::from_utf8_lossy(&bytes));
    let (_, report) = state
        .db(move |conn| {
            let actor_id = actor.audit_identity().1.to_string();
            let scope = key.as_deref().map(|key| crate::idempotency::Scope {
                organization_id: &actor.organization_id,
                actor_id: &actor_id,
                operation: "import_participants",
                key,
                request_hash: &request_hash,
            });
            crate::idempotency::run(conn, |conn| {
                if let Some(scope) = &scope {
                    if let Some(stored) = crate::idempotency::replay(conn, scope)? {
                        return Ok(stored);
                    }
                }
                let mut ids = Vec::with_capacity(rows.len());
                for (fields, consent_version) in &rows {
                    let id = ids::new_id();
                    model::save(conn, &id, &actor.organization_id, fields, None)?;
                    if let Some(version) = consent_version {
                        model::add_consent(
                            conn,
                            &actor.organization_id,
                            &id,
                            ConsentPurpose::ProfileProcessing,
                            version,
                            &actor_id,
                        )?;
                        audit::record(conn, &actor, "create", "consent", Some(&id))?;
                    }
                    audit::record(conn, &actor, "import", "participant", Some(&id))?;
                    crate::opportunities::matches::changes::participant(
                        conn,
                        &actor.organization_id,
                        &id,
                    )?;
                    ids.push(id);
                }
                let report = ImportReport {
                    dry_run: false,
                    rows: count,
                    imported: ids.len(),
                    ids,
                };
                let value = serde_json::to_value(&report).map_err(ApiError::internal)?;
                if let Some(scope) = &scope {
                    crate::idempotency::store(conn, scope, 200, &value)?;
                }
                Ok((200, value))
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(report))
}
