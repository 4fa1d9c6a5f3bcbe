//! The trace: how each route's condition was evaluated, step by step.
//!
//! A trace is a tree that mirrors the route's expression: every labelled condition names the
//! article version it comes from, every leaf shows the facts it read with their values. Nothing
//! is short-circuited: every branch is evaluated and kept, so that a refusal can answer every
//! ground.

use serde::Serialize;

use crate::date::Date;
use crate::logic::Truth;
use crate::program::CompareOp;
use crate::value::Value;

/// Which article version a step comes from.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Citation {
    /// The article's number (`L. 412-1`).
    pub id: String,
    /// The first day of the version in force, which identifies it.
    pub version: Date,
}

/// One step of an evaluation.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Step {
    /// A labelled condition of an article.
    Condition {
        value: Truth,
        article: Citation,
        #[serde(skip_serializing_if = "Option::is_none")]
        name: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        label: Option<String>,
        because: Box<Step>,
    },
    All {
        value: Truth,
        of: Vec<Step>,
    },
    Any {
        value: Truth,
        of: Vec<Step>,
    },
    Not {
        value: Truth,
        of: Box<Step>,
    },
    /// `si condition alors then`.
    Implies {
        value: Truth,
        condition: Box<Step>,
        then: Box<Step>,
    },
    Compare {
        value: Truth,
        op: CompareOp,
        left: Shown,
        right: Shown,
    },
    In {
        value: Truth,
        operand: Shown,
        among: Vec<Shown>,
    },
    /// A boolean fact read as a condition.
    Fact {
        value: Truth,
        fact: FactRead,
    },
    Constant {
        value: Truth,
    },
    /// A condition of another article that has no version in force on the date: the law to
    /// apply must be determined by a person.
    Unavailable {
        value: Truth,
        article: String,
        reason: String,
    },
}

/// An operand as the explanation shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Shown {
    Fact(FactRead),
    Literal(LiteralShown),
}

/// A fact as read from the dossier.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FactRead {
    pub fact: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// `null` when the dossier does not give the fact.
    pub value: Option<Value>,
    /// The French label of an enumeration value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value_label: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LiteralShown {
    pub value: Value,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value_label: Option<String>,
}

impl Step {
    pub fn value(&self) -> Truth {
        match self {
            Step::Condition { value, .. }
            | Step::All { value, .. }
            | Step::Any { value, .. }
            | Step::Not { value, .. }
            | Step::Implies { value, .. }
            | Step::Compare { value, .. }
            | Step::In { value, .. }
            | Step::Fact { value, .. }
            | Step::Constant { value }
            | Step::Unavailable { value, .. } => *value,
        }
    }

    /// The steps this one was computed from.
    pub fn children(&self) -> Vec<&Step> {
        match self {
            Step::Condition { because, .. } => vec![because],
            Step::All { of, .. } | Step::Any { of, .. } => of.iter().collect(),
            Step::Not { of, .. } => vec![of],
            Step::Implies {
                condition, then, ..
            } => vec![condition, then],
            Step::Compare { .. }
            | Step::In { .. }
            | Step::Fact { .. }
            | Step::Constant { .. }
            | Step::Unavailable { .. } => Vec::new(),
        }
    }

    /// The facts this step reads itself (not through its children).
    pub fn facts_read(&self) -> Vec<&FactRead> {
        fn shown_fact(shown: &Shown) -> Option<&FactRead> {
            match shown {
                Shown::Fact(read) => Some(read),
                Shown::Literal(_) => None,
            }
        }
        match self {
            Step::Compare { left, right, .. } => {
                [left, right].into_iter().filter_map(shown_fact).collect()
            }
            Step::In { operand, among, .. } => std::iter::once(operand)
                .chain(among)
                .filter_map(shown_fact)
                .collect(),
            Step::Fact { fact, .. } => vec![fact],
            _ => Vec::new(),
        }
    }

    /// Every fact read in this subtree, each once, in the order first read.
    pub fn all_facts_read(&self) -> Vec<&FactRead> {
        let mut out: Vec<&FactRead> = Vec::new();
        self.walk(&mut |step| {
            for read in step.facts_read() {
                if !out.iter().any(|r| r.fact == read.fact) {
                    out.push(read);
                }
            }
        });
        out
    }

    /// Visits this step and all its descendants, parents first.
    pub fn walk<'a>(&'a self, visit: &mut impl FnMut(&'a Step)) {
        visit(self);
        for child in self.children() {
            child.walk(visit);
        }
    }
}
