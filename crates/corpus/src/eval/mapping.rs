//! Mapping files: which of our facts stand for a corpus's entity type.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use casecourse_model::{Fact, Kind, PartRole, Span};
use serde::Deserialize;

use crate::normalize_name;

/// Which words of a fact stand for an annotated entity: `name`,
/// `mention`, or a part role (`dose`, `value`, `frequency`, `route`,
/// `duration`, `time`, `negation`, `site`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// The name mentions: every span of the fact that is not a labelled
    /// part (a dose, a negation word).
    Name,
    /// Every span of the fact.
    Mention,
    /// The spans the extractor labelled with this role.
    Labelled(PartRole),
}

impl<'de> Deserialize<'de> for Part {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Part, D::Error> {
        let s = String::deserialize(d)?;
        match s.as_str() {
            "name" => Ok(Part::Name),
            "mention" => Ok(Part::Mention),
            _ => PartRole::parse(&s).map(Part::Labelled).ok_or_else(|| {
                let roles: Vec<&str> = PartRole::ALL.iter().map(|r| r.as_str()).collect();
                serde::de::Error::custom(format!(
                    "unknown part {s:?}: expected name, mention, {}",
                    roles.join(", ")
                ))
            }),
        }
    }
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

/// The spans of `fact` that stand for `map`'s type (empty when the fact
/// does not qualify).
///
/// Span convention read here: every span of a fact is a mention of it (the
/// extractor appends restatements), except the spans it labels as parts
/// (a dose, a result word), so `name` gives the unlabelled spans and
/// `mention` every span. The other parts give the spans the extractor
/// labelled with that role ([`Fact::parts`]); a fact without them gives
/// nothing, so a course without labelled parts scores 0 on those types.
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
    match map.part {
        Part::Labelled(role) => fact.part_spans(role).collect(),
        Part::Mention => fact.spans.clone(),
        Part::Name => fact
            .spans
            .iter()
            .filter(|s| !fact.parts.iter().any(|p| p.span == **s))
            .copied()
            .collect(),
    }
}
