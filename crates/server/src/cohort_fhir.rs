//! Cohort export as FHIR R4: one Bundle per course (`casecourse-fhir`), and
//! for each course that cannot be exported, the reason.
//!
//! Relative times need a calendar anchor. A registry course has one only
//! when its index event carries a date (stated in the text, given at
//! extraction with `--index-date`, or set by a curator through
//! `PUT /courses/{id}/index-date`); a cohort mixes patients, so no single
//! date can be applied to all. A course whose facts need a date it does not
//! have is listed under `refused` with the exporter's own message, never
//! dropped silently and never given an invented date.

use casecourse_fhir::{BundleType, ExportOptions};
use casecourse_store::CourseRow;
use serde::Serialize;

/// Format tag of the export document.
pub const COHORT_FHIR_FORMAT: &str = "casecourse.cohort-fhir/1";

/// One exported course.
#[derive(Debug, Serialize)]
pub struct Exported {
    /// Registry id.
    pub course_id: i64,
    /// Title.
    pub title: String,
    /// The FHIR R4 Bundle (type collection).
    pub bundle: serde_json::Value,
}

/// One course that could not be exported, and why.
#[derive(Debug, Serialize)]
pub struct Refused {
    /// Registry id.
    pub course_id: i64,
    /// Title.
    pub title: String,
    /// The exporter's reason.
    pub reason: String,
}

/// The export document.
#[derive(Debug, Serialize)]
pub struct CohortFhir {
    /// Always [`COHORT_FHIR_FORMAT`].
    pub format: &'static str,
    /// Courses in the cohort.
    pub courses: usize,
    /// Bundles, one per exported course.
    pub bundles: Vec<Exported>,
    /// Courses not exported, with the reason.
    pub refused: Vec<Refused>,
}

/// Exports every course of the cohort it can; lists the others.
pub fn cohort_fhir(rows: &[CourseRow]) -> CohortFhir {
    let options = ExportOptions {
        index_date: None,
        bundle_type: BundleType::Collection,
        recorded: None,
    };
    let mut out = CohortFhir {
        format: COHORT_FHIR_FORMAT,
        courses: rows.len(),
        bundles: Vec::new(),
        refused: Vec::new(),
    };
    for row in rows {
        let exported = casecourse_fhir::export(&row.course, &options)
            .map_err(|e| reason(row.id, &e))
            .and_then(|b| serde_json::to_value(b).map_err(|e| e.to_string()));
        match exported {
            Ok(bundle) => out.bundles.push(Exported {
                course_id: row.id,
                title: row.title.clone(),
                bundle,
            }),
            Err(reason) => out.refused.push(Refused {
                course_id: row.id,
                title: row.title.clone(),
                reason,
            }),
        }
    }
    out
}

/// The exporter's message, except that a missing index date says how to
/// set one in the registry (the exporter's own names a command-line flag).
fn reason(id: i64, e: &casecourse_fhir::ExportError) -> String {
    match e {
        casecourse_fhir::ExportError::NoIndexDate { fact, index } => format!(
            "fact {fact} is timed relative to the index event ({index}) but the course has no index date: \
             a curator can set it under \"Index date\" on /courses/{id}/curate \
             (or PUT /api/v1/courses/{id}/index-date {{\"version\": N, \"date\": \"YYYY-MM-DD\"}})"
        ),
        other => other.to_string(),
    }
}

impl CohortFhir {
    /// The audit detail: which courses left the registry, which did not.
    pub fn audit_detail(&self) -> String {
        let ids = |v: Vec<i64>| v;
        serde_json::json!({
            "exported": ids(self.bundles.iter().map(|b| b.course_id).collect()),
            "refused": ids(self.refused.iter().map(|r| r.course_id).collect()),
        })
        .to_string()
    }
}
