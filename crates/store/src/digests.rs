//! Course digests: what the cohort views read of a course, derived when the
//! course is saved, so a cohort view reads one short text per course instead
//! of parsing every course JSON (issue #5).
//!
//! The server supplies the [`Digester`] (it knows what its views need); the
//! store writes the digest in the transaction that saves the course, and on
//! read recomputes a digest that is missing (courses saved before), of
//! another format, or of an older course version.

use std::sync::Arc;

use casecourse_model::Course;
use sqlx::{AssertSqlSafe, Row};

use crate::audit::Who;
use crate::courses::parse_course;
use crate::filters::{CourseFilter, Param};
use crate::pool::with_pool;
use crate::{Store, StoreError};

/// Derives a course's digest.
pub trait Digester: Send + Sync {
    /// The digest format: change it whenever `digest` may give another text
    /// for the same course; stored digests of another format are recomputed.
    fn version(&self) -> &str;
    /// The digest of a curated course; never empty.
    fn digest(&self, course: &Course) -> String;
}

/// The store's digester, if the server set one.
#[derive(Clone, Default)]
pub(crate) struct DigesterSlot(pub(crate) Option<Arc<dyn Digester>>);

impl std::fmt::Debug for DigesterSlot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.0 {
            Some(d) => write!(f, "Digester({})", d.version()),
            None => f.write_str("no digester"),
        }
    }
}

/// One course of a cohort, as its digest.
#[derive(Debug, Clone, PartialEq)]
pub struct DigestRow {
    /// Numeric id.
    pub id: i64,
    /// Title.
    pub title: String,
    /// The digest text.
    pub digest: String,
}

/// The upsert of a digest. `$guard` is empty inside the saving transaction;
/// a read's write-back adds a condition so that it never replaces the digest
/// of a newer course version written meanwhile.
macro_rules! upsert_sql {
    ($guard:literal) => {
        concat!(
            "INSERT INTO course_digests (course_id, course_version, version, digest) \
             VALUES ($1, $2, $3, $4) ON CONFLICT (course_id) DO UPDATE SET \
             course_version = excluded.course_version, version = excluded.version, \
             digest = excluded.digest",
            $guard
        )
    };
}

/// Writes the digest of course `$id` at `$version` inside an open
/// transaction, when the store has a digester.
macro_rules! write_digest {
    ($store:expr, $tx:expr, $id:expr, $version:expr, $course:expr) => {{
        if let Some(d) = &$store.digester().0 {
            sqlx::query($crate::digests::upsert_sql!(""))
                .bind($id)
                .bind($version)
                .bind(d.version())
                .bind(d.digest($course))
                .execute(&mut *$tx)
                .await?;
        }
    }};
}
pub(crate) use {upsert_sql, write_digest};

/// Courses whose digest is recomputed per query.
const CHUNK: usize = 500;

impl Store {
    /// This store, writing digests with `digester` from now on.
    pub fn with_digester(mut self, digester: Arc<dyn Digester>) -> Store {
        self.digester = DigesterSlot(Some(digester));
        self
    }

    pub(crate) fn digester(&self) -> &DigesterSlot {
        &self.digester
    }

    /// The digest of every course matching `filter`, by id; the read is
    /// audited as `action`, like [`Store::cohort`].
    pub async fn cohort_digests(
        &self,
        who: &Who,
        filter: &CourseFilter,
        action: &str,
    ) -> Result<Vec<DigestRow>, StoreError> {
        let digester = self
            .digester
            .0
            .clone()
            .ok_or_else(|| StoreError::Invalid("the store has no digester".into()))?;
        let (clause, params) = filter.to_sql();
        let sql = format!(
            "SELECT c.id, c.title, c.version, d.course_version, d.version AS format, d.digest \
             FROM courses c LEFT JOIN course_digests d ON d.course_id = c.id \
             WHERE {clause} ORDER BY c.id"
        );
        let mut rows = Vec::new();
        // (position in rows, id) of the digests to recompute.
        let mut stale = Vec::new();
        with_pool!(self, pool => {
            let mut q = sqlx::query(AssertSqlSafe(sql.as_str()));
            for p in &params {
                q = match p {
                    Param::Text(s) => q.bind(s.clone()),
                    Param::Num(n) => q.bind(*n),
                };
            }
            for r in q.fetch_all(pool).await? {
                let id: i64 = r.try_get("id")?;
                let version: i64 = r.try_get("version")?;
                let at: Option<i64> = r.try_get("course_version")?;
                let format: Option<String> = r.try_get("format")?;
                let digest: Option<String> = r.try_get("digest")?;
                let current = at == Some(version) && format.as_deref() == Some(digester.version());
                if !current {
                    stale.push((rows.len(), id));
                }
                rows.push(DigestRow {
                    id,
                    title: r.try_get("title")?,
                    digest: digest.filter(|_| current).unwrap_or_default(),
                });
            }
        });
        for chunk in stale.chunks(CHUNK) {
            let fresh = self.redigest(digester.as_ref(), chunk).await?;
            for (at, digest) in fresh {
                rows[at].digest = digest;
            }
        }
        // Left empty: deleted between the two reads.
        rows.retain(|r| !r.digest.is_empty());
        self.audit(
            who,
            action,
            "cohort",
            &crate::courses::filter_detail(filter),
        )
        .await?;
        Ok(rows)
    }

    /// Recomputes and stores the digests of `chunk` ((position, id) pairs);
    /// returns (position, digest). A course deleted meanwhile is skipped.
    async fn redigest(
        &self,
        digester: &dyn Digester,
        chunk: &[(usize, i64)],
    ) -> Result<Vec<(usize, String)>, StoreError> {
        let marks: Vec<String> = (1..=chunk.len()).map(|i| format!("${i}")).collect();
        let sql = format!(
            "SELECT id, version, curated_json FROM courses WHERE id IN ({})",
            marks.join(", ")
        );
        let mut fresh = Vec::with_capacity(chunk.len());
        with_pool!(self, pool => {
            let mut q = sqlx::query(AssertSqlSafe(sql.as_str()));
            for (_, id) in chunk {
                q = q.bind(*id);
            }
            let found = q.fetch_all(pool).await?;
            let mut tx = pool.begin().await?;
            for r in &found {
                let id: i64 = r.try_get("id")?;
                let version: i64 = r.try_get("version")?;
                let json: String = r.try_get("curated_json")?;
                let digest = digester.digest(&parse_course(id, &json)?);
                sqlx::query(upsert_sql!(
                    " WHERE course_digests.course_version <= excluded.course_version"
                ))
                .bind(id)
                .bind(version)
                .bind(digester.version())
                .bind(&digest)
                .execute(&mut *tx)
                .await?;
                if let Some((at, _)) = chunk.iter().find(|(_, c)| *c == id) {
                    fresh.push((*at, digest));
                }
            }
            tx.commit().await?;
        });
        Ok(fresh)
    }
}
