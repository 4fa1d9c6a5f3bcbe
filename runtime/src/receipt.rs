//! The receipt: what an assessment was computed from, so that anyone can check it and run it
//! again — the engine, the policy set, the input, the dates, and every article version and
//! parameter value applied — with an identifier derived from all of it.

use schemars::JsonSchema;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::assessment::{CitedArticle, RouteAssessment};
use crate::date::Date;
use crate::value::Value;

/// What an assessment was computed from, with an identifier derived from all of it.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Receipt {
    /// Identifies the assessment: a hash of every other field of the receipt.
    pub id: String,
    pub engine: String,
    /// The policy set's fingerprint (a hash of its sources).
    pub policy_set: String,
    /// A hash of the assessment's `input` (the dossier's facts).
    pub input: String,
    pub decided_on: Date,
    pub filed_on: Option<Date>,
    /// Every article version applied, in the order first applied.
    pub articles: Vec<ArticleApplied>,
    /// Every parameter value read, in the order first read.
    pub parameters: Vec<ParameterApplied>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct ArticleApplied {
    pub article: String,
    pub in_force_from: Date,
    pub in_force_until: Option<Date>,
    pub legifrance: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct ParameterApplied {
    pub parameter: String,
    pub value: Value,
    /// The day the value took effect.
    pub since: Option<Date>,
}

/// The receipt's fields other than its id, which is computed from them.
#[derive(Serialize)]
struct Content<'a> {
    engine: &'a str,
    policy_set: &'a str,
    input: &'a str,
    decided_on: Date,
    filed_on: Option<Date>,
    articles: &'a [ArticleApplied],
    parameters: &'a [ParameterApplied],
}

pub(crate) struct Inputs<'a> {
    pub(crate) engine: &'a str,
    pub(crate) policy_set: &'a str,
    pub(crate) input: &'a serde_json::Value,
    pub(crate) decided_on: Date,
    pub(crate) filed_on: Option<Date>,
    pub(crate) articles: &'a [CitedArticle],
    pub(crate) routes: &'a [RouteAssessment],
}

pub(crate) fn receipt(inputs: Inputs<'_>) -> Receipt {
    let articles: Vec<ArticleApplied> = inputs
        .articles
        .iter()
        .map(|a| ArticleApplied {
            article: a.article.clone(),
            in_force_from: a.version.in_force_from,
            in_force_until: a.version.in_force_until,
            legifrance: a.version.legifrance.clone(),
        })
        .collect();
    let mut parameters: Vec<ParameterApplied> = Vec::new();
    for used in inputs.routes.iter().flat_map(|r| &r.parameters) {
        let applied = ParameterApplied {
            parameter: used.parameter.clone(),
            value: used.value.clone(),
            since: used.since,
        };
        if !parameters.contains(&applied) {
            parameters.push(applied);
        }
    }
    let input = sha256(canonical(inputs.input).as_bytes());
    let content = Content {
        engine: inputs.engine,
        policy_set: inputs.policy_set,
        input: &input,
        decided_on: inputs.decided_on,
        filed_on: inputs.filed_on,
        articles: &articles,
        parameters: &parameters,
    };
    let id = sha256(
        serde_json::to_string(&content)
            .unwrap_or_default()
            .as_bytes(),
    );
    Receipt {
        id,
        engine: inputs.engine.to_string(),
        policy_set: inputs.policy_set.to_string(),
        input,
        decided_on: inputs.decided_on,
        filed_on: inputs.filed_on,
        articles,
        parameters,
    }
}

/// `sha256:` and the hex digest of `bytes`.
pub fn sha256(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut out = String::with_capacity(7 + 64);
    out.push_str("sha256:");
    for byte in digest {
        out.push_str(&format!("{byte:02x}"));
    }
    out
}

/// The fingerprint of a policy set from the texts of its files, whatever their names and
/// order: a hash of the sorted hashes of the texts.
pub fn fingerprint<'t>(texts: impl IntoIterator<Item = &'t str>) -> String {
    let mut hashes: Vec<String> = texts.into_iter().map(|t| sha256(t.as_bytes())).collect();
    hashes.sort();
    sha256(hashes.join("\n").as_bytes())
}

/// A JSON text that depends only on the value: keys in the order the value holds them (the
/// encoder writes facts in declaration order), no spaces.
fn canonical(json: &serde_json::Value) -> String {
    serde_json::to_string(json).unwrap_or_default()
}
