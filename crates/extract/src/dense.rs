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

    /// [`Self::overlapping`] of `hay` and `other`'s [`Self::leftmost`]
    /// of `other_hay` in one loop over their bytes, when the two are as
    /// long (else one after the other). Each search's transitions wait on
    /// the one before (a load from a table larger than the first cache
    /// level); two searches that do not wait on each other overlap, where
    /// two passes paid for both in turn. `each` and `each_other` are
    /// called as the two passes call them, in the same order for each.
    pub fn overlapping_with_leftmost(
        &self,
        hay: &[u8],
        other: &Dense,
        other_hay: &[u8],
        mut each: impl FnMut(usize, usize, usize),
        mut each_other: impl FnMut(usize, usize, usize),
    ) {
        if hay.len() != other_hay.len() {
            self.overlapping(hay, each);
            other.leftmost(other_hay, each_other);
            return;
        }
        let dfa = &self.dfa;
        let mut sid = self.start;
        let mut walk = Leftmost::new(other);
        for (i, &b) in hay.iter().enumerate() {
            sid = dfa.next_state(Anchored::No, sid, b);
            if dfa.is_special(sid) && dfa.is_match(sid) {
                self.report(sid, i + 1, &mut each);
            }
            // `walk.at` never passes `i`: it moves one byte per byte of
            // `hay`, or back to the end of a match.
            walk.step(other_hay, &mut each_other);
        }
        while !walk.done {
            if walk.at < other_hay.len() {
                walk.step(other_hay, &mut each_other);
            } else {
                walk.end_of_hay(&mut each_other);
            }
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

/// [`Dense::leftmost`] one byte at a time: the searches of
/// [`Dense::leftmost_from`] one after the other, each from the end of the
/// last match, kept as a state and a position.
struct Leftmost<'d> {
    set: &'d Dense,
    sid: StateID,
    /// The next byte to read.
    at: usize,
    /// The last match of the current search, as (word, end).
    found: Option<(usize, usize)>,
    /// No search is left (a search ended without a match).
    done: bool,
}

impl<'d> Leftmost<'d> {
    fn new(set: &'d Dense) -> Leftmost<'d> {
        Leftmost {
            set,
            sid: set.start,
            at: 0,
            found: None,
            done: false,
        }
    }

    /// Reads the byte at `at` (which must lie in `hay`) unless done.
    #[inline(always)]
    fn step(&mut self, hay: &[u8], each: &mut impl FnMut(usize, usize, usize)) {
        if self.done {
            return;
        }
        let dfa = &self.set.dfa;
        self.sid = dfa.next_state(Anchored::No, self.sid, hay[self.at]);
        self.at += 1;
        if dfa.is_special(self.sid) {
            if dfa.is_dead(self.sid) {
                self.end_search(each);
            } else if dfa.is_match(self.sid) {
                self.found = Some((dfa.match_pattern(self.sid, 0).as_usize(), self.at));
            }
        }
    }

    /// The search reached the end of the haystack.
    fn end_of_hay(&mut self, each: &mut impl FnMut(usize, usize, usize)) {
        self.end_search(each);
    }

    /// Ends the current search: reports its match and starts the next at
    /// the match's end, or stops when it found none.
    #[inline(never)]
    fn end_search(&mut self, each: &mut impl FnMut(usize, usize, usize)) {
        match self.found.take() {
            Some((w, end)) => {
                each(end - self.set.lens[w], end, w);
                self.at = end;
                self.sid = self.set.start;
            }
            None => self.done = true,
        }
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

    /// `a`'s overlapping occurrences in `hay` and `b`'s leftmost matches
    /// in `other`, searched in one loop, are those of the two passes.
    fn same_in_one_loop(a: &Dense, b: &Dense, hay: &[u8], other: &[u8]) {
        let (mut want_a, mut want_b) = (Vec::new(), Vec::new());
        a.overlapping(hay, |s, e, w| want_a.push((s, e, w)));
        b.leftmost(other, |s, e, w| want_b.push((s, e, w)));
        let (mut got_a, mut got_b) = (Vec::new(), Vec::new());
        a.overlapping_with_leftmost(
            hay,
            b,
            other,
            |s, e, w| got_a.push((s, e, w)),
            |s, e, w| got_b.push((s, e, w)),
        );
        assert_eq!(got_a, want_a, "{hay:?} / {other:?}");
        assert_eq!(got_b, want_b, "{hay:?} / {other:?}");
    }

    /// The two searches in one loop find what they find in two passes:
    /// the time anchors' words (case ignored) and the lexicon's trigger
    /// phrases (over the lowercased text) on every fixture and corpus
    /// text, and random small sets of both kinds on random texts, of the
    /// same length or not.
    #[test]
    fn one_loop_finds_what_two_passes_find() {
        let lex = casecourse_knowledge::Lexicon::builtin().expect("built-in lexicon");
        let words = [
            "day", "days", "week", "mo", "month", "after", "later", "may", "d", "h",
        ];
        let anchors = Dense::new(&words, MatchKind::Standard, true).expect("anchors");
        let phrases: Vec<String> = lex
            .triggers
            .iter()
            .map(|t| t.phrase.to_ascii_lowercase())
            .filter(|p| !p.is_empty())
            .collect();
        let triggers = Dense::new(&phrases, MatchKind::LeftmostLongest, false).expect("triggers");
        for (_, t) in crate::test_corpus::narratives() {
            same_in_one_loop(
                &anchors,
                &triggers,
                t.as_bytes(),
                t.to_ascii_lowercase().as_bytes(),
            );
        }
        let alphabet = ['a', 'b', 'A', 'B', ' ', '-', 'é'];
        let mut x = crate::test_corpus::Xorshift(0x0dd_ba11_5eed_0019);
        let word = |max: u64, x: &mut crate::test_corpus::Xorshift| -> String {
            (0..1 + x.below(max))
                .map(|_| alphabet[x.below(5)].to_ascii_lowercase())
                .collect()
        };
        for round in 0..5000 {
            let mut sets: [Vec<String>; 2] = Default::default();
            for set in &mut sets {
                for _ in 0..1 + x.below(6) {
                    let w = word(4, &mut x);
                    if !set.contains(&w) {
                        set.push(w);
                    }
                }
            }
            let len = x.below(120);
            let hay: String = (0..len).map(|_| alphabet[x.below(7)]).collect();
            let other: String = if round % 10 == 0 {
                (0..x.below(120)).map(|_| alphabet[x.below(7)]).collect()
            } else {
                hay.to_lowercase()
            };
            let a = Dense::new(&sets[0], MatchKind::Standard, true).expect("a");
            for kind in [MatchKind::LeftmostLongest, MatchKind::LeftmostFirst] {
                let b = Dense::new(&sets[1], kind, false).expect("b");
                same_in_one_loop(&a, &b, hay.as_bytes(), other.as_bytes());
            }
        }
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
