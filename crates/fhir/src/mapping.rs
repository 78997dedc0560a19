//! The mapping tables of `data/fhir/mapping.toml`, compiled in and parsed
//! once.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Deserialize;

/// Where casecourse's own extensions and code systems live.
pub const BASE: &str = "https://example.invalid/casecourse/fhir";
/// UCUM's code-system URI (Quantity.system).
pub const UCUM: &str = "http://unitsofmeasure.org";

/// One Timing.repeat: `frequency` times per `period` `unit`.
#[derive(Debug, Clone, Deserialize)]
pub struct Repeat {
    /// Times per period.
    pub frequency: i64,
    /// Period length.
    pub period: f64,
    /// UCUM time unit (`d`, `h`, `wk`, `mo`).
    pub unit: String,
}

/// Word lists for event facts.
#[derive(Debug, Clone, Deserialize)]
pub struct Events {
    /// Words of inpatient encounters.
    pub inpatient_words: Vec<String>,
    /// Words of ambulatory encounters.
    pub ambulatory_words: Vec<String>,
    /// Words of an encounter's end.
    pub end_words: Vec<String>,
    /// Demographic names that give Patient.gender.
    pub gender_names: Vec<String>,
    /// Event names that mean death.
    pub death_names: Vec<String>,
}

/// All tables.
#[derive(Debug, Clone, Deserialize)]
pub struct Mapping {
    /// Short name -> URI.
    pub code_systems: BTreeMap<String, String>,
    /// Kind -> observation-category code.
    pub observation_category: BTreeMap<String, String>,
    /// Flag -> interpretation code.
    pub interpretation: BTreeMap<String, String>,
    /// GTSAbbreviation -> repeat.
    pub timing: BTreeMap<String, Repeat>,
    /// Our frequency code -> GTSAbbreviation.
    pub timing_alias: BTreeMap<String, String>,
    /// Event words.
    pub events: Events,
}

const TOML: &str = include_str!("../../../data/fhir/mapping.toml");

/// The tables (a broken file is a build-time bug caught by the tests).
pub fn mapping() -> &'static Mapping {
    static M: OnceLock<Mapping> = OnceLock::new();
    M.get_or_init(|| match toml::from_str(TOML) {
        Ok(m) => m,
        Err(e) => panic!("data/fhir/mapping.toml is invalid: {e}"),
    })
}

impl Mapping {
    /// The URI of a short code-system name; names we do not know are kept
    /// in a casecourse URN (or as they are, when already a URI).
    pub fn system_uri(&self, name: &str) -> String {
        match self.code_systems.get(name) {
            Some(uri) => uri.clone(),
            None if name.contains(':') => name.to_string(),
            None => format!("urn:casecourse:code-system:{name}"),
        }
    }

    /// The short name of a code-system URI (inverse of [`Self::system_uri`]).
    pub fn system_name(&self, uri: &str) -> String {
        if let Some((name, _)) = self.code_systems.iter().find(|(_, u)| *u == uri) {
            return name.clone();
        }
        uri.strip_prefix("urn:casecourse:code-system:")
            .unwrap_or(uri)
            .to_string()
    }

    /// The GTSAbbreviation code for our frequency code, if there is one.
    pub fn timing_code(&self, freq: &str) -> Option<(&str, &Repeat)> {
        let code = self
            .timing_alias
            .get(freq)
            .map(String::as_str)
            .unwrap_or(freq);
        self.timing
            .get_key_value(code)
            .map(|(k, r)| (k.as_str(), r))
    }

    /// Our frequency code for a GTSAbbreviation code.
    pub fn frequency_of(&self, gts: &str) -> String {
        self.timing_alias
            .iter()
            .find(|(_, g)| *g == gts)
            .map(|(ours, _)| ours.clone())
            .unwrap_or_else(|| gts.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timing_codes_mean_what_gtsabbreviation_says() {
        // HL7 v3 GTSAbbreviation: BID = twice a day, TID = three times a
        // day, Q8H = every 8 hours (= 3 a day), QOD = every other day.
        let m = mapping();
        let per_day = |code: &str| {
            let (_, r) = m.timing_code(code).expect(code);
            let hours = match r.unit.as_str() {
                "h" => 1.0,
                "d" => 24.0,
                "wk" => 168.0,
                other => panic!("unit {other}"),
            };
            r.frequency as f64 * 24.0 / (r.period * hours)
        };
        assert_eq!(per_day("QD"), 1.0);
        assert_eq!(per_day("BID"), 2.0);
        assert_eq!(per_day("TID"), 3.0);
        assert_eq!(per_day("QID"), 4.0);
        assert_eq!(per_day("Q8H"), 3.0);
        assert_eq!(per_day("Q12H"), 2.0);
        assert_eq!(per_day("QOD"), 0.5);
        // Our weekly code is GTSAbbreviation's WK, and back.
        assert_eq!(m.timing_code("QW").map(|(c, _)| c), Some("WK"));
        assert_eq!(per_day("QW"), 1.0 / 7.0);
        assert_eq!(m.frequency_of("WK"), "QW");
        assert!(m.timing_code("PRN").is_none());
    }

    #[test]
    fn code_system_names_and_uris_round_trip() {
        let m = mapping();
        assert_eq!(m.system_uri("LOINC"), "http://loinc.org");
        for name in m.code_systems.keys() {
            assert_eq!(&m.system_name(&m.system_uri(name)), name);
        }
        assert_eq!(m.system_uri("local"), "urn:casecourse:code-system:local");
        assert_eq!(m.system_name("urn:casecourse:code-system:local"), "local");
        assert_eq!(
            m.system_name("http://example.org/cs"),
            "http://example.org/cs"
        );
    }
}
