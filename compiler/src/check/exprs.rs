//! Names and types in expressions.
//!
//! A name in a condition is, in this order: a condition of the same article version, a declared
//! fact, or (where a fact of an enumeration type is compared) one of its values. `nom de L. …`
//! names a condition of another article. Every name is resolved and recorded; every expression
//! is checked to be a condition (true or false) where one is expected, and comparisons to
//! compare a fact with a value of its type.

use std::collections::{HashMap, HashSet};

use motif_runtime::program::{ArticleId, CompareOp, FactId};
use motif_runtime::suggest::did_you_mean;
use motif_runtime::value::Type;

use super::{ArticleSymbol, Checker, FactSymbol, Resolution};
use crate::diagnostics::{
    Diagnostic, FactInValueList, NotACondition, NotAValue, NotOrdered, PolicyError, TypeMismatch,
    UnknownArticle, UnknownArticleCondition, UnknownName, UnknownVariant,
};
use crate::source::FileId;
use crate::syntax::ast::{Expr, ExprId, ExprKind, Name, Spanned, Version};

impl Checker<'_, '_> {
    /// Checks every condition and route body; returns the facts they use.
    pub(super) fn check_expressions(&mut self) -> HashSet<FactId> {
        let mut used = HashSet::new();
        let articles = self.checked.articles.clone();
        for (index, symbol) in articles.iter().enumerate() {
            for version in &symbol.article.versions {
                let mut scope = ExprChecker {
                    facts: &self.checked.facts,
                    fact_ids: &self.fact_ids,
                    articles: &articles,
                    article_ids: &self.article_ids,
                    file: symbol.file,
                    article: ArticleId(index as u32),
                    version,
                    resolutions: &mut self.checked.resolutions,
                    diagnostics: &mut self.diagnostics,
                    used: &mut used,
                };
                for condition in &version.conditions {
                    scope.condition(&condition.body);
                }
                for route in &version.routes {
                    scope.condition(&route.body);
                }
            }
        }
        used
    }
}

struct ExprChecker<'a, 'm> {
    facts: &'a [FactSymbol],
    fact_ids: &'a HashMap<String, FactId>,
    articles: &'a [ArticleSymbol<'m>],
    article_ids: &'a HashMap<String, ArticleId>,
    file: FileId,
    article: ArticleId,
    version: &'m Version,
    resolutions: &'a mut HashMap<(FileId, ExprId), Resolution>,
    diagnostics: &'a mut Vec<Diagnostic>,
    used: &'a mut HashSet<FactId>,
}

impl ExprChecker<'_, '_> {
    fn report(&mut self, error: impl Into<PolicyError>) {
        self.diagnostics.push(Diagnostic::new(self.file, error));
    }

    fn resolve(&mut self, expr: &Expr, resolution: Resolution) {
        if let Resolution::Fact(id) = resolution {
            self.used.insert(id);
        }
        self.resolutions.insert((self.file, expr.id), resolution);
    }

    fn article_name(&self) -> &str {
        &self.articles[self.article.0 as usize].article.id.node
    }

    fn is_local_condition(&self, name: &str) -> bool {
        self.version.conditions.iter().any(|c| c.name.node == name)
    }

    fn fact(&self, name: &str) -> Option<(FactId, &FactSymbol)> {
        self.fact_ids
            .get(name)
            .map(|&id| (id, &self.facts[id.0 as usize]))
    }

    /// Checks an expression used as a condition: it must be true or false.
    fn condition(&mut self, expr: &Expr) {
        match &expr.kind {
            ExprKind::Bool(_) => {}
            ExprKind::Int(_) | ExprKind::Text(_) => {
                let what = if matches!(expr.kind, ExprKind::Int(_)) {
                    "un nombre"
                } else {
                    "un texte"
                };
                self.report(NotACondition {
                    what: what.into(),
                    span: expr.span.into(),
                    help: "Une condition est vraie ou fausse : comparez cette valeur à un fait, par exemple \
                           `age ≥ 18`."
                        .into(),
                });
            }
            ExprKind::Ref {
                name,
                article: Some(article),
            } => self.article_condition(expr, name, article),
            ExprKind::Ref {
                name,
                article: None,
            } => {
                if self.is_local_condition(&name.node) {
                    self.resolve(expr, Resolution::LocalCondition(name.node.clone()));
                } else if let Some((id, fact)) = self.fact(&name.node) {
                    if fact.ty == Type::Bool {
                        self.resolve(expr, Resolution::Fact(id));
                    } else {
                        let help = comparison_hint(&name.node, &fact.ty);
                        let what =
                            format!("le fait `{}`, de type {},", name.node, fact.ty.describe());
                        self.resolve(expr, Resolution::Fact(id));
                        self.report(NotACondition {
                            what,
                            span: expr.span.into(),
                            help,
                        });
                    }
                } else {
                    self.unknown_name(name);
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
                items.iter().for_each(|item| self.condition(&item.expr));
            }
            ExprKind::Compare { op, left, right } => {
                let left_hint = self.fact_type(left);
                let right_hint = self.fact_type(right);
                let left_ty = self.operand(left, right_hint.as_ref());
                let right_ty = self.operand(right, left_hint.as_ref());
                if let (Some(l), Some(r)) = (left_ty, right_ty) {
                    self.compatible(expr, *op, &l, &r);
                }
            }
            ExprKind::In { operand, set } => {
                let ty = self.operand(operand, None);
                for item in set {
                    let item_ty = self.operand(item, ty.as_ref());
                    if let Some(Resolution::Fact(_)) = self.resolutions.get(&(self.file, item.id)) {
                        self.report(FactInValueList {
                            span: item.span.into(),
                        });
                    } else if let (Some(t), Some(i)) = (&ty, item_ty) {
                        self.compatible(item, CompareOp::Eq, t, &i);
                    }
                }
            }
        }
    }

    fn compatible(&mut self, expr: &Expr, op: CompareOp, left: &Type, right: &Type) {
        if !same_kind(left, right) {
            self.report(TypeMismatch {
                left: left.describe(),
                right: right.describe(),
                span: expr.span.into(),
            });
        } else if !matches!(op, CompareOp::Eq | CompareOp::Ne) && *left != Type::Int {
            self.report(NotOrdered {
                op: op.symbol(),
                ty: left.describe(),
                span: expr.span.into(),
            });
        }
    }

    /// The type of an operand that is a declared fact, to read the other side's values in it.
    fn fact_type(&self, expr: &Expr) -> Option<Type> {
        match &expr.kind {
            ExprKind::Ref {
                name,
                article: None,
            } => self.fact(&name.node).map(|(_, f)| f.ty.clone()),
            _ => None,
        }
    }

    /// Checks an expression used as a value in a comparison; returns its type when known.
    fn operand(&mut self, expr: &Expr, expected: Option<&Type>) -> Option<Type> {
        match &expr.kind {
            ExprKind::Bool(_) => Some(Type::Bool),
            ExprKind::Int(_) => Some(Type::Int),
            ExprKind::Text(_) => Some(Type::Text),
            ExprKind::Ref {
                name,
                article: None,
            } => {
                if let Some(ty @ Type::Enum(_)) = expected
                    && ty.variant(&name.node).is_some()
                {
                    self.resolve(expr, Resolution::Variant(name.node.clone()));
                    return Some(ty.clone());
                }
                if let Some((id, fact)) = self.fact(&name.node) {
                    let ty = fact.ty.clone();
                    self.resolve(expr, Resolution::Fact(id));
                    return Some(ty);
                }
                if let Some(Type::Enum(variants)) = expected {
                    let names: Vec<&str> = variants.iter().map(|v| v.name.as_str()).collect();
                    let fact = self.compared_fact_name(expr).unwrap_or_default();
                    let help = match did_you_mean(&name.node, names.iter().copied()) {
                        Some(s) => format!(
                            "Vouliez-vous dire `{s}` ? Valeurs possibles : {}.",
                            names.join(", ")
                        ),
                        None => format!("Valeurs possibles : {}.", names.join(", ")),
                    };
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
                            "`{0}` est une condition, vraie ou fausse : elle ne se compare pas. Pour la nier, \
                             écrivez `non {0}`.",
                            name.node
                        ),
                    });
                } else {
                    self.unknown_name(name);
                }
                None
            }
            ExprKind::Ref {
                article: Some(_), ..
            } => {
                self.report(NotAValue {
                    span: expr.span.into(),
                    help: "Une condition d'un autre article est vraie ou fausse : elle ne se compare pas. \
                           Pour la nier, écrivez `non …`."
                        .into(),
                });
                None
            }
            _ => {
                self.report(NotAValue {
                    span: expr.span.into(),
                    help: "Une comparaison porte sur un fait et une valeur, par exemple `mariage.lieu = \
                           etranger` ; combinez les comparaisons avec `et`, `ou`, `non`."
                        .into(),
                });
                None
            }
        }
    }

    /// The fact on the other side of the comparison containing `expr` (for messages).
    fn compared_fact_name(&self, expr: &Expr) -> Option<String> {
        let mut found = None;
        let mut visit = |e: &Expr| {
            let operands: Vec<&Expr> = match &e.kind {
                ExprKind::Compare { left, right, .. } => vec![left, right],
                ExprKind::In { operand, set } => {
                    std::iter::once(operand.as_ref()).chain(set).collect()
                }
                _ => return,
            };
            if operands.iter().any(|o| o.id == expr.id) {
                for o in operands {
                    if let ExprKind::Ref {
                        name,
                        article: None,
                    } = &o.kind
                        && self.fact_ids.contains_key(&name.node)
                    {
                        found = Some(name.node.clone());
                    }
                }
            }
        };
        for body in self
            .version
            .conditions
            .iter()
            .map(|c| &c.body)
            .chain(self.version.routes.iter().map(|r| &r.body))
        {
            body.walk(&mut visit);
        }
        found
    }

    fn unknown_name(&mut self, name: &Name) {
        let local: Vec<&str> = self
            .version
            .conditions
            .iter()
            .map(|c| c.name.node.as_str())
            .collect();
        let candidates = local
            .iter()
            .copied()
            .chain(self.facts.iter().map(|f| f.name.as_str()));
        let elsewhere: Vec<&str> = self
            .articles
            .iter()
            .filter(|a| {
                a.article
                    .versions
                    .iter()
                    .any(|v| v.conditions.iter().any(|c| c.name.node == name.node))
            })
            .map(|a| a.article.id.node.as_str())
            .collect();
        let help = if let Some(article) = elsewhere.first() {
            format!(
                "La condition `{0}` est définie à l'article {article} : écrivez `{0} de {article}`.",
                name.node
            )
        } else if let Some(suggestion) = did_you_mean(&name.node, candidates) {
            format!("Vouliez-vous dire `{suggestion}` ?")
        } else {
            format!(
                "Déclarez le fait (`fait {} : booléen « … »`) ou définissez la condition dans cette version de \
                 l'article.",
                name.node
            )
        };
        let label = format!(
            "ni un fait déclaré, ni une condition de l'article {}",
            self.article_name()
        );
        self.report(UnknownName {
            name: name.node.clone(),
            span: name.span.into(),
            label,
            help,
        });
    }

    fn article_condition(&mut self, expr: &Expr, name: &Name, article: &Spanned<String>) {
        let Some(&target) = self.article_ids.get(&article.node) else {
            let ids = self.articles.iter().map(|a| a.article.id.node.as_str());
            let help = match did_you_mean(&article.node, ids) {
                Some(s) => format!("Vouliez-vous dire {s} ?"),
                None => {
                    let all: Vec<&str> = self
                        .articles
                        .iter()
                        .map(|a| a.article.id.node.as_str())
                        .collect();
                    format!("Articles de ce jeu de règles : {}.", all.join(", "))
                }
            };
            self.report(UnknownArticle {
                id: article.node.clone(),
                span: article.span.into(),
                help,
            });
            return;
        };
        let target_article = self.articles[target.0 as usize].article;
        let defines = |v: &Version| v.conditions.iter().any(|c| c.name.node == name.node);
        let lacking: Vec<String> = target_article
            .versions
            .iter()
            .filter(|v| !defines(v))
            .map(|v| {
                v.from
                    .node
                    .map_or_else(|| "?".to_string(), |d| d.to_string())
            })
            .collect();
        if lacking.is_empty() && !target_article.versions.is_empty() {
            self.resolve(
                expr,
                Resolution::ArticleCondition(target, name.node.clone()),
            );
            return;
        }
        let mut names: Vec<&str> = target_article
            .versions
            .iter()
            .flat_map(|v| v.conditions.iter().map(|c| c.name.node.as_str()))
            .collect();
        names.dedup();
        let defined_somewhere = lacking.len() < target_article.versions.len();
        let (label, help) = if defined_somewhere {
            (
                format!("absente de la version du {}", lacking.join(", du ")),
                "Une condition citée par d'autres articles doit exister dans chaque version de son article, \
                 pour que la référence ait un sens à toute date."
                    .to_string(),
            )
        } else {
            let help = match did_you_mean(&name.node, names.iter().copied()) {
                Some(s) => format!("Vouliez-vous dire `{s}` ?"),
                None if names.is_empty() => {
                    format!("L'article {} ne définit aucune condition.", article.node)
                }
                None => format!(
                    "Conditions de l'article {} : {}.",
                    article.node,
                    names.join(", ")
                ),
            };
            ("condition inconnue dans cet article".to_string(), help)
        };
        self.report(UnknownArticleCondition {
            name: name.node.clone(),
            article: article.node.clone(),
            span: name.span.into(),
            label,
            help,
        });
    }
}

/// Two types that can be compared: the same type; two enumerations if they have the same values
/// (their labels may differ).
fn same_kind(a: &Type, b: &Type) -> bool {
    match (a, b) {
        (Type::Enum(x), Type::Enum(y)) => x.iter().map(|v| &v.name).eq(y.iter().map(|v| &v.name)),
        _ => a == b,
    }
}

/// How to turn a non-boolean fact into a condition.
fn comparison_hint(name: &str, ty: &Type) -> String {
    match ty {
        Type::Enum(variants) => {
            let first = variants.first().map_or("…", |v| v.name.as_str());
            format!("Comparez-le à l'une de ses valeurs, par exemple `{name} = {first}`.")
        }
        Type::Int => format!("Comparez-le à un nombre, par exemple `{name} ≥ 1`."),
        _ => format!("Comparez-le à une valeur, par exemple `{name} = « … »`."),
    }
}
