//! The number pattern's matches, found from the digits.
//!
//! The pattern starts with a context of Unicode non-word characters, so a
//! regex search over the whole text reads every byte through its lazy
//! DFA (≈12 instructions a byte), although numbers start at a few
//! thousand places of a long text. Every match holds a digit a few bytes
//! from its start: the search is started only there, anchored, and gives
//! the same matches as the regex's own leftmost-first iteration.

use regex_automata::meta::Regex;
use regex_automata::{Anchored, Input};

/// Thousands separators only in groups of three ("2,665"; not "2,3"). The
/// leading context keeps "IL-8", "3.5" (its second part), "10^9", "x*2"
/// and "1/2" from starting a number; a dash after a non-word character is
/// a sign.
const PATTERN: &str = r"(?:^|[^\w.^*/-]|(?:^|[^\w])-)(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)";

/// The number pattern, searched unanchored or from a digit.
pub struct NumberPattern {
    re: Regex,
    /// Matches a decimal digit other than 0–9 (Unicode `\d`): where one
    /// is found, the regex's own iteration runs instead.
    other_digit: Regex,
}

impl NumberPattern {
    /// Compiles the pattern.
    pub fn new() -> NumberPattern {
        NumberPattern {
            re: Regex::new(PATTERN).expect("number pattern"),
            other_digit: Regex::new(r"[\d&&[^0-9]]").expect("digit class"),
        }
    }

    /// The spans of the pattern's matches in `hay`, leading context
    /// included, as `find_iter` gives them.
    pub fn matches(&self, hay: &str) -> Vec<(usize, usize)> {
        let b = hay.as_bytes();
        // Room for a number every 64 bytes, as in most texts.
        let mut out = Vec::with_capacity(hay.len() / 64);
        // No match starts before `from` (the end of the last one).
        let mut from = 0;
        let mut q = 0;
        while let Some(d) = digit_or_high(&b[q..]) {
            q += d;
            if !b[q].is_ascii() {
                // A non-ASCII decimal digit can start a number (without
                // one, the regex's own iteration is needed).
                let c = hay[q..].chars().next().unwrap_or_default();
                let mut buf = [0u8; 4];
                if c.is_numeric() && self.other_digit.is_match(&*c.encode_utf8(&mut buf)) {
                    return self
                        .re
                        .find_iter(hay)
                        .map(|m| (m.start(), m.end()))
                        .collect();
                }
                q += c.len_utf8();
                continue;
            }
            // A match's digits are ASCII here, and its context holds no
            // digit: every match is found from its first digit, and from
            // the digits in order, leftmost first.
            match start_before(hay, q).filter(|&(p, _)| p >= from) {
                Some((p, true)) => {
                    out.push((p, number_end(b, q)));
                    from = out[out.len() - 1].1;
                }
                Some((p, false)) => {
                    let input = Input::new(hay).range(p..).anchored(Anchored::Yes);
                    if let Some(m) = self.re.search(&input) {
                        out.push((m.start(), m.end()));
                        from = m.end();
                    }
                }
                None => {}
            }
            q = (q + 1).max(from);
        }
        out
    }
}

/// The offset of the first ASCII digit or non-ASCII byte of `b`. Eight
/// bytes are tested at a time: a byte-at-a-time scan cost about as much
/// as the regex's own.
fn digit_or_high(b: &[u8]) -> Option<usize> {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    const LOW: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    let mut at = 0;
    for word in b.chunks_exact(8) {
        let mut eight = [0u8; 8];
        eight.copy_from_slice(word);
        let v = u64::from_le_bytes(eight);
        // Per byte without carries (each low seven bits plus at most
        // 0x50 stays under 0x100): the high bit of `x + 0x50` is set from
        // '0' on, that of `x + 0x46` from ':' on.
        let x = v & LOW;
        let digit = x.wrapping_add(0x5050_5050_5050_5050) & !x.wrapping_add(0x4646_4646_4646_4646);
        let hit = (digit | v) & HIGH;
        if hit != 0 {
            return Some(at + (hit.trailing_zeros() / 8) as usize);
        }
        at += 8;
    }
    b[at..]
        .iter()
        .position(|&c| c.is_ascii_digit() || !c.is_ascii())
        .map(|i| at + i)
}

/// Where a match whose number starts at the digit `hay[q]` can start: the
/// leading context is `^`, one character that is not a word character nor
/// one of `.^*/-`, or a dash after `^` or after a character that is not a
/// word character. At most one of these applies. ASCII characters that
/// cannot be the context are ruled out here; with `true`, the context is
/// certain (ASCII or `^`), else the anchored search decides.
fn start_before(hay: &str, q: usize) -> Option<(usize, bool)> {
    let word = |c: char| c.is_ascii_alphanumeric() || c == '_';
    let Some(c) = hay[..q].chars().next_back() else {
        return Some((0, true));
    };
    if c != '-' {
        let excluded = word(c) || matches!(c, '.' | '^' | '*' | '/');
        return (!excluded).then(|| (q - c.len_utf8(), c.is_ascii()));
    }
    match hay[..q - 1].chars().next_back() {
        None => Some((0, true)),
        Some(c) if word(c) => None,
        Some(c) => Some((q - 1 - c.len_utf8(), c.is_ascii())),
    }
}

/// The end of the number starting at the ASCII digit `b[q]`, as the
/// pattern's number reads it when every digit is ASCII: one to three
/// digits with groups of a comma and three digits (the first alternative,
/// tried first), else all the digits; then a point and digits, if any.
fn number_end(b: &[u8], q: usize) -> usize {
    let digits_from = |i: usize| i + b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
    let group_at = |i: usize| {
        b.get(i..i + 4)
            .is_some_and(|g| g[0] == b',' && g[1..].iter().all(u8::is_ascii_digit))
    };
    let mut end = digits_from(q);
    if end - q <= 3 {
        while group_at(end) {
            end += 4;
        }
    }
    if b.get(end) == Some(&b'.') && b.get(end + 1).is_some_and(u8::is_ascii_digit) {
        end = digits_from(end + 1);
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same(n: &NumberPattern, hay: &str) {
        let want: Vec<(usize, usize)> = n.re.find_iter(hay).map(|m| (m.start(), m.end())).collect();
        assert_eq!(n.matches(hay), want, "{hay:?}");
    }

    /// The matches are those of the regex's own iteration over every
    /// fixture and corpus text and over short strings of the characters
    /// the pattern cares about.
    #[test]
    fn matches_are_the_regex_iteration() {
        let n = NumberPattern::new();
        for (_, t) in crate::test_corpus::narratives() {
            let folded = crate::normalize::Folded::new(&t).text;
            same(&n, &folded);
            same(&n, &t);
        }
        let alphabet = [
            '1', '2', ',', '.', '-', ' ', 'a', '_', '^', '/', '*', 'é', '\u{2013}', '\u{0663}',
            '\u{2161}', '\u{0301}',
        ];
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..200_000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let len = (seed % 16) as usize;
            let mut s = String::new();
            let mut r = seed;
            for _ in 0..len {
                r = r
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                s.push(alphabet[(r >> 33) as usize % alphabet.len()]);
            }
            same(&n, &s);
        }
    }
}
