//! The course report: one self-contained HTML file (inline CSS, JS and SVG,
//! nothing fetched), rendered by an askama template with autoescaping.

use askama::Template;
use casecourse_assess::{Assessment, Category, Status};
use casecourse_model::{Certainty, Course, Experiencer, Fact, Flag, Kind, Origin, Relation, Value};

use crate::ReportOptions;
use crate::scale::TimeAxis;
use crate::units::{display_unit, number, quantity};
use crate::{TimeUnit, chart_svg};

/// Said at the top of every report.
const DISCLAIMER: &str = "casecourse drew this report from the text alone. It supports clinical \
     judgement and is not a diagnosis or a treatment decision: check each fact against the source.";

#[derive(Template)]
#[template(path = "report.html")]
struct Page {
    title: String,
    disclaimer: String,
    summary: Vec<(String, String)>,
    chart: String,
    assessment_note: Option<String>,
    assessments: Vec<ItemGroup>,
    warnings: Vec<WarningRow>,
    timeline: Vec<TimeGroup>,
    facts_count: usize,
    linked_count: usize,
    source: Vec<Piece>,
}

struct FactLink {
    id: String,
    label: String,
}

struct ItemGroup {
    name: String,
    /// Computed (or partly computed) items.
    items: Vec<ItemRow>,
    /// Items the text does not allow, folded away under the computed ones.
    not_computable: Vec<ItemRow>,
}

struct ItemRow {
    name: String,
    when: String,
    value: String,
    interpretation: String,
    inputs: Vec<FactLink>,
    missing: String,
    assumptions: String,
    source: String,
    not_computable: bool,
}

struct WarningRow {
    code: String,
    message: String,
    facts: Vec<FactLink>,
}

struct TimeGroup {
    label: String,
    rows: Vec<Row>,
}

struct Row {
    id: String,
    kind: String,
    name: String,
    value: String,
    flag: String,
    flag_class: String,
    note: String,
    badges: Vec<String>,
    negated: bool,
    linked: bool,
}

/// A run of source text and the facts whose words cover it.
struct Piece {
    anchors: Vec<String>,
    text: String,
    target: String,
    facts: String,
    tip: String,
}

/// Renders the course report: a summary, the chart, the assessments (when
/// given), the warnings, a timeline table of every fact and the source text
/// with each fact's words highlighted and linked both ways.
pub fn report_html(
    course: &Course,
    assessment: Option<&Assessment>,
    opts: &ReportOptions,
) -> String {
    let axis = axis_for_words(course, opts);
    let mut chart_opts = opts.chart.clone();
    if chart_opts.title.is_none() {
        chart_opts.title = Some("Course chart".into());
    }
    let page = Page {
        title: opts
            .title
            .clone()
            .unwrap_or_else(|| match &course.source.name {
                Some(n) => format!("Course report: {n}"),
                None => "Course report".into(),
            }),
        disclaimer: DISCLAIMER.into(),
        summary: summary(course, &axis),
        chart: chart_svg(course, &chart_opts),
        assessment_note: match assessment {
            None => Some("The course was not assessed for this report.".into()),
            Some(_) => None,
        },
        assessments: assessment
            .map(|a| item_groups(course, a, &axis))
            .unwrap_or_default(),
        warnings: course
            .warnings
            .iter()
            .map(|w| WarningRow {
                code: w.code.clone(),
                message: w.message.clone(),
                facts: links(course, &w.fact_ids),
            })
            .collect(),
        timeline: timeline(course, &axis),
        facts_count: course.facts.len(),
        linked_count: course.facts.iter().filter(|f| has_words(course, f)).count(),
        source: pieces(course),
    };
    page.render().unwrap_or_else(|e| {
        // Rendering plain strings into a checked template does not fail; if
        // it ever does, say so in a page rather than panic.
        format!(
            "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Course report</title></head><body><p>The report could not be rendered: {}</p></body></html>",
            escape(&e.to_string())
        )
    })
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A time axis used only to put times into words.
fn axis_for_words(course: &Course, opts: &ReportOptions) -> TimeAxis {
    TimeAxis {
        unit: opts.chart.time,
        day_min: 0.0,
        day_max: 1.0,
        x0: 0.0,
        x1: 1.0,
        index_date: match opts.chart.time {
            TimeUnit::Dates => course.index.date.as_deref().and_then(|d| d.parse().ok()),
            _ => None,
        },
    }
}

fn has_words(course: &Course, f: &Fact) -> bool {
    f.spans
        .iter()
        .any(|s| s.start < s.end && course.source.text.get(s.start..s.end).is_some())
}

fn links(course: &Course, ids: &[String]) -> Vec<FactLink> {
    ids.iter()
        .map(|id| FactLink {
            id: id.clone(),
            label: course
                .fact(id)
                .map(|f| f.name.clone())
                .unwrap_or_else(|| id.clone()),
        })
        .collect()
}

fn summary(course: &Course, axis: &TimeAxis) -> Vec<(String, String)> {
    let mut rows = Vec::new();
    let patient: Vec<String> = course
        .facts
        .iter()
        .filter(|f| f.kind == Kind::Demographic && f.experiencer == Experiencer::Patient)
        .map(|f| format!("{}: {}", f.name, value_words(f)))
        .collect();
    if !patient.is_empty() {
        rows.push(("Patient".into(), patient.join(" · ")));
    }
    let index = &course.index;
    let mut idx = if index.description.trim().is_empty() {
        format!("{:?}", index.kind).to_lowercase()
    } else {
        index.description.clone()
    };
    if let Some(d) = &index.date {
        idx.push_str(&format!(" ({d})"));
    }
    rows.push(("Day 0".into(), idx));
    let diagnoses: Vec<String> = course
        .facts
        .iter()
        .filter(|f| {
            f.kind == Kind::Diagnosis && !f.negated && f.experiencer == Experiencer::Patient
        })
        .map(|f| {
            let mut s = f.name.clone();
            if let Some(q) = &f.qualifier {
                s = format!("{s} ({q})");
            }
            if let Some(st) = &f.status {
                s = format!("{s}: {st}");
            }
            if f.certainty != Certainty::Affirmed {
                s = format!("{s} [{}]", certainty_word(f.certainty));
            }
            s
        })
        .collect();
    if !diagnoses.is_empty() {
        rows.push(("Diagnoses".into(), diagnoses.join("; ")));
    }
    let days: Vec<f64> = course
        .facts
        .iter()
        .filter_map(|f| f.time.anchor_day().or(f.time.end_day))
        .filter(|d| d.is_finite())
        .collect();
    if let (Some(lo), Some(hi)) = (
        days.iter().copied().reduce(f64::min),
        days.iter().copied().reduce(f64::max),
    ) {
        rows.push((
            "Time covered".into(),
            format!("{} to {}", axis.describe(lo), axis.describe(hi)),
        ));
    }
    let mut drugs: Vec<&str> = Vec::new();
    for f in course.facts.iter().filter(|f| f.kind == Kind::Medication) {
        if !drugs.contains(&f.name.as_str()) {
            drugs.push(&f.name);
        }
    }
    if !drugs.is_empty() {
        rows.push(("Medications".into(), drugs.join(", ")));
    }
    rows.push((
        "Facts".into(),
        format!(
            "{} facts, {} warning{}{}",
            course.facts.len(),
            course.warnings.len(),
            if course.warnings.len() == 1 { "" } else { "s" },
            course
                .source
                .name
                .as_deref()
                .map(|n| format!("; source: {n}"))
                .unwrap_or_default()
        ),
    ));
    rows
}

fn certainty_word(c: Certainty) -> &'static str {
    match c {
        Certainty::Affirmed => "affirmed",
        Certainty::Possible => "possible",
        Certainty::Hypothetical => "hypothetical",
    }
}

/// The value column of a fact in words.
fn value_words(f: &Fact) -> String {
    let mut parts: Vec<String> = Vec::new();
    match &f.value {
        Some(Value::Number(n)) => {
            let unit = f.unit.as_deref();
            let bound = f
                .comparator
                .map_or(String::new(), |c| format!("{} ", c.as_str()));
            parts.push(match unit {
                Some("a") => format!("{bound}{} years", number(*n)),
                _ => bound + &quantity(*n, unit),
            });
        }
        Some(Value::Text(t)) => parts.push(t.clone()),
        None => {}
    }
    if let Some(r) = &f.result {
        let mut s = r.clone();
        if let Some(st) = &f.strength {
            s = format!("{s} ({st})");
        }
        if let Some(t) = &f.titre {
            s = format!("{s}, titre {t}");
        }
        parts.push(s);
    }
    if let Some(d) = &f.dosage {
        let mut s: Vec<String> = Vec::new();
        match (d.dose, &d.dose_text) {
            (Some(x), _) => s.push(quantity(x, d.unit.as_deref())),
            (None, Some(t)) => s.push(t.clone()),
            _ => {}
        }
        s.extend(d.frequency.iter().cloned());
        s.extend(d.route.iter().cloned());
        if let Some(days) = d.duration_days {
            s.push(format!("for {} days", number(days)));
        }
        if let Some(a) = d.action {
            s.push(format!("({})", format!("{a:?}").to_lowercase()));
        }
        if !s.is_empty() {
            parts.push(s.join(" "));
        }
        if let Some(i) = &d.indication {
            parts.push(format!("for {i}"));
        }
        if let Some(r) = &d.response {
            parts.push(format!("response: {r}"));
        }
    }
    if let Some(o) = &f.oxygen {
        let mut s: Vec<String> = Vec::new();
        s.extend(o.device.iter().cloned());
        if let Some(fl) = o.flow {
            s.push(quantity(fl, o.flow_unit.as_deref()));
        }
        if let Some(fi) = o.fio2 {
            s.push(format!("FiO2 {}%", number(fi * 100.0)));
        }
        parts.push(s.join(", "));
    }
    if !f.findings.is_empty() {
        parts.push(f.findings.join("; "));
    }
    if let Some(i) = &f.impression {
        parts.push(format!("impression: {i}"));
    }
    if let Some(s) = &f.site {
        parts.push(s.clone());
    }
    if let Some(s) = &f.status {
        parts.push(s.clone());
    }
    if let Some(q) = &f.qualifier {
        parts.push(q.clone());
    }
    if let Some(r) = &f.reference_range {
        let limits = match (r.low, r.high) {
            (Some(a), Some(b)) => format!("{}–{}", number(a), number(b)),
            (None, Some(b)) => format!("< {}", number(b)),
            (Some(a), None) => format!("> {}", number(a)),
            (None, None) => String::new(),
        };
        if !limits.is_empty() {
            parts.push(format!("reference {limits} {}", display_unit(&r.unit)));
        }
    }
    parts.retain(|p| !p.trim().is_empty());
    parts.join("; ")
}

fn flag_words(f: &Fact) -> (String, String) {
    match f.flag {
        Some(Flag::High) => ("▲ high".into(), "flag-high".into()),
        Some(Flag::Low) => ("▼ low".into(), "flag-low".into()),
        Some(Flag::Abnormal) => ("abnormal".into(), "flag-abnormal".into()),
        Some(Flag::Normal) => ("normal".into(), String::new()),
        None => (String::new(), String::new()),
    }
}

/// Where a fact sits in the table: a sort key and the group's heading.
/// Where a fact sorts in the report's timeline: (kind of time, day, order
/// within the day, the time's words).
type TimeKey = (u8, f64, u8, String);

fn time_group(f: &Fact, axis: &TimeAxis) -> TimeKey {
    let t = &f.time;
    let cap = |s: String| {
        let mut c = s.chars();
        c.next()
            .map(|x| x.to_uppercase().chain(c).collect())
            .unwrap_or_default()
    };
    let (Some(day), rel) = (t.anchor_day().filter(|d| d.is_finite()), t.relation) else {
        return (0, 0.0, 0, "Time not stated".into());
    };
    let with_date = |s: String| match &t.date {
        Some(d) => format!("{s} · {d}"),
        None => s,
    };
    match rel {
        Relation::Before => (
            1,
            day,
            0,
            with_date(format!("Before {}", axis.describe(day))),
        ),
        Relation::Onset => {
            let lasting = t
                .duration
                .as_ref()
                .map(|d| format!(", lasting {}", d.label()))
                .unwrap_or_default();
            (
                1,
                day,
                1,
                with_date(format!("Onset {}{lasting}", axis.describe(day))),
            )
        }
        Relation::At | Relation::Unknown => (1, day, 2, with_date(cap(axis.describe(day)))),
        Relation::Between => {
            let end = t.end_day.unwrap_or(day);
            (
                1,
                day,
                3,
                with_date(format!(
                    "Between {} and {}",
                    axis.describe(day),
                    axis.describe(end)
                )),
            )
        }
        Relation::After => (
            1,
            day,
            4,
            with_date(format!("After {}", axis.describe(day))),
        ),
    }
}

fn timeline(course: &Course, axis: &TimeAxis) -> Vec<TimeGroup> {
    let mut keyed: Vec<(TimeKey, &Fact)> = course
        .facts
        .iter()
        .map(|f| (time_group(f, axis), f))
        .collect();
    // Stable sort: document order within a time point.
    keyed.sort_by(|(a, _), (b, _)| {
        a.0.cmp(&b.0)
            .then(a.1.total_cmp(&b.1))
            .then(a.2.cmp(&b.2))
            .then(a.3.cmp(&b.3))
    });
    let mut groups: Vec<TimeGroup> = Vec::new();
    for (key, f) in keyed {
        let (flag, flag_class) = flag_words(f);
        let mut badges = Vec::new();
        if f.origin != Origin::Body {
            badges.push(format!("{:?}", f.origin).to_lowercase());
        }
        if f.certainty != Certainty::Affirmed {
            badges.push(certainty_word(f.certainty).to_string());
        }
        if f.experiencer != Experiencer::Patient {
            badges.push(format!("{:?}", f.experiencer).to_lowercase());
        }
        let row = Row {
            id: f.id.clone(),
            kind: f.kind.as_str().to_string(),
            name: f.name.clone(),
            value: value_words(f),
            flag,
            flag_class,
            note: f.note.clone().unwrap_or_default(),
            badges,
            negated: f.negated,
            linked: has_words(course, f),
        };
        match groups.last_mut() {
            Some(g) if g.label == key.3 => g.rows.push(row),
            _ => groups.push(TimeGroup {
                label: key.3,
                rows: vec![row],
            }),
        }
    }
    groups
}

fn category_name(c: Category) -> &'static str {
    match c {
        Category::Physiology => "Physiology",
        Category::AcidBase => "Acid–base",
        Category::Criteria => "Criteria",
        Category::Prognosis => "Prognosis",
        Category::Regimen => "Regimen",
        Category::Response => "Response",
        Category::Consistency => "Consistency",
        Category::InputCheck => "Input checks",
    }
}

fn item_groups(course: &Course, a: &Assessment, axis: &TimeAxis) -> Vec<ItemGroup> {
    let mut groups: Vec<ItemGroup> = Vec::new();
    for item in &a.items {
        let name = category_name(item.category);
        let value = match (&item.value, &item.bounds) {
            (Some(Value::Number(n)), _) => quantity(*n, item.unit.as_deref()),
            (Some(Value::Text(t)), _) => t.clone(),
            (None, Some(b)) => match b.high {
                Some(h) => format!("{}–{}", number(b.low), quantity(h, item.unit.as_deref())),
                None => format!("≥ {}", quantity(b.low, item.unit.as_deref())),
            },
            (None, None) => String::new(),
        };
        let row = ItemRow {
            name: item.name.clone(),
            when: item.day.map(|d| axis.describe(d)).unwrap_or_default(),
            value,
            interpretation: item.interpretation.clone(),
            inputs: links(course, &item.inputs),
            missing: item.missing.join(", "),
            assumptions: item.assumptions.join("; "),
            source: item.source.clone(),
            not_computable: item.status == Status::NotComputable,
        };
        let idx = match groups.iter().position(|g| g.name == name) {
            Some(i) => i,
            None => {
                groups.push(ItemGroup {
                    name: name.to_string(),
                    items: Vec::new(),
                    not_computable: Vec::new(),
                });
                groups.len() - 1
            }
        };
        if let Some(g) = groups.get_mut(idx) {
            if row.not_computable {
                g.not_computable.push(row);
            } else {
                g.items.push(row);
            }
        }
    }
    groups
}

/// Splits the source text at every span edge; each piece knows the facts
/// whose words cover it. Invalid spans (outside the text or inside a UTF-8
/// character) are skipped, never panicked on.
fn pieces(course: &Course) -> Vec<Piece> {
    let text = course.source.text.as_str();
    let mut spans: Vec<(usize, usize, &Fact)> = Vec::new();
    for f in &course.facts {
        for s in &f.spans {
            if s.start < s.end && text.get(s.start..s.end).is_some() {
                spans.push((s.start, s.end, f));
            }
        }
    }
    let mut edges: Vec<usize> = vec![0, text.len()];
    for (a, b, _) in &spans {
        edges.push(*a);
        edges.push(*b);
    }
    edges.sort_unstable();
    edges.dedup();
    // The first span start of each fact gets the anchor.
    let mut first: Vec<(usize, &str)> = course
        .facts
        .iter()
        .filter_map(|f| {
            f.spans
                .iter()
                .filter(|s| s.start < s.end && text.get(s.start..s.end).is_some())
                .map(|s| s.start)
                .min()
                .map(|start| (start, f.id.as_str()))
        })
        .collect();
    first.sort();
    let mut out = Vec::new();
    for w in edges.windows(2) {
        let (a, b) = (w[0], w[1]);
        let Some(words) = text.get(a..b) else {
            continue;
        };
        let mut covering: Vec<&(usize, usize, &Fact)> = spans
            .iter()
            .filter(|(s, e, _)| *s <= a && b <= *e)
            .collect();
        // The narrowest span is the most specific fact.
        covering.sort_by_key(|(s, e, _)| e - s);
        let mut ids: Vec<&str> = Vec::new();
        for (_, _, f) in &covering {
            if !ids.contains(&f.id.as_str()) {
                ids.push(&f.id);
            }
        }
        let anchors = first
            .iter()
            .filter(|(s, _)| *s == a)
            .map(|(_, id)| id.to_string())
            .collect();
        let tip = covering
            .iter()
            .map(|(_, _, f)| f.name.as_str())
            .fold(Vec::<&str>::new(), |mut acc, n| {
                if !acc.contains(&n) {
                    acc.push(n);
                }
                acc
            })
            .join("; ");
        out.push(Piece {
            anchors,
            text: words.to_string(),
            target: ids.first().map(|s| s.to_string()).unwrap_or_default(),
            facts: ids.join(" "),
            tip,
        });
    }
    out
}
