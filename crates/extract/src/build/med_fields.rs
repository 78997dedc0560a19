//! Start and end fields under a drug in a record system's medication list:
//! "tacrolimus 1 MG capsule, Take 2 capsules by mouth every 12 hours.
//! Start: 01/10/2025 End: 03/14/2025". The fields are a sentence of their
//! own after the sig's full stop; they date the drug of the sentence
//! before them.

use casecourse_model::{DoseAction, Fact, Kind, PartRole, Span};

use crate::doc::Doc;

/// The labels of a start field and of an end field.
const STARTS: &[&str] = &["start:", "started:", "start date:", "date started:"];
const ENDS: &[&str] = &[
    "end:",
    "end date:",
    "stop:",
    "stopped:",
    "stop date:",
    "discontinued:",
    "date stopped:",
];

/// Dates the drugs in `previous` (the facts of sentence `i - 1`) when
/// sentence `i` holds nothing but start and end fields. True when it did.
pub fn date_drugs(doc: &Doc, i: usize, previous: &mut [Fact]) -> bool {
    let s = &doc.sentences[i];
    let line = doc.lower_text(s.start, s.end);
    let opens = |labels: &[&str]| labels.iter().any(|l| line.starts_with(l));
    if !(opens(STARTS) || opens(ENDS)) {
        return false;
    }
    let field = |labels: &[&str]| {
        let at = labels
            .iter()
            .filter_map(|l| line.find(l).map(|k| k + l.len()))
            .min()?;
        // The field's value runs to the next label.
        let next = STARTS
            .iter()
            .chain(ENDS)
            .filter_map(|l| line[at..].find(l))
            .min()
            .map_or(s.end, |k| s.start + at + k);
        let (time, (a, b)) = doc.time_within(i, s.start + at, next)?;
        time.day.map(|d| (d, time.date.clone(), Span::new(a, b)))
    };
    let (start, end) = (field(STARTS), field(ENDS));
    let Some((day, date, words)) = start else {
        // An end alone says nothing of when the drug began.
        return false;
    };
    let mut dated = false;
    for f in previous
        .iter_mut()
        .filter(|f| f.kind == Kind::Medication && !f.negated)
    {
        f.time = casecourse_model::Time::at(day);
        f.time.date.clone_from(&date);
        f.time.end_day = end.as_ref().map(|e| e.0);
        f.set_part(PartRole::Time, words);
        if let Some(d) = f.dosage.as_mut()
            && !matches!(d.action, Some(DoseAction::Stop | DoseAction::Prior))
        {
            d.action = Some(DoseAction::Start);
        }
        dated = true;
    }
    dated
}

/// "500 MG tablet, Take 2 tablets (1,000 mg total) by mouth twice daily":
/// the dose of a sig is the total it states, not the tablet's strength.
/// Applies to the sentence's drug when it names one drug only.
pub fn total_dose(ctx: &mut super::Ctx) {
    let Some(q) = ctx.v.quantities.iter().find(|q| {
        q.unit.is_some()
            && q.comparator.is_none()
            && ctx.text(ctx.v.s.start, q.start).ends_with('(')
            && ctx
                .doc
                .lower_text(q.end, ctx.v.s.end)
                .starts_with(" total)")
    }) else {
        return;
    };
    let (value, unit, words) = (q.value, q.unit.clone(), Span::new(q.start, q.end));
    let mut drugs = ctx.out.iter_mut().filter(|f| f.kind == Kind::Medication);
    let (Some(f), None) = (drugs.next(), drugs.next()) else {
        return;
    };
    let Some(d) = f.dosage.as_mut() else {
        return;
    };
    d.dose = Some(value);
    d.unit = unit;
    f.set_part(PartRole::Dose, words);
}
