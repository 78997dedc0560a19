//! Regimen.
use casecourse_model::MedicationEpisode;

use crate::{CourseView, Item, SteroidSegment, TherapyLine, knowledge::Knowledge};

/// What the regimen analysis yields.
pub struct RegimenResult {
    /// Items.
    pub items: Vec<Item>,
    /// Episodes.
    pub episodes: Vec<MedicationEpisode>,
    /// Lines of therapy.
    pub lines: Vec<TherapyLine>,
    /// Glucocorticoid series.
    pub steroid_series: Vec<SteroidSegment>,
}

/// Regimen analytics.
pub fn assess(_view: &CourseView, _kb: &Knowledge) -> RegimenResult {
    RegimenResult {
        items: vec![],
        episodes: vec![],
        lines: vec![],
        steroid_series: vec![],
    }
}
