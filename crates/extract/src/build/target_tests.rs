//! Tests named by their target and method: "CMV IgG", "HIV, hepatitis B
//! and hepatitis C serology", "EBV and CMV PCRs", "PCRs for EBV, CMV and
//! HHV-6". An organism, or an infection, in a list that a method word
//! closes or a method phrase opens is that target's test, not a finding
//! or a diagnosis. The method words are cues (`test-method`,
//! `test-method-opener`), their value the method's name.

use casecourse_knowledge::Term;

use super::Ctx;
use crate::doc::CueHit;
use crate::matcher::{Cat, Mention};

/// The targets named as tests in this sentence, each with its test's
/// name: the lexicon's test named "<any name of the target> <method>",
/// else "<the target's name> <method>".
pub fn named_tests(ctx: &Ctx) -> Vec<(Mention, String)> {
    let lex = ctx.doc.lex;
    let target = |x: &Mention| match x.cat {
        Cat::Micro => lex.microbiology[x.idx].group.as_deref() == Some("organism"),
        Cat::Condition => lex.conditions[x.idx].group.as_deref() == Some("infection"),
        _ => false,
    };
    let targets: Vec<Mention> = ctx.free().filter(|x| target(x)).copied().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < targets.len() {
        let mut j = i;
        while j + 1 < targets.len() && joined(ctx, targets[j].end, targets[j + 1].start) {
            j += 1;
        }
        if let Some(method) = method_of(ctx, targets[i].start, targets[j].end) {
            for m in &targets[i..=j] {
                let term = match m.cat {
                    Cat::Micro => &lex.microbiology[m.idx],
                    _ => &lex.conditions[m.idx],
                };
                out.push((*m, test_name(&lex.microbiology, term, method)));
            }
        }
        i = j + 1;
    }
    out
}

/// Only a separator of a list lies between `a` and `b`.
fn joined(ctx: &Ctx, a: usize, b: usize) -> bool {
    a <= b
        && matches!(
            ctx.text(a, b).trim(),
            "," | "and" | "or" | ", and" | ", or" | "/"
        )
}

/// The method of a list of targets `[start, end)`: a method word right
/// after it ("... hepatitis C serology"), the method word that ends the
/// test right after it ("EBV and CMV PCRs"), or a method phrase right
/// before it ("PCRs for EBV ...").
fn method_of<'a>(ctx: &'a Ctx, start: usize, end: usize) -> Option<&'a str> {
    let value = |c: &'a CueHit| c.cue.value.as_deref();
    let adjacent = |a: usize, b: usize| a <= b && b - a <= 2 && ctx.text(a, b).trim().is_empty();
    if let Some(c) = ctx
        .v
        .cues_with("test-method")
        .find(|c| adjacent(end, c.start))
    {
        return value(c);
    }
    let closing_test = ctx.free().find(|x| {
        x.start > end
            && x.cat == Cat::Micro
            && ctx.doc.lex.microbiology[x.idx].group.as_deref() == Some("test")
    });
    if let Some(x) = closing_test.filter(|x| joined(ctx, end, x.start)) {
        let ends_it = |c: &&CueHit| c.start > x.start && c.start < x.end && c.end >= x.end;
        if let Some(c) = ctx.v.cues_with("test-method").find(ends_it) {
            return value(c);
        }
    }
    let lo = ctx.clause_start(start);
    ctx.v
        .cues_with("test-method-opener")
        .filter(|c| c.start >= lo && adjacent(c.end, start))
        .last()
        .and_then(value)
}

fn test_name(tests: &[Term], target: &Term, method: &str) -> String {
    let named = |t: &&Term| {
        t.group.as_deref() == Some("test")
            && t.names().any(|a| {
                target.names().chain(&target.abbreviations).any(|n| {
                    a.len() == n.len() + 1 + method.len()
                        && a.get(..n.len()).is_some_and(|x| x.eq_ignore_ascii_case(n))
                        && a.as_bytes()[n.len()] == b' '
                        && a.get(n.len() + 1..)
                            .is_some_and(|x| x.eq_ignore_ascii_case(method))
                })
            })
    };
    tests
        .iter()
        .find(named)
        .map_or_else(|| format!("{} {method}", target.name), |t| t.name.clone())
}
