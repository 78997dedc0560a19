//! Sections, captions and sentences.
//!
//! Generic sentence splitters break on clinical text ("b.i.d.", "Dr.",
//! "6.7 x 10^9/L"), so this one is ours: lines are paragraphs, headings set
//! the origin of what follows, and sentences end at `.`, `?` or `!` before
//! a capital, a digit or a bracket, unless the word before is a known
//! abbreviation.

use std::rc::Rc;

use casecourse_model::Origin;

/// Where a sentence sits and what it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// A fact-bearing part of the document.
    Origin(Origin),
    /// Introduction or background: general statements, not this patient.
    Background,
    /// References, funding, acknowledgements: never read.
    Skip,
}

/// One sentence of the folded text.
#[derive(Debug, Clone)]
pub struct Sentence {
    /// Folded byte range.
    pub start: usize,
    /// Folded byte end.
    pub end: usize,
    /// Document part.
    pub part: Part,
    /// The heading (or inline "Label:") the sentence sits under, lowercase;
    /// shared by the sentences under it (a copy per sentence was an
    /// allocation per sentence).
    pub heading: Option<Rc<str>>,
    /// A line of a letter's header: the few sentences above its first
    /// clinical heading ("Adm 14/02/2024. D/C 21/02/2024.").
    pub header: bool,
}

/// At most this many sentences above the first heading are a header.
const HEADER_SENTENCES: usize = 8;

const ABBREVIATIONS: &[&str] = &[
    "dr", "mr", "mrs", "ms", "prof", "vs", "e.g", "i.e", "etc", "al", "approx", "fig", "figs",
    "no", "st", "b.i.d", "t.i.d", "q.i.d", "q.d", "p.o", "i.v", "i.m", "s.c", "o.d", "b.d",
    "t.d.s", "q.h.s", "h.s", "p.r.n", "ref", "resp", "ca", "cf", "vol", "jan", "feb", "mar", "apr",
    "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mg", "inc", "pt", "yr", "yrs", "mo",
    "wk", "wks", "hr", "hrs", "min", "max", "sr", "jr", "u.s", "u.k",
];

/// A section number opening a heading ("3. Discussion", "4 | DISCUSSION",
/// "2.1 Case presentation", "III. Discussion"): the rest of the line after
/// it, or `None` when the line opens with no such number.
fn after_section_number(line: &str) -> Option<&str> {
    let t = line.trim_start();
    let digits = t
        .bytes()
        .take_while(|b| b.is_ascii_digit() || *b == b'.')
        .count();
    let roman = t.bytes().take_while(|b| b"IVX".contains(b)).count();
    let n = if digits > 0 && t.as_bytes()[0].is_ascii_digit() {
        digits
    } else {
        roman
    };
    let rest = t.get(n..)?;
    let rest = rest.strip_prefix(['.', ')', '|', ':', '-']).unwrap_or(rest);
    (n > 0 && rest.starts_with(' ')).then(|| rest.trim_start_matches([' ', '|']))
}

/// Classifies a heading line, if it is one. A numbered line is a heading
/// only when its words are a known section's: "3. Discussion" is, "3.
/// Amlodipine" (a list item) is not.
fn heading(line: &str) -> Option<Part> {
    if let Some(rest) = after_section_number(line) {
        return heading(rest).filter(|_| known_section(rest));
    }
    let t = line.trim().trim_end_matches([':', '.']).trim();
    if t.is_empty()
        || t.len() > 60
        || t.split_whitespace().count() > 6
        || t.bytes().any(|b| b.is_ascii_digit())
    {
        return None;
    }
    let lower = t.to_ascii_lowercase();
    // "Reference" alone heads a reference list ("Reference range" is a
    // table's column).
    if lower == "reference" {
        return Some(Part::Skip);
    }
    let letters: Vec<char> = t.chars().filter(|c| c.is_alphabetic()).collect();
    let shouty = !letters.is_empty() && letters.iter().all(|c| c.is_uppercase());
    let ends_colon = line.trim_end().ends_with(':');
    let known = |words: &[&str]| {
        words.iter().any(|w| {
            lower
                .strip_prefix(w)
                .is_some_and(|r| r.is_empty() || r.starts_with(' '))
        })
    };
    // "S - Situation", "B - Background": a letter labels a section of a
    // handover note (SBAR); the section is the patient's own, whatever its
    // word ("Background" here is the patient's history, not a literature
    // review).
    let lettered = t.as_bytes().first().is_some_and(u8::is_ascii_uppercase)
        && t.get(1..4) == Some(" - ")
        && t[4..].split_whitespace().count() <= 3
        && !line.trim_end().ends_with('.');
    if lettered {
        return Some(Part::Origin(Origin::Body));
    }
    let part = match SECTIONS.iter().find(|(words, _)| known(words)) {
        Some(&(_, part)) => part,
        None if shouty || ends_colon => {
            // HISTORY, EXAMINATION, INVESTIGATIONS, CASE REPORT, "Plan:" ...
            // but not one capitalised word with a full stop that no heading
            // list names ("NKDA.": a telegraphic note).
            let one_word = t.split_whitespace().nth(1).is_none();
            if one_word && !ends_colon && line.trim_end().ends_with('.') {
                return None;
            }
            Part::Origin(Origin::Body)
        }
        None => return None,
    };
    // A sentence-like line ending in a full stop is not a heading.
    if !shouty && !ends_colon && line.trim_end().ends_with('.') {
        return None;
    }
    Some(part)
}

/// The words of the sections a case report has, and the part each opens
/// (earlier lists first: "case discussion" is a discussion, not a case).
const SECTIONS: &[(&[&str], Part)] = &[
    (&["abstract", "summary"], Part::Origin(Origin::Abstract)),
    (&["introduction", "background"], Part::Background),
    (
        &[
            "literature review",
            "review of the literature",
            "review of literature",
            "case discussion",
            "discussion",
            "conclusion",
            "conclusions",
            "comment",
            "comments",
            "learning points",
            "take-home messages",
        ],
        Part::Origin(Origin::Discussion),
    ),
    (
        &[
            "references",
            "acknowledgements",
            "acknowledgments",
            "funding",
            "conflict of interest",
            "conflicts of interest",
            "author contributions",
            "data availability",
            "ethics statement",
            "consent",
            "patient consent",
            "publisher's note",
            "supplementary material",
            "bibliography",
            "literature cited",
            "abbreviations",
            "list of abbreviations",
            "keywords",
            "key words",
            "declarations",
            "declaration of competing interest",
            "competing interests",
            "ethics approval",
            "ethical approval",
            "informed consent",
            "disclosure",
            "disclosures",
            "availability of data",
            "authors' contributions",
            "author's contributions",
            "footnotes",
        ],
        Part::Skip,
    ),
    (
        &[
            "case presentation",
            "case report",
            "case description",
            "case history",
            "case summary",
            "clinical presentation",
            "clinical course",
            "hospital course",
            "treatment",
            "management",
            "follow-up",
            "outcome",
            "outcome and follow-up",
        ],
        Part::Origin(Origin::Body),
    ),
];

/// Whether a numbered line's words are a section's of [`SECTIONS`], whole
/// or joined to another ("Discussion and conclusions"): "3. Discussion
/// with family" is a list item.
fn known_section(line: &str) -> bool {
    let lower = line
        .trim()
        .trim_end_matches([':', '.'])
        .trim()
        .to_ascii_lowercase();
    SECTIONS
        .iter()
        .flat_map(|(words, _)| words.iter())
        .any(|w| {
            lower
                .strip_prefix(w)
                .is_some_and(|r| r.is_empty() || r.starts_with(" and ") || r.starts_with(" & "))
        })
}

/// A short line that reads as a title: a capital first, no digits, at most
/// eight words, and no closing punctuation.
fn title_like(line: &str) -> bool {
    let t = line.trim();
    t.chars().next().is_some_and(char::is_uppercase)
        && t.len() <= 80
        && t.split_whitespace().count() <= 8
        && !t.bytes().any(|b| b.is_ascii_digit())
        && !t.ends_with(['.', '?', '!', ';', ','])
}

/// True when a line is a figure or table caption; `Some(true)` for a table
/// that carries data (numbers with units), which is read like the body.
fn caption(line: &str) -> Option<bool> {
    let t = line.trim_start();
    let t = strip_image_tags(t);
    // Compared in place: a lowercased copy of every line's opening cost two
    // allocations per line.
    let opens = |word: &str| {
        t.as_bytes()
            .get(..word.len())
            .is_some_and(|b| b.eq_ignore_ascii_case(word.as_bytes()))
    };
    let is_fig = opens("figure") || opens("fig.") || opens("fig ");
    let is_table = opens("table");
    if !is_fig && !is_table {
        return None;
    }
    // "Figure 2 |", "FIGURE 1.", "Table 1:", "Fig. 3 -".
    let rest = t.split_once(|c: char| c.is_ascii_digit()).map(|(_, r)| r)?;
    let rest = rest.trim_start_matches(|c: char| c.is_ascii_alphanumeric());
    if !rest.trim_start().starts_with(['|', '.', ':', '-', ')']) {
        return None;
    }
    let digits = t.bytes().filter(u8::is_ascii_digit).count();
    Some(is_table && digits >= 6)
}

/// "Past medical history: ...", "Social: ..." — a short label that opens a
/// line names the section of that line.
fn inline_label(line: &str) -> Option<String> {
    // The text before the first colon is a label only if at most 40 bytes
    // long: the colon is looked for no further (a search of the whole
    // line, and counting a long label's words, cost a test per byte).
    let colon = memchr::memchr(b':', &line.as_bytes()[..line.len().min(41)])?;
    let (label, rest) = (&line[..colon], &line[colon + 1..]);
    let ok = (1..=4).contains(&label.split_whitespace().count())
        && label
            .chars()
            .all(|c| c.is_ascii_alphabetic() || c == ' ' || c == '/' || c == '-' || c == '&')
        && !rest.trim().is_empty();
    ok.then(|| label.trim().to_ascii_lowercase())
}

/// Labels of an article's furniture written on the line they label
/// ("Keywords: dermatomyositis; tacrolimus").
const FURNITURE_LABELS: &[&str] = &[
    "abbreviations",
    "list of abbreviations",
    "keywords",
    "key words",
];

/// Whether a line is an article's furniture, read as no part of the case:
/// a labelled list of keywords or abbreviations, a glossary ("ILD:
/// interstitial lung disease; MMF: mycophenolate mofetil; ..."), or an
/// entry of a reference list.
fn furniture(line: &str, label: Option<&str>) -> bool {
    label.is_some_and(|l| FURNITURE_LABELS.contains(&l)) || glossary(line) || reference_entry(line)
}

/// Three or more "ABBR: words" or "ABBR, words" items separated by
/// semicolons, each abbreviation in capitals or digits.
fn glossary(line: &str) -> bool {
    // Most lines hold no two semicolons; they are not worth splitting.
    if memchr::memchr_iter(b';', line.as_bytes()).nth(1).is_none() {
        return false;
    }
    let items: Vec<&str> = line
        .split(';')
        .map(str::trim)
        .filter(|i| !i.is_empty())
        .collect();
    items.len() >= 3
        && items.iter().all(|item| {
            let Some(cut) = item.find([':', ',']) else {
                return false;
            };
            let abbr = item[..cut].trim();
            (1..=12).contains(&abbr.len())
                && abbr.bytes().any(|b| b.is_ascii_uppercase())
                && !abbr.bytes().any(|b| b.is_ascii_lowercase() || b == b' ')
                && item[cut + 1..].trim().len() > 1
        })
}

/// An entry of a reference list: it opens with its number ("12.", "[12]",
/// "12)") or its authors ("Smith AB, Jones C,") and ends in a citation's
/// tail: "2019;58(3):1234-40", a DOI or a PubMed id.
fn reference_entry(line: &str) -> bool {
    let t = line.trim_start();
    let numbered = {
        let t = t.strip_prefix('[').unwrap_or(t);
        let digits = t.bytes().take_while(u8::is_ascii_digit).count();
        (1..=3).contains(&digits) && matches!(t.as_bytes().get(digits), Some(b'.' | b']' | b')'))
    };
    let authored = two_authors(t);
    (numbered || authored) && citation_tail(t)
}

/// Whether the first two of `t`'s comma-separated pieces are both
/// [`author`]s (as `t.split(',').take(2)` cuts them). memchr finds the
/// commas, and the second piece is cut only if the first is an author:
/// std's search read every line of a long paragraph twice (≈1 % of a
/// pass).
fn two_authors(t: &str) -> bool {
    let b = t.as_bytes();
    let Some(first) = memchr::memchr(b',', b) else {
        return false;
    };
    if !author(&t[..first]) {
        return false;
    }
    let rest = &t[first + 1..];
    let second = memchr::memchr(b',', rest.as_bytes()).unwrap_or(rest.len());
    author(&rest[..second])
}

/// "Smith AB", "van der Berg J": a surname and initials in capitals.
fn author(a: &str) -> bool {
    // The last author ends at the title's full stop.
    let a = a.split('.').next().unwrap_or(a);
    // A name and initials are short; a paragraph is not worth splitting.
    if a.len() > 60 {
        return false;
    }
    let mut words = a.split_whitespace().rev();
    let (Some(initials), Some(surname_end)) = (words.next(), words.next()) else {
        return false;
    };
    (1..=3).contains(&initials.len())
        && initials.bytes().all(|b| b.is_ascii_uppercase())
        && surname_end.starts_with(|c: char| c.is_uppercase())
}

/// A year, a volume and pages ("2019;58:1234", "2020;50(4):e12"), a DOI
/// or a PubMed id.
fn citation_tail(t: &str) -> bool {
    static TAIL: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(
            r"(?i)\b(?:19|20)\d\d\s?;\s?\d+\s?(?:\(\w+\))?\s?:\s?e?\d+|\bdoi\b|doi\.org|\bpmid\b",
        )
        .expect("a fixed pattern compiles")
    });
    TAIL.is_match(t)
}

/// Whether a line opens by describing the patient: "A 58-year-old man
/// ...", "58M with ...", "She has ...", "The patient ...", "Mrs K ...".
fn about_the_patient(line: &str) -> bool {
    let l = line.trim_start().to_ascii_lowercase();
    let first = l.split([' ', ',']).next().unwrap_or("");
    if matches!(
        first,
        "he" | "she" | "his" | "her" | "mr" | "mrs" | "ms" | "miss" | "mr." | "mrs." | "ms."
    ) {
        return true;
    }
    if ["the patient", "our patient", "this patient", "patient is"]
        .iter()
        .any(|p| l.starts_with(p))
    {
        return true;
    }
    let rest = l
        .strip_prefix("a ")
        .or_else(|| l.strip_prefix("an "))
        .unwrap_or(&l);
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 3 {
        return false;
    }
    let after = rest[digits..].trim_start_matches(['-', ' ']);
    after.starts_with("year") || after.starts_with("yo ") || after.starts_with("y/o")
        // "58M with", "63 F,": an age and a sex letter.
        || matches!(after.as_bytes(), [b'm' | b'f', b' ' | b',', ..])
}

/// The lines of `text`, as `text.split('\n')` gives them; memchr finds
/// each end (std's search for a character reads a word at a time, ≈2
/// instructions a byte of text).
fn lines(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(text);
    std::iter::from_fn(move || {
        let r = rest?;
        match memchr::memchr(b'\n', r.as_bytes()) {
            Some(i) => {
                rest = Some(&r[i + 1..]);
                Some(&r[..i])
            }
            None => {
                rest = None;
                Some(r)
            }
        }
    })
}

/// Drops leading `[image: ...]` tags that converters leave before captions.
pub fn strip_image_tags(mut t: &str) -> &str {
    while let Some(rest) = t.strip_prefix("[image:") {
        match rest.find(']') {
            Some(i) => t = rest[i + 1..].trim_start(),
            None => break,
        }
    }
    t
}

/// Marks the body sentences that tell what others found as discussion: a
/// sentence that cites the literature ("[4]", "[3, 8]") or tells of other
/// patients, and names no one of this case ("our patient", "she", "we").
/// Such sentences stand between a report's case sentences when it has no
/// headings; their facts are no facts of the course.
/// `lower` is `text` ASCII-lowercased.
pub fn mark_literature(lower: &str, sentences: &mut [Sentence]) {
    let markers = Markers::in_text(lower);
    for s in sentences.iter_mut() {
        if s.part != Part::Origin(Origin::Body) {
            continue;
        }
        let t = &lower[s.start..s.end];
        // A citation alone in a sentence told in the past ("ceftriaxone
        // was started according to local guidelines [7]") is the story's
        // unless it reports what others found.
        let cited_finding = (cites(t) || ends_with_glued_citation(t))
            && (!t.contains(" was ") && !t.contains(" were ")
                || ["reported", "described", "et al"]
                    .iter()
                    .any(|w| t.contains(w)));
        // "Kurasawa et al. reported a 62-year-old man who died ...": what
        // authors found, without a bracketed citation (not "the criteria
        // of Bohan et al.").
        // The authors are the subject: their verb follows them (not "as
        // described by Smith et al.").
        let authors_found = t.match_indices(" et al").any(|(i, _)| {
            let after = &t[i..t.len().min(i + 40)];
            [
                "reported",
                "described",
                "found",
                "showed",
                "observed",
                "demonstrated",
            ]
            .iter()
            .any(|w| after.contains(w))
        });
        let held = markers.within(s.start, s.end);
        if (cited_finding || authors_found || held.others || generic(t, held)) && !of_this_case(t) {
            s.part = Part::Origin(Origin::Discussion);
        }
    }
}

/// Which kinds of [`literature_markers`] a sentence holds.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct Held {
    /// A phrase of [`OTHERS`].
    others: bool,
    /// A phrase of [`GENERIC`] or [`GENERIC_HABITS`].
    generic: bool,
    /// A phrase of [`GENERIC_HABITS`].
    habit: bool,
}

/// Every occurrence of a literature marker in a text, as (start, end,
/// pattern), in the order of their ends: one search of the whole text
/// instead of two of every body sentence (which cost ≈5 % of a pass).
struct Markers(Vec<(usize, usize, usize)>);

impl Markers {
    fn in_text(lower: &str) -> Markers {
        let mut found = Vec::new();
        literature_markers().overlapping(lower.as_bytes(), |s, e, p| found.push((s, e, p)));
        Markers(found)
    }

    /// The kinds of the markers inside `[start, end)`: those an overlapping
    /// search of that span alone finds (every occurrence of every phrase).
    fn within(&self, start: usize, end: usize) -> Held {
        let from = self.0.partition_point(|m| m.1 <= start);
        let to = self.0.partition_point(|m| m.1 <= end);
        let mut held = Held::default();
        for &(s, _, p) in &self.0[from..to] {
            if s < start {
                continue;
            }
            if p < OTHERS.len() {
                held.others = true;
            } else {
                held.generic = true;
                held.habit |= p >= OTHERS.len() + GENERIC.len();
            }
        }
        held
    }
}

/// Whether lowercase sentence `t` states what holds for patients in
/// general, in the present tense: "Rapidly progressive ILD is the leading
/// cause of death in anti-MDA5 dermatomyositis", "A ferritin above 1000
/// ng/mL is a risk factor for death", "Treatment typically consists of
/// glucocorticoids and tacrolimus". An introduction without a heading, or
/// a discussion's opening, tells such things; they are no facts of the
/// case. `held` gives the markers it holds.
fn generic(t: &str, held: Held) -> bool {
    // Most sentences hold no marker. A habit of patients in general
    // ("patients often die of ...") needs no verb.
    if !held.generic {
        return false;
    }
    if held.habit {
        return true;
    }
    [
        " is ",
        " are ",
        " has ",
        " have ",
        " consists ",
        " occurs ",
        " occur ",
        " develop ",
    ]
    .iter()
    .any(|w| t.contains(w))
}

/// [`OTHERS`], [`GENERIC`] and then [`GENERIC_HABITS`] as one DFA, built
/// on first use and read by our own loop (aho-corasick's overlapping
/// iterator cost ≈19 instructions a byte).
fn literature_markers() -> &'static crate::dense::Dense {
    static SET: std::sync::OnceLock<crate::dense::Dense> = std::sync::OnceLock::new();
    SET.get_or_init(|| {
        let phrases: Vec<&str> = OTHERS
            .iter()
            .chain(GENERIC)
            .chain(GENERIC_HABITS)
            .copied()
            .collect();
        crate::dense::Dense::new(&phrases, aho_corasick::MatchKind::Standard, false)
            .expect("plain phrases compile")
    })
}

/// Patients in the plural with a word of habit or chance: what happens to
/// such patients in general, in any tense ("anti-MDA5-positive patients
/// often die within 6 months", "such patients frequently develop ...").
const GENERIC_HABITS: &[&str] = &[
    "patients often",
    "patients usually",
    "patients frequently",
    "patients typically",
    "patients commonly",
    "patients generally",
    "patients rarely",
    "patients seldom",
    "patients tend to",
    "patients may ",
    "patients can ",
    "such patients",
];

/// Words that tell of patients in general: a population, a frequency, a
/// risk or the usual course.
const GENERIC: &[&str] = &[
    "patients with",
    "% of patients",
    "% of cases",
    "of patients",
    "is associated with",
    "are associated with",
    "risk factor",
    "leading cause",
    "mortality",
    "prognos",
    "incidence",
    "prevalence",
    "is characterized by",
    "is characterised by",
    "are characterized by",
    "are characterised by",
    "typically",
    "is a rare",
    "are rare",
    "accounts for",
    "is defined as",
    "is a known",
];

/// A bracketed reference number: "[4]", "[3, 8]", "[10-12]" (the folded
/// text writes every dash as "-"); not a printed range after a value
/// ("platelets 45 [150-400]").
fn cites(t: &str) -> bool {
    let b = t.as_bytes();
    memchr::memchr_iter(b'[', b).any(|i| {
        // The word before the bracket: a value or a unit ("45", "200/µl").
        let head = b[..i].trim_ascii_end();
        let word = &head[head
            .iter()
            .rposition(u8::is_ascii_whitespace)
            .map_or(0, |k| k + 1)..];
        if word.iter().any(|c| c.is_ascii_digit() || *c == b'/') {
            return false;
        }
        let rest = &b[i + 1..];
        let close = rest.iter().position(|&c| c == b']');
        close.is_some_and(|n| {
            n > 0
                && rest[0].is_ascii_digit()
                && rest[..n]
                    .iter()
                    .all(|c| c.is_ascii_digit() || b", -".contains(c))
        })
    })
}

/// Words that tell of patients other than this one.
const OTHERS: &[&str] = &[
    "in a previous report",
    "in a previous case",
    "in another case",
    "in a similar case",
    "in previous reports",
    "in previous studies",
    "was first described",
    "were first described",
    "another patient",
    "other patients",
    "in the literature",
    "previously reported",
    "have been reported",
    "has been reported",
    "have been described",
    "has been described",
];

/// Words that name the case's own patient or its authors.
const OF_THIS_CASE: &[&str] = &["she", "he", "her", "his", "him", "we", "our", "us"];

/// Whether lowercase sentence `t` names the case's patient or authors.
fn of_this_case(t: &str) -> bool {
    t.contains("this patient")
        || t.contains("the patient")
        || t.split(|c: char| !c.is_ascii_alphabetic())
            .any(|w| OF_THIS_CASE.contains(&w))
}

/// Splits folded text into sentences with their document part.
pub fn sentences(text: &str) -> Vec<Sentence> {
    // Room for a sentence every 64 bytes, as in most texts (grown one
    // doubling at a time, a list costs a copy each).
    let mut out = Vec::with_capacity(text.len() / 64);
    let mut part = Part::Origin(Origin::Body);
    let mut saw_heading = false;
    let mut before_first_heading = Vec::new();
    let mut line_start = 0;
    let mut current_heading: Option<Rc<str>> = None;
    let mut abstract_heads: Option<Vec<String>> = None;
    let mut header_open = true;
    // The next line is the first under a Background or Introduction heading.
    let mut fresh_background = false;
    // The section is a Background read as the patient's own.
    let mut patient_background = false;
    // One list of a line's sentences, reused by every line.
    let mut pieces = Vec::new();
    // Entries of a reference list read in a row.
    let mut references_seen = 0;
    for line in lines(text) {
        let start = line_start;
        line_start += line.len() + 1;
        let stripped = strip_image_tags(line.trim_start());
        let offset = start + (line.len() - stripped.len());
        if stripped.trim().is_empty() {
            continue;
        }
        // Introductions end at the next title, known or not ("Patient
        // history", "A fatal course"): what follows is the case again.
        // After a structured abstract's conclusion, a line that only looks
        // like a title is the conclusion's text, wrapped.
        let after_conclusion = abstract_heads
            .as_ref()
            .is_some_and(|seen| seen.iter().any(|n| n.starts_with("conclusion")));
        let heading_here = heading(stripped).or_else(|| {
            ((matches!(part, Part::Background | Part::Origin(Origin::Abstract))
                || patient_background)
                && saw_heading
                && !after_conclusion
                && title_like(stripped))
            .then_some(Part::Origin(Origin::Body))
        });
        if let Some(h) = heading_here {
            let case_heading = {
                let l = stripped.to_ascii_lowercase();
                l.contains("case report")
                    || l.contains("case presentation")
                    || l.contains("case description")
            };
            if !saw_heading && (h == Part::Background || case_heading) {
                // Text before an Introduction or Case heading is the abstract.
                for i in &before_first_heading {
                    let s: &mut Sentence = &mut out[*i];
                    s.part = Part::Origin(Origin::Abstract);
                }
            }
            // A title line above everything ("DISCHARGE SUMMARY") leaves
            // the header open; the first heading after text closes it.
            if header_open && !out.is_empty() {
                header_open = false;
                if h == Part::Origin(Origin::Body) && out.len() <= HEADER_SENTENCES {
                    out.iter_mut().for_each(|s: &mut Sentence| s.header = true);
                }
            }
            saw_heading = true;
            let name = stripped
                .trim()
                .trim_end_matches([':', '.'])
                .to_ascii_lowercase();
            // A structured abstract has its own Background, Case
            // presentation and Conclusions; it ends where a heading repeats.
            // Its conclusion is a structured abstract's last part: the
            // heading after it opens the article ("Introduction", or the
            // case's own "Chief complaints").
            match &mut abstract_heads {
                Some(seen) if !seen.contains(&name) && h != Part::Skip && !after_conclusion => {
                    seen.push(name.clone());
                }
                _ => {
                    abstract_heads = (h == Part::Origin(Origin::Abstract)).then(Vec::new);
                    part = h;
                }
            }
            current_heading = Some(name.into());
            fresh_background = part == Part::Background;
            patient_background = false;
            continue;
        }
        // "Social: lives with her husband" labels its own line.
        let label = inline_label(stripped);
        if furniture(stripped, label.as_deref()) {
            // Two entries of a reference list in a row: the list runs to
            // the next heading, its wrapped lines too.
            if reference_entry(stripped) {
                references_seen += 1;
                if references_seen >= 2 {
                    part = Part::Skip;
                }
            }
            continue;
        }
        references_seen = 0;
        let heading = label.map(Rc::from).or_else(|| current_heading.clone());
        // "Background" in a letter, review or handover is often the
        // patient's own: when the section opens by describing the patient,
        // it is read like the case.
        if part == Part::Background && fresh_background && about_the_patient(stripped) {
            part = Part::Origin(Origin::Body);
            patient_background = true;
        }
        fresh_background = false;
        let this_part = match caption(stripped) {
            Some(true) => Part::Origin(Origin::Table),
            Some(false) => Part::Origin(Origin::Caption),
            None => part,
        };
        if this_part == Part::Skip {
            continue;
        }
        // Text straight after "Abstract": an unstructured abstract, so the
        // next heading is the article's own.
        if abstract_heads.as_ref().is_some_and(Vec::is_empty) {
            abstract_heads = None;
        }
        split_sentences(stripped, &mut pieces);
        for &(s, e) in &pieces {
            if !saw_heading {
                before_first_heading.push(out.len());
            }
            out.push(Sentence {
                start: offset + s,
                end: offset + e,
                part: this_part,
                heading: heading.clone(),
                header: false,
            });
        }
    }
    out
}

/// Sentence boundaries inside one line, as (start, end) byte offsets, in
/// `out` (emptied first).
fn split_sentences(line: &str, out: &mut Vec<(usize, usize)>) {
    let b = line.as_bytes();
    out.clear();
    let mut start = 0;
    // Only a full stop, question or exclamation mark can end a sentence:
    // memchr jumps from one to the next instead of looking at every byte.
    for i in memchr::memchr3_iter(b'.', b'?', b'!', b) {
        if i < start {
            continue;
        }
        if let Some(end) = glued_citation(b, i) {
            push_trimmed(line, start, end, out);
            start = end;
        } else if is_boundary(line, i) {
            push_trimmed(line, start, i + 1, out);
            start = i + 1;
        }
    }
    push_trimmed(line, start, b.len(), out);
}

/// Longest sentence read as one. Real sentences are far shorter; a longer
/// run (a pasted table, a text without full stops) is cut at clause
/// punctuation, so reading stays linear in the length of the text.
pub const MAX_SENTENCE: usize = 2_000;

fn push_trimmed(line: &str, s: usize, e: usize, out: &mut Vec<(usize, usize)>) {
    let piece = &line[s..e];
    let lead = piece.len() - piece.trim_start().len();
    let trail = piece.len() - piece.trim_end().len();
    if e - s <= lead + trail {
        return;
    }
    let (mut s, e) = (s + lead, e - trail);
    while e - s > MAX_SENTENCE {
        let mut cut = s + MAX_SENTENCE;
        while !line.is_char_boundary(cut) {
            cut -= 1;
        }
        let window = &line[s..cut];
        let at = window
            .rfind("; ")
            .or_else(|| window.rfind(", "))
            .or_else(|| window.rfind(' '))
            .map_or(cut, |i| s + i + 1);
        let at = if at <= s { cut } else { at };
        out.push((s, at));
        s = at;
        while s < e && line.as_bytes()[s] == b' ' {
            s += 1;
        }
    }
    if e > s {
        out.push((s, e));
    }
}

/// Where a reference number printed as a superscript and glued to a full
/// stop ends ("involuntary movements.5 Ataxia", "asymptomatic.3,4 Primary"):
/// the citation closes the sentence before it. Only after a word (a
/// letter or a closing bracket), so that decimals stay whole.
fn glued_citation(b: &[u8], i: usize) -> Option<usize> {
    if b[i] != b'.' || i == 0 || !(b[i - 1].is_ascii_lowercase() || b[i - 1] == b')') {
        return None;
    }
    // "No.3 Hospital", "Fig.2 The": an abbreviation with its number.
    let word_at = b[..i]
        .iter()
        .rposition(|c| !c.is_ascii_alphabetic())
        .map_or(0, |k| k + 1);
    let word = b[word_at..i].to_ascii_lowercase();
    if NUMBERED_ABBREVIATIONS.contains(&word.as_slice()) {
        return None;
    }
    let digits = b[i + 1..]
        .iter()
        .take_while(|c| c.is_ascii_digit() || matches!(c, b',' | b'-'))
        .count();
    let end = i + 1 + digits;
    let first_digit = b.get(i + 1).is_some_and(u8::is_ascii_digit);
    let last_digit = digits > 0 && b[end - 1].is_ascii_digit();
    let then_capital =
        b.get(end) == Some(&b' ') && b.get(end + 1).is_some_and(u8::is_ascii_uppercase);
    (first_digit && last_digit && digits <= 8 && then_capital).then_some(end)
}

/// Abbreviations written with a number after their full stop.
const NUMBERED_ABBREVIATIONS: &[&[u8]] = &[
    b"no", b"nos", b"fig", b"figs", b"vol", b"ref", b"ch", b"pp", b"nr", b"approx",
];

/// Whether lowercase sentence `t` ends with a superscript reference number
/// glued to its full stop ("... involuntary movements.5").
fn ends_with_glued_citation(t: &str) -> bool {
    let head = t.trim_end_matches(|c: char| c.is_ascii_digit() || c == ',' || c == '-');
    head.len() < t.len()
        && t.ends_with(|c: char| c.is_ascii_digit())
        && head
            .strip_suffix('.')
            .is_some_and(|h| h.ends_with(|c: char| c.is_ascii_lowercase() || c == ')'))
}

fn is_boundary(line: &str, i: usize) -> bool {
    let b = line.as_bytes();
    // Decimal point or version number.
    if b[i] == b'.'
        && i > 0
        && b[i - 1].is_ascii_digit()
        && b.get(i + 1).is_some_and(u8::is_ascii_digit)
    {
        return false;
    }
    let after = &line[i + 1..];
    let next = after.trim_start_matches([' ', '"', '\'', ')']);
    if after.len() == next.len() && !after.is_empty() {
        return false; // no space after: "b.i.d", "e.g.x"
    }
    let Some(first) = next.chars().next() else {
        return true;
    };
    if !(first.is_uppercase() || first.is_ascii_digit() || first == '(' || first == '[') {
        return false;
    }
    if b[i] == b'.' {
        let word: String = line[..i]
            .rsplit(|c: char| c.is_whitespace() || c == '(')
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        if ABBREVIATIONS.contains(&word.as_str()) {
            return false;
        }
        // A single capital letter is an initial ("Mrs A. Smith").
        if word.len() == 1 && line[..i].ends_with(|c: char| c.is_ascii_uppercase()) {
            return false;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    /// The literature markers a sentence holds, found by searching the
    /// sentence alone for each set (as `mark_literature` did before it
    /// searched the whole text once).
    fn held_by_own_search() -> impl Fn(&str) -> Held {
        let search = |set: &[&str]| aho_corasick::AhoCorasick::new(set).expect("phrases");
        let (others, generic, habits) = (search(OTHERS), search(GENERIC), search(GENERIC_HABITS));
        move |t| Held {
            others: others.is_match(t),
            generic: generic.is_match(t) || habits.is_match(t),
            habit: habits.is_match(t),
        }
    }

    #[test]
    fn two_authors_as_the_first_two_pieces_tell() {
        let by_split = |t: &str| t.split(',').take(2).filter(|a| author(a)).count() == 2;
        let mut lines = crate::test_corpus::narrative_lines();
        lines.extend(
            [
                "Smith AB, Jones C",
                "Smith AB, Jones C, Brown D. Title. 2019;1:2.",
                "Smith AB,",
                ",Smith AB",
                "Smith AB",
                "",
                ",",
                "Smith AB, Jones C.",
                "A man, Jones C",
            ]
            .map(String::from),
        );
        for line in &lines {
            let t = line.trim_start();
            assert_eq!(two_authors(t), by_split(t), "{t:?}");
        }
    }

    #[test]
    fn markers_of_the_whole_text_are_each_sentence_s_own() {
        let mut texts = vec![
            "Other patients often die. In a previous report, patients with ILD are rare.".into(),
            "such patients\npatients may \n% of cases\nin the literatureprognos".into(),
        ];
        texts.extend(crate::test_corpus::narratives().into_iter().map(|(_, t)| t));
        let own = held_by_own_search();
        let mut held = 0;
        for text in &texts {
            let lower = text.to_ascii_lowercase();
            let markers = Markers::in_text(&lower);
            let spans = sentences(text).into_iter().map(|s| (s.start, s.end));
            // Spans that cut through phrases too.
            let cuts = (0..lower.len())
                .step_by(37)
                .map(|a| (a, (a + 90).min(lower.len())));
            for (a, b) in spans.chain(cuts) {
                let Some(t) = lower.get(a..b) else { continue };
                let got = markers.within(a, b);
                assert_eq!(got, own(t), "{t:?}");
                held += usize::from(got != Held::default());
            }
        }
        assert!(held > 100, "only {held} spans hold a marker");
    }

    use super::*;

    /// The line and label readers give what `split('\n')` and a label
    /// before the first colon anywhere give, on every fixture and corpus
    /// text and on random texts of newlines, colons and letters.
    #[test]
    fn lines_and_labels_as_before() {
        let label_anywhere = |line: &str| -> Option<String> {
            let (label, rest) = line.split_once(':')?;
            let ok = label.len() <= 40
                && (1..=4).contains(&label.split_whitespace().count())
                && label.chars().all(|c| {
                    c.is_ascii_alphabetic() || c == ' ' || c == '/' || c == '-' || c == '&'
                })
                && !rest.trim().is_empty();
            ok.then(|| label.trim().to_ascii_lowercase())
        };
        let check = |text: &str| {
            let got: Vec<&str> = lines(text).collect();
            let want: Vec<&str> = text.split('\n').collect();
            assert_eq!(got, want);
            for line in got {
                assert_eq!(inline_label(line), label_anywhere(line), "{line:?}");
            }
        };
        let mut texts = 0;
        for (_, raw) in crate::test_corpus::narratives() {
            check(&raw);
            texts += 1;
        }
        assert!(texts >= 16, "only {texts} texts");
        let pieces = [
            "\n",
            ":",
            "a",
            "Past history",
            " ",
            "é",
            "x".repeat(38).leak(),
        ];
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        for _ in 0..20_000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let mut r = seed;
            let len = (r % 10) as usize;
            let text: String = (0..len)
                .map(|_| {
                    r /= 7;
                    pieces[(r % 7) as usize]
                })
                .collect();
            check(&text);
        }
    }

    fn texts(t: &str) -> Vec<(&str, Part)> {
        sentences(t)
            .into_iter()
            .map(|s| (&t[s.start..s.end], s.part))
            .collect()
    }

    /// The part of the sentence `x` of `t`.
    fn part_of(t: &str, x: &str) -> Option<Part> {
        texts(t).into_iter().find(|g| g.0 == x).map(|g| g.1)
    }

    /// Asserts the parts of an article whose abstract holds "A man, 40."
    /// and "Treat early.", its introduction "It is rare.", its case "A man
    /// came." and "He improved.", and its discussion "We think.".
    fn assert_article_parts(t: &str) {
        let abstract_ = Some(Part::Origin(Origin::Abstract));
        let body = Some(Part::Origin(Origin::Body));
        assert_eq!(part_of(t, "A man, 40."), abstract_);
        assert_eq!(part_of(t, "Treat early."), abstract_);
        assert_eq!(part_of(t, "It is rare."), Some(Part::Background));
        assert_eq!(part_of(t, "A man came."), body);
        assert_eq!(part_of(t, "He improved."), body);
        assert_eq!(
            part_of(t, "We think."),
            Some(Part::Origin(Origin::Discussion))
        );
    }

    #[test]
    fn splits_without_breaking_numbers_or_abbreviations() {
        let t = "WBC was 6.7 x 10^9/L. Tacrolimus 1 mg b.i.d. was given. Dr. Smith saw him.";
        let got: Vec<&str> = texts(t).into_iter().map(|x| x.0).collect();
        assert_eq!(
            got,
            [
                "WBC was 6.7 x 10^9/L.",
                "Tacrolimus 1 mg b.i.d. was given.",
                "Dr. Smith saw him."
            ]
        );
    }

    #[test]
    fn plain_titles_end_an_introduction_and_structured_abstracts_stay_abstract() {
        assert_article_parts(
            "Abstract\nBackground\nRare.\nCase presentation\nA man, 40.\nConclusions\nTreat early.\nBackground\nIt is rare.\nCase presentation\nA man came.\nCourse of the illness\nHe improved.\nDiscussion\nWe think.",
        );
        let t = "Abstract\nA man came and went.\nIntroduction\nIt is rare.\nPatient history\nA man came.";
        let got = texts(t);
        assert_eq!(got[0].1, Part::Origin(Origin::Abstract));
        assert_eq!(got[1], ("It is rare.", Part::Background));
        assert_eq!(got[2], ("A man came.", Part::Origin(Origin::Body)));
    }

    #[test]
    fn a_structured_abstract_ends_after_its_conclusion() {
        // The article's headings need not repeat the abstract's.
        assert_article_parts(
            "Abstract\nBackground\nRare.\nCase summary\nA man, 40.\nConclusion\nTreat early.\nIntroduction\nIt is rare.\nChief complaints\nA man came.\nTreatment\nHe improved.\nDiscussion\nWe think.",
        );
        // A conclusion wrapped across lines is still the abstract's.
        let t = "Abstract\nBackground\nRare.\nConclusion\nWhipple disease should be considered in\npatients with arthralgia.\nIntroduction\nIt is rare.";
        let part = |x: &str| part_of(t, x);
        let wrapped = Some(Part::Origin(Origin::Abstract));
        assert_eq!(part("Whipple disease should be considered in"), wrapped);
        assert_eq!(part("patients with arthralgia."), wrapped);
        assert_eq!(part("It is rare."), Some(Part::Background));
    }

    #[test]
    fn a_lettered_handover_label_is_a_heading_of_the_patients_own_text() {
        assert_eq!(heading("B - Background"), Some(Part::Origin(Origin::Body)));
        assert_eq!(heading("S - Situation"), Some(Part::Origin(Origin::Body)));
        assert_eq!(heading("A - she was seen."), None);
    }

    #[test]
    fn headings_set_parts_and_abstract_is_detected() {
        let t = "An abstract sentence.\nINTRODUCTION\nGeneral text.\nCASE REPORT\nA man came.\n[image: Figure 1]FIGURE 1 | Papules.\nTable 1: Hb 9.8 g/dL; WBC 14.2; Plt 412\nDISCUSSION\nWe think.\nREFERENCES\nSmith J. 2020.";
        let got = texts(t);
        assert_eq!(
            got[0],
            ("An abstract sentence.", Part::Origin(Origin::Abstract))
        );
        assert_eq!(got[1].1, Part::Background);
        assert_eq!(got[2], ("A man came.", Part::Origin(Origin::Body)));
        assert_eq!(got[3].1, Part::Origin(Origin::Caption));
        assert_eq!(got[4].1, Part::Origin(Origin::Table));
        assert_eq!(got[5], ("We think.", Part::Origin(Origin::Discussion)));
        assert_eq!(got.len(), 6, "references are skipped");
    }

    #[test]
    fn an_articles_furniture_is_no_part_of_the_case() {
        let t = "A man came.\nKeywords: Dermatomyositis; Rituximab; Pulmonary hypertension\n\
                 ILD: interstitial lung disease; MMF: mycophenolate mofetil; PE: plasma exchange\n\
                 ILD, interstitial lung disease; IVIG, intravenous immunoglobulin; TOF, tofacitinib\n\
                 He improved.\n\
                 1. Sato S, Kuwana M. Cyclosporine in dermatomyositis. Arthritis Rheum. 2005;52:1571-6.\n\
                 [2] Smith AB, Jones C. Pneumothorax. Semin Arthritis Rheum 2020;50(4):776-90.\n\
                 cytomegalovirus pneumonia in a patient given tacrolimus\n\
                 Abbreviations\nMMF mycophenolate mofetil\nReference\nCyclosporine in ILD.";
        let got = texts(t);
        let said: Vec<&str> = got.iter().map(|(s, _)| *s).collect();
        // The wrapped title of a reference runs on in the list.
        assert_eq!(said, ["A man came.", "He improved."]);
        // Lines that only look like furniture stay.
        assert!(!glossary(
            "Medications: prednisolone 20 mg; tacrolimus 3 mg; MMF 1 g"
        ));
        assert!(!reference_entry("1. Prednisolone 20 mg daily"));
        assert!(!reference_entry(
            "She was seen in 2019; 3 visits: 2 in clinic"
        ));
        assert!(reference_entry(
            "Kurtzman DJ, Wright NA. Tofacitinib. JAMA Dermatol. 2016;152:944-5."
        ));
        assert_eq!(heading("Reference range"), None);
    }

    #[test]
    fn a_body_sentence_citing_others_and_naming_no_one_of_the_case_is_discussion() {
        let text = "She was given erlotinib 150 mg daily. Weekly erlotinib up to 2000 mg is \
                    tolerable [4]. Another patient treated with 1500 mg weekly had no toxicity. \
                    We increased her dose as described [3, 8].";
        let mut got = sentences(text);
        mark_literature(&text.to_ascii_lowercase(), &mut got);
        let parts: Vec<Part> = got.iter().map(|s| s.part).collect();
        let (body, discussion) = (Part::Origin(Origin::Body), Part::Origin(Origin::Discussion));
        assert_eq!(parts, [body, discussion, discussion, body]);
    }

    #[test]
    fn what_holds_for_patients_in_general_is_discussion() {
        let text = "Rapidly progressive ILD is the leading cause of death in anti-MDA5 \
                    dermatomyositis. A ferritin above 1000 ng/mL is a known risk factor for death. \
                    Treatment typically consists of prednisolone and tacrolimus. Up to 70% of \
                    patients develop ILD. Her ferritin is associated with activity. Ferritin was \
                    2340 ng/mL in 20% of the samples.";
        let mut got = sentences(text);
        mark_literature(&text.to_ascii_lowercase(), &mut got);
        let parts: Vec<Part> = got.iter().map(|s| s.part).collect();
        let (body, discussion) = (Part::Origin(Origin::Body), Part::Origin(Origin::Discussion));
        // Not what names the patient, nor what is told in the past.
        assert_eq!(
            parts,
            [discussion, discussion, discussion, discussion, body, body]
        );
    }

    #[test]
    fn a_numbered_heading_is_read_by_its_words_and_a_numbered_list_item_is_no_heading() {
        let discussion = Some(Part::Origin(Origin::Discussion));
        assert_eq!(heading("3. Discussion"), discussion);
        assert_eq!(heading("4 | DISCUSSION"), discussion);
        assert_eq!(heading("III. Discussion"), discussion);
        assert_eq!(heading("5. Literature review"), discussion);
        assert_eq!(
            heading("2.1 Case presentation"),
            Some(Part::Origin(Origin::Body))
        );
        assert_eq!(heading("3. Amlodipine"), None);
        assert_eq!(heading("3. Discussion with family"), None);
        assert_eq!(heading("IV methylprednisolone"), None);
    }

    #[test]
    fn what_other_authors_reported_without_a_citation_is_discussion() {
        let text = "She was given tacrolimus. Kurasawa et al. reported a 62-year-old man who \
                    died despite cyclophosphamide. In a previous report, a 38-year-old woman \
                    developed pneumomediastinum. Myositis was classified by the criteria of \
                    Lundberg et al. and rituximab was given as described by Aggarwal et al.";
        let mut got = sentences(text);
        mark_literature(&text.to_ascii_lowercase(), &mut got);
        let parts: Vec<Part> = got.iter().map(|s| s.part).collect();
        let (body, discussion) = (Part::Origin(Origin::Body), Part::Origin(Origin::Discussion));
        assert_eq!(parts, [body, discussion, discussion, body]);
    }

    #[test]
    fn a_letter_without_headings_is_all_body() {
        let got = texts("Dear Dr Brown,\nThank you for referring Mr B. He has a cough.");
        assert!(
            got.iter().all(|g| g.1 == Part::Origin(Origin::Body)),
            "{got:?}"
        );
    }

    #[test]
    fn a_reference_number_glued_to_a_full_stop_ends_its_sentence_and_cites() {
        let text = "Such tumours are often found early and are asymptomatic.3,4 Bone marrow \
                    biopsy was performed. The dose was 2.5 Twice daily dosing followed.";
        let mut got = sentences(text);
        mark_literature(&text.to_ascii_lowercase(), &mut got);
        let got: Vec<(&str, Part)> = got
            .iter()
            .map(|s| (&text[s.start..s.end], s.part))
            .collect();
        assert_eq!(
            got[0],
            (
                "Such tumours are often found early and are asymptomatic.3,4",
                Part::Origin(Origin::Discussion)
            )
        );
        assert_eq!(
            got[1],
            (
                "Bone marrow biopsy was performed.",
                Part::Origin(Origin::Body)
            )
        );
        assert!(got[2].0.starts_with("The dose was 2.5 Twice"), "{got:?}");
        let text = "She was seen at No.3 Hospital in Beijing.";
        assert_eq!(sentences(text).len(), 1);
    }
}
