//! Response over time: biomarker trends (fold change between time points),
//! antibody seroconversion, oxygen weaning and the radiological course,
//! each with the line of therapy in force at the later time point.

use casecourse_model::{Fact, Kind, Value};

use crate::facts::{day_of, is_high_flow};
use crate::knowledge::Knowledge;
use crate::physiology::round;
use crate::{Category, CourseView, Item, TherapyLine};

const SOURCE: &str = "descriptive: values and dates as stated in the text";

/// Fold change `later / earlier` (None when the earlier value is not
/// positive).
pub fn fold_change(earlier: f64, later: f64) -> Option<f64> {
    (earlier > 0.0).then(|| later / earlier)
}

fn line_at(lines: &[TherapyLine], day: f64) -> String {
    lines
        .iter()
        .rev()
        .find(|l| l.start_day.is_some_and(|s| s <= day + 0.5))
        .map(|l| format!("line {} in force ({})", l.number, l.drugs.join(", ")))
        .unwrap_or_else(|| "before treatment".into())
}

/// Trends, seroconversion, oxygen weaning and radiology.
pub fn assess(view: &CourseView, kb: &Knowledge, lines: &[TherapyLine]) -> Vec<Item> {
    let mut out = Vec::new();
    trends(view, kb, lines, &mut out);
    seroconversion(view, kb, lines, &mut out);
    oxygen(view, lines, &mut out);
    radiology(view, lines, &mut out);
    out
}

fn trends(view: &CourseView, kb: &Knowledge, lines: &[TherapyLine], out: &mut Vec<Item>) {
    for name in kb.names.of("trended") {
        let mut facts: Vec<&Fact> = view
            .course
            .facts
            .iter()
            .filter(|f| f.kind == Kind::Lab && !f.negated && f.name.eq_ignore_ascii_case(name))
            .filter(|f| f.time.anchor_day().is_some())
            .collect();
        facts.sort_by(|a, b| day_of(a).total_cmp(&day_of(b)));
        for w in facts.windows(2) {
            let (a, b) = (w[0], w[1]);
            let mut it = Item::new(
                "trend",
                Category::Response,
                &format!("{name} trend"),
                SOURCE,
            );
            it.day = b.time.anchor_day();
            it.inputs = vec![a.id.clone(), b.id.clone()];
            let (da, db) = (day_of(a), day_of(b));
            match (a.number(), b.number(), &b.value) {
                (Some(x), Some(y), _) => {
                    if let Some(fc) = fold_change(x, y) {
                        it.value = Some(Value::Number(round(fc, 2)));
                        it.unit = Some("fold".into());
                        it.interpretation = format!(
                            "{x} -> {y} {} from day {da:.0} to {db:.0}: {:.1}-fold {}; {}",
                            b.unit.clone().unwrap_or_default(),
                            fc,
                            if fc >= 1.0 { "rise" } else { "fall" },
                            line_at(lines, db)
                        );
                    } else {
                        continue;
                    }
                }
                (Some(x), None, Some(Value::Text(t))) => {
                    it.value = Some(Value::Text(t.clone()));
                    it.interpretation = format!(
                        "{x} on day {da:.0}, stated '{t}' on day {db:.0}; {}",
                        line_at(lines, db)
                    );
                }
                _ => continue,
            }
            out.push(it);
        }
    }
}

fn seroconversion(view: &CourseView, kb: &Knowledge, lines: &[TherapyLine], out: &mut Vec<Item>) {
    for name in kb.names.of("antibodies") {
        let mut facts: Vec<&Fact> = view
            .course
            .facts
            .iter()
            .filter(|f| f.kind == Kind::Antibody && f.name.eq_ignore_ascii_case(name))
            .filter(|f| f.time.anchor_day().is_some())
            .collect();
        facts.sort_by(|a, b| day_of(a).total_cmp(&day_of(b)));
        let positive = |f: &Fact| {
            !f.negated
                && f.result
                    .as_deref()
                    .is_none_or(|r| r.eq_ignore_ascii_case("positive"))
        };
        for w in facts.windows(2) {
            let (a, b) = (w[0], w[1]);
            if positive(a) == positive(b) {
                continue;
            }
            let to = if positive(b) { "positive" } else { "negative" };
            let mut it = Item::new(
                "seroconversion",
                Category::Response,
                &format!("{name} seroconversion"),
                SOURCE,
            );
            it.day = b.time.anchor_day();
            it.inputs = vec![a.id.clone(), b.id.clone()];
            it.value = Some(Value::Text(format!("turned {to}")));
            it.interpretation = format!(
                "{name} {} on day {:.0}, {to} by day {:.0} (week {:.0}); {}",
                if positive(a) { "positive" } else { "negative" },
                day_of(a),
                day_of(b),
                day_of(b) / 7.0,
                line_at(lines, day_of(b))
            );
            it.limitations
                .push("the exact date of conversion lies between the two tests".into());
            out.push(it);
        }
    }
}

fn oxygen(view: &CourseView, lines: &[TherapyLine], out: &mut Vec<Item>) {
    let mut facts: Vec<&Fact> = view
        .course
        .facts
        .iter()
        .filter(|f| f.kind == Kind::Oxygen && f.time.anchor_day().is_some())
        .collect();
    facts.sort_by(|a, b| day_of(a).total_cmp(&day_of(b)));
    if facts.len() < 2 {
        return;
    }
    let describe = |f: &Fact| {
        if f.negated {
            return "no supplemental oxygen".to_string();
        }
        let o = f.oxygen.clone().unwrap_or_default();
        let mut s = f.name.clone();
        if let Some(fl) = o.flow {
            s.push_str(&format!(
                " {fl} {}",
                o.flow_unit.unwrap_or_else(|| "L/min".into())
            ));
        }
        if let Some(fi) = o.fio2 {
            s.push_str(&format!(" FiO2 {fi}"));
        }
        s
    };
    let steps: Vec<String> = facts
        .iter()
        .map(|f| format!("day {:.0}: {}", day_of(f), describe(f)))
        .collect();
    let mut it = Item::new(
        "oxygen-course",
        Category::Response,
        "Oxygen weaning",
        SOURCE,
    );
    it.inputs = facts.iter().map(|f| f.id.clone()).collect();
    let last = facts[facts.len() - 1];
    it.day = last.time.anchor_day();
    let weaned = last.negated;
    let stepped_down = facts.first().is_some_and(|f| is_high_flow(f)) && !is_high_flow(last);
    it.value = Some(Value::Text(if weaned {
        format!("weaned off by week {:.0}", day_of(last) / 7.0)
    } else if stepped_down {
        "stepped down from high flow".into()
    } else {
        "oxygen continued".into()
    }));
    it.interpretation = format!("{}; {}", steps.join("; "), line_at(lines, day_of(last)));
    out.push(it);
}

fn radiology(view: &CourseView, lines: &[TherapyLine], out: &mut Vec<Item>) {
    let mut facts: Vec<&Fact> = view
        .course
        .facts
        .iter()
        .filter(|f| f.kind == Kind::Imaging && f.time.anchor_day().is_some())
        .collect();
    facts.sort_by(|a, b| day_of(a).total_cmp(&day_of(b)));
    for f in facts.iter().skip(1) {
        let mut it = Item::new(
            "radiology",
            Category::Response,
            &format!("{} course", f.name),
            SOURCE,
        );
        it.day = f.time.anchor_day();
        it.inputs = vec![f.id.clone()];
        let what = f
            .impression
            .clone()
            .unwrap_or_else(|| f.findings.join(", "));
        it.value = Some(Value::Text(what.clone()));
        it.interpretation = format!(
            "day {:.0}: {what}; {}",
            day_of(f),
            line_at(lines, day_of(f))
        );
        out.push(it);
    }
}
