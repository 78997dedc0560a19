//! Who the patient is: age, sex, ethnicity, occupation.

use casecourse_model::{Fact, Kind, Origin, Span, Value};
use regex::Regex;

use super::{Ctx, untimed};
use crate::doc::Doc;
use crate::segment::Part;

/// Ages: "36-year-old", "aged 36", "36 yo", "age: 36".
pub fn age_pattern() -> Regex {
    Regex::new(r"(?i)\b(?:(\d{1,3})[\s-]*(years?|yrs?|months?|weeks?|days?)[\s-]*old\b|aged\s+(\d{1,3})\b|(\d{1,3})\s*(?:yo|y/o|y\.o\.)\b|(?:age|patient)\s*:\s*(?:(?:male|female|man|woman)\s*,\s*)?(\d{1,3})\s*(?:years?|yrs?|y)?\b)").expect("age pattern")
}

/// The age a match of [`age_pattern`] states: its number and UCUM unit
/// ("a" for years, "mo", "wk", "d").
pub fn age_of(c: &regex::Captures) -> Option<(f64, &'static str)> {
    let (n, unit) = match (c.get(1), c.get(2), c.get(3), c.get(4)) {
        (Some(n), Some(u), _, _) => (n.as_str(), u.as_str().to_ascii_lowercase()),
        (_, _, Some(n), _) | (_, _, _, Some(n)) => (n.as_str(), "year".to_string()),
        _ => (c.get(5)?.as_str(), "year".to_string()),
    };
    let ucum = if unit.starts_with("mo") {
        "mo"
    } else if unit.starts_with('w') {
        "wk"
    } else if unit.starts_with('d') {
        "d"
    } else {
        "a"
    };
    Some((n.parse().ok()?, ucum))
}

/// Occupations: "worked as an office clerk", "is a retired teacher".
pub fn occupation_pattern() -> Regex {
    Regex::new(r"(?i)\b(?:work(?:s|ed|ing)?|employed|em\s*ployed)\s+as\s+(?:an?\s+)?([a-z][a-z -]{2,40}?)(?:\s+(?:and|who|for|at|in|until|before)\b|[,.;)]|$)|\b(?:is|was)\s+an?\s+(retired\s+[a-z][a-z -]{2,30}?)(?:\s+(?:and|who|with)\b|[,.;)]|$)|\boccupation:\s*([a-z][a-z -]{2,40}?)(?:[,.;]|$)|(?:^|[;,.]\s*)(retired\s+[a-z][a-z -]{2,30}?)(?:[,.;)]|$)").expect("occupation pattern")
}

/// The age words, the occupation words, then words whose absence spares
/// a builder its search ([`has_side_word`]): the document's time pass
/// finds them all (`Doc::words_at`).
pub const SIDE_WORDS: &[&str] = &[
    "old",
    "age",
    "patient",
    "yo",
    "y/o",
    "y.o.",
    "work",
    "ployed",
    "retired",
    "occupation",
    "liv",
    "joint",
];

/// Words one of which every age shape has: "36-year-old", "aged 36",
/// "36 yo", "age: 36", "patient: 36".
const AGE_WORDS: &[&str] = SIDE_WORDS.split_at(6).0;

/// Words one of which every occupation shape has.
const OCCUPATION_WORDS: &[&str] = SIDE_WORDS.split_at(10).0.split_at(6).1;

/// Whether a word of `words` (a part of [`SIDE_WORDS`] starting at
/// `first`) lies wholly in `[start, end)` of the document's lowercased
/// text: `doc.lower_text(start, end).contains(w)` for one of them, read
/// from the positions found once per document.
fn side_word_in(doc: &Doc, first: usize, words: &[&str], start: usize, end: usize) -> bool {
    words.iter().enumerate().any(|(k, w)| {
        let at = doc.words_at.get(first + k).map_or(&[][..], Vec::as_slice);
        // The first occurrence from `start` on ends soonest.
        let i = at.partition_point(|&s| s < start);
        at.get(i).is_some_and(|&s| s + w.len() <= end)
    })
}

/// "liv" in [`SIDE_WORDS`].
pub const LIV: usize = 10;
/// "joint" in [`SIDE_WORDS`].
pub const JOINT: usize = 11;

/// Whether `SIDE_WORDS[k]` lies wholly in `[start, end)` of the
/// document's lowercased text: read from the positions found once per
/// document (a substring search per sentence cost ≈170 instructions), or
/// searched if the time pass found none.
pub fn has_side_word(doc: &Doc, k: usize, start: usize, end: usize) -> bool {
    let word = SIDE_WORDS[k];
    if doc.words_at.len() == SIDE_WORDS.len() {
        side_word_in(doc, k, &[word], start, end)
    } else {
        doc.lower_text(start, end).contains(word)
    }
}

/// Whether a sentence can hold a match of a pattern every match of which
/// has one of `words` (lowercase ASCII), and a digit if `digit`. Most
/// sentences cannot, and on text with a non-ASCII character the regex
/// engine gives up its DFA (Unicode word boundaries) for a backtracker
/// over the whole sentence. The check never says no to a sentence the
/// pattern matches: Unicode digits are numeric, and every character that
/// matches a letter of `words` case-insensitively lowercases to that
/// letter (none has a `k` or an `s`, whose Kelvin and long forms do not).
/// `lower` is `text` lowercased (Unicode).
fn may_match(text: &str, lower: &str, digit: bool, words: &[&str]) -> bool {
    let has_digit = || {
        text.bytes().any(|b| b.is_ascii_digit())
            || (!text.is_ascii() && text.chars().any(char::is_numeric))
    };
    (!digit || has_digit()) && words.iter().any(|w| lower.contains(w))
}

/// Age, sex and ethnicity from "A 36-year-old Chinese male", and
/// occupation from "worked as an office clerk".
/// Whether the age at folded `[at, end)` is a relative's: told in
/// apposition to the relative ("His mother, a 29-year-old woman,", "his
/// mother (primipara, 32 years old)", "her father, who is 60 years old"),
/// naming the relative it qualifies ("her 34-year-old sister", "a
/// 60-year-old maternal uncle"), or in the relative's own clause, as the
/// family triggers reach a term ("his brother died of colon cancer aged
/// 45").
fn of_a_relative(ctx: &Ctx, at: usize, end: usize) -> bool {
    let family = |h: &&crate::context::Hit| h.trigger.category == "family";
    let apposition = ctx.v.hits.iter().filter(family).any(|h| {
        h.end <= at && at - h.end <= 24 && {
            let gap = ctx.doc.lower_text(h.end, at).trim_start();
            gap.starts_with(',') || gap.starts_with('(')
        }
    });
    // A possessive before, at most two words between: "her 34-year-old
    // twin sister" (not "a 31-year-old woman with a twin pregnancy" or "a
    // 40-year-old mother of two", who are the patient).
    let before = ctx.doc.lower_text(ctx.v.s.start, at).trim_end();
    let possessive = ["her", "his", "their", "patient's", "whose"]
        .iter()
        .any(|w| {
            before.ends_with(w)
                && !before[..before.len() - w.len()].ends_with(char::is_alphanumeric)
        });
    let qualifies = || {
        possessive
            && ctx.v.hits.iter().filter(family).any(|h| {
                h.start >= end && h.start - end <= 20 && {
                    let gap = ctx.doc.lower_text(end, h.start);
                    gap.split_whitespace().count() <= 2
                        && gap
                            .bytes()
                            .all(|b| b.is_ascii_alphabetic() || b == b' ' || b == b'-')
                }
            })
    };
    // Only a relative named before reaches the age ("her brother died
    // aged 45"): one named after it is what the patient has or is.
    let told_before = || {
        let hits: Vec<_> = ctx.v.hits.iter().filter(|h| h.end <= at).cloned().collect();
        crate::context::assert_mention(&ctx.doc.folded.text, at, end, &hits).family
    };
    apposition || qualifies() || told_before()
}

pub fn demographics(ctx: &mut Ctx) {
    if ctx.v.origin() != Some(Origin::Body) {
        return;
    }
    let (s0, s1) = (ctx.v.s.start, ctx.v.s.end);
    let doc = ctx.doc;
    let text = doc.text(s0, s1);
    // On ASCII text (most sentences) Unicode lowercasing is ASCII
    // lowercasing: the words found in the document's lowercased copy
    // serve. Other text is lowercased and searched here.
    let ascii = text.is_ascii() && doc.words_at.len() == SIDE_WORDS.len();
    let lower = if ascii {
        String::new()
    } else {
        text.to_lowercase()
    };
    let may = |digit: bool, first: usize, words: &[&str]| {
        if ascii {
            // The word positions first (a binary search each): a scan for
            // a digit read every byte of every body sentence.
            side_word_in(doc, first, words, s0, s1)
                && (!digit || text.bytes().any(|b| b.is_ascii_digit()))
        } else {
            may_match(text, &lower, digit, words)
        }
    };
    let mut age_end = None;
    // The first age that is not a relative's ("Her 70-year-old father
    // ...; the 45-year-old patient").
    let age = may(true, 0, AGE_WORDS)
        .then(|| {
            doc.shapes.age.captures_iter(text).find(|c| {
                let m = c.get(0).map_or((0, 0), |m| (m.start(), m.end()));
                !of_a_relative(ctx, s0 + m.0, s0 + m.1)
            })
        })
        .flatten();
    if let Some(c) = age {
        let m = c.get(0).map_or((0, 0), |m| (m.start(), m.end()));
        if let Some((v, ucum)) = age_of(&c) {
            let mut f = ctx.fact(Kind::Demographic, "age", s0 + m.0, s0 + m.1);
            f.value = Some(Value::Number(v));
            f.unit = Some(ucum.into());
            untimed(&mut f);
            ctx.out.push(f);
            // Sex and ethnicity follow the age: "36-year-old Chinese male".
            let after = s0 + m.1;
            age_end = Some(after);
            let sex = ctx
                .v
                .cues
                .iter()
                .find(|c| {
                    c.start >= after && c.start < after + 40 && c.cue.role.starts_with("sex-")
                })
                .or_else(|| {
                    // "Patient: male, 67 years": the sex before the age.
                    ctx.v.cues.iter().find(|c| {
                        c.end <= s0 + m.0
                            && c.start + 24 >= s0 + m.0
                            && c.cue.role.starts_with("sex-")
                    })
                })
                .copied();
            if let Some(sx) = sex {
                let mut f = ctx.fact(Kind::Demographic, "sex", sx.start, sx.end);
                f.value = sx.cue.value.clone().map(Value::Text);
                untimed(&mut f);
                ctx.out.push(f);
                let eth = ctx
                    .v
                    .cues_with("ethnicity")
                    .find(|c| c.start >= after && c.end <= sx.start)
                    .copied();
                if let Some(e) = eth {
                    let mut f = ctx.fact(Kind::Demographic, "ethnicity", e.start, e.end);
                    f.value = Some(Value::Text(ctx.text(e.start, e.end).to_string()));
                    untimed(&mut f);
                    ctx.out.push(f);
                }
            } else if let Some((a, z, sex)) = sex_letter_after(ctx, after) {
                let mut f = ctx.fact(Kind::Demographic, "sex", a, z);
                f.value = Some(Value::Text(sex.into()));
                untimed(&mut f);
                ctx.out.push(f);
            }
        }
    }
    if age_end.is_none() {
        telegraphic_age_sex(ctx);
    }
    // ASCII lowercasing keeps every byte offset of `text`.
    let folded = doc.lower_text(s0, s1);
    if has_side_word(doc, LIV, s0, s1) {
        living_situation(ctx, folded);
    }
    if let Some(after_age) = age_end
        && occupation_after_age(ctx, after_age)
    {
        return;
    }
    if may(false, AGE_WORDS.len(), OCCUPATION_WORDS)
        && let Some(c) = doc.shapes.occupation.captures(text)
        && let Some(g) = c.get(1).or(c.get(2)).or(c.get(3)).or(c.get(4))
    {
        let mut f = ctx.fact(Kind::Social, "occupation", s0 + g.start(), s0 + g.end());
        f.value = Some(Value::Text(g.as_str().trim().to_string()));
        untimed(&mut f);
        ctx.out.push(f);
        return;
    }
    occupation_after_copula(ctx, folded);
}

/// Words after "14F" that make it a catheter's French gauge.
const FRENCH_GAUGE_NEXT: [&str; 12] = [
    "catheter",
    "sheath",
    "drain",
    "tube",
    "cannula",
    "nasogastric",
    "ng ",
    "foley",
    "pigtail",
    "chest",
    "introducer",
    "suction",
];

/// "Pt: 74F.", "HPI: 63M, SOB": a note's age and sex letter written as
/// one word. The letter must be a capital and end the word; a word of
/// temperature just before ("T 99F") makes it Fahrenheit, and "a", "size"
/// or a device after ("a 14F chest drain") a French gauge.
fn telegraphic_age_sex(ctx: &mut Ctx) {
    let s0 = ctx.v.s.start;
    let text = ctx.doc.text(s0, ctx.v.s.end);
    let b = text.as_bytes();
    // From each capital M or F (memchr), back over the digits before it:
    // most sentences have few, and a scan of every digit cost more.
    for i in memchr::memchr2_iter(b'M', b'F', b) {
        let start = i - b[..i]
            .iter()
            .rev()
            .take_while(|c| c.is_ascii_digit())
            .count();
        let word_alone = (start == 0 || !b[start - 1].is_ascii_alphanumeric())
            && b.get(i + 1).is_none_or(|c| !c.is_ascii_alphanumeric());
        if !(1..=3).contains(&(i - start)) || !word_alone {
            continue;
        }
        let before = ctx.lower_before(s0 + start, 16).trim_end();
        let last_word = before
            .rsplit(|c: char| !c.is_ascii_alphabetic())
            .next()
            .unwrap_or("");
        let temperature = TEMPERATURE_WORDS.contains(&last_word);
        let after = ctx.lower_after(s0 + i + 1, 16).trim_start();
        let gauge = matches!(last_word, "a" | "an" | "size")
            || FRENCH_GAUGE_NEXT.iter().any(|w| after.starts_with(w));
        let Ok(age) = text[start..i].parse::<f64>() else {
            continue;
        };
        if temperature || gauge || !(1.0..=110.0).contains(&age) {
            continue;
        }
        let (a, z) = (s0 + start, s0 + i + 1);
        let mut f = ctx.fact(Kind::Demographic, "age", a, z);
        f.value = Some(Value::Number(age));
        f.unit = Some("a".into());
        untimed(&mut f);
        ctx.out.push(f);
        let sex = if b[i] == b'M' { "male" } else { "female" };
        let mut f = ctx.fact(Kind::Demographic, "sex", a, z);
        f.value = Some(Value::Text(sex.into()));
        untimed(&mut f);
        ctx.out.push(f);
        return;
    }
}

/// "58 yo M c/o SOB", "72 y/o F": a note's sex letter after the age, a
/// capital M or F standing alone one space after it, as (start, end, sex).
fn sex_letter_after(ctx: &Ctx, after: usize) -> Option<(usize, usize, &'static str)> {
    let rest = ctx.doc.text(after, ctx.v.s.end);
    let b = rest.as_bytes();
    let at = usize::from(b.first() == Some(&b' '));
    let sex = match b.get(at) {
        Some(b'M') => "male",
        Some(b'F') => "female",
        _ => return None,
    };
    b.get(at + 1)
        .is_none_or(|c| !c.is_ascii_alphanumeric())
        .then_some((after + at, after + at + 1, sex))
}

/// Words before "99F" that make it a temperature.
const TEMPERATURE_WORDS: [&str; 6] = ["t", "temp", "temperature", "febrile", "tmax", "afebrile"];

/// "He was a poultry farmer", "she is a warehouse supervisor": the patient
/// said to be a noun phrase of at most three plain words that ends in a
/// job's head noun.
fn occupation_after_copula(ctx: &mut Ctx, lower: &str) {
    const SUBJECTS: &[&str] = &[
        "he is a",
        "he was a",
        "she is a",
        "she was a",
        "patient is a",
        "patient was a",
    ];
    let s0 = ctx.v.s.start;
    let Some(head) = ctx.v.cues_with("occupation").next().copied() else {
        return;
    };
    let before = &lower[..head.start - s0];
    let starts_word = |at: usize| {
        lower[..at]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric())
    };
    let Some((at, len)) = SUBJECTS
        .iter()
        .filter_map(|w| before.rfind(w).map(|i| (i, w.len())))
        .filter(|&(i, _)| starts_word(i))
        .max()
    else {
        return;
    };
    // "a" or "an", then the job's words.
    let rest = &before[at + len..];
    let words = rest.strip_prefix("n ").or_else(|| rest.strip_prefix(' '));
    let Some(words) = words else { return };
    let plain = words
        .chars()
        .all(|c| c.is_ascii_alphabetic() || c == ' ' || c == '-');
    if !plain || words.split_whitespace().count() > 3 {
        return;
    }
    let start = head.start - words.len();
    let mut f = ctx.fact(Kind::Social, "occupation", start, head.end);
    f.value = Some(Value::Text(ctx.text(start, head.end).trim().to_string()));
    untimed(&mut f);
    ctx.out.push(f);
}

/// "Lives with his wife and is fully independent", "lives alone, 1st floor
/// flat": where and with whom the patient lives, as the text words it, up
/// to the end of its clause. Only "lives/lived/living" followed by "alone",
/// "with", "in", "at" or "independently", and not said of a relative ("her
/// daughter lives with ...").
fn living_situation(ctx: &mut Ctx, lower: &str) {
    const NEXT: &[&str] = &["alone", "with", "in", "at", "independently"];
    const RELATIVES: &[&str] = &[
        "mother", "father", "daughter", "son", "sister", "brother", "wife", "husband", "partner",
        "parents", "family", "children", "who",
    ];
    const HOMES: &[&str] = &[
        "home",
        "house",
        "flat",
        "apartment",
        "bungalow",
        "nursing",
        "care",
        "residential",
        "hostel",
        "shelter",
        "accommodation",
    ];
    let s0 = ctx.v.s.start;
    for (i, _) in lower.match_indices("liv") {
        let rest = &lower[i..];
        let Some(verb_len) = ["lives ", "lived ", "living "]
            .iter()
            .find(|v| rest.starts_with(**v))
            .map(|v| v.len())
        else {
            continue;
        };
        let starts_word = lower[..i]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric());
        let next = rest[verb_len..].split_whitespace().next().unwrap_or("");
        let previous = lower[..i].split_whitespace().next_back().unwrap_or("");
        if !starts_word
            || !NEXT.contains(&next.trim_end_matches([',', ';']))
            || RELATIVES.contains(&previous)
        {
            continue;
        }
        let end = super::phrase_end(
            rest,
            &[
                ";", ".", "\n", " and ", " but ", " who ", " for ", " (", ":",
            ],
        );
        let value = rest[..end].trim_end_matches([',', ' ']);
        // "Living in the UK for six years" is not a home: "in" and "at"
        // must name a dwelling or a place of care.
        let placed = matches!(next, "in" | "at");
        if placed && !HOMES.iter().any(|h| value.contains(h)) {
            continue;
        }
        let mut f = ctx.fact(
            Kind::Social,
            "living situation",
            s0 + i,
            s0 + i + value.len(),
        );
        f.value = Some(Value::Text(value.to_string()));
        untimed(&mut f);
        ctx.out.push(f);
        return;
    }
}

/// "A 74-year-old retired school secretary", "a 31-year-old man, a
/// software developer": a short noun phrase right after the age (or after
/// ", a" following it) that ends in a job's head noun.
fn occupation_after_age(ctx: &mut Ctx, after: usize) -> bool {
    let Some(head) = ctx
        .v
        .cues_with("occupation")
        .find(|c| c.start >= after && c.start < after + 60)
        .copied()
    else {
        return false;
    };
    let between = ctx.text(after, head.start).to_ascii_lowercase();
    // After a sex noun the job comes as an apposition: ", a taxi driver".
    let from = [", a ", ", an "]
        .iter()
        .filter_map(|a| between.rfind(a).map(|i| i + a.len()))
        .max()
        .unwrap_or(0);
    // "A 52-year-old Chinese male company employee": the words of sex and
    // ethnicity (the lexicon's cues) are not the job's.
    let from = ctx
        .v
        .cues
        .iter()
        .filter(|c| c.start >= after + from && c.end <= head.start)
        .filter(|c| c.cue.role.starts_with("sex-") || c.cue.role == "ethnicity")
        .map(|c| c.end - after)
        .max()
        .unwrap_or(from);
    let modifiers = &between[from..];
    let plain = modifiers
        .chars()
        .all(|c| c.is_ascii_alphabetic() || c == ' ' || c == '-');
    // At most three plain words between: "retired school", not a clause.
    if !plain || modifiers.split_whitespace().count() > 3 {
        return false;
    }
    let start = after + from + (modifiers.len() - modifiers.trim_start().len());
    let mut f = ctx.fact(Kind::Social, "occupation", start, head.end);
    f.value = Some(Value::Text(ctx.text(start, head.end).trim().to_string()));
    untimed(&mut f);
    ctx.out.push(f);
    true
}

/// Sex from the pronouns of the case text, when no sentence states it
/// ("this 74-year-old retired secretary ... she"). Only pronouns in the
/// case's own sentences count (not the discussion), and one sex must hold
/// at least four in five of at least three, so a relative's "his" does not
/// decide it. The fact says it was inferred.
pub fn sex_from_pronouns(doc: &Doc, facts: &mut Vec<Fact>) {
    if facts
        .iter()
        .any(|f| f.kind == Kind::Demographic && f.name == "sex")
    {
        return;
    }
    let mut seen: Vec<(&str, Span)> = Vec::new();
    for (s, e, cue, part) in doc.cues_by_role("pronoun-") {
        if part == Part::Origin(Origin::Body)
            && let Some(v) = cue.value.as_deref()
        {
            seen.push((v, Span::new(s, e)));
        }
    }
    let Some(&(first, _)) = seen.first() else {
        return;
    };
    let agree = seen.iter().filter(|(v, _)| *v == first).count();
    if seen.len() < 3 || agree * 5 < seen.len() * 4 {
        return;
    }
    let mut f = Fact::new("", Kind::Demographic, "sex");
    f.value = Some(Value::Text(first.to_string()));
    f.spans = seen
        .iter()
        .filter(|(v, _)| *v == first)
        .take(1)
        .map(|(_, s)| *s)
        .collect();
    f.note = Some(format!(
        "inferred from the pronouns of the case text ({agree} of {} refer to a {first} patient)",
        seen.len()
    ));
    let at = facts
        .iter()
        .position(|f| f.kind != Kind::Demographic)
        .unwrap_or(facts.len());
    facts.insert(at, f);
}

#[cfg(test)]
mod tests {
    use casecourse_model::{Kind, Value};

    /// The text value of the first fact of `kind` named `name` in `text`.
    fn text_value(text: &str, kind: Kind, name: &str) -> Option<String> {
        let course = crate::extract(text, &crate::Options::default());
        course
            .facts
            .iter()
            .find(|f| f.kind == kind && f.name == name)
            .and_then(|f| match &f.value {
                Some(Value::Text(t)) => Some(t.clone()),
                _ => None,
            })
    }

    fn sex(text: &str) -> Option<String> {
        text_value(text, Kind::Demographic, "sex")
    }

    /// The patient's ages found in `text`.
    fn ages(text: &str) -> Vec<f64> {
        let course = crate::extract(text, &crate::Options::default());
        course
            .facts
            .iter()
            .filter(|f| f.kind == Kind::Demographic && f.name == "age")
            .filter_map(|f| match f.value {
                Some(Value::Number(n)) => Some(n),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn a_relatives_age_is_not_the_patients() {
        // Said of a relative named before it, in apposition or as its
        // qualifier.
        assert!(ages("Family history: his brother died of colon cancer aged 45.").is_empty());
        assert!(ages("She had a cough. Her 34-year-old twin sister had SLE.").is_empty());
        assert!(ages("His mother, a 29-year-old woman, had psoriasis.").is_empty());
        // The patient's age after a relative's.
        assert_eq!(
            ages("His 70-year-old father had a stroke. The 45-year-old patient had a rash."),
            vec![45.0]
        );
        // A relative word after the age is what the patient has or is.
        assert_eq!(
            ages("A 31-year-old primigravida with a twin pregnancy had vomiting."),
            vec![31.0]
        );
        assert_eq!(
            ages("A 40-year-old mother of two presented with fever."),
            vec![40.0]
        );
    }

    #[test]
    fn sex_comes_from_pronouns_only_when_they_agree() {
        let clear = "A 74-year-old retired teacher was admitted with cough. She had \
                     fever for two days. Her CRP was 86 mg/L. She was given amoxicillin.";
        assert_eq!(sex(clear).as_deref(), Some("female"));
        let mixed = "A 74-year-old teacher was admitted with cough. She had fever. His \
                     son brought him in. He was given amoxicillin.";
        assert_eq!(sex(mixed), None);
        let stated = "A 60-year-old man was admitted. She, his wife, said he had fever. \
                      She gave him paracetamol. She called us.";
        assert_eq!(sex(stated).as_deref(), Some("male"));
        assert_eq!(sex("She had fever."), None, "one pronoun is too little");
    }

    fn living(text: &str) -> Option<String> {
        text_value(text, Kind::Social, "living situation")
    }

    #[test]
    fn the_living_situation_is_read_to_the_end_of_its_clause() {
        let intro = "A 78-year-old man was admitted with pneumonia. ";
        for (said, value) in [
            (
                "He lives with his wife and is fully independent.",
                "lives with his wife",
            ),
            (
                "Lives alone, first-floor flat, no lift.",
                "lives alone, first-floor flat, no lift",
            ),
            ("She lives in a nursing home.", "lives in a nursing home"),
        ] {
            assert_eq!(
                living(&format!("{intro}{said}")).as_deref(),
                Some(value),
                "{said}"
            );
        }
        for other in [
            "His daughter lives with him.",
            "He had been living in the UK for six years.",
            "He delivered mail.",
        ] {
            assert_eq!(living(&format!("{intro}{other}")), None, "{other}");
        }
    }

    #[test]
    fn the_precheck_never_hides_a_match() {
        let mut texts = vec![
            "Aged \u{0661}\u{0662}, worked as a nurse.".to_string(),
            "A 45\u{200B} year-old man, WOR\u{212A}ED as a cook.".to_string(),
            "Occupation: retired baker; RETIRED postman.".to_string(),
            "PATIENT: male, 67. Age: 5. A 36 Y/O man, a 40 y.o. woman, 7 YO boy.".to_string(),
            "A 3-MONTH-OLD infant \u{00E9}t\u{00E9}.".to_string(),
        ];
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/cases");
        for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let t = std::fs::read_to_string(e.path()).unwrap_or_default();
            texts.extend(t.split(['.', '\n']).map(str::to_string));
        }
        let (age, occupation) = (super::age_pattern(), super::occupation_pattern());
        for t in &texts {
            let lower = t.to_lowercase();
            if age.is_match(t) {
                assert!(super::may_match(t, &lower, true, super::AGE_WORDS), "{t}");
            }
            if occupation.is_match(t) {
                let words = super::OCCUPATION_WORDS;
                assert!(super::may_match(t, &lower, false, words), "{t}");
            }
        }
    }

    #[test]
    fn words_found_once_agree_with_a_search_per_sentence() {
        let x = crate::Extractor::builtin().unwrap();
        let mut texts = vec!["Yold: a 3 YOLD man, RetiredWorker, y.o.y/o.".to_string()];
        texts.extend(crate::test_corpus::files().into_iter().map(|(_, t)| t));
        let mut checked = 0;
        for t in &texts {
            let doc = crate::doc::Doc::read(x, t, &crate::Options::default());
            assert_eq!(doc.words_at.len(), super::SIDE_WORDS.len());
            for s in &doc.sentences {
                let lower = doc.lower_text(s.start, s.end);
                let sets = [
                    (0, super::AGE_WORDS),
                    (super::AGE_WORDS.len(), super::OCCUPATION_WORDS),
                ];
                for (first, words) in sets {
                    let want = words.iter().any(|w| lower.contains(w));
                    let got = super::side_word_in(&doc, first, words, s.start, s.end);
                    assert_eq!(got, want, "{lower}");
                    checked += 1;
                }
                for (k, w) in super::SIDE_WORDS.iter().enumerate() {
                    let got = super::has_side_word(&doc, k, s.start, s.end);
                    assert_eq!(got, lower.contains(w), "{w} in {lower}");
                }
                assert_eq!(super::SIDE_WORDS[super::LIV], "liv");
                assert_eq!(super::SIDE_WORDS[super::JOINT], "joint");
            }
        }
        assert!(checked > 1000, "{checked}");
    }

    fn occupation(text: &str) -> Option<String> {
        text_value(text, Kind::Social, "occupation")
    }

    #[test]
    fn occupation_follows_the_age_or_its_apposition() {
        assert_eq!(
            occupation("We saw this 74-year-old retired school secretary today.").as_deref(),
            Some("retired school secretary")
        );
        assert_eq!(
            occupation("A 59-year-old man, a taxi driver with obesity, presented.").as_deref(),
            Some("taxi driver")
        );
        assert_eq!(
            occupation("A 40-year-old man with asthma and a worker's cough presented."),
            None
        );
        // The sex word between the age and the job is not part of the job.
        assert_eq!(
            occupation("A 52-year-old male company employee was admitted.").as_deref(),
            Some("company employee")
        );
        assert_eq!(
            occupation("A 36-year-old Chinese male office clerk was admitted.").as_deref(),
            Some("office clerk")
        );
    }

    #[test]
    fn the_patient_said_to_be_a_job_has_that_occupation() {
        assert_eq!(
            occupation("He was a poultry farmer.").as_deref(),
            Some("poultry farmer")
        );
        assert_eq!(
            occupation("Since 2010 she is a warehouse supervisor.").as_deref(),
            Some("warehouse supervisor")
        );
        // A relative's job, a habit or a long clause is not the patient's.
        assert_eq!(occupation("His father was a farmer."), None);
        assert_eq!(occupation("He is a heavy smoker."), None);
        assert_eq!(
            occupation("She was a patient of the clinic for years before she met the nurse."),
            None
        );
    }
}
