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

#[test]
fn cumulative_prednisone_equivalent_at_weeks_4_12_44_68() {
    let Some(course) = common::founding_course() else {
        return;
    };
    let a = assess(&course);
    let at = |week: f64| {
        a.items_with("gc-cumulative")
            .find(|i| i.day == Some(week * 7.0))
            .unwrap_or_else(|| panic!("cumulative dose at week {week}"))
    };
    // Methylprednisolone 4 mg = prednisone 5 mg (factor 1.25).
    // Weeks 0-4: MP 160 -> 40 mg/day, linear taper: (200 + 50) / 2 = 125 mg/day
    //   x 28 days = 3500 mg (bounds 50 x 28 = 1400 to 200 x 28 = 5600).
    let w4 = at(4.0);
    assert_eq!(w4.number(), Some(3500.0));
    let b = w4.bounds.unwrap();
    assert_eq!((b.low, b.high), (1400.0, Some(5600.0)));
    assert!(w4.assumptions.iter().any(|s| s.contains("linear")));
    // Weeks 4-12: MP 30 mg = 37.5 mg x 56 days = 2100 -> 5600 mg. The
    // week-12 pulse falls on the last day and is outside [0, 84).
    let w12 = at(12.0);
    assert_eq!(w12.number(), Some(5600.0));
    assert_eq!(w12.status, Status::Computed);
    assert!(w12.interpretation.contains("rx-pred-pulse-12"));
    // Weeks 12-20: prednisolone 50 x 56 = 2800; weeks 20-44: prednisone 40
    // (figure 3D caption, the only statement for week 20) x 168 = 6720
    // -> 15120 mg plus the pulse, whose dose is not stated.
    let w44 = at(44.0);
    assert_eq!(w44.number(), Some(15120.0));
    assert_eq!(w44.status, Status::Partial);
    assert!(w44.interpretation.contains("pulse dose not stated"));
    assert_eq!(w44.bounds.unwrap().high, None);
    // Weeks 44-68: prednisone 15 x 168 = 2520 -> 17640 mg (+ pulse).
    let w68 = at(68.0);
    assert_eq!(w68.number(), Some(17640.0));
    assert!(w68.missing.contains(&"pulse dose".to_string()));
    // Lower bound at week 68: 1400 + 2100 + 40 x 56 + 15 x 168 + 5 x 168.
    assert_eq!(
        w68.bounds.unwrap().low,
        1400.0 + 2100.0 + 2240.0 + 2520.0 + 840.0
    );
}

#[test]
fn mmf_switch_opens_a_new_line_of_therapy() {
    let Some(course) = common::founding_course() else {
        return;
    };
    let a = assess(&course);
    assert!(course.episodes.is_empty(), "episodes are built by assess");
    let line = a
        .lines
        .iter()
        .find(|l| l.start_day == Some(84.0))
        .expect("a line starting at week 12");
    assert!(
        line.reason
            .contains("tacrolimus replaced by mycophenolate mofetil")
    );
    assert!(line.drugs.contains(&"mycophenolate mofetil".to_string()));
    assert!(!line.drugs.contains(&"tacrolimus".to_string()));
    assert!(line.inputs.contains(&"rx-mmf-12".to_string()));
    let tac = a.episodes.iter().find(|e| e.drug == "tacrolimus").unwrap();
    assert_eq!(tac.end_day, Some(84.0));
    assert_eq!(tac.replaced_by.as_deref(), Some("mycophenolate mofetil"));
    // Earlier line ends where the switch begins.
    let prev = a
        .lines
        .iter()
        .find(|l| l.number == line.number - 1)
        .unwrap();
    assert_eq!(prev.end_day, Some(84.0));
}

#[test]
fn regimen_checks_name_what_is_missing_or_unusual() {
    let Some(course) = common::founding_course() else {
        return;
    };
    let a = assess(&course);
    let ivig = a
        .items_with("dose-check")
        .find(|i| i.inputs.contains(&"rx-ivig-0".to_string()))
        .unwrap();
    assert_eq!(ivig.status, Status::NotComputable);
    assert!(ivig.interpretation.contains("100 g per course"));
    assert!(ivig.missing.contains(&"body weight".to_string()));
    let mmf = a
        .items_with("dose-check")
        .find(|i| i.inputs == vec!["rx-mmf-12".to_string()])
        .unwrap();
    assert!(mmf.interpretation.contains("divided doses"));
    let pjp = a.item("pjp-prophylaxis").unwrap();
    assert_eq!(pjp.text(), Some("expected, documented"));
    assert!(pjp.inputs.contains(&"rx-tmp-0".to_string()));
    assert!(!pjp.limitations.is_empty(), "sulfadiazine flagged");
    assert!(a.items_with("interaction").count() >= 1);
}

#[test]
fn eular_acr_2017_result_carries_its_cadm_limitation() {
    let Some(course) = common::founding_course() else {
        return;
    };
    let a = assess(&course);
    let c = a.item("eular-acr-2017").unwrap();
    // Age 36 (18-40: +1.3) + Gottron's papules (+2.1) = 3.4 without biopsy;
    // P = 1 / (1 + exp(5.33 - 3.4)) = 1 / (1 + 6.890) = 0.127.
    assert!(
        c.interpretation.contains("score 3.4"),
        "{}",
        c.interpretation
    );
    assert!(c.interpretation.contains("12.7%"));
    assert_eq!(
        c.text(),
        Some("does not meet 2017 EULAR/ACR IIM classification")
    );
    // LDH 230 has no stated range: judged against the fallback limit, said so.
    assert!(
        c.assumptions
            .iter()
            .any(|s| s.contains("lactate dehydrogenase 230"))
    );
    assert!(
        c.missing
            .contains(&"anti-Jo-1 antibody present".to_string())
    );
    let lim = c.limitations.join(" ");
    assert!(lim.contains("under-classify clinically amyopathic"));
    assert!(
        lim.contains("dx-cadm"),
        "names the clinician's CADM diagnosis"
    );
    let s = a.item("cadm-sontheimer").unwrap();
    assert!(
        s.text()
            .unwrap()
            .starts_with("provisional clinically amyopathic DM")
    );
    let rp: Vec<_> = a.items_with("rpild-definition").collect();
    assert_eq!(rp.len(), 2, "1- and 3-month variants");
    assert!(rp.iter().all(|i| {
        i.missing
            .iter()
            .any(|m| m.contains("radiological worsening"))
    }));
}

#[test]
fn prognostic_models_name_their_missing_inputs() {
    let Some(course) = common::founding_course() else {
        return;
    };
    let a = assess(&course);
    // FLAIR: ferritin 666.3 >= 636 (2) + LDH 230 < 355 (0) + anti-MDA5
    // positive, grade not stated (2-4) + HRCT score missing (0-3) + RP-ILD (2)
    // = 6-11: medium or high, indeterminate.
    let flair = a.item("flair").unwrap();
    assert_eq!(flair.status, Status::Partial);
    assert_eq!(flair.value, None);
    let b = flair.bounds.unwrap();
    assert_eq!((b.low, b.high), (6.0, Some(11.0)));
    assert!(flair.missing.iter().any(|m| m.contains("HRCT score")));
    assert!(flair.missing.iter().any(|m| m.contains("titre grade")));
    assert!(flair.interpretation.contains("cannot compute exactly"));
    // MCK: anti-MDA5+, CRP 3.14 mg/L < 8, KL-6 2665 >= 1000 -> 1 factor.
    let mck = a.item("mck").unwrap();
    assert_eq!(mck.number(), Some(1.0));
    assert!(mck.interpretation.contains("moderate"));
    // JAMI: SpO2 50% < 95 and anti-MDA5+; age 36 and CRP 3.14 below cut-offs.
    assert_eq!(a.item("jami").unwrap().number(), Some(2.0));
    // CROSS: CRP <= 8 (0) + Ro52 (4) + male (2) + course 1 month (2) = 8, high.
    let cross = a.item("cross").unwrap();
    assert_eq!(cross.number(), Some(8.0));
    assert!(cross.interpretation.contains("high risk"));
    // A-a gradient 43.6 >= 32 (Gono 2012) carries the room-air assumption.
    let aa = a
        .items_with("biomarker-threshold")
        .find(|i| i.name.starts_with("alveolar-arterial"))
        .unwrap();
    assert!(aa.interpretation.contains("crosses 32"));
    assert!(aa.assumptions.iter().any(|s| s.contains("room air")));
}

#[test]
fn acid_base_reading_and_its_wording_warning() {
    let Some(course) = common::founding_course() else {
        return;
    };
    let a = assess(&course);
    // HCO3 = 0.0307 x 41.7 x 10^(7.457 - 6.1) = 1.2802 x 22.751 = 29.1 mmol/L.
    let hco3 = a.item("hco3-calculated").unwrap();
    assert_eq!(hco3.number(), Some(29.1));
    assert!(hco3.interpretation.starts_with("calculated, not measured"));
    // pH 7.457 > 7.45, PaCO2 normal, HCO3 > 26: metabolic alkalosis; expected
    // PaCO2 0.7 x 29.1 + 21 = 41.4 +/- 2, measured 41.7 fits.
    let ab = a.item("acid-base").unwrap();
    assert_eq!(ab.text(), Some("metabolic alkalosis"));
    assert!(ab.interpretation.contains("41.4"));
    assert!(ab.interpretation.contains("appropriately compensated"));
    let w = a
        .item("acid-base-wording")
        .expect("respiratory-alkalosis warning");
    assert!(w.interpretation.contains("PaCO2 41.7 is normal"));
    assert!(w.inputs.contains(&"dx-resp-alkalosis".to_string()));
    assert!(w.inputs.contains(&"lab-paco2".to_string()));
}

#[test]
fn response_seroconversion_oxygen_and_trends() {
    let Some(course) = common::founding_course() else {
        return;
    };
    let a = assess(&course);
    let s = a.item("seroconversion").expect("anti-MDA5 seroconversion");
    assert_eq!(s.text(), Some("turned negative"));
    assert!(s.day.is_some_and(|d| d <= 20.0 * 7.0), "by week 20");
    assert!(s.inputs.contains(&"ab-mda5-20".to_string()));
    assert!(
        s.interpretation.contains("mycophenolate mofetil"),
        "regimen in force"
    );
    let o = a.item("oxygen-course").unwrap();
    assert_eq!(o.text(), Some("weaned off by week 20"));
    // KL-6 2665 -> 9500 U/mL: 9500 / 2665 = 3.56-fold.
    let kl6 = a
        .items_with("trend")
        .find(|i| i.inputs == vec!["lab-kl6-0".to_string(), "lab-kl6-12".to_string()])
        .unwrap();
    assert_eq!(kl6.number(), Some(3.56));
    // SpO2 50% with PaO2 54 mmHg at admission cannot both hold
    // (Severinghaus: PaO2 54 -> SaO2 ~88%).
    let m = a.item("spo2-pao2-mismatch").unwrap();
    assert!((m.number().unwrap() - 87.6).abs() < 0.1);
    let c = a.item("caption-contradicts-text").unwrap();
    assert_eq!(c.number(), Some(30.0), "the main text's 30 mg wins");
}

#[test]
fn assessment_serialises_with_every_field() {
    let Some(course) = common::founding_course() else {
        return;
    };
    let a = assess(&course);
    let v: serde_json::Value = serde_json::from_str(&a.to_json()).unwrap();
    assert_eq!(v["schema"], casecourse_assess::ASSESSMENT_SCHEMA);
    assert!(
        v["disclaimer"]
            .as_str()
            .unwrap()
            .contains("not a diagnosis")
    );
    let first = &v["items"][0];
    for key in [
        "code",
        "category",
        "name",
        "interpretation",
        "inputs",
        "assumptions",
        "missing",
        "limitations",
        "source",
        "status",
    ] {
        assert!(first.get(key).is_some(), "{key} in {first}");
    }
    assert!(v["lines"].as_array().unwrap().len() >= 3);
    assert!(!v["steroid_series"].as_array().unwrap().is_empty());
    // Every item cites a source.
    assert!(a.items.iter().all(|i| !i.source.is_empty()), "sources");
}
