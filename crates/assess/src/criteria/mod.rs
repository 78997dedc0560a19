//! criteria.
use crate::{CourseView, Item, knowledge::Knowledge};

/// Every criteria item the course allows.
pub fn assess(_view: &CourseView, _kb: &Knowledge) -> Vec<Item> {
    Vec::new()
}
