//! A table of treatments: "Drug | Dose | Route | Start | Stop | Reason",
//! one row per drug ("Tacrolimus | 2 mg twice daily | oral | Day 5 | Week
//! 10 | nephrotoxicity"). The medication reader reads each row's drug,
//! dose, route and frequency as it reads a sentence; the table adds what
//! only its header says: that the time in one cell is when the drug began
//! and the time in another when it ended.

use casecourse_model::{DoseAction, Fact, Kind, PartRole, Span, Time};

use super::Ctx;
use crate::names::Cat;

/// Which cells of a treatment table's rows hold its start and its stop.
#[derive(Clone, Copy, Debug)]
pub struct Header {
    start: Option<usize>,
    stop: Option<usize>,
}

/// One row's drug cell and the times its start and stop cells name.
pub struct Row {
    name: (usize, usize),
    start: Option<(Time, Span)>,
    stop: Option<(Time, Span)>,
}

/// A header whose first cell names drugs and whose other cells name when
/// each started or stopped.
pub fn header(ctx: &Ctx, cells: &[(usize, usize)]) -> Option<Header> {
    let word = |k: usize| {
        let (a, b) = cells[k];
        ctx.doc
            .lower_text(a, b)
            .trim()
            .trim_matches(|c: char| !c.is_ascii_alphanumeric())
    };
    let first = word(0);
    let names_drugs = matches!(
        first.split([' ', '/']).next().unwrap_or(""),
        "drug"
            | "drugs"
            | "medication"
            | "medications"
            | "medicine"
            | "medicines"
            | "treatment"
            | "treatments"
            | "agent"
            | "agents"
            | "therapy"
            | "therapies"
            | "regimen"
    );
    if !names_drugs {
        return None;
    }
    let cell_is = |k: usize, words: &[&str]| {
        let w = word(k);
        words.iter().any(|x| {
            w.strip_prefix(x)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with(' '))
        })
    };
    let start = (1..cells.len()).find(|&k| {
        cell_is(
            k,
            &[
                "start",
                "started",
                "start date",
                "initiated",
                "initiation",
                "commenced",
                "begun",
                "began",
                "from",
                "date started",
                "onset",
            ],
        )
    });
    let stop = (1..cells.len()).find(|&k| {
        cell_is(
            k,
            &[
                "stop",
                "stopped",
                "stop date",
                "end",
                "ended",
                "end date",
                "discontinued",
                "discontinuation",
                "until",
                "to",
                "date stopped",
                "withdrawn",
                "ceased",
            ],
        )
    });
    (start.is_some() || stop.is_some()).then_some(Header { start, stop })
}

/// The row under `header`, when its first cell names a drug.
pub fn row(ctx: &Ctx, cells: &[(usize, usize)], header: Header) -> Option<Row> {
    let (n0, n1) = cells[0];
    ctx.v
        .mentions
        .iter()
        .find(|m| m.cat == Cat::Drug && m.start >= n0 && m.end <= n1)?;
    let time_in = |k: Option<usize>| {
        let (a, b) = *cells.get(k?)?;
        // A date is the document's to read; "Day 5" or "Week 10" alone is
        // a time only in a table's cell, read as a header's is.
        let (time, (s, e)) = ctx.doc.time_within(ctx.v.idx, a, b).or_else(|| {
            let w = super::trimmed(ctx, a, b);
            let time = super::words_time(ctx, ctx.text(w.start, w.end))?;
            Some((time, (w.start, w.end)))
        })?;
        time.day.is_some().then(|| (time, Span::new(s, e)))
    };
    let (start, stop) = (time_in(header.start), time_in(header.stop));
    (start.is_some() || stop.is_some()).then_some(Row {
        name: (n0, n1),
        start,
        stop,
    })
}

/// Dates the drugs read from `row`'s first cell: started at the start
/// cell's time and, when the stop cell names one, ended at its time.
pub fn date(row: Row, facts: &mut [Fact]) {
    let (n0, n1) = row.name;
    for f in facts.iter_mut().filter(|f| {
        f.kind == Kind::Medication
            && f.spans
                .first()
                .is_some_and(|s| s.start >= n0 && s.end <= n1)
    }) {
        let action = f.dosage.as_ref().and_then(|d| d.action);
        if matches!(action, Some(DoseAction::Stop)) {
            continue;
        }
        let Some((start, words)) = row.start.as_ref().or(row.stop.as_ref()) else {
            continue;
        };
        let mut time = Time::at(start.day.unwrap_or(0.0));
        time.date.clone_from(&start.date);
        f.set_part(PartRole::Time, *words);
        match &row.stop {
            Some((stop, _)) if row.start.is_some() => time.end_day = stop.day,
            Some(_) => {
                // Only a stop: the drug ended then.
                if let Some(d) = f.dosage.as_mut() {
                    d.action = Some(DoseAction::Stop);
                }
                f.time = time;
                continue;
            }
            None => {}
        }
        if let Some(d) = f.dosage.as_mut() {
            d.action = Some(DoseAction::Start);
        }
        f.time = time;
    }
}
