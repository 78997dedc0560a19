//! One module per subcommand: its flags (`Args`) and `run`.

pub mod assess;
pub mod batch;
pub mod chart;
pub mod eval;
pub mod extract;
pub mod fhir;
pub mod report;
pub mod serve;

use std::io::Write;
use std::path::Path;

use anyhow::{Context, bail};

/// Standard output, or a file created at `path`.
pub fn output(path: Option<&Path>) -> anyhow::Result<Box<dyn Write>> {
    Ok(match path {
        Some(p) if p != Path::new("-") => Box::new(std::io::BufWriter::new(
            std::fs::File::create(p).with_context(|| format!("cannot create {}", p.display()))?,
        )),
        _ => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
    })
}

/// Checks a YYYY-MM-DD date given on the command line.
pub fn check_date(d: &str) -> anyhow::Result<()> {
    let parts: Vec<&str> = d.split('-').collect();
    let ok = parts.len() == 3
        && parts[0].len() == 4
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
        && (1..=12).contains(&parts[1].parse::<u32>().unwrap_or(0))
        && (1..=31).contains(&parts[2].parse::<u32>().unwrap_or(0));
    if !ok {
        bail!("--index-date {d:?} is not a date of the form YYYY-MM-DD");
    }
    Ok(())
}
