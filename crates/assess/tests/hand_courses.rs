//! Small courses built by hand: cut-offs on both sides, concurrency, and
//! bad input.

mod common;

use casecourse_assess::{Category, Severity, Status, assess};
use casecourse_model::{Kind, Value};
use common::*;

fn mda5_course(
    ferritin: f64,
    ldh: f64,
    grade: &str,
    hrct: f64,
    rpild: bool,
) -> Vec<casecourse_model::Fact> {
    let mut ab = antibody("mda5", "anti-MDA5", "positive", 0.0);
    ab.strength = Some(grade.into());
    let mut v = vec![
        num("fer", Kind::Lab, "ferritin", ferritin, "ug/L", 0.0),
        num("ldh", Kind::Lab, "lactate dehydrogenase", ldh, "U/L", 0.0),
        ab,
        num("ct", Kind::Imaging, "HRCT score", hrct, "{score}", 0.0),
    ];
    if rpild {
        v.push(bare(
            "rp",
            Kind::Diagnosis,
            "rapidly progressive interstitial lung disease",
            0.0,
        ));
    }
    v
}

#[test]
fn flair_cut_offs_and_groups() {
    // 636 -> 2, 635.9 -> 0; LDH 355 -> 2, 354.9 -> 0; + -> 2, +++ -> 4;
    // HRCT 133 -> 3, 132.9 -> 0; RP-ILD 2.
    let score = |c| assess(&course(c)).item("flair").unwrap().clone();
    let all = score(mda5_course(636.0, 355.0, "+++", 133.0, true));
    assert_eq!(all.number(), Some(13.0));
    assert!(all.interpretation.contains("high risk"));
    let none = score(mda5_course(635.9, 354.9, "+", 132.9, false));
    assert_eq!(none.number(), Some(2.0));
    assert!(none.interpretation.contains("low risk"));
    // 4 (low) vs 5 (medium): + (2) + RP-ILD (2) = 4; ++ (3) + RP-ILD = 5.
    let four = score(mda5_course(1.0, 1.0, "+", 1.0, true));
    assert_eq!(four.number(), Some(4.0));
    assert!(four.interpretation.contains("low risk"));
    let five = score(mda5_course(1.0, 1.0, "++", 1.0, true));
    assert!(five.interpretation.contains("medium risk"));
    // 9 (medium) vs 10 (high): ferritin 2 + LDH 2 + ++ 3 + RP-ILD 2 = 9; +++ -> 10.
    let nine = score(mda5_course(700.0, 400.0, "++", 1.0, true));
    assert_eq!(nine.number(), Some(9.0));
    assert!(nine.interpretation.contains("medium risk"));
    let ten = score(mda5_course(700.0, 400.0, "+++", 1.0, true));
    assert!(ten.interpretation.contains("high risk"));
    // LDH missing: named, never guessed.
    let mut c = mda5_course(700.0, 400.0, "+++", 1.0, true);
    c.retain(|f| f.id != "ldh");
    let m = score(c);
    assert_eq!(m.status, Status::Partial);
    assert!(m.missing.contains(&"LDH".to_string()));
    assert!(m.interpretation.contains("LDH missing"));
}

#[test]
fn mck_jami_cross_cut_offs() {
    let base = |crp: f64, age: f64, spo2: f64| {
        let mut sex = bare("sex", Kind::Demographic, "sex", 0.0);
        sex.value = Some(Value::Text("male".into()));
        let mut sx = bare("sx", Kind::Symptom, "cough", -20.0);
        sx.time.relation = casecourse_model::Relation::Onset;
        course(vec![
            num("age", Kind::Demographic, "age", age, "a", 0.0),
            sex,
            sx,
            antibody("mda5", "anti-MDA5", "positive", 0.0),
            antibody("ro", "anti-Ro52", "negative", 0.0),
            num("crp", Kind::Lab, "C-reactive protein", crp, "mg/L", 0.0),
            num("kl6", Kind::Lab, "KL-6", 999.0, "U/mL", 0.0),
            num("spo2", Kind::Vital, "oxygen saturation", spo2, "%", 0.0),
        ])
    };
    // MCK (MDA5+): CRP 8 mg/L counts, 7.9 does not; KL-6 999 < 1000.
    assert_eq!(
        assess(&base(8.0, 30.0, 99.0)).item("mck").unwrap().number(),
        Some(1.0)
    );
    assert_eq!(
        assess(&base(7.9, 30.0, 99.0)).item("mck").unwrap().number(),
        Some(0.0)
    );
    // JAMI: age 60 counts, 59.9 not; CRP 10 counts; SpO2 94.9 counts, 95 not; MDA5+.
    assert_eq!(
        assess(&base(10.0, 60.0, 94.9))
            .item("jami")
            .unwrap()
            .number(),
        Some(4.0)
    );
    assert_eq!(
        assess(&base(9.9, 59.9, 95.0))
            .item("jami")
            .unwrap()
            .number(),
        Some(1.0)
    );
    // CROSS: CRP > 8 (3): 8.1 counts, 8 not; Ro52 negative 0; male 2; course < 3 months 2.
    assert_eq!(
        assess(&base(8.1, 30.0, 99.0))
            .item("cross")
            .unwrap()
            .number(),
        Some(7.0)
    );
    let c = assess(&base(8.0, 30.0, 99.0));
    let cross = c.item("cross").unwrap();
    assert_eq!(cross.number(), Some(4.0));
    assert!(cross.interpretation.contains("medium risk"));
    // The same course in mg/dL: 0.81 mg/dL = 8.1 mg/L.
    let mut mgdl = base(0.0, 30.0, 99.0);
    for f in &mut mgdl.facts {
        if f.id == "crp" {
            f.value = Some(Value::Number(0.81));
            f.unit = Some("mg/dL".into());
        }
    }
    assert_eq!(assess(&mgdl).item("cross").unwrap().number(), Some(7.0));
}

#[test]
fn eular_acr_worked_example_dermatomyositis() {
    // 45 y, heliotrope, Gottron's papules, proximal upper + lower weakness,
    // raised CK, no biopsy: 2.1 + 3.1 + 2.1 + 0.7 + 0.8 + 1.3 = 10.1 -> 99.2 %,
    // definite IIM, subclass dermatomyositis.
    let mut ck = num("ck", Kind::Lab, "creatine kinase", 2400.0, "U/L", 0.0);
    ck.flag = Some(casecourse_model::Flag::High);
    let c = course(vec![
        num("age", Kind::Demographic, "age", 45.0, "a", 0.0),
        bare("hel", Kind::Exam, "heliotrope rash", 0.0),
        bare("gp", Kind::Exam, "Gottron's papules", 0.0),
        bare("wu", Kind::Exam, "proximal upper limb weakness", 0.0),
        bare("wl", Kind::Exam, "proximal lower limb weakness", 0.0),
        ck,
    ]);
    let a = assess(&c);
    let e = a.item("eular-acr-2017").unwrap();
    assert_eq!(e.text(), Some("definite IIM"));
    assert!(
        e.interpretation.contains("score 10.1"),
        "{}",
        e.interpretation
    );
    assert!(e.interpretation.contains("99.2%"));
    assert!(e.interpretation.contains("subclass: dermatomyositis"));
}

#[test]
fn glucocorticoid_bands_pulses_and_pjp_rule() {
    let band = |mg: f64| {
        let a = assess(&course(vec![med("p", "prednisone", mg, "mg", "QD", 0.0)]));
        a.item("gc-daily").unwrap().interpretation.clone()
    };
    assert!(band(7.5).contains("low dose"));
    assert!(band(7.6).contains("medium dose"));
    assert!(band(30.0).contains("medium dose"));
    assert!(band(30.1).contains("high dose"));
    assert!(band(100.0).contains("high dose"));
    assert!(band(100.1).contains("very high dose"));
    // Methylprednisolone 500 mg x 3 days pulse = 500 x 1.25 x 3 = 1875 mg.
    let mut pulse = med("mp", "methylprednisolone", 500.0, "mg", "QD", 0.0);
    if let Some(d) = pulse.dosage.as_mut() {
        d.duration_days = Some(3.0);
    }
    let a = assess(&course(vec![
        pulse,
        bare("dc", Kind::Event, "discharge", 3.0),
    ]));
    assert_eq!(a.item("gc-pulse").unwrap().number(), Some(1875.0));
    assert_eq!(a.item("gc-cumulative").unwrap().number(), Some(1875.0));
    // PJP: prednisone >= 20 mg/day for >= 28 days. 20 mg to day 28: expected;
    // 19.9 mg: not; 20 mg to day 27: not.
    let pjp = |mg: f64, days: f64| {
        let c = course(vec![
            med("p", "prednisone", mg, "mg", "QD", 0.0),
            bare("fu", Kind::Event, "follow-up", days),
        ]);
        assess(&c).item("pjp-prophylaxis").cloned()
    };
    let yes = pjp(20.0, 28.0).expect("expected at 20 mg x 28 days");
    assert_eq!(yes.text(), Some("expected, not documented"));
    assert_eq!(yes.severity, Some(Severity::Caution));
    assert!(pjp(19.9, 28.0).is_none());
    assert!(pjp(20.0, 27.0).is_none());
}

#[test]
fn only_concurrent_values_are_combined() {
    // SpO2 and RR stated after HFNC on the same day: ROX is computed.
    // (92 / 0.6) / 30 = 5.11.
    let c = course(vec![
        oxygen("o2", "high-flow nasal oxygen", Some(50.0), Some(0.6), 1.0),
        num("spo2", Kind::Vital, "oxygen saturation", 92.0, "%", 1.0),
        num("rr", Kind::Vital, "respiratory rate", 30.0, "/min", 1.0),
    ]);
    let a = assess(&c);
    let rox = a.item("rox").unwrap();
    assert_eq!(rox.number(), Some(5.11));
    assert!(rox.inputs.contains(&"o2".to_string()));
    // A saturation from another day is not divided by this FiO2.
    let c = course(vec![
        num("spo2", Kind::Vital, "oxygen saturation", 92.0, "%", 0.0),
        oxygen("o2", "high-flow nasal oxygen", Some(50.0), Some(0.6), 1.0),
        num("rr", Kind::Vital, "respiratory rate", 30.0, "/min", 1.0),
    ]);
    let a = assess(&c);
    assert_eq!(a.item("rox").unwrap().status, Status::NotComputable);
    let sf = a.item("sf-ratio").unwrap();
    assert_eq!(sf.number(), Some(438.0), "92 / 0.21 on assumed room air");
    assert!(
        sf.assumptions
            .iter()
            .any(|a| a.contains("room air assumed"))
    );
    // A reading the text says was on room air assumes nothing, and a room
    // air fact of its moment is room air, not a device without settings.
    let mut spo2 = num("spo2", Kind::Vital, "oxygen saturation", 92.0, "%", 0.0);
    spo2.qualifier = Some(casecourse_model::ON_ROOM_AIR.into());
    let a = assess(&course(vec![spo2]));
    let sf = a.item("sf-ratio").unwrap();
    assert_eq!(sf.number(), Some(438.0));
    assert!(sf.assumptions.is_empty(), "{:?}", sf.assumptions);
    let mut air = oxygen("air", "room air", None, None, 0.0);
    if let Some(o) = air.oxygen.as_mut() {
        o.device = Some("room-air".into());
    }
    let a = assess(&course(vec![
        air,
        num("spo2", Kind::Vital, "oxygen saturation", 92.0, "%", 0.0),
    ]));
    assert_eq!(a.item("sf-ratio").unwrap().number(), Some(438.0));
    // Low flow: 6 L/min is estimated (0.45), 7 L/min is not.
    let est = |flow: f64| {
        let a = assess(&course(vec![oxygen(
            "o",
            "nasal cannula oxygen",
            Some(flow),
            None,
            0.0,
        )]));
        a.item("fio2-estimate").unwrap().clone()
    };
    assert_eq!(est(6.0).number(), Some(0.45));
    assert_eq!(est(7.0).status, Status::NotComputable);
}

#[test]
fn impossible_values_are_flagged_not_used() {
    let c = course(vec![
        num("ph", Kind::Lab, "arterial pH", 17.0, "[pH]", 0.0),
        num(
            "co2",
            Kind::Lab,
            "arterial partial pressure of carbon dioxide",
            40.0,
            "mm[Hg]",
            0.0,
        ),
        med("neg", "tacrolimus", -1.0, "mg", "BID", 0.0),
        oxygen("o2", "high-flow nasal oxygen", Some(40.0), Some(80.0), 0.0),
        num("sat", Kind::Vital, "oxygen saturation", 140.0, "%", 0.0),
    ]);
    let a = assess(&c);
    let flagged: Vec<_> = a
        .items
        .iter()
        .filter(|i| i.category == Category::InputCheck)
        .collect();
    let ids: Vec<&str> = flagged.iter().map(|i| i.inputs[0].as_str()).collect();
    for id in ["ph", "neg", "o2", "sat"] {
        assert!(ids.contains(&id), "{id} flagged in {ids:?}");
    }
    assert!(flagged.iter().all(|i| i.severity == Some(Severity::Error)));
    let ph = flagged.iter().find(|i| i.inputs[0] == "ph").unwrap();
    assert!(
        ph.interpretation
            .contains("outside the possible range 6.5-8")
    );
    let o2 = flagged.iter().find(|i| i.inputs[0] == "o2").unwrap();
    assert!(o2.interpretation.contains("percentage"));
    // None of them is used.
    assert!(a.item("acid-base").is_none());
    assert!(a.item("dose-check").is_none());
    assert!(a.item("sf-ratio").is_none());
    // An empty course computes nothing and names what is missing.
    let empty = assess(&course(vec![]));
    assert!(
        empty
            .items
            .iter()
            .all(|i| i.status == Status::NotComputable),
        "{empty:?}"
    );
    assert!(
        empty
            .items
            .iter()
            .all(|i| i.interpretation.contains("missing") || !i.missing.is_empty())
    );
}

#[test]
fn assessment_of_a_non_finite_value_does_not_panic() {
    let c = course(vec![
        num("ph", Kind::Lab, "arterial pH", f64::NAN, "[pH]", 0.0),
        num("kl", Kind::Lab, "KL-6", f64::INFINITY, "U/mL", 0.0),
        num("kl2", Kind::Lab, "KL-6", 500.0, "U/mL", 10.0),
    ]);
    let a = assess(&c);
    assert!(a.items.iter().any(|i| i.category == Category::InputCheck));
}

#[test]
fn ivig_in_g_per_kg_when_weight_is_known() {
    // 20 g daily for 5 days = 100 g; at 70 kg 100 / 70 = 1.43 g/kg, within 1-2.
    let mut ivig = med("iv", "intravenous immunoglobulin", 20.0, "g", "QD", 0.0);
    if let Some(d) = ivig.dosage.as_mut() {
        d.duration_days = Some(5.0);
    }
    let c = course(vec![
        num("w", Kind::Vital, "body weight", 70.0, "kg", 0.0),
        ivig,
    ]);
    let a = assess(&c);
    let it = a.item("dose-check").unwrap();
    assert_eq!(it.number(), Some(1.43));
    assert!(
        it.interpretation
            .contains("within the usual 1-2 g/kg per course")
    );
    assert!(it.inputs.contains(&"w".to_string()));
}

#[test]
fn rpild_met_and_cadm_after_six_months() {
    // Dyspnoea from day -20, PaO2 55 at day 0, ILD on CT at day -10 and
    // worse at day 5: met within 1 month (window to day 10.4).
    let mut sob = bare("sob", Kind::Symptom, "shortness of breath", -20.0);
    sob.time.relation = casecourse_model::Relation::Onset;
    let mut ct1 = bare("ct1", Kind::Imaging, "chest CT", -10.0);
    ct1.impression = Some("interstitial lung disease".into());
    let mut ct2 = bare("ct2", Kind::Imaging, "chest CT", 5.0);
    ct2.impression = Some("progression of ground-glass opacities".into());
    let c = course(vec![
        sob,
        num(
            "po2",
            Kind::Lab,
            "arterial partial pressure of oxygen",
            55.0,
            "mm[Hg]",
            0.0,
        ),
        ct1,
        ct2,
    ]);
    let a = assess(&c);
    let one = a
        .items_with("rpild-definition")
        .find(|i| i.name.contains("1-month"))
        .unwrap();
    assert!(one.text().unwrap().starts_with("met"), "{one:?}");
    // A later worsening (day 40) is outside the 1-month window.
    let mut c2 = c.clone();
    for f in &mut c2.facts {
        if f.id == "ct2" {
            f.time = casecourse_model::Time::at(40.0);
        }
    }
    let a2 = assess(&c2);
    let one = a2
        .items_with("rpild-definition")
        .find(|i| i.name.contains("1-month"))
        .unwrap();
    assert!(one.text().unwrap().starts_with("partly met"));
    let three = a2
        .items_with("rpild-definition")
        .find(|i| i.name.contains("3-month"))
        .unwrap();
    assert!(three.text().unwrap().starts_with("met"));

    // Gottron's papules from 7 months before, no weakness, normal CK:
    // CADM (not provisional); 5 months: provisional.
    let cadm = |months: f64| {
        let mut rash = bare("gp", Kind::Exam, "Gottron's papules", -months * 30.4375);
        rash.time.relation = casecourse_model::Relation::Onset;
        let mut weak = bare("mw", Kind::Exam, "muscle weakness", 0.0);
        weak.negated = true;
        let mut ck = num("ck", Kind::Lab, "creatine kinase", 80.0, "U/L", 0.0);
        ck.flag = Some(casecourse_model::Flag::Normal);
        let a = assess(&course(vec![rash, weak, ck]));
        a.item("cadm-sontheimer")
            .unwrap()
            .text()
            .unwrap()
            .to_string()
    };
    assert_eq!(cadm(7.0), "clinically amyopathic DM");
    assert!(cadm(5.0).starts_with("provisional"));
}
