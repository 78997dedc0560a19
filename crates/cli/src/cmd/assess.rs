//! `casecourse assess`: what a careful clinician would compute from a
//! course. A thin face over `casecourse_assess`.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use casecourse_assess::knowledge::Knowledge;
use casecourse_assess::{Assessment, Item, assess, assess_with};
use casecourse_model::Value;

use crate::input::ReadArgs;

/// Assess a narrative or a course JSON: derived physiology, acid-base,
/// criteria, prognostic models, regimen analytics, response and
/// consistency warnings, each with its inputs, assumptions and source.
///
/// Examples:
///   casecourse assess examples/mda5-cadm.txt
///   casecourse extract note.txt > course.json && casecourse assess course.json --format json
#[derive(clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// A narrative (UTF-8 text) or a course JSON from `extract` (detected by
    /// a leading `{`), or `-` for standard input.
    pub file: PathBuf,
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Read edited knowledge files (data/assess/*.toml) from this directory.
    #[arg(long)]
    pub knowledge: Option<PathBuf>,
    #[command(flatten)]
    pub read: ReadArgs,
    /// Write here instead of standard output.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
}

/// Output formats.
#[derive(Clone, Copy, clap::ValueEnum)]
pub enum Format {
    /// Readable lines, grouped by category and time.
    Text,
    /// The assessment JSON (`casecourse.assessment/1`).
    Json,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let course = crate::input::read_course(&args.file, args.read.lossy, args.read.max_bytes, None)?;
    let assessment = match &args.knowledge {
        Some(dir) => {
            let kb = Knowledge::from_files(dir)
                .with_context(|| format!("reading assessment knowledge from {}", dir.display()))?;
            assess_with(&course, &kb)
        }
        None => assess(&course),
    };
    let mut out = super::output(args.output.as_deref())?;
    if let Some(w) = course.warnings.iter().find(|w| w.code == "lossy-input") {
        eprintln!(
            "casecourse: warning: {}: {}",
            args.file.display(),
            w.message
        );
    }
    match args.format {
        Format::Json => writeln!(out, "{}", assessment.to_json())?,
        Format::Text => write_text(&mut out, &assessment)?,
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn value_text(it: &Item) -> String {
    let v = match &it.value {
        Some(Value::Number(n)) => format!("{n}"),
        Some(Value::Text(t)) => t.clone(),
        None => match it.bounds {
            Some(b) => format!(
                "{}-{}",
                b.low,
                b.high.map(|h| h.to_string()).unwrap_or_else(|| "?".into())
            ),
            None => "-".into(),
        },
    };
    match &it.unit {
        Some(u) if it.value.is_some() || it.bounds.is_some() => format!("{v} {u}"),
        _ => v,
    }
}

fn write_text(out: &mut dyn Write, a: &Assessment) -> std::io::Result<()> {
    writeln!(out, "{}", a.disclaimer)?;
    let mut category = None;
    for it in &a.items {
        if category != Some(it.category) {
            category = Some(it.category);
            writeln!(out, "\n== {:?} ==", it.category)?;
        }
        let when = it
            .day
            .map(|d| format!("week {:.1} (day {d:.0})", d / 7.0))
            .unwrap_or_else(|| "-".into());
        let mark = match it.severity {
            Some(s) => format!(" [{s:?}]").to_lowercase(),
            None => String::new(),
        };
        writeln!(
            out,
            "{when}  {}{mark}: {}\n    {}",
            it.name,
            value_text(it),
            it.interpretation
        )?;
        for (label, list) in [
            ("inputs", &it.inputs),
            ("assumptions", &it.assumptions),
            ("missing", &it.missing),
            ("limits", &it.limitations),
        ] {
            if !list.is_empty() {
                writeln!(out, "    {label}: {}", list.join("; "))?;
            }
        }
        writeln!(out, "    source: {}", it.source)?;
    }
    if !a.lines.is_empty() {
        writeln!(out, "\n== Lines of therapy ==")?;
        for l in &a.lines {
            writeln!(
                out,
                "line {} from day {}: {} ({})",
                l.number,
                l.start_day.map(|d| format!("{d:.0}")).unwrap_or_default(),
                l.reason,
                l.drugs.join(", ")
            )?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use casecourse_model::Course;

    #[test]
    fn bad_course_json_gets_a_clear_error() {
        let err = crate::input::course_from_text("x.json", "{ not json", None).unwrap_err();
        let msg = format!("{err:#}");
        assert!(msg.contains("x.json: not a usable course JSON"), "{msg}");
        assert!(msg.contains("line 1"), "{msg}");
        let err = crate::input::course_from_text(
            "old.json",
            r#"{"schema":"casecourse.course/0","source":{"text":""},"index":{"kind":"admission","description":""},"facts":[]}"#,
            None,
        )
        .unwrap_err();
        assert!(format!("{err:#}").contains("casecourse.course/0"));
        let err = crate::input::course_from_text(
            "v.json",
            r#"{"schema":"casecourse.course/1","facts":7}"#,
            None,
        )
        .unwrap_err();
        assert!(format!("{err:#}").contains("v.json"));
    }

    #[test]
    fn a_narrative_is_extracted_then_assessed() {
        let text = "A 50-year-old man. The arterial blood gas showed a pH of 7.40, \
                    PaO2 of 60 mmHg and PaCO2 of 40 mmHg.";
        let course = crate::input::course_from_text("note.txt", text, None).unwrap();
        assert_eq!(course.source.name.as_deref(), Some("note.txt"));
        let a = assess(&course);
        let mut out = Vec::new();
        write_text(&mut out, &a).unwrap();
        assert!(String::from_utf8(out).unwrap().contains("not a diagnosis"));
    }

    #[test]
    fn a_course_json_round_trips_into_an_assessment() {
        let mut c = Course::new("pH 7.40");
        let mut f = casecourse_model::Fact::new("ph", casecourse_model::Kind::Lab, "arterial pH");
        f.value = Some(Value::Number(17.0));
        f.time = casecourse_model::Time::at(0.0);
        c.facts.push(f);
        let course = crate::input::course_from_text("c.json", &c.to_json(), None).unwrap();
        let a = assess(&course);
        let mut text = Vec::new();
        write_text(&mut text, &a).unwrap();
        let text = String::from_utf8(text).unwrap();
        assert!(text.contains("not a diagnosis"));
        assert!(text.contains("arterial pH [error]"), "{text}");
    }
}
