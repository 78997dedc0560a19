//! Cohort summaries and CSV export.

use std::collections::{BTreeMap, BTreeSet};

use casecourse_model::{FLAT_COLUMNS, FlatFact, Kind, flat_rows};
use casecourse_store::CourseRow;
use serde::{Deserialize, Serialize};

use crate::ApiError;

/// Distribution of one biomarker over a cohort: each course counts once,
/// with its highest value.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Distribution {
    /// Courses with a value.
    pub courses: usize,
    /// Lowest per-course peak.
    pub min: f64,
    /// Median per-course peak.
    pub median: f64,
    /// Highest per-course peak.
    pub max: f64,
    /// The unit most often used.
    pub unit: Option<String>,
}

/// What a cohort looks like.
#[derive(Debug, Clone, Serialize, PartialEq, Default)]
pub struct CohortSummary {
    /// Number of courses.
    pub courses: usize,
    /// Courses per drug given.
    pub regimens: BTreeMap<String, usize>,
    /// Courses per outcome (status or event stated).
    pub outcomes: BTreeMap<String, usize>,
    /// Courses per positive antibody.
    pub antibodies: BTreeMap<String, usize>,
    /// Courses per diagnosis made.
    pub diagnoses: BTreeMap<String, usize>,
    /// Per-course peak values of each lab.
    pub biomarkers: BTreeMap<String, Distribution>,
}

fn present(f: &casecourse_model::Fact) -> bool {
    let no = |s: &Option<String>| {
        s.as_deref()
            .is_some_and(|s| s.contains("negative") || s.contains("excluded"))
    };
    !f.negated && !no(&f.result) && !no(&f.status)
}

/// The median of sorted values (mean of the middle two for an even count).
fn median(sorted: &[f64]) -> f64 {
    let n = sorted.len();
    match n {
        0 => f64::NAN,
        _ if n % 2 == 1 => sorted[n / 2],
        _ => (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0,
    }
}

/// What one course adds to a cohort summary (part of its digest).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Tally {
    /// Drugs given.
    #[serde(default)]
    pub regimens: BTreeSet<String>,
    /// Outcomes stated.
    #[serde(default)]
    pub outcomes: BTreeSet<String>,
    /// Positive antibodies.
    #[serde(default)]
    pub antibodies: BTreeSet<String>,
    /// Diagnoses made.
    #[serde(default)]
    pub diagnoses: BTreeSet<String>,
    /// Each lab's highest value.
    #[serde(default)]
    pub peaks: BTreeMap<String, f64>,
    /// Each lab's units, with how often each is written.
    #[serde(default)]
    pub units: BTreeMap<String, BTreeMap<String, usize>>,
}

impl Tally {
    /// The tally of one curated course.
    pub fn of(course: &casecourse_model::Course) -> Tally {
        let mut t = Tally::default();
        for f in &course.facts {
            let name = f.name.trim().to_lowercase();
            let set = match f.kind {
                Kind::Medication => Some(&mut t.regimens),
                Kind::Status | Kind::Event if present(f) => Some(&mut t.outcomes),
                Kind::Antibody if present(f) => Some(&mut t.antibodies),
                Kind::Diagnosis if present(f) => Some(&mut t.diagnoses),
                _ => None,
            };
            if let Some(set) = set {
                set.insert(name.clone());
            }
            if f.kind == Kind::Lab
                && let Some(v) = f.number().filter(|v| v.is_finite())
            {
                let peak = t.peaks.entry(name.clone()).or_insert(v);
                *peak = peak.max(v);
                if let Some(u) = &f.unit {
                    *t.units
                        .entry(name)
                        .or_default()
                        .entry(u.clone())
                        .or_default() += 1;
                }
            }
        }
        t
    }
}

/// Counts and distributions over curated courses.
pub fn summarize(rows: &[CourseRow]) -> CohortSummary {
    let tallies: Vec<Tally> = rows.iter().map(|r| Tally::of(&r.course)).collect();
    summarize_tallies(tallies.iter())
}

/// Counts and distributions from each course's tally.
pub fn summarize_tallies<'a>(tallies: impl Iterator<Item = &'a Tally>) -> CohortSummary {
    let mut s = CohortSummary::default();
    let mut peaks: BTreeMap<&str, Vec<f64>> = BTreeMap::new();
    let mut units: BTreeMap<&str, BTreeMap<&str, usize>> = BTreeMap::new();
    for t in tallies {
        s.courses += 1;
        for (set, map) in [
            (&t.regimens, &mut s.regimens),
            (&t.outcomes, &mut s.outcomes),
            (&t.antibodies, &mut s.antibodies),
            (&t.diagnoses, &mut s.diagnoses),
        ] {
            for name in set {
                *map.entry(name.clone()).or_default() += 1;
            }
        }
        for (name, v) in &t.peaks {
            peaks.entry(name).or_default().push(*v);
        }
        for (name, counts) in &t.units {
            let all = units.entry(name).or_default();
            for (unit, n) in counts {
                *all.entry(unit).or_default() += n;
            }
        }
    }
    for (name, mut values) in peaks {
        values.sort_by(f64::total_cmp);
        let unit = units.get(name).and_then(|u| {
            u.iter()
                .max_by_key(|(_, n)| **n)
                .map(|(u, _)| u.to_string())
        });
        s.biomarkers.insert(
            name.to_string(),
            Distribution {
                courses: values.len(),
                min: values.first().copied().unwrap_or(f64::NAN),
                median: median(&values),
                max: values.last().copied().unwrap_or(f64::NAN),
                unit,
            },
        );
    }
    s
}

/// A cell a spreadsheet will not run as a formula: text starting with
/// `=`, `+`, `-`, `@`, tab or CR gets a leading apostrophe (OWASP, "CSV
/// Injection").
pub fn csv_safe(cell: &str) -> String {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') if cell.parse::<f64>().is_err() => {
            format!("'{cell}")
        }
        _ => cell.to_string(),
    }
}

/// One row per curated fact, with the course id and title in front of the
/// flat-row columns (weeks from the index event).
pub fn cohort_csv(rows: &[CourseRow]) -> Result<Vec<u8>, ApiError> {
    let fail = |e: csv::Error| ApiError::Internal(e.to_string());
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header = vec!["course_id", "course_title"];
    header.extend(FLAT_COLUMNS.iter().copied());
    w.write_record(&header).map_err(fail)?;
    for row in rows {
        for flat in flat_rows(&row.course) {
            let mut record = vec![row.id.to_string(), csv_safe(&row.title)];
            record.extend(
                FLAT_COLUMNS
                    .iter()
                    .map(|c| csv_safe(&FlatFact::column(&flat, c))),
            );
            w.write_record(&record).map_err(fail)?;
        }
    }
    w.into_inner()
        .map_err(|e| ApiError::Internal(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_of_odd_and_even_counts() {
        assert_eq!(median(&[1.0, 5.0, 9.0]), 5.0);
        // (5 + 9) / 2 = 7
        assert_eq!(median(&[1.0, 5.0, 9.0, 20.0]), 7.0);
    }

    #[test]
    fn formulas_are_defused_but_negative_numbers_stay() {
        assert_eq!(csv_safe("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(csv_safe("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_safe("-2.5"), "-2.5");
        assert_eq!(csv_safe("ferritin"), "ferritin");
    }
}
