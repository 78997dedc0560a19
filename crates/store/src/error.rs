//! Store errors.

/// Why a store operation failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database URL is neither `sqlite:` nor `postgres:`.
    #[error("unsupported database URL {0:?}: use sqlite://FILE or postgres://...")]
    Url(String),
    /// No such course, fact or user.
    #[error("{0} not found")]
    NotFound(String),
    /// The write named a version that is no longer current.
    #[error("course {id} is at version {current}, the edit was made on version {expected}")]
    Conflict {
        /// Course id.
        id: i64,
        /// The version the client saw.
        expected: i64,
        /// The version in the database.
        current: i64,
    },
    /// The request itself is wrong (bad username, bad fact).
    #[error("{0}")]
    Invalid(String),
    /// The username is taken.
    #[error("user {0:?} already exists")]
    Duplicate(String),
    /// Stored JSON that no longer reads as a course.
    #[error("stored course {id} is unreadable: {message}")]
    Corrupt {
        /// Course id.
        id: i64,
        /// What was wrong.
        message: String,
    },
    /// An audit row could not be written (the read or change it records
    /// is then refused too).
    #[error("audit log: {0}")]
    Audit(String),
    /// Hashing failed.
    #[error("password hashing failed: {0}")]
    Hash(String),
    /// The database said no.
    #[error("database error: {0}")]
    Db(#[from] sqlx::Error),
    /// Migrations failed.
    #[error("migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}
