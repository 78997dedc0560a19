//! Numbers spoken in words, read as digits.
//!
//! Dictated letters keep the words speech recognition typed: "a CRP of one
//! hundred and twelve", "prednisolone forty milligrams", "saturations
//! ninety-one percent", "eight point four", "the third of March". The
//! readers of values, doses and dates read digits, so the matching copy of
//! the text (see [`crate::normalize`]) has such numbers as digits; spans
//! still map to the spoken words.
//!
//! Only numbers told as amounts are rewritten: a number of two or more
//! words ("ninety-one", "one hundred and twelve", "eight point four"), or
//! one word before a unit ("forty milligrams"), after a word that gives a
//! value ("of", "was", "to", "=") or after a test's short name ("ESR
//! forty"). "Type two diabetes", "one of her sisters", "a six-minute walk"
//! and "the first dose" keep their words.

use crate::fasthash::{FxHashMap, FxHashSet};
use crate::normalize::Folded;
use crate::quantity::QuantityParser;

/// Words that count but are no digit of a spoken number.
const NOT_CARDINAL: &[&str] = &[
    "a", "an", "single", "once", "twice", "thrice", "couple", "dozen", "half",
];

/// Words after which a lone number word gives a value ("an ESR of forty",
/// "rose to sixty", "fell from ninety").
const VALUE_WORDS: &[&str] = &[
    "of", "was", "were", "is", "are", "at", "to", "from", "by", "reached", "measured", "peaked",
];

/// Words that may follow a lone number word given as a value ("an ESR
/// of forty and a CRP of ...", "was sixty on admission"); before any
/// other word the number counts things ("of two cystic masses").
const AFTER_VALUE: &[&str] = &[
    "and", "or", "on", "in", "at", "with", "but", "then", "which", "after", "before", "by", "from",
    "to", "while", "when", "despite", "than", "compared",
];

/// The units of an age written as a compound ("seventy-two-year-old").
const AGE_UNITS: &[&str] = &["year", "month", "week", "day"];

/// Ordinal words of the days of a month, "first" to "thirty-first" (the
/// tens before them are read as cardinals).
const ORDINALS: &[(&str, u32)] = &[
    ("first", 1),
    ("second", 2),
    ("third", 3),
    ("fourth", 4),
    ("fifth", 5),
    ("sixth", 6),
    ("seventh", 7),
    ("eighth", 8),
    ("ninth", 9),
    ("tenth", 10),
    ("eleventh", 11),
    ("twelfth", 12),
    ("thirteenth", 13),
    ("fourteenth", 14),
    ("fifteenth", 15),
    ("sixteenth", 16),
    ("seventeenth", 17),
    ("eighteenth", 18),
    ("nineteenth", 19),
    ("twentieth", 20),
    ("thirtieth", 30),
];

const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// The number words of the lexicon (time.toml), compiled once.
pub struct SpokenNumbers {
    /// Units, teens and tens, and the scales "hundred" and "thousand".
    words: FxHashMap<&'static str, u32>,
    /// The time units' names ("weeks", "days", "fortnight"), lowercase,
    /// and "times": a number before one is a time's or a schedule's, read
    /// in words by their own readers ("every two weeks", "four times
    /// daily", "for twenty-one days").
    counted: FxHashSet<String>,
    /// For each first byte, a bit for each length (31 for 31 and more) of
    /// the words a number can start with (`words` and [`ORDINALS`]): most
    /// words of a text are neither, and this tells so without a lookup.
    starts: [u32; 256],
}

/// A word of the text: its span and its lowercase form.
#[derive(Clone, Copy)]
struct Word<'t> {
    start: usize,
    end: usize,
    lower: &'t str,
}

impl SpokenNumbers {
    /// The cardinal words of `lex`'s number words.
    pub fn new(lex: &'static casecourse_knowledge::Lexicon) -> SpokenNumbers {
        let words: FxHashMap<&'static str, u32> = lex
            .number_words
            .iter()
            .filter(|n| {
                !n.word.contains([' ', '-'])
                    && !NOT_CARDINAL.contains(&n.word.as_str())
                    && n.value.fract() == 0.0
                    && n.value >= 0.0
                    && (n.value < 20.0
                        || (n.value < 100.0 && n.value % 10.0 == 0.0)
                        || n.value == 100.0
                        || n.value == 1000.0)
            })
            .map(|n| (n.word.as_str(), n.value as u32))
            .collect();
        let counted = lex
            .time_units
            .iter()
            .flat_map(|u| &u.surfaces)
            .map(|s| s.to_ascii_lowercase())
            // "Second" is no time unit of the lexicon (it is an ordinal
            // more often), but "in one second" (FEV1) counts one.
            .chain(["times", "time", "second", "seconds"].map(String::from))
            .collect();
        let mut starts = [0u32; 256];
        let keys = words.keys().copied().chain(ORDINALS.iter().map(|o| o.0));
        for w in keys.filter(|w| !w.is_empty()) {
            starts[usize::from(w.as_bytes()[0])] |= 1 << w.len().min(31);
        }
        SpokenNumbers {
            words,
            counted,
            starts,
        }
    }

    /// Whether a number (cardinal or date ordinal) can start with the
    /// lowercase word `w`; false only if it is neither a number word nor
    /// an ordinal.
    fn may_start(&self, w: &str) -> bool {
        w.as_bytes()
            .first()
            .is_some_and(|&b| self.starts[usize::from(b)] & (1 << w.len().min(31)) != 0)
    }

    /// `folded` with the numbers its text tells in words as digits.
    pub fn read_as_digits(&self, folded: Folded, units: &QuantityParser) -> Folded {
        let edits = self.edits(&folded.text, units);
        folded.replaced(&edits)
    }

    /// The spoken numbers of `text` and their digits, in order.
    fn edits(&self, text: &str, units: &QuantityParser) -> Vec<(usize, usize, String)> {
        let lower = text.to_ascii_lowercase();
        let lower_words = words(text, &lower);
        let mut edits = Vec::new();
        let mut i = 0;
        while i < lower_words.len() {
            let w = lower_words[i];
            if !self.may_start(w.lower) {
                i += 1;
                continue;
            }
            if let Some((taken, digits)) = self.date_ordinal(text, &lower_words, i) {
                let end = lower_words[i + taken - 1].end;
                // "March the third" reads as "March 3rd".
                let start = match i.checked_sub(1).map(|k| lower_words[k]) {
                    Some(the)
                        if the.lower == "the"
                            && i >= 2
                            && MONTHS.contains(&lower_words[i - 2].lower) =>
                    {
                        the.start
                    }
                    _ => w.start,
                };
                edits.push((start, end, digits));
                i += taken;
                continue;
            }
            let Some((taken, value)) = self.cardinal(text, &lower_words, i) else {
                i += 1;
                continue;
            };
            let last = lower_words[i + taken - 1];
            // "2 (two) times daily", "every 12 (twelve) hours": record
            // systems print a count in digits and again in words; the
            // words go, so the count reads as "2 times daily".
            if let Some(digits_start) = restated(text, w.start, last.end, &value) {
                let close = last.end + 1;
                if edits
                    .last()
                    .is_none_or(|e: &(usize, usize, String)| e.1 <= digits_start)
                {
                    edits.push((digits_start, close, value.clone()));
                }
                i += taken;
                continue;
            }
            // "One hundred and twenty over eighty": a blood pressure.
            if let Some((more, low)) = self.over(text, &lower_words, i + taken) {
                let end = lower_words[i + taken + more - 1].end;
                edits.push((w.start, end, format!("{value}/{low}")));
                i += taken + more;
                continue;
            }
            let spoken = taken > 1 || value.contains('.');
            // "Six-minute walk", "a two-week course": a number word that
            // makes a compound counts; only an age ("a seventy-two-year-old
            // man") is a value.
            let compound = text[last.end..].starts_with('-')
                && !AGE_UNITS.iter().any(|u| {
                    lower[last.end + 1..].starts_with(u)
                        && lower[last.end + 1 + u.len()..].starts_with("-old")
                });
            let counts_time = text[last.end..].starts_with(' ')
                && lower_words
                    .get(i + taken)
                    .is_some_and(|n| n.start == last.end + 1 && self.counted.contains(n.lower));
            let told_as_amount = spoken
                || units.unit_at(text, last.end, text.len()).is_some()
                || (w.lower != "one"
                    && w.lower != "zero"
                    && self.gives_value(text, &lower_words, i));
            if told_as_amount && !compound && !counts_time {
                edits.push((w.start, last.end, value));
            }
            i += taken;
        }
        edits
    }

    /// Whether the words around word `i` make a lone number word a value:
    /// it ends its clause or comes before one of [`AFTER_VALUE`], and a
    /// value word, a colon or equals sign, or a test's short name in
    /// capitals ("ESR forty") comes before it.
    fn gives_value(&self, text: &str, ws: &[Word<'_>], i: usize) -> bool {
        let after = text[ws[i].end..].trim_start_matches(' ');
        let next_is_word = after.starts_with(|c: char| c.is_ascii_alphabetic());
        if next_is_word
            && !ws
                .get(i + 1)
                .is_some_and(|n| AFTER_VALUE.contains(&n.lower))
        {
            return false;
        }
        let before = text[..ws[i].start].trim_end_matches(' ');
        if before.ends_with([':', '=']) {
            return true;
        }
        let Some(prev) = i.checked_sub(1).map(|k| ws[k]) else {
            return false;
        };
        if prev.end != before.len() {
            return false;
        }
        let as_written = &text[prev.start..prev.end];
        VALUE_WORDS.contains(&prev.lower)
            || (as_written.len() >= 2
                && as_written
                    .bytes()
                    .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
                && as_written.bytes().any(|b| b.is_ascii_uppercase()))
    }

    /// The cardinal number that words `i..` tell, as (words taken, its
    /// digits): "ninety-one", "one hundred and twelve", "two thousand
    /// and twenty", "eight point four".
    fn cardinal(&self, text: &str, ws: &[Word<'_>], i: usize) -> Option<(usize, String)> {
        let value_of = |w: &Word<'_>| self.words.get(w.lower).copied();
        let first = value_of(ws.get(i)?)?;
        if first >= 100 {
            return None;
        }
        let (mut total, mut current) = (0u32, 0u32);
        let mut k = i;
        // The kind of the last word: 0 unit or teen, 1 tens, 2 scale.
        let mut last_kind = 3;
        while let Some(w) = ws.get(k) {
            // Words of a number are next to each other: a space, a hyphen
            // after a tens word ("ninety-one"), or " and " after a scale.
            if k > i {
                let gap = &text[ws[k - 1].end..w.start];
                if !(gap == " " || (gap == "-" && last_kind == 1)) {
                    break;
                }
            }
            if w.lower == "and" && last_kind == 2 {
                match ws.get(k + 1).and_then(value_of) {
                    Some(v) if v < 100 && text[w.end..ws[k + 1].start] == *" " => {
                        k += 1;
                        continue;
                    }
                    _ => break,
                }
            }
            let Some(v) = value_of(w) else { break };
            match v {
                1000 => {
                    total += current.max(1) * 1000;
                    current = 0;
                    last_kind = 2;
                }
                100 if current < 100 && last_kind != 2 => {
                    current = current.max(1) * 100;
                    last_kind = 2;
                }
                20..=90 if last_kind >= 2 && current % 100 == 0 => {
                    current += v;
                    last_kind = 1;
                }
                0..=19 if last_kind >= 1 && current % 10 == 0 && (v > 0 || current == 0) => {
                    if last_kind == 1 && v >= 10 {
                        break;
                    }
                    current += v;
                    last_kind = 0;
                }
                _ => break,
            }
            k += 1;
        }
        let mut digits = (total + current).to_string();
        // "eight point four", "nought point five".
        if ws.get(k).is_some_and(|w| w.lower == "point") && text[ws[k - 1].end..ws[k].start] == *" "
        {
            let mut fraction = String::new();
            let mut j = k + 1;
            while let Some(w) = ws.get(j) {
                let gap = &text[ws[j - 1].end..w.start];
                match value_of(w) {
                    Some(v) if v < 10 && gap == " " => fraction.push(char::from(b'0' + v as u8)),
                    _ => break,
                }
                j += 1;
            }
            if !fraction.is_empty() {
                digits = format!("{digits}.{fraction}");
                k = j;
            }
        }
        Some((k - i, digits))
    }

    /// The second number of "A over B" after word `i - 1`, as (words
    /// taken from `i`, its digits).
    fn over(&self, text: &str, ws: &[Word<'_>], i: usize) -> Option<(usize, String)> {
        let over = ws.get(i)?;
        if over.lower != "over" || &text[ws[i - 1].end..over.start] != " " {
            return None;
        }
        let next = ws.get(i + 1)?;
        if &text[over.end..next.start] != " " {
            return None;
        }
        let (taken, low) = self.cardinal(text, ws, i + 1)?;
        // "Fell to sixty over two days", "over twenty-four hours": a time.
        let counts_time = ws
            .get(i + 1 + taken)
            .is_some_and(|n| self.counted.contains(n.lower));
        let pressure = low.parse::<u32>().is_ok_and(|v| v >= 20);
        (pressure && !counts_time).then_some((taken + 1, low))
    }

    /// A day of a month told as an ordinal, "the third of March", "the
    /// twenty-first of June", "March the third", as (words taken, its
    /// digits): "3rd".
    fn date_ordinal(&self, text: &str, ws: &[Word<'_>], i: usize) -> Option<(usize, String)> {
        let ordinal = |w: &Word<'_>| ORDINALS.iter().find(|o| o.0 == w.lower).map(|o| o.1);
        let (taken, day) = match (ws.get(i), ws.get(i + 1)) {
            (Some(tens), Some(unit))
                if matches!(tens.lower, "twenty" | "thirty")
                    && matches!(&text[tens.end..unit.start], "-" | " ") =>
            {
                let day = self.words.get(tens.lower)? + ordinal(unit)?;
                (2, day)
            }
            (Some(w), _) => (1, ordinal(w)?),
            _ => return None,
        };
        if day > 31 {
            return None;
        }
        let is_month = |w: Option<&Word<'_>>| w.is_some_and(|w| MONTHS.contains(&w.lower));
        let after = ws.get(i + taken).map(|w| w.lower);
        let month_after =
            (after == Some("of") && is_month(ws.get(i + taken + 1))) || is_month(ws.get(i + taken));
        let month_before = i >= 2 && ws[i - 1].lower == "the" && is_month(ws.get(i - 2))
            || i >= 1 && is_month(ws.get(i - 1));
        if !(month_after || month_before) {
            return None;
        }
        let suffix = match day {
            1 | 21 | 31 => "st",
            2 | 22 => "nd",
            3 | 23 => "rd",
            _ => "th",
        };
        Some((taken, format!("{day}{suffix}")))
    }
}

/// The words of `text` (runs of ASCII letters), with their forms in
/// `lower`, its lowercase copy.
fn words<'t>(text: &str, lower: &'t str) -> Vec<Word<'t>> {
    let b = text.as_bytes();
    // About one word in seven bytes of prose: room for them up front
    // instead of a dozen reallocations of a long list.
    let mut out = Vec::with_capacity(b.len() / 6 + 1);
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_alphabetic() {
            i += 1;
            continue;
        }
        let start = i;
        while i < b.len() && b[i].is_ascii_alphabetic() {
            i += 1;
        }
        out.push(Word {
            start,
            end: i,
            lower: &lower[start..i],
        });
    }
    out
}

/// Where the digits start when the number in words at `start..end` only
/// restates them in brackets ("2 (two)"): digits, a space, the bracket
/// before `start`, and the closing bracket at `end`.
fn restated(text: &str, start: usize, end: usize, value: &str) -> Option<usize> {
    let before = text[..start].strip_suffix(" (")?;
    if !text[end..].starts_with(')') || !before.ends_with(value) {
        return None;
    }
    let digits_start = before.len() - value.len();
    let prior = before[..digits_start].chars().next_back();
    prior
        .is_none_or(|c| !c.is_ascii_alphanumeric() && c != '.' && c != ',')
        .then_some(digits_start)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The matching copy of `text` with its spoken numbers read.
    fn read(text: &str) -> String {
        let lex = casecourse_knowledge::Lexicon::builtin().expect("lexicon");
        let spoken = SpokenNumbers::new(lex);
        let units = QuantityParser::new(lex);
        spoken.read_as_digits(Folded::new(text), &units).text
    }

    #[test]
    fn every_word_that_starts_a_number_passes_the_first_byte_test() {
        let lex = casecourse_knowledge::Lexicon::builtin().expect("lexicon");
        let spoken = SpokenNumbers::new(lex);
        let all = spoken
            .words
            .keys()
            .copied()
            .chain(ORDINALS.iter().map(|o| o.0));
        for w in all {
            assert!(spoken.may_start(w), "{w}");
        }
        for w in [
            "and",
            "of",
            "patient",
            "",
            "onehundredandtwelvethousandandone",
        ] {
            assert!(!spoken.may_start(w), "{w}");
        }
    }

    #[test]
    fn amounts_told_in_words_read_as_digits() {
        for (said, read_as) in [
            ("a CRP of one hundred and twelve", "a CRP of 112"),
            (
                "prednisolone forty milligrams daily",
                "prednisolone 40 milligrams daily",
            ),
            ("saturations ninety-one percent", "saturations 91 percent"),
            ("Hb eight point four", "Hb 8.4"),
            ("nought point five mg", "0.5 mg"),
            ("ESR forty.", "ESR 40."),
            ("an ESR of forty and a CRP", "an ESR of 40 and a CRP"),
            ("five milligrams", "5 milligrams"),
            ("in two thousand and nineteen", "in 2019"),
            ("a seventy-two-year-old man", "a 72-year-old man"),
            ("BP one hundred and twenty over eighty", "BP 120/80"),
            (
                "admitted on the third of March",
                "admitted on the 3rd of March",
            ),
            ("on March the twenty-first", "on March 21st"),
        ] {
            assert_eq!(read(said), read_as, "{said}");
        }
    }

    #[test]
    fn numbers_that_count_or_name_keep_their_words() {
        for kept in [
            "Type two diabetes",
            "one of her sisters",
            "a six-minute walk",
            "the first dose",
            "the third of her admissions",
            "showed two cystic masses",
            "every two weeks",
            "up to four times daily",
            "for twenty-one days",
            "forced expiratory volume in one second",
            "fell to sixty over two days",
        ] {
            assert_eq!(read(kept), kept);
        }
    }

    /// Every fact's span holds the words it was read from, spoken numbers
    /// included.
    #[test]
    fn spans_point_at_the_spoken_words() {
        let x = crate::Extractor::builtin().expect("extractor");
        let text = "Her CRP was one hundred and twelve and her ESR forty. \
                    She takes prednisolone five milligrams daily.";
        let course = x.extract(text, &crate::Options::default());
        let crp = course
            .facts
            .iter()
            .find(|f| f.name == "C-reactive protein")
            .expect("CRP read");
        assert_eq!(crp.value.as_ref().and_then(|v| v.as_number()), Some(112.0));
        for f in &course.facts {
            for s in &f.spans {
                assert!(text.get(s.start..s.end).is_some(), "{f:?}");
            }
        }
        assert!(
            crp.spans
                .iter()
                .any(|s| text[s.start..s.end].ends_with("twelve"))
        );
        let dose = course
            .facts
            .iter()
            .find(|f| f.name == "prednisolone")
            .and_then(|f| f.dosage.as_ref())
            .and_then(|d| d.dose);
        assert_eq!(dose, Some(5.0));
    }
}
