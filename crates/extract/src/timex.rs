//! Time expressions: where in the course a sentence speaks of.
//!
//! Each expression resolves to a [`TimeRef`]: a point relative to the index
//! event, a point relative to the narrative's current time (the cursor), a
//! duration, or a calendar date. The vocabulary (units, number words) comes
//! from `data/lexicon/time.toml`; the sentence shapes are here.

use casecourse_knowledge::Lexicon;
use regex::Regex;

/// What a time expression says.
#[derive(Debug, Clone, PartialEq)]
pub enum TimeRef {
    /// `days` after (or before, if negative) the index event.
    Index(f64),
    /// `days` after the narrative's current time ("2 weeks later").
    Cursor(f64),
    /// Some time after the current time ("after treatment").
    AfterCursor,
    /// Before the index event ("prior to admission").
    BeforeIndex,
    /// A length of time; `onset` when it dates the start of a complaint
    /// ("cough for 1 month", "a 2-week history of").
    Duration {
        /// The number.
        value: f64,
        /// Unit name (day, week, month...).
        unit: String,
        /// Length in days.
        days: f64,
        /// True for "lasting", "for the past", "history of".
        onset: bool,
    },
    /// A calendar date: year, month, day (month/day 0 when not given).
    Date(i16, i8, i8),
}

/// One expression in the folded text.
#[derive(Debug, Clone, PartialEq)]
pub struct TimeExpr {
    /// Folded byte start.
    pub start: usize,
    /// Folded byte end.
    pub end: usize,
    /// Meaning.
    pub what: TimeRef,
}

/// Compiled time patterns.
pub struct TimeParser {
    rules: Vec<(Regex, Rule)>,
    units: Vec<(String, String, f64)>,
    numbers: Vec<(String, f64)>,
}

#[derive(Clone, Copy, Debug)]
enum Rule {
    AfterOfTreatment,
    UnitsAfterAnchor,
    AtFollowUp,
    WeekOrdinal,
    HospitalDay,
    Later,
    Ago,
    ByUnits,
    OnsetDuration,
    HistoryOf,
    ForDuration,
    IndexWords,
    BeforeIndex,
    AfterCursor,
    DateDmy,
    DateMdy,
    DateIso,
    DateSlash,
    MonthYear,
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

impl TimeParser {
    /// Builds the patterns from the lexicon's time vocabulary.
    pub fn new(lex: &Lexicon) -> TimeParser {
        let mut units: Vec<(String, String, f64)> = Vec::new();
        for u in &lex.time_units {
            for s in &u.surfaces {
                // Single letters are only units right after a digit; the
                // patterns below always have a number first, but "m" and
                // "h" are too ambiguous in prose.
                if s.len() > 1 {
                    units.push((s.to_ascii_lowercase(), u.name.clone(), u.days));
                }
            }
        }
        units.sort_by(|a, b| b.0.len().cmp(&a.0.len()));
        let mut numbers: Vec<(String, f64)> = lex
            .number_words
            .iter()
            .map(|n| (n.word.to_ascii_lowercase(), n.value))
            .collect();
        numbers.sort_by(|a, b| b.0.len().cmp(&a.0.len()));
        let alt = |xs: Vec<&str>| {
            xs.iter()
                .map(|x| regex::escape(x))
                .collect::<Vec<_>>()
                .join("|")
        };
        let unit = format!("(?:{})", alt(units.iter().map(|u| u.0.as_str()).collect()));
        let num = format!(
            r"(?:\d+(?:\.\d+)?|{})",
            alt(numbers
                .iter()
                .map(|n| n.0.as_str())
                .filter(|w| !w.is_empty())
                .collect())
        );
        let q = format!(r"(?P<n>{num})[\s-]+(?P<u>{unit})");
        let anchor = r"(?:treatment|therapy|admission|presentation|initiation|induction|diagnosis|onset|hospitali[sz]ation|symptom onset|starting|the start|starting treatment|start of treatment)";
        let month = r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?";
        let pats: Vec<(String, Rule)> = vec![
            (format!(r"\b(?:after|following|within|over|at|by)\s+(?:the\s+first\s+|about\s+|approximately\s+|nearly\s+)?{q}\s+of\s+(?:\w+[\s-]+){{0,3}}?(?:treatment|therapy|follow-up|admission|hospitali[sz]ation|induction)\b"), Rule::AfterOfTreatment),
            (format!(r"\b{q}\s+(?:after|following|post|into|from)\s+(?:the\s+|his\s+|her\s+|this\s+|initial\s+)*(?:\w+[\s-]+){{0,2}}?{anchor}\b"), Rule::UnitsAfterAnchor),
            (format!(r"\b(?:at|by|on)\s+(?:the\s+|his\s+|her\s+)?{q}\s+(?:follow-up|follow up|review|visit|mark|time point|timepoint|check|appointment)\b"), Rule::AtFollowUp),
            (format!(r"\b(?:at|by|on|in|during|until|through|from)\s+(?:the\s+)?(?P<u>week|month|day)\s+(?P<n>\d+)\b"), Rule::WeekOrdinal),
            (r"\b(?:on\s+)?(?:hospital\s+|admission\s+|illness\s+)?day\s+(?P<n>\d+)\s+(?:of|after)\s+(?:admission|hospitali[sz]ation|treatment|therapy)\b".to_string(), Rule::HospitalDay),
            (format!(r"\b(?:(?:another|a further|an additional)\s+)?{q}\s+(?:later|thereafter|afterwards|after that|after this|after discharge)\b"), Rule::Later),
            (format!(r"\b{q}\s+(?:ago|earlier|before|prior to|previously)(?:\s+(?:admission|presentation|this admission|the admission))?\b"), Rule::Ago),
            (format!(r"\b(?:after|by|at|during|in)\s+(?:the\s+)?(?:first\s+)?{q}\b"), Rule::ByUnits),
            (format!(r"\b(?:lasting(?:\s+for)?|for\s+the\s+(?:past|last|previous|preceding)|over\s+the\s+(?:past|last|previous|preceding)|since)\s+(?:about\s+|approximately\s+|nearly\s+)?{q}\b"), Rule::OnsetDuration),
            (format!(r"\b(?P<n>{num})[\s-]+(?P<u>{unit})(?:'s?)?\s+(?:history\s+)?of\b"), Rule::HistoryOf),
            (format!(r"\b(?:for|x|over|during)\s+(?:about\s+|approximately\s+|a\s+total\s+of\s+|another\s+)?{q}\b"), Rule::ForDuration),
            (r"\b(?:on|at|upon|at\s+the\s+time\s+of)\s+(?:(?:his|her|the|initial|first)\s+)?(?:admission|presentation|arrival|baseline|diagnosis)\b|\bat\s+baseline\b|\bbefore\s+treatment\b|\bprior\s+to\s+treatment\b|\bduring\s+the\s+acute\s+phase\b|\bin\s+the\s+acute\s+phase\b|\bon\s+arrival\b|\bin\s+the\s+emergency\s+department\b".to_string(), Rule::IndexWords),
            (r"\b(?:prior\s+to|before)\s+(?:this\s+|the\s+|his\s+|her\s+)?(?:admission|presentation|referral|hospitali[sz]ation)\b|\bat\s+a\s+(?:community|local|regional|another|an\s+outside|outside)\s+(?:hospital|clinic)\b|\bpreviously\b".to_string(), Rule::BeforeIndex),
            (r"\b(?:after|following)\s+(?:this\s+|the\s+|that\s+|these\s+)?(?:treatment|therapy|adjustment|change|changes|regimen|intervention|discharge)\b|\bfollowing\s+this\s+(?:adjustment|change|treatment)\b|\bafter\s+(?:this|that)\s+(?:adjustment|change|treatment)\b|\bthereafter\b|\bsubsequently\b".to_string(), Rule::AfterCursor),
            (format!(r"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{month}\s*,?\s+(?P<y>(?:19|20)\d\d)\b"), Rule::DateDmy),
            (format!(r"\b{month}\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s*,?\s+(?P<y>(?:19|20)\d\d)\b"), Rule::DateMdy),
            (r"\b(?P<y>(?:19|20)\d\d)-(?P<m>\d\d)-(?P<d>\d\d)\b".to_string(), Rule::DateIso),
            (r"\b(?P<a>\d{1,2})[/.](?P<b>\d{1,2})[/.](?P<y>(?:19|20)\d\d)\b".to_string(), Rule::DateSlash),
            (format!(r"\b(?:in\s+|by\s+|during\s+|since\s+)?{month}\s+(?P<y>(?:19|20)\d\d)\b"), Rule::MonthYear),
        ];
        let rules = pats
            .into_iter()
            .filter_map(|(p, r)| {
                Regex::new(&format!("(?i){}", p.replace(r"\b", r"(?-u:\b)")))
                    .ok()
                    .map(|re| (re, r))
            })
            .collect();
        TimeParser {
            rules,
            units,
            numbers,
        }
    }

    fn number(&self, s: &str) -> Option<f64> {
        let s = s.to_ascii_lowercase();
        s.parse()
            .ok()
            .or_else(|| self.numbers.iter().find(|n| n.0 == s).map(|n| n.1))
    }

    fn unit(&self, s: &str) -> Option<(String, f64)> {
        let s = s.to_ascii_lowercase();
        self.units
            .iter()
            .find(|u| u.0 == s)
            .map(|u| (u.1.clone(), u.2))
    }

    /// Every time expression in `text[start..end]`, non-overlapping, earlier
    /// rules winning ties (they are more specific).
    pub fn find(&self, text: &str, start: usize, end: usize) -> Vec<TimeExpr> {
        let hay = &text[start..end];
        let mut out: Vec<TimeExpr> = Vec::new();
        // Kept expressions by start, to test overlap without a scan.
        let mut kept: std::collections::BTreeMap<usize, usize> = std::collections::BTreeMap::new();
        for (re, rule) in &self.rules {
            for c in re.captures_iter(hay) {
                let Some(m) = c.get(0) else { continue };
                let (s, e) = (start + m.start(), start + m.end());
                let before = kept.range(..e).next_back().is_some_and(|(_, &ke)| ke > s);
                if before {
                    continue;
                }
                kept.insert(s, e);
                if let Some(what) = self.resolve(*rule, &c) {
                    out.push(TimeExpr {
                        start: s,
                        end: e,
                        what,
                    });
                }
            }
        }
        out.sort_by_key(|x| x.start);
        out
    }

    fn resolve(&self, rule: Rule, c: &regex::Captures) -> Option<TimeRef> {
        let amount = || -> Option<(f64, String, f64)> {
            let n = self.number(c.name("n")?.as_str())?;
            let (unit, days) = self.unit(c.name("u")?.as_str())?;
            Some((n, unit, n * days))
        };
        Some(match rule {
            Rule::AfterOfTreatment | Rule::UnitsAfterAnchor | Rule::AtFollowUp | Rule::ByUnits => {
                TimeRef::Index(amount()?.2)
            }
            Rule::WeekOrdinal => {
                let n: f64 = c.name("n")?.as_str().parse().ok()?;
                let (_, days) = self.unit(c.name("u")?.as_str())?;
                // "day 1" is the index day itself; "week 4" means 4 weeks in.
                TimeRef::Index(if days == 1.0 {
                    (n - 1.0).max(0.0)
                } else {
                    n * days
                })
            }
            Rule::HospitalDay => {
                TimeRef::Index((c.name("n")?.as_str().parse::<f64>().ok()? - 1.0).max(0.0))
            }
            Rule::Later => TimeRef::Cursor(amount()?.2),
            Rule::Ago => TimeRef::Index(-amount()?.2),
            Rule::OnsetDuration | Rule::HistoryOf | Rule::ForDuration => {
                let (value, unit, days) = amount()?;
                TimeRef::Duration {
                    value,
                    unit,
                    days,
                    onset: !matches!(rule, Rule::ForDuration),
                }
            }
            Rule::IndexWords => TimeRef::Index(0.0),
            Rule::BeforeIndex => TimeRef::BeforeIndex,
            Rule::AfterCursor => TimeRef::AfterCursor,
            Rule::DateDmy | Rule::DateMdy => date(
                c.name("y")?.as_str(),
                month_number(c.name("mon")?.as_str())?,
                c.name("d")?.as_str(),
            )?,
            Rule::DateIso => date(
                c.name("y")?.as_str(),
                c.name("m")?.as_str().parse().ok()?,
                c.name("d")?.as_str(),
            )?,
            Rule::DateSlash => {
                let a: i8 = c.name("a")?.as_str().parse().ok()?;
                let b: i8 = c.name("b")?.as_str().parse().ok()?;
                // Day first (the international form) unless that is impossible.
                let (d, m) = if b > 12 { (b, a) } else { (a, b) };
                date(c.name("y")?.as_str(), m, &d.to_string())?
            }
            Rule::MonthYear => TimeRef::Date(
                c.name("y")?.as_str().parse().ok()?,
                month_number(c.name("mon")?.as_str())?,
                0,
            ),
        })
    }
}

fn month_number(s: &str) -> Option<i8> {
    let s = s.to_ascii_lowercase();
    MONTHS
        .iter()
        .position(|m| s.starts_with(m))
        .map(|i| i as i8 + 1)
}

fn date(y: &str, m: i8, d: &str) -> Option<TimeRef> {
    let y: i16 = y.parse().ok()?;
    let d: i8 = d.parse().ok()?;
    jiff::civil::Date::new(y, m, d).ok()?;
    Some(TimeRef::Date(y, m, d))
}

/// Days from `from` to `to` (calendar dates; month/day 0 = first of).
pub fn days_between(from: (i16, i8, i8), to: (i16, i8, i8)) -> Option<f64> {
    let mk = |(y, m, d): (i16, i8, i8)| jiff::civil::Date::new(y, m.max(1), d.max(1)).ok();
    let (a, b) = (mk(from)?, mk(to)?);
    let span = a.until((jiff::Unit::Day, b)).ok()?;
    Some(f64::from(span.get_days()))
}

/// ISO text of a date with the precision it was given.
pub fn iso((y, m, d): (i16, i8, i8)) -> String {
    match (m, d) {
        (0, _) => format!("{y:04}"),
        (m, 0) => format!("{y:04}-{m:02}"),
        (m, d) => format!("{y:04}-{m:02}-{d:02}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Vec<TimeRef> {
        let lex = Lexicon::builtin().unwrap();
        TimeParser::new(lex)
            .find(s, 0, s.len())
            .into_iter()
            .map(|t| t.what)
            .collect()
    }

    #[test]
    fn relative_points() {
        assert_eq!(
            parse("After 4 weeks of treatment, he was discharged"),
            [TimeRef::Index(28.0)]
        );
        assert_eq!(
            parse("At the 68-week follow-up, the dose was reduced"),
            [TimeRef::Index(476.0)]
        );
        assert_eq!(parse("by 20 weeks of treatment"), [TimeRef::Index(140.0)]);
        assert_eq!(
            parse("Two weeks later she was readmitted"),
            [TimeRef::Cursor(14.0)]
        );
        assert_eq!(parse("on day 3 of admission"), [TimeRef::Index(2.0)]);
        assert_eq!(
            parse("3 months after diagnosis"),
            [TimeRef::Index(3.0 * 30.4375)]
        );
    }

    #[test]
    fn durations_and_onsets() {
        match &parse("cough lasting for 1 month")[..] {
            [
                TimeRef::Duration {
                    value,
                    unit,
                    onset: true,
                    ..
                },
            ] => assert_eq!((*value, unit.as_str()), (1.0, "month")),
            other => panic!("{other:?}"),
        }
        match &parse("20 g daily for 5 days")[..] {
            [
                TimeRef::Duration {
                    days, onset: false, ..
                },
            ] => assert_eq!(*days, 5.0),
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            parse("a 2-week history of fever")[..],
            [TimeRef::Duration { onset: true, .. }]
        ));
    }

    #[test]
    fn dates() {
        assert_eq!(
            parse("On 3 March 2023 she was admitted"),
            [TimeRef::Date(2023, 3, 3)]
        );
        assert_eq!(parse("seen on 14/04/2023"), [TimeRef::Date(2023, 4, 14)]);
        assert_eq!(parse("on March 3, 2023"), [TimeRef::Date(2023, 3, 3)]);
        assert_eq!(parse("in May 2021"), [TimeRef::Date(2021, 5, 0)]);
        assert_eq!(days_between((2023, 3, 3), (2023, 4, 14)), Some(42.0));
        assert!(parse("on 31/02/2023").is_empty());
    }
}
