//! From the `Program` to a route's plan at given dates: the interpreter's evaluation, with the
//! dossier left out.
//!
//! Every choice that depends on the dates is made here, by the same `Resolver` the interpreter
//! asks, in the same order; what depends on the dossier becomes a node. A construct this module
//! does not compile (a text, a duration read from the dossier, a list inside a record…) makes
//! the route fall back on the interpreter, with the reason.

mod terms;

use motif_runtime::program::{Condition, Derogation, DerogationRef, Expr, Program, RouteId, Term};
use motif_runtime::resolve::{Candidate, Resolver, Scope, Unresolved, prevails_over};
use motif_runtime::trace::{Citation, Step};
use motif_runtime::{Dates, MAX_DEPTH, Outcome};

use crate::layout::{LIST_CAPACITY, Layout};
use crate::plan::{
    Closing, ConditionInfo, NativeRoute, Node, NodeId, Reason, RoutePlan, Tried, Unavailable,
};

/// Why a construct is not compiled: the route falls back on the interpreter.
pub(crate) type Unsupported = String;

/// The plan of `route` at `dates` (and at every pair of dates in their range).
pub fn route_plan(program: &Program, layout: &Layout, dates: Dates, route: RouteId) -> RoutePlan {
    let decl = &program.routes[route.0 as usize];
    let article = program.article(decl.article);
    let rules = Resolver::new(program, dates, decl.article);
    let Ok(date) = rules.reference_date(decl.article) else {
        return RoutePlan::Fixed(Outcome::Incomplete);
    };
    let Some(version) = article.version_at(date) else {
        return RoutePlan::Fixed(Outcome::NotApplicable);
    };
    if version.repealed {
        return RoutePlan::Fixed(Outcome::NotApplicable);
    }
    let Some(body) = version.route(route) else {
        return RoutePlan::Fixed(Outcome::NotApplicable);
    };
    let mut builder = Builder {
        program,
        layout,
        rules,
        nodes: Vec::new(),
        elements: Vec::new(),
        depth: 0,
        sensitive: false,
    };
    let scope = Scope {
        article: decl.article,
        version,
    };
    let home = builder.citation(scope);
    match builder.route(scope, body) {
        Ok((closures, trace)) => RoutePlan::Native(NativeRoute {
            nodes: builder.nodes,
            closures,
            trace,
            sensitive: builder.sensitive,
            home,
        }),
        Err(reason) => RoutePlan::Interpreter(reason),
    }
}

struct Builder<'a> {
    program: &'a Program,
    layout: &'a Layout,
    rules: Resolver<'a>,
    nodes: Vec<Node>,
    /// The list elements bound by the enclosing quantifiers, innermost last.
    elements: Vec<Bound>,
    depth: usize,
    sensitive: bool,
}

/// Element `k` of a list, bound by a quantifier.
struct Bound {
    /// The first word of the element in the record.
    base: usize,
    /// Its path in the dossier: `demandeur.enfants[1]`.
    path: String,
    shape: crate::layout::ElementShape,
    ty: motif_runtime::value::Type,
}

impl<'a> Builder<'a> {
    fn push(&mut self, node: Node) -> NodeId {
        self.nodes.push(node);
        self.nodes.len() - 1
    }

    fn citation(&self, scope: Scope<'_>) -> Citation {
        Citation {
            id: self.program.article(scope.article).id.clone(),
            version: scope.version.in_force.from,
        }
    }

    /// The route's closures, exclusions and conditions, as `assessment::route_assessment`
    /// evaluates them.
    fn route(
        &mut self,
        scope: Scope<'a>,
        body: &'a motif_runtime::program::RouteVersion,
    ) -> Result<(Vec<Closing>, NodeId), Unsupported> {
        let home = self.citation(scope);
        let mut closures = Vec::new();
        for closure in &body.closures {
            let when = self.expr(&closure.when, scope)?;
            let node = self.closing(when, None, &closure.reason, home.clone());
            closures.push(Closing {
                node,
                closed: Some((home.clone(), closure.reason.clone())),
            });
        }
        for exclusion in self.rules.exclusions(body.grant.card) {
            match exclusion {
                Ok((exclusion_scope, exclusion)) => {
                    let when = self.expr(&exclusion.when, exclusion_scope)?;
                    let citation = self.citation(exclusion_scope);
                    let node = self.closing(
                        when,
                        Some(&exclusion.name),
                        &exclusion.reason,
                        citation.clone(),
                    );
                    closures.push(Closing {
                        node,
                        closed: Some((citation, exclusion.reason.clone())),
                    });
                }
                Err(unknown) => {
                    let node = self.unavailable_step(&unknown);
                    closures.push(Closing { node, closed: None });
                }
            }
        }
        let own = self.expr(&body.expr, scope)?;
        // A route's own `toutes` is spread into the trace's, as the interpreter does.
        let mut of = match self.nodes.last() {
            Some(Node::All(items)) if own == self.nodes.len() - 1 => {
                let items = items.clone();
                self.nodes.pop();
                items
            }
            _ => vec![own],
        };
        for general in self.rules.general_conditions(body.grant.card) {
            match general {
                Ok((general_scope, condition)) => {
                    of.push(self.condition(general_scope, condition, true)?)
                }
                Err(unknown) => of.push(self.unavailable_step(&unknown)),
            }
        }
        let trace = self.push(Node::All(of));
        Ok((closures, trace))
    }

    /// A closure or an exclusion shown as a condition of its article, with its reason.
    fn closing(
        &mut self,
        when: NodeId,
        name: Option<&str>,
        reason: &str,
        article: Citation,
    ) -> NodeId {
        self.push(Node::Condition {
            body: when,
            favorable: false,
            about: ConditionInfo {
                article,
                name: name.map(str::to_string),
                label: Some(format!("la voie est sans objet : {reason}")),
                general: false,
            },
        })
    }

    /// The node of an `Unavailable` step the resolver gives (its reason has no date in it).
    fn unavailable_step(&mut self, step: &Step) -> NodeId {
        let node = match step {
            Step::Unavailable {
                article,
                reason,
                missing,
                ..
            } => Unavailable {
                article: article.clone(),
                missing_filing: missing.is_some(),
                reason: Reason::Text(reason.clone()),
            },
            // The resolver gives no other kind of step.
            _ => Unavailable {
                article: String::new(),
                missing_filing: false,
                reason: Reason::Text(String::new()),
            },
        };
        self.push(Node::Unavailable(node))
    }

    fn expr(&mut self, expr: &'a Expr, scope: Scope<'a>) -> Result<NodeId, Unsupported> {
        let node = match expr {
            Expr::Constant(b) => Node::Const(*b),
            Expr::Test(term) => {
                let (operand, ty) = self.term(term, scope, None)?;
                if ty != terms::Ty::Bool {
                    return Err("une condition lit une valeur qui n'est pas un booléen".into());
                }
                Node::Test(operand)
            }
            Expr::Not(inner) => Node::Not(self.expr(inner, scope)?),
            Expr::All(items) => Node::All(self.exprs(items, scope)?),
            Expr::Any(items) => Node::Any(self.exprs(items, scope)?),
            Expr::Implies(condition, then) => {
                let condition = self.expr(condition, scope)?;
                Node::Implies(condition, self.expr(then, scope)?)
            }
            Expr::Compare {
                op,
                left,
                right,
                scale,
            } => self.compare(*op, left, right, *scale, scope)?,
            Expr::In { operand, set } => self.member(operand, set, scope)?,
            Expr::Condition(reference) => {
                return match self.rules.condition(reference, scope) {
                    Ok((target, condition)) => self.condition(target, condition, false),
                    Err(unresolved) => Ok(self.unresolved(unresolved)),
                };
            }
            Expr::Exists { list, body } | Expr::ForAll { list, body } => {
                let exists = matches!(expr, Expr::Exists { .. });
                let (list, elements) = self.each_element(list, body, scope)?;
                Node::Quant {
                    exists,
                    list,
                    elements,
                }
            }
        };
        Ok(self.push(node))
    }

    fn exprs(&mut self, items: &'a [Expr], scope: Scope<'a>) -> Result<Vec<NodeId>, Unsupported> {
        items.iter().map(|e| self.expr(e, scope)).collect()
    }

    fn unresolved(&mut self, unresolved: Unresolved) -> NodeId {
        match unresolved {
            Unresolved::FilingDate(step) => self.unavailable_step(&step),
            Unresolved::NoVersion { article, .. } => {
                let decl = self.program.article(article);
                let node = Unavailable {
                    article: decl.id.clone(),
                    missing_filing: false,
                    reason: Reason::NoVersion {
                        reference: decl.reference_date,
                    },
                };
                self.push(Node::Unavailable(node))
            }
            Unresolved::NotDefined { .. } => {
                let step = unresolved.into_step(self.program);
                self.unavailable_step(&step)
            }
        }
    }

    /// The body of a quantifier once per element the record can hold, each reading its own
    /// element.
    fn each_element(
        &mut self,
        list: &'a Term,
        body: &'a Expr,
        scope: Scope<'a>,
    ) -> Result<(crate::plan::ListRef, Vec<NodeId>), Unsupported> {
        let (list, shape, ty) = self.list(list)?;
        let mut elements = Vec::with_capacity(LIST_CAPACITY);
        for k in 0..LIST_CAPACITY {
            self.elements.push(Bound {
                base: list.first + k * list.stride,
                path: format!("{}[{k}]", list.path),
                shape: shape.clone(),
                ty: ty.clone(),
            });
            let element = self.expr(body, scope);
            self.elements.pop();
            elements.push(element?);
        }
        Ok((list, elements))
    }

    /// A labelled condition in its own article version, with its derogations.
    fn condition(
        &mut self,
        scope: Scope<'a>,
        condition: &'a Condition,
        general: bool,
    ) -> Result<NodeId, Unsupported> {
        if self.depth >= MAX_DEPTH {
            let step = self.rules.too_deep(scope.article);
            return Ok(self.unavailable_step(&step));
        }
        self.depth += 1;
        let derogations = match &condition.name {
            Some(name) => self.rules.derogations_for(scope.article, name),
            None => Vec::new(),
        };
        let body = if derogations.is_empty() {
            self.expr(&condition.expr, scope)
        } else {
            self.derogated(scope, condition, derogations)
        };
        self.depth -= 1;
        let about = ConditionInfo {
            article: self.citation(scope),
            name: condition.name.clone(),
            label: condition.label.clone(),
            general,
        };
        Ok(self.push(Node::Condition {
            body: body?,
            favorable: condition.favorable,
            about,
        }))
    }

    fn derogated(
        &mut self,
        scope: Scope<'a>,
        condition: &'a Condition,
        candidates: Vec<Candidate<'a>>,
    ) -> Result<NodeId, Unsupported> {
        let original = self.expr(&condition.expr, scope)?;
        let mut tried = Vec::with_capacity(candidates.len());
        let mut keys: Vec<(DerogationRef, &'a Derogation)> = Vec::new();
        for candidate in candidates {
            let (home, derogation, unknown) = match candidate {
                Candidate::Known(home, derogation) => (home, derogation, None),
                Candidate::Uncertain(home, derogation, step) => (home, derogation, Some(step)),
            };
            let when = match unknown {
                Some(step) => Some(self.unavailable_step(&step)),
                None => match &derogation.when {
                    Some(e) => Some(self.expr(e, home)?),
                    None => None,
                },
            };
            let then = match &derogation.then {
                Some(e) => Some(self.expr(e, home)?),
                None => None,
            };
            tried.push(Tried {
                when,
                then,
                article: self.citation(home),
                name: derogation.name.clone(),
            });
            keys.push((
                DerogationRef {
                    article: home.article,
                    name: derogation.name.clone(),
                },
                derogation,
            ));
        }
        let table: Vec<_> = keys.iter().map(|(k, d)| (k, &d.prevails_over)).collect();
        let prevails = (0..tried.len())
            .map(|a| {
                (0..tried.len())
                    .map(|b| prevails_over(a, b, &table))
                    .collect()
            })
            .collect();
        Ok(self.push(Node::Derogated {
            original,
            tried,
            prevails,
        }))
    }
}
