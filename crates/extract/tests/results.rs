//! Results as case reports list them: one result shared by a list of
//! tests, lung volumes in litres beside their percentage, and conditions
//! listed under a telegraphic "PMH" line.

mod common;

use casecourse_model::{Course, Kind, Value};
use common::{course, fact};

fn result<'c>(c: &'c Course, name: &str) -> Option<&'c str> {
    fact(c, name).result.as_deref()
}

#[test]
fn a_result_after_a_list_of_tests_belongs_to_every_test_in_it() {
    let c = course(
        "Anti-NXP2 antibodies were positive, and anti-MDA5, anti-TIF1-γ and anti-Mi-2 antibodies were negative.",
    );
    assert_eq!(result(&c, "anti-NXP2"), Some("positive"));
    for name in ["anti-MDA5", "anti-TIF1-gamma", "anti-Mi-2"] {
        assert_eq!(result(&c, name), Some("negative"), "{name}");
    }
}

#[test]
fn litres_and_percent_predicted_are_two_values() {
    let c = course("FVC was 2.02 L (61% predicted).");
    let value = |name: &str| {
        c.facts
            .iter()
            .find(|f| f.name == name)
            .and_then(|f| f.value.clone())
    };
    assert_eq!(
        value("forced vital capacity, absolute"),
        Some(Value::Number(2.02))
    );
    assert_eq!(
        value("forced vital capacity, percent predicted"),
        Some(Value::Number(61.0))
    );
}

#[test]
fn conditions_on_a_pmh_line_are_history() {
    let c = course("Hx:\nPMH - COPD, not on home O2. IHD. HTN.\nO/E: HR 90.");
    let copd = fact(&c, "chronic obstructive pulmonary disease");
    assert_eq!(copd.kind, Kind::History);
}

#[test]
fn results_written_with_bars_are_a_list_not_a_table() {
    let c = course("Bloods: Hb 152 g/L | WCC 16.4 | neut 14.2 | plt 298 | CRP 238 | creat 112.");
    for (name, v) in [
        ("hemoglobin", 152.0),
        ("white blood cell count", 16.4),
        ("neutrophil count", 14.2),
        ("platelet count", 298.0),
        ("C-reactive protein", 238.0),
        ("creatinine", 112.0),
    ] {
        let f = c.facts.iter().find(|f| f.name == name);
        assert_eq!(
            f.and_then(|f| f.value.clone()),
            Some(Value::Number(v)),
            "{name}"
        );
    }
}

#[test]
fn each_habit_takes_its_nearest_habit_word() {
    let c = course("She had never smoked, drank alcohol only occasionally and kept no birds.");
    let value = |name: &str| {
        c.facts
            .iter()
            .find(|f| f.name == name)
            .and_then(|f| f.value.clone())
    };
    assert_eq!(value("smoking"), Some(Value::Text("never".into())));
    assert_eq!(value("alcohol use"), Some(Value::Text("occasional".into())));
}

#[test]
fn a_relatives_condition_is_family_history_with_the_relative() {
    let c = course("Her father had had rheumatoid arthritis.");
    let f = fact(&c, "family history of rheumatoid arthritis");
    assert_eq!(f.kind, Kind::History);
    assert_eq!(f.value, Some(Value::Text("father".into())));
}
