//! Assertion status of a mention: negated, possible, hypothetical, family.
//!
//! A small ConText (Chapman et al., J Biomed Inform 2001 and 2009): trigger
//! phrases from `data/lexicon/context.toml` govern mentions after them
//! (forward), before them (backward) or both, until a terminating phrase or
//! clause punctuation, within a window of words. Pseudo-triggers ("no
//! increase") are longer matches that shadow the trigger inside them.

use casecourse_knowledge::Trigger;

/// Words a forward trigger reaches ("no fever, cough, or dyspnoea").
const FORWARD_WORDS: usize = 14;
/// Words a backward trigger reaches ("cultures were negative").
const BACKWARD_WORDS: usize = 8;

/// The assertion of one mention.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Assertion {
    /// Absent.
    pub negated: bool,
    /// Suspected or possible.
    pub possible: bool,
    /// Conditional or hypothetical.
    pub hypothetical: bool,
    /// About a relative.
    pub family: bool,
    /// In the past history.
    pub historical: bool,
    /// The folded span of the trigger that negates it, when one does.
    pub negation: Option<(usize, usize)>,
    /// The words that make a relative the experiencer ("her father").
    pub relative: Option<(usize, usize)>,
}

/// A trigger hit in a sentence.
#[derive(Debug, Clone, Copy)]
pub struct Hit<'a> {
    /// Folded start.
    pub start: usize,
    /// Folded end.
    pub end: usize,
    /// The trigger.
    pub trigger: &'a Trigger,
}

fn words(text: &str) -> usize {
    // A bracketed abbreviation adds no words to a list: "patent foramen
    // ovale (PFO), atrial septal defect (ASD) ... were ruled out".
    text.split(|c: char| c.is_whitespace())
        .filter(|w| w.chars().any(char::is_alphanumeric) && !is_bracketed_word(w))
        .count()
}

/// "(PFO)", "(ASD),": one word in brackets.
fn is_bracketed_word(w: &str) -> bool {
    let w = w.trim_end_matches([',', ';', '.']);
    w.len() > 2 && w.starts_with('(') && w.ends_with(')')
}

/// Words that may stand before a relative who is the subject of the
/// sentence: "Her elder sister", "The patient's father", "His maternal
/// uncle".
const BEFORE_SUBJECT_RELATIVE: &[&str] = &[
    "her",
    "his",
    "their",
    "the",
    "patient's",
    "patients",
    "elder",
    "older",
    "younger",
    "maternal",
    "paternal",
    "twin",
    "one",
    "another",
    "a",
    "an",
];

/// Whether the relative named at `at` opens its sentence (after at most a
/// possessive and an adjective or two).
fn relative_is_subject(text: &str, at: usize) -> bool {
    let head = &text[text.floor_char_boundary(at.saturating_sub(40))..at];
    let lead = match head.rfind(['.', '\n', ';', ':', '!', '?']) {
        Some(i) => &head[i + 1..],
        None if at <= 40 => head,
        None => return false,
    };
    let lead = lead.to_ascii_lowercase();
    lead.split_whitespace().count() <= 3
        && lead.split_whitespace().all(|w| {
            BEFORE_SUBJECT_RELATIVE
                .contains(&w.trim_matches(|c: char| !c.is_ascii_alphanumeric() && c != '\''))
        })
}

/// The words after a short apposition that opens `text` (", a girl, died"
/// reads "died"); `text` itself when none opens it.
fn past_apposition(text: &str) -> &str {
    if let Some(after) = text.trim_start().strip_prefix(',')
        && let Some(close) = after.get(..after.len().min(30)).and_then(|h| h.find(','))
        && !after[..close].trim_start().starts_with("who ")
    {
        return &after[close + 1..];
    }
    text
}

/// Verbs after a relative that make the relative the one who had what
/// follows ("her sister had ..., and died of ..."), unlike "her mother
/// brought her in because of fever" or "his parents noticed weakness".
const EXPERIENCER_VERBS: &[&str] = &[
    "had",
    "has",
    "have",
    "was",
    "is",
    "were",
    "are",
    "died",
    "suffered",
    "developed",
    "underwent",
    "carried",
    "carries",
];

/// Whether the first word after the relative named up to `end` (past
/// other words for relatives: "her sister, aged 40," reads "aged") is a
/// verb of having or suffering.
fn relative_experiences(text: &str, end: usize) -> bool {
    // "One sibling, a girl, died at 1 month": past the apposition.
    let rest = past_apposition(&text[end..]).trim_start_matches(|c: char| !c.is_ascii_alphabetic());
    // "Her brother, who had hypertension, died of a stroke."
    let rest = rest.strip_prefix("who ").unwrap_or(rest);
    let word: String = rest
        .chars()
        .take_while(char::is_ascii_alphabetic)
        .collect::<String>()
        .to_ascii_lowercase();
    if !EXPERIENCER_VERBS.contains(&word.as_str()) {
        return false;
    }
    // "His wife had also noticed that his face was swollen": a relative
    // who saw or told, not one who had it.
    let next = rest[word.len()..]
        .split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_ascii_alphabetic())
                .to_ascii_lowercase()
        })
        .find(|w| !matches!(w.as_str(), "also" | "been" | "first" | "already"));
    !next.is_some_and(|w| WITNESS_VERBS.contains(&w.as_str()))
}

/// Whether `between` holds a verb of seeing or telling in the active
/// voice ("her mother noticed"), not the passive that says the relative
/// had it ("her mother was found to have breast cancer", "was noted to
/// have").
fn witnesses(between: &str) -> bool {
    const PASSIVE: &[&str] = &["was", "were", "is", "are", "be", "been", "being"];
    let words: Vec<String> = between
        .split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_ascii_alphabetic())
                .to_ascii_lowercase()
        })
        .collect();
    words.iter().enumerate().any(|(i, w)| {
        WITNESS_VERBS.contains(&w.as_str())
            && !(i > 0 && PASSIVE.contains(&words[i - 1].as_str()))
            && words
                .get(i + 1)
                .is_none_or(|n| n != "to" && n != "a" && n != "history")
    })
}

/// Verbs by which a relative saw or told what the patient had.
const WITNESS_VERBS: &[&str] = &[
    "noticed",
    "observed",
    "noted",
    "reported",
    "seen",
    "witnessed",
    "found",
    "brought",
    "called",
    "described",
    "told",
    "notice",
    "observe",
    "report",
    "reports",
    "notices",
    "observes",
];

/// Whether `between` names the patient again ("... and she was"), which
/// ends a relative's statement.
fn names_patient(between: &str) -> bool {
    let lower = between.to_ascii_lowercase();
    lower.split(|c: char| !c.is_ascii_alphabetic()).any(|w| {
        matches!(
            w,
            "she"
                | "he"
                | "him"
                | "patient"
                | "proband"
                | "child"
                | "infant"
                | "boy"
                | "girl"
                | "baby"
        )
    })
}

/// Clause punctuation that ends a trigger's scope.
fn breaks_scope(between: &str) -> bool {
    between.contains(';') || between.contains(':') || between.contains(". ")
}

/// A list item with an article of its own after a comma is a new
/// statement: "without perforation, a right-sided middle ear effusion".
/// (A negated list shares its trigger without articles: "no fever,
/// chills or night sweats".)
fn new_item(between: &str) -> bool {
    [", a ", ", an ", ", the "]
        .iter()
        .any(|w| between.contains(w))
        || positive_item(between)
}

/// Words that open a list item found present: "no rubs, elevated jugular
/// venous pressure, strong peripheral pulses" (a denied item has none).
/// Severity words are not among them: "denied fever, severe headache or
/// palpitations" denies all three.
const FOUND_PRESENT: &[&str] = &[
    "elevated",
    "increased",
    "raised",
    "strong",
    "prominent",
    "palpable",
    "brisk",
];

/// Whether an item after a comma in `between` opens with a word of
/// [`FOUND_PRESENT`].
fn positive_item(between: &str) -> bool {
    between.split(", ").skip(1).any(|item| {
        let first = item.split_whitespace().next().unwrap_or("");
        FOUND_PRESENT.contains(&first.to_ascii_lowercase().as_str())
    })
}

/// A verb joined by "and" after the term has a subject of its own before
/// it: "withheld because of the acute kidney injury and was not
/// restarted" does not negate the injury; nor does a new subject after
/// "and" ("no recurrence was found and the patient has been asymptomatic").
fn own_verb(between: &str) -> bool {
    // Every phrase opens with " and ": one search rules out most spans
    // before eight searchers are set up.
    between.contains(" and ")
        && [
            " and was",
            " and were",
            " and is",
            " and has",
            " and had",
            " and the patient ",
            " and she ",
            " and he ",
        ]
        .iter()
        .any(|w| between.starts_with(w) || between.contains(w))
}

/// Words that open a subordinate clause: a trigger inside one reaches no
/// further than the comma that closes it ("As the patient declined
/// adjuvant therapy, hepatic metastases were found").
const SUBORDINATORS: &[&str] = &[
    "as", "because", "since", "although", "though", "while", "whereas", "when", "once", "if",
    "unless",
];

/// Whether the clause the trigger at `at` stands in opens with a
/// subordinator: its words back to the last clause punctuation (or the
/// start of the line), within a short reach.
fn in_subordinate_clause(text: &str, at: usize) -> bool {
    let mut from = at.saturating_sub(120);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let before = text.get(from..at).unwrap_or("");
    let clause = before
        .rfind([',', ';', ':', '.', '\n', '(', ')'])
        .map_or(before, |p| &before[p + 1..]);
    clause
        .split_whitespace()
        .next()
        .is_some_and(|w| SUBORDINATORS.contains(&w.to_ascii_lowercase().as_str()))
}

/// Whether the mention ending at `end` is the subject of a verb of its own
/// before the next comma ("..., liver metastases were found"), not an
/// item of a denied list ("no fever, chills, or rash, ...").
fn subject_of_a_verb(text: &str, end: usize) -> bool {
    let rest = text.get(end..(end + 60).min(text.len())).unwrap_or("");
    let clause = rest.split([',', ';', '.', ':']).next().unwrap_or("");
    clause.split_whitespace().any(|w| {
        matches!(
            w.to_ascii_lowercase().as_str(),
            "was"
                | "were"
                | "is"
                | "are"
                | "had"
                | "has"
                | "have"
                | "developed"
                | "appeared"
                | "occurred"
                | "recurred"
                | "persisted"
                | "progressed"
        )
    })
}

/// Words that set a term apart from a verdict on the rest: "Aside from
/// diarrhoea, his course was unremarkable", "no abnormality apart from
/// mild anaemia".
const EXCEPTIVES: &[&str] = &[
    "aside from",
    "apart from",
    "except for",
    "other than",
    "with the exception of",
    "besides",
];

/// Whether an exceptive phrase stands in `text[from..at]` within the
/// mention's own clause (no clause punctuation after it).
fn excepted(text: &str, from: usize, at: usize) -> bool {
    let mut lo = from.max(at.saturating_sub(80));
    while !text.is_char_boundary(lo) {
        lo += 1;
    }
    let before = text.get(lo..at).unwrap_or("").to_ascii_lowercase();
    EXCEPTIVES.iter().any(|e| {
        before
            .rfind(e)
            .is_some_and(|p| !before[p..].contains([',', ';', ':', '.']))
    })
}

/// A mention after "after", "until", "since" or "before" (and a possessive)
/// names when something happened, not what was denied: "refused a CT
/// after his discharge", "no fever until his admission".
fn names_a_time(text: &str, start: usize) -> bool {
    let mut lo = start.saturating_sub(24);
    while !text.is_char_boundary(lo) {
        lo += 1;
    }
    let before = text.get(lo..start).unwrap_or("").to_ascii_lowercase();
    let mut words = before.split_whitespace().rev();
    let mut w = words.next().unwrap_or("");
    if matches!(w, "his" | "her" | "the" | "their" | "its") {
        w = words.next().unwrap_or("");
    }
    before.ends_with(' ') && matches!(w, "after" | "until" | "since" | "before" | "following")
}

/// A verb of the sentence's own clause between a trigger and a mention
/// ends the trigger's reach: "without significant past history was
/// diagnosed with tuberculosis" denies the history only.
fn main_verb_between(between: &str) -> bool {
    [
        " was diagnosed",
        " were diagnosed",
        " presented",
        " underwent",
        " was admitted",
        " was found to have",
    ]
    .iter()
    .any(|w| between.contains(w))
}

/// A mention named with a demonstrative is presupposed: "no EBV was
/// found in this lymphoma" does not deny the lymphoma.
fn demonstrative_before(text: &str, start: usize) -> bool {
    let before = text.get(start.saturating_sub(7)..start).unwrap_or("");
    let last = before.split_whitespace().last().unwrap_or("");
    before.ends_with(' ')
        && matches!(
            last.to_ascii_lowercase().as_str(),
            "this" | "these" | "those"
        )
}

/// The assertion of the mention `[start, end)` given the sentence's hits.
pub fn assert_mention(text: &str, start: usize, end: usize, hits: &[Hit]) -> Assertion {
    let mut a = Assertion::default();
    let mut decided = false;
    // "Non-tender", "a non-pruritic rash": the prefix denies the word it is
    // glued to, and nothing further. A name of several words after it is
    // a name of its own ("non-small cell carcinoma").
    if start >= 4
        && text
            .get(start - 4..start)
            .is_some_and(|p| p.eq_ignore_ascii_case("non-"))
        && !text[start..end].contains(' ')
    {
        a.negated = true;
        a.negation = Some((start - 4, start - 1));
    }
    for h in hits {
        let cat = h.trigger.category.as_str();
        if cat == "pseudo" || cat == "terminate" {
            continue;
        }
        let dir = h.trigger.direction.as_str();
        // A trigger may overlap the term it governs ("no signs of" + "signs
        // of infection").
        let governs = if h.start < start && h.end <= end && dir != "backward" {
            let between = text.get(h.end.min(start)..start).unwrap_or("");
            // Family words reach only the phrase they open, unless the
            // relative is what the sentence is about ("Her elder sister had
            // similar difficulty walking and died of diabetes"): then up to
            // the patient named again.
            let subject = cat == "family"
                && relative_is_subject(text, h.start)
                && relative_experiences(text, h.end);
            let reach = if cat != "family" {
                FORWARD_WORDS
            } else if subject {
                usize::MAX
            } else {
                4
            };
            let family_break = cat == "family"
                && if subject {
                    names_patient(past_apposition(between))
                        || [", and ", ", but ", " but "]
                            .iter()
                            .any(|w| between.contains(w))
                } else {
                    between.contains(',')
                };
            // "Her mother noticed a rash": what a relative saw is the
            // patient's.
            let witnessed = cat == "family" && witnesses(between);
            words(between) <= reach
                && !family_break
                && !witnessed
                && !breaks_scope(between)
                && (subject || !new_item(between))
                && (cat != "negated"
                    || !between.contains(',')
                    || !in_subordinate_clause(text, h.start)
                    || !subject_of_a_verb(text, end))
                && (cat != "negated" || !demonstrative_before(text, start))
                && (cat != "negated" || !names_a_time(text, start))
                && (cat != "negated" || !main_verb_between(between))
                && (cat != "negated" || !excepted(text, h.end.min(start), start))
                // "She denied surgery and had been discharged": a verb of
                // its own after "and" starts another statement.
                && (cat != "negated" || !own_verb(between))
                // "She lived with her husband and had diabetes": her own.
                && (cat != "family" || subject || !own_verb(between))
                // A terminator right after the trigger is part of its
                // phrase: "showed no" + "evidence of" is "showed no
                // evidence of".
                && (subject || !terminated(hits, h.end.min(start) + 2, start))
        } else if h.start >= end && dir != "forward" {
            let between = &text[end..h.start];
            words(between) <= BACKWARD_WORDS
                && !breaks_scope(between)
                && (cat != "negated" || !excepted(text, 0, start))
                && !own_verb(between)
                // A plan told after what it names reaches back over no
                // clause ("was discharged and surgery was planned").
                // A singular plan names one thing ("was discharged and
                // surgery was planned"); a plural one a list ("surgery and
                // chemotherapy were planned").
                && !(cat == "hypothetical"
                    && h.trigger.phrase.starts_with("was ")
                    && (between.contains(" and ") || between.contains(',')))
                && (!terminated(hits, end, h.start)
                    || (cat == "negated" && weighed_then_decided(between)))
        } else {
            false
        };
        // "TB was considered but excluded": the last verdict wins.
        if governs
            && cat == "negated"
            && h.start >= end
            && weighed_then_decided(text.get(end..h.start).unwrap_or(""))
        {
            decided = true;
        }
        if governs {
            match cat {
                "negated" => {
                    a.negated = true;
                    a.negation.get_or_insert((h.start, h.end));
                }
                "possible" => a.possible = true,
                "hypothetical" => a.hypothetical = true,
                "family" => {
                    // The relative named nearest before the term is its subject.
                    a.family = true;
                    // "Her maternal aunt", "his parents and 1 brother":
                    // relatives named one after another are one subject.
                    a.relative = match a.relative {
                        None => Some((h.start, h.end)),
                        Some((s, e)) if h.start > s && h.start < start => {
                            let joined = words(text.get(e..h.start).unwrap_or("")) <= 2;
                            Some((if joined { s } else { h.start }, h.end))
                        }
                        kept => kept,
                    };
                }
                "historical" => a.historical = true,
                _ => {}
            }
        }
    }
    if decided {
        a.possible = false;
    }
    a
}

/// Whether the words between a mention and a verdict after it say the
/// mention was first weighed, then decided: "tuberculosis was considered
/// but excluded", "sepsis was suspected but later ruled out". The
/// contrast ("but") that ends other triggers' reach joins the two here.
fn weighed_then_decided(between: &str) -> bool {
    let words: Vec<String> = between
        .split_whitespace()
        .map(|w| w.trim_matches(',').to_ascii_lowercase())
        .filter(|w| !w.is_empty())
        .collect();
    let w: Vec<&str> = words.iter().map(String::as_str).collect();
    let Some(rest) = w
        .strip_prefix(&["was"])
        .or_else(|| w.strip_prefix(&["were"]))
    else {
        return false;
    };
    let rest = match rest.first() {
        Some(&("initially" | "first" | "originally" | "briefly")) => &rest[1..],
        _ => rest,
    };
    let Some((&verb, rest)) = rest.split_first() else {
        return false;
    };
    if !matches!(verb, "considered" | "suspected" | "entertained" | "queried") {
        return false;
    }
    let Some(rest) = rest.strip_prefix(&["but"]) else {
        return false;
    };
    let rest = match rest.first() {
        Some(&("was" | "were")) => &rest[1..],
        _ => rest,
    };
    rest.iter().all(|w| {
        matches!(
            *w,
            "subsequently" | "later" | "eventually" | "ultimately" | "finally" | "then"
        )
    })
}

/// A terminate phrase starts between `from` and `to`, or at `to`: it may
/// run into the concept or be its first words ("was admitted", the event).
fn terminated(hits: &[Hit], from: usize, to: usize) -> bool {
    hits.iter()
        .any(|h| h.trigger.category == "terminate" && h.start >= from && h.start <= to)
}
