//! `casecourse batch`: extract a whole corpus.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context;
use casecourse_corpus::batch::{
    self, Event, Format as BatchFormat, Options as BatchOptions, Source,
};
use casecourse_model::Course;

/// Extract every document of a corpus, in parallel, with bounded memory.
///
/// INPUT is a folder of .txt files (the id is the file name without .txt),
/// a JSON Lines file with one {"id": ..., "text": ...} per line, or `-`
/// for JSON Lines on standard input. A document that fails (not text,
/// empty, duplicate id, extractor error) is written with its id and reason
/// to OUTPUT.errors.jsonl and to standard error, and the run goes on; the
/// exit status is 0 when the run completes.
///
/// The courses support decisions; they are not decisions.
///
/// Examples:
///   casecourse batch reports/ --out courses.jsonl
///   casecourse batch corpus.jsonl --out facts.parquet --format parquet --jobs 2
///   casecourse batch corpus.jsonl --out courses.jsonl --resume
#[derive(clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// A folder of .txt files, a .jsonl of {"id","text"}, or `-` (JSON Lines on stdin).
    pub input: PathBuf,
    /// Where to write (`-`: standard output, JSON Lines or CSV only).
    #[arg(long, short)]
    pub out: PathBuf,
    /// jsonl: one course JSON per line; csv and parquet: one flat fact per row with a doc_id column.
    #[arg(long, short, value_enum, default_value_t = Format::Jsonl)]
    pub format: Format,
    /// Worker threads (default: one per core).
    #[arg(long, short)]
    pub jobs: Option<usize>,
    /// Skip documents already in OUTPUT (or in its errors file) and append the rest.
    #[arg(long)]
    pub resume: bool,
    /// Refuse documents larger than this many bytes (reported, not fatal).
    #[arg(long, default_value_t = 64 * 1024 * 1024)]
    pub max_bytes: u64,
}

/// Output formats.
#[derive(Clone, Copy, clap::ValueEnum)]
pub enum Format {
    /// One course JSON per line.
    Jsonl,
    /// Flat facts as CSV.
    Csv,
    /// Flat facts as Parquet (for pandas, DuckDB, Spark).
    Parquet,
}

fn extract(id: &str, text: &str) -> Course {
    let options = casecourse_extract::Options {
        name: Some(id.to_string()),
        ..Default::default()
    };
    casecourse_extract::extract(text, &options)
}

fn bar(source: &Source) -> Option<indicatif::ProgressBar> {
    if !std::io::stderr().is_terminal() {
        return None;
    }
    let (pb, template) = match source.total_bytes() {
        Some(n) => (
            indicatif::ProgressBar::new(n),
            "{elapsed_precise} [{bar:30}] {bytes}/{total_bytes} {bytes_per_sec} ETA {eta} {msg}",
        ),
        None => (
            indicatif::ProgressBar::new_spinner(),
            "{elapsed_precise} {spinner} {msg}",
        ),
    };
    if let Ok(style) = indicatif::ProgressStyle::with_template(template) {
        pb.set_style(style.progress_chars("=> "));
    }
    pb.enable_steady_tick(Duration::from_millis(200));
    Some(pb)
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    // A document that makes the extractor panic is reported with its id and
    // the panic message; the default hook's backtrace would drown the log.
    std::panic::set_hook(Box::new(|_| {}));
    let source = Source::from_arg(&args.input);
    if let Source::Jsonl(p) | Source::Dir(p) = &source {
        anyhow::ensure!(p.exists(), "input {} does not exist", p.display());
    }
    let options = BatchOptions {
        format: match args.format {
            Format::Jsonl => BatchFormat::Jsonl,
            Format::Csv => BatchFormat::Csv,
            Format::Parquet => BatchFormat::Parquet,
        },
        jobs: args.jobs.unwrap_or(0),
        resume: args.resume,
        max_bytes: args.max_bytes,
        ..BatchOptions::default()
    };
    let pb = bar(&source);
    let started = std::time::Instant::now();
    let mut on_event = |e: Event<'_>| match e {
        Event::Failed(f) => {
            let line = format!("casecourse batch: {}: {}", f.id, f.reason);
            match &pb {
                Some(pb) => pb.println(line),
                None => eprintln!("{line}"),
            }
        }
        Event::Progress(p) => {
            if let Some(pb) = &pb {
                pb.set_position(p.bytes);
                let rate = p.documents as f64 / started.elapsed().as_secs_f64().max(1e-9);
                pb.set_message(format!(
                    "{} documents ({:.0}/s), {} failed, {} skipped",
                    p.documents, rate, p.failed, p.skipped
                ));
            }
        }
    };
    let summary = batch::run(&source, &args.out, &options, &extract, &mut on_event)
        .with_context(|| format!("batch {}", args.input.display()))?;
    if let Some(pb) = &pb {
        pb.finish_and_clear();
    }
    let p = summary.progress;
    let secs = summary.elapsed.as_secs_f64().max(1e-9);
    eprintln!(
        "casecourse batch: {} documents in {:.1} s ({:.0} docs/s, {:.1} MB/s of text), {} failed{}, {} skipped (already done); first output after {}",
        p.documents,
        secs,
        p.documents as f64 / secs,
        summary.text_bytes as f64 / 1e6 / secs,
        p.failed,
        match (&summary.errors_path, p.failed) {
            (Some(path), n) if n > 0 => format!(" (see {})", path.display()),
            _ => String::new(),
        },
        p.skipped,
        summary
            .first_output
            .map(|d| format!("{:.3} s", d.as_secs_f64()))
            .unwrap_or_else(|| "-".into()),
    );
    Ok(ExitCode::SUCCESS)
}
