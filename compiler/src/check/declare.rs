//! Declarations: what every file declares, checked as a whole (names declared once, types
//! that exist, dated versions and values), giving the [`Signatures`] that articles are checked
//! against.

use std::collections::{BTreeMap, HashMap, HashSet};

use motif_runtime::program::{ArticleId, FactId, ParameterId, ParameterValue};
use motif_runtime::value::Type;

/// The group of parameters that letters read (appeal delays), which no rule needs to use.
pub const LETTER_PARAMETERS: &str = "recours.";

use super::{
    ArticleSig, CheckedPart, ConditionSig, Declarations, FactSig, ParameterSig, Part, Signatures,
    VersionSig, types, versions,
};
use crate::diagnostics::{
    Diagnostic, Duplicate, FactGroupConflict, PolicyError, Unlabelled, UnusedFact, UnusedParameter,
};
use crate::source::SourceSet;
use crate::syntax::ast;

/// Collects and checks every declaration of the set. Places are in files.
pub fn declare(parts: &[Part<'_>], sources: &SourceSet) -> Declarations {
    let mut declarer = Declarer {
        parts,
        sources,
        declarations: Declarations::default(),
        first_seen: HashMap::new(),
    };
    declarer.types();
    declarer.facts();
    declarer.parameters();
    declarer.articles();
    declarer.declarations
}

struct Declarer<'p, 'm> {
    parts: &'p [Part<'m>],
    sources: &'p SourceSet,
    declarations: Declarations,
    /// Where each fact and parameter name was first declared: for "already declared at …".
    /// Where each fact or parameter name was first declared: its part and span. The
    /// `file:line` is worked out only for a message, since counting lines costs on every edit.
    first_seen: HashMap<String, (usize, ast::Span)>,
}

impl Declarer<'_, '_> {
    fn report(&mut self, part: usize, error: impl Into<PolicyError>) {
        let part = &self.parts[part];
        self.declarations
            .diagnostics
            .push(Diagnostic::new(part.file, error).shifted(part.offset));
    }

    fn location(&self, part: usize, span: ast::Span) -> String {
        let part = &self.parts[part];
        self.sources.location(part.file, part.offset + span.start)
    }

    fn signatures(&mut self) -> &mut Signatures {
        &mut self.declarations.signatures
    }

    fn types(&mut self) {
        let mut decls: Vec<(usize, &ast::TypeDecl)> = Vec::new();
        for (p, part) in self.parts.iter().enumerate() {
            decls.extend(part.module.types.iter().map(|t| (p, t)));
        }
        let only: Vec<&ast::TypeDecl> = decls.iter().map(|(_, t)| *t).collect();
        let mut problems: Vec<(usize, PolicyError)> = Vec::new();
        types::declare_named(&only, self.signatures(), &mut |i, e| {
            problems.push((decls[i].0, e))
        });
        for (part, problem) in problems {
            self.report(part, problem);
        }
    }

    /// Resolves the type of the fact or parameter `name`, reporting in `part`; an unknown type
    /// marks the name as broken (its uses are not checked further) and counts as boolean.
    fn resolve(&mut self, part: usize, name: &str, ty: &ast::TypeExpr) -> Type {
        let mut problems = Vec::new();
        let resolved = types::resolve(ty, self.signatures(), &mut |e| problems.push(e));
        for problem in problems {
            self.report(part, problem);
        }
        resolved.unwrap_or_else(|| {
            self.signatures().broken.insert(name.to_string());
            Type::Bool
        })
    }

    fn duplicate_name(&mut self, part: usize, what: &'static str, name: &ast::Name) -> bool {
        let Some(&(first_part, first_span)) = self.first_seen.get(&name.node) else {
            self.first_seen.insert(name.node.clone(), (part, name.span));
            return false;
        };
        let first = self.location(first_part, first_span);
        self.report(
            part,
            Duplicate {
                what,
                name: name.node.clone(),
                span: name.span.into(),
                help: format!("Ce nom est déjà déclaré en {first} : un fait ou un paramètre se déclare une seule fois."),
            },
        );
        true
    }

    fn facts(&mut self) {
        for (p, part) in self.parts.iter().enumerate() {
            for fact in &part.module.facts {
                if fact.name.node.is_empty() || self.duplicate_name(p, "le fait", &fact.name) {
                    continue;
                }
                let what = if fact.appraisal.is_some() {
                    "l'appréciation"
                } else {
                    "le fait"
                };
                if fact.label.is_none() {
                    self.report(
                        p,
                        Unlabelled {
                            what,
                            name: fact.name.node.clone(),
                            span: fact.name.span.into(),
                        },
                    );
                }
                let ty = self.resolve(p, &fact.name.node, &fact.ty);
                let signatures = self.signatures();
                signatures.fact_names.insert(
                    fact.name.node.clone(),
                    FactId(signatures.facts.len() as u32),
                );
                signatures.facts.push(FactSig {
                    name: fact.name.node.clone(),
                    label: fact.label.as_ref().map(|l| l.node.clone()),
                    ty,
                    appraisal: fact
                        .appraisal
                        .as_ref()
                        .map(|c| c.iter().map(|t| t.node.clone()).collect()),
                    sensitive: fact.sensitive,
                    documents: fact.documents.iter().map(|d| d.node.clone()).collect(),
                });
            }
        }
        self.fact_groups();
    }

    /// A dossier nests facts by their dotted names, so `a.b` cannot be a fact if `a.b.c` is one.
    fn fact_groups(&mut self) {
        let names: HashSet<&String> = self.declarations.signatures.fact_names.keys().collect();
        let mut conflicts: Vec<(String, String)> = Vec::new();
        for name in &names {
            let mut prefix = String::new();
            for segment in name.split('.') {
                if !prefix.is_empty() {
                    if names.contains(&prefix) {
                        conflicts.push((prefix.clone(), (*name).clone()));
                    }
                    prefix.push('.');
                }
                prefix.push_str(segment);
            }
        }
        conflicts.sort();
        for (group, member) in conflicts {
            let Some((p, decl)) = self.find_fact(&group) else {
                continue;
            };
            let other_location = self
                .first_seen
                .get(&member)
                .map(|&(part, span)| self.location(part, span))
                .unwrap_or_default();
            self.report(
                p,
                FactGroupConflict {
                    name: group,
                    other: member,
                    other_location,
                    span: decl.name.span.into(),
                },
            );
        }
    }

    fn find_fact(&self, name: &str) -> Option<(usize, &ast::FactDecl)> {
        self.parts.iter().enumerate().find_map(|(p, part)| {
            part.module
                .facts
                .iter()
                .find(|f| f.name.node == name)
                .map(|f| (p, f))
        })
    }

    fn parameters(&mut self) {
        for (p, part) in self.parts.iter().enumerate() {
            for (index, parameter) in part.module.parameters.iter().enumerate() {
                if parameter.name.node.is_empty()
                    || self.duplicate_name(p, "le paramètre", &parameter.name)
                {
                    continue;
                }
                if parameter.label.is_none() {
                    self.report(
                        p,
                        Unlabelled {
                            what: "le paramètre",
                            name: parameter.name.node.clone(),
                            span: parameter.name.span.into(),
                        },
                    );
                }
                let ty = self.resolve(p, &parameter.name.node, &parameter.ty);
                let mut problems = Vec::new();
                let values: Vec<ParameterValue> = versions::parameter_values(
                    parameter,
                    &ty,
                    &self.declarations.signatures,
                    &mut |e| problems.push(e),
                );
                if !problems.is_empty() {
                    // Its values are wrong: where it has none is not worth a second message.
                    self.signatures().broken.insert(parameter.name.node.clone());
                }
                for problem in problems {
                    self.report(p, problem);
                }
                let signatures = self.signatures();
                signatures.parameter_names.insert(
                    parameter.name.node.clone(),
                    ParameterId(signatures.parameters.len() as u32),
                );
                signatures.parameters.push(ParameterSig {
                    name: parameter.name.node.clone(),
                    ty,
                });
                self.declarations.parameter_homes.push((p, index));
                self.declarations.parameter_values.push(values);
            }
        }
    }

    fn articles(&mut self) {
        let mut first_article: HashMap<String, String> = HashMap::new();
        let mut routes: BTreeMap<String, (ArticleId, String)> = BTreeMap::new();
        for (p, part) in self.parts.iter().enumerate() {
            for (index, article) in part.module.articles.iter().enumerate() {
                let id = article.id.node.clone();
                if let Some(location) = first_article.get(&id) {
                    let help = format!(
                        "Il est déjà écrit en {location} : ses versions successives vont sous un même `article`, \
                         chacune avec `version du … au …`."
                    );
                    self.report(
                        p,
                        Duplicate {
                            what: "l'article",
                            name: id,
                            span: article.id.span.into(),
                            help,
                        },
                    );
                    continue;
                }
                first_article.insert(id.clone(), self.location(p, article.id.span));
                let article_id = ArticleId(self.declarations.signatures.articles.len() as u32);
                let mut problems = Vec::new();
                versions::check_article(article, &mut |e| problems.push(e));
                for problem in problems {
                    self.report(p, problem);
                }
                let mut sig = ArticleSig {
                    id: id.clone(),
                    versions: Vec::new(),
                };
                for version in &article.versions {
                    sig.versions
                        .push(self.version(p, article_id, &id, version, &mut routes));
                }
                self.declarations
                    .signatures
                    .article_names
                    .insert(id, article_id);
                self.declarations.signatures.articles.push(sig);
                self.declarations.article_homes.push((p, index));
            }
        }
    }

    fn version(
        &mut self,
        p: usize,
        article: ArticleId,
        article_name: &str,
        version: &ast::Version,
        routes: &mut BTreeMap<String, (ArticleId, String)>,
    ) -> VersionSig {
        let mut sig = VersionSig {
            conditions: Vec::new(),
            derogations: Vec::new(),
        };
        let mut names: HashMap<&str, ast::Span> = HashMap::new();
        for condition in &version.conditions {
            if let Some(first) = names.insert(&condition.name.node, condition.name.span) {
                let location = self.location(p, first);
                self.report(
                    p,
                    Duplicate {
                        what: "la condition",
                        name: condition.name.node.clone(),
                        span: condition.name.span.into(),
                        help: format!("Elle est déjà définie dans cette version de l'article {article_name} ({location})."),
                    },
                );
                continue;
            }
            if condition.label.is_none() {
                self.report(
                    p,
                    Unlabelled {
                        what: "la condition",
                        name: condition.name.node.clone(),
                        span: condition.name.span.into(),
                    },
                );
            }
            sig.conditions.push(ConditionSig {
                name: condition.name.node.clone(),
                favorable: condition.favorable,
            });
        }
        for derogation in &version.derogations {
            if sig.derogations.contains(&derogation.name.node)
                || names.contains_key(derogation.name.node.as_str())
            {
                self.report(
                    p,
                    Duplicate {
                        what: "la dérogation",
                        name: derogation.name.node.clone(),
                        span: derogation.name.span.into(),
                        help: "Dans une version, chaque condition et chaque dérogation a son propre nom.".into(),
                    },
                );
                continue;
            }
            if derogation.label.is_none() {
                self.report(
                    p,
                    Unlabelled {
                        what: "la dérogation",
                        name: derogation.name.node.clone(),
                        span: derogation.name.span.into(),
                    },
                );
            }
            sig.derogations.push(derogation.name.node.clone());
        }
        let mut in_this_version: HashSet<&str> = HashSet::new();
        for route in &version.routes {
            let name = &route.name.node;
            if route.label.is_none() {
                self.report(
                    p,
                    Unlabelled {
                        what: "la voie",
                        name: name.clone(),
                        span: route.name.span.into(),
                    },
                );
            }
            let here = !in_this_version.insert(name);
            match routes.get(name) {
                Some((owner, location)) if here || *owner != article => {
                    let help = format!(
                        "Elle est déjà déclarée en {location}. Une voie appartient à un seul article ; elle peut \
                         figurer dans chacune de ses versions."
                    );
                    self.report(
                        p,
                        Duplicate {
                            what: "la voie",
                            name: name.clone(),
                            span: route.name.span.into(),
                            help,
                        },
                    );
                }
                Some(_) => {}
                None => {
                    routes.insert(name.clone(), (article, self.location(p, route.name.span)));
                    self.declarations.routes.push((name.clone(), article));
                }
            }
        }
        sig
    }
}

/// Warnings for facts and parameters that no rule uses.
pub(super) fn unused(
    parts: &[Part<'_>],
    checked: &[&CheckedPart],
    declarations: &Declarations,
) -> Vec<Diagnostic> {
    let used_facts: HashSet<FactId> = checked
        .iter()
        .flat_map(|c| c.used_facts.iter().copied())
        .collect();
    let used_parameters: HashSet<ParameterId> = checked
        .iter()
        .flat_map(|c| c.used_parameters.values().flatten().copied())
        .collect();
    let mut out = Vec::new();
    for part in parts {
        for fact in &part.module.facts {
            let Some(id) = declarations.signatures.fact_names.get(&fact.name.node) else {
                continue;
            };
            if !used_facts.contains(id) {
                out.push(
                    Diagnostic::new(
                        part.file,
                        UnusedFact {
                            name: fact.name.node.clone(),
                            span: fact.name.span.into(),
                        },
                    )
                    .shifted(part.offset),
                );
            }
        }
        for parameter in &part.module.parameters {
            let Some(id) = declarations
                .signatures
                .parameter_names
                .get(&parameter.name.node)
            else {
                continue;
            };
            // The `recours.` parameters (appeal delays) are read by the letters, not by rules.
            let for_letters = parameter.name.node.starts_with(LETTER_PARAMETERS);
            if !used_parameters.contains(id) && !for_letters {
                let warning = UnusedParameter {
                    name: parameter.name.node.clone(),
                    span: parameter.name.span.into(),
                };
                out.push(Diagnostic::new(part.file, warning).shifted(part.offset));
            }
        }
    }
    out
}
