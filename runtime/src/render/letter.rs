//! What the applicant's letter and the officer's page show, gathered from an assessment in one
//! language: considerations of law (the articles applied, with their text) and of fact (the
//! facts held), every failed ground, what would have to change, the documents to provide, the
//! points left to an officer, the parameters applied, and the ways of appeal.
//!
//! Every value is formatted and every policy text translated here ([`Words`]); the templates
//! (`runtime/templates/`) only lay the sentences out.

use serde::Serialize;

use crate::assessment::{Assessment, Outcome, PointKind, RouteAssessment};
use crate::counterfactual::{Relation, Requirement};
use crate::date::Date;
use crate::program::Program;
use crate::render::words::{Lang, Words};
use crate::trace::{Citation, FactRead, Step};
use crate::value::Source;

/// The name of the parameter that gives the delay of the contentious appeal.
pub const APPEAL_DELAY: &str = "recours.delai_contentieux";

#[derive(Debug, Clone, Serialize)]
pub struct Letter {
    pub lang: Lang,
    pub dossier: Option<String>,
    pub decided_on: String,
    pub filed_on: Option<String>,
    pub receipt: ReceiptView,
    /// The routes examined (those that concern the applicant).
    pub routes: Vec<RouteView>,
    /// The routes that do not concern the applicant, with the reason.
    pub not_applicable: Vec<ClosedRoute>,
    /// The article versions applied to the routes examined, with their text (in French).
    pub articles: Vec<ArticleView>,
    /// The parameters applied, for the right to obtain them (CRPA R. 311-3-1-2).
    pub parameters: Vec<ParameterView>,
    pub appeal: AppealView,
}

#[derive(Debug, Clone, Serialize)]
pub struct ReceiptView {
    pub id: String,
    pub engine: String,
    pub policy_set: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct RouteView {
    pub name: String,
    pub label: String,
    pub card: Option<String>,
    pub outcome: Outcome,
    pub basis: Cite,
    /// The facts held, with their values: the considerations of fact.
    pub facts: Vec<FactView>,
    pub failed: Vec<GroundView>,
    pub changes: Vec<ChangeView>,
    pub missing: Vec<MissingView>,
    pub points: Vec<PointView>,
    pub unverified: Vec<FactView>,
    /// The points of the applied law not verified by the policy's authors.
    pub to_check: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct ClosedRoute {
    pub label: String,
    /// Empty when the route has no version in force at the date.
    pub reasons: Vec<Reason>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Reason {
    pub article: Cite,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cite {
    pub article: String,
    pub version: String,
    /// How a sentence names it: `article L. 422-1`, or an agreement by its (translated) name.
    pub named: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct FactView {
    pub label: String,
    pub value: String,
    /// Where the value comes from, when a reader should know: an automatic extraction not
    /// verified, an officer's appraisal.
    pub note: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct GroundView {
    pub article: Cite,
    pub label: String,
    pub facts: Vec<FactView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ChangeView {
    pub article: Cite,
    pub label: String,
    /// Each way the condition could hold; the first is the smallest.
    pub alternatives: Vec<Vec<RequirementView>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RequirementView {
    pub relation: Relation,
    /// The fact concerned, by its label.
    pub fact: Option<String>,
    /// What the dossier shows.
    pub shows: Option<String>,
    /// What the rule asks (a threshold, the values allowed, a date).
    pub asks: Vec<String>,
    pub duration: Option<String>,
    pub list: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MissingView {
    pub label: String,
    pub documents: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PointView {
    pub article: Cite,
    pub kind: PointKind,
    /// The point in the letter's language; `None` when it is only described in French for the
    /// officer (a rule the engine cannot apply at the date).
    pub subject: Option<String>,
    pub criteria: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ArticleView {
    pub article: String,
    pub title: Option<String>,
    pub version: String,
    pub until: Option<String>,
    pub legifrance: Option<String>,
    pub text: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ParameterView {
    pub label: String,
    pub value: String,
    pub since: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AppealView {
    /// The delay of the contentious appeal, when the policy set gives it.
    pub delay: Option<String>,
    /// The delay's value is marked as not verified in the policy set.
    pub to_check: bool,
}

/// What a letter or an officer's page shows of `assessment`, in `lang`.
pub fn letter(assessment: &Assessment, program: &Program, lang: Lang) -> Letter {
    let words = Words::new(program, lang);
    let mut routes = Vec::new();
    let mut not_applicable = Vec::new();
    let mut cited: Vec<Citation> = Vec::new();
    let mut parameters: Vec<ParameterView> = Vec::new();
    for route in &assessment.routes {
        let label = words.tr(route.label.as_deref().unwrap_or(&route.route));
        if route.outcome == Outcome::NotApplicable {
            not_applicable.push(ClosedRoute {
                label,
                reasons: route
                    .closed_by
                    .iter()
                    .map(|c| Reason {
                        article: cite(&words, &c.article.id, c.article.version),
                        reason: words.tr(&c.reason).trim_end_matches('.').to_string(),
                    })
                    .collect(),
            });
            continue;
        }
        if let Some(trace) = &route.trace {
            collect_citations(trace, &mut cited);
        }
        for used in &route.parameters {
            let view = ParameterView {
                label: words.tr(used.label.as_deref().unwrap_or(&used.parameter)),
                value: words.value(&used.value, None),
                since: used.since.map(|d| words.date(d)),
            };
            if !parameters
                .iter()
                .any(|p| p.label == view.label && p.since == view.since)
            {
                parameters.push(view);
            }
        }
        routes.push(route_view(&words, route, label));
    }
    let articles = assessment
        .articles
        .iter()
        .filter(|a| {
            cited
                .iter()
                .any(|c| c.id == a.article && c.version == a.version.in_force_from)
        })
        .map(|a| ArticleView {
            article: a.article.clone(),
            title: a.title.as_deref().map(|t| words.tr(t)),
            version: words.date(a.version.in_force_from),
            until: a.version.in_force_until.map(|d| words.date(d)),
            legifrance: a.version.legifrance.clone(),
            text: a.text.clone(),
        })
        .collect();
    let appeal = program
        .parameters
        .iter()
        .find(|p| p.name == APPEAL_DELAY)
        .and_then(|p| p.value_at(assessment.decided_on))
        .map_or(
            AppealView {
                delay: None,
                to_check: true,
            },
            |value| AppealView {
                delay: Some(words.value(&value.value, None)),
                to_check: !value.to_check.is_empty(),
            },
        );
    Letter {
        lang,
        dossier: assessment.dossier.clone(),
        decided_on: words.date(assessment.decided_on),
        filed_on: assessment.filed_on.map(|d| words.date(d)),
        receipt: ReceiptView {
            id: assessment.receipt.id.clone(),
            engine: assessment.receipt.engine.clone(),
            policy_set: assessment.receipt.policy_set.clone(),
        },
        routes,
        not_applicable,
        articles,
        parameters,
        appeal,
    }
}

/// An article version as a letter cites it.
fn cite(words: &Words<'_>, id: &str, version: Date) -> Cite {
    Cite {
        article: id.to_string(),
        version: words.date(version),
        named: named(words, id),
    }
}

/// How a sentence names an article: `article L. 422-1`, or an agreement by its translated name.
fn named(words: &Words<'_>, id: &str) -> String {
    let is_code_article =
        id.starts_with(['L', 'R', 'D']) && id.contains(|c: char| c.is_ascii_digit());
    if is_code_article {
        format!("article {id}")
    } else {
        words.tr(id)
    }
}

fn route_view(words: &Words<'_>, route: &RouteAssessment, label: String) -> RouteView {
    let cite = |c: &Citation| cite(words, &c.id, c.version);
    let basis = Cite {
        article: route.basis.article.clone(),
        version: route
            .basis
            .version
            .as_ref()
            .map(|v| words.date(v.in_force_from))
            .unwrap_or_default(),
        named: named(words, &route.basis.article),
    };
    let facts = route
        .trace
        .as_ref()
        .map(|trace| {
            trace
                .all_facts_read()
                .into_iter()
                .filter(|read| read.value.is_some())
                .map(|read| fact_view(words, read))
                .collect()
        })
        .unwrap_or_default();
    RouteView {
        name: route.route.clone(),
        label,
        card: route.grants.as_ref().map(|g| words.grant(g)),
        outcome: route.outcome,
        basis,
        facts,
        failed: route
            .failed_conditions
            .iter()
            .map(|g| GroundView {
                article: cite(&g.article),
                label: words.tr(g.label.as_deref().or(g.condition.as_deref()).unwrap_or("")),
                facts: g.facts.iter().map(|f| fact_view(words, f)).collect(),
            })
            .collect(),
        changes: route
            .changes
            .iter()
            .map(|c| ChangeView {
                article: cite(&c.article),
                label: words.tr(c.label.as_deref().or(c.condition.as_deref()).unwrap_or("")),
                alternatives: c
                    .alternatives
                    .iter()
                    .map(|alt| alt.iter().map(|r| requirement_view(words, r)).collect())
                    .collect(),
            })
            .collect(),
        missing: route
            .missing_facts
            .iter()
            .map(|m| MissingView {
                label: match m.fact.as_str() {
                    "filed_on" => words
                        .pick(
                            "la date de dépôt de la demande",
                            "the date the application was filed",
                        )
                        .to_string(),
                    _ => with_element(words, &m.fact, m.label.as_deref()),
                },
                documents: m.documents.iter().map(|d| words.tr(d)).collect(),
            })
            .collect(),
        points: route
            .appraisal_points
            .iter()
            .map(|p| PointView {
                article: cite(&p.article),
                kind: p.kind,
                subject: p.subject.as_deref().map(|s| words.tr(s)),
                criteria: p.criteria.iter().map(|c| words.tr(c)).collect(),
            })
            .collect(),
        unverified: route
            .unverified_facts
            .iter()
            .map(|f| fact_view(words, f))
            .collect(),
        to_check: route.to_check.len(),
    }
}

fn fact_view(words: &Words<'_>, read: &FactRead) -> FactView {
    let note = match &read.provenance {
        Some(p) if p.is_unverified_extraction() => Some(
            words
                .pick(
                    "lu automatiquement, non vérifié",
                    "read automatically, not verified",
                )
                .to_string(),
        ),
        Some(p) if p.source == Source::Officer && read.appraisal => Some(
            words
                .pick("appréciation de l'agent", "assessed by an officer")
                .to_string(),
        ),
        _ => None,
    };
    FactView {
        label: with_element(words, &read.fact, read.label.as_deref()),
        value: words.fact_value(read),
        note,
    }
}

/// A fact's label, with the element's number for a field of a list's element (`… (2)`).
fn with_element(words: &Words<'_>, path: &str, label: Option<&str>) -> String {
    let label = words.tr(label.unwrap_or(path));
    match element_number(path) {
        Some(n) => format!("{label} (n° {n})"),
        None => label,
    }
}

fn element_number(path: &str) -> Option<usize> {
    let (_, rest) = path.split_once('[')?;
    let (index, _) = rest.split_once(']')?;
    index.parse::<usize>().ok().map(|i| i + 1)
}

fn requirement_view(words: &Words<'_>, requirement: &Requirement) -> RequirementView {
    RequirementView {
        relation: requirement.relation,
        fact: requirement
            .fact
            .as_ref()
            .map(|f| with_element(words, &f.fact, f.label.as_deref())),
        shows: requirement.fact.as_ref().map(|f| words.fact_value(f)),
        asks: requirement.asks.iter().map(|s| words.shown(s)).collect(),
        duration: requirement.duration.map(|d| words.duration(d)),
        list: requirement
            .list
            .as_ref()
            .map(|l| words.tr(l.label.as_deref().unwrap_or(&l.fact))),
    }
}

fn collect_citations(step: &Step, out: &mut Vec<Citation>) {
    step.walk(&mut |s| {
        let citation = match s {
            Step::Condition { article, .. } => Some(article),
            Step::Derogated { derogations, .. } => {
                for d in derogations.iter().filter(|d| d.chosen) {
                    if !out.contains(&d.article) {
                        out.push(d.article.clone());
                    }
                }
                None
            }
            _ => None,
        };
        if let Some(c) = citation
            && !out.contains(c)
        {
            out.push(c.clone());
        }
    });
}
