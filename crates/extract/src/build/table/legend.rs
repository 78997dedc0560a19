//! The line under a table that gives its units: "(glucose mmol/L, Na
//! mmol/L, osmolality mOsm/kg; urea mmol/L, creatinine umol/L)". Each
//! result named there with a unit straight after its name gives that unit
//! to the table's cells of the same analyte that had none.

use casecourse_model::Fact;

use super::{Ctx, flag_of, unit_after_name};
use crate::matcher::Cat;

/// Gives the units of the sentence's legend, if it is one, to `held`.
pub fn apply(ctx: &Ctx, held: &mut [(Fact, usize)]) {
    let units = legend(ctx);
    if units.is_empty() {
        return;
    }
    for (f, analyte) in held.iter_mut() {
        let Some((_, unit)) = units.iter().find(|(a, _)| a == analyte) else {
            continue;
        };
        f.unit = Some(unit.clone());
        if let Some(v) = f.value.as_ref().and_then(|v| v.as_number()) {
            f.flag = flag_of(ctx, *analyte, v, Some(unit));
        }
    }
}

/// The analytes and units of a legend: every result named in the sentence
/// is followed by its unit and then by a separator or the end, and no
/// other number is written.
fn legend(ctx: &Ctx) -> Vec<(usize, String)> {
    let (s0, s1) = (ctx.v.s.start, ctx.v.s.end);
    let mut units = Vec::new();
    let mut covered = Vec::new();
    for m in ctx.v.mentions.iter().filter(|m| m.cat == Cat::Analyte) {
        let Some((end, unit)) = unit_after_name(ctx, m.end, s1, &[' ']) else {
            return Vec::new();
        };
        let next = ctx.text(end, s1).trim_start().chars().next();
        if !matches!(next, None | Some(',' | ';' | ')' | '.')) {
            return Vec::new();
        }
        units.push((m.idx, unit));
        covered.push((m.start, end));
    }
    // Mentions come in text order, so the spans they cover do too.
    let text = ctx.text(s0, s1).as_bytes();
    let mut k = 0;
    let stray_number = text.iter().enumerate().any(|(j, c)| {
        let i = s0 + j;
        while covered.get(k).is_some_and(|&(_, b)| b <= i) {
            k += 1;
        }
        c.is_ascii_digit() && covered.get(k).is_none_or(|&(a, _)| a > i)
    });
    if stray_number { Vec::new() } else { units }
}
