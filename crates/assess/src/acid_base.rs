//! acid_base.
use crate::{CourseView, Item, knowledge::Knowledge};

/// Every acid_base item the course allows.
pub fn assess(_view: &CourseView, _kb: &Knowledge) -> Vec<Item> {
    Vec::new()
}
