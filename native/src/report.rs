//! A route's explanation rebuilt from the bytes native code wrote and the plan's metadata: the
//! failed grounds, the conditions left open, the facts to ask for, the points for the officer
//! and the shape of the trace — what the interpreter's analysis (`runtime/src/analysis.rs`)
//! finds on its trace, found here on the plan's nodes. The two are compared on every dossier of
//! the differential test; this module follows that one step for step, so a change there must
//! be made here too (the test says so at once).

use motif_runtime::assessment::{AppraisalPoint, MissingFact, RouteAssessment};
use motif_runtime::date::Date;
use motif_runtime::logic::Truth;
use motif_runtime::program::{Program, ReferenceDate};
use motif_runtime::resolve::no_version_reason;
use motif_runtime::trace::{Citation, Step};
use motif_runtime::{Dates, Outcome};
use serde::Serialize;

use crate::helpers;
use crate::plan::{Arith, ListRef, NativeRoute, Node, NodeId, Operand, Reason, TRUE, UNKNOWN};

/// What the differential test compares between the interpreter and native code, for one route.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RouteReport {
    pub route: String,
    pub outcome: Outcome,
    /// The closures that close the route: their article and reason.
    pub closed_by: Vec<(Citation, String)>,
    pub failed: Vec<GroundRef>,
    pub undetermined: Vec<GroundRef>,
    pub missing: Vec<MissingFact>,
    pub points: Vec<AppraisalPoint>,
    /// The trace in the order `Step::walk` visits it: each step's kind and value.
    pub trace: Vec<(&'static str, Truth)>,
}

/// A condition as the explanation names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GroundRef {
    pub article: Citation,
    pub condition: Option<String>,
    pub label: Option<String>,
}

impl RouteReport {
    /// The same view of an interpreter's assessment.
    pub fn from_assessment(route: &RouteAssessment) -> RouteReport {
        let grounds = |gs: &[motif_runtime::assessment::Ground]| {
            gs.iter()
                .map(|g| GroundRef {
                    article: g.article.clone(),
                    condition: g.condition.clone(),
                    label: g.label.clone(),
                })
                .collect()
        };
        let mut trace = Vec::new();
        if let Some(step) = &route.trace {
            step.walk(&mut |s| trace.push((step_kind(s), s.value())));
        }
        RouteReport {
            route: route.route.clone(),
            outcome: route.outcome,
            closed_by: route
                .closed_by
                .iter()
                .map(|c| (c.article.clone(), c.reason.clone()))
                .collect(),
            failed: grounds(&route.failed_conditions),
            undetermined: grounds(&route.undetermined_conditions),
            missing: route.missing_facts.clone(),
            points: route.appraisal_points.clone(),
            trace,
        }
    }
}

fn step_kind(step: &Step) -> &'static str {
    match step {
        Step::Condition { .. } => "condition",
        Step::Derogated { .. } => "derogated",
        Step::All { .. } => "all",
        Step::Any { .. } => "any",
        Step::Not { .. } => "not",
        Step::Implies { .. } => "implies",
        Step::Compare { .. } => "compare",
        Step::In { .. } => "in",
        Step::Test { .. } => "test",
        Step::Constant { .. } => "constant",
        Step::Exists { .. } => "exists",
        Step::ForAll { .. } => "for_all",
        Step::Unavailable { .. } => "unavailable",
    }
}

fn node_kind(node: &Node) -> &'static str {
    match node {
        Node::Condition { .. } => "condition",
        Node::Derogated { .. } => "derogated",
        Node::All(_) => "all",
        Node::Any(_) => "any",
        Node::Not(_) => "not",
        Node::Implies(..) => "implies",
        Node::Compare { .. } => "compare",
        Node::In { .. } => "in",
        Node::Test(_) => "test",
        Node::Const(_) => "constant",
        Node::Quant { exists: true, .. } => "exists",
        Node::Quant { exists: false, .. } => "for_all",
        Node::Unavailable(_) => "unavailable",
    }
}

/// One route's output read back: the plan, its bytes, and what native code read.
pub(crate) struct View<'a> {
    pub program: &'a Program,
    pub route: &'a NativeRoute,
    pub bytes: &'a [u8],
    pub record: &'a [i64],
    pub dates: Dates,
}

impl View<'_> {
    fn truth(&self, node: NodeId) -> Truth {
        match self.bytes.get(node).map(|b| b & 3) {
            Some(TRUE) => Truth::True,
            Some(UNKNOWN) | None => Truth::Unknown,
            Some(_) => Truth::False,
        }
    }

    fn word(&self, index: usize) -> i64 {
        self.record.get(index).copied().unwrap_or(0)
    }

    /// The number of elements of a list, if it is known.
    fn length(&self, list: &ListRef) -> Option<usize> {
        (self.word(list.cell.0) != 0)
            .then(|| usize::try_from(self.word(list.cell.0 + 1)).unwrap_or(0))
    }

    /// The elements of a list that the list has.
    fn present<'e>(&self, list: &ListRef, elements: &'e [NodeId]) -> &'e [NodeId] {
        let n = self.length(list).unwrap_or(0).min(elements.len());
        &elements[..n]
    }

    fn node(&self, id: NodeId) -> &Node {
        &self.route.nodes[id]
    }

    /// The children of a node as the interpreter's step has them.
    fn children(&self, id: NodeId) -> Vec<NodeId> {
        match self.node(id) {
            Node::Quant { list, elements, .. } => self.present(list, elements).to_vec(),
            node => NativeRoute::children(node),
        }
    }

    /// An operand's value (`None`: unknown) and whether computing it failed.
    fn value(&self, operand: &Operand) -> (Option<i64>, bool) {
        match operand {
            Operand::Cell { cell, .. } => (
                (self.word(cell.0) != 0).then(|| self.word(cell.0 + 1)),
                false,
            ),
            Operand::Known(n) => (Some(*n), false),
            Operand::Unavailable(_) => (None, false),
            Operand::DecisionDate => (Some(i64::from(self.dates.decided_on.day_number())), false),
            Operand::FilingDate => (
                self.dates.filed_on.map(|d| i64::from(d.day_number())),
                false,
            ),
            Operand::Arith { op, left, right } => match (self.value(left).0, self.value(right).0) {
                (Some(l), Some(r)) => match arith(*op, l, r) {
                    Some(v) => (Some(v), false),
                    None => (None, true),
                },
                _ => (None, false),
            },
            Operand::Between { unit, from, to } => match (self.value(from).0, self.value(to).0) {
                (Some(f), Some(t)) => (
                    Some(helpers::between(f, t, helpers::unit_code(*unit))),
                    false,
                ),
                _ => (None, false),
            },
            Operand::Count { list, elements } => {
                let present = self.present(list, elements);
                let known = self.length(list).is_some()
                    && present.iter().all(|e| self.truth(*e) != Truth::Unknown);
                let count = present
                    .iter()
                    .filter(|e| self.truth(**e) == Truth::True)
                    .count();
                (known.then_some(count as i64), false)
            }
        }
    }

    fn reference_date(&self, reference: ReferenceDate) -> Date {
        match reference {
            ReferenceDate::Decision => self.dates.decided_on,
            ReferenceDate::Filing => self.dates.filed_on.unwrap_or(self.dates.decided_on),
        }
    }

    fn reason(&self, unavailable: &crate::plan::Unavailable) -> String {
        match &unavailable.reason {
            Reason::Text(text) => text.clone(),
            Reason::NoVersion { reference } => {
                no_version_reason(&unavailable.article, self.reference_date(*reference))
            }
        }
    }

    /// The trace in `Step::walk` order.
    fn walk(&self, id: NodeId, out: &mut Vec<(&'static str, Truth)>) {
        out.push((node_kind(self.node(id)), self.truth(id)));
        for child in self.children(id) {
            self.walk(child, out);
        }
        for operand in NativeRoute::operands(self.node(id)) {
            self.walk_operand(operand, out);
        }
    }

    fn walk_operand(&self, operand: &Operand, out: &mut Vec<(&'static str, Truth)>) {
        match operand {
            Operand::Count { list, elements } => {
                for e in self.present(list, elements) {
                    self.walk(*e, out);
                }
            }
            Operand::Arith { left, right, .. } => {
                self.walk_operand(left, out);
                self.walk_operand(right, out);
            }
            Operand::Between { from, to, .. } => {
                self.walk_operand(from, out);
                self.walk_operand(to, out);
            }
            _ => {}
        }
    }

    /// The derogations that apply and that no other applying one prevails over, and whether
    /// they disagree (as `Evaluator::derogated`).
    fn winners(&self, tried: &[crate::plan::Tried], prevails: &[Vec<bool>]) -> (Vec<usize>, bool) {
        let applies = |t: &crate::plan::Tried| t.when.map_or(Truth::True, |w| self.truth(w));
        let result = |t: &crate::plan::Tried| t.then.map_or(Truth::True, |w| self.truth(w));
        let applying: Vec<usize> = (0..tried.len())
            .filter(|&i| applies(&tried[i]) == Truth::True)
            .collect();
        let prevail = |a: usize, b: usize| prevails.get(a).and_then(|r| r.get(b)) == Some(&true);
        let winners: Vec<usize> = applying
            .iter()
            .copied()
            .filter(|&i| !applying.iter().any(|&j| j != i && prevail(j, i)))
            .collect();
        let conflict = winners.first().is_some_and(|&first| {
            winners
                .iter()
                .any(|&w| result(&tried[w]) != result(&tried[first]))
        });
        (winners, conflict)
    }
}

/// Checked arithmetic, as the native code and the interpreter do it.
fn arith(op: Arith, l: i64, r: i64) -> Option<i64> {
    match op {
        Arith::IntAdd | Arith::DecimalAdd | Arith::MoneyAdd => l.checked_add(r),
        Arith::IntSub | Arith::DecimalSub | Arith::MoneySub => l.checked_sub(r),
        Arith::IntMul | Arith::DecimalMulInt { .. } | Arith::MoneyMulInt { .. } => l.checked_mul(r),
        Arith::MoneyMulDecimal {
            money_left,
            rounding,
        } => {
            let (m, d) = if money_left { (l, r) } else { (r, l) };
            let mut ok = 0i64;
            let v = helpers::mul_rounded(m, d, helpers::rounding_code(rounding), &mut ok);
            (ok != 0).then_some(v)
        }
        Arith::DateShift {
            date_left,
            backwards,
            unit,
        } => {
            let (d, amount) = if date_left { (l, r) } else { (r, l) };
            let mut ok = 0i64;
            let sign = if backwards { -1 } else { 1 };
            let v = helpers::shift(d, amount, sign, helpers::unit_code(unit), &mut ok);
            (ok != 0).then_some(v)
        }
    }
}

mod analysis;

pub(crate) use analysis::{route_report, sensitive_outcome};
