//! Extraction: narrative text in, [`Course`] out.
//!
//! Extraction never fails as a whole: it returns the facts it found and
//! warnings for what it could not read.
#![deny(missing_docs)]

use casecourse_model::{Course, IndexKind};

/// How to extract.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// A name for the document.
    pub name: Option<String>,
    /// Which event is day 0.
    pub index: Option<IndexKind>,
    /// The index event's calendar date, when known.
    pub index_date: Option<String>,
}

/// Extracts the course of `text`.
pub fn extract(text: &str, options: &Options) -> Course {
    let mut course = Course::new(text);
    course.source.name = options.name.clone();
    course
}
