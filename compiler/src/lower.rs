//! The lowering pass: checked AST → the runtime's `Program`.
//!
//! Names become indices, `et`/`ou` become `All`/`Any` like `toutes`/`l'une de`, and every item
//! labelled inline in a route becomes an (anonymous) condition of its article version, so that it
//! is reported as a ground of its own. Versions are put in chronological order.

use std::collections::HashMap;

use motif_runtime::program::{
    Article, ArticleVersion, Condition, ConditionRef, Expr, FactDecl, Grant, Operand, Period,
    Program, Route, RouteId, RouteVersion,
};
use motif_runtime::value::Value;

use crate::check::{Checked, Resolution};
use crate::source::FileId;
use crate::syntax::ast::{self, ExprKind, Legifrance};

/// A checked set that lowering cannot translate: a bug of the compiler, never of the policy.
#[derive(Debug, thiserror::Error)]
#[error("erreur interne du compilateur : {0} (merci de la signaler)")]
pub struct InternalError(String);

/// Lowers a policy set that checked without errors.
pub fn lower(checked: &Checked<'_>) -> Result<Program, InternalError> {
    let facts = checked
        .facts
        .iter()
        .map(|f| FactDecl {
            name: f.name.clone(),
            label: f.label.clone(),
            ty: f.ty.clone(),
        })
        .collect();
    let route_ids: HashMap<&str, RouteId> = checked
        .routes
        .iter()
        .enumerate()
        .map(|(i, r)| (r.name.as_str(), RouteId(i as u32)))
        .collect();
    let mut articles = Vec::with_capacity(checked.articles.len());
    for symbol in &checked.articles {
        let mut versions = Vec::with_capacity(symbol.article.versions.len());
        for version in &symbol.article.versions {
            let lowering = Lowering {
                checked,
                file: symbol.file,
                route_ids: &route_ids,
            };
            versions.push(lowering.version(version)?);
        }
        versions.sort_by_key(|v: &ArticleVersion| v.in_force.from);
        articles.push(Article {
            id: symbol.article.id.node.clone(),
            title: symbol.article.title.as_ref().map(|t| t.node.clone()),
            versions,
        });
    }
    let routes = checked
        .routes
        .iter()
        .map(|r| Route {
            name: r.name.clone(),
            article: r.article,
        })
        .collect();
    Ok(Program {
        facts,
        articles,
        routes,
    })
}

struct Lowering<'c, 'm> {
    checked: &'c Checked<'m>,
    file: FileId,
    route_ids: &'c HashMap<&'c str, RouteId>,
}

impl Lowering<'_, '_> {
    fn version(&self, version: &ast::Version) -> Result<ArticleVersion, InternalError> {
        let from = version
            .from
            .node
            .ok_or_else(|| internal("version sans date"))?;
        let until = version.until.as_ref().and_then(|u| u.node);
        let legifrance = version.legifrance.iter().find_map(|l| match l {
            Legifrance::Id(id) => Some(id.node.clone()),
            Legifrance::Unverified { .. } => None,
        });
        let mut to_check: Vec<String> = version
            .legifrance
            .iter()
            .filter_map(|l| match l {
                Legifrance::Unverified { note, .. } => Some(match note {
                    Some(note) => format!("identifiant Légifrance non vérifié : {}", note.node),
                    None => "identifiant Légifrance non vérifié".to_string(),
                }),
                Legifrance::Id(_) => None,
            })
            .collect();
        to_check.extend(version.to_check.iter().map(|t| t.node.clone()));

        // Named conditions keep their declaration order, so that their index is stable; the
        // anonymous ones (labelled inline) are appended as they are met.
        let names: HashMap<&str, u32> = version
            .conditions
            .iter()
            .enumerate()
            .map(|(i, c)| (c.name.node.as_str(), i as u32))
            .collect();
        let mut conditions: Vec<Condition> = version
            .conditions
            .iter()
            .map(|c| Condition {
                name: Some(c.name.node.clone()),
                label: c.label.as_ref().map(|l| l.node.clone()),
                expr: Expr::Constant(false),
            })
            .collect();
        for (i, condition) in version.conditions.iter().enumerate() {
            conditions[i].expr = self.expr(&condition.body, &names, &mut conditions)?;
        }
        let mut routes = Vec::with_capacity(version.routes.len());
        for route in &version.routes {
            let id = *self
                .route_ids
                .get(route.name.node.as_str())
                .ok_or_else(|| internal("voie non déclarée"))?;
            routes.push(RouteVersion {
                route: id,
                label: route.label.as_ref().map(|l| l.node.clone()),
                grant: Grant {
                    card: route.grant.card,
                    mention: route.grant.mention.as_ref().map(|m| m.node.clone()),
                    duration: route.grant.duration,
                },
                to_check: route.to_check.iter().map(|t| t.node.clone()).collect(),
                expr: self.expr(&route.body, &names, &mut conditions)?,
            });
        }
        Ok(ArticleVersion {
            in_force: Period { from, until },
            legifrance,
            text: version
                .texts
                .first()
                .map(|t| t.node.clone())
                .unwrap_or_default(),
            sources: version.sources.iter().map(|t| t.node.clone()).collect(),
            to_check,
            conditions,
            routes,
        })
    }

    fn resolution(&self, expr: &ast::Expr) -> Result<&Resolution, InternalError> {
        self.checked
            .resolutions
            .get(&(self.file, expr.id))
            .ok_or_else(|| internal("nom non résolu"))
    }

    fn expr(
        &self,
        expr: &ast::Expr,
        names: &HashMap<&str, u32>,
        conditions: &mut Vec<Condition>,
    ) -> Result<Expr, InternalError> {
        Ok(match &expr.kind {
            ExprKind::Bool(b) => Expr::Constant(*b),
            ExprKind::Ref { .. } => match self.resolution(expr)? {
                Resolution::Fact(id) => Expr::Fact(*id),
                Resolution::LocalCondition(name) => {
                    let index = names
                        .get(name.as_str())
                        .ok_or_else(|| internal("condition locale absente"))?;
                    Expr::Condition(ConditionRef::Local(*index))
                }
                Resolution::ArticleCondition(article, name) => {
                    Expr::Condition(ConditionRef::Article {
                        article: *article,
                        name: name.clone(),
                    })
                }
                Resolution::Variant(_) => return Err(internal("valeur employée comme condition")),
            },
            ExprKind::Not(inner) => Expr::Not(Box::new(self.expr(inner, names, conditions)?)),
            ExprKind::And(items) => Expr::All(self.exprs(items, names, conditions)?),
            ExprKind::Or(items) => Expr::Any(self.exprs(items, names, conditions)?),
            ExprKind::Implies(a, b) => Expr::Implies(
                Box::new(self.expr(a, names, conditions)?),
                Box::new(self.expr(b, names, conditions)?),
            ),
            ExprKind::All(items) | ExprKind::Any(items) => {
                let mut lowered = Vec::with_capacity(items.len());
                for item in items {
                    let inner = self.expr(&item.expr, names, conditions)?;
                    lowered.push(match &item.label {
                        Some(label) => {
                            conditions.push(Condition {
                                name: None,
                                label: Some(label.node.clone()),
                                expr: inner,
                            });
                            Expr::Condition(ConditionRef::Local(conditions.len() as u32 - 1))
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
            ExprKind::Compare { op, left, right } => Expr::Compare {
                op: *op,
                left: self.operand(left)?,
                right: self.operand(right)?,
            },
            ExprKind::In { operand, set } => {
                let mut values = Vec::with_capacity(set.len());
                for item in set {
                    match self.operand(item)? {
                        Operand::Literal(value) => values.push(value),
                        Operand::Fact(_) => return Err(internal("fait dans la liste de `dans`")),
                    }
                }
                Expr::In {
                    operand: self.operand(operand)?,
                    set: values,
                }
            }
            ExprKind::Int(_) | ExprKind::Text(_) => {
                return Err(internal("valeur employée comme condition"));
            }
        })
    }

    fn exprs(
        &self,
        items: &[ast::Expr],
        names: &HashMap<&str, u32>,
        conditions: &mut Vec<Condition>,
    ) -> Result<Vec<Expr>, InternalError> {
        items
            .iter()
            .map(|e| self.expr(e, names, conditions))
            .collect()
    }

    fn operand(&self, expr: &ast::Expr) -> Result<Operand, InternalError> {
        Ok(match &expr.kind {
            ExprKind::Bool(b) => Operand::Literal(Value::Bool(*b)),
            ExprKind::Int(n) => Operand::Literal(Value::Int(*n)),
            ExprKind::Text(t) => Operand::Literal(Value::Text(t.clone())),
            ExprKind::Ref { .. } => match self.resolution(expr)? {
                Resolution::Fact(id) => Operand::Fact(*id),
                Resolution::Variant(name) => Operand::Literal(Value::Enum(name.clone())),
                _ => return Err(internal("condition employée comme valeur")),
            },
            _ => return Err(internal("expression composée employée comme valeur")),
        })
    }
}

fn internal(what: &str) -> InternalError {
    InternalError(what.to_string())
}
