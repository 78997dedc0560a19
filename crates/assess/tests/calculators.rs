//! Calculators against worked examples and hand computations, with values
//! on both sides of each cut-off.

mod common;

use casecourse_assess::acid_base::{bicarbonate, read};
use casecourse_assess::consistency::saturation_from_po2;
use casecourse_assess::criteria::eular_acr_2017::{category, probability, subclass};
use casecourse_assess::knowledge::get;
use casecourse_assess::physiology::*;
use casecourse_assess::regimen::steroids::prednisone_equivalent;
use casecourse_assess::response::fold_change;

fn close(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol
}

#[test]
fn alveolar_gas_equation_worked_examples() {
    let kb = get().unwrap();
    let g = &kb.physiology.alveolar_gas;
    // Calculator worked example (novacalculator.com A-a gradient): 30 y, room
    // air, PaO2 95, PaCO2 40: PAO2 = 0.21 x 713 - 40/0.8 = 149.73 - 50 = 99.7;
    // A-a = 4.7; normal for age 30 = 30/4 + 4 = 11.5.
    let pao2_alv = alveolar_po2(0.21, 40.0, g);
    assert!(close(pao2_alv, 99.73, 0.01));
    assert!(close(pao2_alv - 95.0, 4.73, 0.01));
    assert!(close(
        aa_expected(30.0, &kb.physiology.aa_expected),
        11.5,
        1e-9
    ));
    // Second example: 70 y, PaCO2 30, PaO2 65: 149.73 - 37.5 - 65 = 47.2; normal 21.5.
    assert!(close(alveolar_po2(0.21, 30.0, g) - 65.0, 47.23, 0.01));
    assert!(close(
        aa_expected(70.0, &kb.physiology.aa_expected),
        21.5,
        1e-9
    ));
    // HFNC FiO2 0.8 with the founding-case gas: 0.8 x 713 - 52.125 = 518.3.
    assert!(close(alveolar_po2(0.8, 41.7, g), 518.275, 0.001));
}

#[test]
fn pf_and_sf_bands_on_both_sides_of_each_cut_off() {
    let kb = get().unwrap();
    let b = &kb.physiology.pf;
    assert!(berlin_band(100.0, b).starts_with("severe"));
    assert!(berlin_band(100.1, b).starts_with("moderate"));
    assert!(berlin_band(200.0, b).starts_with("moderate"));
    assert!(berlin_band(200.1, b).starts_with("mild"));
    assert!(berlin_band(300.0, b).starts_with("mild"));
    assert!(berlin_band(300.1, b).starts_with("above"));
    assert!(close(pf_ratio(54.0, 0.21), 257.14, 0.01));
    let s = &kb.physiology.sf;
    assert!(sf_band(148.0, s).starts_with("severe"));
    assert!(sf_band(148.1, s).starts_with("moderate"));
    assert!(sf_band(235.0, s).starts_with("moderate"));
    assert!(sf_band(235.1, s).starts_with("mild"));
    assert!(sf_band(315.0, s).starts_with("mild"));
    assert!(sf_band(315.1, s).starts_with("above"));
    // S/F example (pinsonandtang.com): 92 / 0.36 = 255.6.
    assert!(close(sf_ratio(92.0, 0.36), 255.56, 0.01));
}

#[test]
fn rox_index_and_roca_thresholds() {
    let kb = get().unwrap();
    let t = &kb.physiology.rox;
    // (92 / 0.80) / 36 = 115 / 36 = 3.19; (96 / 0.5) / 24 = 8.00; (95 / 0.4) / 20 = 11.875.
    assert!(close(rox(92.0, 0.8, 36.0), 3.194, 0.001));
    assert!(close(rox(96.0, 0.5, 24.0), 8.0, 1e-9));
    assert!(close(rox(95.0, 0.4, 20.0), 11.875, 1e-9));
    assert!(rox_reading(4.88, t).starts_with(">= 4.88"));
    assert!(!rox_reading(4.87, t).starts_with(">= 4.88"));
    assert!(rox_reading(2.84, t).contains("high risk"));
    assert!(rox_reading(2.85, t).starts_with("below the 6 h"));
    assert!(rox_reading(3.47, t).starts_with("below the 12 h"));
    assert!(rox_reading(3.85, t).starts_with("between"));
}

#[test]
fn bicarbonate_and_acid_base_reading() {
    let kb = get().unwrap();
    let ab = &kb.acid_base;
    let hh = &ab.henderson_hasselbalch;
    // 0.0307 x 40 x 10^(7.40 - 6.1) = 1.228 x 19.953 = 24.5
    assert!(close(bicarbonate(7.40, 40.0, hh), 24.50, 0.01));
    assert!(close(bicarbonate(7.457, 41.7, hh), 29.13, 0.01));
    // Metabolic acidosis, Winter's: HCO3 13 -> expected PaCO2 1.5 x 13 + 8 = 27.5 +/- 2.
    let r = read(7.25, 27.0, 13.0, ab);
    assert_eq!(r.primary, "metabolic acidosis");
    assert!(
        r.compensation
            .as_ref()
            .unwrap()
            .contains("appropriately compensated")
    );
    let r = read(7.25, 30.0, 13.0, ab); // 30 > 29.5
    assert!(
        r.compensation
            .unwrap()
            .contains("additional respiratory acidosis")
    );
    let r = read(7.25, 25.0, 13.0, ab); // 25 < 25.5
    assert!(
        r.compensation
            .unwrap()
            .contains("additional respiratory alkalosis")
    );
    // Respiratory acidosis, acute: PaCO2 60 -> HCO3 24 + 0.1 x 20 = 26; chronic 24 + 7 = 31.
    let r = read(7.25, 60.0, 26.0, ab);
    assert_eq!(r.primary, "respiratory acidosis");
    assert!(
        r.compensation
            .unwrap()
            .contains("26.0 (acute) to 31.0 (chronic)")
    );
    // Boundaries: pH 7.45 is normal, 7.451 alkalaemic; PaCO2 35 is normal, 34.9 low.
    assert_eq!(
        read(7.45, 40.0, 24.0, ab).primary,
        "no acid-base disorder shown"
    );
    assert_eq!(read(7.451, 34.9, 24.0, ab).primary, "respiratory alkalosis");
    assert!(
        read(7.451, 35.0, 24.0, ab)
            .primary
            .starts_with("alkalaemia without")
    );
    assert_eq!(read(7.451, 40.0, 26.1, ab).primary, "metabolic alkalosis");
    assert!(
        read(7.451, 40.0, 26.0, ab)
            .primary
            .starts_with("alkalaemia without")
    );
    assert_eq!(read(7.349, 45.1, 24.0, ab).primary, "respiratory acidosis");
    assert!(read(7.35, 45.1, 24.0, ab).primary.contains("normal pH"));
}

#[test]
fn eular_acr_probability_reproduces_the_published_cut_offs() {
    let kb = get().unwrap();
    let c = &kb.criteria.eular_acr_2017;
    // P = 1 / (1 + exp(5.33 - score)): 5.33 -> 50 %, 7.5 -> 89.75 %, 3.4 -> 12.7 %.
    assert!(close(probability(5.33, false, c), 0.5, 1e-9));
    assert!(close(probability(3.4, false, c), 0.1267, 0.0001));
    assert!(close(probability(10.1, false, c), 0.9916, 0.0001));
    assert!(close(probability(6.7, true, c), 0.552, 0.001));
    // In tenths: 5.5 -> 54.2 % (possible), 5.6 -> 56.7 % (probable);
    // 7.5 -> 89.7 % (probable), 7.6 -> 90.6 % (definite).
    assert_eq!(category(probability(5.5, false, c), c), "possible IIM");
    assert_eq!(category(probability(5.6, false, c), c), "probable IIM");
    assert_eq!(category(probability(7.5, false, c), c), "probable IIM");
    assert_eq!(category(probability(7.6, false, c), c), "definite IIM");
    assert_eq!(
        category(probability(5.3, false, c), c),
        "does not meet 2017 EULAR/ACR IIM classification"
    );
    assert_eq!(subclass(45.0, true, true, false), "dermatomyositis");
    assert_eq!(
        subclass(45.0, true, false, false),
        "amyopathic dermatomyositis"
    );
    assert_eq!(
        subclass(12.0, true, false, false),
        "juvenile dermatomyositis"
    );
    assert_eq!(subclass(60.0, false, true, true), "inclusion body myositis");
}

#[test]
fn glucocorticoid_equivalence_and_fold_change() {
    let kb = get().unwrap();
    let eq = |d: &str, mg: f64| prednisone_equivalent(kb, d, mg, Some("mg"), 1.0).unwrap();
    // Methylprednisolone 4 mg = prednisone 5 mg: 160 -> 200, 30 -> 37.5.
    assert!(close(eq("methylprednisolone", 160.0), 200.0, 1e-9));
    assert!(close(eq("methylprednisolone", 30.0), 37.5, 1e-9));
    assert!(close(eq("dexamethasone", 6.0), 40.0, 1e-9));
    assert!(close(eq("hydrocortisone", 200.0), 50.0, 1e-9));
    assert!(close(eq("prednisolone", 50.0), 50.0, 1e-9));
    // 1 g methylprednisolone pulse = 1250 mg prednisone.
    assert!(close(
        prednisone_equivalent(kb, "methylprednisolone", 1.0, Some("g"), 1.0).unwrap(),
        1250.0,
        1e-9
    ));
    // A daily total is per day whatever the frequency: 60 mg/d given BID
    // is 60 mg a day, not 120.
    assert!(close(
        prednisone_equivalent(kb, "prednisolone", 60.0, Some("mg/d"), 2.0).unwrap(),
        60.0,
        1e-9
    ));
    assert!(prednisone_equivalent(kb, "tacrolimus", 1.0, Some("mg"), 1.0).is_err());
    assert!(prednisone_equivalent(kb, "prednisone", 1.0, Some("mg/kg"), 1.0).is_err());
    assert_eq!(
        fold_change(2665.0, 9500.0).map(|f| (f * 100.0).round() / 100.0),
        Some(3.56)
    );
    assert_eq!(fold_change(0.0, 1.0), None);
}

#[test]
fn severinghaus_dissociation_curve() {
    let kb = get().unwrap();
    let s = &kb.names.severinghaus;
    // S(100) = 100 / (23400 / (10^6 + 15000) + 1) = 97.75 %;
    // S(26.8) ~ 50 % (P50); S(54) = 87.6 %.
    assert!(close(saturation_from_po2(100.0, s), 97.75, 0.01));
    assert!(close(saturation_from_po2(26.8, s), 50.0, 1.0));
    assert!(close(saturation_from_po2(54.0, s), 87.6, 0.05));
}
