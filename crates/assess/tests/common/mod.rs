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

use casecourse_model::{Dosage, DoseAction, Fact, Kind, OxygenSupport, Time, Value};

/// A numeric fact at `day`.
pub fn num(id: &str, kind: Kind, name: &str, v: f64, unit: &str, day: f64) -> Fact {
    let mut f = Fact::new(id, kind, name);
    f.value = Some(Value::Number(v));
    f.unit = Some(unit.into());
    f.time = Time::at(day);
    f
}

/// A text-valued or bare fact at `day`.
pub fn bare(id: &str, kind: Kind, name: &str, day: f64) -> Fact {
    let mut f = Fact::new(id, kind, name);
    f.time = Time::at(day);
    f
}

/// An antibody result at `day`.
pub fn antibody(id: &str, name: &str, result: &str, day: f64) -> Fact {
    let mut f = bare(id, Kind::Antibody, name, day);
    f.result = Some(result.into());
    f
}

/// A medication started (or stated) at `day`.
pub fn med(id: &str, name: &str, dose: f64, unit: &str, freq: &str, day: f64) -> Fact {
    let mut f = bare(id, Kind::Medication, name, day);
    f.dosage = Some(Dosage {
        dose: Some(dose),
        unit: Some(unit.into()),
        frequency: Some(freq.into()),
        action: Some(DoseAction::Start),
        ..Dosage::default()
    });
    f
}

/// Oxygen support at `day`.
pub fn oxygen(id: &str, name: &str, flow: Option<f64>, fio2: Option<f64>, day: f64) -> Fact {
    let mut f = bare(id, Kind::Oxygen, name, day);
    f.oxygen = Some(OxygenSupport {
        device: None,
        flow,
        flow_unit: Some("L/min".into()),
        fio2,
    });
    f
}

/// A course over `facts` (no text, no spans).
pub fn course(facts: Vec<Fact>) -> casecourse_model::Course {
    let mut c = casecourse_model::Course::new("");
    c.facts = facts;
    c
}
