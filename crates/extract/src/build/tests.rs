//! Antibodies and microbiology: a test and its qualitative result.

use casecourse_model::{Comparator, Kind, PartRole, Span, Value};

use super::Ctx;
use crate::doc::CueHit;
use crate::matcher::Cat;
use crate::quantity::Quantity;

/// Reads antibody and microbiology results.
pub fn antibodies_and_microbiology(ctx: &mut Ctx) {
    let mut mentions: Vec<_> = ctx.free_of(&[Cat::Antibody, Cat::Micro]);
    // Organisms are results, not tests, unless named with the method of a
    // test ("CMV IgG", "PCRs for EBV and CMV"): that test, for each target
    // so named.
    let named = super::method_targets::named_tests(ctx);
    // An infection so named ("hepatitis C serology") is that test too and
    // no diagnosis, even when the test has no result yet ("hepatitis B and
    // C serologies sent").
    for n in named.iter().filter(|n| n.target.cat == Cat::Condition) {
        ctx.claimed.insert(n.target.start);
        mentions.push(n.target);
    }
    // "ENA: Ro -, La -"; "ENA was positive for Ro and La": short forms
    // that name an antibody only in a panel's list.
    let members = panel_members(ctx);
    mentions.extend(&members);
    mentions.sort_by_key(|m| (m.start, m.end));
    let named_test = |m: &crate::matcher::Mention| {
        named
            .iter()
            .find(|n| n.target.start == m.start && n.target.cat == m.cat && n.target.idx == m.idx)
    };
    let shared = list_results(ctx, &mentions);
    let organism = |m: &crate::matcher::Mention| {
        m.cat == Cat::Micro && ctx.doc.lex.microbiology[m.idx].group.as_deref() == Some("organism")
    };
    // "E. coli was isolated from both sets of blood cultures": the test an
    // organism was isolated from, and that organism.
    let isolates: Vec<(Isolated, crate::matcher::Mention)> = mentions
        .iter()
        .filter(|m| organism(m) && named_test(m).is_none())
        .filter_map(|&m| {
            isolated_from(ctx, m)
                .or_else(|| grown_by_specimen(ctx, m))
                .map(|t| (t, m))
        })
        .collect();
    let isolate_of = |test: &crate::matcher::Mention| {
        isolates
            .iter()
            .find(|(t, _)| matches!(t, Isolated::Test(s) if *s == test.start))
            .map(|&(_, o)| o)
    };
    let mut last: Option<(usize, Cat)> = None;
    for &m in &mentions {
        let named_as = named_test(&m);
        // "EBV-IgM negative": the result follows the method's word.
        let m = crate::matcher::Mention {
            end: named_as.map_or(m.end, |n| n.end),
            ..m
        };
        // "Rheumatoid factor (RF) was 35 IU/mL": the name's own repeat in
        // brackets is part of its words, so its value and titre are read
        // after the bracket.
        let m = crate::matcher::Mention {
            end: repeat_in_brackets(ctx, &mentions, m).unwrap_or(m.end),
            ..m
        };
        // "anti-beta2-glycoprotein I IgG 38 U/mL": the isotype after an
        // antibody's name is part of its words.
        let m = match m.cat {
            Cat::Antibody => crate::matcher::Mention {
                end: isotype_after(ctx, m.end).unwrap_or(m.end),
                ..m
            },
            _ => m,
        };
        // "anti-MDA5 (MDA5)": one test named twice.
        if last.is_some_and(|(i, c)| i == m.idx && c == m.cat)
            && ctx.text(m.start.saturating_sub(2), m.start).contains('(')
        {
            ctx.claimed.insert(m.start);
            continue;
        }
        last = Some((m.idx, m.cat));
        // Organisms are results, not tests; one isolated from a specimen
        // alone ("from sputum") is that specimen's culture.
        if named_as.is_none() && organism(&m) {
            if let Some((Isolated::Specimen(a, b), _)) =
                isolates.iter().find(|(_, o)| o.start == m.start)
            {
                specimen_culture(ctx, m, *a, *b);
            }
            continue;
        }
        let lo = ctx.clause_start(m.start);
        let hi = ctx.clause_end(m.end);
        let found = shared
            .iter()
            .find(|(at, _)| *at == m.start)
            .map(|(_, r)| *r)
            .or_else(|| sign_after(ctx, m.end))
            .or_else(|| nearest(ctx, lo, hi, m.start, m.end, "result-"))
            .map(|r| excepted(ctx, r, m.start))
            .or_else(|| cut_off_result(ctx, m.end, hi))
            .or_else(|| {
                let test = m.cat == Cat::Micro && named_as.is_none();
                test.then(|| organism_reported(ctx, m.end, hi)).flatten()
            })
            .or_else(|| isolate_of(&m).and_then(|o| positive_at(ctx, o.start, o.end)));
        // Titre and value belong to this test's own words, up to the next test.
        let own_end = next_start(ctx, m, hi, |x| matches!(x.cat, Cat::Antibody | Cat::Micro));
        let Some(result) = found else {
            let measured = match m.cat {
                Cat::Antibody => !titre_alone(ctx, m, own_end),
                // "CMV DNA 1.2 x 10^4 copies/mL": a test, not an organism.
                _ => named_as.is_none() && !organism(&m),
            };
            if measured {
                quantitative(ctx, m, own_end);
            }
            continue;
        };
        let lex = ctx.doc.lex;
        // A target named as a test takes that test's code, if the lexicon
        // knows the test, and none of its own.
        let (kind, term) = match (m.cat, named_as) {
            (Cat::Antibody, _) => (Kind::Antibody, Some(&lex.antibodies[m.idx])),
            (_, Some(n)) => (Kind::Microbiology, n.test.map(|t| &lex.microbiology[t])),
            _ => (Kind::Microbiology, Some(&lex.microbiology[m.idx])),
        };
        // "The myositis antibody panel showed strongly positive anti-MDA5":
        // a positive panel that names its member is not a result itself (a
        // negative one still says the others were negative).
        let panel = term.is_some_and(|t| t.group.as_deref() == Some("panel"))
            && result.cue.value.as_deref() == Some("positive");
        let names_member = |x: &crate::matcher::Mention| {
            x.cat == Cat::Antibody
                && x.start > m.end
                && ctx.doc.lex.antibodies[x.idx].group.as_deref() != Some("panel")
        };
        if panel && ctx.v.mentions.iter().chain(&members).any(names_member) {
            continue;
        }
        let mut name = match (named_as, term) {
            (Some(n), _) => n.name.clone(),
            (None, Some(t)) => t.name.clone(),
            (None, None) => continue,
        };
        if kind == Kind::Microbiology
            && let Some((spec, a, b)) = specimen_before(ctx, lo, m.start)
        {
            claim_specimen_words(ctx, a, b);
            if !contains_ignore_case(&name, &spec) {
                name = format!("{} {name}", specimen_as_named(spec));
            }
        }
        let mut f = ctx.fact(kind, &name, m.start, m.end);
        if let Some(t) = term {
            super::terms::code(&mut f, t);
        }
        let value = result.cue.value.clone().unwrap_or_default();
        f.result = Some(value.clone());
        // "(+)" is the sign of the result, not a grade of its strength;
        // "++" and "(3+)", beside the result or as it, are a grade.
        let said = ctx.text(result.start, result.end);
        let signed = said.starts_with('(');
        let graded = plus_grade(said)
            .filter(|&(len, _)| len == said.len())
            .or_else(|| {
                let after = ctx.text(result.end, hi);
                let after = after.trim_start_matches(' ');
                plus_grade(after).filter(|_| after.starts_with('('))
            })
            .and_then(|(_, count)| plus_strength(count));
        if value == "positive" {
            if let Some(s) = graded {
                f.strength = Some(s.to_string());
            } else if !signed
                && let Some(s) = nearest(
                    ctx,
                    lo.max(m.start.saturating_sub(40)),
                    m.end.max(result.end),
                    m.start,
                    m.end,
                    "strength-",
                )
            {
                f.strength = s.cue.value.clone();
            }
            // The organism a positive test grew comes before the next
            // test: "blood cultures grew nothing, and the throat swab was
            // negative for group A streptococcus"; "galactomannan and
            // Aspergillus PCR were positive".
            let named_as_test = |x: &crate::matcher::Mention| named_test(x).is_some();
            let tests_end = next_start(ctx, m, hi, |x| match x.cat {
                Cat::Antibody => true,
                Cat::Micro => !organism(x) || named_as_test(x),
                _ => false,
            });
            // "Sputum smear was positive for acid-fast bacilli, and a rapid
            // molecular test detected Mycobacterium tuberculosis": a new
            // subject after ", and" tells another test's finding.
            let tests_end = new_subject(ctx, m.end, tests_end).unwrap_or(tests_end);
            // "BCx 2/2 GPC in clusters -> MSSA": the organism the result
            // stands at, else the first after the test, else the one
            // isolated from it.
            let reported = ctx
                .v
                .mentions
                .iter()
                .any(|x| x.start == result.start && organism(x));
            let from = if reported { result.start } else { m.end };
            let isolated = isolate_of(&m).map(|o| lex.microbiology[o.idx].name.clone());
            if let Some(org) = organism_after(ctx, from, tests_end).or(isolated) {
                f.result = Some(org);
            }
        }
        if let Some(t) = titre(ctx, m.end, own_end) {
            f.titre = Some(t);
        }
        let measured = ctx
            .v
            .quantities
            .iter()
            .find(|q| {
                q.start >= m.end
                    && q.start < own_end
                    && q.unit.is_some()
                    && !ctx.text(m.end, q.start).contains(':')
            })
            .cloned()
            .or_else(|| level(ctx, m.end, own_end).filter(|q| q.unit.as_deref() == Some(INDEX)));
        if let Some(q) = measured {
            f.value = Some(Value::Number(q.value));
            f.unit = q.unit.clone();
            f.set_part(PartRole::Value, Span::new(q.start, q.end));
        } else {
            f.set_part(PartRole::Value, Span::new(result.start, result.end));
        }
        f.spans.push(Span::new(result.start, result.end));
        ctx.claimed.insert(m.start);
        ctx.out.push(f);
    }
    sterile_specimens(ctx);
}

/// The antibodies a panel's list names by their short panel forms
/// (`panel_forms` in antibodies.toml), as written, after a panel's name in
/// its clause, on words no other name covers ("Ro-52" is a name of its
/// own, not "Ro").
fn panel_members(ctx: &Ctx) -> Vec<crate::matcher::Mention> {
    let lex = ctx.doc.lex;
    let mut out = Vec::new();
    let panels = ctx.v.mentions.iter().filter(|m| {
        m.cat == Cat::Antibody && lex.antibodies[m.idx].group.as_deref() == Some("panel")
    });
    for p in panels {
        let hi = ctx.clause_end(p.end);
        let text = ctx.text(p.end, hi);
        let b = text.as_bytes();
        let word_byte = |c: u8| c.is_ascii_alphanumeric() || c == b'-';
        let mut i = 0;
        while i < b.len() {
            if !word_byte(b[i]) {
                i += 1;
                continue;
            }
            let j = i + b[i..].iter().take_while(|&&c| word_byte(c)).count();
            let (start, end) = (p.end + i, p.end + j);
            let word = &text[i..j];
            let covered = ctx
                .v
                .mentions
                .iter()
                .any(|x| x.start < end && x.end > start);
            let idx = lex
                .antibodies
                .iter()
                .position(|t| t.panel_forms.iter().any(|f| f == word));
            if let (false, Some(idx)) = (covered, idx)
                && !out
                    .iter()
                    .any(|x: &crate::matcher::Mention| x.start == start)
            {
                out.push(crate::matcher::Mention {
                    start,
                    end,
                    cat: Cat::Antibody,
                    idx,
                });
            }
            i = j;
        }
    }
    out
}

/// The end of an isotype written right after an antibody's name ("IgG",
/// "IgM", "IgA"), whose mentions are claimed as the antibody's words.
fn isotype_after(ctx: &mut Ctx, end: usize) -> Option<usize> {
    let after = ctx.text_after(end, 5);
    let word = after.strip_prefix(' ')?;
    let isotype = ["IgG", "IgM", "IgA"].iter().any(|i| word.starts_with(i))
        && !word[3..].starts_with(|c: char| c.is_ascii_alphanumeric());
    if !isotype {
        return None;
    }
    let (a, b) = (end + 1, end + 4);
    ctx.claim_within(a, b);
    Some(b)
}

/// "ANA 1:640", "antinuclear antibody titre was 1:320 (speckled)": an
/// antibody given by its titre alone, right after its name. A titre is the
/// highest dilution that still reacts, so the antibody was found: positive.
fn titre_alone(ctx: &mut Ctx, m: crate::matcher::Mention, own_end: usize) -> bool {
    let window = ctx.text_after(m.end, 40);
    let window =
        &window[..window.floor_char_boundary(window.len().min(own_end.saturating_sub(m.end)))];
    let Some((a, b, t)) = find_titre(&ctx.doc.shapes.titre, window) else {
        return false;
    };
    let (start, end) = (m.end + a, m.end + b);
    let gap = ctx.text(m.end, start);
    // "ANA <1:40", "titre below 1:10": under the cut-off, not found.
    let under = gap.contains(['<', '≤'])
        || ["below", "less than", "under"]
            .iter()
            .any(|w| gap.to_ascii_lowercase().contains(w));
    let near = !under
        && !gap.bytes().any(|c| c.is_ascii_digit() || c == b';')
        && !ctx
            .v
            .mentions
            .iter()
            .any(|x| x.start >= m.end && x.end <= start);
    if !near {
        return false;
    }
    let term = &ctx.doc.lex.antibodies[m.idx];
    let mut f = ctx.fact(Kind::Antibody, &term.name, m.start, m.end);
    super::terms::code(&mut f, term);
    f.result = Some("positive".into());
    f.titre = Some(t);
    f.spans.push(Span::new(start, end));
    f.set_part(PartRole::Value, Span::new(start, end));
    ctx.claimed.insert(m.start);
    ctx.out.push(f);
    true
}

/// Whether a test so named, read in this unit, counts a microbe's nucleic
/// acid: copies, or a PCR, DNA or RNA test ("HBV DNA 2.3 x 10^5 IU/mL").
fn counts_nucleic_acid(name: &str, unit: Option<&str>) -> bool {
    unit.is_some_and(|u| u.contains("copies"))
        || ["PCR", "DNA", "RNA", "viral load"]
            .iter()
            .any(|w| name.contains(w))
}

/// The unit of an ELISA index ("index of 1,850", "152 index").
const INDEX: &str = "{index}";

/// "PR3-ANCA was 186 IU/mL (reference < 2)", "with a PR3-ANCA of 12 IU/mL",
/// "The anti-MDA5 index had dropped to 210", "CMV DNA 5600 copies/mL": an
/// antibody or a microbiology test measured without a result word. The
/// result is read from the interval printed beside the value (above its
/// upper limit is positive, within it negative). Without one it is left
/// open, since a level alone does not say which side of the assay's cut-off
/// it lies, except for a count of a microbe's nucleic acid (a viral load):
/// a number counted was detected, one below a limit ("<500 copies/mL") was
/// not.
fn quantitative(ctx: &mut Ctx, m: crate::matcher::Mention, own_end: usize) {
    // "Her anti-MDA5 titre fell from 2,500 to 150 U/mL": a change told
    // after the name, each value a level of its own.
    let chain = super::measure::change::chain_by(
        ctx,
        |q| q.unit.as_deref().is_some_and(assay_unit),
        m.end,
        own_end,
    );
    if let Some(head) = chain.values.first()
        && near_name(ctx, m.end, head.start)
    {
        super::measure::push_chain_with(ctx, &chain, |ctx, q| push_level(ctx, m, q));
        return;
    }
    if let Some(q) = level(ctx, m.end, own_end) {
        push_level(ctx, m, &q);
    }
}

/// A unit an assay reports in: units per volume, arbitrary or index units.
fn assay_unit(u: &str) -> bool {
    u.contains('U') || u.starts_with('{') || u.ends_with("/mL")
}

/// Whether a value at `at` is reached from a name ending at `from` over a
/// few words, no other name and no number ("was", "of", "had risen to").
fn near_name(ctx: &Ctx, from: usize, at: usize) -> bool {
    let gap = ctx.text(from, at);
    gap.len() <= 40
        && !gap.bytes().any(|c| c.is_ascii_digit() || c == b';')
        && !ctx
            .v
            .mentions
            .iter()
            .any(|x| x.start >= from && x.end <= at)
}

/// The fact of test `m` measured at `q`, with the result the printed
/// interval beside it says (see [`quantitative`]).
fn push_level(ctx: &mut Ctx, m: crate::matcher::Mention, q: &Quantity) {
    let lex = ctx.doc.lex;
    let (kind, term) = match m.cat {
        Cat::Antibody => (Kind::Antibody, &lex.antibodies[m.idx]),
        _ => (Kind::Microbiology, &lex.microbiology[m.idx]),
    };
    let mut f = ctx.fact(kind, &term.name, m.start, m.end);
    super::terms::code(&mut f, term);
    if kind == Kind::Microbiology && counts_nucleic_acid(&term.name, q.unit.as_deref()) {
        let below = matches!(q.comparator, Some(Comparator::Lt | Comparator::Le));
        f.result = Some(if below { "negative" } else { "positive" }.into());
    }
    let unit = q.unit.clone().unwrap_or_default();
    f.value = Some(Value::Number(q.value));
    f.comparator = q.comparator;
    f.unit = q.unit.clone();
    f.set_part(PartRole::Value, Span::new(q.start, q.end));
    if let Some(r) = super::measure::printed_range(ctx, q, &unit) {
        f.flag = super::measure::bound_flag(q.value, q.comparator, r.low, r.high);
        f.result = match f.flag {
            Some(casecourse_model::Flag::High) => Some("positive".into()),
            Some(casecourse_model::Flag::Normal) => Some("negative".into()),
            _ => f.result.take(),
        };
        f.reference_range = Some(r);
    }
    ctx.claimed.insert(m.start);
    ctx.out.push(f);
}

/// The level written right after an antibody's name, before `own_end`: the
/// first number, reached over a few words and no other name or number
/// ("was", "of", "had risen to"), with a unit an assay reports in (units
/// per volume, arbitrary or index units) or, unitless, called an index.
fn level(ctx: &Ctx, from: usize, own_end: usize) -> Option<Quantity> {
    let q = ctx
        .v
        .quantities
        .iter()
        .find(|q| q.start >= from && q.start < own_end)?;
    if !near_name(ctx, from, q.start) {
        return None;
    }
    let gap = ctx.text(from, q.start);
    let words_index = |t: &str| {
        t.split(|c: char| !c.is_ascii_alphabetic())
            .any(|w| w.eq_ignore_ascii_case("index"))
    };
    let mut q = q.clone();
    match q.unit.as_deref() {
        Some(u) if assay_unit(u) => Some(q),
        Some(_) => None,
        None => {
            let after = ctx.text_after(q.end, 7);
            let after = after.trim_start();
            let named = words_index(gap)
                || after
                    .get(..5)
                    .is_some_and(|w| w.eq_ignore_ascii_case("index"));
            named.then(|| {
                q.unit = Some(INDEX.to_string());
                q
            })
        }
    }
}

/// "anti-MDA5, anti-TIF1-gamma and anti-Mi-2 antibodies were negative": a
/// result right after a list of tests is the result of every test in the
/// list, however near another result stands to its first member. Returns
/// (mention start, result) for the members of such lists.
fn list_results<'d>(
    ctx: &Ctx<'d, '_>,
    mentions: &[crate::matcher::Mention],
) -> Vec<(usize, CueHit<'d>)> {
    const FILLER: &[&str] = &[
        "antibody",
        "antibodies",
        "and",
        "or",
        "were",
        "was",
        "are",
        "is",
        "all",
        "both",
        "also",
        "tests",
        "test",
        "found",
    ];
    let only_filler = |gap: &str| {
        gap.split(|c: char| c.is_whitespace() || c == ',' || c == '/')
            .filter(|w| !w.is_empty())
            .all(|w| FILLER.contains(&w.to_ascii_lowercase().as_str()))
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < mentions.len() {
        let mut j = i;
        while j + 1 < mentions.len()
            && mentions[j + 1].cat == mentions[i].cat
            && only_filler(ctx.text(mentions[j].end, mentions[j + 1].start))
        {
            j += 1;
        }
        let last = mentions[j];
        let after = ctx.v.cues.iter().find(|c| {
            c.cue.role.starts_with("result-")
                && c.start >= last.end
                && c.start <= last.end + 40
                && only_filler(ctx.text(last.end, c.start))
        });
        if let (true, Some(r)) = (j > i, after) {
            out.extend(mentions[i..=j].iter().map(|m| (m.start, *r)));
        }
        i = j + 1;
    }
    out
}

/// The cue with `role` prefix nearest to the mention `[start, end)` inside
/// `[lo, hi)`, not separated from it by another test of the same clause
/// that is closer.
fn nearest<'d>(
    ctx: &Ctx<'d, '_>,
    lo: usize,
    hi: usize,
    start: usize,
    end: usize,
    role: &str,
) -> Option<CueHit<'d>> {
    // "EBV VCA IgM was positive and EBNA IgG negative": when a result
    // follows this test, one after an earlier test is that test's
    // predicate. A result that points ahead ("negative for anti-Mi-2")
    // stays this test's.
    let after = ctx
        .v
        .cues
        .iter()
        .any(|c| c.cue.role.starts_with(role) && c.start >= end && c.end <= hi);
    let said_of_earlier = |c: &&CueHit| {
        after
            && c.end <= start
            && !c.cue.phrase.ends_with(" for")
            && ctx.v.mentions.iter().any(|x| {
                matches!(x.cat, Cat::Antibody | Cat::Micro) && x.start >= lo && x.end <= c.start
            })
    };
    ctx.v
        .cues
        .iter()
        .filter(|c| c.cue.role.starts_with(role) && c.start >= lo && c.end <= hi)
        .filter(|c| c.end <= start || c.start >= end)
        .filter(|c| !said_of_earlier(c))
        .filter(|c| !grades_a_result(ctx, c))
        .filter(|c| !in_printed_reference(ctx, c))
        .min_by_key(|c| {
            let distance = if c.start >= end {
                c.start - end
            } else {
                start - c.end
            };
            // Of two cues at one place the longer says more ("grew
            // nothing", not "grew").
            (distance, std::cmp::Reverse(c.end - c.start))
        })
        .copied()
        .map(|c| negated_result(ctx, c))
}

/// "MPO-ANCA 68 IU/mL (negative <3.5)", "(normal <20)": a result word
/// that opens a bracket holding a bound or a number labels the printed
/// reference, which `printed_range` reads; it is not the result.
fn in_printed_reference(ctx: &Ctx, c: &CueHit) -> bool {
    let opened = ctx.text_before(c.start, 3).trim_end().ends_with('(');
    let after = ctx.text_after(c.end, 16);
    opened
        && after.split_once(')').is_some_and(|(inside, _)| {
            inside
                .bytes()
                .any(|b| b.is_ascii_digit() || matches!(b, b'<' | b'>'))
        })
}

/// Where ", and" followed by an article opens a clause with a subject of
/// its own in `[from, to)`.
fn new_subject(ctx: &Ctx, from: usize, to: usize) -> Option<usize> {
    let text = ctx.doc.lower_text(from, to);
    [", and a ", ", and an ", ", and the "]
        .iter()
        .filter_map(|w| text.find(w))
        .min()
        .map(|i| from + i)
}

/// "Serum (1->3)-beta-D-glucan was 486 pg/mL (positive >= 80)", "the
/// serum galactomannan index was 0.9 (positive >=0.5)": the value right
/// after the test with the assay's cut-off for a positive result printed
/// beside it. The result is the side of the cut-off the value lies on,
/// read at the bracket's label. (A bracket labelled "negative <3.5" is a
/// printed reference interval, which `printed_range` reads.)
fn cut_off_result<'d>(ctx: &Ctx<'d, '_>, end: usize, hi: usize) -> Option<CueHit<'d>> {
    let q = ctx
        .v
        .quantities
        .iter()
        .find(|q| q.start >= end && q.start < hi)?;
    if !near_name(ctx, end, q.start) || q.comparator.is_some() {
        return None;
    }
    let c = ctx.doc.shapes.cut_off.captures(ctx.text_after(q.end, 40))?;
    let label = c.get(1)?;
    let bound: f64 = c.get(3)?.as_str().parse().ok()?;
    let positive = match c.get(2)?.as_str() {
        ">=" => q.value >= bound,
        _ => q.value > bound,
    };
    let cue = plain_result(ctx, positive)?;
    Some(CueHit {
        start: q.end + label.start(),
        end: q.end + label.end(),
        cue,
    })
}

/// The lexicon's plain "positive" or "negative" result cue, which a sign
/// or a printed cut-off stands for.
fn plain_result<'d>(ctx: &Ctx<'d, '_>, positive: bool) -> Option<&'d casecourse_knowledge::Cue> {
    let (word, role) = if positive {
        ("positive", "result-positive")
    } else {
        ("negative", "result-negative")
    };
    ctx.doc
        .lex
        .cues
        .iter()
        .find(|c| c.phrase == word && c.role == role)
}

/// The pattern of an assay's cut-off for a positive result printed in a
/// bracket right after a value: "(positive >= 80)", "(pos > 20 U/mL)".
pub fn cut_off_pattern() -> regex::Regex {
    regex::Regex::new(
        r"(?i)^\s*\(\s*(positive|pos\.?)\s*:?\s*(>=|>)\s*(\d+(?:\.\d+)?)\s*[^()\s]*\s*\)",
    )
    .expect("cut-off pattern")
}

/// "borderline positive", "equivocal-negative": an equivocal word right
/// before a positive or negative result grades that result and is none
/// itself.
fn grades_a_result(ctx: &Ctx, c: &CueHit) -> bool {
    matches!(
        c.cue.role.as_str(),
        "result-equivocal" | "result-indeterminate"
    ) && ctx.v.cues.iter().any(|n| {
        matches!(n.cue.role.as_str(), "result-positive" | "result-negative")
            && n.start > c.start
            && n.start <= c.end + 2
    })
}

/// A result written as a sign right after the test: "HBsAg (+), anti-HBs
/// (-)", a line blot's "MDA5 ++, Ro52 +++" or "Mi-2 (3+)", an ENA's "Ro -,
/// La -". Read as the lexicon's plain "positive" or "negative" result cue.
/// A lone dash is a sign only after a space and before a list's comma,
/// semicolon or end ("Ro-52", "Jo-1", "HLA-B27" are names), and not in a
/// table, where a dash is a cell left empty.
fn sign_after<'d>(ctx: &Ctx<'d, '_>, end: usize) -> Option<CueHit<'d>> {
    let rest = ctx.text(end, ctx.v.s.end);
    let gap = rest.len() - rest.trim_start_matches(' ').len();
    let table = ctx.v.origin() == Some(casecourse_model::Origin::Table);
    let (positive, len) = if let Some(len) = plus_grade(&rest[gap..]).map(|(len, _)| len) {
        (true, len)
    } else if rest[gap..].starts_with("(-)") {
        (false, 3)
    } else if gap > 0 && !table && lone_dash(&rest[gap..]) {
        (false, 1)
    } else {
        return None;
    };
    let cue = plain_result(ctx, positive)?;
    Some(CueHit {
        start: end + gap,
        end: end + gap + len,
        cue,
    })
}

/// A dash that stands for a negative result: alone, then the end of the
/// text or a list's comma, semicolon or full stop.
fn lone_dash(text: &str) -> bool {
    text.strip_prefix('-').is_some_and(|after| {
        after
            .trim_start_matches(' ')
            .chars()
            .next()
            .is_none_or(|c| matches!(c, ',' | ';' | '.' | '\n'))
    })
}

/// A positive result written as pluses at the start of `text`: "+",
/// "+++", "3+", "(++)", "(3+)", with the sign's length and the count of
/// pluses it stands for (1 to 4), when a word does not go on after it.
fn plus_grade(text: &str) -> Option<(usize, usize)> {
    let b = text.as_bytes();
    let open = usize::from(b.first() == Some(&b'('));
    let body = &b[open..];
    let pluses = body.iter().take_while(|&&c| c == b'+').count();
    let (count, mut len) = match (pluses, body.first()) {
        (1..=4, _) => (pluses, pluses),
        (0, Some(d @ b'1'..=b'4')) if body.get(1) == Some(&b'+') => (usize::from(d - b'0'), 2),
        _ => return None,
    };
    if body.get(len) == Some(&b'+') {
        return None;
    }
    if open == 1 {
        if body.get(len) != Some(&b')') {
            return None;
        }
        len += 1;
    }
    let len = open + len;
    let goes_on = b.get(len).is_some_and(|c| c.is_ascii_alphanumeric());
    (!goes_on).then_some((len, count))
}

/// The strength a plus grade tells: two pluses moderate, three or four
/// strong (the semi-quantitative grades of line immunoassays, read as a
/// clinician reads them). One plus says positive and no more ("HBsAg +").
fn plus_strength(count: usize) -> Option<&'static str> {
    match count {
        0 | 1 => None,
        2 => Some("moderate"),
        _ => Some("strong"),
    }
}

/// "Antibodies were negative except for anti-MDA5": a negative result
/// said before the test, with an exception between, excepts the test: it
/// was positive.
fn excepted<'d>(ctx: &Ctx<'d, '_>, r: CueHit<'d>, test_start: usize) -> CueHit<'d> {
    if r.end > test_start || r.cue.value.as_deref() != Some("negative") {
        return r;
    }
    let gap = ctx.doc.lower_text(r.end, test_start);
    let except = [
        "except",
        "apart from",
        "other than",
        "with the exception of",
        "save for",
    ]
    .iter()
    .any(|w| gap.contains(w));
    if !except {
        return r;
    }
    let positive = ctx
        .doc
        .lex
        .cues
        .iter()
        .find(|c| c.phrase == "positive" && c.role == "result-positive");
    positive.map_or(r, |cue| CueHit { cue, ..r })
}

/// A positive result word that a negative result follows ("yielded no
/// growth", "grew no organisms") reports the negative one.
fn negated_result<'d>(ctx: &Ctx<'d, '_>, c: CueHit<'d>) -> CueHit<'d> {
    if c.cue.value.as_deref() != Some("positive") {
        return c;
    }
    // A result word is the result ("Anti-Ro52 antibody  Positive
    // Negative": the next cell is the reference column's), only a verb of
    // yield ("yielded", "grew") waits for its object.
    let said = ctx.doc.lower_text(c.start, c.end);
    if ["positiv", "detected", "reactive", "present", "+"]
        .iter()
        .any(|w| said.contains(w))
    {
        return c;
    }
    ctx.v
        .cues
        .iter()
        .find(|n| {
            n.cue.role == "result-negative"
                && n.start > c.start
                && n.start <= c.end + 12
                // "yielded negative", "yielded a negative result", "came
                // back as negative": only an article or "as" between.
                && ctx
                    .doc
                    .lower_text(c.end, n.start)
                    .split_whitespace()
                    .all(|w| matches!(w, "a" | "an" | "as"))
        })
        .copied()
        .unwrap_or(c)
}

/// The specimen named just before a test ("sputum culture", "BAL
/// galactomannan"), unless another test comes between ("a nasopharyngeal
/// SARS-CoV-2 PCR ... and an interferon-gamma release assay").
fn specimen_before(ctx: &Ctx, lo: usize, pos: usize) -> Option<(String, usize, usize)> {
    let c = ctx
        .v
        .cues_with("specimen")
        .filter(|c| c.start >= lo && c.end <= pos && pos - c.end < 40)
        .last()?;
    // "Blood and urine cultures", "blood cultures and a SARS-CoV-2 PCR":
    // a specimen inside the words of a test whose name holds it is that
    // test's own ("BAL galactomannan and Aspergillus PCR" share theirs).
    let spec = ctx.text(c.start, c.end);
    let owns = |x: &crate::matcher::Mention| {
        x.cat == Cat::Micro
            && x.start <= c.start
            && x.end >= c.end
            && contains_ignore_case(&ctx.doc.lex.microbiology[x.idx].name, spec)
    };
    if ctx.v.mentions.iter().any(owns) {
        return None;
    }
    // "sputum bacterial and fungal cultures": a list shares its specimen.
    let other_test =
        ctx.v.mentions.iter().rfind(|x| {
            x.start >= c.end && x.end <= pos && matches!(x.cat, Cat::Micro | Cat::Antibody)
        });
    let listed = other_test.is_none_or(|x| {
        matches!(
            ctx.text(x.end, pos).trim(),
            "," | "and" | "or" | ", and" | ", or" | "/" | "and/or"
        )
    });
    listed.then(|| (ctx.text(c.start, c.end).to_string(), c.start, c.end))
}

/// Where the first mention after `m` that `is_next` accepts starts, or
/// `hi`.
/// The end of the closing bracket when test `m` is named again right after
/// itself in brackets ("rheumatoid factor (RF)", "anti-MDA5 antibody
/// (anti-MDA5)").
fn repeat_in_brackets(
    ctx: &Ctx,
    mentions: &[crate::matcher::Mention],
    m: crate::matcher::Mention,
) -> Option<usize> {
    let after = ctx.text_after(m.end, 4);
    let open = m.end + after.find('(').filter(|&i| after[..i].trim().is_empty())?;
    let repeat = mentions
        .iter()
        .find(|x| x.start > open && x.start <= open + 2 && x.cat == m.cat && x.idx == m.idx)?;
    let rest = ctx.text_after(repeat.end, 3);
    let close = rest.find(')').filter(|&i| rest[..i].trim().is_empty())?;
    Some(repeat.end + close + 1)
}

fn next_start(
    ctx: &Ctx,
    m: crate::matcher::Mention,
    hi: usize,
    is_next: impl Fn(&crate::matcher::Mention) -> bool,
) -> usize {
    ctx.v
        .mentions
        .iter()
        .filter(|x| x.start > m.end && x.start < hi)
        .find(|x| is_next(x))
        .map_or(hi, |x| x.start)
}

fn contains_ignore_case(hay: &str, needle: &str) -> bool {
    hay.to_ascii_lowercase()
        .contains(&needle.to_ascii_lowercase())
}

/// Where an organism written as the subject of its isolation was isolated:
/// a test's mention (by its start) or a specimen's words.
#[derive(Clone, Copy)]
enum Isolated {
    Test(usize),
    Specimen(usize, usize),
}

/// "Pseudomonas aeruginosa was isolated from sputum", "MRSA was grown from
/// a wound swab", "Nocardia was identified by 16S rRNA sequencing": an
/// organism that is the subject of "was isolated|grown|cultured|recovered|
/// identified|detected from|in|by" names where it was found, within a few
/// words. Only a culture's verb makes a culture of a bare specimen ("CMV was
/// detected in blood" is no blood culture); an organism a drug covers or a
/// differential names has no such verb.
fn isolated_from(ctx: &Ctx, org: crate::matcher::Mention) -> Option<Isolated> {
    const CULTURED: &[&str] = &["isolated", "grown", "cultured", "recovered"];
    let hi = ctx.clause_end(org.end);
    let mut rest = ctx.doc.lower_text(org.end, hi);
    // "Haemophilus influenzae (beta-lactamase negative) was cultured".
    if let Some(inner) = rest.trim_start().strip_prefix('(') {
        rest = &inner[inner.find(')')? + 1..];
    }
    let base = hi - rest.len();
    let mut words = rest
        .split_whitespace()
        .map(|w| (base + (w.as_ptr() as usize - rest.as_ptr() as usize), w));
    let mut word = words.next()?.1;
    if !matches!(word, "was" | "were" | "is" | "are" | "has" | "have" | "had") {
        return None;
    }
    word = words.next()?.1;
    if word == "been" {
        word = words.next()?.1;
    }
    if matches!(word, "also" | "subsequently" | "later" | "again" | "then") {
        word = words.next()?.1;
    }
    let cultured = CULTURED.contains(&word);
    if !cultured && !matches!(word, "identified" | "detected") {
        return None;
    }
    let (at, prep) = words.next()?;
    if !matches!(prep, "from" | "in" | "on" | "by") {
        return None;
    }
    // Where the words after the preposition start.
    let at = at + prep.len();
    // A few plain words may come between: "from both sets of", "from a".
    let near = |start: usize| {
        let gap = ctx.doc.lower_text(at, start);
        start >= at
            && gap.split_whitespace().count() <= 3
            && !gap.contains(|c: char| c.is_ascii_digit() || matches!(c, ',' | '(' | ')'))
    };
    let test = ctx
        .v
        .mentions
        .iter()
        .filter(|x| x.start >= at && x.end <= hi && x.cat == Cat::Micro)
        .find(|x| ctx.doc.lex.microbiology[x.idx].group.as_deref() != Some("organism"))
        .filter(|x| near(x.start));
    if let Some(t) = test {
        return Some(Isolated::Test(t.start));
    }
    if !cultured || prep == "by" {
        return None;
    }
    ctx.v
        .cues_with("specimen")
        .find(|c| c.start >= at && c.end <= hi)
        .filter(|c| near(c.start))
        .map(|c| Isolated::Specimen(c.start, c.end))
}

/// "Sputum" at folded `[a, b)` names the specimen here, not a symptom:
/// the mentions on its words are claimed.
fn claim_specimen_words(ctx: &mut Ctx, a: usize, b: usize) {
    let words: Vec<usize> = ctx
        .v
        .mentions
        .iter()
        .filter(|x| x.start < b && x.end > a)
        .map(|x| x.start)
        .collect();
    ctx.claimed.extend(words);
}

/// A specimen as a test's name carries it: "BAL" and "CSF" as written,
/// "Sputum" lowercased.
fn specimen_as_named(spec: String) -> String {
    if spec.bytes().all(|c| c.is_ascii_uppercase()) {
        spec
    } else {
        spec.to_ascii_lowercase()
    }
}

/// The culture of a specimen an organism was isolated from: the lexicon's
/// "<specimen> culture" when it has one ("sputum" gives the sputum
/// bacterial culture), else a culture named by its specimen ("wound
/// culture"), with the organism as its result.
fn specimen_culture(ctx: &mut Ctx, org: crate::matcher::Mention, a: usize, b: usize) {
    let result = ctx.doc.lex.microbiology[org.idx].name.clone();
    culture_of_specimen(ctx, (a, b), result, Span::new(org.start, org.end));
}

/// The culture of the specimen at `[a, b)` (see [`specimen_culture`]),
/// with `result` read at `said`.
fn culture_of_specimen(ctx: &mut Ctx, (a, b): (usize, usize), result: String, said: Span) {
    let lex = ctx.doc.lex;
    let spec = ctx.text(a, b).to_string();
    let wanted = format!("{spec} culture");
    let named = lex.microbiology.iter().find(|t| {
        t.group.as_deref() == Some("test")
            && t.aliases.iter().any(|x| x.eq_ignore_ascii_case(&wanted))
    });
    let generic = lex.microbiology.iter().find(|t| t.name == "culture");
    let (name, term) = match (named, generic) {
        (Some(t), _) => (t.name.clone(), t),
        (None, Some(t)) => (format!("{} culture", specimen_as_named(spec)), t),
        (None, None) => return,
    };
    claim_specimen_words(ctx, a, b);
    let mut f = ctx.fact(Kind::Microbiology, &name, a, b);
    super::terms::code(&mut f, term);
    f.result = Some(result);
    f.spans.push(said);
    f.set_part(PartRole::Value, said);
    ctx.out.push(f);
}

/// "Pleural fluid was sterile", "the CSF remained sterile": a specimen
/// called sterile, with no test named in its clause, is its culture and
/// that culture was negative.
fn sterile_specimens(ctx: &mut Ctx) {
    const BETWEEN: &[&str] = &[
        "was", "were", "is", "are", "remained", "remains", "also", "all", "found", "to", "be",
    ];
    let sterile: Vec<(usize, usize, usize, usize)> = ctx
        .v
        .cues
        .iter()
        .filter(|c| c.cue.phrase == "sterile" && c.cue.role == "result-negative")
        .filter_map(|c| {
            let lo = ctx.clause_start(c.start);
            let s = ctx
                .v
                .cues_with("specimen")
                .filter(|s| s.start >= lo && s.end <= c.start)
                .last()?;
            let words = ctx.doc.lower_text(s.end, c.start);
            let plain =
                !words.trim().is_empty() && words.split_whitespace().all(|w| BETWEEN.contains(&w));
            let tested = ctx.v.mentions.iter().any(|x| {
                matches!(x.cat, Cat::Micro | Cat::Antibody) && x.start >= lo && x.end <= c.end
            });
            (plain && !tested).then_some((s.start, s.end, c.start, c.end))
        })
        .collect();
    for (a, b, c0, c1) in sterile {
        culture_of_specimen(ctx, (a, b), "negative".into(), Span::new(c0, c1));
    }
}

/// Whether the words in `[from, to)` only lead to what a culture reports:
/// a colon, a findings verb, a colony count ("10^6 CFU/mL"), the specimen
/// ("mNGS of BAL fluid identified").
fn plain_words(ctx: &Ctx, from: usize, to: usize) -> bool {
    const BETWEEN: &[&str] = &[
        "showed",
        "shows",
        "show",
        "revealed",
        "reveals",
        "identified",
        "demonstrated",
        "disclosed",
        "yielded",
        "grew",
        "was",
        "were",
        "of",
        "a",
        "an",
        "the",
        "fluid",
        "pure",
        "heavy",
        "cfu/ml",
        "cfu",
        "colonies",
    ];
    let mut words = String::new();
    let mut at = from;
    let skipped = ctx
        .v
        .quantities
        .iter()
        .map(|q| (q.start, q.end))
        .chain(ctx.v.cues_with("specimen").map(|c| (c.start, c.end)))
        .filter(|&(a, b)| a >= from && b <= to);
    let mut skipped: Vec<_> = skipped.collect();
    skipped.sort_unstable();
    for (a, b) in skipped {
        words.push_str(ctx.doc.lower_text(at, a.max(at)));
        words.push(' ');
        at = at.max(b);
    }
    words.push_str(ctx.doc.lower_text(at, to));
    let count = |w: &str| {
        w.bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'^' | b',' | b'.' | b'x'))
    };
    words
        .split(|c: char| c.is_whitespace() || matches!(c, ':' | '>' | '<' | '~' | '='))
        .filter(|w| !w.is_empty())
        .all(|w| BETWEEN.contains(&w) || count(w))
}

/// "Urine grew >100,000 CFU/mL of Candida albicans", "Endotracheal aspirate
/// grew 10^6 CFU/mL Acinetobacter baumannii": a specimen with no test named
/// that grew an organism is that specimen's culture.
fn grown_by_specimen(ctx: &Ctx, org: crate::matcher::Mention) -> Option<Isolated> {
    let lo = ctx.clause_start(org.start);
    let s = ctx
        .v
        .cues_with("specimen")
        .filter(|c| c.start >= lo && c.end <= org.start)
        .last()?;
    let test_between = ctx.v.mentions.iter().any(|x| {
        matches!(x.cat, Cat::Micro | Cat::Antibody) && x.start >= s.end && x.end <= org.start
    });
    let verb = ctx.doc.lower_text(s.end, org.start).trim_start();
    let grew = ["grew ", "yielded "].iter().any(|w| verb.starts_with(w));
    (!test_between && grew && plain_words(ctx, s.end, org.start))
        .then_some(Isolated::Specimen(s.start, s.end))
}

/// The lexicon's plain "positive" result, read at `[start, end)`.
fn positive_at<'d>(ctx: &Ctx<'d, '_>, start: usize, end: usize) -> Option<CueHit<'d>> {
    let cue = ctx
        .doc
        .lex
        .cues
        .iter()
        .find(|c| c.phrase == "positive" && c.role == "result-positive")?;
    Some(CueHit { start, end, cue })
}

/// "Sputum culture showed Streptococcus pneumoniae", "Blood cultures:
/// Staphylococcus aureus", "Urine culture: >10^5 CFU/mL E. coli", "BCx 2/2
/// GPC in clusters -> MSSA": a culture without a result word reports the
/// organism that is the first thing named after it in its clause, reached
/// past only a colon, a findings verb or a colony count (or anything before
/// an arrow). Read as a positive result at the organism, which
/// `organism_after` then names. "showed no Staphylococcus aureus" and
/// "negative for" keep their own words: no organism is reached past them.
fn organism_reported<'d>(ctx: &Ctx<'d, '_>, end: usize, hi: usize) -> Option<CueHit<'d>> {
    let text = ctx.doc.lower_text(end, hi);
    let from = ["->", "→", "=>"]
        .iter()
        .filter_map(|a| text.rfind(a).map(|i| end + i + a.len()))
        .max()
        .unwrap_or(end);
    let next = ctx
        .v
        .mentions
        .iter()
        .filter(|x| x.start >= from && x.end <= hi)
        // The specimen's own words ("BAL fluid") are none of its findings.
        .filter(|x| {
            !ctx.v
                .cues_with("specimen")
                .any(|c| c.start <= x.start && c.end >= x.start)
        })
        .min_by_key(|x| (x.start, std::cmp::Reverse(x.end)))?;
    let is_organism = next.cat == Cat::Micro
        && ctx.doc.lex.microbiology[next.idx].group.as_deref() == Some("organism");
    if !is_organism {
        return None;
    }
    if !plain_words(ctx, from, next.start) {
        return None;
    }
    positive_at(ctx, next.start, next.end)
}

fn organism_after(ctx: &Ctx, from: usize, to: usize) -> Option<String> {
    ctx.v
        .mentions
        .iter()
        .find(|m| {
            m.cat == Cat::Micro
                && m.start >= from
                && m.end <= to
                && ctx.doc.lex.microbiology[m.idx].group.as_deref() == Some("organism")
        })
        .map(|m| ctx.doc.lex.microbiology[m.idx].name.clone())
}

/// A titre: "1:640", "1/320", "1 in 320" (see `find_titre`).
pub fn titre_pattern() -> regex::Regex {
    regex::Regex::new(r"\b1\s*(?::\s*\d{1,6}|/\s*\d{2,6}|\s+in\s+\d{2,6})\b")
        .expect("titre pattern")
}

/// The first titre in `text`: where it stands and its "1:N". A titre
/// written "1/320" or "1 in 320" is one only when N is a dilution of a
/// doubling or tenfold series (factors 2 and 5 alone, at least 10) and no
/// date goes on: "1/12/2020", "1/52" (a week) and "1 in 3" are none.
fn find_titre(re: &regex::Regex, text: &str) -> Option<(usize, usize, String)> {
    re.find_iter(text).find_map(|t| {
        let s = t.as_str();
        let n: u64 = s
            .rsplit(|c: char| !c.is_ascii_digit())
            .next()?
            .parse()
            .ok()?;
        let mut rest = n;
        while rest > 0 && rest.is_multiple_of(2) {
            rest /= 2;
        }
        while rest > 0 && rest.is_multiple_of(5) {
            rest /= 5;
        }
        let date_goes_on = matches!(text[t.end()..].chars().next(), Some('/' | '.' | '-'));
        let colon = s.contains(':');
        (colon || (rest == 1 && n >= 10 && !date_goes_on))
            .then(|| (t.start(), t.end(), format!("1:{n}")))
    })
}

fn titre(ctx: &Ctx, lo: usize, hi: usize) -> Option<String> {
    find_titre(&ctx.doc.shapes.titre, ctx.text(lo, hi)).map(|(_, _, t)| t)
}
