//! Coordination ellipsis: "respiratory and pulse rates" names two rates,
//! "muscle tenderness or weakness" two findings, "bacterial and fungal
//! cultures" two tests. A lexicon term preceded by "X and" (or followed by
//! "or Y") is tried with X (or Y) in place of its first (or last) word; when
//! the lexicon knows the result, it is a mention of its own, spanning X.

use crate::matcher::{Matcher, Mention};

/// Adds the mentions that coordination implies to `mentions`, as
/// [`Matcher::mentions_in`] found them.
pub fn expand(matcher: &Matcher, text: &str, mut mentions: Vec<Mention>) -> Vec<Mention> {
    let mut extra = Vec::new();
    // The mentions of one span (one per meaning) come together, by start,
    // and spans do not overlap: a span is new when it differs from the
    // one before.
    let mut last = None;
    // Each candidate is written into these two (as written and
    // lowercased), not into a new string of its own.
    let (mut candidate, mut lower) = (String::new(), String::new());
    for m in &mentions {
        if last.replace((m.start, m.end)) == Some((m.start, m.end)) {
            continue;
        }
        let term = &text[m.start..m.end];
        // A byte loop: terms are a few bytes long, too short for std's
        // search for a character to pay for its set-up.
        let Some(space) = term.bytes().position(|b| b == b' ') else {
            continue;
        };
        let (first, rest) = (&term[..space], &term[space + 1..]);
        let (stem, last) = term.rsplit_once(' ').unwrap_or((term, ""));
        // Left: "<X> and <first> <rest>" -> "<X> <rest>".
        let before = &text[..m.start];
        for conj in [" and ", " or ", ", ", " & ", "/"] {
            if let Some(head) = before.strip_suffix(conj) {
                // After the last character that is not part of a word
                // (which may be several bytes long: U+2005, U+00A0...).
                let word_start = head
                    .char_indices()
                    .rev()
                    .find(|&(_, c)| !(c.is_alphanumeric() || c == '-'))
                    .map_or(0, |(i, c)| i + c.len_utf8());
                let x = &head[word_start..];
                if !x.is_empty() && x != first {
                    join(&mut candidate, &mut lower, x, rest);
                    push_if_term(
                        matcher,
                        (&candidate, &lower),
                        word_start,
                        head.len(),
                        &mut extra,
                    );
                }
            }
        }
        // Right: "<stem> <last> or <Y>" -> "<stem> <Y>".
        let after = &text[m.end..];
        for conj in [" or ", " and ", ", ", "/"] {
            if let Some(tail) = after.strip_prefix(conj) {
                let len = tail
                    .find(|c: char| !(c.is_alphanumeric() || c == '-'))
                    .unwrap_or(tail.len());
                let y = &tail[..len];
                if !y.is_empty() && y != last {
                    let at = m.end + conj.len();
                    join(&mut candidate, &mut lower, stem, y);
                    push_if_term(matcher, (&candidate, &lower), at, at + len, &mut extra);
                }
            }
        }
    }
    let extra: Vec<Mention> = extra
        .into_iter()
        .filter(|e| !mentions_overlap(&mentions, e))
        .collect();
    mentions.extend(extra);
    mentions.sort_by_key(|m| (m.start, m.end));
    mentions
}

fn mentions_overlap(ms: &[Mention], e: &Mention) -> bool {
    ms.iter().any(|m| e.start < m.end && e.end > m.start)
}

/// Writes "<a> <b>" into `candidate` and its ASCII-lowercased copy into
/// `lower`, as `format!` and `to_ascii_lowercase` would.
fn join(candidate: &mut String, lower: &mut String, a: &str, b: &str) {
    candidate.clear();
    candidate.push_str(a);
    candidate.push(' ');
    candidate.push_str(b);
    lower.clear();
    lower.push_str(candidate);
    lower.make_ascii_lowercase();
}

/// Adds a mention at `[start, end)` for each meaning of the candidate (as
/// written, lowercased) as a whole.
fn push_if_term(
    matcher: &Matcher,
    (candidate, lower): (&str, &str),
    start: usize,
    end: usize,
    out: &mut Vec<Mention>,
) {
    for &(cat, idx) in matcher.whole(candidate, lower) {
        out.push(Mention {
            start,
            end,
            cat,
            idx,
        });
    }
}
