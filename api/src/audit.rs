//! The append-only audit log: who (user, API key, system) did what to which
//! record, when, in which request. Rows are written in the same transaction
//! as the change they record; the database refuses UPDATE and DELETE on the
//! table (triggers in the migration), and no endpoint offers either.
//! Rows carry ids, never names or other personal data, so that an erasure
//! leaves the trail intact without leaving the person in it. Changes to a
//! participant's consents and skills name the participant's id, so that one
//! query gives a person's whole history.

use diesel::prelude::*;

use crate::db::schema::audit_log;
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::ids;

/// One audit row to write.
pub struct Event<'a> {
    pub organization_id: Option<&'a str>,
    pub actor_type: &'a str,
    pub actor_id: Option<&'a str>,
    pub action: &'a str,
    pub resource_type: &'a str,
    pub resource_id: Option<&'a str>,
    pub request_id: Option<&'a str>,
}

/// Writes one row.
pub fn write(conn: &mut DbConnection, e: Event<'_>) -> Result<(), ApiError> {
    insert(conn, &[e])
}

/// Writes rows in one INSERT: their values bound once each, the statement
/// run once (the group commit's batches), on the backend's own connection.
fn insert(conn: &mut DbConnection, events: &[Event<'_>]) -> Result<(), ApiError> {
    let now = ids::now();
    let rows: Vec<_> = events
        .iter()
        .map(|e| {
            (
                audit_log::id.eq(ids::new_id()),
                audit_log::organization_id.eq(e.organization_id),
                audit_log::actor_type.eq(e.actor_type),
                audit_log::actor_id.eq(e.actor_id),
                audit_log::action.eq(e.action),
                audit_log::resource_type.eq(e.resource_type),
                audit_log::resource_id.eq(e.resource_id),
                audit_log::request_id.eq(e.request_id),
                audit_log::occurred_at.eq(now),
            )
        })
        .collect();
    crate::on_backend!(conn, c => diesel::insert_into(audit_log::table)
        .values(&rows)
        .execute(c))?;
    Ok(())
}

/// Records what a user did outside an authenticated request (logging in or
/// out, accepting an invitation, resetting a password).
pub fn by_user(
    conn: &mut DbConnection,
    organization_id: &str,
    user_id: &str,
    action: &str,
    resource_type: &str,
    resource_id: &str,
    request_id: Option<&str>,
) -> Result<(), ApiError> {
    write(
        conn,
        Event {
            organization_id: Some(organization_id),
            actor_type: "user",
            actor_id: Some(user_id),
            action,
            resource_type,
            resource_id: Some(resource_id),
            request_id,
        },
    )
}

/// Who acted, in which organisation and request: what the audit log needs
/// of an authenticated caller (`auth::Actor` converts into it, so that the
/// log does not depend on how callers are authenticated).
pub struct Who<'a> {
    pub organization_id: &'a str,
    /// `user` or `api_key`.
    pub actor_type: &'static str,
    pub actor_id: &'a str,
    pub request_id: Option<&'a str>,
}

/// Records what an authenticated actor did, in its organisation.
pub fn record<'a>(
    conn: &mut DbConnection,
    who: impl Into<Who<'a>>,
    action: &str,
    resource_type: &str,
    resource_id: Option<&str>,
) -> Result<(), ApiError> {
    let who = who.into();
    write(
        conn,
        Event {
            organization_id: Some(who.organization_id),
            actor_type: who.actor_type,
            actor_id: Some(who.actor_id),
            action,
            resource_type,
            resource_id,
            request_id: who.request_id,
        },
    )
}

/// An audit row of a read, owned, to hand to the [`GroupWriter`].
#[derive(Clone, Debug)]
pub struct ReadEvent {
    organization_id: String,
    actor_type: &'static str,
    actor_id: String,
    action: &'static str,
    resource_type: &'static str,
    resource_id: Option<String>,
    request_id: Option<String>,
}

impl ReadEvent {
    /// What `actor` read; the record's id is added with [`ReadEvent::of`]
    /// once the read has found it.
    pub fn new<'a>(
        who: impl Into<Who<'a>>,
        action: &'static str,
        resource_type: &'static str,
    ) -> Self {
        let who = who.into();
        Self {
            organization_id: who.organization_id.to_string(),
            actor_type: who.actor_type,
            actor_id: who.actor_id.to_string(),
            action,
            resource_type,
            resource_id: None,
            request_id: who.request_id.map(str::to_string),
        }
    }

    pub fn of(mut self, resource_id: impl Into<String>) -> Self {
        self.resource_id = Some(resource_id.into());
        self
    }

    fn as_event(&self) -> Event<'_> {
        Event {
            organization_id: Some(&self.organization_id),
            actor_type: self.actor_type,
            actor_id: Some(&self.actor_id),
            action: self.action,
            resource_type: self.resource_type,
            resource_id: self.resource_id.as_deref(),
            request_id: self.request_id.as_deref(),
        }
    }
}

type Reply = tokio::sync::oneshot::Sender<Result<(), String>>;

/// Group commit for the audit rows of reads.
///
/// Every read of personal data must be in the audit log, durably, before
/// its answer leaves. Written one transaction per read, each GET would
/// wait for its own fsync and queue behind SQLite's single writer. Instead
/// reads hand their row to this writer: one thread takes whatever rows are
/// waiting, writes them all in one transaction, commits once (one fsync),
/// and only then tells each waiting request that its row is safe. While
/// it commits, the next requests queue up, so the busier the server, the
/// more rows share a commit; an idle server commits a lone row at once.
///
/// Writes (creates, changes, erasures) keep writing their audit row in the
/// same transaction as the change, with [`record`]. Each server process
/// has its own writer; on PostgreSQL, several processes' writers insert
/// side by side.
#[derive(Clone)]
pub struct GroupWriter {
    queue: std::sync::mpsc::Sender<(ReadEvent, Reply)>,
}

/// The most rows one commit carries.
const MAX_BATCH: usize = 1000;

impl GroupWriter {
    /// Starts the writer thread; it ends when the last handle is dropped.
    pub fn start(pool: crate::DbPool) -> Self {
        let (queue, rows) = std::sync::mpsc::channel::<(ReadEvent, Reply)>();
        let spawned = std::thread::Builder::new()
            .name("audit-writer".into())
            .spawn(move || {
                while let Ok(first) = rows.recv() {
                    let mut batch = vec![first];
                    while batch.len() < MAX_BATCH {
                        match rows.try_recv() {
                            Ok(next) => batch.push(next),
                            Err(_) => break,
                        }
                    }
                    let result = write_batch(&pool, &batch);
                    for (_, reply) in batch {
                        // A request that gave up waiting no longer listens.
                        let _ = reply.send(result.clone());
                    }
                }
            });
        if let Err(e) = spawned {
            log::error!("cannot start the audit writer: {e}");
        }
        Self { queue }
    }

    /// Waits until `event` is committed. An error means the row is not on
    /// record, and the read's answer must not be sent (503).
    pub async fn write(&self, event: ReadEvent) -> Result<(), ApiError> {
        let (reply, done) = tokio::sync::oneshot::channel();
        self.queue
            .send((event, reply))
            .map_err(|_| ApiError::DatabaseUnavailable("the audit writer stopped".into()))?;
        match done.await {
            Ok(Ok(())) => Ok(()),
            Ok(Err(e)) => Err(ApiError::DatabaseUnavailable(format!(
                "the audit log could not be written: {e}"
            ))),
            Err(_) => Err(ApiError::DatabaseUnavailable(
                "the audit writer stopped".into(),
            )),
        }
    }
}

fn write_batch(pool: &crate::DbPool, batch: &[(ReadEvent, Reply)]) -> Result<(), String> {
    let mut pooled = pool.get().map_err(|e| e.to_string())?;
    let conn: &mut DbConnection = &mut pooled;
    let events: Vec<Event<'_>> = batch.iter().map(|(e, _)| e.as_event()).collect();
    let mut attempt = 0u64;
    loop {
        let result = conn.transaction(|conn| insert(conn, &events));
        match result {
            Err(ApiError::Busy) if attempt < 50 => {
                attempt += 1;
                std::thread::sleep(std::time::Duration::from_millis(2 * attempt.min(10)));
            }
            Err(e) => {
                log::error!("audit rows of {} reads not written: {e}", batch.len());
                return Err(e.to_string());
            }
            Ok(()) => return Ok(()),
        }
    }
}
