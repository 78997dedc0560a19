//! Corpora: many documents at once, and honest measurement against text
//! annotated by other people.
//!
//! - [`gold`] scores an extracted [`casecourse_model::Course`] against a gold
//!   fact list in our own format (`*.gold.json`).
#![deny(missing_docs)]

pub mod gold;
mod normalize;

pub use normalize::normalize_name;
