//! "atorvastatin 20 mg on", "simvastatin 40 mg o.n.": the British
//! prescription Latin omni nocte (every night), written right after a
//! dose. As a word "on" is everywhere, so it is read only there, and only
//! where the drug's item ends after it ("20 mg on alternate days", "on day
//! 3" are not it).

use casecourse_model::Span;

use super::Ctx;

/// The frequency "on" or "o.n." right after a dose ending at `dose_end`
/// stands for: the code of "nocte" in frequency.toml.
pub fn after_dose(ctx: &Ctx, dose_end: usize) -> Option<(String, Span)> {
    let after = ctx.lower_after(dose_end, 10);
    let pad = after.len() - after.trim_start_matches(' ').len();
    if pad == 0 {
        return None;
    }
    let rest = &after[pad..];
    let word = ["o.n.", "on"].into_iter().find(|w| rest.starts_with(w))?;
    let next = &rest[word.len()..];
    let ends = next.is_empty()
        || next.starts_with([',', ';', ')', '\n'])
        || next.starts_with(". ")
        || next == "."
        || next.starts_with(" and ")
        || next.starts_with(" &");
    if !ends {
        return None;
    }
    let code = ctx
        .doc
        .lex
        .frequencies
        .iter()
        .find(|f| f.surfaces.iter().any(|s| s == "nocte"))?
        .code
        .clone();
    let start = dose_end + pad;
    Some((code, Span::new(start, start + word.len())))
}
