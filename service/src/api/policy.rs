//! The policy set in use: what it holds, its dossier schema, its reload; and the service's
//! health and metrics.

use std::sync::Arc;

use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

use super::AppState;
use crate::clock;
use crate::policy::{PolicySet, Rejected};
use crate::problem::Problem;

/// The policy set in use.
#[derive(Debug, Serialize, ToSchema)]
pub struct PolicyInfo {
    /// Its fingerprint, as receipts name it.
    pub hash: String,
    /// When it was loaded (UTC).
    pub loaded_at: String,
    pub articles: Vec<ArticleInfo>,
    pub routes: Vec<RouteInfo>,
    pub parameters: Vec<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ArticleInfo {
    /// `L. 423-1`.
    pub id: String,
    pub title: Option<String>,
    pub versions: Vec<VersionInfo>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct VersionInfo {
    /// In force from (YYYY-MM-DD).
    pub from: String,
    /// In force until, excluded (YYYY-MM-DD), if it ended.
    pub until: Option<String>,
    pub repealed: bool,
    /// The Légifrance identifier of the version, if known.
    pub legifrance: Option<String>,
    /// What the authors marked as still to be checked.
    pub to_check: Vec<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RouteInfo {
    pub name: String,
    /// The article that opens it.
    pub article: String,
}

/// A reload's result.
#[derive(Debug, Serialize, ToSchema)]
pub struct Reloaded {
    /// The set in use before.
    pub previous: String,
    /// The set in use now.
    pub current: String,
    /// Whether the sources changed at all.
    pub changed: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Health {
    /// `ok`.
    pub status: String,
    pub policy_set: String,
}

impl PolicyInfo {
    pub fn of(set: &PolicySet) -> PolicyInfo {
        let program = &set.program;
        PolicyInfo {
            hash: set.hash().to_string(),
            loaded_at: clock::utc(set.loaded_at_ms),
            articles: program
                .articles
                .iter()
                .map(|a| ArticleInfo {
                    id: a.id.clone(),
                    title: a.title.clone(),
                    versions: a
                        .versions
                        .iter()
                        .map(|v| VersionInfo {
                            from: v.in_force.from.to_string(),
                            until: v.in_force.until.map(|d| d.to_string()),
                            repealed: v.repealed,
                            legifrance: v.legifrance.clone(),
                            to_check: v.to_check.clone(),
                        })
                        .collect(),
                })
                .collect(),
            routes: program
                .routes
                .iter()
                .map(|r| RouteInfo {
                    name: r.name.clone(),
                    article: program
                        .articles
                        .get(r.article.0 as usize)
                        .map(|a| a.id.clone())
                        .unwrap_or_default(),
                })
                .collect(),
            parameters: program.parameters.iter().map(|p| p.name.clone()).collect(),
        }
    }
}

/// The policy set in use: its hash, its articles and their versions, its routes.
#[utoipa::path(
    get, path = "/v1/policy", tag = "policy",
    responses((status = 200, description = "The policy set in use.", body = PolicyInfo)),
    security(("bearer" = []))
)]
pub async fn info(State(state): State<Arc<AppState>>) -> axum::Json<PolicyInfo> {
    axum::Json(PolicyInfo::of(&state.policies.current()))
}

/// Reads and compiles the policy directory again; the new set replaces the old one
/// atomically (requests in flight finish on the old one). A set that does not compile is
/// refused with its diagnostics, and the old one stays.
#[utoipa::path(
    post, path = "/v1/policy/reload", tag = "policy",
    responses(
        (status = 200, description = "The new set is in use.", body = Reloaded),
        (status = 422, description = "The new set does not compile: the old one stays.", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn reload(State(state): State<Arc<AppState>>) -> Result<axum::Json<Reloaded>, Problem> {
    reload_now(&state).await.map(axum::Json)
}

/// Reloads (for the endpoint and for SIGHUP).
pub async fn reload_now(state: &Arc<AppState>) -> Result<Reloaded, Problem> {
    let previous = state.policies.current().hash().to_string();
    let journal_state = Arc::clone(state);
    let keep = move |set: &PolicySet| {
        journal_state
            .journal
            .keep_sources(set.hash(), &set.sources)
            .map_err(|e| Rejected {
                message: e.to_string(),
                diagnostics: String::new(),
            })
    };
    let set = match state.policies.reload(keep).await {
        Ok(set) => set,
        Err(rejected) => {
            state.metrics.reload(false);
            let mut problem = Problem::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "policy-refused",
                "Jeu de règles refusé",
                format!(
                    "{} ; le jeu de règles {previous} reste en service",
                    rejected.message
                ),
            )
            .hint("Corrigez les erreurs signalées (motif check), puis rechargez.");
            problem.diagnostics = Some(Box::new(rejected.diagnostics));
            return Err(problem);
        }
    };
    state.metrics.reload(true);
    Ok(Reloaded {
        changed: previous != set.hash(),
        previous,
        current: set.hash().to_string(),
    })
}

/// The JSON Schema of the dossier the policy set in use reads.
#[utoipa::path(
    get, path = "/v1/schema/dossier", tag = "policy",
    responses((status = 200, description = "A JSON Schema (2020-12).", body = Object)),
    security(("bearer" = []))
)]
pub async fn dossier_schema(State(state): State<Arc<AppState>>) -> axum::Json<serde_json::Value> {
    axum::Json(motif_runtime::schema::dossier(
        &state.policies.current().program,
    ))
}

/// Whether the service is up, and with which policy set (no token needed).
#[utoipa::path(
    get, path = "/healthz", tag = "service",
    responses((status = 200, description = "Up.", body = Health))
)]
pub async fn health(State(state): State<Arc<AppState>>) -> axum::Json<Health> {
    axum::Json(Health {
        status: "ok".into(),
        policy_set: state.policies.current().hash().to_string(),
    })
}

/// Counters in the Prometheus text format.
#[utoipa::path(
    get, path = "/metrics", tag = "service",
    responses((status = 200, description = "Prometheus text format.", body = String, content_type = "text/plain")),
    security(("bearer" = []))
)]
pub async fn metrics(State(state): State<Arc<AppState>>) -> Response {
    let text = state.metrics.render(state.policies.current().hash());
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        text,
    )
        .into_response()
}
