//! MCK model: Gono T, et al. Risk prediction modeling based on a combination
//! of initial serum biomarker levels in polymyositis/dermatomyositis-
//! associated interstitial lung disease. Arthritis Rheumatol
//! 2021;73(4):677-686. M = anti-MDA5 status; C = CRP ≥ 0.8 mg/dL if
//! MDA5-positive (≥ 1.1 if negative); K = KL-6 ≥ 1000 U/mL. Risk band by
//! number of factors (mapping recalled, status R, configurable).

use casecourse_model::Value;

use super::{antibody, initial};
use crate::knowledge::Knowledge;
use crate::{Category, CourseView, Item};

/// Applies the model.
pub fn assess(view: &CourseView, kb: &Knowledge) -> Item {
    let m = &kb.prognosis.mck;
    let mut it = Item::new(
        "mck",
        Category::Prognosis,
        "MCK model (mortality)",
        &m.source,
    );
    it.day = Some(0.0);
    it.unit = Some("factors".into());
    it.limitations.push(m.limitation.clone());
    let Some((pos, mf, _)) = antibody(view, "anti_mda5") else {
        return it.not_computable(&["anti-MDA5"]);
    };
    it.inputs.push(mf.id.clone());
    let crp_min = if pos {
        m.crp_min_mda5_positive
    } else {
        m.crp_min_mda5_negative
    };
    let crp = initial(view, "crp");
    let kl6 = initial(view, "kl6");
    let mut missing = Vec::new();
    if crp.is_none() {
        missing.push("CRP");
    }
    if kl6.is_none() {
        missing.push("KL-6");
    }
    if !missing.is_empty() {
        let mut x = it.not_computable(&missing);
        x.inputs
            .extend(crp.iter().chain(kl6.iter()).map(|(f, _)| f.id.clone()));
        return x;
    }
    let (Some((cf, c)), Some((kf, k))) = (crp, kl6) else {
        return it;
    };
    it.inputs.extend([cf.id.clone(), kf.id.clone()]);
    let n = usize::from(c >= crp_min) + usize::from(k >= m.kl6_min);
    let bands = if pos {
        &m.mda5_positive_bands
    } else {
        &m.mda5_negative_bands
    };
    let band = bands.get(n).cloned().unwrap_or_default();
    it.value = Some(Value::Number(n as f64));
    it.interpretation = format!(
        "anti-MDA5 {}; CRP {c} mg/L {} {crp_min}; KL-6 {k} U/mL {} {}: {n} factor(s), {band} (band mapping status {})",
        if pos { "positive" } else { "negative" },
        if c >= crp_min { ">=" } else { "<" },
        if k >= m.kl6_min { ">=" } else { "<" },
        m.kl6_min,
        m.band_status
    );
    it
}
