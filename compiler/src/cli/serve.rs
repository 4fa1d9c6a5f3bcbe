//! `motif serve`: the HTTP API of the service (motif-service), with this crate's compiler to
//! load and reload the policy set.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use motif_runtime::Program;
use motif_service::{Compiler, Config, Limits, Rejected, SourceText};

use super::{Failure, INPUT_ERROR, Io, OK, input_error};
use crate::diagnostics::{self, Style};
use crate::source::SourceSet;

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Le dossier des règles ; relu à chaque rechargement (SIGHUP ou POST /v1/policy/reload).
    #[arg(long, default_value = "policies")]
    policies: PathBuf,
    /// L'adresse d'écoute. Sans jeton, seule la boucle locale est permise ; le port 0 en
    /// choisit un libre (l'adresse retenue est écrite sur la sortie).
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// Le journal des évaluations (SQLite), créé s'il n'existe pas.
    #[arg(long, default_value = "motif.db")]
    journal: PathBuf,
    /// Un fichier qui contient le jeton que chaque requête doit porter
    /// (Authorization: Bearer …) ; /healthz reste libre.
    #[arg(long)]
    token_file: Option<PathBuf>,
    /// La taille maximale d'une requête, en octets.
    #[arg(long, default_value_t = Limits::default().body_bytes)]
    max_body: usize,
    /// L'imbrication maximale du JSON d'une requête.
    #[arg(long, default_value_t = Limits::default().json_depth)]
    max_depth: usize,
    /// La durée maximale d'une requête, en secondes.
    #[arg(long, default_value_t = Limits::default().request_time.as_secs_f64())]
    timeout: f64,
}

pub(crate) fn run(args: &Args, io: &mut Io<'_>) -> Result<i32, Failure> {
    let token = match &args.token_file {
        Some(path) => Some(read_token(path)?),
        None => None,
    };
    if !(args.timeout > 0.0 && args.timeout.is_finite()) {
        return Err(input_error(
            "--timeout doit être un nombre de secondes positif",
        ));
    }
    let config = Config {
        policies: args.policies.clone(),
        addr: args.addr,
        journal: args.journal.clone(),
        token,
        limits: Limits {
            body_bytes: args.max_body,
            json_depth: args.max_depth,
            request_time: Duration::from_secs_f64(args.timeout),
        },
    };
    let result = motif_service::run(
        &config,
        Arc::new(PolicyCompiler),
        |addr, state| {
            let set = state.policies.current();
            let _ = writeln!(
                io.out,
                "motif serve : à l'écoute sur http://{addr} (jeu de règles {}, journal {})",
                set.hash(),
                config.journal.display()
            );
            let _ = io.out.flush();
        },
        |line| eprintln!("motif serve : {line}"),
    );
    match result {
        Ok(()) => Ok(OK),
        Err(motif_service::StartError::Policies(rejected)) => {
            let _ = write!(io.err, "{}", rejected.diagnostics);
            Err(input_error(rejected.message))
        }
        Err(error) => Err(Failure {
            code: INPUT_ERROR,
            message: error.to_string(),
        }),
    }
}

fn read_token(path: &Path) -> Result<String, Failure> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| input_error(format!("impossible de lire {} : {e}", path.display())))?;
    let token = text.trim().to_string();
    if token.len() < 16 || token.chars().any(char::is_whitespace) {
        return Err(input_error(format!(
            "{} : le jeton doit faire au moins 16 caractères, sans espace",
            path.display()
        )));
    }
    Ok(token)
}

/// The compiler, as the service needs it; diagnostics are rendered plain, for a JSON answer
/// or a log.
pub(crate) struct PolicyCompiler;

impl Compiler for PolicyCompiler {
    fn read(&self, dir: &Path) -> Result<Vec<SourceText>, Rejected> {
        let set = SourceSet::read(dir).map_err(|e| Rejected {
            message: e.to_string(),
            diagnostics: String::new(),
        })?;
        Ok(set
            .ids()
            .map(|id| {
                let file = set.file(id);
                // Kept relative to the policy directory: the journal outlives where it was.
                let name = Path::new(&file.name)
                    .strip_prefix(dir)
                    .map_or(file.name.clone(), |p| p.display().to_string());
                SourceText {
                    name,
                    text: file.text.clone(),
                }
            })
            .collect())
    }

    fn compile(&self, sources: &[SourceText]) -> Result<Program, Rejected> {
        let mut set = SourceSet::new();
        for source in sources {
            set.add(source.name.clone(), source.text.clone());
        }
        let compilation = crate::compile(&set).map_err(|e| Rejected {
            message: e.to_string(),
            diagnostics: String::new(),
        })?;
        match compilation.program {
            Some(program) => Ok(program),
            None => {
                let errors = compilation.diagnostics.iter().filter(|d| d.is_error());
                let count = errors.clone().count();
                Err(Rejected {
                    message: format!("le jeu de règles contient {count} erreur(s)"),
                    diagnostics: diagnostics::render(errors, &set, Style::Plain),
                })
            }
        }
    }
}
