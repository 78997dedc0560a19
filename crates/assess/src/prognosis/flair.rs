//! FLAIR model: Lian X, et al. Mortality risk prediction in amyopathic
//! dermatomyositis associated with interstitial lung disease: the FLAIR
//! model. Chest 2020;158(4):1535-1545. Ferritin ≥ 636 ng/mL 2, LDH ≥ 355
//! U/L 2, anti-MDA5 + 2 / ++ 3 / +++ 4, HRCT score ≥ 133 3, RP-ILD 2;
//! low 0–4, medium 5–9, high 10–13.

use casecourse_model::Value;

use super::{antibody, group, initial};
use crate::knowledge::Knowledge;
use crate::{Bounds, Category, CourseView, Item, Status};

/// Scores the course, giving the range the stated facts allow.
pub fn assess(view: &CourseView, kb: &Knowledge) -> Item {
    let m = &kb.prognosis.flair;
    let mut it = Item::new(
        "flair",
        Category::Prognosis,
        "FLAIR model (mortality)",
        &m.source,
    );
    it.unit = Some("points".into());
    it.day = Some(0.0);
    it.limitations.push(m.limitation.clone());
    let (mut low, mut high) = (0u32, 0u32);
    let mut parts = Vec::new();
    match initial(view, "ferritin") {
        Some((f, v)) => {
            let p = if v >= m.ferritin_min {
                m.ferritin_points
            } else {
                0
            };
            low += p;
            high += p;
            parts.push(format!("ferritin {v} ({p})"));
            it.inputs.push(f.id.clone());
        }
        None => {
            high += m.ferritin_points;
            it.missing.push("ferritin".into());
        }
    }
    match initial(view, "ldh") {
        Some((f, v)) => {
            let p = if v >= m.ldh_min { m.ldh_points } else { 0 };
            low += p;
            high += p;
            parts.push(format!("LDH {v} ({p})"));
            it.inputs.push(f.id.clone());
        }
        None => {
            high += m.ldh_points;
            it.missing.push("LDH".into());
        }
    }
    let max_mda5 = m.mda5_points.iter().copied().max().unwrap_or(0);
    match antibody(view, "anti_mda5") {
        Some((false, f, _)) => {
            parts.push("anti-MDA5 negative (0)".into());
            it.inputs.push(f.id.clone());
        }
        Some((true, f, Some(g))) => {
            let p = m.mda5_points.get(g).copied().unwrap_or(max_mda5);
            low += p;
            high += p;
            parts.push(format!("anti-MDA5 grade {g} ({p})"));
            it.inputs.push(f.id.clone());
        }
        Some((true, f, None)) => {
            let min_pos = m.mda5_points.get(1).copied().unwrap_or(0);
            low += min_pos;
            high += max_mda5;
            parts.push(format!(
                "anti-MDA5 positive, grade not stated ({min_pos}-{max_mda5})"
            ));
            it.inputs.push(f.id.clone());
            it.missing.push("anti-MDA5 titre grade (+/++/+++)".into());
        }
        None => {
            high += max_mda5;
            it.missing.push("anti-MDA5".into());
        }
    }
    match initial(view, "hrct_score") {
        Some((f, v)) => {
            let p = if v >= m.hrct_score_min {
                m.hrct_points
            } else {
                0
            };
            low += p;
            high += p;
            parts.push(format!("HRCT score {v} ({p})"));
            it.inputs.push(f.id.clone());
        }
        None => {
            high += m.hrct_points;
            it.missing.push("HRCT score".into());
        }
    }
    match view.present("rpild") {
        Some(f) => {
            low += m.rpild_points;
            high += m.rpild_points;
            parts.push(format!("RP-ILD ({})", m.rpild_points));
            it.inputs.push(f.id.clone());
        }
        None => parts.push("RP-ILD not stated (0)".into()),
    }
    let (g_low, g_high) = (
        group(low, m.low_max, m.medium_max),
        group(high, m.low_max, m.medium_max),
    );
    if low == high {
        it.value = Some(Value::Number(low as f64));
        it.interpretation = format!("{low} points: {g_low} risk ({})", parts.join(", "));
    } else {
        it.status = Status::Partial;
        it.bounds = Some(Bounds {
            low: low as f64,
            high: Some(high as f64),
        });
        let groups = if g_low == g_high {
            format!("{g_low} risk whatever the missing inputs")
        } else {
            format!("{g_low} to {g_high} risk depending on the missing inputs: indeterminate")
        };
        it.interpretation = format!(
            "{low}-{high} points: {groups} ({}); cannot compute exactly: {} missing",
            parts.join(", "),
            it.missing.join(", ")
        );
    }
    it
}
