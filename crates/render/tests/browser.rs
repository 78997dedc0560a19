//! The report looked at, not only parsed: headless Chromium opens each
//! report from a file:// URL, takes a screenshot, and dumps the DOM after
//! the page's own layout check has run. The check (in the report's script)
//! measures every chart label and every table cell in the real browser
//! layout and lists label overlaps and boxes whose content overflows.
//!
//! Skipped with a note when Chromium is absent, unless
//! CASECOURSE_REQUIRE_BROWSER=1 (CI sets it in .ci/setup-browser.sh).

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use casecourse_model::Course;
use casecourse_render::{ReportOptions, TimeUnit, report_html};

const CHROMIUM: &str = "/usr/bin/chromium";

fn chromium() -> Option<PathBuf> {
    let p = std::env::var_os("CASECOURSE_CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(CHROMIUM));
    if p.exists() {
        return Some(p);
    }
    let required = std::env::var("CASECOURSE_REQUIRE_BROWSER").is_ok_and(|v| v == "1");
    assert!(
        !required,
        "CASECOURSE_REQUIRE_BROWSER=1 but {} does not exist (run .ci/setup-browser.sh)",
        p.display()
    );
    println!("note: {} not found; browser test skipped", p.display());
    None
}

/// Runs Chromium headless on `url` with `extra` flags; returns stdout.
fn run_chromium(bin: &Path, profile: &Path, url: &str, width: u32, extra: &[String]) -> String {
    let mut cmd = Command::new(bin);
    cmd.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
        "--virtual-time-budget=5000",
    ])
    .arg(format!("--user-data-dir={}", profile.display()))
    .arg(format!("--window-size={width},1400"))
    .args(extra)
    .arg(url)
    // A file, not a pipe: a DOM larger than the pipe buffer would block
    // Chromium until we read, and we read only after it exits.
    .stdout(Stdio::from(
        std::fs::File::create(profile.with_extension("out")).expect("stdout file"),
    ))
    .stderr(Stdio::null());
    let mut child = cmd.spawn().expect("chromium starts");
    let started = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(_)) => break,
            Ok(None) if started.elapsed() > Duration::from_secs(120) => {
                let _ = child.kill();
                panic!("chromium did not finish within 120 s on {url}");
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(100)),
            Err(e) => panic!("waiting for chromium: {e}"),
        }
    }
    let out = std::fs::read(profile.with_extension("out")).expect("chromium output");
    String::from_utf8_lossy(&out).into_owned()
}

/// The JSON the page's layout check wrote into `#layout-check`.
fn layout_check(dom: &str) -> serde_json::Value {
    let doc = scraper::Html::parse_document(dom);
    let sel = scraper::Selector::parse("#layout-check").expect("selector");
    let text: String = doc
        .select(&sel)
        .next()
        .map(|e| e.text().collect())
        .unwrap_or_default();
    serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("the page's layout check wrote no JSON ({e}): {text:?}"))
}

fn check(bin: &Path, dir: &Path, name: &str, course: &Course, time: TimeUnit) {
    let mut opts = ReportOptions::default();
    opts.chart.time = time;
    let assessment = casecourse_assess::assess(course);
    let html = report_html(course, Some(&assessment), &opts);
    let file = dir.join(format!("{name}.html"));
    std::fs::write(&file, html).expect("write report");
    let url = format!("file://{}", file.display());
    let profile = dir.join(format!("profile-{name}"));
    let shot = dir.join(format!("{name}.png"));
    run_chromium(
        bin,
        &profile,
        &url,
        1280,
        &[format!("--screenshot={}", shot.display())],
    );
    let png = std::fs::read(&shot).expect("screenshot written");
    assert!(png.starts_with(b"\x89PNG"), "{name}: screenshot is a PNG");
    assert!(
        png.len() > 10_000,
        "{name}: screenshot is not blank ({} bytes)",
        png.len()
    );
    for width in [1280, 760] {
        let dom = run_chromium(bin, &profile, &url, width, &["--dump-dom".to_string()]);
        let result = layout_check(&dom);
        let texts = result["texts"].as_u64().unwrap_or(0);
        assert!(texts > 5, "{name}@{width}: the chart has labels ({texts})");
        let overlaps = result["overlaps"].as_array().cloned().unwrap_or_default();
        let overflows = result["overflows"].as_array().cloned().unwrap_or_default();
        assert!(
            overlaps.is_empty(),
            "{name}@{width}: labels overlap: {overlaps:?}"
        );
        assert!(
            overflows.is_empty(),
            "{name}@{width}: content overflows: {overflows:?}"
        );
    }
    println!("{name}: screenshot {}", shot.display());
}

#[test]
fn reports_render_in_chromium_without_overlaps_or_overflow() {
    let Some(bin) = chromium() else { return };
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("casecourse-render-browser");
    std::fs::create_dir_all(&dir).expect("temp dir");
    let mut courses = vec![
        ("dated", common::dated_course(), TimeUnit::Dates),
        (
            "single-point",
            common::single_point_course(),
            TimeUnit::Weeks,
        ),
        (
            "twenty-drugs",
            common::twenty_drugs_course(),
            TimeUnit::Weeks,
        ),
        ("no-labs", common::no_labs_course(), TimeUnit::Days),
    ];
    match common::founding_course() {
        Some(c) => courses.insert(0, ("founding", c, TimeUnit::Weeks)),
        None => println!("note: ../shared is absent; founding case not rendered"),
    }
    for (name, course, time) in &courses {
        check(&bin, &dir, name, course, *time);
    }
}

#[test]
fn the_layout_check_sees_an_overlap_when_there_is_one() {
    // The check itself must be able to fail: two labels drawn on top of
    // each other in a page that carries the report's script.
    let Some(bin) = chromium() else { return };
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("casecourse-render-browser");
    std::fs::create_dir_all(&dir).expect("temp dir");
    let html = report_html(&common::dated_course(), None, &ReportOptions::default());
    let broken = html.replacen(
        "<g class=\"course\">",
        "<g class=\"course\"><text x=\"300\" y=\"300\" font-size=\"12\">overlapping one</text><text x=\"305\" y=\"301\" font-size=\"12\">overlapping two</text>",
        1,
    );
    assert_ne!(broken, html, "the chart group is where the test expects it");
    let file = dir.join("broken.html");
    std::fs::write(&file, broken).expect("write");
    let dom = run_chromium(
        &bin,
        &dir.join("profile-broken"),
        &format!("file://{}", file.display()),
        1280,
        &["--dump-dom".to_string()],
    );
    let result = layout_check(&dom);
    let overlaps = result["overlaps"].as_array().cloned().unwrap_or_default();
    assert!(
        overlaps
            .iter()
            .any(|o| o.as_str().is_some_and(|s| s.contains("overlapping one"))),
        "{result}"
    );
}
