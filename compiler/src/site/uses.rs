//! Who uses what: the facts and parameters each rule reads, and the conditions of other
//! articles each rule names (`visa_long_sejour de L. 412-1`), derogates from or prevails over.
//! The pages show both directions: « utilisé par » on a fact, « renvoie à » and « cité par » on
//! an article.

use std::collections::BTreeSet;

use motif_runtime::program::{
    ArticleId, ArticleVersion, ConditionRef, Expr, FactId, ParameterId, Program, RouteId, Term,
};

/// A rule of an article version.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Item {
    Condition(String),
    Route(RouteId),
    Derogation(String),
    Exclusion(String),
}

/// Where a rule is: its article, the index of its version, the rule.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct Place {
    pub(crate) article: ArticleId,
    pub(crate) version: usize,
    pub(crate) item: Item,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum RefKind {
    /// The rule's expression names the condition.
    Uses,
    /// A derogation to the condition.
    Derogates,
    /// A derogation that prevails over that derogation.
    PrevailsOver,
}

impl RefKind {
    /// How a reference is read, from the referring rule to the one it names.
    pub(crate) fn verb(self) -> &'static str {
        match self {
            RefKind::Uses => "emploie",
            RefKind::Derogates => "déroge à",
            RefKind::PrevailsOver => "prime sur",
        }
    }
}

/// A rule naming a condition (or a derogation) of another article.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct Reference {
    pub(crate) from: Place,
    pub(crate) kind: RefKind,
    pub(crate) to: ArticleId,
    pub(crate) name: String,
}

#[derive(Debug, Default)]
pub(crate) struct Uses {
    /// By `FactId`: the rules that read the fact.
    pub(crate) facts: Vec<BTreeSet<Place>>,
    /// By `ParameterId`.
    pub(crate) parameters: Vec<BTreeSet<Place>>,
    /// Across articles only, in order.
    pub(crate) references: BTreeSet<Reference>,
}

/// What a walk meets.
enum Found<'e> {
    Fact(FactId),
    Parameter(ParameterId),
    Condition(ArticleId, &'e str),
}

pub(crate) fn collect(program: &Program) -> Uses {
    let mut uses = Uses {
        facts: vec![BTreeSet::new(); program.facts.len()],
        parameters: vec![BTreeSet::new(); program.parameters.len()],
        references: BTreeSet::new(),
    };
    for (a, article) in program.articles.iter().enumerate() {
        let article_id = ArticleId(a as u32);
        for (v, version) in article.versions.iter().enumerate() {
            let place = |item: Item| Place {
                article: article_id,
                version: v,
                item,
            };
            let mut rules: Vec<(Place, Vec<&Expr>)> = Vec::new();
            for condition in &version.conditions {
                // An anonymous condition is read where it is written, with its parent.
                if let Some(name) = &condition.name {
                    rules.push((place(Item::Condition(name.clone())), vec![&condition.expr]));
                }
            }
            for route in &version.routes {
                let mut exprs = vec![&route.expr];
                exprs.extend(route.closures.iter().map(|c| &c.when));
                rules.push((place(Item::Route(route.route)), exprs));
            }
            for derogation in &version.derogations {
                let at = place(Item::Derogation(derogation.name.clone()));
                if derogation.target.article != article_id {
                    uses.references.insert(Reference {
                        from: at.clone(),
                        kind: RefKind::Derogates,
                        to: derogation.target.article,
                        name: derogation.target.name.clone(),
                    });
                }
                for over in &derogation.prevails_over {
                    if over.article != article_id {
                        uses.references.insert(Reference {
                            from: at.clone(),
                            kind: RefKind::PrevailsOver,
                            to: over.article,
                            name: over.name.clone(),
                        });
                    }
                }
                let exprs = derogation
                    .when
                    .iter()
                    .chain(derogation.then.iter())
                    .collect();
                rules.push((at, exprs));
            }
            for exclusion in &version.exclusions {
                rules.push((
                    place(Item::Exclusion(exclusion.name.clone())),
                    vec![&exclusion.when],
                ));
            }
            for (at, exprs) in rules {
                for expr in exprs {
                    walk(expr, version, 0, &mut |found| match found {
                        Found::Fact(id) => {
                            if let Some(set) = uses.facts.get_mut(id.0 as usize) {
                                set.insert(at.clone());
                            }
                        }
                        Found::Parameter(id) => {
                            if let Some(set) = uses.parameters.get_mut(id.0 as usize) {
                                set.insert(at.clone());
                            }
                        }
                        Found::Condition(to, name) if to != article_id => {
                            uses.references.insert(Reference {
                                from: at.clone(),
                                kind: RefKind::Uses,
                                to,
                                name: name.to_string(),
                            });
                        }
                        Found::Condition(..) => {}
                    });
                }
            }
        }
    }
    uses
}

/// Deeper than this, a chain of anonymous conditions would be a cycle, which the checker
/// refuses; the walk stops rather than loop.
const MAX_DEPTH: usize = 64;

fn walk<'e>(
    expr: &'e Expr,
    version: &'e ArticleVersion,
    depth: usize,
    visit: &mut impl FnMut(Found<'e>),
) {
    if depth > MAX_DEPTH {
        return;
    }
    match expr {
        Expr::Constant(_) => {}
        Expr::Test(term) => walk_term(term, version, depth, visit),
        Expr::Not(inner) => walk(inner, version, depth + 1, visit),
        Expr::All(items) | Expr::Any(items) => {
            for item in items {
                walk(item, version, depth + 1, visit);
            }
        }
        Expr::Implies(a, b) => {
            walk(a, version, depth + 1, visit);
            walk(b, version, depth + 1, visit);
        }
        Expr::Compare { left, right, .. } => {
            walk_term(left, version, depth, visit);
            walk_term(right, version, depth, visit);
        }
        Expr::In { operand, .. } => walk_term(operand, version, depth, visit),
        Expr::Condition(ConditionRef::Local(i)) => {
            if let Some(condition) = version.conditions.get(*i as usize)
                && condition.name.is_none()
            {
                walk(&condition.expr, version, depth + 1, visit);
            }
        }
        Expr::Condition(ConditionRef::Article { article, name }) => {
            visit(Found::Condition(*article, name));
        }
        Expr::Exists { list, body } | Expr::ForAll { list, body } => {
            walk_term(list, version, depth, visit);
            walk(body, version, depth + 1, visit);
        }
    }
}

fn walk_term<'e>(
    term: &'e Term,
    version: &'e ArticleVersion,
    depth: usize,
    visit: &mut impl FnMut(Found<'e>),
) {
    if depth > MAX_DEPTH {
        return;
    }
    match term {
        Term::Literal(_) | Term::Element { .. } | Term::DecisionDate | Term::FilingDate => {}
        Term::Fact(id) => visit(Found::Fact(*id)),
        Term::Parameter(id) => visit(Found::Parameter(*id)),
        Term::Field { record, .. } => walk_term(record, version, depth + 1, visit),
        Term::Arith { left, right, .. } => {
            walk_term(left, version, depth + 1, visit);
            walk_term(right, version, depth + 1, visit);
        }
        Term::Between { from, to, .. } => {
            walk_term(from, version, depth + 1, visit);
            walk_term(to, version, depth + 1, visit);
        }
        Term::Count { list, body } => {
            walk_term(list, version, depth + 1, visit);
            walk(body, version, depth + 1, visit);
        }
    }
}
