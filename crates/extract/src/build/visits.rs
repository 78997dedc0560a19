//! Visits named by a verb of presentation and a place of care: "was
//! referred to our pulmonology clinic", "attended the renal outpatient
//! department"; a place of emergency care makes an admission. The event lexicon lists common phrasings; this covers the
//! rest (any specialty, any possessive) without listing each one.

use casecourse_knowledge::Lexicon;

use crate::matcher::{Cat, Mention};

/// Bytes between the verb and the place ("to our paediatric rheumatology").
const REACH: usize = 48;

/// Whether the story has the patient in hospital at byte `at`: an
/// admission told before it and no discharge since.
fn inpatient_at(lex: &Lexicon, mentions: &[Mention], at: usize) -> bool {
    let mut inside = false;
    for m in mentions
        .iter()
        .filter(|m| m.cat == Cat::Event && m.end <= at)
    {
        let e = &lex.events[m.idx];
        if e.group.as_deref() == Some("admission") || e.name == "readmission" {
            inside = true;
        } else if e.name == "discharge" {
            inside = false;
        }
    }
    inside
}

/// Adds a visit mention from each presentation cue followed closely by a
/// place of care, unless a mention already covers those words.
/// `cue_hits` are (start, end, cue index), sorted by start.
pub fn add(
    lex: &Lexicon,
    text: &str,
    cue_hits: &[(usize, usize, usize)],
    mentions: &mut Vec<Mention>,
) {
    let group = |g: &str| {
        lex.events
            .iter()
            .position(|e| e.group.as_deref() == Some(g))
    };
    let (Some(visit), Some(admission)) = (group("visit"), group("admission")) else {
        return;
    };
    let mut added = false;
    for (i, &(s, e, c)) in cue_hits.iter().enumerate() {
        if lex.cues[c].role != "presentation" {
            continue;
        }
        // The nearest place after the verb, within reach and the sentence
        // ("presented to A&E": a place of emergency care is one).
        let place = cue_hits[i + 1..]
            .iter()
            .take_while(|h| h.0 <= e + REACH)
            .find(|h| matches!(lex.cues[h.2].role.as_str(), "care-place" | "emergency-care"));
        let Some(&(_, end, _)) = place else { continue };
        if text[e..end].contains(['.', ';', '\n']) {
            continue;
        }
        // "Transferred to the department of rheumatology on day 12" while
        // in hospital moves the patient within the stay: no clinic visit.
        let verb = text[s..e].to_ascii_lowercase();
        if (verb.ends_with("transferred") || verb.ends_with("moved"))
            && inpatient_at(lex, mentions, s)
        {
            continue;
        }
        // "Was brought to the paediatric emergency department": the door of
        // an admission, not a clinic visit.
        let emergency = cue_hits[i + 1..]
            .iter()
            .take_while(|h| h.0 < end)
            .any(|h| lex.cues[h.2].role == "emergency-care");
        // "Transferred to a tertiary centre": a move between hospitals (the
        // lexicon's transfer), not a visit; one to a clinic is a visit.
        let place_words = text[e..end].to_ascii_lowercase();
        let clinic = ["clinic", "outpatient", "office"]
            .iter()
            .any(|w| place_words.contains(w));
        if verb.ends_with("transferred") && !emergency && !clinic {
            continue;
        }
        // "Referred" alone is a transfer; "referred to our clinic" is the
        // more specific visit and replaces it.
        let transfer = |m: &Mention| {
            m.cat == Cat::Event && lex.events[m.idx].group.as_deref() == Some("transfer")
        };
        let overlaps = |m: &Mention| m.start < end && m.end > s;
        let covered = mentions
            .iter()
            .any(|m| overlaps(m) && m.cat == Cat::Event && !transfer(m));
        if !covered {
            // A condition inside the place names the clinic, not the
            // patient's illness: "referred to our GCA clinic".
            let names_place = |m: &Mention| m.cat == Cat::Condition && m.start >= e && m.end <= end;
            mentions.retain(|m| !(overlaps(m) && (transfer(m) || names_place(m))));
            mentions.push(Mention {
                start: s,
                end,
                cat: Cat::Event,
                idx: if emergency { admission } else { visit },
            });
            added = true;
        }
    }
    if added {
        mentions.sort_by_key(|m| m.start);
    }
}

/// Words before a determiner that make "the 68-week follow-up" a period of
/// follow-up, not a visit ("during the 68-week follow-up").
const PERIOD_WORDS: [&str; 12] = [
    "during",
    "throughout",
    "over",
    "within",
    "in",
    "for",
    "of",
    "after",
    "across",
    "with",
    "from",
    "until",
];
/// Words that may stand before the time of a visit: "at the 12-month
/// review", "her one-year follow-up".
const DETERMINERS: [&str; 10] = [
    "at", "the", "her", "his", "their", "our", "a", "an", "this", "its",
];
/// Words after the noun that make it a period, a test or a journey, not a
/// visit ("a 6-month follow-up period", "the 3-month review of systems",
/// "a 2-week visit to Thailand").
const NOT_A_VISIT_AFTER: [&str; 7] = [
    "period", "of", "time", "interval", "duration", "phase", "to",
];

/// Adds a visit from each follow-up named by the time it falls at: "at the
/// 12-month review", "her one-year follow-up", "the 6-week visit" (a
/// `visit-noun` cue after a number and a unit of time). The time words
/// themselves place it (the time parser reads "12-month"). Left out: a
/// period of follow-up ("during the 68-week follow-up", "a 2-year
/// follow-up period") and a follow-up that names what was done ("the
/// 3-month follow-up CT").
pub fn add_timed(
    lex: &Lexicon,
    lower: &str,
    cue_hits: &[(usize, usize, usize)],
    mentions: &mut Vec<Mention>,
) {
    let Some(visit) = lex
        .events
        .iter()
        .position(|e| e.group.as_deref() == Some("visit"))
    else {
        return;
    };
    let mut added = false;
    for &(s, e, c) in cue_hits {
        if lex.cues[c].role != "visit-noun" {
            continue;
        }
        if !timed(lex, lower, s) {
            continue;
        }
        let after = next_word(&lower[e..]);
        if NOT_A_VISIT_AFTER.contains(&after) {
            continue;
        }
        let gap = lower[e..].len() - lower[e..].trim_start().len();
        let names_test = mentions
            .iter()
            .any(|m| m.cat != Cat::Event && m.start >= e && m.start <= e + gap.max(1));
        let covered = mentions
            .iter()
            .any(|m| m.cat == Cat::Event && m.start < e && m.end > s);
        if names_test || covered {
            continue;
        }
        // The noun alone: the time words are the time expression's.
        mentions.push(Mention {
            start: s,
            end: e,
            cat: Cat::Event,
            idx: visit,
        });
        added = true;
    }
    if added {
        mentions.sort_by_key(|m| m.start);
    }
}

/// Whether "12-month" (or "one-year", "6 weeks") ends right before `at`,
/// with a determiner or "at" before it, and the words before do not make
/// it a period of follow-up.
fn timed(lex: &Lexicon, lower: &str, at: usize) -> bool {
    timed_words(lex, lower, at).is_some()
}

/// [`timed`], with `?` for each part that must be there.
fn timed_words(lex: &Lexicon, lower: &str, at: usize) -> Option<()> {
    let before = lower[..at].strip_suffix([' ', '-'])?;
    let unit_at = before
        .trim_end_matches(|c: char| c.is_ascii_lowercase())
        .len();
    let unit = &before[unit_at..];
    if !lex
        .time_units
        .iter()
        .any(|u| u.surfaces.iter().any(|s| s == unit))
    {
        return None;
    }
    let before = before[..unit_at].strip_suffix([' ', '-'])?;
    let number_at = before
        .trim_end_matches(|c: char| c.is_ascii_alphanumeric())
        .len();
    let number = &before[number_at..];
    let counted = number.bytes().all(|b| b.is_ascii_digit())
        || lex
            .number_words
            .iter()
            .any(|w| w.word == number && w.word.len() > 2);
    if number.is_empty() || !counted {
        return None;
    }
    let (word, rest) = last_word(&before[..number_at]);
    if !DETERMINERS.contains(&word) {
        return None;
    }
    let (previous, _) = last_word(rest);
    (word == "at" || !PERIOD_WORDS.contains(&previous)).then_some(())
}

/// The last word of `s` (after trailing spaces) and what comes before it.
fn last_word(s: &str) -> (&str, &str) {
    let s = s.trim_end();
    let at = s.trim_end_matches(|c: char| c.is_ascii_alphabetic()).len();
    (&s[at..], &s[..at])
}

/// The first word of `s` after leading spaces.
fn next_word(s: &str) -> &str {
    let s = s.trim_start();
    let end = s
        .find(|c: char| !c.is_ascii_alphabetic())
        .unwrap_or(s.len());
    &s[..end]
}
