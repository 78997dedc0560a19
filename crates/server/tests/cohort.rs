//! Cohort exports (FHIR R4 bundles, with the courses refused and why) and
//! Kaplan–Meier survival by risk group, over the API and the cohort page.

mod common;

use axum::http::{Method, StatusCode};
use casecourse_model::{Course, Fact, Kind, Time, Value};
use common::*;

/// A course with a ferritin at `day`, a death at `death` (if any), and an
/// index date when `dated`.
fn course(title: &str, ferritin: f64, day: f64, death: Option<f64>, dated: bool) -> Course {
    let mut c = small_course(title);
    c.facts[0].value = Some(Value::Number(ferritin));
    c.facts[0].time = Time::at(day);
    if let Some(d) = death {
        let mut f = Fact::new("d1", Kind::Event, "death");
        f.time = Time::at(d);
        c.facts.push(f);
    }
    if dated {
        c.index.date = Some("2024-03-01".into());
    }
    c
}

#[tokio::test]
async fn the_fhir_export_bundles_dated_courses_and_refuses_undated_ones_with_a_reason() {
    for r in registries().await {
        let dated = add_course(&r, "dated", course("Dated", 1500.0, 3.0, None, true)).await;
        let undated = add_course(&r, "undated", course("Undated", 900.0, 3.0, None, false)).await;
        let reply = call(
            &r.app,
            Method::GET,
            "/api/v1/cohort/fhir",
            Some(&r.viewer),
            None,
        )
        .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
        let doc = reply.json();
        assert_eq!(doc["format"], "casecourse.cohort-fhir/1");
        assert_eq!(doc["courses"], 2);
        let bundles = doc["bundles"].as_array().unwrap();
        assert_eq!(bundles.len(), 1);
        assert_eq!(bundles[0]["course_id"], dated);
        assert_eq!(bundles[0]["bundle"]["resourceType"], "Bundle");
        // Day 3 from 2024-03-01 is 2024-03-04, on the ferritin Observation.
        assert!(bundles[0]["bundle"].to_string().contains("2024-03-04"));
        let refused = doc["refused"].as_array().unwrap();
        assert_eq!(refused.len(), 1);
        assert_eq!(refused[0]["course_id"], undated);
        assert!(
            refused[0]["reason"]
                .as_str()
                .unwrap()
                .contains("no index date"),
            "{}",
            refused[0]
        );
        // The filters apply, and the export is audited with the ids handed out.
        let filtered = call(
            &r.app,
            Method::GET,
            "/api/v1/cohort/fhir?biomarker=ferritin&above=1000",
            Some(&r.viewer),
            None,
        )
        .await
        .json();
        assert_eq!(filtered["courses"], 1);
        let bad = call(
            &r.app,
            Method::GET,
            "/api/v1/cohort/fhir?above=x",
            Some(&r.viewer),
            None,
        )
        .await;
        assert_eq!(bad.status, StatusCode::BAD_REQUEST);
        let audit = r.store.audit_entries(&Default::default()).await.unwrap();
        let exports: Vec<&str> = audit
            .iter()
            .filter(|e| e.action == "cohort.export.fhir" && e.username == "vera")
            .map(|e| e.detail.as_str())
            .collect();
        let whole = format!("{{\"exported\":[{dated}],\"refused\":[{undated}]}}");
        let filtered = format!("{{\"exported\":[{dated}],\"refused\":[]}}");
        assert_eq!(exports, [filtered.as_str(), whole.as_str()], "newest first");
        let csv = call(
            &r.app,
            Method::GET,
            "/api/v1/cohort.csv",
            Some(&r.viewer),
            None,
        )
        .await;
        assert_eq!(csv.status, StatusCode::OK);
        let audit = r.store.audit_entries(&Default::default()).await.unwrap();
        assert!(audit.iter().any(|e| e.action == "cohort.export.csv"));
    }
}

/// A course whose FLAIR inputs are all stated: `high` gives ferritin 2000
/// (2 points), LDH 400 (2), anti-MDA5 +++ (4), HRCT score 150 (3) = 11,
/// high risk (10-13); otherwise ferritin 100, LDH 200, anti-MDA5 +, HRCT
/// score 50 = 2 points, low risk (0-4).
fn scored(high: bool, last: f64, death: Option<f64>) -> Course {
    let mut c = course(
        "Scored",
        if high { 2000.0 } else { 100.0 },
        0.0,
        death,
        false,
    );
    c.facts[1].titre = Some(if high { "+++" } else { "+" }.into());
    for (id, name, v) in [
        ("x1", "LDH", if high { 400.0 } else { 200.0 }),
        ("x2", "HRCT score", if high { 150.0 } else { 50.0 }),
    ] {
        let mut f = Fact::new(id, Kind::Lab, name);
        f.value = Some(Value::Number(v));
        f.time = Time::at(last);
        c.facts.push(f);
    }
    c
}

#[tokio::test]
async fn survival_curves_follow_the_product_limit_estimate_by_flair_group() {
    for r in registries().await {
        add_course(&r, "a", scored(true, 0.0, Some(10.0))).await;
        add_course(&r, "b", scored(true, 0.0, Some(20.0))).await;
        add_course(&r, "c", scored(true, 30.0, None)).await;
        add_course(&r, "d", scored(false, 40.0, None)).await;
        add_course(&r, "e", scored(false, 5.0, Some(15.0))).await;
        let mut timeless = small_course("F");
        timeless.facts.push(Fact::new("d1", Kind::Event, "death"));
        add_course(&r, "f", timeless).await;
        let s = call(
            &r.app,
            Method::GET,
            "/api/v1/cohort/survival",
            Some(&r.viewer),
            None,
        )
        .await;
        assert_eq!(s.status, StatusCode::OK, "{}", s.text);
        let s = s.json();
        assert_eq!(s["excluded"]["death_without_time"], 1);
        let group = |name: &str| {
            s["groups"]
                .as_array()
                .unwrap()
                .iter()
                .find(|g| g["group"] == name)
                .cloned()
                .unwrap_or_else(|| panic!("{name}: {s}"))
        };
        // High: deaths at 10 and 20, one censored at 30.
        // S(10) = 1 - 1/3 = 2/3; S(20) = 2/3 * (1 - 1/2) = 1/3.
        let high = group("high");
        assert_eq!(
            (high["subjects"].as_i64(), high["events"].as_i64()),
            (Some(3), Some(2))
        );
        let steps = high["steps"].as_array().unwrap();
        assert_eq!(steps[0]["time"], 10.0);
        assert!((steps[0]["survival"].as_f64().unwrap() - 2.0 / 3.0).abs() < 1e-12);
        assert!((steps[1]["survival"].as_f64().unwrap() - 1.0 / 3.0).abs() < 1e-12);
        // Greenwood at 10: v = 1/(3·2), SE = 2/3 · √(1/6) = 0.27217; log-log
        // bounds (2/3)^exp(±1.959964 · √(1/6) / ln 1.5) = 0.0541, 0.9452.
        let close = |v: &serde_json::Value, x: f64| (v.as_f64().unwrap() - x).abs() < 5e-5;
        assert!(close(&steps[0]["std_err"], 0.27217), "{}", steps[0]);
        assert!(close(&steps[0]["lower"], 0.05409), "{}", steps[0]);
        assert!(close(&steps[0]["upper"], 0.94520), "{}", steps[0]);
        assert_eq!(high["last_time"], 30.0);
        // Low: a death at 15 of 2 at risk, the other censored at 40.
        let low = group("low");
        assert_eq!(low["steps"][0]["survival"], 0.5);
        assert_eq!(low["steps"][0]["at_risk"], 2);
        assert_eq!(s["groups"].as_array().unwrap().len(), 2, "{s}");
        // The cohort page draws one step path per group.
        let page = send(&r.app, cookie_get("/cohort", &r.viewer)).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.text.contains("Survival by FLAIR risk group"));
        assert_eq!(
            page.text.matches("class=\"km\"").count(),
            2,
            "{}",
            page.text
        );
        assert!(page.text.contains("1 with a death without a time"));
        // Each curve has its two dashed 95% bounds.
        assert_eq!(page.text.matches("class=\"km-ci\"").count(), 4);
        assert!(page.text.contains("/api/v1/cohort/fhir"));
    }
}

#[tokio::test]
async fn cohort_views_from_digests_equal_those_from_whole_courses() {
    use casecourse_server::store::{CourseFilter, NewCourse, Who};
    for r in registries().await {
        add_course(&r, "a", scored(true, 0.0, Some(10.0))).await;
        add_course(&r, "b", scored(false, 40.0, None)).await;
        add_course(&r, "c", course("C", 900.0, -3.0, None, true)).await;
        // Saved without the server (no digest yet): computed on first read.
        let mut other = small_course("Other");
        other.facts[0].unit = Some("ng/mL".into());
        other.facts[2].negated = true;
        r.store
            .create_course(
                &Who::new("cli", "cli"),
                NewCourse {
                    title: None,
                    course: other,
                },
            )
            .await
            .unwrap();
        let rows = r
            .store
            .cohort(&Who::new("t", "t"), &CourseFilter::default(), "test")
            .await
            .unwrap();
        assert_eq!(rows.len(), 4);
        let get = |uri: &'static str| {
            let app = r.app.clone();
            let token = r.viewer.clone();
            async move {
                call(&app, Method::GET, uri, Some(&token), None)
                    .await
                    .json()
            }
        };
        let summary = serde_json::to_value(casecourse_server::summarize(&rows)).unwrap();
        assert_eq!(get("/api/v1/cohort").await, summary);
        assert_eq!(summary["courses"], 4);
        assert_eq!(summary["biomarkers"]["ferritin"]["courses"], 4);
        let survival = serde_json::to_value(casecourse_server::cohort_survival(&rows)).unwrap();
        assert_eq!(get("/api/v1/cohort/survival").await, survival);
        assert_eq!(survival["excluded"]["before_index"], 1, "{survival}");
        // Read twice: the second from the stored digests, the same.
        assert_eq!(get("/api/v1/cohort").await, summary);
    }
}
