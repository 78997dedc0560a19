//! Lines a PDF wrapped inside a sentence, joined again.
//!
//! Text pasted from a PDF breaks every 60 to 90 characters, wherever a
//! line of the page ended: "She denied⏎fever", "metho-⏎trexate". Lines
//! are paragraphs to the sentence splitter, so such a break would cut a
//! negation from what it denies, a dose from its drug and a word in two.
//! A break is read as a space (or, after a hyphen that split a word, as
//! nothing) only when the line before it cannot end there: no closing
//! punctuation, and either long like a wrapped line or ending in a word
//! that needs a next one. A clinic letter's short lines ("prednisolone 20
//! mg daily⏎tacrolimus 3 mg twice daily"), headings, labels and table rows
//! keep their breaks.

pub use crate::normalize::LineJoin as Join;

/// A line this long without closing punctuation is a wrapped one.
const WRAPPED_LINE: usize = 45;

/// Words a sentence cannot end with: a line ending in one runs on.
const RUN_ON_WORDS: &[&str] = &[
    "a", "an", "the", "of", "to", "in", "on", "at", "by", "for", "from", "with", "without", "and",
    "or", "but", "no", "not", "was", "were", "is", "are", "be", "been", "had", "has", "have",
    "than", "as", "that", "which", "who", "her", "his", "their", "denied", "showed", "revealed",
];

/// First parts of compounds whose hyphen is the writer's, not the
/// typesetter's ("anti-⏎MDA5" opens with a capital and stays anyway).
const COMPOUND_HEADS: &[&str] = &[
    "anti",
    "non",
    "ground",
    "well",
    "self",
    "cross",
    "follow",
    "long",
    "short",
    "high",
    "low",
    "co",
    "re",
    "pre",
    "post",
    "semi",
    "multi",
    "sub",
    "inter",
    "intra",
    "extra",
    "over",
    "under",
    "ill",
    "full",
    "half",
    "one",
    "two",
    "three",
    "four",
    "first",
    "second",
    "third",
    "dose",
    "time",
    "steroid",
    "treatment",
    "drug",
    "age",
    "life",
    "all",
    "ex",
    "end",
    "day",
    "week",
    "month",
    "year",
    "left",
    "right",
    "double",
    "single",
    "mid",
];

/// How the break between line `prev` and line `next` is read, if it joins
/// them.
pub fn join(prev: &str, next: &str) -> Option<Join> {
    let prev = prev.trim_end_matches([' ', '\r']);
    let first = *next.as_bytes().first()?;
    let last = *prev.as_bytes().last()?;
    // A table row or a form keeps its lines, and so does a record
    // system's medication list, one drug per line.
    if prev.contains("  ")
        || prev.contains(" | ")
        || next.starts_with(' ')
        || lists_a_strength(next)
    {
        return None;
    }
    if last == b'-' {
        let head = prev[..prev.len() - 1]
            .rsplit(|c: char| !c.is_ascii_alphabetic())
            .next()
            .unwrap_or("");
        if head.is_empty()
            || !first.is_ascii_lowercase()
            || !head.bytes().all(|b| b.is_ascii_lowercase())
        {
            return None;
        }
        return Some(if COMPOUND_HEADS.contains(&head) {
            Join::Compound
        } else {
            Join::Word
        });
    }
    if b".?!:;".contains(&last) {
        return None;
    }
    let last_word = prev
        .rsplit(|c: char| !c.is_ascii_alphabetic())
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    let runs_on = RUN_ON_WORDS.contains(&last_word.as_str());
    let continues = first.is_ascii_lowercase() || (runs_on && first.is_ascii_digit());
    let shouty = prev.bytes().any(|b| b.is_ascii_alphabetic())
        && !prev.bytes().any(|b| b.is_ascii_lowercase());
    (continues && !shouty && (runs_on || prev.len() >= WRAPPED_LINE)).then_some(Join::Space)
}

/// "predniSONE 10 MG tablet", "tacrolimus 1 MG capsule": a line of a
/// medication list as record systems print it, a strength in capitals
/// early in the line (a wrapped sentence writes "10 mg").
fn lists_a_strength(line: &str) -> bool {
    let head = &line.as_bytes()[..line.len().min(80)];
    [" MG", " MCG", " ML", " UNIT", " G "].iter().any(|unit| {
        head.windows(unit.len()).enumerate().any(|(k, w)| {
            w == unit.as_bytes()
                && k > 0
                && head[k - 1].is_ascii_digit()
                && head
                    .get(k + unit.len())
                    .is_none_or(|c| !c.is_ascii_alphabetic() || unit.ends_with(' '))
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_medication_list_keeps_a_drug_per_line() {
        let item = "mycophenolate mofetil 500 MG tablet, Take 2 tablets by mouth twice daily. Start: 03/14/2025";
        assert_eq!(
            join(
                item,
                "predniSONE 10 MG tablet, Take 1 tablet by mouth daily."
            ),
            None
        );
        assert_eq!(join(item, "tacrolimus 1 MG capsule"), None);
        // A sentence that wraps before a lower-case dose still runs on.
        let prose = "She was treated with intravenous methylprednisolone and then oral";
        assert_eq!(join(prose, "prednisolone 10 mg daily."), Some(Join::Space));
    }

    #[test]
    fn a_wrapped_sentence_runs_on() {
        let prose = "There was no evidence of muscle weakness in the proximal";
        assert_eq!(join(prose, "limbs or of dysphagia."), Some(Join::Space));
        assert_eq!(
            join("She denied", "fever or weight loss."),
            Some(Join::Space)
        );
        assert_eq!(
            join("a serum ferritin level of", "2340 ng/mL"),
            Some(Join::Space)
        );
        assert_eq!(join("treated with metho-", "trexate"), Some(Join::Word));
        assert_eq!(
            join("bilateral ground-", "glass opacities"),
            Some(Join::Compound)
        );
    }

    #[test]
    fn short_lines_headings_and_closed_sentences_keep_their_breaks() {
        // A letter's list of drugs.
        assert_eq!(join("prednisolone 20 mg daily", "tacrolimus 3 mg"), None);
        assert_eq!(join("The CT showed bilateral consolidation.", "she"), None);
        assert_eq!(join("Medications:", "prednisolone 20 mg"), None);
        assert_eq!(
            join(
                "CASE PRESENTATION OF A RARE DISEASE WITH LUNG",
                "involvement"
            ),
            None
        );
        assert_eq!(
            join("Ferritin  2340 ng/mL  (30-400)  and then some more", "x"),
            None
        );
        // A number opens a list item unless the line needs a next word.
        assert_eq!(
            join("A long line of prose that tells about the lungs", "2. Next"),
            None
        );
        assert_eq!(join("anti-", "MDA5 antibody"), None);
        assert_eq!(join("", "fever"), None);
        assert_eq!(join("of", ""), None);
    }
}
