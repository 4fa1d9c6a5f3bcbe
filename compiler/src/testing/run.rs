//! Running test cases against a program: every name a case uses is checked first (routes,
//! articles and their versions, conditions, facts, appraisals; the dossier read and decoded, the
//! dates settled), then each dossier is assessed and each route compared with what the case
//! expects.

use std::path::{Path, PathBuf};

use motif_runtime::assessment::{AppraisalPoint, Ground, PointKind};
use motif_runtime::program::FactKind;
use motif_runtime::suggest::did_you_mean;
use motif_runtime::{
    Assessment, Dates, Dossier, Outcome, Program, RouteAssessment, assess, decode_dossier,
};

use super::format::outcome_word;
use super::{
    Case, CaseError, ConditionRef, Expectation, GroundRef, Located, Place, PointRef, VersionRef,
};

/// What the cases found.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// One per case, in the order read.
    pub cases: Vec<CaseResult>,
}

impl Report {
    /// How many cases failed.
    pub fn failed(&self) -> usize {
        self.cases.iter().filter(|c| !c.passed()).count()
    }
}

/// One case, run.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseResult {
    pub file: PathBuf,
    /// The line of `cas « … »`.
    pub line: usize,
    pub title: String,
    /// The routes the case checks, in its order.
    pub checked: Vec<String>,
    /// The assessment of the case's dossier at its dates (every route).
    pub assessment: Assessment,
    /// Where the assessment differs from what the case expects; empty when the case passes.
    pub mismatches: Vec<Mismatch>,
}

impl CaseResult {
    pub fn passed(&self) -> bool {
        self.mismatches.is_empty()
    }

    /// The assessments of the routes the case checks.
    pub fn checked_routes(&self) -> impl Iterator<Item = &RouteAssessment> {
        self.assessment
            .routes
            .iter()
            .filter(|r| self.checked.contains(&r.route))
    }
}

/// A difference between what a case expects of a route and what the assessment gives, each
/// written as a `.cas` file writes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mismatch {
    /// The line of the expectation.
    pub line: usize,
    pub route: String,
    pub aspect: Aspect,
    pub expected: Vec<String>,
    pub found: Vec<String>,
}

/// What a mismatch is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Aspect {
    Outcome,
    Basis,
    Grounds,
    Missing,
    Points,
}

impl Aspect {
    /// In French, for people.
    pub fn label(self) -> &'static str {
        match self {
            Aspect::Outcome => "résultat",
            Aspect::Basis => "fondement",
            Aspect::Grounds => "motifs de refus",
            Aspect::Missing => "faits à demander",
            Aspect::Points => "points à apprécier",
        }
    }
}

/// Runs `cases` against `program`. When a case names what the program does not have (a route,
/// an article version, a condition, a fact), or its dossier cannot be read, every such problem
/// is returned, each at its line, and no case is run.
pub fn run(program: &Program, cases: &[Case]) -> Result<Report, Vec<CaseError>> {
    let mut errors = Vec::new();
    let mut ready = Vec::new();
    for case in cases {
        let before = errors.len();
        check_names(program, case, &mut errors);
        let inputs = inputs(program, case, &mut errors);
        if let (Some((dossier, dates)), true) = (inputs, errors.len() == before) {
            ready.push((case, dossier, dates));
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let cases = ready
        .into_iter()
        .map(|(case, dossier, dates)| {
            let assessment = assess(program, &dossier, dates);
            let mismatches = case
                .routes
                .iter()
                .flat_map(|expected| {
                    let found = assessment.routes.iter().find(|r| r.route == expected.route);
                    found.map_or_else(Vec::new, |found| compare(program, expected, found))
                })
                .collect();
            CaseResult {
                file: case.file.clone(),
                line: case.place.line,
                title: case.title.clone(),
                checked: case.routes.iter().map(|r| r.route.clone()).collect(),
                assessment,
                mismatches,
            }
        })
        .collect();
    Ok(Report { cases })
}

/// The dossier, decoded, and the dates to assess it at.
fn inputs(program: &Program, case: &Case, errors: &mut Vec<CaseError>) -> Option<(Dossier, Dates)> {
    let path = case.dossier_path();
    let at = &case.dossier.place;
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(error) => {
            errors.push(CaseError::at(
                &case.file,
                at,
                format!(
                    "impossible de lire le dossier {} : {}",
                    case.dossier.value.display(),
                    match error.kind() {
                        std::io::ErrorKind::NotFound => "fichier introuvable".to_string(),
                        _ => error.to_string(),
                    }
                ),
                Some(format!(
                    "le chemin se lit depuis le dossier du fichier .cas ({})",
                    directory(&case.file)
                )),
            ));
            return None;
        }
    };
    let dossier = match decode_dossier(program, &text) {
        Ok(dossier) => dossier,
        Err(problems) => {
            let mut message = format!(
                "le dossier {} est invalide ({} problème(s)) :",
                case.dossier.value.display(),
                problems.0.len()
            );
            for problem in &problems.0 {
                message.push_str(&format!("\n  - {problem}"));
            }
            errors.push(CaseError::at(
                &case.file,
                at,
                message,
                Some(
                    "corrigez le dossier : ses faits doivent être ceux que déclarent les règles"
                        .into(),
                ),
            ));
            return None;
        }
    };
    let Some(decided_on) = case
        .decided_on
        .as_ref()
        .map(|d| d.value)
        .or(dossier.decided_on)
    else {
        errors.push(CaseError::at(
            &case.file,
            &case.place,
            "aucune date de décision pour ce cas",
            Some(
                "ajoutez au cas une ligne `décision AAAA-MM-JJ`, ou \"decided_on\" au dossier"
                    .into(),
            ),
        ));
        return None;
    };
    let filed_on = case.filed_on.as_ref().map(|d| d.value).or(dossier.filed_on);
    if let Some(filed_on) = filed_on
        && filed_on > decided_on
    {
        let place = [&case.filed_on, &case.decided_on]
            .into_iter()
            .flatten()
            .map(|d| &d.place)
            .next()
            .unwrap_or(at);
        errors.push(CaseError::at(
            &case.file,
            place,
            format!(
                "la demande serait déposée le {filed_on}, après la date de décision ({decided_on})"
            ),
            Some(
                "une demande est déposée avant d'être décidée : vérifiez les lignes `décision` et `dépôt` du cas et les dates du dossier"
                    .into(),
            ),
        ));
        return None;
    }
    Some((
        dossier,
        Dates {
            decided_on,
            filed_on,
        },
    ))
}

fn directory(file: &Path) -> String {
    match file.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.display().to_string(),
        _ => ".".into(),
    }
}

/// Every name the case uses exists in the program.
fn check_names(program: &Program, case: &Case, errors: &mut Vec<CaseError>) {
    let mut error = |place: &Place, message: String, help: Option<String>| {
        errors.push(CaseError::at(&case.file, place, message, help));
    };
    for expected in &case.routes {
        let route = program.routes.iter().find(|r| r.name == expected.route);
        let Some(route) = route else {
            let names = program.routes.iter().map(|r| r.name.as_str());
            let help = match did_you_mean(&expected.route, names.clone()) {
                Some(near) => format!("Vouliez-vous dire `{near}` ?"),
                None => format!(
                    "les voies du jeu de règles sont : {}",
                    names.collect::<Vec<_>>().join(", ")
                ),
            };
            error(
                &expected.place,
                format!("voie inconnue : `{}`", expected.route),
                Some(help),
            );
            continue;
        };
        if let Some(basis) = &expected.basis {
            let article = &program.article(route.article).id;
            if &basis.article != article {
                error(
                    &expected.place,
                    format!(
                        "la voie {} relève de l'article {article}, pas de l'article {}",
                        expected.route, basis.article
                    ),
                    Some(format!("écrivez `selon {article}, version du AAAA-MM-JJ`")),
                );
            } else if let Err((message, help)) = version_exists(program, basis) {
                error(&expected.place, message, Some(help));
            }
        }
        for ground in expected.grounds.iter().flatten() {
            if let Err((message, help)) = ground_exists(program, &ground.value) {
                error(&ground.place, message, Some(help));
            }
        }
        for fact in expected.missing.iter().flatten() {
            if let Err((message, help)) = fact_exists(program, &fact.value) {
                error(&fact.place, message, Some(help));
            }
        }
        for point in expected.points.iter().flatten() {
            if let PointRef::Name(name) = &point.value
                && let Err((message, help)) = point_exists(program, name)
            {
                error(&point.place, message, Some(help));
            }
        }
    }
}

type Problem = (String, String);

fn version_exists(program: &Program, at: &VersionRef) -> Result<(), Problem> {
    let Some(article) = program.articles.iter().find(|a| a.id == at.article) else {
        let ids = program.articles.iter().map(|a| a.id.as_str());
        let help = match did_you_mean(&at.article, ids) {
            Some(near) => format!("Vouliez-vous dire `{near}` ?"),
            None => {
                "nommez un article du jeu de règles, écrit comme dans ses fichiers .motif".into()
            }
        };
        return Err((format!("article inconnu : `{}`", at.article), help));
    };
    if article
        .versions
        .iter()
        .any(|v| v.in_force.from == at.version)
    {
        return Ok(());
    }
    let versions: Vec<String> = article
        .versions
        .iter()
        .map(|v| format!("du {}", v.in_force.from))
        .collect();
    Err((
        format!(
            "l'article {} n'a pas de version du {}",
            article.id, at.version
        ),
        format!(
            "une version se nomme par le jour où elle entre en vigueur ; celles de l'article {} : {}",
            article.id,
            versions.join(", ")
        ),
    ))
}

fn ground_exists(program: &Program, ground: &GroundRef) -> Result<(), Problem> {
    version_exists(program, &ground.at)?;
    let ConditionRef::Name(name) = &ground.condition else {
        return Ok(());
    };
    let version = program
        .articles
        .iter()
        .find(|a| a.id == ground.at.article)
        .and_then(|a| {
            a.versions
                .iter()
                .find(|v| v.in_force.from == ground.at.version)
        });
    let Some(version) = version else {
        return Ok(());
    };
    if version.condition_named(name).is_some() {
        return Ok(());
    }
    let names: Vec<&str> = version
        .conditions
        .iter()
        .filter_map(|c| c.name.as_deref())
        .collect();
    let help = match did_you_mean(name, names.iter().copied()) {
        Some(near) => format!("Vouliez-vous dire `{near}` ?"),
        None if names.is_empty() => "cette version n'a pas de condition nommée ; une condition intitulée dans la règle se nomme par son intitulé entre guillemets".into(),
        None => format!("les conditions de cette version sont : {}", names.join(", ")),
    };
    Err((
        format!(
            "l'article {}, version du {}, n'a pas de condition `{name}`",
            ground.at.article, ground.at.version
        ),
        help,
    ))
}

/// What the dossier's envelope may lack, besides facts.
const ENVELOPE: [&str; 1] = ["filed_on"];

fn fact_exists(program: &Program, fact: &str) -> Result<(), Problem> {
    let declared = fact.split('[').next().unwrap_or(fact);
    if ENVELOPE.contains(&fact) || program.fact_id(declared).is_some() {
        return Ok(());
    }
    let names = program
        .facts
        .iter()
        .map(|f| f.name.as_str())
        .chain(ENVELOPE);
    let help = match did_you_mean(declared, names) {
        Some(near) => format!("Vouliez-vous dire `{near}` ?"),
        None => "nommez un fait déclaré par les règles (`mariage.transcrit`), un élément d'une liste (`demandeur.enfants[0].naissance`), ou `filed_on` (la date de la demande)".into(),
    };
    Err((format!("fait inconnu : `{fact}`"), help))
}

/// The names a point can be given by: the appraisals, and the favourable conditions.
fn point_names(program: &Program) -> Vec<&str> {
    let appraisals = program
        .facts
        .iter()
        .filter(|f| matches!(f.kind, FactKind::Appraisal { .. }))
        .map(|f| f.name.as_str());
    let favorable = program
        .articles
        .iter()
        .flat_map(|a| &a.versions)
        .flat_map(|v| &v.conditions)
        .filter(|c| c.favorable)
        .filter_map(|c| c.name.as_deref());
    appraisals.chain(favorable).collect()
}

fn point_exists(program: &Program, name: &str) -> Result<(), Problem> {
    let names = point_names(program);
    if names.contains(&name) {
        return Ok(());
    }
    let help = match did_you_mean(name, names.iter().copied()) {
        Some(near) => format!("Vouliez-vous dire `{near}` ?"),
        None => "nommez une appréciation déclarée par les règles (`ordre_public.menace`) ou une condition favorable ; un autre point se donne par son texte entre guillemets".into(),
    };
    Err((
        format!("`{name}` n'est ni une appréciation ni une condition favorable"),
        help,
    ))
}

/// Compares what a case expects of a route with what the assessment gives.
fn compare(program: &Program, expected: &Expectation, found: &RouteAssessment) -> Vec<Mismatch> {
    let mismatch = |line: usize, aspect: Aspect, expected_lines, found_lines| Mismatch {
        line,
        route: expected.route.clone(),
        aspect,
        expected: expected_lines,
        found: found_lines,
    };
    if expected.outcome != found.outcome {
        let mut wanted = outcome_word(expected.outcome).to_string();
        if let Some(basis) = &expected.basis {
            wanted.push_str(&format!(" selon {basis}"));
        }
        let mut shown = vec![format!(
            "{}{}",
            outcome_word(found.outcome),
            basis_shown(found).map_or_else(String::new, |b| format!(" {b}"))
        )];
        shown.extend(details(program, found));
        return vec![mismatch(
            expected.place.line,
            Aspect::Outcome,
            vec![wanted],
            shown,
        )];
    }
    let mut out = Vec::new();
    if let Some(basis) = &expected.basis {
        let matches = found.basis.article == basis.article
            && found.basis.version.as_ref().map(|v| v.in_force_from) == Some(basis.version);
        if !matches {
            out.push(mismatch(
                expected.place.line,
                Aspect::Basis,
                vec![format!("selon {basis}")],
                basis_shown(found).into_iter().collect(),
            ));
        }
    }
    if let Some(grounds) = &expected.grounds {
        let mut wanted: Vec<&GroundRef> = grounds.iter().map(|g| &g.value).collect();
        let mut actual: Vec<GroundRef> = found.failed_conditions.iter().map(ground_ref).collect();
        let shown_actual: Vec<String> = actual.iter().map(|g| format!("motif {g}")).collect();
        wanted.sort();
        actual.sort();
        if !wanted.iter().copied().eq(actual.iter()) {
            out.push(mismatch(
                first_line(grounds),
                Aspect::Grounds,
                grounds
                    .iter()
                    .map(|g| format!("motif {}", g.value))
                    .collect(),
                shown_actual,
            ));
        }
    }
    if let Some(missing) = &expected.missing {
        let mut wanted: Vec<&str> = missing.iter().map(|m| m.value.as_str()).collect();
        let mut actual: Vec<&str> = found
            .missing_facts
            .iter()
            .map(|m| m.fact.as_str())
            .collect();
        let shown_actual = missing_shown(&actual);
        wanted.sort_unstable();
        actual.sort_unstable();
        if wanted != actual {
            let listed: Vec<&str> = missing.iter().map(|m| m.value.as_str()).collect();
            out.push(mismatch(
                first_line(missing),
                Aspect::Missing,
                missing_shown(&listed),
                shown_actual,
            ));
        }
    }
    if let Some(points) = &expected.points {
        let actual: Vec<PointRef> = found
            .appraisal_points
            .iter()
            .map(|p| point_ref(program, p))
            .collect();
        if !same_points(points, &found.appraisal_points, &actual) {
            let listed: Vec<&PointRef> = points.iter().map(|p| &p.value).collect();
            out.push(mismatch(
                first_line(points),
                Aspect::Points,
                points_shown(&listed),
                points_shown(&actual.iter().collect::<Vec<_>>()),
            ));
        }
    }
    out
}

fn first_line<T>(items: &[Located<T>]) -> usize {
    items.first().map_or(0, |i| i.place.line)
}

/// `selon L. 422-1, version du 2021-05-01`, when the route has a version in force.
fn basis_shown(found: &RouteAssessment) -> Option<String> {
    let version = found.basis.version.as_ref()?;
    let at = VersionRef {
        article: found.basis.article.clone(),
        version: version.in_force_from,
    };
    Some(format!("selon {at}"))
}

/// What explains an outcome, as `.cas` lines: the grounds, the facts to ask for, the points to
/// appraise, the reason a route does not apply.
fn details(program: &Program, found: &RouteAssessment) -> Vec<String> {
    let mut out: Vec<String> = found
        .failed_conditions
        .iter()
        .map(|g| format!("motif {}", ground_ref(g)))
        .collect();
    let missing: Vec<&str> = found
        .missing_facts
        .iter()
        .map(|m| m.fact.as_str())
        .collect();
    out.extend(missing_shown(&missing));
    let points: Vec<PointRef> = found
        .appraisal_points
        .iter()
        .map(|p| point_ref(program, p))
        .collect();
    out.extend(points_shown(&points.iter().collect::<Vec<_>>()));
    if found.outcome == Outcome::NotApplicable
        && let Some(reason) = &found.reason
    {
        out.push(format!("(raison : {reason})"));
    }
    out
}

fn missing_shown(facts: &[&str]) -> Vec<String> {
    if facts.is_empty() {
        return Vec::new();
    }
    vec![format!("à demander : {}", facts.join(", "))]
}

fn points_shown(points: &[&PointRef]) -> Vec<String> {
    if points.is_empty() {
        return Vec::new();
    }
    let listed: Vec<String> = points.iter().map(ToString::to_string).collect();
    vec![format!("à apprécier : {}", listed.join(", "))]
}

/// A failed ground as a `.cas` file names it.
fn ground_ref(ground: &Ground) -> GroundRef {
    let condition = match (&ground.condition, &ground.label) {
        (Some(name), _) => ConditionRef::Name(name.clone()),
        (None, Some(label)) => ConditionRef::Label(label.clone()),
        (None, None) => ConditionRef::Unlabelled,
    };
    GroundRef {
        condition,
        at: VersionRef {
            article: ground.article.id.clone(),
            version: ground.article.version,
        },
    }
}

/// A point as a `.cas` file names it: an appraisal or a favourable condition by its name, any
/// other point by its text.
fn point_ref(program: &Program, point: &AppraisalPoint) -> PointRef {
    let subject = point.subject.as_deref();
    let name = match point.kind {
        PointKind::Appraisal => program
            .facts
            .iter()
            .filter(|f| matches!(f.kind, FactKind::Appraisal { .. }))
            .find(|f| {
                (subject.is_some() && f.label.as_deref() == subject)
                    || (f.label.is_none() && f.name == point.point)
            })
            .map(|f| f.name.clone()),
        PointKind::Favorable => program
            .articles
            .iter()
            .find(|a| a.id == point.article.id)
            .and_then(|a| {
                a.versions
                    .iter()
                    .find(|v| v.in_force.from == point.article.version)
            })
            .and_then(|v| {
                v.conditions
                    .iter()
                    .find(|c| c.favorable && subject.is_some() && c.label.as_deref() == subject)
            })
            .and_then(|c| c.name.clone()),
        PointKind::Conflict | PointKind::Unavailable => None,
    };
    match name {
        Some(name) => PointRef::Name(name),
        None => PointRef::Text(subject.unwrap_or(&point.point).to_string()),
    }
}

/// Whether the points expected are exactly those found: each expected point matches one found
/// (by name, or by its text: the point's subject or its wording), and none is left over.
fn same_points(
    expected: &[Located<PointRef>],
    found: &[AppraisalPoint],
    names: &[PointRef],
) -> bool {
    if expected.len() != found.len() {
        return false;
    }
    let mut used = vec![false; found.len()];
    // Names first: they designate one point; texts may match a point by its subject or wording.
    let mut order: Vec<&PointRef> = expected.iter().map(|p| &p.value).collect();
    order.sort_by_key(|p| matches!(p, PointRef::Text(_)));
    for wanted in order {
        let hit = (0..found.len()).find(|&i| {
            !used[i]
                && match wanted {
                    PointRef::Name(_) => &names[i] == wanted,
                    PointRef::Text(text) => {
                        found[i].subject.as_deref() == Some(text.as_str())
                            || &found[i].point == text
                            || &names[i] == wanted
                    }
                }
        });
        match hit {
            Some(i) => used[i] = true,
            None => return false,
        }
    }
    true
}
