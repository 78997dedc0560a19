//! Extraction speed: the founding case (target under 1 ms), throughput over
//! every fixture narrative (target 50 MB/s per core), and lexicon start-up
//! (target under 20 ms). Run with `cargo bench -p casecourse-extract`.

use std::hint::black_box;
use std::path::Path;

use casecourse_extract::{Extractor, Options, extract};
use casecourse_knowledge::Lexicon;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

fn root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
}

fn fixtures() -> String {
    let dir = root().join("tests/fixtures/cases");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .map(|d| d.filter_map(|e| e.ok()).map(|e| e.path()).collect())
        .unwrap_or_default();
    names.retain(|p| p.extension().is_some_and(|e| e == "txt"));
    names.sort();
    names
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .collect::<Vec<_>>()
        .join("\n\n")
}

fn bench(c: &mut Criterion) {
    let options = Options::default();
    let corpus = fixtures();
    let _ = extract(&corpus, &options); // compile the lexicons outside the timing
    if let Ok(text) =
        std::fs::read_to_string(root().join("../shared/cases/mda5-cadm-rpild-mmf.txt"))
    {
        c.bench_function("extract founding case", |b| {
            b.iter(|| extract(black_box(&text), &options))
        });
    } else {
        eprintln!("note: ../shared/cases not found; founding-case benchmark skipped");
    }
    let mut g = c.benchmark_group("throughput");
    g.throughput(Throughput::Bytes(corpus.len() as u64));
    g.bench_function("extract all fixtures", |b| {
        b.iter(|| extract(black_box(&corpus), &options))
    });
    g.finish();
    let dir = root().join("data/lexicon");
    // Start-up is parsing the built-in lexicon plus compiling the matchers;
    // `--knowledge DIR` parses the curated TOML instead.
    c.bench_function("start-up: parse built-in lexicon", |b| {
        b.iter(|| black_box(Lexicon::parse_builtin().expect("lexicon")))
    });
    c.bench_function("start-up: parse lexicon TOML files (--knowledge)", |b| {
        b.iter(|| black_box(Lexicon::from_dir(&dir).expect("lexicon")))
    });
    let lex = Lexicon::builtin().expect("lexicon");
    c.bench_function("start-up: compile matchers", |b| {
        b.iter(|| black_box(Extractor::new(lex)))
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = bench
}
criterion_main!(benches);
