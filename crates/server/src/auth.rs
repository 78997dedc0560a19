//! Sessions, roles, CSRF and login rate limiting.
//!
//! CSRF: the session cookie is `SameSite=Strict`, so browsers do not send it
//! on requests started by other sites; on top of that every write made with
//! the cookie must echo the session's CSRF token (synchroniser token: a
//! hidden `csrf` field in our forms, an `X-CSRF-Token` header from scripts),
//! and a browser's `Origin` header, when present, must name this host.
//! Bearer-token requests carry no ambient credential and need neither.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::extract::{ConnectInfo, FromRequestParts, MatchedPath};
use axum::http::request::Parts;
use axum::http::{HeaderMap, Method, header};
use casecourse_store::{Role, Session, Who};
use cookie::{Cookie, SameSite};

use crate::{ApiError, AppState};

/// Name of the session cookie.
pub const SESSION_COOKIE: &str = "casecourse_session";

/// A request's session and origin.
#[derive(Debug, Clone)]
pub struct Auth {
    /// The session.
    pub session: Session,
    /// The raw token (to log out).
    pub token: String,
    /// Whether the token came in the cookie (then CSRF rules apply).
    pub via_cookie: bool,
    /// Peer address.
    pub remote: String,
}

impl Auth {
    /// Who, for the audit log.
    pub fn who(&self) -> Who {
        Who::new(&self.session.user.username, &self.remote)
    }

    /// Refuses viewers.
    pub fn require_write(&self) -> Result<(), ApiError> {
        if self.session.user.role.can_write() {
            Ok(())
        } else {
            Err(ApiError::Forbidden(format!(
                "{} is a viewer: reading only",
                self.session.user.username
            )))
        }
    }

    /// Refuses all but admins.
    pub fn require_admin(&self) -> Result<(), ApiError> {
        if self.session.user.role == Role::Admin {
            Ok(())
        } else {
            Err(ApiError::Forbidden("admins only".into()))
        }
    }

    /// Checks a CSRF token sent with a cookie-authenticated write.
    pub fn check_csrf(&self, sent: Option<&str>) -> Result<(), ApiError> {
        if !self.via_cookie {
            return Ok(());
        }
        match sent {
            Some(t) if constant_time_eq(t.as_bytes(), self.session.csrf_token.as_bytes()) => Ok(()),
            _ => Err(ApiError::Forbidden(
                "missing or wrong CSRF token: reload the page".into(),
            )),
        }
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The peer address, or `unknown` (tests without a socket).
pub fn remote(parts: &Parts) -> String {
    parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip().to_string())
        .unwrap_or_else(|| "unknown".into())
}

/// The session token from `Authorization: Bearer` or the cookie.
fn token(headers: &HeaderMap) -> Option<(String, bool)> {
    if let Some(bearer) = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
    {
        return Some((bearer.trim().to_string(), false));
    }
    for value in headers.get_all(header::COOKIE) {
        let Ok(value) = value.to_str() else { continue };
        for c in Cookie::split_parse(value).flatten() {
            if c.name() == SESSION_COOKIE {
                return Some((c.value().to_string(), true));
            }
        }
    }
    None
}

/// Refuses a cross-site write: an `Origin` that is not this host.
pub fn check_origin(headers: &HeaderMap) -> Result<(), ApiError> {
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return Ok(());
    };
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let origin_host = origin.split("://").nth(1).unwrap_or("");
    if !host.is_empty() && origin_host == host {
        Ok(())
    } else {
        Err(ApiError::Forbidden(format!(
            "cross-origin request from {origin:?} refused"
        )))
    }
}

impl FromRequestParts<AppState> for Auth {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let (token, via_cookie) = token(&parts.headers).ok_or(ApiError::Unauthorized)?;
        let session = state
            .store
            .session(&token)
            .await?
            .ok_or(ApiError::Unauthorized)?;
        if via_cookie && !matches!(parts.method, Method::GET | Method::HEAD) {
            check_origin(&parts.headers)?;
        }
        if session.user.must_change_password && !PASSWORD_CHANGE_PATHS.contains(&full_path(parts)) {
            return Err(ApiError::PasswordChangeRequired);
        }
        Ok(Auth {
            session,
            token,
            via_cookie,
            remote: remote(parts),
        })
    }
}

/// What an account with a one-time password may still reach: who it is,
/// the password change itself, and logging out.
const PASSWORD_CHANGE_PATHS: &[&str] = &[
    "/api/v1/me",
    "/api/v1/me/password",
    "/api/v1/auth/logout",
    "/account/password",
    "/logout",
];

/// The route that matched, with the `/api/v1` prefix (a nested route's
/// matched path includes its prefix; the URI does not).
fn full_path(parts: &Parts) -> &str {
    parts
        .extensions
        .get::<MatchedPath>()
        .map_or("", MatchedPath::as_str)
}

/// The `Set-Cookie` value that opens a session.
pub fn session_cookie(token: &str, secure: bool) -> String {
    Cookie::build((SESSION_COOKIE, token.to_string()))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(secure)
        .build()
        .to_string()
}

/// The `Set-Cookie` value that ends it.
pub fn clear_cookie(secure: bool) -> String {
    format!(
        "{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0{}",
        if secure { "; Secure" } else { "" }
    )
}

/// Counts failed logins per key (an address or a username) in a fixed
/// window; past the allowance further attempts are refused until the
/// window ends, so guessing is slow from one address and against one name.
#[derive(Debug)]
pub struct RateLimiter {
    allowed: u32,
    window: Duration,
    failures: Mutex<HashMap<String, (Instant, u32)>>,
}

impl RateLimiter {
    /// `allowed` failures per `window_secs`.
    pub fn new(allowed: u32, window_secs: u64) -> RateLimiter {
        RateLimiter {
            allowed,
            window: Duration::from_secs(window_secs),
            failures: Mutex::new(HashMap::new()),
        }
    }

    /// Seconds to wait when any key is over its allowance.
    pub fn blocked(&self, keys: &[&str]) -> Option<u64> {
        let now = Instant::now();
        let map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        keys.iter()
            .filter_map(|k| map.get(*k))
            .filter(|(start, n)| *n >= self.allowed && now.duration_since(*start) < self.window)
            .map(|(start, _)| (self.window - now.duration_since(*start)).as_secs().max(1))
            .max()
    }

    /// Counts one failure against each key.
    pub fn fail(&self, keys: &[&str]) {
        let now = Instant::now();
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        if map.len() > 100_000 {
            map.retain(|_, (start, _)| now.duration_since(*start) < self.window);
        }
        for k in keys {
            let entry = map.entry((*k).to_string()).or_insert((now, 0));
            if now.duration_since(entry.0) >= self.window {
                *entry = (now, 0);
            }
            entry.1 += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_limiter_blocks_after_the_allowance_only() {
        let l = RateLimiter::new(3, 60);
        l.fail(&["ip:1", "user:a"]);
        l.fail(&["ip:1", "user:a"]);
        assert_eq!(l.blocked(&["ip:1"]), None, "2 of 3 failures: still allowed");
        l.fail(&["ip:1", "user:b"]);
        assert!(l.blocked(&["ip:1"]).is_some(), "3 of 3: blocked");
        assert_eq!(l.blocked(&["user:a"]), None);
        assert_eq!(l.blocked(&["ip:2", "user:c"]), None);
    }

    #[test]
    fn origin_must_match_host() {
        let mut h = HeaderMap::new();
        h.insert(header::HOST, "127.0.0.1:8080".parse().unwrap());
        assert!(check_origin(&h).is_ok());
        h.insert(header::ORIGIN, "http://127.0.0.1:8080".parse().unwrap());
        assert!(check_origin(&h).is_ok());
        h.insert(header::ORIGIN, "http://evil.example".parse().unwrap());
        assert!(check_origin(&h).is_err());
    }
}
