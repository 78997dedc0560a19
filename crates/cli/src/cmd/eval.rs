//! `casecourse eval`: measure extraction against annotated text.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use casecourse_corpus::eval::{
    Mapping, brat_table, evaluate_brat_dir, evaluate_gold_dir, gold_table,
};
use casecourse_model::Course;

/// Score the extractor against annotated text and print Markdown tables.
///
/// --gold DIR: every *.gold.json (our gold fact lists) beside the text it
/// names; value, unit and time must match (see the casecourse_corpus::gold
/// docs for the rule). Prints per-document and micro/macro P/R/F1.
///
/// --brat DIR --map FILE: every .txt/.ann pair (brat standoff); span
/// precision, recall and F1 per entity type, strict (exact span) and
/// lenient (overlap), micro and macro. The map says which of our facts
/// stand for each of the corpus's types; types we do not produce are
/// listed as such. A document whose annotations do not fit its text is
/// reported and skipped.
///
/// Examples:
///   casecourse eval --gold tests/fixtures/cases --errors
///   casecourse eval --brat ../shared/corpora/maccrobat2020/dev --map data/corpus/maccrobat.toml
#[derive(clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// A folder of *.gold.json gold fact lists.
    #[arg(long, conflicts_with = "brat", required_unless_present = "brat")]
    pub gold: Option<PathBuf>,
    /// A folder of brat .txt/.ann pairs.
    #[arg(long, requires = "map")]
    pub brat: Option<PathBuf>,
    /// Mapping from the corpus's entity types to our facts (TOML).
    #[arg(long)]
    pub map: Option<PathBuf>,
    /// List every miss and false positive with its context.
    #[arg(long)]
    pub errors: bool,
    /// Write here instead of standard output.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
}

fn extract(id: &str, text: &str) -> Course {
    let options = casecourse_extract::Options {
        name: Some(id.to_string()),
        ..Default::default()
    };
    casecourse_extract::extract(text, &options)
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    // A document that makes the extractor panic is reported with its id and
    // the panic message; the default hook's backtrace would drown the log.
    std::panic::set_hook(Box::new(|_| {}));
    let mut out = super::output(args.output.as_deref())?;
    if let Some(dir) = &args.gold {
        let run = evaluate_gold_dir(dir, &extract)
            .with_context(|| format!("cannot read {}", dir.display()))?;
        anyhow::ensure!(
            !run.documents.is_empty(),
            "no *.gold.json files in {}",
            dir.display()
        );
        write!(out, "{}", gold_table(&run))?;
        if args.errors {
            for d in &run.documents {
                match &d.result {
                    Ok(score) => writeln!(out, "\n{score}")?,
                    Err(e) => writeln!(out, "\n{}: error: {e}", d.path.display())?,
                }
            }
        }
    } else if let (Some(dir), Some(map)) = (&args.brat, &args.map) {
        let mapping = Mapping::load(map)?;
        let score = evaluate_brat_dir(dir, &mapping, &extract, args.errors)
            .with_context(|| format!("cannot read {}", dir.display()))?;
        writeln!(
            out,
            "{}: {} documents scored, {} could not be read.\n",
            mapping.meta.corpus,
            score.documents,
            score.errors.len()
        )?;
        write!(out, "{}", brat_table(&score, &mapping))?;
        for (doc, reason) in &score.errors {
            writeln!(out, "\ndocument error: {doc}: {reason}")?;
        }
        if !score.unknown_lines.is_empty() {
            writeln!(out, "\n{} unknown .ann lines:", score.unknown_lines.len())?;
            for (doc, line, content) in score.unknown_lines.iter().take(20) {
                writeln!(out, "  {doc}:{line}: {content}")?;
            }
        }
        if args.errors {
            writeln!(out)?;
            for e in &score.span_errors {
                writeln!(
                    out,
                    "{} {} {}: {:?} in {}",
                    e.doc, e.entity_type, e.what, e.words, e.context
                )?;
            }
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
