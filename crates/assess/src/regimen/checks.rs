//! Dose checks against usual ranges, Pneumocystis prophylaxis under
//! high-dose glucocorticoids, and interactions among drugs in force
//! together. Ranges and pairs: `data/assess/drugs.toml` (mostly recalled,
//! status R: configurable and said so); PJP rule: Limper AH, et al. Am J
//! Respir Crit Care Med 2011 (`glucocorticoids.toml`).

use casecourse_model::{Kind, MedicationEpisode, Value};

use crate::knowledge::{Knowledge, contains};
use crate::physiology::round;
use crate::regimen::episodes::{in_force, is_prior};
use crate::{Category, CourseView, Item, Severity, Status, SteroidSegment};

const RECALLED: &str = "usual range recalled, not verified against the current label (status R; configurable in data/assess/drugs.toml)";

/// Stated doses compared with the usual range: daily dose (dose ×
/// administrations per day), the usual number of doses a day, and IVIG in
/// g/kg per course where weight is known.
pub fn dose_checks(view: &CourseView, kb: &Knowledge) -> Vec<Item> {
    let mut out = Vec::new();
    let weight = view.first_number("weight");
    for f in view
        .course
        .facts
        .iter()
        .filter(|f| f.kind == Kind::Medication && !f.negated && !is_prior(f))
    {
        let Some(r) = kb.drugs.range(&f.name) else {
            continue;
        };
        let Some(d) = &f.dosage else { continue };
        let Some(dose) = d.dose.filter(|x| *x >= 0.0) else {
            continue;
        };
        let mut it = Item::new(
            "dose-check",
            Category::Regimen,
            &format!("Dose check: {}", f.name),
            &r.source,
        );
        it.day = f.time.anchor_day();
        it.inputs = vec![f.id.clone()];
        if r.status == "R" {
            it.limitations.push(RECALLED.into());
        }
        it.limitations.extend(r.note.clone());
        it.limitations
            .push("a plausibility check of the stated dose, not a recommendation".into());
        let per_day = match d.frequency.as_deref().and_then(|c| kb.drugs.per_day(c)) {
            Some(n) => n,
            None => {
                it.assumptions
                    .push("no frequency stated: once daily assumed".into());
                1.0
            }
        };
        let unit = d.unit.clone().unwrap_or_else(|| "mg".into());
        if r.per_kg {
            let days = d.duration_days.unwrap_or(1.0);
            if d.duration_days.is_none() {
                it.assumptions
                    .push("course length not stated: one day counted".into());
            }
            let grams = match unit.as_str() {
                "g" => dose,
                "mg" => dose / 1000.0,
                _ => {
                    out.push(it.not_computable(&["a dose in g or mg"]));
                    continue;
                }
            };
            let total = grams * per_day * days;
            match weight {
                Some((wf, w)) => {
                    let per_kg = total / w;
                    it.inputs.push(wf.id.clone());
                    it.value = Some(Value::Number(round(per_kg, 2)));
                    it.unit = Some("g/kg".into());
                    it.interpretation = format!(
                        "{total} g per course = {per_kg:.2} g/kg; {}",
                        verdict(per_kg, r.course_min, r.course_max, "g/kg per course")
                    );
                }
                None => {
                    it = it.not_computable(&["body weight"]);
                    it.inputs = vec![f.id.clone()];
                    it.interpretation =
                        format!("{total} g per course; g/kg cannot compute: body weight missing");
                }
            }
            out.push(it);
            continue;
        }
        let amount = match (unit.as_str(), r.unit.as_str()) {
            (a, b) if a == b => dose,
            ("g", "mg") => dose * 1000.0,
            ("mg", "g") => dose / 1000.0,
            _ => {
                out.push(it.not_computable(&[&format!("a dose in {}", r.unit)]));
                continue;
            }
        };
        let daily = amount * per_day;
        it.value = Some(Value::Number(round(daily, 2)));
        it.unit = Some(format!("{}/d", r.unit));
        let mut text = format!(
            "{daily} {}/day; {}",
            r.unit,
            verdict(daily, r.daily_min, r.daily_max, &format!("{}/day", r.unit))
        );
        if let Some(usual) = r
            .usual_doses_per_day
            .filter(|u| (per_day - *u as f64).abs() > 0.01)
        {
            text.push_str(&format!(
                "; given {} a day where {usual} divided doses are usual (flagged, not corrected)",
                d.frequency.clone().unwrap_or_else(|| "once".into())
            ));
            it.severity = Some(Severity::Caution);
        }
        it.interpretation = text;
        out.push(it);
    }
    out
}

fn verdict(v: f64, min: Option<f64>, max: Option<f64>, unit: &str) -> String {
    match (min, max) {
        (Some(lo), _) if v < lo => format!("below the usual {lo} {unit}"),
        (_, Some(hi)) if v > hi => format!("above the usual {hi} {unit}"),
        (Some(lo), Some(hi)) => format!("within the usual {lo}-{hi} {unit}"),
        _ => "no usual range".into(),
    }
}

/// Pneumocystis prophylaxis: expected when the prednisone-equivalent dose is
/// at or above the threshold for at least the stated number of consecutive
/// days, or with cyclophosphamide or rituximab; says whether prophylaxis is
/// documented.
pub fn pjp(kb: &Knowledge, series: &[SteroidSegment], episodes: &[MedicationEpisode]) -> Vec<Item> {
    let rule = &kb.glucocorticoids.pjp;
    let mut window: Option<(f64, f64)> = None;
    let mut run: Option<(f64, f64)> = None;
    let mut inputs = Vec::new();
    for s in series {
        let d = s.daily_mg.unwrap_or(0.0);
        if d >= rule.min_daily_mg {
            run = Some(match run {
                Some((a, b)) if (b - s.start_day).abs() < 0.5 => (a, s.end_day),
                _ => (s.start_day, s.end_day),
            });
            inputs.extend(s.inputs.iter().cloned());
            if let Some((a, b)) = run {
                if b - a >= rule.min_days && window.is_none() {
                    window = Some((a, b));
                }
                if let Some(w) = window.as_mut().filter(|w| (w.0 - a).abs() < 0.5) {
                    w.1 = b;
                }
            }
        } else {
            run = None;
        }
    }
    let trigger_drugs: Vec<&MedicationEpisode> = episodes
        .iter()
        .filter(|e| !e.prior && contains(&rule.independent_of_dose, &e.drug))
        .collect();
    if window.is_none() && trigger_drugs.is_empty() {
        return Vec::new();
    }
    let mut it = Item::new(
        "pjp-prophylaxis",
        Category::Regimen,
        "Pneumocystis prophylaxis",
        &rule.source,
    );
    let start = window.map(|w| w.0).or_else(|| {
        trigger_drugs
            .iter()
            .filter_map(|e| e.start_day)
            .reduce(f64::min)
    });
    it.day = start;
    inputs.extend(
        trigger_drugs
            .iter()
            .flat_map(|e| e.fact_ids.iter().cloned()),
    );
    let mut why = Vec::new();
    if let Some((a, b)) = window {
        why.push(format!(
            "prednisone equivalent >= {} mg/day for {:.0} days (day {a:.0} to {b:.0}, central estimate)",
            rule.min_daily_mg,
            b - a
        ));
    }
    for e in &trigger_drugs {
        why.push(format!("{} given", e.drug));
    }
    let proph: Vec<&MedicationEpisode> = episodes
        .iter()
        .filter(|e| !e.prior && contains(&rule.prophylaxis, &e.drug))
        .filter(|e| {
            start.is_none_or(|s| in_force(e, s) || e.start_day.is_some_and(|d| d <= s + 7.0))
        })
        .collect();
    if proph.is_empty() {
        it.value = Some(Value::Text("expected, not documented".into()));
        it.severity = Some(Severity::Caution);
        it.interpretation = format!(
            "prophylaxis expected ({}) but none is documented in the text",
            why.join("; ")
        );
    } else {
        it.value = Some(Value::Text("expected, documented".into()));
        let names: Vec<String> = proph.iter().map(|e| e.drug.clone()).collect();
        it.interpretation = format!(
            "prophylaxis expected ({}); documented: {}",
            why.join("; "),
            names.join(", ")
        );
        for e in &proph {
            inputs.extend(e.fact_ids.iter().cloned());
            if e.end_day.is_none() {
                it.assumptions
                    .push(format!("{}: no stop stated, taken as continuing", e.drug));
            }
            if let Some(note) = kb
                .glucocorticoids
                .pjp_unusual
                .value
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(&e.drug))
                .map(|(_, v)| v)
            {
                it.limitations.push(note.clone());
                it.severity = Some(Severity::Info);
            }
        }
    }
    inputs.sort();
    inputs.dedup();
    it.inputs = inputs;
    it.status = Status::Computed;
    vec![it]
}

/// Known interactions between drugs whose episodes overlap in time.
pub fn interactions(kb: &Knowledge, episodes: &[MedicationEpisode]) -> Vec<Item> {
    let mut out = Vec::new();
    let current: Vec<&MedicationEpisode> = episodes.iter().filter(|e| !e.prior).collect();
    for ix in &kb.drugs.interaction {
        let a: Vec<&&MedicationEpisode> = current
            .iter()
            .filter(|e| e.drug.eq_ignore_ascii_case(&ix.drugs[0]))
            .collect();
        let b: Vec<&&MedicationEpisode> = current
            .iter()
            .filter(|e| e.drug.eq_ignore_ascii_case(&ix.drugs[1]))
            .collect();
        let overlap = a
            .iter()
            .flat_map(|x| b.iter().map(move |y| (x, y)))
            .find_map(|(x, y)| {
                let s = x.start_day?.max(y.start_day?);
                let e = x
                    .end_day
                    .unwrap_or(f64::INFINITY)
                    .min(y.end_day.unwrap_or(f64::INFINITY));
                (s < e).then_some((s, x, y))
            });
        let Some((day, x, y)) = overlap else { continue };
        let mut it = Item::new(
            "interaction",
            Category::Regimen,
            &format!("Interaction: {} + {}", ix.drugs[0], ix.drugs[1]),
            &ix.source,
        );
        it.day = Some(day);
        it.value = Some(Value::Text(ix.effect.clone()));
        it.interpretation = format!("{}: {}", ix.mechanism, ix.effect);
        it.inputs = x
            .fact_ids
            .iter()
            .chain(y.fact_ids.iter())
            .cloned()
            .collect();
        it.severity = Some(Severity::Info);
        if ix.status == "R" {
            it.limitations.push(
                "interaction recalled, not verified against the labels (status R; configurable in data/assess/drugs.toml)".into(),
            );
        }
        out.push(it);
    }
    out
}
