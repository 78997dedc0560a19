//! Browser end-to-end: serves the registry on a loopback port (the same
//! `serve` that `casecourse serve` runs) and drives headless Chromium with
//! `node e2e/run.mjs`. Runs when `CASECOURSE_REQUIRE_BROWSER=1` or when
//! `e2e/node_modules` exists; otherwise skips with a note.

use std::net::SocketAddr;
use std::path::Path;

use casecourse_server::store::{Role, Store, Who};
use casecourse_server::{AppState, Config, serve};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_curator_imports_corrects_and_sees_the_correction() {
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
    std::fs::create_dir_all(&dir).unwrap();
    let narrative = if shared.exists() {
        shared
    } else {
        eprintln!("note: ../shared not found; using a short narrative");
        let p = dir.join("narrative.txt");
        std::fs::write(&p, "A 36-year-old man was admitted with cough. Ferritin was 1500 ug/L. Anti-MDA5 antibody was positive.").unwrap();
        p
    };
    let store = Store::open(&format!("sqlite://{}", dir.join("e2e.db").display()))
        .await
        .unwrap();
    store
        .create_user(
            &Who::new("setup", "test"),
            "cura",
            "password-123",
            Role::Curator,
        )
        .await
        .unwrap();
    let (tx, rx) = std::sync::mpsc::channel::<SocketAddr>();
    let state = AppState::new(store, Config::default());
    let server = tokio::spawn(async move {
        serve(state, "127.0.0.1:0".parse().unwrap(), |addr| {
            let _ = tx.send(addr);
        })
        .await
    });
    let addr = tokio::task::spawn_blocking(move || rx.recv())
        .await
        .unwrap()
        .expect("server did not start");
    let shots = e2e.join("screenshots");
    let output = tokio::task::spawn_blocking(move || {
        std::process::Command::new("node")
            .arg(e2e.join("run.mjs"))
            .current_dir(&e2e)
            .env("CASECOURSE_URL", format!("http://{addr}"))
            .env("CASECOURSE_USER", "cura")
            .env("CASECOURSE_PASSWORD", "password-123")
            .env("CASECOURSE_NARRATIVE", &narrative)
            .env("CASECOURSE_SCREENSHOTS", &shots)
            .output()
    })
    .await
    .unwrap()
    .expect("node not found: install Node.js and run .ci/setup-e2e.sh");
    server.abort();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    println!("{stdout}\n{stderr}");
    assert!(
        output.status.success(),
        "browser test failed:\n{stdout}\n{stderr}"
    );
    assert!(stdout.contains("ok: course page timeline shows the correction"));
}
