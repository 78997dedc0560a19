//! Times told against something other than a date or the index: a drug
//! named alone, "last week", "over the following fortnight", how long a condition has
//! lasted, a time before the only admission told, and cycles of a regimen.

mod common;

use casecourse_model::{Course, Kind, Relation};
use common::course;

/// The first fact named `name` of `kind`.
fn the<'c>(c: &'c Course, kind: Kind, name: &str) -> &'c casecourse_model::Fact {
    c.facts
        .iter()
        .find(|f| f.kind == kind && f.name == name)
        .unwrap_or_else(|| panic!("no {kind:?} {name:?} in {:#?}", c.facts))
}

/// The day of the first fact named `name` of `kind`.
fn day(c: &Course, kind: Kind, name: &str) -> Option<f64> {
    the(c, kind, name).time.anchor_day()
}

#[test]
fn weeks_after_a_drug_named_alone_count_from_where_it_was_told() {
    let c = course(
        "She was admitted with a flare. Rituximab was given on day 5. \
         Eight weeks after rituximab, she relapsed.",
    );
    // (The "flare" of the admission is a relapse at day 0.)
    assert!(
        c.facts
            .iter()
            .any(|f| f.name == "relapse" && f.time.anchor_day() == Some(60.0)),
        "{:#?}",
        c.facts
    );
    let c = course(
        "He was admitted with vasculitis. On day 3 cyclophosphamide was infused. \
         Two weeks after cyclophosphamide his neutrophils were 0.4 x10^9/L.",
    );
    assert_eq!(day(&c, Kind::Lab, "neutrophil count"), Some(16.0));
}

#[test]
fn a_drug_not_told_nearby_gives_a_time_after_it_no_day() {
    // Neither the sentence before nor any start tells when it was given.
    let c = course(
        "She was admitted with nephritis. Her creatinine was 180 umol/L. \
         Three weeks after rituximab, the proteinuria had improved.",
    );
    let t = day(&c, Kind::Event, "admission");
    assert_eq!(t, Some(0.0));
    assert!(
        !c.facts.iter().any(|f| f.time.anchor_day() == Some(21.0)),
        "{:#?}",
        c.facts
    );
}

#[test]
fn last_week_is_a_week_before_the_visit() {
    let c = course(
        "Thank you for seeing this man in clinic today. Last week his prednisolone was reduced to 10 mg.",
    );
    assert_eq!(day(&c, Kind::Medication, "prednisolone"), Some(-7.0));
    // "over the last week" is how long, not when.
    let c = course(
        "Thank you for seeing this man in clinic today. Over the last week his cough has worsened.",
    );
    assert_ne!(day(&c, Kind::Symptom, "cough"), Some(-7.0));
}

#[test]
fn over_the_following_fortnight_is_two_weeks_on() {
    let c = course(
        "She was admitted with a drug rash. Over the following fortnight the rash resolved.",
    );
    assert_eq!(day(&c, Kind::Status, "rash resolved"), Some(14.0));
}

#[test]
fn years_of_a_condition_date_its_onset() {
    let c = course("He had a 20-year history of hypertension.");
    let f = the(&c, Kind::History, "hypertension");
    assert_eq!(f.time.relation, Relation::Onset);
    let d = f.time.day.expect("an onset day");
    assert!(
        (d + 20.0 * 365.25).abs() < 2.0,
        "twenty years before, got {d}"
    );
    // A plain history has no onset.
    let c = course("He had a history of hypertension.");
    assert_ne!(
        the(&c, Kind::History, "hypertension").time.relation,
        Relation::Onset
    );
}

#[test]
fn a_time_before_the_only_admission_told_dates_its_sentence() {
    let c = course("Three days before admission she developed a fever.");
    assert_eq!(day(&c, Kind::Symptom, "fever"), Some(-3.0));
    // Told again later, the admission is where day 0 is, as before.
    let c = course(
        "Three days before admission she developed a fever. She was admitted with pneumonia.",
    );
    assert_eq!(day(&c, Kind::Event, "admission"), Some(0.0));
    assert_eq!(day(&c, Kind::Symptom, "fever"), Some(-3.0));
}

#[test]
fn after_cycles_of_a_regimen_is_after_the_last_of_them() {
    let c = course(
        "She was admitted with lupus nephritis and started on monthly cyclophosphamide. \
         After three cycles, she achieved partial remission.",
    );
    let d = day(&c, Kind::Status, "remission").expect("a day");
    assert!((d - 60.9).abs() < 1.0, "two months on, got {d}");
    // A daily drug has no cycles to count.
    let c = course(
        "She was admitted with lupus nephritis and started on prednisolone 40 mg daily. \
         After three cycles, she achieved partial remission.",
    );
    assert_eq!(day(&c, Kind::Status, "remission"), Some(0.0));
}
