//! Values in the shorthand of notes and letters: a compact series after
//! one name ("ferritin 1,200 / 3,450 / 8,900"), a multiple of the upper
//! limit of normal ("ALT 5x ULN"), a thousands suffix ("CK >10k"), and the
//! six-minute walk told in words.

mod common;

use casecourse_model::{Comparator, Course, Flag, Value};
use common::{all, assert_no_fact, course, fact};

/// The values and units of every fact named `name`, in order.
fn values(c: &Course, name: &str) -> Vec<(f64, Option<String>)> {
    all(c, name)
        .iter()
        .filter_map(|f| match f.value {
            Some(Value::Number(v)) => Some((v, f.unit.clone())),
            _ => None,
        })
        .collect()
}

fn with_unit(vs: &[f64], unit: &str) -> Vec<(f64, Option<String>)> {
    vs.iter().map(|&v| (v, Some(unit.to_string()))).collect()
}

#[test]
fn values_split_by_slashes_after_one_name_are_a_series() {
    let c = course("Serial ferritin (ng/mL): 1,200 / 3,450 / 8,900.");
    assert_eq!(
        values(&c, "ferritin"),
        with_unit(&[1200.0, 3450.0, 8900.0], "ng/mL")
    );
    let c = course("Hb 9.8 / 8.7 / 10.2 g/dL during the admission.");
    assert_eq!(
        values(&c, "hemoglobin"),
        with_unit(&[9.8, 8.7, 10.2], "g/dL")
    );
    // Names joined by slashes keep their values in order, one each.
    let c = course("BUN/creatinine 16.6/0.7 mg/dL.");
    assert_eq!(
        values(&c, "blood urea nitrogen"),
        with_unit(&[16.6], "mg/dL")
    );
    assert_eq!(values(&c, "creatinine"), with_unit(&[0.7], "mg/dL"));
    // A slash between two tests' values gives each its own.
    let c = course("Hb 9.8 g/dL / WBC 12.1 x 10^9/L.");
    assert_eq!(values(&c, "hemoglobin"), with_unit(&[9.8], "g/dL"));
    assert_eq!(
        values(&c, "white blood cell count"),
        with_unit(&[12.1], "10*9/L")
    );
}

#[test]
fn a_multiple_of_the_upper_limit_of_normal_is_a_value_flagged_by_it() {
    let c = course("ALT was 8 times the upper limit of normal.");
    let alt = fact(&c, "alanine aminotransferase");
    assert_eq!(alt.value, Some(Value::Number(8.0)));
    assert_eq!(alt.unit.as_deref(), Some("{ULN}"));
    assert_eq!(alt.flag, Some(Flag::High));
    let c = course("Transaminases were elevated (AST 3x ULN, ALT 5x ULN).");
    assert_eq!(
        values(&c, "aspartate aminotransferase"),
        with_unit(&[3.0], "{ULN}")
    );
    assert_eq!(
        values(&c, "alanine aminotransferase"),
        with_unit(&[5.0], "{ULN}")
    );
    let c = course("CK was 0.8 x ULN at the last visit.");
    assert_eq!(fact(&c, "creatine kinase").flag, Some(Flag::Normal));
    // A rise counted from the patient's own value is no multiple of the
    // upper limit, nor is a count of doses.
    let c = course("Troponin showed a 3-fold rise and prednisolone was given 3x daily.");
    assert!(c.facts.iter().all(|f| f.unit.as_deref() != Some("{ULN}")));
}

#[test]
fn a_thousands_suffix_multiplies_the_number() {
    let c = course("CK >10k on arrival.");
    let ck = fact(&c, "creatine kinase");
    assert_eq!(ck.value, Some(Value::Number(10000.0)));
    assert_eq!(ck.comparator, Some(Comparator::Gt));
    let c = course("WBC 12K, platelets 450k.");
    assert_eq!(
        fact(&c, "white blood cell count").value,
        Some(Value::Number(12000.0))
    );
    assert_eq!(
        fact(&c, "platelet count").value,
        Some(Value::Number(450000.0))
    );
    // A unit or a name glued to the number is no suffix.
    let c = course("Weight 10kg. A BRAF V600K mutation was found.");
    assert_eq!(values(&c, "body weight"), with_unit(&[10.0], "kg"));
    assert!(
        c.facts
            .iter()
            .all(|f| f.value != Some(Value::Number(600000.0)))
    );
}

#[test]
fn a_six_minute_walk_told_in_words_gives_its_distance_and_nadir() {
    let c = course("She walked 280 m in the 6-minute walk test, desaturating from 95% to 84%.");
    assert_eq!(
        values(&c, "six-minute walk distance"),
        with_unit(&[280.0], "m")
    );
    assert_eq!(
        values(&c, "nadir oxygen saturation"),
        with_unit(&[84.0], "%")
    );
    let c = course("On a six-minute walk test he covered 320 metres and desaturated to 89%.");
    assert_eq!(
        values(&c, "six-minute walk distance"),
        with_unit(&[320.0], "m")
    );
    assert_eq!(
        values(&c, "nadir oxygen saturation"),
        with_unit(&[89.0], "%")
    );
    // Without the test, a walk or a desaturation is no reading of it.
    let c = course("He walked 50 m before stopping. She desaturated to 85% on exertion.");
    assert_no_fact(&c, "six-minute walk distance");
    assert_no_fact(&c, "nadir oxygen saturation");
}

#[test]
fn ratios_written_with_a_colon_or_a_hyphen_are_named() {
    let c = course("Her P:F ratio fell to 95 on day 4.");
    assert_eq!(fact(&c, "PaO2/FiO2 ratio").value, Some(Value::Number(95.0)));
    let c =
        course("Urinary albumin-creatinine ratio 45 mg/mmol; albumin:creatinine ratio 30 mg/mmol.");
    assert_eq!(
        values(&c, "urine albumin-to-creatinine ratio"),
        with_unit(&[45.0, 30.0], "mg/mmol")
    );
}
