//! The assessment of a dossier: for every permit route, an outcome with its legal basis, every
//! failed ground, the facts still missing, the points left to the officer, and the trace.
//!
//! This is the JSON contract with the case service (field names are stable), and the input of
//! every rendering.

use schemars::JsonSchema;
use serde::Serialize;

use crate::analysis::{Analysis, analyse};
use crate::counterfactual::Change;
use crate::date::Date;
use crate::dossier::{Dossier, encode_facts};
use crate::interpret::{Evaluator, Scope};
use crate::logic::Truth;
use crate::program::{ArticleId, ArticleVersion, Grant, Program, RouteId};
use crate::receipt::{self, Receipt};
use crate::trace::{Citation, FactRead, Step};
use crate::value::Value;

pub use crate::interpret::Dates;

/// The version of the assessment's JSON format. Bumped on any incompatible change.
pub const FORMAT: &str = "motif.assessment/0.3";

/// What the engine suggests for one permit route. A person decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Every condition of the route holds on the facts given.
    Eligible,
    /// A condition fails on facts that are known.
    NotEligible,
    /// The outcome depends on facts the dossier does not give: they are listed.
    Incomplete,
    /// The outcome depends on points only a person can settle: they are listed.
    NeedsAppraisal,
    /// The route is closed for this dossier, for the reason given.
    NotApplicable,
}

impl Outcome {
    /// Every outcome, in the order summaries give them.
    pub const ALL: [Outcome; 5] = [
        Outcome::Eligible,
        Outcome::NotEligible,
        Outcome::Incomplete,
        Outcome::NeedsAppraisal,
        Outcome::NotApplicable,
    ];

    /// The outcome as the JSON contract writes it (`not_eligible`).
    pub fn code(self) -> &'static str {
        match self {
            Outcome::Eligible => "eligible",
            Outcome::NotEligible => "not_eligible",
            Outcome::Incomplete => "incomplete",
            Outcome::NeedsAppraisal => "needs_appraisal",
            Outcome::NotApplicable => "not_applicable",
        }
    }

    /// The outcome in French, for people.
    pub fn label(self) -> &'static str {
        match self {
            Outcome::Eligible => "éligible",
            Outcome::NotEligible => "non éligible",
            Outcome::Incomplete => "dossier incomplet",
            Outcome::NeedsAppraisal => "appréciation de l'agent requise",
            Outcome::NotApplicable => "sans objet",
        }
    }
}

/// The assessment of one dossier at its dates.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Assessment {
    /// The version of this format: `motif.assessment/0.3`.
    #[schemars(extend("const" = FORMAT))]
    pub format: &'static str,
    /// The engine that produced it (`motif 0.1.0`).
    pub engine: String,
    pub dossier: Option<String>,
    pub decided_on: Date,
    pub filed_on: Option<Date>,
    pub routes: Vec<RouteAssessment>,
    /// Every article version applied by some route, with its text.
    pub articles: Vec<CitedArticle>,
    /// What the assessment was computed from, and its identifier.
    pub receipt: Receipt,
    /// The dossier's facts as assessed (the `facts` of a dossier), so that the assessment can
    /// be replayed.
    #[schemars(schema_with = "crate::schema::input")]
    pub input: serde_json::Value,
}

/// The assessment of one permit route.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct RouteAssessment {
    pub route: String,
    pub label: Option<String>,
    pub outcome: Outcome,
    /// The article that grants the permit, and its version in force (if any).
    pub basis: Basis,
    pub grants: Option<Grant>,
    /// Why the route is `not_applicable` or `needs_appraisal`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Every condition that fails on known facts and makes the route fail.
    pub failed_conditions: Vec<Ground>,
    /// Conditions that could not be decided and that matter to the outcome (for a
    /// `not_eligible` route: those that would still matter if the failed ones held).
    pub undetermined_conditions: Vec<Ground>,
    /// The facts to ask for.
    pub missing_facts: Vec<MissingFact>,
    /// The points left to the officer's appraisal, with what to weigh.
    pub appraisal_points: Vec<AppraisalPoint>,
    /// Facts extracted by a program and not verified by a person, on which the outcome rests.
    pub unverified_facts: Vec<FactRead>,
    /// For a `not_applicable` route closed by its own closures or by exclusions: each reason,
    /// with the article that states it.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub closed_by: Vec<Closed>,
    /// For a `not_eligible` route: the smallest set of failed conditions which, if they held,
    /// would make it eligible, each with what it asks and what the dossier shows.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub changes: Vec<Change>,
    /// The parameters read, with the value used and the date it took effect.
    pub parameters: Vec<ParameterUsed>,
    /// Points of the applied law that the policy's authors marked as not verified.
    pub to_check: Vec<ToCheck>,
    pub trace: Option<Step>,
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Basis {
    pub article: String,
    pub title: Option<String>,
    pub version: Option<VersionInfo>,
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct VersionInfo {
    pub in_force_from: Date,
    pub in_force_until: Option<Date>,
    /// `null` when the policy's authors could not verify it.
    pub legifrance: Option<String>,
}

impl VersionInfo {
    fn of(version: &ArticleVersion) -> VersionInfo {
        VersionInfo {
            in_force_from: version.in_force.from,
            in_force_until: version.in_force.until,
            legifrance: version.legifrance.clone(),
        }
    }
}

/// A condition that decides (or would decide) the outcome, with the facts it read.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Ground {
    pub article: Citation,
    pub condition: Option<String>,
    pub label: Option<String>,
    pub facts: Vec<FactRead>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct MissingFact {
    /// The fact's path in the dossier (`mariage.transcrit`, `demandeur.enfants[0].naissance`),
    /// or a field of the dossier's envelope (`filed_on`).
    pub fact: String,
    pub label: Option<String>,
    /// The documents to ask for, as the policy lists them for this fact.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub documents: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct AppraisalPoint {
    pub article: Citation,
    /// The point, in French, for the officer.
    pub point: String,
    pub kind: PointKind,
    /// The policy's text the point is about (the appraisal's or the condition's label), for
    /// renderings in other languages.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub criteria: Vec<String>,
}

/// A reason that closes a route, as its article states it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Closed {
    pub article: Citation,
    pub reason: String,
}

/// Why a point is left to the officer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PointKind {
    /// A discretionary point (an appraisal fact) that no officer has given yet.
    Appraisal,
    /// A favourable condition that does not hold: it cannot ground a refusal.
    Favorable,
    /// Two derogations apply with no priority between them.
    Conflict,
    /// A rule the engine cannot apply at the date (no version, no parameter value).
    Unavailable,
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct ParameterUsed {
    pub parameter: String,
    pub label: Option<String>,
    pub value: Value,
    pub since: Option<Date>,
    pub legifrance: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct ToCheck {
    pub article: Citation,
    pub note: String,
}

/// An article version as cited by an assessment.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct CitedArticle {
    pub article: String,
    pub title: Option<String>,
    #[serde(flatten)]
    pub version: VersionInfo,
    pub text: String,
}

/// Assesses every route of `program` on `dossier` at the dates given.
pub fn assess(program: &Program, dossier: &Dossier, dates: Dates) -> Assessment {
    let mut cited: Vec<(ArticleId, &ArticleVersion)> = Vec::new();
    let mut routes = Vec::with_capacity(program.routes.len());
    for index in 0..program.routes.len() {
        let route_id = RouteId(index as u32);
        let mut evaluator = Evaluator::new(program, dossier, dates, program.routes[index].article);
        routes.push(route_assessment(&mut evaluator, program, route_id));
        for used in evaluator.versions_used {
            if !cited
                .iter()
                .any(|(a, v)| *a == used.0 && std::ptr::eq(*v, used.1))
            {
                cited.push(used);
            }
        }
    }
    let articles: Vec<CitedArticle> = cited
        .into_iter()
        .map(|(article, version)| {
            let article = program.article(article);
            CitedArticle {
                article: article.id.clone(),
                title: article.title.clone(),
                version: VersionInfo::of(version),
                text: version.text.clone(),
            }
        })
        .collect();
    let engine = concat!("motif ", env!("CARGO_PKG_VERSION"));
    let input = serde_json::json!({ "facts": encode_facts(program, dossier) });
    let receipt = receipt::receipt(receipt::Inputs {
        engine,
        policy_set: &program.fingerprint,
        input: &input,
        decided_on: dates.decided_on,
        filed_on: dates.filed_on,
        articles: &articles,
        routes: &routes,
    });
    Assessment {
        format: FORMAT,
        engine: engine.to_string(),
        dossier: dossier.id.clone(),
        decided_on: dates.decided_on,
        filed_on: dates.filed_on,
        routes,
        articles,
        receipt,
        input,
    }
}

/// Assesses one route of `program` on `dossier`: what [`assess`] gives for it, without the
/// articles cited and the receipt (for a caller that assesses the other routes otherwise, such
/// as native code falling back on the interpreter for one route).
pub fn assess_route(
    program: &Program,
    dossier: &Dossier,
    dates: Dates,
    route: RouteId,
) -> RouteAssessment {
    let article = program.routes[route.0 as usize].article;
    let mut evaluator = Evaluator::new(program, dossier, dates, article);
    route_assessment(&mut evaluator, program, route)
}

fn route_assessment<'a>(
    evaluator: &mut Evaluator<'a>,
    program: &'a Program,
    route_id: RouteId,
) -> RouteAssessment {
    let route = &program.routes[route_id.0 as usize];
    let article = program.article(route.article);
    // A closed route still says what it is: its label in the latest version that has it.
    let latest_label = article
        .versions
        .iter()
        .rev()
        .find_map(|v| v.route(route_id))
        .and_then(|r| r.label.clone());
    let mut result = RouteAssessment {
        route: route.name.clone(),
        label: latest_label,
        outcome: Outcome::NotApplicable,
        basis: Basis {
            article: article.id.clone(),
            title: article.title.clone(),
            version: None,
        },
        grants: None,
        reason: None,
        failed_conditions: Vec::new(),
        undetermined_conditions: Vec::new(),
        missing_facts: Vec::new(),
        appraisal_points: Vec::new(),
        unverified_facts: Vec::new(),
        closed_by: Vec::new(),
        changes: Vec::new(),
        parameters: Vec::new(),
        to_check: Vec::new(),
        trace: None,
    };
    let date = match evaluator.rules.reference_date(route.article) {
        Ok(date) => date,
        Err(_) => {
            result.outcome = Outcome::Incomplete;
            result.reason = Some(format!(
                "l'article {} s'applique selon la date de la demande",
                article.id
            ));
            result.missing_facts.push(MissingFact {
                fact: "filed_on".into(),
                label: Some("la date de la demande".into()),
                documents: Vec::new(),
            });
            return result;
        }
    };
    let Some(version) = article.version_at(date) else {
        let covered: Vec<String> = article.versions.iter().map(describe_period).collect();
        result.reason = Some(format!(
            "aucune version de l'article {} n'est en vigueur le {date} dans ce jeu de règles (versions encodées : {})",
            article.id,
            covered.join(", ")
        ));
        return result;
    };
    result.basis.version = Some(VersionInfo::of(version));
    if version.repealed {
        result.reason = Some(format!("l'article {} est abrogé le {date}", article.id));
        return result;
    }
    let Some(body) = version.route(route_id) else {
        result.reason = Some(format!(
            "la version de l'article {} en vigueur le {date} ne prévoit pas cette voie",
            article.id
        ));
        return result;
    };
    result.label = body.label.clone();
    result.grants = Some(body.grant.clone());
    let scope = Scope {
        article: route.article,
        version,
    };
    evaluator.enter(scope);
    let home = evaluator.citation(scope);

    // Closures first: a route closed for this person is not assessed further. Each closure is
    // shown as a condition of its own article, so that an open one (unknown) is cited with its
    // reason and its article rather than as an anonymous part of the route.
    let mut closures: Vec<(Step, Option<Closed>)> = Vec::new();
    // An article read only by a closure that does not close the route was not applied: it is
    // neither cited nor are its points to check reported.
    for closure in &body.closures {
        let read = evaluator.versions_used.len();
        let step = evaluator.eval(&closure.when, scope);
        if step.value() == Truth::False {
            evaluator.versions_used.truncate(read);
        }
        closures.push(closing_step(step, None, &closure.reason, home.clone()));
    }
    for exclusion in evaluator.rules.exclusions(body.grant.card) {
        match exclusion {
            Ok((home_scope, exclusion)) => {
                let read = evaluator.versions_used.len();
                evaluator.enter(home_scope);
                let step = evaluator.eval(&exclusion.when, home_scope);
                if step.value() == Truth::False {
                    evaluator.versions_used.truncate(read);
                }
                let citation = evaluator.citation(home_scope);
                closures.push(closing_step(
                    step,
                    Some(&exclusion.name),
                    &exclusion.reason,
                    citation,
                ));
            }
            // An exclusion that may apply once the filing date is known.
            Err(unknown) => closures.push((*unknown, None)),
        }
    }
    let closed: Vec<Closed> = closures
        .iter()
        .filter(|(s, _)| s.value() == Truth::True)
        .filter_map(|(_, c)| c.clone())
        .collect();
    if !closed.is_empty() {
        result.reason = Some(
            closed
                .iter()
                .map(|c| {
                    format!(
                        "{} [{}, version du {}]",
                        c.reason, c.article.id, c.article.version
                    )
                })
                .collect::<Vec<_>>()
                .join(" ; "),
        );
        result.closed_by = closed;
        result.to_check = to_check(program, evaluator, &body.to_check, &home);
        result.trace = closures
            .into_iter()
            .find(|(s, _)| s.value() == Truth::True)
            .map(|(s, _)| s);
        return result;
    }

    // The route's own conditions, then the general conditions for the card it grants.
    let own = evaluator.eval(&body.expr, scope);
    let mut of = match own {
        Step::All { of, .. } => of,
        other => vec![other],
    };
    for general in evaluator.rules.general_conditions(body.grant.card) {
        match general {
            Ok((general_scope, condition)) => {
                of.push(evaluator.condition(general_scope, condition, true))
            }
            // A general condition that may apply once the filing date is known.
            Err(unknown) => of.push(*unknown),
        }
    }
    let trace = Step::All {
        value: Truth::all(of.iter().map(Step::value)),
        of,
    };
    let open_closures: Vec<&Step> = closures
        .iter()
        .map(|(s, _)| s)
        .filter(|s| s.value() == Truth::Unknown)
        .collect();
    // The closures that do not close the route: what they read establishes that it applies.
    let settled_closures: Vec<&Step> = closures
        .iter()
        .map(|(s, _)| s)
        .filter(|s| s.value() == Truth::False)
        .collect();
    let Analysis {
        outcome,
        reason,
        failed,
        undetermined,
        missing,
        appraisal,
        unverified,
        parameters,
        changes,
    } = analyse(program, &trace, &home, &open_closures, &settled_closures);

    result.outcome = outcome;
    result.reason = reason;
    result.failed_conditions = failed;
    result.undetermined_conditions = undetermined;
    result.missing_facts = missing;
    result.appraisal_points = appraisal;
    result.unverified_facts = unverified;
    result.parameters = parameters;
    result.changes = changes;
    result.to_check = to_check(program, evaluator, &body.to_check, &home);
    result.trace = Some(trace);
    result
}

/// The points to check of the route and of every article version its assessment applied.
fn to_check(
    program: &Program,
    evaluator: &Evaluator<'_>,
    route_notes: &[String],
    home: &Citation,
) -> Vec<ToCheck> {
    let mut out: Vec<ToCheck> = route_notes
        .iter()
        .map(|note| ToCheck {
            article: home.clone(),
            note: note.clone(),
        })
        .collect();
    for (article_id, used) in &evaluator.versions_used {
        let citation = Citation {
            id: program.article(*article_id).id.clone(),
            version: used.in_force.from,
        };
        for note in &used.to_check {
            out.push(ToCheck {
                article: citation.clone(),
                note: note.clone(),
            });
        }
    }
    out
}

fn describe_period(version: &ArticleVersion) -> String {
    match version.in_force.until {
        Some(until) => format!("du {} au {until}", version.in_force.from),
        None => format!("depuis le {}", version.in_force.from),
    }
}

/// Evaluates one expression of an article version on a dossier, without a route: for tools
/// that reason about rules (the compiler's check that two derogations cannot apply together).
pub fn evaluate(
    program: &Program,
    dossier: &Dossier,
    dates: Dates,
    article: ArticleId,
    version: &ArticleVersion,
    expr: &crate::program::Expr,
) -> Truth {
    let mut evaluator = Evaluator::new(program, dossier, dates, article);
    evaluator.eval(expr, Scope { article, version }).value()
}

/// A closure or an exclusion as a cited step, with the reason given when it closes the route.
fn closing_step(
    step: Step,
    name: Option<&str>,
    reason: &str,
    article: Citation,
) -> (Step, Option<Closed>) {
    let closed = Closed {
        article: article.clone(),
        reason: reason.to_string(),
    };
    let step = Step::Condition {
        value: step.value(),
        article,
        name: name.map(str::to_string),
        label: Some(format!("la voie est sans objet : {reason}")),
        favorable: false,
        general: false,
        because: Box::new(step),
    };
    (step, Some(closed))
}

#[cfg(test)]
mod tests {
    use super::Outcome;

    #[test]
    fn an_outcomes_code_is_how_the_contract_writes_it() {
        for outcome in Outcome::ALL {
            assert_eq!(
                serde_json::to_value(outcome).ok(),
                Some(serde_json::Value::from(outcome.code()))
            );
        }
    }
}
