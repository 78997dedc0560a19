//! A table row flattened as one result's series, each cell a time and its
//! value: "Glucose (mmol/L): 0 h 31.4; 2 h 27.9; 24 h 8.9", "CK (U/L):
//! day 1 12,480; day 5 8,210; week 4 1,020", or the other way round,
//! "KL-6 (U/mL): 1,520 (admission); 980 (week 4)". A dash is a cell that
//! was not measured.

use casecourse_model::{PartRole, Span, Time};

use super::{Ctx, cell_number, fill_result, trimmed, unit_after_name, words_time};
use crate::matcher::Cat;

/// The longest label between a result's name and its colon ("Serum
/// creatinine, umol/L (reference 45-84)"), in bytes.
const MAX_LABEL: usize = 60;

/// Reads the sentence as one result's timed series; true when it was one.
/// Every cell after the colon must hold a time and a value (or a dash), and
/// at least two must hold values, so prose with a colon is left alone.
pub fn read(ctx: &mut Ctx) -> bool {
    let (s0, s1) = (ctx.v.s.start, ctx.v.s.end);
    // The sentence opens with a result's name (mentions are sorted by
    // start), and a colon follows it within a label's length.
    let Some(m) = ctx
        .v
        .mentions
        .iter()
        .find(|m| m.cat == Cat::Analyte)
        .copied()
    else {
        return false;
    };
    if !ctx.text(s0, m.start).trim().is_empty() {
        return false;
    }
    let label = ctx.text_after(m.end, MAX_LABEL + 1);
    let Some(colon) = label.find(':').map(|p| m.end + p) else {
        return false;
    };
    if ctx.text(m.end, colon).contains([';', '.']) {
        return false;
    }
    let body = ctx.text(colon + 1, s1);
    let body = body.trim_end().trim_end_matches('.');
    if !body.contains(';') {
        return false;
    }
    let mut cells = Vec::new();
    let mut at = colon + 1;
    for piece in body.split(';') {
        let (c0, c1) = (at, at + piece.len());
        at = c1 + 1;
        match timed_cell(ctx, c0, c1) {
            Some(cell) => cells.push(cell),
            None => return false,
        }
    }
    if cells.iter().filter(|c| c.value.is_some()).count() < 2 {
        return false;
    }
    ctx.claim_within(m.start, m.end);
    let unit = unit_after_name(ctx, m.end, colon, &['(', ',']).map(|(_, u)| u);
    let a = &ctx.doc.lex.analytes[m.idx];
    let kind = super::super::measure::kind_of(a);
    let name = a.name.clone();
    for cell in cells {
        let Some(value) = cell.value else { continue };
        let mut f = ctx.fact(kind, &name, m.start, m.end);
        f.time = cell.time;
        f.set_part(PartRole::Time, cell.time_words);
        fill_result(ctx, &mut f, m.idx, value, unit.clone(), cell.value_words);
        ctx.out.push(f);
    }
    true
}

/// One cell of a timed series.
struct TimedCell {
    time: Time,
    time_words: Span,
    /// Nothing for a dash (not measured).
    value: Option<(Option<casecourse_model::Comparator>, f64)>,
    value_words: Span,
}

/// "0 h 31.4", "day 5 8,210", "2 h -", "980 (week 4)": the cell's time and
/// value, when it holds exactly those.
fn timed_cell(ctx: &Ctx, c0: usize, c1: usize) -> Option<TimedCell> {
    let cell = trimmed(ctx, c0, c1);
    let (a, b) = (cell.start, cell.end);
    let text = ctx.text(a, b);
    // The time first, the value last.
    if let Some(space) = text.rfind(' ') {
        let (time_text, value_text) = (&text[..space], &text[space + 1..]);
        let value = value_of(value_text);
        if let (Some(value), Some(time)) = (value, words_time(ctx, time_text.trim())) {
            return Some(TimedCell {
                time,
                time_words: Span::new(a, a + time_text.trim_end().len()),
                value,
                value_words: Span::new(a + space + 1, b),
            });
        }
    }
    // The value first, its time in brackets after it.
    let open = text.find('(')?;
    let close = text
        .rfind(')')
        .filter(|&c| c > open && c + 1 == text.len())?;
    let value = value_of(text[..open].trim())?;
    let time = words_time(ctx, text[open + 1..close].trim())?;
    Some(TimedCell {
        time,
        time_words: Span::new(a + open + 1, a + close),
        value,
        value_words: Span::new(a, a + text[..open].trim_end().len()),
    })
}

/// A cell's value: `Some(None)` for a dash, the number and its bound, or
/// nothing when the words are not a value.
fn value_of(words: &str) -> Option<Option<(Option<casecourse_model::Comparator>, f64)>> {
    if super::is_dash(words) {
        return Some(None);
    }
    if !words.bytes().any(|c| c.is_ascii_digit()) {
        return None;
    }
    cell_number(words).map(Some)
}
