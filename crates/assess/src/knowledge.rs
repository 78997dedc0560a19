//! The clinical knowledge the calculators use, read from `data/assess/*.toml`.
//!
//! Every number with clinical meaning (constants, cut-offs, weights,
//! equivalences, dose ranges) lives in those files with its source and a
//! status tag (`V` verified, `V2` secondary source, `R` recalled). The files
//! are compiled in and parsed once; [`Knowledge::from_files`] reads edited
//! copies, so recalled (`R`) rows can be changed without a rebuild.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::OnceLock;

use serde::Deserialize;

/// The `[meta]` table every data file opens with.
#[derive(Debug, Clone, Deserialize)]
pub struct Meta {
    /// What the file holds.
    pub title: String,
    /// Licence of the compilation.
    pub licence: String,
    /// Citations.
    pub sources: Vec<String>,
}

/// A parameter block: its source and status are carried with the numbers.
#[derive(Debug, Clone, Deserialize)]
pub struct Cited<T> {
    /// Citation.
    pub source: String,
    /// `V`, `V2` or `R`.
    pub status: String,
    /// The numbers.
    #[serde(flatten)]
    pub value: T,
}

impl<T> std::ops::Deref for Cited<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T> Cited<T> {
    /// "recalled, not verified" when the status is R, for `limitations`.
    pub fn caveat(&self) -> Option<String> {
        (self.status == "R").then(|| {
            "recalled value, not verified against the primary source (status R; \
             configurable in data/assess)"
                .to_string()
        })
    }
}

macro_rules! params {
    ($(#[$m:meta])* $name:ident { $($(#[$fm:meta])* $field:ident : $ty:ty),* $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Deserialize)]
        pub struct $name { $($(#[$fm])* pub $field: $ty),* }
    };
}

params!(
    /// Alveolar gas equation constants.
    AlveolarGas { /** mmHg */ barometric_mmhg: f64, /** mmHg */ water_vapour_mmhg: f64, /** R */ respiratory_quotient: f64, /** fraction */ room_air_fio2: f64 }
);
params!(
    /// Age-expected A–a gradient: `per_year × age + intercept`.
    Linear { /** slope per year */ per_year: f64, /** mmHg */ intercept: f64 }
);
params!(
    /// Upper limits (inclusive) of severity bands.
    Bands { /** severe ≤ */ severe_max: f64, /** moderate ≤ */ moderate_max: f64, /** mild ≤ */ mild_max: f64 }
);
params!(
    /// S/F bands and validity.
    SfBands { /** S/F valid only when SpO2 ≤ this */ valid_max_spo2: f64, /** severe ≤ */ severe_max: f64, /** moderate ≤ */ moderate_max: f64, /** mild ≤ */ mild_max: f64 }
);
params!(
    /// ROX thresholds.
    Rox { /** success ≥ */ success_min: f64, /** failure < at 2 h */ failure_below_2h: f64, /** at 6 h */ failure_below_6h: f64, /** at 12 h */ failure_below_12h: f64 }
);
params!(
    /// FiO2 from low-flow nasal cannula.
    NasalCannula { /** FiO2 at 0 L/min */ base: f64, /** per L/min */ per_litre: f64, /** highest low flow */ max_flow: f64 }
);
params!(
    /// Hypoxaemia cut-off.
    Hypoxaemia { /** PaO2 < */ pao2_below: f64 }
);

/// `data/assess/physiology.toml`.
#[derive(Debug, Clone, Deserialize)]
pub struct Physiology {
    /// Sources.
    pub meta: Meta,
    /// Alveolar gas equation.
    pub alveolar_gas: Cited<AlveolarGas>,
    /// Age-expected A–a gradient.
    pub aa_expected: Cited<Linear>,
    /// Berlin P/F bands.
    pub pf: Cited<Bands>,
    /// S/F bands.
    pub sf: Cited<SfBands>,
    /// ROX thresholds.
    pub rox: Cited<Rox>,
    /// Nasal cannula FiO2.
    pub nasal_cannula: Cited<NasalCannula>,
    /// Hypoxaemia.
    pub hypoxaemia: Cited<Hypoxaemia>,
}

params!(
    /// Normal arterial ranges.
    NormalRanges { /** `ph_low` as in the data file. */ ph_low: f64, /** `ph_high` as in the data file. */ ph_high: f64, /** `paco2_low` as in the data file. */ paco2_low: f64, /** `paco2_high` as in the data file. */ paco2_high: f64, /** `hco3_low` as in the data file. */ hco3_low: f64, /** `hco3_high` as in the data file. */ hco3_high: f64 }
);
params!(
    /// Henderson–Hasselbalch constants.
    HendersonHasselbalch { /** mmol/L/mmHg */ co2_solubility: f64, /** `pk` as in the data file. */ pk: f64 }
);
params!(
    /// Expected PaCO2 = slope × HCO3 + intercept ± tolerance.
    Compensation { /** `slope` as in the data file. */ slope: f64, /** `intercept` as in the data file. */ intercept: f64, /** `tolerance` as in the data file. */ tolerance: f64 }
);
params!(
    /// Expected HCO3 change per mmHg PaCO2 change.
    Respiratory { /** `paco2_ref` as in the data file. */ paco2_ref: f64, /** `hco3_ref` as in the data file. */ hco3_ref: f64, /** `acute_acidosis` as in the data file. */ acute_acidosis: f64, /** `chronic_acidosis` as in the data file. */ chronic_acidosis: f64, /** `acute_alkalosis` as in the data file. */ acute_alkalosis: f64, /** `chronic_alkalosis` as in the data file. */ chronic_alkalosis: f64 }
);

/// `data/assess/acid_base.toml`.
#[derive(Debug, Clone, Deserialize)]
pub struct AcidBase {
    /// Sources.
    pub meta: Meta,
    /// Normal ranges.
    pub normal: Cited<NormalRanges>,
    /// Henderson–Hasselbalch.
    pub henderson_hasselbalch: Cited<HendersonHasselbalch>,
    /// Winter's formula.
    pub winter: Cited<Compensation>,
    /// Metabolic alkalosis compensation.
    pub metabolic_alkalosis: Cited<Compensation>,
    /// Respiratory compensation.
    pub respiratory: Cited<Respiratory>,
    /// Stated readings → (measure, direction) that must hold.
    pub readings: Cited<BTreeMap<String, [String; 2]>>,
}

/// One glucocorticoid's equivalence.
#[derive(Debug, Clone, Deserialize)]
pub struct Equivalence {
    /// Canonical drug name.
    pub drug: String,
    /// mg of the drug equivalent to 5 mg prednisone.
    pub mg_per_5mg_prednisone: f64,
    /// Status tag.
    pub status: String,
    /// Citation.
    pub source: String,
}

params!(
    /// Buttgereit dose bands (prednisone-equivalent mg/day).
    Nomenclature { /** `low_max` as in the data file. */ low_max: f64, /** `medium_max` as in the data file. */ medium_max: f64, /** `high_max` as in the data file. */ high_max: f64, /** `pulse_min` as in the data file. */ pulse_min: f64 }
);
params!(
    /// Pneumocystis prophylaxis rule.
    Pjp { /** mg/day */ min_daily_mg: f64, /** days */ min_days: f64, /** drugs that count */ prophylaxis: Vec<String>, /** drugs that indicate it whatever the dose */ independent_of_dose: Vec<String> }
);

/// `data/assess/glucocorticoids.toml`.
#[derive(Debug, Clone, Deserialize)]
pub struct Glucocorticoids {
    /// Sources.
    pub meta: Meta,
    /// Equivalences.
    pub equivalence: Vec<Equivalence>,
    /// Dose nomenclature.
    pub nomenclature: Cited<Nomenclature>,
    /// PJP prophylaxis rule.
    pub pjp: Cited<Pjp>,
    /// Unusual prophylaxis drugs → note.
    pub pjp_unusual: Cited<BTreeMap<String, String>>,
}

impl Glucocorticoids {
    /// Factor converting mg of `drug` to mg prednisone, if it is a
    /// glucocorticoid.
    pub fn factor(&self, drug: &str) -> Option<(f64, &Equivalence)> {
        self.equivalence
            .iter()
            .find(|e| e.drug.eq_ignore_ascii_case(drug))
            .filter(|e| e.mg_per_5mg_prednisone > 0.0)
            .map(|e| (5.0 / e.mg_per_5mg_prednisone, e))
    }
}

/// A usual dose range.
#[derive(Debug, Clone, Deserialize)]
pub struct DoseRange {
    /// Canonical drug name.
    pub drug: String,
    /// Unit of the range.
    pub unit: String,
    /// Lowest usual daily (or per-infusion) dose.
    #[serde(default)]
    pub daily_min: Option<f64>,
    /// Highest usual daily (or per-infusion) dose.
    #[serde(default)]
    pub daily_max: Option<f64>,
    /// Per kg per course (IVIG).
    #[serde(default)]
    pub per_kg: bool,
    /// Lowest usual course dose per kg.
    #[serde(default)]
    pub course_min: Option<f64>,
    /// Highest usual course dose per kg.
    #[serde(default)]
    pub course_max: Option<f64>,
    /// Usual number of doses a day.
    #[serde(default)]
    pub usual_doses_per_day: Option<u32>,
    /// Status tag.
    pub status: String,
    /// Citation.
    pub source: String,
    /// Caveat.
    #[serde(default)]
    pub note: Option<String>,
}

params!(
    /// Drug roles for lines of therapy.
    Roles { /** `glucocorticoid` as in the data file. */ glucocorticoid: Vec<String>, /** `disease_modifying` as in the data file. */ disease_modifying: Vec<String> }
);

/// A known interaction between two drugs.
#[derive(Debug, Clone, Deserialize)]
pub struct Interaction {
    /// The two canonical drug names.
    pub drugs: [String; 2],
    /// Mechanism.
    pub mechanism: String,
    /// Effect and action.
    pub effect: String,
    /// Status tag.
    pub status: String,
    /// Citation.
    pub source: String,
}

/// `data/assess/drugs.toml`.
#[derive(Debug, Clone, Deserialize)]
pub struct Drugs {
    /// Sources.
    pub meta: Meta,
    /// Dose ranges.
    pub dose_range: Vec<DoseRange>,
    /// Drug roles.
    pub roles: Cited<Roles>,
    /// Interactions.
    pub interaction: Vec<Interaction>,
    /// Administrations per day of each frequency code.
    pub frequency_per_day: Cited<BTreeMap<String, f64>>,
}

impl Drugs {
    /// Whether `drug` is a glucocorticoid.
    pub fn is_glucocorticoid(&self, drug: &str) -> bool {
        contains(&self.roles.glucocorticoid, drug)
    }

    /// Administrations per day of a frequency code (case-insensitive).
    pub fn per_day(&self, code: &str) -> Option<f64> {
        self.frequency_per_day
            .value
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(code))
            .map(|(_, v)| *v)
    }

    /// The usual dose range of `drug`.
    pub fn range(&self, drug: &str) -> Option<&DoseRange> {
        self.dose_range
            .iter()
            .find(|r| r.drug.eq_ignore_ascii_case(drug))
    }

    /// Whether `drug` modifies the disease (opens a line of therapy).
    pub fn is_disease_modifying(&self, drug: &str) -> bool {
        contains(&self.roles.disease_modifying, drug)
    }
}

/// One weighted item of the 2017 EULAR/ACR criteria.
#[derive(Debug, Clone, Deserialize)]
pub struct CriteriaItem {
    /// Key used in code.
    pub key: String,
    /// Wording.
    pub label: String,
    /// Weight without muscle biopsy.
    pub without_biopsy: f64,
    /// Weight with muscle biopsy.
    pub with_biopsy: f64,
    /// Fact names that state it.
    #[serde(default)]
    pub names: Vec<String>,
}

/// The 2017 EULAR/ACR IIM criteria.
#[derive(Debug, Clone, Deserialize)]
pub struct EularAcr {
    /// Probability intercept without biopsy.
    pub intercept_without_biopsy: f64,
    /// Probability intercept with biopsy.
    pub intercept_with_biopsy: f64,
    /// Status of the intercepts.
    pub intercept_status: String,
    /// Probable IIM from this probability.
    pub probable_min_probability: f64,
    /// Definite IIM from this probability.
    pub definite_min_probability: f64,
    /// Possible IIM from this probability.
    pub possible_min_probability: f64,
    /// The known limitation in CADM.
    pub limitation: String,
    /// Weighted items.
    pub item: Vec<CriteriaItem>,
    /// Fallback upper reference limits of muscle enzymes.
    pub reference_ranges: BTreeMap<String, toml::Value>,
}

params!(
    /// Sontheimer/Gerami CADM definition.
    Cadm { /** `min_skin_months` as in the data file. */ min_skin_months: f64, /** `hallmark_rash` as in the data file. */ hallmark_rash: Vec<String>, /** `weakness` as in the data file. */ weakness: Vec<String>, /** `skin_words` as in the data file. */ skin_words: Vec<String>, /** `enzymes` as in the data file. */ enzymes: Vec<String> }
);
params!(
    /// RP-ILD definition variants.
    Rpild { /** windows after respiratory-symptom onset */ window_months: Vec<f64>, /** `respiratory_symptoms` as in the data file. */ respiratory_symptoms: Vec<String>, /** `spo2_below` as in the data file. */ spo2_below: f64, /** `ild_words` as in the data file. */ ild_words: Vec<String>, /** `worsening_words` as in the data file. */ worsening_words: Vec<String> }
);

/// `data/assess/criteria.toml`.
#[derive(Debug, Clone, Deserialize)]
pub struct Criteria {
    /// Sources.
    pub meta: Meta,
    /// 2017 EULAR/ACR.
    pub eular_acr_2017: Cited<EularAcr>,
    /// CADM.
    pub cadm: Cited<Cadm>,
    /// RP-ILD.
    pub rpild: Cited<Rpild>,
}

params!(
    /// FLAIR model.
    Flair { /** `ferritin_min` as in the data file. */ ferritin_min: f64, /** `ferritin_points` as in the data file. */ ferritin_points: u32, /** `ldh_min` as in the data file. */ ldh_min: f64, /** `ldh_points` as in the data file. */ ldh_points: u32, /** by grade */ mda5_points: Vec<u32>, /** `hrct_score_min` as in the data file. */ hrct_score_min: f64, /** `hrct_points` as in the data file. */ hrct_points: u32, /** `rpild_points` as in the data file. */ rpild_points: u32, /** `low_max` as in the data file. */ low_max: u32, /** `medium_max` as in the data file. */ medium_max: u32, /** `max_total` as in the data file. */ max_total: u32, /** `limitation` as in the data file. */ limitation: String }
);
params!(
    /// MCK model.
    Mck { /** mg/L */ crp_min_mda5_positive: f64, /** mg/L */ crp_min_mda5_negative: f64, /** U/mL */ kl6_min: f64, /** `band_status` as in the data file. */ band_status: String, /** by factor count */ mda5_positive_bands: Vec<String>, /** `mda5_negative_bands` as in the data file. */ mda5_negative_bands: Vec<String>, /** `limitation` as in the data file. */ limitation: String }
);
params!(
    /// JAMI predictors.
    Jami { /** years */ age_min: f64, /** mg/L */ crp_min: f64, /** % */ spo2_below: f64, /** `limitation` as in the data file. */ limitation: String }
);
params!(
    /// CROSS model.
    Cross { /** mg/L */ crp_above: f64, /** `crp_points` as in the data file. */ crp_points: u32, /** `ro52_points` as in the data file. */ ro52_points: u32, /** `male_points` as in the data file. */ male_points: u32, /** `short_course_months` as in the data file. */ short_course_months: f64, /** `short_course_points` as in the data file. */ short_course_points: u32, /** `low_max` as in the data file. */ low_max: u32, /** `medium_max` as in the data file. */ medium_max: u32, /** `max_total` as in the data file. */ max_total: u32, /** `limitation` as in the data file. */ limitation: String }
);

/// A single-biomarker threshold.
#[derive(Debug, Clone, Deserialize)]
pub struct Biomarker {
    /// Canonical analyte name.
    pub analyte: String,
    /// UCUM unit of the threshold.
    pub unit: String,
    /// The cut-off.
    pub threshold: f64,
    /// `>=` or `>`.
    pub comparison: String,
    /// What crossing it means.
    pub meaning: String,
    /// Citation.
    pub source: String,
    /// Status tag.
    pub status: String,
}

impl Biomarker {
    /// Whether `value` crosses the threshold.
    pub fn crossed(&self, value: f64) -> bool {
        if self.comparison == ">" {
            value > self.threshold
        } else {
            value >= self.threshold
        }
    }
}

params!(
    /// Anti-Ro52 meaning.
    AntiRo52 { /** `meaning` as in the data file. */ meaning: String }
);

/// `data/assess/prognosis.toml`.
#[derive(Debug, Clone, Deserialize)]
pub struct Prognosis {
    /// Sources.
    pub meta: Meta,
    /// FLAIR.
    pub flair: Cited<Flair>,
    /// MCK.
    pub mck: Cited<Mck>,
    /// JAMI.
    pub jami: Cited<Jami>,
    /// CROSS.
    pub cross: Cited<Cross>,
    /// Single-marker thresholds.
    pub biomarker: Vec<Biomarker>,
    /// Anti-Ro52.
    pub anti_ro52: Cited<AntiRo52>,
}

/// `data/assess/names.toml`: which fact names each input accepts.
#[derive(Debug, Clone, Deserialize)]
pub struct Names {
    /// Sources.
    pub meta: Meta,
    /// Role → accepted names.
    pub names: BTreeMap<String, Vec<String>>,
    /// Role → [min, max] plausible values.
    pub plausible: Cited<BTreeMap<String, [f64; 2]>>,
    /// Oxygen–haemoglobin dissociation curve.
    pub severinghaus: Cited<Severinghaus>,
}

params!(
    /// Severinghaus equation constants and the allowed SpO2 disagreement.
    Severinghaus { /** `a` as in the data file. */ a: f64, /** `b` as in the data file. */ b: f64, /** saturation points */ tolerance: f64 }
);

impl Names {
    /// Plausible [min, max] for `role`, when known.
    pub fn plausible(&self, role: &str) -> Option<[f64; 2]> {
        self.plausible.value.get(role).copied()
    }

    /// Accepted names for `role` (empty when the role is unknown).
    pub fn of(&self, role: &str) -> &[String] {
        self.names.get(role).map(Vec::as_slice).unwrap_or(&[])
    }
}

/// All assessment knowledge.
#[derive(Debug, Clone)]
pub struct Knowledge {
    /// Respiratory physiology.
    pub physiology: Physiology,
    /// Acid–base.
    pub acid_base: AcidBase,
    /// Glucocorticoids.
    pub glucocorticoids: Glucocorticoids,
    /// Drugs.
    pub drugs: Drugs,
    /// Criteria.
    pub criteria: Criteria,
    /// Prognostic models.
    pub prognosis: Prognosis,
    /// Input names.
    pub names: Names,
}

/// The data files, by name.
pub const FILES: [(&str, &str); 7] = [
    (
        "physiology.toml",
        include_str!("../../../data/assess/physiology.toml"),
    ),
    (
        "acid_base.toml",
        include_str!("../../../data/assess/acid_base.toml"),
    ),
    (
        "glucocorticoids.toml",
        include_str!("../../../data/assess/glucocorticoids.toml"),
    ),
    (
        "drugs.toml",
        include_str!("../../../data/assess/drugs.toml"),
    ),
    (
        "criteria.toml",
        include_str!("../../../data/assess/criteria.toml"),
    ),
    (
        "prognosis.toml",
        include_str!("../../../data/assess/prognosis.toml"),
    ),
    (
        "names.toml",
        include_str!("../../../data/assess/names.toml"),
    ),
];

/// Why knowledge could not be read.
#[derive(Debug, thiserror::Error)]
#[error("data/assess/{file}: {message}")]
pub struct KnowledgeError {
    /// File name.
    pub file: String,
    /// What was wrong, with line and column.
    pub message: String,
}

fn parse<T: serde::de::DeserializeOwned>(file: &str, text: &str) -> Result<T, KnowledgeError> {
    toml::from_str(text).map_err(|e| KnowledgeError {
        file: file.to_string(),
        message: e.to_string(),
    })
}

impl Knowledge {
    /// Parses the seven files given as `(name, text)` in [`FILES`] order.
    pub fn from_texts(texts: &[(&str, &str); 7]) -> Result<Knowledge, KnowledgeError> {
        let [ph, ab, gc, dr, cr, pr, nm] = texts;
        Ok(Knowledge {
            physiology: parse(ph.0, ph.1)?,
            acid_base: parse(ab.0, ab.1)?,
            glucocorticoids: parse(gc.0, gc.1)?,
            drugs: parse(dr.0, dr.1)?,
            criteria: parse(cr.0, cr.1)?,
            prognosis: parse(pr.0, pr.1)?,
            names: parse(nm.0, nm.1)?,
        })
    }

    /// Reads edited copies of the data files from `dir` (same file names).
    pub fn from_files(dir: &Path) -> Result<Knowledge, KnowledgeError> {
        let mut texts: Vec<String> = Vec::new();
        for (name, _) in FILES {
            let text = std::fs::read_to_string(dir.join(name)).map_err(|e| KnowledgeError {
                file: name.to_string(),
                message: e.to_string(),
            })?;
            texts.push(text);
        }
        let pairs: Vec<(&str, &str)> = FILES
            .iter()
            .zip(&texts)
            .map(|((n, _), t)| (*n, t.as_str()))
            .collect();
        let arr: [(&str, &str); 7] = pairs.try_into().map_err(|_| KnowledgeError {
            file: dir.display().to_string(),
            message: "expected seven data files".into(),
        })?;
        Knowledge::from_texts(&arr)
    }
}

/// The knowledge compiled into the binary, parsed once.
pub fn get() -> Result<&'static Knowledge, String> {
    static K: OnceLock<Result<Knowledge, String>> = OnceLock::new();
    K.get_or_init(|| Knowledge::from_texts(&FILES).map_err(|e| e.to_string()))
        .as_ref()
        .map_err(Clone::clone)
}

/// Case-insensitive membership.
pub fn contains(list: &[String], name: &str) -> bool {
    list.iter().any(|n| n.eq_ignore_ascii_case(name))
}
