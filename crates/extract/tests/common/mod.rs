//! Helpers shared by the extraction tests.

use casecourse_extract::{Options, extract};
use casecourse_model::{Course, Fact, Kind};

/// The course extracted from `text` with default options.
pub fn course(text: &str) -> Course {
    extract(text, &Options::default())
}

/// The first fact named `name`; fails the test, listing the facts, if none.
#[allow(dead_code)] // not every test binary looks facts up by name
pub fn fact<'c>(c: &'c Course, name: &str) -> &'c Fact {
    c.facts
        .iter()
        .find(|f| f.name == name)
        .unwrap_or_else(|| panic!("no fact {name:?} in {:#?}", c.facts))
}

/// Every fact named `name`, in order.
#[allow(dead_code)] // not every test binary lists facts
pub fn all<'c>(c: &'c Course, name: &str) -> Vec<&'c Fact> {
    c.facts.iter().filter(|f| f.name == name).collect()
}

/// Fails the test, listing the facts, if any fact is named `name`.
#[allow(dead_code)] // not every test binary checks for absent facts
pub fn assert_no_fact(c: &Course, name: &str) {
    assert!(
        !c.facts.iter().any(|f| f.name == name),
        "unexpected {name:?} in {:#?}",
        c.facts
    );
}

/// Fails the test unless each of `names` is a fact of `kind`, negated or
/// affirmed as `negated` says.
#[allow(dead_code)] // not every test binary checks kinds in bulk
pub fn assert_each(c: &Course, names: &[&str], kind: Kind, negated: bool) {
    for name in names {
        let f = fact(c, name);
        assert_eq!((f.kind, f.negated), (kind, negated), "{name}");
    }
}
