//! Drug short forms that name more than one drug or also mean something
//! else: "pred" is prednisolone in one letter and prednisone in another,
//! and "68% pred" is percent predicted.

use casecourse_knowledge::Lexicon;

use crate::matcher::{Cat, Mention};

/// Keeps one meaning of each span that names several drugs: the drug the
/// text names by another of its names nearest before it (a letter that
/// writes "prednisone 40 mg" and later "Pred 10 mg"), else nearest after
/// it, else the lexicon's first. Drops a drug's abbreviation that says
/// "predicted" ("68% pred", "%pred", "68% of pred", "pred 2.91 L"). `mentions` are sorted by start, the
/// meanings of one span together.
pub fn resolve(lex: &Lexicon, text: &str, mentions: &mut Vec<Mention>) {
    let drug_span = |m: &Mention| m.cat == Cat::Drug;
    let shared = mentions.windows(2).any(|w| {
        drug_span(&w[0]) && drug_span(&w[1]) && (w[0].start, w[0].end) == (w[1].start, w[1].end)
    });
    let after_percent = |m: &Mention| {
        m.cat == Cat::Drug
            && is_abbreviation(lex, m.idx, &text[m.start..m.end])
            && (percent_of(&text[..m.start]) || a_lung_volume(&text[m.end..]))
    };
    if !shared && !mentions.iter().any(after_percent) {
        return;
    }
    mentions.retain(|m| !after_percent(m));
    // Spans of one drug meaning or several, by start.
    let mut groups: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while i < mentions.len() {
        let span = (mentions[i].start, mentions[i].end);
        let mut j = i;
        while j < mentions.len() && (mentions[j].start, mentions[j].end) == span {
            j += 1;
        }
        groups.push((i, j));
        i = j;
    }
    let drugs_of = |(i, j): (usize, usize)| (i..j).filter(|&k| drug_span(&mentions[k]));
    // The drugs the text names without doubt (a span of one drug meaning).
    let named: Vec<(usize, usize)> = groups
        .iter()
        .filter(|&&g| drugs_of(g).count() == 1)
        .flat_map(|&g| drugs_of(g))
        .map(|k| (mentions[k].idx, mentions[k].start))
        .collect();
    let mut keep = vec![true; mentions.len()];
    for &g in &groups {
        let drugs: Vec<usize> = drugs_of(g).collect();
        if drugs.len() > 1 {
            // The nearest full name before the short form, else after it
            // ("switched from prednisone to prednisolone ... pred 10 mg").
            let start = mentions[drugs[0]].start;
            let distance = |k: usize| {
                named
                    .iter()
                    .filter(|&&(idx, _)| idx == mentions[k].idx)
                    .map(|&(_, at)| {
                        if at < start {
                            start - at
                        } else {
                            at - start + text.len()
                        }
                    })
                    .min()
            };
            let chosen = drugs
                .iter()
                .copied()
                .filter_map(|k| Some((distance(k)?, k)))
                .min()
                .map_or(drugs[0], |(_, k)| k);
            for &k in &drugs {
                keep[k] = k == chosen;
            }
        }
    }
    let mut k = 0;
    mentions.retain(|_| {
        k += 1;
        keep[k - 1]
    });
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

/// Whether `surface` is one of the drug's abbreviations as written.
fn is_abbreviation(lex: &Lexicon, idx: usize, surface: &str) -> bool {
    lex.drugs[idx].abbreviations.iter().any(|a| a == surface)
}
