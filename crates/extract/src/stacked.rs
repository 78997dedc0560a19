//! Tables whose cells came one per line.
//!
//! A table copied from a PDF or some web pages loses its grid: under its
//! caption each header cell and then each cell of each row stands on a
//! line of its own ("Table 1. Laboratory course", "Parameter", "Admission",
//! "Day 7", "CRP (mg/L)", "148", "62", ...). Read line by line, the
//! numbers lose their names and their columns. When the lines under a
//! caption open with a header of column words (times, "Unit", "Dose",
//! "Start"...) and the lines after it fall into rows of exactly as many
//! cells, the breaks inside each header and row are read as cell borders
//! (" | "), which the table reader understands (see `build::table`).

use crate::normalize::Folded;

/// The longest line that may be one cell.
const CELL_LINE: usize = 60;

/// `folded` with the cells of each stacked table under a caption joined
/// into rows. Offsets still map to the author's bytes.
#[must_use]
pub fn joined(folded: Folded) -> Folded {
    let text = folded.text.as_str();
    if !text.contains("Table") && !text.contains("TABLE") {
        return folded;
    }
    let lines: Vec<(usize, usize)> = line_spans(text);
    let mut borders = Vec::new();
    let mut k = 0;
    while k < lines.len() {
        if is_caption(line(text, lines[k])) {
            k = rows_under_caption(text, &lines, k + 1, &mut borders);
        } else {
            k += 1;
        }
    }
    folded.with_breaks_as_borders(&borders)
}

/// Each line's span, without its line break.
fn line_spans(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for (nl, _) in text.match_indices('\n') {
        out.push((start, nl));
        start = nl + 1;
    }
    out.push((start, text.len()));
    out
}

fn line(text: &str, (a, b): (usize, usize)) -> &str {
    text[a..b].trim()
}

/// "Table 1. Laboratory findings", "TABLE 2: Treatment", "Table S1".
fn is_caption(l: &str) -> bool {
    let rest = l
        .strip_prefix("Table")
        .or_else(|| l.strip_prefix("TABLE"))
        .unwrap_or("");
    let rest = rest.strip_prefix(' ').unwrap_or("");
    let rest = rest.strip_prefix('S').unwrap_or(rest);
    rest.starts_with(|c: char| c.is_ascii_digit())
        || ["I", "II", "III", "IV", "V"].iter().any(|r| {
            rest.strip_prefix(r)
                .is_some_and(|t| t.starts_with(['.', ':', ' ']))
        })
}

/// Reads the header and the rows of a stacked table from line `from`;
/// pushes the line breaks inside each of them to `borders` and returns
/// the line after the table (or `from` when there is none).
fn rows_under_caption(
    text: &str,
    lines: &[(usize, usize)],
    from: usize,
    borders: &mut Vec<usize>,
) -> usize {
    // The header: a label, then cells that name columns.
    let cell = |k: usize| lines.get(k).map(|&s| line(text, s));
    let Some(label) = cell(from) else {
        return from;
    };
    if label.is_empty() || label.len() > CELL_LINE || label.contains(" | ") {
        return from;
    }
    let mut width = 1;
    while cell(from + width).is_some_and(names_a_column) {
        width += 1;
    }
    if width < 3 {
        return from;
    }
    let mut rows = vec![from];
    let mut at = from + width;
    loop {
        let full = (at..at + width).all(|k| {
            cell(k).is_some_and(|c| !c.is_empty() && c.len() <= CELL_LINE && !ends_prose(c))
        });
        // A row opens with its name, not with a number.
        let named = cell(at).is_some_and(|c| !c.starts_with(|x: char| x.is_ascii_digit()));
        if !(full && named) || cell(at).is_some_and(is_caption) {
            break;
        }
        rows.push(at);
        at += width;
    }
    if rows.len() < 2 {
        return from;
    }
    for &r in &rows {
        borders.extend((r..r + width - 1).map(|k| lines[k].1));
    }
    at
}

/// A sentence of prose, not a cell: several words ending with a full stop.
fn ends_prose(c: &str) -> bool {
    c.ends_with('.') && c.split(' ').count() > 4
}

/// A header cell: a time ("Day 7", "Week 4", "Admission", "3 months", a
/// date) or a column word ("Unit", "Reference range", "Dose", "Start").
fn names_a_column(c: &str) -> bool {
    const WORDS: &[&str] = &[
        "unit",
        "units",
        "reference range",
        "reference",
        "reference interval",
        "normal range",
        "normal values",
        "normal",
        "ref. range",
        "ref range",
        "result",
        "results",
        "value",
        "values",
        "dose",
        "dosage",
        "route",
        "frequency",
        "start",
        "started",
        "start date",
        "stop",
        "stopped",
        "stop date",
        "end",
        "end date",
        "duration",
        "reason",
        "reason for stopping",
        "reason for discontinuation",
        "indication",
        "response",
        "outcome",
        "comment",
        "comments",
        "date",
        "event",
        "events",
        "admission",
        "on admission",
        "baseline",
        "presentation",
        "discharge",
        "at discharge",
        "follow-up",
        "before treatment",
        "after treatment",
        "pre-treatment",
        "post-treatment",
        "peak",
        "nadir",
    ];
    let l = c.trim_end_matches([':', '*']).trim().to_ascii_lowercase();
    if l.is_empty() || l.len() > 40 {
        return false;
    }
    if WORDS.contains(&l.as_str()) {
        return true;
    }
    let words: Vec<&str> = l.split([' ', '-']).filter(|w| !w.is_empty()).collect();
    let unit = |w: &str| {
        matches!(
            w.trim_end_matches('s'),
            "day"
                | "d"
                | "week"
                | "wk"
                | "w"
                | "month"
                | "mo"
                | "m"
                | "year"
                | "yr"
                | "hour"
                | "h"
                | "hd"
                | "pod"
        )
    };
    let number = |w: &str| !w.is_empty() && w.bytes().all(|b| b.is_ascii_digit());
    match words.as_slice() {
        // "Day 7", "Week 12", "HD 5", "D7".
        [u, n] if unit(u) && number(n) => true,
        [w] if w.len() > 1 && unit(&w[..1]) && number(&w[1..]) => true,
        // "3 months", "After 2 weeks", "2 weeks later".
        [n, u] | [n, u, "later" | "after"] if number(n) && unit(u) => true,
        ["after" | "post" | "at", n, u, ..] if number(n) && unit(u) => true,
        // A date: "12 March 2024", "2024-03-12", "03/14/2025".
        _ => is_date(&l),
    }
}

fn is_date(l: &str) -> bool {
    let digits = l.bytes().filter(u8::is_ascii_digit).count();
    let slashes = l
        .bytes()
        .filter(|&b| b == b'/' || b == b'-' || b == b'.')
        .count();
    let only_date_chars = l
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b' ' | b'/' | b'-' | b'.' | b','));
    only_date_chars && digits >= 4 && (slashes == 2 || l.split(' ').count() == 3)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> String {
        joined(Folded::new(text)).text
    }

    #[test]
    fn a_stacked_table_under_its_caption_becomes_rows() {
        let t = "Results are shown in Table 1.\nTable 1. Course\nParameter\nAdmission\nDay 7\nCRP (mg/L)\n148\n62\nFerritin (ng/mL)\n2450\n-\n\nShe recovered.";
        assert_eq!(
            read(t),
            "Results are shown in Table 1.\nTable 1. Course\nParameter | Admission | Day 7\nCRP (mg/L) | 148 | 62\nFerritin (ng/mL) | 2450 | -\n\nShe recovered."
        );
    }

    #[test]
    fn a_treatment_table_with_word_cells_is_joined_by_its_header_width() {
        let t = "Table 2. Treatment\nDrug\nDose\nStart\nStop\nTacrolimus\n2 mg twice daily\nDay 5\nWeek 10\nPrednisolone\n60 mg/day\nDay 1\nongoing\n";
        let out = read(t);
        assert!(out.contains("Drug | Dose | Start | Stop\nTacrolimus | 2 mg twice daily | Day 5 | Week 10\nPrednisolone | 60 mg/day | Day 1 | ongoing"), "{out}");
    }

    #[test]
    fn lines_under_a_caption_that_are_no_table_stay_lines() {
        for t in [
            "Table 1. Baseline characteristics\nShe was admitted on day 1 with fever and a rash over both arms.\nCRP was 148 mg/L.",
            "Table 1. Course\nParameter\nAdmission\nCRP\n148\n",
            "A list:\nParameter\nDay 1\nDay 2\nCRP\n1\n2\nLDH\n3\n4\n",
            "Table 1\nParameter\nDay 1\nDay 2\n148\n1\n2\n",
        ] {
            assert_eq!(read(t), t);
        }
    }
}
