//! The system: health, readiness, request ids and shutdown.

mod health;
mod shutdown;
