//! Compiles the built-in lexicon's name automata when the crate is built
//! (see `src/names.rs`): start-up then reads them instead of compiling
//! ≈20k surfaces, which was its largest part. `Extractor::new` over any
//! other lexicon still compiles its own.

#[allow(dead_code)]
#[path = "src/fasthash.rs"]
mod fasthash;
#[allow(dead_code)]
#[path = "src/names.rs"]
mod names;
#[allow(dead_code)]
#[path = "src/normalize.rs"]
mod normalize;

fn main() {
    for f in [
        "src/names.rs",
        "src/normalize.rs",
        "src/fasthash.rs",
        "../../data/lexicon",
    ] {
        println!("cargo::rerun-if-changed={f}");
    }
    let lex = casecourse_knowledge::Lexicon::builtin()
        .expect("the built-in lexicon parses (the knowledge crate's tests say why not)");
    let (ci, cs) = names::surfaces(lex);
    let ci = (names::automaton(&ci.patterns), ci.ids);
    // The abbreviations are searched with a trie built at start-up from
    // their patterns (src/trie.rs), not with an automaton.
    let (strings, ids) = cs.into_sorted();
    let cs = (None, ids);
    let out = std::path::Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"))
        .join("names.bin");
    std::fs::write(out, names::to_bytes(&[&ci, &cs], &strings)).expect("OUT_DIR is writable");
}
