//! Draws a course: the course chart (SVG, optionally PNG) and the course
//! report, one self-contained HTML file.
//!
//! - [`chart_svg`]: measured series as small multiples (each on its own
//!   scale, log when the values span orders of magnitude, reference
//!   intervals shaded), then swimlanes for oxygen support and each drug
//!   (dose and frequency labelled where they change), then markers for
//!   events, imaging and antibody results, on one time axis.
//! - [`report_html`]: a summary, the chart, the assessments, the warnings,
//!   a timeline table of every fact, and the source text with each fact's
//!   words highlighted and linked both ways.
//!
//! Output is deterministic: the same course gives the same bytes. Labels
//! are measured with the bundled DejaVu Sans font and packed so that they
//! never overlap; a label with no room is left out of the picture but stays
//! in its mark's tooltip and in the report's table.
#![deny(missing_docs)]

mod chart;
mod pack;
mod palette;
#[cfg(feature = "png")]
mod png;
mod report;
mod scale;
mod text;
mod units;
mod view;

pub use chart::chart_svg;
#[cfg(feature = "png")]
pub use png::{PngError, svg_to_png};
pub use report::report_html;

/// How the time axis counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TimeUnit {
    /// Weeks from the index event (the case-report convention).
    #[default]
    Weeks,
    /// Days from the index event.
    Days,
    /// Calendar dates, when the index event has a full date; days otherwise.
    Dates,
}

impl std::str::FromStr for TimeUnit {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "weeks" | "week" => Ok(TimeUnit::Weeks),
            "days" | "day" => Ok(TimeUnit::Days),
            "dates" | "date" => Ok(TimeUnit::Dates),
            other => Err(format!(
                "unknown time unit {other:?}: use weeks, days or dates"
            )),
        }
    }
}

/// What the chart shows and how.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartOptions {
    /// Width in pixels (480–4000; the height follows from the content).
    pub width: f64,
    /// Series to plot, by name or abbreviation (`KL-6`, `ferritin`, `SpO2`);
    /// `all` for every measured series; empty for the default: series
    /// measured at two or more times, or flagged abnormal.
    pub series: Vec<String>,
    /// Time axis unit.
    pub time: TimeUnit,
    /// A title instead of "Clinical course: <source name>".
    pub title: Option<String>,
}

impl Default for ChartOptions {
    fn default() -> Self {
        ChartOptions {
            width: 960.0,
            series: Vec::new(),
            time: TimeUnit::Weeks,
            title: None,
        }
    }
}

/// What the report shows.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ReportOptions {
    /// The chart inside the report.
    pub chart: ChartOptions,
    /// A title instead of the source's name.
    pub title: Option<String>,
}

/// Names of the series a course offers (for `--series`), with their chart
/// abbreviations.
pub fn series_names(course: &casecourse_model::Course) -> Vec<String> {
    view::series_names(course)
}
