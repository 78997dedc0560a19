//! Vital signs as clinicians write them: bare numbers in telegraphic notes,
//! Fahrenheit temperatures, and "RA" after a saturation.

mod common;

use casecourse_model::{Course, Flag, Value};
use common::{all, assert_no_fact, course, fact};

fn vital<'c>(c: &'c Course, name: &str) -> (f64, Option<&'c str>, Option<Flag>) {
    let f = fact(c, name);
    match &f.value {
        Some(Value::Number(v)) => (*v, f.unit.as_deref(), f.flag),
        other => panic!("{name}: {other:?}"),
    }
}

#[test]
fn telegraphic_vitals_take_their_usual_units() {
    let c = course("O/E: GCS 14/15. HR 118, BP 152/88, RR 28, SpO2 82% RA.");
    assert_eq!(
        vital(&c, "heart rate"),
        (118.0, Some("/min"), Some(Flag::High))
    );
    assert_eq!(vital(&c, "systolic blood pressure").0, 152.0);
    assert_eq!(vital(&c, "diastolic blood pressure").1, Some("mm[Hg]"));
    assert_eq!(vital(&c, "respiratory rate").1, Some("/min"));
    // "GCS 14/15" is not a pressure, and "RA" after a saturation is air.
    let pressures = c.facts.iter().filter(|f| f.name.contains("blood pressure"));
    assert_eq!(pressures.count(), 2, "{:#?}", c.facts);
    assert_no_fact(&c, "rheumatoid arthritis");
}

#[test]
fn a_fahrenheit_temperature_is_checked_and_flagged_in_celsius() {
    let c =
        course("On examination his temperature was 102.4 °F and heart rate 112 beats per minute.");
    assert_eq!(
        vital(&c, "temperature"),
        (102.4, Some("[degF]"), Some(Flag::High))
    );
}

#[test]
fn examination_scores_are_read_as_score_over_maximum() {
    let c = course(
        "O/E: drowsy, GCS 14/15. The Manual Muscle Testing score (MMT-8) was 52/80 and the CMAS 24/52.",
    );
    for (name, v) in [
        ("Glasgow Coma Scale", 14.0),
        ("MMT-8 score", 52.0),
        ("Childhood Myositis Assessment Scale score", 24.0),
    ] {
        let f = fact(&c, name);
        assert_eq!(f.kind, casecourse_model::Kind::Exam, "{name}");
        assert_eq!(f.value, Some(Value::Number(v)), "{name}");
    }
}

#[test]
fn a_percentage_against_a_device_is_its_oxygen_fraction_and_devices_stay_apart() {
    let c = course("Stepped down to 24% Venturi, then nasal prongs 1 L/min.");
    let o2: Vec<_> = c
        .facts
        .iter()
        .filter(|f| f.kind == casecourse_model::Kind::Oxygen)
        .collect();
    assert_eq!(o2.len(), 2, "{o2:#?}");
    let venturi = o2
        .iter()
        .find(|f| f.name == "Venturi mask")
        .expect("Venturi");
    assert_eq!(venturi.oxygen.as_ref().and_then(|o| o.fio2), Some(0.24));
    assert_eq!(venturi.oxygen.as_ref().and_then(|o| o.flow), None);
    let prongs = o2
        .iter()
        .find(|f| f.name == "nasal cannula oxygen")
        .expect("prongs");
    assert_eq!(prongs.oxygen.as_ref().and_then(|o| o.flow), Some(1.0));
}

#[test]
fn a_bare_t_in_a_vitals_list_is_the_temperature() {
    let c = course(
        "A 60-year-old man was admitted with sepsis.\nObs: T 38.9 °C, HR 112/min, BP \
         104/62 mmHg. T 37.4 on day 2. His T-score was -2.1 and CD4 T cells were 300/uL.",
    );
    let temps: Vec<_> = all(&c, "temperature")
        .iter()
        .map(|f| f.value.clone())
        .collect();
    assert_eq!(
        temps,
        [Some(Value::Number(38.9)), Some(Value::Number(37.4))]
    );
}

#[test]
fn a_pulse_with_a_number_is_the_heart_rate_but_a_steroid_pulse_is_a_dose() {
    let c = course(
        "A 60-year-old man was admitted with ILD.\nHis blood pressure was 142/86 mmHg, \
         pulse 78 and regular. Methylprednisolone pulse therapy 1000 mg daily for 3 days \
         was given. Peripheral pulses were palpable. He weighs 94 kg today.",
    );
    assert_eq!(fact(&c, "body weight").value, Some(Value::Number(94.0)));
    let hr = all(&c, "heart rate");
    assert_eq!(hr.len(), 1, "{hr:#?}");
    assert_eq!(hr[0].value, Some(Value::Number(78.0)));
    let mp = fact(&c, "methylprednisolone");
    assert_eq!(mp.dosage.as_ref().and_then(|d| d.dose), Some(1000.0));
}

#[test]
fn a_bare_scale_letter_after_a_temperature_is_its_unit() {
    let c = course("45 yo F presents with palpitations. T 102.3 F, HR 148.");
    let t = fact(&c, "temperature");
    assert_eq!(t.value, Some(Value::Number(102.3)));
    assert_eq!(t.unit.as_deref(), Some("[degF]"));
    // The "F" of "45 yo F" is not a unit of anything.
    assert_eq!(
        fact(&c, "age").unit.as_deref(),
        Some("a"),
        "the age keeps its unit"
    );
    let in_fahrenheit: Vec<&str> = c
        .facts
        .iter()
        .filter(|f| f.unit.as_deref() == Some("[degF]"))
        .map(|f| f.name.as_str())
        .collect();
    assert_eq!(in_fahrenheit, ["temperature"]);
}

#[test]
fn body_surface_area_is_a_body_measurement_in_square_metres() {
    let c = course(
        "A 9-year-old girl was admitted. She weighed 28 kg (body surface area 1.01 m2). A rash \
         covered 70% of her body surface area.",
    );
    let bsa = all(&c, "body surface area");
    // The rash's share of the skin is not a measurement of the body.
    assert_eq!(bsa.len(), 1);
    assert_eq!(bsa[0].unit.as_deref(), Some("m2"));
    assert_eq!(bsa[0].value, Some(Value::Number(1.01)));
}

#[test]
fn a_saturation_before_room_air_is_not_the_airs_oxygen_fraction() {
    let c = course("SpO2 92% on air; peak flow 140 L/min.");
    assert_eq!(
        vital(&c, "oxygen saturation"),
        (92.0, Some("%"), Some(Flag::Low))
    );
    // The air is how the saturation was read: no fraction of its own.
    assert_eq!(
        fact(&c, "oxygen saturation").qualifier.as_deref(),
        Some("on room air")
    );
    // No fact reads the 92% as a fraction of inspired oxygen.
    assert!(
        c.facts
            .iter()
            .all(|f| f.oxygen.as_ref().and_then(|o| o.fio2).is_none())
    );
    assert_eq!(
        vital(&c, "peak expiratory flow"),
        (140.0, Some("L/min"), None)
    );
}

#[test]
fn a_capillary_refill_time_keeps_its_seconds_and_a_prolonged_one_is_not_lost() {
    let c = course("O/E: warm peripheries, CRT 3 s, mottled knees.");
    assert_eq!(
        vital(&c, "capillary refill time"),
        (3.0, Some("s"), Some(Flag::High))
    );
    let c = course("Capillary refill was prolonged.");
    assert_eq!(fact(&c, "capillary refill time").flag, Some(Flag::High));
    let c = course("The APTT was prolonged.");
    assert_eq!(
        fact(&c, "activated partial thromboplastin time").flag,
        Some(Flag::High)
    );
}

#[test]
fn general_oxygen_words_after_a_device_name_the_same_support() {
    let c = course(
        "47F admitted. High-flow nasal cannula (HFNC) oxygen therapy was started at 50 L/min with a FiO2 of 0.6.",
    );
    let o2: Vec<_> = c
        .facts
        .iter()
        .filter(|f| f.kind == casecourse_model::Kind::Oxygen)
        .collect();
    assert_eq!(o2.len(), 1, "{o2:#?}");
    let s = o2[0].oxygen.as_ref().expect("settings");
    assert_eq!((s.flow, s.fio2), (Some(50.0), Some(0.6)));
}

#[test]
fn an_oxygen_step_ends_when_the_next_support_starts_and_room_air_ends_none() {
    let c = course(
        "A 50-year-old man was admitted with pneumonia (day 1). On day 3 he needed high-flow \
         nasal oxygen at 50 L/min with FiO2 0.6. On day 10 he was changed to nasal cannula \
         oxygen at 2 L/min. On day 15 he was on room air.",
    );
    let end = |name: &str| {
        c.facts
            .iter()
            .find(|f| f.name == name)
            .unwrap_or_else(|| panic!("no {name} in {:#?}", c.facts))
            .time
            .end_day
    };
    assert_eq!(end("high-flow nasal oxygen"), Some(9.0));
    assert_eq!(end("nasal cannula oxygen"), Some(14.0));
    assert_eq!(end("room air"), None);
    // The flat row carries the end.
    let rows = casecourse_model::flat_rows(&c);
    let hfno = rows
        .iter()
        .find(|r| r.name == "high-flow nasal oxygen")
        .unwrap();
    assert!(hfno.week.is_some() && hfno.end_week.is_some(), "{hfno:?}");
}

#[test]
fn room_air_takes_no_flow_of_another_device() {
    let c = course(
        "A 50-year-old man was admitted. SpO2 was 84% on room air and 92% on 15 L/min via a \
         non-rebreather mask.",
    );
    // The 84% was on room air; the only flow is the mask's.
    let on_air: Vec<_> = all(&c, "oxygen saturation")
        .iter()
        .map(|f| (f.value.clone(), f.qualifier.as_deref()))
        .collect();
    assert!(
        on_air.contains(&(Some(Value::Number(84.0)), Some("on room air"))),
        "{on_air:?}"
    );
    let flows = c
        .facts
        .iter()
        .filter(|f| f.oxygen.as_ref().and_then(|o| o.flow).is_some())
        .count();
    assert_eq!(flows, 1);
    let nrb = fact(&c, "non-rebreather mask");
    assert_eq!(nrb.oxygen.as_ref().and_then(|o| o.flow), Some(15.0));
}

#[test]
fn room_air_after_a_saturation_is_how_it_was_read_not_a_step_of_support() {
    let c = course(
        "A 50-year-old woman was admitted. SpO2 was 93% on room air. She needed oxygen at 2 \
         L/min by nasal cannula and was weaned to room air on day 5.",
    );
    let spo2 = fact(&c, "oxygen saturation");
    assert_eq!(spo2.qualifier.as_deref(), Some("on room air"));
    // The step to room air stays, once.
    let air: Vec<_> = c.facts.iter().filter(|f| f.name == "room air").collect();
    assert_eq!(air.len(), 1, "{air:#?}");
    assert_eq!(air[0].time.anchor_day(), Some(4.0));
    // "RA" after the reading says the same.
    let c = course("A 50-year-old woman was admitted. SpO2 92% RA, RR 22.");
    assert_eq!(
        fact(&c, "oxygen saturation").qualifier.as_deref(),
        Some("on room air")
    );
    // Room air after a reading on oxygen is a step, not how it was read.
    let c = course("A 50-year-old woman was admitted. SpO2 95% on 2 L, weaned to room air.");
    assert_eq!(fact(&c, "oxygen saturation").qualifier, None);
    fact(&c, "room air");
}

#[test]
fn a_sign_told_with_its_number_gives_the_vital_sign() {
    let c = course(
        "A 60-year-old man was admitted with cough. He had a fever of 39.5 °C and \
         tachycardia of 140 beats/min. Fever of 3 days duration.",
    );
    let t = fact(&c, "temperature");
    assert_eq!(t.value, Some(casecourse_model::Value::Number(39.5)));
    let hr = fact(&c, "heart rate");
    assert_eq!(hr.value, Some(casecourse_model::Value::Number(140.0)));
    // The sign stays, and a duration is no temperature.
    assert!(!all(&c, "fever").is_empty());
    assert_eq!(all(&c, "temperature").len(), 1);
}

#[test]
fn a_blood_pressure_with_its_unit_glued_to_the_second_number() {
    let c = course("A 40-year-old man was admitted with headache. Blood pressure was 110/60mmHg.");
    assert_eq!(vital(&c, "systolic blood pressure").0, 110.0);
    assert_eq!(vital(&c, "diastolic blood pressure").0, 60.0);
}

/// The oxygen facts of `c` named `name`: (negated, day, end day).
fn supports(c: &Course, name: &str) -> Vec<(bool, Option<f64>, Option<f64>)> {
    c.facts
        .iter()
        .filter(|f| f.kind == casecourse_model::Kind::Oxygen && f.name == name)
        .map(|f| (f.negated, f.time.day, f.time.end_day))
        .collect()
}

#[test]
fn a_support_stopped_ends_its_episode_there_and_starts_none() {
    let c = course(
        "He was admitted on day 0. Veno-venous ECMO was introduced on day 12. \
         He was weaned from ECMO on day 30. Supplemental oxygen was discontinued on day 40.",
    );
    let ecmo = supports(&c, "extracorporeal membrane oxygenation");
    assert_eq!(
        ecmo,
        [(false, Some(12.0), Some(30.0)), (true, Some(30.0), None)]
    );
    let oxygen = supports(&c, "supplemental oxygen");
    assert_eq!(oxygen, [(true, Some(40.0), None)], "{:#?}", c.facts);

    let c = course(
        "She was admitted on day 0. High-flow nasal cannula was started on day 3. \
         HFNC was discontinued on day 15.",
    );
    let hfnc = supports(&c, "high-flow nasal oxygen");
    assert_eq!(
        hfnc,
        [(false, Some(3.0), Some(15.0)), (true, Some(15.0), None)]
    );

    let c = course(
        "He was admitted on day 0. He was intubated and mechanical ventilation was started on day 2. \
         He was taken off mechanical ventilation on day 40.",
    );
    let mv = supports(&c, "invasive mechanical ventilation");
    assert_eq!(
        mv,
        [(false, Some(2.0), Some(40.0)), (true, Some(40.0), None)]
    );
    // Its own stop ends it, not an earlier stop of all oxygen.
    let c = course(
        "He was admitted on day 0. Mechanical ventilation was started on day 2. \
         Oxygen therapy was stopped on day 25. He was taken off mechanical ventilation on day 40.",
    );
    let mv = supports(&c, "invasive mechanical ventilation");
    assert_eq!(mv[0], (false, Some(2.0), Some(40.0)));
}

#[test]
fn stopping_all_oxygen_ends_every_open_support() {
    let c = course(
        "She was admitted on day 0. Nasal cannula oxygen at 2 L/min was started on day 1. \
         Oxygen was weaned off by day 30.",
    );
    let nc = supports(&c, "nasal cannula oxygen");
    assert_eq!(nc, [(false, Some(1.0), Some(30.0))], "{:#?}", c.facts);
    assert_eq!(
        supports(&c, "supplemental oxygen"),
        [(true, Some(30.0), None)]
    );

    let c = course(
        "He was admitted on day 0. On day 2 he needed a non-rebreather mask at 15 L/min \
         and on day 6 high-flow nasal cannula at 40 L/min. He was taken off oxygen on day 20.",
    );
    assert_eq!(
        supports(&c, "non-rebreather mask"),
        [(false, Some(2.0), Some(6.0))]
    );
    assert_eq!(
        supports(&c, "high-flow nasal oxygen"),
        [(false, Some(6.0), Some(20.0))]
    );
    // An oxygen saturation is no support, whatever words come near it.
    let c = course("He was admitted on day 0. Oxygen saturation was stopped being monitored.");
    assert!(supports(&c, "supplemental oxygen").is_empty());
}

#[test]
fn a_stop_word_of_a_drug_in_the_same_sentence_does_not_stop_the_support() {
    let c = course(
        "She was admitted on day 0. On day 5 she remained on high-flow nasal cannula \
         and tacrolimus was discontinued.",
    );
    assert_eq!(
        supports(&c, "high-flow nasal oxygen"),
        [(false, Some(5.0), None)]
    );
}

#[test]
fn litres_beside_an_oxygen_device_are_its_flow() {
    let flow = |c: &Course, name: &str| fact(c, name).oxygen.as_ref().and_then(|o| o.flow);
    let c = course("A 60-year-old man was admitted. SpO2 90% on 10 L via face mask.");
    assert_eq!(flow(&c, "simple face mask"), Some(10.0));
    let c =
        course("A 60-year-old man was admitted. He was moved to high-flow nasal cannula at 60 L.");
    assert_eq!(flow(&c, "high-flow nasal oxygen"), Some(60.0));
    // Litres further from the device measure something else.
    let c = course(
        "A 60-year-old man was admitted. A face mask was applied and the pleural tap drained 1.5 L.",
    );
    assert_eq!(flow(&c, "simple face mask"), None);
}

#[test]
fn a_vitals_line_without_commas_keeps_each_reading() {
    // "38.4 HR" is no 38.4 hours: HR labels the next reading.
    let c = course("Vitals at triage: T 38.4 HR 112 BP 96/58 RR 28.");
    assert_eq!(vital(&c, "temperature").0, 38.4);
    assert_eq!(vital(&c, "heart rate").0, 112.0);
    assert_eq!(vital(&c, "respiratory rate").0, 28.0);
    // Hours written in lower case stay hours.
    let c = course("Fever of 38.4 for 12 hr. HR 112.");
    assert_eq!(vital(&c, "heart rate").0, 112.0);
}

#[test]
fn a_saturation_on_air_and_then_on_oxygen_is_two_readings() {
    for text in [
        "SpO2 86% on room air and 94% on 4 L/min nasal cannula.",
        "Saturations were 86% on air, improving to 94% on 4 L.",
        // The bare "RA" of a vitals line, its cue starting in the value.
        "SpO2 86% RA -> 94% 4L NC.",
        "Obs: HR 118, SpO2 86% RA -> 94% on 2L NC, T 38.4.",
    ] {
        let c = course(text);
        let sats: Vec<_> = all(&c, "oxygen saturation")
            .iter()
            .map(|f| f.value.clone())
            .collect();
        assert_eq!(
            sats,
            [Some(Value::Number(86.0)), Some(Value::Number(94.0))],
            "{text}"
        );
    }
    // Without the air between them, "and" joins no two readings.
    let c = course("SpO2 86% and HR 94.");
    assert_eq!(all(&c, "oxygen saturation").len(), 1);
    // The support of the second reading is read too.
    let c = course("SpO2 86% RA -> 94% 4L NC.");
    let nc = fact(&c, "nasal cannula oxygen");
    assert_eq!(nc.oxygen.as_ref().and_then(|o| o.flow), Some(4.0));
}

#[test]
fn a_pressure_named_by_its_state_or_posture_is_a_blood_pressure() {
    let c = course("She was hypotensive at 76/40.");
    assert_eq!(vital(&c, "systolic blood pressure").0, 76.0);
    assert_eq!(vital(&c, "diastolic blood pressure").0, 40.0);
    let c = course("Lying BP 132/78, standing 98/60 after three minutes.");
    let systolic: Vec<f64> = all(&c, "systolic blood pressure")
        .iter()
        .filter_map(|f| match f.value {
            Some(Value::Number(v)) => Some(v),
            _ => None,
        })
        .collect();
    assert_eq!(systolic, [132.0, 98.0]);
    // Other pairs stay what they are: a score, a ratio, a time.
    for text in [
        "Standing 4/5 power in the hip flexors was noted.",
        "He was hypotensive at 2/52 follow-up.",
        "Sitting balance was 10/10.",
    ] {
        let c = course(text);
        assert_no_fact(&c, "systolic blood pressure");
    }
}

#[test]
fn a_bare_vital_takes_the_unit_it_is_plausible_in() {
    let c = course("FiO2 40%, PEEP 8.");
    assert_eq!(vital(&c, "fraction of inspired oxygen").0, 40.0);
    let c = course("On arrival Temp 101.2, HR 110.");
    assert_eq!(vital(&c, "temperature").1, Some("[degF]"));
    assert_eq!(vital(&c, "heart rate").1, Some("/min"));
    let c = course("On arrival Temp 37.2, HR 110.");
    assert_eq!(vital(&c, "temperature").1, Some("Cel"));
    // A fraction is no FiO2 vital: the support running then owns it.
    let c = course("PaO2 9.1 kPa on FiO2 0.4.");
    assert_no_fact(&c, "fraction of inspired oxygen");
    let c = course("Tmax 38.7 overnight.");
    assert_eq!(
        vital(&c, "temperature"),
        (38.7, Some("Cel"), Some(Flag::High))
    );
}

#[test]
fn a_percentage_before_fio2_is_the_devices_fraction() {
    let c = course("High-flow nasal cannula at 60 L/min and 80% FiO2.");
    let hfno = fact(&c, "high-flow nasal oxygen");
    assert_eq!(hfno.oxygen.as_ref().and_then(|o| o.fio2), Some(0.8));
}

#[test]
fn ventilated_after_intubated_is_mechanical_ventilation() {
    let c = course("He was intubated and ventilated with FiO2 0.8 and PEEP 12 cmH2O.");
    let imv = fact(&c, "invasive mechanical ventilation");
    assert_eq!(imv.oxygen.as_ref().and_then(|o| o.fio2), Some(0.8));
    fact(&c, "endotracheal intubation");
    // "ventilated" alone is no support.
    let c = course("The right lower lobe was poorly ventilated on the scan.");
    assert_no_fact(&c, "invasive mechanical ventilation");
}
