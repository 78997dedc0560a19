//! Scoring an extracted [`Course`] against a gold fact list in our own
//! format (`shared/cases/*.gold.json`, `tests/fixtures/cases/*.gold.json`).
//!
//! # Matching rule
//!
//! The course is converted with [`casecourse_model::flat_rows`]. A
//! medication fact whose time is a point with an interval
//! (`time.start_day..end_day`) also gets `start_week`/`end_week` from that
//! interval, because a flat row keeps only one of them.
//!
//! A gold fact matches an extracted row when
//! - `kind` is equal, except that `lab` and `microbiology` are one family
//!   (a serology or PCR for an infection is filed under either by different
//!   hands): the difference is then a soft mismatch, and a qualitative
//!   `value` ("negative") meets a `result` and back;
//! - the name, normalised by [`crate::normalize_name`] (lowercase; ’ ' and
//!   – — - unified; punctuation dropped; spaces collapsed), equals the gold
//!   name or one of its `aka`, or both are names of one entry of the
//!   built-in lexicon ("breathlessness" and "dyspnea": synonyms the
//!   extractor cannot choose between); an event named for a visit by its
//!   time ("12-month review", "one-year visit", "6-month follow-up") is a
//!   name of the clinic visit, its time being compared as the time;
//! - `negated` is equal (absent = false);
//! - every one of these gold fields that is present agrees:
//!   - `value`: numbers within `1e-6 · max(1, |gold|)`, text equal after
//!     normalisation;
//!   - `unit`: the exact UCUM string, except that `[IU]` and `[iU]` are
//!     one unit, and so is `U` in a drug's dose (see `compare::same_unit`);
//!   - `result`, `route`: equal after normalisation; `frequency`: equal
//!     ignoring case, or the same interval of one dose every so many days
//!     ("QOD" and "Q48H"); `dose`, `flow`, `fio2`: numbers as for `value`;
//!   - `week`, `start_week`, `end_week`, `week_before`, `week_after`,
//!     `onset_week`, and both ends of `week_between`: within
//!     `max(0.5, 10% of |gold|)` weeks.
//!     A gold `start_week` (or `end_week`) is also met by an extracted
//!     `week` at that time, and a gold `week` by an extracted `start_week`
//!     or `end_week`: the "start" versus "at" reading is reported as an
//!     attribute mismatch, not a miss. The rule is written for medications;
//!     it applies to every kind because a flat row of another kind can only
//!     say `week` (`flat_rows` gives `start_week` to medications only).
//!     A gold `week_between` (the text places the fact somewhere in a span,
//!     "during the admission") is also met by an extracted `week` inside
//!     the span (each end widened by its tolerance): the point reading is
//!     reported as an attribute mismatch, not a miss.
//!
//! Other gold fields (`site`, `findings`, `impression`, `status`,
//! `strength`, `flag`, `indication`, `response`, `duration`,
//! `duration_days`, `qualifier`, `dose_text`, `titre`, `device`,
//! `flow_unit`, `date`, `certainty`, `experiencer`) are soft: compared and
//! reported as attribute mismatches, never required. Gold-only fields
//! (`aka`, `optional`, `note`, `weeks`, `analytes`, `on_oxygen`...) are read
//! and ignored by matching.
//!
//! A gold fact named `excluded: a, b, c` (a summary of excluded
//! diagnoses) is read as one negated gold fact per listed name.
//!
//! Matching is one-to-one and best-first: among all matching pairs, those
//! with fewer soft mismatches, then smaller time differences, then required
//! (not optional) gold facts, are taken first.
//!
//! # Counting
//!
//! Optional gold facts that are missed are listed but not counted as
//! misses; an extracted row that matches an optional gold fact is not a
//! false positive. Recall = matched required gold facts / required gold
//! facts; precision = extracted rows that matched a gold fact / extracted
//! rows; F1 their harmonic mean; a ratio with a zero denominator is 0.

mod compare;
mod concepts;
mod load;
mod report;

pub use report::describe;

use std::collections::BTreeMap;

use casecourse_model::{Course, FlatFact, Kind, Relation, flat_rows};

pub use compare::FieldDiff;
use compare::{Comparison, compare, name_similarity};
pub use load::{GoldError, GoldFact, GoldList, load_gold, parse_gold};

/// A gold fact matched with an extracted row.
#[derive(Debug, Clone, PartialEq)]
pub struct MatchedPair {
    /// Position of the gold fact in the gold list.
    pub gold_index: usize,
    /// Gold fact id.
    pub gold_id: String,
    /// Extracted fact id.
    pub extracted_id: String,
    /// Position of the row in `flat_rows(course)`.
    pub extracted_index: usize,
    /// Whether the gold fact is optional.
    pub optional: bool,
}

/// A soft field (or a start/at time reading) that differs in a matched pair.
#[derive(Debug, Clone, PartialEq)]
pub struct AttributeMismatch {
    /// Gold fact id.
    pub gold_id: String,
    /// Extracted fact id.
    pub extracted_id: String,
    /// The difference.
    pub diff: FieldDiff,
}

/// The extracted row closest to a missed gold fact, and why it did not match.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// The row.
    pub row: FlatFact,
    /// The required fields that disagree.
    pub reasons: Vec<FieldDiff>,
    /// The gold fact this row matched instead, if any.
    pub matched_to: Option<String>,
}

/// A gold fact that no extracted row matched.
#[derive(Debug, Clone, PartialEq)]
pub struct Miss {
    /// Position in the gold list.
    pub gold_index: usize,
    /// The gold fact.
    pub gold: GoldFact,
    /// The closest extracted row, if the extraction has any row.
    pub closest: Option<Candidate>,
}

/// Counts for precision, recall and F1.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Counts {
    /// Required gold facts.
    pub gold: usize,
    /// Required gold facts matched.
    pub gold_matched: usize,
    /// Extracted rows.
    pub extracted: usize,
    /// Extracted rows matched to a gold fact (required or optional).
    pub extracted_matched: usize,
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

impl Counts {
    /// Matched extracted rows / extracted rows.
    pub fn precision(&self) -> f64 {
        ratio(self.extracted_matched, self.extracted)
    }
    /// Matched required gold facts / required gold facts.
    pub fn recall(&self) -> f64 {
        ratio(self.gold_matched, self.gold)
    }
    /// Harmonic mean of precision and recall (0 when both are 0).
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
    /// Adds `other` to these counts.
    pub fn add(&mut self, other: &Counts) {
        self.gold += other.gold;
        self.gold_matched += other.gold_matched;
        self.extracted += other.extracted;
        self.extracted_matched += other.extracted_matched;
    }
}

/// The score of one course against one gold list.
#[derive(Debug, Clone, PartialEq)]
pub struct GoldScore {
    /// The gold list's case name.
    pub case: String,
    /// Matched pairs, in gold order.
    pub matched: Vec<MatchedPair>,
    /// Required gold facts that were missed.
    pub missed: Vec<Miss>,
    /// Optional gold facts that were missed (not counted).
    pub missed_optional: Vec<Miss>,
    /// Extracted rows that matched no gold fact.
    pub false_positives: Vec<FlatFact>,
    /// Soft differences within matched pairs.
    pub mismatches: Vec<AttributeMismatch>,
    /// Counts per kind (snake_case kind name).
    pub per_kind: BTreeMap<String, Counts>,
    /// Counts over all kinds.
    pub overall: Counts,
}

/// Flat rows of `course` for scoring: [`flat_rows`], plus the start and end
/// weeks of a medication interval that a flat row cannot hold both of.
pub fn scoring_rows(course: &Course) -> Vec<FlatFact> {
    let mut rows = flat_rows(course);
    for (row, fact) in rows.iter_mut().zip(&course.facts) {
        let t = &fact.time;
        if fact.kind == Kind::Medication && t.relation == Relation::At {
            if row.start_week.is_none() && row.week.is_none() {
                row.start_week = t.start_day.map(to_weeks);
            }
            if row.end_week.is_none() {
                row.end_week = t.end_day.map(to_weeks);
            }
        }
    }
    rows
}

/// Days to weeks, rounded to 2 decimals as [`flat_rows`] does.
fn to_weeks(day: f64) -> f64 {
    (day / casecourse_model::DAYS_PER_WEEK * 100.0).round() / 100.0
}

/// Scores `course` against `gold` (see the module doc for the rule).
pub fn score(course: &Course, gold: &GoldList) -> GoldScore {
    score_rows(&scoring_rows(course), gold)
}

/// Scores flat rows against `gold`.
pub fn score_rows(rows: &[FlatFact], gold: &GoldList) -> GoldScore {
    let names: Vec<Vec<String>> = gold
        .facts
        .iter()
        .map(|g| {
            std::iter::once(&g.row.name)
                .chain(&g.aka)
                .map(|n| crate::normalize_name(n))
                .collect()
        })
        .collect();
    let mut comparisons: Vec<Vec<Comparison>> = Vec::with_capacity(gold.facts.len());
    let mut candidates = Vec::new();
    for (gi, g) in gold.facts.iter().enumerate() {
        let row_cmp: Vec<Comparison> = rows.iter().map(|r| compare(g, &names[gi], r)).collect();
        for (ri, c) in row_cmp.iter().enumerate() {
            if c.matches() {
                candidates.push((c.soft.len(), c.time_distance, g.optional, gi, ri));
            }
        }
        comparisons.push(row_cmp);
    }
    candidates.sort_by(|a, b| {
        a.0.cmp(&b.0)
            .then(a.1.total_cmp(&b.1))
            .then(a.2.cmp(&b.2))
            .then(a.3.cmp(&b.3))
            .then(a.4.cmp(&b.4))
    });
    let mut gold_to_row: Vec<Option<usize>> = vec![None; gold.facts.len()];
    let mut row_to_gold: Vec<Option<usize>> = vec![None; rows.len()];
    for (_, _, _, gi, ri) in candidates {
        if gold_to_row[gi].is_none() && row_to_gold[ri].is_none() {
            gold_to_row[gi] = Some(ri);
            row_to_gold[ri] = Some(gi);
        }
    }
    let mut out = GoldScore {
        case: gold.case.clone(),
        matched: Vec::new(),
        missed: Vec::new(),
        missed_optional: Vec::new(),
        false_positives: Vec::new(),
        mismatches: Vec::new(),
        per_kind: BTreeMap::new(),
        overall: Counts::default(),
    };
    for (gi, g) in gold.facts.iter().enumerate() {
        let counts = out.per_kind.entry(g.row.kind.clone()).or_default();
        if !g.optional {
            counts.gold += 1;
        }
        match gold_to_row[gi] {
            Some(ri) => {
                if !g.optional {
                    counts.gold_matched += 1;
                }
                let row = &rows[ri];
                out.matched.push(MatchedPair {
                    gold_index: gi,
                    gold_id: g.row.id.clone(),
                    extracted_id: row.id.clone(),
                    extracted_index: ri,
                    optional: g.optional,
                });
                for diff in &comparisons[gi][ri].soft {
                    out.mismatches.push(AttributeMismatch {
                        gold_id: g.row.id.clone(),
                        extracted_id: row.id.clone(),
                        diff: diff.clone(),
                    });
                }
            }
            None => {
                let miss = Miss {
                    gold_index: gi,
                    gold: g.clone(),
                    closest: closest(g, &comparisons[gi], rows, &row_to_gold, gold),
                };
                if g.optional {
                    out.missed_optional.push(miss);
                } else {
                    out.missed.push(miss);
                }
            }
        }
    }
    for (ri, row) in rows.iter().enumerate() {
        let counts = out.per_kind.entry(row.kind.clone()).or_default();
        counts.extracted += 1;
        if row_to_gold[ri].is_some() {
            counts.extracted_matched += 1;
        } else {
            out.false_positives.push(row.clone());
        }
    }
    for c in out.per_kind.values() {
        out.overall.add(c);
    }
    out
}

/// The row that comes nearest to matching `g`: same kind first, then fewest
/// disagreeing required fields, then the most similar name.
fn closest(
    g: &GoldFact,
    cmps: &[Comparison],
    rows: &[FlatFact],
    row_to_gold: &[Option<usize>],
    gold: &GoldList,
) -> Option<Candidate> {
    let best_name = |r: &FlatFact| {
        std::iter::once(&g.row.name)
            .chain(&g.aka)
            .map(|n| name_similarity(n, &r.name))
            .fold(0.0, f64::max)
    };
    let (ri, _) = rows.iter().enumerate().min_by(|(i, a), (j, b)| {
        let key = |k: usize, r: &FlatFact| (r.kind != g.row.kind, cmps[k].failures.len());
        key(*i, a)
            .cmp(&key(*j, b))
            .then(best_name(b).total_cmp(&best_name(a)))
    })?;
    Some(Candidate {
        row: rows[ri].clone(),
        reasons: cmps[ri].failures.clone(),
        matched_to: row_to_gold[ri]
            .and_then(|gi| gold.facts.get(gi))
            .map(|f| f.row.id.clone()),
    })
}
