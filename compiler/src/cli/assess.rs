//! `motif assess`: a dossier, assessed against a policy set, in the form asked for.

use std::path::{Path, PathBuf};

use clap::ValueEnum;

use motif_runtime::dossier::decode_bytes;
use motif_runtime::render::templates::Templates;
use motif_runtime::render::words::Lang;
use motif_runtime::{Assessment, Date, DatesProblem, GivenDates, Program, assess, render};

use super::{Failure, Io, OK, USAGE_ERROR, input_error, load, parse_date};

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
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
    /// La langue de la lettre (`fr` ou `en`) ; la vue de l'agent est en français.
    #[arg(long, value_enum, default_value_t = LangArg::Fr)]
    lang: LangArg,
    /// Un dossier de modèles qui remplacent ceux de Motif, fichier par fichier (mêmes noms :
    /// lettre.fr.txt, lettre.en.html, agent.fr.html, exigences.fr…).
    #[arg(long)]
    templates: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// La vue de l'agent instructeur, en texte, avec le détail de l'évaluation.
    Text,
    /// La vue de l'agent instructeur (comme `text`).
    Officer,
    /// La vue de l'agent instructeur, en page HTML.
    OfficerHtml,
    /// La lettre au demandeur, en texte.
    Letter,
    /// La lettre au demandeur, en page HTML.
    #[value(alias = "letter-html")]
    Html,
    /// Le contrat JSON du service instructeur (avec son reçu).
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum LangArg {
    Fr,
    En,
}

pub(crate) fn run(args: &Args, io: &mut Io<'_>) -> Result<i32, Failure> {
    let lang = match args.lang {
        LangArg::Fr => Lang::Fr,
        LangArg::En => Lang::En,
    };
    if lang == Lang::En
        && matches!(
            args.format,
            Format::Text | Format::Officer | Format::OfficerHtml | Format::Json
        )
    {
        return Err(Failure {
            code: USAGE_ERROR,
            message: "--lang en vaut pour les lettres (--format letter ou html) ; la vue de l'agent et le JSON sont en français"
                .into(),
        });
    }
    let templates = match &args.templates {
        Some(dir) => read_templates(dir)?,
        None => Templates::builtin(),
    };
    let (_, compilation) = load(&args.policies, io, false)?;
    let Some(program) = compilation.program else {
        return Err(input_error(format!(
            "le jeu de règles {} contient des erreurs",
            args.policies.display()
        )));
    };
    let path = &args.dossier;
    let text = read_dossier(path)?;
    let given = GivenDates {
        decided_on: args.decided_on,
        filed_on: args.filed_on,
    };
    let assessment = assess_text(&program, &text, given).map_err(|failure| Failure {
        code: failure.code,
        message: format!("{} : {}", path.display(), failure.message),
    })?;
    let output = match args.format {
        Format::Text | Format::Officer => render::text::render(&assessment),
        Format::Json => format!("{}\n", render::json(&assessment)),
        Format::OfficerHtml => render::officer_html(&assessment, &program, &templates)
            .map_err(|e| input_error(e.to_string()))?,
        Format::Letter => render::letter_text(&assessment, &program, lang, &templates)
            .map_err(|e| input_error(e.to_string()))?,
        Format::Html => render::letter_html(&assessment, &program, lang, &templates)
            .map_err(|e| input_error(e.to_string()))?,
    };
    let _ = write!(io.out, "{output}");
    Ok(OK)
}

/// The bytes of a dossier file; one beyond the size limit is refused before it is read.
fn read_dossier(path: &Path) -> Result<Vec<u8>, Failure> {
    let cannot =
        |e: std::io::Error| input_error(format!("impossible de lire {} : {e}", path.display()));
    let size = std::fs::metadata(path).map_err(cannot)?.len();
    if size > motif_runtime::limits::MAX_DOSSIER_BYTES as u64 {
        let errors = motif_runtime::dossier::too_large(usize::try_from(size).unwrap_or(usize::MAX));
        return Err(input_error(format!(
            "{} : dossier invalide : {errors}",
            path.display()
        )));
    }
    std::fs::read(path).map_err(cannot)
}

/// Decodes a dossier and assesses it at its dates (the command line's first).
fn assess_text(program: &Program, json: &[u8], given: GivenDates) -> Result<Assessment, Failure> {
    let dossier = decode_bytes(program, json).map_err(|errors| {
        let count = errors.0.len();
        let lines: Vec<String> = errors.0.iter().map(|e| format!("  - {e}")).collect();
        input_error(format!(
            "dossier invalide ({count} problème(s)) :\n{}",
            lines.join("\n")
        ))
    })?;
    let dates = given
        .resolve(dossier.decided_on, dossier.filed_on)
        .map_err(|problem| Failure {
            code: USAGE_ERROR,
            message: match problem {
                DatesProblem::NoDecisionDate => "aucune date de décision : indiquez --decided-on AAAA-MM-JJ, ou \"decided_on\" dans le dossier".into(),
                DatesProblem::FiledAfterDecision(message) => message,
            },
        })?;
    Ok(assess(program, &dossier, dates))
}

/// The templates of `dir` in place of the built-in ones with the same names.
fn read_templates(dir: &Path) -> Result<Templates, Failure> {
    let entries = std::fs::read_dir(dir).map_err(|e| {
        input_error(format!(
            "impossible de lire les modèles de {} : {e}",
            dir.display()
        ))
    })?;
    let mut overrides = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        if !path.is_file() {
            continue;
        }
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        let source = std::fs::read_to_string(&path)
            .map_err(|e| input_error(format!("impossible de lire {} : {e}", path.display())))?;
        overrides.push((name, source));
    }
    overrides.sort();
    Templates::with(overrides).map_err(|e| input_error(e.to_string()))
}
