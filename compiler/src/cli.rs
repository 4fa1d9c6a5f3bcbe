//! The `motif` command.
//!
//! `run` takes the arguments and the output streams, so that tests drive the command in-process
//! exactly as a user would. Exit codes: 0 success, 1 a policy or a dossier is wrong, 2 the
//! command was used wrongly.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand, ValueEnum};

use motif_runtime::{Date, Dates, Program, assess, decode_dossier, render};

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
    },
    /// Évalue un dossier (JSON) : pour chaque voie, une proposition motivée.
    Assess {
        /// Le dossier à évaluer (JSON).
        dossier: PathBuf,
        /// Le dossier des règles.
        #[arg(long, default_value = "policies")]
        policies: PathBuf,
        /// La date de la décision (AAAA-MM-JJ) ; à défaut, celle que porte le dossier.
        #[arg(long, value_parser = parse_date)]
        decided_on: Option<Date>,
        /// La date de dépôt de la demande (AAAA-MM-JJ), pour les articles qui s'appliquent selon
        /// elle ; à défaut, celle que porte le dossier.
        #[arg(long, value_parser = parse_date)]
        filed_on: Option<Date>,
        /// La forme du résultat.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// Lecture par l'agent instructeur.
    Text,
    /// Le contrat JSON du service instructeur.
    Json,
}

/// The dates given on the command line.
#[derive(Debug, Clone, Copy)]
struct Given {
    decided_on: Option<Date>,
    filed_on: Option<Date>,
}

fn parse_date(text: &str) -> Result<Date, String> {
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
        } => Ok(crate::watch::watch(
            &policies,
            io,
            crate::watch::INTERVAL,
            &mut || false,
        )),
        Command::Check { policies, .. } => check(&policies, io),
        Command::Assess {
            dossier,
            policies,
            decided_on,
            filed_on,
            format,
        } => assess_command(
            &dossier,
            &policies,
            Given {
                decided_on,
                filed_on,
            },
            format,
            io,
        ),
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
struct Failure {
    code: i32,
    message: String,
}

fn input_error(message: impl Into<String>) -> Failure {
    Failure {
        code: INPUT_ERROR,
        message: message.into(),
    }
}

/// Reads and compiles a policy set, printing its diagnostics.
fn load(
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

fn check(policies: &Path, io: &mut Io<'_>) -> Result<i32, Failure> {
    let sources = SourceSet::read(policies).map_err(|e| input_error(e.to_string()))?;
    let compilation = compile(&sources).map_err(|e| input_error(e.to_string()))?;
    Ok(report(policies, &sources, &compilation, io))
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

fn assess_command(
    dossier_path: &Path,
    policies: &Path,
    given: Given,
    format: Format,
    io: &mut Io<'_>,
) -> Result<i32, Failure> {
    let (_, compilation) = load(policies, io, false)?;
    let Some(program) = compilation.program else {
        return Err(input_error(format!(
            "le jeu de règles {} contient des erreurs",
            policies.display()
        )));
    };
    let text = std::fs::read_to_string(dossier_path).map_err(|e| {
        input_error(format!(
            "impossible de lire {} : {e}",
            dossier_path.display()
        ))
    })?;
    let output = assess_text(&program, &text, given, format).map_err(|message| Failure {
        code: message.code,
        message: format!("{} : {}", dossier_path.display(), message.message),
    })?;
    let _ = write!(io.out, "{output}");
    Ok(OK)
}

/// Decodes a dossier, assesses it and renders the assessment.
fn assess_text(
    program: &Program,
    json: &str,
    given: Given,
    format: Format,
) -> Result<String, Failure> {
    let dossier = decode_dossier(program, json).map_err(|errors| {
        let count = errors.0.len();
        let lines: Vec<String> = errors.0.iter().map(|e| format!("  - {e}")).collect();
        input_error(format!(
            "dossier invalide ({count} problème(s)) :\n{}",
            lines.join("\n")
        ))
    })?;
    let Some(decided_on) = given.decided_on.or(dossier.decided_on) else {
        return Err(Failure {
            code: USAGE_ERROR,
            message: "aucune date de décision : indiquez --decided-on AAAA-MM-JJ, ou \"decided_on\" dans le dossier"
                .into(),
        });
    };
    let dates = Dates {
        decided_on,
        filed_on: given.filed_on.or(dossier.filed_on),
    };
    if let Some(message) = dates.inconsistency() {
        return Err(Failure {
            code: USAGE_ERROR,
            message,
        });
    }
    let assessment = assess(program, &dossier, dates);
    Ok(match format {
        Format::Text => render::text::render(&assessment),
        Format::Json => {
            let mut json = render::json(&assessment);
            json.push('\n');
            json
        }
    })
}
