//! The `motif` command.
//!
//! `run` takes the arguments and the output streams, so that tests drive the command in-process
//! exactly as a user would. Exit codes: 0 success, 1 a policy or a dossier is wrong, 2 the
//! command was used wrongly.

use std::io::Write;
use std::path::{Path, PathBuf};

mod assess;
mod batch;
mod diff;
mod doc;
mod fmt;
mod journal;
mod lsp;
mod native;
mod replay;
mod schema;
mod serve;
mod test;

use clap::{Parser, Subcommand};

use motif_runtime::Date;

use crate::diagnostics::{self, Style};
use crate::source::SourceSet;
use crate::{Compilation, compile};

/// Exit code: success.
pub const OK: i32 = 0;
/// Exit code: a policy or a dossier is wrong.
pub const INPUT_ERROR: i32 = 1;
/// Exit code: the command was used wrongly.
pub const USAGE_ERROR: i32 = 2;

#[derive(Debug, Parser)]
#[command(
    name = "motif",
    version,
    about = "Motif : règles d'éligibilité aux titres de séjour (CESEDA), explicables et contestables.",
    long_about = None,
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Vérifie un jeu de règles et signale chaque problème, avec sa ligne.
    Check {
        /// Le dossier des règles (ou un fichier .motif).
        #[arg(default_value = "policies")]
        policies: PathBuf,
        /// Reste actif : vérifie de nouveau à chaque modification des fichiers, jusqu'à Ctrl-C.
        #[arg(long)]
        watch: bool,
        /// Dit aussi, pour chaque voie, si le code natif la calcule, et sinon pourquoi.
        #[arg(long, conflicts_with = "watch")]
        native_report: bool,
    },
    /// Évalue un dossier (JSON) : pour chaque voie, une proposition motivée.
    Assess(assess::Args),
    /// Rejoue une évaluation enregistrée (JSON) et dit si le résultat est identique, et sinon
    /// ce qui a changé.
    Replay {
        /// L'évaluation enregistrée (la sortie de `motif assess --format json`).
        assessment: PathBuf,
        /// Le dossier des règles.
        #[arg(long, default_value = "policies")]
        policies: PathBuf,
    },
    /// Écrit le schéma JSON d'un format de Motif.
    Schema(schema::Args),
    /// Passe les cas d'essai d'un jeu de règles (fichiers `.cas`) et dit lesquels échouent.
    Test(test::Args),
    /// Mesure, sur vos dossiers, le temps de l'interpréteur et celui du code natif.
    Bench(native::BenchArgs),
    /// Évalue un fichier de dossiers (un JSON par ligne), sur tous les cœurs, dans l'ordre.
    Batch(batch::Args),
    /// Sert l'API HTTP du service instructeur, avec le journal des évaluations.
    Serve(serve::Args),
    /// Consulte le journal des évaluations : liste, détail, export.
    Journal(journal::Args),
    /// Compare deux jeux de règles : ce qui change dans les règles et, sur des dossiers, quelles
    /// issues changent, voie par voie, et pourquoi.
    Diff(diff::Args),
    /// Met les fichiers de règles dans leur forme canonique ; les commentaires sont gardés et
    /// le sens des règles vérifié inchangé.
    Fmt(fmt::Args),
    /// Sert le protocole LSP sur l'entrée et la sortie standard, pour un éditeur (VS Code…) :
    /// problèmes signalés pendant la frappe, survol, aller à la définition, complétion.
    Lsp,
    /// Écrit la documentation du jeu de règles : un site HTML à ouvrir dans un navigateur, sans
    /// serveur (articles, versions datées, textes, conditions, voies, faits, paramètres).
    Doc(doc::Args),
}

pub(crate) fn parse_date(text: &str) -> Result<Date, String> {
    text.parse::<Date>().map_err(|e| e.to_string())
}

/// Where the command writes, and how.
pub struct Io<'a> {
    pub out: &'a mut dyn Write,
    pub err: &'a mut dyn Write,
    pub style: Style,
}

/// Runs the command with `args` (the first being the program name); returns the exit code.
pub fn run<I, T>(args: I, io: &mut Io<'_>) -> i32
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(error) => {
            let text = match io.style {
                Style::Terminal => error.render().ansi().to_string(),
                Style::Plain => error.render().to_string(),
            };
            let code = error.exit_code();
            let stream = if code == 0 { &mut io.out } else { &mut io.err };
            let _ = write!(stream, "{text}");
            return if code == 0 { OK } else { USAGE_ERROR };
        }
    };
    let result = match cli.command {
        Command::Check {
            policies,
            watch: true,
            ..
        } => Ok(crate::watch::watch(
            &policies,
            io,
            crate::watch::INTERVAL,
            &mut || false,
        )),
        Command::Check {
            policies,
            native_report,
            ..
        } => check(&policies, native_report, io),
        Command::Assess(args) => assess::run(&args, io),
        Command::Replay {
            assessment,
            policies,
        } => replay::run(&assessment, &policies, io),
        Command::Schema(args) => schema::run(&args, io),
        Command::Test(args) => test::run(&args, io),
        Command::Bench(args) => native::bench(&args, io),
        Command::Batch(args) => batch::run(&args, io),
        Command::Serve(args) => serve::run(&args, io),
        Command::Journal(args) => journal::run(&args, io),
        Command::Diff(args) => diff::run(&args, io),
        Command::Fmt(args) => fmt::run(&args, io),
        Command::Lsp => lsp::run(io),
        Command::Doc(args) => doc::run(&args, io),
    };
    match result {
        Ok(code) => code,
        Err(Failure { code, message }) => {
            let _ = writeln!(io.err, "erreur : {message}");
            code
        }
    }
}

/// A command that could not complete: what to say, and the exit code.
pub(crate) struct Failure {
    pub(crate) code: i32,
    pub(crate) message: String,
}

pub(crate) fn input_error(message: impl Into<String>) -> Failure {
    Failure {
        code: INPUT_ERROR,
        message: message.into(),
    }
}

/// Reads and compiles a policy set, printing its diagnostics.
pub(crate) fn load(
    policies: &Path,
    io: &mut Io<'_>,
    show_warnings: bool,
) -> Result<(SourceSet, Compilation), Failure> {
    let sources = SourceSet::read(policies).map_err(|e| input_error(e.to_string()))?;
    let compilation = compile(&sources).map_err(|e| input_error(e.to_string()))?;
    let shown = compilation
        .diagnostics
        .iter()
        .filter(|d| show_warnings || d.is_error());
    let _ = write!(io.err, "{}", diagnostics::render(shown, &sources, io.style));
    Ok((sources, compilation))
}

fn check(policies: &Path, native_report: bool, io: &mut Io<'_>) -> Result<i32, Failure> {
    let sources = SourceSet::read(policies).map_err(|e| input_error(e.to_string()))?;
    let compilation = compile(&sources).map_err(|e| input_error(e.to_string()))?;
    let code = report(policies, &sources, &compilation, io);
    if let (true, Some(program)) = (native_report, &compilation.program) {
        native::report(program, io);
    }
    Ok(code)
}

/// Prints every diagnostic, then the one-line summary, for `motif check` and each
/// change seen by `motif check --watch`; returns its
/// exit code.
pub(crate) fn report(
    policies: &Path,
    sources: &SourceSet,
    compilation: &Compilation,
    io: &mut Io<'_>,
) -> i32 {
    let _ = write!(
        io.err,
        "{}",
        diagnostics::render(&compilation.diagnostics, sources, io.style)
    );
    let _ = io.err.flush();
    let errors = compilation
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .count();
    let warnings = compilation.diagnostics.len() - errors;
    let summary = match &compilation.program {
        Some(program) => format!(
            "{} : {} fichier(s), {} article(s), {} voie(s), {} fait(s)",
            policies.display(),
            sources.len(),
            program.articles.len(),
            program.routes.len(),
            program.facts.len()
        ),
        None => format!("{} : {} fichier(s)", policies.display(), sources.len()),
    };
    let verdict = match (errors, warnings) {
        (0, 0) => "aucun problème".to_string(),
        (0, w) => format!("aucune erreur, {w} avertissement(s)"),
        (e, w) => format!("{e} erreur(s), {w} avertissement(s)"),
    };
    let _ = writeln!(io.out, "{summary} — {verdict}");
    let _ = io.out.flush();
    if errors == 0 { OK } else { INPUT_ERROR }
}
