//! Clinical vocabularies: what words mean, kept as data with provenance.
//!
//! Every table lives in a TOML file under `data/lexicon/` that opens with a
//! `[meta]` table naming its sources and licence. The files are compiled into
//! the binary (so `casecourse` runs anywhere; `build.rs` derives a JSON copy
//! that parses ten times faster) and parsed once, on first use.
//! Nothing here matches text; `casecourse-extract` builds its matchers from
//! these tables.
#![deny(missing_docs)]

mod concentration;
mod files;

use std::sync::OnceLock;

pub use concentration::{concentration_scale, rescale};
pub use files::*;
use files::{
    AnalytesFile, CuesFile, DrugsFile, FrequenciesFile, RoutesFile, Syntax, TermsFile, TimeFile,
    TriggersFile, UnitsFile,
};

/// Why a lexicon file could not be read.
#[derive(Debug, thiserror::Error)]
#[error("lexicon file data/lexicon/{file}: {message}")]
pub struct KnowledgeError {
    /// The file name.
    pub file: String,
    /// What was wrong, with line and column.
    pub message: String,
}

/// All vocabularies.
#[derive(Debug, Clone)]
pub struct Lexicon {
    /// Drugs: generic and brand names, abbreviations, class, ATC, RxNorm.
    pub drugs: Vec<Drug>,
    /// Measurable quantities: labs, vitals, lung function.
    pub analytes: Vec<Analyte>,
    /// Unit spellings mapped to UCUM.
    pub units: Vec<UnitEntry>,
    /// Dosing frequencies.
    pub frequencies: Vec<Frequency>,
    /// Routes of administration.
    pub routes: Vec<Route>,
    /// ConText-style assertion triggers.
    pub triggers: Vec<Trigger>,
    /// Diagnoses and conditions.
    pub conditions: Vec<Term>,
    /// Symptoms.
    pub symptoms: Vec<Term>,
    /// Examination and imaging findings (`group` says which).
    pub findings: Vec<Term>,
    /// Autoantibodies.
    pub antibodies: Vec<Term>,
    /// Microbiology tests and organisms.
    pub microbiology: Vec<Term>,
    /// Imaging modalities.
    pub imaging: Vec<Term>,
    /// Procedures.
    pub procedures: Vec<Term>,
    /// Oxygen devices and modes.
    pub oxygen: Vec<Term>,
    /// Course events (admission, discharge...).
    pub events: Vec<Term>,
    /// Disease status words.
    pub status: Vec<Term>,
    /// Social and past-history concepts (`group`: social-habit, social, history).
    pub history: Vec<Term>,
    /// Cue phrases with roles (dose actions, results, flags, specimens...).
    pub cues: Vec<Cue>,
    /// Time units.
    pub time_units: Vec<TimeUnit>,
    /// Number words.
    pub number_words: Vec<NumberWord>,
    /// Provenance of every file, by file name.
    pub provenance: Vec<(String, Meta)>,
}

macro_rules! builtin_files {
    ($($name:literal),* $(,)?) => {
        /// The built-in lexicon files, by name.
        pub const BUILTIN_FILES: &[(&str, &str)] = &[
            $(($name, include_str!(concat!("../../../data/lexicon/", $name)))),*
        ];
        /// The same files as JSON, derived by `build.rs` for fast start-up.
        const BUILTIN_JSON: &[(&str, &str)] = &[
            $(($name, include_str!(concat!(env!("OUT_DIR"), "/lexicon/", $name, ".json")))),*
        ];
    };
}

builtin_files!(
    "drugs.toml",
    "analytes.toml",
    "units.toml",
    "frequency.toml",
    "routes.toml",
    "context.toml",
    "conditions.toml",
    "symptoms.toml",
    "findings.toml",
    "antibodies.toml",
    "microbiology.toml",
    "imaging.toml",
    "procedures.toml",
    "oxygen.toml",
    "events.toml",
    "status.toml",
    "time.toml",
    "history.toml",
    "cues.toml",
);

impl Lexicon {
    /// The lexicon built into this binary, parsed on first use.
    ///
    /// The built-in files are checked by the test suite, so a parse failure
    /// here is a build defect; it is still reported, not panicked on.
    pub fn builtin() -> Result<&'static Lexicon, &'static KnowledgeError> {
        static CELL: OnceLock<Result<Lexicon, KnowledgeError>> = OnceLock::new();
        CELL.get_or_init(Lexicon::parse_builtin).as_ref()
    }

    /// Parses the built-in lexicon afresh (what [`Lexicon::builtin`] does
    /// once); for start-up benchmarks.
    pub fn parse_builtin() -> Result<Lexicon, KnowledgeError> {
        Lexicon::from_sources(Syntax::Json, |name| {
            BUILTIN_JSON
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, t)| t.to_string())
        })
    }

    /// Loads the lexicon from a directory of the same files (for curators
    /// who extend the vocabularies without rebuilding).
    pub fn from_dir(dir: &std::path::Path) -> Result<Lexicon, KnowledgeError> {
        Lexicon::from_sources(Syntax::Toml, |name| {
            std::fs::read_to_string(dir.join(name)).ok()
        })
    }

    fn from_sources(
        syntax: Syntax,
        read: impl Fn(&str) -> Option<String>,
    ) -> Result<Lexicon, KnowledgeError> {
        let mut provenance = Vec::new();
        let load = |name: &str| -> Result<String, KnowledgeError> {
            read(name).ok_or_else(|| KnowledgeError {
                file: name.into(),
                message: "missing".into(),
            })
        };
        macro_rules! entries {
            ($name:literal, $shape:ty) => {{
                let file: $shape = syntax.parse($name, &load($name)?)?;
                provenance.push(($name.to_string(), file.meta));
                file.entries
            }};
        }
        let drugs = entries!("drugs.toml", DrugsFile);
        let analytes = entries!("analytes.toml", AnalytesFile);
        let units = entries!("units.toml", UnitsFile);
        let frequencies = entries!("frequency.toml", FrequenciesFile);
        let routes = entries!("routes.toml", RoutesFile);
        let triggers = entries!("context.toml", TriggersFile);
        let conditions = entries!("conditions.toml", TermsFile);
        let symptoms = entries!("symptoms.toml", TermsFile);
        let findings = entries!("findings.toml", TermsFile);
        let antibodies = entries!("antibodies.toml", TermsFile);
        let microbiology = entries!("microbiology.toml", TermsFile);
        let imaging = entries!("imaging.toml", TermsFile);
        let procedures = entries!("procedures.toml", TermsFile);
        let oxygen = entries!("oxygen.toml", TermsFile);
        let events = entries!("events.toml", TermsFile);
        let status = entries!("status.toml", TermsFile);
        let history = entries!("history.toml", TermsFile);
        let cues = entries!("cues.toml", CuesFile);
        let time: TimeFile = syntax.parse("time.toml", &load("time.toml")?)?;
        provenance.push(("time.toml".to_string(), time.meta));
        let (time_units, number_words) = (time.time_unit, time.number_word);
        Ok(Lexicon {
            drugs,
            analytes,
            units,
            frequencies,
            routes,
            triggers,
            conditions,
            symptoms,
            findings,
            antibodies,
            microbiology,
            imaging,
            procedures,
            oxygen,
            events,
            status,
            history,
            cues,
            time_units,
            number_words,
            provenance,
        })
    }

    /// The analyte with this canonical name.
    pub fn analyte(&self, name: &str) -> Option<&Analyte> {
        self.analytes.iter().find(|a| a.name == name)
    }

    /// The drug with this canonical name, also when the strength of a
    /// solution follows it ("sodium chloride 0.9%").
    pub fn drug(&self, name: &str) -> Option<&Drug> {
        // "sodium chloride 0.9%": a solution named with its strength.
        let base = name
            .rsplit_once(' ')
            .filter(|(_, strength)| strength.ends_with('%'))
            .map_or(name, |(base, _)| base);
        self.drugs
            .iter()
            .find(|d| d.name == name)
            .or_else(|| self.drugs.iter().find(|d| d.name == base))
    }
}
