//! What the health and readiness endpoints answer.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

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
