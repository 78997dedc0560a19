//! Evaluation over corpora: brat standoff corpora (span P/R/F1 per entity
//! type, strict and lenient, micro and macro) and folders of gold fact lists.

mod brat_score;
mod gold_run;
mod mapping;
mod table;

use std::path::Path;

use casecourse_model::{Course, Span};
use rayon::prelude::*;

pub use brat_score::{BratScore, SpanError, TypeCounts};
pub use gold_run::{GoldDocument, GoldRun, evaluate_gold_dir};
pub use mapping::{Mapping, MappingError, Meta, Part, TypeMap, fact_spans};
pub use table::{brat_table, gold_table};

use crate::brat::{list_documents, read_document};

/// Extracts the course of a document: `(id, text) → Course`.
pub type Extractor<'a> = &'a (dyn Fn(&str, &str) -> Course + Sync);

/// Runs `extract`, turning a panic into an error naming the document, so
/// one bad document cannot stop a corpus run.
pub fn extract_safely(extract: Extractor<'_>, id: &str, text: &str) -> Result<Course, String> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| extract(id, text))).map_err(|p| {
        let msg = p
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| p.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        format!("the extractor failed on this document: {msg}")
    })
}

/// Precision, recall and F1.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Prf {
    /// Precision.
    pub precision: f64,
    /// Recall.
    pub recall: f64,
    /// F1.
    pub f1: f64,
}

impl Prf {
    /// From true positives, predictions and gold counts; a ratio with a
    /// zero denominator is 0.
    pub fn new(tp: usize, predicted: usize, gold: usize) -> Prf {
        let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
        Prf::from_pr(ratio(tp, predicted), ratio(tp, gold))
    }

    /// From precision and recall.
    pub fn from_pr(precision: f64, recall: f64) -> Prf {
        let f1 = if precision + recall == 0.0 {
            0.0
        } else {
            2.0 * precision * recall / (precision + recall)
        };
        Prf {
            precision,
            recall,
            f1,
        }
    }

    /// Mean of each measure (0 for none).
    pub fn mean(items: impl Iterator<Item = Prf>) -> Prf {
        let (mut p, mut r, mut f, mut n) = (0.0, 0.0, 0.0, 0usize);
        for x in items {
            p += x.precision;
            r += x.recall;
            f += x.f1;
            n += 1;
        }
        if n == 0 {
            return Prf::default();
        }
        let n = n as f64;
        Prf {
            precision: p / n,
            recall: r / n,
            f1: f / n,
        }
    }
}

/// The words of `s` with up to `width` bytes of text either side, on one
/// line, the words marked `[[...]]`.
pub fn context(text: &str, s: Span, width: usize) -> String {
    let floor = |mut i: usize| {
        i = i.min(text.len());
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let (start, end) = (floor(s.start), floor(s.end.max(s.start)));
    let from = floor(start.saturating_sub(width));
    let mut to = floor(end.saturating_add(width));
    while to < text.len() && !text.is_char_boundary(to) {
        to += 1;
    }
    let one_line = |x: &str| x.split_whitespace().collect::<Vec<_>>().join(" ");
    format!(
        "…{} [[{}]] {}…",
        one_line(&text[from..start]),
        one_line(&text[start..end]),
        one_line(&text[end..to])
    )
}

/// Scores every `.txt`/`.ann` pair of `dir`. A document that cannot be read
/// (bad offsets, missing file, not UTF-8) is listed in `errors` and the run
/// goes on.
pub fn evaluate_brat_dir(
    dir: &Path,
    mapping: &Mapping,
    extract: Extractor<'_>,
    keep_errors: bool,
) -> std::io::Result<BratScore> {
    let (docs, lonely) = list_documents(dir)?;
    let mut total = BratScore::default();
    for p in lonely {
        total.errors.push((
            p.display().to_string(),
            "no .ann file beside this .txt".into(),
        ));
    }
    let parts: Vec<BratScore> = docs
        .par_iter()
        .map(|p| {
            let mut s = BratScore::default();
            match read_document(p) {
                Ok(doc) => match extract_safely(extract, &doc.id, &doc.text) {
                    Ok(course) => s.add_document(&doc, &course, mapping, keep_errors),
                    Err(e) => s.errors.push((p.display().to_string(), e)),
                },
                Err(e) => s.errors.push((p.display().to_string(), e.to_string())),
            }
            s
        })
        .collect();
    for s in parts {
        total.merge(s);
    }
    Ok(total)
}

#[cfg(test)]
mod tests;
