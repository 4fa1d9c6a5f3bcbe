//! `motif fmt [--check] [PATH]`: puts policy files in their canonical layout.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use super::{Failure, INPUT_ERROR, Io, OK, input_error};
use crate::diagnostics;
use crate::format::{FormatError, format};
use crate::source::SourceSet;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Le dossier des règles, un fichier .motif, ou `-` pour lire l'entrée standard et écrire
    /// le résultat sur la sortie standard.
    #[arg(default_value = "policies")]
    path: PathBuf,
    /// N'écrit rien : dit quels fichiers changeraient, avec la différence (code 1 s'il y en a).
    #[arg(long)]
    check: bool,
}

pub fn run(args: &Args, io: &mut Io<'_>) -> Result<i32, Failure> {
    if args.path == Path::new("-") {
        return stdin(args.check, io);
    }
    let sources = SourceSet::read(&args.path).map_err(|e| input_error(e.to_string()))?;
    let (mut changed, mut failed) = (0, 0);
    for id in sources.ids() {
        let file = sources.file(id);
        let formatted = match format(&file.text) {
            Ok(formatted) => formatted,
            Err(error) => {
                report(&file.name, &file.text, &error, io);
                failed += 1;
                continue;
            }
        };
        if formatted == file.text {
            continue;
        }
        changed += 1;
        if args.check {
            let _ = writeln!(io.out, "à mettre en forme : {}", file.name);
            let diff = similar::TextDiff::from_lines(&file.text, &formatted);
            let _ = write!(
                io.out,
                "{}",
                diff.unified_diff()
                    .context_radius(2)
                    .header(&file.name, &format!("{} (mis en forme)", file.name))
            );
        } else {
            write_in_place(Path::new(&file.name), &formatted)?;
            let _ = writeln!(io.out, "mis en forme : {}", file.name);
        }
    }
    let verdict = match (args.check, changed) {
        (_, 0) => "tous dans leur forme canonique".to_string(),
        (true, n) => format!("{n} à mettre en forme (motif fmt {})", args.path.display()),
        (false, n) => format!("{n} mis en forme"),
    };
    let errors = if failed > 0 {
        format!(", {failed} en erreur, laissé(s) tel(s) quel(s)")
    } else {
        String::new()
    };
    let _ = writeln!(
        io.out,
        "{} : {} fichier(s), {verdict}{errors}",
        args.path.display(),
        sources.len()
    );
    Ok(if failed > 0 || (args.check && changed > 0) {
        INPUT_ERROR
    } else {
        OK
    })
}

/// `motif fmt -`: the text on standard input, formatted on standard output (for editors); with
/// `--check`, only the exit code says whether it would change.
fn stdin(check: bool, io: &mut Io<'_>) -> Result<i32, Failure> {
    let mut text = String::new();
    std::io::stdin()
        .read_to_string(&mut text)
        .map_err(|e| input_error(format!("lecture de l'entrée standard : {e}")))?;
    match format(&text) {
        Ok(formatted) if check => Ok(if formatted == text { OK } else { INPUT_ERROR }),
        Ok(formatted) => {
            let _ = write!(io.out, "{formatted}");
            Ok(OK)
        }
        Err(error) => {
            report("<entrée standard>", &text, &error, io);
            Ok(INPUT_ERROR)
        }
    }
}

fn report(name: &str, text: &str, error: &FormatError, io: &mut Io<'_>) {
    match error {
        FormatError::Invalid(problems) => {
            let mut one = SourceSet::new();
            one.add(name, text);
            let _ = write!(io.err, "{}", diagnostics::render(problems, &one, io.style));
            let _ = writeln!(
                io.err,
                "{name} : laissé tel quel ; il sera mis en forme une fois ces erreurs corrigées"
            );
        }
        FormatError::Unfaithful(unfaithful) => {
            let _ = writeln!(
                io.err,
                "{name} : laissé tel quel. La mise en forme trouvée changerait {} : c'est une \
                 erreur de Motif, merci de la signaler avec ce fichier.",
                unfaithful.what
            );
        }
    }
}

/// Replaces the file by way of a temporary file beside it, so that an interruption leaves
/// either the old text or the new one, never half of it.
fn write_in_place(path: &Path, text: &str) -> Result<(), Failure> {
    let temporary = path.with_extension("motif.fmt-tmp");
    let failed = |e: std::io::Error| input_error(format!("écriture de {} : {e}", path.display()));
    let mut file = std::fs::File::create(&temporary).map_err(failed)?;
    file.write_all(text.as_bytes()).map_err(failed)?;
    file.sync_all().map_err(failed)?;
    std::fs::rename(&temporary, path).map_err(failed)
}
