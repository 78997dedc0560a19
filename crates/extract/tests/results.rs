//! Results as case reports list them: one result shared by a list of
//! tests, lung volumes in litres beside their percentage, and conditions
//! listed under a telegraphic "PMH" line.

mod common;

use casecourse_model::{Course, Kind, Relation, Value};
use common::{all, assert_each, assert_no_fact, course, fact};

fn result<'c>(c: &'c Course, name: &str) -> Option<&'c str> {
    fact(c, name).result.as_deref()
}

#[test]
fn a_result_after_a_list_of_tests_belongs_to_every_test_in_it() {
    let c = course(
        "Anti-NXP2 antibodies were positive, and anti-MDA5, anti-TIF1-γ and anti-Mi-2 antibodies were negative.",
    );
    assert_eq!(result(&c, "anti-NXP2"), Some("positive"));
    for name in ["anti-MDA5", "anti-TIF1-gamma", "anti-Mi-2"] {
        assert_eq!(result(&c, name), Some("negative"), "{name}");
    }
}

#[test]
fn litres_and_percent_predicted_are_two_values() {
    let c = course("FVC was 2.02 L (61% predicted).");
    let value = |name: &str| {
        c.facts
            .iter()
            .find(|f| f.name == name)
            .and_then(|f| f.value.clone())
    };
    assert_eq!(value("forced vital capacity"), Some(Value::Number(2.02)));
    assert_eq!(
        value("forced vital capacity, percent predicted"),
        Some(Value::Number(61.0))
    );
    // The plain name is the litres' entry; a percentage after it is not.
    let c = course("Forced vital capacity was 64% and forced vital capacity 2.4 L.");
    let named: Vec<(&str, Option<&str>)> = c
        .facts
        .iter()
        .map(|f| (f.name.as_str(), f.unit.as_deref()))
        .collect();
    assert_eq!(
        named,
        [
            ("forced vital capacity, percent predicted", Some("%")),
            ("forced vital capacity", Some("L")),
        ]
    );
}

#[test]
fn conditions_on_a_pmh_line_are_history() {
    let c = course("Hx:\nPMH - COPD, not on home O2. IHD. HTN.\nO/E: HR 90.");
    let copd = fact(&c, "chronic obstructive pulmonary disease");
    assert_eq!(copd.kind, Kind::History);
}

#[test]
fn a_list_of_past_conditions_is_history_and_its_drugs_were_taken_before() {
    let c = course(
        "A 70-year-old woman was admitted with pneumonia. Her history included hypertension \
         treated with amlodipine 5 mg daily and gout. She had no history of tuberculosis.",
    );
    for name in ["hypertension", "gout"] {
        assert_eq!(fact(&c, name).kind, Kind::History, "{name}");
    }
    let tb = fact(&c, "tuberculosis");
    assert_eq!((tb.kind, tb.negated), (Kind::History, true));
    let amlodipine = fact(&c, "amlodipine");
    let action = amlodipine.dosage.as_ref().and_then(|d| d.action);
    assert_eq!(action, Some(casecourse_model::DoseAction::Prior));
    // The presenting illness is not history.
    assert_eq!(fact(&c, "pneumonia").kind, Kind::Diagnosis);
}

#[test]
fn tumour_markers_drug_levels_and_ifcc_hba1c_are_read() {
    let c = course(
        "CA 19-9 was 41 U/mL and HbA1c 71 mmol/mol. The vancomycin trough was 15.2 mg/L. \
         ADAMTS13 activity was 4% with an inhibitor of 2.8 BU/mL.",
    );
    for (name, v) in [
        ("CA 19-9", 41.0),
        ("hemoglobin A1c", 71.0),
        ("vancomycin trough concentration", 15.2),
        ("ADAMTS13 activity", 4.0),
    ] {
        assert_eq!(fact(&c, name).value, Some(Value::Number(v)), "{name}");
    }
    // 71 mmol/mol is 8.6 % by the IFCC-NGSP master equation: high.
    assert_eq!(
        fact(&c, "hemoglobin A1c").flag,
        Some(casecourse_model::Flag::High)
    );
}

#[test]
fn a_lithium_level_is_a_lab_and_lithium_given_is_a_drug() {
    let c = course(
        "She had taken lithium 400 mg nightly for years. On admission the serum lithium was 2.4 mmol/L.",
    );
    assert_eq!(
        fact(&c, "lithium concentration").value,
        Some(Value::Number(2.4))
    );
    let drug = fact(&c, "lithium");
    assert_eq!(drug.kind, Kind::Medication);
    assert_eq!(drug.dosage.as_ref().and_then(|d| d.dose), Some(400.0));
}

#[test]
fn diagnoses_across_specialties_are_named() {
    let c = course(
        "A 34-year-old woman at 35 weeks of gestation was admitted with vomiting. \
         She was diagnosed with acute fatty liver of pregnancy; HELLP syndrome was excluded. \
         She later developed a subarachnoid haemorrhage and status epilepticus.",
    );
    assert_each(
        &c,
        &[
            "acute fatty liver of pregnancy",
            "subarachnoid hemorrhage",
            "status epilepticus",
        ],
        Kind::Diagnosis,
        false,
    );
    assert!(fact(&c, "HELLP syndrome").negated);
    let c = course(
        "A 30-year-old man with Wolff-Parkinson-White syndrome and chronic myeloid leukaemia \
         was admitted with palpitations. He was diagnosed with graft-versus-host disease.",
    );
    for name in [
        "Wolff-Parkinson-White syndrome",
        "chronic myeloid leukaemia",
        "graft-versus-host disease",
    ] {
        assert!(!fact(&c, name).negated, "{name}");
    }
}

#[test]
fn a_body_fluid_names_the_results_after_it_but_not_the_serum_ones() {
    let c = course(
        "A 50-year-old man was admitted with fever. CSF analysis showed protein 1.2 g/L and \
         glucose 1.9 mmol/L (serum glucose 6.1 mmol/L). Ascitic tap: albumin 1.1 g/dL \
         (serum albumin 2.9 g/dL), SAAG 1.8 g/dL. Blood alcohol was 250 mg/dL.",
    );
    for (name, v) in [
        ("CSF protein", 1.2),
        ("CSF glucose", 1.9),
        ("glucose", 6.1),
        ("ascitic fluid albumin", 1.1),
        ("albumin", 2.9),
        ("serum-ascites albumin gradient", 1.8),
        ("blood alcohol concentration", 250.0),
    ] {
        assert_eq!(fact(&c, name).value, Some(Value::Number(v)), "{name}");
    }
    assert_eq!(all(&c, "CSF glucose").len(), 1);
    // A blood result named after a fluid is not the fluid's; a unit new
    // to the lexicon is read.
    let c = course(
        "A 50-year-old man was admitted with fever. Pleural fluid was drained and serum LDH \
         was 300 U/L. Serum beta-hCG was 1200 mIU/mL.",
    );
    assert_eq!(
        fact(&c, "lactate dehydrogenase").value,
        Some(Value::Number(300.0))
    );
    assert_no_fact(&c, "pleural fluid LDH");
    assert_eq!(
        fact(&c, "human chorionic gonadotropin").unit.as_deref(),
        Some("m[iU]/mL")
    );
}

#[test]
fn endoscopic_and_interventional_procedures_are_named() {
    let c = course(
        "A 55-year-old man was admitted with haematemesis. He underwent variceal band ligation \
         on day 1 and a TIPS on day 3. An autopsy was declined.",
    );
    assert_eq!(fact(&c, "variceal band ligation").kind, Kind::Procedure);
    let tips = fact(&c, "transjugular intrahepatic portosystemic shunt");
    assert_eq!(tips.time.anchor_day(), Some(2.0));
    assert_eq!(fact(&c, "autopsy").status.as_deref(), Some("not done"));
}

#[test]
fn tropical_and_parasitic_tests_and_organisms_are_read() {
    let c = course(
        "A 50-year-old man was admitted with fever. Strongyloides serology was negative, and stool \
         ova and parasites were not seen. Blood cultures grew Burkholderia pseudomallei.",
    );
    for name in ["Strongyloides serology", "stool ova and parasites"] {
        assert_eq!(fact(&c, name).result.as_deref(), Some("negative"), "{name}");
    }
    assert_eq!(
        fact(&c, "blood culture").result.as_deref(),
        Some("Burkholderia pseudomallei")
    );
}

#[test]
fn a_name_is_found_when_a_longer_name_would_end_inside_the_next_word() {
    // "troponin I" and "influenza A" are names too: "troponin i" ends
    // inside "increased", "influenza a" inside "and".
    let c = course(
        "A 60-year-old man was admitted with chest pain. Cardiac troponin increased to 85 ng/L. \
         He had influenza and pneumonia.",
    );
    assert_eq!(fact(&c, "troponin").value, Some(Value::Number(85.0)));
    assert_eq!(fact(&c, "influenza").kind, Kind::Diagnosis);
    assert_no_fact(&c, "troponin I");
}

#[test]
fn a_value_written_as_a_bound_keeps_its_comparator() {
    use casecourse_model::{Comparator, Flag};
    let c = course(
        "ADAMTS13 activity was <1% and haptoglobin less than 0.1 g/L. The eGFR was >90 mL/min/1.73m2.",
    );
    let adamts = fact(&c, "ADAMTS13 activity");
    assert_eq!(
        (adamts.value.clone(), adamts.comparator, adamts.flag),
        (
            Some(Value::Number(1.0)),
            Some(Comparator::Lt),
            Some(Flag::Low)
        )
    );
    assert_eq!(fact(&c, "haptoglobin").comparator, Some(Comparator::Lt));
    assert_eq!(
        fact(&c, "estimated glomerular filtration rate").comparator,
        Some(Comparator::Gt)
    );
    // A plain value has none.
    let plain = course("Ferritin was 900 ng/mL.");
    assert_eq!(fact(&plain, "ferritin").comparator, None);
}

#[test]
fn a_printed_reference_interval_outranks_the_lexicons() {
    use casecourse_model::Flag;
    let c = course(
        "Alkaline phosphatase was 642 U/L (30\u{2013}130), high-sensitivity troponin T 9 ng/L \
         (reference < 14 ng/L) and IgG1 880 mg/dL (490-1140). Ferritin was 350 ng/mL (30-400 ug/dL).",
    );
    let range = |name: &str| {
        let f = fact(&c, name);
        let r = f.reference_range.clone().expect("a range");
        (r.low, r.high, r.source, f.flag)
    };
    assert_eq!(
        range("alkaline phosphatase"),
        (Some(30.0), Some(130.0), "text".into(), Some(Flag::High))
    );
    // "high-sensitivity" is part of the name, not a flag.
    assert_eq!(
        range("troponin T"),
        (None, Some(14.0), "text".into(), Some(Flag::Normal))
    );
    assert_eq!(range("immunoglobulin G1").3, Some(Flag::Normal));
    // An interval in another unit is not this value's: the lexicon's is used.
    assert_ne!(range("ferritin").2, "text");
}

#[test]
fn rheumatology_activity_measures_are_examination_values() {
    let c = course(
        "On examination she had 8 tender and 6 swollen joints. Her patient global assessment was 62 mm. \
         Her DAS28-ESR today is 5.4. The MMT-8 score was 98.",
    );
    for (name, v) in [
        ("tender joint count", 8.0),
        ("swollen joint count", 6.0),
        ("patient global assessment", 62.0),
        ("MMT-8 score", 98.0),
    ] {
        let f = fact(&c, name);
        assert_eq!(
            (f.kind, f.value.clone()),
            (Kind::Exam, Some(Value::Number(v))),
            "{name}"
        );
    }
    // A composite score sums several observations: a finding, not a sign.
    let das = fact(&c, "DAS28-ESR");
    assert_eq!(
        (das.kind, das.value.clone()),
        (Kind::Finding, Some(Value::Number(5.4)))
    );
}

#[test]
fn clinical_scores_and_ventilator_settings_are_findings_with_their_values() {
    let c = course(
        "A 67-year-old man was admitted with pneumonia; his CURB-65 score was 3 and the SOFA score 9. \
         The Birmingham Vasculitis Activity Score (BVAS) was 22. The HScore was 238. \
         He was intubated with a tidal volume of 420 mL, PEEP 14 cmH2O and a plateau pressure of 29 cmH2O.",
    );
    for (name, v) in [
        ("CURB-65 score", 3.0),
        ("SOFA score", 9.0),
        ("Birmingham Vasculitis Activity Score", 22.0),
        ("HScore", 238.0),
        ("tidal volume", 420.0),
        ("positive end-expiratory pressure", 14.0),
        ("plateau pressure", 29.0),
    ] {
        let f = fact(&c, name);
        assert_eq!(
            (f.kind, f.value.clone()),
            (Kind::Finding, Some(Value::Number(v))),
            "{name}"
        );
    }
    // The digits of a score's name are not its value, and a number outside
    // the scale's range is not read as the score.
    let c = course("The CURB-65 criteria were applied; qSOFA 7 was recorded in error.");
    assert_no_fact(&c, "CURB-65 score");
    assert_no_fact(&c, "qSOFA score");
    // "sofa" in lower case is furniture, not the score.
    let c = course("She fell from the sofa 2 days ago.");
    assert_no_fact(&c, "SOFA score");
}

#[test]
fn a_positive_panel_that_names_its_member_is_not_a_result_itself() {
    let c = course(
        "The myositis-specific antibody panel showed strongly positive anti-MDA5 antibodies.",
    );
    assert_no_fact(&c, "myositis antibody panel");
    assert_eq!(result(&c, "anti-MDA5"), Some("positive"));
    let negative = course("The myositis antibody panel was negative apart from anti-Ro52.");
    assert_eq!(
        result(&negative, "myositis antibody panel"),
        Some("negative")
    );
}

#[test]
fn results_written_with_bars_are_a_list_not_a_table() {
    let c = course("Bloods: Hb 152 g/L | WCC 16.4 | neut 14.2 | plt 298 | CRP 238 | creat 112.");
    for (name, v) in [
        ("hemoglobin", 152.0),
        ("white blood cell count", 16.4),
        ("neutrophil count", 14.2),
        ("platelet count", 298.0),
        ("C-reactive protein", 238.0),
        ("creatinine", 112.0),
    ] {
        let f = c.facts.iter().find(|f| f.name == name);
        assert_eq!(
            f.and_then(|f| f.value.clone()),
            Some(Value::Number(v)),
            "{name}"
        );
    }
}

#[test]
fn each_habit_takes_its_nearest_habit_word() {
    let c = course("She had never smoked, drank alcohol only occasionally and kept no birds.");
    let value = |name: &str| {
        c.facts
            .iter()
            .find(|f| f.name == name)
            .and_then(|f| f.value.clone())
    };
    assert_eq!(value("smoking"), Some(Value::Text("never".into())));
    assert_eq!(value("alcohol use"), Some(Value::Text("occasional".into())));
    // A habit word's own value, as clinicians write it.
    let c = course("He is an ex-smoker of 20 pack-years and a former drinker of alcohol.");
    let value = |name: &str| fact(&c, name).value.clone();
    assert_eq!(value("smoking"), Some(Value::Text("ex-smoker".into())));
    assert_eq!(value("alcohol use"), Some(Value::Text("ex-drinker".into())));
}

#[test]
fn a_relatives_condition_is_family_history_with_the_relative() {
    let c = course("Her father had had rheumatoid arthritis.");
    let f = fact(&c, "family history of rheumatoid arthritis");
    assert_eq!(f.kind, Kind::History);
    assert_eq!(f.value, Some(Value::Text("father".into())));
}

#[test]
fn a_name_shared_by_several_tests_is_read_by_its_unit_and_specimen() {
    let c = course(
        "Bloods: WCC 14.2 x10^9/L (neutrophils 78%), eosinophils 14%.\n\
         Urinalysis: protein 1+, glucose 3+, nitrites negative.\n\
         VBG: pH 7.21, pCO2 58 mmHg.\n\
         Urine sodium 12 mmol/L and serum sodium 131 mmol/L.",
    );
    let value = |name: &str| fact(&c, name).value.clone();
    assert_eq!(value("neutrophil percentage"), Some(Value::Number(78.0)));
    assert_eq!(value("eosinophil percentage"), Some(Value::Number(14.0)));
    assert_eq!(value("urine protein"), Some(Value::Text("1+".into())));
    assert_eq!(value("urine glucose"), Some(Value::Text("3+".into())));
    assert_eq!(value("urine nitrite"), Some(Value::Text("negative".into())));
    assert_eq!(value("venous pH"), Some(Value::Number(7.21)));
    assert_eq!(
        value("venous partial pressure of carbon dioxide"),
        Some(Value::Number(58.0))
    );
    assert_eq!(value("urine sodium"), Some(Value::Number(12.0)));
    assert_eq!(value("sodium"), Some(Value::Number(131.0)));
    // A strip grade is never a number, and a gas without "venous" is arterial.
    assert_no_fact(&c, "glucose");
    assert_no_fact(&c, "arterial pH");
    let c = course("ABG: pH 7.31, pCO2 52 mmHg. Glucose 5.8 mmol/L.");
    assert_eq!(fact(&c, "arterial pH").value, Some(Value::Number(7.31)));
    assert_eq!(fact(&c, "glucose").value, Some(Value::Number(5.8)));
    assert_no_fact(&c, "venous pH");
}

#[test]
fn a_culture_or_swab_named_by_its_specimen_reports_its_organism() {
    let c = course(
        "A 70-year-old man was admitted with pneumonia.\nEndotracheal aspirate culture grew \
         Klebsiella pneumoniae. A nasal swab grew Staphylococcus aureus. CMV pp65 \
         antigenaemia was negative.",
    );
    let result = |name: &str| fact(&c, name).result.clone();
    assert_eq!(
        result("endotracheal aspirate culture").as_deref(),
        Some("Klebsiella pneumoniae")
    );
    assert_eq!(
        result("nasal swab").as_deref(),
        Some("Staphylococcus aureus")
    );
    assert_eq!(result("CMV pp65 antigenemia").as_deref(), Some("negative"));
    // A culture with no result is not a finding.
    let c = course("A 70-year-old man was admitted with pneumonia. Cultures were sent.");
    assert_no_fact(&c, "culture");
}

#[test]
fn a_body_part_before_a_one_word_finding_names_where_it_is() {
    let c = course(
        "A 70-year-old man was admitted with breathlessness. There was no calf tenderness, \
         and he had scalp tenderness.",
    );
    let calf = fact(&c, "calf tenderness");
    assert!(calf.negated);
    assert_eq!(calf.site.as_deref(), Some("calf"));
    assert!(!fact(&c, "scalp tenderness").negated);
    assert_no_fact(&c, "tenderness");
    // Regions of the abdomen and trunk name a tenderness too.
    let c = course(
        "A 70-year-old woman was admitted with a fever. There was suprapubic tenderness \
         and right loin tenderness.",
    );
    assert_eq!(
        fact(&c, "suprapubic tenderness").site.as_deref(),
        Some("suprapubic")
    );
    assert_eq!(fact(&c, "loin tenderness").site.as_deref(), Some("loin"));
}

#[test]
fn words_of_character_or_place_before_a_finding_are_part_of_its_name() {
    let text = "A 58-year-old woman was admitted with a fever. Examination showed fine \
                bibasal crackles and tender cervical lymphadenopathy.";
    let c = course(text);
    let crackles = fact(&c, "fine bibasal crackles");
    // The span runs from the first qualifier through the finding.
    let s = crackles.spans[0];
    assert_eq!(&text[s.start..s.end], "fine bibasal crackles");
    assert!(!fact(&c, "tender cervical lymphadenopathy").negated);
    assert_no_fact(&c, "tenderness");
    assert_no_fact(&c, "crackles");
    assert_no_fact(&c, "lymphadenopathy");
}

#[test]
fn words_of_extent_or_severity_are_not_part_of_a_name() {
    let c = course("A 40-year-old man presented with diffuse abdominal pain and severe headache.");
    fact(&c, "abdominal pain");
    fact(&c, "headache");
}

#[test]
fn later_values_of_one_test_each_take_their_own_time() {
    let c = course(
        "A 45-year-old woman was admitted with weakness. The CK fell to 2,140 U/L at week 4, \
         486 U/L at week 8 and 162 U/L at week 16.",
    );
    let ck: Vec<(f64, Option<f64>)> = c
        .facts
        .iter()
        .filter(|f| f.name == "creatine kinase")
        .map(|f| {
            (
                f.time.day.unwrap_or(f64::NAN),
                match f.value {
                    Some(Value::Number(v)) => Some(v),
                    _ => None,
                },
            )
        })
        .collect();
    assert_eq!(
        ck,
        [
            (28.0, Some(2140.0)),
            (56.0, Some(486.0)),
            (112.0, Some(162.0))
        ]
    );
    // "Fell to" says how it changed, not that 2,140 U/L is low.
    assert_eq!(
        fact(&c, "creatine kinase").flag,
        Some(casecourse_model::Flag::High)
    );
}

/// The (day, value) pairs of every fact named `name`.
fn series(c: &casecourse_model::Course, name: &str) -> Vec<(f64, f64)> {
    c.facts
        .iter()
        .filter(|f| f.name == name)
        .filter_map(|f| match f.value {
            Some(Value::Number(v)) => Some((f.time.day.unwrap_or(f64::NAN), v)),
            _ => None,
        })
        .collect()
}

#[test]
fn a_series_runs_across_clauses_and_may_start_undated() {
    let c = course(
        "A 50-year-old man was admitted on day 1. His haemoglobin was 9.8 g/dL on day 2, \
         8.1 g/dL on day 4 and 10.2 g/dL on day 9.",
    );
    assert_eq!(
        series(&c, "hemoglobin"),
        [(1.0, 9.8), (3.0, 8.1), (8.0, 10.2)]
    );
    // "day 1 to 88 mg/L" is a day and a value, not days 1 to 88.
    let c = course(
        "A 50-year-old man was admitted on day 1. CRP fell from 214 mg/L on day 1 to 88 mg/L on day 4.",
    );
    assert_eq!(
        series(&c, "C-reactive protein"),
        [(0.0, 214.0), (3.0, 88.0)]
    );
    // An undated first value joined to a dated second is at the
    // narrative's time.
    let c = course(
        "A 70-year-old man was admitted with chest pain. High-sensitivity troponin T was 34 \
         ng/L, and 36 ng/L three hours later.",
    );
    let trop = series(&c, "troponin T");
    assert_eq!(trop.len(), 2, "{trop:?}");
    assert_eq!(trop[0], (0.0, 34.0));
    assert!((trop[1].0 - 0.125).abs() < 1e-9, "{trop:?}");
}

#[test]
fn a_series_written_time_first_gives_each_time_its_value() {
    let c = course(
        "A 30-year-old man was admitted with chest pain.\nTroponin I (ref <0.04 ng/mL): HD 1 8.4 \
         -> HD 2 21.6 (peak) -> HD 3 14.2 -> HD 5 3.1 ng/mL.\n",
    );
    assert_eq!(
        series(&c, "troponin I"),
        [(0.0, 8.4), (1.0, 21.6), (2.0, 14.2), (4.0, 3.1)]
    );
    // Times and numbers joined by commas only, with no unit to each: not
    // read as a series.
    let c = course(
        "A 30-year-old man was admitted.\nCreatinine: HD 1 1.4, HD 3 1.1, HD 5 0.9 mg/dL.\n",
    );
    assert_eq!(series(&c, "creatinine"), [(0.0, 0.9)]);
}

#[test]
fn a_change_told_as_a_chain_of_values_gives_each_value() {
    // The unit written once, at the end, is every value's.
    for (text, name, values) in [
        (
            "Her creatinine rose from 60 to 168 umol/L.",
            "creatinine",
            vec![60.0, 168.0],
        ),
        (
            "Cr 168 -> 120 -> 95 umol/L.",
            "creatinine",
            vec![168.0, 120.0, 95.0],
        ),
        ("Troponin 14 then 56 ng/L.", "troponin", vec![14.0, 56.0]),
        // A verb of change joins them; a length of time after the last
        // dates neither (before, it lost the chain).
        (
            "Lactate 6.2, falling to 1.4 mmol/L.",
            "lactate",
            vec![6.2, 1.4],
        ),
        (
            "CK fell from 12,000 to 800 U/L over two weeks.",
            "creatine kinase",
            vec![12000.0, 800.0],
        ),
        (
            "Creatinine rose from a baseline of 85 to 320 umol/L.",
            "creatinine",
            vec![85.0, 320.0],
        ),
    ] {
        let c = course(&format!("A 60-year-old woman was admitted. {text}"));
        let got: Vec<(f64, Option<&str>)> = all(&c, name)
            .iter()
            .filter_map(|f| match f.value {
                Some(Value::Number(v)) => Some((v, f.unit.as_deref())),
                _ => None,
            })
            .collect();
        let want: Vec<(f64, Option<&str>)> = values
            .iter()
            .map(|&v| (v, all(&c, name)[0].unit.as_deref()))
            .collect();
        assert_eq!(got, want, "{text}");
        assert!(want[0].1.is_some(), "{text}: no unit");
    }
    // "to" without "from" is more often a printed range: one value.
    let c = course("A 60-year-old woman was admitted. Platelets 150 to 400.");
    assert_eq!(all(&c, "platelet count").len(), 1);
}

#[test]
fn a_value_told_after_a_verb_of_change_is_read_and_a_difference_is_not() {
    let numbers = |c: &Course, name: &str| -> Vec<f64> {
        all(c, name)
            .iter()
            .filter_map(|f| f.value.as_ref().and_then(Value::as_number))
            .collect()
    };
    for (text, name, want) in [
        ("Potassium rose to 6.1 on day 2.", "potassium", 6.1),
        ("The CRP came down to 35.", "C-reactive protein", 35.0),
        ("Hb dropped by 30 g/L to 68 g/L.", "hemoglobin", 68.0),
    ] {
        let c = course(&format!("A 60-year-old woman was admitted. {text}"));
        assert_eq!(numbers(&c, name), [want], "{text}");
    }
    // Other words keep a bare number away from the name.
    let c = course("A 60-year-old woman was admitted. Potassium replacement over 3 doses.");
    assert!(numbers(&c, "potassium").is_empty());
}

/// The values of `name` in `c`: (relation, day, value, unit).
fn dated_values<'c>(
    c: &'c casecourse_model::Course,
    name: &str,
) -> Vec<(Relation, Option<f64>, f64, Option<&'c str>)> {
    all(c, name)
        .iter()
        .filter_map(|f| match f.value {
            Some(Value::Number(v)) => Some((f.time.relation, f.time.day, v, f.unit.as_deref())),
            _ => None,
        })
        .collect()
}

#[test]
fn a_time_after_the_last_value_of_a_change_dates_that_value_and_the_first_is_earlier() {
    let c = course(
        "A 60-year-old woman was admitted on day 0. KL-6 fell from 1800 U/mL to 900 U/mL by week 12.",
    );
    assert_eq!(
        dated_values(&c, "KL-6"),
        [
            (Relation::At, Some(0.0), 1800.0, Some("U/mL")),
            (Relation::At, Some(84.0), 900.0, Some("U/mL"))
        ]
    );
    let c = course(
        "A 60-year-old man was admitted on day 0. CK fell from 3200 IU/L to 180 IU/L after 4 weeks.",
    );
    let ck = dated_values(&c, "creatine kinase");
    assert_eq!(
        ck.iter().map(|v| (v.1, v.2)).collect::<Vec<_>>(),
        [(Some(0.0), 3200.0), (Some(28.0), 180.0)]
    );
    // The unit written once, after the last number, is both values'.
    let c = course(
        "A 60-year-old man was admitted on day 0. KL-6 decreased from 1,800 to 950 U/mL by day 30.",
    );
    assert_eq!(
        dated_values(&c, "KL-6"),
        [
            (Relation::At, Some(0.0), 1800.0, Some("U/mL")),
            (Relation::At, Some(30.0), 950.0, Some("U/mL"))
        ]
    );
}

#[test]
fn a_change_dated_after_the_narratives_time_puts_its_first_value_before_the_last() {
    // The narrative has moved past the last value's time: the first value
    // is only known to be before it.
    let c = course(
        "A 60-year-old woman was admitted on day 0. On day 40 she was discharged. \
         KL-6 fell from 1800 U/mL to 900 U/mL by day 20.",
    );
    assert_eq!(
        dated_values(&c, "KL-6"),
        [
            (Relation::Before, Some(20.0), 1800.0, Some("U/mL")),
            (Relation::At, Some(20.0), 900.0, Some("U/mL"))
        ]
    );
    // "After treatment": the first value is where the narrative stood.
    let c = course(
        "A 60-year-old woman was admitted on day 0. On day 3 ferritin decreased from 2100 to 450 ng/mL after treatment.",
    );
    let ferritin = dated_values(&c, "ferritin");
    assert_eq!(
        ferritin.iter().map(|v| (v.0, v.2, v.3)).collect::<Vec<_>>(),
        [
            (Relation::At, 2100.0, Some("ng/mL")),
            (Relation::After, 450.0, Some("ng/mL"))
        ]
    );
    // A first value with its own time stays a dated series.
    let c = course(
        "A 60-year-old woman was admitted on day 0. Ferritin rose from 800 ng/mL on admission to 3,200 ng/mL on day 10.",
    );
    assert_eq!(
        dated_values(&c, "ferritin")
            .iter()
            .map(|v| (v.1, v.2))
            .collect::<Vec<_>>(),
        [(Some(0.0), 800.0), (Some(10.0), 3200.0)]
    );
}

#[test]
fn two_numbers_in_one_unit_without_their_own_times_are_not_a_series() {
    let c = course("A 45-year-old woman was admitted. CK was 2,140 U/L and 486 U/L.");
    assert_eq!(
        c.facts
            .iter()
            .filter(|f| f.name == "creatine kinase")
            .count(),
        1
    );
}

#[test]
fn progress_note_abbreviations_name_their_tests() {
    let c = course("Labs: AST 88 U/L, ALT 104 U/L, Tbili 2.1 mg/dL.");
    assert_eq!(fact(&c, "total bilirubin").value, Some(Value::Number(2.1)));
}

#[test]
fn a_body_part_before_a_biopsy_or_a_scan_names_it() {
    let c = course(
        "A 72-year-old woman was admitted with headache. Axillary artery ultrasound showed a \
         halo sign. A lymph node biopsy was performed.",
    );
    assert_eq!(
        fact(&c, "axillary artery ultrasound").site.as_deref(),
        Some("axillary artery")
    );
    fact(&c, "lymph node biopsy");
    assert_no_fact(&c, "ultrasound");
    assert_no_fact(&c, "biopsy");
}

#[test]
fn a_status_is_named_by_what_changed_without_its_auxiliaries() {
    let c = course("A 25-year-old woman was admitted with DKA. By 20 hours the DKA had resolved.");
    assert_eq!(fact(&c, "DKA resolved").kind, Kind::Status);
}

#[test]
fn a_status_names_the_noun_that_got_better_but_not_the_patient() {
    let c = course("A 61-year-old woman was admitted with dysphagia. Her swallowing improved.");
    assert_eq!(fact(&c, "swallowing improved").kind, Kind::Status);
    // The patient is not what changed; a change without what changed is
    // not kept ("she improved", "remained stable"); the patient's
    // condition as a whole is what changed (stop 36, probe analysis 35p
    // M14).
    let c = course(
        "A 4-year-old boy was admitted with fever. The child improved rapidly. His condition \
         then deteriorated, and he later remained stable. He relapsed at 6 months.",
    );
    let statuses: Vec<&str> = c
        .facts
        .iter()
        .filter(|f| f.kind == Kind::Status)
        .map(|f| f.name.as_str())
        .collect();
    assert_eq!(statuses, ["condition deteriorated", "relapse"]);
    // Words that name the disease, or a failed treatment, are its state.
    let c = course(
        "A 60-year-old man was admitted. CT showed disease progression. This was deemed \
         treatment failure.",
    );
    fact(&c, "progression");
    fact(&c, "no response");
}

#[test]
fn a_procedure_not_performed_is_negated_one_not_feasible_is_not() {
    let c = course("A 60-year-old man was admitted. A temporal artery biopsy was not performed.");
    let biopsy = fact(&c, "temporal artery biopsy");
    assert!(biopsy.negated);
    assert_eq!(biopsy.status.as_deref(), Some("not done"));
    let c = course("A 60-year-old man was admitted. Pulmonary function tests were not feasible.");
    let pft = fact(&c, "pulmonary function tests");
    assert!(!pft.negated);
    assert_eq!(pft.status.as_deref(), Some("not done"));
}

#[test]
fn examination_signs_of_chest_heart_and_legs_are_read_with_their_negation() {
    let c = course(
        "On examination there was bronchial breathing and dullness to percussion at the right base, \
         with reduced air entry. An S3 gallop was heard. There was no calf tenderness and no pericardial rub.",
    );
    assert_each(
        &c,
        &[
            "bronchial breathing",
            "dullness to percussion",
            "decreased breath sounds",
            "third heart sound",
        ],
        Kind::Exam,
        false,
    );
    assert_each(
        &c,
        &["calf tenderness", "pericardial rub"],
        Kind::Exam,
        true,
    );
}

#[test]
fn named_signs_of_the_nervous_system_skin_and_joints_are_examination_findings() {
    let c = course(
        "A 70-year-old man was admitted with jaw stiffness. On examination he had trismus, risus sardonicus \
         and generalised spasms, with brisk reflexes and ankle clonus. Kernig's sign was negative. \
         There were tophi over both elbows and dactylitis of the left second toe; Nikolsky sign was negative.",
    );
    assert_each(
        &c,
        &[
            "trismus",
            "risus sardonicus",
            "muscle spasm",
            "hyperreflexia",
            "clonus",
            "tophus",
            "dactylitis",
        ],
        Kind::Exam,
        false,
    );
    for name in ["Kernig's sign", "Nikolsky sign"] {
        let f = fact(&c, name);
        assert_eq!(f.kind, Kind::Exam, "{name}");
        assert!(
            f.negated || f.result.as_deref() == Some("negative"),
            "{name}: {f:#?}"
        );
    }
}

#[test]
fn complaints_of_speech_gait_bleeding_and_intake_are_symptoms() {
    let c = course(
        "A 64-year-old woman presented with word-finding difficulty for 4 days, a right foot drop, \
         bleeding gums and poor oral intake. She denied presyncope.",
    );
    assert_each(
        &c,
        &[
            "word-finding difficulty",
            "foot drop",
            "gum bleeding",
            "reduced oral intake",
        ],
        Kind::Symptom,
        false,
    );
    assert!(fact(&c, "presyncope").negated);
    let c = course(
        "A 29-year-old woman presented with amenorrhoea for 6 months, galactorrhoea and headache. \
         She denied visual floaters.",
    );
    assert_each(&c, &["amenorrhoea", "galactorrhoea"], Kind::Symptom, false);
    assert!(fact(&c, "floaters").negated);
}

#[test]
fn an_organism_named_with_the_method_of_a_test_is_that_test() {
    let c = course(
        "A 50-year-old man was admitted with fever. Plasma PCRs for EBV, CMV and HHV-6 were \
         negative. RSV and adenovirus PCRs were positive.",
    );
    for (name, result) in [
        ("Epstein-Barr virus PCR", "negative"),
        ("cytomegalovirus PCR", "negative"),
        ("human herpesvirus 6 PCR", "negative"),
        ("respiratory syncytial virus PCR", "positive"),
        ("adenovirus PCR", "positive"),
    ] {
        assert_eq!(fact(&c, name).result.as_deref(), Some(result), "{name}");
    }
    // An organism a culture grew is the culture's result, not a test.
    let c =
        course("A 50-year-old man was admitted with fever. Blood cultures grew Escherichia coli.");
    assert_eq!(
        fact(&c, "blood culture").result.as_deref(),
        Some("Escherichia coli")
    );
    assert_no_fact(&c, "Escherichia coli PCR");
}

#[test]
fn organisms_after_a_result_and_for_are_that_results_targets() {
    // The method is the clause's own method word, before or after them.
    let c = course(
        "A 50-year-old man was admitted with fever. PCR testing of CSF was negative for \
         enterovirus and herpes simplex virus. Sputum was positive for Mycobacterium \
         tuberculosis on PCR. The BAL fluid was positive for Pneumocystis jirovecii.",
    );
    for (name, result) in [
        ("CSF enterovirus PCR", "negative"),
        ("CSF herpes simplex virus PCR", "negative"),
        ("sputum Mycobacterium tuberculosis PCR", "positive"),
        ("BAL Pneumocystis jirovecii test", "positive"),
    ] {
        assert_eq!(fact(&c, name).result.as_deref(), Some(result), "{name}");
    }
    // A culture named before them in the clause found them.
    let c = course(
        "A 50-year-old man was admitted with fever. Blood cultures were positive for \
         Staphylococcus aureus.",
    );
    assert_eq!(
        fact(&c, "blood culture").result.as_deref(),
        Some("Staphylococcus aureus")
    );
    assert_no_fact(&c, "Staphylococcus aureus test");
}

#[test]
fn a_target_named_with_a_method_of_serology_or_antigen_is_that_test() {
    let c = course(
        "A 50-year-old man was admitted with fever. HIV, hepatitis B and hepatitis C serology \
         were negative. Toxoplasma IgG was positive. Serology for Brucella was positive.",
    );
    for (name, result) in [
        // The lexicon's own test, found under the organism's abbreviation.
        ("HIV test", "negative"),
        ("hepatitis B serology", "negative"),
        // "hepatitis C serology" is the lexicon's hepatitis C antibody test.
        ("hepatitis C antibody", "negative"),
        ("Toxoplasma gondii IgG", "positive"),
        ("Brucella serology", "positive"),
    ] {
        let f = fact(&c, name);
        assert_eq!(f.kind, Kind::Microbiology, "{name}");
        assert_eq!(f.result.as_deref(), Some(result), "{name}");
    }
    // An infection named as a test's target is not a diagnosis.
    assert_no_fact(&c, "hepatitis C");
    // Named alone it still is one.
    let c = course("A 50-year-old man was admitted. Hepatitis C was excluded.");
    assert_eq!(fact(&c, "hepatitis C").kind, Kind::Diagnosis);
    // The result after the method's word is the test's own.
    let c = course("A 50-year-old man was admitted. CMV-IgG was positive and EBV-IgM negative.");
    assert_eq!(
        fact(&c, "cytomegalovirus IgG").result.as_deref(),
        Some("positive")
    );
    assert_eq!(
        // "EBV IgM" is the IgM against the viral capsid antigen.
        fact(&c, "Epstein-Barr virus VCA IgM").result.as_deref(),
        Some("negative")
    );
}

#[test]
fn a_diagnosis_or_an_organism_beside_another_test_is_not_that_test() {
    // ", and" joins clauses here, not a list; an infection is no target
    // of the test after it.
    let c = course(
        "A 50-year-old woman was admitted with fever. She developed ventilator-associated \
         pneumonia, and CMV PCR was positive. He had tuberculosis and HIV antibody was \
         positive. Blood cultures grew Staphylococcus aureus, and EBV PCR was negative.",
    );
    assert_eq!(
        fact(&c, "ventilator-associated pneumonia").kind,
        Kind::Diagnosis
    );
    assert_eq!(fact(&c, "tuberculosis").kind, Kind::Diagnosis);
    assert_no_fact(&c, "tuberculosis antibody");
    assert_no_fact(&c, "Staphylococcus aureus PCR");
    assert_eq!(
        fact(&c, "blood culture").result.as_deref(),
        Some("Staphylococcus aureus")
    );
}

#[test]
fn a_habit_the_patient_never_had_is_smoking_never_or_a_negated_habit() {
    let intro = "A 70-year-old woman was admitted with cough. ";
    for said in [
        "Ex-smoker, no alcohol.",
        "Etoh nil.",
        "She does not drink alcohol.",
    ] {
        let c = course(&format!("{intro}{said}"));
        let alcohol = fact(&c, "alcohol use");
        assert!(alcohol.negated, "{said}");
        assert_eq!(
            alcohol.value, None,
            "{said}: a smoking word is not alcohol's"
        );
    }
    let c = course(&format!(
        "{intro}No smoking history; drinks alcohol occasionally."
    ));
    let smoking = fact(&c, "smoking");
    assert_eq!(
        (smoking.negated, smoking.value.clone()),
        (false, Some(Value::Text("never".into())))
    );
    assert_eq!(
        fact(&c, "alcohol use").value,
        Some(Value::Text("occasional".into()))
    );
    // A smoking status that names itself keeps its words.
    for (said, value) in [
        ("She is a non-smoker.", "non-smoker"),
        ("Former smoker.", "former smoker"),
        ("Lifelong non-smoker.", "never"),
    ] {
        let c = course(&format!("{intro}{said}"));
        assert_eq!(
            fact(&c, "smoking").value,
            Some(Value::Text(value.into())),
            "{said}"
        );
    }
}

#[test]
fn a_negated_imaging_finding_says_no_once() {
    let c = course(
        "A 60-year-old man was admitted with cough. CT showed perilymphatic micronodules; \
         there was no cavitation, consolidation or pleural effusion.",
    );
    let findings = &fact(&c, "computed tomography").findings;
    assert!(
        findings.iter().any(|f| f == "no cavitation"),
        "{findings:?}"
    );
    assert!(
        !findings.iter().any(|f| f.starts_with("no no")),
        "{findings:?}"
    );
}

#[test]
fn a_usual_value_in_brackets_after_a_result_is_from_before_the_illness() {
    use casecourse_model::Relation;
    let c = course(
        "A 70-year-old man was admitted with acute kidney injury. Creat 131 umol/L \
         (baseline 84), Hb 128 g/L (usual 140 g/L), CRP 12 mg/L (normal <5).",
    );
    let before = |name: &str| {
        all(&c, name)
            .into_iter()
            .find(|f| f.time.relation == Relation::Before)
            .map(|f| (f.value.clone(), f.unit.clone()))
    };
    assert_eq!(
        before("creatinine"),
        Some((Some(Value::Number(84.0)), Some("umol/L".into())))
    );
    assert_eq!(
        before("hemoglobin"),
        Some((Some(Value::Number(140.0)), Some("g/L".into())))
    );
    // A printed reference interval is not the patient's value.
    assert_eq!(all(&c, "C-reactive protein").len(), 1);
}

#[test]
fn an_unlikely_diagnosis_is_argued_against_not_suspected() {
    let c = course(
        "A 60-year-old man was admitted with breathlessness. Idiopathic pulmonary fibrosis \
         was considered unlikely. Acute coronary syndrome was excluded. Lymphoma is less \
         likely.",
    );
    let ipf = fact(&c, "idiopathic pulmonary fibrosis");
    assert!(ipf.negated);
    assert_eq!(ipf.status.as_deref(), Some("unlikely"));
    assert_eq!(
        fact(&c, "acute coronary syndrome").status.as_deref(),
        Some("excluded")
    );
    // A comparative only ranks a differential.
    assert!(!fact(&c, "lymphoma").negated);
}

#[test]
fn an_ecg_is_a_finding_read_like_a_study() {
    let c = course(
        "A 60-year-old man was admitted with palpitations. An ECG showed sinus tachycardia.",
    );
    let ecg = fact(&c, "ECG");
    assert_eq!(ecg.kind, casecourse_model::Kind::Finding);
    assert_no_fact(&c, "electrocardiogram");
}

#[test]
fn a_repeat_study_named_by_its_modality_is_the_study_named_before() {
    let c = course(
        "A 50-year-old man was admitted with cough. CT of the chest showed hilar \
         lymphadenopathy. Three months later, repeat CT showed marked regression.",
    );
    let cts: Vec<&str> = c
        .facts
        .iter()
        .filter(|f| f.kind == casecourse_model::Kind::Imaging)
        .map(|f| f.name.as_str())
        .collect();
    assert_eq!(cts, ["CT chest", "CT chest"]);
    // Two regions named before: the bare name stays.
    let c = course(
        "A 50-year-old man was admitted with pain. CT of the chest was clear. CT of the \
         abdomen showed pancreatitis. Three months later, repeat CT was normal.",
    );
    fact(&c, "computed tomography");
}

#[test]
fn an_amount_of_weight_lost_is_the_value_of_the_weight_loss() {
    for (text, kg) in [
        ("She also reported tiredness and a 3 kg weight loss.", 3.0),
        ("He reported 6 kg of weight loss.", 6.0),
        ("There was a weight loss of 4 kg.", 4.0),
        // The verb alone names the complaint.
        ("He had lost 9 kg in weight over two months.", 9.0),
    ] {
        let c = course(&format!(
            "A 50-year-old man was admitted with cough. {text}"
        ));
        let f = fact(&c, "weight loss");
        assert_eq!(f.value, Some(Value::Number(kg)), "{text}");
        assert_eq!(f.unit.as_deref(), Some("kg"), "{text}");
        // Not a body weight of a few kilograms.
        assert_no_fact(&c, "body weight");
    }
    // A verb of loss before anything but a weight names nothing.
    let c = course("A 50-year-old man was admitted. He lost 2 units of blood.");
    assert_no_fact(&c, "weight loss");
}

#[test]
fn a_weight_change_over_a_span_lies_between_its_ends() {
    for text in [
        "He had lost 8 kg in weight over two months.",
        "He reported two months of cough, night sweats and 8 kg weight loss.",
    ] {
        let c = course(&format!(
            "A 50-year-old man was admitted with cough. {text}"
        ));
        let t = &fact(&c, "weight loss").time;
        assert_eq!(t.relation, Relation::Between, "{text}");
        let (start, end) = (t.start_day.unwrap(), t.end_day.unwrap());
        assert!(
            (start + 60.875).abs() < 1e-9 && end.abs() < 1e-9,
            "{text}: {t:?}"
        );
    }
    // After the index, the span ends where the text stands.
    let c = course(
        "A 50-year-old man was admitted with cough. On day 15 a weight loss of 3 kg over 7 days \
         was noted.",
    );
    let t = &fact(&c, "weight loss").time;
    assert_eq!((t.start_day, t.end_day), (Some(7.0), Some(14.0)), "{t:?}");
    // A complaint with no amount still began at its onset.
    let c = course("A 50-year-old man was admitted with two months of cough.");
    assert_eq!(fact(&c, "cough").time.relation, Relation::Onset);
}

#[test]
fn a_strength_grade_belongs_to_the_muscle_groups_named_since_the_grade_before() {
    let c = course(
        "A 50-year-old woman was admitted with weakness. Neck flexion and hip flexion were \
         graded 3/5 on the MRC scale and shoulder abduction 4-/5; distal strength was normal \
         (5/5). GP review in 1/52.",
    );
    let grade = |name: &str| match &fact(&c, name).value {
        Some(Value::Text(t)) => t.clone(),
        other => panic!("{name}: {other:?}"),
    };
    assert_eq!(grade("neck flexion strength"), "3/5");
    assert_eq!(grade("hip flexion strength"), "3/5");
    assert_eq!(grade("shoulder abduction strength"), "4-/5");
    assert_eq!(grade("distal strength"), "5/5");
    // "1/52" is a week, not a grade; with no muscle named, no grade is read.
    assert_eq!(
        c.facts
            .iter()
            .filter(|f| f.kind == Kind::Exam && f.value.is_some())
            .count(),
        4
    );
}

#[test]
fn a_grade_written_before_muscle_groups_is_theirs() {
    let c = course(
        "Strength was MRC grade 3/5 in the neck flexors and hip flexors, 4-/5 in the deltoids and \
         4/5 in the quadriceps; distal strength was 5/5.",
    );
    let grade = |n: &str| match &fact(&c, n).value {
        Some(Value::Text(t)) => t.clone(),
        v => panic!("{n}: {v:?}"),
    };
    assert_eq!(grade("neck flexors strength"), "3/5");
    assert_eq!(grade("hip flexors strength"), "3/5");
    assert_eq!(grade("deltoids strength"), "4-/5");
    assert_eq!(grade("quadriceps strength"), "4/5");
    assert_eq!(grade("distal strength"), "5/5");
}

#[test]
fn islet_autoantibodies_are_antibodies_not_the_anxiety_disorder() {
    let c =
        course("Anti-GAD and anti-IA-2 antibodies were positive; ZnT8 antibodies were negative.");
    assert_eq!(result(&c, "anti-GAD65"), Some("positive"));
    assert_eq!(result(&c, "anti-IA-2"), Some("positive"));
    assert_eq!(result(&c, "anti-ZnT8"), Some("negative"));
    assert_no_fact(&c, "anxiety disorder");
}

#[test]
fn a_treatment_that_was_not_needed_was_not_given() {
    let c = course("The headache eased within 30 minutes, so mannitol was not needed.");
    assert!(fact(&c, "mannitol").negated);
}

#[test]
fn susceptibility_results_are_not_drugs_given() {
    let c = course(
        "A 58-year-old man was admitted. Xpert detected Mycobacterium tuberculosis with no rifampicin resistance. \
         The isolate was sensitive to ceftazidime and co-trimoxazole and resistant to ampicillin. \
         He was started on meropenem 1 g three times daily.",
    );
    for name in [
        "rifampicin",
        "ceftazidime",
        "trimethoprim-sulfamethoxazole",
        "ampicillin",
    ] {
        assert_no_fact(&c, name);
    }
    assert_eq!(fact(&c, "meropenem").kind, Kind::Medication);
}

#[test]
fn a_drug_that_failed_before_a_disease_name_was_given() {
    let c = course("IVIG-resistant Kawasaki disease in a 3-year-old girl.");
    assert_eq!(
        fact(&c, "intravenous immunoglobulin").kind,
        Kind::Medication
    );
}

#[test]
fn does_not_smoke_is_a_never_smoker() {
    let c = course("A 58-year-old man was admitted. He does not smoke or drink alcohol.");
    let smoking = fact(&c, "smoking");
    assert_eq!(smoking.value, Some(Value::Text("never".into())));
    assert!(fact(&c, "alcohol use").negated);
}

#[test]
fn transplant_rejection_and_its_exclusions_are_diagnoses() {
    let c = course(
        "The graft biopsy showed acute T-cell-mediated rejection, Banff grade IB. \
         Antibody-mediated rejection and BK virus nephropathy were excluded. \
         He had been taking St. John's wort for low mood.",
    );
    assert_eq!(fact(&c, "T-cell-mediated rejection").kind, Kind::Diagnosis);
    assert!(fact(&c, "antibody-mediated rejection").negated);
    assert!(fact(&c, "polyomavirus nephropathy").negated);
    assert_eq!(fact(&c, "St John's wort").kind, Kind::Medication);
}

#[test]
fn a_notes_age_and_sex_letter_is_read_but_not_a_french_gauge_or_a_temperature() {
    let c = course("Pt: 74F. Adm ICU from ED.");
    assert_eq!(fact(&c, "age").value, Some(Value::Number(74.0)));
    assert_eq!(fact(&c, "sex").value, Some(Value::Text("female".into())));
    // A word that only ends like a temperature word ("patient", "at").
    let c = course("Patient 63M with cough.");
    assert_eq!(fact(&c, "age").value, Some(Value::Number(63.0)));
    for text in [
        "A 14F chest drain was inserted.",
        "8F sheath placed.",
        "T 99F, HR 100.",
    ] {
        let c = course(text);
        assert_no_fact(&c, "age");
    }
}

#[test]
fn common_interventions_are_procedures_and_their_refusals_are_negated() {
    let c = course(
        "Surgical embolectomy was not required, and an inferior vena cava filter was not placed. \
         A percutaneous nephrostomy was inserted and a urinary catheter was placed.",
    );
    assert!(fact(&c, "surgical embolectomy").negated);
    assert!(fact(&c, "inferior vena cava filter").negated);
    for name in ["percutaneous nephrostomy", "urinary catheter"] {
        let f = fact(&c, name);
        assert_eq!(f.kind, Kind::Procedure, "{name}");
        assert!(!f.negated, "{name}");
    }
}

#[test]
fn urine_output_is_a_finding_with_its_rate() {
    let c = course("UO 15 mL/h after the procedure.");
    let uo = fact(&c, "urine output");
    assert_eq!(uo.kind, Kind::Finding);
    assert_eq!(uo.value, Some(Value::Number(15.0)));
    assert_eq!(uo.unit.as_deref(), Some("mL/h"));
}

#[test]
fn a_notes_age_next_to_multibyte_text_reads_without_panic() {
    let c = course("éééééééééé1 74F.");
    assert_eq!(fact(&c, "age").value, Some(Value::Number(74.0)));
}

#[test]
fn an_antibody_level_without_a_result_word_is_kept_with_its_unit() {
    let c = course(
        "MPO-ANCA was 48 IU/mL (reference <3.5), whereas PR3-ANCA was negative. By week 16 the anti-MDA5 index had dropped to 210.",
    );
    let mpo = fact(&c, "MPO-ANCA");
    assert_eq!(mpo.value, Some(Value::Number(48.0)));
    assert_eq!(mpo.unit.as_deref(), Some("[iU]/mL"));
    // Above the printed upper limit: positive.
    assert_eq!(mpo.result.as_deref(), Some("positive"));
    assert_eq!(result(&c, "PR3-ANCA"), Some("negative"));
    let mda5 = fact(&c, "anti-MDA5");
    assert_eq!(mda5.value, Some(Value::Number(210.0)));
    assert_eq!(mda5.unit.as_deref(), Some("{index}"));
    // No interval printed: the level alone does not give the result.
    assert_eq!(mda5.result, None);
    // Within a printed cut-off: negative.
    let c = course("Anti-dsDNA was 4 IU/mL (cut-off <10).");
    assert_eq!(result(&c, "anti-dsDNA"), Some("negative"));
    // A number that belongs to another result is not the antibody's.
    let c = course("Anti-MDA5 antibody-positive dermatomyositis with ferritin 1,200 ng/mL.");
    assert!(
        c.facts
            .iter()
            .all(|f| f.kind != Kind::Antibody || f.value.is_none())
    );
}

#[test]
fn a_viral_load_without_a_result_word_was_detected_unless_below_a_limit() {
    let c = course(
        "CMV DNA was 1.2 × 10^4 copies/mL. HBV DNA was <20 IU/mL. QuantiFERON was 0.12 IU/mL.",
    );
    let cmv = fact(&c, "cytomegalovirus PCR");
    assert_eq!(cmv.value, Some(Value::Number(12000.0)));
    assert_eq!(cmv.result.as_deref(), Some("positive"));
    assert_eq!(result(&c, "hepatitis B virus DNA"), Some("negative"));
    // Not a count of a microbe: which side of its cut-off is not said.
    let igra = fact(&c, "interferon-gamma release assay");
    assert_eq!(igra.value, Some(Value::Number(0.12)));
    assert_eq!(igra.result, None);
}

#[test]
fn a_result_after_an_earlier_test_is_not_the_next_tests_when_it_has_its_own() {
    let c = course(
        "EBV viral capsid antigen IgM was positive and EBV nuclear antigen IgG negative. \
         Anti-Jo-1 was negative and anti-PL-7 positive.",
    );
    assert_eq!(result(&c, "Epstein-Barr virus VCA IgM"), Some("positive"));
    assert_eq!(
        result(&c, "Epstein-Barr nuclear antigen antibody"),
        Some("negative")
    );
    assert_eq!(result(&c, "anti-Jo-1"), Some("negative"));
    assert_eq!(result(&c, "anti-PL-7"), Some("positive"));
    // An isotype after a test's name is that serology's, not a total
    // immunoglobulin reported as negative.
    assert_no_fact(&c, "immunoglobulin G");
    // A result that points ahead is still the next test's.
    let c =
        course("The panel was strongly positive for anti-TIF1-gamma and negative for anti-Mi-2.");
    assert_eq!(result(&c, "anti-Mi-2"), Some("negative"));
}

#[test]
fn a_test_excepted_from_a_negative_result_was_positive() {
    let c = course("Myositis-specific antibodies were negative except for anti-MDA5.");
    assert_eq!(result(&c, "myositis antibody panel"), Some("negative"));
    assert_eq!(result(&c, "anti-MDA5"), Some("positive"));
    let c = course("All autoantibodies were negative apart from anti-Ro52.");
    assert_eq!(result(&c, "anti-Ro52"), Some("positive"));
    // Without an exception a negative result before a list is every member's.
    let c = course("Negative anti-Jo-1 and anti-PL-7.");
    assert_eq!(result(&c, "anti-PL-7"), Some("negative"));
}

#[test]
fn a_laboratory_test_reported_by_its_result_word_alone_is_kept() {
    let c =
        course("Serum beta-D-glucan was negative. Troponin was negative and D-dimer was positive.");
    assert_eq!(result(&c, "beta-D-glucan"), Some("negative"));
    assert_eq!(result(&c, "troponin"), Some("negative"));
    let d_dimer = fact(&c, "D-dimer");
    assert_eq!(d_dimer.result.as_deref(), Some("positive"));
    assert_eq!(d_dimer.flag, Some(casecourse_model::Flag::Abnormal));
}

#[test]
fn notes_write_results_as_neg_and_pos() {
    let c = course("ANA neg, RF neg, anti-CCP neg. Avian precipitins pos. HIV -ve.");
    assert_eq!(result(&c, "antinuclear antibodies"), Some("negative"));
    assert_eq!(result(&c, "rheumatoid factor"), Some("negative"));
    assert_eq!(result(&c, "anti-CCP"), Some("negative"));
}

#[test]
fn exhaled_nitric_oxide_walk_distance_and_borg_score_are_read() {
    let c = course("The FeNO was 86 ppb. 6MWT: 342 m, SpO2 nadir 86%, Borg 4.");
    let feno = fact(&c, "fractional exhaled nitric oxide");
    assert_eq!(feno.value, Some(Value::Number(86.0)));
    assert_eq!(feno.unit.as_deref(), Some("[ppb]"));
    let walk = fact(&c, "six-minute walk distance");
    assert_eq!(walk.value, Some(Value::Number(342.0)));
    let borg = fact(&c, "Borg dyspnoea score");
    assert_eq!(borg.value, Some(Value::Number(4.0)));
}

#[test]
fn a_bare_number_may_be_in_the_tests_other_unit() {
    // 1.4 is not a plausible creatinine in umol/L, but is in mg/dL.
    let c = course("57M admitted. Cr 1.4, K 3.6.");
    let cr = fact(&c, "creatinine");
    assert_eq!(cr.value, Some(Value::Number(1.4)));
    assert_eq!(cr.unit, None);
    assert_eq!(cr.flag, Some(casecourse_model::Flag::High));
}

#[test]
fn a_trend_written_with_arrows_gives_each_dated_value() {
    let c = course(
        "Admission date: 08/03/2025\n57M admitted.\nCr 1.4 -> 1.1 (10/03) -> 0.9 (13/03) with fluids. Na >145.\n",
    );
    let days: Vec<(f64, Option<f64>)> = all(&c, "creatinine")
        .iter()
        .map(|f| {
            assert_eq!(f.comparator, None, "an arrow is not a bound");
            (
                f.value.as_ref().and_then(Value::as_number).unwrap(),
                f.time.anchor_day(),
            )
        })
        .collect();
    assert_eq!(days, [(1.4, Some(0.0)), (1.1, Some(2.0)), (0.9, Some(5.0))]);
    assert_eq!(
        fact(&c, "sodium").comparator,
        Some(casecourse_model::Comparator::Gt)
    );
}

#[test]
fn a_value_in_the_tests_other_unit_in_brackets_is_kept_too() {
    let c = course(
        "57M admitted. The HbA1c was 11.2% (99 mmol/mol). Creatinine 168 umol/L (reference 60-110).",
    );
    let units: Vec<Option<&str>> = all(&c, "hemoglobin A1c")
        .iter()
        .map(|f| f.unit.as_deref())
        .collect();
    assert_eq!(units, [Some("%"), Some("mmol/mol")]);
    // A printed interval is not a second value.
    assert_eq!(all(&c, "creatinine").len(), 1);
}

#[test]
fn a_specimen_names_its_own_test_or_a_list_of_tests_not_the_next_finding() {
    let c = course(
        "A 60-year-old man was admitted. A nasopharyngeal SARS-CoV-2 PCR was negative and an \
         interferon-gamma release assay was negative. Sputum bacterial and fungal cultures were \
         negative. BAL fungal culture grew nothing.",
    );
    fact(&c, "interferon-gamma release assay");
    fact(&c, "sputum fungal culture");
    fact(&c, "BAL fungal culture");
    assert_no_fact(&c, "nasopharyngeal interferon-gamma release assay");
}

#[test]
fn a_specimen_inside_another_tests_name_is_that_tests_own() {
    let c = course(
        "A 60-year-old man was admitted. Blood and urine cultures grew nothing, and the throat \
         swab was negative for group A streptococcus. Blood cultures and a SARS-CoV-2 PCR were \
         negative.",
    );
    assert_eq!(
        fact(&c, "urine culture").result.as_deref(),
        Some("negative")
    );
    assert_eq!(
        fact(&c, "SARS-CoV-2 test").result.as_deref(),
        Some("negative")
    );
    assert_no_fact(&c, "blood urine culture");
    assert_no_fact(&c, "blood SARS-CoV-2 test");
    // The organism after another test's words is not this culture's.
    // (The two sentences' blood cultures, one result at one time, are one
    // fact.)
    let blood = all(&c, "blood culture");
    assert_eq!(blood.len(), 1, "{blood:#?}");
    for f in blood {
        assert_eq!(f.result.as_deref(), Some("negative"));
    }
    // A specimen before a list of tests is still shared.
    let c = course(
        "A 60-year-old man was admitted. BAL galactomannan and Aspergillus PCR were positive.",
    );
    fact(&c, "BAL Aspergillus PCR");
    // An organism named before the result word is a test of its own.
    assert_eq!(
        fact(&c, "galactomannan").result.as_deref(),
        Some("positive")
    );
}

#[test]
fn a_viral_load_keeps_its_copies_unit_and_a_culture_that_yielded_names_its_organism() {
    let c = course(
        "A 50-year-old woman was admitted. Plasma HHV-6 PCR was positive at 4,200 copies/mL. \
         Urine culture yielded Escherichia coli.",
    );
    let pcr = fact(&c, "human herpesvirus 6 PCR");
    assert_eq!(pcr.value, Some(Value::Number(4200.0)));
    assert_eq!(pcr.unit.as_deref(), Some("{copies}/mL"));
    assert_eq!(
        fact(&c, "urine culture").result.as_deref(),
        Some("Escherichia coli")
    );
}

#[test]
fn a_family_history_is_named_by_what_it_is_of() {
    let c = course(
        "A 40-year-old woman was admitted. There was no family history of kidney disease or \
         anaesthetic problems. Her mother had rheumatoid arthritis.",
    );
    assert!(fact(&c, "family history of kidney disease").negated);
    assert_no_fact(&c, "family history");
    // A condition the lexicon knows names its own fact.
    let c = course(
        "A 40-year-old woman was admitted. She has a family history of rheumatoid arthritis.",
    );
    assert_eq!(all(&c, "family history of rheumatoid arthritis").len(), 1);
    assert_no_fact(&c, "family history");
}

#[test]
fn a_reference_printed_in_brackets_after_the_name_is_not_the_value() {
    let c = course("A 30-year-old man was admitted. CRP (normal <5 mg/L) was 48 mg/L.");
    let crp = fact(&c, "C-reactive protein");
    assert_eq!(crp.value, Some(Value::Number(48.0)));
}

#[test]
fn an_fev1_fvc_ratio_written_as_a_fraction_is_read_and_flagged() {
    let c = course("A 60-year-old man was seen. Spirometry: FVC 2.66 L (71% pred), FEV1/FVC 0.62.");
    let r = fact(&c, "FEV1/FVC ratio");
    assert_eq!(r.value, Some(Value::Number(0.62)));
    // 0.62 is 62 %, below the fixed ratio of 0.70.
    assert_eq!(r.flag, Some(casecourse_model::Flag::Low));
}

#[test]
fn total_lung_capacity_in_litres_and_in_percent_are_two_values() {
    let c = course("A 60-year-old man was seen. Lung volumes: TLC 3.12 L (62% predicted).");
    assert_eq!(
        fact(&c, "total lung capacity").value,
        Some(Value::Number(3.12))
    );
    assert_eq!(
        fact(&c, "total lung capacity, percent predicted").value,
        Some(Value::Number(62.0))
    );
}

#[test]
fn negation_reaches_its_own_phrase_not_the_next_item_or_another_subject() {
    let c = course(
        "A 40-year-old man was admitted. Flow cytometry showed no evidence of lymphoma. There was \
         crusting of the nasal septum without perforation, a right-sided middle ear effusion, and \
         a few purpuric lesions. Metformin was withheld because of the acute kidney injury and \
         was not restarted. Dissection was considered because of the syncope but was not seen.",
    );
    assert!(fact(&c, "lymphoma").negated, "showed no evidence of");
    assert!(
        !fact(&c, "middle ear effusion").negated,
        "a new item after a comma"
    );
    assert!(
        !fact(&c, "acute kidney injury").negated,
        "another subject's verb"
    );
    assert!(
        !fact(&c, "syncope").negated,
        "a terminator right after the term"
    );
}

#[test]
fn a_history_label_answered_with_none_is_negated() {
    let c = course("A 50-year-old man was admitted. Allergies: NKDA. He had a rash.");
    assert!(fact(&c, "drug allergy").negated);
    let c = course("A 50-year-old man was admitted. Allergies: penicillin (rash).");
    assert!(!fact(&c, "penicillin allergy").negated);
}

#[test]
fn kilo_units_are_kept_as_written_and_international_units_stay_apart() {
    let c = course("A 50-year-old man was admitted. Total IgE was 640 kU/L and TSH 2.1 mIU/L.");
    assert_eq!(fact(&c, "immunoglobulin E").unit.as_deref(), Some("kU/L"));
    assert_eq!(
        fact(&c, "thyroid-stimulating hormone").unit.as_deref(),
        Some("m[iU]/L")
    );
}

#[test]
fn a_condition_kept_on_a_drug_is_history() {
    use casecourse_model::Kind;
    let c = course(
        "A 68-year-old man was admitted with confusion. Known type 2 diabetes for 12 years on \
         metformin 1 g BD; hypertension on ramipril 5 mg OD; gout (allopurinol 100 mg daily).",
    );
    for name in ["type 2 diabetes mellitus", "hypertension", "gout"] {
        assert_eq!(fact(&c, name).kind, Kind::History, "{name}");
    }
    // A condition the drug is started for in the course is not, nor one
    // that arises on a drug.
    let c = course(
        "A 68-year-old man was admitted. Community-acquired pneumonia was diagnosed and treated \
         with amoxicillin 1 g TDS. On day 6 he developed acute kidney injury on vancomycin. \
         Pneumocystis pneumonia was diagnosed (co-trimoxazole was started).",
    );
    for name in [
        "community-acquired pneumonia",
        "acute kidney injury",
        "Pneumocystis pneumonia",
    ] {
        assert_eq!(fact(&c, name).kind, Kind::Diagnosis, "{name}");
    }
}

#[test]
fn a_net_negative_fluid_balance_negates_nothing() {
    let c = course(
        "A 70-year-old man was admitted with heart failure. On HD 2 furosemide was increased to \
         80 mg IV twice daily, and his oedema improved (net negative 2.1 L by HD 3).",
    );
    let improved = fact(&c, "oedema improved");
    assert!(!improved.negated, "{improved:#?}");
    assert!(c.facts.iter().all(|f| !f.name.starts_with("no ")));
}

#[test]
fn blood_on_a_urine_strip_is_the_strips_blood_pad() {
    let c = course(
        "A 50-year-old man was admitted. Urine dipstick: blood 3+, protein 1+. Blood cultures \
         were negative.",
    );
    assert_eq!(
        fact(&c, "urine blood").value,
        Some(Value::Text("3+".into()))
    );
    assert_eq!(
        fact(&c, "blood culture").result.as_deref(),
        Some("negative")
    );
    // A grade written before the name.
    let c = course("A 50-year-old man was admitted. Urinalysis showed 2+ blood and 1+ protein.");
    assert_eq!(
        fact(&c, "urine blood").value,
        Some(Value::Text("2+".into()))
    );
    assert_eq!(
        fact(&c, "urine protein").value,
        Some(Value::Text("1+".into()))
    );
    // Blood with no urine test named is no strip result.
    let c = course("A 50-year-old man was admitted. Blood 3+ was noted on the swab.");
    assert_no_fact(&c, "urine blood");
}

#[test]
fn a_lavage_differential_is_the_lavages_not_the_bloods() {
    let c = course(
        "A 50-year-old man was admitted. BAL showed lymphocytes 38%, neutrophils 6% and a \
         CD4/CD8 ratio of 6.1. Blood lymphocytes were 12%.",
    );
    assert_eq!(fact(&c, "BAL lymphocytes").value, Some(Value::Number(38.0)));
    assert_eq!(fact(&c, "BAL neutrophils").value, Some(Value::Number(6.0)));
    assert_eq!(
        fact(&c, "BAL CD4/CD8 ratio").value,
        Some(Value::Number(6.1))
    );
    assert_eq!(
        fact(&c, "lymphocyte percentage").value,
        Some(Value::Number(12.0))
    );
}

#[test]
fn a_value_series_keeps_a_bracketed_baseline_before_the_index() {
    let c = course(
        "A 50-year-old man was admitted.\nCreatinine: HD 1 2.1 mg/dL (baseline 0.9) -> HD 3 1.4 mg/dL.\n",
    );
    let baseline = c
        .facts
        .iter()
        .find(|f| f.name == "creatinine" && f.value == Some(Value::Number(0.9)))
        .expect("baseline");
    assert_eq!(baseline.time.relation, casecourse_model::Relation::Before);
    assert_eq!(series(&c, "creatinine")[..1], [(0.0, 2.1)]);
}

#[test]
fn the_lavage_reaches_no_further_than_its_clause() {
    let c = course(
        "A 50-year-old man was admitted. BAL was negative for Pneumocystis; the blood count \
         showed lymphocytes 8% and neutrophils 85%.",
    );
    assert_no_fact(&c, "BAL lymphocytes");
    assert_eq!(
        fact(&c, "lymphocyte percentage").value,
        Some(Value::Number(8.0))
    );
}

#[test]
fn a_biopsy_is_named_by_its_organ() {
    let c = course(
        "A 34-year-old woman was admitted with heart failure. An endomyocardial biopsy showed \
         lymphocytic myocarditis. A minor salivary gland biopsy was normal.",
    );
    fact(&c, "endomyocardial biopsy");
    fact(&c, "salivary gland biopsy");
    assert_no_fact(&c, "biopsy");
}

#[test]
fn a_biopsy_of_a_named_site_is_that_sites_biopsy() {
    let c = course(
        "A 50-year-old man was admitted with weakness. A biopsy of the left vastus lateralis, \
         taken on day 4, showed necrotic fibres. Biopsy of the kidney showed crescents. A biopsy \
         of the lesion showed a naevus.",
    );
    let muscle = fact(&c, "muscle biopsy");
    assert_eq!(muscle.site.as_deref(), Some("left vastus lateralis"));
    assert_eq!(fact(&c, "kidney biopsy").site.as_deref(), Some("kidney"));
    // A site the lexicon does not name a biopsy after leaves it generic.
    fact(&c, "biopsy");
}

#[test]
fn counts_in_ten_thousands_per_microlitre_are_read_and_flagged() {
    let c =
        course("A 60-year-old man was admitted. Platelets were 3.1 ×10^4/μL and RBC 450 x10^4/uL.");
    let plt = fact(&c, "platelet count");
    assert_eq!(plt.value, Some(Value::Number(3.1)));
    assert_eq!(plt.unit.as_deref(), Some("10*4/uL"));
    // 3.1 x10^4/uL is 31 x10^9/L: below the adult interval.
    assert_eq!(plt.flag, Some(casecourse_model::Flag::Low), "{plt:#?}");
    assert_eq!(
        fact(&c, "red blood cell count").unit.as_deref(),
        Some("10*4/uL")
    );
}

#[test]
fn a_positive_word_before_a_negative_result_reads_as_the_negative() {
    let c = course(
        "A 60-year-old man was admitted. Urine culture yielded no growth. Sputum culture grew no \
         organisms. Blood culture: Staphylococcus aureus isolated.",
    );
    assert_eq!(
        fact(&c, "urine culture").result.as_deref(),
        Some("negative")
    );
    assert_eq!(
        fact(&c, "sputum bacterial culture").result.as_deref(),
        Some("negative")
    );
    // An organism before the result word is still the culture's.
    assert_eq!(
        fact(&c, "blood culture").result.as_deref(),
        Some("Staphylococcus aureus")
    );
}

#[test]
fn an_allergy_is_named_by_its_allergen_and_keeps_its_reaction() {
    let c = course(
        "A 50-year-old man was admitted. Allergies: penicillin (hives). He is allergic to \
         co-trimoxazole. He had no known drug allergies or intolerances before.",
    );
    let pen = fact(&c, "penicillin allergy");
    assert_eq!(pen.kind, Kind::History);
    assert_eq!(pen.value, Some(Value::Text("hives".into())));
    fact(&c, "co-trimoxazole allergy");
    // The reaction is the allergy's, not a diagnosis of its own.
    assert_no_fact(&c, "urticaria");
    assert!(fact(&c, "drug allergy").negated);
    assert!(c.facts.iter().all(|f| !f.name.contains("intolerances")));
    // The allergen is no drug given.
    assert_no_fact(&c, "trimethoprim-sulfamethoxazole");
    // A label that points elsewhere names no allergen.
    let c = course("A 50-year-old man was admitted. Allergies: see drug chart.");
    assert!(c.facts.iter().all(|f| !f.name.contains("chart")));
}

#[test]
fn studies_named_as_departments_request_them() {
    let c = course(
        "A 60-year-old man was admitted with jaundice. MRCP showed a distal biliary stricture. CT \
         of the paranasal sinuses showed mucosal thickening. Ultrasound of the temporal arteries \
         showed a halo.",
    );
    fact(&c, "MRCP");
    fact(&c, "sinus CT");
    fact(&c, "temporal artery ultrasound");
    // Heart-failure letters' MRA is a drug class, not an angiogram; a CT
    // sinus venogram images the cerebral veins.
    let c = course(
        "A 70-year-old man with heart failure was on an MRA. A CT sinus venogram was normal.",
    );
    assert_no_fact(&c, "MR angiography");
    assert_no_fact(&c, "sinus CT");
}

#[test]
fn echocardiographic_measurements_are_findings_with_values() {
    let c = course(
        "A 72-year-old woman was admitted with dyspnoea. Echo: LVEF 25%, TAPSE 12 mm, RVSP 54 \
         mmHg.",
    );
    let ef = fact(&c, "left ventricular ejection fraction");
    assert_eq!(ef.kind, Kind::Finding);
    assert_eq!(ef.value, Some(Value::Number(25.0)));
    assert_eq!(ef.flag, Some(casecourse_model::Flag::Low));
    assert_eq!(
        fact(&c, "tricuspid annular plane systolic excursion")
            .unit
            .as_deref(),
        Some("mm")
    );
    assert_eq!(
        fact(&c, "right ventricular systolic pressure").flag,
        Some(casecourse_model::Flag::High)
    );
    // The right ventricle's fraction is its own; 'EF' may be eosinophilic
    // fasciitis.
    let c = course(
        "A 50-year-old man with EF was admitted. The right ventricular ejection fraction was \
         40%.",
    );
    assert_eq!(
        fact(&c, "right ventricular ejection fraction").flag,
        Some(casecourse_model::Flag::Low)
    );
    assert_no_fact(&c, "left ventricular ejection fraction");
}

#[test]
fn enzyme_activities_checked_before_a_drug_are_labs() {
    let c = course(
        "A 50-year-old man was admitted. His TPMT activity was normal. G6PD 9.8 U/g Hb before \
         dapsone.",
    );
    let tpmt = fact(&c, "thiopurine methyltransferase activity");
    assert_eq!(tpmt.value, Some(Value::Text("normal".into())));
    assert_eq!(
        fact(&c, "glucose-6-phosphate dehydrogenase activity")
            .unit
            .as_deref(),
        Some("U/g{Hb}")
    );
}

#[test]
fn a_panel_is_a_result_told_in_words_and_takes_no_number() {
    let text = |c: &Course, name: &str| match &fact(c, name).value {
        Some(Value::Text(t)) => t.clone(),
        other => panic!("{name}: {other:?}"),
    };
    // Three panels share the predicate of the last.
    let c = course("Full blood count, renal function and thyroid function were normal.");
    for name in [
        "complete blood count",
        "renal function",
        "thyroid function tests",
    ] {
        assert_eq!(text(&c, name), "normal", "{:#?}", c.facts);
        assert_eq!(fact(&c, name).kind, Kind::Lab);
    }
    let c = course("CRP, ESR and ferritin were raised but LFTs were normal.");
    assert_eq!(text(&c, "liver function tests"), "normal");
    assert_eq!(text(&c, "C-reactive protein"), "high");
    // A panel is high or low only when that is said of it.
    let c = course("The liver enzymes were rising.");
    assert_eq!(text(&c, "liver function tests"), "high");
    let c = course("Decreased renal function was found, with increased serum creatinine.");
    assert_eq!(text(&c, "renal function"), "low");
    // A number after a panel's name is not its value, and a panel named
    // without a result is not a fact.
    let c = course("Plan: repeat LFTs 2/52. A full blood count was sent.");
    assert_no_fact(&c, "liver function tests");
    assert_no_fact(&c, "complete blood count");
}

#[test]
fn a_specimen_beside_a_word_of_testing_is_not_a_complaint() {
    let c = course(
        "Three induced sputum samples were smear-negative for acid-fast bacilli. \
         Xpert MTB/RIF on sputum did not detect Mycobacterium tuberculosis.",
    );
    assert_no_fact(&c, "sputum production");
    // Told as a complaint, it still is one.
    for text in [
        "He reported more sputum over three days.",
        "He had more sputum, and cultures were sent.",
    ] {
        let c = course(text);
        assert!(
            c.facts
                .iter()
                .any(|f| f.kind == Kind::Symptom && f.name.contains("sputum")),
            "{text}: {:#?}",
            c.facts
        );
    }
}

#[test]
fn a_walk_test_gives_its_distance_and_its_nadir_saturation() {
    let c = course("On a 6-minute walk she covered 360 m, with a nadir saturation of 88%.");
    let walk = fact(&c, "six-minute walk distance");
    assert_eq!(
        (walk.kind, walk.value.clone()),
        (Kind::Pft, Some(Value::Number(360.0)))
    );
    let nadir = fact(&c, "nadir oxygen saturation");
    assert_eq!(nadir.value, Some(Value::Number(88.0)));
    assert_eq!(nadir.unit.as_deref(), Some("%"));
}

#[test]
fn an_amount_of_alcohol_is_the_habit_s_value() {
    let value = |text: &str| match &fact(&course(text), "alcohol use").value {
        Some(Value::Text(t)) => t.clone(),
        other => panic!("{text}: {other:?}"),
    };
    assert_eq!(
        value("She drinks about 10 units of alcohol a week."),
        "about 10 units of alcohol a week"
    );
    assert_eq!(
        value("He drinks alcohol occasionally, about four units per week."),
        "about four units per week"
    );
    // Denied, or given up, it keeps no amount as its value.
    let c = course("She denies alcohol (previously 10 units a week).");
    let f = fact(&c, "alcohol use");
    assert!(f.negated && f.value.is_none(), "{f:#?}");
    // An insulin dose in the clause is not a drink.
    let c = course("She drinks alcohol occasionally and takes insulin glargine 20 units nightly.");
    assert_eq!(
        fact(&c, "alcohol use").value,
        Some(Value::Text("occasional".into()))
    );
}

#[test]
fn a_flag_written_before_a_test_is_its_result() {
    let text = |c: &Course, name: &str| match &fact(c, name).value {
        Some(Value::Text(t)) => t.clone(),
        other => panic!("{name}: {other:?}"),
    };
    let c = course("She had markedly elevated CRP.");
    assert_eq!(text(&c, "C-reactive protein"), "high");
    let c = course("Elevated serum transaminases were noted.");
    assert_eq!(text(&c, "transaminases"), "high");
    // Another noun's modifier, a denial, a drug's known effect and another
    // test's predicate are no result.
    for (t, name) in [
        ("He was put on a low sodium diet.", "sodium"),
        ("There were no elevated transaminases.", "transaminases"),
        (
            "Methotrexate can cause elevated transaminases.",
            "transaminases",
        ),
    ] {
        assert_no_fact(&course(t), name);
    }
    let c = course("Ferritin low CRP high.");
    assert_eq!(text(&c, "C-reactive protein"), "high");
    let c = course("Normal renal function and low complement levels were found.");
    assert_eq!(text(&c, "renal function"), "normal");
    assert_eq!(text(&c, "complement levels"), "low");
    // A pulse felt at an artery is no heart rate; a flag joined to the next
    // word is a modifier.
    let c = course("The right temporal artery was tender with a reduced pulse.");
    assert_no_fact(&c, "heart rate");
    let c = course("High-sensitivity ALT was requested.");
    assert_no_fact(&c, "alanine aminotransferase");
}

#[test]
fn a_comorbidity_listed_again_among_the_diagnoses_stays_history() {
    let c = course(
        "PRIMARY DIAGNOSIS\nCommunity-acquired pneumonia\n\nSECONDARY DIAGNOSES\nAcute kidney \
         injury\nHypertension\n\nHISTORY\nA 70-year-old man was admitted with cough. Past \
         medical history: hypertension.",
    );
    let hypertension = all(&c, "hypertension");
    assert!(!hypertension.is_empty());
    assert!(
        hypertension.iter().all(|f| f.kind == Kind::History),
        "{hypertension:?}"
    );
    assert_eq!(fact(&c, "acute kidney injury").kind, Kind::Diagnosis);
    // A diagnosis later in the course is an event of its own.
    let c = course(
        "A 70-year-old woman was admitted with cough. Past medical history: atrial \
         fibrillation. On day 3 she went into atrial fibrillation.",
    );
    assert!(
        all(&c, "atrial fibrillation")
            .iter()
            .any(|f| f.kind == Kind::Diagnosis)
    );
}

#[test]
fn a_relative_s_death_or_admission_is_not_the_patient_s() {
    let c = course(
        "A 50-year-old woman was admitted with fever. Her mother passed away of breast cancer. \
         Her father was hospitalized for pneumonia last year. She died on day 12.",
    );
    let events: Vec<&str> = c
        .facts
        .iter()
        .filter(|f| f.kind == Kind::Event)
        .map(|f| f.name.as_str())
        .collect();
    assert_eq!(events, ["admission", "death"], "{:#?}", c.facts);
    assert!(
        fact(&c, "death")
            .time
            .anchor_day()
            .is_some_and(|d| d > 10.0)
    );
}

#[test]
fn an_infection_with_a_result_and_no_method_is_its_test() {
    let c = course(
        "A 50-year-old man was admitted. HIV was negative. HBV and HCV were negative. \
         CMV was not detected.",
    );
    for test in ["HIV test", "cytomegalovirus test"] {
        assert_eq!(fact(&c, test).result.as_deref(), Some("negative"), "{test}");
    }
    assert_eq!(
        all(&c, "hepatitis B virus test").len() + all(&c, "hepatitis C virus test").len(),
        2
    );
    assert_no_fact(&c, "HIV infection");
}

#[test]
fn tests_joined_by_slashes_take_the_numbers_joined_by_slashes_in_order() {
    let c = course(
        "A 50-year-old man was admitted. BUN/creatinine 16.6/0.7 mg/dL. AST/ALT/ALP were \
         45/60/120 U/L.",
    );
    for (name, value) in [
        ("blood urea nitrogen", 16.6),
        ("creatinine", 0.7),
        ("aspartate aminotransferase", 45.0),
        ("alanine aminotransferase", 60.0),
        ("alkaline phosphatase", 120.0),
    ] {
        let f = fact(&c, name);
        assert_eq!(f.value, Some(Value::Number(value)), "{name}");
        assert!(f.unit.is_some(), "{name} has the shared unit");
    }
}

#[test]
fn right_heart_catheterisation_values_are_read_in_their_units() {
    let c = course(
        "A 60-year-old woman was admitted. Right heart catheterization showed a mean pulmonary \
         artery pressure of 44 mmHg, PAWP 10 mmHg, PVR 7.9 Wood units and cardiac index \
         2.1 L/min/m2. Pulmonary arterial systolic pressure was 48 mmHg on echocardiography.",
    );
    let unit = |name: &str| fact(&c, name).unit.clone();
    assert_eq!(
        unit("mean pulmonary artery pressure").as_deref(),
        Some("mm[Hg]")
    );
    assert_eq!(
        unit("pulmonary vascular resistance").as_deref(),
        Some("[wood'U]")
    );
    assert_eq!(unit("cardiac index").as_deref(), Some("L/min/m2"));
    assert!(all(&c, "pulmonary arterial wedge pressure").len() == 1);
    // A pulmonary pressure is not the blood pressure.
    assert_no_fact(&c, "systolic blood pressure");
}

#[test]
fn a_response_denied_does_not_deny_the_treatment_and_awaiting_is_not_done() {
    let c = course(
        "A 50-year-old woman was admitted. There was no hematological response to chemotherapy. \
         She is awaiting bone marrow transplantation.",
    );
    assert!(!fact(&c, "chemotherapy").negated);
    assert_eq!(
        fact(&c, "hematopoietic stem cell transplantation").certainty,
        casecourse_model::Certainty::Hypothetical
    );
}

#[test]
fn an_impression_told_as_a_that_clause_is_the_clause() {
    let c = course(
        "A 60-year-old man was admitted. Two weeks later, abdominal CT showed that the ascites \
         was decreased.",
    );
    assert_eq!(
        fact(&c, "abdominal CT").impression.as_deref(),
        Some("the ascites was decreased")
    );
}

#[test]
fn subtypes_and_causes_keep_their_own_names() {
    for (text, name) in [
        (
            "He was diagnosed with DLBCL.",
            "diffuse large B-cell lymphoma",
        ),
        (
            "He was diagnosed with Hodgkin lymphoma.",
            "Hodgkin lymphoma",
        ),
        (
            "He was diagnosed with small cell lung cancer.",
            "small cell lung cancer",
        ),
        ("He was diagnosed with NSCLC.", "non-small cell lung cancer"),
        (
            "He was diagnosed with acute myeloid leukaemia.",
            "acute myeloid leukemia",
        ),
        (
            "He was diagnosed with pulmonary arterial hypertension.",
            "pulmonary arterial hypertension",
        ),
        // Nor are a disease and the state it causes one entry.
        ("He was diagnosed with Graves' disease.", "Graves disease"),
        (
            "He was diagnosed with dilated cardiomyopathy.",
            "dilated cardiomyopathy",
        ),
        ("He was diagnosed with pyelonephritis.", "pyelonephritis"),
        ("He was diagnosed with bacteraemia.", "bacteremia"),
    ] {
        let c = course(&format!("A 50-year-old man was admitted. {text}"));
        assert_eq!(fact(&c, name).kind, Kind::Diagnosis, "{text}");
    }
}

#[test]
fn a_condition_present_is_no_test_and_a_cited_guideline_keeps_the_story() {
    let c = course(
        "A 50-year-old man was admitted. Pneumonia was present in the right lower lobe. \
         Ceftriaxone was started according to local guidelines [7]. Platelets were 45 \
         [150-400].",
    );
    assert_eq!(fact(&c, "pneumonia").kind, Kind::Diagnosis);
    assert_eq!(fact(&c, "ceftriaxone").kind, Kind::Medication);
    assert_eq!(fact(&c, "platelet count").kind, Kind::Lab);
}

#[test]
fn a_sign_in_brackets_after_a_test_is_its_result() {
    let c = course(
        "HBsAg (+), anti-HBs (-), anti-HBc (+) and anti-HCV (−). Blood cultures were negative.",
    );
    assert_eq!(result(&c, "hepatitis B surface antigen"), Some("positive"));
    assert_eq!(result(&c, "hepatitis B surface antibody"), Some("negative"));
    assert_eq!(result(&c, "hepatitis B core antibody"), Some("positive"));
    assert_eq!(result(&c, "hepatitis C antibody"), Some("negative"));
    assert_eq!(fact(&c, "hepatitis B surface antigen").strength, None);
}

#[test]
fn the_prefix_non_denies_the_word_it_is_glued_to_and_only_that() {
    let c = course(
        "A 40-year-old man was admitted. The abdomen was non-tender with hepatomegaly. He had non-bloody emesis.",
    );
    let tender = c
        .facts
        .iter()
        .find(|f| f.name == "tenderness")
        .expect("tenderness");
    assert!(tender.negated, "{tender:#?}");
    assert!(!fact(&c, "hepatomegaly").negated);
    assert!(!fact(&c, "vomiting").negated);
    assert!(
        !c.facts.iter().any(|f| f.name == "hematemesis"),
        "{:#?}",
        c.facts
    );
}

#[test]
fn a_relative_who_opens_the_sentence_is_its_subject_until_the_patient_is_named() {
    let c = course(
        "A 30-year-old woman was admitted with ataxia. Her father had hypertension and died of a \
         stroke at 60. Her maternal aunt has asthma, and her mother has hypothyroidism. \
         His parents and 1 brother had lung cancer.",
    );
    let who = |name: &str| match &fact(&c, name).value {
        Some(Value::Text(t)) => t.clone(),
        v => panic!("{name}: {v:?}"),
    };
    assert_eq!(who("family history of stroke"), "father");
    assert_eq!(who("family history of asthma"), "maternal aunt");
    assert_eq!(who("family history of hypothyroidism"), "mother");
    assert_eq!(
        who("family history of lung cancer"),
        "parents and 1 brother"
    );
    assert!(!c.facts.iter().any(|f| f.name == "death"), "{:#?}", c.facts);
}

#[test]
fn no_problems_during_a_procedure_is_no_procedure_undone_and_a_list_can_be_excluded_after_it() {
    let c = course(
        "A 30-year-old woman was admitted. No problems were encountered during laryngoscopy and intubation. \
         The differential diagnosis included encephalitis, Guillain-Barre syndrome and ADEM, which were excluded.",
    );
    assert!(!fact(&c, "laryngoscopy").negated);
    assert!(fact(&c, "laryngoscopy").status.is_none());
    for name in [
        "encephalitis",
        "Guillain-Barre syndrome",
        "acute disseminated encephalomyelitis",
    ] {
        assert_eq!(fact(&c, name).status.as_deref(), Some("excluded"), "{name}");
    }
}

#[test]
fn a_test_reported_by_its_presence_or_absence_has_that_result_and_brackets_add_no_words() {
    let c = course(
        "A 30-year-old woman was admitted. Tests showed the presence of antimitochondrial antibodies \
         and absence of thyroid autoantibodies. Patent foramen ovale (PFO), atrial septal defect (ASD) \
         and anomalous venous connections were ruled out.",
    );
    assert_eq!(
        result(&c, "anti-mitochondrial antibodies"),
        Some("positive")
    );
    assert_eq!(result(&c, "thyroid autoantibodies"), Some("negative"));
    assert!(fact(&c, "patent foramen ovale").negated);
}

#[test]
fn a_verb_of_its_own_after_and_ends_a_negation() {
    let c = course(
        "A 30-year-old woman was admitted. She denied surgery and had been discharged on medical therapy.",
    );
    let discharge = c
        .facts
        .iter()
        .find(|f| f.name == "discharge")
        .expect("discharge");
    assert!(!discharge.negated, "{discharge:#?}");
}

#[test]
fn a_plan_told_after_what_it_names_is_a_plan_and_unable_to_undergo_is_not_done() {
    let c = course(
        "A 30-year-old woman was admitted. She was unable to undergo the 6-minute walk test. \
         The patient was discharged and surgical resection was planned.",
    );
    assert_eq!(
        fact(&c, "six-minute walk test").status.as_deref(),
        Some("not done")
    );
    let discharge = c
        .facts
        .iter()
        .find(|f| f.name == "discharge")
        .expect("discharge");
    assert_eq!(discharge.certainty, casecourse_model::Certainty::Affirmed);
}

#[test]
fn the_review_mends_of_stop_26_hold() {
    // A plural plan names a list; a parent telling the story is no subject
    // of the child's complaints.
    let c = course(
        "A 6-year-old boy was admitted. Surgery and adjuvant chemotherapy were planned. \
         His mother brought him in because of fever and seizures.",
    );
    for name in ["surgery", "chemotherapy"] {
        assert_eq!(
            fact(&c, name).certainty,
            casecourse_model::Certainty::Hypothetical,
            "{name}"
        );
    }
    assert_ne!(
        fact(&c, "fever").experiencer,
        casecourse_model::Experiencer::Family
    );
    // "non-" before a name of several words, or before a lab, keeps the name.
    let c = course(
        "A 60-year-old man was admitted. Non-HDL cholesterol was 4.2 mmol/L. He had non-small cell lung cancer.",
    );
    assert!(
        !c.facts
            .iter()
            .any(|f| f.name == "cholesterol" || f.name == "total cholesterol"),
        "{:#?}",
        c.facts
    );
    assert!(!fact(&c, "non-small cell lung cancer").negated);
}

#[test]
fn a_journey_or_a_period_is_no_visit_and_an_allele_or_a_list_of_times_keeps_its_numbers() {
    let c = course("A 30-year-old man was admitted with fever after a 2-week visit to Thailand.");
    assert!(
        !c.facts.iter().any(|f| f.name == "clinic visit"),
        "{:#?}",
        c.facts
    );
}

#[test]
fn a_specimen_negative_for_a_disease_excludes_the_disease() {
    let c = course(
        "A 50-year-old man was admitted with cough. The lavage fluid was negative for \
         tuberculosis. PET was unremarkable for recurrence.",
    );
    assert!(fact(&c, "tuberculosis").negated);
    assert_no_fact(&c, "relapse");
}

#[test]
fn an_antibody_given_by_its_titre_alone_was_found() {
    let c = course(
        "A 40-year-old woman was admitted with arthralgia. ANA 1:640 (speckled). \
         Anti-dsDNA was negative.",
    );
    let ana = fact(&c, "antinuclear antibodies");
    assert_eq!(ana.titre.as_deref(), Some("1:640"));
    assert_eq!(result(&c, "antinuclear antibodies"), Some("positive"));
    assert_eq!(result(&c, "anti-dsDNA"), Some("negative"));
}

#[test]
fn a_concentration_in_another_metric_prefix_is_read_and_flagged() {
    let c = course(
        "A 50-year-old man was admitted with confusion. Glucose level 2.70 g/l and \
         creatinine 18.6 mg/L. Creatine kinase was 900 UI/L.",
    );
    let glucose = fact(&c, "glucose");
    assert_eq!(glucose.unit.as_deref(), Some("g/L"));
    // 2.70 g/L is 270 mg/dL: high.
    assert_eq!(glucose.flag, Some(casecourse_model::Flag::High));
    assert_eq!(fact(&c, "creatinine").unit.as_deref(), Some("mg/L"));
    let ck = fact(&c, "creatine kinase");
    assert_eq!(ck.unit.as_deref(), Some("[iU]/L"));
    assert_eq!(ck.flag, Some(casecourse_model::Flag::High));
}

#[test]
fn a_spouse_s_death_or_a_relative_told_in_a_clause_is_not_the_patient_s() {
    let c = course(
        "A 70-year-old woman presented to the emergency room 30 min after her husband \
         expired, with chest pain. Her brother, who had hypertension, died of a stroke. \
         Her wife had noticed confusion. She lived with her husband.",
    );
    assert!(
        all(&c, "death")
            .iter()
            .all(|f| f.experiencer != casecourse_model::Experiencer::Patient)
    );
    assert_eq!(
        fact(&c, "admission").experiencer,
        casecourse_model::Experiencer::Patient
    );
    assert!(
        all(&c, "stroke")
            .iter()
            .all(|f| f.experiencer != casecourse_model::Experiencer::Patient)
    );
    assert_eq!(
        fact(&c, "confusion").experiencer,
        casecourse_model::Experiencer::Patient
    );
}

#[test]
fn a_clotting_time_defined_as_ct_is_no_ct_scan() {
    let c =
        course("A 60-year-old man was admitted with bleeding. EXTEM clotting time (CT) was 228 s.");
    assert_eq!(fact(&c, "clotting time").value, Some(Value::Number(228.0)));
    assert_no_fact(&c, "computed tomography");
}

#[test]
fn a_reference_label_is_not_a_reading() {
    // "(normal range ...)", "(normal: <...)": the word labels the reference
    // printed after it; a reading of "normal" would invert a high value.
    for text in [
        "He was admitted. Lactate level was 27 mm (normal range 0.5-2.4 mm).",
        "He was admitted. Troponin-T-hs of 0.070 ug/l (normal: <0.014 ug/l).",
    ] {
        let c = course(text);
        assert!(
            c.facts
                .iter()
                .all(|f| f.flag != Some(casecourse_model::Flag::Normal)),
            "{text}: {:#?}",
            c.facts
        );
    }
    let c = course("He was admitted. Serum sodium was normal.");
    assert_eq!(
        fact(&c, "sodium").flag,
        Some(casecourse_model::Flag::Normal)
    );
    // "ref" is a word of its own, not the start of "reflexes".
    let c = course("He was admitted. Serum sodium was normal; reflexes were brisk.");
    assert_eq!(
        fact(&c, "sodium").flag,
        Some(casecourse_model::Flag::Normal)
    );
    let c = course("He was admitted. Serum sodium normal reflexes brisk.");
    assert_eq!(
        fact(&c, "sodium").flag,
        Some(casecourse_model::Flag::Normal)
    );
}

#[test]
fn a_test_with_its_own_result_found_nothing_after_it() {
    let c =
        course("He was admitted. Serology: HBs-Ag negative, HIV negative, and syphilis negative.");
    assert_no_fact(&c, "syphilis");
    for name in ["HIV test", "syphilis serology"] {
        assert_eq!(fact(&c, name).result.as_deref(), Some("negative"), "{name}");
    }
}

#[test]
fn a_percentage_written_before_its_name_is_that_name_s() {
    let c = course(
        "He was admitted. The differential showed 70% neutrophils and 20% lymphocytes. CSF had \
         30 leukocytes (79% lymphocytes, 4% monocytes).",
    );
    let lymph: Vec<f64> = all(&c, "lymphocyte percentage")
        .iter()
        .filter_map(|f| match f.value {
            Some(Value::Number(v)) => Some(v),
            _ => None,
        })
        .collect();
    assert_eq!(lymph, vec![20.0, 79.0], "{:#?}", c.facts);
    assert_eq!(
        fact(&c, "neutrophil percentage").value,
        Some(Value::Number(70.0))
    );
    assert_eq!(
        fact(&c, "monocyte percentage").value,
        Some(Value::Number(4.0))
    );
    // Written the usual way round, each value follows its name.
    let c = course("He was admitted. Neutrophils 70% lymphocytes 20% monocytes 8%.");
    assert_eq!(all(&c, "neutrophil percentage").len(), 1, "{:#?}", c.facts);
    assert_eq!(
        fact(&c, "lymphocyte percentage").value,
        Some(Value::Number(20.0))
    );
    assert_eq!(
        fact(&c, "monocyte percentage").value,
        Some(Value::Number(8.0))
    );
}

#[test]
fn vitamin_d_and_alpha_1_antitrypsin_with_a_lab_unit_are_results() {
    let c = course("A 40-year-old man was seen in clinic. AAT 0.3 g/L. Vitamin D 42 nmol/L.");
    assert_eq!(
        fact(&c, "alpha-1 antitrypsin").value,
        Some(Value::Number(0.3))
    );
    assert_eq!(
        fact(&c, "25-hydroxyvitamin D").value,
        Some(Value::Number(42.0))
    );
    // The supplement is still a drug.
    let c = course(
        "A 40-year-old man was seen in clinic. He was started on vitamin D supplementation.",
    );
    assert_no_fact(&c, "25-hydroxyvitamin D");
}

#[test]
fn a_number_without_its_unit_is_flagged_in_the_unit_that_makes_it_a_result() {
    let c = course(
        "A 60-year-old man presented with fatigue.\nLabs: Hgb 14.5, glucose 95, Cr 1.4, pCO2 5.3, K 3.1.\n",
    );
    use casecourse_model::Flag;
    for (name, flag) in [
        ("hemoglobin", Flag::Normal),
        ("glucose", Flag::Normal),
        ("creatinine", Flag::High),
        ("arterial partial pressure of carbon dioxide", Flag::Normal),
        ("potassium", Flag::Low),
    ] {
        assert_eq!(fact(&c, name).flag, Some(flag), "{name}");
    }
}

#[test]
fn a_test_named_again_in_brackets_keeps_its_value_after_the_bracket() {
    let c = course(
        "Rheumatoid factor (RF) was 35 IU/mL. Anti-MDA5 antibody (anti-MDA5) level was 1250 U/mL.",
    );
    assert_eq!(
        fact(&c, "rheumatoid factor").value,
        Some(Value::Number(35.0))
    );
    assert_eq!(fact(&c, "anti-MDA5").value, Some(Value::Number(1250.0)));
    // One fact per test, not one per naming.
    assert_eq!(all(&c, "rheumatoid factor").len(), 1);
}

#[test]
fn a_multiple_of_the_upper_limit_is_high_and_a_value_in_its_own_unit() {
    for (text, name) in [
        (
            "Serum ferritin was 3 times the upper limit of normal.",
            "ferritin",
        ),
        (
            "Creatine kinase was 5-fold higher than the upper limit of normal.",
            "creatine kinase",
        ),
        (
            "AST was elevated to 4 times the ULN.",
            "aspartate aminotransferase",
        ),
    ] {
        let c = course(text);
        let f = fact(&c, name);
        assert_eq!(f.flag, Some(casecourse_model::Flag::High), "{text}");
        // The multiple, never a concentration or an activity.
        assert!(
            matches!(f.value, Some(Value::Number(_))) && f.unit.as_deref() == Some("{ULN}"),
            "{text}: {:?} {:?}",
            f.value,
            f.unit
        );
    }
}

#[test]
fn a_result_word_in_a_table_row_is_not_turned_by_the_reference_column() {
    let c = course(
        "Table 1. Laboratory data.\nParameter Value Normal range\n\
         Anti-MDA5 antibody Positive Negative\nAnti-Ro52 antibody Positive Negative\n",
    );
    assert_eq!(result(&c, "anti-MDA5"), Some("positive"));
    assert_eq!(result(&c, "anti-Ro52"), Some("positive"));
    // A verb of yield still waits for its word.
    let c = course("The blood culture yielded negative results.");
    assert_eq!(result(&c, "blood culture"), Some("negative"));
}

#[test]
fn a_procedure_being_evaluated_is_not_done() {
    use casecourse_model::Certainty;
    for text in [
        "He was referred for lung transplantation evaluation.",
        "She was listed after her lung transplant assessment.",
    ] {
        let c = course(text);
        assert_eq!(
            fact(&c, "lung transplantation").certainty,
            Certainty::Hypothetical,
            "{text}"
        );
    }
    let c = course("She underwent lung transplantation.");
    assert_eq!(
        fact(&c, "lung transplantation").certainty,
        Certainty::Affirmed
    );
}

#[test]
fn a_study_said_to_be_normal_or_clear_has_a_normal_impression() {
    let impression = |c: &Course, name: &str| fact(c, name).impression.clone();
    let c = course(
        "A 60-year-old man was admitted. His chest X-ray was clear. \
         The echocardiogram was entirely unremarkable.",
    );
    assert_eq!(impression(&c, "chest X-ray").as_deref(), Some("normal"));
    assert_eq!(
        impression(&c, "echocardiography").as_deref(),
        Some("normal")
    );
    // A study with findings keeps them and no made-up impression.
    let c = course(
        "A 60-year-old man was admitted. His chest X-ray was clear of effusion but showed consolidation.",
    );
    assert_ne!(impression(&c, "chest X-ray").as_deref(), Some("normal"));
}

#[test]
fn a_derangement_told_with_its_number_gives_the_value_and_stays_a_diagnosis() {
    let c = course(
        "A 60-year-old man was admitted with hyponatraemia of 118 mmol/L and \
         lymphopenia (0.3 x10^9/L). Hypercalcaemia of malignancy was suspected.",
    );
    assert_eq!(fact(&c, "sodium").value, Some(Value::Number(118.0)));
    assert_eq!(fact(&c, "lymphocyte count").value, Some(Value::Number(0.3)));
    assert_eq!(fact(&c, "hyponatremia").kind, Kind::Diagnosis);
    // "of" before a word is no reading: no calcium value is made up.
    assert_no_fact(&c, "calcium");
}

#[test]
fn a_culture_without_a_result_word_reports_the_organism_named_after_it() {
    for (text, name, organism) in [
        (
            "Sputum culture showed Streptococcus pneumoniae.",
            "sputum bacterial culture",
            "Streptococcus pneumoniae",
        ),
        (
            "Blood cultures: Staphylococcus aureus.",
            "blood culture",
            "Staphylococcus aureus",
        ),
        (
            "Urine culture: >10^5 CFU/mL E. coli, sensitive to nitrofurantoin.",
            "urine culture",
            "Escherichia coli",
        ),
    ] {
        let c = course(&format!("A 60-year-old man was admitted. {text}"));
        assert_eq!(fact(&c, name).result.as_deref(), Some(organism), "{text}");
    }
    // Words that are no findings verb keep the organism out: "no", a
    // drug's cover.
    for text in [
        "Sputum culture showed no Streptococcus pneumoniae.",
        "Blood cultures were sent and piperacillin was given to cover Pseudomonas aeruginosa.",
    ] {
        let c = course(&format!("A 60-year-old man was admitted. {text}"));
        for f in &c.facts {
            assert!(
                !f.result.as_deref().is_some_and(|r| r.contains(' ')),
                "{text}: {f:#?}"
            );
        }
    }
}

#[test]
fn an_organism_isolated_from_a_test_or_specimen_is_that_cultures_result() {
    for (text, name, organism) in [
        (
            "Pseudomonas aeruginosa was isolated from sputum.",
            "sputum bacterial culture",
            "Pseudomonas aeruginosa",
        ),
        (
            "Escherichia coli was isolated from both sets of blood cultures.",
            "blood culture",
            "Escherichia coli",
        ),
        (
            "Haemophilus influenzae (beta-lactamase negative) was cultured from sputum.",
            "sputum bacterial culture",
            "Haemophilus influenzae",
        ),
        (
            "Aspergillus fumigatus was cultured from the BAL.",
            "bronchoalveolar lavage fluid culture",
            "Aspergillus",
        ),
        (
            "Staphylococcus aureus was grown from pleural fluid.",
            "pleural fluid culture",
            "Staphylococcus aureus",
        ),
    ] {
        let c = course(&format!("A 60-year-old man was admitted. {text}"));
        assert_eq!(fact(&c, name).result.as_deref(), Some(organism), "{text}");
        // "Sputum" names the specimen, not a symptom.
        assert_no_fact(&c, "sputum production");
    }
    // A virus detected in blood is no blood culture; an organism a drug
    // covers was grown from nothing.
    for text in [
        "Cytomegalovirus was detected in blood.",
        "Piperacillin was started to cover Pseudomonas aeruginosa from sputum.",
    ] {
        let c = course(&format!("A 60-year-old man was admitted. {text}"));
        assert_no_fact(&c, "blood culture");
        assert_no_fact(&c, "sputum bacterial culture");
    }
}

#[test]
fn a_titre_written_1_in_n_or_1_slash_n_is_a_titre_when_n_is_a_dilution() {
    let c = course("A 40-year-old woman was admitted with arthralgia. ANA 1/320 (homogeneous).");
    let ana = fact(&c, "antinuclear antibodies");
    assert_eq!(ana.titre.as_deref(), Some("1:320"));
    assert_eq!(ana.result.as_deref(), Some("positive"));
    let c = course(
        "A 40-year-old woman was admitted with arthralgia. Antinuclear antibodies were \
         positive at a titre of 1 in 320 with a homogeneous pattern.",
    );
    assert_eq!(
        fact(&c, "antinuclear antibodies").titre.as_deref(),
        Some("1:320")
    );
    // A date and a UK week ("1/52") are no dilution.
    for text in ["ANA 1/12/2020 was sent.", "ANA 1/52 ago was sent."] {
        let c = course(&format!("A 40-year-old woman was admitted. {text}"));
        for f in all(&c, "antinuclear antibodies") {
            assert_eq!(f.titre, None, "{text}: {f:#?}");
        }
    }
}

#[test]
fn an_equivocal_or_indeterminate_result_is_read_unless_it_grades_another() {
    let c = course(
        "A 50-year-old woman was admitted with weakness. Anti-SRP was equivocal. The IGRA \
         was indeterminate owing to a low mitogen response.",
    );
    assert_eq!(result(&c, "anti-SRP"), Some("equivocal"));
    assert_eq!(
        result(&c, "interferon-gamma release assay"),
        Some("indeterminate")
    );
    // "borderline positive" is a weak positive, not an equivocal result.
    let c = course(
        "A 50-year-old woman was admitted with weakness. Anti-Jo-1 was borderline positive.",
    );
    let jo1 = fact(&c, "anti-Jo-1");
    assert_eq!(jo1.result.as_deref(), Some("positive"));
    assert_eq!(jo1.strength.as_deref(), Some("weak"));
}

#[test]
fn a_value_without_a_unit_is_flagged_in_the_usual_unit_unless_impossible_there() {
    use casecourse_model::Flag;
    let c = course("Labs notable for lactate 4.1, Hgb 7.2, K 5.9 and Cr 2.1.");
    // 4.1 mmol/L is high; read as mg/dL it would be a low 0.46 mmol/L.
    assert_eq!(fact(&c, "lactate").flag, Some(Flag::High));
    // 7.2 g/L is no living patient's haemoglobin: 7.2 g/dL, low.
    assert_eq!(fact(&c, "hemoglobin").flag, Some(Flag::Low));
    assert_eq!(fact(&c, "potassium").flag, Some(Flag::High));
    // 2.1 umol/L is impossible: 2.1 mg/dL, high.
    assert_eq!(fact(&c, "creatinine").flag, Some(Flag::High));
}

#[test]
fn a_notes_sex_letter_after_the_age_is_the_sex() {
    for (text, sex) in [
        ("58 yo M c/o SOB x3d.", "male"),
        ("72 y/o F with fever.", "female"),
        ("A 58-year-old M with cough.", "male"),
    ] {
        let c = course(text);
        assert_eq!(
            fact(&c, "sex").value,
            Some(Value::Text(sex.into())),
            "{text}"
        );
    }
    // A letter that starts a word is no sex.
    assert_no_fact(&course("58 yo Mandarin speaker with cough."), "sex");
}

#[test]
fn susceptibility_with_an_adverb_or_an_mic_names_no_drug_given() {
    let c = course("Klebsiella pneumoniae (ESBL) sensitive only to meropenem and amikacin.");
    assert_no_fact(&c, "meropenem");
    assert_no_fact(&c, "amikacin");
    let c = course(
        "MSSA bacteraemia; vancomycin MIC 1 mg/L. The isolate was resistant to both ampicillin and gentamicin.",
    );
    assert_no_fact(&c, "vancomycin");
    assert_no_fact(&c, "ampicillin");
    assert_no_fact(&c, "gentamicin");
    // A drug given after the list is still given.
    let c = course(
        "The isolate was sensitive only to meropenem, and she was started on meropenem 1 g three times daily.",
    );
    assert_eq!(all(&c, "meropenem").len(), 1);
    // "mica" is no MIC.
    let c = course("She was started on vancomycin micafungin cover.");
    assert_eq!(fact(&c, "vancomycin").kind, Kind::Medication);
}

#[test]
fn gas_transfer_kco_and_cell_ratios_are_named() {
    let c = course("Her FVC was 58% of predicted and her gas transfer 32%.");
    assert_eq!(
        fact(&c, "diffusing capacity, percent predicted").value,
        Some(Value::Number(32.0))
    );
    assert_no_fact(&c, "transfer");
    let c = course("KCO 1.45 mmol/min/kPa/L (110%).");
    let kco = fact(&c, "carbon monoxide transfer coefficient");
    assert_eq!(kco.value, Some(Value::Number(1.45)));
    assert_eq!(kco.unit.as_deref(), Some("mmol/min/kPa/L"));
    assert_eq!(
        fact(
            &c,
            "carbon monoxide transfer coefficient, percent predicted"
        )
        .value,
        Some(Value::Number(110.0))
    );
    let c = course("KCO was 72%.");
    assert_eq!(
        fact(
            &c,
            "carbon monoxide transfer coefficient, percent predicted"
        )
        .value,
        Some(Value::Number(72.0))
    );
    let c = course("The neutrophil-to-lymphocyte ratio was 14.5 and the PLR 310.");
    assert_eq!(
        fact(&c, "neutrophil-to-lymphocyte ratio").value,
        Some(Value::Number(14.5))
    );
    assert_eq!(
        fact(&c, "platelet-to-lymphocyte ratio").value,
        Some(Value::Number(310.0))
    );
    assert_no_fact(&c, "lymphocyte percentage");
}
