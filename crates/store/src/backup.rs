//! Backup and restore as one portable JSON document: the same format for
//! both backends, so a SQLite registry can move to PostgreSQL and back.
//! Sessions are not kept (everyone logs in again).

use serde::{Deserialize, Serialize};
use sqlx::Row;

use crate::audit::AuditEntry;
use crate::pool::with_pool;
use crate::{Store, StoreError};

/// Format tag of a backup document.
pub const BACKUP_FORMAT: &str = "casecourse.registry-backup/1";

/// Everything in a registry but its sessions.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Backup {
    /// Always [`BACKUP_FORMAT`].
    pub format: String,
    /// Accounts, with their password hashes.
    pub users: Vec<UserDump>,
    /// Courses, including hidden ones.
    pub courses: Vec<CourseDump>,
    /// Every correction.
    pub corrections: Vec<CorrectionDump>,
    /// The audit log.
    pub audit: Vec<AuditEntry>,
}

/// An account row.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct UserDump {
    /// Id.
    pub id: i64,
    /// Name.
    pub username: String,
    /// PHC string.
    pub password_hash: String,
    /// Role name.
    pub role: String,
    /// When created.
    pub created_at: String,
    /// Must choose a new password at the next login (absent in older
    /// backups: false).
    #[serde(default)]
    pub must_change_password: bool,
}

/// A course row.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct CourseDump {
    /// Id.
    pub id: i64,
    /// Title.
    pub title: String,
    /// The extraction.
    pub extracted_json: String,
    /// The curated course.
    pub curated_json: String,
    /// Version.
    pub version: i64,
    /// Creator.
    pub created_by: String,
    /// When.
    pub created_at: String,
    /// Last editor.
    pub updated_by: String,
    /// When.
    pub updated_at: String,
    /// When hidden.
    pub deleted_at: Option<String>,
}

/// A correction row.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct CorrectionDump {
    /// Id.
    pub id: i64,
    /// Course.
    pub course_id: i64,
    /// Version produced.
    pub version: i64,
    /// Action.
    pub action: String,
    /// Fact.
    pub fact_id: Option<String>,
    /// Before.
    pub before_json: Option<String>,
    /// After.
    pub after_json: Option<String>,
    /// Who.
    pub username: String,
    /// When.
    pub at: String,
}

impl Store {
    /// Reads the whole registry in one transaction (a consistent snapshot).
    pub async fn backup(&self) -> Result<Backup, StoreError> {
        with_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            let users = sqlx::query("SELECT id, username, password_hash, role, created_at, must_change_password FROM users ORDER BY id")
                .fetch_all(&mut *tx).await?
                .iter()
                .map(|r| Ok(UserDump {
                    id: r.try_get("id")?,
                    username: r.try_get("username")?,
                    password_hash: r.try_get("password_hash")?,
                    role: r.try_get("role")?,
                    created_at: r.try_get("created_at")?,
                    must_change_password: r.try_get::<i64, _>("must_change_password")? != 0,
                }))
                .collect::<Result<Vec<_>, StoreError>>()?;
            let courses = sqlx::query("SELECT id, title, extracted_json, curated_json, version, created_by, created_at, updated_by, updated_at, deleted_at FROM courses ORDER BY id")
                .fetch_all(&mut *tx).await?
                .iter()
                .map(|r| Ok(CourseDump {
                    id: r.try_get("id")?,
                    title: r.try_get("title")?,
                    extracted_json: r.try_get("extracted_json")?,
                    curated_json: r.try_get("curated_json")?,
                    version: r.try_get("version")?,
                    created_by: r.try_get("created_by")?,
                    created_at: r.try_get("created_at")?,
                    updated_by: r.try_get("updated_by")?,
                    updated_at: r.try_get("updated_at")?,
                    deleted_at: r.try_get("deleted_at")?,
                }))
                .collect::<Result<Vec<_>, StoreError>>()?;
            let corrections = sqlx::query("SELECT id, course_id, version, action, fact_id, before_json, after_json, username, at FROM corrections ORDER BY id")
                .fetch_all(&mut *tx).await?
                .iter()
                .map(|r| Ok(CorrectionDump {
                    id: r.try_get("id")?,
                    course_id: r.try_get("course_id")?,
                    version: r.try_get("version")?,
                    action: r.try_get("action")?,
                    fact_id: r.try_get("fact_id")?,
                    before_json: r.try_get("before_json")?,
                    after_json: r.try_get("after_json")?,
                    username: r.try_get("username")?,
                    at: r.try_get("at")?,
                }))
                .collect::<Result<Vec<_>, StoreError>>()?;
            let audit = sqlx::query("SELECT id, at, username, action, target, remote, detail FROM audit ORDER BY id")
                .fetch_all(&mut *tx).await?
                .iter()
                .map(|r| Ok(AuditEntry {
                    id: r.try_get("id")?,
                    at: r.try_get("at")?,
                    username: r.try_get("username")?,
                    action: r.try_get("action")?,
                    target: r.try_get("target")?,
                    remote: r.try_get("remote")?,
                    detail: r.try_get("detail")?,
                }))
                .collect::<Result<Vec<_>, StoreError>>()?;
            tx.commit().await?;
            Ok(Backup { format: BACKUP_FORMAT.to_string(), users, courses, corrections, audit })
        })
    }

    /// Loads a backup into an empty registry, all or nothing. A registry
    /// that holds anything is refused: the audit log cannot be overwritten.
    pub async fn restore(&self, backup: &Backup) -> Result<(), StoreError> {
        if backup.format != BACKUP_FORMAT {
            return Err(StoreError::Invalid(format!(
                "backup format {:?} is not {BACKUP_FORMAT:?}",
                backup.format
            )));
        }
        let mut parsed = Vec::with_capacity(backup.courses.len());
        for c in &backup.courses {
            let course = casecourse_model::Course::from_json(&c.curated_json)
                .map_err(|e| StoreError::Invalid(format!("backup course {}: {e}", c.id)))?;
            parsed.push(course);
        }
        let postgres = matches!(self.db(), crate::Db::Postgres(_));
        with_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            for table in ["users", "courses", "audit"] {
                let n: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT COUNT(*) FROM {table}")))
                    .fetch_one(&mut *tx).await?;
                if n > 0 {
                    return Err(StoreError::Invalid(format!(
                        "the target registry is not empty ({n} rows in {table}): restore into a new database"
                    )));
                }
            }
            for u in &backup.users {
                sqlx::query("INSERT INTO users (id, username, password_hash, role, created_at, must_change_password) VALUES ($1, $2, $3, $4, $5, $6)")
                    .bind(u.id).bind(&u.username).bind(&u.password_hash).bind(&u.role).bind(&u.created_at)
                    .bind(i64::from(u.must_change_password))
                    .execute(&mut *tx).await?;
            }
            for (c, course) in backup.courses.iter().zip(&parsed) {
                sqlx::query("INSERT INTO courses (id, title, extracted_json, curated_json, version, created_by, created_at, updated_by, updated_at, deleted_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)")
                    .bind(c.id).bind(&c.title).bind(&c.extracted_json).bind(&c.curated_json).bind(c.version)
                    .bind(&c.created_by).bind(&c.created_at).bind(&c.updated_by).bind(&c.updated_at).bind(&c.deleted_at)
                    .execute(&mut *tx).await?;
                // Deleted courses are kept, but never searched.
                if c.deleted_at.is_none() {
                    crate::courses::reindex_in!(tx, c.id, course);
                    crate::digests::write_digest!(self, tx, c.id, c.version, course);
                }
            }
            sqlx::query("UPDATE registry_counts SET n = (SELECT COUNT(*) FROM courses WHERE deleted_at IS NULL) WHERE name = 'live_courses'")
                .execute(&mut *tx).await?;
            for k in &backup.corrections {
                sqlx::query("INSERT INTO corrections (id, course_id, version, action, fact_id, before_json, after_json, username, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)")
                    .bind(k.id).bind(k.course_id).bind(k.version).bind(&k.action).bind(&k.fact_id)
                    .bind(&k.before_json).bind(&k.after_json).bind(&k.username).bind(&k.at)
                    .execute(&mut *tx).await?;
            }
            for a in &backup.audit {
                sqlx::query("INSERT INTO audit (id, at, username, action, target, remote, detail) VALUES ($1, $2, $3, $4, $5, $6, $7)")
                    .bind(a.id).bind(&a.at).bind(&a.username).bind(&a.action).bind(&a.target).bind(&a.remote).bind(&a.detail)
                    .execute(&mut *tx).await?;
            }
            if postgres {
                // Identity columns do not follow explicit ids: move them on.
                for table in ["users", "courses", "corrections", "audit"] {
                    sqlx::query(sqlx::AssertSqlSafe(format!(
                        "SELECT setval(pg_get_serial_sequence('{table}', 'id'), COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"
                    )))
                    .execute(&mut *tx).await?;
                }
            }
            tx.commit().await?;
        });
        Ok(())
    }
}
