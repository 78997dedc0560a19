//! `casecourse chart`: the course chart as SVG (or PNG).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use casecourse_model::Course;
use casecourse_render::{ChartOptions, TimeUnit, chart_svg};

use crate::input::ReadArgs;

/// Draw the course chart: measured series over time, drug and oxygen lanes,
/// events, imaging and antibody results.
///
/// Examples:
///   casecourse chart examples/mda5-cadm.txt -o course.svg
///   casecourse chart course.json -o course.png --png --series KL-6,ferritin,SpO2
///   casecourse chart course.json -o course.svg --time days
#[derive(clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// A narrative (UTF-8 text) or a course JSON from `extract` (detected by
    /// a leading `{`), or `-` for standard input.
    pub file: PathBuf,
    /// Write here (`-` for standard output).
    #[arg(long, short, default_value = "-")]
    pub output: PathBuf,
    /// Write a PNG instead of an SVG.
    #[arg(long)]
    pub png: bool,
    /// Series to plot, comma-separated (`KL-6,ferritin,SpO2`), or `all`.
    /// Default: series measured twice or more, or flagged abnormal.
    #[arg(long, value_delimiter = ',')]
    pub series: Vec<String>,
    /// Time axis: weeks or days from the index event, or calendar dates.
    #[arg(long, default_value = "weeks")]
    pub time: TimeUnit,
    /// Chart width in pixels.
    #[arg(long, default_value_t = 960.0)]
    pub width: f64,
    #[command(flatten)]
    pub read: ReadArgs,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let course = load_course(&args.file, args.read.lossy, args.read.max_bytes)?;
    let opts = ChartOptions {
        width: args.width,
        series: args.series.clone(),
        time: args.time,
        title: None,
    };
    warn_missing_series(&course, &args.series);
    if args.time == TimeUnit::Dates && course.index.date.is_none() {
        eprintln!(
            "casecourse: note: the course has no calendar date for its index event; days are shown (give one with `extract --index-date`)"
        );
    }
    let svg = chart_svg(&course, &opts);
    let bytes = if args.png {
        casecourse_render::svg_to_png(&svg, 2.0)?
    } else {
        svg.into_bytes()
    };
    let mut out = super::output(Some(&args.output))?;
    out.write_all(&bytes).context("writing the chart")?;
    out.flush().context("writing the chart")?;
    Ok(ExitCode::SUCCESS)
}

/// Says which requested series the course does not have, and what it has.
fn warn_missing_series(course: &Course, wanted: &[String]) {
    if wanted.is_empty() || wanted.iter().any(|w| w.eq_ignore_ascii_case("all")) {
        return;
    }
    let names = casecourse_render::series_names(course);
    let lower: Vec<String> = names.iter().map(|n| n.to_lowercase()).collect();
    for w in wanted {
        let w_l = w.trim().to_lowercase();
        if !lower.iter().any(|n| n.contains(&w_l)) {
            eprintln!(
                "casecourse: note: no series {w:?} in this course (it has: {})",
                if names.is_empty() {
                    "none".to_string()
                } else {
                    names.join(", ")
                }
            );
        }
    }
}

/// Reads `path` as a course: a course JSON when it starts with `{`, else a
/// narrative to extract.
pub fn load_course(path: &Path, lossy: bool, max_bytes: u64) -> anyhow::Result<Course> {
    crate::input::read_course(path, lossy, max_bytes, None)
}
