//! Procedures: named by the lexicon, by the body part before them
//! ("temporal artery biopsy") or the site after them ("a biopsy of the
//! left vastus lateralis"), with "not done" when the text says so.

use casecourse_model::{Certainty, Kind, PartRole, Span};

use super::Ctx;
use super::terms::{code, name_words, with_name_words};
use crate::matcher::{Cat, Mention};

/// Procedures, with "not done" when the text says so.
pub fn procedures(ctx: &mut Ctx) {
    let ms: Vec<Mention> = ctx.free_of(&[Cat::Procedure]);
    for m in ms {
        // "3 days after surgery", "2 weeks before the biopsy": a procedure
        // told before anchors an offset; it was not done again then (told
        // first so, "3 months after kidney transplantation", it stays).
        let anchors =
            ctx.v.times.iter().any(|t| {
                t.start < m.start && m.end <= t.end && super::terms::counts_a_span(&t.what)
            });
        // Mentions are in text order: only those before this sentence. An
        // operation anchors on the operation it names, told before ("a
        // right upper lobectomy ... five months after lobectomy").
        let told_before = || {
            let name = &ctx.doc.lex.procedures[m.idx].name;
            let operative = ctx.doc.is_operative(m.idx);
            let earlier = ctx
                .doc
                .mentions
                .partition_point(|x| x.start < ctx.v.s.start);
            ctx.doc.mentions[..earlier].iter().any(|x| {
                x.cat == Cat::Procedure
                    && (&ctx.doc.lex.procedures[x.idx].name == name
                        || (operative && ctx.doc.same_operation(&m, x)))
            })
        };
        if anchors && told_before() {
            continue;
        }
        let of_site = of_a_site(ctx, &m);
        let t = &ctx.doc.lex.procedures[of_site.as_ref().map_or(m.idx, |o| o.idx)];
        let mut f = ctx.fact(Kind::Procedure, &t.name, m.start, m.end);
        if let Some(o) = of_site {
            f.site = Some(o.site);
            f.spans.push(o.span);
            f.spans.sort();
            f.set_part(PartRole::Site, o.span);
        } else {
            // "temporal artery biopsy": the body part names the procedure.
            with_name_words(&mut f, name_words(ctx, &m, &t.name));
        }
        code(&mut f, t);
        let a = ctx.assert(&mut f, m.start, m.end);
        // "Referred for lung transplant evaluation", "assessed for
        // transplant candidacy": the procedure is weighed, not done.
        if f.certainty == Certainty::Affirmed && WEIGHED.contains(&ctx.next_word(m.end)) {
            f.certainty = Certainty::Hypothetical;
        }
        let hi = ctx.clause_end(m.end);
        if let Some(c) = ctx
            .v
            .cues_with("not-done")
            .find(|c| c.start >= m.end && c.end <= hi)
        {
            f.status = Some("not done".into());
            f.negated = false;
            f.spans.push(Span::new(c.start, c.end));
            f.set_part(PartRole::Negation, Span::new(c.start, c.end));
        } else if f.negated && denies_another(ctx, &m, a.negation) {
            // "No motility disturbances were found on manometry", "an ECG
            // with no ischaemic changes, and a coronary angiogram", "the
            // biopsy was unremarkable": the procedure was done.
            f.negated = false;
            f.parts.retain(|p| p.role != PartRole::Negation);
        } else if f.negated {
            // "A muscle biopsy was not performed": not done, and negated.
            f.status = Some("not done".into());
        }
        if !f.negated && f.status.is_none() && said_normal(ctx, m.end, hi) {
            f.result = Some("normal".into());
        }
        ctx.claimed.insert(m.start);
        ctx.out.push(f);
    }
}

/// Whether the words after a procedure or study, in its clause, say it
/// found nothing abnormal: "Nerve conduction studies were normal", "the
/// electromyography was unremarkable", "the chest X-ray was entirely
/// clear", "... was within normal limits".
pub(super) fn said_normal(ctx: &Ctx, from: usize, to: usize) -> bool {
    let after = ctx.doc.lower_text(from, to);
    let mut words = after
        .split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| !w.is_empty())
        .filter(|w| !matches!(*w, "entirely" | "completely" | "otherwise"));
    matches!(words.next(), Some("was" | "were" | "is" | "are"))
        && match words.next() {
            Some("normal" | "unremarkable" | "clear") => true,
            Some("within") => words.next() == Some("normal") && words.next() == Some("limits"),
            _ => false,
        }
}

/// Nouns after a procedure's name that make it one being weighed: its
/// evaluation, not the procedure done.
const WEIGHED: &[&str] = &[
    "evaluation",
    "assessment",
    "work-up",
    "workup",
    "candidacy",
    "listing",
    "eligibility",
    "referral",
];

/// Whether the negation (its folded span) that reaches procedure `m` is
/// about something else: a result told after the procedure ("the biopsy
/// was negative"; a procedure not done has its own cue), another thing
/// named between the trigger and the procedure ("without the need for
/// oral iron after surgery"), or a procedure that is how it was looked for
/// ("no stenosis on angiography").
fn denies_another(ctx: &Ctx, m: &Mention, negation: Option<(usize, usize)>) -> bool {
    const MEANS: &[&str] = &[
        "on",
        "at",
        "by",
        "during",
        "in",
        "after",
        "following",
        "from",
    ];
    let Some((from, to)) = negation else {
        return false;
    };
    if from >= m.end {
        // "was not performed" denies it; "was negative" is its result.
        let trigger = ctx.text(from, to).to_ascii_lowercase();
        return !trigger.split_whitespace().any(|w| NOT.contains(&w));
    }
    // "no ischaemic changes, and a coronary angiogram": a new item.
    let gap = ctx.text(to.min(m.start), m.start);
    if [", and a ", ", and an ", ", and the "]
        .iter()
        .any(|w| gap.contains(w))
    {
        return true;
    }
    // Another thing named in between, not in the same denied list ("no
    // history of diabetes or abdominal surgery" denies both).
    let named_between = ctx
        .v
        .mentions
        .iter()
        .rfind(|x| {
            x.start >= to && x.end <= m.start && x.cat != Cat::Procedure && x.cat != Cat::Route
        })
        .is_some_and(|x| {
            let joint = ctx.text(x.end, m.start).trim().to_ascii_lowercase();
            let joint = joint.trim_start_matches(',').trim();
            // "or", "and", "or abdominal": the list goes on to it; "and
            // her vaccinations" opens an item of its own.
            let own = ["a", "an", "the", "her", "his", "their"];
            let list = ["or", "and"].iter().any(|w| {
                let rest: Vec<&str> = joint.split_whitespace().skip(1).collect();
                joint.split_whitespace().next() == Some(*w)
                    && rest.len() <= 2
                    && !rest.first().is_some_and(|r| own.contains(r))
            });
            !(joint.is_empty() || list)
        });
    // What was looked for, then the procedure it was looked for by: a
    // word of what was found must come before the preposition ("never been
    // on hemodialysis" is no finding).
    let before = ctx.text(to.min(m.start), m.start).to_ascii_lowercase();
    let words: Vec<&str> = before.split_whitespace().collect();
    // "(none on EGD)": the trigger is what was found.
    let said_none = ctx.text(from, to).eq_ignore_ascii_case("none");
    let by_means = words
        .iter()
        .rposition(|w| MEANS.contains(w))
        .is_some_and(|p| {
            words[p + 1..]
                .iter()
                .all(|w| BEFORE_PROCEDURE.contains(w) || w.ends_with("al") || w.ends_with("ic"))
                && (words[..p].iter().any(|w| !BE_AND_HAVE.contains(w)) || said_none)
        });
    named_between || by_means
}

/// Words of a trigger after a procedure that say it was not done.
const NOT: &[&str] = &["not", "never", "no", "without", "declined", "refused"];

/// Verbs that say nothing was found ("has never been on").
const BE_AND_HAVE: &[&str] = &[
    "been", "was", "were", "is", "are", "be", "has", "have", "had",
];

/// Words that may stand between a preposition and its procedure ("on the
/// esophageal manometry", "on repeat CT").
const BEFORE_PROCEDURE: &[&str] = &[
    "the",
    "a",
    "an",
    "his",
    "her",
    "repeat",
    "subsequent",
    "later",
];

/// A procedure named after it by what it was done on: "a biopsy of the
/// left vastus lateralis" is the lexicon's "vastus lateralis biopsy",
/// "aspiration of the bone marrow" its "bone marrow aspiration".
struct OfSite {
    /// The procedure the words name.
    idx: usize,
    /// The site as written ("left vastus lateralis").
    site: String,
    span: Span,
}

/// Reads "<procedure> of (the) (left|right) <site>" for up to three site
/// words, the longest that names a procedure of the lexicon together with
/// the procedure's own words.
fn of_a_site(ctx: &Ctx, m: &Mention) -> Option<OfSite> {
    const LEAD: &[&str] = &["the", "a", "an", "his", "her"];
    const SIDE: &[&str] = &["left", "right", "both", "bilateral"];
    let rest = ctx.text_after(m.end, 60);
    let after_of = rest.strip_prefix(" of ")?;
    let mut words: Vec<(usize, &str)> = Vec::new();
    let mut at = m.end + 4;
    for w in after_of.split(' ') {
        let word = w.trim_end_matches([',', '.', ';', ':', ')']);
        if word.is_empty() || !word.bytes().all(|b| b.is_ascii_alphabetic() || b == b'-') {
            break;
        }
        words.push((at, word));
        if word.len() != w.len() || words.len() == 5 {
            break;
        }
        at += w.len() + 1;
    }
    let mut first = 0;
    if words
        .first()
        .is_some_and(|(_, w)| LEAD.contains(&w.to_ascii_lowercase().as_str()))
    {
        first += 1;
    }
    let site_from = first;
    if words
        .get(first)
        .is_some_and(|(_, w)| SIDE.contains(&w.to_ascii_lowercase().as_str()))
    {
        first += 1;
    }
    let own = ctx.text(m.start, m.end).to_ascii_lowercase();
    let lex = &ctx.doc.lex.procedures;
    (first + 1..=words.len().min(first + 3))
        .rev()
        .find_map(|end| {
            let named: Vec<&str> = words[first..end].iter().map(|(_, w)| *w).collect();
            let candidate = format!("{} {own}", named.join(" "));
            let idx = lex
                .iter()
                .position(|t| t.names().any(|a| a.eq_ignore_ascii_case(&candidate)))?;
            let (start, last) = (words[site_from].0, words[end - 1]);
            let span = Span::new(start, last.0 + last.1.len());
            Some(OfSite {
                idx,
                site: ctx.text(span.start, span.end).to_ascii_lowercase(),
                span,
            })
        })
}
