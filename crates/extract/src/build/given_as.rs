//! A test's name that is also a drug's ("vitamin D"): followed by a dose
//! ("Vitamin D 800 IU daily", "vit D 1000 units") it names the drug given
//! (analytes.toml `given_as`), not a level measured, which is told in a
//! concentration ("vitamin D 32 nmol/L").

use casecourse_knowledge::Lexicon;
use regex::Regex;

use crate::matcher::{Cat, Mention};

/// A dose amount right after the name: a number in international units
/// or a unit of mass, with no volume after it ("800 IU", "1000 units",
/// "20 mcg"; not "25 ng/mL").
pub fn dose_after_pattern() -> Regex {
    Regex::new(
        r"^\s*(?:\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s*(?:iu|units?|mcg|ug|micrograms?|mg)\b(?:\s*/\s*(?:d|day|wk|week)\b|[^/]|$)",
    )
    .expect("dose after pattern")
}

/// Turns each analyte mention with a drug reading and a dose after it
/// into a mention of that drug.
pub fn read(lex: &Lexicon, lower: &str, dose_after: &Regex, mentions: &mut [Mention]) {
    for m in mentions.iter_mut().filter(|m| m.cat == Cat::Analyte) {
        let Some(drug) = lex.analytes[m.idx].given_as.as_deref() else {
            continue;
        };
        let after = lower.get(m.end..(m.end + 32).min(lower.len()));
        if !after.is_some_and(|a| dose_after.is_match(a)) {
            continue;
        }
        if let Some(idx) = lex.drugs.iter().position(|d| d.name == drug) {
            m.cat = Cat::Drug;
            m.idx = idx;
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_dose_follows_but_not_a_level() {
        let re = super::dose_after_pattern();
        for yes in [
            " 800 iu daily",
            " 1,000 units",
            " 20 mcg od",
            " 50 ug/day",
            " 800 iu",
        ] {
            assert!(re.is_match(yes), "{yes}");
        }
        for no in [
            " 32 nmol/l",
            " 12 ng/ml",
            " level 20",
            " deficiency",
            " 25 ug/l",
        ] {
            assert!(!re.is_match(no), "{no}");
        }
    }
}
