//! Tables with a time per row and a result per column: a header such as
//! "Day | Platelets ×10^9/L | LDH U/L | ADAMTS13 %" or "time: glucose | Na
//! | osmolality | other", then rows "3 | 38 | 1020 | -" or "2 h: 41.2 |
//! 154 | 375". A bare number in the first column counts the header's
//! unit ("day" 3 is day 3); other first cells are read as times ("2 h",
//! "Day 3", "Admission").

use casecourse_model::{Fact, PartRole, Span, Time};

use super::{Ctx, cell_number, fill_result, trimmed, unit_after_name, words_time};
use crate::matcher::Cat;

/// The header of a table whose rows are times.
pub struct Header {
    /// What the first column counts, lowercased: "day", "week", "time".
    axis: String,
    /// The result of each column, by the column's place in a row (the
    /// first, the time, has none).
    columns: Vec<Option<Column>>,
}

/// A column's analyte, the words that name it, and the unit they give.
struct Column {
    analyte: usize,
    name: Span,
    unit: Option<String>,
}

/// Words that head a column of times and are not units of time.
const TIME_HEADINGS: [&str; 4] = ["time", "timepoint", "date", "visit"];

/// The header of a time-by-row table, when the row is one: its first cell
/// ends with a word of time ("Day", "(time"), and at least two of the
/// other cells, and at least half, name a result and hold no number but
/// their unit's.
pub fn header(ctx: &mut Ctx, cells: &[(usize, usize)]) -> Option<Header> {
    let (a, b) = cells[0];
    let first = ctx.text(a, b);
    // "time: glucose | Na": the first result shares the cell of the label.
    let (head, first_result) = match first.rfind(':') {
        Some(colon) => (&first[..colon], Some((a + colon + 1, b))),
        None => (first, None),
    };
    let axis = head
        .rsplit(|c: char| !c.is_ascii_alphabetic())
        .find(|w| !w.is_empty())?
        .to_ascii_lowercase();
    let is_axis = TIME_HEADINGS.contains(&axis.as_str())
        || ctx.doc.times_parser.is_unit_word(&axis) && axis.len() > 1;
    if !is_axis || !head.trim_end().ends_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    let mut columns = vec![None];
    let cells_after: Vec<(usize, usize)> = first_result
        .into_iter()
        .chain(cells[1..].iter().copied())
        .collect();
    for &(c0, c1) in &cells_after {
        columns.push(column(ctx, c0, c1)?);
    }
    let named = columns.iter().flatten().count();
    if named < 2 || named * 2 < columns.len() - 1 {
        return None;
    }
    ctx.claim_within(cells_after[0].0, cells_after[cells_after.len() - 1].1);
    Some(Header { axis, columns })
}

/// One header cell: `Some(None)` for a column that names no result
/// ("other"), nothing when the cell holds a number of its own (it is a row
/// of results, not a header).
fn column(ctx: &Ctx, c0: usize, c1: usize) -> Option<Option<Column>> {
    let m = ctx
        .v
        .mentions
        .iter()
        .find(|m| m.cat == Cat::Analyte && m.start >= c0 && m.end <= c1);
    let Some(m) = m else {
        return (!holds_number(ctx.text(c0, c1))).then_some(None);
    };
    let unit = unit_after_name(ctx, m.end, c1, &[' ', '(', ',']);
    let rest = unit.as_ref().map_or(m.end, |(end, _)| *end);
    if holds_number(ctx.text(rest, c1)) {
        return None;
    }
    Some(Some(Column {
        analyte: m.idx,
        name: Span::new(m.start, m.end),
        unit: unit.map(|(_, u)| u),
    }))
}

/// Whether words hold a number of their own ("9", "<1"), not one inside a
/// name ("ADAMTS13", "CD4").
fn holds_number(words: &str) -> bool {
    words
        .split(|c: char| c.is_whitespace() || matches!(c, '(' | '<' | '>' | '~'))
        .any(|w| w.starts_with(|c: char| c.is_ascii_digit()))
}

/// Reads one row under `header`; its time and the words of its time when
/// its first cell is one. Results without a unit go to `unitless`, to wait
/// for a legend.
pub fn row(
    ctx: &mut Ctx,
    cells: &[(usize, usize)],
    header: &Header,
    unitless: &mut Vec<(Fact, usize)>,
) -> Option<(Time, Span)> {
    let label = trimmed(ctx, cells[0].0, cells[0].1);
    let words = ctx.text(label.start, label.end);
    let time = if words.parse::<f64>().is_ok() {
        // "3" under "Day": day 3; a bare number counts only a unit of time.
        let counted = ctx.doc.times_parser.is_unit_word(&header.axis);
        counted
            .then(|| words_time(ctx, &format!("{} {words}", header.axis)))
            .flatten()
    } else {
        words_time(ctx, words)
    };
    let time = time?;
    for (k, &(c0, c1)) in cells.iter().enumerate().skip(1) {
        let Some(Some(column)) = header.columns.get(k) else {
            continue;
        };
        let Some(number) = cell_number(ctx.text(c0, c1)) else {
            continue;
        };
        let value = trimmed(ctx, c0, c1);
        let a = &ctx.doc.lex.analytes[column.analyte];
        let mut f = ctx.fact(
            super::super::measure::kind_of(a),
            &a.name,
            label.start,
            value.end,
        );
        f.spans.push(column.name);
        f.time = time.clone();
        f.set_part(PartRole::Time, label);
        fill_result(
            ctx,
            &mut f,
            column.analyte,
            number,
            column.unit.clone(),
            value,
        );
        match f.unit {
            Some(_) => ctx.out.push(f),
            None => unitless.push((f, column.analyte)),
        }
    }
    Some((time, label))
}
