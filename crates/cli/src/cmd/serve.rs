//! `casecourse serve`, `admin`, `backup`, `restore` (not yet built).

use std::process::ExitCode;

/// Run the registry service.
#[derive(clap::Args)]
pub struct Args {}

/// Manage registry accounts.
#[derive(clap::Subcommand)]
pub enum AdminCommand {
    /// Not yet available.
    Create,
}

/// Back up the registry database.
#[derive(clap::Args)]
pub struct BackupArgs {}

/// Restore the registry database.
#[derive(clap::Args)]
pub struct RestoreArgs {}

fn unavailable() -> anyhow::Result<ExitCode> {
    anyhow::bail!("the registry is not available in this build yet")
}

pub fn run(_args: Args) -> anyhow::Result<ExitCode> {
    unavailable()
}
pub fn run_admin(_cmd: AdminCommand) -> anyhow::Result<ExitCode> {
    unavailable()
}
pub fn run_backup(_args: BackupArgs) -> anyhow::Result<ExitCode> {
    unavailable()
}
pub fn run_restore(_args: RestoreArgs) -> anyhow::Result<ExitCode> {
    unavailable()
}
