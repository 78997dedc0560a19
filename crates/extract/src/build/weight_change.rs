//! An amount of body weight lost or gained: "a 5 kg weight loss", "6 kg of
//! weight loss", "weight loss of 4 kg", and the verb with no complaint
//! named ("he had lost 9 kg in weight"), which the cues of role
//! `weight-change` name ("lost" gives "weight loss").

use casecourse_model::{Fact, Kind, PartRole, Relation, Span, Time, Value};

use super::Ctx;
use crate::matcher::{Cat, Mention};
use crate::quantity::Quantity;

/// Units of body weight (the UCUM units of units.toml's masses).
fn is_mass(unit: Option<&str>) -> bool {
    matches!(unit, Some("kg" | "[lb_av]"))
}

/// The mass written right before a complaint ("5 kg weight loss", "6 kg
/// of weight loss") or right after it ("weight loss of 4 kg").
pub fn amount_of(ctx: &Ctx, m: &Mention) -> Option<Quantity> {
    let qs = ctx.v.quantities;
    // Quantities are in text order: only the last one before the name and
    // the first one after it can be adjacent, a few bytes away.
    let after = qs.partition_point(|q| q.start < m.end);
    let joins =
        |a: usize, b: usize, words: &[&str]| b - a <= 4 && words.contains(&ctx.text(a, b).trim());
    let before = qs[..after]
        .iter()
        .rev()
        .find(|q| q.end <= m.start)
        .filter(|q| joins(q.end, m.start, &["", "of"]));
    let after = qs.get(after).filter(|q| joins(m.end, q.start, &["of"]));
    before
        .or(after)
        .filter(|q| is_mass(q.unit.as_deref()))
        .cloned()
}

/// Sets the amount on a complaint's fact.
pub fn set_amount(f: &mut Fact, q: &Quantity) {
    f.value = Some(Value::Number(q.value));
    f.unit = q.unit.clone();
    f.set_part(PartRole::Value, Span::new(q.start, q.end));
}

/// "Lost 5 kg over two months": a change measured across the span the text
/// gives, not a complaint that began then. An onset with its duration
/// becomes the span from the onset to the end of the duration; a point
/// with one ("on day 10 ... over the past week") the span that ends there.
/// A calendar date stays that of the point the text gave.
pub fn over_its_span(f: &mut Fact) {
    let t = &f.time;
    let Some(d) = t.duration.as_ref() else {
        return;
    };
    let (start, end) = match (t.relation, t.day) {
        (Relation::Onset, Some(day)) => (day, day + d.days),
        (Relation::At, Some(day)) => (day - d.days, day),
        _ => return,
    };
    f.time = Time {
        relation: Relation::Between,
        day: None,
        start_day: Some(start),
        end_day: Some(end),
        ..t.clone()
    };
}

/// "He had lost 9 kg in weight": a complaint from a verb of change and the
/// mass straight after it, when the sentence named none of its own.
pub fn weight_changes(ctx: &mut Ctx) {
    let found: Vec<(usize, Quantity, String)> = ctx
        .v
        .cues_with("weight-change")
        .filter_map(|c| {
            let qs = ctx.v.quantities;
            let q = qs
                .get(qs.partition_point(|q| q.start < c.end))
                .filter(|q| q.start - c.end <= 2 && ctx.text(c.end, q.start).trim().is_empty())?;
            let name = c.cue.value.clone()?;
            is_mass(q.unit.as_deref()).then(|| (c.start, q.clone(), name))
        })
        .collect();
    for (start, q, name) in found {
        let Some(idx) = ctx.doc.lex.symptoms.iter().position(|t| t.name == name) else {
            continue;
        };
        let named = ctx
            .out
            .iter()
            .any(|f| f.kind == Kind::Symptom && f.name == name);
        if named {
            continue;
        }
        let m = Mention {
            start,
            end: q.end,
            cat: Cat::Symptom,
            idx,
        };
        super::terms::symptom(ctx, &m);
        if let Some(f) = ctx.out.last_mut() {
            set_amount(f, &q);
            over_its_span(f);
        }
    }
}
