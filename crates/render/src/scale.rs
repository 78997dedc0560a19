//! Time and value scales: data to pixels, and tick marks people can read.

use crate::TimeUnit;
use crate::text;
use crate::units::number;

/// The horizontal axis: days from the index event to pixels.
#[derive(Debug, Clone)]
pub(crate) struct TimeAxis {
    pub unit: TimeUnit,
    pub day_min: f64,
    pub day_max: f64,
    pub x0: f64,
    pub x1: f64,
    /// The calendar date of day 0, when the unit is dates and it is known.
    pub index_date: Option<jiff::civil::Date>,
}

/// Steps between ticks, in days, per unit, smallest first.
const WEEK_STEPS: [f64; 9] = [1.0, 2.0, 4.0, 8.0, 12.0, 26.0, 52.0, 104.0, 260.0];
const DAY_STEPS: [f64; 12] = [
    1.0, 2.0, 5.0, 7.0, 14.0, 28.0, 56.0, 91.0, 182.0, 364.0, 728.0, 1820.0,
];

impl TimeAxis {
    /// Pixel x of `day`.
    pub fn x(&self, day: f64) -> f64 {
        let span = (self.day_max - self.day_min).max(f64::EPSILON);
        self.x0 + (day - self.day_min) / span * (self.x1 - self.x0)
    }

    /// Pixels per day.
    pub fn px_per_day(&self) -> f64 {
        (self.x1 - self.x0) / (self.day_max - self.day_min).max(f64::EPSILON)
    }

    /// Tick positions (days) and labels, spaced so labels never touch.
    pub fn ticks(&self, font: f64) -> Vec<(f64, String)> {
        let steps: Vec<f64> = match self.unit {
            TimeUnit::Weeks => WEEK_STEPS.iter().map(|w| w * 7.0).collect(),
            TimeUnit::Days | TimeUnit::Dates => DAY_STEPS.to_vec(),
        };
        let widest = self
            .tick_label(self.day_min)
            .len()
            .max(self.tick_label(self.day_max).len());
        let sample = "0".repeat(widest.max(2));
        let need = text::width(&sample, font) + 14.0;
        let step = steps
            .iter()
            .copied()
            .find(|s| s * self.px_per_day() >= need)
            .unwrap_or_else(|| steps.last().copied().unwrap_or(7.0));
        // Ticks at multiples of the step, counted from day 0 so the index
        // event always gets one when it is in range.
        let first = (self.day_min / step).ceil() as i64;
        let last = (self.day_max / step).floor() as i64;
        (first..=last)
            .map(|k| {
                let day = k as f64 * step;
                (day, self.tick_label(day))
            })
            .collect()
    }

    /// The label of a tick at `day`.
    pub fn tick_label(&self, day: f64) -> String {
        match (self.unit, self.index_date) {
            (TimeUnit::Dates, Some(d)) => date_at(d, day),
            (TimeUnit::Days, _) | (TimeUnit::Dates, None) => number(day.round()),
            (TimeUnit::Weeks, _) => number((day / 7.0 * 10.0).round() / 10.0),
        }
    }

    /// The axis title.
    pub fn title(&self, index: &str) -> String {
        match (self.unit, self.index_date) {
            (TimeUnit::Weeks, _) => format!("Weeks from {index}"),
            (TimeUnit::Days, _) => format!("Days from {index}"),
            (TimeUnit::Dates, Some(_)) => format!("Date (day 0 = {index})"),
            (TimeUnit::Dates, None) => {
                format!("Days from {index} (no calendar date for it in the course)")
            }
        }
    }

    /// `day` for a sentence: `week 12`, `day 84`, `2023-06-06`.
    pub fn describe(&self, day: f64) -> String {
        match (self.unit, self.index_date) {
            (TimeUnit::Dates, Some(d)) => date_at(d, day),
            (TimeUnit::Weeks, _) => format!("week {}", number((day / 7.0 * 10.0).round() / 10.0)),
            _ => format!("day {}", number(day.round())),
        }
    }
}

/// The calendar date `day` days after `index` (rounded to whole days).
pub(crate) fn date_at(index: jiff::civil::Date, day: f64) -> String {
    let days = day.round() as i64;
    match jiff::Span::new().try_days(days) {
        Ok(span) => index
            .checked_add(span)
            .map(|d| d.to_string())
            .unwrap_or_else(|_| format!("day {days}")),
        Err(_) => format!("day {days}"),
    }
}

/// A vertical value scale for one small-multiple panel.
#[derive(Debug, Clone)]
pub(crate) struct ValueScale {
    pub lo: f64,
    pub hi: f64,
    pub log: bool,
    /// Pixel y of `hi`.
    pub top: f64,
    /// Pixel y of `lo`.
    pub bottom: f64,
}

/// Ratio of largest to smallest value above which a panel uses a log
/// scale: past it, a linear axis squeezes the low values onto the floor.
const LOG_RATIO: f64 = 20.0;

impl ValueScale {
    /// A scale over `values` (and reference limits) mapped to `top..bottom`.
    pub fn fit(values: &[f64], top: f64, bottom: f64) -> ValueScale {
        let finite: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
        let (mut lo, mut hi) = finite
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &v| {
                (a.min(v), b.max(v))
            });
        if !lo.is_finite() {
            (lo, hi) = (0.0, 1.0);
        }
        let log = lo > 0.0 && hi / lo >= LOG_RATIO;
        if log {
            lo = 10f64.powf(lo.log10().floor());
            hi = 10f64.powf(hi.log10().ceil());
        } else {
            if (hi - lo).abs() < f64::EPSILON {
                let pad = if lo == 0.0 { 1.0 } else { lo.abs() * 0.25 };
                lo -= pad;
                hi += pad;
            }
            let step = nice_step((hi - lo) / 3.0);
            lo = (lo / step).floor() * step;
            hi = (hi / step).ceil() * step;
            if finite.iter().all(|v| *v >= 0.0) {
                lo = lo.max(0.0);
            }
        }
        ValueScale {
            lo,
            hi,
            log,
            top,
            bottom,
        }
    }

    /// Pixel y of `v` (clamped to the panel).
    pub fn y(&self, v: f64) -> f64 {
        let t = if self.log {
            let v = v.max(self.lo);
            (v.log10() - self.lo.log10()) / (self.hi.log10() - self.lo.log10()).max(f64::EPSILON)
        } else {
            (v - self.lo) / (self.hi - self.lo).max(f64::EPSILON)
        };
        self.bottom - t.clamp(0.0, 1.0) * (self.bottom - self.top)
    }

    /// Tick values: decades on a log scale, 3–4 round numbers otherwise.
    pub fn ticks(&self) -> Vec<f64> {
        if self.log {
            let a = self.lo.log10().round() as i32;
            let b = self.hi.log10().round() as i32;
            return (a..=b).map(|e| 10f64.powi(e)).collect();
        }
        let step = nice_step((self.hi - self.lo) / 3.0);
        let n = ((self.hi - self.lo) / step).round() as i64;
        (0..=n).map(|k| self.lo + k as f64 * step).collect()
    }
}

/// The round number (1, 2, 2.5, 5 × 10ⁿ) nearest above `raw`.
fn nice_step(raw: f64) -> f64 {
    if !(raw.is_finite() && raw > 0.0) {
        return 1.0;
    }
    let mag = 10f64.powf(raw.log10().floor());
    let f = raw / mag;
    let nice = if f <= 1.0 {
        1.0
    } else if f <= 2.0 {
        2.0
    } else if f <= 2.5 {
        2.5
    } else if f <= 5.0 {
        5.0
    } else {
        10.0
    };
    nice * mag
}

/// A tick value as a short label: 10000 → `10k` so the tick column stays
/// narrow.
pub(crate) fn tick_value(v: f64) -> String {
    if v.abs() >= 10_000.0 {
        format!("{}k", number(v / 1000.0))
    } else {
        number(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn axis(unit: TimeUnit, a: f64, b: f64) -> TimeAxis {
        TimeAxis {
            unit,
            day_min: a,
            day_max: b,
            x0: 100.0,
            x1: 900.0,
            index_date: None,
        }
    }

    #[test]
    fn x_maps_ends_of_domain_to_ends_of_axis() {
        let t = axis(TimeUnit::Weeks, -28.0, 476.0);
        assert_eq!(t.x(-28.0), 100.0);
        assert_eq!(t.x(476.0), 900.0);
        assert!((t.x(224.0) - 500.0).abs() < 1e-9);
    }

    #[test]
    fn week_ticks_include_zero_and_are_spaced_for_labels() {
        let t = axis(TimeUnit::Weeks, -28.0, 476.0);
        let ticks = t.ticks(11.0);
        assert!(ticks.iter().any(|(d, l)| *d == 0.0 && l == "0"));
        assert!(ticks.iter().any(|(_, l)| l == "68"), "{ticks:?}");
        for w in ticks.windows(2) {
            assert!(t.x(w[1].0) - t.x(w[0].0) >= text::width("00", 11.0) + 14.0);
        }
    }

    #[test]
    fn dates_count_from_the_index_date() {
        let d: jiff::civil::Date = "2023-03-14".parse().unwrap();
        assert_eq!(date_at(d, 0.0), "2023-03-14");
        assert_eq!(date_at(d, 84.0), "2023-06-06");
        assert_eq!(date_at(d, -1.0), "2023-03-13");
    }

    #[test]
    fn log_scale_only_past_the_ratio() {
        // 19-fold range: linear; 20-fold and more: log.
        assert!(!ValueScale::fit(&[10.0, 190.0], 0.0, 100.0).log);
        assert!(ValueScale::fit(&[10.0, 200.0], 0.0, 100.0).log);
        assert!(!ValueScale::fit(&[0.0, 5000.0], 0.0, 100.0).log);
        let s = ValueScale::fit(&[5.0, 9500.0], 0.0, 100.0);
        assert_eq!((s.lo, s.hi), (1.0, 10_000.0));
        assert_eq!(s.y(10_000.0), 0.0);
        assert_eq!(s.y(1.0), 100.0);
        assert!((s.y(100.0) - 50.0).abs() < 1e-9);
    }

    #[test]
    fn linear_ticks_are_round_and_cover_the_values() {
        let s = ValueScale::fit(&[50.0, 99.0, 100.0], 0.0, 60.0);
        let ticks = s.ticks();
        assert!(s.lo <= 50.0 && s.hi >= 100.0, "{s:?}");
        assert!(ticks.len() >= 3 && ticks.len() <= 5, "{ticks:?}");
        // A single value gets a band around it instead of a zero-height axis.
        let one = ValueScale::fit(&[3.25], 0.0, 60.0);
        assert!(one.lo < 3.25 && one.hi > 3.25);
    }

    #[test]
    fn nice_steps() {
        assert_eq!(nice_step(0.7), 1.0);
        assert_eq!(nice_step(1.5), 2.0);
        assert_eq!(nice_step(2.2), 2.5);
        assert_eq!(nice_step(3000.0), 5000.0);
        assert_eq!(tick_value(10_000.0), "10k");
        assert_eq!(tick_value(5000.0), "5000");
    }
}
