//! Values computed by terms: facts and the fields of list elements, parameters at the
//! reference date, the assessment's dates, arithmetic on numbers, amounts and dates.

use std::cmp::Ordering;

use super::{Evaluator, Scope};
use crate::date::DurationUnit;
use crate::logic::Truth;
use crate::numbers::Decimal;
use crate::program::{ArithOp, CompareOp, FactKind, Term};
use crate::trace::{
    Computed, CountShown, DateShown, FactRead, LiteralShown, ParameterRead, Shown, Step, WhichDate,
};
use crate::value::{Known, Provenance, Type, TypeId, Value};

/// A term's value (`None`: unknown) and how the explanation shows it.
pub(crate) struct Eval {
    pub(crate) value: Option<Value>,
    pub(crate) shown: Shown,
}

impl<'a> Evaluator<'a> {
    pub(super) fn compare(
        &mut self,
        op: CompareOp,
        left: &'a Term,
        right: &'a Term,
        scale: Option<TypeId>,
        scope: Scope<'a>,
    ) -> Step {
        // An enumeration value is labelled with the type of the fact it is compared to.
        let (left_ty, right_ty) = (self.term_type(left), self.term_type(right));
        let left = self.term(left, scope, right_ty.as_ref());
        let right = self.term(right, scope, left_ty.as_ref());
        let value = match (&left.value, &right.value) {
            (Some(l), Some(r)) => self.compare_values(op, l, r, scale),
            _ => Truth::Unknown,
        };
        Step::Compare {
            value,
            op,
            left: left.shown,
            right: right.shown,
        }
    }

    pub(super) fn member(&mut self, operand: &'a Term, set: &'a [Value], scope: Scope<'a>) -> Step {
        let ty = self.term_type(operand);
        let eval = self.term(operand, scope, None);
        let value = match &eval.value {
            Some(v) => Truth::from(set.contains(v)),
            None => Truth::Unknown,
        };
        let among = set.iter().map(|v| self.literal(v, ty.as_ref())).collect();
        Step::In {
            value,
            operand: eval.shown,
            among,
        }
    }

    fn compare_values(
        &self,
        op: CompareOp,
        left: &Value,
        right: &Value,
        scale: Option<TypeId>,
    ) -> Truth {
        let ordering = match (left, right) {
            (Value::Int(l), Value::Int(r)) => Some(l.cmp(r)),
            (Value::Decimal(l), Value::Decimal(r)) => Some(l.cmp(r)),
            (Value::Int(l), Value::Decimal(r)) => Decimal::from_int(*l).map(|l| l.cmp(r)),
            (Value::Decimal(l), Value::Int(r)) => Decimal::from_int(*r).map(|r| l.cmp(&r)),
            (Value::Money(l), Value::Money(r)) => Some(l.cmp(r)),
            (Value::Date(l), Value::Date(r)) => Some(l.cmp(r)),
            (Value::Enum(l), Value::Enum(r)) => match scale {
                Some(id) => {
                    let decl = self.program.type_decl(id);
                    decl.rank(l).zip(decl.rank(r)).map(|(l, r)| l.cmp(&r))
                }
                None => (l == r).then_some(Ordering::Equal),
            },
            _ => (left == right).then_some(Ordering::Equal),
        };
        let result = match op {
            CompareOp::Eq => ordering == Some(Ordering::Equal) || left == right,
            CompareOp::Ne => !(ordering == Some(Ordering::Equal) || left == right),
            CompareOp::Lt => ordering == Some(Ordering::Less),
            CompareOp::Le => matches!(ordering, Some(Ordering::Less | Ordering::Equal)),
            CompareOp::Gt => ordering == Some(Ordering::Greater),
            CompareOp::Ge => matches!(ordering, Some(Ordering::Greater | Ordering::Equal)),
        };
        Truth::from(result)
    }

    /// The declared type of a term that reads the dossier or a parameter.
    pub(super) fn term_type(&self, term: &Term) -> Option<Type> {
        match term {
            Term::Fact(id) => Some(self.program.fact(*id).ty.clone()),
            Term::Parameter(id) => Some(self.program.parameter(*id).ty.clone()),
            Term::Element { depth } => {
                let index = self.elements.len().checked_sub(1 + *depth as usize)?;
                Some(self.elements[index].ty.clone())
            }
            Term::Field { record, field } => match self.term_type(record)? {
                Type::Record(id) => self
                    .program
                    .type_decl(id)
                    .fields()
                    .get(*field as usize)
                    .map(|f| f.ty.clone()),
                _ => None,
            },
            _ => None,
        }
    }

    fn literal(&self, value: &Value, ty: Option<&Type>) -> Shown {
        Shown::Literal(LiteralShown {
            value: value.clone(),
            value_label: ty.and_then(|ty| self.variant_label(ty, value)),
        })
    }

    fn variant_label(&self, ty: &Type, value: &Value) -> Option<String> {
        match (ty, value) {
            (Type::Enum(id), Value::Enum(name)) => self
                .program
                .type_decl(*id)
                .variant(name)
                .and_then(|v| v.label.clone()),
            _ => None,
        }
    }

    fn read(
        &self,
        path: String,
        label: Option<String>,
        ty: &Type,
        known: Option<&Known>,
        appraisal: bool,
        sensitive: bool,
    ) -> Eval {
        let value = known.map(|k| k.value.clone());
        let provenance: Option<Provenance> = known.and_then(|k| k.provenance.clone());
        let value_label = value.as_ref().and_then(|v| self.variant_label(ty, v));
        let shown_value = match &value {
            Some(Value::Record(_) | Value::List(_)) => None,
            other => other.clone(),
        };
        Eval {
            value,
            shown: Shown::Fact(FactRead {
                fact: path,
                label,
                value: shown_value,
                value_label,
                provenance,
                appraisal,
                sensitive,
            }),
        }
    }

    /// Evaluates a term; `hint` is the type of what it is compared with (to label values).
    pub(super) fn term(&mut self, term: &'a Term, scope: Scope<'a>, hint: Option<&Type>) -> Eval {
        match term {
            Term::Literal(value) => Eval {
                value: Some(value.clone()),
                shown: self.literal(value, hint),
            },
            Term::Fact(id) => {
                let decl = self.program.fact(*id);
                let appraisal = matches!(decl.kind, FactKind::Appraisal { .. });
                self.read(
                    decl.name.clone(),
                    decl.label.clone(),
                    &decl.ty,
                    self.dossier.known(*id),
                    appraisal,
                    decl.sensitive,
                )
            }
            Term::Element { depth } => {
                let bound = self
                    .elements
                    .len()
                    .checked_sub(1 + *depth as usize)
                    .map(|i| &self.elements[i]);
                match bound {
                    Some(b) => {
                        let known = Known {
                            value: b.value.clone(),
                            provenance: None,
                        };
                        self.read(
                            b.path.clone(),
                            None,
                            &b.ty.clone(),
                            Some(&known),
                            false,
                            false,
                        )
                    }
                    None => self.read("?".into(), None, &Type::Bool, None, false, false),
                }
            }
            Term::Field { record, field } => {
                let inner = self.term(record, scope, None);
                let path = match &inner.shown {
                    Shown::Fact(read) => read.fact.clone(),
                    _ => "?".into(),
                };
                let decl = match self.term_type(record) {
                    Some(Type::Record(id)) => {
                        self.program.type_decl(id).fields().get(*field as usize)
                    }
                    _ => None,
                };
                let (name, label, ty) = match decl {
                    Some(f) => (f.name.clone(), f.label.clone(), f.ty.clone()),
                    None => (String::from("?"), None, Type::Bool),
                };
                let known = match &inner.value {
                    Some(Value::Record(fields)) => {
                        fields.get(*field as usize).and_then(Option::as_ref)
                    }
                    _ => None,
                };
                self.read(format!("{path}.{name}"), label, &ty, known, false, false)
            }
            Term::Parameter(id) => {
                let decl = self.program.parameter(*id);
                let mut read = ParameterRead {
                    parameter: decl.name.clone(),
                    label: decl.label.clone(),
                    value: None,
                    since: None,
                    legifrance: None,
                    to_check: Vec::new(),
                    unavailable: None,
                };
                match self.rules.reference_date(scope.article) {
                    Ok(date) => match decl.value_at(date) {
                        Some(v) => {
                            read.value = Some(v.value.clone());
                            read.since = Some(v.in_force.from);
                            read.legifrance = v.legifrance.clone();
                            read.to_check = v.to_check.clone();
                        }
                        None => {
                            read.unavailable = Some(format!(
                                "le paramètre {} n'a pas de valeur le {date}",
                                decl.name
                            ))
                        }
                    },
                    Err(_) => {
                        read.unavailable = Some("la date de la demande n'est pas connue".into())
                    }
                }
                Eval {
                    value: read.value.clone(),
                    shown: Shown::Parameter(read),
                }
            }
            Term::DecisionDate => {
                let value = Some(self.rules.dates.decided_on);
                Eval {
                    value: value.map(Value::Date),
                    shown: Shown::Date(DateShown {
                        date: WhichDate::Decision,
                        value,
                    }),
                }
            }
            Term::FilingDate => {
                let value = self.rules.dates.filed_on;
                Eval {
                    value: value.map(Value::Date),
                    shown: Shown::Date(DateShown {
                        date: WhichDate::Filing,
                        value,
                    }),
                }
            }
            Term::Arith { op, left, right } => {
                let left = self.term(left, scope, None);
                let right = self.term(right, scope, None);
                let (value, error) = match (&left.value, &right.value) {
                    (Some(l), Some(r)) => match arithmetic(*op, l, r) {
                        Some(v) => (Some(v), None),
                        None => (None, Some("résultat hors des limites".to_string())),
                    },
                    _ => (None, None),
                };
                let shown = Shown::Computed(Computed {
                    op: op.symbol().into(),
                    value: value.clone(),
                    of: vec![left.shown, right.shown],
                    error,
                });
                Eval { value, shown }
            }
            Term::Between { unit, from, to } => {
                let from = self.term(from, scope, None);
                let to = self.term(to, scope, None);
                let value = match (&from.value, &to.value) {
                    (Some(Value::Date(a)), Some(Value::Date(b))) => {
                        Some(Value::Int(a.whole_units_until(*b, *unit)))
                    }
                    _ => None,
                };
                let op = match unit {
                    DurationUnit::Years => "années révolues entre",
                    DurationUnit::Months => "mois révolus entre",
                    DurationUnit::Days => "jours entre",
                };
                let shown = Shown::Computed(Computed {
                    op: op.into(),
                    value: value.clone(),
                    of: vec![from.shown, to.shown],
                    error: None,
                });
                Eval { value, shown }
            }
            Term::Count { list, body } => {
                let (read, elements) = self.each_element(list, body, scope);
                let all_known = elements.iter().all(|s| s.value().is_known());
                let value = read
                    .elements
                    .filter(|_| all_known)
                    .map(|_| elements.iter().filter(|s| s.value() == Truth::True).count() as i64);
                let shown = Shown::Count(CountShown {
                    value,
                    list: read,
                    elements,
                });
                Eval {
                    value: value.map(Value::Int),
                    shown,
                }
            }
        }
    }
}

/// The arithmetic the type checker allows; `None` on overflow or a date out of the calendar.
fn arithmetic(op: ArithOp, left: &Value, right: &Value) -> Option<Value> {
    use Value::{Date, Decimal as Dec, Duration, Int, Money};
    match (op, left, right) {
        (ArithOp::Add, Int(a), Int(b)) => a.checked_add(*b).map(Int),
        (ArithOp::Sub, Int(a), Int(b)) => a.checked_sub(*b).map(Int),
        (ArithOp::Mul, Int(a), Int(b)) => a.checked_mul(*b).map(Int),
        (ArithOp::Add, Dec(a), Dec(b)) => a.checked_add(*b).map(Dec),
        (ArithOp::Sub, Dec(a), Dec(b)) => a.checked_sub(*b).map(Dec),
        (ArithOp::Mul, Dec(a), Int(b)) | (ArithOp::Mul, Int(b), Dec(a)) => {
            a.checked_mul_int(*b).map(Dec)
        }
        (ArithOp::Add, Money(a), Money(b)) => a.checked_add(*b).map(Money),
        (ArithOp::Sub, Money(a), Money(b)) => a.checked_sub(*b).map(Money),
        (ArithOp::Mul, Money(a), Int(b)) | (ArithOp::Mul, Int(b), Money(a)) => {
            a.checked_mul_int(*b).map(Money)
        }
        (ArithOp::MulRounded(rounding), Money(a), Dec(b))
        | (ArithOp::MulRounded(rounding), Dec(b), Money(a)) => {
            a.mul_decimal(*b, rounding).map(Money)
        }
        (ArithOp::Add, Date(d), Duration(u)) | (ArithOp::Add, Duration(u), Date(d)) => {
            d.add(*u, 1).map(Date)
        }
        (ArithOp::Sub, Date(d), Duration(u)) => d.add(*u, -1).map(Date),
        _ => None,
    }
}
