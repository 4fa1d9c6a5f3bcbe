//! `motif schema`: the JSON Schemas of Motif's formats — the assessment contract, and the
//! dossier a policy set reads.

use std::path::PathBuf;

use super::{Failure, Io, OK, USAGE_ERROR, input_error, load};

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
            // The policies are read as `motif assess` reads them: errors are shown, and refuse.
            let (_, compilation) = load(&args.policies, io, false)?;
            let Some(program) = compilation.program else {
                return Err(input_error(format!(
                    "le jeu de règles {} contient des erreurs",
                    args.policies.display()
                )));
            };
            motif_runtime::schema::dossier(&program)
        }
        _ => {
            return Err(Failure {
                code: USAGE_ERROR,
                message: "indiquez le schéma voulu : --assessment ou --dossier".into(),
            });
        }
    };
    let _ = writeln!(
        io.out,
        "{}",
        serde_json::to_string_pretty(&schema).unwrap_or_default()
    );
    Ok(OK)
}
