//! What a policy set declares — facts, parameters, types, articles with their versions,
//! conditions and routes — with where each is declared and what hover shows of it; and what a
//! name refers to, given where it is written (see `locate` for finding that place).
//!
//! The table owns its data (texts and LSP ranges, no borrow of the database), so that the table
//! of the last state without a syntax error can be kept and consulted while a file is being
//! typed and does not parse.

use std::collections::BTreeMap;

use lsp_types::Range;

use super::position::LineIndex;
use crate::syntax::ast::{Legifrance, Module, Span, TypeDeclKind, TypeExpr, TypeKind, VariantDecl};

/// A place in a file of the set: the file's name (its path) and the range, already in LSP
/// positions (the text it was computed on may have changed since).
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    pub file: String,
    pub range: Range,
}

#[derive(Debug, Clone, Default)]
pub struct Symbols {
    pub facts: BTreeMap<String, FactInfo>,
    pub parameters: BTreeMap<String, ParameterInfo>,
    pub types: BTreeMap<String, TypeInfo>,
    /// Enumeration values, declared in named types or inline: each with what declares it.
    pub variants: BTreeMap<String, Vec<VariantInfo>>,
    pub articles: BTreeMap<String, ArticleInfo>,
}

/// A fact, an appraisal, or a field of a record type: a value with a type.
#[derive(Debug, Clone)]
pub struct FactInfo {
    pub place: Place,
    pub label: Option<String>,
    /// The type as written (`booléen`, `liste de enfant`).
    pub ty: String,
    /// The record type it is, or is a list of: where its fields are.
    pub record: Option<String>,
    /// `Some` for an appraisal, with its criteria.
    pub appraisal: Option<Vec<String>>,
    pub sensitive: bool,
    pub documents: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct ParameterInfo {
    pub place: Place,
    pub label: Option<String>,
    pub ty: String,
    pub values: Vec<ValueInfo>,
}

/// A dated value of a parameter.
#[derive(Debug, Clone)]
pub struct ValueInfo {
    /// As written (`615 €`).
    pub value: String,
    pub from: Option<String>,
    pub until: Option<String>,
    /// Sources, Légifrance ids, and what is to be checked, as one line each.
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TypeShape {
    Enum,
    Scale,
    Record,
}

#[derive(Debug, Clone)]
pub struct TypeInfo {
    pub place: Place,
    pub label: Option<String>,
    pub shape: TypeShape,
    /// The values of an enumeration or scale (no type), or the fields of a record.
    pub members: Vec<(String, FactInfo)>,
}

#[derive(Debug, Clone)]
pub struct VariantInfo {
    /// The type, or the fact or parameter whose inline type declares it.
    pub owner: String,
    pub label: Option<String>,
    pub place: Place,
}

#[derive(Debug, Clone, Default)]
pub struct ArticleInfo {
    /// Every `article …` line with this id (an article may be written in several files).
    pub places: Vec<Place>,
    pub title: Option<String>,
    pub versions: Vec<VersionInfo>,
}

#[derive(Debug, Clone)]
pub struct VersionInfo {
    pub from: Option<String>,
    pub until: Option<String>,
    pub repealed: bool,
    /// Légifrance ids, or `à vérifier`.
    pub legifrance: Vec<String>,
    /// The article's text in this version (empty when it was not found).
    pub text: String,
    pub conditions: Vec<RuleInfo>,
    pub routes: Vec<RuleInfo>,
}

/// A condition or a route.
#[derive(Debug, Clone)]
pub struct RuleInfo {
    pub name: String,
    pub label: Option<String>,
    pub place: Place,
    /// What it is beside its name: `générale pour …`, `favorable`, or a route's `délivre …`.
    pub details: Vec<String>,
}

/// One file of the set as parsed: its parts, each with its offset in the file.
pub struct ParsedFile<'a> {
    pub name: &'a str,
    pub text: &'a str,
    pub parts: Vec<(usize, &'a Module)>,
}

impl Symbols {
    pub fn build(files: &[ParsedFile<'_>]) -> Symbols {
        let mut symbols = Symbols::default();
        for file in files {
            let index = LineIndex::new(file.text);
            for &(offset, module) in &file.parts {
                let mut builder = Builder {
                    file: file.name,
                    text: file.text,
                    offset,
                    index: &index,
                    symbols: &mut symbols,
                };
                builder.module(module);
            }
        }
        symbols
    }

    /// Adds what `older` declares and this table lacks: a part that does not parse declares
    /// nothing, and its declarations are better known from before the typing began.
    pub fn fill_from(&mut self, older: &Symbols) {
        fn fill<V: Clone>(new: &mut BTreeMap<String, V>, old: &BTreeMap<String, V>) {
            for (name, value) in old {
                new.entry(name.clone()).or_insert_with(|| value.clone());
            }
        }
        fill(&mut self.facts, &older.facts);
        fill(&mut self.parameters, &older.parameters);
        fill(&mut self.types, &older.types);
        fill(&mut self.variants, &older.variants);
        fill(&mut self.articles, &older.articles);
    }

    /// What `name` refers to where it is written: in `article` (whose version there declares
    /// the conditions `local`), inside quantifiers binding `binders` (innermost last: the
    /// binder and the name of its list). The order is the checker's: a condition of the
    /// version, a quantifier's element, a fact (or a field of one), a parameter, a value of an
    /// enumeration.
    pub fn resolve(
        &self,
        name: &str,
        article: Option<&str>,
        local: &[&str],
        binders: &[(String, String)],
    ) -> Option<Target> {
        if let Some(article) = article
            && local.contains(&name)
        {
            return Some(Target::Condition {
                article: article.to_string(),
                name: name.to_string(),
            });
        }
        let segments: Vec<&str> = name.split('.').collect();
        if let Some(position) = binders.iter().rposition(|(b, _)| b == segments[0]) {
            let list = &binders[position].1;
            return match self.resolve(list, article, &[], &binders[..position])? {
                Target::Fact { name, mut fields } => {
                    fields.extend(segments[1..].iter().map(|s| s.to_string()));
                    Some(Target::Fact { name, fields })
                }
                _ => None,
            };
        }
        for cut in (1..=segments.len()).rev() {
            let prefix = segments[..cut].join(".");
            if self.facts.contains_key(&prefix) {
                return Some(Target::Fact {
                    name: prefix,
                    fields: segments[cut..].iter().map(|s| s.to_string()).collect(),
                });
            }
        }
        if self.parameters.contains_key(name) {
            return Some(Target::Parameter(name.to_string()));
        }
        if self.variants.contains_key(name) {
            return Some(Target::Variant(name.to_string()));
        }
        // A condition of another version of the article (the cursor is in a part that does
        // not parse, and its version is not known).
        let article = article?;
        let info = self.articles.get(article)?;
        let declared = info
            .versions
            .iter()
            .any(|v| v.conditions.iter().any(|c| c.name == name));
        declared.then(|| Target::Condition {
            article: article.to_string(),
            name: name.to_string(),
        })
    }

    /// The field a path of fields leads to from a fact, following record types.
    pub fn field(&self, fact: &str, fields: &[String]) -> Option<(&str, &FactInfo)> {
        let mut info = self.facts.get(fact)?;
        let mut owner = "";
        for field in fields {
            let record = info.record.as_deref()?;
            let ty = self.types.get(record)?;
            info = &ty.members.iter().find(|(name, _)| name == field)?.1;
            owner = record;
        }
        Some((owner, info))
    }
}

/// What a name refers to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A fact, or (with `fields`) a field of a fact of record type or of a list's element.
    Fact {
        name: String,
        fields: Vec<String>,
    },
    Parameter(String),
    Type(String),
    /// A field declared in a record type.
    Member {
        ty: String,
        name: String,
    },
    Variant(String),
    Condition {
        article: String,
        name: String,
    },
    Route {
        article: String,
        name: String,
    },
    Article(String),
}

struct Builder<'a, 's> {
    file: &'a str,
    text: &'a str,
    /// Where the part begins in the file: the module's spans are relative to it.
    offset: usize,
    index: &'a LineIndex,
    symbols: &'s mut Symbols,
}

impl Builder<'_, '_> {
    fn place(&self, span: Span) -> Place {
        let span = Span {
            start: span.start + self.offset,
            end: span.end + self.offset,
        };
        Place {
            file: self.file.to_string(),
            range: self.index.range(self.text, span),
        }
    }

    fn written(&self, span: Span) -> String {
        let text = self
            .text
            .get(span.start + self.offset..span.end + self.offset)
            .unwrap_or("");
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    /// A value of a type: its type as written, the record it leads to, its inline values.
    fn value(&mut self, owner: &str, ty: &TypeExpr, place: Place) -> FactInfo {
        let mut inner = ty;
        while let TypeKind::List(element) = &inner.kind {
            inner = element;
        }
        let record = match &inner.kind {
            TypeKind::Named(name) => Some(name.node.clone()),
            _ => None,
        };
        if let TypeKind::Enum { variants, .. } = &inner.kind {
            self.variants(owner, variants);
        }
        FactInfo {
            place,
            label: None,
            ty: self.written(ty.span),
            record,
            appraisal: None,
            sensitive: false,
            documents: Vec::new(),
        }
    }

    fn variants(&mut self, owner: &str, variants: &[VariantDecl]) {
        for variant in variants {
            let info = VariantInfo {
                owner: owner.to_string(),
                label: variant.label.as_ref().map(|l| l.node.clone()),
                place: self.place(variant.name.span),
            };
            self.symbols
                .variants
                .entry(variant.name.node.clone())
                .or_default()
                .push(info);
        }
    }

    fn module(&mut self, module: &Module) {
        for decl in &module.types {
            let (shape, members) = match &decl.kind {
                TypeDeclKind::Enum { variants, ordered } => {
                    self.variants(&decl.name.node, variants);
                    let shape = if *ordered {
                        TypeShape::Scale
                    } else {
                        TypeShape::Enum
                    };
                    let members = variants
                        .iter()
                        .map(|v| {
                            let info = FactInfo {
                                place: self.place(v.name.span),
                                label: v.label.as_ref().map(|l| l.node.clone()),
                                ty: String::new(),
                                record: None,
                                appraisal: None,
                                sensitive: false,
                                documents: Vec::new(),
                            };
                            (v.name.node.clone(), info)
                        })
                        .collect();
                    (shape, members)
                }
                TypeDeclKind::Record { fields } => {
                    let members = fields
                        .iter()
                        .map(|f| {
                            let owner = format!("{}.{}", decl.name.node, f.name.node);
                            let place = self.place(f.name.span);
                            let mut info = self.value(&owner, &f.ty, place);
                            info.label = f.label.as_ref().map(|l| l.node.clone());
                            info.documents = f.documents.iter().map(|d| d.node.clone()).collect();
                            (f.name.node.clone(), info)
                        })
                        .collect();
                    (TypeShape::Record, members)
                }
            };
            let info = TypeInfo {
                place: self.place(decl.name.span),
                label: decl.label.as_ref().map(|l| l.node.clone()),
                shape,
                members,
            };
            self.symbols
                .types
                .entry(decl.name.node.clone())
                .or_insert(info);
        }
        for fact in &module.facts {
            let place = self.place(fact.name.span);
            let mut info = self.value(&fact.name.node, &fact.ty, place);
            info.label = fact.label.as_ref().map(|l| l.node.clone());
            info.appraisal = fact
                .appraisal
                .as_ref()
                .map(|criteria| criteria.iter().map(|c| c.node.clone()).collect());
            info.sensitive = fact.sensitive;
            info.documents = fact.documents.iter().map(|d| d.node.clone()).collect();
            self.symbols
                .facts
                .entry(fact.name.node.clone())
                .or_insert(info);
        }
        for parameter in &module.parameters {
            let place = self.place(parameter.name.span);
            let ty = self.value(&parameter.name.node, &parameter.ty, place.clone());
            let values = parameter
                .values
                .iter()
                .map(|value| {
                    let mut notes: Vec<String> = value
                        .legifrance
                        .iter()
                        .map(|l| format!("Légifrance : {}", legifrance(l)))
                        .collect();
                    notes.extend(value.sources.iter().map(|s| format!("source : {}", s.node)));
                    notes.extend(
                        value
                            .to_check
                            .iter()
                            .map(|s| format!("à vérifier : {}", s.node)),
                    );
                    ValueInfo {
                        value: self.written(value.value.span),
                        from: value.from.node.map(|d| d.to_string()),
                        until: value
                            .until
                            .as_ref()
                            .and_then(|u| u.node.map(|d| d.to_string())),
                        notes,
                    }
                })
                .collect();
            let info = ParameterInfo {
                place,
                label: parameter.label.as_ref().map(|l| l.node.clone()),
                ty: ty.ty,
                values,
            };
            self.symbols
                .parameters
                .entry(parameter.name.node.clone())
                .or_insert(info);
        }
        for article in &module.articles {
            let place = self.place(article.id.span);
            let versions: Vec<VersionInfo> = article
                .versions
                .iter()
                .map(|version| VersionInfo {
                    from: version.from.node.map(|d| d.to_string()),
                    until: version
                        .until
                        .as_ref()
                        .and_then(|u| u.node.map(|d| d.to_string())),
                    repealed: version.repealed,
                    legifrance: version.legifrance.iter().map(legifrance).collect(),
                    text: version
                        .texts
                        .iter()
                        .map(|t| t.node.as_str())
                        .collect::<Vec<_>>()
                        .join("\n"),
                    conditions: version
                        .conditions
                        .iter()
                        .map(|c| {
                            let mut details = Vec::new();
                            if let Some(cards) = &c.general {
                                let cards: Vec<String> =
                                    cards.iter().map(|card| self.written(card.span)).collect();
                                details.push(format!("générale pour {}", cards.join(", ")));
                            }
                            if c.favorable {
                                details.push("favorable".to_string());
                            }
                            RuleInfo {
                                name: c.name.node.clone(),
                                label: c.label.as_ref().map(|l| l.node.clone()),
                                place: self.place(c.name.span),
                                details,
                            }
                        })
                        .collect(),
                    routes: version
                        .routes
                        .iter()
                        .map(|r| RuleInfo {
                            name: r.name.node.clone(),
                            label: r.label.as_ref().map(|l| l.node.clone()),
                            place: self.place(r.name.span),
                            details: vec![self.written(r.grant.span)],
                        })
                        .collect(),
                })
                .collect();
            let entry = self
                .symbols
                .articles
                .entry(article.id.node.clone())
                .or_default();
            entry.places.push(place);
            if entry.title.is_none() {
                entry.title = article.title.as_ref().map(|t| t.node.clone());
            }
            entry.versions.extend(versions);
        }
    }
}

fn legifrance(reference: &Legifrance) -> String {
    match reference {
        Legifrance::Id(id) => id.node.clone(),
        Legifrance::Unverified {
            note: Some(note), ..
        } => format!("à vérifier ({})", note.node),
        Legifrance::Unverified { note: None, .. } => "à vérifier".to_string(),
    }
}
