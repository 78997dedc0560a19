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

/// Every line of every narrative, the equivalence tests' real input.
pub fn narrative_lines() -> Vec<String> {
    narratives()
        .iter()
        .flat_map(|(_, t)| t.lines().map(str::to_string))
        .collect()
}

/// Marsaglia's xorshift64, the equivalence tests' source of random input:
/// fixed seeds make every run test the same inputs.
pub struct Xorshift(pub u64);

impl Xorshift {
    /// Advances the state and returns it.
    pub fn step(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// Advances the state and returns a number below `n`.
    pub fn below(&mut self, n: u64) -> usize {
        (self.step() % n) as usize
    }
}

/// `count` texts, each of fewer than `max_parts` of `pieces` chosen at
/// random (the count read from the state before the pieces are drawn).
pub fn random_texts<S: AsRef<str>>(
    pieces: &[S],
    count: usize,
    max_parts: u64,
    seed: u64,
) -> Vec<String> {
    let mut x = Xorshift(seed);
    (0..count)
        .map(|_| {
            let mut t = String::new();
            for _ in 0..(x.0 % max_parts) {
                t.push_str(pieces[x.below(pieces.len() as u64)].as_ref());
            }
            x.step();
            t
        })
        .collect()
}
