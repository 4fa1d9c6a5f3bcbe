//! The server: routes, the layers every request goes through (token, time limit, metrics,
//! panics), and the process around them (signals, graceful shutdown).

use std::future::Future;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use axum::Router;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use tower_http::catch_panic::CatchPanicLayer;

use crate::api::{self, AppState, assessments, policy};
use crate::journal::{Journal, JournalError};
use crate::limits::Limits;
use crate::policy::{Compiler, Policies, Rejected};
use crate::problem::Problem;

/// How `motif serve` was asked to run.
#[derive(Debug, Clone)]
pub struct Config {
    pub policies: PathBuf,
    pub addr: SocketAddr,
    pub journal: PathBuf,
    pub token: Option<String>,
    pub limits: Limits,
}

/// Why the service could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("le jeu de règles ne se charge pas : {}", .0.message)]
    Policies(Rejected),
    #[error(transparent)]
    Journal(#[from] JournalError),
    #[error(
        "{addr} n'est pas une adresse locale : sans jeton, le service n'écoute que sur la \
         boucle locale (127.0.0.1 ou ::1) ; donnez --token-file pour l'ouvrir au réseau"
    )]
    PublicWithoutToken { addr: SocketAddr },
    #[error("impossible d'écouter sur {addr} : {error}")]
    Bind {
        addr: SocketAddr,
        error: std::io::Error,
    },
    #[error("le service s'est arrêté : {0}")]
    Serve(std::io::Error),
}

/// Loads the policy set, opens the journal and keeps the set's sources in it.
pub fn prepare(config: &Config, compiler: Arc<dyn Compiler>) -> Result<Arc<AppState>, StartError> {
    if !config.addr.ip().is_loopback() && config.token.is_none() {
        return Err(StartError::PublicWithoutToken { addr: config.addr });
    }
    let policies = Policies::load(&config.policies, compiler).map_err(StartError::Policies)?;
    let journal = Journal::open(&config.journal)?;
    let set = policies.current();
    journal.keep_sources(set.hash(), &set.sources)?;
    Ok(Arc::new(AppState::new(
        policies,
        journal,
        config.limits,
        config.token.clone(),
    )))
}

/// Every route of the API.
pub fn router(state: Arc<AppState>) -> Router {
    Router::new()
        .route("/v1/assessments", post(assessments::create))
        .route("/v1/assessments/{id}", get(assessments::get))
        .route("/v1/assessments/{id}/replay", post(assessments::replay_one))
        .route("/v1/policy", get(policy::info))
        .route("/v1/policy/reload", post(policy::reload))
        .route("/v1/schema/dossier", get(policy::dossier_schema))
        .route("/openapi.json", get(api::openapi))
        .route("/healthz", get(policy::health))
        .route("/metrics", get(policy::metrics))
        .route_layer(middleware::from_fn_with_state(
            Arc::clone(&state),
            authorize,
        ))
        .route_layer(middleware::from_fn_with_state(Arc::clone(&state), observe))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(CatchPanicLayer::custom(|_| {
            Problem::internal(
                "le service a rencontré une erreur interne ; la requête n'a rien changé",
            )
            .into_response()
        }))
        .with_state(state)
}

/// Serves `router` on `listener` until `shutdown` completes; requests in flight finish.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: Arc<AppState>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, router(state))
        .with_graceful_shutdown(shutdown)
        .await
}

/// Runs the service until SIGTERM or Ctrl-C; SIGHUP reloads the policy set. `ready` is told
/// the address listened on (useful with port 0).
pub fn run(
    config: &Config,
    compiler: Arc<dyn Compiler>,
    ready: impl FnOnce(SocketAddr, &AppState),
    log: impl Fn(String) + Send + Sync + 'static,
) -> Result<(), StartError> {
    let state = prepare(config, compiler)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(StartError::Serve)?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(config.addr)
            .await
            .map_err(|error| StartError::Bind {
                addr: config.addr,
                error,
            })?;
        let addr = listener.local_addr().map_err(StartError::Serve)?;
        ready(addr, &state);
        let log = Arc::new(log);
        tokio::spawn(reload_on_hangup(Arc::clone(&state), Arc::clone(&log)));
        serve(listener, state, stop_signal())
            .await
            .map_err(StartError::Serve)
    })
}

#[cfg(unix)]
async fn reload_on_hangup(state: Arc<AppState>, log: Arc<impl Fn(String) + Send + Sync>) {
    use tokio::signal::unix::{SignalKind, signal};
    let Ok(mut hangups) = signal(SignalKind::hangup()) else {
        log("SIGHUP ne peut pas être écouté : rechargez par POST /v1/policy/reload".into());
        return;
    };
    while hangups.recv().await.is_some() {
        match policy::reload_now(&state).await {
            Ok(r) if r.changed => log(format!(
                "jeu de règles rechargé : {} → {}",
                r.previous, r.current
            )),
            Ok(r) => log(format!("jeu de règles relu, inchangé ({})", r.current)),
            Err(problem) => log(format!(
                "jeu de règles refusé : {}\n{}",
                problem.detail,
                problem.diagnostics.map(|d| *d).unwrap_or_default()
            )),
        }
    }
}

#[cfg(not(unix))]
async fn reload_on_hangup(_state: Arc<AppState>, _log: Arc<impl Fn(String) + Send + Sync>) {}

async fn stop_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        if let Ok(mut terminate) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = terminate.recv() => {}
                _ = tokio::signal::ctrl_c() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}

/// Requires the bearer token, when one was set, on every route but `/healthz`.
async fn authorize(State(state): State<Arc<AppState>>, request: Request, next: Next) -> Response {
    let Some(token) = &state.token else {
        return next.run(request).await;
    };
    if request.uri().path() == "/healthz" {
        return next.run(request).await;
    }
    let given = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    match given {
        Some(given) if same(given.trim().as_bytes(), token.as_bytes()) => next.run(request).await,
        Some(_) => Problem::new(
            StatusCode::UNAUTHORIZED,
            "bad-token",
            "Jeton refusé",
            "le jeton donné n'est pas celui du service",
        )
        .into_response(),
        None => Problem::new(
            StatusCode::UNAUTHORIZED,
            "token-required",
            "Jeton requis",
            "ce service demande un jeton : en-tête Authorization: Bearer …",
        )
        .into_response(),
    }
}

/// Compares in a time that does not depend on where the texts differ.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Bounds the request's time and counts it.
async fn observe(
    State(state): State<Arc<AppState>>,
    matched: Option<MatchedPath>,
    request: Request,
    next: Next,
) -> Response {
    let endpoint = endpoint(matched.as_ref().map(MatchedPath::as_str));
    let limit = state.limits.request_time;
    let response = match tokio::time::timeout(limit, next.run(request)).await {
        Ok(response) => response,
        Err(_) => Problem::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "timeout",
            "Délai dépassé",
            format!("la requête a duré plus de {} s", limit.as_secs_f64()),
        )
        .hint("Réessayez ; si cela se répète, signalez-le à l'exploitant du service.")
        .into_response(),
    };
    state.metrics.request(endpoint, response.status().as_u16());
    response
}

/// The route's pattern, as a static label for the metrics.
fn endpoint(pattern: Option<&str>) -> &'static str {
    const KNOWN: [&str; 9] = [
        "/v1/assessments",
        "/v1/assessments/{id}",
        "/v1/assessments/{id}/replay",
        "/v1/policy",
        "/v1/policy/reload",
        "/v1/schema/dossier",
        "/openapi.json",
        "/healthz",
        "/metrics",
    ];
    pattern
        .and_then(|p| KNOWN.iter().find(|k| **k == p).copied())
        .unwrap_or("other")
}

async fn not_found(request: Request) -> Problem {
    Problem::not_found(format!("aucune ressource à {}", request.uri().path()))
        .hint("La description de l'API est servie par GET /openapi.json.")
}

async fn method_not_allowed(request: Request) -> Problem {
    Problem::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "method-not-allowed",
        "Méthode non permise",
        format!(
            "{} n'est pas permis sur {}",
            request.method(),
            request.uri().path()
        ),
    )
    .hint("La description de l'API est servie par GET /openapi.json.")
}
