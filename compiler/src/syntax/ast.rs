//! The abstract syntax tree of one policy file, with byte spans into its source.
//!
//! The tree is structured as the law is: articles own their versions, and versions own the rules
//! that encode them. Facts are global (they form the dossier schema) wherever they are declared.

use motif_runtime::Date;
use motif_runtime::program::{CardKind, CompareOp, Duration};

use crate::source::FileId;

/// A byte range in a source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }
}

impl From<pest::Span<'_>> for Span {
    fn from(span: pest::Span<'_>) -> Span {
        Span {
            start: span.start(),
            end: span.end(),
        }
    }
}

impl From<Span> for miette::SourceSpan {
    fn from(span: Span) -> miette::SourceSpan {
        (span.start, span.len()).into()
    }
}

/// A value with the span it was written at.
#[derive(Debug, Clone, PartialEq)]
pub struct Spanned<T> {
    pub node: T,
    pub span: Span,
}

/// A name: an identifier, or a dotted path of identifiers for facts (`mariage.lieu`).
pub type Name = Spanned<String>;

/// A quoted text (« … »), with its layout normalised (see `parse::normalise_text`).
pub type Text = Spanned<String>;

/// One parsed policy file.
#[derive(Debug, Clone, PartialEq)]
pub struct Module {
    pub file: FileId,
    pub facts: Vec<FactDecl>,
    pub articles: Vec<Article>,
}

/// `fait nom : type « intitulé »`
#[derive(Debug, Clone, PartialEq)]
pub struct FactDecl {
    pub name: Name,
    pub ty: TypeExpr,
    pub label: Option<Text>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TypeExpr {
    pub kind: TypeKind,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    Bool,
    Int,
    Text,
    Enum(Vec<VariantDecl>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct VariantDecl {
    pub name: Name,
    pub label: Option<Text>,
}

/// `article L. 423-1 « titre »` and everything up to the next article.
#[derive(Debug, Clone, PartialEq)]
pub struct Article {
    /// The article number, normalised (`L. 423-1`).
    pub id: Spanned<String>,
    pub title: Option<Text>,
    pub versions: Vec<Version>,
    /// The `article …` line.
    pub span: Span,
}

/// `version du … [au …]`, its attributes, and the rules that follow it.
#[derive(Debug, Clone, PartialEq)]
pub struct Version {
    /// `None` when the date written is not a calendar date (already reported).
    pub from: Spanned<Option<Date>>,
    pub until: Option<Spanned<Option<Date>>>,
    pub legifrance: Vec<Legifrance>,
    pub texts: Vec<Text>,
    pub to_check: Vec<Text>,
    pub sources: Vec<Text>,
    pub conditions: Vec<ConditionDecl>,
    pub routes: Vec<RouteDecl>,
    /// The `version du … au …` header.
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Legifrance {
    /// `légifrance LEGIARTI000042776891`
    Id(Spanned<String>),
    /// `légifrance à vérifier « pourquoi »`
    Unverified { note: Option<Text>, span: Span },
}

impl Legifrance {
    pub fn span(&self) -> Span {
        match self {
            Legifrance::Id(id) => id.span,
            Legifrance::Unverified { span, .. } => *span,
        }
    }
}

/// `condition nom « intitulé » : expression`
#[derive(Debug, Clone, PartialEq)]
pub struct ConditionDecl {
    pub name: Name,
    pub label: Option<Text>,
    pub body: Expr,
    pub span: Span,
}

/// `voie nom « intitulé » délivre … si expression`
#[derive(Debug, Clone, PartialEq)]
pub struct RouteDecl {
    pub name: Name,
    pub label: Option<Text>,
    pub grant: Grant,
    pub to_check: Vec<Text>,
    pub body: Expr,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Grant {
    pub card: CardKind,
    pub mention: Option<Text>,
    pub duration: Option<Duration>,
    pub span: Span,
}

/// Identifies an expression within its module, so that later passes can attach what they learn
/// about it (what a name refers to) without rebuilding the tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ExprId(pub u32);

#[derive(Debug, Clone, PartialEq)]
pub struct Expr {
    pub id: ExprId,
    pub kind: ExprKind,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ExprKind {
    Bool(bool),
    Int(i64),
    Text(String),
    /// A name: a fact, a condition, or an enumeration value; `de L. 412-1` names another
    /// article's condition.
    Ref {
        name: Name,
        article: Option<Spanned<String>>,
    },
    Not(Box<Expr>),
    /// `a et b et …`
    And(Vec<Expr>),
    /// `a ou b ou …`
    Or(Vec<Expr>),
    /// `si a alors b`
    Implies(Box<Expr>, Box<Expr>),
    Compare {
        op: CompareOp,
        left: Box<Expr>,
        right: Box<Expr>,
    },
    /// `x dans (a, b)`
    In {
        operand: Box<Expr>,
        set: Vec<Expr>,
    },
    /// `toutes (…)`
    All(Vec<Labelled>),
    /// `l'une de (…)`
    Any(Vec<Labelled>),
}

/// An item of `toutes (…)` or `l'une de (…)`, with its optional label.
#[derive(Debug, Clone, PartialEq)]
pub struct Labelled {
    pub expr: Expr,
    pub label: Option<Text>,
}

impl Expr {
    /// Calls `visit` on this expression and every sub-expression, parents first.
    pub fn walk<'a>(&'a self, visit: &mut impl FnMut(&'a Expr)) {
        visit(self);
        match &self.kind {
            ExprKind::Bool(_) | ExprKind::Int(_) | ExprKind::Text(_) | ExprKind::Ref { .. } => {}
            ExprKind::Not(inner) => inner.walk(visit),
            ExprKind::And(items) | ExprKind::Or(items) => items.iter().for_each(|e| e.walk(visit)),
            ExprKind::Implies(a, b)
            | ExprKind::Compare {
                left: a, right: b, ..
            } => {
                a.walk(visit);
                b.walk(visit);
            }
            ExprKind::In { operand, set } => {
                operand.walk(visit);
                set.iter().for_each(|e| e.walk(visit));
            }
            ExprKind::All(items) | ExprKind::Any(items) => {
                items.iter().for_each(|i| i.expr.walk(visit))
            }
        }
    }
}
