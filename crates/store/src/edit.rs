//! Reviewer edits to a curated course: accept, correct, add, delete a fact,
//! or replace the whole course. Pure functions; the store persists them.

use casecourse_model::{Course, Fact};
use serde::Deserialize;

/// One reviewer action on a course.
#[derive(Debug, Clone, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum Edit {
    /// The fact is right as extracted.
    Accept {
        /// Which fact.
        fact_id: String,
    },
    /// Replace the fact with the same id by this one.
    Correct {
        /// The corrected fact; its `id` names the fact replaced.
        fact: Box<Fact>,
    },
    /// A fact the extraction missed; a fresh id is given when `id` is empty
    /// or taken.
    Add {
        /// The new fact.
        fact: Box<Fact>,
    },
    /// The fact is wrong and goes.
    Delete {
        /// Which fact.
        fact_id: String,
    },
}

impl Edit {
    /// `accept`, `correct`, `add` or `delete`.
    pub fn action(&self) -> &'static str {
        match self {
            Edit::Accept { .. } => "accept",
            Edit::Correct { .. } => "correct",
            Edit::Add { .. } => "add",
            Edit::Delete { .. } => "delete",
        }
    }
}

/// Why an edit cannot apply.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum EditError {
    /// The fact named is not in the course.
    #[error("fact {0:?} is not in this course")]
    NoSuchFact(String),
    /// The result is not a valid course (a span outside the text...).
    #[error("{0}")]
    Invalid(String),
}

/// The outcome of an edit: the new course and the fact before and after.
#[derive(Debug, Clone)]
pub struct Applied {
    /// The course after the edit.
    pub course: Course,
    /// The fact id concerned.
    pub fact_id: String,
    /// The fact before (none for `add`).
    pub before: Option<Fact>,
    /// The fact after (none for `delete`).
    pub after: Option<Fact>,
}

fn position(course: &Course, id: &str) -> Result<usize, EditError> {
    course
        .facts
        .iter()
        .position(|f| f.id == id)
        .ok_or_else(|| EditError::NoSuchFact(id.to_string()))
}

/// A fact id not used in `course`: `r1`, `r2`... (r for reviewer).
fn fresh_id(course: &Course) -> String {
    (1..)
        .map(|n| format!("r{n}"))
        .find(|id| course.fact(id).is_none())
        .unwrap_or_default()
}

/// Applies `edit` to `course`, checking that the result is still a valid
/// course (every span inside the source text).
pub fn apply_edit(course: &Course, edit: &Edit) -> Result<Applied, EditError> {
    let mut next = course.clone();
    let applied = match edit {
        Edit::Accept { fact_id } => {
            let fact = next.facts[position(&next, fact_id)?].clone();
            Applied {
                course: next,
                fact_id: fact_id.clone(),
                before: Some(fact.clone()),
                after: Some(fact),
            }
        }
        Edit::Correct { fact } => {
            let at = position(&next, &fact.id)?;
            let before = std::mem::replace(&mut next.facts[at], (**fact).clone());
            Applied {
                course: next,
                fact_id: fact.id.clone(),
                before: Some(before),
                after: Some((**fact).clone()),
            }
        }
        Edit::Add { fact } => {
            let mut fact = (**fact).clone();
            if fact.id.trim().is_empty() || next.fact(&fact.id).is_some() {
                fact.id = fresh_id(&next);
            }
            next.facts.push(fact.clone());
            Applied {
                course: next,
                fact_id: fact.id.clone(),
                before: None,
                after: Some(fact),
            }
        }
        Edit::Delete { fact_id } => {
            let at = position(&next, fact_id)?;
            let before = next.facts.remove(at);
            for episode in &mut next.episodes {
                episode.fact_ids.retain(|id| id != fact_id);
            }
            Applied {
                course: next,
                fact_id: fact_id.clone(),
                before: Some(before),
                after: None,
            }
        }
    };
    validate(&applied.course)?;
    Ok(applied)
}

/// Checks a course the way reading it back would.
pub(crate) fn validate(course: &Course) -> Result<(), EditError> {
    Course::from_json(&course.to_json())
        .map(|_| ())
        .map_err(|e| EditError::Invalid(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use casecourse_model::{Kind, Span, Value};

    fn course() -> Course {
        let mut c = Course::new("ferritin 1500 ug/L");
        let mut f = Fact::new("f1", Kind::Lab, "ferritin");
        f.value = Some(Value::Number(1500.0));
        f.spans = vec![Span::new(0, 8)];
        c.facts.push(f);
        c
    }

    #[test]
    fn correct_replaces_the_fact_and_keeps_the_old_one() {
        let mut fixed = Fact::new("f1", Kind::Lab, "ferritin");
        fixed.value = Some(Value::Number(1600.0));
        let out = apply_edit(
            &course(),
            &Edit::Correct {
                fact: Box::new(fixed),
            },
        )
        .unwrap();
        assert_eq!(out.course.facts[0].number(), Some(1600.0));
        assert_eq!(out.before.unwrap().number(), Some(1500.0));
    }

    #[test]
    fn add_gives_a_fresh_id_when_taken() {
        let f = Fact::new("f1", Kind::Symptom, "cough");
        let out = apply_edit(&course(), &Edit::Add { fact: Box::new(f) }).unwrap();
        assert_eq!(out.fact_id, "r1");
        assert_eq!(out.course.facts.len(), 2);
    }

    #[test]
    fn delete_and_unknown_fact() {
        let out = apply_edit(
            &course(),
            &Edit::Delete {
                fact_id: "f1".into(),
            },
        )
        .unwrap();
        assert!(out.course.facts.is_empty());
        let err = apply_edit(
            &course(),
            &Edit::Delete {
                fact_id: "f9".into(),
            },
        )
        .unwrap_err();
        assert_eq!(err, EditError::NoSuchFact("f9".into()));
    }

    #[test]
    fn a_span_outside_the_text_is_refused() {
        let mut f = Fact::new("f1", Kind::Lab, "ferritin");
        f.spans = vec![Span::new(0, 999)];
        let err = apply_edit(&course(), &Edit::Correct { fact: Box::new(f) }).unwrap_err();
        assert!(matches!(err, EditError::Invalid(_)), "{err:?}");
    }
}
