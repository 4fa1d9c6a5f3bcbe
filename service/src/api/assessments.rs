//! `POST /v1/assessments`, `GET /v1/assessments/{id}`, `POST /v1/assessments/{id}/replay`.

use std::sync::Arc;
use std::time::Instant;

use axum::body::Body;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use motif_runtime::render::words::Lang;
use motif_runtime::replay::{Kept, differences, reassess, replay};
use motif_runtime::{Assessment, Date, DatesProblem, GivenDates, assess, decode_dossier, render};

use super::{AppState, AssessmentBody, DossierBody, blocking};
use crate::journal::Entry;
use crate::limits::exceeds_depth;
use crate::policy::PolicySet;
use crate::problem::{FieldProblem, Problem};

/// The header that carries the journal id of a new assessment (also in `Location`).
pub const ID_HEADER: &str = "motif-assessment-id";

/// The form of the answer.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    /// The JSON contract, with its receipt (the default).
    #[default]
    Json,
    /// The applicant's letter, as text.
    Letter,
    /// The applicant's letter, as an HTML page.
    LetterHtml,
    /// The officer's view, as text.
    Officer,
    /// The officer's view, as an HTML page.
    OfficerHtml,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum LangParam {
    #[default]
    Fr,
    En,
}

/// How to assess and what to answer.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AssessParams {
    /// The decision date (YYYY-MM-DD); otherwise the dossier's `decided_on`.
    pub decided_on: Option<String>,
    /// The filing date (YYYY-MM-DD); otherwise the dossier's `filed_on`.
    pub filed_on: Option<String>,
    #[param(inline)]
    pub format: Option<Format>,
    /// The letter's language; the officer's view and the JSON are in French.
    #[param(inline)]
    pub lang: Option<LangParam>,
}

/// Which policy set a replay uses.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReplayParams {
    /// `journal` (the default): the exact set of the time, from the journal; `current`: the
    /// set in use now, to see what a change of the rules would change.
    pub against: Option<String>,
}

/// A replay's verdict.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReplayReport {
    /// The assessment replayed (its journal id).
    pub id: String,
    /// The policy set it was replayed with.
    pub policy_set: String,
    /// Whether the replay gives the kept assessment, byte for byte.
    pub identical: bool,
    /// What changed, in words (empty when identical).
    pub differences: Vec<String>,
    /// The assessment as replayed.
    #[schema(value_type = Object)]
    pub assessment: serde_json::Value,
}

/// Assesses a dossier against the current policy set; the assessment is journaled before
/// it is returned.
#[utoipa::path(
    post, path = "/v1/assessments", tag = "assessments",
    params(AssessParams),
    request_body(content = DossierBody, content_type = "application/json"),
    responses(
        (status = 200, description = "The assessment (or its rendering, as `format` asks), with its receipt; `Location` and the `motif-assessment-id` header give its journal id.", body = AssessmentBody,
            headers(("location" = String, description = "/v1/assessments/{id}"), ("motif-assessment-id" = String, description = "The journal id."))),
        (status = 400, description = "Not JSON, too deep, or a bad parameter.", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "A token is required.", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "The body is too large.", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The dossier does not match the policy set's facts (each problem with its JSON path), or has no decision date.", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The journal cannot keep the assessment, or it took too long: nothing was given.", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn create(
    State(state): State<Arc<AppState>>,
    params: Result<Query<AssessParams>, QueryRejection>,
    body: Body,
) -> Result<Response, Problem> {
    let started = Instant::now();
    let Query(params) = params.map_err(bad_query)?;
    form(&params)?;
    let given = given_dates(&params)?;
    let limits = state.limits;
    let bytes = axum::body::to_bytes(body, limits.body_bytes)
        .await
        .map_err(|_| {
            Problem::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "too-large",
                "Requête trop grande",
                format!("le corps dépasse {} octets", limits.body_bytes),
            )
            .hint("Un dossier pèse quelques kilo-octets : vérifiez ce qui est envoyé.")
        })?;
    if exceeds_depth(&bytes, limits.json_depth) {
        return Err(Problem::new(
            StatusCode::BAD_REQUEST,
            "too-deep",
            "JSON trop imbriqué",
            format!(
                "le JSON dépasse {} niveaux d'imbrication",
                limits.json_depth
            ),
        )
        .hint("Un dossier n'a que quelques niveaux : enveloppe, faits, groupes, listes."));
    }
    let text = String::from_utf8(bytes.to_vec()).map_err(|e| {
        Problem::dossier(&motif_runtime::DossierErrors(vec![
            motif_runtime::DossierError {
                path: "$".into(),
                problem: motif_runtime::dossier::Problem::NotUtf8 {
                    offset: e.utf8_error().valid_up_to(),
                },
            },
        ]))
    })?;
    let policies = state.policies.current();
    let (set, request) = (Arc::clone(&policies), text.clone());
    let assessment = blocking(move || assess_text(&set, &request, given)).await??;
    let json = render::json(&assessment);
    let id = crate::journal::new_id(&assessment.receipt.id);
    let entry = Entry {
        id: id.clone(),
        receipt: assessment.receipt.id.clone(),
        at_ms: crate::clock::now_ms(),
        policy_set: policies.hash().to_string(),
        dossier: assessment.dossier.clone(),
        decided_on: assessment.decided_on.to_string(),
        request: text,
        assessment: json.clone(),
        outcomes: outcomes_line(&assessment),
    };
    state.journal.record(entry).await.map_err(|e| {
        Problem::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "journal-unavailable",
            "Journal indisponible",
            format!("l'évaluation n'a pas été donnée, faute d'être gardée : {e}"),
        )
        .hint("Réessayez plus tard ; l'exploitant du service doit vérifier le journal.")
    })?;
    state.metrics.assessment(
        assessment.routes.iter().map(|r| r.outcome),
        started.elapsed(),
    );
    let location = format!("/v1/assessments/{id}");
    let mut response = rendering(&assessment, &policies, &state, &params, json)?;
    if let (Ok(location), Ok(id)) = (HeaderValue::from_str(&location), HeaderValue::from_str(&id)) {
        response.headers_mut().insert(header::LOCATION, location);
        response.headers_mut().insert(ID_HEADER, id);
    }
    Ok(response)
}

/// An assessment from the journal, as it was given (or rendered again, with the exact policy
/// set of the time, when `format` asks for a letter or the officer's view).
#[utoipa::path(
    get, path = "/v1/assessments/{id}", tag = "assessments",
    params(("id" = String, Path, description = "The journal id (from `Location` or the `motif-assessment-id` header)."), AssessParams),
    responses(
        (status = 200, description = "The assessment, as it was given.", body = AssessmentBody),
        (status = 404, description = "No such assessment in the journal.", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn get(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    params: Result<Query<AssessParams>, QueryRejection>,
) -> Result<Response, Problem> {
    let Query(params) = params.map_err(bad_query)?;
    form(&params)?;
    let reader_state = Arc::clone(&state);
    let wanted = id.clone();
    let entry = blocking(move || reader_state.read(|r| r.get(&wanted)))
        .await??
        .ok_or_else(|| Problem::not_found(format!("aucune évaluation {id} dans le journal")))?;
    if params.format.unwrap_or_default() == Format::Json {
        return Ok(json_response(entry.assessment));
    }
    let set = state.set_of_the_time(&entry.policy_set).await?;
    let (_, kept) = kept(&entry.assessment)?;
    let program_set = Arc::clone(&set);
    let assessment = blocking(move || reassess(&program_set.program, &kept))
        .await?
        .map_err(|e| Problem::internal(format!("l'entrée gardée ne se relit pas : {e}")))?;
    let json = render::json(&assessment);
    rendering(&assessment, &set, &state, &params, json)
}

/// Assesses a journaled dossier again and says whether the result is the same.
#[utoipa::path(
    post, path = "/v1/assessments/{id}/replay", tag = "assessments",
    params(("id" = String, Path, description = "The journal id."), ReplayParams),
    responses(
        (status = 200, description = "The replay's verdict.", body = ReplayReport),
        (status = 404, description = "No such assessment in the journal.", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn replay_one(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    params: Result<Query<ReplayParams>, QueryRejection>,
) -> Result<Response, Problem> {
    let Query(params) = params.map_err(bad_query)?;
    let reader_state = Arc::clone(&state);
    let wanted = id.clone();
    let entry = blocking(move || reader_state.read(|r| r.get(&wanted)))
        .await??
        .ok_or_else(|| Problem::not_found(format!("aucune évaluation {id} dans le journal")))?;
    let set = match params.against.as_deref() {
        None | Some("journal") => state.set_of_the_time(&entry.policy_set).await?,
        Some("current") => state.policies.current(),
        Some(other) => {
            return Err(Problem::new(
                StatusCode::BAD_REQUEST,
                "bad-parameter",
                "Paramètre invalide",
                format!("against={other} : attendu journal ou current"),
            ));
        }
    };
    let (stored, kept) = kept(&entry.assessment)?;
    let program_set = Arc::clone(&set);
    let replayed_text = blocking(move || replay(&program_set.program, &kept))
        .await?
        .map_err(|e| Problem::internal(format!("l'entrée gardée ne se relit pas : {e}")))?;
    let replayed: serde_json::Value = serde_json::from_str(&replayed_text).unwrap_or_default();
    let identical = replayed_text.trim_end() == entry.assessment.trim_end();
    let report = ReplayReport {
        id,
        policy_set: set.hash().to_string(),
        identical,
        differences: if identical {
            Vec::new()
        } else {
            differences(&stored, &replayed)
        },
        assessment: replayed,
    };
    Ok(axum::Json(report).into_response())
}

/// The dates given as parameters, which take precedence over the dossier's.
fn given_dates(params: &AssessParams) -> Result<GivenDates, Problem> {
    let date = |name: &str, text: &Option<String>| -> Result<Option<Date>, Problem> {
        text.as_deref()
            .map(|t| {
                t.parse::<Date>().map_err(|e| {
                    let mut problem = Problem::new(
                        StatusCode::BAD_REQUEST,
                        "bad-parameter",
                        "Paramètre invalide",
                        format!("{name} : {e}"),
                    )
                    .hint("Une date s'écrit AAAA-MM-JJ.");
                    problem.errors.push(FieldProblem {
                        path: format!("?{name}"),
                        detail: format!("« {t} » n'est pas une date"),
                    });
                    problem
                })
            })
            .transpose()
    };
    Ok(GivenDates {
        decided_on: date("decided_on", &params.decided_on)?,
        filed_on: date("filed_on", &params.filed_on)?,
    })
}

fn assess_text(set: &PolicySet, text: &str, given: GivenDates) -> Result<Assessment, Problem> {
    let program = &set.program;
    let dossier = decode_dossier(program, text).map_err(|errors| Problem::dossier(&errors))?;
    let dates = given
        .resolve(dossier.decided_on, dossier.filed_on)
        .map_err(|problem| match problem {
            DatesProblem::NoDecisionDate => {
                let mut problem = Problem::new(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "no-decision-date",
                    "Date de décision manquante",
                    "aucune date de décision : ni le paramètre decided_on, ni le champ decided_on du dossier",
                )
                .hint("Ajoutez ?decided_on=AAAA-MM-JJ, ou \"decided_on\" dans le dossier.");
                problem.errors.push(FieldProblem {
                    path: "$.decided_on".into(),
                    detail: "absent".into(),
                });
                problem
            }
            DatesProblem::FiledAfterDecision(message) => Problem::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "inconsistent-dates",
                "Dates incohérentes",
                message,
            ),
        })?;
    Ok(assess(program, &dossier, dates))
}

/// The form asked for, checked before any work is done.
fn form(params: &AssessParams) -> Result<(Format, Lang), Problem> {
    let lang = match params.lang.unwrap_or_default() {
        LangParam::Fr => Lang::Fr,
        LangParam::En => Lang::En,
    };
    let format = params.format.unwrap_or_default();
    if lang == Lang::En && !matches!(format, Format::Letter | Format::LetterHtml) {
        return Err(Problem::new(
            StatusCode::BAD_REQUEST,
            "bad-parameter",
            "Paramètre invalide",
            "lang=en vaut pour les lettres (format=letter ou letter-html) ; la vue de l'agent et le JSON sont en français",
        ));
    }
    Ok((format, lang))
}

/// The answer in the form asked for.
fn rendering(
    assessment: &Assessment,
    set: &PolicySet,
    state: &AppState,
    params: &AssessParams,
    json: String,
) -> Result<Response, Problem> {
    let (format, lang) = form(params)?;
    let (program, templates) = (&set.program, &state.templates);
    let template_failed = |e: motif_runtime::render::templates::TemplateError| {
        Problem::internal(format!("le modèle n'a pas pu être rendu : {e}"))
    };
    let (text, content_type) = match format {
        Format::Json => return Ok(json_response(json)),
        Format::Letter => (
            render::letter_text(assessment, program, lang, templates).map_err(template_failed)?,
            "text/plain; charset=utf-8",
        ),
        Format::LetterHtml => (
            render::letter_html(assessment, program, lang, templates).map_err(template_failed)?,
            "text/html; charset=utf-8",
        ),
        Format::Officer => (
            render::text::render(assessment),
            "text/plain; charset=utf-8",
        ),
        Format::OfficerHtml => (
            render::officer_html(assessment, program, templates).map_err(template_failed)?,
            "text/html; charset=utf-8",
        ),
    };
    Ok(([(header::CONTENT_TYPE, content_type)], text).into_response())
}

fn json_response(json: String) -> Response {
    ([(header::CONTENT_TYPE, "application/json")], json).into_response()
}

fn outcomes_line(assessment: &Assessment) -> String {
    assessment
        .routes
        .iter()
        .map(|r| format!("{}={}", r.route, r.outcome.code()))
        .collect::<Vec<_>>()
        .join(" ")
}

fn bad_query(rejection: QueryRejection) -> Problem {
    Problem::new(
        StatusCode::BAD_REQUEST,
        "bad-parameter",
        "Paramètre invalide",
        rejection.body_text(),
    )
    .hint("format : json, letter, letter-html, officer, officer-html ; lang : fr, en.")
}

/// A kept assessment read back, with what replaying it needs.
fn kept(assessment: &str) -> Result<(serde_json::Value, Kept), Problem> {
    let stored: serde_json::Value = serde_json::from_str(assessment)
        .map_err(|e| Problem::internal(format!("évaluation gardée illisible : {e}")))?;
    let kept = Kept::read(&stored).map_err(Problem::internal)?;
    Ok((stored, kept))
}
