//! `casecourse fhir` (not yet built).

use std::process::ExitCode;

/// FHIR R4 export and import.
#[derive(clap::Subcommand)]
pub enum Command {
    /// Not yet available.
    Export,
}

pub fn run(_cmd: Command) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`fhir` is not available in this build yet")
}
