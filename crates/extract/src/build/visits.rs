//! Visits named by a verb of presentation and a place of care: "was
//! referred to our pulmonology clinic", "attended the renal outpatient
//! department"; a place of emergency care makes an admission. The event lexicon lists common phrasings; this covers the
//! rest (any specialty, any possessive) without listing each one.

use casecourse_knowledge::Lexicon;

use crate::matcher::{Cat, Mention};

/// Bytes between the verb and the place ("to our paediatric rheumatology").
const REACH: usize = 48;

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
        // The nearest place after the verb, within reach and the sentence.
        let place = cue_hits[i + 1..]
            .iter()
            .take_while(|h| h.0 <= e + REACH)
            .find(|h| lex.cues[h.2].role == "care-place");
        let Some(&(_, end, _)) = place else { continue };
        if text[e..end].contains(['.', ';', '\n']) {
            continue;
        }
        // "Was brought to the paediatric emergency department": the door of
        // an admission, not a clinic visit.
        let emergency = cue_hits[i + 1..]
            .iter()
            .take_while(|h| h.0 < end)
            .any(|h| lex.cues[h.2].role == "emergency-care");
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
