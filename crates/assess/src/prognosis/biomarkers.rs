//! Single-biomarker thresholds used in the anti-MDA5 literature (ferritin,
//! KL-6, CRP, LDH, A–a gradient) and anti-Ro52 co-positivity, each with its
//! own study's cut-off and meaning (`data/assess/prognosis.toml`).

use casecourse_model::Value;

use super::{antibody, initial};
use crate::knowledge::Knowledge;
use crate::{Category, CourseView, Item};

fn role_of(analyte: &str) -> Option<&'static str> {
    Some(match analyte {
        "ferritin" => "ferritin",
        "KL-6" => "kl6",
        "C-reactive protein" => "crp",
        "lactate dehydrogenase" => "ldh",
        _ => return None,
    })
}

/// One item per threshold with a stated initial value; the A–a gradient
/// comes from the physiology items.
pub fn assess(view: &CourseView, kb: &Knowledge, prior: &[Item]) -> Vec<Item> {
    let mut out = Vec::new();
    for b in &kb.prognosis.biomarker {
        let value = match role_of(&b.analyte) {
            Some(role) => initial(view, role)
                .map(|(f, v)| (vec![f.id.clone()], v, f.time.anchor_day(), Vec::new())),
            None if b.analyte == "alveolar-arterial oxygen gradient" => prior
                .iter()
                .find(|i| i.code == "aa-gradient" && i.number().is_some())
                .and_then(|i| {
                    i.number()
                        .map(|v| (i.inputs.clone(), v, i.day, i.assumptions.clone()))
                }),
            None => None,
        };
        let mut it = Item::new(
            "biomarker-threshold",
            Category::Prognosis,
            &format!("{} {} {} {}", b.analyte, b.comparison, b.threshold, b.unit),
            &b.source,
        );
        let Some((inputs, v, day, assumptions)) = value else {
            let mut x = it.not_computable(&[&b.analyte]);
            x.interpretation = format!("cannot compute: {} missing ({})", b.analyte, b.meaning);
            out.push(x);
            continue;
        };
        it.day = day;
        it.inputs = inputs;
        it.unit = Some(b.unit.clone());
        it.value = Some(Value::Number(v));
        let crossed = b.crossed(v);
        it.interpretation = format!(
            "{v} {} {} {}: {}{}",
            b.unit,
            if crossed { "crosses" } else { "does not cross" },
            b.threshold,
            if crossed {
                ""
            } else {
                "below the threshold for "
            },
            b.meaning
        );
        if b.status == "R" {
            it.limitations
                .push("threshold recalled, not verified (status R)".into());
        }
        it.assumptions = assumptions;
        out.push(it);
    }
    if let Some((pos, f, _)) = antibody(view, "anti_ro52") {
        let r = &kb.prognosis.anti_ro52;
        let mut it = Item::new(
            "anti-ro52",
            Category::Prognosis,
            "Anti-Ro52 co-positivity",
            &r.source,
        );
        it.day = f.time.anchor_day();
        it.inputs = vec![f.id.clone()];
        it.value = Some(Value::Text(
            if pos { "positive" } else { "negative" }.into(),
        ));
        it.interpretation = if pos {
            r.meaning.clone()
        } else {
            "anti-Ro52 negative".into()
        };
        it.limitations.extend(r.caveat());
        out.push(it);
    }
    out
}
