//! Regimen analytics: medication episodes, lines of therapy, daily and
//! cumulative glucocorticoid dose in prednisone equivalents, dose checks
//! against usual ranges, Pneumocystis prophylaxis under high-dose
//! glucocorticoids, and known interactions among the drugs in the course.
//!
//! Sources are in `data/assess/glucocorticoids.toml` and `drugs.toml`.

pub mod checks;
pub mod episodes;
pub mod steroids;

use casecourse_model::{MedicationEpisode, Value};

use crate::facts::day_of;
use crate::knowledge::Knowledge;
use crate::physiology::round;
use crate::{Bounds, Category, CourseView, Item, SteroidSegment, TherapyLine};

/// What the regimen analysis yields.
pub struct RegimenResult {
    /// Items: lines, cumulative doses, dose checks, prophylaxis,
    /// interactions.
    pub items: Vec<Item>,
    /// Medication episodes.
    pub episodes: Vec<MedicationEpisode>,
    /// Lines of therapy.
    pub lines: Vec<TherapyLine>,
    /// Daily glucocorticoid exposure.
    pub steroid_series: Vec<SteroidSegment>,
}

/// Regimen analytics for the course.
pub fn assess(view: &CourseView, kb: &Knowledge) -> RegimenResult {
    let episodes = if view.course.episodes.is_empty() {
        episodes::build(view)
    } else {
        view.course.episodes.clone()
    };
    let lines = episodes::lines(&episodes, &kb.drugs);
    let mut items = Vec::new();
    for l in &lines {
        let mut it = Item::new(
            "therapy-line",
            Category::Regimen,
            "Line of therapy",
            &kb.drugs.roles.source,
        );
        it.day = l.start_day;
        it.value = Some(Value::Number(l.number as f64));
        it.interpretation = format!("line {}: {} ({})", l.number, l.reason, l.drugs.join(", "));
        it.inputs = l.inputs.clone();
        items.push(it);
    }

    let until = view
        .course
        .facts
        .iter()
        .map(day_of)
        .filter(|d| d.is_finite())
        .fold(0.0, f64::max);
    let st = steroids::statements(view, kb);
    let series = steroids::segments(&st, until);
    items.extend(cumulative_items(view, kb, &st, &series));
    items.extend(checks::dose_checks(view, kb));
    items.extend(checks::pjp(kb, &series, &episodes));
    items.extend(checks::interactions(kb, &episodes));
    RegimenResult {
        items,
        episodes,
        lines,
        steroid_series: series,
    }
}

/// Days at which the course states something about medication or its
/// events: where cumulative doses are reported.
fn time_points(view: &CourseView) -> Vec<f64> {
    use casecourse_model::Kind;
    let mut days: Vec<f64> = view
        .course
        .facts
        .iter()
        .filter(|f| matches!(f.kind, Kind::Medication | Kind::Event | Kind::Status))
        .filter_map(|f| f.time.anchor_day())
        .filter(|d| *d > 0.0)
        .collect();
    days.sort_by(f64::total_cmp);
    days.dedup_by(|a, b| (*a - *b).abs() < 0.5);
    days
}

fn cumulative_items(
    view: &CourseView,
    kb: &Knowledge,
    st: &[steroids::Statement],
    series: &[SteroidSegment],
) -> Vec<Item> {
    let gc = &kb.glucocorticoids;
    let source = gc
        .equivalence
        .iter()
        .find(|e| e.drug == "methylprednisolone")
        .map(|e| e.source.clone())
        .unwrap_or_default();
    let mut out = Vec::new();
    if st.is_empty() {
        return out;
    }
    let mut assumptions = vec![
        "a stated dose is held until the next stated dose (step)".to_string(),
        "a taper over a stated interval is linear; bounds run from its end dose to its start dose"
            .to_string(),
        "when a dose falls between two statements the change date is unknown: bounds span both doses"
            .to_string(),
        "oral and intravenous doses count alike".to_string(),
    ];
    for s in st {
        assumptions.extend(s.assumptions.iter().cloned());
    }
    // Daily dose band at each statement.
    let nom = &gc.nomenclature;
    for s in st.iter().filter(|s| !s.pulse) {
        let Some(d) = s.daily_mg else { continue };
        let mut it = Item::new(
            "gc-daily",
            Category::Regimen,
            "Glucocorticoid daily dose (prednisone equivalent)",
            &format!("{source}; {}", nom.source),
        );
        it.day = Some(s.day);
        it.unit = Some("mg/d".into());
        it.value = Some(Value::Number(round(d, 1)));
        it.inputs = vec![s.fact.id.clone()];
        let band = if d <= nom.low_max {
            "low dose (<= 7.5 mg/day)"
        } else if d <= nom.medium_max {
            "medium dose (> 7.5 to 30 mg/day)"
        } else if d <= nom.high_max {
            "high dose (> 30 to 100 mg/day)"
        } else {
            "very high dose (> 100 mg/day)"
        };
        it.interpretation = format!("{}: {band}", s.label);
        it.limitations.extend(nom.caveat());
        out.push(it);
    }
    for s in st.iter().filter(|s| s.pulse) {
        let mut it = Item::new(
            "gc-pulse",
            Category::Regimen,
            "Glucocorticoid pulse",
            &format!("{source}; {}", nom.source),
        );
        it.day = Some(s.day);
        it.inputs = vec![s.fact.id.clone()];
        match s.pulse_total_mg {
            Some(t) => {
                it.value = Some(Value::Number(round(t, 0)));
                it.unit = Some("mg".into());
                it.interpretation = format!("{}: {t:.0} mg prednisone equivalent", s.label);
            }
            None => {
                it = it.not_computable(&["pulse dose"]);
                it.inputs = vec![s.fact.id.clone()];
                it.interpretation = format!(
                    "{}: pulse dose not stated; cumulative totals after it are lower bounds",
                    s.label
                );
            }
        }
        out.push(it);
    }
    for day in time_points(view) {
        let c = steroids::cumulative(series, st, day);
        if c.inputs.is_empty() {
            continue;
        }
        let mut it = Item::new(
            "gc-cumulative",
            Category::Regimen,
            "Cumulative glucocorticoid dose (prednisone equivalent)",
            &source,
        );
        it.day = Some(day);
        it.unit = Some("mg".into());
        it.value = Some(Value::Number(round(c.central, 0)));
        it.bounds = Some(Bounds {
            low: round(c.low, 0),
            high: c.high.map(|h| round(h, 0)),
        });
        it.inputs = c.inputs.clone();
        it.assumptions = assumptions.clone();
        let week = round(day / 7.0, 1);
        let mut text = format!(
            "about {:.0} mg prednisone equivalent from day 0 to week {week} (range {:.0}",
            c.central, c.low
        );
        match c.high {
            Some(h) => text.push_str(&format!("-{h:.0} mg)")),
            None => text.push_str(" mg upwards)"),
        }
        if !c.unstated_pulses.is_empty() {
            text.push_str(&format!(
                "; plus an unstated pulse ({}): pulse dose not stated, so the total is a lower bound",
                c.unstated_pulses.join(", ")
            ));
            it.status = crate::Status::Partial;
            it.missing.push("pulse dose".into());
        }
        let same_day: Vec<String> = st
            .iter()
            .filter(|p| p.pulse && (p.day - day).abs() < 0.5)
            .map(|p| p.fact.id.clone())
            .collect();
        if !same_day.is_empty() {
            text.push_str(&format!(
                "; the pulse on this day ({}) is not included (window ends before it)",
                same_day.join(", ")
            ));
        }
        it.interpretation = text;
        out.push(it);
    }
    out
}
