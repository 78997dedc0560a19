//! Markdown tables of evaluation results (for the terminal and the docs).

use std::fmt::Write;

use super::{BratScore, GoldRun, Mapping};

fn pct(x: f64) -> String {
    format!("{:.1}", 100.0 * x)
}

/// A Markdown table of a brat score: one row per type, strict and lenient
/// P/R/F1, then micro and macro rows; types we do not produce are marked.
pub fn brat_table(score: &BratScore, mapping: &Mapping) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "| type | gold | predicted | strict P | strict R | strict F1 | lenient P | lenient R | lenient F1 |"
    );
    let _ = writeln!(s, "|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    let mut produced: Vec<_> = score
        .per_type
        .iter()
        .filter(|(t, _)| mapping.produces(t))
        .collect();
    produced.sort_by(|a, b| b.1.gold.cmp(&a.1.gold).then(a.0.cmp(b.0)));
    for (ty, c) in produced {
        let (st, le) = (c.strict(), c.lenient());
        let _ = writeln!(
            s,
            "| {ty} | {} | {} | {} | {} | {} | {} | {} | {} |",
            c.gold,
            c.predicted,
            pct(st.precision),
            pct(st.recall),
            pct(st.f1),
            pct(le.precision),
            pct(le.recall),
            pct(le.f1)
        );
    }
    let rows = [
        ("**micro, produced types**", score.micro(mapping)),
        ("**macro, produced types**", score.macro_avg(mapping)),
        ("**micro, all annotated types**", score.micro_all()),
    ];
    for (label, (st, le)) in rows {
        let _ = writeln!(
            s,
            "| {label} | | | {} | {} | {} | {} | {} | {} |",
            pct(st.precision),
            pct(st.recall),
            pct(st.f1),
            pct(le.precision),
            pct(le.recall),
            pct(le.f1)
        );
    }
    let mut not: Vec<_> = score
        .per_type
        .iter()
        .filter(|(t, c)| !mapping.produces(t) && c.gold > 0)
        .collect();
    not.sort_by(|a, b| b.1.gold.cmp(&a.1.gold).then(a.0.cmp(b.0)));
    if !not.is_empty() {
        let list: Vec<String> = not
            .iter()
            .map(|(t, c)| format!("{t} ({})", c.gold))
            .collect();
        let _ = writeln!(s, "\nNot produced (annotated count): {}.", list.join(", "));
    }
    s
}

/// A Markdown table of a gold-list run: one row per document, then micro
/// and macro rows.
pub fn gold_table(run: &GoldRun) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "| case | gold | found | extracted | right | P | R | F1 |"
    );
    let _ = writeln!(s, "|---|---:|---:|---:|---:|---:|---:|---:|");
    for d in &run.documents {
        match &d.result {
            Ok(g) => {
                let o = &g.overall;
                let _ = writeln!(
                    s,
                    "| {} | {} | {} | {} | {} | {} | {} | {} |",
                    g.case,
                    o.gold,
                    o.gold_matched,
                    o.extracted,
                    o.extracted_matched,
                    pct(o.precision()),
                    pct(o.recall()),
                    pct(o.f1())
                );
            }
            Err(e) => {
                let _ = writeln!(s, "| {} | error: {e} | | | | | | |", d.path.display());
            }
        }
    }
    let m = run.micro();
    let _ = writeln!(
        s,
        "| **micro** | {} | {} | {} | {} | {} | {} | {} |",
        m.gold,
        m.gold_matched,
        m.extracted,
        m.extracted_matched,
        pct(m.precision()),
        pct(m.recall()),
        pct(m.f1())
    );
    let a = run.macro_avg();
    let _ = writeln!(
        s,
        "| **macro** | | | | | {} | {} | {} |",
        pct(a.precision),
        pct(a.recall),
        pct(a.f1)
    );
    s
}
