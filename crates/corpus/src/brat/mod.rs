//! Reading brat standoff annotations (`.ann` beside `.txt`).
//!
//! brat offsets count Unicode code points (MACCROBAT2020 says so in its
//! PROVENANCE.md, and brat itself is written in Python); they are converted
//! here to byte spans of the UTF-8 text. Supported lines:
//! - `T` entities, with discontinuous spans (`0 5;10 15`);
//! - `E` events (`Type:T1 Role:T2 ...`), `R` relations (`Type Arg1:X Arg2:Y`),
//!   `*` equivalences, `A`/`M` attributes, `#` notes, `N` normalisations;
//! - anything else is kept as an unknown line with its number, not an error.
//!
//! An entity whose offsets fall outside the text, or whose recorded words
//! differ from the text at its offsets, makes the whole document an error
//! ([`BratError`]), so a corpus run can report it and go on.

use std::path::{Path, PathBuf};

use casecourse_model::Span;

/// A brat entity (`T` line).
#[derive(Debug, Clone, PartialEq)]
pub struct Entity {
    /// `T12`.
    pub id: String,
    /// The annotation type (`Medication`).
    pub kind: String,
    /// Byte spans in the text, one per fragment, in file order.
    pub spans: Vec<Span>,
    /// The words as recorded in the `.ann` file.
    pub text: String,
}

impl Entity {
    /// From the first fragment's start to the last fragment's end.
    pub fn extent(&self) -> Span {
        let start = self.spans.iter().map(|s| s.start).min().unwrap_or(0);
        let end = self.spans.iter().map(|s| s.end).max().unwrap_or(0);
        Span::new(start, end)
    }
}

/// A brat event (`E` line): a trigger entity and role arguments.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    /// `E3`.
    pub id: String,
    /// Event type.
    pub kind: String,
    /// Trigger entity id.
    pub trigger: String,
    /// `(role, id)` arguments.
    pub args: Vec<(String, String)>,
}

/// A brat relation (`R` line) or equivalence (`*` line).
#[derive(Debug, Clone, PartialEq)]
pub struct Relation {
    /// `R7` (`*` for equivalences).
    pub id: String,
    /// Relation type (`BEFORE`, `MODIFY`, `Equiv`).
    pub kind: String,
    /// `(role, id)` arguments.
    pub args: Vec<(String, String)>,
}

/// A brat attribute (`A`/`M` line).
#[derive(Debug, Clone, PartialEq)]
pub struct Attribute {
    /// `A1`.
    pub id: String,
    /// Attribute name (`Negated`, `Severity`).
    pub name: String,
    /// The annotation it qualifies.
    pub target: String,
    /// Its value, for multi-valued attributes.
    pub value: Option<String>,
}

/// A brat note (`#` line) or normalisation (`N` line).
#[derive(Debug, Clone, PartialEq)]
pub struct Note {
    /// `#1`.
    pub id: String,
    /// `AnnotatorNotes`, or the normalisation's reference.
    pub kind: String,
    /// The annotation it is about.
    pub target: String,
    /// The note's text.
    pub text: String,
}

/// Everything one `.ann` file says.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Annotations {
    /// Entities in file order.
    pub entities: Vec<Entity>,
    /// Events.
    pub events: Vec<Event>,
    /// Relations and equivalences.
    pub relations: Vec<Relation>,
    /// Attributes.
    pub attributes: Vec<Attribute>,
    /// Notes and normalisations.
    pub notes: Vec<Note>,
    /// Lines that are none of the above: `(line number, line)`.
    pub unknown: Vec<(usize, String)>,
}

/// A `.txt` with its annotations.
#[derive(Debug, Clone, PartialEq)]
pub struct BratDocument {
    /// File stem (`19214295`).
    pub id: String,
    /// The text.
    pub text: String,
    /// The annotations.
    pub annotations: Annotations,
}

/// Why a brat document could not be read.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum BratError {
    /// A file could not be read.
    #[error("cannot read {path}: {message}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        message: String,
    },
    /// A malformed line.
    #[error("line {line}: {message}: {content:?}")]
    Syntax {
        /// 1-based line number.
        line: usize,
        /// What was wrong.
        message: String,
        /// The line.
        content: String,
    },
    /// Offsets outside the text.
    #[error("line {line}: entity {id} offsets {start}..{end} lie outside the {len}-character text")]
    OutOfRange {
        /// 1-based line number.
        line: usize,
        /// Entity id.
        id: String,
        /// Start (code points).
        start: usize,
        /// End (code points).
        end: usize,
        /// Text length in code points.
        len: usize,
    },
    /// Offsets that do not cover the recorded words.
    #[error("line {line}: entity {id} says {expected:?} but the text at its offsets is {found:?}")]
    TextMismatch {
        /// 1-based line number.
        line: usize,
        /// Entity id.
        id: String,
        /// Words recorded in the `.ann`.
        expected: String,
        /// Words at the offsets in the `.txt`.
        found: String,
    },
}

/// Byte offset of every code point boundary: `offsets[i]` is the byte where
/// code point `i` starts; the last entry is the text length.
fn char_offsets(text: &str) -> Vec<usize> {
    let mut v: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
    v.push(text.len());
    v
}

fn syntax(line: usize, message: &str, content: &str) -> BratError {
    BratError::Syntax {
        line,
        message: message.to_string(),
        content: content.to_string(),
    }
}

fn parse_args(line: usize, words: &[&str], raw: &str) -> Result<Vec<(String, String)>, BratError> {
    words
        .iter()
        .map(|w| {
            w.split_once(':')
                .map(|(r, id)| (r.to_string(), id.to_string()))
                .ok_or_else(|| syntax(line, "argument is not ROLE:ID", raw))
        })
        .collect()
}

/// Parses an `.ann` file against its text.
pub fn parse_ann(ann: &str, text: &str) -> Result<Annotations, BratError> {
    let offsets = char_offsets(text);
    let mut out = Annotations::default();
    for (i, raw) in ann.lines().enumerate() {
        let line = i + 1;
        let raw = raw.trim_end_matches('\r');
        if raw.trim().is_empty() {
            continue;
        }
        let mut fields = raw.splitn(3, '\t');
        let id = fields.next().unwrap_or_default();
        let body = fields.next().unwrap_or_default();
        let rest = fields.next();
        let words: Vec<&str> = body.split_whitespace().collect();
        match id.chars().next() {
            Some('T') => out
                .entities
                .push(parse_entity(line, id, body, rest, raw, text, &offsets)?),
            Some('E') => {
                let (kind, trigger) = words
                    .first()
                    .and_then(|w| w.split_once(':'))
                    .ok_or_else(|| syntax(line, "event without TYPE:TRIGGER", raw))?;
                out.events.push(Event {
                    id: id.to_string(),
                    kind: kind.to_string(),
                    trigger: trigger.to_string(),
                    args: parse_args(line, &words[1..], raw)?,
                });
            }
            Some('R') | Some('*') => {
                let kind = words
                    .first()
                    .ok_or_else(|| syntax(line, "relation without a type", raw))?;
                let args = if id.starts_with('*') {
                    words[1..]
                        .iter()
                        .map(|w| (String::new(), w.to_string()))
                        .collect()
                } else {
                    parse_args(line, &words[1..], raw)?
                };
                out.relations.push(Relation {
                    id: id.to_string(),
                    kind: kind.to_string(),
                    args,
                });
            }
            Some('A') | Some('M') => {
                let (name, target) = match words.as_slice() {
                    [name, target, ..] => (name, target),
                    _ => return Err(syntax(line, "attribute without NAME TARGET", raw)),
                };
                out.attributes.push(Attribute {
                    id: id.to_string(),
                    name: name.to_string(),
                    target: target.to_string(),
                    value: words.get(2).map(|v| v.to_string()),
                });
            }
            Some('#') | Some('N') => {
                let kind = words.first().copied().unwrap_or_default();
                let target = words.get(1).copied().unwrap_or_default();
                out.notes.push(Note {
                    id: id.to_string(),
                    kind: kind.to_string(),
                    target: target.to_string(),
                    text: rest.unwrap_or_default().to_string(),
                });
            }
            _ => out.unknown.push((line, raw.to_string())),
        }
    }
    Ok(out)
}

fn parse_entity(
    line: usize,
    id: &str,
    body: &str,
    recorded: Option<&str>,
    raw: &str,
    text: &str,
    offsets: &[usize],
) -> Result<Entity, BratError> {
    let (kind, ranges) = body
        .split_once(' ')
        .ok_or_else(|| syntax(line, "entity without TYPE START END", raw))?;
    let len = offsets.len() - 1;
    let mut spans = Vec::new();
    let mut fragments = Vec::new();
    for range in ranges.split(';') {
        let mut it = range.split_whitespace();
        let (Some(a), Some(b), None) = (it.next(), it.next(), it.next()) else {
            return Err(syntax(line, "span is not START END", raw));
        };
        let (Ok(start), Ok(end)) = (a.parse::<usize>(), b.parse::<usize>()) else {
            return Err(syntax(line, "offset is not a number", raw));
        };
        let (Some(&bs), Some(&be)) = (offsets.get(start), offsets.get(end)) else {
            return Err(BratError::OutOfRange {
                line,
                id: id.to_string(),
                start,
                end,
                len,
            });
        };
        if start > end {
            return Err(syntax(line, "span ends before it starts", raw));
        }
        spans.push(Span::new(bs, be));
        fragments.push(text.get(bs..be).unwrap_or_default());
    }
    let found = fragments.join(" ");
    let recorded = recorded.unwrap_or_default().to_string();
    if !same_words(&found, &recorded) {
        return Err(BratError::TextMismatch {
            line,
            id: id.to_string(),
            expected: recorded,
            found,
        });
    }
    Ok(Entity {
        id: id.to_string(),
        kind: kind.to_string(),
        spans,
        text: recorded,
    })
}

/// brat writes fragments joined by one space and replaces newlines; compare
/// with whitespace collapsed.
fn same_words(a: &str, b: &str) -> bool {
    a.split_whitespace().eq(b.split_whitespace())
}

/// Reads `stem.txt` and `stem.ann`.
pub fn read_document(txt: &Path) -> Result<BratDocument, BratError> {
    let ann_path = txt.with_extension("ann");
    let read = |p: &Path| {
        std::fs::read_to_string(p).map_err(|e| BratError::Io {
            path: p.to_path_buf(),
            message: e.to_string(),
        })
    };
    let text = read(txt)?;
    let ann = read(&ann_path)?;
    let annotations = parse_ann(&ann, &text)?;
    let id = txt
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok(BratDocument {
        id,
        text,
        annotations,
    })
}

/// The `.txt` files of a brat folder that have an `.ann` beside them, sorted;
/// a `.txt` without `.ann` is returned in the second list.
pub fn list_documents(dir: &Path) -> std::io::Result<(Vec<PathBuf>, Vec<PathBuf>)> {
    let mut with = Vec::new();
    let mut without = Vec::new();
    for e in std::fs::read_dir(dir)? {
        let p = e?.path();
        if p.extension().is_some_and(|x| x == "txt") {
            if p.with_extension("ann").exists() {
                with.push(p);
            } else {
                without.push(p);
            }
        }
    }
    with.sort();
    without.sort();
    Ok((with, without))
}

#[cfg(test)]
mod tests;
