//! Findings told on their own: imaging findings without their study,
//! examination signs.

mod common;

use casecourse_model::Kind;
use common::{all, assert_no_fact, course, fact};

#[test]
fn a_specific_imaging_finding_without_its_study_is_a_finding() {
    let c = course(
        "A 54-year-old man was admitted with dyspnea. A pericardial effusion was detected. \
         Two days later he developed a right pneumothorax.",
    );
    let effusion = fact(&c, "pericardial effusion");
    assert_eq!(effusion.kind, Kind::Finding);
    assert!(!effusion.negated);
    let ptx = fact(&c, "pneumothorax");
    assert_eq!(ptx.time.day, Some(2.0), "{ptx:?}");
}

#[test]
fn a_generic_imaging_word_needs_its_study() {
    let c = course("A 54-year-old man was admitted with weight loss. A mass was found.");
    assert_no_fact(&c, "mass");
}

#[test]
fn a_finding_after_a_study_is_that_studys() {
    let c = course(
        "A 54-year-old man was admitted with cough. Chest X-ray showed consolidation \
         in the right lower zone. No pneumothorax.",
    );
    assert!(all(&c, "pneumothorax").is_empty());
    assert_eq!(fact(&c, "chest X-ray").kind, Kind::Imaging);
}

#[test]
fn an_imaging_finding_at_examination_is_an_examination_finding() {
    let c = course(
        "A 30-year-old woman was admitted with fever. There was no pericardial rub \
         or pleural effusion.",
    );
    let effusion = fact(&c, "pleural effusion");
    assert_eq!(effusion.kind, Kind::Exam);
    assert!(effusion.negated);
}

#[test]
fn a_procedure_that_found_nothing_was_done() {
    let c = course(
        "A 50-year-old man was admitted with chest pain. An electrocardiogram revealed no \
         ischemic changes, and a coronary angiogram was normal. No motility disturbances \
         were found on esophageal manometry. The colonoscopy was unremarkable. \
         A muscle biopsy was not performed. He did not undergo bronchoscopy.",
    );
    for done in [
        "coronary angiography",
        "oesophageal manometry",
        "colonoscopy",
    ] {
        let f = fact(&c, done);
        assert!(!f.negated && f.status.is_none(), "{f:?}");
    }
    for not_done in ["muscle biopsy", "bronchoscopy"] {
        assert_eq!(fact(&c, not_done).status.as_deref(), Some("not done"));
    }
}

#[test]
fn a_repeat_study_or_a_second_arrest_is_no_restatement() {
    let c = course(
        "A 50-year-old woman was admitted with dyspnea. Transthoracic echocardiography \
         showed a small pericardial effusion. A repeat transthoracic echocardiography \
         showed collapse of the right heart chambers. She had a cardiac arrest. Later \
         that day she developed again cardiac arrest.",
    );
    assert_eq!(all(&c, "echocardiography").len(), 2);
    assert_eq!(all(&c, "cardiac arrest").len(), 2);
}

#[test]
fn a_study_told_twice_is_one_study() {
    let c = course(
        "A 50-year-old woman was admitted with dyspnea. Echocardiography showed a small \
         pericardial effusion. The echocardiography also showed normal valves.",
    );
    assert_eq!(all(&c, "echocardiography").len(), 1);
}

#[test]
fn a_functional_class_is_kept_as_written() {
    let c = course(
        "A 70-year-old man was admitted with dyspnea. He was in NYHA class III. Her WHO \
         functional class was II-III. Patients who are class II do well.",
    );
    let nyha = fact(&c, "NYHA functional class");
    assert_eq!(
        nyha.value,
        Some(casecourse_model::Value::Text("III".into()))
    );
    let who = fact(&c, "WHO functional class");
    assert_eq!(
        who.value,
        Some(casecourse_model::Value::Text("II-III".into()))
    );
    assert_eq!(all(&c, "WHO functional class").len(), 1);
}

#[test]
fn a_patient_who_was_asymptomatic_later_is_symptom_free() {
    let c = course(
        "A 50-year-old man was admitted with chest pain. One month later he was asymptomatic.",
    );
    let s = fact(&c, "symptom-free");
    assert_eq!(s.kind, Kind::Status);
}

#[test]
fn a_resolution_of_complaints_names_them_as_resolved_not_present() {
    let c = course(
        "A 40-year-old woman was admitted with abdominal pain and rash. Two days later she \
         had complete resolution of her abdominal pain and rash.",
    );
    let s = fact(&c, "abdominal pain and rash resolved");
    assert_eq!(s.kind, Kind::Status);
    assert_eq!(s.time.anchor_day(), Some(2.0));
    // The complaints are not present again at day 2.
    assert!(
        all(&c, "abdominal pain")
            .iter()
            .all(|f| f.time.anchor_day() != Some(2.0))
    );
}

#[test]
fn a_negated_list_ends_at_an_item_found_present() {
    let c = course(
        "A 60-year-old man was admitted with dyspnea. Examination showed no rubs, elevated \
         jugular venous distension and no peripheral oedema. He had no fever, chills or \
         night sweats.",
    );
    assert!(!fact(&c, "jugular venous distension").negated);
    assert!(fact(&c, "edema").negated);
    for s in ["fever", "chills", "night sweats"] {
        assert!(fact(&c, s).negated, "{s}");
    }
}

#[test]
fn a_negation_stays_in_its_own_clause() {
    // A subordinate clause ends at its comma; a new subject after "and"
    // starts a statement of its own; a mention named with a demonstrative
    // is presupposed.
    let c = course(
        "A 60-year-old man was admitted with dysphagia. Because he declined adjuvant \
         chemotherapy, liver metastases were found within one month. No Epstein-Barr virus \
         was found in this lymphoma. Although he had no fever, chills, or rash, blood \
         cultures were drawn. He denied that chest pain had occurred.",
    );
    assert!(!fact(&c, "liver metastases").negated);
    assert!(fact(&c, "chemotherapy").negated);
    assert!(!fact(&c, "lymphoma").negated);
    // A denied list inside a subordinate clause keeps its negation; "that"
    // opening a clause is no demonstrative.
    for s in ["fever", "chills", "rash", "chest pain"] {
        assert!(fact(&c, s).negated, "{s}");
    }
    let c = course(
        "A 70-year-old woman was admitted with dysphagia. No evidence of recurrence was \
         found on CT and the patient has been asymptomatic.",
    );
    assert!(!fact(&c, "symptom-free").negated);
    assert_eq!(all(&c, "not symptom-free").len(), 0, "{:#?}", c.facts);
}

#[test]
fn offers_turned_down_and_results_yielded_are_read_as_told() {
    let c = course(
        "A 6-year-old girl was admitted with weakness. Intravenous immunoglobulin (IVIG) \
         therapy was suggested but declined by the parents. A cytomegalovirus pp65 \
         antigenemia test yielded a negative result. She had vomiting with out abdominal \
         pain. She left hospital on day 5.",
    );
    assert!(fact(&c, "intravenous immunoglobulin").negated);
    assert_eq!(
        fact(&c, "CMV pp65 antigenemia").result.as_deref(),
        Some("negative")
    );
    assert!(fact(&c, "abdominal pain").negated);
    assert_eq!(
        c.facts
            .iter()
            .find(|f| f.name == "discharge")
            .and_then(|f| f.time.anchor_day()),
        Some(4.0)
    );
}

#[test]
fn the_review_s_counter_cases_keep_their_old_readings() {
    // A relative found to have a disease had it; a severity word stays in
    // a denied list; a denied list of procedures is not done; no
    // improvement names nothing improved; a titre under the cut-off is no
    // finding; "the postoperative" diagnosis told again is one.
    let c = course(
        "A 60-year-old woman was admitted with cough. Her mother was found to have breast \
         cancer. He denied fever, severe headache, or palpitations. He had no history of \
         diabetes or abdominal surgery. She has never been on hemodialysis. He had no \
         improvement in his cough. ANA <1:40. She developed postoperative atrial \
         fibrillation. Postoperative atrial fibrillation was treated with amiodarone.",
    );
    assert!(
        all(&c, "breast cancer")
            .iter()
            .all(|f| f.experiencer != casecourse_model::Experiencer::Patient)
    );
    for s in ["fever", "headache", "palpitations"] {
        assert!(fact(&c, s).negated, "{s}");
    }
    for p in ["abdominal surgery", "hemodialysis"] {
        assert_eq!(fact(&c, p).status.as_deref(), Some("not done"), "{p}");
    }
    assert_no_fact(&c, "cough improved");
    assert_no_fact(&c, "antinuclear antibodies");
    assert_eq!(all(&c, "atrial fibrillation").len(), 1);
}

#[test]
fn a_likeness_or_a_secretion_names_no_diagnosis_or_discharge() {
    let c = course(
        "A 30-year-old man was admitted with fever. Biopsy showed a hemangiopericytoma-like \
         vascular pattern. He had pus discharge from the ear. He was discharged on day 5.",
    );
    assert_no_fact(&c, "solitary fibrous tumour");
    assert_eq!(all(&c, "discharge").len(), 1);
}

#[test]
fn a_finding_s_size_unit_is_no_quality_of_it() {
    let c = course(
        "A 40-year-old man was admitted with pain. CT showed a 2 cm x 1.8 cm cyst mass in \
         the liver and a 4.7 cm-sized recurring mass.",
    );
    let findings = &fact(&c, "computed tomography").findings;
    assert!(findings.iter().any(|f| f == "cyst mass"), "{findings:?}");
    assert!(
        !findings.iter().any(|f| f.starts_with("cm")),
        "{findings:?}"
    );
}

#[test]
fn a_relative_s_age_in_apposition_is_not_the_patient_s() {
    // Neither the mother's age nor her sex is the newborn's.
    for text in [
        "A newborn boy was admitted. His mother (primipara, 32 years old) had polyhydramnios.",
        "A newborn boy was admitted. His mother, a 29-year-old woman, had diabetes.",
    ] {
        let c = course(text);
        assert_no_fact(&c, "age");
        assert_no_fact(&c, "sex");
    }
    let c = course("Her mother reported that the 3-year-old girl had fever.");
    assert_eq!(all(&c, "age").len(), 1);
}

#[test]
fn what_is_set_apart_from_a_verdict_is_not_denied_by_it() {
    let c = course(
        "A 50-year-old man was admitted. Aside from persistent diarrhea, his course was \
         unremarkable. Examination showed no abnormality apart from mild splenomegaly. He had \
         no fever, chills or rash.",
    );
    assert!(!fact(&c, "diarrhea").negated);
    assert!(!fact(&c, "splenomegaly").negated);
    for s in ["fever", "chills", "rash"] {
        assert!(fact(&c, s).negated, "{s}");
    }
}

#[test]
fn a_suspicion_told_again_as_a_diagnosis_is_the_diagnosis() {
    let c = course(
        "A 40-year-old man was admitted. The biopsy was suggestive of sarcoidosis. A final \
         diagnosis of sarcoidosis was made.",
    );
    let dx = all(&c, "sarcoidosis");
    assert_eq!(dx.len(), 1, "{:#?}", c.facts);
    assert_eq!(dx[0].certainty, casecourse_model::Certainty::Affirmed);
}

#[test]
fn a_relative_named_with_a_number_and_an_apposition_is_still_the_subject() {
    let c = course(
        "A 2-year-old boy was admitted. One sibling, a girl, died at the age of 1 month due to \
         SIDS.",
    );
    assert_no_fact(&c, "death");
    assert_no_fact(&c, "sudden infant death syndrome");
    assert_eq!(
        fact(&c, "family history of sudden infant death syndrome").kind,
        Kind::History
    );
}

#[test]
fn an_abbreviation_in_capitals_is_not_its_lowercase_word() {
    // "AIDS" names the disease; "hearing aids" are devices.
    assert_no_fact(&course("She wears hearing aids."), "HIV infection");
    let c = course("He had AIDS diagnosed in 2010.");
    assert_eq!(fact(&c, "HIV infection").kind, Kind::Diagnosis);
}

#[test]
fn a_time_named_by_an_event_and_a_later_main_verb_are_not_denied() {
    let c = course("The patient refused a follow-up chest CT after his discharge.");
    assert!(!fact(&c, "discharge").negated);
    let c = course("He had no fever until his admission.");
    assert!(!fact(&c, "admission").negated);
    assert!(fact(&c, "fever").negated);
    let c = course(
        "A 22-year-old man without significant past medical history was diagnosed with \
         pulmonary tuberculosis.",
    );
    assert!(
        c.facts
            .iter()
            .any(|f| f.name == "tuberculosis" && !f.negated),
        "{:#?}",
        c.facts
    );
}

#[test]
fn clinicians_shorthand_negations_negate() {
    let c = course(
        "A 50-year-old man was admitted with cough.\nROS: neg for fevers, chills, night sweats.\n\
         Nil haemoptysis. Influenza neg. Doubt PE.\n",
    );
    for name in ["fever", "chills", "night sweats", "hemoptysis", "influenza"] {
        assert!(fact(&c, name).negated, "{name}");
    }
    assert_eq!(
        fact(&c, "pulmonary embolism").certainty,
        casecourse_model::Certainty::Possible
    );
    // "Nil by mouth" negates nothing after it, and the "neg" of an
    // organism's Gram reaction is no culture result.
    let c = course(
        "A 50-year-old man was admitted with fever.\nNil by mouth, cough on swallowing.\n\
         Gram neg rods in blood cultures.\n",
    );
    assert!(!fact(&c, "cough").negated);
    assert!(
        all(&c, "blood culture")
            .iter()
            .all(|f| f.result.as_deref() != Some("negative"))
    );
}

#[test]
fn an_examination_written_by_system_headings_is_an_examination() {
    let c = course(
        "I reviewed Mrs X in clinic today.\nO/E: Chest clear. Abdo soft, non-tender.\n\
         CVS: HS normal, no murmurs.\nRS: bibasal crackles.\n",
    );
    assert_eq!(fact(&c, "chest").kind, Kind::Exam);
    let tender = fact(&c, "tenderness");
    assert_eq!((tender.kind, tender.negated), (Kind::Exam, true));
    assert!(fact(&c, "heart murmur").negated);
    assert_eq!(fact(&c, "bibasal crackles").kind, Kind::Exam);
}

#[test]
fn a_shared_short_form_is_read_by_the_texts_topic() {
    let c = course(
        "A 60-year-old man was admitted.\nPMH: DM, HTN. On metformin and gliclazide.\nEcho: severe AS.\n",
    );
    assert_no_fact(&c, "dermatomyositis");
    assert_no_fact(&c, "ankylosing spondylitis");
    assert_eq!(fact(&c, "diabetes mellitus").name, "diabetes mellitus");
    let c = course("A 50-year-old woman with DM had Gottron papules and anti-MDA5 antibodies.");
    assert_eq!(fact(&c, "dermatomyositis").kind, Kind::Diagnosis);
}

#[test]
fn every_allergen_of_a_list_is_an_allergy_not_a_drug_or_a_complaint() {
    let c = course(
        "A 60-year-old woman was admitted.\n\
         Allergies: penicillin - anaphylaxis; codeine - vomiting; trimethoprim - rash.\n",
    );
    for (name, reaction) in [
        ("penicillin allergy", "anaphylaxis"),
        ("codeine allergy", "vomiting"),
        ("trimethoprim allergy", "rash"),
    ] {
        assert_eq!(
            fact(&c, name).value,
            Some(casecourse_model::Value::Text(reaction.into())),
            "{name}"
        );
    }
    for name in ["codeine", "trimethoprim", "vomiting", "rash"] {
        assert_no_fact(&c, name);
    }
}

#[test]
fn no_recurrence_of_a_disease_does_not_exclude_the_disease() {
    for text in [
        "At the 1-year follow-up, there was no recurrence of ILD.",
        "She has had no flare of myositis since then.",
    ] {
        let c = course(text);
        assert!(
            c.facts
                .iter()
                .all(|f| !(f.kind == Kind::Diagnosis && f.negated)),
            "{text}"
        );
        assert!(c.facts.iter().any(|f| f.kind == Kind::Status), "{text}");
    }
    // Without a word of recurrence the denial excludes the disease.
    let c = course("There was no evidence of ILD.");
    assert!(fact(&c, "interstitial lung disease").negated);
}

#[test]
fn a_short_form_the_text_defines_names_its_term_wherever_it_is_used() {
    let c = course(
        "A 50-year-old woman was admitted; the day of admission is day 0. Pneumomediastinum (PM) \
         developed on day 10. Plasma exchange (PE) was performed on day 5, and PE was repeated on \
         day 7. Tofacitinib (TOF) 10 mg/day was added on day 20. TOF was stopped on day 50.",
    );
    // Not polymyositis nor a pulmonary embolism: the text says what they are.
    assert_no_fact(&c, "polymyositis");
    assert_no_fact(&c, "pulmonary embolism");
    assert_eq!(all(&c, "plasma exchange").len(), 2);
    let stops = all(&c, "tofacitinib")
        .iter()
        .filter(|f| {
            f.dosage.as_ref().and_then(|d| d.action) == Some(casecourse_model::DoseAction::Stop)
        })
        .count();
    assert_eq!(stops, 1);
    // A short form the lexicon knows in the term's category keeps its
    // reading: litres for the test, percent for its predicted share.
    let c = course("Forced vital capacity (FVC) was 2.11 L. Later FVC was 2.64 L (85%).");
    assert!(!all(&c, "forced vital capacity, percent predicted").is_empty());
}

#[test]
fn a_complaint_or_history_said_to_be_denied_after_it_is_negated() {
    for (text, name) in [
        ("She was admitted. Fever was denied.", "fever"),
        (
            "She was admitted. Chest pain and fever were denied.",
            "chest pain",
        ),
        (
            "She was admitted. Chest pain and fever were denied.",
            "fever",
        ),
        (
            "She was admitted. Family history of diabetes was denied.",
            "family history of diabetes mellitus",
        ),
    ] {
        assert!(fact(&course(text), name).negated, "{text}: {name}");
    }
    // "denied" before its complaints still reads forward.
    assert!(fact(&course("She denied fever."), "fever").negated);
}

#[test]
fn a_head_noun_written_once_after_a_list_is_the_first_members_too() {
    let c = course(
        "She was admitted. There was no family history of autoimmune or neuromuscular disease.",
    );
    assert!(fact(&c, "family history of autoimmune disease").negated);
    let c =
        course("She was admitted. Her family history of thyroid and kidney disorders was notable.");
    assert_eq!(
        fact(&c, "family history of thyroid disorder").kind,
        Kind::History
    );
    // A member that is a noun of its own keeps its name.
    let c = course("She was admitted. There was no family history of gout or kidney disease.");
    assert_no_fact(&c, "family history of gout disease");
    let c = course("She was admitted. There was no family history of sarcoid or kidney disease.");
    assert_no_fact(&c, "family history of sarcoid disease");
}

#[test]
fn a_sign_the_patient_tells_of_is_a_complaint_with_its_onset() {
    for text in [
        "She was admitted to our hospital. He complained of muscle weakness for 3 weeks.",
        "She was admitted to our hospital. She had noticed muscle weakness in her thighs for 1 month.",
    ] {
        let c = course(text);
        let f = fact(&c, "muscle weakness");
        assert_eq!(f.kind, Kind::Symptom, "{text}");
        assert!(
            f.time.anchor_day().is_some_and(|d| d < -14.0),
            "{text}: {f:#?}"
        );
    }
    // Found on examination, it stays an examination sign.
    let c = course(
        "She was admitted to our hospital. On examination there was proximal muscle weakness.",
    );
    assert_eq!(fact(&c, "proximal muscle weakness").kind, Kind::Exam);
}

#[test]
fn a_procedure_said_to_be_normal_carries_that_result() {
    for (text, name) in [
        (
            "She was admitted. Nerve conduction studies were normal.",
            "nerve conduction studies",
        ),
        (
            "She was admitted. Electromyography was unremarkable.",
            "electromyography",
        ),
        (
            "She was admitted. A muscle biopsy was within normal limits.",
            "muscle biopsy",
        ),
    ] {
        let c = course(text);
        assert_eq!(fact(&c, name).result.as_deref(), Some("normal"), "{text}");
    }
    // Done with no word of its result, or "within" something else, it has
    // none.
    let c = course("She was admitted. Electromyography was performed on day 3.");
    assert_eq!(fact(&c, "electromyography").result, None);
    let c = course("She was admitted. Electromyography was within the first week.");
    assert_eq!(fact(&c, "electromyography").result, None);
}
