//! The digest of a course for the cohort views: its summary tally and its
//! survival placement and FLAIR risk group, written by the store when the
//! course is saved (`casecourse_store::Digester`), so the cohort summary and
//! survival read one short JSON per course instead of parsing and assessing
//! every course (issue #5). CSV and FHIR exports still read whole courses:
//! they hand out every fact.

use std::hash::{DefaultHasher, Hash, Hasher};

use casecourse_model::Course;
use casecourse_store::{DigestRow, Digester};
use serde::{Deserialize, Serialize};

use crate::ApiError;
use crate::cohort::{CohortSummary, Tally, summarize_tallies};
use crate::cohort_survival::{CohortSurvival, Placement, placement, risk_group, survival_of};

/// What the cohort views need of one course.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CourseDigest {
    /// Its part of the cohort summary.
    pub tally: Tally,
    /// Where it stands on the survival time axis.
    pub placement: Placement,
    /// Its FLAIR risk group.
    pub risk_group: String,
}

impl CourseDigest {
    /// The digest of a curated course.
    pub fn of(course: &Course) -> CourseDigest {
        CourseDigest {
            tally: Tally::of(course),
            placement: placement(course),
            risk_group: risk_group(course),
        }
    }
}

/// The assessment knowledge the risk group is computed from (the files
/// `casecourse-assess` compiles in): a digest made with other knowledge is
/// another format, recomputed when read.
const KNOWLEDGE: [&str; 7] = [
    include_str!("../../../data/assess/physiology.toml"),
    include_str!("../../../data/assess/acid_base.toml"),
    include_str!("../../../data/assess/glucocorticoids.toml"),
    include_str!("../../../data/assess/drugs.toml"),
    include_str!("../../../data/assess/criteria.toml"),
    include_str!("../../../data/assess/prognosis.toml"),
    include_str!("../../../data/assess/names.toml"),
];

/// The server's digester. Bump `cohort-digest/N` when [`CourseDigest::of`]
/// or what it calls changes meaning; knowledge changes are caught by hash.
pub struct CohortDigester {
    version: String,
}

impl Default for CohortDigester {
    fn default() -> Self {
        let mut h = DefaultHasher::new();
        KNOWLEDGE.hash(&mut h);
        env!("CARGO_PKG_VERSION").hash(&mut h);
        CohortDigester {
            version: format!("cohort-digest/1 {:016x}", h.finish()),
        }
    }
}

impl Digester for CohortDigester {
    fn version(&self) -> &str {
        &self.version
    }

    fn digest(&self, course: &Course) -> String {
        // Strings, finite numbers and maps: serialization cannot fail.
        serde_json::to_string(&CourseDigest::of(course)).unwrap_or_else(|_| "{}".into())
    }
}

/// The digests of a cohort read back.
pub fn parse(rows: &[DigestRow]) -> Result<Vec<CourseDigest>, ApiError> {
    rows.iter()
        .map(|r| {
            serde_json::from_str(&r.digest).map_err(|e| {
                ApiError::Internal(format!(
                    "course {}: stored cohort digest unreadable: {e}",
                    r.id
                ))
            })
        })
        .collect()
}

/// The cohort summary from digests.
pub fn summary(digests: &[CourseDigest]) -> CohortSummary {
    summarize_tallies(digests.iter().map(|d| &d.tally))
}

/// Survival by risk group from digests.
pub fn survival(digests: &[CourseDigest]) -> CohortSurvival {
    survival_of(digests.iter().map(|d| (d.placement, d.risk_group.as_str())))
}
