//! Search and cohort filters, turned into portable SQL over `course_facts`.

use serde::Deserialize;

/// Which courses to list. Every field is optional; text matches are
/// case-insensitive substrings.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
pub struct CourseFilter {
    /// Free text: the title or any fact name.
    #[serde(default)]
    pub q: Option<String>,
    /// A positive antibody (`MDA5`).
    #[serde(default)]
    pub antibody: Option<String>,
    /// A drug given (`mycophenolate`).
    #[serde(default)]
    pub drug: Option<String>,
    /// A diagnosis made (`interstitial lung disease`).
    #[serde(default)]
    pub diagnosis: Option<String>,
    /// An outcome: a status or event (`remission`, `death`).
    #[serde(default)]
    pub outcome: Option<String>,
    /// A lab analyte (exact name, `ferritin`) ...
    #[serde(default)]
    pub biomarker: Option<String>,
    /// ... with some value strictly above this.
    #[serde(default)]
    pub above: Option<f64>,
}

/// A page of results.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Page {
    /// At most this many (1 to 1000).
    pub limit: i64,
    /// Skip this many.
    pub offset: i64,
}

impl Default for Page {
    fn default() -> Self {
        Page {
            limit: 50,
            offset: 0,
        }
    }
}

/// A bound value.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Param {
    Text(String),
    Num(f64),
}

/// `%text%` with LIKE's wildcards escaped (`\` is the escape character).
fn contains(text: &str) -> String {
    let mut out = String::from("%");
    for c in text.trim().to_lowercase().chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}

fn nonempty(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// How a page query finds its courses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Plan {
    /// From the matching facts (`c.id IN (...)`): reads every match, then
    /// sorts; best when matches are few.
    Drive,
    /// Newest course first, asking each whether it matches (`EXISTS`),
    /// stopping at the page; best when matches are many.
    Walk,
}

impl Plan {
    /// Walking visits about `(offset + limit) * live / total` courses,
    /// driving reads `total` matches: pick the smaller. (SQLite has no
    /// statistics to choose by itself; PostgreSQL plans both forms as the
    /// same semi-join.)
    pub(crate) fn choose(offset: i64, limit: i64, live: i64, total: i64) -> Plan {
        let visited = (offset + limit) as f64 * live as f64 / total.max(1) as f64;
        if visited < total as f64 {
            Plan::Walk
        } else {
            Plan::Drive
        }
    }
}

impl CourseFilter {
    /// Whether any filter other than the biomarker is set.
    fn others_set(&self) -> bool {
        [
            &self.q,
            &self.antibody,
            &self.drug,
            &self.diagnosis,
            &self.outcome,
        ]
        .into_iter()
        .any(|v| nonempty(v).is_some())
    }

    /// True when no filter is set.
    pub(crate) fn is_empty(&self) -> bool {
        !self.others_set() && nonempty(&self.biomarker).is_none()
    }

    /// `(name, threshold)` when the biomarker is the only filter set.
    fn only_biomarker(&self) -> Option<(String, Option<f64>)> {
        if self.others_set() {
            return None;
        }
        let name = nonempty(&self.biomarker)?.to_lowercase();
        Some((name, self.above.filter(|x| x.is_finite())))
    }

    /// The WHERE clause (over `courses c`) and its parameters, numbered from
    /// `$1`, for counts and whole cohorts: driven by the matching facts.
    pub(crate) fn to_sql(&self) -> (String, Vec<Param>) {
        self.sql_with(Plan::Drive)
    }

    /// The same clause for one page newest first (`ORDER BY c.id DESC
    /// LIMIT n`), in the form `plan` says.
    pub(crate) fn to_page_sql(&self, plan: Plan) -> (String, Vec<Param>) {
        self.sql_with(plan)
    }

    /// `SELECT total, live`: how many live courses match, and how many are
    /// live (the maintained count; NULL if its row is missing). A filter of
    /// none or of a biomarker alone is counted without reading `courses`
    /// (`course_values` holds live courses only).
    pub(crate) fn count_sql(&self) -> (String, Vec<Param>) {
        const LIVE: &str = "(SELECT n FROM registry_counts WHERE name = 'live_courses')";
        if self.is_empty() {
            return (format!("SELECT {LIVE}, {LIVE}"), vec![]);
        }
        if let Some((name, above)) = self.only_biomarker() {
            let mut params = vec![Param::Text(name)];
            let mut threshold = "";
            if let Some(x) = above {
                params.push(Param::Num(x));
                threshold = " AND v.max_value > $2";
            }
            let sql = format!(
                "SELECT COUNT(*), {LIVE} FROM course_values v WHERE v.name = $1{threshold}"
            );
            return (sql, params);
        }
        let (clause, params) = self.to_sql();
        (
            format!("SELECT COUNT(*), {LIVE} FROM courses c WHERE {clause}"),
            params,
        )
    }

    fn sql_with(&self, plan: Plan) -> (String, Vec<Param>) {
        // The courses with a row of `table` (as `t`) meeting `condition`.
        let subquery = |table: &str, t: &str, condition: &str| match plan {
            Plan::Drive => {
                format!("c.id IN (SELECT {t}.course_id FROM {table} {t} WHERE {condition})")
            }
            Plan::Walk => format!(
                "EXISTS (SELECT 1 FROM {table} {t} WHERE {t}.course_id = c.id AND {condition})"
            ),
        };
        let mut clauses = vec!["c.deleted_at IS NULL".to_string()];
        let mut params = Vec::new();
        let next = |p: Param, params: &mut Vec<Param>| {
            params.push(p);
            format!("${}", params.len())
        };
        if let Some(q) = nonempty(&self.q) {
            let a = next(Param::Text(contains(q)), &mut params);
            let facts = subquery("course_facts", "f", &format!("f.name LIKE {a} ESCAPE '\\'"));
            clauses.push(format!("(LOWER(c.title) LIKE {a} ESCAPE '\\' OR {facts})"));
        }
        let fact_filters = [
            (&self.antibody, "f.kind = 'antibody' AND f.positive = 1"),
            (&self.drug, "f.kind = 'medication'"),
            (&self.diagnosis, "f.kind = 'diagnosis' AND f.positive = 1"),
            (
                &self.outcome,
                "f.kind IN ('status', 'event') AND f.positive = 1",
            ),
        ];
        for (value, condition) in fact_filters {
            if let Some(v) = nonempty(value) {
                let a = next(Param::Text(contains(v)), &mut params);
                clauses.push(subquery(
                    "course_facts",
                    "f",
                    &format!("{condition} AND f.name LIKE {a} ESCAPE '\\'"),
                ));
            }
        }
        if let Some(b) = nonempty(&self.biomarker) {
            // course_values holds each measured analyte's highest value.
            let a = next(Param::Text(b.to_lowercase()), &mut params);
            let threshold = match self.above {
                Some(x) if x.is_finite() => {
                    let t = next(Param::Num(x), &mut params);
                    format!(" AND v.max_value > {t}")
                }
                _ => String::new(),
            };
            clauses.push(subquery(
                "course_values",
                "v",
                &format!("v.name = {a}{threshold}"),
            ));
        }
        (clauses.join(" AND "), params)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards_are_escaped() {
        assert_eq!(contains(" 50%_A\\ "), "%50\\%\\_a\\\\%");
    }

    #[test]
    fn parameters_are_numbered_in_order() {
        let f = CourseFilter {
            drug: Some("MMF".into()),
            biomarker: Some("Ferritin".into()),
            above: Some(1000.0),
            ..Default::default()
        };
        let (sql, params) = f.to_sql();
        assert!(sql.contains("$1") && sql.contains("$2") && sql.contains("$3"));
        assert_eq!(
            params,
            vec![
                Param::Text("%mmf%".into()),
                Param::Text("ferritin".into()),
                Param::Num(1000.0)
            ]
        );
    }

    #[test]
    fn pages_walk_when_matches_are_many_and_drive_when_few() {
        // 1,371 of 10,000: a page of 20 visits ~146 courses walking.
        assert_eq!(Plan::choose(0, 20, 10_000, 1_371), Plan::Walk);
        // 50 of 10,000: walking would visit ~4,000; driving reads 50.
        assert_eq!(Plan::choose(0, 20, 10_000, 50), Plan::Drive);
        // A deep page of a common match: driving reads fewer.
        assert_eq!(Plan::choose(5_000, 20, 10_000, 6_000), Plan::Drive);
        let f = CourseFilter {
            biomarker: Some("ferritin".into()),
            ..Default::default()
        };
        assert!(
            f.to_page_sql(Plan::Walk)
                .0
                .contains("EXISTS (SELECT 1 FROM course_values v")
        );
        assert!(
            f.to_page_sql(Plan::Drive)
                .0
                .contains("c.id IN (SELECT v.course_id")
        );
    }

    #[test]
    fn only_an_empty_or_a_lone_biomarker_filter_counts_without_courses() {
        let (sql, params) = CourseFilter::default().count_sql();
        assert!(sql.contains("registry_counts") && !sql.contains("FROM courses"));
        assert!(params.is_empty());
        let mut f = CourseFilter {
            biomarker: Some(" Ferritin ".into()),
            above: Some(2000.0),
            ..Default::default()
        };
        let (sql, params) = f.count_sql();
        assert!(sql.contains("max_value > $2") && !sql.contains("FROM courses"));
        assert_eq!(params, [Param::Text("ferritin".into()), Param::Num(2000.0)]);
        f.above = Some(f64::NAN);
        assert_eq!(f.count_sql().1.len(), 1);
        f.drug = Some("mmf".into());
        assert!(f.count_sql().0.contains("FROM courses c WHERE"));
        // An empty text box is no filter.
        let blank = CourseFilter {
            q: Some("  ".into()),
            ..Default::default()
        };
        assert!(blank.is_empty());
    }
}
