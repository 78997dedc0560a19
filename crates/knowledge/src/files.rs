//! The shapes of the lexicon files. Unknown fields are errors, so a typo in
//! a data file is caught by the tests rather than silently ignored.

use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::KnowledgeError;

/// Where a file's knowledge comes from.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Meta {
    /// What the file is.
    pub title: String,
    /// Citations of the sources.
    pub sources: Vec<String>,
    /// How the data may be used.
    pub licence: String,
    /// How entries were chosen and checked.
    #[serde(default)]
    pub notes: String,
}

/// A drug.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Drug {
    /// Canonical generic name, lowercase.
    pub name: String,
    /// Other names, matched case-insensitively.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Short forms, matched case-sensitively.
    #[serde(default)]
    pub abbreviations: Vec<String>,
    /// Pharmacological class.
    #[serde(default)]
    pub class: Option<String>,
    /// WHO ATC code.
    #[serde(default)]
    pub atc: Option<String>,
    /// RxNorm ingredient RXCUI.
    #[serde(default)]
    pub rxnorm: Option<String>,
}

/// A unit conversion to an analyte's canonical unit.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Conversion {
    /// The UCUM unit converted from.
    pub from: String,
    /// canonical value = value in `from` × factor.
    pub factor: f64,
}

/// A measurable quantity.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Analyte {
    /// Canonical name.
    pub name: String,
    /// `lab`, `vital` or `pft`.
    pub kind: String,
    /// Other names, matched case-insensitively.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Short forms, matched case-sensitively.
    #[serde(default)]
    pub abbreviations: Vec<String>,
    /// LOINC code.
    #[serde(default)]
    pub loinc: Option<String>,
    /// Canonical UCUM unit.
    pub unit: String,
    /// UCUM units it is commonly reported in.
    #[serde(default)]
    pub units: Vec<String>,
    /// Conversions to the canonical unit.
    #[serde(default)]
    pub conversions: Vec<Conversion>,
    /// Lower reference limit (canonical unit).
    #[serde(default)]
    pub ref_low: Option<f64>,
    /// Upper reference limit (canonical unit).
    #[serde(default)]
    pub ref_high: Option<f64>,
    /// Caveats of the interval.
    #[serde(default)]
    pub ref_note: Option<String>,
    /// Citation of the interval.
    #[serde(default)]
    pub ref_source: Option<String>,
    /// Lowest physiologically possible value.
    #[serde(default)]
    pub plausible_min: Option<f64>,
    /// Highest physiologically possible value.
    #[serde(default)]
    pub plausible_max: Option<f64>,
}

impl Analyte {
    /// Converts `value` in `unit` to the canonical unit, if the lexicon
    /// knows how.
    pub fn to_canonical(&self, value: f64, unit: &str) -> Option<f64> {
        if unit == self.unit {
            return Some(value);
        }
        self.conversions
            .iter()
            .find(|c| c.from == unit)
            .map(|c| value * c.factor)
    }
}

/// Surface spellings of one UCUM unit.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnitEntry {
    /// The UCUM code.
    pub ucum: String,
    /// How texts write it.
    pub surfaces: Vec<String>,
}

/// A dosing frequency.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Frequency {
    /// Output code (`BID`).
    pub code: String,
    /// Administrations per day, where fixed.
    #[serde(default)]
    pub per_day: Option<f64>,
    /// How texts write it.
    pub surfaces: Vec<String>,
}

/// A route of administration.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Route {
    /// Canonical name (`intravenous`).
    pub name: String,
    /// Short code (`IV`).
    pub code: String,
    /// SNOMED CT concept id.
    #[serde(default)]
    pub snomed: Option<String>,
    /// How texts write it.
    pub surfaces: Vec<String>,
}

/// A ConText assertion trigger.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Trigger {
    /// The phrase.
    pub phrase: String,
    /// negated | possible | historical | family | hypothetical | pseudo | terminate.
    pub category: String,
    /// forward | backward | bidirectional | none.
    pub direction: String,
}

/// A named entity: condition, symptom, finding, antibody, test, modality,
/// procedure, device, event, status.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Term {
    /// Canonical name.
    pub name: String,
    /// Other names, matched case-insensitively.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Short forms, matched case-sensitively.
    #[serde(default)]
    pub abbreviations: Vec<String>,
    /// Code in `code_system`.
    #[serde(default)]
    pub code: Option<String>,
    /// `ICD-10`, `LOINC`, `SNOMED`.
    #[serde(default)]
    pub code_system: Option<String>,
    /// A grouping word (finding domain, antibody class, event type...).
    #[serde(default)]
    pub group: Option<String>,
}

/// A unit of time.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TimeUnit {
    /// hour, day, week, month, year.
    pub name: String,
    /// Its length in days.
    pub days: f64,
    /// How texts write it.
    pub surfaces: Vec<String>,
}

/// A number written as a word.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NumberWord {
    /// The word.
    pub word: String,
    /// Its value.
    pub value: f64,
}

pub(crate) fn section<T: DeserializeOwned>(
    file: &str,
    table: &toml::Table,
    key: &str,
) -> Result<T, KnowledgeError> {
    let value = table.get(key).cloned().ok_or_else(|| KnowledgeError {
        file: file.into(),
        message: format!("missing [{key}]"),
    })?;
    value
        .try_into()
        .map_err(|e: toml::de::Error| KnowledgeError {
            file: file.into(),
            message: format!("[{key}]: {e}"),
        })
}

pub(crate) fn list<T: DeserializeOwned>(
    table: &toml::Table,
    file: &str,
    key: &str,
) -> Result<Vec<T>, KnowledgeError> {
    match table.get(key) {
        None => Ok(Vec::new()),
        Some(toml::Value::Array(items)) => items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                item.clone()
                    .try_into()
                    .map_err(|e: toml::de::Error| KnowledgeError {
                        file: file.into(),
                        message: format!("[[{key}]] entry {} ({}): {e}", i + 1, entry_name(item)),
                    })
            })
            .collect(),
        Some(_) => Err(KnowledgeError {
            file: file.into(),
            message: format!("`{key}` must be an array of tables ([[{key}]])"),
        }),
    }
}

fn entry_name(item: &toml::Value) -> String {
    item.get("name")
        .or_else(|| item.get("code"))
        .or_else(|| item.get("phrase"))
        .and_then(|v| v.as_str())
        .unwrap_or("?")
        .to_string()
}

/// A cue phrase: words around a term that say what happened to it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cue {
    /// The phrase.
    pub phrase: String,
    /// What it signals (`dose-stop`, `result-negative`, `specimen`...).
    pub role: String,
    /// What it contributes (`negative`, `strong`, `male`...).
    #[serde(default)]
    pub value: Option<String>,
}
