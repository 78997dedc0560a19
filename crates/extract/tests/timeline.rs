//! Where a narrative puts day 0 and its later events: document structure,
//! visits named by a place of care, and times counted from a named event
//! or the start of a drug.

mod common;

use casecourse_model::{Course, IndexKind, Kind};
use common::{all, assert_each, assert_no_fact, course, fact};

/// The day of the first fact named `name` of `kind`.
fn day(c: &Course, kind: Kind, name: &str) -> Option<f64> {
    c.facts
        .iter()
        .find(|f| f.kind == kind && f.name == name)
        .unwrap_or_else(|| panic!("no {name:?} in {:#?}", c.facts))
        .time
        .anchor_day()
}

#[test]
fn a_plain_title_after_the_introduction_opens_the_case() {
    let c = course(
        "Background\nDermatomyositis is rare.\n\nCase presentation\nA 50-year-old man was admitted with fever. Ferritin was 2400 ng/mL.\n\nDiscussion\nFerritin is a marker.",
    );
    let ferritin = all(&c, "ferritin");
    assert_eq!(ferritin.len(), 1, "{:#?}", c.facts);
}

#[test]
fn a_referral_to_any_clinic_is_the_first_visit_and_its_date_is_found_again() {
    let c = course(
        "A 49-year-old woman was referred to our pulmonology clinic because of breathlessness. \
         In October 2020 she had noticed a dry cough. She was first seen on 11 January 2021. \
         On 25 January 2021 prednisolone 50 mg daily was started.",
    );
    assert_eq!(c.index.kind, IndexKind::FirstVisit);
    assert_eq!(c.index.date.as_deref(), Some("2021-01-11"));
    assert_eq!(day(&c, Kind::Medication, "prednisolone"), Some(14.0));
}

#[test]
fn a_clinic_named_after_a_disease_is_a_place_not_a_diagnosis() {
    let c = course(
        "A 72-year-old woman was referred urgently to our fast-track GCA clinic. \
         Her GP had started prednisolone 15 mg daily two months before referral.",
    );
    assert_eq!(c.index.kind, IndexKind::FirstVisit);
    assert_no_fact(&c, "giant cell arteritis");
    let start = day(&c, Kind::Medication, "prednisolone").expect("a start day");
    assert!(start < -50.0, "two months before day 0, got {start}");
}

#[test]
fn weeks_after_a_named_event_or_a_drug_start_count_from_it() {
    let c = course(
        "She was admitted with pneumonia. Two weeks later, prednisolone 30 mg daily was started. \
         Three weeks after starting prednisolone, the CRP was 4 mg/L. \
         She was discharged on day 40 of admission. One week after discharge, the ferritin was 300 ng/mL.",
    );
    assert_eq!(day(&c, Kind::Lab, "C-reactive protein"), Some(35.0));
    assert_eq!(day(&c, Kind::Lab, "ferritin"), Some(46.0));
}

#[test]
fn dates_in_a_letter_header_do_not_move_the_narrative() {
    let c = course(
        "DISCHARGE SUMMARY\nPt: 71M. Adm 14/02/2024 via ED. D/C 21/02/2024.\nO/E:\nHR 118, RR 28.\nProgress:\nOn 16/02/2024 CRP was 120 mg/L.",
    );
    assert_eq!(c.index.kind, IndexKind::Admission);
    assert_eq!(day(&c, Kind::Vital, "heart rate"), Some(0.0));
    assert_eq!(day(&c, Kind::Lab, "C-reactive protein"), Some(2.0));
}

#[test]
fn a_date_with_a_two_digit_year_is_a_date() {
    let c = course(
        "DISCHARGE SUMMARY\nPt: 71M. Adm 14/02/24 via ED.\nProgress:\nOn 16/02/24 CRP was 120 mg/L.\n\
         Seen in clinic 14/12/23: CRP 8 mg/L.",
    );
    assert_eq!(c.index.date.as_deref(), Some("2024-02-14"));
    let crp = series_of(&c, "C-reactive protein");
    assert_eq!(crp, [Some(2.0), Some(-62.0)]);
    // Only slashes make a two-digit-year date: single digits ("power
    // 4/5/5") and full stops ("section 2.11.23", a numbered item) do not.
    let c =
        course("A 60-year-old man was admitted. Power 4/5/5 in both arms, as in section 2.11.23.");
    assert_eq!(c.index.date, None);
}

/// The days of every fact named `name`, in order.
fn series_of(c: &Course, name: &str) -> Vec<Option<f64>> {
    c.facts
        .iter()
        .filter(|f| f.name == name)
        .map(|f| f.time.day)
        .collect()
}

#[test]
fn day_numbers_count_from_day_one_unless_the_text_names_a_day_zero() {
    let from_one = course("She was admitted with fever. On day 4 ferritin was 9000 ng/mL.");
    assert_eq!(day(&from_one, Kind::Lab, "ferritin"), Some(3.0));
    let from_zero =
        course("She was admitted with fever (day 0). On day 4 ferritin was 9000 ng/mL.");
    assert_eq!(day(&from_zero, Kind::Lab, "ferritin"), Some(4.0));
}

#[test]
fn drugs_already_taken_are_before_the_course_and_short_courses_end_on_their_last_day() {
    let c = course(
        "A 60-year-old man was admitted (day 0) with a rash. He had hypertension, controlled with amlodipine 5 mg once daily. \
         On day 4 methylprednisolone 1 g daily for 3 days was started.",
    );
    let amlodipine = fact(&c, "amlodipine");
    assert_eq!(amlodipine.time.relation, casecourse_model::Relation::Before);
    let mp = fact(&c, "methylprednisolone");
    assert_eq!(
        (mp.time.anchor_day(), mp.time.end_day),
        (Some(4.0), Some(6.0))
    );
    // "was started" after the dose is the dose's own action.
    let action = mp.dosage.as_ref().and_then(|d| d.action);
    assert_eq!(action, Some(casecourse_model::DoseAction::Start));
}

#[test]
fn a_day_range_gives_a_dose_its_start_and_end() {
    let c = course(
        "She was admitted (day 0) with fever. Methylprednisolone 1 g was given intravenously once daily on days 4 to 6.",
    );
    let mp = fact(&c, "methylprednisolone");
    assert_eq!(
        (mp.time.anchor_day(), mp.time.end_day),
        (Some(4.0), Some(6.0))
    );
}

#[test]
fn a_list_of_days_is_each_day_not_a_span_and_a_range_stays_a_range() {
    let text = "She was admitted on day 0. Rituximab 1000 mg was administered on days 1 and 15. \
         Intravenous cyclophosphamide 750 mg/m2 was given on days 3, 17 and 31. \
         IVIG was administered on days 5, 6, and 7. \
         Plasma exchange was performed on days 10, 12 and 14. \
         Methylprednisolone 1 g was given on days 20-22.";
    let c = course(text);
    let span = |name: &str| {
        let f = fact(&c, name);
        (f.time.anchor_day(), f.time.end_day)
    };
    assert_eq!(span("rituximab"), (Some(1.0), Some(15.0)));
    assert_eq!(span("cyclophosphamide"), (Some(3.0), Some(31.0)));
    assert_eq!(span("intravenous immunoglobulin"), (Some(5.0), Some(7.0)));
    assert_eq!(day(&c, Kind::Procedure, "plasma exchange"), Some(10.0));
    assert_eq!(span("methylprednisolone"), (Some(20.0), Some(22.0)));
}

#[test]
fn and_joins_the_ends_of_a_span_of_days_only_after_between() {
    let c = course(
        "She was admitted on day 0. Prednisolone 60 mg daily was given between days 3 and 10.",
    );
    let f = fact(&c, "prednisolone");
    assert_eq!(
        (f.time.anchor_day(), f.time.end_day),
        (Some(3.0), Some(10.0))
    );
}

#[test]
fn the_days_of_a_readmission_count_from_the_readmission() {
    let c = course(
        "She was admitted on day 0 and discharged on day 20. She was readmitted on day 75. \
         On day 3 of the second admission, methylprednisolone 1 g daily was started. \
         On day 10 of readmission, she died.",
    );
    assert_eq!(day(&c, Kind::Medication, "methylprednisolone"), Some(77.0));
    assert_eq!(day(&c, Kind::Event, "death"), Some(84.0));
    // The stay named in the time is no admission of its own.
    let stays: Vec<(&str, Option<f64>)> = c
        .facts
        .iter()
        .filter(|f| f.kind == Kind::Event && f.name.contains("admission"))
        .map(|f| (f.name.as_str(), f.time.day))
        .collect();
    assert_eq!(
        stays,
        [("admission", Some(0.0)), ("readmission", Some(75.0))]
    );

    let c = course(
        "He was admitted on day 0 and discharged on day 30. He was readmitted on day 60. \
         On the fourth day of his second hospitalization, he was intubated. \
         On hospital day 7 he was started on tofacitinib.",
    );
    assert_eq!(
        day(&c, Kind::Procedure, "endotracheal intubation"),
        Some(63.0)
    );
    assert_eq!(day(&c, Kind::Medication, "tofacitinib"), Some(66.0));
}

#[test]
fn hospital_days_of_a_single_admission_count_from_the_index() {
    let c = course(
        "A 60-year-old man was admitted with fever. On hospital day 7 he was started on tofacitinib. \
         On the tenth day of his hospitalization, he died.",
    );
    assert_eq!(day(&c, Kind::Medication, "tofacitinib"), Some(6.0));
    assert_eq!(day(&c, Kind::Event, "death"), Some(9.0));
}

#[test]
fn the_days_of_a_treatment_count_from_its_start() {
    let c = course(
        "She was admitted on day 0. Methylprednisolone pulse therapy was started on day 3 (treatment day 1). \
         On day 8 of treatment, ferritin was 900 ng/mL. On treatment day 21, ferritin was 300 ng/mL.",
    );
    assert_eq!(day(&c, Kind::Medication, "methylprednisolone"), Some(3.0));
    let ferritin: Vec<Option<f64>> = all(&c, "ferritin")
        .iter()
        .map(|f| f.time.anchor_day())
        .collect();
    assert_eq!(ferritin, [Some(10.0), Some(23.0)]);

    let c = course(
        "He was admitted on day 0. Tacrolimus was started on day 5. \
         On therapy day 5, KL-6 was 1200 U/mL.",
    );
    assert_eq!(day(&c, Kind::Lab, "KL-6"), Some(9.0));
}

#[test]
fn a_complaint_that_began_before_day_0_dates_its_onset() {
    let c = course(
        "She was admitted on 11 January 2021. In October 2020 she had started to notice breathlessness. \
         In November 2020 she presented to her doctor with a dry cough.",
    );
    let rel = |name: &str| fact(&c, name).time.relation;
    assert_eq!(
        rel("shortness of breath"),
        casecourse_model::Relation::Onset
    );
    assert_eq!(rel("dry cough"), casecourse_model::Relation::At);
}

#[test]
fn a_time_closing_a_later_clause_places_that_clause() {
    let c = course(
        "He was admitted with pneumonia. Ferritin was 900 ng/mL on day 3, and CRP 40 mg/L on day 5.",
    );
    assert_eq!(day(&c, Kind::Lab, "ferritin"), Some(2.0));
    assert_eq!(day(&c, Kind::Lab, "C-reactive protein"), Some(4.0));
}

#[test]
fn weeks_after_a_later_visit_count_from_that_visit() {
    let c = course(
        "She was referred to our rheumatology clinic with arthralgia. \
         Six weeks later, at the clinic review, she was well. Two weeks after the clinic review, the CRP was 30 mg/L. \
         Nine weeks after her first visit, the ferritin was 300 ng/mL.",
    );
    assert_eq!(c.index.kind, IndexKind::FirstVisit);
    assert_eq!(day(&c, Kind::Lab, "C-reactive protein"), Some(56.0));
    assert_eq!(day(&c, Kind::Lab, "ferritin"), Some(63.0));
}

#[test]
fn a_drug_replaced_by_another_stops_and_the_other_starts() {
    use casecourse_model::DoseAction;
    let c = course(
        "She was admitted with jaundice. On day 5 metformin was replaced by insulin glargine 14 units at night.",
    );
    let action = |name: &str| fact(&c, name).dosage.as_ref().and_then(|d| d.action);
    assert_eq!(action("metformin"), Some(DoseAction::Stop));
    assert_eq!(action("insulin glargine"), Some(DoseAction::Start));
}

#[test]
fn a_time_inside_brackets_dates_only_the_bracket() {
    let c = course(
        "He was admitted with haemoptysis. Serum creatinine was 286 umol/L \
         (normal 14 months earlier), urea 18.2 mmol/L and CRP 124 mg/L.",
    );
    assert_eq!(day(&c, Kind::Lab, "urea"), Some(0.0));
    assert_eq!(day(&c, Kind::Lab, "C-reactive protein"), Some(0.0));
    // Nor the value before it, when the bracket opens with a value of its
    // own; and the next sentence counts on from the narrative, not from
    // the bracket.
    assert_eq!(day(&c, Kind::Lab, "creatinine"), Some(0.0));
    let c = course(
        "He was admitted with breathlessness. BNP 1,860 pg/mL (420 pg/mL six months ago). \
         ALT was 31 U/L three days later.",
    );
    assert_eq!(day(&c, Kind::Lab, "B-type natriuretic peptide"), Some(0.0));
    assert_eq!(day(&c, Kind::Lab, "alanine aminotransferase"), Some(3.0));
    // A bracket about the drug itself still dates it.
    let c = course(
        "She was admitted. Sertraline 50 mg daily (dose increased from 25 mg 3 weeks ago) was \
         continued.",
    );
    assert_eq!(day(&c, Kind::Medication, "sertraline"), Some(-21.0));
}

#[test]
fn at_that_time_is_the_time_the_sentence_before_named() {
    let c = course(
        "I reviewed him in clinic today. He first presented eight months ago with a dry cough. \
         At that time his CK was 1,240 U/L. Today his CK is 186 U/L.",
    );
    let ck: Vec<_> = all(&c, "creatine kinase")
        .iter()
        .map(|f| f.time.anchor_day())
        .collect();
    let first = ck[0].expect("dated");
    assert!(first < -200.0, "eight months ago, got {first}");
    assert_eq!(ck[1], Some(0.0));
}

#[test]
fn a_hospital_day_code_may_have_a_space() {
    let c = course(
        "He was admitted with breathlessness. On HD 5 his weight was 87.0 kg. Discharge on HD 7: creatinine 1.4 mg/dL.",
    );
    assert_eq!(day(&c, Kind::Vital, "body weight"), Some(4.0));
    assert_eq!(day(&c, Kind::Lab, "creatinine"), Some(6.0));
}

#[test]
fn a_referral_to_a_service_or_unit_is_a_visit() {
    let c = course(
        "A 9-year-old girl was referred to our paediatric rheumatology service with a rash. \
         Creatine kinase was 1,860 U/L. Treatment began on the day of admission.",
    );
    assert_eq!(c.index.kind, IndexKind::FirstVisit);
    assert_eq!(day(&c, Kind::Lab, "creatine kinase"), Some(0.0));
}

#[test]
fn a_discharge_summary_title_is_not_a_discharge() {
    let c = course(
        "DISCHARGE SUMMARY\nHe was admitted with pneumonia.\nDischarge medications: amoxicillin 500 mg three times daily.",
    );
    assert_no_fact(&c, "discharge");
    fact(&c, "admission");
}

#[test]
fn complaints_before_a_long_presentation_clause_date_their_onset() {
    let c = course(
        "A 54-year-old man presented to the emergency department of our hospital on January 12, 2024, \
         after 5 days of fever and myalgia. He had not received the influenza vaccine. \
         He had never smoked and drank alcohol rarely.",
    );
    let fever = fact(&c, "fever");
    assert_eq!(fever.time.relation, casecourse_model::Relation::Onset);
    assert_eq!(fever.time.day, Some(-5.0));
    // The vaccine is a drug, not a diagnosis of influenza.
    assert_no_fact(&c, "influenza");
    assert_eq!(
        fact(&c, "alcohol use").value,
        Some(casecourse_model::Value::Text("occasional".into()))
    );
}

#[test]
fn a_drug_not_given_is_negated_but_a_drug_beside_a_negated_complaint_is_not() {
    let c = course(
        "She was admitted with a rash. Azathioprine was discussed but not started. \
         Do not restart indapamide. At week 12 she had no fever, rash or synovitis, and prednisolone 10 mg daily was continued. \
         She had not travelled recently and took only paracetamol. She was free of symptoms on methotrexate 15 mg weekly.",
    );
    for (name, negated) in [
        ("azathioprine", true),
        ("indapamide", true),
        ("prednisolone", false),
        ("paracetamol", false),
        ("methotrexate", false),
    ] {
        assert_eq!(fact(&c, name).negated, negated, "{name}");
    }
}

#[test]
fn becoming_afebrile_is_a_status_and_an_afebrile_examination_a_temperature() {
    let c = course(
        "A 40-year-old man was admitted with pneumonia. On examination he was afebrile. \
         He became afebrile on day 9.",
    );
    let temperature = fact(&c, "temperature");
    assert_eq!(temperature.kind, Kind::Vital);
    assert_eq!(temperature.time.anchor_day(), Some(0.0));
    let status = fact(&c, "afebrile");
    assert_eq!(status.kind, Kind::Status);
    assert_eq!(status.time.anchor_day(), Some(8.0));
    assert_eq!(all(&c, "temperature").len(), 1);
}

#[test]
fn a_known_heading_with_a_full_stop_still_ends_the_case() {
    let c = course(
        "CASE REPORT\nA 50-year-old man was admitted with asthma.\nDISCUSSION.\n\
         Patients with lupus take hydroxychloroquine 200 mg daily.",
    );
    assert_no_fact(&c, "hydroxychloroquine");
    assert_no_fact(&c, "systemic lupus erythematosus");
}

#[test]
fn history_headings_are_not_facts_but_history_denied_is() {
    let c = course(
        "A 52-year-old woman was admitted with fever.\nPast medical history: asthma.\nNKDA.\n\
         She took no regular medication.\nFamily history: mother had rheumatoid arthritis.",
    );
    let allergy = fact(&c, "drug allergy");
    assert!(allergy.negated, "{allergy:#?}");
    assert!(fact(&c, "regular medication").negated);
    assert_eq!(fact(&c, "asthma").kind, Kind::History);
    assert_no_fact(&c, "significant past medical history");
    assert_no_fact(&c, "family history");
    // Denied, the same words are a fact.
    let c = course(
        "A 52-year-old woman was admitted with fever. She had no past medical history and no family history.",
    );
    assert!(fact(&c, "significant past medical history").negated);
    assert!(fact(&c, "family history").negated);
}

#[test]
fn each_exposure_of_an_ild_history_is_its_own_fact() {
    let c = course(
        "A 61-year-old man was referred with breathlessness. He has kept racing pigeons for 30 years. \
         No asbestos exposure, no mould at home and no hot tub use. He has not travelled abroad.",
    );
    let birds = fact(&c, "bird exposure");
    assert_eq!((birds.kind, birds.negated), (Kind::Social, false));
    assert_each(
        &c,
        &[
            "asbestos exposure",
            "mould exposure",
            "hot tub exposure",
            "recent travel",
        ],
        Kind::Social,
        true,
    );
    assert_no_fact(&c, "occupational dust or chemical exposure");
}

#[test]
fn a_drug_kept_back_or_not_started_on_is_negated() {
    let c = course(
        "She was admitted with gout. Urate-lowering therapy was deferred until the flare settled. \
         Naproxen was avoided because of her kidneys. He was not started on prednisolone. \
         Methotrexate 15 mg weekly was continued and later avoided.",
    );
    for (name, negated) in [
        ("urate-lowering therapy", true),
        ("naproxen", true),
        ("prednisolone", true),
        // "later avoided" is no word right after the drug.
        ("methotrexate", false),
    ] {
        assert_eq!(fact(&c, name).negated, negated, "{name}");
    }
    // A list of drugs kept back: each member is.
    let c = course(
        "She was admitted with vasculitis. Rituximab and cyclophosphamide were deferred. \
         NSAIDs and opioids were avoided.",
    );
    for name in ["rituximab", "cyclophosphamide", "NSAIDs", "opioids"] {
        assert!(fact(&c, name).negated, "{name}");
    }
    // What was deferred is something else, or the drug came later.
    let c = course(
        "She was admitted with gout. He received heparin so surgery was deferred. \
         Azathioprine was deferred until the infection cleared and then started at 50 mg daily.",
    );
    for name in ["heparin", "azathioprine"] {
        assert!(!fact(&c, name).negated, "{name}");
    }
}

#[test]
fn a_class_of_drugs_is_a_fact_when_withheld_or_given_alone() {
    let c = course(
        "He was admitted with pneumonia. Corticosteroids were not given. Paroxysmal AF - not anticoagulated. \
         She had not been prescribed Pneumocystis prophylaxis. No vasopressors were required. \
         At week 2 he was treated with antibiotics and diuretics. \
         Co-trimoxazole 960 mg three times weekly was given for Pneumocystis prophylaxis. \
         He was reviewed at the anticoagulation clinic. No indication for antifibrotic therapy.",
    );
    for name in [
        "glucocorticoids",
        "anticoagulation",
        "Pneumocystis prophylaxis",
        "vasopressors",
        "antifibrotic therapy",
    ] {
        let facts = all(&c, name);
        assert!(!facts.is_empty(), "no {name} in {:#?}", c.facts);
        assert!(facts.iter().all(|f| f.negated), "{name}: {facts:#?}");
    }
    // Given with no drug of the class named: the class is the medication
    // (since stop 27); given while the text names a drug of it
    // (co-trimoxazole, an antibacterial), named for another purpose, a
    // quality or a screen's result: no fact of the class.
    assert!(!all(&c, "diuretics").is_empty());
    assert!(all(&c, "diuretics").iter().all(|f| !f.negated));
    assert_no_fact(&c, "antibiotics");
    let prophylaxis = all(&c, "Pneumocystis prophylaxis");
    assert_eq!(prophylaxis.len(), 1, "{prophylaxis:#?}");
    let tmp = fact(&c, "trimethoprim-sulfamethoxazole");
    let indication = tmp.dosage.as_ref().and_then(|d| d.indication.as_deref());
    assert_eq!(indication, Some("Pneumocystis prophylaxis"), "{tmp:#?}");
    let c = course(
        "He was admitted with pneumonia. No co-trimoxazole was given for Pneumocystis prophylaxis. \
         She was not steroid-dependent. Urine drug screen: opiates negative, benzodiazepines negative. \
         Anticoagulation was withheld because of bleeding.",
    );
    assert!(fact(&c, "trimethoprim-sulfamethoxazole").negated);
    for name in [
        "Pneumocystis prophylaxis",
        "glucocorticoids",
        "opioids",
        "benzodiazepines",
    ] {
        assert_no_fact(&c, name);
    }
    assert!(fact(&c, "anticoagulation").negated);
}

#[test]
fn an_event_named_as_a_time_is_not_negated() {
    let c = course(
        "She was admitted with hypoxaemia. Pulmonary function tests were not feasible at admission.",
    );
    let admissions = all(&c, "admission");
    assert!(!admissions.is_empty(), "{:#?}", c.facts);
    assert!(admissions.iter().all(|f| !f.negated), "{admissions:#?}");
}

#[test]
fn a_caption_dose_that_the_regimen_already_gives_is_a_restatement() {
    let c = course(
        "He was admitted with dyspnoea. At week 4 iguratimod 25 mg twice daily was started.\n\n\
         Figure 1. Course at week 20 on iguratimod 25 mg twice daily.",
    );
    let iguratimod = all(&c, "iguratimod");
    assert_eq!(iguratimod.len(), 1, "{iguratimod:#?}");
}

#[test]
fn complaints_that_improved_are_the_status_not_present_complaints() {
    let c = course(
        "He was admitted with chest tightness. At week 20 chest tightness and dyspnoea gradually improved. \
         At week 30 the cough worsened.",
    );
    let at = |name: &str, day: f64| {
        c.facts
            .iter()
            .any(|f| f.kind == Kind::Symptom && f.name == name && f.time.anchor_day() == Some(day))
    };
    assert!(!at("chest tightness", 140.0), "{:#?}", c.facts);
    assert!(
        at("cough", 210.0),
        "a worse complaint is still present: {:#?}",
        c.facts
    );
}

#[test]
fn british_shorthand_durations_date_an_onset_but_dates_are_not_durations() {
    let c = course("He was admitted with pneumonia on 4/12/2023. He had a 4/7 history of cough.");
    let cough = fact(&c, "cough");
    assert_eq!(cough.time.relation, casecourse_model::Relation::Onset);
    assert_eq!(cough.time.day, Some(-4.0));
    assert_eq!(c.index.date.as_deref(), Some("2023-12-04"));
}

/// The (start, end) days of the first fact named `name`.
fn span(c: &Course, name: &str) -> (Option<f64>, Option<f64>) {
    let t = &fact(c, name).time;
    (t.start_day.or(t.day), t.end_day)
}

#[test]
fn a_bracket_holding_only_a_time_dates_the_words_before_it() {
    let c = course(
        "A 60-year-old man was admitted with GPA.\n\
         Prednisolone was 5 mg daily at week 20. Rituximab 375 mg/m2 was infused weekly \
         for 4 doses (weeks 0 to 3). Cyclophosphamide 500 mg was given (day 8).",
    );
    assert_eq!(span(&c, "rituximab"), (Some(0.0), Some(21.0)));
    assert_eq!(day(&c, Kind::Medication, "cyclophosphamide"), Some(7.0));
    // "(week 0)" labels the index; it does not move the narrative.
    let c = course(
        "A 60-year-old man was admitted with jaundice.\nA biopsy 5 days after admission \
         showed IgG4-related disease. Weeks are counted from admission (week 0).\n\
         Alendronate 70 mg weekly was added.",
    );
    assert_eq!(day(&c, Kind::Medication, "alendronic acid"), Some(5.0));
}

#[test]
fn a_time_after_followed_by_or_a_new_dose_dates_what_follows() {
    let c = course(
        "A 60-year-old man was admitted with GPA.\nHe received methylprednisolone 500 mg \
         intravenously once daily for 3 days, followed by prednisolone 60 mg daily, \
         reduced to 20 mg daily at week 6 and 5 mg daily at week 20.",
    );
    assert_eq!(span(&c, "methylprednisolone").0, Some(0.0));
    let pred: Vec<_> = all(&c, "prednisolone")
        .iter()
        .map(|f| (f.dosage.as_ref().and_then(|d| d.dose), f.time.anchor_day()))
        .collect();
    assert_eq!(pred[0], (Some(60.0), Some(0.0)), "{pred:?}");
    assert_eq!(pred[1], (Some(20.0), Some(42.0)), "{pred:?}");
    // "then" as an adverb of the drug's own verb keeps the time.
    let c = course(
        "A 60-year-old man was admitted with GPA.\nPrednisolone was then tapered and \
         stopped at week 32.",
    );
    assert_eq!(day(&c, Kind::Medication, "prednisolone"), Some(224.0));
}

#[test]
fn a_verb_of_presentation_ends_the_scope_of_an_earlier_negation() {
    let c = course(
        "A 31-year-old man, a software developer with no past medical history, was \
         admitted with a 3-week history of daily spiking fevers and a sore throat.",
    );
    assert!(!fact(&c, "admission").negated, "{:#?}", c.facts);
    assert_eq!(c.index.kind, IndexKind::Admission);
    assert!(!fact(&c, "fever").negated);
    // The negation still reaches what it governs.
    let c = course("He was admitted with cough and had no fever.");
    assert!(fact(&c, "fever").negated);
}

#[test]
fn events_are_named_by_their_lexicon_entry() {
    let c = course(
        "A 58-year-old woman was admitted with pneumonia. On day 3 she was admitted to the \
         intensive care unit. She was referred to our respiratory clinic 6 weeks later.",
    );
    assert_eq!(day(&c, Kind::Event, "admission"), Some(0.0));
    assert_eq!(day(&c, Kind::Event, "ICU admission"), Some(2.0));
    assert!(
        c.facts.iter().any(|f| f.name == "clinic visit"),
        "{:#?}",
        c.facts
    );
    assert_no_fact(&c, "icu-admission");
    assert_no_fact(&c, "visit");
}

#[test]
fn an_event_that_anchors_an_offset_is_not_an_event_at_that_time() {
    let c = course(
        "A 50-year-old man was admitted with COVID-19 pneumonia.\nHe was discharged home \
         23 days after admission.\nFour weeks after discharge he re-presented with chest \
         pain and was readmitted. Apixaban was started, planned for 3 months, and he was \
         discharged after two days.",
    );
    let days = |name: &str| -> Vec<Option<f64>> {
        all(&c, name)
            .iter()
            .filter(|f| f.kind == Kind::Event)
            .map(|f| f.time.anchor_day())
            .collect()
    };
    // One admission (day 0), no admission or discharge at an offset.
    assert_eq!(days("admission"), [Some(0.0)]);
    assert_eq!(days("readmission"), [Some(51.0)]);
    // "after two days" counts from the readmission, not from day 0, and
    // the plan before it does not make the discharge hypothetical.
    assert_eq!(days("discharge"), [Some(23.0), Some(53.0)]);
    assert!(
        all(&c, "discharge")
            .iter()
            .all(|f| f.certainty == casecourse_model::Certainty::Affirmed)
    );
}

#[test]
fn a_span_told_in_the_past_perfect_dates_the_onset() {
    let c = course(
        "A 63-year-old man was admitted with weakness. For 2 weeks he had been choking on \
         solid food.",
    );
    assert_eq!(fact(&c, "dysphagia").time.anchor_day(), Some(-14.0));
    // The span may be told of a part of the body.
    let c = course(
        "A 52-year-old man was admitted after a syncope. For four days he had been short of \
         breath, and for a week his left calf had been swollen.",
    );
    assert_eq!(fact(&c, "swelling").time.anchor_day(), Some(-7.0));
    assert_eq!(
        fact(&c, "shortness of breath").time.anchor_day(),
        Some(-4.0)
    );
}

#[test]
fn a_short_span_after_one_complaint_leaves_the_onset_of_the_sentence_to_the_others() {
    let c = course(
        "A 72-year-old woman was referred to our clinic. Over the preceding three weeks she had \
         developed a temporal headache and pain in the jaw after chewing for a minute or two.",
    );
    assert_eq!(fact(&c, "temporal headache").time.anchor_day(), Some(-21.0));
}

#[test]
fn a_presentation_to_an_emergency_department_is_an_admission_not_a_clinic_visit() {
    for text in [
        "A 3-year-old girl was brought to the paediatric emergency department with fever.",
        "A 58-year-old man presented to the emergency department with confusion.",
    ] {
        let c = course(text);
        assert_eq!(fact(&c, "admission").time.day, Some(0.0), "{text}");
        assert_no_fact(&c, "clinic visit");
    }
    // A clinic is still a visit.
    let c = course("A 64-year-old woman was referred to our rheumatology clinic with joint pain.");
    fact(&c, "clinic visit");
}

#[test]
fn the_next_day_and_hours_written_short_move_the_narrative() {
    let day = |text: &str| {
        let c = course(&format!("A 58-year-old man was admitted. {text}"));
        fact(&c, "insulin").time.day
    };
    assert_eq!(
        day("On day 3 he was febrile. The next day insulin was started."),
        Some(3.0)
    );
    assert_eq!(day("Insulin was started the following morning."), Some(1.0));
    assert_eq!(day("At 6 h, insulin was started."), Some(0.25));
    assert_eq!(day("Insulin was started at hour 12."), Some(0.5));
    // A plural is a stretch, not a step: "over the following months".
    assert_ne!(
        day("Over the following months insulin was started."),
        Some(30.4375)
    );
}

#[test]
fn an_abbreviation_inside_a_time_expression_is_part_of_the_time() {
    let c = course(
        "A 60-year-old man was admitted with acute kidney injury. On HD 3 his creatinine \
         was 400 umol/L and HD was started.",
    );
    // "HD 3" is hospital day 3; the second "HD" is haemodialysis, once.
    let dialysis = all(&c, "hemodialysis");
    assert_eq!(dialysis.len(), 1, "{dialysis:#?}");
    assert_eq!(fact(&c, "creatinine").time.day, Some(2.0));
}

#[test]
fn a_run_of_spaces_in_a_header_line_separates_its_columns() {
    let c = course(
        "DISCHARGE SUMMARY\n\nPatient: male, 67 years\nDate of admission: 09/01/2024      \
         Date of discharge: 14/01/2024\n\nHe was admitted with pneumonia.\n",
    );
    // The discharge is dated by the column it heads, five days later.
    assert_eq!(fact(&c, "discharge").time.day, Some(5.0));
    assert_eq!(fact(&c, "admission").time.day, Some(0.0));
}

#[test]
fn a_result_given_with_a_past_condition_is_from_before_the_index() {
    use casecourse_model::Relation;
    let c = course(
        "A 70-year-old man was admitted with pneumonia. His history included chronic kidney \
         disease (baseline serum creatinine 1.5 mg/dL) and hypertension; he weighed 102 kg. \
         On admission his creatinine was 2.1 mg/dL.",
    );
    let creatinine = all(&c, "creatinine");
    let before = creatinine
        .iter()
        .find(|f| f.time.relation == Relation::Before)
        .unwrap_or_else(|| panic!("{creatinine:#?}"));
    assert_eq!(before.value, Some(casecourse_model::Value::Number(1.5)));
    assert!(
        creatinine
            .iter()
            .any(|f| f.time.relation == Relation::At && f.time.day == Some(0.0)),
        "{creatinine:#?}"
    );
    // A measurement after the list's clause is today's.
    assert_eq!(fact(&c, "body weight").time.relation, Relation::At);
}

#[test]
fn a_visit_labelled_with_its_time_dates_what_follows() {
    let c = course(
        "Prednisolone 30 mg daily was started.\n\n=== VISIT 2: 3-MONTH FOLLOW-UP ===\nCK 120 U/L.\n\nWeek 30 review\nFerritin 300 ng/mL.",
    );
    let ck = day(&c, Kind::Lab, "creatine kinase").unwrap();
    assert!((ck - 3.0 * 30.4375).abs() < 0.01, "CK on day {ck}");
    assert_eq!(day(&c, Kind::Lab, "ferritin"), Some(210.0));
}

#[test]
fn a_first_visit_heading_is_day_0_and_wk_numbers_count_from_it() {
    let c = course(
        "=== Visit 1: new pt, ILD clinic ===\nSpO2 94% RA. CK 96 U/L.\n\n\
         === MDT (wk 3) ===\nRx: prednisolone 30 mg od.\n\n\
         === Visit 3: 3/12 f/u (wk 12) ===\nCK 80 U/L.",
    );
    assert_eq!(c.index.kind, IndexKind::FirstVisit);
    assert_eq!(day(&c, Kind::Medication, "prednisolone"), Some(21.0));
    let ck: Vec<Option<f64>> = all(&c, "creatine kinase")
        .iter()
        .map(|f| f.time.anchor_day())
        .collect();
    assert_eq!(ck, [Some(0.0), Some(84.0)]);
}

#[test]
fn a_span_of_days_after_an_event_runs_from_its_first_day_to_its_last() {
    let c = course(
        "A 60-year-old man was admitted with weakness. Enoxaparin 40 mg daily was given \
         from 3 to 17 days after admission. Omeprazole 20 mg once daily was prescribed.",
    );
    let enoxaparin = fact(&c, "enoxaparin");
    assert_eq!(
        (enoxaparin.time.start_day, enoxaparin.time.end_day),
        (Some(3.0), Some(17.0))
    );
    // The next sentence without a time of its own is at the span's start.
    assert_eq!(day(&c, Kind::Medication, "omeprazole"), Some(3.0));
}

#[test]
fn on_discharge_is_the_day_of_the_discharge() {
    let c = course(
        "A 60-year-old man was admitted with pneumonia on 1 March 2024. He was discharged \
         home on 9 March 2024. Three weeks later he was seen in clinic.\n\n\
         On discharge his CRP was 12 mg/L.",
    );
    assert_eq!(day(&c, Kind::Lab, "C-reactive protein"), Some(8.0));
}

#[test]
fn a_referral_is_not_a_transfer() {
    let c = course(
        "A 36-year-old man developed chest pain, necessitating referral and immediate \
         admission to our hospital. He was later transferred to the intensive care unit.",
    );
    assert_no_fact(&c, "transfer");
    fact(&c, "ICU admission");
}

#[test]
fn a_background_that_describes_the_patient_is_read_and_its_past_dates_stay_there() {
    let c = course(
        "Case review\n\
         All days are counted from the first dose of treatment (day 0).\n\n\
         Background\n\
         A 58-year-old man who moved to the UK six years ago takes bisoprolol 2.5 mg daily. He works as a chef.\n\n\
         Presentation\n\
         He was referred with ten weeks of productive cough. On day 0 he started rifampicin 600 mg daily.\n",
    );
    assert_eq!(
        fact(&c, "age").value,
        Some(casecourse_model::Value::Number(58.0))
    );
    assert_eq!(fact(&c, "bisoprolol").kind, Kind::Medication);
    let cough = fact(&c, "productive cough");
    assert_eq!(cough.time.relation, casecourse_model::Relation::Onset);
    assert_eq!(cough.time.day, Some(-70.0));
}

#[test]
fn a_background_of_general_statements_is_not_the_patients() {
    let c = course(
        "Background\n\
         Rifampicin induces warfarin metabolism and bisoprolol is often used.\n\n\
         Case presentation\n\
         A 58-year-old man was admitted with cough.\n",
    );
    assert_no_fact(&c, "bisoprolol");
    assert_no_fact(&c, "rifampicin");
}

#[test]
fn a_complaint_since_a_time_ago_or_begun_then_dates_its_onset() {
    let c = course("She was admitted. Dry cough since ~5 months ago.");
    let cough = fact(&c, "dry cough");
    assert_eq!(cough.time.relation, casecourse_model::Relation::Onset);
    let c = course("She presented with a rash that had begun on her trunk 4 days earlier.");
    let rash = c
        .facts
        .iter()
        .find(|f| f.kind == Kind::Symptom)
        .expect("a complaint");
    assert_eq!(rash.time.relation, casecourse_model::Relation::Onset);
    assert_eq!(rash.time.day, Some(-4.0));
}

#[test]
fn months_after_a_biopsy_count_from_the_biopsy() {
    let c = course(
        "A 7-year-old girl was admitted with purpura.\n\
         A kidney biopsy on day 15 showed crescentic nephritis.\n\
         At 3 months after the renal biopsy the albumin was 38 g/L.\n",
    );
    let albumin = fact(&c, "albumin");
    let day = albumin.time.day.expect("a day");
    // The biopsy was on day 14 from admission; three months later.
    assert!(day > 14.0 + 80.0 && day < 14.0 + 100.0, "{day}");
}

#[test]
fn a_time_in_the_brackets_of_a_label_dates_what_the_label_heads() {
    let c = course("Visit 1\n63M seen in clinic.\nBloods (GP, 2/52 ago): Hb 148 g/L, WCC 8.9.\n");
    assert_eq!(day(&c, Kind::Lab, "hemoglobin"), Some(-14.0));
    assert_eq!(day(&c, Kind::Lab, "white blood cell count"), Some(-14.0));
    // A bracket that ends inside the sentence still dates only itself.
    let c = course(
        "She was admitted. Creatinine was 286 umol/L (normal 14 months earlier), urea 18.2 mmol/L.",
    );
    assert_eq!(day(&c, Kind::Lab, "urea"), Some(0.0));
}

#[test]
fn a_time_in_an_aside_does_not_move_the_narrative() {
    let c = course(
        "Visit 1\n63M seen in clinic.\n=== Visit 3 (wk 12) ===\nDiarrhoea on MMF 1.5 g bd (increased at wk 8 by Dr K).\nALT 31. Wt 85 kg.\n",
    );
    assert_eq!(day(&c, Kind::Lab, "alanine aminotransferase"), Some(84.0));
    // A bracket that holds only its time is a time stamp.
    let c = course("She was admitted. Prednisolone was started (day 5).\nALT was 31 U/L.\n");
    assert_eq!(day(&c, Kind::Lab, "alanine aminotransferase"), Some(4.0));
}

#[test]
fn dates_without_a_year_and_result_lines_dated_by_their_label() {
    let text = "Date of admission: 09/01/2024\nINVESTIGATIONS\nRepeat bloods (12/01): CRP 88 mg/L.\n\nMANAGEMENT\nStarted on azithromycin 500 mg PO once daily. Ramipril was restarted on 13/01.\n";
    let c = course(text);
    assert_eq!(day(&c, Kind::Lab, "C-reactive protein"), Some(3.0));
    // The label's date does not carry into the next section.
    let azithro = fact(&c, "azithromycin");
    assert_eq!(azithro.time.anchor_day(), Some(0.0));
    assert_eq!(day(&c, Kind::Medication, "ramipril"), Some(4.0));
}

#[test]
fn a_span_of_dates_gives_a_dose_its_start_and_end_and_what_follows_starts_the_day_after() {
    let c = course(
        "A 40-year-old woman was admitted on 6 March 2023. She received intravenous \
         methylprednisolone 500 mg daily from 8 to 10 March 2023, followed by oral \
         prednisolone 40 mg daily. On 15 March she was discharged.",
    );
    assert_eq!(span(&c, "methylprednisolone"), (Some(2.0), Some(4.0)));
    assert_eq!(
        fact(&c, "methylprednisolone").time.date.as_deref(),
        Some("2023-03-08")
    );
    assert_eq!(span(&c, "prednisolone").0, Some(5.0));
    // A day named without its year is in the year of the index date.
    assert_eq!(day(&c, Kind::Event, "discharge"), Some(9.0));
    // Without an index date, a date without its year dates nothing.
    let c = course("She was admitted. On 15 March she was discharged.");
    assert_eq!(fact(&c, "discharge").time.date, None);
}

#[test]
fn a_drug_stopped_after_a_time_stops_that_long_after_its_start() {
    let c = course(
        "A 50-year-old man was admitted on 4 January 2024. Oseltamivir 75 mg twice daily was \
         started on 6 January. Voriconazole was started on 17 January. Its trough on 26 \
         January was 2.8 mcg/mL. Oseltamivir was stopped after 10 days.",
    );
    let stops: Vec<_> = all(&c, "oseltamivir")
        .iter()
        .filter_map(|f| f.time.end_day)
        .collect();
    assert!(stops.contains(&12.0), "{stops:?}");
    assert!(!stops.iter().any(|&d| d > 12.0), "{stops:?}");
}

#[test]
fn what_a_patient_presented_with_was_there_before_day_0_but_a_visits_complaints_are_the_visits() {
    use casecourse_model::Relation;
    let c = course(
        "A 62-year-old man presented with nasal crusting. He also reported fatigue and \
         myalgia. At admission his blood pressure was 164/96 mmHg. He had no fever.",
    );
    for name in ["fatigue", "myalgia"] {
        let t = &fact(&c, name).time;
        assert_eq!((t.relation, t.day), (Relation::Before, Some(0.0)), "{name}");
    }
    // Negated complaints are the day's findings.
    assert_eq!(fact(&c, "fever").time.relation, Relation::At);
    let c = course(
        "Dear Dr Ahmed, I saw this 64-year-old woman today in clinic. She has a dry cough \
         and fatigue.",
    );
    assert_eq!(fact(&c, "fatigue").time.relation, Relation::At);
}

#[test]
fn what_a_title_names_without_a_time_is_the_courses_at_day_0() {
    use casecourse_model::Relation;
    let c = course(
        "Septic shock due to melioidosis in a man with diabetes\n\n\
         A 52-year-old man had fever for a week. He was admitted on 3 February 2025.",
    );
    let t = &fact(&c, "septic shock").time;
    assert_eq!((t.relation, t.day), (Relation::At, Some(0.0)));
    // A first sentence that ends with a full stop is the story's.
    let c = course("He had septic shock last year.\n\nA 52-year-old man was admitted with fever.");
    assert_ne!(fact(&c, "septic shock").time.relation, Relation::At);
}

#[test]
fn a_clause_joined_by_and_after_a_time_takes_the_time_that_closes_it() {
    let c = course(
        "A 50-year-old man was admitted with pneumonia (day 1). He was extubated on day 9 and \
         discharged from the ICU on day 12. CRP was 48 mg/L on day 3 and ferritin 900 ug/L.",
    );
    assert_eq!(day(&c, Kind::Event, "ICU discharge"), Some(11.0));
    assert_eq!(day(&c, Kind::Procedure, "extubation"), Some(8.0));
    // With no time after it, the clause keeps the one before.
    assert_eq!(day(&c, Kind::Lab, "ferritin"), Some(2.0));
}

#[test]
fn the_last_of_a_series_told_ahead_does_not_move_the_narrative() {
    let c = course(
        "A 44-year-old man was admitted on 11 October 2022. Cyclophosphamide 15 mg/kg was given \
         on days 5, 19 and 33 and then every 3 weeks, six pulses in all, the last on 14 January \
         2023. Pregabalin 75 mg twice daily was started and was increased to 150 mg twice daily \
         2 weeks later.",
    );
    let days: Vec<f64> = all(&c, "pregabalin")
        .iter()
        .filter_map(|f| f.time.anchor_day())
        .collect();
    assert!(days.iter().all(|&d| d < 60.0), "{days:?}");
}

#[test]
fn what_a_patient_presents_with_at_a_visit_was_there_before_it() {
    use casecourse_model::Relation;
    let c = course(
        "A 60-year-old woman presented to the hepatology service with itching for 2 months, dark \
         urine and pale stools. She reported a dry mouth.",
    );
    for name in ["dark urine", "pale stools", "dry mouth"] {
        assert_eq!(fact(&c, name).time.relation, Relation::Before, "{name}");
    }
    // Pale stools are not pallor.
    assert_no_fact(&c, "pallor");
}

#[test]
fn a_deadline_inside_a_sentence_does_not_move_the_narrative() {
    let c = course(
        "A 50-year-old woman was admitted on 10 January 2021. On 22 January 2021 she started \
         azathioprine 50 mg daily, which was increased to 150 mg daily by 19 February 2021. She \
         also received alendronic acid 70 mg once weekly. By 26 June 2021 she was well, and \
         ramipril 5 mg daily was started.",
    );
    let alendronate = fact(&c, "alendronic acid");
    let day = alendronate.time.start_day.or(alendronate.time.day);
    assert_eq!(day, Some(12.0), "{:?}", alendronate.time);
    // A sentence that opens with "By <date>" is at that date.
    let ramipril = fact(&c, "ramipril");
    let day = ramipril.time.start_day.or(ramipril.time.day);
    assert_eq!(day, Some(167.0), "{:?}", ramipril.time);
    // The end of a titration is a deadline too.
    let c = course(
        "A 50-year-old woman was admitted with scleroderma lung disease. Mycophenolate mofetil \
         was started at 500 mg twice daily and increased to 1.5 g twice daily, reached at week \
         8. Nifedipine 30 mg once daily was prescribed for Raynaud's phenomenon.",
    );
    let nifedipine = fact(&c, "nifedipine");
    let day = nifedipine.time.start_day.or(nifedipine.time.day);
    assert_eq!(day, Some(0.0), "{:?}", nifedipine.time);
    // A change of state by a date is no deadline: the narrative moves on.
    let c = course(
        "A 50-year-old woman was admitted on 10 January 2021. The rash had resolved by 24 \
         January 2021. Hydroxychloroquine 200 mg daily was started.",
    );
    let hcq = fact(&c, "hydroxychloroquine");
    assert_eq!(
        hcq.time.start_day.or(hcq.time.day),
        Some(14.0),
        "{:?}",
        hcq.time
    );
}

#[test]
fn a_date_behind_the_narrative_dates_only_its_own_sentence() {
    let c = course(
        "She was first seen in our clinic on 05/02/2024 with shoulder pain. \
         I saw her again on 18/03/2024. She had reduced prednisolone to 10 mg daily on 04/03/2024 as planned. \
         Her ESR is 72 mm/h and the right temporal artery is tender.",
    );
    assert_eq!(c.index.date.as_deref(), Some("2024-02-05"));
    assert_eq!(day(&c, Kind::Medication, "prednisolone"), Some(28.0));
    // The results belong to the visit of 18 March, not to the dose change.
    assert_eq!(
        day(&c, Kind::Lab, "erythrocyte sedimentation rate"),
        Some(42.0)
    );
}

#[test]
fn a_date_behind_a_narrative_date_retells_the_course_from_there() {
    let c = course(
        "She was admitted on 01/03/2024 with hypercalcaemia. On 05/03/2024 zoledronic acid 4 mg was given.\n\n\
         Acute kidney injury: creatinine on 02/03/2024 was 180 umol/L. Sodium was 130 mmol/L.",
    );
    assert_eq!(c.index.date.as_deref(), Some("2024-03-01"));
    assert_eq!(day(&c, Kind::Lab, "creatinine"), Some(1.0));
    // Told problem by problem: the retelling moves the narrative back.
    assert_eq!(day(&c, Kind::Lab, "sodium"), Some(1.0));
}

#[test]
fn infection_in_general_is_a_fact_only_when_ruled_out() {
    let c = course("Infection was excluded: sputum culture and a viral PCR panel were negative.");
    let f = fact(&c, "infection");
    assert_eq!(f.kind, Kind::Diagnosis);
    assert!(f.negated, "{f:#?}");
    let c = course("Two weeks later he developed an infection and was given antibiotics.");
    assert_no_fact(&c, "infection");
}

#[test]
fn a_letter_dated_on_its_own_line_tells_the_past_from_that_date() {
    let c = course(
        "June 9, 2025\n\nI saw Mr Ortega today. His creatinine was 2.1 mg/dL.\n\n\
         June 16, 2025\n\nDear Dr Whitfield,\n\nHis graft biopsy on June 11, 2025 showed rejection. \
         His sodium is 134 mmol/L.",
    );
    assert_eq!(c.index.date.as_deref(), Some("2025-06-09"));
    // The biopsy is dated; the result after it is the letter's.
    assert_eq!(day(&c, Kind::Lab, "sodium"), Some(7.0));
}

#[test]
fn back_at_work_and_free_of_symptoms_are_the_patients_state() {
    let c = course(
        "She was admitted with pneumonia. At 12 weeks she was symptom-free, and at 36 weeks she had returned to work.",
    );
    assert_eq!(day(&c, Kind::Status, "symptom-free"), Some(84.0));
    assert_eq!(day(&c, Kind::Status, "returned to work"), Some(252.0));
    // A span named by the state is not the state.
    let c = course("She had been symptom-free until two days before admission with fever.");
    assert_no_fact(&c, "symptom-free");
    // A renal response is the disease's state.
    let c = course(
        "She was admitted with lupus nephritis. At 24 weeks she had achieved a complete renal response.",
    );
    assert_eq!(
        day(&c, Kind::Status, "complete renal response"),
        Some(168.0)
    );
}

#[test]
fn an_other_condition_named_beside_the_illness_is_history() {
    let c = course(
        "She was admitted with fever and a rash. Her only other condition was hypothyroidism, treated with levothyroxine.",
    );
    assert_eq!(fact(&c, "hypothyroidism").kind, Kind::History);
}

#[test]
fn a_list_after_a_relative_s_condition_is_theirs_too() {
    let c = course(
        "He was admitted with palpitations. There was no family history of early coronary artery disease or sudden cardiac death.",
    );
    let f = fact(&c, "family history of sudden cardiac death");
    assert_eq!(f.kind, Kind::History);
    assert!(f.negated);
    assert_no_fact(&c, "sudden cardiac death");
    // The patient's own condition after the relative's is the patient's.
    let c = course("Her mother had hypothyroidism and she has asthma.");
    assert_eq!(fact(&c, "asthma").kind, Kind::Diagnosis);
    let c = course("No family history of asthma, and hypertension was treated with amlodipine.");
    assert_eq!(
        fact(&c, "hypertension").experiencer,
        casecourse_model::Experiencer::Patient
    );
}

#[test]
fn a_short_form_the_text_defines_as_another_known_term_keeps_that_meaning() {
    let c = course(
        "Transoesophageal echocardiography showed severe mitral regurgitation (MR). The MR was repaired.",
    );
    assert_no_fact(&c, "MRI");
    // Defined as its own term, or by a spelling the lexicon lacks, the
    // short form keeps its reading.
    let c =
        course("Red-cell distribution width (RDW) was 29%. Multiple sclerosis (MS) was excluded.");
    assert_eq!(fact(&c, "red cell distribution width").kind, Kind::Lab);
    assert!(fact(&c, "multiple sclerosis").negated);
}

#[test]
fn a_discharge_date_field_dates_the_discharge_not_the_history_after_it() {
    let c = course(
        "Admission date: 03/01/2024\nDischarge date: 03/05/2024\n\nHPI: 67-year-old man \
         with cough. Creatinine 1.4 mg/dL.",
    );
    let discharge = fact(&c, "discharge");
    assert!(discharge.time.day.is_some_and(|d| d > 0.0));
    assert_eq!(fact(&c, "cough").time.day, Some(0.0));
    assert_eq!(fact(&c, "creatinine").time.day, Some(0.0));
    // A long head of label lines is a head too.
    let c = course(
        "Name: J. Smith\nNHS no.: 123 456 7890\nDOB: 02/06/1950\nAddress: 1 High St\nGP: Dr \
         Brown\nWard: 7B\nConsultant: Dr Green\nSpecialty: Medicine\nAdmission date: \
         03/01/2024\nDischarge date: 03/05/2024\n\nHPI: 73-year-old man with cough.",
    );
    assert_eq!(fact(&c, "cough").time.day, Some(0.0));
    // Inside the story, a discharge dated moves it as any date does.
    let c = course(
        "A 67-year-old man was admitted with cough on 01/03/2024.\nDischarge date: \
         05/03/2024.\nAt home he had no fever.",
    );
    assert_eq!(fact(&c, "fever").time.day, Some(4.0));
}

#[test]
fn a_date_of_birth_dates_nothing_and_is_not_the_index_date() {
    for label in ["geb.", "born", "DOB:      ", "date of birth"] {
        let c = course(&format!(
            "We report on Mr K. S., {label} 14.05.1944, seen as an inpatient from 02.02.2025 \
             to 12.02.2025.\nThe 80-year-old man was admitted with drowsiness."
        ));
        assert_eq!(c.index.date.as_deref(), Some("2025-02-02"), "{label}");
    }
    // A birth told as an event keeps its date.
    let c = course(
        "A boy was born on 12.03.2021 by caesarean section. He was admitted to the neonatal \
         unit on 14.03.2021 with poor feeding.",
    );
    assert_eq!(c.index.date.as_deref(), Some("2021-03-14"));
    assert!(
        c.facts
            .iter()
            .any(|f| f.time.date.as_deref() == Some("2021-03-12"))
    );
}

#[test]
fn the_index_event_carries_the_index_date() {
    let c = course("Admitted 03/01/2024 with cough. Discharged 03/15/2024.");
    assert_eq!(
        fact(&c, "admission").time.date.as_deref(),
        Some("2024-03-01")
    );
    assert_eq!(
        fact(&c, "discharge").time.date.as_deref(),
        Some("2024-03-15")
    );
    // An index date found in another sentence dates no fact of the index
    // sentence.
    let c = course(
        "She had a flare of rheumatoid arthritis on 3 March 2012. She was admitted with \
         fever; CRP 180 mg/L.",
    );
    assert_eq!(fact(&c, "C-reactive protein").time.date, None);
    // A complaint the patient came with is before day 0, dated or not.
    for when in ["", " on 14 March 2025"] {
        let c = course(&format!(
            "A 58-year-old man was admitted{when} with haemoptysis and breathlessness."
        ));
        let haemoptysis = &fact(&c, "hemoptysis").time;
        assert_eq!(
            haemoptysis.relation,
            casecourse_model::Relation::Before,
            "{when}"
        );
    }
}

#[test]
fn an_age_in_the_patient_s_life_is_that_long_before_the_index() {
    let c = course(
        "A 58-year-old woman presented to our hospital with fever. Graves disease was diagnosed \
         at 42 years of age and treated with methimazole. Asthma began at the age of 50. \
         On admission, her temperature was 39.2 C.",
    );
    let year = 365.25;
    assert_eq!(day(&c, Kind::Medication, "thiamazole"), Some(-16.0 * year));
    assert_eq!(day(&c, Kind::Diagnosis, "asthma"), Some(-8.0 * year));
    // The age dates its own sentence only: the admission stays day 0.
    assert_eq!(day(&c, Kind::Vital, "temperature"), Some(0.0));
}

#[test]
fn a_time_of_treatment_counts_from_the_drug_it_names_or_from_the_story_s_point() {
    let c = course(
        "A 40-year-old man was admitted with cough. Two months later, micafungin 100 mg daily \
         was started. Hoarseness developed after two weeks of treatment. Amphotericin B 3 mg/kg \
         daily was started ten weeks later. The creatinine rose to 168 umol/L during the first \
         7 days of amphotericin B treatment.",
    );
    let micafungin = day(&c, Kind::Medication, "micafungin").expect("a start");
    // Not two weeks after day 0: the story is past it.
    assert_eq!(
        day(&c, Kind::Symptom, "hoarseness"),
        Some(micafungin + 14.0)
    );
    let amphotericin = day(&c, Kind::Medication, "amphotericin B").expect("a start");
    assert_eq!(day(&c, Kind::Lab, "creatinine"), Some(amphotericin + 7.0));
}

#[test]
fn a_year_alone_dates_its_sentence_against_the_index_date_and_moves_nothing() {
    let dated = course(
        "A 60-year-old man was admitted on 3 March 2012 with dyspnea. He had coronary bypass \
         surgery in 2005. On 5 March, his CRP was 40 mg/L.",
    );
    let bypass = day(&dated, Kind::Procedure, "coronary artery bypass grafting").expect("a day");
    assert!((-7.3 * 365.25..-7.0 * 365.25).contains(&bypass), "{bypass}");
    // The date without its year is still read in the index's year.
    assert_eq!(day(&dated, Kind::Lab, "C-reactive protein"), Some(2.0));
    // Without an index date, the year places nothing and the story stays.
    let undated = course(
        "A 60-year-old man was seen in clinic with dyspnea. He had a cholecystectomy in 2011. \
         His haemoglobin was 128 g/L.",
    );
    assert_eq!(day(&undated, Kind::Lab, "hemoglobin"), Some(0.0));
}

#[test]
fn a_postoperative_day_counts_from_the_operation_and_a_hospital_day_from_admission() {
    let c = course(
        "A 68-year-old woman was admitted with hip pain. Two days later, she underwent a total \
         hip replacement. On postoperative day 5, her platelet count was 62 x10^9/L. On hospital \
         day 10 she was discharged.",
    );
    assert_eq!(day(&c, Kind::Lab, "platelet count"), Some(7.0));
    assert_eq!(day(&c, Kind::Event, "discharge"), Some(9.0));
}

#[test]
fn a_time_before_a_named_event_counts_back_from_it_and_the_event_is_not_redone() {
    let c = course(
        "A 60-year-old man was admitted with cough. He underwent lobectomy two weeks later. He \
         had fever for 3 days before surgery. He died 8 weeks after admission. Jaundice \
         developed 1 week before death.",
    );
    assert_eq!(day(&c, Kind::Event, "death"), Some(56.0));
    let jaundice = c
        .facts
        .iter()
        .find(|f| f.name == "jaundice")
        .expect("jaundice");
    assert_eq!(jaundice.time.anchor_day(), Some(49.0));
    // The surgery named as an anchor is not a second operation.
    let operations = c.facts.iter().filter(|f| f.kind == Kind::Procedure).count();
    assert_eq!(operations, 1, "{:#?}", c.facts);
}

#[test]
fn the_review_s_counter_examples_keep_their_facts_and_times() {
    // A death told later dates nothing yet: no time before the index.
    let c = course(
        "A 60-year-old man was admitted with cough. Jaundice developed one week before death. \
         He died on hospital day 40.",
    );
    let jaundice = c
        .facts
        .iter()
        .find(|f| f.name == "jaundice")
        .expect("jaundice");
    assert!(
        jaundice.time.anchor_day().is_none_or(|d| d >= 0.0),
        "{:?}",
        jaundice.time
    );
    // A postoperative day counts from the operation, not from physiotherapy.
    let c = course(
        "A 60-year-old woman was admitted. She underwent colectomy on day 3. Physiotherapy was \
         started the next day. On postoperative day 4, her CRP was 180 mg/L.",
    );
    assert_eq!(day(&c, Kind::Lab, "C-reactive protein"), Some(6.0));
    // A procedure told first as an anchor stays a procedure.
    let c = course(
        "A 50-year-old man was seen in clinic. Three months after kidney transplantation he \
         developed fever.",
    );
    assert_eq!(all(&c, "kidney transplantation").len(), 1, "{:#?}", c.facts);
    // An amount is no year, and the patient's discharge is his own.
    let c = course(
        "A 70-year-old woman was admitted with sepsis. After 2000 mL of normal saline her blood \
         pressure rose. She was discharged home to the care of her daughter on day 5.",
    );
    assert!(
        c.facts.iter().all(|f| f.time.date.is_none()),
        "{:#?}",
        c.facts
    );
    assert_eq!(day(&c, Kind::Event, "discharge"), Some(4.0));
}

#[test]
fn a_follow_up_visit_named_by_its_time_happens_at_that_time() {
    let c = course(
        "A 50-year-old woman was admitted with pneumonia. At the 6-month follow-up, she was well. \
         At her one-year review the CRP was 2 mg/L.",
    );
    let visits: Vec<f64> = c
        .facts
        .iter()
        .filter(|f| f.kind == Kind::Event && f.name == "clinic visit")
        .filter_map(|f| f.time.anchor_day())
        .collect();
    assert_eq!(visits.len(), 2, "{:#?}", c.facts);
    assert!((visits[0] - 182.6).abs() < 1.0, "{visits:?}");
    assert!((visits[1] - 365.25).abs() < 1.0, "{visits:?}");
}

#[test]
fn a_period_of_follow_up_or_a_follow_up_test_is_no_visit() {
    let c = course(
        "A 50-year-old woman was admitted with pneumonia. During the 68-week follow-up she was stable. \
         The 2-year follow-up CT showed no change. She completed a 6-month follow-up period.",
    );
    assert!(
        !c.facts
            .iter()
            .any(|f| f.kind == Kind::Event && f.name == "clinic visit"),
        "{:#?}",
        c.facts
    );
}

#[test]
fn times_after_an_event_glued_to_post_or_after_a_named_operation_count_from_it() {
    let c = course(
        "A 30-year-old woman was admitted with fever. She was discharged on day 7. \
         Three weeks postdischarge she developed fatigue.",
    );
    assert_eq!(day(&c, Kind::Symptom, "fatigue"), Some(27.0));
    let c = course(
        "A 30-year-old woman was admitted with fever. She underwent right upper lobectomy on day 3. \
         At five months after lobectomy, CT showed a nodule.",
    );
    let ct = day(&c, Kind::Imaging, "computed tomography").unwrap();
    assert!((ct - (2.0 + 152.19)).abs() < 1.0, "{ct}");
    let procedures = c.facts.iter().filter(|f| f.kind == Kind::Procedure).count();
    assert_eq!(
        procedures, 1,
        "the anchor is no second operation: {:#?}",
        c.facts
    );
}

#[test]
fn a_time_after_the_end_of_chemotherapy_counts_from_it() {
    let c = course(
        "A 30-year-old woman was admitted with fever. Chemotherapy was given on day 10. \
         Four weeks after the completion of chemotherapy, her thyroglobulin was 17 ng/mL.",
    );
    assert_eq!(day(&c, Kind::Lab, "thyroglobulin"), Some(9.0 + 28.0));
}

#[test]
fn a_sentence_opening_on_after_an_amount_counts_from_where_the_story_is() {
    let c = course(
        "A 50-year-old man was admitted with cough. Erlotinib was started on day 3. On day 60 he had a relapse. \
         After 1 month there was worsening dyspnea.",
    );
    let dyspnea = day(&c, Kind::Symptom, "shortness of breath").unwrap();
    assert!((dyspnea - (59.0 + 30.44)).abs() < 1.0, "{dyspnea}");
}

#[test]
fn a_time_after_a_study_or_procedure_the_anchors_do_not_name_counts_from_it() {
    let c = course(
        "A 60-year-old man was admitted with anaemia on 5 January 2010. Colonoscopy showed \
         a polyp. A colonoscopy performed three years after the initial colonoscopy revealed \
         a sessile polyp. Two days following the cardiac arrest, he was extubated.",
    );
    let days: Vec<f64> = all(&c, "colonoscopy")
        .iter()
        .filter_map(|f| f.time.anchor_day())
        .collect();
    // Three years (3 × 365.25 days) after the first, not after day 0 twice.
    assert!(days.contains(&0.0), "{days:?}");
    assert!(days.iter().any(|d| (d - 1095.75).abs() < 1.0), "{days:?}");
    assert_eq!(days.len(), 2, "{days:?}");
}

#[test]
fn a_time_after_something_no_lexicon_names_is_no_time() {
    let c = course(
        "A 60-year-old man was admitted with cough. Two weeks later CT showed a nodule. \
         Three days after the tumour board he started erlotinib.",
    );
    // The tumour board is no event of the story: erlotinib starts where
    // the story is (14 days), not at a guessed time.
    let erlotinib = fact(&c, "erlotinib");
    assert_eq!(erlotinib.time.anchor_day(), Some(14.0), "{erlotinib:?}");
}

#[test]
fn a_postoperative_day_told_by_its_ordinal_counts_from_the_operation() {
    let c = course(
        "A 60-year-old man underwent right hemicolectomy on 3 March 2015. On the 7th \
         post-operative day, he developed a fever. On the third postoperative day he had \
         ileus.",
    );
    assert_eq!(day(&c, Kind::Symptom, "fever"), Some(7.0));
    assert_eq!(day(&c, Kind::Diagnosis, "ileus"), Some(3.0));
}

#[test]
fn after_an_amount_counts_from_a_story_told_as_after_a_time() {
    let c = course(
        "A 60-year-old man was admitted with cough in January 2012. In January 2014 a \
         lobectomy was performed. Subsequently, a repeat CT showed recurrence. He died \
         after six months.",
    );
    // Six months after the story's "subsequently" (past week 104), not
    // six months after admission.
    let death = day(&c, Kind::Event, "death").expect("a time");
    assert!(death > 104.0 * 7.0, "{death}");
}

#[test]
fn at_the_point_of_referral_is_the_index_again_after_a_look_back() {
    let c = course(
        "A 40-year-old man was admitted with visual loss. His vision started to \
         deteriorate 6 months earlier. At the point of referral, he had headache. \
         Four weeks later he developed fever.",
    );
    assert_eq!(day(&c, Kind::Symptom, "fever"), Some(28.0));
}

#[test]
fn at_an_amount_after_a_named_procedure_counts_from_it() {
    let c = course(
        "A 50-year-old man with cirrhosis was admitted with ascites. TIPS was placed on day \
         3. CT showed a smaller aneurysm at 3 mo after TIPS. At 6 months after the tumour \
         board he had fever.",
    );
    // Two days after admission, then three months (91.31 days) later.
    let ct = day(&c, Kind::Imaging, "computed tomography").expect("a time");
    assert!((ct - (2.0 + 91.31)).abs() < 0.5, "{ct}");
    assert_eq!(
        all(&c, "transjugular intrahepatic portosystemic shunt").len(),
        1
    );
    // After something no lexicon names: at 6 months, as "at 6 months" reads.
    let fever = day(&c, Kind::Symptom, "fever").expect("a time");
    assert!((fever - 182.62).abs() < 0.5, "{fever}");
}

#[test]
fn a_drug_started_long_ago_is_history_not_the_index() {
    for text in [
        "A 45-year-old woman was started on methotrexate 15 mg weekly 3 years ago for \
         rheumatoid arthritis. Chest CT showed ground-glass opacities. Methotrexate was \
         stopped and prednisolone 40 mg daily was started.",
        "He was started on levetiracetam at 15 years of age. Chest CT showed ground-glass \
         opacities. Prednisolone 40 mg daily was started.",
        "Three years ago, she was started on methotrexate. Chest CT showed ground-glass \
         opacities. Prednisolone 40 mg daily was started.",
    ] {
        let c = course(text);
        assert_eq!(c.index.kind, IndexKind::TreatmentStart, "{text}");
        // Day 0 is the sentence that starts prednisolone.
        let span = c.index.span.as_ref().expect("index span");
        assert!(span.start > text.find("CT showed").unwrap(), "{text}");
    }
    // A start told in the past with nothing after it: no treatment index.
    let c = course("She was started on levetiracetam 2 years ago. Her seizures stopped.");
    assert_ne!(c.index.kind, IndexKind::TreatmentStart);
}

#[test]
fn amounts_in_words_and_transplant_days_are_read() {
    // Tens and units written out, "and a half", a signed transplant day,
    // a postoperative month.
    let c = course(
        "A 40-year-old man was admitted with fever. He developed tinnitus thirty-five days \
         after admission. ANC was 1.2 x10^9/L on day +12 post-transplantation. He died 4 and \
         a half years later.",
    );
    assert_eq!(day(&c, Kind::Symptom, "tinnitus"), Some(35.0));
    assert_eq!(day(&c, Kind::Lab, "neutrophil count"), Some(11.0));
    let death = day(&c, Kind::Event, "death").expect("death day");
    // "Later" counts from the last time named (day +12).
    assert!((death - (11.0 + 4.5 * 365.25)).abs() < 2.0, "{death}");
    let c = course(
        "A 50-year-old woman underwent surgery on 3 May 2021. In postoperative month 5 she \
         had a relapse.",
    );
    let relapse = day(&c, Kind::Status, "relapse").expect("relapse day");
    assert!((relapse - 5.0 * 30.44).abs() < 2.0, "{relapse}");
}

#[test]
fn a_pregnancy_s_age_and_the_patient_s_own_age_are_not_times_after_the_index() {
    let c = course(
        "A 30-year-old woman was admitted for elective caesarean section at 38 weeks of \
         amenorrhea. She had a headache the next day.",
    );
    assert!(
        c.facts
            .iter()
            .all(|f| f.time.anchor_day().is_none_or(|d| d < 30.0)),
        "{:#?}",
        c.facts
    );
    let c = course(
        "She is 19 years old. At 3 years of age she had seizures. At her last follow-up \
         examination, at 19 years of age, she had scoliosis.",
    );
    assert_eq!(day(&c, Kind::Diagnosis, "scoliosis"), Some(0.0));
}

#[test]
fn today_brings_a_letter_back_to_the_day_it_is_written_on() {
    let c = course(
        "Date: 06/11/2024\nPatient: 34 y/o F\nTreatment: ocrelizumab 300 mg IV was started.\n\
         Checks:\n- IgG 980 mg/dL (05/21/2024).\n- Urine hCG negative today.\n- HR 76, RR 16.\n",
    );
    assert_eq!(day(&c, Kind::Lab, "immunoglobulin G"), Some(-21.0));
    assert_eq!(day(&c, Kind::Vital, "heart rate"), Some(0.0));
    // A later visit of a series: its "today" is that visit.
    let c = course(
        "CLINIC NOTES\nVISIT 1:\nI saw her in clinic. CRP 40 mg/L.\n\
         VISIT 2, 3 months later:\nCRP today 8 mg/L.\n",
    );
    let crp: Vec<Option<f64>> = c
        .facts
        .iter()
        .filter(|f| f.name == "C-reactive protein")
        .map(|f| f.time.day)
        .collect();
    assert_eq!(crp.len(), 2);
    assert!(crp[1].is_some_and(|d| d > 80.0), "{crp:?}");
}

#[test]
fn a_day_labelling_a_line_or_told_after_an_event_verb_is_a_day() {
    let c = course(
        "A 70-year-old man was admitted with pneumonia.\nDay 3: temperature 38.9 C.\n\
         Extubated day 4.\nDischarged home day 9.\n",
    );
    assert_eq!(day(&c, Kind::Vital, "temperature"), Some(2.0));
    assert_eq!(day(&c, Kind::Procedure, "extubation"), Some(3.0));
    assert_eq!(day(&c, Kind::Event, "discharge"), Some(8.0));
}

#[test]
fn an_ordinal_day_after_admission_and_a_year_first_date_place_their_facts() {
    let c = course(
        "She was admitted on 2020/11/03 with dyspnoea. On the 10th day after admission, she was \
         intubated. On the fifth day of hospitalization, tacrolimus was added. She died on \
         2020.11.20.",
    );
    assert_eq!(c.index.date.as_deref(), Some("2020-11-03"));
    // Day 10 of a count from day 1 is 9 days after day 0.
    assert_eq!(
        day(&c, Kind::Procedure, "endotracheal intubation"),
        Some(9.0)
    );
    assert_eq!(day(&c, Kind::Medication, "tacrolimus"), Some(4.0));
    assert_eq!(day(&c, Kind::Event, "death"), Some(17.0));
    // The admission the days count from is no admission on those days.
    let admissions = c
        .facts
        .iter()
        .filter(|f| f.kind == Kind::Event && f.name == "admission")
        .count();
    assert_eq!(admissions, 1, "{:#?}", c.facts);
}

#[test]
fn a_date_told_with_an_outside_hospital_keeps_the_date() {
    let c = course(
        "In October 2019, she was diagnosed with dermatomyositis at a local hospital and given \
         prednisone. She was admitted to our hospital on 15 June 2020 with dyspnoea.",
    );
    let dx = day(&c, Kind::Diagnosis, "dermatomyositis").expect("a day");
    assert!((-260.0..-250.0).contains(&dx), "{dx}");
}

#[test]
fn a_visit_named_as_the_time_of_a_denial_took_place() {
    let c = course(
        "She was admitted with fever. There was no recurrence at the 1-year follow-up. She did \
         not attend the 6-month review.",
    );
    let visits: Vec<(Option<f64>, bool)> = c
        .facts
        .iter()
        .filter(|f| f.kind == Kind::Event && f.name == "clinic visit")
        .map(|f| (f.time.anchor_day().map(|d| (d / 7.0).round()), f.negated))
        .collect();
    assert!(visits.contains(&(Some(52.0), false)), "{visits:?}");
    assert!(visits.contains(&(Some(26.0), true)), "{visits:?}");
}

#[test]
fn a_history_counted_back_from_the_admission_is_before_the_admission_told_next() {
    for text in [
        "Three months before admission, she noticed a rash on her hands. She was admitted to our hospital with fever. Ferritin was 900 ng/mL.",
        "Two weeks prior to admission, she developed a rash. Chest CT showed ground-glass opacities. He was admitted to our department. Ferritin was 900 ng/mL.",
    ] {
        let c = course(text);
        let rash = day(&c, Kind::Symptom, "rash").expect("the rash is dated");
        assert!(rash <= -14.0, "rash on day {rash}: {:#?}", c.facts);
        assert_eq!(day(&c, Kind::Lab, "ferritin"), Some(0.0));
    }
    // With no admission told after it, the count's own admission is day 0.
    let c = course("Two weeks prior to admission, she developed a rash. Ferritin was 900 ng/mL.");
    assert_eq!(day(&c, Kind::Lab, "ferritin"), Some(0.0));
    // An admission told much later is some other part of the stay.
    let c = course(
        "Two weeks prior to admission, she developed a rash. Ferritin was 900 ng/mL. CRP was 5 mg/dL. LDH was 400 U/L. Albumin was 30 g/L. She was admitted to the ward on day 20.",
    );
    assert_eq!(day(&c, Kind::Lab, "ferritin"), Some(0.0));
}

#[test]
fn every_condition_a_denied_relapse_names_is_the_relapses_not_excluded() {
    for text in [
        "She was admitted. There was no recurrence of myositis or interstitial pneumonia during follow-up.",
        "She was admitted. She has had no flare of dermatomyositis or lupus since then.",
        "She was admitted. No relapse of dermatomyositis, myositis or interstitial lung disease was seen.",
    ] {
        let c = course(text);
        let excluded: Vec<_> = c
            .facts
            .iter()
            .filter(|f| f.kind == Kind::Diagnosis)
            .collect();
        assert!(excluded.is_empty(), "{text}: {excluded:#?}");
    }
    // A condition denied in a clause of its own is still excluded.
    let c = course("She was admitted. No relapse of myositis was seen, and she had no diabetes.");
    assert!(fact(&c, "diabetes mellitus").negated);
}

#[test]
fn a_sign_that_resolved_is_no_sign_present_then_but_one_improving_is() {
    for (text, sign) in [
        (
            "She was admitted. Her Gottron's papules resolved within 2 months.",
            "Gottron's papules",
        ),
        (
            "She was admitted. The crackles disappeared by day 20.",
            "crackles",
        ),
    ] {
        let c = course(text);
        assert_no_fact(&c, sign);
        assert_eq!(
            c.facts.iter().filter(|f| f.kind == Kind::Status).count(),
            1,
            "{text}"
        );
    }
    let c = course("She was admitted. Mechanic's hands improving.");
    assert_eq!(fact(&c, "mechanic's hands").kind, Kind::Exam);
}

#[test]
fn a_history_told_after_the_admission_is_history_and_its_drugs_were_taken_before() {
    for text in [
        "A 60-year-old man was admitted with fever. He had a history of hypertension treated with amlodipine.",
        "She was admitted with dyspnoea. She has a past medical history of hypertension treated with amlodipine.",
    ] {
        let c = course(text);
        assert_eq!(fact(&c, "hypertension").kind, Kind::History, "{text}");
        let drug = fact(&c, "amlodipine");
        let action = drug.dosage.as_ref().and_then(|d| d.action);
        assert_eq!(
            action,
            Some(casecourse_model::DoseAction::Prior),
            "{text}: {drug:#?}"
        );
    }
    // A clause of its own after the history is the course's.
    let c = course(
        "She had a history of asthma and was started on prednisolone 30 mg/day on admission.",
    );
    let drug = fact(&c, "prednisolone");
    let action = drug.dosage.as_ref().and_then(|d| d.action);
    assert_eq!(action, Some(casecourse_model::DoseAction::Start));
}

#[test]
fn an_index_told_as_later_than_an_earlier_date_is_dated_from_it() {
    for text in [
        "She developed erythema on her face in January 2020. She was admitted to our hospital two months later. CRP was 5 mg/dL.",
        "In January 2020, she developed erythema. Two months later, she was admitted.",
    ] {
        let c = course(text);
        assert_eq!(c.index.date.as_deref(), Some("2020-03"), "{text}");
        let rash = day(&c, Kind::Symptom, "erythema").expect("dated");
        assert!((-62.0..=-58.0).contains(&rash), "{text}: {rash}");
    }
    // With no count on from it, the earlier date is the index's.
    let c = course("In January 2020, she developed erythema and was admitted to our hospital.");
    assert_eq!(c.index.date.as_deref(), Some("2020-01"));
}

#[test]
fn a_visit_named_by_its_time_may_carry_a_clinic_word_before_its_noun() {
    for (text, at) in [
        (
            "She was admitted. At her 1-year outpatient visit, KL-6 was 350 U/mL.",
            365.25,
        ),
        (
            "She was admitted. At the 6-month rheumatology clinic review, KL-6 was 350 U/mL.",
            182.625,
        ),
    ] {
        let c = course(text);
        let kl6 = day(&c, Kind::Lab, "KL-6").expect("dated");
        assert!((kl6 - at).abs() < 1.0, "{text}: {kl6}");
    }
}

#[test]
fn a_transfer_inside_the_stay_is_no_clinic_visit() {
    let c = course(
        "She was admitted to our hospital. On day 12 she was transferred to the department of rheumatology.",
    );
    assert_no_fact(&c, "clinic visit");
    assert_eq!(day(&c, Kind::Event, "transfer"), Some(11.0));
    // After the discharge, a transfer to a clinic is a visit.
    let c = course(
        "She was admitted to our hospital. She was discharged on day 20. She was transferred to our rheumatology clinic on day 40.",
    );
    assert_eq!(all(&c, "clinic visit").len(), 1);
}

#[test]
fn a_death_named_as_a_risk_or_what_treatment_averts_is_no_event() {
    for text in [
        "She was admitted. Given the high risk of death, triple therapy was started.",
        "She was admitted. Plasma exchange was added to prevent early death.",
        "She was admitted. The death rate of this disease is high.",
    ] {
        let c = course(text);
        assert!(
            !c.facts
                .iter()
                .any(|f| f.kind == Kind::Event && f.name == "death"),
            "{text}: {:#?}",
            c.facts
        );
    }
    // A death told as what happened stays, also beside a risk.
    for text in [
        "She was admitted on day 0. Despite the risk, she died of respiratory failure on day 40.",
        "She was admitted on day 0. The cause of death on day 40 was respiratory failure.",
    ] {
        let c = course(text);
        assert_eq!(day(&c, Kind::Event, "death"), Some(40.0), "{text}");
    }
}

#[test]
fn a_clause_joined_by_but_after_a_time_has_its_own_time() {
    for (text, extubated, died) in [
        (
            "She was admitted on day 0. He was extubated on day 10 but died of pneumonia on day 25.",
            10.0,
            25.0,
        ),
        (
            "She was admitted on day 0. He was weaned from ECMO on day 30 but he died on day 52.",
            30.0,
            52.0,
        ),
    ] {
        let c = course(text);
        assert_eq!(day(&c, Kind::Event, "death"), Some(died), "{text}");
        let first = c
            .facts
            .iter()
            .find(|f| f.kind != Kind::Event)
            .and_then(|f| f.time.anchor_day());
        assert_eq!(first, Some(extubated), "{text}");
    }
    // A "but" inside one clause's words before its time changes nothing.
    let c = course("She was admitted on day 0. A mild but persistent fever developed on day 4.");
    assert_eq!(day(&c, Kind::Symptom, "fever"), Some(4.0));
}

#[test]
fn what_happens_to_patients_in_general_is_no_fact_of_the_case() {
    for text in [
        "She was admitted with fever. Anti-MDA5 antibody-positive patients often die of RP-ILD within 6 months.",
        "She was admitted with fever. Such patients frequently develop pneumomediastinum.",
    ] {
        let c = course(text);
        assert!(
            c.facts.iter().all(|f| f.kind != Kind::Diagnosis
                && f.kind != Kind::Antibody
                && f.kind != Kind::Finding),
            "{text}: {:#?}",
            c.facts
        );
    }
    // The patient's own course in the same words stays.
    let c = course(
        "She was admitted with fever. She often had fever at night and developed pneumomediastinum.",
    );
    assert!(c.facts.iter().any(|f| f.name == "pneumomediastinum"));
}

#[test]
fn a_past_visit_told_with_its_time_dates_what_the_letter_says_of_it() {
    let c = course(
        "I reviewed Mr L. in clinic today.\n\n\
         First visit (18/12 ago): falls for 3 years. CK 1,240 U/L.\n\n\
         At the second visit 8 months ago, CK was 980 U/L.\n\n\
         Today: CK 860 U/L.\n",
    );
    let ck: Vec<_> = all(&c, "creatine kinase")
        .iter()
        .map(|f| f.time.anchor_day().map(|d| (d / 7.0).round()))
        .collect();
    assert_eq!(ck, [Some(-78.0), Some(-35.0), Some(0.0)], "{:#?}", c.facts);
}

#[test]
fn a_case_report_visit_before_admission_dates_its_own_sentence_only() {
    let c = course(
        "A 60-year-old man was admitted with fever on 3 May 2024. \
         He had been seen in clinic 2 months before admission with a rash. \
         CRP was 120 mg/L.",
    );
    assert_eq!(day(&c, Kind::Lab, "C-reactive protein"), Some(0.0));
}

#[test]
fn a_milestone_in_a_visit_letter_counts_from_the_treatment_started_before() {
    let c = course(
        "Date of clinic: 14 October 2025\n\n\
         I reviewed Mr Jones today in clinic. He was started on imatinib 400 mg daily in \
         February 2024. His haemoglobin was 101 g/L at twelve months. He reports fatigue.\n\n\
         Plan: Continue imatinib 400 mg daily. Repeat blood count in three months.\n",
    );
    let hb = day(&c, Kind::Lab, "hemoglobin").expect("dated");
    let imatinib = c
        .facts
        .iter()
        .find(|f| f.name == "imatinib")
        .and_then(|f| f.time.anchor_day())
        .expect("imatinib dated");
    assert!(
        (hb - (imatinib + 365.0)).abs() < 8.0,
        "hb {hb}, imatinib {imatinib}"
    );
    assert_eq!(day(&c, Kind::Symptom, "fatigue"), Some(0.0));
}

#[test]
fn a_note_of_a_follow_up_visit_counts_from_the_visit_and_its_header_date() {
    let c = course(
        "Rheumatology Clinic\nDate of service: 12 November 2025\n\n\
         Ms Smith returns for follow-up of her rheumatoid arthritis. She started methotrexate \
         15 mg weekly in 2019.\n\nToday she reports morning stiffness of 30 minutes.\n",
    );
    assert_eq!(c.index.kind, IndexKind::FirstVisit);
    assert_eq!(c.index.date.as_deref(), Some("2025-11-12"));
    let mtx = day(&c, Kind::Medication, "methotrexate").expect("dated");
    assert!(
        mtx < -300.0,
        "methotrexate started years before the visit: {mtx}"
    );
}

#[test]
fn a_year_told_with_the_index_event_dates_the_index_and_later_years_count_from_it() {
    let c = course(
        "In 2012, at the age of 41, she presented with erythema nodosum and was started on prednisolone 30 mg daily. \
         In 2014 she relapsed with dyspnoea and methotrexate 15 mg weekly was added. \
         In March 2018 methotrexate was stopped because of raised transaminases.",
    );
    assert_eq!(c.index.date.as_deref(), Some("2012"));
    // Two years on, counted middle of year to middle of year.
    let relapse = day(&c, Kind::Status, "relapse").expect("relapse dated");
    assert!((relapse - 730.0).abs() <= 1.0, "relapse at {relapse}");
    // A month of a later year counts from the middle of the index year.
    let stopped = all(&c, "methotrexate")
        .into_iter()
        .find(|f| f.time.date.as_deref() == Some("2018-03"))
        .expect("the stop keeps its month");
    let stop_day = stopped.time.anchor_day().expect("stop dated");
    assert!((stop_day - 2083.0).abs() <= 1.0, "stop at {stop_day}");
}

#[test]
fn a_month_told_after_the_index_does_not_date_an_index_that_has_its_own_year() {
    // The first month named is years after the admission told with its
    // year; with no year at the admission it still dates day 0.
    let c = course(
        "He was admitted in 2019 with haemoptysis. In June 2021 he was readmitted with pneumonia.",
    );
    assert_eq!(c.index.date.as_deref(), Some("2019"));
    let c = course("He was admitted with haemoptysis. On 3 June 2021 a CT showed cavitation.");
    assert_eq!(c.index.date.as_deref(), Some("2021-06-03"));
}

/// The (value, day) of every fact named `name`, in order.
fn dated_values(c: &Course, name: &str) -> Vec<(f64, Option<f64>)> {
    all(c, name)
        .iter()
        .filter_map(|f| match f.value {
            Some(casecourse_model::Value::Number(v)) => Some((v, f.time.anchor_day())),
            _ => None,
        })
        .collect()
}

#[test]
fn a_change_over_a_length_of_time_ends_that_long_after_it_starts() {
    let c = course("CK fell from 12,000 to 800 U/L over two weeks of steroids.");
    assert_eq!(
        dated_values(&c, "creatine kinase"),
        [(12000.0, Some(0.0)), (800.0, Some(14.0))]
    );
    let c = course("Sodium was corrected from 112 to 121 mmol/L over 48 hours.");
    assert_eq!(
        dated_values(&c, "sodium"),
        [(112.0, Some(0.0)), (121.0, Some(2.0))]
    );
    let c = course("His PaO2/FiO2 ratio fell from 276 to 110 over a week.");
    assert_eq!(
        dated_values(&c, "PaO2/FiO2 ratio"),
        [(276.0, Some(0.0)), (110.0, Some(7.0))]
    );
    let c = course("FVC declined from 78% to 61% predicted over six months.");
    let fvc = dated_values(&c, "forced vital capacity, percent predicted");
    assert_eq!(fvc[0], (78.0, Some(0.0)));
    assert!(
        fvc[1].0 == 61.0 && fvc[1].1.is_some_and(|d| (175.0..190.0).contains(&d)),
        "{fvc:?}"
    );
    // Told back from now, the length does not count forward.
    let c = course("Her FVC has fallen from 78% to 61% predicted over the past year.");
    let fvc = dated_values(&c, "forced vital capacity, percent predicted");
    assert_eq!(fvc.len(), 2);
    assert!(fvc.iter().all(|&(_, d)| d == fvc[0].1), "{fvc:?}");
}

#[test]
fn a_list_of_days_after_a_trend_dates_its_values_in_order() {
    let c = course("CRP 180 -> 95 -> 22 mg/L over days 1, 3 and 7.");
    assert_eq!(
        dated_values(&c, "C-reactive protein"),
        [(180.0, Some(0.0)), (95.0, Some(2.0)), (22.0, Some(6.0))]
    );
    // As many days as values, or the list dates none of them.
    let c = course("CRP 180 -> 95 -> 22 mg/L on days 1 and 3.");
    let crp = dated_values(&c, "C-reactive protein");
    assert_eq!(crp.len(), 3);
    assert!(crp.iter().all(|&(_, d)| d != Some(6.0)), "{crp:?}");
}

#[test]
fn an_intensive_therapy_unit_named_without_its_article_is_an_icu_admission() {
    for text in [
        "On day 2 she was admitted to ITU.",
        "He was transferred to ICU after intubation.",
        "She was upgraded to the MICU.",
    ] {
        let c = course(text);
        assert!(
            c.facts.iter().any(|f| f.name == "ICU admission"),
            "{text}: {:#?}",
            c.facts
        );
    }
    // A hospital-day code is a time, not haemodialysis.
    let c = course("She was admitted with sepsis. HD#4: started on a heparin infusion.");
    assert_no_fact(&c, "hemodialysis");
}
