//! `GET /openapi.json`: the description generated from the handlers' annotations, with the
//! dossier's schema (which depends on the policy set in use) and the assessment's schema (from
//! the runtime's types) put in place of their placeholders.

use std::sync::Arc;

use axum::extract::State;
use serde_json::{Map, Value as Json};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use super::AppState;
use super::assessments::{self, Format, LangParam, ReplayReport};
use super::policy::{self, ArticleInfo, Health, PolicyInfo, Reloaded, RouteInfo, VersionInfo};
use crate::problem::{FieldProblem, Problem};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Motif",
        description = "Évaluation des dossiers de titre de séjour au regard du CESEDA : pour chaque voie, une proposition motivée (article, condition, fait), avec son reçu. Le moteur propose ; une personne décide."
    ),
    paths(
        assessments::create,
        assessments::get,
        assessments::replay_one,
        policy::info,
        policy::reload,
        policy::dossier_schema,
        policy::health,
        policy::metrics,
        openapi,
    ),
    components(schemas(
        Problem, FieldProblem, ReplayReport, PolicyInfo, ArticleInfo, VersionInfo, RouteInfo,
        Reloaded, Health, Format, LangParam
    )),
    modifiers(&Bearer)
)]
struct ApiDoc;

struct Bearer;

impl Modify for Bearer {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// This description (OpenAPI 3.1), with the dossier schema of the policy set in use.
#[utoipa::path(
    get, path = "/openapi.json", tag = "service",
    responses((status = 200, description = "OpenAPI 3.1.", body = Object)),
    security(("bearer" = []))
)]
pub async fn openapi(State(state): State<Arc<AppState>>) -> axum::Json<Json> {
    let program = &state.policies.current().program;
    axum::Json(describe(
        motif_runtime::schema::dossier(program),
        motif_runtime::schema::assessment(),
    ))
}

/// The generated description with the two schemas in place.
pub fn describe(dossier: Json, assessment: Json) -> Json {
    let mut doc = serde_json::to_value(ApiDoc::openapi()).unwrap_or_default();
    if let Some(schemas) = doc
        .pointer_mut("/components/schemas")
        .and_then(Json::as_object_mut)
    {
        embed(schemas, "Dossier", dossier);
        embed(schemas, "Assessment", assessment);
    }
    doc
}

/// Puts a standalone JSON Schema among the components as `name`: its `$defs` become
/// components of their own (`Name_Def`) and its references are rewritten to point at them,
/// since in an OpenAPI document `#` is the document, not the schema.
fn embed(schemas: &mut Map<String, Json>, name: &str, mut schema: Json) {
    let defs = schema
        .as_object_mut()
        .and_then(|o| {
            o.remove("$schema");
            o.remove("$id");
            o.remove("$defs")
        })
        .and_then(|d| match d {
            Json::Object(map) => Some(map),
            _ => None,
        })
        .unwrap_or_default();
    let prefix = format!("{name}_");
    rewrite_refs(&mut schema, &prefix);
    schemas.insert(name.to_string(), schema);
    for (def, mut body) in defs {
        rewrite_refs(&mut body, &prefix);
        schemas.insert(format!("{prefix}{def}"), body);
    }
}

fn rewrite_refs(json: &mut Json, prefix: &str) {
    match json {
        Json::Object(map) => {
            for (key, value) in map.iter_mut() {
                if key == "$ref" {
                    if let Json::String(target) = value
                        && let Some(def) = target.strip_prefix("#/$defs/")
                    {
                        *target = format!("#/components/schemas/{prefix}{def}");
                    }
                } else {
                    rewrite_refs(value, prefix);
                }
            }
        }
        Json::Array(items) => items.iter_mut().for_each(|i| rewrite_refs(i, prefix)),
        _ => {}
    }
}
