//! Invariant 9: sensitive data never decides against the applicant.
//!
//! A sensitive fact (health and the other special categories of GDPR art. 9) may be read only
//! in the body of a `condition favorable`, whose failure leaves the point to the officer instead
//! of refusing. A condition that rests on such data — a favourable one that reads it, or any
//! condition built on one — may be used only where its truth can help the applicant: not under
//! `non`, not as the hypothesis of `si … alors`, not in a count, a derogation, an exclusion or a
//! closure. Together, no assignment of the sensitive facts can turn a route to `not_eligible`.

use std::collections::HashSet;

use motif_runtime::program::ArticleId;

use super::{CheckedPart, Declarations, HomeVersion, Part, Resolution, home_versions};
use crate::diagnostics::{Diagnostic, SensitiveFact};
use crate::syntax::ast::{Expr, ExprKind, Quantifier};

/// A condition: its article, version index, name.
type Key = (ArticleId, usize, String);

#[derive(Clone, Copy)]
enum Polarity {
    /// Its truth can only help the applicant.
    Positive,
    /// Under `non`, or the hypothesis of `si`.
    Negative,
    /// Where no polarity holds (a count, a derogation, a closure…), with why.
    Forbidden(&'static str),
}

impl Polarity {
    fn flip(self) -> Polarity {
        match self {
            Polarity::Positive => Polarity::Negative,
            Polarity::Negative => Polarity::Positive,
            forbidden => forbidden,
        }
    }
}

pub(super) fn check(
    parts: &[Part<'_>],
    checked: &[&CheckedPart],
    declarations: &Declarations,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let signatures = &declarations.signatures;
    if !signatures.facts.iter().any(|f| f.sensitive) {
        return;
    }
    let homes = home_versions(parts, checked, declarations);
    let tainted = tainted(&homes, declarations);
    let mut checker = Checker {
        declarations,
        tainted: &tainted,
        diagnostics,
    };
    for home in &homes {
        for condition in &home.version.conditions {
            checker.reads(
                home,
                &condition.body,
                if condition.favorable {
                    None
                } else {
                    Some("lu hors d'une condition favorable")
                },
            );
            checker.walk(home, &condition.body, Polarity::Positive);
        }
        for route in &home.version.routes {
            checker.reads(home, &route.body, Some("lu hors d'une condition favorable"));
            checker.walk(home, &route.body, Polarity::Positive);
            for closure in &route.closures {
                checker.reads(home, &closure.when, Some("lu pour fermer une voie"));
                checker.walk(
                    home,
                    &closure.when,
                    Polarity::Forbidden("employée pour fermer une voie"),
                );
            }
        }
        for derogation in &home.version.derogations {
            for expr in derogation.when.iter().chain(derogation.then.iter()) {
                checker.reads(home, expr, Some("lu dans une dérogation"));
                checker.walk(
                    home,
                    expr,
                    Polarity::Forbidden("employée dans une dérogation"),
                );
            }
        }
        for exclusion in &home.version.exclusions {
            checker.reads(home, &exclusion.when, Some("lu pour exclure des voies"));
            checker.walk(
                home,
                &exclusion.when,
                Polarity::Forbidden("employée pour exclure des voies"),
            );
        }
    }
}

/// The conditions that rest on sensitive data: favourable ones that read it, and (transitively)
/// every condition that refers to one of those. Each with the sensitive fact behind it.
fn tainted(homes: &[HomeVersion<'_>], declarations: &Declarations) -> Vec<(Key, String)> {
    let mut out: Vec<(Key, String)> = Vec::new();
    let mut seen: HashSet<Key> = HashSet::new();
    loop {
        let before = out.len();
        for home in homes {
            for condition in &home.version.conditions {
                let key = (home.article, home.index, condition.name.node.clone());
                if seen.contains(&key) {
                    continue;
                }
                let mut behind = None;
                condition.body.walk(&mut |e| {
                    if behind.is_some() {
                        return;
                    }
                    match home.checked.resolutions.get(&e.id) {
                        Some(Resolution::Fact(id) | Resolution::FactField { fact: id, .. })
                            if condition.favorable
                                && declarations.signatures.facts[id.0 as usize].sensitive =>
                        {
                            behind =
                                Some(declarations.signatures.facts[id.0 as usize].name.clone());
                        }
                        Some(
                            r @ (Resolution::LocalCondition(_) | Resolution::ArticleCondition(..)),
                        ) => {
                            behind = referred(home, r, &out);
                        }
                        _ => {}
                    }
                });
                if let Some(fact) = behind {
                    seen.insert(key.clone());
                    out.push((key, fact));
                }
            }
        }
        if out.len() == before {
            return out;
        }
    }
}

/// The sensitive fact behind a referred condition, if it is tainted.
fn referred(
    home: &HomeVersion<'_>,
    resolution: &Resolution,
    tainted: &[(Key, String)],
) -> Option<String> {
    tainted
        .iter()
        .find(|((article, index, name), _)| match resolution {
            Resolution::LocalCondition(local) => {
                *article == home.article && *index == home.index && name == local
            }
            Resolution::ArticleCondition(target, other) => article == target && name == other,
            _ => false,
        })
        .map(|(_, fact)| fact.clone())
}

struct Checker<'a> {
    declarations: &'a Declarations,
    tainted: &'a [(Key, String)],
    diagnostics: &'a mut Vec<Diagnostic>,
}

impl Checker<'_> {
    fn report(&mut self, home: &HomeVersion<'_>, fact: String, expr: &Expr, reason: &str) {
        let error = SensitiveFact {
            fact,
            span: expr.span.into(),
            reason: reason.to_string(),
        };
        self.diagnostics
            .push(Diagnostic::new(home.part.file, error).shifted(home.part.offset));
    }

    /// Reports every sensitive fact read in `expr` when it may not be read there.
    fn reads(&mut self, home: &HomeVersion<'_>, expr: &Expr, forbidden: Option<&str>) {
        let Some(reason) = forbidden else { return };
        let mut found: Vec<(&Expr, String)> = Vec::new();
        expr.walk(&mut |e| {
            if let Some(Resolution::Fact(id) | Resolution::FactField { fact: id, .. }) =
                home.checked.resolutions.get(&e.id)
            {
                let fact = &self.declarations.signatures.facts[id.0 as usize];
                if fact.sensitive {
                    found.push((e, fact.name.clone()));
                }
            }
        });
        for (e, fact) in found {
            self.report(home, fact, e, reason);
        }
    }

    /// Reports every use of a tainted condition where its truth could count against the
    /// applicant.
    fn walk(&mut self, home: &HomeVersion<'_>, expr: &Expr, polarity: Polarity) {
        match &expr.kind {
            ExprKind::Not(inner) => self.walk(home, inner, polarity.flip()),
            ExprKind::Implies(hypothesis, conclusion) => {
                self.walk(home, hypothesis, polarity.flip());
                self.walk(home, conclusion, polarity);
            }
            ExprKind::And(items) | ExprKind::Or(items) => {
                items.iter().for_each(|e| self.walk(home, e, polarity))
            }
            ExprKind::All(items) | ExprKind::Any(items) => items
                .iter()
                .for_each(|i| self.walk(home, &i.expr, polarity)),
            ExprKind::Quantified {
                quantifier: Quantifier::Count,
                body,
                ..
            } => {
                self.walk(
                    home,
                    body,
                    Polarity::Forbidden("employée dans un dénombrement"),
                );
            }
            ExprKind::Quantified { body, .. } => self.walk(home, body, polarity),
            ExprKind::Ref { .. } => {
                let Some(resolution) = home.checked.resolutions.get(&expr.id) else {
                    return;
                };
                let Some(fact) = referred(home, resolution, self.tainted) else {
                    return;
                };
                let reason = match polarity {
                    Polarity::Positive => return,
                    Polarity::Negative => {
                        "condition fondée sur une donnée sensible, employée sous `non` ou comme hypothèse de `si`"
                    }
                    Polarity::Forbidden(why) => why,
                };
                self.report(home, fact, expr, reason);
            }
            ExprKind::Compare { left, right, .. } | ExprKind::Arith { left, right, .. } => {
                self.walk(home, left, Polarity::Forbidden("employée dans un calcul"));
                self.walk(home, right, Polarity::Forbidden("employée dans un calcul"));
            }
            ExprKind::Round { inner, .. } => {
                self.walk(home, inner, Polarity::Forbidden("employée dans un calcul"))
            }
            _ => {}
        }
    }
}
