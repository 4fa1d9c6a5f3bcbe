//! `motif doc`: writes the documentation site of a policy set (see `crate::site`).

use std::path::{Path, PathBuf};

use super::{Failure, Io, OK, input_error, load};
use crate::site::{self, Site};

/// Where the site is written when `-o` is not given (beside the build's other output).
pub(crate) const DEFAULT_OUTPUT: &str = "target/doc-motif";

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Le dossier des règles (ou un fichier .motif).
    #[arg(default_value = "policies")]
    policies: PathBuf,
    /// Le dossier où écrire le site (créé au besoin ; les fichiers du site déjà présents y sont
    /// remplacés, les autres laissés).
    #[arg(short = 'o', long = "output", value_name = "SITE", default_value = DEFAULT_OUTPUT)]
    output: PathBuf,
}

/// A site that could not be written.
#[derive(Debug, thiserror::Error)]
enum WriteError {
    #[error("impossible de créer le dossier {path} : {error}")]
    CreateDir {
        path: PathBuf,
        error: std::io::Error,
    },
    #[error("impossible d'écrire {path} : {error}")]
    WriteFile {
        path: PathBuf,
        error: std::io::Error,
    },
}

pub(crate) fn run(args: &Args, io: &mut Io<'_>) -> Result<i32, Failure> {
    // Compiled before anything is written: a set with errors leaves the output as it was.
    let (sources, compilation) = load(&args.policies, io, true)?;
    let Some(program) = compilation.program else {
        return Err(input_error(format!(
            "le jeu de règles {} contient des erreurs : aucune page n'a été écrite",
            args.policies.display()
        )));
    };
    let site = site::site(&program, &sources);
    write(&site, &args.output).map_err(|e| input_error(e.to_string()))?;
    let _ = writeln!(
        io.out,
        "{} : {} article(s), {} voie(s), {} fait(s), {} paramètre(s) — {} fichier(s) écrit(s) ; \
         ouvrir {}",
        args.policies.display(),
        program.articles.len(),
        program.routes.len(),
        program.facts.len(),
        program.parameters.len(),
        site.len(),
        args.output.join(site::INDEX).display()
    );
    let _ = io.out.flush();
    Ok(OK)
}

fn write(site: &Site, output: &Path) -> Result<(), WriteError> {
    std::fs::create_dir_all(output).map_err(|error| WriteError::CreateDir {
        path: output.to_path_buf(),
        error,
    })?;
    for (path, contents) in site.files() {
        let path = output.join(path);
        std::fs::write(&path, contents).map_err(|error| WriteError::WriteFile { path, error })?;
    }
    Ok(())
}
