//! The committed JSON Schema matches the types, and courses validate
//! against it. Run with `UPDATE_SCHEMA=1` to rewrite the file after a
//! deliberate model change (and bump `SCHEMA_VERSION` if old readers break).

use casecourse_model::*;

const SCHEMA_PATH: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../schema/course.schema.json"
);

fn sample() -> Course {
    let text = "Ferritin was 666.3 ug/L on admission; no muscle weakness.";
    let mut c = Course::new(text);
    let mut f = Fact::new("f1", Kind::Lab, "ferritin");
    f.value = Some(Value::Number(666.3));
    f.unit = Some("ug/L".into());
    f.flag = Some(Flag::High);
    f.time = Time::at(0.0);
    f.spans = vec![Span::new(0, 23)];
    f.set_part(PartRole::Value, Span::new(13, 23));
    f.set_part(PartRole::Time, Span::new(24, 36));
    c.facts.push(f);
    let mut n = Fact::new("f2", Kind::Exam, "muscle weakness");
    n.negated = true;
    n.spans = vec![Span::new(38, 56)];
    n.set_part(PartRole::Negation, Span::new(38, 40));
    c.facts.push(n);
    c
}

#[test]
fn committed_schema_matches_types() {
    let generated = serde_json::to_string_pretty(&Course::json_schema()).unwrap() + "\n";
    if std::env::var_os("UPDATE_SCHEMA").is_some() {
        std::fs::write(SCHEMA_PATH, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(SCHEMA_PATH).expect("schema/course.schema.json exists");
    assert_eq!(
        committed, generated,
        "schema/course.schema.json is stale: run with UPDATE_SCHEMA=1"
    );
}

#[test]
fn a_course_validates_and_round_trips() {
    let c = sample();
    let json = c.to_json();
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(SCHEMA_PATH).unwrap()).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert!(
        validator.is_valid(&value),
        "{:?}",
        validator
            .iter_errors(&value)
            .map(|e| e.to_string())
            .collect::<Vec<_>>()
    );
    assert_eq!(Course::from_json(&json).unwrap(), c);
}

#[test]
fn wrong_version_and_bad_fields_are_named() {
    let mut v: serde_json::Value = serde_json::from_str(&sample().to_json()).unwrap();
    v["schema"] = "casecourse.course/0".into();
    let err = Course::from_json(&v.to_string()).unwrap_err().to_string();
    assert!(err.contains("casecourse.course/0"), "{err}");

    let mut v: serde_json::Value = serde_json::from_str(&sample().to_json()).unwrap();
    v["facts"][1]["kind"] = "horoscope".into();
    let err = Course::from_json(&v.to_string()).unwrap_err().to_string();
    assert!(err.contains("facts[1].kind"), "{err}");

    let mut v: serde_json::Value = serde_json::from_str(&sample().to_json()).unwrap();
    v["facts"][0]["spans"][0]["end"] = 10_000.into();
    let err = Course::from_json(&v.to_string()).unwrap_err().to_string();
    assert!(err.contains("outside"), "{err}");

    assert!(Course::from_json("").is_err());
    assert!(Course::from_json("[1,2]").is_err());
}

#[test]
fn flat_rows_use_gold_field_names() {
    let c = sample();
    let rows = flat_rows(&c);
    let v = serde_json::to_value(&rows[0]).unwrap();
    assert_eq!(v["week"], 0.0);
    assert_eq!(v["value"], 666.3);
    assert_eq!(v["unit"], "ug/L");
    assert_eq!(v["flag"], "high");
    assert_eq!(v["text"], "Ferritin was 666.3 ug/L");
    assert_eq!(
        c.words(c.facts[0].part_spans(PartRole::Value).next().unwrap()),
        "666.3 ug/L"
    );
    assert_eq!(
        c.words(c.facts[0].part_spans(PartRole::Time).next().unwrap()),
        "on admission"
    );
    assert_eq!(
        c.words(c.facts[1].part_spans(PartRole::Negation).next().unwrap()),
        "no"
    );
    let v = serde_json::to_value(&rows[1]).unwrap();
    assert_eq!(v["negated"], true);
    assert!(v.get("week").is_none());
}

#[test]
fn gold_rows_rebuild_facts() {
    let rows: Vec<FlatFact> = serde_json::from_str(
        r#"[{"id":"a","kind":"medication","name":"tacrolimus","dose":1,"unit":"mg","frequency":"BID","start_week":0,"aka":["Tac"]},
            {"id":"b","kind":"symptom","name":"fever","onset_week":-4,"duration":"1 month"},
            {"id":"c","kind":"medication","name":"methylprednisolone","dose":40,"unit":"mg","week_between":[0,4]}]"#,
    )
    .unwrap();
    let c = course_from_rows("", &rows);
    let tac = &c.facts[0];
    assert_eq!(tac.dosage.as_ref().unwrap().action, Some(DoseAction::Start));
    assert_eq!(tac.time.day, Some(0.0));
    assert_eq!(c.facts[1].time.relation, Relation::Onset);
    assert_eq!(c.facts[1].time.day, Some(-28.0));
    assert_eq!(c.facts[1].time.duration.as_ref().unwrap().unit, "month");
    assert_eq!(c.facts[2].time.end_day, Some(28.0));
    // And back: the flat row of a rebuilt fact carries the same times.
    let back = flat_rows(&c);
    assert_eq!(back[0].start_week, Some(0.0));
    assert_eq!(back[1].onset_week, Some(-4.0));
    assert_eq!(back[2].week_between, Some([0.0, 4.0]));
}
