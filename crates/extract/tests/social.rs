//! Social history as letters and case reports write it: pack-years beside
//! the smoking status, cannabis and vaping as habits of their own, former
//! drinkers, exposures and travel (probe analysis 35p: M16).

mod common;

use casecourse_model::{Kind, Value};
use common::{all, assert_no_fact, course, fact};

fn value(f: &casecourse_model::Fact) -> Option<String> {
    match &f.value {
        Some(Value::Text(t)) => Some(t.clone()),
        _ => None,
    }
}

#[test]
fn pack_years_are_the_smoking_fact_s_note() {
    for (text, status, note) in [
        (
            "Ex-smoker (quit 2010, 40 pack-years).",
            Some("ex-smoker"),
            "40 pack-years",
        ),
        (
            "He has a 30 pack-year smoking history.",
            None,
            "30 pack-years",
        ),
        (
            "Smoking: 15 pack-years, current.",
            Some("current smoker"),
            "15 pack-years",
        ),
        (
            "SH: ex-smoker, 50 pk-yr, quit 2019.",
            Some("ex-smoker"),
            "50 pack-years",
        ),
    ] {
        let c = course(text);
        let f = fact(&c, "smoking");
        assert_eq!(value(f).as_deref(), status, "{text}");
        assert!(
            f.note.as_deref().is_some_and(|n| n.contains(note)),
            "{text}: {:?}",
            f.note
        );
    }
    // No number of pack-years, no note; a number of cigarettes is no
    // pack-years.
    let c = course("Current smoker, 20 cigarettes a day for 10 years.");
    assert_eq!(fact(&c, "smoking").note, None);
}

#[test]
fn a_label_s_answer_gives_the_smoking_status() {
    let c = course("Smoking: never. Alcohol: 4 units/week.");
    assert_eq!(value(fact(&c, "smoking")).as_deref(), Some("never"));
    let c = course("Smoking: ex, stopped 2015.");
    assert_eq!(value(fact(&c, "smoking")).as_deref(), Some("ex-smoker"));
}

#[test]
fn cannabis_is_no_tobacco() {
    let c = course("He smokes cannabis most evenings.");
    assert_eq!(fact(&c, "cannabis use").kind, Kind::Social);
    assert_no_fact(&c, "smoking");
    let c = course("Social: denies tobacco; occasional marijuana; denies cocaine.");
    assert_eq!(
        value(fact(&c, "cannabis use")).as_deref(),
        Some("occasional")
    );
    // A condition named after cannabis stays the condition.
    let c = course("He was admitted with cannabinoid hyperemesis syndrome.");
    assert_no_fact(&c, "cannabis use");
    // A smoker of tobacco is still one.
    let c = course("He smokes 20 cigarettes a day.");
    assert_eq!(
        value(fact(&c, "smoking")).as_deref(),
        Some("current smoker")
    );
}

#[test]
fn vaping_is_a_habit_of_its_own() {
    let c = course("She uses e-cigarettes daily.");
    assert!(!fact(&c, "nicotine vaping").negated);
    let c = course("Non-smoker; does not vape.");
    assert!(fact(&c, "nicotine vaping").negated);
    assert_eq!(value(fact(&c, "smoking")).as_deref(), Some("non-smoker"));
    let c = course("Vapes nicotine daily. Drinks 2-3 beers on weekends.");
    assert!(!fact(&c, "nicotine vaping").negated);
}

#[test]
fn a_former_drinker_is_one() {
    for text in [
        "Ex-heavy drinker, abstinent for 5 years.",
        "He is a former heavy drinker.",
        "Ex-drinker.",
    ] {
        let c = course(text);
        assert_eq!(
            value(fact(&c, "alcohol use")).as_deref(),
            Some("ex-drinker"),
            "{text}"
        );
    }
    let c = course("He is a heavy drinker, about 40 units a week.");
    assert_eq!(
        value(fact(&c, "alcohol use")).as_deref(),
        Some("about 40 units a week")
    );
}

#[test]
fn exposures_and_travel_are_social_history() {
    let c = course("He is a retired dairy farmer with exposure to mouldy hay.");
    assert_eq!(fact(&c, "mould exposure").kind, Kind::Social);
    let c = course("She had travelled to Thailand two weeks before admission.");
    assert_eq!(fact(&c, "recent travel").kind, Kind::Social);
    // A journey to a place of care is no travel abroad.
    for text in [
        "She travelled to the emergency department by ambulance.",
        "He travelled to hospital with his wife.",
        "She made a trip to our clinic the next day.",
    ] {
        assert!(all(&course(text), "recent travel").is_empty(), "{text}");
    }
}
