//! A readable diff of a [`GoldScore`].

use std::fmt;

use casecourse_model::{FLAT_COLUMNS, FlatFact};

use super::{Counts, FieldDiff, GoldScore, Miss};

/// Columns left out of a one-line fact summary.
const HIDDEN: [&str; 7] = [
    "id",
    "kind",
    "name",
    "text",
    "span_start",
    "span_end",
    "note",
];

/// `kind "name" field=value ...` for one row.
pub fn describe(row: &FlatFact) -> String {
    let mut s = format!("{} {:?}", row.kind, row.name);
    for c in FLAT_COLUMNS.iter().filter(|c| !HIDDEN.contains(c)) {
        let v = row.column(c);
        if !(v.is_empty() || *c == "negated" && v == "false") {
            s.push_str(&format!(" {c}={v}"));
        }
    }
    s
}

fn diff_text(d: &FieldDiff) -> String {
    if d.extracted.is_empty() {
        format!("{}: gold {:?}, extracted has none", d.field, d.gold)
    } else {
        format!(
            "{}: gold {:?}, extracted {:?}",
            d.field, d.gold, d.extracted
        )
    }
}

fn write_counts(f: &mut fmt::Formatter<'_>, label: &str, c: &Counts) -> fmt::Result {
    writeln!(
        f,
        "  {:<14} {:>5} {:>6} {:>9} {:>6}  {:>5.3}  {:>5.3}  {:>5.3}",
        label,
        c.gold,
        c.gold_matched,
        c.extracted,
        c.extracted_matched,
        c.precision(),
        c.recall(),
        c.f1()
    )
}

fn write_miss(f: &mut fmt::Formatter<'_>, m: &Miss) -> fmt::Result {
    writeln!(f, "  - {}: {}", m.gold.row.id, describe(&m.gold.row))?;
    match &m.closest {
        None => writeln!(f, "      closest: none (nothing extracted)"),
        Some(c) => {
            let taken = c
                .matched_to
                .as_ref()
                .map(|g| format!(" [matched to gold {g}]"))
                .unwrap_or_default();
            writeln!(
                f,
                "      closest: {}: {}{}",
                c.row.id,
                describe(&c.row),
                taken
            )?;
            let why: Vec<String> = c.reasons.iter().map(diff_text).collect();
            writeln!(f, "      why not: {}", why.join("; "))
        }
    }
}

impl fmt::Display for GoldScore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let o = &self.overall;
        writeln!(
            f,
            "{}: recall {:.3} ({}/{} required gold facts), precision {:.3} ({}/{} extracted), F1 {:.3}",
            self.case,
            o.recall(),
            o.gold_matched,
            o.gold,
            o.precision(),
            o.extracted_matched,
            o.extracted,
            o.f1()
        )?;
        writeln!(
            f,
            "  {:<14} {:>5} {:>6} {:>9} {:>6}  {:>5}  {:>5}  {:>5}",
            "kind", "gold", "found", "extracted", "right", "P", "R", "F1"
        )?;
        for (kind, c) in &self.per_kind {
            write_counts(f, kind, c)?;
        }
        write_counts(f, "all", o)?;
        if !self.missed.is_empty() {
            writeln!(f, "missed ({}):", self.missed.len())?;
            for m in &self.missed {
                write_miss(f, m)?;
            }
        }
        if !self.missed_optional.is_empty() {
            writeln!(
                f,
                "missed optional, not counted ({}):",
                self.missed_optional.len()
            )?;
            for m in &self.missed_optional {
                write_miss(f, m)?;
            }
        }
        if !self.false_positives.is_empty() {
            writeln!(f, "false positives ({}):", self.false_positives.len())?;
            for r in &self.false_positives {
                let words = r
                    .text
                    .as_ref()
                    .map(|t| format!(" <- {t:?}"))
                    .unwrap_or_default();
                writeln!(f, "  + {}: {}{}", r.id, describe(r), words)?;
            }
        }
        if !self.mismatches.is_empty() {
            writeln!(f, "attribute mismatches ({}):", self.mismatches.len())?;
            for m in &self.mismatches {
                writeln!(
                    f,
                    "  ~ {} / {}: {}",
                    m.gold_id,
                    m.extracted_id,
                    diff_text(&m.diff)
                )?;
            }
        }
        Ok(())
    }
}
