//! Dictionary matching of every lexicon surface in one pass.
//!
//! Two Aho–Corasick automata (leftmost-longest): one for names and aliases,
//! run over an ASCII-lowercased copy of the text (same byte offsets, so no
//! case-folding inside the automaton), one case-sensitive for abbreviations
//! ("MMF", "CK", "IV"). Matches must sit on word boundaries; where they
//! overlap the longer wins, so "anti-MDA5 antibody" beats "MDA5".
//!
//! The automata are double arrays (daachorse): ≈10k surfaces compile in a
//! few milliseconds and search at several hundred MB/s, where a
//! case-insensitive `aho-corasick` NFA took ≈130 ms to build and searched
//! ten times slower. The built-in lexicon's name automata are compiled
//! when the crate is built (`build.rs`, [`crate::names`]) and only read at
//! start-up.

use casecourse_knowledge::Lexicon;
use daachorse::DoubleArrayAhoCorasick;

use crate::dense::Dense;
use crate::fasthash::FxHashMap;

pub use crate::names::Cat;
use crate::names::Patterns;
use crate::trie::Trie;

/// One dictionary hit in the folded text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Mention {
    /// Folded byte start.
    pub start: usize,
    /// Folded byte end.
    pub end: usize,
    /// Category.
    pub cat: Cat,
    /// Index into the category's lexicon table.
    pub idx: usize,
}

/// What one surface names: every (category, lexicon index) it stands for.
type Meanings = [(Cat, usize)];

/// Whether every meaning of a surface is a route of administration.
fn route_only(ids: &Meanings) -> bool {
    ids.iter().all(|&(cat, _)| cat == Cat::Route)
}

/// The compiled matchers.
pub struct Matcher {
    names: Names,
    phrases: Phrases,
}

/// Names, aliases and abbreviations: ≈10k surfaces.
pub struct Names {
    insensitive: Automaton,
    insensitive_ids: Vec<Vec<(Cat, usize)>>,
    /// The abbreviations: ≈1k surfaces, which start at under 5 % of the
    /// positions of a text (see [`crate::trie`]).
    sensitive: Trie,
    sensitive_ids: Vec<Vec<(Cat, usize)>>,
}

/// Cues and assertion triggers: about a thousand short phrases, each
/// found many times per document.
pub struct Phrases {
    triggers: SmallSet,
    trigger_ids: Vec<usize>,
    cues: PrefixSet,
    cue_ids: Vec<Vec<(Cat, usize)>>,
    /// The role of each `lexicon.cues[i]` as a small number, so hits are
    /// grouped by role without hashing or comparing its name.
    cue_roles: Vec<usize>,
    role_count: usize,
}

/// A compiled pattern set; `None` when it has no patterns (the double
/// array cannot be empty). Values are indices into the pattern list.
struct Automaton(Option<DoubleArrayAhoCorasick<u32>>);

impl Automaton {
    /// Leftmost-longest matches as (start, end, pattern).
    fn leftmost<'a>(&'a self, hay: &'a str) -> impl Iterator<Item = (usize, usize, usize)> + 'a {
        self.0.iter().flat_map(move |ac| {
            ac.leftmost_find_iter(hay)
                .map(|m| (m.start(), m.end(), m.value() as usize))
        })
    }

    /// Leftmost-longest matches on word boundaries of `text` (`lower` is
    /// it ASCII-lowercased), by start. A longest match that starts a word
    /// but ends inside one ("troponin i" in "troponin is", "influenza a"
    /// in "influenza and") gives way to the longest match from the same
    /// start that ends on a boundary ("troponin"), and the search goes on
    /// right after it.
    fn on_boundaries(&self, text: &str, lower: &str, mut each: impl FnMut(usize, usize, usize)) {
        let Some(ac) = &self.0 else {
            return;
        };
        let mut from = 0;
        'search: while from < lower.len() {
            for m in ac.leftmost_find_iter(&lower[from..]) {
                let (s, e) = (from + m.start(), from + m.end());
                if on_word_boundaries(text, s, e) {
                    each(s, e, m.value() as usize);
                } else if on_word_boundaries(text, s, s)
                    && let Some((end, p)) = Self::shorter(ac, text, lower, s, e)
                {
                    each(s, end, p);
                    from = end;
                    continue 'search;
                }
            }
            break;
        }
    }

    /// The longest match from `s` that ends on a word boundary before `e`:
    /// searched in the text cut at each word end before `e`, the last
    /// first (most failed matches hold one or two words).
    fn shorter(
        ac: &DoubleArrayAhoCorasick<u32>,
        text: &str,
        lower: &str,
        s: usize,
        e: usize,
    ) -> Option<(usize, usize)> {
        let b = lower.as_bytes();
        (s + 1..e)
            .rev()
            .filter(|&c| is_word_byte(b[c - 1]) && !is_word_byte(b[c]))
            .find_map(|cut| {
                let m = ac.leftmost_find_iter(&lower[s..cut]).next()?;
                let end = s + m.end();
                (m.start() == 0 && on_word_boundaries(text, s, end))
                    .then_some((end, m.value() as usize))
            })
    }
}

/// The assertion triggers (a few hundred phrases) as a full DFA read
/// through a dense table (see [`crate::dense`]): one table lookup per
/// byte, where a contiguous NFA (as fast to build as the double array)
/// read them three times slower. The DFA costs ≈18 M instructions more
/// to build, which start-up affords now that the name automata are
/// compiled at build time. `None` finds nothing (no patterns).
struct SmallSet(Option<Dense>);

impl SmallSet {
    fn build(patterns: &[String]) -> SmallSet {
        SmallSet(Dense::new(
            patterns,
            aho_corasick::MatchKind::LeftmostLongest,
            false,
        ))
    }

    /// Calls `each(start, end, pattern)` for the leftmost-longest
    /// matches, in order.
    #[cfg(test)]
    fn leftmost(&self, hay: &str, each: impl FnMut(usize, usize, usize)) {
        if let Some(d) = &self.0 {
            d.leftmost(hay.as_bytes(), each);
        }
    }
}

/// Phrases found by walking their trie from each position that does not
/// sit inside a word, which is where every match that can pass
/// [`on_word_boundaries`] starts. Unlike a scan of every byte through
/// failure links, most walks end after a byte or two. Only for
/// overlapping matches: a leftmost search must see the matches inside
/// words too, since they hide later ones. The walk is [`Trie::each_at`]:
/// its table of the first two bytes ends most walks with one lookup,
/// where a contiguous NFA's sparse states cost several times that.
struct PrefixSet {
    trie: Trie,
    /// For each byte: [`FIRST`] if some phrase starts with it (a walk from
    /// any other byte ends at once, so it is not started), and [`WORD`] if
    /// it is a word byte (see [`on_word_boundaries`]).
    class: [u8; 256],
}

/// A byte some phrase starts with.
const FIRST: u8 = 1;
/// A byte that continues a word ([`is_word_byte`]).
const WORD: u8 = 2;

impl PrefixSet {
    fn build(patterns: &[String]) -> PrefixSet {
        let mut class = [0u8; 256];
        for (b, k) in (0..=255u8).zip(class.iter_mut()) {
            if is_word_byte(b) {
                *k |= WORD;
            }
        }
        for p in patterns {
            if let Some(&b) = p.as_bytes().first() {
                class[usize::from(b)] |= FIRST;
            }
        }
        PrefixSet {
            trie: Trie::new(patterns),
            class,
        }
    }

    /// Every match on word boundaries of `text`, as (start, end,
    /// pattern), by start; `lower` is `text` ASCII-lowercased.
    fn on_boundaries(&self, text: &str, lower: &str) -> Vec<(usize, usize, usize)> {
        // Room for a phrase every 32 bytes, as in most texts.
        let mut out = Vec::with_capacity(text.len() / 32);
        let b = lower.as_bytes();
        // The class of the byte before `p`, carried along: one table
        // lookup per byte of the text decides whether a walk starts. The
        // starts of 64 bytes are gathered as bits first, without a branch
        // per byte (a branch at every word start was mispredicted often),
        // then walked in order.
        let mut before = 0u8;
        for (k, chunk) in b.chunks(64).enumerate() {
            let mut starts = 0u64;
            for (j, &c) in chunk.iter().enumerate() {
                let here = self.class[usize::from(c)];
                let start = here & FIRST != 0 && here & before & WORD == 0;
                before = here;
                starts |= u64::from(start) << j;
            }
            while starts != 0 {
                let p = k * 64 + starts.trailing_zeros() as usize;
                starts &= starts - 1;
                self.trie.each_at(b, p, |e, pid| {
                    if on_word_boundaries(text, p, e) {
                        out.push((p, e, pid as usize));
                    }
                });
            }
        }
        out
    }
}

#[cfg(test)]
impl PrefixSet {
    /// [`PrefixSet::on_boundaries`] as it was, deciding at each byte
    /// whether to walk: the reference of its test.
    fn on_boundaries_bytewise(&self, text: &str, lower: &str) -> Vec<(usize, usize, usize)> {
        let mut out = Vec::new();
        let b = lower.as_bytes();
        let mut before = 0u8;
        for (p, &c) in b.iter().enumerate() {
            let here = self.class[usize::from(c)];
            let inside_word = here & before & WORD != 0;
            before = here;
            if here & FIRST == 0 || inside_word {
                continue;
            }
            self.trie.each_at(b, p, |e, pid| {
                if on_word_boundaries(text, p, e) {
                    out.push((p, e, pid as usize));
                }
            });
        }
        out
    }
}

/// The phrase automata (the name automata are built in [`crate::names`]).
impl Patterns {
    /// An automaton that reports every match, overlapping ones included
    /// (cues of different roles share words: "strong positivity").
    fn build_overlapping(self) -> (PrefixSet, Vec<Vec<(Cat, usize)>>) {
        (PrefixSet::build(&self.patterns), self.ids)
    }

    /// A small leftmost-longest set (see [`SmallSet`]).
    fn build_small(self) -> (SmallSet, Vec<Vec<(Cat, usize)>>) {
        (SmallSet::build(&self.patterns), self.ids)
    }

    fn build(self) -> (Automaton, Vec<Vec<(Cat, usize)>>) {
        (Automaton(crate::names::automaton(&self.patterns)), self.ids)
    }
}

impl Names {
    /// Compiles every name, alias and abbreviation of `lex`.
    pub fn new(lex: &Lexicon) -> Names {
        let (ci, cs) = crate::names::surfaces(lex);
        let (insensitive, insensitive_ids) = ci.build();
        let (abbreviations, sensitive_ids) = cs.into_sorted();
        Names {
            insensitive,
            insensitive_ids,
            sensitive: Trie::new(&abbreviations),
            sensitive_ids,
        }
    }

    /// The automata of the built-in lexicon, as `build.rs` compiled them:
    /// reading them takes a few milliseconds less than compiling them,
    /// and that was the largest part of start-up.
    #[allow(unsafe_code)]
    pub fn builtin() -> Names {
        // SAFETY: build.rs wrote these bytes with `names::to_bytes`, from
        // automata that the daachorse this crate is built with compiled
        // (the lock file pins one version for both);
        // `builtin_names_are_what_new_compiles` compares them with a fresh
        // compile of the same lexicon.
        let (parts, abbreviations) = unsafe { crate::names::from_bytes(BUILTIN_NAMES, 2) };
        let [(ci, insensitive_ids), (_, sensitive_ids)]: [_; 2] = parts
            .try_into()
            .unwrap_or_else(|_| unreachable!("from_bytes returns the two parts asked for"));
        Names {
            insensitive: Automaton(ci),
            insensitive_ids,
            sensitive: Trie::new(&abbreviations),
            sensitive_ids,
        }
    }
}

/// The built-in lexicon's name automata and what their patterns name
/// (see [`crate::names::to_bytes`]).
static BUILTIN_NAMES: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/names.bin"));

impl Phrases {
    /// Compiles the cues and triggers of `lex`.
    pub fn new(lex: &Lexicon) -> Phrases {
        let mut tp = Patterns::default();
        for (i, t) in lex.triggers.iter().enumerate() {
            tp.add(&t.phrase, Cat::Trigger, i, true);
        }
        let mut cp = Patterns::default();
        for (i, c) in lex.cues.iter().enumerate() {
            cp.add(&c.phrase, Cat::Cue, i, true);
        }
        let (cues, cue_ids) = cp.build_overlapping();
        let mut roles: FxHashMap<&str, usize> = FxHashMap::default();
        let cue_roles = lex
            .cues
            .iter()
            .map(|c| {
                let n = roles.len();
                *roles.entry(c.role.as_str()).or_insert(n)
            })
            .collect();
        let (triggers, tids) = tp.build_small();
        let trigger_ids = tids
            .into_iter()
            .map(|v| v.first().map_or(0, |x| x.1))
            .collect();
        Phrases {
            triggers,
            trigger_ids,
            cues,
            cue_ids,
            cue_roles,
            role_count: roles.len(),
        }
    }
}

impl Matcher {
    /// The matcher from its two halves (compiled apart, maybe in parallel).
    pub fn from_parts(names: Names, phrases: Phrases) -> Matcher {
        Matcher { names, phrases }
    }

    /// Every entity mention in `text`, sorted by start; where mentions
    /// overlap, the longest survives. A surface naming several things yields
    /// one mention per meaning, all with the same span.
    #[cfg(test)]
    pub fn mentions(&self, text: &str) -> Vec<Mention> {
        self.mentions_in(text, &text.to_ascii_lowercase())
    }

    /// What `candidate` as a whole names: the meanings of the mentions of
    /// [`Matcher::mentions`] that span all of it, in their order. A span
    /// that long wins every overlap and sits on word boundaries, and a
    /// leftmost-longest search reports it first exactly when the whole
    /// candidate is a pattern; a name wins over an abbreviation of the
    /// same span, as the stable sort of [`keep_longest`] keeps the name
    /// found first. No selection, sorting or mention list, where the
    /// ellipsis reader asked for every mention of each candidate.
    ///
    /// `lower` is `candidate` ASCII-lowercased.
    pub fn whole(&self, candidate: &str, lower: &str) -> &Meanings {
        let b = candidate.as_bytes();
        let as_written = || {
            let mut whole = None;
            self.names.sensitive.each_at(b, 0, |end, p| {
                if end == b.len() {
                    whole = Some(p as usize);
                }
            });
            whole.map(|p| &self.names.sensitive_ids[p][..])
        };
        if let Some((0, e, p)) = self.names.insensitive.leftmost(lower).next()
            && e == lower.len()
        {
            let ids = &self.names.insensitive_ids[p];
            // As in `mentions_in`: a route in capitals yields to an
            // abbreviation as written ("INH").
            if route_only(ids)
                && b.iter().all(u8::is_ascii_uppercase)
                && let Some(abbreviation) = as_written()
            {
                return abbreviation;
            }
            return ids;
        }
        as_written().unwrap_or(&[])
    }

    /// [`Matcher::mentions`] given `text` already ASCII-lowercased.
    pub fn mentions_in(&self, text: &str, lower: &str) -> Vec<Mention> {
        // Room for a name every 16 bytes, as in most texts.
        let mut raw: Vec<(usize, usize, &Meanings)> = Vec::with_capacity(text.len() / 16);
        self.names
            .insensitive
            .on_boundaries(text, lower, |s, e, p| {
                raw.push((s, e, &self.names.insensitive_ids[p]));
            });
        let names_end = raw.len();
        for (s, e, p) in self.names.sensitive.leftmost_longest(text.as_bytes()) {
            if on_word_boundaries(text, s, e) {
                raw.push((s, e, &self.names.sensitive_ids[p]));
            }
        }
        // "Non-bloody emesis": a complaint or sign the prefix "non-"
        // qualifies yields to the one it ends with ("emesis"): the prefix
        // denies the qualifier, not the complaint. Other names keep their
        // words ("non-HDL cholesterol").
        let complaint = |ids: &Meanings| {
            ids.iter()
                .all(|&(cat, _)| matches!(cat, Cat::Symptom | Cat::Finding))
        };
        let mut moved = false;
        for r in &mut raw[..names_end] {
            if r.0 < 4 || lower.get(r.0 - 4..r.0) != Some("non-") || !complaint(r.2) {
                continue;
            }
            let Some(w) = lower[r.0..r.1].find([' ', '-']).map(|i| r.0 + i + 1) else {
                continue;
            };
            if let Some((0, e, p)) = self.names.insensitive.leftmost(&lower[w..r.1]).next()
                && w + e == r.1
                && complaint(&self.names.insensitive_ids[p])
            {
                *r = (w, r.1, &self.names.insensitive_ids[p]);
                moved = true;
            }
        }
        // A start moved right may now pass another's (a name inside the
        // first word): keep them in order.
        if moved {
            raw[..names_end].sort_by_key(|r| r.0);
        }
        // "INH 300 mg": a route surface written in capitals ("inh") that
        // is also an abbreviation as written (isoniazid) is the
        // abbreviation.
        let shadowed = |r: &(usize, usize, &Meanings)| {
            route_only(r.2)
                && text[r.0..r.1].bytes().all(|b| b.is_ascii_uppercase())
                && raw[names_end..].iter().any(|a| a.0 == r.0 && a.1 == r.1)
        };
        let (raw, names_end) = if raw[..names_end].iter().any(shadowed) {
            let (names, abbreviations) = raw.split_at(names_end);
            let mut kept: Vec<(usize, usize, &Meanings)> =
                names.iter().filter(|r| !shadowed(r)).copied().collect();
            let kept_names = kept.len();
            kept.extend_from_slice(abbreviations);
            (kept, kept_names)
        } else {
            (raw, names_end)
        };
        keep_longest_in_order(&raw, names_end)
            .into_iter()
            .flat_map(|(s, e, ids)| {
                ids.iter().map(move |&(cat, idx)| Mention {
                    start: s,
                    end: e,
                    cat,
                    idx,
                })
            })
            .collect()
    }

    /// Cue hits as (start, end, index into `lexicon.cues`); a phrase with
    /// several roles yields one hit per role.
    pub fn cues(&self, text: &str, lower: &str) -> Vec<(usize, usize, usize)> {
        let hits = self.phrases.cues.on_boundaries(text, lower);
        let mut all = Vec::with_capacity(hits.len());
        for (s, e, p) in hits {
            for &(_, i) in &self.phrases.cue_ids[p] {
                all.push((s, e, i));
            }
        }
        // Within a role, the longest phrase wins ("tapered to" over
        // "tapered"): sorted by start then longest first, a hit is covered
        // when an earlier hit of its role reaches at least as far. The
        // walk gives the hits by start already: only the few that share a
        // start are sorted (equal hits are equal, so an unstable sort
        // orders them as the stable one did).
        for same_start in all.chunk_by_mut(|a, b| a.0 == b.0) {
            same_start.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.2.cmp(&b.2)));
        }
        debug_assert!(all.is_sorted_by(|a, b| (a.0, b.1, a.2) <= (b.0, a.1, b.2)));
        all.dedup();
        let roles = &self.phrases.cue_roles;
        let mut reach = vec![0usize; self.phrases.role_count];
        let mut out = Vec::with_capacity(all.len());
        for (s, e, i) in all {
            let role = roles[i];
            let covered = reach[role] >= e
                && out
                    .iter()
                    .rev()
                    .take(64)
                    .any(|&(ps, pe, pi): &(usize, usize, usize)| {
                        roles[pi] == role && ps <= s && pe >= e && (pe - ps) > (e - s)
                    });
            if !covered {
                out.push((s, e, i));
            }
            reach[role] = reach[role].max(e);
        }
        out
    }

    /// Assertion-trigger hits (index into `lexicon.triggers`), overlapping
    /// ones resolved to the longest. `Doc::read` finds them in the time
    /// anchors' pass instead ([`Matcher::trigger_set`]); a test compares.
    #[cfg(test)]
    pub fn triggers(&self, text: &str, lower: &str) -> Vec<(usize, usize, usize)> {
        // Room for a trigger every 128 bytes, as in most texts.
        let mut out = Vec::with_capacity(text.len() / 128);
        self.phrases.triggers.leftmost(lower, |s, e, p| {
            self.trigger_hit(text, s, e, p, &mut out);
        });
        out
    }

    /// The trigger automaton, for a pass over `lower` that also reads the
    /// text for something else (the time anchors'), and
    /// [`Matcher::trigger_hit`] for its matches; `None` when there are no
    /// triggers.
    pub fn trigger_set(&self) -> Option<&Dense> {
        self.phrases.triggers.0.as_ref()
    }

    /// Pushes onto `out` the hit of the trigger automaton's match
    /// `(s, e, p)` of `text`, if it sits on word boundaries: what
    /// [`Matcher::triggers`] does with each match.
    pub fn trigger_hit(
        &self,
        text: &str,
        s: usize,
        e: usize,
        p: usize,
        out: &mut Vec<(usize, usize, usize)>,
    ) {
        if on_word_boundaries(text, s, e) {
            out.push((s, e, self.phrases.trigger_ids[p]));
        }
    }
}

/// Of spans that overlap, the longest (then the first) survives: longest
/// first, each span is kept when it overlaps no kept one; the kept spans
/// come back by start. Every span is non-empty and ends within `len`.
///
/// The kept bytes are a bitmap: a span's test and marking read a word or
/// two, where an ordered map of the kept spans cost a tree search and an
/// insertion (with its allocations) per span.
fn keep_longest<T>(mut raw: Vec<(usize, usize, T)>, len: usize) -> Vec<(usize, usize, T)> {
    raw.sort_by(|a, b| (b.1 - b.0).cmp(&(a.1 - a.0)).then(a.0.cmp(&b.0)));
    let mut covered = vec![0u64; len / 64 + 1];
    let mut kept = Vec::with_capacity(raw.len());
    for (s, e, x) in raw {
        debug_assert!(s < e && e <= len, "an empty span or one past the text");
        if !span_words(s, e).any(|(w, mask)| covered[w] & mask != 0) {
            for (w, mask) in span_words(s, e) {
                covered[w] |= mask;
            }
            kept.push((s, e, x));
        }
    }
    // Kept spans do not overlap, so their starts differ.
    kept.sort_unstable_by_key(|k| k.0);
    kept
}

/// [`keep_longest`] of `raw`, whose first `split` spans and the others are
/// each in order of start (as the two name searches give them). Merged by
/// start, the spans fall into runs that overlap one another; a span of one
/// run overlaps no span of another, so choosing within each run chooses
/// as over the whole list. Most runs are one span, kept as it comes; only
/// the others are sorted, where the whole list was.
fn keep_longest_in_order<T: Copy>(
    raw: &[(usize, usize, T)],
    split: usize,
) -> Vec<(usize, usize, T)> {
    let (a, b) = raw.split_at(split);
    debug_assert!(a.is_sorted_by_key(|x| x.0) && b.is_sorted_by_key(|x| x.0));
    let mut out = Vec::with_capacity(raw.len());
    // The run: positions in `raw`, by start, and where it ends.
    let mut run: Vec<usize> = Vec::new();
    let mut run_end = 0;
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        let k = if j == b.len() || (i < a.len() && a[i].0 <= b[j].0) {
            i += 1;
            i - 1
        } else {
            j += 1;
            split + j - 1
        };
        let (s, e, _) = raw[k];
        if !run.is_empty() && s >= run_end {
            choose_in_run(raw, &mut run, run_end, &mut out);
        }
        run_end = if run.is_empty() { e } else { run_end.max(e) };
        run.push(k);
    }
    choose_in_run(raw, &mut run, run_end, &mut out);
    out
}

/// Appends to `out` what [`keep_longest`] keeps of the spans at positions
/// `run` of `raw` (by start; they end by `end`), and empties `run`.
fn choose_in_run<T: Copy>(
    raw: &[(usize, usize, T)],
    run: &mut Vec<usize>,
    end: usize,
    out: &mut Vec<(usize, usize, T)>,
) {
    match run[..] {
        [] => {}
        [k] => out.push(raw[k]),
        _ => {
            let base = raw[run[0]].0;
            // In the list's order, as the stable sort of `keep_longest`
            // breaks its ties by it; offsets from the run's start.
            run.sort_unstable();
            let spans = run
                .iter()
                .map(|&k| (raw[k].0 - base, raw[k].1 - base, raw[k].2))
                .collect();
            out.extend(
                keep_longest(spans, end - base)
                    .into_iter()
                    .map(|(s, e, x)| (s + base, e + base, x)),
            );
        }
    }
    run.clear();
}

/// The bits of bytes `[s, e)` (`s < e`) as (word index, mask) pairs.
fn span_words(s: usize, e: usize) -> impl Iterator<Item = (usize, u64)> {
    let (first, last) = (s / 64, (e - 1) / 64);
    (first..=last).map(move |w| {
        let lo = if w == first { s % 64 } else { 0 };
        let hi = if w == last { (e - 1) % 64 } else { 63 };
        (w, (!0u64 << lo) & (!0u64 >> (63 - hi)))
    })
}

/// A byte that continues a word: an ASCII letter or digit, or any byte of
/// a non-ASCII character.
fn is_word_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c >= 0x80
}

/// A match must not start or end inside a word (where its own edge is a
/// letter or digit).
pub fn on_word_boundaries(text: &str, start: usize, end: usize) -> bool {
    let b = text.as_bytes();
    let starts_word = b.get(start).is_some_and(|&c| is_word_byte(c));
    let ends_word = end > 0 && b.get(end - 1).is_some_and(|&c| is_word_byte(c));
    let before_ok = !starts_word || start == 0 || !is_word_byte(b[start - 1]);
    let after_ok = !ends_word || end >= b.len() || !is_word_byte(b[end]);
    before_ok && after_ok
}

#[cfg(test)]
mod tests {
    use super::*;
    use aho_corasick::AhoCorasick;

    /// The automata build.rs compiled are those `Names::new` compiles.
    #[test]
    fn builtin_names_are_what_new_compiles() {
        let lex = Lexicon::builtin().expect("built-in lexicon");
        let (ci, cs) = crate::names::surfaces(lex);
        let ci = (crate::names::automaton(&ci.patterns), ci.ids);
        let (strings, ids) = cs.into_sorted();
        let cs = (None, ids);
        assert!(crate::names::to_bytes(&[&ci, &cs], &strings) == BUILTIN_NAMES);
        let names = Names::builtin();
        let text = "Anti-MDA5 antibody, MMF 1 g and CK of 300; ILD.";
        let lower = text.to_ascii_lowercase();
        let fresh = Matcher::from_parts(Names::new(lex), Phrases::new(lex));
        let read = Matcher::from_parts(names, Phrases::new(lex));
        assert_eq!(
            fresh.mentions_in(text, &lower),
            read.mentions_in(text, &lower)
        );
    }

    #[test]
    fn whole_is_the_mentions_that_span_the_candidate() {
        let lex = Lexicon::builtin().expect("built-in lexicon");
        let m = Matcher::from_parts(Names::builtin(), Phrases::new(lex));
        let (ci, cs) = crate::names::surfaces(lex);
        let (abbreviations, _) = cs.into_sorted();
        let mut candidates: Vec<String> = Vec::new();
        for p in ci.patterns.iter().chain(&abbreviations) {
            candidates.push(p.clone());
            candidates.push(p.to_ascii_uppercase());
            candidates.push(format!("{p}s"));
            candidates.push(format!("x {p}"));
            candidates.push(format!("{p} x"));
            if let Some((_, rest)) = p.split_once(' ') {
                candidates.push(rest.to_string());
                candidates.push(format!("acute {rest}"));
            }
            let mut cut = p.len().saturating_sub(1);
            while !p.is_char_boundary(cut) {
                cut -= 1;
            }
            candidates.push(p[..cut].to_string());
        }
        // Pieces of the texts of one to four words.
        for (_, t) in crate::test_corpus::narratives().into_iter().take(60) {
            let text = crate::normalize::Folded::new(&t).text;
            let words: Vec<&str> = text.split(' ').collect();
            for i in 0..words.len() {
                for n in 1..=4 {
                    if let Some(w) = words.get(i..i + n) {
                        candidates.push(w.join(" "));
                    }
                }
            }
        }
        candidates.push(String::new());
        let mut named = 0;
        for c in &candidates {
            let want: Vec<(Cat, usize)> = m
                .mentions(c)
                .into_iter()
                .filter(|x| x.start == 0 && x.end == c.len())
                .map(|x| (x.cat, x.idx))
                .collect();
            named += usize::from(!want.is_empty());
            assert_eq!(
                m.whole(c, &c.to_ascii_lowercase()),
                want.as_slice(),
                "{c:?}"
            );
        }
        assert!(named > 10_000, "only {named} candidates name something");
    }

    #[test]
    fn cue_hits_are_sorted_as_by_the_whole_sort() {
        // `cues` sorts only hits that share a start; the walk must give
        // them by start. Here the whole sort runs on the walk's hits of
        // every fixture and corpus text, and must change nothing but the
        // order within a start.
        let lex = Lexicon::builtin().expect("built-in lexicon");
        let m = Matcher::from_parts(Names::builtin(), Phrases::new(lex));
        let mut shared = 0;
        for (_, t) in crate::test_corpus::narratives() {
            let text = crate::normalize::Folded::new(&t).text;
            let lower = text.to_ascii_lowercase();
            let hits = m.phrases.cues.on_boundaries(&text, &lower);
            let mut all = Vec::new();
            for (s, e, p) in hits {
                for &(_, i) in &m.phrases.cue_ids[p] {
                    all.push((s, e, i));
                }
            }
            assert!(all.is_sorted_by_key(|h| h.0));
            let mut whole = all.clone();
            whole.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
            for same_start in all.chunk_by_mut(|a, b| a.0 == b.0) {
                shared += same_start.len() - 1;
                same_start.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.2.cmp(&b.2)));
            }
            assert_eq!(all, whole);
        }
        assert!(shared > 1_000, "only {shared} hits share a start");
    }

    /// The ordered-map selection that [`keep_longest`] replaces.
    fn keep_longest_by_map(mut raw: Vec<(usize, usize, usize)>) -> Vec<(usize, usize, usize)> {
        use std::collections::BTreeMap;
        raw.sort_by(|a, b| (b.1 - b.0).cmp(&(a.1 - a.0)).then(a.0.cmp(&b.0)));
        let mut kept: BTreeMap<usize, (usize, usize)> = BTreeMap::new();
        for (s, e, x) in raw {
            if kept.range(..e).next_back().is_none_or(|(_, k)| k.0 <= s) {
                kept.insert(s, (e, x));
            }
        }
        kept.into_iter().map(|(s, (e, x))| (s, e, x)).collect()
    }

    /// The raw name matches of `text` on word edges, names (by start) then
    /// abbreviations (by start), and where the abbreviations begin.
    fn raw_name_matches(m: &Matcher, text: &str) -> (Vec<(usize, usize, usize)>, usize) {
        let lower = text.to_ascii_lowercase();
        let mut raw: Vec<(usize, usize, usize)> = Vec::new();
        m.names
            .insensitive
            .on_boundaries(text, &lower, |s, e, p| raw.push((s, e, p)));
        let split = raw.len();
        raw.extend(
            m.names
                .sensitive
                .leftmost_longest(text.as_bytes())
                .into_iter()
                .filter(|&(s, e, _)| on_word_boundaries(text, s, e)),
        );
        (raw, split)
    }

    #[test]
    fn the_bitmap_keeps_what_the_ordered_map_kept() {
        // The raw name matches of every fixture and corpus text.
        let lex = Lexicon::builtin().expect("built-in lexicon");
        let m = Matcher::from_parts(Names::builtin(), Phrases::new(lex));
        type Spans = Vec<(usize, usize, usize)>;
        let mut sets: Vec<(Spans, usize)> = Vec::new();
        for (_, t) in crate::test_corpus::narratives() {
            let text = crate::normalize::Folded::new(&t).text;
            sets.push((raw_name_matches(&m, &text).0, text.len()));
        }
        // Random spans over short texts, crossing word edges at 64 bytes,
        // many of them overlapping, some repeated.
        let mut x = crate::test_corpus::Xorshift(0x2545_f491_4f6c_dd1d_u64);
        let mut next = |n: u64| x.below(n);
        for _ in 0..5_000 {
            let len = 1 + next(300);
            let raw = (0..next(40))
                .map(|i| {
                    let s = next(len as u64);
                    let e = (s + 1 + next(90)).min(len);
                    (s, e, i)
                })
                .collect();
            sets.push((raw, len));
        }
        for (raw, len) in &sets {
            assert_eq!(
                keep_longest(raw.clone(), *len),
                keep_longest_by_map(raw.clone())
            );
        }
    }

    #[test]
    fn choosing_by_runs_keeps_what_the_whole_list_keeps() {
        // The raw name matches of every fixture and corpus text, names
        // then abbreviations, each by start.
        let lex = Lexicon::builtin().expect("built-in lexicon");
        let m = Matcher::from_parts(Names::builtin(), Phrases::new(lex));
        let mut overlapping = 0;
        let mut check = |raw: &[(usize, usize, usize)], split: usize, len: usize| {
            let whole = keep_longest(raw.to_vec(), len);
            overlapping += raw.len() - whole.len();
            assert_eq!(keep_longest_in_order(raw, split), whole);
        };
        for (_, t) in crate::test_corpus::narratives() {
            let text = crate::normalize::Folded::new(&t).text;
            let (raw, split) = raw_name_matches(&m, &text);
            check(&raw, split, text.len());
        }
        // Random halves, each by start (ties too), over short texts.
        let mut x = crate::test_corpus::Xorshift(0x6a09_e667_f3bc_c908_u64);
        let mut next = |n: u64| x.below(n);
        for _ in 0..20_000 {
            let len = 1 + next(200);
            let mut half = |tag: usize| {
                let mut v: Vec<(usize, usize, usize)> = (0..next(12))
                    .map(|i| {
                        let s = next(len as u64);
                        (s, (s + 1 + next(30)).min(len), tag + i)
                    })
                    .collect();
                v.sort_by_key(|x| x.0);
                v
            };
            let mut raw = half(0);
            let split = raw.len();
            raw.extend(half(100));
            check(&raw, split, len);
        }
        assert!(
            overlapping > 1_000,
            "only {overlapping} spans lost an overlap"
        );
    }

    /// The trigger table finds the leftmost-longest matches aho-corasick's
    /// DFA found, over every fixture and corpus text.
    #[test]
    fn the_trigger_table_finds_what_aho_corasick_finds() {
        let lex = Lexicon::builtin().expect("built-in lexicon");
        let mut tp = Patterns::default();
        for (i, t) in lex.triggers.iter().enumerate() {
            tp.add(&t.phrase, Cat::Trigger, i, true);
        }
        for (_, t) in crate::test_corpus::narratives() {
            let lower = crate::normalize::Folded::new(&t).text.to_ascii_lowercase();
            crate::dense::tests::same_leftmost(
                &tp.patterns,
                &lower,
                aho_corasick::MatchKind::LeftmostLongest,
            );
        }
    }

    /// The walks from starts gathered 64 bytes at a time find what the
    /// walks decided byte by byte found, in the same order: the cues on
    /// every fixture and corpus text, and on random texts of cue phrases,
    /// their pieces, separators and non-ASCII letters across the 64-byte
    /// blocks.
    #[test]
    fn starts_in_blocks_walk_as_byte_by_byte() {
        let lex = Lexicon::builtin().expect("built-in lexicon");
        let mut cp = Patterns::default();
        for (i, c) in lex.cues.iter().enumerate() {
            cp.add(&c.phrase, Cat::Cue, i, true);
        }
        let walk = PrefixSet::build(&cp.patterns);
        let same = |t: &str| {
            let lower = t.to_ascii_lowercase();
            let got = walk.on_boundaries(t, &lower);
            assert_eq!(got, walk.on_boundaries_bytewise(t, &lower), "{t:?}");
            got.len()
        };
        let mut hits = 0;
        for (_, raw) in crate::test_corpus::narratives() {
            hits += same(&crate::normalize::Folded::new(&raw).text);
        }
        assert!(hits > 10_000, "only {hits} cue hits");
        let mut pieces: Vec<String> = cp.patterns.iter().take(40).cloned().collect();
        for p in cp.patterns.iter().take(40) {
            pieces.push(p[..p.len() / 2].to_string());
        }
        pieces.extend([" ", "-", "(", "x", "é", "No ", "IMPROVED", "\n"].map(String::from));
        for t in crate::test_corpus::random_texts(&pieces, 20_000, 30, 0x6a09_e667_f3bc_c908) {
            same(&t);
        }
    }

    #[test]
    fn the_prefix_walk_finds_every_overlapping_match_on_word_boundaries() {
        let lex = Lexicon::builtin().expect("built-in lexicon");
        let mut cp = Patterns::default();
        for (i, c) in lex.cues.iter().enumerate() {
            cp.add(&c.phrase, Cat::Cue, i, true);
        }
        let scan = AhoCorasick::new(&cp.patterns).expect("cue automaton");
        let walk = PrefixSet::build(&cp.patterns);
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/cases");
        let mut texts = vec!["x(-)no, a-b:  improved\u{200B}markedly".to_string()];
        for e in std::fs::read_dir(dir).expect("fixtures").flatten() {
            texts.push(std::fs::read_to_string(e.path()).unwrap_or_default());
        }
        for t in &texts {
            let text = crate::normalize::Folded::new(t).text;
            let lower = text.to_ascii_lowercase();
            let mut want: Vec<_> = scan
                .find_overlapping_iter(&lower)
                .map(|m| (m.start(), m.end(), m.pattern().as_usize()))
                .filter(|&(s, e, _)| on_word_boundaries(&text, s, e))
                .collect();
            let mut got = walk.on_boundaries(&text, &lower);
            want.sort_unstable();
            got.sort_unstable();
            assert_eq!(got, want);
        }
    }
}
