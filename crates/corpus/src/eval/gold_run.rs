//! Scoring a folder of gold fact lists (`*.gold.json` beside their text).

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::{Extractor, Prf};
use crate::gold::{Counts, GoldScore, load_gold, score};

/// One gold list's outcome.
#[derive(Debug, Clone)]
pub struct GoldDocument {
    /// The gold file.
    pub path: PathBuf,
    /// Its score, or why it could not be scored.
    pub result: Result<GoldScore, String>,
}

/// A folder's outcome.
#[derive(Debug, Clone, Default)]
pub struct GoldRun {
    /// Per document, in file-name order.
    pub documents: Vec<GoldDocument>,
}

impl GoldRun {
    /// Counts summed over the scored documents.
    pub fn micro(&self) -> Counts {
        let mut c = Counts::default();
        for s in self.scores() {
            c.add(&s.overall);
        }
        c
    }

    /// Mean of per-document precision, recall and F1.
    pub fn macro_avg(&self) -> Prf {
        Prf::mean(self.scores().map(|s| Prf {
            precision: s.overall.precision(),
            recall: s.overall.recall(),
            f1: s.overall.f1(),
        }))
    }

    /// The documents that were scored.
    pub fn scores(&self) -> impl Iterator<Item = &GoldScore> {
        self.documents.iter().filter_map(|d| d.result.as_ref().ok())
    }
}

fn score_one(path: &Path, extract: Extractor<'_>) -> Result<GoldScore, String> {
    let gold = load_gold(path).map_err(|e| e.to_string())?;
    let text_path = path.parent().unwrap_or(Path::new(".")).join(&gold.text);
    let bytes = std::fs::read(&text_path)
        .map_err(|e| format!("cannot read the narrative {}: {e}", text_path.display()))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        format!(
            "{}: not valid UTF-8 at byte {}",
            text_path.display(),
            e.utf8_error().valid_up_to()
        )
    })?;
    let course = super::extract_safely(extract, &gold.case, &text)?;
    Ok(score(&course, &gold))
}

/// Scores every `*.gold.json` of `dir` against the extraction of the text
/// it names. A list that cannot be read is reported, and the run goes on.
pub fn evaluate_gold_dir(dir: &Path, extract: Extractor<'_>) -> std::io::Result<GoldRun> {
    let mut paths = Vec::new();
    for e in std::fs::read_dir(dir)? {
        let p = e?.path();
        if p.to_string_lossy().ends_with(".gold.json") {
            paths.push(p);
        }
    }
    paths.sort();
    let documents = paths
        .into_par_iter()
        .map(|path| {
            let result = score_one(&path, extract);
            GoldDocument { path, result }
        })
        .collect();
    Ok(GoldRun { documents })
}
