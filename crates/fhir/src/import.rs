//! FHIR R4 Bundle → course.
//!
//! Reads our own Bundles exactly (standard elements plus our extensions) and
//! other systems' Bundles as well as their standard elements allow. Nothing
//! is dropped silently: resources we do not map are kept in
//! [`Imported::unknown`] and every assumption is a [`Note`].

use std::collections::BTreeMap;

use base64::Engine as _;
use casecourse_model::{Course, Fact, Kind, SourceInfo, Span};
use serde::de::DeserializeOwned;
use serde_json::{Map, Value as Json, json};

use crate::error::ImportError;
use crate::export::{fact_id_system, kind_system};
use crate::ext;
use crate::mapping::mapping;
use crate::r4::*;

/// What an import gives back.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The course.
    pub course: Course,
    /// What the import assumed, ignored or set aside.
    pub report: Vec<Note>,
    /// Resources that are not part of a course (unknown types, other
    /// systems' Provenance), as they were.
    pub unknown: Vec<Json>,
}

/// One remark about the import.
#[derive(Debug, Clone, PartialEq)]
pub struct Note {
    /// A stable kebab-case code (`unknown-resource`, `ignored-fields`...).
    pub code: String,
    /// A sentence naming the resource (`entry[4] Immunization/imm-1`).
    pub message: String,
}

fn note(report: &mut Vec<Note>, code: &str, message: String) {
    report.push(Note {
        code: code.into(),
        message,
    });
}

/// Where a resource sits in the Bundle, for errors and notes.
struct At {
    index: usize,
    ty: String,
    id: String,
}

impl At {
    fn label(&self) -> String {
        format!("entry[{}] {}/{}", self.index, self.ty, self.id)
    }
    fn error(&self, path: &str, message: impl Into<String>) -> ImportError {
        ImportError::Resource {
            index: self.index,
            resource_type: self.ty.clone(),
            id: self.id.clone(),
            path: path.into(),
            message: message.into(),
        }
    }
}

/// Deserialises a resource, naming the field on error and noting fields our
/// R4 types do not hold.
fn parse<T: DeserializeOwned>(v: &Json, at: &At, report: &mut Vec<Note>) -> Result<T, ImportError> {
    let mut ignored = Vec::new();
    // serde_ignored writes `?` for an Option level; people read `a.b`.
    let mut on_ignored = |p: serde_ignored::Path<'_>| ignored.push(p.to_string().replace(".?", ""));
    let de = serde_ignored::Deserializer::new(v.clone(), &mut on_ignored);
    let r = serde_path_to_error::deserialize(de)
        .map_err(|e| at.error(&e.path().to_string(), e.inner().to_string()))?;
    ignored.retain(|p| p != "resourceType");
    if !ignored.is_empty() {
        note(
            report,
            "ignored-fields",
            format!("{}: fields not read: {}", at.label(), ignored.join(", ")),
        );
    }
    Ok(r)
}

/// Reads a FHIR R4 Bundle (JSON) into a course.
pub fn import(bundle_json: &str) -> Result<Imported, ImportError> {
    let v: Json = serde_json::from_str(bundle_json).map_err(|e| ImportError::Json {
        line: e.line(),
        column: e.column(),
        message: e.to_string(),
    })?;
    match v.get("resourceType").and_then(Json::as_str) {
        Some("Bundle") => {}
        Some(other) => {
            return Err(ImportError::NotBundle {
                message: format!("resourceType is {other:?}"),
            });
        }
        None => {
            return Err(ImportError::NotBundle {
                message: "no resourceType".into(),
            });
        }
    }
    let bundle: Bundle = serde_path_to_error::deserialize(v).map_err(|e| ImportError::Bundle {
        path: e.path().to_string(),
        message: e.inner().to_string(),
    })?;
    let mut st = State::default();
    for (index, entry) in bundle.entry.iter().enumerate() {
        let Some(res) = &entry.resource else {
            note(
                &mut st.report,
                "empty-entry",
                format!("entry[{index}] has no resource"),
            );
            continue;
        };
        let ty = res
            .get("resourceType")
            .and_then(Json::as_str)
            .unwrap_or("")
            .to_string();
        let id = res
            .get("id")
            .and_then(Json::as_str)
            .unwrap_or("?")
            .to_string();
        let at = At { index, ty, id };
        if at.ty.is_empty() {
            return Err(at.error("resourceType", "missing: every resource names its type"));
        }
        let mut refs = vec![format!("{}/{}", at.ty, at.id)];
        refs.extend(entry.full_url.clone());
        st.read(res, &at, refs)?;
    }
    st.finish()
}

#[derive(Default)]
struct State {
    report: Vec<Note>,
    unknown: Vec<Json>,
    facts: Vec<Fact>,
    /// fullUrl or Type/id -> position in `facts`.
    by_ref: BTreeMap<String, usize>,
    provenances: Vec<(Provenance, String)>,
    course: Option<Map<String, Json>>,
    source: Option<SourceInfo>,
    patient: Option<Patient>,
}

impl State {
    fn read(&mut self, res: &Json, at: &At, refs: Vec<String>) -> Result<(), ImportError> {
        let r = &mut self.report;
        let fact = match at.ty.as_str() {
            "Observation" => Some(observation(parse(res, at, r)?)),
            "Condition" => Some(condition(parse(res, at, r)?)),
            "MedicationStatement" => Some(medication(parse(res, at, r)?)),
            "MedicationRequest" => Some(medication_request(parse(res, at, r)?)),
            "MedicationAdministration" => Some(medication_administration(parse(res, at, r)?)),
            "Procedure" => Some(procedure(parse(res, at, r)?)),
            "Encounter" => Some(encounter(parse(res, at, r)?)),
            "DiagnosticReport" => Some(report(parse(res, at, r)?)),
            "Patient" => {
                self.patient = Some(parse(res, at, r)?);
                None
            }
            "DocumentReference" => {
                let d = parse(res, at, r)?;
                self.document(d, res, at)?;
                None
            }
            "Provenance" => {
                self.provenances.push((parse(res, at, r)?, at.label()));
                self.unknown.push(res.clone());
                None
            }
            _ => {
                note(
                    r,
                    "unknown-resource",
                    format!("{}: not a resource casecourse maps; kept aside", at.label()),
                );
                self.unknown.push(res.clone());
                None
            }
        };
        if let Some(read) = fact {
            let f = read.into_fact(at, self.facts.len(), &mut self.report)?;
            for r in refs {
                self.by_ref.insert(r, self.facts.len());
            }
            self.facts.push(f);
        }
        Ok(())
    }

    fn document(&mut self, d: DocumentReference, raw: &Json, at: &At) -> Result<(), ImportError> {
        let ours = ext::find(&d.extension, "course");
        let attachment = d.content.first().map(|c| &c.attachment);
        let is_text = attachment.is_some_and(|a| {
            a.content_type
                .as_deref()
                .is_none_or(|c| c.starts_with("text/plain"))
        });
        if ours.is_none() && (!is_text || self.source.is_some()) {
            note(
                &mut self.report,
                "unknown-resource",
                format!(
                    "{}: a document that is not a narrative casecourse read; kept aside",
                    at.label()
                ),
            );
            self.unknown.push(raw.clone());
            return Ok(());
        }
        let text = match attachment.and_then(|a| a.data.as_deref()) {
            Some(b64) => {
                let bytes = base64::engine::general_purpose::STANDARD
                    .decode(b64.trim())
                    .map_err(|e| {
                        at.error("content[0].attachment.data", format!("not base64: {e}"))
                    })?;
                String::from_utf8(bytes).map_err(|e| {
                    at.error(
                        "content[0].attachment.data",
                        format!("not UTF-8 text at byte {}", e.utf8_error().valid_up_to()),
                    )
                })?
            }
            None => String::new(),
        };
        self.source = Some(SourceInfo {
            name: attachment.and_then(|a| a.title.clone()),
            text,
        });
        if let Some(e) = ours {
            if let Json::Object(m) = ext::decode(e) {
                self.course = Some(m);
            }
        } else {
            note(
                &mut self.report,
                "narrative",
                format!(
                    "{}: its text/plain content is taken as the narrative",
                    at.label()
                ),
            );
        }
        if let Some(Json::Object(a)) = ext::find(&d.extension, "anchoring").map(ext::decode) {
            let date = a.get("index_date").and_then(Json::as_str).unwrap_or("none");
            let source = a.get("source").and_then(Json::as_str).unwrap_or("?");
            note(
                &mut self.report,
                "anchoring",
                format!(
                    "relative times were anchored to index date {date} (from the {source}); the course keeps them relative"
                ),
            );
        }
        Ok(())
    }

    fn finish(mut self) -> Result<Imported, ImportError> {
        // Spans from our Provenance.
        for (p, label) in std::mem::take(&mut self.provenances) {
            let spans: Vec<Span> = p
                .entity
                .iter()
                .flat_map(|e| e.extension.iter())
                .filter(|e| e.url == ext::url("span"))
                .filter_map(|e| serde_json::from_value(ext::decode(e)).ok())
                .collect();
            for t in &p.target {
                let Some(r) = &t.reference else { continue };
                match self.by_ref.get(r) {
                    Some(&i) => {
                        if let Some(f) = self.facts.get_mut(i) {
                            f.spans.extend(spans.iter().copied());
                        }
                    }
                    None => note(
                        &mut self.report,
                        "provenance-target",
                        format!("{label}: target {r} is not a fact of this bundle"),
                    ),
                }
            }
        }
        let from_other_system = self.course.is_none();
        if from_other_system {
            self.patient_facts();
        }
        let source = self.source.take().unwrap_or_default();
        let mut course = Course::new(source.text);
        course.source.name = source.name;
        if let Some(c) = self.course.take() {
            let mut m = Map::new();
            m.insert(
                "schema".into(),
                c.get("schema").cloned().unwrap_or(Json::Null),
            );
            m.insert(
                "source".into(),
                serde_json::to_value(&course.source).unwrap_or_default(),
            );
            for k in ["index", "episodes", "warnings"] {
                m.insert(k.into(), c.get(k).cloned().unwrap_or_else(|| json!([])));
            }
            m.insert("facts".into(), json!([]));
            course = Course::from_json(&Json::Object(m).to_string())?;
        } else {
            note(
                &mut self.report,
                "other-system",
                "the bundle has no casecourse course extension: read from standard FHIR elements only; times keep their calendar dates".into(),
            );
        }
        course.facts = self.facts;
        // The model's own reader checks the spans against the text.
        let course = Course::from_json(&course.to_json())?;
        Ok(Imported {
            course,
            report: self.report,
            unknown: self.unknown,
        })
    }

    /// Gender and death from another system's Patient, as facts.
    fn patient_facts(&mut self) {
        let Some(p) = self.patient.take() else { return };
        let ev = &mapping().events;
        let has = |facts: &[Fact], kind: Kind, names: &[String]| {
            facts
                .iter()
                .any(|f| f.kind == kind && names.iter().any(|n| *n == f.name.to_lowercase()))
        };
        if let Some(g) = &p.gender
            && !has(&self.facts, Kind::Demographic, &ev.gender_names)
        {
            let mut f = Fact::new(
                format!("patient-{}", ev.gender_names[0]),
                Kind::Demographic,
                ev.gender_names[0].clone(),
            );
            f.value = Some(casecourse_model::Value::Text(g.clone()));
            f.note = Some("from Patient.gender".into());
            self.facts.insert(0, f);
            note(
                &mut self.report,
                "patient",
                format!("Patient.gender {g} became a demographic fact"),
            );
        }
        let died = p.deceased_boolean == Some(true) || p.deceased_date_time.is_some();
        if died && !has(&self.facts, Kind::Event, &ev.death_names) {
            let mut f = Fact::new("patient-death", Kind::Event, ev.death_names[0].clone());
            f.time.date = p.deceased_date_time.clone();
            if f.time.date.is_some() {
                f.time.relation = casecourse_model::Relation::At;
            }
            f.note = Some("from Patient.deceased".into());
            self.facts.push(f);
            note(
                &mut self.report,
                "patient",
                "Patient.deceased became a death event".into(),
            );
        }
    }
}

/// A fact as read from one resource, before our extension is merged in.
struct Read {
    m: Map<String, Json>,
    kind: Option<Kind>,
    guess: Kind,
    identifiers: Vec<Identifier>,
    extension: Vec<Extension>,
    concept: Option<CodeableConcept>,
    time: Time2,
}

/// A resource's time.
enum Time2 {
    None,
    Date(Option<String>),
    Period(Option<Period>),
}

impl Read {
    fn new(guess: Kind, identifiers: Vec<Identifier>, extension: Vec<Extension>) -> Read {
        Read {
            m: Map::new(),
            kind: None,
            guess,
            identifiers,
            extension,
            concept: None,
            time: Time2::None,
        }
    }
    fn set(&mut self, k: &str, v: impl Into<Json>) {
        self.m.insert(k.into(), v.into());
    }
    fn set_in(&mut self, outer: &str, k: &str, v: impl Into<Json>) {
        let o = self
            .m
            .entry(outer.to_string())
            .or_insert_with(|| Json::Object(Map::new()));
        if let Json::Object(o) = o {
            o.insert(k.into(), v.into());
        }
    }
    fn kind_from(&mut self, concepts: &[CodeableConcept]) {
        let sys = kind_system();
        self.kind = concepts
            .iter()
            .flat_map(|c| &c.coding)
            .filter(|c| c.system.as_deref() == Some(sys.as_str()))
            .find_map(|c| c.code.as_deref().and_then(Kind::parse));
    }
    fn has(&self, k: &str) -> bool {
        self.m.contains_key(k)
    }

    fn into_fact(mut self, at: &At, n: usize, report: &mut Vec<Note>) -> Result<Fact, ImportError> {
        // Our extension: what FHIR had no element for.
        if let Some(Json::Object(o)) = ext::find(&self.extension, "fact").map(ext::decode) {
            merge(&mut self.m, o);
        }
        // FHIR statuses our extension did not already explain.
        if let Some(Json::String(st)) = self.m.remove("__status")
            && !self.has("status")
            && !self.has("negated")
        {
            match st.as_str() {
                "not-done" => self.set("status", "not done"),
                "preparation" => self.set("status", "planned"),
                _ => {}
            }
        }
        if self.m.remove("__planned").is_some() && !self.has("status") {
            self.set("status", "planned");
        }
        let id_sys = fact_id_system();
        let id = self
            .identifiers
            .iter()
            .find(|i| i.system.as_deref() == Some(id_sys.as_str()))
            .and_then(|i| i.value.clone())
            .unwrap_or_else(|| {
                if at.id == "?" {
                    format!("f{}", n + 1)
                } else {
                    format!("{}-{}", at.ty, at.id)
                }
            });
        self.set("id", id);
        self.set("kind", self.kind.unwrap_or(self.guess).as_str());
        let (name, code) = self
            .concept
            .as_ref()
            .map(read_concept)
            .unwrap_or((None, None));
        let name = name.unwrap_or_else(|| {
            note(
                report,
                "no-name",
                format!(
                    "{}: no code text, display or code; named after its type",
                    at.label()
                ),
            );
            at.ty.to_lowercase()
        });
        self.set("name", name);
        if let Some(c) = code {
            self.m.insert("code".into(), c);
        }
        if !self.has("time") {
            let t = match std::mem::replace(&mut self.time, Time2::None) {
                Time2::Date(Some(d)) => json!({"relation": "at", "date": d}),
                Time2::Period(Some(p)) => match (p.start, p.end) {
                    (Some(s), Some(e)) => {
                        note(
                            report,
                            "period-end",
                            format!(
                                "{}: period {s}..{e} kept as its start date; the end is in the note",
                                at.label()
                            ),
                        );
                        let extra = format!("until {e}");
                        let note_text = match self.m.get("note").and_then(Json::as_str) {
                            Some(n) => format!("{n}; {extra}"),
                            None => extra,
                        };
                        self.set("note", note_text);
                        json!({"relation": "between", "date": s})
                    }
                    (Some(s), None) => json!({"relation": "after", "date": s}),
                    (None, Some(e)) => json!({"relation": "before", "date": e}),
                    (None, None) => json!({"relation": "unknown"}),
                },
                _ => json!({"relation": "unknown"}),
            };
            self.set("time", t);
        }
        serde_path_to_error::deserialize(Json::Object(self.m)).map_err(|e| {
            at.error(
                &format!("(as a casecourse fact) {}", e.path()),
                e.inner().to_string(),
            )
        })
    }
}

/// Adds `add` into `m`, merging nested objects (`dosage`, `oxygen`).
fn merge(m: &mut Map<String, Json>, add: Map<String, Json>) {
    for (k, v) in add {
        match (m.get_mut(&k), v) {
            (Some(Json::Object(a)), Json::Object(b)) => merge(a, b),
            (_, v) => {
                m.insert(k, v);
            }
        }
    }
}

/// The name (text, else display, else code) and first code of a concept.
fn read_concept(c: &CodeableConcept) -> (Option<String>, Option<Json>) {
    let kind_sys = kind_system();
    let codings: Vec<&Coding> = c
        .coding
        .iter()
        .filter(|x| x.system.as_deref() != Some(kind_sys.as_str()))
        .collect();
    let name = c
        .text
        .clone()
        .or_else(|| codings.iter().find_map(|x| x.display.clone()))
        .or_else(|| codings.iter().find_map(|x| x.code.clone()));
    let code = codings.iter().find_map(|x| match (&x.system, &x.code) {
        (Some(s), Some(code)) => Some(json!({"system": mapping().system_name(s), "code": code})),
        _ => None,
    });
    (name, code)
}

fn concept_text(c: &CodeableConcept) -> Option<String> {
    read_concept(c).0
}

fn codes(cs: &[CodeableConcept], system: &str) -> Vec<String> {
    cs.iter()
        .flat_map(|c| &c.coding)
        .filter(|c| c.system.as_deref() == Some(system))
        .filter_map(|c| c.code.clone())
        .collect()
}

fn dt_or_period(d: Option<String>, p: Option<Period>) -> Time2 {
    match (d, p) {
        (Some(d), _) => Time2::Date(Some(d)),
        (None, Some(p)) => Time2::Period(Some(p)),
        (None, None) => Time2::None,
    }
}

fn quantity_unit(q: &Quantity) -> Option<String> {
    q.code.clone().or_else(|| q.unit.clone())
}

const OBS_CATEGORY: &str = "http://terminology.hl7.org/CodeSystem/observation-category";
const INTERPRETATION: &str = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation";

fn observation(o: Observation) -> Read {
    let cats = codes(&o.category, OBS_CATEGORY);
    let guess = match cats.first().map(String::as_str) {
        Some("vital-signs") => Kind::Vital,
        Some("laboratory") => Kind::Lab,
        Some("exam") => Kind::Exam,
        Some("social-history") => Kind::Social,
        Some("imaging") => Kind::Imaging,
        Some("procedure") => Kind::Procedure,
        Some("survey") => Kind::Symptom,
        _ => Kind::Finding,
    };
    let mut r = Read::new(guess, o.identifier, o.extension);
    r.kind_from(&o.category);
    r.concept = Some(o.code);
    r.time = dt_or_period(o.effective_date_time, o.effective_period);
    if let Some(q) = &o.value_quantity {
        if let Some(v) = q.value {
            r.set("value", v);
        }
        if let Some(c) = &q.comparator {
            r.set("comparator", c.as_str());
        }
        if let Some(u) = quantity_unit(q) {
            r.set("unit", u);
        }
    } else if let Some(s) = o.value_string {
        r.set("value", s);
    } else if let Some(i) = o.value_integer {
        r.set("value", i);
    } else if let Some(b) = o.value_boolean {
        r.set("value", b.to_string());
    } else if let Some(t) = o.value_codeable_concept.as_ref().and_then(concept_text) {
        r.set("result", t);
    }
    if let Some(rr) = o.reference_range.first()
        && (rr.low.is_some() || rr.high.is_some())
    {
        let unit = rr
            .low
            .as_ref()
            .or(rr.high.as_ref())
            .and_then(quantity_unit)
            .unwrap_or_default();
        r.set(
            "reference_range",
            json!({
                "low": rr.low.as_ref().and_then(|q| q.value),
                "high": rr.high.as_ref().and_then(|q| q.value),
                "unit": unit,
                "source": rr.text.clone().unwrap_or_else(|| "reference range in the bundle".into()),
            }),
        );
        if let Some(Json::Object(rr)) = r.m.get_mut("reference_range") {
            rr.retain(|_, v| !v.is_null());
        }
    }
    let flag = codes(&o.interpretation, INTERPRETATION)
        .into_iter()
        .find_map(|c| match c.as_str() {
            "H" | "HH" | "HU" => Some("high"),
            "L" | "LL" | "LU" => Some("low"),
            "N" => Some("normal"),
            "A" | "AA" => Some("abnormal"),
            _ => None,
        });
    if let Some(f) = flag {
        r.set("flag", f);
    }
    if let Some(t) = o.body_site.as_ref().and_then(concept_text) {
        r.set("site", t);
    }
    if let Some(n) = o.note.into_iter().next() {
        r.set("note", n.text);
    }
    if let Some(dar) = &o.data_absent_reason
        && !r.has("value")
    {
        r.set(
            "status",
            dar.text.clone().unwrap_or_else(|| "not done".into()),
        );
    }
    r
}

const VER_STATUS: &str = "http://terminology.hl7.org/CodeSystem/condition-ver-status";
const CONDITION_CATEGORY: &str = "http://terminology.hl7.org/CodeSystem/condition-category";

fn condition(c: Condition) -> Read {
    let cats = codes(&c.category, CONDITION_CATEGORY);
    let guess = if cats.iter().any(|c| c == "problem-list-item") {
        Kind::History
    } else {
        Kind::Diagnosis
    };
    let mut r = Read::new(guess, c.identifier, c.extension);
    r.kind_from(&c.category);
    r.concept = c.code;
    r.time = dt_or_period(c.onset_date_time, c.onset_period);
    let vs = c
        .verification_status
        .map(|v| codes(&[v], VER_STATUS))
        .unwrap_or_default();
    match vs.first().map(String::as_str) {
        Some("refuted") => r.set("negated", true),
        Some("provisional" | "differential" | "unconfirmed") => r.set("certainty", "possible"),
        _ => {}
    }
    if let Some(t) = c.body_site.first().and_then(concept_text) {
        r.set("site", t);
    }
    if let Some(n) = c.note.into_iter().next() {
        r.set("note", n.text);
    }
    r
}

fn medication(ms: MedicationStatement) -> Read {
    let mut r = Read::new(Kind::Medication, ms.identifier, ms.extension);
    r.kind_from(ms.category.as_slice());
    r.concept = ms.medication_codeable_concept.or_else(|| {
        ms.medication_reference
            .and_then(|x| x.display)
            .map(|d| CodeableConcept {
                text: Some(d),
                ..CodeableConcept::default()
            })
    });
    r.time = dt_or_period(ms.effective_date_time, ms.effective_period);
    match ms.status.as_str() {
        "not-taken" => r.set("negated", true),
        "stopped" => r.set_in("dosage", "action", "stop"),
        _ => {}
    }
    if let Some(d) = ms.dosage.first() {
        read_dosage(&mut r, d);
    }
    if let Some(t) = ms.reason_code.first().and_then(concept_text) {
        r.set_in("dosage", "indication", t);
    }
    if let Some(n) = ms.note.into_iter().next() {
        r.set("note", n.text);
    }
    r
}

fn procedure(p: Procedure) -> Read {
    let mut r = Read::new(Kind::Procedure, p.identifier, p.extension);
    r.kind_from(p.category.as_slice());
    r.concept = p.code;
    r.time = dt_or_period(p.performed_date_time, p.performed_period);
    if let Some(t) = p.body_site.first().and_then(concept_text) {
        r.set("site", t);
    }
    if let Some(t) = p.used_code.first().and_then(concept_text) {
        r.set_in("oxygen", "device", t);
    }
    if let Some(n) = p.note.into_iter().next() {
        r.set("note", n.text);
    }
    r.m.insert("__status".into(), p.status.into());
    r
}

fn encounter(e: Encounter) -> Read {
    let mut r = Read::new(Kind::Event, e.identifier, e.extension);
    r.kind_from(&e.type_);
    let kind_sys = kind_system();
    r.concept = e
        .type_
        .into_iter()
        .find(|c| {
            !c.coding
                .iter()
                .any(|x| x.system.as_deref() == Some(kind_sys.as_str()))
        })
        .or_else(|| {
            let name = e.class.display.or(e.class.code)?;
            Some(CodeableConcept {
                text: Some(format!("encounter ({name})")),
                ..CodeableConcept::default()
            })
        });
    r.time = match e.period {
        Some(Period {
            start: Some(s),
            end: None,
            ..
        }) => Time2::Date(Some(s)),
        Some(Period {
            start: None,
            end: Some(x),
            ..
        }) => Time2::Date(Some(x)),
        p => Time2::Period(p),
    };
    if e.status == "planned" {
        r.m.insert("__planned".into(), true.into());
    }
    r
}

fn report(d: DiagnosticReport) -> Read {
    let rad = codes(&d.category, "http://terminology.hl7.org/CodeSystem/v2-0074");
    let guess = if rad.iter().any(|c| c == "RAD") {
        Kind::Imaging
    } else {
        Kind::Lab
    };
    let mut r = Read::new(guess, d.identifier, d.extension);
    r.kind_from(&d.category);
    r.concept = Some(d.code);
    r.time = dt_or_period(d.effective_date_time, d.effective_period);
    if let Some(c) = d.conclusion {
        r.set("impression", c);
    }
    let findings: Vec<Json> = d
        .conclusion_code
        .iter()
        .filter_map(concept_text)
        .map(Json::from)
        .collect();
    if !findings.is_empty() {
        r.set("findings", findings);
    }
    r
}

/// Dose, route, frequency and course length of an R4 Dosage.
fn read_dosage(r: &mut Read, d: &Dosage) {
    r.set_in("dosage", "route", Json::Null);
    if let Some(q) = d
        .dose_and_rate
        .first()
        .and_then(|x| x.dose_quantity.as_ref())
    {
        read_dose(r, q);
    }
    if let Some(t) = d.route.as_ref().and_then(concept_text) {
        r.set_in("dosage", "route", t);
    }
    if let Some(t) = &d.timing {
        if let Some(f) = frequency(t) {
            r.set_in("dosage", "frequency", f);
        }
        if let Some(b) = t.repeat.as_ref().and_then(|x| x.bounds_duration.as_ref())
            && b.code.as_deref().or(b.unit.as_deref()) == Some("d")
            && let Some(v) = b.value
        {
            r.set_in("dosage", "duration_days", v);
        }
    }
    if let Some(Json::Object(o)) = r.m.get_mut("dosage") {
        o.retain(|_, v| !v.is_null());
    }
}

fn read_dose(r: &mut Read, q: &Quantity) {
    if let Some(v) = q.value {
        r.set_in("dosage", "dose", v);
    }
    if let Some(u) = quantity_unit(q) {
        r.set_in("dosage", "unit", u);
    }
}

/// Our frequency code: Timing.code (its text, else its GTSAbbreviation
/// code), else the GTSAbbreviation whose repeat matches Timing.repeat.
fn frequency(t: &Timing) -> Option<String> {
    let m = mapping();
    let coded = t.code.as_ref().and_then(|c| {
        c.text.clone().or_else(|| {
            c.coding
                .iter()
                .find_map(|x| x.code.as_deref().map(|g| m.frequency_of(g)))
        })
    });
    coded.or_else(|| {
        let rep = t.repeat.as_ref()?;
        m.timing
            .iter()
            .find(|(_, x)| {
                Some(x.frequency) == rep.frequency
                    && Some(x.period) == rep.period
                    && Some(&x.unit) == rep.period_unit.as_ref()
            })
            .map(|(g, _)| m.frequency_of(g))
    })
}

fn medication_concept(
    cc: Option<CodeableConcept>,
    reference: Option<Reference>,
) -> Option<CodeableConcept> {
    cc.or_else(|| {
        reference.and_then(|x| x.display).map(|d| CodeableConcept {
            text: Some(d),
            ..CodeableConcept::default()
        })
    })
}

/// A prescription: the intent is kept in the fact's status
/// (`order`, `plan`...).
fn medication_request(mr: MedicationRequest) -> Read {
    let mut r = Read::new(Kind::Medication, mr.identifier, mr.extension);
    r.kind_from(&mr.category);
    r.concept = medication_concept(mr.medication_codeable_concept, mr.medication_reference);
    r.time = Time2::Date(mr.authored_on);
    if mr.do_not_perform == Some(true) {
        r.set("negated", true);
    }
    // Another system's request: its intent and status say what it is. (Ours
    // keep the text's status words in our extension.)
    if ext::find(&r.extension, "fact").is_none() {
        r.set("status", format!("{} ({})", mr.intent, mr.status));
    }
    if let Some(d) = mr.dosage_instruction.first() {
        read_dosage(&mut r, d);
    }
    if let Some(t) = mr.reason_code.first().and_then(concept_text) {
        r.set_in("dosage", "indication", t);
    }
    if let Some(n) = mr.note.into_iter().next() {
        r.set("note", n.text);
    }
    r
}

/// A dose given.
fn medication_administration(ma: MedicationAdministration) -> Read {
    let mut r = Read::new(Kind::Medication, ma.identifier, ma.extension);
    r.kind_from(ma.category.as_slice());
    r.concept = medication_concept(ma.medication_codeable_concept, ma.medication_reference);
    r.time = dt_or_period(ma.effective_date_time, ma.effective_period);
    if ma.status == "not-done" {
        r.set("negated", true);
    }
    if let Some(d) = &ma.dosage {
        r.set_in("dosage", "route", Json::Null);
        if let Some(q) = &d.dose {
            read_dose(&mut r, q);
        }
        if let Some(t) = d.route.as_ref().and_then(concept_text) {
            r.set_in("dosage", "route", t);
        }
        if let Some(Json::Object(o)) = r.m.get_mut("dosage") {
            o.retain(|_, v| !v.is_null());
        }
    }
    if let Some(t) = ma.reason_code.first().and_then(concept_text) {
        r.set_in("dosage", "indication", t);
    }
    if let Some(n) = ma.note.into_iter().next() {
        r.set("note", n.text);
    }
    r
}
