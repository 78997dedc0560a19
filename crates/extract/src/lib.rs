//! Extraction: narrative text in, [`Course`] out.
//!
//! The pipeline (see ARCHITECTURE.md):
//! 1. [`normalize`] folds typographic variants to ASCII, keeping a byte map
//!    back to the original text, and [`spoken`] writes numbers told in
//!    words as digits in that copy;
//! 2. [`segment`] splits sections, captions and sentences;
//! 3. [`matcher`] finds every lexicon term, cue and assertion trigger in one
//!    pass; [`quantity`] reads numbers with units; [`timex`] reads time;
//! 4. `build` turns each sentence's mentions into facts, placed in time by
//!    the narrative's cursor;
//! 5. `reconcile` merges restatements (captions, discussion), reports
//!    contradictions, and builds medication episodes.
//!
//! Extraction never fails as a whole: it returns the facts it found and
//! warnings for what it could not read.
#![deny(missing_docs)]

mod build;
mod chains;
mod context;
mod dense;
mod doc;
mod fasthash;
mod matcher;
mod names;
mod normalize;
mod numbers;
mod quantity;
mod reconcile;
mod rewrap;
mod segment;
mod spoken;
mod stacked;
#[cfg(test)]
mod test_corpus;
mod timex;
mod trie;

use std::sync::OnceLock;

use casecourse_knowledge::Lexicon;
use casecourse_model::{Course, IndexKind, Warning};

/// How to extract.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// A name for the document.
    pub name: Option<String>,
    /// Which event is day 0 (default: admission, else start of treatment).
    pub index: Option<IndexKind>,
    /// The index event's calendar date (YYYY-MM-DD), when known.
    pub index_date: Option<String>,
}

/// Compiled lexicons and patterns, built once and shared.
pub struct Extractor {
    lex: &'static Lexicon,
    matcher: matcher::Matcher,
    quantities: quantity::QuantityParser,
    spoken: spoken::SpokenNumbers,
    times: timex::TimeParser,
    shapes: build::shapes::Shapes,
}

impl Extractor {
    /// The extractor over the built-in lexicon, compiled on first use.
    pub fn builtin() -> Result<&'static Extractor, String> {
        static CELL: OnceLock<Result<Extractor, String>> = OnceLock::new();
        CELL.get_or_init(|| {
            let lex = Lexicon::builtin().map_err(|e| e.to_string())?;
            Ok(Extractor::compile(lex, true))
        })
        .as_ref()
        .map_err(Clone::clone)
    }

    /// Compiles an extractor over `lex`.
    pub fn new(lex: &'static Lexicon) -> Extractor {
        Extractor::compile(lex, false)
    }

    /// Compiles an extractor over `lex`, reading the name automata that
    /// build.rs compiled if `builtin` (then `lex` must be the built-in
    /// lexicon).
    ///
    /// Three parts are built at once: the name automata; the cue and
    /// trigger automata with the number and time patterns (about as much
    /// work); and the builders' patterns (a third of either). With three
    /// cores start-up is the longest part; with two, half the sum. Read
    /// instead of compiled, the name automata take almost nothing, so
    /// their thread compiles the time patterns too. A part whose thread
    /// cannot be started is built on this one.
    fn compile(lex: &'static Lexicon, builtin: bool) -> Extractor {
        let (names, shapes, (phrases, quantities, times)) = std::thread::scope(|scope| {
            let names = Part::start(scope, move || {
                if builtin {
                    (matcher::Names::builtin(), Some(times(lex)))
                } else {
                    (matcher::Names::new(lex), None)
                }
            });
            let shapes = Part::start(scope, build::shapes::Shapes::new);
            let phrases = matcher::Phrases::new(lex);
            let quantities = quantity::QuantityParser::new(lex);
            let times_here = (!builtin).then(|| times(lex));
            let (names, times_there) = names.finish();
            let times = times_here
                .or(times_there)
                .unwrap_or_else(|| unreachable!("one of the two compiles the time patterns"));
            (names, shapes.finish(), (phrases, quantities, times))
        });
        Extractor {
            lex,
            matcher: matcher::Matcher::from_parts(names, phrases),
            quantities,
            spoken: spoken::SpokenNumbers::new(lex),
            times,
            shapes,
        }
    }

    /// Extracts the course of `text`.
    pub fn extract(&self, text: &str, options: &Options) -> Course {
        let mut course = Course::new(text);
        course.source.name = options.name.clone();
        let doc = doc::Doc::read(self, text, options);
        course.index = doc.index_event();
        let mut facts = build::facts(&doc);
        let mut warnings = doc.warnings.clone();
        reconcile::reconcile(&doc, &mut facts, &mut warnings);
        doc.to_original_spans(&mut facts, &mut warnings);
        for (i, f) in facts.iter_mut().enumerate() {
            f.id = numbered('f', i + 1);
        }
        course.episodes = reconcile::episodes(self.lex, &mut facts);
        course.facts = facts;
        course.warnings = warnings;
        course
    }
}

/// A part of the compile work: on its own thread, or done here when no
/// thread can be started.
enum Part<'s, T> {
    Running(std::thread::ScopedJoinHandle<'s, T>),
    Done(T),
}

impl<'s, T: Send + 's> Part<'s, T> {
    /// Starts `work` (a copy stays here in case the thread cannot start).
    fn start(
        scope: &'s std::thread::Scope<'s, '_>,
        work: impl FnOnce() -> T + Send + Copy + 's,
    ) -> Part<'s, T> {
        match std::thread::Builder::new()
            .name("casecourse-compile".into())
            .spawn_scoped(scope, work)
        {
            Ok(handle) => Part::Running(handle),
            Err(_) => Part::Done(work()),
        }
    }

    /// The part's result; a panic while compiling (a defect) is raised
    /// again here.
    fn finish(self) -> T {
        match self {
            Part::Running(handle) => handle
                .join()
                .unwrap_or_else(|p| std::panic::resume_unwind(p)),
            Part::Done(t) => t,
        }
    }
}

/// Extracts the course of `text` with the built-in lexicon.
///
/// If the built-in lexicon cannot be loaded (a build defect the test suite
/// catches), the course is empty and says why in a warning.
pub fn extract(text: &str, options: &Options) -> Course {
    match Extractor::builtin() {
        Ok(x) => x.extract(text, options),
        Err(e) => {
            let mut c = Course::new(text);
            c.source.name = options.name.clone();
            c.warnings.push(Warning {
                code: "lexicon-unavailable".into(),
                message: e,
                fact_ids: vec![],
                spans: vec![],
            });
            c
        }
    }
}

/// The time patterns, also finding the words the builders look for.
fn times(lex: &Lexicon) -> timex::TimeParser {
    timex::TimeParser::with_words(lex, build::people::SIDE_WORDS)
}

/// `prefix` followed by the decimal digits of `n` ("f12"), as
/// `format!("{prefix}{n}")` writes it: every fact gets such an id, and the
/// formatting machinery costs several times this.
pub(crate) fn numbered(prefix: char, n: usize) -> String {
    let digits = n.checked_ilog10().unwrap_or(0) + 1;
    let mut s = String::with_capacity(1 + digits as usize);
    s.push(prefix);
    for k in (0..digits).rev() {
        let d = (n / 10usize.pow(k)) % 10;
        s.push(char::from(b'0' + d as u8));
    }
    s
}

#[cfg(test)]
mod numbered_tests {
    #[test]
    fn numbered_writes_what_format_writes() {
        for n in (0..2000).chain([9_999, 10_000, 123_456_789, usize::MAX]) {
            assert_eq!(super::numbered('f', n), format!("f{n}"));
        }
    }
}
