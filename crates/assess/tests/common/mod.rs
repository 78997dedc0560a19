//! Shared test helpers: the founding case from ../shared when present.
#![allow(dead_code)]

use casecourse_model::{Course, FlatFact, course_from_rows};

/// The shared directory (`/work/shared` beside the repo).
pub fn shared() -> std::path::PathBuf {
    std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared")).to_path_buf()
}

/// The founding case built from its gold list, or `None` (with a note)
/// when ../shared is absent.
pub fn founding_course() -> Option<Course> {
    let dir = shared().join("cases");
    let gold = dir.join("mda5-cadm-rpild-mmf.gold.json");
    let text = dir.join("mda5-cadm-rpild-mmf.txt");
    let (Ok(gold), Ok(text)) = (
        std::fs::read_to_string(&gold),
        std::fs::read_to_string(&text),
    ) else {
        eprintln!(
            "note: {} not found; founding-case test skipped",
            gold.display()
        );
        return None;
    };
    let v: serde_json::Value = serde_json::from_str(&gold).expect("gold list is JSON");
    let rows: Vec<FlatFact> =
        serde_json::from_value(v["facts"].clone()).expect("gold facts are flat rows");
    let mut course = course_from_rows(&text, &rows);
    // The gold list keeps no origin; its caption rows say so in their note
    // ("figure 3B caption"). An extraction marks them `Origin::Caption`, so
    // the test does too.
    let captions: Vec<String> = v["facts"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|r| r["note"].as_str().is_some_and(|n| n.starts_with("figure")))
        .filter_map(|r| r["id"].as_str().map(str::to_string))
        .collect();
    for f in &mut course.facts {
        if captions.contains(&f.id) {
            f.origin = casecourse_model::Origin::Caption;
        }
    }
    Some(course)
}
