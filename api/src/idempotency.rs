//! `Idempotency-Key`: a client-chosen key that makes a retried POST return
//! the first answer instead of doing the work twice (flaky mobile networks).
//! Keys are per organisation, actor and operation; the stored answer is
//! dropped when the person it names is erased.

use actix_web::HttpRequest;
use diesel::prelude::*;
use serde_json::Value;

use crate::db::schema::idempotency_keys;
use crate::db::DbConnection;
use crate::error::{ApiError, ProblemCode};
use crate::ids;

/// Returned (and retried by the caller) when a concurrent request with the
/// same key committed first.
pub const RACE: &str = "idempotency race";

/// The `Idempotency-Key` header, when sent: 1–200 visible ASCII characters.
pub fn key(req: &HttpRequest) -> Result<Option<String>, ApiError> {
    let Some(v) = req.headers().get("idempotency-key") else {
        return Ok(None);
    };
    let s = v.to_str().unwrap_or("");
    if s.is_empty() || s.len() > 200 || !s.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(ApiError::field(
            "Idempotency-Key",
            "invalid",
            "must be 1 to 200 visible ASCII characters",
        ));
    }
    Ok(Some(s.to_string()))
}

/// Who asks and for what.
pub struct Scope<'a> {
    pub organization_id: &'a str,
    pub actor_id: &'a str,
    pub operation: &'a str,
    pub key: &'a str,
    pub request_hash: &'a str,
}

/// The stored answer for this key, if any; 409 when the key was used for a
/// different request.
pub fn replay(conn: &mut DbConnection, s: &Scope<'_>) -> Result<Option<(u16, Value)>, ApiError> {
    let stored: Option<(String, i32, String)> = idempotency_keys::table
        .filter(idempotency_keys::organization_id.eq(s.organization_id))
        .filter(idempotency_keys::actor_id.eq(s.actor_id))
        .filter(idempotency_keys::operation.eq(s.operation))
        .filter(idempotency_keys::key.eq(s.key))
        .select((
            idempotency_keys::request_hash,
            idempotency_keys::status,
            idempotency_keys::response,
        ))
        .first(conn)
        .optional()?;
    match stored {
        None => Ok(None),
        Some((hash, _, _)) if hash != s.request_hash => Err(ApiError::conflict(
            ProblemCode::Conflict,
            "this Idempotency-Key was already used for a different request",
        )),
        Some((_, status, response)) => {
            let value = serde_json::from_str(&response).map_err(ApiError::internal)?;
            Ok(Some((status as u16, value)))
        }
    }
}

/// Stores the answer in the same transaction as the work. A concurrent
/// request that stored first makes this fail with [`RACE`]: roll back and
/// replay its answer.
pub fn store(
    conn: &mut DbConnection,
    s: &Scope<'_>,
    status: u16,
    response: &Value,
) -> Result<(), ApiError> {
    let inserted = diesel::insert_into(idempotency_keys::table)
        .values((
            idempotency_keys::organization_id.eq(s.organization_id),
            idempotency_keys::actor_id.eq(s.actor_id),
            idempotency_keys::operation.eq(s.operation),
            idempotency_keys::key.eq(s.key),
            idempotency_keys::request_hash.eq(s.request_hash),
            idempotency_keys::status.eq(i32::from(status)),
            idempotency_keys::response.eq(response.to_string()),
            idempotency_keys::created_at.eq(ids::now()),
        ))
        .execute(conn);
    match inserted {
        Ok(_) => Ok(()),
        Err(diesel::result::Error::DatabaseError(
            diesel::result::DatabaseErrorKind::UniqueViolation,
            _,
        )) => Err(ApiError::conflict(ProblemCode::Conflict, RACE)),
        Err(e) => Err(e.into()),
    }
}

/// Runs `work` in a transaction, retrying once after losing a race, so that
/// every caller with the same key gets the same answer.
pub fn run<F>(conn: &mut DbConnection, mut work: F) -> Result<(u16, Value), ApiError>
where
    F: FnMut(&mut DbConnection) -> Result<(u16, Value), ApiError>,
{
    for _ in 0..2 {
        match conn.transaction(&mut work) {
            Err(ApiError::Client { detail, .. }) if detail == RACE => continue,
            other => return other,
        }
    }
    Err(ApiError::internal("idempotency key kept racing"))
}

/// The hash that tells a retry from a different request with the same key.
pub fn request_hash(request: &impl serde::Serialize) -> String {
    use sha2::Digest;
    let text = serde_json::to_string(request).unwrap_or_default();
    format!("{:x}", sha2::Sha256::digest(text))
}

/// A create that a retry with the same `Idempotency-Key` answers as the
/// first time: in one transaction (run again after losing a race), `first`
/// (e.g. a lock that serialises the work, so that a concurrent retry waits
/// and then finds the stored answer), the stored answer if there is one,
/// else `work`, whose answer is stored as the 201 of this key. Without a
/// key it is just the transaction.
pub fn create_once<T, L, W>(
    conn: &mut DbConnection,
    scope: Option<&Scope<'_>>,
    mut first: L,
    mut work: W,
) -> Result<(u16, Value), ApiError>
where
    T: serde::Serialize,
    L: FnMut(&mut DbConnection) -> Result<(), ApiError>,
    W: FnMut(&mut DbConnection) -> Result<T, ApiError>,
{
    if let Some(s) = scope {
        if let Some(stored) = replay(conn, s)? {
            return Ok(stored);
        }
    }
    run(conn, |conn| {
        first(conn)?;
        if let Some(s) = scope {
            if let Some(stored) = replay(conn, s)? {
                return Ok(stored);
            }
        }
        let view = serde_json::to_value(work(conn)?).map_err(ApiError::internal)?;
        if let Some(s) = scope {
            store(conn, s, 201, &view)?;
        }
        Ok((201, view))
    })
}

/// The answer of [`create_once`] as a response (201, or the stored status).
pub fn created(status: u16) -> actix_web::HttpResponseBuilder {
    actix_web::HttpResponse::build(
        actix_web::http::StatusCode::from_u16(status)
            .unwrap_or(actix_web::http::StatusCode::CREATED),
    )
}
