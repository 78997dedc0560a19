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

/// A target named as a test.
pub struct NamedTest {
    /// The organism's or infection's mention.
    pub target: Mention,
    /// The test's name: the lexicon's test named "<any name of the
    /// target> <method>", else "<the target's name> <method>".
    pub name: String,
    /// That lexicon test (an index into the microbiology lexicon), if any.
    pub test: Option<usize>,
    /// Where the test's words end: after the method word written right
    /// after the target ("EBV-IgM"), else at the target's end.
    pub end: usize,
}

/// The targets named as tests in this sentence.
pub fn named_tests(ctx: &Ctx) -> Vec<NamedTest> {
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
        // "A, B, and C" is one list; "pneumonia, and CMV PCR was
        // positive" joins two clauses, not two targets.
        let mut listed = false;
        while j + 1 < targets.len() {
            let gap = ctx.gap(targets[j].end, targets[j + 1].start);
            let comma_and = matches!(gap, Some(", and" | ", or"));
            if !(gap.is_some_and(is_separator) && (!comma_and || listed)) {
                break;
            }
            listed |= gap == Some(",");
            j += 1;
        }
        let organisms_only = targets[i..=j].iter().all(|m| m.cat == Cat::Micro);
        let list = List {
            start: targets[i].start,
            end: targets[j].end,
            organisms_only,
            listed,
        };
        if let Some((method, method_end)) = method_of(ctx, &list) {
            for (k, m) in targets[i..=j].iter().enumerate() {
                let term = match m.cat {
                    Cat::Micro => &lex.microbiology[m.idx],
                    _ => &lex.conditions[m.idx],
                };
                let test = lexicon_test(&lex.microbiology, term, method);
                out.push(NamedTest {
                    target: *m,
                    name: test.map_or_else(
                        || format!("{} {method}", term.name),
                        |t| lex.microbiology[t].name.clone(),
                    ),
                    test,
                    end: if i + k == j { method_end } else { m.end },
                });
            }
        }
        i = j + 1;
    }
    out
}

/// A separator of a list: "A, B and C", "A or B", "A/B".
fn is_separator(gap: &str) -> bool {
    matches!(gap, "," | "and" | "or" | ", and" | ", or" | "/")
}

/// A list of targets joined by separators.
struct List {
    start: usize,
    end: usize,
    /// Organisms only, no infection.
    organisms_only: bool,
    /// Its items are joined by a plain comma at least once ("A, B, and C").
    listed: bool,
}

/// The method of a list of targets, and where the list's last test ends:
/// a method word right after it ("... hepatitis C serology", "CMV-IgG"),
/// for a list of organisms also the method word that ends the test right
/// after it ("EBV and CMV PCRs"), or a method phrase right before it
/// ("PCRs for EBV ...").
fn method_of<'a>(ctx: &'a Ctx, list: &List) -> Option<(&'a str, usize)> {
    let (start, end) = (list.start, list.end);
    let value = |c: &'a CueHit| c.cue.value.as_deref();
    let adjacent = |a: usize, b: usize| {
        ctx.gap(a, b)
            .is_some_and(|g| g.len() <= 1 && (g.is_empty() || g == "-"))
    };
    if let Some(c) = ctx
        .v
        .cues_with("test-method")
        .find(|c| adjacent(end, c.start))
    {
        return value(c).map(|v| (v, c.end));
    }
    // An infection before a test of its own is a diagnosis beside a test
    // ("tuberculosis and HIV antibody was positive").
    let closing_test = ctx.free().find(|x| x.start > end && is_test(ctx, x));
    let joins_the_list = |g: &str| is_separator(g) && (list.listed || !g.starts_with(", "));
    // A list written with commas ("HIV, hepatitis B and hepatitis C
    // serology") runs on into its closing test whatever it names.
    if (list.organisms_only || list.listed)
        && let Some(x) = closing_test.filter(|x| ctx.gap(end, x.start).is_some_and(joins_the_list))
    {
        let ends_it = |c: &&CueHit| c.start > x.start && c.start < x.end && c.end >= x.end;
        if let Some(c) = ctx.v.cues_with("test-method").find(ends_it) {
            return value(c).map(|v| (v, end));
        }
    }
    if let Some(opened) = ctx
        .v
        .cues_with("test-method-opener")
        .filter(|c| adjacent(c.end, start))
        .last()
        .and_then(value)
    {
        return Some((opened, end));
    }
    // "BAL fluid was positive for Pneumocystis jirovecii", "PCR of CSF was
    // negative for enterovirus and HSV": organisms right after a result
    // and "for" are that result's targets, unless a test named before
    // them in the clause found them ("Blood cultures were positive for S.
    // aureus"). The method is the clause's own method word, else a test.
    let clause = ctx.clause_start(start);
    let test_in_clause = ctx
        .v
        .mentions
        .iter()
        .any(|x| x.start >= clause && x.end <= start && is_test(ctx, x));
    if list.organisms_only && !test_in_clause && result_for_before(ctx, start) {
        return Some((clause_method(ctx, list).unwrap_or("test"), end));
    }
    // "HIV was negative", "HBV and HCV were negative": an infection with a
    // test's result and no method word is its test, unless a test named
    // before it is what found it ("Blood culture: S. aureus isolated"). A
    // test that already has its own result found nothing more
    // ("HBsAg negative, HIV negative, and syphilis negative").
    // Only a test's own verdict says a test was done: "pneumonia was
    // present" and "E. coli was isolated" are no such results.
    let reported = !found_by_a_test(ctx, start)
        && ctx.v.cues.iter().any(|c| {
            c.start > end
                && matches!(c.cue.value.as_deref(), Some("positive" | "negative"))
                && ctx
                    .gap(end, c.start)
                    .is_some_and(|g| RESULT_LINKS.contains(&g))
                && ["positive", "negative", "reactive", "detected"]
                    .iter()
                    .any(|w| ctx.doc.lower_text(c.start, c.end).contains(w))
        });
    reported.then_some(("test", end))
}

/// A lexicon test named before `start` in the sentence that found what
/// follows it ("Blood culture: S. aureus isolated").
///
/// The last result told before the target closes the tests before it,
/// unless a method follows it ("CMV antigenaemia was negative, PCR of
/// sputum for P. jirovecii was negative": that PCR is the target's own
/// test, read elsewhere).
fn found_by_a_test(ctx: &Ctx, start: usize) -> bool {
    let closed_at =
        ctx.v
            .cues
            .iter()
            .filter(|c| {
                c.end <= start && matches!(c.cue.value.as_deref(), Some("positive" | "negative"))
            })
            .map(|c| (c.start, c.end))
            .max()
            .filter(|&(_, end)| {
                !ctx.v.cues.iter().any(|m| {
                    m.cue.role.starts_with("test-method") && m.start >= end && m.end <= start
                })
            });
    ctx.v
        .mentions
        .iter()
        .any(|x| x.end <= start && is_test(ctx, x) && closed_at.is_none_or(|(s, _)| s < x.end))
}

/// A lexicon test ("blood culture", "CMV PCR"), not an organism.
fn is_test(ctx: &Ctx, x: &Mention) -> bool {
    x.cat == Cat::Micro && ctx.doc.lex.microbiology[x.idx].group.as_deref() == Some("test")
}

/// The words right before `start` are a result and "for": "was positive
/// for", "tested negative for".
fn result_for_before(ctx: &Ctx, start: usize) -> bool {
    let before = ctx.lower_before(start, 24).trim_end();
    ["positive for", "negative for", "reactive for"]
        .iter()
        .any(|w| before.ends_with(w))
}

/// The method word of the clause around `list` ("PCR of CSF was negative
/// for ...", "... was positive for M. tuberculosis on PCR") that does not
/// close a test of its own ("CMV PCR"); the nearest one.
fn clause_method<'a>(ctx: &'a Ctx, list: &List) -> Option<&'a str> {
    let (lo, hi) = (ctx.clause_start(list.start), ctx.clause_end(list.end));
    let closes_a_test = |c: &CueHit| {
        ctx.v.mentions.iter().any(|x| {
            matches!(x.cat, Cat::Micro | Cat::Condition)
                && x.start < c.start
                && (x.end >= c.end || ctx.gap(x.end, c.start).is_some_and(|g| g.len() <= 1))
        })
    };
    ctx.v
        .cues
        .iter()
        .filter(|c| c.cue.role.starts_with("test-method") && c.start >= lo && c.end <= hi)
        .filter(|c| c.end <= list.start || c.start >= list.end)
        .filter(|c| !closes_a_test(c))
        .min_by_key(|c| c.start.abs_diff(list.start))
        .and_then(|c| c.cue.value.as_deref())
}

/// Words between a test's target and its result: "HIV was negative".
const RESULT_LINKS: &[&str] = &[
    "",
    "was",
    "were",
    "is",
    "are",
    "was also",
    "were all",
    "tested",
    "was found",
];

/// The lexicon's test named "<any name of `target`> <method>".
fn lexicon_test(tests: &[Term], target: &Term, method: &str) -> Option<usize> {
    let named = |t: &Term| {
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
    tests.iter().position(named)
}
