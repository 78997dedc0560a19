//! The six-minute walk told in words: "she walked 280 m in the 6-minute
//! walk test, desaturating from 95% to 84%". In a sentence that names the
//! walk, a distance after a verb of walking is the walk distance and the
//! saturation a desaturation falls to is the nadir; elsewhere "walked 50
//! m" or "desaturated to 85%" say nothing of the test. Adds the analyte
//! mentions on those words; measure reads their values.

use casecourse_knowledge::Lexicon;

use crate::matcher::{Cat, Mention};
use crate::segment::Sentence;

/// The test, and the analytes a sentence naming it reads in words.
const TEST: &str = "six-minute walk test";
const DISTANCE: &str = "six-minute walk distance";
const NADIR: &str = "nadir oxygen saturation";

/// Verbs a distance walked follows: "walked 280 m", "covered 320 m".
const WALKED: &[&str] = &["walked ", "covered ", "managed ", "achieved "];

/// Adds, in each sentence naming the six-minute walk, a mention of the
/// walk distance on a verb of walking followed by metres, and one of the
/// nadir saturation on the words "desaturated (from 95%) to" before the
/// nadir. `mentions` stay sorted.
pub fn add(lex: &Lexicon, sentences: &[Sentence], lower: &str, mentions: &mut Vec<Mention>) {
    let analyte = |name: &str| lex.analytes.iter().position(|a| a.name == name);
    let (Some(distance), Some(nadir)) = (analyte(DISTANCE), analyte(NADIR)) else {
        return;
    };
    let names_walk = |m: &Mention| match m.cat {
        Cat::Procedure => lex.procedures[m.idx].name == TEST,
        Cat::Analyte => m.idx == distance,
        _ => false,
    };
    let mut spans: Vec<(usize, usize)> = mentions
        .iter()
        .filter(|m| names_walk(m))
        .filter_map(|m| {
            let i = sentences.partition_point(|s| s.end <= m.start);
            sentences.get(i).map(|s| (s.start, s.end))
        })
        .collect();
    spans.dedup();
    let mut added = Vec::new();
    for (s, e) in spans {
        let text = &lower[s..e];
        for verb in WALKED {
            for (at, _) in text.match_indices(verb) {
                let word_start = at == 0 || !text.as_bytes()[at - 1].is_ascii_alphabetic();
                if word_start && metres_follow(&text[at + verb.len()..]) {
                    let start = s + at;
                    added.push(word(start, verb.trim_end().len(), distance));
                }
            }
        }
        // The words run to the "to": a resting value before it ("from
        // 95%") is no nadir, nor read as one written before its name.
        for (at, _) in text.match_indices("desaturat") {
            if let Some(to) = falls_to(&text[at..]) {
                added.push(word(s + at, to + 2, nadir));
            }
        }
    }
    if !added.is_empty() {
        mentions.extend(added);
        mentions.sort_by_key(|m| (m.start, m.end));
    }
}

fn word(start: usize, len: usize, idx: usize) -> Mention {
    Mention {
        start,
        end: start + len,
        cat: Cat::Analyte,
        idx,
    }
}

/// Whether `rest` opens with a number of metres ("280 m", "320 metres").
fn metres_follow(rest: &str) -> bool {
    let digits = rest.len()
        - rest
            .trim_start_matches(|c: char| c.is_ascii_digit() || c == '.')
            .len();
    if digits == 0 {
        return false;
    }
    let unit = rest[digits..].trim_start_matches(' ');
    ["m", "metres", "meters"].iter().any(|u| {
        unit.strip_prefix(u)
            .is_some_and(|r| !r.starts_with(|c: char| c.is_ascii_alphanumeric()))
    })
}

/// Where the "to" of "desaturated to 84%" or "desaturating from 95% to
/// 84%" starts in `rest` (which opens with the desaturation word).
fn falls_to(rest: &str) -> Option<usize> {
    let word = rest.find(|c: char| !c.is_ascii_alphabetic())?;
    let after = &rest[word..];
    let gap = after.find(" to ")?;
    let between = after[..gap].trim();
    let from_a_value = between
        .strip_prefix("from ")
        .map(|v| v.trim_end_matches('%').trim())
        .is_some_and(|v| !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit() || b == b'.'));
    let number_next = after[gap + 4..].starts_with(|c: char| c.is_ascii_digit());
    ((between.is_empty() || from_a_value) && number_next).then_some(word + gap + 1)
}
