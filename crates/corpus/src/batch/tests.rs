use std::collections::HashMap;
use std::path::PathBuf;

use casecourse_model::{Course, Fact, Kind, Span};

use super::*;

fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("casecourse-batch-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("temp dir");
    d
}

/// A stand-in extractor: one fact per word "fever", panics on "PANIC".
fn fake(id: &str, text: &str) -> Course {
    assert!(!text.contains("PANIC"), "boom in {id}");
    let mut c = Course::new(text);
    c.source.name = Some(id.to_string());
    for (i, (at, _)) in text.match_indices("fever").enumerate() {
        let mut f = Fact::new(format!("f{}", i + 1), Kind::Symptom, "fever");
        f.spans = vec![Span::new(at, at + 5)];
        c.facts.push(f);
    }
    c
}

fn opts(format: Format) -> Options {
    Options {
        format,
        jobs: 2,
        chunk_docs: 3,
        ..Options::default()
    }
}

fn run_quiet(src: &Source, out: &Path, o: &Options) -> (Summary, Vec<Failure>) {
    let mut failures = Vec::new();
    let s = run(src, out, o, &fake, &mut |e| {
        if let Event::Failed(f) = e {
            failures.push(f.clone());
        }
    })
    .expect("run completes");
    (s, failures)
}

fn jsonl_ids(out: &Path) -> Vec<String> {
    std::fs::read_to_string(out)
        .expect("output")
        .lines()
        .map(|l| {
            let c = Course::from_json(l).expect("each line is a course");
            c.source.name.unwrap_or_default()
        })
        .collect()
}

#[test]
fn a_hostile_folder_gives_per_document_errors_and_a_complete_run() {
    let dir = tmp("hostile");
    let input = dir.join("in");
    std::fs::create_dir_all(&input).expect("dir");
    std::fs::write(input.join("a.txt"), "fever and fever").expect("w");
    std::fs::write(input.join("b-empty.txt"), "").expect("w");
    std::fs::write(input.join("c-binary.txt"), b"\x89PNG\r\n\x1a\n\0\0\0").expect("w");
    std::fs::write(input.join("d-latin1.txt"), b"caf\xe9 fever").expect("w");
    std::fs::write(input.join("e-panic.txt"), "PANIC").expect("w");
    // A 50 MB document: processed like any other.
    let big = "no complaint at all. ".repeat(50 * 1024 * 1024 / 20);
    std::fs::write(input.join("f-big.txt"), &big).expect("w");
    std::fs::write(input.join("g.txt"), "fever").expect("w");
    std::fs::write(input.join("notes.md"), "not a .txt").expect("w");
    let out = dir.join("out.jsonl");
    let (s, failures) = run_quiet(&Source::Dir(input), &out, &opts(Format::Jsonl));
    let failed: HashMap<&str, &str> = failures
        .iter()
        .map(|f| (f.id.as_str(), f.reason.as_str()))
        .collect();
    assert!(failed["b-empty"].contains("empty"));
    assert!(failed["c-binary"].contains("binary"));
    assert!(failed["d-latin1"].contains("UTF-8 at byte 3"));
    assert!(failed["e-panic"].contains("extractor failed"));
    assert_eq!(failed.len(), 4);
    assert_eq!(jsonl_ids(&out), ["a", "f-big", "g"]);
    assert_eq!((s.progress.documents, s.progress.failed), (7, 4));
    assert!(s.text_bytes >= big.len() as u64);
    let errors = std::fs::read_to_string(errors_path(&out)).expect("errors file");
    assert_eq!(errors.lines().count(), 4);
    assert!(errors.contains("\"id\":\"c-binary\""), "{errors}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn jsonl_input_reports_bad_lines_and_duplicate_ids() {
    let dir = tmp("jsonl");
    let input = dir.join("in.jsonl");
    let lines = [
        r#"{"id": "1", "text": "fever"}"#,
        r#"{"id": "2", "text": "no fever"}"#,
        "{not json",
        r#"{"id": "1", "text": "again"}"#,
        r#"{"text": "no id"}"#,
        "",
        r#"{"id": 3, "text": "fever fever"}"#,
    ];
    std::fs::write(&input, lines.join("\n")).expect("w");
    let out = dir.join("out.jsonl");
    let (s, failures) = run_quiet(&Source::Jsonl(input), &out, &opts(Format::Jsonl));
    assert_eq!(jsonl_ids(&out), ["1", "2", "3"]);
    let ids: Vec<&str> = failures.iter().map(|f| f.id.as_str()).collect();
    assert_eq!(ids, ["line 3", "1", "line 5"]);
    assert!(failures[1].reason.contains("duplicate id"));
    assert_eq!(s.progress.failed, 3);
}

fn numbered_input(dir: &Path, n: usize) -> PathBuf {
    let input = dir.join("in.jsonl");
    let lines: Vec<String> = (0..n)
        .map(|i| {
            serde_json::json!({"id": format!("d{i}"), "text": "fever ".repeat(i % 4 + 1)})
                .to_string()
        })
        .collect();
    std::fs::write(&input, lines.join("\n") + "\n").expect("w");
    input
}

#[test]
fn resume_after_a_torn_jsonl_line_does_not_duplicate() {
    let dir = tmp("resume-jsonl");
    let input = numbered_input(&dir, 10);
    let out = dir.join("out.jsonl");
    let o = opts(Format::Jsonl);
    run_quiet(&Source::Jsonl(input.clone()), &out, &o);
    let full = std::fs::read(&out).expect("out");
    // Interrupted: keep 4 whole lines and half of the fifth.
    let cut: usize = full
        .split_inclusive(|&b| b == b'\n')
        .take(4)
        .map(<[u8]>::len)
        .sum::<usize>()
        + 20;
    std::fs::write(&out, &full[..cut]).expect("w");
    let resumed = Options { resume: true, ..o };
    let (s, _) = run_quiet(&Source::Jsonl(input), &out, &resumed);
    assert_eq!(s.progress.skipped, 4);
    let expected: Vec<String> = (0..10).map(|i| format!("d{i}")).collect();
    assert_eq!(jsonl_ids(&out), expected);
    assert_eq!(std::fs::read(&out).expect("out"), full);
}

#[test]
fn resume_csv_redoes_the_last_document() {
    let dir = tmp("resume-csv");
    let input = numbered_input(&dir, 9);
    let out = dir.join("out.csv");
    let o = opts(Format::Csv);
    run_quiet(&Source::Jsonl(input.clone()), &out, &o);
    let full = std::fs::read_to_string(&out).expect("out");
    // 1+2+3+4 facts for d0..d3, ... : cut inside d5's rows.
    let lines: Vec<&str> = full.lines().collect();
    assert_eq!(lines[0].split(',').next(), Some("doc_id"));
    let d5 = lines
        .iter()
        .position(|l| l.starts_with("d5,"))
        .expect("d5 rows");
    let torn = lines[..d5 + 1].join("\n") + "\n" + &lines[d5 + 1][..5];
    std::fs::write(&out, torn).expect("w");
    let (s, _) = run_quiet(&Source::Jsonl(input), &out, &Options { resume: true, ..o });
    assert_eq!(s.progress.skipped, 5);
    assert_eq!(std::fs::read_to_string(&out).expect("out"), full);
}

#[test]
fn standard_output_refuses_resume_and_parquet() {
    let o = Options {
        resume: true,
        ..Options::default()
    };
    let e = run(&Source::Stdin, Path::new("-"), &o, &fake, &mut |_| {}).expect_err("usage");
    assert!(e.to_string().contains("--out"), "{e}");
}

#[cfg(feature = "parquet")]
#[test]
fn parquet_output_holds_every_fact() {
    use parquet::file::reader::{FileReader, SerializedFileReader};
    let dir = tmp("parquet");
    let input = numbered_input(&dir, 8);
    let out = dir.join("out.parquet");
    run_quiet(&Source::Jsonl(input), &out, &opts(Format::Parquet));
    let r = SerializedFileReader::new(std::fs::File::open(&out).expect("out")).expect("parquet");
    // d0..d7 hold 1,2,3,4,1,2,3,4 facts.
    assert_eq!(r.metadata().file_metadata().num_rows(), 20);
    let fields = r.metadata().file_metadata().schema_descr().num_columns();
    assert_eq!(fields, casecourse_model::FLAT_COLUMNS.len() + 3);
}
