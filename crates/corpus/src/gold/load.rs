//! Reading gold fact lists (`*.gold.json`).

use std::path::{Path, PathBuf};

use casecourse_model::FlatFact;
use serde::Deserialize;

/// One gold fact: a flat row plus the gold list's own fields.
#[derive(Debug, Clone, PartialEq)]
pub struct GoldFact {
    /// The fact, with the field names of [`FlatFact`].
    pub row: FlatFact,
    /// Other names the text uses for it (`"aka"`).
    pub aka: Vec<String>,
    /// Soft facts (captions, details) that are not counted when missed.
    pub optional: bool,
    /// The annotator's note, if any.
    pub note: Option<String>,
    /// A dose written as words or a range (`"100/6"`, `"1-2"`), which a
    /// [`FlatFact`] cannot hold as a number: it must equal the extracted
    /// `dose_text` after normalisation.
    pub dose_words: Option<String>,
}

/// A gold fact list: `{"case", "text", "facts": [...]}`.
#[derive(Debug, Clone, PartialEq)]
pub struct GoldList {
    /// Case name.
    pub case: String,
    /// File name of the narrative, relative to the gold file.
    pub text: String,
    /// The facts, in file order.
    pub facts: Vec<GoldFact>,
}

/// Why a gold list could not be read.
#[derive(Debug, thiserror::Error)]
pub enum GoldError {
    /// The file could not be read.
    #[error("cannot read gold list {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// Not JSON, or not a gold list.
    #[error("{path}: not a gold list: {message}")]
    Format {
        /// The file.
        path: PathBuf,
        /// What was wrong and where (line, column).
        message: String,
    },
    /// One fact could not be read.
    #[error("{path}: facts[{index}] (id {id:?}): {message}")]
    Fact {
        /// The file.
        path: PathBuf,
        /// Position in `facts`.
        index: usize,
        /// The fact's id, when it has one.
        id: String,
        /// What was wrong.
        message: String,
    },
}

#[derive(Deserialize)]
struct RawList {
    #[serde(default)]
    case: Option<String>,
    text: String,
    facts: Vec<serde_json::Value>,
}

#[derive(Deserialize, Default)]
struct Extras {
    #[serde(default)]
    aka: Vec<String>,
    #[serde(default)]
    optional: bool,
    #[serde(default)]
    note: Option<String>,
}

/// Reads a gold list from `path`.
pub fn load_gold(path: impl AsRef<Path>) -> Result<GoldList, GoldError> {
    let path = path.as_ref();
    let json = std::fs::read_to_string(path).map_err(|source| GoldError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    parse_gold(&json, path)
}

/// Reads a gold list from its JSON; `path` names it in errors.
pub fn parse_gold(json: &str, path: &Path) -> Result<GoldList, GoldError> {
    let raw: RawList = serde_json::from_str(json).map_err(|e| GoldError::Format {
        path: path.to_path_buf(),
        message: e.to_string(),
    })?;
    let mut facts = Vec::with_capacity(raw.facts.len());
    for (index, mut value) in raw.facts.into_iter().enumerate() {
        let id = value
            .get("id")
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_string();
        let fact_error = |message: String| GoldError::Fact {
            path: path.to_path_buf(),
            index,
            id: id.clone(),
            message,
        };
        if id.is_empty() {
            return Err(fact_error("missing \"id\"".into()));
        }
        let extras: Extras =
            serde_json::from_value(value.clone()).map_err(|e| fact_error(e.to_string()))?;
        let dose_words = take_dose_words(&mut value);
        let row: FlatFact = serde_json::from_value(value).map_err(|e| fact_error(e.to_string()))?;
        if casecourse_model::Kind::parse(&row.kind).is_none() {
            return Err(fact_error(format!("unknown kind {:?}", row.kind)));
        }
        // "excluded: pneumonia, tuberculosis, heart failure" is a summary
        // of several excluded diagnoses: each is a gold fact of its own.
        if let Some(list) = row.name.strip_prefix("excluded:") {
            for (k, name) in list
                .split([',', ';'])
                .map(str::trim)
                .filter(|n| !n.is_empty())
                .enumerate()
            {
                let mut part = row.clone();
                part.id = format!("{}#{}", row.id, k + 1);
                part.name = name.to_string();
                part.negated = true;
                facts.push(GoldFact {
                    row: part,
                    aka: Vec::new(),
                    optional: extras.optional,
                    note: extras.note.clone(),
                    dose_words: None,
                });
            }
            continue;
        }
        facts.push(GoldFact {
            row,
            aka: extras.aka,
            optional: extras.optional,
            note: extras.note,
            dose_words,
        });
    }
    let case = raw.case.unwrap_or_else(|| {
        path.file_name()
            .and_then(|n| n.to_str())
            .map(|n| n.trim_end_matches(".gold.json").to_string())
            .unwrap_or_default()
    });
    Ok(GoldList {
        case,
        text: raw.text,
        facts,
    })
}

/// Gold lists write combination doses and ranges as text (`"49/51"`,
/// `"4-6"`); a number in a string is read as the number.
fn take_dose_words(value: &mut serde_json::Value) -> Option<String> {
    let obj = value.as_object_mut()?;
    let text = obj.get("dose")?.as_str()?.trim().to_string();
    match text.parse::<f64>() {
        Ok(n) => {
            obj.insert("dose".into(), serde_json::json!(n));
            None
        }
        Err(_) => {
            obj.remove("dose");
            Some(text)
        }
    }
}

impl GoldList {
    /// The facts as flat rows (for [`casecourse_model::course_from_rows`]);
    /// a dose in words goes to `dose_text` when that is free.
    pub fn rows(&self) -> Vec<FlatFact> {
        self.facts
            .iter()
            .map(|f| {
                let mut row = f.row.clone();
                if row.dose_text.is_none() {
                    row.dose_text.clone_from(&f.dose_words);
                }
                row
            })
            .collect()
    }

    /// Required (not optional) facts.
    pub fn required(&self) -> usize {
        self.facts.iter().filter(|f| !f.optional).count()
    }
}
