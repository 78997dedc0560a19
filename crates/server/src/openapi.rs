//! The OpenAPI 3.1 document of the API, built with utoipa from one route
//! table (the same table the route test walks).

use utoipa::openapi::path::{HttpMethod, OperationBuilder, Paths};
use utoipa::openapi::{Info, OpenApi, ResponseBuilder};

/// One API route: method, path under `/api/v1`, who may call it, summary.
pub struct RouteDoc {
    /// HTTP method.
    pub method: &'static str,
    /// Path with `{id}` parameters.
    pub path: &'static str,
    /// `public`, `any` (logged in), `writer` (curator or admin), `admin`.
    pub access: &'static str,
    /// What it does.
    pub summary: &'static str,
}

/// Every API route.
pub const ROUTES: &[RouteDoc] = &[
    RouteDoc {
        method: "GET",
        path: "/openapi.json",
        access: "public",
        summary: "This document.",
    },
    RouteDoc {
        method: "POST",
        path: "/auth/login",
        access: "public",
        summary: "Log in with {username, password}; sets the session cookie and returns {token, csrf_token, user}. Rate-limited (429).",
    },
    RouteDoc {
        method: "POST",
        path: "/auth/logout",
        access: "any",
        summary: "End the session.",
    },
    RouteDoc {
        method: "GET",
        path: "/me",
        access: "any",
        summary: "The logged-in user and the session's CSRF token.",
    },
    RouteDoc {
        method: "POST",
        path: "/me/password",
        access: "any",
        summary: "Change your own password: {old_password, new_password} (8 characters or more). Ends your other sessions. An account with a one-time or reset password gets 403 on every other route until it does this.",
    },
    RouteDoc {
        method: "GET",
        path: "/courses",
        access: "any",
        summary: "List courses: q, antibody, drug, diagnosis, outcome, biomarker + above, limit, offset.",
    },
    RouteDoc {
        method: "POST",
        path: "/courses",
        access: "writer",
        summary: "Create a course from {text} (extracted) or {course} (a course JSON); optional title, name.",
    },
    RouteDoc {
        method: "GET",
        path: "/courses/{id}",
        access: "any",
        summary: "A course, ?view=curated (default) or extracted; with version and accepted_facts.",
    },
    RouteDoc {
        method: "DELETE",
        path: "/courses/{id}",
        access: "writer",
        summary: "Hide a course (?version=N); history is kept.",
    },
    RouteDoc {
        method: "GET",
        path: "/courses/{id}/corrections",
        access: "any",
        summary: "Every correction: who, when, what (fact before and after).",
    },
    RouteDoc {
        method: "PUT",
        path: "/courses/{id}/index-date",
        access: "writer",
        summary: "Set the calendar date of the course's index event (day 0), which FHIR export needs: {version, date: \"YYYY-MM-DD\"}; date null or \"\" clears it. A curation: the extraction is kept. 409 when version is stale.",
    },
    RouteDoc {
        method: "POST",
        path: "/courses/{id}/facts",
        access: "writer",
        summary: "Add a fact: {version, fact}. 409 when version is stale.",
    },
    RouteDoc {
        method: "PUT",
        path: "/courses/{id}/facts/{fact}",
        access: "writer",
        summary: "Correct a fact: {version, fact}. 409 when version is stale.",
    },
    RouteDoc {
        method: "DELETE",
        path: "/courses/{id}/facts/{fact}",
        access: "writer",
        summary: "Delete a fact (?version=N). 409 when version is stale.",
    },
    RouteDoc {
        method: "POST",
        path: "/courses/{id}/facts/{fact}/accept",
        access: "writer",
        summary: "Accept a fact as extracted: {version}.",
    },
    RouteDoc {
        method: "GET",
        path: "/cohort",
        access: "any",
        summary: "Cohort summary (same filters as /courses): counts, regimens, outcomes, antibodies, diagnoses, biomarker distributions.",
    },
    RouteDoc {
        method: "GET",
        path: "/cohort.csv",
        access: "any",
        summary: "Cohort export: one CSV row per curated fact.",
    },
    RouteDoc {
        method: "GET",
        path: "/cohort/fhir",
        access: "any",
        summary: "Cohort export as FHIR R4: {format, courses, bundles: [{course_id, title, bundle}], refused: [{course_id, title, reason}]}. A course whose relative times need an index date it lacks is refused with the reason, never dropped.",
    },
    RouteDoc {
        method: "GET",
        path: "/cohort/survival",
        access: "any",
        summary: "Kaplan-Meier survival (death; others censored at their last fact) by FLAIR risk group: {groups: [{group, subjects, events, last_time, steps: [{time, at_risk, events, censored, survival, std_err, lower, upper}]}], excluded}. std_err is Greenwood's; lower and upper bound the 95% confidence interval on the log(-log S) scale; all three are null where survival is 0.",
    },
    RouteDoc {
        method: "GET",
        path: "/audit",
        access: "admin",
        summary: "The audit log, newest first (username, target, limit).",
    },
    RouteDoc {
        method: "GET",
        path: "/audit.csv",
        access: "admin",
        summary: "The audit log as CSV.",
    },
    RouteDoc {
        method: "GET",
        path: "/users",
        access: "admin",
        summary: "Accounts.",
    },
    RouteDoc {
        method: "POST",
        path: "/users",
        access: "admin",
        summary: "Create an account: {username, password, role}.",
    },
    RouteDoc {
        method: "POST",
        path: "/users/{username}/password",
        access: "admin",
        summary: "Reset an account's password: {password}. The user must change it at the next login; their sessions end.",
    },
];

fn method(m: &str) -> HttpMethod {
    match m {
        "POST" => HttpMethod::Post,
        "PUT" => HttpMethod::Put,
        "DELETE" => HttpMethod::Delete,
        _ => HttpMethod::Get,
    }
}

/// The OpenAPI document.
pub fn openapi() -> OpenApi {
    let mut paths = Paths::new();
    for r in ROUTES {
        let mut op = OperationBuilder::new()
            .summary(Some(r.summary))
            .tag(r.access)
            .response("200", ResponseBuilder::new().description("OK").build());
        if r.access != "public" {
            op = op.response(
                "401",
                ResponseBuilder::new().description("No session").build(),
            );
        }
        if r.access == "writer" || r.access == "admin" {
            op = op.response(
                "403",
                ResponseBuilder::new()
                    .description("Role may not do this, or CSRF token missing")
                    .build(),
            );
        }
        // Versioned edits of a course.
        if r.path.contains("/facts") || r.path.ends_with("/index-date") {
            op = op.response(
                "409",
                ResponseBuilder::new().description("Stale version").build(),
            );
        }
        paths.add_path_operation(
            format!("/api/v1{}", r.path),
            vec![method(r.method)],
            op.build(),
        );
    }
    let mut info = Info::new("casecourse registry API", env!("CARGO_PKG_VERSION"));
    info.description = Some(
        "Clinical courses, their curation and cohort views. casecourse supports decisions; it never makes them."
            .into(),
    );
    OpenApi::new(info, paths)
}
