//! `casecourse extract`: narrative in, structured course out.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use casecourse_extract::Options;
use casecourse_model::{Course, FLAT_COLUMNS, IndexKind, flat_rows};

use crate::input::{ReadArgs, note_lossy, read_narrative};

/// Read a narrative and write its structured course.
///
/// Examples:
///   casecourse extract examples/mda5-dm-letter.txt
///   casecourse extract note.txt --format table
///   cat letter.txt | casecourse extract - --format csv > facts.csv
#[derive(clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// The narrative (UTF-8 text), or `-` for standard input.
    pub file: PathBuf,
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = Format::Json)]
    pub format: Format,
    /// Which event is day 0 (default: admission, else start of treatment).
    #[arg(long, value_enum)]
    pub index: Option<IndexArg>,
    /// Calendar date of the index event (YYYY-MM-DD), to anchor relative times.
    #[arg(long)]
    pub index_date: Option<String>,
    #[command(flatten)]
    pub read: ReadArgs,
    /// Write here instead of standard output.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
}

/// Output formats.
#[derive(Clone, Copy, clap::ValueEnum)]
pub enum Format {
    /// The versioned course JSON (schema/course.schema.json).
    Json,
    /// A readable table, one fact per line.
    Table,
    /// One flat fact per line as JSON (gold-list field names).
    Jsonl,
    /// One flat fact per row as CSV (gold-list field names).
    Csv,
}

/// Index events selectable on the command line.
#[derive(Clone, Copy, clap::ValueEnum)]
pub enum IndexArg {
    /// Admission to the treating hospital.
    Admission,
    /// Start of treatment.
    Treatment,
    /// Diagnosis.
    Diagnosis,
    /// The first visit.
    FirstVisit,
}

impl From<IndexArg> for IndexKind {
    fn from(a: IndexArg) -> Self {
        match a {
            IndexArg::Admission => IndexKind::Admission,
            IndexArg::Treatment => IndexKind::TreatmentStart,
            IndexArg::Diagnosis => IndexKind::Diagnosis,
            IndexArg::FirstVisit => IndexKind::FirstVisit,
        }
    }
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let narrative = read_narrative(&args.file, args.read.lossy, args.read.max_bytes)?;
    if let Some(d) = &args.index_date {
        super::check_date(d)?;
    }
    let options = Options {
        name: Some(narrative.name.clone()),
        index: args.index.map(Into::into),
        index_date: args.index_date.clone(),
    };
    let mut course = casecourse_extract::extract(&narrative.text, &options);
    note_lossy(&mut course, narrative.lossy_note);
    let mut out = super::output(args.output.as_deref())?;
    write_course(&course, args.format, &mut out)?;
    out.flush().context("writing output")?;
    Ok(ExitCode::SUCCESS)
}

/// Writes `course` in `format`.
pub fn write_course(course: &Course, format: Format, out: &mut dyn Write) -> anyhow::Result<()> {
    match format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut *out, course)?;
            writeln!(out)?;
        }
        Format::Jsonl => {
            for row in flat_rows(course) {
                serde_json::to_writer(&mut *out, &row)?;
                writeln!(out)?;
            }
        }
        Format::Csv => {
            let mut w = csv::Writer::from_writer(out);
            w.write_record(FLAT_COLUMNS)?;
            for row in flat_rows(course) {
                w.write_record(FLAT_COLUMNS.iter().map(|c| row.column(c)))?;
            }
            w.flush()?;
        }
        Format::Table => write_table(course, out)?,
    }
    Ok(())
}

fn write_table(course: &Course, out: &mut dyn Write) -> anyhow::Result<()> {
    writeln!(
        out,
        "index: {} (day 0){}",
        course.index.description,
        course
            .index
            .date
            .as_ref()
            .map(|d| format!(", {d}"))
            .unwrap_or_default()
    )?;
    writeln!(
        out,
        "{:<8} {:<13} {:<44} {:<28} details",
        "week", "kind", "name", "value"
    )?;
    for row in flat_rows(course) {
        let when = [
            "week",
            "start_week",
            "end_week",
            "onset_week",
            "week_before",
            "week_after",
            "week_between",
        ]
        .iter()
        .find_map(|c| {
            let v = row.column(c);
            (!v.is_empty()).then(|| match *c {
                "week_before" => format!("<{v}"),
                "week_after" => format!(">{v}"),
                "onset_week" => format!("{v}~"),
                "end_week" => format!("{v}]"),
                _ => v,
            })
        })
        .unwrap_or_else(|| "?".into());
        let mut value = row.column("comparator") + &row.column("value");
        if let Some(u) = &row.unit
            && row.dose.is_none()
        {
            value = format!("{value} {u}");
        }
        if let Some(r) = &row.result {
            value = r.clone();
        }
        if let Some(d) = row.dose {
            value = format!("{} {}", d, row.unit.clone().unwrap_or_default());
        }
        let mut details = Vec::new();
        for c in [
            "frequency",
            "route",
            "action",
            "flag",
            "strength",
            "site",
            "status",
            "device",
            "flow",
            "fio2",
            "duration",
            "impression",
        ] {
            let v = row.column(c);
            if !v.is_empty() {
                details.push(format!("{c}={v}"));
            }
        }
        if row.negated {
            details.insert(0, "NEGATED".into());
        }
        if let Some(c) = &row.certainty {
            details.insert(0, c.to_uppercase());
        }
        if let Some(o) = &row.origin {
            details.push(format!("({o})"));
        }
        writeln!(
            out,
            "{:<8} {:<13} {:<44} {:<28} {}",
            when,
            row.kind,
            row.name,
            value.trim(),
            details.join(" ")
        )?;
    }
    for w in &course.warnings {
        writeln!(out, "warning[{}]: {}", w.code, w.message)?;
    }
    Ok(())
}
