//! Passwords: changing one's own (old + new), the forced change of a
//! one-time password, and an admin's reset of another account.

mod common;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use casecourse_server::store::{Role, Who};
use common::*;
use serde_json::json;

async fn login(r: &Registry, user: &str, password: &str) -> Reply {
    call(
        &r.app,
        Method::POST,
        "/api/v1/auth/login",
        None,
        Some(json!({"username": user, "password": password})),
    )
    .await
}

fn token(reply: &Reply) -> String {
    reply.json()["token"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn a_user_changes_their_own_password_with_the_old_one() {
    for r in registries().await {
        let other = token(&login(&r, "vera", "password-123").await);
        let change = |old: &str, new: &str| json!({"old_password": old, "new_password": new});
        let uri = "/api/v1/me/password";
        let wrong = call(
            &r.app,
            Method::POST,
            uri,
            Some(&r.viewer),
            Some(change("nope-nope", "new-password-1")),
        )
        .await;
        assert_eq!(wrong.status, StatusCode::FORBIDDEN, "{}", wrong.text);
        let short = call(
            &r.app,
            Method::POST,
            uri,
            Some(&r.viewer),
            Some(change("password-123", "short")),
        )
        .await;
        assert_eq!(short.status, StatusCode::BAD_REQUEST, "{}", short.text);
        assert!(short.text.contains("8 characters"));
        let missing = call(
            &r.app,
            Method::POST,
            uri,
            Some(&r.viewer),
            Some(json!({"old_password": "x"})),
        )
        .await;
        assert!(missing.status.is_client_error(), "{}", missing.status);
        let ok = call(
            &r.app,
            Method::POST,
            uri,
            Some(&r.viewer),
            Some(change("password-123", "new-password-1")),
        )
        .await;
        assert_eq!(ok.status, StatusCode::NO_CONTENT, "{}", ok.text);
        // The old password no longer works, the new one does; the session
        // that changed it stays, the account's other session ends.
        assert_eq!(
            login(&r, "vera", "password-123").await.status,
            StatusCode::UNAUTHORIZED
        );
        assert_eq!(
            login(&r, "vera", "new-password-1").await.status,
            StatusCode::OK
        );
        let me = call(&r.app, Method::GET, "/api/v1/me", Some(&r.viewer), None).await;
        assert_eq!(me.status, StatusCode::OK);
        let ended = call(&r.app, Method::GET, "/api/v1/me", Some(&other), None).await;
        assert_eq!(ended.status, StatusCode::UNAUTHORIZED);
        let audit = r.store.audit_entries(&Default::default()).await.unwrap();
        let actions: Vec<_> = audit
            .iter()
            .filter(|e| e.target == "user/vera")
            .map(|e| e.action.as_str())
            .collect();
        assert!(
            actions.contains(&"password.change") && actions.contains(&"password.change.failed"),
            "{actions:?}"
        );
        let backup = r.store.backup().await.unwrap();
        assert!(
            backup
                .users
                .iter()
                .all(|u| !u.password_hash.contains("new-password-1"))
        );
    }
}

#[tokio::test]
async fn a_one_time_password_must_be_changed_before_anything_else() {
    for r in registries().await {
        r.store
            .create_user_one_time(
                &Who::new("system", "cli"),
                "first",
                "one-time-pw-1",
                Role::Admin,
            )
            .await
            .unwrap();
        let reply = login(&r, "first", "one-time-pw-1").await;
        assert_eq!(reply.status, StatusCode::OK);
        assert_eq!(reply.json()["user"]["must_change_password"], true);
        let t = token(&reply);
        for (m, uri) in [
            (Method::GET, "/api/v1/courses"),
            (Method::GET, "/api/v1/cohort"),
            (Method::GET, "/api/v1/users"),
            (Method::GET, "/api/v1/audit"),
        ] {
            let blocked = call(&r.app, m, uri, Some(&t), None).await;
            assert_eq!(blocked.status, StatusCode::FORBIDDEN, "{uri}");
            assert!(
                blocked.text.contains("one-time password"),
                "{uri}: {}",
                blocked.text
            );
        }
        // The UI sends the browser to the change form.
        let page = Request::get("/")
            .header(header::COOKIE, format!("casecourse_session={t}"))
            .body(Body::empty())
            .unwrap();
        let page = send(&r.app, page).await;
        assert_eq!(page.status, StatusCode::SEE_OTHER);
        assert_eq!(page.headers[header::LOCATION], "/account/password");
        let me = call(&r.app, Method::GET, "/api/v1/me", Some(&t), None).await;
        assert_eq!(me.status, StatusCode::OK);
        let changed = call(
            &r.app,
            Method::POST,
            "/api/v1/me/password",
            Some(&t),
            Some(json!({"old_password": "one-time-pw-1", "new_password": "chosen-password"})),
        )
        .await;
        assert_eq!(changed.status, StatusCode::NO_CONTENT, "{}", changed.text);
        let after = call(&r.app, Method::GET, "/api/v1/courses", Some(&t), None).await;
        assert_eq!(after.status, StatusCode::OK, "{}", after.text);
    }
}

#[tokio::test]
async fn an_admin_resets_a_password_and_the_user_must_change_it() {
    for r in registries().await {
        let uri = "/api/v1/users/cura/password";
        let body = json!({"password": "reset-password-1"});
        for t in [&r.viewer, &r.curator] {
            let refused = call(&r.app, Method::POST, uri, Some(t), Some(body.clone())).await;
            assert_eq!(refused.status, StatusCode::FORBIDDEN);
        }
        let nobody = call(
            &r.app,
            Method::POST,
            "/api/v1/users/nobody/password",
            Some(&r.admin),
            Some(body.clone()),
        )
        .await;
        assert_eq!(nobody.status, StatusCode::NOT_FOUND);
        let short = call(
            &r.app,
            Method::POST,
            uri,
            Some(&r.admin),
            Some(json!({"password": "x"})),
        )
        .await;
        assert_eq!(short.status, StatusCode::BAD_REQUEST);
        let ok = call(&r.app, Method::POST, uri, Some(&r.admin), Some(body)).await;
        assert_eq!(ok.status, StatusCode::NO_CONTENT, "{}", ok.text);
        // The curator's session ended; the reset password works once more
        // only to choose a new one.
        let old = call(&r.app, Method::GET, "/api/v1/me", Some(&r.curator), None).await;
        assert_eq!(old.status, StatusCode::UNAUTHORIZED);
        let reply = login(&r, "cura", "reset-password-1").await;
        assert_eq!(reply.json()["user"]["must_change_password"], true);
        let t = token(&reply);
        let blocked = call(&r.app, Method::GET, "/api/v1/courses", Some(&t), None).await;
        assert_eq!(blocked.status, StatusCode::FORBIDDEN);
        let audit = r.store.audit_entries(&Default::default()).await.unwrap();
        assert!(audit.iter().any(|e| e.action == "password.reset"
            && e.username == "root"
            && e.target == "user/cura"));
    }
}
