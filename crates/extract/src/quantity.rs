//! Numbers and units.

use crate::normalize::Folded;
use crate::numbers::NumberPattern;
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, Anchored, Input, MatchKind, StartKind};
use casecourse_knowledge::Lexicon;
use casecourse_model::Comparator;

/// A number, with its unit when one follows.
#[derive(Debug, Clone, PartialEq)]
pub struct Quantity {
    /// Folded byte start of the number.
    pub start: usize,
    /// Folded byte end of the number, or of the unit when there is one.
    pub end: usize,
    /// The value.
    pub value: f64,
    /// UCUM unit.
    pub unit: Option<String>,
    /// "<1", "more than 90": the number is a bound (`start` then covers the
    /// comparator's words).
    pub comparator: Option<Comparator>,
}

/// Words that make the number after them a bound, longest first; the folded
/// text writes "≤" as "<=".
const BOUNDS: &[(&str, Comparator)] = &[
    ("less than or equal to ", Comparator::Le),
    ("greater than or equal to ", Comparator::Ge),
    ("less than ", Comparator::Lt),
    ("greater than ", Comparator::Gt),
    ("more than ", Comparator::Gt),
    ("<=", Comparator::Le),
    (">=", Comparator::Ge),
    ("<", Comparator::Lt),
    (">", Comparator::Gt),
];

/// The bound written right before a number ("<1", "< 1", "less than 5"),
/// with the length of its words and the space after them.
fn bound_before(before: &str) -> Option<(Comparator, usize)> {
    let trimmed = before.strip_suffix(' ').unwrap_or(before);
    let space = before.len() - trimmed.len();
    BOUNDS.iter().find_map(|&(words, c)| {
        let symbol = !words.ends_with(' ');
        let (hay, extra) = if symbol {
            (trimmed, space)
        } else {
            (before, 0)
        };
        let at = hay.len().checked_sub(words.len())?;
        let found = hay.get(at..)?.eq_ignore_ascii_case(words);
        // Words start a word: "more than", not "furthermore than".
        let word_start = symbol || at == 0 || !hay.as_bytes()[at - 1].is_ascii_alphanumeric();
        // "1.4 -> 1.1", "=> 0.9": the ">" of an arrow is not a bound.
        let arrow = symbol && at > 0 && matches!(hay.as_bytes()[at - 1], b'-' | b'=');
        (found && word_start && !arrow).then_some((c, words.len() + extra))
    })
}

/// Finds numbers and reads the unit that follows them.
pub struct QuantityParser {
    number: NumberPattern,
    units: UnitSet,
    /// The same surfaces matched with their case: "g/L" (grams) and "G/L"
    /// (giga-cells, French style) differ only in case, and the spelling as
    /// written wins.
    units_as_written: UnitSet,
}

/// Unit surfaces, matched anchored, with the UCUM code of each pattern.
struct UnitSet {
    ac: AhoCorasick,
    ucum: Vec<String>,
}

impl UnitSet {
    /// Each surface once: folding makes many spellings alike ("×10⁹/L",
    /// "x10^9/L"), and a repeated pattern only costs build time, since a
    /// match reports the first of equal patterns, which is the one kept.
    fn build(surfaces: &[(String, String)], fold_case: bool) -> UnitSet {
        let mut seen = std::collections::HashSet::new();
        let (patterns, ucum): (Vec<&str>, Vec<String>) = surfaces
            .iter()
            .filter(|(s, _)| {
                seen.insert(if fold_case {
                    s.to_ascii_lowercase()
                } else {
                    s.clone()
                })
            })
            .map(|(s, u)| (s.as_str(), u.clone()))
            .unzip();
        let ac = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .ascii_case_insensitive(fold_case)
            .start_kind(StartKind::Anchored)
            // Anchored searches never use a prefilter.
            .prefilter(false)
            .build(&patterns)
            .unwrap_or_else(|_| AhoCorasick::new(Vec::<String>::new()).expect("empty automaton"));
        UnitSet { ac, ucum }
    }
}

impl QuantityParser {
    /// Builds the unit matcher from `data/lexicon/units.toml`.
    pub fn new(lex: &Lexicon) -> QuantityParser {
        let mut surfaces: Vec<(String, String)> = Vec::new();
        for u in &lex.units {
            for s in &u.surfaces {
                let folded = Folded::new(s)
                    .text
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ");
                if !folded.is_empty() {
                    surfaces.push((folded, u.ucum.clone()));
                }
            }
            // The code as written too ("mg/dL"), but never a bare number:
            // UCUM's "1" (a ratio) would make "HD 3 14.2" the number 3 in
            // the unit 1.
            if !u.ucum.bytes().all(|b| b.is_ascii_digit()) {
                surfaces.push((u.ucum.clone(), u.ucum.clone()));
            }
        }
        let units = UnitSet::build(&surfaces, true);
        let units_as_written = UnitSet::build(&surfaces, false);
        QuantityParser {
            number: NumberPattern::new(),
            units,
            units_as_written,
        }
    }

    /// Every number in `text[start..end]` with its unit.
    pub fn find(&self, text: &str, start: usize, end: usize) -> Vec<Quantity> {
        let mut out: Vec<Quantity> = Vec::new();
        let hay = &text[start..end];
        // The end of the last clock time read ("at 02:15 p.m."): its
        // minutes are no number either.
        let mut clock_end = 0;
        // The number is the match less its leading context, which holds no
        // ASCII digit (digits are word characters) while the number starts
        // with one: found so, no capture search runs per number.
        for (ws, we) in self.number.matches(hay) {
            let Some(lead) = hay[ws..we].bytes().position(|b| b.is_ascii_digit()) else {
                continue;
            };
            let (ms, me) = (ws + lead, we);
            let (s, e) = (start + ms, start + me);
            // Digits inside the unit just read ("x 10^9/L") are not a number.
            if out.last().is_some_and(|q| s < q.end) || s < clock_end {
                continue;
            }
            if let Some(e) = clock_time(text, s, e, end) {
                clock_end = e;
                continue;
            }
            // Most numbers have no thousands separator: no copy for them.
            let digits = &hay[ms..me];
            let parsed = if digits.contains(',') {
                digits.replace(',', "").parse::<f64>()
            } else {
                digits.parse::<f64>()
            };
            let Ok(value) = parsed else {
                continue;
            };
            // "68-week", "3-day": a time, never a value.
            let rest = &text[e..end];
            let after_dash = rest.strip_prefix('-').unwrap_or_default().as_bytes();
            if ["day", "week", "month", "year", "hour"].iter().any(|u| {
                after_dash
                    .get(..u.len())
                    .is_some_and(|w| w.eq_ignore_ascii_case(u.as_bytes()))
            }) {
                continue;
            }
            // "CK >10k", "WBC 12K": a thousands suffix, the shorthand of
            // US notes, multiplies the number.
            let (value, e) = match thousands_suffix(text, e, end) {
                Some(ke) if self.unit_at(text, e, end).is_none() => (value * 1000.0, ke),
                _ => (value, e),
            };
            // A number glued to letters is part of a name ("IL-8", "COVID-19").
            if text[e..].starts_with(|ch: char| ch.is_ascii_alphabetic())
                && self.unit_at(text, e, end).is_none()
                && power_of_ten(text, e, end).is_none()
            {
                continue;
            }
            // "1,6 L/min/m2", "3,5 mmol/L": a decimal comma (one or two
            // digits after it, then a unit), as many European reports
            // write; a thousands comma has three digits after it.
            // Not before a unit of time: "at 3,6 months" lists two times.
            let (value, e) = match decimal_comma(text, s, e, end) {
                Some((v, de))
                    if self
                        .unit_at(text, de, end)
                        .is_some_and(|(_, u)| !TIME_UNITS.contains(&u.as_str())) =>
                {
                    (v, de)
                }
                _ => (value, e),
            };
            let negative = s > 0
                && text.as_bytes()[s - 1] == b'-'
                && (s < 2 || !text.as_bytes()[s - 2].is_ascii_alphanumeric());
            let value = if negative { -value } else { value };
            let (unit, end_at) = match self.unit_at(text, e, end) {
                Some((ue, u)) => (Some(u), ue),
                None => (None, e),
            };
            // "1.2 x 10^4 copies/mL", "3.2 x 104 IU/mL" (a superscript
            // folded or lost in a pasted PDF): a power of ten before a unit
            // the lexicon lists without one scales the number.
            let (value, unit, end_at) = match (&unit, power_of_ten(text, e, end)) {
                (None, Some((pe, exp, marked))) => match self.unit_at(text, pe, end) {
                    Some((ue, u)) if marked || counts_per_volume(&u) => {
                        (value * 10f64.powi(exp), Some(u), ue)
                    }
                    _ => (value, unit, end_at),
                },
                _ => (value, unit, end_at),
            };
            // "12 000 cells/mm3", "250 000/µL", "200 000 mIU/L": a number
            // with its thousands set apart by spaces (SI style, ISO
            // 80000-1), read so only when a unit (not of time) follows, as
            // a lone "200" of "day 3 200 mg" must stay apart.
            let spaced = (unit.is_none() && !negative && text.as_bytes().get(e) == Some(&b' '))
                .then(|| spaced_count(text, s, e, end))
                .flatten();
            let (value, unit, end_at) = match spaced {
                Some((n, groups_end)) => match self.unit_at(text, groups_end, end) {
                    Some((ue, u)) if !TIME_UNITS.contains(&u.as_str()) => (n, Some(u), ue),
                    _ => (value, unit, end_at),
                },
                _ => (value, unit, end_at),
            };
            let start_at = if negative { s - 1 } else { s };
            let bound = if negative {
                None
            } else {
                bound_before(&text[start..s])
            };
            out.push(Quantity {
                start: bound.map_or(start_at, |(_, len)| s - len),
                end: end_at,
                value,
                unit,
                comparator: bound.map(|(c, _)| c),
            });
        }
        out
    }

    /// The unit starting at `pos` (after optional spaces), as (end, UCUM).
    pub fn unit_at(&self, text: &str, pos: usize, limit: usize) -> Option<(usize, String)> {
        let skip = text[pos..limit].len() - text[pos..limit].trim_start_matches(' ').len();
        let at = pos + skip;
        if skip > 1 || at >= limit {
            return None;
        }
        let input = Input::new(&text[..limit])
            .span(at..limit)
            .anchored(Anchored::Yes);
        // Most numbers have no unit: the case-blind search decides that,
        // and only a found unit is looked up again as written.
        let folded = self.units.ac.find(input.clone())?;
        let (m, set) = match self.units_as_written.ac.find(input) {
            Some(e) if e.end() >= folded.end() => (e, &self.units_as_written),
            _ => (folded, &self.units),
        };
        let e = m.end();
        // A unit ending in a letter must end the word ("mg", not "mgs" or
        // "min" of "minute"), unless a count follows its "x" ("500
        // mg/d×3 d", folded to "mg/dx3": so many days or doses).
        let b = text.as_bytes();
        let last = b[e - 1];
        let times_count =
            matches!(b.get(e), Some(b'x' | b'X')) && b.get(e + 1).is_some_and(u8::is_ascii_digit);
        if last.is_ascii_alphabetic()
            && b.get(e).is_some_and(|b| b.is_ascii_alphabetic())
            && !times_count
        {
            return None;
        }
        // "T 38.4 HR 112 BP 96/58": a word in capitals followed by a number
        // labels the next reading of a vitals line, as "HR" does; it is no
        // unit ("hr", hours) of the number before it.
        let word = &b[at..e];
        let labels_next = word.len() >= 2
            && word.iter().all(u8::is_ascii_uppercase)
            && b.get(e) == Some(&b' ')
            && b.get(e + 1).is_some_and(u8::is_ascii_digit);
        if labels_next {
            return None;
        }
        Some((e, set.ucum[m.pattern().as_usize()].clone()))
    }
}

/// The end of a thousands suffix glued to a number ("10k", "12K"), which
/// a letter, digit or decimal point must not follow ("10kg", "5K2").
fn thousands_suffix(text: &str, e: usize, end: usize) -> Option<usize> {
    let b = &text.as_bytes()[..end];
    let ends_word = match b.get(e + 1) {
        None => true,
        Some(b'.') => !b.get(e + 2).is_some_and(u8::is_ascii_digit),
        Some(&c) => !c.is_ascii_alphanumeric() && c != b'-',
    };
    (matches!(b.get(e), Some(b'k' | b'K')) && ends_word).then_some(e + 1)
}

/// The power of ten written after a number, "x 10^4", "x10E4", "x 104",
/// as (where it ends, its exponent, whether a sign marks it). A bare
/// exponent ("x 104") is one or two digits, which is how a superscript
/// reads once folded, and never starts with 0 ("2 x 100 mg" is a count).
fn power_of_ten(text: &str, e: usize, end: usize) -> Option<(usize, i32, bool)> {
    let rest = &text.as_bytes()[e..end];
    let mut i = usize::from(rest.first() == Some(&b' '));
    if !matches!(rest.get(i), Some(b'x' | b'X' | b'*')) {
        return None;
    }
    i += 1;
    i += usize::from(rest.get(i) == Some(&b' '));
    if rest.get(i..i + 2) != Some(b"10") {
        return None;
    }
    i += 2;
    let marked = matches!(rest.get(i), Some(b'^' | b'E' | b'e' | b'*'));
    i += usize::from(marked);
    let digits = rest[i.min(rest.len())..]
        .iter()
        .take_while(|c| c.is_ascii_digit())
        .count();
    if !(1..=2).contains(&digits) || (!marked && rest[i] == b'0') {
        return None;
    }
    let exp = text[e + i..e + i + digits].parse().ok()?;
    Some((e + i + digits, exp, marked))
}

/// A unit that counts things in a volume ("{copies}/mL", "[iU]/mL"), not
/// a mass or a dose: the only kind a bare power of ten is read before.
fn counts_per_volume(ucum: &str) -> bool {
    let Some((top, _)) = ucum.split_once('/') else {
        return false;
    };
    !top.ends_with('g') && !top.ends_with("mol") && !TIME_UNITS.contains(&ucum)
}

/// UCUM units of time, after which a comma lists numbers.
const TIME_UNITS: &[&str] = &["s", "min", "h", "d", "wk", "mo", "a"];

/// The number `text[s..e]` read with a decimal comma after it ("1,6"),
/// and where it ends: one or two digits after the comma, then no digit.
fn decimal_comma(text: &str, s: usize, e: usize, end: usize) -> Option<(f64, usize)> {
    let b = &text.as_bytes()[..end];
    if b.get(e) != Some(&b',') || text[s..e].contains([',', '.']) {
        return None;
    }
    let digits = b[e + 1..].iter().take_while(|c| c.is_ascii_digit()).count();
    if !(1..=2).contains(&digits) {
        return None;
    }
    let de = e + 1 + digits;
    let value = format!("{}.{}", &text[s..e], &text[e + 1..de])
        .parse()
        .ok()?;
    Some((value, de))
}

/// Where the clock time whose hour is `text[s..e]` ends: "02:15",
/// "14:30", "3:40 pm", "9:05 a.m." (two-digit minutes under 60, and a
/// two-digit hour or a word of the clock after it). A titre or ratio
/// ("1:40", "1:160") is not one.
fn clock_time(text: &str, s: usize, e: usize, end: usize) -> Option<usize> {
    let b = &text.as_bytes()[..end];
    let hour = &text[s..e];
    // "HLA-DRB1*15:01" names an allele.
    if b.get(e) != Some(&b':')
        || hour.len() > 2
        || !hour.bytes().all(|c| c.is_ascii_digit())
        || (s > 0 && b[s - 1] == b'*')
    {
        return None;
    }
    let minutes = b.get(e + 1..e + 3)?;
    let two =
        minutes.iter().all(u8::is_ascii_digit) && !b.get(e + 3).is_some_and(u8::is_ascii_digit);
    if !two || minutes[0] > b'5' || hour.parse::<u8>().ok()? > 24 {
        return None;
    }
    let after = text[e + 3..end]
        .trim_start_matches(' ')
        .to_ascii_lowercase();
    let clock_word = ["am", "pm", "a.m", "p.m", "h ", "h.", "h,", "hrs", "hours"]
        .iter()
        .any(|w| after.starts_with(w))
        || after == "h";
    // "14:30:00": the seconds are the clock's too.
    let seconds = b.get(e + 3) == Some(&b':')
        && b.get(e + 4..e + 6)
            .is_some_and(|d| d.iter().all(u8::is_ascii_digit));
    let end_at = if seconds { e + 6 } else { e + 3 };
    (hour.len() == 2 || clock_word).then_some(end_at)
}

/// Words that label the number after them (a time or an order), so that a
/// count does not start there.
const LABELS_BEFORE_A_NUMBER: &[&str] = &[
    "day", "days", "d", "week", "weeks", "wk", "month", "months", "year", "years", "hour", "hours",
    "h", "pod", "cycle", "cycles", "grade", "stage", "dose", "doses", "visit", "bed",
];

/// The number written from `s` to `e` (one to three plain digits) with
/// the groups of three digits that follow it after single spaces ("12
/// 000", "1 250 000"), and where they end; `None` without such a group.
fn spaced_count(text: &str, s: usize, e: usize, limit: usize) -> Option<(f64, usize)> {
    let b = text.as_bytes();
    let lead = text.get(s..e)?;
    if lead.is_empty() || lead.len() > 3 || !lead.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    // "day 3 200/µL", "week 12 350 cells/mm3": a number after a label of
    // time or order is that label's, not a count's first digits.
    let word_before = text
        .get(..s)?
        .trim_end()
        .rsplit(|c: char| !c.is_ascii_alphabetic())
        .next()
        .unwrap_or("");
    if LABELS_BEFORE_A_NUMBER
        .iter()
        .any(|l| l.eq_ignore_ascii_case(word_before))
    {
        return None;
    }
    let mut digits = lead.to_string();
    let mut at = e;
    while at + 4 <= limit
        && b[at] == b' '
        && b[at + 1..at + 4].iter().all(u8::is_ascii_digit)
        && !b
            .get(at + 4)
            .is_some_and(|c| c.is_ascii_digit() || *c == b',')
    {
        digits.push_str(&text[at + 1..at + 4]);
        at += 4;
    }
    (at > e)
        .then(|| digits.parse().ok().map(|n| (n, at)))
        .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_decimal_comma_before_a_unit_is_a_decimal_point() {
        assert_eq!(
            q("CI 1,6 L/min/m2"),
            vec![(1.6, Some("L/min/m2".to_string()))]
        );
        assert_eq!(q("K 3,55 mmol/L")[0].0, 3.55);
        assert_eq!(q("platelets 150,000/uL")[0].0, 150_000.0);
        assert_eq!(q("days 1,2 and 3").len(), 3);
        assert_eq!(q("at 3,6 months").len(), 2);
    }

    #[test]
    fn a_clock_time_is_no_number_but_a_titre_is() {
        assert!(q("saturation fell at 02:15 p.m.").is_empty());
        assert!(q("intubated at 14:30, then").is_empty());
        assert!(q("at 3:40 pm").is_empty());
        assert_eq!(q("SpO2 88% at 9:05 a.m.").len(), 1);
        assert_eq!(q("ANA 1:160").len(), 2);
        assert_eq!(q("ratio 1:40").len(), 2);
        let allele = "DRB1*15:01";
        assert_eq!(clock_time(allele, 5, 7, allele.len()), None);
        assert!(q("at 14:30:00 h").is_empty());
    }

    #[test]
    fn a_unit_runs_into_a_word_only_before_a_count_after_its_x() {
        // "500 mg/d×3 d" folds to "mg/dx3": the unit ends at the "x".
        assert_eq!(q("500 mg/dx3 d")[0], (500.0, Some("mg/d".to_string())));
        assert_eq!(q("500mgx3d")[0], (500.0, Some("mg".to_string())));
        // Any other letter after a unit ending in a letter: no unit.
        assert_eq!(q("5 mgxd")[0], (5.0, None));
        assert_eq!(q("500 mg/dxd")[0], (500.0, None));
    }

    #[test]
    fn a_power_of_ten_before_a_unit_scales_the_number() {
        let copies = Some("{copies}/mL".to_string());
        assert_eq!(
            q("CMV DNA 1.2 \u{00D7} 10^4 copies/mL"),
            [(12000.0, copies.clone())]
        );
        // A superscript folded, or lost when a PDF was pasted.
        assert_eq!(
            q("CMV DNA 1.2 \u{00D7} 10\u{2074} copies/mL"),
            [(12000.0, copies.clone())]
        );
        assert_eq!(
            q("EBV DNA 3.2 x 103 IU/mL"),
            [(3200.0, Some("[iU]/mL".into()))]
        );
        assert_eq!(q("HBV DNA 2.5x10E5 IU/mL")[0].0, 250000.0);
        // A count of doses is no power: "2 x 100 mg", "3 x 10 mg".
        assert_eq!(q("2 x 100 mg")[0], (2.0, None));
        assert_eq!(q("3 x 10 mg")[0], (3.0, None));
        // Bare, only before a count per volume: "2 x 105 mg" is no 2e5 mg.
        assert_eq!(q("2 x 105 mg")[0], (2.0, None));
    }

    fn q(s: &str) -> Vec<(f64, Option<String>)> {
        let lex = Lexicon::builtin().unwrap();
        let f = Folded::new(s);
        QuantityParser::new(lex)
            .find(&f.text, 0, f.text.len())
            .into_iter()
            .map(|q| (q.value, q.unit))
            .collect()
    }

    #[test]
    fn counts_with_spaced_thousands() {
        // The UCUM code of a count per microlitre (cells/mm3, /µL, /cumm).
        let count = |n: f64| vec![(n, Some("/uL".to_string()))];
        assert_eq!(q("12 000 cells/mm3"), count(12_000.0));
        assert_eq!(q("platelets 1 250 000/µL"), count(1_250_000.0));
        // Any unit but one of time: "prolactin > 200 000 mIU/L".
        assert_eq!(q("200 000 mIU/L"), [(200_000.0, Some("m[iU]/L".into()))]);
        // After a label of time or order, or before a unit of time, the
        // numbers stay apart.
        assert_eq!(q("day 3 200 mg").len(), 2);
        assert_eq!(q("day 3 200/uL").len(), 2);
        assert_eq!(q("3 200 days").len(), 2);
    }

    #[test]
    fn numbers_with_units() {
        assert_eq!(q("KL-6 was 2,665 U/mL"), [(2665.0, Some("U/mL".into()))]);
        assert_eq!(
            q("ferritin 666.3 \u{03BC}g/L"),
            [(666.3, Some("ug/L".into()))]
        );
        assert_eq!(q("WBC 6.7 \u{00D7} 10^9/L"), [(6.7, Some("10*9/L".into()))]);
        assert_eq!(q("PaO2 of 54 mmHg"), [(54.0, Some("mm[Hg]".into()))]);
        assert_eq!(q("IL-8 and COVID-19"), []);
        assert_eq!(
            q("base excess -4.2 mmol/L"),
            [(-4.2, Some("mmol/L".into()))]
        );
        assert_eq!(q("saturation of 50%"), [(50.0, Some("%".into()))]);
        // Case tells grams from giga-cells.
        assert_eq!(q("albumin 35 g/L"), [(35.0, Some("g/L".into()))]);
        assert_eq!(q("leucocytes 8 G/L"), [(8.0, Some("10*9/L".into()))]);
        // UCUM's code "1" is not written as a unit: the next number is one.
        assert_eq!(q("HD 3 14.2"), [(3.0, None), (14.2, None)]);
        assert_eq!(q("a ratio of 0.8"), [(0.8, None)]);
    }
}
