//! `casecourse report`: the course report as one self-contained HTML file.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use casecourse_render::{ChartOptions, ReportOptions, TimeUnit, report_html};

use super::chart::load_course;
use crate::input::ReadArgs;

/// Write the course report: summary, chart, assessments, warnings, a
/// timeline of every fact and the source text with each fact's words
/// highlighted. One HTML file that opens without a network.
///
/// Examples:
///   casecourse report examples/mda5-cadm.txt -o report.html
///   casecourse report course.json -o report.html --time days
#[derive(clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// A narrative (UTF-8 text) or a course JSON from `extract` (detected by
    /// a leading `{`), or `-` for standard input.
    pub file: PathBuf,
    /// Write here (`-` for standard output).
    #[arg(long, short, default_value = "-")]
    pub output: PathBuf,
    /// Series to plot in the chart, comma-separated, or `all`.
    #[arg(long, value_delimiter = ',')]
    pub series: Vec<String>,
    /// Time axis and time labels: weeks, days or dates.
    #[arg(long, default_value = "weeks")]
    pub time: TimeUnit,
    /// Leave the assessments out.
    #[arg(long)]
    pub no_assess: bool,
    #[command(flatten)]
    pub read: ReadArgs,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let course = load_course(&args.file, args.read.lossy, args.read.max_bytes)?;
    let assessment = (!args.no_assess).then(|| casecourse_assess::assess(&course));
    let opts = ReportOptions {
        chart: ChartOptions {
            series: args.series,
            time: args.time,
            ..ChartOptions::default()
        },
        title: None,
    };
    let html = report_html(&course, assessment.as_ref(), &opts);
    let mut out = super::output(Some(&args.output))?;
    out.write_all(html.as_bytes())
        .context("writing the report")?;
    out.flush().context("writing the report")?;
    Ok(ExitCode::SUCCESS)
}
