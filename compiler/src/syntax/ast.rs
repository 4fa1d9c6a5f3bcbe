//! The abstract syntax tree of one policy file, with byte spans into its source.
//!
//! The tree is structured as the law is: articles own their versions, and versions own the rules
//! that encode them. Facts are global (they form the dossier schema) wherever they are declared.

use motif_runtime::Date;
use motif_runtime::date::{Duration, DurationUnit};
use motif_runtime::numbers::{Decimal, Money, Rounding};
use motif_runtime::program::{ArithOp, CardKind, CompareOp, ReferenceDate};

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

/// One parsed policy file (or one article's part of a file: see `db`).
#[derive(Debug, Clone, PartialEq)]
pub struct Module {
    pub file: FileId,
    pub types: Vec<TypeDecl>,
    pub facts: Vec<FactDecl>,
    pub parameters: Vec<ParameterDecl>,
    pub articles: Vec<Article>,
    pub translations: Vec<Translation>,
}

/// `traduction anglaise` and the `« français » = « traduction »` entries that follow it.
#[derive(Debug, Clone, PartialEq)]
pub struct Translation {
    /// The language as written (`anglaise`).
    pub language: Spanned<String>,
    pub entries: Vec<TranslationEntry>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TranslationEntry {
    pub french: Text,
    pub translated: Text,
}

/// `type nom « intitulé » : parmi (…) | échelle (…) | fiche (…)`
#[derive(Debug, Clone, PartialEq)]
pub struct TypeDecl {
    pub name: Name,
    pub label: Option<Text>,
    pub kind: TypeDeclKind,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum TypeDeclKind {
    Enum {
        variants: Vec<VariantDecl>,
        ordered: bool,
    },
    Record {
        fields: Vec<FieldDecl>,
    },
}

/// A field of a record type: `naissance : date « la date de naissance »`.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldDecl {
    pub name: Name,
    pub ty: TypeExpr,
    pub label: Option<Text>,
    /// The documents to ask for when the field is missing (`pièces « … »`).
    pub documents: Vec<Text>,
}

/// `fait [sensible] nom : type « intitulé »` or `appréciation nom : type « intitulé » critères …`
#[derive(Debug, Clone, PartialEq)]
pub struct FactDecl {
    pub name: Name,
    pub ty: TypeExpr,
    pub label: Option<Text>,
    /// `Some` for an appraisal, with its criteria.
    pub appraisal: Option<Vec<Text>>,
    pub sensitive: bool,
    /// The documents to ask for when the fact is missing (`pièces « … »`).
    pub documents: Vec<Text>,
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
    Decimal,
    Money,
    Text,
    Date,
    Duration,
    /// An enumeration (`parmi`) or a scale (`échelle`) written inline.
    Enum {
        variants: Vec<VariantDecl>,
        ordered: bool,
    },
    /// A type declared with `type`.
    Named(Name),
    List(Box<TypeExpr>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct VariantDecl {
    pub name: Name,
    pub label: Option<Text>,
}

/// `paramètre nom : type « intitulé »` and its dated values.
#[derive(Debug, Clone, PartialEq)]
pub struct ParameterDecl {
    pub name: Name,
    pub ty: TypeExpr,
    pub label: Option<Text>,
    pub values: Vec<ParameterValueDecl>,
    pub span: Span,
}

/// `valeur 615 € du 2021-05-01 [au …]` with its sources.
#[derive(Debug, Clone, PartialEq)]
pub struct ParameterValueDecl {
    pub value: Expr,
    pub from: Spanned<Option<Date>>,
    pub until: Option<Spanned<Option<Date>>>,
    pub legifrance: Vec<Legifrance>,
    pub sources: Vec<Text>,
    pub to_check: Vec<Text>,
    pub span: Span,
}

/// `article L. 423-1 « titre »` and everything up to the next article.
#[derive(Debug, Clone, PartialEq)]
pub struct Article {
    /// The article number, normalised (`L. 423-1`).
    pub id: Spanned<String>,
    pub title: Option<Text>,
    /// `selon la date de la demande`: the date that chooses its version.
    pub reference_date: ReferenceDate,
    pub versions: Vec<Version>,
    /// The `article …` line.
    pub span: Span,
}

/// `version du … [au …]` (or `abrogé du …`), its attributes, and the rules that follow it.
#[derive(Debug, Clone, PartialEq)]
pub struct Version {
    /// A repeal period: no rules, the article is not in force.
    pub repealed: bool,
    /// `None` when the date written is not a calendar date (already reported).
    pub from: Spanned<Option<Date>>,
    pub until: Option<Spanned<Option<Date>>>,
    pub legifrance: Vec<Legifrance>,
    pub texts: Vec<Text>,
    pub to_check: Vec<Text>,
    pub sources: Vec<Text>,
    pub conditions: Vec<ConditionDecl>,
    pub routes: Vec<RouteDecl>,
    pub derogations: Vec<DerogationDecl>,
    pub exclusions: Vec<ExclusionDecl>,
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

/// `condition [générale] [favorable] nom « intitulé » [pour …] : expression`
#[derive(Debug, Clone, PartialEq)]
pub struct ConditionDecl {
    pub name: Name,
    pub label: Option<Text>,
    pub body: Expr,
    pub favorable: bool,
    /// `générale`, with the cards after `pour` (`None`: not general).
    pub general: Option<Vec<Spanned<CardKind>>>,
    pub span: Span,
}

/// `dérogation nom « intitulé » à cible [lorsque …] [alors …] [prime sur …]`
#[derive(Debug, Clone, PartialEq)]
pub struct DerogationDecl {
    pub name: Name,
    pub label: Option<Text>,
    pub target: TargetRef,
    pub when: Option<Expr>,
    pub then: Option<Expr>,
    pub prevails_over: Vec<TargetRef>,
    pub span: Span,
}

/// A named rule, of this article or of another one: `visa_long_sejour de L. 412-1`.
#[derive(Debug, Clone, PartialEq)]
pub struct TargetRef {
    pub name: Name,
    pub article: Option<Spanned<String>>,
}

/// `exclusion nom « raison » pour TITRE, … si expression`
#[derive(Debug, Clone, PartialEq)]
pub struct ExclusionDecl {
    pub name: Name,
    pub reason: Text,
    pub cards: Vec<Spanned<CardKind>>,
    pub when: Expr,
    pub span: Span,
}

/// `sans objet « raison » si expression`
#[derive(Debug, Clone, PartialEq)]
pub struct ClosureDecl {
    pub reason: Text,
    pub when: Expr,
}

/// `voie nom « intitulé » délivre … si expression`
#[derive(Debug, Clone, PartialEq)]
pub struct RouteDecl {
    pub name: Name,
    pub label: Option<Text>,
    pub grant: Grant,
    pub to_check: Vec<Text>,
    pub closures: Vec<ClosureDecl>,
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
    Decimal(Decimal),
    Money(Money),
    Text(String),
    Date(Date),
    Duration(Duration),
    /// `date de la décision`
    DecisionDate,
    /// `date de la demande`
    FilingDate,
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
    /// `a + b`, `a - b`, `a × b`
    Arith {
        op: ArithOp,
        left: Box<Expr>,
        right: Box<Expr>,
    },
    /// `arrondi [inférieur|supérieur] (…)`
    Round {
        rounding: Rounding,
        inner: Box<Expr>,
    },
    /// `années révolues entre A et B`
    Between {
        unit: DurationUnit,
        from: Box<Expr>,
        to: Box<Expr>,
    },
    /// `au moins un e parmi L tel que (…)`, `chaque e parmi L vérifie (…)`, `nombre de e parmi
    /// L tels que (…)`
    Quantified {
        quantifier: Quantifier,
        binder: Name,
        list: Box<Expr>,
        body: Box<Expr>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quantifier {
    Exists,
    ForAll,
    Count,
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
            ExprKind::Bool(_)
            | ExprKind::Int(_)
            | ExprKind::Decimal(_)
            | ExprKind::Money(_)
            | ExprKind::Text(_)
            | ExprKind::Date(_)
            | ExprKind::Duration(_)
            | ExprKind::DecisionDate
            | ExprKind::FilingDate
            | ExprKind::Ref { .. } => {}
            ExprKind::Not(inner) | ExprKind::Round { inner, .. } => inner.walk(visit),
            ExprKind::Arith { left, right, .. }
            | ExprKind::Between {
                from: left,
                to: right,
                ..
            } => {
                left.walk(visit);
                right.walk(visit);
            }
            ExprKind::Quantified { list, body, .. } => {
                list.walk(visit);
                body.walk(visit);
            }
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
