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
    let specimen = specimen_before(ctx, name_start).filter(|_| !says_blood(ctx, name_start));
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
pub(super) fn strip_grade(ctx: &Ctx, from: usize, limit: usize) -> Option<Grade> {
    let text = ctx.text(from, limit.max(from));
    let c = ctx.doc.shapes.strip_grade.captures(text)?;
    let g = c.get(1)?;
    let word = g.as_str().replace(' ', "").to_ascii_lowercase();
    Some((word, from + g.start(), from + g.end()))
}

/// A strip grade as written ("3+", "negative"), lowercased, with its span.
pub(super) type Grade = (String, usize, usize);

/// "2+ blood", "trace protein": a strip grade written right before the
/// name, with its span.
pub(super) fn grade_before(ctx: &Ctx, name_start: usize) -> Option<Grade> {
    let before = ctx.text_before(name_start, 12);
    let trimmed = before.trim_end_matches(' ');
    if trimmed.len() == before.len() {
        return None;
    }
    let word_start = trimmed
        .rfind(|c: char| c.is_whitespace() || c == ',' || c == ':' || c == '(')
        .map_or(0, |i| i + 1);
    let word = &trimmed[word_start..];
    let grade = matches!(
        word,
        "1+" | "2+" | "3+" | "4+" | "+" | "++" | "+++" | "++++"
    ) || word.eq_ignore_ascii_case("trace");
    let start = name_start - (before.len() - word_start);
    grade.then(|| (word.to_ascii_lowercase(), start, start + word.len()))
}

/// "Urine dipstick: blood 3+", "urinalysis showed 2+ blood": the word
/// "blood", a specimen anywhere else, is the strip's blood pad after a
/// urine test is named, and only with a grade beside it. Its entry and
/// the grade, for each such word of the sentence.
pub(super) fn strip_blood(ctx: &Ctx) -> Vec<(usize, usize, usize, Grade)> {
    let found: Vec<(usize, usize, Grade)> = ctx
        .v
        .cues_with("specimen")
        .filter(|c| ctx.doc.lower_text(c.start, c.end) == "blood")
        .filter(|c| specimen_before(ctx, c.start).as_deref() == Some("urine"))
        .filter_map(|c| {
            let grade = strip_grade(ctx, c.end, ctx.clause_end(c.end))
                .or_else(|| grade_before(ctx, c.start))?;
            Some((c.start, c.end, grade))
        })
        .collect();
    // The entry is looked up only for a sentence that has one.
    if found.is_empty() {
        return Vec::new();
    }
    let Some(idx) = ctx
        .doc
        .lex
        .analytes
        .iter()
        .position(|a| a.name == "urine blood")
    else {
        return Vec::new();
    };
    found
        .into_iter()
        .map(|(start, end, grade)| (idx, start, end, grade))
        .collect()
}

/// "CSF glucose 2.0 mmol/L (serum glucose 6.1)", "serum LDH 300 U/L": a
/// result named as the blood's is the blood's, whatever specimen the
/// sentence named.
fn says_blood(ctx: &Ctx, name_start: usize) -> bool {
    let here = ctx.lower_after(name_start, 8);
    let before = ctx.lower_before(name_start, 8);
    ["serum ", "plasma ", "blood "]
        .iter()
        .any(|w| here.starts_with(w) || before.ends_with(w))
}

/// The specimen a cue before `pos` in the sentence names ("Urinalysis:",
/// "VBG:").
fn specimen_before(ctx: &Ctx, pos: usize) -> Option<String> {
    let c = ctx
        .v
        .cues_with("lab-specimen")
        .filter(|c| c.end <= pos)
        .max_by_key(|c| c.end)?;
    let value = c.cue.value.clone()?;
    // "BAL was negative; the blood count showed lymphocytes 8%": a fluid
    // reaches no further than another specimen named after it (a urine
    // strip's grades run on past its "blood" pad).
    let ended = value != "urine"
        && ctx
            .v
            .cues_with("specimen")
            .any(|s| s.start >= c.end && s.end <= pos);
    (!ended).then_some(value)
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
