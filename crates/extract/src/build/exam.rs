//! Examination statements: "the chest was clear", "JVP not visible",
//! "abdomen soft and non-tender", and signs told as "no rash" while the
//! text is describing the examination.

use casecourse_model::{Kind, PartRole, Span, Value};

use super::Ctx;
use crate::doc::CueHit;

/// Words that may join a site to its state: "the chest *was* clear".
const COPULAS: &[&str] = &[
    "was", "were", "is", "are", "appeared", "appears", "looked", "looks", "felt", "feels",
    "remained", "remains",
];

/// How far back (in sentences of one paragraph) an "On examination" opening
/// still sets the scene.
const SCENE_SENTENCES: usize = 6;

/// Reads site–state statements, and turns symptoms named while examining
/// into examination findings.
pub fn exam_findings(ctx: &mut Ctx) {
    // Only a sentence with something to read looks back for the scene.
    let has_symptom = ctx.out.iter().any(|f| f.kind == Kind::Symptom);
    if !has_symptom && ctx.v.cues_with("exam-site").next().is_none() {
        return;
    }
    if !examining(ctx) {
        return;
    }
    for f in &mut ctx.out {
        if f.kind == Kind::Symptom {
            f.kind = Kind::Exam;
        }
    }
    let sites: Vec<CueHit> = ctx.v.cues_with("exam-site").copied().collect();
    let states: Vec<CueHit> = ctx.v.cues_with("exam-state").copied().collect();
    for site in sites {
        let Some((from, to)) = state_after(ctx, site.end, &states) else {
            continue;
        };
        let name = site
            .cue
            .value
            .clone()
            .unwrap_or_else(|| ctx.text(site.start, site.end).to_ascii_lowercase());
        let mut f = ctx.fact(Kind::Exam, &name, site.start, to);
        f.value = Some(Value::Text(ctx.text(from, to).to_ascii_lowercase()));
        f.set_part(PartRole::Site, Span::new(site.start, site.end));
        f.set_part(PartRole::Value, Span::new(from, to));
        ctx.out.push(f);
    }
}

/// The state words right after a site, as a range: an optional copula,
/// then states joined by "and" or commas, each optionally after "not".
fn state_after(ctx: &Ctx, mut pos: usize, states: &[CueHit]) -> Option<(usize, usize)> {
    let limit = ctx.clause_end(pos).min(ctx.v.s.end);
    let word = |pos: usize| -> (usize, String) {
        let rest = ctx.text(pos, limit);
        let skipped = rest.len() - rest.trim_start_matches([' ', ',']).len();
        let w: String = rest[skipped..]
            .chars()
            .take_while(|c| c.is_ascii_alphabetic())
            .collect();
        (pos + skipped, w.to_ascii_lowercase())
    };
    // "raised jugular venous pressure, reduced air entry": a state after a
    // comma is the next item's.
    if ctx
        .text(pos, limit)
        .trim_start_matches(' ')
        .starts_with([',', ';'])
    {
        return None;
    }
    let (at, w) = word(pos);
    if COPULAS.contains(&w.as_str()) {
        pos = at + w.len();
    }
    let mut range: Option<(usize, usize)> = None;
    loop {
        let (at, w) = word(pos);
        let (state_at, negated) = match w.as_str() {
            "not" => (word(at + 3).0, true),
            "and" if range.is_some() => {
                pos = at + 3;
                continue;
            }
            _ => (at, false),
        };
        let Some(state) = states.iter().find(|s| s.start == state_at) else {
            break;
        };
        let from = if negated { at } else { state_at };
        range = Some((range.map_or(from, |r| r.0), state.end));
        pos = state.end;
    }
    range
}

/// Whether the sentence is part of an examination: under an examination
/// heading, or in a paragraph opened by "On examination".
/// Headings of an examination written by system ("O/E:", "CVS: HS I+II+0",
/// "RS: chest clear", "Abdo: soft, non-tender").
const EXAM_HEADINGS: &[&str] = &[
    "o/e", "oe", "cvs", "rs", "resp", "abdo", "abdomen", "cns", "pns", "neuro", "msk", "chest",
    "heart", "lungs",
];

fn examining(ctx: &Ctx) -> bool {
    let doc = ctx.doc;
    if ctx
        .v
        .s
        .heading
        .as_deref()
        .is_some_and(|h| h.contains("exam") || EXAM_HEADINGS.contains(&h.trim()))
    {
        return true;
    }
    let mut i = ctx.v.idx;
    for _ in 0..=SCENE_SENTENCES {
        let s = &doc.sentences[i];
        if doc.has_cue_in("exam-scene", s.start, s.end) {
            return true;
        }
        if i == 0 {
            return false;
        }
        // A blank line between two sentences ends the paragraph.
        let gap = doc.text(doc.sentences[i - 1].end, s.start);
        if gap.contains("\n\n") || gap.contains("\n \n") {
            return false;
        }
        i -= 1;
    }
    false
}

/// Joint counts: a number before "tender" or "swollen joints", maybe two.
pub fn joint_count_pattern() -> regex::Regex {
    regex::Regex::new(r"(?i-u)\b(\d{1,2})\s+(tender|swollen)(?:\s+joints?)?(?:,?\s+(?:and|with)\s+(\d{1,2})\s+(tender|swollen))?\s+joints?\b")
        .expect("joint count pattern")
}

/// "8 tender and 6 swollen joints", "6 swollen joints": joint counts told
/// as a number before the word, for the lexicon's count entries.
pub fn joint_counts(ctx: &mut Ctx) {
    let re = &ctx.doc.shapes.joint_count;
    let (start, end) = (ctx.v.s.start, ctx.v.s.end);
    // Every match ends in "joint" (ASCII, any case): most sentences have
    // none, which the word's positions in the document tell.
    if !super::people::has_side_word(ctx.doc, super::people::JOINT, start, end) {
        return;
    }
    let found: Vec<(usize, usize, usize, usize, f64, &str)> = re
        .captures_iter(ctx.text(start, end))
        .flat_map(|c| {
            let whole = c.get(0).map_or((0, 0), |m| (m.start(), m.end()));
            [(1, 2), (3, 4)].into_iter().filter_map(move |(n, w)| {
                let num = c.get(n)?;
                let which = if c.get(w)?.as_str().eq_ignore_ascii_case("tender") {
                    "tender joint count"
                } else {
                    "swollen joint count"
                };
                Some((
                    whole.0,
                    whole.1,
                    num.start(),
                    num.end(),
                    num.as_str().parse().ok()?,
                    which,
                ))
            })
        })
        .collect();
    for (a, b, n0, n1, value, name) in found {
        let Some(entry) = ctx.doc.lex.analytes.iter().find(|x| x.name == name) else {
            continue;
        };
        let mut f = ctx.fact(Kind::Exam, &entry.name, start + a, start + b);
        f.value = Some(Value::Number(value));
        f.set_part(PartRole::Value, Span::new(start + n0, start + n1));
        ctx.out.push(f);
    }
}

#[cfg(test)]
mod tests {
    use casecourse_model::{Kind, Value};

    fn exam(text: &str) -> Vec<(String, String, bool)> {
        let course = crate::extract(text, &crate::Options::default());
        course
            .facts
            .iter()
            .filter(|f| f.kind == Kind::Exam)
            .map(|f| {
                let v = match &f.value {
                    Some(Value::Text(t)) => t.clone(),
                    _ => String::new(),
                };
                (f.name.clone(), v, f.negated)
            })
            .collect()
    }

    #[test]
    fn sites_and_states_while_examining() {
        let got = exam(
            "He was admitted with fever.\n\nOn examination he was unwell. The JVP was not \
             visible. Abdomen soft and non-tender. There was no rash.",
        );
        let has = |n: &str, v: &str, neg: bool| got.iter().any(|g| g == &(n.into(), v.into(), neg));
        assert!(
            has("jugular venous pressure", "not visible", false),
            "{got:?}"
        );
        assert!(has("abdomen", "soft and non-tender", false), "{got:?}");
        assert!(has("rash", "", true), "{got:?}");
    }

    #[test]
    fn outside_an_examination_nothing_is_read() {
        let got = exam(
            "She was admitted with fever. Her chest was clear on the radiograph two days later, and she had a rash.",
        );
        assert!(got.is_empty(), "{got:?}");
    }
}
