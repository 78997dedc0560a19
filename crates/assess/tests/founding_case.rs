//! The founding case (anti-MDA5 CADM with RP-ILD, switched to MMF), built
//! from its gold list: the results a clinician would compute by hand.

mod common;

use casecourse_assess::{Status, assess};

#[test]
fn aa_gradient_at_admission_on_assumed_room_air() {
    let Some(course) = common::founding_course() else {
        return;
    };
    let a = assess(&course);
    let aa = a.item("aa-gradient").expect("A-a gradient item");
    // PAO2 = 0.21 x (760 - 47) - 41.7 / 0.8 = 149.73 - 52.125 = 97.605
    // A-a = 97.605 - 54 = 43.6 mmHg; age-expected 36/4 + 4 = 13.
    assert_eq!(aa.day, Some(0.0));
    assert!((aa.number().unwrap() - 43.6).abs() < 0.05, "{aa:?}");
    assert!(aa.interpretation.contains("13.0"), "{}", aa.interpretation);
    assert!(aa.interpretation.contains("raised"));
    assert!(
        aa.assumptions
            .iter()
            .any(|s| s.contains("room air assumed"))
    );
    assert!(aa.assumptions.iter().any(|s| s.contains("sea-level")));
    for id in ["lab-pao2", "lab-paco2", "demo-age"] {
        assert!(
            aa.inputs.contains(&id.to_string()),
            "{id} in {:?}",
            aa.inputs
        );
    }
    // P/F on assumed room air: 54 / 0.21 = 257.
    let pf = a.item("pf-ratio").unwrap();
    assert_eq!(pf.number(), Some(257.0));
}

#[test]
fn rox_is_not_computed_from_room_air_values() {
    let Some(course) = common::founding_course() else {
        return;
    };
    let a = assess(&course);
    let rox = a.item("rox").expect("ROX item");
    assert_eq!(rox.status, Status::NotComputable);
    assert!(rox.limitations.iter().any(|l| l.contains("vs-spo2")));
    // The admission saturation is on (assumed) room air, not HFNC FiO2 0.8:
    // 50 / 0.21 = 238, not 50 / 0.8 = 62.5.
    let sf = a
        .items_with("sf-ratio")
        .find(|i| i.day == Some(0.0))
        .unwrap();
    assert_eq!(sf.number(), Some(238.0));
    assert!(!sf.inputs.contains(&"o2-hfnc".to_string()));
}

#[test]
fn nasal_cannula_fio2_is_an_estimate() {
    let Some(course) = common::founding_course() else {
        return;
    };
    let a = assess(&course);
    // 0.21 + 0.04 x 3 = 0.33
    let est: Vec<_> = a.items_with("fio2-estimate").collect();
    assert!(est.iter().any(|i| i.number() == Some(0.33)));
    assert!(est.iter().all(|i| !i.assumptions.is_empty()));
    // SpO2 96% on 3 L/min after readmission: 96 / 0.33 = 291 (estimated FiO2).
    let sf = a
        .items_with("sf-ratio")
        .find(|i| i.day == Some(84.0))
        .unwrap();
    assert_eq!(sf.number(), Some(291.0));
    assert!(sf.assumptions.iter().any(|s| s.contains("estimated")));
}
