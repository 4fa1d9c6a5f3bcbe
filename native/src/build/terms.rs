//! Terms as operands: where each value comes from (a cell of the record, a constant of the date
//! range, a computation), and its type, which decides how comparisons and arithmetic are done.

use motif_runtime::date::DurationUnit;
use motif_runtime::program::{ArithOp, CompareOp, FactKind, Term};
use motif_runtime::resolve::Scope;
use motif_runtime::value::{Type, TypeId, Value};

use super::{Bound, Builder, Unsupported};
use crate::layout::{Cell, ElementShape, Encoding, Shape, encode, encoding};
use crate::plan::{Arith, Cmp, ListRef, Node, Operand, ParameterGap, Read};

/// The type of an operand's value, as the interpreter's values distinguish them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ty {
    Bool,
    Int,
    Decimal,
    Money,
    Date,
    /// A duration written in the rule (its amount is the payload).
    Duration(DurationUnit),
    /// An enumeration value, by the index in its type; `None` for a literal whose name is not
    /// one of the values of the type it is compared with.
    Enum(Option<TypeId>),
}

fn ty_of(encoding: Encoding) -> Ty {
    match encoding {
        Encoding::Bool => Ty::Bool,
        Encoding::Int => Ty::Int,
        Encoding::Decimal => Ty::Decimal,
        Encoding::Money => Ty::Money,
        Encoding::Date => Ty::Date,
        Encoding::Enum(id) => Ty::Enum(Some(id)),
    }
}

impl<'a> Builder<'a> {
    pub(super) fn compare(
        &mut self,
        op: CompareOp,
        left: &'a Term,
        right: &'a Term,
        scale: Option<TypeId>,
        scope: Scope<'a>,
    ) -> Result<Node, Unsupported> {
        // An enumeration literal takes the type of what it is compared with.
        let (left_hint, right_hint) = (self.enum_type(right), self.enum_type(left));
        let (left, left_ty) = self.term(left, scope, left_hint)?;
        let (right, right_ty) = self.term(right, scope, right_hint)?;
        let cmp = match (left_ty, right_ty) {
            (Ty::Int, Ty::Int)
            | (Ty::Decimal, Ty::Decimal)
            | (Ty::Money, Ty::Money)
            | (Ty::Date, Ty::Date) => Cmp::Ordered,
            (Ty::Int, Ty::Decimal) => Cmp::IntDecimal,
            (Ty::Decimal, Ty::Int) => Cmp::DecimalInt,
            (Ty::Bool, Ty::Bool) => Cmp::EqualityOnly,
            (Ty::Enum(Some(a)), Ty::Enum(Some(b))) if a == b => match scale {
                None => Cmp::EqualityOnly,
                Some(scale) if scale == a => Cmp::Ordered,
                Some(_) => return Err("une comparaison sur une échelle d'un autre type".into()),
            },
            (Ty::Enum(Some(_)), Ty::Enum(None)) | (Ty::Enum(None), Ty::Enum(Some(_))) => Cmp::Never,
            (Ty::Enum(_), Ty::Enum(_)) => {
                return Err("une comparaison de valeurs d'énumérations différentes".into());
            }
            (Ty::Duration(_), _) | (_, Ty::Duration(_)) => {
                return Err("une comparaison de durées".into());
            }
            _ => Cmp::Never,
        };
        Ok(Node::Compare {
            op,
            cmp,
            left,
            right,
        })
    }

    pub(super) fn member(
        &mut self,
        operand: &'a Term,
        set: &'a [Value],
        scope: Scope<'a>,
    ) -> Result<Node, Unsupported> {
        let hint = self.enum_type(operand);
        let (operand, ty) = self.term(operand, scope, hint)?;
        let encoding = match ty {
            Ty::Bool => Encoding::Bool,
            Ty::Int => Encoding::Int,
            Ty::Decimal => Encoding::Decimal,
            Ty::Money => Encoding::Money,
            Ty::Date => Encoding::Date,
            Ty::Enum(Some(id)) => Encoding::Enum(id),
            Ty::Enum(None) | Ty::Duration(_) => {
                return Err("« dans » sur une valeur que le code natif ne lit pas".into());
            }
        };
        let set = set
            .iter()
            .map(|v| encode(encoding, v, self.program))
            .collect();
        Ok(Node::In { operand, set })
    }

    /// The enumeration type of a term that reads the dossier or a parameter.
    fn enum_type(&self, term: &Term) -> Option<TypeId> {
        let ty = match term {
            Term::Fact(id) => self.program.fact(*id).ty.clone(),
            Term::Parameter(id) => self.program.parameter(*id).ty.clone(),
            Term::Element { depth } => self.bound(*depth)?.ty.clone(),
            Term::Field { record, field } => {
                let record = match record.as_ref() {
                    Term::Fact(id) => self.program.fact(*id).ty.clone(),
                    Term::Element { depth } => self.bound(*depth)?.ty.clone(),
                    _ => return None,
                };
                let Type::Record(id) = record else {
                    return None;
                };
                self.program
                    .type_decl(id)
                    .fields()
                    .get(*field as usize)?
                    .ty
                    .clone()
            }
            _ => return None,
        };
        match ty {
            Type::Enum(id) => Some(id),
            _ => None,
        }
    }

    fn bound(&self, depth: u32) -> Option<&Bound> {
        let index = self.elements.len().checked_sub(1 + depth as usize)?;
        self.elements.get(index)
    }

    /// A term as an operand, with its type; `hint` is the enumeration an enumeration literal
    /// belongs to.
    pub(super) fn term(
        &mut self,
        term: &'a Term,
        scope: Scope<'a>,
        hint: Option<TypeId>,
    ) -> Result<(Operand, Ty), Unsupported> {
        match term {
            Term::Literal(value) => self.literal(value, hint),
            Term::Fact(id) => {
                let decl = self.program.fact(*id);
                let Some(Shape::Scalar { cell, encoding }) = self.layout.facts.get(id.0 as usize)
                else {
                    return Err(format!(
                        "le fait {} est d'un type que le code natif ne lit pas ici",
                        decl.name
                    ));
                };
                self.sensitive |= decl.sensitive;
                let read = Read {
                    path: decl.name.clone(),
                    label: decl.label.clone(),
                    appraisal: matches!(decl.kind, FactKind::Appraisal { .. }),
                    sensitive: decl.sensitive,
                };
                Ok((Operand::Cell { cell: *cell, read }, ty_of(*encoding)))
            }
            Term::Element { depth } => {
                let bound = self
                    .bound(*depth)
                    .ok_or("un élément lu hors de son quantificateur")?;
                let ElementShape::Scalar(encoding) = bound.shape else {
                    return Err("un élément de liste lu comme une valeur".into());
                };
                let read = Read {
                    path: bound.path.clone(),
                    label: None,
                    appraisal: false,
                    sensitive: false,
                };
                let cell = Cell(bound.base);
                Ok((Operand::Cell { cell, read }, ty_of(encoding)))
            }
            Term::Field { record, field } => self.field(record, *field),
            Term::Parameter(id) => self.parameter(*id, scope),
            Term::DecisionDate => Ok((Operand::DecisionDate, Ty::Date)),
            Term::FilingDate => Ok((Operand::FilingDate, Ty::Date)),
            Term::Arith { op, left, right } => {
                let (left, left_ty) = self.term(left, scope, None)?;
                let (right, right_ty) = self.term(right, scope, None)?;
                let (op, ty) = arith(*op, left_ty, right_ty)?;
                Ok((
                    Operand::Arith {
                        op,
                        left: Box::new(left),
                        right: Box::new(right),
                    },
                    ty,
                ))
            }
            Term::Between { unit, from, to } => {
                let (from, from_ty) = self.term(from, scope, None)?;
                let (to, to_ty) = self.term(to, scope, None)?;
                if (from_ty, to_ty) != (Ty::Date, Ty::Date) {
                    return Err("une durée entre deux valeurs qui ne sont pas des dates".into());
                }
                let operand = Operand::Between {
                    unit: *unit,
                    from: Box::new(from),
                    to: Box::new(to),
                };
                Ok((operand, Ty::Int))
            }
            Term::Count { list, body } => {
                let (list, elements) = self.each_element(list, body, scope)?;
                Ok((Operand::Count { list, elements }, Ty::Int))
            }
        }
    }

    fn literal(&self, value: &Value, hint: Option<TypeId>) -> Result<(Operand, Ty), Unsupported> {
        let (payload, ty) = match value {
            Value::Bool(b) => (i64::from(*b), Ty::Bool),
            Value::Int(n) => (*n, Ty::Int),
            Value::Decimal(d) => (d.micros(), Ty::Decimal),
            Value::Money(m) => (m.cents(), Ty::Money),
            Value::Date(d) => (i64::from(d.day_number()), Ty::Date),
            Value::Duration(d) => (i64::from(d.amount), Ty::Duration(d.unit)),
            Value::Enum(name) => {
                let index = hint.and_then(|id| {
                    self.program
                        .type_decl(id)
                        .variants()
                        .iter()
                        .position(|v| &v.name == name)
                });
                match index {
                    Some(index) => (index as i64, Ty::Enum(hint)),
                    None => (-1, Ty::Enum(None)),
                }
            }
            Value::Text(_) | Value::Record(_) | Value::List(_) => {
                return Err("un texte, une fiche ou une liste écrits dans une règle".into());
            }
        };
        Ok((Operand::Known(payload), ty))
    }

    fn field(&mut self, record: &'a Term, field: u32) -> Result<(Operand, Ty), Unsupported> {
        let unsupported = || "un champ que le code natif ne lit pas".to_string();
        let index = field as usize;
        // Where the record is, its type, and where the field's cell is.
        let (path, record_ty, place) = match record {
            Term::Fact(id) => {
                let decl = self.program.fact(*id);
                let place = match self.layout.facts.get(id.0 as usize) {
                    Some(Shape::Record { fields, .. }) => fields.get(index).copied().flatten(),
                    _ => None,
                };
                (decl.name.clone(), decl.ty.clone(), place)
            }
            Term::Element { depth } => {
                let bound = self.bound(*depth).ok_or_else(unsupported)?;
                let place = match &bound.shape {
                    ElementShape::Record(fields) => fields
                        .get(index)
                        .copied()
                        .flatten()
                        .map(|encoding| (Cell(bound.base + 2 * index), encoding)),
                    ElementShape::Scalar(_) => None,
                };
                (bound.path.clone(), bound.ty.clone(), place)
            }
            _ => return Err(unsupported()),
        };
        let (Type::Record(type_id), Some((cell, encoding))) = (record_ty, place) else {
            return Err(unsupported());
        };
        let decl = self
            .program
            .type_decl(type_id)
            .fields()
            .get(index)
            .ok_or_else(unsupported)?;
        let read = Read {
            path: format!("{path}.{}", decl.name),
            label: decl.label.clone(),
            appraisal: false,
            sensitive: false,
        };
        Ok((Operand::Cell { cell, read }, ty_of(encoding)))
    }

    fn parameter(
        &mut self,
        id: motif_runtime::program::ParameterId,
        scope: Scope<'a>,
    ) -> Result<(Operand, Ty), Unsupported> {
        let decl = self.program.parameter(id);
        let reference = self.program.article(scope.article).reference_date;
        let ty = match &decl.ty {
            Type::Duration => Ty::Duration(DurationUnit::Days),
            other => ty_of(encoding(other, self.program).ok_or_else(|| {
                format!(
                    "le paramètre {} est d'un type que le code natif ne lit pas",
                    decl.name
                )
            })?),
        };
        let gap = |reference| {
            let gap = ParameterGap {
                parameter: decl.name.clone(),
                reference,
            };
            Ok((Operand::Unavailable(gap), ty))
        };
        let Ok(date) = self.rules.reference_date(scope.article) else {
            return gap(None);
        };
        let Some(value) = decl.value_at(date) else {
            return gap(Some(reference));
        };
        match (&value.value, ty) {
            (Value::Duration(d), Ty::Duration(_)) => {
                Ok((Operand::Known(i64::from(d.amount)), Ty::Duration(d.unit)))
            }
            (v, Ty::Enum(Some(id))) => {
                let payload = encode(Encoding::Enum(id), v, self.program)
                    .ok_or("une valeur de paramètre hors de son type")?;
                Ok((Operand::Known(payload), ty))
            }
            (v, _) => self.literal(v, None),
        }
    }

    /// A list fact, with the shape and type of its elements.
    pub(super) fn list(
        &mut self,
        term: &Term,
    ) -> Result<(ListRef, ElementShape, Type), Unsupported> {
        let Term::Fact(id) = term else {
            return Err("une liste qui n'est pas un fait du dossier".into());
        };
        let decl = self.program.fact(*id);
        match (self.layout.facts.get(id.0 as usize), &decl.ty) {
            (
                Some(Shape::List {
                    cell,
                    first,
                    stride,
                    element,
                }),
                Type::List(inner),
            ) => Ok((
                ListRef {
                    cell: *cell,
                    first: *first,
                    stride: *stride,
                    path: decl.name.clone(),
                    label: decl.label.clone(),
                },
                element.clone(),
                inner.as_ref().clone(),
            )),
            _ => Err(format!(
                "la liste {} contient des valeurs que le code natif ne lit pas",
                decl.name
            )),
        }
    }
}

/// The checked operation the interpreter does on values of these types.
fn arith(op: ArithOp, left: Ty, right: Ty) -> Result<(Arith, Ty), Unsupported> {
    use ArithOp::{Add, Mul, MulRounded, Sub};
    Ok(match (op, left, right) {
        (Add, Ty::Int, Ty::Int) => (Arith::IntAdd, Ty::Int),
        (Sub, Ty::Int, Ty::Int) => (Arith::IntSub, Ty::Int),
        (Mul, Ty::Int, Ty::Int) => (Arith::IntMul, Ty::Int),
        (Add, Ty::Decimal, Ty::Decimal) => (Arith::DecimalAdd, Ty::Decimal),
        (Sub, Ty::Decimal, Ty::Decimal) => (Arith::DecimalSub, Ty::Decimal),
        (Mul, Ty::Decimal, Ty::Int) => (Arith::DecimalMulInt { decimal_left: true }, Ty::Decimal),
        (Mul, Ty::Int, Ty::Decimal) => (
            Arith::DecimalMulInt {
                decimal_left: false,
            },
            Ty::Decimal,
        ),
        (Add, Ty::Money, Ty::Money) => (Arith::MoneyAdd, Ty::Money),
        (Sub, Ty::Money, Ty::Money) => (Arith::MoneySub, Ty::Money),
        (Mul, Ty::Money, Ty::Int) => (Arith::MoneyMulInt { money_left: true }, Ty::Money),
        (Mul, Ty::Int, Ty::Money) => (Arith::MoneyMulInt { money_left: false }, Ty::Money),
        (MulRounded(rounding), Ty::Money, Ty::Decimal) => (
            Arith::MoneyMulDecimal {
                money_left: true,
                rounding,
            },
            Ty::Money,
        ),
        (MulRounded(rounding), Ty::Decimal, Ty::Money) => (
            Arith::MoneyMulDecimal {
                money_left: false,
                rounding,
            },
            Ty::Money,
        ),
        (Add, Ty::Date, Ty::Duration(unit)) => (
            Arith::DateShift {
                date_left: true,
                backwards: false,
                unit,
            },
            Ty::Date,
        ),
        (Add, Ty::Duration(unit), Ty::Date) => (
            Arith::DateShift {
                date_left: false,
                backwards: false,
                unit,
            },
            Ty::Date,
        ),
        (Sub, Ty::Date, Ty::Duration(unit)) => (
            Arith::DateShift {
                date_left: true,
                backwards: true,
                unit,
            },
            Ty::Date,
        ),
        _ => return Err("un calcul sur des valeurs que le code natif ne combine pas".into()),
    })
}
