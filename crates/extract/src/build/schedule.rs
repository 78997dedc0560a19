//! Schedules and lengths of a drug written around its name rather than
//! after its dose: "six monthly cycles of cyclophosphamide", "two doses
//! two weeks apart", "for 7/7", "(1000 mg/d x3d)", "completed 6 weeks of
//! ceftriaxone".

use casecourse_model::Span;

use super::Ctx;
use crate::matcher::{Cat, Mention};

/// A value the text states, with the words that state it.
pub(super) type Stated = (String, Span);

/// Days in one unit of time, as timex counts them.
fn unit_days(unit: &str) -> Option<f64> {
    Some(match unit.trim_end_matches('s') {
        "d" | "day" => 1.0,
        "w" | "wk" | "week" => 7.0,
        "month" => 30.4375,
        _ => return None,
    })
}

/// A count written in digits or as a number word of time.toml.
fn count(ctx: &Ctx, word: &str) -> Option<f64> {
    if let Ok(n) = word.parse::<f64>() {
        return Some(n);
    }
    let numbers = ctx
        .doc
        .shapes
        .number_words
        .get_or_init(|| super::medication::number_words(ctx.doc.lex));
    numbers.get(word).copied()
}

/// The frequency code of doses `days` apart (frequency lexicon), if it
/// has one.
fn code_every(ctx: &Ctx, days: f64) -> Option<String> {
    let per_day = 1.0 / days;
    ctx.doc
        .lex
        .frequencies
        .iter()
        .find(|q| {
            q.per_day
                .is_some_and(|p| (p - per_day).abs() < 1e-6 * per_day.max(1.0))
        })
        .map(|q| q.code.clone())
}

/// Nouns of administration that join a frequency to the drug it schedules
/// ("monthly cycles of", "weekly infusions of").
const ADMINISTRATIONS: &[&str] = &[
    "cycle",
    "cycles",
    "dose",
    "doses",
    "infusion",
    "infusions",
    "injection",
    "injections",
    "course",
    "courses",
    "pulse",
    "pulses",
];

/// "Six monthly cycles of intravenous cyclophosphamide", "weekly
/// methotrexate": a frequency right before the drug (from `pre_start`),
/// joined to it only by a noun of administration with "of", and route
/// words.
pub(super) fn frequency_before(ctx: &Ctx, m: &Mention, pre_start: usize) -> Option<Stated> {
    let f = ctx
        .v
        .mentions
        .iter()
        .rfind(|f| f.cat == Cat::Frequency && f.start >= pre_start && f.end <= m.start)?;
    let routes = ctx
        .doc
        .shapes
        .route_words
        .get_or_init(|| super::medication::route_words(ctx.doc.lex));
    let gap = ctx.doc.lower_text(f.end, m.start);
    let mut words = gap.split_whitespace().peekable();
    let administrations = words.peek().is_some_and(|w| ADMINISTRATIONS.contains(w));
    if administrations {
        words.next();
        if words.next() != Some("of") {
            return None;
        }
    } else {
        // Right before the name only an adjective schedules it ("weekly
        // methotrexate", "alternate-day anakinra"); "once rifampicin was
        // withdrawn" is a conjunction.
        let words = ctx.doc.lower_text(f.start, f.end);
        if !(words.ends_with("ly") || words.contains('-')) {
            return None;
        }
    }
    let joined = words.all(|w| routes.contains_key(w) || w == "the");
    // A frequency inside a time expression ("a week later") is none.
    let in_time = ctx
        .v
        .times
        .iter()
        .any(|t| t.start <= f.start && f.end <= t.end);
    (joined && !in_time && gap.len() <= 40).then(|| {
        let code = ctx.doc.lex.frequencies[f.idx].code.clone();
        (code, Span::new(f.start, f.end))
    })
}

/// "Two doses of 1 g two weeks apart": doses spaced by an amount of
/// time, in `[from, to)`.
pub(super) fn spaced_doses(ctx: &Ctx, from: usize, to: usize) -> Option<Stated> {
    let lower = ctx.doc.lower_text(from, to);
    let at = lower.find(" apart")?;
    let words: Vec<&str> = lower[..at].rsplitn(3, ' ').collect();
    let (unit, n) = (words.first()?, words.get(1)?);
    let days = count(ctx, n)? * unit_days(unit)?;
    let start = at - unit.len() - n.len() - 1;
    let code = code_every(ctx, days)?;
    Some((code, Span::new(from + start, from + at + " apart".len())))
}

/// A length written in shorthand in `[from, to)`, in days, with its
/// words: "for 7/7" (days), "for 2/52" (weeks), "for 3/12" (months), the
/// British prescription notations, after "for" or "x"; "x3d", "x 5 days"
/// after a dose or schedule, or right after a daily unit (as Chinese and
/// Japanese case reports write "1000 mg/d x 3 d", "1000mg/d×3d").
pub(super) fn shorthand_length(ctx: &Ctx, from: usize, to: usize) -> Option<(f64, Span)> {
    let lower = ctx.doc.lower_text(from, to);
    let caps = ctx.doc.shapes.shorthand_length.captures(lower)?;
    let whole = caps.get(0)?;
    let days = if let (Some(n), Some(per)) = (caps.get(1), caps.get(2)) {
        let n: f64 = n.as_str().parse().ok()?;
        n * match per.as_str() {
            "7" => 1.0,
            "52" => 7.0,
            _ => 30.4375,
        }
    } else {
        let n: f64 = caps.get(3)?.as_str().parse().ok()?;
        n * unit_days(caps.get(4)?.as_str())?
    };
    let lead = whole.as_str().len() - whole.as_str().trim_start().len();
    Some((
        days,
        Span::new(from + whole.start() + lead, from + whole.end()),
    ))
}

/// The shapes [`shorthand_length`] reads.
pub fn shorthand_length_pattern() -> regex::Regex {
    regex::Regex::new(
        r"(?:\b(?:for|x)\s*(\d{1,2})/(7|52|12)\b|(?:^|[\s(]|/d)x\s?(\d{1,2})\s?(d|days?|w|wks?|weeks?)\b)",
    )
    .expect("shorthand length pattern")
}

/// Words before an amount of time that make it a time, not a length.
const TIME_WORDS: &[&str] = &[
    "within",
    "after",
    "before",
    "following",
    "since",
    "during",
    "first",
    "last",
    "in",
];

/// "Completed 6 weeks of IV ceftriaxone", "a 10-day course of
/// amoxicillin": a length written right before the drug (from
/// `pre_start`), in days, with its words.
pub(super) fn leading_length(ctx: &Ctx, m: &Mention, pre_start: usize) -> Option<(f64, Span)> {
    let before = ctx.doc.lower_text(pre_start, m.start);
    // Most drugs have no "of" before them: the pattern runs only on those.
    if !before.contains("of ") {
        return None;
    }
    let caps = ctx.doc.shapes.leading_length.captures(before)?;
    let (n, unit, of_end) = (caps.get(1)?, caps.get(2)?, caps.get(3)?);
    // Only route words between the length and the name.
    let routes = ctx
        .doc
        .shapes
        .route_words
        .get_or_init(|| super::medication::route_words(ctx.doc.lex));
    if !before[of_end.end()..]
        .split_whitespace()
        .all(|w| routes.contains_key(w))
    {
        return None;
    }
    // "Within one week of parenteral zinc", "after 2 weeks of
    // prednisolone": a time counted from the drug, not its course.
    let lead = before[..n.start()].split_whitespace().next_back();
    if lead.is_some_and(|w| TIME_WORDS.contains(&w)) {
        return None;
    }
    let days = count(ctx, n.as_str())? * unit_days(unit.as_str())?;
    Some((
        days,
        Span::new(pre_start + n.start(), pre_start + of_end.end()),
    ))
}

/// The shape [`leading_length`] reads: "6 weeks of", "a 10-day course
/// of", "two-week course of".
pub fn leading_length_pattern() -> regex::Regex {
    regex::Regex::new(
        r"\b(\d{1,3}|[a-z]+)[\s-](days?|weeks?|months?)(?:\s+(?:course|treatment|trial)s?)?(\s+of)\s(?:[a-z/.-]+\s)*$",
    )
    .expect("leading length pattern")
}

/// "Low-dose aspirin", "high-dose steroids": how strong the regimen is,
/// written right before the drug (from `pre_start`) or inside its name;
/// the cue's value (cues.toml) with its words.
pub(super) fn intensity(ctx: &Ctx, m: &Mention, pre_start: usize) -> Option<Stated> {
    ctx.v
        .cues_with("regimen-intensity")
        .filter(|c| c.start >= pre_start && c.end <= m.end)
        .filter(|c| c.start >= m.start || ctx.text(c.end, m.start).trim().is_empty())
        .max_by_key(|c| c.end)
        .and_then(|c| Some((c.cue.value.clone()?, Span::new(c.start, c.end))))
}
