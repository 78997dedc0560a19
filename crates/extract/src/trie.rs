//! A trie walked from chosen positions, for pattern sets whose matches
//! start at few places of a text.
//!
//! An Aho–Corasick scan pays for every byte of the text (≈40 instructions
//! a byte in daachorse's leftmost iterator, failure links included), even
//! where no pattern can start. The abbreviations ("MMF", "CK", "pH") start
//! at under 5 % of the positions of clinical prose once their first two
//! bytes are checked: a walk from those positions alone finds the same
//! matches for a fraction of the work. The cues walk it too, from word
//! starts (see `matcher::PrefixSet`). The trie is a double array (a child
//! is at its parent's base plus the byte, if that cell names the parent),
//! so a step of a walk is two lookups; per step that is several times
//! cheaper than the sparse states of aho-corasick's contiguous NFA, and
//! building it is a single pass.

/// No pattern ends at a cell; a cell is free.
const NONE: u32 = u32::MAX;

/// Patterns (byte strings) as a double-array trie; cell 0 is the root.
pub struct Trie {
    cells: Vec<Cell>,
    /// One bit per pair of bytes (first << 8 | second): whether a pattern
    /// can start with that pair (it starts with both, or the first byte
    /// alone is one).
    pairs: Box<[u64; 1024]>,
}

#[derive(Clone, Copy)]
struct Cell {
    /// Where this node's children are, less their byte.
    base: u32,
    /// The parent's cell (`NONE` for a free cell).
    check: u32,
    /// The pattern ending here, or `NONE`.
    out: u32,
}

impl Trie {
    /// The trie of `patterns`; a match reports its pattern's index. Empty
    /// patterns are left out (a leftmost search never reports them here);
    /// patterns should be distinct (of equal ones, the lowest index counts).
    pub fn new<P: AsRef<[u8]>>(patterns: &[P]) -> Trie {
        // Patterns in byte order, each adding the nodes of what it does
        // not share with the one before: every node after its parent and
        // a node's children in byte order, with no list per node while
        // building (this runs at start-up).
        let mut order: Vec<usize> = (0..patterns.len()).collect();
        order.sort_unstable_by(|&a, &b| patterns[a].as_ref().cmp(patterns[b].as_ref()));
        let mut parent: Vec<u32> = vec![0];
        let mut byte: Vec<u8> = vec![0];
        let mut out: Vec<u32> = vec![NONE];
        let mut path: Vec<u32> = vec![0];
        let mut before: &[u8] = &[];
        for &i in &order {
            let p = patterns[i].as_ref();
            if p.is_empty() {
                continue;
            }
            let shared = before.iter().zip(p).take_while(|(a, b)| a == b).count();
            path.truncate(shared + 1);
            for &c in &p[shared..] {
                let n = u32::try_from(out.len()).expect("fewer than 2^32 nodes");
                parent.push(path[path.len() - 1]);
                byte.push(c);
                out.push(NONE);
                path.push(n);
            }
            let node = path[path.len() - 1] as usize;
            let i = u32::try_from(i).expect("fewer than 2^32 patterns");
            out[node] = out[node].min(i);
            before = p;
        }
        // Each node's children as one range of `kids`, in node (so byte)
        // order.
        let n = out.len();
        let mut start = vec![0usize; n + 1];
        for &q in &parent[1..] {
            start[q as usize + 1] += 1;
        }
        for k in 0..n {
            start[k + 1] += start[k];
        }
        let mut kids = vec![0u32; n.saturating_sub(1)];
        let mut filled = start.clone();
        for (k, &q) in parent.iter().enumerate().skip(1) {
            kids[filled[q as usize]] = k as u32;
            filled[q as usize] += 1;
        }
        // Cells, parents first. A node with one child (most of them) puts
        // it in any free cell, one with several puts them at the end of
        // the array and leaves the cells between them free for later
        // ones: no search for a base, so building takes one pass.
        let free = Cell {
            base: 0,
            check: NONE,
            out: NONE,
        };
        let mut cells = vec![free; 256];
        cells[0].check = NONE - 1;
        cells[0].out = out[0];
        // Free cells, the highest last; base 0 is never used, so that no
        // child lands on the root.
        let mut gaps: Vec<usize> = (1..256).collect();
        let mut cell_of = vec![0u32; n];
        for node in 0..n {
            let children = &kids[start[node]..start[node + 1]];
            let (Some(&lo), Some(&hi)) = (children.first(), children.last()) else {
                continue;
            };
            let (lo, hi) = (
                usize::from(byte[lo as usize]),
                usize::from(byte[hi as usize]),
            );
            let base = match gaps.last() {
                Some(&f) if lo == hi && f > lo => {
                    gaps.pop();
                    f - lo
                }
                _ => {
                    let base = cells.len() - lo;
                    cells.resize(cells.len() + hi - lo + 1, free);
                    let mut taken = children.iter().map(|&k| usize::from(byte[k as usize]));
                    let mut next = taken.next();
                    for c in lo..=hi {
                        if next == Some(c) {
                            next = taken.next();
                        } else {
                            gaps.push(base + c);
                        }
                    }
                    base
                }
            };
            let here = cell_of[node];
            cells[here as usize].base = base as u32;
            for &k in children {
                let at = base + usize::from(byte[k as usize]);
                cells[at] = Cell {
                    base: 0,
                    check: here,
                    out: out[k as usize],
                };
                cell_of[k as usize] = at as u32;
            }
        }
        // The pairs of bytes that start a pattern.
        let mut pairs = Box::new([0u64; 1024]);
        for &k in &kids[start[0]..start[1]] {
            let c = usize::from(byte[k as usize]);
            if out[k as usize] != NONE {
                // The first byte alone is a pattern: any second byte.
                pairs[c * 4..c * 4 + 4].fill(u64::MAX);
            }
            for &k2 in &kids[start[k as usize]..start[k as usize + 1]] {
                let bit = c << 8 | usize::from(byte[k2 as usize]);
                pairs[bit >> 6] |= 1 << (bit & 63);
            }
        }
        Trie { cells, pairs }
    }

    /// Calls `each(end, pattern)` for every pattern starting at `h[at]`,
    /// shortest first.
    pub fn each_at(&self, h: &[u8], at: usize, mut each: impl FnMut(usize, u32)) {
        let mut here = 0usize;
        for (end, &c) in h.iter().enumerate().skip(at) {
            let next = self.cells[here].base as usize + usize::from(c);
            match self.cells.get(next) {
                Some(cell) if cell.check == here as u32 => {
                    if cell.out != NONE {
                        each(end + 1, cell.out);
                    }
                    here = next;
                }
                _ => return,
            }
        }
    }

    /// Whether some pattern can start at `h[at]`: one bit test for the
    /// byte there and the next (the last byte of `h` is tested alone).
    fn may_start(&self, h: &[u8], at: usize) -> bool {
        match h.get(at..at + 2) {
            Some(&[c, c2]) => {
                let k = usize::from(c) << 8 | usize::from(c2);
                self.pairs[k >> 6] >> (k & 63) & 1 != 0
            }
            _ => h.get(at).is_some_and(|&c| {
                let next = self.cells[0].base as usize + usize::from(c);
                self.cells
                    .get(next)
                    .is_some_and(|cell| cell.check == 0 && cell.out != NONE)
            }),
        }
    }

    /// [`Self::may_start`] at every position of `h`, one bit each (bit
    /// `p % 64` of word `p / 64`): the pair of bytes is carried along and
    /// each position costs a shift and a bit test, with no branch.
    fn starts(&self, h: &[u8]) -> Vec<u64> {
        let mut bits = vec![0u64; h.len() / 64 + 1];
        let Some(&first) = h.first() else {
            return bits;
        };
        // Position `p` is the pair of `h[p]` and `h[p + 1]`: 64 pairs at a
        // time, each word built in a register.
        let mut k = usize::from(first);
        for (word, pairs) in bits.iter_mut().zip(h[1..].chunks(64)) {
            for (j, &c) in pairs.iter().enumerate() {
                k = (k << 8 | usize::from(c)) & 0xffff;
                *word |= (self.pairs[k >> 6] >> (k & 63) & 1) << j;
            }
        }
        let p = h.len() - 1;
        bits[p / 64] |= u64::from(self.may_start(h, p)) << (p % 64);
        bits
    }

    /// Leftmost-longest matches of `h` as (start, end, pattern), in
    /// order: the match starting first, the longest of those starting
    /// there, then the same from its end on. These are the matches an
    /// Aho–Corasick automaton with leftmost-longest semantics reports
    /// (a test compares them with daachorse's). The places a pattern can
    /// start are found first for the whole of `h` ([`Self::starts`]), a
    /// branch at each of them having cost more than the bit tests.
    pub fn leftmost_longest(&self, h: &[u8]) -> Vec<(usize, usize, usize)> {
        let mut out = Vec::new();
        let bits = self.starts(h);
        let mut at = 0;
        while let Some(p) = next_bit(&bits, at) {
            let mut longest = None;
            self.each_at(h, p, |end, pid| longest = Some((end, pid)));
            match longest {
                Some((end, pid)) => {
                    out.push((p, end, pid as usize));
                    at = end;
                }
                None => at = p + 1,
            }
        }
        out
    }
}

/// The first set bit of `bits` at `from` or after.
fn next_bit(bits: &[u64], from: usize) -> Option<usize> {
    let mut w = from / 64;
    let mut word = bits.get(w)? & (u64::MAX << (from % 64));
    loop {
        if word != 0 {
            return Some(w * 64 + word.trailing_zeros() as usize);
        }
        w += 1;
        word = *bits.get(w)?;
    }
}

/// The scan [`Trie::leftmost_longest`] made before it gathered the starts
/// first: the reference of its test.
#[cfg(test)]
impl Trie {
    fn next_start(&self, h: &[u8], from: usize) -> usize {
        let mut p = from;
        if let Some(&first) = h.get(from) {
            let mut k = usize::from(first);
            for &c in &h[from + 1..] {
                k = (k << 8 | usize::from(c)) & 0xffff;
                if self.pairs[k >> 6] >> (k & 63) & 1 != 0 {
                    return p;
                }
                p += 1;
            }
            if self.may_start(h, p) {
                return p;
            }
        }
        h.len()
    }

    fn leftmost_longest_scanned(&self, h: &[u8]) -> Vec<(usize, usize, usize)> {
        let mut out = Vec::new();
        let mut at = 0;
        while at < h.len() {
            at = self.next_start(h, at);
            if at >= h.len() {
                break;
            }
            let mut longest = None;
            self.each_at(h, at, |end, p| longest = Some((end, p)));
            match longest {
                Some((end, p)) => {
                    out.push((at, end, p as usize));
                    at = end;
                }
                None => at += 1,
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::Trie;

    /// daachorse's leftmost-longest matches, the reference.
    fn reference(patterns: &[String], h: &str) -> Vec<(usize, usize, usize)> {
        crate::names::automaton(patterns).map_or_else(Vec::new, |ac| {
            ac.leftmost_find_iter(h)
                .map(|m| (m.start(), m.end(), m.value() as usize))
                .collect()
        })
    }

    /// Every fixture narrative and, when present, the shared corpora, folded.
    fn texts() -> Vec<String> {
        crate::test_corpus::narratives()
            .into_iter()
            .map(|(_, raw)| crate::normalize::Folded::new(&raw).text)
            .collect()
    }

    /// The trie finds what daachorse finds with both name pattern sets of
    /// the built-in lexicon (abbreviations over the text as written,
    /// names over it lowercased) on every fixture and corpus text.
    #[test]
    fn leftmost_longest_is_what_daachorse_finds_on_the_texts() {
        let lex = casecourse_knowledge::Lexicon::builtin().expect("built-in lexicon");
        let (ci, cs) = crate::names::surfaces(lex);
        let (ci_trie, cs_trie) = (Trie::new(&ci.patterns), Trie::new(&cs.patterns));
        let texts = texts();
        assert!(texts.len() >= 40, "only {} texts", texts.len());
        for t in &texts {
            assert_eq!(
                cs_trie.leftmost_longest(t.as_bytes()),
                reference(&cs.patterns, t)
            );
            let lower = t.to_ascii_lowercase();
            assert_eq!(
                ci_trie.leftmost_longest(lower.as_bytes()),
                reference(&ci.patterns, &lower)
            );
        }
    }

    /// The starts gathered first give the matches of the scan that
    /// tested each position as it went: the abbreviations of the built-in
    /// lexicon on every fixture and corpus text, and random sets on
    /// random texts over a small alphabet, across the 64-bit words.
    #[test]
    fn gathered_starts_match_as_the_scan() {
        let lex = casecourse_knowledge::Lexicon::builtin().expect("built-in lexicon");
        let (_, cs) = crate::names::surfaces(lex);
        let trie = Trie::new(&cs.patterns);
        let mut found = 0;
        for t in &texts() {
            let got = trie.leftmost_longest(t.as_bytes());
            assert_eq!(got, trie.leftmost_longest_scanned(t.as_bytes()));
            found += got.len();
        }
        assert!(found > 1000, "only {found} matches");
        let mut x = crate::test_corpus::Xorshift(0x1f83_d9ab_fb41_bd6b);
        for _ in 0..3000 {
            let patterns: Vec<String> = (0..1 + x.below(6))
                .map(|_| {
                    (0..1 + x.below(3))
                        .map(|_| ['a', 'b', 'c'][x.below(3)])
                        .collect()
                })
                .collect();
            let trie = Trie::new(&patterns);
            let hay: String = (0..x.below(200))
                .map(|_| ['a', 'b', 'c', 'd'][x.below(4)])
                .collect();
            assert_eq!(
                trie.leftmost_longest(hay.as_bytes()),
                trie.leftmost_longest_scanned(hay.as_bytes()),
                "{patterns:?} in {hay}"
            );
        }
    }

    /// The same on random small pattern sets over a three-letter alphabet,
    /// where patterns overlap, nest and hide one another all the time.
    #[test]
    fn leftmost_longest_is_what_daachorse_finds_on_random_sets() {
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = |n: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n) as usize
        };
        let word = |max: u64, next: &mut dyn FnMut(u64) -> usize| {
            let len = 1 + next(max);
            (0..len)
                .map(|_| ['a', 'b', 'c'][next(3)])
                .collect::<String>()
        };
        for _ in 0..2000 {
            let mut patterns: Vec<String> = Vec::new();
            for _ in 0..1 + next(8) {
                let p = word(5, &mut next);
                if !patterns.contains(&p) {
                    patterns.push(p);
                }
            }
            let hay = word(40, &mut next);
            let trie = Trie::new(&patterns);
            assert_eq!(
                trie.leftmost_longest(hay.as_bytes()),
                reference(&patterns, &hay),
                "{patterns:?} in {hay}"
            );
        }
    }
}
