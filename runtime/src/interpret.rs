//! The reference interpreter: evaluates a route's condition on a dossier, in three-valued logic,
//! and records every step in a trace.
//!
//! Every sub-condition is evaluated, whatever the values already found: the trace must show all
//! the grounds, not the first one met. Native code (later) must agree with this interpreter on
//! every dossier.

use crate::date::Date;
use crate::dossier::Dossier;
use crate::logic::Truth;
use crate::program::{
    ArticleId, ArticleVersion, CompareOp, ConditionRef, Expr, FactId, Operand, Program,
};
use crate::trace::{Citation, FactRead, LiteralShown, Shown, Step};
use crate::value::{Type, Value};

/// Conditions may refer to conditions of other articles; the compiler rejects cycles, and this
/// bound keeps a hand-made `Program` with a cycle from exhausting the stack.
const MAX_DEPTH: usize = 64;

/// Evaluates expressions of one program on one dossier at one date.
pub(crate) struct Evaluator<'a> {
    program: &'a Program,
    dossier: &'a Dossier,
    date: Date,
    /// The article versions whose rules were applied, in the order first used.
    pub(crate) versions_used: Vec<(ArticleId, &'a ArticleVersion)>,
}

/// Where an expression sits: the article version whose local conditions it can name.
#[derive(Clone, Copy)]
pub(crate) struct Scope<'a> {
    pub(crate) article: ArticleId,
    pub(crate) version: &'a ArticleVersion,
}

impl<'a> Evaluator<'a> {
    pub(crate) fn new(program: &'a Program, dossier: &'a Dossier, date: Date) -> Evaluator<'a> {
        Evaluator {
            program,
            dossier,
            date,
            versions_used: Vec::new(),
        }
    }

    pub(crate) fn enter(&mut self, scope: Scope<'a>) {
        let already = self
            .versions_used
            .iter()
            .any(|(a, v)| *a == scope.article && std::ptr::eq(*v, scope.version));
        if !already {
            self.versions_used.push((scope.article, scope.version));
        }
    }

    pub(crate) fn citation(&self, scope: Scope<'_>) -> Citation {
        Citation {
            id: self.program.article(scope.article).id.clone(),
            version: scope.version.in_force.from,
        }
    }

    /// Evaluates a boolean expression and returns its trace.
    pub(crate) fn eval(&mut self, expr: &'a Expr, scope: Scope<'a>, depth: usize) -> Step {
        match expr {
            Expr::Constant(b) => Step::Constant {
                value: Truth::from(*b),
            },
            Expr::Fact(fact) => {
                let read = self.read(*fact);
                let value = match &read.value {
                    Some(Value::Bool(b)) => Truth::from(*b),
                    _ => Truth::Unknown,
                };
                Step::Fact { value, fact: read }
            }
            Expr::Not(inner) => {
                let of = self.eval(inner, scope, depth);
                Step::Not {
                    value: of.value().not(),
                    of: Box::new(of),
                }
            }
            Expr::All(items) => {
                let of: Vec<Step> = items.iter().map(|e| self.eval(e, scope, depth)).collect();
                Step::All {
                    value: Truth::all(of.iter().map(Step::value)),
                    of,
                }
            }
            Expr::Any(items) => {
                let of: Vec<Step> = items.iter().map(|e| self.eval(e, scope, depth)).collect();
                Step::Any {
                    value: Truth::any(of.iter().map(Step::value)),
                    of,
                }
            }
            Expr::Implies(condition, then) => {
                let condition = self.eval(condition, scope, depth);
                let then = self.eval(then, scope, depth);
                Step::Implies {
                    value: condition.value().implies(then.value()),
                    condition: Box::new(condition),
                    then: Box::new(then),
                }
            }
            Expr::Compare { op, left, right } => {
                // An enumeration literal is labelled with the type of the fact it is compared to.
                let ty = self.operand_type(left).or_else(|| self.operand_type(right));
                let (left_value, left) = self.operand(left, ty);
                let (right_value, right) = self.operand(right, ty);
                let value = match (left_value, right_value) {
                    (Some(l), Some(r)) => compare(*op, &l, &r),
                    _ => Truth::Unknown,
                };
                Step::Compare {
                    value,
                    op: *op,
                    left,
                    right,
                }
            }
            Expr::In { operand, set } => {
                let ty = self.operand_type(operand);
                let (value, operand) = self.operand(operand, ty);
                let truth = match value {
                    Some(v) => Truth::from(set.contains(&v)),
                    None => Truth::Unknown,
                };
                let among = set.iter().map(|v| literal(v, ty)).collect();
                Step::In {
                    value: truth,
                    operand,
                    among,
                }
            }
            Expr::Condition(reference) => self.condition(reference, scope, depth),
        }
    }

    fn condition(&mut self, reference: &'a ConditionRef, scope: Scope<'a>, depth: usize) -> Step {
        if depth >= MAX_DEPTH {
            return Step::Unavailable {
                value: Truth::Unknown,
                article: self.program.article(scope.article).id.clone(),
                reason: "références entre conditions trop profondes (cycle ?)".into(),
            };
        }
        let (target, condition) = match reference {
            ConditionRef::Local(index) => (scope, scope.version.conditions.get(*index as usize)),
            ConditionRef::Article { article, name } => {
                let target_article = self.program.article(*article);
                let Some(version) = target_article.version_at(self.date) else {
                    return Step::Unavailable {
                        value: Truth::Unknown,
                        article: target_article.id.clone(),
                        reason: format!(
                            "aucune version de l'article {} n'est en vigueur le {} dans ce jeu de règles",
                            target_article.id, self.date
                        ),
                    };
                };
                let target = Scope {
                    article: *article,
                    version,
                };
                (target, version.condition_named(name))
            }
        };
        let Some(condition) = condition else {
            return Step::Unavailable {
                value: Truth::Unknown,
                article: self.program.article(target.article).id.clone(),
                reason: "la version en vigueur ne définit pas cette condition".into(),
            };
        };
        self.enter(target);
        let because = self.eval(&condition.expr, target, depth + 1);
        Step::Condition {
            value: because.value(),
            article: self.citation(target),
            name: condition.name.clone(),
            label: condition.label.clone(),
            because: Box::new(because),
        }
    }

    fn read(&self, fact: FactId) -> FactRead {
        let decl = self.program.fact(fact);
        let value = self.dossier.get(fact).cloned();
        let value_label = value.as_ref().and_then(|v| variant_label(&decl.ty, v));
        FactRead {
            fact: decl.name.clone(),
            label: decl.label.clone(),
            value,
            value_label,
        }
    }

    fn operand(&self, operand: &Operand, ty: Option<&Type>) -> (Option<Value>, Shown) {
        match operand {
            Operand::Fact(fact) => {
                let read = self.read(*fact);
                (read.value.clone(), Shown::Fact(read))
            }
            Operand::Literal(value) => (Some(value.clone()), literal(value, ty)),
        }
    }

    fn operand_type(&self, operand: &Operand) -> Option<&'a Type> {
        match operand {
            Operand::Fact(fact) => Some(&self.program.fact(*fact).ty),
            Operand::Literal(_) => None,
        }
    }
}

fn literal(value: &Value, ty: Option<&Type>) -> Shown {
    Shown::Literal(LiteralShown {
        value: value.clone(),
        value_label: ty.and_then(|ty| variant_label(ty, value)),
    })
}

fn variant_label(ty: &Type, value: &Value) -> Option<String> {
    match value {
        Value::Enum(name) => ty.variant(name).and_then(|v| v.label.clone()),
        _ => None,
    }
}

/// Compares two known values. Values of different kinds never compare equal; the type checker
/// makes sure that does not happen in a checked program.
fn compare(op: CompareOp, left: &Value, right: &Value) -> Truth {
    use std::cmp::Ordering;
    let ordering = match (left, right) {
        (Value::Int(l), Value::Int(r)) => Some(l.cmp(r)),
        _ => None,
    };
    let equal = left == right;
    let result = match op {
        CompareOp::Eq => equal,
        CompareOp::Ne => !equal,
        CompareOp::Lt => ordering == Some(Ordering::Less),
        CompareOp::Le => matches!(ordering, Some(Ordering::Less | Ordering::Equal)),
        CompareOp::Gt => ordering == Some(Ordering::Greater),
        CompareOp::Ge => matches!(ordering, Some(Ordering::Greater | Ordering::Equal)),
    };
    Truth::from(result)
}
