//! API errors and their HTTP answers.

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use casecourse_store::StoreError;

/// What went wrong, as the client sees it.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// No valid session (401).
    #[error("log in first")]
    Unauthorized,
    /// The session's role may not do this (403).
    #[error("{0}")]
    Forbidden(String),
    /// The account's password is a one-time or reset one: nothing but
    /// changing it is allowed (403).
    #[error(
        "change your one-time password first: POST /api/v1/me/password {{old_password, new_password}}"
    )]
    PasswordChangeRequired,
    /// No such thing (404).
    #[error("{0}")]
    NotFound(String),
    /// A stale version (409).
    #[error("{0}")]
    Conflict(String),
    /// Bad input (400).
    #[error("{0}")]
    BadRequest(String),
    /// Too many failed logins (429).
    #[error("too many failed logins; try again in {0} s")]
    TooMany(u64),
    /// Our fault (500); details go to the log, not the client.
    #[error("internal error")]
    Internal(String),
}

impl ApiError {
    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::Unauthorized => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden(_) | ApiError::PasswordChangeRequired => StatusCode::FORBIDDEN,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::Conflict(_) => StatusCode::CONFLICT,
            ApiError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ApiError::TooMany(_) => StatusCode::TOO_MANY_REQUESTS,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound(what) => ApiError::NotFound(format!("{what} not found")),
            e @ StoreError::Conflict { .. } => ApiError::Conflict(format!(
                "{e}: reload the course and apply your change again"
            )),
            StoreError::Invalid(m) => ApiError::BadRequest(m),
            e @ StoreError::Duplicate(_) => ApiError::Conflict(e.to_string()),
            other => ApiError::Internal(other.to_string()),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if let ApiError::Internal(detail) = &self {
            eprintln!("casecourse serve: internal error: {detail}");
        }
        let status = self.status();
        let retry = match &self {
            ApiError::TooMany(secs) => Some(*secs),
            _ => None,
        };
        let mut response = (
            status,
            Json(serde_json::json!({ "error": self.to_string() })),
        )
            .into_response();
        if let Some(secs) = retry
            && let Ok(v) = HeaderValue::from_str(&secs.to_string())
        {
            response.headers_mut().insert(header::RETRY_AFTER, v);
        }
        response
    }
}
