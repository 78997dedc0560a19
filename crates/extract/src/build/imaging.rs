//! Imaging studies: modality, findings and impression.

use casecourse_model::Kind;

use super::Ctx;
use crate::context::assert_mention;
use crate::matcher::{Cat, Mention};

/// Name of a fact that only carries an impression for the study before it
/// ("These findings indicated advancing fibrosis."); reconcile merges it.
pub const CONTINUATION: &str = "(imaging continued)";

const STOP: &[&str] = &[
    "and",
    "or",
    "with",
    "of",
    "by",
    "the",
    "a",
    "an",
    "in",
    "showed",
    "revealed",
    "demonstrated",
    "disclosed",
    "was",
    "were",
    "which",
    "that",
    "as",
    "on",
    "at",
    "to",
    "characterized",
    "characterised",
    "but",
    "scans",
    "scan",
    "ct",
    "hrct",
    "indicate",
    "indicating",
];

/// Reads the imaging studies of the sentence.
pub fn imaging(ctx: &mut Ctx) {
    let modalities: Vec<Mention> = ctx.free_of(&[Cat::Imaging]);
    if modalities.is_empty() {
        continuation(ctx);
        return;
    }
    for (i, m) in modalities.iter().enumerate() {
        // "High-resolution computed tomography (HRCT)": one study.
        if i > 0
            && modalities[i - 1].idx == m.idx
            && ctx.text(modalities[i - 1].end, m.start).trim() == "("
        {
            ctx.claimed.insert(m.start);
            continue;
        }
        let until = modalities
            .iter()
            .skip(i + 1)
            .find(|n| n.idx != m.idx)
            .map_or(ctx.v.s.end, |n| n.start);
        let t = &ctx.doc.lex.imaging[m.idx];
        // A tracing (the ECG) is read like a study; its report is a finding.
        let kind = if t.group.as_deref() == Some("tracing") {
            Kind::Finding
        } else {
            Kind::Imaging
        };
        let mut f = ctx.fact(kind, &t.name, m.start, m.end);
        // "temporal artery ultrasound": the body part names the study.
        super::terms::with_name_words(&mut f, super::terms::name_words(ctx, m, &t.name));
        super::terms::code(&mut f, t);
        f.findings = findings(ctx, m.end, until);
        f.impression = impression(ctx, m.end, until, f.findings.is_empty()).or_else(|| {
            (f.findings.is_empty() && super::procedures::said_normal(ctx, m.end, until))
                .then(|| "normal".to_string())
        });
        ctx.claimed.insert(m.start);
        ctx.out.push(f);
    }
}

/// Findings named between `from` and `to`, each with the words that
/// qualify it ("diffuse bilateral ground-glass opacities").
fn findings(ctx: &mut Ctx, from: usize, to: usize) -> Vec<String> {
    let lex = ctx.doc.lex;
    let ms: Vec<Mention> = ctx
        .v
        .mentions
        .iter()
        .filter(|x| {
            x.cat == Cat::Finding
                && x.start >= from
                && x.end <= to
                && lex.findings[x.idx].group.as_deref() != Some("exam")
        })
        .copied()
        .collect();
    let mut out = Vec::new();
    for x in ms {
        if ctx.claimed.contains(&x.start) {
            continue;
        }
        ctx.claimed.insert(x.start);
        let lo = modifiers_start(ctx, from, x.start);
        let mut phrase = ctx.text(lo, x.end).trim().to_string();
        if assert_mention(&ctx.doc.folded.text, x.start, x.end, &ctx.v.hits).negated {
            // "No pneumothorax": the negation may already be among the
            // qualifying words; it is written once.
            let bare = ["no ", "without "]
                .iter()
                .find_map(|w| {
                    phrase
                        .get(..w.len())
                        .filter(|p| p.eq_ignore_ascii_case(w))
                        .map(|_| phrase[w.len()..].to_string())
                })
                .unwrap_or_else(|| phrase.clone());
            phrase = format!("no {bare}");
        }
        if !out.contains(&phrase) {
            out.push(phrase);
        }
    }
    out
}

/// Start of up to three qualifying words before a finding.
fn modifiers_start(ctx: &Ctx, floor: usize, start: usize) -> usize {
    let mut lo = start;
    for _ in 0..3 {
        let before = ctx.text(floor, lo).trim_end();
        let Some(word_start) = before.rfind([' ', ',', '(']).map(|i| i + 1).or(Some(0)) else {
            break;
        };
        let word = &before[word_start..];
        // "a 2 cm cyst", "a 4.7 cm-sized mass": a word after a number is
        // its unit, not a quality of the finding.
        let unit = before[..word_start]
            .trim_end()
            .ends_with(|c: char| c.is_ascii_digit());
        if word.is_empty()
            || unit
            || STOP.contains(&word.to_ascii_lowercase().as_str())
            || !word.chars().all(|c| c.is_ascii_lowercase() || c == '-')
        {
            break;
        }
        lo = floor + word_start;
    }
    lo
}

/// The reading after "consistent with", "indicating"...; without one and
/// without findings, what the study "showed".
fn impression(ctx: &mut Ctx, from: usize, to: usize, no_findings: bool) -> Option<String> {
    let cue = ctx
        .v
        .cues_with("impression")
        .find(|c| c.start >= from && c.end <= to)
        .copied();
    let start = match cue {
        Some(c) => c.end,
        None if no_findings => {
            ctx.v
                .cues_with("findings-verb")
                .find(|c| c.start >= from && c.end <= to)?
                .end
        }
        None => return None,
    };
    let text = ctx.text(start, to).to_string();
    let stop = text.find(['(', ',', ';', '.']).unwrap_or(text.len());
    // "CT showed that the ascites had decreased": the clause is the
    // impression, not its "that".
    let phrase = text[..stop].trim();
    let phrase = phrase.strip_prefix("that ").unwrap_or(phrase);
    // The conditions named in the impression belong to it, not to the
    // diagnoses.
    // A bracketed abbreviation right after the impression is part of it.
    let mut reach = start + stop;
    if text[stop..].starts_with('(') {
        reach = start + text[stop..].find(')').map_or(stop, |i| stop + i + 1);
    }
    let claimed: Vec<usize> = ctx
        .v
        .mentions
        .iter()
        .filter(|m| {
            m.start >= start
                && m.end <= reach
                && matches!(m.cat, Cat::Condition | Cat::Finding | Cat::Symptom)
        })
        .map(|m| m.start)
        .collect();
    ctx.claimed.extend(claimed);
    (!phrase.is_empty()).then(|| phrase.to_string())
}

/// "These findings indicated advancing interstitial fibrosis": an
/// impression for the study of the sentence before.
fn continuation(ctx: &mut Ctx) {
    // The sentence's few cues first: three substring searches of every
    // sentence without a study cost more than the rest of this builder.
    let Some(cue) = ctx.v.cues_with("impression").next().copied() else {
        return;
    };
    let s = ctx.doc.lower_text(ctx.v.s.start, ctx.v.s.end);
    if !(s.contains("these findings") || s.contains("these changes") || s.contains("this finding"))
    {
        return;
    }
    let Some(im) = impression(ctx, cue.start, ctx.v.s.end, false) else {
        return;
    };
    let mut f = ctx.fact(Kind::Imaging, CONTINUATION, cue.start, cue.end);
    f.impression = Some(im);
    ctx.out.push(f);
}

/// "Repeat CT showed marked regression": a study named only by its
/// modality (a lexicon entry of region "unspecified") is the study of that
/// modality the text named earlier with its region ("CT chest"), when the
/// text named only one region for it so far; with two ("CT chest", then
/// "CT abdomen") the bare name stays. A study is of the modality when one
/// of its names holds the bare entry's name or abbreviation as a word
/// ("high-resolution CT").
pub fn name_repeat_studies(
    lex: &casecourse_knowledge::Lexicon,
    marks: &std::sync::OnceLock<Vec<Vec<usize>>>,
    facts: &mut [casecourse_model::Fact],
) {
    let bare = bare_studies(lex);
    // Most texts name no study by its modality alone: nothing to rename.
    let named_bare = |f: &casecourse_model::Fact| {
        f.kind == Kind::Imaging && bare.iter().any(|t| t.name == f.name)
    };
    if !facts.iter().any(named_bare) {
        return;
    }
    let marks = marks.get_or_init(|| modalities(lex));
    // The one study named with its region, per bare entry; `Err` once a
    // second region is named.
    let mut latest: Vec<Result<Option<String>, ()>> = vec![Ok(None); bare.len()];
    for f in facts.iter_mut().filter(|f| f.kind == Kind::Imaging) {
        if let Some(k) = bare.iter().position(|t| t.name == f.name) {
            if let Ok(Some(name)) = &latest[k] {
                f.name = name.clone();
            }
            continue;
        }
        let Some(i) = lex.imaging.iter().position(|t| t.name == f.name) else {
            continue;
        };
        let t = &lex.imaging[i];
        for &k in &marks[i] {
            latest[k] = match &latest[k] {
                Ok(None) => Ok(Some(t.name.clone())),
                Ok(Some(n)) if *n == t.name => Ok(Some(t.name.clone())),
                _ => Err(()),
            };
        }
    }
}

/// The lexicon's studies named by their modality alone (region
/// "unspecified").
fn bare_studies(lex: &casecourse_knowledge::Lexicon) -> Vec<&casecourse_knowledge::Term> {
    lex.imaging
        .iter()
        .filter(|t| t.group.as_deref() == Some("unspecified"))
        .collect()
}

/// For each imaging entry of `lex`, the bare entries (by their place in
/// [`bare_studies`]) whose modality it is of: one of its names holds the
/// bare entry's name or abbreviation as a word. It depends on the lexicon
/// alone, so an extractor works it out once (comparing every name with
/// every mark for each study of each text cost ≈4 M instructions per pass
/// over MACCROBAT).
pub fn modalities(lex: &casecourse_knowledge::Lexicon) -> Vec<Vec<usize>> {
    let has_word = |hay: &str, word: &str| {
        hay.split(|c: char| !c.is_alphanumeric())
            .any(|w| w.eq_ignore_ascii_case(word))
            || (word.contains(' ')
                && hay
                    .to_ascii_lowercase()
                    .contains(&word.to_ascii_lowercase()))
    };
    let bare = bare_studies(lex);
    lex.imaging
        .iter()
        .map(|t| {
            let names = || t.names();
            (0..bare.len())
                .filter(|&k| {
                    let b = bare[k];
                    let mut marks = std::iter::once(&b.name).chain(&b.abbreviations);
                    marks.any(|m| names().any(|n| has_word(n, m)))
                })
                .collect()
        })
        .collect()
}
