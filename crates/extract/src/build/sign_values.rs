//! A symptom, sign or derangement told with its number: "fever of 39.5
//! °C", "tachycardia of 140 beats/min", "high fever (39.8 °C)",
//! "hyponatraemia of 118 mmol/L", "lymphopenia (0.3 x 10^9/L)". The number is
//! the value of the measurement the sign is a reading of (the analyte
//! lexicon's `signs`); the sign stays a fact of its own.

use casecourse_knowledge::Lexicon;

use crate::matcher::{Cat, Mention};

/// Each sign entry (its category and index) with the measurement its
/// number is a reading of, from the analyte lexicon's `signs`.
pub fn readings(lex: &Lexicon) -> Vec<(Cat, usize, usize)> {
    lex.analytes
        .iter()
        .enumerate()
        .flat_map(|(a, analyte)| {
            analyte.signs.iter().flat_map(move |sign| {
                let symptom = lex.symptoms.iter().position(|t| &t.name == sign);
                let finding = lex.findings.iter().position(|t| &t.name == sign);
                let condition = lex.conditions.iter().position(|t| &t.name == sign);
                [
                    symptom.map(|i| (Cat::Symptom, i, a)),
                    finding.map(|i| (Cat::Finding, i, a)),
                    condition.map(|i| (Cat::Condition, i, a)),
                ]
                .into_iter()
                .flatten()
            })
        })
        .collect()
}

/// Words between a sign and its number, lowercase, longest first.
const CONNECTORS: &[&str] = &[
    "peaking at ",
    "reaching ",
    "up to ",
    "of up to ",
    "of about ",
    "of ",
    "at ",
    "to ",
    "(",
];

/// Adds, for each sign mention followed by a connector and a number, a
/// mention of the measurement on the connector's words (the sign keeps
/// its own). `lower` is the lowercased text; `mentions` stay sorted.
pub fn add(
    lex: &Lexicon,
    shapes: &super::shapes::Shapes,
    lower: &str,
    mentions: &mut Vec<Mention>,
) {
    let readings = shapes.sign_readings.get_or_init(|| readings(lex));
    if readings.is_empty() {
        return;
    }
    let mut added = Vec::new();
    for m in mentions.iter() {
        let Some(&(_, _, analyte)) = readings
            .iter()
            .find(|(cat, idx, _)| *cat == m.cat && *idx == m.idx)
        else {
            continue;
        };
        let rest = &lower[m.end..];
        let gap = rest.len() - rest.trim_start_matches(' ').len();
        let rest = &rest[gap..];
        let Some(c) = CONNECTORS.iter().find(|c| rest.starts_with(*c)) else {
            continue;
        };
        let after = rest[c.len()..].trim_start_matches(' ');
        if !after.starts_with(|ch: char| ch.is_ascii_digit()) {
            continue;
        }
        let start = m.end + gap;
        added.push(Mention {
            start,
            end: start + c.trim_end().len(),
            cat: Cat::Analyte,
            idx: analyte,
        });
    }
    if !added.is_empty() {
        mentions.extend(added);
        mentions.sort_by_key(|m| (m.start, m.end));
    }
}
