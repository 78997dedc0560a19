//! JAMI predictors of ILD-related death: Sato S, et al. Initial predictors
//! of poor survival in myositis-associated interstitial lung disease: a
//! multicentre cohort of 497 patients. Rheumatology (Oxford)
//! 2018;57(7):1212-1221. Age at onset ≥ 60, CRP ≥ 1 mg/dL, SpO2 < 95 %,
//! anti-MDA5 positive. Published as hazard ratios, not a points score.

use casecourse_model::Value;

use super::{antibody, initial};
use crate::knowledge::Knowledge;
use crate::{Category, CourseView, Item, Status};

/// Counts the predictors present.
pub fn assess(view: &CourseView, kb: &Knowledge) -> Item {
    let m = &kb.prognosis.jami;
    let mut it = Item::new(
        "jami",
        Category::Prognosis,
        "JAMI predictors (Sato 2018)",
        &m.source,
    );
    it.day = Some(0.0);
    it.unit = Some("predictors".into());
    it.limitations.push(m.limitation.clone());
    let mut present = Vec::new();
    let mut absent = Vec::new();
    let mut check = |name: &str, v: Option<(String, bool)>, it: &mut Item| match v {
        Some((id, true)) => {
            it.inputs.push(id);
            present.push(name.to_string());
        }
        Some((id, false)) => {
            it.inputs.push(id);
            absent.push(name.to_string());
        }
        None => it.missing.push(name.to_string()),
    };
    let age = view.age().map(|(f, v)| (f.id.clone(), v >= m.age_min));
    check(&format!("age >= {}", m.age_min), age, &mut it);
    let crp = initial(view, "crp").map(|(f, v)| (f.id.clone(), v >= m.crp_min));
    check(&format!("CRP >= {} mg/L", m.crp_min), crp, &mut it);
    let spo2 = view
        .first_number("spo2")
        .map(|(f, v)| (f.id.clone(), v < m.spo2_below));
    check(&format!("SpO2 < {}%", m.spo2_below), spo2, &mut it);
    let mda5 = antibody(view, "anti_mda5").map(|(p, f, _)| (f.id.clone(), p));
    check("anti-MDA5 positive", mda5, &mut it);
    it.value = Some(Value::Number(present.len() as f64));
    it.interpretation = format!(
        "{} of 4 predictors present ({}); absent: {}",
        present.len(),
        if present.is_empty() {
            "none".into()
        } else {
            present.join(", ")
        },
        if absent.is_empty() {
            "none".into()
        } else {
            absent.join(", ")
        }
    );
    if !it.missing.is_empty() {
        it.status = Status::Partial;
        it.interpretation
            .push_str(&format!("; not stated: {}", it.missing.join(", ")));
    }
    it
}
