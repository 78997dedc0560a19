//! The course: source, index event, facts, episodes and warnings.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::fact::{Fact, Span};
use crate::time::Relation;

/// Version tag of the course JSON. Bump the number on any change that an
/// older reader would misread.
///
/// A new optional field that is left out when empty keeps the number: a
/// reader of the same version that predates it ignores it (no type here
/// denies unknown fields), and a newer reader defaults it when it is absent.
/// `Fact::parts` came this way.
pub const SCHEMA_VERSION: &str = "casecourse.course/1";

/// What the course's times are relative to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Default)]
#[serde(rename_all = "snake_case")]
pub enum IndexKind {
    /// Admission to the treating hospital (the default).
    #[default]
    Admission,
    /// Start of treatment.
    TreatmentStart,
    /// Diagnosis.
    Diagnosis,
    /// The first visit or the note's date.
    FirstVisit,
    /// A calendar date given by the user.
    Date,
}

/// The index event: day 0 of the course.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Default)]
pub struct IndexEvent {
    /// Which event.
    pub kind: IndexKind,
    /// In words, for readers.
    pub description: String,
    /// Its calendar date, when known (from the text or `--index-date`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// The words that named it, when the text did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub span: Option<Span>,
}

/// The narrative a course was extracted from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Default)]
pub struct SourceInfo {
    /// A name for the document (file name or id).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The text itself; spans index into it.
    pub text: String,
}

/// One dose step of a medication episode.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct DoseStep {
    /// Day the step applies from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub day: Option<f64>,
    /// How `day` is known.
    pub relation: Relation,
    /// Dose amount.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dose: Option<f64>,
    /// UCUM dose unit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// A dose in words (`pulse`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dose_text: Option<String>,
    /// Frequency code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub frequency: Option<String>,
    /// Route.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub route: Option<String>,
    /// The medication fact this step came from.
    pub fact_id: String,
}

/// A drug from start to stop, with its dose changes: a regimen told as a
/// story rather than scattered mentions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct MedicationEpisode {
    /// `e1`, `e2`...
    pub id: String,
    /// Canonical drug name.
    pub drug: String,
    /// Pharmacological class from the lexicon.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub class: Option<String>,
    /// First day on the drug, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_day: Option<f64>,
    /// Last day on the drug, when it was stopped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_day: Option<f64>,
    /// True when the drug was given before the index event (elsewhere).
    #[serde(default)]
    pub prior: bool,
    /// Dose steps in time order.
    pub steps: Vec<DoseStep>,
    /// Why it was given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub indication: Option<String>,
    /// Stated response.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response: Option<String>,
    /// The drug that replaced it ("conversion from tacrolimus to MMF").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replaced_by: Option<String>,
    /// Every medication fact of this episode.
    pub fact_ids: Vec<String>,
}

/// Something a reader should know: a contradiction in the text, an
/// assumption, input that could not be read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Warning {
    /// A stable kebab-case code (`caption-contradicts-text`).
    pub code: String,
    /// A sentence for people.
    pub message: String,
    /// The facts involved.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fact_ids: Vec<String>,
    /// The words involved.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub spans: Vec<Span>,
}

/// One clinical course.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Course {
    /// Always [`SCHEMA_VERSION`].
    pub schema: String,
    /// The narrative.
    pub source: SourceInfo,
    /// Day 0.
    pub index: IndexEvent,
    /// The facts, in document order.
    pub facts: Vec<Fact>,
    /// Medication episodes built from the medication facts.
    #[serde(default)]
    pub episodes: Vec<MedicationEpisode>,
    /// What a reader should know.
    #[serde(default)]
    pub warnings: Vec<Warning>,
}

/// Why a course JSON could not be read.
#[derive(Debug, thiserror::Error)]
pub enum CourseError {
    /// Not JSON, or not a course: says where.
    #[error("not a valid course JSON at {path}: {message}")]
    Invalid {
        /// JSON path of the offending field (`facts[3].time.day`).
        path: String,
        /// What was wrong.
        message: String,
    },
    /// A course of another schema version.
    #[error("course schema {found:?} is not supported (this casecourse reads {SCHEMA_VERSION:?})")]
    Version {
        /// The version the file declares.
        found: String,
    },
    /// A span outside the text.
    #[error("fact {fact} has {what} {start}..{end} outside the {len}-byte source text")]
    Span {
        /// Fact id.
        fact: String,
        /// Which span: `span`, or `dose part span` for a labelled part.
        what: String,
        /// Span start.
        start: usize,
        /// Span end.
        end: usize,
        /// Text length.
        len: usize,
    },
}

impl Course {
    /// An empty course over `text`.
    pub fn new(text: impl Into<String>) -> Self {
        Course {
            schema: SCHEMA_VERSION.to_string(),
            source: SourceInfo {
                name: None,
                text: text.into(),
            },
            index: IndexEvent::default(),
            facts: Vec::new(),
            episodes: Vec::new(),
            warnings: Vec::new(),
        }
    }

    /// Reads a course JSON, checking the schema version and that every span
    /// (and every part span) lies inside the text on character boundaries.
    pub fn from_json(json: &str) -> Result<Course, CourseError> {
        let value: serde_json::Value =
            serde_json::from_str(json).map_err(|e| CourseError::Invalid {
                path: format!("line {} column {}", e.line(), e.column()),
                message: e.to_string(),
            })?;
        match value.get("schema").and_then(|v| v.as_str()) {
            Some(SCHEMA_VERSION) => {}
            Some(other) => {
                return Err(CourseError::Version {
                    found: other.to_string(),
                });
            }
            None => {
                return Err(CourseError::Invalid {
                    path: "schema".into(),
                    message: "missing: a course JSON names its schema version".into(),
                });
            }
        }
        let course: Course =
            serde_path_to_error::deserialize(value).map_err(|e| CourseError::Invalid {
                path: e.path().to_string(),
                message: e.inner().to_string(),
            })?;
        course.check_spans()?;
        Ok(course)
    }

    /// The course as pretty JSON.
    pub fn to_json(&self) -> String {
        // Serialising plain data with string keys cannot fail.
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    fn check_spans(&self) -> Result<(), CourseError> {
        let text = &self.source.text;
        let len = text.len();
        let fits = |s: &Span| {
            s.start <= s.end
                && s.end <= len
                && text.is_char_boundary(s.start)
                && text.is_char_boundary(s.end)
        };
        for f in &self.facts {
            let spans = f.spans.iter().map(|s| (s, "span".to_string()));
            let parts = f
                .parts
                .iter()
                .map(|p| (&p.span, format!("{} part span", p.role.as_str())));
            if let Some((s, what)) = spans.chain(parts).find(|(s, _)| !fits(s)) {
                return Err(CourseError::Span {
                    fact: f.id.clone(),
                    what,
                    start: s.start,
                    end: s.end,
                    len,
                });
            }
        }
        Ok(())
    }

    /// The fact with this id.
    pub fn fact(&self, id: &str) -> Option<&Fact> {
        self.facts.iter().find(|f| f.id == id)
    }

    /// The words of a span (empty when out of range).
    pub fn words(&self, span: Span) -> &str {
        self.source.text.get(span.start..span.end).unwrap_or("")
    }

    /// The JSON Schema of the course JSON.
    pub fn json_schema() -> serde_json::Value {
        serde_json::to_value(schemars::schema_for!(Course)).unwrap_or_default()
    }
}
