//! Drug short forms that name more than one drug or also mean something
//! else: "pred" is prednisolone in one letter and prednisone in another,
//! and "68% pred" is percent predicted.

use crate::matcher::{Cat, Mention};

/// Keeps one meaning of each span that names several drugs: the drug the
/// text names by another of its names nearest before it (a letter that
/// writes "prednisone 40 mg" and later "Pred 10 mg"), else nearest after
/// it, else the lexicon's first. Such a short form that says "predicted"
/// ("68% pred", "%pred", "68% of pred", "pred 2.91 L") is no drug at all;
/// a short form of one drug keeps its reading ("TAC 0.1%"). `mentions`
/// are sorted by start, the meanings of one span together.
pub fn resolve(text: &str, mentions: &mut Vec<Mention>) {
    let drug = |m: &Mention| m.cat == Cat::Drug;
    let same_span = |a: &Mention, b: &Mention| (a.start, a.end) == (b.start, b.end);
    let drugs_in = |g: &[Mention]| g.iter().filter(|m| drug(m)).count();
    if !mentions.chunk_by(same_span).any(|g| drugs_in(g) > 1) {
        return;
    }
    // The drugs the text names without doubt (a span of one drug meaning).
    let named: Vec<(usize, usize)> = mentions
        .chunk_by(same_span)
        .filter(|g| drugs_in(g) == 1)
        .flat_map(|g| g.iter().filter(|m| drug(m)))
        .map(|m| (m.idx, m.start))
        .collect();
    // The drug meanings dropped, as (start, lexicon index).
    let mut dropped: Vec<(usize, usize)> = Vec::new();
    for g in mentions.chunk_by(same_span).filter(|g| drugs_in(g) > 1) {
        let (start, end) = (g[0].start, g[0].end);
        let predicted = percent_of(&text[..start]) || a_lung_volume(&text[end..]);
        // The nearest full name before the short form, else after it
        // ("switched from prednisone to prednisolone ... pred 10 mg").
        let distance = |idx: usize| {
            named
                .iter()
                .filter(|&&(named_idx, _)| named_idx == idx)
                .map(|&(_, at)| {
                    if at < start {
                        start - at
                    } else {
                        at - start + text.len()
                    }
                })
                .min()
        };
        let meanings = g.iter().filter(|m| drug(m));
        let chosen = meanings
            .clone()
            .filter_map(|m| Some((distance(m.idx)?, m.idx)))
            .min()
            .map(|(_, idx)| idx)
            .or_else(|| meanings.clone().next().map(|m| m.idx));
        dropped.extend(
            meanings
                .filter(|m| predicted || Some(m.idx) != chosen)
                .map(|m| (start, m.idx)),
        );
    }
    mentions.retain(|m| !(drug(m) && dropped.contains(&(m.start, m.idx))));
}

/// Whether the words before a short form end in a percent sign ("68%
/// pred", "%pred", "68% of pred"): percent predicted.
fn percent_of(before: &str) -> bool {
    let before = before.trim_end_matches(' ');
    let before = before.strip_suffix(" of").unwrap_or(before);
    before.trim_end_matches(' ').ends_with('%')
}

/// Whether a short form is followed by a volume or a percentage ("pred
/// 2.91 L", "pred 85%"): a predicted lung-function value, not a dose.
fn a_lung_volume(after: &str) -> bool {
    let after = after.trim_start_matches(' ');
    let digits = after.len()
        - after
            .trim_start_matches(|c: char| c.is_ascii_digit() || c == '.')
            .len();
    if digits == 0 {
        return false;
    }
    let unit = after[digits..].trim_start_matches(' ');
    let word_end = |rest: &str| rest.chars().next().is_none_or(|c| !c.is_ascii_alphabetic());
    unit.starts_with('%')
        || unit.strip_prefix("mL").is_some_and(word_end)
        || unit.strip_prefix('L').is_some_and(word_end)
}

/// Short forms the text defines for something else: "mitral regurgitation
/// (MR)" makes every "MR" of the text that valve lesion, not an MRI.
/// A definition is a bracketed short form right after words whose
/// initials spell its letters (Schwartz AS, Hearst MA. A simple algorithm
/// for identifying abbreviation definitions in biomedical text. Pac Symp
/// Biocomput 2003:451-462, simplified); it is "for something else" when
/// those words end with a term the lexicon knows, hold no mention of the
/// short form's own entry and do not end with a term of its kind.
/// `mentions` are sorted by start.
pub fn local_definitions(text: &str, mentions: &mut Vec<Mention>) {
    let b = text.as_bytes();
    let mut foreign: Vec<(usize, usize, Cat, usize)> = Vec::new();
    for m in mentions.iter() {
        let bracketed = m.start > 0 && b[m.start - 1] == b'(' && b.get(m.end) == Some(&b')');
        if !bracketed {
            continue;
        }
        let short = &text[m.start..m.end];
        let letters: Vec<u8> = short
            .bytes()
            .filter(u8::is_ascii_alphabetic)
            .map(|c| c.to_ascii_lowercase())
            .collect();
        if letters.len() < 2 || letters.len() > 8 || short.len() > 10 {
            continue;
        }
        // The words before the bracket, as many as the short form's letters.
        let before = text[..m.start - 1].trim_end();
        let words: Vec<&str> = before
            .rsplit(|c: char| c.is_whitespace())
            .take(letters.len())
            .collect();
        if words.len() < letters.len() {
            continue;
        }
        let initials: Vec<u8> = words
            .iter()
            .rev()
            .filter_map(|w| w.bytes().find(u8::is_ascii_alphabetic))
            .map(|c| c.to_ascii_lowercase())
            .collect();
        if initials != letters {
            continue;
        }
        // The words and the spaces between them; the first word may open
        // the text, with no space before it.
        let spelled: usize = words.iter().map(|w| w.len() + 1).sum();
        let long_start = (before.len() + 1).saturating_sub(spelled);
        let long_end = before.len();
        // The long form names the short form's own entry, or ends with a
        // term of its kind ("forced vital capacity (FVC)": litres and
        // percent are two entries of one test).
        let agrees = mentions.iter().any(|x| {
            x.cat == m.cat
                && x.start < long_end
                && long_start < x.end
                && (x.idx == m.idx || x.end == long_end)
        });
        // Only a long form the lexicon knows as another term overrides the
        // short form ("mitral regurgitation (MR)" is no MRI): a long form
        // it does not know may be a spelling it lacks ("red-cell
        // distribution width (RDW)").
        let known_other = mentions
            .iter()
            .any(|x| x.end == long_end && x.start >= long_start && x.start < long_end);
        if !agrees && known_other {
            foreign.push((m.start, m.end, m.cat, m.idx));
        }
    }
    if foreign.is_empty() {
        return;
    }
    mentions.retain(|x| {
        !foreign.iter().any(|&(s, e, cat, idx)| {
            x.cat == cat && x.idx == idx && text[x.start..x.end] == text[s..e]
        })
    });
}

/// Short forms the text defines for a term the lexicon knows, then uses
/// alone: "pneumomediastinum (PM) ... PM resolved by day 30", "tofacitinib
/// (TOF) ... TOF was stopped", "plasma exchange (PE) ... PE was repeated".
/// Each later use names the defined term, whether or not the lexicon knows
/// the short form, and its other meanings (polymyositis, pulmonary
/// embolism) go. A definition is a bracketed short form of capitals right
/// after a term whose letters it spells in order from the term's first
/// (Schwartz and Hearst 2003, simplified). `mentions` are sorted by start.
pub fn defined_uses(text: &str, mentions: &mut Vec<Mention>) {
    let mut definitions: Vec<(&str, usize, Cat, usize)> = Vec::new();
    for (open, _) in text.match_indices('(') {
        let Some(len) = text[open + 1..].bytes().take(12).position(|c| c == b')') else {
            continue;
        };
        let short = &text[open + 1..open + 1 + len];
        if !short_form_shape(short) {
            continue;
        }
        let long_end = text[..open].trim_end_matches(' ').len();
        let from = mentions.partition_point(|m| m.start + 80 < long_end);
        let term = mentions[from..]
            .iter()
            .take_while(|m| m.start < long_end)
            .filter(|m| m.end == long_end)
            .max_by_key(|m| m.end - m.start);
        // A short form the lexicon reads in the term's own category is
        // its own entry ("forced vital capacity (FVC)": litres and percent
        // are two entries of one test), read as the lexicon says.
        let (d0, d1) = (open + 1, open + 1 + len);
        if let Some(t) = term
            && spells(short, &text[t.start..t.end])
            && !mentions
                .iter()
                .any(|m| m.start == d0 && m.end == d1 && m.cat == t.cat)
        {
            definitions.push((short, open + len + 2, t.cat, t.idx));
        }
    }
    let mut added = false;
    for (short, after, cat, idx) in definitions {
        // The bracket itself names the term, not another meaning.
        let (d0, d1) = (after - 1 - short.len(), after - 1);
        mentions.retain(|m| !(m.start == d0 && m.end == d1 && (m.cat, m.idx) != (cat, idx)));
        for (s, _) in text[after..].match_indices(short) {
            let (s, e) = (after + s, after + s + short.len());
            let b = text.as_bytes();
            let joined =
                |c: Option<&u8>| c.is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'-');
            if joined(s.checked_sub(1).and_then(|i| b.get(i))) || joined(b.get(e)) {
                continue;
            }
            // Inside a longer name, the short form is that name's part.
            let inside = mentions
                .iter()
                .any(|m| m.start <= s && m.end >= e && m.end - m.start > e - s);
            if inside {
                continue;
            }
            mentions.retain(|m| !(m.start == s && m.end == e && (m.cat, m.idx) != (cat, idx)));
            if !mentions.iter().any(|m| m.start == s && m.end == e) {
                mentions.push(Mention {
                    start: s,
                    end: e,
                    cat,
                    idx,
                });
                added = true;
            }
        }
    }
    if added {
        mentions.sort_by_key(|m| m.start);
    }
}

/// "PM", "TOF", "IVCY", "MPO-ANCA": two to ten letters, digits or hyphens,
/// opening with a letter, with at least two capitals and no lowercase
/// letter before the last capital ("(bid)", "(Fig)" are not).
fn short_form_shape(s: &str) -> bool {
    let b = s.as_bytes();
    (2..=10).contains(&b.len())
        && b[0].is_ascii_alphabetic()
        && b.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'-')
        && b.iter().filter(|c| c.is_ascii_uppercase()).count() >= 2
        && !b.iter().any(u8::is_ascii_lowercase)
}

/// Whether the letters and digits of `short` appear in order in `long`,
/// the first at its start: "PM" in "pneumomediastinum", "TOF" in
/// "tofacitinib", "IVCY" in "intravenous cyclophosphamide".
fn spells(short: &str, long: &str) -> bool {
    let long = long.to_ascii_lowercase();
    let mut chars = short
        .bytes()
        .filter(u8::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase());
    let Some(first) = chars.next() else {
        return false;
    };
    if long.as_bytes().first() != Some(&first) {
        return false;
    }
    let mut at = 1;
    for c in chars {
        match long.as_bytes()[at..].iter().position(|&x| x == c) {
            Some(p) => at += p + 1,
            None => return false,
        }
    }
    true
}
