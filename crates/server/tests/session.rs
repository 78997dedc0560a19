//! Sessions: cookie flags, CSRF and Origin checks, login rate limiting,
//! the UI login form, and the OpenAPI document.

mod common;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use casecourse_server::{Config, ROUTES};
use common::*;
use serde_json::json;

fn login_request(user: &str, password: &str) -> Request<Body> {
    Request::post("/api/v1/auth/login")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(
            json!({"username": user, "password": password}).to_string(),
        ))
        .unwrap()
}

#[tokio::test]
async fn login_sets_a_strict_httponly_cookie_and_writes_need_the_csrf_token() {
    for secure in [false, true] {
        let config = Config {
            secure_cookies: secure,
            ..Config::default()
        };
        for r in registries_with(config.clone()).await {
            let reply = send(&r.app, login_request("cura", "password-123")).await;
            assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
            let cookie = reply.headers[header::SET_COOKIE]
                .to_str()
                .unwrap()
                .to_string();
            assert!(
                cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
                "{cookie}"
            );
            assert_eq!(cookie.contains("Secure"), secure, "{cookie}");
            let token = reply.json()["token"].as_str().unwrap().to_string();
            let csrf = reply.json()["csrf_token"].as_str().unwrap().to_string();
            let post = |csrf: Option<&str>, origin: Option<&str>| {
                let mut b = Request::post("/api/v1/courses")
                    .header(header::HOST, "localhost:8080")
                    .header(header::CONTENT_TYPE, "application/json")
                    .header(header::COOKIE, format!("casecourse_session={token}"));
                if let Some(c) = csrf {
                    b = b.header("x-csrf-token", c);
                }
                if let Some(o) = origin {
                    b = b.header(header::ORIGIN, o);
                }
                b.body(Body::from(json!({"text": "Ferritin 1500."}).to_string()))
                    .unwrap()
            };
            assert_eq!(
                send(&r.app, post(None, None)).await.status,
                StatusCode::FORBIDDEN
            );
            assert_eq!(
                send(&r.app, post(Some("wrong"), None)).await.status,
                StatusCode::FORBIDDEN
            );
            assert_eq!(
                send(&r.app, post(Some(&csrf), Some("http://evil.example")))
                    .await
                    .status,
                StatusCode::FORBIDDEN
            );
            assert_eq!(
                send(&r.app, post(Some(&csrf), Some("http://localhost:8080")))
                    .await
                    .status,
                StatusCode::CREATED
            );
            // Logging out ends the session.
            let out = call(
                &r.app,
                Method::POST,
                "/api/v1/auth/logout",
                Some(&token),
                None,
            )
            .await;
            assert_eq!(out.status, StatusCode::NO_CONTENT);
            assert_eq!(
                call(&r.app, Method::GET, "/api/v1/me", Some(&token), None)
                    .await
                    .status,
                StatusCode::UNAUTHORIZED
            );
        }
    }
}

#[tokio::test]
async fn failed_logins_are_rate_limited() {
    let config = Config {
        login_attempts: 3,
        ..Config::default()
    };
    for r in registries_with(config).await {
        for _ in 0..3 {
            let reply = send(&r.app, login_request("cura", "wrong-password")).await;
            assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
        }
        // Over the allowance even the right password waits.
        let blocked = send(&r.app, login_request("cura", "password-123")).await;
        assert_eq!(blocked.status, StatusCode::TOO_MANY_REQUESTS);
        assert!(blocked.headers.contains_key(header::RETRY_AFTER));
        let failed = r.store.audit_entries(&Default::default()).await.unwrap();
        assert_eq!(
            failed.iter().filter(|e| e.action == "login.failed").count(),
            3
        );
    }
}

#[tokio::test]
async fn the_ui_login_form_opens_a_session() {
    for r in registries().await {
        let form = Request::post("/login")
            .header(header::HOST, "localhost")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from("username=vera&password=password-123"))
            .unwrap();
        let reply = send(&r.app, form).await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.text);
        let cookie = reply.headers[header::SET_COOKIE].to_str().unwrap();
        let pair = cookie.split(';').next().unwrap().to_string();
        let page = Request::get("/")
            .header(header::COOKIE, pair)
            .body(Body::empty())
            .unwrap();
        let html = send(&r.app, page).await;
        assert_eq!(html.status, StatusCode::OK);
        assert!(html.text.contains("vera (viewer)"));
        assert!(
            html.headers[header::CONTENT_SECURITY_POLICY]
                .to_str()
                .unwrap()
                .contains("script-src 'self'")
        );
        let wrong = Request::post("/login")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from("username=vera&password=nope"))
            .unwrap();
        assert_eq!(send(&r.app, wrong).await.status, StatusCode::FORBIDDEN);
    }
}

#[tokio::test]
async fn the_openapi_document_lists_every_route() {
    for r in registries().await {
        let doc = call(&r.app, Method::GET, "/api/v1/openapi.json", None, None).await;
        assert_eq!(doc.status, StatusCode::OK);
        let doc = doc.json();
        assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
        for route in ROUTES {
            let op = &doc["paths"][format!("/api/v1{}", route.path)][route.method.to_lowercase()];
            assert!(op.is_object(), "{} {} missing", route.method, route.path);
        }
        // And every documented route exists: none answers 404 or 405.
        for route in ROUTES {
            let uri = format!(
                "/api/v1{}",
                route
                    .path
                    .replace("{id}", "1")
                    .replace("{fact}", "f1")
                    .replace("{username}", "cura")
            );
            let m = Method::from_bytes(route.method.as_bytes()).unwrap();
            let reply = call(&r.app, m, &uri, Some(&r.admin), Some(json!({}))).await;
            assert!(
                reply.status != StatusCode::METHOD_NOT_ALLOWED
                    && !(reply.status == StatusCode::NOT_FOUND && reply.text.is_empty()),
                "{} {} -> {}",
                route.method,
                route.path,
                reply.status
            );
        }
    }
}
