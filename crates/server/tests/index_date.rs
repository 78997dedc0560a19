//! A curator sets and clears a course's index date (day 0 on the calendar)
//! through the API and the curate page; FHIR export then places the course.

mod common;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use common::*;
use serde_json::json;

async fn add_undated(r: &Registry) -> i64 {
    let mut c = small_course("Undated");
    c.facts[0].time = casecourse_model::Time::at(3.0);
    add_course(r, "undated", c).await
}

/// The FHIR export: (exported ids, refusal reasons).
async fn export(r: &Registry) -> (Vec<i64>, Vec<String>) {
    let doc = call(
        &r.app,
        Method::GET,
        "/api/v1/cohort/fhir",
        Some(&r.viewer),
        None,
    )
    .await
    .json();
    let ids = doc["bundles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["course_id"].as_i64().unwrap())
        .collect();
    let reasons = doc["refused"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["reason"].as_str().unwrap().to_string())
        .collect();
    (ids, reasons)
}

async fn put_date(r: &Registry, token: Option<&str>, id: i64, body: serde_json::Value) -> Reply {
    let uri = format!("/api/v1/courses/{id}/index-date");
    call(&r.app, Method::PUT, &uri, token, Some(body)).await
}

#[tokio::test]
async fn a_curator_sets_and_clears_the_index_date_and_export_follows() {
    for r in registries().await {
        let id = add_undated(&r).await;
        // Refused, with a fix that works in the registry (not a CLI flag).
        let (ids, reasons) = export(&r).await;
        assert!(ids.is_empty());
        assert_eq!(reasons.len(), 1);
        assert!(
            reasons[0].contains(&format!("/courses/{id}/curate"))
                && reasons[0].contains("index-date")
                && !reasons[0].contains("--index-date"),
            "{}",
            reasons[0]
        );

        let set = json!({"version": 1, "date": "2024-03-01"});
        let nobody = put_date(&r, None, id, set.clone()).await;
        assert_eq!(nobody.status, StatusCode::UNAUTHORIZED);
        let viewer = put_date(&r, Some(&r.viewer), id, set.clone()).await;
        assert_eq!(viewer.status, StatusCode::FORBIDDEN, "{}", viewer.text);
        let bad = put_date(
            &r,
            Some(&r.curator),
            id,
            json!({"version": 1, "date": "2024-02-30"}),
        )
        .await;
        assert_eq!(bad.status, StatusCode::BAD_REQUEST, "{}", bad.text);
        assert!(bad.text.contains("2024-02-30"), "{}", bad.text);
        let missing = put_date(&r, Some(&r.curator), id, json!({"date": "2024-03-01"})).await;
        assert_eq!(missing.status, StatusCode::BAD_REQUEST);

        let ok = put_date(&r, Some(&r.curator), id, set.clone()).await;
        assert_eq!(ok.status, StatusCode::OK, "{}", ok.text);
        assert_eq!(ok.json()["version"], 2);
        assert_eq!(ok.json()["course"]["index"]["date"], "2024-03-01");
        // Made on version 1, which is gone.
        let stale = put_date(
            &r,
            Some(&r.curator),
            id,
            json!({"version": 1, "date": "2025-01-01"}),
        )
        .await;
        assert_eq!(stale.status, StatusCode::CONFLICT, "{}", stale.text);

        // A curation: the extraction keeps no date.
        let course = |view: &'static str| {
            let uri = format!("/api/v1/courses/{id}?view={view}");
            let app = r.app.clone();
            let token = r.viewer.clone();
            async move {
                call(&app, Method::GET, &uri, Some(&token), None)
                    .await
                    .json()
            }
        };
        assert_eq!(
            course("curated").await["course"]["index"]["date"],
            "2024-03-01"
        );
        assert!(
            course("extracted").await["course"]["index"]
                .get("date")
                .is_none()
        );

        // Exported now: day 3 from 2024-03-01 is 2024-03-04.
        let (ids, reasons) = export(&r).await;
        assert_eq!((ids, reasons.len()), (vec![id], 0));

        // History and audit say who set what.
        let history = call(
            &r.app,
            Method::GET,
            &format!("/api/v1/courses/{id}/corrections"),
            Some(&r.viewer),
            None,
        )
        .await
        .json();
        let last = &history["corrections"][1];
        assert_eq!(last["action"], "index_date");
        assert_eq!(last["after"]["index_date"], "2024-03-01");
        assert_eq!(last["before"]["index_date"], serde_json::Value::Null);
        assert_eq!(last["username"], "cura");
        let audit = r.store.audit_entries(&Default::default()).await.unwrap();
        assert!(
            audit.iter().any(|e| e.action == "course.index_date"
                && e.target == format!("course/{id}")
                && e.username == "cura"
                && e.detail == "2024-03-01"),
            "{audit:?}"
        );

        // Cleared (null): refused again.
        let cleared = put_date(
            &r,
            Some(&r.curator),
            id,
            json!({"version": 2, "date": null}),
        )
        .await;
        assert_eq!(cleared.status, StatusCode::OK, "{}", cleared.text);
        assert!(cleared.json()["course"]["index"].get("date").is_none());
        let (ids, reasons) = export(&r).await;
        assert_eq!((ids.len(), reasons.len()), (0, 1));
    }
}

#[tokio::test]
async fn the_curate_page_sets_the_date_through_a_form_with_the_csrf_token() {
    for r in registries().await {
        let id = add_undated(&r).await;
        let page = send(
            &r.app,
            cookie_get(&format!("/courses/{id}/curate"), &r.curator),
        )
        .await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.text.contains(r#"type="date""#), "{}", page.text);
        assert!(
            page.text
                .contains(&format!(r#"action="/courses/{id}/index-date""#))
        );
        let csrf = call(&r.app, Method::GET, "/api/v1/me", Some(&r.curator), None)
            .await
            .json()["csrf_token"]
            .as_str()
            .unwrap()
            .to_string();
        let post = |csrf: &str, version: i64| {
            Request::post(format!("/courses/{id}/index-date"))
                .header(header::HOST, "localhost")
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .header(header::COOKIE, format!("casecourse_session={}", r.curator))
                .body(Body::from(format!(
                    "csrf={csrf}&version={version}&date=2024-03-01"
                )))
                .unwrap()
        };
        assert_eq!(
            send(&r.app, post("wrong", 1)).await.status,
            StatusCode::FORBIDDEN
        );
        let saved = send(&r.app, post(&csrf, 1)).await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.text);
        let page = send(
            &r.app,
            cookie_get(&format!("/courses/{id}/curate"), &r.curator),
        )
        .await;
        assert!(page.text.contains(r#"value="2024-03-01""#), "{}", page.text);
        assert!(page.text.contains("Clear date"));
        // The form, resent on the old version, is a conflict.
        assert_eq!(
            send(&r.app, post(&csrf, 1)).await.status,
            StatusCode::CONFLICT
        );
        // A viewer sees the date but no form.
        let seen = send(
            &r.app,
            cookie_get(&format!("/courses/{id}/curate"), &r.viewer),
        )
        .await;
        assert!(seen.text.contains("2024-03-01") && !seen.text.contains(r#"type="date""#));
    }
}
