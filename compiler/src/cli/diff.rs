//! `motif diff OLD NEW [DOSSIERS]`: what changes from one policy set to another — in the rules,
//! and, given a corpus of dossiers, in their outcomes (see `crate::impact`).

use std::path::PathBuf;

use clap::ValueEnum;

use motif_runtime::{Date, GivenDates, Program};

use super::{Failure, INPUT_ERROR, Io, OK, USAGE_ERROR, input_error, load, parse_date};
use crate::impact::report::{FORMAT, SetInfo};
use crate::impact::{Report, compare_dossiers, compare_programs, corpus, render_text};

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// L'ancien jeu de règles (un dossier, ou un fichier .motif).
    old: PathBuf,
    /// Le nouveau jeu de règles.
    new: PathBuf,
    /// Des dossiers à évaluer avec les deux jeux : un répertoire de fichiers .json, un fichier
    /// .json, ou un fichier JSON Lines (un dossier par ligne).
    dossiers: Option<PathBuf>,
    /// La date de la décision (AAAA-MM-JJ), pour tous les dossiers ; à défaut, celle que porte
    /// chaque dossier.
    #[arg(long, value_parser = parse_date)]
    decided_on: Option<Date>,
    /// La date de dépôt (AAAA-MM-JJ), pour tous les dossiers ; à défaut, celle que porte chaque
    /// dossier.
    #[arg(long, value_parser = parse_date)]
    filed_on: Option<Date>,
    /// La forme du résultat : un résumé en français, ou du JSON (format motif.diff/1).
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Sort avec le code 1 si quelque chose change (les règles, ou l'évaluation d'un dossier),
    /// pour l'intégration continue ; sans cette option, le code est 0 même s'il y a des
    /// différences.
    #[arg(long)]
    fail_on_change: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// Le résumé en français : les modifications des règles, puis l'effet sur les dossiers.
    Text,
    /// Le même contenu en JSON, pour les programmes.
    Json,
}

pub(crate) fn run(args: &Args, io: &mut Io<'_>) -> Result<i32, Failure> {
    let given = GivenDates {
        decided_on: args.decided_on,
        filed_on: args.filed_on,
    };
    if let (Some(decided_on), Some(filed_on)) = (args.decided_on, args.filed_on)
        && filed_on > decided_on
    {
        return Err(Failure {
            code: USAGE_ERROR,
            message: format!(
                "--filed-on {filed_on} est après --decided-on {decided_on} : une demande est déposée avant d'être décidée"
            ),
        });
    }
    // Both sets are read and checked before either is refused, so that every problem shows.
    let old = load(&args.old, io, false)?.1.program;
    let new = load(&args.new, io, false)?.1.program;
    let (old, new): (Program, Program) = match (old, new) {
        (Some(old), Some(new)) => (old, new),
        (old, new) => {
            let wrong: Vec<String> = [(&old, &args.old), (&new, &args.new)]
                .iter()
                .filter(|(p, _)| p.is_none())
                .map(|(_, path)| path.display().to_string())
                .collect();
            return Err(input_error(format!(
                "le jeu de règles {} contient des erreurs",
                wrong.join(" et le jeu de règles ")
            )));
        }
    };
    let dossiers = match &args.dossiers {
        Some(path) => {
            let entries = corpus::open(path).map_err(|e| input_error(e.to_string()))?;
            Some(compare_dossiers(
                &old,
                &new,
                entries,
                given,
                path.display().to_string(),
            ))
        }
        None => None,
    };
    let report = Report {
        format: FORMAT,
        old: SetInfo {
            policies: args.old.display().to_string(),
            fingerprint: old.fingerprint.clone(),
        },
        new: SetInfo {
            policies: args.new.display().to_string(),
            fingerprint: new.fingerprint.clone(),
        },
        static_changes: compare_programs(&old, &new),
        dossiers,
    };
    let text = match args.format {
        Format::Text => render_text(&report),
        Format::Json => {
            let json = serde_json::to_string_pretty(&report).map_err(|e| {
                input_error(format!("impossible d'écrire le rapport en JSON : {e}"))
            })?;
            format!("{json}\n")
        }
    };
    let _ = write!(io.out, "{text}");
    if let Some(corpus) = &report.dossiers
        && corpus.refused > 0
    {
        let _ = writeln!(
            io.err,
            "attention : {} dossier(s) sur {} n'ont pas pu être évalués avec les deux jeux (voir la liste)",
            corpus.refused, corpus.read
        );
    }
    let changed = !report.static_changes.is_empty()
        || report
            .dossiers
            .as_ref()
            .is_some_and(|c| c.outcome_changed + c.other_changes > 0);
    Ok(if args.fail_on_change && changed {
        INPUT_ERROR
    } else {
        OK
    })
}
