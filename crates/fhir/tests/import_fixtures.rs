//! Import of hand-written Bundles in the style of hospital and laboratory
//! exports, and clear errors for malformed ones.

mod common;

use std::path::PathBuf;

use casecourse_fhir::{ImportError, Imported, import};
use casecourse_model::{Kind, Relation, Value};

fn fixture(name: &str) -> (PathBuf, String) {
    let p = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/fhir")).join(name);
    let text = std::fs::read_to_string(&p).expect("fixture readable");
    (p, text)
}

fn read(name: &str) -> Imported {
    import(&fixture(name).1).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn fact<'a>(i: &'a Imported, name: &str) -> &'a casecourse_model::Fact {
    i.course
        .facts
        .iter()
        .find(|f| f.name == name)
        .unwrap_or_else(|| {
            panic!(
                "no fact named {name:?} in {:?}",
                i.course.facts.iter().map(|f| &f.name).collect::<Vec<_>>()
            )
        })
}

#[test]
fn hospital_transaction_bundle_maps_standard_elements() {
    let i = read("hospital-transaction.json");
    let c = &i.course;
    // Patient.gender became a demographic fact.
    let sex = fact(&i, "sex");
    assert_eq!(sex.kind, Kind::Demographic);
    assert_eq!(sex.value, Some(Value::Text("female".into())));
    // Encounter with a period: start date kept, end noted.
    let adm = fact(&i, "hospital admission");
    assert_eq!(adm.kind, Kind::Event);
    assert_eq!(adm.time.relation, Relation::Between);
    assert_eq!(adm.time.date.as_deref(), Some("2024-03-01T14:20:00+01:00"));
    // Condition: ICD-10 code display as name; provisional -> possible.
    let ild = fact(&i, "Other interstitial pulmonary diseases with fibrosis");
    assert_eq!(ild.kind, Kind::Diagnosis);
    assert_eq!(ild.certainty, casecourse_model::Certainty::Possible);
    let code = ild.code.as_ref().expect("code");
    assert_eq!(
        (code.system.as_str(), code.code.as_str()),
        ("ICD-10", "J84.1")
    );
    // Refuted -> negated.
    assert!(fact(&i, "pulmonary tuberculosis").negated);
    // Lab: LOINC, UCUM value, range, HH -> high.
    let fer = fact(&i, "Ferritin [Mass/volume] in Serum or Plasma");
    assert_eq!(fer.kind, Kind::Lab);
    assert_eq!(fer.number(), Some(1843.0));
    assert_eq!(fer.unit.as_deref(), Some("ng/mL"));
    assert_eq!(fer.flag, Some(casecourse_model::Flag::High));
    let rr = fer.reference_range.as_ref().expect("range");
    assert_eq!(
        (rr.low, rr.high, rr.unit.as_str()),
        (Some(13.0), Some(150.0), "ng/mL")
    );
    // Vital: the UCUM code wins over the display unit; the text over display.
    let hr = fact(&i, "heart rate");
    assert_eq!((hr.kind, hr.unit.as_deref()), (Kind::Vital, Some("/min")));
    // Not performed.
    let pft = fact(&i, "pulmonary function tests");
    assert_eq!(
        pft.status.as_deref(),
        Some("not done (patient too breathless)")
    );
    // MedicationStatement dosage: dose, route display, BID, indication.
    let mmf = fact(&i, "mycophenolate mofetil");
    let d = mmf.dosage.as_ref().expect("dosage");
    assert_eq!((d.dose, d.unit.as_deref()), (Some(500.0), Some("mg")));
    assert_eq!(d.route.as_deref(), Some("Oral route"));
    assert_eq!(d.frequency.as_deref(), Some("BID"));
    assert_eq!(d.indication.as_deref(), Some("interstitial lung disease"));
    assert_eq!(mmf.time.relation, Relation::After);
    // Imaging report conclusion.
    let ct = fact(&i, "CT Chest");
    assert_eq!(ct.kind, Kind::Imaging);
    assert!(
        ct.impression
            .as_deref()
            .is_some_and(|s| s.contains("organising pneumonia"))
    );
    // Procedure not done.
    let bal = fact(&i, "bronchoscopy with bronchoalveolar lavage");
    assert_eq!(bal.status.as_deref(), Some("not done"));
    // Unknown type kept and reported, not dropped.
    assert_eq!(i.unknown.len(), 1);
    assert_eq!(i.unknown[0]["resourceType"], "Immunization");
    assert!(
        i.report.iter().any(|n| n.code == "unknown-resource"
            && n.message.contains("entry[10] Immunization/imm-flu")),
        "{:?}",
        i.report
    );
    // Patient extras (name, birthDate) are R4 elements we hold but do not map.
    assert_eq!(c.facts.len(), 10);
}

#[test]
fn lab_collection_with_relative_references_and_timing_repeat() {
    let i = read("lab-collection.json");
    let mda5 = fact(&i, "anti-MDA5 antibody");
    assert_eq!(mda5.result.as_deref(), Some("Positive"));
    let crp = fact(&i, "C reactive protein [Mass/volume] in Serum or Plasma");
    assert_eq!(crp.flag, Some(casecourse_model::Flag::Normal));
    assert_eq!(crp.number(), Some(4.2));
    assert!(
        crp.note
            .as_deref()
            .is_some_and(|n| n.starts_with("haemolysed"))
    );
    // frequency 3 per 1 d, no code: TID from the GTSAbbreviation table.
    let pred = fact(&i, "prednisolone");
    let d = pred.dosage.as_ref().expect("dosage");
    assert_eq!(d.frequency.as_deref(), Some("TID"));
    assert_eq!(d.duration_days, Some(5.0));
    assert_eq!(d.action, Some(casecourse_model::DoseAction::Stop));
    // Death from Patient.deceasedDateTime.
    let death = fact(&i, "death");
    assert_eq!(death.time.date.as_deref(), Some("2024-05-19"));
    // Another system's Provenance is kept, not read as ours.
    assert!(i.unknown.iter().any(|r| r["resourceType"] == "Provenance"));
}

#[test]
fn extra_fields_are_reported_by_name_and_unknown_types_kept() {
    let i = read("hospital-extra-fields.json");
    let t = fact(&i, "Body temperature");
    assert_eq!((t.number(), t.unit.as_deref()), (Some(39.2), Some("Cel")));
    let ignored: Vec<&str> = i
        .report
        .iter()
        .filter(|n| n.code == "ignored-fields")
        .map(|n| n.message.as_str())
        .collect();
    assert_eq!(ignored.len(), 1, "{ignored:?}");
    for field in ["vendorWard", "_status", "valueQuantity.vendorPrecision"] {
        assert!(
            ignored[0].contains(field),
            "{field} not named in {ignored:?}"
        );
    }
    assert!(ignored[0].contains("entry[0] Observation/temp-1"));
    assert_eq!(i.unknown[0]["resourceType"], "Flag");
}

fn error(name: &str) -> String {
    match import(&fixture(name).1) {
        Ok(_) => panic!("{name} must be refused"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn malformed_value_names_entry_resource_and_field() {
    let e = error("malformed-value-type.json");
    assert!(e.contains("entry[1] Observation/na-1"), "{e}");
    assert!(e.contains("valueQuantity.value"), "{e}");
}

#[test]
fn missing_required_element_names_it() {
    let e = error("malformed-missing-subject.json");
    assert!(e.contains("entry[0] Condition/dx-7"), "{e}");
    assert!(e.contains("subject"), "{e}");
}

#[test]
fn resource_without_type_names_its_position_and_id() {
    let e = error("malformed-no-resource-type.json");
    assert!(
        e.contains("entry[1]") && e.contains("mystery-3") && e.contains("resourceType"),
        "{e}"
    );
}

#[test]
fn not_json_and_not_a_bundle_are_clear() {
    let e = import("{\"resourceType\": \"Bundle\", ").unwrap_err();
    assert!(matches!(e, ImportError::Json { line: 1, .. }), "{e}");
    let e = import(r#"{"resourceType": "Patient", "id": "p"}"#).unwrap_err();
    assert!(
        e.to_string().contains("not a FHIR Bundle") && e.to_string().contains("Patient"),
        "{e}"
    );
    let e = import(r#"{"resourceType": "Bundle", "type": 7}"#).unwrap_err();
    assert!(e.to_string().contains("Bundle.type"), "{e}");
}

#[test]
fn hand_written_fixtures_are_valid_r4_for_the_independent_validator() {
    let Some(python) = common::validator() else {
        return;
    };
    let files: Vec<PathBuf> = [
        "hospital-transaction.json",
        "lab-collection.json",
        "pharmacy-orders.json",
    ]
    .iter()
    .map(|n| fixture(n).0)
    .collect();
    common::validate(&python, &files).unwrap_or_else(|e| panic!("{e}"));
    // And the validator is not a rubber stamp: it refuses the malformed ones.
    for bad in [
        "malformed-value-type.json",
        "malformed-missing-subject.json",
        "hospital-extra-fields.json",
    ] {
        assert!(
            common::validate(&python, &[fixture(bad).0]).is_err(),
            "{bad} passed the validator"
        );
    }
}

#[test]
fn medication_requests_and_administrations_become_medication_facts() {
    let i = read("pharmacy-orders.json");
    let tac = fact(&i, "tacrolimus");
    assert_eq!(tac.kind, Kind::Medication);
    assert_eq!(tac.status.as_deref(), Some("order (active)"));
    assert_eq!(tac.time.date.as_deref(), Some("2024-06-03"));
    let d = tac.dosage.as_ref().expect("dosage");
    assert_eq!(
        (
            d.dose,
            d.unit.as_deref(),
            d.frequency.as_deref(),
            d.route.as_deref()
        ),
        (Some(2.0), Some("mg"), Some("BID"), Some("oral"))
    );
    let mp = fact(&i, "methylprednisolone");
    let d = mp.dosage.as_ref().expect("dosage");
    assert_eq!(
        (d.dose, d.unit.as_deref(), d.route.as_deref()),
        (Some(1.0), Some("g"), Some("Intravenous route"))
    );
    assert_eq!(mp.time.date.as_deref(), Some("2024-06-01T10:30:00+02:00"));
    assert!(i.unknown.is_empty());
}
