//! From a route's plan to cranelift IR: one function per route and date range,
//!
//! ```text
//! fn route(record: *const i64, dates: *const i64, out: *mut u8) -> i32
//! ```
//!
//! where `dates` is `[decision day, filing date known (0/1), filing day]`, `out` receives one
//! byte per node of the plan (its truth, and what leaving it open asks for) and the result is
//! the route's outcome (`outcome_code`).
//!
//! The code is straight-line: every node is computed, in the plan's order (children before
//! their parents), with no branch and no short-circuit, so that every failed ground is in the
//! output whatever the other values. Truth values are 0 (false), 1 (unknown) and 2 (true):
//! Kleene's conjunction is the minimum, the disjunction the maximum, the negation `2 - t`.
//! Beside each truth travel the flags `MISSING` and `POINT`, which say, for an unknown node,
//! whether leaving it open asks for a fact, an officer's appraisal, or both — exactly what the
//! interpreter's analysis (`analysis.rs`, `Open::visit`) finds by walking the trace, so that
//! the outcome is decided here without rebuilding the trace.

use cranelift_codegen::ir::condcodes::IntCC;
use cranelift_codegen::ir::{
    FuncRef, InstBuilder, MemFlagsData, StackSlot, StackSlotData, StackSlotKind, Value, types,
};
use cranelift_frontend::FunctionBuilder;
use motif_runtime::Outcome;
use motif_runtime::date::DurationUnit;
use motif_runtime::program::CompareOp;

use crate::helpers::{rounding_code, unit_code};
use crate::plan::{Arith, Cmp, ListRef, MISSING, NativeRoute, Node, Operand, POINT, TRUE, UNKNOWN};

/// The helpers a function may call, declared in it.
pub(crate) struct Helpers {
    pub mul_rounded: FuncRef,
    pub shift: FuncRef,
    pub between: FuncRef,
}

/// The outcome a route function returns.
pub fn outcome_code(outcome: Outcome) -> i32 {
    match outcome {
        Outcome::Eligible => 0,
        Outcome::NotEligible => 1,
        Outcome::Incomplete => 2,
        Outcome::NeedsAppraisal => 3,
        Outcome::NotApplicable => 4,
    }
}

pub fn outcome_of(code: i32) -> Option<Outcome> {
    Some(match code {
        0 => Outcome::Eligible,
        1 => Outcome::NotEligible,
        2 => Outcome::Incomplete,
        3 => Outcome::NeedsAppraisal,
        4 => Outcome::NotApplicable,
        _ => return None,
    })
}

/// Writes the body of a route's function into `b`, whose entry block takes the three
/// parameters.
pub(crate) fn route_body(b: &mut FunctionBuilder<'_>, route: &NativeRoute, helpers: &Helpers) {
    let entry = b.create_block();
    b.append_block_params_for_function_params(entry);
    b.switch_to_block(entry);
    let params = b.block_params(entry).to_vec();
    let slot = b.create_sized_stack_slot(StackSlotData::new(StackSlotKind::ExplicitSlot, 8, 3));
    let mut code = Gen {
        b,
        record: params[0],
        dates: params[1],
        out: params[2],
        helpers,
        slot,
        nodes: Vec::with_capacity(route.nodes.len()),
    };
    for (index, node) in route.nodes.iter().enumerate() {
        let value = code.node(node);
        code.store(index, value);
        code.nodes.push(value);
    }
    let outcome = code.outcome(route);
    code.b.ins().return_(&[outcome]);
    code.b.seal_all_blocks();
}

/// A node's truth (0, 1, 2) and flags (zero unless the node is unknown), both `i32`.
#[derive(Clone, Copy)]
struct Computed {
    truth: Value,
    flags: Value,
}

/// An operand: whether it is known (`i32` 0/1), its payload (`i64`), and what its absence asks
/// for (`i32` flags).
#[derive(Clone, Copy)]
struct Op {
    known: Value,
    value: Value,
    flags: Value,
}

struct Gen<'g, 'b> {
    b: &'g mut FunctionBuilder<'b>,
    record: Value,
    dates: Value,
    out: Value,
    helpers: &'g Helpers,
    /// Where helpers write whether they succeeded.
    slot: StackSlot,
    nodes: Vec<Computed>,
}

const I32: types::Type = types::I32;
const I64: types::Type = types::I64;

impl Gen<'_, '_> {
    fn c32(&mut self, n: i64) -> Value {
        self.b.ins().iconst(I32, n)
    }

    fn c64(&mut self, n: i64) -> Value {
        self.b.ins().iconst(I64, n)
    }

    fn load(&mut self, base: Value, word: usize) -> Value {
        let offset = i32::try_from(word * 8).unwrap_or(i32::MAX);
        self.b
            .ins()
            .load(I64, MemFlagsData::trusted(), base, offset)
    }

    /// An `i8` comparison result as an `i32` 0/1.
    fn widen(&mut self, flag: Value) -> Value {
        self.b.ins().uextend(I32, flag)
    }

    fn is_imm(&mut self, value: Value, n: i64) -> Value {
        let flag = self.b.ins().icmp_imm_s(IntCC::Equal, value, n);
        self.widen(flag)
    }

    fn not01(&mut self, value: Value) -> Value {
        self.b.ins().bxor_imm_s(value, 1)
    }

    fn select(&mut self, condition: Value, then: Value, otherwise: Value) -> Value {
        self.b.ins().select(condition, then, otherwise)
    }

    /// The flags of a node, kept only when it is unknown.
    fn masked(&mut self, truth: Value, flags: Value) -> Computed {
        let unknown = self.is_imm(truth, i64::from(UNKNOWN));
        let zero = self.c32(0);
        let flags = self.select(unknown, flags, zero);
        Computed { truth, flags }
    }

    fn store(&mut self, index: usize, value: Computed) {
        let byte = self.b.ins().bor(value.truth, value.flags);
        let offset = i32::try_from(index).unwrap_or(i32::MAX);
        self.b
            .ins()
            .istore8(MemFlagsData::trusted(), byte, self.out, offset);
    }

    /// The truth of a value known or not: `known ? (holds ? 2 : 0) : 1`.
    fn truth(&mut self, known: Value, holds: Value) -> Value {
        let twice = self.b.ins().ishl_imm_s(holds, 1);
        let unknown = self.c32(i64::from(UNKNOWN));
        self.select(known, twice, unknown)
    }

    fn or_all(&mut self, values: &[Value], empty: i64) -> Value {
        match values.split_first() {
            None => self.c32(empty),
            Some((first, rest)) => rest.iter().fold(*first, |acc, v| self.b.ins().bor(acc, *v)),
        }
    }

    fn node(&mut self, node: &Node) -> Computed {
        match node {
            Node::Const(b) => {
                let truth = self.c32(if *b { i64::from(TRUE) } else { 0 });
                let flags = self.c32(0);
                Computed { truth, flags }
            }
            Node::Unavailable(unavailable) => {
                let truth = self.c32(i64::from(UNKNOWN));
                let flag = if unavailable.missing_filing {
                    MISSING
                } else {
                    POINT
                };
                let flags = self.c32(i64::from(flag));
                Computed { truth, flags }
            }
            Node::Test(operand) => {
                let op = self.operand(operand);
                let holds = self.b.ins().icmp_imm_s(IntCC::NotEqual, op.value, 0);
                let holds = self.widen(holds);
                let truth = self.truth(op.known, holds);
                self.masked(truth, op.flags)
            }
            Node::Not(of) => {
                let of = self.nodes[*of];
                let two = self.c32(i64::from(TRUE));
                let truth = self.b.ins().isub(two, of.truth);
                Computed {
                    truth,
                    flags: of.flags,
                }
            }
            Node::All(of) | Node::Any(of) => {
                let all = matches!(node, Node::All(_));
                let children: Vec<Computed> = of.iter().map(|i| self.nodes[*i]).collect();
                let truth = self.fold_truth(&children, all);
                let flags: Vec<Value> = children.iter().map(|c| c.flags).collect();
                let flags = self.or_all(&flags, 0);
                self.masked(truth, flags)
            }
            Node::Implies(condition, then) => {
                let (condition, then) = (self.nodes[*condition], self.nodes[*then]);
                let two = self.c32(i64::from(TRUE));
                let not = self.b.ins().isub(two, condition.truth);
                let truth = self.b.ins().umax(not, then.truth);
                let flags = self.b.ins().bor(condition.flags, then.flags);
                self.masked(truth, flags)
            }
            Node::Compare {
                op,
                cmp,
                left,
                right,
            } => {
                let left = self.operand(left);
                let right = self.operand(right);
                let holds = self.compare(*op, *cmp, left.value, right.value);
                let known = self.b.ins().band(left.known, right.known);
                let truth = self.truth(known, holds);
                let flags = self.b.ins().bor(left.flags, right.flags);
                self.masked(truth, flags)
            }
            Node::In { operand, set } => {
                let op = self.operand(operand);
                let hits: Vec<Value> = set
                    .iter()
                    .flatten()
                    .map(|v| {
                        let hit = self.b.ins().icmp_imm_s(IntCC::Equal, op.value, *v);
                        self.widen(hit)
                    })
                    .collect();
                let holds = self.or_all(&hits, 0);
                let truth = self.truth(op.known, holds);
                self.masked(truth, op.flags)
            }
            Node::Condition {
                body, favorable, ..
            } => {
                let body = self.nodes[*body];
                if !*favorable {
                    return body;
                }
                // A favourable condition that fails leaves the point to the officer.
                let failed = self.is_imm(body.truth, 0);
                let unknown = self.c32(i64::from(UNKNOWN));
                let truth = self.select(failed, unknown, body.truth);
                let point = self.c32(i64::from(POINT));
                let flags = self.select(failed, point, body.flags);
                Computed { truth, flags }
            }
            Node::Derogated {
                original,
                tried,
                prevails,
            } => self.derogated(*original, tried, prevails),
            Node::Quant {
                exists,
                list,
                elements,
            } => {
                let (list_known, present) = self.presence(list, elements.len());
                let neutral = self.c32(if *exists { 0 } else { i64::from(TRUE) });
                let mut truths = Vec::with_capacity(elements.len());
                let mut flags = Vec::with_capacity(elements.len());
                for (element, present) in elements.iter().zip(&present) {
                    let element = self.nodes[*element];
                    truths.push(self.select(*present, element.truth, neutral));
                    let zero = self.c32(0);
                    flags.push(self.select(*present, element.flags, zero));
                }
                let folded = self.fold_values(&truths, !*exists);
                let unknown = self.c32(i64::from(UNKNOWN));
                let truth = self.select(list_known, folded, unknown);
                let flags = self.or_all(&flags, 0);
                let missing = self.c32(i64::from(MISSING));
                let flags = self.select(list_known, flags, missing);
                self.masked(truth, flags)
            }
        }
    }

    fn fold_truth(&mut self, children: &[Computed], all: bool) -> Value {
        let truths: Vec<Value> = children.iter().map(|c| c.truth).collect();
        self.fold_values(&truths, all)
    }

    /// The minimum (conjunction, empty: true) or maximum (disjunction, empty: false).
    fn fold_values(&mut self, truths: &[Value], all: bool) -> Value {
        match truths.split_first() {
            None => self.c32(if all { i64::from(TRUE) } else { 0 }),
            Some((first, rest)) => rest.iter().fold(*first, |acc, t| {
                if all {
                    self.b.ins().umin(acc, *t)
                } else {
                    self.b.ins().umax(acc, *t)
                }
            }),
        }
    }

    /// Whether a list is known, and for each element the record can hold whether it is in the
    /// list (both `i32` 0/1).
    fn presence(&mut self, list: &ListRef, elements: usize) -> (Value, Vec<Value>) {
        let known = self.load(self.record, list.cell.0);
        let known = self.b.ins().icmp_imm_s(IntCC::NotEqual, known, 0);
        let known = self.widen(known);
        let length = self.load(self.record, list.cell.0 + 1);
        let present = (0..elements)
            .map(|k| {
                let inside = self
                    .b
                    .ins()
                    .icmp_imm_s(IntCC::SignedGreaterThan, length, k as i64);
                let inside = self.widen(inside);
                self.b.ins().band(known, inside)
            })
            .collect();
        (known, present)
    }

    /// A condition under its derogations, as `Evaluator::derogated` decides it: the rule's own
    /// value unless derogations apply; among those that apply, the ones no other prevails over;
    /// if they disagree, a conflict for the officer; and a derogation that may apply leaves the
    /// value open if it would change it.
    fn derogated(
        &mut self,
        original: usize,
        tried: &[crate::plan::Tried],
        prevails: &[Vec<bool>],
    ) -> Computed {
        let original = self.nodes[original];
        let two = self.c32(i64::from(TRUE));
        let applies: Vec<Value> = tried
            .iter()
            .map(|t| t.when.map_or(two, |w| self.nodes[w].truth))
            .collect();
        let results: Vec<Value> = tried
            .iter()
            .map(|t| t.then.map_or(two, |w| self.nodes[w].truth))
            .collect();
        let applying: Vec<Value> = applies
            .iter()
            .map(|a| self.is_imm(*a, i64::from(TRUE)))
            .collect();
        let prevail = |a: usize, b: usize| prevails.get(a).and_then(|r| r.get(b)) == Some(&true);
        let winners: Vec<Value> = (0..tried.len())
            .map(|i| {
                let beaten: Vec<Value> = (0..tried.len())
                    .filter(|&j| j != i && prevail(j, i))
                    .map(|j| applying[j])
                    .collect();
                let beaten = self.or_all(&beaten, 0);
                let standing = self.not01(beaten);
                self.b.ins().band(applying[i], standing)
            })
            .collect();
        // The first winner's result (the last written is the first in order).
        let mut value = original.truth;
        for i in (0..tried.len()).rev() {
            value = self.select(winners[i], results[i], value);
        }
        let disagreeing: Vec<Value> = (0..tried.len())
            .map(|i| {
                let differs = self.b.ins().icmp(IntCC::NotEqual, results[i], value);
                let differs = self.widen(differs);
                self.b.ins().band(winners[i], differs)
            })
            .collect();
        let conflict = self.or_all(&disagreeing, 0);
        let unknown = self.c32(i64::from(UNKNOWN));
        value = self.select(conflict, unknown, value);
        for i in 0..tried.len() {
            let maybe = self.is_imm(applies[i], i64::from(UNKNOWN));
            let overriding: Vec<Value> = (0..tried.len())
                .filter(|&w| prevail(w, i))
                .map(|w| winners[w])
                .collect();
            let overridden = self.or_all(&overriding, 0);
            let standing = self.not01(overridden);
            let differs = self.b.ins().icmp(IntCC::NotEqual, results[i], value);
            let differs = self.widen(differs);
            let opens = self.b.ins().band(maybe, standing);
            let opens = self.b.ins().band(opens, differs);
            value = self.select(opens, unknown, value);
        }
        let mut children = vec![original.flags];
        for t in tried {
            children.extend(t.when.map(|w| self.nodes[w].flags));
            children.extend(t.then.map(|w| self.nodes[w].flags));
        }
        let flags = self.or_all(&children, 0);
        let point = self.c32(i64::from(POINT));
        let flags = self.select(conflict, point, flags);
        self.masked(value, flags)
    }

    fn compare(&mut self, op: CompareOp, cmp: Cmp, left: Value, right: Value) -> Value {
        match cmp {
            Cmp::Ordered => self.ordered(op, left, right),
            Cmp::EqualityOnly => match op {
                CompareOp::Eq | CompareOp::Le | CompareOp::Ge => {
                    let eq = self.b.ins().icmp(IntCC::Equal, left, right);
                    self.widen(eq)
                }
                CompareOp::Ne => {
                    let ne = self.b.ins().icmp(IntCC::NotEqual, left, right);
                    self.widen(ne)
                }
                CompareOp::Lt | CompareOp::Gt => self.c32(0),
            },
            Cmp::Never => self.c32(i64::from(op == CompareOp::Ne)),
            Cmp::IntDecimal | Cmp::DecimalInt => {
                // The integer in millionths; one too large for that is equal to no decimal.
                let int = if cmp == Cmp::IntDecimal { left } else { right };
                let million = self.c64(motif_runtime::numbers::MICROS);
                let (scaled, overflow) = self.b.ins().smul_overflow(int, million);
                let overflow = self.widen(overflow);
                let holds = if cmp == Cmp::IntDecimal {
                    self.ordered(op, scaled, right)
                } else {
                    self.ordered(op, left, scaled)
                };
                let never = self.c32(i64::from(op == CompareOp::Ne));
                self.select(overflow, never, holds)
            }
        }
    }

    fn ordered(&mut self, op: CompareOp, left: Value, right: Value) -> Value {
        let cc = match op {
            CompareOp::Eq => IntCC::Equal,
            CompareOp::Ne => IntCC::NotEqual,
            CompareOp::Lt => IntCC::SignedLessThan,
            CompareOp::Le => IntCC::SignedLessThanOrEqual,
            CompareOp::Gt => IntCC::SignedGreaterThan,
            CompareOp::Ge => IntCC::SignedGreaterThanOrEqual,
        };
        let holds = self.b.ins().icmp(cc, left, right);
        self.widen(holds)
    }

    fn operand(&mut self, operand: &Operand) -> Op {
        match operand {
            Operand::Cell { cell, read } => {
                let known = self.load(self.record, cell.0);
                let known = self.b.ins().icmp_imm_s(IntCC::NotEqual, known, 0);
                let known = self.widen(known);
                let value = self.load(self.record, cell.0 + 1);
                let flag = if read.appraisal { POINT } else { MISSING };
                let flag = self.c32(i64::from(flag));
                let zero = self.c32(0);
                let flags = self.select(known, zero, flag);
                Op {
                    known,
                    value,
                    flags,
                }
            }
            Operand::Known(n) => Op {
                known: self.c32(1),
                value: self.c64(*n),
                flags: self.c32(0),
            },
            Operand::Unavailable(_) => Op {
                known: self.c32(0),
                value: self.c64(0),
                flags: self.c32(i64::from(POINT)),
            },
            Operand::DecisionDate => Op {
                known: self.c32(1),
                value: self.load(self.dates, 0),
                flags: self.c32(0),
            },
            Operand::FilingDate => {
                let known = self.load(self.dates, 1);
                let known = self.b.ins().ireduce(I32, known);
                let value = self.load(self.dates, 2);
                let zero = self.c32(0);
                let missing = self.c32(i64::from(MISSING));
                let flags = self.select(known, zero, missing);
                Op {
                    known,
                    value,
                    flags,
                }
            }
            Operand::Arith { op, left, right } => {
                let left = self.operand(left);
                let right = self.operand(right);
                self.arith(*op, left, right)
            }
            Operand::Between { unit, from, to } => {
                let from = self.operand(from);
                let to = self.operand(to);
                let value = match unit {
                    DurationUnit::Days => self.b.ins().isub(to.value, from.value),
                    _ => {
                        let unit = self.c64(unit_code(*unit));
                        let call = self
                            .b
                            .ins()
                            .call(self.helpers.between, &[from.value, to.value, unit]);
                        self.b.inst_results(call)[0]
                    }
                };
                let known = self.b.ins().band(from.known, to.known);
                let flags = self.b.ins().bor(from.flags, to.flags);
                Op {
                    known,
                    value,
                    flags,
                }
            }
            Operand::Count { list, elements } => {
                let (list_known, present) = self.presence(list, elements.len());
                let mut count = self.c64(0);
                let mut known = list_known;
                let mut flags = Vec::with_capacity(elements.len());
                for (element, present) in elements.iter().zip(&present) {
                    let element = self.nodes[*element];
                    let holds = self.is_imm(element.truth, i64::from(TRUE));
                    let counted = self.b.ins().band(holds, *present);
                    let counted = self.b.ins().uextend(I64, counted);
                    count = self.b.ins().iadd(count, counted);
                    let open = self.is_imm(element.truth, i64::from(UNKNOWN));
                    let open = self.b.ins().band(open, *present);
                    let settled = self.not01(open);
                    known = self.b.ins().band(known, settled);
                    let zero = self.c32(0);
                    flags.push(self.select(*present, element.flags, zero));
                }
                let flags = self.or_all(&flags, 0);
                let missing = self.c32(i64::from(MISSING));
                let flags = self.select(list_known, flags, missing);
                Op {
                    known,
                    value: count,
                    flags,
                }
            }
        }
    }

    /// Checked arithmetic: a result out of bounds (both operands known) is a point for the
    /// officer, as the interpreter's "calcul impossible".
    fn arith(&mut self, op: Arith, left: Op, right: Op) -> Op {
        let (value, failed) = match op {
            Arith::IntAdd | Arith::DecimalAdd | Arith::MoneyAdd => {
                let (v, o) = self.b.ins().sadd_overflow(left.value, right.value);
                (v, self.widen(o))
            }
            Arith::IntSub | Arith::DecimalSub | Arith::MoneySub => {
                let (v, o) = self.b.ins().ssub_overflow(left.value, right.value);
                (v, self.widen(o))
            }
            Arith::IntMul | Arith::DecimalMulInt { .. } | Arith::MoneyMulInt { .. } => {
                let (v, o) = self.b.ins().smul_overflow(left.value, right.value);
                (v, self.widen(o))
            }
            Arith::MoneyMulDecimal {
                money_left,
                rounding,
            } => {
                let (money, decimal) = if money_left {
                    (left.value, right.value)
                } else {
                    (right.value, left.value)
                };
                let rounding = self.c64(rounding_code(rounding));
                let ok = self.b.ins().stack_addr(I64, self.slot, 0);
                let call = self
                    .b
                    .ins()
                    .call(self.helpers.mul_rounded, &[money, decimal, rounding, ok]);
                let value = self.b.inst_results(call)[0];
                (value, self.helper_failed())
            }
            Arith::DateShift {
                date_left,
                backwards,
                unit,
            } => {
                let (date, amount) = if date_left {
                    (left.value, right.value)
                } else {
                    (right.value, left.value)
                };
                let sign = self.c64(if backwards { -1 } else { 1 });
                let unit = self.c64(unit_code(unit));
                let ok = self.b.ins().stack_addr(I64, self.slot, 0);
                let call = self
                    .b
                    .ins()
                    .call(self.helpers.shift, &[date, amount, sign, unit, ok]);
                let value = self.b.inst_results(call)[0];
                (value, self.helper_failed())
            }
        };
        let both = self.b.ins().band(left.known, right.known);
        let succeeded = self.not01(failed);
        let known = self.b.ins().band(both, succeeded);
        let error = self.b.ins().band(both, failed);
        let point = self.c32(i64::from(POINT));
        let zero = self.c32(0);
        let error = self.select(error, point, zero);
        let flags = self.b.ins().bor(left.flags, right.flags);
        let flags = self.b.ins().bor(flags, error);
        Op {
            known,
            value,
            flags,
        }
    }

    /// Whether the helper just called reported a failure (`i32` 0/1).
    fn helper_failed(&mut self) -> Value {
        let ok = self.b.ins().stack_load(I64, I64, self.slot, 0);
        let failed = self.b.ins().icmp_imm_s(IntCC::Equal, ok, 0);
        self.widen(failed)
    }

    /// The route's outcome, as `assessment::route_assessment` and `analysis::analyse` decide
    /// it (but for a refusal resting on a sensitive fact, which the caller checks).
    fn outcome(&mut self, route: &NativeRoute) -> Value {
        let closures: Vec<Computed> = route.closures.iter().map(|c| self.nodes[c.node]).collect();
        let closed: Vec<Value> = closures
            .iter()
            .map(|c| self.is_imm(c.truth, i64::from(TRUE)))
            .collect();
        let closed = self.or_all(&closed, 0);
        let open: Vec<Value> = closures
            .iter()
            .map(|c| self.is_imm(c.truth, i64::from(UNKNOWN)))
            .collect();
        let open = self.or_all(&open, 0);
        let closure_flags: Vec<Value> = closures.iter().map(|c| c.flags).collect();
        let closure_flags = self.or_all(&closure_flags, 0);
        let trace = self.nodes[route.trace];
        let all_flags = self.b.ins().bor(trace.flags, closure_flags);

        let code = |g: &mut Self, outcome| g.c32(i64::from(outcome_code(outcome)));
        let incomplete = code(self, Outcome::Incomplete);
        let appraisal = code(self, Outcome::NeedsAppraisal);
        // Facts to ask for come first; with nothing to ask for and no point, still incomplete.
        let open_outcome = |g: &mut Self, flags: Value| {
            let missing = g.b.ins().band_imm_s(flags, i64::from(MISSING));
            let point = g.b.ins().band_imm_s(flags, i64::from(POINT));
            let no_point = g.b.ins().icmp_imm_s(IntCC::Equal, point, 0);
            let no_point = g.widen(no_point);
            let asks = g.b.ins().bor(missing, no_point);
            g.select(asks, incomplete, appraisal)
        };
        let if_unknown = open_outcome(self, all_flags);
        let if_open_closures = open_outcome(self, closure_flags);
        let eligible = code(self, Outcome::Eligible);
        let if_true = self.select(open, if_open_closures, eligible);
        // A route that may not apply is not refused: its applicability is settled first.
        let refused = code(self, Outcome::NotEligible);
        let if_false = self.select(open, if_open_closures, refused);
        let holds = self.is_imm(trace.truth, i64::from(TRUE));
        let fails = self.is_imm(trace.truth, 0);
        let decided = self.select(fails, if_false, if_unknown);
        let decided = self.select(holds, if_true, decided);
        let not_applicable = code(self, Outcome::NotApplicable);
        self.select(closed, not_applicable, decided)
    }
}
