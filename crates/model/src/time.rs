//! Time relative to the index event.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Days in a week: the gold lists and the chart count in weeks.
pub const DAYS_PER_WEEK: f64 = 7.0;

/// How a fact sits in time relative to the index event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Default)]
#[serde(rename_all = "snake_case")]
pub enum Relation {
    /// At a point: "after 4 weeks of treatment", "at the 68-week follow-up".
    At,
    /// Some time before `day`: "before admission", "previously".
    Before,
    /// Some time after `day`: "after this adjustment he was discharged".
    After,
    /// Between `start_day` and `end_day`: "gradually tapered over 4 weeks".
    Between,
    /// Began at `day` (before the index) and went on for `duration`:
    /// "cough lasting for 1 month".
    Onset,
    /// The text does not place it.
    #[default]
    Unknown,
}

/// A length of time as the text gave it ("5 days", "2 months").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Duration {
    /// The number as written.
    pub value: f64,
    /// The unit as a word: hour, day, week, month, year.
    pub unit: String,
    /// The same length in days (a month is 30.4375 days, a year 365.25).
    pub days: f64,
}

impl Duration {
    /// "1 month", "5 days": the text form used in flat rows.
    pub fn label(&self) -> String {
        let plural = if (self.value - 1.0).abs() < f64::EPSILON {
            ""
        } else {
            "s"
        };
        format!("{} {}{}", trim_number(self.value), self.unit, plural)
    }
}

/// Formats a number without a trailing `.0`.
pub fn trim_number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

/// When a fact happened, relative to the index event, with the precision the
/// text gave.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Default)]
pub struct Time {
    /// How the fact relates to `day` / `start_day`..`end_day`.
    pub relation: Relation,
    /// Day relative to the index (0 = index day, negative before it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub day: Option<f64>,
    /// Start of an interval, in days from the index.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_day: Option<f64>,
    /// End of an interval, in days from the index.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_day: Option<f64>,
    /// How long it lasted, when the text says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<Duration>,
    /// The calendar date when the text gave one (ISO 8601, possibly partial:
    /// `2023`, `2023-03`, `2023-03-14`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
}

impl Time {
    /// A point in time, `day` days from the index.
    pub fn at(day: f64) -> Self {
        Time {
            relation: Relation::At,
            day: Some(day),
            ..Time::default()
        }
    }

    /// Before `day` days from the index: "before admission", a regimen the
    /// patient was already on, a pre-morbid value.
    pub fn before(day: f64) -> Self {
        Time {
            relation: Relation::Before,
            day: Some(day),
            ..Time::default()
        }
    }

    /// The best single day for sorting and charting: the point, or the start
    /// of an interval.
    pub fn anchor_day(&self) -> Option<f64> {
        self.day.or(self.start_day)
    }
}

impl Duration {
    /// Parses "5 days", "1 month", "2 weeks" (a number and a unit word).
    pub fn parse(s: &str) -> Option<Duration> {
        let mut it = s.split_whitespace();
        let value: f64 = it.next()?.parse().ok()?;
        let word = it.next()?.trim_end_matches('s').to_ascii_lowercase();
        let days = match word.as_str() {
            "hour" => 1.0 / 24.0,
            "day" => 1.0,
            "week" => 7.0,
            "month" => 30.4375,
            "year" => 365.25,
            _ => return None,
        };
        Some(Duration {
            value,
            unit: word,
            days: value * days,
        })
    }
}
