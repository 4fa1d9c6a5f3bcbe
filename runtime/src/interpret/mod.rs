//! The reference interpreter: evaluates a route's conditions on a dossier, in three-valued
//! logic, and records every step in a trace.
//!
//! Every sub-condition is evaluated, whatever the values already found: the trace must show all
//! the grounds, not the first one met. Native code (later) must agree with this interpreter on
//! every dossier.

mod terms;

use crate::date::Date;
use crate::dossier::Dossier;
use crate::logic::Truth;
use crate::program::{
    ArticleId, ArticleVersion, CardKind, Condition, ConditionRef, Derogation, DerogationRef,
    Exclusion, Expr, Program, ReferenceDate,
};
use crate::trace::{Citation, DerogationTried, ListRead, Step};
use crate::value::{Type, Value};

/// Conditions may refer to conditions of other articles; the compiler rejects cycles, and this
/// bound keeps a hand-made `Program` with a cycle from exhausting the stack.
const MAX_DEPTH: usize = 64;

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

/// Evaluates expressions of one program on one dossier, for one route.
pub(crate) struct Evaluator<'a> {
    program: &'a Program,
    dossier: &'a Dossier,
    dates: Dates,
    /// The article of the route being assessed: derogations written in it apply to its routes.
    route_article: ArticleId,
    /// The article versions whose rules were applied, in the order first used.
    pub(crate) versions_used: Vec<(ArticleId, &'a ArticleVersion)>,
    /// The elements bound by the enclosing quantifiers, innermost last.
    elements: Vec<Bound>,
    depth: usize,
}

/// A list element bound by a quantifier.
struct Bound {
    value: Value,
    /// Its place in the dossier: `demandeur.enfants[1]`.
    path: String,
    ty: Type,
}

/// Whether an article has a version in force at its reference date.
pub(crate) enum InForce<'a> {
    Version(Scope<'a>),
    None,
    /// The reference date is not known: the step says what is missing.
    Unknown(Box<Step>),
}

/// A derogation that may apply to a condition.
enum Candidate<'a> {
    Known(Scope<'a>, &'a Derogation),
    /// From an article whose version cannot be known yet (its filing date is missing).
    Uncertain(Scope<'a>, &'a Derogation, Box<Step>),
}

/// Where an expression sits: the article version whose local conditions it can name.
#[derive(Clone, Copy)]
pub(crate) struct Scope<'a> {
    pub(crate) article: ArticleId,
    pub(crate) version: &'a ArticleVersion,
}

impl<'a> Evaluator<'a> {
    pub(crate) fn new(
        program: &'a Program,
        dossier: &'a Dossier,
        dates: Dates,
        route_article: ArticleId,
    ) -> Evaluator<'a> {
        Evaluator {
            program,
            dossier,
            dates,
            route_article,
            versions_used: Vec::new(),
            elements: Vec::new(),
            depth: 0,
        }
    }

    pub(crate) fn enter(&mut self, scope: Scope<'a>) {
        let already = self
            .versions_used
            .iter()
            .any(|(a, v)| *a == scope.article && std::ptr::eq(*v, scope.version));
        if !already {
            self.versions_used.push((scope.article, scope.version));
        }
    }

    pub(crate) fn citation(&self, scope: Scope<'_>) -> Citation {
        Citation {
            id: self.program.article(scope.article).id.clone(),
            version: scope.version.in_force.from,
        }
    }

    /// The date that chooses `article`'s version and the parameters it reads.
    pub(crate) fn reference_date(&self, article: ArticleId) -> Result<Date, Box<Step>> {
        match self.program.article(article).reference_date {
            ReferenceDate::Decision => Ok(self.dates.decided_on),
            ReferenceDate::Filing => self.dates.filed_on.ok_or_else(|| {
                Box::new(Step::Unavailable {
                    value: Truth::Unknown,
                    article: self.program.article(article).id.clone(),
                    reason: format!(
                        "l'article {} s'applique selon la date de la demande, que le dossier ne donne pas",
                        self.program.article(article).id
                    ),
                    missing: Some("filed_on".into()),
                })
            }),
        }
    }

    /// Whether `article` has a version in force at its reference date, and which. When that date
    /// is the filing date and the dossier does not give it, the answer is unknown — unless no
    /// version could be in force on any day up to the decision, since a filing precedes its
    /// decision.
    pub(crate) fn in_force(&self, article: ArticleId) -> InForce<'a> {
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
    pub(crate) fn general_conditions(
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
    pub(crate) fn exclusions(
        &self,
        card: CardKind,
    ) -> Vec<Result<(Scope<'a>, &'a Exclusion), Box<Step>>> {
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

    /// Evaluates a boolean expression and returns its trace.
    pub(crate) fn eval(&mut self, expr: &'a Expr, scope: Scope<'a>) -> Step {
        match expr {
            Expr::Constant(b) => Step::Constant {
                value: Truth::from(*b),
            },
            Expr::Test(term) => {
                let eval = self.term(term, scope, None);
                let value = match &eval.value {
                    Some(Value::Bool(b)) => Truth::from(*b),
                    _ => Truth::Unknown,
                };
                Step::Test {
                    value,
                    of: eval.shown,
                }
            }
            Expr::Not(inner) => {
                let of = self.eval(inner, scope);
                Step::Not {
                    value: of.value().not(),
                    of: Box::new(of),
                }
            }
            Expr::All(items) => {
                let of: Vec<Step> = items.iter().map(|e| self.eval(e, scope)).collect();
                Step::All {
                    value: Truth::all(of.iter().map(Step::value)),
                    of,
                }
            }
            Expr::Any(items) => {
                let of: Vec<Step> = items.iter().map(|e| self.eval(e, scope)).collect();
                Step::Any {
                    value: Truth::any(of.iter().map(Step::value)),
                    of,
                }
            }
            Expr::Implies(condition, then) => {
                let condition = self.eval(condition, scope);
                let then = self.eval(then, scope);
                Step::Implies {
                    value: condition.value().implies(then.value()),
                    condition: Box::new(condition),
                    then: Box::new(then),
                }
            }
            Expr::Compare {
                op,
                left,
                right,
                scale,
            } => self.compare(*op, left, right, *scale, scope),
            Expr::In { operand, set } => self.member(operand, set, scope),
            Expr::Condition(reference) => self.condition_ref(reference, scope),
            Expr::Exists { list, body } | Expr::ForAll { list, body } => {
                let exists = matches!(expr, Expr::Exists { .. });
                let (read, elements) = self.each_element(list, body, scope);
                let values = elements.iter().map(Step::value);
                let value = match (&read.elements, exists) {
                    (None, _) => Truth::Unknown,
                    (Some(_), true) => Truth::any(values),
                    (Some(_), false) => Truth::all(values),
                };
                if exists {
                    Step::Exists {
                        value,
                        list: read,
                        elements,
                    }
                } else {
                    Step::ForAll {
                        value,
                        list: read,
                        elements,
                    }
                }
            }
        }
    }

    /// Evaluates `body` for each element of `list`, the element bound for `Term::Element`.
    fn each_element(
        &mut self,
        list: &'a crate::program::Term,
        body: &'a Expr,
        scope: Scope<'a>,
    ) -> (ListRead, Vec<Step>) {
        let eval = self.term(list, scope, None);
        let (path, label) = match &eval.shown {
            crate::trace::Shown::Fact(read) => (read.fact.clone(), read.label.clone()),
            _ => (String::new(), None),
        };
        let element_ty = match self.term_type(list) {
            Some(Type::List(inner)) => *inner,
            _ => Type::Bool,
        };
        let Some(Value::List(items)) = eval.value else {
            return (
                ListRead {
                    fact: path,
                    label,
                    elements: None,
                },
                Vec::new(),
            );
        };
        let mut steps = Vec::with_capacity(items.len());
        for (i, item) in items.into_iter().enumerate() {
            self.elements.push(Bound {
                value: item,
                path: format!("{path}[{i}]"),
                ty: element_ty.clone(),
            });
            steps.push(self.eval(body, scope));
            self.elements.pop();
        }
        (
            ListRead {
                fact: path,
                label,
                elements: Some(steps.len()),
            },
            steps,
        )
    }

    fn condition_ref(&mut self, reference: &'a ConditionRef, scope: Scope<'a>) -> Step {
        let (target, condition) = match reference {
            ConditionRef::Local(index) => (scope, scope.version.conditions.get(*index as usize)),
            ConditionRef::Article { article, name } => {
                let date = match self.reference_date(*article) {
                    Ok(date) => date,
                    Err(unavailable) => return *unavailable,
                };
                let target_article = self.program.article(*article);
                let in_force = target_article.version_at(date).filter(|v| !v.repealed);
                let Some(version) = in_force else {
                    return Step::Unavailable {
                        value: Truth::Unknown,
                        article: target_article.id.clone(),
                        reason: format!(
                            "aucune version de l'article {} n'est en vigueur le {date} dans ce jeu de règles",
                            target_article.id
                        ),
                        missing: None,
                    };
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
            Some(condition) => self.condition(target, condition, false),
            None => Step::Unavailable {
                value: Truth::Unknown,
                article: self.program.article(target.article).id.clone(),
                reason: "la version en vigueur ne définit pas cette condition".into(),
                missing: None,
            },
        }
    }

    /// Evaluates a labelled condition in its own article version, with its derogations.
    pub(crate) fn condition(
        &mut self,
        scope: Scope<'a>,
        condition: &'a Condition,
        general: bool,
    ) -> Step {
        if self.depth >= MAX_DEPTH {
            return Step::Unavailable {
                value: Truth::Unknown,
                article: self.program.article(scope.article).id.clone(),
                reason: "références entre conditions trop profondes (cycle ?)".into(),
                missing: None,
            };
        }
        self.depth += 1;
        self.enter(scope);
        let derogations = match &condition.name {
            Some(name) => self.derogations_for(scope.article, name),
            None => Vec::new(),
        };
        let because = if derogations.is_empty() {
            self.eval(&condition.expr, scope)
        } else {
            self.derogated(scope, condition, derogations)
        };
        self.depth -= 1;
        // A favourable condition that fails leaves the point to the officer: never a refusal.
        let value = match because.value() {
            Truth::False if condition.favorable => Truth::Unknown,
            other => other,
        };
        Step::Condition {
            value,
            article: self.citation(scope),
            name: condition.name.clone(),
            label: condition.label.clone(),
            favorable: condition.favorable,
            general,
            because: Box::new(because),
        }
    }

    /// The derogations to the condition `name` of `article` that can apply here: those written
    /// in that article (they apply wherever it does) and those written in the route's article
    /// (they apply to its routes), in versions in force.
    fn derogations_for(&self, article: ArticleId, name: &str) -> Vec<Candidate<'a>> {
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

    /// A condition's value under its derogations: the rule's own value unless a derogation
    /// applies; among derogations that apply, the one that prevails; two that apply with no
    /// priority and different results are a conflict, left to the officer.
    fn derogated(
        &mut self,
        scope: Scope<'a>,
        condition: &'a Condition,
        candidates: Vec<Candidate<'a>>,
    ) -> Step {
        let original = self.eval(&condition.expr, scope);
        let mut tried: Vec<(DerogationTried, DerogationRef, &'a Derogation)> = Vec::new();
        for candidate in candidates {
            let (home, derogation, unknown) = match candidate {
                Candidate::Known(home, derogation) => (home, derogation, None),
                Candidate::Uncertain(home, derogation, step) => (home, derogation, Some(step)),
            };
            self.enter(home);
            let when = match unknown {
                Some(step) => Some(step),
                None => derogation
                    .when
                    .as_ref()
                    .map(|e| Box::new(self.eval(e, home))),
            };
            let then = derogation
                .then
                .as_ref()
                .map(|e| Box::new(self.eval(e, home)));
            let applies = when.as_ref().map_or(Truth::True, |w| w.value());
            let key = DerogationRef {
                article: home.article,
                name: derogation.name.clone(),
            };
            let entry = DerogationTried {
                article: self.citation(home),
                name: derogation.name.clone(),
                label: derogation.label.clone(),
                applies,
                when,
                then,
                chosen: false,
            };
            tried.push((entry, key, derogation));
        }
        let result_of = |t: &DerogationTried| t.then.as_ref().map_or(Truth::True, |s| s.value());
        let prevails =
            |a: usize, b: usize, tried: &[(DerogationTried, DerogationRef, &Derogation)]| {
                prevails_over(
                    a,
                    b,
                    tried
                        .iter()
                        .map(|(_, key, d)| (key, &d.prevails_over))
                        .collect::<Vec<_>>()
                        .as_slice(),
                )
            };
        // The derogations that apply and that no other applying one prevails over.
        let applying: Vec<usize> = (0..tried.len())
            .filter(|&i| tried[i].0.applies == Truth::True)
            .collect();
        let winners: Vec<usize> = applying
            .iter()
            .copied()
            .filter(|&i| !applying.iter().any(|&j| j != i && prevails(j, i, &tried)))
            .collect();
        let mut conflict = None;
        let mut value = original.value();
        if let Some(&first) = winners.first() {
            value = result_of(&tried[first].0);
            if winners.iter().any(|&w| result_of(&tried[w].0) != value) {
                let names: Vec<String> = winners
                    .iter()
                    .map(|&w| format!("{} ({})", tried[w].0.name, tried[w].0.article.id))
                    .collect();
                conflict = Some(format!(
                    "les dérogations {} s'appliquent ensemble sans priorité entre elles et conduisent à des résultats différents",
                    names.join(" et ")
                ));
                value = Truth::Unknown;
            } else {
                for &w in &winners {
                    tried[w].0.chosen = true;
                }
            }
        }
        // A derogation that may apply (its condition is unknown), unless one that applies
        // prevails over it, leaves the value open if it would change it.
        for i in (0..tried.len()).filter(|&i| tried[i].0.applies == Truth::Unknown) {
            let overridden = winners.iter().any(|&w| prevails(w, i, &tried));
            if !overridden && result_of(&tried[i].0) != value {
                value = Truth::Unknown;
            }
        }
        Step::Derogated {
            value,
            original: Box::new(original),
            derogations: tried.into_iter().map(|(t, _, _)| t).collect(),
            conflict,
        }
    }
}

/// Whether derogation `a` prevails over `b`, directly or through others.
fn prevails_over(a: usize, b: usize, table: &[(&DerogationRef, &Vec<DerogationRef>)]) -> bool {
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
