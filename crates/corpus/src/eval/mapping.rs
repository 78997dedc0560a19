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

/// The spans of `fact` that stand for `map`'s type (empty when the fact
/// does not qualify).
///
/// Span convention: `spans[0]` is the name mention; later spans are the
/// words of parts (dose, value, time...). Until spans carry a label, every
/// later span is a candidate for any part the fact has, and lenient
/// (overlap) scoring is the meaningful one for parts.
pub fn fact_spans(fact: &Fact, map: &TypeMap) -> Vec<Span> {
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
        Part::Name => fact.spans.first().copied().into_iter().collect(),
        Part::Mention => {
            let start = fact.spans.iter().map(|s| s.start).min();
            let end = fact.spans.iter().map(|s| s.end).max();
            start
                .zip(end)
                .map(|(s, e)| Span::new(s, e))
                .into_iter()
                .collect()
        }
        _ => fact.spans.iter().skip(1).copied().collect(),
    }
}
