//! Name normalisation shared by the scorers.

/// Normalises a name for comparison: lowercase; typographic apostrophes
/// (’ ‘ ') are dropped, so "Crohn’s" equals "Crohns"; every other character
/// that is not a letter or a digit (dashes – — -, commas, brackets...)
/// becomes a space; runs of spaces collapse to one and the ends are trimmed.
///
/// "Anti–MDA5 (antibody)" and "anti-mda5 antibody" both give
/// "anti mda5 antibody". British and American spellings meet: the digraphs
/// "ae" and "oe" read as "e" and "-isation" as "-ization", so "haemoptysis"
/// equals "hemoptysis" and "oedema" equals "edema".
pub fn normalize_name(s: &str) -> String {
    spelling(&fold(s))
}

fn spelling(s: &str) -> String {
    s.replace("ae", "e")
        .replace("oe", "e")
        .replace("isation", "ization")
}

fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    for c in s.chars() {
        if matches!(c, '\'' | '\u{2019}' | '\u{2018}' | '\u{02BC}') {
            continue;
        }
        if c.is_alphanumeric() {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.extend(c.to_lowercase());
        } else {
            pending_space = true;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::normalize_name;

    #[test]
    fn dashes_apostrophes_and_spaces_are_unified() {
        assert_eq!(normalize_name("Anti–MDA5 (antibody)"), "anti mda5 antibody");
        assert_eq!(normalize_name("anti-mda5  antibody"), "anti mda5 antibody");
        assert_eq!(normalize_name("anti—MDA5 antibody."), "anti mda5 antibody");
        assert_eq!(normalize_name("Crohn’s disease"), "crohns disease");
        assert_eq!(normalize_name("Crohn's disease"), "crohns disease");
        assert_ne!(normalize_name("IL-6"), normalize_name("IL-8"));
        assert_eq!(normalize_name("  "), "");
        assert_eq!(normalize_name("Haemoptysis"), normalize_name("hemoptysis"));
        assert_eq!(normalize_name("peripheral oedema"), "peripheral edema");
        assert_ne!(normalize_name("anaemia"), normalize_name("asthma"));
    }
}
