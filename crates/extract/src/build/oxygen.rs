//! Oxygen support: device, flow and FiO2.

use casecourse_model::{Kind, OxygenSupport, PartRole, Span};

use super::Ctx;
use crate::matcher::{Cat, Mention};
use crate::quantity::Quantity;

/// The lexicon's entry for oxygen given by no named device.
pub const GENERAL: &str = "supplemental oxygen";

/// The group of the lexicon's entry for breathing room air.
const ROOM_AIR: &str = "room-air";

/// What an oxygen fact that ends its support carries as its note ("HFNC
/// was discontinued on day 15"): reconcile closes the support it names
/// there, and the fact itself, negated, is no new episode.
pub const SUPPORT_STOPPED: &str = "support stopped";

/// Cue roles whose words end a support told in the device's clause: a
/// drug's stop words ("discontinued", "weaned off") and those said only
/// of a device ("taken off", "decannulated").
const STOP_ROLES: [&str; 2] = ["dose-stop", "support-stop"];

/// Reads each oxygen device or mode of the sentence with its settings.
pub fn oxygen(ctx: &mut Ctx) {
    let lex = ctx.doc.lex;
    let mut ms: Vec<Mention> = Vec::new();
    let mut repeated: Vec<usize> = Vec::new();
    for m in ctx.free().filter(|m| m.cat == Cat::Oxygen) {
        // "High-flow nasal cannula (HFNC) oxygen therapy": the general
        // words after a device name the same support, not a second one.
        let repeats = ms.last().is_some_and(|p| {
            let gap = ctx.text(p.end, m.start).trim();
            let bracket = gap.starts_with('(') && gap.ends_with(')') && gap.len() <= 12;
            lex.oxygen[m.idx].name == GENERAL && (gap.is_empty() || gap == ")" || bracket)
        });
        if repeats {
            repeated.push(m.start);
        } else {
            ms.push(*m);
        }
    }
    ctx.claimed.extend(repeated);
    for (i, m) in ms.iter().enumerate() {
        let t = &lex.oxygen[m.idx];
        let lo = ctx
            .clause_start(m.start)
            .max(ms.get(i.wrapping_sub(1)).map_or(0, |p| p.end));
        let hi = ms
            .get(i + 1)
            .map_or_else(|| ctx.clause_end(m.end), |n| n.start);
        let flow = ctx
            .v
            .quantities
            .iter()
            .filter(|q| q.start >= lo && q.end <= hi && is_flow(q, m))
            .min_by_key(|q| q.start.abs_diff(m.end));
        // Room air takes no settings: a flow or fraction in its clause
        // belongs to another device ("15 L/min via non-rebreather, SpO2
        // 88% on room air").
        let room_air = t.group.as_deref() == Some(ROOM_AIR);
        let (flow, fio2) = if room_air {
            (None, None)
        } else {
            (flow, fio2(ctx, lo, hi).or_else(|| adjacent_percent(ctx, m)))
        };
        let mut f = ctx.fact(Kind::Oxygen, &t.name, m.start, m.end);
        f.oxygen = Some(OxygenSupport {
            device: t.group.clone(),
            flow: flow.map(|q| q.value),
            flow_unit: flow.map(|_| "L/min".into()),
            fio2: fio2.map(|x| x.0),
        });
        if let Some(q) = flow {
            f.spans.push(Span::new(q.start, q.end));
            f.set_part(PartRole::Value, Span::new(q.start, q.end));
        }
        ctx.assert(&mut f, m.start, m.end);
        if !room_air && let Some(cue) = stop_cue(ctx, m, lo, hi) {
            f.negated = true;
            f.note = Some(SUPPORT_STOPPED.into());
            f.set_part(PartRole::Negation, cue);
        }
        if let Some((d, false, a, b)) = ctx.doc.duration_near(ctx.v.idx, m.end, false) {
            f.time.duration = Some(d);
            f.set_part(PartRole::Duration, Span::new(a, b));
        }
        ctx.claimed.insert(m.start);
        ctx.out.push(f);
    }
    bare_oxygen_stops(ctx);
    if !ms.is_empty() {
        // FiO2 read here is a setting, not a lab value.
        let fio2_analytes: Vec<usize> = ctx
            .v
            .mentions
            .iter()
            .filter(|m| {
                m.cat == Cat::Analyte
                    && lex.analytes[m.idx]
                        .name
                        .to_ascii_lowercase()
                        .contains("inspired oxygen")
            })
            .map(|m| m.start)
            .collect();
        ctx.claimed.extend(fio2_analytes);
    }
}

/// "Oxygen was discontinued on day 20", "she was weaned off oxygen": the
/// bare word, which names no device and alone is no support (it is a
/// word of "oxygen saturation", "oxygen requirement"), is all support
/// when stop words are told of it. Becomes a stop of supplemental oxygen.
fn bare_oxygen_stops(ctx: &mut Ctx) {
    let words: Vec<(usize, usize, Span)> = ctx
        .v
        .cues
        .iter()
        .filter(|c| STOP_ROLES.contains(&c.cue.role.as_str()))
        .filter_map(|c| {
            let (a, b) = bare_oxygen_of(ctx, c.start, c.end)?;
            Some((a, b, Span::new(c.start, c.end)))
        })
        .collect();
    for (a, b, cue) in words {
        let named = ctx.v.mentions.iter().any(|m| m.start < b && a < m.end);
        if named {
            continue;
        }
        let mut f = ctx.fact(Kind::Oxygen, GENERAL, a, b);
        f.negated = true;
        f.note = Some(SUPPORT_STOPPED.into());
        f.set_part(PartRole::Negation, cue);
        f.spans.push(cue);
        f.spans.sort();
        ctx.out.push(f);
    }
}

/// The bare word "oxygen" (or "O2") that stop words at `[start, end)` are
/// told of: right before them, with only "was", "were" or "had been"
/// between ("oxygen was discontinued"), or right after them ("weaned off
/// oxygen"), and not the first word of a longer name ("oxygen
/// saturation").
fn bare_oxygen_of(ctx: &Ctx, start: usize, end: usize) -> Option<(usize, usize)> {
    const VERBS: [&str; 4] = ["", "was", "were", "had been"];
    let lo = ctx.v.s.start;
    let before = ctx.doc.lower_text(lo, start).trim_end();
    for verb in VERBS {
        let Some(rest) = before.strip_suffix(verb) else {
            continue;
        };
        let rest = rest.trim_end();
        for word in ["oxygen", "o2"] {
            if let Some(head) = rest.strip_suffix(word)
                && !head.ends_with(|c: char| c.is_ascii_alphanumeric())
            {
                let a = lo + head.len();
                return Some((a, a + word.len()));
            }
        }
    }
    let after = ctx.doc.lower_text(end, ctx.v.s.end);
    let gap = after.len() - after.trim_start().len();
    let after = after.trim_start();
    ["oxygen", "o2"].iter().find_map(|word| {
        let tail = after.strip_prefix(word)?;
        let alone =
            tail.starts_with(|c: char| !c.is_ascii_alphanumeric() && c != '-') || tail.is_empty();
        let next = tail.trim_start();
        let longer = [
            "saturation",
            "requirement",
            "level",
            "tension",
            "consumption",
        ]
        .iter()
        .any(|w| next.starts_with(w));
        (alone && !longer).then(|| (end + gap, end + gap + word.len()))
    })
}

/// The words that end the support `m` names, in its stretch `[lo, hi)` of
/// the clause: "HFNC was discontinued", "weaned from ECMO", "taken off
/// mechanical ventilation". None when a drug is named between them ("ECMO
/// was continued and heparin was stopped": the stop is the drug's).
fn stop_cue(ctx: &Ctx, m: &Mention, lo: usize, hi: usize) -> Option<Span> {
    let drug_between = |a: usize, b: usize| {
        ctx.v
            .mentions
            .iter()
            .any(|d| d.cat == Cat::Drug && d.start >= a && d.end <= b)
    };
    ctx.v
        .cues
        .iter()
        .filter(|c| STOP_ROLES.contains(&c.cue.role.as_str()) && c.start >= lo && c.end <= hi)
        .filter(|c| {
            let (a, b) = if c.end <= m.start {
                (c.end, m.start)
            } else {
                (m.end, c.start)
            };
            a <= b && !drug_between(a, b)
        })
        .min_by_key(|c| c.start.abs_diff(m.start))
        .map(|c| Span::new(c.start, c.end))
}

/// "28% Venturi", "Venturi mask at 35%": a percentage written against a
/// device is the oxygen fraction it delivers, unless it is a reading's
/// value ("SpO2 92% on air": the saturation, not the air's fraction).
fn adjacent_percent(ctx: &Ctx, m: &Mention) -> Option<(f64, usize)> {
    let q = ctx.v.quantities.iter().find(|q| {
        q.unit.as_deref() == Some("%")
            && ((q.end <= m.start && ctx.text(q.end, m.start).trim().is_empty())
                || (q.start >= m.end
                    && matches!(ctx.text(m.end, q.start).trim(), "" | "at" | "of")))
    })?;
    if is_reading(ctx, q.start) {
        return None;
    }
    let frac = q.value / 100.0;
    (0.21..=1.0).contains(&frac).then_some((frac, q.end))
}

/// Whether the number at `at` is the value of a result named just before
/// it ("SpO2 92%", "saturation of 88%", "FEV1 was 61%").
fn is_reading(ctx: &Ctx, at: usize) -> bool {
    ctx.v.mentions.iter().any(|n| {
        n.cat == Cat::Analyte
            && n.end <= at
            && at - n.end <= 12
            && matches!(
                ctx.text(n.end, at).trim().trim_end_matches(':'),
                "" | "of" | "was" | "is" | "at" | "="
            )
    })
}

/// "FiO2 of 80%", "FiO2 0.6", "80% FiO2": the fraction, and where it was
/// said.
fn fio2(ctx: &Ctx, lo: usize, hi: usize) -> Option<(f64, usize)> {
    let cue = ctx
        .v
        .cues_with("fio2")
        .find(|c| c.start >= lo && c.end <= hi)?;
    let qs = ctx.v.quantities;
    let before = qs.iter().rfind(|q| {
        q.end <= cue.start
            && q.start >= lo
            && q.unit.as_deref() == Some("%")
            && ctx.text(q.end, cue.start).trim().is_empty()
    });
    let q = qs
        .iter()
        .find(|q| q.start >= cue.end && q.start < cue.end + 16)
        .or(before)?;
    let frac = match q.unit.as_deref() {
        Some("%") => q.value / 100.0,
        None if q.value <= 1.0 => q.value,
        None if q.value <= 100.0 => q.value / 100.0,
        _ => return None,
    };
    (0.21..=1.0).contains(&frac).then_some((frac, q.end))
}

/// Bytes between a saturation and the room-air words that qualify it
/// ("93% on room air", "89% (RA)", "92% while breathing room air").
const READING_GAP: usize = 24;

/// "SpO2 93% on room air", "sats 92% RA": the room air (cue role
/// `room-air`) is how the saturation was read, not a step of oxygen
/// support. It becomes the reading's qualifier, and a room-air fact of
/// those words is dropped; room air as a step ("weaned to room air")
/// stays.
pub fn room_air_readings(ctx: &mut Ctx) {
    let saturation =
        |f: &casecourse_model::Fact| f.kind == Kind::Vital && f.name == "oxygen saturation";
    if !ctx.out.iter().any(saturation) {
        return;
    }
    // (the words, the saturation they qualify): the one that ends nearest
    // before them with only words between ("95% on 2 L, weaned to room
    // air" is a step, not how 95% was read), each reading once.
    let mut read: Vec<(Span, usize)> = Vec::new();
    for c in ctx.v.cues_with("room-air") {
        let reading = ctx
            .out
            .iter()
            .enumerate()
            .filter(|(k, v)| saturation(v) && !read.iter().any(|&(_, taken)| taken == *k))
            .filter_map(|(k, v)| {
                let end = v
                    .spans
                    .iter()
                    .map(|s| s.end)
                    .filter(|&e| e <= c.end)
                    .max()?;
                // "92% RA": the cue holds the value's "%".
                let gap = if c.start >= end {
                    ctx.text(end, c.start)
                } else {
                    ""
                };
                let plain = c.end > end
                    && gap.len() <= READING_GAP
                    && !gap.contains(|ch: char| ch.is_ascii_digit() || matches!(ch, ';' | '.'))
                    && !gap.contains(" to ");
                plain.then_some((end, k))
            })
            .max();
        if let Some((_, k)) = reading {
            read.push((Span::new(c.start, c.end), k));
        }
    }
    for &(words, k) in &read {
        let vital = &mut ctx.out[k];
        vital.qualifier = Some(casecourse_model::ON_ROOM_AIR.into());
        vital.spans.push(words);
        vital.spans.sort();
    }
    ctx.out.retain(|f| {
        let words_read = |w: &Span| {
            f.spans
                .first()
                .is_some_and(|s| w.start <= s.start && s.end <= w.end)
        };
        !(f.kind == Kind::Oxygen
            && f.oxygen.as_ref().and_then(|o| o.device.as_deref()) == Some(ROOM_AIR)
            && read.iter().any(|(w, _)| words_read(w)))
    });
}

/// Litres beside a device are its flow a minute, as ward notes write it
/// ("10 L via face mask", "high-flow nasal cannula at 60 L", "2 litres of
/// oxygen"); further away a volume in litres is something else.
const LITRES_BESIDE: usize = 12;

/// Whether `q` is a flow of oxygen for the device or oxygen named at `m`:
/// in L/min anywhere in its stretch, or in plain litres beside it.
fn is_flow(q: &Quantity, m: &Mention) -> bool {
    match q.unit.as_deref() {
        Some("L/min") => true,
        Some("L") => {
            let gap = if q.end <= m.start {
                m.start - q.end
            } else {
                q.start.saturating_sub(m.end)
            };
            gap <= LITRES_BESIDE && (0.25..=80.0).contains(&q.value)
        }
        _ => false,
    }
}

/// "He was intubated and ventilated": the ventilation said after an
/// intubation is invasive mechanical ventilation, a mention of its own
/// beside the procedure ("ventilated" alone is too loose: a ventilated
/// lung segment, a room). Added to `mentions`, kept in order.
pub fn ventilated_after_intubation(
    lex: &casecourse_knowledge::Lexicon,
    lower: &str,
    mentions: &mut Vec<Mention>,
) {
    const AFTER: &[&str] = &[" and ventilated", " and was ventilated"];
    let Some(idx) = lex
        .oxygen
        .iter()
        .position(|t| t.name == "invasive mechanical ventilation")
    else {
        return;
    };
    let mut added = Vec::new();
    for m in mentions.iter().filter(|m| m.cat == Cat::Procedure) {
        let words = &lower[m.start..m.end];
        if !words.ends_with("intubated") {
            continue;
        }
        let rest = &lower[m.end..];
        if let Some(a) = AFTER.iter().find(|a| {
            rest.starts_with(**a)
                && !rest[a.len()..].starts_with(|c: char| c.is_ascii_alphanumeric())
        }) {
            let end = m.end + a.len();
            added.push(Mention {
                start: end - "ventilated".len(),
                end,
                cat: Cat::Oxygen,
                idx,
            });
        }
    }
    if !added.is_empty() {
        mentions.extend(added);
        mentions.sort_by_key(|m| (m.start, m.end));
    }
}
