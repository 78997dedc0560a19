//! Small sets of words found through aho-corasick's full DFA, read by our
//! own loops: every occurrence, overlapping ones included, or the
//! leftmost-longest ones.
//!
//! aho-corasick's iterators over its full DFA cost ≈20–27 instructions a
//! byte (the time anchors' overlapping pass, the assertion triggers): its
//! search state lives in memory and is resumed for every match, through
//! its general search routine. The same DFA's transitions, read by a loop
//! that keeps its state in registers and hands matches out of line, cost
//! about ten. (A copy of the DFA into a table of our own read no faster
//! and took longer to build.)

use aho_corasick::automaton::{Automaton, StateID};
use aho_corasick::dfa::DFA;
use aho_corasick::{Anchored, MatchKind, StartKind};

/// A set of words and its DFA.
pub struct Dense {
    dfa: DFA,
    /// The unanchored start state.
    start: StateID,
    /// Each word's length.
    lens: Vec<usize>,
}

impl Dense {
    /// The DFA of `words` (not empty), matched with `kind` (`Standard`
    /// for [`Dense::overlapping`], `LeftmostLongest` or `LeftmostFirst`
    /// for [`Dense::leftmost`]), ignoring ASCII case if `fold`; `None` if
    /// it cannot be built.
    pub fn new<W: AsRef<[u8]>>(words: &[W], kind: MatchKind, fold: bool) -> Option<Dense> {
        if words.iter().any(|w| w.as_ref().is_empty()) {
            return None;
        }
        // Unanchored searches only, and no prefilter (the loops below do
        // not use one).
        let dfa = DFA::builder()
            .match_kind(kind)
            .ascii_case_insensitive(fold)
            .prefilter(false)
            .start_kind(StartKind::Unanchored)
            .build(words)
            .ok()?;
        let start = dfa.start_state(Anchored::No).ok()?;
        let lens = words.iter().map(|w| w.as_ref().len()).collect();
        Some(Dense { dfa, start, lens })
    }

    /// Calls `each(start, end, word)` for every occurrence in `hay`, by
    /// end, as aho-corasick's overlapping iterator reports them.
    pub fn overlapping(&self, hay: &[u8], mut each: impl FnMut(usize, usize, usize)) {
        let dfa = &self.dfa;
        let mut sid = self.start;
        for (i, &b) in hay.iter().enumerate() {
            sid = dfa.next_state(Anchored::No, sid, b);
            if dfa.is_special(sid) && dfa.is_match(sid) {
                self.report(sid, i + 1, &mut each);
            }
        }
    }

    /// Calls `each` for the words the state `sid` reports, ending at
    /// `end`. Not inlined: the caller's closure inside the loop took the
    /// registers of the loop, which then kept its state in memory (≈20
    /// instructions a byte instead of ten).
    #[inline(never)]
    fn report(&self, sid: StateID, end: usize, each: &mut impl FnMut(usize, usize, usize)) {
        for m in 0..self.dfa.match_len(sid) {
            let w = self.dfa.match_pattern(sid, m).as_usize();
            each(end - self.lens[w], end, w);
        }
    }

    /// Calls `each(start, end, word)` for every match in `hay`, in order,
    /// as aho-corasick's `find_iter` reports them: each search runs from
    /// the end of the last match until the dead state or the end of `hay`,
    /// and reports the last match it passed.
    pub fn leftmost(&self, hay: &[u8], mut each: impl FnMut(usize, usize, usize)) {
        let mut at = 0;
        while let Some((w, end)) = self.leftmost_from(hay, at) {
            each(end - self.lens[w], end, w);
            at = end;
        }
    }

    /// The first leftmost match from `at` on, as (word, end). Its own
    /// function, so that the loop has the registers to itself (see
    /// [`Self::report`]).
    #[inline(never)]
    fn leftmost_from(&self, hay: &[u8], at: usize) -> Option<(usize, usize)> {
        let dfa = &self.dfa;
        let mut sid = self.start;
        let mut found = None;
        for (i, &b) in hay.iter().enumerate().skip(at) {
            sid = dfa.next_state(Anchored::No, sid, b);
            if dfa.is_special(sid) {
                if dfa.is_dead(sid) {
                    break;
                }
                if dfa.is_match(sid) {
                    found = Some((dfa.match_pattern(sid, 0).as_usize(), i + 1));
                }
            }
        }
        found
    }
}

#[cfg(test)]
pub mod tests {
    use super::*;
    use aho_corasick::{AhoCorasick, AhoCorasickKind};

    fn same(words: &[String], hay: &str) {
        let ac = AhoCorasick::builder()
            .kind(Some(AhoCorasickKind::DFA))
            .match_kind(MatchKind::Standard)
            .ascii_case_insensitive(true)
            .build(words)
            .expect("automaton");
        let want: Vec<(usize, usize, usize)> = ac
            .find_overlapping_iter(hay)
            .map(|m| (m.start(), m.end(), m.pattern().as_usize()))
            .collect();
        let table = Dense::new(words, MatchKind::Standard, true).expect("table");
        let mut got = Vec::new();
        table.overlapping(hay.as_bytes(), |s, e, w| got.push((s, e, w)));
        assert_eq!(got, want, "{words:?} in {hay:?}");
        for kind in [MatchKind::LeftmostLongest, MatchKind::LeftmostFirst] {
            same_leftmost(words, hay, kind);
        }
    }

    /// The leftmost matches of `words` (case as written) in `hay` are
    /// aho-corasick's.
    pub fn same_leftmost(words: &[String], hay: &str, kind: MatchKind) {
        let ac = AhoCorasick::builder()
            .kind(Some(AhoCorasickKind::DFA))
            .match_kind(kind)
            .build(words)
            .expect("automaton");
        let want: Vec<(usize, usize, usize)> = ac
            .find_iter(hay)
            .map(|m| (m.start(), m.end(), m.pattern().as_usize()))
            .collect();
        let table = Dense::new(words, kind, false).expect("table");
        let mut got = Vec::new();
        table.leftmost(hay.as_bytes(), |s, e, w| got.push((s, e, w)));
        assert_eq!(got, want, "{kind:?}: {words:?} in {hay:?}");
    }

    /// The same occurrences as aho-corasick's overlapping iterator, and
    /// the same leftmost matches as its `find_iter`: for clinical words
    /// over every fixture and corpus text, and for random small word sets
    /// over a small alphabet (where words nest and overlap) in random
    /// texts.
    #[test]
    fn occurrences_are_aho_corasicks() {
        let words: Vec<String> = [
            "day",
            "days",
            "week",
            "weeks",
            "month",
            "mo",
            "admission",
            "admitted",
            "later",
            "after",
            "follow-up",
            "follow up",
            "jan",
            "january",
            "may",
            "hospital",
            "hospitali",
            "d",
            "h",
            "x",
            "in",
            "at",
        ]
        .iter()
        .map(|w| w.to_string())
        .collect();
        for (_, t) in crate::test_corpus::narratives() {
            same(&words, &t);
        }
        let alphabet = ['a', 'b', 'A', 'B', ' ', '-', 'é'];
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for _ in 0..3000 {
            let mut set: Vec<String> = Vec::new();
            for _ in 0..1 + next() % 6 {
                let len = 1 + next() % 4;
                // Mostly lowercase: case-blind sets have no capitals.
                let w: String = (0..len)
                    .map(|_| {
                        let r = next();
                        let c = alphabet[(r % 5) as usize];
                        if r % 17 == 0 {
                            c
                        } else {
                            c.to_ascii_lowercase()
                        }
                    })
                    .collect();
                if !set.contains(&w) {
                    set.push(w);
                }
            }
            let len = next() % 40;
            let hay: String = (0..len)
                .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
                .collect();
            same(&set, &hay);
        }
    }
}
