//! The assessment of a dossier: for every permit route, an outcome with its legal basis, every
//! failed ground, the facts still missing, and the trace.
//!
//! This is the JSON contract with the case service (field names are stable), and the input of
//! every rendering.

use serde::Serialize;

use crate::date::Date;
use crate::dossier::Dossier;
use crate::interpret::{Evaluator, Scope};
use crate::logic::Truth;
use crate::program::{ArticleId, ArticleVersion, Grant, Program, RouteId};
use crate::trace::{Citation, FactRead, Step};

/// The version of the assessment's JSON format. Bumped on any incompatible change.
pub const FORMAT: &str = "motif.assessment/0.1";

/// What the engine suggests for one permit route. A person decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Every condition of the route holds on the facts given.
    Eligible,
    /// A condition fails on facts that are known.
    NotEligible,
    /// The outcome depends on facts the dossier does not give: they are listed.
    Incomplete,
    /// The outcome depends on a point only a person can settle: it is listed.
    NeedsAppraisal,
    /// The route is closed for this dossier, for the reason given.
    NotApplicable,
}

impl Outcome {
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

/// The assessment of one dossier at one date.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Assessment {
    pub format: &'static str,
    /// The engine that produced it (`motif 0.1.0`).
    pub engine: String,
    pub dossier: Option<String>,
    pub decided_on: Date,
    pub routes: Vec<RouteAssessment>,
    /// Every article version applied by some route, with its text.
    pub articles: Vec<CitedArticle>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RouteAssessment {
    pub route: String,
    pub label: Option<String>,
    pub outcome: Outcome,
    /// The article that grants the permit, and its version in force on the date (if any).
    pub basis: Basis,
    pub grants: Option<Grant>,
    /// Why the route is `not_applicable` or `needs_appraisal`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Every condition that fails on known facts and makes the route fail.
    pub failed_conditions: Vec<Ground>,
    /// Conditions that could not be decided for lack of facts and that matter to the outcome
    /// (for a `not_eligible` route: those that would still matter if the failed ones held).
    pub undetermined_conditions: Vec<Ground>,
    /// The facts to ask for: those of the undetermined conditions.
    pub missing_facts: Vec<MissingFact>,
    /// Points of the applied law that the policy's authors marked as not verified.
    pub to_check: Vec<ToCheck>,
    pub trace: Option<Step>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Basis {
    pub article: String,
    pub title: Option<String>,
    pub version: Option<VersionInfo>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
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
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Ground {
    pub article: Citation,
    pub condition: Option<String>,
    pub label: Option<String>,
    pub facts: Vec<FactRead>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MissingFact {
    pub fact: String,
    pub label: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ToCheck {
    pub article: Citation,
    pub note: String,
}

/// An article version as cited by an assessment.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CitedArticle {
    pub article: String,
    pub title: Option<String>,
    #[serde(flatten)]
    pub version: VersionInfo,
    pub text: String,
}

/// Assesses every route of `program` on `dossier` at the decision date.
pub fn assess(program: &Program, dossier: &Dossier, decided_on: Date) -> Assessment {
    let mut cited: Vec<(ArticleId, &ArticleVersion)> = Vec::new();
    let mut routes = Vec::with_capacity(program.routes.len());
    for index in 0..program.routes.len() {
        let mut evaluator = Evaluator::new(program, dossier, decided_on);
        routes.push(assess_route(
            &mut evaluator,
            program,
            RouteId(index as u32),
            decided_on,
        ));
        for used in evaluator.versions_used {
            if !cited
                .iter()
                .any(|(a, v)| *a == used.0 && std::ptr::eq(*v, used.1))
            {
                cited.push(used);
            }
        }
    }
    let articles = cited
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
    Assessment {
        format: FORMAT,
        engine: concat!("motif ", env!("CARGO_PKG_VERSION")).to_string(),
        dossier: dossier.id.clone(),
        decided_on,
        routes,
        articles,
    }
}

fn assess_route<'a>(
    evaluator: &mut Evaluator<'a>,
    program: &'a Program,
    route_id: RouteId,
    date: Date,
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
    let closed = |reason: String, version: Option<&ArticleVersion>| RouteAssessment {
        route: route.name.clone(),
        label: latest_label.clone(),
        outcome: Outcome::NotApplicable,
        basis: Basis {
            article: article.id.clone(),
            title: article.title.clone(),
            version: version.map(VersionInfo::of),
        },
        grants: None,
        reason: Some(reason),
        failed_conditions: Vec::new(),
        undetermined_conditions: Vec::new(),
        missing_facts: Vec::new(),
        to_check: Vec::new(),
        trace: None,
    };
    let Some(version) = article.version_at(date) else {
        let covered: Vec<String> = article.versions.iter().map(describe_period).collect();
        return closed(
            format!(
                "aucune version de l'article {} n'est en vigueur le {date} dans ce jeu de règles \
                 (versions encodées : {})",
                article.id,
                covered.join(", ")
            ),
            None,
        );
    };
    let Some(body) = version.route(route_id) else {
        return closed(
            format!(
                "la version de l'article {} en vigueur le {date} ne prévoit pas cette voie",
                article.id
            ),
            Some(version),
        );
    };

    let scope = Scope {
        article: route.article,
        version,
    };
    evaluator.enter(scope);
    let trace = evaluator.eval(&body.expr, scope, 0);
    let home = evaluator.citation(scope);
    let analysis = analyse(&trace, &home);

    let mut to_check: Vec<ToCheck> = body
        .to_check
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
            to_check.push(ToCheck {
                article: citation.clone(),
                note: note.clone(),
            });
        }
    }

    RouteAssessment {
        route: route.name.clone(),
        label: body.label.clone(),
        outcome: analysis.outcome,
        basis: Basis {
            article: article.id.clone(),
            title: article.title.clone(),
            version: Some(VersionInfo::of(version)),
        },
        grants: Some(body.grant.clone()),
        reason: analysis.reason,
        failed_conditions: analysis.failed,
        undetermined_conditions: analysis.undetermined,
        missing_facts: analysis.missing,
        to_check,
        trace: Some(trace),
    }
}

fn describe_period(version: &ArticleVersion) -> String {
    match version.in_force.until {
        Some(until) => format!("du {} au {until}", version.in_force.from),
        None => format!("depuis le {}", version.in_force.from),
    }
}

/// What a route's trace says, read for people.
struct Analysis {
    outcome: Outcome,
    reason: Option<String>,
    failed: Vec<Ground>,
    undetermined: Vec<Ground>,
    missing: Vec<MissingFact>,
}

fn analyse(trace: &Step, home: &Citation) -> Analysis {
    match trace.value() {
        Truth::True => Analysis {
            outcome: Outcome::Eligible,
            reason: None,
            failed: Vec::new(),
            undetermined: Vec::new(),
            missing: Vec::new(),
        },
        Truth::False => {
            let mut failing: Vec<Failing> = Vec::new();
            failed_grounds(trace, Truth::True, home, &mut failing);
            // What would still be needed if every failed ground went the other way: the facts
            // the officer must also obtain before the route could be granted.
            let fixed: Vec<(&Step, Truth)> = failing.iter().map(|f| (f.step, f.wanted)).collect();
            let open = Open::collect(trace, home, &fixed);
            Analysis {
                outcome: Outcome::NotEligible,
                reason: None,
                failed: failing
                    .into_iter()
                    .map(|f| ground(f.step, f.citation))
                    .collect(),
                undetermined: open.conditions,
                missing: open.facts,
            }
        }
        Truth::Unknown => {
            let open = Open::collect(trace, home, &[]);
            let (outcome, reason) = if open.unavailable.is_empty() {
                (Outcome::Incomplete, None)
            } else {
                (Outcome::NeedsAppraisal, Some(open.unavailable.join(" ; ")))
            };
            Analysis {
                outcome,
                reason,
                failed: Vec::new(),
                undetermined: open.conditions,
                missing: open.facts,
            }
        }
    }
}

fn ground(step: &Step, citation: Citation) -> Ground {
    let (condition, label) = match step {
        Step::Condition { name, label, .. } => (name.clone(), label.clone()),
        _ => (None, None),
    };
    Ground {
        article: citation,
        condition,
        label,
        facts: step.all_facts_read().into_iter().cloned().collect(),
    }
}

/// A step that makes a route fail: it has the opposite of the value `wanted`.
struct Failing<'s> {
    step: &'s Step,
    citation: Citation,
    wanted: Truth,
}

/// Collects the outermost steps that explain why `step` does not have the value `wanted`:
/// labelled conditions where there is one, unlabelled leaves otherwise. Every such ground is
/// collected, not only the first.
fn failed_grounds<'s>(
    step: &'s Step,
    wanted: Truth,
    citation: &Citation,
    out: &mut Vec<Failing<'s>>,
) {
    let value = step.value();
    if value == wanted || value == Truth::Unknown {
        return;
    }
    match step {
        Step::Condition { article, .. } => out.push(Failing {
            step,
            citation: article.clone(),
            wanted,
        }),
        Step::All { of, .. } | Step::Any { of, .. } => {
            // A false `toutes` fails through its false items; a false `l'une de` through all of
            // them (all are false). Symmetrically when the wanted value is false.
            for child in of.iter().filter(|c| c.value() == wanted.not()) {
                failed_grounds(child, wanted, citation, out);
            }
        }
        Step::Not { of, .. } => failed_grounds(of, wanted.not(), citation, out),
        Step::Implies {
            condition, then, ..
        } => {
            if wanted == Truth::True {
                // Fails because the premise holds and the consequence does not.
                failed_grounds(condition, Truth::False, citation, out);
                failed_grounds(then, Truth::True, citation, out);
            } else {
                // Holds unwantedly: because the premise fails, or the consequence holds.
                if condition.value() == Truth::False {
                    failed_grounds(condition, Truth::True, citation, out);
                }
                if then.value() == Truth::True {
                    failed_grounds(then, Truth::False, citation, out);
                }
            }
        }
        _ => out.push(Failing {
            step,
            citation: citation.clone(),
            wanted,
        }),
    }
}

/// What remains open in a trace: undetermined conditions, the facts they lack, and the points
/// that only a person can settle. Steps listed in `fixed` are taken to have the value given.
struct Open {
    conditions: Vec<Ground>,
    facts: Vec<MissingFact>,
    unavailable: Vec<String>,
}

impl Open {
    fn collect(trace: &Step, home: &Citation, fixed: &[(&Step, Truth)]) -> Open {
        let mut open = Open {
            conditions: Vec::new(),
            facts: Vec::new(),
            unavailable: Vec::new(),
        };
        open.visit(trace, home, fixed, false);
        open
    }

    /// Visits the steps whose value is unknown (assuming `fixed` hold) and could change the
    /// outcome. `inside_condition` is true below a labelled condition already listed.
    fn visit(
        &mut self,
        step: &Step,
        citation: &Citation,
        fixed: &[(&Step, Truth)],
        inside_condition: bool,
    ) {
        if value_if(step, fixed) != Truth::Unknown {
            return;
        }
        match step {
            Step::Condition {
                article, because, ..
            } => {
                if !inside_condition {
                    self.conditions.push(ground(step, article.clone()));
                }
                self.visit(because, article, fixed, true);
            }
            Step::Unavailable { reason, .. } => {
                if !self.unavailable.contains(reason) {
                    self.unavailable.push(reason.clone());
                }
            }
            _ => {
                for read in step.facts_read() {
                    if read.value.is_none() && !self.facts.iter().any(|m| m.fact == read.fact) {
                        self.facts.push(MissingFact {
                            fact: read.fact.clone(),
                            label: read.label.clone(),
                        });
                    }
                }
                if step.children().is_empty()
                    && !inside_condition
                    && step.facts_read().iter().any(|r| r.value.is_none())
                {
                    self.conditions.push(ground(step, citation.clone()));
                }
                for child in step.children() {
                    self.visit(child, citation, fixed, inside_condition);
                }
            }
        }
    }
}

/// The value of `step` if the steps in `fixed` had the values given.
fn value_if(step: &Step, fixed: &[(&Step, Truth)]) -> Truth {
    if let Some((_, value)) = fixed.iter().find(|(f, _)| std::ptr::eq(*f, step)) {
        return *value;
    }
    if fixed.is_empty() {
        return step.value();
    }
    match step {
        Step::Condition { because, .. } => value_if(because, fixed),
        Step::All { of, .. } => Truth::all(of.iter().map(|c| value_if(c, fixed))),
        Step::Any { of, .. } => Truth::any(of.iter().map(|c| value_if(c, fixed))),
        Step::Not { of, .. } => value_if(of, fixed).not(),
        Step::Implies {
            condition, then, ..
        } => value_if(condition, fixed).implies(value_if(then, fixed)),
        _ => step.value(),
    }
}
