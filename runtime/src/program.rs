//! The `Program`: a checked policy set in the form the runtime executes.
//!
//! The compiler lowers its checked AST to this representation; the runtime never sees source
//! text. Every rule in it sits inside an article version (invariant 1: no rule without a legal
//! basis): conditions and routes are owned by `ArticleVersion`s, and a route can only be
//! evaluated through the version of its article in force at the assessment's date.

use serde::Serialize;

use crate::date::Date;
use crate::value::{Type, Value};

/// A checked, lowered policy set.
#[derive(Debug, Clone, PartialEq)]
pub struct Program {
    /// The facts a dossier may give (the dossier schema), indexed by [`FactId`].
    pub facts: Vec<FactDecl>,
    /// Articles, indexed by [`ArticleId`].
    pub articles: Vec<Article>,
    /// Permit routes, indexed by [`RouteId`], in the order of the policy sources.
    pub routes: Vec<Route>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FactId(pub u32);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ArticleId(pub u32);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RouteId(pub u32);

/// A fact of the dossier: its dotted name (which is also its place in the dossier's JSON), its
/// French label and its type.
#[derive(Debug, Clone, PartialEq)]
pub struct FactDecl {
    pub name: String,
    pub label: Option<String>,
    pub ty: Type,
}

/// A legal article and its dated versions.
#[derive(Debug, Clone, PartialEq)]
pub struct Article {
    /// The article's number in the code, normalised (`L. 423-1`).
    pub id: String,
    pub title: Option<String>,
    /// Versions in chronological order; their periods do not overlap.
    pub versions: Vec<ArticleVersion>,
}

/// The period during which a version is in force, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
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
    /// The Légifrance identifier (`LEGIARTI…`), if it has been verified.
    pub legifrance: Option<String>,
    /// The article's text, verbatim.
    pub text: String,
    /// Where the text was read (when not Légifrance itself).
    pub sources: Vec<String>,
    /// Points the policy's authors could not verify: shown with every outcome that relies on
    /// this version, so that no guess passes for law.
    pub to_check: Vec<String>,
    pub conditions: Vec<Condition>,
    pub routes: Vec<RouteVersion>,
}

/// A condition of an article version. Named conditions can be used by other articles;
/// anonymous ones come from labelled items written inline in a route.
#[derive(Debug, Clone, PartialEq)]
pub struct Condition {
    pub name: Option<String>,
    /// The plain-language statement of the condition, as it appears in explanations.
    pub label: Option<String>,
    pub expr: Expr,
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
    /// The route's eligibility condition: it is eligible when this holds.
    pub expr: Expr,
}

/// The permit a route grants.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Grant {
    pub card: CardKind,
    pub mention: Option<String>,
    pub duration: Option<Duration>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CardKind {
    CarteDeSejourTemporaire,
    CarteDeSejourPluriannuelle,
    CarteDeResident,
    CarteDeResidentLongueDureeUe,
    AutorisationProvisoireDeSejour,
}

impl CardKind {
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Duration {
    pub amount: u32,
    pub unit: DurationUnit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DurationUnit {
    Years,
    Months,
    Days,
}

impl std::fmt::Display for Duration {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let unit = match (self.unit, self.amount) {
            (DurationUnit::Years, 1) => "an",
            (DurationUnit::Years, _) => "ans",
            (DurationUnit::Months, _) => "mois",
            (DurationUnit::Days, 1) => "jour",
            (DurationUnit::Days, _) => "jours",
        };
        write!(f, "{} {unit}", self.amount)
    }
}

/// A boolean expression of the policy language, resolved and type-checked.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// `vrai` or `faux`.
    Constant(bool),
    /// A boolean fact used as a condition.
    Fact(FactId),
    Not(Box<Expr>),
    /// Every one holds (`toutes (…)`, `et`).
    All(Vec<Expr>),
    /// At least one holds (`l'une de (…)`, `ou`).
    Any(Vec<Expr>),
    /// `si A alors B`.
    Implies(Box<Expr>, Box<Expr>),
    Compare {
        op: CompareOp,
        left: Operand,
        right: Operand,
    },
    /// `x dans (a, b, …)`.
    In {
        operand: Operand,
        set: Vec<Value>,
    },
    /// A labelled condition, of this article version or of another article.
    Condition(ConditionRef),
}

/// A value compared by a condition.
#[derive(Debug, Clone, PartialEq)]
pub enum Operand {
    Fact(FactId),
    Literal(Value),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
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
    /// at the assessment's date (so that its own version is cited).
    Article { article: ArticleId, name: String },
}

impl Program {
    pub fn fact(&self, id: FactId) -> &FactDecl {
        &self.facts[id.0 as usize]
    }

    pub fn article(&self, id: ArticleId) -> &Article {
        &self.articles[id.0 as usize]
    }

    pub fn fact_id(&self, name: &str) -> Option<FactId> {
        self.facts
            .iter()
            .position(|f| f.name == name)
            .map(|i| FactId(i as u32))
    }

    pub fn article_id(&self, id: &str) -> Option<ArticleId> {
        self.articles
            .iter()
            .position(|a| a.id == id)
            .map(|i| ArticleId(i as u32))
    }
}

impl Article {
    /// The version in force on `date`, if any.
    pub fn version_at(&self, date: Date) -> Option<&ArticleVersion> {
        self.versions.iter().find(|v| v.in_force.contains(date))
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
