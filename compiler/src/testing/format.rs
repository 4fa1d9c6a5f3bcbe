//! The `.cas` format: test cases, one line per statement, in French.
//!
//! ```text
//! # Un commentaire
//! cas « Étudiant : 500 € de ressources, sous le seuil de 615 € »
//!   dossier ../../../examples/dossiers/14-etudiant-ressources-insuffisantes.json
//!   décision 2026-01-20
//!   dépôt 2025-10-01
//!   voie etudiant : non éligible
//!     motif moyens_d_existence de L. 422-1, version du 2021-05-01
//!   voie conjoint_de_francais : dossier incomplet selon L. 423-1, version du 2021-08-26
//!     à demander : mariage.transcrit, filed_on
//!     à apprécier : ordre_public.menace, « un point, par son texte »
//! ```
//!
//! Each line is recognised by its first words; indentation is for the reader. This pass only
//! reads the text: whether the routes, articles and facts exist is checked against the program
//! by [`super::run`].

use std::path::{Path, PathBuf};

use motif_runtime::suggest::did_you_mean;
use motif_runtime::{Date, Outcome};

use super::{
    Case, CaseError, ConditionRef, Expectation, GroundRef, Located, Place, PointRef, VersionRef,
};
use crate::syntax::{normalise_article_id, normalise_text};

/// The words that say an outcome, as a `.cas` file writes them.
pub fn outcome_word(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Eligible => "éligible",
        Outcome::NotEligible => "non éligible",
        Outcome::Incomplete => "dossier incomplet",
        Outcome::NeedsAppraisal => "appréciation de l'agent",
        Outcome::NotApplicable => "sans objet",
    }
}

const OUTCOMES: [Outcome; 5] = [
    Outcome::Eligible,
    Outcome::NotEligible,
    Outcome::Incomplete,
    Outcome::NeedsAppraisal,
    Outcome::NotApplicable,
];

/// The first words of the lines of a `.cas` file.
const KEYWORDS: [&str; 8] = [
    "cas",
    "dossier",
    "décision",
    "dépôt",
    "voie",
    "motif",
    "à demander",
    "à apprécier",
];

/// Reads the cases of one `.cas` file. Every problem is reported, each at its line; the cases
/// returned are those read (complete only when there is no problem).
pub fn parse(file: &Path, text: &str) -> (Vec<Case>, Vec<CaseError>) {
    let mut parser = Parser {
        file,
        cases: Vec::new(),
        errors: Vec::new(),
        open: None,
        skipping: false,
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    for (index, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let place = Place {
            line: index + 1,
            text: raw.trim_end().to_string(),
        };
        if let Err(Problem { message, help }) = parser.line(line, &place) {
            parser.error(&place, message, help);
            // The case is reported once: its other lines are read, it is not returned.
            if let Some(open) = parser.open.as_mut() {
                open.broken = true;
            }
        }
    }
    parser.close();
    let mut errors = parser.errors;
    errors.sort_by_key(|e| e.place.as_ref().map_or(0, |p| p.line));
    (parser.cases, errors)
}

/// What is wrong with a line, and what to do.
struct Problem {
    message: String,
    help: Option<String>,
}

fn problem(message: impl Into<String>, help: impl Into<String>) -> Problem {
    Problem {
        message: message.into(),
        help: Some(help.into()),
    }
}

/// A case being read.
struct Open {
    place: Place,
    title: String,
    dossier: Option<Located<PathBuf>>,
    decided_on: Option<Located<Date>>,
    filed_on: Option<Located<Date>>,
    routes: Vec<Expectation>,
    /// A line of the case has a problem (already reported).
    broken: bool,
}

struct Parser<'f> {
    file: &'f Path,
    cases: Vec<Case>,
    errors: Vec<CaseError>,
    open: Option<Open>,
    /// The last `voie` line has a problem: the lines under it are not read.
    skipping: bool,
}

impl Parser<'_> {
    fn error(&mut self, place: &Place, message: String, help: Option<String>) {
        self.errors
            .push(CaseError::at(self.file, place, message, help));
    }

    fn line(&mut self, line: &str, place: &Place) -> Result<(), Problem> {
        let (word, rest) = first_word(line);
        match fold(word).as_str() {
            "cas" => {
                self.skipping = false;
                self.close();
                let title = title(rest);
                self.open = Some(Open {
                    place: place.clone(),
                    title: title
                        .as_ref()
                        .map_or_else(|_| rest.trim().to_string(), Clone::clone),
                    dossier: None,
                    decided_on: None,
                    filed_on: None,
                    routes: Vec::new(),
                    broken: false,
                });
                title.map(|_| ())
            }
            "dossier" => {
                let path = match quoted(rest.trim()) {
                    Some(quote) => quote?.0,
                    None => rest.trim().to_string(),
                };
                if path.is_empty() {
                    return Err(problem(
                        "la ligne `dossier` ne donne pas de chemin",
                        "écrivez le chemin du dossier JSON, depuis le dossier de ce fichier : `dossier ../../../examples/dossiers/01-conjoint-eligible.json`",
                    ));
                }
                let open = self.open("dossier")?;
                once(&open.dossier, "dossier")?;
                open.dossier = Some(located(place, PathBuf::from(path)));
                Ok(())
            }
            "decision" => {
                let date = date(rest)?;
                let open = self.open("décision")?;
                once(&open.decided_on, "décision")?;
                open.decided_on = Some(located(place, date));
                Ok(())
            }
            "depot" => {
                let date = date(rest)?;
                let open = self.open("dépôt")?;
                once(&open.filed_on, "dépôt")?;
                open.filed_on = Some(located(place, date));
                Ok(())
            }
            "voie" => {
                self.skipping = true;
                let expectation = route(rest, place)?;
                let open = self.open("voie")?;
                if let Some(before) = open.routes.iter().find(|r| r.route == expectation.route) {
                    return Err(problem(
                        format!(
                            "la voie {} est déjà vérifiée par ce cas (ligne {})",
                            expectation.route, before.place.line
                        ),
                        "réunissez ce que vous attendez de cette voie sous une seule ligne `voie`",
                    ));
                }
                open.routes.push(expectation);
                self.skipping = false;
                Ok(())
            }
            "motif" | "a" if self.skipping => Ok(()),
            "motif" => {
                let ground = ground(rest)?;
                let route = self.route("motif")?;
                route
                    .grounds
                    .get_or_insert_with(Vec::new)
                    .push(located(place, ground));
                Ok(())
            }
            "a" => {
                let (second, rest) = first_word(rest);
                let rest = rest.trim_start();
                let rest = rest.strip_prefix(':').unwrap_or(rest);
                match fold(second).as_str() {
                    "demander" => {
                        let facts = facts(rest)?;
                        let route = self.route("à demander")?;
                        let list = route.missing.get_or_insert_with(Vec::new);
                        list.extend(facts.into_iter().map(|f| located(place, f)));
                        Ok(())
                    }
                    "apprecier" => {
                        let points = points(rest)?;
                        let route = self.route("à apprécier")?;
                        let list = route.points.get_or_insert_with(Vec::new);
                        list.extend(points.into_iter().map(|p| located(place, p)));
                        Ok(())
                    }
                    _ => Err(problem(
                        "cette ligne n'est pas comprise",
                        match did_you_mean(second, ["demander", "apprécier"]) {
                            Some(near) => format!("Vouliez-vous dire `à {near}` ?"),
                            None => "après « à », écrivez `à demander` ou `à apprécier`".into(),
                        },
                    )),
                }
            }
            _ => Err(not_understood(line)),
        }
    }

    /// The case being read, for a line that belongs to one.
    fn open(&mut self, keyword: &str) -> Result<&mut Open, Problem> {
        self.open.as_mut().ok_or_else(|| {
            problem(
                format!("la ligne `{keyword}` n'appartient à aucun cas"),
                "un cas commence par une ligne `cas « titre »`, suivie de ses lignes",
            )
        })
    }

    /// The route being read, for a line that belongs to one.
    fn route(&mut self, keyword: &str) -> Result<&mut Expectation, Problem> {
        let open = self.open(keyword)?;
        open.routes.last_mut().ok_or_else(|| {
            problem(
                format!("la ligne `{keyword}` ne suit aucune ligne `voie`"),
                format!(
                    "écrivez d'abord la voie et le résultat attendu (`voie etudiant : non éligible`), puis, dessous, la ligne `{keyword}`"
                ),
            )
        })
    }

    /// Ends the case being read, if any.
    fn close(&mut self) {
        let Some(open) = self.open.take() else {
            return;
        };
        if open.broken {
            return;
        }
        let Some(dossier) = open.dossier else {
            self.error(
                &open.place,
                format!("le cas « {} » ne dit pas quel dossier évaluer", open.title),
                Some(
                    "ajoutez une ligne `dossier CHEMIN`, le chemin du dossier JSON depuis le dossier de ce fichier"
                        .into(),
                ),
            );
            return;
        };
        if open.routes.is_empty() {
            self.error(
                &open.place,
                format!("le cas « {} » ne vérifie aucune voie", open.title),
                Some(
                    "ajoutez au moins une ligne `voie NOM : résultat` (par exemple `voie etudiant : non éligible`) ; les voies que le cas ne nomme pas ne sont pas vérifiées"
                        .into(),
                ),
            );
            return;
        }
        self.cases.push(Case {
            file: self.file.to_path_buf(),
            place: open.place,
            title: open.title,
            dossier,
            decided_on: open.decided_on,
            filed_on: open.filed_on,
            routes: open.routes,
        });
    }
}

fn located<T>(place: &Place, value: T) -> Located<T> {
    Located {
        place: place.clone(),
        value,
    }
}

/// A line that a case gives once.
fn once<T>(given: &Option<Located<T>>, keyword: &str) -> Result<(), Problem> {
    match given {
        Some(before) => Err(problem(
            format!(
                "ce cas a déjà une ligne `{keyword}` (ligne {})",
                before.place.line
            ),
            format!(
                "un cas a une seule ligne `{keyword}` ; pour évaluer autrement le même dossier, écrivez un autre cas"
            ),
        )),
        None => Ok(()),
    }
}

fn not_understood(line: &str) -> Problem {
    let (word, _) = first_word(line);
    let help = match did_you_mean(word, KEYWORDS.iter().copied().filter(|k| !k.contains(' '))) {
        Some(keyword) => format!("Vouliez-vous dire `{keyword}` ?"),
        None => "une ligne commence par `cas`, `dossier`, `décision`, `dépôt`, `voie`, `motif`, `à demander` ou `à apprécier` ; un commentaire, par `#`".into(),
    };
    Problem {
        message: "cette ligne n'est pas comprise".into(),
        help: Some(help),
    }
}

/// `« Le titre »` (or a bare sentence).
fn title(rest: &str) -> Result<String, Problem> {
    let rest = rest.trim();
    let title = match quoted(rest) {
        Some(Ok((text, after))) if after.trim().is_empty() => text,
        Some(Ok(_)) => {
            return Err(problem(
                "du texte suit le titre du cas",
                "écrivez le titre entre guillemets, seul sur la ligne : `cas « Le titre du cas »`",
            ));
        }
        Some(Err(problem)) => return Err(problem),
        None => rest.to_string(),
    };
    if title.is_empty() {
        return Err(problem(
            "le cas n'a pas de titre",
            "donnez-lui une phrase qui dit ce qu'il vérifie : `cas « Étudiant avec 500 € de ressources : non éligible »`",
        ));
    }
    Ok(title)
}

fn date(rest: &str) -> Result<Date, Problem> {
    let text = rest.trim();
    text.parse::<Date>().map_err(|e| {
        problem(
            e.to_string(),
            "écrivez la date sous la forme AAAA-MM-JJ, par exemple `décision 2026-01-20`",
        )
    })
}

/// `NOM : résultat [selon ARTICLE, version du AAAA-MM-JJ]`.
fn route(rest: &str, place: &Place) -> Result<Expectation, Problem> {
    let rest = rest.trim_start();
    let end = rest
        .find(|c: char| c.is_whitespace() || c == ':')
        .unwrap_or(rest.len());
    let (name, after) = rest.split_at(end);
    if name.is_empty() {
        return Err(problem(
            "la ligne `voie` ne nomme pas de voie",
            "écrivez `voie NOM : résultat`, par exemple `voie etudiant : non éligible`",
        ));
    }
    let Some(after) = after.trim_start().strip_prefix(':') else {
        return Err(problem(
            format!("il manque « : » après le nom de la voie {name}"),
            format!("écrivez `voie {name} : résultat`, par exemple `voie {name} : non éligible`"),
        ));
    };
    let (words, basis) = match find_word(after, "selon") {
        Some(at) => (&after[..at], Some(&after[at + "selon".len()..])),
        None => (after, None),
    };
    let outcome = outcome(words)?;
    let basis = basis.map(version_ref).transpose()?;
    Ok(Expectation {
        place: place.clone(),
        route: name.to_string(),
        outcome,
        basis,
        grounds: None,
        missing: None,
        points: None,
    })
}

fn outcome(words: &str) -> Result<Outcome, Problem> {
    let wanted = fold(words);
    let found = OUTCOMES.into_iter().find(|o| {
        let word = fold(outcome_word(*o));
        wanted == word || (*o == Outcome::NeedsAppraisal && wanted == format!("{word} requise"))
    });
    if let Some(outcome) = found {
        return Ok(outcome);
    }
    let all: Vec<&str> = OUTCOMES.into_iter().map(outcome_word).collect();
    let listed = all
        .iter()
        .map(|w| format!("`{w}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let words = words.trim();
    if words.is_empty() {
        return Err(problem(
            "la ligne `voie` ne dit pas le résultat attendu",
            format!("écrivez après « : » l'un de ces résultats : {listed}"),
        ));
    }
    let help = match did_you_mean(words, all.iter().copied()) {
        Some(near) => format!("Vouliez-vous dire `{near}` ? (résultats possibles : {listed})"),
        None => format!("les résultats possibles sont : {listed}"),
    };
    Err(Problem {
        message: format!("résultat inconnu : `{words}`"),
        help: Some(help),
    })
}

/// `CONDITION de ARTICLE, version du AAAA-MM-JJ`.
fn ground(rest: &str) -> Result<GroundRef, Problem> {
    let rest = rest.trim();
    let shape = "écrivez `motif CONDITION de ARTICLE, version du AAAA-MM-JJ`, par exemple `motif moyens_d_existence de L. 422-1, version du 2021-05-01`";
    let (condition, after) = if let Some(quote) = quoted(rest) {
        let (label, after) = quote?;
        (ConditionRef::Label(label), after)
    } else if let Some(after) = strip_folded(rest, "(sans intitule)") {
        (ConditionRef::Unlabelled, after)
    } else {
        let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        let (name, after) = rest.split_at(end);
        if name.is_empty() {
            return Err(problem("la ligne `motif` ne nomme pas de condition", shape));
        }
        (ConditionRef::Name(name.to_string()), after)
    };
    let (de, after) = first_word(after);
    if fold(de) != "de" {
        return Err(problem(
            format!("il manque l'article de la condition {condition}"),
            shape,
        ));
    }
    Ok(GroundRef {
        condition,
        at: version_ref(after)?,
    })
}

/// `ARTICLE, version du AAAA-MM-JJ`.
fn version_ref(text: &str) -> Result<VersionRef, Problem> {
    let text = text.trim();
    let shape = "écrivez l'article et sa version : `L. 422-1, version du 2021-05-01`";
    let (article, rest) = if let Some(quote) = quoted(text) {
        let (article, rest) = quote?;
        (article, rest)
    } else {
        let end = [text.find(','), find_word(text, "version")]
            .into_iter()
            .flatten()
            .min()
            .unwrap_or(text.len());
        let raw = text[..end].trim();
        if raw.is_empty() {
            return Err(problem("il manque l'article", shape));
        }
        if !is_code_number(raw) {
            return Err(problem(
                format!("`{raw}` n'est pas un numéro d'article"),
                "écrivez le numéro comme le code (`L. 423-1`), ou un autre texte entre guillemets (`« Accord franco-algérien du 27 décembre 1968 »`)",
            ));
        }
        (normalise_article_id(raw), &text[end..])
    };
    let rest = rest.trim_start();
    let rest = rest.strip_prefix(',').unwrap_or(rest);
    let (version, rest) = first_word(rest);
    let (du, rest) = first_word(rest);
    if fold(version) != "version" || fold(du) != "du" {
        return Err(problem(
            format!("il manque la version de l'article {article}"),
            shape,
        ));
    }
    Ok(VersionRef {
        article,
        version: date(rest)?,
    })
}

/// `fait, fait` (the facts to ask for, by their names in the dossier).
fn facts(rest: &str) -> Result<Vec<String>, Problem> {
    let items: Vec<String> = rest
        .split(',')
        .map(str::trim)
        .filter(|i| !i.is_empty())
        .map(str::to_string)
        .collect();
    if items.is_empty() {
        return Err(problem(
            "la ligne `à demander` ne nomme aucun fait",
            "nommez les faits à demander comme le dossier les écrit, séparés par des virgules : `à demander : mariage.transcrit, filed_on`",
        ));
    }
    if let Some(bad) = items.iter().find(|i| i.contains(char::is_whitespace)) {
        return Err(problem(
            format!("`{bad}` n'est pas un nom de fait"),
            "un fait se nomme comme dans le dossier, sans espace (`mariage.transcrit`, `demandeur.enfants[0].naissance`, `filed_on`) ; séparez-les par des virgules",
        ));
    }
    Ok(items)
}

/// `nom, « texte »` (the points left to the officer).
fn points(rest: &str) -> Result<Vec<PointRef>, Problem> {
    let mut items = Vec::new();
    let mut rest = rest.trim();
    while !rest.is_empty() {
        let (item, after) = match quoted(rest) {
            Some(quote) => {
                let (text, after) = quote?;
                (PointRef::Text(text), after)
            }
            None => {
                let end = rest.find(',').unwrap_or(rest.len());
                let name = rest[..end].trim();
                if name.contains(char::is_whitespace) {
                    return Err(problem(
                        format!("`{name}` n'est ni un nom ni un texte entre guillemets"),
                        "nommez l'appréciation (`ordre_public.menace`) ou la condition favorable par son nom, ou donnez le point par son texte entre guillemets ; séparez-les par des virgules",
                    ));
                }
                (PointRef::Name(name.to_string()), &rest[end..])
            }
        };
        if !matches!(&item, PointRef::Name(n) if n.is_empty()) {
            items.push(item);
        }
        let after = after.trim_start();
        rest = match after.strip_prefix(',') {
            Some(next) => next.trim_start(),
            None if after.is_empty() => after,
            None => {
                return Err(problem(
                    "les points à apprécier se séparent par des virgules",
                    "écrivez `à apprécier : ordre_public.menace, « un autre point »`",
                ));
            }
        };
    }
    if items.is_empty() {
        return Err(problem(
            "la ligne `à apprécier` ne nomme aucun point",
            "nommez les appréciations attendues (`à apprécier : ordre_public.menace`), ou donnez un point par son texte entre guillemets",
        ));
    }
    Ok(items)
}

/// `L. 423-1`, `L.423-1`, `L 423-1`, `L423-1` (and `R.`, `D.`).
pub(crate) fn is_code_number(text: &str) -> bool {
    let Some(rest) = text.strip_prefix(['L', 'R', 'D']) else {
        return false;
    };
    let rest = rest.strip_prefix('.').unwrap_or(rest);
    let rest = rest.strip_prefix(' ').unwrap_or(rest);
    !rest.is_empty()
        && rest
            .split('-')
            .all(|part| !part.is_empty() && part.chars().all(|c| c.is_ascii_digit()))
}

/// A text between quotes at the start of `text` (`« … »`, which may nest, `“ … ”`, `" … "`),
/// normalised as the language normalises texts, and what follows it; `None` if `text` does not
/// start with a quote.
fn quoted(text: &str) -> Option<Result<(String, &str), Problem>> {
    let unclosed = || {
        problem(
            "un texte entre guillemets n'est pas refermé",
            "refermez-le sur la même ligne : « … »",
        )
    };
    let mut chars = text.char_indices();
    let (_, open) = chars.next()?;
    let close = match open {
        '«' => '»',
        '“' => '”',
        '"' => '"',
        _ => return None,
    };
    let mut depth = 0usize;
    for (at, c) in chars {
        if c == close && depth == 0 {
            let inner = &text[open.len_utf8()..at];
            return Some(Ok((normalise_text(inner), &text[at + c.len_utf8()..])));
        }
        if open == '«' && c == '«' {
            depth += 1;
        } else if open == '«' && c == '»' {
            depth -= 1;
        }
    }
    Some(Err(unclosed()))
}

/// The first word of `text` (up to a space or a colon), and the rest.
fn first_word(text: &str) -> (&str, &str) {
    let text = text.trim_start();
    let end = text
        .find(|c: char| c.is_whitespace() || c == ':')
        .unwrap_or(text.len());
    text.split_at(end)
}

/// Where the word `word` (ASCII, any case) starts in `text`, as a whole word.
fn find_word(text: &str, word: &str) -> Option<usize> {
    let lower = text.to_ascii_lowercase();
    let mut from = 0;
    while let Some(found) = lower[from..].find(word) {
        let at = from + found;
        let end = at + word.len();
        let before = lower[..at].chars().next_back();
        let after = lower[end..].chars().next();
        if before.is_none_or(char::is_whitespace) && after.is_none_or(char::is_whitespace) {
            return Some(at);
        }
        from = end;
    }
    None
}

/// `text` without `prefix`, compared without accents nor case.
fn strip_folded<'t>(text: &'t str, prefix: &str) -> Option<&'t str> {
    let count = prefix.chars().count();
    let end = text
        .char_indices()
        .nth(count)
        .map_or(text.len(), |(i, _)| i);
    (text.chars().count() >= count && fold(&text[..end]) == prefix).then(|| &text[end..])
}

/// Lower case, without French diacritics, with straight apostrophes and single spaces.
fn fold(text: &str) -> String {
    let folded = motif_runtime::suggest::fold(text);
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
#[path = "format_tests.rs"]
mod tests;
