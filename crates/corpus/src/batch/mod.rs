//! Batch extraction of a corpus: streaming, bounded memory, all cores,
//! per-document errors, resumable.
//!
//! A reader thread cuts the input into chunks (at most
//! [`Options::chunk_docs`] documents or [`Options::chunk_bytes`] bytes, a
//! larger document alone) and hands them over a channel that holds one
//! chunk; the calling thread extracts each chunk on a rayon pool of
//! [`Options::jobs`] threads and writes the results in input order. So at
//! most three chunks are in memory, whatever the corpus size.
//!
//! A document that cannot be read, is not UTF-8 text, repeats an id, or
//! makes the extractor panic is written to the errors file
//! (`OUTPUT.errors.jsonl`, one `{"id", "error"}` per line) and the run goes
//! on. `resume` skips the ids already in OUTPUT or in the errors file,
//! after cutting a torn last record.

mod sink;
mod source;

#[cfg(feature = "parquet")]
mod parquet_sink;

use std::collections::HashSet;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::mpsc::sync_channel;
use std::time::{Duration, Instant};

use rayon::prelude::*;

pub use sink::Format;
pub use source::{RawDoc, Source, SourceError, decode, documents};

use crate::eval::{Extractor, extract_safely};
use sink::{ByteSink, Payload, Sink, append, payload, resume_errors, resume_scan};

/// How to run a batch.
#[derive(Debug, Clone)]
pub struct Options {
    /// Output format.
    pub format: Format,
    /// Worker threads (0: one per core).
    pub jobs: usize,
    /// Skip documents already in the output.
    pub resume: bool,
    /// Largest document accepted, in bytes.
    pub max_bytes: u64,
    /// Most documents per chunk.
    pub chunk_docs: usize,
    /// Most bytes per chunk (a larger document makes a chunk alone).
    pub chunk_bytes: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            format: Format::Jsonl,
            jobs: 0,
            resume: false,
            max_bytes: 64 * 1024 * 1024,
            chunk_docs: 256,
            chunk_bytes: 8 * 1024 * 1024,
        }
    }
}

/// Progress after each chunk.
#[derive(Debug, Clone, Copy, Default)]
pub struct Progress {
    /// Documents written (or failed) so far in this run.
    pub documents: u64,
    /// Documents that failed.
    pub failed: u64,
    /// Documents skipped because a previous run did them.
    pub skipped: u64,
    /// Input bytes consumed.
    pub bytes: u64,
}

/// A document that failed, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Failure {
    /// Document id (or `line N` when the id could not be read).
    pub id: String,
    /// Why.
    pub reason: String,
}

/// What a run did.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    /// Final counts.
    pub progress: Progress,
    /// Text bytes of the documents extracted.
    pub text_bytes: u64,
    /// From the start to the first document written.
    pub first_output: Option<Duration>,
    /// Wall time.
    pub elapsed: Duration,
    /// Where failures were written.
    pub errors_path: Option<PathBuf>,
}

/// Why a run could not go on at all (bad input path, unwritable output).
#[derive(Debug, thiserror::Error)]
pub enum BatchError {
    /// The input could not be opened.
    #[error(transparent)]
    Source(#[from] SourceError),
    /// Output could not be written.
    #[error("{what} {path}: {source}")]
    Output {
        /// What was being done.
        what: &'static str,
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// Options that do not go together.
    #[error("{0}")]
    Usage(String),
    /// The worker pool could not start.
    #[error("cannot start {0} worker threads")]
    Pool(usize),
}

/// Things the caller hears about as the run goes.
pub enum Event<'a> {
    /// A chunk was written.
    Progress(Progress),
    /// A document failed.
    Failed(&'a Failure),
}

/// Where the errors of a run writing `out` go.
pub fn errors_path(out: &Path) -> PathBuf {
    let mut s = out.as_os_str().to_owned();
    s.push(".errors.jsonl");
    PathBuf::from(s)
}

fn id_hash(id: &str) -> u64 {
    let mut h = DefaultHasher::new();
    id.hash(&mut h);
    h.finish()
}

struct Outcome {
    id: String,
    result: Result<Payload, String>,
    text_bytes: u64,
}

fn process(doc: RawDoc, format: Format, extract: Extractor<'_>) -> Outcome {
    let id = doc.id;
    let mut text_bytes = 0;
    let result = doc.bytes.and_then(decode).and_then(|text| {
        text_bytes = text.len() as u64;
        if text.trim().is_empty() {
            return Err("empty document: no text to extract".to_string());
        }
        let course = extract_safely(extract, &id, &text)?;
        payload(format, &id, course)
    });
    Outcome {
        id,
        result,
        text_bytes,
    }
}

fn open_sink(out: &Path, format: Format, fresh_csv: bool) -> std::io::Result<Box<dyn Sink>> {
    let to_stdout = out == Path::new("-");
    match format {
        Format::Parquet => {
            #[cfg(feature = "parquet")]
            {
                let f = std::fs::File::create(out)?;
                Ok(Box::new(parquet_sink::ParquetSink::new(f)?))
            }
            #[cfg(not(feature = "parquet"))]
            Err(std::io::Error::other(
                "this build has no Parquet support (build with the `parquet` feature)",
            ))
        }
        _ => {
            let w: Box<dyn Write + Send> = if to_stdout {
                Box::new(std::io::stdout())
            } else {
                Box::new(append(out)?)
            };
            Ok(Box::new(ByteSink::new(
                w,
                format == Format::Csv && fresh_csv,
            )?))
        }
    }
}

/// Extracts every document of `source` into `out` (`-`: standard output,
/// JSON Lines or CSV only).
pub fn run(
    source: &Source,
    out: &Path,
    options: &Options,
    extract: Extractor<'_>,
    on_event: &mut dyn FnMut(Event<'_>),
) -> Result<Summary, BatchError> {
    let start = Instant::now();
    let to_stdout = out == Path::new("-");
    let output_err = |what: &'static str, path: &Path| {
        let path = path.to_path_buf();
        move |source| BatchError::Output { what, path, source }
    };
    if to_stdout && (options.resume || options.format == Format::Parquet) {
        return Err(BatchError::Usage(
            "standard output takes JSON Lines or CSV, without --resume; give --out a file".into(),
        ));
    }
    let err_path = if to_stdout {
        PathBuf::from("casecourse-batch.errors.jsonl")
    } else {
        errors_path(out)
    };
    let mut done = HashSet::new();
    if options.resume {
        resume_scan(out, options.format, &mut done)
            .map_err(output_err("cannot resume from", out))?;
        resume_errors(&err_path, &mut done).map_err(output_err("cannot resume from", &err_path))?;
    } else {
        if !to_stdout {
            std::fs::File::create(out).map_err(output_err("cannot create", out))?;
        }
        let _ = std::fs::remove_file(&err_path);
    }
    let fresh_csv = to_stdout || std::fs::metadata(out).map(|m| m.len() == 0).unwrap_or(true);
    let mut sink =
        open_sink(out, options.format, fresh_csv).map_err(output_err("cannot write", out))?;
    let mut errors: Option<std::io::BufWriter<std::fs::File>> = None;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(options.jobs)
        .build()
        .map_err(|_| BatchError::Pool(options.jobs))?;
    let docs = documents(source, options.max_bytes)?;
    let (tx, rx) = sync_channel::<Vec<RawDoc>>(1);
    let (chunk_docs, chunk_bytes) = (options.chunk_docs.max(1), options.chunk_bytes.max(1));
    let reader = std::thread::spawn(move || {
        let mut chunk = Vec::new();
        let mut size = 0usize;
        for d in docs {
            size += d.bytes.as_ref().map(Vec::len).unwrap_or(0);
            chunk.push(d);
            if chunk.len() >= chunk_docs || size >= chunk_bytes {
                if tx.send(std::mem::take(&mut chunk)).is_err() {
                    return;
                }
                size = 0;
            }
        }
        if !chunk.is_empty() {
            let _ = tx.send(chunk);
        }
    });
    let mut seen: HashSet<u64> = HashSet::new();
    let mut summary = Summary {
        errors_path: Some(err_path.clone()),
        ..Summary::default()
    };
    let mut progress = Progress::default();
    let p = &mut progress;
    let mut result = Ok(());
    for chunk in rx {
        let mut todo = Vec::with_capacity(chunk.len());
        let mut early = Vec::new();
        for d in chunk {
            p.bytes += d.input_len;
            if done.contains(&d.id) {
                p.skipped += 1;
            } else if !seen.insert(id_hash(&d.id)) {
                early.push(Failure {
                    id: d.id,
                    reason: "duplicate id: a document with this id came earlier; skipped".into(),
                });
            } else {
                todo.push(d);
            }
        }
        let format = options.format;
        let outcomes: Vec<Outcome> = pool.install(|| {
            todo.into_par_iter()
                .map(|d| process(d, format, extract))
                .collect()
        });
        let mut failures = early;
        for o in outcomes {
            match o.result {
                Ok(payload) => {
                    if let Err(e) = sink.write(&o.id, payload) {
                        result = Err(output_err("cannot write", out)(e));
                        break;
                    }
                    summary.text_bytes += o.text_bytes;
                    p.documents += 1;
                }
                Err(reason) => failures.push(Failure { id: o.id, reason }),
            }
        }
        if result.is_err() {
            break;
        }
        if let Err(e) = sink.flush() {
            result = Err(output_err("cannot write", out)(e));
            break;
        }
        if summary.first_output.is_none() && p.documents > 0 {
            summary.first_output = Some(start.elapsed());
        }
        for f in &failures {
            p.failed += 1;
            p.documents += 1;
            on_event(Event::Failed(f));
            let w = match &mut errors {
                Some(w) => w,
                None => errors.insert(std::io::BufWriter::new(
                    append(&err_path).map_err(output_err("cannot write", &err_path))?,
                )),
            };
            let line = serde_json::json!({"id": f.id, "error": f.reason});
            writeln!(w, "{line}")
                .and_then(|_| w.flush())
                .map_err(output_err("cannot write", &err_path))?;
        }
        on_event(Event::Progress(*p));
    }
    // The reader stops when the channel closes; it holds no output.
    let _ = reader.join();
    summary.progress = progress;
    result?;
    sink.finish().map_err(output_err("cannot finish", out))?;
    summary.elapsed = start.elapsed();
    Ok(summary)
}

#[cfg(test)]
mod tests;
