//! The plan: what native code computes for one route, at dates that fall in one *date range*
//! (see `dates.rs`).
//!
//! A plan mirrors, node for node, the trace the interpreter builds: every article version,
//! parameter value, general condition, derogation and exclusion that depends on the dates is
//! already chosen (they are the same for every pair of dates in the range), and what is left
//! depends on the dossier only. Quantifiers are unrolled: the body of `au moins un e parmi L`
//! appears once per element the record can hold, reading that element's cells.
//!
//! Each node is a slot of the route's output: native code writes there its three-valued truth
//! and, when it is unknown, what leaving it open asks for — a fact (`MISSING`) or an officer's
//! appraisal (`POINT`). The report (`report.rs`) rebuilds the route's explanation from those
//! bytes and the metadata kept here.

use motif_runtime::Outcome;
use motif_runtime::date::DurationUnit;
use motif_runtime::numbers::Rounding;
use motif_runtime::program::{CompareOp, ReferenceDate};
use motif_runtime::trace::Citation;

use crate::layout::Cell;

/// The index of a node in its route's plan, and of its byte in the route's output.
pub type NodeId = usize;

/// Truth values as native code computes them: Kleene's conjunction is the minimum, the
/// disjunction the maximum, the negation `2 - t`.
pub const FALSE: u8 = 0;
pub const UNKNOWN: u8 = 1;
pub const TRUE: u8 = 2;
/// In an output byte, beside the truth: leaving the node open asks for a fact…
pub const MISSING: u8 = 4;
/// …or for an officer's appraisal.
pub const POINT: u8 = 8;

/// One route at one date range.
#[derive(Debug, Clone, PartialEq)]
pub enum RoutePlan {
    /// The outcome does not depend on the dossier (no version in force, the filing date
    /// needed and unknown…).
    Fixed(Outcome),
    /// Native code computes it.
    Native(NativeRoute),
    /// The interpreter assesses this route, for the reason given.
    Interpreter(String),
}

#[derive(Debug, Clone, PartialEq)]
pub struct NativeRoute {
    pub nodes: Vec<Node>,
    /// The route's closures and the exclusions of its card, in the interpreter's order: one
    /// that holds closes the route.
    pub closures: Vec<Closing>,
    /// The route's conditions and the general conditions of its card (a `toutes`).
    pub trace: NodeId,
    /// The route reads a sensitive fact: a refusal must be checked not to rest on it.
    pub sensitive: bool,
    /// The route's article version, which unlabelled grounds are cited by.
    pub home: Citation,
}

/// A closure or an exclusion.
#[derive(Debug, Clone, PartialEq)]
pub struct Closing {
    pub node: NodeId,
    /// What closes the route when the node holds (`None` for an exclusion that may apply once
    /// the filing date is known: it never holds).
    pub closed: Option<(Citation, String)>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    Const(bool),
    /// Something the engine cannot settle: always unknown.
    Unavailable(Unavailable),
    Test(Operand),
    Not(NodeId),
    All(Vec<NodeId>),
    Any(Vec<NodeId>),
    Implies(NodeId, NodeId),
    Compare {
        op: CompareOp,
        cmp: Cmp,
        left: Operand,
        right: Operand,
    },
    /// Whether the operand is one of the values (`None`: a value it can never be).
    In {
        operand: Operand,
        set: Vec<Option<i64>>,
    },
    /// A labelled condition of an article version.
    Condition {
        body: NodeId,
        favorable: bool,
        about: ConditionInfo,
    },
    /// A condition with the derogations that may apply to it.
    Derogated {
        original: NodeId,
        tried: Vec<Tried>,
        /// `prevails[a][b]`: derogation `a` prevails over `b`, directly or through others.
        prevails: Vec<Vec<bool>>,
    },
    /// `au moins un` (`exists`) or `chaque` over a list: the body once per element the record
    /// can hold (`LIST_CAPACITY`); those beyond the list's length do not count.
    Quant {
        exists: bool,
        list: ListRef,
        elements: Vec<NodeId>,
    },
}

/// What the explanation says of a labelled condition.
#[derive(Debug, Clone, PartialEq)]
pub struct ConditionInfo {
    pub article: Citation,
    pub name: Option<String>,
    pub label: Option<String>,
    pub general: bool,
}

/// Why a node is unavailable, and the article it is about.
#[derive(Debug, Clone, PartialEq)]
pub struct Unavailable {
    pub article: String,
    /// The filing date would settle it (a fact to ask for); otherwise a point for the officer.
    pub missing_filing: bool,
    pub reason: Reason,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Reason {
    Text(String),
    /// No version of the article is in force at its reference date (the date appears in the
    /// reason, so it is written for each assessment).
    NoVersion {
        reference: ReferenceDate,
    },
}

/// A derogation considered for a condition: its condition (`None`: it always applies) and what
/// the condition becomes (`None`: it holds).
#[derive(Debug, Clone, PartialEq)]
pub struct Tried {
    pub when: Option<NodeId>,
    pub then: Option<NodeId>,
    pub article: Citation,
    pub name: String,
}

/// How two payloads compare.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cmp {
    /// Signed comparison of the payloads (same type and encoding; a scale by rank).
    Ordered,
    /// Only equality is defined (enumerations without order, booleans).
    EqualityOnly,
    /// An integer (left) against a decimal (right).
    IntDecimal,
    /// A decimal (left) against an integer (right).
    DecimalInt,
    /// Values that are never equal and never ordered.
    Never,
}

/// Where a value comes from.
#[derive(Debug, Clone, PartialEq)]
pub enum Operand {
    /// A fact, a field, a list element: a cell of the record.
    Cell {
        cell: Cell,
        read: Read,
    },
    /// A literal or a parameter's value in the date range.
    Known(i64),
    /// A parameter with no value at its reference date: a point for the officer.
    Unavailable(ParameterGap),
    DecisionDate,
    FilingDate,
    Arith {
        op: Arith,
        left: Box<Operand>,
        right: Box<Operand>,
    },
    /// Whole units from one date to another.
    Between {
        unit: DurationUnit,
        from: Box<Operand>,
        to: Box<Operand>,
    },
    /// `nombre de … tels que`: the body once per element the record can hold.
    Count {
        list: ListRef,
        elements: Vec<NodeId>,
    },
}

/// What the explanation says of a value read from the dossier.
#[derive(Debug, Clone, PartialEq)]
pub struct Read {
    /// Its path in the dossier: `mariage.lieu`, `demandeur.enfants[1].naissance`.
    pub path: String,
    pub label: Option<String>,
    /// A discretionary point: unknown, it goes to the officer rather than being asked for.
    pub appraisal: bool,
    pub sensitive: bool,
}

/// A parameter without a value: its name and the date it was looked up at.
#[derive(Debug, Clone, PartialEq)]
pub struct ParameterGap {
    pub parameter: String,
    /// `None`: the reference date itself (a filing date) is unknown.
    pub reference: Option<ReferenceDate>,
}

/// A list fact as a quantifier reads it.
#[derive(Debug, Clone, PartialEq)]
pub struct ListRef {
    /// Whether the list is known, and its length.
    pub cell: Cell,
    /// The first word of element `k` is `first + k * stride`.
    pub first: usize,
    pub stride: usize,
    pub path: String,
    pub label: Option<String>,
}

/// Checked arithmetic, done by `helpers::arith`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Arith {
    IntAdd,
    IntSub,
    IntMul,
    DecimalAdd,
    DecimalSub,
    /// A decimal times an integer, the decimal on the left or on the right.
    DecimalMulInt {
        decimal_left: bool,
    },
    MoneyAdd,
    MoneySub,
    MoneyMulInt {
        money_left: bool,
    },
    /// An amount times a decimal, brought to the cent.
    MoneyMulDecimal {
        money_left: bool,
        rounding: Rounding,
    },
    /// A date moved by a duration written in the rule (its amount is the other operand).
    DateShift {
        date_left: bool,
        backwards: bool,
        unit: DurationUnit,
    },
}

impl NativeRoute {
    /// The operands a leaf node shows itself, in the interpreter's order.
    pub fn operands(node: &Node) -> Vec<&Operand> {
        match node {
            Node::Test(operand) | Node::In { operand, .. } => vec![operand],
            Node::Compare { left, right, .. } => vec![left, right],
            _ => Vec::new(),
        }
    }

    /// The nodes a node is computed from, in the interpreter's order (for a derogated
    /// condition: the rule's own value, then each derogation's condition and replacement). The
    /// elements of a quantifier are all listed, present or not.
    pub fn children(node: &Node) -> Vec<NodeId> {
        match node {
            Node::Not(of) => vec![*of],
            Node::All(of) | Node::Any(of) => of.clone(),
            Node::Implies(condition, then) => vec![*condition, *then],
            Node::Condition { body, .. } => vec![*body],
            Node::Derogated {
                original, tried, ..
            } => {
                let mut out = vec![*original];
                for t in tried {
                    out.extend(t.when);
                    out.extend(t.then);
                }
                out
            }
            Node::Quant { elements, .. } => elements.clone(),
            Node::Const(_)
            | Node::Unavailable(_)
            | Node::Test(_)
            | Node::Compare { .. }
            | Node::In { .. } => Vec::new(),
        }
    }
}
