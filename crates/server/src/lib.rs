//! The casecourse registry service: a JSON REST API under `/api/v1`, its
//! OpenAPI document, and a server-rendered browser UI, over a
//! [`casecourse_store::Store`].
//!
//! [`app`] builds the whole router so tests can drive it with
//! `tower::ServiceExt::oneshot`, without a socket.
//!
//! Security, in short (see `auth.rs`):
//! - sessions are random 256-bit tokens in an `HttpOnly; SameSite=Strict`
//!   cookie (`Secure` with `--secure-cookies`, i.e. behind TLS), or an
//!   `Authorization: Bearer` header for scripts; the store keeps only their
//!   SHA-256;
//! - every route but login, the UI's login page and the OpenAPI document
//!   needs a session (401, or a redirect to the login page); viewers may
//!   not write (403); accounts and the audit log are for admins;
//! - cookie-authenticated writes must carry the session's CSRF token (an
//!   `X-CSRF-Token` header or a `csrf` form field) and, when the browser
//!   sends one, an `Origin` matching `Host`;
//! - failed logins are rate-limited per address and per username (429);
//! - request bodies over the limit are refused with 413;
//! - every read and write of patient data is written to the audit log.
//!
//! casecourse supports decisions; it never presents itself as the decision.
#![deny(missing_docs)]

mod api;
mod auth;
mod cohort;
mod cohort_digest;
mod cohort_fhir;
mod cohort_survival;
mod error;
mod openapi;
mod serve;
mod survival;
mod ui;
mod ui_account;

use std::sync::Arc;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderValue, header};
use casecourse_store::Store;
use tower_http::limit::RequestBodyLimitLayer;

pub use auth::RateLimiter;
pub use casecourse_store as store;
pub use cohort::{CohortSummary, Tally, summarize};
pub use cohort_digest::{CohortDigester, CourseDigest};
pub use cohort_survival::{CohortSurvival, Placement, cohort_survival};
pub use error::ApiError;
pub use openapi::{ROUTES, RouteDoc, openapi};
pub use serve::{block_on, serve};
pub use survival::{Observation, Step, kaplan_meier};

/// How the service runs.
#[derive(Debug, Clone)]
pub struct Config {
    /// Mark cookies `Secure` (serve behind TLS).
    pub secure_cookies: bool,
    /// Largest request body accepted, in bytes.
    pub max_body_bytes: usize,
    /// Failed logins allowed per address or username per window.
    pub login_attempts: u32,
    /// The rate-limit window, in seconds.
    pub login_window_secs: u64,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            secure_cookies: false,
            max_body_bytes: 2 * 1024 * 1024,
            login_attempts: 5,
            login_window_secs: 300,
        }
    }
}

/// What every handler shares.
#[derive(Clone)]
pub struct AppState {
    /// The database.
    pub store: Store,
    /// Settings.
    pub config: Arc<Config>,
    /// Failed-login counters.
    pub limiter: Arc<RateLimiter>,
}

impl AppState {
    /// State over `store` with `config`.
    pub fn new(store: Store, config: Config) -> AppState {
        let limiter = RateLimiter::new(config.login_attempts, config.login_window_secs);
        AppState {
            // Cohort views read digests written when a course is saved.
            store: store.with_digester(Arc::new(CohortDigester::default())),
            config: Arc::new(config),
            limiter: Arc::new(limiter),
        }
    }
}

/// The whole service: API, OpenAPI document and browser UI.
pub fn app(state: AppState) -> Router {
    let limit = state.config.max_body_bytes;
    Router::new()
        .nest("/api/v1", api::router())
        .merge(ui::router())
        .with_state(state)
        // One body limit for everything, answered with 413.
        .layer(DefaultBodyLimit::disable())
        .layer(RequestBodyLimitLayer::new(limit))
        .layer(axum::middleware::map_response(security_headers))
}

/// Headers that keep pages from being framed, sniffed or fed foreign scripts.
/// (`Referrer-Policy: no-referrer` would make browsers send `Origin: null`
/// on our own form posts, which the Origin check refuses.)
async fn security_headers(mut response: axum::response::Response) -> axum::response::Response {
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'",
        ),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    h.entry(header::CACHE_CONTROL)
        .or_insert(HeaderValue::from_static("no-store"));
    response
}
