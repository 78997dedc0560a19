//! Writes the course JSON of every text in a list, one file each, in one
//! process: a quick check that a change to the extractor leaves every
//! output byte-identical (compare two runs' folders with `diff -r`).
//!
//! ```sh
//! cargo run --release -p casecourse-extract --example dump_courses -- LIST OUTDIR
//! ```
//!
//! Each output is what `casecourse extract FILE` writes for a valid UTF-8
//! file (the pretty JSON, named by its path), without the CLI's build.

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [list, out] = &args[..] else {
        eprintln!("usage: dump_courses LIST OUTDIR");
        std::process::exit(2);
    };
    std::fs::create_dir_all(out).expect("output folder");
    let x = casecourse_extract::Extractor::builtin().expect("built-in lexicon");
    let paths = std::fs::read_to_string(list).expect("list");
    for (i, path) in paths.lines().filter(|l| !l.trim().is_empty()).enumerate() {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("{path}: {e}");
                continue;
            }
        };
        let options = casecourse_extract::Options {
            name: Some(path.to_string()),
            ..Default::default()
        };
        let course = x.extract(&text, &options);
        let mut json = serde_json::to_string_pretty(&course).expect("course JSON");
        json.push('\n');
        std::fs::write(format!("{out}/{:04}.json", i + 1), json).expect("write");
    }
}
