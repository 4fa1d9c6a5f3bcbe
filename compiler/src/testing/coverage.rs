//! What the cases cover: for every named condition of every article version, whether some case
//! saw it hold, fail, or stay unknown; which articles the cases reach; which routes they never
//! assess as something other than `sans objet`.
//!
//! Only the routes a case checks count: a condition evaluated in a route that no case checks
//! has not been tested. The values are read from the traces of those routes (a condition of
//! another article — a general condition, one cited with `de` — counts for its own article
//! and version).

use std::collections::HashMap;

use motif_runtime::trace::Step;
use motif_runtime::{Date, Outcome, Program};

use super::run::Report;
use super::{ConditionRef, GroundRef, VersionRef};

/// The coverage of a program by the cases of a report, in program order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Coverage {
    pub articles: Vec<ArticleCoverage>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleCoverage {
    pub article: String,
    /// Some case saw one of its conditions, closures or derogations, or assessed one of its
    /// routes as something other than `sans objet`.
    pub exercised: bool,
    /// Its routes (none for an article that only states conditions, derogations, exclusions).
    pub routes: Vec<String>,
    /// Some case assessed one of its routes as something other than `sans objet`.
    pub routes_assessed: bool,
    pub versions: Vec<VersionCoverage>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionCoverage {
    pub from: Date,
    pub until: Option<Date>,
    /// Its named conditions, in the order written.
    pub conditions: Vec<ConditionCoverage>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConditionCoverage {
    pub name: String,
    pub seen: Seen,
}

/// The values a condition was seen with.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Seen {
    pub holds: bool,
    pub fails: bool,
    pub unknown: bool,
}

impl Seen {
    /// Seen true and seen false.
    pub fn both_ways(self) -> bool {
        self.holds && self.fails
    }
}

impl Coverage {
    /// How many articles the cases exercise.
    pub fn articles_exercised(&self) -> usize {
        self.articles.iter().filter(|a| a.exercised).count()
    }

    /// The articles no case exercises, in program order.
    pub fn articles_not_exercised(&self) -> Vec<&str> {
        self.articles
            .iter()
            .filter(|a| !a.exercised)
            .map(|a| a.article.as_str())
            .collect()
    }

    /// The articles with routes that no case assessed as something other than `sans objet`.
    pub fn routes_never_assessed(&self) -> Vec<&ArticleCoverage> {
        self.articles
            .iter()
            .filter(|a| !a.routes.is_empty() && !a.routes_assessed)
            .collect()
    }

    /// Every named condition of every article version, with where it is.
    pub fn conditions(&self) -> impl Iterator<Item = (GroundRef, Seen)> + '_ {
        self.articles.iter().flat_map(|a| {
            a.versions.iter().flat_map(move |v| {
                v.conditions.iter().map(move |c| {
                    let at = VersionRef {
                        article: a.article.clone(),
                        version: v.from,
                    };
                    let condition = ConditionRef::Name(c.name.clone());
                    (GroundRef { condition, at }, c.seen)
                })
            })
        })
    }

    /// How many named conditions there are.
    pub fn condition_count(&self) -> usize {
        self.conditions().count()
    }

    /// How many were seen both true and false.
    pub fn both_ways(&self) -> usize {
        self.conditions().filter(|(_, s)| s.both_ways()).count()
    }

    /// The share of conditions seen both true and false, in whole percent (rounded down; 100
    /// when there is no condition).
    pub fn percent_both_ways(&self) -> usize {
        percent(self.both_ways(), self.condition_count())
    }

    /// The conditions no case saw false.
    pub fn never_false(&self) -> Vec<GroundRef> {
        self.conditions()
            .filter(|(_, s)| !s.fails)
            .map(|(c, _)| c)
            .collect()
    }

    /// The conditions no case saw true.
    pub fn never_true(&self) -> Vec<GroundRef> {
        self.conditions()
            .filter(|(_, s)| !s.holds)
            .map(|(c, _)| c)
            .collect()
    }
}

/// `part` out of `whole`, in whole percent rounded down (100 when `whole` is 0).
pub fn percent(part: usize, whole: usize) -> usize {
    (part * 100).checked_div(whole).unwrap_or(100)
}

/// A condition of an article version: the article, the version's first day, the name, the label.
type Key<'p> = (&'p str, Date, &'p str, Option<&'p str>);

/// What the cases of `report` cover of `program`.
pub fn coverage(program: &Program, report: &Report) -> Coverage {
    let mut articles: Vec<ArticleCoverage> = program
        .articles
        .iter()
        .enumerate()
        .map(|(index, article)| ArticleCoverage {
            article: article.id.clone(),
            exercised: false,
            routes: program
                .routes
                .iter()
                .filter(|r| r.article.0 as usize == index)
                .map(|r| r.name.clone())
                .collect(),
            routes_assessed: false,
            versions: article
                .versions
                .iter()
                .map(|version| VersionCoverage {
                    from: version.in_force.from,
                    until: version.in_force.until,
                    conditions: version
                        .conditions
                        .iter()
                        .filter_map(|c| c.name.clone())
                        .map(|name| ConditionCoverage {
                            name,
                            seen: Seen::default(),
                        })
                        .collect(),
                })
                .collect(),
        })
        .collect();
    let by_id: HashMap<&str, usize> = program
        .articles
        .iter()
        .enumerate()
        .map(|(i, a)| (a.id.as_str(), i))
        .collect();
    // A trace's condition is a program's when its article, version, name and label agree (a
    // closure or an exclusion shows as a condition too, with its reason as label).
    let mut conditions: HashMap<Key<'_>, (usize, usize, usize)> = HashMap::new();
    for (a, article) in program.articles.iter().enumerate() {
        for (v, version) in article.versions.iter().enumerate() {
            let named = version.conditions.iter().filter(|c| c.name.is_some());
            for (c, condition) in named.enumerate() {
                if let Some(name) = condition.name.as_deref() {
                    let key = (
                        article.id.as_str(),
                        version.in_force.from,
                        name,
                        condition.label.as_deref(),
                    );
                    conditions.insert(key, (a, v, c));
                }
            }
        }
    }
    for case in &report.cases {
        for route in case.checked_routes() {
            if route.outcome != Outcome::NotApplicable
                && let Some(&a) = by_id.get(route.basis.article.as_str())
            {
                articles[a].routes_assessed = true;
                articles[a].exercised = true;
            }
            let Some(trace) = &route.trace else {
                continue;
            };
            trace.walk(&mut |step| match step {
                Step::Condition {
                    value,
                    article,
                    name,
                    label,
                    favorable,
                    because,
                    ..
                } => {
                    // A favourable condition that does not hold is shown as unknown (it is
                    // left to the officer); what a case tests is its rule, seen failing.
                    let value = if *favorable { &because.value() } else { value };
                    if let Some(&a) = by_id.get(article.id.as_str()) {
                        articles[a].exercised = true;
                    }
                    let key = name
                        .as_deref()
                        .map(|name| (article.id.as_str(), article.version, name, label.as_deref()));
                    if let Some(&(a, v, c)) = key.and_then(|k| conditions.get(&k)) {
                        let seen = &mut articles[a].versions[v].conditions[c].seen;
                        match value {
                            motif_runtime::Truth::True => seen.holds = true,
                            motif_runtime::Truth::False => seen.fails = true,
                            motif_runtime::Truth::Unknown => seen.unknown = true,
                        }
                    }
                }
                Step::Derogated { derogations, .. } => {
                    for derogation in derogations {
                        if let Some(&a) = by_id.get(derogation.article.id.as_str()) {
                            articles[a].exercised = true;
                        }
                    }
                }
                _ => {}
            });
        }
    }
    Coverage { articles }
}
