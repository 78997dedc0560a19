//! The surfaces of every name, alias and abbreviation, and the two
//! automata that find them (see [`crate::matcher`]).
//!
//! `build.rs` includes this file to compile the built-in lexicon's
//! automata when the crate is built: they are ≈20k surfaces, and compiling
//! them was the largest part of start-up. So this file uses only the
//! standard library, `daachorse`, `casecourse_knowledge` and the crate's
//! `normalize` and `fasthash` modules, which build.rs includes too.

use casecourse_knowledge::{Lexicon, Term};
use daachorse::{DoubleArrayAhoCorasick, DoubleArrayAhoCorasickBuilder, MatchKind};

use crate::fasthash::FxHashMap;

/// What a surface names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Cat {
    /// `lexicon.drugs[i]`
    Drug,
    /// `lexicon.analytes[i]`
    Analyte,
    /// `lexicon.antibodies[i]`
    Antibody,
    /// `lexicon.conditions[i]`
    Condition,
    /// `lexicon.symptoms[i]`
    Symptom,
    /// `lexicon.findings[i]`
    Finding,
    /// `lexicon.microbiology[i]`
    Micro,
    /// `lexicon.imaging[i]`
    Imaging,
    /// `lexicon.procedures[i]`
    Procedure,
    /// `lexicon.oxygen[i]`
    Oxygen,
    /// `lexicon.events[i]`
    Event,
    /// `lexicon.status[i]`
    Status,
    /// `lexicon.history[i]`
    History,
    /// `lexicon.routes[i]`
    Route,
    /// `lexicon.frequencies[i]`
    Frequency,
    /// `lexicon.triggers[i]`
    Trigger,
    /// `lexicon.cues[i]`
    Cue,
}

impl Cat {
    /// Every category, in declaration order (`Cat as u8` indexes it).
    const ALL: [Cat; 17] = [
        Cat::Drug,
        Cat::Analyte,
        Cat::Antibody,
        Cat::Condition,
        Cat::Symptom,
        Cat::Finding,
        Cat::Micro,
        Cat::Imaging,
        Cat::Procedure,
        Cat::Oxygen,
        Cat::Event,
        Cat::Status,
        Cat::History,
        Cat::Route,
        Cat::Frequency,
        Cat::Trigger,
        Cat::Cue,
    ];
}

/// Surfaces, each once, with every (category, lexicon index) it stands for.
#[derive(Default)]
pub struct Patterns {
    index: FxHashMap<String, usize>,
    /// The surfaces, as the automaton reads them.
    pub patterns: Vec<String>,
    /// What `patterns[i]` names.
    pub ids: Vec<Vec<(Cat, usize)>>,
}

impl Patterns {
    /// Adds a surface, folded (and lowercased if `fold_case`).
    pub fn add(&mut self, surface: &str, cat: Cat, idx: usize, fold_case: bool) {
        // Most surfaces are plain lowercase ASCII: fold and copy only when
        // needed (this runs ≈20k times at start-up).
        let folded = crate::normalize::fold_str(surface);
        let s = folded.trim();
        if s.is_empty() {
            return;
        }
        let key: std::borrow::Cow<str> = if fold_case && s.bytes().any(|b| b.is_ascii_uppercase()) {
            s.to_ascii_lowercase().into()
        } else {
            s.into()
        };
        let slot = match self.index.get(key.as_ref()) {
            Some(&slot) => slot,
            None => {
                let key = key.into_owned();
                self.patterns.push(key.clone());
                self.ids.push(Vec::new());
                self.index.insert(key, self.patterns.len() - 1);
                self.patterns.len() - 1
            }
        };
        if !self.ids[slot].contains(&(cat, idx)) {
            self.ids[slot].push((cat, idx));
        }
    }

    /// The surfaces in byte order, each with what it names: the order in
    /// which [`crate::trie::Trie::new`] adds them, so that reading the
    /// abbreviations at start-up sorts nothing.
    pub fn into_sorted(self) -> (Vec<String>, Vec<Vec<(Cat, usize)>>) {
        let mut both: Vec<_> = self.patterns.into_iter().zip(self.ids).collect();
        both.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        both.into_iter().unzip()
    }

    /// Adds a surface and its simple plural.
    fn add_with_plural(&mut self, surface: &str, cat: Cat, idx: usize, fold_case: bool) {
        self.add(surface, cat, idx, fold_case);
        let last = surface.chars().last().unwrap_or(' ');
        // "influenza A" has no plural: "influenza as" is other words.
        let last_word_len = surface.rsplit(' ').next().map_or(0, str::len);
        if last.is_ascii_alphabetic() && surface.len() > 3 && last_word_len > 1 {
            let plural = if surface.ends_with('s') || surface.ends_with('x') {
                format!("{surface}es")
            } else if surface.ends_with('y') && !surface.ends_with("ay") && !surface.ends_with("ey")
            {
                format!("{}ies", &surface[..surface.len() - 1])
            } else {
                format!("{surface}s")
            };
            self.add(&plural, cat, idx, fold_case);
        }
    }
}

fn add_terms(ci: &mut Patterns, cs: &mut Patterns, terms: &[Term], cat: Cat) {
    for (i, t) in terms.iter().enumerate() {
        ci.add_with_plural(&t.name, cat, i, true);
        for a in &t.aliases {
            ci.add_with_plural(a, cat, i, true);
        }
        for a in &t.abbreviations {
            cs.add(a, cat, i, false);
            if a.len() >= 2 && a.chars().last().is_some_and(|c| c.is_ascii_uppercase()) {
                cs.add(&format!("{a}s"), cat, i, false);
            }
        }
    }
}

/// Every name and alias of `lex` (lowercased, to be matched on a
/// lowercased copy of the text), and every abbreviation (as written).
pub fn surfaces(lex: &Lexicon) -> (Patterns, Patterns) {
    let mut ci = Patterns::default();
    let mut cs = Patterns::default();
    for (i, d) in lex.drugs.iter().enumerate() {
        ci.add(&d.name, Cat::Drug, i, true);
        for a in &d.aliases {
            ci.add(a, Cat::Drug, i, true);
        }
        for a in &d.abbreviations {
            cs.add(a, Cat::Drug, i, false);
        }
    }
    for (i, a) in lex.analytes.iter().enumerate() {
        ci.add_with_plural(&a.name, Cat::Analyte, i, true);
        for s in &a.aliases {
            ci.add_with_plural(s, Cat::Analyte, i, true);
        }
        for s in &a.abbreviations {
            cs.add(s, Cat::Analyte, i, false);
        }
    }
    add_terms(&mut ci, &mut cs, &lex.antibodies, Cat::Antibody);
    add_terms(&mut ci, &mut cs, &lex.conditions, Cat::Condition);
    add_terms(&mut ci, &mut cs, &lex.symptoms, Cat::Symptom);
    add_terms(&mut ci, &mut cs, &lex.findings, Cat::Finding);
    add_terms(&mut ci, &mut cs, &lex.microbiology, Cat::Micro);
    add_terms(&mut ci, &mut cs, &lex.imaging, Cat::Imaging);
    add_terms(&mut ci, &mut cs, &lex.procedures, Cat::Procedure);
    add_terms(&mut ci, &mut cs, &lex.oxygen, Cat::Oxygen);
    add_terms(&mut ci, &mut cs, &lex.events, Cat::Event);
    add_terms(&mut ci, &mut cs, &lex.status, Cat::Status);
    add_terms(&mut ci, &mut cs, &lex.history, Cat::History);
    for (i, r) in lex.routes.iter().enumerate() {
        for s in &r.surfaces {
            ci.add(s, Cat::Route, i, true);
        }
    }
    for (i, f) in lex.frequencies.iter().enumerate() {
        for s in &f.surfaces {
            ci.add(s, Cat::Frequency, i, true);
        }
    }
    (ci, cs)
}

/// A leftmost-longest automaton over `patterns`, whose values are indices
/// into it; `None` when there are none (a double array cannot be empty).
pub fn automaton(patterns: &[String]) -> Option<DoubleArrayAhoCorasick<u32>> {
    DoubleArrayAhoCorasickBuilder::new()
        // Searching fewer trailing blocks for free slots builds ≈15%
        // faster; the array is a little larger, searching is unchanged.
        .num_free_blocks(1)
        .match_kind(MatchKind::LeftmostLongest)
        .build_with_values(patterns.iter().zip(0u32..))
        .ok()
}

/// One automaton and what each of its patterns names.
pub type Compiled = (Option<DoubleArrayAhoCorasick<u32>>, Vec<Vec<(Cat, usize)>>);

/// `parts` and `strings` as bytes: for each part, the automaton's length
/// in bytes (0 for none) and its serialized form, then the number of
/// patterns and, for each, the number of meanings and each meaning's
/// category and index; then the number of strings and each string's
/// length and bytes. All numbers are little-endian u32, categories one
/// byte. (The abbreviations are a part without an automaton, their
/// patterns the strings: they are searched with [`crate::trie`].)
// Only build.rs and the test that checks its output write these bytes.
#[cfg_attr(not(test), allow(dead_code))]
pub fn to_bytes(parts: &[&Compiled], strings: &[String]) -> Vec<u8> {
    fn number(out: &mut Vec<u8>, n: usize) {
        out.extend_from_slice(&u32::try_from(n).expect("fits in u32").to_le_bytes());
    }
    let mut out = Vec::new();
    for (ac, ids) in parts {
        let bytes = ac.as_ref().map(|ac| ac.serialize()).unwrap_or_default();
        number(&mut out, bytes.len());
        out.extend_from_slice(&bytes);
        number(&mut out, ids.len());
        for meanings in ids {
            number(&mut out, meanings.len());
            for &(cat, idx) in meanings {
                out.push(cat as u8);
                number(&mut out, idx);
            }
        }
    }
    number(&mut out, strings.len());
    for s in strings {
        number(&mut out, s.len());
        out.extend_from_slice(s.as_bytes());
    }
    out
}

/// The parts and the strings [`to_bytes`] wrote, in order.
///
/// # Safety
///
/// `bytes` must be what [`to_bytes`] wrote with this same version of
/// daachorse: the automata are read without checks, and a corrupt one
/// would index out of bounds when searched.
#[allow(unsafe_code)]
pub unsafe fn from_bytes(mut bytes: &[u8], count: usize) -> (Vec<Compiled>, Vec<&[u8]>) {
    fn number(bytes: &mut &[u8]) -> usize {
        let (n, rest) = bytes.split_at(4);
        *bytes = rest;
        u32::from_le_bytes([n[0], n[1], n[2], n[3]]) as usize
    }
    let mut out = Vec::with_capacity(count);
    for _ in 0..count {
        let len = number(&mut bytes);
        let ac = (len > 0).then(|| {
            let (serialized, rest) = bytes.split_at(len);
            bytes = rest;
            // SAFETY: the caller vouches that these bytes are what
            // `serialize` wrote (see above).
            unsafe { DoubleArrayAhoCorasick::<u32>::deserialize_unchecked(serialized).0 }
        });
        let n = number(&mut bytes);
        let mut ids = Vec::with_capacity(n);
        for _ in 0..n {
            let k = number(&mut bytes);
            let mut meanings = Vec::with_capacity(k);
            for _ in 0..k {
                let cat = Cat::ALL[usize::from(bytes[0])];
                bytes = &bytes[1..];
                meanings.push((cat, number(&mut bytes)));
            }
            ids.push(meanings);
        }
        out.push((ac, ids));
    }
    let n = number(&mut bytes);
    let mut strings = Vec::with_capacity(n);
    for _ in 0..n {
        let len = number(&mut bytes);
        let (s, rest) = bytes.split_at(len);
        bytes = rest;
        strings.push(s);
    }
    (out, strings)
}

#[cfg(test)]
mod tests {
    use super::{Cat, Patterns};

    #[test]
    fn a_name_ending_in_a_single_letter_gets_no_plural() {
        let mut p = Patterns::default();
        p.add_with_plural("influenza A", Cat::Condition, 0, true);
        p.add_with_plural("ferritin", Cat::Analyte, 1, true);
        assert_eq!(p.patterns, ["influenza a", "ferritin", "ferritins"]);
    }
}
