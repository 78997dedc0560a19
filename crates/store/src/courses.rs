//! Courses: the original extraction, the curated course, its corrections.

use casecourse_model::{Course, Fact};
use serde::Serialize;
// Dynamic SQL here is assembled only from fixed fragments and numbered
// placeholders; every user value is bound, never spliced.
use sqlx::{AssertSqlSafe, Row};

use crate::audit::{Who, insert_audit};
use crate::digests::write_digest;
use crate::edit::{Edit, apply_edit, validate};
use crate::filters::{CourseFilter, Page, Param, Plan};
use crate::pool::with_pool;
use crate::{Store, StoreError, now_text};

/// Which form of a course to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum View {
    /// As reviewers left it (the default).
    #[default]
    Curated,
    /// As the extractor produced it.
    Extracted,
}

/// A course to store.
#[derive(Debug, Clone)]
pub struct NewCourse {
    /// A title for lists; defaults to the source name or first words.
    pub title: Option<String>,
    /// The extraction (kept unchanged) which is also the first curated form.
    pub course: Course,
}

/// A stored course.
#[derive(Debug, Clone, Serialize)]
pub struct CourseRow {
    /// Numeric id.
    pub id: i64,
    /// Title.
    pub title: String,
    /// Version: send it back with an edit.
    pub version: i64,
    /// The course in the view asked for.
    pub course: Course,
    /// Who stored it.
    pub created_by: String,
    /// When.
    pub created_at: String,
    /// Who changed it last.
    pub updated_by: String,
    /// When.
    pub updated_at: String,
}

/// A course in a list.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct CourseSummary {
    /// Numeric id.
    pub id: i64,
    /// Title.
    pub title: String,
    /// Version.
    pub version: i64,
    /// Last change.
    pub updated_at: String,
    /// Number of curated facts.
    pub facts: i64,
}

/// One stored correction.
#[derive(Debug, Clone, Serialize)]
pub struct CorrectionRow {
    /// Sequence number.
    pub id: i64,
    /// The course version this correction produced.
    pub version: i64,
    /// `create`, `accept`, `correct`, `add`, `delete`.
    pub action: String,
    /// The fact concerned.
    pub fact_id: Option<String>,
    /// The fact before.
    pub before: Option<serde_json::Value>,
    /// The fact after.
    pub after: Option<serde_json::Value>,
    /// Who.
    pub username: String,
    /// When.
    pub at: String,
}

/// A fact as one `course_facts` row: what filters query.
pub(crate) struct IndexRow {
    pub(crate) fact_id: String,
    pub(crate) kind: &'static str,
    pub(crate) name: String,
    pub(crate) num_value: Option<f64>,
    pub(crate) positive: i64,
}

pub(crate) fn index_rows(course: &Course) -> Vec<IndexRow> {
    course
        .facts
        .iter()
        .map(|f| IndexRow {
            fact_id: f.id.clone(),
            kind: f.kind.as_str(),
            name: f.name.trim().to_lowercase(),
            num_value: f.number().filter(|v| v.is_finite()),
            positive: i64::from(is_positive(f)),
        })
        .collect()
}

/// Present rather than absent: not negated, not a negative result, not an
/// excluded diagnosis.
fn is_positive(f: &Fact) -> bool {
    let said_no = |s: &Option<String>| {
        s.as_deref().is_some_and(|s| {
            let s = s.to_lowercase();
            s.contains("negative") || s.contains("excluded") || s.contains("ruled out")
        })
    };
    !f.negated && !said_no(&f.result) && !said_no(&f.status)
}

fn default_title(course: &Course) -> String {
    if let Some(name) = course
        .source
        .name
        .as_deref()
        .filter(|n| !n.trim().is_empty())
    {
        return name.trim().to_string();
    }
    let words: String = course
        .source
        .text
        .split_whitespace()
        .take(8)
        .collect::<Vec<_>>()
        .join(" ");
    if words.is_empty() {
        "untitled course".into()
    } else {
        words
    }
}

pub(crate) fn parse_course(id: i64, json: &str) -> Result<Course, StoreError> {
    Course::from_json(json).map_err(|e| StoreError::Corrupt {
        id,
        message: e.to_string(),
    })
}

fn change_json(v: &Option<serde_json::Value>) -> Option<String> {
    v.as_ref().map(serde_json::Value::to_string)
}

/// Replaces the index rows of one course inside an open transaction:
/// its facts, and the highest value of each measured analyte.
macro_rules! reindex {
    ($tx:expr, $id:expr, $course:expr) => {{
        $crate::courses::unindex!($tx, $id);
        for row in $crate::courses::index_rows($course) {
            sqlx::query(
                "INSERT INTO course_facts (course_id, fact_id, kind, name, num_value, positive) \
                 VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (course_id, fact_id) DO NOTHING",
            )
            .bind($id)
            .bind(&row.fact_id)
            .bind(row.kind)
            .bind(&row.name)
            .bind(row.num_value)
            .bind(row.positive)
            .execute(&mut *$tx)
            .await?;
        }
        sqlx::query(
            "INSERT INTO course_values (course_id, name, max_value) \
             SELECT course_id, name, MAX(num_value) FROM course_facts \
             WHERE course_id = $1 AND kind IN ('lab', 'vital', 'pft') AND num_value IS NOT NULL \
             GROUP BY course_id, name",
        )
        .bind($id)
        .execute(&mut *$tx)
        .await?;
    }};
}

/// Drops the index rows and digest of one course (a deleted course is never
/// searched).
macro_rules! unindex {
    ($tx:expr, $id:expr) => {{
        for table in ["course_facts", "course_values", "course_digests"] {
            sqlx::query(sqlx::AssertSqlSafe(format!(
                "DELETE FROM {table} WHERE course_id = $1"
            )))
            .bind($id)
            .execute(&mut *$tx)
            .await?;
        }
    }};
}

pub(crate) use reindex as reindex_in;
pub(crate) use unindex;

/// Moves the count of live courses by `$delta` (`"+ 1"`, `"- 1"`) inside
/// an open transaction.
macro_rules! count_live {
    ($tx:expr, $delta:literal) => {
        sqlx::query(concat!(
            "UPDATE registry_counts SET n = n ",
            $delta,
            " WHERE name = 'live_courses'"
        ))
        .execute(&mut *$tx)
        .await?
    };
}

/// Binds filter parameters in order.
macro_rules! bind_params {
    ($query:expr, $params:expr) => {{
        let mut q = $query;
        for p in $params {
            q = match p {
                Param::Text(s) => q.bind(s.clone()),
                Param::Num(n) => q.bind(*n),
            };
        }
        q
    }};
}

impl Store {
    /// Stores a new course; the extraction is kept as it came.
    pub async fn create_course(&self, who: &Who, new: NewCourse) -> Result<CourseRow, StoreError> {
        validate(&new.course).map_err(|e| StoreError::Invalid(e.to_string()))?;
        let title = new
            .title
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_string)
            .unwrap_or_else(|| default_title(&new.course));
        let title: String = title.chars().take(200).collect();
        let json =
            serde_json::to_string(&new.course).map_err(|e| StoreError::Invalid(e.to_string()))?;
        let now = now_text();
        let id: i64 = with_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO courses (title, extracted_json, curated_json, version, created_by, \
                 created_at, updated_by, updated_at) VALUES ($1, $2, $2, 1, $3, $4, $3, $4) RETURNING id",
            )
            .bind(&title)
            .bind(&json)
            .bind(&who.username)
            .bind(&now)
            .fetch_one(&mut *tx)
            .await?;
            reindex!(tx, id, &new.course);
            write_digest!(self, tx, id, 1_i64, &new.course);
            count_live!(tx, "+ 1");
            sqlx::query(
                "INSERT INTO corrections (course_id, version, action, username, at) \
                 VALUES ($1, 1, 'create', $2, $3)",
            )
            .bind(id)
            .bind(&who.username)
            .bind(&now)
            .execute(&mut *tx)
            .await?;
            insert_audit!(&mut *tx, who, "course.create", format!("course/{id}"), "")?;
            tx.commit().await?;
            id
        });
        Ok(CourseRow {
            id,
            title,
            version: 1,
            course: new.course,
            created_by: who.username.clone(),
            created_at: now.clone(),
            updated_by: who.username.clone(),
            updated_at: now,
        })
    }

    /// Reads a course in a view without auditing (internal use).
    async fn load_course(&self, id: i64, view: View) -> Result<CourseRow, StoreError> {
        let column = match view {
            View::Curated => "curated_json",
            View::Extracted => "extracted_json",
        };
        let sql = format!(
            "SELECT id, title, version, {column} AS json, created_by, created_at, updated_by, \
             updated_at FROM courses WHERE id = $1 AND deleted_at IS NULL"
        );
        with_pool!(self, pool => {
            let row = sqlx::query(AssertSqlSafe(sql.as_str()))
                .bind(id)
                .fetch_optional(pool)
                .await?
                .ok_or_else(|| StoreError::NotFound(format!("course {id}")))?;
            let json: String = row.try_get("json")?;
            Ok(CourseRow {
                id,
                title: row.try_get("title")?,
                version: row.try_get("version")?,
                course: parse_course(id, &json)?,
                created_by: row.try_get("created_by")?,
                created_at: row.try_get("created_at")?,
                updated_by: row.try_get("updated_by")?,
                updated_at: row.try_get("updated_at")?,
            })
        })
    }

    /// Reads a course; the read is audited.
    pub async fn course(&self, who: &Who, id: i64, view: View) -> Result<CourseRow, StoreError> {
        let row = self.load_course(id, view).await?;
        let detail = match view {
            View::Curated => "curated",
            View::Extracted => "extracted",
        };
        self.audit(who, "course.read", &format!("course/{id}"), detail)
            .await?;
        Ok(row)
    }

    /// Applies a reviewer edit made on version `expected`. Refused with
    /// [`StoreError::Conflict`] when someone else saved in between.
    pub async fn edit_course(
        &self,
        who: &Who,
        id: i64,
        expected: i64,
        edit: &Edit,
    ) -> Result<CourseRow, StoreError> {
        let current = self.load_course(id, View::Curated).await?;
        if current.version != expected {
            return Err(StoreError::Conflict {
                id,
                expected,
                current: current.version,
            });
        }
        let applied = apply_edit(&current.course, edit).map_err(|e| match e {
            crate::EditError::NoSuchFact(f) => {
                StoreError::NotFound(format!("fact {f:?} of course {id}"))
            }
            crate::EditError::Invalid(m) => StoreError::Invalid(m),
        })?;
        let json = serde_json::to_string(&applied.course)
            .map_err(|e| StoreError::Invalid(e.to_string()))?;
        let now = now_text();
        let version = expected + 1;
        let action = edit.action();
        with_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            // The version check and the write are one statement: of two
            // concurrent edits on the same version exactly one matches.
            let done = sqlx::query(
                "UPDATE courses SET curated_json = $1, version = $2, updated_by = $3, updated_at = $4 \
                 WHERE id = $5 AND version = $6 AND deleted_at IS NULL",
            )
            .bind(&json)
            .bind(version)
            .bind(&who.username)
            .bind(&now)
            .bind(id)
            .bind(expected)
            .execute(&mut *tx)
            .await?;
            if done.rows_affected() != 1 {
                tx.rollback().await?;
                let current: i64 = sqlx::query_scalar("SELECT version FROM courses WHERE id = $1")
                    .bind(id)
                    .fetch_optional(pool)
                    .await?
                    .unwrap_or(0);
                return Err(StoreError::Conflict { id, expected, current });
            }
            if edit.changes_facts() {
                reindex!(tx, id, &applied.course);
            }
            write_digest!(self, tx, id, version, &applied.course);
            sqlx::query(
                "INSERT INTO corrections (course_id, version, action, fact_id, before_json, after_json, username, at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(id)
            .bind(version)
            .bind(action)
            .bind(&applied.fact_id)
            .bind(change_json(&applied.before))
            .bind(change_json(&applied.after))
            .bind(&who.username)
            .bind(&now)
            .execute(&mut *tx)
            .await?;
            // A fact edit names the fact; the index date, the date set.
            let (audit_action, detail) = match &applied.fact_id {
                Some(fact) => (format!("fact.{action}"), fact.clone()),
                None => (
                    format!("course.{action}"),
                    applied.course.index.date.clone().unwrap_or_else(|| "cleared".into()),
                ),
            };
            insert_audit!(&mut *tx, who, audit_action, format!("course/{id}"), detail)?;
            tx.commit().await?;
        });
        Ok(CourseRow {
            version,
            course: applied.course,
            updated_by: who.username.clone(),
            updated_at: now,
            ..current
        })
    }

    /// Hides a course from every list (rows and history are kept).
    pub async fn delete_course(&self, who: &Who, id: i64, expected: i64) -> Result<(), StoreError> {
        let now = now_text();
        with_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            let done = sqlx::query(
                "UPDATE courses SET deleted_at = $1, version = version + 1, updated_by = $2, updated_at = $1 \
                 WHERE id = $3 AND version = $4 AND deleted_at IS NULL",
            )
            .bind(&now)
            .bind(&who.username)
            .bind(id)
            .bind(expected)
            .execute(&mut *tx)
            .await?;
            if done.rows_affected() != 1 {
                tx.rollback().await?;
                let current: Option<i64> = sqlx::query_scalar(
                    "SELECT version FROM courses WHERE id = $1 AND deleted_at IS NULL",
                )
                .bind(id)
                .fetch_optional(pool)
                .await?;
                return Err(match current {
                    Some(current) => StoreError::Conflict { id, expected, current },
                    None => StoreError::NotFound(format!("course {id}")),
                });
            }
            unindex!(tx, id);
            count_live!(tx, "- 1");
            insert_audit!(&mut *tx, who, "course.delete", format!("course/{id}"), "")?;
            tx.commit().await?;
        });
        Ok(())
    }

    /// The corrections of a course, oldest first; the read is audited.
    pub async fn corrections(&self, who: &Who, id: i64) -> Result<Vec<CorrectionRow>, StoreError> {
        self.load_course(id, View::Curated).await?;
        self.audit(who, "course.corrections", &format!("course/{id}"), "")
            .await?;
        let parse = |s: Option<String>| s.and_then(|s| serde_json::from_str(&s).ok());
        with_pool!(self, pool => {
            let rows = sqlx::query(
                "SELECT id, version, action, fact_id, before_json, after_json, username, at \
                 FROM corrections WHERE course_id = $1 ORDER BY id",
            )
            .bind(id)
            .fetch_all(pool)
            .await?;
            rows.iter()
                .map(|r| {
                    Ok(CorrectionRow {
                        id: r.try_get("id")?,
                        version: r.try_get("version")?,
                        action: r.try_get("action")?,
                        fact_id: r.try_get("fact_id")?,
                        before: parse(r.try_get("before_json")?),
                        after: parse(r.try_get("after_json")?),
                        username: r.try_get("username")?,
                        at: r.try_get("at")?,
                    })
                })
                .collect::<Result<Vec<_>, StoreError>>()
        })
    }

    /// Courses matching `filter`, newest first, and how many match in all;
    /// the search is audited with its filters.
    pub async fn list_courses(
        &self,
        who: &Who,
        filter: &CourseFilter,
        page: Page,
    ) -> Result<(Vec<CourseSummary>, i64), StoreError> {
        let limit = page.limit.clamp(1, 1000);
        let offset = page.offset.max(0);
        let (total, live) = self.count_courses(filter).await?;
        // The count decides the page's plan, and spares the query when the
        // page is past the end.
        let items = if offset >= total {
            Vec::new()
        } else {
            let plan = Plan::choose(offset, limit, live, total);
            let (clause, params) = filter.to_page_sql(plan);
            let n = params.len();
            let sql = format!(
                "SELECT c.id, c.title, c.version, c.updated_at, \
                 (SELECT COUNT(*) FROM course_facts f WHERE f.course_id = c.id) AS facts \
                 FROM courses c WHERE {clause} ORDER BY c.id DESC LIMIT ${} OFFSET ${}",
                n + 1,
                n + 2
            );
            with_pool!(self, pool => {
                let rows = bind_params!(sqlx::query(AssertSqlSafe(sql.as_str())), &params)
                    .bind(limit)
                    .bind(offset)
                    .fetch_all(pool)
                    .await?;
                rows.iter()
                    .map(|r| {
                        Ok(CourseSummary {
                            id: r.try_get("id")?,
                            title: r.try_get("title")?,
                            version: r.try_get("version")?,
                            updated_at: r.try_get("updated_at")?,
                            facts: r.try_get("facts")?,
                        })
                    })
                    .collect::<Result<Vec<_>, StoreError>>()?
            })
        };
        self.audit(who, "course.list", "courses", &filter_detail(filter))
            .await?;
        Ok((items, total))
    }

    /// How many live courses match `filter`, and how many are live, in one
    /// query: from the maintained count and `course_values` when the filter
    /// allows, else through `courses`.
    async fn count_courses(&self, filter: &CourseFilter) -> Result<(i64, i64), StoreError> {
        let (sql, params) = filter.count_sql();
        let (total, live): (Option<i64>, Option<i64>) = with_pool!(self, pool => {
            bind_params!(sqlx::query_as(AssertSqlSafe(sql.as_str())), &params)
                .fetch_one(pool)
                .await?
        });
        if let (Some(total), Some(live)) = (total, live) {
            return Ok((total, live));
        }
        // No counter row (the migration makes it): count the live courses.
        let counted: i64 = with_pool!(self, pool => {
            sqlx::query_scalar("SELECT COUNT(*) FROM courses WHERE deleted_at IS NULL")
                .fetch_one(pool)
                .await?
        });
        Ok((total.unwrap_or(counted), counted))
    }

    /// Every curated course matching `filter` (for cohort summaries and
    /// exports); the read is audited.
    pub async fn cohort(
        &self,
        who: &Who,
        filter: &CourseFilter,
        action: &str,
    ) -> Result<Vec<CourseRow>, StoreError> {
        let (clause, params) = filter.to_sql();
        let sql = format!(
            "SELECT c.id, c.title, c.version, c.curated_json, c.created_by, c.created_at, \
             c.updated_by, c.updated_at FROM courses c WHERE {clause} ORDER BY c.id"
        );
        let rows = with_pool!(self, pool => {
            let rows = bind_params!(sqlx::query(AssertSqlSafe(sql.as_str())), &params).fetch_all(pool).await?;
            rows.iter()
                .map(|r| {
                    let id: i64 = r.try_get("id")?;
                    let json: String = r.try_get("curated_json")?;
                    Ok(CourseRow {
                        id,
                        title: r.try_get("title")?,
                        version: r.try_get("version")?,
                        course: parse_course(id, &json)?,
                        created_by: r.try_get("created_by")?,
                        created_at: r.try_get("created_at")?,
                        updated_by: r.try_get("updated_by")?,
                        updated_at: r.try_get("updated_at")?,
                    })
                })
                .collect::<Result<Vec<_>, StoreError>>()?
        });
        self.audit(who, action, "cohort", &filter_detail(filter))
            .await?;
        Ok(rows)
    }

    /// The ids of facts whose latest review was an acceptance.
    pub async fn accepted_facts(&self, id: i64) -> Result<Vec<String>, StoreError> {
        with_pool!(self, pool => {
            let rows = sqlx::query(
                "SELECT fact_id, action FROM corrections WHERE course_id = $1 AND fact_id IS NOT NULL ORDER BY id",
            )
            .bind(id)
            .fetch_all(pool)
            .await?;
            let mut accepted: Vec<String> = Vec::new();
            for r in &rows {
                let fact: String = r.try_get("fact_id")?;
                let action: String = r.try_get("action")?;
                accepted.retain(|f| f != &fact);
                if action == "accept" {
                    accepted.push(fact);
                }
            }
            Ok(accepted)
        })
    }
}

pub(crate) fn filter_detail(filter: &CourseFilter) -> String {
    serde_json::json!({
        "q": filter.q, "antibody": filter.antibody, "drug": filter.drug,
        "diagnosis": filter.diagnosis, "outcome": filter.outcome,
        "biomarker": filter.biomarker, "above": filter.above,
    })
    .to_string()
}
