//! Short forms that two conditions share ("DM": dermatomyositis or
//! diabetes mellitus; "AS": ankylosing spondylitis or aortic stenosis),
//! read by the topic of the whole text, as the lexicon's `ambiguous`
//! entries say. A sense the lexicon does not name ("AS" outside a text on
//! spondyloarthritis) is read as nothing: no fact beats a false one.

use casecourse_knowledge::Lexicon;

use crate::matcher::{Cat, Mention, on_word_boundaries};

/// Gives each condition named by a shared short form the sense the text's
/// topic supports: the term's own when the text names one of its context
/// words anywhere, else its `otherwise` term, else no mention.
pub fn resolve(lex: &Lexicon, text: &str, lower: &str, mentions: &mut Vec<Mention>) {
    mentions.retain_mut(|m| {
        if m.cat != Cat::Condition {
            return true;
        }
        let term = &lex.conditions[m.idx];
        let Some(amb) = &term.ambiguous else {
            return true;
        };
        let written = text.get(m.start..m.end).unwrap_or("");
        if !amb.abbreviations.iter().any(|a| a == written) {
            return true;
        }
        if amb.context.iter().any(|w| names_word(lower, w)) {
            return true;
        }
        match amb
            .otherwise
            .as_deref()
            .and_then(|name| lex.conditions.iter().position(|t| t.name == name))
        {
            Some(idx) => {
                m.idx = idx;
                true
            }
            None => false,
        }
    });
}

/// Whether `lower` holds `word` as a whole word (or words), on the
/// matcher's own word boundaries.
fn names_word(lower: &str, word: &str) -> bool {
    lower
        .match_indices(word)
        .any(|(at, w)| on_word_boundaries(lower, at, at + w.len()))
}

#[cfg(test)]
mod tests {
    use super::names_word;

    #[test]
    fn a_word_is_named_only_whole() {
        assert!(names_word("raised ck and myositis.", "myositis"));
        assert!(!names_word("polymyositis", "myositis"));
        assert!(names_word("ck 1240", "ck"));
        assert!(!names_word("check", "ck"));
    }
}
