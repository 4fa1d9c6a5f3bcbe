//! What `motif diff` reports, as data: the JSON of `--format json` is these structs, serialised
//! (format `motif.diff/1`; see the README, section "motif diff").

use serde::Serialize;

use motif_runtime::Outcome;
use motif_runtime::date::Date;
use motif_runtime::logic::Truth;
use motif_runtime::trace::Citation;
use motif_runtime::value::Value;

/// The version of the JSON format. Bumped on any incompatible change.
pub const FORMAT: &str = "motif.diff/1";

/// The impact of a change of policy set.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// `motif.diff/1`.
    pub format: &'static str,
    pub old: SetInfo,
    pub new: SetInfo,
    /// Every change of the rules, the types, the facts, the parameters and the translations.
    pub static_changes: Vec<StaticChange>,
    /// The effect on a corpus of dossiers, when one was given.
    pub dossiers: Option<CorpusImpact>,
}

/// One of the two policy sets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SetInfo {
    /// The directory (or file) as given on the command line.
    pub policies: String,
    /// The hash of its sources: it differs when only the layout or the comments differ.
    pub fingerprint: String,
}

// ── Static changes ───────────────────────────────────────────────────────────────────────────

/// One change between the two sets, said precisely.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StaticChange {
    pub subject: Subject,
    /// The type's, fact's, parameter's or route's name, the article's number (`L. 423-1`), or
    /// for a translation its language and French text.
    pub name: String,
    /// For an article version or a parameter value: its first day (in the old set, when the
    /// change is of that day).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<Date>,
    /// For a rule of an article version (a condition, a route…), a value of an enumeration or a
    /// field of a record: which.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub part: Option<Part>,
    pub change: Change,
    /// For a change of something that exists in both sets: what changed in it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<Field>,
    /// What it was and what it becomes, as the policy language writes it; for an expression,
    /// the smallest part of it that differs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new: Option<String>,
    /// The change in one French sentence, as the text output gives it.
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Subject {
    Type,
    Fact,
    Parameter,
    Article,
    Route,
    Translation,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Part {
    pub kind: PartKind,
    pub name: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PartKind {
    Condition,
    Route,
    Derogation,
    Exclusion,
    /// A value of an enumeration or a scale.
    Variant,
    /// A field of a record.
    Field,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    Added,
    Removed,
    Changed,
}

/// What changed in something present in both sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Title,
    Label,
    Type,
    /// A fact or an appraisal; an enumeration, a scale or a record.
    Kind,
    Sensitive,
    Documents,
    Criteria,
    Value,
    /// The first day of a version or a value.
    From,
    Until,
    Legifrance,
    Text,
    Sources,
    ToCheck,
    Repealed,
    ReferenceDate,
    Expression,
    Favorable,
    GeneralFor,
    Grant,
    /// The route's closures (`sans objet … si …`).
    Closures,
    When,
    Then,
    Target,
    PrevailsOver,
    Reason,
    AppliesTo,
    /// The article a route belongs to.
    Article,
    /// The order of a scale's values.
    Order,
    Translation,
}

impl Field {
    /// The field in French, and the ending of `modifié` that agrees with it.
    pub(crate) fn words(self) -> (&'static str, &'static str) {
        match self {
            Field::Title => ("titre", ""),
            Field::Label => ("intitulé", ""),
            Field::Type => ("type", ""),
            Field::Kind => ("nature", "e"),
            Field::Sensitive => ("caractère sensible", ""),
            Field::Documents => ("pièces à demander", "es"),
            Field::Criteria => ("critères", "s"),
            Field::Value => ("valeur", "e"),
            Field::From => ("début de vigueur", ""),
            Field::Until => ("fin de vigueur", "e"),
            Field::Legifrance => ("identifiant Légifrance", ""),
            Field::Text => ("texte", ""),
            Field::Sources => ("sources", "es"),
            Field::ToCheck => ("points à vérifier", "s"),
            Field::Repealed => ("abrogation", "e"),
            Field::ReferenceDate => ("date de référence", "e"),
            Field::Expression => ("expression", "e"),
            Field::Favorable => ("caractère favorable", ""),
            Field::GeneralFor => ("titres pour lesquels elle est générale", "s"),
            Field::Grant => ("titre délivré", ""),
            Field::Closures => ("clauses « sans objet »", "es"),
            Field::When => ("condition d'application (lorsque)", "e"),
            Field::Then => ("effet (alors)", ""),
            Field::Target => ("condition visée", "e"),
            Field::PrevailsOver => ("priorités (prime sur)", "es"),
            Field::Reason => ("motif", ""),
            Field::AppliesTo => ("titres visés", "s"),
            Field::Article => ("article", ""),
            Field::Order => ("ordre des valeurs", ""),
            Field::Translation => ("traduction", "e"),
        }
    }
}

// ── Over a corpus of dossiers ────────────────────────────────────────────────────────────────

/// The effect of the change on a corpus of dossiers.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CorpusImpact {
    /// The file or directory of dossiers.
    pub source: String,
    /// The dates given on the command line, which replace each dossier's own.
    pub decided_on: Option<Date>,
    pub filed_on: Option<Date>,
    /// Dossiers read, assessed with both sets, refused by at least one.
    pub read: usize,
    pub compared: usize,
    pub refused: usize,
    /// Dossiers of which at least one route changes outcome.
    pub outcome_changed: usize,
    /// Dossiers of which no route changes outcome but something else changes (see
    /// [`OtherCounts`]), or that only one of the sets refuses.
    pub other_changes: usize,
    /// Per route, in the order of the new set (then the routes it removed).
    pub routes: Vec<RouteSummary>,
    /// Every change of outcome, counted over routes and dossiers.
    pub transitions: Vec<Transition>,
    pub other: OtherCounts,
    /// Every dossier with a difference or refused, in the order read.
    pub list: Vec<DossierImpact>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RouteSummary {
    pub route: String,
    /// Dossiers whose outcome on this route changes.
    pub outcome_changed: usize,
    /// Dossiers whose outcome on this route stays but whose assessment changes.
    pub other_changes: usize,
    pub transitions: Vec<Transition>,
}

/// A change of outcome and how many times it happens; `null`: the route does not exist in that
/// set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Transition {
    pub from: Option<Outcome>,
    pub to: Option<Outcome>,
    pub count: usize,
}

/// For the routes whose outcome stays the same: how many (dossier, route) pairs see each kind
/// of change.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct OtherCounts {
    /// A condition or a derogation of the trace changes value.
    pub conditions: usize,
    pub failed_conditions: usize,
    pub undetermined_conditions: usize,
    /// The facts to ask for.
    pub missing_facts: usize,
    /// The points left to the officer.
    pub appraisal_points: usize,
    /// The article versions applied.
    pub versions: usize,
}

/// One dossier with a difference, or refused.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DossierImpact {
    /// Where it was read: its file name, or `ligne N` of a JSON Lines file.
    pub source: String,
    /// Its `id`, if it has one.
    pub dossier: Option<String>,
    /// The dates it was assessed at.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decided_on: Option<Date>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub filed_on: Option<Date>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refused: Option<Refusal>,
    /// The routes whose assessment differs.
    pub routes: Vec<RouteImpact>,
}

/// A dossier that one set or both could not assess, with why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Refusal {
    pub by: RefusedBy,
    /// Each problem (with its JSON path when it is one of the dossier's values).
    pub old: Vec<String>,
    pub new: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RefusedBy {
    Old,
    New,
    Both,
}

/// One route of one dossier whose assessment differs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RouteImpact {
    pub route: String,
    pub outcome_changed: bool,
    /// `null`: the route does not exist in that set.
    pub old: Option<Side>,
    pub new: Option<Side>,
    /// The conditions and derogations of the trace whose value differs (`null` on the side
    /// where the trace does not reach them).
    pub flipped: Vec<Flip>,
    pub failed_conditions: Delta,
    pub undetermined_conditions: Delta,
    pub missing_facts: Delta,
    pub appraisal_points: Delta,
    /// The parameters applied whose value differs.
    pub parameters: Vec<ParameterChange>,
}

/// A route as one set assesses it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Side {
    pub outcome: Outcome,
    /// The article granting the permit and its version applied (`null`: none in force).
    pub article: String,
    pub version: Option<Date>,
    pub legifrance: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Every article version the route's trace cites.
    pub versions: Vec<Citation>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Flip {
    pub kind: FlipKind,
    pub article: String,
    /// The condition's name, or its label when it is labelled inline; the derogation's name.
    pub name: String,
    pub old: Option<Truth>,
    pub new: Option<Truth>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FlipKind {
    Condition,
    /// Whether a derogation applies.
    Derogation,
}

/// What a list of the assessment gains and loses.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Delta {
    pub added: Vec<String>,
    pub removed: Vec<String>,
}

impl Delta {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ParameterChange {
    pub parameter: String,
    pub old: Option<Value>,
    pub new: Option<Value>,
}
