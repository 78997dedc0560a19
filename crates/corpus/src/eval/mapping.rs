//! Mapping files: which of our facts stand for a corpus's entity type.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use casecourse_model::{Fact, Kind, Relation, Span};
use serde::Deserialize;

use crate::normalize_name;

/// Which words of a fact stand for an annotated entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Part {
    /// The name mention: `spans[0]`.
    Name,
    /// The whole mention: from the first span's start to the last span's end.
    Mention,
    /// The dose words.
    Dose,
    /// The value words.
    Value,
    /// The frequency words.
    Frequency,
    /// The route words.
    Route,
    /// The duration words.
    Duration,
    /// The time expression.
    Time,
}

/// How one corpus entity type maps to our facts.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TypeMap {
    /// Our kinds whose facts produce this type (empty: not produced).
    #[serde(default)]
    pub kinds: Vec<String>,
    /// Only facts with one of these names (normalised); empty: any name.
    #[serde(default)]
    pub names: Vec<String>,
    /// Which words of the fact.
    #[serde(default = "default_part")]
    pub part: Part,
    /// Why, or why not produced.
    #[serde(default)]
    pub note: Option<String>,
}

fn default_part() -> Part {
    Part::Name
}

/// Sources and licence of a mapping file.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Meta {
    /// The corpus.
    pub corpus: String,
    /// Where the corpus and its type definitions come from.
    pub sources: Vec<String>,
    /// Licence of the corpus and of this file.
    pub licence: String,
    /// Published results to compare with, as text.
    #[serde(default)]
    pub baselines: Vec<String>,
}

/// A mapping file (`data/corpus/*.toml`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mapping {
    /// Sources and licence.
    pub meta: Meta,
    /// Corpus entity type → our facts.
    pub types: BTreeMap<String, TypeMap>,
}

/// Why a mapping file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum MappingError {
    /// Unreadable file.
    #[error("cannot read mapping {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// Bad TOML or fields.
    #[error("mapping {path}: {message}")]
    Invalid {
        /// The file.
        path: PathBuf,
        /// What and where.
        message: String,
    },
}

impl Mapping {
    /// Reads a mapping file.
    pub fn load(path: &Path) -> Result<Mapping, MappingError> {
        let s = std::fs::read_to_string(path).map_err(|source| MappingError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        Mapping::parse(&s, path)
    }

    /// Parses a mapping file's TOML; `path` names it in errors.
    pub fn parse(s: &str, path: &Path) -> Result<Mapping, MappingError> {
        let m: Mapping = toml::from_str(s).map_err(|e| MappingError::Invalid {
            path: path.to_path_buf(),
            message: e.to_string(),
        })?;
        for (ty, map) in &m.types {
            if let Some(k) = map.kinds.iter().find(|k| Kind::parse(k).is_none()) {
                return Err(MappingError::Invalid {
                    path: path.to_path_buf(),
                    message: format!("types.{ty}: unknown kind {k:?}"),
                });
            }
        }
        Ok(m)
    }

    /// Whether we produce anything for `ty`.
    pub fn produces(&self, ty: &str) -> bool {
        self.types.get(ty).is_some_and(|m| !m.kinds.is_empty())
    }
}

fn has_part(f: &Fact, part: Part) -> bool {
    let d = f.dosage.as_ref();
    match part {
        Part::Name | Part::Mention => true,
        Part::Dose => d.is_some_and(|d| d.dose.is_some() || d.dose_text.is_some()),
        Part::Value => f.value.is_some() || f.result.is_some(),
        Part::Frequency => d.is_some_and(|d| d.frequency.is_some()),
        Part::Route => d.is_some_and(|d| d.route.is_some()),
        Part::Duration => f.time.duration.is_some() || d.is_some_and(|d| d.duration_days.is_some()),
        Part::Time => f.time.relation != Relation::Unknown || f.time.date.is_some(),
    }
}

/// The spans of `fact` in `text` that stand for `map`'s type (empty when
/// the fact does not qualify).
///
/// Span convention read here: every span of a fact is a mention of it
/// (the extractor appends restatements), so `name` and `mention` give each
/// span. Spans carry no part label yet, so for `dose` and `value` the words
/// are found in the text: the nearest occurrence of the number within
/// [`PART_WINDOW`] bytes of a mention, with the unit word after it. The
/// other parts (frequency, route, duration, time) need labelled part spans
/// and give nothing for now.
pub fn fact_spans(fact: &Fact, map: &TypeMap, text: &str) -> Vec<Span> {
    if !map.kinds.iter().any(|k| k == fact.kind.as_str()) {
        return Vec::new();
    }
    if !map.names.is_empty() {
        let name = normalize_name(&fact.name);
        if !map.names.iter().any(|n| normalize_name(n) == name) {
            return Vec::new();
        }
    }
    if !has_part(fact, map.part) {
        return Vec::new();
    }
    match map.part {
        Part::Name | Part::Mention => fact.spans.clone(),
        Part::Dose => {
            let n = fact.dosage.as_ref().and_then(|d| d.dose);
            n.and_then(|n| find_number(text, &fact.spans, n))
                .into_iter()
                .collect()
        }
        Part::Value => {
            let n = fact.number();
            n.and_then(|n| find_number(text, &fact.spans, n))
                .into_iter()
                .collect()
        }
        Part::Frequency | Part::Route | Part::Duration | Part::Time => Vec::new(),
    }
}

/// How far from a mention the words of a part are looked for, in bytes.
pub const PART_WINDOW: usize = 80;

/// The nearest occurrence of `n` (as the text would write it) within
/// [`PART_WINDOW`] bytes of a mention, extended over the next word (the
/// unit: "40 mg", "1500 ng/mL").
fn find_number(text: &str, mentions: &[Span], n: f64) -> Option<Span> {
    let written = trim_number(n);
    let mut best: Option<(usize, Span)> = None;
    for m in mentions {
        let from = floor_boundary(text, m.start.saturating_sub(PART_WINDOW));
        let to = floor_boundary(text, m.end.saturating_add(PART_WINDOW));
        let window = &text[from..to];
        for (i, _) in window.match_indices(&written) {
            let start = from + i;
            let end = start + written.len();
            let digit = |c: Option<char>| c.is_some_and(|c| c.is_ascii_digit() || c == '.');
            if digit(text[..start].chars().next_back()) || digit(text[end..].chars().next()) {
                continue;
            }
            let unit_end = unit_end(text, end);
            let dist = if end <= m.start {
                m.start - end
            } else {
                start.saturating_sub(m.end)
            };
            if best.is_none_or(|(d, _)| dist < d) {
                best = Some((dist, Span::new(start, unit_end)));
            }
        }
    }
    best.map(|(_, s)| s)
}

/// End of the unit word after a number at `end` ("40 mg" → after "mg").
fn unit_end(text: &str, end: usize) -> usize {
    let rest = &text[end..];
    let trimmed = rest.trim_start_matches([' ', '\u{2009}', '\u{a0}']);
    let skipped = rest.len() - trimmed.len();
    let word: usize = trimmed
        .char_indices()
        .find(|(_, c)| c.is_whitespace() || matches!(c, ',' | ';' | ')' | '('))
        .map(|(i, _)| i)
        .unwrap_or(trimmed.len());
    let word_text = trimmed[..word].trim_end_matches('.');
    if word_text.is_empty() || word_text.chars().next().is_some_and(|c| c.is_ascii_digit()) {
        end
    } else {
        end + skipped + word_text.len()
    }
}

/// "40" for 40.0, "0.5" for 0.5.
fn trim_number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

fn floor_boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}
