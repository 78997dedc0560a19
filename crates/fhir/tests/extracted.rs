//! Courses as the extractor writes them (with spans, codes, episodes and
//! warnings) survive `export | import`, and their Bundles are valid R4.

mod common;

use casecourse_fhir::{export, import};
use common::*;

fn narratives() -> Vec<std::path::PathBuf> {
    let mut paths: Vec<_> = std::fs::read_dir(repo().join("tests/fixtures/cases"))
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    paths.retain(|p| p.extension().is_some_and(|e| e == "txt"));
    paths.sort();
    paths
}

#[test]
fn extracted_courses_round_trip_and_validate() {
    let python = validator();
    let dir = std::env::temp_dir().join(format!("casecourse-fhir-x-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let mut files = Vec::new();
    let paths = narratives();
    assert!(!paths.is_empty(), "no fixture narratives");
    for path in paths {
        let text = std::fs::read_to_string(&path).expect("narrative");
        let course = casecourse_extract::extract(&text, &casecourse_extract::Options::default());
        let bundle = export(&course, &opts(Some("2024-01-01")))
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let back =
            import(&bundle.to_string()).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert_eq!(back.course, course, "{}", path.display());
        let out = dir
            .join(path.file_name().unwrap_or_default())
            .with_extension("json");
        std::fs::write(&out, bundle.to_string()).expect("write");
        files.push(out);
    }
    let result = python.map(|p| validate(&p, &files));
    let _ = std::fs::remove_dir_all(&dir);
    if let Some(r) = result {
        r.unwrap_or_else(|e| panic!("validator rejected an extracted course's bundle:\n{e}"));
    }
}
