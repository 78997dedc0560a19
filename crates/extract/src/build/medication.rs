//! Medication mentions: drug, dose, unit, route, frequency, duration, and
//! what happened to the drug (started, continued, tapered, stopped).
//!
//! A drug owns the words from its name to the next drug's name. Inside
//! that slot, "tapered to", "reduced to", "increased to" open a new dose
//! step of the same drug; "conversion from X to Y" stops X and starts Y.

use casecourse_model::{Dosage, DoseAction, Fact, Kind, PartRole, Relation, Span, Time};

use super::{Ctx, drug_negation, schedule};
use crate::doc::CueHit;
use crate::matcher::{Cat, Mention};
use crate::quantity::Quantity;

/// Marks a taper step whose end is the next time point of the narrative;
/// reconcile fills in `end_day`.
pub const OPEN_END: &str = "until the next stated time point";

/// The note of a dose given while the patient stayed in hospital ("until
/// discharge", "while an inpatient"); reconciliation dates its end.
pub const UNTIL_DISCHARGE: &str = "until discharge";

/// Words that say a dose ran for the rest of the hospital stay.
const STAY_PHRASES: [&str; 9] = [
    "until discharge",
    "until hospital discharge",
    "until her discharge",
    "until his discharge",
    "while an inpatient",
    "while inpatient",
    "while in hospital",
    "for the rest of the admission",
    "for the remainder of the admission",
];

/// Where `[from, to)` says the dose ran until discharge, if it does.
fn until_discharge(ctx: &Ctx, from: usize, to: usize) -> Option<(usize, usize)> {
    stay_phrase(ctx.doc.lower_text(from, to)).map(|(a, b)| (from + a, from + b))
}

/// The first of [`STAY_PHRASES`] (in their order) that `lower` holds, at
/// its first occurrence. Every phrase starts with "until ", "while " or
/// "for the re", and most dose slots hold none of those: one pass over the
/// bytes says so, where the nine substring searches each set up a
/// searcher (≈8 % of the founding case's instructions).
fn stay_phrase(lower: &str) -> Option<(usize, usize)> {
    let b = lower.as_bytes();
    let opens = (0..b.len()).any(|i| {
        let rest = &b[i..];
        match b[i] {
            b'u' => rest.starts_with(b"until "),
            b'w' => rest.starts_with(b"while "),
            b'f' => rest.starts_with(b"for the re"),
            _ => false,
        }
    });
    if !opens {
        return None;
    }
    STAY_PHRASES
        .iter()
        .find_map(|p| lower.find(p).map(|i| (i, i + p.len())))
}

/// Frequency code of a dose given once (frequency lexicon).
const ONCE: &str = "ONCE";
/// Frequency code of a dose given as a rate (frequency lexicon).
const CONTINUOUS: &str = "CONTINUOUS";

/// A dose unit per hour or per minute: an infusion rate.
fn is_rate(unit: &str) -> bool {
    unit.ends_with("/h") || unit.ends_with("/min")
}

/// "a single dose of tocilizumab", "an intramuscular injection of
/// methylprednisolone": the cue right before the drug that says it was
/// given once.
fn single_administration(ctx: &Ctx, m: &Mention, pre_start: usize) -> Option<Span> {
    ctx.v
        .cues_with("single-administration")
        .filter(|c| c.start >= pre_start && c.end <= m.start)
        // At most one word between (counting stops at the second).
        .filter(|c| ctx.text(c.end, m.start).split_whitespace().nth(1).is_none())
        .max_by_key(|c| c.end)
        .map(|c| Span::new(c.start, c.end))
}

/// "500 mg of methylprednisolone", "2 units PRBC", "2 g IV ceftriaxone":
/// a dose written right before the drug's name, in its clause, with at
/// most "of" or route words (routes.toml) between.
fn leading_dose<'c>(ctx: &'c Ctx, m: &Mention, pre_start: usize) -> Option<&'c Quantity> {
    let q = ctx
        .v
        .quantities
        .iter()
        .rev()
        .find(|q| q.end <= m.start && q.start >= pre_start)?;
    let gap = ctx.lower_before(m.start, m.start - q.end);
    let routes = routes(ctx);
    let joins = gap
        .split_whitespace()
        .all(|w| w == "of" || routes.contains_key(w));
    (joins && gap.len() <= 16 && q.unit.as_deref().is_some_and(is_dose_unit)).then_some(q)
}

/// Whether dose `q`, written after a drug, is the leading dose of a later
/// drug of the sentence ("... and 120 ug/day of beraprost").
fn leads_another_drug(ctx: &Ctx, q: &Quantity) -> bool {
    ctx.v
        .mentions
        .iter()
        .find(|n| n.cat == Cat::Drug && n.start >= q.end)
        .is_some_and(|n| {
            leading_dose(ctx, n, q.start).is_some_and(|l| l.start == q.start)
                && ctx.lower_before(n.start, n.start - q.end).contains("of")
        })
}

/// The unit a dose is recorded in: blood components are counted in bags
/// ("2 units PRBC"), not in international units, and a daily dose is per
/// day ("1 g/day" is g/d), though the unit table reads "g/day" as per 24
/// hours, as urine collections are reported.
fn dose_unit(drug: &casecourse_knowledge::Drug, unit: String) -> String {
    let counted = drug.class.as_deref() == Some("blood component");
    match unit.as_str() {
        "[iU]" | "U" if counted => "{unit}".into(),
        "g/(24.h)" => "g/d".into(),
        "mg/(24.h)" => "mg/d".into(),
        _ => unit,
    }
}

/// [`dose_unit`] for a drug known by its name: the unit of a dose an
/// anaphor gives ("it was increased to 2 g/day").
fn daily_unit(ctx: &Ctx, name: &str, unit: String) -> String {
    match ctx.doc.lex.drug(name) {
        Some(d) => dose_unit(d, unit),
        None => unit,
    }
}

/// A dose unit that is an amount given, not a rate or a daily total.
fn is_amount(unit: &str) -> bool {
    !is_rate(unit) && !unit.ends_with("/d")
}

/// The verb that reports the sentence's doses as given ("was given",
/// "was infused", "received"), when every start word of the sentence is
/// such a verb: "was started on" or "commenced" make it a regimen.
fn reported_given(ctx: &Ctx) -> Option<Span> {
    let given: Vec<(usize, usize)> = ctx
        .v
        .cues_with("administered")
        .map(|c| (c.start, c.end))
        .collect();
    let first = *given.first()?;
    let only_given = ctx
        .v
        .cues_with("dose-start")
        .all(|c| given.iter().any(|&(a, b)| a <= c.start && c.end <= b));
    only_given.then(|| Span::new(first.0, first.1))
}

/// Dose units (UCUM) a drug amount may carry.
pub(super) fn is_dose_unit(u: &str) -> bool {
    const UNITS: &[&str] = &[
        "mg",
        "g",
        "ug",
        "ng",
        "kg",
        "mL",
        "L",
        "[iU]",
        "mmol",
        "meq",
        "mg/kg",
        "g/kg",
        "ug/kg",
        "mg/m2",
        "g/m2",
        "mg/d",
        "g/d",
        "ug/d",
        "mg/kg/d",
        "g/kg/d",
        "mg/m2/d",
        "g/(24.h)",
        "mg/(24.h)",
        "mg/h",
        "ug/h",
        "ug/min",
        "ug/kg/h",
        "mg/kg/min",
        "mL/kg",
        "mL/kg/h",
        "[iU]/kg",
        "[iU]/kg/h",
        "mg/kg/h",
        "ug/kg/min",
        "[iU]/h",
        "mL/h",
        "{tablet}",
        "{puff}",
        "{drop}",
        "{capsule}",
    ];
    UNITS.contains(&u)
}

struct Step {
    from: usize,
    to: usize,
    action: Option<DoseAction>,
    cue: Option<(usize, usize)>,
}

/// The drug the narrative last gave: what "the dose" or "it" of a later
/// sentence that names no drug refers to.
#[derive(Default)]
pub struct LastDrug {
    /// The fact's name and code, and its sentence.
    drug: Option<(String, Option<casecourse_model::Code>, usize)>,
}

/// Sentences "the dose" or "it" may reach back over to find its drug.
const ANAPHOR_REACH: usize = 3;

/// Reads every drug mention of the sentence, and the drug actions of a
/// sentence that refers to a drug without naming it.
pub fn medications(ctx: &mut Ctx, last: &mut LastDrug) {
    let before = ctx.out.len();
    medications_named(ctx);
    if ctx.out.len() == before {
        dose_anaphor(ctx, last);
    }
    if ctx.out.len() == before {
        if let Some((name, code, at)) = &last.drug
            && ctx.v.idx <= at + ANAPHOR_REACH
        {
            drug_anaphor(ctx, name, code.clone(), ctx.v.s.start);
        }
    } else if let Some((name, code, end)) = last_named(ctx, before) {
        // "Tofacitinib was started on day 31; however, it was stopped on
        // day 40": the drug named last in the sentence.
        drug_anaphor(ctx, &name, code, end);
    }
    super::regimens::expand(ctx, before);
    let body = matches!(
        ctx.v.origin(),
        Some(casecourse_model::Origin::Body | casecourse_model::Origin::Table)
    );
    // A drug given, dosed or not, is what a later "it" may refer to.
    if body
        && let Some(f) = ctx.out[before..]
            .iter()
            .rev()
            .find(|f| f.kind == Kind::Medication && !f.negated)
    {
        last.drug = Some((f.name.clone(), f.code.clone(), ctx.v.idx));
    }
}

/// "... so on HD 2 the dose was increased to 80 mg IV twice daily": a dose
/// change in a sentence that names no drug belongs to the drug dosed in
/// the sentences just before it.
fn dose_anaphor(ctx: &mut Ctx, last: &LastDrug) {
    let Some((name, code, at)) = &last.drug else {
        return;
    };
    if ctx.v.idx > at + ANAPHOR_REACH {
        return;
    }
    let Some(anaphor) = ctx.v.cues_with("dose-anaphor").next() else {
        return;
    };
    let (a0, a1) = (anaphor.start, anaphor.end);
    let Some(action) = ctx
        .v
        .cues
        .iter()
        .filter(|c| c.start >= a1 && c.cue.role.starts_with("dose-"))
        .find(|c| {
            matches!(
                role_action(&c.cue.role),
                DoseAction::Increase
                    | DoseAction::Decrease
                    | DoseAction::Taper
                    | DoseAction::Change
            )
        })
        .map(|c| (role_action(&c.cue.role), c.end))
    else {
        return;
    };
    let end = ctx.clause_end(action.1);
    let Some(dose) = ctx
        .v
        .quantities
        .iter()
        .find(|q| {
            q.start >= action.1 && q.start < end && q.unit.as_deref().is_some_and(is_dose_unit)
        })
        .cloned()
    else {
        return;
    };
    let mut f = ctx.fact(Kind::Medication, name, a0, a1);
    f.code = code.clone();
    let frequency = frequency_in(ctx, action.1, end);
    let route = route_in(ctx, action.1, end);
    f.spans.push(Span::new(dose.start, dose.end));
    f.set_part(PartRole::Dose, Span::new(dose.start, dose.end));
    for (role, words) in [(PartRole::Frequency, &frequency), (PartRole::Route, &route)] {
        if let Some((_, span)) = words {
            f.set_part(role, *span);
        }
    }
    f.dosage = Some(Dosage {
        dose: Some(dose.value),
        unit: dose.unit.clone().map(|u| daily_unit(ctx, name, u)),
        frequency: frequency.map(|w| w.0),
        route: route.map(|w| w.0),
        action: Some(action.0),
        ..Dosage::default()
    });
    ctx.out.push(f);
}

/// "It was discontinued on day 30", "The drug was resumed at 5 mg/day":
/// a clause whose subject refers to the drug of the sentences just before
/// and whose verb acts on a drug, in a sentence that names none.
fn drug_anaphor(ctx: &mut Ctx, name: &str, code: Option<casecourse_model::Code>, from: usize) {
    let lower = ctx.doc.lower_text(ctx.v.s.start, ctx.v.s.end);
    let Some(caps) = drug_subject()
        .captures_iter(lower)
        .find(|c| c.get(0).is_some_and(|m| ctx.v.s.start + m.start() >= from))
    else {
        return;
    };
    let (Some(subject), Some(whole)) = (caps.get(1), caps.get(0)) else {
        return;
    };
    let (a0, a1) = (
        ctx.v.s.start + subject.start(),
        ctx.v.s.start + subject.end(),
    );
    // A drug named after the subject is the clause's own.
    if ctx
        .v
        .mentions
        .iter()
        .any(|m| m.cat == Cat::Drug && m.start >= a0)
    {
        return;
    }
    // The verb, read with its auxiliary ("was discontinued") or without.
    let verb_by = ctx.v.s.start + whole.end();
    let Some(verb) = ctx
        .v
        .cues
        .iter()
        .find(|c| {
            c.start > a1
                && c.start <= verb_by
                && c.end > verb_by
                && c.cue.role.starts_with("dose-")
                && c.cue.role != "dose-anaphor"
        })
        .copied()
    else {
        return;
    };
    let action = role_action(&verb.cue.role);
    let end = ctx.clause_end(verb.end);
    let dose = ctx
        .v
        .quantities
        .iter()
        .find(|q| {
            q.start >= verb.end && q.start < end && q.unit.as_deref().is_some_and(is_dose_unit)
        })
        .cloned();
    let mut f = ctx.fact(Kind::Medication, name, a0, a1);
    f.code = code;
    f.spans.push(Span::new(verb.start, verb.end));
    if let Some(q) = &dose {
        f.spans.push(Span::new(q.start, q.end));
        f.set_part(PartRole::Dose, Span::new(q.start, q.end));
    }
    let frequency = frequency_in(ctx, verb.end, end);
    if let Some((_, span)) = &frequency {
        f.set_part(PartRole::Frequency, *span);
    }
    f.dosage = Some(Dosage {
        dose: dose.as_ref().map(|q| q.value),
        unit: dose.and_then(|q| q.unit).map(|u| daily_unit(ctx, name, u)),
        frequency: frequency.map(|w| w.0),
        action: Some(action),
        ..Dosage::default()
    });
    ctx.out.push(f);
}

/// The drug this sentence named last, of the facts from `before` on, with
/// where its name ends.
fn last_named(ctx: &Ctx, before: usize) -> Option<(String, Option<casecourse_model::Code>, usize)> {
    ctx.out[before..]
        .iter()
        .filter(|f| f.kind == Kind::Medication && !f.negated)
        .filter_map(|f| Some((f, f.spans.first()?)))
        .max_by_key(|(_, s)| s.start)
        .map(|(f, s)| (f.name.clone(), f.code.clone(), s.end))
}

/// A fixed pattern, compiled once into `cell`.
fn compiled(
    cell: &'static std::sync::OnceLock<regex::Regex>,
    pattern: &str,
) -> &'static regex::Regex {
    cell.get_or_init(|| regex::Regex::new(pattern).expect("a fixed pattern compiles"))
}

/// A subject that refers back to a drug, opening a clause, with the
/// auxiliary before the drug's verb: "It was", "; however, the drug was",
/// "This treatment had been".
fn drug_subject() -> &'static regex::Regex {
    static RE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    compiled(
        &RE,
        r"(?:^|; (?:however, |then |subsequently, )?|, (?:and|but) )(it|this|the drug|this drug|the medication|this medication|the agent|this agent|the treatment|this treatment|the therapy|this therapy) (?:was|were|had been|has been|is)(?: (?:then|subsequently|later|therefore|gradually|temporarily|eventually|finally))? ",
    )
}

fn medications_named(ctx: &mut Ctx) {
    let mut drugs: Vec<Mention> = Vec::new();
    // The words that withhold each drug of `drugs` that names a class.
    let mut withheld: Vec<Option<(usize, usize)>> = Vec::new();
    let mut components: Vec<usize> = Vec::new();
    let lex = ctx.doc.lex;
    for m in ctx.free().filter(|m| m.cat == Cat::Drug) {
        // "mycophenolate mofetil (MMF)": one mention.
        if drugs
            .last()
            .is_some_and(|p: &Mention| p.idx == m.idx && ctx.text(p.end, m.start).trim() == "(")
        {
            continue;
        }
        // A class of drugs is a fact when the text withholds it
        // ("antibiotics were not given"), or gives it without naming a
        // drug of it ("treated with corticosteroids"); otherwise it is no
        // drug of the sentence ("the anticoagulation clinic", "for PJP
        // prophylaxis", "methylprednisolone and other corticosteroids").
        let class_withheld = if lex.drugs[m.idx].drug_class {
            match withheld_class(ctx, m) {
                Some(words) => Some(words),
                None if given_class(ctx, m) => None,
                None => continue,
            }
        } else {
            None
        };
        // "Trimethoprim-sulfamethoxazole ... at a trimethoprim dose of 15
        // mg/kg/day": a part of a combination named before doses it.
        let name = &lex.drugs[m.idx].name;
        let part_of_earlier = drugs
            .iter()
            .any(|p| lex.drugs[p.idx].name.split('-').any(|part| part == name) && p.idx != m.idx);
        // "no rifampicin resistance", "sensitive to meropenem": a result
        // of susceptibility testing, not a drug given.
        if part_of_earlier || susceptibility(ctx, m) || anchors_a_time(ctx, m) {
            components.push(m.start);
            continue;
        }
        drugs.push(*m);
        withheld.push(class_withheld);
    }
    ctx.claimed.extend(components);
    if drugs.is_empty() {
        return;
    }
    let asides: Vec<Option<usize>> = (0..drugs.len())
        .map(|i| aside_end(ctx, &drugs, i))
        .collect();
    let mut facts: Vec<Fact> = Vec::new();
    // Whether the sentence is in a list headed "Current medication" (see
    // below), once for all its drugs.
    let current = ctx.v.s.heading.as_deref().is_some_and(|h| {
        h.contains("current")
            || h == "medications"
            || h == "medication"
            || h == "meds"
            || h == "drug history"
            // "DH: amlodipine 5 mg od", "Home meds: ...".
            || h == "dh"
            || h.starts_with("home med")
            || h.starts_with("regular med")
            || h.starts_with("usual med")
            || h == "medications on admission"
    });
    for (i, m) in drugs.iter().enumerate() {
        ctx.claimed.insert(m.start);
        let slot_end = drugs.get(i + 1).map_or_else(
            || ctx.clause_end(m.end),
            |n| n.start.min(ctx.clause_end(m.end)),
        );
        let slot_end = asides[i].map_or(slot_end, |c| c.min(slot_end));
        let pre_start = if i == 0 {
            ctx.clause_start(m.start)
        } else {
            drugs[i - 1].end.max(ctx.clause_start(m.start))
        };
        let mut dose_steps = steps(ctx, m.end, slot_end);
        // "Methotrexate 15 mg weekly, with folic acid 5 mg weekly, was
        // increased to 20 mg": the changes after an aside are this drug's.
        if let Some(close) = asides.get(i + 1).copied().flatten() {
            let tail_end = drugs.get(i + 2).map_or_else(
                || ctx.clause_end(close),
                |n| n.start.min(ctx.clause_end(close)),
            );
            dose_steps.extend(
                steps(ctx, close, tail_end)
                    .into_iter()
                    .filter(|s| s.cue.is_some()),
            );
        }
        let first_action = action_for(ctx, &drugs, i, pre_start);
        let drug = &ctx.doc.lex.drugs[m.idx];
        let response = response(ctx, m.start);
        let pulse = ctx
            .v
            .cues_with("dose-pulse")
            .find(|c| c.start.abs_diff(m.end) <= 2 || c.end.abs_diff(m.start) <= 2)
            .map(|c| (c.start, c.end));
        if let Some((a, b)) = pulse {
            // "prednisone pulse": the word is a dose, not a pulse rate.
            ctx.claim_within(a, b);
        }
        // After another drug, a route before this one counts from the last
        // comma or semicolon: "metoprolol 50 mg PO BD, enoxaparin 40 mg
        // OD" gives enoxaparin no oral route.
        let window_start = m.start.saturating_sub(40).max(pre_start);
        let window_start = if i > 0 {
            ctx.text(window_start, m.start)
                .rfind([',', ';'])
                .map_or(window_start, |at| window_start + at + 1)
        } else {
            window_start
        };
        let route_before = route_in(ctx, window_start, m.end)
            .filter(|r| !conjoined(ctx, r, m))
            .or_else(|| route_in_name(ctx, m))
            .or_else(|| {
                let route = ctx.doc.lex.drugs[m.idx].route.clone()?;
                Some((route, Span::new(m.start, m.end)))
            });
        let route_before = route_before.as_ref();
        // "Azathioprine was discussed but not started": the words that say
        // the drug was not given, once for all its steps.
        // A class was read once, above.
        let not_given = if drug.drug_class {
            withheld[i]
        } else {
            drug_negation::negation(ctx, m, slot_end)
        };
        // "We recommend starting alendronate", "asked to consider adding
        // a statin": a drug a plan or recommendation names (ConText's
        // hypothetical) may be given, not was.
        let planned = {
            let a =
                crate::context::assert_mention(&ctx.doc.folded.text, m.start, m.end, &ctx.v.hits);
            a.hypothetical && !a.negated && not_given.is_none() && planned_in_clause(ctx, m)
        };
        // Where the step before ended, when it ran for a stated time.
        let mut previous_end: Option<f64> = None;
        // Where the first step is, which a stop "3 weeks later" counts from.
        let mut first_day: Option<f64> = None;
        // "Tacrolimus 0.1% ointment" is tacrolimus at 0.1%; "0.9% sodium
        // chloride" is a product of its own.
        let strength = concentration(ctx, m);
        let local_strength = strength.as_ref().filter(|_| {
            dose_steps
                .first()
                .and_then(|s| route_in(ctx, s.from, s.to))
                .as_ref()
                .or(route_before)
                .is_some_and(|(r, _)| is_local_route(ctx, r))
        });
        let name = match (&strength, local_strength) {
            (Some((p, _)), None) => format!("{} {p}", drug.name),
            _ => drug.name.clone(),
        };
        for (k, step) in dose_steps.iter().enumerate() {
            let mut f = ctx.fact(Kind::Medication, &name, m.start, m.end);
            if planned {
                f.certainty = casecourse_model::Certainty::Hypothetical;
            }
            if let Some((s, e)) = not_given {
                f.negated = true;
                f.set_part(PartRole::Negation, Span::new(s, e));
            }
            if let Some(atc) = &drug.atc {
                f.code = Some(casecourse_model::Code {
                    system: "ATC".into(),
                    code: atc.clone(),
                });
            }
            let in_step = |q: &&Quantity| {
                q.start >= step.from
                    && q.start < step.to
                    && q.unit.as_deref().is_some_and(is_dose_unit)
            };
            // "250 mg/day of bosentan and 120 ug/day of beraprost": a dose
            // written with "of" before the name is the drug's own, and a
            // dose written so before the next drug's name is not.
            let lead = (k == 0).then(|| leading_dose(ctx, m, pre_start)).flatten();
            let of_lead =
                lead.filter(|q| ctx.lower_before(m.start, m.start - q.end).contains("of"));
            let dose = of_lead
                .or_else(|| {
                    ctx.v
                        .quantities
                        .iter()
                        .filter(in_step)
                        .find(|q| !leads_another_drug(ctx, q))
                        .map(|q| changed_to(ctx, q, in_step).unwrap_or(q))
                        .map(|q| stepped_to(ctx, q, in_step).unwrap_or(q))
                })
                .or(lead)
                .cloned();
            let dose = dose.as_ref();
            // "Tapered by 5 mg every two weeks to 10 mg daily": the
            // schedule of the dose reached is written after it.
            let by_step = dose.is_some_and(|q| {
                ctx.v.quantities.iter().find(in_step).is_some_and(|first| {
                    first.start < q.start && ctx.lower_before(first.start, 4).ends_with("by ")
                })
            });
            let frequency = if by_step {
                // Up to the next step of the taper ("..., then by 2.5 mg
                // every 2 weeks").
                let next = dose.and_then(|q| {
                    ctx.v
                        .cues_with("sequence")
                        .find(|c| c.start > q.end && c.start < step.to)
                        .map(|c| c.start)
                });
                dose.and_then(|q| frequency_in(ctx, q.start, next.unwrap_or(step.to)))
            } else {
                schedule::spaced_doses(ctx, step.from, step.to)
                    .or_else(|| frequency_in(ctx, step.from, step.to))
                    .or_else(|| dose.and_then(|q| super::nocte::after_dose(ctx, q.end)))
                    .or_else(|| {
                        (k == 0)
                            .then(|| schedule::frequency_before(ctx, m, pre_start))
                            .flatten()
                    })
            };
            let route = route_in(ctx, step.from, step.to)
                .filter(|r| !conjoined(ctx, r, m))
                .or_else(|| if k == 0 { route_before.cloned() } else { None });
            // A drug given by one route only: no words state it.
            let sole_route = (k == 0 && route.is_none())
                .then(|| drug.sole_route.clone())
                .flatten();
            let mut d = Dosage {
                dose: dose.map(|q| q.value),
                unit: dose
                    .and_then(|q| q.unit.clone())
                    .map(|u| dose_unit(drug, u)),
                frequency: frequency.as_ref().map(|w| w.0.clone()),
                route: route.as_ref().map(|w| w.0.clone()).or(sole_route),
                action: if k == 0 {
                    step.action.or(first_action)
                } else {
                    step.action
                },
                ..Dosage::default()
            };
            // "Levetiracetam 3 x 250 mg/day", "2x500 mg": the count before
            // the dose is how many times a day it is given.
            if let Some(q) = dose
                && let Some((code, span)) = times_a_day(ctx, step.from, q.start)
            {
                d.frequency = Some(code.into());
                d.unit = d
                    .unit
                    .map(|u| u.strip_suffix("/d").map_or(u.clone(), str::to_string));
                f.set_part(PartRole::Frequency, span);
            }
            // "1000mg/d×3d": a daily total whose "/d" is glued to what
            // follows, so the frequency lexicon's "/d" did not read it, is
            // given daily all the same.
            if d.frequency.is_none() && d.unit.as_deref().is_some_and(|u| u.ends_with("/d")) {
                d.frequency = Some("QD".into());
            }
            if let Some(q) = dose {
                f.spans.push(Span::new(q.start, q.end));
                let from = range_start(ctx, step.from, q.start);
                f.set_part(PartRole::Dose, Span::new(from, q.end));
            } else if k == 0
                && let Some((p, span)) = local_strength
                && let Ok(v) = p.trim_end_matches('%').parse::<f64>()
            {
                d.dose = Some(v);
                d.unit = Some("%".into());
                f.spans.push(*span);
                f.set_part(PartRole::Dose, *span);
            } else if let Some((count, unit, span)) = counted_in_words(ctx, step.from, step.to) {
                d.dose = Some(count);
                d.unit = Some(unit);
                f.spans.push(span);
                f.set_part(PartRole::Dose, span);
            } else if let Some((strengths, unit, span)) =
                combination_strength(ctx, step.from, step.to)
            {
                d.dose_text = Some(strengths);
                d.unit = Some(unit.into());
                f.spans.push(span);
                f.set_part(PartRole::Dose, span);
            }
            for (role, words) in [(PartRole::Frequency, &frequency), (PartRole::Route, &route)] {
                if let Some((_, span)) = words {
                    f.set_part(role, *span);
                }
            }
            if let Some((c0, c1)) = step.cue {
                f.spans.push(Span::new(c0, c1));
            }
            // The step's own length: "for 5 days", "..., then 40 mg daily
            // for 2 weeks".
            let stated = match ctx.doc.duration_near(ctx.v.idx, step.from, false) {
                Some((dur, false, a, b)) if a >= step.from && a < step.to => Some((dur, a, b)),
                _ => None,
            };
            // "for 7/7", "x3d", "completed 6 weeks of IV ceftriaxone".
            let mut named_length = false;
            let length = stated
                .as_ref()
                .map(|(dur, a, b)| (dur.days, *a, *b))
                .or_else(|| {
                    schedule::shorthand_length(ctx, step.from, step.to)
                        .or_else(|| {
                            let lead = (k == 0)
                                .then(|| schedule::leading_length(ctx, m, pre_start))
                                .flatten();
                            named_length = lead.is_some();
                            lead
                        })
                        .map(|(days, s)| (days, s.start, s.end))
                });
            // "She had been taking prednisolone for 2 years": a length that
            // ran up to the sentence's time, not a course from it.
            let ran_for = stated
                .filter(|(_, a, _)| k == 0 && ran_up_to(ctx, pre_start, *a))
                .map(|(dur, _, _)| dur);
            if let Some((days, a, b)) = length {
                if ran_for.is_none() {
                    d.duration_days = Some(days);
                }
                f.set_part(PartRole::Duration, Span::new(a, b));
            } else if let Some((a, b)) = until_discharge(ctx, step.from, step.to) {
                // The end is the discharge, dated once the course is known.
                f.note = Some(UNTIL_DISCHARGE.into());
                f.set_part(PartRole::Duration, Span::new(a, b));
                // Its "discharge" is the end of the dose, not an event.
                ctx.claim_within(a, b);
            }
            if k == 0 {
                if let Some((a, b)) = pulse {
                    d.dose_text = Some("pulse".into());
                    if dose.is_none() {
                        f.set_part(PartRole::Dose, Span::new(a, b));
                    }
                } else if d.dose_text.is_none()
                    && let Some((words, span)) = schedule::intensity(ctx, m, pre_start)
                {
                    d.dose_text = Some(words);
                    if dose.is_none() {
                        f.set_part(PartRole::Dose, span);
                    }
                }
                d.response = response.clone();
                d.indication = indication(ctx, step.from, slot_end);
                if d.indication.is_some() {
                    let inside: Vec<usize> = ctx
                        .v
                        .mentions
                        .iter()
                        .filter(|x| {
                            x.start >= step.from && x.end <= slot_end && x.cat == Cat::Condition
                        })
                        .map(|x| x.start)
                        .collect();
                    ctx.claimed.extend(inside);
                }
                // "30 mL IV over 10 minutes": one dose, given over less
                // than a day.
                if let Some((days, a, b)) = length
                    && days < 1.0
                    && ctx.text(a, b).trim_start().starts_with("over")
                {
                    d.frequency.get_or_insert_with(|| ONCE.into());
                }
                if d.frequency.is_none()
                    && let Some(c) = single_administration(ctx, m, pre_start)
                {
                    d.frequency = Some(ONCE.into());
                    f.set_part(PartRole::Frequency, c);
                }
                // "Potassium chloride 40 mmol was given": an amount reported
                // as given, with no schedule, is one dose.
                if d.frequency.is_none()
                    && length.is_none()
                    && not_given.is_none()
                    && matches!(d.action, None | Some(DoseAction::Start))
                    && d.unit.as_deref().is_some_and(is_amount)
                    && let Some(c) = reported_given(ctx)
                {
                    d.frequency = Some(ONCE.into());
                    f.set_part(PartRole::Frequency, c);
                }
                // "Influenza vaccine given today": a vaccination with no
                // schedule is one dose.
                if d.frequency.is_none()
                    && length.is_none()
                    && not_given.is_none()
                    && drug.class.as_deref() == Some("vaccine")
                {
                    d.frequency = Some(ONCE.into());
                }
            } else {
                // A step later in the same sentence, with no time of its own,
                // starts where a step of stated length ended, or else runs
                // from the first step until the next time point.
                let own_time = ctx.v.times.iter().any(|t| {
                    t.start >= step.from
                        && t.start < step.to
                        && !matches!(t.what, crate::timex::TimeRef::Duration { .. })
                });
                // A restart or stop with no time of its own is at the
                // sentence's time, not an open dose step.
                let action_only = matches!(step.action, Some(DoseAction::Start | DoseAction::Stop));
                if !own_time && let Some(end) = previous_end {
                    f.time = Time::at(end);
                } else if !own_time && !action_only && f.time.relation == Relation::At {
                    f.time = Time {
                        relation: Relation::Between,
                        start_day: f.time.day,
                        ..Time::default()
                    };
                    f.note = Some(OPEN_END.into());
                }
            }
            // "Given on days 1, 8 and 15": one dose on each day, so the
            // course's frequency is their spacing, not the "once" of each.
            if matches!(d.frequency.as_deref(), None | Some(ONCE))
                && let Some(code) = day_list_frequency(ctx, &f)
            {
                d.frequency = Some(code);
            }
            // "0.1 units/kg/h": a dose given as a rate runs continuously.
            if d.frequency.is_none() && d.unit.as_deref().is_some_and(is_rate) {
                d.frequency = Some(CONTINUOUS.into());
            }
            // "500 mg/day" and "2 mg/kg/day" stay daily totals, as written
            // (their "/day" also reads as daily in the frequency lexicon).
            // A later step is at the first time named in it ("reduced to
            // 20 mg at week 6 and 5 mg at week 20": week 6).
            if k > 0
                && let Some(t) = ctx.v.times.iter().find(|t| {
                    t.start >= step.from
                        && t.start < step.to
                        && !matches!(t.what, crate::timex::TimeRef::Duration { .. })
                })
            {
                ctx.place(&mut f, t.start);
                // "Started on day 3 and discontinued 3 weeks later": a stop
                // counted on from the time before it counts from the start.
                if step.action == Some(DoseAction::Stop)
                    && let (Some(days), Some(start)) = (ctx.doc.counts_on(t), first_day)
                {
                    f.time = Time::at(start + days);
                }
            }
            // A list headed "Current medication" is what the patient was
            // already taking when seen, unless an entry says it starts.
            let dated = f.part_spans(PartRole::Time).next().is_some();
            if current && d.action.is_none() && !dated && f.time.day.is_none_or(|day| day <= 0.0) {
                d.action = Some(DoseAction::Prior);
            }
            // "Her history included hypertension treated with amlodipine".
            // "PMH: AF on apixaban": a drug under a past-history heading was
            // being taken already; it stays at the time the list is written
            // for (the admission, the visit), as a current list does.
            let in_history_list = ctx.in_history_list(m.start);
            let pmh_listed = ctx.under_history_heading()
                && !in_history_list
                && matches!(d.action, None | Some(DoseAction::Start))
                && f.time.relation == Relation::At;
            if pmh_listed {
                d.action = Some(DoseAction::Prior);
            }
            if in_history_list && matches!(d.action, None | Some(DoseAction::Start)) {
                d.action = Some(DoseAction::Prior);
            }
            if f.time.relation == Relation::Before && d.action.is_none() {
                d.action = Some(DoseAction::Prior);
            }
            // "had been taking", "controlled with": what the patient took
            // before the course, unless the text already dates it later.
            if d.action == Some(DoseAction::Prior)
                && !pmh_listed
                && f.time.relation != Relation::Before
                && f.time.day.is_none_or(|day| day <= 0.0)
            {
                f.time = Time::before(0.0);
            }
            // "Despite three months of hydroxychloroquine", "he had taken
            // a 7-day course of co-amoxiclav": a course taken before, whose
            // end the text does not date.
            if named_length && d.action == Some(DoseAction::Prior) {
                d.duration_days = None;
            }
            if let Some(dur) = ran_for {
                f.time.start_day = f.time.day.map(|day| day - dur.days);
                f.time.duration = Some(dur);
            }
            if k == 0 {
                first_day = (f.time.relation == Relation::At)
                    .then_some(f.time.day)
                    .flatten();
            }
            previous_end = match (f.time.relation, f.time.day, d.duration_days) {
                (Relation::At, Some(start), Some(days)) => Some(start + days),
                _ => None,
            };
            f.dosage = Some(d);
            facts.push(f);
        }
    }
    merge_same_drug(&mut facts);
    ctx.out.extend(facts);
}

/// Whether a hypothetical trigger (context.toml) speaks of drug `m` in its
/// own clause: "with a plan to taper to 7.5 mg ..., and TMP-SMX was
/// discontinued" reaches no further than the comma and "and" that open a
/// clause of its own; "consider adding A, B or C" reaches the whole list.
fn planned_in_clause(ctx: &Ctx, m: &Mention) -> bool {
    let opens_clause = |t: &str| {
        t.contains(", and ") || t.contains(", but ") || t.contains("; ") || t.contains(". ")
    };
    ctx.v.hits.iter().any(|h| {
        if h.trigger.category != "hypothetical" {
            return false;
        }
        if h.end <= m.start {
            !opens_clause(ctx.text(h.end, m.start))
        } else if h.start >= m.end {
            !opens_clause(ctx.text(m.end, h.start))
        } else {
            true
        }
    })
}

/// "Eight weeks after the initiation of tacrolimus", "three days after the
/// second dose of cyclophosphamide": a drug the text named before, named
/// as the origin of an amount of time, dates the sentence; it is no new
/// start at that time.
fn anchors_a_time(ctx: &Ctx, m: &Mention) -> bool {
    let before = ctx.lower_before(m.start, 90);
    let given_before = ctx
        .doc
        .mentions
        .iter()
        .take_while(|x| x.start < ctx.v.s.start)
        .any(|x| x.cat == Cat::Drug && x.idx == m.idx);
    given_before && time_anchor().is_match(before)
}

/// An amount of time, "after" or "since", and the words that name a
/// drug's start or dose, ending where the drug's name begins.
fn time_anchor() -> &'static regex::Regex {
    static RE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    compiled(
        &RE,
        r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|few) (?:days?|weeks?|months?|years?) (?:after|since|following) (?:the )?(?:(?:initiation|start|commencement|introduction|beginning|administration) of |(?:starting|initiating|commencing|beginning) |(?:(?:first|second|third|fourth|fifth|sixth|last|final|\d+(?:st|nd|rd|th)) )?(?:dose|course|cycle|infusion|pulse)s? of )(?:the )?$",
    )
}

/// Whether the class of drugs `m` names was given, as the drug itself:
/// it is the object of a verb of giving before it in its clause ("treated
/// with corticosteroids", "therapy consisted of a beta-blocker, digoxin
/// and a diuretic"), and the text names no drug of that class anywhere
/// ("prednisolone ... since starting steroids"). A class told as known
/// ("the steroids", "after the steroid pulse"), as a purpose ("as a
/// steroid-sparing agent") or as a time ("since starting steroids") is
/// not.
fn given_class(ctx: &Ctx, m: &Mention) -> bool {
    const GIVING: &[&str] = &["dose-start", "dose-continue", "dose-prior", "administered"];
    const TIMING: &[&str] = &[
        "since", "after", "before", "until", "despite", "without", "when",
    ];
    let lex = ctx.doc.lex;
    let modifier = names_a_quality(ctx, m);
    let before = ctx.lower_before(m.start, 14);
    let known_or_purpose =
        before.ends_with("the ") || [" as ", " for "].iter().any(|w| before.contains(w));
    if modifier || known_or_purpose || !ctx.doc.in_story(ctx.v.idx) {
        return false;
    }
    // The sentence, not the clause: a list's last item ("..., digoxin,
    // and a diuretic") is a clause of its own.
    let from = ctx.v.s.start.max(m.start.saturating_sub(150));
    let from = ctx
        .doc
        .folded
        .text
        .floor_char_boundary(from)
        .max(ctx.v.s.start);
    let object = ctx
        .v
        .cues
        .iter()
        .filter(|c| c.start >= from && c.end <= m.start)
        .find(|c| GIVING.contains(&c.cue.role.as_str()));
    match object {
        // "After the treatment of glucocorticoid combined with
        // cyclosporine A": the class named as the treatment given, not one
        // to come ("before treatment with steroids").
        _ if treatment_of(ctx, m) => {}
        Some(cue) => {
            let lead = ctx.doc.lower_text(from, cue.start);
            if lead
                .split(|c: char| !c.is_ascii_alphabetic())
                .any(|w| TIMING.contains(&w))
            {
                return false;
            }
        }
        None if !class_subject(ctx, m) => return false,
        None => {}
    }
    // A drug of the class: its class words hold the class's, or its ATC
    // code starts with the class's group.
    let this = &lex.drugs[m.idx];
    let of_class = |d: &casecourse_knowledge::Drug| {
        this.class
            .as_deref()
            .is_some_and(|class| d.class.as_deref().is_some_and(|c| c.contains(class)))
            || this
                .atc
                .as_deref()
                .is_some_and(|group| d.atc.as_deref().is_some_and(|a| a.starts_with(group)))
    };
    !ctx.doc
        .mentions
        .iter()
        .any(|x| x.cat == Cat::Drug && !lex.drugs[x.idx].drug_class && of_class(&lex.drugs[x.idx]))
}

/// Whether class `m` is the object of "treatment with/of", "therapy with"
/// right before it, and no word of time not yet come or of absence opens
/// that phrase ("before", "without", "despite", "until", "no").
fn treatment_of(ctx: &Ctx, m: &Mention) -> bool {
    const OF: &[&str] = &[
        "treatment of ",
        "treatment with ",
        "therapy of ",
        "therapy with ",
    ];
    let before = ctx.lower_before(m.start, 48);
    let Some(lead) = OF.iter().find_map(|w| before.strip_suffix(w)) else {
        return false;
    };
    let lead = lead.rsplit([',', ';', '.']).next().unwrap_or(lead);
    !lead
        .split(|c: char| !c.is_ascii_alphabetic())
        .any(|w| ["before", "without", "despite", "until", "no", "prior"].contains(&w))
}

/// Words that may stand between a subject and its verb ("were then
/// started", "had been stopped").
const AUXILIARIES: &[&str] = &[
    "was",
    "were",
    "had",
    "has",
    "have",
    "been",
    "is",
    "are",
    "then",
    "also",
    "subsequently",
    "later",
    "promptly",
    "initially",
    "eventually",
    "gradually",
    "temporarily",
    "empirically",
    "all",
    "both",
];

/// "Steroids were started", "IV antibiotics were given", "Statins were
/// stopped": the class `m` is the subject of a verb that acts on a drug,
/// with only auxiliaries and adverbs ([`AUXILIARIES`]) between them.
fn class_subject(ctx: &Ctx, m: &Mention) -> bool {
    const ACTING: &[&str] = &[
        "dose-start",
        "dose-continue",
        "dose-stop",
        "dose-taper",
        "dose-increase",
        "dose-decrease",
        "administered",
    ];
    let end = ctx.clause_end(m.end);
    let Some(verb) = ctx
        .v
        .cues
        .iter()
        .filter(|c| c.start >= m.end && c.end <= end)
        .find(|c| ACTING.contains(&c.cue.role.as_str()))
    else {
        return false;
    };
    // A past participle ("started", "given", "withheld", "withdrawn"):
    // "antibiotics start" or "steroids treatment with" is no such clause.
    let participle = ctx
        .doc
        .lower_text(verb.start, verb.end)
        .rsplit(' ')
        .next()
        .is_some_and(|w| {
            ["ed", "en", "un", "eld", "wn"]
                .iter()
                .any(|e| w.ends_with(e))
        });
    participle
        && ctx
            .doc
            .lower_text(m.end, verb.start)
            .split_whitespace()
            .all(|w| AUXILIARIES.contains(&w))
}

/// "Steroid-dependent", "anticoagulant-related bleeding": the class `m`
/// names a quality, not a drug.
fn names_a_quality(ctx: &Ctx, m: &Mention) -> bool {
    ctx.lower_after(m.end, 24)
        .strip_prefix('-')
        .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_alphabetic()))
}

/// The words that say a class of drugs (`m`) was not given, if the text
/// says so and the class is not what a drug before it is given for
/// ("co-trimoxazole for Pneumocystis prophylaxis", "heparin as
/// thromboprophylaxis").
fn withheld_class(ctx: &Ctx, m: &Mention) -> Option<(usize, usize)> {
    let after = ctx.lower_after(m.end, 24);
    let modifier = names_a_quality(ctx, m);
    // "Urine drug screen: opiates negative": a screen's result.
    let result = ["negative", "positive", "not detected", "detected"]
        .iter()
        .any(|w| after.trim_start_matches([' ', ':']).starts_with(w));
    if modifier || result {
        return None;
    }
    let before = ctx.lower_before(m.start, 8);
    let clause = ctx.clause_start(m.start);
    let purpose = (before.ends_with(" for ") || before.ends_with(" as "))
        && ctx.v.mentions.iter().any(|x| {
            x.cat == Cat::Drug
                && x.start >= clause
                && x.end <= m.start
                && !ctx.doc.lex.drugs[x.idx].drug_class
        });
    if purpose {
        return None;
    }
    let end = ctx.clause_end(m.end);
    // "Anticoagulation was withheld": for one drug "withheld" stops it
    // (a dose action); a class is named only when it was kept back.
    drug_negation::negation(ctx, m, end)
        .or_else(|| drug_negation::kept_back_after(ctx, m.end, end, &["withheld", "held"]))
}

/// Nouns that, right after a drug's name, make it a result of
/// susceptibility testing ("no rifampicin resistance", "vancomycin MIC 1
/// mg/L", "vancomycin MICs were 1 mg/L").
const SUSCEPTIBILITY_NOUNS: [&str; 8] = [
    "resistance",
    "susceptibility",
    "sensitivity",
    "non-suscept",
    "mic ",
    "mic:",
    "mic=",
    "mics ",
];

/// Adjectives that do the same when an organism follows them
/// ("methicillin-resistant Staphylococcus aureus"); before a disease they
/// say the drug was given and failed ("IVIG-resistant Kawasaki disease").
const SUSCEPTIBILITY_ADJECTIVES: [&str; 3] = ["resistant", "susceptible", "sensitive"];

/// Words that, before a list of drugs, make the list one of susceptibility
/// results ("sensitive to penicillin and ceftriaxone").
const SUSCEPTIBILITY_BEFORE: [&str; 9] = [
    "resistant to",
    "resistance to",
    "sensitive to",
    "susceptible to",
    "susceptibility to",
    "intermediate to",
    "resistant only to",
    "sensitive only to",
    "susceptible only to",
];

/// Whether drug mention `m` names a susceptibility result, not a drug given.
fn susceptibility(ctx: &Ctx, m: &Mention) -> bool {
    let raw = ctx.lower_after(m.end, 16);
    let after = raw.trim_start_matches(['-', ' ']);
    let skipped = m.end + (raw.len() - after.len());
    if SUSCEPTIBILITY_NOUNS.iter().any(|w| after.starts_with(w)) {
        return true;
    }
    if let Some(adjective) = SUSCEPTIBILITY_ADJECTIVES
        .iter()
        .find(|w| after.starts_with(*w))
    {
        let next = skipped + adjective.len();
        return ctx
            .v
            .mentions
            .iter()
            .any(|o| o.cat == Cat::Micro && o.start >= next && o.start <= next + 2);
    }
    let before = ctx.lower_before(m.start, 80);
    let from = m.start - before.len();
    // Every phrase ends in "to": most drugs have none before them (a byte
    // test: a substring search sets up a searcher for each drug).
    if !before.as_bytes().windows(4).any(|w| w == b" to ") {
        return false;
    }
    let Some((at, phrase)) = last_susceptibility_phrase(before) else {
        return false;
    };
    // The phrase must be in the drug's own clause.
    if from + at < ctx.clause_start(m.start) {
        return false;
    }
    // Only other drugs and list words between the phrase and this drug.
    let list_from = from + at + phrase.len();
    let mut rest = String::new();
    let mut pos = list_from;
    for d in ctx
        .v
        .mentions
        .iter()
        .filter(|d| d.cat == Cat::Drug && d.start >= list_from && d.end <= m.start)
    {
        if d.start < pos {
            continue;
        }
        rest.push_str(ctx.text(pos, d.start));
        pos = d.end;
    }
    rest.push_str(ctx.text(pos, m.start));
    // "sensitive to only meropenem", "resistant to both ampicillin and
    // co-trimoxazole".
    rest.split([',', ' ', '/'])
        .all(|w| matches!(w, "" | "and" | "or" | "only" | "both" | "all"))
}

/// The last place in `before` where one of [`SUSCEPTIBILITY_BEFORE`]
/// starts, with the phrase: one scan back from the end, where each
/// phrase's own search from the end set up a searcher. No two phrases
/// start at one place (none is the start of another).
fn last_susceptibility_phrase(before: &str) -> Option<(usize, &'static str)> {
    let b = before.as_bytes();
    (0..b.len()).rev().find_map(|i| {
        if !matches!(b[i], b'r' | b's' | b'i') {
            return None;
        }
        SUSCEPTIBILITY_BEFORE
            .iter()
            .find(|p| b[i..].starts_with(p.as_bytes()))
            .map(|p| (i, *p))
    })
}

/// Where a drug named in an aside ends: "methotrexate 15 mg weekly, with
/// folic acid 5 mg weekly, was added": the comma that closes ", with
/// <drug> ...,", when one does before the next drug and the clause's end.
fn aside_end(ctx: &Ctx, drugs: &[Mention], i: usize) -> Option<usize> {
    let m = drugs[i];
    let before = ctx.text(drugs.get(i.checked_sub(1)?)?.end, m.start);
    let opens = [", with ", ", plus ", ", along with ", ", together with "]
        .iter()
        .any(|w| before.ends_with(w));
    if !opens {
        return None;
    }
    let end = drugs.get(i + 1).map_or(ctx.clause_end(m.end), |n| {
        n.start.min(ctx.clause_end(m.end))
    });
    let close = m.end + ctx.text(m.end, end).find(',')?;
    // The sentence goes on with the first drug's verb ("..., was added"),
    // not with more about the second (", one tablet daily, as prophylaxis").
    let after = ctx.text(close + 1, end).trim_start();
    let verb = after.split(' ').next().unwrap_or("");
    matches!(verb, "was" | "were" | "is" | "are" | "has" | "had" | "and").then_some(close)
}

/// The dose steps of the words `[start, slot_end)` after a drug's name.
fn steps(ctx: &Ctx, start: usize, slot_end: usize) -> Vec<Step> {
    let mut out = vec![Step {
        from: start,
        to: slot_end,
        action: None,
        cue: None,
    }];
    let first_dose_before = |pos: usize| {
        ctx.v.quantities.iter().any(|q| {
            q.start >= start && q.start < pos && q.unit.as_deref().is_some_and(is_dose_unit)
        })
    };
    let changes = ctx
        .v
        .cues
        .iter()
        .filter(|c| {
            c.start > start
                && c.end < slot_end
                && !inside_longer_dose_cue(ctx, c)
                && (crate::doc::opens_new_dose(
                    &c.cue.role,
                    ctx.text(c.start, c.end),
                    ctx.text(c.end, slot_end),
                ) || then_a_dose(ctx, c, slot_end))
        })
        .copied()
        .map(|c| (c, false));
    let timed: Vec<CueHit> = timed_stops(ctx, start, slot_end).collect();
    let mut changes: Vec<_> = changes
        .chain(timed.iter().map(|c| (*c, true)))
        .chain(
            second_actions(ctx, start, slot_end)
                .filter(|c| !timed.iter().any(|t| t.start == c.start))
                .map(|c| (c, true)),
        )
        .collect();
    changes.sort_by_key(|(c, _)| c.start);
    for (c, stop) in changes {
        if stop {
            if let Some(last) = out.last_mut() {
                last.to = c.start;
            }
            out.push(Step {
                from: c.end,
                to: slot_end,
                action: Some(role_action(&c.cue.role)),
                cue: Some((c.start, c.end)),
            });
            continue;
        }
        // A change cue opens a step only if a dose follows it.
        let has_dose = ctx.v.quantities.iter().any(|q| {
            q.start >= c.end && q.start < slot_end && q.unit.as_deref().is_some_and(is_dose_unit)
        });
        if !has_dose {
            continue;
        }
        let action = if c.cue.role == "sequence" {
            dose_move(ctx, out.last().map_or(start, |l| l.from), c.start, slot_end)
        } else {
            Some(role_action(&c.cue.role))
        };
        if out.len() == 1 && !first_dose_before(c.start) {
            // "MMF, now reduced to 750 mg": one step, the new dose.
            out[0] = Step {
                from: c.end,
                to: slot_end,
                action,
                cue: Some((c.start, c.end)),
            };
            continue;
        }
        if let Some(last) = out.last_mut() {
            last.to = c.start;
        }
        out.push(Step {
            from: c.end,
            to: slot_end,
            action,
            cue: Some((c.start, c.end)),
        });
    }
    out
}

/// Whether a longer dose cue of another role holds cue `c`: "titrated
/// to" inside "up-titrated to", "treated with" inside "previously treated
/// with". Within a role the matcher keeps the longest already.
fn inside_longer_dose_cue(ctx: &Ctx, c: &CueHit) -> bool {
    ctx.v.cues.iter().any(|o| {
        o.cue.role.starts_with("dose-")
            && o.start <= c.start
            && c.end <= o.end
            && o.end - o.start > c.end - c.start
    })
}

/// The words that join a stop to a drug's first words, "and" and "but"
/// with their auxiliaries ("started on day 3 but was discontinued on day
/// 17").
const STOP_JOINERS: &[&str] = &[
    " and ",
    ", ",
    " then ",
    " and was ",
    " and were ",
    ", and ",
    " but ",
    " but was ",
    " but were ",
    ", but ",
];

/// "Tacrolimus 3 mg/day was started on day 1 and discontinued on day 12":
/// a stop joined to the drug's first words by "and", "but", "then" or a
/// comma ([`STOP_JOINERS`]),
/// with a time of its own right after it, ends the drug there. A stop
/// without its own time ("stopped after three doses") is the first
/// words' own, as the action reader takes it.
fn timed_stops<'c, 'd>(
    ctx: &'c Ctx<'d, '_>,
    start: usize,
    slot_end: usize,
) -> impl Iterator<Item = CueHit<'d>> + 'c {
    ctx.v.cues.iter().copied().filter(move |c| {
        if c.cue.role != "dose-stop" || c.start <= start || c.end >= slot_end {
            return false;
        }
        let before = ctx.lower_before(c.start, 12);
        let joined = STOP_JOINERS.iter().any(|w| before.ends_with(w));
        let timed = ctx.v.times.iter().any(|t| {
            t.start >= c.end
                && t.start < slot_end.min(c.end + 30)
                && !matches!(t.what, crate::timex::TimeRef::Duration { .. })
        });
        joined && timed
    })
}

/// Words right before a second action on the drug that join it to the
/// first ("withheld and restarted", "held ... and then resumed", ",
/// which was stopped").
const ACTION_JOINERS: &[&str] = &[" and", " then", " later", ", which", " which", " but"];

/// "Tacrolimus was withheld and restarted a week later", "started on
/// IVIG, which was stopped after one dose": a start or stop joined to an
/// earlier action of the other kind in the drug's clause is a fact of
/// its own, with the time and dose after it. An "-ing" word after a stop
/// is its object ("and stopped smoking"), not this drug.
fn second_actions<'c, 'd>(
    ctx: &'c Ctx<'d, '_>,
    start: usize,
    slot_end: usize,
) -> impl Iterator<Item = CueHit<'d>> + 'c {
    let clause = ctx.clause_start(start);
    let kind = |role: &str| match role {
        "dose-start" => Some(true),
        "dose-stop" => Some(false),
        _ => None,
    };
    ctx.v.cues.iter().copied().filter(move |c| {
        let Some(this) = kind(&c.cue.role) else {
            return false;
        };
        if c.start <= start || c.end >= slot_end || inside_longer_dose_cue(ctx, c) {
            return false;
        }
        let before = ctx.lower_before(c.start, 12).trim_end();
        let joined = ACTION_JOINERS.iter().any(|w| before.ends_with(w));
        // "... and administered levetiracetam": the verb of the next drug.
        let next_drug = ctx
            .v
            .mentions
            .iter()
            .any(|x| x.cat == Cat::Drug && x.start == slot_end)
            && ctx
                .text(c.end, slot_end)
                .split_whitespace()
                .nth(2)
                .is_none();
        let object = next_drug
            || ctx
                .lower_after(c.end, 16)
                .split_whitespace()
                .next()
                .is_some_and(|w| {
                    w.trim_end_matches(|c: char| c.is_ascii_punctuation())
                        .ends_with("ing")
                });
        let other_before = ctx.v.cues.iter().any(|o| {
            o.start >= clause
                && o.end <= c.start
                && kind(&o.cue.role) == Some(!this)
                && !inside_longer_dose_cue(ctx, o)
        });
        joined && !object && other_before
    })
}

/// Whether a length stated at `at` ran up to the time its clause is
/// told at: "she had been taking prednisolone 5 mg/day for 2 years",
/// "which she has been on for a year" (a perfect of "be" between the
/// clause's start, from `from`, and the length), not "1 g daily for 3
/// days".
fn ran_up_to(ctx: &Ctx, from: usize, at: usize) -> bool {
    let clause = ctx.doc.lower_text(from, at.max(from));
    let clause = clause.rsplit([',', ';']).next().unwrap_or(clause);
    [" had been ", " has been ", " have been "]
        .iter()
        .any(|w| clause.contains(w))
}

/// "60 mg daily for 2 weeks, then 40 mg daily": a sequence word followed
/// straight by a dose opens a new dose of the same drug.
fn then_a_dose(ctx: &Ctx, c: &CueHit, slot_end: usize) -> bool {
    let after = ctx.text(c.end, slot_end);
    let at = c.end + (after.len() - after.trim_start().len());
    // "..., then 10 units of soluble insulin": the dose of the next drug.
    let next_drugs = |q: &Quantity| {
        let rest = ctx.text(q.end, slot_end);
        slot_end < ctx.v.s.end
            && rest.trim_start().starts_with("of ")
            && rest.split_whitespace().count() <= 3
    };
    c.cue.role == "sequence"
        && ctx
            .v
            .quantities
            .iter()
            .any(|q| q.start == at && q.unit.as_deref().is_some_and(is_dose_unit) && !next_drugs(q))
}

/// How the dose after `at` moved from the last dose in `[from, at)`:
/// down, up, or (in another unit) changed.
fn dose_move(ctx: &Ctx, from: usize, at: usize, to: usize) -> Option<DoseAction> {
    let dose = |q: &&Quantity| q.unit.as_deref().is_some_and(is_dose_unit);
    let before = ctx
        .v
        .quantities
        .iter()
        .filter(|q| q.start >= from && q.start < at)
        .rfind(dose);
    let after = ctx
        .v
        .quantities
        .iter()
        .filter(|q| q.start >= at && q.start < to)
        .find(dose)?;
    Some(match before {
        Some(b) if b.unit == after.unit && after.value < b.value => DoseAction::Decrease,
        Some(b) if b.unit == after.unit && after.value > b.value => DoseAction::Increase,
        _ => DoseAction::Change,
    })
}

/// "increased from 6 mg to 8 mg daily", "tapered from 60 mg daily to 5 mg
/// daily": the dose after the change, not the one it changed from (the
/// first dose's schedule may stand between them).
fn changed_to<'q>(
    ctx: &'q Ctx,
    q: &Quantity,
    in_step: impl Fn(&&Quantity) -> bool,
) -> Option<&'q Quantity> {
    if !ctx.lower_before(q.start, 8).trim_end().ends_with("from") {
        return None;
    }
    ctx.v
        .quantities
        .iter()
        .filter(|x| x.start > q.end)
        .find(|x| in_step(x))
        .filter(|x| {
            let gap = ctx.text(q.end, x.start).trim();
            gap == "to"
                || (gap.ends_with(" to")
                    && gap.split_whitespace().count() <= 4
                    && !gap.contains(|c: char| c.is_ascii_digit() || matches!(c, ',' | ';' | '.')))
        })
}

/// "Tapered by 5 mg every two weeks to 10 mg daily", "weaning by 10 mg
/// per week to 30 mg": a dose after "by" is the size of each step; the
/// dose after "to" is the one the drug is given at.
fn stepped_to<'q>(
    ctx: &'q Ctx,
    q: &Quantity,
    in_step: impl Fn(&&Quantity) -> bool,
) -> Option<&'q Quantity> {
    if !ctx.lower_before(q.start, 4).ends_with("by ") {
        return None;
    }
    ctx.v
        .quantities
        .iter()
        .filter(|x| x.start > q.end)
        .filter(|x| in_step(x))
        .take(2)
        .find(|x| ctx.lower_before(x.start, 4).ends_with(" to "))
}

/// A cue that moves a patient from one drug to another: a switch cue, or
/// "switched", "changed", "converted" used as in "X was switched to Y".
/// "Stepped down to oral prednisolone": a step to another drug is a
/// switch too. The cue's first word decides ("switched to", "was
/// converted to").
fn is_switch(role: &str, words: &str) -> bool {
    let mut w = words.split_whitespace();
    let first = match w.next() {
        Some(a) if a.eq_ignore_ascii_case("was") || a.eq_ignore_ascii_case("were") => w.next(),
        a => a,
    };
    role == "dose-switch"
        || first.is_some_and(|f| {
            [
                "switched",
                "changed",
                "converted",
                "transitioned",
                "stepped",
            ]
            .iter()
            .any(|s| f.eq_ignore_ascii_case(s))
        })
}

/// "0.9% saline", "calcium gluconate 10%", "3% hypertonic saline": a
/// percentage right before or after a drug's name is the strength of the
/// preparation; its text ("0.9%") and span.
fn concentration(ctx: &Ctx, m: &Mention) -> Option<(String, Span)> {
    let percent = |t: &str| -> Option<String> {
        let n = t.trim().strip_suffix('%')?.trim_end();
        let ok = !n.is_empty()
            && n.len() <= 5
            && n.bytes().all(|b| b.is_ascii_digit() || b == b'.')
            && n.bytes().next().is_some_and(|b| b.is_ascii_digit());
        ok.then(|| format!("{n}%"))
    };
    let after = ctx.text_after(m.end, 8);
    if let Some((n, _)) = after.split_once('%')
        && n.starts_with(' ')
        && let Some(p) = percent(&format!("{n}%"))
    {
        let start = m.end + (n.len() - n.trim_start().len());
        return Some((p, Span::new(start, m.end + n.len() + 1)));
    }
    // "0.9% saline": the percentage, then a space, then the name.
    let window = ctx.text_before(m.start, 9);
    let before = window.trim_end();
    let start = before
        .char_indices()
        .rev()
        .find(|&(_, c)| !(c.is_ascii_digit() || c == '.' || c == '%'))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let from = m.start - window.len() + start;
    (before.len() < window.len())
        .then(|| percent(&before[start..]))
        .flatten()
        .map(|p| (p, Span::new(from, m.start - window.len() + before.len())))
}

/// Whether `route` (a name in routes.toml) acts on one part of the body,
/// where a percentage is the preparation's strength, not its name.
fn is_local_route(ctx: &Ctx, route: &str) -> bool {
    ctx.doc
        .lex
        .routes
        .iter()
        .any(|r| r.local && r.name == route)
}

/// Whether the clause names the discharge event before `at`: "at
/// discharge her medications included ..." lists what she left with, not
/// what she took before ("because of vaginal discharge she had been
/// taking metronidazole" names no event).
fn at_discharge(ctx: &Ctx, clause: usize, at: usize) -> bool {
    ctx.v.mentions.iter().any(|m| {
        m.cat == Cat::Event
            && m.start >= clause
            && m.end <= at
            && ctx.doc.lex.events[m.idx].group.as_deref() == Some("discharge")
    })
}

fn role_action(role: &str) -> DoseAction {
    match role {
        "dose-start" => DoseAction::Start,
        "dose-continue" => DoseAction::Continue,
        "dose-increase" => DoseAction::Increase,
        "dose-decrease" => DoseAction::Decrease,
        "dose-taper" => DoseAction::Taper,
        "dose-stop" | "dose-switch" => DoseAction::Stop,
        "dose-prior" => DoseAction::Prior,
        _ => DoseAction::Change,
    }
}

/// What the sentence says happened to drug `i`: a cue right before it
/// ("discontinued nintedanib", "continuing oral prednisolone") or opening
/// the list it is in ("adjusted to A, B and C"); else a cue after it in its
/// own slot ("nintedanib was discontinued").
fn action_for(ctx: &Ctx, drugs: &[Mention], i: usize, _pre_start: usize) -> Option<DoseAction> {
    let m = drugs[i];
    let clause = ctx.clause_start(m.start);
    // "All medications except for low-dose metoprolol were discontinued":
    // the drug set apart from a stop goes on ("no medicines apart from the
    // pill" leaves the drug's own reading).
    let next_drug = drugs.get(i + 1).map_or(ctx.v.s.end, |n| n.start);
    // The stop is the rest's when no comma sets it apart as the drug's own
    // ("except aspirin, which was stopped on admission").
    if excepted(ctx, m)
        && ctx.v.cues_with("dose-stop").any(|c| {
            c.start >= m.end && c.end <= next_drug && !ctx.text(m.end, c.start).contains(',')
        })
    {
        return Some(DoseAction::Continue);
    }
    // "conversion from X to Y": X stops, Y starts.
    if i > 0 {
        let prev = drugs[i - 1];
        let between = ctx.text(prev.end, m.start).trim();
        // "switched from (IV) dexamethasone": route words may come between.
        let routes = routes(ctx);
        let switched = ctx.v.cues_with("dose-switch").any(|c| {
            c.end <= prev.start
                && ctx
                    .lower_before(prev.start, prev.start - c.end)
                    .split_whitespace()
                    .all(|w| routes.contains_key(w))
        });
        // "from X to enteric-coated Y": a word or two of Y's form may come
        // between.
        let to_form = between.strip_prefix("to ").is_some_and(|w| {
            w.split_whitespace().nth(2).is_none()
                && !w.contains(|c: char| c.is_ascii_digit() || c == ',')
        });
        if switched
            && (between == "to"
                || between.ends_with(" to")
                || to_form
                || between == "with"
                || between == "by")
        {
            return Some(DoseAction::Start);
        }
        // "metformin was replaced by insulin", "X was switched to Y": the
        // switch between the two starts the second.
        let switch_between = ctx.v.cues.iter().any(|c| {
            c.start >= prev.end
                && c.end <= m.start
                && is_switch(c.cue.role.as_str(), ctx.text(c.start, c.end))
        });
        // "IV methylprednisolone was stepped down to oral prednisolone":
        // route words may come before the second drug.
        let mut words: Vec<&str> = ctx
            .lower_before(m.start, m.start - prev.end)
            .split_whitespace()
            .collect();
        while words.len() > 1 && words.last().is_some_and(|w| routes.contains_key(*w)) {
            words.pop();
        }
        let joined_by = words.last().copied().unwrap_or("");
        if switch_between && words.len() > 1 && ["by", "to", "with"].contains(&joined_by) {
            return Some(DoseAction::Start);
        }
    }
    let first_in_clause = drugs
        .iter()
        .find(|d| d.start >= clause)
        .map_or(m.start, |d| d.start);
    let actions: Vec<_> = ctx
        .v
        .cues
        .iter()
        // "The dose of tacrolimus was reduced": "the dose" names what
        // the verb acts on, no action of its own.
        .filter(|c| {
            c.cue.role.starts_with("dose-")
                && !matches!(c.cue.role.as_str(), "dose-pulse" | "dose-anaphor")
        })
        .filter(|c| !(c.cue.role == "dose-prior" && at_discharge(ctx, clause, c.start)))
        .filter(|c| !inside_longer_dose_cue(ctx, c))
        .collect();
    // "Restarted spironolactone (furosemide remains on hold)": a drug in a
    // bracket with a verb of its own is the bracket's.
    let own_aside = {
        let opened = ctx.text(clause, m.start).rfind('(').map(|p| clause + p);
        let close = opened.and_then(|_| ctx.text(m.end, ctx.v.s.end).find(')').map(|p| m.end + p));
        match (opened, close) {
            (Some(o), Some(e)) => {
                !ctx.text(o, m.start).contains(')')
                    && actions.iter().any(|a| a.start >= m.end && a.end <= e)
            }
            _ => false,
        }
    };
    let before = actions
        .iter()
        .filter(|_| !own_aside)
        .filter(|c| c.end <= m.start && c.start >= clause)
        .filter(|c| {
            // A cue before the clause's first drug is the list's: the gap
            // is read only for the others. A drug with a head noun of its
            // own ("the discontinuation of X and the administration of Y")
            // is no member of that list.
            if c.end <= first_in_clause {
                let own_head = i > 0 && drugs[i - 1].start >= clause && {
                    let gap: Vec<&str> = ctx
                        .doc
                        .lower_text(drugs[i - 1].end, m.start)
                        .split_whitespace()
                        .collect();
                    gap.windows(2)
                        .any(|w| w[1] == "of" && !matches!(w[0], "and" | "or" | ","))
                };
                return !own_head;
            }
            let gap = ctx.text(c.end, m.start);
            // "heparin was stopped and enoxaparin ...": a verb after
            // another drug, then "and", is that drug's, not this one's.
            let owned_by_earlier = gap.trim_start().starts_with("and ")
                && drugs[..i]
                    .iter()
                    .any(|d| d.end <= c.start && d.start >= clause);
            // At most two words between (counting stops at the third).
            gap.split_whitespace().nth(2).is_none() && !gap.contains(',') && !owned_by_earlier
        })
        .max_by_key(|c| c.end);
    if let Some(c) = before {
        return Some(role_action(&c.cue.role));
    }
    // "ramipril and furosemide were held": a verb after a list of drugs
    // joined only by commas and "and" is every member's.
    let mut last = i;
    while let Some(next) = drugs.get(last + 1) {
        let gap = ctx.text(drugs[last].end, next.start).trim();
        if !matches!(gap, "," | "and" | "or" | ", and" | ", or") {
            break;
        }
        last += 1;
    }
    let slot_end = drugs.get(last + 1).map_or(ctx.v.s.end, |n| n.start);
    // A start or stop after the dose, with no dose after it, is the
    // dose's own: "prednisolone 40 mg once daily (0.6 mg/kg) was started",
    // "MMF 1 g twice daily was discontinued". A change after a dose opens
    // a step of its own (see `steps`).
    // A stop only in the dose's own clause: "given every 4 hours for 24
    // hours, then stopped" and "daily, with plans to stop" tell a later
    // time, and "took ramipril 5 mg daily and stopped smoking" another
    // verb's object.
    let own_stop = |c: &&CueHit| {
        let gap = ctx.doc.lower_text(m.end, c.start);
        c.cue.role == "dose-stop"
            && !gap.contains([',', ';', '('])
            && !gap.contains("then")
            && !gap.contains(" and ")
    };
    let passive_start = |c: &&CueHit| {
        (matches!(
            c.cue.role.as_str(),
            "dose-start" | "dose-continue" | "dose-prior"
        ) || own_stop(c))
            && !ctx.v.quantities.iter().any(|q| {
                q.start >= c.end
                    && q.start < slot_end
                    && q.unit.as_deref().is_some_and(is_dose_unit)
            })
    };
    // "Ramipril 5 mg OD - STOPPED (AKI)", "Amlodipine 5 mg: held": a
    // status set off after a list item's dose is the item's.
    let marker = |c: &&CueHit| {
        matches!(
            c.cue.role.as_str(),
            "dose-start" | "dose-stop" | "dose-continue"
        ) && ctx
            .text_before(c.start, 4)
            .trim_end()
            .ends_with(['-', '\u{2013}', '\u{2014}', ':', '('])
    };
    // "The dosage of methotrexate (15 mg/m2/weekly) was increased": a dose
    // in brackets is an aside, not a new dose before the verb.
    // A verb inside the bracket is the bracket's own ("infliximab
    // (initially at 5 mg/kg increased to 10 mg/kg) was initiated").
    let unbracketed_digits = |gap: &str| {
        let mut depth = 0usize;
        let outside = gap.chars().any(|ch| {
            match ch {
                '(' => depth += 1,
                ')' => depth = depth.saturating_sub(1),
                _ => {}
            }
            depth == 0 && ch.is_ascii_digit()
        });
        outside || (depth > 0 && gap.contains(|ch: char| ch.is_ascii_digit()))
    };
    let after = actions.iter().find(|c| {
        c.start >= m.end
            && c.end <= slot_end
            && (passive_start(c) || marker(c) || !unbracketed_digits(ctx.text(m.end, c.start)))
    })?;
    // "Ceftriaxone changed to oral cefalexin": changed to another drug,
    // not to another dose, the first one stops.
    let to_next_drug = drugs.get(i + 1).is_some_and(|next| {
        let gap = ctx.text(after.end, next.start);
        after.end <= next.start
            && gap.split_whitespace().nth(2).is_none()
            && !gap.contains(|ch: char| ch.is_ascii_digit() || ch == ',')
    });
    let switch_words = ctx
        .text(after.start, after.end)
        .split_whitespace()
        .any(|w| is_switch(after.cue.role.as_str(), w));
    if to_next_drug && switch_words {
        return Some(DoseAction::Stop);
    }
    // "Meropenem was continued until 17 February": it stopped then (not
    // "until the culture result was known", a plan with no time).
    let rest = ctx.text_after(after.end, 24);
    let word = rest.len() - rest.trim_start().len();
    let until = ["until ", "till "]
        .iter()
        .find(|w| rest[word..].starts_with(*w))
        .map(|w| (after.end + word, after.end + word + w.len()));
    // The time starts after the word, or with it ("until day 15" is one
    // match of the day rule).
    let dated = until.is_some_and(|(until_at, at)| {
        ctx.v.times.iter().any(|t| {
            (t.start == at || t.start == until_at)
                && !matches!(t.what, crate::timex::TimeRef::Duration { .. })
        })
    });
    if after.cue.role == "dose-continue" && dated {
        return Some(DoseAction::Stop);
    }
    Some(role_action(&after.cue.role))
}

/// Whether drug `m` is set apart from the others ("except (for)", "other
/// than", "apart from", "with the exception of"), up to three words
/// before it.
fn excepted(ctx: &Ctx, m: Mention) -> bool {
    // "except" also reads "except for": up to three words may follow.
    const APART: &[&str] = &["except", "other than", "apart from", "exception of"];
    let before = ctx.lower_before(m.start, 60);
    let before = before.rsplit([',', ';', '(']).next().unwrap_or(before);
    APART.iter().any(|w| {
        before.rfind(w).is_some_and(|at| {
            let rest = &before[at + w.len()..];
            rest.starts_with(' ') && rest.split_whitespace().count() <= 3
        })
    })
}

fn response(ctx: &Ctx, start: usize) -> Option<String> {
    let clause = ctx.clause_start(start);
    ctx.v
        .cues
        .iter()
        .filter(|c| c.cue.role.starts_with("response-") && c.start >= clause && c.end <= start)
        .max_by_key(|c| c.end)
        .and_then(|c| c.cue.value.clone())
}

/// A value the text states, with the words that state it.
type Stated = (String, Span);

/// "One tablet", "two puffs", "a double-strength tablet": a count written
/// as a word (time.toml's number words), of a counted dose unit
/// (units.toml's annotations, "{tablet}"), with its span. One word may
/// stand between them.
fn counted_in_words(ctx: &Ctx, from: usize, to: usize) -> Option<(f64, String, Span)> {
    let numbers = ctx
        .doc
        .shapes
        .number_words
        .get_or_init(|| number_words(ctx.doc.lex));
    let text = ctx.doc.lower_text(from, to);
    let units = ctx.doc.quantities_parser;
    let is_word = |c: char| c.is_ascii_alphanumeric() || c == '-';
    // The last number word read: its value, its start, and the words read
    // since (the unit may follow it or the word after it).
    let mut count: Option<(f64, usize, usize)> = None;
    let mut start: Option<usize> = None;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        let (Some(at), false) = (start, is_word(c)) else {
            if start.is_none() && is_word(c) {
                start = Some(i);
            }
            continue;
        };
        start = None;
        if let Some((n, from_at, _)) = count
            && let Some((end, unit)) = units.unit_at(text, at, text.len())
            && unit.starts_with('{')
            && is_dose_unit(&unit)
        {
            return Some((n, unit, Span::new(from + from_at, from + end)));
        }
        count = match (numbers.get(&text[at..i]), count) {
            (Some(&n), _) => Some((n, at, 0)),
            (None, Some((n, a, 0))) => Some((n, a, 1)),
            _ => None,
        };
    }
    None
}

/// Each number word of time.toml ("one", "a", "two") with its value.
pub fn number_words(
    lex: &casecourse_knowledge::Lexicon,
) -> crate::fasthash::FxHashMap<String, f64> {
    lex.number_words
        .iter()
        .map(|n| (n.word.to_ascii_lowercase(), n.value))
        .collect()
}

/// A combination's strengths, one per part, in one unit: "49/51 mg"
/// (sacubitril-valsartan), "400/80 mg" (trimethoprim-sulfamethoxazole).
pub fn combination_strength_pattern() -> regex::Regex {
    regex::Regex::new(
        r"(?i)(?:^|[^\w./])(\d+(?:\.\d+)?(?:/\d+(?:\.\d+)?){1,2})\s*(mg|mcg|ug|micrograms?)\b",
    )
    .expect("combination strength pattern")
}

/// The strengths written in `[from, to)`, as text, with their UCUM unit
/// and span.
fn combination_strength(ctx: &Ctx, from: usize, to: usize) -> Option<(String, &'static str, Span)> {
    let text = ctx.text(from, to);
    // Most slots hold no "49/51": the pattern's search runs only on those
    // that do.
    let strengths = text
        .as_bytes()
        .windows(3)
        .any(|w| w[0].is_ascii_digit() && w[1] == b'/' && w[2].is_ascii_digit());
    if !strengths {
        return None;
    }
    let c = ctx.doc.shapes.combination_strength.captures(text)?;
    let (strengths, unit) = (c.get(1)?, c.get(2)?);
    // "15/20 mg/kg" is no combination's strengths in mg.
    if text[unit.end()..].starts_with('/') {
        return None;
    }
    let ucum = if unit.as_str().eq_ignore_ascii_case("mg") {
        "mg"
    } else {
        "ug"
    };
    let span = Span::new(from + strengths.start(), from + unit.end());
    Some((strengths.as_str().to_string(), ucum, span))
}

/// The number and word that open a dose range, at the end of the text
/// before the dose: "1 to ", "2 or ".
pub fn dose_range_pattern() -> regex::Regex {
    regex::Regex::new(r"(?i)\b\d+(?:\.\d+)?\s*(?:-|to|or)\s*$").expect("dose range pattern")
}

/// Where a dose written as a range starts: "1 to 2 tablets", "2 or 3
/// puffs" span from the first number (the dose is the amount after it).
fn range_start(ctx: &Ctx, from: usize, dose_start: usize) -> usize {
    let re = &ctx.doc.shapes.dose_range;
    let before = ctx.text(from.min(dose_start), dose_start);
    re.find(before)
        .map_or(dose_start, |m| dose_start - (before.len() - m.start()))
}

/// "3 x " right before a dose at `dose_start` (not before `from`): given
/// that many times a day, as European prescriptions write it. The code of
/// that frequency and the count's words.
fn times_a_day(ctx: &Ctx, from: usize, dose_start: usize) -> Option<(&'static str, Span)> {
    let before = ctx.text(from.max(dose_start.saturating_sub(8)), dose_start);
    let trimmed = before.trim_end();
    let rest = trimmed
        .strip_suffix('x')
        .or_else(|| trimmed.strip_suffix('×'))?
        .trim_end();
    let count = rest.chars().last()?;
    let code = match count {
        '1' => "QD",
        '2' => "BID",
        '3' => "TID",
        '4' => "QID",
        _ => return None,
    };
    // One digit, not the end of a longer number ("12 x 10^9").
    let head = &rest[..rest.len() - 1];
    if head.ends_with(|c: char| c.is_ascii_alphanumeric() || c == '.') {
        return None;
    }
    let start = dose_start - before.len() + head.len();
    Some((code, Span::new(start, dose_start)))
}

/// The frequency stated in `[from, to)`. Words of a time expression are
/// no frequency ("restarted a week later" is no weekly dose), and a
/// written schedule wins over the "/day" of a daily total ("3 mg/kg/day in
/// two divided doses" is given twice a day).
fn frequency_in(ctx: &Ctx, from: usize, to: usize) -> Option<Stated> {
    let in_time = |m: &Mention| {
        ctx.v
            .times
            .iter()
            .any(|t| t.start <= m.start && m.end <= t.end)
    };
    let in_dose_unit = |m: &Mention| {
        ctx.v
            .quantities
            .iter()
            .any(|q| q.start < m.start && m.end <= q.end)
    };
    let mut stated = ctx
        .v
        .mentions
        .iter()
        .filter(|m| m.cat == Cat::Frequency && m.start >= from && m.end <= to && !in_time(m));
    let first = stated.next()?;
    // The schedule of the same dose: close after it, with no clause or
    // next step between ("75 mg/day for 3 weeks and then tapered by 10 mg
    // every 2 weeks" keeps its daily dose).
    let same_dose = |m: &Mention| {
        let gap = ctx.doc.lower_text(first.end, m.start);
        let changed = ctx.v.cues.iter().any(|c| {
            c.start >= first.end
                && c.end <= m.start
                && matches!(
                    c.cue.role.as_str(),
                    "dose-taper" | "dose-increase" | "dose-decrease" | "dose-change" | "dose-stop"
                )
        });
        gap.len() <= 50 && !gap.contains(';') && !gap.contains("then") && !changed
    };
    let m = if in_dose_unit(first) {
        stated
            .find(|m| !in_dose_unit(m))
            .filter(|m| same_dose(m))
            .unwrap_or(first)
    } else {
        first
    };
    let code = ctx.doc.lex.frequencies[m.idx].code.clone();
    Some((code, Span::new(m.start, m.end)))
}

fn route_in(ctx: &Ctx, from: usize, to: usize) -> Option<Stated> {
    // A route word right before the next drug is that drug's ("..., oral
    // prednisolone").
    let next_drug = ctx
        .v
        .mentions
        .iter()
        .find(|m| m.cat == Cat::Drug && m.start >= to)
        .map(|m| m.start);
    let owned = |m: &&Mention| {
        next_drug.is_none_or(|n| {
            ctx.text(m.end, n).split_whitespace().nth(1).is_some() || m.end + 40 < n
        }) || m.end + 2 < to
    };
    ctx.v
        .mentions
        .iter()
        .filter(|m| m.cat == Cat::Route && m.start >= from && m.end <= to)
        .find(owned)
        .map(|m| {
            let name = ctx.doc.lex.routes[m.idx].name.clone();
            (name, Span::new(m.start, m.end))
        })
}

/// Whether route words `r` are joined to drug `m` by a conjunction, as
/// another treatment: "PO TDS, nebs and prednisolone 40 mg", "amoxicillin
/// 500 mg TDS and nebs" (the nebulisers are given beside the drug, not
/// the drug by nebuliser). Before the drug only the conjunction stands
/// between them; after it the conjunction opens the route's words.
fn conjoined(ctx: &Ctx, r: &Stated, m: &Mention) -> bool {
    const AND: [&str; 6] = ["and", "or", "plus", "+", "&", "with"];
    let (start, end) = (r.1.start, r.1.end);
    if end <= m.start {
        let between = ctx.doc.lower_text(end, m.start).trim();
        AND.contains(&between.trim_start_matches(',').trim())
    } else if start >= m.end {
        let before = ctx.doc.lower_text(m.end, start).trim_end();
        AND.iter().any(|w| {
            before
                .strip_suffix(w)
                .is_some_and(|b| b.is_empty() || !b.ends_with(|c: char| c.is_ascii_alphanumeric()))
        })
    } else {
        false
    }
}

/// A drug named with its route ("intravenous immunoglobulin"), and the
/// route word inside the name: the first route (in the lexicon's order)
/// that one of the name's words is a surface of, at the first such word.
fn route_in_name(ctx: &Ctx, m: &Mention) -> Option<Stated> {
    let routes = routes(ctx);
    let name = ctx.text(m.start, m.end);
    let Some((r, at, len)) = route_word(routes, name) else {
        return route_in_short_form(ctx, m, name);
    };
    let start = m.start + at;
    Some((
        ctx.doc.lex.routes[r].name.clone(),
        Span::new(start, start + len),
    ))
}

/// A short form in capitals that opens with a route's own short form
/// ("IVCY", "IVMP": intravenous cyclophosphamide, methylprednisolone;
/// "SCIG": subcutaneous immunoglobulin) states that route.
fn route_in_short_form(ctx: &Ctx, m: &Mention, name: &str) -> Option<Stated> {
    let prefix = ["IV", "SC"].into_iter().find(|p| name.starts_with(p))?;
    // Only a listed short form: "IVERMECTIN" in a table's capitals is a
    // name.
    if !ctx.doc.lex.drugs[m.idx]
        .abbreviations
        .iter()
        .any(|a| a == name)
    {
        return None;
    }
    let r = *routes(ctx).get(&prefix.to_ascii_lowercase())?;
    Some((
        ctx.doc.lex.routes[r].name.clone(),
        Span::new(m.start, m.start + prefix.len()),
    ))
}

/// The route a word of `name` is a surface of, as (route, word start,
/// word length): of the words longer than three bytes, each word's first
/// route is looked up in `routes` (see [`route_words`]), where every
/// word was compared with every surface of every route (≈250) for each
/// drug; the first route wins, then its first word.
fn route_word(
    routes: &crate::fasthash::FxHashMap<String, usize>,
    name: &str,
) -> Option<(usize, usize, usize)> {
    name.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.len() > 3)
        .filter_map(|w| {
            // Lowercased on the stack: route words are short.
            let mut buf = [0u8; 32];
            let r = match buf.get_mut(..w.len()) {
                Some(b) => {
                    b.copy_from_slice(w.as_bytes());
                    b.make_ascii_lowercase();
                    *routes.get(std::str::from_utf8(b).ok()?)?
                }
                None => *routes.get(&w.to_ascii_lowercase())?,
            };
            // A piece of `name` starts where its pointer is, from name's.
            Some((r, w.as_ptr() as usize - name.as_ptr() as usize, w.len()))
        })
        .min_by_key(|&(r, at, _)| (r, at))
}

/// Every route surface, ASCII-lowercased, with the first route that has it.
/// Every route surface (lowercase) to its route, built once per
/// extractor ([`route_words`]).
fn routes<'c>(ctx: &'c Ctx) -> &'c crate::fasthash::FxHashMap<String, usize> {
    ctx.doc
        .shapes
        .route_words
        .get_or_init(|| route_words(ctx.doc.lex))
}

pub fn route_words(
    lex: &casecourse_knowledge::Lexicon,
) -> crate::fasthash::FxHashMap<String, usize> {
    let mut out = crate::fasthash::FxHashMap::default();
    for (i, r) in lex.routes.iter().enumerate() {
        for s in &r.surfaces {
            out.entry(s.to_ascii_lowercase()).or_insert(i);
        }
    }
    out
}

/// "as prophylaxis for opportunistic infections", "for anti-fibrotic
/// treatment".
pub fn indication_pattern() -> regex::Regex {
    regex::Regex::new(r"(?i)\b(?:as|for)\s+((?:prophylaxis|prevention|treatment|management|suppression)\b[^,;.()]*|[\w-]+\s+(?:treatment|therapy|prophylaxis)\b[^,;.()]*)").expect("indication pattern")
}

/// The indication stated in `[from, to)`, if any.
fn indication(ctx: &Ctx, from: usize, to: usize) -> Option<String> {
    ctx.doc
        .shapes
        .indication
        .captures(ctx.text(from, to))
        .map(|c| c[1].trim().to_string())
}

/// One drug named twice in a sentence is one fact: the dosed or stopping
/// mention wins, and keeps both spans.
fn merge_same_drug(facts: &mut Vec<Fact>) {
    let mut i = 0;
    while i < facts.len() {
        let mut j = i + 1;
        while j < facts.len() {
            let same = facts[j].name == facts[i].name && facts[j].time == facts[i].time;
            // Facts of other drugs or times are never merged: no copies of
            // their dosages to look at.
            if !same {
                j += 1;
                continue;
            }
            let (a, b) = (
                facts[i].dosage.clone().unwrap_or_default(),
                facts[j].dosage.clone().unwrap_or_default(),
            );
            let undosed = |d: &Dosage| d.dose.is_none() && d.dose_text.is_none();
            // "on prednisolone 2.5 mg daily, with plans to stop prednisolone":
            // a dose and a stop are two facts.
            let stop = |d: &Dosage| d.action == Some(DoseAction::Stop);
            let dose_and_stop = (stop(&a) && !undosed(&b)) || (stop(&b) && !undosed(&a));
            // "started on IVIG, which was stopped after one dose": a start
            // and a stop are two facts.
            let start = |d: &Dosage| d.action == Some(DoseAction::Start);
            let dose_and_stop = dose_and_stop || (stop(&a) && start(&b)) || (stop(&b) && start(&a));
            if same && (undosed(&a) || undosed(&b)) && !dose_and_stop {
                let keep_j = (b.action == Some(DoseAction::Stop)) || (undosed(&a) && !undosed(&b));
                let other = facts.remove(if keep_j { i } else { j });
                let target = if keep_j { j - 1 } else { i };
                facts[target].spans.extend(other.spans);
                facts[target].spans.sort();
                facts[target].parts.extend(other.parts);
                if keep_j {
                    break;
                }
                continue;
            }
            j += 1;
        }
        i += 1;
    }
}

/// The frequency code of the evenly spaced days that place `f` ("on days
/// 1 and 15": every 14 days, `Q2W`), read from the frequency lexicon by
/// its administrations per day; none when `f` is placed otherwise, the
/// days are unevenly spaced, or the lexicon has no code for the spacing.
fn day_list_frequency(ctx: &Ctx, f: &Fact) -> Option<String> {
    let placed_by = f.part_spans(PartRole::Time).next()?;
    let every = ctx.v.times.iter().find_map(|t| match t.what {
        crate::timex::TimeRef::DayList { every, .. } if t.start == placed_by.start => every,
        _ => None,
    })?;
    let per_day = 1.0 / every;
    ctx.doc
        .lex
        .frequencies
        .iter()
        .find(|q| q.per_day.is_some_and(|p| (p - per_day).abs() < 1e-9))
        .map(|q| q.code.clone())
}

#[cfg(test)]
mod tests {
    use super::{STAY_PHRASES, route_word, route_words, stay_phrase};

    #[test]
    fn the_last_phrase_is_the_latest_of_the_searches_from_the_end() {
        use super::{SUSCEPTIBILITY_BEFORE, last_susceptibility_phrase};
        let searched = |before: &str| {
            SUSCEPTIBILITY_BEFORE
                .iter()
                .filter_map(|p| before.rfind(p).map(|i| (i, *p)))
                .max_by_key(|&(i, _)| i)
        };
        let mut texts: Vec<String> = crate::test_corpus::narrative_lines()
            .iter()
            .map(|l| l.to_ascii_lowercase())
            .collect();
        let mut pieces: Vec<String> = SUSCEPTIBILITY_BEFORE
            .iter()
            .map(|p| p.to_string())
            .collect();
        for p in SUSCEPTIBILITY_BEFORE {
            pieces.push(p[..p.len() - 1].to_string());
            pieces.push(p[1..].to_string());
        }
        pieces.extend(["x", " ", "é", "to ", "s"].map(String::from));
        texts.extend(crate::test_corpus::random_texts(
            &pieces,
            20_000,
            6,
            0x3c6e_f372_fe94_f82b_u64,
        ));
        let mut found = 0;
        for t in &texts {
            let want = searched(t);
            found += usize::from(want.is_some());
            assert_eq!(last_susceptibility_phrase(t), want, "{t:?}");
        }
        assert!(found > 1_000, "only {found} texts hold a phrase");
    }

    /// The scan of every route's surfaces that [`route_word`] replaces.
    fn route_word_scanned(
        lex: &casecourse_knowledge::Lexicon,
        name: &str,
    ) -> Option<(usize, usize, usize)> {
        let words: Vec<(usize, &str)> = name
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.len() > 3)
            .map(|w| (w.as_ptr() as usize - name.as_ptr() as usize, w))
            .collect();
        lex.routes.iter().enumerate().find_map(|(i, r)| {
            let (at, w) = words
                .iter()
                .find(|(_, w)| r.surfaces.iter().any(|s| w.eq_ignore_ascii_case(s)))?;
            Some((i, *at, w.len()))
        })
    }

    #[test]
    fn route_word_is_the_scan_of_every_surface() {
        let lex = casecourse_knowledge::Lexicon::builtin().expect("built-in lexicon");
        let routes = route_words(lex);
        let mut names: Vec<String> = Vec::new();
        for d in &lex.drugs {
            names.push(d.name.clone());
            names.extend(d.aliases.iter().cloned());
        }
        let surfaces: Vec<&str> = lex
            .routes
            .iter()
            .flat_map(|r| r.surfaces.iter().map(String::as_str))
            .collect();
        // Every pair of surfaces, either order, with other words and case.
        for a in &surfaces {
            for b in &surfaces {
                names.push(format!("{a} {b}"));
                names.push(format!("{} immunoglobulin-{b}", a.to_ascii_uppercase()));
            }
        }
        let mut found = 0;
        for n in &names {
            let want = route_word_scanned(lex, n);
            found += usize::from(want.is_some());
            assert_eq!(route_word(&routes, n), want, "{n:?}");
        }
        assert!(found > 1000, "only {found} names hold a route");
    }

    /// The nine searches [`stay_phrase`] skips when no phrase can start.
    fn searched(lower: &str) -> Option<(usize, usize)> {
        STAY_PHRASES
            .iter()
            .find_map(|p| lower.find(p).map(|i| (i, i + p.len())))
    }

    #[test]
    fn stay_phrase_finds_what_the_searches_find() {
        let mut texts: Vec<String> = crate::test_corpus::narratives()
            .into_iter()
            .map(|(_, t)| t.to_ascii_lowercase())
            .collect();
        // Every phrase, its prefixes and near misses, in several orders.
        let mut pieces: Vec<String> = STAY_PHRASES.iter().map(|p| p.to_string()).collect();
        for p in STAY_PHRASES {
            for k in 1..p.len() {
                pieces.push(p[..k].to_string());
            }
        }
        pieces.extend(["until", "while", "for the", "x", " ", "é"].map(String::from));
        texts.extend(crate::test_corpus::random_texts(
            &pieces,
            20_000,
            6,
            0x9e37_79b9_7f4a_7c15_u64,
        ));
        let mut found = 0;
        for t in &texts {
            // Every line, and windows of the text from every 97th byte.
            let lines = t.split('\n').map(str::to_string);
            let windows = (0..t.len())
                .step_by(97)
                .filter(|&i| t.is_char_boundary(i))
                .map(|i| {
                    let mut e = (i + 160).min(t.len());
                    while !t.is_char_boundary(e) {
                        e -= 1;
                    }
                    t[i..e].to_string()
                });
            for piece in lines.chain(windows).chain([t.clone()]) {
                let want = searched(&piece);
                found += usize::from(want.is_some());
                assert_eq!(stay_phrase(&piece), want, "{piece:?}");
            }
        }
        assert!(found > 100, "only {found} texts hold a phrase");
    }
}
