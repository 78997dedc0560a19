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
    /// The route every name of the entry states ("IVIG" is given
    /// intravenously): the drug's route when the text names no other.
    #[serde(default)]
    pub route: Option<String>,
    /// The only route the product's labels give adults (norepinephrine is
    /// "for intravenous use only"): the drug's route when the text names
    /// none, though no word of the text states it.
    #[serde(default)]
    pub sole_route: Option<String>,
    /// The entry names a class of drugs ("antibiotics", "NSAIDs"), not one
    /// drug: texts name a class mostly to say it was not given, and name
    /// the drug itself when one was, so only a mention that is negated
    /// becomes a fact.
    #[serde(default)]
    pub drug_class: bool,
    /// The drugs a regimen named by its acronym gives together ("R-CHOP":
    /// rituximab, cyclophosphamide, doxorubicin, vincristine, prednisone),
    /// each a name of another entry.
    #[serde(default)]
    pub components: Vec<String>,
}

/// A unit conversion to an analyte's canonical unit.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Conversion {
    /// The UCUM unit converted from.
    pub from: String,
    /// canonical value = (value in `from` + offset) × factor.
    pub factor: f64,
    /// Zero except for affine scales (°F to °C: offset −32, factor 5/9).
    #[serde(default)]
    pub offset: f64,
}

/// A measurable quantity.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Analyte {
    /// Canonical name.
    pub name: String,
    /// `lab`, `vital`, `pft`, `exam` (an examination score) or `finding`
    /// (a composite clinical score or a ventilator setting).
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
    /// The entry whose names also name this one ("neutrophils 78%" is the
    /// neutrophil percentage, written with the count's names).
    #[serde(default)]
    pub written_with: Option<String>,
    /// The drug a dose of this name is ("vitamin D 800 IU daily" is
    /// cholecalciferol given, not a level measured): a name of drugs.toml.
    #[serde(default)]
    pub given_as: Option<String>,
    /// The specimen this entry is measured in when it is not blood or
    /// serum (`urine`, `venous blood`).
    #[serde(default)]
    pub specimen: Option<String>,
    /// Names of symptom or finding entries whose number is this entry's
    /// value ("fever of 39.5 °C" is a temperature, "tachycardia of 140" a
    /// heart rate).
    #[serde(default)]
    pub signs: Vec<String>,
}

/// How the lexicon names a lung-function entry that holds a percent of
/// predicted ("forced vital capacity, percent predicted"): the entry named
/// without it holds the same value in absolute units (see analytes.toml).
pub const PERCENT_PREDICTED: &str = ", percent predicted";

impl Analyte {
    /// For a percent-of-predicted entry, the name of the entry that holds
    /// the same value in absolute units.
    pub fn absolute_name(&self) -> Option<&str> {
        self.name.strip_suffix(PERCENT_PREDICTED)
    }

    /// Whether the test is reported in `unit`: a listed unit, or IU/L for
    /// a test listed in U/L (an enzyme's international unit is its unit,
    /// IFCC: 1 U = 1 µmol/min; "IU/L" is written as often as "U/L").
    pub fn lists_unit(&self, unit: &str) -> bool {
        let listed = |u: &str| self.unit == u || self.units.iter().any(|x| x == u);
        listed(unit) || (unit == IU_PER_LITRE && listed("U/L"))
    }

    /// Converts `value` in `unit` to the canonical unit, if the lexicon
    /// knows how.
    ///
    /// A concentration in a prefix the entry does not list ("g/L" for a
    /// glucose listed in mmol/L and mg/dL) is first rescaled to the listed
    /// unit of its kind (see [`crate::rescale`]).
    pub fn to_canonical(&self, value: f64, unit: &str) -> Option<f64> {
        if unit == self.unit {
            return Some(value);
        }
        if let Some(c) = self.conversions.iter().find(|c| c.from == unit) {
            return Some((value + c.offset) * c.factor);
        }
        // IU/L is U/L (see `lists_unit`).
        if unit == IU_PER_LITRE {
            return self.to_canonical(value, "U/L");
        }
        if let Some(v) = crate::rescale(value, unit, &self.unit) {
            return Some(v);
        }
        self.conversions.iter().find_map(|c| {
            let v = crate::rescale(value, unit, &c.from)?;
            Some((v + c.offset) * c.factor)
        })
    }
}

/// The UCUM code of international units per litre.
const IU_PER_LITRE: &str = "[iU]/L";

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
    /// Applied to one part of the body (skin, eye, nose): a percentage
    /// given with the drug ("tacrolimus 0.1% ointment") is its strength,
    /// the dose as written, not part of the product's name.
    #[serde(default)]
    pub local: bool,
    /// Given as a procedure into one space of the body (intrathecal,
    /// intra-articular): a drug given once this way is given by another
    /// route the rest of its course, so its other mentions do not take it.
    #[serde(default)]
    pub procedural: bool,
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
    /// The status a diagnosis this trigger negates is given ("unlikely"
    /// for a probable negation); none: "excluded".
    #[serde(default)]
    pub status: Option<String>,
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
    /// The term is a fact only when the text negates it: affirmed, it is a
    /// heading ("Past medical history: asthma"; its items are the facts).
    #[serde(default)]
    pub negated_only: bool,
    /// An imaging finding that is a fact of its own when no study is named
    /// with it ("a pericardial effusion was detected"); generic words
    /// ("mass", "thickening") are not, and need their study.
    #[serde(default)]
    pub standalone: bool,
    /// Abbreviations that name this term only in a text about it: "DM" is
    /// dermatomyositis beside myositis words, diabetes mellitus elsewhere.
    #[serde(default)]
    pub ambiguous: Option<Ambiguous>,
    /// Short forms (as written) that name this antibody only inside the
    /// list of a panel ("ENA: Ro -, La -"; "positive for Ro and La"):
    /// alone, "Ro" and "La" are other words.
    #[serde(default)]
    pub panel_forms: Vec<String>,
}

/// Short forms of a term that other terms share, read by the text's topic.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ambiguous {
    /// The shared short forms (some of the term's abbreviations).
    pub abbreviations: Vec<String>,
    /// Words (lowercase, whole words) of which a text must name one for
    /// the short forms to be this term.
    pub context: Vec<String>,
    /// The term of the same file they name in any other text; none: they
    /// name nothing there.
    #[serde(default)]
    pub otherwise: Option<String>,
}

impl Term {
    /// Its canonical name and aliases (the names matched case-insensitively).
    pub fn names(&self) -> impl Iterator<Item = &String> {
        std::iter::once(&self.name).chain(&self.aliases)
    }
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

/// How a data file is written: TOML as curated, or the JSON the build
/// script derives from it for the built-in copy (JSON parses about ten
/// times faster, which keeps start-up within its budget).
#[derive(Debug, Clone, Copy)]
pub(crate) enum Syntax {
    Toml,
    Json,
}

impl Syntax {
    /// Parses a whole file into its typed shape; errors name the file and,
    /// from the parser, the line and field.
    pub(crate) fn parse<T: DeserializeOwned>(
        self,
        file: &str,
        text: &str,
    ) -> Result<T, KnowledgeError> {
        let message = match self {
            Syntax::Toml => toml::from_str(text).map_err(|e| e.to_string()),
            Syntax::Json => serde_json::from_str(text).map_err(|e| e.to_string()),
        };
        message.map_err(|message| KnowledgeError {
            file: file.into(),
            message,
        })
    }
}

/// The shape of a data file: `[meta]` and one array of tables.
macro_rules! data_file {
    ($(#[$doc:meta] $name:ident { $key:literal: $entry:ty })*) => {$(
        #[$doc]
        #[derive(Debug, Deserialize)]
        #[serde(deny_unknown_fields)]
        pub(crate) struct $name {
            pub meta: Meta,
            #[serde(rename = $key, default)]
            pub entries: Vec<$entry>,
        }
    )*};
}

data_file! {
    /// `drugs.toml`
    DrugsFile { "drug": Drug }
    /// `analytes.toml`
    AnalytesFile { "analyte": Analyte }
    /// `units.toml`
    UnitsFile { "unit": UnitEntry }
    /// `frequency.toml`
    FrequenciesFile { "frequency": Frequency }
    /// `routes.toml`
    RoutesFile { "route": Route }
    /// `context.toml`
    TriggersFile { "trigger": Trigger }
    /// Every file of `[[term]]` entries.
    TermsFile { "term": Term }
    /// `cues.toml`
    CuesFile { "cue": Cue }
}

/// `time.toml`: units and number words.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct TimeFile {
    pub meta: Meta,
    #[serde(default)]
    pub time_unit: Vec<TimeUnit>,
    #[serde(default)]
    pub number_word: Vec<NumberWord>,
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
