//! A trie walked from chosen positions, for pattern sets whose matches
//! start at few places of a text.
//!
//! An Aho–Corasick scan pays for every byte of the text (≈40 instructions
//! a byte in daachorse's leftmost iterator, failure links included), even
//! where no pattern can start. The abbreviations ("MMF", "CK", "pH") start
//! at under 5 % of the positions of clinical prose once their first two
//! bytes are checked: a walk from those positions alone, through a table
//! for the first two bytes and short child lists after, finds the same
//! matches for a fraction of the work.

/// No pattern ends at a node.
const NONE: u32 = u32::MAX;

/// Patterns (byte strings) as a trie. Node 0 is the root; the nodes one
/// byte deep have a dense row of 256 children each, deeper nodes a short
/// list.
pub struct Trie {
    /// The node for each first byte (0: no pattern starts with it).
    first: Box<[u32; 256]>,
    /// For each first byte, its row in `second` (only those in `first`).
    row: Box<[u32; 256]>,
    /// The node for each first byte's row and second byte (0: none).
    second: Vec<u32>,
    /// For each node: the pattern ending there (`NONE` if none), and its
    /// children as a range of `kid_bytes` / `kid_nodes`.
    nodes: Vec<Node>,
    kid_bytes: Vec<u8>,
    kid_nodes: Vec<u32>,
    /// One bit per pair of bytes (first << 8 | second): whether a pattern
    /// can start with that pair (it starts with both, or the first byte
    /// alone is one).
    pairs: Box<[u64; 1024]>,
}

#[derive(Clone, Copy)]
struct Node {
    out: u32,
    kids: u32,
    kid_count: u32,
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
        // Each node's children as one range, in node (so byte) order.
        let mut nodes: Vec<Node> = out
            .iter()
            .map(|&o| Node {
                out: o,
                kids: 0,
                kid_count: 0,
            })
            .collect();
        for &q in &parent[1..] {
            nodes[q as usize].kid_count += 1;
        }
        let mut next = 0;
        for n in &mut nodes {
            n.kids = next;
            next += n.kid_count;
        }
        let mut kid_bytes = vec![0u8; next as usize];
        let mut kid_nodes = vec![0u32; next as usize];
        let mut filled = vec![0u32; nodes.len()];
        for n in 1..nodes.len() {
            let q = parent[n] as usize;
            let at = (nodes[q].kids + filled[q]) as usize;
            kid_bytes[at] = byte[n];
            kid_nodes[at] = n as u32;
            filled[q] += 1;
        }
        // The first two bytes in tables.
        let mut first = Box::new([0u32; 256]);
        let mut row = Box::new([0u32; 256]);
        let mut pairs = Box::new([0u64; 1024]);
        let root = nodes[0];
        let depth1 = root.kids as usize..(root.kids + root.kid_count) as usize;
        let mut second = vec![0u32; depth1.len() * 256];
        for (r, k) in depth1.enumerate() {
            let (c, n) = (kid_bytes[k], kid_nodes[k] as usize);
            first[usize::from(c)] = n as u32;
            row[usize::from(c)] = r as u32;
            if out[n] != NONE {
                // The first byte alone is a pattern: any second byte.
                pairs[usize::from(c) * 4..usize::from(c) * 4 + 4].fill(u64::MAX);
            }
            let kids = nodes[n].kids as usize..(nodes[n].kids + nodes[n].kid_count) as usize;
            for k2 in kids {
                let c2 = kid_bytes[k2];
                second[r * 256 + usize::from(c2)] = kid_nodes[k2];
                let bit = usize::from(c) << 8 | usize::from(c2);
                pairs[bit >> 6] |= 1 << (bit & 63);
            }
        }
        Trie {
            first,
            row,
            second,
            nodes,
            kid_bytes,
            kid_nodes,
            pairs,
        }
    }

    /// The child of `node` (two or more bytes deep) for byte `c`.
    fn child(&self, node: u32, c: u8) -> Option<u32> {
        let n = self.nodes[node as usize];
        let from = n.kids as usize;
        let bytes = &self.kid_bytes[from..from + n.kid_count as usize];
        bytes
            .iter()
            .position(|&b| b == c)
            .map(|k| self.kid_nodes[from + k])
    }

    /// Calls `each(end, pattern)` for every pattern starting at `h[at]`,
    /// shortest first.
    pub fn each_at(&self, h: &[u8], at: usize, mut each: impl FnMut(usize, u32)) {
        let Some(&c) = h.get(at) else { return };
        let mut node = self.first[usize::from(c)];
        if node == 0 {
            return;
        }
        let mut end = at + 1;
        loop {
            let o = self.nodes[node as usize].out;
            if o != NONE {
                each(end, o);
            }
            let Some(&c) = h.get(end) else { return };
            let next = if end == at + 1 {
                let r = self.row[usize::from(h[at])] as usize;
                Some(self.second[r * 256 + usize::from(c)]).filter(|&n| n != 0)
            } else {
                self.child(node, c)
            };
            match next {
                Some(n) => {
                    node = n;
                    end += 1;
                }
                None => return,
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
                let node = self.first[usize::from(c)];
                node != 0 && self.nodes[node as usize].out != NONE
            }),
        }
    }

    /// Leftmost-longest matches of `h` as (start, end, pattern), in
    /// order: the match starting first, the longest of those starting
    /// there, then the same from its end on. These are the matches an
    /// Aho–Corasick automaton with leftmost-longest semantics reports
    /// (a test compares them with daachorse's).
    pub fn leftmost_longest(&self, h: &[u8]) -> Vec<(usize, usize, usize)> {
        let mut out = Vec::new();
        let mut at = 0;
        while at < h.len() {
            if !self.may_start(h, at) {
                at += 1;
                continue;
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

    /// Every fixture narrative and, when present, the shared corpora.
    fn texts() -> Vec<String> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let mut dirs = vec![root.join("../shared/cases")];
        for parent in [
            root.join("tests/fixtures"),
            root.join("../shared/corpora/maccrobat2020"),
        ] {
            if let Ok(parts) = std::fs::read_dir(parent) {
                dirs.extend(parts.filter_map(|p| p.ok()).map(|p| p.path()));
            }
        }
        let mut out = Vec::new();
        for dir in dirs {
            let Ok(files) = std::fs::read_dir(&dir) else {
                continue;
            };
            for file in files.filter_map(|f| f.ok()).map(|f| f.path()) {
                if file.extension().is_some_and(|e| e == "txt")
                    && let Ok(raw) = std::fs::read_to_string(&file)
                {
                    out.push(crate::normalize::Folded::new(&raw).text);
                }
            }
        }
        out
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
