//! Derogations: the rule they override must exist, and so must the derogations they prevail
//! over. (Whether two of them can apply together is checked on the lowered program, see
//! `conflicts`.)

use super::types;
use motif_runtime::program::ArticleId;

use super::exprs::ExprChecker;
use crate::diagnostics::{UnknownArticleCondition, UnknownDerogation};
use crate::syntax::ast::{DerogationDecl, TargetRef};

impl ExprChecker<'_> {
    pub(super) fn derogation(&mut self, derogation: &DerogationDecl) {
        if let Some(article) = self.target_article(&derogation.target) {
            let versions = &self.signatures.articles[article.0 as usize].versions;
            let exists = versions.iter().any(|v| {
                v.conditions
                    .iter()
                    .any(|c| c.name == derogation.target.name.node)
            });
            if !exists {
                let mut names: Vec<&str> = versions
                    .iter()
                    .flat_map(|v| v.conditions.iter().map(|c| c.name.as_str()))
                    .collect();
                names.sort_unstable();
                names.dedup();
                let id = self.signatures.articles[article.0 as usize].id.clone();
                let help = types::did_you_mean_or(&derogation.target.name.node, &names, || {
                    format!(
                        "Une dérogation porte sur une condition nommée de l'article {id} : {}.",
                        names.join(", ")
                    )
                });
                self.report(UnknownArticleCondition {
                    name: derogation.target.name.node.clone(),
                    article: id,
                    span: derogation.target.name.span.into(),
                    label: "la règle à laquelle il est dérogé n'existe pas".into(),
                    help,
                });
            }
        }
        if let Some(when) = &derogation.when {
            self.condition(when);
        }
        if let Some(then) = &derogation.then {
            self.condition(then);
        }
        for other in &derogation.prevails_over {
            let Some(article) = self.target_article(other) else {
                continue;
            };
            let sig = &self.signatures.articles[article.0 as usize];
            let mut names: Vec<&str> = sig
                .versions
                .iter()
                .flat_map(|v| v.derogations.iter().map(String::as_str))
                .collect();
            if names.contains(&other.name.node.as_str()) {
                continue;
            }
            names.sort_unstable();
            names.dedup();
            let help = types::did_you_mean_or(&other.name.node, &names, || {
                if names.is_empty() {
                    format!("L'article {} ne contient aucune dérogation.", sig.id)
                } else {
                    format!(
                        "Dérogations de l'article {} : {}.",
                        sig.id,
                        names.join(", ")
                    )
                }
            });
            self.report(UnknownDerogation {
                name: other.name.node.clone(),
                article: sig.id.clone(),
                span: other.name.span.into(),
                help,
            });
        }
    }

    /// The article a target names (this one when it names none).
    fn target_article(&mut self, target: &TargetRef) -> Option<ArticleId> {
        match &target.article {
            None => Some(self.article),
            Some(article) => match self.signatures.article_names.get(&article.node) {
                Some(&id) => Some(id),
                None => {
                    self.unknown_article(article);
                    None
                }
            },
        }
    }
}
