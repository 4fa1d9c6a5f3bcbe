//! Errors as RFC 9457 problem details (`application/problem+json`): a type, a title in plain
//! words, the status, what went wrong in this request, and for a dossier every problem found
//! with its JSON path.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

use motif_runtime::DossierErrors;

/// A problem with a request, or with the service.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Problem {
    /// Identifies the kind of problem (`urn:motif:problem:…`).
    #[serde(rename = "type", serialize_with = "urn")]
    #[schema(value_type = String)]
    pub kind: &'static str,
    /// The kind of problem, in a few words.
    pub title: &'static str,
    /// The HTTP status.
    pub status: u16,
    /// What went wrong in this request.
    pub detail: String,
    /// What to do about it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<&'static str>,
    /// Every problem found in the dossier, each at its JSON path.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldProblem>,
    /// A compiler's diagnostics (a policy set that was refused), as text.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>)]
    pub diagnostics: Option<Box<String>>,
}

/// Problem types are URNs: `urn:motif:problem:` and the kind.
fn urn<S: serde::Serializer>(kind: &&'static str, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_str(&format_args!("urn:motif:problem:{kind}"))
}

/// One problem in the dossier.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FieldProblem {
    /// Where, as a JSON path (`$.facts.mariage.transcrit`).
    pub path: String,
    pub detail: String,
}

impl Problem {
    pub fn new(
        status: StatusCode,
        kind: &'static str,
        title: &'static str,
        detail: impl Into<String>,
    ) -> Problem {
        Problem {
            kind,
            title,
            status: status.as_u16(),
            detail: detail.into(),
            hint: None,
            errors: Vec::new(),
            diagnostics: None,
        }
    }

    pub fn hint(mut self, hint: &'static str) -> Problem {
        self.hint = Some(hint);
        self
    }

    /// A dossier that does not decode: 400 when it is not JSON at all (or nested beyond the
    /// limit), 413 when it is larger than the runtime's limit, 422 otherwise.
    pub fn dossier(errors: &DossierErrors) -> Problem {
        use motif_runtime::dossier::Problem as P;
        let any = |f: fn(&P) -> bool| errors.0.iter().any(|e| f(&e.problem));
        let (status, kind, title) = if any(|p| matches!(p, P::Syntax { .. } | P::NotUtf8 { .. })) {
            (StatusCode::BAD_REQUEST, "malformed-json", "JSON invalide")
        } else if any(|p| matches!(p, P::TooDeep { .. })) {
            (StatusCode::BAD_REQUEST, "too-deep", "JSON trop imbriqué")
        } else if any(|p| matches!(p, P::TooLarge { .. })) {
            (
                StatusCode::PAYLOAD_TOO_LARGE,
                "too-large",
                "Requête trop grande",
            )
        } else {
            (
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid-dossier",
                "Dossier invalide",
            )
        };
        let count = errors.0.len();
        let mut problem = Problem::new(
            status,
            kind,
            title,
            format!("{count} problème(s) dans le dossier"),
        )
        .hint("Le schéma du dossier est servi par GET /v1/schema/dossier.");
        problem.errors = errors
            .0
            .iter()
            .map(|e| FieldProblem {
                path: e.path.clone(),
                detail: e.to_string(),
            })
            .collect();
        problem
    }

    pub fn not_found(detail: impl Into<String>) -> Problem {
        Problem::new(StatusCode::NOT_FOUND, "not-found", "Introuvable", detail)
    }

    pub fn internal(detail: impl Into<String>) -> Problem {
        Problem::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "Erreur du service",
            detail,
        )
    }

    pub fn status(&self) -> StatusCode {
        StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let status = self.status();
        let body = serde_json::to_string(&self).unwrap_or_default();
        let mut response = (status, body).into_response();
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        if status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"motif\""),
            );
        }
        response
    }
}
