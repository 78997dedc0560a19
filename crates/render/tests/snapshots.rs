//! Snapshot tests: the chart and the report for the founding case and for
//! hand-built courses that stress the layout. Output is deterministic, so
//! any change shows up as a reviewed snapshot diff (`cargo insta review`).

mod common;

use casecourse_render::{ChartOptions, ReportOptions, TimeUnit, chart_svg, report_html};

fn check_chart(name: &str, course: &casecourse_model::Course, opts: &ChartOptions) {
    let svg = chart_svg(course, opts);
    assert_eq!(svg, chart_svg(course, opts), "{name}: two runs differ");
    insta::assert_snapshot!(format!("{name}.svg"), svg);
}

#[test]
fn founding_case_chart_and_report() {
    let Some(course) = common::founding_course() else {
        println!("note: ../shared is absent; founding-case snapshots skipped");
        return;
    };
    check_chart("founding", &course, &ChartOptions::default());
    let assessment = casecourse_assess::assess(&course);
    let html = report_html(&course, Some(&assessment), &ReportOptions::default());
    assert_eq!(
        html,
        report_html(&course, Some(&assessment), &ReportOptions::default())
    );
    insta::assert_snapshot!("founding.report.html", html);
}

#[test]
fn dated_course_in_dates_and_days() {
    let course = common::dated_course();
    let dates = ChartOptions {
        time: TimeUnit::Dates,
        ..ChartOptions::default()
    };
    check_chart("dated", &course, &dates);
    let days = ChartOptions {
        time: TimeUnit::Days,
        ..ChartOptions::default()
    };
    check_chart("dated-days", &course, &days);
    let html = report_html(
        &course,
        None,
        &ReportOptions {
            chart: dates,
            title: None,
        },
    );
    insta::assert_snapshot!("dated.report.html", html);
}

#[test]
fn single_time_point_course() {
    let course = common::single_point_course();
    check_chart("single-point", &course, &ChartOptions::default());
    insta::assert_snapshot!(
        "single-point.report.html",
        report_html(&course, None, &ReportOptions::default())
    );
}

#[test]
fn twenty_drugs_course() {
    let course = common::twenty_drugs_course();
    check_chart("twenty-drugs", &course, &ChartOptions::default());
}

#[test]
fn course_without_labs() {
    let course = common::no_labs_course();
    check_chart("no-labs", &course, &ChartOptions::default());
    insta::assert_snapshot!(
        "no-labs.report.html",
        report_html(&course, None, &ReportOptions::default())
    );
}
