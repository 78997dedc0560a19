//! CROSS model of RP-ILD risk in anti-MDA5 DM: Wang L, Lv C, You H, et al.
//! Front Immunol 2024, doi:10.3389/fimmu.2024.1286973; points from the
//! EULAR 2021 abstract POS0320: CRP > 8 mg/L 3, anti-Ro52 4, male 2,
//! disease course < 3 months 2; low 0–3, medium 4–7, high 8–11.

use casecourse_model::Value;

use super::{antibody, group, initial};
use crate::criteria::cadm::DAYS_PER_MONTH;
use crate::knowledge::Knowledge;
use crate::{Bounds, Category, CourseView, Item, Status};

/// Scores the course.
pub fn assess(view: &CourseView, kb: &Knowledge) -> Item {
    let m = &kb.prognosis.cross;
    let mut it = Item::new(
        "cross",
        Category::Prognosis,
        "CROSS model (RP-ILD risk)",
        &m.source,
    );
    it.day = Some(0.0);
    it.unit = Some("points".into());
    it.limitations.push(m.limitation.clone());
    let (mut low, mut high) = (0u32, 0u32);
    let mut parts = Vec::new();
    let mut add = |name: &str, v: Option<(String, bool)>, pts: u32, it: &mut Item| match v {
        Some((id, hit)) => {
            it.inputs.push(id);
            let p = if hit { pts } else { 0 };
            low += p;
            high += p;
            parts.push(format!("{name} ({p})"));
        }
        None => {
            high += pts;
            it.missing.push(name.to_string());
        }
    };
    let crp = initial(view, "crp").map(|(f, v)| (f.id.clone(), v > m.crp_above));
    add(
        &format!("CRP > {} mg/L", m.crp_above),
        crp,
        m.crp_points,
        &mut it,
    );
    let ro = antibody(view, "anti_ro52").map(|(p, f, _)| (f.id.clone(), p));
    add("anti-Ro52 positive", ro, m.ro52_points, &mut it);
    let sex = view.find("sex").into_iter().find_map(|f| match &f.value {
        Some(Value::Text(s)) => Some((f.id.clone(), s.eq_ignore_ascii_case("male"))),
        _ => None,
    });
    add("male sex", sex, m.male_points, &mut it);
    // Disease course: earliest symptom onset to the index (diagnosis/admission).
    let onset = view
        .course
        .facts
        .iter()
        .filter(|f| f.kind == casecourse_model::Kind::Symptom && !f.negated)
        .filter_map(|f| {
            f.time
                .anchor_day()
                .filter(|d| *d < 0.0)
                .map(|d| (f.id.clone(), d))
        })
        .min_by(|a, b| a.1.total_cmp(&b.1));
    let course = onset.map(|(id, d)| (id, -d / DAYS_PER_MONTH < m.short_course_months));
    add(
        &format!("disease course < {} months", m.short_course_months),
        course,
        m.short_course_points,
        &mut it,
    );
    let (gl, gh) = (
        group(low, m.low_max, m.medium_max),
        group(high, m.low_max, m.medium_max),
    );
    if low == high {
        it.value = Some(Value::Number(low as f64));
        it.interpretation = format!("{low} points: {gl} risk of RP-ILD ({})", parts.join(", "));
    } else {
        it.status = Status::Partial;
        it.bounds = Some(Bounds {
            low: low as f64,
            high: Some(high as f64),
        });
        it.interpretation = format!(
            "{low}-{high} points: {gl} to {gh} risk ({}); cannot compute exactly: {} missing",
            parts.join(", "),
            it.missing.join(", ")
        );
    }
    it
}
