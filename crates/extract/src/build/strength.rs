//! Muscle strength graded on the MRC scale: "Neck flexion and hip flexion
//! were graded 3/5 and shoulder abduction 4-/5; distal strength was normal
//! (5/5)". Each grade belongs to the muscle groups (cues of role
//! `muscle-group`) named since the grade before it, or, for a grade
//! written first ("3/5 in the deltoids"), to the groups after it; the
//! finding is named by the group's words, with "strength" added to a
//! movement ("hip flexion strength"). Grades are 0 to 5 with an optional + or - (MRC, Aids to the
//! Examination of the Peripheral Nervous System, 1976).

use casecourse_model::{Kind, PartRole, Span, Value};

use super::Ctx;

/// "3/5", "4-/5", "4+/5" at `i` of the sentence text: the grade's length.
fn grade_at(text: &[u8], i: usize) -> Option<usize> {
    let digit = *text.get(i)?;
    if !(b'0'..=b'5').contains(&digit) || i > 0 && text[i - 1].is_ascii_alphanumeric() {
        return None;
    }
    let sign = usize::from(matches!(text.get(i + 1), Some(b'+' | b'-')));
    let rest = text.get(i + 1 + sign..)?;
    let after = rest.get(2);
    (rest.starts_with(b"/5") && !after.is_some_and(u8::is_ascii_alphanumeric)).then_some(3 + sign)
}

/// Reads the sentence's strength grades.
pub fn strength_grades(ctx: &mut Ctx) {
    if ctx.v.cues_with("muscle-group").next().is_none() {
        return;
    }
    let s0 = ctx.v.s.start;
    let text = ctx.text(s0, ctx.v.s.end).as_bytes();
    let grades: Vec<(usize, usize)> = (0..text.len())
        .filter_map(|i| grade_at(text, i).map(|len| (s0 + i, s0 + i + len)))
        .collect();
    // Both lists are in text order: each group is read once, by the first
    // grade after it.
    let groups: Vec<(usize, usize)> = ctx
        .v
        .cues_with("muscle-group")
        .map(|c| (c.start, c.end))
        .collect();
    let mut next = 0;
    for (k, &(g0, g1)) in grades.iter().enumerate() {
        let first = next;
        while groups.get(next).is_some_and(|&(_, b)| b <= g0) {
            next += 1;
        }
        // "MRC grade 3/5 in the neck flexors and hip flexors, 4-/5 in the
        // deltoids": a grade that no group comes before, with "in" or "of"
        // after it, is the grade of the groups after it.
        if first == next
            && let Some(&(a, _)) = groups.get(next)
            && a - g1 <= 16
            && {
                let gap = ctx.text(g1, a).to_ascii_lowercase();
                let word = gap.split_whitespace().next().unwrap_or("");
                matches!(word, "in" | "of" | "for" | "at")
            }
        {
            // Up to the next grade, in the same clause.
            let clause_end = ctx
                .text(g1, ctx.v.s.end)
                .find(';')
                .map_or(usize::MAX, |p| g1 + p);
            let until = grades
                .get(k + 1)
                .map_or(usize::MAX, |g| g.0)
                .min(clause_end);
            while groups.get(next).is_some_and(|&(a, _)| a < until) {
                next += 1;
            }
        }
        for &(a, b) in &groups[first..next] {
            let words = ctx.text(a, b).to_ascii_lowercase();
            let name = if words.ends_with("strength") || words.ends_with("power") {
                words
            } else {
                format!("{words} strength")
            };
            let mut f = ctx.fact(Kind::Exam, &name, a, b);
            f.value = Some(Value::Text(ctx.text(g0, g1).to_string()));
            f.spans.push(Span::new(g0, g1));
            f.set_part(PartRole::Value, Span::new(g0, g1));
            ctx.out.push(f);
        }
    }
}
