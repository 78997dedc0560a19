//! Facts from sentences: one builder per kind of statement.

mod allergy;
mod drug_negation;
pub mod ellipsis;
mod exam;
mod functional_class;
pub mod given_as;
pub mod imaging;
mod measure;
mod measured_signs;
mod med_fields;
pub mod medication;
mod method_targets;
mod nocte;
mod notation;
pub(crate) mod oxygen;
pub mod people;
mod procedures;
mod regimens;
mod result_entry;
mod schedule;
pub mod senses;
pub mod shapes;
pub(crate) mod short_forms;
pub mod sign_values;
mod social;
mod status_subjects;
mod strength;
mod table;
mod terms;
mod tests;
pub mod visits;
pub mod walk_test;
mod weight_change;

use std::collections::BTreeSet;

use casecourse_model::{Certainty, Experiencer, Fact, Kind, Origin, PartRole, Span};

use crate::context::{Assertion, assert_mention};
use crate::doc::{Doc, SentenceView};
use crate::matcher::Mention;
use crate::segment::Part;

/// The note that marks a taper step still waiting for its end.
pub fn medication_open_end() -> &'static str {
    medication::OPEN_END
}

/// The note of a dose that ran until discharge.
pub fn medication_until_discharge() -> &'static str {
    medication::UNTIL_DISCHARGE
}

/// What the builders share while reading one sentence.
pub struct Ctx<'d, 'v> {
    /// The document.
    pub doc: &'d Doc<'d>,
    /// The sentence.
    pub v: &'v SentenceView<'d>,
    /// Mentions already turned into (part of) a fact, by start offset.
    pub claimed: BTreeSet<usize>,
    /// Facts made from this sentence.
    pub out: Vec<Fact>,
    /// Clause separators of the sentence as (start, end), in order.
    pub clauses: Vec<(usize, usize)>,
}

/// Words that end one clause and begin another.
const CLAUSE_SEPARATORS: [&str; 7] = [
    "; ",
    ", while ",
    ", whereas ",
    ", but ",
    ", although ",
    ", with other ",
    ". ",
];

/// The clause separators of sentence `text` (starting at folded `start`)
/// as (start, end), in order. Every separator opens with a semicolon, a
/// comma or a full stop: memchr jumps between those (a byte loop over
/// every sentence was ≈2 % of an extraction's time, most of it
/// mispredicted branches).
fn clause_separators(text: &str, start: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for i in memchr::memchr3_iter(b';', b',', b'.', text.as_bytes()) {
        let rest = &text.as_bytes()[i..];
        // "grew E. coli": a single letter before the full stop is an
        // initial or a genus, not a clause's end.
        let b = text.as_bytes();
        let initial = b[i] == b'.'
            && i > 0
            && b[i - 1].is_ascii_alphabetic()
            && (i == 1 || !b[i - 2].is_ascii_alphanumeric());
        if let Some(sep) = CLAUSE_SEPARATORS
            .iter()
            .find(|s| rest.starts_with(s.as_bytes()))
            .filter(|_| !initial)
        {
            out.push((start + i, start + i + sep.len()));
        }
    }
    out
}

impl Ctx<'_, '_> {
    /// A new fact about words at `[start, end)`, placed in time.
    pub fn fact(&self, kind: Kind, name: &str, start: usize, end: usize) -> Fact {
        let mut f = Fact::new("", kind, name);
        self.place(&mut f, start);
        f.origin = self.v.origin().unwrap_or(Origin::Discussion);
        f.spans = vec![Span::new(start, end)];
        f
    }

    /// Places `f` where the narrative stands at folded `pos`, labelling the
    /// time expression of the sentence that put it there (if one did).
    pub fn place(&self, f: &mut Fact, pos: usize) {
        let (time, span) = self.doc.time_with_span_at(self.v.idx, pos);
        f.time = time;
        match span {
            Some((a, b)) => f.set_part(PartRole::Time, Span::new(a, b)),
            None => f.clear_part(PartRole::Time),
        }
    }

    /// Applies ConText to a fact from mention `[start, end)`, labelling the
    /// negation trigger.
    pub fn assert(&self, f: &mut Fact, start: usize, end: usize) -> Assertion {
        let mut a = assert_mention(&self.doc.folded.text, start, end, &self.v.hits);
        // "Chest pain: absent", "Fever (-)": the note's own mark says it.
        if notation::applies_to(f.kind)
            && let Some((absent, span)) = notation::mark_after(self.text_after(end, 24), end)
        {
            a.negated = absent;
            a.negation = absent.then_some(span);
            if !absent {
                f.clear_part(PartRole::Negation);
            }
        }
        f.negated = a.negated;
        if let Some((s, e)) = a.negation {
            f.set_part(PartRole::Negation, Span::new(s, e));
        }
        if a.possible {
            f.certainty = Certainty::Possible;
        } else if a.hypothetical {
            f.certainty = Certainty::Hypothetical;
        }
        if a.family {
            f.experiencer = Experiencer::Family;
        }
        a
    }

    /// Whether `pos` lies in a list of past conditions opened earlier in the
    /// sentence ("her history included hypertension treated with amlodipine
    /// and osteopenia"), with no verb of presentation or clause of its own
    /// in between ("... hypertension, and presented with pneumonia").
    pub fn in_history_list(&self, pos: usize) -> bool {
        let Some(intro) = self
            .v
            .cues_with("history-intro")
            .filter(|c| c.end <= pos)
            .map(|c| c.end)
            .max()
        else {
            return false;
        };
        // A clause of its own ends the list ("a history of asthma and was
        // started on prednisolone").
        let between = self.doc.lower_text(intro, pos);
        !self
            .v
            .cues_with("presentation")
            .any(|c| c.start >= intro && c.end <= pos)
            && ![" and was ", " and were ", " and is ", " but ", ";"]
                .iter()
                .any(|w| between.contains(w))
    }

    /// Whether the sentence sits under a past-history heading ("PMH:",
    /// "Past medical history", "Background") or opens with one without a
    /// colon ("PMH - COPD").
    pub fn under_history_heading(&self) -> bool {
        const PMH: &[&str] = &[
            "past medical",
            "medical history",
            "pmh",
            "comorbid",
            "background",
            "past history",
        ];
        let line = self
            .doc
            .lower_text(self.v.s.start, (self.v.s.start + 24).min(self.v.s.end));
        self.v
            .s
            .heading
            .as_deref()
            .is_some_and(|h| h == "hx" || PMH.iter().any(|w| h.contains(w)))
            || PMH.iter().any(|w| line.starts_with(w))
    }

    /// Folded text of a range.
    pub fn text(&self, start: usize, end: usize) -> &str {
        self.doc.text(start, end)
    }

    /// The words between `a` and `b`, trimmed; none when `b` comes first.
    pub fn gap(&self, a: usize, b: usize) -> Option<&str> {
        (a <= b).then(|| self.text(a, b).trim())
    }

    /// The sentence's text from `pos` on, at most `len` bytes, cut at a
    /// character boundary ("↑ 0.9% saline": a byte window may end inside a
    /// character, where `text` would give nothing).
    pub fn text_after(&self, pos: usize, len: usize) -> &str {
        let t = self.text(pos, self.v.s.end);
        let mut end = len.min(t.len());
        while !t.is_char_boundary(end) {
            end -= 1;
        }
        &t[..end]
    }

    /// The sentence's text up to `pos`, at most `len` bytes, cut at a
    /// character boundary.
    pub fn text_before(&self, pos: usize, len: usize) -> &str {
        let t = self.text(self.v.s.start, pos);
        let mut start = t.len().saturating_sub(len);
        while !t.is_char_boundary(start) {
            start += 1;
        }
        &t[start..]
    }

    /// [`Self::text_before`], ASCII-lowercased: read from the document's
    /// lowercased copy (same offsets, no allocation).
    pub fn lower_before(&self, pos: usize, len: usize) -> &str {
        let n = self.text_before(pos, len).len();
        self.doc.lower_text(pos - n, pos)
    }

    /// [`Self::text_after`], ASCII-lowercased, as [`Self::lower_before`].
    pub fn lower_after(&self, pos: usize, len: usize) -> &str {
        let n = self.text_after(pos, len).len();
        self.doc.lower_text(pos, pos + n)
    }

    /// The lowercased word after `pos` (within 24 bytes, spaces skipped,
    /// up to a space or a clause mark): "interval" in "symptom-free
    /// interval".
    pub fn next_word(&self, pos: usize) -> &str {
        self.lower_after(pos, 24)
            .trim_start()
            .split([' ', ',', '.', ';'])
            .next()
            .unwrap_or("")
    }

    /// Claims every mention inside `[a, b)`: words a builder has read as
    /// part of its own fact ("a prednisone pulse", a table row's name),
    /// which no later builder reads again.
    pub fn claim_within(&mut self, a: usize, b: usize) {
        let inside: Vec<usize> = self
            .v
            .mentions
            .iter()
            .filter(|x| x.start >= a && x.end <= b)
            .map(|x| x.start)
            .collect();
        self.claimed.extend(inside);
    }

    /// The sentence's end, or the start of the next clause after `pos`.
    pub fn clause_end(&self, pos: usize) -> usize {
        let i = self.clauses.partition_point(|&(s, _)| s < pos);
        self.clauses.get(i).map_or(self.v.s.end, |&(s, _)| s)
    }

    /// Start of the clause containing `pos`.
    pub fn clause_start(&self, pos: usize) -> usize {
        let i = self.clauses.partition_point(|&(_, e)| e <= pos);
        if i == 0 {
            self.v.s.start
        } else {
            self.clauses[i - 1].1
        }
    }

    /// Mentions of the sentence that nobody claimed yet.
    pub fn free(&self) -> impl Iterator<Item = &Mention> {
        self.v
            .mentions
            .iter()
            .filter(|m| !self.claimed.contains(&m.start))
    }

    /// The unclaimed mentions of the categories `cats`, copied out (a
    /// builder claims words while it walks them).
    pub fn free_of(&self, cats: &[crate::matcher::Cat]) -> Vec<Mention> {
        self.free()
            .filter(|m| cats.contains(&m.cat))
            .copied()
            .collect()
    }
}

/// Where a phrase at the start of `text` ends: at the first of `stops`
/// ("no family history of kidney disease, or ...", "lives with her
/// husband; ..."), else at the end of `text`.
pub fn phrase_end(text: &str, stops: &[&str]) -> usize {
    stops
        .iter()
        .filter_map(|w| text.find(w))
        .min()
        .unwrap_or(text.len())
}

/// Takes `f` out of time: the text does not place it (age, history), so
/// no time expression does either.
pub fn untimed(f: &mut Fact) {
    f.time = casecourse_model::Time::default();
    f.clear_part(PartRole::Time);
}

/// Every fact of the document, in sentence order, with folded spans.
pub fn facts(doc: &Doc) -> Vec<Fact> {
    // Sized by the mentions, which most facts come from: growing a list of
    // these large structs from empty copies them again at every doubling.
    let mut all = Vec::with_capacity(doc.mentions.len());
    let mut table = table::Carry::default();
    let mut last_drug = medication::LastDrug::default();
    // The cue and trigger lists of the last view, reused by the next.
    let (mut cues, mut hits) = (Vec::new(), Vec::new());
    // One list for each sentence's facts, emptied into `all` and reused
    // (from empty, each sentence with facts allocated and grew its own).
    let mut out = Vec::new();
    // The facts of the sentence read last, and its index.
    let mut previous = (0..0, usize::MAX);
    for i in 0..doc.sentences.len() {
        if matches!(doc.sentences[i].part, Part::Skip | Part::Background) {
            continue;
        }
        let v = doc.view_reusing(i, cues, hits);
        let mut ctx = Ctx {
            doc,
            v: &v,
            claimed: BTreeSet::new(),
            out: std::mem::take(&mut out),
            clauses: clause_separators(doc.text(v.s.start, v.s.end), v.s.start),
        };
        // Order matters: builders that read a term in context (a drug's
        // "pulse", an oxygen device's FiO2, an imaging study's impression)
        // claim those words before the generic builders see them.
        people::demographics(&mut ctx);
        table::table(&mut ctx, &mut table);
        medication::medications(&mut ctx, &mut last_drug);
        med_fields::total_dose(&mut ctx);
        oxygen::oxygen(&mut ctx);
        imaging::imaging(&mut ctx);
        measure::measurements(&mut ctx);
        oxygen::room_air_readings(&mut ctx);
        exam::joint_counts(&mut ctx);
        strength::strength_grades(&mut ctx);
        tests::antibodies_and_microbiology(&mut ctx);
        procedures::procedures(&mut ctx);
        terms::events_and_status(&mut ctx);
        terms::history(&mut ctx);
        terms::clinical_terms(&mut ctx);
        weight_change::weight_changes(&mut ctx);
        exam::exam_findings(&mut ctx);
        measured_signs::measured_signs(&mut ctx);
        functional_class::functional_classes(&mut ctx);
        table.date_row(doc.lex, &mut ctx.out);
        if previous.1.wrapping_add(1) == i {
            med_fields::date_drugs(doc, i, &mut all[previous.0.clone()]);
        }
        previous = (all.len()..all.len() + ctx.out.len(), i);
        all.append(&mut ctx.out);
        out = std::mem::take(&mut ctx.out);
        drop(ctx);
        (cues, hits) = (v.cues, v.hits);
    }
    all.extend(table.finish());
    people::sex_from_pronouns(doc, &mut all);
    imaging::name_repeat_studies(doc.lex, &doc.shapes.repeat_marks, &mut all);
    all
}

#[cfg(test)]
mod clause_tests {
    use super::{CLAUSE_SEPARATORS, clause_separators};

    /// The byte loop `clause_separators` was before it used memchr (with
    /// its rule for initials).
    fn by_bytes(text: &str, start: usize) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        for (i, b) in text.bytes().enumerate() {
            if matches!(b, b';' | b',' | b'.') {
                let rest = &text[i..];
                let word_before = text[..i]
                    .rsplit(|c: char| !c.is_ascii_alphanumeric())
                    .next();
                let initial = b == b'.'
                    && word_before
                        .is_some_and(|w| w.len() == 1 && w.as_bytes()[0].is_ascii_alphabetic());
                if initial {
                    continue;
                }
                if let Some(sep) = CLAUSE_SEPARATORS.iter().find(|s| rest.starts_with(*s)) {
                    out.push((start + i, start + i + sep.len()));
                }
            }
        }
        out
    }

    /// The same separators as the byte loop on every line of every
    /// fixture and corpus text (folded, whole and as sentences), and on
    /// random texts of separators, their pieces and non-ASCII letters.
    #[test]
    fn clause_separators_are_the_byte_loops() {
        let mut n = 0;
        for (_, raw) in crate::test_corpus::narratives() {
            let t = crate::normalize::Folded::new(&raw).text;
            assert_eq!(clause_separators(&t, 7), by_bytes(&t, 7));
            for s in crate::segment::sentences(&t) {
                let piece = &t[s.start..s.end];
                let got = clause_separators(piece, s.start);
                assert_eq!(got, by_bytes(piece, s.start), "{piece}");
                n += got.len();
            }
        }
        assert!(n > 1000, "only {n} separators");
        let mut pieces = CLAUSE_SEPARATORS.to_vec();
        pieces.extend([
            ";", ",", ".", " ", ", ", ", with", " other", "but", "é", "x", "\n",
        ]);
        for t in crate::test_corpus::random_texts(&pieces, 20_000, 12, 0x51ab_c0de_77e1_0019) {
            assert_eq!(clause_separators(&t, 3), by_bytes(&t, 3), "{t:?}");
        }
    }
}
