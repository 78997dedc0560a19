//! Acid–base reading from pH, PaCO2 and bicarbonate.
//!
//! Bicarbonate is calculated by Henderson–Hasselbalch when not measured
//! (and marked as calculated); the primary disorder and its expected
//! compensation follow Berend K, et al. N Engl J Med 2014;371:1434-1445
//! (Winter's formula: Albert, Dell & Winters, Ann Intern Med 1967).
//! Numbers are in `data/assess/acid_base.toml`.

use casecourse_model::Value;

use crate::knowledge::{AcidBase, HendersonHasselbalch, Knowledge};
use crate::physiology::round;
use crate::{Category, CourseView, Item};

/// HCO3 (mmol/L) = s × PaCO2 × 10^(pH − pK) (Henderson–Hasselbalch).
pub fn bicarbonate(ph: f64, paco2: f64, hh: &HendersonHasselbalch) -> f64 {
    hh.co2_solubility * paco2 * 10f64.powf(ph - hh.pk)
}

/// The reading of one blood gas.
#[derive(Debug, Clone, PartialEq)]
pub struct Reading {
    /// Primary disorder(s), or "no acid-base disorder shown".
    pub primary: String,
    /// Expected compensation and whether it fits.
    pub compensation: Option<String>,
}

/// Reads pH, PaCO2 (mmHg) and HCO3 (mmol/L) by the usual stepwise rules.
pub fn read(ph: f64, paco2: f64, hco3: f64, ab: &AcidBase) -> Reading {
    let n = &ab.normal;
    let r = &ab.respiratory;
    let fits = |measured: f64, expected: f64, tol: f64, low_extra: &str, high_extra: &str| {
        if measured > expected + tol {
            format!("measured {measured} is above it: {high_extra}")
        } else if measured < expected - tol {
            format!("measured {measured} is below it: {low_extra}")
        } else {
            format!("measured {measured} fits: appropriately compensated")
        }
    };
    if ph > n.ph_high {
        let resp = paco2 < n.paco2_low;
        let met = hco3 > n.hco3_high;
        match (resp, met) {
            (true, true) => Reading {
                primary: "mixed respiratory and metabolic alkalosis".into(),
                compensation: None,
            },
            (false, true) => {
                let c = &ab.metabolic_alkalosis;
                let e = c.slope * hco3 + c.intercept;
                Reading {
                    primary: "metabolic alkalosis".into(),
                    compensation: Some(format!(
                        "expected PaCO2 {} x {:.1} + {} = {:.1} +/- {} mmHg; {}",
                        c.slope,
                        hco3,
                        c.intercept,
                        e,
                        c.tolerance,
                        fits(
                            paco2,
                            e,
                            c.tolerance,
                            "additional respiratory alkalosis",
                            "additional respiratory acidosis"
                        )
                    )),
                }
            }
            (true, false) => {
                let d = r.paco2_ref - paco2;
                Reading {
                    primary: "respiratory alkalosis".into(),
                    compensation: Some(format!(
                        "expected HCO3 {:.1} (acute) to {:.1} (chronic) mmol/L; measured {hco3:.1}",
                        r.hco3_ref - r.acute_alkalosis * d,
                        r.hco3_ref - r.chronic_alkalosis * d
                    )),
                }
            }
            (false, false) => Reading {
                primary: "alkalaemia without a primary disorder shown by PaCO2 or HCO3".into(),
                compensation: None,
            },
        }
    } else if ph < n.ph_low {
        let resp = paco2 > n.paco2_high;
        let met = hco3 < n.hco3_low;
        match (resp, met) {
            (true, true) => Reading {
                primary: "mixed respiratory and metabolic acidosis".into(),
                compensation: None,
            },
            (false, true) => {
                let c = &ab.winter;
                let e = c.slope * hco3 + c.intercept;
                Reading {
                    primary: "metabolic acidosis".into(),
                    compensation: Some(format!(
                        "Winter's formula: expected PaCO2 {} x {:.1} + {} = {:.1} +/- {} mmHg; {}",
                        c.slope,
                        hco3,
                        c.intercept,
                        e,
                        c.tolerance,
                        fits(
                            paco2,
                            e,
                            c.tolerance,
                            "additional respiratory alkalosis",
                            "additional respiratory acidosis"
                        )
                    )),
                }
            }
            (true, false) => {
                let d = paco2 - r.paco2_ref;
                Reading {
                    primary: "respiratory acidosis".into(),
                    compensation: Some(format!(
                        "expected HCO3 {:.1} (acute) to {:.1} (chronic) mmol/L; measured {hco3:.1}",
                        r.hco3_ref + r.acute_acidosis * d,
                        r.hco3_ref + r.chronic_acidosis * d
                    )),
                }
            }
            (false, false) => Reading {
                primary: "acidaemia without a primary disorder shown by PaCO2 or HCO3".into(),
                compensation: None,
            },
        }
    } else {
        let paco2_abn = paco2 < n.paco2_low || paco2 > n.paco2_high;
        let hco3_abn = hco3 < n.hco3_low || hco3 > n.hco3_high;
        Reading {
            primary: if paco2_abn || hco3_abn {
                "normal pH with abnormal PaCO2 or HCO3: a mixed or fully compensated disorder is possible".into()
            } else {
                "no acid-base disorder shown".into()
            },
            compensation: None,
        }
    }
}

/// Every acid–base item the course allows: one reading per pH with a
/// concurrent PaCO2.
pub fn assess(view: &CourseView, kb: &Knowledge) -> Vec<Item> {
    let ab = &kb.acid_base;
    let mut out = Vec::new();
    for (ph_f, ph) in view.numbers("ph") {
        let day = ph_f.time.anchor_day();
        let mut it = Item::new(
            "acid-base",
            Category::AcidBase,
            "Acid-base reading",
            &format!("{}; {}", ab.normal.source, ab.metabolic_alkalosis.source),
        );
        it.day = day;
        it.inputs = vec![ph_f.id.clone()];
        let Some((paco2_f, paco2)) = view.concurrent_number("paco2", ph_f) else {
            out.push(it.not_computable(&["PaCO2 from the same blood gas"]));
            continue;
        };
        it.inputs.push(paco2_f.id.clone());
        let hco3 = match view.concurrent_number("hco3", ph_f) {
            Some((f, v)) => {
                it.inputs.push(f.id.clone());
                v
            }
            None => {
                let v = bicarbonate(ph, paco2, &ab.henderson_hasselbalch);
                let mut calc = Item::new(
                    "hco3-calculated",
                    Category::AcidBase,
                    "Bicarbonate (calculated)",
                    &ab.henderson_hasselbalch.source,
                );
                calc.day = day;
                calc.value = Some(Value::Number(round(v, 1)));
                calc.unit = Some("mmol/L".into());
                calc.inputs = vec![ph_f.id.clone(), paco2_f.id.clone()];
                calc.interpretation = format!(
                    "calculated, not measured: {} x {paco2} x 10^({ph} - {}) = {v:.1} mmol/L",
                    ab.henderson_hasselbalch.co2_solubility, ab.henderson_hasselbalch.pk
                );
                calc.limitations.extend(ab.henderson_hasselbalch.caveat());
                out.push(calc);
                it.assumptions.push(format!(
                    "bicarbonate {v:.1} mmol/L calculated from pH and PaCO2"
                ));
                v
            }
        };
        let r = read(ph, paco2, round(hco3, 1), ab);
        it.value = Some(Value::Text(r.primary.clone()));
        it.interpretation = match &r.compensation {
            Some(c) => format!("{}; {c}", r.primary),
            None => r.primary.clone(),
        };
        if view.concurrent_number("hco3", ph_f).is_none() {
            it.limitations.push(
                "no measured bicarbonate, sodium or chloride: the anion gap and a hidden metabolic disorder cannot be assessed".into(),
            );
        }
        let n = &ab.normal;
        if (ph - n.ph_high).abs() < 0.01 || (ph - n.ph_low).abs() < 0.01 {
            it.limitations.push(format!(
                "pH {ph} is within 0.01 of the {}-{} reference limits: the reading is marginal",
                n.ph_low, n.ph_high
            ));
        }
        it.limitations.extend(n.caveat());
        out.push(it);
    }
    out
}
