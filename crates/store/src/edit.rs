//! Reviewer edits to a curated course: accept, correct, add, delete a fact,
//! or set the index date. Pure functions; the store persists them.

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
    /// The calendar date of the index event (day 0), `YYYY-MM-DD`, which
    /// anchors the relative times (FHIR export needs it); `None` clears it.
    IndexDate {
        /// The date, or none.
        date: Option<String>,
    },
}

impl Edit {
    /// `accept`, `correct`, `add`, `delete` or `index_date`.
    pub fn action(&self) -> &'static str {
        match self {
            Edit::Accept { .. } => "accept",
            Edit::Correct { .. } => "correct",
            Edit::Add { .. } => "add",
            Edit::Delete { .. } => "delete",
            Edit::IndexDate { .. } => "index_date",
        }
    }

    /// Whether the edit can change what filters read (`course_facts`).
    pub(crate) fn changes_facts(&self) -> bool {
        matches!(
            self,
            Edit::Correct { .. } | Edit::Add { .. } | Edit::Delete { .. }
        )
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

/// The outcome of an edit: the new course, and what changed before and
/// after (a fact, or `{"index_date": ...}`) for the corrections history.
#[derive(Debug, Clone)]
pub struct Applied {
    /// The course after the edit.
    pub course: Course,
    /// The fact concerned (none for the index date).
    pub fact_id: Option<String>,
    /// Before (none for `add`).
    pub before: Option<serde_json::Value>,
    /// After (none for `delete`).
    pub after: Option<serde_json::Value>,
}

fn json(f: &Fact) -> Option<serde_json::Value> {
    serde_json::to_value(f).ok()
}

/// A `YYYY-MM-DD` calendar date, or a message saying what is wrong.
fn check_date(date: &str) -> Result<String, EditError> {
    let well_formed = date.len() == 10
        && date.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    if !well_formed {
        return Err(EditError::Invalid(format!(
            "index date {date:?}: write it as YYYY-MM-DD"
        )));
    }
    date.parse::<jiff::civil::Date>()
        .map(|d| d.to_string())
        .map_err(|e| EditError::Invalid(format!("index date {date:?} is not a calendar date: {e}")))
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
            let fact = json(&next.facts[position(&next, fact_id)?]);
            Applied {
                course: next,
                fact_id: Some(fact_id.clone()),
                before: fact.clone(),
                after: fact,
            }
        }
        Edit::Correct { fact } => {
            let at = position(&next, &fact.id)?;
            let before = std::mem::replace(&mut next.facts[at], (**fact).clone());
            Applied {
                course: next,
                fact_id: Some(fact.id.clone()),
                before: json(&before),
                after: json(fact),
            }
        }
        Edit::Add { fact } => {
            let mut fact = (**fact).clone();
            if fact.id.trim().is_empty() || next.fact(&fact.id).is_some() {
                fact.id = fresh_id(&next);
            }
            let after = json(&fact);
            let fact_id = Some(fact.id.clone());
            next.facts.push(fact);
            Applied {
                course: next,
                fact_id,
                before: None,
                after,
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
                fact_id: Some(fact_id.clone()),
                before: json(&before),
                after: None,
            }
        }
        Edit::IndexDate { date } => {
            let date = match date.as_deref().map(str::trim) {
                None | Some("") => None,
                Some(d) => Some(check_date(d)?),
            };
            let before = serde_json::json!({ "index_date": next.index.date });
            next.index.date = date;
            Applied {
                before: Some(before),
                after: Some(serde_json::json!({ "index_date": next.index.date })),
                course: next,
                fact_id: None,
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
        assert_eq!(out.before.unwrap()["value"], 1500.0);
    }

    #[test]
    fn add_gives_a_fresh_id_when_taken() {
        let f = Fact::new("f1", Kind::Symptom, "cough");
        let out = apply_edit(&course(), &Edit::Add { fact: Box::new(f) }).unwrap();
        assert_eq!(out.fact_id.as_deref(), Some("r1"));
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

    #[test]
    fn the_index_date_is_set_checked_and_cleared() {
        let date = |d: Option<&str>| Edit::IndexDate {
            date: d.map(str::to_string),
        };
        let set = apply_edit(&course(), &date(Some(" 2024-02-29 "))).unwrap();
        assert_eq!(set.course.index.date.as_deref(), Some("2024-02-29"));
        assert_eq!(set.fact_id, None);
        assert_eq!(set.before.unwrap()["index_date"], serde_json::Value::Null);
        assert_eq!(set.after.unwrap()["index_date"], "2024-02-29");
        let cleared = apply_edit(&set.course, &date(Some(""))).unwrap();
        assert_eq!(cleared.course.index.date, None);
        assert_eq!(cleared.before.unwrap()["index_date"], "2024-02-29");
        // Not a leap year; not the format; not a date at all.
        for bad in [
            "2023-02-29",
            "29/02/2024",
            "2024-2-9",
            "tomorrow",
            "2024-02-29T00:00",
        ] {
            let err = apply_edit(&course(), &date(Some(bad))).unwrap_err();
            assert!(
                matches!(&err, EditError::Invalid(m) if m.contains(bad)),
                "{bad}: {err:?}"
            );
        }
    }
}
