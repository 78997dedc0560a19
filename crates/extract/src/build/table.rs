//! Tables flattened to text: "Parameter | Admission | Day 7 | Week 4;
//! Hb (g/dL) | 11.2 | 10.4 | 12.6; ...". Rows end at `;` or a line break,
//! cells are split by `|`; a header row of times gives each column its
//! time, and a unit in brackets after a row's name gives its unit.

use casecourse_model::{PartRole, Span, Time, Value};

use super::Ctx;
use crate::matcher::Cat;
use crate::timex::TimeRef;

/// Reads a flattened table in the sentence, if there is one.
pub fn table(ctx: &mut Ctx) {
    let (s0, s1) = (ctx.v.s.start, ctx.v.s.end);
    let text = ctx.text(s0, s1).to_string();
    if text.matches('|').count() < 3 {
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
        rows.push((s0 + start, cells));
    }
    // A column's time, and the header words that state it.
    let default = (
        ctx.doc.time_at(ctx.v.idx, s0),
        ctx.doc
            .time_span_at(ctx.v.idx, s0)
            .map(|(a, b)| Span::new(a, b)),
    );
    let mut columns: Vec<(Time, Option<Span>)> = Vec::new();
    for (_, cells) in &rows {
        if cells.len() < 2 || is_value_list(ctx, cells) {
            continue;
        }
        let header: Vec<Option<(Time, Option<Span>)>> = cells[1..]
            .iter()
            .map(|&(a, b)| column_time(ctx, a, b).map(|t| (t, Some(trimmed(ctx, a, b)))))
            .collect();
        if header.iter().filter(|t| t.is_some()).count() * 2 >= header.len() && columns.is_empty() {
            columns = header
                .into_iter()
                .map(|t| t.unwrap_or_else(|| default.clone()))
                .collect();
            continue;
        }
        row(ctx, cells, &columns, &default);
    }
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
    match found.first().map(|t| &t.what) {
        Some(TimeRef::Index(d) | TimeRef::Anchored(d)) => Some(Time::at(*d)),
        Some(TimeRef::DayNumber(n) | TimeRef::DayRange(n, _)) => {
            Some(Time::at(ctx.doc.day_number(*n)))
        }
        _ => {
            let l = cell.to_ascii_lowercase();
            (l.contains("admission")
                || l.contains("baseline")
                || l.contains("presentation")
                || l == "day 0")
                .then(|| Time::at(0.0))
        }
    }
}

fn row(
    ctx: &mut Ctx,
    cells: &[(usize, usize)],
    columns: &[(Time, Option<Span>)],
    default: &(Time, Option<Span>),
) {
    let (n0, n1) = cells[0];
    let Some(m) = ctx
        .v
        .mentions
        .iter()
        .find(|m| m.cat == Cat::Analyte && m.start >= n0 && m.end <= n1)
        .copied()
    else {
        return;
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
    // "Hb (g/dL)": the unit in brackets after the name.
    let name_cell = ctx.text(n0, n1);
    let unit = name_cell
        .find('(')
        .and_then(|p| {
            ctx.doc
                .quantities_parser
                .unit_at(&ctx.doc.folded.text, n0 + p + 1, n1)
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
}
