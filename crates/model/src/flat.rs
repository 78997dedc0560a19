//! One flat row per fact, with the field names of the gold lists, so an
//! extraction and a gold list compare line by line (and a spreadsheet can
//! hold a case series).

use serde::{Deserialize, Serialize};

use crate::course::Course;
use crate::fact::{
    Certainty, Comparator, DoseAction, Experiencer, Fact, Flag, Kind, Origin, Value,
};
use crate::time::{DAYS_PER_WEEK, Relation};

/// A fact as one flat row. Times are in weeks from the index event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct FlatFact {
    /// Fact id.
    pub id: String,
    /// Kind, snake_case.
    pub kind: String,
    /// Canonical name.
    pub name: String,
    /// Value: number or text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<Value>,
    /// `<`, `<=`, `>=` or `>` when the value is a bound ("<1").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comparator: Option<String>,
    /// UCUM unit of the value or dose.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// Reference flag.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flag: Option<String>,
    /// Qualitative result.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result: Option<String>,
    /// Strength of a positive result.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub strength: Option<String>,
    /// Titre.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub titre: Option<String>,
    /// Site.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub site: Option<String>,
    /// Imaging findings.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub findings: Vec<String>,
    /// Imaging impression.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub impression: Option<String>,
    /// Status words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// Diagnosis qualifier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub qualifier: Option<String>,
    /// Dose amount.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dose: Option<f64>,
    /// Dose in words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dose_text: Option<String>,
    /// Route.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub route: Option<String>,
    /// Frequency code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub frequency: Option<String>,
    /// Course length in days.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_days: Option<f64>,
    /// Indication.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub indication: Option<String>,
    /// Response.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response: Option<String>,
    /// What happened to the drug.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<String>,
    /// Oxygen device.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device: Option<String>,
    /// Oxygen flow.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flow: Option<f64>,
    /// Oxygen flow unit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flow_unit: Option<String>,
    /// FiO2 as a fraction.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fio2: Option<f64>,
    /// At this week.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub week: Option<f64>,
    /// Before this week.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub week_before: Option<f64>,
    /// After this week.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub week_after: Option<f64>,
    /// Between these weeks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub week_between: Option<[f64; 2]>,
    /// Onset at this week (before the index).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub onset_week: Option<f64>,
    /// Started at this week.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_week: Option<f64>,
    /// Stopped at this week.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_week: Option<f64>,
    /// Duration in words ("1 month").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<String>,
    /// Calendar date, when the text gave one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Absent.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub negated: bool,
    /// `possible` or `hypothetical` when not affirmed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certainty: Option<String>,
    /// `family` when not the patient's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub experiencer: Option<String>,
    /// `caption`, `discussion`... when not the main text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<String>,
    /// The words of the first span.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// First span start byte.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub span_start: Option<usize>,
    /// First span end byte.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub span_end: Option<usize>,
    /// The fact's note.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Column order for CSV output.
pub const FLAT_COLUMNS: [&str; 44] = [
    "id",
    "kind",
    "name",
    "value",
    "comparator",
    "unit",
    "flag",
    "result",
    "strength",
    "titre",
    "site",
    "findings",
    "impression",
    "status",
    "qualifier",
    "dose",
    "dose_text",
    "route",
    "frequency",
    "duration_days",
    "indication",
    "response",
    "action",
    "device",
    "flow",
    "flow_unit",
    "fio2",
    "week",
    "week_before",
    "week_after",
    "week_between",
    "onset_week",
    "start_week",
    "end_week",
    "duration",
    "date",
    "negated",
    "certainty",
    "experiencer",
    "origin",
    "text",
    "span_start",
    "span_end",
    "note",
];

fn weeks(day: f64) -> f64 {
    (day / DAYS_PER_WEEK * 100.0).round() / 100.0
}

fn snake<T: Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

impl FlatFact {
    /// Flattens one fact of `course`.
    pub fn from_fact(course: &Course, f: &Fact) -> FlatFact {
        let mut row = FlatFact {
            id: f.id.clone(),
            kind: f.kind.as_str().to_string(),
            name: f.name.clone(),
            value: f.value.clone(),
            comparator: f.comparator.map(|c| c.as_str().to_string()),
            unit: f.unit.clone(),
            flag: f.flag.map(|x: Flag| snake(&x)),
            result: f.result.clone(),
            strength: f.strength.clone(),
            titre: f.titre.clone(),
            site: f.site.clone(),
            findings: f.findings.clone(),
            impression: f.impression.clone(),
            status: f.status.clone(),
            qualifier: f.qualifier.clone(),
            negated: f.negated,
            certainty: (f.certainty != Certainty::Affirmed).then(|| snake(&f.certainty)),
            experiencer: (f.experiencer != Experiencer::Patient).then(|| snake(&f.experiencer)),
            origin: (f.origin != Origin::Body).then(|| snake(&f.origin)),
            date: f.time.date.clone(),
            note: f.note.clone(),
            ..FlatFact::default()
        };
        if let Some(d) = &f.dosage {
            row.dose = d.dose;
            if row.unit.is_none() {
                row.unit = d.unit.clone();
            }
            row.dose_text = d.dose_text.clone();
            row.route = d.route.clone();
            row.frequency = d.frequency.clone();
            row.duration_days = d.duration_days;
            row.indication = d.indication.clone();
            row.response = d.response.clone();
            row.action = d.action.map(|a| snake(&a));
        }
        if let Some(o) = &f.oxygen {
            row.device = o.device.clone();
            row.flow = o.flow;
            row.flow_unit = o.flow_unit.clone();
            row.fio2 = o.fio2;
        }
        let action = f.dosage.as_ref().and_then(|d| d.action);
        let t = &f.time;
        match t.relation {
            Relation::At => {
                let w = t.day.map(weeks);
                match (f.kind, action) {
                    (Kind::Medication, Some(DoseAction::Start)) if t.end_day.is_some() => {
                        row.start_week = t.start_day.or(t.day).map(weeks);
                        row.end_week = t.end_day.map(weeks);
                    }
                    (Kind::Medication, Some(DoseAction::Start)) => row.start_week = w,
                    (Kind::Medication, Some(DoseAction::Stop)) => row.end_week = w,
                    // A step that lasted ("nasal cannula oxygen from day 25
                    // to day 37", "plasma exchange from 16 to 28 March").
                    _ => {
                        row.week = w;
                        row.end_week = t.end_day.map(weeks);
                    }
                }
            }
            Relation::Before => {
                row.week_before = t.day.map(weeks);
                if f.kind == Kind::Medication {
                    row.end_week = t.end_day.map(weeks);
                }
            }
            Relation::After => row.week_after = t.day.map(weeks),
            Relation::Between => {
                if let (Some(s), Some(e)) = (t.start_day, t.end_day) {
                    row.week_between = Some([weeks(s), weeks(e)]);
                }
            }
            Relation::Onset => row.onset_week = t.day.map(weeks),
            Relation::Unknown => {}
        }
        let is_med_course = f.kind == Kind::Medication && row.duration_days.is_some();
        if !is_med_course {
            row.duration = t.duration.as_ref().map(|d| d.label());
        }
        if let Some(s) = f.spans.first() {
            row.text = Some(course.words(*s).to_string());
            row.span_start = Some(s.start);
            row.span_end = Some(s.end);
        }
        row
    }

    /// The value of a column as text, for CSV (empty when absent).
    pub fn column(&self, name: &str) -> String {
        fn o<T: ToString>(v: &Option<T>) -> String {
            v.as_ref().map(ToString::to_string).unwrap_or_default()
        }
        match name {
            "id" => self.id.clone(),
            "kind" => self.kind.clone(),
            "name" => self.name.clone(),
            "value" => match &self.value {
                Some(Value::Number(n)) => n.to_string(),
                Some(Value::Text(t)) => t.clone(),
                None => String::new(),
            },
            "comparator" => o(&self.comparator),
            "unit" => o(&self.unit),
            "flag" => o(&self.flag),
            "result" => o(&self.result),
            "strength" => o(&self.strength),
            "titre" => o(&self.titre),
            "site" => o(&self.site),
            "findings" => self.findings.join("; "),
            "impression" => o(&self.impression),
            "status" => o(&self.status),
            "qualifier" => o(&self.qualifier),
            "dose" => o(&self.dose),
            "dose_text" => o(&self.dose_text),
            "route" => o(&self.route),
            "frequency" => o(&self.frequency),
            "duration_days" => o(&self.duration_days),
            "indication" => o(&self.indication),
            "response" => o(&self.response),
            "action" => o(&self.action),
            "device" => o(&self.device),
            "flow" => o(&self.flow),
            "flow_unit" => o(&self.flow_unit),
            "fio2" => o(&self.fio2),
            "week" => o(&self.week),
            "week_before" => o(&self.week_before),
            "week_after" => o(&self.week_after),
            "week_between" => self
                .week_between
                .map(|[a, b]| format!("{a}..{b}"))
                .unwrap_or_default(),
            "onset_week" => o(&self.onset_week),
            "start_week" => o(&self.start_week),
            "end_week" => o(&self.end_week),
            "duration" => o(&self.duration),
            "date" => o(&self.date),
            "negated" => self.negated.to_string(),
            "certainty" => o(&self.certainty),
            "experiencer" => o(&self.experiencer),
            "origin" => o(&self.origin),
            "text" => o(&self.text),
            "span_start" => o(&self.span_start),
            "span_end" => o(&self.span_end),
            "note" => o(&self.note),
            _ => String::new(),
        }
    }
}

/// Every fact of `course` as a flat row, in document order.
pub fn flat_rows(course: &Course) -> Vec<FlatFact> {
    course
        .facts
        .iter()
        .map(|f| FlatFact::from_fact(course, f))
        .collect()
}

impl FlatFact {
    /// Rebuilds a fact from a flat row (a gold-list entry or a CSV/JSONL row):
    /// the inverse of [`FlatFact::from_fact`], without spans or parts.
    pub fn to_fact(&self) -> Fact {
        use crate::fact::{Dosage, OxygenSupport};
        use crate::time::{Duration, Time};
        let kind = Kind::parse(&self.kind).unwrap_or(Kind::Finding);
        let mut f = Fact::new(self.id.clone(), kind, self.name.clone());
        f.value = self.value.clone();
        f.comparator = self.comparator.as_deref().and_then(Comparator::parse);
        // A gold list or a spreadsheet writes a bound as one text: "<1".
        if let Some(Value::Text(t)) = &self.value
            && let Some((c, n)) = Comparator::split(t)
        {
            f.value = Some(Value::Number(n));
            f.comparator = Some(c);
        }
        f.flag = self
            .flag
            .as_deref()
            .and_then(|s| serde_json::from_value(serde_json::Value::String(s.into())).ok());
        f.result = self.result.clone();
        f.strength = self.strength.clone();
        f.titre = self.titre.clone();
        f.site = self.site.clone();
        f.findings = self.findings.clone();
        f.impression = self.impression.clone();
        f.status = self.status.clone();
        f.qualifier = self.qualifier.clone();
        f.negated = self.negated;
        f.certainty = parse(&self.certainty).unwrap_or_default();
        f.experiencer = parse(&self.experiencer).unwrap_or_default();
        f.origin = parse(&self.origin).unwrap_or_default();
        f.note = self.note.clone();
        let is_med = kind == Kind::Medication;
        if is_med {
            f.dosage = Some(Dosage {
                dose: self.dose,
                unit: self.unit.clone(),
                dose_text: self.dose_text.clone(),
                route: self.route.clone(),
                frequency: self.frequency.clone(),
                duration_days: self.duration_days,
                indication: self.indication.clone(),
                response: self.response.clone(),
                action: parse(&self.action).or(if self.start_week.is_some() {
                    Some(DoseAction::Start)
                } else if self.end_week.is_some() {
                    Some(DoseAction::Stop)
                } else {
                    None
                }),
            });
        } else {
            f.unit = self.unit.clone();
        }
        if self.device.is_some() || self.flow.is_some() || self.fio2.is_some() {
            f.oxygen = Some(OxygenSupport {
                device: self.device.clone(),
                flow: self.flow,
                flow_unit: self.flow_unit.clone(),
                fio2: self.fio2,
            });
        }
        let d = |w: f64| w * DAYS_PER_WEEK;
        let mut t = Time {
            date: self.date.clone(),
            ..Time::default()
        };
        if let Some(w) = self.week.or(self.start_week).or(self.end_week) {
            t.relation = Relation::At;
            t.day = Some(d(w));
        } else if let Some(w) = self.week_before {
            t.relation = Relation::Before;
            t.day = Some(d(w));
        } else if let Some(w) = self.week_after {
            t.relation = Relation::After;
            t.day = Some(d(w));
        } else if let Some([a, b]) = self.week_between {
            t.relation = Relation::Between;
            t.start_day = Some(d(a));
            t.end_day = Some(d(b));
        } else if let Some(w) = self.onset_week {
            t.relation = Relation::Onset;
            t.day = Some(d(w));
        }
        if is_med && let (Some(s), Some(e)) = (self.start_week, self.end_week) {
            t.start_day = Some(d(s));
            t.end_day = Some(d(e));
        }
        t.duration = self.duration.as_deref().and_then(Duration::parse);
        f.time = t;
        f
    }
}

fn parse<T: serde::de::DeserializeOwned>(s: &Option<String>) -> Option<T> {
    s.as_deref()
        .and_then(|s| serde_json::from_value(serde_json::Value::String(s.into())).ok())
}

/// Builds a course from flat rows over `text` (rows keep no spans): how
/// tests and tools turn a gold list into a course.
pub fn course_from_rows(text: &str, rows: &[FlatFact]) -> Course {
    let mut c = Course::new(text);
    c.facts = rows.iter().map(FlatFact::to_fact).collect();
    c
}
