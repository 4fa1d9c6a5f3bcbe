//! Every kind of problem the compiler reports: one struct each, carrying what its message
//! needs. Messages are in French, for the legal officers who write the policies.

use miette::SourceSpan;

// ── Syntax ─────────────────────────────────────────────────────────────────────────────────

#[derive(Debug, Clone, PartialEq, thiserror::Error, miette::Diagnostic)]
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

#[derive(Debug, Clone, PartialEq, thiserror::Error, miette::Diagnostic)]
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

#[derive(Debug, Clone, PartialEq, thiserror::Error, miette::Diagnostic)]
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

#[derive(Debug, Clone, PartialEq, thiserror::Error, miette::Diagnostic)]
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

#[derive(Debug, Clone, PartialEq, thiserror::Error, miette::Diagnostic)]
#[error("{message}")]
#[diagnostic(
    code(motif::general_condition),
    help(
        "Une condition générale s'écrit `condition générale nom « intitulé » pour carte de séjour \
         temporaire, … : expression` : elle s'ajoute à toute voie qui délivre l'un de ces titres."
    )
)]
pub struct GeneralCondition {
    pub message: String,
    #[label("ici")]
    pub span: SourceSpan,
}

// ── Legal basis: articles and versions ─────────────────────────────────────────────────────

#[derive(Debug, Clone, PartialEq, thiserror::Error, miette::Diagnostic)]
#[error("{kind} `{name}` n'est rattachée à aucun article")]
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

#[derive(Debug, Clone, PartialEq, thiserror::Error, miette::Diagnostic)]
#[error("{kind} `{name}` de l'article {article} n'est sous aucune version en vigueur de l'article")]
#[diagnostic(
    code(motif::rule_outside_version),
    help(
        "Une règle s'applique dans une version datée de l'article : placez-la sous une \
         `version du AAAA-MM-JJ` (pas sous une période `abrogé`), avec sa référence `légifrance …` \
         et son `texte « … »`."
    )
)]
pub struct RuleOutsideVersion {
    pub kind: &'static str,
    pub name: String,
    pub article: String,
    #[label("règle sans version")]
    pub span: SourceSpan,
}

#[derive(Debug, Clone, PartialEq, thiserror::Error, miette::Diagnostic)]
#[error("version sans article")]
#[diagnostic(
    code(motif::version_outside_article),
    help("Écrivez `article L. … « titre »` avant cette version.")
)]
pub struct VersionOutsideArticle {
    #[label("à quel article cette version appartient-elle ?")]
    pub span: SourceSpan,
}

#[derive(Debug, Clone, PartialEq, thiserror::Error, miette::Diagnostic)]
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

#[derive(Debug, Clone, PartialEq, thiserror::Error, miette::Diagnostic)]
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

#[derive(Debug, Clone, PartialEq, thiserror::Error, miette::Diagnostic)]
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

#[derive(Debug, Clone, PartialEq, thiserror::Error, miette::Diagnostic)]
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

#[derive(Debug, Clone, PartialEq, thiserror::Error, miette::Diagnostic)]
#[error("la version se termine avant de commencer")]
#[diagnostic(
    code(motif::inverted_period),
    help("Vérifiez les dates : `version du DÉBUT au FIN`, avec DÉBUT ≤ FIN.")
)]
pub struct InvertedPeriod {
    #[label("période vide")]
    pub span: SourceSpan,
}

#[derive(Debug, Clone, PartialEq, thiserror::Error, miette::Diagnostic)]
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

#[derive(Debug, Clone, PartialEq, thiserror::Error, miette::Diagnostic)]
#[error("aucune version de l'article {article} n'est en vigueur du {from} au {until}")]
#[diagnostic(
    code(motif::version_gap),
    help(
        "Si l'article était abrogé pendant cette période, écrivez-le : `abrogé du {from} au \
         {until}`. Sinon, une version manque, ou une date est fausse."
    )
)]
pub struct VersionGap {
    pub article: String,
    pub from: String,
    pub until: String,
    #[label("cette version commence le {until_next}…")]
    pub span: SourceSpan,
    pub until_next: String,
    #[label("…la précédente finit plus tôt")]
    pub other: SourceSpan,
}

#[derive(Debug, Clone, PartialEq, thiserror::Error, miette::Diagnostic)]
#[error("deux valeurs du paramètre `{parameter}` sont en vigueur en même temps")]
#[diagnostic(
    code(motif::overlapping_values),
    help("Terminez la valeur précédente la veille de la suivante (`au AAAA-MM-JJ`).")
)]
pub struct OverlappingValues {
    pub parameter: String,
    #[label("cette valeur…")]
    pub span: SourceSpan,
    #[label("…chevauche celle-ci")]
    pub other: SourceSpan,
}

// ── Declarations ───────────────────────────────────────────────────────────────────────────

#[derive(Debug, Clone, PartialEq, thiserror::Error, miette::Diagnostic)]
#[error("déclaration en double : {what} `{name}`")]
#[diagnostic(code(motif::duplicate), help("{help}"))]
pub struct Duplicate {
    pub what: &'static str,
    pub name: String,
    #[label("seconde déclaration")]
    pub span: SourceSpan,
    pub help: String,
}

#[derive(Debug, Clone, PartialEq, thiserror::Error, miette::Diagnostic)]
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

#[derive(Debug, Clone, PartialEq, thiserror::Error, miette::Diagnostic)]
#[error("nom inconnu : `{name}`")]
#[diagnostic(code(motif::unknown_name), help("{help}"))]
pub struct UnknownName {
    pub name: String,
    #[label("{label}")]
    pub span: SourceSpan,
    pub label: String,
    pub help: String,
}

#[derive(Debug, Clone, PartialEq, thiserror::Error, miette::Diagnostic)]
#[error("article inconnu : {id}")]
#[diagnostic(code(motif::unknown_article), help("{help}"))]
pub struct UnknownArticle {
    pub id: String,
    #[label("aucun article {id} dans ce jeu de règles")]
    pub span: SourceSpan,
    pub help: String,
}

#[derive(Debug, Clone, PartialEq, thiserror::Error, miette::Diagnostic)]
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

#[derive(Debug, Clone, PartialEq, thiserror::Error, miette::Diagnostic)]
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

#[derive(Debug, Clone, PartialEq, thiserror::Error, miette::Diagnostic)]
#[error("{what} n'est pas une condition")]
#[diagnostic(code(motif::not_a_condition), help("{help}"))]
pub struct NotACondition {
    pub what: String,
    #[label("attendu : une condition (vrai ou faux)")]
    pub span: SourceSpan,
    pub help: String,
}

#[derive(Debug, Clone, PartialEq, thiserror::Error, miette::Diagnostic)]
#[error("seuls un fait ou une valeur peuvent être comparés")]
#[diagnostic(code(motif::not_a_value), help("{help}"))]
pub struct NotAValue {
    #[label("ceci n'est ni un fait ni une valeur")]
    pub span: SourceSpan,
    pub help: String,
}

#[derive(Debug, Clone, PartialEq, thiserror::Error, miette::Diagnostic)]
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

#[derive(Debug, Clone, PartialEq, thiserror::Error, miette::Diagnostic)]
#[error("{what} entre types incompatibles : {left} et {right}")]
#[diagnostic(code(motif::type_mismatch), help("{help}"))]
pub struct TypeMismatch {
    pub what: &'static str,
    pub left: String,
    pub right: String,
    #[label("{left} et {right}")]
    pub span: SourceSpan,
    pub help: String,
}

#[derive(Debug, Clone, PartialEq, thiserror::Error, miette::Diagnostic)]
#[error("`{op}` ne s'applique pas à une valeur de type {ty}")]
#[diagnostic(
    code(motif::not_ordered),
    help(
        "Les comparaisons <, ≤, >, ≥ portent sur des nombres, des montants, des dates et les valeurs d'une `échelle` ; pour ce type, utilisez = ou ≠."
    )
)]
pub struct NotOrdered {
    pub op: &'static str,
    pub ty: String,
    #[label("pas d'ordre sur ce type")]
    pub span: SourceSpan,
}

#[derive(Debug, Clone, PartialEq, thiserror::Error, miette::Diagnostic)]
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

// ── Types, records, lists ──────────────────────────────────────────────────────────────────

#[derive(Debug, Clone, PartialEq, thiserror::Error, miette::Diagnostic)]
#[error("type inconnu : `{name}`")]
#[diagnostic(code(motif::unknown_type), help("{help}"))]
pub struct UnknownType {
    pub name: String,
    #[label("aucun type de ce nom")]
    pub span: SourceSpan,
    pub help: String,
}

#[derive(Debug, Clone, PartialEq, thiserror::Error, miette::Diagnostic)]
#[error("`{record}` n'a pas de champ `{field}`")]
#[diagnostic(code(motif::unknown_field), help("{help}"))]
pub struct UnknownField {
    pub record: String,
    pub field: String,
    #[label("champ inconnu")]
    pub span: SourceSpan,
    pub help: String,
}

#[derive(Debug, Clone, PartialEq, thiserror::Error, miette::Diagnostic)]
#[error("`{name}` n'est pas une liste")]
#[diagnostic(
    code(motif::not_a_list),
    help("`au moins un`, `chaque` et `nombre de` parcourent un fait déclaré `liste de …`.")
)]
pub struct NotAList {
    pub name: String,
    #[label("de type {ty}")]
    pub span: SourceSpan,
    pub ty: String,
}

#[derive(Debug, Clone, PartialEq, thiserror::Error, miette::Diagnostic)]
#[error("multiplier un montant par un taux demande de dire comment arrondir")]
#[diagnostic(
    code(motif::rounding_required),
    help(
        "Écrivez `arrondi (…)` (au centime le plus proche), `arrondi inférieur (…)` ou `arrondi supérieur (…)`."
    )
)]
pub struct RoundingRequired {
    #[label("le résultat tombe entre deux centimes")]
    pub span: SourceSpan,
}

#[derive(Debug, Clone, PartialEq, thiserror::Error, miette::Diagnostic)]
#[error("`arrondi` s'applique à un montant multiplié par un taux")]
#[diagnostic(
    code(motif::rounding_misplaced),
    help("Sans multiplication par un taux, le résultat est déjà au centime : retirez `arrondi`.")
)]
pub struct RoundingMisplaced {
    #[label("rien à arrondir ici")]
    pub span: SourceSpan,
}

// ── Parameters ─────────────────────────────────────────────────────────────────────────────

#[derive(Debug, Clone, PartialEq, thiserror::Error, miette::Diagnostic)]
#[error(
    "le paramètre `{parameter}` n'a pas de valeur {period}, où la version du {version} de l'article {article} l'utilise"
)]
#[diagnostic(
    code(motif::parameter_without_value),
    help(
        "Ajoutez sa valeur pour cette période (`valeur … du … au …`), avec sa source, ou marquez-la `à vérifier`."
    )
)]
pub struct ParameterWithoutValue {
    pub parameter: String,
    pub period: String,
    pub article: String,
    pub version: String,
    #[label("utilisé ici")]
    pub span: SourceSpan,
}

#[derive(Debug, Clone, PartialEq, thiserror::Error, miette::Diagnostic)]
#[error("le paramètre `{name}` n'est utilisé par aucune règle")]
#[diagnostic(
    code(motif::unused_parameter),
    severity(Warning),
    help("Supprimez-le, ou utilisez-le dans une condition.")
)]
pub struct UnusedParameter {
    pub name: String,
    #[label("déclaré ici")]
    pub span: SourceSpan,
}

// ── Derogations and safeguards ─────────────────────────────────────────────────────────────

#[derive(Debug, Clone, PartialEq, thiserror::Error, miette::Diagnostic)]
#[error("l'article {article} n'a pas de dérogation `{name}`")]
#[diagnostic(code(motif::unknown_derogation), help("{help}"))]
pub struct UnknownDerogation {
    pub name: String,
    pub article: String,
    #[label("dérogation inconnue")]
    pub span: SourceSpan,
    pub help: String,
}

#[derive(Debug, Clone, PartialEq, thiserror::Error, miette::Diagnostic)]
#[error(
    "les dérogations `{first}` et `{second}` à `{target}` peuvent s'appliquer ensemble, sans priorité entre elles"
)]
#[diagnostic(
    code(motif::derogation_conflict),
    help(
        "Par exemple lorsque {witness}. Dites laquelle l'emporte : `prime sur {first}` sur la \
         seconde, ou l'inverse."
    )
)]
pub struct DerogationConflict {
    pub target: String,
    pub first: String,
    pub second: String,
    pub witness: String,
    #[label("s'applique en même temps que `{first}`")]
    pub span: SourceSpan,
}

#[derive(Debug, Clone, PartialEq, thiserror::Error, miette::Diagnostic)]
#[error(
    "les dérogations `{first}` et `{second}` à `{target}` pourraient s'appliquer ensemble : le compilateur ne peut pas l'exclure"
)]
#[diagnostic(
    code(motif::derogation_maybe_conflict),
    severity(Warning),
    help(
        "Leurs conditions portent sur des valeurs (dates, montants, nombres) qu'il ne peut pas \
         toutes essayer. Si elles s'appliquent ensemble, le conflit sera signalé à l'agent. Pour \
         l'éviter, dites laquelle l'emporte avec `prime sur`."
    )
)]
pub struct DerogationMaybeConflict {
    pub target: String,
    pub first: String,
    pub second: String,
    #[label("peut-être en même temps que `{first}`")]
    pub span: SourceSpan,
}

#[derive(Debug, Clone, PartialEq, thiserror::Error, miette::Diagnostic)]
#[error("le fait sensible `{fact}` pourrait fonder un refus")]
#[diagnostic(
    code(motif::sensitive_fact),
    help(
        "Une donnée sensible (santé, RGPD art. 9) peut conduire à « éligible » ou à l'appréciation \
         de l'agent, jamais à un refus (RGPD art. 22.4). Lisez-la dans une `condition favorable`, \
         employée telle quelle (sans `non`, ni hypothèse de `si … alors`)."
    )
)]
pub struct SensitiveFact {
    pub fact: String,
    #[label("{reason}")]
    pub span: SourceSpan,
    pub reason: String,
}

// ── Warnings ───────────────────────────────────────────────────────────────────────────────

#[derive(Debug, Clone, PartialEq, thiserror::Error, miette::Diagnostic)]
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

#[derive(Debug, Clone, PartialEq, thiserror::Error, miette::Diagnostic)]
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

// ── Translations ───────────────────────────────────────────────────────────────────────────

#[derive(Debug, Clone, PartialEq, thiserror::Error, miette::Diagnostic)]
#[error("traduction sans en-tête")]
#[diagnostic(
    code(motif::entry_outside_translation),
    help("Écrivez `traduction anglaise` avant les entrées « texte français » = « traduction ».")
)]
pub struct EntryOutsideTranslation {
    #[label("dans quelle langue ?")]
    pub span: SourceSpan,
}

#[derive(Debug, Clone, PartialEq, thiserror::Error, miette::Diagnostic)]
#[error("langue de traduction inconnue : `{language}`")]
#[diagnostic(
    code(motif::unknown_language),
    help("Les lettres existent en français et en anglais : écrivez `traduction anglaise`.")
)]
pub struct UnknownLanguage {
    pub language: String,
    #[label("langue non prise en charge")]
    pub span: SourceSpan,
}

#[derive(Debug, Clone, PartialEq, thiserror::Error, miette::Diagnostic)]
#[error("ce texte est déjà traduit")]
#[diagnostic(code(motif::duplicate_translation), help("{help}"))]
pub struct DuplicateTranslation {
    #[label("seconde traduction")]
    pub span: SourceSpan,
    pub help: String,
}

#[derive(Debug, Clone, PartialEq, thiserror::Error, miette::Diagnostic)]
#[error("traduction d'un texte qui ne figure pas dans les règles")]
#[diagnostic(code(motif::stale_translation), severity(Warning), help("{help}"))]
pub struct StaleTranslation {
    #[label("ni un intitulé, ni une raison, ni une pièce des règles")]
    pub span: SourceSpan,
    pub help: String,
}

#[derive(Debug, Clone, PartialEq, thiserror::Error, miette::Diagnostic)]
#[error(
    "l'explication de la voie `{route}` pourrait compter jusqu'à {bound} étapes, plus que la limite de {limit}"
)]
#[diagnostic(
    code(motif::trace_too_large),
    help(
        "Chaque élément d'une liste (au plus {per_list} par liste) répète les conditions qui le \
         parcourent, et chaque renvoi à une condition en recopie l'explication. Nommez une \
         condition une fois et renvoyez-y, ou évitez d'imbriquer les parcours de listes."
    )
)]
pub struct TraceTooLarge {
    pub route: String,
    pub bound: usize,
    pub limit: usize,
    pub per_list: usize,
    #[label("cette voie")]
    pub span: SourceSpan,
}
