//! Lowering expressions: conditions to `Expr`, values to `Term`, with what the checker
//! resolved.

use std::collections::HashMap;

use motif_runtime::program::{ArithOp, Condition, ConditionRef, Expr, Term};
use motif_runtime::value::{Type, TypeKind, Value};

use super::{InternalError, Lowering, internal};
use crate::check::Resolution;
use crate::syntax::ast::{self, ExprKind, Quantifier};

/// Lowers the expressions of one article version, adding the conditions labelled inline.
pub(super) struct Body<'l, 'a> {
    pub(super) lowering: &'l Lowering<'a>,
    pub(super) names: &'l HashMap<&'l str, u32>,
    pub(super) conditions: &'l mut Vec<Condition>,
}

impl Body<'_, '_> {
    fn resolution(&self, expr: &ast::Expr) -> Result<&Resolution, InternalError> {
        self.lowering
            .checked
            .resolutions
            .get(&expr.id)
            .ok_or_else(|| internal("nom non résolu"))
    }

    fn type_of(&self, expr: &ast::Expr) -> Option<&Type> {
        self.lowering.checked.types.get(&expr.id)
    }

    pub(super) fn expr(&mut self, expr: &ast::Expr) -> Result<Expr, InternalError> {
        Ok(match &expr.kind {
            ExprKind::Bool(b) => Expr::Constant(*b),
            ExprKind::Ref { .. } => match self.resolution(expr)?.clone() {
                Resolution::LocalCondition(name) => {
                    let index = self
                        .names
                        .get(name.as_str())
                        .ok_or_else(|| internal("condition locale absente"))?;
                    Expr::Condition(ConditionRef::Local(*index))
                }
                Resolution::ArticleCondition(article, name) => {
                    Expr::Condition(ConditionRef::Article { article, name })
                }
                Resolution::Variant(_) => return Err(internal("valeur employée comme condition")),
                _ => Expr::Test(self.term(expr)?),
            },
            ExprKind::Not(inner) => Expr::Not(Box::new(self.expr(inner)?)),
            ExprKind::And(items) => Expr::All(
                items
                    .iter()
                    .map(|e| self.expr(e))
                    .collect::<Result<_, _>>()?,
            ),
            ExprKind::Or(items) => Expr::Any(
                items
                    .iter()
                    .map(|e| self.expr(e))
                    .collect::<Result<_, _>>()?,
            ),
            ExprKind::Implies(a, b) => {
                Expr::Implies(Box::new(self.expr(a)?), Box::new(self.expr(b)?))
            }
            ExprKind::All(items) | ExprKind::Any(items) => {
                let mut lowered = Vec::with_capacity(items.len());
                for item in items {
                    let inner = self.expr(&item.expr)?;
                    lowered.push(match &item.label {
                        Some(label) => {
                            self.conditions.push(Condition {
                                name: None,
                                label: Some(label.node.clone()),
                                expr: inner,
                                favorable: false,
                                general_for: Vec::new(),
                            });
                            Expr::Condition(ConditionRef::Local(self.conditions.len() as u32 - 1))
                        }
                        None => inner,
                    });
                }
                if matches!(expr.kind, ExprKind::All(_)) {
                    Expr::All(lowered)
                } else {
                    Expr::Any(lowered)
                }
            }
            ExprKind::Compare { op, left, right } => {
                let scale = match self.type_of(left) {
                    Some(Type::Enum(id)) => {
                        let ordered = matches!(
                            self.lowering.declarations.signatures.types[id.0 as usize].kind,
                            TypeKind::Enum { ordered: true, .. }
                        );
                        ordered.then_some(*id)
                    }
                    _ => None,
                };
                Expr::Compare {
                    op: *op,
                    left: self.term(left)?,
                    right: self.term(right)?,
                    scale,
                }
            }
            ExprKind::In { operand, set } => {
                let ty = self
                    .type_of(operand)
                    .cloned()
                    .ok_or_else(|| internal("type inconnu"))?;
                let mut values = Vec::with_capacity(set.len());
                for item in set {
                    let value = crate::check::literal_value(
                        item,
                        &ty,
                        &self.lowering.declarations.signatures,
                    )
                    .map_err(|_| internal("valeur de liste mal typée"))?;
                    values.push(value);
                }
                Expr::In {
                    operand: self.term(operand)?,
                    set: values,
                }
            }
            ExprKind::Quantified {
                quantifier: quantifier @ (Quantifier::Exists | Quantifier::ForAll),
                list,
                body,
                ..
            } => {
                let list = self.term(list)?;
                let body = Box::new(self.expr(body)?);
                if *quantifier == Quantifier::Exists {
                    Expr::Exists { list, body }
                } else {
                    Expr::ForAll { list, body }
                }
            }
            _ => return Err(internal("valeur employée comme condition")),
        })
    }

    pub(super) fn term(&mut self, expr: &ast::Expr) -> Result<Term, InternalError> {
        Ok(match &expr.kind {
            ExprKind::Bool(b) => Term::Literal(Value::Bool(*b)),
            ExprKind::Int(n) => Term::Literal(Value::Int(*n)),
            ExprKind::Decimal(d) => Term::Literal(Value::Decimal(*d)),
            ExprKind::Money(m) => Term::Literal(Value::Money(*m)),
            ExprKind::Text(t) => Term::Literal(Value::Text(t.clone())),
            ExprKind::Date(d) => Term::Literal(Value::Date(*d)),
            ExprKind::Duration(d) => Term::Literal(Value::Duration(*d)),
            ExprKind::DecisionDate => Term::DecisionDate,
            ExprKind::FilingDate => Term::FilingDate,
            ExprKind::Ref { .. } => match self.resolution(expr)?.clone() {
                Resolution::Fact(id) => Term::Fact(id),
                Resolution::FactField { fact, fields } => with_fields(Term::Fact(fact), &fields),
                Resolution::Element { depth, fields } => {
                    // The checker counts binders from the innermost; so does the runtime.
                    with_fields(Term::Element { depth }, &fields)
                }
                Resolution::Parameter(id) => Term::Parameter(id),
                Resolution::Variant(name) => Term::Literal(Value::Enum(name)),
                Resolution::LocalCondition(_) | Resolution::ArticleCondition(..) => {
                    return Err(internal("condition employée comme valeur"));
                }
            },
            ExprKind::Arith { op, left, right } => Term::Arith {
                op: *op,
                left: Box::new(self.term(left)?),
                right: Box::new(self.term(right)?),
            },
            ExprKind::Round { rounding, inner } => match &inner.kind {
                ExprKind::Arith {
                    op: ArithOp::Mul,
                    left,
                    right,
                } => Term::Arith {
                    op: ArithOp::MulRounded(*rounding),
                    left: Box::new(self.term(left)?),
                    right: Box::new(self.term(right)?),
                },
                _ => return Err(internal("arrondi mal placé")),
            },
            ExprKind::Between { unit, from, to } => Term::Between {
                unit: *unit,
                from: Box::new(self.term(from)?),
                to: Box::new(self.term(to)?),
            },
            ExprKind::Quantified {
                quantifier: Quantifier::Count,
                list,
                body,
                ..
            } => {
                let list = Box::new(self.term(list)?);
                Term::Count {
                    list,
                    body: Box::new(self.expr(body)?),
                }
            }
            _ => return Err(internal("expression composée employée comme valeur")),
        })
    }
}

fn with_fields(mut term: Term, fields: &[u32]) -> Term {
    for field in fields {
        term = Term::Field {
            record: Box::new(term),
            field: *field,
        };
    }
    term
}
