//! Label placement that never overlaps: a one-dimensional packer for lane
//! labels (rows above a bar) and a two-dimensional one for value labels.

use crate::text;

/// A label that wants to start at `anchor` px, with a shorter form to fall
/// back on.
#[derive(Debug, Clone)]
pub(crate) struct Wanted {
    pub anchor: f64,
    pub full: String,
    pub short: String,
}

/// Where a label went.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Placed {
    pub x: f64,
    pub row: usize,
    pub text: String,
    pub width: f64,
}

/// Gap kept between labels on one row.
const GAP: f64 = 6.0;

/// Packs labels into at most `max_rows` rows between `x_min` and `x_max`.
/// Each label takes the first row where its full form fits, then its short
/// form; a label that fits nowhere is left out (`None`): its words stay in
/// the mark's tooltip and in the report's table.
pub(crate) fn rows(
    wanted: &[Wanted],
    size: f64,
    x_min: f64,
    x_max: f64,
    max_rows: usize,
) -> Vec<Option<Placed>> {
    let mut order: Vec<usize> = (0..wanted.len()).collect();
    order.sort_by(|&a, &b| wanted[a].anchor.total_cmp(&wanted[b].anchor));
    let mut row_end: Vec<f64> = Vec::new();
    let mut out = vec![None; wanted.len()];
    for i in order {
        let w = &wanted[i];
        let forms = [w.full.as_str(), w.short.as_str()];
        'forms: for form in forms.into_iter().filter(|f| !f.is_empty()) {
            let width = text::width(form, size);
            if width > x_max - x_min {
                continue;
            }
            let x = w.anchor.clamp(x_min, x_max - width);
            for r in 0..max_rows {
                let free = row_end.get(r).is_none_or(|end| end + GAP <= x);
                if free {
                    if r == row_end.len() {
                        row_end.push(x + width);
                    } else if let Some(end) = row_end.get_mut(r) {
                        *end = x + width;
                    }
                    out[i] = Some(Placed {
                        x,
                        row: r,
                        text: form.to_string(),
                        width,
                    });
                    break 'forms;
                }
            }
        }
    }
    out
}

/// An axis-aligned box.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Rect {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

impl Rect {
    fn overlaps(&self, o: &Rect) -> bool {
        self.x < o.x + o.w && o.x < self.x + self.w && self.y < o.y + o.h && o.y < self.y + self.h
    }

    fn inside(&self, o: &Rect) -> bool {
        self.x >= o.x
            && self.y >= o.y
            && self.x + self.w <= o.x + o.w
            && self.y + self.h <= o.y + o.h
    }
}

/// Places labels one by one at the first candidate position that stays
/// inside `bounds` and clear of everything placed before.
#[derive(Debug, Default)]
pub(crate) struct Board {
    taken: Vec<Rect>,
}

impl Board {
    /// Reserves `r` (a marker or line label already drawn).
    pub fn reserve(&mut self, r: Rect) {
        self.taken.push(r);
    }

    /// The first candidate (top-left corners) where a `w`×`h` box fits.
    pub fn place(
        &mut self,
        candidates: &[(f64, f64)],
        w: f64,
        h: f64,
        bounds: Rect,
    ) -> Option<Rect> {
        for &(x, y) in candidates {
            let r = Rect { x, y, w, h };
            if r.inside(&bounds) && !self.taken.iter().any(|t| t.overlaps(&r)) {
                self.taken.push(r);
                return Some(r);
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn want(anchor: f64, full: &str, short: &str) -> Wanted {
        Wanted {
            anchor,
            full: full.into(),
            short: short.into(),
        }
    }

    #[test]
    fn labels_far_apart_share_a_row() {
        let got = rows(
            &[want(0.0, "160 mg QD", "160"), want(300.0, "30 mg QD", "30")],
            10.0,
            0.0,
            600.0,
            2,
        );
        assert!(got.iter().all(|p| p.as_ref().is_some_and(|p| p.row == 0)));
    }

    #[test]
    fn crowded_labels_stack_then_shorten_then_drop() {
        let w = [
            want(100.0, "40 mg QD", "40"),
            want(102.0, "30 mg QD", "30"),
            want(104.0, "25 mg BID", "25"),
            want(106.0, "20 mg BID", "20"),
        ];
        let got = rows(&w, 10.0, 0.0, 600.0, 2);
        assert_eq!(got[0].as_ref().map(|p| p.row), Some(0));
        assert_eq!(got[1].as_ref().map(|p| p.row), Some(1));
        // Both rows are taken at x≈104: neither form fits.
        assert_eq!(got[2], None);
        assert_eq!(got[3], None);
        // No two placed labels on a row overlap.
        let placed: Vec<&Placed> = got.iter().flatten().collect();
        for a in &placed {
            for b in &placed {
                if a != b && a.row == b.row {
                    assert!(a.x + a.width + GAP <= b.x || b.x + b.width + GAP <= a.x);
                }
            }
        }
    }

    #[test]
    fn labels_are_pulled_inside_the_right_edge() {
        let got = rows(&[want(595.0, "750 mg QD", "750")], 10.0, 0.0, 600.0, 1);
        let p = got[0].as_ref().expect("placed");
        assert!(p.x + p.width <= 600.0);
    }

    #[test]
    fn board_skips_taken_and_out_of_bounds_spots() {
        let bounds = Rect {
            x: 0.0,
            y: 0.0,
            w: 100.0,
            h: 100.0,
        };
        let mut b = Board::default();
        b.reserve(Rect {
            x: 10.0,
            y: 10.0,
            w: 20.0,
            h: 10.0,
        });
        let got = b.place(
            &[(-5.0, 0.0), (15.0, 12.0), (40.0, 12.0)],
            20.0,
            10.0,
            bounds,
        );
        assert_eq!(
            got,
            Some(Rect {
                x: 40.0,
                y: 12.0,
                w: 20.0,
                h: 10.0
            })
        );
        assert_eq!(b.place(&[(40.0, 15.0)], 20.0, 10.0, bounds), None);
    }
}
