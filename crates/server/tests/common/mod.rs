//! Shared test helpers: a registry per backend, users of each role, and
//! one-shot requests through the router (no socket).
#![allow(dead_code)]

use axum::Router;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use casecourse_server::store::{Role, Store, Who};
use casecourse_server::{AppState, Config, app};
use http_body_util::BodyExt;
use tower::ServiceExt;

/// A registry with an admin, a curator and a viewer, and their tokens.
pub struct Registry {
    pub app: Router,
    pub store: Store,
    pub admin: String,
    pub curator: String,
    pub viewer: String,
}

fn unique() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .subsec_nanos() as u64;
    nanos * 1000 + N.fetch_add(1, Ordering::Relaxed)
}

async fn sqlite_store() -> Store {
    let dir = std::env::temp_dir().join(format!(
        "casecourse-api-{}-{}",
        std::process::id(),
        unique()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    Store::open(&format!("sqlite://{}", dir.join("r.db").display()))
        .await
        .unwrap()
}

async fn postgres_store(url: &str) -> Store {
    let schema = format!("api{}_{}", std::process::id(), unique());
    let admin = sqlx::PgPool::connect(url).await.unwrap();
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE SCHEMA {schema}")))
        .execute(&admin)
        .await
        .unwrap();
    admin.close().await;
    let sep = if url.contains('?') { '&' } else { '?' };
    Store::open(&format!("{url}{sep}options=-c%20search_path%3D{schema}"))
        .await
        .unwrap()
}

/// Every backend under test: SQLite always, PostgreSQL when configured.
pub async fn stores() -> Vec<Store> {
    let mut out = vec![sqlite_store().await];
    match std::env::var("CASECOURSE_TEST_POSTGRES_URL") {
        Ok(url) if !url.is_empty() => out.push(postgres_store(&url).await),
        _ => {
            assert!(
                std::env::var("CASECOURSE_REQUIRE_POSTGRES").as_deref() != Ok("1"),
                "CASECOURSE_REQUIRE_POSTGRES=1 but CASECOURSE_TEST_POSTGRES_URL is not set"
            );
            eprintln!("note: CASECOURSE_TEST_POSTGRES_URL not set; PostgreSQL not tested");
        }
    }
    out
}

pub async fn registries_with(config: Config) -> Vec<Registry> {
    let mut out = Vec::new();
    for store in stores().await {
        let who = Who::new("setup", "test");
        let mut tokens = Vec::new();
        for (name, role) in [
            ("root", Role::Admin),
            ("cura", Role::Curator),
            ("vera", Role::Viewer),
        ] {
            store
                .create_user(&who, name, "password-123", role)
                .await
                .unwrap();
            let (token, _) = store
                .login(name, "password-123", "test")
                .await
                .unwrap()
                .unwrap();
            tokens.push(token);
        }
        let app = app(AppState::new(store.clone(), config.clone()));
        out.push(Registry {
            app,
            store,
            viewer: tokens.pop().unwrap(),
            curator: tokens.pop().unwrap(),
            admin: tokens.pop().unwrap(),
        });
    }
    out
}

pub async fn registries() -> Vec<Registry> {
    registries_with(Config::default()).await
}

/// A response: status, headers, body text.
pub struct Reply {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub text: String,
}

impl Reply {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.text).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text))
    }
}

pub async fn send(app: &Router, request: Request<Body>) -> Reply {
    let response = app.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    Reply {
        status,
        headers,
        text: String::from_utf8_lossy(&bytes).into_owned(),
    }
}

/// A JSON API call with a bearer token (or none).
pub async fn call(
    app: &Router,
    method: Method,
    uri: &str,
    token: Option<&str>,
    body: Option<serde_json::Value>,
) -> Reply {
    let mut b = Request::builder()
        .method(method)
        .uri(uri)
        .header(header::HOST, "localhost");
    if let Some(t) = token {
        b = b.header(header::AUTHORIZATION, format!("Bearer {t}"));
    }
    let body = match body {
        Some(v) => {
            b = b.header(header::CONTENT_TYPE, "application/json");
            Body::from(v.to_string())
        }
        None => Body::empty(),
    };
    send(app, b.body(body).unwrap()).await
}

/// The founding case's gold course, when ../shared is present.
pub fn gold_course() -> Option<casecourse_model::Course> {
    let shared = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared"));
    let text = std::fs::read_to_string(shared.join("cases/mda5-cadm-rpild-mmf.txt")).ok()?;
    let gold: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(shared.join("cases/mda5-cadm-rpild-mmf.gold.json")).ok()?,
    )
    .ok()?;
    let rows: Vec<casecourse_model::FlatFact> =
        serde_json::from_value(gold["facts"].clone()).ok()?;
    Some(casecourse_model::course_from_rows(&text, &rows))
}

/// A small hand-built course.
pub fn small_course(title_words: &str) -> casecourse_model::Course {
    use casecourse_model::{Course, Fact, Kind, Span, Value};
    let text =
        format!("{title_words}. Ferritin 1500 ug/L. Anti-MDA5 positive. Mycophenolate mofetil.");
    let mut c = Course::new(text.clone());
    let at = |s: &str| {
        let start = text.find(s).unwrap();
        Span::new(start, start + s.len())
    };
    let mut fe = Fact::new("f1", Kind::Lab, "ferritin");
    fe.value = Some(Value::Number(1500.0));
    fe.unit = Some("ug/L".into());
    fe.spans = vec![at("Ferritin 1500 ug/L")];
    let mut ab = Fact::new("f2", Kind::Antibody, "anti-MDA5");
    ab.result = Some("positive".into());
    ab.spans = vec![at("Anti-MDA5")];
    let mut mmf = Fact::new("f3", Kind::Medication, "mycophenolate mofetil");
    mmf.spans = vec![at("Mycophenolate mofetil")];
    c.facts = vec![fe, ab, mmf];
    c
}

/// A GET with the session cookie, as a browser sends it.
pub fn cookie_get(uri: &str, token: &str) -> Request<Body> {
    Request::builder()
        .uri(uri)
        .header(header::HOST, "localhost")
        .header(header::COOKIE, format!("casecourse_session={token}"))
        .body(Body::empty())
        .unwrap()
}

/// Stores `course` under `title` as the curator and returns its id.
pub async fn add_course(r: &Registry, title: &str, course: casecourse_model::Course) -> i64 {
    let reply = call(
        &r.app,
        axum::http::Method::POST,
        "/api/v1/courses",
        Some(&r.curator),
        Some(serde_json::json!({"title": title, "course": course})),
    )
    .await;
    assert_eq!(
        reply.status,
        axum::http::StatusCode::CREATED,
        "{}",
        reply.text
    );
    reply.json()["id"].as_i64().expect("the new course's id")
}
