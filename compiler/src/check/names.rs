//! What a name refers to.
//!
//! In a value position, a name is, in this order: the element bound by an enclosing quantifier
//! (and its fields: `e.naissance`), a fact (or a field of a fact of record type), a parameter,
//! or — when compared with an enumeration — one of its values. In a condition position, a
//! condition of the same article version comes first. `nom de L. …` names a condition of
//! another article.

use motif_runtime::suggest::did_you_mean;
use motif_runtime::value::Type;

use super::exprs::ExprChecker;
use super::{Resolution, types};
use crate::diagnostics::{UnknownArticle, UnknownArticleCondition, UnknownField, UnknownName};
use crate::syntax::ast::{Expr, Name, Spanned};

/// A name that does not resolve in a value position: why.
pub(super) enum Unresolved {
    /// Not a value; the caller decides what to say (a condition, a variant…).
    NotFound,
    /// Already reported (a field that does not exist).
    Reported,
}

impl ExprChecker<'_> {
    /// Resolves a name in a value position (without enumeration values, which depend on what
    /// the name is compared with).
    pub(super) fn resolve_value(&mut self, name: &Name) -> Result<(Resolution, Type), Unresolved> {
        if self.signatures.broken.contains(&name.node) {
            return Err(Unresolved::Reported);
        }
        let segments: Vec<&str> = name.node.split('.').collect();
        // A quantifier's element, innermost first.
        if let Some(position) = self
            .binders
            .iter()
            .rposition(|(binder, _)| binder == segments[0])
        {
            let depth = (self.binders.len() - 1 - position) as u32;
            let ty = self.binders[position].1.clone();
            let (fields, ty) = self.fields(name, segments[0], &segments[1..], ty)?;
            return Ok((Resolution::Element { depth, fields }, ty));
        }
        if let Some(&id) = self.signatures.fact_names.get(&name.node) {
            return Ok((
                Resolution::Fact(id),
                self.signatures.facts[id.0 as usize].ty.clone(),
            ));
        }
        // A field of a fact of record type: the longest prefix that is a fact.
        for cut in (1..segments.len()).rev() {
            let prefix = segments[..cut].join(".");
            if let Some(&id) = self.signatures.fact_names.get(&prefix) {
                let ty = self.signatures.facts[id.0 as usize].ty.clone();
                if let Type::Record(_) = ty {
                    let (fields, ty) = self.fields(name, &prefix, &segments[cut..], ty)?;
                    return Ok((Resolution::FactField { fact: id, fields }, ty));
                }
            }
        }
        if let Some(&id) = self.signatures.parameter_names.get(&name.node) {
            return Ok((
                Resolution::Parameter(id),
                self.signatures.parameters[id.0 as usize].ty.clone(),
            ));
        }
        Err(Unresolved::NotFound)
    }

    /// Follows `fields` from a value of type `ty` (a record).
    fn fields(
        &mut self,
        name: &Name,
        base: &str,
        fields: &[&str],
        mut ty: Type,
    ) -> Result<(Vec<u32>, Type), Unresolved> {
        let mut path = base.to_string();
        let mut indices = Vec::with_capacity(fields.len());
        for field in fields {
            let declared = match &ty {
                Type::Record(id) => self.signatures.types[id.0 as usize].fields(),
                _ => &[],
            };
            match declared.iter().position(|f| f.name == *field) {
                Some(i) => {
                    indices.push(i as u32);
                    ty = declared[i].ty.clone();
                }
                None => {
                    let names: Vec<&str> = declared.iter().map(|f| f.name.as_str()).collect();
                    let help = if names.is_empty() {
                        format!(
                            "`{path}` est de type {} : il n'a pas de champs.",
                            types::describe(self.signatures, &ty)
                        )
                    } else {
                        match did_you_mean(field, names.iter().copied()) {
                            Some(s) => {
                                format!("Vouliez-vous dire `{s}` ? Champs : {}.", names.join(", "))
                            }
                            None => format!("Champs : {}.", names.join(", ")),
                        }
                    };
                    self.report(UnknownField {
                        record: path.clone(),
                        field: (*field).to_string(),
                        span: name.span.into(),
                        help,
                    });
                    return Err(Unresolved::Reported);
                }
            }
            path = format!("{path}.{field}");
        }
        Ok((indices, ty))
    }

    pub(super) fn is_local_condition(&self, name: &str) -> bool {
        self.version.conditions.iter().any(|c| c.name.node == name)
    }

    pub(super) fn unknown_name(&mut self, name: &Name) {
        let local: Vec<&str> = self
            .version
            .conditions
            .iter()
            .map(|c| c.name.node.as_str())
            .collect();
        let binders: Vec<&str> = self.binders.iter().map(|(b, _)| b.as_str()).collect();
        let candidates = binders
            .iter()
            .copied()
            .chain(local.iter().copied())
            .chain(self.signatures.fact_names.keys().map(String::as_str))
            .chain(self.signatures.parameter_names.keys().map(String::as_str));
        let elsewhere: Vec<&str> = self
            .signatures
            .articles
            .iter()
            .filter(|a| {
                a.versions
                    .iter()
                    .any(|v| v.conditions.iter().any(|c| c.name == name.node))
            })
            .map(|a| a.id.as_str())
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
                "Déclarez le fait (`fait {} : booléen « … »`) ou le paramètre, ou définissez la condition dans \
                 cette version de l'article.",
                name.node
            )
        };
        let label = format!(
            "ni un fait, ni un paramètre, ni une condition de l'article {}",
            self.article_name()
        );
        self.report(UnknownName {
            name: name.node.clone(),
            span: name.span.into(),
            label,
            help,
        });
    }

    /// `nom de L. …`: a named condition of another article, which must exist in each of its
    /// versions (the reference must mean something at any date).
    pub(super) fn article_condition(
        &mut self,
        expr: &Expr,
        name: &Name,
        article: &Spanned<String>,
    ) {
        let Some(&target) = self.signatures.article_names.get(&article.node) else {
            self.unknown_article(article);
            return;
        };
        let versions = &self.signatures.articles[target.0 as usize].versions;
        let defines = |v: &super::VersionSig| v.conditions.iter().any(|c| c.name == name.node);
        let lacking = versions.iter().filter(|v| !defines(v)).count();
        if lacking == 0 && !versions.is_empty() {
            self.resolve(
                expr,
                Resolution::ArticleCondition(target, name.node.clone()),
            );
            return;
        }
        let mut names: Vec<&str> = versions
            .iter()
            .flat_map(|v| v.conditions.iter().map(|c| c.name.as_str()))
            .collect();
        names.sort_unstable();
        names.dedup();
        let (label, help) = if lacking < versions.len() {
            (
                "absente de certaines versions de l'article".to_string(),
                "Une condition citée par d'autres articles doit exister dans chaque version de son article, pour que \
                 la référence ait un sens à toute date."
                    .to_string(),
            )
        } else {
            let help = types::did_you_mean_or(&name.node, &names, || {
                if names.is_empty() {
                    format!("L'article {} ne définit aucune condition.", article.node)
                } else {
                    format!(
                        "Conditions de l'article {} : {}.",
                        article.node,
                        names.join(", ")
                    )
                }
            });
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

    pub(super) fn unknown_article(&mut self, article: &Spanned<String>) {
        let ids = self.signatures.article_names.keys().map(String::as_str);
        let help = match did_you_mean(&article.node, ids) {
            Some(s) => format!("Vouliez-vous dire {s} ?"),
            None => {
                let all: Vec<&str> = self
                    .signatures
                    .article_names
                    .keys()
                    .map(String::as_str)
                    .collect();
                format!("Articles de ce jeu de règles : {}.", all.join(", "))
            }
        };
        self.report(UnknownArticle {
            id: article.node.clone(),
            span: article.span.into(),
            help,
        });
    }
}
