//! Assessment: what a careful clinician would compute by hand from a course.
//!
//! [`assess`] reads a [`Course`] and returns an [`Assessment`]: a flat list
//! of [`Item`]s (derived physiology, acid–base readings, classification
//! criteria, prognostic models, regimen analytics, response and consistency
//! warnings), plus the medication episodes, lines of therapy and the daily
//! glucocorticoid series that charts need.
//!
//! Every item names the facts it used (`inputs`), the assumptions it had to
//! make, the inputs that were missing (`"cannot compute: LDH missing"`) and
//! its source (authors, journal, year). Thresholds, coefficients and
//! equivalences are data in `data/assess/*.toml`, each with its sources.
//!
//! Only concurrent values are combined: a saturation on room air at
//! admission is never divided by the FiO2 of oxygen started afterwards.
//!
//! casecourse supports decisions; it never is the decision.
#![deny(missing_docs)]

pub mod acid_base;
pub mod consistency;
pub mod criteria;
mod facts;
pub mod knowledge;
pub mod physiology;
pub mod prognosis;
pub mod regimen;
pub mod response;

use casecourse_model::{Course, MedicationEpisode, Value};
use serde::Serialize;

pub use facts::{CourseView, Fio2, OxygenState};

/// Version tag of the assessment JSON.
pub const ASSESSMENT_SCHEMA: &str = "casecourse.assessment/1";

/// Said wherever results are shown to people.
pub const DISCLAIMER: &str = "casecourse computes from what the text states to support clinical \
     judgement; it is not a diagnosis or a treatment decision.";

/// What part of the assessment an item belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// P/F, S/F, ROX, A–a gradient, estimated FiO2.
    Physiology,
    /// pH, PaCO2, bicarbonate, primary disorder, compensation.
    AcidBase,
    /// Classification criteria and disease definitions.
    Criteria,
    /// Prognostic models and biomarker thresholds.
    Prognosis,
    /// Episodes, lines of therapy, glucocorticoid dose, dose checks,
    /// prophylaxis, interactions.
    Regimen,
    /// Trends, seroconversion, oxygen weaning, radiological course.
    Response,
    /// Where the text disagrees with itself or with its numbers.
    Consistency,
    /// Values that cannot be right (pH 17, a negative dose).
    InputCheck,
}

/// Whether an item could be computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Computed from stated values (possibly with stated assumptions).
    Computed,
    /// Partly computed: `bounds` hold the range the missing inputs allow.
    Partial,
    /// Not computable: `missing` says why.
    NotComputable,
}

/// How much a warning matters to a reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Worth knowing.
    Info,
    /// Worth checking against the source.
    Caution,
    /// The value or reading cannot be right as stated.
    Error,
}

/// A lower and upper bound, when a value is only bounded (an unstated taper,
/// an unknown titre grade).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Bounds {
    /// Lowest value the stated facts allow.
    pub low: f64,
    /// Highest value the stated facts allow (`None`: unbounded above).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub high: Option<f64>,
}

/// One computed (or not computable) result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Item {
    /// Stable kebab-case code (`aa-gradient`, `flair`, `gc-cumulative`).
    pub code: String,
    /// Which part of the assessment.
    pub category: Category,
    /// Human name ("Alveolar–arterial O2 gradient").
    pub name: String,
    /// The result: a number or a word (`"probable IIM"`). `None` when not
    /// computable.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<Value>,
    /// UCUM unit of a numeric value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// The range the stated facts allow, when the value is only bounded.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bounds: Option<Bounds>,
    /// What the value means, in a sentence ("raised for age: expected ≤ 13").
    pub interpretation: String,
    /// Day relative to the index event the item refers to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub day: Option<f64>,
    /// Fact ids used.
    pub inputs: Vec<String>,
    /// Assumptions made ("room air: no FiO2 stated", "sea level").
    pub assumptions: Vec<String>,
    /// Inputs that were needed but not stated ("LDH").
    pub missing: Vec<String>,
    /// Known limits of the method that apply here.
    pub limitations: Vec<String>,
    /// Citation: authors, journal, year.
    pub source: String,
    /// Whether it could be computed.
    pub status: Status,
    /// For warnings and input checks: how much it matters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub severity: Option<Severity>,
}

impl Item {
    /// A new computed item with no value yet.
    pub fn new(code: &str, category: Category, name: &str, source: &str) -> Item {
        Item {
            code: code.to_string(),
            category,
            name: name.to_string(),
            value: None,
            unit: None,
            bounds: None,
            interpretation: String::new(),
            day: None,
            inputs: Vec::new(),
            assumptions: Vec::new(),
            missing: Vec::new(),
            limitations: Vec::new(),
            source: source.to_string(),
            status: Status::Computed,
            severity: None,
        }
    }

    /// The numeric value, if any.
    pub fn number(&self) -> Option<f64> {
        self.value.as_ref().and_then(Value::as_number)
    }

    /// The text value, if any.
    pub fn text(&self) -> Option<&str> {
        match &self.value {
            Some(Value::Text(s)) => Some(s),
            _ => None,
        }
    }

    /// Marks the item not computable for want of `missing`; the
    /// interpretation reads "cannot compute: X missing".
    pub fn not_computable(mut self, missing: &[&str]) -> Item {
        self.status = Status::NotComputable;
        self.value = None;
        self.missing.extend(missing.iter().map(|s| s.to_string()));
        self.interpretation = format!("cannot compute: {} missing", self.missing.join(", "));
        self
    }
}

/// A line of therapy: the set of disease-modifying drugs in force between
/// two regimen changes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TherapyLine {
    /// 1, 2, 3...
    pub number: u32,
    /// First day of the line.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start_day: Option<f64>,
    /// Day the next line began, when there was one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_day: Option<f64>,
    /// Immunosuppressive and antifibrotic drugs in force (glucocorticoids
    /// included).
    pub drugs: Vec<String>,
    /// What opened this line ("mycophenolate mofetil added", "tacrolimus
    /// replaced by mycophenolate mofetil").
    pub reason: String,
    /// Medication facts behind the change.
    pub inputs: Vec<String>,
}

/// One day-range of glucocorticoid exposure in prednisone equivalents.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SteroidSegment {
    /// First day (inclusive).
    pub start_day: f64,
    /// Last day (exclusive).
    pub end_day: f64,
    /// Daily prednisone-equivalent dose in mg, when known exactly.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub daily_mg: Option<f64>,
    /// Bounds of the daily dose when only bounded (an unstated taper or
    /// pulse).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub daily_bounds: Option<Bounds>,
    /// Drug and dose as stated ("methylprednisolone 160 mg QD").
    pub label: String,
    /// Medication facts behind it.
    pub inputs: Vec<String>,
}

/// Everything [`assess`] computed for one course.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Assessment {
    /// Always [`ASSESSMENT_SCHEMA`].
    pub schema: String,
    /// Always [`DISCLAIMER`].
    pub disclaimer: String,
    /// Every result, in category then time order.
    pub items: Vec<Item>,
    /// Medication episodes (the course's own, or built from its medication
    /// facts when it has none).
    pub episodes: Vec<MedicationEpisode>,
    /// Lines of therapy over time.
    pub lines: Vec<TherapyLine>,
    /// Daily glucocorticoid exposure in prednisone equivalents.
    pub steroid_series: Vec<SteroidSegment>,
}

impl Assessment {
    /// An assessment holding one error item: used only when the compiled-in
    /// knowledge cannot be read (a build defect, caught by the tests).
    fn failed(message: &str) -> Assessment {
        let mut item = Item::new(
            "knowledge-unreadable",
            Category::InputCheck,
            "Assessment knowledge",
            "data/assess",
        );
        item.status = Status::NotComputable;
        item.severity = Some(Severity::Error);
        item.interpretation = message.to_string();
        Assessment {
            schema: ASSESSMENT_SCHEMA.to_string(),
            disclaimer: DISCLAIMER.to_string(),
            items: vec![item],
            episodes: Vec::new(),
            lines: Vec::new(),
            steroid_series: Vec::new(),
        }
    }

    /// Items with this code.
    pub fn items_with(&self, code: &str) -> impl Iterator<Item = &Item> {
        self.items.iter().filter(move |i| i.code == code)
    }

    /// The first item with this code.
    pub fn item(&self, code: &str) -> Option<&Item> {
        self.items_with(code).next()
    }

    /// The assessment as pretty JSON.
    pub fn to_json(&self) -> String {
        // Plain data with string keys: serialising cannot fail.
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}

/// Assesses `course`: every calculator, criterion, model and check that its
/// facts allow, with what is missing for the rest. Uses the knowledge
/// compiled in from `data/assess`.
pub fn assess(course: &Course) -> Assessment {
    match knowledge::get() {
        Ok(kb) => assess_with(course, kb),
        Err(e) => Assessment::failed(&e),
    }
}

/// Assesses `course` with `kb`, for edited knowledge
/// ([`knowledge::Knowledge::from_files`]).
pub fn assess_with(course: &Course, kb: &knowledge::Knowledge) -> Assessment {
    let view = CourseView::new(course, kb);
    let mut items = Vec::new();
    items.extend(consistency::input_checks(&view, kb));
    items.extend(physiology::assess(&view, kb));
    items.extend(acid_base::assess(&view, kb));
    items.extend(criteria::assess(&view, kb));
    let prior = items.clone();
    items.extend(prognosis::assess(&view, kb, &prior));
    let reg = regimen::assess(&view, kb);
    items.extend(reg.items);
    items.extend(response::assess(&view, kb, &reg.lines));
    let warnings = consistency::assess(&view, kb, &items);
    items.extend(warnings);
    items.sort_by(|a, b| {
        a.category.cmp(&b.category).then(
            a.day
                .unwrap_or(f64::NEG_INFINITY)
                .total_cmp(&b.day.unwrap_or(f64::NEG_INFINITY)),
        )
    });
    Assessment {
        schema: ASSESSMENT_SCHEMA.to_string(),
        disclaimer: DISCLAIMER.to_string(),
        items,
        episodes: reg.episodes,
        lines: reg.lines,
        steroid_series: reg.steroid_series,
    }
}
