//! Drug short forms that name more than one drug or also mean something
//! else: "pred" is prednisolone in one letter and prednisone in another,
//! and "68% pred" is percent predicted.

use casecourse_knowledge::Lexicon;

use crate::matcher::{Cat, Mention};

/// Keeps one meaning of each span that names several drugs: the drug the
/// text also names by another of its names (a letter that writes
/// "prednisone 40 mg" and later "Pred 10 mg"), else the lexicon's first.
/// Drops a drug's abbreviation right after a percent sign ("68% pred",
/// "%pred"), which is a unit's word. `mentions` are sorted by start, the
/// meanings of one span together.
pub fn resolve(lex: &Lexicon, text: &str, mentions: &mut Vec<Mention>) {
    let drug_span = |m: &Mention| m.cat == Cat::Drug;
    let shared = mentions.windows(2).any(|w| {
        drug_span(&w[0]) && drug_span(&w[1]) && (w[0].start, w[0].end) == (w[1].start, w[1].end)
    });
    let after_percent = |m: &Mention| {
        m.cat == Cat::Drug
            && text[..m.start].trim_end_matches(' ').ends_with('%')
            && is_abbreviation(lex, m.idx, &text[m.start..m.end])
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
    let named: Vec<usize> = groups
        .iter()
        .filter(|&&g| drugs_of(g).count() == 1)
        .flat_map(|&g| drugs_of(g))
        .map(|k| mentions[k].idx)
        .collect();
    let mut keep = vec![true; mentions.len()];
    for &g in &groups {
        let drugs: Vec<usize> = drugs_of(g).collect();
        if drugs.len() > 1 {
            let chosen = drugs
                .iter()
                .copied()
                .find(|&k| named.contains(&mentions[k].idx))
                .unwrap_or(drugs[0]);
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

/// Whether `surface` is one of the drug's abbreviations as written.
fn is_abbreviation(lex: &Lexicon, idx: usize, surface: &str) -> bool {
    lex.drugs[idx].abbreviations.iter().any(|a| a == surface)
}
