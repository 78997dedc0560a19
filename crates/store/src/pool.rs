//! The store handle: one enum over the SQLite and PostgreSQL pools.

use std::str::FromStr;
use std::time::Duration;

use sqlx::postgres::{PgPool, PgPoolOptions};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};

use crate::StoreError;
use crate::audit_queue::AuditQueue;
use crate::digests::DigesterSlot;

/// Runs `$body` with `$pool` bound to whichever pool the store holds. The
/// body is written once and type-checked for each backend.
macro_rules! with_pool {
    ($store:expr, $pool:ident => $body:expr) => {
        match $store.db() {
            $crate::pool::Db::Sqlite($pool) => $body,
            $crate::pool::Db::Postgres($pool) => $body,
        }
    };
}
pub(crate) use with_pool;

/// The database pool of a store.
#[derive(Clone, Debug)]
pub enum Db {
    /// An embedded SQLite file (the default).
    Sqlite(SqlitePool),
    /// A PostgreSQL server.
    Postgres(PgPool),
}

/// A registry database: its pool, and the writer that appends audit rows
/// of reads in batches (see `audit_queue.rs`).
#[derive(Clone, Debug)]
pub struct Store {
    db: Db,
    audit: AuditQueue,
    pub(crate) digester: DigesterSlot,
}

impl Store {
    /// The pool (tests reach the tables through it).
    pub fn db(&self) -> &Db {
        &self.db
    }

    pub(crate) fn audit_queue(&self) -> &AuditQueue {
        &self.audit
    }

    /// Opens `url` (`sqlite://file.db`, `sqlite::memory:`, `postgres://...`),
    /// creating a SQLite file when missing, and brings the schema up to date.
    pub async fn open(url: &str) -> Result<Store, StoreError> {
        let (db, audit_db) = if url.starts_with("sqlite:") {
            let (main, writer) = open_sqlite(url).await?;
            (Db::Sqlite(main), Db::Sqlite(writer))
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            let pool = PgPoolOptions::new()
                .max_connections(16)
                .acquire_timeout(Duration::from_secs(10))
                .connect(url)
                .await?;
            (Db::Postgres(pool.clone()), Db::Postgres(pool))
        } else {
            return Err(StoreError::Url(url.to_string()));
        };
        let store = Store {
            audit: AuditQueue::start(audit_db),
            db,
            digester: DigesterSlot::default(),
        };
        store.migrate().await?;
        Ok(store)
    }

    /// Applies the pending versioned migrations of this backend.
    pub async fn migrate(&self) -> Result<(), StoreError> {
        match &self.db {
            Db::Sqlite(pool) => sqlx::migrate!("./migrations/sqlite").run(pool).await?,
            Db::Postgres(pool) => sqlx::migrate!("./migrations/postgres").run(pool).await?,
        }
        Ok(())
    }

    /// `sqlite` or `postgres`.
    pub fn backend(&self) -> &'static str {
        match &self.db {
            Db::Sqlite(_) => "sqlite",
            Db::Postgres(_) => "postgres",
        }
    }

    /// Writes every queued audit row, then closes the pool, waiting for
    /// connections to be returned.
    pub async fn close(&self) {
        self.audit.close().await;
        with_pool!(self, pool => pool.close().await)
    }
}

/// The readers' pool and, for a file, a one-connection pool of the audit
/// writer, so audit batches never queue behind readers for a connection.
async fn open_sqlite(url: &str) -> Result<(SqlitePool, SqlitePool), StoreError> {
    let memory = url.contains(":memory:") || url.contains("mode=memory");
    let options = SqliteConnectOptions::from_str(url)?
        .create_if_missing(true)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(10));
    // WAL lets readers run beside the one writer; NORMAL sync in WAL mode
    // keeps the database consistent after a crash (a committed transaction
    // may be lost on power failure, never half-applied).
    let options = if memory {
        options
    } else {
        options
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
    };
    // An in-memory database lives in one connection.
    let max = if memory { 1 } else { 8 };
    let main = SqlitePoolOptions::new()
        .max_connections(max)
        .min_connections(if memory { 1 } else { 0 })
        .idle_timeout(if memory {
            None
        } else {
            Some(Duration::from_secs(600))
        })
        .max_lifetime(if memory {
            None
        } else {
            Some(Duration::from_secs(3600))
        })
        .connect_with(options.clone())
        .await?;
    if memory {
        return Ok((main.clone(), main));
    }
    let writer = SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(options)
        .await?;
    Ok((main, writer))
}
