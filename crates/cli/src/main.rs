//! `casecourse`: make a clinical course computable.
//!
//! This binary is glue: each subcommand parses its flags and calls a
//! library crate. See ARCHITECTURE.md.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod cmd;
mod input;

// mimalloc for this binary only (the library crates leave the choice to
// their users): glibc's malloc and free took ≈10 % of an extraction's
// time; with mimalloc the founding case runs ≈10 % faster.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Make a clinical course computable: read a case report, discharge letter or
/// clinic note and write its structured course, assessments, chart and report.
///
/// Example:
///   casecourse extract examples/mda5-dm-letter.txt --format table
#[derive(Parser)]
#[command(name = "casecourse", version, about, long_about, verbatim_doc_comment)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    Extract(cmd::extract::Args),
    Assess(cmd::assess::Args),
    Chart(cmd::chart::Args),
    Report(cmd::report::Args),
    #[command(subcommand)]
    Fhir(cmd::fhir::Command),
    Serve(cmd::serve::Args),
    #[command(subcommand)]
    Admin(cmd::serve::AdminCommand),
    Backup(cmd::serve::BackupArgs),
    Restore(cmd::serve::RestoreArgs),
    Batch(cmd::batch::Args),
    Eval(cmd::eval::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Extract(a) => cmd::extract::run(a),
        Command::Assess(a) => cmd::assess::run(a),
        Command::Chart(a) => cmd::chart::run(a),
        Command::Report(a) => cmd::report::run(a),
        Command::Fhir(c) => cmd::fhir::run(c),
        Command::Serve(a) => cmd::serve::run(a),
        Command::Admin(c) => cmd::serve::run_admin(c),
        Command::Backup(a) => cmd::serve::run_backup(a),
        Command::Restore(a) => cmd::serve::run_restore(a),
        Command::Batch(a) => cmd::batch::run(a),
        Command::Eval(a) => cmd::eval::run(a),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            if is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            eprintln!("casecourse: error: {err:#}");
            ExitCode::from(2)
        }
    }
}

/// `casecourse extract x | head` must not report an error when head exits.
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        if let Some(j) = e.downcast_ref::<serde_json::Error>() {
            return j.io_error_kind() == Some(std::io::ErrorKind::BrokenPipe);
        }
        e.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
