//! FHIR R4 in and out for casecourse.
//!
//! [`export`] writes a [`Course`](casecourse_model::Course) as a FHIR R4
//! Bundle; [`import`] reads a Bundle (ours or another system's) back into a
//! course, with a report of what it assumed, ignored or kept aside.
//! `export` then `import` gives the same course back.
//!
//! No FHIR crate fits (see `shared/knowledge/rust-stack.md`): the R4 types in
//! [`r4`] are generated at build time from `data/fhir/r4-subset.json`, the
//! element lists of the R4 definitions of the resources and datatypes used.
#![deny(missing_docs)]

mod anchor;
mod error;
mod export;
pub mod ext;
mod import;
pub mod mapping;
pub mod r4;

pub use error::{ExportError, ImportError};
pub use export::{BundleType, ExportOptions, export, fact_id_system, kind_system};
pub use import::{Imported, Note, import};
