//! Where batch results go, and what a previous run already wrote.

use std::collections::HashSet;
use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, BufWriter, Seek, SeekFrom, Write};
use std::path::Path;

use casecourse_model::{Course, FLAT_COLUMNS, flat_rows};
use serde::Deserialize;

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// One course JSON per line.
    Jsonl,
    /// Flat facts, one per row, with a leading `doc_id` column.
    Csv,
    /// Flat facts as Parquet (feature `parquet`).
    Parquet,
}

/// A document's output, made by a worker.
pub enum Payload {
    /// Bytes to append (JSON Lines, CSV).
    Bytes(Vec<u8>),
    /// The course, for writers that build columns.
    #[cfg_attr(not(feature = "parquet"), allow(dead_code))]
    Course(Box<Course>),
}

/// Makes a worker's payload for `course` in `format`.
pub fn payload(format: Format, id: &str, course: Course) -> Result<Payload, String> {
    match format {
        Format::Jsonl => {
            let mut v = serde_json::to_vec(&course).map_err(|e| e.to_string())?;
            v.push(b'\n');
            Ok(Payload::Bytes(v))
        }
        Format::Csv => {
            let mut w = csv::WriterBuilder::new()
                .has_headers(false)
                .from_writer(Vec::new());
            for row in flat_rows(&course) {
                let record = std::iter::once(id.to_string())
                    .chain(FLAT_COLUMNS.iter().map(|c| row.column(c)));
                w.write_record(record).map_err(|e| e.to_string())?;
            }
            w.into_inner()
                .map(Payload::Bytes)
                .map_err(|e| e.to_string())
        }
        Format::Parquet => Ok(Payload::Course(Box::new(course))),
    }
}

/// Appends documents' output.
pub trait Sink: Send {
    /// Writes one document's payload.
    fn write(&mut self, id: &str, payload: Payload) -> std::io::Result<()>;
    /// Makes what was written so far durable (end of a chunk).
    fn flush(&mut self) -> std::io::Result<()>;
    /// Finishes the file.
    fn finish(self: Box<Self>) -> std::io::Result<()>;
}

/// JSON Lines and CSV: bytes appended in order.
pub struct ByteSink {
    out: BufWriter<Box<dyn Write + Send>>,
}

impl ByteSink {
    /// A sink over `out`; for a new CSV file, writes the header first.
    pub fn new(out: Box<dyn Write + Send>, csv_header: bool) -> std::io::Result<ByteSink> {
        let mut out = BufWriter::with_capacity(1 << 20, out);
        if csv_header {
            let mut w = csv::Writer::from_writer(Vec::new());
            let header = std::iter::once("doc_id").chain(FLAT_COLUMNS.iter().copied());
            w.write_record(header)?;
            out.write_all(&w.into_inner().map_err(|e| e.into_error())?)?;
        }
        Ok(ByteSink { out })
    }
}

impl Sink for ByteSink {
    fn write(&mut self, _id: &str, payload: Payload) -> std::io::Result<()> {
        match payload {
            Payload::Bytes(b) => self.out.write_all(&b),
            Payload::Course(_) => Err(std::io::Error::other("a byte sink needs bytes")),
        }
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
    fn finish(mut self: Box<Self>) -> std::io::Result<()> {
        self.out.flush()
    }
}

/// Opens `path` for appending after a resume scan (or creates it).
pub fn append(path: &Path) -> std::io::Result<File> {
    OpenOptions::new().create(true).append(true).open(path)
}

#[derive(Deserialize)]
struct NameOnly {
    source: SourceName,
}

#[derive(Deserialize)]
struct SourceName {
    name: Option<String>,
}

#[derive(Deserialize)]
struct ErrorLine {
    id: String,
}

/// Reads the ids a previous run finished into `done`, and cuts the file
/// back to its last complete record, so appending does not duplicate.
///
/// JSON Lines: a last line without its newline, or that is not a course, is
/// cut. CSV: rows are in document order, so the last document's rows may be
/// incomplete: they are cut and that document is done again.
pub fn resume_scan(path: &Path, format: Format, done: &mut HashSet<String>) -> std::io::Result<()> {
    let Ok(file) = OpenOptions::new().read(true).write(true).open(path) else {
        return Ok(());
    };
    let keep = match format {
        Format::Jsonl => scan_lines(
            &file,
            |line| {
                serde_json::from_slice::<NameOnly>(line)
                    .ok()
                    .and_then(|n| n.source.name)
            },
            done,
        )?,
        Format::Csv => scan_csv(&file, done)?,
        Format::Parquet => {
            return Err(std::io::Error::other(
                "--resume is not supported for Parquet output (a Parquet file cannot be appended to); write JSON Lines or CSV, or start a new file",
            ));
        }
    };
    file.set_len(keep)
}

/// Ids of an errors file (`{"id", "error"}` per line), cutting a torn last line.
pub fn resume_errors(path: &Path, done: &mut HashSet<String>) -> std::io::Result<()> {
    let Ok(file) = OpenOptions::new().read(true).write(true).open(path) else {
        return Ok(());
    };
    let keep = scan_lines(
        &file,
        |l| serde_json::from_slice::<ErrorLine>(l).ok().map(|e| e.id),
        done,
    )?;
    file.set_len(keep)
}

/// Byte length of the complete, readable lines at the start of `file`.
fn scan_lines(
    file: &File,
    id_of: impl Fn(&[u8]) -> Option<String>,
    done: &mut HashSet<String>,
) -> std::io::Result<u64> {
    let mut r = BufReader::new(file);
    let mut buf = Vec::new();
    let mut keep = 0u64;
    loop {
        buf.clear();
        let n = r.read_until(b'\n', &mut buf)?;
        if n == 0 || buf.last() != Some(&b'\n') {
            break;
        }
        match id_of(&buf) {
            Some(id) => {
                done.insert(id);
                keep += n as u64;
            }
            None => break,
        }
    }
    Ok(keep)
}

fn scan_csv(file: &File, done: &mut HashSet<String>) -> std::io::Result<u64> {
    let mut f = file;
    f.seek(SeekFrom::Start(0))?;
    let mut r = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(BufReader::new(f));
    let header_end = {
        let _ = r.headers()?;
        r.position().byte()
    };
    let mut last: Option<(String, u64)> = None;
    let mut record = csv::ByteRecord::new();
    loop {
        let start = r.position().byte();
        match r.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) | Err(_) => break,
        }
        let id = String::from_utf8_lossy(record.get(0).unwrap_or_default()).into_owned();
        if last.as_ref().is_none_or(|(l, _)| *l != id) {
            if let Some((prev, _)) = last.take() {
                done.insert(prev);
            }
            last = Some((id, start));
        }
    }
    Ok(match last {
        Some((_, start)) => start,
        None => header_end,
    })
}
