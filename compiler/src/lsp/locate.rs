//! What is written at a place of a file: the declaration or the use of a name, found in the
//! syntax tree of the part (article) that holds the place, with the quantifiers and the article
//! version around it, and what it refers to.

use super::symbols::{Symbols, Target};
use crate::syntax::ast::{
    Expr, ExprKind, Module, Span, TargetRef, TypeDeclKind, TypeExpr, TypeKind, VariantDecl,
};

/// A name found at a place: what it refers to, and its span in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub target: Target,
    pub span: Span,
}

/// What is written at `offset` of a file whose parts are `parts` (each with its offset): a
/// declaration's name, or a use of one.
pub fn locate(parts: &[(usize, &Module)], offset: usize, symbols: &Symbols) -> Option<Hit> {
    let &(start, module) = parts.iter().rev().find(|(start, _)| *start <= offset)?;
    let finder = Finder {
        at: offset - start,
        symbols,
    };
    finder.module(module).map(|(target, span)| Hit {
        target,
        span: Span {
            start: span.start + start,
            end: span.end + start,
        },
    })
}

/// Where the name being looked for is, relative to its part.
struct Finder<'s> {
    at: usize,
    symbols: &'s Symbols,
}

/// Where a name is written: its article, and the conditions of its version.
struct Context<'a> {
    article: Option<&'a str>,
    local: Vec<&'a str>,
}

type Found = Option<(Target, Span)>;

impl Finder<'_> {
    /// The end is included: the cursor just after a name is on it.
    fn on(&self, span: Span) -> bool {
        span.start <= self.at && self.at <= span.end
    }

    fn module(&self, module: &Module) -> Found {
        for decl in &module.types {
            if self.on(decl.name.span) {
                return Some((Target::Type(decl.name.node.clone()), decl.name.span));
            }
            match &decl.kind {
                TypeDeclKind::Enum { variants, .. } => {
                    if let Some(found) = self.variants(variants) {
                        return Some(found);
                    }
                }
                TypeDeclKind::Record { fields } => {
                    for field in fields {
                        if self.on(field.name.span) {
                            let target = Target::Member {
                                ty: decl.name.node.clone(),
                                name: field.name.node.clone(),
                            };
                            return Some((target, field.name.span));
                        }
                        if let Some(found) = self.type_expr(&field.ty) {
                            return Some(found);
                        }
                    }
                }
            }
        }
        for fact in &module.facts {
            if self.on(fact.name.span) {
                let target = Target::Fact {
                    name: fact.name.node.clone(),
                    fields: Vec::new(),
                };
                return Some((target, fact.name.span));
            }
            if let Some(found) = self.type_expr(&fact.ty) {
                return Some(found);
            }
        }
        let none = Context {
            article: None,
            local: Vec::new(),
        };
        for parameter in &module.parameters {
            if self.on(parameter.name.span) {
                let target = Target::Parameter(parameter.name.node.clone());
                return Some((target, parameter.name.span));
            }
            if let Some(found) = self.type_expr(&parameter.ty) {
                return Some(found);
            }
            for value in &parameter.values {
                if let Some(found) = self.expr(&value.value, &none, &mut Vec::new()) {
                    return Some(found);
                }
            }
        }
        for article in &module.articles {
            let id = article.id.node.as_str();
            if self.on(article.id.span) {
                return Some((Target::Article(id.to_string()), article.id.span));
            }
            for version in &article.versions {
                let context = Context {
                    article: Some(id),
                    local: version
                        .conditions
                        .iter()
                        .map(|c| c.name.node.as_str())
                        .collect(),
                };
                let rule = |name: &str| (id.to_string(), name.to_string());
                for condition in &version.conditions {
                    if self.on(condition.name.span) {
                        let (article, name) = rule(&condition.name.node);
                        let target = Target::Condition { article, name };
                        return Some((target, condition.name.span));
                    }
                    if let Some(found) = self.expr(&condition.body, &context, &mut Vec::new()) {
                        return Some(found);
                    }
                }
                for route in &version.routes {
                    if self.on(route.name.span) {
                        let (article, name) = rule(&route.name.node);
                        return Some((Target::Route { article, name }, route.name.span));
                    }
                    let closures = route.closures.iter().map(|c| &c.when);
                    for expr in closures.chain([&route.body]) {
                        if let Some(found) = self.expr(expr, &context, &mut Vec::new()) {
                            return Some(found);
                        }
                    }
                }
                for derogation in &version.derogations {
                    let targets = [&derogation.target]
                        .into_iter()
                        .chain(&derogation.prevails_over);
                    for target in targets {
                        if let Some(found) = self.target_ref(target, id) {
                            return Some(found);
                        }
                    }
                    let exprs = derogation.when.iter().chain(&derogation.then);
                    for expr in exprs {
                        if let Some(found) = self.expr(expr, &context, &mut Vec::new()) {
                            return Some(found);
                        }
                    }
                }
                for exclusion in &version.exclusions {
                    if let Some(found) = self.expr(&exclusion.when, &context, &mut Vec::new()) {
                        return Some(found);
                    }
                }
            }
        }
        None
    }

    fn variants(&self, variants: &[VariantDecl]) -> Found {
        let variant = variants.iter().find(|v| self.on(v.name.span))?;
        Some((
            Target::Variant(variant.name.node.clone()),
            variant.name.span,
        ))
    }

    fn type_expr(&self, ty: &TypeExpr) -> Found {
        if !self.on(ty.span) {
            return None;
        }
        match &ty.kind {
            TypeKind::Named(name) if self.on(name.span) => {
                Some((Target::Type(name.node.clone()), name.span))
            }
            TypeKind::List(inner) => self.type_expr(inner),
            TypeKind::Enum { variants, .. } => self.variants(variants),
            _ => None,
        }
    }

    fn target_ref(&self, target: &TargetRef, article: &str) -> Found {
        if let Some(other) = &target.article
            && self.on(other.span)
        {
            return Some((Target::Article(other.node.clone()), other.span));
        }
        if !self.on(target.name.span) {
            return None;
        }
        let article = target.article.as_ref().map_or(article, |a| a.node.as_str());
        let target_found = Target::Condition {
            article: article.to_string(),
            name: target.name.node.clone(),
        };
        Some((target_found, target.name.span))
    }

    /// Looks into an expression; `binders` are the quantifiers around it (binder, list name).
    fn expr(
        &self,
        expr: &Expr,
        context: &Context<'_>,
        binders: &mut Vec<(String, String)>,
    ) -> Found {
        if !self.on(expr.span) {
            return None;
        }
        let mut children: Vec<&Expr> = Vec::new();
        match &expr.kind {
            ExprKind::Ref { name, article } => {
                if let Some(other) = article
                    && self.on(other.span)
                {
                    return Some((Target::Article(other.node.clone()), other.span));
                }
                if !self.on(name.span) {
                    return None;
                }
                let target = match article {
                    Some(other) => Some(Target::Condition {
                        article: other.node.clone(),
                        name: name.node.clone(),
                    }),
                    None => {
                        self.symbols
                            .resolve(&name.node, context.article, &context.local, binders)
                    }
                };
                return target.map(|t| (t, name.span));
            }
            ExprKind::Quantified {
                binder, list, body, ..
            } => {
                let list_name = match &list.kind {
                    ExprKind::Ref { name, .. } => name.node.clone(),
                    _ => String::new(),
                };
                if self.on(binder.span) {
                    let target = self
                        .symbols
                        .resolve(&list_name, context.article, &[], binders)?;
                    return Some((target, binder.span));
                }
                if let Some(found) = self.expr(list, context, binders) {
                    return Some(found);
                }
                binders.push((binder.node.clone(), list_name));
                let found = self.expr(body, context, binders);
                binders.pop();
                return found;
            }
            ExprKind::Not(inner) | ExprKind::Round { inner, .. } => children.push(inner),
            ExprKind::Arith { left, right, .. }
            | ExprKind::Between {
                from: left,
                to: right,
                ..
            }
            | ExprKind::Implies(left, right)
            | ExprKind::Compare { left, right, .. } => children.extend([&**left, &**right]),
            ExprKind::And(items) | ExprKind::Or(items) => children.extend(items),
            ExprKind::In { operand, set } => {
                children.push(operand);
                children.extend(set);
            }
            ExprKind::All(items) | ExprKind::Any(items) => {
                children.extend(items.iter().map(|i| &i.expr))
            }
            ExprKind::Bool(_)
            | ExprKind::Int(_)
            | ExprKind::Decimal(_)
            | ExprKind::Money(_)
            | ExprKind::Text(_)
            | ExprKind::Date(_)
            | ExprKind::Duration(_)
            | ExprKind::DecisionDate
            | ExprKind::FilingDate => {}
        }
        children
            .into_iter()
            .find_map(|child| self.expr(child, context, binders))
    }
}
