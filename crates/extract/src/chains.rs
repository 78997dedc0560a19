//! Lists of small numbers by key, as chains through one array: what a map
//! of vectors holds, without a vector per key.
//!
//! Merging restatements indexes each fact under its kind, name and
//! negation; most keys have one fact, and a vector each was a few thousand
//! allocations per document set.

use std::hash::Hash;

use crate::fasthash::FxHashMap;

/// For each key, the numbers pushed under it, in order. Numbers are below
/// the `len` given to [`Chains::new`], each pushed once.
pub struct Chains<K> {
    /// Each key's first and last number.
    ends: FxHashMap<K, (usize, usize)>,
    /// The number after each in its key's list, or `usize::MAX`.
    next: Vec<usize>,
}

impl<K: Hash + Eq> Chains<K> {
    /// Room for numbers below `len`.
    pub fn new(len: usize) -> Chains<K> {
        Chains {
            ends: FxHashMap::default(),
            next: vec![usize::MAX; len],
        }
    }

    /// Adds `i` at the end of `key`'s list.
    pub fn push(&mut self, key: K, i: usize) {
        match self.ends.get_mut(&key) {
            Some(e) => {
                self.next[e.1] = i;
                e.1 = i;
            }
            None => {
                self.ends.insert(key, (i, i));
            }
        }
    }

    /// `key`'s list, in the order pushed.
    pub fn get(&self, key: &K) -> impl Iterator<Item = usize> + Clone + '_ {
        let mut at = self.ends.get(key).map_or(usize::MAX, |e| e.0);
        std::iter::from_fn(move || {
            (at != usize::MAX).then(|| {
                let i = at;
                at = self.next[i];
                i
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::Chains;
    use std::collections::HashMap;

    /// The same lists as a map of vectors, for random keys.
    #[test]
    fn chains_are_a_map_of_vectors() {
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        for round in 0..200 {
            let n = round % 50;
            let mut chains = Chains::new(n);
            let mut map: HashMap<u64, Vec<usize>> = HashMap::new();
            for i in 0..n {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                let key = seed % (1 + round as u64 % 7);
                chains.push(key, i);
                map.entry(key).or_default().push(i);
                for k in 0..8 {
                    let want = map.get(&k).cloned().unwrap_or_default();
                    assert_eq!(chains.get(&k).collect::<Vec<_>>(), want);
                }
            }
        }
    }
}
