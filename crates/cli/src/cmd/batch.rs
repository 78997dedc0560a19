//! `casecourse batch` (not yet built).

use std::process::ExitCode;

/// Not yet available.
#[derive(clap::Args)]
pub struct Args {}

pub fn run(_args: Args) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`batch` is not available in this build yet")
}
