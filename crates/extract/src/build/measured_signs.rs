//! Examination findings measured with a number: the jugular venous
//! pressure ("JVP raised at 7 cm above the sternal angle", "JVP 12 cm
//! H2O"), a liver or spleen felt below the costal margin ("liver edge
//! palpable 3 cm below the right costal margin": a palpable liver edge of
//! 3 cm; a spleen felt so is splenomegaly) and
//! visual acuity on a Snellen chart ("visual acuity was 6/60 in the right
//! eye and 6/6 in the left eye").
//!
//! The signs and organs are cues (`measured-sign`, `palpable-organ`,
//! `costal-margin` in cues.toml); this module reads the number that goes
//! with them. A finding already read from the same words (the
//! site–state reading of "JVP raised", the term "hepatomegaly") takes the
//! number as its value instead of gaining a twin.

use casecourse_model::{Fact, Kind, PartRole, Span, Value};

use super::Ctx;
use crate::doc::CueHit;

/// Words that may stand between a sign and its number: "JVP *was raised
/// at* 7 cm", "visual acuity *of the left eye was* 20/200", "*had
/// recovered to* 20/40".
const LINKS: &[&str] = &[
    "was",
    "is",
    "were",
    "are",
    "raised",
    "elevated",
    "measured",
    "at",
    "to",
    "of",
    "in",
    "the",
    "left",
    "right",
    "eye",
    "both",
    "eyes",
    "had",
    "has",
    "recovered",
    "improved",
    "unchanged",
    "remained",
    "now",
    "reduced",
    "fell",
    "dropped",
];

/// How many linking words a number may sit behind.
const MAX_LINKS: usize = 6;

/// Words between an organ and "below the costal margin": "liver *edge
/// palpable* 3 cm below", "spleen *was palpable* 4 cm below", "*tender*
/// hepatomegaly 4 cm below".
const ORGAN_GAP_WORDS: usize = 5;

/// Reads the sentence's measured signs.
pub fn measured_signs(ctx: &mut Ctx) {
    let signs: Vec<CueHit> = ctx.v.cues_with("measured-sign").copied().collect();
    for sign in signs {
        let Some(name) = sign.cue.value.clone() else {
            continue;
        };
        if name == "visual acuity" {
            acuities(ctx, &sign, &name);
        } else if let Some((from, to, number, unit)) = number_after(ctx, sign.end) {
            put(
                ctx,
                &name,
                &sign,
                (from, to),
                Value::Number(number),
                Some(unit),
            );
        }
    }
    let margins: Vec<CueHit> = ctx.v.cues_with("costal-margin").copied().collect();
    for margin in margins {
        organ_below(ctx, &margin);
    }
}

/// A word without the punctuation that closes it ("cm," "eye)").
fn bare(word: &str) -> &str {
    word.trim_end_matches([',', '.', ';', ')'])
}

/// The words after `pos` as (start, end) byte ranges, up to the clause end.
fn words_after(ctx: &Ctx, pos: usize) -> Vec<(usize, usize)> {
    let end = ctx.clause_end(pos).min(ctx.v.s.end);
    let text = ctx.text(pos, end).as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < text.len() {
        if text[i].is_ascii_whitespace() {
            i += 1;
            continue;
        }
        let start = i;
        while i < text.len() && !text[i].is_ascii_whitespace() {
            i += 1;
        }
        out.push((pos + start, pos + i));
    }
    out
}

/// A number of centimetres after the sign behind at most `MAX_LINKS`
/// linking words: the number's range, its value and its UCUM unit ("cm",
/// or "cm[H2O]" when the text says "cm H2O" or "cm of water").
fn number_after(ctx: &Ctx, pos: usize) -> Option<(usize, usize, f64, String)> {
    let words = words_after(ctx, pos);
    let lower = |(a, b): (usize, usize)| ctx.doc.lower_text(a, b);
    for (k, &w) in words.iter().enumerate().take(MAX_LINKS + 1) {
        let word = bare(lower(w));
        if let Some(n) = leading_number(word) {
            let len = number_len(word);
            // "8-10 cm": a range is not one reading.
            if word[len..].starts_with(['-', '/']) {
                return None;
            }
            let glued = &word[len..];
            let (unit_word, next) = if glued.is_empty() {
                (words.get(k + 1).map(|&u| lower(u)), k + 2)
            } else {
                (Some(glued), k + 1)
            };
            let unit_word = bare(unit_word?);
            let water_glued = unit_word == "cmh2o" || unit_word == "cmh₂o";
            if unit_word != "cm" && !water_glued {
                return None;
            }
            let water = water_glued
                || words.get(next).map(|&u| lower(u)).is_some_and(|u| {
                    let u = bare(u);
                    u == "h2o"
                        || u == "h₂o"
                        || u == "of"
                            && words
                                .get(next + 1)
                                .is_some_and(|&v| lower(v).starts_with("water"))
                });
            let unit = if water { "cm[H2O]" } else { "cm" };
            return Some((w.0, w.0 + len, n, unit.to_string()));
        }
        if !LINKS.contains(&word) {
            return None;
        }
    }
    None
}

/// The number a word starts with ("7", "2.5", "12cm").
fn leading_number(word: &str) -> Option<f64> {
    let len = number_len(word);
    (len > 0).then(|| word[..len].parse().ok()).flatten()
}

/// How many bytes of `word` make its leading number.
fn number_len(word: &str) -> usize {
    let b = word.as_bytes();
    let mut i = 0;
    while i < b.len()
        && (b[i].is_ascii_digit()
            || b[i] == b'.' && i > 0 && b.get(i + 1).is_some_and(u8::is_ascii_digit))
    {
        i += 1;
    }
    i
}

/// A Snellen fraction: metric at 6 metres ("6/9", "6/7.5", "6/60"),
/// imperial at 20 feet ("20/200"), or a chart read closer than 6 metres
/// ("3/60", "1/60"). Other fractions ("2/52", "3/12") are times.
fn snellen(word: &str) -> Option<&str> {
    let word = bare(word);
    let (a, b) = word.split_once('/')?;
    let number = |s: &str| {
        !s.is_empty() && s.len() <= 4 && s.bytes().all(|c| c.is_ascii_digit() || c == b'.')
    };
    // The lines of the charts: "6/52" (six weeks) or "6/7" (six days) is
    // no line of either.
    const METRIC: &[&str] = &[
        "3", "4", "5", "6", "7.5", "9", "12", "18", "24", "36", "48", "60",
    ];
    const IMPERIAL: &[&str] = &[
        "10", "12.5", "13", "15", "16", "20", "25", "30", "32", "40", "50", "60", "63", "70", "80",
        "100", "125", "160", "200", "250", "400",
    ];
    let chart = a == "6" && METRIC.contains(&b)
        || a == "20" && IMPERIAL.contains(&b)
        || b == "60" && matches!(a, "1" | "2" | "3" | "4" | "5");
    (chart && number(b)).then_some(word)
}

/// "Visual acuity was 6/60 in the right eye and 6/6 in the left eye": each
/// fraction of the clause, behind linking words, with the eye named next
/// to it as its site.
fn acuities(ctx: &mut Ctx, sign: &CueHit, name: &str) {
    let words = words_after(ctx, sign.end);
    let lower = |(a, b): (usize, usize)| ctx.doc.lower_text(a, b).to_string();
    let mut found: Vec<((usize, usize), String, Option<String>)> = Vec::new();
    let mut links = 0;
    let mut previous: Option<usize> = None;
    for (k, &w) in words.iter().enumerate() {
        let word = lower(w);
        if let Some(fraction) = snellen(&word) {
            let len = fraction.len();
            found.push((
                (w.0, w.0 + len),
                fraction.to_string(),
                eye_near(&words, k, previous, &lower),
            ));
            previous = Some(k);
            links = 0;
            continue;
        }
        let plain = bare(&word);
        // "unchanged at 6/9", but "6/9 at 2/52" is a time after the
        // acuity, not a second one.
        if plain == "at" && previous.is_some() {
            break;
        }
        // "at 6/52 was 6/9": a UK time is passed over like a link word.
        let time_fraction = plain.split_once('/').is_some_and(|(a, b)| {
            !a.is_empty()
                && !b.is_empty()
                && (a.to_string() + b).bytes().all(|c| c.is_ascii_digit())
        });
        if LINKS.contains(&plain) || plain == "and" || plain == "with" || time_fraction {
            links += 1;
            if links > MAX_LINKS {
                break;
            }
            continue;
        }
        break;
    }
    for (range, fraction, site) in found {
        let mut f = ctx.fact(Kind::Exam, name, sign.start, range.1);
        f.value = Some(Value::Text(fraction));
        f.site = site;
        f.set_part(PartRole::Value, Span::new(range.0, range.1));
        ctx.out.push(f);
    }
}

/// The eye named right after the fraction at word `k` ("6/9 in both
/// eyes", "20/200 in the left eye"), else right before it ("of the left
/// eye was 20/200").
fn eye_near(
    words: &[(usize, usize)],
    k: usize,
    previous: Option<usize>,
    lower: &dyn Fn((usize, usize)) -> String,
) -> Option<String> {
    let at = |i: usize| words.get(i).map(|&w| bare(&lower(w)).to_string());
    let eye = |i: usize| -> Option<String> {
        let side = at(i)?;
        let noun = at(i + 1);
        match (side.as_str(), noun.as_deref()) {
            ("left" | "right", Some("eye")) => Some(format!("{side} eye")),
            ("both", Some("eyes")) => Some("both eyes".into()),
            // "... and 6/60 in the left.": the side alone closes the clause.
            ("left" | "right", None) => Some(format!("{side} eye")),
            _ => None,
        }
    };
    // "6/9 right eye", "6/9 in (the) right eye".
    let mut first = k + 1;
    if at(first).as_deref() == Some("in") {
        first += 1;
    }
    if at(first).as_deref() == Some("the") {
        first += 1;
    }
    if let Some(e) = eye(first) {
        return Some(e);
    }
    // Only the first fraction looks back ("of the left eye was 20/200"):
    // a later one would find the eye of the one before it.
    if previous.is_some() {
        return None;
    }
    (1..=4).filter_map(|back| k.checked_sub(back)).find_map(eye)
}

/// "liver edge palpable 3 cm below the right costal margin": the organ
/// named a few words before the number, the number of centimetres right
/// before "below".
fn organ_below(ctx: &mut Ctx, margin: &CueHit) {
    let before = ctx.doc.lower_text(ctx.v.s.start, margin.start);
    // "... 3 cm below the (right|left) costal margin", "the" optional.
    let mut rest = before.trim_end();
    for side in ["right", "left"] {
        if let Some(r) = rest.strip_suffix(side) {
            rest = r.trim_end();
        }
    }
    if let Some(r) = rest.strip_suffix("the") {
        rest = r.trim_end();
    }
    let Some(r) = rest.strip_suffix("below") else {
        return;
    };
    let r = r.trim_end();
    let Some(r) = r.strip_suffix("cm") else {
        return;
    };
    let r = r.trim_end();
    let digits = r.len()
        - r.trim_end_matches(|c: char| c.is_ascii_digit() || c == '.')
            .len();
    if digits == 0 {
        return;
    }
    // "2-3 cm", "3 to 4 cm": a range is not one reading.
    let ahead = r[..r.len() - digits].trim_end();
    if ahead.ends_with('-') || ahead.ends_with(" to") {
        return;
    }
    let num_start = ctx.v.s.start + r.len() - digits;
    let num_end = ctx.v.s.start + r.len();
    let Ok(number) = ctx.text(num_start, num_end).parse::<f64>() else {
        return;
    };
    // The organ: the last organ cue of the clause ending within a few
    // words before the number.
    let clause = ctx.clause_start(num_start);
    let organ = ctx
        .v
        .cues_with("palpable-organ")
        .filter(|o| o.start >= clause && o.end <= num_start)
        .filter(|o| ctx.text(o.end, num_start).split_whitespace().count() <= ORGAN_GAP_WORDS)
        .last()
        .copied();
    let Some(organ) = organ else {
        return;
    };
    let Some(name) = organ.cue.value.clone() else {
        return;
    };
    put(
        ctx,
        &name,
        &organ,
        (num_start, num_end),
        Value::Number(number),
        Some("cm".into()),
    );
}

/// Gives the finding read from the same words its number ("raised JVP",
/// read as jugular venous distension, "tender hepatomegaly"), or adds it,
/// unless the words deny it.
fn put(
    ctx: &mut Ctx,
    name: &str,
    cue: &CueHit,
    number: (usize, usize),
    value: Value,
    unit: Option<String>,
) {
    let same = |f: &Fact| {
        matches!(f.kind, Kind::Exam | Kind::Symptom | Kind::Finding)
            && !f.negated
            && f.spans
                .iter()
                .any(|s| s.start < cue.end && cue.start < s.end)
    };
    if let Some(f) = ctx.out.iter_mut().find(|f| same(f)) {
        f.kind = Kind::Exam;
        f.value = Some(value);
        f.unit = unit;
        f.set_part(PartRole::Value, Span::new(number.0, number.1));
        return;
    }
    let mut f = ctx.fact(Kind::Exam, name, cue.start, number.1);
    if ctx.assert(&mut f, cue.start, number.1).negated {
        return;
    }
    f.value = Some(value);
    f.unit = unit;
    f.set_part(PartRole::Value, Span::new(number.0, number.1));
    ctx.out.push(f);
}

#[cfg(test)]
mod tests {
    use casecourse_model::{Kind, Value};

    /// The examination findings of `text`: name, value, unit, site.
    fn signs(text: &str) -> Vec<(String, String, String, String)> {
        let course = crate::extract(text, &crate::Options::default());
        course
            .facts
            .iter()
            .filter(|f| f.kind == Kind::Exam)
            .map(|f| {
                let v = match &f.value {
                    Some(Value::Text(t)) => t.clone(),
                    Some(Value::Number(n)) => n.to_string(),
                    None => String::new(),
                };
                let s = |o: &Option<String>| o.clone().unwrap_or_default();
                (f.name.clone(), v, s(&f.unit), s(&f.site))
            })
            .collect()
    }

    fn has(got: &[(String, String, String, String)], name: &str, value: &str, unit: &str) -> bool {
        got.iter()
            .any(|g| g.0 == name && g.1 == value && g.2 == unit)
    }

    #[test]
    fn the_jugular_venous_pressure_in_centimetres() {
        let got = signs("On examination the JVP was raised at 7 cm above the sternal angle.");
        assert!(has(&got, "jugular venous pressure", "7", "cm"), "{got:?}");
        let got = signs("Jugular venous pressure was 12 cm H2O, with bibasal crackles.");
        assert!(
            has(&got, "jugular venous pressure", "12", "cm[H2O]"),
            "{got:?}"
        );
        let got = signs("Jugular venous pressure 12 cmH2O.");
        assert!(
            has(&got, "jugular venous pressure", "12", "cm[H2O]"),
            "{got:?}"
        );
        let got = signs("O/E: JVP 8cm, heart sounds normal.");
        assert!(has(&got, "jugular venous pressure", "8", "cm"), "{got:?}");
        // "raised JVP" is read as a finding of its own: it takes the number.
        let raised = signs("On examination he had a raised JVP of 8 cm.");
        assert_eq!(
            raised.iter().filter(|g| g.1 == "8").count(),
            1,
            "{raised:?}"
        );
        // One finding, not the state and a number twice.
        assert_eq!(
            got.iter()
                .filter(|g| g.0 == "jugular venous pressure")
                .count(),
            1,
            "{got:?}"
        );
    }

    #[test]
    fn a_number_too_far_or_in_other_units_is_not_the_pressure() {
        let got = signs("On examination the JVP was not raised and the wound measured 7 cm.");
        assert!(
            !got.iter()
                .any(|g| g.0 == "jugular venous pressure" && g.1 == "7"),
            "{got:?}"
        );
        let got = signs("JVP was raised at 7 mmHg.");
        assert!(!got.iter().any(|g| g.1 == "7"), "{got:?}");
    }

    #[test]
    fn an_organ_below_the_costal_margin_is_its_enlargement() {
        let got = signs(
            "The liver edge was palpable 3 cm below the right costal margin and the spleen was \
             palpable 4 cm below the costal margin.",
        );
        assert!(has(&got, "palpable liver edge", "3", "cm"), "{got:?}");
        assert!(has(&got, "splenomegaly", "4", "cm"), "{got:?}");
        // A term already read takes the number.
        let got = signs("He had tender hepatomegaly 4 cm below the costal margin and ascites.");
        assert!(has(&got, "tender hepatomegaly", "4", "cm"), "{got:?}");
        assert!(!got.iter().any(|g| g.0 == "hepatomegaly"), "{got:?}");
        // No organ named, a range, or an organ denied: nothing to measure.
        for text in [
            "A mass was felt 3 cm below the costal margin.",
            "The spleen was palpable 2-3 cm below the costal margin.",
            "The spleen was palpable 2 - 3 cm below the costal margin.",
            "No splenomegaly; there was a mass 3 cm below the costal margin.",
        ] {
            let got = signs(text);
            assert!(!got.iter().any(|g| g.2 == "cm"), "{text}: {got:?}");
        }
    }

    #[test]
    fn visual_acuity_per_eye() {
        let got = signs(
            "Visual acuity was 6/60 in the right eye and 6/6 in the left eye, with a right relative afferent pupillary defect.",
        );
        let va: Vec<_> = got.iter().filter(|g| g.0 == "visual acuity").collect();
        assert_eq!(va.len(), 2, "{got:?}");
        assert!(
            va.iter().any(|g| g.1 == "6/60" && g.3 == "right eye"),
            "{got:?}"
        );
        assert!(
            va.iter().any(|g| g.1 == "6/6" && g.3 == "left eye"),
            "{got:?}"
        );
        let got = signs("Visual acuity of the left eye was 20/200.");
        assert!(
            got.iter()
                .any(|g| g.0 == "visual acuity" && g.1 == "20/200" && g.3 == "left eye"),
            "{got:?}"
        );
        // Each eye keeps its own side.
        let got = signs("Visual acuity was 6/9 right eye and 6/60 left eye.");
        assert!(
            got.iter().any(|g| g.1 == "6/60" && g.3 == "left eye"),
            "{got:?}"
        );
        let got = signs("Visual acuity was 6/6 in the right eye and 6/60 in the left.");
        assert!(
            got.iter().any(|g| g.1 == "6/60" && g.3 == "left eye"),
            "{got:?}"
        );
        // A UK time written as a fraction is no line of the chart.
        let got = signs("Visual acuity at 6/52 was 6/9.");
        let va: Vec<_> = got.iter().filter(|g| g.0 == "visual acuity").collect();
        assert!(va.len() == 1 && va[0].1 == "6/9", "{got:?}");
        // A blood pressure later in the sentence, or a time written as a
        // fraction, is not an acuity.
        let got = signs("Visual acuity was normal and the blood pressure was 150/90 mmHg.");
        assert!(!got.iter().any(|g| g.0 == "visual acuity"), "{got:?}");
        let got = signs("Visual acuity improved to 6/9 at 2/52.");
        let va: Vec<_> = got.iter().filter(|g| g.0 == "visual acuity").collect();
        assert!(va.len() == 1 && va[0].1 == "6/9", "{got:?}");
    }
}
