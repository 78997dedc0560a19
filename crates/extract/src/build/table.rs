//! Tables flattened to text: "Parameter | Admission | Day 7 | Week 4;
//! Hb (g/dL) | 11.2 | 10.4 | 12.6; ...". Rows end at `;` or a line break,
//! cells are split by `|`; a header row of times gives each column its
//! time, and a unit in brackets after a row's name gives its unit.
//!
//! A table laid out with spaces or tabs ("Parameter Day 1 Day 2 Day 3",
//! then "Potassium (mmol/L) 4.9 6.2 5.1") is read the same way when its
//! header line holds nothing but times and each row line is a result's name
//! followed by one number per column. A header stays in force over the
//! lines that follow it while they are rows of its table.

use casecourse_model::{PartRole, Span, Time, Value};

use super::Ctx;
use crate::matcher::Cat;
use crate::timex::TimeRef;

/// A column's time, and the header words that state it.
type Column = (Time, Option<Span>);

/// The header of the table being read, carried from line to line.
#[derive(Default)]
pub struct Carry {
    columns: Vec<Column>,
    /// The sentence that last belonged to the table.
    last: usize,
}

/// Reads a flattened table in the sentence, if there is one.
pub fn table(ctx: &mut Ctx, carry: &mut Carry) {
    if carry.last + 1 != ctx.v.idx {
        carry.columns.clear();
    }
    let (s0, s1) = (ctx.v.s.start, ctx.v.s.end);
    let doc = ctx.doc;
    let text = doc.text(s0, s1);
    let bars = text.matches('|').count();
    if bars == 0 {
        // A line of prose ends with a full stop; a table's lines do not.
        let prose = text.trim_end().ends_with(['.', '?', '!']);
        if !prose && spaced(ctx, carry) {
            carry.last = ctx.v.idx;
        }
        return;
    }
    if bars < 3 && carry.columns.is_empty() {
        return;
    }
    let mut rows: Vec<(usize, Vec<(usize, usize)>)> = Vec::new();
    let mut at = 0;
    for row in text.split([';', '\n']) {
        let start = at;
        at += row.len() + 1;
        if !row.contains('|') {
            continue;
        }
        let mut cells = Vec::new();
        let mut c0 = start;
        for cell in row.split('|') {
            cells.push((s0 + c0, s0 + c0 + cell.len()));
            c0 += cell.len() + 1;
        }
        split_label(ctx, &mut cells);
        rows.push((s0 + start, cells));
    }
    let default = default_column(ctx);
    let mut columns = std::mem::take(&mut carry.columns);
    let mut read = false;
    for (_, cells) in &rows {
        if cells.len() < 2 || is_value_list(ctx, cells) {
            continue;
        }
        let header: Vec<Option<Column>> = cells[1..]
            .iter()
            .map(|&(a, b)| column_time(ctx, a, b).map(|t| (t, Some(trimmed(ctx, a, b)))))
            .collect();
        if header.iter().filter(|t| t.is_some()).count() * 2 >= header.len() && columns.is_empty() {
            columns = header
                .into_iter()
                .map(|t| t.unwrap_or_else(|| default.clone()))
                .collect();
            read = true;
            continue;
        }
        read |= row(ctx, cells, &columns, &default);
    }
    if read {
        carry.columns = columns;
        carry.last = ctx.v.idx;
    }
}

/// "Potassium, mmol/L (3.5-5.3): 4.6 | 4.8", "columns: admission | day 1":
/// a label ended by a colon shares its cell with the first column, so the
/// words after the colon become a cell of their own when they are a value
/// (a number or a dash) or a column's time.
fn split_label(ctx: &Ctx, cells: &mut Vec<(usize, usize)>) {
    let Some(&(a, b)) = cells.first() else {
        return;
    };
    let Some(colon) = ctx.text(a, b).rfind(':') else {
        return;
    };
    let (tail0, tail1) = (a + colon + 1, b);
    let tail = ctx.text(tail0, tail1).trim();
    let value = matches!(tail, "-" | "\u{2013}" | "\u{2014}")
        || tail.replace(',', "").parse::<f64>().is_ok();
    if tail.is_empty() || !(value || column_time(ctx, tail0, tail1).is_some()) {
        return;
    }
    cells[0] = (a, a + colon);
    cells.insert(1, (tail0, tail1));
}

/// The time of a cell outside any column: the sentence's own.
fn default_column(ctx: &Ctx) -> Column {
    let s0 = ctx.v.s.start;
    (
        ctx.doc.time_at(ctx.v.idx, s0),
        ctx.doc
            .time_span_at(ctx.v.idx, s0)
            .map(|(a, b)| Span::new(a, b)),
    )
}

/// A line of a table laid out with spaces: a header of times, or a row
/// under the header carried from the lines before. True when it was one.
fn spaced(ctx: &mut Ctx, carry: &mut Carry) -> bool {
    let (s0, s1) = (ctx.v.s.start, ctx.v.s.end);
    if ctx.text(s0, s1).contains('\n') {
        return false;
    }
    if let Some(columns) = spaced_header(ctx, s0, s1) {
        carry.columns = columns;
        return true;
    }
    if carry.columns.is_empty() {
        return false;
    }
    // The name is the line's first words; then one number per column.
    let cells = number_cells(ctx, s0, s1);
    let Some(&(first, _)) = cells.first() else {
        return false;
    };
    if cells.len() != carry.columns.len() {
        return false;
    }
    let starts_named = ctx.v.mentions.iter().any(|m| {
        m.cat == Cat::Analyte && m.end <= first && ctx.text(s0, m.start).trim().is_empty()
    });
    if !starts_named {
        return false;
    }
    let mut all = vec![(s0, first)];
    all.extend(cells);
    let columns = carry.columns.clone();
    let default = default_column(ctx);
    row(ctx, &all, &columns, &default)
}

/// "4.9 6.2 5.1" at the end of a line: the spans of its trailing numbers
/// (a dash stands for an empty cell), or nothing when a word follows them.
fn number_cells(ctx: &Ctx, s0: usize, s1: usize) -> Vec<(usize, usize)> {
    let line = ctx.text(s0, s1);
    let mut cells = Vec::new();
    let mut end = line.trim_end().len();
    while end > 0 {
        let start = line[..end].rfind(' ').map_or(0, |i| i + 1);
        let token = line[start..end].trim_end_matches(['.', ';']);
        let is_cell = matches!(token, "-" | "\u{2013}" | "\u{2014}")
            || (token.bytes().any(|c| c.is_ascii_digit())
                && token
                    .bytes()
                    .all(|c| c.is_ascii_digit() || matches!(c, b'.' | b',' | b'<' | b'>')));
        if !is_cell || start == 0 {
            break;
        }
        cells.push((s0 + start, s0 + start + token.len()));
        end = line[..start].trim_end().len();
    }
    cells.reverse();
    cells
}

/// "Parameter Day 1 Day 3 Day 7", "Admission Week 4 Week 12": a line that
/// holds nothing but times after an optional label, at least two of them.
/// A time is a unit word and its number ("Day 3", "HD 5") or a word of the
/// first day ("Admission").
fn spaced_header(ctx: &Ctx, s0: usize, s1: usize) -> Option<Vec<Column>> {
    let line = ctx.text(s0, s1);
    let words: Vec<(usize, usize)> = line
        .split(' ')
        .scan(0usize, |at, w| {
            let start = *at;
            *at += w.len() + 1;
            Some((start, start + w.len()))
        })
        .filter(|(a, b)| a < b)
        .collect();
    let mut columns: Vec<Column> = Vec::new();
    let mut k = 0;
    while k < words.len() {
        let (a, b) = words[k];
        let word = &line[a..b];
        if starts_the_course(word) {
            columns.push((Time::at(0.0), Some(Span::new(s0 + a, s0 + b))));
            k += 1;
            continue;
        }
        let numbered = words.get(k + 1).is_some_and(|&(c, d)| {
            line[c..d].bytes().all(|x| x.is_ascii_digit())
                && ctx.doc.times_parser.is_unit_word(word)
        });
        let time = numbered
            .then(|| column_time(ctx, s0 + a, s0 + words[k + 1].1))
            .flatten();
        match time {
            Some(t) => {
                columns.push((t, Some(Span::new(s0 + a, s0 + words[k + 1].1))));
                k += 2;
            }
            // Label words may only come before the first column.
            None if columns.is_empty() && !word.bytes().any(|x| x.is_ascii_digit()) => k += 1,
            None => return None,
        }
    }
    (columns.len() >= 2).then_some(columns)
}

/// "Admission", "Baseline", "Presentation": a column at day 0.
fn starts_the_course(word: &str) -> bool {
    let w = word
        .trim_matches(|c: char| !c.is_ascii_alphabetic())
        .to_ascii_lowercase();
    matches!(w.as_str(), "admission" | "baseline" | "presentation")
}

/// "Hb 152 g/L | WCC 16.4 | plt 298": cells that each hold a name and its
/// number are a list of results written with bars, not a table row; the
/// measurement reader reads them.
fn is_value_list(ctx: &Ctx, cells: &[(usize, usize)]) -> bool {
    let named_value = |&(a, b): &(usize, usize)| {
        ctx.text(a, b).bytes().any(|c| c.is_ascii_digit())
            && ctx
                .v
                .mentions
                .iter()
                .any(|m| m.start >= a && m.end <= b && m.cat == Cat::Analyte)
    };
    cells.iter().filter(|c| named_value(c)).count() * 2 > cells.len()
}

/// The span of a cell's words without the spaces around them.
fn trimmed(ctx: &Ctx, a: usize, b: usize) -> Span {
    let cell = ctx.text(a, b);
    let lead = cell.len() - cell.trim_start().len();
    Span::new(a + lead, a + lead + cell.trim().len())
}

/// "Admission", "Day 7", "Week 4", "3 months": the time of a column.
fn column_time(ctx: &Ctx, a: usize, b: usize) -> Option<Time> {
    let cell = ctx.text(a, b).trim().to_string();
    if cell.is_empty()
        || cell
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_digit() && !cell.contains(' '))
    {
        return None;
    }
    let probe = format!("at {cell}");
    let found = ctx.doc.times_parser.find(&probe, 0, probe.len());
    found
        .first()
        .and_then(|t| time_of(ctx, &t.what))
        .or_else(|| {
            let l = cell.to_ascii_lowercase();
            (l.contains("admission")
                || l.contains("baseline")
                || l.contains("presentation")
                || l == "day 0")
                .then(|| Time::at(0.0))
        })
}

/// The time a column header names, if it names one by itself.
fn time_of(ctx: &Ctx, what: &TimeRef) -> Option<Time> {
    match what {
        TimeRef::Index(d) | TimeRef::Anchored(d) => Some(Time::at(*d)),
        TimeRef::DayNumber(n) | TimeRef::DayRange(n, _) => Some(Time::at(ctx.doc.day_number(*n))),
        _ => None,
    }
}

/// Reads one row; true when its first cell named a result.
fn row(ctx: &mut Ctx, cells: &[(usize, usize)], columns: &[Column], default: &Column) -> bool {
    let (n0, n1) = cells[0];
    let Some(m) = ctx
        .v
        .mentions
        .iter()
        .find(|m| m.cat == Cat::Analyte && m.start >= n0 && m.end <= n1)
        .copied()
    else {
        return false;
    };
    ctx.claimed.extend(
        ctx.v
            .mentions
            .iter()
            .filter(|x| x.start >= n0 && x.end <= n1)
            .map(|x| x.start)
            .collect::<Vec<_>>(),
    );
    let a = &ctx.doc.lex.analytes[m.idx];
    // "Hb (g/dL)", "Potassium, mmol/L (3.5-5.3)": the unit in brackets or
    // after a comma, following the name.
    let after_name = ctx.text(m.end, n1);
    let unit = ['(', ',']
        .iter()
        .filter_map(|&c| after_name.find(c))
        .find_map(|p| {
            let at = m.end + p + 1;
            let at = at + (ctx.text(at, n1).len() - ctx.text(at, n1).trim_start().len());
            ctx.doc
                .quantities_parser
                .unit_at(&ctx.doc.folded.text, at, n1)
        })
        .map(|(_, u)| u);
    for (k, &(c0, c1)) in cells[1..].iter().enumerate() {
        let raw = ctx.text(c0, c1).trim().replace(',', "");
        let Ok(v) = raw.parse::<f64>() else { continue };
        let mut f = ctx.fact(super::measure::kind_of(a), &a.name, m.start, m.end);
        f.origin = casecourse_model::Origin::Table;
        f.value = Some(Value::Number(v));
        f.unit = unit
            .clone()
            .or_else(|| (a.unit == "[pH]").then(|| a.unit.clone()));
        let (time, words) = columns.get(k).unwrap_or(default);
        f.time = time.clone();
        match words {
            Some(w) => f.set_part(PartRole::Time, *w),
            None => f.clear_part(PartRole::Time),
        }
        // The cell's words as written ("2,665"), not the parsed number.
        let value = trimmed(ctx, c0, c1);
        f.spans.push(value);
        f.set_part(PartRole::Value, value);
        if let Some(l) = &a.loinc {
            f.code = Some(casecourse_model::Code {
                system: "LOINC".into(),
                code: l.clone(),
            });
        }
        let canonical = a.to_canonical(v, f.unit.as_deref().unwrap_or(&a.unit));
        f.flag = canonical
            .map(|c| {
                if a.ref_low.is_some_and(|lo| c < lo) {
                    casecourse_model::Flag::Low
                } else if a.ref_high.is_some_and(|hi| c > hi) {
                    casecourse_model::Flag::High
                } else {
                    casecourse_model::Flag::Normal
                }
            })
            .filter(|_| a.ref_low.is_some() || a.ref_high.is_some());
        ctx.out.push(f);
    }
    true
}
