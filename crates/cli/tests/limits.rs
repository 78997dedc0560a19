//! Oversized input is refused with a clear error, quickly and without
//! reading it all into memory.

use std::io::Write;
use std::process::{Command, Stdio};

fn casecourse() -> Command {
    Command::new(env!("CARGO_BIN_EXE_casecourse"))
}

/// 100 MB of real narrative text (the bundled letter, repeated).
fn hundred_megabytes() -> Vec<u8> {
    let letter = include_str!("../../../examples/mda5-dm-letter.txt");
    let mut text = Vec::with_capacity(100_000_000 + letter.len());
    while text.len() < 100_000_000 {
        text.extend_from_slice(letter.as_bytes());
        text.push(b'\n');
    }
    text
}

#[test]
fn a_100_megabyte_file_is_refused_with_the_limit_named() {
    let dir = std::env::temp_dir().join(format!("cc-limits-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("huge.txt");
    std::fs::write(&path, hundred_megabytes()).expect("write");
    let out = casecourse()
        .args(["extract", "--format", "table"])
        .arg(&path)
        .output()
        .expect("run casecourse");
    std::fs::remove_dir_all(&dir).ok();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("huge.txt") && err.contains("limit"), "{err}");
    assert!(
        err.contains("batch") && err.contains("--max-bytes"),
        "{err}"
    );
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn a_100_megabyte_stream_is_refused_without_reading_it_all() {
    let mut child = casecourse()
        .args(["extract", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run casecourse");
    let text = hundred_megabytes();
    let mut stdin = child.stdin.take().expect("stdin");
    // The command stops reading at the limit and exits; the rest of the
    // write then meets a closed pipe, which is expected.
    let writer = std::thread::spawn(move || stdin.write_all(&text).is_ok());
    let out = child.wait_with_output().expect("wait");
    let _ = writer.join();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("limit"), "{err}");
}

/// Runs `casecourse extract` with `args`, `input` on standard input.
fn extract_stdin(args: &[&str], input: &[u8]) -> std::process::Output {
    casecourse()
        .arg("extract")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .and_then(|mut c| {
            c.stdin.take().expect("stdin").write_all(input)?;
            c.wait_with_output()
        })
        .expect("run casecourse")
}

#[test]
fn raising_the_limit_lets_a_large_narrative_through() {
    let letter = include_str!("../../../examples/mda5-dm-letter.txt").as_bytes();
    let out = extract_stdin(&["--format", "jsonl", "--max-bytes", "100", "-"], letter);
    assert!(
        !out.status.success(),
        "a 100-byte limit must refuse the letter"
    );
    let out = extract_stdin(
        &["--format", "jsonl", "--max-bytes", "10000000", "-"],
        letter,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).lines().count() > 10);
}
