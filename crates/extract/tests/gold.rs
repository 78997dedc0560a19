//! Extraction scored against hand-written gold lists: the founding case
//! (when ../shared is present) and the in-repo fixtures.
//!
//! `CASECOURSE_GOLD_REPORT=1 cargo test -p casecourse-extract --test gold -- --nocapture`
//! prints every miss and false positive.

use std::path::{Path, PathBuf};

use casecourse_corpus::gold::{GoldScore, load_gold, score};
use casecourse_extract::{Options, extract};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn run(gold_path: &Path) -> GoldScore {
    let gold = load_gold(gold_path).unwrap_or_else(|e| panic!("{e}"));
    let text_path = gold_path.with_file_name(&gold.text);
    let text = std::fs::read_to_string(&text_path)
        .unwrap_or_else(|e| panic!("{}: {e}", text_path.display()));
    // A gold list written against dates names the index date it used, and
    // it is given here as a user would give `--index-date`: these counts
    // are of times read against the gold's own day 0. `casecourse eval`
    // (docs/evaluation.md) gives no index date, so the extractor must find
    // it; its recall differs by about a point on most sets and by much
    // more on courses told over years (held-out 26).
    let raw: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(gold_path).unwrap()).unwrap();
    let index_date = raw
        .get("index_date")
        .and_then(|v| v.as_str())
        .map(str::to_string);
    let course = extract(
        &text,
        &Options {
            index_date,
            ..Options::default()
        },
    );
    let s = score(&course, &gold);
    if std::env::var_os("CASECOURSE_GOLD_REPORT").is_some() {
        println!("{s}");
    }
    s
}

#[test]
fn founding_case_matches_its_gold_list() {
    let path = root().join("../shared/cases/mda5-cadm-rpild-mmf.gold.json");
    if !path.exists() {
        eprintln!("skipped: {} is not present", path.display());
        return;
    }
    let s = run(&path);
    let missed: Vec<String> = s.missed.iter().map(|m| m.gold.row.id.clone()).collect();
    println!(
        "founding case: recall {:.3}, precision {:.3}, missed {missed:?}",
        s.overall.recall(),
        s.overall.precision()
    );
    assert!(
        s.overall.recall() >= RECALL_FLOOR_FOUNDING,
        "recall {:.3}; missed: {missed:?}\n{s}",
        s.overall.recall()
    );
}

/// Measured floors: raise them as extraction improves, never lower them.
/// Stop 20 raised them all; part of each rise is the stop's scorer changes
/// (a point inside a gold span, lab and microbiology as one family of
/// infection tests, units of a dose, one interval per schedule), which
/// docs/evaluation.md counts apart from the extraction rules (the new
/// procedure names are counted with the rules, though the scorer also
/// reads their aliases as synonyms).
const RECALL_FLOOR_FOUNDING: f64 = 0.98;
const RECALL_FLOOR_FIXTURES: f64 = 0.70;

/// The held-out set (tests/fixtures/heldout): written without reading the
/// rules; its floor is its own.
const RECALL_FLOOR_HELDOUT: f64 = 0.73;

/// The second held-out set (tests/fixtures/heldout2), also written without
/// reading the rules; development data since stop 11.
const RECALL_FLOOR_HELDOUT2: f64 = 0.67;

/// The third held-out set (tests/fixtures/heldout3), written without
/// reading the rules and not used to tune them.
const RECALL_FLOOR_HELDOUT3: f64 = 0.62;

/// The fourth held-out set (tests/fixtures/heldout4), written in stop 12
/// without reading the rules and not used to tune them (one sentence of
/// its text was seen in stop 16, in a diff of our own output).
const RECALL_FLOOR_HELDOUT4: f64 = 0.55;

/// The fifth held-out set (tests/fixtures/heldout5), written in stop 13
/// without reading the rules. Its misses were read in stop 15, so it is
/// development data now.
const RECALL_FLOOR_HELDOUT5: f64 = 0.65;

/// The sixth held-out set (tests/fixtures/heldout6), written in stop 14
/// without reading the rules. Its misses were read in stop 17, so it is
/// development data now.
const RECALL_FLOOR_HELDOUT6: f64 = 0.58;

/// The seventh held-out set (tests/fixtures/heldout7), written in stop 15
/// without reading the rules. Its misses were read in stop 18 (at 0.458),
/// so it is development data now.
const RECALL_FLOOR_HELDOUT7: f64 = 0.64;

/// The eighth held-out set (tests/fixtures/heldout8), written in stop 17
/// without reading the rules; read by its totals only. Its recall when it
/// arrived was 0.403, on main as it was (549b7f3). The lead saw its file
/// names and three lines of its README (see docs/evaluation.md). 0.418 at
/// the end of stop 18; in stop 19, dates written without their year ("on
/// 15 March"), chosen on the development sets (+11 facts there), took it
/// to 0.409; 0.421 at the end of stop 19.
const RECALL_FLOOR_HELDOUT8: f64 = 0.51;

/// The ninth held-out set (tests/fixtures/heldout9), written in stop 18
/// without reading the rules; read by its totals only. Its recall when it
/// arrived was 0.366, on main as it was (8f8a1e8).
const RECALL_FLOOR_HELDOUT9: f64 = 0.45;

/// The tenth held-out set (tests/fixtures/heldout10), written in stop 19
/// without reading the rules; read by its totals only. Its recall when it
/// arrived was 0.452, on main as it was (a52d10a).
const RECALL_FLOOR_HELDOUT10: f64 = 0.52;

/// The eleventh held-out set (tests/fixtures/heldout11), written in stop
/// 20 without reading the rules; read by its totals only. Its recall when
/// it arrived was 0.529, on main as it was (db5918c).
const RECALL_FLOOR_HELDOUT11: f64 = 0.60;

/// The twelfth held-out set (tests/fixtures/heldout12), written in stop
/// 21 without reading the rules; read by its totals only. Its recall when
/// it arrived was 0.425, on main as it was (6184a84).
const RECALL_FLOOR_HELDOUT12: f64 = 0.49;

/// The thirteenth held-out set (tests/fixtures/heldout13), written in
/// stop 22 without reading the rules; read by its totals only. Its recall
/// when it arrived was 0.417, on main as it was (ae88a74).
const RECALL_FLOOR_HELDOUT13: f64 = 0.49;

/// The fourteenth held-out set (tests/fixtures/heldout14), written in
/// stop 23 without reading the rules; read by its totals and its texts'
/// totals only. Its recall when it arrived was 0.422, on main as it was
/// (9398bb6).
const RECALL_FLOOR_HELDOUT14: f64 = 0.45;

/// The fifteenth held-out set (tests/fixtures/heldout15), written in
/// stop 24 without reading the rules; read by its totals, its texts'
/// totals, and the warnings and index event of each text (see its
/// README). Its recall when it arrived was 0.203, on main as it was
/// (716607e).
const RECALL_FLOOR_HELDOUT15: f64 = 0.41;

/// The sixteenth held-out set (tests/fixtures/heldout16): eight texts in
/// the house styles of published journals, written in stop 25 without
/// reading the rules; read by its totals and its texts' totals, and the
/// time expressions found in one text (see its README). Its recall when
/// it arrived was 0.456, on main as it was (565c065).
const RECALL_FLOOR_HELDOUT16: f64 = 0.49;

/// The seventeenth held-out set (tests/fixtures/heldout17): twelve short
/// case reports in the style of most published ones (abstracts, brief
/// reports, a vignette, a letter), written in stop 26 without reading the
/// rules; read by its totals and its texts' totals (see its README). Its
/// recall when it arrived was 0.468, on main as it was (9979bc0).
const RECALL_FLOOR_HELDOUT17: f64 = 0.49;

/// The eighteenth held-out set (tests/fixtures/heldout18): twelve
/// medium-length journal case reports (lab tables flattened to text,
/// dates in four, a timeline of clock times), written in stop 27 without
/// reading the rules; read by its totals and its texts' totals (see its
/// README). Its recall when it arrived was 0.540, on main as it was
/// (8c3881c).
const RECALL_FLOOR_HELDOUT18: f64 = 0.54;

/// The nineteenth held-out set (tests/fixtures/heldout19): twelve
/// discharge summaries, clinic letters, a referral, an ICU transfer note,
/// an MDT summary and a telephone-clinic note in clinicians' shorthand,
/// written in stop 28 without reading the rules; read by its totals and
/// its texts' totals (see its README). Its recall when it arrived was
/// 0.327, on main as it was (c9cd045).
const RECALL_FLOOR_HELDOUT19: f64 = 0.35;

/// The twentieth held-out set (tests/fixtures/heldout20): eight clinical
/// documents (an ED note, ward-round entries, a pharmacist review, a
/// rheumatology letter over three visits, a respiratory letter, a transfer
/// note, a day-case infusion note, an MDT outcome), written in stop 29
/// without reading the rules. Its recall when it arrived was 0.350, on
/// main as it was (7663743); it then became a development set (see its
/// README).
const RECALL_FLOOR_HELDOUT20: f64 = 0.43;

/// The twenty-first held-out set (tests/fixtures/heldout21): eight long
/// journal case reports with flattened tables, figure legends and
/// discussions, written in stop 30 without reading the rules and kept
/// blind. Its recall when it arrived was 0.539, on main as it was
/// (5066a02).
const RECALL_FLOOR_HELDOUT21: f64 = 0.53;

/// The twenty-second held-out set (tests/fixtures/heldout22): ten whole
/// journal articles as pasted from a PDF (abstract, introduction, case,
/// discussion, declarations, references, page furniture), written in stop
/// 31 without reading the rules and kept blind. Its recall when it arrived
/// was 0.525, on main as it was (f1e8484).
const RECALL_FLOOR_HELDOUT22: f64 = 0.52;

/// The twenty-third held-out set (tests/fixtures/heldout23): six
/// conference abstracts and six short case reports in second-language
/// English, written in stop 32 without reading the rules and kept blind.
/// Its recall when it arrived was 0.546, on main as it was (a23650f).
const RECALL_FLOOR_HELDOUT23: f64 = 0.54;

/// The twenty-fourth held-out set (tests/fixtures/heldout24): six dictated
/// letters and notes (numbers, units and dates spoken in words) and six case
/// reports with a CARE-style timeline, written in stop 33 without reading
/// the rules and kept blind. Its recall when it arrived was 0.327, on main
/// as it was (9957ca2); 0.403 at the end of stop 33 (numbers spoken in
/// words read as digits).
const RECALL_FLOOR_HELDOUT24: f64 = 0.40;

/// The twenty-fifth held-out set (tests/fixtures/heldout25): six case
/// reports whose discussion reviews other published patients with their own
/// numbers (facts that are not this patient's), and six emergency notes and
/// specialist e-consult replies in EHR shorthand, written in stop 34 without
/// reading the rules and kept blind. Its recall when it arrived was 0.452
/// by `casecourse eval` and 0.439 by this test's count, on main as it was
/// (e0118ae).
const RECALL_FLOOR_HELDOUT25: f64 = 0.43;

/// The twenty-sixth held-out set (tests/fixtures/heldout26): six
/// clinicopathological-conference case records (a discussant's differential
/// and literature numbers that are not this patient's) and six courses told
/// over five to fifteen years with years, seasons and ages as anchors,
/// written in stop 35 without reading the rules and kept blind. Its recall
/// when it arrived was 0.338 by `casecourse eval` on main as it was
/// (e7aacb9); 0.448 by this test's count (the gold's index date given)
/// with stop 35's first rule (a year told with the index dates day 0).
const RECALL_FLOOR_HELDOUT26: f64 = 0.32;

/// The twenty-seventh held-out set (tests/fixtures/heldout27): six journal
/// case reports whose course is carried by tables pasted from a web page
/// (cells parted by tabs, by bars, or one per line; several time columns;
/// a treatment table with starts and stops) and six notes exported from an
/// electronic health record (templated sections, problem lists, medication
/// sig lines, result rows), written in stop 36 without reading the rules
/// and kept blind. Its recall when it arrived was 0.227 by `casecourse
/// eval` on main as it was (7664803).
const RECALL_FLOOR_HELDOUT27: f64 = 0.20;

#[test]
fn fixtures_match_their_gold_lists() {
    score_folder("tests/fixtures/cases", 12, RECALL_FLOOR_FIXTURES);
}

#[test]
fn heldout_fixtures_match_their_gold_lists() {
    score_folder("tests/fixtures/heldout", 8, RECALL_FLOOR_HELDOUT);
}

fn score_folder(folder: &str, at_least: usize, floor: f64) {
    let dir = root().join(folder);
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(".gold.json"))
        .collect();
    paths.sort();
    assert!(
        paths.len() >= at_least,
        "at least {at_least} fixtures in {folder}"
    );
    let mut total = casecourse_corpus::gold::Counts::default();
    for p in &paths {
        let s = run(p);
        println!(
            "{:<40} recall {:.3} precision {:.3}",
            s.case,
            s.overall.recall(),
            s.overall.precision()
        );
        total.add(&s.overall);
    }
    println!(
        "all of {folder}: recall {:.3} precision {:.3} f1 {:.3}",
        total.recall(),
        total.precision(),
        total.f1()
    );
    assert!(
        total.recall() >= floor,
        "{folder}: micro recall {:.3}",
        total.recall()
    );
}

#[test]
fn second_heldout_fixtures_match_their_gold_lists() {
    score_folder("tests/fixtures/heldout2", 6, RECALL_FLOOR_HELDOUT2);
}

#[test]
fn third_heldout_fixtures_match_their_gold_lists() {
    score_folder("tests/fixtures/heldout3", 8, RECALL_FLOOR_HELDOUT3);
}

#[test]
fn fourth_heldout_fixtures_match_their_gold_lists() {
    score_folder("tests/fixtures/heldout4", 8, RECALL_FLOOR_HELDOUT4);
}

#[test]
fn fifth_heldout_fixtures_match_their_gold_lists() {
    score_folder("tests/fixtures/heldout5", 8, RECALL_FLOOR_HELDOUT5);
}

#[test]
fn sixth_heldout_fixtures_match_their_gold_lists() {
    score_folder("tests/fixtures/heldout6", 8, RECALL_FLOOR_HELDOUT6);
}

#[test]
fn seventh_heldout_fixtures_match_their_gold_lists() {
    score_folder("tests/fixtures/heldout7", 8, RECALL_FLOOR_HELDOUT7);
}

#[test]
fn eighth_heldout_fixtures_match_their_gold_lists() {
    score_folder("tests/fixtures/heldout8", 8, RECALL_FLOOR_HELDOUT8);
}

#[test]
fn ninth_heldout_fixtures_match_their_gold_lists() {
    score_folder("tests/fixtures/heldout9", 8, RECALL_FLOOR_HELDOUT9);
}

#[test]
fn tenth_heldout_fixtures_match_their_gold_lists() {
    score_folder("tests/fixtures/heldout10", 8, RECALL_FLOOR_HELDOUT10);
}

#[test]
fn eleventh_heldout_fixtures_match_their_gold_lists() {
    score_folder("tests/fixtures/heldout11", 8, RECALL_FLOOR_HELDOUT11);
}

#[test]
fn twelfth_heldout_fixtures_match_their_gold_lists() {
    score_folder("tests/fixtures/heldout12", 8, RECALL_FLOOR_HELDOUT12);
}

#[test]
fn thirteenth_heldout_fixtures_match_their_gold_lists() {
    score_folder("tests/fixtures/heldout13", 8, RECALL_FLOOR_HELDOUT13);
}

#[test]
fn fourteenth_heldout_fixtures_match_their_gold_lists() {
    score_folder("tests/fixtures/heldout14", 8, RECALL_FLOOR_HELDOUT14);
}

#[test]
fn fifteenth_heldout_fixtures_match_their_gold_lists() {
    score_folder("tests/fixtures/heldout15", 8, RECALL_FLOOR_HELDOUT15);
}

#[test]
fn sixteenth_heldout_fixtures_match_their_gold_lists() {
    score_folder("tests/fixtures/heldout16", 8, RECALL_FLOOR_HELDOUT16);
}

#[test]
fn seventeenth_heldout_fixtures_match_their_gold_lists() {
    score_folder("tests/fixtures/heldout17", 12, RECALL_FLOOR_HELDOUT17);
}

#[test]
fn eighteenth_heldout_fixtures_match_their_gold_lists() {
    score_folder("tests/fixtures/heldout18", 12, RECALL_FLOOR_HELDOUT18);
}

#[test]
fn nineteenth_heldout_fixtures_match_their_gold_lists() {
    score_folder("tests/fixtures/heldout19", 12, RECALL_FLOOR_HELDOUT19);
}

#[test]
fn twentieth_heldout_fixtures_match_their_gold_lists() {
    score_folder("tests/fixtures/heldout20", 8, RECALL_FLOOR_HELDOUT20);
}

#[test]
fn twenty_first_heldout_fixtures_match_their_gold_lists() {
    score_folder("tests/fixtures/heldout21", 8, RECALL_FLOOR_HELDOUT21);
}

#[test]
fn twenty_second_heldout_fixtures_match_their_gold_lists() {
    score_folder("tests/fixtures/heldout22", 10, RECALL_FLOOR_HELDOUT22);
}

#[test]
fn twenty_third_heldout_fixtures_match_their_gold_lists() {
    score_folder("tests/fixtures/heldout23", 12, RECALL_FLOOR_HELDOUT23);
}

#[test]
fn twenty_fourth_heldout_fixtures_match_their_gold_lists() {
    score_folder("tests/fixtures/heldout24", 12, RECALL_FLOOR_HELDOUT24);
}

#[test]
fn twenty_fifth_heldout_fixtures_match_their_gold_lists() {
    score_folder("tests/fixtures/heldout25", 12, RECALL_FLOOR_HELDOUT25);
}

#[test]
fn twenty_sixth_heldout_fixtures_match_their_gold_lists() {
    score_folder("tests/fixtures/heldout26", 12, RECALL_FLOOR_HELDOUT26);
}

#[test]
fn twenty_seventh_heldout_fixtures_match_their_gold_lists() {
    score_folder("tests/fixtures/heldout27", 12, RECALL_FLOOR_HELDOUT27);
}
