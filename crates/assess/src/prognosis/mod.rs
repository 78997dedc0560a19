//! Published prognostic models for anti-MDA5 dermatomyositis with ILD and
//! single-biomarker thresholds, each with its own cut-offs and units
//! (`data/assess/prognosis.toml`). Initial (first stated) values are used,
//! as the models were derived on values at presentation. Missing inputs
//! are named, never guessed; when a missing input could change the group,
//! the item gives the range of scores the stated facts allow.

pub mod biomarkers;
pub mod cross;
pub mod flair;
pub mod jami;
pub mod mck;

use casecourse_model::Fact;

use crate::knowledge::Knowledge;
use crate::{CourseView, Item};

/// Every prognostic item; `prior` are the items computed so far (the A–a
/// gradient is a biomarker).
pub fn assess(view: &CourseView, kb: &Knowledge, prior: &[Item]) -> Vec<Item> {
    let models = [
        flair::assess(view, kb),
        mck::assess(view, kb),
        jami::assess(view, kb),
        cross::assess(view, kb),
    ];
    // A model with no stated input at all is not computed, only its
    // missing inputs are named.
    let mut out: Vec<Item> = models
        .into_iter()
        .map(|it| {
            if it.inputs.is_empty() && it.status != crate::Status::NotComputable {
                let missing = it.missing.clone();
                let mut x = it;
                x.missing.clear();
                x.bounds = None;
                let refs: Vec<&str> = missing.iter().map(String::as_str).collect();
                x.not_computable(&refs)
            } else {
                it
            }
        })
        .collect();
    out.extend(biomarkers::assess(view, kb, prior));
    out
}

/// The first stated value of `role` in the unit the models use: CRP in
/// mg/L (mg/dL × 10), ferritin in µg/L (= ng/mL), others as stated.
pub fn initial<'a>(view: &CourseView<'a>, role: &str) -> Option<(&'a Fact, f64)> {
    let (f, v) = view.first_number(role)?;
    let v = match (role, f.unit.as_deref()) {
        ("crp", Some("mg/dL")) => v * 10.0,
        _ => v,
    };
    Some((f, v))
}

/// Anti-MDA5 at presentation: positive?, the fact, and the semi-quantitative
/// grade (1 = +, 2 = ++, 3 = +++) when the text gives one.
pub fn antibody<'a>(view: &CourseView<'a>, role: &str) -> Option<(bool, &'a Fact, Option<usize>)> {
    let mut facts = view.find(role);
    facts.sort_by(|a, b| crate::facts::day_of(a).total_cmp(&crate::facts::day_of(b)));
    let f = facts.into_iter().next()?;
    let positive = !f.negated
        && f.result
            .as_deref()
            .is_none_or(|r| r.eq_ignore_ascii_case("positive"));
    let grade = [f.titre.as_deref(), f.strength.as_deref()]
        .into_iter()
        .flatten()
        .find_map(|s| match s.trim() {
            "+" | "1+" => Some(1),
            "++" | "2+" => Some(2),
            "+++" | "3+" => Some(3),
            _ => None,
        });
    Some((positive, f, grade))
}

/// Risk group of a points total.
pub fn group(total: u32, low_max: u32, medium_max: u32) -> &'static str {
    if total <= low_max {
        "low"
    } else if total <= medium_max {
        "medium"
    } else {
        "high"
    }
}
