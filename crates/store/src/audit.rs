//! The append-only audit log: who did what to which record, when, from where.
//! Triggers in the schema refuse UPDATE and DELETE on it.

use serde::{Deserialize, Serialize};
use sqlx::Row;

use crate::audit_queue::AuditRow;
use crate::pool::with_pool;
use crate::{Store, StoreError};

/// Who is acting and from where (the peer address).
#[derive(Debug, Clone)]
pub struct Who {
    /// Username (or `system` for the command line).
    pub username: String,
    /// Peer address, or `cli`.
    pub remote: String,
}

impl Who {
    /// `username` acting from `remote`.
    pub fn new(username: &str, remote: &str) -> Who {
        Who {
            username: username.to_string(),
            remote: remote.to_string(),
        }
    }
}

/// One audit row.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct AuditEntry {
    /// Sequence number.
    pub id: i64,
    /// When (RFC 3339).
    pub at: String,
    /// Who.
    pub username: String,
    /// What: `course.read`, `fact.correct`, `login.failed`...
    pub action: String,
    /// Which record: `course/12`, `cohort`, `user/ana`.
    pub target: String,
    /// From where.
    pub remote: String,
    /// Details (filters used, fact id).
    pub detail: String,
}

/// Which audit rows to list.
#[derive(Debug, Clone, Default)]
pub struct AuditQuery {
    /// Only this user's.
    pub username: Option<String>,
    /// Only rows about this target.
    pub target: Option<String>,
    /// At most this many (newest first); default 500.
    pub limit: Option<i64>,
}

/// Appends an audit row through `$exec` (a pool or an open transaction, so
/// a change and its audit row commit together).
macro_rules! insert_audit {
    ($exec:expr, $who:expr, $action:expr, $target:expr, $detail:expr) => {
        sqlx::query(
            "INSERT INTO audit (at, username, action, target, remote, detail) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind($crate::now_text())
        .bind(&$who.username)
        .bind($action)
        .bind($target)
        .bind(&$who.remote)
        .bind($detail)
        .execute($exec)
        .await
        .map(|_| ())
    };
}
pub(crate) use insert_audit;

impl Store {
    /// Appends an audit row on its own (reads of patient data) through the
    /// batching writer; returns once the row is committed.
    pub async fn audit(
        &self,
        who: &Who,
        action: &str,
        target: &str,
        detail: &str,
    ) -> Result<(), StoreError> {
        self.audit_queue()
            .append(AuditRow::new(who, action, target, detail))
            .await
    }

    /// Audit rows, newest first.
    pub async fn audit_entries(&self, q: &AuditQuery) -> Result<Vec<AuditEntry>, StoreError> {
        let limit = q.limit.unwrap_or(500).clamp(1, 100_000);
        with_pool!(self, pool => {
            let rows = sqlx::query(
                "SELECT id, at, username, action, target, remote, detail FROM audit \
                 WHERE ($1 = '' OR username = $1) AND ($2 = '' OR target = $2) \
                 ORDER BY id DESC LIMIT $3",
            )
            .bind(q.username.clone().unwrap_or_default())
            .bind(q.target.clone().unwrap_or_default())
            .bind(limit)
            .fetch_all(pool)
            .await?;
            rows.iter()
                .map(|r| {
                    Ok(AuditEntry {
                        id: r.try_get("id")?,
                        at: r.try_get("at")?,
                        username: r.try_get("username")?,
                        action: r.try_get("action")?,
                        target: r.try_get("target")?,
                        remote: r.try_get("remote")?,
                        detail: r.try_get("detail")?,
                    })
                })
                .collect::<Result<Vec<_>, StoreError>>()
        })
    }
}
