//! Whether a drug mention is a drug not given: "do not restart
//! indapamide", "azathioprine was discussed but not started", but not "no
//! fever, rash or synovitis, and prednisolone 10 mg was continued".

use super::Ctx;
use super::medication::is_dose_unit;
use crate::context::assert_mention;
use crate::matcher::{Cat, Mention};

/// The words that say drug mention `m` was not given, if any: a ConText
/// negation that speaks of the drug itself, or a "not started" in its slot.
pub(super) fn negation(ctx: &Ctx, m: &Mention, slot_end: usize) -> Option<(usize, usize)> {
    let a = assert_mention(&ctx.doc.folded.text, m.start, m.end, &ctx.v.hits);
    let trigger = a
        .negation
        .filter(|_| a.negated && negates_drug(ctx, a.negation, m));
    trigger
        .or_else(|| not_given_after(ctx, m.end, slot_end))
        // The rest of a list of drugs may stand between: the whole clause.
        .or_else(|| {
            kept_back_after(
                ctx,
                m.end,
                ctx.clause_end(m.end),
                &[
                    "avoided", "deferred", "refused", "declined", "denied", "rejected",
                ],
            )
        })
}

/// "NSAIDs were avoided", "urate-lowering therapy was deferred": one of
/// `words` right after a drug, with only auxiliaries between (or the rest
/// of a list of drugs: "rituximab and cyclophosphamide were deferred"),
/// that says it was kept back on purpose; not when a dose follows it
/// ("deferred until the infection cleared, then started at 15 mg weekly").
pub(super) fn kept_back_after(
    ctx: &Ctx,
    from: usize,
    end: usize,
    words: &[&str],
) -> Option<(usize, usize)> {
    let lower = ctx.doc.lower_text(from, end);
    let mut at = 0;
    // A list of a few drugs at most: the walk stays short on any text.
    for word in lower.split(' ').take(32) {
        let start = at;
        at += word.len() + 1;
        // "avoided;" ends its clause with the word; "(IVIG)" is the drug.
        let word = word.trim_end_matches(|c: char| c.is_ascii_punctuation());
        let lead = word.len() - word.trim_start_matches('(').len();
        let word = &word[lead..];
        let (s, e) = (from + start + lead, from + start + lead + word.len());
        let in_drug = || {
            ctx.v
                .mentions
                .iter()
                .any(|m| m.cat == Cat::Drug && m.start <= s && e <= m.end)
        };
        match word {
            "" | "was" | "were" | "is" | "are" | "has" | "had" | "have" | "been" | "be" | "and"
            | "or" => {}
            // "IVIG therapy was suggested but declined by the parents": an
            // offer turned down was not given.
            "therapy" | "treatment" | "suggested" | "proposed" | "offered" | "recommended"
            | "advised" | "but" => {}
            w if words.contains(&w) => {
                let dosed_later = ctx.v.quantities.iter().any(|q| {
                    q.start >= e && q.start < end && q.unit.as_deref().is_some_and(is_dose_unit)
                });
                return (!dosed_later).then_some((s, e));
            }
            _ if in_drug() => {}
            _ => return None,
        }
    }
    None
}

/// The words that say a drug was not given, early in its slot: "not
/// started", "never been given".
pub fn not_given_pattern() -> regex::Regex {
    regex::Regex::new(r"(?i-u)^(?u:[^,;()]){0,40}?\b((?:not|never)\s+(?:be\s+|been\s+)?(?:started|given|used|restarted|commenced|administered|initiated|prescribed|received))\b")
        .expect("not-given pattern")
}

/// "Azathioprine was discussed but not started": the words in the drug's
/// own slot that say it was not given (a scope terminator like "but" stops
/// ConText before them).
fn not_given_after(ctx: &Ctx, from: usize, slot_end: usize) -> Option<(usize, usize)> {
    // Every match holds "not" or "never" (ASCII case-blind): most slots
    // have neither, and the capture search cost ≈400 instructions a drug
    // (its set-up and the pattern's own literal search).
    if !says_not_or_never(ctx.doc.lower_text(from, slot_end)) {
        return None;
    }
    let re = &ctx.doc.shapes.not_given;
    let c = re.captures(ctx.text(from, slot_end))?.get(1)?;
    Some((from + c.start(), from + c.end()))
}

/// Whether ASCII-lowercased `lower` holds "not" or "never".
fn says_not_or_never(lower: &str) -> bool {
    let b = lower.as_bytes();
    (0..b.len())
        .any(|i| b[i] == b'n' && (b[i + 1..].starts_with(b"ot") || b[i + 1..].starts_with(b"ever")))
}

/// Whether a negation trigger speaks of the drug itself: nothing but
/// plain words between them, with no comma and no other clinical term.
/// "No fever or rash, on prednisolone 10 mg" and "no infections after
/// rituximab" negate the complaint, not the drug.
fn negates_drug(ctx: &Ctx, trigger: Option<(usize, usize)>, m: &Mention) -> bool {
    let Some((s, e)) = trigger else {
        return false;
    };
    let (from, to) = if e <= m.start {
        (e, m.start)
    } else {
        (m.end, s)
    };
    let between = ctx.text(from, to);
    let term_between = ctx.v.mentions.iter().any(|x| {
        x.start >= from
            && x.end <= to
            && matches!(
                x.cat,
                Cat::Symptom
                    | Cat::Condition
                    | Cat::Finding
                    | Cat::Analyte
                    | Cat::Micro
                    | Cat::Imaging
                    | Cat::Procedure
            )
    });
    // "had not travelled and took only paracetamol": a new verb after
    // "and" or "but", unless the words between list other drugs ("did not
    // receive steroids and IVIG").
    let drug_between = ctx
        .v
        .mentions
        .iter()
        .any(|x| x.cat == Cat::Drug && x.start >= from && x.end <= to);
    let new_clause = e <= m.start && (between.contains(" and ") || between.contains(" but "));
    // "free of symptoms on prednisolone": what is absent comes before a
    // preposition that attaches the drug; "not on prednisolone" is the drug.
    let words: Vec<&str> = between.split_whitespace().collect();
    let attached = e <= m.start
        && words.len() >= 2
        && words.last().is_some_and(|w| {
            ["on", "after", "with", "while", "despite", "under", "during"]
                .contains(&w.to_ascii_lowercase().as_str())
        });
    let blocked = term_between || attached || (new_clause && !drug_between);
    // At most five words between (counting stops at the sixth).
    !blocked && !between.contains([',', ';', '(']) && between.split_whitespace().nth(5).is_none()
}

#[cfg(test)]
mod tests {
    use super::{not_given_pattern, says_not_or_never};

    /// The pattern matches only where the test lets it search: on every
    /// line and window of the fixture and corpus texts, and on random
    /// mixes of the words it needs, near misses and other bytes.
    #[test]
    fn the_pattern_needs_not_or_never() {
        let re = not_given_pattern();
        let mut texts = crate::test_corpus::narrative_lines();
        let pieces = [
            "not ", "NOT ", "Never ", "nev", "no", "n", "ot", "started", "given", "been ", "be ",
            "x", ", ", "(", "é", " ",
        ];
        texts.extend(crate::test_corpus::random_texts(
            &pieces,
            20_000,
            9,
            0x1234_5678_9abc_def1_u64,
        ));
        let mut matched = 0;
        for t in &texts {
            let hit = re.captures(t).is_some();
            let says = says_not_or_never(&t.to_ascii_lowercase());
            assert_eq!(says, {
                let l = t.to_ascii_lowercase();
                l.contains("not") || l.contains("never")
            });
            assert!(!hit || says, "{t:?}");
            matched += usize::from(hit);
        }
        assert!(matched > 100, "only {matched} texts matched");
    }
}
