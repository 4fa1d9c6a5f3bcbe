//! The lowering pass: checked AST → the runtime's `Program`.
//!
//! Names become indices, `et`/`ou` become `All`/`Any` like `toutes`/`l'une de`, every item
//! labelled inline in a list becomes an (anonymous) condition of its article version, so that it
//! is reported as a ground of its own, and versions are put in chronological order.

mod exprs;

use std::collections::{BTreeMap, HashMap};

use motif_runtime::program::{
    Article, ArticleId, ArticleVersion, Closure, Condition, ConditionTarget, Derogation,
    DerogationRef, Exclusion, Expr, FactDecl, FactKind, Grant, ParameterDecl, Period, Program,
    Route, RouteId, RouteVersion,
};

use crate::check::{CheckedPart, Declarations, Part};
use crate::syntax::ast::{self, Legifrance, TargetRef};

/// A checked set that lowering cannot translate: a bug of the compiler, never of the policy.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("erreur interne du compilateur : {0} (merci de la signaler)")]
pub struct InternalError(pub(crate) String);

pub(crate) fn internal(what: &str) -> InternalError {
    InternalError(what.to_string())
}

/// Lowers a policy set that checked without errors; `checked` follows `parts`.
pub fn lower(
    parts: &[Part<'_>],
    checked: &[&CheckedPart],
    declarations: &Declarations,
) -> Result<Program, InternalError> {
    let signatures = &declarations.signatures;
    let facts = signatures
        .facts
        .iter()
        .map(|f| FactDecl {
            name: f.name.clone(),
            label: f.label.clone(),
            ty: f.ty.clone(),
            kind: match &f.appraisal {
                Some(criteria) => FactKind::Appraisal {
                    criteria: criteria.clone(),
                },
                None => FactKind::Fact,
            },
            sensitive: f.sensitive,
            documents: f.documents.clone(),
        })
        .collect();
    let mut parameters = Vec::with_capacity(signatures.parameters.len());
    for (index, sig) in signatures.parameters.iter().enumerate() {
        let &(p, i) = declarations
            .parameter_homes
            .get(index)
            .ok_or_else(|| internal("paramètre sans déclaration"))?;
        let decl = &parts[p].module.parameters[i];
        parameters.push(ParameterDecl {
            name: sig.name.clone(),
            label: decl.label.as_ref().map(|l| l.node.clone()),
            ty: sig.ty.clone(),
            values: declarations
                .parameter_values
                .get(index)
                .cloned()
                .unwrap_or_default(),
        });
    }
    let route_ids: HashMap<&str, RouteId> = declarations
        .routes
        .iter()
        .enumerate()
        .map(|(i, (name, _))| (name.as_str(), RouteId(i as u32)))
        .collect();
    let mut articles = Vec::with_capacity(declarations.article_homes.len());
    for (index, &(p, a)) in declarations.article_homes.iter().enumerate() {
        let decl = &parts[p].module.articles[a];
        let lowering = Lowering {
            declarations,
            checked: checked[p],
            article: ArticleId(index as u32),
            route_ids: &route_ids,
        };
        let mut versions = decl
            .versions
            .iter()
            .map(|v| lowering.version(v))
            .collect::<Result<Vec<_>, _>>()?;
        versions.sort_by_key(|v: &ArticleVersion| v.in_force.from);
        articles.push(Article {
            id: decl.id.node.clone(),
            title: decl.title.as_ref().map(|t| t.node.clone()),
            reference_date: decl.reference_date,
            versions,
        });
    }
    let routes = declarations
        .routes
        .iter()
        .map(|(name, article)| Route {
            name: name.clone(),
            article: *article,
        })
        .collect();
    Ok(Program {
        types: signatures.types.clone(),
        facts,
        parameters,
        articles,
        routes,
        translations: translations(parts),
        fingerprint: String::new(),
    })
}

/// Every translation of the set, by language code, then by French text. The checker has made
/// sure each language is known and each text translated once.
fn translations(parts: &[Part<'_>]) -> BTreeMap<String, BTreeMap<String, String>> {
    let mut out: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for part in parts {
        for translation in &part.module.translations {
            let Some(code) = crate::check::language_code(&translation.language.node) else {
                continue;
            };
            let table = out.entry(code.to_string()).or_default();
            for entry in &translation.entries {
                table
                    .entry(entry.french.node.clone())
                    .or_insert_with(|| entry.translated.node.clone());
            }
        }
    }
    out
}

/// Lowers the versions of one article.
struct Lowering<'a> {
    declarations: &'a Declarations,
    checked: &'a CheckedPart,
    article: ArticleId,
    route_ids: &'a HashMap<&'a str, RouteId>,
}

impl Lowering<'_> {
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
                favorable: c.favorable,
                general_for: c
                    .general
                    .as_ref()
                    .map(|cards| cards.iter().map(|c| c.node).collect())
                    .unwrap_or_default(),
            })
            .collect();
        let mut body = exprs::Body {
            lowering: self,
            names: &names,
            conditions: &mut conditions,
        };
        let mut lowered_conditions = Vec::with_capacity(version.conditions.len());
        for condition in &version.conditions {
            lowered_conditions.push(body.expr(&condition.body)?);
        }
        let mut routes = Vec::with_capacity(version.routes.len());
        for route in &version.routes {
            let id = *self
                .route_ids
                .get(route.name.node.as_str())
                .ok_or_else(|| internal("voie non déclarée"))?;
            let mut closures = Vec::with_capacity(route.closures.len());
            for closure in &route.closures {
                closures.push(Closure {
                    reason: closure.reason.node.clone(),
                    when: body.expr(&closure.when)?,
                });
            }
            routes.push(RouteVersion {
                route: id,
                label: route.label.as_ref().map(|l| l.node.clone()),
                grant: Grant {
                    card: route.grant.card,
                    mention: route.grant.mention.as_ref().map(|m| m.node.clone()),
                    duration: route.grant.duration,
                },
                to_check: route.to_check.iter().map(|t| t.node.clone()).collect(),
                closures,
                expr: body.expr(&route.body)?,
            });
        }
        let mut derogations = Vec::with_capacity(version.derogations.len());
        for derogation in &version.derogations {
            let target = self.target(&derogation.target)?;
            derogations.push(Derogation {
                name: derogation.name.node.clone(),
                label: derogation.label.as_ref().map(|l| l.node.clone()),
                target: ConditionTarget {
                    article: target,
                    name: derogation.target.name.node.clone(),
                },
                when: derogation.when.as_ref().map(|e| body.expr(e)).transpose()?,
                then: derogation.then.as_ref().map(|e| body.expr(e)).transpose()?,
                prevails_over: derogation
                    .prevails_over
                    .iter()
                    .map(|t| {
                        Ok(DerogationRef {
                            article: self.target(t)?,
                            name: t.name.node.clone(),
                        })
                    })
                    .collect::<Result<_, InternalError>>()?,
            });
        }
        let mut exclusions = Vec::with_capacity(version.exclusions.len());
        for exclusion in &version.exclusions {
            exclusions.push(Exclusion {
                name: exclusion.name.node.clone(),
                reason: exclusion.reason.node.clone(),
                applies_to: exclusion.cards.iter().map(|c| c.node).collect(),
                when: body.expr(&exclusion.when)?,
            });
        }
        for (condition, expr) in conditions.iter_mut().zip(lowered_conditions) {
            condition.expr = expr;
        }
        Ok(ArticleVersion {
            in_force: Period { from, until },
            repealed: version.repealed,
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
            derogations,
            exclusions,
        })
    }

    fn target(&self, target: &TargetRef) -> Result<ArticleId, InternalError> {
        match &target.article {
            None => Ok(self.article),
            Some(article) => self
                .declarations
                .signatures
                .article_names
                .get(&article.node)
                .copied()
                .ok_or_else(|| internal("article inconnu")),
        }
    }
}
