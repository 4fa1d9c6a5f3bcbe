//! The trace: how each route's condition was evaluated, step by step.
//!
//! A trace is a tree that mirrors the route's expression: every labelled condition names the
//! article version it comes from, every leaf shows what it read (facts with their values and
//! provenance, parameters with the value in force and since when, dates). Nothing is
//! short-circuited: every branch is evaluated and kept, so that a refusal can answer every
//! ground.

use schemars::JsonSchema;
use serde::Serialize;

use crate::date::Date;
use crate::logic::Truth;
use crate::program::CompareOp;
use crate::value::{Provenance, Value};

/// Which article version a step comes from.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, JsonSchema)]
pub struct Citation {
    /// The article's number (`L. 412-1`).
    pub id: String,
    /// The first day of the version in force, which identifies it.
    pub version: Date,
}

/// One step of an evaluation.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
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
        /// When it does not hold, the point goes to the officer's appraisal.
        #[serde(skip_serializing_if = "is_false")]
        favorable: bool,
        /// A general condition, added to the route because of the card it grants.
        #[serde(skip_serializing_if = "is_false")]
        general: bool,
        because: Box<Step>,
    },
    /// A condition to which derogations were considered.
    Derogated {
        value: Truth,
        /// The condition's own rule, evaluated whatever the derogations.
        original: Box<Step>,
        derogations: Vec<DerogationTried>,
        /// Two derogations apply with no priority between them and lead to different values.
        #[serde(skip_serializing_if = "Option::is_none")]
        conflict: Option<String>,
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
    /// A boolean value (a fact, a field, a parameter) read as a condition.
    Test {
        value: Truth,
        of: Shown,
    },
    Constant {
        value: Truth,
    },
    /// `au moins un … tel que`: one step per element.
    Exists {
        value: Truth,
        list: ListRead,
        elements: Vec<Step>,
    },
    /// `chaque … vérifie`: one step per element.
    ForAll {
        value: Truth,
        list: ListRead,
        elements: Vec<Step>,
    },
    /// Something the engine cannot settle: an article with no version in force, a date it
    /// needs and does not have, a derogation conflict.
    Unavailable {
        value: Truth,
        article: String,
        reason: String,
        /// The missing input that would settle it, if it is one (`filed_on`).
        #[serde(skip_serializing_if = "Option::is_none")]
        missing: Option<String>,
    },
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// A derogation considered for a condition.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct DerogationTried {
    pub article: Citation,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Whether its condition holds (`lorsque …`); `true` when it has none.
    pub applies: Truth,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub when: Option<Box<Step>>,
    /// What the condition becomes; `None`: it is deemed satisfied ("n'est pas opposable").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub then: Option<Box<Step>>,
    /// This derogation decided the condition's value.
    pub chosen: bool,
}

/// An operand as the explanation shows it.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Shown {
    Fact(FactRead),
    Parameter(ParameterRead),
    Literal(LiteralShown),
    /// `date de la décision` or `date de la demande`.
    Date(DateShown),
    /// An arithmetic result, with what it was computed from.
    Computed(Computed),
    /// `nombre de … tels que`: one step per element.
    Count(CountShown),
}

/// A fact (or a field of a list element) as read from the dossier.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct FactRead {
    /// Its path in the dossier: `mariage.lieu`, `demandeur.enfants[1].naissance`.
    pub fact: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// `null` when the dossier does not give it.
    pub value: Option<Value>,
    /// The French label of an enumeration value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value_label: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub provenance: Option<Provenance>,
    /// A discretionary point, for the officer to settle.
    #[serde(skip_serializing_if = "is_false")]
    pub appraisal: bool,
    /// A special category of personal data (GDPR art. 9).
    #[serde(skip_serializing_if = "is_false")]
    pub sensitive: bool,
}

/// A list as read by a quantifier.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct ListRead {
    pub fact: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// `null` when the dossier does not give the list.
    pub elements: Option<usize>,
    /// The list as read, with its provenance: an outcome that rests on the list rests on where
    /// it came from (not in the JSON: its elements are shown by the steps).
    #[serde(skip)]
    #[schemars(skip)]
    pub read: Option<Box<FactRead>>,
}

/// A parameter with the value in force at the reference date.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct ParameterRead {
    pub parameter: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    pub value: Option<Value>,
    /// The day the value took effect.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub since: Option<Date>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub legifrance: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub to_check: Vec<String>,
    /// Why there is no value (no value in force at the date, date unknown).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unavailable: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct LiteralShown {
    pub value: Value,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value_label: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum WhichDate {
    Decision,
    Filing,
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct DateShown {
    pub date: WhichDate,
    pub value: Option<Date>,
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Computed {
    /// `+`, `-`, `×`, `années révolues entre`…
    pub op: String,
    pub value: Option<Value>,
    pub of: Vec<Shown>,
    /// A computation that failed (a result out of range).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct CountShown {
    pub value: Option<i64>,
    pub list: ListRead,
    pub elements: Vec<Step>,
}

impl Step {
    pub fn value(&self) -> Truth {
        match self {
            Step::Condition { value, .. }
            | Step::Derogated { value, .. }
            | Step::All { value, .. }
            | Step::Any { value, .. }
            | Step::Not { value, .. }
            | Step::Implies { value, .. }
            | Step::Compare { value, .. }
            | Step::In { value, .. }
            | Step::Test { value, .. }
            | Step::Constant { value }
            | Step::Exists { value, .. }
            | Step::ForAll { value, .. }
            | Step::Unavailable { value, .. } => *value,
        }
    }

    /// The steps this one was computed from (for a derogated condition: the rule's own value
    /// and each derogation's condition and replacement).
    pub fn children(&self) -> Vec<&Step> {
        match self {
            Step::Condition { because, .. } => vec![because],
            Step::Derogated {
                original,
                derogations,
                ..
            } => {
                let mut out: Vec<&Step> = vec![original];
                for d in derogations {
                    out.extend(d.when.as_deref());
                    out.extend(d.then.as_deref());
                }
                out
            }
            Step::All { of, .. } | Step::Any { of, .. } => of.iter().collect(),
            Step::Exists { elements, .. } | Step::ForAll { elements, .. } => {
                elements.iter().collect()
            }
            Step::Not { of, .. } => vec![of],
            Step::Implies {
                condition, then, ..
            } => vec![condition, then],
            Step::Compare { .. }
            | Step::In { .. }
            | Step::Test { .. }
            | Step::Constant { .. }
            | Step::Unavailable { .. } => Vec::new(),
        }
    }

    /// The operands this step shows itself (not through its children).
    pub fn operands(&self) -> Vec<&Shown> {
        match self {
            Step::Compare { left, right, .. } => vec![left, right],
            Step::In { operand, among, .. } => std::iter::once(operand).chain(among).collect(),
            Step::Test { of, .. } => vec![of],
            _ => Vec::new(),
        }
    }

    /// The facts this step reads itself, including inside computed operands.
    pub fn facts_read(&self) -> Vec<&FactRead> {
        let mut out = Vec::new();
        for shown in self.operands() {
            shown.collect_facts(&mut out);
        }
        out
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

    /// Visits this step and all its descendants, parents first (including the element steps
    /// of counts inside operands).
    pub fn walk<'a>(&'a self, visit: &mut impl FnMut(&'a Step)) {
        visit(self);
        for child in self.children() {
            child.walk(visit);
        }
        for shown in self.operands() {
            shown.walk_steps(visit);
        }
    }
}

impl Shown {
    /// The facts read by this operand, directly or in what it was computed from (the element
    /// steps of a count excepted: they are steps of their own).
    pub fn collect_facts<'a>(&'a self, out: &mut Vec<&'a FactRead>) {
        match self {
            Shown::Fact(read) => out.push(read),
            Shown::Computed(c) => c.of.iter().for_each(|s| s.collect_facts(out)),
            Shown::Parameter(_) | Shown::Literal(_) | Shown::Date(_) | Shown::Count(_) => {}
        }
    }

    /// The value shown, when known.
    pub fn known_value(&self) -> Option<&Value> {
        match self {
            Shown::Fact(read) => read.value.as_ref(),
            Shown::Parameter(read) => read.value.as_ref(),
            Shown::Literal(lit) => Some(&lit.value),
            Shown::Computed(c) => c.value.as_ref(),
            Shown::Date(_) | Shown::Count(_) => None,
        }
    }

    fn walk_steps<'a>(&'a self, visit: &mut impl FnMut(&'a Step)) {
        match self {
            Shown::Count(count) => count.elements.iter().for_each(|s| s.walk(visit)),
            Shown::Computed(c) => c.of.iter().for_each(|s| s.walk_steps(visit)),
            _ => {}
        }
    }

    /// Visits every operand in this one, itself included.
    pub fn walk_shown<'a>(&'a self, visit: &mut impl FnMut(&'a Shown)) {
        visit(self);
        if let Shown::Computed(c) = self {
            c.of.iter().for_each(|s| s.walk_shown(visit));
        }
    }
}
