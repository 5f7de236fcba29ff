//! The group commit of the audit rows of reads ([`GroupWriter`]).

use std::sync::mpsc::RecvTimeoutError;
use std::time::{Duration, Instant};

use diesel::connection::Connection as _;

use super::{staging, Event, Who};
use crate::error::ApiError;
use crate::ids;

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
/// The writer commits into a staging table and moves the rows into
/// `audit_log` in bulk, between its commits (see `staging` for why).
///
/// Writes (creates, changes, erasures) keep writing their audit row in the
/// same transaction as the change, with [`super::record`]. Each server
/// process has its own writer; on PostgreSQL, several processes' writers
/// insert side by side.
#[derive(Clone)]
pub struct GroupWriter {
    queue: std::sync::mpsc::Sender<(ReadEvent, Reply)>,
}

/// The most rows one commit carries.
const MAX_BATCH: usize = 1000;

/// A move into `audit_log` begins once this many rows are staged...
const SETTLE_ROWS: usize = 20_000;
/// ...or once the oldest has waited this long, busy or idle.
const SETTLE_AFTER: Duration = Duration::from_secs(1);
/// How many neighbouring rows one move transaction carries. A move runs
/// between two group commits, so this bounds how long a read can wait.
const SLICE: usize = 1_000;

impl GroupWriter {
    /// Starts the writer thread; it ends when the last handle is dropped.
    pub fn start(pool: crate::DbPool) -> Self {
        let (queue, rows) = std::sync::mpsc::channel::<(ReadEvent, Reply)>();
        let spawned = std::thread::Builder::new()
            .name("audit-writer".into())
            .spawn(move || {
                let mut moves = Moves::default();
                // Rows a stopped server left staged.
                moves.settle_all(&pool);
                loop {
                    match rows.recv_timeout(moves.wait()) {
                        Ok(first) => {
                            let mut batch = vec![first];
                            while batch.len() < MAX_BATCH {
                                match rows.try_recv() {
                                    Ok(next) => batch.push(next),
                                    Err(_) => break,
                                }
                            }
                            let ids: Vec<String> = batch.iter().map(|_| ids::new_id()).collect();
                            let result = write_batch(&pool, &batch, &ids);
                            for ((event, reply), id) in batch.into_iter().zip(ids) {
                                if result.is_ok() {
                                    moves.staged(event.resource_type, event.resource_id, id);
                                }
                                // A request that gave up waiting no longer listens.
                                let _ = reply.send(result.clone());
                            }
                        }
                        Err(RecvTimeoutError::Timeout) => {}
                        Err(RecvTimeoutError::Disconnected) => break,
                    }
                    moves.step(&pool);
                }
                moves.settle_all(&pool);
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

/// A staged row as the writer remembers it: its record, then its id.
type StagedRow = (&'static str, Option<String>, String);

/// The rows this writer staged and has not moved yet.
#[derive(Default)]
struct Moves {
    /// Staged since the current move began.
    staged: Vec<StagedRow>,
    /// When the oldest of `staged` was committed.
    since: Option<Instant>,
    /// The current move: sorted by record, the next slice at the end.
    moving: Vec<StagedRow>,
}

impl Moves {
    fn staged(&mut self, resource_type: &'static str, resource_id: Option<String>, id: String) {
        self.staged.push((resource_type, resource_id, id));
        self.since.get_or_insert_with(Instant::now);
    }

    /// How long the writer may wait for the next read before moving rows.
    fn wait(&self) -> Duration {
        if !self.moving.is_empty() {
            Duration::ZERO
        } else {
            self.since
                .map_or(Duration::MAX, |t| SETTLE_AFTER.saturating_sub(t.elapsed()))
        }
    }

    /// Moves the next slice, beginning a move when one is due.
    fn step(&mut self, pool: &crate::DbPool) {
        if self.moving.is_empty()
            && (self.staged.len() >= SETTLE_ROWS
                || self.since.is_some_and(|t| t.elapsed() >= SETTLE_AFTER))
        {
            self.moving = std::mem::take(&mut self.staged);
            self.since = None;
            // Sorted backwards, so that each slice is split off the end.
            self.moving.sort_unstable_by(|a, b| b.cmp(a));
        }
        if self.moving.is_empty() {
            return;
        }
        let slice = self
            .moving
            .split_off(self.moving.len().saturating_sub(SLICE));
        let ids: Vec<String> = slice.iter().map(|r| r.2.clone()).collect();
        if let Err(e) = retrying(|| staging::move_rows(&mut *pool.get()?, &ids)) {
            // The rows stay staged, durable and readable; they go with the next move.
            log::error!("{} staged audit rows not moved yet: {e}", slice.len());
            self.since.get_or_insert_with(Instant::now);
            self.staged.extend(slice);
        }
    }

    /// Moves every staged row (also any this writer does not know of).
    fn settle_all(&mut self, pool: &crate::DbPool) {
        match retrying(|| staging::settle(&mut *pool.get()?)) {
            Ok(_) => *self = Self::default(),
            Err(e) => log::error!("staged audit rows not moved yet: {e}"),
        }
    }
}

/// Runs `f` again while SQLite's writer is busy, up to about a second.
fn retrying<T>(mut f: impl FnMut() -> Result<T, ApiError>) -> Result<T, ApiError> {
    let mut attempt = 0u64;
    loop {
        match f() {
            Err(ApiError::Busy) if attempt < 50 => {
                attempt += 1;
                std::thread::sleep(Duration::from_millis(2 * attempt.min(10)));
            }
            other => return other,
        }
    }
}

fn write_batch(
    pool: &crate::DbPool,
    batch: &[(ReadEvent, Reply)],
    ids: &[String],
) -> Result<(), String> {
    let events: Vec<Event<'_>> = batch.iter().map(|(e, _)| e.as_event()).collect();
    retrying(|| {
        pool.get()?
            .transaction(|conn| staging::stage(conn, &events, ids))
    })
    .map_err(|e| {
        log::error!("audit rows of {} reads not written: {e}", batch.len());
        e.to_string()
    })
}
