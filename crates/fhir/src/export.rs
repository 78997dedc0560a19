//! Course → FHIR R4 Bundle.
//!
//! Each fact becomes one resource (Observation, Condition,
//! MedicationStatement, Procedure, Encounter or DiagnosticReport), with the
//! FHIR elements that can say what it says; whatever FHIR has no element for
//! stays in our `fact` extension, so import gives the same course back. Each
//! resource has a Provenance whose entity is the narrative (a
//! DocumentReference holding the text) with the byte spans of its words.

use base64::Engine as _;
use casecourse_model::{Certainty, Course, DoseAction, Experiencer, Fact, Kind, Value};
use jiff::civil::Date;
use serde_json::{Map, Value as Json};

use crate::anchor::{When, parse_index_date, when};
use crate::error::ExportError;
use crate::ext;
use crate::mapping::{BASE, UCUM, mapping};
use crate::r4::{self, *};

/// How to write the Bundle.
#[derive(Debug, Clone, Default)]
pub struct ExportOptions {
    /// Calendar date of the index event (YYYY-MM-DD); overrides the
    /// course's own `index.date`. Needed when facts have relative times.
    pub index_date: Option<String>,
    /// `collection` (default) or `transaction` (for POSTing to a server).
    pub bundle_type: BundleType,
    /// `Provenance.recorded` and `Bundle.timestamp` (an instant); now when
    /// `None`.
    pub recorded: Option<String>,
}

/// The kind of Bundle written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum BundleType {
    /// A set of resources (a file).
    #[default]
    Collection,
    /// Each entry POSTed to a FHIR server.
    Transaction,
}

/// The identifier system of fact ids.
pub fn fact_id_system() -> String {
    format!("{BASE}/fact-id")
}
/// The code system of fact kinds (Observation/Condition category).
pub fn kind_system() -> String {
    format!("{BASE}/CodeSystem/fact-kind")
}

/// The resource type a fact becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    Observation,
    Condition,
    Medication,
    Procedure,
    Encounter,
    Report,
}

fn contains_word(name: &str, words: &[String]) -> bool {
    let n = name.to_lowercase();
    words.iter().any(|w| n.contains(w.as_str()))
}

/// The v3 ActCode class of an event fact, when it is an encounter.
fn encounter_class(name: &str) -> Option<&'static str> {
    let ev = &mapping().events;
    if contains_word(name, &ev.ambulatory_words) {
        Some("AMB")
    } else if contains_word(name, &ev.inpatient_words) {
        Some("IMP")
    } else {
        None
    }
}

fn target(f: &Fact) -> Target {
    if f.dosage.is_some() {
        return Target::Medication;
    }
    if f.oxygen.is_some() {
        return Target::Procedure;
    }
    let measured =
        f.value.is_some() || f.unit.is_some() || f.reference_range.is_some() || f.flag.is_some();
    if measured || f.experiencer == Experiencer::Family {
        return Target::Observation;
    }
    match f.kind {
        Kind::Diagnosis | Kind::History => Target::Condition,
        Kind::Medication => Target::Medication,
        Kind::Imaging => Target::Report,
        Kind::Procedure | Kind::Oxygen => Target::Procedure,
        Kind::Event if encounter_class(&f.name).is_some() => Target::Encounter,
        _ => Target::Observation,
    }
}

/// Writes `course` as a FHIR R4 Bundle (JSON).
pub fn export(course: &Course, opts: &ExportOptions) -> Result<Json, ExportError> {
    let (index, index_source) = match (&opts.index_date, &course.index.date) {
        (Some(d), _) => (Some(parse_index_date(d)?), "option"),
        (None, Some(d)) => (Some(parse_index_date(d)?), "course"),
        (None, None) => (None, "none"),
    };
    let recorded = opts
        .recorded
        .clone()
        .unwrap_or_else(|| jiff::Timestamp::now().to_string());
    let ids = UrnMaker::new(&course.source.text);
    let patient_urn = ids.urn(0);
    let doc_urn = ids.urn(1);
    let mut entries: Vec<(String, Json, &'static str)> = Vec::new();
    entries.push((
        patient_urn.clone(),
        r4::resource_json(&patient(course, &ids, 0)),
        Patient::TYPE,
    ));
    entries.push((
        doc_urn.clone(),
        r4::resource_json(&document(course, index, index_source, &ids, &patient_urn)),
        DocumentReference::TYPE,
    ));
    let subject = reference(&patient_urn);
    let mut provenances = Vec::new();
    for (i, f) in course.facts.iter().enumerate() {
        let n = 2 + i as u64;
        let urn = ids.urn(n);
        let time = when(&f.time, index, &f.id, &course.index.description)?;
        let (json, ty) = fact_resource(f, time, &subject, ids.id(n));
        entries.push((urn.clone(), json, ty));
        provenances.push(provenance(course, f, &urn, &doc_urn, &recorded));
    }
    let base = 2 + course.facts.len() as u64;
    for (i, p) in provenances.into_iter().enumerate() {
        let n = base + i as u64;
        let mut p = p;
        p.id = Some(ids.id(n));
        entries.push((ids.urn(n), r4::resource_json(&p), Provenance::TYPE));
    }
    let transaction = opts.bundle_type == BundleType::Transaction;
    let bundle = Bundle {
        type_: if transaction {
            "transaction"
        } else {
            "collection"
        }
        .into(),
        timestamp: Some(recorded),
        entry: entries
            .into_iter()
            .map(|(urn, resource, ty)| BundleEntry {
                full_url: Some(urn),
                resource: Some(resource),
                request: transaction.then(|| BundleEntryRequest {
                    method: "POST".into(),
                    url: ty.into(),
                    ..BundleEntryRequest::default()
                }),
                ..BundleEntry::default()
            })
            .collect(),
        ..Bundle::default()
    };
    Ok(r4::resource_json(&bundle))
}

/// Deterministic `urn:uuid:`s for one course: a hash of its text, then a
/// counter (so two exports of the same course are identical).
struct UrnMaker(u64);

impl UrnMaker {
    fn new(text: &str) -> Self {
        // FNV-1a, 64-bit (Fowler, Noll, Vo): a stable, dependency-free hash.
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for b in text.bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
        UrnMaker(h)
    }
    fn id(&self, n: u64) -> String {
        let h = self.0;
        format!(
            "{:08x}-{:04x}-4{:03x}-8{:03x}-{:012x}",
            h >> 32,
            (h >> 16) & 0xffff,
            h & 0xfff,
            (h >> 52) & 0xfff,
            n
        )
    }
    fn urn(&self, n: u64) -> String {
        format!("urn:uuid:{}", self.id(n))
    }
}

fn reference(urn: &str) -> Reference {
    Reference {
        reference: Some(urn.to_string()),
        ..Reference::default()
    }
}

fn coding(system: &str, code: &str) -> Coding {
    Coding {
        system: Some(system.to_string()),
        code: Some(code.to_string()),
        ..Coding::default()
    }
}

fn text_concept(text: &str) -> CodeableConcept {
    CodeableConcept {
        text: Some(text.to_string()),
        ..CodeableConcept::default()
    }
}

/// A UCUM quantity (the unit is already a UCUM code in our model).
pub(crate) fn quantity(value: Option<f64>, unit: Option<&str>) -> Quantity {
    Quantity {
        value,
        unit: unit.map(str::to_string),
        system: unit.map(|_| UCUM.to_string()),
        code: unit.map(str::to_string),
        ..Quantity::default()
    }
}

fn patient(course: &Course, ids: &UrnMaker, n: u64) -> Patient {
    let ev = &mapping().events;
    let gender = course
        .facts
        .iter()
        .filter(|f| f.kind == Kind::Demographic && !f.negated)
        .filter(|f| ev.gender_names.iter().any(|g| g == &f.name.to_lowercase()))
        .find_map(|f| match &f.value {
            Some(Value::Text(t)) => match t.to_lowercase().as_str() {
                g @ ("male" | "female" | "other" | "unknown") => Some(g.to_string()),
                _ => None,
            },
            _ => None,
        });
    let died = course.facts.iter().any(|f| {
        f.kind == Kind::Event
            && !f.negated
            && f.certainty == Certainty::Affirmed
            && ev.death_names.iter().any(|d| d == &f.name.to_lowercase())
    });
    Patient {
        id: Some(ids.id(n)),
        gender,
        deceased_boolean: died.then_some(true),
        ..Patient::default()
    }
}

fn document(
    course: &Course,
    index: Option<Date>,
    index_source: &str,
    ids: &UrnMaker,
    patient: &str,
) -> DocumentReference {
    // Course-level data FHIR has no element for: schema, index event,
    // medication episodes, warnings; and how relative times were anchored.
    let mut c = Map::new();
    c.insert("schema".into(), course.schema.clone().into());
    c.insert("index".into(), to_json(&course.index));
    c.insert("episodes".into(), to_json(&course.episodes));
    c.insert("warnings".into(), to_json(&course.warnings));
    let mut extension: Vec<Extension> = ext::encode(&ext::url("course"), &Json::Object(c))
        .into_iter()
        .collect();
    let mut a = Map::new();
    if let Some(d) = index {
        a.insert("index_date".into(), d.to_string().into());
    }
    a.insert("source".into(), index_source.into());
    a.insert(
        "rule".into(),
        "dateTime = index date + round(day) days; dates written in the text are kept as written"
            .into(),
    );
    extension.extend(ext::encode(&ext::url("anchoring"), &Json::Object(a)));
    DocumentReference {
        id: Some(ids.id(1)),
        status: "current".into(),
        subject: Some(reference(patient)),
        description: Some(
            "The narrative casecourse read; facts point into it by byte spans. casecourse supports decisions and is not the decision.".into(),
        ),
        content: vec![DocumentReferenceContent {
            attachment: Attachment {
                content_type: Some("text/plain; charset=utf-8".into()),
                data: (!course.source.text.is_empty()).then(|| {
                    base64::engine::general_purpose::STANDARD.encode(&course.source.text)
                }),
                title: course.source.name.clone(),
                ..Attachment::default()
            },
            ..DocumentReferenceContent::default()
        }],
        extension,
        ..DocumentReference::default()
    }
}

fn to_json<T: serde::Serialize>(v: &T) -> Json {
    serde_json::to_value(v).unwrap_or(Json::Null)
}

/// The fact's JSON minus the keys the standard elements carry, and minus
/// defaults: what goes into our `fact` extension.
struct Rest(Map<String, Json>);

impl Rest {
    fn new(f: &Fact) -> Rest {
        let mut m = match to_json(f) {
            Json::Object(m) => m,
            _ => Map::new(),
        };
        for k in ["id", "kind", "name", "code", "spans"] {
            m.remove(k);
        }
        let default_of = |k: &str, v: Json| (k.to_string(), v);
        for (k, v) in [
            default_of("negated", Json::Bool(false)),
            default_of("certainty", "affirmed".into()),
            default_of("experiencer", "patient".into()),
            default_of("origin", "body".into()),
        ] {
            if m.get(&k) == Some(&v) {
                m.remove(&k);
            }
        }
        if m.get("time") == Some(&serde_json::json!({"relation": "unknown"})) {
            m.remove("time");
        }
        Rest(m)
    }
    fn take(&mut self, k: &str) {
        self.0.remove(k);
    }
    /// Removes `k` inside the object `outer`, and `outer` when it empties.
    fn take_in(&mut self, outer: &str, k: &str) {
        if let Some(Json::Object(o)) = self.0.get_mut(outer) {
            o.remove(k);
            if o.is_empty() {
                self.0.remove(outer);
            }
        }
    }
    fn extension(self) -> Vec<Extension> {
        if self.0.is_empty() {
            return Vec::new();
        }
        ext::encode(&ext::url("fact"), &Json::Object(self.0))
            .into_iter()
            .collect()
    }
}

fn concept(f: &Fact) -> CodeableConcept {
    CodeableConcept {
        text: Some(f.name.clone()),
        coding: f
            .code
            .iter()
            .map(|c| coding(&mapping().system_uri(&c.system), &c.code))
            .collect(),
        ..CodeableConcept::default()
    }
}

fn kind_category(f: &Fact) -> CodeableConcept {
    CodeableConcept {
        coding: vec![coding(&kind_system(), f.kind.as_str())],
        ..CodeableConcept::default()
    }
}

fn identifier(f: &Fact) -> Identifier {
    Identifier {
        system: Some(fact_id_system()),
        value: Some(f.id.clone()),
        ..Identifier::default()
    }
}

fn notes(f: &Fact, rest: &mut Rest) -> Vec<Annotation> {
    rest.take("note");
    f.note
        .iter()
        .map(|n| Annotation {
            text: n.clone(),
            ..Annotation::default()
        })
        .collect()
}

fn split(w: Option<When>) -> (Option<String>, Option<Period>) {
    match w {
        Some(When::DateTime(d)) => (Some(d), None),
        Some(When::Period(p)) => (None, Some(p)),
        None => (None, None),
    }
}

fn status_says(f: &Fact, word: &str) -> bool {
    f.status
        .as_deref()
        .is_some_and(|s| s.to_lowercase().contains(word))
}

fn fact_resource(
    f: &Fact,
    w: Option<When>,
    subject: &Reference,
    id: String,
) -> (Json, &'static str) {
    let mut rest = Rest::new(f);
    match target(f) {
        Target::Observation => (
            r4::resource_json(&observation(f, w, subject, id, &mut rest)),
            Observation::TYPE,
        ),
        Target::Condition => (
            r4::resource_json(&condition(f, w, subject, id, &mut rest)),
            Condition::TYPE,
        ),
        Target::Medication if is_intended(f) => (
            r4::resource_json(&medication_request(f, w, subject, id, &mut rest)),
            MedicationRequest::TYPE,
        ),
        Target::Medication => (
            r4::resource_json(&medication(f, w, subject, id, &mut rest)),
            MedicationStatement::TYPE,
        ),
        Target::Procedure => (
            r4::resource_json(&procedure(f, w, subject, id, &mut rest)),
            Procedure::TYPE,
        ),
        Target::Encounter => (
            r4::resource_json(&encounter(f, w, subject, id, &mut rest)),
            Encounter::TYPE,
        ),
        Target::Report => (
            r4::resource_json(&report(f, w, subject, id, &mut rest)),
            DiagnosticReport::TYPE,
        ),
    }
}

const INTERPRETATION: &str = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation";
const OBS_CATEGORY: &str = "http://terminology.hl7.org/CodeSystem/observation-category";
const DATA_ABSENT: &str = "http://terminology.hl7.org/CodeSystem/data-absent-reason";

fn observation(
    f: &Fact,
    w: Option<When>,
    subject: &Reference,
    id: String,
    rest: &mut Rest,
) -> Observation {
    let m = mapping();
    let mut category = vec![kind_category(f)];
    if let Some(c) = m.observation_category.get(f.kind.as_str()) {
        category.push(CodeableConcept {
            coding: vec![coding(OBS_CATEGORY, c)],
            ..CodeableConcept::default()
        });
    }
    let (effective_date_time, effective_period) = split(w);
    let mut o = Observation {
        id: Some(id),
        identifier: vec![identifier(f)],
        status: "final".into(),
        category,
        code: concept(f),
        subject: Some(subject.clone()),
        effective_date_time,
        effective_period,
        note: notes(f, rest),
        ..Observation::default()
    };
    match &f.value {
        Some(Value::Number(n)) => {
            let mut q = quantity(Some(*n), f.unit.as_deref());
            q.comparator = f.comparator.map(|c| c.as_str().to_string());
            o.value_quantity = Some(q);
            rest.take("value");
            rest.take("comparator");
            rest.take("unit");
        }
        Some(Value::Text(t)) => {
            o.value_string = Some(t.clone());
            rest.take("value");
        }
        None => {
            if let Some(r) = &f.result {
                o.value_codeable_concept = Some(text_concept(r));
                rest.take("result");
            } else if status_says(f, "not done") {
                o.status = "cancelled".into();
                o.data_absent_reason = Some(CodeableConcept {
                    coding: vec![coding(DATA_ABSENT, "not-performed")],
                    text: f.status.clone(),
                    ..CodeableConcept::default()
                });
            }
        }
    }
    if let Some(rr) = &f.reference_range
        && (rr.low.is_some() || rr.high.is_some())
    {
        let unit = (!rr.unit.is_empty()).then_some(rr.unit.as_str());
        o.reference_range.push(ObservationReferenceRange {
            low: rr.low.map(|v| quantity(Some(v), unit)),
            high: rr.high.map(|v| quantity(Some(v), unit)),
            text: Some(rr.source.clone()),
            ..ObservationReferenceRange::default()
        });
        rest.take("reference_range");
    }
    if let Some(flag) = f.flag {
        let name = to_json(&flag).as_str().unwrap_or_default().to_string();
        if let Some(code) = m.interpretation.get(&name) {
            o.interpretation.push(CodeableConcept {
                coding: vec![coding(INTERPRETATION, code)],
                text: Some(name),
                ..CodeableConcept::default()
            });
            rest.take("flag");
        }
    }
    if let Some(site) = &f.site {
        o.body_site = Some(text_concept(site));
        rest.take("site");
    }
    o.extension = std::mem::replace(rest, Rest(Map::new())).extension();
    o
}

const CONDITION_CATEGORY: &str = "http://terminology.hl7.org/CodeSystem/condition-category";
const VER_STATUS: &str = "http://terminology.hl7.org/CodeSystem/condition-ver-status";

fn condition(
    f: &Fact,
    w: Option<When>,
    subject: &Reference,
    id: String,
    rest: &mut Rest,
) -> Condition {
    let standard = if f.kind == Kind::History {
        "problem-list-item"
    } else {
        "encounter-diagnosis"
    };
    // refuted for "excluded"/negated, provisional for "suspected",
    // unconfirmed for hypothetical mentions.
    let status = if f.negated {
        "refuted"
    } else {
        match f.certainty {
            Certainty::Affirmed => "confirmed",
            Certainty::Possible => "provisional",
            Certainty::Hypothetical => "unconfirmed",
        }
    };
    rest.take("negated");
    if !f.negated && f.certainty == Certainty::Possible {
        rest.take("certainty");
    }
    let (onset_date_time, onset_period) = split(w);
    let mut c = Condition {
        id: Some(id),
        identifier: vec![identifier(f)],
        verification_status: Some(CodeableConcept {
            coding: vec![coding(VER_STATUS, status)],
            ..CodeableConcept::default()
        }),
        category: vec![
            kind_category(f),
            CodeableConcept {
                coding: vec![coding(CONDITION_CATEGORY, standard)],
                ..CodeableConcept::default()
            },
        ],
        code: Some(concept(f)),
        subject: subject.clone(),
        onset_date_time,
        onset_period,
        note: notes(f, rest),
        ..Condition::default()
    };
    if let Some(site) = &f.site {
        c.body_site.push(text_concept(site));
        rest.take("site");
    }
    c.extension = std::mem::replace(rest, Rest(Map::new())).extension();
    c
}

const GTS: &str = "http://terminology.hl7.org/CodeSystem/v3-GTSAbbreviation";

fn medication(
    f: &Fact,
    w: Option<When>,
    subject: &Reference,
    id: String,
    rest: &mut Rest,
) -> MedicationStatement {
    let status = if f.negated {
        "not-taken"
    } else {
        match f.dosage.as_ref().and_then(|d| d.action) {
            Some(DoseAction::Stop) => "stopped",
            Some(DoseAction::Prior) => "completed",
            _ => "active",
        }
    };
    rest.take("negated");
    let (effective_date_time, effective_period) = split(w);
    let mut ms = MedicationStatement {
        id: Some(id),
        identifier: vec![identifier(f)],
        status: status.into(),
        category: Some(kind_category(f)),
        medication_codeable_concept: Some(concept(f)),
        subject: subject.clone(),
        effective_date_time,
        effective_period,
        note: notes(f, rest),
        ..MedicationStatement::default()
    };
    if let Some(d) = &f.dosage {
        ms.dosage.push(dosage(f, d, rest));
        if let Some(ind) = &d.indication {
            ms.reason_code.push(text_concept(ind));
            rest.take_in("dosage", "indication");
        }
    }
    ms.extension = std::mem::replace(rest, Rest(Map::new())).extension();
    ms
}

/// The R4 Dosage of a fact's dose, route, frequency and course length.
fn dosage(f: &Fact, d: &casecourse_model::Dosage, rest: &mut Rest) -> Dosage {
    {
        let mut dosage = Dosage {
            text: Some(sig(f)),
            ..Dosage::default()
        };
        if d.dose.is_some() {
            dosage.dose_and_rate.push(DosageDoseAndRate {
                dose_quantity: Some(quantity(d.dose, d.unit.as_deref())),
                ..DosageDoseAndRate::default()
            });
            rest.take_in("dosage", "dose");
            rest.take_in("dosage", "unit");
        }
        if let Some(r) = &d.route {
            dosage.route = Some(text_concept(r));
            rest.take_in("dosage", "route");
        }
        let mut timing = Timing::default();
        if let Some(freq) = &d.frequency {
            let mut code = text_concept(freq);
            if let Some((gts, rep)) = mapping().timing_code(freq) {
                code.coding.push(coding(GTS, gts));
                timing.repeat = Some(TimingRepeat {
                    frequency: Some(rep.frequency),
                    period: Some(rep.period),
                    period_unit: Some(rep.unit.clone()),
                    ..TimingRepeat::default()
                });
            }
            timing.code = Some(code);
            rest.take_in("dosage", "frequency");
        }
        if let Some(days) = d.duration_days {
            timing
                .repeat
                .get_or_insert_with(TimingRepeat::default)
                .bounds_duration = Some(Duration {
                value: Some(days),
                unit: Some("d".into()),
                system: Some(UCUM.into()),
                code: Some("d".into()),
                ..Duration::default()
            });
            rest.take_in("dosage", "duration_days");
        }
        if timing != Timing::default() {
            dosage.timing = Some(timing);
        }
        dosage
    }
}

/// Whether the text says the drug is intended rather than taken: planned or
/// to be considered (then a MedicationRequest, intent plan or proposal).
fn is_intended(f: &Fact) -> bool {
    status_says(f, "plan") || status_says(f, "consider") || f.certainty == Certainty::Hypothetical
}

fn medication_request(
    f: &Fact,
    w: Option<When>,
    subject: &Reference,
    id: String,
    rest: &mut Rest,
) -> MedicationRequest {
    let intent = if status_says(f, "plan") {
        "plan"
    } else {
        "proposal"
    };
    rest.take("negated");
    let mut mr = MedicationRequest {
        id: Some(id),
        identifier: vec![identifier(f)],
        status: "active".into(),
        intent: intent.into(),
        do_not_perform: f.negated.then_some(true),
        category: vec![kind_category(f)],
        medication_codeable_concept: Some(concept(f)),
        subject: subject.clone(),
        note: notes(f, rest),
        ..MedicationRequest::default()
    };
    // A request has one date (authoredOn) and no period of its own.
    if let Some(When::DateTime(d)) = w {
        mr.authored_on = Some(d);
    }
    if let Some(d) = &f.dosage {
        mr.dosage_instruction.push(dosage(f, d, rest));
        if let Some(ind) = &d.indication {
            mr.reason_code.push(text_concept(ind));
            rest.take_in("dosage", "indication");
        }
    }
    mr.extension = std::mem::replace(rest, Rest(Map::new())).extension();
    mr
}

/// Dosage.text: the instruction in words.
fn sig(f: &Fact) -> String {
    let mut parts = vec![f.name.clone()];
    if let Some(d) = &f.dosage {
        if let Some(dose) = d.dose {
            parts.push(format!("{dose} {}", d.unit.as_deref().unwrap_or_default()));
        }
        parts.extend(d.dose_text.clone());
        parts.extend(d.route.clone());
        parts.extend(d.frequency.clone());
        if let Some(days) = d.duration_days {
            parts.push(format!("for {days} days"));
        }
    }
    parts
        .into_iter()
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn procedure(
    f: &Fact,
    w: Option<When>,
    subject: &Reference,
    id: String,
    rest: &mut Rest,
) -> Procedure {
    let status = if f.negated || status_says(f, "not done") {
        "not-done"
    } else if status_says(f, "planned") {
        "preparation"
    } else {
        "completed"
    };
    let (performed_date_time, performed_period) = split(w);
    let mut p = Procedure {
        id: Some(id),
        identifier: vec![identifier(f)],
        status: status.into(),
        category: Some(kind_category(f)),
        code: Some(concept(f)),
        subject: subject.clone(),
        performed_date_time,
        performed_period,
        note: notes(f, rest),
        ..Procedure::default()
    };
    if let Some(site) = &f.site {
        p.body_site.push(text_concept(site));
        rest.take("site");
    }
    if let Some(device) = f.oxygen.as_ref().and_then(|o| o.device.as_ref()) {
        p.used_code.push(text_concept(device));
        rest.take_in("oxygen", "device");
    }
    p.extension = std::mem::replace(rest, Rest(Map::new())).extension();
    p
}

const ACT_CODE: &str = "http://terminology.hl7.org/CodeSystem/v3-ActCode";

fn encounter(
    f: &Fact,
    w: Option<When>,
    subject: &Reference,
    id: String,
    rest: &mut Rest,
) -> Encounter {
    let class = encounter_class(&f.name).unwrap_or("IMP");
    let ends = contains_word(&f.name, &mapping().events.end_words);
    let status = if status_says(f, "planned") {
        "planned"
    } else {
        "finished"
    };
    let period = match w {
        Some(When::Period(p)) => Some(p),
        Some(When::DateTime(d)) if ends => Some(Period {
            end: Some(d),
            ..Period::default()
        }),
        Some(When::DateTime(d)) => Some(Period {
            start: Some(d),
            ..Period::default()
        }),
        None => None,
    };
    Encounter {
        id: Some(id),
        identifier: vec![identifier(f)],
        status: status.into(),
        class: coding(ACT_CODE, class),
        type_: vec![concept(f), kind_category(f)],
        subject: Some(subject.clone()),
        period,
        extension: std::mem::replace(rest, Rest(Map::new())).extension(),
        ..Encounter::default()
    }
}

const V2_0074: &str = "http://terminology.hl7.org/CodeSystem/v2-0074";

fn report(
    f: &Fact,
    w: Option<When>,
    subject: &Reference,
    id: String,
    rest: &mut Rest,
) -> DiagnosticReport {
    let (effective_date_time, effective_period) = split(w);
    let mut r = DiagnosticReport {
        id: Some(id),
        identifier: vec![identifier(f)],
        status: if status_says(f, "not done") {
            "cancelled"
        } else {
            "final"
        }
        .into(),
        category: vec![
            kind_category(f),
            CodeableConcept {
                coding: vec![coding(V2_0074, "RAD")],
                ..CodeableConcept::default()
            },
        ],
        code: concept(f),
        subject: Some(subject.clone()),
        effective_date_time,
        effective_period,
        conclusion: f.impression.clone(),
        conclusion_code: f.findings.iter().map(|x| text_concept(x)).collect(),
        ..DiagnosticReport::default()
    };
    rest.take("impression");
    rest.take("findings");
    r.extension = std::mem::replace(rest, Rest(Map::new())).extension();
    r
}

fn provenance(course: &Course, f: &Fact, target: &str, doc: &str, recorded: &str) -> Provenance {
    let spans: Vec<Extension> = f
        .spans
        .iter()
        .filter_map(|s| ext::encode(&ext::url("span"), &to_json(s)))
        .collect();
    let quoted: Vec<&str> = f.spans.iter().map(|s| course.words(*s)).collect();
    Provenance {
        target: vec![reference(target)],
        recorded: recorded.to_string(),
        agent: vec![ProvenanceAgent {
            who: Reference {
                display: Some(format!(
                    "casecourse {} (extraction from the narrative; supports decisions, is not one)",
                    env!("CARGO_PKG_VERSION")
                )),
                ..Reference::default()
            },
            ..ProvenanceAgent::default()
        }],
        entity: vec![ProvenanceEntity {
            role: "quotation".into(),
            what: Reference {
                reference: Some(doc.to_string()),
                display: (!quoted.is_empty()).then(|| quoted.join(" … ")),
                ..Reference::default()
            },
            extension: spans,
            ..ProvenanceEntity::default()
        }],
        ..Provenance::default()
    }
}
