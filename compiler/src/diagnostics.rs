//! Problems found in policies, as data, and their rendering with miette.
//!
//! Each kind of problem is a struct that carries what its message needs; [`PolicyError`] gathers
//! them. Messages are in French (they are read by the legal officers who write the policies),
//! say in plain words what is wrong, point at the place with a label, and say what to do in a
//! help line. Codes (`motif::…`) are stable and documented in the language reference.

use miette::{
    Diagnostic as _, GraphicalReportHandler, GraphicalTheme, NamedSource, Severity, SourceSpan,
};

use crate::source::{FileId, SourceSet};

/// A problem in a policy file.
#[derive(Debug)]
pub struct Diagnostic {
    pub file: FileId,
    pub error: PolicyError,
}

impl Diagnostic {
    pub fn new(file: FileId, error: impl Into<PolicyError>) -> Diagnostic {
        Diagnostic {
            file,
            error: error.into(),
        }
    }

    pub fn is_error(&self) -> bool {
        !matches!(
            self.error.severity(),
            Some(Severity::Warning | Severity::Advice)
        )
    }

    /// Where the problem is first labelled, to order diagnostics as they appear in the file.
    fn offset(&self) -> usize {
        self.error
            .labels()
            .and_then(|mut labels| labels.next())
            .map_or(0, |label| label.offset())
    }
}

/// Orders diagnostics by file and position, so that output is stable and reads top to bottom.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by_key(|d| (d.file, d.offset()));
}

/// How to render diagnostics.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// Colours, for a terminal.
    Terminal,
    /// No colours, fixed width: stable text for files and snapshots.
    Plain,
}

/// Renders diagnostics with their source excerpts.
pub fn render<'d>(
    diagnostics: impl IntoIterator<Item = &'d Diagnostic>,
    sources: &SourceSet,
    style: Style,
) -> String {
    let handler = match style {
        Style::Terminal => GraphicalReportHandler::new(),
        Style::Plain => {
            GraphicalReportHandler::new_themed(GraphicalTheme::unicode_nocolor()).with_width(100)
        }
    };
    let mut out = String::new();
    for diagnostic in diagnostics {
        let file = sources.file(diagnostic.file);
        let with_source = WithSource {
            error: &diagnostic.error,
            source: NamedSource::new(&file.name, file.text.clone()),
        };
        // Rendering into a String cannot fail.
        let _ = handler.render_report(&mut out, &with_source);
    }
    out
}

/// An error together with the text of its file, as miette renders it.
#[derive(Debug)]
struct WithSource<'a> {
    error: &'a PolicyError,
    source: NamedSource<String>,
}

impl std::fmt::Display for WithSource<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.error.fmt(f)
    }
}

impl std::error::Error for WithSource<'_> {}

impl miette::Diagnostic for WithSource<'_> {
    fn code<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        self.error.code()
    }
    fn severity(&self) -> Option<Severity> {
        self.error.severity()
    }
    fn help<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        self.error.help()
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        self.error.labels()
    }
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.source)
    }
}

/// Every problem the compiler reports.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum PolicyError {
    #[error(transparent)]
    #[diagnostic(transparent)]
    Syntax(#[from] SyntaxError),
    #[error(transparent)]
    #[diagnostic(transparent)]
    InvalidDate(#[from] InvalidDate),
    #[error(transparent)]
    #[diagnostic(transparent)]
    IntegerTooLarge(#[from] IntegerTooLarge),
    #[error(transparent)]
    #[diagnostic(transparent)]
    NestingTooDeep(#[from] NestingTooDeep),
    #[error(transparent)]
    #[diagnostic(transparent)]
    RuleOutsideArticle(#[from] RuleOutsideArticle),
    #[error(transparent)]
    #[diagnostic(transparent)]
    RuleOutsideVersion(#[from] RuleOutsideVersion),
    #[error(transparent)]
    #[diagnostic(transparent)]
    VersionOutsideArticle(#[from] VersionOutsideArticle),
    #[error(transparent)]
    #[diagnostic(transparent)]
    MissingText(#[from] MissingText),
    #[error(transparent)]
    #[diagnostic(transparent)]
    MissingLegifrance(#[from] MissingLegifrance),
    #[error(transparent)]
    #[diagnostic(transparent)]
    DuplicateAttribute(#[from] DuplicateAttribute),
    #[error(transparent)]
    #[diagnostic(transparent)]
    BadLegifranceId(#[from] BadLegifranceId),
    #[error(transparent)]
    #[diagnostic(transparent)]
    InvertedPeriod(#[from] InvertedPeriod),
    #[error(transparent)]
    #[diagnostic(transparent)]
    OverlappingVersions(#[from] OverlappingVersions),
    #[error(transparent)]
    #[diagnostic(transparent)]
    Duplicate(#[from] Duplicate),
    #[error(transparent)]
    #[diagnostic(transparent)]
    FactGroupConflict(#[from] FactGroupConflict),
    #[error(transparent)]
    #[diagnostic(transparent)]
    UnknownName(#[from] UnknownName),
    #[error(transparent)]
    #[diagnostic(transparent)]
    UnknownArticle(#[from] UnknownArticle),
    #[error(transparent)]
    #[diagnostic(transparent)]
    UnknownArticleCondition(#[from] UnknownArticleCondition),
    #[error(transparent)]
    #[diagnostic(transparent)]
    UnknownVariant(#[from] UnknownVariant),
    #[error(transparent)]
    #[diagnostic(transparent)]
    NotACondition(#[from] NotACondition),
    #[error(transparent)]
    #[diagnostic(transparent)]
    NotAValue(#[from] NotAValue),
    #[error(transparent)]
    #[diagnostic(transparent)]
    FactInValueList(#[from] FactInValueList),
    #[error(transparent)]
    #[diagnostic(transparent)]
    TypeMismatch(#[from] TypeMismatch),
    #[error(transparent)]
    #[diagnostic(transparent)]
    NotOrdered(#[from] NotOrdered),
    #[error(transparent)]
    #[diagnostic(transparent)]
    ConditionCycle(#[from] ConditionCycle),
    #[error(transparent)]
    #[diagnostic(transparent)]
    Unlabelled(#[from] Unlabelled),
    #[error(transparent)]
    #[diagnostic(transparent)]
    UnusedFact(#[from] UnusedFact),
}

// ── Syntax ─────────────────────────────────────────────────────────────────────────────────

#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error("{message}")]
#[diagnostic(code(motif::syntax))]
pub struct SyntaxError {
    pub message: String,
    #[label("{label}")]
    pub span: SourceSpan,
    pub label: String,
    #[help]
    pub help: Option<String>,
}

#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error("date impossible : « {text} »")]
#[diagnostic(
    code(motif::invalid_date),
    help("Une date s'écrit AAAA-MM-JJ et doit exister dans le calendrier (pas de 30 février).")
)]
pub struct InvalidDate {
    pub text: String,
    #[label("cette date n'existe pas")]
    pub span: SourceSpan,
}

#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error("nombre trop grand : {text}")]
#[diagnostic(
    code(motif::integer_too_large),
    help("Les nombres entiers vont de -9 223 372 036 854 775 808 à 9 223 372 036 854 775 807.")
)]
pub struct IntegerTooLarge {
    pub text: String,
    #[label("hors limites")]
    pub span: SourceSpan,
}

#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error("expression trop imbriquée")]
#[diagnostic(
    code(motif::nesting_too_deep),
    help(
        "Découpez-la en conditions nommées, chacune avec son intitulé : elle se lira mieux, et chaque partie sera expliquée."
    )
)]
pub struct NestingTooDeep {
    #[label("trop de niveaux de parenthèses ou de `non` à partir d'ici")]
    pub span: SourceSpan,
}

// ── Legal basis: articles and versions ─────────────────────────────────────────────────────

#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error("la {kind} `{name}` n'est rattachée à aucun article")]
#[diagnostic(
    code(motif::rule_outside_article),
    help(
        "Toute règle doit avoir une base légale : placez-la après `article L. … « titre »` et \
         une `version du AAAA-MM-JJ` qui cite le texte de l'article."
    )
)]
pub struct RuleOutsideArticle {
    pub kind: &'static str,
    pub name: String,
    #[label("règle hors de tout article")]
    pub span: SourceSpan,
}

#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error("la {kind} `{name}` de l'article {article} précède toute version de l'article")]
#[diagnostic(
    code(motif::rule_outside_version),
    help(
        "Une règle s'applique dans une version datée de l'article : ajoutez au-dessus \
         `version du AAAA-MM-JJ`, sa référence `légifrance …` et son `texte « … »`."
    )
)]
pub struct RuleOutsideVersion {
    pub kind: &'static str,
    pub name: String,
    pub article: String,
    #[label("règle sans version")]
    pub span: SourceSpan,
}

#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error("version sans article")]
#[diagnostic(
    code(motif::version_outside_article),
    help("Écrivez `article L. … « titre »` avant cette version.")
)]
pub struct VersionOutsideArticle {
    #[label("à quel article cette version appartient-elle ?")]
    pub span: SourceSpan,
}

#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error("la version de l'article {article} ne cite pas son texte")]
#[diagnostic(
    code(motif::missing_text),
    help("Citez le texte de l'article tel qu'il est publié, entre guillemets : `texte « … »`.")
)]
pub struct MissingText {
    pub article: String,
    #[label("version sans `texte`")]
    pub span: SourceSpan,
}

#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error("la version de l'article {article} n'indique pas sa référence Légifrance")]
#[diagnostic(
    code(motif::missing_legifrance),
    help(
        "Ajoutez `légifrance LEGIARTI…` ou, si l'identifiant n'a pas pu être vérifié, \
         `légifrance à vérifier « raison »`."
    )
)]
pub struct MissingLegifrance {
    pub article: String,
    #[label("version sans `légifrance`")]
    pub span: SourceSpan,
}

#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error("{what} est donné deux fois pour la même version")]
#[diagnostic(
    code(motif::duplicate_attribute),
    help("Gardez-en un seul : une version a un texte et une référence Légifrance.")
)]
pub struct DuplicateAttribute {
    pub what: &'static str,
    #[label("ici")]
    pub span: SourceSpan,
    #[label("déjà donné ici")]
    pub first: SourceSpan,
}

#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error("identifiant Légifrance mal formé : `{id}`")]
#[diagnostic(
    code(motif::bad_legifrance_id),
    help(
        "Un identifiant d'article s'écrit LEGIARTI suivi de 12 chiffres, par exemple LEGIARTI000042776891."
    )
)]
pub struct BadLegifranceId {
    pub id: String,
    #[label("attendu : LEGIARTI et 12 chiffres")]
    pub span: SourceSpan,
}

#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error("la version se termine avant de commencer")]
#[diagnostic(
    code(motif::inverted_period),
    help("Vérifiez les dates : `version du DÉBUT au FIN`, avec DÉBUT ≤ FIN.")
)]
pub struct InvertedPeriod {
    #[label("période vide")]
    pub span: SourceSpan,
}

#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error("deux versions de l'article {article} sont en vigueur en même temps")]
#[diagnostic(
    code(motif::overlapping_versions),
    help(
        "Une seule version d'un article s'applique à une date donnée : terminez la version \
         précédente la veille de la suivante (`au AAAA-MM-JJ`)."
    )
)]
pub struct OverlappingVersions {
    pub article: String,
    #[label("cette version…")]
    pub span: SourceSpan,
    #[label("…chevauche celle-ci")]
    pub other: SourceSpan,
}

// ── Declarations ───────────────────────────────────────────────────────────────────────────

#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error("déclaration en double : {what} `{name}`")]
#[diagnostic(code(motif::duplicate), help("{help}"))]
pub struct Duplicate {
    pub what: &'static str,
    pub name: String,
    #[label("seconde déclaration")]
    pub span: SourceSpan,
    pub help: String,
}

#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error("`{name}` est à la fois un fait et un groupe de faits")]
#[diagnostic(
    code(motif::fact_group_conflict),
    help(
        "Dans le dossier, `{name}` ne peut pas être à la fois une valeur et un objet qui \
         contient `{other}` ({other_location}) : renommez l'un des deux."
    )
)]
pub struct FactGroupConflict {
    pub name: String,
    pub other: String,
    pub other_location: String,
    #[label("fait déclaré ici")]
    pub span: SourceSpan,
}

// ── Names ──────────────────────────────────────────────────────────────────────────────────

#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error("nom inconnu : `{name}`")]
#[diagnostic(code(motif::unknown_name), help("{help}"))]
pub struct UnknownName {
    pub name: String,
    #[label("{label}")]
    pub span: SourceSpan,
    pub label: String,
    pub help: String,
}

#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error("article inconnu : {id}")]
#[diagnostic(code(motif::unknown_article), help("{help}"))]
pub struct UnknownArticle {
    pub id: String,
    #[label("aucun article {id} dans ce jeu de règles")]
    pub span: SourceSpan,
    pub help: String,
}

#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error("l'article {article} ne définit pas de condition `{name}`")]
#[diagnostic(code(motif::unknown_article_condition), help("{help}"))]
pub struct UnknownArticleCondition {
    pub name: String,
    pub article: String,
    #[label("{label}")]
    pub span: SourceSpan,
    pub label: String,
    pub help: String,
}

#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error("`{value}` n'est pas une valeur possible de `{fact}`")]
#[diagnostic(code(motif::unknown_value), help("{help}"))]
pub struct UnknownVariant {
    pub value: String,
    pub fact: String,
    #[label("valeur inconnue")]
    pub span: SourceSpan,
    pub help: String,
}

// ── Types ──────────────────────────────────────────────────────────────────────────────────

#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error("{what} n'est pas une condition")]
#[diagnostic(code(motif::not_a_condition), help("{help}"))]
pub struct NotACondition {
    pub what: String,
    #[label("attendu : une condition (vrai ou faux)")]
    pub span: SourceSpan,
    pub help: String,
}

#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error("seuls un fait ou une valeur peuvent être comparés")]
#[diagnostic(code(motif::not_a_value), help("{help}"))]
pub struct NotAValue {
    #[label("ceci n'est ni un fait ni une valeur")]
    pub span: SourceSpan,
    pub help: String,
}

#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error("la liste qui suit `dans` ne peut contenir que des valeurs")]
#[diagnostic(
    code(motif::fact_in_value_list),
    help(
        "Écrivez la liste des valeurs admises, par exemple `visa.type dans (long_sejour, \
         long_sejour_valant_titre)` ; pour comparer deux faits, écrivez `fait = autre_fait`."
    )
)]
pub struct FactInValueList {
    #[label("ceci est un fait, pas une valeur")]
    pub span: SourceSpan,
}

#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error("comparaison entre types différents : {left} et {right}")]
#[diagnostic(
    code(motif::type_mismatch),
    help("Comparez un fait à une valeur de son type ({left}).")
)]
pub struct TypeMismatch {
    pub left: String,
    pub right: String,
    #[label("{left} comparé à {right}")]
    pub span: SourceSpan,
}

#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error("`{op}` ne s'applique pas à une valeur de type {ty}")]
#[diagnostic(
    code(motif::not_ordered),
    help("Les comparaisons <, ≤, >, ≥ portent sur des nombres ; pour ce type, utilisez = ou ≠.")
)]
pub struct NotOrdered {
    pub op: &'static str,
    pub ty: String,
    #[label("pas d'ordre sur ce type")]
    pub span: SourceSpan,
}

#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error("la condition `{name}` dépend d'elle-même : {chain}")]
#[diagnostic(
    code(motif::condition_cycle),
    help(
        "Une condition ne peut pas se définir par elle-même, même en passant par d'autres articles."
    )
)]
pub struct ConditionCycle {
    pub name: String,
    pub chain: String,
    #[label("le cycle passe par ici")]
    pub span: SourceSpan,
}

// ── Warnings ───────────────────────────────────────────────────────────────────────────────

#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error("{what} `{name}` n'a pas d'intitulé")]
#[diagnostic(
    code(motif::unlabelled),
    severity(Warning),
    help(
        "Ajoutez son intitulé en français entre guillemets : il apparaît dans les explications données au demandeur."
    )
)]
pub struct Unlabelled {
    pub what: &'static str,
    pub name: String,
    #[label("sans intitulé")]
    pub span: SourceSpan,
}

#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error("le fait `{name}` n'est utilisé par aucune règle")]
#[diagnostic(
    code(motif::unused_fact),
    severity(Warning),
    help(
        "Un fait inutilisé alourdit le dossier demandé : supprimez-le, ou utilisez-le dans une condition."
    )
)]
pub struct UnusedFact {
    pub name: String,
    #[label("déclaré ici")]
    pub span: SourceSpan,
}
