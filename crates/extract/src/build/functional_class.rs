//! Functional classes told by a roman numeral: the New York Heart
//! Association class of heart failure ("NYHA class III", "New York Heart
//! Association functional class II-III") and the WHO functional class of
//! pulmonary hypertension ("WHO functional class II", "WHO-FC III").
//!
//! Sources: The Criteria Committee of the New York Heart Association.
//! Nomenclature and Criteria for Diagnosis of Diseases of the Heart and
//! Great Vessels, 9th ed. Little, Brown 1994 (classes I-IV); Humbert M, et
//! al. 2022 ESC/ERS Guidelines for the diagnosis and treatment of
//! pulmonary hypertension. Eur Heart J 2022;43:3618-3731 (WHO-FC I-IV).
//! The class is kept as written; nothing is scored from it.

use casecourse_model::{Kind, PartRole, Span, Value};
use regex::Regex;

use super::Ctx;

/// The class pattern: a scale's name, "class" (needed after "WHO", a
/// common word in lower case), and a roman numeral I-IV written in
/// capitals, or a range of two.
pub fn functional_class_pattern() -> Regex {
    Regex::new(
        r"(?i)\b(?:(?P<nyha>NYHA|New\s+York\s+Heart\s+Association)(?:\s+functional)?(?:\s+class(?:ification)?)?|(?P<who>WHO|World\s+Health\s+Organi[sz]ation)(?:\s*-\s*FC|\s+FC|\s+functional\s+class(?:ification)?))\s*(?:of\s+|was\s+|is\s+|:\s*)?(?-i:(?P<n>IV|I{1,3})(?:\s*(?:-|–|/|to)\s*(?P<m>IV|I{1,3}))?)\b",
    )
    .expect("functional class pattern")
}

/// Reads the functional classes of the sentence.
pub fn functional_classes(ctx: &mut Ctx) {
    // The cue automaton has read the sentence already: no search of its
    // own.
    if ctx.v.cues_with("functional-class").next().is_none() {
        return;
    }
    let base = ctx.v.s.start;
    let text = ctx.text(base, ctx.v.s.end);
    let found: Vec<(String, String, usize, usize, usize, usize)> = ctx
        .doc
        .shapes
        .functional_class
        .captures_iter(text)
        .filter_map(|c| {
            let whole = c.get(0)?;
            let n = c.name("n")?;
            let value = match c.name("m") {
                Some(m) => format!("{}-{}", n.as_str(), m.as_str()),
                None => n.as_str().to_string(),
            };
            let (name, scale) = if c.name("nyha").is_some() {
                ("NYHA functional class", c.name("nyha")?)
            } else {
                ("WHO functional class", c.name("who")?)
            };
            let end = c.name("m").unwrap_or(n).end();
            Some((
                name.to_string(),
                value,
                base + whole.start(),
                base + scale.end(),
                base + n.start(),
                base + end,
            ))
        })
        .collect();
    for (name, value, start, name_end, value_start, value_end) in found {
        let mut f = ctx.fact(Kind::Finding, &name, start, name_end);
        ctx.assert(&mut f, start, name_end);
        f.value = Some(Value::Text(value));
        f.spans.push(Span::new(value_start, value_end));
        f.set_part(PartRole::Value, Span::new(value_start, value_end));
        ctx.out.push(f);
    }
}
