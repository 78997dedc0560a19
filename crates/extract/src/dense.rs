//! Small sets of words found through a dense table: every occurrence,
//! overlapping ones included, or the leftmost-longest ones.
//!
//! aho-corasick's iterators over its full DFA cost ≈20–27 instructions a
//! byte (the time anchors' overlapping pass, the assertion triggers): its
//! search state lives in memory and is resumed for every match, and every
//! step goes through its general `Automaton` methods. The same automaton
//! copied into a table of byte classes, with the dead and reporting states
//! numbered last, is read by a loop of a few instructions a byte.

use aho_corasick::automaton::{Automaton, StateID};
use aho_corasick::dfa::DFA;
use aho_corasick::{Anchored, MatchKind};

use crate::fasthash::FxHashMap;

/// The words' Aho–Corasick automaton as a table.
pub struct Dense {
    /// Each byte's class: the bytes of the words (a letter and its other
    /// case alike, when case is ignored) have one each; all others share
    /// class 0, since they lead every state to the same place (the start,
    /// or the dead state of a leftmost automaton).
    class: [u8; 256],
    classes: usize,
    /// The next state's row (state × `classes`), at row + class.
    next: Vec<u32>,
    /// The start state's row.
    start: usize,
    /// Rows from here on are the dead state, if any, then the states that
    /// report matches.
    first_special: usize,
    /// The dead state's row (a leftmost search stops there).
    dead: Option<usize>,
    /// Rows from here on are states that report matches.
    first_match: usize,
    /// For each reporting state (in row order), its range of `outputs`.
    out_at: Vec<(u32, u32)>,
    /// Words reported, in the order the automaton reports them.
    outputs: Vec<u32>,
    /// Each word's length.
    lens: Vec<usize>,
}

impl Dense {
    /// The table of `words` (not empty), matched with `kind` (`Standard`
    /// for [`Dense::overlapping`], `LeftmostLongest` or `LeftmostFirst`
    /// for [`Dense::leftmost`]), ignoring ASCII case if `fold`; `None` if
    /// the automaton cannot be built.
    pub fn new<W: AsRef<[u8]>>(words: &[W], kind: MatchKind, fold: bool) -> Option<Dense> {
        if words.iter().any(|w| w.as_ref().is_empty()) {
            return None;
        }
        let dfa = DFA::builder()
            .match_kind(kind)
            .ascii_case_insensitive(fold)
            .build(words)
            .ok()?;
        let mut class = [0u8; 256];
        let mut reps = vec![None];
        for w in words {
            for &b in w.as_ref() {
                let low = if fold { b.to_ascii_lowercase() } else { b };
                if class[usize::from(low)] == 0 {
                    class[usize::from(low)] = u8::try_from(reps.len()).ok()?;
                    reps.push(Some(low));
                }
                if fold {
                    class[usize::from(low.to_ascii_uppercase())] = class[usize::from(low)];
                }
            }
        }
        // A byte of class 0, if any byte is in no word.
        reps[0] = (0..=255u8).find(|&b| class[usize::from(b)] == 0);
        let classes = reps.len();
        // The reachable states, breadth first from the start.
        let start = dfa.start_state(Anchored::No).ok()?;
        let mut states: Vec<StateID> = vec![start];
        let mut index: FxHashMap<usize, usize> = FxHashMap::default();
        index.insert(start.as_usize(), 0);
        let mut targets: Vec<usize> = Vec::new();
        let mut k = 0;
        while k < states.len() {
            let sid = states[k];
            for rep in &reps {
                let Some(byte) = *rep else {
                    // No byte is in this class: never taken.
                    targets.push(0);
                    continue;
                };
                let to = dfa.next_state(Anchored::No, sid, byte);
                let n = states.len();
                let i = *index.entry(to.as_usize()).or_insert(n);
                if i == n {
                    states.push(to);
                }
                targets.push(i);
            }
            k += 1;
        }
        // Number the dead state, then the reporting states, last.
        let rank = |i: usize| match (dfa.is_dead(states[i]), dfa.is_match(states[i])) {
            (false, false) => 0,
            (true, _) => 1,
            (false, true) => 2,
        };
        let mut order: Vec<usize> = (0..states.len()).collect();
        order.sort_by_key(|&i| rank(i));
        let mut row = vec![0usize; states.len()];
        for (new, &old) in order.iter().enumerate() {
            row[old] = new * classes;
        }
        let first_of = |r: usize| {
            order
                .iter()
                .position(|&i| rank(i) >= r)
                .unwrap_or(order.len())
                * classes
        };
        let (first_special, first_match) = (first_of(1), first_of(2));
        let dead = (first_special < first_match).then_some(first_special);
        let mut next = vec![0u32; states.len() * classes];
        for (old, t) in targets.chunks(classes).enumerate() {
            for (c, &to) in t.iter().enumerate() {
                next[row[old] + c] = u32::try_from(row[to]).ok()?;
            }
        }
        let mut out_at = Vec::new();
        let mut outputs = Vec::new();
        for &old in &order {
            let sid = states[old];
            if dfa.is_match(sid) {
                let a = outputs.len() as u32;
                for m in 0..dfa.match_len(sid) {
                    outputs.push(dfa.match_pattern(sid, m).as_u32());
                }
                out_at.push((a, outputs.len() as u32));
            }
        }
        let lens = words.iter().map(|w| w.as_ref().len()).collect();
        Some(Dense {
            class,
            classes,
            next,
            start: row[0],
            first_special,
            dead,
            first_match,
            out_at,
            outputs,
            lens,
        })
    }

    /// Calls `each(start, end, word)` for every occurrence in `hay`, by
    /// end, as aho-corasick's overlapping iterator reports them.
    pub fn overlapping(&self, hay: &[u8], mut each: impl FnMut(usize, usize, usize)) {
        // Locals, so the loop keeps them in registers.
        let (next, class, first_match) = (&self.next[..], &self.class, self.first_match);
        let mut row = self.start;
        for (i, &b) in hay.iter().enumerate() {
            row = next[row + usize::from(class[usize::from(b)])] as usize;
            if row >= first_match {
                self.report(row, i + 1, &mut each);
            }
        }
    }

    /// Calls `each` for the words the state at `row` reports, ending at
    /// `end`. Not inlined: the caller's closure inside the loop took the
    /// registers of the loop, which then kept its state in memory (≈20
    /// instructions a byte instead of a few).
    #[inline(never)]
    fn report(&self, row: usize, end: usize, each: &mut impl FnMut(usize, usize, usize)) {
        let (a, z) = self.out_at[(row - self.first_match) / self.classes];
        for &w in &self.outputs[a as usize..z as usize] {
            let w = w as usize;
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
        let (next, class, first_special) = (&self.next[..], &self.class, self.first_special);
        let dead = self.dead.unwrap_or(usize::MAX);
        let mut row = self.start;
        let mut found = None;
        for (i, &b) in hay.iter().enumerate().skip(at) {
            row = next[row + usize::from(class[usize::from(b)])] as usize;
            if row >= first_special {
                if row == dead {
                    break;
                }
                let (a, _) = self.out_at[(row - self.first_match) / self.classes];
                found = Some((self.outputs[a as usize] as usize, i + 1));
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
