//! `casecourse fhir`: a course as a FHIR R4 Bundle, and back.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use casecourse_fhir::{BundleType, ExportOptions};

use crate::input::{DEFAULT_MAX_BYTES, read_narrative};

/// FHIR R4 export and import.
#[derive(clap::Subcommand)]
pub enum Command {
    /// Write a course as a FHIR R4 Bundle.
    ///
    /// FILE is a narrative (extracted first) or a course JSON (it starts
    /// with `{`). Relative times are placed on the calendar from the index
    /// date: give --index-date when the course has none.
    ///
    /// Examples:
    ///   casecourse fhir export note.txt --index-date 2024-03-01 -o bundle.json
    ///   casecourse extract note.txt > course.json && casecourse fhir export course.json --index-date 2024-03-01
    #[command(verbatim_doc_comment)]
    Export {
        /// A narrative (UTF-8 text) or course JSON, or `-` for standard input.
        file: PathBuf,
        /// Calendar date of the index event (YYYY-MM-DD).
        #[arg(long)]
        index_date: Option<String>,
        /// Write a transaction Bundle (POST each resource) instead of a
        /// collection.
        #[arg(long)]
        transaction: bool,
        /// Write here instead of standard output.
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// Read a FHIR R4 Bundle (ours or another system's) into a course JSON.
    ///
    /// What the import assumed or set aside (unknown resource types, fields
    /// it does not read) is listed on standard error.
    ///
    /// Example:
    ///   casecourse fhir import bundle.json -o course.json
    #[command(verbatim_doc_comment)]
    Import {
        /// The Bundle JSON, or `-` for standard input.
        bundle: PathBuf,
        /// Write here instead of standard output.
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
}

pub fn run(cmd: Command) -> anyhow::Result<ExitCode> {
    match cmd {
        Command::Export {
            file,
            index_date,
            transaction,
            output,
        } => export(file, index_date, transaction, output),
        Command::Import { bundle, output } => import(bundle, output),
    }
}

fn export(
    file: PathBuf,
    index_date: Option<String>,
    transaction: bool,
    output: Option<PathBuf>,
) -> anyhow::Result<ExitCode> {
    if let Some(d) = &index_date {
        super::check_date(d)?;
    }
    let course = crate::input::read_course(&file, false, DEFAULT_MAX_BYTES, index_date.clone())?;
    let opts = ExportOptions {
        index_date,
        bundle_type: if transaction {
            BundleType::Transaction
        } else {
            BundleType::Collection
        },
        recorded: None,
    };
    let bundle = casecourse_fhir::export(&course, &opts)?;
    let mut out = super::output(output.as_deref())?;
    serde_json::to_writer_pretty(&mut out, &bundle)?;
    writeln!(out)?;
    out.flush().context("writing output")?;
    Ok(ExitCode::SUCCESS)
}

fn import(bundle: PathBuf, output: Option<PathBuf>) -> anyhow::Result<ExitCode> {
    let input = read_narrative(&bundle, false, DEFAULT_MAX_BYTES)?;
    let imported =
        casecourse_fhir::import(&input.text).with_context(|| format!("reading {}", input.name))?;
    for note in &imported.report {
        eprintln!("casecourse: note [{}]: {}", note.code, note.message);
    }
    let mut out = super::output(output.as_deref())?;
    writeln!(out, "{}", imported.course.to_json())?;
    out.flush().context("writing output")?;
    Ok(ExitCode::SUCCESS)
}
