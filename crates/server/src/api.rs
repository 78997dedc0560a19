//! The JSON REST API under `/api/v1`.

use axum::extract::{Path, Query, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use casecourse_model::{Course, Fact};
use casecourse_store::{AuditQuery, CourseFilter, Edit, NewCourse, Page, Role, View};
use serde::Deserialize;

use crate::auth::{Auth, clear_cookie, remote, session_cookie};
use crate::cohort::cohort_csv;
use crate::cohort_digest;
use crate::cohort_fhir::cohort_fhir;
use crate::{ApiError, AppState};

/// The API routes (nested under `/api/v1`).
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/openapi.json", get(openapi_json))
        .route("/auth/login", post(login))
        .route("/auth/logout", post(logout))
        .route("/me", get(me))
        .route("/me/password", post(change_password))
        .route("/courses", get(list_courses).post(create_course))
        .route("/courses/{id}", get(get_course).delete(delete_course))
        .route("/courses/{id}/corrections", get(corrections))
        .route("/courses/{id}/index-date", put(set_index_date))
        .route("/courses/{id}/facts", post(add_fact))
        .route(
            "/courses/{id}/facts/{fact}",
            put(correct_fact).delete(delete_fact),
        )
        .route("/courses/{id}/facts/{fact}/accept", post(accept_fact))
        .route("/cohort", get(cohort))
        .route("/cohort.csv", get(cohort_export))
        .route("/cohort/fhir", get(cohort_fhir_export))
        .route("/cohort/survival", get(cohort_survival))
        .route("/audit", get(audit))
        .route("/audit.csv", get(audit_csv))
        .route("/users", get(users).post(create_user))
        .route("/users/{username}/password", post(reset_password))
}

async fn openapi_json() -> Response {
    match crate::openapi().to_pretty_json() {
        Ok(json) => ([(header::CONTENT_TYPE, "application/json")], json).into_response(),
        Err(e) => ApiError::Internal(e.to_string()).into_response(),
    }
}

/// Login credentials.
#[derive(Deserialize)]
pub struct Login {
    username: String,
    password: String,
}

/// Checks credentials with rate limiting; returns the session token.
pub async fn do_login(
    state: &AppState,
    username: &str,
    password: &str,
    remote: &str,
) -> Result<(String, casecourse_store::Session), ApiError> {
    let keys = [format!("ip:{remote}"), format!("user:{username}")];
    let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
    if let Some(wait) = state.limiter.blocked(&keys) {
        return Err(ApiError::TooMany(wait));
    }
    match state.store.login(username, password, remote).await? {
        Some(found) => Ok(found),
        None => {
            state.limiter.fail(&keys);
            Err(ApiError::Unauthorized)
        }
    }
}

async fn login(State(state): State<AppState>, request: Request) -> Result<Response, ApiError> {
    let (parts, body) = request.into_parts();
    let remote = remote(&parts);
    let bytes = axum::body::to_bytes(body, state.config.max_body_bytes)
        .await
        .map_err(|_| ApiError::BadRequest("unreadable body".into()))?;
    let form: Login = serde_json::from_slice(&bytes)
        .map_err(|e| ApiError::BadRequest(format!("login body: {e}")))?;
    let (token, session) = do_login(&state, &form.username, &form.password, &remote).await?;
    let cookie = session_cookie(&token, state.config.secure_cookies);
    let body = serde_json::json!({
        "token": token,
        "csrf_token": session.csrf_token,
        "user": session.user,
    });
    let mut response = Json(body).into_response();
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        response.headers_mut().insert(header::SET_COOKIE, v);
    }
    Ok(response)
}

fn csrf_header(headers: &HeaderMap) -> Option<&str> {
    headers.get("x-csrf-token").and_then(|v| v.to_str().ok())
}

async fn logout(
    State(state): State<AppState>,
    auth: Auth,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    auth.check_csrf(csrf_header(&headers))?;
    state.store.logout(&auth.token, &auth.who()).await?;
    let mut response = StatusCode::NO_CONTENT.into_response();
    if let Ok(v) = HeaderValue::from_str(&clear_cookie(state.config.secure_cookies)) {
        response.headers_mut().insert(header::SET_COOKIE, v);
    }
    Ok(response)
}

async fn me(auth: Auth) -> Json<serde_json::Value> {
    Json(serde_json::json!({ "user": auth.session.user, "csrf_token": auth.session.csrf_token }))
}

/// Search filters and paging as query parameters. Empty values (as an HTML
/// form sends them) mean "no filter".
#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    pub(crate) q: Option<String>,
    pub(crate) antibody: Option<String>,
    pub(crate) drug: Option<String>,
    pub(crate) diagnosis: Option<String>,
    pub(crate) outcome: Option<String>,
    pub(crate) biomarker: Option<String>,
    pub(crate) above: Option<String>,
    pub(crate) limit: Option<String>,
    pub(crate) offset: Option<String>,
}

fn number<T: std::str::FromStr>(name: &str, v: &Option<String>) -> Result<Option<T>, ApiError> {
    match v.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => s
            .parse()
            .map(Some)
            .map_err(|_| ApiError::BadRequest(format!("{name}={s:?} is not a number"))),
    }
}

impl ListQuery {
    /// The filters that are set, as name/value pairs.
    pub fn pairs(&self) -> Vec<(&'static str, String)> {
        [
            ("q", &self.q),
            ("antibody", &self.antibody),
            ("drug", &self.drug),
            ("diagnosis", &self.diagnosis),
            ("outcome", &self.outcome),
            ("biomarker", &self.biomarker),
            ("above", &self.above),
        ]
        .into_iter()
        .filter_map(|(k, v)| v.clone().filter(|v| !v.is_empty()).map(|v| (k, v)))
        .collect()
    }

    /// The filter and page asked for.
    pub fn parse(&self) -> Result<(CourseFilter, Page), ApiError> {
        let filter = CourseFilter {
            q: self.q.clone(),
            antibody: self.antibody.clone(),
            drug: self.drug.clone(),
            diagnosis: self.diagnosis.clone(),
            outcome: self.outcome.clone(),
            biomarker: self.biomarker.clone(),
            above: number::<f64>("above", &self.above)?,
        };
        let page = Page {
            limit: number("limit", &self.limit)?.unwrap_or(50),
            offset: number("offset", &self.offset)?.unwrap_or(0),
        };
        Ok((filter, page))
    }
}

async fn list_courses(
    State(state): State<AppState>,
    auth: Auth,
    Query(q): Query<ListQuery>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let (filter, page) = q.parse()?;
    let (items, total) = state.store.list_courses(&auth.who(), &filter, page).await?;
    Ok(Json(
        serde_json::json!({ "total": total, "courses": items }),
    ))
}

/// A new course: narrative text to extract, or a course JSON to import.
#[derive(Deserialize)]
pub struct CreateCourse {
    title: Option<String>,
    name: Option<String>,
    text: Option<String>,
    course: Option<serde_json::Value>,
}

/// Extracts or reads the course to store.
pub fn course_to_store(
    title: Option<String>,
    name: Option<String>,
    text: Option<String>,
    course: Option<serde_json::Value>,
) -> Result<NewCourse, ApiError> {
    let course = match (course, text) {
        (Some(json), _) => {
            Course::from_json(&json.to_string()).map_err(|e| ApiError::BadRequest(e.to_string()))?
        }
        (None, Some(text)) if !text.trim().is_empty() => {
            let options = casecourse_extract::Options {
                name: name.filter(|n| !n.trim().is_empty()),
                ..Default::default()
            };
            casecourse_extract::extract(&text, &options)
        }
        _ => {
            return Err(ApiError::BadRequest(
                "send `text` (a narrative) or `course` (a course JSON)".into(),
            ));
        }
    };
    Ok(NewCourse { title, course })
}

async fn create_course(
    State(state): State<AppState>,
    auth: Auth,
    headers: HeaderMap,
    Json(body): Json<CreateCourse>,
) -> Result<Response, ApiError> {
    auth.require_write()?;
    auth.check_csrf(csrf_header(&headers))?;
    let new = course_to_store(body.title, body.name, body.text, body.course)?;
    let row = state.store.create_course(&auth.who(), new).await?;
    Ok((StatusCode::CREATED, Json(row)).into_response())
}

/// `?view=extracted|curated`.
#[derive(Deserialize, Default)]
pub struct ViewQuery {
    view: Option<String>,
}

impl ViewQuery {
    /// The view asked for.
    pub fn view(&self) -> Option<&str> {
        self.view.as_deref()
    }
}

/// Parses a view name.
pub fn parse_view(v: Option<&str>) -> Result<View, ApiError> {
    match v.unwrap_or("curated") {
        "curated" | "" => Ok(View::Curated),
        "extracted" => Ok(View::Extracted),
        other => Err(ApiError::BadRequest(format!(
            "view={other:?}: use extracted or curated"
        ))),
    }
}

async fn get_course(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
    Query(q): Query<ViewQuery>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let view = parse_view(q.view.as_deref())?;
    let row = state.store.course(&auth.who(), id, view).await?;
    let accepted = state.store.accepted_facts(id).await?;
    let mut json = serde_json::to_value(&row).map_err(|e| ApiError::Internal(e.to_string()))?;
    json["accepted_facts"] = serde_json::json!(accepted);
    Ok(Json(json))
}

/// `?version=N` for deletes.
#[derive(Deserialize)]
pub struct VersionQuery {
    version: Option<i64>,
}

fn need_version(v: Option<i64>) -> Result<i64, ApiError> {
    v.ok_or_else(|| ApiError::BadRequest("send the version you edited (version=N)".into()))
}

async fn delete_course(
    State(state): State<AppState>,
    auth: Auth,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Query(q): Query<VersionQuery>,
) -> Result<StatusCode, ApiError> {
    auth.require_write()?;
    auth.check_csrf(csrf_header(&headers))?;
    state
        .store
        .delete_course(&auth.who(), id, need_version(q.version)?)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn corrections(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let rows = state.store.corrections(&auth.who(), id).await?;
    Ok(Json(serde_json::json!({ "corrections": rows })))
}

/// A fact edit: the version it was made on, and the fact.
#[derive(Deserialize)]
pub struct FactBody {
    version: Option<i64>,
    fact: Option<Fact>,
}

async fn run_edit(
    state: &AppState,
    auth: &Auth,
    headers: &HeaderMap,
    id: i64,
    version: Option<i64>,
    edit: Edit,
) -> Result<Json<serde_json::Value>, ApiError> {
    auth.require_write()?;
    auth.check_csrf(csrf_header(headers))?;
    let row = state
        .store
        .edit_course(&auth.who(), id, need_version(version)?, &edit)
        .await?;
    Ok(Json(
        serde_json::json!({ "id": row.id, "version": row.version, "course": row.course }),
    ))
}

fn need_fact(f: Option<Fact>) -> Result<Box<Fact>, ApiError> {
    f.map(Box::new)
        .ok_or_else(|| ApiError::BadRequest("send the fact".into()))
}

async fn add_fact(
    State(state): State<AppState>,
    auth: Auth,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Json(body): Json<FactBody>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let edit = Edit::Add {
        fact: need_fact(body.fact)?,
    };
    run_edit(&state, &auth, &headers, id, body.version, edit).await
}

async fn correct_fact(
    State(state): State<AppState>,
    auth: Auth,
    headers: HeaderMap,
    Path((id, fact_id)): Path<(i64, String)>,
    Json(body): Json<FactBody>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let mut fact = need_fact(body.fact)?;
    fact.id = fact_id;
    run_edit(
        &state,
        &auth,
        &headers,
        id,
        body.version,
        Edit::Correct { fact },
    )
    .await
}

/// The index date to set (`YYYY-MM-DD`), or none to clear it.
#[derive(Deserialize)]
pub struct IndexDateBody {
    version: Option<i64>,
    date: Option<String>,
}

async fn set_index_date(
    State(state): State<AppState>,
    auth: Auth,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Json(body): Json<IndexDateBody>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let edit = Edit::IndexDate { date: body.date };
    run_edit(&state, &auth, &headers, id, body.version, edit).await
}

/// Only the version.
#[derive(Deserialize)]
pub struct VersionBody {
    version: Option<i64>,
}

async fn accept_fact(
    State(state): State<AppState>,
    auth: Auth,
    headers: HeaderMap,
    Path((id, fact_id)): Path<(i64, String)>,
    Json(body): Json<VersionBody>,
) -> Result<Json<serde_json::Value>, ApiError> {
    run_edit(
        &state,
        &auth,
        &headers,
        id,
        body.version,
        Edit::Accept { fact_id },
    )
    .await
}

async fn delete_fact(
    State(state): State<AppState>,
    auth: Auth,
    headers: HeaderMap,
    Path((id, fact_id)): Path<(i64, String)>,
    Query(q): Query<VersionQuery>,
) -> Result<Json<serde_json::Value>, ApiError> {
    run_edit(
        &state,
        &auth,
        &headers,
        id,
        q.version,
        Edit::Delete { fact_id },
    )
    .await
}

async fn cohort(
    State(state): State<AppState>,
    auth: Auth,
    Query(q): Query<ListQuery>,
) -> Result<Json<serde_json::Value>, ApiError> {
    from_digests(&state, &auth, &q, "cohort.summary", |d| {
        serde_json::to_value(cohort_digest::summary(d))
    })
    .await
}

/// A cohort view computed from the per-course digests of the courses
/// matching `q`, the read audited as `action`.
async fn from_digests(
    state: &AppState,
    auth: &Auth,
    q: &ListQuery,
    action: &str,
    view: impl Fn(&[cohort_digest::CourseDigest]) -> serde_json::Result<serde_json::Value>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let (filter, _) = q.parse()?;
    let rows = state
        .store
        .cohort_digests(&auth.who(), &filter, action)
        .await?;
    let digests = cohort_digest::parse(&rows)?;
    Ok(Json(
        view(&digests).map_err(|e| ApiError::Internal(e.to_string()))?,
    ))
}

/// A download: its content type, `Content-Disposition` and bytes.
fn attachment(content_type: &'static str, disposition: &'static str, body: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        body,
    )
        .into_response()
}

async fn cohort_export(
    State(state): State<AppState>,
    auth: Auth,
    Query(q): Query<ListQuery>,
) -> Result<Response, ApiError> {
    let (filter, _) = q.parse()?;
    let rows = state
        .store
        .cohort(&auth.who(), &filter, "cohort.export")
        .await?;
    audit_export(&state, &auth, "cohort.export.csv", &exported_ids(&rows)).await?;
    let csv = cohort_csv(&rows)?;
    Ok(attachment(
        "text/csv; charset=utf-8",
        "attachment; filename=\"cohort.csv\"",
        csv,
    ))
}

/// The ids of the courses an export hands out, for its audit row.
fn exported_ids(rows: &[casecourse_store::CourseRow]) -> String {
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    serde_json::json!({ "exported": ids }).to_string()
}

/// Records which courses an export handed out (the cohort read itself is
/// audited with its filters; the filters' result changes over time).
async fn audit_export(
    state: &AppState,
    auth: &Auth,
    action: &str,
    detail: &str,
) -> Result<(), ApiError> {
    Ok(state
        .store
        .audit(&auth.who(), action, "cohort", detail)
        .await?)
}

async fn cohort_fhir_export(
    State(state): State<AppState>,
    auth: Auth,
    Query(q): Query<ListQuery>,
) -> Result<Response, ApiError> {
    let (filter, _) = q.parse()?;
    let rows = state
        .store
        .cohort(&auth.who(), &filter, "cohort.export")
        .await?;
    let doc = cohort_fhir(&rows);
    audit_export(&state, &auth, "cohort.export.fhir", &doc.audit_detail()).await?;
    let json = serde_json::to_vec(&doc).map_err(|e| ApiError::Internal(e.to_string()))?;
    Ok(attachment(
        "application/json",
        "attachment; filename=\"cohort-fhir.json\"",
        json,
    ))
}

async fn cohort_survival(
    State(state): State<AppState>,
    auth: Auth,
    Query(q): Query<ListQuery>,
) -> Result<Json<serde_json::Value>, ApiError> {
    from_digests(&state, &auth, &q, "cohort.survival", |d| {
        serde_json::to_value(cohort_digest::survival(d))
    })
    .await
}

/// Audit filters.
#[derive(Deserialize, Default)]
pub struct AuditParams {
    username: Option<String>,
    target: Option<String>,
    limit: Option<i64>,
}

impl AuditParams {
    fn query(self) -> AuditQuery {
        AuditQuery {
            username: self.username.filter(|s| !s.is_empty()),
            target: self.target.filter(|s| !s.is_empty()),
            limit: self.limit,
        }
    }
}

async fn audit(
    State(state): State<AppState>,
    auth: Auth,
    Query(q): Query<AuditParams>,
) -> Result<Json<serde_json::Value>, ApiError> {
    auth.require_admin()?;
    let entries = state.store.audit_entries(&q.query()).await?;
    state
        .store
        .audit(&auth.who(), "audit.read", "audit", "")
        .await?;
    Ok(Json(serde_json::json!({ "entries": entries })))
}

async fn audit_csv(
    State(state): State<AppState>,
    auth: Auth,
    Query(q): Query<AuditParams>,
) -> Result<Response, ApiError> {
    auth.require_admin()?;
    let entries = state.store.audit_entries(&q.query()).await?;
    state
        .store
        .audit(&auth.who(), "audit.export", "audit", "")
        .await?;
    let mut w = csv::Writer::from_writer(Vec::new());
    let fail = |e: csv::Error| ApiError::Internal(e.to_string());
    w.write_record([
        "id", "at", "username", "action", "target", "remote", "detail",
    ])
    .map_err(fail)?;
    for e in entries {
        w.write_record([
            e.id.to_string(),
            e.at,
            crate::cohort::csv_safe(&e.username),
            e.action,
            crate::cohort::csv_safe(&e.target),
            e.remote,
            crate::cohort::csv_safe(&e.detail),
        ])
        .map_err(fail)?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    Ok(attachment(
        "text/csv; charset=utf-8",
        "attachment; filename=\"audit.csv\"",
        bytes,
    ))
}

async fn users(
    State(state): State<AppState>,
    auth: Auth,
) -> Result<Json<serde_json::Value>, ApiError> {
    auth.require_admin()?;
    Ok(Json(
        serde_json::json!({ "users": state.store.users().await? }),
    ))
}

/// A new account.
#[derive(Deserialize)]
pub struct NewUser {
    username: String,
    password: String,
    role: String,
}

async fn create_user(
    State(state): State<AppState>,
    auth: Auth,
    headers: HeaderMap,
    Json(body): Json<NewUser>,
) -> Result<Response, ApiError> {
    auth.require_admin()?;
    auth.check_csrf(csrf_header(&headers))?;
    let role = Role::parse(&body.role).ok_or_else(|| {
        ApiError::BadRequest(format!(
            "role {:?}: use admin, curator or viewer",
            body.role
        ))
    })?;
    let user = state
        .store
        .create_user(&auth.who(), &body.username, &body.password, role)
        .await?;
    Ok((StatusCode::CREATED, Json(user)).into_response())
}

/// A password change: the current password and the new one.
#[derive(Deserialize)]
pub struct PasswordChange {
    old_password: String,
    new_password: String,
}

/// Changes the session user's own password; a wrong old password counts
/// as a failed login for rate limiting.
pub async fn do_change_password(
    state: &AppState,
    auth: &Auth,
    old: &str,
    new: &str,
) -> Result<(), ApiError> {
    let username = &auth.session.user.username;
    let keys = [format!("ip:{}", auth.remote), format!("user:{username}")];
    let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
    if let Some(wait) = state.limiter.blocked(&keys) {
        return Err(ApiError::TooMany(wait));
    }
    let changed = state
        .store
        .change_password(&auth.who(), username, old, new, &auth.token)
        .await?;
    if changed {
        Ok(())
    } else {
        state.limiter.fail(&keys);
        Err(ApiError::Forbidden("the current password is wrong".into()))
    }
}

async fn change_password(
    State(state): State<AppState>,
    auth: Auth,
    headers: HeaderMap,
    Json(body): Json<PasswordChange>,
) -> Result<StatusCode, ApiError> {
    auth.check_csrf(csrf_header(&headers))?;
    do_change_password(&state, &auth, &body.old_password, &body.new_password).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// An admin's reset: the new password, to be changed at the next login.
#[derive(Deserialize)]
pub struct PasswordReset {
    password: String,
}

async fn reset_password(
    State(state): State<AppState>,
    auth: Auth,
    headers: HeaderMap,
    Path(username): Path<String>,
    Json(body): Json<PasswordReset>,
) -> Result<StatusCode, ApiError> {
    auth.require_admin()?;
    auth.check_csrf(csrf_header(&headers))?;
    state
        .store
        .reset_password(&auth.who(), &username, &body.password)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
