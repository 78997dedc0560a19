//! Scoring hand-built courses against gold lists.

use std::path::{Path, PathBuf};

use casecourse_corpus::gold::{GoldError, GoldList, load_gold, parse_gold, score, score_rows};
use casecourse_model::{FlatFact, Value, course_from_rows, flat_rows};

fn gold_files() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut dirs = vec![root.join("../../tests/fixtures/cases")];
    let shared = root.join("../../../shared/cases");
    if shared.exists() {
        dirs.push(shared);
    } else {
        eprintln!("note: ../shared/cases not found; scoring only the in-repo fixtures");
    }
    let mut files = Vec::new();
    for d in dirs {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.to_string_lossy().ends_with(".gold.json") {
                files.push(p);
            }
        }
    }
    files.sort();
    files
}

fn load_all() -> Vec<(PathBuf, GoldList)> {
    gold_files()
        .into_iter()
        .map(|p| {
            let g = load_gold(&p).unwrap_or_else(|e| panic!("{e}"));
            (p, g)
        })
        .collect()
}

/// Required fields a gold row states that its own model round trip
/// (`course_from_rows` then `flat_rows`) loses: the course model cannot hold
/// them, so no extraction can be scored on them.
fn lost_in_model(gold: &FlatFact, back: &FlatFact) -> bool {
    let fields = [
        "value",
        "unit",
        "result",
        "dose",
        "frequency",
        "route",
        "flow",
        "fio2",
    ];
    // A bound the gold writes as one text ("<1") comes back as comparator
    // and number: the model holds it.
    let shown = |r: &FlatFact, f: &str| match f {
        "value" => r.column("comparator") + &r.column("value"),
        _ => r.column(f),
    };
    let changed = fields.iter().any(|f| {
        let g = shown(gold, f);
        !g.is_empty() && shown(back, f).replace(' ', "") != g.replace(' ', "")
    });
    let point = |r: &FlatFact| r.week.or(r.start_week).or(r.end_week);
    changed
        || gold.week_before.is_some() && back.week_before.is_none()
        || gold.week_after.is_some() && back.week_after.is_none()
        || gold.onset_week.is_some() && back.onset_week.is_none()
        || gold.week_between.is_some() && back.week_between.is_none()
        || point(gold).is_some() && point(back).is_none()
        || gold.start_week.is_some()
            && gold.end_week.is_some()
            && (back.start_week.is_none() || back.end_week.is_none())
}

#[test]
fn every_gold_list_scores_perfectly_against_its_own_rows() {
    for (path, gold) in load_all() {
        let s = score_rows(&gold.rows(), &gold);
        assert!(
            s.missed.is_empty() && s.missed_optional.is_empty() && s.false_positives.is_empty(),
            "{}:\n{s}",
            path.display()
        );
        assert_eq!(s.overall.recall(), 1.0);
        assert_eq!(s.overall.precision(), 1.0);
        assert_eq!(s.matched.len(), gold.facts.len());
    }
}

/// Gold ids that the course built from the gold list misses, asserting
/// that each is a fact the model cannot hold.
fn model_losses(path: &Path, gold: &GoldList) -> Vec<String> {
    let course = course_from_rows("", &gold.rows());
    let back = flat_rows(&course);
    let s = score(&course, gold);
    let mut lost = Vec::new();
    for m in s.missed.iter().chain(&s.missed_optional) {
        let i = m.gold_index;
        assert!(
            lost_in_model(&gold.facts[i].row, &back[i]),
            "{}: {} missed although the model holds it:\n{s}",
            path.display(),
            m.gold.row.id
        );
        lost.push(m.gold.row.id.clone());
    }
    lost
}

#[test]
fn every_gold_list_scores_perfectly_against_its_course() {
    let all = load_all();
    if all.is_empty() {
        eprintln!("note: no gold lists found; nothing to score");
        return;
    }
    for (path, gold) in &all {
        let lost = model_losses(path, gold);
        if !lost.is_empty() {
            eprintln!(
                "note: {}: the course model cannot hold the time of {lost:?}",
                path.display()
            );
        }
        let course = course_from_rows("", &gold.rows());
        let s = score(&course, gold);
        assert_eq!(
            s.false_positives.len(),
            lost.len(),
            "{}:\n{s}",
            path.display()
        );
        if lost.is_empty() {
            assert_eq!(s.overall.recall(), 1.0, "{}", path.display());
            assert_eq!(s.overall.precision(), 1.0, "{}", path.display());
        }
    }
}

fn first_with_number(gold: &GoldList, skip: &[String]) -> Option<usize> {
    gold.facts.iter().position(|f| {
        !f.optional && matches!(f.row.value, Some(Value::Number(_))) && !skip.contains(&f.row.id)
    })
}

#[test]
fn changing_one_value_misses_exactly_that_fact() {
    let mut checked = 0;
    for (path, gold) in load_all() {
        let lost = model_losses(&path, &gold);
        let Some(i) = first_with_number(&gold, &lost) else {
            continue;
        };
        let mut rows = gold.rows();
        let Some(Value::Number(n)) = rows[i].value else {
            continue;
        };
        rows[i].value = Some(Value::Number(n + 1.0));
        let s = score(&course_from_rows("", &rows), &gold);
        let missed: Vec<&str> = s
            .missed
            .iter()
            .map(|m| m.gold.row.id.as_str())
            .filter(|id| !lost.iter().any(|l| l == id))
            .collect();
        assert_eq!(
            missed,
            vec![gold.facts[i].row.id.as_str()],
            "{}:\n{s}",
            path.display()
        );
        let miss = s
            .missed
            .iter()
            .find(|m| m.gold_index == i)
            .expect("the changed fact is missed");
        let closest = miss.closest.as_ref().expect("a candidate");
        assert_eq!(closest.row.id, rows[i].id);
        assert_eq!(closest.reasons.len(), 1);
        assert_eq!(closest.reasons[0].field, "value");
        let text = s.to_string();
        assert!(text.contains(&gold.facts[i].row.id), "{text}");
        assert!(text.contains("why not: value"), "{text}");
        assert_eq!(s.overall.gold_matched + s.missed.len(), gold.required());
        checked += 1;
    }
    assert!(checked > 0 || gold_files().is_empty());
}

const SMALL: &str = r#"{"case": "small", "text": "small.txt", "facts": [
  {"id": "g-ferritin", "kind": "lab", "name": "ferritin", "value": 1500, "unit": "ug/L", "week": 0, "flag": "high"},
  {"id": "g-mda5", "kind": "antibody", "name": "anti-MDA5 antibody", "aka": ["anti–MDA5"], "result": "positive", "week": 0},
  {"id": "g-mmf", "kind": "medication", "name": "mycophenolate mofetil", "dose": 1, "unit": "g", "frequency": "BID", "start_week": 4},
  {"id": "g-cough", "kind": "symptom", "name": "cough", "onset_week": -12},
  {"id": "g-cap", "kind": "imaging", "name": "chest CT", "week": 0, "optional": true, "note": "caption only"},
  {"id": "g-drugs", "kind": "social", "name": "illicit drug use", "negated": true}
]}"#;

fn small() -> GoldList {
    parse_gold(SMALL, Path::new("small.gold.json")).expect("valid")
}

fn row(id: &str, kind: &str, name: &str) -> FlatFact {
    FlatFact {
        id: id.into(),
        kind: kind.into(),
        name: name.into(),
        ..FlatFact::default()
    }
}

#[test]
fn names_match_after_normalisation_and_through_aka() {
    let gold = small();
    let mut r = row("x1", "antibody", "Anti-MDA5");
    r.result = Some("Positive".into());
    r.week = Some(0.2);
    let s = score_rows(&[r], &gold);
    assert_eq!(s.matched.len(), 1);
    assert_eq!(s.matched[0].gold_id, "g-mda5");
    assert!(s.false_positives.is_empty());
}

#[test]
fn time_tolerance_is_half_a_week_or_ten_percent_of_gold() {
    let gold = small();
    // Gold onset -12 weeks: tolerance 1.2 weeks.
    for (week, ok) in [(-13.2, true), (-10.8, true), (-13.3, false), (-10.7, false)] {
        let mut r = row("x", "symptom", "cough");
        r.onset_week = Some(week);
        let s = score_rows(&[r], &gold);
        assert_eq!(s.matched.len() == 1, ok, "onset {week}");
    }
    // Gold week 0: tolerance 0.5 weeks.
    for (week, ok) in [(0.5, true), (-0.5, true), (0.51, false)] {
        let mut r = row("x", "lab", "ferritin");
        r.value = Some(Value::Number(1500.0));
        r.unit = Some("ug/L".into());
        r.week = Some(week);
        let s = score_rows(&[r], &gold);
        assert_eq!(s.matched.len() == 1, ok, "week {week}");
    }
}

#[test]
fn a_bound_matches_only_the_same_bound() {
    let gold = parse_gold(
        r#"{"case": "b", "text": "b.txt", "facts": [
          {"id": "g-adamts", "kind": "lab", "name": "ADAMTS13 activity", "value": "<1", "unit": "%", "week": 0}
        ]}"#,
        Path::new("b.gold.json"),
    )
    .expect("valid");
    let read = |comparator: Option<&str>| {
        let mut r = row("x", "lab", "ADAMTS13 activity");
        r.value = Some(Value::Number(1.0));
        r.comparator = comparator.map(str::to_string);
        r.unit = Some("%".into());
        r.week = Some(0.0);
        score_rows(&[r], &gold).matched.len()
    };
    assert_eq!(read(Some("<")), 1);
    assert_eq!(read(None), 0, "a measured 1 % is not <1 %");
    assert_eq!(read(Some(">")), 0);
}

#[test]
fn unit_is_exact_and_negation_must_agree() {
    let gold = small();
    let mut r = row("x", "lab", "ferritin");
    r.value = Some(Value::Number(1500.0));
    r.unit = Some("ng/mL".into());
    r.week = Some(0.0);
    let s = score_rows(&[r], &gold);
    assert!(s.matched.is_empty());
    let reasons = &s.missed[0].closest.as_ref().expect("candidate").reasons;
    assert_eq!(reasons[0].field, "unit");

    let affirmed = row("y", "social", "illicit drug use");
    assert!(
        score_rows(std::slice::from_ref(&affirmed), &gold)
            .matched
            .is_empty()
    );
    let mut negated = affirmed;
    negated.negated = true;
    assert_eq!(score_rows(&[negated], &gold).matched.len(), 1);
}

#[test]
fn a_start_read_as_at_is_a_mismatch_not_a_miss() {
    let gold = small();
    let mut r = row("m", "medication", "Mycophenolate mofetil");
    r.dose = Some(1.0);
    r.unit = Some("g".into());
    r.frequency = Some("bid".into());
    r.week = Some(4.0);
    let s = score_rows(&[r.clone()], &gold);
    assert_eq!(s.matched.len(), 1);
    assert_eq!(s.mismatches.len(), 1);
    assert_eq!(s.mismatches[0].diff.field, "time reading");
    // A gold start read as a start matches without a mismatch.
    r.week = None;
    r.start_week = Some(4.2);
    let s = score_rows(&[r.clone()], &gold);
    assert_eq!((s.matched.len(), s.mismatches.len()), (1, 0));
    r.start_week = None;
    // At another week it is a miss.
    r.week = Some(8.0);
    assert!(score_rows(&[r], &gold).matched.is_empty());
}

#[test]
fn soft_fields_are_reported_not_required() {
    let gold = small();
    let mut r = row("x", "lab", "ferritin");
    r.value = Some(Value::Number(1500.0));
    r.unit = Some("ug/L".into());
    r.week = Some(0.0);
    r.flag = Some("normal".into());
    let s = score_rows(&[r], &gold);
    assert_eq!(s.matched.len(), 1);
    assert_eq!(s.mismatches[0].diff.field, "flag");
    assert_eq!(s.mismatches[0].diff.gold, "high");
}

#[test]
fn optional_facts_count_neither_as_misses_nor_as_false_positives() {
    let gold = small();
    // Nothing extracted: 5 required misses, the optional one listed apart.
    let s = score_rows(&[], &gold);
    assert_eq!(s.missed.len(), 5);
    assert_eq!(s.missed_optional.len(), 1);
    assert_eq!(s.overall.gold, 5);
    // The optional fact found: not a false positive, recall unchanged.
    let mut r = row("x", "imaging", "chest CT");
    r.week = Some(0.0);
    let s = score_rows(&[r], &gold);
    assert!(s.false_positives.is_empty());
    assert_eq!(s.overall.precision(), 1.0);
    assert_eq!(s.overall.recall(), 0.0);
}

#[test]
fn matching_is_one_to_one_and_best_first() {
    let gold = small();
    let mk = |id: &str, week: f64| {
        let mut r = row(id, "symptom", "cough");
        r.onset_week = Some(week);
        r
    };
    // Two rows for one gold fact: the closer one matches, the other is a
    // false positive.
    let s = score_rows(&[mk("far", -11.0), mk("near", -12.1)], &gold);
    assert_eq!(s.matched.len(), 1);
    assert_eq!(s.matched[0].extracted_id, "near");
    assert_eq!(s.false_positives[0].id, "far");
    // Precision 1/2; recall 1/5; F1 = 2PR/(P+R) = 2*0.5*0.2/0.7.
    assert!((s.overall.f1() - 0.2 / 0.7).abs() < 1e-12);
}

#[test]
fn bad_gold_lists_name_file_and_fact() {
    let p = Path::new("bad.gold.json");
    let e = parse_gold("{", p).expect_err("not JSON");
    assert!(matches!(e, GoldError::Format { .. }), "{e}");
    let e = parse_gold(
        r#"{"text": "t.txt", "facts": [{"id": "a", "kind": "lab", "name": "x"}, {"id": "b", "kind": "lab", "name": "y", "week": "soon"}]}"#,
        p,
    )
    .expect_err("week is not a number");
    let msg = e.to_string();
    assert!(msg.contains("facts[1]") && msg.contains("\"b\""), "{msg}");
    let e = parse_gold(
        r#"{"text": "t.txt", "facts": [{"id": "a", "kind": "labs", "name": "x"}]}"#,
        p,
    )
    .expect_err("unknown kind");
    assert!(e.to_string().contains("unknown kind"), "{e}");
    let e = load_gold("/nonexistent/x.gold.json").expect_err("no file");
    assert!(e.to_string().contains("/nonexistent/x.gold.json"));
}

#[test]
fn an_infection_test_filed_as_lab_or_microbiology_is_one_fact() {
    let gold = parse_gold(
        r#"{"case": "s", "text": "s.txt", "facts": [
          {"id": "g-hbsag", "kind": "lab", "name": "hepatitis B surface antigen", "value": "negative", "week": 0},
          {"id": "g-cmv", "kind": "microbiology", "name": "CMV PCR", "result": "not detected", "week": 0}
        ]}"#,
        Path::new("s.gold.json"),
    )
    .expect("valid");
    let test = |kind: &str, name: &str, value: Option<&str>, result: Option<&str>| {
        let mut r = row("x", kind, name);
        r.value = value.map(|v| Value::Text(v.into()));
        r.result = result.map(str::to_string);
        r.week = Some(0.0);
        r
    };
    let hbsag = test(
        "microbiology",
        "hepatitis B surface antigen",
        None,
        Some("negative"),
    );
    let s = score_rows(&[hbsag], &gold);
    assert_eq!(s.matched.len(), 1);
    assert_eq!(s.matched[0].gold_id, "g-hbsag");
    let cmv = test("lab", "CMV PCR", Some("negative"), None);
    assert_eq!(score_rows(&[cmv], &gold).matched[0].gold_id, "g-cmv");
    // The result must still agree, and other kinds stay apart.
    for (kind, result) in [("microbiology", "positive"), ("antibody", "negative")] {
        let r = test(kind, "hepatitis B surface antigen", None, Some(result));
        assert!(
            score_rows(&[r], &gold).matched.is_empty(),
            "{kind} {result}"
        );
    }
}

#[test]
fn units_written_as_international_or_enzyme_units_agree() {
    let gold = parse_gold(
        r#"{"case": "u", "text": "u.txt", "facts": [
          {"id": "g-glargine", "kind": "medication", "name": "insulin glargine", "dose": 14, "unit": "U", "start_week": 1}
        ]}"#,
        Path::new("u.gold.json"),
    )
    .expect("valid");
    let read = |unit: &str| {
        let mut r = row("x", "medication", "insulin glargine");
        r.dose = Some(14.0);
        r.unit = Some(unit.into());
        r.start_week = Some(1.0);
        score_rows(&[r], &gold).matched.len()
    };
    assert_eq!(read("[iU]"), 1);
    assert_eq!(read("[IU]"), 1);
    assert_eq!(read("U"), 1);
    assert_eq!(read("mg"), 0);
    assert_eq!(read("m[iU]"), 0);
}

#[test]
fn a_point_inside_a_gold_span_is_a_mismatch_not_a_miss() {
    let gold = parse_gold(
        r#"{"case": "s", "text": "s.txt", "facts": [
          {"id": "g-echo", "kind": "imaging", "name": "echocardiography", "week_between": [0, 1.29]}
        ]}"#,
        Path::new("s.gold.json"),
    )
    .expect("valid");
    let at = |week: f64| {
        let mut r = row("x", "imaging", "echocardiography");
        r.week = Some(week);
        score_rows(&[r], &gold)
    };
    for (week, ok) in [
        (0.0, true),
        (1.0, true),
        (1.79, true),
        (-0.5, true),
        (1.8, false),
        (-0.51, false),
    ] {
        assert_eq!(at(week).matched.len() == 1, ok, "week {week}");
    }
    assert!(
        at(1.0)
            .mismatches
            .iter()
            .any(|m| m.diff.field == "time reading")
    );
}
