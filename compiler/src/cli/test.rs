//! `motif test`: the test cases of a policy set (`.cas` files), and what they cover.

use std::path::PathBuf;

use super::{Failure, Io, USAGE_ERROR};

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Le dossier des règles ; ses cas d'essai sont les fichiers `.cas` qu'il contient.
    #[arg(default_value = "policies")]
    policies: PathBuf,
    /// Dit aussi, pour chaque condition, si les cas l'ont vue remplie, non remplie, inconnue.
    #[arg(long)]
    coverage: bool,
}

pub(crate) fn run(args: &Args, _io: &mut Io<'_>) -> Result<i32, Failure> {
    let _ = (&args.policies, args.coverage);
    Err(Failure {
        code: USAGE_ERROR,
        message: "motif test n'est pas encore écrit".into(),
    })
}
