//! `motif journal`: the assessments `motif serve` gave, read from its journal.

use std::io::Write;
use std::path::PathBuf;

use clap::Subcommand;
use serde_json::Value as Json;

use motif_service::journal::Reader;

use super::{Failure, Io, OK, input_error};

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Le journal (SQLite) de `motif serve`.
    #[arg(long, global = true, default_value = "motif.db")]
    journal: PathBuf,
    #[command(subcommand)]
    action: Action,
}

#[derive(Debug, Subcommand)]
enum Action {
    /// Les dernières évaluations, la plus récente d'abord.
    List {
        /// Combien au plus.
        #[arg(long, default_value_t = 20)]
        limit: usize,
    },
    /// Une évaluation, telle qu'elle a été donnée (JSON) ; `motif replay` la rejoue.
    Show {
        /// L'identifiant de l'évaluation au journal (en-tête Location de la réponse).
        id: String,
    },
    /// Tout le journal, une évaluation par ligne (JSON Lines), dans l'ordre.
    Export {
        /// Le fichier à écrire ; à défaut, la sortie standard.
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
}

pub(crate) fn run(args: &Args, io: &mut Io<'_>) -> Result<i32, Failure> {
    let reader = Reader::open(&args.journal).map_err(|e| input_error(e.to_string()))?;
    match &args.action {
        Action::List { limit } => {
            let entries = reader
                .list(*limit)
                .map_err(|e| input_error(e.to_string()))?;
            let total = reader.count().map_err(|e| input_error(e.to_string()))?;
            for e in &entries {
                let _ = writeln!(
                    io.out,
                    "{:>6}  {}  {}  {}  décision du {}  {}\n        reçu {}\n        {}",
                    e.seq,
                    e.at,
                    e.id,
                    e.dossier.as_deref().unwrap_or("(sans id)"),
                    e.decided_on,
                    short(&e.policy_set),
                    e.receipt,
                    e.outcomes
                );
            }
            let _ = writeln!(
                io.err,
                "{} évaluation(s) affichée(s) sur {total} au journal",
                entries.len()
            );
            Ok(OK)
        }
        Action::Show { id } => {
            let entry = reader
                .get(id)
                .map_err(|e| input_error(e.to_string()))?
                .ok_or_else(|| input_error(format!("aucune évaluation {id} au journal")))?;
            let _ = writeln!(io.out, "{}", entry.assessment.trim_end());
            Ok(OK)
        }
        Action::Export { output } => {
            let mut file;
            let out: &mut dyn Write = match output {
                Some(path) => {
                    file = std::fs::File::create(path).map_err(|e| {
                        input_error(format!("impossible d'écrire {} : {e}", path.display()))
                    })?;
                    &mut file
                }
                None => &mut *io.out,
            };
            let mut out = std::io::BufWriter::new(out);
            let count = reader
                .each(|seq, entry| {
                    let line = serde_json::json!({
                        "seq": seq,
                        "id": entry.id,
                        "receipt": entry.receipt,
                        "at": motif_service::utc(entry.at_ms),
                        "policy_set": entry.policy_set,
                        "dossier": entry.dossier,
                        "decided_on": entry.decided_on,
                        "request": entry.request,
                        "assessment": serde_json::from_str::<Json>(&entry.assessment)
                            .unwrap_or(Json::String(entry.assessment.clone())),
                    });
                    writeln!(out, "{line}")
                })
                .map_err(|e| input_error(e.to_string()))?;
            out.flush()
                .map_err(|e| input_error(format!("écriture : {e}")))?;
            let _ = writeln!(io.err, "{count} évaluation(s) exportée(s)");
            Ok(OK)
        }
    }
}

/// `sha256:0123456789ab…`
fn short(hash: &str) -> String {
    hash.chars().take(19).collect::<String>() + "…"
}
