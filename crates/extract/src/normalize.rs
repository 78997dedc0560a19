//! A matching copy of the text with typographic variants folded to ASCII,
//! and a map back to the original bytes.
//!
//! Matching runs on the folded copy; every span the extractor reports is
//! mapped back with [`Folded::original`], so provenance always points at the
//! author's own bytes (tantivy's rule: normalisation changes text, never
//! offsets).

/// The folded text and its offset map.
pub struct Folded {
    /// ASCII-folded text: same words, simpler characters.
    pub text: String,
    /// `map[i]` is the original byte offset of folded byte `i`; one extra
    /// entry maps the end.
    map: Vec<u32>,
    /// The last folded byte of each replacement (see [`Folded::replaced`])
    /// with the original end of what it replaced, in order: a span that
    /// ends there ends with the replaced words.
    ends: Vec<(u32, u32)>,
}

/// How a line break is read when lines are joined.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineJoin {
    /// The line runs on: the break is a space.
    Space,
    /// A hyphen split a word at the line's end: hyphen and break go.
    Word,
    /// A hyphenated compound wrapped at its hyphen ("ground-⏎glass"): the
    /// break goes, the hyphen stays.
    Compound,
}

/// How one character is folded; `None` keeps it.
fn fold_char(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{2018}' | '\u{2019}' | '\u{201B}' | '\u{2032}' | '`' | '\u{00B4}' => "'",
        '\u{201C}' | '\u{201D}' | '\u{201F}' | '\u{2033}' => "\"",
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}'
        | '\u{2212}' | '\u{FE63}' | '\u{FF0D}' => "-",
        // Every Unicode space separator (Zs) and the tab.
        '\u{00A0}'
        | '\u{1680}'
        | '\u{2000}'..='\u{200A}'
        | '\u{202F}'
        | '\u{205F}'
        | '\u{3000}'
        | '\t' => " ",
        '\u{0085}' | '\u{2028}' | '\u{2029}' => "\n",
        '\u{00B5}' | '\u{03BC}' => "u",
        '\u{00D7}' | '\u{2715}' | '\u{2A2F}' => "x",
        '\u{2070}' => "0",
        '\u{00B9}' => "1",
        '\u{00B2}' => "2",
        '\u{00B3}' => "3",
        '\u{2074}' => "4",
        '\u{2075}' => "5",
        '\u{2076}' => "6",
        '\u{2077}' => "7",
        '\u{2078}' => "8",
        '\u{2079}' => "9",
        '\u{207B}' => "-",
        '\u{00B0}' | '\u{02DA}' => "deg",
        '\u{2103}' => "degC",
        '\u{2109}' => "degF",
        '\u{2264}' => "<=",
        '\u{2265}' => ">=",
        '\u{00B1}' => "+/-",
        '\u{2026}' => "...",
        '\u{03B1}' => "alpha",
        '\u{03B2}' => "beta",
        '\u{03B3}' => "gamma",
        '\u{03BA}' => "kappa",
        '\u{FFFD}' => " ",
        _ => return None,
    })
}

/// The length of the run of plain ASCII (all but tab and backtick) that
/// `b` starts with. Eight bytes are tested at a time (a byte at or above
/// 0x80, or equal to a tab or a backtick, found with the zero-byte test
/// on the word xor that byte repeated): a test per byte cost more than
/// the rest of folding.
fn plain_run(b: &[u8]) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // Exact: some byte of `x` is zero.
    let has_zero = |x: u64| x.wrapping_sub(ONES) & !x & HIGH != 0;
    let mut plain = 0;
    for word in b.chunks_exact(8) {
        let mut eight = [0u8; 8];
        eight.copy_from_slice(word);
        let v = u64::from_le_bytes(eight);
        if v & HIGH != 0
            || has_zero(v ^ (ONES * u64::from(b'\t')))
            || has_zero(v ^ (ONES * u64::from(b'`')))
        {
            break;
        }
        plain += 8;
    }
    plain
        + b[plain..]
            .iter()
            .position(|&c| !c.is_ascii() || c == b'\t' || c == b'`')
            .unwrap_or(b.len() - plain)
}

/// `text` folded like [`Folded::new`], borrowed when nothing changes.
pub fn fold_str(text: &str) -> std::borrow::Cow<'_, str> {
    if text
        .bytes()
        .all(|b| b.is_ascii() && b != b'\t' && b != b'`')
    {
        text.into()
    } else {
        Folded::new(text).text.into()
    }
}

impl Folded {
    /// Folds `text`.
    pub fn new(text: &str) -> Folded {
        let mut out = String::with_capacity(text.len());
        let mut map = Vec::with_capacity(text.len() + 1);
        let mut rest = 0;
        while rest < text.len() {
            // Plain ASCII (all but tab and backtick) is copied as a run: most
            // text is, and per-character folding cost more than matching.
            let run = plain_run(&text.as_bytes()[rest..]);
            out.push_str(&text[rest..rest + run]);
            map.extend(rest as u32..(rest + run) as u32);
            rest += run;
            let Some(c) = text[rest..].chars().next() else {
                break;
            };
            let i = rest as u32;
            rest += c.len_utf8();
            match fold_char(c) {
                Some(rep) => {
                    out.push_str(rep);
                    map.extend(std::iter::repeat_n(i, rep.len()));
                }
                None if c.is_ascii() => {
                    out.push(c);
                    map.push(i);
                }
                None => {
                    // Keep other characters; map each of their bytes to the
                    // character's start so spans stay on char boundaries.
                    out.push(c);
                    map.extend(std::iter::repeat_n(i, c.len_utf8()));
                }
            }
        }
        map.push(text.len() as u32);
        Folded {
            text: out,
            map,
            ends: Vec::new(),
        }
    }

    /// The same text with each tab between the words of a line read as a
    /// table's cell border (" | "): a table copied from a web page or a
    /// spreadsheet parts its cells with tabs ("CRP\tmg/L\t148\t62"), and
    /// folding alone would leave one run of words. Two tabs in a row leave
    /// an empty cell between them, as the column it stands for. Tabs that
    /// indent or end a line stay spaces. `source` is the text folded.
    #[must_use]
    pub fn with_tab_cells(self, source: &str) -> Folded {
        if !source.as_bytes().contains(&b'\t') {
            return self;
        }
        let b = self.text.as_bytes();
        let mut cuts = Vec::new();
        let mut line_start = 0;
        while line_start < b.len() {
            let line_end = b[line_start..]
                .iter()
                .position(|&c| c == b'\n')
                .map_or(b.len(), |k| line_start + k);
            let line = &b[line_start..line_end];
            let first = line.iter().position(|c| !c.is_ascii_whitespace());
            let last = line.iter().rposition(|c| !c.is_ascii_whitespace());
            if let (Some(first), Some(last)) = (first, last) {
                let inner = line_start + first..line_start + last;
                for (k, &c) in b.iter().enumerate().take(inner.end).skip(inner.start) {
                    // A tab folds to one space; the map says which spaces
                    // were tabs.
                    if c == b' ' && source.as_bytes()[self.map[k] as usize] == b'\t' {
                        cuts.push((k, k + 1));
                    }
                }
            }
            line_start = line_end + 1;
        }
        self.bordered(&cuts)
    }

    /// The same text with the line break at each of `breaks` (folded
    /// offsets of `\n`, in order) read as a table's cell border (" | "),
    /// with a carriage return before it. The border maps to the break.
    #[must_use]
    pub fn with_breaks_as_borders(self, breaks: &[usize]) -> Folded {
        let b = self.text.as_bytes();
        let cuts: Vec<(usize, usize)> = breaks
            .iter()
            .map(|&nl| {
                (
                    if nl > 0 && b[nl - 1] == b'\r' {
                        nl - 1
                    } else {
                        nl
                    },
                    nl + 1,
                )
            })
            .collect();
        self.bordered(&cuts)
    }

    /// The text with each `(start, end)` of `cuts` (in order, not
    /// overlapping) replaced by a cell border " | ", whose bytes all map
    /// to the last byte cut, so a span ending on one ends after it.
    fn bordered(self, cuts: &[(usize, usize)]) -> Folded {
        if cuts.is_empty() {
            return self;
        }
        let mut text = String::with_capacity(self.text.len() + 2 * cuts.len());
        let mut map = Vec::with_capacity(self.map.len() + 2 * cuts.len());
        let mut from = 0;
        for &(start, end) in cuts {
            text.push_str(&self.text[from..start]);
            map.extend_from_slice(&self.map[from..start]);
            text.push_str(" | ");
            map.extend([self.map[end - 1]; 3]);
            from = end;
        }
        text.push_str(&self.text[from..]);
        map.extend_from_slice(&self.map[from..]);
        Folded {
            text,
            map,
            ends: self.ends,
        }
    }

    /// The same text with the line breaks `join` reads as running on
    /// joined (the rule is `crate::rewrap`'s: a PDF wraps lines inside a
    /// sentence): a break read as a space becomes one, a hyphen and break
    /// that split a word go. Offsets still map to the author's bytes.
    #[must_use]
    pub fn with_lines_joined(self, join: impl Fn(&str, &str) -> Option<LineJoin>) -> Folded {
        let b = self.text.as_bytes();
        let mut edits: Vec<(usize, LineJoin)> = Vec::new();
        let mut line_start = 0;
        for (nl, _) in self.text.match_indices('\n') {
            let next_end = self.text[nl + 1..]
                .find('\n')
                .map_or(b.len(), |k| nl + 1 + k);
            if let Some(j) = join(&self.text[line_start..nl], &self.text[nl + 1..next_end]) {
                edits.push((nl, j));
            }
            line_start = nl + 1;
        }
        if edits.is_empty() {
            return self;
        }
        let mut text = String::with_capacity(self.text.len());
        let mut map = Vec::with_capacity(self.map.len());
        let mut from = 0;
        for (nl, j) in edits {
            // The break with the spaces and carriage return before it, and
            // the hyphen when the word was split.
            let mut cut = nl;
            while cut > from && matches!(b[cut - 1], b'\r' | b' ') {
                cut -= 1;
            }
            let keep_to = match j {
                LineJoin::Word if cut > from && b[cut - 1] == b'-' => cut - 1,
                _ => cut,
            };
            text.push_str(&self.text[from..keep_to]);
            map.extend_from_slice(&self.map[from..keep_to]);
            if j == LineJoin::Space {
                // A space for each byte dropped keeps the words apart.
                for k in cut..=nl {
                    text.push(' ');
                    map.push(self.map[k]);
                }
            }
            from = nl + 1;
        }
        text.push_str(&self.text[from..]);
        map.extend_from_slice(&self.map[from..]);
        Folded {
            text,
            map,
            ends: self.ends,
        }
    }

    /// The same text with each `(start, end, with)` of `edits` (in order,
    /// not overlapping, `with` not empty) put in place of its bytes. A
    /// span over a replacement maps back to all of the words it stands
    /// for.
    #[must_use]
    pub fn replaced(self, edits: &[(usize, usize, String)]) -> Folded {
        if edits.is_empty() {
            return self;
        }
        let mut text = String::with_capacity(self.text.len());
        let mut map = Vec::with_capacity(self.map.len());
        let mut ends = self.ends;
        let mut from = 0;
        for (start, end, with) in edits {
            text.push_str(&self.text[from..*start]);
            map.extend_from_slice(&self.map[from..*start]);
            text.push_str(with);
            map.extend(std::iter::repeat_n(self.map[*start], with.len()));
            // The original end of the replaced words: where the next
            // folded byte starts (folded bytes map in order).
            ends.push(((text.len() - 1) as u32, self.map[*end]));
            from = *end;
        }
        text.push_str(&self.text[from..]);
        map.extend_from_slice(&self.map[from..]);
        Folded { text, map, ends }
    }

    /// Original byte offset of folded offset `i` (a start).
    pub fn original(&self, i: usize) -> usize {
        self.map
            .get(i)
            .copied()
            .unwrap_or_else(|| self.map.last().copied().unwrap_or(0)) as usize
    }

    /// Original byte offset of folded end offset `end` (exclusive): the end
    /// of the original character that folded byte `end - 1` came from.
    pub fn original_end(&self, end: usize, source: &str) -> usize {
        if end == 0 {
            return 0;
        }
        if let Ok(k) = self.ends.binary_search_by_key(&(end as u32 - 1), |e| e.0) {
            return self.ends[k].1 as usize;
        }
        let start_of_last = self.original(end - 1);
        let len = source[start_of_last..]
            .chars()
            .next()
            .map_or(0, char::len_utf8);
        start_of_last + len
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The eight-byte test finds the run a byte-by-byte test finds, from
    /// every offset of texts with a tab, a backtick or a non-ASCII byte at
    /// every place of a word, and from offsets all over the fixture and
    /// corpus texts.
    #[test]
    fn plain_runs_end_where_a_byte_test_ends_them() {
        let by_byte = |b: &[u8]| {
            b.iter()
                .position(|&c| !c.is_ascii() || c == b'\t' || c == b'`')
                .unwrap_or(b.len())
        };
        let mut texts = vec![String::new(), "\t`\t`\t`\t`\t`\t`\t`".to_string()];
        for at in 0..20 {
            for special in ["\t", "`", "\u{00E9}", "\u{2019}", "\u{7F}"] {
                let mut t = "abcdefghijklmnopqrstuvw".to_string();
                t.insert_str(at, special);
                texts.push(t);
            }
        }
        let short = texts.len();
        texts.extend(crate::test_corpus::files().into_iter().map(|(_, t)| t));
        assert!(texts.len() > short + 40, "only {} texts", texts.len());
        for (k, t) in texts.iter().enumerate() {
            let b = t.as_bytes();
            let step = if k < short { 1 } else { 37 };
            for from in (0..=b.len()).step_by(step) {
                assert_eq!(
                    plain_run(&b[from..]),
                    by_byte(&b[from..]),
                    "{from} in {t:?}"
                );
            }
        }
    }

    /// A replacement's spans map back to the whole of what it replaced,
    /// one byte long or many, and the bytes around it keep their offsets.
    #[test]
    fn replacements_map_back_to_what_they_replace() {
        let src = "CRP one hundred, ESR five; done";
        let f = Folded::new(src).replaced(&[(4, 15, "100".to_string()), (21, 25, "5".to_string())]);
        assert_eq!(f.text, "CRP 100, ESR 5; done");
        let at = f.text.find("100").unwrap();
        assert_eq!(
            &src[f.original(at)..f.original_end(at + 3, src)],
            "one hundred"
        );
        let at = f.text.find("done").unwrap();
        assert_eq!(&src[f.original(at)..f.original_end(at + 4, src)], "done");
        let at = f.text.find('5').unwrap();
        assert_eq!(&src[f.original(at)..f.original_end(at + 1, src)], "five");
    }

    #[test]
    fn folds_and_maps_back() {
        let src = "Gottron\u{2019}s papules, 666.3 \u{03BC}g/L, 6.7 \u{00D7} 10^9/L";
        let f = Folded::new(src);
        assert_eq!(f.text, "Gottron's papules, 666.3 ug/L, 6.7 x 10^9/L");
        let at = f.text.find("ug/L").unwrap();
        let (s, e) = (f.original(at), f.original_end(at + 4, src));
        assert_eq!(&src[s..e], "\u{03BC}g/L");
        let at = f.text.find("'s").unwrap();
        assert_eq!(
            &src[f.original(at)..f.original_end(at + 2, src)],
            "\u{2019}s"
        );
    }
}
