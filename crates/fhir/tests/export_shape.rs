//! What the exported resources say in standard FHIR R4 elements, so a
//! system that ignores our extensions still reads the clinical content.

mod common;

use casecourse_fhir::{ExportError, export, import};
use casecourse_model::*;
use serde_json::Value as Json;

const TEXT: &str = "Ferritin 1843 ug/L. Suspected MDA5-DM; TB excluded. MMF 1 g BID orally. HRCT: GGO. HFNC 40 L/min. PFT not done.";

fn span(words: &str) -> Span {
    let start = TEXT.find(words).expect("words in text");
    Span::new(start, start + words.len())
}

fn course() -> Course {
    let mut c = Course::new(TEXT);
    c.index.description = "admission".into();
    let mut fer = Fact::new("lab-ferritin", Kind::Lab, "ferritin");
    fer.code = Some(Code {
        system: "LOINC".into(),
        code: "2276-4".into(),
    });
    fer.value = Some(Value::Number(1843.0));
    fer.unit = Some("ug/L".into());
    fer.reference_range = Some(ReferenceRange {
        low: Some(30.0),
        high: Some(400.0),
        unit: "ug/L".into(),
        source: "text".into(),
    });
    fer.flag = Some(Flag::High);
    fer.time = Time::at(0.0);
    fer.spans = vec![span("Ferritin 1843 ug/L")];
    let mut dm = Fact::new("dx-dm", Kind::Diagnosis, "MDA5-DM");
    dm.certainty = Certainty::Possible;
    dm.spans = vec![span("Suspected MDA5-DM")];
    let mut tb = Fact::new("dx-tb", Kind::Diagnosis, "tuberculosis");
    tb.negated = true;
    tb.status = Some("excluded".into());
    let mut mmf = Fact::new("rx-mmf", Kind::Medication, "mycophenolate mofetil");
    mmf.dosage = Some(Dosage {
        dose: Some(1.0),
        unit: Some("g".into()),
        route: Some("oral".into()),
        frequency: Some("BID".into()),
        duration_days: Some(14.0),
        action: Some(DoseAction::Start),
        ..Dosage::default()
    });
    mmf.time = Time::at(7.0);
    let mut ct = Fact::new("img-ct", Kind::Imaging, "HRCT chest");
    ct.findings = vec!["ground-glass opacities".into()];
    ct.impression = Some("organising pneumonia pattern".into());
    ct.time = Time::at(-1.0);
    let mut o2 = Fact::new("o2-hfnc", Kind::Oxygen, "high-flow nasal oxygen");
    o2.oxygen = Some(OxygenSupport {
        device: Some("high-flow nasal cannula".into()),
        flow: Some(40.0),
        flow_unit: Some("L/min".into()),
        fio2: None,
    });
    o2.time = Time {
        relation: Relation::Between,
        start_day: Some(0.0),
        end_day: Some(14.0),
        ..Time::default()
    };
    let mut pft = Fact::new("pft", Kind::Pft, "pulmonary function tests");
    pft.status = Some("not done".into());
    let mut adamts = Fact::new("lab-adamts13", Kind::Lab, "ADAMTS13 activity");
    adamts.value = Some(Value::Number(1.0));
    adamts.comparator = Some(Comparator::Lt);
    adamts.unit = Some("%".into());
    adamts.time = Time::at(2.0);
    c.facts = vec![fer, dm, tb, mmf, ct, o2, pft, adamts];
    c
}

fn resources(bundle: &Json) -> Vec<&Json> {
    bundle["entry"]
        .as_array()
        .expect("entries")
        .iter()
        .map(|e| &e["resource"])
        .collect()
}

fn by_fact<'a>(bundle: &'a Json, id: &str) -> &'a Json {
    resources(bundle)
        .into_iter()
        .find(|r| r["identifier"][0]["value"] == id)
        .unwrap_or_else(|| panic!("no resource for {id}"))
}

fn bundle() -> Json {
    export(&course(), &common::opts(Some("2024-03-01"))).expect("export")
}

#[test]
fn lab_is_an_observation_with_loinc_ucum_range_and_flag() {
    let b = bundle();
    let o = by_fact(&b, "lab-ferritin");
    assert_eq!(o["resourceType"], "Observation");
    assert_eq!(o["code"]["coding"][0]["system"], "http://loinc.org");
    assert_eq!(o["code"]["coding"][0]["code"], "2276-4");
    assert_eq!(o["valueQuantity"]["value"], 1843.0);
    assert_eq!(o["valueQuantity"]["system"], "http://unitsofmeasure.org");
    assert_eq!(o["valueQuantity"]["code"], "ug/L");
    assert_eq!(o["referenceRange"][0]["low"]["value"], 30.0);
    assert_eq!(o["referenceRange"][0]["high"]["value"], 400.0);
    assert_eq!(o["interpretation"][0]["coding"][0]["code"], "H");
    assert_eq!(o["category"][1]["coding"][0]["code"], "laboratory");
    assert_eq!(o["effectiveDateTime"], "2024-03-01");
    let bound = by_fact(&b, "lab-adamts13");
    assert_eq!(bound["valueQuantity"]["comparator"], "<");
    assert_eq!(bound["valueQuantity"]["value"], 1.0);
}

#[test]
fn diagnoses_carry_verification_status() {
    let b = bundle();
    let vs = |id: &str| by_fact(&b, id)["verificationStatus"]["coding"][0]["code"].clone();
    assert_eq!(vs("dx-dm"), "provisional");
    assert_eq!(vs("dx-tb"), "refuted");
    assert_eq!(by_fact(&b, "dx-dm")["resourceType"], "Condition");
}

#[test]
fn medication_statement_has_dose_timing_code_route_and_period() {
    let b = bundle();
    let m = by_fact(&b, "rx-mmf");
    assert_eq!(m["resourceType"], "MedicationStatement");
    assert_eq!(m["status"], "active");
    let d = &m["dosage"][0];
    assert_eq!(d["text"], "mycophenolate mofetil 1 g oral BID for 14 days");
    assert_eq!(d["doseAndRate"][0]["doseQuantity"]["value"], 1.0);
    assert_eq!(d["doseAndRate"][0]["doseQuantity"]["code"], "g");
    assert_eq!(d["timing"]["code"]["coding"][0]["code"], "BID");
    // BID = 2 per 1 d (HL7 v3 GTSAbbreviation).
    assert_eq!(d["timing"]["repeat"]["frequency"], 2);
    assert_eq!(d["timing"]["repeat"]["period"], 1.0);
    assert_eq!(d["timing"]["repeat"]["periodUnit"], "d");
    assert_eq!(d["timing"]["repeat"]["boundsDuration"]["value"], 14.0);
    assert_eq!(d["route"]["text"], "oral");
    // Day 7 after 2024-03-01.
    assert_eq!(m["effectiveDateTime"], "2024-03-08");
}

#[test]
fn imaging_report_oxygen_procedure_and_not_done_test() {
    let b = bundle();
    let r = by_fact(&b, "img-ct");
    assert_eq!(r["resourceType"], "DiagnosticReport");
    assert_eq!(r["conclusion"], "organising pneumonia pattern");
    assert_eq!(r["effectiveDateTime"], "2024-02-29");
    let p = by_fact(&b, "o2-hfnc");
    assert_eq!(p["resourceType"], "Procedure");
    assert_eq!(p["usedCode"][0]["text"], "high-flow nasal cannula");
    assert_eq!(p["performedPeriod"]["start"], "2024-03-01");
    assert_eq!(p["performedPeriod"]["end"], "2024-03-15");
    let o = by_fact(&b, "pft");
    assert_eq!(o["status"], "cancelled");
    assert_eq!(o["dataAbsentReason"]["coding"][0]["code"], "not-performed");
    assert!(o.get("valueQuantity").is_none());
}

#[test]
fn provenance_points_at_the_words_and_the_narrative_is_in_the_bundle() {
    let b = bundle();
    let rs = resources(&b);
    let doc = rs
        .iter()
        .find(|r| r["resourceType"] == "DocumentReference")
        .expect("document");
    use base64::Engine as _;
    let data = doc["content"][0]["attachment"]["data"]
        .as_str()
        .expect("data");
    let text = base64::engine::general_purpose::STANDARD
        .decode(data)
        .expect("base64");
    assert_eq!(text, TEXT.as_bytes());
    let entries = b["entry"].as_array().expect("entries");
    let fer_url = entries
        .iter()
        .find(|e| e["resource"]["identifier"][0]["value"] == "lab-ferritin")
        .expect("ferritin")["fullUrl"]
        .clone();
    let prov = rs
        .iter()
        .find(|r| r["resourceType"] == "Provenance" && r["target"][0]["reference"] == fer_url)
        .expect("a Provenance for the ferritin");
    assert_eq!(prov["entity"][0]["what"]["display"], "Ferritin 1843 ug/L");
    let s = span("Ferritin 1843 ug/L");
    let sub = prov["entity"][0]["extension"][0]["extension"]
        .as_array()
        .expect("span parts");
    let part = |url: &str| {
        sub.iter().find(|x| x["url"] == url).expect("span part")["valueInteger"].clone()
    };
    assert_eq!((part("start"), part("end")), (s.start.into(), s.end.into()));
}

#[test]
fn without_an_index_date_relative_times_are_refused_clearly() {
    let e = export(&course(), &common::opts(None)).unwrap_err();
    assert!(
        matches!(&e, ExportError::NoIndexDate { fact, .. } if fact == "lab-ferritin"),
        "{e}"
    );
    // A course without relative times needs none.
    let mut c = course();
    for f in &mut c.facts {
        f.time = Time::default();
    }
    assert!(export(&c, &common::opts(None)).is_ok());
    let e = export(&course(), &common::opts(Some("01/03/2024"))).unwrap_err();
    assert!(e.to_string().contains("01/03/2024"), "{e}");
}

#[test]
fn the_anchoring_is_recorded_and_a_course_date_is_not_invented() {
    let c = course();
    let back = import(&bundle().to_string()).expect("import");
    assert_eq!(back.course, c);
    assert!(back.course.index.date.is_none());
    assert!(
        back.report
            .iter()
            .any(|n| n.code == "anchoring" && n.message.contains("2024-03-01")),
        "{:?}",
        back.report
    );
}

#[test]
fn standard_elements_alone_carry_the_clinical_content() {
    // Strip every casecourse `fact` extension, as a system that drops
    // unknown extensions would, and read back.
    let mut b = bundle();
    for e in b["entry"].as_array_mut().expect("entries") {
        if let Some(exts) = e["resource"]
            .get_mut("extension")
            .and_then(Json::as_array_mut)
        {
            exts.retain(|x| !x["url"].as_str().unwrap_or("").ends_with("/fact"));
        }
    }
    let back = import(&b.to_string()).expect("import");
    let f = |id: &str| {
        back.course
            .fact(id)
            .unwrap_or_else(|| panic!("{id}"))
            .clone()
    };
    let fer = f("lab-ferritin");
    assert_eq!(
        (fer.number(), fer.unit.as_deref(), fer.flag),
        (Some(1843.0), Some("ug/L"), Some(Flag::High))
    );
    assert_eq!(fer.code.as_ref().map(|c| c.system.as_str()), Some("LOINC"));
    assert_eq!(
        fer.reference_range.as_ref().and_then(|r| r.high),
        Some(400.0)
    );
    assert_eq!(f("dx-dm").certainty, Certainty::Possible);
    assert!(f("dx-tb").negated);
    let d = f("rx-mmf").dosage.expect("dosage");
    assert_eq!(
        (
            d.dose,
            d.unit.as_deref(),
            d.route.as_deref(),
            d.frequency.as_deref(),
            d.duration_days
        ),
        (Some(1.0), Some("g"), Some("oral"), Some("BID"), Some(14.0))
    );
    let ct = f("img-ct");
    assert_eq!(
        (ct.kind, ct.impression.as_deref()),
        (Kind::Imaging, Some("organising pneumonia pattern"))
    );
    assert_eq!(ct.findings, vec!["ground-glass opacities".to_string()]);
    assert_eq!(
        f("o2-hfnc").oxygen.and_then(|o| o.device).as_deref(),
        Some("high-flow nasal cannula")
    );
    // "<1 %" stays a bound (Quantity.comparator), not a measured 1 %.
    let adamts = f("lab-adamts13");
    assert_eq!(
        (adamts.number(), adamts.comparator),
        (Some(1.0), Some(Comparator::Lt))
    );
    // Spans come from Provenance, not from the fact extension.
    assert_eq!(f("lab-ferritin").spans, vec![span("Ferritin 1843 ug/L")]);
}

#[test]
fn this_bundle_passes_the_independent_validator() {
    let Some(python) = common::validator() else {
        return;
    };
    let path =
        std::env::temp_dir().join(format!("casecourse-fhir-shape-{}.json", std::process::id()));
    std::fs::write(&path, bundle().to_string()).expect("write");
    let result = common::validate(&python, std::slice::from_ref(&path));
    let _ = std::fs::remove_file(&path);
    result.unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn planned_medication_is_a_medication_request_with_intent_plan() {
    let mut c = Course::new("Plan: rituximab 1 g every 6 months.");
    let mut rtx = Fact::new("rx-rtx-plan", Kind::Medication, "rituximab");
    rtx.status = Some("planned".into());
    rtx.dosage = Some(Dosage {
        dose: Some(1.0),
        unit: Some("g".into()),
        ..Dosage::default()
    });
    rtx.time = Time::at(14.0);
    let mut maybe = Fact::new("rx-mirt", Kind::Medication, "mirtazapine");
    maybe.certainty = Certainty::Hypothetical;
    c.facts = vec![rtx, maybe];
    let b = export(&c, &common::opts(Some("2024-03-01"))).expect("export");
    let r = by_fact(&b, "rx-rtx-plan");
    assert_eq!(
        (r["resourceType"].as_str(), r["intent"].as_str()),
        (Some("MedicationRequest"), Some("plan"))
    );
    assert_eq!(r["authoredOn"], "2024-03-15");
    assert_eq!(
        r["dosageInstruction"][0]["doseAndRate"][0]["doseQuantity"]["value"],
        1.0
    );
    assert_eq!(by_fact(&b, "rx-mirt")["intent"], "proposal");
    assert_eq!(import(&b.to_string()).expect("import").course, c);
}
