//! Labs, vital signs and lung function: a named quantity and its value.

use casecourse_knowledge::Analyte;
use casecourse_model::{Comparator, Flag, Kind, PartRole, ReferenceRange, Span, Value};

use super::{Ctx, result_entry};
use crate::matcher::{Cat, Mention};
use crate::quantity::Quantity;

pub(super) mod change;

/// Units that carry no dimension: a bare number is in this unit.
const DIMENSIONLESS: &[&str] = &["[pH]", "1", "{ratio}", "{score}", "{index}"];

/// A result told as a multiple of the upper limit of normal ("ALT 5x
/// ULN", units.toml): any test with an upper limit takes it, high above 1.
const TIMES_UPPER_LIMIT: &str = "{ULN}";

/// The unit of a test or panel that texts report only in words
/// ("inflammatory markers normal", "full blood count unremarkable").
const IN_WORDS_ONLY: &str = "{qualitative}";

/// One analyte named once or more in a row ("lactate dehydrogenase (LDH)").
struct Named {
    idx: usize,
    start: usize,
    end: usize,
}

/// Reads every analyte mention of the sentence with its value.
pub fn measurements(ctx: &mut Ctx) {
    blood_pressure(ctx);
    qualitative_vitals(ctx);
    for (idx, start, end, grade) in result_entry::strip_blood(ctx) {
        push_grade(ctx, &Named { idx, start, end }, &grade);
    }
    let named = group(ctx);
    if named.is_empty() {
        return;
    }
    let sentence = ctx.doc.lower_text(ctx.v.s.start, ctx.v.s.end);
    let mut used: Vec<usize> = Vec::new();
    // "X and Y were 1 U/L and 2 U/L, respectively": pair in order.
    if sentence.contains("respectively") {
        let qs: Vec<&Quantity> = ctx
            .v
            .quantities
            .iter()
            .filter(|q| q.start > named[0].end)
            .collect();
        if qs.len() >= named.len() && named.len() > 1 {
            let lex = ctx.doc.lex;
            let ok = named
                .iter()
                .zip(&qs)
                .all(|(n, q)| unit_fits(&lex.analytes[n.idx], q));
            if ok {
                for (n, q) in named.iter().zip(qs) {
                    push_value(ctx, n, q);
                    used.push(n.start);
                }
            }
        }
    }
    slash_pairs(ctx, &named, &mut used);
    values_before_names(ctx, &named, &mut used);
    for (i, n) in named.iter().enumerate() {
        if used.contains(&n.start) {
            continue;
        }
        let limit = named
            .get(i + 1)
            .map_or_else(|| ctx.clause_end(n.end), |next| next.start);
        let limit = next_other_mention(ctx, n.end).map_or(limit, |m| m.min(limit));
        // The entry this name stands for here, and a strip grade after it.
        // A grade before the name only for a name with no number after it
        // ("protein 2+ glucose 5.4 mmol/L": the 2+ is the protein's).
        let qs = ctx.v.quantities;
        let numbered = qs
            .get(qs.partition_point(|q| q.start < n.end))
            .is_some_and(|q| q.start < limit);
        let grade = result_entry::strip_grade(ctx, n.end, limit).or_else(|| {
            (!numbered)
                .then(|| result_entry::grade_before(ctx, n.start))
                .flatten()
        });
        let first = ctx
            .v
            .quantities
            .iter()
            .find(|q| q.start >= n.end && q.start < limit);
        let idx = result_entry::entry_for(ctx, n.idx, n.start, first, grade.is_some(), unit_fits);
        let idx = first.map_or(idx, |q| percent_predicted_instead(ctx, idx, q));
        let n = &Named {
            idx,
            start: n.start,
            end: n.end,
        };
        let a = &ctx.doc.lex.analytes[n.idx];
        if result_entry::is_strip(a) {
            if let Some(g) = &grade {
                push_grade(ctx, n, g);
            }
            continue;
        }
        // "glucose 3+" is a grade, never the number 3.
        if grade.as_ref().is_some_and(|g| g.0.ends_with('+')) {
            continue;
        }
        let table = ctx.v.origin() == Some(casecourse_model::Origin::Table);
        // "FVC was 2.02 L (61% predicted)": the litres belong to the
        // absolute entry, the percentage to this one.
        if let Some(stem) = a.absolute_name()
            && let Some(abs) = ctx.doc.lex.analytes.iter().position(|x| x.name == stem)
            && let Some(q) = ctx
                .v
                .quantities
                .iter()
                .find(|q| q.start >= n.end && q.start < limit && q.unit.is_some())
            && unit_fits(&ctx.doc.lex.analytes[abs], q)
        {
            let q = q.clone();
            push_value(
                ctx,
                &Named {
                    idx: abs,
                    start: n.start,
                    end: n.end,
                },
                &q,
            );
        }
        let series = bracketed_unit_series(ctx, a, n.end, limit);
        if !series.values.is_empty() {
            push_chain(ctx, n, &series);
            continue;
        }
        if let Some(q) = bracketed_unit_value(ctx, n.end, limit)
            .or_else(|| scale_letter_value(ctx, a, n.end, limit))
            .filter(|q| unit_fits(a, q))
        {
            push_value(ctx, n, &q);
            continue;
        }
        // "Troponin I (ref <0.04 ng/mL): 8.4": the bracket after the name
        // prints the reference, not a value.
        let after_ref = reference_label(ctx, n.end).unwrap_or(n.end);
        let led = time_led_series(ctx, a, after_ref, limit);
        if !led.is_empty() {
            for (q, (t0, t1)) in led {
                let at = ctx.out.len();
                push_value(ctx, n, &q);
                at_time(ctx, at, (t0, t1));
            }
            continue;
        }
        let chain = change::chain(ctx, a, after_ref, limit);
        if !chain.values.is_empty() {
            push_chain(ctx, n, &chain);
            continue;
        }
        let value = ctx.v.quantities.iter().find(|q| {
            q.start >= after_ref
                && q.start < limit
                && unit_fits(a, q)
                && !told_as_a_difference(ctx, n.end, q)
                && (q.unit.is_some()
                    || table
                    || DIMENSIONLESS.contains(&a.unit.as_str())
                    || short_gap(ctx.text(n.end, q.start)))
        });
        match value.cloned() {
            Some(q) => {
                let at = ctx.out.len();
                push_value(ctx, n, &q);
                // A series runs on across its clauses ("9.8 g/dL on day 2,
                // 8.1 g/dL on day 4 and 10.2 g/dL on day 9"), up to the
                // next name.
                let series_end = named.get(i + 1).map_or(ctx.v.s.end, |next| next.start);
                let series_end =
                    next_other_mention(ctx, n.end).map_or(series_end, |m| m.min(series_end));
                later_values(ctx, n, (at, &q), series_end);
            }
            None => push_qualitative(ctx, n, limit),
        }
    }
}

/// "BUN/creatinine 16.6/0.7 mg/dL", "AST/ALT 45/60 U/L": names joined by
/// slashes take the numbers joined by slashes after them, in order, and
/// the last number's unit is theirs too.
fn slash_pairs(ctx: &mut Ctx, named: &[Named], used: &mut Vec<usize>) {
    let mut i = 0;
    while i < named.len() {
        let mut j = i;
        while j + 1 < named.len() && ctx.gap(named[j].end, named[j + 1].start) == Some("/") {
            j += 1;
        }
        let run = &named[i..=j];
        i = j + 1;
        if run.len() < 2 {
            continue;
        }
        let after = run[run.len() - 1].end;
        let Some(first) = ctx.v.quantities.iter().find(|q| q.start >= after) else {
            continue;
        };
        if first.unit.is_some() || !short_gap(ctx.text(after, first.start)) {
            continue;
        }
        // The numbers after a slash are no quantities of their own (the
        // number reader leaves "16.6/0.7" as 16.6): each is read here.
        let (text, end) = (ctx.doc.folded.text.as_str(), ctx.v.s.end);
        let mut qs = vec![first.clone()];
        while qs.len() < run.len() && qs[qs.len() - 1].unit.is_none() {
            let at = qs[qs.len() - 1].end;
            if !text[at..end].starts_with('/') {
                break;
            }
            match ctx
                .doc
                .quantities_parser
                .find(text, at + 1, end)
                .into_iter()
                .next()
            {
                Some(q) if q.start == at + 1 => qs.push(q),
                _ => break,
            }
        }
        if qs.len() != run.len() {
            continue;
        }
        let unit = qs[qs.len() - 1].unit.clone();
        for q in &mut qs {
            q.unit = q.unit.take().or_else(|| unit.clone());
        }
        let lex = ctx.doc.lex;
        if run
            .iter()
            .zip(&qs)
            .all(|(n, q)| unit_fits(&lex.analytes[n.idx], q))
        {
            for (n, q) in run.iter().zip(&qs) {
                push_value(ctx, n, q);
                used.push(n.start);
            }
        }
    }
}

/// A test-strip result: "protein 1+", "nitrite negative".
fn push_grade(ctx: &mut Ctx, n: &Named, (word, start, end): &(String, usize, usize)) {
    let a = &ctx.doc.lex.analytes[n.idx];
    // A grade may stand before its name ("1+ protein").
    let mut f = ctx.fact(kind_of(a), &a.name, n.start.min(*start), (*end).max(n.end));
    f.value = Some(Value::Text(word.clone()));
    f.set_part(PartRole::Value, Span::new(*start, *end));
    f.flag = match word.as_str() {
        "negative" | "nil" => Some(Flag::Normal),
        "trace" => None,
        _ => Some(Flag::Abnormal),
    };
    ctx.out.push(f);
}

/// Merges a name and its bracketed abbreviation into one mention.
fn group(ctx: &mut Ctx) -> Vec<Named> {
    let mut out: Vec<Named> = Vec::new();
    let mentions: Vec<Mention> = ctx.free_of(&[Cat::Analyte]);
    for m in mentions {
        if let Some(last) = out.last_mut() {
            let between = ctx.text(last.end, m.start).trim();
            if last.idx == m.idx && (between.is_empty() || between == "(" || between == ",") {
                last.end = m.end;
                let close = ctx.text(last.end, ctx.v.s.end);
                if close.starts_with(')') {
                    last.end += 1;
                }
                ctx.claimed.insert(m.start);
                continue;
            }
        }
        ctx.claimed.insert(m.start);
        out.push(Named {
            idx: m.idx,
            start: m.start,
            end: m.end,
        });
    }
    out
}

/// The start of the next mention of another kind of value (a drug, an
/// antibody, a device) after `pos`: a number beyond it is not ours.
fn next_other_mention(ctx: &Ctx, pos: usize) -> Option<usize> {
    // "SpO2 86% RA -> 94% on 4 L": room air is the reading's condition,
    // and the values go on after it.
    let on_air = |m: &Mention| {
        m.cat == Cat::Oxygen
            && ctx
                .v
                .cues_with("room-air")
                .any(|c| c.start <= m.start && m.end <= c.end)
    };
    ctx.v
        .mentions
        .iter()
        .filter(|m| {
            m.start >= pos
                && matches!(m.cat, Cat::Drug | Cat::Antibody | Cat::Oxygen | Cat::Micro)
                && !on_air(m)
        })
        .map(|m| m.start)
        .min()
}

/// "The CK fell to 2,140 U/L at week 4, 486 U/L at week 8 and 162 U/L at
/// week 16": after a dated first value, each later number in the same unit
/// with its own time is a value of the same test at that time.
///
/// The same for a trend written with arrows, where the first value may
/// have no time of its own: "Cr 1.4 -> 1.1 (03/10) -> 0.9 (03/13)".
fn later_values(ctx: &mut Ctx, n: &Named, (at, first): (usize, &Quantity), limit: usize) {
    let unit = first.unit.clone();
    let arrow = |q: &Quantity| arrow_after(ctx, q);
    if unit.is_none() && !arrow(first) {
        return;
    }
    let time_by = |q: &Quantity| time_right_after(ctx, q);
    let a = &ctx.doc.lex.analytes[n.idx];
    let qs = ctx.v.quantities;
    let after_first = qs.partition_point(|q| q.start <= first.end);
    let candidates = || {
        qs[after_first..]
            .iter()
            .take_while(|q| q.start < limit)
            .filter(|q| q.unit == unit && unit_fits(a, q))
    };
    // "34 ng/L, and 36 ng/L three hours later": an undated first value
    // joined straight to a dated second one is at the narrative's time,
    // and the second at its own.
    let joined = |q: &Quantity| {
        let gap = ctx.text(first.end, q.start).trim();
        matches!(
            gap,
            "and" | ", and" | ", then" | "then" | "and then" | ", and then"
        )
    };
    let placed = time_by(first).is_some() || arrow(first);
    let undated_first = !placed
        && candidates()
            .next()
            .is_some_and(|q| joined(q) && time_by(q).is_some());
    if !placed && !undated_first {
        return;
    }
    let later: Vec<(Quantity, (usize, usize))> = candidates()
        .map_while(|q| time_by(q).map(|t| (q.clone(), t)))
        .collect();
    if undated_first {
        let time = ctx.doc.time_up_to(ctx.v.idx, first.start);
        if let Some(f) = ctx.out.get_mut(at) {
            f.time = time;
            f.clear_part(PartRole::Time);
        }
    }
    for (q, (t0, t1)) in later {
        let at = ctx.out.len();
        push_value(ctx, n, &q);
        at_time(ctx, at, (t0, t1));
        if let Some(f) = ctx.out.get_mut(at) {
            f.spans = vec![Span::new(n.start, n.end), Span::new(q.start, q.end)];
        }
    }
}

/// Whether an arrow follows the value ("6.2 -> 5.1"): a trend goes on.
fn arrow_after(ctx: &Ctx, q: &Quantity) -> bool {
    let after = ctx.text_after(q.end, 6).trim_start();
    after.starts_with("->") || after.starts_with('\u{2192}')
}

/// The time expression written right after a value ("5.1 at 12 h", "1.1
/// (03/10)"): at most three bytes of words between them.
fn time_right_after(ctx: &Ctx, q: &Quantity) -> Option<(usize, usize)> {
    let times = ctx.v.times;
    times[times.partition_point(|t| t.start < q.end)..]
        .iter()
        .take_while(|t| t.start <= q.end + 12)
        .find(|t| ctx.text(q.end, t.start).trim().len() <= 3)
        .map(|t| (t.start, t.end))
}

/// The values of a change, each a result; when a time is written after
/// the last ("fell from 1800 to 900 U/mL by week 12"), the last is at that
/// time and the earlier ones before it: at the time the sentence stood at
/// before the change, when that is earlier, else just before the last.
fn push_chain(ctx: &mut Ctx, n: &Named, chain: &change::Chain) {
    push_chain_with(ctx, chain, |ctx, q| push_value(ctx, n, q));
}

/// [`push_chain`] with the facts of each value made by `push`.
pub(super) fn push_chain_with(
    ctx: &mut Ctx,
    chain: &change::Chain,
    mut push: impl FnMut(&mut Ctx, &Quantity),
) {
    let Some((last, earlier)) = chain.values.split_last() else {
        return;
    };
    if let Some((days, span)) = &chain.on_days {
        for (q, &day) in chain.values.iter().zip(days) {
            let at = ctx.out.len();
            push(ctx, q);
            at_day(ctx, at, day, *span);
        }
        return;
    }
    let Some((t0, t1)) = chain.last_time else {
        let at = ctx.out.len();
        for q in earlier {
            push(ctx, q);
        }
        let at_last = ctx.out.len();
        push(ctx, last);
        // "from 78% to 61% over six months": the last value that long
        // after the first.
        let first_day = ctx.out.get(at).and_then(|f| {
            (f.time.relation == casecourse_model::Relation::At)
                .then_some(f.time.day)
                .flatten()
        });
        if let (Some((days, span)), Some(day)) = (chain.over, first_day) {
            at_day(ctx, at_last, day + days, span);
        }
        return;
    };
    let (then, _) = ctx.doc.time_with_span_at(ctx.v.idx, t0);
    let before_then = earlier
        .first()
        .map(|q| ctx.doc.time_up_to(ctx.v.idx, q.start))
        .filter(|t| is_before(t, &then))
        .unwrap_or_else(|| match then.day {
            Some(day) => casecourse_model::Time::before(day),
            None => casecourse_model::Time::default(),
        });
    for q in earlier {
        let at = ctx.out.len();
        push(ctx, q);
        for f in ctx.out.iter_mut().skip(at) {
            if f.time.relation != casecourse_model::Relation::Before {
                f.time = before_then.clone();
                f.clear_part(PartRole::Time);
            }
        }
    }
    let at = ctx.out.len();
    push(ctx, last);
    at_time(ctx, at, (t0, t1));
}

/// Places the facts one value gave from `ctx.out[at]` on at `day` from
/// the index, the words of `[t0, t1)` saying when (as [`at_time`]).
fn at_day(ctx: &mut Ctx, at: usize, day: f64, (t0, t1): (usize, usize)) {
    for f in ctx.out.iter_mut().skip(at) {
        if f.time.relation != casecourse_model::Relation::Before {
            f.time = casecourse_model::Time::at(day);
            f.set_part(PartRole::Time, Span::new(t0, t1));
        }
    }
}

/// Whether `a` is a point strictly before the point or start of `b`.
fn is_before(a: &casecourse_model::Time, b: &casecourse_model::Time) -> bool {
    use casecourse_model::Relation;
    let start = |t: &casecourse_model::Time| t.day.or(t.start_day);
    a.relation == Relation::At
        && matches!(b.relation, Relation::At | Relation::After)
        && start(a)
            .zip(start(b))
            .is_some_and(|(x, y)| x < y || (x == y && b.relation == Relation::After))
}

/// Places the facts one value gave from `ctx.out[at]` on (the value, and
/// the same result in another unit) at the time expression `[t0, t1)`;
/// a baseline bracketed after the value keeps its own time.
fn at_time(ctx: &mut Ctx, at: usize, (t0, t1): (usize, usize)) {
    let (time, _) = ctx.doc.time_with_span_at(ctx.v.idx, t0);
    for f in ctx.out.iter_mut().skip(at) {
        if f.time.relation != casecourse_model::Relation::Before {
            f.time = time.clone();
            f.set_part(PartRole::Time, Span::new(t0, t1));
        }
    }
}

/// "Troponin I: HD 1 8.4 -> HD 2 21.6 (peak) -> HD 5 3.1 ng/mL": a series
/// written time first, each number the test's value at the time before it,
/// a unit written once, after the last (a number without one takes it).
/// Two pairs at least, joined by an arrow, a comma or a semicolon (a note
/// in brackets between them is skipped); none: empty.
fn time_led_series(
    ctx: &Ctx,
    a: &Analyte,
    from: usize,
    limit: usize,
) -> Vec<(Quantity, (usize, usize))> {
    let mut pairs: Vec<(Quantity, (usize, usize))> = Vec::new();
    let mut pos = from;
    let mut arrows = false;
    let (times, qs) = (ctx.v.times, ctx.v.quantities);
    let first = times.partition_point(|t| t.start < from);
    for t in times[first..].iter().take_while(|t| t.start < limit) {
        // The words between, less a bracketed note on either side of them
        // ("(peak) ->", "-> (peak)").
        let gap = ctx.text(pos, t.start);
        let gap = match (gap.find('('), gap.rfind(')')) {
            (Some(open), Some(close)) if open < close => {
                let (head, tail) = (gap[..open].trim(), gap[close + 1..].trim());
                if head.is_empty() {
                    tail
                } else if tail.is_empty() {
                    head
                } else {
                    gap
                }
            }
            _ => gap,
        };
        let gap = gap.trim();
        let joins = if pairs.is_empty() {
            gap.is_empty() || gap == ":"
        } else {
            matches!(gap, "->" | "\u{2192}" | "," | ";")
        };
        if !joins {
            break;
        }
        arrows |= gap == "->" || gap == "\u{2192}";
        let Some(q) = qs.get(qs.partition_point(|q| q.start < t.end)) else {
            break;
        };
        if q.start >= limit || !matches!(ctx.text(t.end, q.start).trim(), "" | ":") {
            break;
        }
        pairs.push((q.clone(), (t.start, t.end)));
        pos = q.end;
    }
    // "day 3, 5 mg": two pairs joined by commas only are too loose unless
    // every number carries the test's unit.
    let unit = pairs.iter().rev().find_map(|(q, _)| q.unit.clone());
    let all_united = pairs.iter().all(|(q, _)| q.unit.is_some());
    if pairs.len() < 2 || unit.is_none() || !(arrows || all_united) {
        return Vec::new();
    }
    for (q, _) in &mut pairs {
        if q.unit.is_none() {
            q.unit = unit.clone();
        }
    }
    if !pairs.iter().all(|(q, _)| unit_fits(a, q)) {
        return Vec::new();
    }
    pairs
}

/// "T 102.3 F", "Temp 38.4 C": a bare scale letter after a temperature's
/// number is its unit. Only for a test measured in both scales, and only
/// as a word of its own ("F" alone is too ambiguous to be a unit anywhere
/// else: "45 yo F").
fn scale_letter_value(ctx: &Ctx, a: &Analyte, name_end: usize, limit: usize) -> Option<Quantity> {
    if !(a.unit == "Cel" && a.units.iter().any(|u| u == "[degF]")) {
        return None;
    }
    let q = ctx
        .v
        .quantities
        .iter()
        .find(|q| q.start >= name_end && q.start < limit)?;
    if q.unit.is_some() || !short_gap(ctx.text(name_end, q.start)) {
        return None;
    }
    let after = ctx.text(q.end, ctx.v.s.end);
    let letter = after.trim_start_matches(' ');
    let unit = match letter.as_bytes() {
        [b'F', rest @ ..] if rest.first().is_none_or(|c| !c.is_ascii_alphanumeric()) => "[degF]",
        [b'C', rest @ ..] if rest.first().is_none_or(|c| !c.is_ascii_alphanumeric()) => "Cel",
        _ => return None,
    };
    let end = q.end + (after.len() - letter.len()) + 1;
    Some(Quantity {
        end,
        unit: Some(unit.to_string()),
        ..q.clone()
    })
}

/// "Potassium (mmol/L) 4.9", "CRP (mg/L): 86": a unit in brackets after the
/// name is the unit of the bare number that follows.
fn bracketed_unit_value(ctx: &Ctx, name_end: usize, limit: usize) -> Option<Quantity> {
    let (close, unit) = bracketed_unit(ctx, name_end, limit)?;
    let q = ctx
        .v
        .quantities
        .iter()
        .find(|q| q.start > close && q.start < limit)?;
    let gap = ctx.text(close + 1, q.start);
    if q.unit.is_some() || !(gap.trim().is_empty() || gap.trim() == ":" || short_gap(gap)) {
        return None;
    }
    Some(Quantity {
        unit: Some(unit),
        ..q.clone()
    })
}

/// The unit in a bracket right after a test's name ("ferritin (ng/mL)"),
/// with where the bracket closes.
fn bracketed_unit(ctx: &Ctx, name_end: usize, limit: usize) -> Option<(usize, String)> {
    let after = ctx.text(name_end, limit);
    let open = name_end + after.find('(').filter(|&i| after[..i].trim().is_empty())?;
    let close = open + ctx.text(open, limit).find(')')?;
    let text = &ctx.doc.folded.text;
    let (unit_end, unit) = ctx.doc.quantities_parser.unit_at(text, open + 1, close)?;
    ctx.text(unit_end, close)
        .trim()
        .is_empty()
        .then_some((close, unit))
}

/// "Serial ferritin (ng/mL): 1,200 / 3,450 / 8,900": a change or series
/// of bare numbers after a name that prints its unit in a bracket, each
/// in that unit.
fn bracketed_unit_series(ctx: &Ctx, a: &Analyte, name_end: usize, limit: usize) -> change::Chain {
    let Some((close, unit)) = bracketed_unit(ctx, name_end, limit) else {
        return change::Chain::default();
    };
    let mut chain = change::chain_by(ctx, |q| q.unit.is_none(), close + 1, limit);
    let gap = chain
        .values
        .first()
        .map(|q| ctx.text(close + 1, q.start).trim());
    for q in &mut chain.values {
        q.unit = Some(unit.clone());
    }
    if !gap.is_some_and(|g| g.is_empty() || g == ":")
        || !chain.values.iter().all(|q| unit_fits(a, q))
    {
        return change::Chain::default();
    }
    chain
}

/// "WBC 14.2", "Hb: 9.8", "CRP was 86": a bare number close to its name.
/// The end of a bracket right after a test's name that prints its
/// reference interval ("Troponin I (ref <0.04 ng/mL)", "CRP (normal <5)").
fn reference_label(ctx: &Ctx, name_end: usize) -> Option<usize> {
    let rest = ctx.text_after(name_end, 48);
    let inner = rest.trim_start().strip_prefix(['(', '['])?;
    let word: String = inner
        .chars()
        .take_while(char::is_ascii_alphabetic)
        .collect::<String>()
        .to_ascii_lowercase();
    let close = rest.find([')', ']'])?;
    ["ref", "reference", "normal", "rr", "nr", "range"]
        .contains(&word.as_str())
        .then_some(name_end + close + 1)
}

/// "Hb dropped by 30 g/L to 68 g/L", "increased by 20%": a number after
/// "by" (between the name and it) is how much the value changed, not the
/// value.
fn told_as_a_difference(ctx: &Ctx, name_end: usize, q: &Quantity) -> bool {
    let before = ctx.doc.lower_text(name_end, q.start).trim_end();
    before == "by" || before.ends_with(" by")
}

/// Words between a test's name and a number written without a unit that
/// keep the number the test's: "CRP was 86", "potassium rose to 6.1",
/// "the CRP had come down to 35".
const TO_A_BARE_VALUE: &[&str] = &[
    "was",
    "is",
    "of",
    "at",
    "were",
    "level",
    "levels",
    "count",
    "had",
    "has",
    "been",
    "to",
    "rose",
    "risen",
    "fell",
    "fallen",
    "dropped",
    "decreased",
    "increased",
    "declined",
    "improved",
    "climbed",
    "peaked",
    "reached",
    "came",
    "come",
    "down",
    "up",
    "further",
];

/// Whether `between` (a name's end to a number) is a few of the words of
/// [`TO_A_BARE_VALUE`] and nothing else.
fn short_gap(between: &str) -> bool {
    let words: Vec<&str> = between
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    between.len() <= 24
        && words.len() <= 4
        && words
            .iter()
            .all(|w| TO_A_BARE_VALUE.contains(&w.to_ascii_lowercase().as_str()))
}

/// The unit a number written without one is read in for its flag: the
/// usual unit, unless there the number is implausible or far outside the
/// reference interval ("Cr 1.4" is mg/dL, "Hgb 14.5" g/dL, "pCO2 5.3" kPa,
/// "glucose 95" mg/dL: read in the usual unit they would be impossible
/// results in a living patient); then, of the units the test is reported
/// in where the number is plausible, the one that puts it nearest the
/// interval. A value a few times high stays in the usual unit: "lactate
/// 4.1" is 4.1 mmol/L, high, not 0.46 mmol/L read as mg/dL.
fn bare_unit(a: &Analyte, v: f64) -> Option<&str> {
    let units = || {
        std::iter::once(a.unit.as_str())
            .chain(a.conversions.iter().map(|c| c.from.as_str()))
            .filter(|u| plausible(a, v, u))
    };
    if a.ref_low.is_none() && a.ref_high.is_none() {
        return units().next();
    }
    // A quarter of the lower limit: no living patient's creatinine,
    // haemoglobin or PaCO2 lies that far below it in the usual unit; eight
    // times the upper one is further than a lactate of 15 mmol/L or a
    // glucose of 40 mmol/L, and nearer than a glucose of 45 mg/dL.
    let far_out =
        a.ref_low.is_some_and(|lo| v < lo / 4.0) || a.ref_high.is_some_and(|hi| v > hi * 8.0);
    if plausible(a, v, &a.unit) && !far_out {
        return Some(a.unit.as_str());
    }
    // How far outside the interval, as a log ratio (0 inside it).
    let distance = |u: &str| {
        let c = a.to_canonical(v, u).unwrap_or(v);
        if c <= 0.0 {
            return f64::INFINITY;
        }
        let below = a
            .ref_low
            .filter(|&lo| lo > 0.0 && c < lo)
            .map(|lo| (lo / c).ln());
        let above = a
            .ref_high
            .filter(|&hi| hi > 0.0 && c > hi)
            .map(|hi| (c / hi).ln());
        below.or(above).unwrap_or(0.0)
    };
    units()
        .fold(None, |best: Option<(&str, f64)>, u| {
            let d = distance(u);
            match best {
                Some((_, bd)) if bd <= d => best,
                _ => Some((u, d)),
            }
        })
        .map(|(u, _)| u)
}

/// Whether `v` in `unit` lies within the test's plausible limits, which are
/// in its canonical unit ("102.4 °F" is 39.1 Cel); a unit without a
/// conversion is taken as canonical.
fn plausible(a: &Analyte, v: f64, unit: &str) -> bool {
    let c = a.to_canonical(v, unit).unwrap_or(v);
    a.plausible_min.is_none_or(|lo| c >= lo) && a.plausible_max.is_none_or(|hi| c <= hi)
}

fn unit_fits(a: &Analyte, q: &Quantity) -> bool {
    // A panel read in words ("LFTs normal") takes no number: "repeat LFTs
    // 2/52" is a time.
    if a.unit == IN_WORDS_ONLY {
        return false;
    }
    match &q.unit {
        Some(u) if u == TIMES_UPPER_LIMIT => a.ref_high.is_some() && q.value > 0.0,
        Some(u) => {
            plausible(a, q.value, u)
                && (a.lists_unit(u)
                    // A converted unit, another prefix of a concentration
                    // ("glucose 2.70 g/L") or an enzyme's IU/L.
                    || a.to_canonical(q.value, u).is_some())
        }
        // "Cr 1.4" in a US note: a bare number may be in any unit the
        // test is reported in.
        None => bare_unit(a, q.value).is_some(),
    }
}

/// "70% neutrophils and 20% lymphocytes", "(79% lymphocytes, 4%
/// monocytes)": a percentage written right before a name is that name's,
/// not the next one's (the search after a name would give each the
/// percentage of the one after it).
fn values_before_names(ctx: &mut Ctx, named: &[Named], used: &mut Vec<usize>) {
    let qs = ctx.v.quantities;
    for n in named {
        let Some(q) = qs.iter().take_while(|q| q.end <= n.start).last() else {
            continue;
        };
        if q.unit.as_deref() != Some("%") || !ctx.text(q.end, n.start).trim().is_empty() {
            continue;
        }
        // "Neutrophils 70% lymphocytes 20%": a value right after a name is
        // that name's, written the usual way round.
        let after_a_name = named
            .iter()
            .rev()
            .find(|p| p.end <= q.start)
            .is_some_and(|p| {
                matches!(
                    ctx.text(p.end, q.start).trim(),
                    "" | ":" | "=" | "of" | "was" | "is" | "were"
                )
            });
        if after_a_name {
            continue;
        }
        let idx = result_entry::entry_for(ctx, n.idx, n.start, Some(q), false, unit_fits);
        if !unit_fits(&ctx.doc.lex.analytes[idx], q) {
            continue;
        }
        let q = q.clone();
        push_value(
            ctx,
            &Named {
                idx,
                start: n.start,
                end: n.end,
            },
            &q,
        );
        used.push(n.start);
    }
}

fn push_value(ctx: &mut Ctx, n: &Named, q: &Quantity) {
    let a = &ctx.doc.lex.analytes[n.idx];
    // The words run from the first of name and value to the last of them
    // ("38% lymphocytes" is written value first).
    let mut f = ctx.fact(kind_of(a), &a.name, n.start.min(q.start), q.end.max(n.end));
    // "His history included chronic kidney disease (baseline creatinine
    // 1.5 mg/dL)": a value given with a past condition is from before.
    let listed_here = || {
        let clause = ctx.clause_start(n.start);
        ctx.v
            .cues_with("history-intro")
            .any(|c| c.start >= clause && c.end <= n.start)
    };
    if a.kind == "lab" && listed_here() && ctx.in_history_list(n.start) {
        f.time = casecourse_model::Time::before(0.0);
        f.clear_part(PartRole::Time);
    }
    f.value = Some(Value::Number(q.value));
    f.comparator = q.comparator;
    f.set_part(PartRole::Value, Span::new(q.start, q.end));
    // A bare vital sign ("HR 118, RR 28") is in the unit where it is
    // plausible, its usual one first ("Temp 101.2" is in degF, "FiO2 0.4"
    // a fraction).
    f.unit = q.unit.clone().or_else(|| {
        (DIMENSIONLESS.contains(&a.unit.as_str()) || a.kind == "vital")
            .then(|| bare_unit(a, q.value).unwrap_or(&a.unit).to_string())
    });
    if let Some(l) = &a.loinc {
        f.code = Some(casecourse_model::Code {
            system: "LOINC".into(),
            code: l.clone(),
        });
    }
    // Words before the value, or "both within normal limits" right after it.
    let stated = stated_flag(ctx, n.start.saturating_sub(16), q.end, q.end).or_else(|| {
        stated_flag(ctx, q.end, q.end + 40, q.end).filter(|_| {
            let after = ctx
                .text(q.end, (q.end + 40).min(ctx.v.s.end))
                .to_ascii_lowercase();
            after.trim_start_matches([',', ' ']).starts_with("both")
                || after.trim_start_matches([',', ' ']).starts_with("all")
                || after.trim_start_matches([',', ' ']).starts_with("which")
                || after.trim_start_matches([',', ' ']).starts_with("within")
                || after
                    .trim_start_matches([',', ' '])
                    .starts_with("respectively")
        })
    });
    if q.unit.as_deref() == Some(TIMES_UPPER_LIMIT) {
        // Its own scale: the upper limit is 1, whatever the lab's unit.
        f.flag = bound_flag(q.value, q.comparator, None, Some(1.0));
        ctx.out.push(f);
        return;
    }
    // The interval printed beside the value wins over the lexicon's.
    let printed = printed_range(ctx, q, f.unit.as_deref().unwrap_or(&a.unit));
    // A printed interval is the authors' own and outranks flag words;
    // those outrank the lexicon's fallback interval.
    f.flag = match &printed {
        Some(r) => bound_flag(q.value, q.comparator, r.low, r.high).or(stated),
        None => stated.or_else(|| {
            let r = reference(a)?;
            let unit = match q.unit.as_deref() {
                Some(u) => u,
                None => bare_unit(a, q.value)?,
            };
            let v = a.to_canonical(q.value, unit)?;
            bound_flag(v, q.comparator, r.low, r.high)
        }),
    };
    f.reference_range = printed.or_else(|| reference(a));
    let unit = f.unit.clone();
    let kind = f.kind;
    ctx.out.push(f);
    if let Some(alt) = bracketed_other_unit(ctx, q, &ctx.doc.lex.analytes[n.idx]) {
        // "HbA1c 11.2% (99 mmol/mol)": the same result in its other unit,
        // a value as the text wrote it.
        let mut other = ctx.fact(kind, &ctx.doc.lex.analytes[n.idx].name, alt.start, alt.end);
        if let Some(f) = ctx.out.last() {
            other.time = f.time.clone();
        }
        other.spans = vec![Span::new(n.start, n.end), Span::new(alt.start, alt.end)];
        other.value = Some(Value::Number(alt.value));
        other.comparator = alt.comparator;
        other.unit = alt.unit.clone();
        other.flag = ctx.out.last().and_then(|f| f.flag);
        other.set_part(PartRole::Value, Span::new(alt.start, alt.end));
        ctx.out.push(other);
    }
    if let Some(b) = bracketed_baseline(ctx, q) {
        // "Creat 131 umol/L (baseline 84)": the patient's usual value,
        // from before the illness, in the value's unit unless it has one.
        let mut before = ctx.fact(kind, &a.name, b.start, b.end);
        before.time = casecourse_model::Time::before(0.0);
        before.clear_part(PartRole::Time);
        before.value = Some(Value::Number(b.value));
        before.unit = b.unit.clone().or(unit);
        before.set_part(PartRole::Value, Span::new(b.start, b.end));
        ctx.out.push(before);
    }
}

/// "11.2% (99 mmol/mol)", "24.2 mmol/L (436 mg/dL)": the only quantity in
/// the bracket right after a value, in another unit the test is reported in.
fn bracketed_other_unit(ctx: &Ctx, q: &Quantity, a: &Analyte) -> Option<Quantity> {
    let unit = q.unit.as_deref()?;
    let (from, to) = bracket_after(ctx, q)?;
    let b = only_quantity(ctx, from, to)?;
    let lone = ctx.text(from, b.start).trim().is_empty();
    let other = b.unit.as_deref().is_some_and(|u| u != unit);
    (lone && other && unit_fits(a, &b)).then_some(b)
}

/// The number of "(baseline 84)" or "(usual 84 umol/L)" right after a
/// value: the only number in the bracket, after that word.
fn bracketed_baseline(ctx: &Ctx, q: &Quantity) -> Option<Quantity> {
    let (from, to) = bracket_after(ctx, q)?;
    let inner = ctx.text(from, to);
    let word = ["baseline", "usual", "premorbid", "pre-morbid"]
        .into_iter()
        .find(|w| {
            inner
                .get(..w.len())
                .is_some_and(|p| p.eq_ignore_ascii_case(w))
        })?;
    only_quantity(ctx, from + word.len(), to)
}

/// The inside of a bracket opened right after a value, within 32 bytes.
fn bracket_after(ctx: &Ctx, q: &Quantity) -> Option<(usize, usize)> {
    let after = ctx.text_after(q.end, 32);
    let open = after.len() - after.trim_start().len();
    let inner = after.trim_start().strip_prefix('(')?;
    let close = inner.find(')')?;
    Some((q.end + open + 1, q.end + open + 1 + close))
}

/// The one quantity inside `[from, to)`, if there is exactly one.
fn only_quantity(ctx: &Ctx, from: usize, to: usize) -> Option<Quantity> {
    let mut inside = ctx
        .v
        .quantities
        .iter()
        .filter(|x| x.start >= from && x.end <= to);
    let b = inside.next()?;
    inside.next().is_none().then(|| b.clone())
}

/// A reference interval as printed after a value (see [`printed_range`]).
pub fn printed_range_pattern() -> regex::Regex {
    let num = r"-?\d+(?:\.\d+)?";
    regex::Regex::new(&format!(
        r"(?i-u)^\s*(?P<open>[(\[])?\s*(?:(?:reference|normal|negative|neg\.?|ref\.?|rr|nr|cut-?off)(?:\s+(?:range|interval|values?|limits?))?\s*[:=]?\s*)?(?:(?P<cmp><=|>=|<|>)\s*(?P<bound>{num})|(?P<lo>{num})\s*(?:-|to)\s*(?P<hi>{num}))\s*(?P<unit>(?u:[^\s()\[\],;])+)?\s*(?P<close>[)\]])?"
    ))
    .expect("reference range pattern")
}

/// The reference interval printed right after a value, in the value's
/// unit: "642 U/L (30-130)", "98 umol/L (reference <21)", "4% (normal
/// 60-130%)", an assay's "68 IU/mL (negative <3.5)"; in a flattened table also without brackets ("2450 ng/mL
/// 30-400"). A printed unit that differs from the value's is not taken.
pub(super) fn printed_range(ctx: &Ctx, q: &Quantity, unit: &str) -> Option<ReferenceRange> {
    let re = &ctx.doc.shapes.printed_range;
    let end = (q.end + 60).min(ctx.v.s.end);
    let c = re.captures(ctx.text(q.end, end))?;
    let bracketed = c.name("open").is_some() && c.name("close").is_some();
    let table = ctx.v.origin() == Some(casecourse_model::Origin::Table);
    let bare = c.name("open").is_none() && c.name("close").is_none();
    if !(bracketed || table && bare) {
        return None;
    }
    if let Some(u) = c.name("unit") {
        let u = u.as_str();
        let read = ctx.doc.quantities_parser.unit_at(u, 0, u.len());
        if read.is_some_and(|(_, ucum)| ucum != unit) {
            return None;
        }
    }
    printed_limits(&c, unit)
}

/// The interval a match of [`printed_range_pattern`] states, in `unit`.
pub(super) fn printed_limits(c: &regex::Captures, unit: &str) -> Option<ReferenceRange> {
    let n = |k: &str| c.name(k).and_then(|m| m.as_str().parse::<f64>().ok());
    let (low, high) = match c.name("cmp").map(|m| m.as_str()) {
        Some("<" | "<=") => (None, n("bound")),
        Some(_) => (n("bound"), None),
        None => (n("lo"), n("hi")),
    };
    if low.zip(high).is_some_and(|(l, h)| l > h) || (low.is_none() && high.is_none()) {
        return None;
    }
    Some(ReferenceRange {
        low,
        high,
        unit: unit.to_string(),
        source: "text".into(),
    })
}

/// The flag of a value `v` against `[low, high]`. A bound ("<1") is flagged
/// only when every value it allows has the same flag: "<1" with 60-130 is
/// low, ">90" with 60-130 could be normal or high and gets no flag.
pub(super) fn bound_flag(
    v: f64,
    comparator: Option<Comparator>,
    low: Option<f64>,
    high: Option<f64>,
) -> Option<Flag> {
    let below_low = low.is_some_and(|lo| v < lo);
    let above_high = high.is_some_and(|hi| v > hi);
    match comparator {
        None if below_low => Some(Flag::Low),
        None if above_high => Some(Flag::High),
        None => Some(Flag::Normal),
        Some(Comparator::Lt | Comparator::Le) => {
            if low.is_some_and(|lo| v <= lo) {
                Some(Flag::Low)
            } else {
                (low.is_none() && !above_high).then_some(Flag::Normal)
            }
        }
        Some(Comparator::Gt | Comparator::Ge) => {
            if high.is_some_and(|hi| v >= hi) {
                Some(Flag::High)
            } else {
                (high.is_none() && !below_low).then_some(Flag::Normal)
            }
        }
    }
}

fn push_qualitative(ctx: &mut Ctx, n: &Named, limit: usize) {
    if !matches!(
        ctx.v.origin(),
        Some(casecourse_model::Origin::Body | casecourse_model::Origin::Table)
    ) {
        return;
    }
    let window_end = limit.min(n.end + 60);
    // Total immunoglobulins are measured, never positive: "EBNA IgG
    // negative" is a serology whose isotype the name ends with.
    let isotype = ctx.doc.lex.analytes[n.idx]
        .name
        .starts_with("immunoglobulin");
    if let Some(word) = result_said(ctx, n.end, window_end).filter(|_| !isotype) {
        let a = &ctx.doc.lex.analytes[n.idx];
        let mut f = ctx.fact(kind_of(a), &a.name, n.start, n.end);
        f.flag = Some(match word {
            "negative" => Flag::Normal,
            _ => Flag::Abnormal,
        });
        f.value = Some(Value::Text(word.into()));
        f.result = Some(word.into());
        ctx.out.push(f);
        return;
    }
    // "Serum ferritin, and inflammatory marker levels returned to normal",
    // "Full blood count, renal function and thyroid function were
    // normal": coordinated names share the predicate of the last.
    let coordinating = |from: usize, to: usize| {
        to < ctx.v.s.end
            && ctx
                .doc
                .lower_text(from, to)
                .split(|c: char| !c.is_alphanumeric())
                .all(|w| ["", "and", "levels", "level", "serum", "the", "or"].contains(&w))
    };
    let shared = || {
        let (mut start, mut end) = (n.end, limit);
        // At most a handful of names in one list.
        for _ in 0..8 {
            if !coordinating(start, end) {
                return None;
            }
            let next = ctx.v.mentions.iter().find(|m| m.start == end)?;
            if let Some(flag) = stated_flag(ctx, next.end, (next.end + 60).min(ctx.v.s.end), end) {
                return Some(flag);
            }
            let after = ctx
                .v
                .mentions
                .iter()
                .find(|m| m.cat == Cat::Analyte && m.start >= next.end)?;
            (start, end) = (next.end, after.start);
        }
        None
    };
    let direct = stated_flag(ctx, n.end, window_end, n.end);
    let said_directly = direct.is_some();
    // Only a laboratory test is flagged from the word before it: "a
    // reduced pulse" is felt at an artery, not a heart rate counted.
    // A sentence about another specimen (CSF, lavage, a biopsy) flags
    // that specimen's tests, which the lexicon names apart.
    let lab = ctx.doc.lex.analytes[n.idx].kind == "lab"
        && ctx.v.cues_with("lab-specimen").next().is_none();
    let ahead = lab.then(|| flag_before(ctx, n.start, n.end)).flatten();
    let Some(flag) = ahead.or(direct).or_else(shared) else {
        return;
    };
    let a = &ctx.doc.lex.analytes[n.idx];
    // A panel is high or low only when the words say it of the panel
    // ("liver enzymes were rising", or of a list it ends: "liver enzymes
    // and CK were raised"): "decreased renal function ... with increased
    // serum creatinine" is the creatinine's, and a function that is "high"
    // says nothing.
    if a.unit == IN_WORDS_ONLY
        && flag != Flag::Normal
        && said_directly
        && !said_of(ctx, n.end, limit)
        && ahead.is_none()
    {
        return;
    }
    let mut f = ctx.fact(kind_of(a), &a.name, n.start, n.end);
    // "without elevated transaminases", "can cause elevated transaminases":
    // a flag before the name states a result only when asserted.
    if ahead.is_some() {
        let said = ctx.assert(&mut f, n.start, n.end);
        if said.negated || f.certainty != casecourse_model::Certainty::Affirmed {
            return;
        }
    }
    let word = match flag {
        Flag::High => "high",
        Flag::Low => "low",
        Flag::Normal => "normal",
        Flag::Abnormal => "abnormal",
    };
    f.value = Some(Value::Text(word.into()));
    f.flag = Some(flag);
    ctx.out.push(f);
}

/// "Troponin was negative", "serum beta-D-glucan was positive": a test
/// reported by its result word alone, said right after its name. Not a
/// result that names what it found ("positive for protein"), which is the
/// found thing's.
fn result_said(ctx: &Ctx, from: usize, to: usize) -> Option<&'static str> {
    let c = ctx.v.cues.iter().find(|c| {
        c.start >= from
            && c.end <= to
            && c.cue.role.starts_with("result-")
            && ctx
                .doc
                .lower_text(from, c.start)
                .split(' ')
                .all(|w| w.is_empty() || PREDICATE_WORDS.contains(&w))
    })?;
    let phrase = c.cue.phrase.as_str();
    let plain = [
        "positive",
        "negative",
        "detected",
        "undetectable",
        "reactive",
        "pos",
        "neg",
    ]
    .iter()
    .any(|w| phrase.ends_with(w));
    if !plain || ctx.next_word(c.end) == "for" {
        return None;
    }
    match c.cue.value.as_deref() {
        Some("positive") => Some("positive"),
        Some("negative") => Some("negative"),
        _ => None,
    }
}

/// Words that may stand between a name and the flag said of it: "liver
/// enzymes *were mildly* raised".
const PREDICATE_WORDS: &[&str] = &[
    "was",
    "were",
    "is",
    "are",
    "be",
    "been",
    "has",
    "have",
    "had",
    "remained",
    "remains",
    "became",
    "noted",
    "found",
    "to",
    "still",
    "now",
    "further",
    "mildly",
    "markedly",
    "slightly",
    "moderately",
    "significantly",
    "persistently",
    "transiently",
    "very",
    "highly",
    "severely",
    "grossly",
    "extremely",
    "substantially",
    "also",
    "again",
    "all",
    "both",
];

/// Words that may stand between a flag and the test it flags: "elevated
/// *serum* ALT". (Words of degree come before the flag: "markedly
/// elevated CRP".)
const SPECIMEN_WORDS: &[&str] = &["serum", "plasma", "blood"];

/// Words after a test's name that make it a modifier of another noun: "a
/// low sodium diet", "increased potassium intake".
const HEAD_NOUNS_AFTER: &[&str] = &[
    "diet",
    "diets",
    "dialysate",
    "intake",
    "uptake",
    "supplement",
    "supplements",
    "supplementation",
    "formula",
    "restriction",
    "replacement",
    "infusion",
    "bath",
];

/// A flag said right before the test named from `pos` to `end`: "elevated
/// CRP", "markedly raised inflammatory markers", "normal renal function".
/// None when the flag is another thing's: joined to its next word
/// ("high-sensitivity"), the predicate of a test named before it
/// ("ferritin low CRP high"), or when the name modifies a noun after it
/// ("low sodium diet").
fn flag_before(ctx: &Ctx, pos: usize, end: usize) -> Option<Flag> {
    if HEAD_NOUNS_AFTER.contains(&ctx.next_word(end)) || ctx.lower_after(end, 1) == "-" {
        return None;
    }
    let from = ctx.clause_start(pos).max(pos.saturating_sub(40));
    let cue = ctx.v.cues.iter().rfind(|c| {
        c.cue.role.starts_with("flag-") && c.start >= from && c.end < pos && {
            let gap = ctx.doc.lower_text(c.end, pos);
            gap.starts_with(' ')
                && gap
                    .split(' ')
                    .all(|w| w.is_empty() || SPECIMEN_WORDS.contains(&w))
        }
    })?;
    // "Ferritin low CRP high": the "low" is said of the ferritin.
    let said_of_earlier = ctx
        .v
        .mentions
        .iter()
        .filter(|m| m.cat == Cat::Analyte && m.end <= cue.start && m.end >= from)
        .any(|m| {
            ctx.doc
                .lower_text(m.end, cue.start)
                .split(' ')
                .all(|w| w.is_empty() || PREDICATE_WORDS.contains(&w))
        });
    if said_of_earlier {
        return None;
    }
    match cue.cue.value.as_deref() {
        Some("high") => Some(Flag::High),
        Some("low") => Some(Flag::Low),
        Some("normal") => Some(Flag::Normal),
        _ => None,
    }
}

/// Whether a flag cue follows `pos` behind predicate words only.
fn said_of(ctx: &Ctx, pos: usize, limit: usize) -> bool {
    let gap = ctx.doc.lower_text(pos, limit);
    let mut at = pos;
    for w in gap.split(' ') {
        if ctx
            .v
            .cues
            .iter()
            .any(|c| c.start == at && c.cue.role.starts_with("flag-"))
        {
            return true;
        }
        if !w.is_empty() && !PREDICATE_WORDS.contains(&w) {
            return false;
        }
        at += w.len() + 1;
    }
    false
}

/// A flag the text states in words between `from` and `to`, the nearest to
/// `anchor` first.
fn stated_flag(ctx: &Ctx, from: usize, to: usize, anchor: usize) -> Option<Flag> {
    ctx.v
        .cues
        .iter()
        .filter(|c| c.start >= from && c.end <= to && c.cue.role.starts_with("flag-"))
        // "high-sensitivity troponin", "low-dose": a modifier, not a flag;
        // "fell to", "increased from": a change, not where the value lies.
        .filter(|c| {
            let after = ctx.text(c.end, (c.end + 6).min(ctx.v.s.end));
            !after.starts_with('-') && !after.starts_with(" to ") && !after.starts_with(" from ")
        })
        // "(normal range 0.5-2.4)", "(normal: <0.014)", "42% of normal":
        // the label of a reference, not the reading.
        .filter(|c| !labels_a_reference(ctx, c.start, c.end))
        .filter(|c| {
            !ctx.v
                .mentions
                .iter()
                .any(|m| m.cat == Cat::Analyte && m.start > anchor && m.start < c.start)
        })
        .min_by_key(|c| c.start.abs_diff(anchor))
        .and_then(|c| match c.cue.value.as_deref() {
            Some("high") => Some(Flag::High),
            Some("low") => Some(Flag::Low),
            Some("normal") => Some(Flag::Normal),
            _ => None,
        })
}

/// Whether the flag word at `[start, end)` labels a reference rather than
/// a reading: it opens a bracket, follows "of", or is followed by a range
/// word, a colon or a number.
fn labels_a_reference(ctx: &Ctx, start: usize, end: usize) -> bool {
    let before = ctx
        .doc
        .lower_text(ctx.v.s.start.max(start.saturating_sub(4)), start);
    let after = ctx.doc.lower_text(end, (end + 12).min(ctx.v.s.end));
    let after_words = after.trim_start();
    before.trim_end().ends_with('(')
        || before.ends_with("of ")
        || after.starts_with(':')
        || after_words.starts_with(|c: char| c.is_ascii_digit() || c == '<' || c == '>')
        // Whole words: "normal reflexes" is a reading.
        || matches!(
            after_words
                .split(|c: char| !c.is_ascii_alphabetic())
                .next()
                .unwrap_or(""),
            "range" | "ranges" | "limit" | "limits" | "interval" | "value" | "values" | "ref"
                | "reference"
        )
}

fn reference(a: &Analyte) -> Option<ReferenceRange> {
    if a.ref_low.is_none() && a.ref_high.is_none() {
        return None;
    }
    Some(ReferenceRange {
        low: a.ref_low,
        high: a.ref_high,
        unit: a.unit.clone(),
        source: a
            .ref_source
            .clone()
            .unwrap_or_else(|| "casecourse lexicon (data/lexicon/analytes.toml)".into()),
    })
}

/// The kind of fact a value of `a` is.
pub(super) fn kind_of(a: &Analyte) -> Kind {
    match a.kind.as_str() {
        "vital" => Kind::Vital,
        "pft" => Kind::Pft,
        "exam" => Kind::Exam,
        "finding" => Kind::Finding,
        _ => Kind::Lab,
    }
}

/// A pressure pair: "120/82 mmHg", "152/88".
pub fn blood_pressure_pattern() -> regex::Regex {
    // The unit may be glued to the second number ("110/60mmHg").
    regex::Regex::new(r"(?i)\b(\d{2,3})\s*/\s*(\d{2,3})(?:(\s*(?:mm\s*hg|mmhg))\b|\b)")
        .expect("bp pattern")
}

/// "120/82 mmHg", or "BP 152/88" without the unit: systolic and diastolic
/// pressure.
fn blood_pressure(ctx: &mut Ctx) {
    let re = &ctx.doc.shapes.blood_pressure;
    let (s0, s1) = (ctx.v.s.start, ctx.v.s.end);
    // Every pair holds a slash: most sentences have none, and the capture
    // iteration allocated its groups for each sentence.
    if memchr::memchr(b'/', ctx.text(s0, s1).as_bytes()).is_none() {
        return;
    }
    let lex = ctx.doc.lex;
    // Without a unit, "blood pressure" or "BP" must name the pair just
    // before it ("GCS 14/15" is not a pressure).
    let named_before = |at: usize| {
        ctx.v.mentions.iter().any(|m| {
            m.cat == Cat::Analyte
                && lex.analytes[m.idx].name.contains("blood pressure")
                && m.end <= at
                && short_gap(ctx.text(m.end, at))
        })
    };
    let found: Vec<(usize, usize, f64, f64)> = re
        .captures_iter(ctx.text(s0, s1))
        .filter_map(|c| {
            let m = c.get(0)?;
            let (sys, dia): (f64, f64) = (c[1].parse().ok()?, c[2].parse().ok()?);
            let said = || {
                pressure_word_before(ctx.lower_before(s0 + m.start(), 24))
                    && (50.0..=300.0).contains(&sys)
                    && (20.0..=200.0).contains(&dia)
                    && sys > dia
            };
            if c.get(3).is_none() && !named_before(s0 + m.start()) && !said() {
                return None;
            }
            Some((s0 + m.start(), s0 + m.end(), sys, dia))
        })
        .collect();
    for (a, b, sys, dia) in found {
        for (name, v) in [
            ("systolic blood pressure", sys),
            ("diastolic blood pressure", dia),
        ] {
            let Some(an) = lex.analyte(name) else {
                continue;
            };
            let mut f = ctx.fact(Kind::Vital, name, a, b);
            f.value = Some(Value::Number(v));
            f.set_part(PartRole::Value, Span::new(a, b));
            f.unit = Some("mm[Hg]".into());
            f.reference_range = reference(an);
            ctx.out.push(f);
        }
        // The words "blood pressure" in this sentence are now read.
        let bp: Vec<usize> = ctx
            .v
            .mentions
            .iter()
            .filter(|m| {
                m.cat == Cat::Analyte && lex.analytes[m.idx].name.contains("blood pressure")
            })
            .map(|m| m.start)
            .collect();
        ctx.claimed.extend(bp);
    }
}

/// Whether the words before a pair of numbers say it is a blood pressure
/// without naming one: a state of the pressure ("hypotensive at 76/40",
/// "hypertension of 190/110") or the posture it was taken in ("standing
/// 98/60", "lying 132/78").
fn pressure_word_before(before: &str) -> bool {
    const SAID_OF: &[&str] = &[
        "hypotensive",
        "hypertensive",
        "hypotension",
        "hypertension",
        "lying",
        "sitting",
        "standing",
        "supine",
        "erect",
        "postural",
    ];
    let mut words = before
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .rev();
    let Some(mut word) = words.next() else {
        return false;
    };
    if matches!(word, "at" | "of" | "with" | "to") {
        match words.next() {
            Some(w) => word = w,
            None => return false,
        }
    }
    SAID_OF.contains(&word)
        && before
            .trim_end()
            .ends_with(|c: char| c.is_ascii_alphabetic())
}

/// "afebrile": a temperature stated in words.
fn qualitative_vitals(ctx: &mut Ctx) {
    let hits: Vec<(usize, usize)> = ctx
        .v
        .cues_with("qualitative-temperature")
        .map(|c| (c.start, c.end))
        .collect();
    for (a, b) in hits {
        // "became afebrile on day 9": a change of state (status.toml,
        // group patient-state), not a temperature taken.
        let changed = ctx.v.mentions.iter().any(|m| {
            m.cat == Cat::Status
                && m.start <= a
                && m.end >= b
                && m.end - m.start > b - a
                && ctx.doc.lex.status[m.idx].group.as_deref() == Some("patient-state")
        });
        if changed {
            continue;
        }
        let word = ctx.text(a, b).to_ascii_lowercase();
        let mut f = ctx.fact(Kind::Vital, "temperature", a, b);
        f.value = Some(Value::Text(word));
        ctx.out.push(f);
    }
}

/// "Forced vital capacity 64%": the plain name is the absolute entry
/// (litres), so a percentage after it is the percent-predicted entry's.
fn percent_predicted_instead(ctx: &Ctx, idx: usize, q: &Quantity) -> usize {
    let lex = &ctx.doc.lex.analytes;
    if q.unit.as_deref() != Some("%") || unit_fits(&lex[idx], q) {
        return idx;
    }
    let name = &lex[idx].name;
    lex.iter()
        .position(|x| x.absolute_name() == Some(name.as_str()))
        .unwrap_or(idx)
}

#[cfg(test)]
mod tests {
    /// The pressure pattern never matches without a slash (what lets
    /// `blood_pressure` skip a sentence that has none): on every fixture
    /// and corpus line, with each slash taken out too.
    #[test]
    fn a_pressure_pair_needs_a_slash() {
        let re = super::blood_pressure_pattern();
        let mut with = 0;
        for (_, t) in crate::test_corpus::narratives() {
            for line in t.lines() {
                with += usize::from(re.is_match(line));
                for cut in [line.replace('/', " "), line.replace('/', "")] {
                    assert!(!re.is_match(&cut), "{cut:?}");
                }
            }
        }
        assert!(with > 50, "only {with} lines hold a pair");
    }

    use super::*;

    #[test]
    fn a_bound_is_flagged_only_when_every_value_it_allows_agrees() {
        use Comparator::*;
        let range = (Some(60.0), Some(130.0));
        let flag = |v, c| bound_flag(v, c, range.0, range.1);
        assert_eq!(flag(1.0, Some(Lt)), Some(Flag::Low));
        assert_eq!(flag(60.0, Some(Lt)), Some(Flag::Low));
        assert_eq!(flag(100.0, Some(Lt)), None, "low or normal");
        assert_eq!(flag(140.0, Some(Gt)), Some(Flag::High));
        assert_eq!(flag(90.0, Some(Gt)), None, "normal or high");
        assert_eq!(flag(90.0, None), Some(Flag::Normal));
        // eGFR >90 with only a lower limit of 90 is normal.
        assert_eq!(
            bound_flag(90.0, Some(Gt), Some(90.0), None),
            Some(Flag::Normal)
        );
        assert_eq!(
            bound_flag(5.0, Some(Lt), None, Some(37.0)),
            Some(Flag::Normal)
        );
    }
}
