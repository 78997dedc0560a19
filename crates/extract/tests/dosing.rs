//! How often and in what unit a dose is given: single administrations,
//! infusion rates, bedtime doses and international units.

mod common;

use casecourse_model::Dosage;
use common::{all, assert_no_fact, course, fact};

fn dosage(text: &str, drug: &str) -> Dosage {
    let c = course(text);
    fact(&c, drug)
        .dosage
        .clone()
        .unwrap_or_else(|| panic!("{drug} has no dosage"))
}

fn frequency(text: &str, drug: &str) -> Option<String> {
    dosage(text, drug).frequency
}

#[test]
fn words_before_a_drug_that_say_it_was_given_once_make_it_a_single_dose() {
    for (text, drug) in [
        (
            "A single dose of tocilizumab 800 mg intravenously was given on the first day.",
            "tocilizumab",
        ),
        (
            "She had an intramuscular injection of methylprednisolone 120 mg.",
            "methylprednisolone",
        ),
        ("He was given furosemide 80 mg IV bolus.", "furosemide"),
        (
            "Calcium gluconate 10% 30 mL IV over 10 minutes was given.",
            "calcium gluconate 10%",
        ),
    ] {
        assert_eq!(frequency(text, drug).as_deref(), Some("ONCE"), "{text}");
    }
    // The route before "injection of" is still read.
    let d = dosage(
        "She had an intramuscular injection of methylprednisolone 120 mg.",
        "methylprednisolone",
    );
    assert_eq!(d.route.as_deref(), Some("intramuscular"));
}

#[test]
fn a_stated_frequency_wins_over_single_dose_words() {
    // "over 1 hour" describes each daily infusion, not a single dose.
    let text = "Methylprednisolone 1 g IV over 1 hour once daily for 3 days was started.";
    assert_eq!(frequency(text, "methylprednisolone").as_deref(), Some("QD"));
    // A dose begun without a schedule keeps no frequency.
    let text = "Tocilizumab 800 mg intravenously was started on the first day.";
    assert_eq!(frequency(text, "tocilizumab"), None);
}

#[test]
fn an_amount_reported_as_given_without_a_schedule_is_one_dose() {
    for (text, drug) in [
        (
            "Tocilizumab 800 mg intravenously was given on the first day.",
            "tocilizumab",
        ),
        (
            "Oral potassium chloride 40 mmol was given for a potassium of 3.1 mmol/L.",
            "potassium chloride",
        ),
        (
            "Rituximab 1,000 mg was infused intravenously on 2 August 2021.",
            "rituximab",
        ),
        (
            "He received IVIG 2 g/kg over 12 hours.",
            "intravenous immunoglobulin",
        ),
    ] {
        assert_eq!(frequency(text, drug).as_deref(), Some("ONCE"), "{text}");
    }
    // A regimen: a start word other than "given", a daily total, or a length.
    for (text, drug) in [
        (
            "She was started on prednisolone 40 mg and given omeprazole 20 mg.",
            "prednisolone",
        ),
        ("He received prednisolone 1 mg/kg/day.", "prednisolone"),
        ("He received ceftriaxone 2 g for 5 days.", "ceftriaxone"),
    ] {
        assert_ne!(frequency(text, drug).as_deref(), Some("ONCE"), "{text}");
    }
}

#[test]
fn a_dose_given_as_a_rate_is_continuous_and_keeps_its_rate_unit() {
    let d = dosage(
        "A regular insulin infusion was started at 0.1 units/kg/h.",
        "regular insulin",
    );
    assert_eq!(d.dose, Some(0.1));
    assert_eq!(d.unit.as_deref(), Some("[iU]/kg/h"));
    assert_eq!(d.frequency.as_deref(), Some("CONTINUOUS"));
}

#[test]
fn insulin_units_are_international_units_and_a_bedtime_dose_is_once_daily() {
    let d = dosage(
        "Insulin glargine 14 units at night was started.",
        "insulin glargine",
    );
    assert_eq!(d.unit.as_deref(), Some("[iU]"));
    assert_eq!(d.frequency.as_deref(), Some("QD"));
}

#[test]
fn saline_and_dextrose_are_medicines() {
    let d = dosage(
        "She received 0.9% sodium chloride 500 mL IV bolus.",
        "sodium chloride 0.9%",
    );
    assert_eq!(d.dose, Some(500.0));
    assert_eq!(d.frequency.as_deref(), Some("ONCE"));
    let d = dosage("Then 50 mL of 50% glucose IV was given.", "dextrose");
    assert_eq!(d.route.as_deref(), Some("intravenous"));
    // A blood glucose is a result, not a medicine.
    let c = course("Glucose was 5.8 mmol/L and sodium 131 mmol/L on arrival.");
    assert_no_fact(&c, "dextrose");
    assert_no_fact(&c, "sodium chloride");
    assert_eq!(fact(&c, "glucose").kind, casecourse_model::Kind::Lab);
}

#[test]
fn combination_products_are_one_medicine() {
    let c = course(
        "Alendronate 70 mg weekly and calcium with vitamin D were added. She uses \
         Fostair two puffs twice daily.",
    );
    assert!(fact(&c, "calcium and vitamin D").dosage.is_some());
    assert_no_fact(&c, "calcium");
    assert_no_fact(&c, "cholecalciferol");
    assert!(fact(&c, "beclometasone-formoterol").dosage.is_some());
}

#[test]
fn a_drug_whose_name_states_its_route_takes_that_route() {
    let d = dosage(
        "A 50-year-old woman was admitted. IVIG 2 g/kg was given over 5 days.",
        "intravenous immunoglobulin",
    );
    assert_eq!(d.route.as_deref(), Some("intravenous"));
}

#[test]
fn a_stop_verb_after_one_drug_does_not_stop_the_next() {
    let text = "A 58-year-old man was admitted. On day 3 the heparin was stopped and \
                subcutaneous enoxaparin 40 mg once daily was started.";
    let c = course(text);
    let action = |name: &str| fact(&c, name).dosage.as_ref().and_then(|d| d.action);
    assert_eq!(action("heparin"), Some(casecourse_model::DoseAction::Stop));
    assert_eq!(
        action("enoxaparin"),
        Some(casecourse_model::DoseAction::Start)
    );
}

#[test]
fn then_and_a_new_dose_is_the_next_step_of_the_course() {
    let c = course(
        "A 58-year-old man was admitted. Prednisolone 60 mg daily was given for 2 weeks, \
         then 40 mg daily for 2 weeks.",
    );
    let steps: Vec<(Option<f64>, Option<f64>, Option<f64>)> = c
        .facts
        .iter()
        .filter(|f| f.name == "prednisolone")
        .map(|f| {
            let d = f.dosage.as_ref().expect("a dosage");
            (d.dose, f.time.day, d.duration_days)
        })
        .collect();
    // The second dose starts where the first one's two weeks end.
    assert_eq!(
        steps,
        [
            (Some(60.0), Some(0.0), Some(14.0)),
            (Some(40.0), Some(14.0), Some(14.0))
        ]
    );
    let second = &all(&c, "prednisolone")[1];
    assert_eq!(
        second.dosage.as_ref().and_then(|d| d.action),
        Some(casecourse_model::DoseAction::Decrease)
    );
}

#[test]
fn orders_written_in_the_imperative_are_read() {
    let c = course(
        "A/P: Thyroid storm. Start propranolol 60 mg PO q4h. SSKI 5 drops PO q6h. \
         Decrease hydrocortisone to 50 mg IV q8h. Hold metformin.",
    );
    let action = |name: &str| fact(&c, name).dosage.as_ref().and_then(|d| d.action);
    use casecourse_model::DoseAction::{Decrease, Start, Stop};
    assert_eq!(action("propranolol"), Some(Start));
    assert_eq!(action("hydrocortisone"), Some(Decrease));
    assert_eq!(action("metformin"), Some(Stop));
    assert_eq!(
        dosage_of(&c, "potassium iodide").unit.as_deref(),
        Some("{drop}")
    );
}

#[test]
fn a_dose_after_then_and_before_of_belongs_to_the_next_drug() {
    let c = course(
        "A 60-year-old man was admitted. Calcium gluconate 10% 30 mL IV over 10 minutes, \
         then 10 units of soluble insulin in 50 mL of 50% glucose.",
    );
    assert_eq!(all(&c, "calcium gluconate 10%").len(), 1);
}

#[test]
fn a_dose_and_a_stop_of_one_drug_in_one_sentence_are_two_facts() {
    let c = course(
        "A 30-year-old woman was admitted. At week 24 she was on prednisolone 2.5 mg daily, \
         with plans to stop prednisolone over the next month.",
    );
    let doses: Vec<Option<f64>> = all(&c, "prednisolone")
        .iter()
        .map(|f| f.dosage.as_ref().and_then(|d| d.dose))
        .collect();
    assert!(doses.contains(&Some(2.5)), "{doses:?}");
}

fn dosage_of<'c>(c: &'c casecourse_model::Course, name: &str) -> &'c Dosage {
    fact(c, name).dosage.as_ref().expect("a dosage")
}

#[test]
fn a_regimen_taken_before_admission_ends_when_it_is_withheld_or_changed() {
    use casecourse_model::{DoseAction, Relation};
    let c = course(
        "A 74-year-old woman was admitted with acute kidney injury. Her regular medicines are \
         ramipril 5 mg once daily and amlodipine 10 mg once daily.\n\
         Plan:\n- Withhold ramipril and amlodipine.\n\
         Five days after admission amlodipine was restarted at 5 mg once daily.",
    );
    let ramipril = fact(&c, "ramipril");
    assert_eq!(ramipril.time.relation, Relation::Before);
    assert_eq!(
        ramipril.dosage.as_ref().and_then(|d| d.action),
        Some(DoseAction::Prior)
    );
    assert_eq!(ramipril.time.end_day, Some(0.0), "withheld on admission");
    let stops = all(&c, "ramipril");
    assert!(
        stops
            .iter()
            .any(|f| f.dosage.as_ref().and_then(|d| d.action) == Some(DoseAction::Stop)),
        "{stops:#?}"
    );
    // A regimen that was never stopped or changed has no end.
    let c = course(
        "A 60-year-old man was admitted with pneumonia. His usual medicines are \
         levothyroxine 75 micrograms once daily.",
    );
    assert_eq!(fact(&c, "levothyroxine").time.end_day, None);
}

#[test]
fn a_verb_after_a_list_of_drugs_is_every_members() {
    use casecourse_model::DoseAction;
    let action = |c: &casecourse_model::Course, drug: &str| {
        fact(c, drug).dosage.as_ref().and_then(|d| d.action)
    };
    let c = course(
        "A 70-year-old woman was admitted with acute kidney injury. Amlodipine was restarted \
         at 5 mg once daily; ramipril and furosemide were kept on hold.",
    );
    assert_eq!(action(&c, "amlodipine"), Some(DoseAction::Start));
    assert_eq!(action(&c, "ramipril"), Some(DoseAction::Stop));
    assert_eq!(action(&c, "furosemide"), Some(DoseAction::Stop));
    // A dose between two drugs ends the list: the verb is the last one's.
    let c = course(
        "A 70-year-old woman was admitted with acute kidney injury. She takes ramipril 5 mg \
         and furosemide was stopped.",
    );
    assert_ne!(action(&c, "ramipril"), Some(DoseAction::Stop));
    assert_eq!(action(&c, "furosemide"), Some(DoseAction::Stop));
}

#[test]
fn a_percentage_next_to_a_solution_is_its_strength() {
    let c = course(
        "A 70-year-old woman was admitted with hyperkalaemia. She was given calcium gluconate \
         10% 30 mL IV, then 0.9% saline 500 mL; 3% hypertonic saline 150 mL followed.",
    );
    for (name, dose) in [
        ("calcium gluconate 10%", 30.0),
        ("sodium chloride 0.9%", 500.0),
        ("sodium chloride 3%", 150.0),
    ] {
        assert_eq!(
            fact(&c, name).dosage.as_ref().and_then(|d| d.dose),
            Some(dose),
            "{name}"
        );
    }
    // A reduction by a percentage is not a strength; a character of
    // several bytes before the name is read safely.
    let c = course("Methotrexate was reduced by 50%. K 6.1 mmol/L ↑ 0.9% saline was given.");
    assert_no_fact(&c, "methotrexate 50%");
    fact(&c, "methotrexate");
    fact(&c, "sodium chloride 0.9%");
}

#[test]
fn a_percentage_of_a_cream_or_ointment_is_its_dose() {
    let c = course(
        "A 9-year-old girl was admitted. Tacrolimus 0.1% ointment was applied to the face, \
         and 1% hydrocortisone cream twice daily to the trunk; 0.9% saline 500 mL was given IV.",
    );
    for (name, dose) in [("tacrolimus", 0.1), ("hydrocortisone", 1.0)] {
        let d = fact(&c, name).dosage.clone().unwrap_or_default();
        assert_eq!(
            (d.dose, d.unit.as_deref()),
            (Some(dose), Some("%")),
            "{name}"
        );
        assert_eq!(d.route.as_deref(), Some("topical"), "{name}");
    }
    assert_no_fact(&c, "tacrolimus 0.1%");
    assert_no_fact(&c, "hydrocortisone 1%");
    // An infusion keeps its strength in its name.
    fact(&c, "sodium chloride 0.9%");
}

#[test]
fn a_daily_dose_stays_a_daily_total_as_written() {
    // Per kilogram or not, the unit is kept as written, a total per day.
    for (text, dose, unit) in [
        (
            "A 7-year-old girl was admitted. Oral prednisolone 2 mg/kg/day was started.",
            2.0,
            "mg/kg/d",
        ),
        (
            "A 60-year-old man was admitted. Prednisolone 50 mg/day was started.",
            50.0,
            "mg/d",
        ),
    ] {
        let d = dosage(text, "prednisolone");
        assert_eq!(
            (d.dose, d.unit.as_deref(), d.frequency.as_deref()),
            (Some(dose), Some(unit), Some("QD")),
            "{text}"
        );
    }
}

#[test]
fn the_dose_of_a_sentence_naming_no_drug_is_the_drug_dosed_just_before() {
    let c = course(
        "A 70-year-old man was admitted with heart failure. Intravenous furosemide 40 mg \
         twice daily was started on day 1. Urine output was poor, so on day 2 the dose was \
         increased to 80 mg IV twice daily.",
    );
    let doses: Vec<(Option<f64>, Option<f64>)> = all(&c, "furosemide")
        .iter()
        .map(|f| (f.dosage.as_ref().and_then(|d| d.dose), f.time.day))
        .collect();
    assert_eq!(doses, [(Some(40.0), Some(0.0)), (Some(80.0), Some(1.0))]);
    // Without a dose change, or too far from the drug, nothing is made up.
    let c = course(
        "A 70-year-old man was admitted. Furosemide 40 mg daily was started. \
         The dose was discussed with the family.",
    );
    assert_eq!(all(&c, "furosemide").len(), 1);
}

#[test]
fn a_regimen_changed_back_or_spaced_out_is_a_step_that_runs_until_the_next_change() {
    let c = course(
        "A 30-year-old woman was admitted with fever; the day of admission is day 0. Anakinra \
         was started on day 4 at 100 mg subcutaneously every 12 hours. On day 6 anakinra was \
         increased to 100 mg intravenously every 6 hours. Anakinra was changed back to 100 mg \
         subcutaneously twice daily on day 10. On day 20 anakinra was spaced to 100 mg on \
         alternate days.",
    );
    let steps: Vec<_> = all(&c, "anakinra")
        .iter()
        .map(|f| {
            let action = f.dosage.as_ref().and_then(|d| d.action);
            (f.time.day, f.time.end_day, action)
        })
        .collect();
    use casecourse_model::DoseAction::{Change, Increase, Start};
    assert_eq!(
        steps,
        [
            (Some(4.0), Some(6.0), Some(Start)),
            (Some(6.0), Some(10.0), Some(Increase)),
            (Some(10.0), Some(20.0), Some(Change)),
            (Some(20.0), None, Some(Change)),
        ]
    );
}

#[test]
fn a_drug_in_an_aside_leaves_the_verbs_after_the_aside_to_the_drug_before_it() {
    let c = course(
        "A 50-year-old woman was admitted with dermatomyositis. Subcutaneous methotrexate 15 mg \
         once weekly, with folic acid 5 mg once weekly, was added at week 2 and increased to 20 \
         mg weekly at week 8.",
    );
    let doses = |name: &str| -> Vec<Option<f64>> {
        all(&c, name)
            .iter()
            .map(|f| f.dosage.as_ref().and_then(|d| d.dose))
            .collect()
    };
    assert_eq!(doses("methotrexate"), [Some(15.0), Some(20.0)]);
    assert_eq!(doses("folic acid"), [Some(5.0)]);
    // Words after the second drug's comma that say more about it stay its own.
    let c = course(
        "A 50-year-old woman was admitted. Tofacitinib 5 mg twice daily was added on day 10, \
         together with co-trimoxazole, one tablet daily, as Pneumocystis prophylaxis.",
    );
    assert_eq!(
        dosage_of(&c, "trimethoprim-sulfamethoxazole")
            .frequency
            .as_deref(),
        Some("QD")
    );
}

#[test]
fn a_part_of_a_combination_named_before_doses_the_combination() {
    let c = course(
        "A 50-year-old man was admitted with Pneumocystis pneumonia. Intravenous \
         trimethoprim-sulfamethoxazole was started on day 1 at a trimethoprim dose of 15 \
         mg/kg/day.",
    );
    assert_eq!(
        dosage_of(&c, "trimethoprim-sulfamethoxazole").dose,
        Some(15.0)
    );
    assert_no_fact(&c, "trimethoprim");
}

#[test]
fn a_current_medication_list_is_what_the_patient_was_already_taking() {
    let c = common::course(
        "Clinic date: 14/01/2025\n\
         Current medication: methotrexate 20 mg once weekly; omeprazole 20 mg once daily.\n\
         Seen today with breathlessness. Prednisolone 30 mg daily was started today.\n",
    );
    let mtx = common::fact(&c, "methotrexate");
    assert_eq!(mtx.time.relation, casecourse_model::Relation::Before);
    assert_eq!(
        mtx.dosage.as_ref().and_then(|d| d.action),
        Some(casecourse_model::DoseAction::Prior)
    );
    // A drug started at the visit is not one of them.
    assert_eq!(common::fact(&c, "prednisolone").time.day, Some(0.0));
}

#[test]
fn a_dose_given_until_discharge_ends_on_the_discharge_day() {
    let c = common::course(
        "A 29-year-old woman was admitted with asthma.\n\
         - Enoxaparin 40 mg subcutaneously once daily while an inpatient.\n\
         She was discharged home on day 3.\n",
    );
    let enox = common::fact(&c, "enoxaparin");
    assert_eq!(enox.time.day, Some(0.0));
    assert_eq!(enox.time.end_day, Some(2.0));
    // The words "while an inpatient" make no event of their own.
    let discharges = common::all(&c, "discharge");
    assert_eq!(discharges.len(), 1);
    assert_eq!(discharges[0].time.day, Some(2.0));
}

#[test]
fn a_dose_may_come_before_the_drug_and_blood_components_count_bags() {
    let c = course(
        "57M admitted. In the ED he received 2 units PRBC. He received 500 mg of methylprednisolone. He received 2 g IV ceftriaxone.",
    );
    let prbc = fact(&c, "packed red blood cells");
    let d = prbc.dosage.as_ref().expect("dosage");
    assert_eq!((d.dose, d.unit.as_deref()), (Some(2.0), Some("{unit}")));
    let mp = fact(&c, "methylprednisolone")
        .dosage
        .clone()
        .expect("dosage");
    assert_eq!((mp.dose, mp.unit.as_deref()), (Some(500.0), Some("mg")));
    let cef = fact(&c, "ceftriaxone").dosage.clone().expect("dosage");
    assert_eq!((cef.dose, cef.unit.as_deref()), (Some(2.0), Some("g")));
    // A number that belongs to something else is not the drug's dose.
    let c = course("57M admitted. Creatinine rose to 250 mg then prednisolone was started.");
    let pred = fact(&c, "prednisolone");
    assert!(pred.dosage.as_ref().is_none_or(|d| d.dose.is_none()));
}

#[test]
fn daily_and_weight_based_daily_doses_and_rates_are_doses() {
    let d = dosage(
        "47F admitted. Intravenous methylprednisolone 1 g/day was given for 3 days.",
        "methylprednisolone",
    );
    assert_eq!((d.dose, d.unit.as_deref()), (Some(1.0), Some("g/d")));
    let d = dosage(
        "47F admitted. IVIG 0.4 g/kg/day was infused for 5 days.",
        "intravenous immunoglobulin",
    );
    assert_eq!((d.dose, d.unit.as_deref()), (Some(0.4), Some("g/kg/d")));
}

#[test]
fn a_drug_history_line_lists_drugs_taken_before() {
    let c = course(
        "Visit 1\n63M, retired printer.\nDH: amlodipine 5 mg od, omeprazole 20 mg od.\nHome meds: furosemide 20 mg daily.\n",
    );
    for name in ["amlodipine", "omeprazole", "furosemide"] {
        let d = fact(&c, name).dosage.clone().expect("dosage");
        assert_eq!(
            d.action,
            Some(casecourse_model::DoseAction::Prior),
            "{name}"
        );
    }
}

#[test]
fn changed_to_another_drug_or_continued_until_a_date_or_weaned_off_stops_it() {
    use casecourse_model::DoseAction;
    // Whether some fact of `drug` stops it.
    let stops = |c: &casecourse_model::Course, drug: &str| {
        all(c, drug)
            .iter()
            .any(|f| f.dosage.as_ref().and_then(|d| d.action) == Some(DoseAction::Stop))
    };
    let c = course(
        "A 60-year-old man was admitted with urosepsis. Ceftriaxone 2 g IV daily was started. \
         On day 3 ceftriaxone changed to oral cefalexin 500 mg three times daily.",
    );
    assert!(stops(&c, "ceftriaxone"));
    // Changed to another dose of the same drug is a change.
    let c = course(
        "A 30-year-old woman was admitted. Anakinra 100 mg twice daily was started. On day 6 \
         anakinra was changed to 100 mg every 6 hours.",
    );
    assert!(!stops(&c, "anakinra"));
    let c = course(
        "A 50-year-old man was admitted on 3 February 2025. Meropenem 1 g IV 8-hourly was \
         started. Meropenem was continued until 17 February 2025. Hydrocortisone was weaned off \
         by 20 February 2025.",
    );
    assert!(stops(&c, "meropenem"));
    assert!(stops(&c, "hydrocortisone"));
    // "until day 15": the day rule's match starts with "until".
    let c = course(
        "A 50-year-old man was admitted on day 1. Meropenem 1 g IV 8-hourly was started on day \
         3. Meropenem was continued until day 15.",
    );
    assert!(stops(&c, "meropenem"));
    // Until an event with no time is a plan, not a stop.
    let c = course(
        "A 40-year-old man was admitted. Ethambutol 800 mg daily was started, with ethambutol \
         continued until the culture result was known.",
    );
    assert!(!stops(&c, "ethambutol"));
}

#[test]
fn switched_from_one_drug_to_a_form_of_another_starts_the_other() {
    use casecourse_model::DoseAction;
    let c = course(
        "A 30-year-old woman was admitted. Mycophenolate mofetil 1 g twice daily was started. \
         On day 20 she was switched from mycophenolate mofetil to enteric-coated mycophenolate \
         sodium 720 mg twice daily.",
    );
    let sodium = all(&c, "mycophenolic acid");
    assert!(
        sodium
            .iter()
            .any(|f| f.dosage.as_ref().and_then(|d| d.action) == Some(DoseAction::Start)),
        "{sodium:#?}"
    );
}

#[test]
fn a_dose_changed_from_one_amount_to_another_is_the_new_amount() {
    let c = course(
        "A 50-year-old man was admitted. Tacrolimus 6 mg daily was started. On day 4 we \
         increased tacrolimus from 6 mg to 8 mg daily.",
    );
    let doses: Vec<f64> = all(&c, "tacrolimus")
        .iter()
        .filter_map(|f| f.dosage.as_ref().and_then(|d| d.dose))
        .collect();
    assert!(doses.contains(&8.0), "{doses:?}");
}

#[test]
fn a_dose_told_with_its_length_and_no_verb_ends_when_the_length_does() {
    // The title's mention takes the start; the dose after it has no verb
    // of its own, only its length.
    let c = course(
        "IgG4-related disease treated with a prednisolone taper and rituximab\n\nA 60-year-old \
         man was admitted (day 1). Oral prednisolone 40 mg once daily (0.6 mg/kg) was started on \
         the day of the biopsy on day 6 and continued for 4 weeks, after which it was reduced by \
         5 mg every 2 weeks.",
    );
    let dosed = all(&c, "prednisolone")
        .into_iter()
        .find(|f| f.dosage.as_ref().and_then(|d| d.dose) == Some(40.0))
        .expect("the 40 mg dose");
    assert_eq!(dosed.time.end_day, Some(33.0), "{:?}", dosed.time);
}

#[test]
fn tablets_and_puffs_are_counted_doses() {
    let d = dosage(
        "A 50-year-old man was admitted. He was started on co-trimoxazole 2 tablets twice daily.",
        "trimethoprim-sulfamethoxazole",
    );
    assert_eq!((d.dose, d.unit.as_deref()), (Some(2.0), Some("{tablet}")));
    let d = dosage(
        "A 50-year-old man was admitted. Salbutamol 4 puffs every 4 hours was given.",
        "salbutamol",
    );
    assert_eq!((d.dose, d.unit.as_deref()), (Some(4.0), Some("{puff}")));
}

#[test]
fn a_combination_keeps_the_strength_of_each_part() {
    let d = dosage(
        "A 60-year-old woman was admitted. Sacubitril/valsartan 49/51 mg twice daily was started.",
        "sacubitril-valsartan",
    );
    assert_eq!(d.dose_text.as_deref(), Some("49/51"));
    assert_eq!(d.unit.as_deref(), Some("mg"));
    // A dose per kilogram is not a strength.
    let d = dosage(
        "A 60-year-old woman was admitted. Sacubitril/valsartan 15/20 mg/kg twice daily was \
         started.",
        "sacubitril-valsartan",
    );
    assert_eq!(d.dose_text, None);
}

#[test]
fn a_drug_given_by_one_route_only_takes_it_when_the_text_names_none() {
    let d = dosage(
        "A 60-year-old man was admitted to the ICU. Norepinephrine 0.1 ug/kg/min was started.",
        "norepinephrine",
    );
    assert_eq!(d.route.as_deref(), Some("intravenous"));
    // A drug given by several routes takes none the text does not name.
    let d = dosage(
        "A 60-year-old man was admitted. Ceftriaxone 2 g daily was started.",
        "ceftriaxone",
    );
    assert_eq!(d.route, None);
}

#[test]
fn a_count_written_as_a_word_is_a_dose() {
    let d = dosage(
        "A 50-year-old man was admitted. Trimethoprim-sulfamethoxazole one double-strength tablet \
         three times weekly was started.",
        "trimethoprim-sulfamethoxazole",
    );
    assert_eq!((d.dose, d.unit.as_deref()), (Some(1.0), Some("{tablet}")));
    let d = dosage(
        "A 50-year-old man was admitted. One of the aspirin tablets was missed.",
        "aspirin",
    );
    assert_eq!(d.dose, None);
}

#[test]
fn a_drug_given_by_one_route_keeps_it_where_a_mention_leaves_it_out() {
    let c = course(
        "A 50-year-old woman was admitted with myositis. She received IV methylprednisolone \
         500 mg daily for 3 days. At week 12 she relapsed and received methylprednisolone \
         500 mg daily for 3 days again. Levofloxacin 500 mg IV daily was started, then \
         levofloxacin 500 mg orally daily; at discharge levofloxacin 500 mg daily was continued.",
    );
    let pulses = all(&c, "methylprednisolone");
    assert_eq!(pulses.len(), 2, "{pulses:#?}");
    for f in pulses {
        let route = f.dosage.as_ref().and_then(|d| d.route.as_deref());
        assert_eq!(route, Some("intravenous"), "{f:#?}");
    }
    // Two routes: a mention without one is left without one.
    let routes: Vec<Option<&str>> = all(&c, "levofloxacin")
        .iter()
        .map(|f| f.dosage.as_ref().and_then(|d| d.route.as_deref()))
        .collect();
    assert!(routes.contains(&Some("intravenous")) && routes.contains(&Some("oral")));
    assert!(routes.contains(&None), "{routes:?}");
    // A route given as a procedure is not the rest of the course's.
    let c = course(
        "A 6-year-old boy with leukaemia received intrathecal methotrexate 12 mg on day 1. \
         Methotrexate 15 mg weekly was given as maintenance.",
    );
    let weekly = all(&c, "methotrexate")
        .into_iter()
        .find(|f| f.dosage.as_ref().and_then(|d| d.dose) == Some(15.0))
        .expect("the weekly dose");
    assert_eq!(
        weekly.dosage.as_ref().and_then(|d| d.route.as_deref()),
        None
    );
}

#[test]
fn pred_is_the_glucocorticoid_the_text_names_and_not_percent_predicted() {
    let c = course(
        "A 60-year-old woman was seen in clinic. Plan: prednisone 40 mg PO daily. FVC 1.98 L \
         (68% pred), DLCO 45 %pred.\nVisit 2: Pred now 20 mg daily. Continue pred taper.",
    );
    let doses: Vec<Option<f64>> = all(&c, "prednisone")
        .iter()
        .map(|f| f.dosage.as_ref().and_then(|d| d.dose))
        .collect();
    assert!(doses.contains(&Some(20.0)), "{doses:?}");
    assert_no_fact(&c, "prednisolone");
    // Percent predicted is no drug: only the three mentions above.
    assert_eq!(doses.len(), 3, "{doses:?}");
    // A note that names neither in full means prednisolone.
    let c = course("A 60-year-old man was seen in clinic. On pred 30 mg od.");
    fact(&c, "prednisolone");
    // Predicted lung volumes are no drug; of two full names the nearer
    // before the short form is meant.
    let c = course(
        "A 60-year-old woman was seen. FVC 1.98 L (pred 2.91 L), 68% of pred. She was switched \
         from prednisone to prednisolone. Pred 10 mg od.",
    );
    let pred: Vec<&str> = c
        .facts
        .iter()
        .filter(|f| f.kind == casecourse_model::Kind::Medication)
        .filter(|f| f.spans.iter().any(|s| s.end - s.start == 4))
        .map(|f| f.name.as_str())
        .collect();
    assert_eq!(pred, ["prednisolone"]);
    // A short form of one drug before a percentage is that drug.
    let c = course(
        "A 50-year-old woman was seen in clinic. TAC 0.1% ointment was applied twice daily.",
    );
    fact(&c, "tacrolimus");
}

#[test]
fn a_vaccination_without_a_schedule_is_one_dose() {
    let c = course("A 50-year-old woman was seen in clinic. Influenza vaccine was given today.");
    let flu = fact(&c, "influenza vaccine");
    assert_eq!(
        flu.dosage.as_ref().and_then(|d| d.frequency.as_deref()),
        Some("ONCE")
    );
}

#[test]
fn drugs_of_oncology_anaesthesia_psychiatry_and_addiction_are_named() {
    let c = course(
        "A 58-year-old man with lung adenocarcinoma was admitted with dyspnoea. He had taken erlotinib \
         150 mg once daily for 6 months and meloxicam 15 mg daily. Anaesthesia was maintained with \
         sevoflurane. Naltrexone was not started, nor was 5-FU.",
    );
    let erlotinib = dosage(
        "He was admitted. Erlotinib 150 mg once daily was started.",
        "erlotinib",
    );
    assert_eq!(
        (erlotinib.dose, erlotinib.frequency.as_deref()),
        (Some(150.0), Some("QD"))
    );
    for name in ["erlotinib", "meloxicam", "sevoflurane"] {
        assert!(!fact(&c, name).negated, "{name}");
    }
    assert!(fact(&c, "naltrexone").negated);
    assert!(fact(&c, "fluorouracil").negated);
}

#[test]
fn a_dose_written_before_its_drug_with_of_belongs_to_that_drug_not_the_one_before() {
    let text = "She was treated with 250 mg/day of bosentan and 120 ug/day of beraprost.";
    let bosentan = dosage(text, "bosentan");
    assert_eq!(
        (bosentan.dose, bosentan.unit.as_deref()),
        (Some(250.0), Some("mg/d"))
    );
    let beraprost = dosage(text, "beraprost");
    assert_eq!(
        (beraprost.dose, beraprost.unit.as_deref()),
        (Some(120.0), Some("ug/d"))
    );
    // A dose after the name is still the drug's own.
    let text = "She was treated with bosentan 125 mg twice daily and 120 ug/day of beraprost.";
    assert_eq!(dosage(text, "bosentan").dose, Some(125.0));
}

#[test]
fn a_switch_from_a_drug_given_by_a_named_route_starts_the_next_and_rarer_schedules_are_read() {
    let c =
        course("He was switched from intravenous methylprednisolone to prednisone 60 mg daily.");
    assert_eq!(
        fact(&c, "prednisone")
            .dosage
            .as_ref()
            .and_then(|d| d.action),
        Some(casecourse_model::DoseAction::Start)
    );
    for (text, drug, code) in [
        (
            "Aciclovir 800 mg 5 times daily was given.",
            "acyclovir",
            "5XD",
        ),
        ("Infliximab 5 mg/kg every eight weeks.", "infliximab", "Q8W"),
        ("Ustekinumab 90 mg every 12 weeks.", "ustekinumab", "Q12W"),
        (
            "Posaconazole 400 mg/12 h was started.",
            "posaconazole",
            "Q12H",
        ),
        (
            "Methotrexate 15 mg/weekly was started.",
            "methotrexate",
            "QW",
        ),
    ] {
        assert_eq!(frequency(text, drug).as_deref(), Some(code), "{text}");
    }
}

#[test]
fn medications_the_patient_was_on_are_prior_unless_listed_at_discharge() {
    use casecourse_model::DoseAction;
    let c = course(
        "A 40-year-old woman was admitted with confusion. Her medications included sodium valproate \
         1 g twice daily and lithium. At discharge her medications included levetiracetam 500 mg twice daily.",
    );
    let action = |name: &str| fact(&c, name).dosage.as_ref().and_then(|d| d.action);
    assert_eq!(action("valproic acid"), Some(DoseAction::Prior));
    assert_eq!(action("lithium"), Some(DoseAction::Prior));
    assert_ne!(action("levetiracetam"), Some(DoseAction::Prior));
}

#[test]
fn a_drug_terminated_stops() {
    use casecourse_model::DoseAction;
    let c = course(
        "A 60-year-old man was admitted. Apatinib was started on day 2. On day 9 apatinib was terminated due to bleeding.",
    );
    let stops = all(&c, "apatinib")
        .iter()
        .filter(|f| f.dosage.as_ref().and_then(|d| d.action) == Some(DoseAction::Stop))
        .count();
    assert_eq!(stops, 1, "{:#?}", c.facts);
}

#[test]
fn a_dose_changed_from_one_with_its_schedule_to_another_is_the_new_one() {
    let c = course(
        "A 30-year-old woman was admitted. Prednisolone 60 mg daily was started on day 1. \
         On day 30, prednisolone was tapered from 60 mg daily to 5 mg daily.",
    );
    let last = all(&c, "prednisolone")
        .into_iter()
        .last()
        .expect("prednisolone");
    assert_eq!(
        last.dosage.as_ref().and_then(|d| d.dose),
        Some(5.0),
        "{last:#?}"
    );
}

#[test]
fn a_class_of_drugs_given_without_a_drug_of_it_is_the_medication() {
    let c = course(
        "A 70-year-old man was admitted with heart failure. Therapy consisted of a \
         beta-blocker, an angiotensin-converting enzyme inhibitor, digoxin, and a diuretic. \
         The infection was treated with antibiotics.",
    );
    for class in [
        "beta blockers",
        "ACE inhibitors",
        "diuretics",
        "antibiotics",
    ] {
        assert!(!fact(&c, class).negated, "{class}");
    }
}

#[test]
fn a_class_told_as_known_or_with_its_drug_is_no_medication_of_its_own() {
    let c = course(
        "A 50-year-old man was admitted with myositis. Prednisolone 60 mg daily was \
         started. He has put on 6 kg since starting steroids. Mycophenolate mofetil was \
         added as a steroid-sparing agent. He was referred to the anticoagulation clinic.",
    );
    for class in [
        "glucocorticoids",
        "steroid-sparing agent",
        "anticoagulation",
    ] {
        assert_no_fact(&c, class);
    }
}

#[test]
fn a_drug_set_apart_from_a_stop_goes_on() {
    let c = course(
        "A 70-year-old man was admitted with heart failure. Metoprolol and lisinopril were \
         started. All medications except for low-dose metoprolol were discontinued after 1 \
         year.",
    );
    let later: Vec<_> = all(&c, "metoprolol")
        .into_iter()
        .filter_map(|f| f.dosage.as_ref().and_then(|d| d.action))
        .collect();
    assert!(
        !later.contains(&casecourse_model::DoseAction::Stop),
        "{later:?}"
    );
}

#[test]
fn a_count_times_a_dose_is_how_often_a_day() {
    let d = dosage(
        "A 60-year-old man was admitted with seizures. He received levetiracetam 3 x 250 \
         mg/day.",
        "levetiracetam",
    );
    assert_eq!(d.dose, Some(250.0));
    assert_eq!(d.unit.as_deref(), Some("mg"));
    assert_eq!(d.frequency.as_deref(), Some("TID"));
}

#[test]
fn an_excepted_drug_s_own_stop_is_its_stop() {
    let c = course(
        "A 60-year-old man was admitted with chest pain. He took no medications except \
         aspirin, which was stopped on admission.",
    );
    let actions: Vec<_> = all(&c, "aspirin")
        .into_iter()
        .filter_map(|f| f.dosage.as_ref().and_then(|d| d.action))
        .collect();
    assert!(
        actions.contains(&casecourse_model::DoseAction::Stop),
        "{actions:?}"
    );
}

#[test]
fn inh_is_isoniazid_not_a_route() {
    let d = dosage(
        "A 22-year-old man was admitted. INH 300 mg daily was started.",
        "isoniazid",
    );
    assert_eq!(d.dose, Some(300.0));
    assert_eq!(d.route, None);
}

#[test]
fn a_drug_with_a_head_noun_of_its_own_is_no_member_of_the_list_before_it() {
    let c = course(
        "She was admitted. The discontinuation of the oral contraceptive and the \
         administration of rivaroxaban (30 mg, daily) was initiated. Discontinuation of \
         warfarin and of aspirin was advised.",
    );
    let action = |name: &str| fact(&c, name).dosage.as_ref().and_then(|d| d.action);
    assert_eq!(
        action("rivaroxaban"),
        Some(casecourse_model::DoseAction::Start)
    );
    assert_eq!(action("aspirin"), Some(casecourse_model::DoseAction::Stop));
}

#[test]
fn a_status_set_off_after_a_list_items_dose_is_the_items_and_the_list_is_at_discharge() {
    let c = course(
        "DISCHARGE SUMMARY\nAdmitted 02/03/24 with AKI. Discharged 08/03/24.\n\n\
         Medications on discharge:\n\
         1. Prednisolone 40 mg PO OD (NEW)\n\
         2. Ramipril 5 mg OD - STOPPED (AKI)\n\
         3. Amlodipine 5 mg OD: held\n\
         4. Metformin 500 mg BD - omitted until eGFR improves\n",
    );
    use casecourse_model::DoseAction;
    let action = |name: &str| fact(&c, name).dosage.as_ref().and_then(|d| d.action);
    assert_eq!(action("ramipril"), Some(DoseAction::Stop));
    assert_eq!(action("amlodipine"), Some(DoseAction::Stop));
    assert_eq!(action("metformin"), Some(DoseAction::Stop));
    assert_eq!(action("prednisolone"), Some(DoseAction::Start));
    // The list is the discharge day's: 6 days after admission.
    let pred = &fact(&c, "prednisolone").time;
    assert_eq!(pred.start_day.or(pred.day), Some(6.0));
    // A dose in the narrative before a verb is not set off: the verb
    // reads the sentence as before.
    let c =
        course("A 60-year-old man was admitted. He took ramipril 5 mg daily and stopped smoking.");
    assert_ne!(
        fact(&c, "ramipril").dosage.as_ref().and_then(|d| d.action),
        Some(DoseAction::Stop)
    );
}

#[test]
fn a_route_told_after_one_drug_of_a_list_is_not_the_next_drugs() {
    let c = course(
        "A 60-year-old man was admitted.\n\
         DH: metoprolol 50 mg PO BD, enoxaparin 40 mg OD, insulin glargine 20 units qhs.\n",
    );
    let route = |name: &str| fact(&c, name).dosage.as_ref().and_then(|d| d.route.clone());
    assert_eq!(route("metoprolol").as_deref(), Some("oral"));
    assert_ne!(route("enoxaparin").as_deref(), Some("oral"));
    assert_ne!(route("insulin glargine").as_deref(), Some("oral"));
    // A route before a list of drugs joined without commas is still read.
    let c = course("A 60-year-old man was admitted. He was given IV ceftriaxone.");
    assert_eq!(
        fact(&c, "ceftriaxone")
            .dosage
            .as_ref()
            .and_then(|d| d.route.clone())
            .as_deref(),
        Some("intravenous")
    );
}

#[test]
fn a_drug_under_a_past_history_heading_was_being_taken_already() {
    let c = course(
        "A 70-year-old man was admitted with pneumonia.\nPMH: AF on apixaban, PMR on pred 5 mg.\n\
         He was started on amoxicillin.\n",
    );
    use casecourse_model::DoseAction;
    let action = |name: &str| fact(&c, name).dosage.as_ref().and_then(|d| d.action);
    assert_eq!(action("apixaban"), Some(DoseAction::Prior));
    assert_eq!(action("prednisolone"), Some(DoseAction::Prior));
    assert_eq!(action("amoxicillin"), Some(DoseAction::Start));
    // Taken at the admission the list is written for.
    assert_eq!(fact(&c, "apixaban").time.day, Some(0.0));
}

#[test]
fn a_stop_told_after_the_dose_in_its_own_clause_stops_the_dose() {
    use casecourse_model::DoseAction;
    let action = |text: &str, drug: &str| {
        let c = course(text);
        fact(&c, drug).dosage.as_ref().and_then(|d| d.action)
    };
    for (text, drug) in [
        (
            "Mycophenolate mofetil 1 g twice daily was discontinued due to leukopenia.",
            "mycophenolate mofetil",
        ),
        (
            "Tacrolimus 2 mg/day was stopped because of renal impairment.",
            "tacrolimus",
        ),
    ] {
        assert_eq!(action(text, drug), Some(DoseAction::Stop), "{text}");
    }
    // A stop told after a comma or "then" is a later time's, not this
    // dose's action.
    let text =
        "Nebulised ipratropium 500 micrograms every 4 hours for the first 24 hours, then stopped.";
    assert_ne!(action(text, "ipratropium"), Some(DoseAction::Stop));
}

#[test]
fn shock_therapy_is_a_pulse_and_names_no_shock() {
    let c = course("Methylprednisolone 500 mg/day shock therapy was given for 3 days.");
    let mp = fact(&c, "methylprednisolone");
    assert_eq!(mp.dosage.as_ref().and_then(|d| d.dose), Some(500.0));
    assert_no_fact(&c, "shock");
    // Shock as a condition is still read.
    let c = course("He was in septic shock and received norepinephrine.");
    fact(&c, "septic shock");
}

#[test]
fn a_count_written_against_the_unit_keeps_the_dose() {
    // "×" is folded to "x": "500 mg/dx3 d".
    let d = dosage(
        "Methylprednisolone 500 mg/d×3 d was given.",
        "methylprednisolone",
    );
    assert_eq!(d.dose, Some(500.0));
    assert_eq!(d.unit.as_deref(), Some("mg/d"));
    // A daily total is given daily, its "/d" glued or not.
    assert_eq!(d.frequency.as_deref(), Some("QD"));
    let d = dosage(
        "She was given methylprednisolone pulse therapy (1000mg/d×3d).",
        "methylprednisolone",
    );
    assert_eq!(
        (d.frequency.as_deref(), d.duration_days),
        (Some("QD"), Some(3.0))
    );
    // A dose in mg alone keeps no frequency it was not given.
    let d = dosage("Methylprednisolone 500 mg was given.", "methylprednisolone");
    assert_ne!(d.frequency.as_deref(), Some("QD"));
}

#[test]
fn a_stop_with_its_own_time_after_a_start_in_one_sentence_ends_the_drug_there() {
    let c = course(
        "A 30-year-old woman was admitted with fever; the day of admission is day 0. \
         Tacrolimus 3 mg/day was started on day 1 and discontinued on day 12. Tofacitinib was \
         begun on day 5, then stopped on day 25 because of herpes zoster.",
    );
    use casecourse_model::DoseAction::{Start, Stop};
    let said = |drug: &str| -> Vec<_> {
        all(&c, drug)
            .iter()
            .map(|f| {
                (
                    f.dosage.as_ref().and_then(|d| d.action),
                    f.time.day,
                    f.time.end_day,
                )
            })
            .collect()
    };
    assert_eq!(
        said("tacrolimus"),
        [
            (Some(Start), Some(1.0), Some(12.0)),
            (Some(Stop), Some(12.0), None)
        ]
    );
    let tofacitinib = said("tofacitinib");
    assert_eq!(tofacitinib[0].0, Some(Start));
    assert_eq!(tofacitinib[1], (Some(Stop), Some(25.0), None));
    // A stop without a time of its own is the sentence's one action.
    let c = course("Methotrexate 15 mg weekly was stopped after three doses.");
    assert_eq!(all(&c, "methotrexate").len(), 1);
}

#[test]
fn a_clause_about_it_or_the_drug_acts_on_the_drug_just_given() {
    let c = course(
        "A 50-year-old woman was admitted; the day of admission is day 0. Tacrolimus 3 mg/day was \
         started on day 2. It was increased to 5 mg/day on day 10. It was discontinued on day 30 \
         because of renal impairment. The drug was resumed at 2 mg/day on day 55. It was decided \
         to wait.",
    );
    use casecourse_model::DoseAction::{Increase, Start, Stop};
    let steps: Vec<_> = all(&c, "tacrolimus")
        .iter()
        .map(|f| {
            let d = f.dosage.as_ref().unwrap();
            (d.action, d.dose, f.time.day)
        })
        .collect();
    assert_eq!(
        steps,
        [
            (Some(Start), Some(3.0), Some(2.0)),
            (Some(Increase), Some(5.0), Some(10.0)),
            (Some(Stop), None, Some(30.0)),
            (Some(Start), Some(2.0), Some(55.0)),
        ]
    );
}

#[test]
fn a_drug_in_a_bracket_with_its_own_verb_is_not_the_lists() {
    let c = course("Restarted spironolactone 50 mg daily (furosemide remains on hold).");
    use casecourse_model::DoseAction::{Start, Stop};
    assert_eq!(dosage_action(&c, "spironolactone"), Some(Start));
    assert_eq!(dosage_action(&c, "furosemide"), Some(Stop));
}

fn dosage_action(c: &casecourse_model::Course, drug: &str) -> Option<casecourse_model::DoseAction> {
    fact(c, drug).dosage.as_ref().and_then(|d| d.action)
}

#[test]
fn evenly_spaced_days_of_a_list_give_the_course_its_frequency() {
    for (text, drug, code) in [
        (
            "She was admitted on day 0. Rituximab 1000 mg was administered on days 1 and 15.",
            "rituximab",
            "Q2W",
        ),
        (
            "He was admitted on day 0. Intravenous cyclophosphamide 750 mg/m2 was given on days 3, 17 and 31.",
            "cyclophosphamide",
            "Q2W",
        ),
        (
            "He was admitted on day 0. IVIG 0.4 g/kg was administered on days 5, 6, and 7.",
            "intravenous immunoglobulin",
            "QD",
        ),
        (
            "He was admitted on day 0. Rituximab 375 mg/m2 was infused on days 1, 8, 15 and 22.",
            "rituximab",
            "QW",
        ),
    ] {
        assert_eq!(frequency(text, drug).as_deref(), Some(code), "{text}");
    }
    // Unevenly spaced days name no frequency; each is still one dose.
    let text = "He was admitted on day 0. Rituximab 1000 mg was given on days 1, 4 and 15.";
    assert_eq!(frequency(text, "rituximab").as_deref(), Some("ONCE"));
}

#[test]
fn a_drug_named_as_the_origin_of_a_time_is_no_new_start() {
    let c = course(
        "A 50-year-old man was admitted; the day of admission is day 0. Tacrolimus 3 mg/day was \
         started on day 3. Tofacitinib was started on day 6. Eight weeks after the initiation of \
         tacrolimus, chest CT showed improvement. Two weeks after starting tofacitinib, ferritin \
         fell to 500 ng/mL.",
    );
    assert_eq!(all(&c, "tacrolimus").len(), 1);
    assert_eq!(all(&c, "tofacitinib").len(), 1);
    // The drug still dates the sentence: two weeks after its start.
    assert_eq!(fact(&c, "ferritin").time.day, Some(20.0));
    // A drug the text names there for the first time is kept.
    let c = course("Two weeks after starting rituximab, she improved.");
    assert_eq!(all(&c, "rituximab").len(), 1);
}

#[test]
fn a_clause_about_it_after_a_named_drug_acts_on_the_drug_named_last() {
    let c = course(
        "A 50-year-old woman was admitted; the day of admission is day 0. Tofacitinib was started \
         on day 31; however, it was stopped on day 40 owing to herpes zoster. MMF 1 g/day was \
         added on day 5; it was then increased to 2 g/day on day 20. Tacrolimus was started on \
         day 2, and it was well tolerated.",
    );
    use casecourse_model::DoseAction::{Increase, Stop};
    let tofacitinib = all(&c, "tofacitinib");
    assert_eq!(tofacitinib.len(), 2);
    assert_eq!(
        dosage_action(&c, "tofacitinib"),
        Some(casecourse_model::DoseAction::Start)
    );
    let stop = tofacitinib[1];
    assert_eq!(stop.dosage.as_ref().and_then(|d| d.action), Some(Stop));
    assert_eq!(stop.time.day, Some(40.0));
    let mmf = all(&c, "mycophenolate mofetil");
    let increase = mmf[1].dosage.as_ref().unwrap();
    assert_eq!(increase.action, Some(Increase));
    assert_eq!(
        (increase.dose, increase.unit.as_deref()),
        (Some(2.0), Some("g/d"))
    );
    // "It was well tolerated" acts on no drug.
    assert_eq!(all(&c, "tacrolimus").len(), 1);
}

#[test]
fn a_drug_taken_for_a_time_before_runs_up_to_the_time_told_and_on() {
    for (text, drug, years) in [
        (
            "She had been taking prednisolone 5 mg/day for 2 years. She was admitted to our hospital.",
            "prednisolone",
            2.0,
        ),
        (
            "She was admitted to our hospital. Prednisolone 10 mg/day, which she had been taking for 1 year, was continued.",
            "prednisolone",
            1.0,
        ),
        (
            "She was admitted to our hospital. She had been on methotrexate for 3 years, which was continued.",
            "methotrexate",
            3.0,
        ),
    ] {
        let c = course(text);
        let f = fact(&c, drug);
        assert_eq!(f.time.end_day, None, "{text}");
        assert_eq!(f.time.start_day, Some(-365.25 * years), "{text}");
        assert_eq!(
            f.dosage.as_ref().and_then(|d| d.duration_days),
            None,
            "{text}"
        );
    }
    // A course told with its length still runs from its start.
    let c = course(
        "She was admitted; the day of admission is day 0. Methylprednisolone 1 g daily for 3 days was given on day 2.",
    );
    let f = fact(&c, "methylprednisolone");
    assert_eq!(f.dosage.as_ref().and_then(|d| d.duration_days), Some(3.0));
    assert_eq!((f.time.day, f.time.end_day), (Some(2.0), Some(4.0)));
    // A perfect in another clause says nothing of this length.
    let c = course(
        "She was admitted; the day of admission is day 0. As her rash had been spreading, prednisolone 30 mg daily was given for 2 weeks.",
    );
    let f = fact(&c, "prednisolone");
    assert_eq!(f.dosage.as_ref().and_then(|d| d.duration_days), Some(14.0));
}

/// Each medication fact of `drug` as (action, day, end day).
fn said(
    text: &str,
    drug: &str,
) -> Vec<(
    Option<casecourse_model::DoseAction>,
    Option<f64>,
    Option<f64>,
)> {
    let c = course(text);
    all(&c, drug)
        .iter()
        .map(|f| {
            (
                f.dosage.as_ref().and_then(|d| d.action),
                f.time.anchor_day(),
                f.time.end_day,
            )
        })
        .collect()
}

#[test]
fn a_stop_joined_by_but_ends_the_drug_at_its_own_time() {
    use casecourse_model::DoseAction::{Start, Stop};
    let c = "She was admitted; the day of admission is day 0.";
    assert_eq!(
        said(
            &format!(
                "{c} Tacrolimus was started on day 3 but was discontinued on day 17 owing to renal dysfunction."
            ),
            "tacrolimus"
        ),
        [
            (Some(Start), Some(3.0), None),
            (Some(Stop), Some(17.0), None)
        ]
    );
    assert_eq!(
        said(
            &format!(
                "{c} Ciclosporin was begun on day 5 but was withdrawn on day 9 because of hypertension."
            ),
            "cyclosporine"
        )
        .last()
        .copied(),
        Some((Some(Stop), Some(9.0), None))
    );
    // "but" before a word that is no stop changes nothing.
    let kept = said(
        &format!("{c} Tacrolimus was started on day 3 but was poorly tolerated."),
        "tacrolimus",
    );
    assert_eq!(kept, [(Some(Start), Some(3.0), None)]);
}

#[test]
fn a_stop_some_time_later_counts_from_the_start_in_its_sentence() {
    use casecourse_model::DoseAction::{Start, Stop};
    let c = "She was admitted; the day of admission is day 0.";
    for (text, drug, start, stop) in [
        (
            "Nintedanib 150 mg twice daily was initiated on day 7 but discontinued after 2 weeks because of diarrhoea.",
            "nintedanib",
            7.0,
            21.0,
        ),
        (
            "Tacrolimus was started on day 3 and discontinued 3 weeks later because of nephrotoxicity.",
            "tacrolimus",
            3.0,
            24.0,
        ),
    ] {
        let got = said(&format!("{c} {text}"), drug);
        assert_eq!(
            got.first().map(|s| (s.0, s.1)),
            Some((Some(Start), Some(start))),
            "{text}"
        );
        assert_eq!(
            got.last().copied(),
            Some((Some(Stop), Some(stop), None)),
            "{text}"
        );
    }
}

#[test]
fn a_start_and_a_stop_some_time_later_in_one_clause_stay_apart() {
    use casecourse_model::DoseAction::{Start, Stop};
    let c = "She was admitted; the day of admission is day 0. On day 4 she had a fever.";
    for (text, drug, weeks) in [
        (
            "Tacrolimus was started and discontinued 3 weeks later because of nephrotoxicity.",
            "tacrolimus",
            3.0,
        ),
        (
            "Azathioprine was introduced, and stopped 2 weeks later due to pancytopenia.",
            "azathioprine",
            2.0,
        ),
        (
            "Nintedanib 150 mg twice daily was initiated but discontinued after 2 weeks because of diarrhoea.",
            "nintedanib",
            2.0,
        ),
    ] {
        let got = said(&format!("{c} {text}"), drug);
        assert_eq!(
            got.first().map(|s| (s.0, s.1)),
            Some((Some(Start), Some(4.0))),
            "{text}"
        );
        assert_eq!(
            got.last().copied(),
            Some((Some(Stop), Some(4.0 + 7.0 * weeks), None)),
            "{text}"
        );
    }
    // A stop alone, with no start before it, is still dated by its time.
    let got = said(
        &format!("{c} Tacrolimus was discontinued 3 weeks later."),
        "tacrolimus",
    );
    assert_eq!(got, [(Some(Stop), Some(25.0), None)]);
}

#[test]
fn a_drug_first_told_as_continued_keeps_its_continuation() {
    for text in [
        "She was admitted with pneumonia. Tacrolimus was continued at 2 mg/day.",
        "She was admitted with pneumonia. Mycophenolate mofetil 1,000 mg twice a day was continued.",
    ] {
        let c = common::course(text);
        let f = c
            .facts
            .iter()
            .find(|f| f.kind == casecourse_model::Kind::Medication)
            .expect("a drug");
        let action = f.dosage.as_ref().and_then(|d| d.action);
        assert_eq!(
            action,
            Some(casecourse_model::DoseAction::Continue),
            "{text}"
        );
    }
    // A first mention with no word of its course still opens it.
    let c = common::course("She was admitted with pneumonia. Tacrolimus 2 mg/day was given.");
    let f = c
        .facts
        .iter()
        .find(|f| f.kind == casecourse_model::Kind::Medication)
        .expect("a drug");
    assert_eq!(
        f.dosage.as_ref().and_then(|d| d.action),
        Some(casecourse_model::DoseAction::Start)
    );
}

#[test]
fn a_nebuliser_is_an_inhaled_route_of_its_own_drug_only() {
    for (text, drug) in [
        ("Salbutamol 5 mg nebulised was given.", "salbutamol"),
        (
            "Ipratropium 500 mcg via nebuliser four-hourly.",
            "ipratropium",
        ),
        ("Given nebulised salbutamol 2.5 mg.", "salbutamol"),
        ("Salbutamol nebs 5 mg QDS.", "salbutamol"),
    ] {
        assert_eq!(
            dosage(text, drug).route.as_deref(),
            Some("inhaled"),
            "{text}"
        );
    }
    // Nebulisers given beside another drug are no route of it.
    for (text, drug) in [
        (
            "Amoxicillin 500 mg PO TDS, nebs and prednisolone 40 mg OD.",
            "prednisolone",
        ),
        ("Started amoxicillin 500 mg TDS and nebs.", "amoxicillin"),
        (
            "He had had ciprofloxacin, and inhaled and systemic colistin.",
            "ciprofloxacin",
        ),
    ] {
        assert_eq!(dosage(text, drug).route, None, "{text}");
    }
    // A route word that is the drug's own still is.
    let text = "Amoxicillin 500 mg PO TDS, nebs and prednisolone 40 mg OD.";
    assert_eq!(dosage(text, "amoxicillin").route.as_deref(), Some("oral"));
}
