//! Antibody and culture results in the notations of laboratory reports
//! and clinic letters: plus grades and dashes, levels told as a change,
//! reference brackets, isotypes, panel lists, and the words of a culture
//! that grew nothing.

mod common;

use casecourse_model::{Course, Value};
use common::{all, assert_no_fact, course, fact};

fn result<'c>(c: &'c Course, name: &str) -> Option<&'c str> {
    fact(c, name).result.as_deref()
}

fn values(c: &Course, name: &str) -> Vec<f64> {
    all(c, name)
        .iter()
        .filter_map(|f| match f.value {
            Some(Value::Number(v)) => Some(v),
            _ => None,
        })
        .collect()
}

#[test]
fn plus_grades_are_positive_and_say_how_strongly() {
    let c = course("Line blot: MDA5 ++, Ro52 +++, PL-7 +.");
    assert_eq!(result(&c, "anti-MDA5"), Some("positive"));
    assert_eq!(fact(&c, "anti-MDA5").strength.as_deref(), Some("moderate"));
    assert_eq!(fact(&c, "anti-Ro52").strength.as_deref(), Some("strong"));
    assert_eq!(result(&c, "anti-PL-7"), Some("positive"));
    let c = course("EUROLINE myositis profile: Mi-2alpha positive (3+), others negative.");
    assert_eq!(result(&c, "anti-Mi-2"), Some("positive"));
    assert_eq!(fact(&c, "anti-Mi-2").strength.as_deref(), Some("strong"));
    let c = course("Anti-Jo-1 (2+) on the immunoblot.");
    assert_eq!(fact(&c, "anti-Jo-1").strength.as_deref(), Some("moderate"));
    // A plus that goes on into a word is no grade.
    let c = course("Anti-Jo-1 +ve on two occasions.");
    assert_ne!(fact(&c, "anti-Jo-1").strength.as_deref(), Some("moderate"));
}

#[test]
fn a_lone_dash_after_a_target_is_negative_but_a_hyphen_is_a_name() {
    let c = course("ENA: Ro -, La -, Sm -, RNP -, Scl-70 -, Jo-1 -.");
    for name in [
        "anti-Ro60",
        "anti-La",
        "anti-Sm",
        "anti-U1-RNP",
        "anti-Scl-70",
        "anti-Jo-1",
    ] {
        assert_eq!(result(&c, name), Some("negative"), "{name}");
    }
    // "Ro-52" and "Jo-1" are names; a dash that a word follows is no sign.
    let c = course("Anti-Ro-52 - a marker of overlap - was positive.");
    assert_eq!(result(&c, "anti-Ro52"), Some("positive"));
}

#[test]
fn short_targets_are_read_only_in_a_panels_list() {
    let c = course("The ENA was positive for Ro and La.");
    assert_eq!(result(&c, "anti-Ro60"), Some("positive"));
    assert_eq!(result(&c, "anti-La"), Some("positive"));
    // The positive panel that names its members is no result of its own.
    assert_no_fact(&c, "extractable nuclear antigen antibodies");
    // Outside a panel's list "La" and "Ro" are other words.
    let c = course("She moved to La Paz in 2019 and Ro was her sister's name; ANA was negative.");
    assert_no_fact(&c, "anti-La");
    assert_no_fact(&c, "anti-Ro60");
}

#[test]
fn bare_dsdna_and_ccp_are_their_antibodies() {
    let c = course("ANA was negative, as was dsDNA.");
    assert_eq!(result(&c, "anti-dsDNA"), Some("negative"));
    let c = course("RF latex negative, CCP <7 U/mL.");
    assert_eq!(values(&c, "anti-CCP"), [7.0]);
    assert!(fact(&c, "rheumatoid factor").value.is_none());
}

#[test]
fn an_antibody_level_told_as_a_change_is_two_levels() {
    let c = course("Her anti-MDA5 titre fell from 2,500 to 150 U/mL after plasma exchange.");
    assert_eq!(values(&c, "anti-MDA5"), [2500.0, 150.0]);
    assert!(
        all(&c, "anti-MDA5")
            .iter()
            .all(|f| f.unit.as_deref() == Some("U/mL"))
    );
    // A level alone stays one.
    let c = course("Anti-MDA5 was 2,500 U/mL, and ferritin 1,800 ug/L.");
    assert_eq!(values(&c, "anti-MDA5"), [2500.0]);
}

#[test]
fn a_result_word_that_labels_a_printed_reference_is_not_the_result() {
    let c = course("MPO-ANCA 68 IU/mL (negative <3.5); PR3-ANCA negative.");
    let mpo = fact(&c, "MPO-ANCA");
    assert_eq!(mpo.result.as_deref(), Some("positive"));
    assert_eq!(mpo.value, Some(Value::Number(68.0)));
    assert_eq!(result(&c, "PR3-ANCA"), Some("negative"));
    let c = course("Anti-GBM 2 U/mL (negative <7).");
    assert_eq!(result(&c, "anti-GBM"), Some("negative"));
    // A bracket without a bound or number says the result.
    let c = course("Anti-Ro52 (negative) and anti-Jo-1 (positive).");
    assert_eq!(result(&c, "anti-Ro52"), Some("negative"));
    assert_eq!(result(&c, "anti-Jo-1"), Some("positive"));
}

#[test]
fn an_isotype_after_an_antibodys_name_is_part_of_it() {
    let c = course(
        "Lupus anticoagulant was detected; anticardiolipin IgG 45 GPL and anti-beta2-glycoprotein I IgG 38 U/mL.",
    );
    assert_eq!(values(&c, "anticardiolipin antibodies"), [45.0]);
    assert_eq!(values(&c, "anti-beta2-glycoprotein I"), [38.0]);
    assert_no_fact(&c, "immunoglobulin G");
    let c = course("Anti-PLA2R antibody 148 RU/mL.");
    assert_eq!(fact(&c, "anti-PLA2R").unit.as_deref(), Some("{RU}/mL"));
}

#[test]
fn a_culture_that_grew_nothing_of_note_is_negative() {
    for text in [
        "The sputum culture showed no significant growth.",
        "Sputum culture: normal respiratory flora only.",
        "Sputum culture grew no pathogens.",
    ] {
        let c = course(text);
        assert_eq!(
            result(&c, "sputum bacterial culture"),
            Some("negative"),
            "{text}"
        );
    }
    let c = course("MSU: mixed growth, likely contamination.");
    assert_eq!(result(&c, "urine culture"), Some("mixed growth"));
}

#[test]
fn a_fluid_called_sterile_is_its_negative_culture() {
    let c = course("Pleural fluid was sterile.");
    assert_eq!(result(&c, "pleural fluid culture"), Some("negative"));
    // A test named in the clause keeps its own result; a sterile
    // procedure is no culture.
    let c = course("CSF culture remained sterile.");
    assert_eq!(result(&c, "CSF culture"), Some("negative"));
    assert_eq!(all(&c, "CSF culture").len(), 1);
    let c = course("A sterile dressing was applied to the wound.");
    assert!(c.facts.iter().all(|f| !f.name.ends_with("culture")));
}

#[test]
fn smears_for_acid_fast_bacilli_are_the_afb_smear() {
    let c = course("Sputum smears were negative for acid-fast bacilli x3.");
    let smear = c
        .facts
        .iter()
        .find(|f| f.name.contains("acid-fast bacilli smear"))
        .unwrap_or_else(|| panic!("{:#?}", c.facts));
    assert_eq!(smear.result.as_deref(), Some("negative"));
    let c = course("Three sputum smears for acid-fast bacilli were negative.");
    assert!(
        c.facts
            .iter()
            .any(|f| f.name.contains("acid-fast bacilli smear")
                && f.result.as_deref() == Some("negative"))
    );
}

#[test]
fn a_cultures_incubation_time_is_no_time_of_the_course() {
    let c = course(
        "She was admitted with fever. Blood cultures showed no growth after 5 days. \
         Mycobacterial culture remained negative at 6 weeks.",
    );
    for name in ["blood culture", "mycobacterial culture"] {
        let f = fact(&c, name);
        assert_eq!(f.time.day, Some(0.0), "{name}: {:?}", f.time);
    }
    // A course time after a result stays one.
    let c = course("She was admitted with fever. Blood cultures were positive on day 5.");
    assert_eq!(fact(&c, "blood culture").time.day, Some(4.0));
}

#[test]
fn a_printed_cut_off_for_a_positive_result_says_which_side_the_value_is() {
    let c = course("Serum (1→3)-β-D-glucan was 486 pg/mL (positive ≥ 80).");
    assert_eq!(result(&c, "beta-D-glucan"), Some("positive"));
    let c = course("The serum galactomannan index was 0.3 (positive ≥0.5).");
    assert_eq!(result(&c, "galactomannan"), Some("negative"));
    // A cut-off printed with no value before it says nothing.
    let c = course("Galactomannan (positive ≥0.5) was sent.");
    assert!(all(&c, "galactomannan").iter().all(|f| f.result.is_none()));
}

#[test]
fn a_positive_smear_does_not_take_the_organism_another_test_found() {
    let c = course(
        "Sputum smear was positive for acid-fast bacilli (2+), and a rapid molecular test detected Mycobacterium tuberculosis.",
    );
    let smear = c
        .facts
        .iter()
        .find(|f| f.name.contains("acid-fast bacilli smear"))
        .unwrap_or_else(|| panic!("{:#?}", c.facts));
    assert_eq!(smear.result.as_deref(), Some("positive"));
    assert_eq!(smear.strength.as_deref(), Some("moderate"));
    // A culture's organism in its own clause is still its result.
    let c = course("Sputum culture was positive and grew Streptococcus pneumoniae.");
    assert_eq!(
        result(&c, "sputum bacterial culture"),
        Some("Streptococcus pneumoniae")
    );
}
