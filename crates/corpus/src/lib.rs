//! Corpora: many documents at once, and honest measurement against text
//! annotated by other people.
//!
//! - [`gold`] scores an extracted [`casecourse_model::Course`] against a gold
//!   fact list in our own format (`*.gold.json`).
//! - [`brat`] reads brat standoff annotations (`.ann` beside `.txt`).
//! - [`eval`] scores whole corpora: brat span P/R/F1 per entity type and
//!   folders of gold lists.
//! - [`batch`] extracts a corpus with bounded memory on all cores.
#![deny(missing_docs)]

pub mod batch;
pub mod brat;
pub mod eval;
pub mod gold;
mod normalize;

pub use normalize::normalize_name;
