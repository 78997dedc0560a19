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
//!
//! A table may also run the other way, a time per row and a result per
//! column ("Day | Platelets ×10^9/L | LDH U/L; 1 | 9 | 1480; 3 | 38 |
//! 1020"): see `time_rows`. Cells read without a unit wait for a legend
//! line under the table ("(glucose mmol/L, Na mmol/L)"): see `legend`.
//!
//! Header cells that name no time may name what their column holds:
//! "Unit" (each row's unit), "Reference range" (the laboratory's interval,
//! which flags the row's results and is no result itself), "Result" (the
//! result, at the sentence's time). A table of treatments ("Drug | Dose |
//! Start | Stop") dates each row's drug by its start and stop cells: see
//! `drug_rows`. Cells parted by tabs reach this reader as bars (see
//! `Folded::with_tab_cells`), and so do cells copied one per line under a
//! caption (see `crate::stacked`).

mod drug_rows;
mod legend;
mod time_rows;
mod timed_row;

use casecourse_knowledge::Lexicon;
use casecourse_model::{Comparator, Fact, Flag, PartRole, Span, Time, Value};

use super::Ctx;
use crate::matcher::Cat;
use crate::timex::TimeRef;

/// A column's time, and the header words that state it.
type Column = (Time, Option<Span>);

/// What a header cell that names no time says its column holds.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Role {
    /// "Unit": each row's unit.
    Unit,
    /// "Reference range", "Normal values": the range, not a result.
    Reference,
    /// "Value", "Result": the result, at the sentence's time.
    Value,
    /// "Flag": the laboratory's H or L beside the result.
    Flag,
}

/// The header of the table being read, carried from line to line.
#[derive(Default)]
pub struct Carry {
    columns: Vec<Column>,
    /// The role of each column that names no time, by column.
    roles: Vec<Option<Role>>,
    /// The header of a table whose rows are times.
    by_time: Option<time_rows::Header>,
    /// The header of a table of treatments with their starts and stops.
    drugs: Option<drug_rows::Header>,
    /// The sentence's row of that table, dated once its drugs are read.
    drug_row: Option<drug_rows::Row>,
    /// Results read without a unit, with their analyte, held until the
    /// line under the table has been seen.
    unitless: Vec<(Fact, usize)>,
    /// The time of the row the sentence is, when it is one row of a table
    /// whose rows are times ("6 h: 33.9 | 153 | lactate 1.8").
    row_time: Option<(Time, Span)>,
    /// The sentence that last belonged to the table.
    last: usize,
}

impl Carry {
    /// Dates the facts of a sentence that is one row of a table of times
    /// and that no time expression of its own placed ("6 h: 33.9 | 153 |
    /// urea 22.1"); its results without a unit wait for the legend with
    /// the table's own.
    pub fn date_row(&mut self, lex: &Lexicon, facts: &mut Vec<Fact>) {
        if let Some(row) = self.drug_row.take() {
            drug_rows::date(row, facts);
        }
        let Some((time, label)) = self.row_time.take() else {
            return;
        };
        for f in facts
            .iter_mut()
            .filter(|f| f.part_spans(PartRole::Time).next().is_none())
        {
            f.time = time.clone();
            f.set_part(PartRole::Time, label);
        }
        for f in std::mem::take(facts) {
            let number = f.value.as_ref().is_some_and(|v| v.as_number().is_some());
            let analyte = (f.unit.is_none() && number)
                .then(|| lex.analytes.iter().position(|a| a.name == f.name))
                .flatten();
            match analyte {
                Some(a) => self.unitless.push((f, a)),
                None => facts.push(f),
            }
        }
    }

    /// The results still held, at the end of the document.
    pub fn finish(&mut self) -> impl Iterator<Item = Fact> + '_ {
        self.unitless.drain(..).map(|(f, _)| f)
    }
}

/// Reads a flattened table in the sentence, if there is one.
pub fn table(ctx: &mut Ctx, carry: &mut Carry) {
    let follows = carry.last + 1 == ctx.v.idx;
    carry.row_time = None;
    carry.drug_row = None;
    if !follows {
        carry.columns.clear();
        carry.roles.clear();
        carry.by_time = None;
        carry.drugs = None;
    }
    read_lines(ctx, carry);
    if carry.last != ctx.v.idx && !carry.unitless.is_empty() {
        if follows {
            legend::apply(ctx, &mut carry.unitless);
        }
        ctx.out.extend(carry.finish());
    }
}

fn read_lines(ctx: &mut Ctx, carry: &mut Carry) {
    let (s0, s1) = (ctx.v.s.start, ctx.v.s.end);
    let doc = ctx.doc;
    let text = doc.text(s0, s1);
    // memchr: most sentences have no bar, and std's search for a
    // character costs a few instructions a byte.
    let bars = memchr::memchr_iter(b'|', text.as_bytes()).count();
    if bars == 0 {
        if timed_row::read(ctx) {
            carry.last = ctx.v.idx;
            return;
        }
        // A line of prose ends with a full stop; a table's lines do not.
        let prose = text.trim_end().ends_with(['.', '?', '!']);
        if !prose && spaced(ctx, carry) {
            carry.last = ctx.v.idx;
        }
        return;
    }
    // Two bars make three columns: a table of times by row, or no table.
    let narrow = bars < 3 && carry.columns.is_empty();
    if bars < 2 && narrow {
        return;
    }
    let mut rows: Vec<(usize, Vec<(usize, usize)>)> = Vec::new();
    let mut at = 0;
    for line in text.split([';', '\n']) {
        let line_start = at;
        at += line.len() + 1;
        for (start, row) in header_then_row(line_start, line) {
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
    }
    let default = default_column(ctx);
    let mut columns = std::mem::take(&mut carry.columns);
    let mut roles = std::mem::take(&mut carry.roles);
    let mut read = false;
    for (_, cells) in &rows {
        if cells.len() < 2 {
            continue;
        }
        if columns.is_empty() && carry.by_time.is_none() {
            if let Some(header) = drug_rows::header(ctx, cells) {
                carry.drugs = Some(header);
                read = true;
                continue;
            }
            if let Some(header) = carry.drugs
                && let Some(row) = drug_rows::row(ctx, cells, header)
            {
                // A line that is one row dates the drugs read on it.
                if rows.len() == 1 {
                    carry.drug_row = Some(row);
                }
                read = true;
                continue;
            }
        }
        if columns.is_empty() {
            if let Some(header) = time_rows::header(ctx, cells) {
                carry.by_time = Some(header);
                read = true;
                continue;
            }
            if let Some(header) = &carry.by_time {
                if let Some(time) = time_rows::row(ctx, cells, header, &mut carry.unitless) {
                    read = true;
                    // A line that is one row dates the other results on it.
                    carry.row_time = (rows.len() == 1).then_some(time);
                    continue;
                }
                carry.by_time = None;
            }
        }
        if is_value_list(ctx, cells) {
            continue;
        }
        let header: Vec<Option<Column>> = cells[1..]
            .iter()
            .map(|&(a, b)| column_time(ctx, a, b).map(|t| (t, Some(trimmed(ctx, a, b)))))
            .collect();
        let header_roles: Vec<Option<Role>> = cells[1..]
            .iter()
            .zip(&header)
            .map(|(&(a, b), t)| t.is_none().then(|| role(ctx.text(a, b))).flatten())
            .collect();
        // Two bars make a table only when they part a header of times
        // ("(given as diagnosis | month 6 | month 12)").
        let all_times = header.len() >= 3 && header.iter().all(Option::is_some);
        if narrow && !all_times {
            continue;
        }
        let times = header.iter().filter(|t| t.is_some()).count();
        let named = header_roles.iter().filter(|r| r.is_some()).count();
        // "Parameter | Unit | Admission | Day 7 | Reference range": times
        // and roles; "Test | Result | Unit | Reference range": roles alone,
        // with one that holds the results.
        let of_times = times > 0 && (times + named) * 2 >= header.len();
        let of_roles = times + named == header.len()
            && named >= 2
            && header_roles.contains(&Some(Role::Value));
        if (of_times || of_roles) && columns.is_empty() {
            columns = header
                .into_iter()
                .map(|t| t.unwrap_or_else(|| default.clone()))
                .collect();
            roles = header_roles;
            read = true;
            continue;
        }
        read |= row(ctx, cells, &columns, &roles, &default);
    }
    if read {
        carry.columns = columns;
        carry.roles = roles;
        carry.last = ctx.v.idx;
    }
}

/// "Laboratory course (day | platelets | LDH): 1 | 9 | 1480": a header in
/// brackets closed by "):" before the first row of its table, on one line.
/// The line as one piece, or as the header and the row, each with its
/// offset in the line.
fn header_then_row(start: usize, line: &str) -> Vec<(usize, &str)> {
    let bar = line.find('|');
    let split = line.find("):").filter(|&close| {
        bar.is_some_and(|bar| bar < close) && line[..bar.unwrap_or(0)].contains('(')
    });
    match split {
        Some(close) => vec![
            (start, &line[..close + 1]),
            (start + close + 2, &line[close + 2..]),
        ],
        None => vec![(start, line)],
    }
}

/// "Potassium, mmol/L (3.5-5.3): 4.6 | 4.8", "columns: admission | day 1":
/// a label ended by a colon shares its cell with the first column, so the
/// words after the colon become a cell of their own when they are a value
/// (a number or a dash) or a column's time.
///
/// A header opened by a bracket in a caption ("Key values (given as
/// diagnosis | month 6 | month 12)") has its first column after the
/// bracket.
fn split_label(ctx: &Ctx, cells: &mut Vec<(usize, usize)>) {
    let Some(&(a, b)) = cells.first() else {
        return;
    };
    let first = ctx.text(a, b);
    let (at, time_only) = match (first.rfind(':'), first.rfind('(')) {
        (Some(colon), _) => (colon, false),
        (None, Some(open)) => (open, true),
        (None, None) => return,
    };
    let (tail0, tail1) = (a + at + 1, b);
    let tail = ctx.text(tail0, tail1).trim();
    let value = !time_only
        && (is_dash(tail)
            || tail.replace(',', "").parse::<f64>().is_ok()
            || cell_with_bracket(tail).is_some());
    if tail.is_empty() || !(value || column_time(ctx, tail0, tail1).is_some()) {
        return;
    }
    cells[0] = (a, a + at);
    cells.insert(1, (tail0, tail1));
}

/// The time of a cell outside any column: the sentence's own.
fn default_column(ctx: &Ctx) -> Column {
    let (time, span) = ctx.doc.time_with_span_at(ctx.v.idx, ctx.v.s.start);
    (time, span.map(|(a, b)| Span::new(a, b)))
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
    row(ctx, &all, &columns, &[], &default)
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
        let is_cell = is_dash(token)
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
            // "Before treatment": the words of one column.
            let of_treatment = word.eq_ignore_ascii_case("before")
                && words.get(k + 1).is_some_and(|&(c, d)| {
                    matches!(
                        line[c..d].to_ascii_lowercase().as_str(),
                        "treatment" | "therapy"
                    )
                });
            let end = if of_treatment { words[k + 1].1 } else { b };
            columns.push((Time::at(0.0), Some(Span::new(s0 + a, s0 + end))));
            k += 1 + usize::from(of_treatment);
            continue;
        }
        let digits = |i: usize| {
            words
                .get(i)
                .is_some_and(|&(c, d)| line[c..d].bytes().all(|x| x.is_ascii_digit()))
        };
        let unit = |i: usize| {
            words
                .get(i)
                .is_some_and(|&(c, d)| ctx.doc.times_parser.is_unit_word(&line[c..d]))
        };
        // "Day 7", "Week 4"; "1 month", "3 months"; "After 2 weeks".
        let after = matches!(word.to_ascii_lowercase().as_str(), "after" | "post");
        let width = if (digits(k + 1) && ctx.doc.times_parser.is_unit_word(word))
            || (digits(k) && unit(k + 1))
        {
            2
        } else if after && digits(k + 1) && unit(k + 2) {
            3
        } else {
            0
        };
        let time = (width > 0)
            .then(|| column_time(ctx, s0 + a, s0 + words[k + width - 1].1))
            .flatten();
        match time {
            Some(t) => {
                columns.push((t, Some(Span::new(s0 + a, s0 + words[k + width - 1].1))));
                k += width;
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
    matches!(
        w.as_str(),
        "admission" | "baseline" | "presentation" | "before" | "pretreatment" | "pre-treatment"
    )
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
    let cell = ctx.text(a, b).trim();
    if cell
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_digit() && !cell.contains(' '))
    {
        return None;
    }
    words_time(ctx, cell)
}

/// The time that words name by themselves ("Day 7", "2 h", "Admission").
fn words_time(ctx: &Ctx, words: &str) -> Option<Time> {
    if words.is_empty() {
        return None;
    }
    let probe = format!("at {words}");
    let found = ctx.doc.times_parser.find(&probe, 0, probe.len());
    found
        .first()
        .and_then(|t| time_of(ctx, &t.what))
        .or_else(|| {
            let l = words.to_ascii_lowercase();
            (l.contains("admission")
                || l.contains("baseline")
                || l.contains("presentation")
                || l.ends_with("diagnosis")
                || l == "day 0")
                .then(|| Time::at(0.0))
        })
}

/// The time a column header names, if it names one by itself.
fn time_of(ctx: &Ctx, what: &TimeRef) -> Option<Time> {
    match what {
        TimeRef::Index(d) | TimeRef::Anchored(d) => Some(Time::at(*d)),
        TimeRef::DayNumber(n)
        | TimeRef::AdmissionDay(n)
        | TimeRef::TreatmentDay(n)
        | TimeRef::DayRange(n, _)
        | TimeRef::DayList { first: n, .. } => Some(Time::at(ctx.doc.day_number(*n))),
        _ => None,
    }
}

/// What a header cell names when it names no time ("Unit", "Reference
/// range", "Result").
fn role(cell: &str) -> Option<Role> {
    let words = cell
        .trim()
        .trim_matches(|c: char| !c.is_ascii_alphanumeric())
        .to_ascii_lowercase();
    let first = words.split([' ', '.', '-']).next().unwrap_or("");
    match first {
        "unit" | "units" => Some(Role::Unit),
        "reference" | "ref" | "normal" | "rr" | "range" => Some(Role::Reference),
        "value" | "values" | "result" | "results" | "level" | "levels" => Some(Role::Value),
        "flag" | "flags" | "abnormal" | "abn" => Some(Role::Flag),
        _ => None,
    }
}

/// Reads one row; true when its first cell named a result.
fn row(
    ctx: &mut Ctx,
    cells: &[(usize, usize)],
    columns: &[Column],
    roles: &[Option<Role>],
    default: &Column,
) -> bool {
    let (n0, n1) = cells[0];
    let Some(m) = ctx
        .v
        .mentions
        .iter()
        .find(|m| matches!(m.cat, Cat::Analyte | Cat::Antibody) && m.start >= n0 && m.end <= n1)
        .copied()
    else {
        return false;
    };
    // The row's name is read by the table and by no other builder.
    ctx.claim_within(n0, n1);
    // "Hb (g/dL)", "Potassium, mmol/L (3.5-5.3)": the unit in brackets or
    // after a comma, following the name.
    let role_of = |k: usize| roles.get(k).copied().flatten();
    // "CRP | mg/L | 148": the unit in a column of units.
    let unit_cell = || {
        let k = (0..cells.len() - 1).find(|&k| role_of(k) == Some(Role::Unit))?;
        let (c0, c1) = cells[k + 1];
        let w = trimmed(ctx, c0, c1);
        let (end, unit) =
            ctx.doc
                .quantities_parser
                .unit_at(&ctx.doc.folded.text, w.start, w.end)?;
        (end == w.end).then_some(unit)
    };
    let unit = unit_after_name(ctx, m.end, n1, &['(', ','])
        .map(|(_, u)| u)
        .or_else(unit_cell);
    // "CRP | mg/L | 148 | <5": the laboratory's own interval; "CRP | 12.4 |
    // <5.0 mg/L | H": with the unit of the row's result.
    let reference = (0..cells.len() - 1)
        .find(|&k| role_of(k) == Some(Role::Reference))
        .and_then(|k| {
            let (c0, c1) = cells[k + 1];
            let cell = ctx.text(c0, c1).trim();
            let c = ctx.doc.shapes.printed_range.captures(cell)?;
            (c.get(0)?.end() >= cell.len()).then_some(c)
        });
    let unit = unit.or_else(|| {
        let u = reference.as_ref()?.name("unit")?.as_str();
        let (end, ucum) = ctx.doc.quantities_parser.unit_at(u, 0, u.len())?;
        (end == u.len()).then_some(ucum)
    });
    let printed = reference.as_ref().and_then(|c| {
        let unit = unit.as_deref().unwrap_or(&ctx.doc.lex.analytes[m.idx].unit);
        super::measure::printed_limits(c, unit)
    });
    // "H" in a column of flags.
    let flagged = (0..cells.len() - 1)
        .find(|&k| role_of(k) == Some(Role::Flag))
        .and_then(|k| {
            let (c0, c1) = cells[k + 1];
            match ctx.text(c0, c1).trim() {
                "H" | "HH" | "High" | "high" | "(H)" => Some(Flag::High),
                "L" | "LL" | "Low" | "low" | "(L)" => Some(Flag::Low),
                _ => None,
            }
        });
    // Units and reference ranges are not results.
    let cells: Vec<(usize, usize)> = cells
        .iter()
        .enumerate()
        .filter(|&(k, _)| {
            k == 0
                || !matches!(
                    role_of(k - 1),
                    Some(Role::Unit | Role::Reference | Role::Flag)
                )
        })
        .map(|(_, &c)| c)
        .collect();
    let kept: Vec<usize> = (0..columns.len().max(roles.len()))
        .filter(|&k| !matches!(role_of(k), Some(Role::Unit | Role::Reference | Role::Flag)))
        .collect();
    let columns: Vec<Column> = if roles.is_empty() {
        columns.to_vec()
    } else {
        kept.iter()
            .filter_map(|&k| columns.get(k).cloned())
            .collect()
    };
    let (cells, columns) = (cells.as_slice(), columns.as_slice());
    if m.cat == Cat::Antibody {
        antibody_row(ctx, m, cells, columns, default, unit);
        return true;
    }
    let lex = &ctx.doc.lex.analytes;
    // "FEV1, L": a name that stands for the percent of predicted, with a
    // unit of volume, names the absolute entry.
    let idx = lex[m.idx]
        .absolute_name()
        .and_then(|stem| lex.iter().position(|x| x.name == stem))
        .filter(|&abs| {
            unit.as_deref()
                .is_some_and(|u| lex[abs].units.iter().any(|x| x == u))
        })
        .unwrap_or(m.idx);
    // "FEV1, L (% predicted): 2.31 (64)": each cell also gives the percent
    // of predicted, in brackets.
    let percent = ctx
        .text(m.end, n1)
        .contains("(%")
        .then(|| {
            lex.iter()
                .position(|x| x.absolute_name() == Some(lex[idx].name.as_str()))
        })
        .flatten();
    let m = crate::matcher::Mention { idx, ..m };
    let a = &lex[idx];
    for (k, &(c0, c1)) in cells[1..].iter().enumerate() {
        let cell = ctx.text(c0, c1);
        let (cell, stated) = without_flag(cell);
        let (number, bracketed) = match (cell_number(cell), percent) {
            (Some(n), _) => (n, None),
            (None, Some(p)) => match cell_with_bracket(cell) {
                Some((n, b)) => (n, Some((p, b))),
                None => continue,
            },
            (None, None) => continue,
        };
        let column = columns.get(k).unwrap_or(default);
        if let Some((p, b)) = bracketed {
            let pa = &ctx.doc.lex.analytes[p];
            let mut f = cell_fact(ctx, super::measure::kind_of(pa), &pa.name, &m, column);
            fill_result(
                ctx,
                &mut f,
                p,
                (None, b),
                Some("%".into()),
                trimmed(ctx, c0, c1),
            );
            ctx.out.push(f);
        }
        let mut f = cell_fact(ctx, super::measure::kind_of(a), &a.name, &m, column);
        // The cell's words as written ("2,665"), not the parsed number.
        fill_result(
            ctx,
            &mut f,
            m.idx,
            number,
            unit.clone(),
            trimmed(ctx, c0, c1),
        );
        // The laboratory's own flag and interval outrank our adult range.
        if let Some(r) = &printed {
            f.flag = super::measure::bound_flag(number.1, number.0, r.low, r.high);
            f.reference_range = Some(r.clone());
        }
        if let Some(flag) = stated.or(flagged) {
            f.flag = Some(flag);
        }
        ctx.out.push(f);
    }
    true
}

/// The unit written after a result's name in a header cell: straight after
/// it ("LDH U/L", "platelets ×10^9/L") or after one of `openers` ("Hb
/// (g/dL)"), as (end, UCUM).
fn unit_after_name(
    ctx: &Ctx,
    name_end: usize,
    cell_end: usize,
    openers: &[char],
) -> Option<(usize, String)> {
    let after_name = ctx.text(name_end, cell_end);
    // The nearest opener first: "FEV1, L (% predicted)" is in litres.
    let mut at: Vec<usize> = openers.iter().filter_map(|&c| after_name.find(c)).collect();
    at.sort_unstable();
    at.into_iter().find_map(|p| {
        let at = name_end + p + 1;
        let at = at + (ctx.text(at, cell_end).len() - ctx.text(at, cell_end).trim_start().len());
        ctx.doc
            .quantities_parser
            .unit_at(&ctx.doc.folded.text, at, cell_end)
    })
}

/// A fact named by a row's name, at its cell's column time.
fn cell_fact(
    ctx: &Ctx,
    kind: casecourse_model::Kind,
    name: &str,
    m: &crate::matcher::Mention,
    (time, words): &Column,
) -> Fact {
    let mut f = ctx.fact(kind, name, m.start, m.end);
    f.time = time.clone();
    match words {
        Some(w) => f.set_part(PartRole::Time, *w),
        None => f.clear_part(PartRole::Time),
    }
    f
}

/// "2.31 (64)": a cell's number and the number in brackets after it.
fn cell_with_bracket(cell: &str) -> Option<((Option<Comparator>, f64), f64)> {
    let (first, rest) = cell.trim().trim_end_matches('.').split_once('(')?;
    let inner = rest.trim().strip_suffix(')')?;
    Some((cell_number(first)?, inner.trim().parse().ok()?))
}

/// A row named by an antibody ("MPO-ANCA, IU/mL: 48 | 9 | <3.5"): its
/// levels, one per column.
fn antibody_row(
    ctx: &mut Ctx,
    m: crate::matcher::Mention,
    cells: &[(usize, usize)],
    columns: &[Column],
    default: &Column,
    unit: Option<String>,
) {
    let name = ctx.doc.lex.antibodies[m.idx].name.clone();
    for (k, &(c0, c1)) in cells[1..].iter().enumerate() {
        let Some((comparator, v)) = cell_number(ctx.text(c0, c1)) else {
            continue;
        };
        let column = columns.get(k).unwrap_or(default);
        let mut f = cell_fact(ctx, casecourse_model::Kind::Antibody, &name, &m, column);
        let words = trimmed(ctx, c0, c1);
        f.origin = casecourse_model::Origin::Table;
        f.value = Some(Value::Number(v));
        f.comparator = comparator;
        f.unit = unit.clone();
        f.spans.push(words);
        f.set_part(PartRole::Value, words);
        ctx.out.push(f);
    }
}

/// "2450 H", "9.8 (L)", "↑ 2450", "148*": a cell's words without the
/// flag a laboratory prints beside a result out of its range, and the flag
/// (an asterisk says only "abnormal", so it gives none).
fn without_flag(cell: &str) -> (&str, Option<Flag>) {
    let t = cell.trim();
    let marks: [(&str, Option<Flag>); 9] = [
        ("(H)", Some(Flag::High)),
        ("(L)", Some(Flag::Low)),
        ("HH", Some(Flag::High)),
        ("LL", Some(Flag::Low)),
        ("H", Some(Flag::High)),
        ("L", Some(Flag::Low)),
        ("\u{2191}", Some(Flag::High)),
        ("\u{2193}", Some(Flag::Low)),
        ("*", None),
    ];
    for (mark, flag) in marks {
        if let Some(rest) = t.strip_suffix(mark) {
            // "H" must stand apart from the number: "10H" is no flag.
            let apart =
                mark.len() > 1 || !mark.as_bytes()[0].is_ascii_alphabetic() || rest.ends_with(' ');
            if apart && rest.trim_end().ends_with(|c: char| c.is_ascii_digit()) {
                return (rest.trim_end(), flag);
            }
        }
        if !mark.as_bytes()[0].is_ascii_alphabetic()
            && mark != "*"
            && let Some(rest) = t.strip_prefix(mark)
            && rest.trim_start().starts_with(|c: char| c.is_ascii_digit())
        {
            return (rest.trim_start(), flag);
        }
    }
    (t, None)
}

/// A cell that holds only a dash: a value not measured.
fn is_dash(cell: &str) -> bool {
    matches!(cell, "-" | "\u{2013}" | "\u{2014}")
}

/// "2,665", "<1", "> 1000": a cell's number and its bound, if it holds
/// nothing else.
fn cell_number(cell: &str) -> Option<(Option<Comparator>, f64)> {
    let raw = cell.trim().replace(',', "");
    let digits = raw.find(|c: char| c.is_ascii_digit() || c == '.' || c == '-');
    let (bound, number) = raw.split_at(digits.unwrap_or(0));
    let comparator = match bound.trim() {
        "" => None,
        b => Some(Comparator::parse(b)?),
    };
    Some((comparator, number.trim().parse::<f64>().ok()?))
}

/// Sets a table cell's result on `f`: the value, its words, unit, code and
/// flag against the analyte's adult range.
fn fill_result(
    ctx: &Ctx,
    f: &mut Fact,
    analyte: usize,
    (comparator, v): (Option<Comparator>, f64),
    unit: Option<String>,
    words: Span,
) {
    let a = &ctx.doc.lex.analytes[analyte];
    f.origin = casecourse_model::Origin::Table;
    f.value = Some(Value::Number(v));
    f.comparator = comparator;
    f.unit = unit.or_else(|| (a.unit == "[pH]").then(|| a.unit.clone()));
    f.spans.push(words);
    f.set_part(PartRole::Value, words);
    if let Some(l) = &a.loinc {
        f.code = Some(casecourse_model::Code {
            system: "LOINC".into(),
            code: l.clone(),
        });
    }
    f.flag = flag_of(ctx, analyte, v, f.unit.as_deref());
}

/// High, low or normal against the analyte's adult range, when it has one
/// (a missing unit is read as the analyte's usual unit).
fn flag_of(ctx: &Ctx, analyte: usize, v: f64, unit: Option<&str>) -> Option<Flag> {
    let a = &ctx.doc.lex.analytes[analyte];
    if a.ref_low.is_none() && a.ref_high.is_none() {
        return None;
    }
    let c = a.to_canonical(v, unit.unwrap_or(&a.unit))?;
    Some(if a.ref_low.is_some_and(|lo| c < lo) {
        Flag::Low
    } else if a.ref_high.is_some_and(|hi| c > hi) {
        Flag::High
    } else {
        Flag::Normal
    })
}
