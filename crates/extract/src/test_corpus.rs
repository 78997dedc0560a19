//! The texts the equivalence tests run over: every file of the fixture
//! sets, and, when `../shared` is present, the founding case and the
//! MACCROBAT corpus.

use std::path::{Path, PathBuf};

/// Every readable file of those folders, with its path.
pub fn files() -> Vec<(PathBuf, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut dirs = vec![root.join("../shared/cases")];
    for parent in [
        root.join("tests/fixtures"),
        root.join("../shared/corpora/maccrobat2020"),
    ] {
        if let Ok(parts) = std::fs::read_dir(parent) {
            dirs.extend(parts.filter_map(|p| p.ok()).map(|p| p.path()));
        }
    }
    dirs.sort();
    let mut out = Vec::new();
    for dir in dirs {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok()).map(|e| e.path()).collect();
        paths.sort();
        for path in paths {
            if let Ok(text) = std::fs::read_to_string(&path) {
                out.push((path, text));
            }
        }
    }
    out
}

/// The narratives among [`files`] (`.txt`).
pub fn narratives() -> Vec<(PathBuf, String)> {
    files()
        .into_iter()
        .filter(|(p, _)| p.extension().is_some_and(|e| e == "txt"))
        .collect()
}
