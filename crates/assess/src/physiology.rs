//! Respiratory physiology: PaO2/FiO2 and SpO2/FiO2 with their ARDS bands,
//! the ROX index, the alveolar–arterial O2 gradient, hypoxaemia, and FiO2
//! estimated from nasal-cannula flow.
//!
//! Only concurrent values are combined: FiO2 is the one in force at the
//! moment of the blood gas or saturation ([`CourseView::fio2_at`]).
//! Constants and cut-offs are in `data/assess/physiology.toml`.

use casecourse_model::{Fact, Kind, Value};

use crate::facts::{estimate_low_flow, is_high_flow, same_moment};
use crate::knowledge::{AlveolarGas, Bands, Knowledge, Linear, Rox, SfBands};
use crate::{Category, CourseView, Item, Status};

/// Rounds to `d` decimals for display.
pub fn round(v: f64, d: i32) -> f64 {
    let p = 10f64.powi(d);
    (v * p).round() / p
}

/// Alveolar PO2 by the simplified alveolar gas equation (West, Respiratory
/// Physiology): PAO2 = FiO2 × (PB − PH2O) − PaCO2 / R.
pub fn alveolar_po2(fio2: f64, paco2: f64, g: &AlveolarGas) -> f64 {
    fio2 * (g.barometric_mmhg - g.water_vapour_mmhg) - paco2 / g.respiratory_quotient
}

/// Age-expected A–a gradient on room air: age/4 + 4 mmHg (bedside rule,
/// physiology.toml).
pub fn aa_expected(age: f64, l: &Linear) -> f64 {
    l.per_year * age + l.intercept
}

/// PaO2/FiO2 in mmHg.
pub fn pf_ratio(pao2: f64, fio2: f64) -> f64 {
    pao2 / fio2
}

/// Berlin band of a P/F ratio (ARDS Definition Task Force, JAMA 2012):
/// severe ≤ 100, moderate ≤ 200, mild ≤ 300 (with PEEP/CPAP ≥ 5 cmH2O).
pub fn berlin_band(pf: f64, b: &Bands) -> &'static str {
    if pf <= b.severe_max {
        "severe band (P/F <= 100)"
    } else if pf <= b.moderate_max {
        "moderate band (100 < P/F <= 200)"
    } else if pf <= b.mild_max {
        "mild band (200 < P/F <= 300)"
    } else {
        "above the ARDS range (P/F > 300)"
    }
}

/// SpO2 (%) / FiO2 (fraction).
pub fn sf_ratio(spo2: f64, fio2: f64) -> f64 {
    spo2 / fio2
}

/// Global-definition S/F band (Matthay MA, et al. Am J Respir Crit Care Med
/// 2024): severe ≤ 148, moderate ≤ 235, mild ≤ 315.
pub fn sf_band(sf: f64, b: &SfBands) -> &'static str {
    if sf <= b.severe_max {
        "severe band (S/F <= 148)"
    } else if sf <= b.moderate_max {
        "moderate band (148 < S/F <= 235)"
    } else if sf <= b.mild_max {
        "mild band (235 < S/F <= 315)"
    } else {
        "above the ARDS range (S/F > 315)"
    }
}

/// ROX index = (SpO2 / FiO2) / respiratory rate (Roca O, et al. Am J Respir
/// Crit Care Med 2019).
pub fn rox(spo2: f64, fio2: f64, rr: f64) -> f64 {
    spo2 / fio2 / rr
}

/// What a ROX value means against Roca 2019's thresholds.
pub fn rox_reading(v: f64, t: &Rox) -> String {
    if v >= t.success_min {
        format!(
            ">= {}: associated with HFNC success (lower intubation risk) at 2, 6 or 12 h",
            t.success_min
        )
    } else if v < t.failure_below_2h {
        format!(
            "< {} (2 h), < {} (6 h) and < {} (12 h) failure thresholds: high risk of HFNC failure",
            t.failure_below_2h, t.failure_below_6h, t.failure_below_12h
        )
    } else if v < t.failure_below_6h {
        format!(
            "below the 6 h (< {}) and 12 h (< {}) failure thresholds",
            t.failure_below_6h, t.failure_below_12h
        )
    } else if v < t.failure_below_12h {
        format!(
            "below the 12 h failure threshold (< {}); between failure and success zones at 2-6 h",
            t.failure_below_12h
        )
    } else {
        format!(
            "between the failure thresholds and the success threshold ({})",
            t.success_min
        )
    }
}

fn ids(facts: &[&Fact]) -> Vec<String> {
    facts.iter().map(|f| f.id.clone()).collect()
}

/// Every physiology item the course allows.
pub fn assess(view: &CourseView, kb: &Knowledge) -> Vec<Item> {
    let mut out = Vec::new();
    blood_gases(view, kb, &mut out);
    saturations(view, kb, &mut out);
    fio2_estimates(view, kb, &mut out);
    out
}

fn blood_gases(view: &CourseView, kb: &Knowledge, out: &mut Vec<Item>) {
    let ph = &kb.physiology;
    let g = &ph.alveolar_gas;
    for (pao2_f, pao2) in view.numbers("pao2") {
        let day = pao2_f.time.anchor_day();
        let fio2 = view.fio2_at(pao2_f);
        // Hypoxaemia.
        let mut hyp = Item::new(
            "hypoxaemia",
            Category::Physiology,
            "Hypoxaemia (PaO2)",
            &ph.hypoxaemia.source,
        );
        hyp.day = day;
        hyp.inputs = vec![pao2_f.id.clone()];
        hyp.value = Some(Value::Number(pao2));
        hyp.unit = Some("mm[Hg]".into());
        let paco2 = view.concurrent_number("paco2", pao2_f);
        hyp.interpretation = if pao2 < ph.hypoxaemia.pao2_below {
            match paco2 {
                Some((f, c)) if c <= kb.acid_base.normal.paco2_high => {
                    hyp.inputs.push(f.id.clone());
                    format!(
                        "hypoxaemic: PaO2 {pao2} < {} mmHg with PaCO2 {c} not raised (type 1 pattern)",
                        ph.hypoxaemia.pao2_below
                    )
                }
                Some((f, c)) => {
                    hyp.inputs.push(f.id.clone());
                    format!(
                        "hypoxaemic and hypercapnic: PaO2 {pao2}, PaCO2 {c} mmHg (type 2 pattern)"
                    )
                }
                None => format!(
                    "hypoxaemic: PaO2 {pao2} < {} mmHg",
                    ph.hypoxaemia.pao2_below
                ),
            }
        } else {
            format!("PaO2 {pao2} mmHg is not below {}", ph.hypoxaemia.pao2_below)
        };
        hyp.limitations.extend(ph.hypoxaemia.caveat());
        out.push(hyp);

        // P/F ratio.
        let mut pf = Item::new(
            "pf-ratio",
            Category::Physiology,
            "PaO2/FiO2 ratio",
            &ph.pf.source,
        );
        pf.day = day;
        pf.unit = Some("mm[Hg]".into());
        pf.inputs = vec![pao2_f.id.clone()];
        match &fio2 {
            Some(fi) => {
                let v = pf_ratio(pao2, fi.value);
                pf.value = Some(Value::Number(round(v, 0)));
                pf.inputs.extend(fi.inputs.clone());
                pf.assumptions.extend(fi.assumptions.clone());
                pf.interpretation = format!(
                    "{} of the Berlin definition; this is a ratio, not a diagnosis of ARDS",
                    berlin_band(v, &ph.pf)
                );
                pf.limitations.push(
                    "Berlin bands apply with PEEP or CPAP >= 5 cmH2O and bilateral opacities not explained by cardiac failure".into(),
                );
            }
            None => pf = pf.not_computable(&["FiO2 at the time of the blood gas"]),
        }
        out.push(pf);

        // A–a gradient.
        let mut aa = Item::new(
            "aa-gradient",
            Category::Physiology,
            "Alveolar-arterial O2 gradient",
            &format!("{}; {}", g.source, ph.aa_expected.source),
        );
        aa.day = day;
        aa.unit = Some("mm[Hg]".into());
        aa.inputs = vec![pao2_f.id.clone()];
        match (&fio2, paco2) {
            (Some(fi), Some((paco2_f, paco2))) => {
                let alv = alveolar_po2(fi.value, paco2, g);
                let v = alv - pao2;
                aa.value = Some(Value::Number(round(v, 1)));
                aa.inputs.push(paco2_f.id.clone());
                aa.inputs.extend(fi.inputs.clone());
                aa.assumptions.extend(fi.assumptions.clone());
                aa.assumptions.push(format!(
                    "sea-level barometric pressure {} mmHg, water vapour {} mmHg, respiratory quotient {}",
                    g.barometric_mmhg, g.water_vapour_mmhg, g.respiratory_quotient
                ));
                let mut text = format!(
                    "PAO2 = {} x ({} - {}) - {} / {} = {:.1} mmHg; gradient {:.1} mmHg",
                    fi.value,
                    g.barometric_mmhg,
                    g.water_vapour_mmhg,
                    paco2,
                    g.respiratory_quotient,
                    alv,
                    v
                );
                match view.age() {
                    Some((age_f, age)) => {
                        let e = aa_expected(age, &ph.aa_expected);
                        aa.inputs.push(age_f.id.clone());
                        let verdict = if v > e { "raised: above" } else { "within" };
                        text.push_str(&format!(
                            "; {verdict} the age-expected value of about {e:.1} mmHg for age {age} (room air)"
                        ));
                        if (fi.value - g.room_air_fio2).abs() > 1e-9 {
                            aa.limitations.push(
                                "age norms apply on room air; the gradient rises with FiO2".into(),
                            );
                        }
                    }
                    None => aa
                        .missing
                        .push("age (for the age-expected gradient)".into()),
                }
                aa.interpretation = text;
            }
            (None, Some(_)) => aa = aa.not_computable(&["FiO2 at the time of the blood gas"]),
            (_, None) => aa = aa.not_computable(&["PaCO2 from the same blood gas"]),
        }
        out.push(aa);
    }
}

fn saturations(view: &CourseView, kb: &Knowledge, out: &mut Vec<Item>) {
    let ph = &kb.physiology;
    let mut rox_done = false;
    for (spo2_f, spo2) in view.numbers("spo2") {
        let day = spo2_f.time.anchor_day();
        let Some(fi) = view.fio2_at(spo2_f) else {
            let mut sf = Item::new(
                "sf-ratio",
                Category::Physiology,
                "SpO2/FiO2 ratio",
                &ph.sf.source,
            )
            .not_computable(&["FiO2 of the oxygen in use (high flow without a stated FiO2)"]);
            sf.day = day;
            sf.inputs = vec![spo2_f.id.clone()];
            out.push(sf);
            continue;
        };
        let mut sf = Item::new(
            "sf-ratio",
            Category::Physiology,
            "SpO2/FiO2 ratio",
            &ph.sf.source,
        );
        sf.day = day;
        let v = sf_ratio(spo2, fi.value);
        sf.value = Some(Value::Number(round(v, 0)));
        sf.inputs = vec![spo2_f.id.clone()];
        sf.inputs.extend(fi.inputs.clone());
        sf.assumptions.extend(fi.assumptions.clone());
        if spo2 > ph.sf.valid_max_spo2 {
            sf.interpretation = format!(
                "SpO2 {spo2}% is above {}%: on the flat top of the dissociation curve the S/F ratio does not grade oxygenation",
                ph.sf.valid_max_spo2
            );
            sf.limitations
                .push("S/F is valid only when SpO2 <= 97%".into());
        } else {
            sf.interpretation = format!(
                "{} of the 2024 global ARDS definition; S/F 235 ~ P/F 200 and 315 ~ P/F 300 (Rice 2007); a ratio, not a diagnosis",
                sf_band(v, &ph.sf)
            );
        }
        out.push(sf);

        // ROX only on high-flow nasal oxygen with a stated FiO2.
        if fi.high_flow && fi.assumptions.is_empty() {
            let mut r = Item::new("rox", Category::Physiology, "ROX index", &ph.rox.source);
            r.day = day;
            match view.concurrent_number("respiratory_rate", spo2_f) {
                Some((rr_f, rr)) if rr > 0.0 => {
                    let v = rox(spo2, fi.value, rr);
                    r.value = Some(Value::Number(round(v, 2)));
                    r.inputs = vec![spo2_f.id.clone(), rr_f.id.clone()];
                    r.inputs.extend(fi.inputs.clone());
                    r.interpretation = rox_reading(v, &ph.rox);
                    r.limitations.push(
                        "validated at 2, 6 and 12 h of HFNC in pneumonia; the time on HFNC is not known here".into(),
                    );
                }
                _ => {
                    r = r.not_computable(&["respiratory rate at the same moment"]);
                    r.inputs = vec![spo2_f.id.clone()];
                }
            }
            out.push(r);
            rox_done = true;
        }
    }
    // A course with high-flow oxygen but no saturation on it: say why the
    // ROX index is absent instead of dividing room-air values.
    if !rox_done {
        let hfnc: Vec<&Fact> = view
            .course
            .facts
            .iter()
            .filter(|f| f.kind == Kind::Oxygen && !f.negated && is_high_flow(f))
            .collect();
        if let Some(o) = hfnc.first() {
            let mut r = Item::new("rox", Category::Physiology, "ROX index", &ph.rox.source)
                .not_computable(&["SpO2 and respiratory rate measured on high-flow oxygen"]);
            r.day = o.time.anchor_day();
            r.inputs = ids(&hfnc);
            let room_air: Vec<&Fact> = view
                .numbers("spo2")
                .into_iter()
                .map(|(f, _)| f)
                .filter(|f| same_moment(f, o))
                .collect();
            if !room_air.is_empty() {
                r.limitations.push(format!(
                    "the saturation in {} was measured before high-flow oxygen and is not combined with its FiO2; ROX is not defined on room air",
                    ids(&room_air).join(", ")
                ));
            }
            out.push(r);
        }
    }
}

fn fio2_estimates(view: &CourseView, kb: &Knowledge, out: &mut Vec<Item>) {
    let ph = &kb.physiology;
    for f in view
        .course
        .facts
        .iter()
        .filter(|f| f.kind == Kind::Oxygen && !f.negated)
    {
        let Some(o2) = &f.oxygen else { continue };
        if o2.fio2.is_some() {
            continue;
        }
        let Some(flow) = o2.flow else { continue };
        let mut it = Item::new(
            "fio2-estimate",
            Category::Physiology,
            "FiO2 estimated from oxygen flow",
            &ph.nasal_cannula.source,
        );
        it.day = f.time.anchor_day();
        it.inputs = vec![f.id.clone()];
        match estimate_low_flow(kb, f, flow) {
            Some((v, why)) => {
                it.value = Some(Value::Number(round(v, 2)));
                it.assumptions = why;
                it.interpretation = format!(
                    "about {:.0}% inspired oxygen at {flow} L/min (estimate)",
                    v * 100.0
                );
            }
            None => {
                it = it.not_computable(&["FiO2 set on the device (high flow or > 6 L/min)"]);
                it.inputs = vec![f.id.clone()];
                it.status = Status::NotComputable;
            }
        }
        out.push(it);
    }
}
