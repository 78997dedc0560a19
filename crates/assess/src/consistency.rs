//! Consistency: values that cannot be right (input checks), and places
//! where the text's own reading disagrees with its numbers: an acid–base
//! label the blood gas does not support (Berend K, et al. N Engl J Med
//! 2014), an SpO2 and a PaO2 of one moment that the oxygen–haemoglobin
//! dissociation curve cannot reconcile (Severinghaus JW. J Appl Physiol
//! 1979), a value called normal outside its stated range, and a caption
//! that contradicts the main text.

use casecourse_model::{Fact, Flag, Kind, Origin, Value};

use crate::facts::same_moment;
use crate::knowledge::{Knowledge, Severinghaus};
use crate::physiology::round;
use crate::{Category, CourseView, Item, Severity};

/// SaO2 (%) from PO2 (mmHg) by Severinghaus 1979:
/// S = 100 / (23400 / (PO2³ + 150 PO2) + 1).
pub fn saturation_from_po2(po2: f64, s: &Severinghaus) -> f64 {
    100.0 / (s.a / (po2.powi(3) + s.b * po2) + 1.0)
}

fn flagged(f: &Fact, what: String, source: &str) -> Item {
    let mut it = Item::new("implausible-value", Category::InputCheck, &f.name, source);
    it.day = f.time.anchor_day();
    it.inputs = vec![f.id.clone()];
    it.severity = Some(Severity::Error);
    it.status = crate::Status::NotComputable;
    it.value = f.value.clone();
    it.unit = f.unit.clone();
    it.interpretation = format!("{what}: not used in any calculation");
    it
}

/// Values that cannot be right: outside the plausible limits of their role
/// (pH 17), negative doses, negative measurements, FiO2 outside 0.21–1.
pub fn input_checks(view: &CourseView, kb: &Knowledge) -> Vec<Item> {
    let src = &kb.names.plausible.source;
    let mut out = Vec::new();
    for (role, [lo, hi]) in &kb.names.plausible.value {
        for f in view.find(role) {
            if let Some(v) = f.number().filter(|v| !view.plausible(role, *v)) {
                out.push(flagged(
                    f,
                    format!("{} {v} is outside the possible range {lo}-{hi}", f.name),
                    src,
                ));
            }
        }
    }
    for f in &view.course.facts {
        let known = out.iter().any(|i| i.inputs.first() == Some(&f.id));
        if let Some(d) = f
            .dosage
            .as_ref()
            .and_then(|d| d.dose)
            .filter(|d| *d < 0.0 || !d.is_finite())
        {
            out.push(flagged(f, format!("{} dose {d} is negative", f.name), src));
        }
        if matches!(f.kind, Kind::Lab | Kind::Vital | Kind::Pft)
            && !known
            && f.number().is_some_and(|v| v < 0.0 || !v.is_finite())
        {
            out.push(flagged(
                f,
                format!(
                    "{} {:?} is negative",
                    f.name,
                    f.number().unwrap_or_default()
                ),
                src,
            ));
        }
        if let Some(fi) = f
            .oxygen
            .as_ref()
            .and_then(|o| o.fio2)
            .filter(|v| !view.plausible("fio2", *v))
        {
            let hint = if fi > 1.0 && fi <= 100.0 {
                format!(" (it looks like a percentage: {}?)", fi / 100.0)
            } else {
                String::new()
            };
            out.push(flagged(
                f,
                format!("FiO2 {fi} is outside 0.21-1.0{hint}"),
                src,
            ));
        }
    }
    out
}

/// Where the text disagrees with its numbers; `items` are the results so
/// far (the calculated bicarbonate is used for metabolic labels).
pub fn assess(view: &CourseView, kb: &Knowledge, items: &[Item]) -> Vec<Item> {
    let mut out = Vec::new();
    acid_base_wording(view, kb, items, &mut out);
    saturation_vs_pao2(view, kb, &mut out);
    normal_outside_range(view, &mut out);
    captions(view, &mut out);
    out
}

fn acid_base_wording(view: &CourseView, kb: &Knowledge, items: &[Item], out: &mut Vec<Item>) {
    let ab = &kb.acid_base;
    let n = &ab.normal;
    for (label, [measure, direction]) in &ab.readings.value {
        let stated: Vec<&Fact> = view
            .course
            .facts
            .iter()
            .filter(|f| {
                f.kind == Kind::Diagnosis && !f.negated && f.name.eq_ignore_ascii_case(label)
            })
            .collect();
        for d in stated {
            let value = match measure.as_str() {
                "paco2" => view
                    .concurrent_number("paco2", d)
                    .map(|(f, v)| (vec![f.id.clone()], v, false)),
                _ => view
                    .concurrent_number("hco3", d)
                    .map(|(f, v)| (vec![f.id.clone()], v, false))
                    .or_else(|| {
                        items
                            .iter()
                            .find(|i| i.code == "hco3-calculated" && i.day == d.time.anchor_day())
                            .and_then(|i| i.number().map(|v| (i.inputs.clone(), v, true)))
                    }),
            };
            let Some((inputs, v, calculated)) = value else {
                continue;
            };
            let (lo, hi, name) = if measure == "paco2" {
                (n.paco2_low, n.paco2_high, "PaCO2")
            } else {
                (n.hco3_low, n.hco3_high, "HCO3")
            };
            let holds = if direction == "low" { v < lo } else { v > hi };
            if holds {
                continue;
            }
            let mut it = Item::new(
                "acid-base-wording",
                Category::Consistency,
                "Stated acid-base reading vs blood gas",
                &ab.readings.source,
            );
            it.day = d.time.anchor_day();
            it.inputs = vec![d.id.clone()];
            it.inputs.extend(inputs);
            it.severity = Some(Severity::Caution);
            it.value = Some(Value::Text(format!("'{label}' not supported")));
            let reading = items
                .iter()
                .find(|i| i.code == "acid-base" && i.day == d.time.anchor_day())
                .and_then(|i| i.text().map(str::to_string));
            it.interpretation = format!(
                "the text says '{label}' but {name} {v}{} is {} (normal {lo}-{hi}); '{label}' needs {name} {} {}{}",
                if calculated { " (calculated)" } else { "" },
                if v < lo {
                    "low"
                } else if v > hi {
                    "high"
                } else {
                    "normal"
                },
                if direction == "low" { "<" } else { ">" },
                if direction == "low" { lo } else { hi },
                reading
                    .map(|r| format!("; the values read as {r}"))
                    .unwrap_or_default()
            );
            out.push(it);
        }
    }
}

fn saturation_vs_pao2(view: &CourseView, kb: &Knowledge, out: &mut Vec<Item>) {
    let s = &kb.names.severinghaus;
    for (pf, pao2) in view.numbers("pao2") {
        let Some((sf, spo2)) = view.concurrent_number("spo2", pf) else {
            continue;
        };
        let expected = saturation_from_po2(pao2, s);
        if (expected - spo2).abs() <= s.tolerance {
            continue;
        }
        let mut it = Item::new(
            "spo2-pao2-mismatch",
            Category::Consistency,
            "SpO2 vs PaO2 of the same moment",
            &s.source,
        );
        it.day = pf.time.anchor_day();
        it.inputs = vec![sf.id.clone(), pf.id.clone()];
        it.severity = Some(Severity::Caution);
        it.value = Some(Value::Number(round(expected, 1)));
        it.unit = Some("%".into());
        it.interpretation = format!(
            "PaO2 {pao2} mmHg corresponds to a saturation of about {expected:.0}% on the standard dissociation curve, but SpO2 is {spo2}%: the two cannot both hold at one moment (they may be from different times, or one is misreported)"
        );
        it.limitations.push(format!(
            "standard curve (pH 7.4, 37 degC); allowance {} points for oximeter error and curve shifts",
            s.tolerance
        ));
        it.limitations.extend(s.caveat());
        out.push(it);
    }
}

fn normal_outside_range(view: &CourseView, out: &mut Vec<Item>) {
    for f in &view.course.facts {
        let (Some(v), Some(r), Some(flag)) = (f.number(), &f.reference_range, f.flag) else {
            continue;
        };
        let below = r.low.is_some_and(|l| v < l);
        let above = r.high.is_some_and(|h| v > h);
        let contradiction = match flag {
            Flag::Normal => below || above,
            Flag::High => !above,
            Flag::Low => !below,
            Flag::Abnormal => false,
        };
        if !contradiction {
            continue;
        }
        let mut it = Item::new(
            "flag-contradicts-range",
            Category::Consistency,
            &format!("{} called {flag:?} vs its range", f.name),
            &r.source,
        );
        it.day = f.time.anchor_day();
        it.inputs = vec![f.id.clone()];
        it.severity = Some(Severity::Caution);
        it.value = f.value.clone();
        it.unit = f.unit.clone();
        it.interpretation = format!(
            "{} {v} is called {} but the range is {}-{} {} ({})",
            f.name,
            format!("{flag:?}").to_lowercase(),
            r.low.map(|x| x.to_string()).unwrap_or_default(),
            r.high.map(|x| x.to_string()).unwrap_or_default(),
            r.unit,
            r.source
        );
        out.push(it);
    }
}

fn captions(view: &CourseView, out: &mut Vec<Item>) {
    let facts = &view.course.facts;
    for c in facts
        .iter()
        .filter(|f| f.origin == Origin::Caption && f.kind == Kind::Medication)
    {
        let Some(cd) = c.dosage.as_ref().and_then(|d| d.dose) else {
            continue;
        };
        for b in facts.iter().filter(|f| {
            f.origin == Origin::Body
                && f.kind == Kind::Medication
                && f.name.eq_ignore_ascii_case(&c.name)
                && same_moment(f, c)
        }) {
            let Some(bd) = b.dosage.as_ref().and_then(|d| d.dose) else {
                continue;
            };
            if (bd - cd).abs() < 1e-9 {
                continue;
            }
            let mut it = Item::new(
                "caption-contradicts-text",
                Category::Consistency,
                &format!("{} dose: caption vs main text", c.name),
                "descriptive: the main text wins over a caption (casecourse model convention)",
            );
            it.day = c.time.anchor_day();
            it.inputs = vec![b.id.clone(), c.id.clone()];
            it.severity = Some(Severity::Caution);
            it.value = Some(Value::Number(bd));
            it.interpretation = format!(
                "the main text gives {} {bd} ({}), a caption {cd} ({}); the main text is used",
                c.name, b.id, c.id
            );
            out.push(it);
        }
    }
}
