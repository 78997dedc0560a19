//! The allergen written after an allergy label or phrase: "Allergies:
//! penicillin (hives)", "Allergy: penicillin - urticarial rash as a
//! child", "allergic to co-trimoxazole".

use casecourse_model::Span;

use super::Ctx;
use crate::matcher::Mention;

/// Words that end an allergen's name.
const STOPS: &[&str] = &["(", " - ", ",", ";", ".", "?", ":", " and ", " with "];

/// What an allergy phrase names.
pub struct Allergy {
    /// The allergen as written, lowercased ("penicillin").
    pub allergen: String,
    /// The reaction as written ("hives"), and its span.
    pub reaction: Option<(String, Span)>,
    /// Where the allergen and its reaction end.
    pub end: usize,
}

/// Reads the allergens of a list after the label `m` ("Allergies:
/// penicillin - anaphylaxis; codeine - vomiting"): the first as
/// [`allergen_after`] reads it, then each item after a semicolon or comma
/// that reads the same way.
pub fn allergens_after(ctx: &Ctx, m: Mention) -> Vec<Allergy> {
    let Some(first) = allergen_after(ctx, m) else {
        return Vec::new();
    };
    let mut out = vec![first];
    loop {
        let end = out[out.len() - 1].end;
        let rest = ctx.text_after(end, 120);
        let Some(next) = rest.strip_prefix([';', ',']).map(str::trim_start) else {
            break;
        };
        if next.is_empty() {
            break;
        }
        let from = end + (rest.len() - next.len());
        match item(ctx, next, from) {
            Some(a) if a.end > end => out.push(a),
            _ => break,
        }
    }
    out
}

/// Reads the allergen after the label `m` (past a colon) and the reaction
/// after it, in brackets or after a dash; at most four words of allergen.
fn allergen_after(ctx: &Ctx, m: Mention) -> Option<Allergy> {
    let rest = ctx.text_after(m.end, 120);
    // Only a label ("Allergies:") or a phrase that takes its allergen
    // ("allergic to") names one: "no drug allergies or intolerances" does not.
    let label = rest.trim_start_matches(' ').starts_with(':');
    if !label
        && !ctx
            .text(m.start, m.end)
            .to_ascii_lowercase()
            .ends_with(" to")
    {
        return None;
    }
    let body = rest.trim_start_matches([' ', ':']);
    let from = m.end + (rest.len() - body.len());
    item(ctx, body, from)
}

/// One allergen and its reaction, written from `from` (`body` is the text
/// from there).
fn item(ctx: &Ctx, body: &str, from: usize) -> Option<Allergy> {
    let name_len = STOPS
        .iter()
        .filter_map(|s| body.find(s))
        .min()
        .unwrap_or(body.len());
    let allergen = body[..name_len].trim();
    let words: Vec<&str> = allergen.split(' ').collect();
    let plain = words
        .iter()
        .all(|w| !w.is_empty() && w.bytes().all(|b| b.is_ascii_alphabetic() || b == b'-'));
    if !plain || words.len() > 4 {
        return None;
    }
    // "Allergies: see drug chart", "as per GP record": the label points
    // elsewhere (cue role `label-elsewhere`).
    if ctx.v.cues_with("label-elsewhere").any(|c| c.start == from) {
        return None;
    }
    let lower = allergen.to_ascii_lowercase();
    // "Allergies: no known drug allergies"; a label answered with nothing
    // ("none", "NKDA": cue role `label-none`) is read by the caller.
    let negation = ctx.v.hits.iter().any(|t| t.start == from);
    if negation || lower.contains("allerg") {
        return None;
    }
    let after = &body[name_len..];
    // (reaction, where it starts after `at`, where the phrase ends).
    let reaction = if let Some(inner) = after.strip_prefix('(') {
        inner.find(')').map(|close| {
            let lead = close - inner[..close].trim_start().len();
            (inner[..close].trim(), 1 + lead, close + 2)
        })
    } else if let Some(tail) = after.strip_prefix(" - ") {
        let len = tail.find(['.', ';', '\n']).unwrap_or(tail.len());
        let lead = len - tail[..len].trim_start().len();
        Some((tail[..len].trim(), 3 + lead, 3 + len))
    } else {
        None
    };
    let at = from + name_len;
    let (reaction, end) = match reaction.filter(|(r, _, _)| !r.is_empty()) {
        Some((r, skip, len)) => {
            let start = at + skip;
            (
                Some((r.to_string(), Span::new(start, start + r.len()))),
                at + len,
            )
        }
        None => (None, at),
    };
    Some(Allergy {
        allergen: lower,
        reaction,
        end,
    })
}
