//! Concentrations in any metric prefix: a value in "g/L" is one in
//! "mg/dL" times 100, whatever the analyte. The prefixes are UCUM's
//! (The Unified Code for Units of Measure, table 1, "prefixes"), exact
//! powers of ten, so a lexicon lists the units a test is usually reported
//! in and every other prefix of the same kind converts by itself.

/// The base kind of a concentration code and its factor to that base:
/// `("g/L", 0.01)` for "mg/dL", `("mol/L", 1e-6)` for "umol/L"; none for
/// anything else ("U/L", "10*9/L", "mm[Hg]").
pub fn concentration_scale(code: &str) -> Option<(&'static str, f64)> {
    let (amount, volume) = code.split_once('/')?;
    let (base, amount_prefix) = if let Some(p) = amount.strip_suffix("mol") {
        ("mol/L", p)
    } else if let Some(p) = amount.strip_suffix('g') {
        ("g/L", p)
    } else {
        return None;
    };
    let volume_prefix = volume.strip_suffix('L')?;
    Some((base, prefix(amount_prefix)? / prefix(volume_prefix)?))
}

/// UCUM's factor of a metric prefix.
fn prefix(p: &str) -> Option<f64> {
    Some(match p {
        "" => 1.0,
        "k" => 1e3,
        "d" => 1e-1,
        "c" => 1e-2,
        "m" => 1e-3,
        "u" => 1e-6,
        "n" => 1e-9,
        "p" => 1e-12,
        _ => return None,
    })
}

/// `value` in concentration `from` expressed in concentration `to`, when
/// both are of one kind (mass or amount of substance per volume).
pub fn rescale(value: f64, from: &str, to: &str) -> Option<f64> {
    let (a, fa) = concentration_scale(from)?;
    let (b, fb) = concentration_scale(to)?;
    (a == b).then(|| value * fa / fb)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_convert_by_powers_of_ten() {
        // 2.70 g/L of glucose is 270 mg/dL.
        assert!((rescale(2.70, "g/L", "mg/dL").unwrap() - 270.0).abs() < 1e-9);
        // 18.6 mg/L of creatinine is 1.86 mg/dL.
        assert!((rescale(18.6, "mg/L", "mg/dL").unwrap() - 1.86).abs() < 1e-9);
        assert!((rescale(1.0, "ng/mL", "ug/L").unwrap() - 1.0).abs() < 1e-12);
        assert!((rescale(5.0, "mmol/L", "umol/L").unwrap() - 5000.0).abs() < 1e-9);
        assert_eq!(rescale(1.0, "mg/dL", "mmol/L"), None);
        assert_eq!(rescale(1.0, "U/L", "U/mL"), None);
        assert_eq!(concentration_scale("10*9/L"), None);
        assert_eq!(concentration_scale("mm[Hg]"), None);
    }
}
