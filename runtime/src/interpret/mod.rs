//! The reference interpreter: evaluates a route's conditions on a dossier, in three-valued
//! logic, and records every step in a trace.
//!
//! Every sub-condition is evaluated, whatever the values already found: the trace must show all
//! the grounds, not the first one met. Native code (later) must agree with this interpreter on
//! every dossier.

mod terms;

use crate::dossier::Dossier;
use crate::logic::Truth;
use crate::program::{
    ArticleId, ArticleVersion, Condition, ConditionRef, Derogation, DerogationRef, Expr, Program,
};
use crate::resolve::{Candidate, Resolver, prevails_over};
use crate::trace::{Citation, DerogationTried, ListRead, Step};
use crate::value::{Type, Value};

pub use crate::resolve::{Dates, Scope};

/// Conditions may refer to conditions of other articles; the compiler rejects cycles, and this
/// bound keeps a hand-made `Program` with a cycle from exhausting the stack.
pub const MAX_DEPTH: usize = 64;

/// Evaluates expressions of one program on one dossier, for one route.
pub(crate) struct Evaluator<'a> {
    program: &'a Program,
    dossier: &'a Dossier,
    /// Which rules apply at the assessment's dates.
    pub(crate) rules: Resolver<'a>,
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
            rules: Resolver::new(program, dates, route_article),
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
        // The list as read is kept (moved, not copied) for what the outcome rests on.
        let (path, label, read) = match eval.shown {
            crate::trace::Shown::Fact(read) => {
                (read.fact.clone(), read.label.clone(), Some(Box::new(read)))
            }
            _ => (String::new(), None, None),
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
                    read,
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
                read,
            },
            steps,
        )
    }

    fn condition_ref(&mut self, reference: &'a ConditionRef, scope: Scope<'a>) -> Step {
        match self.rules.condition(reference, scope) {
            Ok((target, condition)) => self.condition(target, condition, false),
            Err(unresolved) => unresolved.into_step(self.program),
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
            return self.rules.too_deep(scope.article);
        }
        self.depth += 1;
        self.enter(scope);
        let derogations = match &condition.name {
            Some(name) => self.rules.derogations_for(scope.article, name),
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
