//! The audit writer: one task appends the audit rows of reads (and of
//! anything else not already inside its own transaction) in batches.
//!
//! Why: every read of patient data writes an audit row, and SQLite allows
//! one writer at a time. With one INSERT transaction per read, concurrent
//! readers queued on the write lock and slept in the busy handler; here
//! they hand their rows to one task, which writes all rows waiting at that
//! moment in one transaction (group commit).
//!
//! No row is ever dropped: the queue is bounded and a full queue makes
//! callers wait (backpressure), and each caller waits until its row is
//! committed before it answers, so data is never shown unaudited. Rows
//! still queued when the store closes are written by [`AuditQueue::flush`].

use tokio::sync::{mpsc, oneshot};

use crate::pool::Db;
use crate::{StoreError, Who, now_text};

/// Rows waiting beyond this make callers wait for room.
const CAPACITY: usize = 4096;
/// At most this many rows per transaction.
const MAX_BATCH: usize = 512;

/// One audit row to append.
#[derive(Debug)]
pub(crate) struct AuditRow {
    at: String,
    username: String,
    action: String,
    target: String,
    remote: String,
    detail: String,
}

impl AuditRow {
    pub(crate) fn new(who: &Who, action: &str, target: &str, detail: &str) -> AuditRow {
        AuditRow {
            at: now_text(),
            username: who.username.clone(),
            action: action.to_string(),
            target: target.to_string(),
            remote: who.remote.clone(),
            detail: detail.to_string(),
        }
    }
}

type Ack = oneshot::Sender<Result<(), String>>;

#[derive(Debug)]
enum Msg {
    Row(AuditRow, Ack),
    /// Answered once every row queued before it is written.
    Flush(oneshot::Sender<()>),
}

/// The sending side; cloned with the store.
#[derive(Clone, Debug)]
pub(crate) struct AuditQueue {
    tx: mpsc::Sender<Msg>,
    db: Db,
}

impl AuditQueue {
    /// Starts the writer task on the current Tokio runtime.
    pub(crate) fn start(db: Db) -> AuditQueue {
        let (tx, rx) = mpsc::channel(CAPACITY);
        tokio::spawn(run(db.clone(), rx));
        AuditQueue { tx, db }
    }

    /// Appends `row` and returns once it is committed.
    pub(crate) async fn append(&self, row: AuditRow) -> Result<(), StoreError> {
        let (ack, done) = oneshot::channel();
        self.tx
            .send(Msg::Row(row, ack))
            .await
            .map_err(|_| StoreError::Audit("the audit writer has stopped".into()))?;
        done.await
            .map_err(|_| StoreError::Audit("the audit writer has stopped".into()))?
            .map_err(StoreError::Audit)
    }

    /// Waits until every row queued so far is written.
    pub(crate) async fn flush(&self) {
        let (ack, done) = oneshot::channel();
        if self.tx.send(Msg::Flush(ack)).await.is_ok() {
            let _ = done.await;
        }
    }
}

impl AuditQueue {
    /// Writes what is queued, then closes the writer's connection.
    pub(crate) async fn close(&self) {
        self.flush().await;
        match &self.db {
            Db::Sqlite(pool) => pool.close().await,
            Db::Postgres(pool) => pool.close().await,
        }
    }
}

async fn run(db: Db, mut rx: mpsc::Receiver<Msg>) {
    let mut batch = Vec::with_capacity(MAX_BATCH);
    while rx.recv_many(&mut batch, MAX_BATCH).await > 0 {
        let mut rows = Vec::with_capacity(batch.len());
        let mut flushes = Vec::new();
        for msg in batch.drain(..) {
            match msg {
                Msg::Row(row, ack) => rows.push((row, ack)),
                Msg::Flush(ack) => flushes.push(ack),
            }
        }
        write(&db, rows).await;
        for f in flushes {
            let _ = f.send(());
        }
    }
}

/// Writes the batch in one transaction; if that fails, row by row, so one
/// bad row cannot take the others with it. Every caller hears its result.
async fn write(db: &Db, rows: Vec<(AuditRow, Ack)>) {
    if rows.is_empty() {
        return;
    }
    let all: Vec<&AuditRow> = rows.iter().map(|(r, _)| r).collect();
    if insert(db, &all).await.is_ok() {
        for (_, ack) in rows {
            let _ = ack.send(Ok(()));
        }
        return;
    }
    for (row, ack) in rows {
        let result = insert(db, &[&row]).await.map_err(|e| e.to_string());
        if let Err(e) = &result {
            eprintln!("casecourse store: audit row {row:?} not written: {e}");
        }
        let _ = ack.send(result);
    }
}

async fn insert(db: &Db, rows: &[&AuditRow]) -> Result<(), sqlx::Error> {
    macro_rules! insert_all {
        ($pool:expr) => {{
            let mut tx = $pool.begin().await?;
            for r in rows {
                sqlx::query(
                    "INSERT INTO audit (at, username, action, target, remote, detail) \
                     VALUES ($1, $2, $3, $4, $5, $6)",
                )
                .bind(&r.at)
                .bind(&r.username)
                .bind(&r.action)
                .bind(&r.target)
                .bind(&r.remote)
                .bind(&r.detail)
                .execute(&mut *tx)
                .await?;
            }
            tx.commit().await
        }};
    }
    match db {
        Db::Sqlite(pool) => insert_all!(pool),
        Db::Postgres(pool) => insert_all!(pool),
    }
}
