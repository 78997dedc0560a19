//! Labelled part spans: the builders label the words they read for a
//! dose, route, frequency, duration, value, time, negation and site, as
//! byte ranges of the original text.

use casecourse_extract::{Options, extract};
use casecourse_model::{Course, Fact, PartRole, Span};

fn course(text: &str) -> Course {
    extract(text, &Options::default())
}

fn fact<'c>(c: &'c Course, name: &str, nth: usize) -> &'c Fact {
    c.facts
        .iter()
        .filter(|f| f.name == name)
        .nth(nth)
        .unwrap_or_else(|| panic!("no fact {name:?} #{nth} in {:#?}", c.facts))
}

/// The one span of `role`, and its words.
fn part<'c>(c: &'c Course, f: &Fact, role: PartRole) -> (Span, &'c str) {
    let spans: Vec<Span> = f.part_spans(role).collect();
    assert_eq!(spans.len(), 1, "{} {role:?}: {:?}", f.name, f.parts);
    (spans[0], c.words(spans[0]))
}

#[test]
fn a_medication_labels_dose_route_frequency_and_duration() {
    let c = course("Prednisolone 30 mg orally twice daily for 5 days was started.");
    let f = fact(&c, "prednisolone", 0);
    assert_eq!(part(&c, f, PartRole::Dose), (Span::new(13, 18), "30 mg"));
    assert_eq!(part(&c, f, PartRole::Route), (Span::new(19, 25), "orally"));
    assert_eq!(
        part(&c, f, PartRole::Frequency),
        (Span::new(26, 37), "twice daily")
    );
    assert_eq!(
        part(&c, f, PartRole::Duration),
        (Span::new(38, 48), "for 5 days")
    );
    // The labels agree with what the dosage says.
    let d = f.dosage.as_ref().expect("dosage");
    assert_eq!((d.dose, d.frequency.as_deref()), (Some(30.0), Some("BID")));
    assert_eq!(d.duration_days, Some(5.0));
    // No time expression in the sentence: no time part.
    assert_eq!(f.part_spans(PartRole::Time).count(), 0);
}

#[test]
fn a_route_inside_the_drug_name_and_a_dose_range_are_labelled() {
    let c = course("Intravenous immunoglobulin 2 g/kg was given. Aspirin 1 or 2 g daily.");
    let ivig = fact(&c, "intravenous immunoglobulin", 0);
    assert_eq!(
        part(&c, ivig, PartRole::Route),
        (Span::new(0, 11), "Intravenous")
    );
    assert_eq!(
        part(&c, ivig, PartRole::Dose),
        (Span::new(27, 33), "2 g/kg")
    );
    // "1 or 2 g": the words span the range; the amount is the last number.
    let asa = fact(&c, "aspirin", 0);
    assert_eq!(
        part(&c, asa, PartRole::Dose),
        (Span::new(53, 61), "1 or 2 g")
    );
    assert_eq!(asa.dosage.as_ref().and_then(|d| d.dose), Some(2.0));
    assert_eq!(part(&c, asa, PartRole::Frequency).1, "daily");
}

#[test]
fn values_times_and_negations_are_labelled_in_original_bytes() {
    // "μ" is two bytes: the spans are of the original text, not the folded.
    let text = "On admission, ferritin was 666.3 \u{3bc}g/L. Two weeks later, ferritin was 500 ug/L and he denied fever.";
    let c = course(text);
    let first = fact(&c, "ferritin", 0);
    assert_eq!(
        part(&c, first, PartRole::Value),
        (Span::new(27, 38), "666.3 \u{3bc}g/L")
    );
    assert_eq!(
        part(&c, first, PartRole::Time),
        (Span::new(0, 12), "On admission")
    );
    let second = fact(&c, "ferritin", 1);
    assert_eq!(
        part(&c, second, PartRole::Value),
        (Span::new(70, 78), "500 ug/L")
    );
    assert_eq!(
        part(&c, second, PartRole::Time),
        (Span::new(40, 55), "Two weeks later")
    );
    let fever = fact(&c, "fever", 0);
    assert!(fever.negated);
    assert_eq!(
        part(&c, fever, PartRole::Negation),
        (Span::new(86, 92), "denied")
    );
    // Affirmed facts carry no negation part.
    assert_eq!(second.part_spans(PartRole::Negation).count(), 0);
}

#[test]
fn a_symptom_duration_and_an_exam_site_are_labelled() {
    let c = course("She had a cough for 2 weeks. Crackles were heard over both lung bases.");
    let cough = fact(&c, "cough", 0);
    assert_eq!(
        part(&c, cough, PartRole::Duration),
        (Span::new(16, 27), "for 2 weeks")
    );
    let crackles = fact(&c, "crackles", 0);
    assert_eq!(crackles.site.as_deref(), Some("lung bases"));
    assert_eq!(
        part(&c, crackles, PartRole::Site),
        (Span::new(59, 69), "lung bases")
    );
}

#[test]
fn facts_the_text_does_not_place_in_time_have_no_time_words() {
    // The age is not placed by "Two weeks later", though it shares a
    // sentence with it.
    let c = course("Two weeks later, a 54-year-old man had fever.");
    let age = fact(&c, "age", 0);
    assert_eq!(age.part_spans(PartRole::Time).count(), 0);
    assert_eq!(
        part(&c, fact(&c, "fever", 0), PartRole::Time).1,
        "Two weeks later"
    );
}

#[test]
fn a_site_and_a_state_belong_to_their_own_list_item() {
    let c = course(
        "A 40-year-old woman was admitted with fever. On examination she had splenomegaly, a \
         raised jugular venous pressure, reduced air entry at the right base, purpura on both \
         shins, a malar rash and a palpable bladder.",
    );
    assert_eq!(fact(&c, "purpura", 0).site.as_deref(), Some("shins"));
    assert_eq!(
        fact(&c, "decreased breath sounds", 0).site.as_deref(),
        Some("right base")
    );
    for name in ["splenomegaly", "malar rash", "palpable bladder"] {
        assert_eq!(fact(&c, name, 0).site, None, "{name}");
    }
    // "reduced" is the air entry's, not the venous pressure's.
    let reduced = |f: &&Fact| {
        f.value
            .as_ref()
            .is_some_and(|v| format!("{v:?}").contains("reduced"))
    };
    assert!(!c.facts.iter().any(|f| reduced(&f)), "{:#?}", c.facts);
}
