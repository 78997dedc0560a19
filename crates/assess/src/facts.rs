//! A read-only view of a course for the calculators.
use casecourse_model::Course;

/// A course with lookups the calculators share.
pub struct CourseView<'a> {
    /// The course.
    pub course: &'a Course,
}

impl<'a> CourseView<'a> {
    /// A view over `course`.
    pub fn new(course: &'a Course) -> Self {
        CourseView { course }
    }
}
