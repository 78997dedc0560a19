//! Presence written in a note's shorthand right after a complaint, sign
//! or condition: "Chest pain: absent", "Oedema: nil", "Fever (-), cough
//! (+)", "Calf tenderness absent". An antibody's "(-)" is its result and
//! is read by the test builders, never here.

use casecourse_model::Kind;

/// The kinds whose presence such a mark tells.
pub fn applies_to(kind: Kind) -> bool {
    matches!(
        kind,
        Kind::Symptom | Kind::Finding | Kind::Exam | Kind::Diagnosis | Kind::History
    )
}

/// What a mark right after a term says: absent (`true`) or present
/// (`false`), with the mark's folded span. `after` is the sentence's text
/// from the term's end, `at` its offset.
pub fn mark_after(after: &str, at: usize) -> Option<(bool, (usize, usize))> {
    const SIGNS: &[(&str, bool)] = &[
        ("(-)", true),
        ("(neg)", true),
        ("(-ve)", true),
        ("(+)", false),
        ("(pos)", false),
        ("(+ve)", false),
    ];
    // The answer of a label: one word, then the item ends.
    const ANSWERS: &[(&str, bool)] = &[
        ("absent", true),
        ("none", true),
        ("nil", true),
        ("no", true),
        ("negative", true),
        ("not present", true),
        ("present", false),
        ("yes", false),
        ("positive", false),
    ];
    let lead = after.len() - after.trim_start_matches(' ').len();
    let rest = &after[lead..];
    let lower = rest.to_ascii_lowercase();
    if let Some(&(sign, absent)) = SIGNS.iter().find(|(s, _)| lower.starts_with(s)) {
        return Some((absent, (at + lead, at + lead + sign.len())));
    }
    // "Chest pain: absent", or without the colon only "absent" ("Calf
    // tenderness absent."): "present" alone may open a clause ("fever
    // present since...") and "no" a new item.
    let (colon, words) = match lower.strip_prefix(':') {
        Some(w) => (true, w),
        None => (false, lower.as_str()),
    };
    let pad = words.len() - words.trim_start_matches(' ').len();
    let words = &words[pad..];
    let from = at + lead + usize::from(colon) + pad;
    ANSWERS
        .iter()
        .filter(|(w, _)| colon || *w == "absent")
        .find(|(w, _)| {
            words.starts_with(w)
                && words[w.len()..]
                    .chars()
                    .next()
                    .is_none_or(|c| matches!(c, '.' | ',' | ';' | ')' | '\n'))
        })
        .map(|&(w, absent)| (absent, (from, from + w.len())))
}

#[cfg(test)]
mod mark_tests {
    use super::mark_after;

    #[test]
    fn marks_after_a_term() {
        assert_eq!(mark_after(" (-), cough", 10), Some((true, (11, 14))));
        assert_eq!(mark_after("(+).", 0), Some((false, (0, 3))));
        assert_eq!(mark_after(": absent.", 5), Some((true, (7, 13))));
        assert_eq!(mark_after(": nil", 0), Some((true, (2, 5))));
        assert_eq!(mark_after(": Yes, ", 0), Some((false, (2, 5))));
        assert_eq!(mark_after(" absent.", 0), Some((true, (1, 7))));
        // An answer that goes on describes the term; it does not deny it.
        assert_eq!(mark_after(": no radiation.", 0), None);
        assert_eq!(mark_after(" present since Monday", 0), None);
        assert_eq!(mark_after(" none", 0), None);
        assert_eq!(mark_after(" absently", 0), None);
    }
}
