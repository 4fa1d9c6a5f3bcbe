//! The HTTP API: its shared state, its handlers, and its OpenAPI description, generated from
//! the handlers' types (utoipa) and completed with the JSON Schemas of the dossier (from the
//! policy set in use) and of the assessment (from the runtime's types).

pub mod assessments;
mod openapi;
pub mod policy;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::http::StatusCode;
use utoipa::openapi::{ObjectBuilder, RefOr, Schema};
use utoipa::{PartialSchema, ToSchema};

use motif_runtime::render::templates::Templates;

use crate::journal::{Journal, JournalError, Reader};
use crate::limits::Limits;
use crate::metrics::Metrics;
use crate::policy::{Policies, PolicySet};
use crate::problem::Problem;

pub use openapi::openapi;

/// What every request shares.
pub struct AppState {
    pub policies: Policies,
    pub journal: Journal,
    pub metrics: Metrics,
    pub limits: Limits,
    /// The bearer token requests must carry, if one was set.
    pub token: Option<String>,
    pub templates: Templates,
    /// A connection for reading the journal (the writer has its own).
    reader: Mutex<Option<Reader>>,
    /// Policy sets of the past, compiled again from the journal for replays, by hash.
    past_sets: Mutex<HashMap<String, Arc<PolicySet>>>,
}

impl AppState {
    pub fn new(
        policies: Policies,
        journal: Journal,
        limits: Limits,
        token: Option<String>,
    ) -> Self {
        AppState {
            policies,
            journal,
            metrics: Metrics::default(),
            limits,
            token,
            templates: Templates::builtin(),
            reader: Mutex::new(None),
            past_sets: Mutex::new(HashMap::new()),
        }
    }

    /// Runs `read` on the journal's reading connection (opened on first use). Blocking: call
    /// it from [`blocking`].
    pub fn read<T>(
        &self,
        read: impl FnOnce(&Reader) -> Result<T, JournalError>,
    ) -> Result<T, Problem> {
        let mut guard = self
            .reader
            .lock()
            .map_err(|_| Problem::internal("le lecteur du journal est hors d'usage"))?;
        if guard.is_none() {
            *guard = Some(Reader::open(self.journal.path()).map_err(journal_problem)?);
        }
        match guard.as_ref() {
            Some(reader) => read(reader).map_err(journal_problem),
            None => Err(Problem::internal("le journal n'a pas pu être ouvert")),
        }
    }

    /// The policy set an assessment of the past was given with: the current one if it is the
    /// same, else compiled again from the sources the journal kept.
    pub async fn set_of_the_time(self: &Arc<Self>, hash: &str) -> Result<Arc<PolicySet>, Problem> {
        let current = self.policies.current();
        if current.hash() == hash {
            return Ok(current);
        }
        if let Some(set) = self
            .past_sets
            .lock()
            .ok()
            .and_then(|s| s.get(hash).cloned())
        {
            return Ok(set);
        }
        let (state, wanted) = (Arc::clone(self), hash.to_string());
        let set = blocking(move || {
            let sources = state.read(|r| r.sources(&wanted))?.ok_or_else(|| {
                Problem::internal(format!(
                    "les sources du jeu de règles {wanted} manquent au journal"
                ))
            })?;
            state.policies.compile(sources).map_err(|rejected| {
                Problem::internal(format!(
                    "le jeu de règles {wanted} ne se compile plus : {}",
                    rejected.message
                ))
            })
        })
        .await??;
        let set = Arc::new(set);
        if let Ok(mut past) = self.past_sets.lock() {
            past.insert(hash.to_string(), Arc::clone(&set));
        }
        Ok(set)
    }
}

fn journal_problem(error: JournalError) -> Problem {
    Problem::new(
        StatusCode::SERVICE_UNAVAILABLE,
        "journal-unavailable",
        "Journal indisponible",
        error.to_string(),
    )
}

/// Runs CPU-bound or blocking work off the async threads.
pub async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, Problem> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| Problem::internal(format!("le travail s'est interrompu : {e}")))
}

/// A dossier, as `motif assess` reads it; its full schema depends on the policy set, and is
/// put in place of this one when the description is served (see `GET /v1/schema/dossier`).
pub struct DossierBody;

impl PartialSchema for DossierBody {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .description(Some("Un dossier (voir GET /v1/schema/dossier)."))
            .into()
    }
}

impl ToSchema for DossierBody {
    fn name() -> std::borrow::Cow<'static, str> {
        "Dossier".into()
    }
}

/// The assessment contract; its full schema comes from the runtime's types.
pub struct AssessmentBody;

impl PartialSchema for AssessmentBody {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .description(Some("L'évaluation, avec son reçu."))
            .into()
    }
}

impl ToSchema for AssessmentBody {
    fn name() -> std::borrow::Cow<'static, str> {
        "Assessment".into()
    }
}
