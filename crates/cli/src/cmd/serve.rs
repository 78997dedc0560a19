//! `casecourse serve`, `admin create`, `backup`, `restore`: the registry.

use std::io::{Read, Write};
use std::net::SocketAddr;
use std::process::ExitCode;

use anyhow::Context;
use casecourse_server::store::{Backup, Role, Store, Who, new_password};
use casecourse_server::{AppState, Config, block_on, serve};

const DEFAULT_DATABASE: &str = "sqlite://casecourse.db";

/// Run the registry service: a web UI and JSON API over a database.
///
/// The SQLite file is created and migrated on first start; with no accounts
/// yet, an admin account is created and its one-time password printed.
#[derive(clap::Args)]
pub struct Args {
    /// Database: sqlite://FILE (created when missing) or postgres://...
    #[arg(long, default_value = DEFAULT_DATABASE)]
    database: String,
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    bind: SocketAddr,
    /// Mark session cookies Secure (when served behind TLS).
    #[arg(long)]
    secure_cookies: bool,
    /// Largest request body accepted, in bytes (larger ones get 413).
    #[arg(long, default_value_t = 2 * 1024 * 1024)]
    max_body_bytes: usize,
}

/// Manage registry accounts.
#[derive(clap::Subcommand)]
pub enum AdminCommand {
    /// Create an account and print its generated password.
    Create {
        /// Login name.
        #[arg(long)]
        username: String,
        /// admin, curator or viewer.
        #[arg(long, default_value = "curator")]
        role: String,
        /// Database URL.
        #[arg(long, default_value = DEFAULT_DATABASE)]
        database: String,
    },
}

/// Back up the registry database as one JSON document.
#[derive(clap::Args)]
pub struct BackupArgs {
    /// Database URL.
    #[arg(long, default_value = DEFAULT_DATABASE)]
    database: String,
    /// Write here (default: standard output).
    #[arg(long, short)]
    output: Option<std::path::PathBuf>,
}

/// Restore a backup into an empty registry database.
#[derive(clap::Args)]
pub struct RestoreArgs {
    /// Database URL (must hold no data yet).
    #[arg(long, default_value = DEFAULT_DATABASE)]
    database: String,
    /// The backup file (default: standard input).
    input: Option<std::path::PathBuf>,
}

fn cli() -> Who {
    Who::new("system", "cli")
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    block_on(async move {
        let store = Store::open(&args.database)
            .await
            .with_context(|| format!("opening {}", args.database))?;
        if store.user_count().await? == 0 {
            let password = new_password()?;
            store
                .create_user_one_time(&cli(), "admin", &password, Role::Admin)
                .await?;
            eprintln!(
                "casecourse: first start: created user \"admin\" with the one-time password\n\n    {password}\n\nIt is shown only now and must be changed at the first login."
            );
        }
        let config = Config {
            secure_cookies: args.secure_cookies,
            max_body_bytes: args.max_body_bytes,
            ..Config::default()
        };
        let backend = store.backend();
        serve(AppState::new(store, config), args.bind, |addr| {
            eprintln!("casecourse: registry ({backend}) listening on http://{addr}");
        })
        .await
        .with_context(|| format!("serving on {}", args.bind))?;
        Ok(ExitCode::SUCCESS)
    })?
}

pub fn run_admin(cmd: AdminCommand) -> anyhow::Result<ExitCode> {
    let AdminCommand::Create {
        username,
        role,
        database,
    } = cmd;
    let role = Role::parse(&role)
        .with_context(|| format!("--role {role:?}: use admin, curator or viewer"))?;
    block_on(async move {
        let store = Store::open(&database)
            .await
            .with_context(|| format!("opening {database}"))?;
        let password = new_password()?;
        store
            .create_user_one_time(&cli(), &username, &password, role)
            .await?;
        println!(
            "created {} {username:?}; one-time password (to be changed at the first login): {password}",
            role.as_str()
        );
        Ok(ExitCode::SUCCESS)
    })?
}

pub fn run_backup(args: BackupArgs) -> anyhow::Result<ExitCode> {
    block_on(async move {
        let store = Store::open(&args.database)
            .await
            .with_context(|| format!("opening {}", args.database))?;
        let backup = store.backup().await?;
        let json = serde_json::to_vec_pretty(&backup)?;
        match &args.output {
            Some(path) => std::fs::write(path, &json)
                .with_context(|| format!("writing {}", path.display()))?,
            None => std::io::stdout().write_all(&json)?,
        }
        eprintln!(
            "casecourse: backed up {} users, {} courses, {} corrections, {} audit rows",
            backup.users.len(),
            backup.courses.len(),
            backup.corrections.len(),
            backup.audit.len()
        );
        Ok(ExitCode::SUCCESS)
    })?
}

pub fn run_restore(args: RestoreArgs) -> anyhow::Result<ExitCode> {
    let bytes = match &args.input {
        Some(path) => std::fs::read(path).with_context(|| format!("reading {}", path.display()))?,
        None => {
            let mut buf = Vec::new();
            std::io::stdin().read_to_end(&mut buf)?;
            buf
        }
    };
    let backup: Backup = serde_json::from_slice(&bytes).context("not a casecourse backup")?;
    block_on(async move {
        let store = Store::open(&args.database)
            .await
            .with_context(|| format!("opening {}", args.database))?;
        store.restore(&backup).await?;
        eprintln!("casecourse: restored {} courses", backup.courses.len());
        Ok(ExitCode::SUCCESS)
    })?
}
