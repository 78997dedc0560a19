//! Which lexicon entry a result's name stands for here. Some names serve
//! several entries (`written_with` in analytes.toml): "neutrophils 78%" is
//! the neutrophil percentage, "glucose 3+" after "Urinalysis:" the urine
//! strip, "pH 7.21" in a venous gas the venous pH.

use casecourse_knowledge::Analyte;

use super::Ctx;
use crate::quantity::Quantity;

/// The entry the name at `idx` stands for, given the sentence's specimen
/// and the value after it (`value`, `grade`).
pub(super) fn entry_for(
    ctx: &Ctx,
    idx: usize,
    name_start: usize,
    value: Option<&Quantity>,
    grade: bool,
    fits: impl Fn(&Analyte, &Quantity) -> bool,
) -> usize {
    let lex = &ctx.doc.lex.analytes;
    let specimen = specimen_before(ctx, name_start);
    let own = &lex[idx];
    let own_fits = value.is_some_and(|q| fits(own, q));
    // Nothing to choose: the entry fits, no other specimen is named, and a
    // strip grade is not read as a number.
    if specimen.is_none() && !grade && (own_fits || value.is_none()) {
        return idx;
    }
    let family = family(lex, idx);
    if family.len() == 1 {
        return idx;
    }
    let takes = |i: usize| {
        let a = &lex[i];
        if is_strip(a) {
            grade
        } else {
            !grade && value.is_some_and(|q| fits(a, q))
        }
    };
    if let Some(s) = specimen.as_deref()
        && let Some(&i) = family
            .iter()
            .find(|&&i| lex[i].specimen.as_deref() == Some(s) && takes(i))
    {
        return i;
    }
    // Named with its specimen ("urine sodium") or fitting as it is.
    if own.specimen.is_some() && takes(idx) || own_fits {
        return idx;
    }
    family
        .iter()
        .copied()
        .find(|&i| (lex[i].specimen.is_none() || grade) && takes(i))
        .unwrap_or(idx)
}

/// A test-strip entry: graded in words or pluses, not measured.
pub(super) fn is_strip(a: &Analyte) -> bool {
    a.specimen.is_some() && a.unit == "1"
}

/// The pattern of a strip grade right after a result's name.
pub fn strip_grade_pattern() -> regex::Regex {
    regex::Regex::new(
        r"(?i)^[\s:=]*(?:was\s+|were\s+|is\s+)?(negative|positive|trace|nil|[1-4]\s?\+|\+{1,4})(?:$|[\s,;.)/])",
    )
    .expect("strip grade pattern")
}

/// "protein 1+", "nitrite negative", "ketones ++": a strip grade right
/// after the name, with its span.
pub(super) fn strip_grade(ctx: &Ctx, from: usize, limit: usize) -> Option<(String, usize, usize)> {
    let text = ctx.text(from, limit.max(from));
    let c = ctx.doc.shapes.strip_grade.captures(text)?;
    let g = c.get(1)?;
    let word = g.as_str().replace(' ', "").to_ascii_lowercase();
    Some((word, from + g.start(), from + g.end()))
}

/// The specimen a cue before `pos` in the sentence names ("Urinalysis:",
/// "VBG:").
fn specimen_before(ctx: &Ctx, pos: usize) -> Option<String> {
    ctx.v
        .cues_with("lab-specimen")
        .filter(|c| c.end <= pos)
        .max_by_key(|c| c.end)
        .and_then(|c| c.cue.value.clone())
}

/// The entries that share names with `idx`, `idx` first.
fn family(lex: &[Analyte], idx: usize) -> Vec<usize> {
    let own = &lex[idx];
    let root = own.written_with.as_deref().unwrap_or(&own.name);
    let mut out = vec![idx];
    out.extend(lex.iter().enumerate().filter_map(|(i, a)| {
        let related = a.name == root || a.written_with.as_deref() == Some(root);
        (i != idx && related).then_some(i)
    }));
    out
}
