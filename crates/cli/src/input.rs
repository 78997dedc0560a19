//! Reading a narrative from a file or standard input, with clear errors for
//! input that is not text.

use std::io::Read;
use std::path::Path;

use anyhow::{Context, bail};

/// Largest narrative accepted by default. A case report is ≈50 kB and a
/// whole textbook ≈2 MB; extraction is linear, ≈3 s and ≈35 bytes of
/// memory per input byte per 10 MB, so 32 MiB stays near a gigabyte.
/// Anything larger is a corpus: `casecourse batch` reads it document by
/// document, and `--max-bytes` raises the limit deliberately.
pub const DEFAULT_MAX_BYTES: u64 = 32 * 1024 * 1024;

/// How a command reads its input file (flattened into each command's
/// arguments).
#[derive(clap::Args, Debug, Clone)]
pub struct ReadArgs {
    /// Replace invalid UTF-8 with U+FFFD (and warn) instead of failing.
    #[arg(long)]
    pub lossy: bool,
    /// Refuse inputs larger than this many bytes.
    #[arg(long, default_value_t = DEFAULT_MAX_BYTES)]
    pub max_bytes: u64,
}

/// Puts the note of a lossy decoding first among the course's warnings.
pub fn note_lossy(course: &mut casecourse_model::Course, note: Option<String>) {
    if let Some(message) = note {
        course.warnings.insert(
            0,
            casecourse_model::Warning {
                code: "lossy-input".into(),
                message,
                fact_ids: vec![],
                spans: vec![],
            },
        );
    }
}

/// A narrative read from disk or stdin.
pub struct Narrative {
    /// File name (or `-`).
    pub name: String,
    /// The text.
    pub text: String,
    /// Set when invalid UTF-8 was replaced under `--lossy`.
    pub lossy_note: Option<String>,
}

/// Reads `path` (`-` for stdin). Invalid UTF-8 is an error naming the byte
/// offset, unless `lossy`, which replaces bad bytes with U+FFFD and says so.
pub fn read_narrative(path: &Path, lossy: bool, max_bytes: u64) -> anyhow::Result<Narrative> {
    let name = path.display().to_string();
    let mut bytes = Vec::new();
    if name == "-" {
        std::io::stdin()
            .lock()
            .take(max_bytes + 1)
            .read_to_end(&mut bytes)
            .context("reading standard input")?;
    } else {
        let file = std::fs::File::open(path).with_context(|| format!("cannot open {name}"))?;
        file.take(max_bytes + 1)
            .read_to_end(&mut bytes)
            .with_context(|| format!("reading {name}"))?;
    }
    if bytes.len() as u64 > max_bytes {
        bail!(
            "{name}: larger than the {max_bytes}-byte limit for one narrative (a corpus? use `casecourse batch`; or raise the limit with --max-bytes)"
        );
    }
    decode(name, bytes, lossy)
}

/// Decodes bytes as UTF-8 (a leading BOM is dropped).
pub fn decode(name: String, mut bytes: Vec<u8>, lossy: bool) -> anyhow::Result<Narrative> {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    if bytes.contains(&0) && !lossy {
        let at = bytes.iter().position(|&b| b == 0).unwrap_or(0);
        bail!(
            "{name}: looks binary (NUL byte at offset {at}); casecourse reads plain text (use --lossy to force)"
        );
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(Narrative {
            name,
            text,
            lossy_note: None,
        }),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            if !lossy {
                bail!(
                    "{name}: not valid UTF-8 at byte {at}; convert the file to UTF-8 or pass --lossy to replace bad bytes"
                );
            }
            let text = String::from_utf8_lossy(e.as_bytes()).replace('\0', "\u{FFFD}");
            Ok(Narrative {
                name,
                text,
                lossy_note: Some(format!(
                    "invalid UTF-8 from byte {at} was replaced with U+FFFD"
                )),
            })
        }
    }
}

/// A course JSON when the text starts with `{`, otherwise a narrative to
/// extract (with `index_date` as day 0's date, when given).
pub fn course_from_text(
    name: &str,
    text: &str,
    index_date: Option<String>,
) -> anyhow::Result<casecourse_model::Course> {
    if text.trim_start().starts_with('{') {
        return casecourse_model::Course::from_json(text)
            .with_context(|| format!("{name}: not a usable course JSON"));
    }
    let options = casecourse_extract::Options {
        name: Some(name.to_string()),
        index_date,
        ..casecourse_extract::Options::default()
    };
    Ok(casecourse_extract::extract(text, &options))
}

/// Reads FILE (`-` for stdin) as a course: every command that takes "a
/// narrative or a course JSON" comes through here. A lossy decoding is
/// reported as the course's first warning.
pub fn read_course(
    path: &Path,
    lossy: bool,
    max_bytes: u64,
    index_date: Option<String>,
) -> anyhow::Result<casecourse_model::Course> {
    let narrative = read_narrative(path, lossy, max_bytes)?;
    // The file's name, not its path: it titles the chart and the report.
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| narrative.name.clone());
    let mut course = course_from_text(&name, &narrative.text, index_date)?;
    note_lossy(&mut course, narrative.lossy_note);
    Ok(course)
}
