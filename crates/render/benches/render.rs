//! Speed of the chart and the report for the founding case (target: under
//! 5 ms each). The course is built from the gold list in ../shared when it
//! is there, else from a hand-built course of the same shape.

use std::hint::black_box;

use casecourse_render::{ChartOptions, ReportOptions, chart_svg, report_html};
use criterion::{Criterion, criterion_group, criterion_main};

#[path = "../tests/common/mod.rs"]
#[allow(dead_code)]
mod common;

fn bench(c: &mut Criterion) {
    let course = common::founding_course().unwrap_or_else(common::dated_course);
    let assessment = casecourse_assess::assess(&course);
    c.bench_function("chart_svg founding case", |b| {
        b.iter(|| chart_svg(black_box(&course), &ChartOptions::default()))
    });
    c.bench_function("report_html founding case", |b| {
        b.iter(|| {
            report_html(
                black_box(&course),
                Some(&assessment),
                &ReportOptions::default(),
            )
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
