//! `/health` and `/ready`.

use actix_web::{get, web, HttpResponse};
use diesel::connection::SimpleConnection;

use super::json::{DatabaseBackend, Health, HealthState, Ready, ReadyState};
use crate::error::{ApiError, Problem};
use crate::AppState;

/// Liveness: answers while the process runs, without touching the database.
#[utoipa::path(
    tag = "system",
    operation_id = "get_health",
    responses((status = 200, description = "The process is alive", body = Health))
)]
#[get("/health")]
pub(super) async fn get_health(state: web::Data<AppState>) -> HttpResponse {
    HttpResponse::Ok().json(Health {
        status: HealthState::Ok,
        version: env!("CARGO_PKG_VERSION").to_string(),
        uptime_seconds: state.started.elapsed().as_secs(),
    })
}

/// Readiness: 200 when the database answers a query, else 503.
#[utoipa::path(
    tag = "system",
    operation_id = "get_ready",
    responses(
        (status = 200, description = "The database answers", body = Ready),
        (status = 503, description = "The database cannot be reached", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/ready")]
pub(super) async fn get_ready(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    state
        .db(|conn| {
            conn.batch_execute("SELECT 1")
                .map_err(|e| ApiError::DatabaseUnavailable(e.to_string()))
        })
        .await?;
    let database = match state.settings.database {
        crate::db::DatabaseTarget::Postgres(_) => DatabaseBackend::Postgresql,
        crate::db::DatabaseTarget::Sqlite(_) => DatabaseBackend::Sqlite,
    };
    Ok(HttpResponse::Ok().json(Ready {
        status: ReadyState::Ready,
        database,
    }))
}
