//! Checking one part: every expression of every rule, in its article version.
//!
//! An expression is checked either as a condition (true or false) or as a value (a number, an
//! amount, a date…); comparisons compare values of compatible types; arithmetic follows the
//! rules of the types (an amount times a rate must say how to round).

use motif_runtime::program::{ArithOp, ArticleId, CompareOp};
use motif_runtime::value::Type;

use super::names::Unresolved;
use super::{CheckedPart, Resolution, Signatures, types};
use crate::diagnostics::{
    Diagnostic, FactInValueList, NotACondition, NotAList, NotAValue, NotOrdered, PolicyError,
    RoundingMisplaced, RoundingRequired, TypeMismatch, UnknownVariant,
};
use crate::syntax::ast::{Expr, ExprKind, Module, Name, Quantifier, Version};

/// Checks the rules of one part (places relative to the part's text).
pub fn check_part(signatures: &Signatures, module: &Module) -> CheckedPart {
    let mut checked = CheckedPart::default();
    for article in &module.articles {
        let Some(&article_id) = signatures.article_names.get(&article.id.node) else {
            continue;
        };
        for (index, version) in article.versions.iter().enumerate() {
            let mut checker = ExprChecker {
                signatures,
                module,
                article: article_id,
                version_index: index,
                version,
                binders: Vec::new(),
                out: &mut checked,
            };
            for condition in &version.conditions {
                checker.condition(&condition.body);
            }
            for route in &version.routes {
                for closure in &route.closures {
                    checker.condition(&closure.when);
                }
                checker.condition(&route.body);
            }
            for derogation in &version.derogations {
                checker.derogation(derogation);
            }
            for exclusion in &version.exclusions {
                checker.condition(&exclusion.when);
            }
        }
    }
    checked
}

/// Checks the expressions of one article version.
pub(super) struct ExprChecker<'a> {
    pub(super) signatures: &'a Signatures,
    pub(super) module: &'a Module,
    pub(super) article: ArticleId,
    pub(super) version_index: usize,
    pub(super) version: &'a Version,
    /// The elements bound by the enclosing quantifiers, innermost last: name and type.
    pub(super) binders: Vec<(String, Type)>,
    pub(super) out: &'a mut CheckedPart,
}

impl ExprChecker<'_> {
    pub(super) fn report(&mut self, error: impl Into<PolicyError>) {
        self.out
            .diagnostics
            .push(Diagnostic::new(self.module.file, error));
    }

    pub(super) fn resolve(&mut self, expr: &Expr, resolution: Resolution) {
        match &resolution {
            Resolution::Fact(id) | Resolution::FactField { fact: id, .. } => {
                self.out.used_facts.insert(*id);
            }
            Resolution::Parameter(id) => {
                self.out
                    .used_parameters
                    .entry((self.article, self.version_index))
                    .or_default()
                    .insert(*id);
            }
            _ => {}
        }
        self.out.resolutions.insert(expr.id, resolution);
    }

    pub(super) fn article_name(&self) -> &str {
        &self.signatures.articles[self.article.0 as usize].id
    }

    fn describe(&self, ty: &Type) -> String {
        types::describe(self.signatures, ty)
    }

    /// Checks an expression used as a condition: it must be true or false.
    pub(super) fn condition(&mut self, expr: &Expr) {
        match &expr.kind {
            ExprKind::Bool(_) => {}
            ExprKind::Ref {
                name,
                article: Some(article),
            } => self.article_condition(expr, name, article),
            ExprKind::Ref {
                name,
                article: None,
            } => {
                if self
                    .binders
                    .iter()
                    .all(|(b, _)| b != name.node.split('.').next().unwrap_or_default())
                    && self.is_local_condition(&name.node)
                {
                    self.resolve(expr, Resolution::LocalCondition(name.node.clone()));
                    return;
                }
                match self.resolve_value(name) {
                    Ok((resolution, Type::Bool)) => self.resolve(expr, resolution),
                    Ok((resolution, ty)) => {
                        let what = format!("`{}`, de type {},", name.node, self.describe(&ty));
                        let help = self.comparison_hint(&name.node, &ty);
                        self.resolve(expr, resolution);
                        self.report(NotACondition {
                            what,
                            span: expr.span.into(),
                            help,
                        });
                    }
                    Err(Unresolved::Reported) => {}
                    Err(Unresolved::NotFound) => self.unknown_name(name),
                }
            }
            ExprKind::Not(inner) => self.condition(inner),
            ExprKind::And(items) | ExprKind::Or(items) => {
                items.iter().for_each(|e| self.condition(e))
            }
            ExprKind::Implies(a, b) => {
                self.condition(a);
                self.condition(b);
            }
            ExprKind::All(items) | ExprKind::Any(items) => {
                items.iter().for_each(|item| self.condition(&item.expr))
            }
            ExprKind::Compare { op, left, right } => self.compare(expr, *op, left, right),
            ExprKind::In { operand, set } => self.member(operand, set),
            ExprKind::Quantified {
                quantifier: Quantifier::Exists | Quantifier::ForAll,
                binder,
                list,
                body,
            } => {
                self.quantified(binder, list, body);
            }
            _ => {
                let what = match &expr.kind {
                    ExprKind::Int(_)
                    | ExprKind::Decimal(_)
                    | ExprKind::Arith { .. }
                    | ExprKind::Round { .. } => "un nombre",
                    ExprKind::Money(_) => "un montant",
                    ExprKind::Text(_) => "un texte",
                    ExprKind::Date(_) | ExprKind::DecisionDate | ExprKind::FilingDate => "une date",
                    ExprKind::Duration(_) => "une durée",
                    _ => "un nombre",
                };
                self.value(expr, None);
                self.report(NotACondition {
                    what: what.into(),
                    span: expr.span.into(),
                    help: "Une condition est vraie ou fausse : comparez cette valeur à une autre, par exemple \
                           `demandeur.age ≥ 18`."
                        .into(),
                });
            }
        }
    }

    /// `au moins un e parmi L tel que (…)` and the like: the body sees the element as `e`.
    fn quantified(&mut self, binder: &Name, list: &Expr, body: &Expr) {
        let element = match self.value(list, None) {
            Some(Type::List(element)) => *element,
            Some(other) => {
                let name = match &list.kind {
                    ExprKind::Ref { name, .. } => name.node.clone(),
                    _ => "cette expression".into(),
                };
                self.report(NotAList {
                    name,
                    span: list.span.into(),
                    ty: self.describe(&other),
                });
                Type::Bool
            }
            None => Type::Bool,
        };
        self.binders.push((binder.node.clone(), element));
        self.condition(body);
        self.binders.pop();
    }

    fn compare(&mut self, expr: &Expr, op: CompareOp, left: &Expr, right: &Expr) {
        if self.is_broken(left) || self.is_broken(right) {
            return; // its type is wrong and already reported
        }
        let left_hint = self.peek(left);
        let right_hint = self.peek(right);
        let left_ty = self.value(left, right_hint.as_ref());
        let right_ty = self.value(right, left_hint.as_ref());
        let (Some(l), Some(r)) = (left_ty, right_ty) else {
            return;
        };
        if !types::comparable(self.signatures, &l, &r) {
            self.report(TypeMismatch {
                what: "comparaison",
                left: self.describe(&l),
                right: self.describe(&r),
                span: expr.span.into(),
                help: format!(
                    "Comparez une valeur de type {} à une valeur du même type.",
                    self.describe(&l)
                ),
            });
        } else if !matches!(op, CompareOp::Eq | CompareOp::Ne)
            && !types::ordered(self.signatures, &l)
        {
            self.report(NotOrdered {
                op: op.symbol(),
                ty: self.describe(&l),
                span: expr.span.into(),
            });
        }
    }

    fn member(&mut self, operand: &Expr, set: &[Expr]) {
        let ty = self.value(operand, None);
        for item in set {
            if let ExprKind::Ref {
                name,
                article: None,
            } = &item.kind
                && self.resolve_value(name).is_ok()
            {
                self.report(FactInValueList {
                    span: item.span.into(),
                });
                continue;
            }
            let item_ty = self.value(item, ty.as_ref());
            if let (Some(t), Some(i)) = (&ty, item_ty)
                && !types::comparable(self.signatures, t, &i)
            {
                self.report(TypeMismatch {
                    what: "liste de valeurs",
                    left: self.describe(t),
                    right: self.describe(&i),
                    span: item.span.into(),
                    help: format!(
                        "Les valeurs après `dans` sont du type de ce qui est comparé ({}).",
                        self.describe(t)
                    ),
                });
            }
        }
    }

    fn is_broken(&self, expr: &Expr) -> bool {
        matches!(&expr.kind, ExprKind::Ref { name, article: None } if self.signatures.broken.contains(&name.node))
    }

    /// The type of a name, if it is a value, without reporting anything: to read the other side
    /// of a comparison (an enumeration value) in its type.
    fn peek(&mut self, expr: &Expr) -> Option<Type> {
        match &expr.kind {
            ExprKind::Ref {
                name,
                article: None,
            } => {
                let before = self.out.diagnostics.len();
                let found = self.resolve_value(name).ok().map(|(_, ty)| ty);
                self.out.diagnostics.truncate(before);
                found
            }
            _ => None,
        }
    }

    /// Checks an expression used as a value; returns its type when it can be known.
    pub(super) fn value(&mut self, expr: &Expr, expected: Option<&Type>) -> Option<Type> {
        let ty = self.value_type(expr, expected)?;
        self.out.types.insert(expr.id, ty.clone());
        Some(ty)
    }

    fn value_type(&mut self, expr: &Expr, expected: Option<&Type>) -> Option<Type> {
        match &expr.kind {
            ExprKind::Bool(_) => Some(Type::Bool),
            ExprKind::Int(_) => Some(Type::Int),
            ExprKind::Decimal(_) => Some(Type::Decimal),
            ExprKind::Money(_) => Some(Type::Money),
            ExprKind::Text(_) => Some(Type::Text),
            ExprKind::Date(_) | ExprKind::DecisionDate | ExprKind::FilingDate => Some(Type::Date),
            ExprKind::Duration(_) => Some(Type::Duration),
            ExprKind::Ref {
                name,
                article: None,
            } => self.name_value(expr, name, expected),
            ExprKind::Arith { op, left, right } => {
                let (l, r) = (self.value(left, None)?, self.value(right, None)?);
                self.arithmetic(expr, *op, &l, &r, false)
            }
            ExprKind::Round { inner, .. } => match &inner.kind {
                ExprKind::Arith {
                    op: ArithOp::Mul,
                    left,
                    right,
                } => {
                    let (l, r) = (self.value(left, None)?, self.value(right, None)?);
                    let ty = self.arithmetic(inner, ArithOp::Mul, &l, &r, true)?;
                    self.out.types.insert(inner.id, ty.clone());
                    Some(ty)
                }
                _ => {
                    self.value(inner, None);
                    self.report(RoundingMisplaced {
                        span: expr.span.into(),
                    });
                    None
                }
            },
            ExprKind::Between { from, to, .. } => {
                for side in [from, to] {
                    if let Some(ty) = self.value(side, None)
                        && ty != Type::Date
                    {
                        self.report(TypeMismatch {
                            what: "durée",
                            left: "date".into(),
                            right: self.describe(&ty),
                            span: side.span.into(),
                            help: "`années révolues entre A et B` compte le temps écoulé d'une date à une autre.".into(),
                        });
                    }
                }
                Some(Type::Int)
            }
            ExprKind::Quantified {
                quantifier: Quantifier::Count,
                binder,
                list,
                body,
            } => {
                self.quantified(binder, list, body);
                Some(Type::Int)
            }
            _ => {
                self.condition(expr);
                self.report(NotAValue {
                    span: expr.span.into(),
                    help: "Une comparaison porte sur des valeurs (faits, paramètres, nombres, dates), par exemple \
                           `mariage.lieu = etranger` ; combinez les comparaisons avec `et`, `ou`, `non`."
                        .into(),
                });
                None
            }
        }
    }

    fn name_value(&mut self, expr: &Expr, name: &Name, expected: Option<&Type>) -> Option<Type> {
        // An enumeration value, when compared with an enumeration that has it.
        if let Some(ty @ Type::Enum(id)) = expected
            && !name.node.contains('.')
            && self.signatures.types[id.0 as usize]
                .variant(&name.node)
                .is_some()
        {
            self.resolve(expr, Resolution::Variant(name.node.clone()));
            return Some(ty.clone());
        }
        match self.resolve_value(name) {
            Ok((resolution, ty)) => {
                self.resolve(expr, resolution);
                return Some(ty);
            }
            Err(Unresolved::Reported) => return None,
            Err(Unresolved::NotFound) => {}
        }
        if let Some(Type::Enum(id)) = expected {
            let names: Vec<&str> = self.signatures.types[id.0 as usize]
                .variants()
                .iter()
                .map(|v| v.name.as_str())
                .collect();
            let help = types::unknown_variant_help(&name.node, &names);
            let fact = self.describe(&Type::Enum(*id));
            self.report(UnknownVariant {
                value: name.node.clone(),
                fact,
                span: name.span.into(),
                help,
            });
        } else if self.is_local_condition(&name.node) {
            self.report(NotAValue {
                span: expr.span.into(),
                help: format!(
                    "`{0}` est une condition, vraie ou fausse : elle ne se compare pas. Pour la nier, écrivez `non {0}`.",
                    name.node
                ),
            });
        } else {
            self.unknown_name(name);
        }
        None
    }

    /// The type of `left op right`, or `None` after reporting why it has none.
    fn arithmetic(
        &mut self,
        expr: &Expr,
        op: ArithOp,
        left: &Type,
        right: &Type,
        rounded: bool,
    ) -> Option<Type> {
        use Type::{Date, Decimal, Duration, Int, Money};
        let result = match (op, left, right) {
            (ArithOp::Add | ArithOp::Sub | ArithOp::Mul, Int, Int) => Some(Int),
            (ArithOp::Add | ArithOp::Sub, Decimal, Decimal) => Some(Decimal),
            (ArithOp::Add | ArithOp::Sub, Money, Money) => Some(Money),
            (ArithOp::Add | ArithOp::Sub, Date, Duration) | (ArithOp::Add, Duration, Date) => {
                Some(Date)
            }
            (ArithOp::Mul, Money, Int) | (ArithOp::Mul, Int, Money) => Some(Money),
            (ArithOp::Mul, Decimal, Int) | (ArithOp::Mul, Int, Decimal) => Some(Decimal),
            (ArithOp::Mul, Money, Decimal) | (ArithOp::Mul, Decimal, Money) => {
                if !rounded {
                    self.report(RoundingRequired {
                        span: expr.span.into(),
                    });
                    return None;
                }
                Some(Money)
            }
            _ => None,
        };
        if result.is_none() {
            self.report(TypeMismatch {
                what: "opération",
                left: self.describe(left),
                right: self.describe(right),
                span: expr.span.into(),
                help: "On additionne des valeurs du même type (deux montants, deux entiers), on ajoute une durée à une \
                       date (`naissance + 18 ans`), on multiplie un montant ou un nombre par un entier ou un taux."
                    .into(),
            });
        }
        result
    }

    /// How to turn a non-boolean value into a condition.
    fn comparison_hint(&self, name: &str, ty: &Type) -> String {
        match ty {
            Type::Enum(id) => {
                let first = self.signatures.types[id.0 as usize]
                    .variants()
                    .first()
                    .map_or("…", |v| v.name.as_str());
                format!("Comparez-le à l'une de ses valeurs, par exemple `{name} = {first}`.")
            }
            Type::Int => format!("Comparez-le à un nombre, par exemple `{name} ≥ 1`."),
            Type::Money => format!("Comparez-le à un montant, par exemple `{name} ≥ 615 €`."),
            Type::Date => format!(
                "Comparez-le à une date, par exemple `{name} + 18 ans ≤ date de la décision`."
            ),
            Type::List(_) => {
                format!("Parcourez la liste : `au moins un e parmi {name} tel que (…)`.")
            }
            _ => format!("Comparez-le à une valeur, par exemple `{name} = « … »`."),
        }
    }
}
