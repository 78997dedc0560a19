//! Subjects a status may have besides a named complaint: the illness as a
//! whole ("Her condition deteriorated", "His disease was stable",
//! "Symptoms resolved"), and the patient judged clinically ("She improved
//! clinically", "clinical deterioration").

use super::Ctx;
use crate::matcher::Mention;

/// Nouns that stand for the whole illness, longest first.
const ILLNESS: &[&str] = &[
    "clinical condition",
    "general condition",
    "clinical status",
    "clinical state",
    "general state",
    "condition",
    "disease",
    "illness",
    "symptoms",
    "complaints",
];

/// The plural nouns that may open a sentence without a determiner
/// ("Symptoms resolved within a week").
const BARE: &[&str] = &["symptoms", "complaints"];

/// Possessives and articles before such a noun.
const DETERMINERS: &[&str] = &["her", "his", "their", "the", "its", "patient's", "all"];

/// The start of a noun of the whole illness that is the subject of status
/// `m`, with only auxiliaries and words of manner (`links`) between: "her
/// condition deteriorated", "his disease was stable", "Symptoms resolved"
/// at a clause's start.
pub fn illness_subject(ctx: &Ctx, m: &Mention, links: fn(&str) -> bool) -> Option<usize> {
    let clause = ctx.clause_start(m.start);
    let before = ctx.doc.lower_text(clause, m.start);
    let mut words: Vec<(usize, &str)> = Vec::new();
    let mut at = clause;
    for w in before.split(' ') {
        if !w.is_empty() {
            words.push((at, w));
        }
        at += w.len() + 1;
    }
    while words.last().is_some_and(|(_, w)| links(w)) {
        words.pop();
    }
    ILLNESS.iter().find_map(|noun| {
        let n = noun.split(' ').count();
        let k = words.len().checked_sub(n)?;
        let said = words[k..]
            .iter()
            .map(|(_, w)| *w)
            .collect::<Vec<_>>()
            .join(" ");
        if said != *noun {
            return None;
        }
        let fits = match k.checked_sub(1).map(|i| words[i].1) {
            Some(det) => DETERMINERS.contains(&det),
            None => BARE.contains(noun),
        };
        fits.then_some(words[k].0)
    })
}

/// Whether status `m` is told of the patient as judged at the bedside:
/// its words say "clinical(ly)" ("clinical improvement", "improved
/// clinically"), or "clinically" stands right after it ("She deteriorated
/// clinically"). The name it is then kept by, as written, with that word.
pub fn clinically(ctx: &Ctx, m: &Mention) -> Option<(String, usize)> {
    let surface = ctx.doc.lower_text(m.start, m.end);
    if surface.contains("clinical") {
        return Some((surface.to_string(), m.end));
    }
    let after = ctx.lower_after(m.end, 12);
    after
        .strip_prefix(" clinically")
        .filter(|rest| !rest.starts_with(|c: char| c.is_ascii_alphabetic()))
        .map(|_| (format!("{surface} clinically"), m.end + " clinically".len()))
}

/// Whether status `m`'s sentence tells the disease's state in words of its
/// own: another status of remission, relapse or (no) response ("The
/// patient's condition was well controlled, with no recurrence of the
/// disease").
pub fn disease_state_told(ctx: &Ctx, m: &Mention) -> bool {
    ctx.v.mentions.iter().any(|x| {
        x.cat == crate::matcher::Cat::Status
            && x.start != m.start
            && matches!(
                ctx.doc.lex.status[x.idx].group.as_deref(),
                Some("remission" | "relapse" | "no-response" | "response")
            )
    })
}
