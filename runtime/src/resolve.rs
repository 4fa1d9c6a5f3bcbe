//! Which rules apply at an assessment's dates: the version of each article in force, the
//! general conditions and exclusions for a card, the derogations to a condition.
//!
//! This depends on the dates only, never on the dossier's facts. The interpreter asks it as it
//! evaluates; the native code generator (crate `motif-native`) asks it once for a range of dates
//! and compiles what it answers, so that both apply exactly the same rules.

use crate::date::Date;
use crate::logic::Truth;
use crate::program::{
    ArticleId, ArticleVersion, CardKind, Condition, ConditionRef, Derogation, DerogationRef,
    Exclusion, Program, ReferenceDate,
};
use crate::trace::Step;

/// The dates of an assessment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dates {
    pub decided_on: Date,
    /// The filing date, needed by articles that apply by it.
    pub filed_on: Option<Date>,
}

impl Dates {
    /// Why these dates cannot be those of one application, in French, if they cannot: an
    /// application is filed before it is decided, and the rules read by filing date rely on it.
    pub fn inconsistency(&self) -> Option<String> {
        match self.filed_on {
            Some(filed_on) if filed_on > self.decided_on => Some(format!(
                "la demande serait déposée le {filed_on}, après la date de décision ({}) : \
                 vérifiez les dates du dossier ou celles de la ligne de commande",
                self.decided_on
            )),
            _ => None,
        }
    }
}

/// Dates a caller gives beside the dossier (on the command line, in a request): they take
/// precedence over the dossier's own.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct GivenDates {
    pub decided_on: Option<Date>,
    pub filed_on: Option<Date>,
}

/// Why no dates can be chosen for a dossier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DatesProblem {
    /// Neither the caller nor the dossier gives a decision date.
    NoDecisionDate,
    /// The filing date comes after the decision date (see [`Dates::inconsistency`]).
    FiledAfterDecision(String),
}

impl GivenDates {
    /// The dates to assess a dossier at: the caller's first, then the dossier's.
    pub fn resolve(
        self,
        dossier_decided_on: Option<Date>,
        dossier_filed_on: Option<Date>,
    ) -> Result<Dates, DatesProblem> {
        let decided_on = self
            .decided_on
            .or(dossier_decided_on)
            .ok_or(DatesProblem::NoDecisionDate)?;
        let dates = Dates {
            decided_on,
            filed_on: self.filed_on.or(dossier_filed_on),
        };
        match dates.inconsistency() {
            Some(problem) => Err(DatesProblem::FiledAfterDecision(problem)),
            None => Ok(dates),
        }
    }
}

/// Where an expression sits: the article version whose local conditions it can name.
#[derive(Debug, Clone, Copy)]
pub struct Scope<'a> {
    pub article: ArticleId,
    pub version: &'a ArticleVersion,
}

/// Whether an article has a version in force at its reference date, and which.
pub enum InForce<'a> {
    Version(Scope<'a>),
    None,
    /// The reference date is not known: the step says what is missing.
    Unknown(Box<Step>),
}

/// A derogation that may apply to a condition.
pub enum Candidate<'a> {
    Known(Scope<'a>, &'a Derogation),
    /// From an article whose version cannot be known yet (its filing date is missing): the
    /// step says so, and stands for the derogation's condition.
    Uncertain(Scope<'a>, &'a Derogation, Box<Step>),
}

/// Answers which rules apply, for one route (derogations written in a route's article apply to
/// its routes) at one pair of dates.
#[derive(Clone, Copy)]
pub struct Resolver<'a> {
    pub program: &'a Program,
    pub dates: Dates,
    /// The article of the route being assessed.
    pub route_article: ArticleId,
}

impl<'a> Resolver<'a> {
    pub fn new(program: &'a Program, dates: Dates, route_article: ArticleId) -> Resolver<'a> {
        Resolver {
            program,
            dates,
            route_article,
        }
    }

    /// The step standing for a rule of `article` that applies by filing date when the filing
    /// date is not known.
    pub fn filing_date_unknown(&self, article: ArticleId) -> Step {
        let id = &self.program.article(article).id;
        Step::Unavailable {
            value: Truth::Unknown,
            article: id.clone(),
            reason: format!(
                "l'article {id} s'applique selon la date de la demande, que le dossier ne donne pas"
            ),
            missing: Some("filed_on".into()),
        }
    }

    /// The date that chooses `article`'s version and the parameters it reads.
    pub fn reference_date(&self, article: ArticleId) -> Result<Date, Box<Step>> {
        match self.program.article(article).reference_date {
            ReferenceDate::Decision => Ok(self.dates.decided_on),
            ReferenceDate::Filing => self
                .dates
                .filed_on
                .ok_or_else(|| Box::new(self.filing_date_unknown(article))),
        }
    }

    /// Whether `article` has a version in force at its reference date, and which. When that date
    /// is the filing date and the dossier does not give it, the answer is unknown — unless no
    /// version could be in force on any day up to the decision, since a filing precedes its
    /// decision.
    pub fn in_force(&self, article: ArticleId) -> InForce<'a> {
        let decl = self.program.article(article);
        match self.reference_date(article) {
            Ok(date) => match decl.version_at(date) {
                Some(version) if !version.repealed => InForce::Version(Scope { article, version }),
                _ => InForce::None,
            },
            Err(unknown) => {
                let decided_on = self.dates.decided_on;
                let possible = decl
                    .versions
                    .iter()
                    .any(|v| !v.repealed && v.in_force.from <= decided_on);
                if possible {
                    InForce::Unknown(unknown)
                } else {
                    InForce::None
                }
            }
        }
    }

    /// The general conditions of every article in force that apply to routes granting `card`;
    /// for an article whose version cannot be known yet, a step saying what is missing.
    pub fn general_conditions(
        &self,
        card: CardKind,
    ) -> Vec<Result<(Scope<'a>, &'a Condition), Box<Step>>> {
        self.rules_for_card(|version| {
            version
                .conditions
                .iter()
                .filter(|c| c.general_for.contains(&card))
                .collect()
        })
    }

    /// The exclusions of every article in force that close routes granting `card`; for an
    /// article whose version cannot be known yet, a step saying what is missing.
    pub fn exclusions(&self, card: CardKind) -> Vec<Result<(Scope<'a>, &'a Exclusion), Box<Step>>> {
        self.rules_for_card(|version| {
            version
                .exclusions
                .iter()
                .filter(|e| e.applies_to.contains(&card))
                .collect()
        })
    }

    /// The rules that `pick` selects in the version in force of every article; an article
    /// whose version depends on a filing date the dossier does not give contributes the step
    /// that says so, if any of its versions has such rules.
    fn rules_for_card<T>(
        &self,
        pick: impl Fn(&'a ArticleVersion) -> Vec<&'a T>,
    ) -> Vec<Result<(Scope<'a>, &'a T), Box<Step>>> {
        let mut out = Vec::new();
        for index in 0..self.program.articles.len() {
            let article = ArticleId(index as u32);
            match self.in_force(article) {
                InForce::Version(scope) => {
                    out.extend(
                        pick(scope.version)
                            .into_iter()
                            .map(|rule| Ok((scope, rule))),
                    );
                }
                InForce::Unknown(step) => {
                    let versions = &self.program.article(article).versions;
                    if versions.iter().any(|v| !pick(v).is_empty()) {
                        out.push(Err(step));
                    }
                }
                InForce::None => {}
            }
        }
        out
    }

    /// The labelled condition a reference names, in the article version it belongs to; when it
    /// cannot be found at these dates, why.
    pub fn condition(
        &self,
        reference: &'a ConditionRef,
        scope: Scope<'a>,
    ) -> Result<(Scope<'a>, &'a Condition), Unresolved> {
        let (target, condition) = match reference {
            ConditionRef::Local(index) => (scope, scope.version.conditions.get(*index as usize)),
            ConditionRef::Article { article, name } => {
                let date = self
                    .reference_date(*article)
                    .map_err(Unresolved::FilingDate)?;
                let target_article = self.program.article(*article);
                let in_force = target_article.version_at(date).filter(|v| !v.repealed);
                let Some(version) = in_force else {
                    return Err(Unresolved::NoVersion {
                        article: *article,
                        date,
                    });
                };
                (
                    Scope {
                        article: *article,
                        version,
                    },
                    version.condition_named(name),
                )
            }
        };
        match condition {
            Some(condition) => Ok((target, condition)),
            None => Err(Unresolved::NotDefined {
                article: target.article,
            }),
        }
    }

    /// The step that stops an evaluation whose conditions refer to one another too deeply.
    pub fn too_deep(&self, article: ArticleId) -> Step {
        Step::Unavailable {
            value: Truth::Unknown,
            article: self.program.article(article).id.clone(),
            reason: "références entre conditions trop profondes (cycle ?)".into(),
            missing: None,
        }
    }

    /// The derogations to the condition `name` of `article` that can apply here: those written
    /// in that article (they apply wherever it does) and those written in the route's article
    /// (they apply to its routes), in versions in force.
    pub fn derogations_for(&self, article: ArticleId, name: &str) -> Vec<Candidate<'a>> {
        let targets = |d: &&Derogation| d.target.article == article && d.target.name == name;
        let mut homes = vec![article];
        if self.route_article != article {
            homes.push(self.route_article);
        }
        let mut out = Vec::new();
        for home in homes {
            match self.in_force(home) {
                InForce::Version(scope) => {
                    out.extend(
                        scope
                            .version
                            .derogations
                            .iter()
                            .filter(targets)
                            .map(|d| Candidate::Known(scope, d)),
                    );
                }
                InForce::Unknown(step) => {
                    // Which version would apply is not known: a derogation of any of them may
                    // apply, doing what it does in the first version that has it.
                    let versions = &self.program.article(home).versions;
                    let found = versions
                        .iter()
                        .find_map(|v| v.derogations.iter().find(targets).map(|d| (v, d)));
                    if let Some((version, derogation)) = found {
                        out.push(Candidate::Uncertain(
                            Scope {
                                article: home,
                                version,
                            },
                            derogation,
                            step,
                        ));
                    }
                }
                InForce::None => {}
            }
        }
        out
    }
}

/// Why a condition a rule refers to cannot be found at the assessment's dates.
pub enum Unresolved {
    /// Its article applies by filing date, which the dossier does not give: the step says so.
    FilingDate(Box<Step>),
    /// Its article has no version in force on `date` (its reference date).
    NoVersion { article: ArticleId, date: Date },
    /// The version in force does not define it.
    NotDefined { article: ArticleId },
}

impl Unresolved {
    /// The step the trace shows in the condition's place.
    pub fn into_step(self, program: &Program) -> Step {
        let (article, reason) = match self {
            Unresolved::FilingDate(step) => return *step,
            Unresolved::NoVersion { article, date } => {
                let id = &program.article(article).id;
                (article, no_version_reason(id, date))
            }
            Unresolved::NotDefined { article } => (
                article,
                "la version en vigueur ne définit pas cette condition".into(),
            ),
        };
        Step::Unavailable {
            value: Truth::Unknown,
            article: program.article(article).id.clone(),
            reason,
            missing: None,
        }
    }
}

/// Why a condition of `article` cannot be found on `date`.
pub fn no_version_reason(article: &str, date: Date) -> String {
    format!(
        "aucune version de l'article {article} n'est en vigueur le {date} dans ce jeu de règles"
    )
}

/// Whether derogation `a` prevails over `b` among those considered together (`table`: each
/// one's name and the names it prevails over), directly or through others.
pub fn prevails_over(a: usize, b: usize, table: &[(&DerogationRef, &Vec<DerogationRef>)]) -> bool {
    let mut seen = vec![false; table.len()];
    let mut stack = vec![a];
    while let Some(current) = stack.pop() {
        for beaten in table[current].1 {
            if let Some(j) = table.iter().position(|(key, _)| *key == beaten)
                && !seen[j]
            {
                if j == b {
                    return true;
                }
                seen[j] = true;
                stack.push(j);
            }
        }
    }
    false
}
