//! A change told as a chain of values after one name: "creatinine rose
//! from 60 to 168 umol/L", "Cr 168 -> 120 -> 95", "troponin 14 then 56
//! ng/L". Each value is a result of its own; a number written without a
//! unit takes the unit of the next one that has it (authors write the unit
//! once, at the end), else of the one before.

use casecourse_knowledge::Analyte;

use super::{arrow_after, time_right_after, unit_fits};
use crate::build::Ctx;
use crate::quantity::Quantity;

/// The chain of values that starts with the first number in
/// `[from, limit)`, when there are two at least; none otherwise.
///
/// "to" joins two values only after "from" ("from 60 to 168"): "150 to
/// 400" alone is more often a printed range. A chain with a time right
/// after a value ("120 g/L on admission to 84 g/L on day 3", "6.2 -> 5.1
/// at 12 h -> 4.3") is left to the series reader, which dates its values
/// one by one.
pub fn chain(ctx: &Ctx, a: &Analyte, from: usize, limit: usize) -> Vec<Quantity> {
    let qs = ctx.v.quantities;
    let first = qs.partition_point(|q| q.start < from);
    let Some(head) = qs.get(first).filter(|q| q.start < limit) else {
        return Vec::new();
    };
    // The document's lowercased copy: no allocation per name.
    let opened_by_from = ctx
        .doc
        .lower_text(from, head.start)
        .trim_end()
        .ends_with("from");
    let mut out = vec![head.clone()];
    for q in qs[first + 1..].iter().take_while(|q| q.start < limit) {
        let prev = &out[out.len() - 1];
        let gap = ctx.doc.lower_text(prev.end, q.start).trim();
        let joined = match gap {
            "->" | "\u{2192}" | "-->" | "then" | ", then" => true,
            "to" => opened_by_from && out.len() == 1,
            _ => false,
        };
        if !joined {
            break;
        }
        out.push(q.clone());
    }
    // A value with its own time ("5.1 at 12 h", "1.1 (03/10)") makes a
    // dated series, which the series reader places value by value.
    if out.len() < 2
        || out
            .iter()
            .any(|q| q.comparator.is_some() || time_right_after(ctx, q).is_some())
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
    if out.iter().all(|q| unit_fits(a, q)) {
        out
    } else {
        Vec::new()
    }
}
