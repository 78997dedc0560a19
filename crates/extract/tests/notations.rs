//! How notes write presence, the illness's course and care events:
//! "Chest pain: absent", "Fever (-)", "no personal or family history of",
//! "Her condition deteriorated", "presented to A&E", "admitted for the
//! third time" (probe analysis 35p: M13-M15).

mod common;

use casecourse_model::{Experiencer, Kind};
use common::{all, assert_no_fact, course, fact};

#[test]
fn a_note_s_mark_after_a_term_says_whether_it_is_there() {
    for (text, name, negated) in [
        ("Chest pain: absent.", "chest pain", true),
        ("Fever (-), cough (+).", "fever", true),
        ("Fever (-), cough (+).", "cough", false),
        ("Oedema: nil. Rash: none.", "rash", true),
        ("Calf tenderness absent.", "calf tenderness", true),
        ("Headache: yes.", "headache", false),
    ] {
        let c = course(text);
        assert_eq!(fact(&c, name).negated, negated, "{text}: {name}");
    }
    // An answer that goes on describes the complaint.
    let c = course("Chest pain: no radiation, worse on inspiration.");
    assert!(!fact(&c, "chest pain").negated);
    // An antibody's "(-)" is its result, read as before.
    let c = course("He was admitted with weakness. Anti-Jo-1 antibody (-).");
    let jo1 = c.facts.iter().find(|f| f.name.contains("Jo-1")).unwrap();
    assert_ne!(jo1.kind, Kind::Symptom);
}

#[test]
fn a_personal_or_family_history_denies_both() {
    let c = course("No personal or family history of venous thromboembolism.");
    let own = fact(&c, "venous thromboembolism");
    assert!(own.negated);
    assert_eq!(own.experiencer, Experiencer::Patient);
    assert!(fact(&c, "family history of venous thromboembolism").negated);
    // A family history alone is the family's only.
    let c = course("No family history of venous thromboembolism.");
    assert_no_fact(&c, "venous thromboembolism");
}

#[test]
fn the_illness_as_a_whole_may_be_what_changed() {
    for (text, name) in [
        (
            "Her condition deteriorated and she required ICU admission.",
            "condition deteriorated",
        ),
        (
            "He was admitted with fibrotic ILD. His disease was stable at 6 months.",
            "disease stable",
        ),
        (
            "Symptoms resolved completely within a week.",
            "symptoms resolved completely",
        ),
        (
            "She improved clinically and was discharged on day 9.",
            "improved clinically",
        ),
    ] {
        let c = course(text);
        assert_eq!(fact(&c, name).kind, Kind::Status, "{text}");
    }
    // The patient improving, without a word of the bedside, says nothing a
    // course keeps; a condition that is not changing has no status.
    for text in [
        "She improved and was discharged on day 9.",
        "Her condition was discussed with the family.",
        "Treatment improved her quality of life.",
    ] {
        let c = course(text);
        assert!(
            !c.facts.iter().any(|f| f.kind == Kind::Status),
            "{text}: {:?}",
            c.facts
        );
    }
    // A sentence that tells the disease's state names it so.
    let c =
        course("The patient's condition was well controlled, with no recurrence of the disease.");
    assert_no_fact(&c, "condition well controlled");
    assert_eq!(fact(&c, "no recurrence").kind, Kind::Status);
}

#[test]
fn care_events_as_notes_write_them() {
    let c = course("He presented to A&E with chest pain.");
    assert_eq!(fact(&c, "admission").kind, Kind::Event);
    let c = course("The patient was admitted to hospital for the third time in March.");
    assert_eq!(fact(&c, "readmission").kind, Kind::Event);
    assert_no_fact(&c, "admission");
    let c = course("She was admitted for a week of fever, her second in a year.");
    assert_no_fact(&c, "readmission");
    let c = course("He was lost to follow-up.");
    assert_eq!(fact(&c, "lost to follow-up").kind, Kind::Status);
    let c = course("He was transferred to a tertiary centre for ECMO.");
    assert_eq!(fact(&c, "transfer").kind, Kind::Event);
    assert_no_fact(&c, "clinic visit");
    // Referred to a clinic is still a visit.
    let c = course("She was referred to our rheumatology clinic.");
    assert!(!all(&c, "clinic visit").is_empty());
}
