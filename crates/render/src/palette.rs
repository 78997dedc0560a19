//! Colours safe for colour-blind readers.
//!
//! Okabe M, Ito K. Color Universal Design (CUD): how to make figures and
//! presentations that are friendly to colorblind people. J*Fly, 2008
//! (jfly.uni-koeln.de/color); the eight colours are distinguishable under
//! protanopia, deuteranopia and tritanopia. Meaning is never carried by
//! colour alone: every mark also has a shape and a text label.

/// Okabe–Ito, without yellow (too light on white for lines and text) and
/// black (kept for axes and text).
pub(crate) const SERIES: [&str; 6] = [
    "#0072B2", // blue
    "#D55E00", // vermillion
    "#009E73", // bluish green
    "#CC79A7", // reddish purple
    "#E69F00", // orange
    "#56B4E9", // sky blue
];

/// Colour for series or lane `i`.
pub(crate) fn series(i: usize) -> &'static str {
    SERIES[i % SERIES.len()]
}

/// Text and axes.
pub(crate) const INK: &str = "#1a1a1a";
/// Secondary text (units, notes): 7:1 contrast on white.
pub(crate) const MUTED: &str = "#555555";
/// Grid lines.
pub(crate) const GRID: &str = "#e3e3e3";
/// Reference interval band: a light tint of bluish green.
pub(crate) const BAND: &str = "#d9f0e8";
/// Oxygen lane: sky blue (Okabe–Ito).
pub(crate) const OXYGEN: &str = "#56B4E9";
/// Positive result marks: vermillion (Okabe–Ito).
pub(crate) const POSITIVE: &str = "#D55E00";
/// Negative result marks: blue (Okabe–Ito).
pub(crate) const NEGATIVE: &str = "#0072B2";
