//! The check pass: AST → checked AST.
//!
//! Checks what makes a policy set meaningful: every fact, article, condition and route declared
//! once; every version with its dates, text and Légifrance reference; every name resolved; every
//! expression well typed; no condition defined by itself. The result, [`Checked`], is the AST
//! plus what the checker learnt about it: the symbols, and what each name in an expression refers
//! to. Lowering reads it to build the runtime's `Program`.

mod cycles;
mod exprs;

use std::collections::{HashMap, HashSet};

use motif_runtime::program::{ArticleId, FactId, RouteId};
use motif_runtime::value::{Type, Variant};

use crate::diagnostics::{
    BadLegifranceId, Diagnostic, Duplicate, DuplicateAttribute, FactGroupConflict, InvertedPeriod,
    MissingLegifrance, MissingText, OverlappingVersions, Unlabelled, UnusedFact,
};
use crate::source::{FileId, SourceSet};
use crate::syntax::ast::{self, ExprId, Legifrance, Module, Span};

/// A checked policy set: the modules and what the checker resolved in them.
#[derive(Debug)]
pub struct Checked<'m> {
    pub modules: &'m [Module],
    /// Facts in declaration order; the index is the `FactId`.
    pub facts: Vec<FactSymbol>,
    /// Articles in declaration order; the index is the `ArticleId`.
    pub articles: Vec<ArticleSymbol<'m>>,
    /// Routes in order of first declaration; the index is the `RouteId`.
    pub routes: Vec<RouteSymbol>,
    /// What each name in an expression refers to.
    pub resolutions: HashMap<(FileId, ExprId), Resolution>,
}

#[derive(Debug, Clone)]
pub struct FactSymbol {
    pub name: String,
    pub label: Option<String>,
    pub ty: Type,
    pub file: FileId,
    pub span: Span,
}

#[derive(Debug, Clone, Copy)]
pub struct ArticleSymbol<'m> {
    pub file: FileId,
    pub article: &'m ast::Article,
}

#[derive(Debug, Clone)]
pub struct RouteSymbol {
    pub name: String,
    pub article: ArticleId,
}

/// What a name in an expression refers to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolution {
    Fact(FactId),
    /// A condition of the same article version, by name.
    LocalCondition(String),
    /// A named condition of another article (resolved by date at assessment time).
    ArticleCondition(ArticleId, String),
    /// An enumeration value.
    Variant(String),
}

/// Checks parsed modules. Diagnostics include warnings; the set is usable only if none of
/// them is an error.
pub fn check<'m>(modules: &'m [Module], sources: &SourceSet) -> (Checked<'m>, Vec<Diagnostic>) {
    let mut checker = Checker {
        sources,
        diagnostics: Vec::new(),
        checked: Checked {
            modules,
            facts: Vec::new(),
            articles: Vec::new(),
            routes: Vec::new(),
            resolutions: HashMap::new(),
        },
        fact_ids: HashMap::new(),
        article_ids: HashMap::new(),
        route_ids: HashMap::new(),
    };
    checker.declare_facts();
    checker.declare_articles();
    let used = checker.check_expressions();
    cycles::check(&checker.checked, &mut checker.diagnostics);
    checker.warn_unused(&used);
    (checker.checked, checker.diagnostics)
}

struct Checker<'m, 's> {
    sources: &'s SourceSet,
    diagnostics: Vec<Diagnostic>,
    checked: Checked<'m>,
    fact_ids: HashMap<String, FactId>,
    article_ids: HashMap<String, ArticleId>,
    /// Route name → its id, and where it was first declared.
    route_ids: HashMap<String, (RouteId, FileId, Span)>,
}

impl<'m> Checker<'m, '_> {
    fn report(&mut self, file: FileId, error: impl Into<crate::diagnostics::PolicyError>) {
        self.diagnostics.push(Diagnostic::new(file, error));
    }

    fn declare_facts(&mut self) {
        for module in self.checked.modules {
            for fact in &module.facts {
                if fact.name.node.is_empty() {
                    continue;
                }
                let name = &fact.name.node;
                if let Some(&first) = self.fact_ids.get(name) {
                    let first = &self.checked.facts[first.0 as usize];
                    let location = self.sources.location(first.file, first.span.start);
                    self.report(
                        module.file,
                        Duplicate {
                            what: "le fait",
                            name: name.clone(),
                            span: fact.name.span.into(),
                            help: format!("Il est déjà déclaré en {location} : un fait se déclare une seule fois."),
                        },
                    );
                    continue;
                }
                if fact.label.is_none() {
                    self.report(
                        module.file,
                        Unlabelled {
                            what: "le fait",
                            name: name.clone(),
                            span: fact.name.span.into(),
                        },
                    );
                }
                let ty = self.fact_type(module.file, &fact.ty);
                let id = FactId(self.checked.facts.len() as u32);
                self.fact_ids.insert(name.clone(), id);
                self.checked.facts.push(FactSymbol {
                    name: name.clone(),
                    label: fact.label.as_ref().map(|l| l.node.clone()),
                    ty,
                    file: module.file,
                    span: fact.name.span,
                });
            }
        }
        self.check_fact_groups();
    }

    fn fact_type(&mut self, file: FileId, ty: &ast::TypeExpr) -> Type {
        match &ty.kind {
            ast::TypeKind::Bool => Type::Bool,
            ast::TypeKind::Int => Type::Int,
            ast::TypeKind::Text => Type::Text,
            ast::TypeKind::Enum(variants) => {
                let mut seen: Vec<Variant> = Vec::new();
                for variant in variants {
                    if seen.iter().any(|v| v.name == variant.name.node) {
                        self.report(
                            file,
                            Duplicate {
                                what: "la valeur",
                                name: variant.name.node.clone(),
                                span: variant.name.span.into(),
                                help: "Chaque valeur possible d'un fait est distincte : supprimez le doublon.".into(),
                            },
                        );
                        continue;
                    }
                    seen.push(Variant {
                        name: variant.name.node.clone(),
                        label: variant.label.as_ref().map(|l| l.node.clone()),
                    });
                }
                Type::Enum(seen)
            }
        }
    }

    /// A dossier nests facts by their dotted names, so `a.b` cannot be a fact if `a.b.c` is one.
    fn check_fact_groups(&mut self) {
        let mut conflicts = Vec::new();
        for fact in &self.checked.facts {
            let mut prefix = String::new();
            for part in fact.name.split('.') {
                if !prefix.is_empty() {
                    if let Some(&group) = self.fact_ids.get(&prefix) {
                        conflicts.push((
                            group,
                            fact.name.clone(),
                            self.sources.location(fact.file, fact.span.start),
                        ));
                    }
                    prefix.push('.');
                }
                prefix.push_str(part);
            }
        }
        for (group, other, other_location) in conflicts {
            let symbol = &self.checked.facts[group.0 as usize];
            let (file, error) = (
                symbol.file,
                FactGroupConflict {
                    name: symbol.name.clone(),
                    other,
                    other_location,
                    span: symbol.span.into(),
                },
            );
            self.report(file, error);
        }
    }

    fn declare_articles(&mut self) {
        for module in self.checked.modules {
            for article in &module.articles {
                let id = &article.id.node;
                if let Some(&first) = self.article_ids.get(id) {
                    let first = self.checked.articles[first.0 as usize];
                    let location = self.sources.location(first.file, first.article.span.start);
                    self.report(
                        module.file,
                        Duplicate {
                            what: "l'article",
                            name: id.clone(),
                            span: article.id.span.into(),
                            help: format!(
                                "Il est déjà écrit en {location} : ses versions successives vont sous un même \
                                 `article`, chacune avec `version du … au …`."
                            ),
                        },
                    );
                    continue;
                }
                let article_id = ArticleId(self.checked.articles.len() as u32);
                self.article_ids.insert(id.clone(), article_id);
                self.checked.articles.push(ArticleSymbol {
                    file: module.file,
                    article,
                });
                self.check_versions(module.file, article);
                for version in &article.versions {
                    self.declare_rules(module.file, article_id, version);
                }
            }
        }
    }

    fn check_versions(&mut self, file: FileId, article: &ast::Article) {
        let id = &article.id.node;
        let header = |v: &ast::Version| v.span;
        for version in &article.versions {
            if let (Some(from), Some(until)) = (
                version.from.node,
                version.until.as_ref().and_then(|u| u.node),
            ) && until < from
            {
                let span = Span {
                    start: version.from.span.start,
                    end: version
                        .until
                        .as_ref()
                        .map_or(version.from.span.end, |u| u.span.end),
                };
                self.report(file, InvertedPeriod { span: span.into() });
            }
            match version.texts.as_slice() {
                [] => self.report(
                    file,
                    MissingText {
                        article: id.clone(),
                        span: header(version).into(),
                    },
                ),
                [_] => {}
                [first, second, ..] => self.report(
                    file,
                    DuplicateAttribute {
                        what: "le texte",
                        span: second.span.into(),
                        first: first.span.into(),
                    },
                ),
            }
            match version.legifrance.as_slice() {
                [] => self.report(
                    file,
                    MissingLegifrance {
                        article: id.clone(),
                        span: header(version).into(),
                    },
                ),
                [first, rest @ ..] => {
                    if let Some(second) = rest.first() {
                        self.report(
                            file,
                            DuplicateAttribute {
                                what: "l'identifiant Légifrance",
                                span: second.span().into(),
                                first: first.span().into(),
                            },
                        );
                    }
                    if let Legifrance::Id(legi) = first
                        && !is_legifrance_id(&legi.node)
                    {
                        self.report(
                            file,
                            BadLegifranceId {
                                id: legi.node.clone(),
                                span: legi.span.into(),
                            },
                        );
                    }
                }
            }
        }
        // Versions are few (a handful per article): comparing every pair is clear and cheap.
        for (i, a) in article.versions.iter().enumerate() {
            for b in &article.versions[i + 1..] {
                if overlap(a, b) {
                    self.report(
                        file,
                        OverlappingVersions {
                            article: id.clone(),
                            span: header(b).into(),
                            other: header(a).into(),
                        },
                    );
                }
            }
        }
    }

    fn declare_rules(&mut self, file: FileId, article: ArticleId, version: &ast::Version) {
        let article_text = &self.checked.articles[article.0 as usize].article.id.node;
        let mut names: HashMap<&str, Span> = HashMap::new();
        let mut problems = Vec::new();
        for condition in &version.conditions {
            if let Some(first) = names.insert(&condition.name.node, condition.name.span) {
                let location = self.sources.location(file, first.start);
                problems.push(Duplicate {
                    what: "la condition",
                    name: condition.name.node.clone(),
                    span: condition.name.span.into(),
                    help: format!("Elle est déjà définie dans cette version de l'article {article_text} ({location})."),
                });
            }
            if condition.label.is_none() {
                self.report(
                    file,
                    Unlabelled {
                        what: "la condition",
                        name: condition.name.node.clone(),
                        span: condition.name.span.into(),
                    },
                );
            }
        }
        for problem in problems {
            self.report(file, problem);
        }
        let mut in_this_version: HashSet<&str> = HashSet::new();
        for route in &version.routes {
            let name = &route.name.node;
            if route.label.is_none() {
                self.report(
                    file,
                    Unlabelled {
                        what: "la voie",
                        name: name.clone(),
                        span: route.name.span.into(),
                    },
                );
            }
            let duplicate_here = !in_this_version.insert(name);
            match self.route_ids.get(name) {
                Some(&(id, first_file, first_span)) => {
                    let other_article = self.checked.routes[id.0 as usize].article != article;
                    if duplicate_here || other_article {
                        let location = self.sources.location(first_file, first_span.start);
                        self.report(
                            file,
                            Duplicate {
                                what: "la voie",
                                name: name.clone(),
                                span: route.name.span.into(),
                                help: format!(
                                    "Elle est déjà déclarée en {location}. Une voie appartient à un seul article ; \
                                     elle peut figurer dans chacune de ses versions."
                                ),
                            },
                        );
                    }
                }
                None => {
                    let id = RouteId(self.checked.routes.len() as u32);
                    self.route_ids
                        .insert(name.clone(), (id, file, route.name.span));
                    self.checked.routes.push(RouteSymbol {
                        name: name.clone(),
                        article,
                    });
                }
            }
        }
    }

    fn warn_unused(&mut self, used: &HashSet<FactId>) {
        let unused: Vec<(FileId, UnusedFact)> = self
            .checked
            .facts
            .iter()
            .enumerate()
            .filter(|(i, _)| !used.contains(&FactId(*i as u32)))
            .map(|(_, f)| {
                (
                    f.file,
                    UnusedFact {
                        name: f.name.clone(),
                        span: f.span.into(),
                    },
                )
            })
            .collect();
        for (file, warning) in unused {
            self.report(file, warning);
        }
    }
}

fn overlap(a: &ast::Version, b: &ast::Version) -> bool {
    let (Some(a_from), Some(b_from)) = (a.from.node, b.from.node) else {
        return false;
    };
    let a_until = a.until.as_ref().and_then(|u| u.node);
    let b_until = b.until.as_ref().and_then(|u| u.node);
    let a_before_b_ends = b_until.is_none_or(|end| a_from <= end);
    let b_before_a_ends = a_until.is_none_or(|end| b_from <= end);
    a_before_b_ends && b_before_a_ends
}

/// `LEGIARTI000042776891`: a prefix of capitals and twelve digits.
fn is_legifrance_id(id: &str) -> bool {
    let digits = id.trim_start_matches(|c: char| c.is_ascii_uppercase());
    let prefix = id.len() - digits.len();
    (4..=8).contains(&prefix) && digits.len() == 12 && digits.bytes().all(|b| b.is_ascii_digit())
}
