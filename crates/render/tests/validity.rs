//! The output parses as what it claims to be, with a real parser: the SVG
//! as XML (roxmltree), the report as HTML (html5ever via scraper). Also
//! checks the properties readers depend on: text alternatives, escaping,
//! links between facts and words, nothing fetched from the network.

mod common;

use casecourse_model::Course;
use casecourse_render::{ChartOptions, ReportOptions, TimeUnit, chart_svg, report_html};
use scraper::{Html, Selector};

fn courses() -> Vec<(&'static str, Course)> {
    let mut v = vec![
        ("dated", common::dated_course()),
        ("single-point", common::single_point_course()),
        ("twenty-drugs", common::twenty_drugs_course()),
        ("no-labs", common::no_labs_course()),
        ("empty", Course::new("")),
    ];
    match common::founding_course() {
        Some(c) => v.push(("founding", c)),
        None => println!("note: ../shared is absent; founding case not checked"),
    }
    v
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).expect("test selector")
}

#[test]
fn every_chart_is_well_formed_svg_with_text_alternatives() {
    for (name, course) in courses() {
        for time in [TimeUnit::Weeks, TimeUnit::Days, TimeUnit::Dates] {
            let opts = ChartOptions {
                time,
                ..ChartOptions::default()
            };
            let svg = chart_svg(&course, &opts);
            let doc = roxmltree::Document::parse(&svg)
                .unwrap_or_else(|e| panic!("{name} ({time:?}): not well-formed XML: {e}"));
            let root = doc.root_element();
            assert_eq!(root.tag_name().name(), "svg", "{name}");
            assert_eq!(
                root.tag_name().namespace(),
                Some("http://www.w3.org/2000/svg")
            );
            assert_eq!(root.attribute("role"), Some("img"), "{name}");
            assert_eq!(root.attribute("aria-labelledby"), Some("cc-title cc-desc"));
            let title = root
                .children()
                .find(|n| n.has_tag_name("title"))
                .and_then(|n| n.text())
                .unwrap_or_default();
            assert!(title.starts_with("Clinical course"), "{name}: {title}");
            let desc = root
                .children()
                .find(|n| n.has_tag_name("desc"))
                .and_then(|n| n.text())
                .unwrap_or_default();
            assert!(desc.len() > 20, "{name}: description too short: {desc}");
            // Every data mark names its fact, and the fact exists.
            for n in doc.descendants().filter(|n| n.has_attribute("data-fact")) {
                let id = n.attribute("data-fact").unwrap_or_default();
                assert!(
                    course.fact(id).is_some(),
                    "{name}: mark for unknown fact {id}"
                );
            }
        }
    }
}

#[test]
fn chart_shows_the_founding_course_clinically() {
    let Some(course) = common::founding_course() else {
        println!("note: ../shared is absent; skipped");
        return;
    };
    let svg = chart_svg(&course, &ChartOptions::default());
    let doc = roxmltree::Document::parse(&svg).expect("well-formed");
    let texts: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text())
        .collect();
    for expected in [
        "KL-6",
        "ferritin",
        "SpO2",
        "mycophenolate mofetil",
        "tacrolimus",
        "Oxygen",
        "1500 mg QD",
        "HFNC 40 L/min FiO₂ 80%",
        "anti-MDA5",
        "positive",
        "negative",
        "Readmission",
        "9500",
        "30 mg QD",
    ] {
        assert!(
            texts.iter().any(|t| t.contains(expected)),
            "missing {expected:?} in {texts:?}"
        );
    }
    // Each measured KL-6 value is a mark with a tooltip naming the time.
    let titles: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("title"))
        .filter_map(|n| n.text())
        .collect();
    assert!(
        titles
            .iter()
            .any(|t| t.starts_with("KL-6 9500 U/mL (high), week 12")),
        "{titles:?}"
    );
    // Caption-only facts (figure 3) are not drawn: the main text wins.
    assert!(
        !doc.descendants()
            .any(|n| n.attribute("data-fact") == Some("rx-mp-4-caption"))
    );
}

#[test]
fn series_option_selects_and_reports_missing() {
    let course = common::dated_course();
    let opts = ChartOptions {
        series: vec!["procalcitonin".into(), "troponin".into()],
        ..ChartOptions::default()
    };
    let svg = chart_svg(&course, &opts);
    assert!(
        svg.contains("aria-label=\"PCT µg/L\""),
        "procalcitonin drawn under its abbreviation"
    );
    assert!(!svg.contains("aria-label=\"CRP"), "CRP was not asked for");
    assert!(svg.contains("Not in this course: troponin."));
}

#[test]
fn dates_axis_uses_the_index_date() {
    let course = common::dated_course();
    let svg = chart_svg(
        &course,
        &ChartOptions {
            time: TimeUnit::Dates,
            ..ChartOptions::default()
        },
    );
    assert!(svg.contains("2023-03-14"), "the index date labels the axis");
    assert!(
        svg.contains("CRP 95 mg/L (high), 2023-03-17")
            || svg.contains("C-reactive protein 95 mg/L (high), 2023-03-17")
    );
}

#[test]
fn reports_are_html_that_needs_no_network() {
    for (name, course) in courses() {
        let html = report_html(&course, None, &ReportOptions::default());
        let doc = Html::parse_document(&html);
        assert!(
            doc.errors.is_empty(),
            "{name}: HTML parse errors {:?}",
            doc.errors
        );
        for (selector, attr) in [
            ("script[src]", "src"),
            ("link[href]", "href"),
            ("img[src]", "src"),
        ] {
            assert!(
                doc.select(&sel(selector)).next().is_none(),
                "{name}: {selector} would load {attr} from elsewhere"
            );
        }
        assert!(
            !html.contains("http://") || !html.contains("src=\"http"),
            "{name}"
        );
        assert_eq!(
            doc.select(&sel("svg.course-chart")).count(),
            1,
            "{name}: one chart"
        );
        assert_eq!(doc.select(&sel("#layout-check")).count(), 1);
        // One table row per fact.
        assert_eq!(
            doc.select(&sel("tr[id^='fact-']")).count(),
            course.facts.len(),
            "{name}"
        );
        // Every link to a fact or its words lands on an element of the page.
        for a in doc.select(&sel("a[href^='#']")) {
            let target = a
                .value()
                .attr("href")
                .unwrap_or_default()
                .trim_start_matches('#');
            let found = doc
                .select(&sel(&format!("[id='{target}']")))
                .next()
                .is_some();
            assert!(found, "{name}: dangling link #{target}");
        }
        assert!(html.contains("@media print"), "{name}: print CSS");
    }
}

#[test]
fn report_links_facts_to_their_words_and_back() {
    let course = common::dated_course();
    let html = report_html(&course, None, &ReportOptions::default());
    let doc = Html::parse_document(&html);
    let row_link = doc
        .select(&sel("tr#fact-crp-3 a[href='#src-crp-3']"))
        .next()
        .expect("the row links to the words");
    assert_eq!(row_link.text().collect::<String>(), "words");
    let anchor = doc
        .select(&sel("#src-crp-3"))
        .next()
        .expect("anchor in the text");
    assert!(anchor.value().classes().any(|c| c == "anchor"));
    let back: Vec<String> = doc
        .select(&sel(".source a.hl[href='#fact-crp-3']"))
        .map(|a| a.text().collect())
        .collect();
    assert_eq!(back, vec!["95 mg/L".to_string()]);
}

#[test]
fn report_escapes_the_source_and_names() {
    let course = common::dated_course();
    let html = report_html(&course, None, &ReportOptions::default());
    assert!(!html.contains("<CURB-65"), "source text escaped");
    assert!(!html.contains("<fixture>"), "source name escaped");
    let doc = Html::parse_document(&html);
    let source: String = doc.select(&sel(".source")).flat_map(|e| e.text()).collect();
    assert!(
        source.contains("<CURB-65 2> & sepsis"),
        "the words survive escaping"
    );
    assert_eq!(source, course.source.text, "the source text is shown whole");
    let h1: String = doc.select(&sel("h1")).flat_map(|h| h.text()).collect();
    assert_eq!(h1, "Course report: pneumonia \"dated\" <fixture>");
}

#[test]
fn report_renders_assessment_items_generically() {
    let Some(course) = common::founding_course() else {
        println!("note: ../shared is absent; skipped");
        return;
    };
    let assessment = casecourse_assess::assess(&course);
    let html = report_html(&course, Some(&assessment), &ReportOptions::default());
    let doc = Html::parse_document(&html);
    let items = doc.select(&sel("#assessments article.item")).count();
    assert_eq!(items, assessment.items.len());
    let shown: String = doc
        .select(&sel("#assessments"))
        .flat_map(|e| e.text())
        .collect();
    for item in &assessment.items {
        assert!(
            shown.contains(&item.source),
            "source of {} shown",
            item.code
        );
        assert!(shown.contains(&item.name), "name of {} shown", item.code);
        for m in &item.missing {
            assert!(
                shown.contains(m.as_str()),
                "missing input {m} of {} shown",
                item.code
            );
        }
    }
    let without = report_html(&course, None, &ReportOptions::default());
    assert!(without.contains("The course was not assessed for this report."));
}

#[cfg(feature = "png")]
#[test]
fn png_has_the_chart_size_and_signature() {
    let svg = chart_svg(&common::dated_course(), &ChartOptions::default());
    let png = casecourse_render::svg_to_png(&svg, 1.0).expect("renders");
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    // IHDR width is bytes 16..20, big-endian.
    let width = u32::from_be_bytes([png[16], png[17], png[18], png[19]]);
    assert_eq!(width, 960);
    assert!(casecourse_render::svg_to_png("<svg", 1.0).is_err());
}
