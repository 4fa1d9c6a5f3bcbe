//! Invariant 5: two derogations to the same rule that can apply together need a stated
//! priority.
//!
//! Checked on the lowered program, with the runtime's own interpreter: for each pair of
//! derogations to one rule with no priority between them, in force at the same time and
//! applying to the same routes, every assignment of the facts their conditions read is tried.
//! When both hold on one, it is an error, with that assignment as the example. When their
//! conditions read values that cannot all be tried (numbers, dates, amounts), a warning says so,
//! and the runtime reports the conflict to the officer if it ever happens.

use std::collections::BTreeSet;

use motif_runtime::program::{
    ArticleId, ArticleVersion, ConditionRef, Derogation, DerogationRef, Expr, FactId, Program, Term,
};
use motif_runtime::value::{Type, Value};
use motif_runtime::{Dates, Dossier, Truth};

use super::{Declarations, Part};
use crate::diagnostics::{DerogationConflict, DerogationMaybeConflict, Diagnostic, PolicyError};

/// At most this many assignments are tried for one pair.
const MAX_ASSIGNMENTS: usize = 4096;

/// A derogation in its article version.
struct Placed<'p> {
    article: ArticleId,
    version: &'p ArticleVersion,
    derogation: &'p Derogation,
}

pub fn check(
    program: &Program,
    parts: &[Part<'_>],
    declarations: &Declarations,
) -> Vec<Diagnostic> {
    let mut placed: Vec<Placed<'_>> = Vec::new();
    for (a, article) in program.articles.iter().enumerate() {
        for version in &article.versions {
            for derogation in &version.derogations {
                placed.push(Placed {
                    article: ArticleId(a as u32),
                    version,
                    derogation,
                });
            }
        }
    }
    let mut out = Vec::new();
    for (i, first) in placed.iter().enumerate() {
        for second in &placed[i + 1..] {
            if first.derogation.target != second.derogation.target
                || !may_meet(program, first, second)
            {
                continue;
            }
            let Some(problem) = conflict(program, first, second) else {
                continue;
            };
            if let Some(diagnostic) = locate(problem, first, second, parts, declarations, program) {
                out.push(diagnostic);
            }
        }
    }
    out
}

/// Whether two derogations to one rule can be considered together for some route at some date.
fn may_meet(program: &Program, a: &Placed<'_>, b: &Placed<'_>) -> bool {
    let key = |p: &Placed<'_>| DerogationRef {
        article: p.article,
        name: p.derogation.name.clone(),
    };
    if prevails(program, &key(a), &key(b)) || prevails(program, &key(b), &key(a)) {
        return false;
    }
    // One written in the rule's article applies everywhere; one written elsewhere, only to the
    // routes of its own article.
    let target = a.derogation.target.article;
    let same_routes = a.article == target || b.article == target || a.article == b.article;
    let (pa, pb) = (a.version.in_force, b.version.in_force);
    let same_time =
        pa.until.is_none_or(|end| pb.from <= end) && pb.until.is_none_or(|end| pa.from <= end);
    same_routes && same_time
}

/// Whether `a` prevails over `b`, directly or through other derogations.
fn prevails(program: &Program, a: &DerogationRef, b: &DerogationRef) -> bool {
    let mut stack = vec![a.clone()];
    let mut seen = BTreeSet::new();
    while let Some(current) = stack.pop() {
        if !seen.insert((current.article, current.name.clone())) {
            continue;
        }
        for version in &program.article(current.article).versions {
            for derogation in version
                .derogations
                .iter()
                .filter(|d| d.name == current.name)
            {
                for beaten in &derogation.prevails_over {
                    if beaten == b {
                        return true;
                    }
                    stack.push(beaten.clone());
                }
            }
        }
    }
    false
}

enum Problem {
    /// Both apply on this assignment (described).
    Certain(String),
    /// Cannot be decided by trying assignments.
    Possible,
}

fn conflict(program: &Program, a: &Placed<'_>, b: &Placed<'_>) -> Option<Problem> {
    let (Some(when_a), Some(when_b)) = (&a.derogation.when, &b.derogation.when) else {
        return Some(Problem::Certain("elles s'appliquent toujours".into()));
    };
    let mut facts = BTreeSet::new();
    let mut finite = true;
    for (placed, expr) in [(a, when_a), (b, when_b)] {
        reads(
            program,
            placed.article,
            placed.version,
            expr,
            &mut facts,
            &mut finite,
            &mut BTreeSet::new(),
        );
    }
    let domains: Vec<(FactId, Vec<Value>)> = facts
        .iter()
        .map(|&f| (f, domain(program, &program.fact(f).ty)))
        .collect();
    let total = domains
        .iter()
        .try_fold(1_usize, |n, (_, d)| n.checked_mul(d.len().max(1)));
    if !finite
        || domains.iter().any(|(_, d)| d.is_empty())
        || total.is_none_or(|n| n > MAX_ASSIGNMENTS)
    {
        return Some(Problem::Possible);
    }
    let total = total.unwrap_or(0);
    for mut n in 0..total {
        let mut dossier = Dossier::empty(program);
        let mut witness = Vec::new();
        for (fact, values) in &domains {
            let value = values[n % values.len()].clone();
            n /= values.len();
            witness.push(format!("{} = {value}", program.fact(*fact).name));
            dossier.set(*fact, Some(value));
        }
        let holds = |p: &Placed<'_>, e: &Expr| {
            let dates = Dates {
                decided_on: p.version.in_force.from,
                filed_on: Some(p.version.in_force.from),
            };
            motif_runtime::assessment::evaluate(program, &dossier, dates, p.article, p.version, e)
                == Truth::True
        };
        if holds(a, when_a) && holds(b, when_b) {
            return Some(Problem::Certain(if witness.is_empty() {
                "toujours".into()
            } else {
                witness.join(" et ")
            }));
        }
    }
    None
}

/// The values a fact of this type can take, when there are few (none: too many to try).
fn domain(program: &Program, ty: &Type) -> Vec<Value> {
    match ty {
        Type::Bool => vec![Value::Bool(true), Value::Bool(false)],
        Type::Enum(id) => program
            .type_decl(*id)
            .variants()
            .iter()
            .map(|v| Value::Enum(v.name.clone()))
            .collect(),
        _ => Vec::new(),
    }
}

/// Collects the facts `expr` reads (through the conditions it refers to); `finite` becomes
/// false when it reads anything that cannot be enumerated.
fn reads(
    program: &Program,
    article: ArticleId,
    version: &ArticleVersion,
    expr: &Expr,
    facts: &mut BTreeSet<FactId>,
    finite: &mut bool,
    visited: &mut BTreeSet<(u32, String)>,
) {
    let mut term = |t: &Term, facts: &mut BTreeSet<FactId>| match t {
        Term::Fact(id) => {
            facts.insert(*id);
        }
        Term::Literal(_) => {}
        _ => *finite = false,
    };
    match expr {
        Expr::Constant(_) => {}
        Expr::Test(t) => term(t, facts),
        Expr::Compare { left, right, .. } => {
            term(left, facts);
            term(right, facts);
        }
        Expr::In { operand, .. } => term(operand, facts),
        Expr::Not(e) => reads(program, article, version, e, facts, finite, visited),
        Expr::All(items) | Expr::Any(items) => {
            items
                .iter()
                .for_each(|e| reads(program, article, version, e, facts, finite, visited));
        }
        Expr::Implies(a, b) => {
            reads(program, article, version, a, facts, finite, visited);
            reads(program, article, version, b, facts, finite, visited);
        }
        Expr::Exists { .. } | Expr::ForAll { .. } => *finite = false,
        Expr::Condition(ConditionRef::Local(i)) => {
            if visited.insert((article.0, format!("#{i}@{}", version.in_force.from)))
                && let Some(c) = version.conditions.get(*i as usize)
            {
                reads(program, article, version, &c.expr, facts, finite, visited);
            }
        }
        Expr::Condition(ConditionRef::Article {
            article: target,
            name,
        }) => {
            if visited.insert((target.0, name.clone())) {
                for v in &program.article(*target).versions {
                    if let Some(c) = v.condition_named(name) {
                        reads(program, *target, v, &c.expr, facts, finite, visited);
                    }
                }
            }
        }
    }
}

/// The diagnostic, at the second derogation's name in its file.
fn locate(
    problem: Problem,
    first: &Placed<'_>,
    second: &Placed<'_>,
    parts: &[Part<'_>],
    declarations: &Declarations,
    program: &Program,
) -> Option<Diagnostic> {
    let &(p, a) = declarations.article_homes.get(second.article.0 as usize)?;
    let part = parts.get(p)?;
    let article = part.module.articles.get(a)?;
    let version = article
        .versions
        .iter()
        .find(|v| v.from.node == Some(second.version.in_force.from))?;
    let decl = version
        .derogations
        .iter()
        .find(|d| d.name.node == second.derogation.name)?;
    let target = format!(
        "{} de {}",
        second.derogation.target.name,
        program.article(second.derogation.target.article).id
    );
    let first = first.derogation.name.clone();
    let error: PolicyError = match problem {
        Problem::Certain(witness) => DerogationConflict {
            target,
            first,
            second: decl.name.node.clone(),
            witness,
            span: decl.name.span.into(),
        }
        .into(),
        Problem::Possible => DerogationMaybeConflict {
            target,
            first,
            second: decl.name.node.clone(),
            span: decl.name.span.into(),
        }
        .into(),
    };
    Some(Diagnostic::new(part.file, error).shifted(part.offset))
}
