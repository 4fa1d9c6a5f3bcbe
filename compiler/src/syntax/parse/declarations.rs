//! Building the declarations that stand outside articles: types, facts and parameters.

use pest::iterators::Pair;

use super::{Builder, OrDefaultName, Rule, children, legifrance, spanned, text};
use crate::syntax::ast::*;

impl Builder {
    pub(super) fn type_decl(&mut self, pair: Pair<'_, Rule>) -> TypeDecl {
        let span = Span::from(pair.as_span());
        let mut name = None;
        let mut label = None;
        let mut kind = TypeDeclKind::Record { fields: Vec::new() };
        for p in children(pair) {
            match p.as_rule() {
                Rule::ident => name = Some(spanned(&p)),
                Rule::text => label = Some(text(&p)),
                Rule::ty_enum | Rule::ty_scale => {
                    let ordered = p.as_rule() == Rule::ty_scale;
                    kind = TypeDeclKind::Enum {
                        variants: self.variants(p),
                        ordered,
                    };
                }
                Rule::ty_record => {
                    let fields = children(p)
                        .map(|field| {
                            let mut parts = children(field);
                            let name = parts
                                .next()
                                .map(|n| spanned(&n))
                                .unwrap_or_default_name(span);
                            let ty = parts.next().map_or(
                                TypeExpr {
                                    kind: TypeKind::Bool,
                                    span,
                                },
                                |t| self.type_expr(t),
                            );
                            let (mut label, mut documents) = (None, Vec::new());
                            for rest in parts {
                                match rest.as_rule() {
                                    Rule::documents => documents = texts(rest),
                                    _ => label = Some(text(&rest)),
                                }
                            }
                            FieldDecl {
                                name,
                                ty,
                                label,
                                documents,
                            }
                        })
                        .collect();
                    kind = TypeDeclKind::Record { fields };
                }
                _ => {}
            }
        }
        TypeDecl {
            name: name.unwrap_or_default_name(span),
            label,
            kind,
            span,
        }
    }

    fn variants(&mut self, pair: Pair<'_, Rule>) -> Vec<VariantDecl> {
        let span = Span::from(pair.as_span());
        children(pair)
            .map(|variant| {
                let mut parts = children(variant);
                let name = parts
                    .next()
                    .map(|p| spanned(&p))
                    .unwrap_or_default_name(span);
                let label = parts.next().map(|p| text(&p));
                VariantDecl { name, label }
            })
            .collect()
    }

    pub(super) fn fact(&mut self, pair: Pair<'_, Rule>) -> FactDecl {
        let span = Span::from(pair.as_span());
        let appraisal = pair.as_rule() == Rule::appraisal;
        let mut decl = FactDecl {
            name: Spanned {
                node: String::new(),
                span,
            },
            ty: TypeExpr {
                kind: TypeKind::Bool,
                span,
            },
            label: None,
            appraisal: appraisal.then(Vec::new),
            sensitive: false,
            documents: Vec::new(),
            span,
        };
        for p in children(pair) {
            match p.as_rule() {
                Rule::sensitive => decl.sensitive = true,
                Rule::name => decl.name = spanned(&p),
                Rule::text => decl.label = Some(text(&p)),
                Rule::criteria => decl.appraisal = Some(texts(p)),
                Rule::documents => decl.documents = texts(p),
                _ => decl.ty = self.type_expr(p),
            }
        }
        decl
    }

    fn type_expr(&mut self, pair: Pair<'_, Rule>) -> TypeExpr {
        let span = Span::from(pair.as_span());
        let kind = match pair.as_rule() {
            Rule::ty_int => TypeKind::Int,
            Rule::ty_decimal => TypeKind::Decimal,
            Rule::ty_money => TypeKind::Money,
            Rule::ty_text => TypeKind::Text,
            Rule::ty_date => TypeKind::Date,
            Rule::ty_duration => TypeKind::Duration,
            Rule::ty_enum | Rule::ty_scale => {
                let ordered = pair.as_rule() == Rule::ty_scale;
                TypeKind::Enum {
                    variants: self.variants(pair),
                    ordered,
                }
            }
            Rule::ty_named => TypeKind::Named(children(pair).next().map_or(
                Spanned {
                    node: String::new(),
                    span,
                },
                |p| spanned(&p),
            )),
            Rule::ty_list => match children(pair).next() {
                Some(inner) => TypeKind::List(Box::new(self.type_expr(inner))),
                None => TypeKind::Bool,
            },
            _ => TypeKind::Bool,
        };
        TypeExpr { kind, span }
    }

    pub(super) fn parameter(&mut self, pair: Pair<'_, Rule>) -> ParameterDecl {
        let span = Span::from(pair.as_span());
        let mut decl = ParameterDecl {
            name: Spanned {
                node: String::new(),
                span,
            },
            ty: TypeExpr {
                kind: TypeKind::Bool,
                span,
            },
            label: None,
            values: Vec::new(),
            span,
        };
        for p in children(pair) {
            match p.as_rule() {
                Rule::name => decl.name = spanned(&p),
                Rule::text => decl.label = Some(text(&p)),
                Rule::param_value => decl.values.push(self.parameter_value(p)),
                _ => decl.ty = self.type_expr(p),
            }
        }
        decl
    }

    fn parameter_value(&mut self, pair: Pair<'_, Rule>) -> ParameterValueDecl {
        let span = Span::from(pair.as_span());
        let mut decl = ParameterValueDecl {
            value: self.placeholder(span),
            from: Spanned { node: None, span },
            until: None,
            legifrance: Vec::new(),
            sources: Vec::new(),
            to_check: Vec::new(),
            span,
        };
        let mut dates = 0;
        for p in children(pair) {
            match p.as_rule() {
                Rule::date => {
                    let date = self.date(&p);
                    if dates == 0 {
                        decl.from = date
                    } else {
                        decl.until = Some(date)
                    }
                    dates += 1;
                }
                Rule::legifrance => decl.legifrance.push(legifrance(p)),
                Rule::source => decl.sources.extend(children(p).map(|t| text(&t))),
                Rule::to_check => decl.to_check.extend(children(p).map(|t| text(&t))),
                _ => decl.value = self.expr(p),
            }
        }
        decl
    }
}

/// The texts listed by a `critères` or `pièces` clause.
fn texts(pair: Pair<'_, Rule>) -> Vec<Text> {
    children(pair).map(|t| text(&t)).collect()
}
