//! Placing relative times on the calendar: day 0 is the index date, and a
//! fact's day `d` is the date `index + round(d)` (days are the finest
//! precision a relative time in a narrative has). A date the text gave is
//! used as written, with its own precision (`2023`, `2023-03`).

use casecourse_model::{Relation, Time};
use jiff::ToSpan;
use jiff::civil::Date;

use crate::error::ExportError;
use crate::r4::Period;

/// A resource's time: a dateTime or a Period.
#[derive(Debug, Clone, PartialEq)]
pub enum When {
    /// A point.
    DateTime(String),
    /// An interval, possibly open at one end.
    Period(Period),
}

/// Parses a YYYY-MM-DD index date.
pub fn parse_index_date(s: &str) -> Result<Date, ExportError> {
    s.parse::<Date>().map_err(|e| ExportError::BadIndexDate {
        value: s.to_string(),
        message: e.to_string(),
    })
}

/// The calendar time of `time`, or `None` when the text does not place it.
pub fn when(
    time: &Time,
    index: Option<Date>,
    fact: &str,
    index_words: &str,
) -> Result<Option<When>, ExportError> {
    let date_of = |day: Option<f64>| -> Result<Option<String>, ExportError> {
        let Some(day) = day else { return Ok(None) };
        let Some(index) = index else {
            return Err(ExportError::NoIndexDate {
                fact: fact.to_string(),
                index: index_words.to_string(),
            });
        };
        let err = |message: String| ExportError::Time {
            fact: fact.to_string(),
            day,
            message,
        };
        let rounded = day.round();
        if !rounded.is_finite() || rounded.abs() > 3_000_000.0 {
            return Err(err("out of range".into()));
        }
        let d = index
            .checked_add((rounded as i64).days())
            .map_err(|e| err(e.to_string()))?;
        Ok(Some(d.to_string()))
    };
    // A written date wins over a computed one for the point it names.
    let point = |day: Option<f64>| -> Result<Option<String>, ExportError> {
        match &time.date {
            Some(d) => Ok(Some(d.clone())),
            None => date_of(day),
        }
    };
    let period = |start: Option<String>, end: Option<String>| {
        if start.is_none() && end.is_none() {
            None
        } else {
            Some(When::Period(Period {
                start,
                end,
                ..Period::default()
            }))
        }
    };
    Ok(match time.relation {
        Relation::At => {
            if let (Some(s), Some(e)) = (time.start_day, time.end_day) {
                period(point(Some(s))?, date_of(Some(e))?)
            } else {
                point(time.day)?.map(When::DateTime)
            }
        }
        Relation::Unknown => time.date.clone().map(When::DateTime),
        Relation::Before => period(None, point(time.day)?),
        Relation::After => period(point(time.day)?, None),
        Relation::Between => period(point(time.start_day)?, date_of(time.end_day)?),
        Relation::Onset => {
            let end = match (time.day, &time.duration) {
                (Some(d), Some(dur)) => date_of(Some(d + dur.days))?,
                _ => None,
            };
            match end {
                Some(end) => period(point(time.day)?, Some(end)),
                None => point(time.day)?.map(When::DateTime),
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn idx() -> Option<Date> {
        Some(parse_index_date("2024-02-27").expect("date"))
    }

    #[test]
    fn days_are_added_to_the_index_date_across_month_and_leap_day() {
        // 2024 is a leap year: 2024-02-27 + 2 days = 2024-02-29, + 3 = 03-01.
        let w = when(&Time::at(2.0), idx(), "f1", "admission").expect("ok");
        assert_eq!(w, Some(When::DateTime("2024-02-29".into())));
        let w = when(&Time::at(3.0), idx(), "f1", "admission").expect("ok");
        assert_eq!(w, Some(When::DateTime("2024-03-01".into())));
        // Negative days go back; 2.49 rounds to 2, 2.5 away from zero to 3.
        let w = when(&Time::at(-28.0), idx(), "f1", "admission").expect("ok");
        assert_eq!(w, Some(When::DateTime("2024-01-30".into())));
        let w = when(&Time::at(2.49), idx(), "f1", "a").expect("ok");
        assert_eq!(w, Some(When::DateTime("2024-02-29".into())));
        let w = when(&Time::at(2.5), idx(), "f1", "a").expect("ok");
        assert_eq!(w, Some(When::DateTime("2024-03-01".into())));
    }

    #[test]
    fn a_written_partial_date_keeps_its_precision() {
        let mut t = Time::at(10.0);
        t.date = Some("2023-03".into());
        let w = when(&t, None, "f1", "a").expect("no anchor needed");
        assert_eq!(w, Some(When::DateTime("2023-03".into())));
    }

    #[test]
    fn relative_time_without_index_date_is_refused_naming_the_fact() {
        let e = when(&Time::at(7.0), None, "lab-ferritin", "admission").unwrap_err();
        let msg = e.to_string();
        assert!(
            msg.contains("lab-ferritin") && msg.contains("--index-date"),
            "{msg}"
        );
    }

    #[test]
    fn between_and_before_become_periods() {
        let t = Time {
            relation: Relation::Between,
            start_day: Some(0.0),
            end_day: Some(28.0),
            ..Time::default()
        };
        let Some(When::Period(p)) = when(&t, idx(), "f", "a").expect("ok") else {
            panic!("a period")
        };
        assert_eq!(p.start.as_deref(), Some("2024-02-27"));
        assert_eq!(p.end.as_deref(), Some("2024-03-26"));
        let t = Time {
            relation: Relation::Before,
            day: Some(0.0),
            ..Time::default()
        };
        let Some(When::Period(p)) = when(&t, idx(), "f", "a").expect("ok") else {
            panic!("a period")
        };
        assert_eq!((p.start, p.end.as_deref()), (None, Some("2024-02-27")));
    }

    #[test]
    fn absurd_days_are_an_error_not_a_panic() {
        assert!(when(&Time::at(1e300), idx(), "f", "a").is_err());
        assert!(when(&Time::at(f64::NAN), idx(), "f", "a").is_err());
    }
}
