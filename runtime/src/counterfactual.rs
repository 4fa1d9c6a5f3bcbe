//! What would have to change for a refused route to be eligible: the smallest set of failed
//! conditions which, if they held, would open the route, and for each, what it asks and what
//! the dossier shows ("you show 500 €; the article asks for at least 615 €").
//!
//! It is read from the trace. At the level of the route, a `toutes` needs each of its failed
//! items and an `l'une de` only its cheapest one. Inside a condition, every way of satisfying
//! it is kept (an `ou` gives alternatives), because the applicant is the one who knows which
//! they can meet.

use schemars::JsonSchema;
use serde::Serialize;

use crate::date::Duration;
use crate::logic::Truth;
use crate::program::CompareOp;
use crate::trace::{Citation, FactRead, ListRead, Shown, Step, WhichDate};
use crate::value::Value;

/// A failed condition that would have to hold.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Change {
    pub article: Citation,
    pub condition: Option<String>,
    pub label: Option<String>,
    /// The ways it could hold: each is a set of requirements that together would satisfy it.
    /// The first is the smallest.
    pub alternatives: Vec<Vec<Requirement>>,
}

/// One thing the rule asks and the dossier does not show.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Requirement {
    pub relation: Relation,
    /// What the dossier shows: the fact the requirement is about, with its value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fact: Option<FactRead>,
    /// What the rule compares it with (a threshold, a date, the values allowed).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub asks: Vec<Shown>,
    /// For a requirement on elapsed time: how long.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duration: Option<Duration>,
    /// For a requirement on a list: which list.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub list: Option<ListRead>,
}

/// How the fact must relate to what the rule asks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Relation {
    IsTrue,
    IsFalse,
    Equal,
    NotEqual,
    AtLeast,
    AtMost,
    MoreThan,
    LessThan,
    OneOf,
    NoneOf,
    /// The date is at least `duration` before the date asked (`date + durée ≤ date`).
    AtLeastBefore,
    /// The date is more than `duration` before the date asked (`date + durée < date`).
    MoreThanBefore,
    /// The date is less than `duration` before the date asked (`date + durée > date`).
    LessThanBefore,
    /// The date is at most `duration` before the date asked (`date + durée ≥ date`).
    AtMostBefore,
    /// The list has at least one element.
    NotEmpty,
    /// Something the engine cannot describe in these terms: the officer reads the trace.
    Other,
}

/// At most this many alternatives per condition: beyond, the letter would drown the reader.
const MAX_ALTERNATIVES: usize = 4;

/// The smallest set of changes that would make a refused route (`trace` is false) eligible.
pub(crate) fn smallest_change(trace: &Step, home: &Citation) -> Vec<Change> {
    let mut grounds: Vec<(&Step, Truth, Citation)> = Vec::new();
    choose(trace, Truth::True, home, &mut grounds);
    grounds
        .into_iter()
        .map(|(step, wanted, citation)| {
            let (condition, label) = match step {
                Step::Condition { name, label, .. } => (name.clone(), label.clone()),
                _ => (None, None),
            };
            let mut alternatives = ways(step, wanted);
            alternatives.sort_by_key(Vec::len);
            alternatives.truncate(MAX_ALTERNATIVES);
            Change {
                article: citation,
                condition,
                label,
                alternatives,
            }
        })
        .collect()
}

/// How many grounds would have to change for `step` to take the value `wanted`.
fn cost(step: &Step, wanted: Truth) -> usize {
    let value = step.value();
    if value == wanted || value == Truth::Unknown {
        return 0;
    }
    match step {
        Step::Condition { .. } => 1,
        Step::All { of, .. } | Step::Any { of, .. } => {
            let conjunction = matches!(step, Step::All { .. }) == (wanted == Truth::True);
            let costs = of.iter().map(|c| cost(c, wanted));
            if conjunction {
                costs.sum()
            } else {
                costs.filter(|&c| c > 0).min().unwrap_or(0)
            }
        }
        Step::Not { of, .. } => cost(of, wanted.not()),
        Step::Implies { then, .. } if wanted == Truth::True => cost(then, Truth::True),
        _ => 1,
    }
}

/// The grounds (outermost labelled conditions, or unlabelled steps) of the cheapest change.
fn choose<'s>(
    step: &'s Step,
    wanted: Truth,
    citation: &Citation,
    out: &mut Vec<(&'s Step, Truth, Citation)>,
) {
    let value = step.value();
    if value == wanted || value == Truth::Unknown {
        return;
    }
    match step {
        Step::Condition { article, .. } => out.push((step, wanted, article.clone())),
        Step::All { of, .. } | Step::Any { of, .. } => {
            let conjunction = matches!(step, Step::All { .. }) == (wanted == Truth::True);
            if conjunction {
                for child in of {
                    choose(child, wanted, citation, out);
                }
            } else if let Some(cheapest) = of
                .iter()
                .filter(|c| cost(c, wanted) > 0)
                .min_by_key(|c| cost(c, wanted))
            {
                choose(cheapest, wanted, citation, out);
            }
        }
        Step::Not { of, .. } => choose(of, wanted.not(), citation, out),
        Step::Implies { then, .. } if wanted == Truth::True => {
            choose(then, Truth::True, citation, out)
        }
        _ => out.push((step, wanted, citation.clone())),
    }
}

/// Every way (up to a few) of giving `step` the value `wanted`: sets of requirements.
fn ways(step: &Step, wanted: Truth) -> Vec<Vec<Requirement>> {
    let value = step.value();
    if value == wanted {
        return vec![Vec::new()];
    }
    if value == Truth::Unknown {
        // What is unknown is asked for elsewhere (the facts to establish), not changed.
        return vec![Vec::new()];
    }
    match step {
        Step::Condition { because, .. } => ways(because, wanted),
        Step::Derogated {
            original,
            derogations,
            ..
        } => {
            // A derogation that decided against the wanted value would have to stop applying.
            let mut out = ways(original, wanted);
            for d in derogations.iter().filter(|d| d.chosen) {
                if let Some(when) = &d.when {
                    out = both(out, ways(when, Truth::False));
                }
            }
            out
        }
        Step::All { of, .. }
        | Step::Any { of, .. }
        | Step::Exists { elements: of, .. }
        | Step::ForAll { elements: of, .. } => {
            let conjunction =
                matches!(step, Step::All { .. } | Step::ForAll { .. }) == (wanted == Truth::True);
            let failing = of.iter().filter(|c| c.value() == wanted.not());
            if conjunction {
                failing.fold(vec![Vec::new()], |acc, child| {
                    both(acc, ways(child, wanted))
                })
            } else if of.is_empty() {
                // `au moins un … parmi` an empty list: an element would have to exist.
                let list = match step {
                    Step::Exists { list, .. } => Some(list.clone()),
                    _ => None,
                };
                vec![vec![Requirement {
                    relation: if list.is_some() {
                        Relation::NotEmpty
                    } else {
                        Relation::Other
                    },
                    fact: None,
                    asks: Vec::new(),
                    duration: None,
                    list,
                }]]
            } else {
                let mut out: Vec<Vec<Requirement>> =
                    failing.flat_map(|child| ways(child, wanted)).collect();
                out.sort_by_key(Vec::len);
                out.truncate(MAX_ALTERNATIVES);
                out
            }
        }
        Step::Not { of, .. } => ways(of, wanted.not()),
        Step::Implies {
            condition, then, ..
        } => {
            if wanted == Truth::True {
                ways(then, Truth::True)
            } else {
                both(ways(condition, Truth::True), ways(then, Truth::False))
            }
        }
        Step::Test { of, .. } => vec![vec![requirement(
            if wanted == Truth::True {
                Relation::IsTrue
            } else {
                Relation::IsFalse
            },
            of,
            Vec::new(),
        )]],
        Step::Compare {
            op, left, right, ..
        } => {
            let op = if wanted == Truth::True {
                *op
            } else {
                negate(*op)
            };
            vec![vec![comparison(op, left, right)]]
        }
        Step::In { operand, among, .. } => vec![vec![requirement(
            if wanted == Truth::True {
                Relation::OneOf
            } else {
                Relation::NoneOf
            },
            operand,
            among.clone(),
        )]],
        Step::Constant { .. } | Step::Unavailable { .. } => vec![vec![Requirement {
            relation: Relation::Other,
            fact: None,
            asks: Vec::new(),
            duration: None,
            list: None,
        }]],
    }
}

/// Every union of one way from `a` and one from `b`, the smallest first.
fn both(a: Vec<Vec<Requirement>>, b: Vec<Vec<Requirement>>) -> Vec<Vec<Requirement>> {
    let mut out = Vec::new();
    for x in &a {
        for y in &b {
            let mut joined = x.clone();
            joined.extend(y.iter().cloned());
            out.push(joined);
        }
    }
    out.sort_by_key(Vec::len);
    out.truncate(MAX_ALTERNATIVES);
    out
}

fn negate(op: CompareOp) -> CompareOp {
    match op {
        CompareOp::Eq => CompareOp::Ne,
        CompareOp::Ne => CompareOp::Eq,
        CompareOp::Lt => CompareOp::Ge,
        CompareOp::Le => CompareOp::Gt,
        CompareOp::Gt => CompareOp::Le,
        CompareOp::Ge => CompareOp::Lt,
    }
}

/// The comparison `left op right` as a requirement on the side that reads the dossier.
fn comparison(op: CompareOp, left: &Shown, right: &Shown) -> Requirement {
    // The fact is on the left as written; otherwise read the comparison the other way round.
    let (op, subject, other) = if reads_a_fact(left) || !reads_a_fact(right) {
        (op, left, right)
    } else {
        (mirror(op), right, left)
    };
    // `date + durée ≤ date de la décision`: a requirement on elapsed time.
    if let (Shown::Computed(computed), Shown::Date(_) | Shown::Literal(_) | Shown::Fact(_)) =
        (subject, other)
        && computed.op == "+"
        && let [date @ Shown::Fact(_), Shown::Literal(literal)] = computed.of.as_slice()
        && let Value::Duration(duration) = literal.value
    {
        let relation = match op {
            CompareOp::Le => Relation::AtLeastBefore,
            CompareOp::Lt => Relation::MoreThanBefore,
            CompareOp::Gt => Relation::LessThanBefore,
            CompareOp::Ge => Relation::AtMostBefore,
            CompareOp::Eq | CompareOp::Ne => Relation::Other,
        };
        return Requirement {
            duration: Some(duration),
            ..requirement(relation, date, vec![other.clone()])
        };
    }
    let relation = match op {
        CompareOp::Eq => Relation::Equal,
        CompareOp::Ne => Relation::NotEqual,
        CompareOp::Ge => Relation::AtLeast,
        CompareOp::Le => Relation::AtMost,
        CompareOp::Gt => Relation::MoreThan,
        CompareOp::Lt => Relation::LessThan,
    };
    requirement(relation, subject, vec![other.clone()])
}

fn mirror(op: CompareOp) -> CompareOp {
    match op {
        CompareOp::Lt => CompareOp::Gt,
        CompareOp::Le => CompareOp::Ge,
        CompareOp::Gt => CompareOp::Lt,
        CompareOp::Ge => CompareOp::Le,
        other => other,
    }
}

fn reads_a_fact(shown: &Shown) -> bool {
    let mut found = false;
    shown.walk_shown(&mut |s| found |= matches!(s, Shown::Fact(_)));
    found
}

/// A requirement on `subject`: the fact it reads (the first, for a computed value).
fn requirement(relation: Relation, subject: &Shown, asks: Vec<Shown>) -> Requirement {
    let mut facts = Vec::new();
    subject.collect_facts(&mut facts);
    let fact = facts.first().map(|f| (*f).clone());
    // A requirement that does not read the dossier (a date against a date) shows its operand.
    let asks = if fact.is_none() {
        std::iter::once(subject.clone()).chain(asks).collect()
    } else {
        asks
    };
    Requirement {
        relation,
        fact,
        asks,
        duration: None,
        list: None,
    }
}

/// The date a requirement on elapsed time is measured against, if it is one of the
/// assessment's dates.
pub fn reference_date(requirement: &Requirement) -> Option<WhichDate> {
    requirement.asks.iter().find_map(|shown| match shown {
        Shown::Date(date) => Some(date.date),
        _ => None,
    })
}
