//! Notes exported from an electronic health record: medication lists with
//! sig lines ("500 MG tablet, Take 2 tablets (1,000 mg total) by mouth 2
//! (two) times daily. Start: 03/14/2025"), and result rows with a
//! reference range and a flag column.

mod common;

use casecourse_model::{DoseAction, Flag, Kind};
use common::{all, assert_no_fact, course, fact};

const NOTE: &str = "Rheumatology Progress Note\n\
Date of Service: 06/18/2025\n\n\
Ms. Doe is a 57 y.o. female with dermatomyositis who presents for follow-up.\n\n\
Current Outpatient Medications\n\
mycophenolate mofetil (CELLCEPT) 500 MG tablet, Take 2 tablets (1,000 mg total) by mouth 2 (two) times daily. Start: 03/14/2025\n\
predniSONE (DELTASONE) 10 MG tablet, Take 1 tablet (10 mg total) by mouth daily. Start: 05/07/2025\n\
sulfamethoxazole-trimethoprim (BACTRIM DS) 800-160 MG per tablet, Take 1 tablet by mouth 3 (three) times a week.\n\
tacrolimus (PROGRAF) 1 MG capsule, Take 2 capsules (2 mg total) by mouth every 12 (twelve) hours. Start: 01/10/2025 End: 03/14/2025\n\n\
Lab Results\n\
Component\tValue\tRef Range\tFlag\n\
CRP\t12.4\t<5.0 mg/L\tH\n\
Ferritin\t90\t15 - 150 ng/mL\t\n";

#[test]
fn a_strength_in_capitals_is_a_unit_not_myasthenia_gravis() {
    let c = course(NOTE);
    assert_no_fact(&c, "myasthenia gravis");
    // The list keeps one drug per line: each drug is read.
    for drug in ["mycophenolate mofetil", "prednisone", "tacrolimus"] {
        assert_eq!(fact(&c, drug).kind, Kind::Medication, "{drug}");
    }
}

#[test]
fn a_sig_gives_the_total_dose_and_a_count_restated_in_words_is_read_once() {
    let c = course(NOTE);
    let mmf = fact(&c, "mycophenolate mofetil");
    let d = mmf.dosage.as_ref().expect("a dosage");
    assert_eq!((d.dose, d.unit.as_deref()), (Some(1000.0), Some("mg")));
    assert_eq!(d.frequency.as_deref(), Some("BID"));
    let tac = fact(&c, "tacrolimus").dosage.as_ref().expect("a dosage");
    assert_eq!(
        (tac.dose, tac.frequency.as_deref()),
        (Some(2.0), Some("Q12H"))
    );
    let bactrim = fact(&c, "trimethoprim-sulfamethoxazole");
    assert_eq!(
        bactrim.dosage.as_ref().and_then(|d| d.frequency.as_deref()),
        Some("TIW")
    );
}

#[test]
fn start_and_end_fields_date_the_drug_above_them() {
    let c = course(NOTE);
    let tac = fact(&c, "tacrolimus");
    // 01/10/2025 and 03/14/2025 against the visit of 06/18/2025.
    assert_eq!(tac.time.day, Some(-159.0));
    assert_eq!(tac.time.end_day, Some(-96.0));
    assert_eq!(tac.time.date.as_deref(), Some("2025-01-10"));
    assert_eq!(
        tac.dosage.as_ref().and_then(|d| d.action),
        Some(DoseAction::Start)
    );
    let pred = fact(&c, "prednisone");
    assert_eq!(pred.time.day, Some(-42.0));
}

#[test]
fn fields_that_follow_no_drug_date_nothing() {
    let c = course(
        "Clinic letter 06/18/2025.\nShe is well.\nStart: 03/14/2025\nMethotrexate 15 mg weekly continues.\n",
    );
    let mtx = fact(&c, "methotrexate");
    assert_ne!(mtx.time.day, Some(-96.0));
}

#[test]
fn a_result_row_takes_its_unit_from_the_range_and_its_flag_from_the_flag_column() {
    let c = course(NOTE);
    let crp = fact(&c, "C-reactive protein");
    assert_eq!(crp.unit.as_deref(), Some("mg/L"));
    assert_eq!(crp.flag, Some(Flag::High));
    let range = crp.reference_range.as_ref().expect("the printed range");
    assert_eq!(range.high, Some(5.0));
    let ferritin = all(&c, "ferritin");
    assert_eq!(ferritin.len(), 1);
    assert_eq!(ferritin[0].unit.as_deref(), Some("ng/mL"));
    assert_eq!(ferritin[0].flag, Some(Flag::Normal));
}
