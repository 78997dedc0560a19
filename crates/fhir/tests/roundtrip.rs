//! `export | import` gives back the same course, on the founding case and
//! every gold fixture, and every exported Bundle passes the independent
//! validator.

mod common;

use casecourse_fhir::import;
use common::*;

#[test]
fn gold_courses_round_trip_exactly() {
    let courses = gold_courses();
    assert!(!courses.is_empty(), "no gold fixtures found");
    for (name, course) in courses {
        let bundle = export_for_test(&course);
        let back = import(&bundle.to_string()).unwrap_or_else(|e| panic!("{name}: {e}"));
        if back.course != course {
            for (a, b) in course.facts.iter().zip(&back.course.facts) {
                assert_eq!(a, b, "{name}: fact differs");
            }
            assert_eq!(back.course, course, "{name}");
        }
    }
}

#[test]
fn gold_bundles_pass_the_independent_validator() {
    let Some(python) = validator() else { return };
    let dir = std::env::temp_dir().join(format!("casecourse-fhir-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let mut files = Vec::new();
    for (name, course) in gold_courses() {
        for transaction in [false, true] {
            let mut o = opts(if course.index.date.is_some() {
                None
            } else {
                Some("2024-01-01")
            });
            if transaction {
                o.bundle_type = casecourse_fhir::BundleType::Transaction;
            }
            let bundle = casecourse_fhir::export(&course, &o).expect("export");
            let path = dir.join(format!("{name}.{transaction}.bundle.json"));
            std::fs::write(&path, bundle.to_string()).expect("write");
            files.push(path);
        }
    }
    let result = validate(&python, &files);
    let _ = std::fs::remove_dir_all(&dir);
    result.unwrap_or_else(|e| panic!("validator rejected a bundle:\n{e}"));
}
