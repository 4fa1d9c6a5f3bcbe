//! Building expressions from pest pairs.

use pest::iterators::Pair;

use motif_runtime::date::DurationUnit;
use motif_runtime::numbers::{Decimal, Money, Rounding};
use motif_runtime::program::{ArithOp, CompareOp};

use super::{Builder, OrDefaultName, Rule, article_id, children, spanned, text};
use crate::diagnostics::{IntegerTooLarge, NestingTooDeep, PolicyError};
use crate::syntax::ast::*;

/// Deepest nesting of an expression, in operators (`non`, `et`, comparisons, lists…; plain
/// parentheses do not count). The law never nests a tenth as deep; the bound keeps every later
/// pass, which walks expressions recursively, far from the stack's limits, even on a 1 MiB
/// thread stack in a debug build.
const MAX_DEPTH: usize = 64;

/// A grammar level that, with a single child, adds nothing: it is skipped without recursion.
fn is_pass_through(pair: &Pair<'_, Rule>) -> bool {
    match pair.as_rule() {
        Rule::expr
        | Rule::disjunction
        | Rule::conjunction
        | Rule::comparison
        | Rule::sum
        | Rule::product => {
            children(pair.clone()).count() == 1
                && !pair
                    .clone()
                    .into_inner()
                    .any(|p| p.as_rule() == Rule::kw_dans)
        }
        Rule::negation => !pair
            .clone()
            .into_inner()
            .any(|p| p.as_rule() == Rule::kw_non),
        _ => false,
    }
}

impl Builder {
    pub(super) fn new_expr(&mut self, kind: ExprKind, span: Span) -> Expr {
        let id = ExprId(self.next_expr);
        self.next_expr += 1;
        Expr { id, kind, span }
    }

    /// Stands for an expression the grammar guarantees but that could not be built; never
    /// reached on a successful parse, it keeps the builder total.
    pub(super) fn placeholder(&mut self, span: Span) -> Expr {
        self.new_expr(ExprKind::Bool(true), span)
    }

    pub(super) fn expr(&mut self, mut pair: Pair<'_, Rule>) -> Expr {
        while is_pass_through(&pair) {
            match children(pair.clone()).next() {
                Some(only) => pair = only,
                None => break,
            }
        }
        let span = Span::from(pair.as_span());
        if self.depth >= MAX_DEPTH {
            let already = self.diagnostics.iter().any(|d| {
                matches!(&d.error, PolicyError::NestingTooDeep(n) if n.span.offset() <= span.start && span.end <= n.span.offset() + n.span.len())
            });
            if !already {
                self.report(NestingTooDeep { span: span.into() });
            }
            return self.placeholder(span);
        }
        self.depth += 1;
        let expr = self.expr_at_depth(pair, span);
        self.depth -= 1;
        expr
    }

    fn exprs(&mut self, pair: Pair<'_, Rule>) -> Vec<Expr> {
        children(pair).map(|p| self.expr(p)).collect()
    }

    fn expr_at_depth(&mut self, pair: Pair<'_, Rule>, span: Span) -> Expr {
        let kind = match pair.as_rule() {
            Rule::implication => {
                let mut parts = self.exprs(pair).into_iter();
                match (parts.next(), parts.next()) {
                    (Some(c), Some(t)) => ExprKind::Implies(Box::new(c), Box::new(t)),
                    _ => return self.placeholder(span),
                }
            }
            Rule::disjunction => ExprKind::Or(self.exprs(pair)),
            Rule::conjunction => ExprKind::And(self.exprs(pair)),
            Rule::negation => match children(pair).next() {
                Some(p) => ExprKind::Not(Box::new(self.expr(p))),
                None => return self.placeholder(span),
            },
            Rule::comparison => return self.comparison(pair),
            Rule::sum | Rule::product => return self.arithmetic(pair),
            Rule::all | Rule::any => {
                let is_all = pair.as_rule() == Rule::all;
                let items = children(pair).map(|p| self.labelled(p)).collect();
                if is_all {
                    ExprKind::All(items)
                } else {
                    ExprKind::Any(items)
                }
            }
            Rule::exists | Rule::forall | Rule::count => {
                let quantifier = match pair.as_rule() {
                    Rule::exists => Quantifier::Exists,
                    Rule::forall => Quantifier::ForAll,
                    _ => Quantifier::Count,
                };
                let mut parts = children(pair);
                let binder = parts
                    .next()
                    .map(|p| spanned(&p))
                    .unwrap_or_default_name(span);
                let list = parts.next().map(|p| self.expr(p));
                let body = parts.next().map(|p| self.expr(p));
                match (list, body) {
                    (Some(list), Some(body)) => ExprKind::Quantified {
                        quantifier,
                        binder,
                        list: Box::new(list),
                        body: Box::new(body),
                    },
                    _ => return self.placeholder(span),
                }
            }
            Rule::between => {
                let mut parts = children(pair);
                let unit = match parts
                    .next()
                    .and_then(|u| u.into_inner().next())
                    .map(|u| u.as_rule())
                {
                    Some(Rule::years_unit) => DurationUnit::Years,
                    Some(Rule::months_unit) => DurationUnit::Months,
                    _ => DurationUnit::Days,
                };
                let from = parts.next().map(|p| self.expr(p));
                let to = parts.next().map(|p| self.expr(p));
                match (from, to) {
                    (Some(from), Some(to)) => ExprKind::Between {
                        unit,
                        from: Box::new(from),
                        to: Box::new(to),
                    },
                    _ => return self.placeholder(span),
                }
            }
            Rule::rounded => {
                let mut rounding = Rounding::Nearest;
                let mut inner = None;
                for p in children(pair) {
                    match p.as_rule() {
                        Rule::rounding => {
                            rounding = if p.as_str().starts_with('i') {
                                Rounding::Down
                            } else {
                                Rounding::Up
                            };
                        }
                        _ => inner = Some(self.expr(p)),
                    }
                }
                match inner {
                    Some(inner) => ExprKind::Round {
                        rounding,
                        inner: Box::new(inner),
                    },
                    None => return self.placeholder(span),
                }
            }
            Rule::true_lit => ExprKind::Bool(true),
            Rule::false_lit => ExprKind::Bool(false),
            Rule::integer => match pair.as_str().parse::<i64>() {
                Ok(n) => ExprKind::Int(n),
                Err(_) => {
                    self.report(IntegerTooLarge {
                        text: pair.as_str().into(),
                        span: span.into(),
                    });
                    ExprKind::Int(0)
                }
            },
            Rule::decimal | Rule::percent => {
                let raw = pair
                    .as_str()
                    .trim_end_matches(['%', ' ', '\u{a0}', '\u{202f}']);
                let parsed = Decimal::parse(raw);
                let value = if pair.as_rule() == Rule::percent {
                    // 60 % is 0,6: a percentage has at most four decimals so that the decimal
                    // keeps its six.
                    parsed.and_then(|d| {
                        (d.micros() % 100 == 0).then(|| Decimal::from_micros(d.micros() / 100))
                    })
                } else {
                    parsed
                };
                match value {
                    Some(d) => ExprKind::Decimal(d),
                    None => {
                        self.report(IntegerTooLarge {
                            text: pair.as_str().into(),
                            span: span.into(),
                        });
                        ExprKind::Decimal(Decimal::from_micros(0))
                    }
                }
            }
            Rule::money => {
                let raw = pair
                    .as_str()
                    .trim_end_matches(['€', ' ', '\u{a0}', '\u{202f}']);
                match Money::parse(raw) {
                    Some(m) => ExprKind::Money(m),
                    None => {
                        self.report(IntegerTooLarge {
                            text: pair.as_str().into(),
                            span: span.into(),
                        });
                        ExprKind::Money(Money::from_cents(0))
                    }
                }
            }
            Rule::date_lit => match children(pair).next() {
                Some(date) => match self.date(&date).node {
                    Some(d) => ExprKind::Date(d),
                    None => return self.placeholder(span),
                },
                None => return self.placeholder(span),
            },
            Rule::duration => match self.duration(pair) {
                Some(d) => ExprKind::Duration(d),
                None => return self.placeholder(span),
            },
            Rule::decision_date => ExprKind::DecisionDate,
            Rule::filing_date => ExprKind::FilingDate,
            Rule::text => ExprKind::Text(text(&pair).node),
            Rule::reference => {
                let mut parts = children(pair);
                let name = parts
                    .next()
                    .map(|p| spanned(&p))
                    .unwrap_or_default_name(span);
                let article = parts.next().map(article_id);
                ExprKind::Ref { name, article }
            }
            Rule::expr => match children(pair).next() {
                Some(p) => return self.expr(p),
                None => return self.placeholder(span),
            },
            _ => return self.placeholder(span),
        };
        self.new_expr(kind, span)
    }

    /// `a + b - c` and `a × b`: left-associative chains.
    fn arithmetic(&mut self, pair: Pair<'_, Rule>) -> Expr {
        let start = pair.as_span().start();
        let mut parts = children(pair);
        let Some(first) = parts.next() else {
            return self.placeholder(Span { start, end: start });
        };
        let mut left = self.expr(first);
        while let (Some(op), Some(operand)) = (parts.next(), parts.next()) {
            let op = match op.as_str() {
                "+" => ArithOp::Add,
                "-" => ArithOp::Sub,
                _ => ArithOp::Mul,
            };
            let right = self.expr(operand);
            let span = Span {
                start,
                end: right.span.end,
            };
            left = self.new_expr(
                ExprKind::Arith {
                    op,
                    left: Box::new(left),
                    right: Box::new(right),
                },
                span,
            );
        }
        left
    }

    fn comparison(&mut self, pair: Pair<'_, Rule>) -> Expr {
        let span = Span::from(pair.as_span());
        let has_in = pair
            .clone()
            .into_inner()
            .any(|p| p.as_rule() == Rule::kw_dans);
        let mut parts = children(pair);
        let Some(first) = parts.next() else {
            return self.placeholder(span);
        };
        let first = self.expr(first);
        if has_in {
            let set = parts.map(|p| self.expr(p)).collect();
            return self.new_expr(
                ExprKind::In {
                    operand: Box::new(first),
                    set,
                },
                span,
            );
        }
        match (parts.next(), parts.next()) {
            (Some(op), Some(second)) => {
                let op = match op.as_str() {
                    "≠" | "!=" => CompareOp::Ne,
                    "≤" | "<=" => CompareOp::Le,
                    "≥" | ">=" => CompareOp::Ge,
                    "<" => CompareOp::Lt,
                    ">" => CompareOp::Gt,
                    _ => CompareOp::Eq,
                };
                let second = self.expr(second);
                self.new_expr(
                    ExprKind::Compare {
                        op,
                        left: Box::new(first),
                        right: Box::new(second),
                    },
                    span,
                )
            }
            _ => first,
        }
    }

    pub(super) fn labelled(&mut self, pair: Pair<'_, Rule>) -> Labelled {
        let span = Span::from(pair.as_span());
        let mut expr = None;
        let mut label = None;
        for p in children(pair) {
            match p.as_rule() {
                Rule::text => label = Some(text(&p)),
                _ => expr = Some(self.expr(p)),
            }
        }
        Labelled {
            expr: expr.unwrap_or_else(|| self.placeholder(span)),
            label,
        }
    }
}
