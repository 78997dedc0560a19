//! Text widths from the bundled font, so labels can be packed without
//! overlapping before any browser sees them.

use std::sync::OnceLock;

/// DejaVu Sans (Bitstream Vera licence, see `assets/fonts/`): the chart
/// names it first, measures with it, and the PNG renderer draws with it.
pub(crate) static FONT: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans.ttf");

/// The font stack written into the SVG. DejaVu Sans is wide, so a browser
/// that falls back to another sans-serif draws labels no wider than measured.
pub(crate) const FONT_FAMILY: &str = "'DejaVu Sans', Verdana, sans-serif";

struct Metrics {
    /// Advance of each ASCII character, in em.
    ascii: [f32; 128],
    /// Advance used for characters outside ASCII that the font lacks.
    fallback: f32,
    face: Option<ttf_parser::Face<'static>>,
}

fn metrics() -> &'static Metrics {
    static CELL: OnceLock<Metrics> = OnceLock::new();
    CELL.get_or_init(|| {
        let face = ttf_parser::Face::parse(FONT, 0).ok();
        // Without the font (a broken build) a wide average keeps labels apart.
        let mut ascii = [0.62_f32; 128];
        let mut fallback = 0.7_f32;
        if let Some(f) = &face {
            let upem = f32::from(f.units_per_em().max(1));
            for (i, slot) in ascii.iter_mut().enumerate() {
                if let Some(c) = char::from_u32(i as u32) {
                    *slot = advance(f, c).map_or(0.62, |a| a / upem);
                }
            }
            fallback = advance(f, 'M').map_or(0.7, |a| a / upem);
        }
        Metrics {
            ascii,
            fallback,
            face,
        }
    })
}

fn advance(face: &ttf_parser::Face<'_>, c: char) -> Option<f32> {
    let id = face.glyph_index(c)?;
    face.glyph_hor_advance(id).map(f32::from)
}

/// Width of `text` set at `size` px in the bundled font.
pub(crate) fn width(text: &str, size: f64) -> f64 {
    let m = metrics();
    let em: f32 = text
        .chars()
        .map(|c| {
            let code = c as usize;
            if code < 128 {
                m.ascii[code]
            } else {
                m.face
                    .as_ref()
                    .and_then(|f| {
                        let upem = f32::from(f.units_per_em().max(1));
                        advance(f, c).map(|a| a / upem)
                    })
                    .unwrap_or(m.fallback)
            }
        })
        .sum();
    f64::from(em) * size
}

/// `text` cut to fit `max` px, with an ellipsis when cut.
pub(crate) fn fit(text: &str, size: f64, max: f64) -> String {
    if width(text, size) <= max {
        return text.to_string();
    }
    let mut out = String::new();
    for c in text.chars() {
        let candidate = format!("{out}{c}…");
        if width(&candidate, size) > max {
            break;
        }
        out.push(c);
    }
    format!("{}…", out.trim_end())
}

/// An attribute-safe copy of `text`: the `svg` crate escapes `&`, `<` and
/// `>` in attribute values but not the quote that delimits them.
pub(crate) fn attr(text: &str) -> String {
    text.replace('"', "\u{201D}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_grow_with_text_and_size() {
        let a = width("KL-6", 12.0);
        assert!(a > 20.0 && a < 40.0, "KL-6 at 12px measured {a}");
        assert!(width("KL-6 U/mL", 12.0) > a);
        assert!((width("KL-6", 24.0) - 2.0 * a).abs() < 1e-6);
        assert_eq!(width("", 12.0), 0.0);
        // µ and × are in DejaVu Sans and are not zero-width.
        assert!(width("µ×", 10.0) > 5.0);
    }

    #[test]
    fn fit_cuts_with_ellipsis_only_when_needed() {
        assert_eq!(fit("ferritin", 10.0, 200.0), "ferritin");
        let cut = fit("trimethoprim-sulfadiazine", 10.0, 60.0);
        assert!(cut.ends_with('…'), "{cut}");
        assert!(width(&cut, 10.0) <= 60.0);
    }

    #[test]
    fn attr_replaces_quotes() {
        assert_eq!(attr(r#"a "b""#), "a \u{201D}b\u{201D}");
    }
}
