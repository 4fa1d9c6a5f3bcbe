//! The `Program`: a checked policy set in the form the runtime executes.
//!
//! The compiler lowers its checked AST to this representation; the runtime never sees source
//! text. Every rule in it sits inside an article version (invariant 1: no rule without a legal
//! basis): conditions, routes, derogations and exclusions are owned by `ArticleVersion`s, and
//! apply only through the version of their article in force at the assessment's dates.

use std::collections::BTreeMap;

use crate::date::{Date, Duration, DurationUnit};
use crate::numbers::Rounding;
use crate::value::{Type, TypeDecl, TypeId, Value};

/// A checked, lowered policy set.
#[derive(Debug, Clone, PartialEq)]
pub struct Program {
    /// Enumerations and records, indexed by [`TypeId`].
    pub types: Vec<TypeDecl>,
    /// The facts a dossier may give (the dossier schema), indexed by [`FactId`].
    pub facts: Vec<FactDecl>,
    /// Dated values (thresholds, amounts, delays), indexed by [`ParameterId`].
    pub parameters: Vec<ParameterDecl>,
    /// Articles, indexed by [`ArticleId`].
    pub articles: Vec<Article>,
    /// Permit routes, indexed by [`RouteId`], in the order of the policy sources.
    pub routes: Vec<Route>,
    /// Translations of the policy's texts (labels, reasons, documents) for letters in other
    /// languages: by language code (`en`), then by French text.
    pub translations: BTreeMap<String, BTreeMap<String, String>>,
    /// Identifies the policy set the program was compiled from (a hash of its sources, set by
    /// the compiler), for receipts; empty for a program built by hand.
    pub fingerprint: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FactId(pub u32);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ParameterId(pub u32);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ArticleId(pub u32);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RouteId(pub u32);

/// A fact of the dossier: its dotted name (its place in the dossier's JSON), label and type.
#[derive(Debug, Clone, PartialEq)]
pub struct FactDecl {
    pub name: String,
    pub label: Option<String>,
    pub ty: Type,
    pub kind: FactKind,
    /// A special category of personal data (GDPR art. 9, e.g. health): it may lead to
    /// `eligible` or `needs_appraisal`, never to `not_eligible`.
    pub sensitive: bool,
    /// The documents to ask for when the fact is missing (« copie intégrale de l'acte de
    /// mariage »…).
    pub documents: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FactKind {
    /// Established from evidence.
    Fact,
    /// A discretionary point only an officer can settle; never inferred.
    Appraisal { criteria: Vec<String> },
}

/// A parameter: a value the law sets and changes over time.
#[derive(Debug, Clone, PartialEq)]
pub struct ParameterDecl {
    pub name: String,
    pub label: Option<String>,
    pub ty: Type,
    /// Chronological, not overlapping.
    pub values: Vec<ParameterValue>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ParameterValue {
    pub in_force: Period,
    pub value: Value,
    pub legifrance: Option<String>,
    pub sources: Vec<String>,
    pub to_check: Vec<String>,
}

/// A legal article and its dated versions.
#[derive(Debug, Clone, PartialEq)]
pub struct Article {
    /// The article's number in the code, normalised (`L. 423-1`).
    pub id: String,
    pub title: Option<String>,
    /// Which of the assessment's dates chooses the version in force.
    pub reference_date: ReferenceDate,
    /// Versions in chronological order; their periods do not overlap.
    pub versions: Vec<ArticleVersion>,
}

/// The date by which an article's version (and the parameters it reads) is chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReferenceDate {
    /// The date of the decision: the general rule.
    #[default]
    Decision,
    /// The date the application was filed: where a transitional provision says so.
    Filing,
}

/// The period during which a version is in force, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Period {
    pub from: Date,
    pub until: Option<Date>,
}

impl Period {
    pub fn contains(&self, date: Date) -> bool {
        self.from <= date && self.until.is_none_or(|until| date <= until)
    }
}

/// One version of an article: its text, where it comes from, and the rules that encode it.
#[derive(Debug, Clone, PartialEq)]
pub struct ArticleVersion {
    pub in_force: Period,
    /// The article is repealed during this period: it has no rules.
    pub repealed: bool,
    /// The Légifrance identifier (`LEGIARTI…`), if it has been verified.
    pub legifrance: Option<String>,
    /// The article's text, verbatim.
    pub text: String,
    pub sources: Vec<String>,
    /// Points the policy's authors could not verify: shown with every outcome that relies on
    /// this version, so that no guess passes for law.
    pub to_check: Vec<String>,
    pub conditions: Vec<Condition>,
    pub routes: Vec<RouteVersion>,
    pub derogations: Vec<Derogation>,
    pub exclusions: Vec<Exclusion>,
}

/// A condition of an article version.
#[derive(Debug, Clone, PartialEq)]
pub struct Condition {
    /// `None` for an item labelled inline in a list.
    pub name: Option<String>,
    /// The plain-language statement of the condition, as it appears in explanations.
    pub label: Option<String>,
    pub expr: Expr,
    /// A favourable condition can make a route eligible, never fail it: when it does not hold,
    /// the point goes to the officer's appraisal.
    pub favorable: bool,
    /// A general condition applies to every route that grants one of these cards.
    pub general_for: Vec<CardKind>,
}

/// "Par dérogation à …", "… n'est pas opposable", "sauf si …": an exception to a named
/// condition.
#[derive(Debug, Clone, PartialEq)]
pub struct Derogation {
    pub name: String,
    pub label: Option<String>,
    pub target: ConditionTarget,
    /// When it applies; always when `None`.
    pub when: Option<Expr>,
    /// What the condition becomes when it applies; when `None`, it is deemed satisfied ("n'est
    /// pas opposable").
    pub then: Option<Expr>,
    /// Derogations this one prevails over when both apply.
    pub prevails_over: Vec<DerogationRef>,
}

/// A named condition of an article.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ConditionTarget {
    pub article: ArticleId,
    pub name: String,
}

/// A named derogation of an article.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DerogationRef {
    pub article: ArticleId,
    pub name: String,
}

/// Closes every route granting one of the listed cards when its condition holds (e.g. a
/// bilateral agreement's regime): the route is `not_applicable`, with the reason.
#[derive(Debug, Clone, PartialEq)]
pub struct Exclusion {
    pub name: String,
    pub reason: String,
    pub applies_to: Vec<CardKind>,
    pub when: Expr,
}

/// A permit route: its identity across the versions of its article.
#[derive(Debug, Clone, PartialEq)]
pub struct Route {
    pub name: String,
    pub article: ArticleId,
}

/// What a route is in one version of its article.
#[derive(Debug, Clone, PartialEq)]
pub struct RouteVersion {
    pub route: RouteId,
    pub label: Option<String>,
    pub grant: Grant,
    pub to_check: Vec<String>,
    /// When one of these holds, the route is closed (`not_applicable`) for the reason given.
    pub closures: Vec<Closure>,
    /// The route's own condition; the general conditions for its card are added to it.
    pub expr: Expr,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Closure {
    pub reason: String,
    pub when: Expr,
}

/// The permit a route grants.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
pub struct Grant {
    pub card: CardKind,
    pub mention: Option<String>,
    pub duration: Option<Duration>,
}

/// The kind of residence permit a route grants.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum CardKind {
    CarteDeSejourTemporaire,
    CarteDeSejourPluriannuelle,
    CarteDeResident,
    CarteDeResidentLongueDureeUe,
    AutorisationProvisoireDeSejour,
}

impl CardKind {
    pub const ALL: [CardKind; 5] = [
        CardKind::CarteDeSejourTemporaire,
        CardKind::CarteDeSejourPluriannuelle,
        CardKind::CarteDeResident,
        CardKind::CarteDeResidentLongueDureeUe,
        CardKind::AutorisationProvisoireDeSejour,
    ];

    /// The card's name in French, as the law writes it.
    pub fn label(self) -> &'static str {
        match self {
            CardKind::CarteDeSejourTemporaire => "carte de séjour temporaire",
            CardKind::CarteDeSejourPluriannuelle => "carte de séjour pluriannuelle",
            CardKind::CarteDeResident => "carte de résident",
            CardKind::CarteDeResidentLongueDureeUe => {
                "carte de résident portant la mention « résident de longue durée-UE »"
            }
            CardKind::AutorisationProvisoireDeSejour => "autorisation provisoire de séjour",
        }
    }
}

/// A boolean expression of the policy language, resolved and type-checked.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// `vrai` or `faux`.
    Constant(bool),
    /// A boolean value: a fact, a field, a parameter.
    Test(Term),
    Not(Box<Expr>),
    /// Every one holds (`toutes (…)`, `et`).
    All(Vec<Expr>),
    /// At least one holds (`l'une de (…)`, `ou`).
    Any(Vec<Expr>),
    /// `si A alors B`.
    Implies(Box<Expr>, Box<Expr>),
    Compare {
        op: CompareOp,
        left: Term,
        right: Term,
        /// For a scale, the type that orders its values.
        scale: Option<TypeId>,
    },
    /// `x dans (a, b, …)`.
    In {
        operand: Term,
        set: Vec<Value>,
    },
    /// A labelled condition, of this article version or of another article.
    Condition(ConditionRef),
    /// `au moins un e parmi L tel que (…)`: the body reads the element as `Term::Element`.
    Exists {
        list: Term,
        body: Box<Expr>,
    },
    /// `chaque e parmi L vérifie (…)`.
    ForAll {
        list: Term,
        body: Box<Expr>,
    },
}

/// A value computed by an expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Term {
    Literal(Value),
    Fact(FactId),
    Parameter(ParameterId),
    /// The element bound by an enclosing quantifier: 0 is the innermost.
    Element {
        depth: u32,
    },
    /// A field of a record.
    Field {
        record: Box<Term>,
        field: u32,
    },
    /// `date de la décision`
    DecisionDate,
    /// `date de la demande`
    FilingDate,
    Arith {
        op: ArithOp,
        left: Box<Term>,
        right: Box<Term>,
    },
    /// `années révolues entre A et B` and the like: whole units from A to B.
    Between {
        unit: DurationUnit,
        from: Box<Term>,
        to: Box<Term>,
    },
    /// `nombre de e parmi L tels que (…)`.
    Count {
        list: Box<Term>,
        body: Box<Expr>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ArithOp {
    Add,
    Sub,
    Mul,
    /// An amount times a decimal, brought to the cent (`arrondi …`).
    MulRounded(Rounding),
}

impl ArithOp {
    pub fn symbol(self) -> &'static str {
        match self {
            ArithOp::Add => "+",
            ArithOp::Sub => "-",
            ArithOp::Mul | ArithOp::MulRounded(_) => "×",
        }
    }
}

/// A comparison, written as in the policy language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, schemars::JsonSchema)]
pub enum CompareOp {
    #[serde(rename = "=")]
    Eq,
    #[serde(rename = "≠")]
    Ne,
    #[serde(rename = "<")]
    Lt,
    #[serde(rename = "≤")]
    Le,
    #[serde(rename = ">")]
    Gt,
    #[serde(rename = "≥")]
    Ge,
}

impl CompareOp {
    pub fn symbol(self) -> &'static str {
        match self {
            CompareOp::Eq => "=",
            CompareOp::Ne => "≠",
            CompareOp::Lt => "<",
            CompareOp::Le => "≤",
            CompareOp::Gt => ">",
            CompareOp::Ge => "≥",
        }
    }
}

/// A reference to a labelled condition.
#[derive(Debug, Clone, PartialEq)]
pub enum ConditionRef {
    /// A condition of the same article version, by index in `ArticleVersion::conditions`.
    Local(u32),
    /// A named condition of another article, looked up in the version of that article in force
    /// at the assessment's dates (so that its own version is cited).
    Article { article: ArticleId, name: String },
}

impl Program {
    pub fn fact(&self, id: FactId) -> &FactDecl {
        &self.facts[id.0 as usize]
    }

    pub fn parameter(&self, id: ParameterId) -> &ParameterDecl {
        &self.parameters[id.0 as usize]
    }

    pub fn article(&self, id: ArticleId) -> &Article {
        &self.articles[id.0 as usize]
    }

    pub fn type_decl(&self, id: TypeId) -> &TypeDecl {
        &self.types[id.0 as usize]
    }

    pub fn fact_id(&self, name: &str) -> Option<FactId> {
        self.facts
            .iter()
            .position(|f| f.name == name)
            .map(|i| FactId(i as u32))
    }

    /// The documents to ask for when the value at `path` is missing: a fact's, or for a field
    /// of a list's element (`demandeur.enfants[0].naissance`) the field's, else the list's.
    pub fn documents_for(&self, path: &str) -> &[String] {
        let (fact, field) = match path.split_once('[') {
            Some((fact, rest)) => (fact, rest.split_once("].").map(|(_, field)| field)),
            None => (path, None),
        };
        let Some(decl) = self.fact_id(fact).map(|id| self.fact(id)) else {
            return &[];
        };
        let element = match &decl.ty {
            Type::List(element) => Some(element.as_ref()),
            _ => None,
        };
        if let (Some(field), Some(Type::Record(record))) = (field, element)
            && let Some(field) = self
                .type_decl(*record)
                .fields()
                .iter()
                .find(|f| f.name == field)
            && !field.documents.is_empty()
        {
            return &field.documents;
        }
        &decl.documents
    }

    pub fn article_id(&self, id: &str) -> Option<ArticleId> {
        self.articles
            .iter()
            .position(|a| a.id == id)
            .map(|i| ArticleId(i as u32))
    }

    /// How a type is written in the policy language, for messages.
    pub fn describe(&self, ty: &Type) -> String {
        ty.describe(&self.types)
    }
}

impl Article {
    /// The version in force on `date`, if any.
    pub fn version_at(&self, date: Date) -> Option<&ArticleVersion> {
        self.versions.iter().find(|v| v.in_force.contains(date))
    }
}

impl ParameterDecl {
    /// The value in force on `date`, if any.
    pub fn value_at(&self, date: Date) -> Option<&ParameterValue> {
        self.values.iter().find(|v| v.in_force.contains(date))
    }
}

impl ArticleVersion {
    pub fn condition_named(&self, name: &str) -> Option<&Condition> {
        self.conditions
            .iter()
            .find(|c| c.name.as_deref() == Some(name))
    }

    pub fn route(&self, route: RouteId) -> Option<&RouteVersion> {
        self.routes.iter().find(|r| r.route == route)
    }
}
