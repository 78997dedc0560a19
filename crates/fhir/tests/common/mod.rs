//! Shared test helpers: gold courses and the independent validator.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

use casecourse_fhir::{ExportOptions, export};
use casecourse_model::{Course, FlatFact, course_from_rows};

pub const RECORDED: &str = "2026-01-02T03:04:05Z";

pub fn repo() -> PathBuf {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../..")).to_path_buf()
}

/// A course from a gold list (`*.gold.json`) and the narrative beside it.
pub fn gold_course(gold: &Path) -> Course {
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(gold).expect("gold readable"))
            .expect("gold is JSON");
    let text_name = json["text"].as_str().expect("gold names its text");
    let text = std::fs::read_to_string(gold.with_file_name(text_name)).expect("text readable");
    // A row the model's flat form cannot hold (a fixture ahead of the model)
    // is skipped with a note rather than failing every other row.
    let mut rows: Vec<FlatFact> = Vec::new();
    for row in json["facts"].as_array().expect("gold facts") {
        match serde_json::from_value(row.clone()) {
            Ok(r) => rows.push(r),
            Err(e) => eprintln!("note: {}: row {} skipped: {e}", gold.display(), row["id"]),
        }
    }
    let mut c = course_from_rows(&text, &rows);
    c.source.name = Some(text_name.to_string());
    c.index.description = json["index_event"].as_str().unwrap_or_default().to_string();
    c.index.date = json["index_date"].as_str().map(str::to_string);
    c
}

/// Every gold course we can find: the founding case (when ../shared is
/// there) and the fixtures.
pub fn gold_courses() -> Vec<(String, Course)> {
    let mut paths = Vec::new();
    let shared = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared"));
    let founding = shared.join("cases/mda5-cadm-rpild-mmf.gold.json");
    if founding.exists() {
        paths.push(founding);
    } else {
        eprintln!("note: {} absent; founding case skipped", founding.display());
    }
    let dir = repo().join("tests/fixtures/cases");
    let mut fixtures: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    fixtures.retain(|p| p.to_string_lossy().ends_with(".gold.json"));
    fixtures.sort();
    paths.extend(fixtures);
    paths
        .into_iter()
        .map(|p| {
            let name = p
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .to_string();
            (name, gold_course(&p))
        })
        .collect()
}

/// Options for tests: a fixed recorded instant so output is stable.
pub fn opts(index_date: Option<&str>) -> ExportOptions {
    ExportOptions {
        index_date: index_date.map(str::to_string),
        recorded: Some(RECORDED.into()),
        ..ExportOptions::default()
    }
}

pub fn export_for_test(c: &Course) -> serde_json::Value {
    let date = if c.index.date.is_some() {
        None
    } else {
        Some("2024-01-01")
    };
    export(c, &opts(date)).expect("export")
}

/// The independent validator's Python (fhir.resources 6.4.0, R4 models),
/// installed by .ci/setup-fhir.sh; `None` (with a note) when absent, unless
/// CASECOURSE_REQUIRE_FHIR_VALIDATOR=1.
pub fn validator() -> Option<PathBuf> {
    let candidate = std::env::var_os("CASECOURSE_FHIR_VALIDATOR")
        .map(PathBuf::from)
        .or_else(|| {
            std::env::var_os("HOME")
                .map(|h| PathBuf::from(h).join(".cache/casecourse/fhir-venv/bin/python"))
        })
        .filter(|p| p.exists());
    if candidate.is_none() {
        if std::env::var("CASECOURSE_REQUIRE_FHIR_VALIDATOR").as_deref() == Ok("1") {
            panic!("CASECOURSE_REQUIRE_FHIR_VALIDATOR=1 but no validator: run .ci/setup-fhir.sh");
        }
        eprintln!("note: FHIR validator not installed (.ci/setup-fhir.sh); validation skipped");
    }
    candidate
}

/// Validates JSON files with the independent validator: Ok or its report.
pub fn validate(python: &Path, files: &[PathBuf]) -> Result<(), String> {
    let out = Command::new(python)
        .arg(repo().join("scripts/fhir-validate/validate.py"))
        .args(files)
        .output()
        .expect("validator runs");
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}
