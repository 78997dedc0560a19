//! A regimen named by its acronym ("six cycles of R-CHOP", "adjuvant
//! CAPOX") is each of the drugs it gives together (drugs.toml
//! `components`): one fact per drug on the acronym's words, the regimen in
//! its note, as gold lists write them. A drug the sentence also names in
//! full ("capecitabine and oxaliplatin (CAPOX)") keeps its own fact.

use casecourse_model::{Code, PartRole};

use super::Ctx;

/// Replaces each regimen fact among `ctx.out[from..]` by its components.
pub fn expand(ctx: &mut Ctx, from: usize) {
    let lex = ctx.doc.lex;
    let regimen_of = |name: &str| lex.drug(name).filter(|d| !d.components.is_empty());
    // The drugs the sentence names in full.
    let named: Vec<String> = ctx.out[from..]
        .iter()
        .filter(|f| regimen_of(&f.name).is_none())
        .map(|f| f.name.clone())
        .collect();
    let mut i = from;
    while i < ctx.out.len() {
        let Some(parts) = regimen_of(&ctx.out[i].name).map(|d| &d.components) else {
            i += 1;
            continue;
        };
        let regimen = ctx.out.remove(i);
        // The acronym as written names the regimen in the note.
        let written = regimen.spans.first().map_or(regimen.name.clone(), |s| {
            ctx.doc.as_written(s.start, s.end).to_string()
        });
        for name in parts {
            if named.contains(name) {
                continue;
            }
            let mut f = regimen.clone();
            f.name = name.clone();
            f.code = lex.drug(name).and_then(|d| d.atc.clone()).map(|code| Code {
                system: "ATC".into(),
                code,
            });
            f.note = Some(match &regimen.note {
                Some(n) => format!("{written}; {n}"),
                None => written.clone(),
            });
            // A dose told of the regimen is no one drug's.
            if let Some(d) = f.dosage.as_mut() {
                d.dose = None;
                d.unit = None;
            }
            f.clear_part(PartRole::Dose);
            ctx.out.insert(i, f);
            i += 1;
        }
    }
}
