//! What a dossier may hold. Every way in (the library's `decode_dossier`, `motif assess`,
//! `motif batch`, the HTTP service) refuses a dossier beyond these limits with an error that
//! names the limit and where it was passed, before anything is assessed: a hostile or broken
//! document costs one pass over its text and no more.
//!
//! The limits are far above what a residence-permit dossier needs (a few kilobytes, a handful
//! of levels, lists of children or of stays with a few elements), and low enough that the
//! assessment of the largest dossier they allow stays small: with every list at its limit, the
//! trace of a route has at most [`MAX_TRACE_STEPS`] steps (checked for the CESEDA set by
//! `tests/tests/limits.rs`).

/// The largest dossier, in bytes of JSON text.
pub const MAX_DOSSIER_BYTES: usize = 1 << 20;

/// The deepest nesting of objects and arrays (the envelope, `facts`, groups, lists, records and
/// provenance forms take a dozen levels at most).
pub const MAX_JSON_DEPTH: usize = 32;

/// The most elements a list fact may have.
pub const MAX_LIST_LENGTH: usize = 100;

/// The most steps the trace of one route may have: the bound the CESEDA set's routes stay
/// under with every list at [`MAX_LIST_LENGTH`].
pub const MAX_TRACE_STEPS: usize = 50_000;

use crate::program::{ArticleId, ConditionRef, Expr, Program, RouteId, Term};

/// The most steps the trace of `route` can have, whatever the dossier and dates, with lists of
/// at most [`MAX_LIST_LENGTH`] elements: an upper bound, counted on the rules (every version of
/// the route's article, every general condition and derogation that could apply, each
/// quantifier's body once per element). The compiler refuses a policy set where it exceeds
/// [`MAX_TRACE_STEPS`], so that no assessment's trace does.
pub fn trace_bound(program: &Program, route: RouteId) -> usize {
    let counter = Counter { program };
    let Some(home) = program.routes.get(route.0 as usize) else {
        return 0;
    };
    let article = program.article(home.article);
    let mut bound = 1;
    for (v, version) in article.versions.iter().enumerate() {
        let Some(body) = version.route(route) else {
            continue;
        };
        let local = Local {
            article: home.article,
            version: v,
        };
        // A closure that closes the route is its whole trace; otherwise the trace holds the
        // route's own conditions and the general conditions for its card.
        // (A closing step is shown as a condition of its article, around its rule.)
        for closure in &body.closures {
            bound = bound.max(1usize.saturating_add(counter.expr(&closure.when, local, 0)));
        }
        let mut open = 1 + counter.expr(&body.expr, local, 0);
        for (a, other) in program.articles.iter().enumerate() {
            let mut general = 0;
            let mut excluding = 0;
            for (v, other_version) in other.versions.iter().enumerate() {
                let there = Local {
                    article: ArticleId(a as u32),
                    version: v,
                };
                // One version of each article is in force: its general conditions add up.
                let in_version = other_version
                    .conditions
                    .iter()
                    .filter(|c| c.general_for.contains(&body.grant.card))
                    .fold(0usize, |n, c| {
                        n.saturating_add(counter.condition(there, c.name.as_deref(), &c.expr, 0))
                    });
                general = general.max(in_version);
                for exclusion in &other_version.exclusions {
                    if exclusion.applies_to.contains(&body.grant.card) {
                        excluding = excluding.max(1usize.saturating_add(counter.expr(
                            &exclusion.when,
                            there,
                            0,
                        )));
                    }
                }
            }
            open = open.saturating_add(general);
            bound = bound.max(excluding);
        }
        bound = bound.max(open);
    }
    bound
}

/// Where an expression is read: a version of an article.
#[derive(Clone, Copy)]
struct Local {
    article: ArticleId,
    version: usize,
}

struct Counter<'p> {
    program: &'p Program,
}

impl Counter<'_> {
    fn expr(&self, expr: &Expr, at: Local, depth: usize) -> usize {
        if depth > crate::MAX_DEPTH {
            return 1;
        }
        let sum = |items: &[Expr]| {
            items
                .iter()
                .fold(1usize, |n, e| n.saturating_add(self.expr(e, at, depth)))
        };
        match expr {
            Expr::Constant(_) => 1,
            Expr::Test(term) => 1usize.saturating_add(self.term(term, at, depth)),
            Expr::Not(inner) => 1usize.saturating_add(self.expr(inner, at, depth)),
            Expr::All(items) | Expr::Any(items) => sum(items),
            Expr::Implies(a, b) => 1usize
                .saturating_add(self.expr(a, at, depth))
                .saturating_add(self.expr(b, at, depth)),
            Expr::Compare { left, right, .. } => 1usize
                .saturating_add(self.term(left, at, depth))
                .saturating_add(self.term(right, at, depth)),
            Expr::In { operand, .. } => 1usize.saturating_add(self.term(operand, at, depth)),
            Expr::Exists { body, .. } | Expr::ForAll { body, .. } => {
                1usize.saturating_add(self.expr(body, at, depth).saturating_mul(MAX_LIST_LENGTH))
            }
            Expr::Condition(ConditionRef::Local(index)) => {
                let article = self.program.article(at.article);
                article
                    .versions
                    .get(at.version)
                    .and_then(|version| version.conditions.get(*index as usize))
                    .map_or(1, |c| {
                        self.condition(at, c.name.as_deref(), &c.expr, depth + 1)
                    })
            }
            Expr::Condition(ConditionRef::Article { article, name }) => {
                let target = self.program.article(*article);
                target
                    .versions
                    .iter()
                    .enumerate()
                    .flat_map(|(v, version)| {
                        version
                            .conditions
                            .iter()
                            .filter(|c| c.name.as_deref() == Some(name.as_str()))
                            .map(move |c| (v, c))
                    })
                    .map(|(v, c)| {
                        let there = Local {
                            article: *article,
                            version: v,
                        };
                        self.condition(there, c.name.as_deref(), &c.expr, depth + 1)
                    })
                    .max()
                    .unwrap_or(1)
            }
        }
    }

    /// A labelled condition: its step, its rule, and every derogation to it that could be in
    /// force (their conditions and results, and the step that holds them).
    fn condition(&self, at: Local, name: Option<&str>, expr: &Expr, depth: usize) -> usize {
        let mut steps = 1usize.saturating_add(self.expr(expr, at, depth));
        let Some(name) = name else {
            return steps;
        };
        let mut derogations = 0usize;
        for (a, article) in self.program.articles.iter().enumerate() {
            for (v, version) in article.versions.iter().enumerate() {
                for derogation in &version.derogations {
                    if derogation.target.article != at.article || derogation.target.name != name {
                        continue;
                    }
                    let there = Local {
                        article: ArticleId(a as u32),
                        version: v,
                    };
                    // Without a condition of its own, a derogation may still show one step: the filing
                    // date it needs to know whether it is in force.
                    let when = derogation
                        .when
                        .as_ref()
                        .map_or(1, |e| self.expr(e, there, depth + 1));
                    let then = derogation
                        .then
                        .as_ref()
                        .map_or(0, |e| self.expr(e, there, depth + 1));
                    derogations = derogations.saturating_add(when).saturating_add(then);
                }
            }
        }
        if derogations > 0 {
            steps = steps.saturating_add(1).saturating_add(derogations);
        }
        steps
    }

    /// Steps shown inside a value: a count's body, once per element.
    fn term(&self, term: &Term, at: Local, depth: usize) -> usize {
        match term {
            Term::Count { list, body } => self
                .term(list, at, depth)
                .saturating_add(self.expr(body, at, depth).saturating_mul(MAX_LIST_LENGTH)),
            Term::Field { record, .. } => self.term(record, at, depth),
            Term::Arith { left, right, .. } => self
                .term(left, at, depth)
                .saturating_add(self.term(right, at, depth)),
            Term::Between { from, to, .. } => self
                .term(from, at, depth)
                .saturating_add(self.term(to, at, depth)),
            Term::Literal(_)
            | Term::Fact(_)
            | Term::Parameter(_)
            | Term::Element { .. }
            | Term::DecisionDate
            | Term::FilingDate => 0,
        }
    }
}
