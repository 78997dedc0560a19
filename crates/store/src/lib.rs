//! The casecourse registry store: courses, corrections, users, sessions and
//! an append-only audit log, over SQLite (embedded, the default) or
//! PostgreSQL, through one code path.
//!
//! [`Store`] is an enum over the two sqlx pools; every query is written once
//! (portable SQL with `$n` placeholders, TEXT timestamps, integer ids) and
//! expanded for both pools by the `with_pool!` macro. Migrations are
//! versioned per backend under `migrations/sqlite` and `migrations/postgres`.
//!
//! Every change runs in one transaction together with its audit row, so a
//! crash mid-write leaves either the whole change or none of it. Concurrent
//! edits are guarded by a version number per course: a write that names a
//! stale version is refused with [`StoreError::Conflict`].
#![deny(missing_docs)]

mod audit;
mod audit_queue;
mod backup;
mod courses;
mod digests;
mod edit;
mod error;
mod filters;
mod passwords;
mod pool;
mod secret;
mod users;

pub use audit::{AuditEntry, AuditQuery, Who};
pub use backup::Backup;
pub use courses::{CorrectionRow, CourseRow, CourseSummary, NewCourse, View};
pub use digests::{DigestRow, Digester};
pub use edit::{Edit, EditError, apply_edit};
pub use error::StoreError;
pub use filters::{CourseFilter, Page};
pub use pool::{Db, Store};
pub use secret::{new_password, new_token};
pub use users::{Role, Session, User};

/// The current time as RFC 3339 text with whole seconds (`2026-11-25T22:40:00Z`):
/// fixed width, so timestamps sort as text on both backends.
pub fn now_text() -> String {
    let now = jiff::Timestamp::now();
    jiff::Timestamp::from_second(now.as_second())
        .unwrap_or(now)
        .to_string()
}
