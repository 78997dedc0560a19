//! Classification criteria and disease definitions: the 2017 EULAR/ACR
//! criteria for idiopathic inflammatory myopathies, the clinically
//! amyopathic dermatomyositis definition (Sontheimer 2002; Gerami 2006) and
//! the rapidly progressive ILD definition used in the MDA5 literature.
//! Weights and windows: `data/assess/criteria.toml`.

pub mod cadm;
pub mod eular_acr_2017;
pub mod rpild;

use casecourse_model::{Fact, Flag, Kind};

use crate::knowledge::{Knowledge, contains};
use crate::{CourseView, Item};

/// Every criteria item the course allows.
pub fn assess(view: &CourseView, kb: &Knowledge) -> Vec<Item> {
    let mut out = vec![eular_acr_2017::assess(view, kb), cadm::assess(view, kb)];
    out.extend(rpild::assess(view, kb));
    out
}

/// What the text says about a finding.
#[derive(Debug, Clone, Copy)]
pub enum Stated<'a> {
    /// Stated present.
    Present(&'a Fact),
    /// Stated absent ("no muscle weakness").
    Absent(&'a Fact),
    /// Not mentioned.
    NotStated,
}

/// Whether any fact named one of `names` is stated present or absent
/// (present wins).
pub fn stated<'a>(view: &CourseView<'a>, names: &[String]) -> Stated<'a> {
    let facts: Vec<&Fact> = view
        .course
        .facts
        .iter()
        .filter(|f| {
            f.experiencer == casecourse_model::Experiencer::Patient
                && f.certainty == casecourse_model::Certainty::Affirmed
                && contains(names, &f.name)
        })
        .collect();
    if let Some(f) = facts.iter().find(|f| !f.negated && positive(f)) {
        return Stated::Present(f);
    }
    match facts.first() {
        Some(f) => Stated::Absent(f),
        None => Stated::NotStated,
    }
}

/// A fact states presence: not negated and, for tests, not a negative result.
fn positive(f: &Fact) -> bool {
    !matches!(f.result.as_deref(), Some("negative"))
}

/// Whether muscle enzymes were raised at any time: flag high, above the
/// stated reference range, or above the fallback upper limit in
/// criteria.toml (an assumption, said so).
pub struct Enzymes {
    /// Some(true) raised, Some(false) all stated normal, None none stated.
    pub raised: Option<bool>,
    /// Facts used.
    pub inputs: Vec<String>,
    /// Fallback limits used.
    pub assumptions: Vec<String>,
}

/// Reads the muscle enzymes.
pub fn enzymes(view: &CourseView, kb: &Knowledge, names: &[String]) -> Enzymes {
    let fallback = &kb.criteria.eular_acr_2017.reference_ranges;
    let mut e = Enzymes {
        raised: None,
        inputs: Vec::new(),
        assumptions: Vec::new(),
    };
    for f in view.named(Kind::Lab, names) {
        if f.negated {
            continue;
        }
        let v = f.number();
        let high = match f.flag {
            Some(Flag::High) | Some(Flag::Abnormal) => Some(true),
            Some(Flag::Normal) | Some(Flag::Low) => Some(false),
            None => match (v, f.reference_range.as_ref().and_then(|r| r.high)) {
                (Some(v), Some(h)) => Some(v > h),
                (Some(v), None) => match fallback.get(&f.name).and_then(|x| x.as_float()) {
                    Some(h) => {
                        e.assumptions.push(format!(
                            "{} {v} judged against a fallback upper limit of {h} (no range stated; status R)",
                            f.name
                        ));
                        Some(v > h)
                    }
                    None => None,
                },
                _ => None,
            },
        };
        if let Some(h) = high {
            e.inputs.push(f.id.clone());
            e.raised = Some(e.raised.unwrap_or(false) || h);
        }
    }
    e
}

/// Skin onset: the earliest day of a symptom or exam finding that is a
/// skin sign.
pub fn skin_onset<'a>(view: &CourseView<'a>, kb: &Knowledge) -> Option<(&'a Fact, f64)> {
    let words = &kb.criteria.cadm.skin_words;
    view.course
        .facts
        .iter()
        .filter(|f| matches!(f.kind, Kind::Symptom | Kind::Exam) && !f.negated)
        .filter(|f| {
            let n = f.name.to_lowercase();
            words.iter().any(|w| n.contains(&w.to_lowercase()))
        })
        .filter_map(|f| f.time.anchor_day().map(|d| (f, d)))
        .min_by(|a, b| a.1.total_cmp(&b.1))
}
