//! The check pass: AST → checked AST.
//!
//! A policy set is checked in three steps, so that editing one article re-checks only that
//! article (the `db` module makes each step a salsa query):
//!
//! 1. [`declare`]: every declaration of every file — types, facts, parameters, articles and
//!    their versions, routes — with their own problems (duplicates, dates). Its result, the
//!    [`Signatures`], holds what an article needs to know of the others, and no source position,
//!    so that it stays equal when an edit only moves text.
//! 2. [`check_part`]: one article (one part of a file), against the signatures: every name
//!    resolved, every expression typed. Places are relative to the part's text.
//! 3. [`global`]: what involves several articles at once: cycles between conditions, sensitive
//!    facts that could ground a refusal, parameters without a value where a version needs one,
//!    declarations nobody uses.
//!
//! The result is the AST plus what the checker learnt about it: the signatures and, for each
//! part, what each name refers to and the type of each value. Lowering reads it.

mod conflicts;
mod coverage;
mod cycles;
mod declare;
mod exprs;
mod names;
mod rules;
mod sensitive;
mod trace_size;
mod translations;
mod types;
mod versions;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use motif_runtime::program::{ArticleId, FactId, ParameterId};
use motif_runtime::value::{Type, TypeDecl, TypeId};

use crate::diagnostics::Diagnostic;
use crate::source::{FileId, SourceSet};
use crate::syntax::ast::{ExprId, Module};

pub use conflicts::check as conflicts;
pub use declare::declare;
pub use exprs::check_part;
pub use trace_size::check as trace_size;
pub use translations::{language_code, stale as stale_translations};
pub use versions::literal as literal_value;

/// A part of a policy file: the text before its first article, or one article and what
/// follows it up to the next. Parts are checked one by one.
#[derive(Debug, Clone, Copy)]
pub struct Part<'m> {
    pub file: FileId,
    /// Where the part's text starts in its file.
    pub offset: usize,
    pub module: &'m Module,
}

/// What checking an article needs to know of the whole set.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Signatures {
    /// Named types and the enumerations written inline, indexed by `TypeId`.
    pub types: Vec<TypeDecl>,
    pub type_names: BTreeMap<String, TypeId>,
    pub facts: Vec<FactSig>,
    pub fact_names: BTreeMap<String, FactId>,
    pub parameters: Vec<ParameterSig>,
    pub parameter_names: BTreeMap<String, ParameterId>,
    pub articles: Vec<ArticleSig>,
    pub article_names: BTreeMap<String, ArticleId>,
    /// Facts and parameters whose declared type is wrong (already reported): what uses them
    /// is not checked further, so that one mistake gives one message.
    pub broken: BTreeSet<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FactSig {
    pub name: String,
    pub label: Option<String>,
    pub ty: Type,
    /// `Some` for an appraisal, with its criteria.
    pub appraisal: Option<Vec<String>>,
    pub sensitive: bool,
    /// The documents to ask for when the fact is missing.
    pub documents: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParameterSig {
    pub name: String,
    pub ty: Type,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleSig {
    pub id: String,
    /// In source order.
    pub versions: Vec<VersionSig>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionSig {
    pub conditions: Vec<ConditionSig>,
    pub derogations: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConditionSig {
    pub name: String,
    pub favorable: bool,
}

/// The declarations of a policy set: its signatures, where each declaration lives (for
/// lowering), and the problems found in them (with places in their files).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Declarations {
    pub signatures: Signatures,
    /// For each article, the part and the index in it of its (first) declaration.
    pub article_homes: Vec<(usize, usize)>,
    /// For each parameter, the part and the index in it of its declaration.
    pub parameter_homes: Vec<(usize, usize)>,
    /// For each parameter, its values, checked, in chronological order.
    pub parameter_values: Vec<Vec<motif_runtime::program::ParameterValue>>,
    /// Routes, by order of first declaration: name and article.
    pub routes: Vec<(String, ArticleId)>,
    pub diagnostics: Vec<Diagnostic>,
}

/// What checking one part found: what each name refers to, the type of each value, and the
/// problems (places relative to the part's text).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CheckedPart {
    pub resolutions: HashMap<ExprId, Resolution>,
    pub types: HashMap<ExprId, Type>,
    pub used_facts: BTreeSet<FactId>,
    /// The parameters each article version of the part reads (article, version index).
    pub used_parameters: BTreeMap<(ArticleId, usize), BTreeSet<ParameterId>>,
    pub diagnostics: Vec<Diagnostic>,
}

/// What a name in an expression refers to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolution {
    Fact(FactId),
    /// A field (or a field of a field) of a fact of record type.
    FactField {
        fact: FactId,
        fields: Vec<u32>,
    },
    /// The element bound by an enclosing quantifier (0: the innermost), or one of its fields.
    Element {
        depth: u32,
        fields: Vec<u32>,
    },
    Parameter(ParameterId),
    /// A condition of the same article version, by name.
    LocalCondition(String),
    /// A named condition of another article (resolved by date at assessment time).
    ArticleCondition(ArticleId, String),
    /// An enumeration value.
    Variant(String),
}

/// The checks that involve several articles; `checked` follows `parts`. Places are in files.
pub fn global(
    parts: &[Part<'_>],
    checked: &[&CheckedPart],
    declarations: &Declarations,
    sources: &SourceSet,
) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    cycles::check(parts, checked, declarations, &mut diagnostics);
    sensitive::check(parts, checked, declarations, &mut diagnostics);
    coverage::check(parts, checked, declarations, sources, &mut diagnostics);
    translations::check(parts, sources, &mut diagnostics);
    diagnostics
}

/// Warnings for facts and parameters no rule uses (only meaningful on a set without errors).
pub fn unused(
    parts: &[Part<'_>],
    checked: &[&CheckedPart],
    declarations: &Declarations,
) -> Vec<Diagnostic> {
    declare::unused(parts, checked, declarations)
}

/// An article version where it is declared, with what checking its part found.
pub(super) struct HomeVersion<'a> {
    pub(super) article: ArticleId,
    pub(super) index: usize,
    pub(super) version: &'a crate::syntax::ast::Version,
    pub(super) part: Part<'a>,
    pub(super) checked: &'a CheckedPart,
}

/// Every article version at its (first) declaration, in declaration order.
pub(super) fn home_versions<'a>(
    parts: &[Part<'a>],
    checked: &[&'a CheckedPart],
    declarations: &Declarations,
) -> Vec<HomeVersion<'a>> {
    let mut out = Vec::new();
    for (article, &(p, a)) in declarations.article_homes.iter().enumerate() {
        let Some(decl) = parts[p].module.articles.get(a) else {
            continue;
        };
        for (index, version) in decl.versions.iter().enumerate() {
            out.push(HomeVersion {
                article: ArticleId(article as u32),
                index,
                version,
                part: parts[p],
                checked: checked[p],
            });
        }
    }
    out
}
