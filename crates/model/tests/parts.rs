//! Labelled part spans: serialised only when present, read back, checked
//! against the text like spans; and the flat row keeps a fact's note.

use casecourse_model::*;

const TEXT: &str = "Prednisolone 30 mg orally twice daily for 5 days; no fever.";

fn course() -> Course {
    let mut c = Course::new(TEXT);
    let mut f = Fact::new("f1", Kind::Medication, "prednisolone");
    f.spans = vec![Span::new(0, 12), Span::new(13, 18)];
    for (role, a, b) in [
        (PartRole::Dose, 13, 18),
        (PartRole::Route, 19, 25),
        (PartRole::Frequency, 26, 37),
        (PartRole::Duration, 38, 48),
    ] {
        f.set_part(role, Span::new(a, b));
    }
    c.facts.push(f);
    c.facts.push(Fact::new("f2", Kind::Symptom, "fever"));
    c
}

#[test]
fn parts_round_trip_and_are_left_out_when_empty() {
    let c = course();
    let json = c.to_json();
    let back = Course::from_json(&json).unwrap();
    assert_eq!(back, c);
    let f = &back.facts[0];
    let words = |r| back.words(f.part_spans(r).next().unwrap());
    assert_eq!(words(PartRole::Dose), "30 mg");
    assert_eq!(words(PartRole::Route), "orally");
    assert_eq!(words(PartRole::Frequency), "twice daily");
    assert_eq!(words(PartRole::Duration), "for 5 days");
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["facts"][0]["parts"][0]["role"], "dose");
    assert!(
        v["facts"][1].get("parts").is_none(),
        "empty parts are omitted"
    );
}

#[test]
fn a_course_without_parts_is_still_version_1() {
    // A course written before parts existed reads unchanged.
    let mut v: serde_json::Value = serde_json::from_str(&course().to_json()).unwrap();
    v["facts"][0].as_object_mut().unwrap().remove("parts");
    let c = Course::from_json(&v.to_string()).unwrap();
    assert_eq!(c.schema, SCHEMA_VERSION);
    assert!(c.facts[0].parts.is_empty());
}

#[test]
fn part_spans_outside_the_text_are_rejected_by_name() {
    let mut v: serde_json::Value = serde_json::from_str(&course().to_json()).unwrap();
    v["facts"][0]["parts"][2]["span"]["end"] = 10_000.into();
    let err = Course::from_json(&v.to_string()).unwrap_err().to_string();
    assert!(
        err.contains("fact f1 has frequency part span 26..10000"),
        "{err}"
    );

    let mut v: serde_json::Value = serde_json::from_str(&course().to_json()).unwrap();
    v["facts"][0]["parts"][0]["span"]["start"] = 20.into();
    v["facts"][0]["parts"][0]["span"]["end"] = 19.into();
    let err = Course::from_json(&v.to_string()).unwrap_err().to_string();
    assert!(err.contains("dose part span 20..19"), "{err}");

    let mut v: serde_json::Value = serde_json::from_str(&course().to_json()).unwrap();
    v["facts"][0]["parts"][0]["role"] = "colour".into();
    let err = Course::from_json(&v.to_string()).unwrap_err().to_string();
    assert!(err.contains("facts[0].parts[0].role"), "{err}");
}

#[test]
fn part_spans_inside_a_character_are_rejected() {
    let text = "fi\u{e8}vre 38.5 \u{b0}C";
    let mut c = Course::new(text);
    let mut f = Fact::new("f1", Kind::Vital, "temperature");
    f.set_part(PartRole::Value, Span::new(8, 14));
    c.facts.push(f);
    let err = Course::from_json(&c.to_json()).unwrap_err().to_string();
    assert!(err.contains("value part span"), "{err}");
}

#[test]
fn set_part_replaces_and_clear_part_drops_one_role() {
    let mut f = course().facts.remove(0);
    f.set_part(PartRole::Dose, Span::new(16, 18));
    assert_eq!(
        f.part_spans(PartRole::Dose).collect::<Vec<_>>(),
        [Span::new(16, 18)]
    );
    f.clear_part(PartRole::Route);
    assert_eq!(f.part_spans(PartRole::Route).count(), 0);
    assert_eq!(f.parts.len(), 3);
    for r in PartRole::ALL {
        assert_eq!(PartRole::parse(r.as_str()), Some(r));
    }
}

#[test]
fn flat_rows_keep_the_note_both_ways() {
    let mut c = course();
    c.facts[0].note = Some("until the next stated time point".into());
    let rows = flat_rows(&c);
    assert_eq!(
        rows[0].note.as_deref(),
        Some("until the next stated time point")
    );
    assert_eq!(rows[0].column("note"), "until the next stated time point");
    assert!(FLAT_COLUMNS.contains(&"note"));
    let back = course_from_rows(TEXT, &rows);
    assert_eq!(back.facts[0].note, c.facts[0].note);
    assert_eq!(back.facts[1].note, None);
}
