//! The course model: one clinical course as facts placed in time.
//!
//! A [`Course`] is what `casecourse extract` produces and what every other
//! layer (assess, render, fhir, store) consumes. It is plain data: no I/O, no
//! knowledge of how it was extracted.
//!
//! Invariants:
//! - every time is relative to the course's [`IndexEvent`], in days
//!   (`f64`, negative before the index); weeks are derived at the boundary;
//! - every fact carries the byte [`Span`]s of the words it came from in
//!   `source.text`, and may label the words of its parts ([`Part`]: dose,
//!   frequency, route, duration, value, time, negation, site);
//! - units are UCUM codes (`mm[Hg]`, `10*9/L`, `ug/L`).
//!
//! The JSON form is versioned by [`SCHEMA_VERSION`]; `schema/course.schema.json`
//! is generated from these types and checked by a test.
#![deny(missing_docs)]

mod course;
mod fact;
mod flat;
mod time;

pub use course::{
    Course, CourseError, DoseStep, IndexEvent, IndexKind, MedicationEpisode, SCHEMA_VERSION,
    SourceInfo, Warning,
};
pub use fact::{
    Certainty, Code, Comparator, Dosage, DoseAction, Experiencer, Fact, Flag, Kind, ON_ROOM_AIR,
    Origin, OxygenSupport, Part, PartRole, ReferenceRange, Span, Value,
};
pub use flat::{FLAT_COLUMNS, FlatFact, course_from_rows, flat_rows};
pub use time::{DAYS_PER_WEEK, Duration, Relation, Time};
