//! `motif schema`: the JSON Schemas of Motif's formats — the assessment contract, and the
//! dossier a policy set reads.

use std::path::PathBuf;

use super::{Failure, Io, OK, USAGE_ERROR};

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Le schéma du contrat d'évaluation (`motif assess --format json`).
    #[arg(long)]
    assessment: bool,
    /// Le schéma du dossier que lit le jeu de règles (`--policies`).
    #[arg(long)]
    dossier: bool,
    /// Le dossier des règles, pour `--dossier`.
    #[arg(long, default_value = "policies")]
    policies: PathBuf,
}

pub(crate) fn run(args: &Args, io: &mut Io<'_>) -> Result<i32, Failure> {
    let schema = match (args.assessment, args.dossier) {
        (true, false) => motif_runtime::schema::assessment(),
        (false, true) => {
            return Err(Failure {
                code: USAGE_ERROR,
                message: "le schéma du dossier n'est pas encore écrit".into(),
            });
        }
        _ => {
            return Err(Failure {
                code: USAGE_ERROR,
                message: "indiquez le schéma voulu : --assessment ou --dossier".into(),
            });
        }
    };
    let _ = writeln!(io.out, "{}", serde_json::to_string_pretty(&schema).unwrap_or_default());
    let _ = &args.policies;
    Ok(OK)
}
