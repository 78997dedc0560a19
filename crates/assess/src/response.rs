//! Response.
use crate::{CourseView, Item, TherapyLine, knowledge::Knowledge};

/// Trends, seroconversion, oxygen weaning.
pub fn assess(_view: &CourseView, _kb: &Knowledge, _lines: &[TherapyLine]) -> Vec<Item> {
    Vec::new()
}
