//! Account pages: changing one's own password (where an account with a
//! one-time password is sent until it has), and the admins' user list
//! with password resets.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use maud::{Markup, html};
use serde::Deserialize;

use crate::api::do_change_password;
use crate::ui::{Page, UiError, csrf, page};
use crate::{ApiError, AppState};

/// The account routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/account/password", get(password_page).post(change))
        .route("/users", get(users_page))
        .route("/users/{username}/password", post(reset))
}

async fn password_page(Page(auth): Page) -> Markup {
    let forced = auth.session.user.must_change_password;
    page(
        &auth,
        "Change password",
        html! {
            @if forced {
                p.error { "Your password is a one-time password: choose your own before going on." }
            }
            form method="post" action="/account/password" {
                (csrf(&auth))
                p { label { "Current password " input type="password" name="old_password" autocomplete="current-password" required; } }
                p { label { "New password (8 or more characters) " input type="password" name="new_password" autocomplete="new-password" minlength="8" required; } }
                button type="submit" { "Change password" }
            }
        },
    )
}

#[derive(Deserialize)]
struct ChangeForm {
    csrf: Option<String>,
    old_password: String,
    new_password: String,
}

async fn change(
    State(state): State<AppState>,
    Page(auth): Page,
    Form(form): Form<ChangeForm>,
) -> Result<Response, UiError> {
    auth.check_csrf(form.csrf.as_deref())?;
    do_change_password(&state, &auth, &form.old_password, &form.new_password).await?;
    Ok(Redirect::to("/").into_response())
}

async fn users_page(State(state): State<AppState>, Page(auth): Page) -> Result<Markup, UiError> {
    auth.require_admin()?;
    let users = state.store.users().await?;
    Ok(page(
        &auth,
        "Users",
        html! {
            p { "A reset password must be changed by its user at the next login; the user's sessions end." }
            table.users {
                thead { tr { th { "User" } th { "Role" } th { "Password" } th { "Reset password" } } }
                tbody {
                    @for u in &users {
                        tr data-user=(u.username) {
                            td { (u.username) }
                            td { (u.role.as_str()) }
                            td { @if u.must_change_password { "must change" } @else { "set by user" } }
                            td {
                                form.inline method="post" action={"/users/" (u.username) "/password"} {
                                    (csrf(&auth))
                                    input type="password" name="password" autocomplete="new-password" minlength="8" required placeholder="new password";
                                    button type="submit" { "Reset" }
                                }
                            }
                        }
                    }
                }
            }
        },
    ))
}

#[derive(Deserialize)]
struct ResetForm {
    csrf: Option<String>,
    password: String,
}

async fn reset(
    State(state): State<AppState>,
    Page(auth): Page,
    Path(username): Path<String>,
    Form(form): Form<ResetForm>,
) -> Result<Response, UiError> {
    auth.require_admin()?;
    auth.check_csrf(form.csrf.as_deref())?;
    state
        .store
        .reset_password(&auth.who(), &username, &form.password)
        .await
        .map_err(ApiError::from)?;
    Ok(Redirect::to("/users").into_response())
}
