//! One clinical fact and its parts.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::time::Time;

/// What kind of fact this is. The names match the `kind` field of the gold
/// lists in `shared/cases/*.gold.json`.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// Age, sex, ethnicity.
    Demographic,
    /// Occupation, smoking, alcohol, drugs, exposures.
    Social,
    /// Past medical and family history.
    History,
    /// What the patient reports.
    Symptom,
    /// Temperature, blood pressure, heart and respiratory rate, SpO2, weight.
    Vital,
    /// Examination findings.
    Exam,
    /// Laboratory values, blood gases, cytokines.
    Lab,
    /// Autoantibodies.
    Antibody,
    /// Cultures, PCR, antigen tests.
    Microbiology,
    /// CT, X-ray, MRI, echo, with findings and impression.
    Imaging,
    /// Lung function (percent predicted).
    Pft,
    /// Procedures, including tests not done.
    Procedure,
    /// Diagnoses: confirmed, suspected or excluded.
    Diagnosis,
    /// Oxygen support: device, flow, FiO2.
    Oxygen,
    /// A medication mention: drug, dose, route, frequency.
    Medication,
    /// Admission, discharge, readmission, death, transfer.
    Event,
    /// Disease status: remission, relapse, no recurrence.
    Status,
    /// Other findings ("no signs of infection").
    Finding,
}

impl Kind {
    /// Every kind, in display order.
    pub const ALL: [Kind; 18] = [
        Kind::Demographic,
        Kind::Social,
        Kind::History,
        Kind::Symptom,
        Kind::Vital,
        Kind::Exam,
        Kind::Lab,
        Kind::Antibody,
        Kind::Microbiology,
        Kind::Imaging,
        Kind::Pft,
        Kind::Procedure,
        Kind::Diagnosis,
        Kind::Oxygen,
        Kind::Medication,
        Kind::Event,
        Kind::Status,
        Kind::Finding,
    ];

    /// The snake_case name used in JSON and the gold lists.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Demographic => "demographic",
            Kind::Social => "social",
            Kind::History => "history",
            Kind::Symptom => "symptom",
            Kind::Vital => "vital",
            Kind::Exam => "exam",
            Kind::Lab => "lab",
            Kind::Antibody => "antibody",
            Kind::Microbiology => "microbiology",
            Kind::Imaging => "imaging",
            Kind::Pft => "pft",
            Kind::Procedure => "procedure",
            Kind::Diagnosis => "diagnosis",
            Kind::Oxygen => "oxygen",
            Kind::Medication => "medication",
            Kind::Event => "event",
            Kind::Status => "status",
            Kind::Finding => "finding",
        }
    }

    /// Parses the snake_case name.
    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// A half-open byte range `[start, end)` in the source text.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end`.
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }
}

/// Which part of a fact a labelled span holds.
///
/// The set is small on purpose: each role is a piece of a statement that
/// annotated corpora mark as an entity of its own, and that a reader may want
/// to highlight apart from the fact's name.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum PartRole {
    /// A measured value as written, with its unit words when they follow the
    /// number (`14.2 g/dL`, `86`), or a qualitative result word (`positive`).
    Value,
    /// A medication dose as written: the amount with its unit (`30 mg`), a
    /// range spelled whole (`1 to 2 tablets`), or a dose in words (`pulse`).
    Dose,
    /// How often a drug is given (`twice daily`, `q8h`).
    Frequency,
    /// How a drug is given (`orally`, `intravenous`).
    Route,
    /// How long something lasted or a course ran (`for 5 days`,
    /// `a 2-week history`).
    Duration,
    /// The time expression that placed the fact in time (`2 weeks later`,
    /// `on day 3`, `in March 2019`); absent when the fact takes the
    /// narrative's time from an earlier sentence.
    Time,
    /// The word that says the thing is absent or was not done (`no`,
    /// `denied`, `not performed`), also when the fact carries it as a status
    /// (`no recurrence`, `not done`) rather than as `negated`.
    Negation,
    /// The body site of an examination finding (`over both lung bases`).
    Site,
}

impl PartRole {
    /// Every role, in display order.
    pub const ALL: [PartRole; 8] = [
        PartRole::Value,
        PartRole::Dose,
        PartRole::Frequency,
        PartRole::Route,
        PartRole::Duration,
        PartRole::Time,
        PartRole::Negation,
        PartRole::Site,
    ];

    /// The snake_case name used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            PartRole::Value => "value",
            PartRole::Dose => "dose",
            PartRole::Frequency => "frequency",
            PartRole::Route => "route",
            PartRole::Duration => "duration",
            PartRole::Time => "time",
            PartRole::Negation => "negation",
            PartRole::Site => "site",
        }
    }

    /// Parses the snake_case name.
    pub fn parse(s: &str) -> Option<PartRole> {
        PartRole::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

/// A labelled span: which words of `source.text` hold one part of a fact.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
pub struct Part {
    /// What the words are.
    pub role: PartRole,
    /// Where they are.
    pub span: Span,
}

/// A code in a named system (LOINC, ATC, RxNorm, ICD-10, SNOMED CT).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Code {
    /// The system's short name: `LOINC`, `ATC`, `RxNorm`, `ICD-10`, `SNOMED`.
    pub system: String,
    /// The code.
    pub code: String,
}

/// A fact's value: a number, or a word the text used ("afebrile", "normal",
/// "male").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum Value {
    /// A measured or stated number.
    Number(f64),
    /// A stated word or phrase.
    Text(String),
}

impl Value {
    /// The number, when the value is one.
    pub fn as_number(&self) -> Option<f64> {
        match self {
            Value::Number(n) => Some(*n),
            Value::Text(_) => None,
        }
    }
}

/// How a stated bound relates to the true value: "<1" is below 1. The
/// symbols are those of FHIR `Quantity.comparator`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum Comparator {
    /// Below the number.
    #[serde(rename = "<")]
    Lt,
    /// At or below the number.
    #[serde(rename = "<=")]
    Le,
    /// At or above the number.
    #[serde(rename = ">=")]
    Ge,
    /// Above the number.
    #[serde(rename = ">")]
    Gt,
}

impl Comparator {
    /// The symbol: `<`, `<=`, `>=`, `>`.
    pub fn as_str(self) -> &'static str {
        match self {
            Comparator::Lt => "<",
            Comparator::Le => "<=",
            Comparator::Ge => ">=",
            Comparator::Gt => ">",
        }
    }

    /// Reads a symbol (also `≤`, `≥`).
    pub fn parse(s: &str) -> Option<Comparator> {
        match s.trim() {
            "<" => Some(Comparator::Lt),
            "<=" | "\u{2264}" => Some(Comparator::Le),
            ">=" | "\u{2265}" => Some(Comparator::Ge),
            ">" => Some(Comparator::Gt),
            _ => None,
        }
    }

    /// Splits a bound written as text ("<1", "> 90", "≤0.5") into its
    /// comparator and number.
    pub fn split(text: &str) -> Option<(Comparator, f64)> {
        let t = text.trim();
        let digits = t.find(|c: char| c.is_ascii_digit() || c == '.')?;
        let c = Comparator::parse(&t[..digits])?;
        t[digits..].trim().parse().ok().map(|n| (c, n))
    }
}

/// A reference interval for a value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ReferenceRange {
    /// Lower limit, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub low: Option<f64>,
    /// Upper limit, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub high: Option<f64>,
    /// UCUM unit of the limits.
    pub unit: String,
    /// Where the interval comes from: `text` or the lexicon's citation.
    pub source: String,
}

/// How a value compares with its reference interval.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Flag {
    /// Below the interval.
    Low,
    /// Within the interval.
    Normal,
    /// Above the interval.
    High,
    /// Outside it, direction not stated.
    Abnormal,
}

/// How sure the text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Default)]
#[serde(rename_all = "snake_case")]
pub enum Certainty {
    /// Stated as fact.
    #[default]
    Affirmed,
    /// "suspected", "possible", "probable".
    Possible,
    /// "if", "in case of", "risk of".
    Hypothetical,
}

/// Whose fact it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Default)]
#[serde(rename_all = "snake_case")]
pub enum Experiencer {
    /// The patient.
    #[default]
    Patient,
    /// A relative ("family history of ...").
    Family,
}

/// Where in the document a fact was stated. Captions and discussion restate
/// the main text; the main text wins when they disagree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Default)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    /// The narrative itself (case presentation, letter, note).
    #[default]
    Body,
    /// The abstract or summary.
    Abstract,
    /// A figure or table caption.
    Caption,
    /// Discussion or conclusion.
    Discussion,
    /// A table flattened to text.
    Table,
}

/// What a medication mention says happened to the drug.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum DoseAction {
    /// Started.
    Start,
    /// Continued at the stated dose.
    Continue,
    /// Dose changed (adjusted, modified).
    Change,
    /// Dose increased.
    Increase,
    /// Dose reduced.
    Decrease,
    /// Gradually tapered.
    Taper,
    /// Stopped or replaced.
    Stop,
    /// Given before the index, elsewhere.
    Prior,
}

/// The qualifier of a reading taken without supplemental oxygen ("SpO2
/// 93% on room air"): the breathing state at that moment, read by the
/// derived physiology as FiO2 0.21.
pub const ON_ROOM_AIR: &str = "on room air";

/// Drug, dose, route and frequency of one medication mention.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Default)]
pub struct Dosage {
    /// Dose amount.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dose: Option<f64>,
    /// UCUM unit of the dose: `mg`, `g`, `ug`, `mg/kg`, `g/kg`, `[iU]`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// A dose stated as a word: `pulse`, `high-dose`, `low-dose`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dose_text: Option<String>,
    /// Route: `intravenous`, `oral`, `subcutaneous`...
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub route: Option<String>,
    /// Frequency code: `QD`, `BID`, `TID`, `Q8H`, `QW`...
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub frequency: Option<String>,
    /// Course length in days, when stated ("for 5 days").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_days: Option<f64>,
    /// Why it was given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub indication: Option<String>,
    /// Stated response ("none", "partial", "good").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response: Option<String>,
    /// What happened to the drug here.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<DoseAction>,
}

/// Oxygen support: device, flow, FiO2.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Default)]
pub struct OxygenSupport {
    /// Device or mode (`high-flow nasal cannula`, `nasal cannula`...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device: Option<String>,
    /// Flow rate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flow: Option<f64>,
    /// UCUM unit of the flow, usually `L/min`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flow_unit: Option<String>,
    /// Fraction of inspired oxygen, 0.21 to 1.0, when stated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fio2: Option<f64>,
}

/// One clinical fact.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Fact {
    /// Stable within a course: `f1`, `f2`...
    pub id: String,
    /// What kind of fact.
    pub kind: Kind,
    /// Canonical name from the lexicon ("ferritin", "anti-MDA5").
    pub name: String,
    /// Open code for the name, where the lexicon has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<Code>,
    /// The value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<Value>,
    /// The numeric value is a bound, not a measurement: "ADAMTS13 <1%",
    /// "eGFR >90" (FHIR `Quantity.comparator`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comparator: Option<Comparator>,
    /// UCUM unit of a numeric value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// The reference interval used for `flag`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference_range: Option<ReferenceRange>,
    /// How the value compares with the reference interval.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flag: Option<Flag>,
    /// Qualitative result: `positive`, `negative`, `no growth`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result: Option<String>,
    /// Strength of a positive result: `strong`, `weak`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub strength: Option<String>,
    /// Titre as written (`1:320`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub titre: Option<String>,
    /// Body site of an exam finding.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub site: Option<String>,
    /// Findings of an imaging study.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub findings: Vec<String>,
    /// Impression of an imaging study.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub impression: Option<String>,
    /// Status words for procedures and diagnoses (`not done`, `excluded`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// A qualifier of a diagnosis (`anti-MDA5 antibody-positive`), or how
    /// a reading was taken (`on room air`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub qualifier: Option<String>,
    /// Dose, route, frequency of a medication.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dosage: Option<Dosage>,
    /// Device, flow and FiO2 of oxygen support.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub oxygen: Option<OxygenSupport>,
    /// When.
    #[serde(default)]
    pub time: Time,
    /// "no muscle weakness", "ANA negative" for absence.
    #[serde(default)]
    pub negated: bool,
    /// Affirmed, possible or hypothetical.
    #[serde(default)]
    pub certainty: Certainty,
    /// The patient or a relative.
    #[serde(default)]
    pub experiencer: Experiencer,
    /// Where in the document.
    #[serde(default)]
    pub origin: Origin,
    /// The words it came from, as byte ranges of `source.text`.
    #[serde(default)]
    pub spans: Vec<Span>,
    /// Labelled spans of its parts (dose, frequency, route, duration, value,
    /// time, negation, site), as byte ranges of `source.text`. Some lie
    /// inside `spans` (a dose), others do not (the time expression, a
    /// negation word). A role may occur more than once when a fact was
    /// stated more than once. Empty when unknown.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parts: Vec<Part>,
    /// Anything else worth saying.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl Fact {
    /// A bare fact of `kind` named `name`, with everything else empty.
    pub fn new(id: impl Into<String>, kind: Kind, name: impl Into<String>) -> Self {
        Fact {
            id: id.into(),
            kind,
            name: name.into(),
            code: None,
            value: None,
            comparator: None,
            unit: None,
            reference_range: None,
            flag: None,
            result: None,
            strength: None,
            titre: None,
            site: None,
            findings: Vec::new(),
            impression: None,
            status: None,
            qualifier: None,
            dosage: None,
            oxygen: None,
            time: Time::default(),
            negated: false,
            certainty: Certainty::Affirmed,
            experiencer: Experiencer::Patient,
            origin: Origin::Body,
            spans: Vec::new(),
            parts: Vec::new(),
            note: None,
        }
    }

    /// The numeric value, if there is one.
    pub fn number(&self) -> Option<f64> {
        self.value.as_ref().and_then(Value::as_number)
    }

    /// The spans labelled `role`, in the order they were added.
    pub fn part_spans(&self, role: PartRole) -> impl Iterator<Item = Span> + '_ {
        self.parts
            .iter()
            .filter(move |p| p.role == role)
            .map(|p| p.span)
    }

    /// Labels `span` as `role`, replacing the spans this role had.
    pub fn set_part(&mut self, role: PartRole, span: Span) {
        self.clear_part(role);
        self.parts.push(Part { role, span });
    }

    /// Drops the spans labelled `role` (the words no longer say it).
    pub fn clear_part(&mut self, role: PartRole) {
        self.parts.retain(|p| p.role != role);
    }
}
