//! Test cases of a policy set: `.cas` files that a legal officer can read, run by `motif test`.
//!
//! A case names a dossier (JSON), optionally the dates at which to decide it, and for some routes
//! the outcome expected, with the refusal grounds, the facts to ask for, the points left to the
//! officer and the legal basis. The format is described, in French, in `docs/cas.md`.
//!
//! The passes, each a module with one entry function:
//!
//! ```text
//! .cas text ──format::parse──▶ Case ──run::run(program)──▶ Report ──coverage::coverage──▶ Coverage
//!                    └──────────────┴──── CaseError (file, line, message, help) ┘
//! ```

use std::fmt;
use std::path::{Path, PathBuf};

use motif_runtime::{Date, Outcome};

pub mod coverage;
pub mod format;
pub mod run;

pub use coverage::{ArticleCoverage, ConditionCoverage, Coverage, Seen, VersionCoverage, coverage};
pub use run::{Aspect, CaseResult, Mismatch, Report, run};

/// The extension of test-case files.
pub const EXTENSION: &str = "cas";

/// One test case: a dossier, its dates, and what is expected of some routes.
#[derive(Debug, Clone, PartialEq)]
pub struct Case {
    /// The `.cas` file, as found (relative paths in it are read from its directory).
    pub file: PathBuf,
    /// The `cas « … »` line.
    pub place: Place,
    pub title: String,
    /// The dossier's path as written, relative to the `.cas` file's directory.
    pub dossier: Located<PathBuf>,
    /// `décision AAAA-MM-JJ`: overrides the dossier's decision date.
    pub decided_on: Option<Located<Date>>,
    /// `dépôt AAAA-MM-JJ`: overrides the dossier's filing date.
    pub filed_on: Option<Located<Date>>,
    /// The routes checked, in the file's order (at least one).
    pub routes: Vec<Expectation>,
}

impl Case {
    /// The dossier's path, from where the command runs.
    pub fn dossier_path(&self) -> PathBuf {
        match self.file.parent() {
            Some(dir) => dir.join(&self.dossier.value),
            None => self.dossier.value.clone(),
        }
    }
}

/// What a case expects of one route (`voie NOM : résultat` and the lines under it).
#[derive(Debug, Clone, PartialEq)]
pub struct Expectation {
    pub place: Place,
    pub route: String,
    pub outcome: Outcome,
    /// `selon ARTICLE, version du AAAA-MM-JJ`: the route's legal basis and its version.
    pub basis: Option<VersionRef>,
    /// `motif …` lines: every failed ground, when given.
    pub grounds: Option<Vec<Located<GroundRef>>>,
    /// `à demander : …` lines: every fact to ask for, when given.
    pub missing: Option<Vec<Located<String>>>,
    /// `à apprécier : …` lines: every point left to the officer, when given.
    pub points: Option<Vec<Located<PointRef>>>,
}

/// An article version: `L. 422-1, version du 2021-05-01`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct VersionRef {
    pub article: String,
    pub version: Date,
}

impl fmt::Display for VersionRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}, version du {}",
            article_shown(&self.article),
            self.version
        )
    }
}

/// A failed ground: `moyens_d_existence de L. 422-1, version du 2021-05-01`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct GroundRef {
    pub condition: ConditionRef,
    pub at: VersionRef,
}

impl fmt::Display for GroundRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} de {}", self.condition, self.at)
    }
}

/// How a failed ground names its condition.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ConditionRef {
    /// A named condition: `moyens_d_existence`.
    Name(String),
    /// A condition labelled inline, by its label: `« l'étranger est majeur »`.
    Label(String),
    /// A part of a rule with neither name nor label: `(sans intitulé)`.
    Unlabelled,
}

impl fmt::Display for ConditionRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConditionRef::Name(name) => f.write_str(name),
            ConditionRef::Label(label) => write!(f, "« {label} »"),
            ConditionRef::Unlabelled => f.write_str(UNLABELLED),
        }
    }
}

/// How a ground with neither name nor label is written.
pub const UNLABELLED: &str = "(sans intitulé)";

/// A point left to the officer.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PointRef {
    /// An appraisal (`ordre_public.menace`) or a favourable condition, by its name.
    Name(String),
    /// Any point, by its text (the appraisal's or the condition's label, or the point itself).
    Text(String),
}

impl fmt::Display for PointRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PointRef::Name(name) => f.write_str(name),
            PointRef::Text(text) => write!(f, "« {text} »"),
        }
    }
}

/// An article as a `.cas` file writes it: a code number bare, another text in quotes.
fn article_shown(article: &str) -> String {
    if format::is_code_number(article) {
        article.to_string()
    } else {
        format!("« {article} »")
    }
}

/// A line of a `.cas` file: its number and its text, for messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub line: usize,
    pub text: String,
}

/// A value with the line it was written on.
#[derive(Debug, Clone, PartialEq)]
pub struct Located<T> {
    pub place: Place,
    pub value: T,
}

/// A problem in a `.cas` file (or in what it names: a route, a dossier…), at its line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseError {
    pub file: PathBuf,
    /// `None` for a problem with the file as a whole (it cannot be read).
    pub place: Option<Place>,
    /// What is wrong, in French (may span several lines: a dossier's problems).
    pub message: String,
    /// What to do, in French.
    pub help: Option<String>,
}

impl CaseError {
    pub(crate) fn at(
        file: &Path,
        place: &Place,
        message: impl Into<String>,
        help: Option<String>,
    ) -> CaseError {
        CaseError {
            file: file.to_path_buf(),
            place: Some(place.clone()),
            message: message.into(),
            help,
        }
    }
}

/// `fichier:ligne : message`, the line itself, the message's other lines, then `aide : …`.
impl fmt::Display for CaseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut lines = self.message.lines();
        let first = lines.next().unwrap_or_default();
        match &self.place {
            Some(place) => {
                writeln!(f, "{}:{} : {first}", self.file.display(), place.line)?;
                writeln!(f, "  {:>4} | {}", place.line, place.text)?;
            }
            None => writeln!(f, "{} : {first}", self.file.display())?,
        }
        for line in lines {
            writeln!(f, "  {line}")?;
        }
        if let Some(help) = &self.help {
            writeln!(f, "  aide : {help}")?;
        }
        Ok(())
    }
}

/// Reads every `.cas` file under `path` (recursively, in path order), or the file `path` names.
/// Any problem in any file is reported, each at its line; then no case is returned.
pub fn read_cases(path: &Path) -> Result<Vec<Case>, Vec<CaseError>> {
    let mut files = Vec::new();
    if path.is_file() {
        files.push(path.to_path_buf());
    } else {
        collect(path, &mut files).map_err(|e| vec![e])?;
    }
    files.sort();
    let mut cases = Vec::new();
    let mut errors = Vec::new();
    for file in files {
        match std::fs::read_to_string(&file) {
            Ok(text) => {
                let (parsed, problems) = format::parse(&file, &text);
                cases.extend(parsed);
                errors.extend(problems);
            }
            Err(error) => errors.push(CaseError {
                file: file.clone(),
                place: None,
                message: format!("impossible de lire le fichier : {error}"),
                help: None,
            }),
        }
    }
    if errors.is_empty() {
        Ok(cases)
    } else {
        Err(errors)
    }
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), CaseError> {
    let unreadable = |error: std::io::Error| CaseError {
        file: dir.to_path_buf(),
        place: None,
        message: format!("impossible de lire le dossier : {error}"),
        help: None,
    };
    for entry in std::fs::read_dir(dir).map_err(unreadable)? {
        let path = entry.map_err(unreadable)?.path();
        if path.is_dir() {
            collect(&path, out)?;
        } else if path.extension().is_some_and(|e| e == EXTENSION) {
            out.push(path);
        }
    }
    Ok(())
}
