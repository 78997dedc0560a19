//! Assessing a course must cost far less than extracting it: both on the
//! founding case (the course built from its gold list, the narrative
//! extracted from its text). Skips with a note when ../shared is absent.

use std::hint::black_box;

use casecourse_assess::assess;
use casecourse_model::{FlatFact, course_from_rows};
use criterion::{Criterion, criterion_group, criterion_main};

fn founding() -> Option<(String, casecourse_model::Course)> {
    let dir = std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/cases"
    ));
    let text = std::fs::read_to_string(dir.join("mda5-cadm-rpild-mmf.txt")).ok()?;
    let gold = std::fs::read_to_string(dir.join("mda5-cadm-rpild-mmf.gold.json")).ok()?;
    let v: serde_json::Value = serde_json::from_str(&gold).ok()?;
    let rows: Vec<FlatFact> = serde_json::from_value(v["facts"].clone()).ok()?;
    let course = course_from_rows(&text, &rows);
    Some((text, course))
}

fn bench(c: &mut Criterion) {
    let Some((text, course)) = founding() else {
        eprintln!("note: ../shared/cases not found; assess benchmark skipped");
        return;
    };
    // Warm the compiled-in knowledge and lexicons outside the timing.
    let _ = assess(&course);
    let options = casecourse_extract::Options::default();
    let _ = casecourse_extract::extract(&text, &options);
    c.bench_function("assess founding course", |b| {
        b.iter(|| assess(black_box(&course)))
    });
    c.bench_function("extract founding narrative", |b| {
        b.iter(|| casecourse_extract::extract(black_box(&text), &options))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
