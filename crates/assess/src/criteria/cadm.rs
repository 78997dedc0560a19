//! Clinically amyopathic dermatomyositis: Sontheimer RD. Dermatol Clin
//! 2002;20:387-408; Gerami P, et al. J Am Acad Dermatol 2006;54:597-613.
//! Hallmark skin disease for ≥ 6 months without clinical weakness and with
//! normal muscle enzymes (amyopathic); < 6 months is provisional.

use casecourse_model::Value;

use super::{Stated, enzymes, skin_onset, stated};
use crate::knowledge::Knowledge;
use crate::{Category, CourseView, Item, Status};

/// Months in a day count (a month is 30.4375 days, as in the model).
pub const DAYS_PER_MONTH: f64 = 30.4375;

/// Applies the definition.
pub fn assess(view: &CourseView, kb: &Knowledge) -> Item {
    let d = &kb.criteria.cadm;
    let mut it = Item::new(
        "cadm-sontheimer",
        Category::Criteria,
        "Clinically amyopathic dermatomyositis (Sontheimer)",
        &d.source,
    );
    it.day = Some(0.0);
    it.limitations.extend(d.caveat());
    let rash = stated(view, &d.hallmark_rash);
    let weak = stated(view, &d.weakness);
    let enz = enzymes(view, kb, &d.enzymes);
    it.inputs.extend(enz.inputs.clone());
    it.assumptions.extend(enz.assumptions.clone());
    let rash_f = match rash {
        Stated::Present(f) => f,
        _ => {
            let mut x =
                it.not_computable(&["a hallmark DM rash (heliotrope, Gottron's papules or sign)"]);
            x.interpretation = "no hallmark DM rash stated: the definition does not apply".into();
            return x;
        }
    };
    it.inputs.push(rash_f.id.clone());
    let no_weakness = match weak {
        Stated::Absent(f) => {
            it.inputs.push(f.id.clone());
            Some(true)
        }
        Stated::Present(f) => {
            it.inputs.push(f.id.clone());
            Some(false)
        }
        Stated::NotStated => {
            it.missing.push("muscle strength".into());
            None
        }
    };
    if enz.raised.is_none() {
        it.missing.push("muscle enzymes".into());
    }
    let months = skin_onset(view, kb).map(|(f, day)| {
        it.inputs.push(f.id.clone());
        (0.0 - day).max(0.0) / DAYS_PER_MONTH
    });
    let verdict = match (no_weakness, enz.raised) {
        (Some(false), _) => "not amyopathic: clinical weakness stated".to_string(),
        (Some(true), Some(true)) => "hypomyopathic pattern: no weakness but raised muscle enzymes (CADM includes hypomyopathic DM)".into(),
        (Some(true), Some(false)) => match months {
            Some(m) if m >= d.min_skin_months => "clinically amyopathic DM".into(),
            Some(m) => format!(
                "provisional clinically amyopathic DM: skin disease about {m:.1} months (< {} months)",
                d.min_skin_months
            ),
            None => "clinically amyopathic DM pattern; skin-disease duration not stated (>= 6 months required)".into(),
        },
        _ => "cannot decide: strength or muscle enzymes not stated".into(),
    };
    if months.is_none() {
        it.missing.push("skin-disease onset".into());
    }
    if !it.missing.is_empty() {
        it.status = Status::Partial;
    }
    it.value = Some(Value::Text(verdict.clone()));
    it.interpretation = verdict;
    it.limitations.push(
        "exclusions (immunosuppression >= 2 months in the first 6 months; drugs causing DM-like eruptions) are not checked".into(),
    );
    it.inputs.sort();
    it.inputs.dedup();
    it
}
