//! Regimens as clinicians write them: two actions on one drug in a
//! sentence, a class of drugs as the subject, dose changes and prior
//! treatment, recommendations, schedules by cycles or spacing, shorthand
//! lengths and tapers (probe analysis 35p: M1-M3, M5, M7, M10-M12, M17).

mod common;

use casecourse_model::{Certainty, Dosage, DoseAction, Fact};
use common::{all, assert_no_fact, course, fact};

fn dosage(f: &Fact) -> Dosage {
    f.dosage.clone().unwrap_or_default()
}

fn actions(text: &str, drug: &str) -> Vec<Option<DoseAction>> {
    all(&course(text), drug)
        .iter()
        .map(|f| dosage(f).action)
        .collect()
}

#[test]
fn a_time_expression_is_no_frequency() {
    for (text, drug) in [
        (
            "She was admitted with sepsis. Tacrolimus was restarted a week later.",
            "tacrolimus",
        ),
        (
            "She was admitted with a flare. Rituximab was given a month later.",
            "rituximab",
        ),
        (
            "He was admitted with pneumonia. Amoxicillin was started a day later.",
            "amoxicillin",
        ),
    ] {
        let c = course(text);
        assert_eq!(dosage(fact(&c, drug)).frequency, None, "{text}");
    }
    // A frequency written as such stays.
    let c = course("Methotrexate 15 mg once a week was started.");
    assert_eq!(
        dosage(fact(&c, "methotrexate")).frequency.as_deref(),
        Some("QW")
    );
    let c = course("Prednisolone 40 mg a day was started.");
    assert_eq!(
        dosage(fact(&c, "prednisolone")).frequency.as_deref(),
        Some("QD")
    );
}

#[test]
fn a_class_of_drugs_as_the_subject_of_its_verb_is_a_drug() {
    for (text, name, action) in [
        (
            "Steroids were started.",
            "glucocorticoids",
            DoseAction::Start,
        ),
        (
            "Antibiotics were started for presumed pneumonia.",
            "antibiotics",
            DoseAction::Start,
        ),
        (
            "Statins were stopped because of myalgia.",
            "statins",
            DoseAction::Stop,
        ),
        (
            "IV antibiotics were given for five days.",
            "antibiotics",
            DoseAction::Start,
        ),
    ] {
        assert_eq!(actions(text, name), [Some(action)], "{text}");
    }
    // Not a verb of its own ("steroids" is a quality), nor a drug the
    // text names in full, nor a class told as known.
    for (text, name) in [
        ("Steroid-dependent disease was noted.", "glucocorticoids"),
        (
            "Prednisolone 40 mg was started. Steroids were tapered over 6 weeks.",
            "glucocorticoids",
        ),
        ("The steroids were stopped.", "glucocorticoids"),
        (
            "Antibiotic resistance was high in the region.",
            "antibiotics",
        ),
    ] {
        assert_no_fact(&course(text), name);
    }
}

#[test]
fn a_second_action_on_the_drug_is_a_fact_of_its_own() {
    let text = "She was admitted with acute kidney injury. Tacrolimus was withheld and \
                restarted at a lower dose a week later.";
    let c = course(text);
    let facts = all(&c, "tacrolimus");
    assert_eq!(facts.len(), 2, "{facts:#?}");
    assert_eq!(dosage(facts[0]).action, Some(DoseAction::Stop));
    assert_eq!(facts[0].time.day, Some(0.0));
    assert_eq!(dosage(facts[1]).action, Some(DoseAction::Start));
    assert_eq!(facts[1].time.day, Some(7.0));

    let text = "Tacrolimus was stopped and restarted a week later at 1 mg twice daily.";
    let c = course(text);
    let facts = all(&c, "tacrolimus");
    assert_eq!(facts.len(), 2, "{facts:#?}");
    let restart = dosage(facts[1]);
    assert_eq!(
        (restart.action, restart.dose, restart.frequency.as_deref()),
        (Some(DoseAction::Start), Some(1.0), Some("BID"))
    );

    for text in [
        "She was started on intravenous immunoglobulin, which was stopped after one dose.",
        "Mycophenolate mofetil was withheld for two weeks during the infection and then resumed.",
        "MMF was held on admission and reintroduced at discharge.",
    ] {
        let c = course(text);
        let name = c.facts[0].name.clone();
        let got: Vec<_> = all(&c, &name).iter().map(|f| dosage(f).action).collect();
        assert_eq!(got.len(), 2, "{text}: {got:?}");
        assert_ne!(got[0], got[1], "{text}");
    }
    // One action, or an "-ing" object of the stop: one fact.
    for (text, drug) in [
        ("Tacrolimus was started and continued.", "tacrolimus"),
        (
            "He was started on ramipril and stopped smoking.",
            "ramipril",
        ),
        (
            "Methotrexate was stopped and not restarted.",
            "methotrexate",
        ),
    ] {
        assert_eq!(all(&course(text), drug).len(), 1, "{text}");
    }
}

#[test]
fn dose_changes_and_prior_treatment_are_read_as_written() {
    for (text, drug, action) in [
        (
            "Bisoprolol was up-titrated to 5 mg.",
            "bisoprolol",
            DoseAction::Increase,
        ),
        (
            "The dose of tacrolimus was reduced.",
            "tacrolimus",
            DoseAction::Decrease,
        ),
        (
            "The dose of tacrolimus was halved.",
            "tacrolimus",
            DoseAction::Decrease,
        ),
        (
            "She remains in remission on maintenance azathioprine.",
            "azathioprine",
            DoseAction::Continue,
        ),
        (
            "Treatment was escalated to rituximab after failure of MMF.",
            "mycophenolate mofetil",
            DoseAction::Prior,
        ),
    ] {
        assert_eq!(actions(text, drug), [Some(action)], "{text}");
    }
    let text = "He had previously been treated with methotrexate, leflunomide and sulfasalazine.";
    for drug in ["methotrexate", "leflunomide", "sulfasalazine"] {
        assert_eq!(actions(text, drug), [Some(DoseAction::Prior)], "{drug}");
    }
    // "treated with" alone is still a start, "reduced" without "the dose
    // of" a decrease.
    assert_eq!(
        actions("Tacrolimus was reduced.", "tacrolimus"),
        [Some(DoseAction::Decrease)]
    );
    assert_eq!(
        actions("She was treated with methotrexate.", "methotrexate"),
        [Some(DoseAction::Start)]
    );
}

#[test]
fn a_step_down_to_another_drug_switches() {
    let text = "His oxygen improved and IV methylprednisolone was stepped down to oral \
                prednisolone 40 mg.";
    assert_eq!(
        actions(text, "methylprednisolone"),
        [Some(DoseAction::Stop)]
    );
    let c = course(text);
    let pred = dosage(fact(&c, "prednisolone"));
    assert_eq!(
        (pred.action, pred.dose, pred.route.as_deref()),
        (Some(DoseAction::Start), Some(40.0), Some("oral"))
    );
    // A step down of the same drug's dose is a decrease.
    assert_eq!(
        actions("Prednisolone was stepped down to 20 mg.", "prednisolone"),
        [Some(DoseAction::Decrease)]
    );
}

#[test]
fn a_recommended_drug_is_hypothetical() {
    for (text, drug) in [
        (
            "We recommend starting alendronate 70 mg weekly.",
            "alendronic acid",
        ),
        ("Her GP was asked to consider adding a statin.", "statins"),
        (
            "She may benefit from hydroxychloroquine.",
            "hydroxychloroquine",
        ),
    ] {
        let c = course(text);
        assert_eq!(fact(&c, drug).certainty, Certainty::Hypothetical, "{text}");
    }
    for (text, drug) in [
        (
            "She was started on alendronate 70 mg weekly.",
            "alendronic acid",
        ),
        (
            "Hydroxychloroquine was started as recommended by rheumatology.",
            "hydroxychloroquine",
        ),
    ] {
        let c = course(text);
        assert_eq!(fact(&c, drug).certainty, Certainty::Affirmed, "{text}");
    }
}

#[test]
fn schedules_told_by_cycles_spacing_or_divided_doses() {
    for (text, drug, code) in [
        (
            "She received six monthly cycles of intravenous cyclophosphamide at 750 mg/m2.",
            "cyclophosphamide",
            "QM",
        ),
        ("He was on weekly methotrexate.", "methotrexate", "QW"),
        (
            "Rituximab was given as two doses of 1 g two weeks apart.",
            "rituximab",
            "Q2W",
        ),
        (
            "Ciclosporin 3 mg/kg/day in two divided doses.",
            "cyclosporine",
            "BID",
        ),
    ] {
        let c = course(text);
        assert_eq!(
            dosage(fact(&c, drug)).frequency.as_deref(),
            Some(code),
            "{text}"
        );
    }
    // A daily total alone stays daily; a frequency of another drug is not
    // this one's.
    let c = course("Prednisolone 40 mg/day was started.");
    assert_eq!(
        dosage(fact(&c, "prednisolone")).frequency.as_deref(),
        Some("QD")
    );
    let c = course("He received a single dose of rituximab.");
    assert_eq!(
        dosage(fact(&c, "rituximab")).frequency.as_deref(),
        Some("ONCE")
    );
}

#[test]
fn lengths_in_shorthand_or_before_the_drug() {
    for (text, drug, days) in [
        ("Amoxicillin 500mg tds for 7/7.", "amoxicillin", 7.0),
        ("Doxycycline 100 mg bd for 2/52.", "doxycycline", 14.0),
        (
            "She was given methylprednisolone 1000 mg/d x3d.",
            "methylprednisolone",
            3.0,
        ),
        (
            "He was admitted with endocarditis. He completed 6 weeks of IV ceftriaxone.",
            "ceftriaxone",
            42.0,
        ),
        (
            "She was given a 10-day course of amoxicillin.",
            "amoxicillin",
            10.0,
        ),
    ] {
        let c = course(text);
        assert_eq!(dosage(fact(&c, drug)).duration_days, Some(days), "{text}");
    }
    // A date, or a count that is no length.
    for (text, drug) in [
        (
            "Amoxicillin 500 mg tds was started on 7/7/2021.",
            "amoxicillin",
        ),
        ("He was given two doses of ceftriaxone.", "ceftriaxone"),
    ] {
        let c = course(text);
        assert_eq!(dosage(fact(&c, drug)).duration_days, None, "{text}");
    }
}

#[test]
fn a_taper_by_steps_gives_the_dose_it_reaches() {
    let c = course("Prednisolone was tapered by 5 mg every two weeks to 10 mg daily.");
    let d = dosage(fact(&c, "prednisolone"));
    assert_eq!(
        (d.action, d.dose, d.frequency.as_deref()),
        (Some(DoseAction::Taper), Some(10.0), Some("QD"))
    );
    let c = course(
        "Prednisolone 60 mg daily was started, weaning by 10 mg per week to 30 mg, then by \
         5 mg per fortnight.",
    );
    let facts = all(&c, "prednisolone");
    assert!(
        facts
            .iter()
            .any(|f| dosage(f).action == Some(DoseAction::Taper) && dosage(f).dose == Some(30.0)),
        "{facts:#?}"
    );
    // "Reduced to" keeps its own dose.
    let c = course("Prednisolone was reduced to 10 mg daily.");
    assert_eq!(dosage(fact(&c, "prednisolone")).dose, Some(10.0));
}

#[test]
fn how_strong_a_regimen_is_and_subcutaneous_shorthand() {
    for (text, drug, words) in [
        ("She takes low-dose aspirin.", "aspirin", "low-dose"),
        (
            "Ivermectin was given empirically before starting high-dose steroids.",
            "glucocorticoids",
            "high-dose",
        ),
    ] {
        let c = course(text);
        assert_eq!(
            dosage(fact(&c, drug)).dose_text.as_deref(),
            Some(words),
            "{text}"
        );
    }
    let c = course("Aspirin 75 mg daily was started.");
    assert_eq!(dosage(fact(&c, "aspirin")).dose_text, None);
    let c = course("Adalimumab 40 mg s/c every other week.");
    assert_eq!(
        dosage(fact(&c, "adalimumab")).route.as_deref(),
        Some("subcutaneous")
    );
}
