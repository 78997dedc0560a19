//! Browser end-to-end over the whole product: starts the real `casecourse
//! serve` binary on a fresh SQLite file and a free loopback port, reads the
//! first admin's one-time password from its output, and drives headless
//! Chromium with `node e2e/run.mjs` (first login forces the password
//! change; then import, curate and date the index, course page, cohort). Runs when
//! `CASECOURSE_REQUIRE_BROWSER=1` or when `e2e/node_modules` exists;
//! otherwise skips with a note.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

/// Kills the server however the test ends.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts `casecourse serve`; returns it, its address and the one-time
/// admin password, read from its standard error.
fn serve(db: &Path) -> (Server, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_casecourse"))
        .args(["serve", "--bind", "127.0.0.1:0", "--database"])
        .arg(format!("sqlite://{}", db.display()))
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .expect("casecourse serve did not start");
    let stderr = child.stderr.take().expect("stderr");
    let server = Server(child);
    let (tx, rx) = mpsc::channel::<String>();
    // Keeps reading after start-up so the server never blocks on a full pipe.
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            eprintln!("server: {line}");
            let _ = tx.send(line);
        }
    });
    let (mut password, mut addr) = (None, None);
    let mut after_banner = false;
    while addr.is_none() {
        let line = rx
            .recv_timeout(Duration::from_secs(60))
            .expect("casecourse serve printed no 'listening' line within 60 s");
        if line.contains("one-time password") {
            after_banner = true;
        } else if after_banner && !line.trim().is_empty() && password.is_none() {
            password = Some(line.trim().to_string());
        }
        if let Some(url) = line.split("listening on ").nth(1) {
            addr = Some(url.trim().to_string());
        }
    }
    (
        server,
        addr.unwrap_or_default(),
        password.expect("no one-time password printed on first start"),
    )
}

#[test]
fn an_admin_changes_the_one_time_password_imports_corrects_and_exports() {
    let root = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."));
    let e2e = std::fs::canonicalize(root.join("e2e")).unwrap_or_else(|_| root.join("e2e"));
    let required = std::env::var("CASECOURSE_REQUIRE_BROWSER").as_deref() == Ok("1");
    if !required && !e2e.join("node_modules").exists() {
        eprintln!(
            "note: e2e/node_modules missing and CASECOURSE_REQUIRE_BROWSER unset; browser test skipped"
        );
        return;
    }
    let shared = root.join("../shared/cases/mda5-cadm-rpild-mmf.txt");
    let dir = std::env::temp_dir().join(format!("casecourse-e2e-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let narrative = if shared.exists() {
        shared
    } else {
        eprintln!("note: ../shared not found; using a short narrative");
        let p = dir.join("narrative.txt");
        std::fs::write(&p, "A 36-year-old man was admitted with cough. Ferritin was 1500 ug/L. Anti-MDA5 antibody was positive.").unwrap();
        p
    };
    let (_server, url, password) = serve(&dir.join("e2e.db"));
    let output = Command::new("node")
        .arg(e2e.join("run.mjs"))
        .current_dir(&e2e)
        .env("CASECOURSE_URL", &url)
        .env("CASECOURSE_USER", "admin")
        .env("CASECOURSE_PASSWORD", &password)
        .env("CASECOURSE_NEW_PASSWORD", "e2e-chosen-password")
        .env("CASECOURSE_NARRATIVE", &narrative)
        .env("CASECOURSE_SCREENSHOTS", e2e.join("screenshots"))
        .output()
        .expect("node not found: install Node.js and run .ci/setup-e2e.sh");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    println!("{stdout}\n{stderr}");
    assert!(
        output.status.success(),
        "browser test failed:\n{stdout}\n{stderr}"
    );
    for check in [
        "ok: the one-time password had to be changed first",
        "ok: course page timeline shows the correction",
        "ok: cohort page links the FHIR export",
    ] {
        assert!(stdout.contains(check), "missing {check:?}");
    }
}
