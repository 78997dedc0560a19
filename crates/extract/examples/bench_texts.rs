//! Times extraction in process, one document at a time, over lists of files,
//! and prints one JSON object (used by `scripts/bench-medspacy.sh` to compare
//! casecourse with a medspaCy pipeline on the same texts).
//!
//! ```sh
//! cargo run --release -p casecourse-extract --example bench_texts -- \
//!     [--warmup 2] [--repeats 10] NAME=LIST [NAME=LIST ...]
//! ```
//!
//! LIST is a file with one text path per line. For each set, every document
//! is extracted `warmup` times untimed, then the whole set is timed
//! `repeats` times (one `extract` call per document, single thread); the
//! report gives the median and minimum seconds per set, MB/s and ms per
//! document, and the facts found by kind. Start-up is the median of five
//! runs of parsing `data/lexicon/*.toml` from disk and compiling the
//! matchers.

use std::collections::BTreeMap;
use std::hint::black_box;
use std::time::Instant;

use casecourse_extract::{Extractor, Options};
use casecourse_knowledge::Lexicon;
use serde_json::json;

// The allocator the `casecourse` binary uses, so that the times here are
// the command's (glibc's malloc and free were ≈10 % of an extraction).
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n == 0 {
        return f64::NAN;
    }
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

fn fail(msg: &str) -> ! {
    eprintln!("bench_texts: {msg}");
    eprintln!("usage: bench_texts [--warmup N] [--repeats N] NAME=LIST [NAME=LIST ...]");
    std::process::exit(2);
}

fn main() {
    let mut warmup = 2usize;
    let mut repeats = 10usize;
    let mut sets: Vec<(String, String)> = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut num = |name: &str| -> usize {
            args.next()
                .and_then(|v| v.parse().ok())
                .unwrap_or_else(|| fail(&format!("{name} needs a number")))
        };
        match a.as_str() {
            "--warmup" => warmup = num("--warmup"),
            "--repeats" => repeats = num("--repeats").max(1),
            _ => match a.split_once('=') {
                Some((n, l)) => sets.push((n.to_string(), l.to_string())),
                None => fail(&format!("unexpected argument {a}")),
            },
        }
    }
    if sets.is_empty() {
        fail("no NAME=LIST given");
    }

    // Start-up: the lexicon files from disk plus the compiled matchers.
    let dir = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/lexicon"));
    let mut startup = Vec::new();
    for _ in 0..5 {
        let t = Instant::now();
        let lex = Lexicon::from_dir(dir).unwrap_or_else(|e| fail(&e.to_string()));
        // Leaked on purpose: `Extractor::new` wants a 'static lexicon, and
        // five copies of it are a few megabytes.
        let x = Extractor::new(Box::leak(Box::new(lex)));
        startup.push(t.elapsed().as_secs_f64() * 1e3);
        black_box(&x);
    }
    let startup_ms = median(&mut startup);
    let t = Instant::now();
    let x = Extractor::builtin().unwrap_or_else(|e| fail(&e));
    let builtin_ms = t.elapsed().as_secs_f64() * 1e3;
    let options = Options::default();

    let mut out_sets = Vec::new();
    for (name, list) in &sets {
        let paths = std::fs::read_to_string(list).unwrap_or_else(|e| fail(&format!("{list}: {e}")));
        let texts: Vec<String> = paths
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|p| std::fs::read_to_string(p).unwrap_or_else(|e| fail(&format!("{p}: {e}"))))
            .collect();
        let bytes: usize = texts.iter().map(String::len).sum();
        let mut kinds: BTreeMap<String, usize> = BTreeMap::new();
        let mut negated = 0usize;
        let mut facts = 0usize;
        for t in &texts {
            let c = x.extract(t, &options);
            for f in &c.facts {
                let k = serde_json::to_value(f.kind)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_else(|| "?".into());
                *kinds.entry(k).or_default() += 1;
                negated += usize::from(f.negated);
            }
            facts += c.facts.len();
        }
        for _ in 1..warmup {
            for t in &texts {
                black_box(x.extract(black_box(t), &options));
            }
        }
        let mut secs = Vec::with_capacity(repeats);
        for _ in 0..repeats {
            let t0 = Instant::now();
            for t in &texts {
                black_box(x.extract(black_box(t), &options));
            }
            secs.push(t0.elapsed().as_secs_f64());
        }
        let min = secs.iter().copied().fold(f64::INFINITY, f64::min);
        let med = median(&mut secs);
        out_sets.push(json!({
            "name": name,
            "docs": texts.len(),
            "bytes": bytes,
            "repeats": repeats,
            "median_s": med,
            "min_s": min,
            "mb_per_s": bytes as f64 / 1e6 / med,
            "ms_per_doc": med * 1e3 / texts.len().max(1) as f64,
            "facts": facts,
            "negated": negated,
            "kinds": kinds,
        }));
    }
    let report = json!({
        "tool": "casecourse",
        "startup_ms": startup_ms,
        "startup_builtin_ms": builtin_ms,
        "warmup": warmup,
        "sets": out_sets,
    });
    println!("{report}");
}
