//! Errors of export and import: what went wrong and where.

/// Why a course could not be exported.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ExportError {
    /// A fact has a relative time but there is no date to anchor it to.
    #[error(
        "fact {fact} is timed relative to the index event ({index}) but the course has no index date: give one (--index-date YYYY-MM-DD) so every resource gets a real dateTime"
    )]
    NoIndexDate {
        /// The first fact that needed it.
        fact: String,
        /// The index event in words.
        index: String,
    },
    /// The index date is not a calendar date.
    #[error("index date {value:?} is not a YYYY-MM-DD date: {message}")]
    BadIndexDate {
        /// The date as given.
        value: String,
        /// What was wrong.
        message: String,
    },
    /// A relative time falls outside the calendar once anchored.
    #[error("fact {fact}: day {day} cannot be placed on the calendar: {message}")]
    Time {
        /// Fact id.
        fact: String,
        /// The day.
        day: f64,
        /// What was wrong.
        message: String,
    },
}

/// Why a bundle could not be imported.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ImportError {
    /// Not JSON.
    #[error("not JSON at line {line} column {column}: {message}")]
    Json {
        /// Line.
        line: usize,
        /// Column.
        column: usize,
        /// Parser message.
        message: String,
    },
    /// JSON, but not a Bundle.
    #[error("not a FHIR Bundle: {message}")]
    NotBundle {
        /// What was found instead.
        message: String,
    },
    /// A Bundle-level element is malformed.
    #[error("Bundle.{path}: {message}")]
    Bundle {
        /// JSON path in the Bundle.
        path: String,
        /// What was wrong.
        message: String,
    },
    /// One resource is malformed.
    #[error("entry[{index}] {resource_type}/{id}: field {path}: {message}")]
    Resource {
        /// Position in `Bundle.entry`.
        index: usize,
        /// Its `resourceType`.
        resource_type: String,
        /// Its `id` (`?` when it has none).
        id: String,
        /// JSON path of the field inside the resource.
        path: String,
        /// What was wrong.
        message: String,
    },
    /// The resources read do not make a valid course.
    #[error("the imported course is not valid: {0}")]
    Course(#[from] casecourse_model::CourseError),
}
