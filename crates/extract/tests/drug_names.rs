//! Drugs named by what stands for them: a regimen's acronym for its
//! drugs, a short form that opens with its route, a vitamin named with a
//! dose (probe analysis 35p: M17).

mod common;

use casecourse_model::Kind;
use common::{assert_no_fact, course, fact};

#[test]
fn a_regimen_acronym_is_its_drugs() {
    let c = course("A 60-year-old man with lymphoma was treated with six cycles of R-CHOP.");
    for drug in [
        "rituximab",
        "cyclophosphamide",
        "doxorubicin",
        "vincristine",
        "prednisone",
    ] {
        let f = fact(&c, drug);
        assert_eq!(f.kind, Kind::Medication);
        assert_eq!(f.note.as_deref(), Some("R-CHOP"), "{drug}");
    }
    assert_no_fact(&c, "R-CHOP");
    // Drugs named in full keep their own facts, once.
    let c = course(
        "Adjuvant chemotherapy with capecitabine and oxaliplatin (CAPOX) was given for four \
         cycles.",
    );
    assert_eq!(
        c.facts.iter().filter(|f| f.name == "capecitabine").count(),
        1
    );
    assert_no_fact(&c, "CAPOX");
    let c = course("A 70-year-old woman with lymphoma received six cycles of CHOP.");
    assert_eq!(fact(&c, "doxorubicin").note.as_deref(), Some("CHOP"));
    // "chop" as a word is no regimen.
    let c = course("She could not chop vegetables because of hand pain.");
    assert_no_fact(&c, "cyclophosphamide");
}

#[test]
fn a_short_form_opening_with_a_route_states_it() {
    for (text, drug, route) in [
        (
            "IVCY 500 mg/body was started.",
            "cyclophosphamide",
            "intravenous",
        ),
        (
            "IVMP 1 g was given for three days.",
            "methylprednisolone",
            "intravenous",
        ),
        (
            "SCIG was started weekly.",
            "subcutaneous immunoglobulin",
            "subcutaneous",
        ),
    ] {
        let c = course(text);
        let d = fact(&c, drug).dosage.clone().unwrap_or_default();
        assert_eq!(d.route.as_deref(), Some(route), "{text}");
    }
    // Oral cyclophosphamide named in full keeps its route.
    let c = course("Cyclophosphamide 100 mg orally daily was started.");
    let d = fact(&c, "cyclophosphamide")
        .dosage
        .clone()
        .unwrap_or_default();
    assert_eq!(d.route.as_deref(), Some("oral"));
}

#[test]
fn a_vitamin_with_a_dose_is_the_drug() {
    let c = course("Vitamin D 800 IU daily.");
    let f = fact(&c, "cholecalciferol");
    let d = f.dosage.clone().unwrap_or_default();
    assert_eq!((d.dose, d.frequency.as_deref()), (Some(800.0), Some("QD")));
    // A level is a level.
    let c = course("Her vitamin D was 32 nmol/L.");
    assert_no_fact(&c, "cholecalciferol");
    assert_eq!(fact(&c, "25-hydroxyvitamin D").kind, Kind::Lab);
}

#[test]
fn omni_nocte_after_a_dose_is_once_daily() {
    let text = "Her regular medications include amlodipine 5 mg od, atorvastatin 20 mg on and \
                omeprazole 20 mg od.";
    let c = course(text);
    let d = fact(&c, "atorvastatin").dosage.clone().unwrap_or_default();
    assert_eq!(d.frequency.as_deref(), Some("QD"));
    // "on" opening a time or a schedule is no frequency of its own.
    for text in [
        "Prednisolone 20 mg on alternate days was started.",
        "Methotrexate 15 mg on Mondays was continued.",
    ] {
        let c = course(text);
        let f = c.facts.iter().find(|f| f.kind == Kind::Medication).unwrap();
        let d = f.dosage.clone().unwrap_or_default();
        assert_ne!(d.frequency.as_deref(), Some("QD"), "{text}");
    }
}

#[test]
fn a_class_named_as_the_treatment_given_was_given() {
    let c = course(
        "She was admitted with dermatomyositis. After the treatment of glucocorticoid combined \
         with cyclosporine A, the symptoms improved.",
    );
    assert_eq!(fact(&c, "glucocorticoids").kind, Kind::Medication);
    for text in [
        "She was admitted with dermatomyositis. Before treatment with steroids, tuberculosis \
         was excluded.",
        "She was admitted with dermatomyositis. She had improved without treatment with \
         steroids.",
    ] {
        assert_no_fact(&course(text), "glucocorticoids");
    }
}
