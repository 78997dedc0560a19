//! Where batch documents come from: a folder of `.txt`, a JSON Lines file
//! of `{"id", "text"}`, or standard input (JSON Lines).

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use serde::Deserialize;

/// The input of a batch run.
#[derive(Debug, Clone, PartialEq)]
pub enum Source {
    /// Every `*.txt` of a folder (sorted by name; the id is the file stem).
    Dir(PathBuf),
    /// A JSON Lines file, one `{"id": ..., "text": ...}` per line.
    Jsonl(PathBuf),
    /// JSON Lines on standard input.
    Stdin,
}

impl Source {
    /// `-` is standard input, a folder is a folder, anything else JSON Lines.
    pub fn from_arg(arg: &Path) -> Source {
        if arg == Path::new("-") {
            Source::Stdin
        } else if arg.is_dir() {
            Source::Dir(arg.to_path_buf())
        } else {
            Source::Jsonl(arg.to_path_buf())
        }
    }

    /// Size of the input in bytes, when known (for progress).
    pub fn total_bytes(&self) -> Option<u64> {
        match self {
            Source::Jsonl(p) => std::fs::metadata(p).ok().map(|m| m.len()),
            _ => None,
        }
    }
}

/// A document as read: its id and its bytes, or why it could not be read.
#[derive(Debug)]
pub struct RawDoc {
    /// Document id.
    pub id: String,
    /// The bytes of its text.
    pub bytes: Result<Vec<u8>, String>,
    /// Bytes of input it took (for progress).
    pub input_len: u64,
}

/// Why a batch input could not be opened at all.
#[derive(Debug, thiserror::Error)]
#[error("cannot read input {path}: {source}")]
pub struct SourceError {
    /// The input.
    pub path: PathBuf,
    /// The I/O error.
    pub source: std::io::Error,
}

/// Opens `source` as an iterator of documents; `max_bytes` caps one
/// document (larger ones become per-document errors).
pub fn documents(
    source: &Source,
    max_bytes: u64,
) -> Result<Box<dyn Iterator<Item = RawDoc> + Send>, SourceError> {
    let err = |path: &Path| {
        let path = path.to_path_buf();
        move |source| SourceError { path, source }
    };
    Ok(match source {
        Source::Dir(dir) => {
            let mut files = Vec::new();
            for e in std::fs::read_dir(dir).map_err(err(dir))? {
                let p = e.map_err(err(dir))?.path();
                if p.extension().is_some_and(|x| x == "txt") {
                    files.push(p);
                }
            }
            files.sort();
            Box::new(files.into_iter().map(move |p| read_file(&p, max_bytes)))
        }
        Source::Jsonl(p) => {
            let f = File::open(p).map_err(err(p))?;
            Box::new(JsonlDocs::new(BufReader::new(f), max_bytes))
        }
        Source::Stdin => Box::new(JsonlDocs::new(BufReader::new(std::io::stdin()), max_bytes)),
    })
}

fn read_file(p: &Path, max_bytes: u64) -> RawDoc {
    let id = p
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut input_len = 0;
    let bytes = (|| {
        let f = File::open(p).map_err(|e| format!("cannot open {}: {e}", p.display()))?;
        let len = f.metadata().map(|m| m.len()).unwrap_or(0);
        input_len = len;
        if len > max_bytes {
            return Err(format!(
                "{len} bytes is over the {max_bytes}-byte limit per document (--max-bytes)"
            ));
        }
        let mut buf = Vec::with_capacity(len as usize);
        f.take(max_bytes + 1)
            .read_to_end(&mut buf)
            .map_err(|e| format!("reading {}: {e}", p.display()))?;
        Ok(buf)
    })();
    RawDoc {
        id,
        bytes,
        input_len,
    }
}

#[derive(Deserialize)]
struct JsonDoc {
    id: serde_json::Value,
    text: String,
}

/// Documents from JSON Lines, one line at a time.
struct JsonlDocs<R> {
    reader: R,
    line: usize,
    max_bytes: u64,
    buf: Vec<u8>,
}

impl<R: BufRead> JsonlDocs<R> {
    fn new(reader: R, max_bytes: u64) -> Self {
        JsonlDocs {
            reader,
            line: 0,
            max_bytes,
            buf: Vec::new(),
        }
    }
}

impl<R: BufRead> Iterator for JsonlDocs<R> {
    type Item = RawDoc;

    fn next(&mut self) -> Option<RawDoc> {
        loop {
            self.buf.clear();
            self.line += 1;
            let n = match self.reader.read_until(b'\n', &mut self.buf) {
                Ok(0) => return None,
                Ok(n) => n,
                Err(e) => {
                    return Some(RawDoc {
                        id: format!("line {}", self.line),
                        bytes: Err(format!("reading input: {e}")),
                        input_len: 0,
                    });
                }
            };
            if self.buf.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            let at = format!("line {}", self.line);
            // JSON escapes make a line longer than its text: allow 6 bytes
            // per byte of text before calling it too large.
            if n as u64 > self.max_bytes.saturating_mul(6) {
                return Some(RawDoc {
                    id: at,
                    bytes: Err(format!("a {n}-byte line is over the per-document limit")),
                    input_len: n as u64,
                });
            }
            let doc = match serde_json::from_slice::<JsonDoc>(&self.buf) {
                Ok(d) => d,
                Err(e) => {
                    return Some(RawDoc {
                        id: at,
                        bytes: Err(format!("not a {{\"id\", \"text\"}} JSON object: {e}")),
                        input_len: n as u64,
                    });
                }
            };
            let id = match doc.id {
                serde_json::Value::String(s) if !s.is_empty() => s,
                serde_json::Value::Number(n) => n.to_string(),
                _ => {
                    return Some(RawDoc {
                        id: at,
                        bytes: Err("\"id\" must be a non-empty string or a number".into()),
                        input_len: n as u64,
                    });
                }
            };
            let bytes = if doc.text.len() as u64 > self.max_bytes {
                Err(format!(
                    "{} bytes is over the {}-byte limit per document (--max-bytes)",
                    doc.text.len(),
                    self.max_bytes
                ))
            } else {
                Ok(doc.text.into_bytes())
            };
            return Some(RawDoc {
                id,
                bytes,
                input_len: n as u64,
            });
        }
    }
}

/// Decodes a document's bytes: UTF-8 (a BOM is dropped), no NUL bytes.
pub fn decode(mut bytes: Vec<u8>) -> Result<String, String> {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    if let Some(at) = bytes.iter().position(|&b| b == 0) {
        return Err(format!("looks binary (NUL byte at offset {at})"));
    }
    String::from_utf8(bytes)
        .map_err(|e| format!("not valid UTF-8 at byte {}", e.utf8_error().valid_up_to()))
}
