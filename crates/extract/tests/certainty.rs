//! How sure the text is of a diagnosis: a possibility not ruled out, a
//! differential list, a suspicion later excluded or replaced.

mod common;

use casecourse_model::{Certainty, Course};
use common::{course, fact};

/// (negated, certainty) of the first fact named `name`.
fn verdict(c: &Course, name: &str) -> (bool, Certainty) {
    let f = fact(c, name);
    (f.negated, f.certainty)
}

#[test]
fn a_possibility_not_ruled_out_is_possible_not_negated() {
    for text in [
        "We could not rule out pulmonary embolism.",
        "Pulmonary embolism could not be ruled out.",
        "We were unable to exclude pulmonary embolism.",
        "The team could not exclude pulmonary embolism.",
        "We cannot rule out pulmonary embolism.",
    ] {
        let c = course(text);
        assert_eq!(
            verdict(&c, "pulmonary embolism"),
            (false, Certainty::Possible),
            "{text}"
        );
    }
    // Ruled out is ruled out.
    let c = course("Pulmonary embolism was ruled out by CT pulmonary angiography.");
    assert!(fact(&c, "pulmonary embolism").negated);
}

#[test]
fn a_differential_list_is_possible() {
    let c = course("DDx: myocarditis vs. acute coronary syndrome.");
    assert_eq!(verdict(&c, "myocarditis"), (false, Certainty::Possible));
    assert_eq!(
        verdict(&c, "acute coronary syndrome"),
        (false, Certainty::Possible)
    );
    let c = course("Differential diagnosis: sarcoidosis, tuberculosis.");
    assert_eq!(verdict(&c, "sarcoidosis"), (false, Certainty::Possible));
    // A diagnosis made is affirmed.
    let c = course("She was diagnosed with sarcoidosis.");
    assert_eq!(verdict(&c, "sarcoidosis"), (false, Certainty::Affirmed));
}

#[test]
fn considered_but_excluded_is_excluded() {
    let c = course("She was diagnosed with sarcoidosis; tuberculosis was considered but excluded.");
    assert_eq!(verdict(&c, "sarcoidosis"), (false, Certainty::Affirmed));
    let (negated, certainty) = verdict(&c, "tuberculosis");
    assert!(negated);
    assert_ne!(certainty, Certainty::Possible);
    let c = course("Sepsis was suspected but later ruled out.");
    assert!(fact(&c, "sepsis").negated);
    // Considered, and nothing decided: possible.
    let c = course("Tuberculosis was considered, but she improved on antibiotics.");
    assert_eq!(verdict(&c, "tuberculosis"), (false, Certainty::Possible));
}

#[test]
fn a_first_suspicion_replaced_by_the_final_diagnosis() {
    let c = course(
        "Sepsis was initially suspected, but the final diagnosis was adult-onset Still's disease.",
    );
    assert_eq!(verdict(&c, "sepsis"), (false, Certainty::Possible));
    assert_eq!(
        verdict(&c, "adult-onset Still disease"),
        (false, Certainty::Affirmed)
    );
}

#[test]
fn the_test_that_excluded_a_diagnosis_was_done() {
    let c = course("Tuberculosis was considered but excluded by bronchoalveolar lavage.");
    assert!(fact(&c, "tuberculosis").negated);
    assert!(!fact(&c, "bronchoalveolar lavage").negated);
    let c = course("Sarcoidosis was ruled out by biopsy.");
    assert!(fact(&c, "sarcoidosis").negated);
    // A test denied is still denied.
    let c = course("No bronchoalveolar lavage was performed.");
    assert!(fact(&c, "bronchoalveolar lavage").negated);
}
