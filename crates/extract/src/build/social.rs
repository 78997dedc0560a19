//! Details of a social history told beside the habit or exposure: how
//! much was smoked ("40 pack-years"), a habit label answered in a word
//! ("Smoking: 15 pack-years, current"), and travel that is a journey
//! abroad, not to the hospital.

use casecourse_model::{Fact, Span};

use super::Ctx;
use crate::matcher::Mention;

/// A smoking history's amount: "40 pack-years", "a 30 pack-year smoking
/// history", "50 pk-yr", "15 pack-yrs".
pub fn pack_years_pattern() -> regex::Regex {
    regex::Regex::new(r"(?i-u)\b(\d{1,3}(?:\.\d+)?)\s*-?\s*(?:pack|pk)[\s-]?(?:years?|yrs?)\b")
        .expect("pack-years pattern")
}

/// Notes the pack-years that smoking fact `f`'s sentence gives, as the
/// gold lists write them beside the smoking status ("ex-smoker", note
/// "40 pack-years"), and adds their words to its spans. Returns whether
/// it found some.
pub fn note_pack_years(ctx: &Ctx, f: &mut Fact) -> bool {
    let (from, to) = (ctx.v.s.start, ctx.v.s.end);
    let Some(c) = ctx.doc.shapes.pack_years.captures(ctx.text(from, to)) else {
        return false;
    };
    let (Some(whole), Some(n)) = (c.get(0), c.get(1)) else {
        return false;
    };
    let note = format!("{} pack-years", n.as_str());
    f.note = Some(match f.note.take() {
        Some(old) => format!("{old}; {note}"),
        None => note,
    });
    // After the habit's own words, which stay the fact's first span.
    f.spans
        .push(Span::new(from + whole.start(), from + whole.end()));
    true
}

/// The smoking status a label answers among its items ("Smoking: 15
/// pack-years, current", "Smoking - ex"), in the words of the US Core
/// smoking-status value set (history.toml's source) as the habit cues
/// write them. `answer` is the label's text after its name.
pub fn label_smoking_status(answer: &str) -> Option<&'static str> {
    let answer = answer.trim_start();
    let answer = answer
        .strip_prefix(':')
        .or_else(|| answer.strip_prefix('-'))?;
    let answer = answer.split([';', '.', '\n']).next().unwrap_or("");
    answer
        .split([',', ' ', '(', ')'])
        .find_map(|w| match w.to_ascii_lowercase().as_str() {
            "current" | "currently" | "yes" => Some("current smoker"),
            "ex" | "former" | "previous" | "past" | "quit" | "stopped" => Some("ex-smoker"),
            "never" => Some("never"),
            _ => None,
        })
}

/// Whether travel mention `m` is a journey to a place of care ("travelled
/// to the emergency department", "a trip to our clinic"), not abroad.
pub fn travel_to_care(ctx: &Ctx, m: &Mention) -> bool {
    const PLACES: &[&str] = &[
        "hospital",
        "our ",
        "the emergency",
        "the ed",
        "a&e",
        "clinic",
    ];
    let after = ctx.lower_after(m.end, 24);
    let after = after.trim_start();
    PLACES.iter().any(|p| after.starts_with(p))
        || ctx.v.cues.iter().any(|c| {
            matches!(c.cue.role.as_str(), "care-place" | "emergency-care")
                && c.start >= m.end
                && c.start <= m.end + 16
        })
}
