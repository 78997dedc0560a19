//! The course chart as SVG: small multiples of the measured series over
//! swimlanes of oxygen, drugs, events, imaging and antibodies, on one time
//! axis.

use std::fmt::Write as _;

use casecourse_model::Course;
use svg::Document;
use svg::node::element::{Description, Group, Line, Path, Rectangle, Text, Title};

use crate::pack::{self, Board, Rect, Wanted};
use crate::palette::{self, BAND, GRID, INK, MUTED};
use crate::scale::{TimeAxis, ValueScale, tick_value};
use crate::text::{self, FONT_FAMILY, attr};
use crate::units::{number, quantity};
use crate::view::{self, Lane, Mark, Series, Shape, View};
use crate::{ChartOptions, TimeUnit};

const TITLE: f64 = 15.0;
const LABEL: f64 = 11.0;
const SMALL: f64 = 10.0;
const PANEL_H: f64 = 58.0;
const ROW: f64 = 12.0;
const BAR_H: f64 = 9.0;
/// How far a "some time before/after" mark sits off its day, in px.
const NUDGE: f64 = 9.0;

/// Rounds a coordinate to 0.1 px: smaller SVG, identical on every run.
fn px(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

/// Draws the course chart as a standalone SVG document.
pub fn chart_svg(course: &Course, opts: &ChartOptions) -> String {
    let view = view::build(course, &opts.series);
    Chart::new(course, opts, view).draw()
}

struct Chart<'a> {
    course: &'a Course,
    opts: &'a ChartOptions,
    view: View,
    axis: TimeAxis,
    label_w: f64,
    width: f64,
}

impl<'a> Chart<'a> {
    fn new(course: &'a Course, opts: &'a ChartOptions, view: View) -> Self {
        let width = opts.width.clamp(480.0, 4000.0);
        let names = view
            .series
            .iter()
            .map(|s| s.label.as_str())
            .chain(view.drugs.iter().map(|l| l.name.as_str()))
            .chain(view.antibodies.iter().map(|m| m.group.as_str()))
            .chain(["Imaging", "Events", "Oxygen"]);
        let widest = names.map(|n| text::width(n, LABEL)).fold(0.0, f64::max);
        let label_w = (widest + 16.0).clamp(96.0, (width * 0.25).min(210.0));
        let x0 = label_w + 42.0;
        let x1 = width - 18.0;
        let day_unit = match opts.time {
            TimeUnit::Weeks => 7.0,
            _ => 1.0,
        };
        let (mut lo, mut hi) = (view.day_min, view.day_max);
        if hi - lo < day_unit {
            let mid = (lo + hi) / 2.0;
            lo = mid - day_unit;
            hi = mid + day_unit;
        }
        let pad = (hi - lo) * 0.03;
        let index_date = match opts.time {
            TimeUnit::Dates => course
                .index
                .date
                .as_deref()
                .and_then(|d| d.parse::<jiff::civil::Date>().ok()),
            _ => None,
        };
        let axis = TimeAxis {
            unit: opts.time,
            day_min: lo - pad,
            day_max: hi + pad,
            x0,
            x1,
            index_date,
        };
        Chart {
            course,
            opts,
            view,
            axis,
            label_w,
            width,
        }
    }

    fn index_words(&self) -> String {
        let d = self.course.index.description.trim();
        if d.is_empty() {
            "the index event".into()
        } else {
            d.to_string()
        }
    }

    fn draw(&self) -> String {
        let mut body = Group::new().set("class", "course");
        let mut y = 52.0;
        for (i, s) in self.view.series.iter().enumerate() {
            let (g, h) = self.panel(s, i, y);
            body = body.add(g);
            y += h;
        }
        if !self.view.series.is_empty() {
            y += 6.0;
        }
        let lanes_top = y;
        if let Some(o) = &self.view.oxygen {
            let (g, h) = self.lane(o, palette::OXYGEN, y, 2);
            body = body.add(g);
            y += h;
        }
        for (i, l) in self.view.drugs.iter().enumerate() {
            let (g, h) = self.lane(l, palette::series(i), y, 3);
            body = body.add(g);
            y += h;
        }
        let mut mark_lanes: Vec<(String, Vec<Mark>)> = vec![
            ("Events".into(), self.view.events.clone()),
            ("Imaging".into(), self.view.imaging.clone()),
        ];
        // One row per antibody, so a conversion reads along its row.
        for m in &self.view.antibodies {
            match mark_lanes.iter_mut().find(|(n, _)| *n == m.group) {
                Some((_, v)) => v.push(m.clone()),
                None => mark_lanes.push((m.group.clone(), vec![m.clone()])),
            }
        }
        for (name, marks) in &mark_lanes {
            if marks.is_empty() {
                continue;
            }
            let (g, h) = self.marks(name, marks, y);
            body = body.add(g);
            y += h;
        }
        if y == 52.0 {
            body = body.add(
                Text::new("No dated facts to draw: the course places nothing in time.")
                    .set("x", px(self.axis.x0))
                    .set("y", 80)
                    .set("font-size", LABEL)
                    .set("fill", MUTED),
            );
            y = 100.0;
        }
        let grid = self.grid(40.0, y, lanes_top);
        let (axis, y) = self.time_axis(y + 4.0);
        let (notes, y) = self.notes(y + 10.0);
        let height = px(y + 8.0);
        let title = self.title_text();
        let doc = Document::new()
            .set("viewBox", format!("0 0 {} {}", px(self.width), height))
            .set("width", px(self.width))
            .set("height", height)
            .set("role", "img")
            .set("aria-labelledby", "cc-title cc-desc")
            .set("font-family", FONT_FAMILY)
            .set("class", "course-chart")
            .add(Title::new(title.clone()).set("id", "cc-title"))
            .add(
                Description::new()
                    .set("id", "cc-desc")
                    .add(svg::node::Text::new(self.description())),
            )
            .add(
                Rectangle::new()
                    .set("width", "100%")
                    .set("height", "100%")
                    .set("fill", "#ffffff"),
            )
            .add(
                Text::new(title)
                    .set("x", 8)
                    .set("y", 22)
                    .set("font-size", TITLE)
                    .set("fill", INK),
            )
            .add(
                Text::new(self.subtitle())
                    .set("x", 8)
                    .set("y", 40)
                    .set("font-size", SMALL)
                    .set("fill", MUTED),
            )
            .add(grid)
            .add(body)
            .add(axis)
            .add(notes);
        doc.to_string()
    }

    fn title_text(&self) -> String {
        match &self.opts.title {
            Some(t) => t.clone(),
            None => match &self.course.source.name {
                Some(n) => format!("Clinical course: {n}"),
                None => "Clinical course".into(),
            },
        }
    }

    fn subtitle(&self) -> String {
        let s = "Shaded band: reference interval · solid bar: stated · dashed: end not stated · ▶ continues";
        text::fit(s, SMALL, self.width - 16.0)
    }

    /// Vertical grid lines at the time ticks, and the index event.
    fn grid(&self, top: f64, bottom: f64, _lanes_top: f64) -> Group {
        let mut g = Group::new().set("class", "grid").set("aria-hidden", "true");
        for (day, _) in self.axis.ticks(SMALL) {
            let x = px(self.axis.x(day));
            g = g.add(
                Line::new()
                    .set("x1", x)
                    .set("x2", x)
                    .set("y1", px(top + 8.0))
                    .set("y2", px(bottom))
                    .set("stroke", GRID)
                    .set("stroke-width", 1),
            );
        }
        if self.axis.day_min <= 0.0 && self.axis.day_max >= 0.0 {
            let x = px(self.axis.x(0.0));
            g = g.add(
                Line::new()
                    .set("x1", x)
                    .set("x2", x)
                    .set("y1", px(top + 8.0))
                    .set("y2", px(bottom))
                    .set("stroke", MUTED)
                    .set("stroke-width", 1)
                    .set("stroke-dasharray", "4 3"),
            );
        }
        g
    }

    /// The left-column name of a panel or lane.
    fn row_name(&self, name: &str, y: f64, size: f64, colour: &str) -> Text {
        Text::new(text::fit(name, size, self.label_w - 12.0))
            .set("x", 8)
            .set("y", px(y))
            .set("font-size", size)
            .set("fill", colour)
    }

    fn panel(&self, s: &Series, i: usize, top: f64) -> (Group, f64) {
        let colour = palette::series(i);
        let plot_top = top + 6.0;
        let plot_bottom = plot_top + PANEL_H;
        let mut domain: Vec<f64> = s.points.iter().map(|p| p.value).collect();
        if let Some(r) = &s.reference {
            domain.extend(r.low.iter().chain(r.high.iter()).copied());
        }
        let scale = ValueScale::fit(&domain, plot_top, plot_bottom);
        let unit = view::series_unit(s);
        let mut g = Group::new()
            .set("class", "series")
            .set("aria-label", attr(format!("{} {}", s.label, unit).trim()));
        g = g.add(self.row_name(&s.label, top + 18.0, LABEL, INK));
        let mut sub = unit.clone();
        if scale.log {
            sub = format!("{sub} (log)").trim().to_string();
        }
        if !sub.is_empty() {
            g = g.add(self.row_name(&sub, top + 31.0, SMALL, MUTED));
        }
        // Reference band.
        if let Some(r) = &s.reference {
            let hi = r.high.unwrap_or(scale.hi).min(scale.hi);
            let lo = r.low.unwrap_or(scale.lo).max(scale.lo);
            if hi > lo {
                let (y_hi, y_lo) = (scale.y(hi), scale.y(lo));
                let limits = match (r.low, r.high) {
                    (Some(a), Some(b)) => format!("{}–{}", number(a), number(b)),
                    (None, Some(b)) => format!("< {}", number(b)),
                    (Some(a), None) => format!("> {}", number(a)),
                    (None, None) => String::new(),
                };
                g = g.add(
                    Group::new()
                        .set("class", "reference")
                        .add(Title::new(format!(
                            "Reference interval {limits} {unit} ({})",
                            r.source
                        )))
                        .add(
                            Rectangle::new()
                                .set("x", px(self.axis.x0))
                                .set("y", px(y_hi))
                                .set("width", px(self.axis.x1 - self.axis.x0))
                                .set("height", px((y_lo - y_hi).max(1.0)))
                                .set("fill", BAND),
                        ),
                );
            }
        }
        // Frame and value ticks.
        g = g.add(
            Line::new()
                .set("x1", px(self.axis.x0))
                .set("x2", px(self.axis.x0))
                .set("y1", px(plot_top))
                .set("y2", px(plot_bottom))
                .set("stroke", MUTED),
        );
        let mut ticks = scale.ticks();
        if ticks.len() > 4 {
            ticks = ticks.into_iter().step_by(2).collect();
        }
        for t in ticks {
            let y = px(scale.y(t));
            g = g.add(
                Line::new()
                    .set("x1", px(self.axis.x0 - 3.0))
                    .set("x2", px(self.axis.x0))
                    .set("y1", y)
                    .set("y2", y)
                    .set("stroke", MUTED),
            );
            g = g.add(
                Text::new(tick_value(t))
                    .set("x", px(self.axis.x0 - 5.0))
                    .set("y", px(y + 3.5))
                    .set("font-size", 9.5)
                    .set("text-anchor", "end")
                    .set("fill", MUTED),
            );
        }
        // Line through the points, then the points with their values.
        if s.points.len() >= 2 {
            let mut d = String::new();
            for (k, p) in s.points.iter().enumerate() {
                let _ = write!(
                    d,
                    "{}{} {}",
                    if k == 0 { "M" } else { " L" },
                    px(self.axis.x(p.day)),
                    px(scale.y(p.value))
                );
            }
            g = g.add(
                Path::new()
                    .set("d", d)
                    .set("fill", "none")
                    .set("stroke", colour)
                    .set("stroke-width", 2),
            );
        }
        let mut board = Board::default();
        let bounds = Rect {
            x: self.axis.x0 + 1.0,
            y: plot_top - 4.0,
            w: self.axis.x1 - self.axis.x0,
            h: PANEL_H + 12.0,
        };
        for p in &s.points {
            let (x, y) = (self.axis.x(p.day), scale.y(p.value));
            board.reserve(Rect {
                x: x - 4.0,
                y: y - 4.0,
                w: 8.0,
                h: 8.0,
            });
        }
        for p in &s.points {
            let (x, y) = (self.axis.x(p.day), scale.y(p.value));
            let value = quantity(p.value, s.unit.as_deref());
            let flag = match p.flag {
                Some(casecourse_model::Flag::High) => " (high)",
                Some(casecourse_model::Flag::Low) => " (low)",
                Some(casecourse_model::Flag::Abnormal) => " (abnormal)",
                _ => "",
            };
            let when = match p.relation {
                casecourse_model::Relation::After => format!("after {}", self.axis.describe(p.day)),
                casecourse_model::Relation::Before => {
                    format!("before {}", self.axis.describe(p.day))
                }
                _ => self.axis.describe(p.day),
            };
            let mut mark = Group::new()
                .set("class", "fact")
                .set("data-fact", attr(&p.fact_id))
                .add(Title::new(format!("{} {value}{flag}, {when}", s.name)))
                .add(
                    svg::node::element::Circle::new()
                        .set("cx", px(x))
                        .set("cy", px(y))
                        .set("r", 3.5)
                        .set("fill", colour)
                        .set("stroke", "#ffffff")
                        .set("stroke-width", 1),
                );
            let label = number(p.value);
            let w = text::width(&label, SMALL);
            let h = SMALL + 1.0;
            let candidates = [
                (x + 5.0, y - h - 2.0),
                (x - 5.0 - w, y - h - 2.0),
                (x + 5.0, y + 2.0),
                (x - 5.0 - w, y + 2.0),
                (x - w / 2.0, y - h - 5.0),
                (x - w / 2.0, y + 5.0),
            ];
            if let Some(r) = board.place(&candidates, w, h, bounds) {
                mark = mark.add(
                    Text::new(label)
                        .set("x", px(r.x))
                        .set("y", px(r.y + SMALL - 1.0))
                        .set("font-size", SMALL)
                        .set("fill", INK),
                );
            }
            g = g.add(mark);
        }
        for wp in &s.words {
            let x = self.axis.x(wp.day);
            let y = (plot_top + plot_bottom) / 2.0;
            let w = text::width(&wp.words, SMALL);
            let candidates = [
                (x - w / 2.0, y - SMALL / 2.0),
                (x - w - 4.0, y - SMALL / 2.0),
                (x - w / 2.0, plot_bottom - SMALL - 2.0),
                (x - w / 2.0, plot_top),
            ];
            let mut mark = Group::new()
                .set("class", "fact")
                .set("data-fact", attr(&wp.fact_id))
                .add(Title::new(format!(
                    "{}: {} (stated in words), {}",
                    s.name,
                    wp.words,
                    self.axis.describe(wp.day)
                )));
            if let Some(r) = board.place(&candidates, w, SMALL + 1.0, bounds) {
                mark = mark.add(
                    Text::new(wp.words.clone())
                        .set("x", px(r.x))
                        .set("y", px(r.y + SMALL - 1.0))
                        .set("font-size", SMALL)
                        .set("font-style", "italic")
                        .set("fill", colour),
                );
            }
            g = g.add(mark);
        }
        (g, PANEL_H + 24.0)
    }

    fn lane(&self, lane: &Lane, colour: &str, top: f64, max_rows: usize) -> (Group, f64) {
        let wanted: Vec<Wanted> = lane
            .labels
            .iter()
            .map(|l| Wanted {
                anchor: self.axis.x(l.day) - 1.0,
                full: l.full.clone(),
                short: l.short.clone(),
            })
            .collect();
        let placed = pack::rows(&wanted, SMALL, self.axis.x0 + 1.0, self.axis.x1, max_rows);
        // At least one label row, so lanes keep one rhythm down the chart.
        let rows = placed
            .iter()
            .flatten()
            .map(|p| p.row + 1)
            .max()
            .unwrap_or(1)
            .max(1) as f64;
        let bar_y = top + rows * ROW + 4.0;
        let mut g = Group::new()
            .set("class", "lane")
            .set("aria-label", attr(&lane.name));
        g = g.add(self.row_name(&lane.name, bar_y + BAR_H - 1.0, LABEL, INK));
        for b in &lane.bars {
            let x = self.axis.x(b.start);
            let mut x_end = self.axis.x(b.end);
            if b.continues {
                x_end = self.axis.x1 - 7.0;
            }
            let w = (x_end - x).max(3.0);
            let mut rect = Rectangle::new()
                .set("x", px(x))
                .set("y", px(bar_y))
                .set("width", px(w))
                .set("height", BAR_H)
                .set("rx", 2);
            rect = if b.stated {
                rect.set("fill", colour)
            } else {
                rect.set("fill", "#ffffff")
                    .set("stroke", colour)
                    .set("stroke-width", 1.5)
                    .set("stroke-dasharray", "4 3")
            };
            let mut bar = Group::new()
                .set("class", "fact")
                .set("data-fact", attr(&b.fact_id))
                .add(Title::new(b.title.clone()))
                .add(rect);
            if b.continues {
                let (ax, ay) = (x + w, bar_y + BAR_H / 2.0);
                bar = bar.add(
                    Path::new()
                        .set(
                            "d",
                            format!(
                                "M{} {} L{} {} L{} {} Z",
                                px(ax),
                                px(ay - 6.0),
                                px(ax + 7.0),
                                px(ay),
                                px(ax),
                                px(ay + 6.0)
                            ),
                        )
                        .set("fill", colour),
                );
            }
            g = g.add(bar);
        }
        for (l, p) in lane.labels.iter().zip(&placed) {
            let x = self.axis.x(l.day);
            // A white tick on the bar where the dose changes.
            let mut mark = Group::new()
                .set("class", "fact")
                .set("data-fact", attr(&l.fact_id))
                .add(Title::new(format!(
                    "{}: {}, {}",
                    lane.name,
                    l.full,
                    self.axis.describe(l.day)
                )))
                .add(
                    Line::new()
                        .set("x1", px(x))
                        .set("x2", px(x))
                        .set("y1", px(bar_y - 2.0))
                        .set("y2", px(bar_y + BAR_H + 2.0))
                        .set("stroke", INK)
                        .set("stroke-width", 1.5),
                );
            if let Some(p) = p {
                let baseline = bar_y - 3.0 - p.row as f64 * ROW;
                mark = mark.add(
                    Text::new(p.text.clone())
                        .set("x", px(p.x))
                        .set("y", px(baseline))
                        .set("font-size", SMALL)
                        .set("fill", INK),
                );
            }
            g = g.add(mark);
        }
        (g, rows * ROW + 4.0 + BAR_H + 9.0)
    }

    fn marks(&self, name: &str, marks: &[Mark], top: f64) -> (Group, f64) {
        let wanted: Vec<Wanted> = marks
            .iter()
            .map(|m| {
                let x = self.axis.x(m.day) + m.nudge * NUDGE;
                let w = text::width(&m.label, SMALL);
                Wanted {
                    anchor: x - w / 2.0,
                    full: m.label.clone(),
                    short: text::fit(&m.label, SMALL, 70.0),
                }
            })
            .collect();
        let placed = pack::rows(&wanted, SMALL, self.axis.x0 + 1.0, self.axis.x1, 3);
        let rows = placed
            .iter()
            .flatten()
            .map(|p| p.row + 1)
            .max()
            .unwrap_or(0) as f64;
        let base = top + rows * ROW + 4.0;
        let cy = base + 6.0;
        let mut g = Group::new()
            .set("class", "lane marks")
            .set("aria-label", name);
        g = g.add(self.row_name(name, cy + 4.0, LABEL, INK));
        g = g.add(
            Line::new()
                .set("x1", px(self.axis.x0))
                .set("x2", px(self.axis.x1))
                .set("y1", px(cy))
                .set("y2", px(cy))
                .set("stroke", GRID),
        );
        for (m, p) in marks.iter().zip(&placed) {
            let x = self.axis.x(m.day) + m.nudge * NUDGE;
            let mut mark = Group::new()
                .set("class", "fact")
                .set("data-fact", attr(&m.fact_id))
                .add(Title::new(format!(
                    "{}, {}",
                    m.title,
                    self.axis.describe(m.day)
                )))
                .add(shape(m.shape, x, cy, m.colour));
            if let Some(p) = p {
                mark = mark.add(
                    Text::new(p.text.clone())
                        .set("x", px(p.x))
                        .set("y", px(base - 3.0 - p.row as f64 * ROW))
                        .set("font-size", SMALL)
                        .set("fill", INK),
                );
            }
            g = g.add(mark);
        }
        (g, rows * ROW + 4.0 + 12.0 + 8.0)
    }

    fn time_axis(&self, y: f64) -> (Group, f64) {
        let mut g = Group::new().set("class", "axis");
        g = g.add(
            Line::new()
                .set("x1", px(self.axis.x0))
                .set("x2", px(self.axis.x1))
                .set("y1", px(y))
                .set("y2", px(y))
                .set("stroke", INK),
        );
        for (day, label) in self.axis.ticks(SMALL) {
            let x = self.axis.x(day);
            let w = text::width(&label, SMALL);
            let cx = x.clamp(w / 2.0 + 2.0, self.width - w / 2.0 - 2.0);
            g = g.add(
                Line::new()
                    .set("x1", px(x))
                    .set("x2", px(x))
                    .set("y1", px(y))
                    .set("y2", px(y + 4.0))
                    .set("stroke", INK),
            );
            g = g.add(
                Text::new(label)
                    .set("x", px(cx))
                    .set("y", px(y + 16.0))
                    .set("font-size", SMALL)
                    .set("text-anchor", "middle")
                    .set("fill", INK),
            );
        }
        let title = text::fit(
            &self.axis.title(&self.index_words()),
            LABEL,
            self.axis.x1 - self.axis.x0,
        );
        g = g.add(
            Text::new(title)
                .set("x", px((self.axis.x0 + self.axis.x1) / 2.0))
                .set("y", px(y + 32.0))
                .set("font-size", LABEL)
                .set("text-anchor", "middle")
                .set("fill", INK),
        );
        (g, y + 36.0)
    }

    fn notes(&self, y: f64) -> (Group, f64) {
        let mut lines: Vec<String> = Vec::new();
        lines.push(
            "Markers: ▲ admission · ▼ discharge · ● status · ◆ imaging · antibodies: ● positive, ○ negative. Hover for details."
                .into(),
        );
        if !self.view.missing_series.is_empty() {
            lines.push(format!(
                "Not in this course: {}.",
                self.view.missing_series.join(", ")
            ));
        }
        if self.opts.time == TimeUnit::Dates && self.axis.index_date.is_none() {
            lines.push("Dates asked for, but the course has no full calendar date for its index event: days shown.".into());
        }
        lines.push("Drawn by casecourse from the text: check values against the source. It supports, and does not replace, clinical judgement.".into());
        let mut g = Group::new().set("class", "notes");
        let mut y = y;
        for line in lines {
            for wrapped in wrap(&line, SMALL, self.width - 16.0) {
                y += 13.0;
                g = g.add(
                    Text::new(wrapped)
                        .set("x", 8)
                        .set("y", px(y))
                        .set("font-size", SMALL)
                        .set("fill", MUTED),
                );
            }
        }
        (g, y)
    }

    /// The chart in words, for screen readers and the `<desc>` element.
    fn description(&self) -> String {
        let a = &self.axis;
        let mut out = format!(
            "{} from {} to {}.",
            a.title(&self.index_words()),
            a.describe(self.view.day_min),
            a.describe(self.view.day_max)
        );
        for s in &self.view.series {
            let values: Vec<String> = s
                .points
                .iter()
                .map(|p| {
                    format!(
                        "{} at {}",
                        quantity(p.value, s.unit.as_deref()),
                        a.describe(p.day)
                    )
                })
                .collect();
            let _ = write!(out, " {}: {}.", s.label, values.join(", "));
        }
        for l in self.view.oxygen.iter().chain(&self.view.drugs) {
            let parts: Vec<String> = l
                .labels
                .iter()
                .map(|x| format!("{} from {}", x.full, a.describe(x.day)))
                .collect();
            if parts.is_empty() {
                if let Some(b) = l.bars.first() {
                    let _ = write!(out, " {}: from {}.", l.name, a.describe(b.start));
                }
            } else {
                let _ = write!(out, " {}: {}.", l.name, parts.join("; "));
            }
        }
        let marks: Vec<String> = self
            .view
            .events
            .iter()
            .chain(&self.view.imaging)
            .chain(&self.view.antibodies)
            .map(|m| format!("{} at {}", m.label, a.describe(m.day)))
            .collect();
        if !marks.is_empty() {
            let _ = write!(out, " Events: {}.", marks.join("; "));
        }
        out
    }
}

fn shape(s: Shape, x: f64, y: f64, colour: &str) -> Path {
    let r = 5.0;
    let d = match s {
        Shape::Up => format!(
            "M{} {} L{} {} L{} {} Z",
            px(x),
            px(y - r),
            px(x + r),
            px(y + r),
            px(x - r),
            px(y + r)
        ),
        Shape::Down => format!(
            "M{} {} L{} {} L{} {} Z",
            px(x - r),
            px(y - r),
            px(x + r),
            px(y - r),
            px(x),
            px(y + r)
        ),
        Shape::Diamond => format!(
            "M{} {} L{} {} L{} {} L{} {} Z",
            px(x),
            px(y - r),
            px(x + r),
            px(y),
            px(x),
            px(y + r),
            px(x - r),
            px(y)
        ),
        Shape::Square => format!("M{} {} h{} v{} h{} Z", px(x - 4.0), px(y - 4.0), 8, 8, -8),
        Shape::Circle | Shape::Ring => format!(
            "M{} {} a4.5 4.5 0 1 0 9 0 a4.5 4.5 0 1 0 -9 0 Z",
            px(x - 4.5),
            px(y)
        ),
    };
    let p = Path::new().set("d", d);
    if s == Shape::Ring {
        p.set("fill", "#ffffff")
            .set("stroke", colour)
            .set("stroke-width", 2)
    } else {
        p.set("fill", colour)
    }
}

/// Splits `line` into lines no wider than `max` px.
fn wrap(line: &str, size: f64, max: f64) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    for word in line.split_whitespace() {
        let candidate = if current.is_empty() {
            word.to_string()
        } else {
            format!("{current} {word}")
        };
        if text::width(&candidate, size) > max && !current.is_empty() {
            out.push(std::mem::take(&mut current));
            current = word.to_string();
        } else {
            current = candidate;
        }
    }
    if !current.is_empty() {
        out.push(text::fit(&current, size, max));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use casecourse_model::{Dosage, DoseAction, Fact, Kind, Time, Value};

    /// A course built to crowd the chart: many values and dose changes
    /// within days of each other, events on the same day.
    fn crowded() -> Course {
        let mut c = Course::new("");
        c.index.description = "admission".into();
        for (i, day) in [0.0, 1.0, 2.0, 3.0, 5.0, 8.0, 13.0, 60.0]
            .iter()
            .enumerate()
        {
            let mut f = Fact::new(format!("l{i}"), Kind::Lab, "ferritin");
            f.value = Some(Value::Number(500.0 + 1000.0 * i as f64));
            f.unit = Some("ug/L".into());
            f.time = Time::at(*day);
            c.facts.push(f);
        }
        for (i, day) in [0.0, 2.0, 3.0, 4.0, 6.0, 30.0].iter().enumerate() {
            let mut f = Fact::new(format!("m{i}"), Kind::Medication, "methylprednisolone");
            f.dosage = Some(Dosage {
                dose: Some(1000.0 / (i as f64 + 1.0)),
                unit: Some("mg".into()),
                frequency: Some("QD".into()),
                action: Some(if i == 0 {
                    DoseAction::Start
                } else {
                    DoseAction::Decrease
                }),
                ..Dosage::default()
            });
            f.time = Time::at(*day);
            c.facts.push(f);
        }
        for (i, name) in ["admission", "transfer", "discharge", "readmission"]
            .iter()
            .enumerate()
        {
            let mut f = Fact::new(format!("e{i}"), Kind::Event, *name);
            f.time = Time::at(if i < 2 { 0.0 } else { 1.0 });
            c.facts.push(f);
        }
        c
    }

    /// Boxes of every `<text>` as the bundled font measures it.
    fn text_boxes(svg: &str) -> Vec<(String, pack::Rect)> {
        let doc = roxmltree::Document::parse(svg).expect("well-formed");
        doc.descendants()
            .filter(|n| n.has_tag_name("text"))
            .map(|n| {
                let num = |a: &str| {
                    n.attribute(a)
                        .and_then(|v| v.parse::<f64>().ok())
                        .unwrap_or(0.0)
                };
                let (x, y, size) = (num("x"), num("y"), num("font-size"));
                let words = n.text().unwrap_or_default().trim().to_string();
                let w = text::width(&words, size);
                let left = match n.attribute("text-anchor") {
                    Some("middle") => x - w / 2.0,
                    Some("end") => x - w,
                    _ => x,
                };
                // DejaVu Sans: ascent 0.76 em above the baseline for
                // digits and capitals, descent 0.24 em below.
                let r = pack::Rect {
                    x: left,
                    y: y - 0.76 * size,
                    w,
                    h: size,
                };
                (words, r)
            })
            .collect()
    }

    #[test]
    fn crowded_chart_labels_do_not_overlap_and_stay_inside() {
        let svg = chart_svg(&crowded(), &ChartOptions::default());
        let boxes = text_boxes(&svg);
        assert!(boxes.len() > 10);
        for (i, (a, ra)) in boxes.iter().enumerate() {
            assert!(
                ra.x >= 0.0 && ra.x + ra.w <= 960.0 + 0.5,
                "{a:?} leaves the chart"
            );
            for (b, rb) in &boxes[i + 1..] {
                let w = (ra.x + ra.w).min(rb.x + rb.w) - ra.x.max(rb.x);
                let h = (ra.y + ra.h).min(rb.y + rb.h) - ra.y.max(rb.y);
                assert!(!(w > 0.5 && h > 0.5), "{a:?} {ra:?} overlaps {b:?} {rb:?}");
            }
        }
    }

    #[test]
    fn a_chart_of_nothing_says_so() {
        let svg = chart_svg(&Course::new("no facts"), &ChartOptions::default());
        assert!(svg.contains("No dated facts to draw"));
    }
}
