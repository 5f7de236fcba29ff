//! Liveness and readiness, for load balancers, orchestrators and the SPA.

use actix_web::{get, web, HttpResponse};
use diesel::connection::SimpleConnection;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::error::{ApiError, Problem};
use crate::AppState;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(get_health).service(get_ready);
}

/// Always `ok` while the process serves requests.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum HealthState {
    Ok,
}

/// The process is alive.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Health {
    pub status: HealthState,
    /// The server's version.
    #[schema(example = "0.1.0")]
    pub version: String,
    /// Seconds since the process started.
    #[schema(example = 3600, minimum = 0)]
    pub uptime_seconds: u64,
}

/// Always `ready` in a 200 answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReadyState {
    Ready,
}

/// Which database backend serves this deployment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DatabaseBackend {
    Sqlite,
    Postgresql,
}

/// The server can serve requests: its database answers.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Ready {
    pub status: ReadyState,
    pub database: DatabaseBackend,
}

/// Liveness: answers while the process runs, without touching the database.
#[utoipa::path(
    tag = "system",
    operation_id = "get_health",
    responses((status = 200, description = "The process is alive", body = Health))
)]
#[get("/health")]
async fn get_health(state: web::Data<AppState>) -> HttpResponse {
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
async fn get_ready(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
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
