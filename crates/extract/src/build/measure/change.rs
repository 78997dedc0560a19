//! A change told as a chain of values after one name: "creatinine rose
//! from 60 to 168 umol/L", "Cr 168 -> 120 -> 95", "troponin 14 then 56
//! ng/L", "ferritin 1,200 / 3,450 / 8,900 ng/mL". Each value is a result of its own; a number written without a
//! unit takes the unit of the next one that has it (authors write the unit
//! once, at the end), else of the one before.

use casecourse_knowledge::Analyte;

use super::{arrow_after, time_right_after, unit_fits};
use crate::build::Ctx;
use crate::quantity::Quantity;
use crate::timex::TimeRef;

/// A change told as a chain: its values in order, and the time expression
/// written right after the last one, when only that one has a time ("fell
/// from 1800 to 900 U/mL by week 12": the last value's time, the earlier
/// ones being from before it).
#[derive(Debug, Default)]
pub struct Chain {
    /// The values, each with its unit (a unit written once lent to all).
    pub values: Vec<Quantity>,
    /// The folded span of the time that dates the last value.
    pub last_time: Option<(usize, usize)>,
    /// "fell from 78% to 61% over six months": the length of time the
    /// change took, in days, with its folded span; the last value is that
    /// long after the first.
    pub over: Option<(f64, (usize, usize))>,
    /// "180 -> 95 -> 22 mg/L over days 1, 3 and 7": the ordinal day of
    /// each value, in order, with the span of the list.
    pub on_days: Option<(Vec<f64>, (usize, usize))>,
}

/// The chain of values that starts with the first number in
/// `[from, limit)`, when there are two at least; none otherwise.
///
/// "to" joins two values only after "from" ("from 60 to 168"): "150 to
/// 400" alone is more often a printed range. A chain with a time right
/// after a value before the last ("120 g/L on admission to 84 g/L on day
/// 3", "6.2 -> 5.1 at 12 h -> 4.3") is left to the series reader, which
/// dates its values one by one; a time after the last value only dates
/// that value (see [`Chain`]), unless it is a length of time ("over 3
/// days"), which puts the last value that long after the first, or a list
/// of days ("over days 1, 3 and 7"), one for each value.
pub fn chain(ctx: &Ctx, a: &Analyte, from: usize, limit: usize) -> Chain {
    chain_by(ctx, |q| unit_fits(a, q), from, limit)
}

/// [`chain`] for a result that is no analyte (an antibody's level):
/// `fits` says which values, with their units, it takes.
pub fn chain_by(ctx: &Ctx, fits: impl Fn(&Quantity) -> bool, from: usize, limit: usize) -> Chain {
    let values = values(ctx, fits, from, limit);
    let Some(last) = values.last() else {
        return Chain::default();
    };
    let last_time = time_right_after(ctx, last);
    let lasts_own_time = last_time.filter(|&(t0, _)| {
        !ctx.v
            .times
            .iter()
            .any(|t| t.start == t0 && matches!(t.what, TimeRef::Duration { .. }))
    });
    // "1.4 -> 1.1 (10/03) -> 0.9 (13/03)": the change goes on after the
    // time, a dated series for the series reader.
    let goes_on = last_time.is_some_and(|(_, t1)| {
        let after = ctx
            .text_after(t1, 10)
            .trim_start_matches(|c: char| c.is_whitespace() || matches!(c, ')' | ','));
        after.starts_with("->") || after.starts_with('\u{2192}') || after.starts_with("then")
    });
    if goes_on {
        return Chain::default();
    }
    let over = length_after(ctx, last, last_time);
    let on_days = days_after(ctx, last).filter(|(days, _)| days.len() == values.len());
    Chain {
        values,
        last_time: lasts_own_time.filter(|_| on_days.is_none()),
        over,
        on_days,
    }
}

/// "over six months", "within a week" right after the last value (a
/// "predicted" between them allowed): how long the change took, in days.
/// A time told back from now ("over the past year") is not counted
/// forward from the first value.
fn length_after(
    ctx: &Ctx,
    last: &Quantity,
    right_after: Option<(usize, usize)>,
) -> Option<(f64, (usize, usize))> {
    const FORWARD: [&str; 3] = ["over", "within", "in"];
    let gap_words = |start: usize| {
        let gap = ctx.doc.lower_text(last.end, start).trim();
        let gap = ["of predicted", "predicted"]
            .iter()
            .find_map(|w| gap.strip_prefix(w))
            .unwrap_or(gap)
            .trim();
        gap.to_string()
    };
    let times = ctx.v.times;
    let t = times[times.partition_point(|t| t.start < last.end)..]
        .iter()
        .take_while(|t| t.start <= last.end + 24)
        .find(|t| {
            let gap = gap_words(t.start);
            right_after.is_some_and(|(t0, _)| t0 == t.start)
                || gap.is_empty()
                || FORWARD.contains(&gap.as_str())
        })?;
    let TimeRef::Duration { days, .. } = t.what else {
        return None;
    };
    let words = ctx.doc.lower_text(t.start, t.end);
    let forward = FORWARD.contains(&gap_words(t.start).as_str())
        || FORWARD
            .iter()
            .any(|w| words.strip_prefix(w).is_some_and(|r| r.starts_with(' ')));
    let back = ["past", "last", "previous", "preceding"]
        .iter()
        .any(|w| words.contains(w));
    (forward && !back).then_some((days, (t.start, t.end)))
}

/// "over days 1, 3 and 7", "on days 2, 5 and 9" right after the last
/// value: the ordinal days, in order, as days from the index.
fn days_after(ctx: &Ctx, last: &Quantity) -> Option<(Vec<f64>, (usize, usize))> {
    let rest = ctx.text_after(last.end, 48);
    let lower = rest.to_ascii_lowercase();
    let list = ["over days ", "on days "]
        .iter()
        .find_map(|w| lower.trim_start().strip_prefix(w))?;
    let lead = rest.len() - list.len();
    let mut days = Vec::new();
    let mut used = 0;
    for (i, part) in list.split_inclusive([',', ' ']).enumerate() {
        let word = part.trim_matches([',', ' ']);
        if word.is_empty() || (word == "and" && i > 0) {
            used += part.len();
            continue;
        }
        // The list may end the sentence ("and 7.").
        let number = word.trim_end_matches(['.', ';', ')']);
        match number.parse::<f64>() {
            Ok(n) if number.bytes().all(|b| b.is_ascii_digit()) => {
                days.push(ctx.doc.day_number(n));
                used += part.len() - (word.len() - number.len());
                if number.len() < word.len() {
                    break;
                }
            }
            _ => break,
        }
    }
    let end = last.end + lead + list[..used].trim_end_matches([',', ' ']).len();
    (days.len() >= 2).then_some((days, (last.end + lead, end)))
}

/// The values of [`chain`], with their units; empty unless two at least,
/// none dated before the last, make a change.
fn values(ctx: &Ctx, fits: impl Fn(&Quantity) -> bool, from: usize, limit: usize) -> Vec<Quantity> {
    let qs = ctx.v.quantities;
    let first = qs.partition_point(|q| q.start < from);
    let Some(head) = qs.get(first).filter(|q| q.start < limit) else {
        return Vec::new();
    };
    // The document's lowercased copy: no allocation per name.
    let before_head = ctx.doc.lower_text(from, head.start).trim_end();
    let opened_by_from = before_head.ends_with("from")
        || ["baseline", "baseline of"]
            .iter()
            .any(|b| before_head.ends_with(b) && before_head.contains("from"));
    let mut out = vec![head.clone()];
    for q in qs[first + 1..].iter().take_while(|q| q.start < limit) {
        let prev = &out[out.len() - 1];
        // "86% RA -> 94% on 4 L", "86% on room air and 94% on 4 L/min":
        // the first value's air stands between it and the joiner, and two
        // readings told with their conditions are a pair even after "and".
        // The cue "% RA" starts inside the value it follows.
        let on_air = ctx
            .v
            .cues_with("room-air")
            .find(|c| {
                c.start >= prev.start
                    && c.end > prev.end
                    && c.end <= q.start
                    && ctx
                        .doc
                        .lower_text(prev.end, c.start.max(prev.end))
                        .trim()
                        .trim_start_matches("on")
                        .trim()
                        .is_empty()
            })
            .map(|c| c.end);
        let gap = ctx
            .doc
            .lower_text(on_air.unwrap_or(prev.end), q.start)
            .trim();
        let joined = match gap {
            "->" | "\u{2192}" | "-->" | "then" | ", then" => true,
            // "Ferritin 1,200 / 3,450 / 8,900": a compact series (the
            // number reader never splits "16.6/0.7", so a slash between two
            // values here stands apart from them).
            "/" => true,
            "to" => opened_by_from && out.len() == 1,
            "and" | "," | ";" | ", and" | "; and" => on_air.is_some(),
            _ => told_as_a_change(gap),
        };
        if !joined {
            break;
        }
        out.push(q.clone());
    }
    // A value with its own time ("5.1 at 12 h", "1.1 (03/10)") before the
    // last makes a dated series, which the series reader places value by
    // value.
    let before_last = &out[..out.len() - 1];
    if out.len() < 2
        || out.iter().any(|q| q.comparator.is_some())
        || before_last
            .iter()
            .any(|q| time_right_after(ctx, q).is_some())
        || arrow_after(ctx, &out[out.len() - 1])
    {
        return Vec::new();
    }
    // The unit written once: the next value's, else the one before's.
    for i in (0..out.len() - 1).rev() {
        if out[i].unit.is_none() {
            out[i].unit = out[i + 1].unit.clone();
        }
    }
    for i in 1..out.len() {
        if out[i].unit.is_none() {
            out[i].unit = out[i - 1].unit.clone();
        }
    }
    if out.iter().all(fits) {
        out
    } else {
        Vec::new()
    }
}

/// Words that tell a value changing to the next: "6.2, falling to 1.4",
/// "84% on air, improving to 95%", "1800 and then fell to 900".
const CHANGE_VERBS: &[&str] = &[
    "fell",
    "falling",
    "dropped",
    "dropping",
    "decreased",
    "decreasing",
    "declined",
    "declining",
    "reduced",
    "rose",
    "rising",
    "increased",
    "increasing",
    "climbed",
    "climbing",
    "improved",
    "improving",
    "cleared",
    "clearing",
    "settled",
    "settling",
    "normalised",
    "normalized",
    "normalising",
    "normalizing",
    "came",
    "coming",
    "peaked",
    "peaking",
];

/// Whether the words between two values tell a change from the first to
/// the second: a verb of [`CHANGE_VERBS`] before a last "to" or "at",
/// with "and", "then", "further", "down", "up" or "back" around it.
fn told_as_a_change(gap: &str) -> bool {
    let words: Vec<&str> = gap.trim_start_matches(',').split_whitespace().collect();
    let Some((last, rest)) = words.split_last() else {
        return false;
    };
    matches!(*last, "to" | "at")
        && rest.iter().any(|w| CHANGE_VERBS.contains(w))
        && rest.iter().all(|w| {
            CHANGE_VERBS.contains(w)
                || matches!(*w, "and" | "then" | "further" | "down" | "up" | "back")
        })
}

#[cfg(test)]
mod tests {
    use super::told_as_a_change;

    #[test]
    fn verbs_of_change_join_two_values_and_other_words_do_not() {
        for gap in [
            ", falling to",
            "and then fell to",
            ", improving to",
            "rose to",
            "peaked at",
        ] {
            assert!(told_as_a_change(gap), "{gap}");
        }
        for gap in ["to", "and", ", then gave", "patients fell to", "fell", ""] {
            assert!(!told_as_a_change(gap), "{gap}");
        }
    }
}
