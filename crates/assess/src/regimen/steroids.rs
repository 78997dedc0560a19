//! Daily and cumulative glucocorticoid dose in prednisone equivalents.
//!
//! Equivalence: Meikle AW, Tyler FH. Am J Med 1977 (methylprednisolone 4 mg
//! ≈ prednisone 5 mg); dose bands: Buttgereit F, et al. Ann Rheum Dis 2002.
//! All glucocorticoid mentions form one exposure timeline (switching
//! methylprednisolone to prednisolone continues the same therapy).
//!
//! Assumptions, stated with every result: a stated dose is held until the
//! next stated dose (step); a taper over a stated interval is linear; when a
//! dose falls between two statements the true change date is unknown, so
//! the bounds run from the lower to the higher dose; an unstated pulse dose
//! is never imputed: the total becomes a lower bound.

use casecourse_model::{DoseAction, Fact, Kind, Origin, Relation};

use crate::facts::day_of;
use crate::knowledge::Knowledge;
use crate::regimen::episodes::is_prior;
use crate::{Bounds, CourseView, SteroidSegment};

/// One glucocorticoid statement in prednisone equivalents.
#[derive(Debug, Clone)]
pub struct Statement<'a> {
    /// Day it applies from (for a taper: the day it ends).
    pub day: f64,
    /// Prednisone-equivalent mg/day, when stated.
    pub daily_mg: Option<f64>,
    /// A pulse: an addition of `pulse_total_mg` (None: unstated).
    pub pulse: bool,
    /// Total pulse amount, when stated.
    pub pulse_total_mg: Option<f64>,
    /// Start of a stated taper ending at `day` with `daily_mg`.
    pub taper_from: Option<f64>,
    /// The drug stopped here.
    pub stop: bool,
    /// The fact.
    pub fact: &'a Fact,
    /// Drug and dose as stated.
    pub label: String,
    /// Assumptions made reading it.
    pub assumptions: Vec<String>,
}

/// Prednisone-equivalent mg/day of a stated dose, or why not.
pub fn prednisone_equivalent(
    kb: &Knowledge,
    drug: &str,
    dose: f64,
    unit: Option<&str>,
    per_day: f64,
) -> Result<f64, String> {
    let (factor, _) = kb
        .glucocorticoids
        .factor(drug)
        .ok_or_else(|| format!("no equivalence for {drug}"))?;
    // A daily total ("60 mg/d") is already per day, however it is split.
    let (mg, per_day) = match unit.unwrap_or("mg") {
        "mg" => (dose, per_day),
        "g" => (dose * 1000.0, per_day),
        "mg/d" => (dose, 1.0),
        "g/d" => (dose * 1000.0, 1.0),
        other => return Err(format!("dose unit {other} is not a mass")),
    };
    Ok(mg * factor * per_day)
}

/// Reads every glucocorticoid mention of the course, in time order.
/// Caption mentions are used only where the main text states no
/// glucocorticoid for the same day.
pub fn statements<'a>(view: &CourseView<'a>, kb: &Knowledge) -> Vec<Statement<'a>> {
    let facts: Vec<(usize, &Fact)> = view
        .course
        .facts
        .iter()
        .enumerate()
        .filter(|(_, f)| f.kind == Kind::Medication && !f.negated && !is_prior(f))
        .filter(|(_, f)| kb.drugs.is_glucocorticoid(&f.name))
        .collect();
    let body_days: Vec<f64> = facts
        .iter()
        .filter(|(_, f)| f.origin != Origin::Caption)
        .filter_map(|(_, f)| f.time.anchor_day())
        .collect();
    let mut out = Vec::new();
    for (_, f) in facts.iter() {
        let Some(d) = &f.dosage else { continue };
        let Some(day) = f.time.anchor_day() else {
            continue;
        };
        let mut assumptions = Vec::new();
        if f.origin == Origin::Caption {
            if body_days.iter().any(|b| (b - day).abs() < 0.5) {
                continue;
            }
            assumptions.push(format!("dose from a figure caption ({})", f.id));
        }
        let per_day = match d.frequency.as_deref() {
            Some(code) => match kb.drugs.per_day(code) {
                Some(n) => n,
                None => {
                    assumptions.push(format!("frequency {code} not known: once daily assumed"));
                    1.0
                }
            },
            None => {
                let daily_total = d.unit.as_deref().is_some_and(|u| u.ends_with("/d"));
                if d.dose.is_some() && !daily_total {
                    assumptions.push(format!("{}: no frequency stated, once daily assumed", f.id));
                }
                1.0
            }
        };
        let is_pulse = d
            .dose_text
            .as_deref()
            .is_some_and(|t| t.to_lowercase().contains("pulse"));
        let stop = d.action == Some(DoseAction::Stop);
        let eq = d
            .dose
            .filter(|x| *x >= 0.0)
            .map(|x| prednisone_equivalent(kb, &f.name, x, d.unit.as_deref(), per_day));
        let daily = match eq {
            Some(Ok(v)) => Some(v),
            Some(Err(why)) => {
                assumptions.push(format!("{}: {why}; not counted", f.id));
                None
            }
            None => None,
        };
        let label = format!(
            "{} {}{}",
            f.name,
            d.dose
                .map(|x| format!("{x} {}", d.unit.clone().unwrap_or_else(|| "mg".into())))
                .or(d.dose_text.clone())
                .unwrap_or_default(),
            d.frequency
                .as_ref()
                .map(|q| format!(" {q}"))
                .unwrap_or_default()
        );
        let pulse = is_pulse
            || daily.is_some_and(|v| v >= kb.glucocorticoids.nomenclature.pulse_min)
                && d.duration_days.is_some();
        if pulse {
            let days = d.duration_days.unwrap_or(1.0);
            if daily.is_some() && d.duration_days.is_none() {
                assumptions.push(format!(
                    "{}: pulse duration not stated, one day counted (lower bound)",
                    f.id
                ));
            }
            if daily.is_none() {
                assumptions.push(format!("{}: pulse dose not stated", f.id));
            }
            out.push(Statement {
                day,
                daily_mg: None,
                pulse: true,
                pulse_total_mg: daily.map(|v| v * days),
                taper_from: None,
                stop: false,
                fact: f,
                label,
                assumptions,
            });
            continue;
        }
        // A dose over a stated interval that ends a taper, or a taper action.
        let (at, taper_from) = match (f.time.relation, f.time.start_day, f.time.end_day) {
            (Relation::Between, Some(s), Some(e)) => (e, Some(s)),
            _ if d.action == Some(DoseAction::Taper) => (day, Some(f64::NAN)),
            _ => (day, None),
        };
        out.push(Statement {
            day: at,
            daily_mg: daily,
            pulse: false,
            pulse_total_mg: None,
            taper_from,
            stop,
            fact: f,
            label,
            assumptions,
        });
    }
    out.sort_by(|a, b| {
        a.day
            .total_cmp(&b.day)
            .then(day_of(a.fact).total_cmp(&day_of(b.fact)))
    });
    out
}

/// The daily exposure as segments from the statements, up to `until`.
pub fn segments(st: &[Statement], until: f64) -> Vec<SteroidSegment> {
    let steps: Vec<&Statement> = st.iter().filter(|s| !s.pulse).collect();
    let mut out = Vec::new();
    for (i, s) in steps.iter().enumerate() {
        let Some(cur) = s.daily_mg else {
            if s.stop {
                continue;
            }
            continue;
        };
        if s.stop {
            continue;
        }
        // A taper statement is drawn by the segment before it; the segment
        // after it starts at its end day.
        let next = steps[i + 1..]
            .iter()
            .find(|n| n.day > s.day + 0.5 || n.taper_from.is_some());
        let end = next.map(|n| n.day).unwrap_or(until);
        // Skip a statement overridden by another on the same day.
        if steps[i + 1..]
            .iter()
            .any(|n| (n.day - s.day).abs() < 0.5 && n.taper_from.is_none() && !n.stop)
        {
            continue;
        }
        let start = s.day;
        if end <= start {
            continue;
        }
        let (daily, bounds, label) = match next {
            Some(n) if n.taper_from.is_some() => {
                let to = n.daily_mg.unwrap_or(cur);
                (
                    (cur + to) / 2.0,
                    Bounds {
                        low: cur.min(to),
                        high: Some(cur.max(to)),
                    },
                    format!("{} tapered to {} (linear taper assumed)", s.label, n.label),
                )
            }
            Some(n) if n.daily_mg.is_some_and(|to| to < cur) => {
                let to = n.daily_mg.unwrap_or(cur);
                (
                    cur,
                    Bounds {
                        low: to,
                        high: Some(cur),
                    },
                    format!(
                        "{} (held until the next stated dose; reduction date not stated)",
                        s.label
                    ),
                )
            }
            _ => (
                cur,
                Bounds {
                    low: cur,
                    high: Some(cur),
                },
                s.label.clone(),
            ),
        };
        let mut inputs = vec![s.fact.id.clone()];
        if let Some(n) = next.filter(|n| n.taper_from.is_some()) {
            inputs.push(n.fact.id.clone());
        }
        out.push(SteroidSegment {
            start_day: start,
            end_day: end,
            daily_mg: Some(daily),
            daily_bounds: Some(bounds),
            label,
            inputs,
        });
    }
    out
}

/// Cumulative prednisone-equivalent mg over `[0, day)`: central estimate,
/// lower bound, upper bound (None when an unstated pulse falls inside),
/// the pulses counted, and the facts used.
pub struct Cumulative {
    /// Central estimate (step and linear-taper assumptions), stated pulses included.
    pub central: f64,
    /// Lowest total the statements allow.
    pub low: f64,
    /// Highest total, unless an unstated pulse makes it unbounded.
    pub high: Option<f64>,
    /// Pulses with unstated dose inside the window.
    pub unstated_pulses: Vec<String>,
    /// Facts used.
    pub inputs: Vec<String>,
}

/// Sums segments and pulses over `[0, day)`.
pub fn cumulative(seg: &[SteroidSegment], st: &[Statement], day: f64) -> Cumulative {
    let mut c = Cumulative {
        central: 0.0,
        low: 0.0,
        high: Some(0.0),
        unstated_pulses: Vec::new(),
        inputs: Vec::new(),
    };
    for s in seg {
        let days = (s.end_day.min(day) - s.start_day.max(0.0)).max(0.0);
        if days <= 0.0 {
            continue;
        }
        let d = s.daily_mg.unwrap_or(0.0);
        let b = s.daily_bounds.unwrap_or(Bounds {
            low: d,
            high: Some(d),
        });
        c.central += d * days;
        c.low += b.low * days;
        c.high = c.high.map(|h| h + b.high.unwrap_or(d) * days);
        c.inputs.extend(s.inputs.iter().cloned());
    }
    for p in st.iter().filter(|p| p.pulse && p.day < day) {
        c.inputs.push(p.fact.id.clone());
        match p.pulse_total_mg {
            Some(t) => {
                c.central += t;
                c.low += t;
                c.high = c.high.map(|h| h + t);
            }
            None => {
                c.unstated_pulses.push(p.fact.id.clone());
                c.high = None;
            }
        }
    }
    c.inputs.sort();
    c.inputs.dedup();
    c
}
