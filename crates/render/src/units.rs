//! UCUM codes as people write them: `ug/L` → `µg/L`, `10*9/L` → `×10⁹/L`,
//! `mm[Hg]` → `mmHg`. Display only; the data keeps UCUM.

/// A UCUM code for display.
pub(crate) fn display_unit(ucum: &str) -> String {
    // International units: UCUM's `[iU]` is printed `IU`.
    let mut s = ucum.replace("[iU]", "IU").replace("[", "").replace("]", "");
    if let Some(rest) = s.strip_prefix("10*") {
        let digits: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
        let tail = &rest[digits.len()..];
        s = format!("×10{}{}", superscript(&digits), tail);
    }
    // The UCUM micro prefix is `u`; people read `µ`. Only before a unit
    // atom that takes prefixes in clinical use (g, L, mol, kat, IU).
    for atom in ["ug", "uL", "umol", "ukat", "uIU"] {
        let shown = format!("µ{}", &atom[1..]);
        s = replace_atom(&s, atom, &shown);
    }
    match s.as_str() {
        "a" => "years".into(),
        "/min" => "/min".into(),
        "Cel" => "°C".into(),
        "pH" => String::new(),
        _ => s,
    }
}

fn replace_atom(s: &str, atom: &str, shown: &str) -> String {
    // Replace `atom` only where it starts a unit (start or after `/`, `.`).
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    let mut at_start = true;
    while !rest.is_empty() {
        if at_start && rest.starts_with(atom) {
            out.push_str(shown);
            rest = &rest[atom.len()..];
            at_start = false;
            continue;
        }
        let Some(c) = rest.chars().next() else { break };
        out.push(c);
        at_start = c == '/' || c == '.';
        rest = &rest[c.len_utf8()..];
    }
    out
}

fn superscript(digits: &str) -> String {
    digits
        .chars()
        .map(|c| match c {
            '0' => '⁰',
            '1' => '¹',
            '2' => '²',
            '3' => '³',
            '4' => '⁴',
            '5' => '⁵',
            '6' => '⁶',
            '7' => '⁷',
            '8' => '⁸',
            '9' => '⁹',
            other => other,
        })
        .collect()
}

/// A number as a clinician writes it: no trailing zeros, at most three
/// significant decimals, thousands left unseparated (units follow).
pub(crate) fn number(v: f64) -> String {
    if !v.is_finite() {
        return "?".into();
    }
    let rounded = if v.abs() >= 100.0 {
        format!("{:.2}", v)
    } else {
        format!("{:.3}", v)
    };
    let trimmed = rounded.trim_end_matches('0').trim_end_matches('.');
    if trimmed == "-0" {
        "0".into()
    } else {
        trimmed.to_string()
    }
}

/// Value and unit together: `2665 U/mL`, `6.7 ×10⁹/L`, `50 %`.
pub(crate) fn quantity(v: f64, unit: Option<&str>) -> String {
    match unit.map(display_unit).filter(|u| !u.is_empty()) {
        Some(u) if u.starts_with('×') => format!("{} {}", number(v), u),
        Some(u) if u == "%" => format!("{}%", number(v)),
        Some(u) => format!("{} {}", number(v), u),
        None => number(v),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ucum_codes_read_as_written_in_clinics() {
        assert_eq!(display_unit("ug/L"), "µg/L");
        assert_eq!(display_unit("10*9/L"), "×10⁹/L");
        assert_eq!(display_unit("10*12/L"), "×10¹²/L");
        assert_eq!(display_unit("mm[Hg]"), "mmHg");
        assert_eq!(display_unit("U/mL"), "U/mL");
        assert_eq!(display_unit("umol/L"), "µmol/L");
        // `u` inside an atom is not a prefix.
        assert_eq!(display_unit("U/L"), "U/L");
        assert_eq!(display_unit("mg/dL"), "mg/dL");
        assert_eq!(display_unit("[pH]"), "");
        assert_eq!(display_unit("[iU]/kg/h"), "IU/kg/h");
        assert_eq!(display_unit("u[iU]/mL"), "µIU/mL");
        assert_eq!(display_unit("m[iU]/L"), "mIU/L");
    }

    #[test]
    fn numbers_drop_trailing_zeros() {
        assert_eq!(number(2665.0), "2665");
        assert_eq!(number(1165.08), "1165.08");
        assert_eq!(number(7.457), "7.457");
        assert_eq!(number(0.8), "0.8");
        assert_eq!(number(-0.0001), "0");
        assert_eq!(quantity(50.0, Some("%")), "50%");
        assert_eq!(quantity(6.7, Some("10*9/L")), "6.7 ×10⁹/L");
        assert_eq!(quantity(7.457, Some("[pH]")), "7.457");
    }
}
