//! The browser UI: server-rendered HTML (maud escapes every value) with a
//! little vanilla JavaScript for highlighting. Forms post back here and
//! carry the session's CSRF token and the course version they were made on.

use axum::extract::{FromRequestParts, Path, Query, State};
use axum::http::request::Parts;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use casecourse_model::{Course, Fact, FlatFact, Kind, Time, Value, flat_rows};
use casecourse_store::{AuditQuery, Edit, Role, View};
use maud::{DOCTYPE, Markup, PreEscaped, html};
use serde::Deserialize;

use crate::api::{ListQuery, course_to_store, do_login, parse_view};
use crate::auth::{Auth, clear_cookie, remote, session_cookie};
use crate::cohort_digest;
use crate::cohort_survival::{CohortSurvival, survival_svg};
use crate::{ApiError, AppState};

/// The UI routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/static/app.css", get(css))
        .route("/static/app.js", get(js))
        .route("/login", get(login_page).post(login))
        .route("/logout", post(logout))
        .route("/", get(list))
        .route("/import", get(import_page).post(import))
        .route("/courses/{id}", get(course_page))
        .route("/courses/{id}/curate", get(curate_page))
        .route("/courses/{id}/chart.svg", get(chart))
        .route("/courses/{id}/facts/add", post(add_fact))
        .route("/courses/{id}/index-date", post(index_date))
        .route("/courses/{id}/facts/{fact}/{action}", post(fact_action))
        .route("/cohort", get(cohort_page))
        .route("/audit", get(audit_page))
        .merge(crate::ui_account::router())
}

async fn css() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/css")],
        include_str!("../assets/app.css"),
    )
}

async fn js() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/javascript")],
        include_str!("../assets/app.js"),
    )
}

/// A page-level error: no session sends the browser to the login page;
/// anything else is an HTML page with the right status.
pub(crate) struct UiError(pub(crate) ApiError);

impl From<ApiError> for UiError {
    fn from(e: ApiError) -> Self {
        UiError(e)
    }
}

impl From<casecourse_store::StoreError> for UiError {
    fn from(e: casecourse_store::StoreError) -> Self {
        UiError(e.into())
    }
}

impl IntoResponse for UiError {
    fn into_response(self) -> Response {
        if matches!(self.0, ApiError::Unauthorized) {
            return Redirect::to("/login").into_response();
        }
        if matches!(self.0, ApiError::PasswordChangeRequired) {
            return Redirect::to("/account/password").into_response();
        }
        let status = self.0.status();
        let message = match &self.0 {
            ApiError::Internal(detail) => {
                eprintln!("casecourse serve: internal error: {detail}");
                "internal error".to_string()
            }
            other => other.to_string(),
        };
        let body = bare_page(
            "Error",
            html! {
                p.error { (status.as_u16()) ": " (message) }
                p { a href="javascript:history.back()" { "Back" } " · " a href="/" { "Courses" } }
            },
        );
        (status, body).into_response()
    }
}

/// A page's session; without one the browser goes to the login page.
pub(crate) struct Page(pub(crate) Auth);

impl FromRequestParts<AppState> for Page {
    type Rejection = UiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, UiError> {
        Ok(Page(Auth::from_request_parts(parts, state).await?))
    }
}

fn bare_page(title: &str, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · casecourse" }
                link rel="stylesheet" href="/static/app.css";
            }
            body {
                main { h1 { (title) } (body) }
                script src="/static/app.js" {}
            }
        }
    }
}

pub(crate) fn page(auth: &Auth, title: &str, body: Markup) -> Markup {
    let user = &auth.session.user;
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · casecourse" }
                link rel="stylesheet" href="/static/app.css";
            }
            body {
                header {
                    strong { "casecourse" }
                    a href="/" { "Courses" }
                    @if user.role.can_write() { a href="/import" { "Import" } }
                    a href="/cohort" { "Cohort" }
                    @if user.role == Role::Admin { a href="/audit" { "Audit" } a href="/users" { "Users" } }
                    a href="/account/password" { "Password" }
                    form.inline method="post" action="/logout" {
                        (csrf(auth))
                        span { (user.username) " (" (user.role.as_str()) ") " }
                        button type="submit" { "Log out" }
                    }
                }
                main {
                    h1 { (title) }
                    p.notice { "casecourse supports clinical decisions; it does not make them. Check every fact against the source." }
                    (body)
                }
                script src="/static/app.js" {}
            }
        }
    }
}

pub(crate) fn csrf(auth: &Auth) -> Markup {
    html! { input type="hidden" name="csrf" value=(auth.session.csrf_token); }
}

async fn login_page() -> Markup {
    bare_page(
        "Log in",
        html! {
            form method="post" action="/login" {
                p { label { "Username " input type="text" name="username" autocomplete="username" required; } }
                p { label { "Password " input type="password" name="password" autocomplete="current-password" required; } }
                button type="submit" { "Log in" }
            }
        },
    )
}

#[derive(Deserialize)]
struct LoginForm {
    username: String,
    password: String,
}

async fn login(
    State(state): State<AppState>,
    parts: Parts2,
    Form(form): Form<LoginForm>,
) -> Result<Response, UiError> {
    crate::auth::check_origin(&parts.headers)?;
    let (token, _) = do_login(&state, &form.username, &form.password, &parts.remote)
        .await
        .map_err(|e| match e {
            ApiError::Unauthorized => ApiError::Forbidden("wrong username or password".into()),
            other => other,
        })?;
    let mut response = Redirect::to("/").into_response();
    if let Ok(v) = HeaderValue::from_str(&session_cookie(&token, state.config.secure_cookies)) {
        response.headers_mut().insert(header::SET_COOKIE, v);
    }
    Ok(response)
}

/// The headers and peer address of a request (for routes without a session).
struct Parts2 {
    headers: axum::http::HeaderMap,
    remote: String,
}

impl<S: Send + Sync> FromRequestParts<S> for Parts2 {
    type Rejection = UiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, UiError> {
        Ok(Parts2 {
            headers: parts.headers.clone(),
            remote: remote(parts),
        })
    }
}

#[derive(Deserialize)]
struct CsrfForm {
    csrf: Option<String>,
}

async fn logout(
    State(state): State<AppState>,
    Page(auth): Page,
    Form(form): Form<CsrfForm>,
) -> Result<Response, UiError> {
    auth.check_csrf(form.csrf.as_deref())?;
    state.store.logout(&auth.token, &auth.who()).await?;
    let mut response = Redirect::to("/login").into_response();
    if let Ok(v) = HeaderValue::from_str(&clear_cookie(state.config.secure_cookies)) {
        response.headers_mut().insert(header::SET_COOKIE, v);
    }
    Ok(response)
}

fn filter_form(action: &str, q: &ListQuery) -> Markup {
    let v = |o: &Option<String>| o.clone().unwrap_or_default();
    html! {
        form.filters method="get" action=(action) {
            input type="text" name="q" placeholder="search" value=(v(&q.q));
            input type="text" name="antibody" placeholder="antibody" value=(v(&q.antibody));
            input type="text" name="drug" placeholder="drug" value=(v(&q.drug));
            input type="text" name="diagnosis" placeholder="diagnosis" value=(v(&q.diagnosis));
            input type="text" name="outcome" placeholder="outcome" value=(v(&q.outcome));
            input type="text" name="biomarker" placeholder="biomarker (e.g. ferritin)" value=(v(&q.biomarker));
            input type="text" name="above" placeholder="above" size="6" value=(v(&q.above));
            button type="submit" { "Filter" }
        }
    }
}

async fn list(
    State(state): State<AppState>,
    Page(auth): Page,
    Query(q): Query<ListQuery>,
) -> Result<Markup, UiError> {
    let (filter, page_) = q.parse()?;
    let (items, total) = state
        .store
        .list_courses(&auth.who(), &filter, page_)
        .await?;
    Ok(page(
        &auth,
        "Courses",
        html! {
            (filter_form("/", &q))
            p { (total) " courses" }
            table {
                thead { tr { th { "#" } th { "Title" } th { "Facts" } th { "Version" } th { "Updated" } th {} } }
                tbody {
                    @for c in &items {
                        tr {
                            td { (c.id) }
                            td { a href={"/courses/" (c.id)} { (c.title) } }
                            td { (c.facts) }
                            td { (c.version) }
                            td { (c.updated_at) }
                            td { a href={"/courses/" (c.id) "/curate"} { "curate" } }
                        }
                    }
                }
            }
        },
    ))
}

async fn import_page(Page(auth): Page) -> Result<Markup, UiError> {
    auth.require_write()?;
    Ok(page(
        &auth,
        "Import a narrative",
        html! {
            form method="post" action="/import" {
                (csrf(&auth))
                p { label { "Title " input type="text" name="title" size="60"; } }
                p { label { "Or read a text file: " input type="file" id="narrative-file" accept=".txt,text/plain"; } }
                p { textarea id="narrative" name="text" rows="20" placeholder="Paste the case report, letter or note" {} }
                button type="submit" { "Extract and curate" }
            }
        },
    ))
}

#[derive(Deserialize)]
struct ImportForm {
    csrf: Option<String>,
    title: Option<String>,
    text: Option<String>,
    course: Option<String>,
}

async fn import(
    State(state): State<AppState>,
    Page(auth): Page,
    Form(form): Form<ImportForm>,
) -> Result<Response, UiError> {
    auth.require_write()?;
    auth.check_csrf(form.csrf.as_deref())?;
    let course = match form.course.as_deref().filter(|c| !c.trim().is_empty()) {
        Some(json) => Some(
            serde_json::from_str(json)
                .map_err(|e| ApiError::BadRequest(format!("course JSON: {e}")))?,
        ),
        None => None,
    };
    let new = course_to_store(form.title, None, form.text, course)?;
    let row = state.store.create_course(&auth.who(), new).await?;
    Ok(Redirect::to(&format!("/courses/{}/curate", row.id)).into_response())
}

/// The source text with each fact's words in a `<mark>`; overlapping spans
/// share the first mark.
fn highlighted(course: &Course) -> Markup {
    let text = &course.source.text;
    let mut spans: Vec<(usize, usize, String)> = course
        .facts
        .iter()
        .flat_map(|f| f.spans.iter().map(move |s| (s.start, s.end, f.id.clone())))
        .filter(|(s, e, _)| {
            s < e && *e <= text.len() && text.is_char_boundary(*s) && text.is_char_boundary(*e)
        })
        .collect();
    spans.sort();
    let mut merged: Vec<(usize, usize, Vec<String>)> = Vec::new();
    for (s, e, id) in spans {
        match merged.last_mut() {
            Some(last) if s < last.1 => {
                last.1 = last.1.max(e);
                if !last.2.contains(&id) {
                    last.2.push(id);
                }
            }
            _ => merged.push((s, e, vec![id])),
        }
    }
    let mut at = 0;
    html! {
        div.source {
            @for (s, e, ids) in &merged {
                (text.get(at..*s).unwrap_or(""))
                mark data-fact=(ids.join(" ")) { (text.get(*s..*e).unwrap_or("")) }
                ({ at = *e; "" })
            }
            (text.get(at..).unwrap_or(""))
        }
    }
}

fn col(f: &FlatFact, name: &str) -> String {
    FlatFact::column(f, name)
}

fn when(f: &FlatFact) -> String {
    for (c, label) in [
        ("week", ""),
        ("start_week", "from "),
        ("onset_week", "onset "),
        ("week_before", "before "),
        ("week_after", "after "),
        ("week_between", "between "),
    ] {
        let v = col(f, c);
        if !v.is_empty() {
            return format!("{label}{v}");
        }
    }
    String::new()
}

fn value_cell(f: &FlatFact) -> String {
    let mut parts = Vec::new();
    for c in [
        "value",
        "unit",
        "result",
        "dose",
        "dose_text",
        "route",
        "frequency",
        "status",
    ] {
        let v = col(f, c);
        if !v.is_empty() {
            parts.push(v);
        }
    }
    if col(f, "negated") == "true" {
        parts.push("(absent)".into());
    }
    parts.join(" ")
}

fn timeline(course: &Course) -> Markup {
    let mut rows = flat_rows(course);
    let key = |f: &FlatFact| {
        [
            "week",
            "start_week",
            "onset_week",
            "week_before",
            "week_after",
        ]
        .iter()
        .find_map(|c| col(f, c).parse::<f64>().ok())
        .unwrap_or(f64::INFINITY)
    };
    rows.sort_by(|a, b| key(a).total_cmp(&key(b)));
    html! {
        table.timeline {
            thead { tr { th { "Week" } th { "Kind" } th { "Fact" } th { "Value" } } }
            tbody {
                @for f in &rows {
                    tr data-fact=(f.id) { td { (when(f)) } td { (f.kind) } td { (f.name) } td { (value_cell(f)) } }
                }
            }
        }
    }
}

async fn course_page(
    State(state): State<AppState>,
    Page(auth): Page,
    Path(id): Path<i64>,
    Query(q): Query<crate::api::ViewQuery>,
) -> Result<Markup, UiError> {
    let view = parse_view(q.view())?;
    let row = state.store.course(&auth.who(), id, view).await?;
    let history = state.store.corrections(&auth.who(), id).await?;
    let view_name = if view == View::Extracted {
        "as extracted"
    } else {
        "as curated"
    };
    Ok(page(
        &auth,
        &row.title,
        html! {
            p {
                "Viewing " strong { (view_name) } " · version " (row.version) " · "
                a href={"/courses/" (id)} { "curated" } " · "
                a href={"/courses/" (id) "?view=extracted"} { "extracted" } " · "
                a href={"/courses/" (id) "/curate"} { "curate" }
            }
            p {
                "Day 0: " (row.course.index.description) " · "
                @match &row.course.index.date { Some(d) => { "dated " (d) }, None => { "no date" } }
            }
            h2 { "Chart" }
            img.chart src={"/courses/" (id) "/chart.svg" @if view == View::Extracted { "?view=extracted" }} alt="Course chart";
            h2 { "Timeline" }
            (timeline(&row.course))
            @if !row.course.warnings.is_empty() {
                h2 { "Warnings" }
                ul { @for w in &row.course.warnings { li { (w.message) } } }
            }
            h2 { "Corrections" }
            table {
                thead { tr { th { "Version" } th { "Action" } th { "Fact" } th { "Who" } th { "When" } } }
                tbody {
                    @for c in &history {
                        tr { td { (c.version) } td { (c.action) } td { (c.fact_id.clone().unwrap_or_default()) } td { (c.username) } td { (c.at) } }
                    }
                }
            }
        },
    ))
}

/// The course chart (crates/render) as an SVG image; shown through `<img>`,
/// so nothing in it can run.
async fn chart(
    State(state): State<AppState>,
    Page(auth): Page,
    Path(id): Path<i64>,
    Query(q): Query<crate::api::ViewQuery>,
) -> Result<Response, UiError> {
    let view = parse_view(q.view())?;
    let row = state.store.course(&auth.who(), id, view).await?;
    let options = casecourse_render::ChartOptions {
        title: Some(row.title.clone()),
        ..Default::default()
    };
    let svg = casecourse_render::chart_svg(&row.course, &options);
    Ok(([(header::CONTENT_TYPE, "image/svg+xml")], svg).into_response())
}

fn value_text(f: &Fact) -> String {
    match &f.value {
        Some(Value::Number(n)) => n.to_string(),
        Some(Value::Text(t)) => t.clone(),
        None => String::new(),
    }
}

async fn curate_page(
    State(state): State<AppState>,
    Page(auth): Page,
    Path(id): Path<i64>,
) -> Result<Markup, UiError> {
    let row = state.store.course(&auth.who(), id, View::Curated).await?;
    let accepted = state.store.accepted_facts(id).await?;
    let writer = auth.session.user.role.can_write();
    let version = row.version;
    Ok(page(
        &auth,
        &format!("Curate: {}", row.title),
        html! {
            p { "Version " (version) " · " a href={"/courses/" (id)} { "course page" } }
            (index_date_section(&auth, id, version, &row.course))
            div.split {
                (highlighted(&row.course))
                div {
                    table.facts {
                        thead { tr { th { "Fact" } th { "Kind" } th { "Name" } th { "Value" } th { "Unit" } th { "Day" } th { "Review" } } }
                        tbody {
                            @for f in &row.course.facts {
                                tr data-fact=(f.id) class=[accepted.contains(&f.id).then_some("accepted")] {
                                    td { (f.id) }
                                    td { (f.kind.as_str()) }
                                    td.name { (f.name) }
                                    td.value { (value_text(f)) }
                                    td { (f.unit.clone().unwrap_or_default()) }
                                    td { (f.time.day.map(|d| d.to_string()).unwrap_or_default()) }
                                    td {
                                        @if writer {
                                            form.inline method="post" action={"/courses/" (id) "/facts/" (f.id) "/accept"} {
                                                (csrf(&auth)) input type="hidden" name="version" value=(version);
                                                button type="submit" { "Accept" }
                                            }
                                            form.inline method="post" action={"/courses/" (id) "/facts/" (f.id) "/delete"} {
                                                (csrf(&auth)) input type="hidden" name="version" value=(version);
                                                button type="submit" { "Delete" }
                                            }
                                            details {
                                                summary { "Correct" }
                                                form method="post" action={"/courses/" (id) "/facts/" (f.id) "/correct"} {
                                                    (csrf(&auth)) input type="hidden" name="version" value=(version);
                                                    label { "name " input type="text" name="name" value=(f.name); } br;
                                                    label { "value " input type="text" name="value" value=(value_text(f)); } br;
                                                    label { "unit " input type="text" name="unit" value=(f.unit.clone().unwrap_or_default()); } br;
                                                    label { "day " input type="text" name="day" value=(f.time.day.map(|d| d.to_string()).unwrap_or_default()); } br;
                                                    button type="submit" { "Save correction" }
                                                }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                    @if writer {
                        h2 { "Add a fact" }
                        form method="post" action={"/courses/" (id) "/facts/add"} {
                            (csrf(&auth)) input type="hidden" name="version" value=(version);
                            select name="kind" { @for k in Kind::ALL { option value=(k.as_str()) { (k.as_str()) } } }
                            input type="text" name="name" placeholder="name" required;
                            input type="text" name="value" placeholder="value";
                            input type="text" name="unit" placeholder="unit" size="6";
                            input type="text" name="day" placeholder="day" size="5";
                            button type="submit" { "Add" }
                        }
                    }
                }
            }
        },
    ))
}

/// The index event and its date, with a form to set or clear the date
/// (writers only): relative times need it to be placed on the calendar.
fn index_date_section(auth: &Auth, id: i64, version: i64, course: &Course) -> Markup {
    let date = course.index.date.clone().unwrap_or_default();
    html! {
        section.index-date {
            h2 { "Index date" }
            p {
                "Day 0 is the " (course.index.description) ": "
                @if date.is_empty() { em { "no date" } " (FHIR export needs one)" } @else { strong { (date) } }
            }
            @if auth.session.user.role.can_write() {
                form.inline method="post" action={"/courses/" (id) "/index-date"} {
                    (csrf(auth)) input type="hidden" name="version" value=(version);
                    label { "date " input type="date" name="date" value=(date) required; }
                    button type="submit" { "Save date" }
                }
                @if !date.is_empty() {
                    form.inline method="post" action={"/courses/" (id) "/index-date"} {
                        (csrf(auth)) input type="hidden" name="version" value=(version);
                        input type="hidden" name="date" value="";
                        button type="submit" { "Clear date" }
                    }
                }
            }
        }
    }
}

#[derive(Deserialize)]
struct IndexDateForm {
    csrf: Option<String>,
    version: Option<i64>,
    date: Option<String>,
}

async fn index_date(
    State(state): State<AppState>,
    Page(auth): Page,
    Path(id): Path<i64>,
    Form(form): Form<IndexDateForm>,
) -> Result<Response, UiError> {
    auth.require_write()?;
    auth.check_csrf(form.csrf.as_deref())?;
    let version = form
        .version
        .ok_or_else(|| ApiError::BadRequest("version missing".into()))?;
    let edit = Edit::IndexDate { date: form.date };
    state
        .store
        .edit_course(&auth.who(), id, version, &edit)
        .await?;
    Ok(Redirect::to(&format!("/courses/{id}/curate")).into_response())
}

#[derive(Deserialize)]
struct FactForm {
    csrf: Option<String>,
    version: Option<i64>,
    kind: Option<String>,
    name: Option<String>,
    value: Option<String>,
    unit: Option<String>,
    day: Option<String>,
}

impl FactForm {
    /// Writes the form's fields over `fact`.
    fn apply(&self, fact: &mut Fact) -> Result<(), ApiError> {
        if let Some(name) = self
            .name
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            fact.name = name.to_string();
        }
        if let Some(v) = &self.value {
            let v = v.trim();
            fact.value = if v.is_empty() {
                None
            } else if let Ok(n) = v.parse::<f64>() {
                Some(Value::Number(n))
            } else {
                Some(Value::Text(v.to_string()))
            };
        }
        if let Some(u) = &self.unit {
            fact.unit = Some(u.trim().to_string()).filter(|s| !s.is_empty());
        }
        if let Some(d) = self.day.as_deref().map(str::trim) {
            if d.is_empty() {
                fact.time = Time::default();
            } else {
                let day: f64 = d
                    .parse()
                    .map_err(|_| ApiError::BadRequest(format!("day {d:?} is not a number")))?;
                fact.time = Time::at(day);
            }
        }
        Ok(())
    }
}

async fn add_fact(
    State(state): State<AppState>,
    Page(auth): Page,
    Path(id): Path<i64>,
    Form(form): Form<FactForm>,
) -> Result<Response, UiError> {
    auth.require_write()?;
    auth.check_csrf(form.csrf.as_deref())?;
    let kind = form
        .kind
        .as_deref()
        .and_then(Kind::parse)
        .ok_or_else(|| ApiError::BadRequest("choose a kind".into()))?;
    let mut fact = Fact::new("", kind, "");
    form.apply(&mut fact)?;
    if fact.name.is_empty() {
        return Err(ApiError::BadRequest("a fact needs a name".into()).into());
    }
    let version = form
        .version
        .ok_or_else(|| ApiError::BadRequest("version missing".into()))?;
    state
        .store
        .edit_course(
            &auth.who(),
            id,
            version,
            &Edit::Add {
                fact: Box::new(fact),
            },
        )
        .await?;
    Ok(Redirect::to(&format!("/courses/{id}/curate")).into_response())
}

async fn fact_action(
    State(state): State<AppState>,
    Page(auth): Page,
    Path((id, fact_id, action)): Path<(i64, String, String)>,
    Form(form): Form<FactForm>,
) -> Result<Response, UiError> {
    auth.require_write()?;
    auth.check_csrf(form.csrf.as_deref())?;
    let version = form
        .version
        .ok_or_else(|| ApiError::BadRequest("version missing".into()))?;
    let edit = match action.as_str() {
        "accept" => Edit::Accept { fact_id },
        "delete" => Edit::Delete { fact_id },
        "correct" => {
            let row = state.store.course(&auth.who(), id, View::Curated).await?;
            let mut fact = row
                .course
                .fact(&fact_id)
                .cloned()
                .ok_or_else(|| ApiError::NotFound(format!("fact {fact_id:?}")))?;
            form.apply(&mut fact)?;
            Edit::Correct {
                fact: Box::new(fact),
            }
        }
        other => return Err(ApiError::NotFound(format!("action {other:?}")).into()),
    };
    state
        .store
        .edit_course(&auth.who(), id, version, &edit)
        .await?;
    Ok(Redirect::to(&format!("/courses/{id}/curate")).into_response())
}

async fn cohort_page(
    State(state): State<AppState>,
    Page(auth): Page,
    Query(q): Query<ListQuery>,
) -> Result<Markup, UiError> {
    let (filter, _) = q.parse()?;
    let rows = state
        .store
        .cohort_digests(&auth.who(), &filter, "cohort.summary")
        .await?;
    let digests = cohort_digest::parse(&rows)?;
    let s = cohort_digest::summary(&digests);
    let survival = cohort_digest::survival(&digests);
    let counts = |title: &str, map: &std::collections::BTreeMap<String, usize>| {
        html! {
            h2 { (title) }
            table { tbody { @for (k, n) in map { tr { td { (k) } td { (n) } } } } }
        }
    };
    let query = serde_urlencode(&q);
    Ok(page(
        &auth,
        "Cohort",
        html! {
            (filter_form("/cohort", &q))
            p {
                (s.courses) " courses · " a href={"/api/v1/cohort.csv?" (query)} { "export CSV" }
                " · " a.fhir-export href={"/api/v1/cohort/fhir?" (query)} { "export FHIR R4" }
            }
            (survival_section(&survival))
            (counts("Regimens", &s.regimens))
            (counts("Outcomes", &s.outcomes))
            (counts("Antibodies", &s.antibodies))
            (counts("Diagnoses", &s.diagnoses))
            h2 { "Biomarkers (per-course peak)" }
            table {
                thead { tr { th { "Analyte" } th { "Courses" } th { "Min" } th { "Median" } th { "Max" } th { "Unit" } } }
                tbody {
                    @for (k, d) in &s.biomarkers {
                        tr { td { (k) } td { (d.courses) } td { (d.min) } td { (d.median) } td { (d.max) } td { (d.unit.clone().unwrap_or_default()) } }
                    }
                }
            }
        },
    ))
}

/// Kaplan–Meier curves when at least one death has a time; otherwise why not.
fn survival_section(s: &CohortSurvival) -> Markup {
    let deaths: usize = s.groups.iter().map(|g| g.events).sum();
    let x = &s.excluded;
    html! {
        h2 { "Survival by FLAIR risk group" }
        @if deaths == 0 {
            p { "No death with a time in this cohort: no survival curve." }
        } @else {
            // Built from numbers and fixed group names only (cohort_survival.rs).
            (PreEscaped(survival_svg(s)))
            p.small { (s.method) "; " (s.time) ". Groups: " (s.model) "." }
        }
        @if x.no_time + x.death_without_time + x.before_index > 0 {
            p.small {
                "Not placed on the time axis: " (x.no_time) " without any time, "
                (x.death_without_time) " with a death without a time, "
                (x.before_index) " ending before day 0."
            }
        }
    }
}

fn serde_urlencode(q: &ListQuery) -> String {
    let pairs = q.pairs();
    let mut out = String::new();
    for (k, v) in pairs {
        if !out.is_empty() {
            out.push('&');
        }
        out.push_str(k);
        out.push('=');
        for b in v.bytes() {
            if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.') {
                out.push(b as char);
            } else {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}

async fn audit_page(State(state): State<AppState>, Page(auth): Page) -> Result<Markup, UiError> {
    auth.require_admin()?;
    let entries = state
        .store
        .audit_entries(&AuditQuery {
            limit: Some(500),
            ..Default::default()
        })
        .await?;
    state
        .store
        .audit(&auth.who(), "audit.read", "audit", "")
        .await?;
    Ok(page(
        &auth,
        "Audit log",
        html! {
            p { a href="/api/v1/audit.csv" { "export CSV" } }
            table {
                thead { tr { th { "#" } th { "When" } th { "Who" } th { "What" } th { "Record" } th { "From" } th { "Detail" } } }
                tbody {
                    @for e in &entries {
                        tr { td { (e.id) } td { (e.at) } td { (e.username) } td { (e.action) } td { (e.target) } td { (e.remote) } td { (e.detail) } }
                    }
                }
            }
        },
    ))
}
