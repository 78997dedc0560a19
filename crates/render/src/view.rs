//! What the chart shows, read out of a course: series of values, drug and
//! oxygen lanes, and marks for events, imaging and antibodies. Pixels come
//! later (chart.rs); this is the clinical selection.

use casecourse_knowledge::Lexicon;
use casecourse_model::{
    Certainty, Course, DoseAction, DoseStep, Experiencer, Fact, Flag, Kind, MedicationEpisode,
    Origin, Relation,
};

use crate::units::{display_unit, number, quantity};

/// A measured value at a time.
#[derive(Debug, Clone)]
pub(crate) struct Point {
    pub day: f64,
    pub value: f64,
    pub fact_id: String,
    pub relation: Relation,
    pub flag: Option<Flag>,
}

/// A value stated in words ("normal") at a time.
#[derive(Debug, Clone)]
pub(crate) struct WordPoint {
    pub day: f64,
    pub words: String,
    pub fact_id: String,
}

/// One analyte over time.
#[derive(Debug, Clone)]
pub(crate) struct Series {
    /// Canonical name.
    pub name: String,
    /// Short name for the chart (an abbreviation when the name is long).
    pub label: String,
    pub unit: Option<String>,
    pub points: Vec<Point>,
    pub words: Vec<WordPoint>,
    pub reference: Option<Reference>,
}

/// A reference interval and where it came from.
#[derive(Debug, Clone)]
pub(crate) struct Reference {
    pub low: Option<f64>,
    pub high: Option<f64>,
    pub source: String,
}

/// A stretch of time on a lane.
#[derive(Debug, Clone)]
pub(crate) struct Bar {
    pub start: f64,
    pub end: f64,
    /// Drawn solid when the text states it, dashed when only implied.
    pub stated: bool,
    /// The drug or support goes on past the end of the chart.
    pub continues: bool,
    pub title: String,
    pub fact_id: String,
}

/// A label on a lane at a time.
#[derive(Debug, Clone)]
pub(crate) struct LaneLabel {
    pub day: f64,
    pub full: String,
    pub short: String,
    pub fact_id: String,
}

/// One swimlane: a drug or the oxygen support.
#[derive(Debug, Clone)]
pub(crate) struct Lane {
    pub name: String,
    pub bars: Vec<Bar>,
    pub labels: Vec<LaneLabel>,
}

/// Marker shapes (shape as well as colour carries meaning).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Shape {
    Up,
    Down,
    Diamond,
    Square,
    Circle,
    Ring,
}

/// A point event on a marker lane.
#[derive(Debug, Clone)]
pub(crate) struct Mark {
    pub day: f64,
    pub label: String,
    pub title: String,
    pub shape: Shape,
    pub colour: &'static str,
    pub fact_id: String,
    /// The row it belongs to (an antibody's name; empty for shared lanes).
    pub group: String,
    /// -1 for "some time before", +1 for "some time after" the day: drawn
    /// slightly off the day so it does not hide a mark at the day itself.
    pub nudge: f64,
}

/// Everything the chart draws.
#[derive(Debug, Clone, Default)]
pub(crate) struct View {
    pub series: Vec<Series>,
    pub oxygen: Option<Lane>,
    pub drugs: Vec<Lane>,
    pub events: Vec<Mark>,
    pub imaging: Vec<Mark>,
    pub antibodies: Vec<Mark>,
    /// Requested series the course does not have.
    pub missing_series: Vec<String>,
    pub day_min: f64,
    pub day_max: f64,
}

/// True for facts the chart may place: the patient's, affirmed, from the
/// narrative itself (captions and discussion restate it; the text wins).
fn chartable(f: &Fact) -> bool {
    f.experiencer == Experiencer::Patient
        && f.certainty == Certainty::Affirmed
        && matches!(f.origin, Origin::Body | Origin::Table)
}

/// The day a fact is drawn at: the point, or the middle of an interval.
pub(crate) fn draw_day(f: &Fact) -> Option<f64> {
    let t = &f.time;
    match t.relation {
        Relation::Between => match (t.start_day, t.end_day) {
            (Some(a), Some(b)) => Some((a + b) / 2.0),
            _ => t.anchor_day(),
        },
        Relation::Unknown => t.anchor_day(),
        _ => t.anchor_day(),
    }
    .filter(|d| d.is_finite())
}

/// Builds the view. `wanted` names series to plot (empty: the default set).
pub(crate) fn build(course: &Course, wanted: &[String]) -> View {
    let lexicon = Lexicon::builtin().ok();
    let mut view = View::default();
    let all = collect_series(course, lexicon);
    (view.series, view.missing_series) = choose_series(all, wanted, lexicon);
    let episodes = if course.episodes.is_empty() {
        episodes_from_facts(course)
    } else {
        course.episodes.clone()
    };
    let (lo, hi) = extent(course, &episodes);
    view.day_min = lo;
    view.day_max = hi;
    view.drugs = episodes
        .iter()
        .filter_map(|e| drug_lane(e, course, lo, hi))
        .collect();
    view.oxygen = oxygen_lane(course, hi);
    (view.events, view.imaging, view.antibodies) = marks(course);
    view
}

/// First and last day the chart must show.
fn extent(course: &Course, episodes: &[MedicationEpisode]) -> (f64, f64) {
    let mut lo = 0.0_f64;
    let mut hi = 0.0_f64;
    for f in course.facts.iter().filter(|f| chartable(f)) {
        for d in [f.time.day, f.time.start_day, f.time.end_day]
            .into_iter()
            .flatten()
            .filter(|d| d.is_finite())
        {
            lo = lo.min(d);
            hi = hi.max(d);
        }
    }
    for e in episodes {
        for d in [e.start_day, e.end_day].into_iter().flatten() {
            if d.is_finite() {
                lo = lo.min(d);
                hi = hi.max(d);
            }
        }
    }
    (lo, hi)
}

fn collect_series(course: &Course, lexicon: Option<&Lexicon>) -> Vec<Series> {
    let mut out: Vec<Series> = Vec::new();
    let measured = course.facts.iter().filter(|f| {
        matches!(f.kind, Kind::Lab | Kind::Vital | Kind::Pft) && chartable(f) && !f.negated
    });
    for f in measured {
        let Some(day) = draw_day(f) else { continue };
        let analyte = lexicon.and_then(|l| l.analyte(&f.name));
        // Values in another unit are converted to the lexicon's canonical
        // unit when it knows the factor; otherwise they form their own series.
        let (value, unit) = match (f.number(), f.unit.as_deref(), analyte) {
            (Some(v), Some(u), Some(a)) => match a.to_canonical(v, u) {
                Some(c) => (Some(c), Some(a.unit.clone())),
                None => (Some(v), Some(u.to_string())),
            },
            (v, u, _) => (v, u.map(str::to_string)),
        };
        let idx = match out.iter().position(|s| {
            s.name == f.name && (value.is_none() || s.unit == unit || s.points.is_empty())
        }) {
            Some(i) => i,
            None => {
                out.push(Series {
                    name: f.name.clone(),
                    label: short_name(&f.name, lexicon),
                    unit: None,
                    points: Vec::new(),
                    words: Vec::new(),
                    reference: None,
                });
                out.len() - 1
            }
        };
        let Some(s) = out.get_mut(idx) else { continue };
        match (value, &f.value) {
            (Some(v), _) => {
                if s.unit.is_none() {
                    s.unit = unit;
                }
                if s.reference.is_none() {
                    s.reference = reference(f, s.unit.as_deref(), analyte);
                }
                s.points.push(Point {
                    day,
                    value: v,
                    fact_id: f.id.clone(),
                    relation: f.time.relation,
                    flag: f.flag,
                });
            }
            (None, Some(casecourse_model::Value::Text(words))) => s.words.push(WordPoint {
                day,
                words: words.clone(),
                fact_id: f.id.clone(),
            }),
            _ => {}
        }
    }
    for s in &mut out {
        s.points.sort_by(|a, b| a.day.total_cmp(&b.day));
        if s.reference.is_none() {
            let analyte = lexicon.and_then(|l| l.analyte(&s.name));
            s.reference = analyte.and_then(|a| lexicon_reference(a, s.unit.as_deref()));
        }
    }
    out.retain(|s| !s.points.is_empty());
    out
}

/// The interval printed with the value wins; the lexicon's adult fallback
/// (with its cited source) is used only when the text gives none.
fn reference(
    f: &Fact,
    unit: Option<&str>,
    analyte: Option<&casecourse_knowledge::Analyte>,
) -> Option<Reference> {
    if let Some(r) = &f.reference_range
        && unit.is_none_or(|u| u == r.unit)
    {
        return Some(Reference {
            low: r.low,
            high: r.high,
            source: r.source.clone(),
        });
    }
    analyte.and_then(|a| lexicon_reference(a, unit))
}

fn lexicon_reference(a: &casecourse_knowledge::Analyte, unit: Option<&str>) -> Option<Reference> {
    if unit != Some(a.unit.as_str()) || (a.ref_low.is_none() && a.ref_high.is_none()) {
        return None;
    }
    Some(Reference {
        low: a.ref_low,
        high: a.ref_high,
        source: format!(
            "adult fallback interval: {}",
            a.ref_source
                .as_deref()
                .unwrap_or("casecourse analyte lexicon")
        ),
    })
}

/// A short chart label: the name, or the lexicon's first (preferred)
/// abbreviation when the name is long ("lactate dehydrogenase" → "LDH").
fn short_name(name: &str, lexicon: Option<&Lexicon>) -> String {
    const LONG: usize = 10;
    if name.chars().count() <= LONG {
        return name.to_string();
    }
    lexicon
        .and_then(|l| l.analyte(name))
        .and_then(|a| a.abbreviations.first())
        .cloned()
        .unwrap_or_else(|| name.to_string())
}

/// The series to draw. Without a request: every series measured at two or
/// more times, or flagged high or low — a single normal value is a table
/// entry, not a trend. When nothing qualifies, all series (a course with a
/// single time point still gets a chart).
fn choose_series(
    all: Vec<Series>,
    wanted: &[String],
    lexicon: Option<&Lexicon>,
) -> (Vec<Series>, Vec<String>) {
    if wanted.iter().any(|w| w.eq_ignore_ascii_case("all")) {
        return (all, Vec::new());
    }
    if !wanted.is_empty() {
        let mut chosen = Vec::new();
        let mut missing = Vec::new();
        for w in wanted {
            let hit = all.iter().find(|s| series_matches(s, w, lexicon));
            match hit {
                Some(s) if !chosen.iter().any(|c: &Series| c.name == s.name) => {
                    chosen.push(s.clone())
                }
                Some(_) => {}
                None => missing.push(w.clone()),
            }
        }
        return (chosen, missing);
    }
    let trending = |s: &Series| {
        s.points.len() >= 2
            || s.points
                .iter()
                .any(|p| matches!(p.flag, Some(Flag::High | Flag::Low | Flag::Abnormal)))
    };
    if all.iter().any(trending) {
        (all.into_iter().filter(trending).collect(), Vec::new())
    } else {
        (all, Vec::new())
    }
}

fn series_matches(s: &Series, wanted: &str, lexicon: Option<&Lexicon>) -> bool {
    let w = wanted.trim();
    if s.name.eq_ignore_ascii_case(w) || s.label.eq_ignore_ascii_case(w) {
        return true;
    }
    lexicon.and_then(|l| l.analyte(&s.name)).is_some_and(|a| {
        a.abbreviations.iter().any(|x| x.eq_ignore_ascii_case(w))
            || a.aliases.iter().any(|x| x.eq_ignore_ascii_case(w))
    })
}

/// Episodes from the medication facts, for courses that carry none (gold
/// lists, hand-built courses): one per drug name, in order of first mention.
pub(crate) fn episodes_from_facts(course: &Course) -> Vec<MedicationEpisode> {
    let mut names: Vec<&str> = Vec::new();
    for f in course.facts.iter().filter(|f| f.kind == Kind::Medication) {
        if !names.contains(&f.name.as_str()) {
            names.push(&f.name);
        }
    }
    names
        .into_iter()
        .enumerate()
        .map(|(i, name)| {
            let mut facts: Vec<&Fact> = course
                .facts
                .iter()
                .filter(|f| f.kind == Kind::Medication && f.name == name && chartable(f))
                .filter(|f| !f.negated)
                .collect();
            facts.sort_by(|a, b| {
                let (x, y) = (a.time.anchor_day(), b.time.anchor_day());
                x.unwrap_or(f64::INFINITY)
                    .total_cmp(&y.unwrap_or(f64::INFINITY))
            });
            episode(i, name, &facts)
        })
        .collect()
}

fn episode(i: usize, name: &str, facts: &[&Fact]) -> MedicationEpisode {
    let action = |f: &Fact| f.dosage.as_ref().and_then(|d| d.action);
    let prior = !facts.is_empty()
        && facts.iter().all(|f| {
            action(f) == Some(DoseAction::Prior)
                || (f.time.relation == Relation::Before && f.time.day.is_some_and(|d| d <= 0.0))
        });
    let stop = facts
        .iter()
        .find(|f| action(f) == Some(DoseAction::Stop))
        .and_then(|f| f.time.end_day.or(f.time.day));
    let steps: Vec<DoseStep> = facts
        .iter()
        .filter(|f| action(f) != Some(DoseAction::Stop))
        .map(|f| {
            let d = f.dosage.clone().unwrap_or_default();
            DoseStep {
                day: draw_day(f),
                relation: f.time.relation,
                dose: d.dose,
                unit: d.unit,
                dose_text: d.dose_text,
                frequency: d.frequency,
                route: d.route,
                fact_id: f.id.clone(),
            }
        })
        .collect();
    let start = facts
        .iter()
        .filter_map(|f| f.time.anchor_day())
        .reduce(f64::min);
    // A stated course length ends the episode when nothing later does.
    let course_end = facts.last().and_then(|f| {
        let d = f.dosage.as_ref()?.duration_days?;
        Some(f.time.anchor_day()? + d)
    });
    MedicationEpisode {
        id: format!("e{}", i + 1),
        drug: name.to_string(),
        class: None,
        start_day: start,
        end_day: stop.or(course_end),
        prior,
        steps,
        indication: facts
            .iter()
            .find_map(|f| f.dosage.as_ref().and_then(|d| d.indication.clone())),
        response: None,
        replaced_by: None,
        fact_ids: facts.iter().map(|f| f.id.clone()).collect(),
    }
}

fn dose_label(s: &DoseStep) -> (String, String) {
    let amount = match (s.dose, &s.dose_text) {
        (Some(d), _) => Some(quantity(d, s.unit.as_deref())),
        (None, Some(t)) => Some(t.clone()),
        (None, None) => None,
    };
    let short = match (s.dose, &s.dose_text) {
        (Some(d), _) => number(d),
        (None, Some(t)) => t.clone(),
        (None, None) => String::new(),
    };
    let full = match (amount, &s.frequency) {
        (Some(a), Some(f)) => format!("{a} {f}"),
        (Some(a), None) => a,
        (None, Some(f)) => f.clone(),
        (None, None) => String::new(),
    };
    (full, short)
}

fn drug_lane(e: &MedicationEpisode, course: &Course, lo: f64, hi: f64) -> Option<Lane> {
    let start = e.start_day.or_else(|| e.steps.iter().find_map(|s| s.day))?;
    let first_fact = e.fact_ids.first().cloned().unwrap_or_default();
    let mut lane = Lane {
        name: e.drug.clone(),
        bars: Vec::new(),
        labels: Vec::new(),
    };
    if e.prior {
        lane.bars.push(Bar {
            start: lo.min(start),
            end: start.max(lo).min(0.0),
            stated: false,
            continues: false,
            title: format!("{}: given before the index event; dates not stated", e.drug),
            fact_id: first_fact,
        });
        lane.labels.push(LaneLabel {
            day: lo.min(start),
            full: "before admission".into(),
            short: "before".into(),
            fact_id: e.fact_ids.first().cloned().unwrap_or_default(),
        });
        return Some(lane);
    }
    let last_mention = e.steps.iter().filter_map(|s| s.day).fold(start, f64::max);
    let end = e.end_day.unwrap_or(last_mention);
    let what = e.steps.first().map(|s| dose_label(s).0).unwrap_or_default();
    lane.bars.push(Bar {
        start,
        end: end.max(start),
        stated: true,
        continues: false,
        title: format!("{} {}", e.drug, what).trim().to_string(),
        fact_id: first_fact.clone(),
    });
    if e.end_day.is_none() {
        // Still mentioned at the last time point of the course: it goes on.
        // Otherwise its end is not stated: a dashed tail to the chart's end.
        let at_end = (hi - last_mention).abs() < 0.5;
        if at_end {
            if let Some(b) = lane.bars.last_mut() {
                b.continues = true;
            }
        } else if hi > end {
            lane.bars.push(Bar {
                start: end,
                end: hi,
                stated: false,
                continues: false,
                title: format!("{}: the text does not say when it stopped", e.drug),
                fact_id: first_fact,
            });
        }
    }
    let mut previous: Option<(String, String)> = None;
    for s in &e.steps {
        let Some(day) = s.day else { continue };
        let (full, short) = dose_label(s);
        if full.is_empty() {
            continue;
        }
        if previous.as_ref().is_some_and(|p| p.0 == full) {
            continue;
        }
        let full = if s.relation == Relation::Between {
            format!("→ {full}")
        } else {
            full
        };
        previous = Some((full.trim_start_matches("→ ").to_string(), short.clone()));
        lane.labels.push(LaneLabel {
            day,
            full,
            short,
            fact_id: s.fact_id.clone(),
        });
    }
    let _ = course;
    Some(lane)
}

/// Oxygen support: each statement starts a stretch that lasts until the next
/// one, its stated duration, or (for the last) the end of the chart.
fn oxygen_lane(course: &Course, hi: f64) -> Option<Lane> {
    let mut facts: Vec<&Fact> = course
        .facts
        .iter()
        .filter(|f| f.kind == Kind::Oxygen && chartable(f))
        .filter(|f| draw_day(f).is_some())
        .collect();
    if facts.is_empty() {
        return None;
    }
    facts.sort_by(|a, b| {
        let (x, y) = (draw_day(a).unwrap_or(0.0), draw_day(b).unwrap_or(0.0));
        x.total_cmp(&y)
    });
    let mut lane = Lane {
        name: "Oxygen".into(),
        bars: Vec::new(),
        labels: Vec::new(),
    };
    for (i, f) in facts.iter().enumerate() {
        let Some(start) = draw_day(f) else { continue };
        if f.negated {
            lane.labels.push(LaneLabel {
                day: start,
                full: "off".into(),
                short: "off".into(),
                fact_id: f.id.clone(),
            });
            continue;
        }
        let next = facts.get(i + 1).and_then(|n| draw_day(n));
        let stated_end = f.time.duration.as_ref().map(|d| start + d.days);
        let (end, stated, continues) = match (next, stated_end) {
            (Some(n), Some(s)) => (n.min(s), true, false),
            (Some(n), None) => (n, true, false),
            (None, Some(s)) => (s, true, false),
            (None, None) => (hi, true, true),
        };
        let o = f.oxygen.clone().unwrap_or_default();
        let mut words = vec![oxygen_device(&f.name, o.device.as_deref())];
        if let Some(flow) = o.flow {
            words.push(quantity(flow, o.flow_unit.as_deref().or(Some("L/min"))));
        }
        if let Some(fio2) = o.fio2 {
            words.push(format!("FiO₂ {}%", number(fio2 * 100.0)));
        }
        let full = words.join(" ");
        let short = o
            .flow
            .map(|fl| quantity(fl, o.flow_unit.as_deref().or(Some("L/min"))))
            .unwrap_or_else(|| words.first().cloned().unwrap_or_default());
        lane.bars.push(Bar {
            start,
            end: end.max(start),
            stated,
            continues,
            title: full.clone(),
            fact_id: f.id.clone(),
        });
        lane.labels.push(LaneLabel {
            day: start,
            full,
            short,
            fact_id: f.id.clone(),
        });
    }
    Some(lane)
}

/// A short device name: the usual clinical abbreviations of oxygen devices.
fn oxygen_device(name: &str, device: Option<&str>) -> String {
    let d = device.unwrap_or(name).to_ascii_lowercase();
    if d.contains("high-flow") || d.contains("high flow") {
        "HFNC".into()
    } else if d.contains("nasal") {
        "nasal".into()
    } else if d.contains("home") {
        "home O₂".into()
    } else if d.contains("mask") {
        "mask".into()
    } else if d.contains("ventilat") {
        "ventilation".into()
    } else {
        "O₂".into()
    }
}

fn marks(course: &Course) -> (Vec<Mark>, Vec<Mark>, Vec<Mark>) {
    let mut events = Vec::new();
    let mut imaging = Vec::new();
    let mut antibodies = Vec::new();
    for f in course.facts.iter().filter(|f| chartable(f)) {
        let Some(day) = draw_day(f) else { continue };
        let when = relation_words(f.time.relation);
        let nudge = match f.time.relation {
            Relation::Before => -1.0,
            Relation::After => 1.0,
            _ => 0.0,
        };
        match f.kind {
            Kind::Event if !f.negated => {
                let lower = f.name.to_ascii_lowercase();
                let shape = if lower.contains("discharg") {
                    Shape::Down
                } else if lower.contains("death") || lower.contains("died") {
                    Shape::Square
                } else {
                    Shape::Up
                };
                events.push(Mark {
                    day,
                    label: capitalise(&f.name),
                    title: format!("{}{when}", capitalise(&f.name)),
                    shape,
                    colour: crate::palette::INK,
                    fact_id: f.id.clone(),
                    group: String::new(),
                    nudge,
                });
            }
            Kind::Status if !f.negated => events.push(Mark {
                day,
                label: capitalise(&f.name),
                title: format!("Status: {}{when}", f.name),
                shape: Shape::Circle,
                colour: crate::palette::series(2),
                fact_id: f.id.clone(),
                group: String::new(),
                nudge,
            }),
            Kind::Imaging => {
                let mut title = f.name.clone();
                if !f.findings.is_empty() {
                    title.push_str(": ");
                    title.push_str(&f.findings.join("; "));
                }
                if let Some(i) = &f.impression {
                    title.push_str(&format!(" — {i}"));
                }
                imaging.push(Mark {
                    day,
                    label: imaging_label(f),
                    title: format!("{title}{when}"),
                    shape: Shape::Diamond,
                    colour: crate::palette::series(3),
                    fact_id: f.id.clone(),
                    group: String::new(),
                    nudge,
                });
            }
            Kind::Antibody => {
                let result = f.result.as_deref().unwrap_or("").to_ascii_lowercase();
                let positive = result.starts_with("pos") && !f.negated;
                let negative = result.starts_with("neg") || f.negated;
                if !positive && !negative {
                    continue;
                }
                antibodies.push(Mark {
                    day,
                    label: if positive { "positive" } else { "negative" }.into(),
                    title: format!(
                        "{}: {}{}{when}",
                        f.name,
                        if positive { "positive" } else { "negative" },
                        f.strength
                            .as_deref()
                            .map(|s| format!(" ({s})"))
                            .unwrap_or_default()
                    ),
                    shape: if positive { Shape::Circle } else { Shape::Ring },
                    colour: if positive {
                        crate::palette::POSITIVE
                    } else {
                        crate::palette::NEGATIVE
                    },
                    fact_id: f.id.clone(),
                    group: f.name.clone(),
                    nudge,
                });
            }
            _ => {}
        }
    }
    (events, imaging, antibodies)
}

/// The modality of an imaging study for its marker ("CT" for an HRCT).
fn imaging_label(f: &Fact) -> String {
    let short = f
        .impression
        .as_deref()
        .map(|i| i.split([';', ',']).next().unwrap_or(i).trim().to_string());
    short.unwrap_or_else(|| f.name.clone())
}

fn relation_words(r: Relation) -> &'static str {
    match r {
        Relation::Before => " (some time before)",
        Relation::After => " (some time after)",
        Relation::Between => " (during the interval)",
        Relation::Onset => " (onset)",
        _ => "",
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// The series names a course offers, for `--series` help and errors.
pub(crate) fn series_names(course: &Course) -> Vec<String> {
    collect_series(course, Lexicon::builtin().ok())
        .into_iter()
        .map(|s| {
            if s.label == s.name {
                s.name
            } else {
                format!("{} ({})", s.name, s.label)
            }
        })
        .collect()
}

/// Display unit of a series, empty when it has none.
pub(crate) fn series_unit(s: &Series) -> String {
    s.unit.as_deref().map(display_unit).unwrap_or_default()
}
