//! Survival by FLAIR risk group over a cohort: Kaplan–Meier curves with
//! Greenwood log-log 95% intervals (`survival.rs`) as JSON for the API and
//! as an SVG step chart, the intervals dashed, for the cohort page.
//!
//! Time origin is each course's index event (day 0). The event is death (a
//! present `event` or `status` fact named death/died) at its day; a course
//! without one is censored at its last fact time. Courses with no times,
//! a death without a time, or an end before day 0 cannot be placed and are
//! counted under `excluded`, never silently dropped. The risk group is the
//! FLAIR model's (Lian et al., Chest 2020) from `casecourse-assess`, a
//! mortality model; a partial score whose range spans groups is
//! `indeterminate`.

use std::collections::BTreeMap;
use std::fmt::Write;

use casecourse_assess::prognosis::{flair, group};
use casecourse_assess::{CourseView, Status, knowledge};
use casecourse_model::{Course, Fact, Kind};
use casecourse_store::CourseRow;
use serde::{Deserialize, Serialize};

use crate::survival::{Observation, Step, kaplan_meier};

/// One group's curve.
#[derive(Debug, Clone, Serialize)]
pub struct GroupCurve {
    /// `low`, `medium`, `high`, `indeterminate`, `not computable`.
    pub group: String,
    /// Courses in the group.
    pub subjects: usize,
    /// Deaths among them.
    pub events: usize,
    /// Longest follow-up (days), where the curve ends.
    pub last_time: f64,
    /// The estimate after each death time.
    pub steps: Vec<Step>,
}

/// Courses that could not be placed on the time axis.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Excluded {
    /// No fact has a time.
    pub no_time: usize,
    /// Death is stated without a time.
    pub death_without_time: usize,
    /// The death or last fact is before the index event.
    pub before_index: usize,
}

/// Survival of a cohort by risk group.
#[derive(Debug, Clone, Serialize)]
pub struct CohortSurvival {
    /// The estimator's source.
    pub method: &'static str,
    /// The grouping model.
    pub model: &'static str,
    /// Time unit and origin.
    pub time: &'static str,
    /// One curve per group with at least one course.
    pub groups: Vec<GroupCurve>,
    /// Courses left out, by reason.
    pub excluded: Excluded,
}

fn is_death(course: &Course) -> impl Iterator<Item = &Fact> {
    course.facts.iter().filter(|f| {
        matches!(f.kind, Kind::Event | Kind::Status)
            && !f.negated
            && matches!(f.name.trim().to_lowercase().as_str(), "death" | "died")
    })
}

/// Where a course stands on the survival time axis (part of its digest).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "placed", rename_all = "snake_case")]
pub enum Placement {
    /// Followed until `time` (days), ending in death when `event`.
    Observed {
        /// Days from the index event.
        time: f64,
        /// Death at `time`; else censored there.
        event: bool,
    },
    /// No fact has a time.
    NoTime,
    /// Death is stated without a time.
    DeathWithoutTime,
    /// The death or last fact is before the index event.
    BeforeIndex,
}

/// The course's placement: the first death, or else censored at the last
/// fact of any kind.
pub fn placement(course: &Course) -> Placement {
    let days = |facts: Vec<&Fact>| -> Vec<f64> {
        facts
            .iter()
            .filter_map(|f| f.time.anchor_day())
            .filter(|d| d.is_finite())
            .collect()
    };
    let deaths: Vec<&Fact> = is_death(course).collect();
    let event = !deaths.is_empty();
    let time = if event {
        days(deaths).into_iter().min_by(f64::total_cmp)
    } else {
        days(course.facts.iter().collect())
            .into_iter()
            .max_by(f64::total_cmp)
    };
    match time {
        None if event => Placement::DeathWithoutTime,
        None => Placement::NoTime,
        Some(t) if t < 0.0 => Placement::BeforeIndex,
        Some(time) => Placement::Observed { time, event },
    }
}

/// The FLAIR risk group of a course.
pub fn risk_group(course: &Course) -> String {
    let Ok(kb) = knowledge::get() else {
        return "not computable".into();
    };
    let m = &kb.prognosis.flair;
    let item = flair::assess(&CourseView::new(course, kb), kb);
    let g = |points: f64| group(points.max(0.0) as u32, m.low_max, m.medium_max);
    match (item.status, item.number(), item.bounds) {
        (Status::Computed, Some(v), _) => g(v).into(),
        (Status::Partial, _, Some(b)) => {
            let (lo, hi) = (g(b.low), g(b.high.unwrap_or(f64::INFINITY)));
            if lo == hi { lo } else { "indeterminate" }.into()
        }
        _ => "not computable".into(),
    }
}

/// Kaplan–Meier curves by FLAIR risk group.
pub fn cohort_survival(rows: &[CourseRow]) -> CohortSurvival {
    let placed: Vec<(Placement, String)> = rows
        .iter()
        .map(|r| (placement(&r.course), risk_group(&r.course)))
        .collect();
    survival_of(placed.iter().map(|(p, g)| (*p, g.as_str())))
}

/// Kaplan–Meier curves from each course's placement and risk group.
pub fn survival_of<'a>(courses: impl Iterator<Item = (Placement, &'a str)>) -> CohortSurvival {
    let mut excluded = Excluded::default();
    let mut by_group: BTreeMap<String, Vec<Observation>> = BTreeMap::new();
    for (placed, group) in courses {
        match placed {
            Placement::Observed { time, event } => by_group
                .entry(group.to_string())
                .or_default()
                .push(Observation { time, event }),
            Placement::NoTime => excluded.no_time += 1,
            Placement::DeathWithoutTime => excluded.death_without_time += 1,
            Placement::BeforeIndex => excluded.before_index += 1,
        }
    }
    let order = ["low", "medium", "high", "indeterminate", "not computable"];
    let mut groups: Vec<GroupCurve> = by_group
        .into_iter()
        .map(|(group, obs)| GroupCurve {
            subjects: obs.len(),
            events: obs.iter().filter(|o| o.event).count(),
            last_time: obs.iter().map(|o| o.time).fold(0.0, f64::max),
            steps: kaplan_meier(&obs),
            group,
        })
        .collect();
    groups.sort_by_key(|g| order.iter().position(|o| *o == g.group));
    CohortSurvival {
        method: "Kaplan-Meier product-limit estimator (Kaplan & Meier, J Am Stat Assoc 1958;53:457-481); 95% confidence interval from Greenwood's variance (1926) on the log(-log S) scale (Kalbfleisch & Prentice 1980)",
        model: "FLAIR (Lian et al., Chest 2020;158:1535-1545)",
        time: "days from the index event; death is the event, others censored at their last fact",
        groups,
        excluded,
    }
}

const COLOURS: [&str; 5] = ["#1b7837", "#e08214", "#b2182b", "#5e3c99", "#777777"];

/// The curves as an SVG step chart. Only numbers and the fixed group names
/// go into the markup, so it can be inlined in the page.
pub fn survival_svg(s: &CohortSurvival) -> String {
    let (w, h, left, top, right, bottom) = (640.0, 300.0, 50.0, 20.0, 150.0, 40.0);
    let (pw, ph) = (w - left - right, h - top - bottom);
    let tmax = s.groups.iter().map(|g| g.last_time).fold(1.0_f64, f64::max);
    let x = |t: f64| left + pw * t / tmax;
    let y = |v: f64| top + ph * (1.0 - v);
    let mut out = String::new();
    let _ = write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="survival" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" aria-label="Kaplan-Meier survival by FLAIR risk group, dashed: 95% confidence interval">"#
    );
    let _ = write!(
        out,
        r##"<path d="M{left} {top} V{b} H{r}" fill="none" stroke="#333"/>"##,
        b = top + ph,
        r = left + pw
    );
    for v in [0.0, 0.5, 1.0] {
        let _ = write!(
            out,
            r#"<text x="{}" y="{:.1}" font-size="11" text-anchor="end">{v}</text>"#,
            left - 6.0,
            y(v) + 4.0
        );
    }
    let _ = write!(
        out,
        r#"<text x="{left}" y="{:.1}" font-size="11">0</text><text x="{:.1}" y="{:.1}" font-size="11" text-anchor="end">{tmax:.0} days</text>"#,
        top + ph + 16.0,
        left + pw,
        top + ph + 16.0
    );
    for (i, g) in s.groups.iter().enumerate() {
        let colour = COLOURS[i % COLOURS.len()];
        let mut d = format!("M{left:.1} {:.1}", y(1.0));
        for step in &g.steps {
            let _ = write!(d, " H{:.1} V{:.1}", x(step.time), y(step.survival));
        }
        let _ = write!(d, " H{:.1}", x(g.last_time));
        // The 95% band: dashed steps of each bound, ending where S = 0
        // leaves it undefined.
        let bounds: [fn(&Step) -> Option<f64>; 2] = [|s| s.lower, |s| s.upper];
        for bound in bounds {
            let mut b = format!("M{left:.1} {:.1}", y(1.0));
            for step in &g.steps {
                let Some(v) = bound(step) else { break };
                let _ = write!(b, " H{:.1} V{:.1}", x(step.time), y(v));
            }
            if g.steps.last().is_some_and(|s| s.lower.is_some()) {
                let _ = write!(b, " H{:.1}", x(g.last_time));
            }
            let _ = write!(
                out,
                r#"<path class="km-ci" data-group="{}" d="{b}" fill="none" stroke="{colour}" stroke-width="1" stroke-dasharray="4 3" opacity="0.6"/>"#,
                g.group
            );
        }
        let _ = write!(
            out,
            r#"<path class="km" data-group="{}" d="{d}" fill="none" stroke="{colour}" stroke-width="2"/>"#,
            g.group
        );
        let _ = write!(
            out,
            r#"<text x="{:.1}" y="{:.1}" font-size="12" fill="{colour}">{} (n={}, deaths {})</text>"#,
            left + pw + 8.0,
            top + 14.0 + 18.0 * i as f64,
            g.group,
            g.subjects,
            g.events
        );
    }
    out.push_str("</svg>");
    out
}
