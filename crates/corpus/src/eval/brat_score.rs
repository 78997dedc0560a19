//! Span-level precision, recall and F1 per entity type of a brat corpus.

use std::collections::BTreeMap;

use casecourse_model::{Course, Span};

use super::mapping::{Mapping, fact_spans};
use super::{Prf, context};
use crate::brat::{BratDocument, Entity};

/// Counts of one entity type.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct TypeCounts {
    /// Annotated entities.
    pub gold: usize,
    /// Predicted spans.
    pub predicted: usize,
    /// Gold entities matched exactly (span equal to the entity's extent).
    pub strict: usize,
    /// Gold entities matched by an overlapping span.
    pub lenient: usize,
}

impl TypeCounts {
    /// Strict precision, recall, F1.
    pub fn strict(&self) -> Prf {
        Prf::new(self.strict, self.predicted, self.gold)
    }
    /// Lenient (overlap) precision, recall, F1.
    pub fn lenient(&self) -> Prf {
        Prf::new(self.lenient, self.predicted, self.gold)
    }
    fn add(&mut self, o: &TypeCounts) {
        self.gold += o.gold;
        self.predicted += o.predicted;
        self.strict += o.strict;
        self.lenient += o.lenient;
    }
}

/// A false positive or false negative, with its words in context.
#[derive(Debug, Clone, PartialEq)]
pub struct SpanError {
    /// Document id.
    pub doc: String,
    /// Entity type.
    pub entity_type: String,
    /// `false negative` or `false positive` (lenient).
    pub what: &'static str,
    /// The words.
    pub words: String,
    /// The words with some text either side, marked `[[...]]`.
    pub context: String,
}

/// Scores of a brat corpus.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct BratScore {
    /// Documents scored.
    pub documents: usize,
    /// Counts per entity type (every annotated or mapped type).
    pub per_type: BTreeMap<String, TypeCounts>,
    /// Documents that could not be read: `(id, reason)`.
    pub errors: Vec<(String, String)>,
    /// Unknown `.ann` lines: `(doc, line, content)`.
    pub unknown_lines: Vec<(String, usize, String)>,
    /// False positives and negatives, when asked for.
    pub span_errors: Vec<SpanError>,
}

fn overlaps(a: Span, b: Span) -> bool {
    a.start < b.end && b.start < a.end
}

fn strict_match(e: &Entity, s: Span) -> bool {
    e.extent() == s
}

fn lenient_match(e: &Entity, s: Span) -> bool {
    e.spans.iter().any(|f| overlaps(*f, s))
}

/// One-to-one matches of gold entities to predicted spans, in document
/// order; returns which predicted spans were used.
fn match_spans(
    gold: &[&Entity],
    pred: &[Span],
    ok: fn(&Entity, Span) -> bool,
) -> (usize, Vec<bool>, Vec<bool>) {
    let mut used = vec![false; pred.len()];
    let mut found = vec![false; gold.len()];
    let mut n = 0;
    for (gi, g) in gold.iter().enumerate() {
        if let Some(pi) = (0..pred.len()).find(|&pi| !used[pi] && ok(g, pred[pi])) {
            used[pi] = true;
            found[gi] = true;
            n += 1;
        }
    }
    (n, found, used)
}

impl BratScore {
    /// Adds one document: its annotations against the extracted `course`
    /// (which must be of the same text). With `errors`, keeps every lenient
    /// false positive and false negative.
    pub fn add_document(
        &mut self,
        doc: &BratDocument,
        course: &Course,
        mapping: &Mapping,
        errors: bool,
    ) {
        self.documents += 1;
        for (line, content) in &doc.annotations.unknown {
            self.unknown_lines
                .push((doc.id.clone(), *line, content.clone()));
        }
        let mut gold: BTreeMap<&str, Vec<&Entity>> = BTreeMap::new();
        for e in &doc.annotations.entities {
            gold.entry(e.kind.as_str()).or_default().push(e);
        }
        let mut types: Vec<&str> = gold.keys().copied().collect();
        types.extend(mapping.types.keys().map(String::as_str));
        types.sort_unstable();
        types.dedup();
        for ty in types {
            let g = gold.get(ty).map(Vec::as_slice).unwrap_or_default();
            let mut pred: Vec<Span> = match mapping.types.get(ty) {
                Some(map) => course
                    .facts
                    .iter()
                    .flat_map(|f| fact_spans(f, map))
                    .collect(),
                None => Vec::new(),
            };
            pred.sort_unstable();
            pred.dedup();
            let (strict, _, _) = match_spans(g, &pred, strict_match);
            let (lenient, found, used) = match_spans(g, &pred, lenient_match);
            let c = TypeCounts {
                gold: g.len(),
                predicted: pred.len(),
                strict,
                lenient,
            };
            self.per_type.entry(ty.to_string()).or_default().add(&c);
            if errors && mapping.produces(ty) {
                let text = &doc.text;
                for (e, _) in g.iter().zip(&found).filter(|(_, f)| !**f) {
                    self.push_error(doc, ty, "false negative", e.extent(), text);
                }
                for (s, _) in pred.iter().zip(&used).filter(|(_, u)| !**u) {
                    self.push_error(doc, ty, "false positive", *s, text);
                }
            }
        }
    }

    fn push_error(
        &mut self,
        doc: &BratDocument,
        ty: &str,
        what: &'static str,
        s: Span,
        text: &str,
    ) {
        self.span_errors.push(SpanError {
            doc: doc.id.clone(),
            entity_type: ty.to_string(),
            what,
            words: text.get(s.start..s.end).unwrap_or_default().to_string(),
            context: context(text, s, 40),
        });
    }

    /// Micro averages over the types we produce: `(strict, lenient)`.
    pub fn micro(&self, mapping: &Mapping) -> (Prf, Prf) {
        let mut sum = TypeCounts::default();
        for (ty, c) in &self.per_type {
            if mapping.produces(ty) {
                sum.add(c);
            }
        }
        (sum.strict(), sum.lenient())
    }

    /// Micro averages over every annotated type, counting the types we do
    /// not produce as all missed: `(strict, lenient)`.
    pub fn micro_all(&self) -> (Prf, Prf) {
        let mut sum = TypeCounts::default();
        for c in self.per_type.values() {
            sum.add(c);
        }
        (sum.strict(), sum.lenient())
    }

    /// Macro averages (mean of per-type F1, precision and recall) over the
    /// types we produce that occur in the gold: `(strict, lenient)`.
    pub fn macro_avg(&self, mapping: &Mapping) -> (Prf, Prf) {
        let counts: Vec<&TypeCounts> = self
            .per_type
            .iter()
            .filter(|(ty, c)| mapping.produces(ty) && c.gold > 0)
            .map(|(_, c)| c)
            .collect();
        (
            Prf::mean(counts.iter().map(|c| c.strict())),
            Prf::mean(counts.iter().map(|c| c.lenient())),
        )
    }

    /// Adds another score (of other documents).
    pub fn merge(&mut self, other: BratScore) {
        self.documents += other.documents;
        for (ty, c) in other.per_type {
            self.per_type.entry(ty).or_default().add(&c);
        }
        self.errors.extend(other.errors);
        self.unknown_lines.extend(other.unknown_lines);
        self.span_errors.extend(other.span_errors);
    }
}
