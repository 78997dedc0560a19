//! Export and import speed on the largest gold course we have (the founding
//! case when ../shared is there, else the largest fixture).

use std::path::Path;

use casecourse_fhir::{ExportOptions, export, import};
use casecourse_model::{Course, FlatFact, course_from_rows};
use criterion::{Criterion, criterion_group, criterion_main};

fn gold(path: &Path) -> Option<Course> {
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).ok()?).ok()?;
    let text = std::fs::read_to_string(path.with_file_name(json["text"].as_str()?)).ok()?;
    let rows: Vec<FlatFact> = json["facts"]
        .as_array()?
        .iter()
        .filter_map(|r| serde_json::from_value(r.clone()).ok())
        .collect();
    Some(course_from_rows(&text, &rows))
}

fn largest_course() -> Course {
    let root = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."));
    let mut paths = vec![root.join("../shared/cases/mda5-cadm-rpild-mmf.gold.json")];
    if let Ok(dir) = std::fs::read_dir(root.join("tests/fixtures/cases")) {
        paths.extend(dir.filter_map(|e| e.ok().map(|e| e.path())));
    }
    paths
        .iter()
        .filter(|p| p.to_string_lossy().ends_with(".gold.json"))
        .filter_map(|p| gold(p))
        .max_by_key(|c| c.facts.len())
        .unwrap_or_else(|| Course::new(""))
}

fn bench(c: &mut Criterion) {
    let course = largest_course();
    let opts = ExportOptions {
        index_date: Some("2024-01-01".into()),
        recorded: Some("2026-01-01T00:00:00Z".into()),
        ..ExportOptions::default()
    };
    let bundle = export(&course, &opts).expect("export").to_string();
    eprintln!(
        "{} facts, bundle {} bytes",
        course.facts.len(),
        bundle.len()
    );
    c.bench_function("export", |b| b.iter(|| export(&course, &opts)));
    c.bench_function("import", |b| b.iter(|| import(&bundle)));
}

criterion_group!(benches, bench);
criterion_main!(benches);
